//! The ordering checker, like the cut checker: from the log alone, whether each of FIFO, causal
//! and total order holds for the deliveries so far, naming every violating pair with its
//! events, and whether every correct process has (or will get) every message some correct
//! process received (the agreement of reliable multicast).
//!
//! - FIFO: if a sender multicast `m` before `m'`, a process that delivers `m'` has delivered `m`.
//! - Causal: if `m → m'` (the multicast of `m` happened before the multicast of `m'`), a process
//!   that delivers `m'` has delivered `m`.
//! - Total: if one process delivered `m` before `m'`, a process that delivers `m'` has delivered
//!   `m` first.
//!
//! Happens-before is the application's: computed here by vector clocks over the multicast and
//! delivery events of the log (a delivery is where a message reaches the application and
//! carries its causal past; a receive into the hold-back queue, a relay or an order is the
//! multicast layer's own business), independently of the protocol that ran.

use crate::say;

use super::super::process_name;
use super::super::topology::ProcessId;
use super::super::words::Sentence;
use super::{message_name, Copy, Event, EventKind, MessageId, Payload};

/// A pair delivered against an order: `process` delivered `later` (at log index `at`) without
/// having delivered `earlier` first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub process: ProcessId,
    pub later: MessageId,
    pub earlier: MessageId,
    /// The log index where `process` delivered `later`.
    pub at: usize,
    /// Where `process` delivered `earlier`, if it did (after `later`).
    pub earlier_at: Option<usize>,
    /// Total order: the process that delivered `earlier` before `later`, and where it delivered
    /// each. FIFO and causal: the sender of `earlier` and where it multicast `earlier` and
    /// `later` (the events that order them).
    pub witness: (ProcessId, usize, usize),
}

/// Reliable multicast's agreement: every correct process receives every message that some
/// correct process received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Agreement {
    Holds,
    /// Some correct process lacks a message, but a copy of it is on its way.
    Pending,
    /// These correct processes will never receive these messages: no copy is on its way.
    Violated(Vec<(ProcessId, MessageId)>),
}

/// The checker's findings for one log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub fifo: Vec<Violation>,
    pub causal: Vec<Violation>,
    pub total: Vec<Violation>,
    pub agreement: Agreement,
    /// ISIS: the messages that will never be agreed (see [`never_agreed`]).
    pub stuck: Vec<Stuck>,
}

/// ISIS: a message some correct process holds that will never get its agreed priority, because
/// `crashed` crashed first: its sender, before it had every proposal, or a member before
/// proposing (the sender waits for every member's proposal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stuck {
    pub message: MessageId,
    pub sender: ProcessId,
    pub crashed: ProcessId,
}

/// What the log says of one multicast.
struct Multicast {
    sender: ProcessId,
    number: u32,
    at: usize,
}

/// The application's vector clock at every event of the log (one entry per member): a
/// multicast ticks; a delivery takes in the clock of the message's multicast, then ticks.
pub fn clocks(members: usize, log: &[Event]) -> Vec<Vec<u32>> {
    let mut now = vec![vec![0u32; members]; members];
    let mut out: Vec<Vec<u32>> = Vec::with_capacity(log.len());
    let mut multicast_at: Vec<usize> = Vec::new();
    for (i, e) in log.iter().enumerate() {
        let p = e.process;
        match e.kind {
            EventKind::Multicast { .. } => {
                multicast_at.push(i);
                now[p][p] += 1;
            }
            EventKind::Deliver { message, .. } => {
                let multicast = (message as usize).checked_sub(1).and_then(|i| multicast_at.get(i));
                if let Some(sent) = multicast.and_then(|&at| out.get(at)) {
                    for (mine, theirs) in now[p].iter_mut().zip(sent) {
                        *mine = (*mine).max(*theirs);
                    }
                }
                now[p][p] += 1;
            }
            _ => {}
        }
        out.push(now[p].clone());
    }
    out
}

/// Does event `a` (at process `pa`) happen before event `b`? By their vector clocks.
fn before(clocks: &[Vec<u32>], a: usize, pa: ProcessId, b: usize) -> bool {
    a != b && clocks[a][pa] <= clocks[b][pa]
}

/// Every multicast `m → m'`, as pairs `(m, m')`, in message order.
pub fn causal_pairs(members: usize, log: &[Event]) -> Vec<(MessageId, MessageId)> {
    let clocks = clocks(members, log);
    let sent = multicasts(log);
    let mut out = Vec::new();
    for (i, a) in sent.iter().enumerate() {
        for (j, b) in sent.iter().enumerate() {
            if before(&clocks, a.at, a.sender, b.at) {
                out.push((i as MessageId + 1, j as MessageId + 1));
            }
        }
    }
    out
}

fn multicasts(log: &[Event]) -> Vec<Multicast> {
    log.iter()
        .enumerate()
        .filter_map(|(at, e)| match e.kind {
            EventKind::Multicast { number, .. } => Some(Multicast { sender: e.process, number, at }),
            _ => None,
        })
        .collect()
}

/// Checks the log of a group of `members` processes.
pub fn check(members: usize, log: &[Event]) -> Verdict {
    let clocks = clocks(members, log);
    let sent = multicasts(log);
    let sender_of = |m: MessageId| (m as usize).checked_sub(1).and_then(|i| sent.get(i));
    // Each process's deliveries, in order, with their log index.
    let mut delivered: Vec<Vec<(MessageId, usize)>> = vec![Vec::new(); members];
    for (at, e) in log.iter().enumerate() {
        if let EventKind::Deliver { message, .. } = e.kind {
            delivered[e.process].push((message, at));
        }
    }
    let position = |p: ProcessId, m: MessageId| delivered[p].iter().position(|&(x, _)| x == m);

    // FIFO and causal: `earlier` must come before `later` at every process that delivers `later`.
    let mut fifo = Vec::new();
    let mut causal = Vec::new();
    for (p, list) in delivered.iter().enumerate() {
        for (k, &(later, at)) in list.iter().enumerate() {
            let Some(l) = sender_of(later) else { continue };
            for (i, e) in sent.iter().enumerate() {
                let earlier = i as MessageId + 1;
                if earlier == later || list[..k].iter().any(|&(x, _)| x == earlier) {
                    continue;
                }
                let earlier_at = position(p, earlier).map(|i| list[i].1);
                let v = Violation { process: p, later, earlier, at, earlier_at, witness: (e.sender, e.at, l.at) };
                if e.sender == l.sender && e.number < l.number {
                    fifo.push(v.clone());
                }
                if before(&clocks, e.at, e.sender, l.at) {
                    causal.push(v);
                }
            }
        }
    }

    // Total: if some process delivered `earlier` before `later`, every process that delivers
    // `later` delivers `earlier` first. One finding per (process, pair).
    let mut total: Vec<Violation> = Vec::new();
    for (p, list) in delivered.iter().enumerate() {
        for (k, &(later, at)) in list.iter().enumerate() {
            for (q, other) in delivered.iter().enumerate() {
                if q == p {
                    continue;
                }
                let Some(ql) = other.iter().position(|&(x, _)| x == later) else { continue };
                for &(earlier, q_earlier_at) in &other[..ql] {
                    if list[..k].iter().any(|&(x, _)| x == earlier) {
                        continue;
                    }
                    if total.iter().any(|v| v.process == p && v.later == later && v.earlier == earlier) {
                        continue;
                    }
                    let earlier_at = position(p, earlier).map(|i| list[i].1);
                    total.push(Violation {
                        process: p,
                        later,
                        earlier,
                        at,
                        earlier_at,
                        witness: (q, q_earlier_at, other[ql].1),
                    });
                }
            }
        }
    }

    Verdict { fifo, causal, total, agreement: agreement(members, log), stuck: never_agreed(members, log) }
}

/// ISIS, from the log alone: every message a correct process has proposed a priority for (and
/// so holds, undeliverable) whose agreement will never come: no `Agree` for it, and its sender
/// has crashed, or some member crashed without proposing for it. Empty for other orderings
/// (their logs hold no proposals).
pub fn never_agreed(members: usize, log: &[Event]) -> Vec<Stuck> {
    let mut crashed = vec![false; members];
    let mut sender: Vec<ProcessId> = Vec::new();
    let mut proposed: Vec<Vec<ProcessId>> = Vec::new();
    let mut agreed: Vec<bool> = Vec::new();
    for e in log {
        match &e.kind {
            EventKind::Multicast { .. } => {
                sender.push(e.process);
                proposed.push(Vec::new());
                agreed.push(false);
            }
            EventKind::Propose { message, .. } => {
                if let Some(list) = (*message as usize).checked_sub(1).and_then(|i| proposed.get_mut(i)) {
                    list.push(e.process);
                }
            }
            EventKind::Agree { message, .. } => {
                if let Some(a) = (*message as usize).checked_sub(1).and_then(|i| agreed.get_mut(i)) {
                    *a = true;
                }
            }
            EventKind::Crash => crashed[e.process] = true,
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (i, list) in proposed.iter().enumerate() {
        if agreed[i] || !list.iter().any(|&q| !crashed[q]) {
            continue;
        }
        let s = sender[i];
        let blocker = if crashed[s] { Some(s) } else { (0..members).find(|&q| crashed[q] && !list.contains(&q)) };
        if let Some(crashed) = blocker {
            out.push(Stuck { message: i as MessageId + 1, sender: s, crashed });
        }
    }
    out
}

/// A message never agreed, in words.
pub fn stuck_says(s: &Stuck) -> Sentence {
    if s.crashed == s.sender {
        say!(
            "{0} will never be agreed: its sender {1} crashed before it had every proposal, so every process holds it, and every message behind it, for ever",
            message_name(s.message),
            process_name(s.sender)
        )
    } else {
        say!(
            "{0} will never be agreed: {1} crashed before proposing a priority for it, and its sender {2} waits for every proposal",
            message_name(s.message),
            process_name(s.crashed),
            process_name(s.sender)
        )
    }
}

/// Agreement, from the log: who has crashed, who received what, which copies are still on
/// their way.
fn agreement(members: usize, log: &[Event]) -> Agreement {
    let mut crashed = vec![false; members];
    let mut received: Vec<Vec<MessageId>> = vec![Vec::new(); members];
    let mut in_flight: Vec<Copy> = Vec::new();
    for e in log {
        let p = e.process;
        match &e.kind {
            EventKind::Multicast { message, to, .. } => {
                received[p].push(*message);
                in_flight.extend(to.iter().map(|&q| Copy { payload: Payload::Message(*message), from: p, to: q }));
            }
            EventKind::Relay { message, to } => {
                in_flight.extend(to.iter().map(|&q| Copy { payload: Payload::Message(*message), from: p, to: q }));
            }
            EventKind::Receive { copy, .. } => {
                in_flight.retain(|c| c != copy);
                if let Payload::Message(m) = copy.payload {
                    if !received[p].contains(&m) {
                        received[p].push(m);
                    }
                }
            }
            EventKind::Crash => crashed[p] = true,
            EventKind::Sequence { .. }
            | EventKind::Propose { .. }
            | EventKind::Agree { .. }
            | EventKind::Hold { .. }
            | EventKind::Deliver { .. } => {}
        }
    }
    let mut missing = Vec::new();
    let mut pending = false;
    let known: Vec<MessageId> = {
        let mut all: Vec<MessageId> =
            (0..members).filter(|&p| !crashed[p]).flat_map(|p| received[p].iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    for q in (0..members).filter(|&q| !crashed[q]) {
        for &m in &known {
            if received[q].contains(&m) {
                continue;
            }
            if in_flight.iter().any(|c| c.to == q && c.payload == Payload::Message(m)) {
                pending = true;
            } else {
                missing.push((q, m));
            }
        }
    }
    if !missing.is_empty() {
        Agreement::Violated(missing)
    } else if pending {
        Agreement::Pending
    } else {
        Agreement::Holds
    }
}

/// A FIFO violation in words: `P2 delivered m3 before m1, but P1 multicast m1 first`.
pub fn fifo_says(v: &Violation) -> Sentence {
    let (p, later, earlier, sender) =
        (process_name(v.process), message_name(v.later), message_name(v.earlier), process_name(v.witness.0));
    match v.earlier_at {
        Some(_) => say!("{0} delivered {1} before {2}, but {3} multicast {2} first", p, later, earlier, sender),
        None => say!("{0} delivered {1} without {2}, which {3} multicast first", p, later, earlier, sender),
    }
}

/// A causal violation in words: `P2 delivered m3 before m1, but m1 → m3`.
pub fn causal_says(v: &Violation) -> Sentence {
    let (p, later, earlier) = (process_name(v.process), message_name(v.later), message_name(v.earlier));
    match v.earlier_at {
        Some(_) => say!("{0} delivered {1} before {2}, but {2} → {1}", p, later, earlier),
        None => say!("{0} delivered {1} without {2}, though {2} → {1}", p, later, earlier),
    }
}

/// A total-order violation in words: `P3 delivered m2 before m1, but P2 delivered m1 before m2`.
pub fn total_says(v: &Violation) -> Sentence {
    let (p, later, earlier, q) =
        (process_name(v.process), message_name(v.later), message_name(v.earlier), process_name(v.witness.0));
    match v.earlier_at {
        Some(_) => say!("{0} delivered {1} before {2}, but {3} delivered {2} before {1}", p, later, earlier, q),
        None => say!("{0} delivered {1} without {2}, but {3} delivered {2} before {1}", p, later, earlier, q),
    }
}

/// Agreement in words.
pub fn agreement_says(a: &Agreement) -> Sentence {
    match a {
        Agreement::Holds => say!("every correct process has every message a correct process received"),
        Agreement::Pending => say!("some copies are still on their way"),
        Agreement::Violated(missing) => {
            let parts = missing
                .iter()
                .map(|&(q, m)| say!("{0} will never receive {1}", process_name(q), message_name(m)))
                .collect();
            Sentence::comma_list(parts)
        }
    }
}
