//! The page's state (`view::page`), natively: the reducer `Lab::update` over the learner's
//! actions. Undo, Redo and scrubbing keep the steps after the cursor until a new action drops
//! them; a refused action changes nothing and says why; a lesson step or an exercise refuses
//! what it does not allow (faults and new rules outside the lab, Step where the learner orders the
//! deliveries); a change of the rules replays the run and Undo brings it back; checking and
//! revealing an exercise grade it and settle it; a shown solution is recorded as shown, not
//! solved; the form keeps the answer checked or shows the solution; feedback matches the run on
//! screen; Undo keeps an exercise's given setup; Reset and a bad link start over.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use snapshot_lab::formats::text;
use snapshot_lab::sim::{Action, Algorithm, Discipline, MessageRef, Scenario};
use snapshot_lab::teach::exercise::{self, Answer, Kind, Property, Task};
use snapshot_lab::teach::lesson::{Allow, STEPS};
use snapshot_lab::teach::route::Page;
use snapshot_lab::view::page::scenarios::{self, DEFAULT_PRESET};
use snapshot_lab::view::page::{open_link, Lab, LabAction, Mode};

/// Two processes, channels both ways; `actions` in the text form.
fn scenario(discipline: &str, actions: &str) -> Scenario {
    let source = format!("process P1 10\nprocess P2 10\nunit tokens\ndiscipline {discipline}\n\n{actions}");
    text::parse(&source).unwrap_or_else(|e| panic!("{e}"))
}

fn lab(scenario: Scenario) -> Rc<Lab> {
    Rc::new(Lab::new(scenario, String::new(), None))
}

fn send(from: usize, to: usize, amount: i64) -> LabAction {
    LabAction::Do(Action::Send { from, to, amount })
}

fn deliver(number: u32) -> LabAction {
    LabAction::Do(Action::Deliver { message: MessageRef::App { number } })
}

/// The world at the cursor is the scenario's first `cursor` actions replayed.
fn consistent(lab: &Lab) {
    let replayed = lab.scenario.replay_prefix(lab.cursor).world;
    assert_eq!(lab.world.log().to_text(), replayed.log().to_text(), "the world at cursor {}", lab.cursor);
}

#[test]
fn undo_redo_and_scrub_keep_the_steps_after_the_cursor() {
    let mut l = lab(scenario("fifo", ""));
    for action in [send(0, 1, 1), send(0, 1, 2), deliver(1)] {
        l = l.update(action);
    }
    assert_eq!((l.cursor, l.scenario.actions.len()), (3, 3));
    assert!(l.can_undo() && !l.can_redo());

    let undone = l.clone().update(LabAction::Undo);
    assert_eq!((undone.cursor, undone.scenario.actions.len()), (2, 3), "Undo keeps the undone step");
    assert!(undone.can_redo());
    assert_eq!(undone.world.in_flight(0).count(), 2, "m1 is back in flight on P1→P2");
    consistent(&undone);

    let start = undone.update(LabAction::Scrub(0));
    assert_eq!((start.cursor, start.scenario.actions.len()), (0, 3));
    assert!(start.world.events().is_empty() && !start.can_undo() && start.can_redo());
    consistent(&start);

    let redone = start.update(LabAction::Redo).update(LabAction::Redo).update(LabAction::Redo);
    assert_eq!((redone.cursor, redone.scenario.actions.len()), (3, 3));
    assert_eq!(redone.world.log().to_text(), l.world.log().to_text(), "Redo to the end gives the same run");
    assert_eq!(*redone.scenario, *l.scenario);
    // Beyond the end there is nothing to redo.
    assert_eq!(redone.clone().update(LabAction::Redo).cursor, 3);
    assert_eq!(redone.update(LabAction::Scrub(99)).cursor, 3, "scrubbing stops at the last action");
}

#[test]
fn a_new_action_after_undo_drops_the_redo_tail() {
    let l = lab(scenario("fifo", "send P1 P2 1\nsend P1 P2 2\ndeliver m1\n"));
    assert_eq!(l.cursor, 3);
    let back = l.update(LabAction::Scrub(1));
    assert_eq!(back.scenario.actions.len(), 3);
    let next = back.update(send(1, 0, 5));
    assert_eq!((next.cursor, next.scenario.actions.len()), (2, 2), "the two undone actions are gone");
    assert_eq!(next.scenario.actions[1], Action::Send { from: 1, to: 0, amount: 5 });
    assert!(!next.can_redo());
    assert_eq!(next.link.as_ref(), snapshot_lab::formats::link::encode(&next.shareable()), "the link follows");
    consistent(&next);
}

#[test]
fn a_refused_action_changes_nothing_and_says_why() {
    // m2 is behind m1 on the FIFO channel P1→P2.
    let l = lab(scenario("fifo", "send P1 P2 1\nsend P1 P2 2\n"));
    let refused = l.clone().update(deliver(2));
    assert!(Rc::ptr_eq(&refused.world, &l.world) && Rc::ptr_eq(&refused.scenario, &l.scenario));
    assert_eq!(refused.cursor, l.cursor);
    let notice = refused.notice.as_ref().expect("a notice");
    assert!(notice.problem);
    assert!(
        notice.text.contains("m2 is not at the head of channel P1→P2")
            && notice.text.contains("m1 must be received first"),
        "{}",
        notice.text
    );
    assert_eq!(refused.narration, notice.text);
    // The same delivery on non-FIFO channels is taken.
    let taken = lab(scenario("non-fifo", "send P1 P2 1\nsend P1 P2 2\n")).update(deliver(2));
    assert_eq!(taken.cursor, 3);
    assert!(taken.notice.is_none());
}

/// The lab opened on an exercise of `kind`, level 1, seed 3.
fn exercise(kind: Kind) -> Rc<Lab> {
    lab(scenario("fifo", "")).update(LabAction::Open(Page::Exercise { kind, level: 1, seed: 3, scenario: None }))
}

#[test]
fn faults_and_new_rules_are_refused_outside_the_lab() {
    let crash = LabAction::Do(Action::Crash { process: 0 });
    // In the lab, a crash is taken.
    let l = lab(scenario("fifo", "send P1 P2 1\n"));
    assert_eq!(l.clone().update(LabAction::Do(Action::Crash { process: 0 })).cursor, 2);

    let step = STEPS.iter().position(|s| s.allow == Allow::ALL).expect("a lesson step that allows everything");
    let lesson = l.update(LabAction::Open(Page::Lesson { step, scenario: None }));
    assert!(matches!(lesson.mode, Mode::Lesson { .. }));
    let refused = lesson.clone().update(crash);
    assert!(Rc::ptr_eq(&refused.world, &lesson.world) && refused.cursor == lesson.cursor);
    assert!(refused.narration.contains("Faults (drop, duplicate, crash) are for the lab"), "{}", refused.narration);

    let rules = LabAction::SetRules { discipline: Discipline::NonFifo, algorithm: Algorithm::ChandyLamport };
    let refused = lesson.clone().update(rules);
    assert_eq!(refused.scenario.topology.discipline, lesson.scenario.topology.discipline);
    assert!(refused.narration.contains("can be changed in the lab"), "{}", refused.narration);

    let ex = exercise(Kind::SendGoal);
    let refused = ex.clone().update(LabAction::Do(Action::Crash { process: 0 }));
    assert!(Rc::ptr_eq(&refused.world, &ex.world));
    assert!(refused.narration.contains("are for the lab"), "{}", refused.narration);
}

#[test]
fn a_lesson_step_refuses_what_it_does_not_allow() {
    let step = STEPS.iter().position(|s| s.allow == Allow::SNAPSHOT).expect("a step that only allows a snapshot");
    let lesson = lab(scenario("fifo", "")).update(LabAction::Open(Page::Lesson { step, scenario: None }));
    assert_eq!(lesson.allow(), Allow::SNAPSHOT);
    let refused = lesson.clone().update(send(0, 1, 1));
    assert!(Rc::ptr_eq(&refused.world, &lesson.world));
    assert_eq!(refused.narration, "Not in this step of the lesson: follow the step's instruction.");
    let taken = lesson.clone().update(LabAction::Do(Action::Snapshot { process: 0 }));
    assert_eq!(taken.cursor, lesson.cursor + 1);
}

#[test]
fn an_order_the_deliveries_exercise_refuses_step_and_run() {
    let ex = exercise(Kind::OrderMarkers);
    let Mode::Exercise(practice) = &ex.mode else { panic!("an exercise") };
    assert!(matches!(practice.exercise.task, Task::OrderMarkers { .. }));
    assert!(!ex.world.deliverable().is_empty(), "there is something to deliver");
    for action in [LabAction::Step, LabAction::SetRunning(true), LabAction::RunTick] {
        let refused = ex.clone().update(action);
        assert!(Rc::ptr_eq(&refused.world, &ex.world) && !refused.running);
        assert_eq!(refused.narration, "In this exercise you choose the order: deliver the messages yourself.");
    }
    // Delivering by hand is the point.
    let message = ex.world.deliverable()[0];
    let taken = ex.clone().update(LabAction::Do(Action::Deliver { message }));
    assert_eq!(taken.cursor, ex.cursor + 1);
    // Sending is not: only deliveries count.
    let refused = ex.clone().update(LabAction::Do(Action::Internal { process: 0, delta: 1 }));
    assert!(Rc::ptr_eq(&refused.world, &ex.world));
}

#[test]
fn changing_the_rules_replays_the_run_and_undo_restores_it() {
    // On non-FIFO channels m2 overtakes m1; under FIFO that delivery is impossible.
    let l = lab(scenario("non-fifo", "send P1 P2 1\nsend P1 P2 2\ndeliver m2\ndeliver m1\n"));
    let before = (*l.scenario).clone();
    let fifo =
        l.clone().update(LabAction::SetRules { discipline: Discipline::Fifo, algorithm: Algorithm::ChandyLamport });
    assert_eq!(fifo.scenario.topology.discipline, Discipline::Fifo);
    assert_eq!((fifo.cursor, fifo.scenario.actions.len()), (2, 2), "the run stops before `deliver m2`");
    let notice = fifo.notice.as_ref().expect("a notice");
    assert!(notice.problem && notice.text.contains("With FIFO channels, Chandy–Lamport"), "{}", notice.text);
    assert!(notice.text.contains("Undo brings back the whole run"), "{}", notice.text);
    assert!(fifo.can_undo());
    consistent(&fifo);

    let undone = fifo.update(LabAction::Undo);
    assert_eq!(*undone.scenario, before, "the rules and every action are back");
    assert_eq!(undone.cursor, 4);
    assert_eq!(undone.world.log().to_text(), l.world.log().to_text());
    assert_eq!(undone.narration, "Undo: the rules and the run are back as they were.");

    // A change that keeps every action: Lai–Yang replays the same four actions.
    let ly = l.clone().update(LabAction::SetRules { discipline: Discipline::NonFifo, algorithm: Algorithm::LaiYang });
    assert_eq!((ly.cursor, ly.scenario.actions.len()), (4, 4));
    assert_eq!(ly.scenario.topology.algorithm, Algorithm::LaiYang);
    assert!(ly.notice.is_none());
    assert_eq!(ly.narration, "The run was replayed with non-FIFO channels, Lai–Yang.");
    // The same rules again change nothing.
    let same =
        l.clone().update(LabAction::SetRules { discipline: Discipline::NonFifo, algorithm: Algorithm::ChandyLamport });
    assert!(Rc::ptr_eq(&same.scenario, &l.scenario));
    assert!(same.rules_undo.is_empty());
}

#[test]
fn a_new_action_after_a_change_of_rules_forgets_its_undo() {
    let l = lab(scenario("fifo", "send P1 P2 1\n"));
    let changed =
        l.update(LabAction::SetRules { discipline: Discipline::NonFifo, algorithm: Algorithm::ChandyLamport });
    assert_eq!(changed.rules_undo.len(), 1);
    // Back one step: the change's Undo is kept for the position it was made at…
    let back = changed.update(LabAction::Scrub(0));
    assert_eq!(back.rules_undo.len(), 1);
    // …until a new action replaces the steps after the cursor.
    let next = back.update(send(1, 0, 1));
    assert!(next.rules_undo.is_empty());
    assert_eq!(next.scenario.topology.discipline, Discipline::NonFifo);
}

#[test]
fn checking_and_revealing_an_exercise_grade_it() {
    let ex = exercise(Kind::Count);
    let Mode::Exercise(practice) = &ex.mode else { panic!("an exercise") };
    assert!(practice.grade.is_none() && !practice.revealed);
    assert_eq!(ex.allow(), Allow::ALL, "a count exercise leaves the lab free");
    let Answer::Count(right) = exercise::solve(&practice.exercise) else { panic!("a count") };

    let wrong = ex.clone().update(LabAction::Check(Answer::Count(right + 1)));
    let Mode::Exercise(p) = &wrong.mode else { panic!("still the exercise") };
    assert_eq!(p.grade.as_ref().map(|g| g.correct), Some(false));
    assert!(!p.settled());
    assert!(wrong.narration.starts_with("Not yet"), "{}", wrong.narration);
    let entry = wrong.progress.entries.iter().find(|e| e.kind == Kind::Count).expect("counted in the progress");
    assert_eq!((entry.checked, entry.right), (1, 0));

    let correct = wrong.update(LabAction::Check(Answer::Count(right)));
    let Mode::Exercise(p) = &correct.mode else { panic!("still the exercise") };
    assert_eq!(p.grade.as_ref().map(|g| g.correct), Some(true));
    assert!(p.settled());
    assert_eq!(correct.narration, "Right.");
    let entry = correct.progress.entries.iter().find(|e| e.kind == Kind::Count).unwrap();
    assert_eq!((entry.checked, entry.right), (2, 1));

    // An exercise whose answer is a cut: revealing draws the snapshot's cut and settles it.
    let which = exercise(Kind::WhichCut);
    assert_eq!(which.allow(), Allow::NONE, "the run stays as it is until the answer");
    assert!(!which.shows_snapshots(), "the snapshot's cut would give the answer away");
    let refused = which.clone().update(LabAction::Step);
    assert!(refused.narration.starts_with("Answer first"), "{}", refused.narration);
    let revealed = which.update(LabAction::Reveal);
    let Mode::Exercise(p) = &revealed.mode else { panic!("still the exercise") };
    assert!(p.revealed && p.settled());
    assert_eq!(revealed.narration, "The solution is shown.");
    let Answer::Cut(cut) = exercise::solve(&p.exercise) else { panic!("a cut") };
    assert_eq!(revealed.drawn.as_deref(), Some(&cut));
    assert!(revealed.shows_snapshots() && revealed.allow() == Allow::ALL);
}

#[test]
fn checking_outside_an_exercise_changes_nothing() {
    let l = lab(scenario("fifo", "send P1 P2 1\n"));
    for action in [LabAction::Check(Answer::Count(1)), LabAction::Reveal, LabAction::CheckRun] {
        let next = l.clone().update(action);
        assert!(Rc::ptr_eq(&next.world, &l.world) && next.mode == Mode::Lab);
        assert!(next.progress.entries.is_empty());
    }
}

#[test]
fn reset_starts_the_lab_or_the_exercise_again() {
    let l = lab(scenario("fifo", "send P1 P2 1\ndeliver m1\n"));
    let reset = l.clone().update(LabAction::Reset);
    assert!(reset.scenario.actions.is_empty() && reset.cursor == 0);
    assert_eq!(reset.scenario.topology, l.scenario.topology, "the lab keeps its topology");
    assert_eq!(reset.narration, "Reset: back to the start.");

    let ex = exercise(Kind::SendGoal);
    let own = (*ex.scenario).clone();
    let c = ex.world.topology().channels()[0];
    let moved = ex.update(send(c.from, c.to, 1)).update(LabAction::Check(Answer::Count(0)));
    assert_ne!(*moved.scenario, own);
    let again = moved.update(LabAction::Reset);
    assert_eq!(*again.scenario, own, "the exercise's own start");
    let Mode::Exercise(p) = &again.mode else { panic!("still the exercise") };
    assert!(p.grade.is_none());
    assert_eq!(again.narration, "Reset: back to the start.");
    assert_eq!(again.progress.entries.len(), 1, "the progress is kept");
}

#[test]
fn a_bad_link_opens_the_default_scenario_with_a_notice() {
    let LabAction::Load { scenario, preset, notice } = open_link("v1.not-a-link", 7) else {
        panic!("a bad link loads the default scenario")
    };
    assert_eq!(scenario.seed, 7);
    assert_eq!(scenario, scenarios::default_scenario(7));
    assert_eq!(preset, DEFAULT_PRESET);
    let notice = notice.expect("a notice");
    assert!(notice.problem && notice.text.starts_with("This link could not be opened"), "{}", notice.text);
    // A good link opens its page.
    let link = snapshot_lab::formats::link::encode(&scenario);
    assert!(matches!(open_link(&link, 7), LabAction::Open(Page::Lab(s)) if s == scenario));
}

/// The practice of an exercise page.
fn practice(l: &Lab) -> &snapshot_lab::view::page::Practice {
    l.practice().expect("an exercise")
}

/// Checks the exercise's own solution as the page would: the form's answer, or the run.
fn check_solution(l: Rc<Lab>) -> Rc<Lab> {
    match exercise::solve(&practice(&l).exercise) {
        Answer::Lab(_) => l.update(LabAction::CheckRun),
        answer => l.update(LabAction::Check(answer)),
    }
}

#[test]
fn a_shown_solution_then_check_is_recorded_as_shown_not_solved() {
    for kind in Kind::ALL {
        let ex = exercise(kind);
        let shown = ex.update(LabAction::Reveal);
        let again = shown.clone().update(LabAction::Reveal);
        let checked = check_solution(again);
        let p = practice(&checked);
        assert_eq!(p.grade.as_ref().map(|g| g.correct), Some(true), "{kind:?}: the solution is right");
        assert!(checked.narration.contains("not counted as solved"), "{kind:?}: {}", checked.narration);
        let entry = checked.progress.entry(kind, 1).expect("in the progress");
        assert_eq!((entry.right, entry.checked, entry.shown), (0, 0, 1), "{kind:?}: shown once, not solved");
        assert_eq!(checked.progress.solved(), 0, "{kind:?}");
        assert_eq!(checked.progress.to_text(), format!("p1;{}.1=0/0/3/1", kind.id()));
    }
    // Reset does not make a shown solution the learner's.
    let ex = exercise(Kind::Count);
    let again = check_solution(ex.update(LabAction::Reveal).update(LabAction::Reset));
    assert_eq!(again.progress.entry(Kind::Count, 1).map(|e| (e.right, e.shown)), Some((0, 1)));
    // Solved first, then shown: still solved.
    let ex = exercise(Kind::Count);
    let solved = check_solution(ex).update(LabAction::Reveal);
    assert_eq!(solved.progress.solved(), 1);
}

#[test]
fn undo_at_an_exercise_start_keeps_the_given_setup() {
    let ex = lab(scenario("fifo", "")).update(LabAction::Open(Page::Exercise {
        kind: Kind::SendGoal,
        level: 1,
        seed: 1,
        scenario: None,
    }));
    let given = practice(&ex).exercise.scenario.actions.len();
    assert!(given > 0, "send-goal.1.1 starts with a given snapshot");
    assert_eq!((ex.cursor, ex.given()), (given, given));
    assert!(!ex.can_undo(), "the Undo button is disabled at the start");
    let refused = ex.clone().update(LabAction::Undo);
    assert_eq!(refused.cursor, given, "the given setup stays");
    assert!(Rc::ptr_eq(&refused.world, &ex.world));
    assert!(refused.narration.starts_with("This is where the exercise starts"), "{}", refused.narration);
    assert_eq!(ex.clone().update(LabAction::Scrub(0)).cursor, given, "the timeline stops at the setup too");

    // The learner's own actions are undoable, back to the setup and no further.
    let c = ex.world.topology().channels()[0];
    let moved = ex.update(send(c.from, c.to, 1));
    assert_eq!(moved.cursor, given + 1);
    assert!(moved.can_undo());
    let back = moved.update(LabAction::Undo);
    assert_eq!(back.cursor, given);
    assert!(!back.can_undo() && back.can_redo());
    assert!(back.update(LabAction::Undo).narration.starts_with("This is where the exercise starts"));

    // An exercise about a given run: none of it can be undone.
    let which = exercise(Kind::WhichCut);
    assert!(!which.can_undo());
    let cursor = which.cursor;
    assert_eq!(which.clone().update(LabAction::Undo).cursor, cursor);
    assert_eq!(which.update(LabAction::Scrub(0)).cursor, cursor);

    // The lab on its own is unchanged: everything can be undone.
    let l = lab(scenario("fifo", "send P1 P2 1\n"));
    assert_eq!(l.given(), 0);
    assert_eq!(l.update(LabAction::Undo).cursor, 0);
}

#[test]
fn a_count_is_read_as_a_whole_number_or_not_checked() {
    for (text, read) in [
        ("6", Some(6)),
        (" 6 ", Some(6)),
        ("6.0", Some(6)),
        ("6.", Some(6)),
        ("0", Some(0)),
        ("", None),
        ("1e1", None),
        ("-1", None),
        ("6.5", None),
        ("six", None),
        (".0", None),
        ("99999999999999999999999", None),
    ] {
        assert_eq!(exercise::parse_count(text), read, "{text:?}");
    }
    let ex = exercise(Kind::Count);
    for text in ["", "1e1", "-1"] {
        let next = ex.clone().update(LabAction::CheckCount(text.into()));
        assert_eq!(next.narration, "Enter a whole number.", "{text:?}");
        assert!(practice(&next).grade.is_none(), "{text:?}: not graded");
        assert!(next.progress.entry(Kind::Count, 1).is_some_and(|e| e.checked == 0), "{text:?}: not counted");
    }
    let Answer::Count(right) = exercise::solve(&practice(&ex).exercise) else { panic!("a count") };
    let next = ex.update(LabAction::CheckCount(format!("{right}.0")));
    assert_eq!(practice(&next).grade.as_ref().map(|g| g.correct), Some(true), "{right}.0 is {right}");
    assert_eq!(practice(&next).answer, Some(Answer::Count(right)));
}

#[test]
fn the_form_keeps_a_right_answer_and_shows_the_solution() {
    for kind in Kind::ALL {
        let ex = exercise(kind);
        assert_eq!(practice(&ex).answer, None, "{kind:?}: the form starts empty");
        let solution = exercise::solve(&practice(&ex).exercise);
        if !matches!(solution, Answer::Lab(_)) {
            let right = ex.clone().update(LabAction::Check(solution.clone()));
            assert_eq!(practice(&right).grade.as_ref().map(|g| g.correct), Some(true), "{kind:?}");
            assert_eq!(practice(&right).answer.as_ref(), Some(&solution), "{kind:?}: the right answer stays");
        }
        let shown = ex.update(LabAction::Reveal);
        assert_eq!(practice(&shown).answer.as_ref(), Some(&solution), "{kind:?}: the solution is in the form");
    }
    // A consistent cut's orphan pick is "(none)" in the solution too.
    let ex = exercise(Kind::IsConsistent);
    if let Answer::Consistent { consistent, orphan } = exercise::solve(&practice(&ex).exercise) {
        assert_eq!(consistent, orphan.is_none());
    }
}

#[test]
fn feedback_always_matches_the_run_on_screen() {
    // A wrong run's feedback goes when the run changes…
    let ex = exercise(Kind::SendGoal);
    let wrong = ex.update(LabAction::CheckRun);
    assert_eq!(practice(&wrong).grade.as_ref().map(|g| g.correct), Some(false));
    let c = wrong.world.topology().channels()[0];
    let moved = wrong.update(send(c.from, c.to, 1));
    assert!(practice(&moved).grade.is_none(), "feedback about the run before");
    // …and when the solution is shown.
    let wrong = moved.update(LabAction::CheckRun);
    assert!(practice(&wrong).grade.is_some());
    assert!(practice(&wrong.update(LabAction::Reveal)).grade.is_none());

    // Only events of the run on screen can be shown.
    for kind in Kind::ALL {
        let ex = exercise(kind);
        let n = ex.world.events().len() as u32;
        assert!(!ex.shows_event(0) && !ex.shows_event(n + 1));
        assert_eq!(ex.shows_event(n), n > 0);
        let answer = match exercise::solve(&practice(&ex).exercise) {
            Answer::Predict { states, channels } => {
                Answer::Predict { states: states.iter().map(|s| s.map(|v| v + 1)).collect(), channels }
            }
            Answer::Count(k) => Answer::Count(k + 1),
            Answer::Consistent { consistent, .. } => Answer::Consistent { consistent: !consistent, orphan: None },
            Answer::Cut(cut) => Answer::Cut(vec![0; cut.len()]),
            Answer::Lab(_) => Answer::Lab(ex.applied()),
            Answer::Claims(ticked) => Answer::Claims(ticked.iter().map(|t| !t).collect()),
            Answer::Breaks(p) => {
                Answer::Breaks(if p == Property::Safety { Property::Liveness } else { Property::Safety })
            }
        };
        let checked = ex.update(LabAction::Check(answer));
        assert!(checked.focus.is_none_or(|seq| checked.shows_event(seq)), "{kind:?}: focus {:?}", checked.focus);
    }
}

#[test]
fn ordering_the_deliveries_does_not_suggest_step_or_run() {
    let ex = exercise(Kind::OrderMarkers);
    assert!(!ex.allow().step, "Step and Run are disabled here");
    let checked = ex.update(LabAction::CheckRun);
    let grade = practice(&checked).grade.clone().expect("graded");
    assert!(!grade.correct);
    assert!(grade.feedback.iter().any(|f| f.text.contains("Deliver the markers in flight")), "{grade:?}");
    for f in &grade.feedback {
        assert!(!f.text.contains("Step or Run"), "{}", f.text);
    }
}

#[test]
fn the_fifo_step_is_done_only_after_the_refused_attempt() {
    use snapshot_lab::sim::{Channel, MessageRef};
    let step = STEPS.iter().position(|s| s.id == "fifo").expect("the FIFO step");
    let open = lab(scenario("fifo", "")).update(LabAction::Open(Page::Lesson { step, scenario: None }));
    let marker = || {
        LabAction::Do(Action::Deliver {
            message: MessageRef::Marker { snapshot: 1, channel: Channel { from: 0, to: 1 } },
        })
    };
    // In order, without trying the marker first: not done.
    let in_order = open.clone().update(deliver(1)).update(marker());
    assert!(in_order.world.events().len() > open.world.events().len(), "both delivered");
    assert!(!in_order.step_done(), "the step asks for the refused attempt first");
    // The marker first is refused; then m1 and the marker: done.
    let refused = open.update(marker());
    assert!(refused.notice.as_ref().is_some_and(|n| n.problem), "the lab says why");
    let done = refused.update(deliver(1)).update(marker());
    assert!(done.step_done());

    // Next replaces the learner's run with the next step's own: a notice says so.
    let next = done.clone().update(LabAction::Open(Page::Lesson { step: step + 1, scenario: None }));
    let notice = next.notice.as_ref().expect("a notice");
    assert!(!notice.problem && notice.text.starts_with("This step starts from its own run"), "{}", notice.text);
    // Not when nothing was done, nor on Reset.
    let quiet = lab(scenario("fifo", ""))
        .update(LabAction::Open(Page::Lesson { step, scenario: None }))
        .update(LabAction::Open(Page::Lesson { step: step + 1, scenario: None }));
    assert!(quiet.notice.is_none());
    assert!(done.update(LabAction::Reset).notice.is_none());
}

/// A presenter's clicker (Page Down is `Forward`, Page Up is Undo) walks a prepared run's
/// timeline and never drops its later steps; past the end it steps the run on.
#[test]
fn the_clicker_walks_a_prepared_run_and_keeps_its_steps() {
    let prepared = scenario("fifo", "send P1 P2 1\nsend P1 P2 2\nsend P2 P1 3\ndeliver m1\n");
    let mut l = lab(prepared.clone()).update(LabAction::Scrub(0));
    assert_eq!((l.cursor, l.scenario.actions.len()), (0, 4));
    // At step 0 of 4, Page Down is the run's own next step, four times.
    for step in 1..=4 {
        l = l.update(LabAction::Forward);
        assert_eq!((l.cursor, l.scenario.actions.len()), (step, 4), "Page Down redoes step {step}");
        assert_eq!(l.scenario.actions, prepared.actions, "the prepared steps are kept");
        consistent(&l);
    }
    // From the end: Page Up, then Page Down, is back at the end with every step.
    let back = l.clone().update(LabAction::Undo).update(LabAction::Forward);
    assert_eq!((back.cursor, &back.scenario.actions), (4, &prepared.actions));
    // Past the end, Page Down steps the run on (a new, seeded delivery).
    let on = l.update(LabAction::Forward);
    assert_eq!(on.cursor, 5, "a delivery is taken past the prepared steps");
    assert_eq!(&on.scenario.actions[..4], &prepared.actions[..]);
}

#[test]
fn seed_000s_marker_rule_is_a_switch_of_the_lab_that_replays_the_run_and_undo_restores_it() {
    use snapshot_lab::sim::MarkerRule;
    let l = lab(scenario("fifo", "snapshot P1\ndeliver marker S1 P1 P2\n"));
    assert!(!l.world.deliverable().is_empty(), "P2's marker back to P1 is in flight");
    let what_if = l.clone().update(LabAction::SetMarkers(MarkerRule::SkipSender));
    assert_eq!(what_if.scenario.topology.markers, MarkerRule::SkipSender);
    assert_eq!((what_if.cursor, what_if.scenario.actions.len()), (2, 2), "every action replays");
    assert_eq!(
        what_if.narration,
        "The run was replayed with FIFO channels, Chandy–Lamport, and no marker back to the first marker's sender (seed 000)."
    );
    // P2 sent no marker back: nothing left to deliver, and S1 never completes.
    assert!(what_if.world.deliverable().is_empty());
    assert!(!what_if.snapshots[0].complete);
    assert!(what_if.link.starts_with("v1."));
    let decoded = snapshot_lab::formats::link::decode(&what_if.link).unwrap();
    assert_eq!(decoded.topology.markers, MarkerRule::SkipSender, "the link keeps the switch");
    let undone = what_if.update(LabAction::Undo);
    assert_eq!(undone.scenario.topology.markers, MarkerRule::EveryOutgoing);
    // Lessons and exercises keep their rules.
    let step = STEPS.iter().position(|s| s.allow == Allow::ALL).unwrap();
    let lesson = l.update(LabAction::Open(Page::Lesson { step, scenario: None }));
    let refused = lesson.clone().update(LabAction::SetMarkers(MarkerRule::SkipSender));
    assert_eq!(refused.scenario.topology.markers, MarkerRule::EveryOutgoing);
    assert!(refused.narration.contains("can be changed in the lab"), "{}", refused.narration);
}

#[test]
fn a_prediction_plays_the_step_to_its_end_and_says_whether_it_was_right() {
    let l = lab(scenario("fifo", ""));
    let bank = snapshot_lab::teach::lesson::find("bank").unwrap();
    let p = STEPS[bank].predict.unwrap();
    let opened = l.update(LabAction::Open(Page::Lesson { step: bank, scenario: None }));
    assert_eq!(opened.cursor, p.at, "the step opens where the question is asked");
    assert!(!opened.snapshots[0].complete);
    assert_eq!(opened.prediction(), None);
    let wrong = opened.clone().update(LabAction::Predict(0));
    assert_eq!(wrong.cursor, wrong.scenario.actions.len(), "the answer plays the run to its end");
    assert!(wrong.snapshots[0].complete);
    assert_eq!(wrong.prediction(), Some((0, false)));
    assert!(wrong.narration.starts_with("Not quite: it is [m1], $100. "), "{}", wrong.narration);
    // Once per visit: a second answer changes nothing.
    let again = wrong.clone().update(LabAction::Predict(1));
    assert_eq!(again.prediction(), Some((0, false)));
    let right = opened.clone().update(LabAction::Predict(1));
    assert_eq!(right.prediction(), Some((1, true)));
    assert!(right.narration.starts_with("Right. m1 arrives while acct2 records C12"), "{}", right.narration);
    // Not a choice: nothing happens.
    let none = opened.clone().update(LabAction::Predict(7));
    assert_eq!((none.prediction(), none.cursor), (None, p.at));
    // Opening the step again asks again.
    let back = right.update(LabAction::Open(Page::Lesson { step: bank, scenario: None }));
    assert_eq!((back.prediction(), back.cursor), (None, p.at));
    // Outside a predict step, Predict does nothing.
    let first = opened.update(LabAction::Open(Page::Lesson { step: 0, scenario: None }));
    let ignored = first.clone().update(LabAction::Predict(0));
    assert_eq!(ignored.cursor, first.cursor);
}

#[test]
fn which_cut_gives_a_hint_on_the_first_miss_and_the_explanation_on_the_second() {
    let which = exercise(Kind::WhichCut);
    let n = which.world.topology().process_count();
    let first = which.clone().update(LabAction::Check(Answer::Cut(vec![0; n])));
    assert!(first.narration.starts_with("Not yet: Hint: the cut is off on the line"), "{}", first.narration);
    let Mode::Exercise(p) = &first.mode else { panic!("the exercise") };
    assert_eq!(p.misses, 1);
    assert!(!p.grade.as_ref().unwrap().feedback[0].text.contains("at event #"));
    let second = first.update(LabAction::Check(Answer::Cut(vec![0; n])));
    let Mode::Exercise(p) = &second.mode else { panic!("the exercise") };
    assert_eq!(p.misses, 2);
    assert!(p.grade.as_ref().unwrap().feedback.iter().any(|f| f.text.contains("at event #")), "the whole explanation");
    // Both misses are counted in the progress.
    let entry = second.progress.entries.iter().find(|e| e.kind == Kind::WhichCut).unwrap();
    assert_eq!((entry.checked, entry.right), (2, 0));
}
