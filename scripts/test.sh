#!/usr/bin/env bash
# Every check Snapshot Lab has, in order, stopping at the first failure:
#
#   bash scripts/test.sh                 # all stages (what CI runs, via .ci/run)
#   bash scripts/test.sh build e2e size  # only the named stages, in the usual order
#
# Stages: fmt clippy clippy-wasm test fuzz test-wasm build e2e engines size
# Installs what is missing first (scripts/setup.sh --test). Each stage's output is also kept in
# target/test-logs/. The run ends with the test summaries, the size report and the total time.
#
# Environment (defaults in brackets):
#   SNAPSHOT_LAB_PROPERTY_CASES [100000]  cases per property in the native property-test sweep
#   WASM_BINDGEN_TEST_TIMEOUT   [600]  seconds for one wasm test binary in the browser
#   SNAPSHOT_LAB_FUZZ_SECONDS   [15]  seconds per fuzz target in the short fuzz pass (the long run
#                                      on demand: bash scripts/fuzz.sh 600)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$SECONDS

log() { printf 'test: %s\n' "$*"; }
fmt_secs() {
    local s=$1
    if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

ALL_STAGES=(fmt clippy clippy-wasm test fuzz test-wasm build e2e engines size)
if (($# > 0)); then
    for s in "$@"; do
        [[ " ${ALL_STAGES[*]} " == *" $s "* ]] || {
            echo "test: unknown stage '$s'; stages are: ${ALL_STAGES[*]}" >&2
            exit 2
        }
    done
    SELECTED=" $* "
else
    SELECTED=" ${ALL_STAGES[*]} "
fi
wanted() { [[ "$SELECTED" == *" $1 "* ]]; }
STAGE_TOTAL=0 # stages run by run_stage; the size report comes after the summary
for s in "${ALL_STAGES[@]}"; do
    if [[ "$s" != size ]] && wanted "$s"; then STAGE_TOTAL=$((STAGE_TOTAL + 1)); fi
done

# --- tools -----------------------------------------------------------------------------------
# shellcheck source=scripts/setup.sh
source scripts/setup.sh --test

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# Test binaries that do not say where to run (wasm_bindgen_test_configure!) run in the
# browser too, not in Node.
export WASM_BINDGEN_USE_BROWSER="${WASM_BINDGEN_USE_BROWSER:-1}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"
export SNAPSHOT_LAB_PROPERTY_CASES="${SNAPSHOT_LAB_PROPERTY_CASES:-100000}"
export SNAPSHOT_LAB_FUZZ_SECONDS="${SNAPSHOT_LAB_FUZZ_SECONDS:-15}"
export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"

LOG_DIR="$ROOT/target/test-logs"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
# No stale screenshots from an earlier run.
if wanted e2e; then rm -rf "$ROOT/target/screenshots"; fi
log "property cases: $SNAPSHOT_LAB_PROPERTY_CASES; fuzz: ${SNAPSHOT_LAB_FUZZ_SECONDS}s per target; wasm test timeout: ${WASM_BINDGEN_TEST_TIMEOUT}s; chromedriver: $CHROMEDRIVER"
log "logs: ${LOG_DIR#"$ROOT"/}/"

STAGE_NO=0
TIMINGS=()

# run_stage <id> <description> <command...>
run_stage() {
    local id="$1" what="$2"
    shift 2
    wanted "$id" || return 0
    STAGE_NO=$((STAGE_NO + 1))
    local logfile
    logfile="$LOG_DIR/$(printf '%02d' "$STAGE_NO")-$id.log"
    echo
    log "==> [$STAGE_NO/$STAGE_TOTAL] $what"
    log "    \$ $*"
    local t0=$SECONDS rc=0
    "$@" 2>&1 | tee "$logfile" || rc=$?
    local took
    took="$(fmt_secs $((SECONDS - t0)))"
    if ((rc != 0)); then
        TIMINGS+=("$(printf '%-12s FAILED  %s' "$id" "$took")")
        echo
        log "FAILED at stage $STAGE_NO/$STAGE_TOTAL ($id): $what"
        log "    command: $*"
        log "    exit status $rc after $took; full output: ${logfile#"$ROOT"/}"
        log "    re-run only this stage: bash scripts/test.sh $id"
        log "total time $(fmt_secs $((SECONDS - START)))"
        exit "$rc"
    fi
    TIMINGS+=("$(printf '%-12s ok      %s' "$id" "$took")")
    log "<== [$STAGE_NO/$STAGE_TOTAL] $id ok ($took)"
}

run_stage fmt "formatting (rustfmt)" \
    cargo fmt --check
run_stage clippy "lints, native (clippy -D warnings)" \
    cargo clippy --all-targets -- -D warnings
run_stage clippy-wasm "lints, wasm32 (clippy -D warnings)" \
    cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
run_stage test "tests, native (unit, integration, property sweep, doc)" \
    cargo test
run_stage fuzz "fuzzing, ${SNAPSHOT_LAB_FUZZ_SECONDS}s per target (cargo fuzz / libFuzzer; installs cargo-fuzz if missing)" \
    bash scripts/fuzz.sh "$SNAPSHOT_LAB_FUZZ_SECONDS"
run_stage test-wasm "tests, wasm32 in headless Chromium (wasm-bindgen-test-runner)" \
    cargo test --target wasm32-unknown-unknown
run_stage build "web build (trunk --release, wasm-opt -Oz)" \
    trunk build --release --offline
run_stage e2e "end-to-end tests in Chromium (playwright-core, tests/e2e/)" \
    node --test tests/e2e/
run_stage engines "smoke test in Chromium, Firefox and WebKit (selenium-webdriver, WebKitGTK under Xvfb)" \
    xvfb-run -a node --test tests/engines/

# --- summary: stage times, test results, size report, total time -----------------------------
echo
log "==================================== summary ===================================="
log "stage times:"
for line in "${TIMINGS[@]}"; do log "    $line"; done
if [[ -d target/screenshots ]] && wanted e2e; then
    shots=(target/screenshots/*.png)
    if [[ -e "${shots[0]}" ]]; then log "screenshots: ${shots[*]}"; fi
fi
echo
for f in "$LOG_DIR"/*-test.log "$LOG_DIR"/*-test-wasm.log; do
    [[ -f "$f" ]] || continue
    kind="native"
    if [[ "$f" == *-test-wasm.log ]]; then kind="wasm32"; fi
    # Pair every "test result:" line with the test binary it belongs to.
    # (cargo indents its "Running"/"Doc-tests" lines; the wasm runner's own lines are not.)
    awk -v kind="$kind" '
        /^ +Running / { sub(/^ +Running /, ""); sub(/ \(.*$/, ""); target = $0 }
        /^ +Doc-tests / { sub(/^ +Doc-tests /, ""); target = "doc-tests " $0 }
        /^test result:/ { sub(/^test result: /, ""); printf "cargo test %-6s %-34s %s\n", kind, target, $0 }
    ' "$f"
done
for f in "$LOG_DIR"/*-e2e.log "$LOG_DIR"/*-engines.log; do
    [[ -f "$f" ]] || continue
    name="e2e"
    if [[ "$f" == *-engines.log ]]; then name="engines"; fi
    # node --test's closing counts: TAP ("# pass 3") or spec ("ℹ pass 3") reporter.
    awk -v name="$name" '
        /^(# |ℹ )(tests|pass|fail|cancelled|skipped|todo|duration_ms) [0-9.]+$/ { v[$2] = $3 }
        END {
            if (!("tests" in v)) { print name " (node --test): no summary found"; exit }
            printf "%s (node --test): %d tests: %d passed; %d failed; %d cancelled; %d skipped; %d todo; finished in %.1fs\n", name,
                v["tests"], v["pass"], v["fail"], v["cancelled"], v["skipped"], v["todo"], v["duration_ms"] / 1000
        }
    ' "$f"
done
if wanted size; then
    echo
    bash scripts/size-report.sh dist
fi

echo
log "all $STAGE_TOTAL stage(s) passed$(wanted size && echo ' (+ size report)'); total time $(fmt_secs $((SECONDS - START)))"
