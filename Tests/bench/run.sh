#!/usr/bin/env bash
# leadscore's side-by-side benchmark (`make bench`): leadscore against ../shared/bench/peer.py (pandas +
# scikit-learn) on the same files, in the same run. Prints a Markdown table; keeps files in bench-out/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.build/release/leadscore
STAGES=.build/release/leadscore-bench
PEER=../shared/bench/peer.py
OUT=bench-out
mkdir -p "$OUT"
ROWS_SCALING=${ROWS_SCALING:-"250000 1000000 4000000"}

[ -x "$BIN" ] && [ -x "$STAGES" ] || swift build -c release
[ -f "$PEER" ] || { echo "bench: $PEER is missing (it lives in shared/, beside the repository)"; exit 1; }

data() {  # data ROWS -> path of a synthetic history with ROWS leads
  local f="$OUT/leads_$1.csv"
  [ -f "$f" ] || "$BIN" synth --rows "$1" --seed 11 --out "$f"
  echo "$f"
}

timed() {  # timed CMD... -> "seconds peakMB" of the whole process
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$OUT/last.out" 2>&1 || { cat "$OUT/last.out"; exit 1; }
  awk '{printf "%.2f %.0f", $1, $2 / 1024}' "$OUT/time.txt"
}

TRAIN_FLAGS=(--label converted --id lead_id --exclude created_date --missing Select)
PEER_FLAGS=(--label converted --exclude lead_id,created_date --missing Select)
F=$(data 1000000)
MB=$(du -m "$F" | cut -f1)

echo "## leadscore vs pandas + scikit-learn ($(nproc) cores, $(date -u +%Y-%m-%d), file $F, ${MB} MB)"
echo
echo "### Stages on one file (leadscore-bench)"
echo '```'
"$STAGES" "$F" converted Select lead_id,created_date
echo '```'
echo
echo "| job | leadscore | peer | ratio | leadscore peak RSS | peer peak RSS |"
echo "|---|---|---|---|---|---|"
read -r ours ours_mb <<< "$(timed "$BIN" train --data "$F" "${TRAIN_FLAGS[@]}" --out "$OUT/model.json" --quiet)"
read -r peer peer_mb <<< "$(timed python3 "$PEER" train --data "$F" "${PEER_FLAGS[@]}")"
peer_timed=$(tail -n 1 "$OUT/last.out")
echo "| train 1M (read, encode, fit, write) | ${ours} s | ${peer_timed} s timed (${peer} s process) | $(awk "BEGIN{printf \"%.1f×\", $peer_timed/$ours}") | ${ours_mb} MB | ${peer_mb} MB |"
read -r ours ours_mb <<< "$(timed "$BIN" score --model "$OUT/model.json" --leads "$F" --policy models/policy.yaml --out "$OUT/scored.csv" --quiet)"
read -r peer peer_mb <<< "$(timed python3 "$PEER" score --data "$F" "${PEER_FLAGS[@]}" --leads "$F" --out "$OUT/peer_scored.csv")"
peer_timed=$(tail -n 1 "$OUT/last.out")
echo "| score 1M (read, encode, gates, reasons, rank, write) | ${ours} s | ${peer_timed} s timed (${peer} s process) | $(awk "BEGIN{printf \"%.1f×\", $peer_timed/$ours}") | ${ours_mb} MB | ${peer_mb} MB |"
read -r ours ours_mb <<< "$(timed "$BIN" evaluate --model "$OUT/model.json" --data "$F" --bootstrap 1000 --json)"
echo "| evaluate 1M, 1,000 bootstrap resamples | ${ours} s | | | ${ours_mb} MB | |"
echo
echo "### Scaling of train (whole process)"
echo
echo "| rows | seconds | peak RSS |"
echo "|---|---|---|"
for n in $ROWS_SCALING; do
  f=$(data "$n")
  read -r s mb <<< "$(timed "$BIN" train --data "$f" "${TRAIN_FLAGS[@]}" --out "$OUT/model_$n.json" --quiet)"
  echo "| $n | $s | ${mb} MB |"
done
echo
echo "### Score memory: peak RSS against leads"
echo
echo "| leads | peak RSS |"
echo "|---|---|"
for n in 250000 1000000; do
  f=$(data "$n")
  read -r s mb <<< "$(timed "$BIN" score --model "$OUT/model.json" --leads "$f" --policy models/policy.yaml --out "$OUT/scored_$n.csv" --quiet)"
  echo "| $n | ${mb} MB |"
done

BANK=datasets/bank-marketing/bank-additional-full.csv
if [ -f "$BANK" ]; then
  echo
  echo "### UCI Bank Marketing: train on the first 80% of rows, evaluate on the last 20%"
  rows=$(($(wc -l < "$BANK") - 1)); first=$((rows * 8 / 10))
  head -n $((first + 1)) "$BANK" > "$OUT/bank_train.csv"
  { head -n 1 "$BANK"; tail -n +$((first + 2)) "$BANK"; } > "$OUT/bank_test.csv"
  "$BIN" train --data "$OUT/bank_train.csv" --label y --exclude duration --missing unknown --out "$OUT/bank.json" --quiet
  echo '```'
  "$BIN" evaluate --model "$OUT/bank.json" --data "$OUT/bank_test.csv" --bootstrap 1000 | head -n 12
  echo '```'
fi
