//! Causality between events, read from their vector clocks: an event's causal past (the events
//! that happen before it), its future (those it happens before) and the events concurrent with
//! it; and a cut as a vector-clock frontier. `tests/properties.rs`-style checks in this module
//! prove the vector clocks agree with happens-before built from its definition (the order on
//! each process line, plus each message's send before its receipt).

use super::event::{Event, Log};

/// How an event relates to another in happens-before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The same event.
    Itself,
    /// It happens before the other (in its causal past).
    Past,
    /// The other happens before it (in its causal future).
    Future,
    /// Neither happens before the other.
    Concurrent,
}

/// How `other` relates to `event`: in its past, its future, or concurrent with it.
pub fn relation(event: &Event, other: &Event) -> Relation {
    if event.seq == other.seq {
        return Relation::Itself;
    }
    let le = |a: &Event, b: &Event| a.vclock.iter().zip(b.vclock.iter()).all(|(x, y)| x <= y);
    if le(other, event) {
        Relation::Past
    } else if le(event, other) {
        Relation::Future
    } else {
        Relation::Concurrent
    }
}

/// Every event's relation to the event with sequence number `seq` (1-based), in log order;
/// empty when there is no such event.
pub fn cone(log: &Log, seq: u32) -> Vec<Relation> {
    let Some(event) = (seq as usize).checked_sub(1).and_then(|i| log.events.get(i)) else { return Vec::new() };
    log.events.iter().map(|e| relation(event, e)).collect()
}

/// A cut as a vector-clock frontier: for each process, how many of its events are inside
/// (the same numbers as the cut, which is how a vector clock counts).
pub fn frontier(cut: &[usize]) -> String {
    let parts: Vec<String> = cut.iter().map(ToString::to_string).collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::event::EventKind;
    use crate::sim::generate;

    /// Happens-before from its definition: the transitive closure of process order and
    /// send → receive, over the whole log.
    fn happens_before(log: &Log) -> Vec<Vec<bool>> {
        let n = log.events.len();
        let mut hb = vec![vec![false; n]; n];
        let mut last_on: Vec<Option<usize>> = vec![None; log.topology.process_count()];
        for (i, e) in log.events.iter().enumerate() {
            if let Some(j) = last_on[e.process] {
                hb[j][i] = true;
            }
            last_on[e.process] = Some(i);
            if let EventKind::Receive { message, .. } = &e.kind {
                // The latest send of this message before the receipt.
                let j = log.events[..i]
                    .iter()
                    .rposition(|s| matches!(&s.kind, EventKind::Send { message: m } if m == message))
                    .expect("a receipt has its send");
                hb[j][i] = true;
            }
        }
        // Events are in an order that respects happens-before: one pass closes it.
        for i in 0..n {
            for j in 0..i {
                if hb[j][i] {
                    let before: Vec<usize> = (0..j).filter(|&k| hb[k][j]).collect();
                    for k in before {
                        hb[k][i] = true;
                    }
                }
            }
        }
        hb
    }

    #[test]
    fn vector_clocks_agree_with_happens_before_on_random_runs() {
        for seed in 0..40 {
            let options = generate::Options {
                processes: 3 + (seed % 3) as usize,
                events: 60,
                snapshots: 2,
                leave_in_flight: 4,
                ..Default::default()
            };
            let scenario = generate::busy_scenario(seed, options);
            let world = scenario.replay().world;
            let log = world.log();
            let hb = happens_before(log);
            for (i, e) in log.events.iter().enumerate() {
                let relations = cone(log, e.seq);
                for (j, r) in relations.iter().enumerate() {
                    let want = if i == j {
                        Relation::Itself
                    } else if hb[j][i] {
                        Relation::Past
                    } else if hb[i][j] {
                        Relation::Future
                    } else {
                        Relation::Concurrent
                    };
                    assert_eq!(*r, want, "seed {seed}: event {} seen from event {}", j + 1, i + 1);
                }
            }
        }
    }

    #[test]
    fn a_missing_event_has_no_cone_and_a_frontier_reads_like_a_clock() {
        let options = generate::Options { processes: 3, events: 10, ..Default::default() };
        let world = generate::busy_scenario(1, options).replay().world;
        assert!(cone(world.log(), 0).is_empty());
        assert!(cone(world.log(), 10_000).is_empty());
        assert_eq!(frontier(&[2, 3, 1]), "[2, 3, 1]");
    }
}
