//! The marker rules as state machines (the notes' lost "sender/receiver" state diagram), for one
//! process and one snapshot: the process goes *not recorded* → *recorded* → *done*, and each of
//! its incoming channels goes *not recording* → *recording* → *closed* (with the messages it
//! recorded). Which transition the last event took is lit. Derived from the assembled snapshot
//! and the log alone; the page draws it, and the Mermaid export writes it as a state diagram.
//!
//! Under seed 000's rule (the "what if" switch, [`MarkerRule::SkipSender`]) the first-marker
//! transition sends no marker back to the first marker's sender ([`skipped`]), so that sender's
//! channel from this process stays *recording* forever ([`no_marker_coming`]).

use crate::sim::snapshot::{ChannelState, Snapshot};
use crate::sim::{Channel, Event, EventKind, Log, MarkerRule, Message, ProcessId, Rule, SnapshotId, Topology};

/// Where a process is in one snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessStage {
    NotRecorded,
    /// It has recorded its state; some incoming channel is still open.
    Recorded,
    /// It has recorded its state and closed every incoming channel.
    Done,
}

/// Where an incoming channel is in one snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelStage {
    NotRecording,
    Recording,
    /// A marker arrived on it: its recorded state is final.
    Closed,
}

/// One incoming channel's machine.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelMachine {
    pub channel: Channel,
    pub stage: ChannelStage,
    /// Recorded so far (recording) or for good (closed).
    pub messages: Vec<Message>,
    /// The last event moved this channel (or added a message to its recording).
    pub lit: bool,
}

/// The machines of one process in one snapshot.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesMachine {
    pub process: ProcessId,
    pub snapshot: SnapshotId,
    pub stage: ProcessStage,
    /// The recorded state, once recorded.
    pub state: Option<i64>,
    pub channels: Vec<ChannelMachine>,
    /// The last event changed the process's stage.
    pub lit: bool,
    /// The rule of the last event, when it happened at this process for this snapshot.
    pub rule: Option<Rule>,
}

/// The machines of `process` in `snapshot`, lit by `last` (the run's last event).
pub fn machine(topology: &Topology, snapshot: &Snapshot, process: ProcessId, last: Option<&Event>) -> RulesMachine {
    let here = last.filter(|e| e.process == process && concerns(e, snapshot.id));
    let channels: Vec<ChannelMachine> = topology
        .incoming(process)
        .iter()
        .map(|&id| {
            let channel = topology.channel(id);
            let (stage, messages) = match snapshot.channels.iter().find(|(c, _)| *c == channel).map(|(_, s)| s) {
                Some(ChannelState::Recording(m)) => (ChannelStage::Recording, m.clone()),
                Some(ChannelState::Recorded(m)) => (ChannelStage::Closed, m.clone()),
                _ => (ChannelStage::NotRecording, Vec::new()),
            };
            let lit = here.is_some_and(|e| moved(e) == Some(channel));
            ChannelMachine { channel, stage, messages, lit }
        })
        .collect();
    let state = snapshot.states.get(process).copied().flatten();
    let stage = match state {
        None => ProcessStage::NotRecorded,
        Some(_) if channels.iter().all(|c| c.stage == ChannelStage::Closed) => ProcessStage::Done,
        Some(_) => ProcessStage::Recorded,
    };
    let lit = here.is_some_and(|e| match &e.kind {
        EventKind::RecordState { .. } => true,
        // Closing the last open channel finishes the process.
        EventKind::StopRecording { .. } => stage == ProcessStage::Done,
        _ => false,
    });
    RulesMachine { process, snapshot: snapshot.id, stage, state, channels, lit, rule: here.map(|e| e.rule) }
}

/// Whether an event is a step of `snapshot`'s rules.
fn concerns(e: &Event, snapshot: SnapshotId) -> bool {
    match &e.kind {
        EventKind::RecordState { snapshot: s, .. }
        | EventKind::StartRecording { snapshot: s, .. }
        | EventKind::StopRecording { snapshot: s, .. }
        | EventKind::SnapshotComplete { snapshot: s } => *s == snapshot,
        EventKind::Receive { recorded_in, .. } => recorded_in.contains(&snapshot),
        _ => false,
    }
}

/// The incoming channel an event moved: started or stopped recording it, or added a message to
/// its recording.
fn moved(e: &Event) -> Option<Channel> {
    match &e.kind {
        EventKind::StartRecording { channel, .. } | EventKind::StopRecording { channel, .. } => Some(*channel),
        EventKind::Receive { message, .. } => Some(message.channel),
        _ => None,
    }
}

/// The snapshot the machines show: the newest one still running, else the newest.
pub fn shown_snapshot(snapshots: &[Snapshot]) -> Option<&Snapshot> {
    snapshots.iter().rev().find(|s| !s.complete).or(snapshots.last())
}

/// The outgoing channel on which `process` sent no marker of `snapshot` because of seed 000's
/// rule ([`MarkerRule::SkipSender`]): back to the process its first marker came from. `None`
/// under the published rule, for an initiator, and before it records.
pub fn skipped(log: &Log, snapshot: SnapshotId, process: ProcessId) -> Option<Channel> {
    if log.topology.markers != MarkerRule::SkipSender {
        return None;
    }
    let record = log.events.iter().find(|e| {
        e.process == process && matches!(e.kind, EventKind::RecordState { snapshot: s, .. } if s == snapshot)
    })?;
    if record.rule != Rule::FirstMarker {
        return None;
    }
    // The first marker's receive is the same action's, just before the record.
    let end = (record.seq as usize).min(log.events.len());
    let came =
        log.events[..end].iter().rev().take_while(|x| x.action == record.action).find_map(|x| match &x.kind {
            EventKind::Receive { message, .. } if message.is_marker() && x.process == process => Some(message.channel),
            _ => None,
        })?;
    let back = Channel { from: process, to: came.from };
    log.topology.channel_id(back.from, back.to).map(|_| back)
}

/// True when `channel`'s recording in `snapshot` can never close because its sender, under seed
/// 000's rule, sent no marker back on it ([`skipped`]).
pub fn no_marker_coming(log: &Log, snapshot: SnapshotId, channel: Channel) -> bool {
    skipped(log, snapshot, channel.from) == Some(channel)
}
