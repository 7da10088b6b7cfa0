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

log "building and serving (first build compiles the app: a few minutes; later ones are quick)"
log "\$ bash scripts/trunk.sh serve --release --offline --no-autoreload --address $ADDRESS --port $PORT"
bash scripts/trunk.sh serve --release --offline --no-autoreload --address "$ADDRESS" --port "$PORT" &
TRUNK_PID=$!
# In a script, background jobs ignore Ctrl-C, so forward it (and TERM) to Trunk ourselves.
# shellcheck disable=SC2317 # called by the trap
stop() {
    kill "$TRUNK_PID" 2>/dev/null || true
    wait "$TRUNK_PID" 2>/dev/null || true
    exit 130
}
trap stop INT TERM

# Print the address once the page is really there.
while kill -0 "$TRUNK_PID" 2>/dev/null; do
    if port_answers; then
        echo
        echo "Snapshot Lab: $URL"
        echo
        break
    fi
    sleep 1
done

rc=0
wait "$TRUNK_PID" || rc=$?
if ((rc != 0)); then
    log "trunk serve exited with status $rc (see its messages above)" >&2
fi
exit "$rc"
