"""Splink (4.x, DuckDB), configured as an expert would, on FEBRL4 (link) or
FEBRL3 (dedupe) without soc_sec_id; writes pairs and clusters CSVs in
Corridor's format so that bench/peers/evaluate.py scores both alike.

    python bench/peers/splink_febrl.py febrl4|febrl3 DATA_DIR OUT_PAIRS [OUT_CLUSTERS]
"""
import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

which, data, out_pairs = sys.argv[1], sys.argv[2], sys.argv[3]
out_clusters = sys.argv[4] if len(sys.argv) > 4 else None
t0 = time.perf_counter()
read = lambda name: pd.read_csv(f"{data}/{name}", dtype=str).rename(columns={"rec_id": "unique_id"})
frames = [read("febrl4_a.csv"), read("febrl4_b.csv")] if which == "febrl4" else [read("febrl3.csv")]
blocking = [
    block_on("given_name"),
    block_on("surname"),
    block_on("date_of_birth"),
    block_on("postcode"),
    block_on("address_1"),
    block_on("suburb", "street_number"),
    "l.given_name = r.surname and l.surname = r.given_name",
]
settings = SettingsCreator(
    link_type="link_only" if which == "febrl4" else "dedupe_only",
    comparisons=[
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.75]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.75]),
        cl.ExactMatch("street_number"),
        cl.ExactMatch("state"),
    ],
    blocking_rules_to_generate_predictions=blocking,
)
linker = Linker(frames, settings, DuckDBAPI())
linker.training.estimate_probability_two_random_records_match(
    [block_on("given_name", "surname", "date_of_birth")], recall=0.7
)
linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
predictions = linker.inference.predict(threshold_match_probability=0.5)
df = predictions.as_pandas_dataframe()
pairs = pd.DataFrame(
    {
        "left_id": df["unique_id_l"],
        "right_id": df["unique_id_r"],
        "match_weight": df["match_weight"],
        "match_probability": df["match_probability"],
    }
)
pairs.to_csv(out_pairs, index=False)
if out_clusters:
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5).as_pandas_dataframe()
    clusters.rename(columns={"unique_id": "id"})[["id", "cluster_id"]].to_csv(out_clusters, index=False)
print(f"splink {which}: {time.perf_counter() - t0:.1f} s, {len(pairs)} pairs")
