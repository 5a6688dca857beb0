"""Builds a cross-script linkage test from a generated scenario: people as
the UK and Frontex recorded them (ASCII) on the left, as Balkan and Greek
agencies recorded them (their scripts and formats) on the right, each file
deduplicated to one record per true person, and the truth.

    python bench/peers/cross_script.py SCENARIO_DIR OUTDIR
"""
import csv
import json
import sys
from pathlib import Path

scenario, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
truth = {}
for line in open(scenario / "truth" / "mentions.jsonl", encoding="utf-8"):
    t = json.loads(line)
    truth[t["mention"]] = t["entity"]

LEFT = {"GBR-BSC", "FRONTEX", "EUROPOL"}
RIGHT = {"SRB-MUP", "MKD-MVR", "BGR-MVR", "GRC-HP", "ALB-ASP", "BIH-GP", "MNE-UP", "XKX-KP"}
COLUMNS = ["rec_id", "given_name", "surname", "date_of_birth", "sex", "nationality", "phone"]
rows = {"left": {}, "right": {}}
for path in sorted(scenario.glob("*.jsonl")):
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        side = "left" if r["agency"] in LEFT else "right" if r["agency"] in RIGHT else None
        if side is None:
            continue
        ents = {e["ref"]: e for e in r.get("entities", [])}
        phone_of = {}
        for l in r.get("links", []):
            if l["type"] == "uses_phone" and l["to"] in ents:
                phone_of[l["from"]] = ents[l["to"]].get("number")
        for e in r.get("entities", []):
            if e["type"] != "person" or e.get("withheld"):
                continue
            entity = truth[f'{r["id"]}#{e["ref"]}']
            # One record per person and side: the first one seen.
            if entity in rows[side]:
                continue
            given, surname = e.get("given_name"), e.get("family_name")
            # A name written whole cannot be split into the two columns
            # without guessing; such mentions stay out of this test.
            if given is None or surname is None:
                continue
            rows[side][entity] = {
                "rec_id": f'{side[0]}-{r["id"]}-{e["ref"]}',
                "given_name": given or "",
                "surname": surname or "",
                "date_of_birth": e.get("birth_date", ""),
                "sex": e.get("sex", ""),
                "nationality": e.get("nationality", ""),
                "phone": phone_of.get(e["ref"], "") or "",
                "_entity": entity,
            }
with open(out / "truth.csv", "w", newline="", encoding="utf-8") as t:
    tw = csv.writer(t)
    tw.writerow(["id", "entity", "source"])
    for s, side in enumerate(["left", "right"]):
        with open(out / f"{side}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
            w.writeheader()
            for row in rows[side].values():
                w.writerow(row)
                tw.writerow([row["rec_id"], row["_entity"], s])
common = set(rows["left"]) & set(rows["right"])
print(f"left {len(rows['left'])}, right {len(rows['right'])}, true links {len(common)}")
