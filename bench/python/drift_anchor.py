"""The drift bench's anchors (bench/drift.ts): one window of drift statistics over the same data Headrace uses.

  python drift_anchor.py DATA_DIR SIDE WARMUP ROUNDS

DATA_DIR holds what bench/drift.ts wrote: ref_num.npy / cur_num.npy (float64, features x rows), ref_cat.npy /
cur_cat.npy (int32 category codes, features x rows) and meta.json (feature names, category names). SIDE:
  evidently  Evidently's data drift preset (DataDriftPreset) configured with the same tests as Headrace: for
             numeric features PSI, KS and Jensen-Shannon, for categorical PSI, chi-squared and Jensen-Shannon
             (three presets in one Report, each with num_method / cat_method set).
  floor      numpy/scipy on the same arrays: reference bins and counts made once (not timed), then per window
             np.histogram on the reference's deciles, PSI and Jensen-Shannon on the counts, scipy.stats.ks_2samp
             against the whole reference (asymptotic p-value, as Headrace's); categorical np.bincount, PSI, Jensen-Shannon, scipy.stats.chisquare.
Prints one JSON line: {"ms": [wall ms per kept round], "cpu_ms": [...], "setup_ms": ..., "result": features drifted
(the floor; 0 for Evidently)}.
Loading the files and building the data frames is setup, not timed.
"""
import json
import os
import sys
import time

import numpy as np

EMPTY = 1e-4


def psi(r, c):
    rs = r / r.sum()
    cs = c / c.sum()
    rs = np.where(rs > 0, rs, EMPTY)
    cs = np.where(cs > 0, cs, EMPTY)
    return float(np.sum((cs - rs) * np.log(cs / rs)))


def main():
    data, side, warmup, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    t0 = time.perf_counter()
    meta = json.load(open(os.path.join(data, "meta.json")))
    ref_num = np.load(os.path.join(data, "ref_num.npy"))
    cur_num = np.load(os.path.join(data, "cur_num.npy"))
    ref_cat = np.load(os.path.join(data, "ref_cat.npy"))
    cur_cat = np.load(os.path.join(data, "cur_cat.npy"))
    num_names, cat_names, categories = meta["numeric"], meta["categorical"], meta["categories"]

    if side == "evidently":
        import pandas as pd
        from evidently import DataDefinition, Dataset, Report
        from evidently.presets import DataDriftPreset

        def frame(num, cat):
            cols = {n: num[j] for j, n in enumerate(num_names)}
            for j, n in enumerate(cat_names):
                cols[n] = pd.Categorical.from_codes(cat[j], categories=categories[j])
            return pd.DataFrame(cols)

        definition = DataDefinition(numerical_columns=num_names, categorical_columns=cat_names)
        ref = Dataset.from_pandas(frame(ref_num, ref_cat), data_definition=definition)
        cur = Dataset.from_pandas(frame(cur_num, cur_cat), data_definition=definition)
        report = Report([
            DataDriftPreset(num_method="psi", cat_method="psi"),
            DataDriftPreset(num_method="ks", cat_method="chisquare"),
            DataDriftPreset(num_method="jensenshannon", cat_method="jensenshannon"),
        ])

        def window():
            report.run(cur, ref)
            return 0
    elif side == "floor":
        from scipy.spatial.distance import jensenshannon
        from scipy.stats import chisquare, ks_2samp

        edges = [np.unique(np.quantile(ref_num[j], np.linspace(0, 1, 11))) for j in range(len(num_names))]
        # The end bins open, as Headrace's: values beyond the reference's range fall in them.
        inner = [np.concatenate(([-np.inf], e[1:-1], [np.inf])) for e in edges]
        ref_counts = [np.histogram(ref_num[j], inner[j])[0] for j in range(len(num_names))]
        ref_cat_counts = [np.bincount(ref_cat[j], minlength=len(categories[j])) for j in range(len(cat_names))]

        def window():
            drifted = 0
            for j in range(len(num_names)):
                c = np.histogram(cur_num[j], inner[j])[0]
                p = psi(ref_counts[j], c)
                js = jensenshannon(ref_counts[j], c)
                ks = ks_2samp(ref_num[j], cur_num[j], method="asymp")
                drifted += int(p > 0.2 or js > 0.1 or ks.pvalue < 0.05)
            for j in range(len(cat_names)):
                r = ref_cat_counts[j]
                c = np.bincount(cur_cat[j], minlength=len(r))
                p = psi(r, c)
                js = jensenshannon(r, c)
                exp = np.where(r > 0, r / r.sum(), EMPTY)
                chi = chisquare(c, exp / exp.sum() * c.sum())
                drifted += int(p > 0.2 or js > 0.1 or chi.pvalue < 0.05)
            return int(drifted)
    else:
        raise SystemExit(f"unknown side {side!r}")

    setup_ms = (time.perf_counter() - t0) * 1000
    ms, cpu, out = [], [], None
    for i in range(warmup + rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        out = window()
        w1, c1 = time.perf_counter(), time.process_time()
        if i >= warmup:
            ms.append((w1 - w0) * 1000)
            cpu.append((c1 - c0) * 1000)
    print(json.dumps({"ms": ms, "cpu_ms": cpu, "setup_ms": setup_ms, "result": out}))


if __name__ == "__main__":
    main()
