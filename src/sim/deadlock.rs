//! Deadlock detection from a snapshot: a stable property the recorded global state shows.
//!
//! A process that *waits* ([`super::Action::Wait`]) for a message from another sends nothing
//! until a message from that process is delivered to it. From a complete snapshot's recorded
//! states (what each process was waiting for when it recorded, read from the log up to its
//! record-state event) and its recorded channel states (the messages in transit across the
//! cut), [`detect`] builds the wait-for graph (Pi → Pj when Pi was recorded waiting for Pj)
//! and reports a deadlock when it has a cycle none of whose processes can be woken: for every
//! edge Pi → Pj on it, no application message from Pj is in transit on Pj → Pi. Every process
//! of the cycle then waits for another of it, none of them can send, and nothing on the way
//! wakes one: they stay blocked forever, whatever else happens (the property is stable, which
//! `tests/deadlock.rs` checks on random runs). Otherwise it says why there is none.
//!
//! Each process waits for one process at a time (a waiting process starts no other wait), so
//! the graph has at most one edge out of each process.

use crate::say;

use super::event::{join_names, EventKind, Log};
use super::message::Message;
use super::process_name;
use super::snapshot::{ChannelState, Snapshot};
use super::topology::{Channel, ProcessId};
use super::words::{Says, Sentence};

/// The verdict line of a snapshot's panel: `Deadlock detection: …`.
pub fn verdict_line(verdict: &Verdict) -> Sentence {
    say!("Deadlock detection: {0}", verdict.sentence())
}

/// The recorded waits line of a snapshot's panel: `Recorded waits: P1 waits for P2, …`.
pub fn recorded_waits_line(waits: &[Option<ProcessId>]) -> Sentence {
    say!("Recorded waits: {0}", waits_line(waits))
}

/// Whether any action of the scenario is a wait.
pub fn scenario_has_waits(scenario: &super::Scenario) -> bool {
    scenario.actions.iter().any(|a| matches!(a, super::Action::Wait { .. }))
}

/// What a complete snapshot says about deadlock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The snapshot is not complete: not every state and channel is recorded yet.
    Incomplete,
    /// No process was waiting when it recorded.
    NobodyWaits,
    /// `waiter` was waiting for `on`, and `message` from `on` is in transit to it: it will wake.
    Woken { waiter: ProcessId, on: ProcessId, message: Message },
    /// `waiter` was waiting for `on`, which was not waiting: `on` can still send.
    Free { waiter: ProcessId, on: ProcessId },
    /// A deadlock: `cycle[0]` waits for `cycle[1]`, …, the last for `cycle[0]`, and no message
    /// that would wake one is in transit. `behind`: other processes waiting (directly or
    /// through others) for one on the cycle, blocked with it.
    Deadlock { cycle: Vec<ProcessId>, behind: Vec<ProcessId> },
}

impl Verdict {
    pub fn is_deadlock(&self) -> bool {
        matches!(self, Verdict::Deadlock { .. })
    }
}

impl Says for Verdict {
    /// The verdict as one sentence, e.g. `P1 waits for P2, P2 waits for P1, and no message
    /// that would wake one is in transit: deadlock`.
    fn sentence(&self) -> Sentence {
        match self {
            Verdict::Incomplete => {
                say!("the snapshot is not complete yet: deadlock detection needs every recorded state and channel")
            }
            Verdict::NobodyWaits => say!("no process was waiting when it recorded: no deadlock"),
            Verdict::Woken { waiter, on, message } => say!(
                "{0} was waiting for {1}, but {2} from {1} is in transit to it and will wake it: no deadlock",
                process_name(*waiter),
                process_name(*on),
                message
            ),
            Verdict::Free { waiter, on } => say!(
                "{0} was waiting for {1}, but {1} was not waiting and can still send: no deadlock",
                process_name(*waiter),
                process_name(*on)
            ),
            Verdict::Deadlock { cycle, behind } => {
                let edges: Vec<Sentence> = cycle
                    .iter()
                    .enumerate()
                    .map(|(i, &p)| {
                        say!("{0} waits for {1}", process_name(p), process_name(cycle[(i + 1) % cycle.len()]))
                    })
                    .collect();
                let edges = Sentence::comma_list(edges);
                if behind.is_empty() {
                    say!("{0}, and no message that would wake one is in transit: deadlock", edges)
                } else {
                    let names: Vec<String> = behind.iter().map(|&p| process_name(p)).collect();
                    say!(
                        "{0}, and no message that would wake one is in transit: deadlock ({1} waits behind the cycle, blocked too)",
                        edges,
                        join_names(&names)
                    )
                }
            }
        }
    }
}

/// The process `process` was waiting for just before its event at position `index` on its
/// line (`None`: it was not waiting), read from the log alone: a wait starts waiting, and a
/// receipt of an application message from the process waited for wakes it.
pub fn waiting_before(log: &Log, process: ProcessId, index: u32) -> Option<ProcessId> {
    let mut waiting = None;
    for e in log.events.iter().filter(|e| e.process == process && e.index < index) {
        match &e.kind {
            EventKind::Wait { on } => waiting = Some(*on),
            EventKind::Receive { message, .. } if !message.is_marker() && waiting == Some(message.channel.from) => {
                waiting = None
            }
            _ => {}
        }
    }
    waiting
}

/// What each process was waiting for when it recorded its state in `snapshot` (`None`: it was
/// not waiting, or has not recorded).
pub fn recorded_waits(log: &Log, snapshot: &Snapshot) -> Vec<Option<ProcessId>> {
    snapshot.record_index.iter().enumerate().map(|(p, i)| i.and_then(|i| waiting_before(log, p, i))).collect()
}

/// Whether any process of the run ever waits (only such runs get a deadlock verdict).
pub fn has_waits(log: &Log) -> bool {
    log.events.iter().any(|e| matches!(e.kind, EventKind::Wait { .. }))
}

/// The recorded waits as one phrase: `P1 waits for P2, P2 waits for P3`, or `none`.
pub fn waits_line(waits: &[Option<ProcessId>]) -> Sentence {
    let edges: Vec<Sentence> = waits
        .iter()
        .enumerate()
        .filter_map(|(p, w)| Some(say!("{0} waits for {1}", process_name(p), process_name((*w)?))))
        .collect();
    if edges.is_empty() {
        say!("none")
    } else {
        Sentence::comma_list(edges)
    }
}

/// The first application message recorded in transit on `channel` in `snapshot`, if any.
fn in_transit(snapshot: &Snapshot, channel: Channel) -> Option<Message> {
    snapshot.channels.iter().find(|(c, _)| *c == channel).and_then(|(_, state)| match state {
        ChannelState::Recorded(m) | ChannelState::Recording(m) => m.iter().find(|m| !m.is_marker()).copied(),
        ChannelState::NotRecorded => None,
    })
}

/// Detects a deadlock in a snapshot of the run `log` (see the module's documentation).
pub fn detect(log: &Log, snapshot: &Snapshot) -> Verdict {
    if !snapshot.complete {
        return Verdict::Incomplete;
    }
    let waits = recorded_waits(log, snapshot);
    // The message that would wake each waiting process, if one is in transit.
    let wakes: Vec<Option<Message>> = waits
        .iter()
        .enumerate()
        .map(|(p, w)| w.and_then(|q| in_transit(snapshot, Channel { from: q, to: p })))
        .collect();
    let blocked = |p: ProcessId| waits[p].is_some() && wakes[p].is_none();
    let n = waits.len();
    // A process is deadlocked when following the wait-for edges from it passes only blocked
    // processes and comes back to one already passed: a blocked cycle.
    let cycle_from = |start: ProcessId| -> Option<Vec<ProcessId>> {
        let mut path = vec![start];
        let mut p = start;
        while blocked(p) {
            let q = waits[p]?;
            if let Some(at) = path.iter().position(|&x| x == q) {
                return Some(path.split_off(at));
            }
            if path.len() > n {
                return None;
            }
            path.push(q);
            p = q;
        }
        None
    };
    let mut deadlocked: Vec<(ProcessId, Vec<ProcessId>)> = (0..n).filter_map(|p| Some((p, cycle_from(p)?))).collect();
    if let Some((_, first)) = deadlocked.first() {
        // The cycle from its lowest process, then the processes blocked behind it.
        let mut cycle = first.clone();
        let lowest = cycle.iter().enumerate().min_by_key(|(_, &p)| p).map(|(i, _)| i).unwrap_or(0);
        cycle.rotate_left(lowest);
        deadlocked.retain(|(_, c)| c.contains(&cycle[0]));
        let behind = deadlocked.iter().map(|&(p, _)| p).filter(|p| !cycle.contains(p)).collect();
        return Verdict::Deadlock { cycle, behind };
    }
    // No deadlock: follow the edges from the first waiting process to where they break.
    let Some(mut p) = (0..n).find(|&p| waits[p].is_some()) else { return Verdict::NobodyWaits };
    for _ in 0..=n {
        let Some(on) = waits[p] else { break };
        if let Some(message) = wakes[p] {
            return Verdict::Woken { waiter: p, on, message };
        }
        if waits[on].is_none() {
            return Verdict::Free { waiter: p, on };
        }
        p = on;
    }
    // Unreachable: a chain of blocked processes that never breaks is a cycle, found above.
    Verdict::NobodyWaits
}
