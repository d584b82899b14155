"""The scale bench's anchor: the flights example pipeline (examples/flights/pipeline.yaml) as a pandas and
scikit-learn user writes it, in one process: read the Parquet file, check the two ranges, derive the label and the
time features, split 80/20, standardize on the training rows, train an MLP of the same shape for the same epochs
and batch size, and score the held-back rows. Prints one JSON line: rows, seconds per stage, ROC AUC.

Usage: python scale_anchor.py FILE.parquet
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

stages = {}
t = time.perf_counter()


def lap(name):
    global t
    now = time.perf_counter()
    stages[name] = round(now - t, 3)
    t = now


df = pd.read_parquet(sys.argv[1])
lap("ingest")
assert df["delay"].between(-1440, 2880).all() and df["distance"].between(1, 6000).all()
lap("validate")
df["late"] = df["delay"] >= 15
df["hour"] = df["date"].dt.hour
df["weekday"] = df["date"].dt.dayofweek
df["month"] = df["date"].dt.month
lap("features")
features = ["distance", "hour", "weekday", "month"]
train, test = train_test_split(df, test_size=0.2, random_state=11)
lap("split")
scaler = StandardScaler().fit(train[features])
x_train = scaler.transform(train[features]).astype(np.float32)
x_test = scaler.transform(test[features]).astype(np.float32)
lap("scale")
model = MLPClassifier(hidden_layer_sizes=(32, 16), batch_size=2048, max_iter=4, learning_rate_init=0.003, random_state=11)
model.fit(x_train, train["late"])
lap("train")
auc = roc_auc_score(test["late"], model.predict_proba(x_test)[:, 1])
lap("evaluate")
print(json.dumps({"rows": len(df), "stages": stages, "rocAuc": round(float(auc), 4)}))
