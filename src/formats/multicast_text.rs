//! The readable text form of a multicast scenario, beside the snapshot lab's ([`super::text`]):
//! one line per setting or action, meant to be written by hand and read by anyone.
//!
//! ```text
//! group 3                  # the members P1, P2, P3 (2 to 8); always the first line
//! order causal             # unordered, fifo, causal, total (P1 is the sequencer) or isis
//! reliability basic        # basic or reliable
//! cursor 4                 # optional: the timeline position
//! multicast P1             # P1 multicasts the next message (m1, m2, … in multicast order)
//! multicast P2 partial P3  # P2 sends to P3 only, then crashes (`partial` alone: to no one)
//! receive m1 P1 P2         # the copy of m1 from P1 to P2 arrives
//! receive order m1 2 P1 P3 # total order: the sequencer's order for m1 (#2) from P1 arrives at P3
//! receive proposal m1 3.2 P2 P1 # isis: P2's proposed priority 3.2 for m1 arrives at its sender
//! receive agreed m1 3.2 P1 P3   # isis: m1's agreed priority 3.2 from P1 arrives at P3
//! crash P3
//! ```
//!
//! `#` starts a comment, blank lines are ignored, keywords are case-sensitive. `group` comes
//! first (it is what tells this form from the snapshot lab's); `order`, `reliability` and
//! `cursor` come before the first action, each at most once (`order` defaults to `unordered`,
//! `reliability` to `basic`). The members of a partial multicast may be listed in any order;
//! they are kept in process order, as the `v1.mc.` link keeps them.
//!
//! [`parse`] checks the syntax and the limits (the text's size, before anything is allocated
//! for it; the action count as actions are read) and reports the first problem with its 1-based
//! line and column (in characters), as a [`TextError`] like the snapshot text form's. Whether
//! each action can be taken is the replay's business
//! ([`crate::sim::multicast::Scenario::replay`]). [`to_text`] prints the canonical form:
//! `parse(&to_text(s)) == Ok(s)` for every scenario a `v1.mc.` link can hold.

use std::fmt::Write as _;

use crate::say;
use crate::sim::limits::{MAX_ACTIONS, MAX_SCENARIO_BYTES};
use crate::sim::multicast::{
    message_name, priority_name, Action, Copy, Order, Payload, Priority, Reliability, Scenario, Setup, MAX_MEMBERS,
    MIN_MEMBERS,
};
use crate::sim::process_name;
use crate::sim::topology::ProcessId;
use crate::sim::words::Sentence;

pub use super::text::{TextError, TextErrorKind};

/// The keyword an order is written with.
pub fn order_word(order: Order) -> &'static str {
    match order {
        Order::Unordered => "unordered",
        Order::Fifo => "fifo",
        Order::Causal => "causal",
        Order::Total => "total",
        Order::Agreed => "isis",
    }
}

fn reliability_word(r: Reliability) -> &'static str {
    match r {
        Reliability::Basic => "basic",
        Reliability::Reliable => "reliable",
    }
}

/// One action as a line of the text form (without a newline).
pub fn action_line(action: &Action) -> String {
    match action {
        Action::Multicast { from, reach: None } => format!("multicast {}", process_name(*from)),
        Action::Multicast { from, reach: Some(reach) } => {
            let mut line = format!("multicast {} partial", process_name(*from));
            for &q in reach {
                let _ = write!(line, " {}", process_name(q));
            }
            line
        }
        Action::Receive(Copy { payload: Payload::Message(m), from, to }) => {
            format!("receive {} {} {}", message_name(*m), process_name(*from), process_name(*to))
        }
        Action::Receive(Copy { payload: Payload::Order { message, number }, from, to }) => {
            format!("receive order {} {number} {} {}", message_name(*message), process_name(*from), process_name(*to))
        }
        Action::Receive(Copy { payload: Payload::Proposal { message, priority }, from, to }) => format!(
            "receive proposal {} {} {} {}",
            message_name(*message),
            priority_name(*priority),
            process_name(*from),
            process_name(*to)
        ),
        Action::Receive(Copy { payload: Payload::Agreed { message, priority }, from, to }) => format!(
            "receive agreed {} {} {} {}",
            message_name(*message),
            priority_name(*priority),
            process_name(*from),
            process_name(*to)
        ),
        Action::Crash(p) => format!("crash {}", process_name(*p)),
    }
}

/// The canonical text of a multicast scenario.
pub fn to_text(s: &Scenario) -> String {
    let mut out = String::with_capacity(64 + 24 * s.actions.len());
    let _ = writeln!(out, "group {}", s.setup.members);
    let _ = writeln!(out, "order {}", order_word(s.setup.order));
    let _ = writeln!(out, "reliability {}", reliability_word(s.setup.reliability));
    if let Some(c) = s.cursor {
        let _ = writeln!(out, "cursor {c}");
    }
    for a in &s.actions {
        out.push_str(&action_line(a));
        out.push('\n');
    }
    out
}

/// Does this text look like a multicast scenario (its first line that is not blank or a
/// comment starts with `group`)? What the command line uses to tell the two text forms apart.
pub fn is_multicast_text(text: &str) -> bool {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.split_whitespace().next() == Some("group"))
}

/// A word of a line and its 1-based column.
struct Token<'a> {
    text: &'a str,
    column: usize,
}

fn tokens(line: &str) -> Vec<Token<'_>> {
    let line = line.split('#').next().unwrap_or("");
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut column = 0;
    for (byte, c) in line.char_indices() {
        column += 1;
        if c.is_whitespace() {
            if let Some((b, col)) = start.take() {
                out.push(Token { text: &line[b..byte], column: col });
            }
        } else if start.is_none() {
            start = Some((byte, column));
        }
    }
    if let Some((b, col)) = start {
        out.push(Token { text: &line[b..], column: col });
    }
    out
}

fn err(line: usize, column: usize, kind: TextErrorKind) -> TextError {
    TextError { line, column, kind }
}

fn shown(t: &Token) -> Sentence {
    Sentence::plain(format!("`{}`", t.text))
}

/// What one line is read with: its number, its tokens, and where the line ends.
struct Line<'a> {
    no: usize,
    tokens: Vec<Token<'a>>,
    end: usize,
    next: usize,
}

impl<'a> Line<'a> {
    fn expected(&self, expected: Sentence) -> TextError {
        match self.tokens.get(self.next) {
            Some(t) => err(self.no, t.column, TextErrorKind::Expected { expected, found: shown(t) }),
            None => err(self.no, self.end, TextErrorKind::Expected { expected, found: say!("end of line") }),
        }
    }

    fn take(&mut self, expected: impl Fn() -> Sentence) -> Result<(usize, &'a str), TextError> {
        if self.next >= self.tokens.len() {
            return Err(self.expected(expected()));
        }
        self.next += 1;
        let t = &self.tokens[self.next - 1];
        Ok((t.column, t.text))
    }

    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.next).map(|t| t.text)
    }

    fn done(&self) -> Result<(), TextError> {
        if self.next < self.tokens.len() {
            return Err(self.expected(say!("end of line")));
        }
        Ok(())
    }

    /// A whole number in `min..=max`, named `what` in errors.
    fn number(&mut self, what: fn() -> Sentence, min: u64, max: u64) -> Result<u64, TextError> {
        let (column, text) = self.take(|| say!("{0} (a whole number)", what()))?;
        let no = self.no;
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(
                no,
                column,
                TextErrorKind::Expected {
                    expected: say!("{0} (a whole number)", what()),
                    found: Sentence::plain(format!("`{text}`")),
                },
            ));
        }
        match text.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(err(
                no,
                column,
                TextErrorKind::OutOfRange { what: what(), found: text.to_string(), min: min.into(), max: max.into() },
            )),
        }
    }

    /// A member `P1` … `P<members>`.
    fn process(&mut self, members: usize) -> Result<ProcessId, TextError> {
        let (column, text) = self.take(|| say!("a process name like P1"))?;
        let no = self.no;
        let digits = text.strip_prefix('P').filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        let Some(digits) = digits else {
            return Err(err(
                no,
                column,
                TextErrorKind::Expected {
                    expected: say!("a process name like P1"),
                    found: Sentence::plain(format!("`{text}`")),
                },
            ));
        };
        match digits.parse::<usize>() {
            Ok(k) if (1..=members).contains(&k) && !digits.starts_with('0') => Ok(k - 1),
            _ => Err(err(no, column, TextErrorKind::UnknownProcess { name: text.to_string(), count: members })),
        }
    }

    /// An ISIS priority `3.2`: a count from 1, a dot, a member's number.
    fn priority(&mut self, members: usize) -> Result<Priority, TextError> {
        let (column, text) = self.take(|| say!("a priority like 3.2"))?;
        let no = self.no;
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0');
        let parsed = text.split_once('.').filter(|(c, p)| digits(c) && digits(p)).and_then(|(c, p)| {
            let count = c.parse::<u32>().ok()?;
            let process = p.parse::<usize>().ok().filter(|k| (1..=members).contains(k))?;
            Some(Priority { count, process: process - 1 })
        });
        parsed.ok_or_else(|| {
            err(
                no,
                column,
                TextErrorKind::Expected {
                    expected: say!("a priority like 3.2 (a count from 1, a dot, a member's number)"),
                    found: Sentence::plain(format!("`{text}`")),
                },
            )
        })
    }

    /// A message `m1`, `m2`, … (1 to `u32::MAX`).
    fn message(&mut self) -> Result<u32, TextError> {
        let (column, text) = self.take(|| say!("a message like m1"))?;
        let no = self.no;
        let digits = text.strip_prefix('m').filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        let Some(digits) = digits else {
            return Err(err(
                no,
                column,
                TextErrorKind::Expected {
                    expected: say!("a message like m1"),
                    found: Sentence::plain(format!("`{text}`")),
                },
            ));
        };
        match digits.parse::<u32>() {
            Ok(k) if k >= 1 && !digits.starts_with('0') => Ok(k),
            _ => Err(err(
                no,
                column,
                TextErrorKind::OutOfRange {
                    what: say!("message"),
                    found: text.to_string(),
                    min: 1,
                    max: u32::MAX.into(),
                },
            )),
        }
    }
}

/// Reads a multicast scenario text (see the module's documentation).
pub fn parse(text: &str) -> Result<Scenario, TextError> {
    if text.len() > MAX_SCENARIO_BYTES {
        let before = &text[..text.floor_char_boundary(MAX_SCENARIO_BYTES)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(err(line, column, TextErrorKind::TooLong { bytes: text.len() }));
    }
    let mut members: Option<usize> = None;
    let mut order: Option<(Order, usize)> = None;
    let mut reliability: Option<(Reliability, usize)> = None;
    let mut cursor: Option<(u64, usize, usize)> = None;
    let mut first_action: Option<usize> = None;
    let mut actions: Vec<Action> = Vec::new();
    let mut last_line = 1;
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        last_line = no;
        let tokens = tokens(raw);
        let Some(first) = tokens.first() else { continue };
        let keyword = first.text;
        let column = first.column;
        let end = raw.split('#').next().unwrap_or("").chars().count() + 1;
        let mut line = Line { no, tokens, end, next: 1 };
        let Some(n) = members else {
            if keyword != "group" {
                return Err(err(
                    no,
                    column,
                    TextErrorKind::Expected {
                        expected: say!("`group` and the number of members, the first line of a multicast scenario"),
                        found: Sentence::plain(format!("`{keyword}`")),
                    },
                ));
            }
            members =
                Some(line.number(|| say!("the number of members"), MIN_MEMBERS as u64, MAX_MEMBERS as u64)? as usize);
            line.done()?;
            continue;
        };
        let declaration = matches!(keyword, "group" | "order" | "reliability" | "cursor");
        if declaration {
            if let Some(first_action_line) = first_action {
                return Err(err(
                    no,
                    column,
                    TextErrorKind::DeclarationAfterAction { keyword: keyword.to_string(), first_action_line },
                ));
            }
        }
        match keyword {
            "group" => {
                return Err(err(no, column, TextErrorKind::Repeated { keyword: "group".to_string(), first_line: 1 }))
            }
            "order" => {
                if let Some((_, first_line)) = order {
                    return Err(err(no, column, TextErrorKind::Repeated { keyword: keyword.to_string(), first_line }));
                }
                let found = match line.peek() {
                    Some("unordered") => Order::Unordered,
                    Some("fifo") => Order::Fifo,
                    Some("causal") => Order::Causal,
                    Some("total") => Order::Total,
                    Some("isis") => Order::Agreed,
                    _ => return Err(line.expected(say!("`unordered`, `fifo`, `causal`, `total` or `isis`"))),
                };
                line.next += 1;
                line.done()?;
                order = Some((found, no));
            }
            "reliability" => {
                if let Some((_, first_line)) = reliability {
                    return Err(err(no, column, TextErrorKind::Repeated { keyword: keyword.to_string(), first_line }));
                }
                let found = match line.peek() {
                    Some("basic") => Reliability::Basic,
                    Some("reliable") => Reliability::Reliable,
                    _ => return Err(line.expected(say!("`basic` or `reliable`"))),
                };
                line.next += 1;
                line.done()?;
                reliability = Some((found, no));
            }
            "cursor" => {
                if let Some((_, first_line, _)) = cursor {
                    return Err(err(no, column, TextErrorKind::Repeated { keyword: keyword.to_string(), first_line }));
                }
                let at = line.tokens.get(1).map_or(line.end, |t| t.column);
                let c = line.number(|| say!("the cursor"), 0, MAX_ACTIONS as u64)?;
                line.done()?;
                cursor = Some((c, no, at));
            }
            "multicast" | "receive" | "crash" => {
                if actions.len() >= MAX_ACTIONS {
                    return Err(err(no, column, TextErrorKind::TooManyActions));
                }
                first_action.get_or_insert(no);
                let action = match keyword {
                    "multicast" => {
                        let from = line.process(n)?;
                        if line.peek() == Some("partial") {
                            line.next += 1;
                            let mut reach: Vec<ProcessId> = Vec::new();
                            while line.next < line.tokens.len() {
                                let at = line.tokens[line.next].column;
                                let q = line.process(n)?;
                                if q == from || reach.contains(&q) {
                                    return Err(err(
                                        no,
                                        at,
                                        TextErrorKind::Expected {
                                            expected: say!(
                                                "each other member at most once (not the sender, {0})",
                                                process_name(from)
                                            ),
                                            found: Sentence::plain(format!("`{}`", process_name(q))),
                                        },
                                    ));
                                }
                                reach.push(q);
                            }
                            reach.sort_unstable();
                            Action::Multicast { from, reach: Some(reach) }
                        } else {
                            line.done()?;
                            Action::Multicast { from, reach: None }
                        }
                    }
                    "receive" => {
                        let payload = if line.peek() == Some("order") {
                            line.next += 1;
                            let message = line.message()?;
                            let number = line.number(|| say!("the order number"), 1, u32::MAX.into())? as u32;
                            Payload::Order { message, number }
                        } else if line.peek() == Some("proposal") || line.peek() == Some("agreed") {
                            let proposal = line.peek() == Some("proposal");
                            line.next += 1;
                            let message = line.message()?;
                            let priority = line.priority(n)?;
                            if proposal {
                                Payload::Proposal { message, priority }
                            } else {
                                Payload::Agreed { message, priority }
                            }
                        } else {
                            Payload::Message(line.message()?)
                        };
                        let from = line.process(n)?;
                        let to = line.process(n)?;
                        line.done()?;
                        Action::Receive(Copy { payload, from, to })
                    }
                    _ => {
                        let p = line.process(n)?;
                        line.done()?;
                        Action::Crash(p)
                    }
                };
                actions.push(action);
            }
            other => {
                return Err(err(
                    no,
                    column,
                    TextErrorKind::Expected {
                        expected: say!(
                            "a line of a multicast scenario: group, order, reliability, cursor, multicast, receive or crash"
                        ),
                        found: Sentence::plain(format!("`{other}`")),
                    },
                ))
            }
        }
    }
    let Some(members) = members else {
        return Err(err(
            last_line,
            1,
            TextErrorKind::Expected {
                expected: say!("`group` and the number of members, the first line of a multicast scenario"),
                found: say!("end of line"),
            },
        ));
    };
    let cursor = match cursor {
        None => None,
        Some((c, no, column)) if c as usize > actions.len() => {
            return Err(err(no, column, TextErrorKind::CursorBeyondEnd { cursor: c as u32, actions: actions.len() }))
        }
        Some((c, _, _)) => Some(c as usize),
    };
    Ok(Scenario {
        setup: Setup {
            members,
            order: order.map_or(Order::Unordered, |o| o.0),
            reliability: reliability.map_or(Reliability::Basic, |r| r.0),
        },
        actions,
        cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_columns_in_characters() {
        let t = tokens("  receive  m1 P1 # comment");
        let got: Vec<(&str, usize)> = t.iter().map(|t| (t.text, t.column)).collect();
        assert_eq!(got, vec![("receive", 3), ("m1", 12), ("P1", 15)]);
        let t = tokens("가 P2");
        assert_eq!(t[1].column, 3);
    }
}
