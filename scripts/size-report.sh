#!/usr/bin/env bash
# Sizes of the built app: raw and gzip -9 bytes of every .wasm, .js, .css and .html file in
# dist/ (or the directory given), and the gzipped total. Warns, but does not fail, when the
# gzipped total is over the budget (150 KB unless SIZE_BUDGET_KB says otherwise).
#
#   bash scripts/size-report.sh [DIST_DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
BUDGET_KB="${SIZE_BUDGET_KB:-150}"
BUDGET=$((BUDGET_KB * 1024))

if [[ ! -d "$DIST" ]]; then
    echo "size: ERROR: $DIST does not exist; build first: bash scripts/trunk.sh build --release --offline" >&2
    exit 1
fi

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

files=()
for ext in wasm js css html; do
    while IFS= read -r f; do files+=("$f"); done < <(find "$DIST" -type f -name "*.$ext" | LC_ALL=C sort)
done
if ((${#files[@]} == 0)); then
    echo "size: ERROR: no .wasm/.js/.css/.html files in $DIST" >&2
    exit 1
fi

echo "size: $DIST (gzip -9)"
fmt='%-52s %12s %12s\n'
# shellcheck disable=SC2059 # the format string is ours
printf "$fmt" "file" "raw bytes" "gzip bytes"
# shellcheck disable=SC2059
printf "$fmt" "----" "---------" "----------"
raw_total=0
gz_total=0
for f in "${files[@]}"; do
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    raw_total=$((raw_total + raw))
    gz_total=$((gz_total + gz))
    name="${f#"$DIST"/}"
    # shellcheck disable=SC2059
    printf "$fmt" "$name" "$raw" "$gz"
done
# shellcheck disable=SC2059
printf "$fmt" "----" "---------" "----------"
# shellcheck disable=SC2059
printf "$fmt" "total (${#files[@]} files)" "$raw_total" "$gz_total"
echo "size: gzipped total $(kb "$gz_total") of a $BUDGET_KB KB budget ($gz_total of $BUDGET bytes)"
if ((gz_total > BUDGET)); then
    echo "size: WARNING: the gzipped total is over the $BUDGET_KB KB budget by $(kb $((gz_total - BUDGET)))"
fi
