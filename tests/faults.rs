//! When the assumptions fail: the drop, duplicate and crash faults, what they do to a snapshot,
//! the explanation of which assumption broke, their link and text forms, and a property over
//! random runs with random faults.

use snapshot_lab::formats::export::replay_text;
use snapshot_lab::formats::{link, text};
use snapshot_lab::sim::cut::{check_snapshot, Finding};
use snapshot_lab::sim::faults::{explain, has_faults, waits, Assumption, Cause, Property, Wait};
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::snapshot::{assemble, ChannelState, Snapshot};
use snapshot_lab::sim::{
    Action, ActionError, Channel, Discipline, EventKind, Log, MessageRef, Rule, Scenario, Topology, Unit, World,
};

fn scenario(src: &str) -> Scenario {
    text::parse(src).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

/// Replays a scenario that must replay completely.
fn world(src: &str) -> World {
    let replay = scenario(src).replay();
    assert!(replay.error.is_none(), "{:?}", replay.error);
    replay.world
}

fn snapshot(w: &World, id: u32) -> Snapshot {
    assemble(w.log()).into_iter().find(|s| s.id == id).expect("the snapshot")
}

const BANK: &str = "process P1 1000 \"acct1\"\nprocess P2 2000 \"acct2\"\n";
const THREE: &str = "process P1 100\nprocess P2 100\nprocess P3 100\n";

fn c(from: usize, to: usize) -> Channel {
    Channel { from, to }
}

// ---- a dropped marker: liveness broken ----

#[test]
fn a_dropped_marker_leaves_the_snapshot_waiting_forever_on_its_channel() {
    let w = world(&format!("{BANK}snapshot P1\ndrop marker S1 P1 P2\n"));
    let drop = w.log().events.last().unwrap();
    assert_eq!(drop.kind_id(), "drop");
    assert_eq!(drop.rule, Rule::Drop);
    assert_eq!(drop.process, 0, "drawn on the sender's line");
    assert!(w.in_flight(w.topology().channel_id(0, 1).unwrap()).next().is_none(), "the marker left its channel");
    let s = snapshot(&w, 1);
    let ws = waits(w.log(), &s);
    // P2 never records: the only marker that could reach it is lost; so P1 waits forever on
    // P2→P1 for the marker P2 never sends.
    assert_eq!(
        ws,
        [
            Wait { snapshot: 1, process: 1, channel: None, cause: Cause::NoMarkerCanArrive },
            Wait { snapshot: 1, process: 0, channel: Some(c(1, 0)), cause: Cause::SenderNeverRecords },
        ]
    );
    assert_eq!(ws[0].to_string(), "P2 never records its state for S1: no marker of S1 can reach it any more");
    assert_eq!(
        ws[1].to_string(),
        "P1 waits forever for the marker of S1 on P2→P1: its sender never records, so it never sends it"
    );
    let findings = explain(w.log(), &s);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].assumption, Assumption::NoLoss);
    assert!(findings[0].affects);
    assert_eq!(
        findings[0].text.to_string(),
        "the network loses the marker of S1 on P1→P2; its receiver waits for it forever, so the snapshot can never complete"
    );
    // Nothing left to do can complete it.
    assert!(w.deliverable().is_empty());
    assert!(!s.complete);
}

#[test]
fn a_marker_lost_after_the_receiver_recorded_names_the_channel_that_never_closes() {
    // P2 records from P3's marker, then waits on P1→P2 for the lost one.
    let mut src = format!("{THREE}snapshot P1\ndrop marker S1 P1 P2\ndeliver marker S1 P1 P3\n");
    src.push_str(
        "deliver marker S1 P3 P2\ndeliver marker S1 P3 P1\ndeliver marker S1 P2 P1\ndeliver marker S1 P2 P3\n",
    );
    let w = world(&src);
    let s = snapshot(&w, 1);
    assert!(s.states.iter().all(Option::is_some), "everyone recorded");
    assert!(!s.complete);
    let ws = waits(w.log(), &s);
    let drop_seq = w.log().events.iter().find(|e| e.rule == Rule::Drop).unwrap().seq;
    assert_eq!(
        ws,
        [Wait { snapshot: 1, process: 1, channel: Some(c(0, 1)), cause: Cause::MarkerLost { seq: drop_seq } }]
    );
    assert_eq!(ws[0].assumption(), Some(Assumption::NoLoss));
    assert_eq!(ws[0].to_string(), "P2 waits forever for the marker of S1 on P1→P2: it was lost");
    let out = replay_text(&scenario(&src));
    assert!(out.contains("  never completes: P2 waits forever for the marker of S1 on P1→P2: it was lost\n"), "{out}");
    assert!(
        out.contains("  assumption broken (no loss): the network loses the marker of S1 on P1→P2; its receiver waits"),
        "{out}"
    );
}

#[test]
fn a_snapshot_that_can_still_complete_has_no_waits() {
    let w = world(&format!("{THREE}snapshot P1\ndrop m1\n").replace("drop m1\n", "send P2 P3 5\ndrop m1\n"));
    let s = snapshot(&w, 1);
    assert!(!s.complete);
    assert!(waits(w.log(), &s).is_empty(), "every marker is still in flight");
}

// ---- a dropped application message: the snapshot stays true, the bank's invariant breaks ----

#[test]
fn a_dropped_message_sent_before_recording_vanishes_from_the_recorded_total() {
    let src = format!("{BANK}send P1 P2 100\nsnapshot P2\ndrop m1\ndeliver marker S1 P2 P1\ndeliver marker S1 P1 P2\n");
    let w = world(&src);
    assert_eq!(w.states(), [900, 2000], "the 100 is gone from the system");
    let s = snapshot(&w, 1);
    assert!(s.complete, "losing an application message does not stop the snapshot");
    assert_eq!(s.recorded_total(), Some(2900));
    // The verdict: consistent (no orphan; the lost m1 is not in transit, and the channel recorded
    // nothing); the application's invariant is what broke: $2900, not $3000.
    let v = check_snapshot(w.log(), &s).unwrap();
    assert!(v.is_consistent(), "{:?}", v.findings);
    assert!(!v.conserves());
    assert_eq!(v.findings, [Finding::Conservation { recorded_total: 2900, expected_total: 3000 }]);
    assert!(v.report.in_transit.is_empty(), "a lost message is not in transit: {:?}", v.report.in_transit);
    assert_eq!(v.report.total, 2900, "the cut holds what the snapshot recorded");
    // The explanation: no loss, and by how much.
    let f = explain(w.log(), &s);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].assumption, f[0].affects, f[0].change), (Assumption::NoLoss, true, -100));
    assert_eq!(f[0].breaks, Some(Property::Invariant));
    assert!(f[0].text.to_string().contains("sent before its sender recorded and never arrived"), "{}", f[0].text);
    assert!(
        f[0].to_string()
            .ends_with("The snapshot is still true; the application's invariant broke (its total changed)."),
        "{}",
        f[0]
    );
    assert!(f[0].to_string().starts_with("assumption broken (no loss): the network loses m1 (100) on P1→P2;"));
    assert!(waits(w.log(), &s).is_empty());
}

#[test]
fn a_message_dropped_after_its_sender_recorded_does_not_change_the_snapshot() {
    let src = format!("{BANK}snapshot P1\nsend P1 P2 100\ndeliver marker S1 P1 P2\ndrop m1\ndeliver marker S1 P2 P1\n");
    let w = world(&src);
    let s = snapshot(&w, 1);
    let v = check_snapshot(w.log(), &s).unwrap();
    assert!(v.is_consistent(), "{:?}", v.findings);
    let f = explain(w.log(), &s);
    assert_eq!((f[0].assumption, f[0].affects, f[0].change), (Assumption::NoLoss, false, 0));
    assert!(f[0].text.to_string().contains("the snapshot does not count it"), "{}", f[0].text);
    assert_eq!(w.states().iter().sum::<i64>(), 2900);
}

// ---- duplication ----

#[test]
fn a_duplicated_message_received_before_recording_makes_the_total_grow() {
    let src = format!(
        "{BANK}send P1 P2 100\nduplicate m1\ndeliver m1\ndeliver m2\nsnapshot P2\ndeliver marker S1 P2 P1\ndeliver marker S1 P1 P2\n"
    );
    let w = world(&src);
    let dup = w.log().events.iter().find(|e| e.kind_id() == "duplicate").unwrap();
    let EventKind::Duplicate { original, copy } = &dup.kind else { unreachable!() };
    assert_eq!((original.to_string(), copy.to_string()), ("m1".to_string(), "m2".to_string()));
    assert_eq!(copy.amount(), 100);
    assert_ne!(original.id, copy.id, "the copy is a message of its own");
    assert_eq!(dup.describe().to_string(), "the network duplicates m1 (100) on P1→P2: the copy is m2");
    assert_eq!(w.states(), [900, 2200]);
    let s = snapshot(&w, 1);
    let v = check_snapshot(w.log(), &s).unwrap();
    assert_eq!(v.findings, [Finding::Conservation { recorded_total: 3100, expected_total: 3000 }]);
    assert!(v.is_consistent() && !v.conserves(), "a true snapshot of a broken invariant");
    let f = explain(w.log(), &s);
    assert_eq!((f[0].assumption, f[0].affects, f[0].change), (Assumption::NoDuplication, true, 100));
    assert!(f[0].text.to_string().contains("its total grows"), "{}", f[0].text);
}

#[test]
fn a_copy_recorded_in_transit_is_counted_in_the_channel() {
    let src = format!(
        "{BANK}send P1 P2 100\nduplicate m1\nsnapshot P2\ndeliver m1\ndeliver m2\ndeliver marker S1 P2 P1\ndeliver marker S1 P1 P2\n"
    );
    let w = world(&src);
    let s = snapshot(&w, 1);
    assert!(matches!(&s.channels[0], (ch, ChannelState::Recorded(m)) if *ch == c(0, 1) && m.len() == 2));
    assert_eq!(s.recorded_total(), Some(3100));
    // The copy m2 was made before P1 recorded: in transit across the cut, like m1.
    let v = check_snapshot(w.log(), &s).unwrap();
    assert!(v.is_consistent(), "{:?}", v.findings);
    assert_eq!(v.report.in_transit.iter().map(ToString::to_string).collect::<Vec<_>>(), ["m1", "m2"]);
    let f = explain(w.log(), &s);
    assert_eq!(f[0].change, 100);
    assert_eq!(f[0].breaks, Some(Property::Invariant));
    assert!(f[0].text.to_string().contains("counts the copy as well as the original"), "{}", f[0].text);
}

#[test]
fn a_duplicated_marker_is_ignored_on_a_closed_channel_and_the_snapshot_stays_consistent() {
    let src = format!(
        "{BANK}send P1 P2 100\nsnapshot P1\nduplicate marker S1 P1 P2\ndeliver m1\ndeliver marker S1 P1 P2\ndeliver marker S1 P1 P2\ndeliver marker S1 P2 P1\n"
    );
    let w = world(&src);
    let ignored: Vec<_> = w.log().events.iter().filter(|e| e.rule == Rule::DuplicateMarker).collect();
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0].kind_id(), "receive");
    assert_eq!(
        w.log().explain(ignored[0]).to_string(),
        "a second marker of S1 on a channel already closed can only be a copy: P2 ignores it"
    );
    let s = snapshot(&w, 1);
    assert!(s.complete);
    assert!(check_snapshot(w.log(), &s).unwrap().is_consistent());
    let f = explain(w.log(), &s);
    assert_eq!((f[0].assumption, f[0].affects), (Assumption::NoDuplication, false));
    // The copy arriving after completion changes nothing either.
    let src2 = format!(
        "{BANK}snapshot P1\nduplicate marker S1 P1 P2\ndeliver marker S1 P1 P2\ndeliver marker S1 P2 P1\ndeliver marker S1 P1 P2\n"
    );
    let w2 = world(&src2);
    assert_eq!(w2.log().events.last().unwrap().rule, Rule::DuplicateMarker);
    assert!(assemble(w2.log())[0].complete);
}

#[test]
fn on_non_fifo_channels_a_copy_of_a_marker_may_arrive_first_and_act_as_the_marker() {
    let src = format!(
        "{BANK}discipline non-fifo\nsnapshot P1\nsend P1 P2 5\nduplicate marker S1 P1 P2\ndeliver marker S1 P1 P2\ndeliver marker S1 P2 P1\ndeliver marker S1 P1 P2\ndeliver m1\n"
    );
    let w = world(&src);
    let s = snapshot(&w, 1);
    assert!(s.complete);
    assert!(check_snapshot(w.log(), &s).unwrap().is_consistent());
}

// ---- crash ----

#[test]
fn a_crash_before_recording_means_the_snapshot_never_completes_and_names_the_process() {
    let src = format!("{THREE}crash P3\nsnapshot P1\ndeliver marker S1 P1 P2\ndeliver marker S1 P2 P1\n");
    let w = world(&src);
    assert!(w.is_crashed(2));
    let crash = w.log().events.iter().find(|e| e.kind_id() == "crash").unwrap();
    assert_eq!((crash.process, crash.rule, crash.describe().to_string().as_str()), (2, Rule::Crash, "P3 crashes"));
    let s = snapshot(&w, 1);
    let ws = waits(w.log(), &s);
    assert!(ws.contains(&Wait {
        snapshot: 1,
        process: 2,
        channel: None,
        cause: Cause::Crashed { process: 2, seq: crash.seq }
    }));
    assert!(ws.iter().all(|w| matches!(w.cause, Cause::Crashed { process: 2, .. })), "{ws:?}");
    // Both channels into P3 are named, and P1 and P2 each wait for P3's marker.
    assert!(ws.iter().any(|w| w.channel == Some(c(2, 0))) && ws.iter().any(|w| w.channel == Some(c(2, 1))));
    let f = explain(w.log(), &s);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].assumption, f[0].affects), (Assumption::NoCrash, true));
    assert_eq!(
        f[0].to_string(),
        "assumption broken (no crash): P3 crashes; before doing its part of the snapshot (recording, or closing its channels), so the snapshot can never complete. Liveness broken."
    );
    assert_eq!(f[0].breaks, Some(Property::Liveness));
    // The markers to P3 stay in flight but cannot be delivered.
    assert!(w.in_flight(w.topology().channel_id(0, 2).unwrap()).next().is_some());
    assert!(w.deliverable().iter().all(|m| !matches!(m, MessageRef::Marker { channel, .. } if channel.to == 2)));
    let out = replay_text(&scenario(&src));
    assert!(out.contains("never completes: P3 crashed before recording its state for S1"), "{out}");
}

#[test]
fn a_crashed_process_takes_no_action_and_receives_nothing() {
    let base = format!("{THREE}send P1 P3 5\nsend P3 P1 5\ncrash P3\n");
    let w = world(&base);
    let refused = [
        (Action::Send { from: 2, to: 0, amount: 1 }, ActionError::Crashed(2)),
        (Action::Deliver { message: MessageRef::App { number: 1 } }, ActionError::Crashed(2)),
        (Action::Internal { process: 2, delta: 1 }, ActionError::Crashed(2)),
        (Action::Snapshot { process: 2 }, ActionError::Crashed(2)),
        (Action::Crash { process: 2 }, ActionError::Crashed(2)),
    ];
    for (action, error) in refused {
        let mut copy = w.clone();
        assert_eq!(copy.apply(&action), Err(error.clone()), "{action}");
        assert_eq!(copy.log(), w.log(), "a refused action changes nothing");
        assert!(error.to_string().contains("P3 has crashed"));
    }
    // What it sent before crashing is still delivered, and the network can still lose or copy
    // messages to it.
    let mut w2 = w.clone();
    w2.apply(&Action::Deliver { message: MessageRef::App { number: 2 } }).unwrap();
    w2.apply(&Action::Duplicate { message: MessageRef::App { number: 1 } }).unwrap();
    w2.apply(&Action::Drop { message: MessageRef::App { number: 3 } }).unwrap();
    // Sending to a crashed process is allowed: the message stays in flight.
    w2.apply(&Action::Send { from: 0, to: 2, amount: 1 }).unwrap();
    assert_eq!(w2.in_flight(w2.topology().channel_id(0, 2).unwrap()).count(), 2);
}

#[test]
fn a_crash_after_a_process_did_its_part_does_not_stop_the_snapshot() {
    let src = format!("{BANK}snapshot P1\ndeliver marker S1 P1 P2\ncrash P2\ndeliver marker S1 P2 P1\n");
    let w = world(&src);
    let s = snapshot(&w, 1);
    assert!(s.complete);
    let f = explain(w.log(), &s);
    assert_eq!((f[0].assumption, f[0].affects), (Assumption::NoCrash, false));
    assert!(f[0].text.to_string().contains("after doing its part"));
}

#[test]
fn a_crash_after_recording_leaves_its_open_channels_waiting() {
    let src = format!("{THREE}snapshot P1\ndeliver marker S1 P1 P2\ncrash P2\n");
    let w = world(&src);
    let s = snapshot(&w, 1);
    let ws = waits(w.log(), &s);
    // P2 recorded (first marker on P1→P2) but never closes P3→P2.
    assert!(ws.iter().any(|w| w.process == 1 && w.channel == Some(c(2, 1))), "{ws:?}");
    let f = explain(w.log(), &s);
    assert!(f[0].affects && f[0].text.to_string().contains("can never complete"), "{}", f[0].text);
    let w = ws.iter().find(|w| w.channel == Some(c(2, 1))).unwrap();
    assert_eq!(w.to_string(), "P2 waits forever for the marker of S1 on P3→P2: it crashed before the marker arrived");
}

// ---- refusals ----

#[test]
fn impossible_faults_are_refused_with_a_reason() {
    let w = world(&format!("{BANK}send P1 P2 10\ndeliver m1\n"));
    for action in [
        Action::Drop { message: MessageRef::App { number: 1 } },
        Action::Duplicate { message: MessageRef::App { number: 1 } },
        Action::Drop { message: MessageRef::App { number: 7 } },
        Action::Drop { message: MessageRef::Marker { snapshot: 1, channel: c(0, 1) } },
    ] {
        let mut copy = w.clone();
        let err = copy.apply(&action).unwrap_err();
        assert!(matches!(err, ActionError::NotInFlight(_)), "{action}: {err}");
        assert!(err.to_string().ends_with("is not in flight"));
        assert_eq!(copy.log(), w.log());
    }
    let mut copy = w.clone();
    assert_eq!(copy.apply(&Action::Crash { process: 5 }), Err(ActionError::UnknownProcess(5)));
    // Replay names the refused fault.
    let r = scenario(&format!("{BANK}drop m1\n")).replay();
    assert_eq!(r.error.unwrap().to_string(), "action 1 (drop m1) is impossible: m1 is not in flight");
}

// ---- link and text forms ----

const FAULTS_TEXT: &str = "process P1 100\nprocess P2 100\nprocess P3 100\n\nsend P1 P2 10\nsnapshot P1\nduplicate m1\nduplicate marker S1 P1 P3\ndrop m2\ndrop marker S1 P1 P3\ncrash P3\n";

#[test]
fn faults_round_trip_through_the_text_form_and_the_link() {
    let s = scenario(FAULTS_TEXT);
    assert_eq!(
        s.actions[2..],
        [
            Action::Duplicate { message: MessageRef::App { number: 1 } },
            Action::Duplicate { message: MessageRef::Marker { snapshot: 1, channel: c(0, 2) } },
            Action::Drop { message: MessageRef::App { number: 2 } },
            Action::Drop { message: MessageRef::Marker { snapshot: 1, channel: c(0, 2) } },
            Action::Crash { process: 2 },
        ]
    );
    let canonical = text::to_text(&s);
    for line in ["duplicate m1", "duplicate marker S1 P1 P3", "drop m2", "drop marker S1 P1 P3", "crash P3"] {
        assert!(canonical.lines().any(|l| l == line), "{line} in\n{canonical}");
    }
    assert_eq!(text::parse(&canonical).unwrap(), s);
    let l = link::encode(&s);
    assert_eq!(l, GOLDEN_FAULTS, "the fault tags are part of v1 from now on");
    assert_eq!(link::decode(&l).unwrap(), s);
    assert!(s.replay().error.is_none());
}

/// The link of [`FAULTS_TEXT`]: tags 0x82 (duplicate m), 0x83 (duplicate marker), 0x80 (drop
/// m), 0x81 (drop marker), 0x92 (crash P3).
const GOLDEN_FAULTS: &str = "v1.AAPIAcgByAEBB0ABChCCAYMBAoACgQECkg";

#[test]
fn unused_fault_tags_and_bad_fields_are_errors() {
    let s = scenario(FAULTS_TEXT);
    let mut bytes = link::to_bytes(&s);
    let at = bytes.iter().position(|&b| b == 0x82).unwrap();
    // (0xA0 is the wait tag since; 0xA1 and 0xB0 stay unused.)
    for tag in [0x70u8, 0x84, 0x8f, 0xa1, 0xb0] {
        bytes[at] = tag;
        let err = link::from_bytes(&bytes).unwrap_err().to_string();
        assert!(err.contains("unknown action tag"), "{err}");
    }
    // A crash of a process that does not exist.
    let mut bytes = link::to_bytes(&s);
    let last = bytes.len() - 1;
    bytes[last] = 0x95;
    assert!(link::from_bytes(&bytes).is_err());
    for bad in ["crash P9", "drop", "duplicate x1", "drop marker S1 P1", "crash"] {
        let src = format!("process P1 1\nprocess P2 1\n{bad}\n");
        assert!(text::parse(&src).is_err(), "{bad}");
    }
}

// ---- the property: random runs with random faults ----

/// A random run with faults: sends, deliveries, snapshots, joins, and now and then a drop, a
/// duplicate or a crash; every action taken is one the world accepted.
fn random_faulty_run(seed: u64, discipline: Discipline) -> Scenario {
    let mut rng = Rng::new(seed);
    let n = 2 + rng.below(4);
    let specs = Topology::specs(&(0..n).map(|_| rng.range(0, 300)).collect::<Vec<_>>());
    let topology = Topology::complete(specs, discipline, Unit::Balance).unwrap();
    let mut sc = Scenario::new(topology.clone(), seed);
    let mut world = World::new(topology);
    let steps = 5 + rng.below(50);
    for _ in 0..steps {
        let in_flight: Vec<MessageRef> = (0..world.topology().channels().len())
            .flat_map(|c| world.in_flight(c).map(|m| world.message_ref(m)).collect::<Vec<_>>())
            .collect();
        let pick = |rng: &mut Rng| in_flight.get(rng.below(in_flight.len().max(1))).copied();
        let action = match rng.below(20) {
            0..=4 => {
                let cs = world.topology().channels();
                let ch = cs[rng.below(cs.len())];
                let balance = world.state(ch.from);
                if balance == 0 {
                    continue;
                }
                Action::Send { from: ch.from, to: ch.to, amount: rng.range(1, balance.min(100)) }
            }
            5..=11 => {
                let options = world.deliverable();
                if options.is_empty() {
                    continue;
                }
                Action::Deliver { message: options[rng.below(options.len())] }
            }
            12..=13 => Action::Snapshot { process: rng.below(n) },
            14 => match world.snapshots().last() {
                Some(s) => Action::Join { process: rng.below(n), snapshot: s.id },
                None => continue,
            },
            15..=16 => match pick(&mut rng) {
                Some(message) => Action::Drop { message },
                None => continue,
            },
            17..=18 => match pick(&mut rng) {
                Some(message) => Action::Duplicate { message },
                None => continue,
            },
            _ => {
                if rng.below(3) != 0 {
                    continue;
                }
                Action::Crash { process: rng.below(n) }
            }
        };
        if world.apply(&action).is_ok() {
            sc.actions.push(action);
        }
    }
    sc
}

/// Delivers everything that can still be delivered, oldest channel first.
fn drain(world: &mut World, sc: &mut Scenario) {
    for _ in 0..100_000 {
        let Some(&message) = world.deliverable().first() else { return };
        let action = Action::Deliver { message };
        world.apply(&action).expect("deliverable");
        sc.actions.push(action);
    }
    panic!("did not drain");
}

fn fault_seqs(log: &Log) -> Vec<u32> {
    log.events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Drop { .. } | EventKind::Duplicate { .. } | EventKind::Crash))
        .map(|e| e.seq)
        .collect()
}

#[test]
fn random_runs_with_random_faults_never_panic_and_the_stated_consequences_hold() {
    let cases: u64 = std::env::var("SNAPSHOT_LAB_FAULT_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    let (mut never, mut completed, mut conservation_broken, mut with_faults) = (0, 0, 0, 0);
    let mut consistent_with_faults = 0;
    for seed in 0..cases {
        let discipline = if seed % 4 == 3 { Discipline::NonFifo } else { Discipline::Fifo };
        let mut sc = random_faulty_run(seed, discipline);
        // Both forms carry the faults exactly.
        assert_eq!(link::decode(&link::encode(&sc)).unwrap(), sc, "seed {seed}");
        assert_eq!(text::parse(&text::to_text(&sc)).unwrap(), sc, "seed {seed}");
        let mut world = sc.replay().world;
        let before = assemble(world.log());
        let predicted: Vec<bool> = before.iter().map(|s| waits(world.log(), s).is_empty()).collect();
        for s in &before {
            for w in waits(world.log(), s) {
                // A wait names a fault that happened, or follows from one.
                if let Cause::Crashed { seq, .. } | Cause::MarkerLost { seq } = w.cause {
                    assert!(fault_seqs(world.log()).contains(&seq), "seed {seed}: {w:?}");
                } else {
                    assert!(!fault_seqs(world.log()).is_empty(), "seed {seed}: a wait without a fault");
                }
                assert!(!w.to_string().is_empty());
            }
        }
        drain(&mut world, &mut sc);
        let log = world.log();
        with_faults += usize::from(has_faults(log));
        for (s, can) in assemble(log).iter().zip(&predicted) {
            // Liveness: a snapshot completes when everything is delivered exactly when nothing
            // waited forever before.
            assert_eq!(s.complete, *can, "seed {seed}: S{} complete {} but predicted {}", s.id, s.complete, can);
            if !s.complete {
                never += 1;
                assert!(!waits(log, s).is_empty(), "seed {seed}");
                continue;
            }
            completed += 1;
            let v = check_snapshot(log, s).expect("complete");
            let findings = explain(log, s);
            for f in &findings {
                assert!(f.to_string().starts_with("assumption broken ("), "seed {seed}");
            }
            if discipline == Discipline::Fifo {
                // Conservation: the findings account for the whole difference, fault by fault.
                let diff = s.recorded_total().unwrap() - v.report.expected_total;
                let explained: i64 = findings.iter().map(|f| f.change).sum();
                assert_eq!(diff, explained, "seed {seed}: S{}\n{}", s.id, replay_text(&sc));
                let has_conservation = v.findings.iter().any(|f| matches!(f, Finding::Conservation { .. }));
                assert_eq!(has_conservation, diff != 0, "seed {seed}");
                conservation_broken += usize::from(diff != 0);
                // Safety under FIFO: lost or copied application messages and crashes leave every
                // completed snapshot consistent; only a lost marker (whose copy further back
                // closed the channel late) can break it, and its finding says so.
                let marker_lost =
                    log.events.iter().any(|e| matches!(&e.kind, EventKind::Drop { message } if message.is_marker()));
                if !marker_lost {
                    assert!(v.is_consistent(), "seed {seed}: S{}: {:?}\n{}", s.id, v.findings, replay_text(&sc));
                    consistent_with_faults += usize::from(has_faults(log));
                }
                if !v.is_consistent() {
                    assert!(findings.iter().any(|f| f.breaks == Some(Property::Safety)), "seed {seed}: {findings:?}");
                }
                // The invariant: conservation fails exactly when a fault changed the total.
                assert_eq!(v.conserves(), diff == 0, "seed {seed}");
            }
        }
        assert!(!replay_text(&sc).is_empty());
    }
    // The sweep exercises every outcome.
    assert!(
        never > 50
            && completed > 50
            && conservation_broken > 20
            && with_faults > cases as usize / 3
            && consistent_with_faults > 50,
        "never {never}, completed {completed}, conservation broken {conservation_broken}, with faults {with_faults}, \
         consistent with faults {consistent_with_faults}"
    );
}

#[test]
fn the_command_line_prints_the_fault_events_and_findings_and_refuses_impossible_faults() {
    let src = format!("{BANK}send P1 P2 100\nsnapshot P2\ndrop m1\ndeliver marker S1 P2 P1\ndeliver marker S1 P1 P2\n");
    let l = link::encode(&scenario(&src));
    let exe = env!("CARGO_BIN_EXE_snapshot-lab");
    let out = std::process::Command::new(exe).args(["replay", &l]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("   5 P1  drop              m1 P1→P2"), "{stdout}");
    assert!(stdout.contains("drop: the network loses m1 (100) on P1→P2"), "{stdout}");
    assert!(
        stdout.contains("  assumption broken (no loss): the network loses m1 (100) on P1→P2; it was sent"),
        "{stdout}"
    );
    let json = std::process::Command::new(exe).args(["replay", &l, "--json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["events"][4]["kind"], "drop");
    assert_eq!(doc["snapshots"][0]["faults"][0]["assumption"], "no-loss");
    assert_eq!(doc["snapshots"][0]["faults"][0]["change"], -100);
    // An impossible fault: exit 2, one line naming it.
    let bad = link::encode(&scenario(&format!("{BANK}crash P1\nsend P1 P2 5\n")));
    let out = std::process::Command::new(exe).args(["replay", &bad]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("P1 has crashed"), "{stderr}");
}

#[test]
fn a_lost_marker_replaced_by_a_copy_further_back_lets_a_later_message_in_as_an_orphan() {
    // P1 records, sends its marker then m1; the network copies the marker behind m1 and loses
    // the original, so m1 reaches P2 before any marker: P2 counts it, P1 had not.
    let src = format!(
        "{BANK}snapshot P1\nsend P1 P2 100\nduplicate marker S1 P1 P2\ndrop marker S1 P1 P2\ndeliver m1\ndeliver marker S1 P1 P2\ndeliver marker S1 P2 P1\n"
    );
    let w = world(&src);
    let s = snapshot(&w, 1);
    assert!(s.complete, "the copy closed the channel");
    assert_eq!(s.recorded_total(), Some(3100));
    let v = check_snapshot(w.log(), &s).unwrap();
    assert!(matches!(&v.findings[0], Finding::Orphan { message } if message.to_string() == "m1"), "{:?}", v.findings);
    let f = explain(w.log(), &s);
    let lost = f.iter().find(|f| f.assumption == Assumption::NoLoss).unwrap();
    assert_eq!((lost.affects, lost.change), (true, 100));
    assert!(lost.text.to_string().contains("a copy further back closed the channel late"), "{}", lost.text);
    let copied = f.iter().find(|f| f.assumption == Assumption::NoDuplication).unwrap();
    assert_eq!(copied.change, 0);
    assert_eq!(f.iter().map(|f| f.change).sum::<i64>(), 3100 - 3000);
}
