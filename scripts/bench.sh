#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): core replay throughput natively and in wasm (headless
# Chromium), 8 processes and about 10^5 events, and their ratio; the first-load transfer of
# dist/ (gzip -9 of its wasm, JS, CSS and HTML, as scripts/size-report.sh counts it); the page's
# first load, input-to-next-paint latency (Event Timing API, real key presses) at 3x20, 8x200
# and 8x2,000 events, the share of interactions under 16 ms on the presets, the time to open a
# 10,000-event run and its DOM size, and idle CPU (scripts/bench-ui.mjs); and the link length of a 200-action run (`snapshot-lab generate`, cut
# to its first 200 actions). Ends with one table of every figure beside its budget.
# Usage: bash scripts/bench.sh   (the page figures need dist/: bash scripts/test.sh build)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --test >/dev/null
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 WASM_BINDGEN_TEST_TIMEOUT=600
echo "bench: native (cargo bench --bench replay)"
native=$(cargo bench --quiet --bench replay 2>/dev/null | grep 'native replay')
echo "$native"
echo "bench: wasm in headless Chromium (release, --cfg snapshot_lab_bench)"
wasm=$(CARGO_TARGET_DIR=target/bench-wasm RUSTFLAGS="--cfg snapshot_lab_bench" \
  cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture 2>&1 | grep 'wasm replay' || true)
echo "${wasm:-wasm replay: (no figure printed)}"
n=$(sed -E 's/.*= ([0-9]+) events\/s/\1/' <<<"$native")
w=$(sed -E 's/.*= ([0-9]+) events\/s/\1/' <<<"$wasm")
if [[ -n "$w" && "$w" =~ ^[0-9]+$ ]]; then
  awk -v n="$n" -v w="$w" 'BEGIN { printf "bench: native/wasm ratio %.2f (budget: wasm within 2x of native)\n", n / w }'
fi

cargo build --quiet --release
ui=""
gz=""
echo "bench: the page in headless Chromium (needs dist/: bash scripts/test.sh build)"
if [[ -f dist/index.html ]]; then
  gen() { target/release/snapshot-lab generate --processes "$1" --events "$2" --seed 7 --in-flight "$3"; }
  ui_out=$(node scripts/bench-ui.mjs "3x20=$(gen 3 20 5)" "8x200=$(gen 8 200 40)" "8x2000=$(gen 8 2000 200)" \
    "open=$(gen 8 10000 200)")
  grep -v '^ui-figures ' <<<"$ui_out"
  ui=$(grep '^ui-figures ' <<<"$ui_out" || true)
  size_out=$(bash scripts/size-report.sh)
  echo "$size_out"
  gz=$(sed -nE 's/^size: first load .*\(([0-9]+) bytes\).*/\1/p' <<<"$size_out")
else
  echo "bench: no dist/; skipped the page figures"
fi

# A 200-action run: a generated run (8 processes, complete graph) in the text form, cut to its
# declarations and first 200 actions, back to a link.
echo "bench: link length of a 200-action run (snapshot-lab generate, first 200 actions)"
generated=$(target/release/snapshot-lab generate --processes 8 --events 2000 --seed 3)
link200=$(target/release/snapshot-lab text "$generated" |
  awk 'BEGIN { acts = 0 } !body { print; if ($0 == "") body = 1; next } acts < 200 { print; acts++ }' |
  target/release/snapshot-lab link -)
actions200=$(target/release/snapshot-lab text "$link200" | awk '!body { if ($0 == "") body = 1; next } { n++ } END { print n + 0 }')
echo "bench: $actions200 actions, 8 processes: link ${#link200} characters (v1.…)"

# --- summary -------------------------------------------------------------------------------
field() { sed -nE "s/.*\b$1=([^ ]+).*/\1/p" <<<"$ui"; }
na() { if [[ -n "$1" ]]; then echo "$1"; else echo "n/a"; fi; }
ratio=""
if [[ "$n" =~ ^[0-9]+$ && "$w" =~ ^[0-9]+$ ]]; then
  ratio=$(awk -v n="$n" -v w="$w" 'BEGIN { printf "%.2f", n / w }')
fi
mev() { [[ "$1" =~ ^[0-9]+$ ]] && awk -v v="$1" 'BEGIN { printf "%.2f M events/s", v / 1e6 }'; }
kb() { [[ -n "$1" ]] && awk -v b="$1" 'BEGIN { printf "%.1f KB (%d bytes)", b / 1024, b }'; }
echo
echo "bench: summary (figures only; nothing here passes or fails)"
fmt='| %-48s | %-34s | %-22s |\n'
# shellcheck disable=SC2059 # the format string is ours
{
  printf "$fmt" "what" "measured" "budget"
  printf "$fmt" "------------------------------------------------" "----------------------------------" "----------------------"
  printf "$fmt" "first load of a lab link (gzip -9)" "$(na "$(kb "$gz")")" "<= 300 KB"
  printf "$fmt" "first load, blank lab (to both diagrams drawn)" "$(na "$(field tti_ms)") ms" "-"
  for r in 3x20 8x200 8x2000; do
    printf "$fmt" "input to next paint p50 / p95, $r events" "$(na "$(field "p50_$r")") / $(na "$(field "p95_$r")") ms" \
      "$([[ $r == 8x2000 ]] && echo "p95 <= 50 ms" || echo "-")"
  done
  printf "$fmt" "presets: interactions under 16 ms" "$(na "$(field presets_under16)") ($(na "$(field presets_pct)") %)" ">= 90 %"
  printf "$fmt" "multicast presets: under 16 ms" "$(na "$(field mc_under16)") ($(na "$(field mc_pct)") %)" ">= 90 %"
  printf "$fmt" "open a run of 10,000 events" "$(na "$(field open_ms)") ms, $(na "$(field open_nodes)") nodes" "<= 1,500 ms"
  printf "$fmt" "idle CPU over 5 s (TaskDuration, 1 core)" "$(na "$(field idle_pct)") % (script $(na "$(field idle_script_pct)") %)" "~0 %"
  printf "$fmt" "replay throughput, native" "$(na "$(mev "$n")")" "-"
  printf "$fmt" "replay throughput, wasm (Chromium)" "$(na "$(mev "$w")")" "-"
  printf "$fmt" "native / wasm ratio" "$(na "$ratio")" "<= 2 (wasm within 2x)"
  printf "$fmt" "link length, $actions200-action run (8 processes)" "${#link200} characters" "<= 2,000 characters"
}
