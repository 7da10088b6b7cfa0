//! The guided lesson: every step's scenario is its text, every cut and every number the text
//! states holds when the core runs the step's scenario, and every task is done by what a
//! learner would do and not by a plausible mistake.
#![cfg(not(target_arch = "wasm32"))]

use snapshot_lab::formats::{link, text};
use snapshot_lab::sim::cut::{self, CutReport};
use snapshot_lab::sim::reach;
use snapshot_lab::sim::snapshot::{self, ChannelState, Snapshot};
use snapshot_lab::sim::{Action, Channel, Discipline, Message, MessageRef, Rule, Scenario, World};
use snapshot_lab::teach::lesson::{self, Allow, Goal, Step, Task, STEPS};

fn step(id: &str) -> &'static Step {
    &STEPS[lesson::find(id).unwrap_or_else(|| panic!("no step {id}"))]
}

/// The step's scenario, decoded from its link.
fn scenario(s: &Step) -> Scenario {
    let l = s.link.unwrap_or_else(|| panic!("{}: no link", s.id));
    link::decode(l).unwrap_or_else(|e| panic!("{}: {e}", s.id))
}

/// The world the step starts from: its link, replayed.
fn world(s: &Step) -> World {
    let replay = scenario(s).replay();
    assert!(replay.error.is_none(), "{}: {}", s.id, replay.error.unwrap());
    replay.world
}

fn snapshots(w: &World) -> Vec<Snapshot> {
    snapshot::assemble(w.log())
}

fn channel(s: &Snapshot, from: usize, to: usize) -> &ChannelState {
    &s.channels.iter().find(|(c, _)| *c == Channel { from, to }).expect("channel").1
}

fn names<'a>(messages: impl IntoIterator<Item = &'a Message>) -> Vec<String> {
    messages.into_iter().map(Message::to_string).collect()
}

fn recorded(s: &Snapshot, from: usize, to: usize) -> Vec<String> {
    match channel(s, from, to) {
        ChannelState::Recorded(m) | ChannelState::Recording(m) => names(m),
        ChannelState::NotRecorded => panic!("P{}→P{} not recorded", from + 1, to + 1),
    }
}

fn says(s: &Step, phrase: &str) {
    assert!(s.body.iter().any(|p| p.contains(phrase)), "{}: the text does not say {phrase:?}", s.id);
}

/// What a learner does: an action by hand, or the Step button (the scenario's seeded choice).
#[derive(Clone, Copy)]
enum Do {
    Act(Action),
    /// Press Step until nothing is left to deliver.
    StepAll,
    /// Press Step once.
    Step,
    /// Move the cut drawn on the space-time diagram (the run does not change).
    Cut(&'static [usize]),
}

fn deliver(message: MessageRef) -> Do {
    Do::Act(Action::Deliver { message })
}
fn marker(snapshot: u32, from: usize, to: usize) -> MessageRef {
    MessageRef::Marker { snapshot, channel: Channel { from, to } }
}
fn app(number: u32) -> MessageRef {
    MessageRef::App { number }
}

/// What the learner's moves leave: the world and the drawn cut.
struct Played {
    world: World,
    drawn: Option<Vec<usize>>,
}

impl Played {
    fn done(&self, goal: &Goal, since: usize) -> bool {
        goal.done(&self.world, since, self.drawn.as_deref())
    }
}

/// Plays the learner's moves on the step's starting world (and its drawn cut). A move the lab
/// refuses changes nothing, as on the page. Every move must be one of the step's allowed
/// controls; moving the cut is always allowed.
fn play(s: &Step, moves: &[Do]) -> Played {
    let mut sc = scenario(s);
    let mut w = world(s);
    let mut drawn = s.cut.map(<[usize]>::to_vec);
    for m in moves {
        match *m {
            Do::Cut(cut) => drawn = Some(cut.to_vec()),
            Do::Act(a) => {
                assert!(s.allow.permits(&a), "{}: {a} is not allowed", s.id);
                if w.apply(&a).is_ok() {
                    sc.actions.push(a);
                }
            }
            Do::Step | Do::StepAll => {
                assert!(s.allow.step, "{}: Step is not allowed", s.id);
                let once = matches!(m, Do::Step);
                while let Some(a) = sc.step_choice(&w) {
                    w.apply(&a).unwrap();
                    sc.actions.push(a);
                    if once {
                        break;
                    }
                }
            }
        }
    }
    Played { world: w, drawn }
}

/// For each step with a task: what a learner does to finish it, and a plausible mistake.
fn script(id: &str) -> (Vec<Do>, Vec<Do>) {
    match id {
        "initiator" => (vec![Do::Act(Action::Snapshot { process: 0 })], vec![Do::Act(Action::Snapshot { process: 1 })]),
        "first-marker" => (vec![deliver(marker(1, 0, 1))], vec![deliver(marker(1, 0, 2))]),
        "receive-recorded" => (vec![deliver(app(1))], vec![deliver(marker(1, 0, 3))]),
        "later-marker" => (vec![deliver(marker(1, 1, 0))], vec![deliver(marker(1, 1, 2))]),
        "complete" => (vec![Do::StepAll], vec![Do::Step, deliver(marker(1, 0, 3))]),
        // Four markers are left; one is not enough.
        "deadlock" => (vec![Do::StepAll], vec![deliver(marker(1, 2, 0))]),
        // The marker first is refused (FIFO); then m1 and the marker.
        "fifo" => (
            vec![deliver(marker(1, 0, 1)), deliver(app(1)), deliver(marker(1, 0, 1))],
            vec![deliver(marker(1, 0, 1)), deliver(app(1))],
        ),
        // The cut moves past A on P1's line; moving it back before B on P2's also makes it
        // consistent, but loses B.
        "property" => (vec![Do::Cut(&[1, 2, 1])], vec![Do::Cut(&[0, 1, 1])]),
        "markers" => (
            vec![Do::Act(Action::Snapshot { process: 2 }), Do::StepAll],
            vec![Do::Act(Action::Snapshot { process: 2 }), Do::Step, Do::Step],
        ),
        "join" => {
            (vec![Do::Act(Action::Join { process: 3, snapshot: 1 })], vec![Do::Act(Action::Snapshot { process: 3 })])
        }
        other => panic!("no script for the task of step {other}"),
    }
}

/// The controls a goal needs (any one of them).
fn needs(goal: &Goal) -> Allow {
    match goal {
        Goal::Rule { rule: Rule::Initiate | Rule::Join, .. } | Goal::Started { .. } => Allow::SNAPSHOT,
        Goal::Rule { rule: Rule::Send | Rule::Internal, .. } | Goal::Sent { .. } => Allow::SEND,
        Goal::Rule { .. } | Goal::Delivered { .. } | Goal::Complete { .. } => Allow::DELIVER.or(Allow::STEP),
        // The refused attempt is a delivery by hand.
        Goal::DeliveredAfterRefusal { .. } => Allow::DELIVER,
        Goal::ConsistentCut { .. } => Allow::NONE,
    }
}

#[test]
fn ids_are_unique_slugs_and_every_step_has_a_title_and_a_body() {
    assert!((18..=28).contains(&STEPS.len()), "{} steps", STEPS.len());
    for (i, s) in STEPS.iter().enumerate() {
        assert!(!s.id.is_empty() && s.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        assert!(!s.id.starts_with('-') && !s.id.ends_with('-') && !s.id.contains("--"), "{}", s.id);
        assert_eq!(lesson::find(s.id), Some(i), "{}: ids are unique", s.id);
        assert!(!s.title.trim().is_empty(), "{}", s.id);
        assert!(!s.body.is_empty(), "{}", s.id);
        for p in s.body.iter().chain([&s.title]).chain(s.task.as_ref().map(|t| &t.instruction)) {
            assert!(!p.trim().is_empty() && p.trim() == *p, "{}: {p:?}", s.id);
            assert!(!p.contains('\n') && !p.contains("  ") && !p.contains('<'), "{}: plain, one line: {p:?}", s.id);
        }
    }
    assert_eq!(lesson::find("no-such-step"), None);
    assert_eq!(STEPS[0].id, "why");
    assert_eq!(STEPS.last().unwrap().id, "next");
}

#[test]
fn every_link_is_its_text_and_replays_without_error() {
    for s in STEPS {
        assert_eq!(s.link.is_some(), s.text.is_some(), "{}", s.id);
        let (Some(l), Some(t)) = (s.link, s.text) else { continue };
        let from_text = text::parse(t).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert_eq!(
            l,
            link::encode(&from_text),
            "{}: the link is stale; set it to `snapshot-lab link` of the text",
            s.id
        );
        assert_eq!(scenario(s), from_text, "{}", s.id);
        assert_eq!(from_text.view.cursor, None, "{}: the lab starts at the end of the run", s.id);
        world(s);
    }
}

#[test]
fn steps_that_reuse_a_preset_use_its_link() {
    use snapshot_lab::formats::presets;
    for (id, preset) in [
        ("bank", "bank"),
        ("c21", "c21"),
        ("non-fifo", "non-fifo"),
        ("lai-yang", "lai-yang"),
        ("two-snapshots", "two-initiators"),
        ("deadlock", "deadlock"),
    ] {
        assert_eq!(step(id).link, Some(presets::find(preset).unwrap().link), "{id}");
    }
}

#[test]
fn every_cut_is_valid_for_its_step() {
    for s in STEPS {
        let Some(c) = s.cut else { continue };
        let w = world(s);
        cut::check_cut(w.log(), c).unwrap_or_else(|e| panic!("{}: {e}", s.id));
    }
}

#[test]
fn the_naive_cut_has_an_orphan_and_counts_m1_twice() {
    let s = step("naive");
    let w = world(s);
    assert!(snapshots(&w).is_empty(), "no snapshot algorithm here");
    let report: CutReport = cut::check_cut(w.log(), s.cut.unwrap()).unwrap();
    assert!(!report.is_consistent());
    assert_eq!(names(&report.orphans), ["m1"]);
    assert_eq!(report.orphans[0].amount(), 100);
    assert_eq!(report.states, [1000, 2100]);
    assert!(report.in_transit.is_empty());
    assert_eq!((report.total, report.expected_total), (3100, 3000));
    for phrase in ["$1000", "$2100", "$3100", "$3000", "orphan"] {
        says(s, phrase);
    }
}

#[test]
fn the_examples_step_holds_what_the_consistent_cut_step_taught() {
    // consistent-cut was merged into examples (issue 21); its link opens examples.
    let s = step("consistent-cut");
    assert_eq!(s.id, "examples");
    says(s, "A cut is consistent when nothing received inside it was sent outside it.");
    says(s, "orphan");
    // Chandy–Lamport's own cut on the notes' C21 run is consistent and records what crosses it.
    let w = world(step("c21"));
    let s1 = &snapshots(&w)[0];
    let verdict = cut::check_snapshot(w.log(), s1).unwrap();
    assert!(verdict.is_consistent());
    assert_eq!(names(&verdict.report.in_transit), ["m2", "m3"]);
    assert_eq!(recorded(s1, 1, 0), ["m2", "m3"]);
}

#[test]
fn every_task_is_not_done_at_the_start_done_by_the_script_and_not_by_a_mistake() {
    for s in STEPS {
        let Some(task) = s.task else { continue };
        assert!(s.link.is_some(), "{}: a task needs a known starting world", s.id);
        let start = play(s, &[]);
        let since = start.world.events().len();
        assert!(!start.done(&task.goal, since), "{}: done before the learner acts", s.id);
        let (right, wrong) = script(s.id);
        let after = play(s, &right);
        assert!(after.done(&task.goal, since), "{}: the script does not do it", s.id);
        let mistaken = play(s, &wrong);
        assert!(
            mistaken.world.events().len() > since || mistaken.drawn != start.drawn,
            "{}: the mistake changes the world or the cut",
            s.id
        );
        assert!(!mistaken.done(&task.goal, since), "{}: a mistake does it", s.id);
        if !matches!(task.goal, Goal::ConsistentCut { .. }) {
            // Going back in time before the step's start undoes it.
            assert!(!start.done(&task.goal, since + 1), "{}", s.id);
        }
        // The rule the step lights is the one the learner fires.
        if let Some(rule) = s.rule {
            let fired = after.world.events()[since..].iter().any(|e| e.rule == rule);
            assert!(fired, "{}: {} never fires", s.id, rule.id());
        }
    }
}

#[test]
fn every_task_allows_the_controls_it_needs() {
    for s in STEPS {
        let Some(task) = s.task else { continue };
        if matches!(task.goal, Goal::ConsistentCut { .. }) {
            continue; // moving the drawn cut needs no control of the run
        }
        let need = needs(&task.goal);
        let allowed = s.allow;
        assert!(
            (need.send && allowed.send)
                || (need.deliver && allowed.deliver)
                || (need.snapshot && allowed.snapshot)
                || (need.step && allowed.step),
            "{}",
            s.id
        );
    }
}

#[test]
fn allow_permits_the_matching_actions() {
    let send = Action::Send { from: 0, to: 1, amount: 1 };
    let internal = Action::Internal { process: 0, delta: 1 };
    let deliver = Action::Deliver { message: app(1) };
    let start = Action::Snapshot { process: 0 };
    let join = Action::Join { process: 0, snapshot: 1 };
    for a in [send, internal, deliver, start, join] {
        assert!(Allow::ALL.permits(&a));
        assert!(!Allow::NONE.permits(&a));
    }
    assert!(Allow::SEND.permits(&send) && Allow::SEND.permits(&internal) && !Allow::SEND.permits(&deliver));
    assert!(Allow::DELIVER.permits(&deliver) && !Allow::DELIVER.permits(&start));
    assert!(Allow::SNAPSHOT.permits(&start) && Allow::SNAPSHOT.permits(&join) && !Allow::SNAPSHOT.permits(&send));
    assert_eq!(Allow::SEND.or(Allow::DELIVER).or(Allow::SNAPSHOT).or(Allow::STEP), Allow::ALL);
    assert_eq!(Allow::DELIVER.or(Allow::STEP), Allow { deliver: true, step: true, ..Allow::NONE });
}

#[test]
fn goals_count_only_events_from_the_start_of_the_step() {
    let w = world(step("c21"));
    let all = w.events().len();
    let complete = Goal::Complete { snapshot: 1 };
    assert!(complete.done(&w, 0, None));
    assert!(!complete.done(&w, all, None));
    assert!(!Goal::Complete { snapshot: 2 }.done(&w, 0, None));
    assert!(Goal::Started { process: Some(0) }.done(&w, 0, None));
    assert!(Goal::Started { process: None }.done(&w, 0, None));
    assert!(!Goal::Started { process: Some(1) }.done(&w, 0, None));
    assert!(Goal::Sent { from: 1, to: 0 }.done(&w, 0, None));
    assert!(!Goal::Sent { from: 1, to: 0 }.done(&w, 7, None), "m2 and m3 are sent by events 5 and 6");
    assert!(Goal::Delivered { from: 1, to: 0, marker: false }.done(&w, 0, None));
    assert!(Goal::Delivered { from: 1, to: 0, marker: true }.done(&w, 0, None));
    assert!(Goal::Rule { rule: Rule::LaterMarker, process: Some(0) }.done(&w, 0, None));
    assert!(!Goal::Rule { rule: Rule::LaterMarker, process: Some(1) }.done(&w, 0, None));
    assert!(Goal::Rule { rule: Rule::ReceiveRecorded, process: None }.done(&w, 0, None));
    assert!(!Goal::Rule { rule: Rule::Join, process: None }.done(&w, 0, None));
    // A marker sent is not a message sent; joining is not starting.
    let mut j = world(step("join"));
    let since = j.events().len();
    j.apply(&Action::Join { process: 3, snapshot: 1 }).unwrap();
    assert!(!Goal::Sent { from: 3, to: 0 }.done(&j, since, None));
    assert!(!Goal::Started { process: None }.done(&j, since, None));
    assert!(Goal::Rule { rule: Rule::Join, process: Some(3) }.done(&j, since, None));
}

// ---- The text's claims, checked by running the core. ----

#[test]
fn why_shows_m1_in_transit_between_the_two_accounts() {
    let s = step("why");
    let w = world(s);
    assert_eq!(w.states(), [900, 2000]);
    let c = w.topology().channel_id(0, 1).unwrap();
    let flying: Vec<_> = w.in_flight(c).collect();
    assert_eq!(names(flying.iter().copied()), ["m1"]);
    assert_eq!(flying[0].amount(), 100);
    assert_eq!(w.states().iter().sum::<i64>() + 100, 3000);
    for phrase in ["$900", "$2000", "$100", "m1", "P1 → P2"] {
        says(s, phrase);
    }
}

#[test]
fn the_model_is_the_notes_four_processes_with_nothing_sent() {
    let s = step("model");
    let sc = scenario(s);
    assert_eq!(sc.topology.process_count(), 4);
    assert!(sc.topology.is_complete());
    assert_eq!(sc.topology.discipline, Discipline::Fifo);
    assert!(sc.actions.is_empty());
    says(s, "C12 is channel P1 → P2");
}

#[test]
fn the_rule_steps_do_what_their_text_says() {
    // Initiator: P1 records 100, markers on C12, C13, C14, records C21, C31, C41.
    let w = play(step("initiator"), &script("initiator").0).world;
    let s1 = &snapshots(&w)[0];
    assert_eq!(s1.initiators, [0]);
    assert_eq!(s1.states, [Some(100), None, None, None]);
    assert_eq!(s1.markers_sent, 3);
    for from in 1..4 {
        assert_eq!(channel(s1, from, 0), &ChannelState::Recording(vec![]));
    }
    says(step("initiator"), "records 100 tokens");
    // The first marker: P2 records 90, C12 empty, markers on its 3 channels, records C32, C42;
    // its marker on C21 is behind m1.
    let w = play(step("first-marker"), &script("first-marker").0).world;
    let s1 = &snapshots(&w)[0];
    assert_eq!(s1.states[1], Some(90));
    assert_eq!(channel(s1, 0, 1), &ChannelState::Recorded(vec![]));
    assert_eq!(s1.markers_sent, 6);
    assert_eq!(channel(s1, 2, 1), &ChannelState::Recording(vec![]));
    assert_eq!(channel(s1, 3, 1), &ChannelState::Recording(vec![]));
    let c21 = w.topology().channel_id(1, 0).unwrap();
    assert_eq!(names(w.in_flight(c21)), ["m1", "marker S1"]);
    says(step("first-marker"), "records 90 tokens");
    // A message on a recorded channel: P1 has 110, recorded 100, C21 so far [m1].
    let w = play(step("receive-recorded"), &script("receive-recorded").0).world;
    let s1 = &snapshots(&w)[0];
    assert_eq!(w.state(0), 110);
    assert_eq!(s1.states[0], Some(100));
    assert_eq!(channel(s1, 1, 0), &ChannelState::Recording(names_to_messages(&w, &["m1"])));
    says(step("receive-recorded"), "110 tokens");
    // A later marker: C21 = [m1], final.
    let w = play(step("later-marker"), &script("later-marker").0).world;
    let s1 = &snapshots(&w)[0];
    assert!(matches!(channel(s1, 1, 0), ChannelState::Recorded(m) if names(m) == ["m1"]));
    says(step("later-marker"), "C21 = [m1]");
}

fn names_to_messages(w: &World, wanted: &[&str]) -> Vec<Message> {
    let log = w.log();
    wanted
        .iter()
        .map(|n| *log.events.iter().filter_map(|e| e.message()).find(|m| m.to_string() == *n).unwrap())
        .collect()
}

#[test]
fn termination_sends_twelve_markers_and_records_400_tokens() {
    let s = step("complete");
    // The count is the markers step's (issue 21: complete no longer repeats it).
    says(step("markers"), "4 × 3 = 12");
    assert!(s.body.iter().all(|p| !p.contains("n(n − 1)")), "complete does not repeat the markers step");
    says(s, "Total 400");
    says(s, "C21 = [m1] with 10");
    // By Step, and also by hand in channel order.
    let by_hand: Vec<Do> = {
        let mut w = world(s);
        let mut moves = Vec::new();
        while let Some(&m) = w.deliverable().first() {
            w.apply(&Action::Deliver { message: m }).unwrap();
            moves.push(deliver(m));
        }
        moves
    };
    for moves in [script("complete").0, by_hand] {
        let w = play(s, &moves).world;
        let s1 = &snapshots(&w)[0];
        assert!(s1.complete);
        assert_eq!(s1.markers_sent, 12);
        assert_eq!(s1.states, [Some(100), Some(90), Some(100), Some(100)]);
        for (c, state) in &s1.channels {
            let want = if *c == (Channel { from: 1, to: 0 }) { vec!["m1".to_string()] } else { vec![] };
            assert!(matches!(state, ChannelState::Recorded(m) if names(m) == want), "{c}");
        }
        assert_eq!(s1.recorded_total(), Some(400));
        assert_eq!(w.topology().initial_total(), 400);
        assert!(cut::check_snapshot(w.log(), s1).unwrap().is_consistent());
    }
}

#[test]
fn the_bank_records_the_100_in_transit_and_conserves_3000() {
    let s = step("bank");
    let w = world(s);
    assert_eq!((w.topology().label(0), w.topology().label(1)), ("acct1", "acct2"));
    let s1 = &snapshots(&w)[0];
    assert_eq!(s1.initiators, [1]);
    assert_eq!(s1.states, [Some(900), Some(2000)]);
    assert_eq!(recorded(s1, 0, 1), ["m1"]);
    assert_eq!(s1.recorded_total(), Some(3000));
    assert!(cut::check_snapshot(w.log(), s1).unwrap().is_consistent());
    for phrase in ["$1000", "$2000", "$900", "[m1] with $100", "Total $3000"] {
        says(s, phrase);
    }
}

#[test]
fn c21_is_m2_and_m3() {
    let s = step("c21");
    let w = world(s);
    let s1 = &snapshots(&w)[0];
    assert_eq!(recorded(s1, 1, 0), ["m2", "m3"]);
    assert_eq!(recorded(s1, 0, 1), Vec::<String>::new());
    assert_eq!(s1.states, [Some(490), Some(460)]);
    assert_eq!(s1.recorded_total(), Some(1000));
    assert!(cut::check_snapshot(w.log(), s1).unwrap().is_consistent());
    for phrase in ["C21 = [m2, m3]", "$490", "$460", "$50", "$1000"] {
        says(s, phrase);
    }
}

#[test]
fn fifo_refuses_the_marker_before_m1_and_records_3000() {
    let s = step("fifo");
    let mut w = world(s);
    let refused = w.apply(&Action::Deliver { message: marker(1, 0, 1) });
    assert!(refused.is_err(), "FIFO: the marker is behind m1");
    let w = play(s, &script("fifo").0).world;
    let s1 = &snapshots(&w)[0];
    assert_eq!(s1.states, [Some(900), Some(2100)]);
    assert_eq!(channel(s1, 0, 1), &ChannelState::Recorded(vec![]));
    assert_eq!(s1.states.iter().flatten().sum::<i64>(), 3000);
    for phrase in ["$2100", "$900", "$3000"] {
        says(s, phrase);
    }
}

#[test]
fn without_fifo_the_marker_overtakes_m1_and_the_snapshot_adds_up_to_2900() {
    let s = step("non-fifo");
    let w = world(s);
    assert_eq!(w.topology().discipline, Discipline::NonFifo);
    let s1 = &snapshots(&w)[0];
    assert_eq!(s1.states, [Some(900), Some(2000)]);
    assert_eq!(channel(s1, 0, 1), &ChannelState::Recorded(vec![]));
    assert_eq!(s1.recorded_total(), Some(2900));
    let verdict = cut::check_snapshot(w.log(), s1).unwrap();
    assert!(!verdict.is_consistent());
    assert!(verdict
        .findings
        .iter()
        .any(|f| matches!(f, cut::Finding::Conservation { recorded_total: 2900, expected_total: 3000 })));
    for phrase in ["$2000", "$2900", "$3000", "orphan"] {
        says(s, phrase);
    }
}

#[test]
fn lai_yang_step_follows_non_fifo_and_its_snapshot_adds_up_again() {
    assert_eq!(lesson::find("lai-yang"), lesson::find("non-fifo").map(|i| i + 1), "right after non-fifo");
    let s = step("lai-yang");
    let w = world(s);
    assert_eq!(w.topology().discipline, Discipline::NonFifo);
    assert_eq!(w.topology().algorithm, snapshot_lab::sim::Algorithm::LaiYang);
    let s1 = &snapshots(&w)[0];
    assert_eq!(s1.states, [Some(900), Some(2000)]);
    assert_eq!(
        names(match channel(s1, 0, 1) {
            ChannelState::Recorded(m) => m,
            other => panic!("{other:?}"),
        }),
        ["m1"]
    );
    assert_eq!(s1.recorded_total(), Some(3000));
    assert!(cut::check_snapshot(w.log(), s1).unwrap().findings.is_empty());
    for phrase in ["white", "red", "$3000", "records its state before receiving it"] {
        says(s, phrase);
    }
    // The step's claim about the orphan case: a red message sent after the marker and received
    // first makes acct2 record before it, so it is no orphan.
    let (_, verdict) = overtaken_by_a_later_message("lai-yang");
    assert!(verdict.report.orphans.is_empty() && verdict.findings.is_empty(), "{:?}", verdict.findings);
}

#[test]
fn without_fifo_a_message_sent_after_a_marker_can_arrive_first_and_be_an_orphan() {
    // The non-fifo step's other claim, on its topology.
    let (mut sc, verdict) = overtaken_by_a_later_message("non-fifo");
    assert_eq!(names(&verdict.report.orphans), ["m1"]);
    // Under FIFO the same moves are refused at the message.
    sc.topology.discipline = Discipline::Fifo;
    let replay = sc.replay();
    assert_eq!(replay.error.map(|e| e.index), Some(2));
}

#[test]
fn two_snapshots_complete_consistent_with_m2_in_different_places() {
    let s = step("two-snapshots");
    let w = world(s);
    let snaps = snapshots(&w);
    assert_eq!(snaps.len(), 2);
    assert_eq!((snaps[0].initiators.as_slice(), snaps[1].initiators.as_slice()), ([0].as_slice(), [2].as_slice()));
    for sn in &snaps {
        assert!(sn.complete);
        assert!(cut::check_snapshot(w.log(), sn).unwrap().is_consistent());
    }
    assert_ne!(snaps[0].cut(), snaps[1].cut());
    // m2 (P3 → P1): recorded in C31 in S1; already in P1's state in S2.
    assert_eq!(recorded(&snaps[0], 2, 0), ["m2"]);
    assert!(recorded(&snaps[1], 2, 0).is_empty());
    let m2_received =
        w.events().iter().find(|e| e.kind_id() == "receive" && e.message().unwrap().to_string() == "m2").unwrap();
    assert_eq!(m2_received.process, 0);
    assert!((m2_received.index as usize) < snaps[1].cut().unwrap()[0], "inside S2's cut at P1");
    assert!((m2_received.index as usize) >= snaps[0].cut().unwrap()[0], "outside S1's cut at P1");
    says(s, "C31");
}

#[test]
fn joining_makes_p4_a_second_initiator_of_one_snapshot_with_twelve_markers() {
    let s = step("join");
    let w = play(s, &script("join").0).world;
    let s1 = &snapshots(&w)[0];
    assert_eq!(s1.initiators, [0, 3]);
    // P1's marker to P4 was still on the way, and is a later marker for P4.
    let c14 = w.topology().channel_id(0, 3).unwrap();
    assert_eq!(names(w.in_flight(c14)), ["marker S1"]);
    assert_eq!(channel(s1, 0, 3), &ChannelState::Recording(vec![]));
    let mut sc = scenario(s);
    sc.actions.push(Action::Join { process: 3, snapshot: 1 });
    let mut w = sc.replay().world;
    let since = w.events().len();
    w.apply(&Action::Deliver { message: marker(1, 0, 3) }).unwrap();
    assert!(w.events()[since..].iter().all(|e| e.rule == Rule::LaterMarker));
    while let Some(&m) = w.deliverable().first() {
        w.apply(&Action::Deliver { message: m }).unwrap();
    }
    let snaps = snapshots(&w);
    assert_eq!(snaps.len(), 1, "one snapshot, two initiators");
    assert!(snaps[0].complete);
    assert_eq!(snaps[0].markers_sent, 12);
    assert!(cut::check_snapshot(w.log(), &snaps[0]).unwrap().is_consistent());
    says(s, "12 markers");
    // The mistake makes S2.
    let w = play(s, &script("join").1).world;
    assert_eq!(snapshots(&w).len(), 2);
    says(s, "S2, a separate snapshot");
}

#[test]
fn every_complete_fifo_snapshot_of_the_lesson_is_a_state_the_run_could_pass_through() {
    // The "why is it right" answer: a reordering of the run passes through the recorded state.
    let mut checked = 0;
    for s in STEPS.iter().filter(|s| s.link.is_some()) {
        let moves = if s.task.is_some() { script(s.id).0 } else { Vec::new() };
        let w = play(s, &moves).world;
        if w.topology().discipline != Discipline::Fifo {
            continue;
        }
        for sn in snapshots(&w).iter().filter(|sn| sn.complete) {
            let cut = sn.cut().unwrap();
            let r = reach::reorder(w.log(), &cut).unwrap_or_else(|e| panic!("{} S{}: {e}", s.id, sn.id));
            let recorded: Vec<i64> = sn.states.iter().map(|x| x.unwrap()).collect();
            assert_eq!(r.states, recorded, "{} S{}", s.id, sn.id);
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked}");
    says(step("questions"), "could have passed through");
}

/// The report of a named example cut of a step.
fn example(s: &Step, name: &str) -> CutReport {
    let e = s.examples.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{}: no {name}", s.id));
    cut::check_cut(world(s).log(), e.cut).unwrap()
}

#[test]
fn the_property_cut_has_b_without_a_and_moving_p1_past_a_makes_it_consistent() {
    let s = step("property");
    let w = world(s);
    says(s, "if A → B and B is in the snapshot, then A is in the snapshot too");
    let drawn = s.cut.unwrap();
    let report = cut::check_cut(w.log(), drawn).unwrap();
    assert_eq!(names(&report.orphans), ["m1"]);
    // A is P1's first event, the send of m1; B is P2's second, its receipt.
    let a = &w.events().iter().filter(|e| e.process == 0).collect::<Vec<_>>()[0];
    let b = &w.events().iter().filter(|e| e.process == 1).collect::<Vec<_>>()[1];
    assert_eq!((a.kind_id(), a.message().unwrap().to_string()), ("send", "m1".to_string()));
    assert_eq!((b.kind_id(), b.message().unwrap().to_string()), ("receive", "m1".to_string()));
    assert!(drawn[0] <= a.index as usize && drawn[1] > b.index as usize, "B inside, A outside");
    let mut moved = drawn.to_vec();
    moved[0] += 1;
    assert!(cut::check_cut(w.log(), &moved).unwrap().is_consistent());
    let Some(Task { goal, .. }) = s.task else { panic!("a task") };
    assert!(goal.done(&w, w.events().len(), Some(&moved)));
    assert!(!goal.done(&w, w.events().len(), None), "no cut drawn");
    assert!(!goal.done(&w, w.events().len(), Some(&[0, 0])), "a malformed cut");
}

#[test]
fn the_example_cuts_are_what_the_text_says() {
    let s = step("examples");
    assert_eq!(s.examples.len(), 4);
    assert_eq!(Some(s.examples[0].cut), s.cut, "the step opens on its first example");
    assert_eq!(s.link, step("property").link, "the same run as the property step");
    let one = example(s, "Example 1");
    assert!(one.is_consistent() && one.conserves());
    assert_eq!(names(&one.in_transit), ["m1", "m2"]);
    assert_eq!(names(one.in_transit_on(Channel { from: 0, to: 1 })), ["m1"]);
    assert_eq!(names(one.in_transit_on(Channel { from: 1, to: 2 })), ["m2"]);
    let two = example(s, "Example 2");
    assert!(two.is_consistent() && two.conserves() && two.in_transit.is_empty());
    let three = example(s, "Example 3");
    assert!(three.is_consistent() && three.conserves());
    assert_eq!(names(&three.in_transit), ["m3", "m4"]);
    assert!(three.in_transit.iter().all(|m| m.channel.to == 0), "both on their way to P1");
    let four = example(s, "Example 4");
    assert_eq!(names(&four.orphans), ["m3"]);
    assert!(four.total > four.expected_total, "{} vs {}", four.total, four.expected_total);
    for e in s.examples {
        says(s, e.name);
    }
}

#[test]
fn one_snapshot_sends_n_times_n_minus_1_markers_on_the_notes_four_processes() {
    let s = step("markers");
    says(s, "4 × 3 = 12");
    for initiator in 0..4 {
        let w = play(s, &[Do::Act(Action::Snapshot { process: initiator }), Do::StepAll]).world;
        let s1 = &snapshots(&w)[0];
        assert!(s1.complete);
        assert_eq!(s1.markers_sent, 12, "initiated at P{}", initiator + 1);
        assert_eq!(w.topology().channels().len(), 12);
    }
}

#[test]
fn the_notes_networks_send_one_marker_per_channel() {
    use snapshot_lab::formats::presets;
    let s = step("networks");
    let w = world(s);
    says(s, "Switch S1 (BMv2)");
    assert_eq!(w.topology().label(0), "Switch S1 (BMv2)");
    let s1 = &snapshots(&w)[0];
    assert_eq!(s1.markers_sent, 4);
    assert_eq!(w.topology().channels().len(), 4);
    assert!(!recorded(s1, 2, 1).is_empty(), "S3 → S2 records S3's packets");
    let leaf = link::decode(presets::find("leaf-spine").unwrap().link).unwrap().replay().world;
    assert_eq!(leaf.topology().channels().len(), 8);
    assert_eq!(snapshots(&leaf)[0].markers_sent, 8);
}

#[test]
fn every_figure_of_the_notes_has_a_step_a_scene_and_a_text_alternative() {
    use snapshot_lab::teach::figures::{self, FIGURES};
    for n in 1..=6 {
        let name = format!("snapshot{n}.png");
        assert!(FIGURES.iter().any(|f| f.name == name), "seed 003's {name} is missing");
    }
    for label in ["Switch S1 (BMv2)", "Leaf Switch 1 (Programmable)"] {
        assert!(FIGURES.iter().any(|f| f.name == label), "seed 000's {label} flowchart is missing");
    }
    let mut last = 0;
    for f in FIGURES {
        let at = lesson::find(f.step).unwrap_or_else(|| panic!("{}: no step {}", f.name, f.step));
        assert!(at >= last, "{}: figures are in the lesson's order", f.name);
        last = at;
        let scene = f.scene().unwrap_or_else(|| panic!("{}: no scene", f.name));
        let replay = link::decode(scene).unwrap().replay();
        assert!(replay.error.is_none(), "{}", f.name);
        assert!(f.alt.len() > 80 && !f.alt.contains("  ") && f.alt.trim() == f.alt, "{}", f.name);
        assert!(figures::for_step(f.step).any(|g| g == f));
        assert_eq!(FIGURES.iter().filter(|g| g.label() == f.label()).count(), 1, "{}: unique names", f.name);
    }
}

/// The total a world holds now: every process's state plus every message still in flight.
fn held(w: &World) -> i64 {
    let channels = w.topology().channels().len();
    w.states().iter().sum::<i64>() + (0..channels).flat_map(|c| w.in_flight(c)).map(Message::amount).sum::<i64>()
}

#[test]
fn the_safety_and_liveness_runs_break_what_the_step_says() {
    use snapshot_lab::sim::faults;
    let s = step("safety-liveness");
    assert_eq!(s.see.len(), 5);
    let run = |label: &str| {
        let (_, l) = s.see.iter().find(|(name, _)| name.starts_with(label)).unwrap();
        link::decode(l).unwrap().replay().world
    };
    // A lost or duplicated application message: the snapshot completes with no orphan and
    // records exactly what the system then holds; the bank's $3000 is what broke.
    for (label, total) in
        [("Snapshot still true: lost money", 2900), ("Snapshot still true: a duplicated message", 3100)]
    {
        let w = run(label);
        let s1 = &snapshots(&w)[0];
        assert!(s1.complete, "{label}");
        let verdict = cut::check_snapshot(w.log(), s1).unwrap();
        assert!(verdict.report.orphans.is_empty() && verdict.report.is_consistent(), "{label}: no orphan");
        assert!(
            verdict.findings.iter().all(|f| !matches!(f, cut::Finding::Orphan { .. } | cut::Finding::State { .. })),
            "{label}: {:?}",
            verdict.findings
        );
        assert_eq!((s1.recorded_total(), held(&w)), (Some(total), total), "{label}: records what the system holds");
        assert_eq!(verdict.report.expected_total, 3000, "{label}: the bank's invariant is the $3000");
    }
    // The step's numbers, and what it says the verdict does: consistent, the invariant apart.
    for phrase in ["$2900", "$3100", "$3000", "invariant", "its verdict says consistent"] {
        says(s, phrase);
    }
    for label in ["Snapshot still true: lost money", "Snapshot still true: a duplicated message"] {
        let w = run(label);
        let verdict = cut::check_snapshot(w.log(), &snapshots(&w)[0]).unwrap();
        assert!(verdict.is_consistent() && !verdict.conserves(), "{label}: {:?}", verdict.findings);
    }
    let w = run("Snapshot still true: lost money");
    let verdict = cut::check_snapshot(w.log(), &snapshots(&w)[0]).unwrap();
    assert!(verdict.report.in_transit.is_empty(), "the lost m1 is not in transit");
    assert!(s.body.iter().all(|p| !p.contains("inconsistent")), "no paragraph calls the lost money inconsistent");
    // The lost message is never taught as a safety failure.
    for (label, l) in s.see {
        let lost = preset_link("fault-lost-message") == *l || preset_link("fault-duplicate") == *l;
        assert_eq!(lost, !label.starts_with("Safety") && !label.starts_with("Liveness"), "{label}");
    }
    assert!(s.body.iter().all(|p| !p.contains("lost message leaves the recorded total short")));
    // Liveness: the lost marker and the crash leave S1 waiting forever.
    for label in ["Liveness broken: a lost marker", "Liveness broken: a crashed process"] {
        let w = run(label);
        let s1 = &snapshots(&w)[0];
        assert!(!s1.complete && w.deliverable().is_empty(), "{label}: nothing left to deliver, and S1 is not complete");
        assert!(!faults::waits(w.log(), s1).is_empty(), "{label}: someone waits forever");
    }
    // Non-FIFO: inconsistent, a recording misses m1.
    let w = run("Safety broken: channels that are not FIFO");
    let verdict = cut::check_snapshot(w.log(), &snapshots(&w)[0]).unwrap();
    assert!(!verdict.is_consistent());
    assert!(verdict.findings.iter().any(|f| matches!(f, cut::Finding::Channel { .. })), "the recording misses m1");
    for st in STEPS {
        for (label, l) in st.see {
            assert!(link::decode(l).unwrap().replay().error.is_none(), "{}: {label}", st.id);
        }
    }
}

fn preset_link(id: &str) -> &'static str {
    snapshot_lab::formats::presets::find(id).unwrap().link
}

#[test]
fn the_stable_step_does_not_claim_the_system_passed_through_the_recorded_state() {
    let s = step("stable");
    assert!(s.body.iter().all(|p| !p.contains("one the system passed through")));
    says(s, "reachable from the initial state");
    says(s, "the current state is reachable from it");
}

#[test]
fn the_model_and_the_networks_ask_for_the_same_connectivity() {
    says(step("model"), "strongly connected");
    says(step("safety-liveness"), "a path of channels from every process to every other");
    assert!(STEPS.iter().all(|s| s.body.iter().all(|p| !p.contains("must connect every process to every other"))));
    let n = step("networks");
    says(n, "reconstruction");
    // The switches are P1 to P3 in the text: "S1" is the snapshot.
    assert!(n.body.iter().all(|p| !p.contains("S3") && !p.contains("S2 ")));
}

#[test]
fn the_lai_yang_step_is_optional_and_names_mattern() {
    let s = step("lai-yang");
    assert!(s.optional && s.title.contains("Mattern"));
    says(s, "Optional, beyond the notes");
}

#[test]
fn termination_is_detected_only_when_every_channel_is_empty_too() {
    let s = step("stable");
    says(s, "C13 = [m1]");
    // Not yet: every worker recorded 0 jobs, but a job is in transit.
    let w = world(s);
    let s1 = &snapshots(&w)[0];
    assert!(s1.complete);
    assert!(s1.states.iter().all(|v| *v == Some(0)), "{:?}", s1.states);
    assert_eq!(recorded(s1, 0, 2), ["m1"]);
    assert!(cut::check_snapshot(w.log(), s1).unwrap().is_consistent());
    assert!(!w.states().iter().all(|&v| v == 0), "the work goes on: worker 3 got the job");
    // Terminated: the same work, the snapshot after it; all idle, all channels empty, and so
    // it stays (nothing in flight, every state 0).
    assert_eq!(s.see, [("Terminated: the snapshot after every job is done", lesson::TERMINATED_LINK)]);
    assert_eq!(link::encode(&text::parse(lesson::TERMINATED).unwrap()), lesson::TERMINATED_LINK);
    let done = link::decode(lesson::TERMINATED_LINK).unwrap().replay().world;
    let s1 = &snapshots(&done)[0];
    assert!(s1.complete && s1.states.iter().all(|v| *v == Some(0)));
    assert!(s1.channels.iter().all(|(_, c)| matches!(c, ChannelState::Recorded(m) if m.is_empty())));
    assert!(done.states().iter().all(|&v| v == 0));
    assert!((0..done.topology().channels().len()).all(|c| done.in_flight(c).next().is_none()));
}

/// On a step's topology: P1 starts S1 and then sends m1, which P2 receives before P1's marker;
/// that scenario and the verdict on S1.
fn overtaken_by_a_later_message(id: &str) -> (Scenario, cut::Verdict) {
    let mut sc = scenario(step(id));
    sc.actions = vec![
        Action::Snapshot { process: 0 },
        Action::Send { from: 0, to: 1, amount: 100 },
        Action::Deliver { message: app(1) },
        Action::Deliver { message: marker(1, 0, 1) },
        Action::Deliver { message: marker(1, 1, 0) },
    ];
    let replay = sc.replay();
    assert!(replay.error.is_none(), "{id}");
    let s1 = &snapshots(&replay.world)[0];
    let verdict = cut::check_snapshot(replay.world.log(), s1).unwrap();
    (sc, verdict)
}

#[test]
fn the_deadlock_step_finishes_its_snapshot_and_detects_the_cycle() {
    use snapshot_lab::sim::deadlock::{detect, Verdict};
    let s = step("deadlock");
    assert_eq!(lesson::find("deadlock"), lesson::find("stable").map(|i| i + 1), "right after termination");
    says(s, "P1 → P2 → P3 → P1");
    says(s, "m3 on C31");
    let (moves, _) = script("deadlock");
    let played = play(s, &moves);
    let s1 = &snapshots(&played.world)[0];
    assert!(s1.complete);
    assert_eq!(recorded(s1, 2, 0), ["m3"]);
    assert_eq!(detect(played.world.log(), s1), Verdict::Deadlock { cycle: vec![0, 1, 2], behind: vec![] });
    // The text's counterfactual (a reply in transit wakes its receiver) is checked in
    // tests/deadlock.rs.
}

#[test]
fn the_what_if_step_runs_seed_000s_rule_and_every_number_it_states_holds() {
    use snapshot_lab::sim::faults::{waits, Cause};
    use snapshot_lab::sim::MarkerRule;
    let s = step("what-if");
    assert_eq!(lesson::find("what-if"), lesson::find("markers").map(|i| i + 1), "right after the markers step");
    assert_eq!(text::parse(lesson::WHAT_IF).unwrap(), scenario(s));
    let mut sc = scenario(s);
    assert_eq!(sc.topology.markers, MarkerRule::SkipSender, "the step's run has the switch on");
    // P1's markers reached P2, P3 and P4 first: each sends its markers only to the other two.
    let mut w = world(s);
    for p in 1..4 {
        assert!(w.snapshots()[0].recorded[p].is_some(), "P{} recorded at P1's marker", p + 1);
    }
    // Press Run.
    sc.run_until(&mut w, snapshot_lab::sim::Until::Quiescent, 1000);
    assert!(w.deliverable().is_empty(), "nothing is left to deliver");
    let s1 = &snapshots(&w)[0];
    assert!(!s1.complete, "S1 never completes");
    assert_eq!(s1.markers_sent, 9, "3 + 3 × 2 = 9 = (n − 1)²");
    for from in 1..4 {
        assert!(matches!(channel(s1, from, 0), ChannelState::Recording(_)), "P1 records C{}1 forever", from + 1);
        for to in 1..4 {
            if from != to {
                assert!(matches!(channel(s1, from, to), ChannelState::Recorded(_)), "C{}{} closes", from + 1, to + 1);
            }
        }
    }
    let ws = waits(w.log(), s1);
    assert_eq!(ws.len(), 3);
    assert!(ws.iter().all(|w| w.cause == Cause::NoMarkerBack && w.process == 0), "{ws:?}");
    for phrase in [
        "마커 init 한애 빼고 다 보내기",
        "Seeds 001, 003 and 004",
        "3 + 3 × 2 = 9",
        "(n − 1)² instead of n(n − 1)",
        "P1 records C21, C31 and C41 forever",
        "S1 never completes",
        "step 5",
    ] {
        says(s, phrase);
    }
    assert_eq!(s.see.len(), 1);
    assert_eq!(link::decode(s.see[0].1).unwrap().topology.markers, MarkerRule::SkipSender);
    // The step lets the learner run it, and teaches no fault.
    assert!(s.allow.step && s.allow.deliver && !s.allow.send);
}

/// Issue 21: a lighter lesson. Prints every step's body word count (`cargo test --test lesson
/// word_counts -- --nocapture`) and keeps each step near 120 words and the whole lesson short.
#[test]
fn word_counts_every_step_stays_short() {
    let mut total = 0;
    for s in STEPS {
        let n = lesson::words(s);
        println!("{n:>4} {}{}", s.id, if s.optional { " (optional)" } else { "" });
        total += n;
    }
    println!("total {total} in {} steps", STEPS.len());
    for s in STEPS {
        assert!(lesson::words(s) <= 140, "{}: {} words", s.id, lesson::words(s));
    }
    assert!(total <= 2800, "the lesson has {total} words");
    // The counter counts words, not symbols.
    let probe = lesson::Step { body: &["P1 → P2: $100, (n − 1)² markers."], ..STEPS[0] };
    assert_eq!(lesson::words(&probe), 6, "P1, P2:, $100,, (n, 1)², markers");
}

#[test]
fn the_optional_steps_are_the_ones_beyond_the_notes_and_can_be_skipped() {
    let optional: Vec<&str> = STEPS.iter().filter(|s| s.optional).map(|s| s.id).collect();
    assert_eq!(optional, ["vector-clocks", "lai-yang", "networks", "deadlock"]);
    for id in &optional {
        let i = lesson::find(id).unwrap();
        let next = lesson::next_required(i).expect("a step after it");
        assert!(!STEPS[next].optional && next > i, "{id}");
        assert!((i + 1..next).all(|k| STEPS[k].optional), "{id}: skips only optional steps");
    }
    // No optional step has a task that Next waits for.
    assert!(STEPS.iter().filter(|s| s.optional).all(|s| s.task.is_none() || s.id == "deadlock"));
    assert!(step("vector-clocks").body[0].contains("optional"));
    assert!(step("lai-yang").body[0].starts_with("Optional"));
}

#[test]
fn merged_steps_keep_their_links() {
    for (old, now) in lesson::MERGED {
        assert!(STEPS.iter().all(|s| s.id != *old), "{old} is gone as a step");
        assert_eq!(lesson::find(old), lesson::find(now), "#v1.lesson.{old} opens {now}");
        let page = snapshot_lab::teach::route::parse(&format!("v1.lesson.{old}")).unwrap();
        assert_eq!(page, snapshot_lab::teach::route::Page::Lesson { step: lesson::find(now).unwrap(), scenario: None });
    }
}

/// Issue 21, predict then see: four read-only steps ask first. Each right answer is what the core
/// then shows, the question is asked before the run decides it, and the paragraphs shown before
/// the answer do not tell it.
#[test]
fn predict_then_see_the_right_choice_is_what_the_run_shows() {
    let with: Vec<&str> = STEPS.iter().filter(|s| s.predict.is_some()).map(|s| s.id).collect();
    assert_eq!(with, ["bank", "c21", "non-fifo", "stable"]);
    for s in STEPS.iter().filter(|s| s.predict.is_some()) {
        let p = s.predict.unwrap();
        assert!(s.task.is_none(), "{}: a read-only step", s.id);
        let sc = scenario(s);
        assert!(p.at < sc.actions.len(), "{}: the run goes on after the question", s.id);
        assert!(p.shown >= 1 && p.shown < s.body.len(), "{}", s.id);
        // At the question the snapshot is not complete yet; at the end it is.
        let before = sc.replay_prefix(p.at).world;
        assert!(snapshots(&before).iter().all(|x| !x.complete), "{}: decided before the question", s.id);
        let w = world(s);
        let s1 = &snapshots(&w)[0];
        assert!(s1.complete, "{}", s.id);
        let right = p.choices[p.answer];
        match s.id {
            "bank" => {
                assert_eq!(recorded(s1, 0, 1), ["m1"]);
                assert_eq!(right, "[m1], $100");
            }
            "c21" => {
                assert_eq!(recorded(s1, 1, 0), ["m2", "m3"]);
                assert_eq!(right, "[m2, m3]");
            }
            "non-fifo" => {
                assert_eq!(s1.recorded_total(), Some(2900));
                assert_eq!(right, "$2900");
            }
            "stable" => {
                // Every worker records 0, but a job is in transit: not terminated.
                assert_eq!(s1.states, [Some(0), Some(0), Some(0)]);
                assert_eq!(recorded(s1, 0, 2), ["m1"]);
                assert_eq!(right, "No");
            }
            other => panic!("{other}"),
        }
        // Grading: the answer is right, every other choice wrong, anything else no choice.
        for (i, _) in p.choices.iter().enumerate() {
            assert_eq!(p.grade(i), Some(i == p.answer), "{}", s.id);
        }
        assert_eq!(p.grade(p.choices.len()), None);
        assert!(p.feedback(true).starts_with("Right. "));
        assert!(p.feedback(false).starts_with(&format!("Not quite: it is {right}. ")), "{}", p.feedback(false));
        // The paragraphs shown first do not give the answer away; the later ones tell it.
        let telling = match s.id {
            "bank" => "[m1] with $100",
            "c21" => "C21 = [m2, m3]",
            "non-fifo" => "$2900",
            _ => "has not terminated",
        };
        assert!(s.body[..p.shown].iter().all(|b| !b.contains(telling)), "{}", s.id);
        assert!(s.body[p.shown..].iter().any(|b| b.contains(telling)), "{}", s.id);
    }
}

#[test]
fn the_reachable_step_draws_a_consistent_cut_that_a_reordered_run_passes_through() {
    let s = step("reachable");
    assert_eq!(lesson::find("reachable"), lesson::find("property").map(|i| i + 1));
    let w = world(s);
    let cut = s.cut.unwrap();
    assert!(cut::check_cut(w.log(), cut).unwrap().is_consistent());
    let r = reach::reorder(w.log(), cut).expect("a reordered run passes through it");
    assert!(r.boundary > 0);
    says(s, "Play a run through this cut");
    says(s, "could have passed through");
}
