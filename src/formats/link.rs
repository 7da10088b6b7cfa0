//! The `v1.` scenario link: the whole scenario (topology, initial states, actions, seed and
//! view options) in the URL fragment, `index.html#v1.<payload>`.
//!
//! The payload is base64url without padding (`A–Z a–z 0–9 - _`, nothing to escape) of this
//! binary form. Numbers are LEB128 varints (minimal: no redundant zero byte); signed numbers
//! are zigzag-encoded first; byte offsets in errors count from 0 in the decoded bytes.
//!
//! | field | encoding |
//! | --- | --- |
//! | flags | one byte: `0x01` non-FIFO, `0x02` unit tokens, `0x04` explicit channels, `0x08` labels present, `0x10` view section present, `0x20` the Lai–Yang algorithm (added later: links without it are Chandy–Lamport, as before), `0x40` seed 000's marker rule, no marker back to the first marker's sender (added later: links without it send a marker on every outgoing channel, as before), `0x80` a second flags byte follows (added later: links without it decode as before); other bits are an error |
//! | more flags (flag `0x80`) | one byte: `0x01` positions present (added by the scenario editor: links without it draw the diagram's own layout, as before); other bits are an error, and a byte of `0x00` too (the encoder writes this byte only when a bit of it is set) |
//! | process count | varint, 2 to 16 |
//! | initial states | one zigzag varint per process |
//! | labels (flag `0x08`) | per process a varint `L`: `0` is the default label `P<n>`, otherwise `L − 1` bytes of UTF-8 follow |
//! | channels (flag `0x04`) | a bitmap over the ordered pairs `(from, to)`, `from ≠ to`, in order; bit `k` is bit `k % 8` of byte `k / 8`; unused bits are 0 |
//! | seed | varint |
//! | action count | varint, at most [`MAX_ACTIONS`] |
//! | actions | a tag byte each (below) |
//! | view (flag `0x10`) | the cursor, a varint at most the action count |
//! | positions (flag `0x80`) | per process its `x` then its `y` in the process diagram, varints at most [`MAX_POSITION`] |
//!
//! Action tags: `0x1p` snapshot at process `p`; `0x2p` join at `p`, then the snapshot id;
//! `0x3p` internal event at `p`, then the zigzag change; `0x40` send of a positive amount and
//! `0x41` send of zero or a negative amount, then one byte `from << 4 | to`, then the amount's
//! magnitude; `0x50` deliver `m<n>`, then `n`; `0x60` deliver a marker, then the snapshot id
//! and one byte `from << 4 | to`. Faults: `0x80` drop `m<n>`, then `n`; `0x81` drop a marker,
//! then the snapshot id and the pair byte; `0x82` and `0x83` the same for duplicate; `0x9p`
//! crash of process `p`. Added later: `0xA0` a process waits for a message, then the pair
//! byte `on << 4 | process` (the channel it waits on).
//! Every other tag is an error.
//!
//! [`decode`] checks every count and length against [`crate::sim::limits`] before allocating,
//! rejects trailing bytes, and never panics: every problem is a [`LinkError`] saying what was
//! being read and where. The format is prefix-free, so a truncated link is always an error.
//! [`encode`] and [`decode`] are inverse for every scenario within the limits.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use std::fmt;

use crate::say;

use crate::sim::action::{Action, MessageRef};
use crate::sim::limits::{
    MAX_ACTIONS, MAX_AMOUNT, MAX_LABEL_CHARS, MAX_POSITION, MAX_PROCESSES, MAX_SCENARIO_BYTES, MIN_PROCESSES,
};
use crate::sim::process_name;
use crate::sim::scenario::{Scenario, ViewOptions};
use crate::sim::topology::{Algorithm, Channel, Discipline, MarkerRule, ProcessSpec, Topology, TopologyError, Unit};
use crate::sim::words::{Says, Sentence};

/// The version tag every link starts with.
pub const PREFIX: &str = "v1.";

const FLAG_NON_FIFO: u8 = 0x01;
const FLAG_TOKENS: u8 = 0x02;
const FLAG_EXPLICIT_CHANNELS: u8 = 0x04;
const FLAG_LABELS: u8 = 0x08;
const FLAG_VIEW: u8 = 0x10;
const FLAG_LAI_YANG: u8 = 0x20;
const FLAG_SKIP_SENDER: u8 = 0x40;
/// A second flags byte follows the first.
const FLAG_MORE: u8 = 0x80;
const KNOWN_FLAGS: u8 = 0xFF;
/// In the second flags byte, added by the scenario editor: where each process is drawn, after
/// the view section.
const MORE_POSITIONS: u8 = 0x01;
const KNOWN_MORE: u8 = 0x01;

const TAG_SNAPSHOT: u8 = 0x10;
const TAG_JOIN: u8 = 0x20;
const TAG_INTERNAL: u8 = 0x30;
const TAG_SEND_POSITIVE: u8 = 0x40;
const TAG_SEND_OTHER: u8 = 0x41;
const TAG_DELIVER: u8 = 0x50;
const TAG_DELIVER_MARKER: u8 = 0x60;
/// Faults: `0x80` drop `m<n>`, `0x81` drop a marker, `0x82` duplicate `m<n>`, `0x83`
/// duplicate a marker (fields as for deliver); `0x9p` crash of process `p`. (`0x70` stays
/// unused: tests use it as the example of an unknown tag.)
const TAG_FAULT: u8 = 0x80;
const FAULT_DROP: u8 = 0x00;
const FAULT_DROP_MARKER: u8 = 0x01;
const FAULT_DUPLICATE: u8 = 0x02;
const FAULT_DUPLICATE_MARKER: u8 = 0x03;
const TAG_CRASH: u8 = 0x90;
/// `0xA0` wait, then the byte `on << 4 | process` (the channel it waits on). Added later:
/// older links never hold it.
const TAG_WAIT: u8 = 0xA0;

/// What the decoder was reading when it met a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Flags,
    ProcessCount,
    InitialState {
        process: usize,
    },
    Label {
        process: usize,
    },
    Channels,
    Seed,
    ActionCount,
    /// The tag byte of an action (0-based index).
    ActionTag {
        action: usize,
    },
    /// The process named in the tag byte of an action.
    Process {
        action: usize,
    },
    /// The byte naming the two processes of an action.
    Processes {
        action: usize,
    },
    Amount {
        action: usize,
    },
    MessageNumber {
        action: usize,
    },
    Snapshot {
        action: usize,
    },
    Change {
        action: usize,
    },
    Cursor,
    /// Where a process is drawn.
    Position {
        process: usize,
    },
    /// Multicast links: the settings byte.
    Settings,
    /// Multicast links: the order number a sequencer's order carries.
    OrderNumber {
        action: usize,
    },
    /// Multicast links: the priority an ISIS proposal or agreement carries.
    Priority {
        action: usize,
    },
}

impl Says for Field {
    /// The field in words, e.g. `the amount of action 3`.
    fn sentence(&self) -> Sentence {
        match *self {
            Field::Flags => say!("the flags byte"),
            Field::ProcessCount => say!("the number of processes"),
            Field::InitialState { process } => say!("the initial state of {0}", process_name(process)),
            Field::Label { process } => say!("the label of {0}", process_name(process)),
            Field::Channels => say!("the channel bitmap"),
            Field::Seed => say!("the seed"),
            Field::ActionCount => say!("the number of actions"),
            Field::ActionTag { action } => say!("the kind of action {0}", action + 1),
            Field::Process { action } => say!("the process of action {0}", action + 1),
            Field::Processes { action } => say!("the processes of action {0}", action + 1),
            Field::Amount { action } => say!("the amount of action {0}", action + 1),
            Field::MessageNumber { action } => say!("the message number of action {0}", action + 1),
            Field::Snapshot { action } => say!("the snapshot of action {0}", action + 1),
            Field::Change { action } => say!("the change of action {0}", action + 1),
            Field::Cursor => say!("the cursor"),
            Field::Position { process } => say!("the position of {0}", process_name(process)),
            Field::Settings => say!("the settings byte"),
            Field::OrderNumber { action } => say!("the order number of action {0}", action + 1),
            Field::Priority { action } => say!("the priority of action {0}", action + 1),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

/// Why a link cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Nothing to decode.
    Empty,
    /// More than [`MAX_SCENARIO_BYTES`] bytes.
    TooLong { bytes: usize },
    /// No `v<n>.` version tag where the payload should start.
    NotALink,
    /// A version tag other than `v1`.
    UnknownVersion { version: String },
    /// A character that is not base64url, at a 1-based character position of the input.
    BadCharacter { position: usize, found: char },
    /// A payload whose length no byte string encodes to (a character missing or extra).
    BadLength { characters: usize },
    /// The last character of the payload has bits that no byte string encodes to.
    BadLastCharacter { position: usize },
    /// The bytes end while `field` was being read.
    Truncated { byte: usize, field: Field },
    /// A value that cannot be right, at a 0-based byte offset of the decoded payload.
    Invalid { byte: usize, field: Field, problem: Sentence },
    /// Bytes after the end of the scenario.
    TrailingBytes { byte: usize, count: usize },
    /// The processes and channels do not make a valid topology.
    Topology { byte: usize, error: TopologyError },
}

impl LinkError {
    /// The 0-based byte offset in the decoded payload, for errors found there.
    pub fn byte(&self) -> Option<usize> {
        match *self {
            LinkError::Truncated { byte, .. }
            | LinkError::Invalid { byte, .. }
            | LinkError::TrailingBytes { byte, .. }
            | LinkError::Topology { byte, .. } => Some(byte),
            _ => None,
        }
    }
}

impl Says for LinkError {
    /// Why the link cannot be opened, in words.
    fn sentence(&self) -> Sentence {
        match self {
            LinkError::Empty => say!("the link is empty"),
            LinkError::TooLong { bytes } => say!("link is {0} characters; the limit is {1}", bytes, MAX_SCENARIO_BYTES),
            LinkError::NotALink => {
                say!("not a Snapshot Lab link: expected `{0}` and the scenario after it (…#{0}…)", PREFIX)
            }
            LinkError::UnknownVersion { version } => {
                say!("unknown version {0}: this link was made by a newer Snapshot Lab", version)
            }
            LinkError::BadCharacter { position, found } => say!(
                "character {0} of the link, {1}, cannot be part of a scenario (only A–Z, a–z, 0–9, - and _ can)",
                position,
                format!("{found:?}")
            ),
            LinkError::BadLength { characters } => say!(
                "the scenario part of the link has {0} characters, which is one too many or too few: the link was cut or mistyped",
                characters
            ),
            LinkError::BadLastCharacter { position } => {
                say!("character {0}, the last of the link, is wrong: the link was cut or mistyped", position)
            }
            LinkError::Truncated { byte, field } => say!("truncated at byte {0} while reading {1}", byte, field.sentence()),
            LinkError::Invalid { byte, field, problem } => say!("{0} at byte {1} is not valid: {2}", field.sentence(), byte, problem),
            LinkError::TrailingBytes { byte, count } => {
                say!("{0} unexpected byte(s) at byte {1}, after the end of the scenario", count, byte)
            }
            LinkError::Topology { byte, error } => say!("bad topology (ending at byte {0}): {1}", byte, error.sentence()),
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl std::error::Error for LinkError {}

// ---------------------------------------------------------------------------------------
// Encoding

pub(super) fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

fn pair(from: usize, to: usize) -> u8 {
    (((from & 0x0F) << 4) | (to & 0x0F)) as u8
}

/// The payload bytes of a scenario, before base64.
pub fn to_bytes(scenario: &Scenario) -> Vec<u8> {
    let t = &scenario.topology;
    let n = t.process_count();
    let labels = t.processes().iter().enumerate().any(|(p, spec)| spec.label != process_name(p));
    let mut flags = 0;
    if t.discipline == Discipline::NonFifo {
        flags |= FLAG_NON_FIFO;
    }
    if t.markers == MarkerRule::SkipSender {
        flags |= FLAG_SKIP_SENDER;
    }
    if t.algorithm == Algorithm::LaiYang {
        flags |= FLAG_LAI_YANG;
    }
    if t.unit == Unit::Tokens {
        flags |= FLAG_TOKENS;
    }
    if !t.is_complete() {
        flags |= FLAG_EXPLICIT_CHANNELS;
    }
    if labels {
        flags |= FLAG_LABELS;
    }
    if scenario.view.cursor.is_some() {
        flags |= FLAG_VIEW;
    }
    let mut more = 0;
    if t.positions().is_some() {
        more |= MORE_POSITIONS;
    }
    if more != 0 {
        flags |= FLAG_MORE;
    }
    let mut out = vec![flags];
    if more != 0 {
        out.push(more);
    }
    put_varint(&mut out, n as u64);
    for spec in t.processes() {
        put_varint(&mut out, zigzag(spec.initial));
    }
    if labels {
        for (p, spec) in t.processes().iter().enumerate() {
            if spec.label == process_name(p) {
                put_varint(&mut out, 0);
            } else {
                put_varint(&mut out, spec.label.len() as u64 + 1);
                out.extend_from_slice(spec.label.as_bytes());
            }
        }
    }
    if !t.is_complete() {
        let mut bitmap = vec![0u8; (n * (n - 1)).div_ceil(8)];
        for (k, (from, to)) in ordered_pairs(n).enumerate() {
            if t.channel_id(from, to).is_some() {
                bitmap[k / 8] |= 1 << (k % 8);
            }
        }
        out.extend_from_slice(&bitmap);
    }
    put_varint(&mut out, scenario.seed);
    put_varint(&mut out, scenario.actions.len() as u64);
    for action in &scenario.actions {
        match *action {
            Action::Snapshot { process } => out.push(TAG_SNAPSHOT | (process & 0x0F) as u8),
            Action::Join { process, snapshot } => {
                out.push(TAG_JOIN | (process & 0x0F) as u8);
                put_varint(&mut out, snapshot.into());
            }
            Action::Internal { process, delta } => {
                out.push(TAG_INTERNAL | (process & 0x0F) as u8);
                put_varint(&mut out, zigzag(delta));
            }
            Action::Send { from, to, amount } => {
                out.push(if amount > 0 { TAG_SEND_POSITIVE } else { TAG_SEND_OTHER });
                out.push(pair(from, to));
                put_varint(&mut out, amount.unsigned_abs());
            }
            Action::Deliver { message: MessageRef::App { number } } => {
                out.push(TAG_DELIVER);
                put_varint(&mut out, number.into());
            }
            Action::Deliver { message: MessageRef::Marker { snapshot, channel } } => {
                out.push(TAG_DELIVER_MARKER);
                put_varint(&mut out, snapshot.into());
                out.push(pair(channel.from, channel.to));
            }
            Action::Drop { message } | Action::Duplicate { message } => {
                let duplicate = if matches!(action, Action::Duplicate { .. }) { FAULT_DUPLICATE } else { FAULT_DROP };
                match message {
                    MessageRef::App { number } => {
                        out.push(TAG_FAULT | duplicate);
                        put_varint(&mut out, number.into());
                    }
                    MessageRef::Marker { snapshot, channel } => {
                        out.push(TAG_FAULT | duplicate | FAULT_DROP_MARKER);
                        put_varint(&mut out, snapshot.into());
                        out.push(pair(channel.from, channel.to));
                    }
                }
            }
            Action::Crash { process } => out.push(TAG_CRASH | (process & 0x0F) as u8),
            Action::Wait { process, on } => {
                out.push(TAG_WAIT);
                out.push(pair(on, process));
            }
        }
    }
    if let Some(cursor) = scenario.view.cursor {
        put_varint(&mut out, cursor.into());
    }
    for &(x, y) in t.positions().unwrap_or_default() {
        put_varint(&mut out, x.into());
        put_varint(&mut out, y.into());
    }
    out
}

/// The `v1.` link of a scenario (without any `…#`): `v1.<payload>`.
pub fn encode(scenario: &Scenario) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(to_bytes(scenario)))
}

/// The ordered pairs of distinct processes, in order.
fn ordered_pairs(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).flat_map(move |from| (0..n).filter(move |&to| to != from).map(move |to| (from, to)))
}

// ---------------------------------------------------------------------------------------
// Decoding

pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
}

impl Reader<'_> {
    pub(super) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub(super) fn byte(&mut self, field: Field) -> Result<u8, LinkError> {
        let b = *self.bytes.get(self.pos).ok_or(LinkError::Truncated { byte: self.pos, field })?;
        self.pos += 1;
        Ok(b)
    }

    pub(super) fn varint(&mut self, field: Field) -> Result<u64, LinkError> {
        let start = self.pos;
        let mut value: u64 = 0;
        for i in 0..10 {
            let b = self.byte(field)?;
            let bits = u64::from(b & 0x7F);
            if i == 9 && b > 1 {
                return Err(invalid(start, field, say!("the number is too large")));
            }
            value |= bits << (7 * i);
            if b & 0x80 == 0 {
                if b == 0 && i > 0 {
                    return Err(invalid(start, field, say!("the number has a redundant zero byte")));
                }
                return Ok(value);
            }
        }
        Err(invalid(start, field, say!("the number is too large")))
    }

    fn signed(&mut self, field: Field, limit: i64) -> Result<i64, LinkError> {
        let start = self.pos;
        let value = unzigzag(self.varint(field)?);
        if value.unsigned_abs() > limit.unsigned_abs() {
            return Err(invalid(start, field, say!("{0} is larger than the limit of {1} in size", value, limit)));
        }
        Ok(value)
    }

    /// The first byte, whose bits outside `known` must be clear (a newer link, or damage).
    pub(super) fn flags(&mut self, field: Field, known: u8) -> Result<u8, LinkError> {
        let flags = self.byte(field)?;
        if flags & !known != 0 {
            return Err(invalid(
                0,
                field,
                say!(
                    "unknown flag bits {0}: this link was made by a newer Snapshot Lab or is damaged",
                    format!("{:#04x}", flags & !known)
                ),
            ));
        }
        Ok(flags)
    }

    /// The second flags byte: bits outside `known` must be clear, and one bit at least set.
    fn more_flags(&mut self, known: u8) -> Result<u8, LinkError> {
        let start = self.pos;
        let more = self.byte(Field::Flags)?;
        if more & !known != 0 {
            return Err(invalid(
                start,
                Field::Flags,
                say!(
                    "unknown flag bits {0}: this link was made by a newer Snapshot Lab or is damaged",
                    format!("{:#04x}", more & !known)
                ),
            ));
        }
        if more == 0 {
            return Err(invalid(start, Field::Flags, say!("a second flags byte with no flag set")));
        }
        Ok(more)
    }

    /// The number of actions, at most [`MAX_ACTIONS`].
    pub(super) fn action_count(&mut self) -> Result<usize, LinkError> {
        let start = self.pos;
        let count = self.varint(Field::ActionCount)?;
        if count > MAX_ACTIONS as u64 {
            return Err(invalid(
                start,
                Field::ActionCount,
                say!("{0} actions is more than the limit of {1}", count, MAX_ACTIONS),
            ));
        }
        Ok(count as usize)
    }

    /// The timeline's cursor, at most `count` (the number of actions).
    pub(super) fn cursor(&mut self, count: usize) -> Result<usize, LinkError> {
        let start = self.pos;
        let cursor = self.varint(Field::Cursor)?;
        if cursor > count as u64 {
            return Err(invalid(
                start,
                Field::Cursor,
                say!("{0} is past the end: the scenario has {1} actions", cursor, count),
            ));
        }
        Ok(cursor as usize)
    }

    /// The end: no byte may follow the scenario.
    pub(super) fn finish(&self) -> Result<(), LinkError> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(LinkError::TrailingBytes { byte: self.pos, count }),
        }
    }

    pub(super) fn u32_at_least_1(&mut self, field: Field) -> Result<u32, LinkError> {
        let start = self.pos;
        let value = self.varint(field)?;
        match u32::try_from(value) {
            Ok(v) if v >= 1 => Ok(v),
            _ => Err(invalid(start, field, say!("{0} is not between 1 and {1}", value, u32::MAX))),
        }
    }

    pub(super) fn process(&mut self, field: Field, n: usize, nibble: u8, start: usize) -> Result<usize, LinkError> {
        let p = usize::from(nibble);
        if p >= n {
            return Err(invalid(
                start,
                field,
                say!("it names {0}, but the scenario has {1} processes", process_name(p), n),
            ));
        }
        Ok(p)
    }

    pub(super) fn pair(&mut self, field: Field, n: usize) -> Result<Channel, LinkError> {
        let start = self.pos;
        let b = self.byte(field)?;
        let from = self.process(field, n, b >> 4, start)?;
        let to = self.process(field, n, b & 0x0F, start)?;
        Ok(Channel { from, to })
    }
}

pub(super) fn invalid(byte: usize, field: Field, problem: Sentence) -> LinkError {
    LinkError::Invalid { byte, field, problem }
}

/// The payload text of a link (the part after `#v1.`, or after `v1.` at the start, up to
/// any `&` options) and its byte offset in the input. Checks the size and the version tag.
pub(super) fn payload(input: &str) -> Result<(&str, usize), LinkError> {
    if input.len() > MAX_SCENARIO_BYTES {
        return Err(LinkError::TooLong { bytes: input.len() });
    }
    let trimmed_start = input.len() - input.trim_start().len();
    let text = input.trim();
    if text.is_empty() {
        return Err(LinkError::Empty);
    }
    let (fragment, offset) = match text.find('#') {
        Some(i) => (&text[i + 1..], trimmed_start + i + 1),
        None => (text, trimmed_start),
    };
    let fragment = fragment.split('&').next().unwrap_or("");
    let Some(rest) = fragment.strip_prefix('v') else {
        return Err(LinkError::NotALink);
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || rest.as_bytes().get(digits) != Some(&b'.') {
        return Err(LinkError::NotALink);
    }
    let version = &rest[..digits];
    if version != "1" {
        return Err(LinkError::UnknownVersion { version: format!("v{version}") });
    }
    // The payload starts after `v1.`; report positions in characters of the whole input.
    let start = offset + PREFIX.len();
    Ok((&fragment[PREFIX.len()..], start))
}

/// Decodes a link: a full URL (`https://…/index.html#v1.…`), a fragment (`#v1.…`) or a bare
/// `v1.…` payload. Anything after an `&` following the payload is ignored (view options
/// that later versions of the page may add, like `&embed`).
pub fn decode(input: &str) -> Result<Scenario, LinkError> {
    let (text, start) = payload(input)?;
    from_bytes(&base64_bytes(input, text, start)?)
}

/// The bytes of a base64url payload `text` that starts at byte `start` of `input` (errors
/// count characters of the whole input, from 1).
pub(super) fn base64_bytes(input: &str, text: &str, start: usize) -> Result<Vec<u8>, LinkError> {
    let first_char = input[..start].chars().count() + 1;
    if let Some((i, c)) = text.chars().enumerate().find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(LinkError::BadCharacter { position: first_char + i, found: c });
    }
    if text.len() % 4 == 1 {
        return Err(LinkError::BadLength { characters: text.len() });
    }
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| LinkError::BadLastCharacter { position: first_char + text.len().saturating_sub(1) })
}

/// Decodes the payload bytes (after base64).
pub fn from_bytes(bytes: &[u8]) -> Result<Scenario, LinkError> {
    let mut r = Reader { bytes, pos: 0 };
    let flags = r.flags(Field::Flags, KNOWN_FLAGS)?;
    let more = if flags & FLAG_MORE != 0 { r.more_flags(KNOWN_MORE)? } else { 0 };
    let start = r.pos;
    let n = r.varint(Field::ProcessCount)?;
    if !(MIN_PROCESSES as u64..=MAX_PROCESSES as u64).contains(&n) {
        return Err(invalid(
            start,
            Field::ProcessCount,
            say!("a scenario has {0} to {1} processes, not {2}", MIN_PROCESSES, MAX_PROCESSES, n),
        ));
    }
    let n = n as usize;
    let mut processes = Vec::with_capacity(n);
    for p in 0..n {
        let initial = r.signed(Field::InitialState { process: p }, MAX_AMOUNT)?;
        processes.push(ProcessSpec { label: process_name(p), initial });
    }
    if flags & FLAG_LABELS != 0 {
        for (p, spec) in processes.iter_mut().enumerate() {
            let field = Field::Label { process: p };
            let start = r.pos;
            let len = r.varint(field)?;
            if len == 0 {
                continue;
            }
            let len = len - 1;
            if len > (MAX_LABEL_CHARS * 4) as u64 {
                return Err(invalid(
                    start,
                    field,
                    say!("{0} bytes is longer than any label of {1} characters", len, MAX_LABEL_CHARS),
                ));
            }
            let len = len as usize;
            if len > r.remaining() {
                return Err(LinkError::Truncated { byte: bytes.len(), field });
            }
            let raw = &bytes[r.pos..r.pos + len];
            let label = std::str::from_utf8(raw)
                .map_err(|e| invalid(r.pos + e.valid_up_to(), field, say!("the label is not valid UTF-8")))?;
            let chars = label.chars().count();
            if chars > MAX_LABEL_CHARS {
                return Err(invalid(
                    start,
                    field,
                    say!("{0} characters is more than the limit of {1}", chars, MAX_LABEL_CHARS),
                ));
            }
            r.pos += len;
            spec.label = label.to_string();
        }
    }
    let topology_start = r.pos;
    let discipline = if flags & FLAG_NON_FIFO != 0 { Discipline::NonFifo } else { Discipline::Fifo };
    let unit = if flags & FLAG_TOKENS != 0 { Unit::Tokens } else { Unit::Balance };
    let topology = if flags & FLAG_EXPLICIT_CHANNELS != 0 {
        let pairs = n * (n - 1);
        let len = pairs.div_ceil(8);
        if len > r.remaining() {
            return Err(LinkError::Truncated { byte: bytes.len(), field: Field::Channels });
        }
        let bitmap = &bytes[r.pos..r.pos + len];
        if !pairs.is_multiple_of(8) && bitmap[len - 1] >> (pairs % 8) != 0 {
            return Err(invalid(
                r.pos + len - 1,
                Field::Channels,
                say!("bits beyond the last pair of processes are set"),
            ));
        }
        r.pos += len;
        let channels = ordered_pairs(n)
            .enumerate()
            .filter(|(k, _)| bitmap[k / 8] & (1 << (k % 8)) != 0)
            .map(|(_, (from, to))| Channel { from, to })
            .collect();
        Topology::new(processes, channels, discipline, unit)
    } else {
        Topology::complete(processes, discipline, unit)
    };
    let algorithm = if flags & FLAG_LAI_YANG != 0 { Algorithm::LaiYang } else { Algorithm::ChandyLamport };
    let markers = if flags & FLAG_SKIP_SENDER != 0 { MarkerRule::SkipSender } else { MarkerRule::EveryOutgoing };
    let topology = topology
        .map_err(|error| LinkError::Topology { byte: topology_start, error })?
        .with_algorithm(algorithm)
        .with_markers(markers);
    let seed = r.varint(Field::Seed)?;
    let count = r.action_count()?;
    // Every action takes at least one byte: never reserve more than the bytes left.
    let mut actions = Vec::with_capacity(count.min(r.remaining()));
    for a in 0..count {
        let start = r.pos;
        let tag = r.byte(Field::ActionTag { action: a })?;
        let low = tag & 0x0F;
        let action = match tag & 0xF0 {
            TAG_SNAPSHOT => Action::Snapshot { process: r.process(Field::Process { action: a }, n, low, start)? },
            TAG_JOIN => {
                let process = r.process(Field::Process { action: a }, n, low, start)?;
                let snapshot = r.u32_at_least_1(Field::Snapshot { action: a })?;
                Action::Join { process, snapshot }
            }
            TAG_INTERNAL => {
                let process = r.process(Field::Process { action: a }, n, low, start)?;
                let delta = r.signed(Field::Change { action: a }, MAX_AMOUNT)?;
                Action::Internal { process, delta }
            }
            TAG_SEND_POSITIVE if tag == TAG_SEND_POSITIVE || tag == TAG_SEND_OTHER => {
                let channel = r.pair(Field::Processes { action: a }, n)?;
                let field = Field::Amount { action: a };
                let at = r.pos;
                let magnitude = r.varint(field)?;
                if magnitude > MAX_AMOUNT as u64 {
                    return Err(invalid(at, field, say!("{0} is larger than the limit of {1}", magnitude, MAX_AMOUNT)));
                }
                let amount = if tag == TAG_SEND_POSITIVE {
                    if magnitude == 0 {
                        return Err(invalid(at, field, say!("0 under the tag of a positive amount")));
                    }
                    magnitude as i64
                } else {
                    -(magnitude as i64)
                };
                Action::Send { from: channel.from, to: channel.to, amount }
            }
            TAG_DELIVER if low == 0 => Action::Deliver {
                message: MessageRef::App { number: r.u32_at_least_1(Field::MessageNumber { action: a })? },
            },
            TAG_DELIVER_MARKER if low == 0 => {
                let snapshot = r.u32_at_least_1(Field::Snapshot { action: a })?;
                let channel = r.pair(Field::Processes { action: a }, n)?;
                Action::Deliver { message: MessageRef::Marker { snapshot, channel } }
            }
            TAG_FAULT if low <= FAULT_DUPLICATE_MARKER => {
                let message = if low & FAULT_DROP_MARKER == 0 {
                    MessageRef::App { number: r.u32_at_least_1(Field::MessageNumber { action: a })? }
                } else {
                    let snapshot = r.u32_at_least_1(Field::Snapshot { action: a })?;
                    let channel = r.pair(Field::Processes { action: a }, n)?;
                    MessageRef::Marker { snapshot, channel }
                };
                if low & FAULT_DUPLICATE == 0 {
                    Action::Drop { message }
                } else {
                    Action::Duplicate { message }
                }
            }
            TAG_CRASH => Action::Crash { process: r.process(Field::Process { action: a }, n, low, start)? },
            TAG_WAIT if low == 0 => {
                let channel = r.pair(Field::Processes { action: a }, n)?;
                Action::Wait { process: channel.to, on: channel.from }
            }
            _ => {
                return Err(invalid(
                    start,
                    Field::ActionTag { action: a },
                    say!("unknown action tag {0}", format!("{tag:#04x}")),
                ))
            }
        };
        actions.push(action);
    }
    let cursor = if flags & FLAG_VIEW != 0 { Some(r.cursor(count)? as u32) } else { None };
    let topology = if more & MORE_POSITIONS != 0 {
        let mut positions = Vec::with_capacity(n);
        for p in 0..n {
            let field = Field::Position { process: p };
            let mut coordinate = || {
                let start = r.pos;
                let v = r.varint(field)?;
                if v > u64::from(MAX_POSITION) {
                    return Err(invalid(start, field, say!("{0} is larger than the limit of {1}", v, MAX_POSITION)));
                }
                Ok(v as u16)
            };
            positions.push((coordinate()?, coordinate()?));
        }
        let at = r.pos;
        topology.with_positions(Some(positions)).map_err(|error| LinkError::Topology { byte: at, error })?
    } else {
        topology
    };
    r.finish()?;
    Ok(Scenario { topology, actions, seed, view: ViewOptions { cursor } })
}
