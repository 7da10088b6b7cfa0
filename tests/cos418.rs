//! COS 418 assignment files run under the course's simulator rules on the core world. The
//! expected `.snap` files in tests/fixtures/cos418/ were worked out by hand from the rules in
//! shared/formats/cos418.md, for the delays in the matching `.delays` files.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use snapshot_lab::formats::cos418::{self, Cos418ErrorKind, Delays};
use snapshot_lab::sim::{cut, snapshot};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cos418").join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn delays(name: &str) -> Delays {
    let file = format!("{name}.delays");
    let delays = cos418::parse_delays(&file, &fixture(&file)).unwrap();
    Delays::List { file, delays }
}

fn run_fixture(name: &str, delays: &Delays) -> Result<String, cos418::Cos418Error> {
    cos418::run_files(
        &format!("{name}.top"),
        &fixture(&format!("{name}.top")),
        &format!("{name}.events"),
        &fixture(&format!("{name}.events")),
        delays,
    )
}

#[test]
fn fixtures_give_the_hand_checked_snapshots() {
    for name in ["2nodes", "3ring", "3ids"] {
        let actual = run_fixture(name, &delays(name)).unwrap();
        let expected = fixture(&format!("{name}.snap"));
        // Written exactly as expected, and equal under the course's rule.
        assert_eq!(actual, expected, "{name}");
        let differences = cos418::compare_snaps("expected", &expected, "actual", &actual).unwrap();
        assert!(differences.is_empty(), "{name}: {differences:?}");
    }
}

#[test]
fn fixture_runs_use_every_delay_and_no_more() {
    for name in ["2nodes", "3ring", "3ids"] {
        let Delays::List { file, mut delays } = delays(name) else { unreachable!() };
        let count = delays.len();
        delays.pop();
        let e = run_fixture(name, &Delays::List { file: file.clone(), delays }).unwrap_err();
        assert_eq!(e.kind, Cos418ErrorKind::DelaysRanOut { message: count }, "{name}");
        assert_eq!(e.file, file);
    }
}

#[test]
fn servers_are_processes_in_byte_wise_order() {
    let top = cos418::parse_top("3ids.top", &fixture("3ids.top")).unwrap();
    let ids: Vec<&str> = top.servers.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["N1", "N10", "N2"]);
    // The self-link and the repeated link are dropped: six links, the complete graph.
    assert_eq!(top.links.len(), 6);
    let topology = top.topology().unwrap();
    assert_eq!(topology.label(1), "N10");
    assert!(topology.is_complete());
}

#[test]
fn every_snapshot_of_a_run_is_consistent_and_conserves_tokens() {
    for name in ["2nodes", "3ring", "3ids"] {
        let top = cos418::parse_top("t", &fixture(&format!("{name}.top"))).unwrap();
        let commands = cos418::parse_events("e", &fixture(&format!("{name}.events"))).unwrap();
        let run = cos418::run(&top, "e", &commands, &delays(name)).unwrap();
        let log = run.world.log();
        let total: i64 = top.servers.iter().map(|s| s.tokens).sum();
        for s in snapshot::assemble(log) {
            assert!(s.complete);
            assert!(cut::check_snapshot(log, &s).unwrap().is_consistent(), "{name} S{}", s.id);
            assert_eq!(s.recorded_total(), Some(total));
        }
        // The run is a scenario of the lab that replays to the same log.
        let replay = run.scenario.replay();
        assert!(replay.error.is_none());
        assert_eq!(replay.world.log(), log);
    }
}

#[test]
fn seeded_delays_are_reproducible() {
    let a = run_fixture("3ids", &Delays::Seeded { seed: 7 }).unwrap();
    let b = run_fixture("3ids", &Delays::Seeded { seed: 7 }).unwrap();
    assert_eq!(a, b);
    assert!(a.starts_with("0\n"));
    let top = cos418::parse_top("t", &fixture("3ring.top")).unwrap();
    let commands = cos418::parse_events("e", &fixture("3ring.events")).unwrap();
    for seed in 0..50 {
        let run = cos418::run(&top, "e", &commands, &Delays::Seeded { seed }).unwrap();
        assert_eq!(run.snaps.len(), 2);
        for snap in &run.snaps {
            let recorded: i64 =
                snap.states.iter().map(|(_, t)| t).sum::<i64>() + snap.messages.iter().map(|m| m.tokens).sum::<i64>();
            assert_eq!(recorded, 15, "seed {seed}");
        }
    }
}

#[test]
fn snap_comparison_follows_the_course_rule() {
    let a = "0\nN1 6\nN10 10\nN2 7\nN1 N2 token(4)\nN2 N1 token(3)\n";
    // Order across destinations and of server lines does not matter; comments and blank
    // lines are ignored.
    let b = "# expected\n0\n\nN2 7\nN1 6\nN10 10\nN2 N1 token(3)\nN1 N2 token(4)\n";
    assert_eq!(cos418::compare_snaps("a", a, "b", b).unwrap(), Vec::<String>::new());
    // The order into one destination matters.
    let c = "0\nN1 1\nN2 2\nN1 N2 token(1)\nN1 N2 token(2)\n";
    let d = "0\nN1 1\nN2 2\nN1 N2 token(2)\nN1 N2 token(1)\n";
    assert_eq!(cos418::compare_snaps("c", c, "d", d).unwrap().len(), 1);
    // Ids, states and message counts.
    assert!(!cos418::compare_snaps("a", a, "x", &a.replacen("0\n", "1\n", 1)).unwrap().is_empty());
    assert!(!cos418::compare_snaps("a", a, "x", &a.replace("N2 7", "N2 8")).unwrap().is_empty());
    assert!(!cos418::compare_snaps("a", a, "x", &format!("{a}N2 N1 token(3)\n")).unwrap().is_empty());
    assert!(!cos418::compare_snaps("a", a, "x", &format!("{a}\n1\nN1 0\n")).unwrap().is_empty());
}

#[test]
fn snap_files_are_checked() {
    let e = cos418::parse_snaps("x.snap", "N1 5\n").unwrap_err();
    assert_eq!((e.line, e.kind), (Some(1), Cos418ErrorKind::SnapWithoutId));
    let e = cos418::parse_snaps("x.snap", "0\nN1 5\nN1 N2 tokens(3)\n").unwrap_err();
    assert_eq!(e.line, Some(3));
    assert_eq!(
        e.to_string(),
        "x.snap:3: expected `<id>`, `<server> <tokens>` or `<src> <dest> token(<n>)`, found `N1 N2 tokens(3)`"
    );
    let e = cos418::parse_snaps("x.snap", "0\nN1 5\nN1 6\n").unwrap_err();
    assert_eq!(e.kind, Cos418ErrorKind::DuplicateState { id: "N1".into() });
}

#[test]
fn topology_errors_name_file_line_and_what() {
    let cases: &[(&str, Option<usize>, &str)] = &[
        ("", None, "the first line must be the number of servers"),
        ("# only a comment\n", None, "the first line must be the number of servers"),
        ("two\n", Some(1), "expected the number of servers, found `two`"),
        ("2 3\n", Some(1), "found a line of 2 field(s)"),
        ("1\nN1 5\n", Some(1), "1 servers"),
        ("17\n", Some(1), "17 servers"),
        ("2\nN1 5\n", None, "declares 2 servers but lists only 1"),
        ("2\nN1 5\nN2\n", Some(3), "expected `<serverId> <initialTokens>`"),
        ("2\nN1 5\nN1 6\n", Some(3), "server N1 is declared twice"),
        ("2\nN1 five\nN2 6\n", Some(2), "expected a number of tokens, found `five`"),
        ("2\nN1 5\nN2 -6\n", Some(3), "server N2 starts with -6 tokens: a number of tokens cannot be negative"),
        ("2\nN1 5\nN2 6\nN1 N3\n", Some(4), "there is no server N3"),
        ("2\nN1 5\nN2 6\nN1 N2 N1\n", Some(4), "expected `<src> <dest>`"),
        ("2\nN1 5\nN2 6\nN1 N2\n", None, "no path of links leads from N2 to N1"),
    ];
    for (text, line, what) in cases {
        let e = cos418::parse_top("net.top", text).unwrap_err();
        assert_eq!(e.file, "net.top");
        assert_eq!(e.line, *line, "{text:?}: {e}");
        assert!(e.to_string().contains(what), "{text:?}: {e}");
        assert!(e.to_string().starts_with("net.top"), "{e}");
    }
}

/// A server cannot start with a negative number of tokens (the course's simulator never lets a
/// count go below zero): the `.top` file is refused at the server's line, naming the server and
/// the value as written.
#[test]
fn negative_token_counts_are_refused() {
    let text = "# two servers\n2\nN1 5\nN2 -3\nN1 N2\nN2 N1\n";
    let e = cos418::parse_top("net.top", text).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("net.top", Some(4)));
    assert_eq!(e.kind, Cos418ErrorKind::NegativeTokens { id: "N2".into(), found: "-3".into() });
    assert_eq!(e.to_string(), "net.top:4: server N2 starts with -3 tokens: a number of tokens cannot be negative");
    // Running the files stops there too, before any snapshot is written.
    let e = cos418::run_files("net.top", text, "s.events", "snapshot N1\n", &Delays::Seeded { seed: 1 }).unwrap_err();
    assert_eq!(e.line, Some(4));
    assert!(matches!(e.kind, Cos418ErrorKind::NegativeTokens { .. }), "{e}");
    // The value is shown as written; one far below the limit is out of range, even with more
    // digits than any integer holds.
    let e = cos418::parse_top("net.top", "2\nN1 -0005\nN2 5\n").unwrap_err();
    assert_eq!((e.line, e.kind), (Some(2), Cos418ErrorKind::NegativeTokens { id: "N1".into(), found: "-0005".into() }));
    for huge in ["-1000000000001", "-99999999999999999999999999"] {
        let e = cos418::parse_top("net.top", &format!("2\nN1 5\nN2 {huge}\n")).unwrap_err();
        assert_eq!((e.line, e.kind), (Some(3), Cos418ErrorKind::TokensOutOfRange { found: huge.into() }));
    }
    // Zero is a count (so is -0, which is zero).
    let top = cos418::parse_top("net.top", "2\nN1 0\nN2 -0\nN1 N2\nN2 N1\n").unwrap();
    assert_eq!(top.servers.iter().map(|s| s.tokens).collect::<Vec<_>>(), [0, 0]);
}

#[test]
fn event_errors_name_file_line_and_what() {
    let top = cos418::parse_top("t.top", &fixture("2nodes.top")).unwrap();
    let seeded = Delays::Seeded { seed: 1 };
    let parse_cases: &[(&str, usize, &str)] = &[
        ("tick\nrecv N1 N2\n", 2, "unknown command `recv`"),
        ("send N1 N2\n", 1, "expected `send <src> <dest> <n>`"),
        ("send N1 N2 x\n", 1, "expected a number of tokens, found `x`"),
        ("snapshot\n", 1, "expected `snapshot <serverId>`"),
        ("tick -1\n", 1, "expected a number of ticks"),
        ("tick 1 2\n", 1, "expected `tick [<k>]`"),
    ];
    for (text, line, what) in parse_cases {
        let e = cos418::parse_events("s.events", text).unwrap_err();
        assert_eq!(e.line, Some(*line), "{text:?}: {e}");
        assert!(e.to_string().starts_with(&format!("s.events:{line}: ")), "{e}");
        assert!(e.to_string().contains(what), "{text:?}: {e}");
    }
    let run_cases: &[(&str, usize, &str)] = &[
        ("tick\nsend N1 N3 1\n", 2, "there is no server N3"),
        ("send N1 N2 11\n", 1, "N1 has only 10 tokens, so it cannot send 11"),
        ("send N1 N2 0\n", 1, "at least 1 token"),
        ("snapshot N9\n", 1, "there is no server N9"),
    ];
    for (text, line, what) in run_cases {
        let commands = cos418::parse_events("s.events", text).unwrap();
        let e = cos418::run(&top, "s.events", &commands, &seeded).unwrap_err();
        assert_eq!(e.line, Some(*line), "{text:?}: {e}");
        assert!(e.to_string().contains(what), "{text:?}: {e}");
    }
    // A link that does not exist.
    let ring = cos418::parse_top("r.top", &fixture("3ring.top")).unwrap();
    let commands = cos418::parse_events("s.events", "send N2 N1 1\n").unwrap();
    let e = cos418::run(&ring, "s.events", &commands, &seeded).unwrap_err();
    assert!(e.to_string().contains("there is no link from N2 to N1"), "{e}");
}

#[test]
fn delays_files_are_checked() {
    assert_eq!(cos418::parse_delays("d", " 1\n2  3\n\n4 ").unwrap(), vec![1, 2, 3, 4]);
    let e = cos418::parse_delays("d", "1 2\n3 0\n").unwrap_err();
    assert_eq!(e.line, Some(2));
    assert_eq!(e.kind, Cos418ErrorKind::BadDelay { found: "0".into() });
    assert!(cos418::parse_delays("d", "1 x").is_err());
    assert!(cos418::parse_delays("d", "-1").is_err());
}

#[test]
fn huge_tick_counts_finish_at_once() {
    let top = cos418::parse_top("t", &fixture("2nodes.top")).unwrap();
    let commands = cos418::parse_events("e", "tick 18446744073709551615\nsnapshot N1\ntick 1000000000000\n").unwrap();
    let run = cos418::run(&top, "e", &commands, &Delays::Seeded { seed: 3 }).unwrap();
    assert_eq!(run.snaps.len(), 1);
}

#[test]
fn no_snapshot_writes_nothing() {
    let out =
        cos418::run_files("t", &fixture("2nodes.top"), "e", "send N1 N2 3\ntick 2\n", &Delays::Seeded { seed: 1 });
    assert_eq!(out.unwrap(), "");
}

/// A server id is written back into the `.snap` output: one with a control character (an
/// escape sequence that would drive the terminal) is refused, naming the line.
#[test]
fn server_ids_with_control_characters_are_refused() {
    let text = "2\nN1 5\nN\u{1b}]0;x\u{7} 3\n";
    let e = cos418::parse_top("net.top", text).unwrap_err();
    assert_eq!(e.line, Some(3));
    assert_eq!(e.kind, Cos418ErrorKind::ControlInId { id: "N\u{1b}]0;x\u{7}".into() });
    assert!(!e.to_string().chars().any(|c| c.is_control()), "{e:?}");
    // Letters of any script are ids like any other.
    assert!(cos418::parse_top("net.top", "2\n서울 5\n北京 3\n서울 北京\n北京 서울\n").is_ok());
}
