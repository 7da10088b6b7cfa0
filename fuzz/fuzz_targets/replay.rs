//! Fuzz target `replay`: any bytes as a link payload, replayed, and every complete snapshot
//! checked against its own cut.
//! Must never panic, hang or allocate without bound. The property is `checks::replay`
//! (fuzz/checks.rs), which tests/fuzz_regressions.rs also runs on every kept crash input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::replay(data));
