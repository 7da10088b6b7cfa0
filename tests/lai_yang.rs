//! Lai–Yang as the second snapshot algorithm: what each of its rules says in the event log,
//! the faults it refuses, and how the exports name it. Its consistency on every schedule is
//! proven in `tests/properties.rs`.
#![cfg(not(target_arch = "wasm32"))]

use snapshot_lab::formats::export::{replay_text, RunDocument};
use snapshot_lab::formats::{presets, text};
use snapshot_lab::sim::{Action, ActionError, Algorithm, MessageRef, Rule, Scenario, Topology, Unit, World};

fn two_snapshots() -> Scenario {
    let source = include_str!("data/lai-yang-two-snapshots.scenario");
    text::parse(source).expect("the data file parses")
}

#[test]
fn every_lai_yang_rule_fires_and_explains_itself_with_colours() {
    let scenario = two_snapshots();
    let replay = scenario.replay();
    assert!(replay.error.is_none());
    let log = replay.world.log();
    for (rule, words) in [
        (Rule::SendRed, "red for S1"),
        (Rule::ReceiveRed, "is red for S2"),
        (Rule::RedMessage, "records its state before receiving"),
        (Rule::ReceiveRecorded, "is white"),
        (Rule::FirstMarker, "white message"),
        (Rule::LaterMarker, "white message"),
        (Rule::Initiate, "turns red"),
    ] {
        let e = log.events.iter().find(|e| e.rule == rule).unwrap_or_else(|| panic!("{rule:?} never fired"));
        let sentence = log.explain(e).to_string();
        assert!(sentence.contains(words), "{rule:?}: {sentence}");
    }
    // The red message that made P3 record is named in the sentence.
    let red = log.events.iter().find(|e| e.rule == Rule::RedMessage).unwrap();
    assert!(
        log.explain(red).to_string().starts_with("the message m3 is red for S2 (P2 sent it after recording)"),
        "{}",
        log.explain(red)
    );
    // The message colours as the world keeps them and as the log derives them agree.
    for e in &log.events {
        if let Some(m) = e.message() {
            assert_eq!(replay.world.red_for(m.id), log.red_for(m), "{m}");
        }
    }
    let id = |name: &str| log.events.iter().find_map(|e| e.message().filter(|m| m.to_string() == name)).unwrap().id;
    assert_eq!(replay.world.red_for(id("m2")), vec![1], "m2 was sent after P1 recorded S1");
    assert_eq!(replay.world.red_for(id("m3")), vec![2], "m3 was sent after P2 recorded S2");
    assert!(replay.world.red_for(id("m1")).is_empty(), "m1 was sent before anyone recorded");
}

#[test]
fn a_later_marker_waits_for_the_white_messages_it_counts() {
    let preset = presets::find("lai-yang").unwrap().scenario().unwrap();
    let log = preset.replay().world.into_log();
    let later = log.events.iter().filter(|e| e.rule == Rule::FirstMarker).find(|e| e.process == 1).unwrap();
    let sentence = log.explain(later).to_string();
    assert!(
        sentence.contains("says P1 sent 1 white message on it before recording, and P2 has received 0"),
        "{sentence}"
    );
    assert!(sentence.contains("keeps recording"), "{sentence}");
}

#[test]
fn faults_are_refused_under_lai_yang_and_change_nothing() {
    let t = Topology::complete(Topology::specs(&[10, 10]), Default::default(), Unit::Balance)
        .unwrap()
        .with_algorithm(Algorithm::LaiYang);
    let mut w = World::new(t);
    w.apply(&Action::Send { from: 0, to: 1, amount: 3 }).unwrap();
    let before = w.log().clone();
    for fault in [
        Action::Drop { message: MessageRef::App { number: 1 } },
        Action::Duplicate { message: MessageRef::App { number: 1 } },
        Action::Crash { process: 0 },
    ] {
        let e = w.apply(&fault).unwrap_err();
        assert_eq!(e, ActionError::FaultUnderLaiYang);
        assert!(e.to_string().contains("choose Chandy–Lamport"), "{e}");
        assert_eq!(w.log(), &before);
    }
}

#[test]
fn the_exports_name_the_algorithm() {
    let scenario = two_snapshots();
    let json = RunDocument::new(&scenario).to_json();
    assert!(json.contains("\"algorithm\": \"lai-yang\""), "{json}");
    assert!(json.contains("algorithm lai-yang"), "the text form inside the document");
    assert!(replay_text(&scenario).contains("snapshot algorithm: Lai–Yang"));
    let bank = presets::find("bank").unwrap().scenario().unwrap();
    assert!(RunDocument::new(&bank).to_json().contains("\"algorithm\": \"chandy-lamport\""));
    assert!(!replay_text(&bank).contains("Lai–Yang"));
}

/// A Lai–Yang channel that waits for a white message still in flight is not stuck: the fault
/// explanation lists no wait at any point of the preset's run.
#[test]
fn no_wait_is_reported_while_white_messages_are_in_flight() {
    let scenario = presets::find("lai-yang").unwrap().scenario().unwrap();
    for count in 0..=scenario.actions.len() {
        let log = scenario.replay_prefix(count).world.into_log();
        for s in snapshot_lab::sim::snapshot::assemble(&log) {
            assert!(snapshot_lab::sim::faults::waits(&log, &s).is_empty(), "after {count} actions");
            assert!(snapshot_lab::sim::faults::explain(&log, &s).is_empty(), "after {count} actions");
        }
    }
}
