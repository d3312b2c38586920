#!/usr/bin/env python3
"""Independent reference for leadscore's tests: the documented encoding written in pandas, then
scikit-learn's LogisticRegression (and statsmodels' Logit for lambda = 0) on that matrix.

  encode_and_fit.py --data FILE --label COL [--exclude a,b] [--missing a,b] [--l2 1] [--min-level-count 10]
                    [--rows 0,1,2] [--statsmodels] [--groups "fit=a,b;engagement=c,d"] [--fit-where COL=VALUE]

Prints JSON: term names, coefficients, standard errors (statsmodels), and the probabilities of --rows; with
--groups, each group's log-odds for --rows: b + sum over the group's columns f of c_f, where c_f is the sum
over f's terms j of beta_j * (x_j - m_j), m_j the term's mean over the fitted rows and b = beta_0 + sum_j
beta_j * m_j (README "Fit and engagement sub-scores").
Encoding (README "Encoding"): numeric -> (x - mean)/sd, mean over present values, sd = population sd of the
mean-imputed column (1 when 0), plus `col:missing` when any value is missing; 0/1-only numerics and one-pair
text columns (true/false, yes/no, y/n, t/f, 1/0) -> boolean 0/1, missing -> share of true plus `col:missing`;
other text -> one-hot over sorted levels, levels with fewer than min-level-count rows -> `(other)`,
missing -> `(missing)`. lambda = 0 drops each categorical's most frequent level.
"""
import argparse, json
import numpy as np, pandas as pd
from sklearn.linear_model import LogisticRegression

PAIRS = [("true", "false"), ("yes", "no"), ("y", "n"), ("t", "f"), ("1", "0")]
BUILTIN = {"na", "n/a", "null", "nan", "\\n"}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data"); ap.add_argument("--label"); ap.add_argument("--exclude", default="")
    ap.add_argument("--missing", default=""); ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--min-level-count", type=int, default=10); ap.add_argument("--rows", default="0")
    ap.add_argument("--statsmodels", action="store_true"); ap.add_argument("--groups", default="")
    ap.add_argument("--fit-where", default="", help="COL=VALUE: encode on every row, fit on these rows only")
    a = ap.parse_args()
    head = open(a.data).readline()
    sep = max([",", ";", "\t"], key=head.count)
    raw = pd.read_csv(a.data, sep=sep, dtype=str, keep_default_na=False)
    extra = set(x for x in a.missing.split(",") if x)
    miss = raw.apply(lambda c: c.map(lambda v: v == "" or v.lower() in BUILTIN or v in extra))
    y = (raw[a.label].str.lower().isin(["1", "true", "yes", "y", "won"])).astype(float).to_numpy()
    cols, names = [], []
    for c in raw.columns:
        if c == a.label or c in a.exclude.split(","):
            continue
        present = raw[c][~miss[c]]
        nums = pd.to_numeric(present, errors="coerce")
        lowered = set(present.str.lower())
        if nums.notna().all() and set(nums.unique()) <= {0.0, 1.0} and len(set(nums.unique())) == 2:
            kind = "bool"
        elif nums.notna().all():
            kind = "num"
        elif len(lowered) == 2 and any(lowered <= set(p) for p in PAIRS):
            kind = "bool"
        else:
            kind = "cat"
        if kind == "num":
            v = pd.to_numeric(raw[c].where(~miss[c]), errors="coerce").to_numpy(float)
            m = np.nanmean(v); f = np.where(np.isnan(v), m, v); sd = f.std() or 1.0
            cols.append((f - m) / sd); names.append(c)
            if np.isnan(v).any():
                cols.append(np.isnan(v).astype(float)); names.append(c + ":missing")
        elif kind == "bool":
            s = raw[c].str.lower()
            truth = {t for p in PAIRS for t in [p[0]]}
            v = np.where(miss[c], np.nan, s.isin(truth).astype(float))
            m = np.nanmean(v)
            cols.append(np.where(np.isnan(v), m, v)); names.append(c)
            if np.isnan(v).any():
                cols.append(np.isnan(v).astype(float)); names.append(c + ":missing")
        else:
            s = raw[c].where(~miss[c], "(missing)")
            counts = s[s != "(missing)"].value_counts()
            rare = set(counts[counts < a.min_level_count].index)
            s = s.map(lambda v: "(other)" if v in rare else v)
            levels = sorted(set(s) - {"(other)", "(missing)"})
            levels += [x for x in ["(other)", "(missing)"] if x in set(s)]
            if a.l2 == 0:
                vc = s.value_counts()
                top = max(levels, key=lambda l: (vc[l], -levels.index(l)))
                levels.remove(top)
            for l in levels:
                cols.append((s == l).to_numpy(float)); names.append(f"{c}={l}")
    X = np.column_stack(cols)
    m = LogisticRegression(C=1.0 / a.l2 if a.l2 > 0 else np.inf, solver="newton-cholesky", max_iter=1000, tol=1e-12)
    if a.fit_where:
        col, val = a.fit_where.split("=")
        keep = (raw[col] == val).to_numpy()
        m.fit(X[keep], y[keep])
    else:
        m.fit(X, y)
    rows = [int(r) for r in a.rows.split(",")]
    out = {"terms": ["(intercept)"] + names, "coef": [m.intercept_[0]] + list(m.coef_[0]),
           "prob": [float(p) for p in m.predict_proba(X[rows])[:, 1]], "rows": rows}
    if a.groups:
        beta = m.coef_[0]; means = X.mean(axis=0)
        b = m.intercept_[0] + float(beta @ means)
        column = [n.split("=")[0].removesuffix(":missing") for n in names]
        out["groups"] = {}
        for part in a.groups.split(";"):
            g, members = part.split("=")
            idx = [j for j, c in enumerate(column) if c in members.split(",")]
            out["groups"][g] = [b + float(sum(beta[j] * (X[r, j] - means[j]) for j in idx)) for r in rows]
    if a.statsmodels:
        import statsmodels.api as sm
        r = sm.Logit(y, sm.add_constant(X)).fit(disp=0, tol=1e-12, maxiter=200)
        out["sm_coef"] = list(r.params); out["sm_se"] = list(r.bse)
    print(json.dumps(out, indent=1))

main()
