//! Exports for other tools, for every preset and for generated runs with hostile labels: the
//! Mermaid flowchart and sequence diagram (every line in the small grammar the exporter
//! promises, with one node per process, one edge per channel, one arrow per received message
//! and one note per recorded state, internal event, completion and message in flight, in
//! event-log order) and the ShiViz log (export → import gives the same hosts and vector clocks
//! per event, in order), plus ShiViz imports of malformed logs, refused with their line.
//! `tests/e2e/mermaid.test.mjs` runs the same exports through Mermaid's own parser.

mod common;

use std::collections::BTreeMap;

use snapshot_lab::formats::mermaid;
use snapshot_lab::formats::presets;
use snapshot_lab::formats::shiviz::{self, ImportError};
use snapshot_lab::sim::generate::{busy_scenario, Options};
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::{process_name, Action, EventKind, Log, ProcessSpec, Scenario, Topology, World};

/// Labels that break naive Mermaid text, the notes' own first.
const HOSTILE: &[&str] = &[
    "Switch S1 (BMv2)",
    "Leaf Switch 1 (Programmable)",
    "Spine [1]",
    "say \"hi\"",
    "#1; x",
    "#35;",
    "#quot;",
    "a;b",
    "a --> b",
    "P1->>P2: hi",
    "line 1\nline 2",
    "스냅샷 프로세스",
    "快照进程",
    "  padded  ",
    "",
    "%%{init: {\"theme\": \"dark\"}}%%",
    "<b>bold</b>",
    "&amp;",
    "`code`",
    "$$x^2$$",
    "end",
    "Note over P1: x",
    "style P1 fill:#f00;",
    "\u{7}\u{0}",
];

/// The scenario with hostile labels, `offset` choosing which label goes first.
fn relabelled(scenario: &Scenario, offset: usize) -> Scenario {
    let t = &scenario.topology;
    let specs = t
        .processes()
        .iter()
        .enumerate()
        .map(|(p, spec)| ProcessSpec {
            label: HOSTILE[(p + offset) % HOSTILE.len()].to_string(),
            initial: spec.initial,
        })
        .collect();
    let topology = Topology::new(specs, t.channels().to_vec(), t.discipline, t.unit).unwrap();
    Scenario { topology, ..scenario.clone() }
}

/// Every preset, seeded busy runs with hostile labels, and random runs on random topologies
/// (some channels missing, random labels).
fn scenarios() -> Vec<(String, Scenario)> {
    let mut out: Vec<(String, Scenario)> =
        presets::all().iter().map(|p| (format!("preset {}", p.id), p.scenario().unwrap())).collect();
    for (seed, processes, events, leave_in_flight) in [(1, 16, 400, 4), (2, 3, 120, 0), (3, 2, 60, 2), (4, 9, 300, 7)] {
        let options = Options { processes, events, leave_in_flight, ..Options::default() };
        let scenario = relabelled(&busy_scenario(seed, options), seed as usize * 5);
        out.push((format!("busy seed {seed}"), scenario));
    }
    for seed in 0..20 {
        let mut rng = Rng::new(1000 + seed);
        let topology = common::topology(&mut rng);
        let n = topology.process_count();
        let mut scenario = Scenario::new(topology.clone(), seed);
        let mut world = World::new(topology);
        for _ in 0..150 {
            let deliverable = world.deliverable();
            let action = match rng.below(10) {
                0..=4 if !deliverable.is_empty() => {
                    Action::Deliver { message: deliverable[rng.below(deliverable.len())] }
                }
                0..=5 => {
                    let from = rng.below(n);
                    let to = (from + 1 + rng.below(n - 1)) % n;
                    Action::Send { from, to, amount: rng.range(1, 50) }
                }
                6 => Action::Internal { process: rng.below(n), delta: rng.range(-5, 5) },
                _ => Action::Snapshot { process: rng.below(n) },
            };
            if world.apply(&action).is_ok() {
                scenario.actions.push(action);
            }
        }
        out.push((format!("random seed {seed}"), scenario));
    }
    out
}

fn log_of(scenario: &Scenario) -> Log {
    let replay = scenario.replay();
    assert!(replay.error.is_none(), "{:?}", replay.error);
    replay.world.log().clone()
}

/// Text that [`mermaid::text`] promises: no quote, line break, `%`, markup, Markdown, KaTeX or
/// braces; a `#` only starts an entity that a `;` ends; no `style`/`classDef`; no outer space.
fn assert_safe(what: &str, text: &str) {
    assert!(!text.contains(['"', '\n', '\r', '%', '<', '>', '&', '`', '$', '{', '}']), "{what}: {text:?}");
    assert!(!text.contains("style") && !text.contains("classDef"), "{what}: {text:?}");
    assert!(!text.starts_with(char::is_whitespace) && !text.ends_with(char::is_whitespace), "{what}: {text:?}");
    let mut rest = text;
    while let Some(i) = rest.find(['#', ';']) {
        assert!(rest[i..].starts_with('#'), "{what}: a bare ; in {text:?}");
        let end = rest[i..].find(';').unwrap_or_else(|| panic!("{what}: an unclosed # in {text:?}")) + i;
        let name = &rest[i + 1..end];
        assert!(name == "quot" || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit())), "{what}: {text:?}");
        rest = &rest[end + 1..];
    }
}

/// `P<n>` with 1 ≤ n ≤ count: the process index.
fn process_id(s: &str, count: usize) -> usize {
    let n: usize =
        s.strip_prefix('P').and_then(|d| d.parse().ok()).unwrap_or_else(|| panic!("not a process id: {s:?}"));
    assert!((1..=count).contains(&n), "{s}");
    n - 1
}

#[test]
fn flowcharts_have_a_node_per_process_and_an_edge_per_channel() {
    for (name, scenario) in scenarios() {
        let t = &scenario.topology;
        let out = mermaid::flowchart(t);
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("flowchart LR"), "{name}");
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        for line in lines {
            let body = line.strip_prefix("    ").unwrap_or_else(|| panic!("{name}: {line:?}"));
            if body == "%% the channels are not FIFO" {
                continue;
            }
            if let Some((from, to)) = body.split_once(" --> ") {
                edges.push((process_id(from, t.process_count()), process_id(to, t.process_count())));
            } else {
                let (id, rest) = body.split_once("[\"").unwrap_or_else(|| panic!("{name}: {line:?}"));
                let text = rest.strip_suffix("\"]").unwrap_or_else(|| panic!("{name}: {line:?}"));
                let (title, state) = text.split_once("<br>").unwrap_or_else(|| panic!("{name}: {line:?}"));
                let p = process_id(id, t.process_count());
                assert_safe(&name, title);
                assert_safe(&name, state);
                assert!(title.starts_with(&process_name(p)), "{name}: {line}");
                nodes.push(p);
            }
        }
        assert_eq!(nodes, (0..t.process_count()).collect::<Vec<_>>(), "{name}");
        let channels: Vec<(usize, usize)> = t.channels().iter().map(|c| (c.from, c.to)).collect();
        assert_eq!(edges, channels, "{name}");
    }
}

#[test]
fn sequence_diagrams_follow_the_event_log() {
    for (name, scenario) in scenarios() {
        let log = log_of(&scenario);
        let n = log.topology.process_count();
        let out = mermaid::sequence(&log);
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("sequenceDiagram"), "{name}");
        // What each line says, to compare with what the log says.
        let mut drawn: Vec<String> = Vec::new();
        let mut participants = Vec::new();
        for line in lines {
            let body = line.strip_prefix("    ").unwrap_or_else(|| panic!("{name}: {line:?}"));
            if let Some(rest) = body.strip_prefix("participant ") {
                let (id, alias) = rest.split_once(" as ").unwrap_or((rest, ""));
                let p = process_id(id, n);
                if !alias.is_empty() {
                    assert_safe(&name, alias);
                    assert!(alias.starts_with(&format!("{} (", process_name(p))), "{name}: {line}");
                }
                participants.push(p);
            } else if let Some(rest) = body.strip_prefix("Note over ") {
                let (over, text) = rest.split_once(": ").unwrap_or_else(|| panic!("{name}: {line:?}"));
                assert_safe(&name, text);
                for id in over.split(',') {
                    process_id(id, n);
                }
                drawn.push(format!("note {over}"));
            } else {
                let (arrow, text) = body.split_once(": ").unwrap_or_else(|| panic!("{name}: {line:?}"));
                assert_safe(&name, text);
                let (kind, sep) = if arrow.contains("-->>") { ("marker", "-->>") } else { ("app", "->>") };
                let (from, to) = arrow.split_once(sep).unwrap_or_else(|| panic!("{name}: {line:?}"));
                process_id(from, n);
                process_id(to, n);
                assert_eq!(kind == "marker", text.starts_with("marker S"), "{name}: {line}");
                drawn.push(format!("{kind} {from}->{to}"));
            }
        }
        assert_eq!(participants, (0..n).collect::<Vec<_>>(), "{name}");
        let received: Vec<u32> = log
            .events
            .iter()
            .filter_map(|e| match &e.kind {
                // A lost message (a fault) gets its note where it was lost, not "in flight".
                EventKind::Receive { message, .. } | EventKind::Drop { message } => Some(message.id),
                _ => None,
            })
            .collect();
        let expected: Vec<String> = log
            .events
            .iter()
            .filter_map(|e| {
                let p = process_name(e.process);
                match &e.kind {
                    EventKind::Send { message } if !received.contains(&message.id) => {
                        Some(format!("note {p},{}", process_name(message.channel.to)))
                    }
                    EventKind::Receive { message, .. } => Some(format!(
                        "{} {}->{p}",
                        if message.is_marker() { "marker" } else { "app" },
                        process_name(message.channel.from)
                    )),
                    EventKind::RecordState { .. } | EventKind::Internal { .. } => Some(format!("note {p}")),
                    EventKind::SnapshotComplete { .. } => Some(format!("note P1,{}", process_name(n - 1))),
                    // Faults: a note over the channel's two ends, or over the crashed process.
                    EventKind::Drop { message } | EventKind::Duplicate { original: message, .. } => Some(format!(
                        "note {},{}",
                        process_name(message.channel.from),
                        process_name(message.channel.to)
                    )),
                    EventKind::Crash => Some(format!("note {p}")),
                    // A wait: a note over the waiting process.
                    EventKind::Wait { .. } => Some(format!("note {p}")),
                    _ => None,
                }
            })
            .collect();
        assert_eq!(drawn, expected, "{name}");
    }
}

#[test]
fn shiviz_export_then_import_gives_the_same_hosts_and_clocks() {
    for (i, (name, scenario)) in scenarios().into_iter().enumerate() {
        let log = log_of(&scenario);
        let exported = shiviz::export(&log);
        assert_eq!(exported.lines().next(), Some(shiviz::DEFAULT_REGEX), "{name}");
        // With the regex from the first line, with it given, and with the default.
        let body = exported.split_once('\n').unwrap().1;
        if log.events.is_empty() {
            // ShiViz has nothing to draw either.
            assert_eq!(body, "", "{name}");
            assert!(shiviz::import(&exported, None).unwrap_err().to_string().contains("no events"), "{name}");
            continue;
        }
        // (regex_lite is slow without optimisations: the other two ways only for the first few.)
        let mut imports = vec![shiviz::import(&exported, None)];
        if i < 10 {
            imports.push(shiviz::import(body, Some(shiviz::DEFAULT_REGEX)));
            imports.push(shiviz::import(body, None));
        }
        for imported in imports {
            let imported = imported.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(imported.events.len(), log.events.len(), "{name}");
            for (got, e) in imported.events.iter().zip(&log.events) {
                assert_eq!(got.host, process_name(e.process), "{name}, event {}", e.seq);
                assert_eq!(got.description, e.describe().to_string(), "{name}, event {}", e.seq);
                let clock: BTreeMap<String, u32> =
                    e.vclock.iter().enumerate().filter(|(_, &c)| c > 0).map(|(p, &c)| (process_name(p), c)).collect();
                assert_eq!(got.clock, clock, "{name}, event {}", e.seq);
            }
            let mut hosts: Vec<String> = Vec::new();
            for e in &log.events {
                if !hosts.contains(&process_name(e.process)) {
                    hosts.push(process_name(e.process));
                }
            }
            assert_eq!(imported.hosts, hosts, "{name}");
        }
    }
}

#[test]
fn shiviz_import_reads_other_regexes_and_line_endings() {
    // GoVector's order (host and clock first), Windows line endings, a byte-order mark,
    // blank lines between events, zero entries and a regex with counted repetitions.
    let log = "\u{feff}(?<host>[a-z]{1,8}\\d*) (?<clock>{.*})\\n(?<event>.*)\r\n\
               alice {\"alice\": 1}\r\nstarts\r\n\r\n\
               bob {\"bob\": 1, \"alice\": 1, \"carol\": 0}\r\nhears alice\r\n";
    let imported = shiviz::import(log, None).unwrap();
    assert_eq!(imported.hosts, ["alice", "bob"]);
    assert_eq!(imported.events[1].description, "hears alice");
    assert_eq!(imported.events[1].line, 5);
    assert_eq!(imported.events[1].clock.len(), 2);
    // Without any event group, descriptions are empty.
    let imported = shiviz::import("a {\"a\": 1}\n", Some(r"(?<host>\S+) (?<clock>\{.*\})")).unwrap();
    assert_eq!(imported.events[0].description, "");
}

/// The error of importing `log` (with the regex on its first line, or the default).
fn import_error(log: &str) -> String {
    shiviz::import(log, None).expect_err(log).to_string()
}

#[test]
fn shiviz_import_refuses_malformed_logs_naming_the_line() {
    let ok = "P1 sends\nP1 {\"P1\": 1}\nP2 receives\nP2 {\"P1\": 1, \"P2\": 1}\n";
    assert!(shiviz::import(ok, None).is_ok());
    let cases: &[(&str, &str)] = &[
        ("a\nP1 {\"P1\": 1,}\n", "line 2: the vector clock `{\"P1\": 1,}` is not valid JSON"),
        ("a\nP1 {P1: 1}\n", "line 2: the vector clock `{P1: 1}` is not valid JSON"),
        (
            "a\nP1 {\"P1\": 1}\nb\nP1 {\"P1\": 3}\n",
            "line 4: the vector clock gives P1 the count 3, but this is event 2",
        ),
        ("a\nP1 {\"P1\": 2}\n", "line 2: the vector clock gives P1 the count 2, but this is event 1"),
        ("a\nP2 {\"P1\": 1}\n", "line 2: the vector clock gives P2 the count 0, but this is event 1"),
        (
            "a\nP1 {\"P1\": 1}\nb\nP2 {\"P1\": 1, \"P2\": 1}\nc\nP2 {\"P2\": 2}\n",
            "line 6: the vector clock of P2 goes back from 1 to 0 for P1",
        ),
        (
            "a\nP1 {\"P1\": 1, \"P2\": 4}\n",
            "line 2: the vector clock of this event of P1 counts 4 events of P2, but the log has 0",
        ),
        ("a\nP1 {\"P1\": -1}\n", "line 2: the count of `P1` in the vector clock is -1, not a whole number"),
        ("a\nP1 {\"P1\": 1.5}\n", "line 2: the count of `P1` in the vector clock is 1.5"),
        ("a\nP1 {\"P1\": 1}\nstray text\n", "line 3: `stray text` does not match the parser regex"),
        ("garbage first\n\na\nP1 {\"P1\": 1}\n", "line 1: `garbage first` does not match the parser regex"),
        ("", "the log has no events that the parser regex matches"),
        ("a\n {\"x\": 1}\n", "line 1: the event has no host"),
        (
            "(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*}) (?<date>\\S+)\na\nP1 {\"P1\": 1} now\n",
            "line 1: the parser regex has a group `date` that is not understood",
        ),
        ("(?<event>.*)\\n(?<host>\\S*) (?<vc>{.*})\n", "line 1: the parser regex has a group `vc`"),
        ("(?<event>.*)\\n(?<host>\\S*) ({.*})\n", "line 1: the parser regex has no group `clock`"),
        ("(?<host>\\S*) (?<clock>(?<=x){.*})\n", "line 1: the parser regex is not valid: "),
    ];
    for (log, expected) in cases {
        let error = import_error(log);
        assert!(error.starts_with(expected), "{log:?}:\n  got      {error}\n  expected {expected}…");
    }
    let given = shiviz::import("a\nP1 {\"P1\": 1}\n", Some("(?<host>\\S*")).unwrap_err();
    assert!(matches!(given, ImportError::Regex { line: None, .. }), "{given:?}");
    assert!(given.to_string().starts_with("the parser regex is not valid"), "{given}");
    let huge = "x".repeat(shiviz::MAX_BYTES + 1);
    assert!(import_error(&huge).contains("larger than the limit"));
}
