"""The ingest bench's anchor: pandas read_csv(engine="pyarrow"), the declared column types
applied the way pandas users do (to_numeric / to_datetime with errors="coerce", misfits
counted with their first row numbers, as ingest.csv does), then a pandera schema with the
same type, null and range rules as Headrace's validate.table (bench/lib/csvgen.ts).

Why not pandera's own coerce=True: with bad values in a column and lazy=True, pandera
records every failed coercion and then runs each check on the uncoerced text column, one
failure case per row; on 100 000 rows of the bench's file that took over four minutes.

Usage: ingest_anchor.py CSV RULES_JSON. Prints one JSON line: seconds to read, to convert
and to validate (measured inside the process: interpreter start-up and imports are not
counted, as Headrace's side does not count Node's), what failed, and the peak resident
memory of this process.
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

# The null cells Headrace's ingest.csv reads by default (DEFAULT_NULL_VALUES): the same set
# here, instead of pandas' longer default list.
NULL_VALUES = ["", "NA", "N/A", "null", "NaN"]
SAMPLE = 5
BOOLEANS = {"true": True, "t": True, "yes": True, "y": True, "1": True,
            "false": False, "f": False, "no": False, "n": False, "0": False}

DTYPES = {
    "integer": "Int32",
    "number": "Float64",
    "boolean": "boolean",
    "date": pd.DatetimeTZDtype("ms", "UTC"),
    "string": "string",
}


def convert(s, kind):
    """The column as `kind`, with values that do not fit made null (ingest.csv's declared types)."""
    if kind == "integer":
        x = pd.to_numeric(s, errors="coerce")
        fits = (x % 1 == 0) & (x >= -(2**31)) & (x <= 2**31 - 1)
        return x.where(fits).astype("Int32")
    if kind == "number":
        return pd.to_numeric(s, errors="coerce").astype("Float64")
    if kind == "boolean":
        if s.dtype == bool:
            return s.astype("boolean")
        return s.astype("string").str.lower().map(BOOLEANS).astype("boolean")
    if kind == "date":
        return pd.to_datetime(s, errors="coerce", utc=True, format="ISO8601").astype(DTYPES["date"])
    return s.astype("string")


def bound(col, key):
    value = col[key]
    return pd.Timestamp(value, unit="ms", tz="UTC") if col["type"] == "date" else value


def null_fraction_check(limit):
    # ignore_na=False: the check must see the nulls it counts.
    return pa.Check(lambda s: s.isna().mean() <= limit, ignore_na=False, name=f"null_fraction<={limit}")


def schema_of(columns):
    fields = {}
    for col in columns:
        checks = []
        if "min" in col:
            checks.append(pa.Check.ge(bound(col, "min")))
        if "max" in col:
            checks.append(pa.Check.le(bound(col, "max")))
        if col["nullFraction"] > 0:
            checks.append(null_fraction_check(col["nullFraction"]))
        fields[col["name"]] = pa.Column(DTYPES[col["type"]], checks=checks, nullable=col["nullFraction"] > 0)
    return pa.DataFrameSchema(fields, strict=False)


def main():
    path, rules_path = sys.argv[1], sys.argv[2]
    with open(rules_path) as f:
        columns = json.load(f)
    schema = schema_of(columns)
    t0 = time.perf_counter()
    raw = pd.read_csv(path, engine="pyarrow", keep_default_na=False, na_values=NULL_VALUES)
    t1 = time.perf_counter()
    typed, type_errors = {}, {}
    for col in columns:
        s = raw[col["name"]]
        x = convert(s, col["type"])
        bad = np.flatnonzero((x.isna() & s.notna()).to_numpy())
        if len(bad):
            type_errors[col["name"]] = {"count": int(len(bad)), "rows": (bad[:SAMPLE] + 1).tolist(),
                                        "examples": [str(v) for v in s.iloc[bad[:SAMPLE]]]}
        typed[col["name"]] = x
    df = pd.DataFrame(typed)
    del raw
    t2 = time.perf_counter()
    try:
        schema.validate(df, lazy=True)  # lazy: collect every failure, as validate.table does
        failed = []
    except SchemaErrors as err:
        cases = err.failure_cases
        failed = sorted({f"{c}:{k}" for c, k in zip(cases["column"].astype(str), cases["check"].astype(str))})
    t3 = time.perf_counter()
    print(json.dumps({
        "rows": len(df),
        "readSeconds": t1 - t0,
        "convertSeconds": t2 - t1,
        "validateSeconds": t3 - t2,
        "seconds": t3 - t0,
        "typeErrors": sum(e["count"] for e in type_errors.values()),
        "failedChecks": failed,
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
