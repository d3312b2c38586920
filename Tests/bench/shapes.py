#!/usr/bin/env python3
"""Lead files shaped unlike `leadscore synth`'s sample, for `make bench` (issue 14): the speed must hold on a
user's data, not on one file.

  shapes.py levels  --rows N --seed S --out FILE   # many levels, long quoted text with commas
  shapes.py numeric --rows N --seed S --out FILE   # 44 numeric columns with decimals and gaps

levels: 300 industries and 60 countries (Zipf-like), 5,000 email domains (most of them rare: leadscore folds them
  with --min-level-count), a company name quoted because it holds a comma, a 30-130 character note with commas
  and doubled quotes (excluded from the model), yes/no and true/false flags, counts, and the label.
numeric: 40 measurements with 2-6 decimals (a quarter of them 8% missing as empty fields), 2 flags,
  2 small categoricals, and the label.
The label is drawn from a logistic model of a few columns, so a fit has something to find.
Needs numpy and pandas (the peer's own dependencies)."""
import argparse
import numpy as np
import pandas as pd


def zipf_choice(rng, n_levels, rows, a=1.1):
    w = 1.0 / np.arange(1, n_levels + 1) ** a
    return rng.choice(n_levels, size=rows, p=w / w.sum())


def dates(rng, rows):
    days = np.sort(rng.integers(0, 730, size=rows))
    return (np.datetime64("2024-01-01") + days).astype(str)


def label(rng, z):
    return (rng.random(len(z)) < 1 / (1 + np.exp(-z))).astype(int)


def levels(rows, rng):
    ind = zipf_choice(rng, 300, rows)
    country = zipf_choice(rng, 60, rows, 1.3)
    dom = zipf_choice(rng, 5000, rows, 1.05)
    words = np.array(["renewal", "pricing", "asked about SSO", "budget, maybe Q3", "champion left",
                      "wants a \"pilot\"", "security review", "competitor, incumbent", "called back",
                      "no answer", "sent deck", "legal, procurement"])
    nwords = rng.integers(3, 10, size=rows)
    picks = rng.integers(0, len(words), size=(rows, 26))
    notes = [", ".join(words[picks[i, :nwords[i]]]) for i in range(rows)]
    employees = np.round(np.exp(rng.normal(5, 1.6, rows))).astype(int) + 1
    visits = rng.poisson(4, rows)
    clicks = rng.poisson(1.5, rows)
    idle = rng.integers(0, 200, rows)
    demo = rng.random(rows) < 0.12
    budget = rng.random(rows) < 0.3
    ind_eff = rng.normal(0, 0.6, 300)
    cty_eff = rng.normal(0, 0.4, 60)
    dom_eff = rng.normal(0, 0.3, 5000)
    z = (-3 + ind_eff[ind] + cty_eff[country] + dom_eff[dom] + 0.25 * np.log1p(visits) + 0.3 * clicks
         - 0.01 * idle + 1.2 * demo + 0.6 * budget)
    return pd.DataFrame({
        "lead_id": [f"B{i:08d}" for i in range(1, rows + 1)],
        "created_date": dates(rng, rows),
        "company": [f"Company {i % 97_003}, Inc." for i in range(rows)],
        "industry": [f"industry_{i:03d}" for i in ind],
        "country": [f"country_{c:02d}" for c in country],
        "email_domain": [f"d{d:04d}.example.com" for d in dom],
        "lead_source": rng.choice(["web", "event", "partner", "outbound", "paid_search", "social", "referral",
                                   "webinar", "trade_show", "content", "g2", "direct"], rows),
        "job_level": rng.choice(["ic", "manager", "director", "vp", "c_level", "other"], rows),
        "employees": employees,
        "site_visits": visits,
        "email_clicks": clicks,
        "days_idle": idle,
        "demo_requested": np.where(demo, "true", "false"),
        "budget_confirmed": np.where(budget, "yes", "no"),
        "notes": notes,
        "won": label(rng, z),
    })


def numeric(rows, rng):
    cols = {"lead_id": [f"N{i:08d}" for i in range(1, rows + 1)], "created_date": dates(rng, rows)}
    z = np.full(rows, -2.5)
    beta = rng.normal(0, 0.35, 40)
    for j in range(40):
        x = rng.normal(rng.uniform(-50, 500), rng.uniform(0.5, 90), rows)
        z += beta[j] * (x - x.mean()) / x.std()
        v = np.round(x, 2 + j % 5)
        s = pd.Series(v)
        if j % 4 == 0:
            s[rng.random(rows) < 0.08] = np.nan
        cols[f"m{j:02d}"] = s
    trial = rng.random(rows) < 0.2
    z += 0.9 * trial
    cols["trial_started"] = np.where(trial, "true", "false")
    cols["newsletter"] = np.where(rng.random(rows) < 0.5, "yes", "no")
    cols["plan"] = rng.choice(["free", "starter", "team", "business", "enterprise"], rows)
    cols["region"] = rng.choice(["americas", "emea", "apac", "latam"], rows)
    cols["converted"] = label(rng, z)
    return pd.DataFrame(cols)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shape", choices=["levels", "numeric"])
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    d = (levels if a.shape == "levels" else numeric)(a.rows, rng)
    d.to_csv(a.out + ".part", index=False)
    import os
    os.replace(a.out + ".part", a.out)


main()
