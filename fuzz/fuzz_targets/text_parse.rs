//! Fuzz target `text_parse`: any bytes, as UTF-8 (lossily), through `text::parse`; whatever
//! parses must round-trip through `to_text`.
//! Must never panic, hang or allocate without bound. The property is `checks::text_parse`
//! (fuzz/checks.rs), which tests/fuzz_regressions.rs also runs on every kept crash input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::text_parse(data));
