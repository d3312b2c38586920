#!/usr/bin/env python3
"""Independent reference for leadscore's activity features (README "Activity events"), in pandas.

  event_features.py --leads FILE --events FILE --snapshot-days N [--half-life 30] [--half-life-type meeting=90 ...]

Each lead's as-of time is its created_date (the first row of its id) plus N days, UTC. An event counts when its
lead id is known, its time parses (ISO date or date-time; no zone means UTC), and it is strictly before the
as-of time. Per lead and type t: events:t = sum of 2^(-age_days / h_t); events:t:days_since_last =
min(age of the newest event, 365), 365 without one; events:any:count_30d = events with age <= 30 days.
Prints JSON: {"features": [names], "leads": {id: [values]}, "counts": {reason: n}} with floats as repr.
"""
import argparse, json
import pandas as pd

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--leads"); ap.add_argument("--events"); ap.add_argument("--snapshot-days", type=float)
    ap.add_argument("--half-life", type=float, default=30.0); ap.add_argument("--half-life-type", action="append", default=[])
    a = ap.parse_args()
    half = {k: float(v) for k, v in (s.split("=") for s in a.half_life_type)}
    leads = pd.read_csv(a.leads, dtype=str, keep_default_na=False)
    leads = leads[leads["lead_id"].str.strip() != ""].drop_duplicates("lead_id", keep="first")
    created = pd.to_datetime(leads["created_date"].where(leads["created_date"] != ""), utc=True, format="ISO8601")
    leads = leads.assign(as_of=created + pd.to_timedelta(a.snapshot_days, unit="D"))
    ev = pd.read_csv(a.events, dtype=str, keep_default_na=False, on_bad_lines="skip", engine="python")
    counts = {}
    ev = ev[ev["lead_id"] != ""]
    known = ev["lead_id"].isin(leads["lead_id"])
    counts["unknown_lead"] = int((~known).sum()); ev = ev[known]
    ev = ev[ev["activity_type"] != ""]
    t = pd.to_datetime(ev["occurred_at"], utc=True, format="ISO8601", errors="coerce")
    counts["bad_time"] = int(t.isna().sum())
    ev = ev.assign(time=t)[t.notna()].merge(leads[["lead_id", "as_of"]], on="lead_id")
    ev = ev[ev["as_of"].notna()]
    after = ev["time"] >= ev["as_of"]
    counts["after_as_of"] = int(after.sum()); ev = ev[~after]
    counts["used"] = len(ev)
    age = (ev["as_of"] - ev["time"]).dt.total_seconds() / 86400.0
    h = ev["activity_type"].map(lambda x: half.get(x, a.half_life))
    ev = ev.assign(age=age, decay=2.0 ** (-age / h))
    types = sorted(ev["activity_type"].unique())
    sums = ev.pivot_table(index="lead_id", columns="activity_type", values="decay", aggfunc="sum")
    newest = ev.groupby(["lead_id", "activity_type"])["age"].min().unstack()
    recent = ev[ev["age"] <= 30].groupby("lead_id").size()
    names, out = [], {}
    for ty in types: names += [f"events:{ty}", f"events:{ty}:days_since_last"]
    names.append("events:any:count_30d")
    for lead in leads["lead_id"]:
        row = []
        for ty in types:
            s = sums.at[lead, ty] if lead in sums.index and ty in sums.columns and pd.notna(sums.at[lead, ty]) else 0.0
            d = newest.at[lead, ty] if lead in newest.index and ty in newest.columns and pd.notna(newest.at[lead, ty]) else 365.0
            row += [float(s), float(min(d, 365.0))]
        row.append(float(recent.get(lead, 0)))
        out[lead] = row
    print(json.dumps({"features": names, "leads": out, "counts": counts}))

if __name__ == "__main__":
    main()
