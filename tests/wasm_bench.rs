//! Replay throughput in wasm, in headless Chromium: the same scenario as `benches/replay.rs`
//! (8 processes, about 10^5 events). A benchmark, not a test: it is compiled only with
//! `--cfg snapshot_lab_bench`, which `scripts/bench.sh` sets, and prints its figure.
#![cfg(all(target_arch = "wasm32", snapshot_lab_bench))]

use snapshot_lab::sim::generate::{busy_scenario, Options};
use snapshot_lab::sim::Discipline;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn replay_throughput() {
    let options =
        Options { processes: 8, discipline: Discipline::Fifo, events: 100_000, snapshots: 10_000, leave_in_flight: 0 };
    let scenario = busy_scenario(42, options);
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut best = f64::INFINITY;
    let mut events = 0;
    for _ in 0..5 {
        let start = performance.now();
        let replay = scenario.replay();
        let ms = performance.now() - start;
        assert!(replay.error.is_none());
        events = replay.world.events().len();
        best = best.min(ms);
    }
    console_log!(
        "wasm replay: {} actions, {events} events, 8 processes: best of 5 {best:.1} ms = {:.0} events/s",
        scenario.actions.len(),
        events as f64 / (best / 1e3)
    );
}
