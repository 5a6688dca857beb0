#!/usr/bin/env bash
# Person resolution inside the store against a scenario's ground truth:
#   bash bench/resolve.sh [SIZE] [SEED]     (default: large 1)
# Generates the scenario, imports it into a fresh store, runs
# `corridor resolve` (timed) and scores it with bench/peers/resolve_eval.py.
# Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-large}
seed=${2:-1}
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q
corridor=$PWD/target/release/corridor
d=target/bench/resolve-$size-$seed
rm -rf "$d" && mkdir -p "$d"
"$corridor" scenario --seed "$seed" --size "$size" --out "$d/sc" >/dev/null
"$corridor" --db "$d/store.db" init >/dev/null
"$corridor" --db "$d/store.db" import "$d"/sc/*.jsonl | tail -1
/usr/bin/time -f "resolve: %e s wall, %U s CPU, peak RSS %M KiB" "$corridor" --db "$d/store.db" resolve 2>&1 | tail -2
python3 bench/peers/resolve_eval.py "$d/store.db" "$d/sc"
