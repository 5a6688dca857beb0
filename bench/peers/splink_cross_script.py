"""Splink (4.x, DuckDB) on the cross-script set of bench/peers/cross_script.py,
standardised as the linkage issue describes the peer: lower case, ISO dates
(a year alone kept as a year), phone digits (last nine), and with
--unidecode names first transliterated to ASCII. Writes pairs in Corridor's
format for bench/peers/evaluate.py.

    python bench/peers/splink_cross_script.py DIR OUT_PAIRS [--unidecode] [--threshold P]
"""
import re
import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

d, out_pairs = sys.argv[1], sys.argv[2]
ascii_names = "--unidecode" in sys.argv
threshold = float(sys.argv[sys.argv.index("--threshold") + 1]) if "--threshold" in sys.argv else 0.5
t0 = time.perf_counter()
if ascii_names:
    from unidecode import unidecode


def iso(s):
    s = str(s or "").strip().rstrip(".")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s) or None
    if m:
        return f"{int(m[1]):04}-{int(m[2]):02}-{int(m[3]):02}"
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", s)
    if m:
        return f"{int(m[3]):04}-{int(m[2]):02}-{int(m[1]):02}"
    m = re.fullmatch(r"(\d{4})", s)
    return m[1] if m else None


def prepare(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False).rename(columns={"rec_id": "unique_id"})
    for c in ("given_name", "surname"):
        v = df[c].str.lower()
        df[c] = (v.map(unidecode) if ascii_names else v).replace("", None)
    df["date_of_birth"] = df["date_of_birth"].map(iso)
    df["year"] = df["date_of_birth"].str[:4]
    df["phone"] = df["phone"].map(lambda p: re.sub(r"\D", "", p)[-9:] or None)
    for c in ("sex", "nationality"):
        df[c] = df[c].replace("", None)
    return df


left, right = prepare(f"{d}/left.csv"), prepare(f"{d}/right.csv")
settings = SettingsCreator(
    link_type="link_only",
    comparisons=[
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.ExactMatch("date_of_birth"),
        cl.ExactMatch("year"),
        cl.ExactMatch("sex"),
        cl.ExactMatch("nationality"),
        cl.ExactMatch("phone"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("given_name"),
        block_on("surname"),
        block_on("date_of_birth"),
        block_on("phone"),
        "l.given_name = r.surname and l.surname = r.given_name",
    ],
)
linker = Linker([left, right], settings, DuckDBAPI())
linker.training.estimate_probability_two_random_records_match(
    [block_on("given_name", "surname", "date_of_birth")], recall=0.7
)
linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name"))
df = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
pd.DataFrame(
    {
        "left_id": df["unique_id_l"],
        "right_id": df["unique_id_r"],
        "match_weight": df["match_weight"],
        "match_probability": df["match_probability"],
    }
).to_csv(out_pairs, index=False)
print(f"splink cross-script{' (unidecode)' if ascii_names else ''}: {time.perf_counter() - t0:.1f} s, {len(df)} pairs")
