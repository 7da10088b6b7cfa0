#!/usr/bin/env bash
# Sizes of the built app: raw and gzip -9 bytes of every .wasm, .js, .css and .html file in
# dist/ (or the directory given), and the gzipped first load of each build. Warns, but does not
# fail, when the first load of a scenario link is over the budget (150 KB unless SIZE_BUDGET_KB
# says otherwise).
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

# The page ships as two builds (scripts/post-build.mjs): what a browser fetches first is
# index.html, the stylesheet, the loader (boot-*.js) and ONE build's JS glue and wasm: the lab
# alone for a scenario link, the full page for a lesson or exercise link. The file worker
# (snapshot-lab-files*) is loaded on the first export or open only; the service worker (sw.js)
# is registered once the page has started.
shared=() lab=() full=() later=() sw=()
while IFS= read -r f; do
    case "$(basename "$f")" in
        sw.js) sw+=("$f") ;;
        snapshot-lab-full-* | full-*.css) full+=("$f") ;;
        present-*.css) later+=("$f") ;;
        snapshot-lab-files*) later+=("$f") ;;
        snapshot-lab-*) lab+=("$f") ;;
        *) shared+=("$f") ;;
    esac
done < <(find "$DIST" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) | LC_ALL=C sort)
if ((${#lab[@]} == 0)); then
    echo "size: ERROR: no lab build (snapshot-lab-*.js/.wasm) in $DIST" >&2
    exit 1
fi

echo "size: $DIST (gzip -9)"
fmt='%-52s %12s %12s\n'
gz() { gzip -9 -c "$1" | wc -c; }
# shellcheck disable=SC2059 # the format string is ours
printf "$fmt" "file" "raw bytes" "gzip bytes"
# shellcheck disable=SC2059
printf "$fmt" "----" "---------" "----------"
for f in "${shared[@]}" "${lab[@]}" "${full[@]}" "${later[@]}" "${sw[@]}"; do
    # shellcheck disable=SC2059
    printf "$fmt" "${f#"$DIST"/}" "$(wc -c <"$f")" "$(gz "$f")"
done
sum() {
    local total=0 f
    for f in "$@"; do total=$((total + $(gz "$f"))); done
    echo "$total"
}
first=$(sum "${shared[@]}" "${lab[@]}")
# shellcheck disable=SC2059
printf "$fmt" "----" "" "----------"
# shellcheck disable=SC2059
printf "$fmt" "first load, scenario link (lab build)" "" "$first"
echo "size: gzipped total $(kb "$first") of a $BUDGET_KB KB budget ($first of $BUDGET bytes): the first load of a scenario link"
if ((${#full[@]} > 0)); then
    teach=$(sum "${shared[@]}" "${full[@]}")
    # shellcheck disable=SC2059
    printf "$fmt" "first load, lesson or exercise link (full build)" "" "$teach"
    echo "size: full build $(kb "$teach") ($teach bytes): the first load of a lesson or exercise link"
fi
# Each language but English adds its catalogs (i18n-<lang>-lab-*.json, and -full-* with the full
# build) to the first load; English needs none.
for catalog in "$DIST"/i18n-*-lab-*.json; do
    [[ -e "$catalog" ]] || continue
    lang="$(basename "$catalog")"
    lang="${lang#i18n-}"
    lang="${lang%%-*}"
    words=$(gz "$catalog")
    full_words=$(sum "$DIST"/i18n-"$lang"-full-*.json)
    echo "size: in $lang the catalogs add $(kb "$words") ($words bytes) to the lab's first load, $(kb $((first + words))) in all; $(kb $((words + full_words))) to the full build's"
done
if ((${#later[@]} > 0)); then
    echo "size: file worker $(kb "$(sum "${later[@]}")") ($(sum "${later[@]}") bytes): loaded on the first export or open, never in a first load"
fi
if ((${#sw[@]} > 0)); then
    echo "size: service worker $(kb "$(sum "${sw[@]}")") ($(sum "${sw[@]}") bytes): registered once the page has started, never in a first load"
fi
if ((first > BUDGET)); then
    echo "size: WARNING: the first load is over the $BUDGET_KB KB budget by $(kb $((first - BUDGET)))"
fi
