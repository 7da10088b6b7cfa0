#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): core replay throughput natively and in wasm (headless
# Chromium), 8 processes and about 10^5 events, and their ratio; then the page's first load and
# deliver latency at 8 processes x 2,000 events (scripts/bench-ui.mjs). Usage: bash scripts/bench.sh
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

echo "bench: the page in headless Chromium (needs dist/: bash scripts/test.sh build)"
if [[ -f dist/index.html ]]; then
  cargo build --quiet --release
  node scripts/bench-ui.mjs "$(target/release/snapshot-lab generate --processes 8 --events 2000 --seed 7 --in-flight 200)"
else
  echo "bench: no dist/; skipped the page figures"
fi
