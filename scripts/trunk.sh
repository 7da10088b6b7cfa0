#!/usr/bin/env bash
# Trunk with the release build's size settings: `bash scripts/trunk.sh build --release --offline`
# (any trunk arguments). serve.sh, test.sh and bench.sh build the page through this script.
#
# The page's wasm is built with the standard library recompiled (`-Zbuild-std`, needs the
# rust-src component that scripts/setup.sh installs) and `panic = immediate-abort`: a panic
# traps at once instead of formatting a message, which drops the panic and formatting
# machinery from the binary (about 17 KB of the 150 KB gzipped budget). These are nightly
# options; RUSTC_BOOTSTRAP=1 lets the pinned stable toolchain use them. Only the wasm32 target
# gets them: native builds and the wasm tests are untouched. A plain `trunk build` still works,
# just bigger.
set -euo pipefail
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
# `--offline` reaches the post-build hook's cargo build (scripts/post-build.mjs) too.
for arg in "$@"; do
    if [[ "$arg" == "--offline" ]]; then export CARGO_NET_OFFLINE=true; fi
done
exec trunk "$@"
