#!/usr/bin/env python3
"""Writes Tests/LeadScoreTests/Fixtures/log1p_unit.txt: log1p(t) for 3,000 doubles t in [0, 1] by mpmath (1.3.0;
200-bit arithmetic), the reference of Log1pKernelTests for CKernels/log1p.c. Each line: t, the double nearest
log1p(t), and how far log1p(t) lies from that double in its units in the last place (so a test can measure any
value's true error), t and the double as hexadecimal floats. The t: a seeded mix of uniform values, e^-x for x up to
745 (the objective's e^-|eta|), values within a few ulps of sqrt(2) - 1 (where the kernel's reduction switches), tiny
and subnormal values, 0 and 1.

  python3 Tests/reference/log1p_unit.py > Tests/LeadScoreTests/Fixtures/log1p_unit.txt
"""
import math
import random

import mpmath

mpmath.mp.prec = 200
rng = random.Random(20261207)
ts = [0.0, 1.0, 5e-324, 2.0 ** -1074 * 3, 2.0 ** -60, 2.0 ** -53, 2.0 ** -52, 0.5, math.sqrt(2) - 1]
edge = math.sqrt(2) - 1
for k in range(-40, 41):
    ts.append(edge + k * math.ulp(edge))
while len(ts) < 1500:
    ts.append(rng.random())
while len(ts) < 2800:
    ts.append(math.exp(-745 * rng.random()))
while len(ts) < 3000:
    ts.append(math.ldexp(rng.random(), -rng.randrange(20, 1074)))
print("# t, nearest double to log1p(t), (log1p(t) - nearest) / ulp: mpmath 1.3.0 at 200 bits (Tests/reference/log1p_unit.py)")
for t in ts:
    exact = mpmath.log1p(mpmath.mpf(t))
    nearest = float(exact)
    if nearest == 0:
        residual = 0.0
    else:
        residual = float((exact - mpmath.mpf(nearest)) / mpmath.mpf(math.ulp(nearest)))
    print(f"{t.hex()} {nearest.hex()} {residual!r}")
