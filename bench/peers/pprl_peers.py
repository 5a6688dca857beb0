"""clkhash + anonlink, the privacy-preserving linkage peers, on the same data
as `corridor encode` / `corridor link-encoded` (bench/pprl.sh).

    python bench/peers/pprl_peers.py febrl8 A.csv B.csv OUT_DIR
    python bench/peers/pprl_peers.py febrl4 A.csv B.csv OUT_DIR
    python bench/peers/pprl_peers.py cross LEFT.csv RIGHT.csv OUT_DIR

Encodes both files with clkhash (1024 bits, BLAKE2 hashing, HKDF keys, all
cores), prints records/s; links them with anonlink's accelerated Dice kernel
(one thread) and prints comparisons/s; solves one-to-one greedily at a range
of thresholds and writes pairs_T.csv for each, so that the best threshold
can be scored with bench/peers/evaluate.py. Configured as an expert would:
febrl8 encodes all eight fields with per-field weights, febrl4 the usual
four-field schema (given name, surname, date of birth, postcode); cross
encodes names as written (any script), ISO dates, sex, nationality and
phone digits, lower-cased, as the Splink peer prepares them.
"""
import array
import csv
import io
import re
import sys
import time
from pathlib import Path

import anonlink
from clkhash import clk
from clkhash.schema import from_json_dict

mode, a_path, b_path, out = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
out.mkdir(parents=True, exist_ok=True)
SECRET = "a secret both parties hold"


def feature(name, n, bits, positional=False):
    return {
        "identifier": name,
        "format": {"type": "string", "encoding": "utf-8"},
        "hashing": {
            "comparison": {"type": "ngram", "n": n, "positional": positional},
            "strategy": {"bitsPerToken": bits},
            "hash": {"type": "blakeHash"},
            "missingValue": {"sentinel": ""},
        },
    }


def ignored(name):
    return {"identifier": name, "ignored": True}


FEBRL8 = [
    ("rec_id", None),
    ("given_name", (2, 15)),
    ("surname", (2, 15)),
    ("street_number", (1, 10, True)),
    ("address_1", (2, 6)),
    ("address_2", (2, 6)),
    ("suburb", (2, 8)),
    ("postcode", (1, 12, True)),
    ("state", (2, 4)),
    ("date_of_birth", (1, 15, True)),
]
FEBRL4 = [
    ("rec_id", None),
    ("given_name", (2, 20)),
    ("surname", (2, 20)),
    ("street_number", None),
    ("address_1", None),
    ("address_2", None),
    ("suburb", None),
    ("postcode", (1, 20, True)),
    ("state", None),
    ("date_of_birth", (1, 20, True)),
]
CROSS = [
    ("rec_id", None),
    ("given_name", (2, 20)),
    ("surname", (2, 20)),
    ("date_of_birth", (1, 20, True)),
    ("sex", (1, 10)),
    ("nationality", (2, 8)),
    ("phone", (1, 8, True)),
]


def iso(s):
    s = (s or "").strip().rstrip(".")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        return f"{int(m[1]):04}-{int(m[2]):02}-{int(m[3]):02}"
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", s)
    if m:
        return f"{int(m[3]):04}-{int(m[2]):02}-{int(m[1]):02}"
    m = re.fullmatch(r"(\d{4})", s)
    return m[1] if m else ""


def prepared(path, columns):
    """The file as clkhash reads it: the schema's columns in order; for the
    cross-script set, lower case, ISO dates and phone digits."""
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    ids = [r["rec_id"] for r in rows]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([c for c, _ in columns])
    for r in rows:
        vals = []
        for c, _ in columns:
            v = r.get(c, "") or ""
            if mode == "cross":
                v = v.lower()
                if c == "date_of_birth":
                    v = iso(v)
                if c == "phone":
                    v = re.sub(r"\D", "", v)[-9:]
            vals.append(v)
        w.writerow(vals)
    buf.seek(0)
    return ids, buf, len(rows)


columns = {"febrl8": FEBRL8, "febrl4": FEBRL4, "cross": CROSS}[mode]
schema = from_json_dict(
    {
        "version": 3,
        "clkConfig": {
            "l": 1024,
            "kdf": {"type": "HKDF", "hash": "SHA256", "keySize": 64},
        },
        "features": [
            ignored(c) if spec is None else feature(c, *spec) for c, spec in columns
        ],
    }
)

clks, ids, total, t_encode = [], [], 0, 0.0
for path in (a_path, b_path):
    rec_ids, buf, n = prepared(path, columns)
    t0 = time.perf_counter()
    filters = clk.generate_clk_from_csv(buf, SECRET, schema, validate=False, progress_bar=False)
    t_encode += time.perf_counter() - t0
    total += n
    clks.append(filters)
    ids.append(rec_ids)
print(f"clkhash encoding: {total} records in {t_encode:.2f} s = {total / t_encode:.0f} records/s")

# The kernel's speed, at a threshold few pairs reach: anonlink keeps every
# pair above its threshold, and unrelated filters half full are near Dice
# 0.5, so a low threshold measures its sorting, not its comparisons.
t0 = time.perf_counter()
anonlink.candidate_generation.find_candidate_pairs(
    clks, anonlink.similarities.dice_coefficient_accelerated, 0.95
)
t_compare = time.perf_counter() - t0
comparisons = len(clks[0]) * len(clks[1])
print(
    f"anonlink comparisons: {comparisons} in {t_compare:.3f} s = "
    f"{comparisons / t_compare / 1e6:.1f} M/s (one thread)"
)
candidates = anonlink.candidate_generation.find_candidate_pairs(
    clks, anonlink.similarities.dice_coefficient_accelerated, 0.6
)
sims, dsets, recs = candidates
for t in [x / 100 for x in range(60, 100)]:
    keep = [i for i, s in enumerate(sims) if s >= t]
    def pick(a):
        return array.array(a.typecode, (a[i] for i in keep))

    sub = (pick(sims), tuple(pick(d) for d in dsets), tuple(pick(r) for r in recs))
    groups = anonlink.solving.greedy_solve(sub)
    with open(out / f"pairs_{t:.2f}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["left_id", "right_id", "similarity"])
        for g in groups:
            g = sorted(g)
            if len(g) == 2 and g[0][0] == 0 and g[1][0] == 1:
                w.writerow([ids[0][g[0][1]], ids[1][g[1][1]], ""])
