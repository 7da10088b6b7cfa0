//! When the algorithm's assumptions fail. The notes assume FIFO channels, no message loss, no
//! duplication and no process crash; the lab lets a learner break each one (the `drop`,
//! `duplicate` and `crash` actions, and non-FIFO channels) and this module says, from the log
//! and one assembled snapshot alone, what that did to the snapshot:
//!
//! * [`waits`]: who waits forever, and why, when the snapshot can never complete (a lost marker,
//!   a crashed process, or a process no marker can reach any more);
//! * [`explain`]: one [`FaultFinding`] per fault of the run (and per message that overtook a
//!   marker on non-FIFO channels), naming the broken assumption, the [`Property`] it breaks
//!   and its effect on this snapshot, with the change it made to the recorded total.
//!
//! What each broken assumption does ([`Property`]):
//!
//! * a lost or duplicated **application message**: the snapshot stays true (a consistent
//!   global state: no orphan, every channel's recording the messages in transit); it records
//!   the total the system really holds ($2900 or $3100 of the bank's $3000): the application's
//!   **invariant** broke, and the snapshot shows it;
//! * a lost **marker**, or a **crash** before the process did its part: **liveness** fails,
//!   the snapshot never completes;
//! * channels that are **not FIFO**: **safety** fails, a marker overtakes a message (an
//!   orphan, or a recording that misses a message in transit).
//!
//! Under FIFO channels, for a complete snapshot the findings' `change`s add up exactly to the
//! recorded total minus the expected total (`tests/faults.rs` checks it over random runs).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::say;

use super::cut::{check_snapshot, Finding};
use super::event::{Event, EventKind, Log};
use super::message::{Message, MessageId, MessageKind, SnapshotId};
use super::process_name;
use super::snapshot::{ChannelState, Snapshot};
use super::topology::{Channel, Discipline, ProcessId};
use super::words::{Says, Sentence};

/// An assumption of the algorithm, as the notes list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Assumption {
    Fifo,
    NoLoss,
    NoDuplication,
    NoCrash,
}

impl Assumption {
    /// The stable id, e.g. `no-loss`.
    pub fn id(self) -> &'static str {
        match self {
            Assumption::Fifo => "fifo",
            Assumption::NoLoss => "no-loss",
            Assumption::NoDuplication => "no-duplication",
            Assumption::NoCrash => "no-crash",
        }
    }
    /// As the notes name it, e.g. `no loss`.
    pub fn name(self) -> Sentence {
        match self {
            Assumption::Fifo => say!("FIFO channels"),
            Assumption::NoLoss => say!("no loss"),
            Assumption::NoDuplication => say!("no duplication"),
            Assumption::NoCrash => say!("no crash"),
        }
    }
}

/// What a broken assumption breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Property {
    /// The recorded state is a consistent global state (no orphan; each channel's recording is
    /// the messages in transit across the cut).
    Safety,
    /// The snapshot completes.
    Liveness,
    /// The application's own invariant (the bank's total); the snapshot stays true.
    Invariant,
}

impl Property {
    /// The stable id, e.g. `liveness`.
    pub fn id(self) -> &'static str {
        match self {
            Property::Safety => "safety",
            Property::Liveness => "liveness",
            Property::Invariant => "invariant",
        }
    }
    /// What breaking it means, in words.
    pub fn name(self) -> Sentence {
        match self {
            Property::Safety => say!("Safety broken: the recorded state is not a consistent global state"),
            Property::Liveness => say!("Liveness broken"),
            Property::Invariant => {
                say!("The snapshot is still true; the application's invariant broke (its total changed)")
            }
        }
    }
}

/// Why part of a snapshot waits forever.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Cause {
    /// This process crashed (event `seq`).
    Crashed { process: ProcessId, seq: u32 },
    /// The marker on the channel was lost (event `seq`).
    MarkerLost { seq: u32 },
    /// The channel's sender will never record, so it will never send its marker.
    SenderNeverRecords,
    /// Every marker that could reach the process is lost or will never be sent.
    NoMarkerCanArrive,
    /// Seed 000's rule ([`super::MarkerRule::SkipSender`]): the channel's sender got its first
    /// marker from this process and sent none back.
    NoMarkerBack,
}

/// One part of a snapshot that will never happen: a process that never records its state
/// (`channel` is `None`) or a channel whose recording never closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wait {
    pub snapshot: SnapshotId,
    pub process: ProcessId,
    pub channel: Option<Channel>,
    pub cause: Cause,
}

impl Wait {
    /// The assumption whose failure this wait comes from, when it is direct.
    pub fn assumption(&self) -> Option<Assumption> {
        match self.cause {
            Cause::Crashed { .. } => Some(Assumption::NoCrash),
            Cause::MarkerLost { .. } => Some(Assumption::NoLoss),
            Cause::SenderNeverRecords | Cause::NoMarkerCanArrive | Cause::NoMarkerBack => None,
        }
    }
}

impl Says for Wait {
    /// The wait in words.
    fn sentence(&self) -> Sentence {
        let (p, s) = (process_name(self.process), self.snapshot);
        let Some(c) = self.channel else {
            return match self.cause {
                Cause::Crashed { .. } => {
                    say!("{0} crashed before recording its state for S{1}: it will never record it", p, s)
                }
                _ => say!("{0} never records its state for S{1}: no marker of S{1} can reach it any more", p, s),
            };
        };
        match self.cause {
            Cause::Crashed { process, .. } if process == self.process => {
                say!("{0} waits forever for the marker of S{1} on {2}: it crashed before the marker arrived", p, s, c)
            }
            Cause::Crashed { .. } => say!(
                "{0} waits forever for the marker of S{1} on {2}: its sender crashed before recording, so it never sends it",
                p,
                s,
                c
            ),
            Cause::MarkerLost { .. } => say!("{0} waits forever for the marker of S{1} on {2}: it was lost", p, s, c),
            Cause::NoMarkerBack => say!(
                "{0} records {2} forever: {3} got its first marker of S{1} from {0}, and under seed 000's rule sends no marker back",
                p,
                s,
                c,
                process_name(c.from)
            ),
            _ => say!(
                "{0} waits forever for the marker of S{1} on {2}: its sender never records, so it never sends it",
                p,
                s,
                c
            ),
        }
    }
}

impl fmt::Display for Wait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

/// What one fault (or one overtaking message) did to one snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FaultFinding {
    pub assumption: Assumption,
    /// The fault's event (drop, duplicate, crash), or the receive of a message that overtook
    /// a marker.
    pub seq: u32,
    /// True when the fault changed this snapshot (its total, its channels, or its completion).
    pub affects: bool,
    /// What it added to the snapshot's recorded total (negative for money lost).
    pub change: i64,
    /// What it breaks for this snapshot, if anything.
    pub breaks: Option<Property>,
    /// The whole finding as one sentence.
    pub text: Sentence,
}

impl Says for FaultFinding {
    /// `assumption broken (no loss): …`, then what it breaks.
    fn sentence(&self) -> Sentence {
        match self.breaks {
            Some(p) => say!("assumption broken ({0}): {1}. {2}.", self.assumption.name(), &self.text, p.name()),
            None => say!("assumption broken ({0}): {1}", self.assumption.name(), &self.text),
        }
    }
}

impl fmt::Display for FaultFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

/// Per channel of one snapshot: markers in flight, and the last lost one.
struct MarkerFlow {
    in_flight: i64,
    lost: Option<u32>,
}

/// Every part of a snapshot that will never happen, assuming every message that can still be
/// delivered eventually is. Empty when the snapshot is complete or can still complete.
pub fn waits(log: &Log, snapshot: &Snapshot) -> Vec<Wait> {
    // Lai–Yang runs have no faults (the world refuses them), and without faults every
    // snapshot completes once every message is delivered (tests/properties.rs).
    if snapshot.complete || log.topology.algorithm == super::Algorithm::LaiYang {
        return Vec::new();
    }
    let t = &log.topology;
    let n = t.process_count();
    let s = snapshot.id;
    let mut crashed: Vec<Option<u32>> = vec![None; n];
    let mut flow: Vec<MarkerFlow> = t.channels().iter().map(|_| MarkerFlow { in_flight: 0, lost: None }).collect();
    let slot = |c: Channel| t.channel_id(c.from, c.to);
    for e in &log.events {
        let marker_of_s = |m: &Message| m.kind == MessageKind::Marker { snapshot: s };
        match &e.kind {
            EventKind::Crash => crashed[e.process] = Some(e.seq),
            EventKind::Send { message } | EventKind::Duplicate { copy: message, .. } if marker_of_s(message) => {
                if let Some(c) = slot(message.channel) {
                    flow[c].in_flight += 1;
                }
            }
            EventKind::Receive { message, .. } if marker_of_s(message) => {
                if let Some(c) = slot(message.channel) {
                    flow[c].in_flight -= 1;
                }
            }
            EventKind::Drop { message } if marker_of_s(message) => {
                if let Some(c) = slot(message.channel) {
                    flow[c].in_flight -= 1;
                    flow[c].lost = Some(e.seq);
                }
            }
            _ => {}
        }
    }
    let recorded: Vec<bool> = snapshot.states.iter().map(Option::is_some).collect();
    // Who records eventually: the recorded, and (to a fixpoint) every live process with a
    // marker in flight to it or a live sender that will record but has not yet.
    let mut will = recorded.clone();
    loop {
        let mut grew = false;
        for p in 0..n {
            if will[p] || crashed[p].is_some() {
                continue;
            }
            let reachable = t.incoming(p).iter().any(|&c| {
                let q = t.channel(c).from;
                flow[c].in_flight > 0 || (!recorded[q] && will[q])
            });
            if reachable {
                will[p] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut out = Vec::new();
    for p in 0..n {
        if will[p] {
            continue;
        }
        let cause = match crashed[p] {
            Some(seq) => Cause::Crashed { process: p, seq },
            None => Cause::NoMarkerCanArrive,
        };
        out.push(Wait { snapshot: s, process: p, channel: None, cause });
    }
    for (c, (channel, state)) in snapshot.channels.iter().enumerate() {
        if matches!(state, ChannelState::Recorded(_)) {
            continue;
        }
        let (q, p) = (channel.from, channel.to);
        let closes = crashed[p].is_none() && will[p] && (flow[c].in_flight > 0 || (!recorded[q] && will[q]));
        if closes {
            continue;
        }
        // A process that never records is already listed; its channels follow from that.
        if !will[p] {
            continue;
        }
        let cause = if let Some(seq) = crashed[p] {
            Cause::Crashed { process: p, seq }
        } else if let Some(seq) = flow[c].lost {
            Cause::MarkerLost { seq }
        } else if let Some(seq) = crashed[q].filter(|_| !recorded[q]) {
            Cause::Crashed { process: q, seq }
        } else if recorded[q] && t.markers == super::MarkerRule::SkipSender {
            Cause::NoMarkerBack
        } else {
            Cause::SenderNeverRecords
        };
        out.push(Wait { snapshot: s, process: p, channel: Some(*channel), cause });
    }
    out
}

/// True when the event of `process` at `index` lies inside the snapshot's cut (before the
/// process recorded; everything is inside for a process that has not recorded).
fn inside(snapshot: &Snapshot, process: ProcessId, index: u32) -> bool {
    snapshot.record_index.get(process).copied().flatten().is_none_or(|r| index < r)
}

/// Every fault of the run and what it did to `snapshot`, in log order (the fault's description,
/// then its effect on this snapshot); then, on non-FIFO channels, whether a marker and a message
/// swapped places. The amounts are in the verdict's conservation finding.
pub fn explain(log: &Log, snapshot: &Snapshot) -> Vec<FaultFinding> {
    let mut out = Vec::new();
    let mut attributed: Vec<Channel> = Vec::new();
    let events = &log.events;
    let inside_send = |id: MessageId| find(events, id, false).is_some_and(|e| inside(snapshot, e.process, e.index));
    let inside_receive = |id: MessageId| find(events, id, true).is_some_and(|e| inside(snapshot, e.process, e.index));
    let recorded = |c: Channel| -> &[Message] {
        snapshot
            .channels
            .iter()
            .find_map(|(x, state)| match state {
                ChannelState::Recorded(m) | ChannelState::Recording(m) if *x == c => Some(&m[..]),
                _ => None,
            })
            .unwrap_or(&[])
    };
    let waits = waits(log, snapshot);
    let of_this = |m: &Message| m.kind == MessageKind::Marker { snapshot: snapshot.id };
    for e in events {
        // (assumption, affects, change, effect on this snapshot, what it breaks)
        let (assumption, affects, change, effect, breaks) = match &e.kind {
            EventKind::Drop { message } if of_this(message) => {
                let c = message.channel;
                let closed = snapshot.channels.iter().any(|(x, st)| *x == c && matches!(st, ChannelState::Recorded(_)));
                let waiting =
                    !closed && waits.iter().any(|w| w.channel == Some(c) || (w.channel.is_none() && w.process == c.to));
                if waiting {
                    (
                        Assumption::NoLoss,
                        true,
                        0,
                        say!("its receiver waits for it forever, so the snapshot can never complete"),
                        Some(Property::Liveness),
                    )
                } else {
                    // A copy further back took its place: it also counts what was sent after
                    // the sender recorded and received or recorded before it (once per channel).
                    let change: i64 = if attributed.contains(&c) {
                        0
                    } else {
                        attributed.push(c);
                        events
                            .iter()
                            .filter_map(|x| match &x.kind {
                                EventKind::Send { message: m }
                                    if m.channel == c && !m.is_marker() && !inside(snapshot, x.process, x.index) =>
                                {
                                    Some(*m)
                                }
                                _ => None,
                            })
                            .filter(|m| recorded(c).iter().any(|r| r.id == m.id) || inside_receive(m.id))
                            .map(|m| m.amount())
                            .sum()
                    };
                    let effect = if change == 0 {
                        say!("a copy of it can still close the channel")
                    } else {
                        say!("a copy further back closed the channel late, so the snapshot also counts messages sent after its sender recorded")
                    };
                    // Counting a message sent after its sender recorded: no longer a consistent state.
                    (Assumption::NoLoss, change != 0, change, effect, (change != 0).then_some(Property::Safety))
                }
            }
            EventKind::Drop { message } if !message.is_marker() => {
                if !is_copy(log, message.id) && inside_send(message.id) {
                    (
                        Assumption::NoLoss,
                        true,
                        -message.amount(),
                        say!("it was sent before its sender recorded and never arrived, so no recorded state or channel holds its amount"),
                        Some(Property::Invariant),
                    )
                } else {
                    (
                        Assumption::NoLoss,
                        false,
                        0,
                        say!("the snapshot does not count it, but the system now holds less than it was given"),
                        Some(Property::Invariant),
                    )
                }
            }
            EventKind::Duplicate { copy, .. } if of_this(copy) => (
                Assumption::NoDuplication,
                false,
                0,
                say!(
                    "a later marker on a closed channel is ignored (rule duplicate-marker): the snapshot is unchanged"
                ),
                None,
            ),
            EventKind::Duplicate { copy, .. } if !copy.is_marker() => {
                if recorded(copy.channel).iter().any(|r| r.id == copy.id) || inside_receive(copy.id) {
                    (
                        Assumption::NoDuplication,
                        true,
                        copy.amount(),
                        say!("the snapshot counts the copy as well as the original, so its total grows by the amount"),
                        Some(Property::Invariant),
                    )
                } else {
                    (
                        Assumption::NoDuplication,
                        false,
                        0,
                        say!("the snapshot does not count the copy"),
                        Some(Property::Invariant),
                    )
                }
            }
            EventKind::Crash => {
                if waits.iter().any(|w| w.cause == Cause::Crashed { process: e.process, seq: e.seq }) {
                    (
                        Assumption::NoCrash,
                        true,
                        0,
                        say!("before doing its part of the snapshot (recording, or closing its channels), so the snapshot can never complete"),
                        Some(Property::Liveness),
                    )
                } else {
                    (
                        Assumption::NoCrash,
                        false,
                        0,
                        say!("after doing its part of the snapshot, which it does not change"),
                        None,
                    )
                }
            }
            _ => continue,
        };
        out.push(FaultFinding {
            assumption,
            seq: e.seq,
            affects,
            change,
            breaks,
            text: say!("{0}; {1}", e.describe(), effect),
        });
    }
    // Without FIFO a marker and a message can swap places on a channel: that is what any
    // orphan or channel finding of the verdict then shows.
    if log.topology.discipline == Discipline::NonFifo {
        let swapped = check_snapshot(log, snapshot)
            .is_some_and(|v| v.findings.iter().any(|f| matches!(f, Finding::Orphan { .. } | Finding::Channel { .. })));
        if swapped {
            out.push(FaultFinding {
                assumption: Assumption::Fifo,
                seq: 0,
                affects: true,
                change: 0,
                breaks: Some(Property::Safety),
                text: say!("the channels are not FIFO, so a marker and a message swapped places on a channel: the verdict's orphan or channel finding is the result"),
            });
        }
    }
    out
}

/// The send (or receive) event of message `id`.
fn find(events: &[Event], id: MessageId, receive: bool) -> Option<&Event> {
    events.iter().find(|e| match &e.kind {
        EventKind::Send { message } => !receive && message.id == id,
        EventKind::Receive { message, .. } => receive && message.id == id,
        _ => false,
    })
}

/// True when message `id` is a copy made by a duplicate fault.
pub fn is_copy(log: &Log, id: MessageId) -> bool {
    copy_of(log, id).is_some()
}

/// The original of a copy made by a duplicate fault.
pub fn copy_of(log: &Log, id: MessageId) -> Option<Message> {
    log.events.iter().find_map(|e| match &e.kind {
        EventKind::Duplicate { original, copy } if copy.id == id => Some(*original),
        _ => None,
    })
}

/// True when the run has a fault (a drop, a duplicate or a crash).
pub fn has_faults(log: &Log) -> bool {
    log.events.iter().any(|e| matches!(e.kind, EventKind::Drop { .. } | EventKind::Duplicate { .. } | EventKind::Crash))
}
