//! The multicast lab's link: `v1.mc.<payload>`, the whole multicast scenario in the URL
//! fragment, beside the snapshot lab's `v1.<payload>` (which never holds a `.`: base64url has
//! none, so the two cannot be confused, and every existing link decodes as before).
//!
//! The payload is base64url without padding of this binary form (varints as in [`super::link`]):
//!
//! | field | encoding |
//! | --- | --- |
//! | settings | one byte: bits 0–1 the order (`0` none, `1` FIFO, `2` causal, `3` total), `0x04` reliable multicast, `0x08` a cursor follows the actions, `0x10` total order by agreed priorities (ISIS) rather than a sequencer (only with order `3`); other bits are an error |
//! | member count | varint, 2 to 8 |
//! | action count | varint, at most [`crate::sim::limits::MAX_ACTIONS`] |
//! | actions | a tag byte each (below) |
//! | cursor (`0x08`) | varint, at most the action count |
//!
//! Action tags: `0x1p` multicast from process `p`; `0x2p` a multicast from `p` that reaches only
//! some members, then one byte with bit `q` set for each member `q` reached, then `p` crashes;
//! `0x30` receive a copy of `m<n>`: `n`, then the byte `from << 4 | to`; `0x31` receive a
//! sequencer's order: the message's `n`, the order number, the byte `from << 4 | to`; `0x32`
//! receive an ISIS proposal and `0x33` an ISIS agreed priority: the message's `n`, the
//! priority's count (a varint from 1), a byte naming the priority's process, the byte
//! `from << 4 | to`; `0x4p` crash of `p`. Every other tag is an error.
//!
//! ISIS came later: the bit `0x10` and the tags `0x32`, `0x33` were errors before, so every
//! earlier link decodes exactly as it did.
//!
//! [`decode`] checks the structure and never panics; whether each action can be taken is the
//! replay's business ([`crate::sim::multicast::Scenario::replay`]), as for the snapshot lab.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::say;
use crate::sim::multicast::{
    Action, Copy, Order, Payload, Priority, Reliability, Scenario, Setup, MAX_MEMBERS, MIN_MEMBERS,
};

use super::link::{base64_bytes, invalid, payload, put_varint, Field, LinkError, Reader, PREFIX};

/// What follows `v1.` in a multicast link.
pub const ROUTE: &str = "mc.";

const RELIABLE: u8 = 0x04;
const CURSOR: u8 = 0x08;
const ISIS: u8 = 0x10;
const KNOWN: u8 = 0x1F;

const TAG_MULTICAST: u8 = 0x10;
const TAG_PARTIAL: u8 = 0x20;
const TAG_RECEIVE: u8 = 0x30;
const TAG_RECEIVE_ORDER: u8 = 0x31;
const TAG_RECEIVE_PROPOSAL: u8 = 0x32;
const TAG_RECEIVE_AGREED: u8 = 0x33;
const TAG_CRASH: u8 = 0x40;

/// Is this fragment, URL or bare link a multicast link (`v1.mc.…`)?
pub fn is_multicast(input: &str) -> bool {
    matches!(payload(input), Ok((text, _)) if text.starts_with(ROUTE))
}

fn pair(from: usize, to: usize) -> u8 {
    (((from & 0x0F) << 4) | (to & 0x0F)) as u8
}

/// The payload bytes of a multicast scenario, before base64.
pub fn to_bytes(s: &Scenario) -> Vec<u8> {
    let order = match s.setup.order {
        Order::Unordered => 0,
        Order::Fifo => 1,
        Order::Causal => 2,
        Order::Total => 3,
        Order::Agreed => 3 | ISIS,
    };
    let mut settings = order;
    if s.setup.reliability == Reliability::Reliable {
        settings |= RELIABLE;
    }
    if s.cursor.is_some() {
        settings |= CURSOR;
    }
    let mut out = vec![settings];
    put_varint(&mut out, s.setup.members as u64);
    put_varint(&mut out, s.actions.len() as u64);
    for a in &s.actions {
        match a {
            Action::Multicast { from, reach: None } => out.push(TAG_MULTICAST | *from as u8),
            Action::Multicast { from, reach: Some(reach) } => {
                out.push(TAG_PARTIAL | *from as u8);
                out.push(reach.iter().fold(0u8, |bits, &q| bits | (1 << q)));
            }
            Action::Receive(Copy { payload: Payload::Message(m), from, to }) => {
                out.push(TAG_RECEIVE);
                put_varint(&mut out, u64::from(*m));
                out.push(pair(*from, *to));
            }
            Action::Receive(Copy { payload: Payload::Order { message, number }, from, to }) => {
                out.push(TAG_RECEIVE_ORDER);
                put_varint(&mut out, u64::from(*message));
                put_varint(&mut out, u64::from(*number));
                out.push(pair(*from, *to));
            }
            Action::Receive(Copy { payload: Payload::Proposal { message, priority }, from, to })
            | Action::Receive(Copy { payload: Payload::Agreed { message, priority }, from, to }) => {
                let proposal = matches!(a, Action::Receive(Copy { payload: Payload::Proposal { .. }, .. }));
                out.push(if proposal { TAG_RECEIVE_PROPOSAL } else { TAG_RECEIVE_AGREED });
                put_varint(&mut out, u64::from(*message));
                put_varint(&mut out, u64::from(priority.count));
                out.push(priority.process as u8);
                out.push(pair(*from, *to));
            }
            Action::Crash(p) => out.push(TAG_CRASH | *p as u8),
        }
    }
    if let Some(cursor) = s.cursor {
        put_varint(&mut out, cursor as u64);
    }
    out
}

/// The link of a multicast scenario (without any `…#`): `v1.mc.<payload>`.
pub fn encode(s: &Scenario) -> String {
    format!("{PREFIX}{ROUTE}{}", URL_SAFE_NO_PAD.encode(to_bytes(s)))
}

/// Decodes a multicast link: a full URL, a fragment or a bare `v1.mc.…`; anything after an `&`
/// is ignored, as for the snapshot lab's links.
pub fn decode(input: &str) -> Result<Scenario, LinkError> {
    let (text, start) = payload(input)?;
    let Some(rest) = text.strip_prefix(ROUTE) else {
        return Err(LinkError::NotALink);
    };
    from_bytes(&base64_bytes(input, rest, start + ROUTE.len())?)
}

/// Decodes the payload bytes (after base64).
pub fn from_bytes(bytes: &[u8]) -> Result<Scenario, LinkError> {
    let mut r = Reader { bytes, pos: 0 };
    let settings = r.flags(Field::Settings, KNOWN)?;
    let mut order = [Order::Unordered, Order::Fifo, Order::Causal, Order::Total][usize::from(settings & 0x03)];
    if settings & ISIS != 0 {
        if order != Order::Total {
            return Err(invalid(
                0,
                Field::Settings,
                say!("agreed priorities (ISIS) need the order bits of total order"),
            ));
        }
        order = Order::Agreed;
    }
    let reliability = if settings & RELIABLE != 0 { Reliability::Reliable } else { Reliability::Basic };
    let start = r.pos;
    let n = r.varint(Field::ProcessCount)?;
    if !(MIN_MEMBERS as u64..=MAX_MEMBERS as u64).contains(&n) {
        return Err(invalid(
            start,
            Field::ProcessCount,
            say!("a group has {0} to {1} members, not {2}", MIN_MEMBERS, MAX_MEMBERS, n),
        ));
    }
    let n = n as usize;
    let count = r.action_count()?;
    // Every action takes at least one byte: never reserve more than the bytes left.
    let mut actions = Vec::with_capacity(count.min(r.remaining()));
    for action in 0..count {
        let at = r.pos;
        let tag = r.byte(Field::ActionTag { action })?;
        let a = match tag & 0xF0 {
            TAG_MULTICAST => {
                Action::Multicast { from: r.process(Field::Process { action }, n, tag & 0x0F, at)?, reach: None }
            }
            TAG_PARTIAL => {
                let from = r.process(Field::Process { action }, n, tag & 0x0F, at)?;
                let bits_at = r.pos;
                let bits = r.byte(Field::Processes { action })?;
                if u32::from(bits) >> n != 0 || bits & (1 << from) != 0 {
                    return Err(invalid(
                        bits_at,
                        Field::Processes { action },
                        say!("the members reached must be other members of the group of {0}", n),
                    ));
                }
                Action::Multicast { from, reach: Some((0..n).filter(|&q| bits & (1 << q) != 0).collect()) }
            }
            TAG_CRASH => Action::Crash(r.process(Field::Process { action }, n, tag & 0x0F, at)?),
            _ if tag == TAG_RECEIVE => {
                let m = r.u32_at_least_1(Field::MessageNumber { action })?;
                let c = r.pair(Field::Processes { action }, n)?;
                Action::Receive(Copy { payload: Payload::Message(m), from: c.from, to: c.to })
            }
            _ if tag == TAG_RECEIVE_ORDER => {
                let message = r.u32_at_least_1(Field::MessageNumber { action })?;
                let num = r.u32_at_least_1(Field::OrderNumber { action })?;
                let c = r.pair(Field::Processes { action }, n)?;
                Action::Receive(Copy { payload: Payload::Order { message, number: num }, from: c.from, to: c.to })
            }
            _ if tag == TAG_RECEIVE_PROPOSAL || tag == TAG_RECEIVE_AGREED => {
                let message = r.u32_at_least_1(Field::MessageNumber { action })?;
                let count = r.u32_at_least_1(Field::Priority { action })?;
                let process_at = r.pos;
                let process = r.byte(Field::Priority { action })?;
                let process = r.process(Field::Priority { action }, n, process, process_at)?;
                let priority = Priority { count, process };
                let c = r.pair(Field::Processes { action }, n)?;
                let payload = if tag == TAG_RECEIVE_PROPOSAL {
                    Payload::Proposal { message, priority }
                } else {
                    Payload::Agreed { message, priority }
                };
                Action::Receive(Copy { payload, from: c.from, to: c.to })
            }
            _ => {
                return Err(invalid(
                    at,
                    Field::ActionTag { action },
                    say!("unknown action tag {0}", format!("{tag:#04x}")),
                ))
            }
        };
        actions.push(a);
    }
    let cursor = if settings & CURSOR != 0 { Some(r.cursor(actions.len())?) } else { None };
    r.finish()?;
    Ok(Scenario { setup: Setup { members: n, order, reliability }, actions, cursor })
}
