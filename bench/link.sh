#!/usr/bin/env bash
# Linkage benchmark: Corridor and Splink on the same data in the same run.
#   bash bench/link.sh
# Installs the peers into target/peers-venv (bench/peers/setup.sh), exports
# FEBRL3/4 without soc_sec_id, runs `corridor link` at its defaults with
# inferred comparisons and Splink configured as an expert would, and scores
# both with bench/peers/evaluate.py. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/peers/setup.sh
py=target/peers-venv/bin/python
cargo build --release --locked -q
d=target/bench/febrl
"$py" bench/peers/febrl.py "$d"
corridor=$PWD/target/release/corridor
cd "$d"
echo "== FEBRL4 (5,000 x 5,000 link)"
/usr/bin/time -f "corridor: %e s wall, peak RSS %M KiB" "$corridor" link --left febrl4_a.csv --right febrl4_b.csv --id rec_id --out corridor4.csv 2>&1 | tail -1
python3 ../../../bench/peers/evaluate.py corridor4.csv --febrl febrl4_a.csv febrl4_b.csv
/usr/bin/time -f "splink: %e s wall, peak RSS %M KiB" "../../../$py" ../../../bench/peers/splink_febrl.py febrl4 . splink4.csv 2>&1 | tail -1
python3 ../../../bench/peers/evaluate.py splink4.csv --febrl febrl4_a.csv febrl4_b.csv
echo "== FEBRL3 (5,000 dedupe)"
/usr/bin/time -f "corridor: %e s wall, peak RSS %M KiB" "$corridor" link --left febrl3.csv --id rec_id --out corridor3.csv --clusters corridor3_clusters.csv 2>&1 | tail -1
python3 ../../../bench/peers/evaluate.py corridor3.csv --febrl febrl3.csv --clusters corridor3_clusters.csv
/usr/bin/time -f "splink: %e s wall, peak RSS %M KiB" "../../../$py" ../../../bench/peers/splink_febrl.py febrl3 . splink3.csv splink3_clusters.csv 2>&1 | tail -1
python3 ../../../bench/peers/evaluate.py splink3.csv --febrl febrl3.csv --clusters splink3_clusters.csv
