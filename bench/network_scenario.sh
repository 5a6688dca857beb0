#!/usr/bin/env bash
# `corridor network` on a scenario's store against its ground truth:
#   bash bench/network_scenario.sh [SIZE] [SEED]     (default: medium 2025)
# Generates the scenario, imports and resolves it, runs `network
# communities` and `network brokers` on the store (no --edges), and scores
# them with bench/peers/network_eval.py: NMI of the communities against the
# truth networks, and the broker-score rank of the truth key players
# (target: NMI >= 0.9, key players in the top 5%). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-medium}
seed=${2:-2025}
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q -p corridor-cli
corridor=$PWD/target/release/corridor
d=target/bench/network-$size-$seed
rm -rf "$d" && mkdir -p "$d"
"$corridor" scenario --seed "$seed" --size "$size" --out "$d/sc" >/dev/null
"$corridor" --db "$d/n.db" init >/dev/null
"$corridor" --db "$d/n.db" import "$d"/sc/*.jsonl | tail -1
"$corridor" --db "$d/n.db" resolve 2>&1 | tail -1
"$corridor" --db "$d/n.db" entities > "$d/entities.csv"
"$corridor" --db "$d/n.db" network brokers --format csv > "$d/brokers.csv"
"$corridor" --db "$d/n.db" network communities --format graphml > "$d/network.graphml" 2>/dev/null
for r in 1 0.5 0.3; do
    "$corridor" --db "$d/n.db" network communities --format csv --resolution "$r" > "$d/communities-$r.csv" 2>/dev/null
    echo "== resolution $r"
    python3 bench/peers/network_eval.py "$d/sc" "$d/entities.csv" "$d/communities-$r.csv" "$d/brokers.csv" "$d/network.graphml"
done
