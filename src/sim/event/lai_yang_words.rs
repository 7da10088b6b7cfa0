//! Lai–Yang's sentences: why each event of a Lai–Yang run happened, for the rules that differ
//! from Chandy–Lamport's (white and red messages, the marker's count of white messages);
//! [`super::Log::explain`] calls them (a child of `event`: the same type's methods).

use crate::say;

use super::{join_names, Event, LaiYangFacts, Rule};
use crate::sim::message::SnapshotId;
use crate::sim::process_name;
use crate::sim::topology::Channel;
use crate::sim::words::Sentence;

impl Event {
    /// The Lai–Yang sentence for the rules that differ from Chandy–Lamport's.
    pub(super) fn explain_lai_yang(&self, on: Option<Channel>, facts: &LaiYangFacts) -> Option<Sentence> {
        let p = process_name(self.process);
        let snapshot = self.snapshot().map(|s| format!("S{s}")).unwrap_or_default();
        let names = |ids: &[SnapshotId]| join_names(&ids.iter().map(|s| format!("S{s}")).collect::<Vec<_>>());
        let message = self.message().map(|m| m.to_string()).unwrap_or_default();
        let channel = on.map(|c| c.to_string()).unwrap_or_default();
        let from = on.map(|c| process_name(c.from)).unwrap_or_default();
        let (sent, received) = (facts.white_sent, facts.white_received);
        let one = sent == 1;
        let final_ = received >= sent;
        Some(match self.rule {
            Rule::Send => say!("{0} sends an application message; it is white (sent before {0} recorded any snapshot)", p),
            Rule::SendRed => say!(
                "{0} has recorded its state for {1}, so the application message it sends is red for {1}: it carries {0}'s colour",
                p,
                names(&facts.red_for)
            ),
            Rule::Receive => say!("{0} receives a white application message on a channel it is not recording", p),
            Rule::ReceiveRed => say!(
                "the message {0} is red for {1}: it was sent after its sender recorded, so it is not in transit across the cut and is not recorded",
                message,
                names(&facts.red_for)
            ),
            Rule::ReceiveRecorded => {
                let channel = self.message().map(|m| m.channel.to_string()).unwrap_or_default();
                say!(
                    "the message {0} is white (sent before its sender recorded) and arrives after {1} recorded: it is in transit across the cut, so it joins {2}'s recorded state",
                    message,
                    p,
                    channel
                )
            }
            Rule::Initiate => say!(
                "{0} initiates {1}: it records its state and turns red, sends a marker on every outgoing channel (a control message carrying how many white messages it sent there) and starts recording every incoming channel",
                p,
                snapshot
            ),
            Rule::Join => say!(
                "{0} joins as a further initiator of {1}: it records its state and turns red, sends a marker on every outgoing channel (a control message carrying how many white messages it sent there) and starts recording every incoming channel",
                p,
                snapshot
            ),
            Rule::RedMessage => {
                let trigger = facts.trigger.map(|m| m.to_string()).unwrap_or_default();
                let from = facts.trigger.map(|m| process_name(m.channel.from)).unwrap_or_default();
                say!(
                    "the message {0} is red for {1} ({2} sent it after recording) and {3} is still white: {3} records its state before receiving {0}, turns red, sends markers and starts recording every incoming channel",
                    trigger,
                    snapshot,
                    from,
                    p
                )
            }
            Rule::FirstMarker => match (one, final_) {
                (true, true) => say!(
                    "a marker of {0} is sent after recording, so it is red: {1} records its state and turns red, sends markers and starts recording its incoming channels; the marker on {2} says {3} sent {4} white message on it before recording, and {1} has received {5}, so that channel's state is final (no white message is still on the way)",
                    snapshot,
                    p,
                    channel,
                    from,
                    sent,
                    received
                ),
                (false, true) => say!(
                    "a marker of {0} is sent after recording, so it is red: {1} records its state and turns red, sends markers and starts recording its incoming channels; the marker on {2} says {3} sent {4} white messages on it before recording, and {1} has received {5}, so that channel's state is final (no white message is still on the way)",
                    snapshot,
                    p,
                    channel,
                    from,
                    sent,
                    received
                ),
                (true, false) => say!(
                    "a marker of {0} is sent after recording, so it is red: {1} records its state and turns red, sends markers and starts recording its incoming channels; the marker on {2} says {3} sent {4} white message on it before recording, and {1} has received {5}, so it keeps recording that channel until the rest arrive",
                    snapshot,
                    p,
                    channel,
                    from,
                    sent,
                    received
                ),
                (false, false) => say!(
                    "a marker of {0} is sent after recording, so it is red: {1} records its state and turns red, sends markers and starts recording its incoming channels; the marker on {2} says {3} sent {4} white messages on it before recording, and {1} has received {5}, so it keeps recording that channel until the rest arrive",
                    snapshot,
                    p,
                    channel,
                    from,
                    sent,
                    received
                ),
            },
            Rule::LaterMarker => match (one, final_) {
                (true, true) => say!(
                    "the marker on {0} says {1} sent {2} white message on it before recording, and {3} has received {4}, so it stops recording: the channel's state is the white messages received since it recorded",
                    channel,
                    from,
                    sent,
                    p,
                    received
                ),
                (false, true) => say!(
                    "the marker on {0} says {1} sent {2} white messages on it before recording, and {3} has received {4}, so it stops recording: the channel's state is the white messages received since it recorded",
                    channel,
                    from,
                    sent,
                    p,
                    received
                ),
                (true, false) => say!(
                    "the marker on {0} says {1} sent {2} white message on it before recording, and {3} has received {4}, so it keeps recording until the rest arrive",
                    channel,
                    from,
                    sent,
                    p,
                    received
                ),
                (false, false) => say!(
                    "the marker on {0} says {1} sent {2} white messages on it before recording, and {3} has received {4}, so it keeps recording until the rest arrive",
                    channel,
                    from,
                    sent,
                    p,
                    received
                ),
            },
            Rule::LastWhite => say!(
                "the last white message counted by the marker on {0} has arrived: {1} stops recording {0}; its state is the white messages received since {1} recorded {2}",
                channel,
                p,
                snapshot
            ),
            Rule::Complete => say!(
                "every process has recorded {0} and every channel has all its white messages: {0} is complete",
                snapshot
            ),
            _ => return None,
        })
    }
}
