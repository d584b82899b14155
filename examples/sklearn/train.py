"""Train a random forest with scikit-learn and export it to ONNX with skl2onnx.

Headrace runs this as the `train` step of pipeline.yaml (a `train.command` step). It never imports anything of
Headrace's: it reads what the step hands it from HEADRACE_* environment variables and leaves two files in
HEADRACE_OUTPUT_DIR (docs/guides/own-trainer.md):

- model.onnx: one float32 input [rows, features] (the columns of HEADRACE_FEATURES, in that order) and, for a
  classifier, the outputs `label` (int64: the index of the class in HEADRACE_CLASSES) and `probabilities`
  (float32 [rows, classes]);
- metrics.json: named numbers, which become the step's metrics (a gate can read them).

Run it by hand the same way: set the variables, then `.venv/bin/python train.py`.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, Int64TensorType


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=int, default=100, help="trees in the forest")
    parser.add_argument("--max-depth", type=int, default=None, help="deepest a tree may grow (default: no limit)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds for the reported accuracy")
    args = parser.parse_args()

    env = os.environ
    features = json.loads(env["HEADRACE_FEATURES"])
    classes = json.loads(env["HEADRACE_CLASSES"])
    target = env["HEADRACE_TARGET"]
    seed = int(env["HEADRACE_SEED"])
    out = env["HEADRACE_OUTPUT_DIR"]
    if env["HEADRACE_TASK"] != "classification":
        print(f"this example trains a classifier; HEADRACE_TASK is {env['HEADRACE_TASK']}", file=sys.stderr)
        return 2

    path = env["HEADRACE_INPUT_TABLE"]
    read = {"parquet": pd.read_parquet, "arrow": pd.read_feather, "csv": pd.read_csv}[env["HEADRACE_INPUT_FORMAT"]]
    table = read(path)
    print(f"read {len(table)} rows and {len(table.columns)} columns from {os.path.basename(path)}")

    # The model takes the features as float32, in the order Headrace gives them, and answers class indices.
    X = table[features].to_numpy(dtype=np.float32)
    index = {name: i for i, name in enumerate(classes)}
    y = table[target].astype(str).map(index).to_numpy(dtype=np.int64)

    forest = RandomForestClassifier(n_estimators=args.trees, max_depth=args.max_depth, random_state=seed, n_jobs=1)
    started = time.perf_counter()
    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=seed)
    scores = cross_val_score(forest, X, y, cv=folds)
    for i, score in enumerate(scores, 1):
        print(f"fold {i}/{args.folds}: accuracy {score:.4f}")
    forest.fit(X, y)
    seconds = time.perf_counter() - started
    print(f"trained {args.trees} trees on {len(X)} rows in {seconds:.2f} s")

    model = to_onnx(
        forest,
        initial_types=[("features", FloatTensorType([None, len(features)]))],
        # Plain tensors rather than a list of dictionaries, named as Headrace's models name them.
        options={id(forest): {"zipmap": False}},
        final_types=[("label", Int64TensorType([None])), ("probabilities", FloatTensorType([None, len(classes)]))],
    )
    with open(os.path.join(out, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())

    importances = {name: round(float(v), 4) for name, v in zip(features, forest.feature_importances_)}
    metrics = {
        "cvAccuracy": float(scores.mean()),
        "cvAccuracyStd": float(scores.std()),
        "trees": args.trees,
        "trainSeconds": round(seconds, 3),
        "featureImportance": importances,
    }
    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    print(f"cross-validated accuracy {scores.mean():.4f} ± {scores.std():.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
