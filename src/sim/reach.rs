//! Reachability: a snapshot "never happened", yet it is a state the system could have been in.
//! For a consistent cut, [`reorder`] produces an execution of the same application events
//! (sends, receives, internal events) that respects happens-before (each process's own order,
//! every send before its receive, FIFO order on FIFO channels) and passes through the cut's
//! global state: every event inside the cut first, then every event outside it. Marker and
//! recording events are not part of the application's execution and are left out.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::fmt;

use super::action::{Action, MessageRef};
use super::cut::{check_cut, CutError};
use super::event::{Event, EventKind, Log};
use super::message::{Message, MessageId};
use super::scenario::Scenario;
use super::topology::{Channel, Discipline};
use super::words::{Says, Sentence};

/// The reordered execution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reordering {
    /// Sequence numbers of the application events, in the new order.
    pub order: Vec<u32>,
    /// How many of `order` come before the cut's global state.
    pub boundary: usize,
    /// Each process's state at the boundary.
    pub states: Vec<i64>,
    /// The messages in flight on each channel at the boundary, in send order.
    pub in_flight: Vec<(Channel, Vec<Message>)>,
}

/// Why no reordering through the cut exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReachError {
    Cut(CutError),
    /// The cut has orphan messages: no execution passes through it.
    Inconsistent {
        orphans: usize,
    },
    /// Replaying the reordering broke happens-before at this event (a bug if it ever shows).
    Broken {
        seq: u32,
    },
}

impl Says for ReachError {
    /// Why no reordering exists, in words.
    fn sentence(&self) -> Sentence {
        match self {
            ReachError::Cut(e) => e.sentence(),
            ReachError::Inconsistent { orphans } => {
                crate::say!("the cut has {0} orphan message(s), so no execution passes through it", orphans)
            }
            ReachError::Broken { seq } => crate::say!("the reordering breaks happens-before at event {0}", seq),
        }
    }
}

impl fmt::Display for ReachError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl std::error::Error for ReachError {}

/// Reorders the application events of `log` so that the global state of `cut` occurs, and
/// replays the reordering to prove it respects happens-before.
pub fn reorder(log: &Log, cut: &[usize]) -> Result<Reordering, ReachError> {
    let report = check_cut(log, cut).map_err(ReachError::Cut)?;
    if !report.is_consistent() {
        return Err(ReachError::Inconsistent { orphans: report.orphans.len() });
    }
    let is_app = |kind: &EventKind| match kind {
        EventKind::Send { message } | EventKind::Receive { message, .. } => !message.is_marker(),
        EventKind::Internal { .. } => true,
        // A wait is the application's too: the reordered run waits where the real one did.
        EventKind::Wait { .. } => true,
        _ => false,
    };
    let app: Vec<_> = log.events.iter().filter(|e| is_app(&e.kind)).collect();
    let (inside, outside): (Vec<&Event>, Vec<&Event>) = app.iter().partition(|e| (e.index as usize) < cut[e.process]);
    let order: Vec<u32> = inside.iter().chain(outside.iter()).map(|e| e.seq).collect();
    let boundary = inside.len();

    // Replay the new order, checking happens-before as we go.
    let by_seq: BTreeMap<u32, _> = app.iter().map(|e| (e.seq, *e)).collect();
    let n = log.topology.process_count();
    let fifo = log.topology.discipline == Discipline::Fifo;
    let mut next_index = vec![None::<u32>; n];
    let mut states: Vec<i64> = log.topology.processes().iter().map(|p| p.initial).collect();
    let mut flight: BTreeMap<Channel, VecDeque<Message>> = BTreeMap::new();
    let mut at_boundary = None;
    for (i, seq) in order.iter().enumerate() {
        if i == boundary {
            at_boundary = Some((states.clone(), flight.clone()));
        }
        let e = by_seq[seq];
        // Each process's own events stay in order.
        if next_index[e.process].is_some_and(|last| last >= e.index) {
            return Err(ReachError::Broken { seq: e.seq });
        }
        next_index[e.process] = Some(e.index);
        match &e.kind {
            EventKind::Send { message } => {
                states[e.process] -= message.amount();
                flight.entry(message.channel).or_default().push_back(*message);
            }
            EventKind::Receive { message, .. } => {
                let queue = flight.entry(message.channel).or_default();
                let position = queue.iter().position(|m| m.id == message.id);
                match position {
                    Some(0) => {}
                    Some(_) if !fifo => {}
                    _ => return Err(ReachError::Broken { seq: e.seq }),
                }
                queue.remove(position.unwrap_or(0));
                states[e.process] += message.amount();
            }
            EventKind::Internal { delta, .. } => states[e.process] += delta,
            _ => {}
        }
    }
    let (states, flight) = at_boundary.unwrap_or((states, flight));
    let in_flight =
        flight.into_iter().filter(|(_, q)| !q.is_empty()).map(|(c, q)| (c, q.into_iter().collect())).collect();
    Ok(Reordering { order, boundary, states, in_flight })
}

/// The reordered execution as a run the lab can replay and scrub: the application events in
/// their new order as actions (send, deliver, internal) on the same topology and seed, with no
/// markers. After `r.boundary` actions its global state is the cut's. Messages are numbered
/// anew in their new send order; the second value names, for each new number (from 1), the
/// message of the real run it is. `None` for a log with faults (copies have no send).
pub fn as_scenario(log: &Log, r: &Reordering) -> Option<(Scenario, Vec<Message>)> {
    if log
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Drop { .. } | EventKind::Duplicate { .. } | EventKind::Crash))
    {
        return None;
    }
    let mut scenario = Scenario::new(log.topology.clone(), 0);
    let mut renamed: Vec<Message> = Vec::new();
    for seq in &r.order {
        let e = log.events.get((*seq as usize).checked_sub(1)?)?;
        let action = match &e.kind {
            EventKind::Send { message } => {
                renamed.push(*message);
                let channel = message.channel;
                Action::Send { from: channel.from, to: channel.to, amount: message.amount() }
            }
            EventKind::Receive { message, .. } => {
                let number = renamed.iter().position(|m| m.id == message.id)? as u32 + 1;
                Action::Deliver { message: MessageRef::App { number } }
            }
            EventKind::Internal { delta, .. } => Action::Internal { process: e.process, delta: *delta },
            EventKind::Wait { on } => Action::Wait { process: e.process, on: *on },
            _ => return None,
        };
        scenario.actions.push(action);
    }
    Some((scenario, renamed))
}

/// The ids of the messages in flight at the boundary, sorted.
pub fn in_flight_ids(r: &Reordering) -> Vec<MessageId> {
    let mut ids: Vec<MessageId> = r.in_flight.iter().flat_map(|(_, m)| m.iter().map(|m| m.id)).collect();
    ids.sort_unstable();
    ids
}
