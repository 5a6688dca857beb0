"""Precision, recall and F1 of `corridor resolve` against a scenario's ground
truth: pairwise over the pairs of mentions each resolution puts in one
entity (clustered), overall and for pairs of mentions whose names are
written in different scripts.

    python bench/peers/resolve_eval.py STORE.db SCENARIO_DIR
"""
import itertools
import json
import sqlite3
import sys
from collections import defaultdict

db, scenario = sys.argv[1], sys.argv[2]
truth = {}
for line in open(f"{scenario}/truth/mentions.jsonl", encoding="utf-8"):
    t = json.loads(line)
    if t["kind"] == "person":
        truth[t["mention"]] = t["entity"]

con = sqlite3.connect(db)
found = {f"{r}#{m}": e for r, m, e in con.execute("SELECT report_id, ref, entity FROM person_mentions")}
labels = {f"{r}#{m}": (l or "") for r, m, l in con.execute("SELECT report_id, ref, label FROM mentions WHERE kind = 'person'")}


def script(text):
    for c in text:
        o = ord(c)
        if 0x0400 <= o <= 0x04FF:
            return "cyrillic"
        if 0x0370 <= o <= 0x03FF or 0x1F00 <= o <= 0x1FFF:
            return "greek"
    return "latin"


def pairs(assign):
    groups = defaultdict(list)
    for m, e in assign.items():
        groups[e].append(m)
    out = set()
    for members in groups.values():
        out.update(itertools.combinations(sorted(members), 2))
    return out


# Only mentions the resolution could see (protected people are left out).
truth_seen = {m: e for m, e in truth.items() if m in found}
t, f = pairs(truth_seen), pairs(found)


def score(found, true):
    tp = len(found & true)
    p = tp / len(found) if found else 1.0
    r = tp / len(true) if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


p, r, f1 = score(f, t)
print(f"clustered, all persons ({len(found)} mentions, {len(t)} true pairs): precision {p:.4f} recall {r:.4f} F1 {f1:.4f}")
scripts = {m: script(labels.get(m, "")) for m in found}
cross = lambda s: {x for x in s if scripts[x[0]] != scripts[x[1]]}
ct = cross(t)
p, r, f1 = score(cross(f), ct)
print(f"clustered, names in different scripts ({len(ct)} true pairs): precision {p:.4f} recall {r:.4f} F1 {f1:.4f}")
