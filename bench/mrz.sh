#!/usr/bin/env bash
# MRZ checking speed: Corridor's validator, the python `mrz` checker and
# PassportEye's parser on the same evaluation vectors in the same run, then
# `corridor mrz check --jsonl` end to end on a million zones.
#   bash bench/mrz.sh [SECONDS per measurement, default 5]
# Installs the peers into target/peers-venv (bench/peers/setup.sh) if they
# are missing. Every measurement runs on one core. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
vectors=../shared/eval/mrz/vectors.jsonl
py=target/peers-venv/bin/python
if ! "$py" -c "import mrz.checker.td3, passporteye.mrz.text" 2>/dev/null; then
  bash bench/peers/setup.sh
fi
mkdir -p target/bench
cargo build --release --locked -q -p corridor-docs --example mrz_bench
cargo build --release --locked -q -p corridor-cli

echo "== checks per second, one core, $seconds s each"
{
  "$py" bench/peers/mrz_peers.py "$vectors" "$seconds"
  for which in TD3 all; do
    target/release/examples/mrz_bench "$vectors" "$which" "$seconds"
  done
} | tee target/bench/mrz.tsv
awk -F'\t' '
  { split($5, r, " "); rate[$1 "/" $2] = r[1] }
  END {
    c = rate["corridor/TD3"]
    printf "Corridor TD3 full parses/s over python mrz TD3 checks/s: %.0fx\n", c / rate["python-mrz/TD3"]
    printf "Corridor TD3 full parses/s over PassportEye TD3 parses/s: %.0fx\n", c / rate["passporteye/TD3"]
    printf "Corridor all formats over PassportEye all formats: %.0fx\n", rate["corridor/all"] / rate["passporteye/all"]
  }' target/bench/mrz.tsv

echo "== corridor mrz check --jsonl, 1,000,000 zones (the 48 vectors repeated)"
zones=target/bench/mrz-1m.jsonl
if [ ! -s "$zones" ]; then
  python3 - "$vectors" "$zones" <<'PY'
import json, sys
lines = [json.dumps({"mrz": json.loads(l)["mrz"]}) for l in open(sys.argv[1]) if l.strip()]
with open(sys.argv[2], "w") as out:
    for i in range(1_000_000):
        out.write(lines[i % len(lines)] + "\n")
PY
fi
/usr/bin/time -f "%e s wall, %U s user, peak RSS %M KiB" \
  target/release/corridor mrz check --jsonl --as-of 2025-01-01 < "$zones" > target/bench/mrz-1m.out
wc -l < target/bench/mrz-1m.out
