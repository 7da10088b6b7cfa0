//! The marker rules as state machines (the notes' lost "sender/receiver" state diagram), for one
//! process and one snapshot: the process goes *not recorded* → *recorded* → *done*, and each of
//! its incoming channels goes *not recording* → *recording* → *closed* (with the messages it
//! recorded). Which transition the last event took is lit. Derived from the assembled snapshot
//! and the log alone; `ui::rules_view` draws it and `interop::mermaid::rules` exports it.

use crate::sim::snapshot::{ChannelState, Snapshot};
use crate::sim::{Channel, Event, EventKind, Message, ProcessId, Rule, SnapshotId, Topology};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::presets;
    use crate::sim::snapshot::assemble;

    /// Replays a preset's first `n` actions; the machines of `process` in S1 after each event.
    fn stages(id: &str, process: ProcessId) -> Vec<(ProcessStage, Vec<ChannelStage>, bool, Vec<bool>)> {
        let scenario = presets::find(id).unwrap().scenario().unwrap();
        let log = scenario.replay().world.log().clone();
        let topology = &scenario.topology;
        let mut out = Vec::new();
        for n in 1..=log.events.len() {
            let prefix = crate::sim::Log { events: log.events[..n].to_vec(), ..log.clone() };
            let snapshots = assemble(&prefix);
            let Some(s1) = snapshots.first() else { continue };
            let m = machine(topology, s1, process, prefix.events.last());
            let entry = (
                m.stage,
                m.channels.iter().map(|c| c.stage).collect(),
                m.lit,
                m.channels.iter().map(|c| c.lit).collect(),
            );
            if out.last() != Some(&entry) {
                out.push(entry);
            }
        }
        out
    }

    use ChannelStage::{Closed, NotRecording, Recording};
    use ProcessStage::{Done, NotRecorded, Recorded};

    /// C21 at P1, the initiator: records, starts recording C21, m2 and m3 join the recording,
    /// the marker closes C21 with [m2, m3] and P1 is done.
    #[test]
    fn the_initiator_records_then_records_c21_until_the_marker() {
        let scenario = presets::find("c21").unwrap().scenario().unwrap();
        let log = scenario.replay().world.log().clone();
        let snapshots = assemble(&log);
        let m = machine(&scenario.topology, &snapshots[0], 0, log.events.last());
        assert_eq!(m.stage, Done);
        assert_eq!(m.state, Some(490));
        assert_eq!(m.channels.len(), 1);
        assert_eq!(m.channels[0].stage, Closed);
        let names: Vec<String> = m.channels[0].messages.iter().map(|x| x.to_string()).collect();
        assert_eq!(names, ["m2", "m3"]);

        let seen = stages("c21", 0);
        let process: Vec<ProcessStage> = seen.iter().map(|s| s.0).collect();
        let channel: Vec<ChannelStage> = seen.iter().map(|s| s.1[0]).collect();
        assert_eq!(process.first(), Some(&Recorded), "P1 initiates: S1 exists from its record-state event");
        assert_eq!(process.last(), Some(&Done));
        assert!(channel.contains(&Recording) && channel.last() == Some(&Closed));
        // The channel is lit when m2 and m3 join its recording and when the marker closes it;
        // the process when it records and when it is done.
        assert!(seen.iter().filter(|s| s.3[0]).count() >= 3, "{seen:?}");
        assert!(seen.first().unwrap().2, "recording the state is lit");
        assert!(seen.last().unwrap().2 || seen.iter().any(|s| s.0 == Done && s.2), "finishing is lit");
    }

    /// C21 at P2, a receiver: not recorded until the first marker, which closes C12 empty at
    /// once (the first-marker rule) and P2 is done (one incoming channel).
    #[test]
    fn the_first_marker_closes_its_channel_empty_at_once() {
        let seen = stages("c21", 1);
        assert_eq!(seen.first().map(|s| s.0), Some(NotRecorded));
        assert_eq!(seen.first().map(|s| s.1[0]), Some(NotRecording));
        assert!(!seen.iter().any(|s| s.0 == Recorded && s.1[0] == Recording), "C12 is never recorded: {seen:?}");
        assert_eq!(seen.last().map(|s| (s.0, s.1[0])), Some((Done, Closed)));
    }

    /// In the notes' P1..P4 example, P2 records on P1's marker and records its two other
    /// channels until their markers arrive; the machines follow in that order.
    #[test]
    fn a_receiver_records_its_other_channels_until_their_markers() {
        let seen = stages("notes-p1-p4", 1);
        // Event by event: P2 records, closes C12 empty (the marker's channel), then starts
        // recording C32 and C42, which stay open until their markers arrive.
        let recorded = seen.iter().position(|s| s.0 == Recorded).expect("P2 records");
        assert!(seen[recorded].2, "recording the state is lit");
        let both = seen
            .iter()
            .position(|s| s.0 == Recorded && s.1 == [Closed, Recording, Recording])
            .unwrap_or_else(|| panic!("C12 closed while C32 and C42 are recorded: {seen:?}"));
        assert!(both > recorded);
        assert_eq!(seen.last().unwrap().0, Done);
        assert!(seen.last().unwrap().1.iter().all(|&c| c == Closed));
    }

    #[test]
    fn the_shown_snapshot_is_the_newest_running_one() {
        let scenario = presets::find("two-initiators").unwrap().scenario().unwrap();
        let log = scenario.replay().world.log().clone();
        let snapshots = assemble(&log);
        assert!(snapshots.iter().all(|s| s.complete));
        assert_eq!(shown_snapshot(&snapshots).map(|s| s.id), Some(2));
        let mut running = snapshots.clone();
        running[0].complete = false;
        assert_eq!(shown_snapshot(&running).map(|s| s.id), Some(1));
        assert!(shown_snapshot(&[]).is_none());
    }
}
