//! What the page is doing around the lab: the lab on its own, a lesson step, an exercise, or
//! the list of exercises, as data. What each mode does to the lab is in `guide`.

use std::rc::Rc;

use crate::sim::Scenario;
use crate::teach::exercise::{Answer, Exercise, Grade, Task};
use crate::teach::route::Page;

/// The page's mode.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    Lab,
    /// A lesson step; `since`: how many events the step's starting world had (its task counts
    /// only what the learner did after); `refused`: the lab refused a delivery during the step
    /// (a task may ask for that attempt); `predicted`: the choice the learner made in the step's
    /// predict-then-see question, if any.
    Lesson {
        step: usize,
        since: usize,
        refused: bool,
        predicted: Option<usize>,
    },
    Exercise(Rc<Practice>),
    Exercises,
}

/// An exercise being worked on.
#[derive(Clone, Debug, PartialEq)]
pub struct Practice {
    pub exercise: Exercise,
    /// The last answer's grade.
    pub grade: Option<Grade>,
    /// The solution was shown.
    pub revealed: bool,
    /// The answer the form shows: the learner's last checked answer (kept when it is right),
    /// or the solution once shown.
    pub answer: Option<Answer>,
    /// Wrong answers checked so far: the first miss of a kind that hints gets the hint
    /// ([`crate::teach::exercise::hint`]), later misses the full explanation.
    pub misses: u32,
    /// On a teacher's own scenario (the editor's exercise link): its key in the progress
    /// ([`crate::teach::progress::scenario_key`]), so that it has progress of its own.
    pub own: Option<String>,
}

impl Practice {
    /// Done: answered right, or the solution was shown.
    pub fn settled(&self) -> bool {
        self.revealed || self.grade.as_ref().is_some_and(|g| g.correct)
    }

    /// The learner answers in the lab itself (sending and delivering).
    pub fn in_lab(&self) -> bool {
        matches!(self.exercise.task, Task::SendGoal { .. } | Task::OrderMarkers { .. } | Task::Count)
    }
}

impl Mode {
    /// The page this mode shows, with a scenario (`None`: the page's own start; the lab on its
    /// own has none, its page is its scenario).
    pub fn page(&self, scenario: Option<Scenario>) -> Option<Page> {
        Some(match self {
            Mode::Lab => Page::Lab(scenario?),
            Mode::Lesson { step, .. } => Page::Lesson { step: *step, scenario },
            Mode::Exercise(p) => {
                let e = &p.exercise;
                Page::Exercise { kind: e.kind, level: e.level, seed: e.seed, scenario }
            }
            Mode::Exercises => Page::Exercises,
        })
    }
}
