#!/usr/bin/env python3
"""Four more lead-file shapes, written after the bench files had been tuned to (2026-12-05), to measure leadscore
on data it was not tuned to (`make bench-unseen`, Tests/bench/unseen.sh), a fifth added on 2026-12-06 with the
change it measured (the split kernel's quoted fields), a sixth on 2026-12-07 (sparse: no change was made for it), and
a seventh the same day (floats: found slow, and the change it measured).
Not part of `make bench`.

  unseen.py crm    --rows N --seed S --out FILE   # 24 columns: UUID ids, date-times, log-normal revenue,
                                                  # TRUE/FALSE flags, quoted multi-value text, 6% gaps
  unseen.py narrow --rows N --seed S --out FILE   # 9 columns: integer ids, 120 countries, few numbers
  unseen.py flags  --rows N --seed S --out FILE   # 51 columns: 24 true/false flags, 16 counts, 8 categoricals
  unseen.py wide   --rows N --seed S --out FILE   # 124 columns: 120 measurements (1-4 decimals, 5% gaps each)
  unseen.py export --rows N --seed S --out FILE   # crm's columns as a CRM's export writes them: every field
                                                  # quoted, CRLF line endings
  unseen.py sparse --rows N --seed S --out FILE   # 29 columns of a web form's optional fields: most of them
                                                  # empty (15-70%), N/A and null, Yes/No flags with gaps
  unseen.py floats --rows N --seed S --out FILE   # 22 columns: 16 float64 columns written in full (17 digits)

The label follows a few columns with noise, so a fit has something to find. Needs numpy and pandas."""
import argparse
import csv
import numpy as np
import pandas as pd


def crm(n, rng):
    c = {}
    parts = [rng.integers(0, 2**32, n), rng.integers(0, 2**16, n), rng.integers(0, 4096, n),
             rng.integers(0, 4096, n), rng.integers(0, 2**48, n)]
    c["opportunity_id"] = [f"{a:08x}-{b:04x}-4{x:03x}-a{d:03x}-{e:012x}" for a, b, x, d, e in zip(*parts)]
    t = np.sort(rng.integers(1704067200, 1735689600, n))
    c["created_at"] = np.datetime_as_string(t.astype("datetime64[s]"), unit="s")
    c["segment"] = rng.choice(["SMB", "Mid-Market", "Enterprise", "Strategic"], n, p=[.5, .3, .15, .05])
    c["industry"] = rng.choice([f"Industry {i}" for i in range(45)], n)
    c["state"] = rng.choice([f"S{i:02d}" for i in range(52)], n)
    c["owner_team"] = rng.choice(["East", "West", "Central", "Partner", "Inbound"], n)
    c["annual_revenue"] = np.round(np.exp(rng.normal(15, 2, n))).astype(np.int64)
    c["employee_count"] = np.round(np.exp(rng.normal(4.5, 1.5, n))).astype(np.int64)
    c["lead_score_legacy"] = rng.integers(0, 101, n)
    c["web_sessions_30d"] = rng.poisson(3, n)
    c["page_views_30d"] = rng.poisson(12, n)
    c["avg_session_minutes"] = np.round(rng.gamma(2, 3, n), 1)
    c["email_open_rate"] = np.round(rng.beta(2, 5, n), 3)
    c["email_click_rate"] = np.round(rng.beta(1, 12, n), 4)
    c["events_attended"] = rng.poisson(0.4, n)
    c["is_existing_customer"] = rng.choice(["TRUE", "FALSE"], n, p=[.1, .9])
    c["has_partner"] = rng.choice(["TRUE", "FALSE"], n, p=[.2, .8])
    c["requested_demo"] = rng.choice(["TRUE", "FALSE"], n, p=[.15, .85])
    c["budget_status"] = rng.choice(["Approved", "Pending", "None", "Unknown"], n)
    c["authority"] = rng.choice(["Economic Buyer", "Champion", "Influencer", "User"], n)
    c["timeline_days"] = rng.choice([30, 60, 90, 180, 365], n)
    c["discount_pct"] = np.round(rng.uniform(0, 35, n), 2)
    c["product_interest"] = rng.choice(["Core", "Core, Analytics", "Analytics", "Platform, Core", "Services"], n)
    z = ((np.log(c["annual_revenue"]) - 15) / 2 * 0.4 + c["web_sessions_30d"] * 0.15
         + (c["requested_demo"] == "TRUE") * 1.2 - 2.5 + rng.normal(0, 1, n))
    for k in ["avg_session_minutes", "email_open_rate", "discount_pct"]:
        gap = rng.random(n) < 0.06
        c[k] = np.where(gap, "", c[k].astype(str))
    c["is_won"] = (z > 0).astype(int)
    return c


def narrow(n, rng):
    c = {"id": np.arange(1, n + 1)}
    c["signup"] = np.datetime_as_string(np.sort(rng.integers(19000, 19700, n)).astype("datetime64[D]"))
    c["source"] = rng.choice(["ads", "seo", "referral", "event", "outbound", "partner"], n)
    c["country"] = rng.choice([f"C{i}" for i in range(120)], n)
    c["visits"] = rng.poisson(6, n)
    c["minutes"] = np.round(rng.exponential(20, n), 2)
    c["mql"] = rng.choice(["yes", "no"], n)
    c["seats"] = rng.integers(1, 5000, n)
    z = c["visits"] * 0.1 + (c["mql"] == "yes") * 0.8 - 2 + rng.normal(0, 1, n)
    c["converted"] = (z > 0).astype(int)
    return c


def flags(n, rng):
    c = {"lead_id": np.array([f"W{i:09d}" for i in range(n)])}
    c["created_date"] = np.datetime_as_string(np.sort(rng.integers(19000, 19700, n)).astype("datetime64[D]"))
    z = rng.normal(0, 1, n) - 1.5
    for i in range(24):
        v = rng.random(n) < rng.uniform(0.05, 0.6)
        c[f"flag_{i:02d}"] = np.where(v, "true", "false")
        z += v * rng.normal(0, 0.5)
    for i in range(16):
        v = rng.poisson(rng.uniform(0.5, 20), n)
        c[f"count_{i:02d}"] = v
        z += v * rng.normal(0, 0.02)
    for i in range(8):
        c[f"cat_{i}"] = rng.choice([f"v{j}" for j in range(int(rng.integers(3, 30)))], n)
    c["won"] = (z > 0).astype(int)
    return c


def wide(n, rng):
    """Added 2026-12-05 (the sixteenth round): on it train was 7.2x the pandas peer, below the 8x target, until
    missing indicators became codes."""
    c = {"lead_id": np.arange(n)}
    c["created"] = np.datetime_as_string(np.sort(rng.integers(19000, 19700, n)).astype("datetime64[D]"))
    z = rng.normal(0, 1, n) - 1
    for i in range(120):
        v = np.round(rng.normal(rng.uniform(-50, 50), rng.uniform(1, 30), n), i % 4 + 1)
        z += (v - v.mean()) / v.std() * rng.normal(0, 0.15)
        v = v.astype(object)
        v[rng.random(n) < 0.05] = None
        c[f"f{i:03d}"] = v
    c["stage"] = rng.choice(["new", "working", "nurture", "qualified"], n)
    c["won"] = (z > 0).astype(int)
    return c


def sparse(n, rng):
    """Added 2026-12-07 (the thirtieth round), written before leadscore was run on it: a web form's optional
    fields, most left empty, so every numeric column and every flag carries a missing indicator."""
    c = {"lead_id": np.array([f"F{i:08d}" for i in range(n)])}
    c["submitted"] = np.datetime_as_string(np.sort(rng.integers(19000, 19700, n)).astype("datetime64[D]"))
    z = rng.normal(0, 1, n) - 1.2

    def gaps(v, rate):
        v = v.astype(object)
        v[rng.random(n) < rate] = ""
        tokens = rng.random(n)
        v[tokens < 0.01] = "N/A"
        v[(tokens >= 0.01) & (tokens < 0.015)] = "null"
        return v
    for i in range(12):
        rate = rng.uniform(0.15, 0.7)
        v = rng.poisson(rng.uniform(1, 40), n) if i % 2 == 0 else np.round(rng.gamma(2, rng.uniform(5, 500), n), 2)
        z += (v - v.mean()) / v.std() * rng.normal(0, 0.3)
        c[f"field_{i:02d}"] = gaps(v, rate)
    for i in range(8):
        levels = [f"option {j}" for j in range(int(rng.integers(4, 60)))]
        v = rng.choice(levels, n)
        z += (v == levels[0]) * 0.5
        c[f"choice_{i}"] = gaps(v, rng.uniform(0.2, 0.6))
    for i in range(6):
        v = rng.random(n) < rng.uniform(0.1, 0.5)
        z += v * rng.normal(0, 0.6)
        c[f"opt_in_{i}"] = gaps(np.where(v, "Yes", "No"), rng.uniform(0.1, 0.4))
    c["converted"] = (z > 0).astype(int)
    return c


def floats(n, rng):
    """Added 2026-12-07 (the thirty-second round): float64 columns as `pandas.to_csv` writes them, in full (the
    shortest text that reads back: 15 to 17 digits), as a notebook's or a warehouse's export holds model scores and
    measurements. On it read + encode was 176 MB/s and train 3.6x the pandas peer (`strtod` for every number past
    2^53) until the Eisel-Lemire path."""
    c = {"lead_id": np.arange(n) + 100000}
    c["created"] = np.datetime_as_string(np.sort(rng.integers(1704067200, 1735689600, n)).astype("datetime64[s]"),
                                         unit="s")
    for k in range(14):
        c[f"f{k}"] = rng.normal(0, 1, n) * (10.0 ** rng.integers(-2, 4))
    c["score_model_a"] = rng.random(n)
    c["score_model_b"] = rng.beta(2, 5, n)
    c["region"] = rng.choice(["NA", "EMEA", "APAC", "LATAM"], n)
    c["tier"] = rng.choice([f"T{i}" for i in range(12)], n)
    c["visits"] = rng.poisson(4, n)
    z = c["f0"] / np.std(c["f0"]) * 0.5 + c["score_model_a"] * 1.5 - 1 + rng.normal(0, 1, n)
    c["won"] = (z > 0).astype(int)
    return c


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("shape", choices=["crm", "narrow", "flags", "wide", "export", "sparse", "floats"])
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    make = {"crm": crm, "narrow": narrow, "flags": flags, "wide": wide, "export": crm, "sparse": sparse,
            "floats": floats}[a.shape]
    quoting = {"quoting": csv.QUOTE_ALL, "lineterminator": "\r\n"} if a.shape == "export" else {}
    pd.DataFrame(make(a.rows, rng)).to_csv(a.out, index=False, **quoting)
