#!/usr/bin/env bash
# The GPU check (issue 13): from a fresh clone on a machine with an NVIDIA GPU, in under 8 minutes,
#   1. `npm ci`,
#   2. `headrace setup --gpu` (obtains what onnxruntime-node's CUDA execution provider needs),
#   3. bench/gpu/check.ts: trains the 32-256-256-10 MLP (Adam, batch 1024) on 2 M generated rows on the GPU and on
#      the CPU with the same seed, prints both throughputs and confirms the loss curves agree within tolerance.
# Usage: bash bench/gpu-check.sh [--skip-install] [--record] [check.ts options: --rows=N --epochs=E --tolerance=T]
#   --skip-install  leave node_modules as it is (a checkout that has run `npm ci` already)
#   --record        append the result, with the card's name, to docs/benchmarks.md
# Exit status: 0 the check passed; 1 the loss curves disagree; 2 no NVIDIA GPU here; 3 the GPU route could not be
# set up, or training asked for cuda ran on the CPU; other: a step failed (its output says which).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
say() { echo "gpu-check: $*"; }
fail() { local code=$1; shift; echo "gpu-check: $*" >&2; exit "$code"; }

install=1
args=()
for a in "$@"; do
  if [[ $a == --skip-install ]]; then install=0; else args+=("$a"); fi
done

# 0. A GPU, before spending minutes on the rest.
if ! command -v nvidia-smi >/dev/null 2>&1; then
  fail 2 "no NVIDIA GPU on this machine: nvidia-smi is not installed. This check trains on an NVIDIA GPU; run it on a machine with one and its driver."
fi
if ! gpus=$(nvidia-smi -L 2>&1) || ! grep -q '^GPU [0-9]' <<<"$gpus"; then
  fail 2 "no NVIDIA GPU on this machine: nvidia-smi lists none (${gpus//$'\n'/; }). This check trains on an NVIDIA GPU; run it on a machine with one and its driver."
fi
say "$(grep '^GPU [0-9]' <<<"$gpus" | head -1)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/gpu-check:   /' || true
command -v node >/dev/null 2>&1 || fail 4 "node is not installed: the check needs Node 20 or later."
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= 20 )) || fail 4 "Node $(node --version) is too old: the check needs Node 20 or later."

step() { say "[$(( $(date +%s) - started )) s] $*"; }

# 1. Dependencies.
if (( install )); then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error || fail 4 "npm ci failed (its output is above)."
else
  step "npm ci skipped (--skip-install)"
fi

# 2. The GPU route.
step "headrace setup --gpu"
if ! cuda_env=$(node bin/headrace.js setup --gpu --print-env); then
  fail 3 "'headrace setup --gpu' failed (its output is above), so the GPU route is not set up and training would run on the CPU; nothing to check."
fi
eval "$cuda_env"
say "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"

# 3. Train on both devices and compare.
step "training on cuda and on cpu"
set +e
npx --no-install tsx bench/gpu/check.ts "${args[@]+"${args[@]}"}"
code=$?
set -e
elapsed=$(( $(date +%s) - started ))
if (( elapsed > 480 )); then
  say "took ${elapsed} s, more than the 8 minutes (480 s) the issue allows"
else
  say "took ${elapsed} s in all (the issue allows 480 s)"
fi
case $code in
  0) say "PASSED" ;;
  1) say "FAILED: the GPU and CPU loss curves disagree beyond the tolerance" ;;
  3) say "FAILED: training asked for cuda ran on the CPU (the reason is above)" ;;
  *) say "FAILED: bench/gpu/check.ts exited $code" ;;
esac
exit "$code"
