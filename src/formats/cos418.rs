//! COS 418 assignment 2 (Chandy–Lamport) files: `.top` topologies, `.events` scripts and
//! `.snap` expected snapshots, run under that course's simulator rules
//! (`shared/formats/cos418.md`) on top of the core [`World`].
//!
//! Servers become processes in byte-wise order of their ids (`N1 < N10 < N2`), labelled with
//! their ids, so that a process's outgoing channels, in channel order, are its links in
//! byte-wise order of the destination: that is the order markers are broadcast in, and the
//! order the tick rule looks at links. `send` is [`Action::Send`], `snapshot` is
//! [`Action::Snapshot`], and every delivery the tick rule makes is an [`Action::Deliver`];
//! the receive time of each message (token or marker) is its send time plus a delay drawn when
//! the world reports the send, one draw per message, in send order. Every snapshot is written
//! in the `.snap` format with id = the core's snapshot id − 1.
//!
//! Errors name the file, the line (1-based, counting every line of the file) and what is
//! wrong. The core needs 2 to 16 processes and strongly connected links; other topologies are
//! refused with a clear error.

use std::fmt;

use crate::sim::action::{Action, ActionError};
use crate::sim::event::EventKind;
use crate::sim::limits::{MAX_ACTIONS, MAX_AMOUNT, MAX_LABEL_CHARS, MAX_PROCESSES, MIN_PROCESSES};
use crate::sim::rng::Rng;
use crate::sim::scenario::Scenario;
use crate::sim::snapshot;
use crate::sim::topology::{Channel, Discipline, ProcessId, ProcessSpec, Topology, TopologyError, Unit};
use crate::sim::world::World;

/// Largest `.top`, `.events`, delays or `.snap` file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Largest single delay, in ticks.
pub const MAX_DELAY: u64 = 1_000_000;

/// Where a COS 418 file is wrong, and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cos418Error {
    /// The file's name, as given.
    pub file: String,
    /// 1-based line, when the problem is on one line.
    pub line: Option<usize>,
    pub kind: Cos418ErrorKind,
}

/// What is wrong with a COS 418 file or run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cos418ErrorKind {
    TooLarge {
        bytes: usize,
    },
    /// The `.top` file has no server count line.
    MissingCount,
    /// A number was expected.
    NotANumber {
        what: &'static str,
        found: String,
    },
    /// A line with the wrong number of fields.
    FieldCount {
        expected: &'static str,
        found: usize,
    },
    ServerCount {
        count: usize,
    },
    MissingServers {
        expected: usize,
        found: usize,
    },
    DuplicateServer {
        id: String,
    },
    IdTooLong {
        id: String,
    },
    /// A server id with a control character (it would be written back into `.snap` output).
    ControlInId {
        id: String,
    },
    UnknownServer {
        id: String,
    },
    TokensOutOfRange {
        found: String,
    },
    /// A server of a `.top` file starts with fewer than 0 tokens.
    NegativeTokens {
        id: String,
        found: String,
    },
    /// The links do not let a marker reach every server.
    NotStronglyConnected {
        from: String,
        to: String,
    },
    /// An `.events` line that is not `send`, `snapshot` or `tick`.
    UnknownCommand {
        found: String,
    },
    /// A `send` the simulator refuses.
    CannotSend {
        reason: String,
    },
    /// More than the core's snapshot limit.
    CannotSnapshot {
        reason: String,
    },
    /// The delays file has no delay left for the next message.
    DelaysRanOut {
        message: usize,
    },
    BadDelay {
        found: String,
    },
    /// Snapshots remain incomplete with nothing left in flight (cannot happen on a strongly
    /// connected topology; reported rather than looping).
    NeverCompletes,
    /// The run needs more actions (sends, snapshots, deliveries) than a scenario may hold.
    TooManyActions,
    /// A `.snap` line other than an id, a server state or a recorded message.
    BadSnapLine {
        found: String,
    },
    /// A server state or message in a `.snap` file before any snapshot id.
    SnapWithoutId,
    /// A server listed twice in one snapshot.
    DuplicateState {
        id: String,
    },
}

impl fmt::Display for Cos418ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Cos418ErrorKind::*;
        match self {
            TooLarge { bytes } => write!(f, "the file is {bytes} bytes; the limit is {MAX_FILE_BYTES}"),
            MissingCount => write!(f, "the file is empty: the first line must be the number of servers"),
            NotANumber { what, found } => write!(f, "expected {what}, found `{found}`"),
            FieldCount { expected, found } => {
                write!(f, "expected `{expected}`, found a line of {found} field(s)")
            }
            ServerCount { count } => write!(f, "{count} servers: Snapshot Lab runs {MIN_PROCESSES} to {MAX_PROCESSES}"),
            MissingServers { expected, found } => {
                write!(f, "the file declares {expected} servers but lists only {found}")
            }
            DuplicateServer { id } => write!(f, "server {id} is declared twice"),
            IdTooLong { id } => write!(f, "server id {id} is longer than {MAX_LABEL_CHARS} characters"),
            ControlInId { id } => write!(f, "server id {id:?} has a control character"),
            UnknownServer { id } => write!(f, "there is no server {id}"),
            TokensOutOfRange { found } => write!(f, "{found} tokens is out of range (at most {MAX_AMOUNT} in size)"),
            NegativeTokens { id, found } => {
                write!(f, "server {id} starts with {found} tokens: a number of tokens cannot be negative")
            }
            NotStronglyConnected { from, to } => write!(
                f,
                "the links are not strongly connected: no path of links leads from {from} to \
                 {to}, so a snapshot could never complete (Snapshot Lab needs every server to \
                 reach every other)"
            ),
            UnknownCommand { found } => write!(
                f,
                "unknown command `{found}`: a line is `send <src> <dest> <n>`, \
                 `snapshot <server>`, `tick` or `tick <k>`"
            ),
            CannotSend { reason } => write!(f, "cannot send: {reason}"),
            CannotSnapshot { reason } => write!(f, "cannot start a snapshot: {reason}"),
            DelaysRanOut { message } => write!(
                f,
                "ran out of delays: message {message} (counting tokens and markers in send \
                 order) needs one, and the file has only {}",
                message - 1
            ),
            BadDelay { found } => write!(f, "expected a delay in ticks (1 to {MAX_DELAY}), found `{found}`"),
            NeverCompletes => write!(f, "a snapshot can never complete: nothing is in flight"),
            TooManyActions => write!(
                f,
                "the run needs more than {MAX_ACTIONS} actions (sends, snapshots and deliveries), the limit of a scenario"
            ),
            BadSnapLine { found } => {
                write!(f, "expected `<id>`, `<server> <tokens>` or `<src> <dest> token(<n>)`, found `{found}`")
            }
            SnapWithoutId => write!(f, "a snapshot's lines must follow its id line"),
            DuplicateState { id } => write!(f, "server {id} is listed twice in one snapshot"),
        }
    }
}

impl fmt::Display for Cos418Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

impl std::error::Error for Cos418Error {}

fn error(file: &str, line: Option<usize>, kind: Cos418ErrorKind) -> Cos418Error {
    Cos418Error { file: file.to_string(), line, kind }
}

/// The non-empty, non-comment lines of a file: (1-based line number, fields).
fn lines<'a>(file: &str, text: &'a str, comments: bool) -> Result<Vec<(usize, Vec<&'a str>)>, Cos418Error> {
    if text.len() > MAX_FILE_BYTES {
        return Err(error(file, None, Cos418ErrorKind::TooLarge { bytes: text.len() }));
    }
    Ok(text
        .split('\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, fields)| !fields.is_empty())
        .filter(|(_, fields)| !(comments && fields[0].starts_with('#')))
        .collect())
}

/// One server of a `.top` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    pub id: String,
    pub tokens: i64,
}

/// A `.top` topology, servers sorted byte-wise by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cos418Topology {
    /// Byte-wise sorted by id: server `i` is process `P<i+1>`.
    pub servers: Vec<Server>,
    /// Directed links as (source, destination) server indices, sorted, without duplicates
    /// or self-links.
    pub links: Vec<(usize, usize)>,
}

impl Cos418Topology {
    /// The index of a server id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.servers.binary_search_by(|s| s.id.as_bytes().cmp(id.as_bytes())).ok()
    }

    /// The core topology: processes labelled with the server ids, FIFO channels, tokens.
    pub fn topology(&self) -> Result<Topology, TopologyError> {
        let specs = self.servers.iter().map(|s| ProcessSpec { label: s.id.clone(), initial: s.tokens }).collect();
        let channels = self.links.iter().map(|&(from, to)| Channel { from, to }).collect();
        Topology::new(specs, channels, Discipline::Fifo, Unit::Tokens)
    }
}

fn parse_tokens(file: &str, line: usize, field: &str) -> Result<i64, Cos418Error> {
    let digits = field.strip_prefix(['-', '+']).unwrap_or(field);
    let whole_number = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let value: i64 = field.parse().map_err(|_| {
        let kind = if whole_number {
            // Too many digits for an i64: a number all the same, just far too large.
            Cos418ErrorKind::TokensOutOfRange { found: field.to_string() }
        } else {
            Cos418ErrorKind::NotANumber { what: "a number of tokens", found: field.to_string() }
        };
        error(file, Some(line), kind)
    })?;
    if value.unsigned_abs() > MAX_AMOUNT.unsigned_abs() {
        return Err(error(file, Some(line), Cos418ErrorKind::TokensOutOfRange { found: field.to_string() }));
    }
    Ok(value)
}

/// Parses a `.top` file and checks that the core can run it (2 to 16 servers, strongly
/// connected links).
pub fn parse_top(file: &str, text: &str) -> Result<Cos418Topology, Cos418Error> {
    let lines = lines(file, text, true)?;
    let Some((count_line, fields)) = lines.first() else {
        return Err(error(file, None, Cos418ErrorKind::MissingCount));
    };
    let count_line = *count_line;
    let count: usize = match fields.as_slice() {
        [n] => n.parse().map_err(|_| {
            error(
                file,
                Some(count_line),
                Cos418ErrorKind::NotANumber { what: "the number of servers", found: n.to_string() },
            )
        })?,
        _ => {
            return Err(error(
                file,
                Some(count_line),
                Cos418ErrorKind::FieldCount { expected: "<number of servers>", found: fields.len() },
            ))
        }
    };
    if !(MIN_PROCESSES..=MAX_PROCESSES).contains(&count) {
        return Err(error(file, Some(count_line), Cos418ErrorKind::ServerCount { count }));
    }
    let mut servers: Vec<(Server, usize)> = Vec::with_capacity(count);
    let mut rest = lines[1..].iter();
    for _ in 0..count {
        let Some((line, fields)) = rest.next() else {
            return Err(error(file, None, Cos418ErrorKind::MissingServers { expected: count, found: servers.len() }));
        };
        let [id, tokens] = fields.as_slice() else {
            return Err(error(
                file,
                Some(*line),
                Cos418ErrorKind::FieldCount { expected: "<serverId> <initialTokens>", found: fields.len() },
            ));
        };
        if id.chars().count() > MAX_LABEL_CHARS {
            return Err(error(file, Some(*line), Cos418ErrorKind::IdTooLong { id: id.to_string() }));
        }
        if id.chars().any(char::is_control) {
            return Err(error(file, Some(*line), Cos418ErrorKind::ControlInId { id: id.to_string() }));
        }
        if servers.iter().any(|(s, _)| s.id == *id) {
            return Err(error(file, Some(*line), Cos418ErrorKind::DuplicateServer { id: id.to_string() }));
        }
        let found = *tokens;
        let tokens = parse_tokens(file, *line, found)?;
        if tokens < 0 {
            return Err(error(
                file,
                Some(*line),
                Cos418ErrorKind::NegativeTokens { id: id.to_string(), found: found.to_string() },
            ));
        }
        servers.push((Server { id: id.to_string(), tokens }, *line));
    }
    servers.sort_by(|a, b| a.0.id.as_bytes().cmp(b.0.id.as_bytes()));
    let mut top = Cos418Topology { servers: servers.into_iter().map(|(s, _)| s).collect(), links: Vec::new() };
    for (line, fields) in rest {
        let [src, dest] = fields.as_slice() else {
            return Err(error(
                file,
                Some(*line),
                Cos418ErrorKind::FieldCount { expected: "<src> <dest>", found: fields.len() },
            ));
        };
        let mut ends = [0; 2];
        for (end, id) in ends.iter_mut().zip([src, dest]) {
            *end = top
                .index(id)
                .ok_or_else(|| error(file, Some(*line), Cos418ErrorKind::UnknownServer { id: id.to_string() }))?;
        }
        if ends[0] != ends[1] {
            top.links.push((ends[0], ends[1]));
        }
    }
    top.links.sort_unstable();
    top.links.dedup();
    match top.topology() {
        Ok(_) => Ok(top),
        Err(TopologyError::NotStronglyConnected { from, to }) => Err(error(
            file,
            None,
            Cos418ErrorKind::NotStronglyConnected {
                from: top.servers[from].id.clone(),
                to: top.servers[to].id.clone(),
            },
        )),
        Err(e) => Err(error(file, None, Cos418ErrorKind::CannotSnapshot { reason: e.to_string() })),
    }
}

/// One command of an `.events` script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Send { from: String, to: String, tokens: i64 },
    Snapshot { server: String },
    Tick { ticks: u64 },
}

/// A command with its 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    pub line: usize,
    pub command: Command,
}

/// Parses an `.events` file (server ids are checked when it runs).
pub fn parse_events(file: &str, text: &str) -> Result<Vec<CommandLine>, Cos418Error> {
    let mut out = Vec::new();
    for (line, fields) in lines(file, text, true)? {
        let bad_count =
            |expected| error(file, Some(line), Cos418ErrorKind::FieldCount { expected, found: fields.len() });
        let command = match fields[0] {
            "send" => {
                let [_, from, to, n] = fields.as_slice() else {
                    return Err(bad_count("send <src> <dest> <n>"));
                };
                Command::Send { from: from.to_string(), to: to.to_string(), tokens: parse_tokens(file, line, n)? }
            }
            "snapshot" => {
                let [_, server] = fields.as_slice() else {
                    return Err(bad_count("snapshot <serverId>"));
                };
                Command::Snapshot { server: server.to_string() }
            }
            "tick" => {
                let ticks = match fields.as_slice() {
                    [_] => 1,
                    [_, k] => k.parse().map_err(|_| {
                        error(
                            file,
                            Some(line),
                            Cos418ErrorKind::NotANumber { what: "a number of ticks", found: k.to_string() },
                        )
                    })?,
                    _ => return Err(bad_count("tick [<k>]")),
                };
                Command::Tick { ticks }
            }
            other => return Err(error(file, Some(line), Cos418ErrorKind::UnknownCommand { found: other.to_string() })),
        };
        out.push(CommandLine { line, command });
    }
    Ok(out)
}

/// Parses a delays file: whitespace-separated integers, each a delay in ticks (>= 1).
pub fn parse_delays(file: &str, text: &str) -> Result<Vec<u64>, Cos418Error> {
    let mut out = Vec::new();
    for (line, fields) in lines(file, text, false)? {
        for field in fields {
            match field.parse::<u64>() {
                Ok(d) if (1..=MAX_DELAY).contains(&d) => out.push(d),
                _ => return Err(error(file, Some(line), Cos418ErrorKind::BadDelay { found: field.to_string() })),
            }
        }
    }
    Ok(out)
}

/// Where message delays come from.
#[derive(Clone, Debug)]
pub enum Delays {
    /// A list, used in send order; `file` names it in errors.
    List { file: String, delays: Vec<u64> },
    /// The lab's seeded generator: 1 to 5 ticks each.
    Seeded { seed: u64 },
}

/// One recorded message of a `.snap` snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapMessage {
    pub from: String,
    pub to: String,
    pub tokens: i64,
}

/// One snapshot in the `.snap` format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snap {
    pub id: u64,
    /// Every server's recorded tokens.
    pub states: Vec<(String, i64)>,
    /// Every recorded message, in recording order.
    pub messages: Vec<SnapMessage>,
}

impl Snap {
    /// The snapshot in the `.snap` format: the id, one `<server> <tokens>` line per server
    /// (byte-wise order), then one `<src> <dest> token(<n>)` line per recorded message.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.id);
        for (id, tokens) in &self.states {
            out.push_str(&format!("{id} {tokens}\n"));
        }
        for m in &self.messages {
            out.push_str(&format!("{} {} token({})\n", m.from, m.to, m.tokens));
        }
        out
    }

    /// The differences from another snapshot under the course's equality rule (ids, server
    /// states, the number of messages, and per destination the sequence of messages);
    /// empty when equal.
    pub fn differences(&self, other: &Snap) -> Vec<String> {
        let mut out = Vec::new();
        if self.id != other.id {
            out.push(format!("snapshot id {} differs from {}", self.id, other.id));
        }
        let sorted = |s: &Snap| {
            let mut v = s.states.clone();
            v.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            v
        };
        let (a, b) = (sorted(self), sorted(other));
        if a != b {
            for (id, tokens) in &a {
                match b.iter().find(|(other, _)| other == id) {
                    Some((_, t)) if t == tokens => {}
                    Some((_, t)) => out.push(format!("snapshot {}: server {id} recorded {tokens}, not {t}", self.id)),
                    None => out.push(format!("snapshot {}: server {id} is missing from the other", self.id)),
                }
            }
            for (id, _) in &b {
                if !a.iter().any(|(other, _)| other == id) {
                    out.push(format!("snapshot {}: server {id} is not in this one", self.id));
                }
            }
        }
        if self.messages.len() != other.messages.len() {
            out.push(format!(
                "snapshot {}: {} recorded messages, not {}",
                self.id,
                self.messages.len(),
                other.messages.len()
            ));
        }
        let mut destinations: Vec<&str> = self.messages.iter().chain(&other.messages).map(|m| m.to.as_str()).collect();
        destinations.sort_unstable();
        destinations.dedup();
        for d in destinations {
            let into = |s: &Snap| -> Vec<(String, i64)> {
                s.messages.iter().filter(|m| m.to == d).map(|m| (m.from.clone(), m.tokens)).collect()
            };
            let (x, y) = (into(self), into(other));
            if x != y {
                let show = |v: &[(String, i64)]| {
                    let parts: Vec<String> = v.iter().map(|(f, t)| format!("{f} token({t})")).collect();
                    format!("[{}]", parts.join(", "))
                };
                out.push(format!(
                    "snapshot {}: the messages recorded into {d} are {}, not {}",
                    self.id,
                    show(&x),
                    show(&y)
                ));
            }
        }
        out
    }
}

/// Every snapshot, separated by one empty line.
pub fn write_snaps(snaps: &[Snap]) -> String {
    let texts: Vec<String> = snaps.iter().map(Snap::to_text).collect();
    texts.join("\n")
}

/// Parses one or more snapshots in the `.snap` format (each starts with its id line).
pub fn parse_snaps(file: &str, text: &str) -> Result<Vec<Snap>, Cos418Error> {
    let mut out: Vec<Snap> = Vec::new();
    for (line, fields) in lines(file, text, true)? {
        let bad = || error(file, Some(line), Cos418ErrorKind::BadSnapLine { found: fields.join(" ") });
        if let [id] = fields.as_slice() {
            let id = id.parse().map_err(|_| bad())?;
            out.push(Snap { id, states: Vec::new(), messages: Vec::new() });
            continue;
        }
        let Some(snap) = out.last_mut() else {
            return Err(error(file, Some(line), Cos418ErrorKind::SnapWithoutId));
        };
        match fields.as_slice() {
            [server, tokens] => {
                if snap.states.iter().any(|(s, _)| s == server) {
                    return Err(error(file, Some(line), Cos418ErrorKind::DuplicateState { id: server.to_string() }));
                }
                snap.states.push((server.to_string(), parse_tokens(file, line, tokens)?));
            }
            [from, to, token] => {
                let n = token.strip_prefix("token(").and_then(|t| t.strip_suffix(')')).ok_or_else(bad)?;
                snap.messages.push(SnapMessage {
                    from: from.to_string(),
                    to: to.to_string(),
                    tokens: parse_tokens(file, line, n)?,
                });
            }
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

/// Compares two `.snap` texts (one or more snapshots each, matched in order) under the
/// course's equality rule. Returns every difference; empty when they are equal.
pub fn compare_snaps(
    expected_file: &str,
    expected: &str,
    actual_file: &str,
    actual: &str,
) -> Result<Vec<String>, Cos418Error> {
    let expected = parse_snaps(expected_file, expected)?;
    let actual = parse_snaps(actual_file, actual)?;
    let mut out = Vec::new();
    if expected.len() != actual.len() {
        out.push(format!("{} snapshot(s) expected, {} found", expected.len(), actual.len()));
    }
    for (e, a) in expected.iter().zip(&actual) {
        out.extend(a.differences(e));
    }
    Ok(out)
}

/// A finished COS 418 run.
#[derive(Clone, Debug)]
pub struct Cos418Run {
    /// The run as a scenario of the lab (its actions are the sends, snapshots and deliveries
    /// in the order they happened), so it can be opened in the lab.
    pub scenario: Scenario,
    /// The world after the run.
    pub world: World,
    /// Every snapshot, in id order.
    pub snaps: Vec<Snap>,
    /// The simulated time when the run ended.
    pub time: u64,
}

struct Sim<'a> {
    world: World,
    actions: Vec<Action>,
    /// Receive time of each message, by message id.
    receive: Vec<u64>,
    now: u64,
    delays: &'a Delays,
    used: usize,
    rng: Rng,
}

/// Why an action of the run failed: the world refused it, or no delay was left.
enum Failure {
    Refused(ActionError),
    Delay(Cos418Error),
    /// The run reached [`MAX_ACTIONS`]: checked before each action, so work stays bounded.
    TooManyActions,
}

impl Sim<'_> {
    fn draw(&mut self) -> Result<u64, Cos418Error> {
        self.used += 1;
        match self.delays {
            Delays::List { file, delays } => delays
                .get(self.used - 1)
                .copied()
                .ok_or_else(|| error(file, None, Cos418ErrorKind::DelaysRanOut { message: self.used })),
            Delays::Seeded { .. } => Ok(self.rng.range(1, 5) as u64),
        }
    }

    /// Applies an action and gives every message it sent its receive time, in send order.
    fn apply(&mut self, action: Action) -> Result<(), Failure> {
        if self.actions.len() >= MAX_ACTIONS {
            return Err(Failure::TooManyActions);
        }
        let range = self.world.apply(&action).map_err(Failure::Refused)?;
        self.actions.push(action);
        let sent: Vec<usize> = self.world.events()[range]
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Send { message } => Some(message.id as usize),
                _ => None,
            })
            .collect();
        for id in sent {
            let delay = self.draw().map_err(Failure::Delay)?;
            if self.receive.len() <= id {
                self.receive.resize(id + 1, 0);
            }
            self.receive[id] = self.now.saturating_add(delay);
        }
        Ok(())
    }

    fn receive_time(&self, id: u32) -> u64 {
        self.receive.get(id as usize).copied().unwrap_or(0)
    }

    /// The earliest receive time of a message at the head of a channel.
    fn next_due(&self) -> Option<u64> {
        let channels = self.world.topology().channels().len();
        (0..channels).filter_map(|c| self.world.in_flight(c).next().map(|m| self.receive_time(m.id))).min()
    }

    /// One tick: time moves on by one; each server in order delivers the head of its first
    /// outbound link (in destination order) that is due, if any.
    fn tick(&mut self) -> Result<(), Failure> {
        self.now = self.now.saturating_add(1);
        let n = self.world.topology().process_count();
        for server in 0..n {
            let due = self.world.topology().outgoing(server).iter().find_map(|&c| {
                self.world
                    .in_flight(c)
                    .next()
                    .filter(|m| self.receive_time(m.id) <= self.now)
                    .map(|m| self.world.message_ref(m))
            });
            if let Some(message) = due {
                self.apply(Action::Deliver { message })?;
            }
        }
        Ok(())
    }

    /// Skips ticks in which nothing can be delivered, up to `limit` ticks; returns how many.
    fn skip_idle(&mut self, limit: u64) -> u64 {
        let skip = match self.next_due() {
            None => limit,
            Some(due) => due.saturating_sub(self.now.saturating_add(1)).min(limit),
        };
        self.now = self.now.saturating_add(skip);
        skip
    }

    fn all_complete(&self) -> bool {
        self.world.snapshots().iter().all(|s| s.complete)
    }
}

fn name(top: &Cos418Topology, p: ProcessId) -> String {
    top.servers.get(p).map_or_else(|| crate::sim::process_name(p), |s| s.id.clone())
}

/// An action error in the words of the course, with server ids.
fn refusal(top: &Cos418Topology, e: &ActionError) -> String {
    match e {
        ActionError::InsufficientBalance { process, balance, amount } => {
            format!("{} has only {balance} tokens, so it cannot send {amount}", name(top, *process))
        }
        ActionError::NoChannel(c) => {
            format!("there is no link from {} to {}", name(top, c.from), name(top, c.to))
        }
        ActionError::AmountNotPositive(n) => {
            format!("a send moves at least 1 token, not {n}")
        }
        other => other.to_string(),
    }
}

/// Runs a COS 418 script on a topology. `events_file` names the script in errors.
pub fn run(
    top: &Cos418Topology,
    events_file: &str,
    commands: &[CommandLine],
    delays: &Delays,
) -> Result<Cos418Run, Cos418Error> {
    let topology = top
        .topology()
        .map_err(|e| error(events_file, None, Cos418ErrorKind::CannotSnapshot { reason: e.to_string() }))?;
    let seed = match delays {
        Delays::Seeded { seed } => *seed,
        Delays::List { .. } => 1,
    };
    let mut sim = Sim {
        world: World::new(topology.clone()),
        actions: Vec::new(),
        receive: Vec::new(),
        now: 0,
        delays,
        used: 0,
        rng: Rng::new(seed),
    };
    let at = |line: usize, kind| error(events_file, Some(line), kind);
    let server = |line: usize, id: &str| {
        top.index(id).ok_or_else(|| at(line, Cos418ErrorKind::UnknownServer { id: id.to_string() }))
    };
    for CommandLine { line, command } in commands {
        let line = *line;
        let result = match command {
            Command::Send { from, to, tokens } => {
                let action = Action::Send { from: server(line, from)?, to: server(line, to)?, amount: *tokens };
                sim.apply(action).map_err(|f| match f {
                    Failure::Refused(e) => at(line, Cos418ErrorKind::CannotSend { reason: refusal(top, &e) }),
                    Failure::Delay(e) => e,
                    Failure::TooManyActions => at(line, Cos418ErrorKind::TooManyActions),
                })
            }
            Command::Snapshot { server: id } => {
                let action = Action::Snapshot { process: server(line, id)? };
                sim.apply(action).map_err(|f| match f {
                    Failure::Refused(e) => at(line, Cos418ErrorKind::CannotSnapshot { reason: refusal(top, &e) }),
                    Failure::Delay(e) => e,
                    Failure::TooManyActions => at(line, Cos418ErrorKind::TooManyActions),
                })
            }
            Command::Tick { ticks } => {
                let mut left = *ticks;
                let mut result = Ok(());
                while left > 0 {
                    left -= sim.skip_idle(left);
                    if left == 0 {
                        break;
                    }
                    if let Err(f) = sim.tick() {
                        result = Err(f);
                        break;
                    }
                    left -= 1;
                }
                result.map_err(|f| delivery_failure(events_file, line, top, f))
            }
        };
        result?;
    }
    // After the script: tick until every snapshot started is complete.
    while !sim.all_complete() {
        if sim.world.is_quiescent() {
            return Err(error(events_file, None, Cos418ErrorKind::NeverCompletes));
        }
        sim.skip_idle(u64::MAX);
        sim.tick().map_err(|f| delivery_failure(events_file, 0, top, f))?;
    }
    let log = sim.world.log();
    let snaps = snapshot::assemble(log)
        .iter()
        .map(|s| Snap {
            id: u64::from(s.id) - 1,
            states: s.states.iter().enumerate().map(|(p, state)| (name(top, p), state.unwrap_or(0))).collect(),
            messages: log
                .events
                .iter()
                .filter_map(|e| match &e.kind {
                    EventKind::Receive { message, recorded_in } if recorded_in.contains(&s.id) => Some(SnapMessage {
                        from: name(top, message.channel.from),
                        to: name(top, message.channel.to),
                        tokens: message.amount(),
                    }),
                    _ => None,
                })
                .collect(),
        })
        .collect();
    let mut scenario = Scenario::new(topology, seed);
    scenario.actions = sim.actions;
    Ok(Cos418Run { scenario, time: sim.now, snaps, world: sim.world })
}

/// A delivery cannot be refused by the world (the tick rule only delivers heads of queues);
/// a missing delay can stop it.
fn delivery_failure(file: &str, line: usize, top: &Cos418Topology, f: Failure) -> Cos418Error {
    match f {
        Failure::Delay(e) => e,
        Failure::Refused(e) => {
            error(file, (line > 0).then_some(line), Cos418ErrorKind::CannotSend { reason: refusal(top, &e) })
        }
        Failure::TooManyActions => error(file, (line > 0).then_some(line), Cos418ErrorKind::TooManyActions),
    }
}

/// Parses and runs a `.top` and an `.events` file and writes every snapshot in the `.snap`
/// format, in id order, separated by one empty line.
pub fn run_files(
    top_file: &str,
    top_text: &str,
    events_file: &str,
    events_text: &str,
    delays: &Delays,
) -> Result<String, Cos418Error> {
    let top = parse_top(top_file, top_text)?;
    let commands = parse_events(events_file, events_text)?;
    let run = run(&top, events_file, &commands, delays)?;
    Ok(write_snaps(&run.snaps))
}
