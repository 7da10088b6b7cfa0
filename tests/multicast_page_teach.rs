//! The multicast page's teaching modes, natively (`view::page::multicast::teach`): a lesson
//! step opens its run at the question, refuses every action before the prediction and, after
//! it, each action the step does not permit, with the reason; the task done by letting the
//! step's copies arrive one at a time; the URL fragment follows the step and the exercise; an
//! exercise graded wrong then right; a bad link shows the default group and says what is wrong.

use snapshot_lab::formats::multicast_link;
use snapshot_lab::sim::multicast::Action;
use snapshot_lab::teach::multicast_exercise::{self as mx, Kind};
use snapshot_lab::teach::multicast_lesson::STEPS;
use snapshot_lab::teach::route;
use snapshot_lab::view::page::multicast::teach::{McAction, McMode, McPage};
use snapshot_lab::view::page::multicast::GroupAction;

/// The step's own remaining actions, as the learner's (each a copy arriving).
fn rest_of_run(page: &McPage) -> Vec<GroupAction> {
    page.lab.scenario.actions[page.lab.cursor..]
        .iter()
        .map(|a| match a {
            Action::Receive(copy) => GroupAction::Receive(*copy),
            other => panic!("a lesson task is only copies arriving, not {other:?}"),
        })
        .collect()
}

#[test]
fn every_step_asks_first_then_its_task_is_done_by_copies_arriving() {
    for (i, step) in STEPS.iter().enumerate() {
        let mut page = McPage::open(&route::multicast_lesson_fragment(i));
        assert_eq!(page.step().map(|(k, _)| k), Some(i));
        assert_eq!(page.fragment(), format!("v1.mc-lesson.{}", step.id));
        assert_eq!(page.lab.cursor, step.predict.at, "{}: opens at the question", step.id);
        assert!(page.lab.notice.is_none(), "{}: {:?}", step.id, page.lab.notice);
        assert!(!page.step_done(), "{}: not done before the learner acts", step.id);
        let rest = rest_of_run(&page);
        assert!(!rest.is_empty(), "{}", step.id);

        // Before the prediction, nothing moves; the reason says to predict first.
        let refused = page.apply(McAction::Do(rest[0].clone()));
        assert_eq!(refused.lab.group.log.len(), page.lab.group.log.len());
        assert!(
            refused.lab.notice.as_ref().is_some_and(|n| n.problem && n.text.contains("Predict first")),
            "{}",
            step.id
        );

        page = page.apply(McAction::Predict(step.predict.answer));
        assert_eq!(page.prediction(), Some((step.predict.answer, true)));
        // A second answer does not change the first.
        let again = page.apply(McAction::Predict((step.predict.answer + 1) % step.predict.choices.len()));
        assert_eq!(again.prediction(), page.prediction());

        // A multicast is not part of the step's run: refused with the reason, the run unchanged.
        let multicast = page.apply(McAction::Do(GroupAction::Multicast(0)));
        assert_eq!(multicast.lab.scenario, page.lab.scenario);
        assert!(multicast.lab.notice.as_ref().is_some_and(|n| n.text.starts_with("Not in this step")), "{}", step.id);
        let rules = page.apply(McAction::Do(GroupAction::SetMembers(4)));
        assert_eq!(rules.lab.scenario.setup, page.lab.scenario.setup);
        assert!(rules.lab.notice.is_some());

        for a in rest {
            page = page.apply(McAction::Do(a));
            assert!(page.lab.notice.is_none(), "{}: {:?}", step.id, page.lab.notice);
        }
        assert!(page.step_done(), "{}: the rest of the run does the task", step.id);
        assert_eq!(page.fragment(), format!("v1.mc-lesson.{}", step.id), "the URL stays on the step");
        // Undo back to before the question: the task is not done any more.
        let mut back = page.clone();
        while back.lab.cursor > step.predict.at.saturating_sub(1) && back.lab.cursor > 0 {
            back = back.apply(McAction::Do(GroupAction::Undo));
        }
        assert!(!back.step_done(), "{}", step.id);
    }
}

#[test]
fn a_wrong_prediction_is_kept_and_graded() {
    let step = &STEPS[0];
    let wrong = (step.predict.answer + 1) % step.predict.choices.len();
    let page = McPage::lesson(0).apply(McAction::Predict(wrong));
    assert_eq!(page.prediction(), Some((wrong, false)));
    // A choice that is not one is ignored.
    assert_eq!(McPage::lesson(0).apply(McAction::Predict(99)).prediction(), None);
}

#[test]
fn an_exercise_is_graded_wrong_then_right_and_its_run_stays() {
    for kind in Kind::ALL {
        for level in 1..=mx::LEVELS {
            let page = McPage::open(&route::multicast_exercise_fragment(kind, level, 3));
            let McMode::Exercise { exercise, .. } = &page.mode else { panic!("{kind:?} {level}: not an exercise") };
            assert_eq!(page.fragment(), mx::route(kind, level, 3));
            let right = mx::answer_text(&mx::solve(exercise));
            // Show the solution writes it into the box, unchecked.
            let McMode::Exercise { answer: shown, grade: None, .. } = &page.apply(McAction::Reveal).mode else {
                panic!()
            };
            assert_eq!(shown, &right);
            let wrong = match kind {
                Kind::Stamp => "[9]".to_string(),
                Kind::Deliverable | Kind::Orders if right.trim() == "none" || right.trim().is_empty() => match kind {
                    Kind::Deliverable => "m1".to_string(),
                    _ => "fifo".to_string(),
                },
                _ => "none".to_string(),
            };
            let graded = page.apply(McAction::Check(wrong.clone()));
            let McMode::Exercise { grade: Some(g), answer, .. } = &graded.mode else { panic!() };
            assert!(!g.correct, "{kind:?} {level}: {wrong} graded right");
            assert!(!g.feedback.is_empty());
            assert_eq!(answer, &wrong);
            let graded = graded.apply(McAction::Check(right.clone()));
            let McMode::Exercise { grade: Some(g), .. } = &graded.mode else { panic!() };
            assert!(g.correct, "{kind:?} {level}: {right} graded wrong: {:?}", g.feedback);
            // The run stays as generated while the learner answers.
            let moved = graded.apply(McAction::Do(GroupAction::Step));
            assert_eq!(moved.lab.cursor, graded.lab.cursor);
            assert!(moved.lab.notice.is_some());
        }
    }
}

#[test]
fn bad_links_open_the_default_group_and_say_what_is_wrong() {
    for (bad, says) in [
        ("v1.mc-lesson.nowhere", "nowhere"),
        ("v1.mc-ex.guess.1.1", "guess"),
        ("v1.mc-ex.stamp.7.1", "7"),
        ("v1.mc-ex.orders.1.x", "x"),
    ] {
        let page = McPage::open(bad);
        assert_eq!(page.mode, McMode::Free, "{bad}");
        assert_eq!(page.lab.group.log.len(), 0, "{bad}: the default group");
        let notice = page.lab.notice.as_ref().expect(bad);
        assert!(notice.problem && notice.text.contains(says), "{bad}: {}", notice.text);
    }
    let list = McPage::open(route::MULTICAST_EXERCISES_FRAGMENT);
    assert_eq!(list.mode, McMode::Exercises);
    assert_eq!(list.fragment(), route::MULTICAST_EXERCISES_FRAGMENT);
    // Free-lab actions still work there; leaving a mode by a run's link is the free lab.
    let free = McPage::open(&McPage::lesson(2).lab.link);
    assert_eq!(free.mode, McMode::Free);
}

#[test]
fn a_lesson_link_keeps_the_learners_run_in_that_step() {
    let mut tried = 0;
    for (i, step) in STEPS.iter().enumerate() {
        let page = McPage::lesson(i);
        let own = page.fragment();
        assert_eq!(own, format!("v1.mc-lesson.{}", step.id), "the step's own run: the old link");
        let rest = rest_of_run(&page);
        // One copy arriving, partway through the step's run (a run played to its end is the
        // step's own, and its link the old one, as the snapshot lab's lesson does).
        if rest.len() < 2 {
            assert_eq!(
                page.apply(McAction::Predict(step.predict.answer)).apply(McAction::Do(rest[0].clone())).fragment(),
                own
            );
            continue;
        }
        tried += 1;
        let page = page.apply(McAction::Predict(step.predict.answer)).apply(McAction::Do(rest[0].clone()));
        assert_eq!(page.lab.cursor, step.predict.at + 1, "{}", step.id);
        let fragment = page.fragment();
        assert!(fragment.starts_with(&format!("{own}.")), "{}: the link carries the run: {fragment}", step.id);

        // Opened again: the same step, the learner's run as it was, the task measured the same.
        let opened = McPage::open(&fragment);
        assert_eq!(opened.step().map(|(k, _)| k), Some(i));
        assert_eq!(opened.lab.link, page.lab.link, "{}", step.id);
        assert_eq!(opened.lab.group.log, page.lab.group.log);
        assert_eq!(opened.step_done(), page.step_done(), "{}", step.id);
        assert_eq!(opened.fragment(), fragment, "{}: the link is stable", step.id);
        assert!(opened.lab.notice.is_none(), "{:?}", opened.lab.notice);
    }
    assert!(tried >= 3, "{tried} steps tried");
}

#[test]
fn the_bare_multicast_page_restores_the_saved_run_and_any_link_wins() {
    let preset = McPage::open("v1.multicast.fifo-not-causal");
    let mut run = preset.apply(McAction::Do(GroupAction::Multicast(1)));
    run = run.apply(McAction::Do(GroupAction::Step));
    let saved = run.saved_run().expect("the free lab keeps its run").to_string();
    assert!(saved.starts_with("v1.mc."));

    for bare in ["v1.multicast", "v1.multicast&lang=ko"] {
        let (page, unreadable) = McPage::start(bare, Some(&saved));
        assert!(!unreadable);
        assert_eq!(page.lab.link, run.lab.link, "{bare} restores the run");
        assert_eq!(page.lab.group.log, run.lab.group.log);
        assert_eq!(page.mode, McMode::Free);
    }
    // A preset's unchanged run comes back with its name in the Scenario combobox.
    let (page, _) = McPage::start("v1.multicast", preset.saved_run());
    assert_eq!(page.preset, Some("fifo-not-causal"));

    // A link wins: a preset, a run, a lesson step, an exercise list.
    let other = McPage::open("v1.multicast.basic-crash");
    for link in ["v1.multicast.basic-crash".to_string(), other.lab.link.to_string()] {
        let (page, _) = McPage::start(&link, Some(&saved));
        assert_eq!(page.lab.link, other.lab.link, "{link}");
    }
    let (page, _) = McPage::start(&route::multicast_lesson_fragment(0), Some(&saved));
    assert_eq!(page.step().map(|(k, _)| k), Some(0));
    assert_eq!(McPage::start("v1.mc-exercises", Some(&saved)).0.mode, McMode::Exercises);
    // Nothing saved: the default group, no notice.
    let (page, unreadable) = McPage::start("v1.multicast", None);
    assert!(!unreadable && page.lab.notice.is_none());
    assert_eq!(page.lab.link, McPage::open("v1.multicast").lab.link);

    // Saved text that is not a run: the default group, a notice that says so, set aside.
    for bad in ["v1.mc.@@@", "v1.mc.", "not a link", &saved[..saved.len() - 3]] {
        let (page, unreadable) = McPage::start("v1.multicast", Some(bad));
        assert!(unreadable, "{bad}");
        assert_eq!(page.lab.link, McPage::open("v1.multicast").lab.link, "{bad}");
        let notice = page.lab.notice.as_ref().expect("a notice");
        assert!(!notice.problem, "it asks nothing of the learner");
        assert!(notice.text.contains("could not be read"), "{}", notice.text);
    }

    // Only the free lab keeps its run (a lesson's or an exercise's is in its link).
    assert_eq!(McPage::lesson(0).saved_run(), None);
    assert_eq!(McPage::open("v1.mc-ex.stamp.1.1").saved_run(), None);
    assert!(multicast_link::decode(&saved).is_ok());
}
