//! The auto-graded exercises, over every kind, every level and many seeds:
//!
//! * generation is deterministic, never panics, and shows a scenario that replays;
//! * `solve` is graded correct, and the lab kinds are also won (and lost) by runs the tests
//!   construct themselves, with the grade agreeing with what the core recorded;
//! * crafted wrong answers are graded wrong, with feedback that names the process, channel or
//!   message involved and points at an event of the right kind in the log the learner sees;
//! * garbage answers never panic;
//! * levels grow;
//! * one small hand-checked exercise per kind, with the exact substance of the feedback.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use snapshot_lab::sim::cut::check_cut;
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::snapshot::assemble;
use snapshot_lab::sim::{
    Action, Channel, Discipline, EventKind, Log, Message, MessageRef, Rule, Scenario, Topology, Unit, World,
};
use snapshot_lab::teach::exercise::{generate, grade, solve, Answer, Exercise, Feedback, Grade, Kind, Task, LEVELS};

const SEEDS: u64 = 400;

fn each(kind: Kind, mut f: impl FnMut(&Exercise)) {
    for level in 1..=LEVELS {
        for seed in 0..SEEDS {
            f(&generate(kind, level, seed));
        }
    }
}

fn log_of(s: &Scenario) -> Log {
    let replay = s.replay();
    assert!(replay.error.is_none(), "{}", replay.error.unwrap());
    replay.world.into_log()
}

fn texts(g: &Grade) -> String {
    g.feedback.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" | ")
}

fn wrong(ex: &Exercise, answer: &Answer) -> Grade {
    let g = grade(ex, answer);
    assert!(!g.correct, "{:?} L{} seed {}: graded right: {answer:?}", ex.kind, ex.level, ex.seed);
    assert!(!g.feedback.is_empty() && g.feedback.iter().all(|f| !f.text.is_empty()));
    g
}

/// Every event a feedback item points at exists in `log`, and is of the kind its rule and
/// message say: the receive of the message (rules Receive / ReceiveRecorded), its send (rule
/// Send), or a record-state event (the record rules, with a message).
fn assert_points(log: &Log, g: &Grade, what: &str) {
    for f in &g.feedback {
        let Some(seq) = f.event else { continue };
        assert!(seq >= 1 && seq as usize <= log.events.len(), "{what}: event #{seq} is not in the log: {}", f.text);
        let e = &log.events[seq as usize - 1];
        assert_eq!(e.seq, seq);
        assert!(f.text.contains(&format!("#{seq}")) || f.rule.is_some(), "{what}: {}", f.text);
        let Some(id) = f.message else { continue };
        match f.rule {
            Some(Rule::Receive | Rule::ReceiveRecorded) => assert!(
                matches!(&e.kind, EventKind::Receive { message, .. } if message.id == id),
                "{what}: event #{seq} should receive message {id}: {}",
                f.text
            ),
            Some(Rule::Send) => assert!(
                matches!(&e.kind, EventKind::Send { message } if message.id == id),
                "{what}: event #{seq} should send message {id}: {}",
                f.text
            ),
            Some(Rule::Initiate | Rule::Join | Rule::FirstMarker) => assert!(
                matches!(e.kind, EventKind::RecordState { .. }),
                "{what}: event #{seq} should record a state: {}",
                f.text
            ),
            _ => {}
        }
    }
}

fn message(log: &Log, id: u32) -> Message {
    *log.events.iter().find_map(|e| e.message().filter(|m| m.id == id)).expect("message in the log")
}

fn chan(c: Channel) -> String {
    format!("P{} → P{}", c.from + 1, c.to + 1)
}

// ---------------------------------------------------------------------------------------
// The API and generation

#[test]
fn kinds_ids_titles_and_levels() {
    assert_eq!(
        Kind::ALL,
        [
            Kind::SendGoal,
            Kind::Predict,
            Kind::WhichCut,
            Kind::IsConsistent,
            Kind::OrderMarkers,
            Kind::Count,
            Kind::Tells,
            Kind::Breaks
        ]
    );
    let ids: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(
        ids,
        [
            "send-goal",
            "predict",
            "which-cut",
            "consistent",
            "order-markers",
            "count",
            "snapshot-tells",
            "safety-liveness"
        ]
    );
    for k in Kind::ALL {
        assert_eq!(Kind::from_id(k.id()), Some(k));
        assert!(!k.title().is_empty());
    }
    assert_eq!(Kind::from_id("Predict"), None);
    assert_eq!(Kind::from_id(""), None);
    assert_eq!(Kind::SendGoal.title(), "Make a channel record");
    assert_eq!(Kind::OrderMarkers.title(), "Order the deliveries");
    assert_eq!(LEVELS, 3);
}

#[test]
fn generation_is_deterministic_replays_and_solve_is_right() {
    for kind in Kind::ALL {
        each(kind, |ex| {
            let what = format!("{kind:?} L{} seed {}", ex.level, ex.seed);
            assert_eq!(*ex, generate(kind, ex.level, ex.seed), "{what}: not deterministic");
            assert_eq!(ex.kind, kind);
            let log = log_of(&ex.scenario);
            assert!(!ex.prompt.is_empty() && !ex.prompt.contains('{') && !ex.prompt.contains("Some("), "{what}");
            let task_fits = matches!(
                (kind, &ex.task),
                (Kind::SendGoal, Task::SendGoal { .. })
                    | (Kind::Predict, Task::Predict { .. })
                    | (Kind::WhichCut, Task::WhichCut { .. })
                    | (Kind::IsConsistent, Task::IsConsistent { .. })
                    | (Kind::OrderMarkers, Task::OrderMarkers { .. })
                    | (Kind::Count, Task::Count)
                    | (Kind::Tells, Task::Tells { .. })
                    | (Kind::Breaks, Task::Breaks { .. })
            );
            assert!(task_fits, "{what}: {:?}", ex.task);
            if let Task::SendGoal { channel, .. } | Task::OrderMarkers { channel, .. } = ex.task {
                assert!(ex.prompt.contains(&chan(channel)), "{what}: {}", ex.prompt);
            }
            let g = grade(ex, &solve(ex));
            assert!(g.correct, "{what}: solve graded wrong: {}\n{}", texts(&g), log.to_text());
            assert_eq!(g.feedback.len(), 1, "{what}: one sentence when right");
        });
    }
}

#[test]
fn levels_are_clamped_and_grow() {
    for kind in Kind::ALL {
        assert_eq!(generate(kind, 0, 3), generate(kind, 1, 3));
        assert_eq!(generate(kind, 9, 3), generate(kind, 3, 3));
        assert_eq!(generate(kind, 0, 3).level, 1);
        assert_eq!(generate(kind, 200, 3).level, 3);
        let n = |level| generate(kind, level, 11).scenario.topology.process_count();
        let expected = match kind {
            Kind::OrderMarkers => [3, 3, 4],
            Kind::Count => [3, 4, 5],
            _ => [2, 3, 4],
        };
        for seed in 0..20 {
            for level in 1..=3u8 {
                let got = generate(kind, level, seed).scenario.topology.process_count();
                assert_eq!(got, expected[level as usize - 1], "{kind:?} L{level} seed {seed}");
            }
        }
        assert!(n(3) > n(1));
    }
    // Harder levels carry more: more messages in flight to predict, more to send.
    let in_flight = |level| {
        (0..50)
            .map(|seed| {
                let w = generate(Kind::Predict, level, seed).scenario.replay().world;
                (0..w.topology().channels().len()).map(|c| w.in_flight(c).count()).sum::<usize>()
            })
            .sum::<usize>()
    };
    assert!(in_flight(3) > in_flight(1), "{} vs {}", in_flight(3), in_flight(1));
    for seed in 0..50 {
        let count = |level| match generate(Kind::SendGoal, level, seed).task {
            Task::SendGoal { count, .. } => count,
            _ => unreachable!(),
        };
        assert_eq!(count(1), 1);
        assert!((1..=2).contains(&count(2)));
        assert!((2..=3).contains(&count(3)));
    }
}

// ---------------------------------------------------------------------------------------
// Kind 1: make a channel record

/// A learner acting at random: sends on the goal channel now and then, delivers at random,
/// until nothing is left to do.
fn random_learner(ex: &Exercise, c: Channel, rng: &mut Rng, max_sends: usize) -> Scenario {
    let mut s = ex.scenario.clone();
    let mut w = s.replay().world;
    let mut sends = 0;
    let recorded = |w: &World, p: usize| w.snapshots()[0].recorded[p].is_some();
    loop {
        let options = w.deliverable();
        let can_send = sends < max_sends && w.state(c.from) >= 10;
        let eager = !recorded(&w, c.from) && rng.below(3) == 0;
        let action = if can_send && (eager || options.is_empty()) {
            sends += 1;
            Action::Send { from: c.from, to: c.to, amount: 10 }
        } else if let Some(&message) = options.get(rng.below(options.len().max(1))) {
            Action::Deliver { message }
        } else {
            break;
        };
        w.apply(&action).expect("possible");
        s.actions.push(action);
    }
    s
}

#[test]
fn send_goal_is_won_and_lost_by_constructed_runs_and_the_grade_agrees_with_the_core() {
    let mut rng = Rng::new(42);
    each(Kind::SendGoal, |ex| {
        let what = format!("L{} seed {}", ex.level, ex.seed);
        let Task::SendGoal { snapshot, channel, count } = ex.task else { unreachable!() };
        assert_eq!(snapshot, 1);
        let start = ex.scenario.replay().world;
        let s1 = &start.snapshots()[0];
        assert!(!s1.complete, "{what}: S1 must still be running");
        assert!(s1.recorded[channel.from].is_none() || s1.recorded[channel.to].is_none(), "{what}: nothing to do");
        if ex.level == 3 {
            assert!(!s1.initiators.contains(&channel.to), "{what}: the receiver initiated");
        }
        // The exercise as opened is not an answer: S1 is not complete.
        let g = wrong(ex, &Answer::Lab(ex.scenario.clone()));
        assert!(texts(&g).contains("S1 is not complete yet"), "{what}: {}", texts(&g));

        let cid = start.topology().channel_id(channel.from, channel.to).unwrap();
        let (mut won, mut lost) = (false, false);
        for _ in 0..600 {
            let run = random_learner(ex, channel, &mut rng, count + 1);
            let w = run.replay().world;
            let s1 = &w.snapshots()[0];
            assert!(s1.complete, "{what}: everything delivered, so S1 completes");
            let recorded = &s1.channel_messages[cid];
            let g = grade(ex, &Answer::Lab(run.clone()));
            assert_eq!(g.correct, recorded.len() == count, "{what}: the grade disagrees with the core");
            if g.correct {
                won = true;
            } else if !lost {
                lost = true;
                let all = texts(&g);
                assert!(all.contains(&chan(channel)), "{what}: {all}");
                assert!(all.contains("but the goal is exactly"), "{what}: {all}");
                assert_points(w.log(), &g, &what);
                // Every application message sent on the channel is explained.
                for e in &w.log().events {
                    if let EventKind::Send { message } = &e.kind {
                        if message.channel == channel && !message.is_marker() {
                            let item = g.feedback.iter().find(|f| f.message == Some(message.id));
                            let item = item.unwrap_or_else(|| panic!("{what}: {message} not explained: {all}"));
                            assert!(item.text.starts_with(&format!("{message} was")), "{what}: {}", item.text);
                        }
                    }
                }
            }
            if won && lost {
                break;
            }
        }
        assert!(won && lost, "{what}: won {won}, lost {lost}");
    });
}

#[test]
fn send_goal_refuses_runs_that_do_not_continue_the_exercise() {
    for seed in 0..40 {
        let ex = generate(Kind::SendGoal, 1 + (seed % 3) as u8, seed);
        let Answer::Lab(win) = solve(&ex) else { unreachable!() };
        // A refused action.
        let mut bad = win.clone();
        bad.actions.push(Action::Deliver { message: MessageRef::App { number: 999 } });
        let g = wrong(&ex, &Answer::Lab(bad));
        assert!(texts(&g).contains("cannot be replayed") && texts(&g).contains("m999"), "{}", texts(&g));
        // Another topology.
        let mut other = win.clone();
        other.topology = Topology::complete(Topology::specs(&[5; 5]), Discipline::Fifo, Unit::Balance).unwrap();
        assert!(texts(&wrong(&ex, &Answer::Lab(other))).contains("different topology"));
        // The setup undone.
        let mut undone = win.clone();
        undone.actions.remove(ex.scenario.actions.len() - 1);
        assert!(texts(&wrong(&ex, &Answer::Lab(undone))).contains("does not start with the exercise's"));
        // Scrubbed back to the start: graded at the cursor, where S1 is not complete.
        let mut scrubbed = win.clone();
        scrubbed.view.cursor = Some(ex.scenario.actions.len() as u32);
        assert!(texts(&wrong(&ex, &Answer::Lab(scrubbed))).contains("not complete"));
        // The cursor at the end is the same as none.
        let mut at_end = win.clone();
        at_end.view.cursor = Some(win.actions.len() as u32);
        assert!(grade(&ex, &Answer::Lab(at_end)).correct);
    }
}

/// P2 has started S1 on two processes; the goal: P1 → P2 records exactly one message.
fn two_process_send_goal() -> Exercise {
    let t = Topology::complete(Topology::specs(&[1000, 2000]), Discipline::Fifo, Unit::Balance).unwrap();
    let mut scenario = Scenario::new(t, 0);
    scenario.actions.push(Action::Snapshot { process: 1 });
    Exercise {
        kind: Kind::SendGoal,
        level: 1,
        seed: 0,
        scenario,
        prompt: String::new(),
        task: Task::SendGoal { snapshot: 1, channel: Channel { from: 0, to: 1 }, count: 1 },
    }
}

fn lab(ex: &Exercise, actions: &[Action]) -> Scenario {
    let mut s = ex.scenario.clone();
    s.actions.extend_from_slice(actions);
    s
}

const M1: MessageRef = MessageRef::App { number: 1 };
const M2: MessageRef = MessageRef::App { number: 2 };
fn marker(from: usize, to: usize) -> MessageRef {
    MessageRef::Marker { snapshot: 1, channel: Channel { from, to } }
}
fn deliver(message: MessageRef) -> Action {
    Action::Deliver { message }
}
fn send(from: usize, to: usize, amount: i64) -> Action {
    Action::Send { from, to, amount }
}

#[test]
fn send_goal_hand_checked() {
    let ex = two_process_send_goal();
    // Events: #1 P2 records, #2 marker to P1 (message 0), #3 P2 records P1 → P2.
    // Win: #4 P1 sends m1 (message 1), #5 P2 receives it while recording P1 → P2.
    let win = lab(&ex, &[send(0, 1, 100), deliver(M1), deliver(marker(1, 0)), deliver(marker(0, 1))]);
    let g = grade(&ex, &Answer::Lab(win));
    assert!(g.correct, "{}", texts(&g));
    assert_eq!(
        g.feedback[0].text,
        "Right: P1 → P2 recorded 1 message (m1) in S1: P1 sent it before recording its state, and P2 received it \
         after recording its own."
    );
    assert_eq!(g.feedback[0].event, Some(5));

    // Lose: P1 records first (#4 marker, #5 record, #6 P2 → P1 empty, #7 marker to P2 = message 1),
    // then sends m1 (#8, message 2): FIFO keeps it behind the marker.
    let late = lab(&ex, &[deliver(marker(1, 0)), send(0, 1, 100), deliver(marker(0, 1)), deliver(M1)]);
    let g = wrong(&ex, &Answer::Lab(late.clone()));
    assert_eq!(
        g.feedback[0].text,
        "P1 → P2 recorded nothing in S1, but the goal is exactly 1 message. A message is recorded on P1 → P2 when \
         P1 sends it before recording its state and P2 receives it after recording its own."
    );
    assert_eq!((g.feedback[0].event, g.feedback[0].rule), (Some(10), Some(Rule::LaterMarker)));
    assert_eq!(g.feedback.len(), 2);
    assert_eq!(
        g.feedback[1],
        Feedback {
            text: "m1 was not recorded on P1 → P2: P1 sent it at event #8, after recording its state for S1 at event \
                   #5, so FIFO kept it behind the marker on P1 → P2."
                .to_string(),
            event: Some(5),
            rule: Some(Rule::FirstMarker),
            message: Some(2),
        }
    );
    assert_points(&log_of(&late), &g, "late");

    // Two messages recorded (#6 and #7).
    let two = lab(
        &ex,
        &[send(0, 1, 100), send(0, 1, 50), deliver(M1), deliver(M2), deliver(marker(1, 0)), deliver(marker(0, 1))],
    );
    let g = wrong(&ex, &Answer::Lab(two));
    assert!(g.feedback[0].text.starts_with("P1 → P2 recorded [m1, m2] in S1, but the goal is exactly 1 message."));
    assert_eq!(g.feedback.len(), 3);
    assert!(g.feedback[1].text.starts_with("m1 was recorded on P1 → P2: P2 received it (event #6) after recording"));
    assert_eq!(g.feedback[1].rule, Some(Rule::ReceiveRecorded));

    // Not complete yet: P1 has not recorded, P2 still records P1 → P2.
    let g = wrong(&ex, &Answer::Lab(lab(&ex, &[send(0, 1, 100), deliver(M1)])));
    assert_eq!(
        texts(&g),
        "S1 is not complete yet: P1 has not recorded its state, and markers are still awaited on P1 → P2. Deliver \
         the markers in flight to finish it."
    );
    assert_eq!(g.feedback[0].rule, Some(Rule::Complete));

    // m1 in flight on P1 → P2 before P2 starts S1: P2 has recorded, so m1 is recorded when it arrives.
    let mut early = ex.clone();
    early.scenario.actions = vec![send(0, 1, 100), Action::Snapshot { process: 1 }];
    let g = grade(&early, &Answer::Lab(lab(&early, &[deliver(M1), deliver(marker(1, 0)), deliver(marker(0, 1))])));
    assert!(g.correct, "{}", texts(&g));
}

// ---------------------------------------------------------------------------------------
// Kind 5: order the deliveries

fn random_deliveries(ex: &Exercise, rng: &mut Rng) -> Scenario {
    let mut s = ex.scenario.clone();
    let mut w = s.replay().world;
    loop {
        let options = w.deliverable();
        if options.is_empty() {
            return s;
        }
        let action = Action::Deliver { message: options[rng.below(options.len())] };
        w.apply(&action).expect("deliverable");
        s.actions.push(action);
    }
}

#[test]
fn order_markers_both_outcomes_are_reachable_by_deliveries_and_the_grade_agrees() {
    let mut rng = Rng::new(7);
    let mut asked = [0; 2];
    each(Kind::OrderMarkers, |ex| {
        let what = format!("L{} seed {}", ex.level, ex.seed);
        let Task::OrderMarkers { snapshot, channel, empty } = ex.task else { unreachable!() };
        assert_eq!(snapshot, 1);
        asked[usize::from(empty)] += 1;
        let start = ex.scenario.replay().world;
        assert!(!start.snapshots()[0].complete, "{what}");
        let cid = start.topology().channel_id(channel.from, channel.to).unwrap();
        let (mut won, mut lost) = (false, false);
        for _ in 0..400 {
            if won && lost {
                break;
            }
            let run = random_deliveries(ex, &mut rng);
            let w = run.replay().world;
            assert!(w.snapshots()[0].complete);
            let recorded = w.snapshots()[0].channel_messages[cid].clone();
            let g = grade(ex, &Answer::Lab(run));
            assert_eq!(g.correct, recorded.is_empty() == empty, "{what}: the grade disagrees with the core");
            if g.correct {
                won = true;
                continue;
            }
            if lost {
                continue;
            }
            lost = true;
            let all = texts(&g);
            assert!(all.contains(&chan(channel)), "{what}: {all}");
            assert_points(w.log(), &g, &what);
            if empty {
                // Each recorded message is named, at its receive, by the recording rule.
                for m in &recorded {
                    let f = g.feedback.iter().find(|f| f.message == Some(m.id)).expect("explained");
                    assert!(f.text.starts_with(&format!("{m} was recorded on {}", chan(channel))), "{}", f.text);
                    assert_eq!(f.rule, Some(Rule::ReceiveRecorded));
                }
            } else {
                assert!(all.contains("recorded nothing in S1"), "{what}: {all}");
                assert!(g.feedback.iter().skip(1).all(|f| f.rule.is_some()), "{what}: {all}");
            }
        }
        assert!(won && lost, "{what}: won {won}, lost {lost}");
        // Sending anything is not an answer.
        let Answer::Lab(mut s) = solve(ex) else { unreachable!() };
        s.actions.insert(ex.scenario.actions.len(), Action::Internal { process: 0, delta: 1 });
        assert!(texts(&wrong(ex, &Answer::Lab(s))).contains("Only deliveries count"), "{what}");
    });
    assert!(asked[0] > 200 && asked[1] > 200, "both outcomes asked for: {asked:?}");
}

#[test]
fn order_markers_hand_checked() {
    // P1 sends m1 (message 0) to P2; P3 starts S1: #1 m1 sent, #2 P3 records, #3 marker to P1
    // (message 1), #4 marker to P2 (message 2), #5 and #6 P3 records its incoming channels.
    let t = Topology::complete(Topology::specs(&[100, 100, 100]), Discipline::Fifo, Unit::Balance).unwrap();
    let mut scenario = Scenario::new(t, 0);
    scenario.actions = vec![send(0, 1, 20), Action::Snapshot { process: 2 }];
    let make = |empty| Exercise {
        kind: Kind::OrderMarkers,
        level: 1,
        seed: 0,
        scenario: scenario.clone(),
        prompt: String::new(),
        task: Task::OrderMarkers { snapshot: 1, channel: Channel { from: 0, to: 1 }, empty },
    };
    let (want_empty, want_some) = (make(true), make(false));
    let finish = |ex: &Exercise, first: &[Action]| {
        let mut s = lab(ex, first);
        let mut w = s.replay().world;
        s.run_until(&mut w, snapshot_lab::sim::Until::Quiescent, 100);
        s
    };
    // P2 records first (#7 marker from P3, #8 record), then m1 arrives while P1 → P2 is recorded.
    let recorded = finish(&want_some, &[deliver(marker(2, 1)), deliver(M1)]);
    let g = grade(&want_some, &Answer::Lab(recorded.clone()));
    assert!(g.correct, "{}", texts(&g));
    assert!(g.feedback[0].text.starts_with("Right: P1 → P2 recorded 1 message (m1) in S1"), "{}", texts(&g));
    let g = wrong(&want_empty, &Answer::Lab(recorded.clone()));
    assert!(g.feedback[0].text.starts_with("P1 → P2 recorded [m1] in S1, but the task asks for an empty recording"));
    assert_eq!(g.feedback.len(), 2, "{}", texts(&g));
    let log = log_of(&recorded);
    let receive = log.events.iter().find(|e| e.kind_id() == "receive" && e.rule == Rule::ReceiveRecorded).unwrap();
    assert_eq!((g.feedback[1].event, g.feedback[1].message), (Some(receive.seq), Some(0)));
    assert!(g.feedback[1].text.starts_with(&format!(
        "m1 was recorded on P1 → P2: P2 received it (event #{}) after recording its state for S1 (event #8)",
        receive.seq
    )));

    // m1 first: it joins P2's state (#7), so the recording stays empty.
    let state = finish(&want_empty, &[deliver(M1)]);
    assert!(grade(&want_empty, &Answer::Lab(state.clone())).correct);
    let g = wrong(&want_some, &Answer::Lab(state));
    assert!(g.feedback[0].text.starts_with("P1 → P2 recorded nothing in S1, but the task asks for at least one"));
    let f = g.feedback.iter().find(|f| f.message == Some(0)).unwrap();
    assert!(f
        .text
        .starts_with("m1 was not recorded on P1 → P2: P2 received it at event #7 before recording its state"));
    assert_eq!((f.event, f.rule), (Some(7), Some(Rule::Receive)));

    // A send is not a delivery.
    let g = wrong(&want_some, &Answer::Lab(lab(&want_some, &[send(0, 1, 5)])));
    assert!(texts(&g).starts_with("Only deliveries count in this exercise, but action 3 (send 5 from P1 to P2)"));
}

// ---------------------------------------------------------------------------------------
// Kind 2: predict the recording

#[test]
fn predict_solution_is_the_oldest_first_continuation_and_wrong_answers_are_explained() {
    each(Kind::Predict, |ex| {
        let what = format!("L{} seed {}", ex.level, ex.seed);
        let Task::Predict { snapshot, solution } = &ex.task else { unreachable!() };
        assert_eq!(*snapshot, 1);
        // The solution continues the shown run, delivering the oldest message in flight each time.
        let shown = ex.scenario.replay().world;
        let pause = shown.events().len() as u32;
        assert!(!shown.snapshots()[0].complete, "{what}: paused mid-snapshot");
        assert!(shown.snapshots()[0].recorded.iter().any(Option::is_none), "{what}: someone still to record");
        assert_eq!(solution.actions[..ex.scenario.actions.len()], ex.scenario.actions[..]);
        let mut w = shown.clone();
        for action in &solution.actions[ex.scenario.actions.len()..] {
            let in_flight: Vec<&Message> = (0..w.topology().channels().len()).flat_map(|c| w.in_flight(c)).collect();
            let oldest = in_flight.iter().min_by_key(|m| m.id).expect("something in flight");
            assert_eq!(*action, Action::Deliver { message: w.message_ref(oldest) }, "{what}");
            w.apply(action).unwrap();
        }
        assert!(w.is_quiescent() && w.snapshots()[0].complete, "{what}");
        let log = w.log();
        let fresh = log.events.iter().filter(|e| e.seq > pause && e.rule == Rule::ReceiveRecorded).count();
        assert!(fresh > 0, "{what}: some application message is recorded after the pause");

        let Answer::Predict { states, channels } = solve(ex) else { unreachable!() };
        // A wrong state: named, with both numbers, at its record-state event.
        for p in 0..states.len() {
            let mut bad = states.clone();
            let right = bad[p].unwrap();
            bad[p] = Some(right + 10);
            let g = wrong(ex, &Answer::Predict { states: bad, channels: channels.clone() });
            assert_eq!(g.feedback.len(), 1, "{what}: {}", texts(&g));
            let f = &g.feedback[0];
            assert!(f.text.starts_with(&format!("P{} recorded {right}, not {}", p + 1, right + 10)), "{}", f.text);
            let e = &log.events[f.event.unwrap() as usize - 1];
            assert!(matches!(e.kind, EventKind::RecordState { snapshot: 1, .. }) && e.process == p, "{what}");
            assert_points(log, &g, &what);
        }
        // A recorded message left out, and a message that was not recorded added.
        let (cid, recorded) = channels.iter().enumerate().find(|(_, c)| !c.is_empty()).expect("a recording");
        let left_out = recorded[0];
        let mut bad = channels.clone();
        bad[cid].retain(|&id| id != left_out);
        let g = wrong(ex, &Answer::Predict { states: states.clone(), channels: bad });
        let m = message(log, left_out);
        assert_eq!(g.feedback.len(), 1);
        assert!(g.feedback[0].text.starts_with(&format!("{m} was recorded on {}", chan(m.channel))), "{}", texts(&g));
        assert_eq!((g.feedback[0].rule, g.feedback[0].message), (Some(Rule::ReceiveRecorded), Some(left_out)));
        assert_points(log, &g, &what);
        let stray = log
            .events
            .iter()
            .filter_map(|e| e.message())
            .find(|m| !m.is_marker() && !channels.iter().flatten().any(|&id| id == m.id));
        if let Some(stray) = stray {
            let mut bad = channels.clone();
            let on = ex.scenario.topology.channel_id(stray.channel.from, stray.channel.to).unwrap();
            bad[on].push(stray.id);
            let g = wrong(ex, &Answer::Predict { states: states.clone(), channels: bad });
            assert!(g.feedback[0].text.starts_with(&format!("{stray} was not recorded")), "{}", texts(&g));
            assert_points(log, &g, &what);
        }
        // Blanks.
        let g = wrong(ex, &Answer::Predict { states: vec![None; states.len()], channels: channels.clone() });
        assert_eq!(g.feedback.len(), states.len());
        assert!(g.feedback.iter().all(|f| f.text.contains("blank")));
    });
}

#[test]
fn predict_hand_checked() {
    // P2 sends m1 (10) to P1 (#1); P1 starts S1 (#2 records 1000, #3 marker = message 1, #4 records
    // P2 → P1); P2 sends m2 (20) (#5). Oldest first: m1 (#6, recorded), the marker to P2 (#7, P2
    // records 470 at #8, #9, its marker at #10), m2 (#11, recorded), the marker to P1 (#12, #13), #14.
    let t = Topology::complete(Topology::specs(&[1000, 500]), Discipline::Fifo, Unit::Balance).unwrap();
    let mut scenario = Scenario::new(t, 0);
    scenario.actions = vec![send(1, 0, 10), Action::Snapshot { process: 0 }, send(1, 0, 20)];
    let mut solution = scenario.clone();
    solution.actions.extend([deliver(M1), deliver(marker(0, 1)), deliver(M2), deliver(marker(1, 0))]);
    let ex = Exercise {
        kind: Kind::Predict,
        level: 1,
        seed: 0,
        scenario,
        prompt: String::new(),
        task: Task::Predict { snapshot: 1, solution },
    };
    assert_eq!(solve(&ex), Answer::Predict { states: vec![Some(1000), Some(470)], channels: vec![vec![], vec![0, 2]] });
    let g = grade(&ex, &Answer::Predict { states: vec![Some(1000), Some(470)], channels: vec![vec![], vec![2, 0]] });
    assert!(g.correct, "any order");
    assert_eq!(
        g.feedback[0].text,
        "Right: you followed S1 to the end: every recorded state matches, and the channels recorded m1 and m2 in \
         transit."
    );

    let g = wrong(&ex, &Answer::Predict { states: vec![Some(1030), Some(500)], channels: vec![vec![1], vec![0]] });
    type Item<'a> = (&'a str, Option<u32>, Option<Rule>, Option<u32>);
    let items: Vec<Item> = g.feedback.iter().map(|f| (f.text.as_str(), f.event, f.rule, f.message)).collect();
    assert_eq!(
        items,
        [
            (
                "P1 recorded 1000, not 1030: it had already recorded its state for S1 at event #2, before the pause \
                 (the lab shows it).",
                Some(2),
                Some(Rule::Initiate),
                None
            ),
            (
                "P2 recorded 470, not 500: it had 470 when the run paused, and it records its state at event #8 (its \
                 first marker of S1 came on P1 → P2).",
                Some(8),
                Some(Rule::FirstMarker),
                None
            ),
            (
                "The marker of S1 on P1 → P2 is not an application message: channels record application messages \
                 only.",
                None,
                Some(Rule::LaterMarker),
                Some(1)
            ),
            (
                "m2 was recorded on P2 → P1: P1 received it (event #11) after recording its state for S1 (event #2) \
                 and before the marker from P2 arrived (event #13).",
                Some(11),
                Some(Rule::ReceiveRecorded),
                Some(2)
            ),
        ]
    );
    // Wrong lengths and unknown ids are wrong, not a panic.
    let g = wrong(&ex, &Answer::Predict { states: vec![Some(1000)], channels: vec![vec![0, 2, 99]] });
    assert!(g.feedback[0].text.starts_with("The answer needs 2 recorded states (one per process) and 2 channel"));
    assert!(texts(&g).contains("P2's recorded state is blank"));
    assert!(texts(&g).contains("A message picked for P1 → P2 is not in this run"));
}

#[test]
fn predict_names_the_message_that_arrived_before_or_after_the_recording() {
    // P1 sends m1 (50) to P2; P3 starts S1. Oldest first: m1 reaches P2 (#7) before its first
    // marker, so P2 records 550.
    let t = Topology::complete(Topology::specs(&[1000, 500, 800]), Discipline::Fifo, Unit::Balance).unwrap();
    let mut scenario = Scenario::new(t, 0);
    scenario.actions = vec![send(0, 1, 50), Action::Snapshot { process: 2 }];
    let mut solution = scenario.clone();
    let mut w = solution.replay().world;
    while let Some(m) =
        (0..w.topology().channels().len()).filter_map(|c| w.in_flight(c).next().copied()).min_by_key(|m| m.id)
    {
        let a = Action::Deliver { message: w.message_ref(&m) };
        w.apply(&a).unwrap();
        solution.actions.push(a);
    }
    let ex = Exercise {
        kind: Kind::Predict,
        level: 2,
        seed: 0,
        scenario,
        prompt: String::new(),
        task: Task::Predict { snapshot: 1, solution },
    };
    let Answer::Predict { mut states, channels } = solve(&ex) else { unreachable!() };
    assert_eq!(states, [Some(950), Some(550), Some(800)]);
    states[1] = Some(500);
    let g = wrong(&ex, &Answer::Predict { states, channels });
    let record = w.log().events.iter().find(|e| e.process == 1 && e.kind_id() == "record-state").unwrap().seq;
    assert_eq!(
        g.feedback[0].text,
        format!(
            "P2 recorded 550, not 500: it had 500 when the run paused, and it records its state at event #{record} \
             (its first marker of S1 came on P3 → P2), after it received m1 (+50)."
        )
    );
    assert_eq!(g.feedback[0].message, Some(0), "m1 is the message left out");
}

// ---------------------------------------------------------------------------------------
// Kind 3: which cut?

#[test]
fn which_cut_wrong_positions_are_explained_per_process() {
    each(Kind::WhichCut, |ex| {
        let what = format!("L{} seed {}", ex.level, ex.seed);
        let Task::WhichCut { snapshot } = ex.task else { unreachable!() };
        let w = ex.scenario.replay().world;
        assert!(w.is_quiescent(), "{what}: a finished run");
        let snaps = assemble(w.log());
        assert_eq!(snaps.len(), if ex.level == 3 { 2 } else { 1 }, "{what}");
        assert!(snaps.iter().all(|s| s.complete), "{what}");
        let truth = snaps[snapshot as usize - 1].cut().unwrap();
        assert_eq!(solve(ex), Answer::Cut(truth.clone()));
        let counts = w.log().event_counts();
        for p in 0..truth.len() {
            // Just after the record-state event is the same recorded state: right too.
            let mut after = truth.clone();
            after[p] += 1;
            assert!(grade(ex, &Answer::Cut(after)).correct, "{what}: P{} just after recording", p + 1);
            for (delta, word) in [(-1i64, "too early"), (2, "too late")] {
                let Some(g) = truth[p].checked_add_signed(delta as isize).filter(|&g| g <= counts[p]) else {
                    continue;
                };
                let mut cut = truth.clone();
                cut[p] = g;
                let grade = wrong(ex, &Answer::Cut(cut));
                let f = grade.feedback.last().unwrap();
                assert!(f.text.starts_with(&format!("P{} records its state for S{snapshot} at event #", p + 1)));
                assert!(f.text.contains(word), "{what}: {}", f.text);
                let e = &w.log().events[f.event.unwrap() as usize - 1];
                assert!(
                    e.process == p && matches!(e.kind, EventKind::RecordState { snapshot: s, .. } if s == snapshot),
                    "{what}"
                );
                assert_eq!(e.index as usize, truth[p], "{what}: the cut crosses just before the record-state event");
            }
        }
        if snaps.len() == 2 {
            let other = snaps[2 - snapshot as usize].cut().unwrap();
            assert_ne!(other, truth, "{what}: the two cuts differ");
            let g = wrong(ex, &Answer::Cut(other));
            assert_eq!(g.feedback[0].text, format!("That is the cut of S{}, not of S{snapshot}.", 3 - snapshot));
        }
    });
}

#[test]
fn which_cut_hand_checked() {
    // #1 P1 sends m1, #2 P2 receives it, #3-#5 P1 starts S1, #6 P2 sends m2, #7-#10 P2's first
    // marker and its recording, #11 P1 receives m2 (recorded), #12-#14 the end.
    let t = Topology::complete(Topology::specs(&[100, 100]), Discipline::Fifo, Unit::Balance).unwrap();
    let mut scenario = Scenario::new(t, 0);
    scenario.actions = vec![
        send(0, 1, 10),
        deliver(M1),
        Action::Snapshot { process: 0 },
        send(1, 0, 20),
        deliver(marker(0, 1)),
        deliver(M2),
        deliver(marker(1, 0)),
    ];
    let ex = Exercise {
        kind: Kind::WhichCut,
        level: 1,
        seed: 0,
        scenario,
        prompt: String::new(),
        task: Task::WhichCut { snapshot: 1 },
    };
    assert_eq!(solve(&ex), Answer::Cut(vec![1, 3]));
    assert!(grade(&ex, &Answer::Cut(vec![1, 3])).correct);
    // After #3 (P1 records its state) and after #8 (P2 records): the same recorded states.
    assert!(grade(&ex, &Answer::Cut(vec![2, 4])).correct);
    assert!(grade(&ex, &Answer::Cut(vec![2, 3])).correct);
    let g = wrong(&ex, &Answer::Cut(vec![2, 1]));
    assert_eq!(g.feedback.len(), 1, "{}", texts(&g));
    assert_eq!(
        g.feedback[0].text,
        "P2 records its state for S1 at event #8 (its first marker of S1 came on P1 → P2); the cut crosses P2's \
         line just before that event, with P2's first 3 events inside. Your cut is too early there: it leaves out \
         event #6 (P2 sends m2 (20) to P1), which comes before the recording."
    );
    assert_eq!((g.feedback[0].event, g.feedback[0].rule), (Some(8), Some(Rule::FirstMarker)));
    let g = wrong(&ex, &Answer::Cut(vec![1, 99, 4]));
    assert_eq!(g.feedback[0].text, "A cut needs one position per process (2), not 3.");
    assert!(g.feedback[1].text.ends_with("P2 has only 6 events."), "{}", texts(&g));
    let g = wrong(&ex, &Answer::Cut(vec![]));
    assert!(texts(&g).contains("Your cut has no position for P1"));
}

// ---------------------------------------------------------------------------------------
// Kind 4: is this cut consistent?

#[test]
fn is_consistent_verdicts_and_orphans() {
    for level in 1..=LEVELS {
        let (mut consistent, mut inconsistent) = (0, 0);
        for seed in 0..SEEDS {
            let ex = generate(Kind::IsConsistent, level, seed);
            let what = format!("L{level} seed {seed}");
            let Task::IsConsistent { cut } = &ex.task else { unreachable!() };
            let log = log_of(&ex.scenario);
            assert!(ex.scenario.replay().world.is_quiescent(), "{what}: a finished run");
            let report = check_cut(&log, cut).expect("a valid cut");
            let inside = |e: &snapshot_lab::sim::Event| (e.index as usize) < cut[e.process];
            if report.is_consistent() {
                consistent += 1;
                let g = wrong(&ex, &Answer::Consistent { consistent: false, orphan: None });
                assert!(g.feedback[0].text.starts_with("This cut is consistent: every message received before"));
                // Naming a message that is not an orphan says why.
                let some = log.events.iter().find_map(|e| e.message().filter(|m| !m.is_marker())).unwrap();
                let g = wrong(&ex, &Answer::Consistent { consistent: false, orphan: Some(some.id) });
                assert!(g.feedback[1].text.starts_with(&format!("{some} is not an orphan message")), "{}", texts(&g));
                assert_eq!(g.feedback[1].message, Some(some.id));
                assert_points(&log, &g, &what);
                assert!(grade(&ex, &Answer::Consistent { consistent: true, orphan: Some(some.id) }).correct);
            } else {
                inconsistent += 1;
                for answer in [
                    Answer::Consistent { consistent: true, orphan: None },
                    Answer::Consistent { consistent: false, orphan: None },
                ] {
                    let g = wrong(&ex, &answer);
                    let f = g.feedback.iter().find(|f| f.message.is_some()).expect("an orphan is named");
                    let m = message(&log, f.message.unwrap());
                    assert!(report.orphans.contains(&m), "{what}");
                    assert!(f.text.starts_with(&format!("{m} is an orphan message")), "{}", f.text);
                    let receive = &log.events[f.event.unwrap() as usize - 1];
                    assert!(matches!(&receive.kind, EventKind::Receive { message, .. } if message.id == m.id));
                    assert!(inside(receive), "{what}: the receive is before the cut");
                    assert_points(&log, &g, &what);
                }
                for o in &report.orphans {
                    assert!(grade(&ex, &Answer::Consistent { consistent: false, orphan: Some(o.id) }).correct);
                }
                // A message that is not an orphan.
                let not = log
                    .events
                    .iter()
                    .filter_map(|e| e.message())
                    .find(|m| !m.is_marker() && !report.orphans.contains(m));
                if let Some(not) = not {
                    let g = wrong(&ex, &Answer::Consistent { consistent: false, orphan: Some(not.id) });
                    assert!(g.feedback[0].text.starts_with(&format!("{not} is not an orphan message")));
                }
            }
        }
        assert!(consistent > 100 && inconsistent > 100, "L{level}: {consistent} consistent, {inconsistent} not");
    }
}

#[test]
fn is_consistent_hand_checked() {
    // #1 P1 sends m1, #2 P2 receives it, #3 P2 sends m2, #4 P1 receives it.
    let t = Topology::complete(Topology::specs(&[100, 100]), Discipline::Fifo, Unit::Balance).unwrap();
    let mut scenario = Scenario::new(t, 0);
    scenario.actions = vec![send(0, 1, 10), deliver(M1), send(1, 0, 20), deliver(M2)];
    let make = |cut: Vec<usize>| Exercise {
        kind: Kind::IsConsistent,
        level: 1,
        seed: 0,
        scenario: scenario.clone(),
        prompt: String::new(),
        task: Task::IsConsistent { cut },
    };
    let orphan = make(vec![0, 1]);
    let g = wrong(&orphan, &Answer::Consistent { consistent: true, orphan: None });
    assert_eq!(
        g.feedback,
        [Feedback {
            text: "m1 is an orphan message: P1 sends it (event #1), after the cut on P1's line, but P2 receives it \
                   (event #2), before the cut on P2's line: the cut holds its receive without its send."
                .to_string(),
            event: Some(2),
            rule: Some(Rule::Receive),
            message: Some(0),
        }]
    );
    let g = wrong(&orphan, &Answer::Consistent { consistent: false, orphan: Some(1) });
    assert_eq!(
        g.feedback[0].text,
        "m2 is not an orphan message: it is sent after the cut and received after it too (send (event #3), \
         receive (event #4))."
    );
    let g = grade(&orphan, &Answer::Consistent { consistent: false, orphan: Some(0) });
    assert!(g.correct && g.feedback[0].text.starts_with("Right: the cut is inconsistent. m1 is an orphan message"));

    let transit = make(vec![1, 0]);
    let g = grade(&transit, &Answer::Consistent { consistent: true, orphan: None });
    assert_eq!(
        texts(&g),
        "Right: the cut is consistent: every message received before the cut was also sent before it; m1 is in \
         transit across it, which is allowed."
    );
    let g = wrong(&transit, &Answer::Consistent { consistent: false, orphan: Some(0) });
    assert_eq!(
        g.feedback[1].text,
        "m1 is not an orphan message: it is sent before the cut and received after it: it is in transit across the \
         cut, which is allowed (send (event #1), receive (event #2))."
    );
    let g = wrong(&transit, &Answer::Consistent { consistent: false, orphan: Some(77) });
    assert_eq!(g.feedback[1].text, "The message picked is not in this run.");
}

// ---------------------------------------------------------------------------------------
// Kind 6: count the markers

#[test]
fn count_is_the_number_of_channels_and_wrong_counts_are_explained() {
    each(Kind::Count, |ex| {
        let what = format!("L{} seed {}", ex.level, ex.seed);
        let t = &ex.scenario.topology;
        assert!(ex.scenario.actions.is_empty());
        assert_eq!(t.is_complete(), ex.level == 1, "{what}");
        // Run one snapshot to the end: it sends exactly the answer's number of markers.
        let mut s = ex.scenario.clone();
        s.actions.push(Action::Snapshot { process: (ex.seed % t.process_count() as u64) as usize });
        let mut w = s.replay().world;
        s.run_until(&mut w, snapshot_lab::sim::Until::Quiescent, 1000);
        let markers = assemble(w.log())[0].markers_sent;
        assert_eq!(solve(ex), Answer::Count(markers), "{what}");
        let n = t.process_count();
        for k in [markers - 1, markers + 1, n - 1, n, n * (n - 1), 0] {
            if k == markers {
                continue;
            }
            let g = wrong(ex, &Answer::Count(k));
            for p in 0..n {
                assert!(
                    g.feedback[0].text.contains(&format!("P{} has {}", p + 1, t.outgoing(p).len())),
                    "{what}: {}",
                    g.feedback[0].text
                );
            }
            assert!(g.feedback[0].text.contains(&format!("That is {markers} markers in all, not {k}")));
            if k == n * (n - 1) {
                assert!(texts(&g).contains("counts a channel each way between every pair"), "{what}: {}", texts(&g));
            }
        }
    });
}

#[test]
fn count_hand_checked() {
    let ring = |extra: &[Channel]| {
        let mut channels: Vec<Channel> = (0..4).map(|p| Channel { from: p, to: (p + 1) % 4 }).collect();
        channels.extend_from_slice(extra);
        let t = Topology::new(Topology::specs(&[1; 4]), channels, Discipline::Fifo, Unit::Balance).unwrap();
        Exercise {
            kind: Kind::Count,
            level: 2,
            seed: 0,
            scenario: Scenario::new(t, 0),
            prompt: String::new(),
            task: Task::Count,
        }
    };
    let ex = ring(&[Channel { from: 0, to: 2 }]);
    assert!(grade(&ex, &Answer::Count(5)).correct);
    let g = wrong(&ex, &Answer::Count(12));
    assert_eq!(
        texts(&g),
        "Each process sends one marker on each of its outgoing channels, once per snapshot: P1 has 2, P2 has 1, P3 \
         has 1 and P4 has 1. That is 5 markers in all, not 12. | n(n−1) = 12 counts a channel each way between \
         every pair of processes, but this topology has only 5 channels."
    );
    assert!(texts(&wrong(&ex, &Answer::Count(3))).contains("3 = N−1 is what one process sends on a complete graph"));
    assert!(texts(&wrong(&ex, &Answer::Count(4))).contains("4 is the number of processes"));
    let complete = Exercise {
        scenario: Scenario::new(
            Topology::complete(Topology::specs(&[1; 3]), Discipline::Fifo, Unit::Balance).unwrap(),
            0,
        ),
        ..ex
    };
    assert_eq!(
        texts(&grade(&complete, &Answer::Count(6))),
        "Right: one marker per channel: each process sends a marker on each of its outgoing channels exactly once, \
         6 in all (n(n−1) = 3 × 2 on a complete graph)."
    );
}

/// The two wrong counts the notes lead to (issue 21): (n−1)², seed 000's rule (no marker back to
/// the first marker's sender), and n(n−1)/2, each pair counted once. Each is explained, and the
/// (n−1)² is what the core really sends under that rule.
#[test]
fn count_explains_seed_000s_n_minus_1_squared_and_the_pairs_n_n_minus_1_over_2() {
    use snapshot_lab::sim::MarkerRule;
    for n in 3..=6usize {
        let t = Topology::complete(Topology::specs(&vec![1; n]), Discipline::Fifo, Unit::Balance).unwrap();
        let ex = Exercise {
            kind: Kind::Count,
            level: 1,
            seed: 0,
            scenario: Scenario::new(t.clone(), 0),
            prompt: String::new(),
            task: Task::Count,
        };
        let squared = (n - 1) * (n - 1);
        let g = texts(&wrong(&ex, &Answer::Count(squared)));
        assert!(g.contains(&format!("That is {} markers in all, not {squared}", n * (n - 1))), "{g}");
        assert!(g.contains(&format!("(n−1)² = {squared} is what seed 000's wording gives")), "{g}");
        assert!(g.contains("the snapshot never completes"), "{g}");
        // The core under seed 000's rule sends exactly that many.
        let mut s = Scenario::new(t.clone().with_markers(MarkerRule::SkipSender), 0);
        s.actions.push(Action::Snapshot { process: 0 });
        let mut w = s.replay().world;
        s.run_until(&mut w, snapshot_lab::sim::Until::Quiescent, 1000);
        let sent = assemble(w.log())[0].markers_sent;
        assert_eq!(sent, squared, "n = {n}");
        let pairs = n * (n - 1) / 2;
        let g = texts(&wrong(&ex, &Answer::Count(pairs)));
        assert!(g.contains(&format!("n(n−1)/2 = {pairs} counts each pair of processes once")), "{g}");
        assert!(g.contains("each channel carries its own marker"), "{g}");
        assert!(!g.contains("seed 000"), "{g}");
        // Other wrong answers say neither.
        let g = texts(&wrong(&ex, &Answer::Count(n * (n - 1) + 1)));
        assert!(!g.contains("seed 000") && !g.contains("each pair of processes once"), "{g}");
    }
}

// ---------------------------------------------------------------------------------------
// Garbage

#[test]
fn grade_never_panics_on_garbage() {
    let mut rng = Rng::new(99);
    for kind in Kind::ALL {
        for level in 1..=LEVELS {
            for seed in 0..25 {
                let ex = generate(kind, level, seed);
                let right = solve(&ex);
                let mut refused = ex.scenario.clone();
                refused.actions.push(Action::Send { from: 0, to: 1, amount: -5 });
                let mut unknown = ex.scenario.clone();
                unknown.actions.push(Action::Join { process: 40, snapshot: 9 });
                let mut cursor_beyond = ex.scenario.clone();
                cursor_beyond.view.cursor = Some(u32::MAX);
                let answers = vec![
                    Answer::Lab(common::any_scenario(&mut rng, 30)),
                    Answer::Lab(refused),
                    Answer::Lab(unknown),
                    Answer::Lab(cursor_beyond),
                    Answer::Lab(Scenario::new(ex.scenario.topology.clone(), 0)),
                    Answer::Predict { states: vec![], channels: vec![] },
                    Answer::Predict { states: vec![Some(i64::MAX); 9], channels: vec![vec![u32::MAX, 0, 0]; 40] },
                    Answer::Predict { states: vec![Some(i64::MIN)], channels: vec![vec![]; 1] },
                    Answer::Cut(vec![]),
                    Answer::Cut(vec![usize::MAX; 7]),
                    Answer::Cut(vec![0; ex.scenario.topology.process_count()]),
                    Answer::Consistent { consistent: false, orphan: Some(u32::MAX) },
                    Answer::Consistent { consistent: true, orphan: Some(u32::MAX) },
                    Answer::Count(0),
                    Answer::Count(usize::MAX),
                ];
                for answer in answers {
                    let g = grade(&ex, &answer);
                    assert!(!g.feedback.is_empty() && g.feedback.iter().all(|f| !f.text.is_empty()));
                    let same_shape = std::mem::discriminant(&answer) == std::mem::discriminant(&right);
                    if !same_shape {
                        assert!(!g.correct);
                        assert!(g.feedback[0].text.starts_with("This answer does not fit the exercise"));
                    }
                    if let (Answer::Lab(s), true) = (&answer, same_shape) {
                        if s.topology != ex.scenario.topology {
                            assert!(!g.correct && texts(&g).contains("different topology"));
                        } else if s.actions.len() <= ex.scenario.actions.len() {
                            assert!(!g.correct, "{kind:?}: the setup alone is not an answer");
                        }
                    }
                }
            }
        }
    }
}

/// Issue 21: "Which cut?" hints on the first miss: it names exactly the processes whose line is
/// cut in the wrong place, and gives no position away; the full explanation (grade) does.
#[test]
fn which_cut_hints_name_the_processes_that_are_off_and_nothing_more() {
    use snapshot_lab::teach::exercise::hint;
    each(Kind::WhichCut, |ex| {
        let what = format!("L{} seed {}", ex.level, ex.seed);
        let Answer::Cut(truth) = solve(ex) else { panic!("a cut") };
        assert!(hint(ex, &Answer::Cut(truth.clone())).is_none(), "{what}: no hint for a right answer");
        let n = truth.len();
        // Off on one process, then on all.
        for off in [vec![n - 1], (0..n).collect::<Vec<_>>()] {
            let mut cut = truth.clone();
            for &p in &off {
                cut[p] = if truth[p] == 0 { truth[p] + 2 } else { 0 };
            }
            let full = wrong(ex, &Answer::Cut(cut.clone()));
            let h = hint(ex, &Answer::Cut(cut.clone())).expect("a hint");
            assert!(!h.correct && h.feedback.len() == 1, "{what}");
            let text = &h.feedback[0].text;
            assert!(text.starts_with("Hint: the cut is off on the line"), "{what}: {text}");
            for p in 0..n {
                let name = ex.scenario.topology.label(p).to_string();
                assert_eq!(text.contains(&name), off.contains(&p), "{what}: {name} in {text}");
            }
            assert!(
                !text.contains("at event #") && texts(&full).contains("at event #"),
                "{what}: the hint keeps the place"
            );
        }
        // A malformed answer gets no hint (the full grade says what is wrong).
        assert!(hint(ex, &Answer::Cut(vec![0])).is_none());
    });
}

/// Issue 21: a wrong "Predict the recording" answer is led by one line: how many states are
/// wrong, and what each channel misses or should not hold.
#[test]
fn predict_the_recording_summarises_a_wrong_answer_in_one_line() {
    use snapshot_lab::teach::exercise::predict_summary;
    each(Kind::Predict, |ex| {
        let what = format!("L{} seed {}", ex.level, ex.seed);
        let Answer::Predict { states, channels } = solve(ex) else { unreachable!() };
        let n = states.len();
        assert_eq!(predict_summary(ex, &Answer::Predict { states: states.clone(), channels: channels.clone() }), None);
        let blank = predict_summary(ex, &Answer::Predict { states: vec![None; n], channels: channels.clone() });
        assert_eq!(blank.as_deref(), Some(format!("{n} of {n} states wrong").as_str()), "{what}");
        // One state off, and one recorded message left out where there is one.
        let mut one = states.clone();
        one[0] = Some(one[0].unwrap_or(0) + 1);
        let mut fewer = channels.clone();
        let dropped = fewer.iter_mut().enumerate().find(|(_, c)| !c.is_empty()).map(|(i, c)| (i, c.remove(0)));
        let line = predict_summary(ex, &Answer::Predict { states: one, channels: fewer }).expect("wrong");
        assert!(line.starts_with(&format!("1 of {n} states wrong")), "{what}: {line}");
        if let Some((_, id)) = dropped {
            assert!(line.contains(&format!("misses m{}", id + 1)) || line.contains(" misses "), "{what}: {line}");
            assert_eq!(line.matches(" misses ").count(), 1, "{what}: {line}");
        }
        // The grade still explains every item.
        assert!(!grade(ex, &Answer::Predict { states: vec![None; n], channels }).correct);
    });
}
