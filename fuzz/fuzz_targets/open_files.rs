//! Fuzz target `open_files`: the page's Open file… (`formats::open::open`) on one to three
//! files made from the bytes (scenario text, run JSON, ShiViz log, COS 418 pair, by extension
//! or content). Must never panic, hang or allocate without bound. The property is
//! `checks::open_files` (fuzz/checks.rs), which tests/fuzz_regressions.rs also runs on every
//! kept crash input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::open_files(data));
