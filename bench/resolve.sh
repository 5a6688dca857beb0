#!/usr/bin/env bash
# Person resolution inside the store against a scenario's ground truth:
#   bash bench/resolve.sh [SIZE] [SEED]     (default: large 1)
# Generates the scenario and holds back the last 1% of every agency's
# reports; imports the rest into a fresh store and runs a full
# `corridor resolve` (timed); imports the held-back 1% and runs the
# incremental `corridor resolve` (timed); scores the result with
# bench/peers/resolve_eval.py. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-large}
seed=${2:-1}
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q -p corridor-cli
corridor=$PWD/target/release/corridor
d=target/bench/resolve-$size-$seed
rm -rf "$d" && mkdir -p "$d/now" "$d/later"
"$corridor" scenario --seed "$seed" --size "$size" --out "$d/sc" >/dev/null
for f in "$d"/sc/*.jsonl; do
    n=$(wc -l < "$f")
    keep=$(( n - n / 100 ))
    head -n "$keep" "$f" > "$d/now/$(basename "$f")"
    tail -n +"$(( keep + 1 ))" "$f" > "$d/later/$(basename "$f")"
done
"$corridor" --db "$d/store.db" init >/dev/null
"$corridor" --db "$d/store.db" import "$d"/now/*.jsonl | tail -1
echo "== full run (99% of the reports)"
/usr/bin/time -f "resolve (full): %e s wall, %U s CPU, peak RSS %M KiB" "$corridor" --db "$d/store.db" resolve 2>&1 | tail -12
"$corridor" --db "$d/store.db" import "$d"/later/*.jsonl | tail -1
echo "== incremental run (the last 1%)"
/usr/bin/time -f "resolve (incremental): %e s wall, %U s CPU, peak RSS %M KiB" "$corridor" --db "$d/store.db" resolve 2>&1 | tail -12
python3 bench/peers/resolve_eval.py "$d/store.db" "$d/sc"
