//! Fuzz target `route_parse`: any bytes, as UTF-8 (lossily), as a URL fragment through
//! `teach::route::parse` and as saved progress through `teach::progress::Progress::parse`;
//! whatever parses must survive its encoder and parse back to the same.
//! Must never panic, hang or allocate without bound. The property is `checks::route_parse`
//! (fuzz/checks.rs), which tests/fuzz_regressions.rs also runs on every kept crash input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::route_parse(data));
