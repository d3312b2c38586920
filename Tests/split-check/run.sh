#!/usr/bin/env bash
# The CSV split kernel (Sources/CKernels/split.c) against the one before it (c8d1e99's, taken from git and renamed
# split_old), outside Swift: fuzz.c splits random buffers (quoted fields with delimiters, doubled quotes, LFs and
# CRs, quotes inside unquoted fields, CRLF and lone CR endings, buffers cut anywhere, quotes and delimiters past the
# end) record by record with each kernel, a byte loop reading on where a kernel hands over, under AddressSanitizer
# and UBSan, for both builds (AVX2 and SSE2) and three room sizes; harness.c checks the same on lead files and times
# the kernels alone (fifteen alternating runs, min and median).
#   bash Tests/split-check/run.sh [FILE.csv ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); src=$here/../../Sources/CKernels; out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
{ echo '#include <stdint.h>'
  git -C "$here" show c8d1e99:Sources/CKernels/split.c | sed -n '/^#if defined(__x86_64__)/,/^#else/p' | sed '$d' \
    | sed 's/ckernels_split_fields/split_old/; s/ckernels_quoted_end/quoted_end_old/'
  echo '#endif'; } > "$out/previous.c"
for room in 600 7 1; do
  clang -O2 -DROOM=$room -fsanitize=address,undefined -I"$src/include" -o "$out/fuzz" "$here/fuzz.c" \
    "$out/previous.c" "$src/split.c" "$src/cpu.c" 2>/dev/null
  ASAN_OPTIONS=detect_leaks=0 "$out/fuzz" 30000
done
for portable in 0 1; do
  clang -O3 -DPORTABLE=$portable -I"$src/include" -o "$out/h$portable" "$here/harness.c" "$out/previous.c" \
    "$here/path.c" "$src/split.c" "$src/cpu.c"
done
for f in "$@"; do
  for portable in 0 1; do echo "$(basename "$f") portable=$portable: $("$out/h$portable" "$f" check)"; done
  echo "$(basename "$f") time (AVX2 build): $("$out/h0" "$f")"
done
