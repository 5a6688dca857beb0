#!/usr/bin/env bash
# Import benchmark: time and peak memory of `corridor import` on a generated
# route scenario (default: large, over a million mentions).
#   bash bench/import.sh [small|medium|large] [SEED]
# Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-large}"
seed="${2:-1}"
out=target/bench/$size-$seed
cargo build --release --locked -q
rm -rf "$out" && mkdir -p "$out"
/usr/bin/time -f "generate: %e s wall, peak RSS %M KiB" \
  ./target/release/corridor scenario --seed "$seed" --size "$size" --out "$out/scenario"
du -sh "$out/scenario" | awk '{print "scenario size: " $1}'
./target/release/corridor --db "$out/bench.db" init > /dev/null
/usr/bin/time -f "import: %e s wall, %U s user, %S s sys, peak RSS %M KiB" \
  ./target/release/corridor --db "$out/bench.db" import "$out"/scenario/*.jsonl
/usr/bin/time -f "re-import (all unchanged): %e s wall, peak RSS %M KiB" \
  ./target/release/corridor --db "$out/bench.db" import "$out"/scenario/*.jsonl
ls -l "$out/bench.db" | awk '{printf "store size: %.0f MiB\n", $5/1048576}'
