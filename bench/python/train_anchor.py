"""The train bench's anchors (bench/train.ts), on the data files the bench wrote once:

  x.npy      float32 [rows, 32], the features (the MLP's 1 M rows; the logistic problem uses its first rows)
  y_reg.npy  float32 [rows], the regression target
  y_cls.npy  int32 [rows], the classification target (10 classes)
  y_log.npy  int32 [rows_logistic], the logistic regression's classes (10)

PyTorch trains the MLP on the CPU with one thread (torch.set_num_threads(1), torch.set_num_interop_threads(1);
the bench also sets OMP/MKL/OPENBLAS_NUM_THREADS=1 and CUDA_VISIBLE_DEVICES='' before this starts), as Headrace's
onnxruntime-node sessions run with one intra-op thread. scikit-learn fits LogisticRegression(solver='lbfgs') with
BLAS held to one thread (threadpoolctl) for the same reason.

A long-lived process: one JSON command per stdin line, one JSON answer per stdout line, so the bench can run one
PyTorch epoch between two of Headrace's (interleaved, neither side always on a quieter machine).

  {"cmd": "mlp", "task": "classification"|"regression", "hidden": [256, 256], "batch": 1024, "lr": 0.001, "seed": 1}
      → {"ok": true, "params": N}: a fresh nn.Sequential (Linear → ReLU per hidden layer → Linear) and
        torch.optim.Adam(lr) with PyTorch's defaults (betas 0.9/0.999, eps 1e-8, the for-loop implementation on CPU)
  {"cmd": "epoch"}
      → {"ms": wall, "cpu_ms": process CPU, "loss": mean batch loss}: one epoch over every row in a fresh
        torch.randperm order: per batch index_select of the rows (the features and targets already in memory,
        standardized as Headrace standardizes them), forward, loss (cross_entropy or mse_loss, mean), backward,
        optimizer step, and loss.item() (Headrace reads each batch's loss too)
  {"cmd": "logistic", "rows": R, "C": C, "tol": T, "max_iter": M, "warmup": W, "rounds": K}
      → {"ms": [wall of each kept fit], "cpu_ms": [...], "loss": training log loss of the fit, "n_iter": …}
  {"cmd": "quit"}
"""
import json
import os
import sys
import time

import numpy as np


def log_loss(probs, y):
    p = probs[np.arange(len(y)), y]
    return float(-np.mean(np.log(np.clip(p, 1e-300, None))))


def main():
    data = sys.argv[1]
    import torch
    import torch.nn.functional as F
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    threadpool_limits(1)
    cpu = torch.device("cpu")

    x_raw = np.load(os.path.join(data, "x.npy"))
    # Standardized as Headrace's trainMlp does (mean and population std per column, float32), outside any timing.
    mean = x_raw.mean(axis=0, dtype=np.float64)
    std = x_raw.std(axis=0, dtype=np.float64)
    std[std <= 1e-12] = 1
    X = torch.from_numpy(((x_raw - mean.astype(np.float32)) / std.astype(np.float32)).astype(np.float32)).to(cpu)
    y_reg = np.load(os.path.join(data, "y_reg.npy")).astype(np.float64)
    Y_reg = torch.from_numpy(((y_reg - y_reg.mean()) / (y_reg.std() or 1)).astype(np.float32))
    Y_cls = torch.from_numpy(np.load(os.path.join(data, "y_cls.npy")).astype(np.int64))
    n = X.shape[0]
    state = {}
    import sklearn

    ready = {"ready": True, "rows": n, "threads": torch.get_num_threads(), "torch": torch.__version__, "sklearn": sklearn.__version__}
    print(json.dumps(ready), flush=True)

    for line in sys.stdin:
        cmd = json.loads(line)
        c = cmd["cmd"]
        if c == "quit":
            break
        if c == "mlp":
            torch.manual_seed(cmd["seed"])
            widths = [X.shape[1], *cmd["hidden"], 10 if cmd["task"] == "classification" else 1]
            layers = []
            for k in range(len(widths) - 1):
                layers.append(torch.nn.Linear(widths[k], widths[k + 1]))
                if k < len(widths) - 2:
                    layers.append(torch.nn.ReLU())
            model = torch.nn.Sequential(*layers).to(cpu)
            state = {
                "model": model,
                "opt": torch.optim.Adam(model.parameters(), lr=cmd["lr"]),
                "task": cmd["task"],
                "batch": cmd["batch"],
                "gen": torch.Generator().manual_seed(cmd["seed"]),
            }
            out = {"ok": True, "params": sum(p.numel() for p in model.parameters())}
        elif c == "epoch":
            model, opt, B, gen = state["model"], state["opt"], state["batch"], state["gen"]
            classify = state["task"] == "classification"
            Y = Y_cls if classify else Y_reg
            model.train()
            w0, c0 = time.perf_counter(), time.process_time()
            perm = torch.randperm(n, generator=gen)
            total = 0.0
            for s in range(0, n, B):
                idx = perm[s : s + B]
                xb = X.index_select(0, idx)
                yb = Y.index_select(0, idx)
                opt.zero_grad(set_to_none=True)
                pred = model(xb)
                loss = F.cross_entropy(pred, yb) if classify else F.mse_loss(pred.squeeze(1), yb)
                loss.backward()
                opt.step()
                total += loss.item() * idx.shape[0]
            w1, c1 = time.perf_counter(), time.process_time()
            out = {"ms": (w1 - w0) * 1000, "cpu_ms": (c1 - c0) * 1000, "loss": total / n}
        elif c == "logistic":
            from sklearn.linear_model import LogisticRegression

            rows = cmd["rows"]
            Xl = x_raw[:rows].astype(np.float64)  # sklearn works in float64 (it would convert float32 itself)
            yl = np.load(os.path.join(data, "y_log.npy"))[:rows].astype(np.int64)
            ms, cpu_ms, clf = [], [], None
            for i in range(cmd["warmup"] + cmd["rounds"]):
                clf = LogisticRegression(solver="lbfgs", C=cmd["C"], tol=cmd["tol"], max_iter=cmd["max_iter"])
                w0, c0 = time.perf_counter(), time.process_time()
                clf.fit(Xl, yl)
                w1, c1 = time.perf_counter(), time.process_time()
                if i >= cmd["warmup"]:
                    ms.append((w1 - w0) * 1000)
                    cpu_ms.append((c1 - c0) * 1000)
            out = {
                "ms": ms,
                "cpu_ms": cpu_ms,
                "loss": log_loss(clf.predict_proba(Xl), yl),
                "n_iter": int(np.max(clf.n_iter_)),
                "converged": bool(np.max(clf.n_iter_) < cmd["max_iter"]),
            }
        else:
            raise SystemExit(f"unknown command {c!r}")
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
