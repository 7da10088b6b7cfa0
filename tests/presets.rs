//! Every preset parses, replays without a refused action, and shows what it says it shows,
//! checked by running the core.
#![cfg(not(target_arch = "wasm32"))]

use snapshot_lab::formats::presets::{self, Preset};
use snapshot_lab::sim::cut;
use snapshot_lab::sim::snapshot::{self, ChannelState, Snapshot};
use snapshot_lab::sim::{Algorithm, Channel, Log, Message, MessageKind, Rule, Scenario};

fn run(id: &str) -> (Scenario, Log, Vec<Snapshot>) {
    let preset = presets::find(id).unwrap_or_else(|| panic!("no preset {id}"));
    let scenario = preset.scenario().unwrap_or_else(|e| panic!("{id}: {e}"));
    let replay = scenario.replay();
    assert!(replay.error.is_none(), "{id}: {}", replay.error.unwrap());
    let log = replay.world.log().clone();
    let snapshots = snapshot::assemble(&log);
    (scenario, log, snapshots)
}

fn channel(s: &Snapshot, from: usize, to: usize) -> &ChannelState {
    &s.channels.iter().find(|(c, _)| *c == Channel { from, to }).expect("channel").1
}

fn names(messages: &[Message]) -> Vec<String> {
    messages.iter().map(Message::to_string).collect()
}

#[test]
fn every_preset_parses_and_replays_without_error() {
    let ids: Vec<&str> = presets::all().iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            "notes-p1-p4",
            "bank",
            "c21",
            "switches-bmv2",
            "leaf-spine",
            "two-initiators",
            "never-happened",
            "non-fifo",
            "lai-yang",
            "blank-3",
            "fault-lost-marker",
            "fault-lost-message",
            "fault-duplicate",
            "fault-crash",
            "deadlock"
        ]
    );
    for p in presets::all() {
        let Preset { id, title, description, .. } = *p;
        assert!(!title.is_empty() && !description.is_empty(), "{id}");
        assert!(!description.contains('\n') && !description.contains("  "), "{id}: one line");
        run(id);
    }
}

#[test]
fn the_default_scenario_is_blank_3() {
    assert_eq!(presets::DEFAULT_ID, "blank-3");
    let blank = presets::default_scenario();
    assert_eq!(blank, presets::find("blank-3").unwrap().scenario().unwrap());
    assert_eq!(blank.topology.process_count(), 3);
    assert!(blank.topology.is_complete());
    assert!(blank.actions.is_empty());
    assert!(presets::find("no-such-preset").is_none());
}

#[test]
fn notes_p1_p4_runs_one_snapshot_from_p1_to_completion() {
    let (scenario, log, snapshots) = run("notes-p1-p4");
    assert_eq!(scenario.topology.process_count(), 4);
    assert!(scenario.topology.is_complete());
    assert_eq!(snapshots.len(), 1);
    let s1 = &snapshots[0];
    assert_eq!(s1.initiators, vec![0]);
    assert!(s1.complete);
    // n(n-1) markers, every channel recorded (empty: nothing else was sent).
    assert_eq!(s1.markers_sent, 12);
    for (_, state) in &s1.channels {
        assert_eq!(state, &ChannelState::Recorded(vec![]));
    }
    assert!(cut::check_snapshot(&log, s1).unwrap().is_consistent());
    // The run is complete: nothing is left in flight.
    assert!(scenario.replay().world.is_quiescent());
}

#[test]
fn bank_records_the_transfer_in_flight() {
    let (scenario, log, snapshots) = run("bank");
    assert_eq!(scenario.topology.label(0), "acct1");
    assert_eq!(scenario.topology.label(1), "acct2");
    assert_eq!(scenario.topology.processes()[0].initial, 1000);
    assert_eq!(scenario.topology.processes()[1].initial, 2000);
    let s1 = &snapshots[0];
    assert!(s1.complete);
    let ChannelState::Recorded(recorded) = channel(s1, 0, 1) else { panic!("not recorded") };
    assert_eq!(names(recorded), ["m1"]);
    assert_eq!(recorded[0].kind, MessageKind::App { number: 1, amount: 100 });
    assert_eq!(s1.states, vec![Some(900), Some(2000)]);
    let verdict = cut::check_snapshot(&log, s1).unwrap();
    assert!(verdict.is_consistent());
    assert_eq!(s1.recorded_total(), Some(3000));
}

#[test]
fn c21_records_m2_and_m3_on_p2_to_p1() {
    let (_, log, snapshots) = run("c21");
    let s1 = &snapshots[0];
    assert!(s1.complete);
    let ChannelState::Recorded(c21) = channel(s1, 1, 0) else { panic!("not recorded") };
    assert_eq!(names(c21), ["m2", "m3"]);
    assert_eq!(channel(s1, 0, 1), &ChannelState::Recorded(vec![]));
    assert!(cut::check_snapshot(&log, s1).unwrap().is_consistent());
}

#[test]
fn never_happened_records_a_state_the_run_never_was_in_which_a_reordering_passes_through() {
    use snapshot_lab::view::reordered::Comparison;
    let (scenario, log, snapshots) = run("never-happened");
    let s1 = &snapshots[0];
    assert!(s1.complete && cut::check_snapshot(&log, s1).unwrap().is_consistent());
    assert_eq!(s1.states, vec![Some(500), Some(450)]);
    let ChannelState::Recorded(c21) = channel(s1, 1, 0) else { panic!("not recorded") };
    assert_eq!(names(c21), ["m2"]);
    // After every action of the real run, its global state (the application's: each process's
    // state and the messages in flight) differs from the recorded one.
    let mut world = snapshot_lab::sim::World::new(scenario.topology.clone());
    for (i, action) in scenario.actions.iter().enumerate() {
        world.apply(action).unwrap();
        let flying: Vec<(Channel, Vec<String>)> = (0..world.topology().channels().len())
            .map(|c| {
                (
                    world.topology().channel(c),
                    world.in_flight(c).filter(|m| !m.is_marker()).map(Message::to_string).collect(),
                )
            })
            .filter(|(_, m): &(Channel, Vec<String>)| !m.is_empty())
            .collect();
        let same = world.states() == [500, 450] && flying == [(Channel { from: 1, to: 0 }, vec!["m2".to_string()])];
        assert!(!same, "the real run is in the recorded state after action {}", i + 1);
    }
    // The reordered run is: m2 is sent before m1.
    let c = Comparison::new(&log, s1).unwrap();
    assert_eq!(c.boundary, 1);
    assert!(c.frame(1).is_recorded_state_of(s1));
    assert!(c.order.windows(2).any(|w| w[0] > w[1]), "a real reordering");
    assert!(!c.happened());
}

#[test]
fn two_initiators_complete_two_consistent_interleaved_snapshots() {
    let (_, log, snapshots) = run("two-initiators");
    assert_eq!(snapshots.len(), 2);
    assert_eq!(snapshots[0].initiators, vec![0]);
    assert_eq!(snapshots[1].initiators, vec![2]);
    for s in &snapshots {
        assert!(s.complete, "S{}", s.id);
        assert!(cut::check_snapshot(&log, s).unwrap().is_consistent(), "S{}", s.id);
    }
    // Interleaved: S2 starts before S1 completes.
    let seq_of = |pred: &dyn Fn(&snapshot_lab::sim::Event) -> bool| log.events.iter().find(|e| pred(e)).unwrap().seq;
    let s2_starts = seq_of(&|e| matches!(e.kind, snapshot_lab::sim::EventKind::RecordState { snapshot: 2, .. }));
    let s1_completes = seq_of(&|e| matches!(e.kind, snapshot_lab::sim::EventKind::SnapshotComplete { snapshot: 1 }));
    assert!(s2_starts < s1_completes);
}

#[test]
fn non_fifo_marker_overtakes_and_breaks_conservation() {
    let (scenario, log, snapshots) = run("non-fifo");
    assert_eq!(scenario.topology.discipline, snapshot_lab::sim::Discipline::NonFifo);
    let s1 = &snapshots[0];
    assert!(s1.complete);
    let verdict = cut::check_snapshot(&log, s1).unwrap();
    assert!(!verdict.is_consistent());
    assert!(verdict
        .findings
        .iter()
        .any(|f| matches!(f, cut::Finding::Conservation { recorded_total: 2900, expected_total: 3000 })));
    // The marker overtook m1: m1 was sent before the marker and received after it.
    let seq = |name: &str, kind: &str| {
        log.events
            .iter()
            .find(|e| e.kind_id() == kind && e.message().is_some_and(|m| m.to_string() == name))
            .unwrap()
            .seq
    };
    assert!(seq("m1", "send") < seq("marker S1", "send"));
    assert!(seq("marker S1", "receive") < seq("m1", "receive"));
}

#[test]
fn blank_3_has_three_processes_and_no_actions() {
    let (scenario, log, snapshots) = run("blank-3");
    assert_eq!(scenario.topology.process_count(), 3);
    assert!(scenario.actions.is_empty());
    assert!(log.events.is_empty());
    assert!(snapshots.is_empty());
}

#[test]
fn every_preset_link_is_its_text() {
    // The text is the source of truth; the web app opens presets from their links.
    for p in presets::PRESETS {
        let from_text = snapshot_lab::formats::text::parse(p.text).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        assert_eq!(
            p.link,
            snapshot_lab::formats::link::encode(&from_text),
            "{}: the link is stale; set it to `snapshot-lab link` of the text",
            p.id
        );
        assert_eq!(p.scenario().unwrap(), from_text, "{}", p.id);
    }
}

/// The labels of the notes' two broken flowcharts (seed 000), exactly.
fn labels(scenario: &Scenario) -> Vec<String> {
    (0..scenario.topology.process_count()).map(|p| scenario.topology.label(p).to_string()).collect()
}

#[test]
fn the_notes_switch_topologies_carry_their_labels_and_complete_consistently() {
    let (scenario, log, snapshots) = run("switches-bmv2");
    assert_eq!(labels(&scenario), ["Switch S1 (BMv2)", "Switch S2 (BMv2)", "Switch S3 (BMv2)"]);
    assert_eq!(scenario.topology.channels().len(), 4, "a line: S1 ↔ S2 ↔ S3");
    let s1 = &snapshots[0];
    assert!(s1.complete);
    assert!(cut::check_snapshot(&log, s1).unwrap().is_consistent());
    let ChannelState::Recorded(in_transit) = channel(s1, 2, 1) else { panic!("not recorded") };
    assert_eq!(names(in_transit), ["m2"], "S3 → S2 records the packets in flight");

    let (scenario, log, snapshots) = run("leaf-spine");
    assert_eq!(
        labels(&scenario),
        [
            "Spine Switch 1 (Programmable)",
            "Spine Switch 2 (Programmable)",
            "Leaf Switch 1 (Programmable)",
            "Leaf Switch 2 (Programmable)"
        ]
    );
    // Every leaf linked both ways to every spine, and nothing else.
    let channels = scenario.topology.channels();
    assert_eq!(channels.len(), 8);
    assert!(channels.iter().all(|c| (c.from < 2) != (c.to < 2)), "{channels:?}");
    let s1 = &snapshots[0];
    assert!(s1.complete);
    assert!(cut::check_snapshot(&log, s1).unwrap().is_consistent());
    let markers = log
        .events
        .iter()
        .filter(|e| e.kind_id() == "send" && e.message().is_some_and(|m| m.to_string().starts_with("marker")))
        .count();
    assert_eq!(markers, 8, "one marker per channel");
    let by_initiator = log
        .events
        .iter()
        .filter(|e| e.process == 2 && e.kind_id() == "send" && e.message().is_some_and(|m| m.is_marker()))
        .count();
    assert_eq!(by_initiator, 2, "Leaf Switch 1 sends 2 markers, one to each spine");
    let description = presets::find("leaf-spine").unwrap().description;
    assert!(description.contains("2 markers, one to each spine; the snapshot sends 8"), "{description}");
    let ChannelState::Recorded(in_transit) = channel(s1, 3, 1) else { panic!("not recorded") };
    assert_eq!(names(in_transit), ["m2"], "Leaf 2 → Spine 2 records the packets in flight");
}

/// What the system holds at the end of a scenario: every state plus every message in flight.
fn held(scenario: &Scenario) -> i64 {
    let w = scenario.replay().world;
    let channels = w.topology().channels().len();
    w.states().iter().sum::<i64>() + (0..channels).flat_map(|c| w.in_flight(c)).map(Message::amount).sum::<i64>()
}

#[test]
fn each_fault_preset_shows_its_broken_assumption() {
    use snapshot_lab::sim::faults::{explain, waits, Assumption, Cause};
    // A lost marker: acct1 never records, the snapshot never completes.
    let (_, log, snapshots) = run("fault-lost-marker");
    let s1 = &snapshots[0];
    assert!(!s1.complete);
    let ws = waits(&log, s1);
    assert!(ws.iter().any(|w| w.process == 0 && w.channel.is_none() && w.cause == Cause::NoMarkerCanArrive), "{ws:?}");
    assert!(ws.iter().any(|w| w.channel == Some(Channel { from: 0, to: 1 })), "acct2 waits on P1→P2");
    let f = explain(&log, s1);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].assumption, f[0].affects), (Assumption::NoLoss, true));

    // Lost money: complete, $2900 of the bank's $3000, which is exactly what the system holds
    // after the loss; no orphan, and the lost m1 is not in transit. The verdict says consistent
    // and flags the bank's invariant apart, as the description says.
    let (scenario, log, snapshots) = run("fault-lost-message");
    let s1 = &snapshots[0];
    let v = cut::check_snapshot(&log, s1).unwrap();
    assert!(v.is_consistent(), "{:?}", v.findings);
    assert!(!v.conserves());
    assert!(v.report.orphans.is_empty(), "no orphan");
    assert!(v.report.in_transit.is_empty(), "the lost m1 is not in transit");
    assert_eq!((s1.recorded_total(), v.report.expected_total), (Some(2900), 3000));
    assert_eq!(held(&scenario), 2900, "the snapshot records what the system holds");
    assert_eq!(explain(&log, s1)[0].change, -100);
    let description = presets::find("fault-lost-message").unwrap().description;
    assert!(description.contains("records $2900, exactly what the system then holds, with no orphan"));
    assert!(description.contains("the verdict says consistent"), "{description}");

    // Duplication: $3100, what the system holds, and the copied marker ignored.
    let (scenario, log, snapshots) = run("fault-duplicate");
    let s1 = &snapshots[0];
    assert!(s1.complete);
    assert_eq!(s1.recorded_total(), Some(3100));
    assert_eq!(held(&scenario), 3100, "the snapshot records what the system holds");
    let v = cut::check_snapshot(&log, s1).unwrap();
    assert!(v.report.orphans.is_empty() && v.findings.iter().all(|f| matches!(f, cut::Finding::Conservation { .. })));
    assert!(v.is_consistent() && !v.conserves());
    let f = explain(&log, s1);
    assert_eq!(
        f.iter().map(|f| (f.assumption, f.change)).collect::<Vec<_>>(),
        [(Assumption::NoDuplication, 100), (Assumption::NoDuplication, 0)]
    );
    assert_eq!(log.events.iter().filter(|e| e.rule.id() == "duplicate-marker").count(), 1);

    // A crash: P3 never records; the snapshot never completes, naming it.
    let (_, log, snapshots) = run("fault-crash");
    let s1 = &snapshots[0];
    assert!(!s1.complete && s1.states[2].is_none());
    let ws = waits(&log, s1);
    assert!(ws.iter().all(|w| matches!(w.cause, Cause::Crashed { process: 2, .. })), "{ws:?}");
    assert!(ws[0].to_string().starts_with("P3 crashed before recording its state for S1"));
    assert_eq!(explain(&log, s1)[0].assumption, Assumption::NoCrash);
}

/// The non-FIFO run under Lai–Yang: the same actions, and the snapshot is consistent again.
#[test]
fn lai_yang_makes_the_non_fifo_run_consistent() {
    let (scenario, log, snapshots) = run("lai-yang");
    let (non_fifo, _, _) = run("non-fifo");
    assert_eq!(scenario.actions, non_fifo.actions);
    assert_eq!(scenario.topology.clone().with_algorithm(Algorithm::ChandyLamport), non_fifo.topology);
    assert_eq!(scenario.topology.algorithm, Algorithm::LaiYang);
    let mut fifo = scenario.clone();
    fifo.topology.discipline = snapshot_lab::sim::Discipline::Fifo;
    assert!(!fifo.breaks_assumptions(), "Lai–Yang on FIFO channels breaks no assumption");
    let s1 = &snapshots[0];
    assert!(s1.complete);
    let verdict = cut::check_snapshot(&log, s1).unwrap();
    assert!(verdict.is_consistent() && verdict.findings.is_empty(), "{:?}", verdict.findings);
    assert_eq!(s1.recorded_total(), Some(3000));
    let ChannelState::Recorded(m) = channel(s1, 0, 1) else { panic!("P1→P2 is final") };
    assert_eq!(names(m), ["m1"]);
    // The rules that fired say so: m1 closes P1→P2 as the last white message.
    assert!(log.events.iter().any(|e| e.rule == Rule::LastWhite));
    let last_white = log.events.iter().find(|e| e.rule == Rule::LastWhite).unwrap();
    assert!(log.explain(last_white).to_string().contains("last white message"), "{}", log.explain(last_white));
}

/// The presets that break an assumption are exactly the non-FIFO and fault ones.
#[test]
fn presets_that_break_assumptions_are_the_non_fifo_and_fault_ones() {
    for p in presets::all() {
        let scenario = p.scenario().unwrap();
        let expected = p.id == "non-fifo" || p.id == "lai-yang" || p.id.starts_with("fault-");
        assert_eq!(scenario.breaks_assumptions(), expected, "{}", p.id);
    }
}

/// The deadlock preset: the snapshot records a wait-for cycle with nothing in transit that
/// would wake it (tests/deadlock.rs checks the detection in depth).
#[test]
fn deadlock_records_a_wait_for_cycle() {
    let (mut scenario, _, _) = run("deadlock");
    assert!(!scenario.breaks_assumptions());
    let mut world = scenario.replay().world;
    assert_eq!(scenario.run_until(&mut world, snapshot_lab::sim::Until::SnapshotsComplete, 100), 4);
    let log = world.log().clone();
    let snapshots = snapshot::assemble(&log);
    assert_eq!(snapshots.len(), 1);
    let s = &snapshots[0];
    assert!(s.complete && cut::check_snapshot(&log, s).unwrap().is_consistent());
    let verdict = snapshot_lab::sim::deadlock::detect(&log, s);
    assert_eq!(verdict, snapshot_lab::sim::deadlock::Verdict::Deadlock { cycle: vec![0, 1, 2], behind: vec![] });
    assert_eq!(
        names(match channel(s, 2, 0) {
            ChannelState::Recorded(m) => m,
            other => panic!("{other:?}"),
        }),
        ["m3"]
    );
}
