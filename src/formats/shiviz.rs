//! ShiViz logs: every event of a run with its process (the *host*) and its vector clock, in the
//! form ShiViz draws as a space-time diagram, and the import of such logs.
//!
//! [`export`] writes the parser regex on the first line ([`DEFAULT_REGEX`], ShiViz's own
//! default), then two lines per event: what happened (`P1 sends m1 (100) to P2`) and
//! `P1 {"P1": 1}`, the host and its vector clock as a JSON object of host → count, zero entries
//! left out as ShiViz expects.
//!
//! [`import`] reads such a log with a given regex (JavaScript syntax, named groups `host`,
//! `clock` and optionally `event`), or with the regex on its first line, or with the default.
//! It is stricter than ShiViz, which skips text that does not match: every line must belong to
//! an event, every clock must be a JSON object of non-negative integers, each host's own count
//! must go up by exactly one from event to event (starting at 1) and no other count may go
//! down, and no clock may know of more events of a host than the log has. Errors name the line.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use crate::say;
use crate::sim::event::Log;
use crate::sim::process_name;
use crate::sim::words::{Says, Sentence};

/// ShiViz's default parser regex: an event line, then `host {clock}`.
pub const DEFAULT_REGEX: &str = r"(?<event>.*)\n(?<host>\S*) (?<clock>{.*})";

/// The largest log [`import`] reads, in bytes.
pub const MAX_BYTES: usize = 8 << 20;
/// The most events [`import`] reads.
pub const MAX_EVENTS: usize = 100_000;
/// The most hosts [`import`] reads.
pub const MAX_HOSTS: usize = 64;

/// The run as a ShiViz log (see the module's documentation).
pub fn export(log: &Log) -> String {
    let mut out = String::with_capacity(64 * (log.events.len() + 1));
    out.push_str(DEFAULT_REGEX);
    out.push('\n');
    for e in &log.events {
        let _ = writeln!(out, "{}", e.describe());
        let _ = write!(out, "{} {{", process_name(e.process));
        let mut first = true;
        for (p, &count) in e.vclock.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let _ = write!(out, "{}\"{}\": {count}", if first { "" } else { ", " }, process_name(p));
            first = false;
        }
        out.push_str("}\n");
    }
    out
}

/// One event of an imported log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedEvent {
    /// The 1-based line where the event's match starts.
    pub line: usize,
    pub host: String,
    /// The `event` group, or empty without one.
    pub description: String,
    /// The vector clock, host → count, without zero entries.
    pub clock: BTreeMap<String, u32>,
}

/// An imported log: its hosts in order of their first event, and its events in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedLog {
    pub hosts: Vec<String>,
    pub events: Vec<ImportedEvent>,
}

/// Why a log cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The parser regex is not usable (`message` says why, a whole sentence); `line` is 1 when
    /// it came from the log's first line.
    Regex { line: Option<usize>, message: Sentence },
    /// Something at a line of the log (1-based, counting the regex line when there is one).
    At { line: usize, message: Sentence },
    /// The log as a whole.
    Log(Sentence),
}

impl Says for ImportError {
    /// What is wrong, and where, in words.
    fn sentence(&self) -> Sentence {
        match self {
            ImportError::Regex { line: Some(line), message } | ImportError::At { line, message } => {
                say!("line {0}: {1}", line, message)
            }
            ImportError::Regex { line: None, message } => message.clone(),
            ImportError::Log(message) => message.clone(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl std::error::Error for ImportError {}

/// Named groups the importer understands.
const GROUPS: &[&str] = &["event", "host", "clock"];

/// A JavaScript regex as the `regex_lite` syntax: a `{` or `}` that cannot be part of a counted
/// repetition (`{2}`, `{2,}`, `{2,5}`) is a literal in JavaScript and is escaped here, and so is
/// a `[` inside a character class.
fn from_javascript(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                    i += 1;
                }
            }
            '[' if in_class => out.push_str("\\["),
            '[' => {
                in_class = true;
                out.push(c);
                // `[]…]` and `[^]…]`: a `]` first is a literal in neither language; keep as is.
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '{' if !in_class => {
                let rest: String = chars[i + 1..].iter().take_while(|&&c| c != '}').collect();
                let closed = chars.len() > i + 1 + rest.chars().count();
                let counted = closed && {
                    let (min, max) = rest.split_once(',').unwrap_or((&rest, "0"));
                    !min.is_empty()
                        && min.bytes().all(|b| b.is_ascii_digit())
                        && max.bytes().all(|b| b.is_ascii_digit())
                };
                if counted {
                    out.push('{');
                    out.push_str(&rest);
                    out.push('}');
                    i += rest.chars().count() + 1;
                } else {
                    out.push_str("\\{");
                }
            }
            '}' if !in_class => out.push_str("\\}"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Compiles a JavaScript parser regex and checks its groups.
fn compile(pattern: &str, line: Option<usize>) -> Result<regex_lite::Regex, ImportError> {
    let error = |message: Sentence| ImportError::Regex { line, message };
    let regex = regex_lite::RegexBuilder::new(&from_javascript(pattern))
        .multi_line(true)
        .build()
        .map_err(|e| error(say!("the parser regex is not valid: {0}", first_line(&e.to_string()))))?;
    for name in regex.capture_names().flatten() {
        if !GROUPS.contains(&name) {
            return Err(error(say!(
                "the parser regex has a group `{0}` that is not understood: the groups are `host`, `clock` and `event`",
                name
            )));
        }
    }
    for needed in ["host", "clock"] {
        if !regex.capture_names().flatten().any(|n| n == needed) {
            return Err(error(say!("the parser regex has no group `{0}` (write it as (?<{0}>…))", needed)));
        }
    }
    Ok(regex)
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim()
}

/// At most 60 characters of `s`, for messages.
fn excerpt(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Parses one clock: a JSON object of host → non-negative whole number; zero entries dropped.
fn parse_clock(json: &str, line: usize) -> Result<BTreeMap<String, u32>, ImportError> {
    let at = |message: Sentence| ImportError::At { line, message };
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| at(say!("the vector clock `{0}` is not valid JSON: {1}", excerpt(json), e.to_string())))?;
    let serde_json::Value::Object(map) = value else {
        return Err(at(say!("the vector clock `{0}` is not a JSON object of host → count", excerpt(json))));
    };
    let mut clock = BTreeMap::new();
    for (host, count) in map {
        let count = count.as_u64().and_then(|c| u32::try_from(c).ok()).ok_or_else(|| {
            at(say!(
                "the count of `{0}` in the vector clock is {1}, not a whole number from 0 to {2}",
                &host,
                count.to_string(),
                u32::MAX
            ))
        })?;
        if count > 0 {
            clock.insert(host, count);
        }
    }
    Ok(clock)
}

/// Reads a ShiViz log. With `regex` `None`, a first line holding `(?<host>` is the regex;
/// otherwise [`DEFAULT_REGEX`] is used. See the module's documentation for what is checked.
pub fn import(log: &str, regex: Option<&str>) -> Result<ImportedLog, ImportError> {
    if log.len() > MAX_BYTES {
        return Err(ImportError::Log(Sentence::plain(format!(
            "the log is larger than the limit of {MAX_BYTES} bytes"
        ))));
    }
    let log = log.strip_prefix('\u{feff}').unwrap_or(log);
    let normalised;
    let log = if log.contains('\r') {
        normalised = log.replace("\r\n", "\n");
        normalised.as_str()
    } else {
        log
    };
    let (regex, body, first_body_line) = match regex {
        Some(pattern) => (compile(pattern, None)?, log, 1),
        None => {
            let (first, rest) = log.split_once('\n').unwrap_or((log, ""));
            if first.contains("(?<host>") {
                (compile(first, Some(1))?, rest, 2)
            } else {
                (compile(DEFAULT_REGEX, None)?, log, 1)
            }
        }
    };
    // Line numbers: the line of a byte offset in `body`.
    let mut line_starts = vec![0];
    line_starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
    let line_of = |offset: usize| first_body_line + line_starts.partition_point(|&s| s <= offset) - 1;

    let mut events: Vec<ImportedEvent> = Vec::new();
    let mut clock_lines: Vec<usize> = Vec::new();
    let mut hosts: Vec<String> = Vec::new();
    // Per host: its last clock (for monotonicity) and its number of events.
    let mut last: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut end = 0;
    for caps in regex.captures_iter(body) {
        let whole = caps.get(0).expect("group 0 is the match");
        check_gap(&body[end..whole.start()], end, &line_of)?;
        end = whole.end();
        let line = line_of(whole.start());
        if whole.as_str().is_empty() {
            continue;
        }
        if events.len() == MAX_EVENTS {
            return Err(ImportError::At { line, message: say!("the log has more than {0} events", MAX_EVENTS) });
        }
        let host = caps.name("host").map_or("", |m| m.as_str()).to_string();
        if host.is_empty() {
            return Err(ImportError::At { line, message: say!("the event has no host (the `host` group is empty)") });
        }
        let clock_match = caps.name("clock");
        let clock_line = clock_match.map_or(line, |m| line_of(m.start()));
        let clock = parse_clock(clock_match.map_or("", |m| m.as_str()), clock_line)?;
        let at = |message: Sentence| ImportError::At { line: clock_line, message };
        let own = clock.get(&host).copied().unwrap_or(0);
        let previous = last.get(&host);
        let expected = previous.and_then(|c| c.get(&host)).copied().unwrap_or(0) + 1;
        if own != expected {
            return Err(at(say!(
                "the vector clock gives {0} the count {1}, but this is event {2} of {0}: a host's own count goes up by exactly one with each of its events",
                host,
                own,
                expected
            )));
        }
        if let Some(previous) = previous {
            for (other, &before) in previous {
                let now = clock.get(other).copied().unwrap_or(0);
                if now < before {
                    return Err(at(say!(
                        "the vector clock of {0} goes back from {1} to {2} for {3}: clocks never decrease",
                        host,
                        before,
                        now,
                        other
                    )));
                }
            }
        }
        if !last.contains_key(&host) {
            if hosts.len() == MAX_HOSTS {
                return Err(at(say!("the log has more than {0} hosts", MAX_HOSTS)));
            }
            hosts.push(host.clone());
        }
        last.insert(host.clone(), clock.clone());
        let description = caps.name("event").map_or("", |m| m.as_str()).to_string();
        events.push(ImportedEvent { line, host, description, clock });
        clock_lines.push(clock_line);
    }
    check_gap(&body[end..], end, &line_of)?;
    if events.is_empty() {
        return Err(ImportError::Log(say!("the log has no events that the parser regex matches")));
    }
    // No clock may know of more events of a host than the log has.
    for (e, &line) in events.iter().zip(&clock_lines) {
        for (other, &count) in &e.clock {
            let has = last.get(other).and_then(|c| c.get(other)).copied().unwrap_or(0);
            if count > has {
                return Err(ImportError::At {
                    line,
                    message: say!(
                        "the vector clock of this event of {0} counts {1} events of {2}, but the log has {3}",
                        &e.host,
                        count,
                        other,
                        has
                    ),
                });
            }
        }
    }
    Ok(ImportedLog { hosts, events })
}

/// Text between two matches (or before the first, after the last) must be blank.
fn check_gap(gap: &str, offset: usize, line_of: &impl Fn(usize) -> usize) -> Result<(), ImportError> {
    match gap.find(|c: char| !c.is_whitespace()) {
        None => Ok(()),
        Some(i) => {
            let text = gap[i..].lines().next().unwrap_or("");
            Err(ImportError::At {
                line: line_of(offset + i),
                message: say!("`{0}` does not match the parser regex", excerpt(text)),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_braces_become_literal_unless_they_count() {
        assert_eq!(from_javascript(DEFAULT_REGEX), r"(?<event>.*)\n(?<host>\S*) (?<clock>\{.*\})");
        assert_eq!(from_javascript(r"a{2}b{1,}c{1,3}"), r"a{2}b{1,}c{1,3}");
        assert_eq!(from_javascript(r"\{x{,2}[{}[]"), r"\{x\{,2\}[{}\[]");
        assert_eq!(from_javascript(r"{"), r"\{");
    }
}
