//! The cut checker. A cut says, for each process, how many of its events are inside. For
//! any cut it finds **every** orphan message (received inside, sent outside), the messages
//! in transit across it, each process's state at the cut, and whether the global state
//! conserves the total. For a snapshot's own cut it also compares what was recorded with
//! what the cut says. Only application messages count: markers are not application state.
//!
//! Faults: a copy made by the network (a duplicate fault) is a message of its own, sent where
//! the duplicate event stands on the sender's line (the sender's state does not change); a
//! message the network lost is never in transit: no process can tell when it vanished, so a
//! run where it vanished just after its send is the same to every process. A snapshot's
//! **safety** (its verdict) is that its recorded state is a consistent global state: no orphan,
//! every recorded state the state at the cut, every channel's recording the messages in transit
//! across the cut. **Conservation** of the total is the application's invariant, reported apart
//! ([`Verdict::conserves`]): after a lost or duplicated message a true snapshot shows the
//! total the system really holds.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::say;

use super::event::{EventKind, Log};
use super::message::{Message, MessageId};
use super::process_name;
use super::snapshot::{ChannelState, Snapshot};
use super::topology::{Channel, ProcessId};
use super::words::{Says, Sentence};

/// Why a cut cannot be checked (malformed input, not an inconsistent cut).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CutError {
    WrongLength { expected: usize, got: usize },
    BeyondEnd { process: ProcessId, count: usize, events: usize },
}

impl Says for CutError {
    /// Why the cut cannot be checked, in words.
    fn sentence(&self) -> Sentence {
        match self {
            CutError::WrongLength { expected, got } => {
                say!("a cut needs one count per process ({0}), not {1}", expected, got)
            }
            CutError::BeyondEnd { process, count, events } => {
                say!(
                    "the cut puts {0} events of {1} inside, but it has only {2}",
                    count,
                    process_name(*process),
                    events
                )
            }
        }
    }
}

impl fmt::Display for CutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl std::error::Error for CutError {}

/// What a cut contains.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutReport {
    pub cut: Vec<usize>,
    /// Received inside the cut but sent outside it: the cut is inconsistent if any.
    pub orphans: Vec<Message>,
    /// Sent inside the cut and not received inside it (nor lost), in send order.
    pub in_transit: Vec<Message>,
    /// Each process's state at the cut.
    pub states: Vec<i64>,
    /// The initial total plus every internal change inside the cut.
    pub expected_total: i64,
    /// The states plus the amounts in transit.
    pub total: i64,
}

impl CutReport {
    pub fn is_consistent(&self) -> bool {
        self.orphans.is_empty()
    }
    pub fn conserves(&self) -> bool {
        self.total == self.expected_total
    }
    /// The messages in transit on one channel, in send order.
    pub fn in_transit_on(&self, channel: Channel) -> impl Iterator<Item = &Message> {
        self.in_transit.iter().filter(move |m| m.channel == channel)
    }
}

/// Checks any cut of a log.
pub fn check_cut(log: &Log, cut: &[usize]) -> Result<CutReport, CutError> {
    let counts = log.event_counts();
    if cut.len() != counts.len() {
        return Err(CutError::WrongLength { expected: counts.len(), got: cut.len() });
    }
    if let Some(p) = (0..cut.len()).find(|&p| cut[p] > counts[p]) {
        return Err(CutError::BeyondEnd { process: p, count: cut[p], events: counts[p] });
    }
    let inside = |p: ProcessId, index: u32| (index as usize) < cut[p];
    let mut states: Vec<i64> = log.topology.processes().iter().map(|p| p.initial).collect();
    let mut expected_total = log.topology.initial_total();
    // For each application message: (message, sent inside, received inside).
    let mut sent: Vec<(Message, bool)> = Vec::new();
    let mut received_inside: Vec<MessageId> = Vec::new();
    let mut lost: Vec<MessageId> = Vec::new();
    for e in &log.events {
        let is_in = inside(e.process, e.index);
        match &e.kind {
            EventKind::Send { message } if !message.is_marker() => {
                sent.push((*message, is_in));
                if is_in {
                    states[e.process] -= message.amount();
                }
            }
            EventKind::Receive { message, .. } if !message.is_marker() && is_in => {
                states[e.process] += message.amount();
                received_inside.push(message.id);
            }
            EventKind::Internal { delta, .. } if is_in => {
                states[e.process] += delta;
                expected_total += delta;
            }
            // The network's copy leaves where the duplicate event stands; nobody paid for it.
            EventKind::Duplicate { copy, .. } if !copy.is_marker() => sent.push((*copy, is_in)),
            EventKind::Drop { message } if !message.is_marker() => lost.push(message.id),
            _ => {}
        }
    }
    // Message ids are dense (0, 1, … in send order): mark them rather than sort them.
    let mut inside_marks = vec![false; sent.iter().map(|(m, _)| m.id as usize + 1).max().unwrap_or(0)];
    for id in received_inside {
        if let Some(mark) = inside_marks.get_mut(id as usize) {
            *mark = true;
        }
    }
    let was_received_inside = |id: MessageId| inside_marks.get(id as usize).copied().unwrap_or(false);
    let mut lost_marks = vec![false; inside_marks.len()];
    for id in lost {
        if let Some(mark) = lost_marks.get_mut(id as usize) {
            *mark = true;
        }
    }
    let was_lost = |id: MessageId| lost_marks.get(id as usize).copied().unwrap_or(false);
    let orphans = sent.iter().filter(|(m, s)| !s && was_received_inside(m.id)).map(|(m, _)| *m).collect();
    let in_transit: Vec<Message> =
        sent.iter().filter(|(m, s)| *s && !was_received_inside(m.id) && !was_lost(m.id)).map(|(m, _)| *m).collect();
    let total = states.iter().sum::<i64>() + in_transit.iter().map(Message::amount).sum::<i64>();
    Ok(CutReport { cut: cut.to_vec(), orphans, in_transit, states, expected_total, total })
}

/// A difference between what a snapshot recorded and what its cut says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Finding {
    /// A message received inside the cut but sent outside it.
    Orphan { message: Message },
    /// The recorded state of a process differs from its state at the cut.
    State { process: ProcessId, recorded: i64, at_cut: i64 },
    /// A channel's recorded messages differ from the messages in transit on it.
    Channel { channel: Channel, recorded: Vec<Message>, in_transit: Vec<Message> },
    /// The recorded states and channels do not add up to the total the application started
    /// with (plus its internal changes): the application's invariant, not the snapshot's safety.
    Conservation { recorded_total: i64, expected_total: i64 },
}

impl Says for Finding {
    /// The finding in words.
    fn sentence(&self) -> Sentence {
        use super::event::message_list;
        match self {
            Finding::Orphan { message } => say!(
                "{0} was received by {1} inside the cut but sent by {2} outside it (an orphan message)",
                message,
                process_name(message.channel.to),
                process_name(message.channel.from)
            ),
            Finding::State { process, recorded, at_cut } => {
                say!("{0} recorded {1}, but its state at the cut is {2}", process_name(*process), recorded, at_cut)
            }
            Finding::Channel { channel, recorded, in_transit } => match in_transit.len() {
                0 => {
                    say!("{0} recorded {1}, but nothing is in transit across the cut", channel, message_list(recorded))
                }
                1 => say!(
                    "{0} recorded {1}, but {2} is in transit across the cut",
                    channel,
                    message_list(recorded),
                    message_list(in_transit)
                ),
                _ => say!(
                    "{0} recorded {1}, but {2} are in transit across the cut",
                    channel,
                    message_list(recorded),
                    message_list(in_transit)
                ),
            },
            Finding::Conservation { recorded_total, expected_total } => {
                say!(
                    "the recorded states and channels add up to {0}, not the total {1}",
                    recorded_total,
                    expected_total
                )
            }
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

/// A completed snapshot checked against its own cut.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub report: CutReport,
    /// Every difference found: the safety findings (orphan, state, channel), then the
    /// conservation finding when the recorded total is not the application's total.
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// Safety: the recorded state is a consistent global state (no orphan, and every recorded
    /// state and channel is the state at the cut). Conservation is not part of it.
    pub fn is_consistent(&self) -> bool {
        self.safety_findings().next().is_none()
    }
    /// The findings that break safety (every finding but conservation).
    pub fn safety_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !matches!(f, Finding::Conservation { .. }))
    }
    /// The application's invariant: the recorded total is the total it started with plus its
    /// internal changes. False after a lost or duplicated message even when the snapshot is
    /// true (it shows the total the system really holds).
    pub fn conserves(&self) -> bool {
        !self.findings.iter().any(|f| matches!(f, Finding::Conservation { .. }))
    }
}

/// Checks a complete snapshot: its cut has no orphan, every recorded process state equals the
/// state at the cut, every recorded channel equals the messages in transit on it (safety); and,
/// apart, whether the recorded total equals the expected total (the application's invariant).
/// `None` while the snapshot is not complete.
pub fn check_snapshot(log: &Log, snapshot: &Snapshot) -> Option<Verdict> {
    if !snapshot.complete {
        return None;
    }
    let cut = snapshot.cut()?;
    let report = check_cut(log, &cut).ok()?;
    let mut findings: Vec<Finding> = report.orphans.iter().map(|&message| Finding::Orphan { message }).collect();
    for (p, recorded) in snapshot.states.iter().enumerate() {
        let recorded = recorded.unwrap_or(0);
        if recorded != report.states[p] {
            findings.push(Finding::State { process: p, recorded, at_cut: report.states[p] });
        }
    }
    for (channel, state) in &snapshot.channels {
        let recorded = match state {
            ChannelState::Recorded(m) | ChannelState::Recording(m) => m.clone(),
            ChannelState::NotRecorded => Vec::new(),
        };
        let in_transit: Vec<Message> = report.in_transit_on(*channel).copied().collect();
        // A channel's state is the set of messages in transit on it (under FIFO the
        // recording order is also the send order).
        let same =
            recorded.len() == in_transit.len() && recorded.iter().all(|r| in_transit.iter().any(|t| t.id == r.id));
        if !same {
            findings.push(Finding::Channel { channel: *channel, recorded, in_transit });
        }
    }
    let recorded_total = snapshot.recorded_total().unwrap_or(0);
    if recorded_total != report.expected_total {
        findings.push(Finding::Conservation { recorded_total, expected_total: report.expected_total });
    }
    Some(Verdict { report, findings })
}
