#!/usr/bin/env bash
# leadscore on seven lead-file shapes written after the three bench files had been tuned to (`make bench-unseen`,
# Tests/bench/unseen.py): train and score beside the pandas and polars peers, in the same run. score runs
# without a policy (these files have no BANT columns). Prints a Markdown table; keeps files in bench-out/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.build/release/leadscore
PEER=../shared/bench/peer.py
POLARS=../shared/bench/peer_polars.py
OUT=bench-out
REPEAT=${REPEAT:-5}
PEER_REPEAT=${PEER_REPEAT:-3}
mkdir -p "$OUT"
source Tests/bench/lib.sh
rm -f "$OUT/stolen.txt"
[ -x "$BIN" ] || swift build -c release
[ -f "$PEER" ] || { echo "bench: $PEER is missing (it lives in shared/, beside the repository)"; exit 1; }
HAVE_POLARS=0; python3 -c "import polars" 2>/dev/null && [ -f "$POLARS" ] && HAVE_POLARS=1

echo "## leadscore on unseen shapes vs pandas + scikit-learn and polars + scikit-learn ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo
echo "leadscore: median of $REPEAT runs (fastest–slowest); peers: median of $PEER_REPEAT runs of their own timed seconds."
echo
echo "| file | job | leadscore | pandas peer | ratio | polars peer | ratio | leadscore peak RSS |"
echo "|---|---|---|---|---|---|---|---|"
worst=999; worst_pl=999
for s in ${UNSEEN:-crm narrow flags wide export sparse floats}; do
  ROWS=1000000
  case $s in
    crm) LABEL=is_won; ID=opportunity_id; TIME=created_at ;;
    narrow) LABEL=converted; ID=id; TIME=signup ;;
    flags) LABEL=won; ID=lead_id; TIME=created_date ;;
    wide) LABEL=won; ID=lead_id; TIME=created; ROWS=500000 ;;  # 124 columns: 500,000 rows are already 400 MB
    export) LABEL=is_won; ID=opportunity_id; TIME=created_at ;;  # crm's columns, every field quoted, CRLF
    sparse) LABEL=converted; ID=lead_id; TIME=submitted ;;  # a web form's optional fields, mostly empty
    floats) LABEL=won; ID=lead_id; TIME=created ;;  # float64 columns written in full, as pandas writes them
  esac
  F=$OUT/unseen_${s}_${ROWS}.csv
  [ -f "$F" ] || python3 Tests/bench/unseen.py "$s" --rows "$ROWS" --seed 7 --out "$F"
  for job in train score; do
    if [ "$job" = train ]; then
      ours_cmd=("$BIN" train --data "$F" --label "$LABEL" --id "$ID" --exclude "$TIME" --out "$OUT/model_unseen_$s.json" --quiet)
      peer_args=(train --data "$F" --label "$LABEL" --exclude "$ID,$TIME")
    else
      ours_cmd=("$BIN" score --model "$OUT/model_unseen_$s.json" --leads "$F" --out "$OUT/scored_unseen_$s.csv" --quiet)
      peer_args=(score --data "$F" --label "$LABEL" --exclude "$ID,$TIME" --leads "$F" --out "$OUT/peer_scored.csv")
    fi
    read -r ours ours_mb lo hi <<< "$(timed_median "${ours_cmd[@]}")"
    read -r peer _ plo phi <<< "$(peer_median python3 "$PEER" "${peer_args[@]}")"
    r=$(ratio "$peer" "$ours"); worst=$(lower "$r" "$worst")
    pl="–"; rpl="–"; pls=""
    if [ "$HAVE_POLARS" = 1 ]; then
      read -r pl _ pllo plhi <<< "$(peer_median python3 "$POLARS" "${peer_args[@]}")"
      rpl=$(ratio "$pl" "$ours"); pls=$(peer_spread "$pllo" "$plhi"); worst_pl=$(lower "$rpl" "$worst_pl")
    fi
    echo "| $s ($(du -m "$F" | cut -f1) MB, $((ROWS / 1000))k rows) | $job | ${ours} s$(spread "$lo" "$hi") | ${peer} s$(peer_spread "$plo" "$phi") | ${r}× | ${pl} s${pls} | ${rpl}× | ${ours_mb} MB |"
  done
done
rm -f "$OUT/peer_scored.csv"
echo
echo "Worst: $(one "$worst")× pandas, $(one "$worst_pl")× polars."
stolen_note
