//! The event log: everything that happened in a run, one [`Event`] per step on one process,
//! each naming its process, its kind, the message it sends or receives, the rule of the
//! algorithm that fired, and its Lamport and vector clocks. Diagrams, tables, the CLI and
//! exports are drawn from the log alone; nothing re-runs the algorithm to draw.

mod lai_yang_words;

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::rc::Rc;

use crate::say;

use super::message::{Message, MessageKind, SnapshotId};
use super::process_name;
use super::topology::{Algorithm, Channel, ProcessId, Topology};
use super::words::{Says, Sentence};

/// What happened at one event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum EventKind {
    /// The process sent a message (application message or marker).
    Send { message: Message },
    /// The process received a message. `recorded_in`: the snapshots whose recording of this
    /// channel the message was added to (application messages only).
    Receive { message: Message, recorded_in: Vec<SnapshotId> },
    /// The process recorded its own state for a snapshot.
    RecordState { snapshot: SnapshotId, state: i64 },
    /// The process started recording an incoming channel for a snapshot.
    StartRecording { snapshot: SnapshotId, channel: Channel },
    /// The process stopped recording an incoming channel: its recorded state is final.
    /// `recorded` lists the application messages received on it while recording (may be empty).
    StopRecording { snapshot: SnapshotId, channel: Channel, recorded: Vec<Message> },
    /// An internal event changed the process's own state by `delta`.
    Internal { delta: i64, state: i64 },
    /// With this event every process is done: the snapshot is complete.
    SnapshotComplete { snapshot: SnapshotId },
    /// Fault: the network lost `message` (in flight) from its channel. Drawn on the sender's
    /// line, where the message left.
    Drop { message: Message },
    /// Fault: the network appended `copy`, a copy of `original` (in flight), to their channel.
    /// On the sender's line, like a retransmission. A copy of `m<n>` is a new application
    /// message `m<k>`; a copy of a marker is another marker of the same snapshot.
    Duplicate { original: Message, copy: Message },
    /// Fault: the process crashed. It takes no more actions.
    Crash,
    /// The process now waits for a message from `on` ([`super::Action::Wait`]); a message
    /// from `on` delivered to it wakes it.
    Wait { on: ProcessId },
}

/// The rule of the algorithm (or of the application) that fired. Ids are stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The application sent a message.
    Send,
    /// An application message arrived on a channel nobody is recording.
    Receive,
    /// An application message arrived on a channel being recorded: it joins the recording.
    ReceiveRecorded,
    /// An internal event of the application.
    Internal,
    /// The initiator rule: record state, send markers, record every incoming channel.
    Initiate,
    /// A further initiator of a running snapshot: the initiator rule again.
    Join,
    /// The first marker of a snapshot at a process.
    FirstMarker,
    /// A later marker of a snapshot: stop recording that channel.
    LaterMarker,
    /// Termination: every process has a marker on every incoming channel.
    Complete,
    /// A marker of a snapshot on a channel whose recording is already closed: only a
    /// duplicate can do that (the rules send one marker per channel); it is ignored.
    DuplicateMarker,
    /// Fault: the network lost a message (breaks "no loss").
    Drop,
    /// Fault: the network duplicated a message (breaks "no duplication").
    Duplicate,
    /// Fault: a process crashed (breaks "no crash").
    Crash,
    /// Lai–Yang: a process that has recorded sends an application message, which is red.
    SendRed,
    /// Lai–Yang: a red message arrives at a process that has recorded: it is not in transit.
    ReceiveRed,
    /// Lai–Yang: a red message arrives at a white process: it records its state first.
    RedMessage,
    /// Lai–Yang: the last white message its marker counted arrives: the channel closes.
    LastWhite,
    /// The application blocks a process until a message from another arrives.
    Wait,
}

impl Rule {
    /// The stable id, e.g. `first-marker`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Send => "send",
            Rule::Receive => "receive",
            Rule::ReceiveRecorded => "receive-recorded",
            Rule::Internal => "internal",
            Rule::Initiate => "initiate",
            Rule::Join => "join",
            Rule::FirstMarker => "first-marker",
            Rule::LaterMarker => "later-marker",
            Rule::Complete => "complete",
            Rule::DuplicateMarker => "duplicate-marker",
            Rule::Drop => "drop",
            Rule::Duplicate => "duplicate",
            Rule::Crash => "crash",
            Rule::SendRed => "send-red",
            Rule::ReceiveRed => "receive-red",
            Rule::RedMessage => "red-message",
            Rule::LastWhite => "last-white",
            Rule::Wait => "wait",
        }
    }
}

/// One event on one process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Sequence number in the run, from 1.
    pub seq: u32,
    pub process: ProcessId,
    /// Position on the process's own line, from 0.
    pub index: u32,
    /// The action (0-based, in the scenario) that caused this event.
    pub action: u32,
    pub kind: EventKind,
    pub rule: Rule,
    pub lamport: u64,
    /// The vector clock, shared rather than copied when a log is cloned (the page clones the
    /// world on every action).
    pub vclock: Rc<[u32]>,
}

impl Event {
    /// The message this event sends or receives, if any.
    pub fn message(&self) -> Option<&Message> {
        match &self.kind {
            EventKind::Send { message }
            | EventKind::Receive { message, .. }
            | EventKind::Drop { message }
            | EventKind::Duplicate { original: message, .. } => Some(message),
            _ => None,
        }
    }

    /// The snapshot this event belongs to, if any.
    pub fn snapshot(&self) -> Option<SnapshotId> {
        match &self.kind {
            EventKind::RecordState { snapshot, .. }
            | EventKind::StartRecording { snapshot, .. }
            | EventKind::StopRecording { snapshot, .. }
            | EventKind::SnapshotComplete { snapshot } => Some(*snapshot),
            EventKind::Send { message }
            | EventKind::Receive { message, .. }
            | EventKind::Drop { message }
            | EventKind::Duplicate { original: message, .. } => match message.kind {
                MessageKind::Marker { snapshot } => Some(snapshot),
                MessageKind::App { .. } => None,
            },
            EventKind::Internal { .. } | EventKind::Crash => None,
            EventKind::Wait { .. } => None,
        }
    }

    /// The kind's stable id, e.g. `record-state`.
    pub fn kind_id(&self) -> &'static str {
        match self.kind {
            EventKind::Send { .. } => "send",
            EventKind::Receive { .. } => "receive",
            EventKind::RecordState { .. } => "record-state",
            EventKind::StartRecording { .. } => "start-recording",
            EventKind::StopRecording { .. } => "stop-recording",
            EventKind::Internal { .. } => "internal",
            EventKind::SnapshotComplete { .. } => "snapshot-complete",
            EventKind::Drop { .. } => "drop",
            EventKind::Duplicate { .. } => "duplicate",
            EventKind::Crash => "crash",
            EventKind::Wait { .. } => "wait",
        }
    }

    /// What happened, in one short phrase, e.g. `P2 receives m1 from P1 (+100)` (its `Display`
    /// is the English; the page translates it).
    pub fn describe(&self) -> Sentence {
        let p = process_name(self.process);
        match &self.kind {
            EventKind::Send { message } => {
                let to = process_name(message.channel.to);
                match message.kind {
                    MessageKind::App { number, amount } => say!("{0} sends m{1} ({2}) to {3}", p, number, amount, to),
                    MessageKind::Marker { snapshot } => say!("{0} sends the marker of S{1} to {2}", p, snapshot, to),
                }
            }
            EventKind::Receive { message, .. } => {
                let from = process_name(message.channel.from);
                match message.kind {
                    MessageKind::App { number, amount } => {
                        say!("{0} receives m{1} ({2}) from {3}", p, number, amount, from)
                    }
                    MessageKind::Marker { snapshot } => {
                        say!("{0} receives the marker of S{1} from {2}", p, snapshot, from)
                    }
                }
            }
            EventKind::RecordState { snapshot, state } => {
                say!("{0} records its state for S{1}: {2}", p, snapshot, state)
            }
            EventKind::StartRecording { snapshot, channel } => {
                say!("{0} starts recording {1} for S{2}", p, channel, snapshot)
            }
            EventKind::StopRecording { snapshot, channel, recorded } => {
                say!("{0} records {1} for S{2} as {3}", p, channel, snapshot, message_list(recorded))
            }
            EventKind::Internal { delta, state } => {
                say!("{0} has an internal event ({1}), now {2}", p, format!("{delta:+}"), state)
            }
            EventKind::SnapshotComplete { snapshot } => say!("S{0} is complete", snapshot),
            EventKind::Drop { message } => {
                say!("the network loses {0} on {1}", carried(message), message.channel)
            }
            EventKind::Duplicate { original, copy } => match copy.kind {
                MessageKind::App { .. } => {
                    say!(
                        "the network duplicates {0} on {1}: the copy is {2}",
                        carried(original),
                        original.channel,
                        copy
                    )
                }
                MessageKind::Marker { .. } => {
                    say!("the network duplicates {0} on {1}", carried(original), original.channel)
                }
            },
            EventKind::Crash => say!("{0} crashes", p),
            EventKind::Wait { on } => super::wait::waits_for_a_message(self.process, *on),
        }
    }

    /// Why it happened: the rule that fired, as one sentence. Every event of one
    /// firing of a marker rule gets the same sentence, which names the channel the marker came
    /// on (`on`; see [`Log::explain`], which finds it).
    fn explain_on(&self, topology: &Topology, on: Option<Channel>, lai_yang: &LaiYangFacts) -> Sentence {
        let p = process_name(self.process);
        let snapshot = self.snapshot().map(|s| format!("S{s}")).unwrap_or_default();
        if topology.algorithm == Algorithm::LaiYang {
            if let Some(sentence) = self.explain_lai_yang(on, lai_yang) {
                return sentence;
            }
        }
        match self.rule {
            Rule::Send => say!("{0} sends an application message; the snapshot algorithm does not stop it", p),
            Rule::Receive => say!("{0} receives an application message on a channel it is not recording", p),
            Rule::ReceiveRecorded => {
                let names: Vec<String> = match &self.kind {
                    EventKind::Receive { recorded_in, .. } => recorded_in.iter().map(|s| format!("S{s}")).collect(),
                    _ => Vec::new(),
                };
                let channel = self.message().map(|m| m.channel.to_string()).unwrap_or_default();
                say!(
                    "{0} is recording {1} for {2}: the message is in transit across the cut, so it joins that channel's recorded state",
                    p,
                    channel,
                    join_names(&names)
                )
            }
            Rule::Internal => say!("{0} changes its own state; no message is involved", p),
            Rule::Initiate | Rule::Join => {
                let channels: Vec<String> =
                    topology.incoming(self.process).iter().map(|&c| topology.channel(c).to_string()).collect();
                let channels = join_names(&channels);
                if self.rule == Rule::Initiate {
                    say!(
                        "{0} initiates {1}: it records its state, sends a marker on every outgoing channel, and starts recording {2}",
                        p,
                        snapshot,
                        channels
                    )
                } else {
                    say!(
                        "{0} joins as a further initiator of {1}: it records its state, sends a marker on every outgoing channel, and starts recording {2}",
                        p,
                        snapshot,
                        channels
                    )
                }
            }
            Rule::FirstMarker => {
                let others: Vec<String> = topology
                    .incoming(self.process)
                    .iter()
                    .map(|&c| topology.channel(c))
                    .filter(|c| Some(*c) != on)
                    .map(|c| c.to_string())
                    .collect();
                let on = on.map(|c| c.to_string()).unwrap_or_default();
                if others.is_empty() {
                    say!(
                        "first marker of {0} on {1}: {2} records its state, records {1} as empty, sends markers, has no other incoming channel to record",
                        snapshot,
                        on,
                        p
                    )
                } else {
                    say!(
                        "first marker of {0} on {1}: {2} records its state, records {1} as empty, sends markers, starts recording {3}",
                        snapshot,
                        on,
                        p,
                        join_names(&others)
                    )
                }
            }
            Rule::LaterMarker => {
                let channel = on.map(|c| c.to_string()).unwrap_or_default();
                say!(
                    "a later marker of {0} on {1}: {2} stops recording {1}; its state is the messages received on it since recording began",
                    snapshot,
                    channel,
                    p
                )
            }
            Rule::Complete => say!(
                "every process has now received the marker of {0} on every incoming channel: {0} is complete",
                snapshot
            ),
            Rule::DuplicateMarker => {
                say!(
                    "a second marker of {0} on a channel already closed can only be a copy: {1} ignores it",
                    snapshot,
                    p
                )
            }
            Rule::Drop => {
                say!("a fault: the network lost a message, which the algorithm assumes never happens (no loss)")
            }
            Rule::Duplicate => {
                say!(
                    "a fault: the network copied a message, which the algorithm assumes never happens (no duplication)"
                )
            }
            Rule::Crash => say!("a fault: {0} stopped, which the algorithm assumes never happens (no crash)", p),
            Rule::SendRed | Rule::ReceiveRed | Rule::RedMessage | Rule::LastWhite => {
                self.explain_lai_yang(on, lai_yang).unwrap_or_else(|| Sentence::plain(""))
            }
            Rule::Wait => match self.kind {
                EventKind::Wait { on } => super::wait::explain_wait(self.process, on),
                _ => Sentence::plain(""),
            },
        }
    }
}

/// What [`Log::explain`] finds in the log for a Lai–Yang sentence.
#[derive(Default)]
pub(super) struct LaiYangFacts {
    /// The message whose receipt fired the rule.
    pub(super) trigger: Option<Message>,
    /// The snapshots the event's message is red for.
    pub(super) red_for: Vec<SnapshotId>,
    /// For a marker rule: the white messages its channel's sender sent before recording, and
    /// those the receiver has received so far.
    pub(super) white_sent: usize,
    pub(super) white_received: usize,
}

/// `m3 (100)` or `the marker of S1`.
fn carried(message: &Message) -> Sentence {
    match message.kind {
        MessageKind::App { number, amount } => Sentence::plain(format!("m{number} ({amount})")),
        MessageKind::Marker { snapshot } => say!("the marker of S{0}", snapshot),
    }
}

/// `[m2, m3]`, or `empty`.
pub fn message_list(messages: &[Message]) -> Sentence {
    if messages.is_empty() {
        return say!("empty");
    }
    if !messages.iter().any(Message::is_marker) {
        let names: Vec<String> = messages.iter().map(|m| m.to_string()).collect();
        return Sentence::plain(format!("[{}]", names.join(", ")));
    }
    let names = Sentence::comma_list(messages.iter().map(Message::sentence).collect());
    Sentence::concat(["[".into(), names.into(), "]".into()])
}

/// `A`, `A and B`, `A, B and C`.
pub fn join_names(names: &[String]) -> Sentence {
    match names {
        [] => Sentence::plain(""),
        [one] => Sentence::plain(one.clone()),
        [init @ .., last] => say!("{0} and {1}", init.join(", "), last),
    }
}

/// The log of a run: the topology it ran on and its events, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Log {
    pub topology: Topology,
    pub events: Vec<Event>,
}

impl Log {
    /// Why event `event` (one of this log's) happened: the rule that fired, as one
    /// sentence. For the events of a marker rule this names the channel the marker came on,
    /// found at the receive that fired the rule (the first event of its action).
    pub fn explain(&self, event: &Event) -> Sentence {
        let on = match event.rule {
            Rule::FirstMarker | Rule::LaterMarker => {
                let end = (event.seq as usize).min(self.events.len());
                self.events[..end].iter().rev().take_while(|e| e.action == event.action).find_map(|e| match &e.kind {
                    EventKind::Receive { message, .. } if message.is_marker() => Some(message.channel),
                    _ => None,
                })
            }
            Rule::LastWhite => match &event.kind {
                EventKind::StopRecording { channel, .. } => Some(*channel),
                _ => None,
            },
            _ => None,
        };
        let mut facts = LaiYangFacts::default();
        if self.topology.algorithm == Algorithm::LaiYang {
            // The events of one action are contiguous.
            let trigger = self.events.iter().filter(|e| e.action == event.action).find_map(|e| match &e.kind {
                EventKind::Receive { message, .. } => Some(*message),
                _ => None,
            });
            facts.trigger = trigger;
            if let Some(m) = event.message() {
                facts.red_for = self.red_for(m);
            }
            if let (Some(c), Some(s)) = (on, event.snapshot()) {
                let sender_record = self
                    .events
                    .iter()
                    .find(|e| {
                        e.process == c.from
                            && matches!(e.kind, EventKind::RecordState { snapshot, .. } if snapshot == s)
                    })
                    .map_or(0, |e| e.seq);
                let app_on = |e: &&Event, receive: bool| match &e.kind {
                    EventKind::Send { message } if !receive => message.channel == c && !message.is_marker(),
                    EventKind::Receive { message, .. } if receive => message.channel == c && !message.is_marker(),
                    _ => false,
                };
                facts.white_sent = self.events.iter().filter(|e| e.seq < sender_record && app_on(e, false)).count();
                facts.white_received = self
                    .events
                    .iter()
                    .filter(|e| e.seq <= event.seq && app_on(e, true))
                    .filter(|e| e.message().is_some_and(|m| !self.red_for(m).contains(&s)))
                    .count();
            }
        }
        event.explain_on(&self.topology, on, &facts)
    }

    /// The snapshots an application message is red for: those its sender had recorded when
    /// it sent it (Lai–Yang's colour; markers and unknown messages: none).
    pub fn red_for(&self, message: &Message) -> Vec<SnapshotId> {
        if message.is_marker() {
            return Vec::new();
        }
        let Some(send) =
            self.events.iter().find(|e| matches!(&e.kind, EventKind::Send { message: m } if m.id == message.id))
        else {
            return Vec::new();
        };
        self.events
            .iter()
            .take_while(|e| e.seq < send.seq)
            .filter(|e| e.process == send.process)
            .filter_map(|e| match e.kind {
                EventKind::RecordState { snapshot, .. } => Some(snapshot),
                _ => None,
            })
            .collect()
    }

    /// How many events each process has.
    pub fn event_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.topology.process_count()];
        for e in &self.events {
            counts[e.process] += 1;
        }
        counts
    }

    /// The log as text, one event a line: sequence number, process, kind, message,
    /// Lamport clock, vector clock, rule. Stable: tests compare it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for e in &self.events {
            let message = match e.message() {
                Some(m) => format!("{m} {}", m.channel),
                None => "-".to_string(),
            };
            let vclock: Vec<String> = e.vclock.iter().map(|v| v.to_string()).collect();
            let _ = writeln!(
                out,
                "{:>4} {:<3} {:<17} {:<22} L{:<4} [{}] {}: {}",
                e.seq,
                process_name(e.process),
                e.kind_id(),
                message,
                e.lamport,
                vclock.join(","),
                e.rule.id(),
                e.describe()
            );
        }
        out
    }

    /// A 64-bit FNV-1a digest of [`Log::to_text`], to compare runs across builds.
    pub fn digest(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.to_text().bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash
    }
}
