#!/usr/bin/env bash
# Communities against igraph's Louvain on planted-partition graphs of every
# mixing level (NMI to the planted partition, same graphs, same run):
#   bash bench/planted.sh [NODES EDGES]      (default: 20000 100000)
# Corridor's default (consensus of two Leiden runs) and one plain run, the
# median of five Louvain runs. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${PY:-}" ] || bash bench/peers/setup.sh
py=${PY:-target/peers-venv/bin/python}
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q -p corridor-cli
"$py" bench/peers/planted_nmi.py "$PWD/target/release/corridor" target/bench/planted \
    "${1:-20000}" "${2:-100000}" 0.05,0.1,0.2,0.3,0.4,0.5,0.6 1,2,3
