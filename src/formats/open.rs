//! Opening files in the lab: what kind of file a person chose (by its name, then by its
//! content) and the scenario it holds, or an [`OpenError`] that names the file, the line and
//! what is wrong. Pure: the page reads the files and hands their text here.
//!
//! - the readable text form (`.txt`, `.scenario`, or anything else that is not one of these),
//!   or a bare `v1.` link;
//! - a run document (`.json`, as `snapshot-lab replay --json` and the page's export write it):
//!   its `scenario.link` is the scenario;
//! - a ShiViz log (`.log`, or a first line holding a `(?<host>` regex): read with
//!   [`shiviz::import`], then turned into a scenario by [`shiviz_scenario`];
//! - a COS 418 pair, `.top` + `.events` (and optionally `.delays`) chosen together: run under
//!   the course's rules ([`cos418::run`]); the result keeps every snapshot's `.snap` text.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::say;
use crate::sim::words::{Says, Sentence};

use super::cos418::{self, Delays};
use super::shiviz::{self, ImportedLog};
use super::{export, link, text};
use crate::sim::action::{Action, MessageRef};
use crate::sim::limits::{MAX_ACTIONS, MAX_LABEL_CHARS, MAX_PROCESSES, MAX_SCENARIO_BYTES, MIN_PROCESSES};
use crate::sim::topology::{Channel, Discipline, ProcessSpec, Topology, Unit};
use crate::sim::Scenario;

/// The seed a COS 418 run uses for its delays when no `.delays` file is chosen: the same as
/// `snapshot-lab cos418` without `--seed`.
pub const COS418_SEED: u64 = 1;

/// Why a file cannot be opened: which file, where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenError {
    pub file: String,
    /// 1-based line, when the problem is on one line.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: Sentence,
}

impl Says for OpenError {
    /// `bank.txt, line 3, column 9: …`.
    fn sentence(&self) -> Sentence {
        let (file, message) = (&self.file, &self.message);
        match (self.line, self.column) {
            (Some(line), Some(column)) => say!("{0}, line {1}, column {2}: {3}", file, line, column, message),
            (Some(line), None) => say!("{0}, line {1}: {2}", file, line, message),
            (None, Some(column)) => say!("{0}, column {1}: {2}", file, column, message),
            (None, None) => say!("{0}: {1}", file, message),
        }
    }
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl std::error::Error for OpenError {}

fn fail(file: &str, line: Option<usize>, column: Option<usize>, message: Sentence) -> OpenError {
    OpenError { file: file.to_string(), line, column, message }
}

/// What the chosen files held.
#[derive(Clone, Debug)]
pub struct Opened {
    pub scenario: Scenario,
    /// What was opened, for the page to say (`the scenario text bank.txt`).
    pub what: Sentence,
    /// For a COS 418 pair: every snapshot in the `.snap` format, as `snapshot-lab cos418`
    /// prints them.
    pub snaps: Option<String>,
}

/// The kind of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Json,
    ShiViz,
    Top,
    Events,
    Delays,
}

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// The kind of a file, by its name's extension, else by its content.
pub fn kind(name: &str, content: &str) -> Kind {
    match extension(name).as_str() {
        "json" => Kind::Json,
        "log" | "shiviz" => Kind::ShiViz,
        "top" => Kind::Top,
        "events" => Kind::Events,
        "delays" => Kind::Delays,
        "txt" | "scenario" => Kind::Text,
        _ => {
            let start = content.trim_start_matches('\u{feff}').trim_start();
            let first = start.lines().next().unwrap_or("");
            if start.starts_with('{') {
                Kind::Json
            } else if first.contains("(?<host>") {
                Kind::ShiViz
            } else {
                Kind::Text
            }
        }
    }
}

/// Opens the files a person chose together: `(name, content)` pairs.
pub fn open(files: &[(String, String)]) -> Result<Opened, OpenError> {
    let kinds: Vec<Kind> = files.iter().map(|(name, content)| kind(name, content)).collect();
    let find = |k: Kind| files.iter().zip(&kinds).find(|(_, &x)| x == k).map(|(f, _)| f);
    if kinds.iter().any(|k| matches!(k, Kind::Top | Kind::Events | Kind::Delays)) {
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let (Some(top), Some(events)) = (find(Kind::Top), find(Kind::Events)) else {
            return Err(fail(
                &names.join(", "),
                None,
                None,
                say!("a COS 418 run needs its .top and .events files chosen together (and, if you have one, its .delays file)"),
            ));
        };
        if files.len() > 2 + usize::from(find(Kind::Delays).is_some()) {
            return Err(fail(
                &names.join(", "),
                None,
                None,
                say!("choose one .top, one .events and at most one .delays file"),
            ));
        }
        return open_cos418(top, events, find(Kind::Delays));
    }
    let [(name, content)] = files else {
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        return Err(fail(
            &names.join(", "),
            None,
            None,
            say!("choose one file (a scenario text, a run's JSON or a ShiViz log), or a COS 418 .top and .events pair"),
        ));
    };
    match kinds[0] {
        Kind::Json => open_json(name, content),
        Kind::ShiViz => open_shiviz(name, content),
        _ => open_text(name, content),
    }
}

fn open_text(name: &str, content: &str) -> Result<Opened, OpenError> {
    if content.len() > MAX_SCENARIO_BYTES {
        return Err(fail(
            name,
            None,
            None,
            say!("the file is {0} bytes; the limit is {1}", content.len(), MAX_SCENARIO_BYTES),
        ));
    }
    let trimmed = content.trim_start_matches('\u{feff}').trim();
    // A link is one word; a scenario text has at least two process lines.
    if !trimmed.is_empty() && !trimmed.contains(char::is_whitespace) {
        let payload = trimmed.rsplit_once('#').map_or(trimmed, |(_, p)| p);
        let scenario = link::decode(payload).map_err(|e| fail(name, Some(1), None, say!("link: {0}", e.sentence())))?;
        return Ok(Opened { scenario, what: say!("the link in {0}", name), snaps: None });
    }
    let scenario = text::parse(content).map_err(|e| fail(name, Some(e.line), Some(e.column), e.kind.sentence()))?;
    Ok(Opened { scenario, what: say!("the scenario text {0}", name), snaps: None })
}

/// The part of a run document that opening needs.
#[derive(Deserialize)]
struct DocHead {
    format: String,
    version: u32,
    scenario: DocScenario,
}

#[derive(Deserialize)]
struct DocScenario {
    link: String,
}

fn open_json(name: &str, content: &str) -> Result<Opened, OpenError> {
    let content = content.trim_start_matches('\u{feff}');
    let value: serde_json::Value = serde_json::from_str(content)
        .map_err(|e| fail(name, Some(e.line()), Some(e.column()), say!("not valid JSON: {0}", strip_position(&e))))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(export::FORMAT) {
        return Err(fail(
            name,
            None,
            None,
            say!("not a Snapshot Lab run: its `format` field must be \"{0}\"", export::FORMAT),
        ));
    }
    let head: DocHead = serde_json::from_value(value)
        .map_err(|e| fail(name, None, None, say!("not a Snapshot Lab run: {0}", e.to_string())))?;
    if head.format != export::FORMAT || head.version != export::VERSION {
        return Err(fail(
            name,
            None,
            None,
            say!("version {0} of the run format; this lab reads version {1}", head.version, export::VERSION),
        ));
    }
    let scenario = link::decode(&head.scenario.link)
        .map_err(|e| fail(name, None, None, say!("the field scenario.link: {0}", e.sentence())))?;
    Ok(Opened { scenario, what: say!("the run {0}", name), snaps: None })
}

/// serde_json's message without its own ` at line 3 column 5` (the error names those).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn open_shiviz(name: &str, content: &str) -> Result<Opened, OpenError> {
    let log = shiviz::import(content, None).map_err(|e| match e {
        shiviz::ImportError::At { line, message } => fail(name, Some(line), None, message),
        shiviz::ImportError::Regex { line, message } => fail(name, line, None, message),
        shiviz::ImportError::Log(message) => fail(name, None, None, message),
    })?;
    let scenario = shiviz_scenario(&log).map_err(|(line, message)| fail(name, line, None, message))?;
    Ok(Opened { scenario, what: say!("the ShiViz log {0}", name), snaps: None })
}

fn open_cos418(
    (top_name, top_text): &(String, String),
    (events_name, events_text): &(String, String),
    delays: Option<&(String, String)>,
) -> Result<Opened, OpenError> {
    let from = |e: cos418::Cos418Error| fail(&e.file, e.line, None, Sentence::plain(e.kind.to_string()));
    let top = cos418::parse_top(top_name, top_text).map_err(from)?;
    let commands = cos418::parse_events(events_name, events_text).map_err(from)?;
    let delays = match delays {
        Some((name, text)) => {
            Delays::List { file: name.clone(), delays: cos418::parse_delays(name, text).map_err(from)? }
        }
        None => Delays::Seeded { seed: COS418_SEED },
    };
    let run = cos418::run(&top, events_name, &commands, &delays).map_err(from)?;
    Ok(Opened {
        scenario: run.scenario,
        what: say!("the COS 418 run of {0} and {1}", top_name, events_name),
        snaps: Some(cos418::write_snaps(&run.snaps)),
    })
}

/// A ShiViz log as a scenario of the lab: each host a process (hosts named `P1`…`Pn` keep
/// their numbers; others are numbered in order of their first event and labelled with their
/// names), each event one action that makes exactly one event: a receive (its clock takes in a
/// send's) is a delivery of a one-token message sent by that send, every other event an
/// internal event. Channels are those the messages used, or every pair of processes when
/// those do not connect every process both ways; FIFO unless a channel delivers out of send
/// order. Errors give a line (when there is one) and what is wrong.
pub fn shiviz_scenario(log: &ImportedLog) -> Result<Scenario, (Option<usize>, Sentence)> {
    let n = log.hosts.len();
    if !(MIN_PROCESSES..=MAX_PROCESSES).contains(&n) {
        return Err((
            None,
            say!("the log has {0} host(s); the lab runs {1} to {2} processes", n, MIN_PROCESSES, MAX_PROCESSES),
        ));
    }
    if log.events.len() > MAX_ACTIONS {
        return Err((None, say!("the log has {0} events; the lab holds at most {1}", log.events.len(), MAX_ACTIONS)));
    }
    // Hosts named P1..Pn keep their numbers.
    let numbered: Option<Vec<usize>> = log
        .hosts
        .iter()
        .map(|h| {
            h.strip_prefix('P').and_then(|k| k.parse::<usize>().ok()).filter(|k| (1..=n).contains(k)).map(|k| k - 1)
        })
        .collect();
    let process_of: Vec<usize> = match numbered {
        Some(v)
            if {
                let mut s = v.clone();
                s.sort_unstable();
                s.dedup();
                s.len() == n
            } =>
        {
            v
        }
        _ => (0..n).collect(),
    };
    let host_index: BTreeMap<&str, usize> = log.hosts.iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
    let count = |clock: &BTreeMap<String, u32>, h: usize| clock.get(&log.hosts[h]).copied().unwrap_or(0);

    // Each host's events in order, and the clock before each event.
    let mut by_host: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut host_of = Vec::with_capacity(log.events.len());
    for (i, e) in log.events.iter().enumerate() {
        let h = host_index[e.host.as_str()];
        by_host[h].push(i);
        host_of.push(h);
    }
    // The sender of each receive: the one host whose send event's clock, merged with the
    // receiver's previous clock and its own step, gives exactly this clock.
    let mut sender: Vec<Option<usize>> = vec![None; log.events.len()];
    let mut receiver: Vec<Option<usize>> = vec![None; log.events.len()];
    for (h, events) in by_host.iter().enumerate() {
        let empty = BTreeMap::new();
        let mut previous = &empty;
        for &i in events {
            let clock = &log.events[i].clock;
            let grew: Vec<usize> = (0..n).filter(|&g| g != h && count(clock, g) > count(previous, g)).collect();
            if !grew.is_empty() {
                let found = grew.iter().find_map(|&g| {
                    let s = by_host[g].get((count(clock, g) as usize).checked_sub(1)?).copied()?;
                    let send = &log.events[s].clock;
                    let merged = (0..n).all(|x| {
                        let want = if x == h { count(previous, x) + 1 } else { count(previous, x).max(count(send, x)) };
                        count(clock, x) == want
                    });
                    merged.then_some(s)
                });
                let Some(s) = found else {
                    return Err((
                        Some(log.events[i].line),
                        say!(
                            "the vector clock of this event of {0} takes in events of other hosts, but not as the receipt of one message: the lab draws one message per receive",
                            &log.hosts[h]
                        ),
                    ));
                };
                if receiver[s].is_some() || sender[s].is_some() {
                    return Err((
                        Some(log.events[s].line),
                        say!("this event is received more than once, or is itself a receive: in the lab a message has one sender event and one receiver"),
                    ));
                }
                sender[i] = Some(s);
                receiver[s] = Some(i);
            }
            previous = clock;
        }
    }
    for i in 0..log.events.len() {
        if sender[i].is_some() && receiver[i].is_some() {
            return Err((
                Some(log.events[i].line),
                say!("this event both receives a message and sends one: in the lab they are two events"),
            ));
        }
    }
    // Events in an order that respects both each host's order and send-before-receive, as
    // close to the file's order as that allows.
    let mut next = vec![0usize; n];
    let mut done = vec![false; log.events.len()];
    let mut order = Vec::with_capacity(log.events.len());
    while order.len() < log.events.len() {
        let ready = (0..n)
            .filter_map(|h| by_host[h].get(next[h]).copied())
            .filter(|&i| sender[i].is_none_or(|s| done[s]))
            .min();
        let Some(i) = ready else {
            let stuck = (0..n).filter_map(|h| by_host[h].get(next[h]).copied()).min().unwrap_or(0);
            return Err((Some(log.events[stuck].line), say!("the log's messages go round in a circle in time")));
        };
        done[i] = true;
        next[host_of[i]] += 1;
        order.push(i);
    }
    // Actions, channels, and whether every channel delivers in send order.
    let mut actions = Vec::with_capacity(order.len());
    let mut number = vec![0u32; log.events.len()];
    let mut sends = vec![0i64; n];
    let mut channels: Vec<Channel> = Vec::new();
    let mut sent_order: BTreeMap<(usize, usize), Vec<u32>> = BTreeMap::new();
    let mut delivered_order: BTreeMap<(usize, usize), Vec<u32>> = BTreeMap::new();
    let mut messages = 0u32;
    for &i in &order {
        let from = process_of[host_of[i]];
        if let Some(r) = receiver[i] {
            let to = process_of[host_of[r]];
            messages += 1;
            number[i] = messages;
            sends[from] += 1;
            if !channels.contains(&Channel { from, to }) {
                channels.push(Channel { from, to });
            }
            sent_order.entry((from, to)).or_default().push(messages);
            actions.push(Action::Send { from, to, amount: 1 });
        } else if let Some(s) = sender[i] {
            let key = (process_of[host_of[s]], from);
            delivered_order.entry(key).or_default().push(number[s]);
            actions.push(Action::Deliver { message: MessageRef::App { number: number[s] } });
        } else {
            actions.push(Action::Internal { process: from, delta: 0 });
        }
    }
    let fifo = sent_order.iter().all(|(k, sent)| delivered_order.get(k).is_none_or(|d| sent.starts_with(d)));
    let mut labels: Vec<(usize, String)> =
        log.hosts.iter().enumerate().map(|(h, name)| (process_of[h], label(name))).collect();
    labels.sort();
    let specs: Vec<ProcessSpec> =
        labels.into_iter().map(|(p, label)| ProcessSpec { label, initial: sends[p] }).collect();
    let discipline = if fifo { Discipline::Fifo } else { Discipline::NonFifo };
    channels.sort();
    let topology = Topology::new(specs.clone(), channels, discipline, Unit::Tokens)
        .or_else(|_| Topology::complete(specs, discipline, Unit::Tokens))
        .map_err(|e| (None, e.sentence()))?;
    let mut scenario = Scenario::new(topology, 1);
    scenario.actions = actions;
    Ok(scenario)
}

/// A host name as a process label: at most [`MAX_LABEL_CHARS`] characters.
fn label(host: &str) -> String {
    if host.chars().count() <= MAX_LABEL_CHARS {
        host.to_string()
    } else {
        let mut s: String = host.chars().take(MAX_LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::presets;

    fn one(name: &str, content: &str) -> Result<Opened, OpenError> {
        open(&[(name.to_string(), content.to_string())])
    }

    fn busy() -> Scenario {
        presets::PRESETS.iter().filter_map(|p| p.scenario().ok()).max_by_key(|s| s.actions.len()).unwrap()
    }

    #[test]
    fn text_round_trips_to_the_same_link() {
        for p in presets::PRESETS {
            let s = p.scenario().unwrap();
            let opened = one("x.txt", &text::to_text(&s)).unwrap();
            assert_eq!(link::encode(&opened.scenario), link::encode(&s), "{}", p.id);
        }
    }

    #[test]
    fn a_bare_link_or_url_opens() {
        let s = busy();
        let l = link::encode(&s);
        assert_eq!(link::encode(&one("l.txt", &format!("{l}\n")).unwrap().scenario), l);
        assert_eq!(link::encode(&one("l", &format!("https://x.org/index.html#{l}")).unwrap().scenario), l);
    }

    #[test]
    fn json_round_trips() {
        let s = busy();
        let json = export::RunDocument::new(&s).to_json();
        assert_eq!(kind("run", &json), Kind::Json);
        assert_eq!(link::encode(&one("run.json", &json).unwrap().scenario), link::encode(&s));
    }

    #[test]
    fn malformed_files_name_the_file_and_line() {
        let e = one("bad.txt", "process P1 100\nprocess P2 zz\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("bad.txt", Some(2)));
        assert!(e.to_string().starts_with("bad.txt, line 2, column"), "{e}");
        let e = one("bad.json", "{\n  \"format\": \"snapshot-lab-run\",\n  oops\n}").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.to_string().contains("not valid JSON"), "{e}");
        let e = one("other.json", "{\"format\": \"something\"}").unwrap_err();
        assert!(e.message.to_string().contains("not a Snapshot Lab run"), "{e}");
        let e =
            one("v2.json", "{\"format\": \"snapshot-lab-run\", \"version\": 2, \"scenario\": {\"link\": \"v1.x\"}}")
                .unwrap_err();
        assert!(e.message.to_string().contains("version 2"), "{e}");
        let e = one("bad.log", "(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})\nP1 sends\nP1 {\"P1\": 2}\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = open(&[("a.top".into(), "2\nN1 1\nN2 1\nN1 N2\nN2 N1\n".into())]).unwrap_err();
        assert!(e.message.to_string().contains(".top and .events"), "{e}");
        let e = open(&[
            ("a.top".into(), "2\nN1 1\nN2 1\nN1 N2\nN2 N1\n".into()),
            ("a.events".into(), "send N1 N2 1\nfly away\n".into()),
        ])
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("a.events", Some(2)), "{e}");
        let e = open(&[("a.txt".into(), String::new()), ("b.txt".into(), String::new())]).unwrap_err();
        assert!(e.message.to_string().contains("choose one file"), "{e}");
    }

    #[test]
    fn cos418_pairs_give_the_snap_text_and_a_scenario() {
        let top = "# ring\n3\nN1 10\nN2 10\nN3 10\nN1 N2\nN2 N3\nN3 N1\n";
        let events = "send N1 N2 3\nsnapshot N2\ntick 3\nsend N3 N1 2\n";
        let opened = open(&[("r.events".into(), events.into()), ("r.top".into(), top.into())]).unwrap();
        let expected =
            cos418::run_files("r.top", top, "r.events", events, &Delays::Seeded { seed: COS418_SEED }).unwrap();
        assert_eq!(opened.snaps.as_deref(), Some(expected.as_str()));
        assert!(opened.scenario.replay().error.is_none());
    }

    #[test]
    fn shiviz_export_opens_with_the_same_events() {
        for p in presets::PRESETS {
            let s = p.scenario().unwrap();
            let log = s.replay().world.log().clone();
            if log.events.is_empty() {
                let e = one("run.log", &shiviz::export(&log)).unwrap_err();
                assert!(e.message.to_string().contains("no events"), "{e}");
                continue;
            }
            let opened = one("run.log", &shiviz::export(&log)).unwrap();
            let replay = opened.scenario.replay();
            assert!(replay.error.is_none(), "{}: {:?}", p.id, replay.error);
            let events = &replay.world.log().events;
            assert_eq!(events.len(), log.events.len(), "{}", p.id);
            // Same processes, and each event on the same process line.
            for (a, b) in events.iter().zip(&log.events) {
                assert_eq!(a.process, b.process, "{}", p.id);
            }
            // Messages and markers become messages, except a receive whose send the receiver
            // already knew of (its clock does not grow): that one is an internal event.
            let messages =
                log.events.iter().filter(|e| matches!(e.kind, crate::sim::EventKind::Receive { .. })).count();
            let received = events.iter().filter(|e| matches!(e.kind, crate::sim::EventKind::Receive { .. })).count();
            assert!(received <= messages && (received > 0 || messages == 0), "{}: {received} of {messages}", p.id);
            if p.id == "bank" {
                assert_eq!(received, messages);
            }
        }
    }

    #[test]
    fn shiviz_logs_from_elsewhere_open() {
        // Hosts with names, a message out of FIFO order, and events in a file order that is
        // not causal for one receive.
        let log = "(?<host>\\S*) (?<clock>{.*})\n\
                   alice {\"alice\": 1}\n\
                   alice {\"alice\": 2}\n\
                   bob {\"bob\": 1, \"alice\": 2}\n\
                   bob {\"bob\": 2, \"alice\": 2}\n\
                   bob {\"bob\": 3, \"alice\": 2}\n";
        let s = one("x.log", log).unwrap().scenario;
        assert_eq!(s.topology.processes()[0].label, "alice");
        assert!(s.replay().error.is_none());
        assert_eq!(s.replay().world.log().events.len(), 5);
        // alice's event 2 is received by bob; nothing else is a message: channels complete.
        assert_eq!(s.topology.channels().len(), 2);
        let one_host = "(?<host>\\S*) (?<clock>{.*})\nalice {\"alice\": 1}\n";
        assert!(one("y.log", one_host).unwrap_err().message.to_string().contains("1 host"));
    }
}
