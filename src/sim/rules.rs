//! The algorithm's rules as pure handlers. Each takes what a process knows (its part of a
//! snapshot's progress) and an input, and returns the [`Effect`]s it wants, in order; the
//! world applies them and logs one event per effect. The rules are exactly the notes':
//!
//! * initiator: record its state, send a marker on every outgoing channel, start recording
//!   every incoming channel;
//! * first marker of a snapshot on channel Cki: record its state, record Cki as empty, send a
//!   marker on every outgoing channel, start recording every other incoming channel;
//! * later marker on Cki: stop recording Cki (its state: the messages received since
//!   recording began);
//! * an application message on a channel being recorded joins that channel's recording.
//!
//! Seed 000 words the first-marker rule differently: markers to everyone *except* the process
//! the first marker came from. The lab can run that rule too ([`MarkerRule::SkipSender`], a
//! "what if" switch): the sender then never gets a marker back on that channel, records it
//! forever, and the snapshot never completes; a complete graph sends (n−1)² markers, not
//! n(n−1).
//!
//! Under Lai–Yang ([`super::Algorithm::LaiYang`]) every application message carries its
//! sender's colour for each snapshot (white before the sender recorded, red after):
//!
//! * initiator: as above (record, send a marker on every outgoing channel, record every
//!   incoming channel); the marker is only a control message carrying how many white messages
//!   were sent on its channel;
//! * a red message at a white process ([`on_red_message`]): record its state *before*
//!   receiving it, send markers, record every incoming channel;
//! * a marker at a white process: the same (a marker is sent after recording, so it is red);
//! * a channel's state is the white messages received after recording; it closes when its
//!   marker has come and every white message the marker counts has been received
//!   ([`on_marker_lai_yang`], and the world's `last-white` rule for the last one).

use super::event::Rule;
use super::topology::{ChannelId, MarkerRule, ProcessId, Topology};

/// The recording state of one channel in one snapshot, kept by its receiver.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum ChannelRecording {
    /// Not recording (yet).
    #[default]
    Idle,
    /// Recording: messages received on it so far are in transit across the cut.
    Recording,
    /// Done: the channel's state is final.
    Closed,
}

/// One effect a handler asks for; each becomes one event of the process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    RecordState,
    /// Final state of a channel (what was recorded on it; empty if it never recorded).
    StopRecording(ChannelId),
    SendMarker(ChannelId),
    StartRecording(ChannelId),
}

/// What a process knows of one snapshot: whether it has recorded, and its incoming channels.
pub struct ProcessView<'a> {
    pub topology: &'a Topology,
    pub process: ProcessId,
    pub recorded: bool,
    /// Recording state by channel id (all channels; only the process's incoming ones matter).
    pub channels: &'a [ChannelRecording],
}

/// The initiator rule (also for a further initiator joining a running snapshot).
/// The caller has checked that the process has not recorded yet.
pub fn on_initiate(view: &ProcessView) -> Vec<Effect> {
    let t = view.topology;
    let mut effects = vec![Effect::RecordState];
    effects.extend(t.outgoing(view.process).iter().map(|&c| Effect::SendMarker(c)));
    effects.extend(t.incoming(view.process).iter().map(|&c| Effect::StartRecording(c)));
    effects
}

/// The channels a process sends markers on when its first marker arrives on `channel`: every
/// outgoing one, or, under seed 000's rule ([`MarkerRule::SkipSender`]), every one but the
/// channel back to the marker's sender.
fn first_marker_outgoing(t: &Topology, process: ProcessId, channel: ChannelId) -> Vec<ChannelId> {
    let sender = t.channel(channel).from;
    t.outgoing(process)
        .iter()
        .copied()
        .filter(|&c| t.markers == MarkerRule::EveryOutgoing || t.channel(c).to != sender)
        .collect()
}

/// The marker-receiving rule, for a marker of the view's snapshot arriving on `channel`.
pub fn on_marker(view: &ProcessView, channel: ChannelId) -> (Rule, Vec<Effect>) {
    let t = view.topology;
    if !view.recorded {
        let mut effects = vec![Effect::RecordState, Effect::StopRecording(channel)];
        effects.extend(first_marker_outgoing(t, view.process, channel).into_iter().map(Effect::SendMarker));
        effects.extend(t.incoming(view.process).iter().filter(|&&c| c != channel).map(|&c| Effect::StartRecording(c)));
        (Rule::FirstMarker, effects)
    } else if view.channels[channel] == ChannelRecording::Recording {
        (Rule::LaterMarker, vec![Effect::StopRecording(channel)])
    } else {
        // A second marker of one snapshot on one channel cannot be sent by these rules; only
        // a duplicate (a fault) arrives on a closed channel. It changes nothing.
        (Rule::DuplicateMarker, Vec::new())
    }
}

/// A process is done with a snapshot when every incoming channel's state is final.
pub fn is_done(view: &ProcessView) -> bool {
    view.recorded && view.topology.incoming(view.process).iter().all(|&c| view.channels[c] == ChannelRecording::Closed)
}

/// Lai–Yang: a white process receives a red message (or initiates): record, send markers,
/// record every incoming channel.
pub fn on_red_message(view: &ProcessView) -> Vec<Effect> {
    on_initiate(view)
}

/// Lai–Yang: a marker of the view's snapshot arrives on `channel`. `all_white_in`: the
/// receiver has received every white message the marker says its sender sent on `channel`.
pub fn on_marker_lai_yang(view: &ProcessView, channel: ChannelId, all_white_in: bool) -> (Rule, Vec<Effect>) {
    let t = view.topology;
    if !view.recorded {
        let mut effects = vec![Effect::RecordState];
        if all_white_in {
            effects.push(Effect::StopRecording(channel));
        }
        effects.extend(first_marker_outgoing(t, view.process, channel).into_iter().map(Effect::SendMarker));
        effects.extend(
            t.incoming(view.process)
                .iter()
                .filter(|&&c| c != channel || !all_white_in)
                .map(|&c| Effect::StartRecording(c)),
        );
        (Rule::FirstMarker, effects)
    } else if view.channels[channel] == ChannelRecording::Recording {
        let effects = if all_white_in { vec![Effect::StopRecording(channel)] } else { Vec::new() };
        (Rule::LaterMarker, effects)
    } else {
        (Rule::DuplicateMarker, Vec::new())
    }
}
