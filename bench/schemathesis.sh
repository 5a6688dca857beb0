#!/usr/bin/env bash
# API robustness: schemathesis (from PyPI, into a venv under target/) runs
# every operation of /v1/openapi.json against a fresh node on loopback with
# generated and malformed input, and fails on any 5xx or response that does
# not match the document. By hand or in a separate job, not in .ci/run:
#   bash bench/schemathesis.sh [MAX_EXAMPLES]     (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-200}
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/st" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet "schemathesis>=4,<5"
fi
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q -p corridor-cli
corridor=$PWD/target/release/corridor
d=target/bench/schemathesis
rm -rf "$d" && mkdir -p "$d"
db="$d/node.db"
"$corridor" --db "$db" init >/dev/null
"$corridor" --db "$db" import examples/demo.jsonl >/dev/null
"$corridor" --db "$db" user add st-liaison --agency GBR-BSC --role liaison >/dev/null
token=$("$corridor" --db "$db" token create --user st-liaison 2>/dev/null | tail -1)
"$corridor" --db "$db" serve --listen 127.0.0.1:0 --rate-limit 1000000 > "$d/serve.out" 2> "$d/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q serving "$d/serve.out" 2>/dev/null && break; sleep 0.1; done
addr=$(grep -o '127.0.0.1:[0-9]*' "$d/serve.out")
"$venv/bin/st" run "http://$addr/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --request-timeout 30
