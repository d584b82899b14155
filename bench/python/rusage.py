"""Runs a command and reports its wall time and peak resident memory (for bench/lib/child.ts).

Usage: python3 rusage.py REPORT_FILE COMMAND [ARG...]
The command inherits stdin/stdout/stderr; its exit status becomes ours. REPORT_FILE receives one JSON object:
{"exit": N, "wall_s": S, "maxrss_kib": K}. wait4 returns the rusage of exactly that child (ru_maxrss is in KiB
on Linux), so neither this wrapper's own memory nor other processes count.
"""
import json
import os
import subprocess
import sys
import time

report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
child = subprocess.Popen(argv)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
with open(report, "w") as f:
    json.dump({"exit": code, "wall_s": wall, "maxrss_kib": usage.ru_maxrss}, f)
sys.exit(code if code >= 0 else 128 - code)
