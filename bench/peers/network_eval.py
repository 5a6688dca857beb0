"""Scores `corridor network` on a scenario's store against its truth.

    python3 network_eval.py SCENARIO_DIR entities.csv communities.csv brokers.csv [network.graphml]

Our entities are mapped to truth people through truth/mentions.jsonl (each
of our entities to the truth person most of its mentions belong to).
Prints the NMI between our communities and the truth networks over the
truth networks' members that are in the graph, and where each network's key
players rank by broker score (percentile among all ranked nodes, and the
number of key players among the top 5% of them; target: top 5%).

With the network as GraphML (`corridor network communities --format
graphml`), also: which members the reports tie to anyone of their own
network at all (another member in the same connected component), the NMI
over those, and the ceiling over all members — the NMI of a partition that
is right about every tied member and can only leave the others alone."""
import csv, json, math, sys
from collections import Counter, defaultdict

sc, entities_csv, communities_csv, brokers_csv = sys.argv[1:5]
graphml = sys.argv[5] if len(sys.argv) > 5 else None
truth_of_mention = {}
for line in open(f"{sc}/truth/mentions.jsonl"):
    m = json.loads(line)
    truth_of_mention[m["mention"]] = m["entity"]
votes = defaultdict(Counter)
for row in csv.DictReader(open(entities_csv)):
    t = truth_of_mention.get(row["mention"])
    if t:
        votes[row["entity"]][t] += 1
ours_to_truth = {e: c.most_common(1)[0][0] for e, c in votes.items()}
network_of = {}
key_players = {}
for line in open(f"{sc}/truth/networks.jsonl"):
    n = json.loads(line)
    for stage in n["stages"]:
        for p in stage["members"]:
            network_of.setdefault(p, n["network"])
    for p in n.get("key_players", []):
        key_players[p] = n["network"]
community = {r["node"]: r["community"] for r in csv.DictReader(open(communities_csv))}
# One label per truth person: the community of the entity with most of its mentions.
pairs = {}
for ours, t in ours_to_truth.items():
    if t in network_of and ours in community:
        pairs.setdefault(t, (votes[ours][t], community[ours], ours))
        if votes[ours][t] > pairs[t][0]:
            pairs[t] = (votes[ours][t], community[ours], ours)
xs = [network_of[t] for t in pairs]
ys = [pairs[t][1] for t in pairs]

def nmi(a, b):
    n = len(a)
    ca, cb, cab = Counter(a), Counter(b), Counter(zip(a, b))
    h = lambda c: -sum(v / n * math.log(v / n) for v in c.values())
    mi = sum(v / n * math.log(v * n / (ca[x] * cb[y])) for (x, y), v in cab.items())
    ha, hb = h(ca), h(cb)
    return 2 * mi / (ha + hb) if ha + hb > 0 else 1.0

members = sum(1 for p in network_of)
print(f"truth network members in the graph: {len(pairs)} of {members}")
print(f"NMI(communities, truth networks) = {nmi(xs, ys):.4f}")
if graphml:
    import xml.etree.ElementTree as ET
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(graphml).getroot()
    label = {}
    for node in root.iter("{%s}node" % ns["g"]):
        for d in node.findall("g:data", ns):
            if d.get("key") == "label":
                label[node.get("id")] = d.text
    parent = {v: v for v in label.values()}
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for e in root.iter("{%s}edge" % ns["g"]):
        a, b = find(label[e.get("source")]), find(label[e.get("target")])
        parent[a] = b
    comp = {t: find(p[2]) for t, p in pairs.items() if p[2] in parent}
    together = Counter((network_of[t], c) for t, c in comp.items())
    tied = [t for t in pairs if t in comp and together[(network_of[t], comp[t])] > 1]
    tx = [network_of[t] for t in tied]
    ty = [pairs[t][1] for t in tied]
    ceiling = [network_of[t] if t in tied else "alone:" + t for t in pairs]
    print(f"members tied to their own network in the graph: {len(tied)} of {len(pairs)}; "
          f"NMI over them = {nmi(tx, ty):.4f}; ceiling over all = {nmi(xs, ceiling):.4f}")
    # The evidence ceiling: a network's members split into the pieces its
    # own evidence ties together — a link between two members, anyone or
    # anything who is not a suspect linked to both (a migrant, a phone), or
    # two linked objects, one each (their phones called) — and every piece
    # left as a community of its own. Nothing in the reports says a piece
    # belongs with the rest of its network.
    adjacent = {v: set() for v in label.values()}
    for e in root.iter("{%s}edge" % ns["g"]):
        a, b = label[e.get("source")], label[e.get("target")]
        adjacent[a].add(b)
        adjacent[b].add(a)
    suspects = {r["node"] for r in csv.DictReader(open(brokers_csv))}
    obj = lambda v: not v.startswith("E-")
    member_net = {p[2]: network_of[t] for t, p in pairs.items()}
    piece = {v: v for v in member_net}
    def root_of(x):
        while piece[x] != x:
            piece[x] = piece[piece[x]]
            x = piece[x]
        return x
    def join(a, b):
        if a != b and a in member_net and b in member_net and member_net[a] == member_net[b]:
            piece[root_of(a)] = root_of(b)
    for x, near in adjacent.items():
        if x in suspects:
            for u in near:
                join(x, u)
            continue
        for a in near:
            for b in near:
                join(a, b)
        if obj(x):
            for y in near:
                if obj(y):
                    for a in near:
                        for b in adjacent[y]:
                            join(a, b)
    ends = [p[2] for p in pairs.values()]
    pieces = Counter(member_net[root_of(e)] for e in set(root_of(e) for e in ends))
    print(f"evidence ceiling = {nmi([member_net[e] for e in ends], [root_of(e) for e in ends]):.4f} "
          f"(each network's members in {min(pieces.values())}–{max(pieces.values())} pieces its own reports tie)")
rows = list(csv.DictReader(open(brokers_csv)))
score_key = "broker_score"
rows.sort(key=lambda r: -float(r[score_key]))
rank = {r["node"]: i for i, r in enumerate(rows)}
truth_rank = {}
for i, r in enumerate(rows):
    t = ours_to_truth.get(r["node"])
    if t and t not in truth_rank:
        truth_rank[t] = i
pct = []
for p in key_players:
    if p in truth_rank:
        pct.append(100.0 * (truth_rank[p] + 1) / len(rows))
pct.sort()
if pct:
    inside = sum(1 for x in pct if x <= 5.0)
    print(f"key players ranked: {len(pct)} of {len(key_players)}; in the broker top 5%: {inside}; "
          f"median percentile {pct[len(pct)//2]:.2f}%, worst {pct[-1]:.2f}%")
    places = max(1, len(rows) // 20)
    top = sum(1 for r in rows[:places] if ours_to_truth.get(r["node"]) in key_players)
    print(f"key players among the top 5% ({places} places): {top}")
    if graphml:
        # The other reading of "top 5%": of the whole network's nodes, the
        # people who are never targets and the objects ranked after every
        # suspect (they are never candidates).
        whole = len(label)
        within = sum(1 for p in key_players
                     if p in truth_rank and truth_rank[p] + 1 <= whole / 20)
        print(f"key players in the top 5% of the network's {whole} nodes: {within} of {len(pct)} ranked")
