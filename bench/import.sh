#!/usr/bin/env bash
# Import benchmark: time and peak memory of `corridor import` on N mentions.
#   bash bench/import.sh [MENTIONS]      (default 1,000,000)
# The input is the demo data set repeated with fresh report ids until it holds
# MENTIONS mentions (158 mentions per copy of its 39 reports). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
mentions="${1:-1000000}"
out=target/bench/import
mkdir -p "$out"
cargo build --release --locked -q
python3 - "$mentions" "$out/reports.jsonl" <<'PY'
import json, sys
target, path = int(sys.argv[1]), sys.argv[2]
reports = [json.loads(l) for l in open("examples/demo.jsonl", encoding="utf-8")]
written = copies = 0
with open(path, "w", encoding="utf-8") as f:
    while written < target:
        for r in reports:
            r2 = dict(r, id=f"{r['id']}-B{copies}")
            f.write(json.dumps(r2, ensure_ascii=False) + "\n")
            written += len(r.get("entities", []))
        copies += 1
print(f"input: {path}: {copies * len(reports)} reports, {written} mentions")
PY
rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
./target/release/corridor --db "$out/bench.db" init > /dev/null
ls -l "$out/reports.jsonl" | awk '{printf "input size: %.0f MiB\n", $5/1048576}'
/usr/bin/time -f "import: %e s wall, %U s user, peak RSS %M KiB" \
  ./target/release/corridor --db "$out/bench.db" import "$out/reports.jsonl"
/usr/bin/time -f "re-import (all unchanged): %e s wall, peak RSS %M KiB" \
  ./target/release/corridor --db "$out/bench.db" import "$out/reports.jsonl"
ls -l "$out/bench.db" | awk '{printf "store size: %.0f MiB\n", $5/1048576}'
