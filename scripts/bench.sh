#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): core replay throughput natively and in wasm (headless
# Chromium), 8 processes and about 10^5 events, and their ratio; the first-load transfer of
# dist/ (gzip -9 of its wasm, JS, CSS and HTML, as scripts/size-report.sh counts it); the page's
# time to interactive, idle CPU and deliver latency at 8 processes x 2,000 events
# (scripts/bench-ui.mjs); and the link length of a 200-action run (`snapshot-lab generate`, cut
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
  ui_out=$(node scripts/bench-ui.mjs "$(target/release/snapshot-lab generate --processes 8 --events 2000 --seed 7 --in-flight 200)")
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
  printf "$fmt" "time to interactive, blank scenario (Chromium)" "$(na "$(field tti_ms)") ms" "-"
  printf "$fmt" "deliver -> DOM p50, 8 proc x $(na "$(field events)") events" "$(na "$(field p50_ms)") ms" "-"
  printf "$fmt" "deliver -> DOM p95, 8 proc x $(na "$(field events)") events" "$(na "$(field p95_ms)") ms" "<= 16 ms"
  printf "$fmt" "idle CPU over 5 s (TaskDuration, 1 core)" "$(na "$(field idle_pct)") % (script $(na "$(field idle_script_pct)") %)" "~0 %"
  printf "$fmt" "replay throughput, native" "$(na "$(mev "$n")")" "-"
  printf "$fmt" "replay throughput, wasm (Chromium)" "$(na "$(mev "$w")")" "-"
  printf "$fmt" "native / wasm ratio" "$(na "$ratio")" "<= 2 (wasm within 2x)"
  printf "$fmt" "link length, $actions200-action run (8 processes)" "${#link200} characters" "<= 2,000 characters"
}
