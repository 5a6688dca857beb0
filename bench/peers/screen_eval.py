"""Recall of `corridor screen` on a scenario's planted frauds and its false
alarms on genuine documents, from the JSON it wrote (run it with
--include-protected and the scenario's --stolen-lost list).

    python bench/peers/screen_eval.py SCENARIO_DIR FINDINGS.json

A fraud is found when a finding at medium or high on its mention has the
indicator of its kind. A genuine document is any other document mention,
except a sighting of a listed document on or after the day it was listed:
whoever carries it, that is a stolen document.
"""
import collections
import csv
import json
import sys

scenario, findings_path = sys.argv[1], sys.argv[2]
MATCHING = {
    "bad_check_digit": {"mrz_invalid"},
    "altered_dates": {"mrz_birth_date_mismatch", "national_number_inconsistent", "number_other_identity"},
    "reused_number": {"number_other_identity"},
    "stolen": {"stolen_lost"},
    "specimen": {"specimen"},
}

out = json.load(open(findings_path, encoding="utf-8"))
frauds = [json.loads(line) for line in open(f"{scenario}/truth/frauds.jsonl", encoding="utf-8")]
planted = {f["mention"] for f in frauds}
listed = {}
for row in csv.DictReader(open(f"{scenario}/lists/stolen_lost.csv", encoding="utf-8")):
    key = (row["document_number"], row["issuing_state"])
    listed[key] = min(listed.get(key, "9999"), row["reported_on"])

by_mention = collections.defaultdict(list)
for f in out["findings"]:
    by_mention[f"{f['report_id']}#{f['mention']}"].append(f)

found = collections.Counter()
kinds = collections.Counter(f["kind"] for f in frauds)
for fraud in frauds:
    shown = {f["indicator"] for f in by_mention.get(fraud["mention"], []) if f["severity"] != "low"}
    if shown & MATCHING[fraud["kind"]]:
        found[fraud["kind"]] += 1
    else:
        print("missed", fraud["kind"], fraud["mention"], sorted(shown))


def stolen_sighting(fs):
    f = fs[0]
    key = (f["document"]["number"], f["document"]["issuing_state"])
    return key in listed and f["seen_on"] >= listed[key]


screened = out["screened"]["documents"]
genuine = screened - len(planted)
listed_seen = [m for m, fs in by_mention.items() if m not in planted and stolen_sighting(fs)]
alarms = collections.Counter()
flagged_high = set()
for m, fs in by_mention.items():
    if m in planted or stolen_sighting(fs):
        continue
    for f in fs:
        alarms[(f["indicator"], f["severity"])] += 1
        if f["severity"] == "high":
            flagged_high.add(m)
            print("false alarm", m, f["indicator"], f["evidence"][:200])

total = sum(found.values())
print(f"planted frauds: {len(frauds)}; found by the indicator of their kind: {total} (recall {total / len(frauds):.4f})")
for kind in sorted(kinds):
    print(f"  {kind}: {found[kind]}/{kinds[kind]}")
print(f"documents screened: {screened}; genuine: {genuine - len(listed_seen)} "
      f"(and {len(listed_seen)} sightings of listed documents after their listing)")
print(f"genuine documents flagged high: {len(flagged_high)}")
print("findings on genuine documents:", ", ".join(f"{i} {s}: {n}" for (i, s), n in sorted(alarms.items())))
