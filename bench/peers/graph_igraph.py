"""igraph's side of bench/graph.sh, and the files both sides read.

  python graph_igraph.py prep DIR     # from DIR/full.{edges,membership}.npy and DIR/disrupt.edges.npy
  python graph_igraph.py run DIR [TASK...]

`prep` writes full.tsv (the generator's edge list), membership.txt (the
planted community of node i on line i), sub.tsv (the subgraph induced by
nodes 0..9,999: the generator numbers communities' members contiguously,
so these are whole communities and the edges between them) and
disrupt.tsv. `run` prints one JSON object per measurement, the graph
already in memory, as the Corridor side does (crates/graph/examples/bench.rs).
"""
import json
import sys
import time

import numpy as np


def prep(d):
    edges = np.load(f"{d}/full.edges.npy")
    memb = np.load(f"{d}/full.membership.npy")
    np.savetxt(f"{d}/full.tsv", edges, fmt="%d", delimiter="\t")
    np.savetxt(f"{d}/membership.txt", memb, fmt="%d")
    sub = edges[(edges[:, 0] < 10000) & (edges[:, 1] < 10000)]
    np.savetxt(f"{d}/sub.tsv", sub, fmt="%d", delimiter="\t")
    dis = np.load(f"{d}/disrupt.edges.npy")
    np.savetxt(f"{d}/disrupt.tsv", dis, fmt="%d", delimiter="\t")
    with open(f"{d}/full.csv", "w") as f:
        f.write("source,target\n")
        for a, b in edges:
            f.write(f"{a},{b}\n")
    print(f"full {len(memb)} nodes {len(edges)} edges; sub {len(sub)} edges; disrupt {len(dis)} edges")


def timed(f):
    t = time.perf_counter()
    v = f()
    return v, time.perf_counter() - t


def run(d, tasks):
    import igraph as ig

    want = lambda t: not tasks or t in tasks
    memb = np.load(f"{d}/full.membership.npy")
    n = len(memb)
    edges = np.load(f"{d}/full.edges.npy")
    g, t = timed(lambda: ig.Graph(n=n, edges=edges.tolist()))
    print(json.dumps({"task": "load", "seconds": round(t, 3), "nodes": g.vcount(), "edges": g.ecount()}))
    truth = memb.tolist()
    if want("components"):
        c, t = timed(lambda: g.connected_components())
        print(json.dumps({"task": "components", "seconds": round(t, 4), "count": len(c), "largest": max(c.sizes())}))
    if want("louvain"):
        p, t = timed(lambda: g.community_multilevel())
        print(json.dumps({"task": "louvain", "seconds": round(t, 3), "communities": len(p), "modularity": round(p.modularity, 5),
                          "nmi": round(ig.compare_communities(p.membership, truth, method="nmi"), 5)}))
    if want("leiden2"):
        p, t = timed(lambda: g.community_leiden(objective_function="modularity", n_iterations=2))
        print(json.dumps({"task": "leiden2", "seconds": round(t, 3), "communities": len(p), "modularity": round(g.modularity(p.membership), 5),
                          "nmi": round(ig.compare_communities(p.membership, truth, method="nmi"), 5)}))
    if want("pagerank"):
        r, t = timed(lambda: g.pagerank())
        print(json.dumps({"task": "pagerank", "seconds": round(t, 3), "top": int(np.argmax(r))}))
    if want("betweenness"):
        sub = np.loadtxt(f"{d}/sub.tsv", dtype=np.int64, delimiter="\t").reshape(-1, 2)
        s = ig.Graph(n=10000, edges=sub.tolist())
        b, t = timed(lambda: s.betweenness(directed=False))
        print(json.dumps({"task": "betweenness_10k", "seconds": round(t, 3), "nodes": s.vcount(), "edges": s.ecount(),
                          "top": int(np.argmax(b)), "top_value": round(max(b), 1)}))
    if want("sampled"):
        rng = np.random.default_rng(1)
        pivots = sorted(rng.choice(n, 256, replace=False).tolist())
        b, t = timed(lambda: g.betweenness(directed=False, sources=pivots))
        print(json.dumps({"task": "sampled_256", "seconds": round(t, 3), "top": int(np.argmax(b))}))
    if want("disrupt"):
        dis = np.loadtxt(f"{d}/disrupt.tsv", dtype=np.int64, delimiter="\t").reshape(-1, 2)
        h = ig.Graph(edges=dis.tolist())
        h.vs["name"] = list(range(h.vcount()))
        first_n = h.vcount()
        first = max(h.connected_components().sizes())
        steps = int(dict(a.split("=") for a in tasks if "=" in a).get("steps", 5)) if tasks else 5
        removed, lcc, per_step = [], [], []
        start = time.perf_counter()
        for _ in range(steps):
            t0 = time.perf_counter()
            b = h.betweenness(directed=False)
            v = int(np.argmax(b))  # the first of the highest, as Corridor
            removed.append(h.vs[v]["name"])
            h.delete_vertices(v)
            lcc.append(round(max(h.connected_components().sizes()) / first, 4))
            per_step.append(round(time.perf_counter() - t0, 1))
        print(json.dumps({"task": f"disrupt_{steps}", "seconds": round(time.perf_counter() - start, 3), "nodes": first_n, "edges": len(dis),
                          "removed": removed, "lcc_fraction": lcc, "per_step": per_step}))


if __name__ == "__main__":
    {"prep": lambda a: prep(a[0]), "run": lambda a: run(a[0], a[1:])}[sys.argv[1]](sys.argv[2:])
