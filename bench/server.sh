#!/usr/bin/env bash
# The node's API under load, on loopback only:
#   bash bench/server.sh [SECONDS] [CONNECTIONS]     (default: 15 32)
# Builds corridor, loads a medium scenario into a fresh store, resolves it,
# makes a user of the node's agency and one of a partner, and drives
# authorised entity reads (`GET /v1/entities/{id}`, audit on: every request
# appends to the hash-chained log) with wrk (2 threads, on the same 2
# cores as the server) for SECONDS each. Installs wrk
# from Debian if it is missing. Prints requests/s and latency percentiles,
# then verifies the audit chain. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
conns=${2:-32}
if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)" >&2
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q -p corridor-cli
corridor=$PWD/target/release/corridor
d=target/bench/server
rm -rf "$d" && mkdir -p "$d"
db="$d/node.db"
"$corridor" scenario --seed 2025 --size medium --out "$d/sc" >/dev/null
"$corridor" --db "$db" init >/dev/null
"$corridor" --db "$db" import "$d"/sc/*.jsonl | tail -1
"$corridor" --db "$db" resolve 2>&1 | tail -1
"$corridor" --db "$db" user add bench-gbr --agency GBR-BSC --role analyst >/dev/null
"$corridor" --db "$db" user add bench-srb --agency SRB-MUP --role analyst >/dev/null
gbr=$("$corridor" --db "$db" token create --user bench-gbr 2>/dev/null | tail -1)
srb=$("$corridor" --db "$db" token create --user bench-srb 2>/dev/null | tail -1)
# The entity with the most mentions: the heaviest read.
"$corridor" --db "$db" entities > "$d/entities.csv"
entity=$(awk -F, 'NR > 1 && $2 == "person" { n[$3]++ } END { for (e in n) if (n[e] > best) { best = n[e]; id = e } print id }' "$d/entities.csv")
"$corridor" --db "$db" serve --listen 127.0.0.1:0 > "$d/serve.out" 2> "$d/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q serving "$d/serve.out" 2>/dev/null && break; sleep 0.1; done
addr=$(grep -o '127.0.0.1:[0-9]*' "$d/serve.out")
before=$("$corridor" --db "$db" audit verify | grep -o '[0-9]* entries' | cut -d' ' -f1)
# A thousand person entities, read in random order: the typical read.
awk -F, 'NR > 1 && $2 == "person" && !seen[$3]++ { print $3 }' "$d/entities.csv" | head -n 1000 > "$d/ids.txt" || true
{
    echo 'local ids = {}'
    sed 's/.*/table.insert(ids, "&")/' "$d/ids.txt"
    echo 'math.randomseed(7)'
    echo 'request = function() return wrk.format("GET", "/v1/entities/" .. ids[math.random(#ids)]) end'
} > "$d/random.lua"
run() {
    local label=$1 token=$2; shift 2
    echo "== $label, $conns connections, ${secs}s"
    wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $token" "$@" \
        | grep -E 'Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors' | sed 's/^ */    /'
}
# The first pass fills the node's caches (each report's view per agency,
# each entity): reported, then measured again warm.
run "random person entities (of 1000) as an analyst of GBR-BSC, the node's agency (cold: caches filling)" "$gbr" -s "$d/random.lua" "http://$addr"
run "the same again, warm" "$gbr" -s "$d/random.lua" "http://$addr"
run "random person entities (of 1000) as an analyst of SRB-MUP, a partner (policy views; most are not released to it: 404)" "$srb" -s "$d/random.lua" "http://$addr"
n=$(grep -c "\b$entity\$" "$d/entities.csv" || true)
run "the largest entity ($entity, $n mentions) as GBR-BSC" "$gbr" "http://$addr/v1/entities/$entity"
kill $server; wait $server 2>/dev/null || true
trap - EXIT
"$corridor" --db "$db" audit verify
after=$("$corridor" --db "$db" audit verify | grep -o '[0-9]* entries' | cut -d' ' -f1)
echo "audit entries written during the run: $(( after - before ))"
