//! Fuzz target `multicast_text`: any bytes through the multicast text form's parser (and the
//! multicast exercises' answer parser); whatever parses is printed canonically, round-trips
//! through the text and the `v1.mc.` link, and replays, checks and exports without panicking.
//! The property is `checks::multicast_text` (fuzz/checks.rs), which tests/fuzz_regressions.rs
//! also runs on every kept crash input and seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::multicast_text(data));
