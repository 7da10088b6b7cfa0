//! The readable text form of a scenario: one line per process, channel, setting or action,
//! meant to be written by teachers by hand and read by anyone.
//!
//! ```text
//! process P1 1000 "acct1"      # processes in order P1, P2, ...; the label is optional
//! process P2 2000 "acct2"
//! channels complete            # or one `channel P1 P2` line per directed channel
//! position P1 500 120          # optional, for every process or none: where it is drawn
//! discipline fifo              # or non-fifo
//! algorithm chandy-lamport     # or lai-yang (printed only when lai-yang)
//! markers every-outgoing       # or skip-sender: seed 000's rule (printed only when skip-sender)
//! unit balance                 # or tokens
//! seed 42
//! cursor 5                     # optional: the timeline position
//! send P1 P2 100
//! deliver m1
//! deliver marker S1 P1 P2
//! internal P1 -50
//! snapshot P1
//! join S1 P2
//! wait P2 P3                   # P2 waits for a message from P3
//! ```
//!
//! `#` starts a comment (outside a label), blank lines are ignored, keywords are
//! case-sensitive. Declarations (processes, channels, settings) come before the first action.
//! A label is in double quotes, with the escapes `\"`, `\\` and `\u{…}` (any Unicode scalar
//! value, in hex; the printer uses it only for control characters).
//!
//! [`parse`] checks the syntax and the limits of [`crate::sim::limits`] and reports the first
//! problem with its 1-based line and column (in characters). It does not replay the actions:
//! an action the world cannot take (a message not in flight, a balance too small) is reported
//! by [`Scenario::replay`] with the action's index. [`to_text`] prints the canonical form, so
//! `parse(&to_text(s)) == Ok(s)` for every scenario within the limits, and printing what was
//! parsed from a printed scenario gives back the same text.

use std::fmt::{self, Write as _};

use crate::say;

use crate::sim::action::{Action, MessageRef};
use crate::sim::limits::{MAX_ACTIONS, MAX_AMOUNT, MAX_LABEL_CHARS, MAX_POSITION, MAX_PROCESSES, MAX_SCENARIO_BYTES};
use crate::sim::process_name;
use crate::sim::scenario::{Scenario, ViewOptions};
use crate::sim::topology::{
    Algorithm, Channel, Discipline, MarkerRule, ProcessId, ProcessSpec, Topology, TopologyError, Unit,
};
use crate::sim::words::{Says, Sentence};

/// Where a scenario text is wrong, and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextError {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub kind: TextErrorKind,
}

/// What is wrong with a scenario text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextErrorKind {
    /// The text is longer than [`MAX_SCENARIO_BYTES`]; the position is where the limit falls.
    TooLong { bytes: usize },
    /// The line does not start with a known keyword.
    UnknownKeyword { found: String },
    /// Something else was expected here (`found` is what is there, or `end of line`).
    Expected { expected: Sentence, found: Sentence },
    /// A number is outside the range allowed here.
    OutOfRange { what: Sentence, found: String, min: i128, max: i128 },
    /// Processes must be declared in order `P1`, `P2`, ...
    ProcessOutOfOrder { expected: String, found: String },
    /// More than [`MAX_PROCESSES`] process lines.
    TooManyProcesses,
    /// A process that is not declared.
    UnknownProcess { name: String, count: usize },
    /// A label longer than [`MAX_LABEL_CHARS`] characters.
    LabelTooLong { chars: usize },
    /// A backslash escape other than `\"`, `\\` or `\u{…}`.
    BadEscape { found: String },
    /// A label with no closing double quote.
    UnterminatedLabel,
    /// A double quote where a label cannot start.
    StrayQuote,
    /// A setting given twice.
    Repeated { keyword: String, first_line: usize },
    /// Both `channels complete` and `channel` lines.
    MixedChannels { first_line: usize },
    /// `channel P1 P1`.
    SelfChannel { process: String },
    /// The same channel listed twice.
    DuplicateChannel { channel: String, first_line: usize },
    /// A declaration after the first action.
    DeclarationAfterAction { keyword: String, first_action_line: usize },
    /// More than [`MAX_ACTIONS`] actions.
    TooManyActions,
    /// The cursor is past the last action.
    CursorBeyondEnd { cursor: u32, actions: usize },
    /// Some processes have a `position` line and this one has none.
    MissingPosition { process: String },
    /// The processes and channels do not make a valid topology.
    Topology(TopologyError),
}

impl Says for TextErrorKind {
    /// What is wrong, in words.
    fn sentence(&self) -> Sentence {
        use TextErrorKind::*;
        match self {
            TooLong { bytes } => say!("the scenario text is {0} bytes; the limit is {1}", bytes, MAX_SCENARIO_BYTES),
            UnknownKeyword { found } => say!(
                "unknown keyword `{0}`: a line starts with process, channels, channel, discipline, algorithm, markers, unit, seed, cursor, send, deliver, internal, snapshot, join, drop, duplicate or crash",
                found
            ),
            Expected { expected, found } => say!("expected {0}, found {1}", expected, found),
            OutOfRange { what, found, min, max } => say!("{0} {1} is out of range ({2} to {3})", what, found, min, max),
            ProcessOutOfOrder { expected, found } => {
                say!("processes are declared in order: expected {0} here, found {1}", expected, found)
            }
            TooManyProcesses => say!("a scenario has at most {0} processes", MAX_PROCESSES),
            UnknownProcess { name, count } => {
                say!("there is no process {0}: the scenario declares {1} (P1 to P{1})", name, count)
            }
            LabelTooLong { chars } => say!("the label is {0} characters long; the limit is {1}", chars, MAX_LABEL_CHARS),
            BadEscape { found } => say!(
                "unknown escape `{0}` in a label: use \\\" for a quote, \\\\ for a backslash or \\u{{…}} for any character",
                found
            ),
            UnterminatedLabel => say!("the label has no closing double quote"),
            StrayQuote => say!("a double quote can only start a label"),
            Repeated { keyword, first_line } => say!("`{0}` is given twice (first on line {1})", keyword, first_line),
            MixedChannels { first_line } => say!(
                "`channels complete` and `channel` lines cannot be mixed (the other is on line {0})",
                first_line
            ),
            SelfChannel { process } => say!("a channel from {0} to {0} is not allowed", process),
            DuplicateChannel { channel, first_line } => {
                say!("channel {0} is listed twice (first on line {1})", channel, first_line)
            }
            DeclarationAfterAction { keyword, first_action_line } => {
                say!("`{0}` must come before the first action (line {1})", keyword, first_action_line)
            }
            TooManyActions => say!("a scenario has at most {0} actions", MAX_ACTIONS),
            CursorBeyondEnd { cursor, actions } => {
                say!("cursor {0} is past the end: the scenario has {1} actions", cursor, actions)
            }
            MissingPosition { process } => {
                say!("{0} has no `position` line: give every process a position, or none", process)
            }
            Topology(e) => e.sentence(),
        }
    }
}

impl fmt::Display for TextErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl Says for TextError {
    /// `line 3, column 9: …`.
    fn sentence(&self) -> Sentence {
        say!("line {0}, column {1}: {2}", self.line, self.column, self.kind.sentence())
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl std::error::Error for TextError {}

/// One word of a line: its text (a label's text with escapes resolved) and its column.
#[derive(Clone, Debug)]
struct Token {
    text: String,
    column: usize,
    quoted: bool,
}

impl Token {
    fn shown(&self) -> Sentence {
        if self.quoted {
            say!("the label {0}", quote(&self.text))
        } else {
            Sentence::plain(format!("`{}`", self.text))
        }
    }
}

fn err(line: usize, column: usize, kind: TextErrorKind) -> TextError {
    TextError { line, column, kind }
}

/// Splits one line into tokens, dropping a comment.
fn tokenize(line_no: usize, line: &str) -> Result<Vec<Token>, TextError> {
    let chars: Vec<char> = line.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '#' {
            break;
        }
        let column = i + 1;
        if c == '"' {
            let mut text = String::new();
            i += 1;
            loop {
                let Some(&c) = chars.get(i) else {
                    return Err(err(line_no, column, TextErrorKind::UnterminatedLabel));
                };
                match c {
                    '"' => {
                        i += 1;
                        break;
                    }
                    '\\' => {
                        let at = i + 1;
                        match chars.get(i + 1) {
                            Some('"') => text.push('"'),
                            Some('\\') => text.push('\\'),
                            Some('u') if chars.get(i + 2) == Some(&'{') => {
                                let close = chars[i + 3..].iter().position(|&c| c == '}');
                                let hex: String = match close {
                                    Some(len) => chars[i + 3..i + 3 + len].iter().collect(),
                                    None => String::new(),
                                };
                                let scalar = close
                                    .filter(|&len| (1..=6).contains(&len))
                                    .filter(|_| hex.chars().all(|c| c.is_ascii_hexdigit()))
                                    .and_then(|_| u32::from_str_radix(&hex, 16).ok())
                                    .and_then(char::from_u32);
                                match (scalar, close) {
                                    (Some(ch), Some(len)) => {
                                        text.push(ch);
                                        i += 3 + len + 1;
                                        continue;
                                    }
                                    _ => {
                                        let end = close.map_or(chars.len(), |len| i + 4 + len);
                                        let found: String = chars[i..end].iter().collect();
                                        return Err(err(line_no, at, TextErrorKind::BadEscape { found }));
                                    }
                                }
                            }
                            Some(&other) => {
                                return Err(err(line_no, at, TextErrorKind::BadEscape { found: format!("\\{other}") }))
                            }
                            None => return Err(err(line_no, column, TextErrorKind::UnterminatedLabel)),
                        }
                        i += 2;
                    }
                    c => {
                        text.push(c);
                        i += 1;
                    }
                }
            }
            if let Some(&next) = chars.get(i) {
                if !next.is_whitespace() && next != '#' {
                    return Err(err(
                        line_no,
                        i + 1,
                        TextErrorKind::Expected {
                            expected: say!("a space after the label"),
                            found: Sentence::plain(format!("`{next}`")),
                        },
                    ));
                }
            }
            tokens.push(Token { text, column, quoted: true });
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '#' {
                if chars[i] == '"' {
                    return Err(err(line_no, i + 1, TextErrorKind::StrayQuote));
                }
                i += 1;
            }
            tokens.push(Token { text: chars[start..i].iter().collect(), column, quoted: false });
        }
    }
    Ok(tokens)
}

/// The tokens of one line, read left to right.
struct Line {
    no: usize,
    tokens: Vec<Token>,
    next: usize,
    /// The column just past the last character (for "found end of line").
    end_column: usize,
}

impl Line {
    fn expected(&self, expected: &Sentence) -> TextError {
        match self.tokens.get(self.next) {
            Some(t) => err(self.no, t.column, TextErrorKind::Expected { expected: expected.clone(), found: t.shown() }),
            None => err(
                self.no,
                self.end_column,
                TextErrorKind::Expected { expected: expected.clone(), found: say!("end of line") },
            ),
        }
    }

    /// The next token if it is a bare word.
    fn word(&mut self, expected: &Sentence) -> Result<Token, TextError> {
        match self.tokens.get(self.next) {
            Some(t) if !t.quoted => {
                self.next += 1;
                Ok(t.clone())
            }
            _ => Err(self.expected(expected)),
        }
    }

    fn keyword(&mut self, expected: &Sentence, choices: &[&'static str]) -> Result<&'static str, TextError> {
        let found = self
            .tokens
            .get(self.next)
            .filter(|t| !t.quoted)
            .and_then(|t| choices.iter().find(|&&c| c == t.text).copied());
        match found {
            Some(k) => {
                self.next += 1;
                Ok(k)
            }
            None => Err(self.expected(expected)),
        }
    }

    fn end(&self) -> Result<(), TextError> {
        if self.next < self.tokens.len() {
            Err(self.expected(&say!("end of line")))
        } else {
            Ok(())
        }
    }

    /// A signed decimal integer within `min..=max`.
    fn integer(&mut self, what: &Sentence, min: i128, max: i128) -> Result<i128, TextError> {
        let expected = say!("{0} (a whole number)", what);
        let t = self.word(&expected)?;
        let digits = t.text.strip_prefix(['-', '+']).unwrap_or(&t.text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            self.next -= 1;
            return Err(self.expected(&expected));
        }
        let out_of_range = || {
            err(self.no, t.column, TextErrorKind::OutOfRange { what: what.clone(), found: t.text.clone(), min, max })
        };
        let value: i128 = t.text.parse().map_err(|_| out_of_range())?;
        if value < min || value > max {
            return Err(out_of_range());
        }
        Ok(value)
    }

    /// A name `<prefix><n>` with n >= 1 and no leading zero; returns n and the token.
    fn numbered(&mut self, prefix: char, expected: &Sentence) -> Result<(u64, Token), TextError> {
        let t = self.word(expected)?;
        let number = t
            .text
            .strip_prefix(prefix)
            .filter(|d| !d.is_empty() && !d.starts_with('0') && d.bytes().all(|b| b.is_ascii_digit()))
            .map(|d| d.parse::<u64>().unwrap_or(u64::MAX));
        match number {
            Some(n) => Ok((n, t)),
            None => {
                self.next -= 1;
                Err(self.expected(expected))
            }
        }
    }

    /// A declared process `P<n>`.
    fn process(&mut self, count: usize) -> Result<ProcessId, TextError> {
        let (n, t) = self.numbered('P', &say!("a process name like P1"))?;
        if n == 0 || n > count as u64 {
            return Err(err(self.no, t.column, TextErrorKind::UnknownProcess { name: t.text, count }));
        }
        Ok(n as usize - 1)
    }

    /// A process name `P<n>` whose process may not be declared yet.
    fn process_name(&mut self) -> Result<(u64, Token), TextError> {
        self.numbered('P', &say!("a process name like P1"))
    }

    /// A message in flight: `m<n>`, or `marker S<k> P<a> P<b>`.
    fn message_ref(&mut self, count: usize, no: usize) -> Result<MessageRef, TextError> {
        let is_marker = self.tokens.get(self.next).is_some_and(|t| !t.quoted && t.text == "marker");
        if is_marker {
            self.next += 1;
            let snapshot = self.snapshot_id()?;
            let from = self.process(count)?;
            let to = self.process(count)?;
            return Ok(MessageRef::Marker { snapshot, channel: Channel { from, to } });
        }
        let (n, t) = self.numbered('m', &say!("a message like m1 or `marker S1 P1 P2`"))?;
        let number = u32::try_from(n).map_err(|_| {
            err(
                no,
                t.column,
                TextErrorKind::OutOfRange {
                    what: say!("message"),
                    found: t.text.clone(),
                    min: 1,
                    max: u32::MAX.into(),
                },
            )
        })?;
        Ok(MessageRef::App { number })
    }

    fn snapshot_id(&mut self) -> Result<u32, TextError> {
        let (n, t) = self.numbered('S', &say!("a snapshot name like S1"))?;
        u32::try_from(n).map_err(|_| {
            err(
                self.no,
                t.column,
                TextErrorKind::OutOfRange {
                    what: say!("snapshot"),
                    found: t.text.clone(),
                    min: 1,
                    max: u32::MAX.into(),
                },
            )
        })
    }
}

/// A setting line already seen: its line number.
#[derive(Default)]
struct Seen {
    channels_complete: Option<usize>,
    first_channel: Option<usize>,
    discipline: Option<usize>,
    algorithm: Option<usize>,
    markers: Option<usize>,
    unit: Option<usize>,
    seed: Option<usize>,
    cursor: Option<(usize, usize)>,
    first_process: Option<usize>,
    first_action: Option<usize>,
}

fn once(slot: &mut Option<usize>, keyword: &str, line: &Line) -> Result<(), TextError> {
    if let Some(first_line) = *slot {
        return Err(err(line.no, 1, TextErrorKind::Repeated { keyword: keyword.to_string(), first_line }));
    }
    *slot = Some(line.no);
    Ok(())
}

/// Position of byte `limit` of `text` as (line, column).
fn position_of_byte(text: &str, limit: usize) -> (usize, usize) {
    let bytes = &text.as_bytes()[..limit.min(text.len())];
    let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // Count characters: every byte that is not a UTF-8 continuation byte starts one.
    let column = bytes[line_start..].iter().filter(|&&b| (b & 0xC0) != 0x80).count() + 1;
    (line, column)
}

/// Parses a scenario text. See the module documentation for the syntax.
pub fn parse(text: &str) -> Result<Scenario, TextError> {
    if text.len() > MAX_SCENARIO_BYTES {
        let (line, column) = position_of_byte(text, MAX_SCENARIO_BYTES);
        return Err(err(line, column, TextErrorKind::TooLong { bytes: text.len() }));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut seen = Seen::default();
    let mut processes: Vec<ProcessSpec> = Vec::new();
    // (channel, line, column of the first process name) for each `channel` line.
    let mut channel_lines: Vec<(u64, Token, u64, Token, usize)> = Vec::new();
    let mut discipline = Discipline::default();
    let mut algorithm = Algorithm::default();
    let mut markers = MarkerRule::default();
    let mut unit = Unit::default();
    let mut seed: u64 = 1;
    let mut cursor: Option<u32> = None;
    let mut actions: Vec<Action> = Vec::new();
    // (process number, its token, line, position) for each `position` line.
    let mut position_lines: Vec<(u64, Token, usize, (u16, u16))> = Vec::new();

    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let no = index + 1;
        let tokens = tokenize(no, raw)?;
        if tokens.is_empty() {
            continue;
        }
        let mut line = Line { no, tokens, next: 0, end_column: raw.chars().count() + 1 };
        let head = line.tokens[0].clone();
        if head.quoted {
            return Err(line.expected(&say!("a keyword")));
        }
        line.next = 1;
        let keyword = head.text.as_str();
        let declaration = matches!(
            keyword,
            "process"
                | "channels"
                | "channel"
                | "position"
                | "discipline"
                | "algorithm"
                | "markers"
                | "unit"
                | "seed"
                | "cursor"
        );
        if declaration {
            if let Some(first_action_line) = seen.first_action {
                return Err(err(
                    no,
                    head.column,
                    TextErrorKind::DeclarationAfterAction { keyword: keyword.to_string(), first_action_line },
                ));
            }
        }
        let count = processes.len();
        match keyword {
            "process" => {
                seen.first_process.get_or_insert(no);
                let (n, t) = line.process_name()?;
                if count >= MAX_PROCESSES {
                    return Err(err(no, t.column, TextErrorKind::TooManyProcesses));
                }
                if n != count as u64 + 1 {
                    return Err(err(
                        no,
                        t.column,
                        TextErrorKind::ProcessOutOfOrder { expected: process_name(count), found: t.text },
                    ));
                }
                let initial =
                    line.integer(&say!("the initial state"), -i128::from(MAX_AMOUNT), i128::from(MAX_AMOUNT))?;
                let label = match line.tokens.get(line.next) {
                    Some(t) if t.quoted => {
                        let chars = t.text.chars().count();
                        if chars > MAX_LABEL_CHARS {
                            return Err(err(no, t.column, TextErrorKind::LabelTooLong { chars }));
                        }
                        line.next += 1;
                        t.text.clone()
                    }
                    Some(_) => return Err(line.expected(&say!("a label in double quotes"))),
                    None => process_name(count),
                };
                line.end()?;
                processes.push(ProcessSpec { label, initial: initial as i64 });
            }
            "channels" => {
                if let Some(first_line) = seen.first_channel {
                    return Err(err(no, head.column, TextErrorKind::MixedChannels { first_line }));
                }
                once(&mut seen.channels_complete, "channels", &line)?;
                line.keyword(&say!("`complete`"), &["complete"])?;
                line.end()?;
            }
            "channel" => {
                if let Some(first_line) = seen.channels_complete {
                    return Err(err(no, head.column, TextErrorKind::MixedChannels { first_line }));
                }
                seen.first_channel.get_or_insert(no);
                let (from, from_token) = line.process_name()?;
                let (to, to_token) = line.process_name()?;
                line.end()?;
                if from == to {
                    return Err(err(no, to_token.column, TextErrorKind::SelfChannel { process: from_token.text }));
                }
                if let Some(first) = channel_lines.iter().find(|c| c.0 == from && c.2 == to) {
                    return Err(err(
                        no,
                        from_token.column,
                        TextErrorKind::DuplicateChannel {
                            channel: format!("{}→{}", from_token.text, to_token.text),
                            first_line: first.4,
                        },
                    ));
                }
                channel_lines.push((from, from_token, to, to_token, no));
            }
            "position" => {
                let (p, token) = line.process_name()?;
                let x = line.integer(&say!("the x position"), 0, MAX_POSITION.into())? as u16;
                let y = line.integer(&say!("the y position"), 0, MAX_POSITION.into())? as u16;
                line.end()?;
                if let Some(first) = position_lines.iter().find(|l| l.0 == p) {
                    return Err(err(
                        no,
                        token.column,
                        TextErrorKind::Repeated { keyword: format!("position {}", token.text), first_line: first.2 },
                    ));
                }
                position_lines.push((p, token, no, (x, y)));
            }
            "discipline" => {
                once(&mut seen.discipline, "discipline", &line)?;
                discipline = match line.keyword(&say!("`fifo` or `non-fifo`"), &["fifo", "non-fifo"])? {
                    "fifo" => Discipline::Fifo,
                    _ => Discipline::NonFifo,
                };
                line.end()?;
            }
            "algorithm" => {
                once(&mut seen.algorithm, "algorithm", &line)?;
                algorithm =
                    match line.keyword(&say!("`chandy-lamport` or `lai-yang`"), &["chandy-lamport", "lai-yang"])? {
                        "lai-yang" => Algorithm::LaiYang,
                        _ => Algorithm::ChandyLamport,
                    };
                line.end()?;
            }
            "markers" => {
                once(&mut seen.markers, "markers", &line)?;
                markers = match line
                    .keyword(&say!("`every-outgoing` or `skip-sender`"), &["every-outgoing", "skip-sender"])?
                {
                    "skip-sender" => MarkerRule::SkipSender,
                    _ => MarkerRule::EveryOutgoing,
                };
                line.end()?;
            }
            "unit" => {
                once(&mut seen.unit, "unit", &line)?;
                unit = match line.keyword(&say!("`balance` or `tokens`"), &["balance", "tokens"])? {
                    "balance" => Unit::Balance,
                    _ => Unit::Tokens,
                };
                line.end()?;
            }
            "seed" => {
                once(&mut seen.seed, "seed", &line)?;
                seed = line.integer(&say!("the seed"), 0, u64::MAX.into())? as u64;
                line.end()?;
            }
            "cursor" => {
                if let Some((first_line, _)) = seen.cursor {
                    return Err(err(no, 1, TextErrorKind::Repeated { keyword: "cursor".into(), first_line }));
                }
                let column = line.tokens.get(1).map_or(line.end_column, |t| t.column);
                cursor = Some(line.integer(&say!("the cursor"), 0, u32::MAX.into())? as u32);
                seen.cursor = Some((no, column));
                line.end()?;
            }
            keyword if ACTION_WORDS.contains(&keyword) => {
                seen.first_action.get_or_insert(no);
                if actions.len() >= MAX_ACTIONS {
                    return Err(err(no, head.column, TextErrorKind::TooManyActions));
                }
                let amount = |line: &mut Line, what: &Sentence| {
                    line.integer(what, -i128::from(MAX_AMOUNT), i128::from(MAX_AMOUNT)).map(|v| v as i64)
                };
                let action = match keyword {
                    "send" => {
                        let from = line.process(count)?;
                        let to = line.process(count)?;
                        let amount = amount(&mut line, &say!("the amount"))?;
                        Action::Send { from, to, amount }
                    }
                    "deliver" | "drop" | "duplicate" => {
                        let message = line.message_ref(count, no)?;
                        match keyword {
                            "deliver" => Action::Deliver { message },
                            "drop" => Action::Drop { message },
                            _ => Action::Duplicate { message },
                        }
                    }
                    "crash" => Action::Crash { process: line.process(count)? },
                    "wait" => {
                        let process = line.process(count)?;
                        let on = line.process(count)?;
                        Action::Wait { process, on }
                    }
                    "internal" => {
                        let process = line.process(count)?;
                        let delta = amount(&mut line, &say!("the change"))?;
                        Action::Internal { process, delta }
                    }
                    "snapshot" => Action::Snapshot { process: line.process(count)? },
                    _ => {
                        let snapshot = line.snapshot_id()?;
                        let process = line.process(count)?;
                        Action::Join { process, snapshot }
                    }
                };
                line.end()?;
                actions.push(action);
            }
            other => return Err(err(no, head.column, TextErrorKind::UnknownKeyword { found: other.to_string() })),
        }
    }

    let count = processes.len();
    let topology_line = match (seen.first_process, seen.first_channel) {
        (Some(p), Some(c)) => p.min(c),
        (p, c) => p.or(c).unwrap_or(1),
    };
    let mut channels = Vec::with_capacity(channel_lines.len());
    for (from, from_token, to, to_token, no) in channel_lines {
        for (n, t) in [(from, from_token), (to, to_token)] {
            if n > count as u64 {
                return Err(err(no, t.column, TextErrorKind::UnknownProcess { name: t.text, count }));
            }
        }
        channels.push(Channel { from: from as usize - 1, to: to as usize - 1 });
    }
    let topology = if seen.first_channel.is_some() {
        Topology::new(processes, channels, discipline, unit)
    } else {
        Topology::complete(processes, discipline, unit)
    };
    let topology = topology
        .map_err(|e| err(topology_line, 1, TextErrorKind::Topology(e)))?
        .with_algorithm(algorithm)
        .with_markers(markers);
    let topology = match position_lines.first() {
        None => topology,
        Some(first) => {
            let mut positions = vec![None; count];
            for (p, token, no, at) in &position_lines {
                if *p > count as u64 {
                    return Err(err(
                        *no,
                        token.column,
                        TextErrorKind::UnknownProcess { name: token.text.clone(), count },
                    ));
                }
                positions[*p as usize - 1] = Some(*at);
            }
            if let Some(missing) = positions.iter().position(Option::is_none) {
                return Err(err(first.2, 1, TextErrorKind::MissingPosition { process: process_name(missing) }));
            }
            topology
                .with_positions(Some(positions.into_iter().flatten().collect()))
                .map_err(|e| err(first.2, 1, TextErrorKind::Topology(e)))?
        }
    };
    if let (Some(c), Some((line, column))) = (cursor, seen.cursor) {
        if c as usize > actions.len() {
            return Err(err(line, column, TextErrorKind::CursorBeyondEnd { cursor: c, actions: actions.len() }));
        }
    }
    Ok(Scenario { topology, actions, seed, view: ViewOptions { cursor } })
}

/// A label in double quotes, escaped so that [`parse`] reads it back exactly.
pub fn quote(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 2);
    out.push('"');
    for c in label.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A message as the text form names it: `m3` or `marker S1 P1 P2`.
fn message_words(message: &MessageRef) -> String {
    match *message {
        MessageRef::App { number } => format!("m{number}"),
        MessageRef::Marker { snapshot, channel } => {
            format!("marker S{snapshot} {} {}", process_name(channel.from), process_name(channel.to))
        }
    }
}

/// The keywords of the action lines (`wait` only where [`Action::Wait`] is built).
const ACTION_WORDS: &[&str] =
    &["send", "deliver", "internal", "snapshot", "join", "drop", "duplicate", "crash", "wait"];

/// One action as a line of the text form, e.g. `deliver marker S1 P1 P2`.
pub fn action_line(action: &Action) -> String {
    let p = |p: ProcessId| process_name(p);
    match *action {
        Action::Send { from, to, amount } => format!("send {} {} {amount}", p(from), p(to)),
        Action::Deliver { message: MessageRef::App { number } } => format!("deliver m{number}"),
        Action::Deliver { message: MessageRef::Marker { snapshot, channel } } => {
            format!("deliver marker S{snapshot} {} {}", p(channel.from), p(channel.to))
        }
        Action::Internal { process, delta } => format!("internal {} {delta}", p(process)),
        Action::Snapshot { process } => format!("snapshot {}", p(process)),
        Action::Join { process, snapshot } => format!("join S{snapshot} {}", p(process)),
        Action::Drop { message } => format!("drop {}", message_words(&message)),
        Action::Duplicate { message } => format!("duplicate {}", message_words(&message)),
        Action::Crash { process } => format!("crash {}", p(process)),
        Action::Wait { process, on } => format!("wait {} {}", p(process), p(on)),
    }
}

/// Prints a scenario in the canonical text form: the processes, the channels, every setting
/// (defaults included), the cursor if any, then a blank line and one action a line.
pub fn to_text(scenario: &Scenario) -> String {
    let t = &scenario.topology;
    let mut out = String::new();
    for (p, spec) in t.processes().iter().enumerate() {
        let _ = write!(out, "process {} {}", process_name(p), spec.initial);
        if spec.label != process_name(p) {
            let _ = write!(out, " {}", quote(&spec.label));
        }
        out.push('\n');
    }
    if t.is_complete() {
        out.push_str("channels complete\n");
    } else {
        for c in t.channels() {
            let _ = writeln!(out, "channel {} {}", process_name(c.from), process_name(c.to));
        }
    }
    for (p, (x, y)) in t.positions().unwrap_or_default().iter().enumerate() {
        let _ = writeln!(out, "position {} {x} {y}", process_name(p));
    }
    let discipline = match t.discipline {
        Discipline::Fifo => "fifo",
        Discipline::NonFifo => "non-fifo",
    };
    let unit = match t.unit {
        Unit::Balance => "balance",
        Unit::Tokens => "tokens",
    };
    let _ = writeln!(out, "discipline {discipline}");
    if t.algorithm != Algorithm::ChandyLamport {
        let _ = writeln!(out, "algorithm {}", t.algorithm.id());
    }
    if t.markers != MarkerRule::EveryOutgoing {
        let _ = writeln!(out, "markers {}", t.markers.id());
    }
    let _ = writeln!(out, "unit {unit}");
    let _ = writeln!(out, "seed {}", scenario.seed);
    if let Some(cursor) = scenario.view.cursor {
        let _ = writeln!(out, "cursor {cursor}");
    }
    if !scenario.actions.is_empty() {
        out.push('\n');
        for a in &scenario.actions {
            out.push_str(&action_line(a));
            out.push('\n');
        }
    }
    out
}
