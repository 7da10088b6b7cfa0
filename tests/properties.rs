//! Properties of the core, proven over many schedules rather than a few examples:
//!
//! * random schedules (a seed sweep; `SNAPSHOT_LAB_PROPERTY_CASES` sets the count): every
//!   completed snapshot's cut is consistent, conserves the total, its recorded channels equal
//!   the messages in transit across it, it is reachable by a reordering of the real run, and
//!   exactly one marker per channel (n(n-1) on a complete graph) is sent; the same seed gives
//!   the same log;
//! * exhaustive enumeration of every interleaving of deliveries with a fixed script of sends
//!   and a snapshot on three processes: all snapshots pass under FIFO, and under non-FIFO the
//!   enumeration finds inconsistent snapshots (so the checker can fail);
//! * Lai–Yang (message colouring): on random and exhaustively enumerated schedules, FIFO or
//!   not, every snapshot completes, is consistent, conserves the total and is reachable; every
//!   recorded message is white for its snapshot; Chandy–Lamport on the same non-FIFO
//!   schedules (the same seeds, the same scripts, and the same action lists replayed) is
//!   sometimes inconsistent (the control: the checker can fail there);
//! * `recorded_in` (random schedules under both algorithms and disciplines, at the end of the
//!   run and at a random point in it, and every state of the exhaustive enumerations): a
//!   receive lists snapshot S exactly when S was recording the message's channel then (and,
//!   under Lai–Yang, the message is white for S), and S's recording of a channel (final, or so
//!   far while it is still being recorded) is exactly the messages whose receive lists S;
//! * faults of application messages (random FIFO runs that lose and copy messages): every
//!   snapshot still completes and is a consistent cut (no orphan, each channel's recording
//!   exactly the messages in transit: a lost message is not, a copy is), and it records the
//!   total the cut really holds; only the application's invariant (conservation) breaks.

use snapshot_lab::sim::cut::{check_cut, check_snapshot};
use snapshot_lab::sim::reach::{as_scenario, in_flight_ids, reorder};
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::snapshot::{assemble, ChannelState, Snapshot};
use snapshot_lab::sim::{
    Action, Algorithm, Channel, Discipline, EventKind, Log, Message, MessageRef, Scenario, SnapshotId, Topology, Unit,
    World,
};

/// A random topology: 2..=6 processes, complete or a random strongly connected graph.
fn random_topology(rng: &mut Rng, discipline: Discipline) -> Topology {
    let n = 2 + rng.below(5);
    let specs = Topology::specs(&(0..n).map(|_| rng.range(0, 500)).collect::<Vec<_>>());
    if rng.below(2) == 0 {
        return Topology::complete(specs, discipline, Unit::Balance).expect("complete graph");
    }
    // A ring (strongly connected) plus random extra channels.
    let mut channels: Vec<Channel> = (0..n).map(|p| Channel { from: p, to: (p + 1) % n }).collect();
    for from in 0..n {
        for to in 0..n {
            if from != to && to != (from + 1) % n && rng.below(3) == 0 {
                channels.push(Channel { from, to });
            }
        }
    }
    if n == 2 {
        channels.dedup();
    }
    Topology::new(specs, channels, discipline, Unit::Balance).expect("ring plus extras")
}

/// A random run: sends, deliveries, internal events, snapshots and joins, then every
/// message delivered (in random order) so that every snapshot completes.
fn random_run(seed: u64, discipline: Discipline) -> World {
    random_run_with(seed, discipline, Algorithm::ChandyLamport).0
}

/// [`random_run`] under a chosen snapshot algorithm; also returns the actions applied.
fn random_run_with(seed: u64, discipline: Discipline, algorithm: Algorithm) -> (World, Vec<Action>) {
    generated_run(seed, discipline, algorithm, Extra::Joins)
}

/// What a generated run may do besides sending, delivering, internal events and snapshots.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extra {
    /// Processes join running snapshots.
    Joins,
    /// The network drops or duplicates application messages in flight.
    Faults,
}

/// One random action for `world`, or `None` when the draw found nothing to do.
fn random_action(rng: &mut Rng, world: &World, extra: Extra) -> Option<Action> {
    let n = world.topology().process_count();
    Some(match rng.below(12) {
        0..=2 => {
            let c = world.topology().channels()[rng.below(world.topology().channels().len())];
            let balance = world.state(c.from);
            if balance == 0 {
                return None;
            }
            Action::Send { from: c.from, to: c.to, amount: rng.range(1, balance.min(200)) }
        }
        3..=6 => {
            let options = world.deliverable();
            if options.is_empty() {
                return None;
            }
            Action::Deliver { message: options[rng.below(options.len())] }
        }
        7 => Action::Internal { process: rng.below(n), delta: rng.range(0, 50) },
        8 if world.snapshots().len() < 3 => Action::Snapshot { process: rng.below(n) },
        9 | 10 if extra == Extra::Faults => {
            let in_flight: Vec<MessageRef> = (0..world.topology().channels().len())
                .flat_map(|c| world.in_flight(c).filter(|m| !m.is_marker()).map(|m| world.message_ref(m)))
                .collect();
            if in_flight.is_empty() {
                return None;
            }
            let message = in_flight[rng.below(in_flight.len())];
            if rng.below(2) == 0 {
                Action::Drop { message }
            } else {
                Action::Duplicate { message }
            }
        }
        _ if extra == Extra::Joins => {
            let running: Vec<_> = world.snapshots().iter().filter(|s| !s.complete).map(|s| s.id).collect();
            if running.is_empty() {
                return None;
            }
            Action::Join { process: rng.below(n), snapshot: running[rng.below(running.len())] }
        }
        _ => return None,
    })
}

/// A seeded run on a random topology: 5 to 64 random draws, then every message in flight
/// delivered in a random order. Returns the world and the actions applied.
fn generated_run(seed: u64, discipline: Discipline, algorithm: Algorithm, extra: Extra) -> (World, Vec<Action>) {
    let mut rng = Rng::new(seed);
    let topology = random_topology(&mut rng, discipline).with_algorithm(algorithm);
    let mut applied = Vec::new();
    let mut world = World::new(topology);
    let steps = 5 + rng.below(60);
    for _ in 0..steps {
        let Some(action) = random_action(&mut rng, &world, extra) else { continue };
        // Some random actions are impossible (a join at a process that already recorded);
        // a refusal must leave the world unchanged.
        let before = world.log().events.len();
        if world.apply(&action).is_err() {
            assert_eq!(world.log().events.len(), before, "a refused action changed the log");
        } else {
            applied.push(action);
        }
    }
    loop {
        let options = world.deliverable();
        if options.is_empty() {
            break;
        }
        let action = Action::Deliver { message: options[rng.below(options.len())] };
        world.apply(&action).expect("deliverable");
        applied.push(action);
    }
    (world, applied)
}

/// Checks everything a completed snapshot must satisfy; returns a description of the
/// first failure.
fn check_complete_snapshot(log: &Log, snapshot: &Snapshot) -> Result<(), String> {
    let verdict = check_snapshot(log, snapshot).ok_or("complete snapshot has no verdict")?;
    if !verdict.is_consistent() {
        let findings: Vec<String> = verdict.findings.iter().map(|f| f.to_string()).collect();
        return Err(format!("S{} is inconsistent: {}", snapshot.id, findings.join("; ")));
    }
    if !verdict.report.conserves() {
        return Err(format!("S{} does not conserve the total", snapshot.id));
    }
    if snapshot.recorded_total() != Some(verdict.report.expected_total) {
        return Err(format!("S{} recorded total differs from the expected total", snapshot.id));
    }
    if snapshot.markers_sent != log.topology.channels().len() {
        return Err(format!(
            "S{} sent {} markers on {} channels",
            snapshot.id,
            snapshot.markers_sent,
            log.topology.channels().len()
        ));
    }
    let cut = snapshot.cut().ok_or("complete snapshot without a cut")?;
    let reordering = reorder(log, &cut).map_err(|e| format!("S{} is not reachable: {e}", snapshot.id))?;
    let recorded: Vec<i64> = snapshot.states.iter().map(|s| s.unwrap_or(i64::MIN)).collect();
    if reordering.states != recorded {
        return Err(format!(
            "S{}: the reordered run passes through {:?}, not {:?}",
            snapshot.id, reordering.states, recorded
        ));
    }
    let mut recorded_ids: Vec<u32> = snapshot
        .channels
        .iter()
        .flat_map(|(_, s)| match s {
            ChannelState::Recorded(m) => m.iter().map(|m| m.id).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect();
    recorded_ids.sort_unstable();
    if in_flight_ids(&reordering) != recorded_ids {
        return Err(format!("S{}: messages in flight in the reordered run differ from the recording", snapshot.id));
    }
    // The reordered run, replayed by the world itself as the lab replays it, passes through the
    // recorded global state and ends where the real run ended.
    let (run, renamed) = as_scenario(log, &reordering).ok_or("no replayable reordering")?;
    let at = run.replay_prefix(reordering.boundary);
    if let Some(e) = at.error {
        return Err(format!("S{}: the reordered run is impossible: {e}", snapshot.id));
    }
    if at.world.states() != recorded.as_slice() {
        return Err(format!("S{}: the replayed reordering passes through {:?}", snapshot.id, at.world.states()));
    }
    let mut flying: Vec<u32> = (0..at.world.topology().channels().len())
        .flat_map(|c| at.world.in_flight(c).map(|m| at.world.message_ref(m)).collect::<Vec<_>>())
        .filter_map(|m| match m {
            MessageRef::App { number } => renamed.get(number as usize - 1).map(|m| m.id),
            MessageRef::Marker { .. } => None,
        })
        .collect();
    flying.sort_unstable();
    if flying != recorded_ids {
        return Err(format!(
            "S{}: the replayed reordering has {flying:?} in flight, not {recorded_ids:?}",
            snapshot.id
        ));
    }
    let end = run.replay();
    let full: Vec<usize> = log.event_counts();
    let final_states = check_cut(log, &full).map_err(|e| e.to_string())?.states;
    if end.error.is_some() || end.world.states() != final_states.as_slice() {
        return Err(format!("S{}: the replayed reordering does not end where the run ended", snapshot.id));
    }
    Ok(())
}

/// The world's own view of the snapshots agrees with what the log says.
fn check_log_agrees_with_world(world: &World) -> Result<(), String> {
    let assembled = assemble(world.log());
    if assembled.len() != world.snapshots().len() {
        return Err("snapshot count differs between world and log".into());
    }
    for (a, w) in assembled.iter().zip(world.snapshots()) {
        if a.states != w.recorded || a.complete != w.complete || a.initiators != w.initiators {
            return Err(format!("S{}: the log and the world disagree", a.id));
        }
    }
    Ok(())
}

fn property_cases() -> u64 {
    std::env::var("SNAPSHOT_LAB_PROPERTY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000)
}

#[test]
fn every_completed_snapshot_is_consistent_conserving_and_reachable_under_fifo() {
    let cases = property_cases();
    let mut snapshots = 0;
    let mut recorded_in_transit = 0;
    for seed in 0..cases {
        let world = random_run(seed, Discipline::Fifo);
        check_log_agrees_with_world(&world).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for s in assemble(world.log()) {
            assert!(s.complete, "seed {seed}: S{} did not complete after every message was delivered", s.id);
            check_complete_snapshot(world.log(), &s).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            snapshots += 1;
            recorded_in_transit +=
                s.channels.iter().filter(|(_, c)| matches!(c, ChannelState::Recorded(m) if !m.is_empty())).count();
        }
    }
    println!("random FIFO schedules: {cases}, completed snapshots checked: {snapshots}, non-empty channel recordings: {recorded_in_transit}");
    assert!(snapshots as u64 > cases / 2, "too few snapshots to prove anything");
    assert!(recorded_in_transit > 0, "no schedule recorded a message in transit");
}

#[test]
fn same_seed_same_log() {
    for seed in 0..200 {
        let a = random_run(seed, Discipline::Fifo).into_log();
        let b = random_run(seed, Discipline::Fifo).into_log();
        assert_eq!(a, b, "seed {seed}");
        assert_eq!(a.digest(), b.digest());
    }
    let a = random_run(1, Discipline::Fifo).into_log();
    let b = random_run(2, Discipline::Fifo).into_log();
    assert_ne!(a.digest(), b.digest(), "different seeds should give different runs");
}

#[test]
fn non_fifo_schedules_produce_inconsistent_snapshots_that_the_checker_catches() {
    let cases = property_cases() / 4;
    let (mut consistent, mut inconsistent) = (0, 0);
    for seed in 0..cases {
        let world = random_run(seed, Discipline::NonFifo);
        for s in assemble(world.log()) {
            assert!(s.complete, "seed {seed}: S{} incomplete", s.id);
            let verdict = check_snapshot(world.log(), &s).expect("complete");
            let cut = s.cut().expect("complete");
            if verdict.is_consistent() {
                consistent += 1;
                check_complete_snapshot(world.log(), &s).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            } else {
                inconsistent += 1;
                // Orphans make the cut unreachable; a lost message breaks conservation.
                let report = check_cut(world.log(), &cut).expect("valid cut");
                assert_eq!(reorder(world.log(), &cut).is_ok(), report.is_consistent(), "seed {seed}");
            }
        }
    }
    println!("random non-FIFO schedules: {cases}, consistent snapshots: {consistent}, inconsistent: {inconsistent}");
    assert!(inconsistent > 0, "non-FIFO never broke a snapshot: the checker is not being exercised");
    assert!(consistent > 0);
}

/// Every interleaving of deliveries with a fixed script of non-delivery actions.
struct Enumeration {
    leaves: u64,
    snapshots_checked: u64,
    inconsistent: u64,
    failures: Vec<String>,
}

fn enumerate(world: &World, script: &[Action], acc: &mut Enumeration) {
    let mut branched = false;
    if let Some((first, rest)) = script.split_first() {
        let mut next = world.clone();
        if next.apply(first).is_ok() {
            branched = true;
            enumerate(&next, rest, acc);
        }
    }
    for message in world.deliverable() {
        branched = true;
        let mut next = world.clone();
        next.apply(&Action::Deliver { message }).expect("deliverable");
        enumerate(&next, script, acc);
    }
    if !branched {
        acc.leaves += 1;
        for s in assemble(world.log()) {
            acc.snapshots_checked += 1;
            if !s.complete {
                acc.failures.push(format!("S{} incomplete at a quiescent leaf", s.id));
                continue;
            }
            if let Err(e) = check_complete_snapshot(world.log(), &s) {
                acc.inconsistent += 1;
                if acc.failures.len() < 5 {
                    acc.failures.push(e);
                }
            }
        }
    }
}

fn three_process_world(discipline: Discipline) -> World {
    World::new(Topology::complete(Topology::specs(&[100, 100, 100]), discipline, Unit::Balance).unwrap())
}

fn three_process_world_with(discipline: Discipline, algorithm: Algorithm) -> World {
    let t = Topology::complete(Topology::specs(&[100, 100, 100]), discipline, Unit::Balance).unwrap();
    World::new(t.with_algorithm(algorithm))
}

fn send(from: usize, to: usize, amount: i64) -> Action {
    Action::Send { from, to, amount }
}

#[test]
fn exhaustive_fifo_three_processes_every_interleaving_is_consistent() {
    let scripts: Vec<(&str, Vec<Action>)> = vec![
        (
            "send P1→P2, snapshot at P1, send P2→P1",
            vec![send(0, 1, 10), Action::Snapshot { process: 0 }, send(1, 0, 20)],
        ),
        ("snapshot at P1, send P2→P3, send P3→P1", vec![Action::Snapshot { process: 0 }, send(1, 2, 5), send(2, 0, 7)]),
        (
            "send P3→P1, send P2→P1, snapshot at P2, send P1→P3",
            vec![send(2, 0, 3), send(1, 0, 4), Action::Snapshot { process: 1 }, send(0, 2, 6)],
        ),
    ];
    let mut total_leaves = 0;
    for (name, script) in scripts {
        let mut acc = Enumeration { leaves: 0, snapshots_checked: 0, inconsistent: 0, failures: Vec::new() };
        enumerate(&three_process_world(Discipline::Fifo), &script, &mut acc);
        println!(
            "exhaustive FIFO [{name}]: {} interleavings, {} snapshots checked, {} inconsistent",
            acc.leaves, acc.snapshots_checked, acc.inconsistent
        );
        assert!(acc.failures.is_empty(), "{name}: {:?}", acc.failures);
        assert!(acc.leaves > 1000, "{name}: the enumeration is suspiciously small");
        total_leaves += acc.leaves;
    }
    println!("exhaustive FIFO total: {total_leaves} interleavings");
}

#[test]
fn exhaustive_non_fifo_finds_inconsistent_snapshots() {
    let script = vec![send(0, 1, 10), Action::Snapshot { process: 0 }, send(0, 1, 20)];
    let mut acc = Enumeration { leaves: 0, snapshots_checked: 0, inconsistent: 0, failures: Vec::new() };
    enumerate(&three_process_world(Discipline::NonFifo), &script, &mut acc);
    println!(
        "exhaustive non-FIFO: {} interleavings, {} snapshots checked, {} inconsistent",
        acc.leaves, acc.snapshots_checked, acc.inconsistent
    );
    assert!(acc.inconsistent > 0, "non-FIFO enumeration found no inconsistent snapshot");
    assert!(acc.inconsistent < acc.snapshots_checked, "every non-FIFO snapshot inconsistent: suspicious");
}

// ---------------------------------------------------------------------------------------
// Lai–Yang

/// Lai–Yang's own claims on one completed snapshot: every recorded message is white for it
/// (its sender had not recorded when it sent it) and was received after its receiver recorded.
fn check_lai_yang_colours(log: &Log, snapshot: &Snapshot) -> Result<(), String> {
    for (channel, state) in &snapshot.channels {
        let ChannelState::Recorded(messages) = state else {
            return Err(format!("S{}: {channel} is not final in a complete snapshot", snapshot.id));
        };
        for m in messages {
            if log.red_for(m).contains(&snapshot.id) {
                return Err(format!("S{}: {m} is red but was recorded on {channel}", snapshot.id));
            }
        }
    }
    Ok(())
}

#[test]
fn lai_yang_snapshots_are_consistent_and_conserving_on_non_fifo_and_fifo_random_schedules() {
    for discipline in [Discipline::NonFifo, Discipline::Fifo] {
        let cases = property_cases() / 2;
        let (mut snapshots, mut recorded_in_transit, mut red_triggered) = (0, 0, 0);
        for seed in 0..cases {
            let (world, _) = random_run_with(seed, discipline, Algorithm::LaiYang);
            check_log_agrees_with_world(&world).unwrap_or_else(|e| panic!("{discipline:?} seed {seed}: {e}"));
            let log = world.log();
            red_triggered += log.events.iter().filter(|e| e.rule == snapshot_lab::sim::Rule::RedMessage).count();
            for s in assemble(log) {
                assert!(s.complete, "{discipline:?} seed {seed}: S{} did not complete once all was delivered", s.id);
                check_complete_snapshot(log, &s).unwrap_or_else(|e| panic!("{discipline:?} seed {seed}: {e}"));
                check_lai_yang_colours(log, &s).unwrap_or_else(|e| panic!("{discipline:?} seed {seed}: {e}"));
                snapshots += 1;
                recorded_in_transit +=
                    s.channels.iter().filter(|(_, c)| matches!(c, ChannelState::Recorded(m) if !m.is_empty())).count();
            }
        }
        println!(
            "Lai–Yang {discipline:?}: {cases} random schedules, {snapshots} snapshots checked, {recorded_in_transit} non-empty channel recordings, {red_triggered} red-message recordings"
        );
        assert!(snapshots as u64 > cases / 2, "too few snapshots to prove anything");
        assert!(recorded_in_transit > 0, "no schedule recorded a message in transit");
        // Under FIFO the marker always comes before a red message, so only without FIFO
        // does a red message make a process record.
        match discipline {
            Discipline::NonFifo => assert!(red_triggered > 0, "no red message ever made a process record"),
            Discipline::Fifo => assert_eq!(red_triggered, 0, "under FIFO a red message overtook a marker"),
        }
    }
}

/// The control: on the same non-FIFO seeds Chandy–Lamport is sometimes inconsistent, and
/// replaying the very action lists on which it was inconsistent under Lai–Yang (when every
/// action is still possible there) gives consistent snapshots.
#[test]
fn chandy_lamport_fails_where_lai_yang_holds_on_the_same_non_fifo_schedules() {
    let cases = property_cases() / 4;
    let (mut inconsistent, mut replayed, mut fixed) = (0, 0, 0);
    for seed in 0..cases {
        let (world, actions) = random_run_with(seed, Discipline::NonFifo, Algorithm::ChandyLamport);
        let bad = assemble(world.log())
            .iter()
            .any(|s| check_snapshot(world.log(), s).is_some_and(|v| !v.is_consistent() || !v.report.conserves()));
        if !bad {
            continue;
        }
        inconsistent += 1;
        let topology = world.topology().clone().with_algorithm(Algorithm::LaiYang);
        let scenario = Scenario { actions, ..Scenario::new(topology, seed) };
        let replay = scenario.replay();
        if replay.error.is_some() {
            continue; // a red message made a process record earlier, so a marker differs
        }
        replayed += 1;
        let log = replay.world.log();
        let mut all_ok = true;
        for s in assemble(log).iter().filter(|s| s.complete) {
            check_complete_snapshot(log, s).unwrap_or_else(|e| panic!("seed {seed}, Lai–Yang: {e}"));
            all_ok &= check_lai_yang_colours(log, s).is_ok();
        }
        fixed += usize::from(all_ok);
    }
    println!(
        "non-FIFO: {cases} seeds, Chandy–Lamport inconsistent on {inconsistent}; the same actions replayed under Lai–Yang on {replayed}, consistent on {fixed}"
    );
    assert!(inconsistent > 0, "Chandy–Lamport never failed: the control does not exercise the checker");
    assert!(replayed > 0 && fixed == replayed);
}

#[test]
fn exhaustive_lai_yang_every_interleaving_is_consistent_without_fifo() {
    let scripts: Vec<(&str, Vec<Action>)> = vec![
        // The script on which Chandy–Lamport fails without FIFO (see above).
        (
            "send P1→P2, snapshot at P1, send P1→P2",
            vec![send(0, 1, 10), Action::Snapshot { process: 0 }, send(0, 1, 20)],
        ),
        (
            "send P1→P2, snapshot at P1, send P2→P1",
            vec![send(0, 1, 10), Action::Snapshot { process: 0 }, send(1, 0, 20)],
        ),
        ("snapshot at P1, send P1→P3, send P3→P2", vec![Action::Snapshot { process: 0 }, send(0, 2, 5), send(2, 1, 7)]),
    ];
    for (name, script) in &scripts {
        for discipline in [Discipline::NonFifo, Discipline::Fifo] {
            let mut acc = Enumeration { leaves: 0, snapshots_checked: 0, inconsistent: 0, failures: Vec::new() };
            enumerate(&three_process_world_with(discipline, Algorithm::LaiYang), script, &mut acc);
            println!(
                "exhaustive Lai–Yang {discipline:?} [{name}]: {} interleavings, {} snapshots checked, {} inconsistent",
                acc.leaves, acc.snapshots_checked, acc.inconsistent
            );
            assert!(acc.failures.is_empty(), "{name} {discipline:?}: {:?}", acc.failures);
            assert!(acc.leaves > 100, "{name}: the enumeration is suspiciously small");
        }
    }
    // The control on the first script: Chandy–Lamport without FIFO fails on some interleaving.
    let mut acc = Enumeration { leaves: 0, snapshots_checked: 0, inconsistent: 0, failures: Vec::new() };
    enumerate(&three_process_world_with(Discipline::NonFifo, Algorithm::ChandyLamport), &scripts[0].1, &mut acc);
    assert!(acc.inconsistent > 0, "Chandy–Lamport found no inconsistent snapshot on the same schedules");
}

/// The side-by-side view of "it never happened, but it could have" (`view::reordered`): at every
/// step of the reordered run, the cut it has swept across the real run is consistent, only moves
/// forward, and holds exactly the reordered run's global state (each process's state, each
/// message in flight); at the boundary it is the snapshot's own cut and the state is the
/// recorded one; the reordered diagram names every message as the real one does.
fn check_side_by_side(log: &Log, snapshot: &Snapshot) -> Result<snapshot_lab::view::reordered::Comparison, String> {
    use snapshot_lab::view::reordered::Comparison;
    let c = Comparison::new(log, snapshot).ok_or("no comparison for a consistent snapshot")?;
    let id = snapshot.id;
    let mut previous = vec![0; log.topology.process_count()];
    for k in 0..=c.steps() {
        let swept = c.swept_cut(k);
        if swept.iter().zip(&previous).any(|(now, before)| now < before) {
            return Err(format!("S{id}: the swept cut moved back at step {k}: {previous:?} → {swept:?}"));
        }
        let report = check_cut(log, &swept).map_err(|e| format!("S{id} step {k}: {e}"))?;
        if !report.is_consistent() {
            return Err(format!("S{id}: the cut swept by step {k} has orphans: {swept:?}"));
        }
        let frame = c.frame(k);
        if frame.states != report.states {
            return Err(format!("S{id} step {k}: states {:?}, the swept cut's {:?}", frame.states, report.states));
        }
        let mut flying: Vec<u32> = frame.in_flight.iter().flat_map(|(_, m)| m.iter().map(|m| m.id)).collect();
        let mut transit: Vec<u32> = report.in_transit.iter().map(|m| m.id).collect();
        flying.sort_unstable();
        transit.sort_unstable();
        if flying != transit {
            return Err(format!("S{id} step {k}: in flight {flying:?}, in transit across the swept cut {transit:?}"));
        }
        if frame.in_flight.iter().any(|(channel, m)| m.iter().any(|m| m.channel != *channel)) {
            return Err(format!("S{id} step {k}: a message in flight on another channel than its own"));
        }
        if k == c.boundary && !frame.is_recorded_state_of(snapshot) {
            return Err(format!("S{id}: step {k}, the boundary, is not the recorded state"));
        }
        previous = swept;
    }
    if !c.frame(c.boundary).same_state(&c.target) || c.of != Some(id) {
        return Err(format!("S{id}: the boundary's state is not the comparison's target"));
    }
    if c.swept_cut(c.boundary) != c.cut {
        return Err(format!(
            "S{id}: the cut swept at the boundary is {:?}, not its cut {:?}",
            c.swept_cut(c.boundary),
            c.cut
        ));
    }
    for a in &c.reordered.arrows {
        let real = c.real.arrows.iter().find(|r| r.label == a.label && r.marker.is_none());
        if real.is_none() {
            return Err(format!("S{id}: the reordered run's {} is no message of the real run", a.label));
        }
    }
    let app = c.real.arrows.iter().filter(|a| a.marker.is_none()).count();
    if c.reordered.arrows.len() != app || c.reordered.arrows.iter().any(|a| a.marker.is_some()) {
        return Err(format!("S{id}: the reordered run has other messages than the real run's, or markers"));
    }
    Ok(c)
}

#[test]
fn the_reordered_run_sweeps_a_consistent_cut_onto_the_snapshot_and_passes_through_its_state() {
    let cases = (property_cases() / 20).max(50);
    let (mut checked, mut moved) = (0, 0);
    for seed in 0..cases {
        let world = random_run(seed, Discipline::Fifo);
        for s in assemble(world.log()) {
            let c = check_side_by_side(world.log(), &s).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            checked += 1;
            // Whether a reordering was needed: the real run itself passed through the state
            // exactly when its own order already does every event inside the cut first.
            let reordered = c.order.windows(2).any(|w| w[0] > w[1]);
            assert_eq!(c.happened(), !reordered, "seed {seed} S{}", s.id);
            moved += usize::from(reordered);
        }
    }
    // Without FIFO, Chandy–Lamport's consistent snapshots are played too (the others have no
    // comparison: no run passes through an inconsistent cut).
    for seed in 0..cases / 2 {
        let world = random_run(seed, Discipline::NonFifo);
        for s in assemble(world.log()) {
            let consistent = check_snapshot(world.log(), &s).is_some_and(|v| v.is_consistent());
            let c = snapshot_lab::view::reordered::Comparison::new(world.log(), &s);
            assert_eq!(c.is_some(), consistent, "non-FIFO seed {seed} S{}", s.id);
            if consistent {
                check_side_by_side(world.log(), &s).unwrap_or_else(|e| panic!("non-FIFO seed {seed}: {e}"));
                checked += 1;
            }
        }
    }
    // Lai–Yang's snapshots (FIFO or not) are consistent too, and the page plays them the same way.
    for seed in 0..cases / 2 {
        for discipline in [Discipline::Fifo, Discipline::NonFifo] {
            let (world, _) = random_run_with(seed, discipline, Algorithm::LaiYang);
            for s in assemble(world.log()).iter().filter(|s| s.complete) {
                check_side_by_side(world.log(), s)
                    .unwrap_or_else(|e| panic!("Lai–Yang {discipline:?} seed {seed}: {e}"));
                checked += 1;
            }
        }
    }
    println!("side by side: {checked} snapshots stepped through, {moved} needed a reordering");
    assert!(checked as u64 > cases / 2, "too few snapshots to prove anything");
    assert!(moved > 0, "no snapshot needed reordering: the comparison shows nothing");
}

/// Drawing a cut: every consistent cut of a run without faults is a state a reordering passes
/// through (the comparison exists, its boundary's state is the cut's: each process's state at
/// the cut and the messages in transit across it, and the swept cut lands on it); an
/// inconsistent cut has none.
#[test]
fn every_consistent_drawn_cut_is_played_through_and_no_inconsistent_one() {
    use snapshot_lab::view::reordered::Comparison;
    let cases = (property_cases() / 20).max(50);
    let (mut consistent, mut inconsistent) = (0, 0);
    for seed in 0..cases {
        let world = random_run(seed, Discipline::Fifo);
        let log = world.log();
        let counts = log.event_counts();
        let mut rng = Rng::new(seed ^ 0x5eed);
        for _ in 0..4 {
            let cut: Vec<usize> = counts.iter().map(|&n| rng.below(n + 1)).collect();
            let report = check_cut(log, &cut).expect("a cut within the run");
            let c = Comparison::for_cut(log, &cut);
            assert_eq!(c.is_some(), report.is_consistent(), "seed {seed} cut {cut:?}");
            let Some(c) = c else {
                inconsistent += 1;
                continue;
            };
            consistent += 1;
            assert_eq!(c.of, None);
            assert_eq!(c.target.states, report.states, "seed {seed} cut {cut:?}");
            let at = c.frame(c.boundary);
            assert!(at.same_state(&c.target), "seed {seed} cut {cut:?}: {at:?} is not {:?}", c.target);
            let mut flying: Vec<u32> = at.in_flight.iter().flat_map(|(_, m)| m.iter().map(|m| m.id)).collect();
            flying.sort_unstable();
            let transit: Vec<u32> = report.in_transit.iter().map(|m| m.id).collect();
            assert_eq!(flying, transit, "seed {seed} cut {cut:?}");
            assert_eq!(c.swept_cut(c.boundary), cut, "seed {seed}");
        }
    }
    println!("drawn cuts: {consistent} consistent played through, {inconsistent} inconsistent refused");
    assert!(consistent > 0 && inconsistent > 0);
}

// ---------------------------------------------------------------------------------------
// recorded_in

/// Where a snapshot's recording of a channel stands, as the log has gone so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    Recording,
    Closed,
}

/// What [`check_recorded_in`] saw, to show the property was not checked on nothing.
#[derive(Default)]
struct RecordedInCounts {
    /// (message, snapshot) pairs a receive listed.
    listed: usize,
    /// Of those, on a channel still being recorded where the run stops.
    listed_while_recording: usize,
    /// Application messages in flight on a channel being recorded where the run stops: in no
    /// recording yet, as they have no receive event.
    in_flight_on_recording: usize,
    /// App receives on a channel whose recording had closed, listing no snapshot.
    after_close: usize,
}

/// `recorded_in` agrees with the snapshots' channel recordings, in a run that may have stopped
/// anywhere (snapshots incomplete, messages in flight).
///
/// How it is set (`World::deliver`): when an application message on channel C is received,
/// every snapshot S whose recording of C is running at that moment (started, not yet stopped)
/// gets the message appended to its recording of C and listed in the receive's `recorded_in`;
/// under Lai–Yang only if the message is white for S (sent before its sender recorded S).
/// A marker is never listed. So, precisely:
///
/// 1. S is in a receive's `recorded_in` iff the receive is an application message's, it comes
///    after S's start-recording event for the channel and before its stop-recording event (if
///    any) in the log, and, under Lai–Yang, the message is white for S;
/// 2. for every snapshot S, complete or not, and every channel C: the messages whose receive
///    lists S, on C, in receive order, are exactly S's recording of C: its final recording when
///    C's recording has stopped (the stop-recording event's list), the messages recorded so far
///    when C is still being recorded where the run stops (the world's own list; messages still
///    in flight on C are in neither, having no receive event), and none when C's recording
///    never started;
/// 3. every channel of a complete snapshot is final, no message is received twice, and
///    `recorded_in` names existing snapshots, in increasing order.
fn check_recorded_in(world: &World) -> Result<RecordedInCounts, String> {
    let log = world.log();
    let snapshots = assemble(log);
    let count = snapshots.len() as SnapshotId;
    let lai_yang = log.topology.algorithm == Algorithm::LaiYang;
    let channel_id = |c: Channel| log.topology.channel_id(c.from, c.to).expect("a channel of the topology");
    let channels = log.topology.channels().len();
    // By snapshot (index S - 1) and channel id.
    let mut phase = vec![vec![Phase::Idle; channels]; count as usize];
    let mut listed: Vec<Vec<Vec<Message>>> = vec![vec![Vec::new(); channels]; count as usize];
    let mut received = std::collections::HashSet::new();
    let mut counts = RecordedInCounts::default();
    for e in &log.events {
        match &e.kind {
            EventKind::StartRecording { snapshot, channel } => {
                let p = &mut phase[*snapshot as usize - 1][channel_id(*channel)];
                if *p != Phase::Idle {
                    return Err(format!("event {}: S{snapshot} starts recording {channel} again", e.seq));
                }
                *p = Phase::Recording;
            }
            EventKind::StopRecording { snapshot, channel, .. } => {
                phase[*snapshot as usize - 1][channel_id(*channel)] = Phase::Closed;
            }
            EventKind::Receive { message, recorded_in } => {
                if !received.insert(message.id) {
                    return Err(format!("event {}: {message} is received twice", e.seq));
                }
                if recorded_in.windows(2).any(|w| w[0] >= w[1]) || recorded_in.iter().any(|&s| s < 1 || s > count) {
                    return Err(format!("event {}: recorded_in {recorded_in:?} (there are {count} snapshots)", e.seq));
                }
                let c = channel_id(message.channel);
                let red = world.red_for(message.id);
                for s in 1..=count {
                    let recording = phase[s as usize - 1][c];
                    let expected =
                        !message.is_marker() && recording == Phase::Recording && !(lai_yang && red.contains(&s));
                    let is_listed = recorded_in.contains(&s);
                    if is_listed != expected {
                        return Err(format!(
                            "event {}: the receive of {message} on {} {} S{s}, whose recording of the channel is {recording:?}{}",
                            e.seq,
                            message.channel,
                            if is_listed { "lists" } else { "does not list" },
                            if lai_yang && red.contains(&s) { " (the message is red for it)" } else { "" },
                        ));
                    }
                    if is_listed {
                        listed[s as usize - 1][c].push(*message);
                        counts.listed += 1;
                    } else if recording == Phase::Closed && !message.is_marker() {
                        counts.after_close += 1;
                    }
                }
            }
            _ => {}
        }
    }
    for snap in &snapshots {
        let i = snap.id as usize - 1;
        let progress = &world.snapshots()[i];
        for (channel, state) in &snap.channels {
            let c = channel_id(*channel);
            let marked = &listed[i][c];
            let recording: &[Message] = match (state, phase[i][c]) {
                (ChannelState::NotRecorded, Phase::Idle) => &[],
                (ChannelState::Recording(m), Phase::Recording) => {
                    counts.listed_while_recording += m.len();
                    counts.in_flight_on_recording += world.in_flight(c).filter(|m| !m.is_marker()).count();
                    // The assembled list is built from `recorded_in` itself: compare the world's.
                    &progress.channel_messages[c]
                }
                (ChannelState::Recorded(m), Phase::Closed) => m,
                (state, phase) => {
                    return Err(format!(
                        "S{}: {channel} is {state:?} in the snapshot but {phase:?} in the log",
                        snap.id
                    ))
                }
            };
            if marked.as_slice() != recording {
                let ids = |v: &[Message]| v.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ");
                return Err(format!(
                    "S{}: {channel} ({state:?}) records [{}], but the receives listing S{} on it are [{}]",
                    snap.id,
                    ids(recording),
                    snap.id,
                    ids(marked)
                ));
            }
            if let ChannelState::Recording(m) = state {
                if m != &progress.channel_messages[c] {
                    return Err(format!("S{}: {channel}: the log's recording so far is not the world's", snap.id));
                }
            }
            if snap.complete && !matches!(state, ChannelState::Recorded(_)) {
                return Err(format!("S{} is complete but {channel} is not final", snap.id));
            }
        }
    }
    Ok(counts)
}

/// The world after `actions` (the first actions of the run `world` made), replayed on its topology.
fn replay_prefix(world: &World, actions: &[Action]) -> World {
    let mut w = World::new(world.topology().clone());
    for a in actions {
        w.apply(a).expect("an action of the run, replayed in order");
    }
    w
}

/// Every state of the enumeration of [`enumerate`] (every node, not only the quiescent leaves).
fn for_each_state(world: &World, script: &[Action], visit: &mut dyn FnMut(&World)) {
    visit(world);
    if let Some((first, rest)) = script.split_first() {
        let mut next = world.clone();
        if next.apply(first).is_ok() {
            for_each_state(&next, rest, visit);
        }
    }
    for message in world.deliverable() {
        let mut next = world.clone();
        next.apply(&Action::Deliver { message }).expect("deliverable");
        for_each_state(&next, script, visit);
    }
}

#[test]
fn recorded_in_agrees_with_every_snapshots_channel_recordings() {
    // As many random runs as the FIFO property makes: a quarter of the seeds, four ways each.
    let cases = property_cases() / 4;
    let mut totals = RecordedInCounts::default();
    let mut add = |c: RecordedInCounts| {
        totals.listed += c.listed;
        totals.listed_while_recording += c.listed_while_recording;
        totals.in_flight_on_recording += c.in_flight_on_recording;
        totals.after_close += c.after_close;
    };
    let mut states = 0u64;
    for seed in 0..cases {
        for algorithm in [Algorithm::ChandyLamport, Algorithm::LaiYang] {
            for discipline in [Discipline::Fifo, Discipline::NonFifo] {
                let what = format!("{algorithm:?} {discipline:?} seed {seed}");
                let (world, actions) = random_run_with(seed, discipline, algorithm);
                add(check_recorded_in(&world).unwrap_or_else(|e| panic!("{what}, at the end: {e}")));
                // Stopped part way: snapshots may be incomplete, messages in flight.
                let k = Rng::new(seed ^ 0x00ec_0ded).below(actions.len() + 1);
                let part = replay_prefix(&world, &actions[..k]);
                add(check_recorded_in(&part).unwrap_or_else(|e| panic!("{what}, after {k} actions: {e}")));
                states += 2;
            }
        }
    }
    // Every state of every interleaving of deliveries with the scripts of the exhaustive tests
    // above: the FIFO ones (but the four-action one, 300,000 states on its own), and the one on
    // which Chandy–Lamport fails without FIFO, under both algorithms and disciplines.
    let fifo: Vec<Vec<Action>> = vec![
        vec![send(0, 1, 10), Action::Snapshot { process: 0 }, send(1, 0, 20)],
        vec![Action::Snapshot { process: 0 }, send(1, 2, 5), send(2, 0, 7)],
    ];
    let both = vec![send(0, 1, 10), Action::Snapshot { process: 0 }, send(0, 1, 20)];
    let mut runs: Vec<(Discipline, Algorithm, Vec<Action>)> =
        fifo.into_iter().map(|s| (Discipline::Fifo, Algorithm::ChandyLamport, s)).collect();
    for algorithm in [Algorithm::ChandyLamport, Algorithm::LaiYang] {
        for discipline in [Discipline::Fifo, Discipline::NonFifo] {
            runs.push((discipline, algorithm, both.clone()));
        }
    }
    let mut enumerated = 0u64;
    for (discipline, algorithm, script) in &runs {
        for_each_state(&three_process_world_with(*discipline, *algorithm), script, &mut |world| {
            let counts = check_recorded_in(world).unwrap_or_else(|e| {
                panic!(
                    "exhaustive {algorithm:?} {discipline:?} {script:?}, after {} events: {e}",
                    world.log().events.len()
                )
            });
            add(counts);
            enumerated += 1;
        });
    }
    println!(
        "recorded_in: {states} random states and {enumerated} enumerated states; {} (message, snapshot) listings, \
         {} on a channel still recording, {} messages in flight on a channel being recorded, {} receives after a \
         channel closed",
        totals.listed, totals.listed_while_recording, totals.in_flight_on_recording, totals.after_close
    );
    assert!(totals.listed > 0, "no receive was ever recorded");
    assert!(totals.listed_while_recording > 0, "no run stopped with a recording under way that held a message");
    assert!(totals.in_flight_on_recording > 0, "no run stopped with a message in flight on a recording channel");
    assert!(totals.after_close > 0, "no message arrived on a channel whose recording had closed");
    assert!(enumerated > 10_000, "the enumeration is suspiciously small: {enumerated}");
}

/// A random FIFO run whose network loses and copies application messages (never markers) now
/// and then, then delivers everything: the faults that leave the algorithm's liveness alone.
fn random_run_losing_and_copying_messages(seed: u64) -> World {
    generated_run(seed, Discipline::Fifo, Algorithm::ChandyLamport, Extra::Faults).0
}

/// Safety does not rest on "no loss" or "no duplication" of application messages: with FIFO
/// channels every snapshot still completes and its recorded state is a consistent global state
/// (no orphan, every recorded state the state at the cut, every channel's recording exactly the
/// messages in transit across the cut: a lost message is not, a copy made before its sender
/// recorded is). What breaks is the application's invariant: the recorded total is the total
/// the cut really holds, and it differs from the $ the run started with exactly when a fault
/// inside the cut changed it.
#[test]
fn with_lost_and_copied_messages_every_completed_snapshot_is_still_a_consistent_cut() {
    use snapshot_lab::sim::cut::Finding;
    let cases = property_cases() / 4;
    let (mut checked, mut with_faults, mut not_conserving) = (0, 0, 0);
    for seed in 0..cases {
        let world = random_run_losing_and_copying_messages(seed);
        let log = world.log();
        let faulty = snapshot_lab::sim::faults::has_faults(log);
        for s in assemble(log) {
            assert!(s.complete, "seed {seed}: S{} did not complete: only markers are needed", s.id);
            let v = check_snapshot(log, &s).expect("complete");
            assert!(v.is_consistent(), "seed {seed}: S{}: {:?}", s.id, v.findings);
            assert!(v.report.orphans.is_empty(), "seed {seed}");
            // The channels' recordings are exactly the messages in transit (checked by the
            // verdict); here again, message by message, from the snapshot's own channels.
            for (c, state) in &s.channels {
                let ChannelState::Recorded(m) = state else { panic!("seed {seed}: {c} still open") };
                let mut recorded: Vec<u32> = m.iter().map(|m| m.id).collect();
                let mut in_transit: Vec<u32> = v.report.in_transit_on(*c).map(|m| m.id).collect();
                recorded.sort_unstable();
                in_transit.sort_unstable();
                assert_eq!(recorded, in_transit, "seed {seed}: S{} {c}", s.id);
            }
            // The snapshot tells the truth about the total, whatever the invariant.
            assert_eq!(s.recorded_total(), Some(v.report.total), "seed {seed}");
            assert_eq!(v.conserves(), v.report.total == v.report.expected_total, "seed {seed}");
            assert!(v.findings.iter().all(|f| matches!(f, Finding::Conservation { .. })), "seed {seed}");
            checked += 1;
            with_faults += usize::from(faulty);
            not_conserving += usize::from(!v.conserves());
        }
    }
    println!("lost and copied messages: {cases} runs, {checked} snapshots, {with_faults} in runs with faults, {not_conserving} not conserving");
    assert!(with_faults > checked / 4, "too few faulty runs: {with_faults} of {checked}");
    assert!(not_conserving > checked / 20, "no snapshot saw the invariant break: {not_conserving} of {checked}");
}
