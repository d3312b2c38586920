#!/usr/bin/env python3
"""Activity logs for `make bench` (issue 13), and the pandas peer of leadscore's activity features.

  events.py make --leads FILE --events N --seed S [--types K] --out FILE   # N events over the leads of FILE
  events.py peer --leads FILE --events FILE --snapshot-days D  # pandas: the same features, timed

make: each event picks a lead (Zipf-like: a few leads are very active), one of K types (default 8), and a time from 60 days
  before the lead's created_date to 90 days after; a sixth are written with a +02:00 offset, a tenth as dates.
peer: reads the leads' id and created_date and the log, keeps events strictly before created_date + D days,
  and computes per lead and type the sum of 2^(-age/30) and the days since the newest event (at most 365), and
  the events of the last 30 days: leadscore's events:<type>, events:<type>:days_since_last and
  events:any:count_30d (README "Activity from an event log"). Prints the timed seconds on its last line, as
  ../shared/bench/peer.py does.
Needs numpy and pandas."""
import argparse, os, sys, time
import numpy as np
import pandas as pd

TYPES = ["email_open", "email_click", "page_view", "page_view:pricing", "form_fill", "webinar", "meeting", "call"]


def make(a):
    rng = np.random.default_rng(a.seed)
    types = TYPES if a.types <= len(TYPES) else TYPES + [f"custom_{k}" for k in range(a.types - len(TYPES))]
    types = types[:a.types]
    leads = pd.read_csv(a.leads, usecols=["lead_id", "created_date"], dtype=str)
    n = a.events
    w = 1.0 / np.arange(1, len(leads) + 1) ** 0.6
    who = rng.permutation(len(leads))[rng.choice(len(leads), size=n, p=w / w.sum())]
    created = pd.to_datetime(leads["created_date"].to_numpy()[who]).to_numpy().astype("datetime64[s]").astype(np.int64)
    t = created + rng.integers(-60 * 86400, 90 * 86400, size=n)
    order = np.argsort(t, kind="stable")
    who, t = who[order], t[order]
    text = t.astype("datetime64[s]").astype(str)
    u = rng.random(n)
    local = (t + 7200).astype("datetime64[s]").astype(str)
    text = np.where(u < 1 / 6, np.char.add(local, "+02:00"), np.char.add(text, "Z"))
    text = np.where(u > 0.9, np.char.partition(text, "T")[:, 0], text)
    out = pd.DataFrame({"lead_id": leads["lead_id"].to_numpy()[who],
                        "activity_type": np.array(types)[rng.integers(0, len(types), size=n)], "occurred_at": text})
    out.to_csv(a.out + ".part", index=False)
    os.replace(a.out + ".part", a.out)


def peer(a):
    start = time.perf_counter()
    leads = pd.read_csv(a.leads, usecols=["lead_id", "created_date"], dtype=str).drop_duplicates("lead_id")
    as_of = pd.to_datetime(leads["created_date"], utc=True, format="ISO8601") + pd.Timedelta(days=a.snapshot_days)
    leads = pd.DataFrame({"lead_id": leads["lead_id"], "as_of": as_of})
    ev = pd.read_csv(a.events, dtype=str)
    ev["time"] = pd.to_datetime(ev["occurred_at"], utc=True, format="ISO8601", errors="coerce")
    ev = ev.merge(leads, on="lead_id", how="inner")
    ev = ev[ev["time"] < ev["as_of"]]
    age = (ev["as_of"] - ev["time"]).dt.total_seconds() / 86400.0
    ev = ev.assign(age=age, decay=np.exp2(-age / 30.0))
    g = ev.groupby(["lead_id", "activity_type"])
    sums = g["decay"].sum().unstack(fill_value=0.0)
    since = g["age"].min().unstack().clip(upper=365.0).fillna(365.0)
    recent = ev[ev["age"] <= 30].groupby("lead_id").size()
    features = pd.concat([sums.add_prefix("events:"), since.add_prefix("since:")], axis=1)
    features = features.reindex(leads["lead_id"]).fillna(0.0)
    features["events:any:count_30d"] = recent.reindex(leads["lead_id"]).fillna(0).to_numpy()
    elapsed = time.perf_counter() - start
    print(f"{len(ev)} events used, {features.shape[1]} features for {len(features)} leads", file=sys.stderr)
    print(f"{elapsed:.2f}")


ap = argparse.ArgumentParser()
ap.add_argument("job", choices=["make", "peer"])
ap.add_argument("--leads", required=True); ap.add_argument("--events"); ap.add_argument("--out")
ap.add_argument("--seed", type=int, default=41); ap.add_argument("--types", type=int, default=8); ap.add_argument("--snapshot-days", type=float, default=30)
a = ap.parse_args()
if a.job == "make":
    a.events = int(a.events)
    make(a)
else:
    peer(a)
