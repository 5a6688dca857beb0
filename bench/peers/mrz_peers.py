"""Checks per second of the python MRZ peers on the evaluation vectors.

python mrz_peers.py VECTORS.jsonl [SECONDS]

- `mrz` (Arg0s1080/mrz, PyPI `mrz`): TD3CodeChecker on the TD3 zones, the
  way its README checks a passport (every check digit, dates, codes, names).
- PassportEye: `passporteye.mrz.text.MRZ` parsing the TD3 zones and all
  zones (its text parser only; no image, no OCR).
Prints one line per measurement: tool, zones, count, seconds, rate.
"""
import json
import sys
import time

from mrz.checker.td3 import TD3CodeChecker
from passporteye.mrz.text import MRZ


def rate(name, which, zones, work, seconds):
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for z in zones:
            work(z)
        n += len(zones)
    elapsed = time.perf_counter() - start
    print(f"{name}\t{which}\t{len(zones)} zones\t{n} checks in {elapsed:.2f} s\t{n / elapsed:.0f} checks/s")


def main():
    path = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    vectors = [json.loads(l) for l in open(path) if l.strip()]
    td3 = [v["mrz"] for v in vectors if v["format"] == "TD3"]
    every = [v["mrz"] for v in vectors]

    def check(z):
        # bool() runs every check; the report is what a caller reads.
        c = TD3CodeChecker(z)
        bool(c)
        return c.report

    rate("python-mrz", "TD3", td3, check, seconds)

    def parse(z):
        # It takes the lines as a list; a string would be read as no zone.
        m = MRZ(z.split("\n"))
        return m.to_dict()

    assert all(MRZ(z.split("\n")).mrz_type == "TD3" for z in td3)

    rate("passporteye", "TD3", td3, parse, seconds)
    rate("passporteye", "all", every, parse, seconds)


if __name__ == "__main__":
    main()
