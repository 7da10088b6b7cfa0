//! When the algorithm's assumptions fail. The notes assume FIFO channels, no message loss, no
//! duplication and no process crash; the lab lets a learner break each one (the `drop`,
//! `duplicate` and `crash` actions, and non-FIFO channels) and this module says, from the log
//! and one assembled snapshot alone, what that did to the snapshot:
//!
//! * [`waits`]: who waits forever, and why, when the snapshot can never complete (a lost marker,
//!   a crashed process, or a process no marker can reach any more);
//! * [`explain`]: one [`FaultFinding`] per fault of the run (and per message that overtook a
//!   marker on non-FIFO channels), naming the broken assumption and its effect on this
//!   snapshot, with the change it made to the recorded total.
//!
//! Under FIFO channels, for a complete snapshot the findings' `change`s add up exactly to the
//! recorded total minus the expected total (`tests/faults.rs` checks it over random runs).

use serde::{Deserialize, Serialize};
use std::fmt;

use super::cut::{check_snapshot, Finding};
use super::event::{Event, EventKind, Log};
use super::message::{Message, MessageId, MessageKind, SnapshotId};
use super::process_name;
use super::snapshot::{ChannelState, Snapshot};
use super::topology::{Channel, Discipline, ProcessId};

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
    pub fn name(self) -> &'static str {
        match self {
            Assumption::Fifo => "FIFO channels",
            Assumption::NoLoss => "no loss",
            Assumption::NoDuplication => "no duplication",
            Assumption::NoCrash => "no crash",
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
            Cause::SenderNeverRecords | Cause::NoMarkerCanArrive => None,
        }
    }
}

impl fmt::Display for Wait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (p, s) = (process_name(self.process), self.snapshot);
        match (self.channel, self.cause) {
            (None, Cause::Crashed { .. }) => {
                write!(f, "{p} crashed before recording its state for S{s}: it will never record it")
            }
            (None, _) => write!(f, "{p} never records its state for S{s}: no marker of S{s} can reach it any more"),
            (Some(c), Cause::Crashed { process, .. }) if process == self.process => {
                write!(f, "{p} crashed before receiving the marker of S{s} on {c}: it will never close that channel")
            }
            (Some(c), Cause::Crashed { process, .. }) => write!(
                f,
                "{p} waits forever for the marker of S{s} on {c}: {} crashed before recording, so it never sends it",
                process_name(process)
            ),
            (Some(c), Cause::MarkerLost { .. }) => {
                write!(f, "{p} waits forever for the marker of S{s} on {c}: it was lost")
            }
            (Some(c), _) => write!(
                f,
                "{p} waits forever for the marker of S{s} on {c}: {} never records, so it never sends it",
                process_name(c.from)
            ),
        }
    }
}

/// What one fault (or one overtaking message) did to one snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultFinding {
    pub assumption: Assumption,
    /// The fault's event (drop, duplicate, crash), or the receive of a message that overtook
    /// a marker.
    pub seq: u32,
    /// True when the fault changed this snapshot (its total, its channels, or its completion).
    pub affects: bool,
    /// What it added to the snapshot's recorded total (negative for money lost).
    pub change: i64,
    /// The whole finding as one English sentence.
    pub text: String,
}

impl fmt::Display for FaultFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "assumption broken ({}): {}", self.assumption.name(), self.text)
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
    if snapshot.complete {
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

/// Every fault of the run and what it did to `snapshot`, in log order; then, on non-FIFO
/// channels, every message that overtook a marker of this snapshot and so broke it.
pub fn explain(log: &Log, snapshot: &Snapshot) -> Vec<FaultFinding> {
    let s = snapshot.id;
    let name = format!("S{s}");
    let mut out = Vec::new();
    let mut attributed: Vec<Channel> = Vec::new();
    let events = &log.events;
    let find_send = |id: MessageId| -> Option<&Event> {
        events.iter().find(|e| matches!(&e.kind, EventKind::Send { message } if message.id == id))
    };
    let find_receive = |id: MessageId| -> Option<&Event> {
        events.iter().find(|e| matches!(&e.kind, EventKind::Receive { message, .. } if message.id == id))
    };
    let recorded_on = |id: MessageId| -> Option<Channel> {
        snapshot.channels.iter().find_map(|(c, state)| match state {
            ChannelState::Recorded(m) | ChannelState::Recording(m) if m.iter().any(|m| m.id == id) => Some(*c),
            _ => None,
        })
    };
    let waits = waits(log, snapshot);
    let verdict = check_snapshot(log, snapshot);
    let totals = verdict.as_ref().map(|v| (snapshot.recorded_total().unwrap_or(0), v.report.expected_total));
    let totals_text = |totals: Option<(i64, i64)>| match totals {
        Some((recorded, expected)) if recorded != expected => {
            format!(": {name}'s recorded states and channels add up to {recorded}, not the total {expected}")
        }
        _ => String::new(),
    };
    for e in events {
        match &e.kind {
            EventKind::Drop { message } => match message.kind {
                MessageKind::Marker { snapshot: of } if of == s => {
                    let c = message.channel;
                    let closed = snapshot
                        .channels
                        .iter()
                        .any(|(x, state)| *x == c && matches!(state, ChannelState::Recorded(_)));
                    let waiting = !closed
                        && waits.iter().any(|w| w.channel == Some(c) || (w.channel.is_none() && w.process == c.to));
                    if waiting {
                        let text = format!(
                            "the marker of {name} on {} was lost, so {} waits for it forever and {name} can never complete",
                            message.channel,
                            process_name(message.channel.to)
                        );
                        out.push(FaultFinding { assumption: Assumption::NoLoss, seq: e.seq, affects: true, change: 0, text });
                        continue;
                    }
                    // A copy further back closed the channel: it also recorded what was sent
                    // after the sender recorded (attributed to the first loss on the channel).
                    let extra: Vec<Message> = if attributed.contains(&message.channel) {
                        Vec::new()
                    } else {
                        attributed.push(message.channel);
                        // Sent after the sender recorded, yet counted by the receiver (received
                        // before it recorded) or by the channel's recording: counted twice.
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
                            .filter(|m| {
                                recorded_on(m.id) == Some(c)
                                    || find_receive(m.id).is_some_and(|r| inside(snapshot, r.process, r.index))
                            })
                            .collect()
                    };
                    let change: i64 = extra.iter().map(Message::amount).sum();
                    let text = if extra.is_empty() {
                        format!(
                            "the marker of {name} on {} was lost, but another marker of {name} (a copy) can still close the channel",
                            message.channel
                        )
                    } else {
                        format!(
                            "the marker of {name} on {} was lost and a copy further back took its place, so {name} also counts {}, sent after {} recorded{}",
                            message.channel,
                            super::event::message_list(&extra),
                            process_name(message.channel.from),
                            totals_text(totals)
                        )
                    };
                    out.push(FaultFinding { assumption: Assumption::NoLoss, seq: e.seq, affects: change != 0, change, text });
                }
                MessageKind::Marker { .. } => {}
                MessageKind::App { .. } => {
                    let copy = is_copy(log, message.id);
                    let sent_inside =
                        !copy && find_send(message.id).is_some_and(|send| inside(snapshot, send.process, send.index));
                    let from = process_name(message.channel.from);
                    let (change, text) = if sent_inside {
                        (
                            -message.amount(),
                            format!(
                                "{message} ({}) was lost on {}: {from} sent it before recording for {name} and it never arrived, so its {} is in no recorded state and no recorded channel{}",
                                message.amount(),
                                message.channel,
                                message.amount(),
                                totals_text(totals)
                            ),
                        )
                    } else {
                        (
                            0,
                            format!(
                                "{message} ({}) was lost on {}; {} does not count it ({}), but the system now holds {} less than it was given",
                                message.amount(),
                                message.channel,
                                name,
                                if copy { "it was a copy" } else { "it was sent after the sender recorded" },
                                message.amount()
                            ),
                        )
                    };
                    out.push(FaultFinding { assumption: Assumption::NoLoss, seq: e.seq, affects: sent_inside, change, text });
                }
            },
            EventKind::Duplicate { original, copy } => match copy.kind {
                MessageKind::Marker { snapshot: of } if of == s => out.push(FaultFinding {
                    assumption: Assumption::NoDuplication,
                    seq: e.seq,
                    affects: false,
                    change: 0,
                    text: format!(
                        "the marker of {name} on {} was duplicated; the first marker on a channel closes it and a later one on a closed channel is ignored (rule duplicate-marker), so {name} is not changed",
                        original.channel
                    ),
                }),
                MessageKind::Marker { .. } => {}
                MessageKind::App { .. } => {
                    let received = find_receive(copy.id);
                    let to = process_name(copy.channel.to);
                    let how = if let Some(c) = recorded_on(copy.id) {
                        Some(format!("{name} recorded the copy in transit on {c}"))
                    } else if received.is_some_and(|r| inside(snapshot, r.process, r.index)) {
                        Some(format!("{to} received the copy before recording for {name}"))
                    } else {
                        None
                    };
                    let amount = copy.amount();
                    let (change, text) = match how {
                        Some(how) => (
                            amount,
                            format!(
                                "{copy} is a copy of {original} ({amount}) on {}; {how}, so the {amount} is counted twice{}",
                                copy.channel,
                                totals_text(totals)
                            ),
                        ),
                        None => (
                            0,
                            format!(
                                "{copy} is a copy of {original} ({amount}) on {}; {name} does not count the copy ({})",
                                copy.channel,
                                if received.is_some() {
                                    format!("{to} received it after recording, on a closed channel")
                                } else {
                                    "it has not arrived".to_string()
                                }
                            ),
                        ),
                    };
                    out.push(FaultFinding {
                        assumption: Assumption::NoDuplication,
                        seq: e.seq,
                        affects: change != 0,
                        change,
                        text,
                    });
                }
            },
            EventKind::Crash => {
                let p = e.process;
                let mine: Vec<&Wait> = waits.iter().filter(|w| w.cause == Cause::Crashed { process: p, seq: e.seq }).collect();
                let pn = process_name(p);
                let text = if mine.is_empty() {
                    if snapshot.complete {
                        format!("{pn} crashed, but it had done its part of {name}, which completed")
                    } else {
                        format!("{pn} crashed, but it had done its part of {name}")
                    }
                } else if snapshot.states[p].is_none() {
                    format!(
                        "{pn} crashed before recording its state for {name}: it will never record it or send its markers, so {name} can never complete"
                    )
                } else {
                    let open: Vec<String> =
                        mine.iter().filter(|w| w.process == p).filter_map(|w| w.channel).map(|c| c.to_string()).collect();
                    format!(
                        "{pn} crashed after recording for {name} but before the marker arrived on {}: it will never close {}, so {name} can never complete",
                        super::event::join_names(&open),
                        if open.len() == 1 { "it" } else { "them" }
                    )
                };
                out.push(FaultFinding { assumption: Assumption::NoCrash, seq: e.seq, affects: !mine.is_empty(), change: 0, text });
            }
            _ => {}
        }
    }
    if log.topology.discipline == Discipline::NonFifo {
        if let Some(v) = &verdict {
            for finding in &v.findings {
                match finding {
                    Finding::Orphan { message } => {
                        let seq = find_receive(message.id).map_or(0, |r| r.seq);
                        out.push(FaultFinding {
                            assumption: Assumption::Fifo,
                            seq,
                            affects: true,
                            change: 0,
                            text: format!(
                                "{message} overtook the marker of {name} on {}: {} sent it after recording, but {} received it before the marker, so {name} counts it at the receiver and not at the sender",
                                message.channel,
                                process_name(message.channel.from),
                                process_name(message.channel.to)
                            ),
                        });
                    }
                    Finding::Channel { channel, recorded, in_transit } => {
                        for m in in_transit.iter().filter(|m| !recorded.iter().any(|r| r.id == m.id)) {
                            let Some(r) = find_receive(m.id) else { continue };
                            out.push(FaultFinding {
                                assumption: Assumption::Fifo,
                                seq: r.seq,
                                affects: true,
                                change: 0,
                                text: format!(
                                    "the marker of {name} overtook {m} on {channel}: {m} was sent before the marker but arrived after it, when the channel was closed, so {name} misses it"
                                ),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
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
