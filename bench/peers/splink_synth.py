"""Splink (4.x, DuckDB) on the synthetic people of ../shared/eval/tools/gen_synth.py
(dedupe), with narrow blocking as in the peer figure of the linkage issue;
writes pairs in Corridor's format for bench/peers/evaluate.py.

    python bench/peers/splink_synth.py SYNTH.csv OUT_PAIRS
"""
import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

data, out_pairs = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
df = pd.read_csv(data, dtype=str).drop(columns=["cluster"])
settings = SettingsCreator(
    link_type="dedupe_only",
    comparisons=[
        cl.NameComparison("first_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
        cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        cl.EmailComparison("email"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("postcode", "dob"),
        block_on("email"),
    ],
)
linker = Linker(df, settings, DuckDBAPI())
linker.training.estimate_probability_two_random_records_match(
    [block_on("first_name", "surname", "dob")], recall=0.7
)
linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
t_train = time.perf_counter() - t0
predictions = linker.inference.predict(threshold_match_probability=0.5)
out = predictions.as_pandas_dataframe()
pd.DataFrame(
    {
        "left_id": out["unique_id_l"],
        "right_id": out["unique_id_r"],
        "match_weight": out["match_weight"],
        "match_probability": out["match_probability"],
    }
).to_csv(out_pairs, index=False)
print(f"splink synth: {time.perf_counter() - t0:.1f} s ({t_train:.1f} s training), {len(out)} pairs")
