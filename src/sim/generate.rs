//! Seeded scenario generation: a busy random run (sends, deliveries, internal events,
//! snapshots, joins) whose every action is possible, for benchmarks, property tests and
//! generated exercises. Deterministic for a given seed on every platform.

use super::action::Action;
use super::rng::Rng;
use super::scenario::Scenario;
use super::topology::{Discipline, Topology, Unit};
use super::world::World;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub processes: usize,
    pub discipline: Discipline,
    /// Stop adding actions once the log has this many events.
    pub events: usize,
    /// At most this many snapshots.
    pub snapshots: usize,
    /// At the end, deliver messages until at most this many are still in flight (0: all).
    pub leave_in_flight: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { processes: 8, discipline: Discipline::Fifo, events: 2_000, snapshots: 8, leave_in_flight: 0 }
    }
}

/// A random run on a complete graph; every action in it is possible. Ends by delivering
/// messages until at most `leave_in_flight` remain (with 0, every snapshot completes).
pub fn busy_scenario(seed: u64, options: Options) -> Scenario {
    let mut rng = Rng::new(seed);
    let initial: Vec<i64> = (0..options.processes).map(|_| rng.range(500, 2000)).collect();
    let topology = Topology::complete(Topology::specs(&initial), options.discipline, Unit::Balance)
        .expect("2..=16 processes on a complete graph");
    let mut scenario = Scenario::new(topology.clone(), seed);
    let mut world = World::new(topology);
    let n = options.processes;
    let take = |world: &mut World, scenario: &mut Scenario, action: Action| {
        if world.apply(&action).is_ok() {
            scenario.actions.push(action);
        }
    };
    while world.events().len() < options.events {
        let choice = rng.below(20);
        let action = if choice < 8 {
            let from = rng.below(n);
            let to = (from + 1 + rng.below(n - 1)) % n;
            let balance = world.state(from);
            if balance == 0 {
                continue;
            }
            Action::Send { from, to, amount: rng.range(1, balance.min(100)) }
        } else if choice < 18 {
            let options = world.deliverable();
            if options.is_empty() {
                continue;
            }
            Action::Deliver { message: options[rng.below(options.len())] }
        } else if choice == 18 {
            Action::Internal { process: rng.below(n), delta: rng.range(0, 20) }
        } else {
            let running = world.snapshots().iter().any(|s| !s.complete);
            if running || world.snapshots().len() >= options.snapshots {
                continue;
            }
            Action::Snapshot { process: rng.below(n) }
        };
        take(&mut world, &mut scenario, action);
    }
    while world.deliverable().len() > options.leave_in_flight {
        let message = world.deliverable()[0];
        take(&mut world, &mut scenario, Action::Deliver { message });
    }
    scenario
}
