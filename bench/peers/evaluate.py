"""Pairwise (and, with --clusters, clustered) precision, recall and F1 of a
pairs.csv against the truth encoded in FEBRL record ids (rec-N-org and
rec-N-dup-K are the same person N), or a truth CSV of id,entity.

    python bench/peers/evaluate.py PAIRS.csv (--febrl A.csv [B.csv] | --truth TRUTH.csv) [--clusters CLUSTERS.csv]
"""
import argparse
import csv
import itertools
from collections import defaultdict


def febrl_entity(rec_id):
    return rec_id.split("-")[1]


def load_ids(path):
    with open(path, newline="") as f:
        return [row["rec_id"] for row in csv.DictReader(f)]


def true_pairs(entities, link_sources=None):
    groups = defaultdict(list)
    for rid, ent in entities.items():
        groups[ent].append(rid)
    pairs = set()
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            if link_sources is None or link_sources[a] != link_sources[b]:
                pairs.add((a, b))
    return pairs


def score(found, truth):
    tp = len(found & truth)
    p = tp / len(found) if found else 1.0
    r = tp / len(truth) if truth else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pairs")
    ap.add_argument("--febrl", nargs="+")
    ap.add_argument("--truth")
    ap.add_argument("--clusters")
    args = ap.parse_args()
    sources = {}
    entities = {}
    if args.febrl:
        for s, path in enumerate(args.febrl):
            for rid in load_ids(path):
                sources[rid] = s
                entities[rid] = febrl_entity(rid)
    else:
        with open(args.truth, newline="") as f:
            for row in csv.DictReader(f):
                entities[row["id"]] = row["entity"]
                sources[row["id"]] = int(row.get("source", 0) or 0)
    link = len(set(sources.values())) > 1
    truth = true_pairs(entities, sources if link else None)
    with open(args.pairs, newline="") as f:
        found = {tuple(sorted((r["left_id"], r["right_id"]))) for r in csv.DictReader(f)}
    p, r, f1 = score(found, truth)
    print(f"pairwise: precision {p:.4f} recall {r:.4f} F1 {f1:.4f} ({len(found)} found, {len(truth)} true)")
    if args.clusters:
        clusters = defaultdict(list)
        with open(args.clusters, newline="") as f:
            for row in csv.DictReader(f):
                clusters[row["cluster_id"]].append(row["id"])
        implied = set()
        for members in clusters.values():
            for a, b in itertools.combinations(sorted(members), 2):
                if not link or sources[a] != sources[b]:
                    implied.add((a, b))
        p, r, f1 = score(implied, truth)
        print(f"clustered: precision {p:.4f} recall {r:.4f} F1 {f1:.4f}")


if __name__ == "__main__":
    main()
