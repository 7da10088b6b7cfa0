#!/usr/bin/env bash
# Coverage-guided fuzzing of Snapshot Lab's decoders with cargo fuzz (libFuzzer), issue 10:
#
#   bash scripts/fuzz.sh                 # every target for 20 s (the short pass)
#   bash scripts/fuzz.sh 600             # every target for 10 minutes (the long run)
#   bash scripts/fuzz.sh 60 replay       # only the named targets
#
# Targets (fuzz/fuzz_targets/): link_decode, text_parse, cos418_files, replay, shiviz_import,
# open_files (the page's Open file…: text, run JSON, ShiViz, COS 418),
# route_parse, multicast_link and multicast_text (the multicast text form, and the multicast
# exercises' answer parser).
# They run one at a time, each with -timeout=10 (a hang), -rss_limit_mb=2048 and
# -malloc_limit_mb=512 (unbounded allocation), starting from the committed seeds in fuzz/corpus/<target>/ and the
# corpus earlier runs on this machine grew in fuzz/target/corpus/<target>/ (not committed).
# Prints executions, exec/s, coverage and corpus size per target; exits 1 if any target
# crashed, hung or ran out of memory (the input is kept in fuzz/artifacts/<target>/; make it a
# regression test in tests/fuzz_regressions.rs).
#
# Installs cargo-fuzz if missing (about a minute). Runs on stable Rust: without a sanitizer
# (`--sanitizer none`; sanitizers need nightly options), so -malloc_limit_mb is not enforced per
# allocation, but -rss_limit_mb is; the code is safe Rust, so a sanitizer finds little more.
#
# Environment (defaults in brackets):
#   SNAPSHOT_LAB_FUZZ_RUNS      [unset]    stop a target after this many inputs, if sooner:
#   SNAPSHOT_LAB_FUZZ_RUNS=10000000 bash scripts/fuzz.sh 3600
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$SECONDS

CARGO_FUZZ_VERSION="0.13.2"
ALL_TARGETS=(link_decode text_parse cos418_files replay shiviz_import route_parse open_files multicast_link multicast_text)
SANITIZER=none
RUNS="${SNAPSHOT_LAB_FUZZ_RUNS:-}"

log() { printf 'fuzz: %s\n' "$*"; }

SECS="${1:-20}"
if ! [[ "$SECS" =~ ^[0-9]+$ ]] || ((SECS < 1)); then
    echo "fuzz: the first argument is seconds per target (a positive integer), not '$SECS'" >&2
    exit 2
fi
shift || true
if [[ -n "$RUNS" ]] && ! [[ "$RUNS" =~ ^[0-9]+$ ]]; then
    echo "fuzz: SNAPSHOT_LAB_FUZZ_RUNS is a number of inputs, not '$RUNS'" >&2
    exit 2
fi
TARGETS=("$@")
if ((${#TARGETS[@]} == 0)); then TARGETS=("${ALL_TARGETS[@]}"); fi
for t in "${TARGETS[@]}"; do
    [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || {
        echo "fuzz: unknown target '$t'; targets are: ${ALL_TARGETS[*]}" >&2
        exit 2
    }
done

# --- cargo-fuzz ------------------------------------------------------------------------------
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) PATH="$CARGO_BIN:$PATH" ;; esac
export PATH
installed="$(cargo fuzz --version 2>/dev/null || true)"
if [[ "$installed" == "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
    log "cargo-fuzz $CARGO_FUZZ_VERSION is installed"
else
    log "installing cargo-fuzz $CARGO_FUZZ_VERSION (found: ${installed:-none}; about a minute)"
    t0=$SECONDS
    cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
    log "installed cargo-fuzz in $((SECONDS - t0))s"
fi

log "building ${TARGETS[*]} (sanitizer: $SANITIZER, debug assertions on)"
t0=$SECONDS
for t in "${TARGETS[@]}"; do
    cargo fuzz build --sanitizer "$SANITIZER" "$t"
done
log "built in $((SECONDS - t0))s"

# --- run -------------------------------------------------------------------------------------
SUMMARY=()
FAILED=()
for t in "${TARGETS[@]}"; do
    work="fuzz/target/corpus/$t"
    mkdir -p "$work" "fuzz/artifacts/$t"
    out="fuzz/target/fuzz-$t.log"
    log "==> $t for ${SECS}s${RUNS:+ or $RUNS inputs} (corpus: $work + fuzz/corpus/$t; log: $out)"
    rc=0
    # New inputs go to the first corpus directory ($work); the committed seeds are only read.
    cargo fuzz run --sanitizer "$SANITIZER" "$t" "$work" "fuzz/corpus/$t" -- \
        -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
        -print_final_stats=1 ${RUNS:+-runs="$RUNS"} >"$out" 2>&1 || rc=$?
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out" | tail -1)"
    rss="$(sed -n 's/^stat::peak_rss_mb: *//p' "$out" | tail -1)"
    last="$(grep -E '^#[0-9]+' "$out" | tail -1 || true)"
    cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
    ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
    corp="$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")"
    line="$(printf '%-13s %12s execs  %7s exec/s  cov %5s  ft %6s  corpus %-12s peak %s MB' \
        "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}")"
    if ((rc != 0)); then
        artifact="$(grep -oE '(crash|timeout|oom|leak|slow-unit)-[0-9a-f]+' "$out" | tail -1 || true)"
        line="$line  FAILED (exit $rc${artifact:+: fuzz/artifacts/$t/$artifact})"
        FAILED+=("$t")
        grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$out" | head -8 | sed 's/^/fuzz:     /' || true
    fi
    SUMMARY+=("$line")
    log "<== $line"
done

echo
log "=============================== summary (${SECS}s per target) ==============================="
for line in "${SUMMARY[@]}"; do log "    $line"; done
if ((${#FAILED[@]} > 0)); then
    log "FAILED: ${FAILED[*]}; reproduce with: cargo fuzz run --sanitizer none <target> fuzz/artifacts/<target>/<file>"
    log "total time $((SECONDS - START))s"
    exit 1
fi
log "no crash, hang or out-of-memory in ${#TARGETS[@]} target(s); total time $((SECONDS - START))s"
