//! Mermaid text for notes written in Markdown: the topology as a `flowchart LR` (one node per
//! process with its label and initial state, one edge per directed channel) and the run as a
//! `sequenceDiagram` (one participant per process; one arrow per message, drawn where it is
//! received, markers dashed and application messages solid; a note for every recorded state,
//! internal event and snapshot completion; a note for every message still in flight, where it
//! was sent).
//!
//! Node and participant ids are generated (`P1`, `P2`, …), never taken from labels, and every
//! piece of text goes through [`text`], which keeps letters and digits of any script, inner
//! spaces and a few harmless punctuation marks, and writes every other character as one of
//! Mermaid's entity codes (`#quot;`, `#35;`, …). Mermaid's parser accepts the result for any
//! label: that is what broke the notes' own diagrams (`Switch S1 (BMv2)` unquoted).

use std::fmt::Write as _;

use crate::sim::event::{EventKind, Log};
use crate::sim::message::{Message, MessageKind};
use crate::sim::process_name;
use crate::sim::topology::{Discipline, ProcessId, Topology};

/// Punctuation written as it is. Everything here is plain text both inside a flowchart's
/// quoted string and after the `:` of a sequence diagram's message, note or `as`, and none of
/// it means anything to Mermaid's preprocessing (entities `#…;`, directives `%%{…}%%`),
/// to HTML labels (`<`, `>`, `&`), to Markdown strings (`` ` ``) or to KaTeX (`$`).
const PLAIN_PUNCTUATION: &str = "()[],.:!?'+-*/=_@^~|\\";

/// `s` as Mermaid label text: letters and digits of any script, spaces between other
/// characters and [`PLAIN_PUNCTUATION`] stay; `"` becomes `#quot;` and every other character
/// (`#`, `;`, `%`, `<`, `>`, `&`, `` ` ``, `$`, `{`, `}`, control characters, leading and
/// trailing spaces, symbols, combining marks, emoji) its decimal entity code, e.g. `#35;`.
/// The first letter of `style` and `classDef` is written as an entity too, and a zero-width
/// space (`#8203;`) goes between two `$`, so that neither Mermaid's colour rule nor KaTeX
/// (`$$…$$`) sees them; apart from that zero-width space nothing is lost. The result holds no `"` and no line break; a `#` only starts an entity and a `;` only ends
/// one. Safe inside `"…"` in a flowchart and after `:` or `as` in a sequence diagram.
pub fn text(s: &str) -> String {
    let first_kept = s.find(|c: char| c != ' ').unwrap_or(s.len());
    let last_kept = s.rfind(|c: char| c != ' ').map_or(0, |i| i + 1);
    let mut out = String::with_capacity(s.len());
    let mut previous = None;
    for (i, c) in s.char_indices() {
        let inner_space = c == ' ' && i >= first_kept && i < last_kept;
        // Mermaid's preprocessing drops the last `;` of any line with `style…:…#…;` or
        // `classDef…:…#…;` in it (to keep colours like `fill:#f00;` out of the entity rule),
        // which would break an entity: those words never appear as they are.
        let keyword = ["style", "classDef"].iter().any(|k| s[i..].starts_with(k));
        if c == '$' && previous == Some('$') {
            // `$$…$$` is KaTeX, even written as entities: a zero-width space keeps `$`s apart.
            out.push_str("#8203;");
        }
        if keyword {
            let _ = write!(out, "#{};", u32::from(c));
        } else if c.is_alphanumeric() || inner_space || PLAIN_PUNCTUATION.contains(c) {
            out.push(c);
        } else if c == '"' {
            out.push_str("#quot;");
        } else {
            let _ = write!(out, "#{};", u32::from(c));
        }
        previous = Some(c);
    }
    out
}

/// How a process is named in both diagrams: `P1`, or `P1 (acct1)` when it has a label of its
/// own (as the page names it).
pub fn process_title(topology: &Topology, p: ProcessId) -> String {
    let name = process_name(p);
    let label = topology.label(p);
    if label.is_empty() || label == name {
        name
    } else {
        format!("{name} ({label})")
    }
}

/// The topology as a Mermaid `flowchart LR`: a node `P1["P1 (acct1)<br>balance 1000"]` per
/// process and an edge `P1 --> P2` per directed channel, in channel order.
pub fn flowchart(topology: &Topology) -> String {
    let mut out = String::from("flowchart LR\n");
    if topology.discipline == Discipline::NonFifo {
        out.push_str("    %% the channels are not FIFO\n");
    }
    for p in 0..topology.process_count() {
        let state = topology.unit.words(topology.processes()[p].initial).to_string();
        let _ = writeln!(out, "    {}[\"{}<br>{}\"]", process_name(p), text(&process_title(topology, p)), text(&state));
    }
    for c in topology.channels() {
        let _ = writeln!(out, "    {} --> {}", process_name(c.from), process_name(c.to));
    }
    out
}

/// What an arrow or note says about a message: `m3 (100)` or `marker S1`.
fn message_words(m: &Message) -> String {
    match m.kind {
        MessageKind::App { number, amount } => format!("m{number} ({amount})"),
        MessageKind::Marker { snapshot } => format!("marker S{snapshot}"),
    }
}

/// The run as a Mermaid `sequenceDiagram`, in event-log order:
///
/// - `participant P1 as P1 (acct1)` per process;
/// - per received message one arrow where it is received: application messages solid,
///   `P1->>P2: m3 (100)` (`, recorded in S1` when a snapshot recorded it in transit), markers
///   dashed, `P1-->>P2: marker S1`;
/// - `Note over P2: P2 records its state for S1: 2000` per recorded state, a note per internal
///   event, `Note over P1,P3: S1 is complete` spanning every participant per completed snapshot;
/// - per message never received a note over its sender and receiver where it was sent:
///   `Note over P1,P2: m4 (50) from P1 to P2 is still in flight`.
pub fn sequence(log: &Log) -> String {
    let topology = &log.topology;
    let n = topology.process_count();
    // Received or lost (a fault, noted where it happened): no "still in flight" note.
    let messages = log.events.iter().filter_map(|e| e.message()).map(|m| m.id as usize + 1).max().unwrap_or(0);
    let mut received = vec![false; messages];
    for e in &log.events {
        if let EventKind::Receive { message, .. } | EventKind::Drop { message } = &e.kind {
            if let Some(slot) = received.get_mut(message.id as usize) {
                *slot = true;
            }
        }
    }
    let mut out = String::from("sequenceDiagram\n");
    for p in 0..n {
        let name = process_name(p);
        let title = process_title(topology, p);
        if title == name {
            let _ = writeln!(out, "    participant {name}");
        } else {
            let _ = writeln!(out, "    participant {name} as {}", text(&title));
        }
    }
    for e in &log.events {
        match &e.kind {
            EventKind::Send { message } => {
                if !received.get(message.id as usize).copied().unwrap_or(false) {
                    let (from, to) = (process_name(message.channel.from), process_name(message.channel.to));
                    let words = format!("{} from {from} to {to} is still in flight", message_words(message));
                    let _ = writeln!(out, "    Note over {from},{to}: {}", text(&words));
                }
            }
            EventKind::Receive { message, recorded_in } => {
                let (from, to) = (process_name(message.channel.from), process_name(message.channel.to));
                let arrow = if message.is_marker() { "-->>" } else { "->>" };
                let mut words = message_words(message);
                if !recorded_in.is_empty() {
                    let names: Vec<String> = recorded_in.iter().map(|s| format!("S{s}")).collect();
                    let _ = write!(words, ", recorded in {}", crate::sim::event::join_names(&names));
                }
                let _ = writeln!(out, "    {from}{arrow}{to}: {}", text(&words));
            }
            EventKind::RecordState { .. } | EventKind::Internal { .. } => {
                let _ = writeln!(out, "    Note over {}: {}", process_name(e.process), text(&e.describe().to_string()));
            }
            EventKind::SnapshotComplete { .. } => {
                let _ = writeln!(out, "    Note over P1,{}: {}", process_name(n - 1), text(&e.describe().to_string()));
            }
            EventKind::Drop { message } | EventKind::Duplicate { original: message, .. } => {
                let (from, to) = (process_name(message.channel.from), process_name(message.channel.to));
                let _ = writeln!(out, "    Note over {from},{to}: {}", text(&e.describe().to_string()));
            }
            EventKind::Crash => {
                let _ = writeln!(out, "    Note over {}: {}", process_name(e.process), text(&e.describe().to_string()));
            }
            EventKind::Wait { .. } => {
                let _ = writeln!(out, "    Note over {}: {}", process_name(e.process), text(&e.describe().to_string()));
            }
            EventKind::StartRecording { .. } | EventKind::StopRecording { .. } => {}
        }
    }
    out
}

/// The marker rules as a Mermaid `stateDiagram-v2`: what the notes' "sender/receiver" state
/// diagram meant to draw (its Mermaid had no diagram type and never rendered). Per process, a
/// composite state with its own machine (not recorded → recorded → done) and, per incoming
/// channel, one with the channel's (not recording → recording → closed), labelled with what
/// the newest running snapshot (`machines::shown_snapshot`) recorded; the stage each machine
/// is in now has the class `now`. Without a snapshot, the machines are drawn unlabelled. The
/// machines are drawn left to right in columns of whole processes ([`rule_columns`]), so the
/// diagram fits a slide instead of one long column.
pub fn rules(log: &Log) -> String {
    use crate::sim::machines::{machine, shown_snapshot, ChannelStage, ProcessStage};
    let topology = &log.topology;
    let snapshots = crate::sim::snapshot::assemble(log);
    let shown = shown_snapshot(&snapshots);
    // Laid out for a slide: columns of machines side by side (`direction TB` puts the columns
    // in a row), each column a stack of whole processes (`direction LR` stacks the machines),
    // each machine drawn left to right.
    let mut out = String::from("stateDiagram-v2\n    direction TB\n");
    let _ = match shown {
        Some(s) => {
            writeln!(out, "    %% the marker rules in snapshot S{}; class now: the stage each machine is in", s.id)
        }
        None => writeln!(out, "    %% the marker rules; no snapshot has started"),
    };
    let mut now: Vec<String> = Vec::new();
    let mut machine_of =
        |out: &mut String, id: &str, title: &str, stages: [String; 3], edges: [&str; 2], at: Option<usize>| {
            let _ = writeln!(out, "        state \"{}\" as {id} {{", text(title));
            let _ = writeln!(out, "            direction LR");
            for (i, stage) in stages.iter().enumerate() {
                let _ = writeln!(out, "            {id}_{i} : {}", text(stage));
            }
            let _ = writeln!(out, "            [*] --> {id}_0");
            let _ = writeln!(out, "            {id}_0 --> {id}_1 : {}", text(edges[0]));
            let _ = writeln!(out, "            {id}_1 --> {id}_2 : {}", text(edges[1]));
            let _ = writeln!(out, "        }}");
            if let Some(i) = at {
                now.push(format!("{id}_{i}"));
            }
        };
    // Each process's machines: its own, then one per incoming channel.
    let mut blocks: Vec<(usize, String)> = Vec::new();
    for p in 0..topology.process_count() {
        let mut block = String::new();
        let m = shown.map(|s| machine(topology, s, p, None));
        let name = process_name(p);
        let recorded = match m.as_ref().and_then(|m| m.state) {
            Some(v) => format!("recorded {}", topology.unit.words(v)),
            None => "recorded".to_string(),
        };
        let title = match shown {
            Some(s) => format!("{} in S{}", process_title(topology, p), s.id),
            None => process_title(topology, p),
        };
        let at = m.as_ref().map(|m| match m.stage {
            ProcessStage::NotRecorded => 0,
            ProcessStage::Recorded => 1,
            ProcessStage::Done => 2,
        });
        machine_of(
            &mut block,
            &name,
            &title,
            ["not recorded".into(), recorded, "done".into()],
            ["initiate, or a first marker (record state)", "a marker on every incoming channel"],
            at,
        );
        for &c in topology.incoming(p) {
            let channel = topology.channel(c);
            let (k, to) = (channel.from + 1, channel.to + 1);
            let cm = m.as_ref().and_then(|m| m.channels.iter().find(|x| x.channel == channel));
            let so_far = match cm {
                Some(x) if x.messages.is_empty() => ": empty".to_string(),
                Some(x) => {
                    let names: Vec<String> = x.messages.iter().map(ToString::to_string).collect();
                    format!(": {}", names.join(", "))
                }
                None => String::new(),
            };
            let at = cm.map(|x| match x.stage {
                ChannelStage::NotRecording => 0,
                ChannelStage::Recording => 1,
                ChannelStage::Closed => 2,
            });
            machine_of(
                &mut block,
                &format!("C{k}_{to}"),
                &format!("C{k}{to}: P{k} → P{to}"),
                ["not recording".into(), format!("recording{so_far}"), format!("closed{so_far}")],
                ["its receiver records its state", "a marker arrives on it"],
                at,
            );
        }
        blocks.push((1 + topology.incoming(p).len(), block));
    }
    let sizes: Vec<usize> = blocks.iter().map(|(n, _)| *n).collect();
    for (i, range) in rule_columns(&sizes).into_iter().enumerate() {
        let names: Vec<String> = range.clone().map(process_name).collect();
        let _ = writeln!(out, "    state \"{}\" as column{} {{", text(&names.join(", ")), i + 1);
        let _ = writeln!(out, "        direction LR");
        for (_, block) in &blocks[range] {
            out.push_str(block);
        }
        let _ = writeln!(out, "    }}");
    }
    if !now.is_empty() {
        let _ = writeln!(out, "    classDef now font-weight:bold,stroke-width:4px");
        let _ = writeln!(out, "    class {} now", now.join(","));
    }
    out
}

/// A machine drawn left to right, as Mermaid renders it with the notes' labels: width and
/// height with the space around it, in pixels.
const MACHINE: (f64, f64) = (1244.0, 164.0);

/// The columns of the marker rules' diagram: consecutive processes (each with its number of
/// machines in `sizes`), as many columns as bring the whole closest to a 16:9 slide, each
/// column about as tall as the others.
pub fn rule_columns(sizes: &[usize]) -> Vec<std::ops::Range<usize>> {
    let total: usize = sizes.iter().sum();
    let aspect = |columns: usize| {
        let rows = total.div_ceil(columns) as f64;
        (columns as f64 * MACHINE.0 / (rows * MACHINE.1) / (16.0 / 9.0)).ln().abs()
    };
    let columns = (1..=sizes.len().max(1)).min_by(|&a, &b| aspect(a).total_cmp(&aspect(b))).unwrap_or(1);
    // Fill each column up to its share of the machines left, keeping processes whole and
    // leaving at least one process for each column after it; the last takes the rest.
    let mut out = Vec::new();
    let (mut start, mut left) = (0, total);
    for c in 0..columns {
        let after = columns - c - 1;
        let share = left.div_ceil(columns - c);
        let mut end = start;
        let mut taken = 0;
        while end < sizes.len() - after && (after == 0 || taken == 0 || taken + sizes[end] <= share) {
            taken += sizes[end];
            end += 1;
        }
        out.push(start..end);
        left -= taken;
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Action, ProcessSpec, Unit, World};

    /// Undoes [`text`] the way Mermaid's renderer does (`#quot;` and `#<decimal>;`).
    fn decode(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('#') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find(';').expect("an entity ends with ;") + i;
            let name = &rest[i + 1..end];
            if name == "quot" {
                out.push('"');
            } else {
                out.push(char::from_u32(name.parse().expect("a decimal entity")).expect("a character"));
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Labels that break naive Mermaid text, the notes' own first.
    const HOSTILE: &[&str] = &[
        "Switch S1 (BMv2)",
        "Leaf Switch 1 (Programmable)",
        "Spine [1]",
        "say \"hi\"",
        "\"",
        "'single'",
        "#1; x",
        "#35;",
        "#quot;",
        "a;b",
        "a --> b",
        "P1->>P2: hi",
        "line 1\nline 2",
        "cr\r\nlf",
        "tab\there",
        "스냅샷 프로세스",
        "快照进程",
        "  padded  ",
        " ",
        "",
        "%%{init: {\"theme\": \"dark\"}}%%",
        "%% comment",
        "<b>bold</b><br>",
        "&amp; & &",
        "`code`",
        "$$x^2$$",
        "{curly} }{",
        "a|b",
        "end",
        "participant",
        "Note over P1: x",
        "P1 as P2",
        "\\",
        "🙂",
        "\u{200b}zero width",
        "שלום",
        "e\u{301}",
        "click P1 call alert()",
        "style P1 fill:#f00;",
        "classDef x fill:#f00;",
        "$$$",
        "https://example.org/#frag",
        "\u{7}\u{0}",
    ];

    #[test]
    fn text_keeps_only_safe_characters_and_loses_nothing() {
        for &label in HOSTILE {
            let escaped = text(label);
            assert_eq!(decode(&escaped).replace("$\u{200b}", "$"), label, "{label:?} → {escaped:?}");
            assert!(!escaped.contains("style") && !escaped.contains("classDef"), "{escaped:?}");
            assert!(!escaped.contains(['"', '\n', '\r', '%', '<', '>', '&', '`', '$', '{', '}']), "{escaped:?}");
            assert!(!escaped.starts_with(char::is_whitespace) && !escaped.ends_with(char::is_whitespace));
            // Every # starts an entity that a ; ends, and there is no other ;.
            let mut rest = escaped.as_str();
            while let Some(i) = rest.find(['#', ';']) {
                assert_eq!(&rest[i..=i], "#", "{label:?} → {escaped:?}: a bare ;");
                let end = rest[i..].find(';').expect("closed") + i;
                let name = &rest[i + 1..end];
                assert!(name == "quot" || name.bytes().all(|b| b.is_ascii_digit()), "{escaped:?}");
                rest = &rest[end + 1..];
            }
        }
    }

    #[test]
    fn text_leaves_ordinary_words_readable() {
        assert_eq!(text("m3 (100)"), "m3 (100)");
        assert_eq!(text("P2 records its state for S1: -20"), "P2 records its state for S1: -20");
        assert_eq!(text("Switch S1 (BMv2)"), "Switch S1 (BMv2)");
        assert_eq!(text("스냅샷 快照"), "스냅샷 快照");
        assert_eq!(text("say \"hi\"; #1"), "say #quot;hi#quot;#59; #35;1");
        assert_eq!(text(" a  b "), "#32;a  b#32;");
        assert_eq!(text("a\nb"), "a#10;b");
        assert_eq!(text(""), "");
        assert_eq!(text("$$x$$"), "#36;#8203;#36;x#36;#8203;#36;");
        assert_eq!(text("style: classDef"), "#115;tyle: #99;lassDef");
    }

    fn labelled(labels: &[&str]) -> Topology {
        let specs = labels.iter().map(|l| ProcessSpec { label: l.to_string(), initial: 100 }).collect();
        Topology::complete(specs, Discipline::Fifo, Unit::Tokens).unwrap()
    }

    #[test]
    fn flowchart_has_one_node_per_process_and_one_edge_per_channel() {
        let t = labelled(&["Switch S1 (BMv2)", "P2", ""]);
        let out = flowchart(&t);
        assert_eq!(
            out,
            "flowchart LR\n    P1[\"P1 (Switch S1 (BMv2))<br>100 tokens\"]\n    P2[\"P2<br>100 tokens\"]\n    \
             P3[\"P3<br>100 tokens\"]\n    P1 --> P2\n    P1 --> P3\n    P2 --> P1\n    P2 --> P3\n    P3 --> P1\n    \
             P3 --> P2\n"
        );
    }

    #[test]
    fn sequence_draws_messages_markers_notes_and_messages_in_flight() {
        let t = labelled(&["a;b", "P2"]);
        let mut w = World::new(t);
        w.apply(&Action::Send { from: 0, to: 1, amount: 7 }).unwrap();
        w.apply(&Action::Snapshot { process: 1 }).unwrap();
        w.apply(&Action::Send { from: 1, to: 0, amount: 3 }).unwrap();
        while let Some(&message) = w.deliverable().iter().find(|m| m.to_string() != "m2") {
            w.apply(&Action::Deliver { message }).unwrap();
        }
        let out = sequence(w.log());
        let expected = "sequenceDiagram
    participant P1 as P1 (a#59;b)
    participant P2
    Note over P2: P2 records its state for S1: 100
    Note over P2,P1: m2 (3) from P2 to P1 is still in flight
    P1->>P2: m1 (7), recorded in S1
    P2-->>P1: marker S1
    Note over P1: P1 records its state for S1: 93
    P1-->>P2: marker S1
    Note over P1,P2: S1 is complete
";
        assert_eq!(out, expected);
    }
}

#[cfg(test)]
mod rules_tests {
    use super::*;
    use crate::formats::presets;

    fn log_of(id: &str) -> Log {
        presets::find(id).unwrap().scenario().unwrap().replay().world.log().clone()
    }

    #[test]
    fn c21_draws_every_machine_with_what_s1_recorded_and_marks_the_stage_now() {
        let out = rules(&log_of("c21"));
        assert!(out.starts_with("stateDiagram-v2\n"));
        // Two processes, one incoming channel each: four machines, in one column.
        assert_eq!(out.matches("\n        state \"").count(), 4);
        assert_eq!(out.matches("\n    state \"").count(), 1);
        assert!(out.contains("    state \"P1, P2\" as column1 {\n        direction LR\n"), "{out}");
        assert!(out.contains(&format!("state \"{}\" as C2_1 {{", text("C21: P2 → P1"))), "{out}");
        assert!(out.contains("C2_1_2 : closed: m2, m3"), "{out}");
        assert!(out.contains("C1_2_2 : closed: empty"), "{out}");
        // S1 is complete: every machine is at its last stage.
        assert!(out.ends_with("    class P1_2,C2_1_2,P2_2,C1_2_2 now\n"), "{out}");
    }

    #[test]
    fn the_machines_are_laid_out_in_columns_for_a_slide() {
        // The notes' P1-P4: 16 machines in two columns of two processes each.
        let out = rules(&log_of("notes-p1-p4"));
        assert!(out.starts_with("stateDiagram-v2\n    direction TB\n"), "{out}");
        assert!(out.contains("    state \"P1, P2\" as column1 {"), "{out}");
        assert!(out.contains("    state \"P3, P4\" as column2 {"), "{out}");
        assert_eq!(out.matches("            direction LR\n").count(), 16, "every machine left to right");
        assert_eq!(rule_columns(&[4, 4, 4, 4]), vec![0..2, 2..4]);
        assert_eq!(rule_columns(&[2, 2]), vec![0..2]);
        assert_eq!(rule_columns(&[1]), vec![0..1]);
        // Any run: consecutive, non-empty columns that hold every process once, about as tall
        // as one another, and the whole close to a slide's shape.
        for n in 2..=16usize {
            for shape in [1usize, 2, 3, n - 1] {
                let sizes: Vec<usize> = (0..n).map(|p| 1 + (p * shape) % n).collect();
                let columns = rule_columns(&sizes);
                assert_eq!(columns.first().map(|r| r.start), Some(0));
                assert_eq!(columns.last().map(|r| r.end), Some(n));
                assert!(columns.windows(2).all(|w| w[0].end == w[1].start), "{columns:?}");
                assert!(columns.iter().all(|r| !r.is_empty()), "{sizes:?}: {columns:?}");
                let heights: Vec<usize> = columns.iter().map(|r| sizes[r.clone()].iter().sum()).collect();
                let (tallest, biggest) = (*heights.iter().max().unwrap(), *sizes.iter().max().unwrap());
                let total: usize = sizes.iter().sum();
                assert!(tallest <= total.div_ceil(columns.len()) + biggest, "{sizes:?}: {heights:?}");
                let aspect = columns.len() as f64 * MACHINE.0 / (tallest as f64 * MACHINE.1);
                assert!(columns.len() == 1 || aspect < 4.0, "{sizes:?}: {columns:?} is {aspect:.2}:1");
            }
        }
    }

    #[test]
    fn without_a_snapshot_the_machines_are_unlabelled_and_nothing_is_marked() {
        let topology = presets::find("bank").unwrap().scenario().unwrap().topology;
        let out = rules(crate::sim::World::new(topology).log());
        assert!(out.contains("no snapshot has started"));
        assert!(!out.contains("class "), "{out}");
        assert!(out.contains("P1_1 : recorded\n"));
    }

    #[test]
    fn every_label_goes_through_text() {
        let out = rules(&log_of("switches-bmv2"));
        assert!(out.contains("state \"P1 (Switch S1 (BMv2)) in S1\" as P1 {"), "{out}");
        // Labels never carry a raw character that Mermaid would read as syntax.
        for line in out.lines().filter(|l| l.contains(" : ")) {
            let label = line.split_once(" : ").unwrap().1;
            assert!(!label.contains(['"', ';', '{', '}', '<', '>']) || label.contains('#'), "{line}");
        }
    }
}
