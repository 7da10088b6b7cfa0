//! Multicast to a group, and the orderings the week's notes name: seed 004's goals "Assign
//! FIFO/Causal/Total ordering to multicast messages" and "Design a reliable multicast
//! protocol", seed 000's "Reliable Multi-cast". The core of the multicast lab, beside the
//! snapshot core and in its style: a [`Setup`] and the learner's [`Action`]s are replayed into a
//! [`Group`], which writes one [`Event`] log; [`check`] reads the log alone.
//!
//! - Every member can reach every other; channels are not FIFO: the learner chooses which copy
//!   in flight arrives next, in any order. That is the point.
//! - **Receive is not deliver.** A copy is received into the process's hold-back queue; the
//!   ordering's rule ([`rule`]) says when a held message may be delivered to the application.
//! - The sender receives its own message at once (it is a member of the group); under total
//!   order it still waits for its order number like everyone else.
//! - **Reliable multicast** (the textbook's R-multicast over B-multicast): on the first receipt
//!   of a message, a process other than its sender sends it on to the others (not back to the
//!   sender, which has it); later copies are duplicates and are dropped.
//! - **Total order by a sequencer**: P1 is the sequencer. On the first receipt of a message (its
//!   own included) it gives it the next order number and sends the order to every other member.
//! - **Total order by agreed priorities (ISIS)**, without a sequencer: on the first receipt of a
//!   message each member proposes a priority `max(largest agreed, largest proposed) + 1`, its own
//!   process number breaking ties (`3.2`: 3, proposed by P2), sends the proposal to the sender and
//!   holds the message, undeliverable. When the sender has every member's proposal (its own
//!   included) it multicasts the largest as the agreed priority. A member marks the message
//!   deliverable at that priority, re-sorts its hold-back queue by priority, and delivers from
//!   its head while the head is deliverable. The sender waits for every member: a crash before
//!   the agreement leaves the message never agreed ([`check::never_agreed`] names it).

pub mod check;
pub mod rule;

use crate::say;

use super::process_name;
use super::topology::ProcessId;
use super::words::Sentence;

pub use check::{check, Agreement, Stuck, Verdict, Violation};
pub use rule::{Order, Wait};

/// A group has 2 to 8 members.
pub const MIN_MEMBERS: usize = 2;
/// A group has 2 to 8 members.
pub const MAX_MEMBERS: usize = 8;
/// At most this many multicasts in one run (each makes up to `(n−1)²` copies when reliable).
pub const MAX_MULTICASTS: usize = 64;
/// The sequencer of total order: P1.
pub const SEQUENCER: ProcessId = 0;

/// An application message, numbered in multicast order: `m1` is 1.
pub type MessageId = u32;

/// `m3`.
pub fn message_name(m: MessageId) -> String {
    format!("m{m}")
}

/// Basic multicast (each copy sent once, by the sender), or reliable multicast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reliability {
    Basic,
    Reliable,
}

/// The group and its rules: how many members, which ordering, which reliability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    pub members: usize,
    pub order: Order,
    pub reliability: Reliability,
}

/// An ISIS priority: `count`, then the proposing process breaking ties. Written `3.2` (count 3,
/// proposed by P2); ordered by count, then process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Priority {
    pub count: u32,
    pub process: ProcessId,
}

/// `3.2`.
pub fn priority_name(p: Priority) -> String {
    format!("{}.{}", p.count, p.process + 1)
}

/// What a copy in flight carries: an application message, the sequencer's order for one, or
/// one of ISIS's proposals and agreed priorities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Payload {
    Message(MessageId),
    /// Total order: `message` is the `number`th to deliver (1-based).
    Order {
        message: MessageId,
        number: u32,
    },
    /// ISIS: a member's proposed priority for `message`, on its way to the sender.
    Proposal {
        message: MessageId,
        priority: Priority,
    },
    /// ISIS: the sender's agreed priority for `message` (the largest proposal).
    Agreed {
        message: MessageId,
        priority: Priority,
    },
}

/// One copy on its way from one member to another. A copy is unique in a run: a message goes
/// from one process to another at most once (the sender's copy, or one relay), and so does an
/// order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Copy {
    pub payload: Payload,
    pub from: ProcessId,
    pub to: ProcessId,
}

/// What the learner does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `from` multicasts a new message to the group. With `reach`, the sender crashes partway
    /// through: only those members get a copy, then the sender crashes.
    Multicast { from: ProcessId, reach: Option<Vec<ProcessId>> },
    /// A copy in flight arrives.
    Receive(Copy),
    /// A process crashes: it does nothing more.
    Crash(ProcessId),
}

/// Why an action cannot be taken now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    NoSuchProcess(ProcessId),
    Crashed(ProcessId),
    NotInFlight(Copy),
    TooManyMulticasts,
    /// A partial multicast names the sender itself, or a member twice.
    BadReach(ProcessId),
}

/// The group's members must number 2 to 8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeError(pub usize);

impl ActionError {
    /// Why, in words.
    pub fn says(&self) -> Sentence {
        match self {
            ActionError::NoSuchProcess(p) => say!("The group has no process {0}", process_name(*p)),
            ActionError::Crashed(p) => say!("{0} has crashed: it takes no part any more", process_name(*p)),
            ActionError::NotInFlight(c) => {
                say!(
                    "No such copy is in flight: {0} from {1} to {2}",
                    payload_name(c.payload),
                    process_name(c.from),
                    process_name(c.to)
                )
            }
            ActionError::TooManyMulticasts => say!("A run holds at most {0} multicasts", MAX_MULTICASTS),
            ActionError::BadReach(p) => say!(
                "A partial multicast names each other member at most once, and not the sender ({0})",
                process_name(*p)
            ),
        }
    }
}

/// `m3`, or `the order of m3 (#2)`.
pub fn payload_name(p: Payload) -> Sentence {
    match p {
        Payload::Message(m) => Sentence::plain(message_name(m)),
        Payload::Order { message, number } => say!("the order of {0} (#{1})", message_name(message), number),
        Payload::Proposal { message, priority } => {
            say!("the proposal {0} for {1}", priority_name(priority), message_name(message))
        }
        Payload::Agreed { message, priority } => {
            say!("the agreed priority {0} for {1}", priority_name(priority), message_name(message))
        }
    }
}

/// One event at one process. The log is enough to draw from and to check: every receive names
/// the event that sent its copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub process: ProcessId,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The sender multicasts `message`, its `number`th, with vector timestamp `stamp`, sending
    /// copies to `to`. `partial`: it crashes right after.
    Multicast { message: MessageId, number: u32, stamp: Vec<u32>, to: Vec<ProcessId>, partial: bool },
    /// Reliable multicast: on its first receipt, a process sends the message on to `to`.
    Relay { message: MessageId, to: Vec<ProcessId> },
    /// Total order: the sequencer gives `message` its order `number` and sends it to `to`.
    Sequence { message: MessageId, number: u32, to: Vec<ProcessId> },
    /// ISIS: the process proposes `priority` for `message` and sends it to `sender` (no copy
    /// when it is the sender itself).
    Propose { message: MessageId, priority: Priority, sender: ProcessId },
    /// ISIS: the sender has every proposal for `message`; the largest, `priority`, is agreed and
    /// sent to `to`.
    Agree { message: MessageId, priority: Priority, to: Vec<ProcessId> },
    /// A copy arrives. `sent_at` is the log index of the event that sent it; `duplicate`: the
    /// process already had this message, and drops the copy.
    Receive { copy: Copy, sent_at: usize, duplicate: bool },
    /// The received message waits in the hold-back queue, and why.
    Hold { message: MessageId, wait: Wait },
    /// The message is delivered to the application. `delivered`: how many messages from each
    /// sender this process has delivered, this one included (the vector clock of causal order).
    Deliver { message: MessageId, delivered: Vec<u32> },
    /// The process crashes.
    Crash,
}

/// What the group knows of one multicast message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub sender: ProcessId,
    /// The sender's sequence number for it (FIFO order), from 1.
    pub number: u32,
    /// Its vector timestamp (causal order).
    pub stamp: Vec<u32>,
}

/// One member's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Member {
    pub crashed: bool,
    /// The messages this process has received, in arrival order.
    pub received: Vec<MessageId>,
    /// Received, not yet delivered, in arrival order.
    pub hold_back: Vec<MessageId>,
    /// Delivered, in order.
    pub delivered: Vec<MessageId>,
    /// How many messages from each sender this process has delivered.
    pub delivered_from: Vec<u32>,
    /// Total order: the order number each message has been given, as far as this process knows.
    pub orders: Vec<(MessageId, u32)>,
    /// Total order: the number of the next message to deliver.
    pub next_turn: u32,
    /// ISIS: each received message's priority as far as this process knows (its own proposal,
    /// or the agreed one), and whether it is agreed (deliverable).
    pub priorities: Vec<(MessageId, Priority, bool)>,
    /// ISIS: the largest count this process has proposed or seen agreed.
    pub largest: u32,
}

impl Member {
    /// ISIS: the priority of `m` here, and whether it is agreed.
    pub fn priority(&self, m: MessageId) -> Option<(Priority, bool)> {
        self.priorities.iter().find(|(x, _, _)| *x == m).map(|&(_, p, a)| (p, a))
    }
}

/// A running group: the members, the copies in flight, the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub setup: Setup,
    pub members: Vec<Member>,
    /// Every multicast message, `sent[m - 1]` for `m`.
    pub sent: Vec<Sent>,
    /// Copies in flight, in the order they were sent, each with the log index that sent it.
    pub in_flight: Vec<(Copy, usize)>,
    pub log: Vec<Event>,
    /// The sequencer's next order number.
    next_number: u32,
    /// ISIS: the proposals each message's sender has received, `proposals[m - 1]` for `m`.
    proposals: Vec<Vec<Priority>>,
}

impl Group {
    /// A group of `setup.members` processes, nothing sent yet.
    pub fn new(setup: Setup) -> Result<Group, SizeError> {
        if !(MIN_MEMBERS..=MAX_MEMBERS).contains(&setup.members) {
            return Err(SizeError(setup.members));
        }
        let n = setup.members;
        let member = Member { delivered_from: vec![0; n], next_turn: 1, ..Member::default() };
        Ok(Group {
            setup,
            members: vec![member; n],
            sent: Vec::new(),
            in_flight: Vec::new(),
            log: Vec::new(),
            next_number: 1,
            proposals: Vec::new(),
        })
    }

    /// Replays `actions` from the start; the index of the first refused action and why.
    pub fn replay(setup: Setup, actions: &[Action]) -> Result<Group, ReplayError> {
        let mut group = Group::new(setup).map_err(ReplayError::Size)?;
        for (i, a) in actions.iter().enumerate() {
            group.apply(a).map_err(|e| ReplayError::Action(i, e))?;
        }
        Ok(group)
    }

    /// The copies the learner may deliver next: in flight, to a process that has not crashed.
    pub fn deliverable(&self) -> impl Iterator<Item = Copy> + '_ {
        self.in_flight.iter().map(|(c, _)| *c).filter(|c| !self.members[c.to].crashed)
    }

    /// Applies one action, checking it fully first: a refused action changes nothing.
    pub fn apply(&mut self, action: &Action) -> Result<(), ActionError> {
        match action {
            Action::Multicast { from, reach } => self.multicast(*from, reach.as_deref()),
            Action::Receive(copy) => self.receive(*copy),
            Action::Crash(p) => {
                self.alive(*p)?;
                self.crash(*p);
                Ok(())
            }
        }
    }

    fn alive(&self, p: ProcessId) -> Result<(), ActionError> {
        match self.members.get(p) {
            None => Err(ActionError::NoSuchProcess(p)),
            Some(m) if m.crashed => Err(ActionError::Crashed(p)),
            Some(_) => Ok(()),
        }
    }

    fn crash(&mut self, p: ProcessId) {
        self.members[p].crashed = true;
        self.log.push(Event { process: p, kind: EventKind::Crash });
    }

    fn others(&self, p: ProcessId) -> Vec<ProcessId> {
        (0..self.setup.members).filter(|&q| q != p).collect()
    }

    fn send(&mut self, payload: Payload, from: ProcessId, to: &[ProcessId], at: usize) {
        for &q in to {
            self.in_flight.push((Copy { payload, from, to: q }, at));
        }
    }

    fn multicast(&mut self, from: ProcessId, reach: Option<&[ProcessId]>) -> Result<(), ActionError> {
        self.alive(from)?;
        if self.sent.len() >= MAX_MULTICASTS {
            return Err(ActionError::TooManyMulticasts);
        }
        let to = match reach {
            None => self.others(from),
            Some(list) => {
                let mut seen = Vec::new();
                for &q in list {
                    if q >= self.setup.members {
                        return Err(ActionError::NoSuchProcess(q));
                    }
                    if q == from || seen.contains(&q) {
                        return Err(ActionError::BadReach(from));
                    }
                    seen.push(q);
                }
                seen
            }
        };
        let message = self.sent.len() as MessageId + 1;
        let number = self.sent.iter().filter(|s| s.sender == from).count() as u32 + 1;
        // The vector timestamp: what the sender has delivered from each member, and this message
        // as its own `number`th (under causal order it delivers its own at once, so these agree).
        let mut stamp = self.members[from].delivered_from.clone();
        stamp[from] = number;
        self.sent.push(Sent { sender: from, number, stamp: stamp.clone() });
        self.proposals.push(Vec::new());
        let at = self.log.len();
        self.log.push(Event {
            process: from,
            kind: EventKind::Multicast { message, number, stamp, to: to.clone(), partial: reach.is_some() },
        });
        self.send(Payload::Message(message), from, &to, at);
        // The sender is a member: it receives its own message at once.
        self.take(from, message);
        if reach.is_some() {
            self.crash(from);
        }
        Ok(())
    }

    fn receive(&mut self, copy: Copy) -> Result<(), ActionError> {
        let Some(i) = self.in_flight.iter().position(|(c, _)| *c == copy) else {
            return Err(ActionError::NotInFlight(copy));
        };
        self.alive(copy.to)?;
        let (_, sent_at) = self.in_flight.remove(i);
        let p = copy.to;
        match copy.payload {
            Payload::Message(m) => {
                let duplicate = self.members[p].received.contains(&m);
                self.log.push(Event { process: p, kind: EventKind::Receive { copy, sent_at, duplicate } });
                if !duplicate {
                    let sender = self.sent[m as usize - 1].sender;
                    if self.setup.reliability == Reliability::Reliable && p != sender {
                        let to: Vec<ProcessId> = self.others(p).into_iter().filter(|&q| q != sender).collect();
                        if !to.is_empty() {
                            let at = self.log.len();
                            self.log.push(Event { process: p, kind: EventKind::Relay { message: m, to: to.clone() } });
                            self.send(Payload::Message(m), p, &to, at);
                        }
                    }
                    self.take(p, m);
                }
            }
            Payload::Order { message, number } => {
                self.log.push(Event { process: p, kind: EventKind::Receive { copy, sent_at, duplicate: false } });
                self.members[p].orders.push((message, number));
                self.deliver_what_can(p);
            }
            Payload::Proposal { message, priority } => {
                self.log.push(Event { process: p, kind: EventKind::Receive { copy, sent_at, duplicate: false } });
                self.proposal(message, priority);
            }
            Payload::Agreed { message, priority } => {
                self.log.push(Event { process: p, kind: EventKind::Receive { copy, sent_at, duplicate: false } });
                self.agreed(p, message, priority);
            }
        }
        Ok(())
    }

    /// ISIS: `m`'s sender counts a proposal; with every member's, it agrees on the largest.
    fn proposal(&mut self, m: MessageId, priority: Priority) {
        let i = m as usize - 1;
        self.proposals[i].push(priority);
        if self.proposals[i].len() < self.setup.members {
            return;
        }
        let sender = self.sent[i].sender;
        let agreed = self.proposals[i].iter().copied().max().unwrap_or(priority);
        let to = self.others(sender);
        let at = self.log.len();
        self.log
            .push(Event { process: sender, kind: EventKind::Agree { message: m, priority: agreed, to: to.clone() } });
        self.send(Payload::Agreed { message: m, priority: agreed }, sender, &to, at);
        self.agreed(sender, m, agreed);
    }

    /// ISIS: `p` learns `m`'s agreed priority: marks it deliverable, re-sorts, delivers from the
    /// head; if `m` still waits, says what is ahead of it.
    fn agreed(&mut self, p: ProcessId, m: MessageId, priority: Priority) {
        let member = &mut self.members[p];
        member.largest = member.largest.max(priority.count);
        if let Some(entry) = member.priorities.iter_mut().find(|(x, _, _)| *x == m) {
            *entry = (m, priority, true);
        }
        self.sort_hold_back(p);
        self.deliver_what_can(p);
        let member = &self.members[p];
        if member.hold_back.contains(&m) {
            if let Err(wait) = rule::may_deliver(self.setup.order, member, &self.sent[m as usize - 1], m) {
                self.log.push(Event { process: p, kind: EventKind::Hold { message: m, wait } });
            }
        }
    }

    /// ISIS: the hold-back queue in priority order, smallest first.
    fn sort_hold_back(&mut self, p: ProcessId) {
        let member = &mut self.members[p];
        let priorities = member.priorities.clone();
        let key = |m: &MessageId| priorities.iter().find(|(x, _, _)| x == m).map(|&(_, pr, _)| pr);
        member.hold_back.sort_by_key(key);
    }

    /// `p` has received `m` for the first time: into the hold-back queue, the sequencer's order
    /// if `p` is the sequencer, then every delivery the rule now allows.
    fn take(&mut self, p: ProcessId, m: MessageId) {
        self.members[p].received.push(m);
        self.members[p].hold_back.push(m);
        if self.setup.order == Order::Total && p == SEQUENCER {
            let number = self.next_number;
            self.next_number += 1;
            let to = self.others(p);
            let at = self.log.len();
            self.log.push(Event { process: p, kind: EventKind::Sequence { message: m, number, to: to.clone() } });
            self.send(Payload::Order { message: m, number }, p, &to, at);
            self.members[p].orders.push((m, number));
        }
        if self.setup.order == Order::Agreed {
            let member = &mut self.members[p];
            member.largest += 1;
            let priority = Priority { count: member.largest, process: p };
            member.priorities.push((m, priority, false));
            self.sort_hold_back(p);
            let sender = self.sent[m as usize - 1].sender;
            let at = self.log.len();
            self.log.push(Event { process: p, kind: EventKind::Propose { message: m, priority, sender } });
            if p == sender {
                self.proposal(m, priority);
            } else {
                self.send(Payload::Proposal { message: m, priority }, p, &[sender], at);
            }
            if !self.members[p].hold_back.contains(&m) {
                return;
            }
        }
        if let Err(wait) = rule::may_deliver(self.setup.order, &self.members[p], &self.sent[m as usize - 1], m) {
            self.log.push(Event { process: p, kind: EventKind::Hold { message: m, wait } });
        }
        self.deliver_what_can(p);
    }

    /// Delivers held messages while the rule allows one, oldest arrival first.
    fn deliver_what_can(&mut self, p: ProcessId) {
        loop {
            let member = &self.members[p];
            let next = member
                .hold_back
                .iter()
                .position(|&m| rule::may_deliver(self.setup.order, member, &self.sent[m as usize - 1], m).is_ok());
            let Some(i) = next else { return };
            let m = self.members[p].hold_back.remove(i);
            let sender = self.sent[m as usize - 1].sender;
            let member = &mut self.members[p];
            member.delivered.push(m);
            member.delivered_from[sender] += 1;
            if self.setup.order == Order::Total {
                member.next_turn += 1;
            }
            let delivered = member.delivered_from.clone();
            self.log.push(Event { process: p, kind: EventKind::Deliver { message: m, delivered } });
        }
    }
}

/// A multicast scenario: the group's setup, the learner's actions, and where the timeline's
/// cursor is (`None`: after the last action). What a `v1.mc.` link holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub setup: Setup,
    pub actions: Vec<Action>,
    pub cursor: Option<usize>,
}

impl Scenario {
    /// The group after the actions up to the cursor.
    pub fn replay(&self) -> Result<Group, ReplayError> {
        let end = self.cursor.unwrap_or(self.actions.len()).min(self.actions.len());
        Group::replay(self.setup, &self.actions[..end])
    }
}

/// Why a run could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    Size(SizeError),
    /// The action at this index was refused.
    Action(usize, ActionError),
}

/// `[2,1,0]`.
pub fn vector(v: &[u32]) -> String {
    let parts: Vec<String> = v.iter().map(u32::to_string).collect();
    format!("[{}]", parts.join(","))
}

fn list(ps: &[ProcessId]) -> String {
    ps.iter().map(|&p| process_name(p)).collect::<Vec<_>>().join(", ")
}

/// What an event did, and the rule that fired, in words.
pub fn narrate(group_log: &[Event], index: usize) -> Sentence {
    let e = &group_log[index];
    let p = process_name(e.process);
    match &e.kind {
        EventKind::Multicast { message, number, stamp, to, partial: false } => say!(
            "{0} multicasts {1} (its message {2}, V = {3}) to {4}",
            p,
            message_name(*message),
            *number,
            vector(stamp),
            list(to)
        ),
        EventKind::Multicast { message, to, .. } if to.is_empty() => {
            say!("{0} starts to multicast {1} and crashes before any copy leaves", p, message_name(*message))
        }
        EventKind::Multicast { message, to, .. } => {
            say!("{0} starts to multicast {1}, sends it to {2} only, and crashes", p, message_name(*message), list(to))
        }
        EventKind::Relay { message, to } => say!(
            "{0} received {1} for the first time: reliable multicast sends it on to {2}",
            p,
            message_name(*message),
            list(to)
        ),
        EventKind::Sequence { message, number, to } => say!(
            "{0}, the sequencer, gives {1} order number {2} and sends the order to {3}",
            p,
            message_name(*message),
            *number,
            list(to)
        ),
        EventKind::Propose { message, priority, sender } if *sender == e.process => say!(
            "{0} proposes priority {1} for its own {2}: max(largest agreed, largest proposed) + 1",
            p,
            priority_name(*priority),
            message_name(*message)
        ),
        EventKind::Propose { message, priority, sender } => say!(
            "{0} proposes priority {1} for {2}: max(largest agreed, largest proposed) + 1, sent to the sender {3}",
            p,
            priority_name(*priority),
            message_name(*message),
            process_name(*sender)
        ),
        EventKind::Agree { message, priority, to } => say!(
            "{0} has every proposal for {1}: the largest, {2}, is its agreed priority, sent to {3}",
            p,
            message_name(*message),
            priority_name(*priority),
            list(to)
        ),
        EventKind::Receive { copy, duplicate: true, .. } => say!(
            "{0} receives {1} from {2} again: a duplicate, dropped",
            p,
            payload_name(copy.payload),
            process_name(copy.from)
        ),
        EventKind::Receive { copy, .. } => {
            say!("{0} receives {1} from {2}", p, payload_name(copy.payload), process_name(copy.from))
        }
        EventKind::Hold { message, wait } => {
            say!("{0} holds {1}: {2}", p, message_name(*message), wait.says(e.process))
        }
        EventKind::Deliver { message, delivered } => {
            say!("{0} delivers {1}: V = {2}", p, message_name(*message), vector(delivered))
        }
        EventKind::Crash => say!("{0} crashes", p),
    }
}
