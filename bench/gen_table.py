#!/usr/bin/env python3
"""Writes a CSV file of ROWS rows x 20 numeric and 2 categorical columns (seeded, so the same
arguments give the same bytes): the data shape the table-reading and validation benchmarks use.

    python3 bench/gen_table.py OUT.csv [ROWS] [SEED] [SHIFT]

SHIFT (default 0) moves the numeric columns' means, for a drifted copy."""
import random
import sys

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
shift = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
cities = ["Lisbon", "Porto", "Braga", "Faro", "Coimbra", "Aveiro"]
plans = ["basic", "plus", "pro"]
with open(out, "w", newline="") as f:
    f.write(",".join([f"x{i}" for i in range(20)] + ["city", "plan"]) + "\n")
    gauss = rng.gauss
    for _ in range(rows):
        nums = [f"{gauss(i + shift, 1 + i / 10):.4f}" for i in range(20)]
        f.write(",".join(nums) + "," + rng.choice(cities) + "," + rng.choice(plans) + "\n")
