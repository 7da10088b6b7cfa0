//! Fuzz target `shiviz_import`: a ShiViz log (`<regex>\0<log>`, or a log alone) through
//! `formats::shiviz::import`.
//! Must never panic, hang or allocate without bound. The property is `checks::shiviz_import`
//! (fuzz/checks.rs), which tests/fuzz_regressions.rs also runs on every kept crash input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::shiviz_import(data));
