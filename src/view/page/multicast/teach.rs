//! The multicast page's state with its teaching modes (issue 22), in plain Rust: the free lab,
//! a lesson step (`teach::multicast_lesson`), an exercise (`teach::multicast_exercise`) or the
//! list of exercises. [`McPage::open`] reads any multicast fragment (a broken one: the default
//! group and a message saying what is wrong); [`McPage::apply`] is the page's reducer; the URL
//! fragment follows the mode ([`McPage::fragment`]: the lesson step, the exercise, or the run).
//!
//! A lesson step opens its run at the predict question; the learner predicts first, then lets
//! copies arrive: an action the step does not permit (`Step::permits`) is refused with the
//! reason. An exercise's run stays as generated while the learner answers.

use std::rc::Rc;

use super::{default_setup, GroupAction, GroupLab};
use crate::formats::{multicast_link, multicast_presets};
use crate::i18n::{say, tr};
use crate::sim::multicast::{Action, Scenario};
use crate::teach::multicast_exercise::{self as mx, Exercise, Grade, Kind};
use crate::teach::multicast_lesson::{self as ml, Step};
use crate::teach::route::{self, MulticastPage};
use crate::tf;
use crate::view::page::Notice;

/// What the multicast page is doing besides showing the group.
#[derive(Clone, Debug, PartialEq)]
pub enum McMode {
    /// The free lab: every action allowed.
    Free,
    /// A lesson step: `since` is the log's length when the step's question is asked (its task
    /// counts events from there); `predicted`: the learner's choice, once made.
    Lesson { step: usize, since: usize, predicted: Option<usize> },
    /// An exercise, the learner's last checked answer and its grade.
    Exercise { exercise: Rc<Exercise>, answer: String, grade: Option<Grade> },
    /// The list of exercise kinds and levels, beside the default group.
    Exercises,
}

/// Everything the multicast page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct McPage {
    pub lab: Rc<GroupLab>,
    /// The preset the run came from, while its run is unchanged (the Scenario combobox shows it).
    pub preset: Option<&'static str>,
    pub mode: McMode,
}

/// What changes the multicast page.
#[derive(Clone, Debug, PartialEq)]
pub enum McAction {
    /// The learner's action on the lab (refused when the mode does not permit it).
    Do(GroupAction),
    /// Another run in the free lab (a preset, the default group).
    Load(GroupLab, Option<&'static str>),
    /// A multicast fragment (a link opened, Back): its page.
    Open(String),
    /// A sentence for the narration line (Copy link).
    Say(String),
    /// A notice that asks nothing of the learner (role `status`): storage is not keeping the run.
    Tell(String),
    /// The notice closed.
    Dismiss,
    /// The lesson's question answered with this choice.
    Predict(usize),
    /// The exercise's answer, checked.
    Check(String),
    /// The exercise's solution, written into the answer box (not checked).
    Reveal,
}

/// The default group: three members, FIFO order, basic multicast, nothing sent.
pub fn default_lab() -> GroupLab {
    GroupLab::new(Scenario { setup: default_setup(), actions: Vec::new(), cursor: None })
}

/// The lab of a lesson step: its run, opened where its question is asked.
pub fn lesson_lab(step: &Step) -> GroupLab {
    match multicast_link::decode(step.link) {
        Ok(scenario) => GroupLab::new(Scenario { cursor: Some(step.predict.at), ..scenario }),
        Err(e) => {
            let mut lab = default_lab();
            lab.notice = Some(Notice { text: say(&e), problem: true });
            lab
        }
    }
}

impl McPage {
    /// The free lab with this run.
    pub fn free(lab: GroupLab, preset: Option<&'static str>) -> McPage {
        McPage { lab: Rc::new(lab), preset, mode: McMode::Free }
    }

    /// A lesson step (an index into `multicast_lesson::STEPS`; the first step beyond the last).
    pub fn lesson(step: usize) -> McPage {
        let step = if step < ml::STEPS.len() { step } else { 0 };
        let lab = lesson_lab(&ml::STEPS[step]);
        let since = lab.group.log.len();
        McPage { lab: Rc::new(lab), preset: None, mode: McMode::Lesson { step, since, predicted: None } }
    }

    /// A lesson step with the learner's run in it (from a link): the task counts what happened
    /// after the step's own question, as in the step's own run; the learner predicts again.
    pub fn lesson_with(step: usize, run: Scenario) -> McPage {
        let step = if step < ml::STEPS.len() { step } else { 0 };
        let since = lesson_lab(&ml::STEPS[step]).group.log.len();
        let lab = GroupLab::new(run);
        let since = since.min(lab.group.log.len());
        McPage { lab: Rc::new(lab), preset: None, mode: McMode::Lesson { step, since, predicted: None } }
    }

    /// A generated exercise, its run on the lab.
    pub fn exercise(kind: Kind, level: u8, seed: u64) -> McPage {
        let exercise = mx::generate(kind, level, seed);
        let lab = GroupLab::new(exercise.scenario.clone());
        McPage {
            lab: Rc::new(lab),
            preset: None,
            mode: McMode::Exercise { exercise: Rc::new(exercise), answer: String::new(), grade: None },
        }
    }

    /// The page a multicast fragment names; a broken one: the default group and why.
    pub fn open(fragment: &str) -> McPage {
        match route::parse_multicast(fragment) {
            Ok(MulticastPage::Default) => McPage::free(default_lab(), None),
            Ok(MulticastPage::Preset(id, scenario)) => McPage::free(GroupLab::new(scenario), Some(id)),
            Ok(MulticastPage::Run(scenario)) => McPage::free(GroupLab::new(scenario), None),
            Ok(MulticastPage::Lesson(step)) => McPage::lesson(step),
            Ok(MulticastPage::LessonRun(step, run)) => McPage::lesson_with(step, run),
            Ok(MulticastPage::Exercise { kind, level, seed }) => McPage::exercise(kind, level, seed),
            Ok(MulticastPage::Exercises) => McPage { mode: McMode::Exercises, ..McPage::free(default_lab(), None) },
            Err(e) => {
                let mut lab = default_lab();
                lab.notice = Some(Notice {
                    text: tf!("This link could not be opened: {0}. Showing the default group instead.", e),
                    problem: true,
                });
                McPage::free(lab, None)
            }
        }
    }

    /// The page the multicast lab starts with: as [`McPage::open`], except that the bare
    /// `v1.multicast` (no run, no preset, no lesson named) restores `saved`, the learner's last
    /// run kept in the browser (its `v1.mc.` link), as the snapshot lab restores its saved
    /// scenario when opened with no link: a link always wins. A saved run that cannot be read
    /// gives the default group and a notice saying so; the second value is then `true` (the
    /// page sets the saved text aside).
    pub fn start(fragment: &str, saved: Option<&str>) -> (McPage, bool) {
        let saved = saved.filter(|_| route::route_part(fragment) == route::MULTICAST_FRAGMENT);
        let Some(saved) = saved else { return (McPage::open(fragment), false) };
        match multicast_link::decode(saved.trim()) {
            Ok(run) => {
                let preset = multicast_presets::PRESETS.iter().find(|p| p.scenario().is_ok_and(|s| s == run));
                (McPage::free(GroupLab::new(run), preset.map(|p| p.id)), false)
            }
            Err(e) => {
                let mut lab = default_lab();
                lab.notice = Some(Notice {
                    text: tf!(
                        "Your last multicast run, kept in this browser, could not be read ({0}). It was set aside; here is the default group.",
                        say(&e)
                    ),
                    problem: false,
                });
                (McPage::free(lab, None), true)
            }
        }
    }

    /// The run this page keeps in the browser (its `v1.mc.` link): the free lab's, nothing in a
    /// lesson or an exercise (as the snapshot lab keeps its lab's run only).
    pub fn saved_run(&self) -> Option<&str> {
        (self.mode == McMode::Free).then_some(&*self.lab.link)
    }

    /// The URL fragment of the page: the lesson step, the exercise, the list, or the run.
    pub fn fragment(&self) -> String {
        match &self.mode {
            McMode::Free => self.lab.link.to_string(),
            // The learner's run comes along once it is not the step's own, at its question or
            // played to its end (as `v1.lesson.` does).
            McMode::Lesson { step, .. } => match ml::STEPS.get(*step) {
                Some(s) if *self.lab.link != *s.link && lesson_lab(s).link != self.lab.link => {
                    let shared = Scenario {
                        cursor: (self.lab.cursor < self.lab.scenario.actions.len()).then_some(self.lab.cursor),
                        ..(*self.lab.scenario).clone()
                    };
                    route::multicast_lesson_run_fragment(*step, &shared)
                }
                _ => route::multicast_lesson_fragment(*step),
            },
            McMode::Exercise { exercise, .. } => mx::route(exercise.kind, exercise.level, exercise.seed),
            McMode::Exercises => route::MULTICAST_EXERCISES_FRAGMENT.to_string(),
        }
    }

    /// The run's name in an export's file name (`formats::export::file_name`): the preset
    /// (`multicast-fifo-not-causal`), the lesson step (`mc-lesson-<id>`), the exercise
    /// (`mc-<kind>-<level>-<seed>`), else `multicast`.
    pub fn name(&self) -> String {
        match &self.mode {
            McMode::Lesson { step, .. } => {
                ml::STEPS.get(*step).map_or("multicast".into(), |s| format!("mc-lesson-{}", s.id))
            }
            McMode::Exercise { exercise: e, .. } => format!("mc-{}-{}-{}", e.kind.id(), e.level, e.seed),
            McMode::Free | McMode::Exercises => match self.preset {
                Some(id) => format!("multicast-{id}"),
                None => "multicast".into(),
            },
        }
    }

    /// The lesson step on screen, with its index.
    pub fn step(&self) -> Option<(usize, &'static Step)> {
        match self.mode {
            McMode::Lesson { step, .. } => ml::STEPS.get(step).map(|s| (step, s)),
            _ => None,
        }
    }

    /// The learner's prediction on this step, graded: (their choice, right or not).
    pub fn prediction(&self) -> Option<(usize, bool)> {
        let McMode::Lesson { step, predicted: Some(choice), .. } = self.mode else { return None };
        Some((choice, ml::STEPS.get(step)?.predict.grade(choice)?))
    }

    /// Whether the step's task is done (its goal, on the events since the question).
    pub fn step_done(&self) -> bool {
        let McMode::Lesson { step, since, .. } = self.mode else { return false };
        ml::STEPS.get(step).is_some_and(|s| s.task.goal.done(&self.lab.group.log, since))
    }

    /// Why the mode refuses this action, if it does.
    pub fn refusal(&self, action: &GroupAction) -> Option<String> {
        if matches!(action, GroupAction::Select(_)) {
            return None;
        }
        match &self.mode {
            McMode::Free | McMode::Exercises => None,
            McMode::Exercise { .. } => Some(
                tr("The exercise's run stays as it is while you answer: open it in the free lab to try things.")
                    .to_string(),
            ),
            McMode::Lesson { predicted: None, .. } => Some(
                tr("Predict first: choose an answer to the lesson's question, then let the copies arrive.").to_string(),
            ),
            McMode::Lesson { step, .. } => {
                let step = ml::STEPS.get(*step)?;
                let core = match action {
                    GroupAction::Multicast(from) => Some(Action::Multicast { from: *from, reach: None }),
                    GroupAction::MulticastPartial { from, reach } => {
                        Some(Action::Multicast { from: *from, reach: Some(reach.clone()) })
                    }
                    GroupAction::Receive(copy) => Some(Action::Receive(*copy)),
                    GroupAction::Crash(p) => Some(Action::Crash(*p)),
                    GroupAction::Step | GroupAction::Undo | GroupAction::Redo | GroupAction::Seek(_) => None,
                    _ => {
                        return Some(
                            tr("In the lesson the step's rules stay as they are: leave the lesson for the free lab to change them.")
                                .to_string(),
                        )
                    }
                };
                match core {
                    Some(a) if !step.permits(&a) => Some(
                        tr("Not in this step: its run's multicasts and crashes are made already; only copies arrive. The free lab lets you multicast and crash.")
                            .to_string(),
                    ),
                    _ => None,
                }
            }
        }
    }

    /// The page after `action`. Never panics.
    pub fn apply(&self, action: McAction) -> McPage {
        match action {
            McAction::Do(a) => {
                if let Some(text) = self.refusal(&a) {
                    let lab = GroupLab { notice: Some(Notice { text, problem: true }), ..(*self.lab).clone() };
                    return McPage { lab: Rc::new(lab), ..self.clone() };
                }
                let lab = self.lab.update(a);
                // The preset stays picked while its run is the same (moving along its timeline).
                let preset = self.preset.filter(|_| lab.scenario == self.lab.scenario);
                McPage { lab: Rc::new(lab), preset, mode: self.mode.clone() }
            }
            McAction::Load(lab, preset) => McPage::free(lab, preset),
            McAction::Open(fragment) => McPage::open(&fragment),
            McAction::Say(text) => {
                let lab = GroupLab { narration: text, ..(*self.lab).clone() };
                McPage { lab: Rc::new(lab), ..self.clone() }
            }
            McAction::Tell(text) => {
                let lab = GroupLab { notice: Some(Notice { text, problem: false }), ..(*self.lab).clone() };
                McPage { lab: Rc::new(lab), ..self.clone() }
            }
            McAction::Dismiss => {
                let lab = GroupLab { notice: None, ..(*self.lab).clone() };
                McPage { lab: Rc::new(lab), ..self.clone() }
            }
            McAction::Predict(choice) => match self.mode {
                McMode::Lesson { step, since, predicted: None }
                    if ml::STEPS.get(step).is_some_and(|s| s.predict.grade(choice).is_some()) =>
                {
                    // The notice that asked for the prediction has done its work.
                    let lab = GroupLab { notice: None, ..(*self.lab).clone() };
                    McPage {
                        lab: Rc::new(lab),
                        preset: self.preset,
                        mode: McMode::Lesson { step, since, predicted: Some(choice) },
                    }
                }
                _ => self.clone(),
            },
            McAction::Check(text) => match &self.mode {
                McMode::Exercise { exercise, .. } => {
                    let grade = mx::grade_text(exercise, &text);
                    McPage {
                        mode: McMode::Exercise { exercise: exercise.clone(), answer: text, grade: Some(grade) },
                        ..self.clone()
                    }
                }
                _ => self.clone(),
            },
            McAction::Reveal => match &self.mode {
                McMode::Exercise { exercise, .. } => McPage {
                    mode: McMode::Exercise {
                        exercise: exercise.clone(),
                        answer: mx::answer_text(&mx::solve(exercise)),
                        grade: None,
                    },
                    ..self.clone()
                },
                _ => self.clone(),
            },
        }
    }
}
