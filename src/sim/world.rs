//! The world: process states, the messages in flight on each channel, every snapshot's
//! progress, the clocks, and the event log. [`World::apply`] takes one [`Action`], checks it
//! completely (a refused action changes nothing), runs the pure handlers of [`super::rules`]
//! and turns each effect into an event.

use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

use super::action::{Action, ActionError, MessageRef};
use super::event::{Event, EventKind, Log, Rule};
use super::limits::{MAX_AMOUNT, MAX_SNAPSHOTS};
use super::message::{Message, MessageId, MessageKind, SnapshotId};
use super::rules::{self, ChannelRecording, Effect, ProcessView};
use super::topology::{Algorithm, Channel, ChannelId, Discipline, ProcessId, Topology};

/// One snapshot's progress, as the processes know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotProgress {
    pub id: SnapshotId,
    pub initiators: Vec<ProcessId>,
    /// Each process's recorded state, once recorded.
    pub recorded: Vec<Option<i64>>,
    /// Each channel's recording state, by channel id.
    pub channels: Vec<ChannelRecording>,
    /// The application messages recorded on each channel so far, by channel id.
    pub channel_messages: Vec<Vec<Message>>,
    pub complete: bool,
    /// Lai–Yang: how many white application messages the sender sent on each channel before
    /// it recorded (what its marker on the channel carries), by channel id.
    pub white_sent: Vec<u32>,
    /// Lai–Yang: whether the receiver has received the marker on each channel.
    pub marker_in: Vec<bool>,
    /// Lai–Yang: how many white application messages the receiver has received on each
    /// channel (before and after it recorded).
    pub white_received: Vec<u32>,
}

/// The state of a run.
#[derive(Clone, Debug)]
pub struct World {
    log: Log,
    states: Vec<i64>,
    queues: Vec<VecDeque<MessageId>>,
    messages: Vec<Message>,
    /// Each message's colour, by message id: bit `s - 1` is set when it is red for snapshot
    /// `S<s>` (its sender had recorded `S<s>` when it sent it). Used by Lai–Yang.
    red: Vec<u64>,
    /// How many application messages were sent on each channel (copies not counted).
    app_sent_on: Vec<u32>,
    /// How many application messages were received on each channel.
    app_received_on: Vec<u32>,
    /// The sender's clocks at each send, by message id (the vector clock is shared with the
    /// send event).
    sent_clocks: Vec<(u64, Rc<[u32]>)>,
    /// Message id of application message `m<n>` at index `n - 1`.
    app_ids: Vec<MessageId>,
    snapshots: Vec<SnapshotProgress>,
    lamport: Vec<u64>,
    vclock: Vec<Vec<u32>>,
    event_counts: Vec<u32>,
    /// Which processes have crashed (a fault).
    crashed: Vec<bool>,
    /// The process each process waits for a message from ([`Action::Wait`]), if any.
    waiting: Vec<Option<ProcessId>>,
    actions_applied: u32,
}

impl World {
    pub fn new(topology: Topology) -> Self {
        let n = topology.process_count();
        World {
            states: topology.processes().iter().map(|p| p.initial).collect(),
            queues: vec![VecDeque::new(); topology.channels().len()],
            messages: Vec::new(),
            red: Vec::new(),
            app_sent_on: vec![0; topology.channels().len()],
            app_received_on: vec![0; topology.channels().len()],
            sent_clocks: Vec::new(),
            app_ids: Vec::new(),
            snapshots: Vec::new(),
            lamport: vec![0; n],
            vclock: vec![vec![0; n]; n],
            event_counts: vec![0; n],
            crashed: vec![false; n],
            waiting: vec![None; n],
            actions_applied: 0,
            log: Log { topology, events: Vec::new() },
        }
    }

    pub fn topology(&self) -> &Topology {
        &self.log.topology
    }
    pub fn log(&self) -> &Log {
        &self.log
    }
    pub fn into_log(self) -> Log {
        self.log
    }
    pub fn events(&self) -> &[Event] {
        &self.log.events
    }
    /// A process's current state (balance or tokens).
    pub fn state(&self, p: ProcessId) -> i64 {
        self.states[p]
    }
    pub fn states(&self) -> &[i64] {
        &self.states
    }
    pub fn snapshots(&self) -> &[SnapshotProgress] {
        &self.snapshots
    }
    pub fn message(&self, id: MessageId) -> &Message {
        &self.messages[id as usize]
    }
    /// The snapshots an application message is red for (its sender had recorded them when it
    /// sent it), in id order; empty for a white message and for a marker.
    pub fn red_for(&self, id: MessageId) -> Vec<SnapshotId> {
        if self.messages.get(id as usize).is_none_or(Message::is_marker) {
            return Vec::new();
        }
        let mask = self.red.get(id as usize).copied().unwrap_or(0);
        (0..64).filter(|b| mask >> b & 1 == 1).map(|b| b + 1).collect()
    }
    fn lai_yang(&self) -> bool {
        self.log.topology.algorithm == Algorithm::LaiYang
    }
    /// True when the process has crashed (a fault): it takes no more actions.
    pub fn is_crashed(&self, p: ProcessId) -> bool {
        self.crashed.get(p).copied().unwrap_or(false)
    }
    /// The process `p` waits for a message from ([`Action::Wait`]), if it is waiting.
    pub fn waiting_for(&self, p: ProcessId) -> Option<ProcessId> {
        self.waiting.get(p).copied().flatten()
    }
    /// Refuses a send, an internal event or another wait of a waiting process: it is blocked.
    fn not_waiting(&self, p: ProcessId) -> Result<(), ActionError> {
        match self.waiting[p] {
            None => Ok(()),
            Some(on) => Err(ActionError::Waiting { process: p, on }),
        }
    }
    /// How many actions have been applied.
    pub fn actions_applied(&self) -> u32 {
        self.actions_applied
    }
    /// The messages in flight on a channel, head first.
    pub fn in_flight(&self, channel: ChannelId) -> impl Iterator<Item = &Message> {
        self.queues[channel].iter().map(|&id| &self.messages[id as usize])
    }
    /// True when no message (application message or marker) is in flight.
    pub fn is_quiescent(&self) -> bool {
        self.queues.iter().all(VecDeque::is_empty)
    }
    /// True when at least one snapshot has started and every snapshot is complete.
    pub fn snapshots_complete(&self) -> bool {
        !self.snapshots.is_empty() && self.snapshots.iter().all(|s| s.complete)
    }

    /// How a person names a message.
    pub fn message_ref(&self, message: &Message) -> MessageRef {
        match message.kind {
            MessageKind::App { number, .. } => MessageRef::App { number },
            MessageKind::Marker { snapshot } => MessageRef::Marker { snapshot, channel: message.channel },
        }
    }

    /// Every message that may be received next, in channel order: the head of each channel
    /// under FIFO, every message in flight otherwise; none to a crashed process.
    pub fn deliverable(&self) -> Vec<MessageRef> {
        let fifo = self.topology().discipline == Discipline::Fifo;
        let mut out = Vec::new();
        for (c, queue) in self.queues.iter().enumerate() {
            if self.crashed[self.topology().channel(c).to] {
                continue;
            }
            let take = if fifo { queue.len().min(1) } else { queue.len() };
            out.extend(queue.iter().take(take).map(|&id| self.message_ref(&self.messages[id as usize])));
        }
        out
    }

    /// Finds a message in flight: its channel and position in the channel's queue.
    pub fn find(&self, message: MessageRef) -> Result<(ChannelId, usize), ActionError> {
        let not_in_flight = ActionError::NotInFlight(message);
        let (channel, id) = match message {
            MessageRef::App { number } => {
                let id =
                    *number.checked_sub(1).and_then(|i| self.app_ids.get(i as usize)).ok_or(not_in_flight.clone())?;
                let m = &self.messages[id as usize];
                (self.topology().channel_id(m.channel.from, m.channel.to).ok_or(not_in_flight.clone())?, Some(id))
            }
            MessageRef::Marker { channel, .. } => {
                let c = self.topology().channel_id(channel.from, channel.to).ok_or(not_in_flight.clone())?;
                (c, None)
            }
        };
        let position = self.queues[channel].iter().position(|&q| match (id, message) {
            (Some(id), _) => q == id,
            (None, MessageRef::Marker { snapshot, .. }) => {
                self.messages[q as usize].kind == MessageKind::Marker { snapshot }
            }
            _ => false,
        });
        position.map(|pos| (channel, pos)).ok_or(not_in_flight)
    }

    /// Checks an action without applying it.
    pub fn check(&self, action: &Action) -> Result<(), ActionError> {
        let n = self.topology().process_count();
        let process = |p: ProcessId| if p < n { Ok(()) } else { Err(ActionError::UnknownProcess(p)) };
        let alive = |p: ProcessId| if self.crashed[p] { Err(ActionError::Crashed(p)) } else { Ok(()) };
        match *action {
            Action::Send { from, to, amount } => {
                process(from)?;
                process(to)?;
                alive(from)?;
                self.not_waiting(from)?;
                let channel = Channel { from, to };
                self.topology().channel_id(from, to).ok_or(ActionError::NoChannel(channel))?;
                if amount <= 0 {
                    return Err(ActionError::AmountNotPositive(amount));
                }
                if amount > MAX_AMOUNT {
                    return Err(ActionError::AmountTooLarge(amount));
                }
                if self.states[from] < amount {
                    return Err(ActionError::InsufficientBalance { process: from, balance: self.states[from], amount });
                }
            }
            Action::Deliver { message } => {
                let (channel, position) = self.find(message)?;
                alive(self.topology().channel(channel).to)?;
                if position > 0 && self.topology().discipline == Discipline::Fifo {
                    let head = &self.messages[self.queues[channel][0] as usize];
                    return Err(ActionError::NotAtHead {
                        message,
                        head: self.message_ref(head).to_string(),
                        channel: self.topology().channel(channel),
                    });
                }
            }
            Action::Internal { process: p, delta } => {
                process(p)?;
                alive(p)?;
                self.not_waiting(p)?;
                if delta.unsigned_abs() > MAX_AMOUNT as u64 {
                    return Err(ActionError::AmountTooLarge(delta));
                }
                let state = self.states[p];
                if state + delta < 0 || state + delta > MAX_AMOUNT {
                    return Err(ActionError::NegativeState { process: p, state, delta });
                }
            }
            Action::Snapshot { process: p } => {
                process(p)?;
                alive(p)?;
                if self.snapshots.len() >= MAX_SNAPSHOTS {
                    return Err(ActionError::TooManySnapshots);
                }
            }
            Action::Join { process: p, snapshot } => {
                process(p)?;
                alive(p)?;
                let s = self.snapshot_progress(snapshot).ok_or(ActionError::UnknownSnapshot(snapshot))?;
                if s.complete {
                    return Err(ActionError::SnapshotComplete(snapshot));
                }
                if s.recorded[p].is_some() {
                    return Err(ActionError::AlreadyRecorded { process: p, snapshot });
                }
            }
            // The network may lose or copy any message in flight, whatever its ends.
            Action::Drop { message } | Action::Duplicate { message } => {
                if self.lai_yang() {
                    return Err(ActionError::FaultUnderLaiYang);
                }
                self.find(message)?;
            }
            Action::Crash { process: p } => {
                if self.lai_yang() {
                    return Err(ActionError::FaultUnderLaiYang);
                }
                process(p)?;
                alive(p)?;
            }
            // A process waits for a message on a channel that exists.
            Action::Wait { process: p, on } => {
                process(p)?;
                process(on)?;
                alive(p)?;
                self.topology().channel_id(on, p).ok_or(ActionError::NoChannel(Channel { from: on, to: p }))?;
                self.not_waiting(p)?;
            }
        }
        Ok(())
    }

    fn snapshot_progress(&self, id: SnapshotId) -> Option<&SnapshotProgress> {
        id.checked_sub(1).and_then(|i| self.snapshots.get(i as usize))
    }

    /// Applies one action, returning the range of the events it added to the log.
    /// A refused action changes nothing.
    pub fn apply(&mut self, action: &Action) -> Result<Range<usize>, ActionError> {
        self.check(action)?;
        let start = self.log.events.len();
        match *action {
            Action::Send { from, to, amount } => {
                let channel = self.topology().channel_id(from, to).expect("checked");
                self.states[from] -= amount;
                let number = self.app_ids.len() as u32 + 1;
                let red = self.snapshots.iter().any(|s| s.recorded[from].is_some());
                let rule = if red && self.lai_yang() { Rule::SendRed } else { Rule::Send };
                self.send(from, channel, MessageKind::App { number, amount }, rule);
            }
            Action::Deliver { message } => {
                let (channel, position) = self.find(message)?;
                self.deliver(channel, position);
            }
            Action::Internal { process, delta } => {
                self.states[process] += delta;
                let state = self.states[process];
                self.emit(process, EventKind::Internal { delta, state }, Rule::Internal, None);
            }
            Action::Snapshot { process } => {
                let n = self.topology().process_count();
                let channels = self.topology().channels().len();
                let id = self.snapshots.len() as SnapshotId + 1;
                self.snapshots.push(SnapshotProgress {
                    id,
                    initiators: Vec::new(),
                    recorded: vec![None; n],
                    channels: vec![ChannelRecording::Idle; channels],
                    channel_messages: vec![Vec::new(); channels],
                    complete: false,
                    white_sent: vec![0; channels],
                    marker_in: vec![false; channels],
                    // Everything received before a snapshot starts is white for it.
                    white_received: self.app_received_on.clone(),
                });
                self.initiate(process, id, Rule::Initiate);
            }
            Action::Join { process, snapshot } => self.initiate(process, snapshot, Rule::Join),
            Action::Drop { message } => {
                let (channel, position) = self.find(message)?;
                let id = self.queues[channel].remove(position).expect("checked");
                let message = self.messages[id as usize];
                self.emit(message.channel.from, EventKind::Drop { message }, Rule::Drop, None);
            }
            Action::Duplicate { message } => {
                let (channel, position) = self.find(message)?;
                let original = self.messages[self.queues[channel][position] as usize];
                let id = self.messages.len() as MessageId;
                let kind = match original.kind {
                    MessageKind::App { amount, .. } => {
                        self.app_ids.push(id);
                        MessageKind::App { number: self.app_ids.len() as u32, amount }
                    }
                    marker @ MessageKind::Marker { .. } => marker,
                };
                let copy = Message { id, channel: original.channel, kind };
                self.messages.push(copy);
                self.red.push(self.red[original.id as usize]);
                self.queues[channel].push_back(id);
                let from = original.channel.from;
                self.emit(from, EventKind::Duplicate { original, copy }, Rule::Duplicate, None);
                let sent = self.log.events.last().map(|e| e.vclock.clone()).unwrap_or_default();
                self.sent_clocks.push((self.lamport[from], sent));
            }
            Action::Crash { process } => {
                self.crashed[process] = true;
                self.emit(process, EventKind::Crash, Rule::Crash, None);
            }
            Action::Wait { process, on } => {
                self.waiting[process] = Some(on);
                self.emit(process, EventKind::Wait { on }, Rule::Wait, None);
            }
        }
        self.actions_applied += 1;
        Ok(start..self.log.events.len())
    }

    fn view(&self, process: ProcessId, snapshot: SnapshotId) -> ProcessView<'_> {
        let s = &self.snapshots[snapshot as usize - 1];
        ProcessView {
            topology: &self.log.topology,
            process,
            recorded: s.recorded[process].is_some(),
            channels: &s.channels,
        }
    }

    fn initiate(&mut self, process: ProcessId, snapshot: SnapshotId, rule: Rule) {
        let effects = rules::on_initiate(&self.view(process, snapshot));
        self.snapshots[snapshot as usize - 1].initiators.push(process);
        self.apply_effects(process, snapshot, rule, &effects);
    }

    fn deliver(&mut self, channel: ChannelId, position: usize) {
        let id = self.queues[channel].remove(position).expect("checked");
        let message = self.messages[id as usize];
        let to = message.channel.to;
        let clock = self.sent_clocks[id as usize].clone();
        match message.kind {
            MessageKind::App { amount, .. } => {
                let lai_yang = self.lai_yang();
                let red = self.red[id as usize];
                if lai_yang {
                    // A white process records its state before it receives a red message.
                    for index in 0..self.snapshots.len() {
                        if red >> index & 1 == 1 && self.snapshots[index].recorded[to].is_none() {
                            let snapshot = index as SnapshotId + 1;
                            let effects = rules::on_red_message(&self.view(to, snapshot));
                            self.apply_effects(to, snapshot, Rule::RedMessage, &effects);
                        }
                    }
                }
                self.states[to] += amount;
                self.app_received_on[channel] += 1;
                let mut recorded_in = Vec::new();
                let mut closes = Vec::new();
                for (index, s) in self.snapshots.iter_mut().enumerate() {
                    let white = red >> index & 1 == 0;
                    if lai_yang && white {
                        s.white_received[channel] += 1;
                    }
                    if s.channels[channel] == ChannelRecording::Recording && (white || !lai_yang) {
                        s.channel_messages[channel].push(message);
                        recorded_in.push(s.id);
                        if lai_yang && s.marker_in[channel] && s.white_received[channel] >= s.white_sent[channel] {
                            closes.push(s.id);
                        }
                    }
                }
                let rule = if !recorded_in.is_empty() {
                    Rule::ReceiveRecorded
                } else if lai_yang && red != 0 {
                    Rule::ReceiveRed
                } else {
                    Rule::Receive
                };
                self.emit(to, EventKind::Receive { message, recorded_in }, rule, Some(&clock));
                // A message from a process it waits for wakes the receiver.
                if self.waiting[to] == Some(message.channel.from) {
                    self.waiting[to] = None;
                }
                // Lai–Yang: the last white message its marker counted closes a channel.
                for snapshot in closes {
                    self.apply_effects(to, snapshot, Rule::LastWhite, &[Effect::StopRecording(channel)]);
                }
            }
            MessageKind::Marker { snapshot } if self.lai_yang() => {
                let s = &mut self.snapshots[snapshot as usize - 1];
                s.marker_in[channel] = true;
                let all_white_in = s.white_received[channel] >= s.white_sent[channel];
                let (rule, effects) = rules::on_marker_lai_yang(&self.view(to, snapshot), channel, all_white_in);
                self.emit(to, EventKind::Receive { message, recorded_in: Vec::new() }, rule, Some(&clock));
                self.apply_effects(to, snapshot, rule, &effects);
            }
            MessageKind::Marker { snapshot } => {
                let (rule, effects) = rules::on_marker(&self.view(to, snapshot), channel);
                self.emit(to, EventKind::Receive { message, recorded_in: Vec::new() }, rule, Some(&clock));
                self.apply_effects(to, snapshot, rule, &effects);
            }
        }
    }

    fn apply_effects(&mut self, process: ProcessId, snapshot: SnapshotId, rule: Rule, effects: &[Effect]) {
        let index = snapshot as usize - 1;
        for &effect in effects {
            match effect {
                Effect::RecordState => {
                    let state = self.states[process];
                    self.snapshots[index].recorded[process] = Some(state);
                    for &c in self.log.topology.outgoing(process) {
                        self.snapshots[index].white_sent[c] = self.app_sent_on[c];
                    }
                    self.emit(process, EventKind::RecordState { snapshot, state }, rule, None);
                }
                Effect::StopRecording(c) => {
                    let s = &mut self.snapshots[index];
                    s.channels[c] = ChannelRecording::Closed;
                    let recorded = s.channel_messages[c].clone();
                    let channel = self.log.topology.channel(c);
                    self.emit(process, EventKind::StopRecording { snapshot, channel, recorded }, rule, None);
                }
                Effect::SendMarker(c) => {
                    self.send(process, c, MessageKind::Marker { snapshot }, rule);
                }
                Effect::StartRecording(c) => {
                    self.snapshots[index].channels[c] = ChannelRecording::Recording;
                    let channel = self.log.topology.channel(c);
                    self.emit(process, EventKind::StartRecording { snapshot, channel }, rule, None);
                }
            }
        }
        let s = &self.snapshots[index];
        if !s.complete {
            let n = self.topology().process_count();
            if (0..n).all(|p| rules::is_done(&self.view(p, snapshot))) {
                self.snapshots[index].complete = true;
                self.emit(process, EventKind::SnapshotComplete { snapshot }, Rule::Complete, None);
            }
        }
    }

    fn send(&mut self, from: ProcessId, channel: ChannelId, kind: MessageKind, rule: Rule) {
        let id = self.messages.len() as MessageId;
        let message = Message { id, channel: self.log.topology.channel(channel), kind };
        if let MessageKind::App { .. } = kind {
            self.app_ids.push(id);
            self.app_sent_on[channel] += 1;
        }
        let red = self
            .snapshots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.recorded[from].is_some())
            .fold(0u64, |m, (i, _)| m | 1 << i);
        self.red.push(red);
        self.messages.push(message);
        self.queues[channel].push_back(id);
        self.emit(from, EventKind::Send { message }, rule, None);
        let sent = self.log.events.last().map(|e| e.vclock.clone()).unwrap_or_default();
        self.sent_clocks.push((self.lamport[from], sent));
    }

    fn emit(&mut self, process: ProcessId, kind: EventKind, rule: Rule, received: Option<&(u64, Rc<[u32]>)>) {
        let mut lamport = self.lamport[process];
        if let Some((sent_lamport, sent_vclock)) = received {
            lamport = lamport.max(*sent_lamport);
            for (mine, theirs) in self.vclock[process].iter_mut().zip(sent_vclock.iter()) {
                *mine = (*mine).max(*theirs);
            }
        }
        self.lamport[process] = lamport + 1;
        self.vclock[process][process] += 1;
        let event = Event {
            seq: self.log.events.len() as u32 + 1,
            process,
            index: self.event_counts[process],
            action: self.actions_applied,
            kind,
            rule,
            lamport: self.lamport[process],
            vclock: Rc::from(&self.vclock[process][..]),
        };
        self.event_counts[process] += 1;
        self.log.events.push(event);
    }
}
