//! What a lesson step or an exercise does to the lab: opening a page (keeping the learner's
//! progress), what each mode lets the learner do, whether a lesson step's task is done, checking
//! and revealing an exercise's answer, what is shown meanwhile (snapshots, the drawn cut's
//! report), and the URL fragment each mode keeps. Pure over [`Lab`] and [`Mode`]; the panels
//! that show modes are the page's lesson and exercise panels.

use crate::i18n::tr;
use std::rc::Rc;

use super::mode::{Mode, Practice};
use super::state::Lab;
use crate::formats::link;
use crate::sim::cut::{check_cut, CutReport};
use crate::sim::Scenario;
use crate::teach::exercise::{self, Answer, Task};
use crate::teach::lesson::{Allow, Step, STEPS};
use crate::teach::route::{self, Page};

/// A step's own scenario, decoded from its link.
fn step_scenario(step: &Step) -> Option<Scenario> {
    step.link.and_then(|l| link::decode(l).ok())
}

impl Lab {
    /// Opens a page, keeping the learner's progress.
    pub fn open(&self, page: Page) -> Lab {
        let mut progress = (*self.progress).clone();
        let mut next = match page {
            Page::Lab(scenario) => Lab::new(scenario, String::new(), None),
            Page::Lesson { step, scenario } => {
                let own = STEPS.get(step).and_then(step_scenario);
                // The task counts what happened after the step's own start; a learner's run
                // from a link is measured against that start.
                let own_start = match (&own, &scenario) {
                    (Some(own), Some(_)) => Some(own.replay().world.events().len()),
                    _ => None,
                };
                let replaces = scenario.is_none() && own.is_some();
                let start = scenario.or(own).unwrap_or_else(|| self.applied());
                let mut lab = Lab::new(start, String::new(), None);
                // A predict-then-see step opens its own run where the question is asked; the
                // answer plays the rest.
                if let (true, Some(p)) = (replaces, STEPS.get(step).and_then(|s| s.predict.as_ref())) {
                    lab = lab.scrub(p.at);
                }
                let since = own_start.unwrap_or(lab.world.events().len());
                lab.mode = Mode::Lesson { step, since, refused: false, predicted: None };
                // Another step's own run replaces the learner's: say so when they had acted.
                if let Mode::Lesson { step: from, since: before, .. } = self.mode {
                    if from != step && replaces && self.world.events().len() > before {
                        lab.notice = Some(super::state::Notice {
                            text: tr("This step starts from its own run: what you did in the previous step is not carried over.").into(),
                            problem: false,
                        });
                    }
                }
                lab.drawn = STEPS.get(step).and_then(|s| s.cut).map(|c| Rc::new(c.to_vec()));
                progress.lesson = STEPS.get(step).map(|s| s.id.to_string());
                lab
            }
            Page::Exercise { kind, level, seed, scenario } => {
                let mut exercise = exercise::generate(kind, level, seed);
                // "Count the markers" on a teacher's own topology (the scenario editor's
                // exercise link): the topology is the link's, the question the same, the
                // progress its own (unless it is the built-in exercise's very scenario).
                let mut own = None;
                if let Some(s) = scenario.as_ref().filter(|s| kind == exercise::Kind::Count && s.actions.is_empty()) {
                    if *s != exercise.scenario {
                        own = Some(crate::teach::progress::scenario_key(s));
                    }
                    exercise.scenario = s.clone();
                }
                // Reset keeps a shown solution shown: starting the same exercise again does not
                // make its answer the learner's.
                let revealed = matches!(&self.mode, Mode::Exercise(p)
                    if p.revealed && (p.exercise.kind, p.exercise.level, p.exercise.seed) == (kind, level, seed));
                let practice = Practice { exercise, grade: None, revealed, answer: None, misses: 0, own };
                let start = match scenario {
                    Some(s) if practice.in_lab() && s.topology == practice.exercise.scenario.topology => s,
                    _ => practice.exercise.scenario.clone(),
                };
                let mut lab = Lab::new(start, String::new(), None);
                lab.drawn = match &practice.exercise.task {
                    Task::IsConsistent { cut } => Some(Rc::new(cut.clone())),
                    Task::WhichCut { .. } => Some(Rc::new(vec![0; lab.world.topology().process_count()])),
                    _ => None,
                };
                lab.narration = practice.exercise.prompt.clone();
                progress.opened(kind, level, seed, practice.own.as_deref());
                lab.mode = Mode::Exercise(Rc::new(practice));
                lab
            }
            Page::Exercises => {
                let mut lab = self.clone();
                lab.mode = Mode::Exercises;
                lab.drawn = None;
                lab.running = false;
                lab
            }
        };
        next.progress = Rc::new(progress);
        next
    }

    /// The lesson step shown, if any.
    pub fn lesson_step(&self) -> Option<(usize, &'static Step)> {
        match self.mode {
            Mode::Lesson { step, .. } => STEPS.get(step).map(|s| (step, s)),
            _ => None,
        }
    }

    /// The learner's prediction on this lesson step, graded: (their choice, right or not).
    pub fn prediction(&self) -> Option<(usize, bool)> {
        let Mode::Lesson { predicted: Some(choice), .. } = self.mode else { return None };
        let (_, step) = self.lesson_step()?;
        Some((choice, step.predict.as_ref()?.grade(choice)?))
    }

    /// The learner predicts: the choice is kept, and the step's run plays to its end to show
    /// what happens, with the verdict on the prediction as the narration. Once per visit.
    pub(super) fn predict(&self, choice: usize) -> Lab {
        let Mode::Lesson { step, since, refused, predicted: None } = self.mode else { return self.clone() };
        let Some(p) = STEPS.get(step).and_then(|s| s.predict.as_ref()) else { return self.clone() };
        let Some(right) = p.grade(choice) else { return self.clone() };
        let mut next = self.scrub(self.scenario.actions.len());
        next.mode = Mode::Lesson { step, since, refused, predicted: Some(choice) };
        next.narration = p.feedback(right);
        next
    }

    /// Whether the lesson step's task is done (`true` when it has none).
    pub fn step_done(&self) -> bool {
        match (&self.mode, self.lesson_step()) {
            (Mode::Lesson { since, refused, .. }, Some((_, step))) => step.task.as_ref().is_none_or(|t| {
                (*refused || !t.goal.needs_refusal())
                    && t.goal.done(&self.world, *since, self.drawn.as_deref().map(Vec::as_slice))
            }),
            _ => false,
        }
    }

    pub fn practice(&self) -> Option<&Practice> {
        match &self.mode {
            Mode::Exercise(p) => Some(p),
            _ => None,
        }
    }

    /// What the learner may do now.
    pub fn allow(&self) -> Allow {
        match &self.mode {
            Mode::Lab | Mode::Exercises => Allow::ALL,
            Mode::Lesson { .. } => self.lesson_step().map_or(Allow::ALL, |(_, s)| s.allow),
            Mode::Exercise(p) if p.settled() => Allow::ALL,
            Mode::Exercise(p) => match p.exercise.task {
                Task::SendGoal { .. } | Task::Count => Allow::ALL,
                Task::OrderMarkers { .. } => Allow { deliver: true, ..Allow::NONE },
                _ => Allow::NONE,
            },
        }
    }

    /// Checks an answer to the exercise and counts it in the progress (not once the solution
    /// was shown: a shown solution is not a solved exercise). The form keeps the answer.
    pub fn check(&self, answer: &Answer) -> Lab {
        let Mode::Exercise(practice) = &self.mode else { return self.clone() };
        let mut grade = exercise::grade(&practice.exercise, answer);
        // The first miss gets a hint where the kind has one; the second, the whole explanation.
        if !grade.correct && practice.misses == 0 && !practice.revealed {
            if let Some(hint) = exercise::hint(&practice.exercise, answer) {
                grade = hint;
            }
        }
        let misses = practice.misses + u32::from(!grade.correct);
        let mut progress = (*self.progress).clone();
        let e = &practice.exercise;
        if !practice.revealed {
            progress.checked(e.kind, e.level, e.seed, practice.own.as_deref(), grade.correct);
        }
        let mut next = self.clone();
        next.narration = match (grade.correct, grade.feedback.first()) {
            (true, _) if practice.revealed => {
                tr("Right. The solution was shown, so this one is not counted as solved.").into()
            }
            (true, _) => tr("Right.").into(),
            (false, Some(f)) => crate::tf!("Not yet: {0}", f.text),
            (false, None) => tr("Not yet.").into(),
        };
        next.focus = grade.feedback.iter().find_map(|f| f.event).filter(|&seq| self.shows_event(seq));
        let kept = Some(answer.clone());
        next.mode =
            Mode::Exercise(Rc::new(Practice { grade: Some(grade), answer: kept, misses, ..(**practice).clone() }));
        next.progress = Rc::new(progress);
        next
    }

    /// Shows the exercise's solution, the same way for every kind: the run it is about (the
    /// finished run, or a winning run), and the answer in the form (the snapshot's cut drawn).
    /// The last answer's feedback, about another run or answer, goes. The progress records the
    /// solution as shown.
    pub fn reveal(&self) -> Lab {
        let Mode::Exercise(practice) = &self.mode else { return self.clone() };
        if practice.revealed {
            return self.clone();
        }
        let e = &practice.exercise;
        let solution = exercise::solve(e);
        let mut next = match (&e.task, &solution) {
            (Task::Predict { solution, .. }, _) => Lab::new(solution.clone(), String::new(), None),
            (_, Answer::Lab(s)) => Lab::new(s.clone(), String::new(), None),
            (Task::WhichCut { .. }, Answer::Cut(c)) => Lab { drawn: Some(Rc::new(c.clone())), ..self.clone() },
            _ => self.clone(),
        };
        let mut progress = (*self.progress).clone();
        progress.shown(e.kind, e.level, e.seed, practice.own.as_deref());
        next.progress = Rc::new(progress);
        next.narration = tr("The solution is shown.").into();
        next.focus = None;
        next.mode = Mode::Exercise(Rc::new(Practice {
            revealed: true,
            grade: None,
            answer: Some(solution),
            ..(**practice).clone()
        }));
        next
    }

    /// Whether event `seq` is in the run on screen (feedback links only to those).
    pub fn shows_event(&self, seq: u32) -> bool {
        seq >= 1 && seq as usize <= self.world.events().len()
    }

    /// After the run on screen changed: a wrong answer's feedback, about the run as it was,
    /// goes (a right answer stays, and settles the exercise).
    pub(super) fn forget_stale_grade(&mut self, before: &Lab) {
        let Mode::Exercise(practice) = &self.mode else { return };
        let stale = practice.grade.as_ref().is_some_and(|g| !g.correct);
        if stale && !Rc::ptr_eq(&self.world, &before.world) {
            self.mode = Mode::Exercise(Rc::new(Practice { grade: None, ..(**practice).clone() }));
        }
    }

    /// Whether the snapshots' cuts and panels are shown (hidden while they would give an
    /// exercise's answer away).
    pub fn shows_snapshots(&self) -> bool {
        match &self.mode {
            Mode::Exercise(p) => {
                p.settled() || !matches!(p.exercise.task, Task::WhichCut { .. } | Task::IsConsistent { .. })
            }
            _ => true,
        }
    }

    /// The drawn cut's report (orphans and messages in transit), when it is to be shown.
    pub fn drawn_report(&self) -> Option<Rc<CutReport>> {
        let cut = self.drawn.as_ref()?;
        let show = match &self.mode {
            Mode::Exercise(p) => p.settled() && !matches!(p.exercise.task, Task::WhichCut { .. }),
            _ => true,
        };
        let cut = crate::view::cut_text::fitted(self.world.log(), cut)?;
        show.then(|| check_cut(self.world.log(), &cut).ok()).flatten().map(Rc::new)
    }

    /// Whether the learner may draw and move a cut: in the lab and the lesson (an exercise's
    /// cut is its question).
    pub fn cut_editable(&self) -> bool {
        matches!(self.mode, Mode::Lab | Mode::Lesson { .. })
    }

    /// The lesson step's example cuts, if any.
    pub fn example_cuts(&self) -> &'static [crate::teach::lesson::Example] {
        self.lesson_step().map_or(&[], |(_, s)| s.examples)
    }

    /// The URL fragment for the page as it is now, given the scenario's link
    /// (`link::encode(&self.shareable())`, which the page computes once per change).
    pub fn fragment(&self, link: &str) -> String {
        match &self.mode {
            // While editing, `&edit`: a reload comes back to the editor (`Lab::resume_editing`).
            Mode::Lab if self.editing.is_some() => format!("{link}&edit"),
            Mode::Lab => link.to_string(),
            Mode::Lesson { step, .. } => {
                let own = STEPS.get(*step).and_then(|s| s.link);
                route::lesson_fragment(*step, (own != Some(link)).then(|| self.shareable()).as_ref())
            }
            Mode::Exercise(p) => {
                let e = &p.exercise;
                let own = || {
                    e.kind == exercise::Kind::Count
                        && e.scenario != exercise::generate(e.kind, e.level, e.seed).scenario
                };
                let changed = p.in_lab() && (*self.scenario != e.scenario || own());
                route::exercise_fragment(e.kind, e.level, e.seed, changed.then(|| self.shareable()).as_ref())
            }
            Mode::Exercises => route::EXERCISES_FRAGMENT.to_string(),
        }
    }
}
