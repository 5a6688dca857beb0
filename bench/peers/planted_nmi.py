"""NMI to the planted partition: `corridor network communities` (its
default, consensus of two Leiden runs, and one plain run) against igraph's
Louvain (the median of five runs: igraph's Louvain visits nodes in random
order) on the same planted-partition graphs.

    python planted_nmi.py CORRIDOR OUTDIR NODES EDGES MU[,MU...] SEED[,SEED...]

Graphs come from ../shared/eval/tools/gen_graph.py. Prints one line per
graph and the mean margin over Louvain."""
import math, os, random, subprocess, sys
from collections import Counter

import igraph as ig
import numpy as np

corridor, out, n, m = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
mus = [float(x) for x in sys.argv[5].split(",")]
seeds = [int(x) for x in sys.argv[6].split(",")]
gen = os.path.join(os.path.dirname(__file__), "../../../shared/eval/tools/gen_graph.py")
os.makedirs(out, exist_ok=True)


def nmi(a, b):
    k = len(a)
    ca, cb, cab = Counter(a), Counter(b), Counter(zip(a, b))
    h = lambda c: -sum(v / k * math.log(v / k) for v in c.values())
    mi = sum(v / k * math.log(v * k / (ca[x] * cb[y])) for (x, y), v in cab.items())
    return 2 * mi / (h(ca) + h(cb))


def ours(csv_path, extra):
    r = subprocess.run([corridor, "network", "communities", "--edges", csv_path, "--format", "csv", *extra],
                       capture_output=True, text=True, check=True)
    return {int(a): c for a, c in (l.split(",") for l in r.stdout.splitlines()[1:])}


margins = []
for mu in mus:
    for seed in seeds:
        prefix = f"{out}/pp-{n}-{m}-{mu}-{seed}"
        if not os.path.exists(prefix + ".edges.npy"):
            subprocess.run([sys.executable, gen, str(n), str(m), str(mu), prefix, str(seed)],
                           check=True, capture_output=True)
        e = np.load(prefix + ".edges.npy")
        planted = np.load(prefix + ".membership.npy")
        with open(prefix + ".csv", "w") as f:
            f.write("source,target\n")
            f.writelines(f"{a},{b}\n" for a, b in e)
        default, single = ours(prefix + ".csv", []), ours(prefix + ".csv", ["--consensus", "1"])
        nodes = sorted(default)
        truth = [planted[v] for v in nodes]
        g = ig.Graph(n=len(planted), edges=e.tolist())
        louvain = []
        for r in range(5):
            random.seed(r)
            lv = g.community_multilevel().membership
            louvain.append(nmi(truth, [lv[v] for v in nodes]))
        louvain.sort()
        a, b = nmi(truth, [default[v] for v in nodes]), nmi(truth, [single[v] for v in nodes])
        margins.append(a - louvain[2])
        print(f"mu {mu:4} seed {seed}: corridor {a:.4f} (one run {b:.4f}); "
              f"igraph Louvain median {louvain[2]:.4f} (min {louvain[0]:.4f}, max {louvain[-1]:.4f}); "
              f"margin {a - louvain[2]:+.4f}", flush=True)
print(f"mean margin over Louvain's median: {sum(margins) / len(margins):+.4f}; "
      f"smallest {min(margins):+.4f} over {len(margins)} graphs")
