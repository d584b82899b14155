"""The compile bench's anchor: builds a pipeline from kfp lightweight components in a loop and compiles it.

The graph comes from bench/lib/shapes.ts as JSON: {"name", "steps": [{"id", "kind", "input"?, "needs"}]}, the same
steps, data edges and extra ordering as the Headrace YAML. Timed: defining the pipeline (kfp traces the function
when @dsl.pipeline is applied) plus Compiler().compile() writing the YAML package — the work between a pipeline's
source and its IR, as `compile` is on our side. Imports and interpreter start are not timed.

  python kfp_compile.py GRAPH.json OUT.yaml     compile once, print {"ms": …, "cpu_ms": …, "bytes": …}
  python kfp_compile.py --serve                 read {"graph", "out"} lines on stdin, answer one JSON line each
"""
import json
import os
import sys
import time

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Output

IMAGE = "python:3.11-slim"


@dsl.component(base_image=IMAGE)
def ingest_csv(path: str, table: Output[Dataset]):
    import shutil

    shutil.copy(path, table.path)


@dsl.component(base_image=IMAGE)
def dropna(src: Input[Dataset], columns: list, table: Output[Dataset]):
    import csv

    with open(src.path) as f, open(table.path, "w", newline="") as out:
        rows = csv.DictReader(f)
        w = csv.DictWriter(out, fieldnames=rows.fieldnames)
        w.writeheader()
        w.writerows(r for r in rows if all(r[c] != "" for c in columns))


@dsl.component(base_image=IMAGE)
def validate_table(src: Input[Dataset], column: str, max_nulls: int, table: Output[Dataset]):
    import csv
    import shutil

    with open(src.path) as f:
        nulls = sum(1 for r in csv.DictReader(f) if r[column] == "")
    if nulls > max_nulls:
        raise ValueError(f"{column}: {nulls} nulls, at most {max_nulls} allowed")
    shutil.copy(src.path, table.path)


def build(graph):
    def body():
        tasks = {}
        for s in graph["steps"]:
            if s["kind"] == "ingest":
                t = ingest_csv(path="data/wide.csv")
            elif s["kind"] == "dropna":
                t = dropna(src=tasks[s["input"]].outputs["table"], columns=["a"])
            else:
                t = validate_table(src=tasks[s["input"]].outputs["table"], column="a", max_nulls=0)
            for n in s["needs"]:
                t.after(tasks[n])
            tasks[s["id"]] = t

    body.__name__ = graph["name"].replace("-", "_")
    return dsl.pipeline(name=graph["name"])(body)


def compile_once(graph_file, out):
    with open(graph_file) as f:
        graph = json.load(f)
    start = time.perf_counter()
    cpu = time.process_time()
    pipeline = build(graph)
    compiler.Compiler().compile(pipeline_func=pipeline, package_path=out)
    ms = (time.perf_counter() - start) * 1000
    return {"ms": ms, "cpu_ms": (time.process_time() - cpu) * 1000, "bytes": os.path.getsize(out)}


def main():
    if sys.argv[1:] == ["--serve"]:
        for line in sys.stdin:
            req = json.loads(line)
            try:
                res = compile_once(req["graph"], req["out"])
            except Exception as e:  # the bench reports it with the graph that caused it
                res = {"error": f"{type(e).__name__}: {e}"}
            print(json.dumps(res), flush=True)
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(json.dumps(compile_once(sys.argv[1], sys.argv[2])))


if __name__ == "__main__":
    main()
