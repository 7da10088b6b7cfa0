//! Fuzz target `link_decode`: any bytes, as UTF-8 (lossily), through `link::decode`; whatever
//! decodes must round-trip through `encode`.
//! Must never panic, hang or allocate without bound. The property is `checks::link_decode`
//! (fuzz/checks.rs), which tests/fuzz_regressions.rs also runs on every kept crash input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::link_decode(data));
