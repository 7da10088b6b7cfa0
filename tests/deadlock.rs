//! Deadlock detection from a snapshot (`sim::deadlock`): the wait action's rules, its link and
//! text forms, the `deadlock` preset's verdict and each reason for no deadlock, and two
//! properties over random runs: a deadlock detected in a complete snapshot is real (it is in
//! the final world and stays there whatever happens next), and a deadlock that existed when the
//! snapshot started is detected.
#![cfg(not(target_arch = "wasm32"))]

use snapshot_lab::formats::presets;
use snapshot_lab::formats::{link, text};
use snapshot_lab::sim::deadlock::{self, Verdict};
use snapshot_lab::sim::reach;
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::snapshot::{self, Snapshot};
use snapshot_lab::sim::Says;
use snapshot_lab::sim::{
    Action, ActionError, Channel, Discipline, MessageRef, ProcessSpec, Scenario, Topology, Unit, Until, World,
};

fn replay(source: &str) -> (World, Vec<Snapshot>) {
    let scenario = text::parse(source).unwrap_or_else(|e| panic!("{e}"));
    let replay = scenario.replay();
    assert!(replay.error.is_none(), "{}", replay.error.unwrap());
    let snapshots = snapshot::assemble(replay.world.log());
    (replay.world, snapshots)
}

const HEAD: &str = "process P1 10\nprocess P2 10\nprocess P3 10\nunit tokens\n\n";

fn three(actions: &str) -> String {
    format!("{HEAD}{actions}")
}

/// Delivers the snapshot's six markers of three processes from `snapshot P2` on (after the
/// messages the caller delivers).
const MARKERS: &str = "deliver marker S1 P2 P1\ndeliver marker S1 P2 P3\ndeliver marker S1 P1 P2\n\
                       deliver marker S1 P1 P3\ndeliver marker S1 P3 P1\ndeliver marker S1 P3 P2\n";

#[test]
fn the_deadlock_preset_detects_the_cycle_with_a_request_in_transit() {
    let preset = presets::find("deadlock").expect("the deadlock preset");
    let mut scenario = preset.scenario().unwrap();
    let mut replay = scenario.replay();
    assert!(replay.error.is_none());
    // It opens with S1 running: no verdict yet.
    let s = &snapshot::assemble(replay.world.log())[0];
    assert_eq!(deadlock::detect(replay.world.log(), s), Verdict::Incomplete);
    // Four markers are left; delivering them in any order (the seeded Step) completes S1.
    assert_eq!(replay.world.deliverable().len(), 4);
    let steps = scenario.run_until(&mut replay.world, Until::SnapshotsComplete, 100);
    assert_eq!(steps, 4);
    let log = replay.world.log();
    let snapshots = snapshot::assemble(log);
    assert_eq!(snapshots.len(), 1);
    let s = &snapshots[0];
    assert!(s.complete);
    assert_eq!(deadlock::recorded_waits(log, s), [Some(1), Some(2), Some(0)]);
    // m3 (P3's request to P1) is in transit, but it is not what P1 waits for.
    let c31 = &s.channels.iter().find(|(c, _)| *c == Channel { from: 2, to: 0 }).unwrap().1;
    assert!(matches!(c31, snapshot::ChannelState::Recorded(m) if m.len() == 1 && m[0].to_string() == "m3"));
    let verdict = deadlock::detect(log, s);
    assert_eq!(verdict, Verdict::Deadlock { cycle: vec![0, 1, 2], behind: vec![] });
    assert_eq!(
        verdict.sentence().to_string(),
        "P1 waits for P2, P2 waits for P3, P3 waits for P1, and no message that would wake one is in transit: deadlock"
    );
    // And it is real: every one of them still waits at the end of the run.
    assert_eq!((0..3).map(|p| replay.world.waiting_for(p)).collect::<Vec<_>>(), [Some(1), Some(2), Some(0)]);
    // The run summary (CLI, export) says so.
    let summary = snapshot_lab::formats::export::snapshots_text(log);
    assert!(summary.contains("  recorded waits: P1 waits for P2, P2 waits for P3, P3 waits for P1\n"), "{summary}");
    assert!(summary.contains("  deadlock detection: P1 waits for P2"), "{summary}");
}

#[test]
fn a_waiting_process_sends_nothing_until_the_process_it_waits_for_answers() {
    let (mut world, _) = replay(&three("send P1 P2 1\nwait P1 P2\n"));
    assert_eq!(world.waiting_for(0), Some(1));
    let refused = ActionError::Waiting { process: 0, on: 1 };
    assert_eq!(world.apply(&Action::Send { from: 0, to: 2, amount: 1 }), Err(refused.clone()));
    assert_eq!(world.apply(&Action::Internal { process: 0, delta: 1 }), Err(refused.clone()));
    assert_eq!(world.apply(&Action::Wait { process: 0, on: 2 }), Err(refused.clone()));
    assert_eq!(
        refused.to_string(),
        "P1 is waiting for a message from P2: it sends nothing and has no internal event until one arrives"
    );
    // The snapshot algorithm still runs at it, and a marker does not wake it.
    world.apply(&Action::Snapshot { process: 1 }).unwrap();
    let marker = MessageRef::Marker { snapshot: 1, channel: Channel { from: 1, to: 0 } };
    world.apply(&Action::Deliver { message: marker }).unwrap();
    assert_eq!(world.waiting_for(0), Some(1));
    // A message from P3 does not wake it; one from P2 does.
    world.apply(&Action::Send { from: 2, to: 0, amount: 1 }).unwrap();
    world.apply(&Action::Deliver { message: MessageRef::App { number: 2 } }).unwrap();
    assert_eq!(world.waiting_for(0), Some(1));
    world.apply(&Action::Deliver { message: MessageRef::App { number: 1 } }).unwrap();
    world.apply(&Action::Send { from: 1, to: 0, amount: 1 }).unwrap();
    world.apply(&Action::Deliver { message: MessageRef::App { number: 3 } }).unwrap();
    assert_eq!(world.waiting_for(0), None);
    world.apply(&Action::Send { from: 0, to: 2, amount: 1 }).unwrap();
}

#[test]
fn a_wait_needs_a_channel_and_a_live_process() {
    let specs = vec![ProcessSpec { label: "P1".into(), initial: 1 }, ProcessSpec { label: "P2".into(), initial: 1 }]
        .into_iter()
        .chain([ProcessSpec { label: "P3".into(), initial: 1 }])
        .collect();
    let ring = vec![Channel { from: 0, to: 1 }, Channel { from: 1, to: 2 }, Channel { from: 2, to: 0 }];
    let mut world = World::new(Topology::new(specs, ring, Discipline::Fifo, Unit::Tokens).unwrap());
    // P1 can hear only from P3.
    assert_eq!(
        world.apply(&Action::Wait { process: 0, on: 1 }),
        Err(ActionError::NoChannel(Channel { from: 1, to: 0 }))
    );
    assert_eq!(
        world.apply(&Action::Wait { process: 0, on: 0 }),
        Err(ActionError::NoChannel(Channel { from: 0, to: 0 }))
    );
    assert_eq!(world.apply(&Action::Wait { process: 0, on: 7 }), Err(ActionError::UnknownProcess(7)));
    world.apply(&Action::Crash { process: 0 }).unwrap();
    assert_eq!(world.apply(&Action::Wait { process: 0, on: 2 }), Err(ActionError::Crashed(0)));
    assert!(world.events().len() == 1, "refused waits change nothing");
}

#[test]
fn the_wait_has_a_text_line_and_an_additive_link_tag() {
    let source = three("wait P2 P3\nsend P1 P2 2\n");
    let scenario = text::parse(&source).unwrap();
    assert_eq!(scenario.actions[0], Action::Wait { process: 1, on: 2 });
    assert!(text::to_text(&scenario).contains("\nwait P2 P3\n"));
    let encoded = link::encode(&scenario);
    assert_eq!(link::decode(&encoded), Ok(scenario.clone()));
    // The tag is 0xA0 and the pair byte names the channel waited on (P3 → P2).
    let bytes = link::to_bytes(&scenario);
    let at = bytes.windows(2).position(|w| w == [0xA0, 0x21]).expect("the wait's bytes");
    assert!(at > 0);
    // A wait naming a process the scenario lacks is a decoding error, not a panic.
    let mut bad = bytes.clone();
    bad[at + 1] = 0x29;
    use base64::Engine as _;
    let bad = format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bad));
    assert!(link::decode(&bad).is_err());
    // Its event is described and explained.
    let (world, _) = replay(&source);
    let e = &world.events()[0];
    assert_eq!(e.describe().to_string(), "P2 waits for a message from P3");
    assert_eq!(e.rule.id(), "wait");
    assert!(world.log().explain(e).to_string().starts_with("P2 blocks until a message from P3 arrives"));
}

#[test]
fn each_reason_for_no_deadlock_is_named() {
    // Nobody waits.
    let (world, s) = replay(&three(&format!("snapshot P2\n{MARKERS}")));
    assert_eq!(deadlock::detect(world.log(), &s[0]), Verdict::NobodyWaits);
    // Not complete yet.
    let (world, s) = replay(&three("wait P1 P2\nsnapshot P2\n"));
    assert_eq!(deadlock::detect(world.log(), &s[0]), Verdict::Incomplete);
    // P1 waits for P2, which is free to send.
    let (world, s) = replay(&three(&format!("wait P1 P2\nsnapshot P2\n{MARKERS}")));
    let verdict = deadlock::detect(world.log(), &s[0]);
    assert_eq!(verdict, Verdict::Free { waiter: 0, on: 1 });
    assert_eq!(
        verdict.sentence().to_string(),
        "P1 was waiting for P2, but P2 was not waiting and can still send: no deadlock"
    );
    // A cycle, but P2's reply to P1 is in transit across the cut: it will wake P1.
    let run = "wait P1 P2\nsend P2 P1 1\nwait P2 P1\nsnapshot P2\ndeliver marker S1 P2 P3\ndeliver marker S1 P3 P1\n\
               deliver m1\ndeliver marker S1 P2 P1\ndeliver marker S1 P3 P2\ndeliver marker S1 P1 P2\n\
               deliver marker S1 P1 P3\n";
    let (world, s) = replay(&three(run));
    assert!(s[0].complete);
    let verdict = deadlock::detect(world.log(), &s[0]);
    assert!(matches!(verdict, Verdict::Woken { waiter: 0, on: 1, .. }), "{verdict:?}");
    assert_eq!(
        verdict.sentence().to_string(),
        "P1 was waiting for P2, but m1 from P2 is in transit to it and will wake it: no deadlock"
    );
    // And indeed P1 is awake at the end.
    assert_eq!(world.waiting_for(0), None);
}

#[test]
fn a_process_waiting_on_the_cycle_is_blocked_behind_it() {
    let run = "wait P1 P2\nwait P2 P1\nwait P3 P1\nsnapshot P2\n";
    let (world, s) = replay(&three(&format!("{run}{MARKERS}")));
    let verdict = deadlock::detect(world.log(), &s[0]);
    assert_eq!(verdict, Verdict::Deadlock { cycle: vec![0, 1], behind: vec![2] });
    assert!(
        verdict.sentence().to_string().ends_with("deadlock (P3 waits behind the cycle, blocked too)"),
        "{}",
        verdict.sentence().to_string()
    );
}

// ---- Properties over random runs ----

fn cases() -> u64 {
    std::env::var("SNAPSHOT_LAB_PROPERTY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000) / 4
}

/// A deadlock in a world: a cycle of waiting processes, none of which has a message from the
/// one it waits for in flight to it. Returns the processes on such cycles.
fn world_deadlocked(world: &World) -> Vec<usize> {
    let n = world.topology().process_count();
    let woken = |p: usize, q: usize| {
        world.topology().channel_id(q, p).is_some_and(|c| world.in_flight(c).any(|m| !m.is_marker()))
    };
    let blocked = |p: usize| world.waiting_for(p).is_some_and(|q| !woken(p, q));
    (0..n)
        .filter(|&start| {
            let mut p = start;
            for _ in 0..n {
                if !blocked(p) {
                    return false;
                }
                p = world.waiting_for(p).unwrap();
                if p == start {
                    return true;
                }
            }
            false
        })
        .collect()
}

/// One random step of the application or the network (sends, waits, deliveries); the action,
/// if the world took it.
fn random_step(world: &mut World, rng: &mut Rng, n: usize) -> Option<Action> {
    let p = rng.below(n);
    let q = (p + 1 + rng.below(n - 1)) % n;
    let action = match rng.below(10) {
        0..=2 => Action::Send { from: p, to: q, amount: 1 },
        3..=4 => Action::Wait { process: p, on: q },
        _ => {
            let options = world.deliverable();
            if options.is_empty() {
                return None;
            }
            Action::Deliver { message: options[rng.below(options.len())] }
        }
    };
    world.apply(&action).ok().map(|_| action)
}

#[test]
fn a_detected_deadlock_is_real_and_stays_and_one_present_at_the_start_is_detected() {
    let (mut detected, mut missed_none) = (0, 0);
    for seed in 0..cases() {
        let mut rng = Rng::new(seed);
        let n = 2 + rng.below(3);
        let specs = (0..n).map(|p| ProcessSpec { label: format!("P{}", p + 1), initial: 3 }).collect();
        let mut world = World::new(Topology::complete(specs, Discipline::Fifo, Unit::Tokens).unwrap());
        for _ in 0..rng.below(25) {
            let _ = random_step(&mut world, &mut rng, n);
        }
        let at_start = world_deadlocked(&world);
        world.apply(&Action::Snapshot { process: rng.below(n) }).unwrap();
        // The run goes on while the snapshot runs, until it completes.
        for _ in 0..10_000 {
            if world.snapshots_complete() {
                break;
            }
            let _ = random_step(&mut world, &mut rng, n);
        }
        assert!(world.snapshots_complete(), "seed {seed}");
        let s = &snapshot::assemble(world.log())[0];
        let verdict = deadlock::detect(world.log(), s);
        // Completeness: a deadlock present when the snapshot started is found.
        if !at_start.is_empty() {
            assert!(verdict.is_deadlock(), "seed {seed}: deadlock {at_start:?} at the start, verdict {verdict:?}");
            missed_none += 1;
        }
        // The recorded state (its waits included) is one the run could have passed through:
        // the reordered run replays, waits and all, and waits as recorded at its boundary.
        let cut = s.cut().unwrap();
        let r = reach::reorder(world.log(), &cut).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let (mut run, _) = reach::as_scenario(world.log(), &r).expect("no faults");
        let full = run.replay();
        assert!(full.error.is_none(), "seed {seed}: {}", full.error.unwrap());
        run.actions.truncate(r.boundary);
        let at = run.replay().world;
        let recorded = deadlock::recorded_waits(world.log(), s);
        assert_eq!((0..n).map(|p| at.waiting_for(p)).collect::<Vec<_>>(), recorded, "seed {seed}");
        let Verdict::Deadlock { cycle, behind } = verdict else { continue };
        detected += 1;
        // Soundness and stability: the cycle is a deadlock of the world now, and after any
        // further steps.
        for step in 0..40 {
            let now = world_deadlocked(&world);
            for p in cycle.iter().chain(&behind) {
                assert!(world.waiting_for(*p).is_some(), "seed {seed}, step {step}: P{} woke", p + 1);
            }
            for p in &cycle {
                assert!(now.contains(p), "seed {seed}, step {step}: P{} is not deadlocked", p + 1);
            }
            for (i, &p) in cycle.iter().enumerate() {
                assert_eq!(world.waiting_for(p), Some(cycle[(i + 1) % cycle.len()]), "seed {seed}");
            }
            let _ = random_step(&mut world, &mut rng, n);
        }
    }
    // The sweep exercises both directions.
    assert!(detected > cases() / 20, "only {detected} deadlocks detected");
    assert!(missed_none > 0);
}

#[test]
fn random_scenarios_with_waits_round_trip_through_the_link_and_the_text_form() {
    for seed in 0..cases() / 5 {
        let mut rng = Rng::new(seed ^ 0xdead);
        let n = 2 + rng.below(4);
        let specs = (0..n).map(|p| ProcessSpec { label: format!("P{}", p + 1), initial: 3 }).collect();
        let topology = Topology::complete(specs, Discipline::Fifo, Unit::Tokens).unwrap();
        let mut scenario = Scenario::new(topology.clone(), seed);
        let mut world = World::new(topology);
        for _ in 0..30 {
            scenario.actions.extend(random_step(&mut world, &mut rng, n));
        }
        let again = scenario.replay();
        assert!(again.error.is_none(), "seed {seed}");
        assert_eq!(again.world.log().to_text(), world.log().to_text(), "seed {seed}");
        assert_eq!(link::decode(&link::encode(&scenario)), Ok(scenario.clone()));
        assert_eq!(text::parse(&text::to_text(&scenario)), Ok(scenario.clone()));
    }
}
