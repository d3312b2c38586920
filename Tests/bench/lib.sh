# Timing helpers shared by Tests/bench/run.sh (`make bench`) and Tests/bench/unseen.sh (`make bench-unseen`).
# Expects OUT (a folder for the last run's output and time), REPEAT and PEER_REPEAT.

# Time the host took from this VM's CPUs (the `steal` column of /proc/stat, both CPUs summed), in milliseconds.
# Two train runs of the 2026-12-07 bench took 10.49 and 4.33 s against medians of 2.14 and 0.90 s, and one by hand
# took 2.55 s with its usual 1.6 s of CPU: time the process neither used nor could account for. `stolen_note` lists
# the runs the host took time from under the tables, so that such a run is known for the host's, or not.
steal_ms() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%d", $9 * 1000 / hz}' /proc/stat; }

run_label() {  # run_label CMD... -> "program job file", e.g. "leadscore train leads_1000000.csv", "peer.py score ..."
  local prog=$1 job=$2 file
  if [ "$(basename "$1")" = python3 ]; then prog=$2; job=$3; fi
  file=$(printf '%s\n' "$@" | grep -m1 '\.csv$' || true)
  echo "$(basename "$prog") $job $(basename "${file:-–}")"
}

timed() {  # timed CMD... -> "seconds peakMB" of the whole process; a run the host took 50 ms or more from is noted
  local before after
  before=$(steal_ms)
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$OUT/last.out" 2>&1 || { cat "$OUT/last.out"; exit 1; }
  after=$(steal_ms)
  if [ $((after - before)) -ge 50 ]; then
    echo "$(run_label "$@") $(awk '{printf "%.2f s", $1}' "$OUT/time.txt"): $((after - before)) ms stolen" >> "$OUT/stolen.txt"
  fi
  awk '{printf "%.2f %.0f", $1, $2 / 1024}' "$OUT/time.txt"
}

stolen_note() {  # prints the runs the host took 50 ms or more from (since the bench began), then forgets them
  echo
  if [ -s "$OUT/stolen.txt" ]; then
    echo "Runs the host took 50 ms or more of CPU time from (/proc/stat steal, both CPUs; a peer's run times its own"
    echo "seconds, so only part of its stolen time may fall inside them):"
    echo
    sed 's/^/- /' "$OUT/stolen.txt"
  else
    echo "No run lost 50 ms or more to the host (/proc/stat steal)."
  fi
  rm -f "$OUT/stolen.txt"
}

# leadscore's jobs take 1-4 s, and on a shared VM one stall of a few hundred milliseconds moves such a time by
# a tenth or more: each is run REPEAT times (default 5) and its median is the one compared, with the range
# shown beside it and the largest peak RSS. The peers' single runs moved as much (numeric train's pandas peer
# 9.2 s in one bench and 13.1-13.9 s by hand ten minutes later): their jobs run PEER_REPEAT times (default 5)
# and the median of their own timed seconds is compared (the events peer runs once). Five, not three, since
# 2026-12-04: one stall covered two of numeric train's three runs (1.12, 1.68, 2.38 s; 1.00-1.14 s by hand
# minutes later), and a median of three cannot outvote that.
timed_median() {  # timed_median CMD... -> "median peakMB fastest slowest" over REPEAT runs
  local times=() peak=0 s mb
  for _ in $(seq "$REPEAT"); do
    read -r s mb <<< "$(timed "$@")"
    times+=("$s"); [ "$mb" -gt "$peak" ] && peak=$mb
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v peak="$peak" '{t[NR] = $1} END {printf "%s %s %s %s", t[int((NR + 1) / 2)], peak, t[1], t[NR]}'
}
spread() { [ "$REPEAT" -gt 1 ] && echo " (${1}–${2})" || true; }
peer_median() {  # peer_median CMD... -> "median peakMB fastest slowest" of the peer's timed seconds (its last line)
  local secs=() peak=0 mb
  for _ in $(seq "$PEER_REPEAT"); do
    read -r _ mb <<< "$(timed "$@")"
    secs+=("$(tail -n 1 "$OUT/last.out")"); [ "$mb" -gt "$peak" ] && peak=$mb
  done
  printf '%s\n' "${secs[@]}" | sort -n | awk -v peak="$peak" '{t[NR] = $1} END {printf "%s %s %s %s", t[int((NR + 1) / 2)], peak, t[1], t[NR]}'
}
peer_spread() { [ "$PEER_REPEAT" -gt 1 ] && echo " (${1}–${2})" || true; }
ratio() { awk "BEGIN{printf \"%.1f\", $1/$2}"; }
one() { awk "BEGIN{printf \"%.1f\", $1}"; }  # one decimal, as the ratios (7 → 7.0)
lower() { awk "BEGIN{print ($1 < $2) ? $1 : $2}"; }  # the smaller of two numbers
