#!/usr/bin/env python3
"""Writes Tests/LeadScoreTests/Fixtures/segments.csv: three segments of one logistic model whose x1 slope
differs (north +1.5 on 1,500 rows, south -0.5 on 1,500, west -0.5 on 200); x2 0.5, kind=a 0.4, intercept -1.

  python3 Tests/reference/segments_fixture.py > Tests/LeadScoreTests/Fixtures/segments.csv
"""
import math, random

random.seed(7)
rows = ["lead_id,segment,x1,x2,kind,converted"]


def gen(n, seg, slope, base):
    for _ in range(n):
        x1 = random.gauss(0, 1); x2 = random.gauss(0, 1); kind = random.choice(["a", "b", "c"])
        eta = base + slope * x1 + 0.5 * x2 + (0.4 if kind == "a" else 0)
        y = 1 if random.random() < 1 / (1 + math.exp(-eta)) else 0
        rows.append(f"S{len(rows):05d},{seg},{x1:.4f},{x2:.4f},{kind},{y}")


gen(1500, "north", 1.5, -1.0); gen(1500, "south", -0.5, -1.0); gen(200, "west", -0.5, -1.0)
print("\n".join(rows))
