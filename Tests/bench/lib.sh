# Timing helpers shared by Tests/bench/run.sh (`make bench`) and Tests/bench/unseen.sh (`make bench-unseen`).
# Expects OUT (a folder for the last run's output and time), REPEAT and PEER_REPEAT.

timed() {  # timed CMD... -> "seconds peakMB" of the whole process
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$OUT/last.out" 2>&1 || { cat "$OUT/last.out"; exit 1; }
  awk '{printf "%.2f %.0f", $1, $2 / 1024}' "$OUT/time.txt"
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
