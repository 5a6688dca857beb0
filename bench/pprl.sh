#!/usr/bin/env bash
# Privacy-preserving linkage benchmark: Corridor (`corridor encode`,
# `corridor link-encoded`) and clkhash + anonlink on the same data in the
# same run.
#   bash bench/pprl.sh
# FEBRL4 without soc_sec_id, both sides encoded (Corridor with the fields
# inferred from the columns, at its default threshold; clkhash with all
# eight fields and with the usual four, anonlink at its best threshold);
# encoding records/s and Dice comparisons/s per thread for both; then the
# cross-script set of bench/peers/cross_script.py (scenario seed 11,
# medium). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash bench/peers/setup.sh >/dev/null
py=$root/target/peers-venv/bin/python
cargo build --release --locked -q -p corridor-cli
cargo build --release --locked -q -p corridor-pprl --example dice_speed
target=${CARGO_TARGET_DIR:-$root/target}
corridor=$target/release/corridor
d=target/bench/pprl
mkdir -p "$d"
"$py" bench/peers/febrl.py "$d/febrl" >/dev/null
head -c 32 /dev/urandom > "$d/pair.key"

# F1 of the best threshold among pairs_T.csv files written by the peer.
best() {
  local dir=$1; shift
  for f in "$dir"/pairs_*.csv; do
    t=${f##*pairs_}; t=${t%.csv}
    echo "$t $(python3 "$root/bench/peers/evaluate.py" "$f" "$@")"
  done | sort -t' ' -k8 -g | tail -1
}
# records/s of a `corridor encode` run (its own measurement of the stage).
rate() { grep -o '([0-9]* records/s)' | tr -d '(' | cut -d' ' -f1; }

echo "== FEBRL4 (5,000 x 5,000), both sides encoded"
cd "$d/febrl"
ra=$("$corridor" encode --key-file ../pair.key --in febrl4_a.csv --id rec_id --out a.clk 2>&1 >/dev/null | rate)
rb=$("$corridor" encode --key-file ../pair.key --in febrl4_b.csv --id rec_id --out b.clk 2>&1 >/dev/null | rate)
echo "corridor encoding: $ra and $rb records/s (all cores)"
RAYON_NUM_THREADS=1 "$corridor" encode --key-file ../pair.key --in febrl4_a.csv --id rec_id --out a1.clk 2>&1 >/dev/null | rate | sed 's/^/corridor encoding, one thread: /; s/$/ records\/s/'
"$corridor" link-encoded a.clk b.clk --out corridor.csv
python3 ../../../../bench/peers/evaluate.py corridor.csv --febrl febrl4_a.csv febrl4_b.csv | sed 's/^/corridor at its default threshold: /'
for i in 1 2 3; do RAYON_NUM_THREADS=1 "$corridor" link-encoded a.clk b.clk --out discard.csv 2>&1 >/dev/null | grep -o '([0-9]* M/s'; done | tr -d '(' | sort -g | tail -1 | sed 's/^/corridor link-encoded, one thread: /'
"$target/release/examples/dice_speed"
for fields in 8 4; do
  echo "-- clkhash + anonlink, $fields fields, 1024 bits"
  "$py" ../../../../bench/peers/pprl_peers.py "febrl$fields" febrl4_a.csv febrl4_b.csv "peer$fields"
  echo "best threshold: $(best "peer$fields" --febrl febrl4_a.csv febrl4_b.csv)"
done
cd "$root"

echo "== cross-script set (scenario seed 11, medium)"
"$corridor" scenario --seed 11 --size medium --out "$d/scenario" >/dev/null
python3 bench/peers/cross_script.py "$d/scenario" "$d/cross"
cd "$d/cross"
"$corridor" encode --key-file ../pair.key --in left.csv --id rec_id --out left.clk >/dev/null 2>&1
"$corridor" encode --key-file ../pair.key --in right.csv --id rec_id --out right.clk >/dev/null 2>&1
for t in 0.62 0.75; do
  "$corridor" link-encoded left.clk right.clk --out "corridor_$t.csv" --threshold $t >/dev/null 2>&1
  echo "corridor at $t: $(python3 ../../../../bench/peers/evaluate.py "corridor_$t.csv" --truth truth.csv)"
done
"$py" ../../../../bench/peers/pprl_peers.py cross left.csv right.csv peer | grep -v comparisons
echo "clkhash + anonlink at its best threshold: $(best peer --truth truth.csv)"
