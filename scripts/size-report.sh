#!/usr/bin/env bash
# Sizes of the built page: raw and gzip -9 bytes of every file in dist/ (or the directory
# given), and the gzipped first load of a lab link: everything a browser fetches before the page
# draws (index.html, the stylesheet, the icon, the loader, the wasm-bindgen glue and the wasm).
# Warns, but does not fail, when the first load is over the target (300 KB unless
# SIZE_TARGET_KB says otherwise).
#
#   bash scripts/size-report.sh [DIST_DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
TARGET_KB="${SIZE_TARGET_KB:-300}"
TARGET=$((TARGET_KB * 1024))

if [[ ! -d "$DIST" ]]; then
    echo "size: ERROR: $DIST does not exist; build first: bash scripts/test.sh build" >&2
    exit 1
fi

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
gz() { gzip -9 -c "$1" | wc -c; }
sum() {
    local total=0 f
    for f in "$@"; do total=$((total + $(gz "$f"))); done
    echo "$total"
}

# First load: the page's own files. Later: the file worker (on the first export or open), a
# language's catalog (i18n-<lang>-*.json, only for Korean or Chinese) and the service worker
# (registered once the page has started).
first=() worker=() sw=() catalogs=()
while IFS= read -r f; do
    case "$(basename "$f")" in
        sw.js) sw+=("$f") ;;
        snapshot-lab-files*) worker+=("$f") ;;
        i18n-*.json) catalogs+=("$f") ;;
        *) first+=("$f") ;;
    esac
done < <(find "$DIST" -type f | LC_ALL=C sort)
if ! compgen -G "$DIST/snapshot-lab-*_bg.wasm" >/dev/null; then
    echo "size: ERROR: no page (snapshot-lab-*_bg.wasm) in $DIST" >&2
    exit 1
fi

echo "size: $DIST (gzip -9)"
fmt='%-52s %12s %12s\n'
# shellcheck disable=SC2059 # the format string is ours
printf "$fmt" "file" "raw bytes" "gzip bytes"
# shellcheck disable=SC2059
printf "$fmt" "----" "---------" "----------"
for f in "${first[@]}" "${catalogs[@]}" "${worker[@]}" "${sw[@]}"; do
    # shellcheck disable=SC2059
    printf "$fmt" "${f#"$DIST"/}" "$(wc -c <"$f")" "$(gz "$f")"
done
total=$(sum "${first[@]}")
# shellcheck disable=SC2059
printf "$fmt" "----" "" "----------"
# shellcheck disable=SC2059
printf "$fmt" "first load of a lab link (English)" "" "$total"
echo "size: first load $(kb "$total") ($total bytes) gzipped, target $TARGET_KB KB"
for catalog in "${catalogs[@]}"; do
    lang="$(basename "$catalog")"
    lang="${lang#i18n-}"
    lang="${lang%%-*}"
    words=$(gz "$catalog")
    echo "size: in $lang the catalog adds $(kb "$words") ($words bytes): $(kb $((total + words))) in all"
done
if ((${#worker[@]} > 0)); then
    echo "size: file worker $(kb "$(sum "${worker[@]}")") ($(sum "${worker[@]}") bytes): loaded on the first export or open"
fi
if ((${#sw[@]} > 0)); then
    echo "size: service worker $(kb "$(sum "${sw[@]}")") ($(sum "${sw[@]}") bytes): registered once the page has started"
fi
if ((total > TARGET)); then
    echo "size: WARNING: the first load is over the $TARGET_KB KB target by $(kb $((total - TARGET)))"
fi
