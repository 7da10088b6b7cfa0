//! The reducer: what the learner did, as one closed enum ([`LabAction`]), and the lab it leads
//! to ([`Lab::update`]), after the refusals (what a lesson step or an exercise does not allow,
//! and faults or new rules outside the lab). Plain Rust over [`Lab`], tested natively
//! (`tests/page_state.rs`); the page wires it to Yew.

use crate::i18n::tr;
use std::rc::Rc;

use super::mode::Mode;
use super::state::{Lab, Notice};
use crate::sim::{Action, Algorithm, Discipline, MarkerRule, ProcessId, Scenario};
use crate::teach::exercise::Answer;
use crate::teach::lesson::Allow;
use crate::teach::route::{self, Page};

/// When every message in flight is to a crashed process.
const STUCK: &str = crate::en!("Nothing can be delivered: every message in flight is to a crashed process.");

/// What the learner did.
#[derive(Clone)]
pub enum LabAction {
    /// Take an action at the cursor (drops the redo tail).
    Do(Action),
    Undo,
    Redo,
    /// Move the timeline cursor.
    Scrub(usize),
    /// One seeded random delivery.
    Step,
    /// A presenter's clicker's Page Down: Redo while the run has steps after the cursor (a
    /// prepared run walks its timeline), else Step. Never drops steps Redo could bring back.
    Forward,
    /// One step of a run; stops the run when there is nothing left to do.
    RunTick,
    SetRunning(bool),
    SetSpeed(u32),
    /// Back to the scenario's start (no actions), keeping the topology.
    Reset,
    /// Replace the scenario (a preset, a link).
    Load {
        scenario: Scenario,
        preset: String,
        notice: Option<Notice>,
    },
    Select(Option<ProcessId>),
    SetAmount(i64),
    Say(String),
    /// Tell the learner something that asks nothing of them (a notice with role `status`), after
    /// the notice already shown, if any.
    Tell(&'static str),
    /// Tell the learner that what they asked for failed and why (a notice with role `alert`, in
    /// place of any other): e.g. a file that could not be opened, from wherever it came.
    Warn(String),
    DismissNotice,
    ToggleHelp,
    /// Escape: close the shortcuts dialog if open, else clear the selection.
    Escape,
    /// Show one event in detail (`None`: none).
    Focus(Option<u32>),
    /// Move the detailed event by this many events (keyboard), within the log.
    FocusBy(i64),
    /// Open a page (from a link, the navigation, or a lesson or exercise button).
    Open(Page),
    /// Draw this cut on the space-time diagram (the learner's pick).
    DrawCut(Vec<usize>),
    /// Remove the drawn cut.
    ClearCut,
    /// Check an answer to the exercise.
    Check(Answer),
    /// Check the exercise on the learner's own run (the lab-driven kinds).
    CheckRun,
    /// Check a count of markers as typed in the answer box (a whole number, or it is not
    /// checked and the learner is told so).
    CheckCount(String),
    /// Show the exercise's solution.
    Reveal,
    /// Run the scenario's actions again under other rules: channel discipline and snapshot
    /// algorithm.
    SetRules {
        discipline: Discipline,
        algorithm: Algorithm,
    },
    /// Answer the lesson step's predict-then-see question with this choice (then see the run).
    Predict(usize),
    /// Run the scenario's actions again under another marker rule (seed 000's "what if": no
    /// marker back to the first marker's sender).
    SetMarkers(MarkerRule),
    /// The scenario editor: enter or leave edit mode, or one edit.
    Edit(super::editor::EditAction),
}

impl Lab {
    /// The reducer: the lab after the learner's `action`. A refused action changes nothing but
    /// the narration (and stops a run). The page (`ui`) makes this its Yew reducer.
    pub fn update(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        if let Some(refusal) = self.refusal(&action) {
            return Rc::new(Lab { narration: refusal, running: false, ..(*self).clone() });
        }
        let moves = matches!(
            action,
            LabAction::Do(_)
                | LabAction::Undo
                | LabAction::Redo
                | LabAction::Scrub(_)
                | LabAction::Step
                | LabAction::RunTick
        );
        let mut next = match action {
            LabAction::Forward => {
                let next = if self.can_redo() { LabAction::Redo } else { LabAction::Step };
                return self.update(next);
            }
            LabAction::Do(a) => self.act(a),
            LabAction::Undo => self.undo(),
            LabAction::Redo => self.scrub(self.cursor + 1),
            // The timeline does not go back past an exercise's given setup.
            LabAction::Scrub(c) => self.scrub(c.max(self.given())),
            LabAction::Step | LabAction::RunTick => match self.scenario.step_choice(&self.world) {
                Some(a) if !(matches!(action, LabAction::RunTick) && self.run_goal().holds(&self.world)) => {
                    let mut next = self.act(a);
                    if matches!(action, LabAction::RunTick) {
                        next.running = next.running && !next.run_goal().holds(&next.world);
                    }
                    next
                }
                _ => {
                    let mut next = (*self).clone();
                    next.running = false;
                    next.narration = if self.world.is_quiescent() {
                        tr("No message is in flight: there is nothing to deliver.").into()
                    } else if self.world.deliverable().is_empty() {
                        crate::i18n::translate(STUCK).into()
                    } else {
                        tr("Done: every snapshot is complete.").into()
                    };
                    next
                }
            },
            LabAction::SetRunning(on) => {
                let mut next = (*self).clone();
                next.running = on && self.scenario.step_choice(&self.world).is_some();
                if on && !next.running {
                    next.narration = if self.world.is_quiescent() {
                        tr("No message is in flight: there is nothing to run.").into()
                    } else {
                        crate::i18n::translate(STUCK).into()
                    };
                }
                next
            }
            LabAction::SetSpeed(ms) => Lab { speed_ms: ms.clamp(50, 3000), ..(*self).clone() },
            // A lesson step or an exercise starts again from its own start; the lab keeps its
            // topology.
            LabAction::Reset => match self.mode.page(None) {
                Some(page) => {
                    let mut next = self.open(page);
                    next.narration = tr("Reset: back to the start.").into();
                    next
                }
                None => {
                    let mut scenario = (*self.scenario).clone();
                    scenario.actions.clear();
                    scenario.view.cursor = None;
                    let mut next = Lab::new(scenario, self.preset.clone(), None);
                    next.narration = tr("Reset: back to the start.").into();
                    next
                }
            },
            LabAction::Load { scenario, preset, notice } => {
                Lab { progress: self.progress.clone(), ..Lab::new(scenario, preset, notice) }
            }
            LabAction::Open(page) => self.open(page),
            LabAction::DrawCut(cut) => Lab { drawn: Some(Rc::new(cut)), ..(*self).clone() },
            LabAction::ClearCut => Lab { drawn: None, ..(*self).clone() },
            LabAction::Check(answer) => self.check(&answer),
            LabAction::CheckRun => self.check(&Answer::Lab(self.applied())),
            LabAction::CheckCount(text) => match crate::teach::exercise::parse_count(&text) {
                Some(k) => self.check(&Answer::Count(k)),
                None if self.practice().is_some() => {
                    Lab { narration: tr("Enter a whole number.").into(), ..(*self).clone() }
                }
                None => (*self).clone(),
            },
            LabAction::Reveal => self.reveal(),
            LabAction::SetRules { discipline, algorithm } => {
                self.set_rules(discipline, algorithm, self.scenario.topology.markers)
            }
            LabAction::Predict(choice) => self.predict(choice),
            LabAction::SetMarkers(markers) => {
                let t = &self.scenario.topology;
                self.set_rules(t.discipline, t.algorithm, markers)
            }
            LabAction::Select(p) => {
                let mut next = (*self).clone();
                next.selected = p;
                next
            }
            LabAction::SetAmount(a) => Lab { amount: a, ..(*self).clone() },
            LabAction::Say(text) => Lab { narration: text, ..(*self).clone() },
            LabAction::Tell(text) => {
                let notice = match &self.notice {
                    Some(n) => Notice { text: format!("{} {text}", n.text), problem: n.problem },
                    None => Notice { text: text.into(), problem: false },
                };
                Lab { notice: Some(notice), ..(*self).clone() }
            }
            LabAction::Warn(text) => Lab { notice: Some(Notice { text, problem: true }), ..(*self).clone() },
            LabAction::DismissNotice => Lab { notice: None, ..(*self).clone() },
            LabAction::ToggleHelp => Lab { help_open: !self.help_open, ..(*self).clone() },
            LabAction::Focus(seq) => Lab { focus: seq, ..(*self).clone() },
            LabAction::FocusBy(delta) => {
                let count = self.world.events().len() as i64;
                if count == 0 {
                    return self;
                }
                let current = self.focus.map_or(if delta > 0 { 0 } else { count + 1 }, i64::from);
                Lab { focus: Some((current + delta).clamp(1, count) as u32), ..(*self).clone() }
            }
            LabAction::Escape if self.help_open => Lab { help_open: false, ..(*self).clone() },
            LabAction::Escape => Lab { selected: None, ..(*self).clone() },
            LabAction::Edit(edit) => self.edit(edit),
        };
        // Edit mode belongs to the lab on its own.
        if next.mode != Mode::Lab {
            next.editing = None;
        }
        if moves {
            next.forget_stale_grade(&self);
        }
        Rc::new(next)
    }

    /// Why an action is not allowed in this mode, if it is not.
    pub fn refusal(&self, action: &LabAction) -> Option<String> {
        let allow = self.allow();
        if let LabAction::Edit(edit) = action {
            return self.edit_refusal(edit);
        }
        // While editing, the run stands still.
        if self.editing.is_some()
            && matches!(
                action,
                LabAction::Do(_)
                    | LabAction::Undo
                    | LabAction::Redo
                    | LabAction::Scrub(_)
                    | LabAction::Step
                    | LabAction::Forward
                    | LabAction::RunTick
                    | LabAction::SetRunning(true)
                    | LabAction::Reset
                    | LabAction::SetRules { .. }
                    | LabAction::SetMarkers(_)
            )
        {
            return Some(
                tr("Finish editing first: Done editing runs the new scenario, Cancel keeps the old one.").into(),
            );
        }
        // Faults break the assumptions the lesson and the exercises rely on: the lab only.
        if let LabAction::Do(a) = action {
            if a.is_fault() && !matches!(self.mode, Mode::Lab) {
                return Some(
                    tr("Faults (drop, duplicate, crash) are for the lab, not for lessons or exercises.").into(),
                );
            }
        }
        if matches!(action, LabAction::Undo) && !self.can_undo() && self.given() > 0 {
            return Some(
                tr("This is where the exercise starts: its given actions cannot be undone, only your own.").into(),
            );
        }
        if matches!(action, LabAction::SetRules { .. } | LabAction::SetMarkers(_)) && !matches!(self.mode, Mode::Lab) {
            return Some(tr("The rules (FIFO channels, the snapshot algorithm) can be changed in the lab, not in lessons or exercises.").into());
        }
        let allowed = match action {
            LabAction::Do(Action::Send { .. } | Action::Internal { .. }) => allow.send,
            LabAction::Do(Action::Deliver { .. }) => allow.deliver,
            LabAction::Do(Action::Snapshot { .. } | Action::Join { .. }) => allow.snapshot,
            LabAction::Step | LabAction::RunTick | LabAction::SetRunning(true) => allow.step,
            _ => true,
        };
        if allowed {
            return None;
        }
        Some(match self.mode {
            Mode::Exercise(_) if allow == Allow::NONE => {
                tr("Answer first: the run stays as it is until you check your answer (or show the solution).").into()
            }
            Mode::Exercise(_) => tr("In this exercise you choose the order: deliver the messages yourself.").into(),
            _ => tr("Not in this step of the lesson: follow the step's instruction.").into(),
        })
    }
}

/// The page for a link, or the default scenario (with `seed`) with a notice saying what is wrong
/// with it.
pub fn open_link(fragment: &str, seed: u64) -> LabAction {
    match route::parse(fragment) {
        Ok(page) => LabAction::Open(page),
        Err(error) => LabAction::Load {
            scenario: super::scenarios::default_scenario(seed),
            preset: super::scenarios::DEFAULT_PRESET.into(),
            notice: Some(Notice {
                text: crate::tf!("This link could not be opened: {0}. Showing the default scenario instead.", error),
                problem: true,
            }),
        },
    }
}
