"""Scores `corridor network` on a scenario's store against its truth.

    python3 network_eval.py SCENARIO_DIR entities.csv communities.csv brokers.csv

Our entities are mapped to truth people through truth/mentions.jsonl (each
of our entities to the truth person most of its mentions belong to).
Prints the NMI between our communities and the truth networks over the
truth networks' members that are in the graph, and where each network's key
players rank by broker score (percentile among all ranked nodes; target: top
5%)."""
import csv, json, math, sys
from collections import Counter, defaultdict

sc, entities_csv, communities_csv, brokers_csv = sys.argv[1:5]
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
        pairs.setdefault(t, (votes[ours][t], community[ours]))
        if votes[ours][t] > pairs[t][0]:
            pairs[t] = (votes[ours][t], community[ours])
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
