//! Fuzz target `multicast_link`: any bytes through the multicast link's decoder (as payload
//! bytes and as text); whatever decodes is canonical, round-trips, and replays and checks
//! without panicking. The property is `checks::multicast_link` (fuzz/checks.rs), which
//! tests/fuzz_regressions.rs also runs on every kept crash input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::multicast_link(data));
