//! The multicast run's formats (issue 22): the hand-writable text form
//! (`src/formats/multicast_text.rs`) round-trips with the `v1.mc.` link on random scenarios,
//! reads the golden examples, and says what is wrong and where; the ShiViz log and the Mermaid
//! sequence diagram of a run are well formed, keep receive and deliver apart, and ShiViz's own
//! reading of the log (our importer, as strict) accepts every clock; the JSON document of
//! `replay --json` is one document with the verdict.
#![cfg(not(target_arch = "wasm32"))]

use snapshot_lab::formats::multicast_export::RunDocument;
use snapshot_lab::formats::multicast_text::{parse, to_text, TextErrorKind};
use snapshot_lab::formats::{multicast_link, multicast_mermaid, multicast_presets, multicast_shiviz, shiviz};
use snapshot_lab::sim::limits::{MAX_ACTIONS, MAX_SCENARIO_BYTES};
use snapshot_lab::sim::multicast::{
    Action, Copy, EventKind, Group, Order, Payload, Priority, Reliability, Scenario, Setup, MAX_MEMBERS,
};
use snapshot_lab::sim::rng::Rng;

fn random_setup(rng: &mut Rng) -> Setup {
    Setup {
        members: 2 + rng.below(MAX_MEMBERS - 1),
        order: Order::ALL[rng.below(Order::ALL.len())],
        reliability: if rng.below(2) == 0 { Reliability::Basic } else { Reliability::Reliable },
    }
}

/// Any scenario a link can hold, replayable or not: arbitrary message and order numbers.
fn arbitrary(rng: &mut Rng) -> Scenario {
    let setup = random_setup(rng);
    let n = setup.members;
    let mut actions = Vec::new();
    for _ in 0..rng.below(30) {
        let p = rng.below(n);
        let q = (p + 1 + rng.below(n - 1)) % n;
        let big =
            |rng: &mut Rng| if rng.below(8) == 0 { u32::MAX - rng.below(3) as u32 } else { 1 + rng.below(12) as u32 };
        let priority = |rng: &mut Rng| Priority { count: big(rng), process: rng.below(n) };
        actions.push(match rng.below(8) {
            0 | 1 => Action::Multicast { from: p, reach: None },
            2 => Action::Multicast { from: p, reach: Some((0..n).filter(|&x| x != p && rng.below(2) == 0).collect()) },
            3 => Action::Receive(Copy { payload: Payload::Message(big(rng)), from: p, to: q }),
            4 => Action::Receive(Copy {
                payload: Payload::Order { message: big(rng), number: big(rng) },
                from: p,
                to: q,
            }),
            5 => Action::Receive(Copy {
                payload: Payload::Proposal { message: big(rng), priority: priority(rng) },
                from: p,
                to: q,
            }),
            6 => Action::Receive(Copy {
                payload: Payload::Agreed { message: big(rng), priority: priority(rng) },
                from: p,
                to: q,
            }),
            _ => Action::Crash(p),
        });
    }
    let cursor = (rng.below(3) == 0).then(|| rng.below(actions.len() + 1));
    Scenario { setup, actions, cursor }
}

/// A run the core can replay: random multicasts, receives and now and then a crash.
fn replayable(rng: &mut Rng) -> Scenario {
    let setup = random_setup(rng);
    let mut group = Group::new(setup).unwrap();
    let mut actions = Vec::new();
    for _ in 0..rng.below(40) {
        let alive: Vec<usize> = (0..setup.members).filter(|&p| !group.members[p].crashed).collect();
        if alive.is_empty() {
            break;
        }
        let copies: Vec<Copy> = group.deliverable().collect();
        let a = match rng.below(10) {
            0..=2 => Action::Multicast { from: alive[rng.below(alive.len())], reach: None },
            3 => {
                let p = alive[rng.below(alive.len())];
                Action::Multicast {
                    from: p,
                    reach: Some((0..setup.members).filter(|&x| x != p && rng.below(2) == 0).collect()),
                }
            }
            4 if alive.len() > 2 => Action::Crash(alive[rng.below(alive.len())]),
            _ if !copies.is_empty() => Action::Receive(copies[rng.below(copies.len())]),
            _ => continue,
        };
        if group.apply(&a).is_ok() {
            actions.push(a);
        }
    }
    Scenario { setup, actions, cursor: None }
}

#[test]
fn link_text_and_scenario_round_trip_on_random_scenarios() {
    let mut rng = Rng::new(22);
    for i in 0..3000 {
        let s = if i % 2 == 0 { arbitrary(&mut rng) } else { replayable(&mut rng) };
        let text = to_text(&s);
        assert_eq!(parse(&text).as_ref(), Ok(&s), "{text}");
        let link = multicast_link::encode(&s);
        let back = multicast_link::decode(&link).unwrap();
        assert_eq!(back, s);
        assert_eq!(to_text(&back), text, "link → text is the same text");
        assert_eq!(multicast_link::encode(&parse(&text).unwrap()), link, "text → link is the same link");
    }
}

#[test]
fn golden_texts_read_as_written() {
    // Comments, blank lines, defaults, a partial multicast listed out of order, tabs.
    let text = "# the classic figure\n\ngroup 4   # four members\n\tmulticast P2 partial P4 P1\nreceive m1 P2 P4\n\
                receive order m1 3 P1 P4\ncrash P3\n";
    let s = parse(text).unwrap();
    assert_eq!(s.setup, Setup { members: 4, order: Order::Unordered, reliability: Reliability::Basic });
    assert_eq!(
        s.actions,
        vec![
            Action::Multicast { from: 1, reach: Some(vec![0, 3]) },
            Action::Receive(Copy { payload: Payload::Message(1), from: 1, to: 3 }),
            Action::Receive(Copy { payload: Payload::Order { message: 1, number: 3 }, from: 0, to: 3 }),
            Action::Crash(2),
        ]
    );
    assert_eq!(s.cursor, None);
    assert_eq!(
        to_text(&s),
        "group 4\norder unordered\nreliability basic\nmulticast P2 partial P1 P4\nreceive m1 P2 P4\n\
         receive order m1 3 P1 P4\ncrash P3\n"
    );
    // A partial multicast that reaches no one, a cursor.
    let s =
        parse("group 2\norder total\nreliability reliable\ncursor 1\nmulticast P1 partial\nmulticast P2\n").unwrap();
    assert_eq!(s.actions[0], Action::Multicast { from: 0, reach: Some(vec![]) });
    assert_eq!(s.cursor, Some(1));
    // Every preset, through the text form and back.
    for p in multicast_presets::PRESETS {
        let s = p.scenario().unwrap();
        assert_eq!(multicast_link::encode(&parse(&to_text(&s)).unwrap()), p.link, "{}", p.id);
    }
    assert_eq!(
        to_text(&multicast_presets::find("basic-crash").unwrap().scenario().unwrap()),
        "group 3\norder unordered\nreliability basic\nmulticast P1 partial P2\nreceive m1 P1 P2\n"
    );
}

#[test]
fn errors_name_the_line_and_the_column() {
    let cases: &[(&str, usize, usize, &str)] = &[
        ("", 1, 1, "expected `group` and the number of members, the first line of a multicast scenario, found end of line"),
        ("# only a comment\n", 1, 1, "expected `group`"),
        ("process P1 100\n", 1, 1, "expected `group` and the number of members, the first line of a multicast scenario, found `process`"),
        ("group\n", 1, 6, "expected the number of members (a whole number), found end of line"),
        ("group 9\n", 1, 7, "the number of members 9 is out of range (2 to 8)"),
        ("group 1\n", 1, 7, "out of range (2 to 8)"),
        ("group three\n", 1, 7, "expected the number of members (a whole number), found `three`"),
        ("group 3 4\n", 1, 9, "expected end of line, found `4`"),
        ("group 3\ngroup 3\n", 2, 1, "`group` is given twice (first on line 1)"),
        ("group 3\norder random\n", 2, 7, "expected `unordered`, `fifo`, `causal`, `total` or `isis`, found `random`"),
        ("group 3\norder fifo\norder total\n", 3, 1, "`order` is given twice (first on line 2)"),
        ("group 3\nreliability\n", 2, 12, "expected `basic` or `reliable`, found end of line"),
        ("group 3\nmulticast P1\norder fifo\n", 3, 1, "`order` must come before the first action (line 2)"),
        ("group 3\nmulticast P4\n", 2, 11, "there is no process P4: the scenario declares 3 (P1 to P3)"),
        ("group 3\nmulticast P0\n", 2, 11, "there is no process P0"),
        ("group 3\nmulticast p1\n", 2, 11, "expected a process name like P1, found `p1`"),
        ("group 3\nmulticast P1 partial P2 P2\n", 2, 25, "expected each other member at most once (not the sender, P1), found `P2`"),
        ("group 3\nmulticast P1 partial P1\n", 2, 22, "not the sender, P1"),
        ("group 3\nmulticast P1 P2\n", 2, 14, "expected end of line, found `P2`"),
        ("group 3\nreceive 1 P1 P2\n", 2, 9, "expected a message like m1, found `1`"),
        ("group 3\nreceive m0 P1 P2\n", 2, 9, "message m0 is out of range (1 to 4294967295)"),
        ("group 3\nreceive m4294967296 P1 P2\n", 2, 9, "out of range (1 to 4294967295)"),
        ("group 3\nreceive m1 P1\n", 2, 14, "expected a process name like P1, found end of line"),
        ("group 3\nreceive order m1 P1 P2\n", 2, 18, "expected the order number (a whole number), found `P1`"),
        ("group 3\nreceive order m1 0 P1 P2\n", 2, 18, "the order number 0 is out of range"),
        ("group 3\nsend P1 P2 10\n", 2, 1, "expected a line of a multicast scenario: group, order, reliability, cursor, multicast, receive or crash, found `send`"),
        ("group 3\ncursor 2\nmulticast P1\n", 2, 8, "cursor 2 is past the end: the scenario has 1 actions"),
        ("group 3\ncursor -1\n", 2, 8, "expected the cursor (a whole number), found `-1`"),
        ("group 3\n  crash   P9 # gone\n", 2, 11, "there is no process P9"),
        ("group 3\n스냅샷 P1\n", 2, 1, "found `스냅샷`"),
        ("group 3\ncrash P1 가 P2\n", 2, 10, "expected end of line, found `가`"),
    ];
    for &(text, line, column, says) in cases {
        let e = parse(text).expect_err(text);
        let message = e.kind.to_string();
        assert_eq!((e.line, e.column), (line, column), "{text:?}: {message}");
        assert!(message.contains(says), "{text:?}: {message}");
        assert!(e.to_string().starts_with(&format!("line {line}, column {column}: ")), "{e}");
    }
}

#[test]
fn limits_are_checked_before_anything_is_built() {
    // Too long: refused at the limit, without reading on.
    let mut text = String::from("group 3\n");
    while text.len() <= MAX_SCENARIO_BYTES {
        text.push_str("multicast P1\n");
    }
    let e = parse(&text).unwrap_err();
    assert!(matches!(e.kind, TextErrorKind::TooLong { .. }), "{e}");
    assert_eq!(e.line, 1 + MAX_SCENARIO_BYTES.saturating_sub(8) / 13 + 1);
    // Too many actions: refused at the first one past the limit.
    let mut text = String::from("group 2\n");
    for _ in 0..=MAX_ACTIONS {
        text.push_str("crash P1\n");
    }
    let e = parse(&text).unwrap_err();
    assert_eq!(e.kind, TextErrorKind::TooManyActions);
    assert_eq!(e.line, MAX_ACTIONS + 2);
}

fn runs() -> Vec<(String, Scenario)> {
    let mut out: Vec<(String, Scenario)> =
        multicast_presets::PRESETS.iter().map(|p| (p.id.to_string(), p.scenario().unwrap())).collect();
    let mut rng = Rng::new(4);
    for i in 0..200 {
        out.push((format!("random {i}"), replayable(&mut rng)));
    }
    out
}

#[test]
fn shiviz_logs_carry_a_vector_clock_per_event_that_shiviz_reads() {
    for (name, s) in runs() {
        let group = s.replay().unwrap();
        let out = multicast_shiviz::export(s.setup.members, &group.log);
        if group.log.is_empty() {
            assert_eq!(out, format!("{}\n", shiviz::DEFAULT_REGEX), "{name}");
            continue;
        }
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some(shiviz::DEFAULT_REGEX), "{name}");
        assert_eq!(out.lines().count(), 1 + 2 * group.log.len(), "{name}: two lines per event");
        // The importer is stricter than ShiViz: own counts go up by one, nothing goes down,
        // no clock knows of more events than the log has.
        let imported = shiviz::import(&out, None).unwrap_or_else(|e| panic!("{name}: {e}\n{out}"));
        assert_eq!(imported.events.len(), group.log.len(), "{name}");
        for (e, i) in group.log.iter().zip(&imported.events) {
            assert_eq!(i.host, format!("P{}", e.process + 1), "{name}");
            // A receive knows of the event that sent its copy.
            if let EventKind::Receive { sent_at, .. } = e.kind {
                let sender = &group.log[sent_at];
                let own = imported.events[sent_at].clock[&format!("P{}", sender.process + 1)];
                assert!(i.clock.get(&format!("P{}", sender.process + 1)).copied().unwrap_or(0) >= own, "{name}");
            }
        }
        // Receive and deliver are distinct events.
        let receives = group.log.iter().filter(|e| matches!(e.kind, EventKind::Receive { .. })).count();
        let delivers = group.log.iter().filter(|e| matches!(e.kind, EventKind::Deliver { .. })).count();
        assert_eq!(imported.events.iter().filter(|e| e.description.contains(" receives ")).count(), receives);
        assert_eq!(imported.events.iter().filter(|e| e.description.contains(" delivers ")).count(), delivers);
    }
}

#[test]
fn mermaid_sequence_diagrams_are_well_formed_and_follow_the_log() {
    for (name, s) in runs() {
        let group = s.replay().unwrap();
        let n = s.setup.members;
        let out = multicast_mermaid::sequence(n, &group.log);
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("sequenceDiagram"), "{name}");
        let process = |id: &str| -> usize {
            let k: usize = id.strip_prefix('P').and_then(|d| d.parse().ok()).unwrap_or_else(|| panic!("{name}: {id}"));
            assert!((1..=n).contains(&k), "{name}: {id}");
            k - 1
        };
        let (mut participants, mut arrows, mut notes, mut in_flight) = (Vec::new(), Vec::new(), 0, 0);
        for line in lines {
            let body = line.strip_prefix("    ").unwrap_or_else(|| panic!("{name}: {line:?}"));
            if let Some(id) = body.strip_prefix("participant ") {
                participants.push(process(id));
            } else if let Some(rest) = body.strip_prefix("Note over ") {
                let (over, text) = rest.split_once(": ").unwrap_or_else(|| panic!("{name}: {line:?}"));
                over.split(',').for_each(|id| {
                    process(id);
                });
                assert!(!text.is_empty() && !text.contains(['"', '{', '}', '<', '>', '%', '`']), "{name}: {line}");
                notes += 1;
                in_flight += usize::from(text.ends_with("is still in flight"));
            } else {
                let (arrow, text) = body.split_once(": ").unwrap_or_else(|| panic!("{name}: {line:?}"));
                let (sep, order) = if arrow.contains("-->>") { ("-->>", true) } else { ("->>", false) };
                let (from, to) = arrow.split_once(sep).unwrap_or_else(|| panic!("{name}: {line:?}"));
                arrows.push((process(from), process(to), order, text.to_string()));
            }
        }
        assert_eq!(participants, (0..n).collect::<Vec<_>>(), "{name}");
        // One arrow per receive, where it is received, solid for a message, dashed for an order,
        // a proposal or an agreed priority.
        let receives: Vec<(usize, usize, bool)> = group
            .log
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Receive { copy, .. } => {
                    Some((copy.from, e.process, !matches!(copy.payload, Payload::Message(_))))
                }
                _ => None,
            })
            .collect();
        assert_eq!(arrows.iter().map(|a| (a.0, a.1, a.2)).collect::<Vec<_>>(), receives, "{name}");
        // One note per other event, and one per copy never received.
        let others = group.log.iter().filter(|e| !matches!(e.kind, EventKind::Receive { .. })).count();
        assert_eq!(in_flight, group.in_flight.len(), "{name}");
        assert_eq!(notes, others + group.in_flight.len(), "{name}");
    }
}

#[test]
fn the_json_document_holds_the_run_and_the_verdict() {
    let p = multicast_presets::find("fifo-not-causal").unwrap();
    let doc = RunDocument::new(&p.scenario().unwrap());
    let v: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
    assert_eq!(v["format"], "snapshot-lab-multicast-run");
    assert_eq!(v["scenario"]["link"], p.link);
    assert_eq!(v["scenario"]["order"], "fifo");
    assert_eq!(v["events"].as_array().unwrap().len(), 12);
    assert_eq!(v["events"][0]["kind"], "multicast");
    assert_eq!(v["events"][0]["vector"], serde_json::json!([1, 0, 0]));
    assert_eq!(v["events"][6]["kind"], "receive");
    assert_eq!(v["events"][6]["from"], "P2");
    assert_eq!(v["events"][7]["kind"], "deliver");
    assert_eq!(v["ordering"]["fifo"]["holds"], true);
    assert_eq!(v["ordering"]["causal"]["holds"], false);
    assert_eq!(v["ordering"]["causal"]["violations"][0], "P3 delivered m2 before m1, but m1 → m2");
    assert!(v["error"].is_null());
    // A refused action is named, and the run up to it is kept.
    let mut s = p.scenario().unwrap();
    s.actions.push(Action::Crash(7));
    let doc = RunDocument::new(&s);
    assert_eq!(doc.error.as_deref(), Some("action 7: The group has no process P8"));
    assert_eq!(doc.events.len(), 12);
}

/// The ISIS run of the docs: P1 and P2 multicast at once, P3 gets m2 first, P1 m1 first.
const ISIS_TEXT: &str = "group 3\norder isis\nreliability basic\nmulticast P1\nmulticast P2\nreceive m2 P2 P3\n\
receive m1 P1 P3\nreceive m2 P2 P1\nreceive m1 P1 P2\nreceive proposal m1 2.2 P2 P1\nreceive proposal m1 2.3 P3 P1\n\
receive proposal m2 1.3 P3 P2\nreceive proposal m2 2.1 P1 P2\nreceive agreed m1 2.3 P1 P3\nreceive agreed m2 2.1 P2 P3\n\
receive agreed m2 2.1 P2 P1\nreceive agreed m1 2.3 P1 P2\n";

#[test]
fn an_isis_run_round_trips_through_text_and_link_and_exports() {
    let s = parse(ISIS_TEXT).unwrap();
    assert_eq!(s.setup.order, Order::Agreed);
    assert_eq!(
        s.actions[6],
        Action::Receive(Copy {
            payload: Payload::Proposal { message: 1, priority: Priority { count: 2, process: 1 } },
            from: 1,
            to: 0
        })
    );
    assert_eq!(to_text(&s), ISIS_TEXT);
    // The golden link: settings 0x13 (total order, agreed priorities), tags 0x32 and 0x33.
    let golden = "v1.mc.EwMOEBEwAhIwAQIwAhAwAQEyAQIBEDIBAgIgMgIBAiEyAgIAATMBAgICMwICABIzAgIAEDMBAgIB";
    let link = multicast_link::encode(&s);
    assert_eq!(link, golden);
    assert_eq!(multicast_link::decode(golden).unwrap(), s);
    let g = s.replay().unwrap();
    assert!(g.members.iter().all(|m| m.delivered == vec![2, 1]));
    // The JSON document and the exports carry the proposals and agreements.
    let v: serde_json::Value = serde_json::from_str(&RunDocument::new(&s).to_json()).unwrap();
    assert_eq!(v["scenario"]["order"], "isis");
    let kinds: Vec<&str> = v["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "propose").count(), 6);
    assert_eq!(kinds.iter().filter(|k| **k == "agree").count(), 2);
    assert_eq!(v["ordering"]["total"]["holds"], true);
    assert!(v["ordering"].get("never_agreed").is_none());
    let mermaid = multicast_mermaid::sequence(3, &g.log);
    assert!(mermaid.contains("    P2-->>P1: the proposal 2.2 for m1\n"), "{mermaid}");
    assert!(mermaid.contains("    P1-->>P3: the agreed priority 2.3 for m1\n"), "{mermaid}");
    let shiviz = multicast_shiviz::export(3, &g.log);
    assert!(shiviz.contains("P1 has every proposal for m1: the largest, 2.3, is its agreed priority, sent to P2, P3"));
    // A bad priority is named where it is.
    let bad = ISIS_TEXT.replace("proposal m1 2.2 P2", "proposal m1 2.4 P2");
    let e = parse(&bad).unwrap_err();
    assert_eq!((e.line, e.column), (10, 21), "{e:?}");
    // Bit 0x10 means agreed priorities only with the order bits of total order.
    let fifo_isis = multicast_link::from_bytes(&[0x11, 3, 0]).unwrap_err();
    assert!(
        fifo_isis.to_string().contains("agreed priorities (ISIS) need the order bits of total order"),
        "{fifo_isis}"
    );
    assert_eq!(multicast_link::from_bytes(&[0x13, 3, 0]).unwrap().setup.order, Order::Agreed);
    assert_eq!(multicast_link::from_bytes(&[0x03, 3, 0]).unwrap().setup.order, Order::Total);
}
