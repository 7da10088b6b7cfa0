#!/usr/bin/env bash
# Install (only) what Snapshot Lab's build and tests need, at pinned versions.
#
#   bash scripts/setup.sh [--serve | --test] [--dry-run]
#   source scripts/setup.sh --test        # same, and also puts the tools on this shell's PATH
#
#   --serve    (default) what `bash scripts/serve.sh` needs: the wasm32 target, wasm-bindgen-cli,
#              Trunk, the npm packages (wasm-opt) and the crates.
#   --test     everything `bash scripts/test.sh` needs: the above plus rustfmt, clippy,
#              Chromium and ChromeDriver, and for the smoke test in the other engines Firefox
#              ESR with geckodriver, and WebKitGTK's WebDriver with Xvfb.
#   --dry-run  check and report only; install nothing.
#
# Idempotent: every step checks first and skips what is already there at the right version,
# so a second run takes seconds. The first run on a fresh machine takes about 20 minutes
# (Trunk and wasm-bindgen-cli compile from crates.io). Every line it prints starts with "setup:".

# ---------------------------------------------------------------------------------------------
# Pinned versions (see ../shared/toolchain.md).
SNAPSHOT_LAB_WASM_BINDGEN_VERSION="0.2.130" # = the wasm-bindgen crate pinned in Cargo.toml
SNAPSHOT_LAB_TRUNK_VERSION="0.21.14"        # 0.22 needs rustc 1.96
SNAPSHOT_LAB_WASM_OPT_VERSION="132"         # npm binaryen@132 (package.json)
SNAPSHOT_LAB_GECKODRIVER_VERSION="0.37.1"   # WebDriver for Firefox (the engines smoke test)
# ---------------------------------------------------------------------------------------------

# Put the project's tools on PATH: cargo's bin directory and node_modules/.bin (wasm-opt).
_snapshot_lab_path() {
    local root="$1"
    local cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
    case ":$PATH:" in *":$cargo_bin:"*) ;; *) [[ -d "$cargo_bin" ]] && PATH="$cargo_bin:$PATH" ;; esac
    case ":$PATH:" in *":$root/node_modules/.bin:"*) ;; *) PATH="$root/node_modules/.bin:$PATH" ;; esac
    export PATH
}

# Sourced: do the work in a child bash (its own `set -e`, and no `exit` that would close the
# caller's shell), then export PATH here.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    _snapshot_lab_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    if bash "${BASH_SOURCE[0]}" "$@"; then
        _snapshot_lab_path "$_snapshot_lab_root"
        unset _snapshot_lab_root
        return 0
    else
        _snapshot_lab_rc=$?
        echo "setup: FAILED (exit $_snapshot_lab_rc); see the messages above" >&2
        unset _snapshot_lab_root
        return "$_snapshot_lab_rc"
    fi
fi

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE=serve
DRY_RUN=0
for arg in "$@"; do
    case "$arg" in
        --serve) MODE="serve" ;;
        --test) MODE="test" ;;
        --dry-run) DRY_RUN=1 ;;
        -h | --help)
            sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "setup: unknown option '$arg' (use --serve, --test, --dry-run or --help)" >&2
            exit 2
            ;;
    esac
done

_snapshot_lab_path "$ROOT"

SETUP_START=$SECONDS
STEP_START=$SECONDS
INSTALLED=0

log() { printf 'setup: %s\n' "$*"; }
die() {
    printf 'setup: ERROR: %s\n' "$*" >&2
    exit 1
}
fmt_secs() {
    local s=$1
    if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}
step() { STEP_START=$SECONDS; }
took() { fmt_secs $((SECONDS - STEP_START)); }
ok() { log "[ok]      $* ($(took))"; }
# Announce an install, or in --dry-run report it and return 1 so the caller skips it.
will_install() {
    if ((DRY_RUN)); then
        log "[missing] $* -- would install (dry run)"
        return 1
    fi
    log "[install] $*"
    INSTALLED=$((INSTALLED + 1))
    return 0
}
done_install() { log "[done]    $* in $(took)"; }
# Print a command, then run it.
run() {
    log "  \$ $*"
    "$@"
}
# "<name> <version> ..." -> "<version>"; empty if the tool is missing or prints nothing.
tool_version() {
    command -v "$1" >/dev/null 2>&1 || return 0
    "$1" --version 2>/dev/null | head -n1 | awk '{print $2}' || true
}
as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root for '$*' and sudo is not installed; run it as root, then re-run this script"
    fi
}
# Debian packages, as root; if the package lists are stale, refresh them once and try again.
apt_install() {
    run as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" ||
        { run as_root apt-get update && run as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; }
}
# A tool from crates.io at a pinned version: `cargo_tool <crate> <version> <about how long>`.
cargo_tool() {
    local name="$1" want="$2" takes="$3" have
    step
    have="$(tool_version "$name")"
    if [[ "$have" == "$want" ]]; then
        ok "$name $want ($(command -v "$name"))"
    elif will_install "$name $want (found: ${have:-none}); compiles from crates.io, about $takes"; then
        run cargo install --locked "$name" --version "$want" --force
        have="$(tool_version "$name")"
        [[ "$have" == "$want" ]] ||
            die "installed $name $want, but '$(command -v "$name")' reports '${have:-nothing}'; is another $name earlier on PATH?"
        done_install "$name $want"
    fi
}

# Serialise concurrent runs (e.g. serve.sh and test.sh at once) so they do not both start
# the same 10-minute cargo install.
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/snapshot-lab-setup.lock"
    if ! flock -n 9; then
        log "another setup run is in progress; waiting for it to finish..."
        flock 9
    fi
fi

log "Snapshot Lab setup (--$MODE$( ((DRY_RUN)) && echo ', dry run')) in $ROOT"

# --- Rust toolchain --------------------------------------------------------------------------
step
if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
    die "cargo/rustup not found. Install Rust with rustup (https://rustup.rs) and re-run."
fi
ok "rust: $(rustc --version 2>/dev/null || echo 'rustc ?')"

step
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    ok "rust target wasm32-unknown-unknown is installed"
elif will_install "rust target wasm32-unknown-unknown"; then
    run rustup target add wasm32-unknown-unknown
    done_install "rust target wasm32-unknown-unknown"
fi

step
installed_components="$(rustup component list --installed 2>/dev/null || true)"
missing_components=()
wanted_components=()
[[ "$MODE" == test ]] && wanted_components+=(rustfmt clippy)
for c in "${wanted_components[@]}"; do
    grep -q "^$c" <<<"$installed_components" || missing_components+=("$c")
done
if ((${#wanted_components[@]} == 0)); then
    :
elif ((${#missing_components[@]} == 0)); then
    ok "rust components ${wanted_components[*]} are installed"
elif will_install "rust components ${missing_components[*]}"; then
    run rustup component add "${missing_components[@]}"
    done_install "rust components ${missing_components[*]}"
fi

# --- wasm-bindgen-cli (wasm-bindgen, wasm-bindgen-test-runner) --------------------------------
step
want="$SNAPSHOT_LAB_WASM_BINDGEN_VERSION"
have="$(tool_version wasm-bindgen)"
have_runner="$(tool_version wasm-bindgen-test-runner)"
if [[ "$have" == "$want" && "$have_runner" == "$want" ]]; then
    ok "wasm-bindgen-cli $want ($(command -v wasm-bindgen))"
elif will_install "wasm-bindgen-cli $want (found: ${have:-none}); compiles from crates.io, about 6 minutes"; then
    # No --locked: it fails to build with its own lock file at this version (toolchain.md).
    # --force: replace a wasm-bindgen of another version, even one cargo did not install.
    run cargo install wasm-bindgen-cli --version "$want" --force
    have="$(tool_version wasm-bindgen)"
    [[ "$have" == "$want" ]] ||
        die "installed wasm-bindgen-cli $want, but '$(command -v wasm-bindgen)' reports '${have:-nothing}'; is another wasm-bindgen earlier on PATH?"
    done_install "wasm-bindgen-cli $want"
fi

# --- Trunk -----------------------------------------------------------------------------------
cargo_tool trunk "$SNAPSHOT_LAB_TRUNK_VERSION" "11 minutes"

# --- npm packages: binaryen (wasm-opt) and playwright-core -----------------------------------
step
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    die "node/npm not found. Install Node.js 20 (Debian: apt-get install nodejs npm) and re-run."
fi
# Every devDependency in node_modules at exactly the version package.json pins?
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
npm_stale="$(node -e '
  const fs = require("fs");
  const want = JSON.parse(fs.readFileSync("package.json", "utf8")).devDependencies || {};
  const bad = [];
  for (const [name, version] of Object.entries(want)) {
    let have = "none";
    try { have = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version; } catch {}
    if (have !== version) bad.push(`${name}@${version} (found: ${have})`);
  }
  console.log(bad.join(", "));
')"
wasm_opt_version() {
    if [[ -x node_modules/.bin/wasm-opt ]]; then
        node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}' || true
    fi
}
wasm_opt_have="$(wasm_opt_version)"
if [[ -z "$npm_stale" && "$wasm_opt_have" == "$SNAPSHOT_LAB_WASM_OPT_VERSION" ]]; then
    ok "npm packages match package.json (wasm-opt version $wasm_opt_have, playwright-core $(node -p 'require("./node_modules/playwright-core/package.json").version'))"
elif will_install "npm packages: ${npm_stale:-wasm-opt $SNAPSHOT_LAB_WASM_OPT_VERSION (found: ${wasm_opt_have:-none})}"; then
    if [[ -f package-lock.json ]]; then
        run npm ci --no-audit --no-fund
    else
        run npm install --no-audit --no-fund
    fi
    wasm_opt_have="$(wasm_opt_version)"
    [[ "$wasm_opt_have" == "$SNAPSHOT_LAB_WASM_OPT_VERSION" ]] ||
        die "npm install finished but node_modules/.bin/wasm-opt reports version '${wasm_opt_have:-nothing}', expected $SNAPSHOT_LAB_WASM_OPT_VERSION"
    done_install "npm packages"
fi

# --- Chromium and ChromeDriver (tests only) --------------------------------------------------
if [[ "$MODE" == test ]]; then
    step
    if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
        chromium_v="$(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}' || true)"
        driver_v="$(/usr/bin/chromedriver --version 2>/dev/null | awk '{print $2}' || true)"
        ok "chromium ${chromium_v:-?} and chromedriver ${driver_v:-?} (/usr/bin)"
        if [[ -n "$chromium_v" && -n "$driver_v" && "${chromium_v%%.*}" != "${driver_v%%.*}" ]]; then
            log "[warn]    chromium $chromium_v and chromedriver $driver_v differ in major version; browser tests may fail (apt-get install --only-upgrade chromium chromium-driver)"
        fi
    elif will_install "chromium and chromium-driver from Debian (missing:$([[ -x /usr/bin/chromium ]] || echo ' /usr/bin/chromium')$([[ -x /usr/bin/chromedriver ]] || echo ' /usr/bin/chromedriver'))"; then
        run as_root apt-get update
        run as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
        [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] ||
            die "apt-get finished but /usr/bin/chromium or /usr/bin/chromedriver is still missing"
        done_install "chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
    fi
    # Korean and Chinese glyphs, for the languages' layout tests and screenshots (without them
    # Chromium draws empty boxes and CJK text has no real width).
    if fc-list :lang=ko family 2>/dev/null | grep -q . && fc-list :lang=zh-cn family 2>/dev/null | grep -q .; then
        ok "Korean and Chinese fonts ($(fc-list :lang=ko family | head -1 | cut -d, -f1), $(fc-list :lang=zh-cn family | head -1 | cut -d, -f1))"
    elif will_install "Korean and Chinese fonts from Debian (fonts-nanum, fonts-wqy-microhei)"; then
        apt_install fonts-nanum fonts-wqy-microhei
        done_install "Korean and Chinese fonts"
    fi
fi

# --- Firefox and WebKit (tests only): the smoke test in every engine students use ------------
if [[ "$MODE" == test ]]; then
    step
    missing_pkgs=()
    [[ -x /usr/bin/firefox-esr ]] || missing_pkgs+=(firefox-esr)
    [[ -x /usr/bin/WebKitWebDriver ]] || missing_pkgs+=(webkit2gtk-driver)
    command -v xvfb-run >/dev/null 2>&1 || missing_pkgs+=(xvfb)
    if ((${#missing_pkgs[@]} == 0)); then
        ok "firefox-esr $(/usr/bin/firefox-esr --version 2>/dev/null | awk '{print $NF}'), WebKitWebDriver and xvfb-run (/usr/bin)"
    elif will_install "${missing_pkgs[*]} from Debian"; then
        apt_install "${missing_pkgs[@]}"
        done_install "${missing_pkgs[*]}"
    fi
    cargo_tool geckodriver "$SNAPSHOT_LAB_GECKODRIVER_VERSION" "6 minutes"
fi

# --- Crates: download now so that `--offline` builds work ------------------------------------
step
if [[ ! -f Cargo.toml ]]; then
    log "[skip]    no Cargo.toml yet; nothing to fetch"
elif ((DRY_RUN)); then
    log "[skip]    cargo fetch (dry run)"
else
    # Prints nothing and takes a second when everything is already in ~/.cargo/registry.
    cargo fetch
    ok "crates downloaded (cargo fetch)"
fi

# The wasm-bindgen crate in Cargo.lock must be exactly the CLI's version, or Trunk and the test
# runner fail (Trunk would try to download a matching CLI, which cannot work offline).
if [[ -f Cargo.lock ]]; then
    lock_v="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
    if [[ -n "$lock_v" && "$lock_v" != "$SNAPSHOT_LAB_WASM_BINDGEN_VERSION" ]]; then
        die "Cargo.lock has wasm-bindgen $lock_v but the CLI is $SNAPSHOT_LAB_WASM_BINDGEN_VERSION. Pin wasm-bindgen = \"=$SNAPSHOT_LAB_WASM_BINDGEN_VERSION\" in Cargo.toml and run: cargo update -p wasm-bindgen"
    fi
fi

total="$(fmt_secs $((SECONDS - SETUP_START)))"
if ((DRY_RUN)); then
    log "dry run finished in $total"
elif ((INSTALLED == 0)); then
    log "ready (--$MODE): everything was already installed; took $total"
else
    log "ready (--$MODE): installed $INSTALLED item(s) in $total"
fi
