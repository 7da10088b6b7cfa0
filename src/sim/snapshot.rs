//! Snapshots assembled from the event log alone: who initiated, every process's recorded
//! state, every channel's recorded messages (final, or so far), and whether it is complete.

use serde::{Deserialize, Serialize};

use super::event::{EventKind, Log, Rule};
use super::message::{Message, SnapshotId};
use super::topology::{Channel, ProcessId};

/// A channel's state in one snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "messages", rename_all = "kebab-case")]
pub enum ChannelState {
    /// The receiver has not started recording it.
    NotRecorded,
    /// Being recorded: the messages recorded so far.
    Recording(Vec<Message>),
    /// Final: the messages in transit on it in the snapshot.
    Recorded(Vec<Message>),
}

/// One snapshot, as far as the log has got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: SnapshotId,
    pub initiators: Vec<ProcessId>,
    /// Each process's recorded state, if it has recorded.
    pub states: Vec<Option<i64>>,
    /// Each process's record-state event, as its position on the process's line.
    pub record_index: Vec<Option<u32>>,
    /// Every channel with its state, in topology order.
    pub channels: Vec<(Channel, ChannelState)>,
    /// How many markers of this snapshot were sent.
    pub markers_sent: usize,
    pub complete: bool,
}

impl Snapshot {
    /// The snapshot's cut (for each process, the events before its record-state event),
    /// once every process has recorded.
    pub fn cut(&self) -> Option<Vec<usize>> {
        self.record_index.iter().map(|i| i.map(|i| i as usize)).collect()
    }

    /// The sum of the recorded states and of the amounts recorded in transit, once complete.
    pub fn recorded_total(&self) -> Option<i64> {
        if !self.complete {
            return None;
        }
        let states: i64 = self.states.iter().map(|s| s.unwrap_or(0)).sum();
        let channels: i64 = self
            .channels
            .iter()
            .map(|(_, state)| match state {
                ChannelState::Recorded(m) | ChannelState::Recording(m) => m.iter().map(Message::amount).sum(),
                ChannelState::NotRecorded => 0,
            })
            .sum();
        Some(states + channels)
    }
}

/// Every snapshot in the log, in id order.
pub fn assemble(log: &Log) -> Vec<Snapshot> {
    let n = log.topology.process_count();
    let channels = log.topology.channels();
    let mut out: Vec<Snapshot> = Vec::new();
    for e in &log.events {
        let Some(id) = e.snapshot() else {
            if let EventKind::Receive { message, recorded_in } = &e.kind {
                for &s in recorded_in {
                    if let Some(snap) = out.get_mut(s as usize - 1) {
                        if let Some((_, ChannelState::Recording(m))) =
                            snap.channels.iter_mut().find(|(c, _)| *c == message.channel)
                        {
                            m.push(*message);
                        }
                    }
                }
            }
            continue;
        };
        while out.len() < id as usize {
            out.push(Snapshot {
                id: out.len() as SnapshotId + 1,
                initiators: Vec::new(),
                states: vec![None; n],
                record_index: vec![None; n],
                channels: channels.iter().map(|&c| (c, ChannelState::NotRecorded)).collect(),
                markers_sent: 0,
                complete: false,
            });
        }
        let snap = &mut out[id as usize - 1];
        let slot = |snap: &mut Snapshot, c: Channel| snap.channels.iter().position(|(x, _)| *x == c);
        match &e.kind {
            EventKind::RecordState { state, .. } => {
                snap.states[e.process] = Some(*state);
                snap.record_index[e.process] = Some(e.index);
                if matches!(e.rule, Rule::Initiate | Rule::Join) {
                    snap.initiators.push(e.process);
                }
            }
            EventKind::StartRecording { channel, .. } => {
                if let Some(i) = slot(snap, *channel) {
                    snap.channels[i].1 = ChannelState::Recording(Vec::new());
                }
            }
            EventKind::StopRecording { channel, recorded, .. } => {
                if let Some(i) = slot(snap, *channel) {
                    snap.channels[i].1 = ChannelState::Recorded(recorded.clone());
                }
            }
            EventKind::Send { .. } => snap.markers_sent += 1,
            EventKind::SnapshotComplete { .. } => snap.complete = true,
            EventKind::Receive { .. }
            | EventKind::Internal { .. }
            | EventKind::Drop { .. }
            | EventKind::Duplicate { .. }
            | EventKind::Crash => {}
            EventKind::Wait { .. } => {}
        }
    }
    out
}
