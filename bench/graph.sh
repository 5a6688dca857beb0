#!/usr/bin/env bash
# Graph benchmark: Corridor and python-igraph on the same planted-partition
# graphs in the same run.
#   bash bench/graph.sh                      # igraph's disruption: 5 steps
#   IGRAPH_DISRUPT_STEPS=1 bash bench/graph.sh   # igraph's is ~1-2 min a step
# Generates ../shared/eval/tools/gen_graph.py 200000 1000000 0.2 (seed 42)
# and a 20,000-node / 100,000-edge graph for disruption, takes the subgraph
# induced by nodes 0..9,999 (whole planted communities: 34,310 edges) for
# exact betweenness, and times each algorithm with the graph already in
# memory on both sides (crates/graph/examples/bench.rs,
# bench/peers/graph_igraph.py), then the `corridor network` CLI end to end.
# Uses every core (2 on the reference machine); igraph uses one. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/peers/setup.sh
py=target/peers-venv/bin/python
cargo build --release --locked -q -p corridor-cli
cargo build --release --locked -q -p corridor-graph --example bench
bin=${CARGO_TARGET_DIR:-target}/release
d=target/bench/graph
mkdir -p "$d"
[ -f "$d/full.edges.npy" ] || "$py" ../shared/eval/tools/gen_graph.py 200000 1000000 0.2 "$d/full"
[ -f "$d/disrupt.edges.npy" ] || "$py" ../shared/eval/tools/gen_graph.py 20000 100000 0.2 "$d/disrupt"
"$py" bench/peers/graph_igraph.py prep "$d"
echo "== corridor (graph in memory)"
/usr/bin/time -f "corridor: %U s user, %e s wall" "$bin/examples/bench" "$d" | tee "$d/corridor.jsonl"
echo "== igraph $("$py" -c 'import igraph; print(igraph.__version__)') (graph in memory)"
/usr/bin/time -f "igraph: %U s user, %e s wall" "$py" bench/peers/graph_igraph.py run "$d" components louvain leiden2 pagerank betweenness sampled disrupt "steps=${IGRAPH_DISRUPT_STEPS:-5}" | tee "$d/igraph.jsonl"
echo "== corridor network, end to end (reading the CSV included)"
/usr/bin/time -f "communities --format csv: %e s wall" "$bin/corridor" network communities --edges "$d/full.csv" --format csv > "$d/communities.csv"
head -1 "$d/communities.csv"
echo "== ratios (igraph time / corridor time; above 1: corridor faster)"
python3 - "$d" <<'PY'
import json, sys
d = sys.argv[1]
load = lambda f: {r["task"]: r for r in map(json.loads, open(f"{d}/{f}"))}
c, i = load("corridor.jsonl"), load("igraph.jsonl")
idis = next(v for k, v in i.items() if k.startswith("disrupt_"))
csteps = len(c["disrupt_5"]["removed"])
# igraph may run fewer steps: compare the time per step.
rows = [("components", "components", "components"),
        ("Louvain (igraph) vs communities (corridor's default: consensus)", "louvain", "consensus"),
        ("Louvain (igraph) vs one Leiden run (until stable)", "louvain", "leiden"),
        ("Leiden, 2 iterations", "leiden2", "leiden2"), ("PageRank", "pagerank", "pagerank"),
        ("exact betweenness, 10k subgraph", "betweenness_10k", "betweenness_10k"), ("256-pivot betweenness", "sampled_256", "sampled_256")]
for name, ik, ck in rows:
    extra = ""
    if "modularity" in c[ck]:
        extra = f"  modularity {c[ck]['modularity']:.4f} vs {i[ik]['modularity']:.4f}, NMI {c[ck]['nmi']:.4f} vs {i[ik]['nmi']:.4f}"
    print(f"{name:52} corridor {c[ck]['seconds']:8.3f} s  igraph {i[ik]['seconds']:8.3f} s  ratio {i[ik]['seconds'] / c[ck]['seconds']:6.2f}{extra}")
per_c, per_i = c["disrupt_5"]["seconds"] / csteps, idis["seconds"] / len(idis["removed"])
print(f"{'disruption, per step (exact betweenness)':52} corridor {per_c:8.3f} s  igraph {per_i:8.3f} s  ratio {per_i / per_c:6.2f}"
      f"  same removals: {c['disrupt_5']['removed'][:len(idis['removed'])] == idis['removed']}")
PY
