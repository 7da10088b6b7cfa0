#!/usr/bin/env bash
# Build Snapshot Lab (release, offline) and serve it with live reload:
#
#   bash scripts/serve.sh                 # http://127.0.0.1:8080/
#   PORT=8081 bash scripts/serve.sh       # another port
#   ADDRESS=0.0.0.0 bash scripts/serve.sh # reachable from other machines
#
# Installs what is missing first (scripts/setup.sh --serve; about 20 minutes on a fresh
# machine, seconds afterwards). Ctrl-C stops the server.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ADDRESS="${ADDRESS:-127.0.0.1}"
PORT="${PORT:-8080}"
URL_HOST="$ADDRESS"
[[ "$ADDRESS" == 0.0.0.0 ]] && URL_HOST=127.0.0.1
URL="http://$URL_HOST:$PORT/"

log() { printf 'serve: %s\n' "$*"; }

# shellcheck source=scripts/setup.sh
source scripts/setup.sh --serve

port_answers() { curl -s -o /dev/null --max-time 2 "$URL"; }
if port_answers; then
    log "ERROR: something already answers at $URL (another serve.sh?). Stop it, or pick another port: PORT=8081 bash scripts/serve.sh" >&2
    exit 1
fi

# Build once first, so that a failed build stops here, loudly, before anything is served.
log "building the page (the first build compiles the app: a few minutes; later ones are quick)"
log "\$ trunk build --release --offline"
if ! trunk build --release --offline; then
    log "ERROR: the web build failed (see its messages above); nothing is served" >&2
    exit 1
fi

log "\$ trunk serve --release --offline --no-autoreload --address $ADDRESS --port $PORT"
trunk serve --release --offline --no-autoreload --address "$ADDRESS" --port "$PORT" &
TRUNK_PID=$!
# In a script, background jobs ignore Ctrl-C, so forward it (and TERM) to Trunk ourselves.
# shellcheck disable=SC2317 # called by the trap
stop() {
    kill "$TRUNK_PID" 2>/dev/null || true
    wait "$TRUNK_PID" 2>/dev/null || true
    exit 130
}
trap stop INT TERM

# The page is there when index.html names its loader and the loader, the glue and the wasm it
# names all answer.
page_served() {
    local index boot glue wasm
    index="$(curl -sf --max-time 5 "$URL")" || return 1
    boot="$(grep -oE 'boot-[0-9a-f]+\.js' <<<"$index" | head -n1)"
    [[ -n "$boot" ]] || return 1
    boot="$(curl -sf --max-time 5 "$URL$boot")" || return 1
    glue="$(grep -oE 'snapshot-lab-[0-9a-f]+\.js' <<<"$boot" | head -n1)"
    wasm="$(grep -oE 'snapshot-lab-[0-9a-f]+_bg\.wasm' <<<"$boot" | head -n1)"
    [[ -n "$glue" && -n "$wasm" ]] || return 1
    curl -sf -o /dev/null --max-time 5 "$URL$glue" && curl -sf -o /dev/null --max-time 10 "$URL$wasm"
}

# Print the address once the page is really served; fail if Trunk stops or never serves it.
WAIT_LIMIT="${SERVE_WAIT_SECONDS:-900}"
waited=0
until page_served; do
    if ! kill -0 "$TRUNK_PID" 2>/dev/null; then
        rc=0
        wait "$TRUNK_PID" || rc=$?
        log "ERROR: trunk serve stopped (status $rc) before the page was served; see its messages above" >&2
        exit 1
    fi
    if ((waited >= WAIT_LIMIT)); then
        log "ERROR: the page was not served at $URL within ${WAIT_LIMIT}s; stopping" >&2
        kill "$TRUNK_PID" 2>/dev/null || true
        exit 1
    fi
    sleep 1
    waited=$((waited + 1))
done
echo
echo "Snapshot Lab: $URL"
echo

rc=0
wait "$TRUNK_PID" || rc=$?
if ((rc != 0)); then
    log "trunk serve exited with status $rc (see its messages above)" >&2
fi
exit "$rc"
