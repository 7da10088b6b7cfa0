//! Fuzz target `cos418_files`: `<.top>\0<.events>\0<delays>\0<.snap>` through the COS 418
//! parsers, and a run of the script when it parses.
//! Must never panic, hang or allocate without bound. The property is `checks::cos418_files`
//! (fuzz/checks.rs), which tests/fuzz_regressions.rs also runs on every kept crash input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::cos418_files(data));
