#!/usr/bin/env bash
# Linkage at scale: N synthetic people with 15% duplicates from the shared
# generator (../shared/eval/tools/gen_synth.py), deduplicated by Corridor at
# its defaults and by Splink (narrow blocking) in the same run.
#   bash bench/synth.sh [N] [--no-peer]
# Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
bash bench/peers/setup.sh >/dev/null
py=$PWD/target/peers-venv/bin/python
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q
d=target/bench/synth
mkdir -p "$d"
csv=$d/synth_$n.csv
if [ ! -f "$csv" ]; then
  "$py" ../shared/eval/tools/gen_synth.py "$n" 0.15 "$d/synth_$n.parquet" 42
  "$py" -c "import pandas as pd, sys; pd.read_parquet(sys.argv[1]).to_csv(sys.argv[2], index=False)" "$d/synth_$n.parquet" "$csv"
  "$py" -c "import pandas as pd, sys; pd.read_csv(sys.argv[1], dtype=str)[['unique_id','cluster']].rename(columns={'unique_id':'id','cluster':'entity'}).to_csv(sys.argv[2], index=False)" "$csv" "$d/truth_$n.csv"
fi
echo "== $n synthetic people, dedupe"
/usr/bin/time -f "corridor: %e s wall, %U s user, peak RSS %M KiB" target/release/corridor link --left "$csv" --id unique_id --out "$d/corridor_$n.csv" 2>&1 | tail -2
"$py" bench/peers/evaluate.py "$d/corridor_$n.csv" --truth "$d/truth_$n.csv"
if [ "${2:-}" != "--no-peer" ]; then
  /usr/bin/time -f "splink: %e s wall, %U s user, peak RSS %M KiB" "$py" bench/peers/splink_synth.py "$csv" "$d/splink_$n.csv" 2>&1 | tail -2
  "$py" bench/peers/evaluate.py "$d/splink_$n.csv" --truth "$d/truth_$n.csv"
fi
