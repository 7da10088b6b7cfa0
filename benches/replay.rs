//! Replay throughput of the core (events per second), natively: 8 processes and about 10^5
//! events, replayed from the scenario's actions as the page and the CLI do. Run with
//! `cargo bench --bench replay`; `scripts/bench.sh` runs it beside the same measure in wasm.

use std::time::Instant;

use snapshot_lab::sim::generate::{busy_scenario, Options};
use snapshot_lab::sim::Discipline;

fn main() {
    let options =
        Options { processes: 8, discipline: Discipline::Fifo, events: 100_000, snapshots: 10_000, leave_in_flight: 0 };
    let scenario = busy_scenario(42, options);
    let mut best = f64::INFINITY;
    let mut events = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let replay = scenario.replay();
        let seconds = start.elapsed().as_secs_f64();
        assert!(replay.error.is_none());
        events = replay.world.events().len();
        best = best.min(seconds);
    }
    println!(
        "native replay: {} actions, {events} events, 8 processes: best of 5 {:.1} ms = {:.0} events/s",
        scenario.actions.len(),
        best * 1e3,
        events as f64 / best
    );
}
