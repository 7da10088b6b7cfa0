//! The lab's state: the scenario (every action taken, including those after the timeline
//! cursor that Redo can bring back) is the source of truth; the world at the cursor, the
//! snapshots, their verdicts and the link are derived from it after every change. Here: building
//! a lab from a scenario, and the timeline (an action at the cursor, Undo, Redo, scrubbing, a
//! change of the rules and its Undo), each a new `Lab`. What a mode adds is in `guide`; the
//! reducer that turns the learner's actions into these is in `reducer`.

use crate::i18n::tr;
use std::rc::Rc;

use super::mode::Mode;
use crate::formats::link;
use crate::sim::cut::{check_snapshot, Verdict};
use crate::sim::snapshot::{assemble, Snapshot};
use crate::sim::{Action, Algorithm, Discipline, MarkerRule, ProcessId, Scenario, SnapshotId, Until, World};
use crate::teach::progress::Progress;

/// A message for the learner: what went wrong, or what just happened that needs attention.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    /// `true` for problems (shown with role `alert`).
    pub problem: bool,
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct Lab {
    pub scenario: Rc<Scenario>,
    /// How many of the scenario's actions are applied.
    pub cursor: usize,
    pub world: Rc<World>,
    pub snapshots: Rc<Vec<Snapshot>>,
    pub verdicts: Rc<Vec<(SnapshotId, Verdict)>>,
    /// The process whose actions are shown (and which sends when another is chosen).
    pub selected: Option<ProcessId>,
    /// The amount the next message carries.
    pub amount: i64,
    pub notice: Option<Notice>,
    /// The live narration line.
    pub narration: String,
    pub running: bool,
    /// Milliseconds between steps while running.
    pub speed_ms: u32,
    pub preset: String,
    pub help_open: bool,
    /// The event shown in detail (by sequence number), from hovering or focusing it in the
    /// space-time diagram; its process and message light up in the other diagram.
    pub focus: Option<u32>,
    /// A new number whenever a different scenario is loaded: within one run the log is a pure
    /// function of the actions, so parts drawn from an unchanged prefix can be kept.
    pub run: u32,
    /// The lab on its own, a lesson step, an exercise, or the list of exercises.
    pub mode: Mode,
    /// A cut drawn on the space-time diagram (a lesson step's, an exercise's, or the learner's
    /// pick), one position per process.
    pub drawn: Option<Rc<Vec<usize>>>,
    pub progress: Rc<Progress>,
    /// The scenario's `v1.` link (of [`Lab::shareable`]), derived with the world.
    pub link: Rc<str>,
    /// The runs as they were before each change of the rules (channel discipline, snapshot
    /// algorithm), latest last: Undo at the position of a change brings that run back.
    pub rules_undo: Rc<Vec<RulesUndo>>,
    /// The scenario editor, while the lab is in edit mode (`editor`).
    pub editing: Option<Rc<super::editor::Editing>>,
}

/// A run as it was before the rules changed.
#[derive(Clone, Debug)]
pub struct RulesUndo {
    pub scenario: Rc<Scenario>,
    pub cursor: usize,
    /// The cursor right after the change: Undo from here restores the run.
    pub at: usize,
}

/// Numbers for [`Lab::run`].
static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

impl PartialEq for Lab {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && self.cursor == other.cursor
            && Rc::ptr_eq(&self.scenario, &other.scenario)
            && self.selected == other.selected
            && self.amount == other.amount
            && self.notice == other.notice
            && self.narration == other.narration
            && self.running == other.running
            && self.speed_ms == other.speed_ms
            && self.preset == other.preset
            && self.help_open == other.help_open
            && self.run == other.run
            && self.focus == other.focus
            && self.mode == other.mode
            && self.drawn == other.drawn
            && Rc::ptr_eq(&self.progress, &other.progress)
            && Rc::ptr_eq(&self.rules_undo, &other.rules_undo)
            && self.editing == other.editing
    }
}

impl Lab {
    pub fn new(scenario: Scenario, preset: String, notice: Option<Notice>) -> Self {
        let replay = scenario.replay();
        let mut scenario = scenario;
        let mut notice = notice;
        if let Some(error) = &replay.error {
            // Keep the actions that could be applied; say which one could not.
            scenario.actions.truncate(error.index);
            notice = Some(Notice { text: crate::tf!("This scenario stops early: {0}.", error), problem: true });
        }
        let applied = scenario.actions.len();
        let cursor = scenario.view.cursor.map_or(applied, |c| (c as usize).min(applied));
        let world = if cursor == applied { replay.world } else { scenario.replay_prefix(cursor).world };
        let mut lab = Lab {
            scenario: Rc::new(scenario),
            cursor,
            world: Rc::new(world),
            snapshots: Rc::default(),
            verdicts: Rc::default(),
            selected: None,
            amount: 100,
            notice,
            narration: String::new(),
            running: false,
            speed_ms: 600,
            preset,
            help_open: false,
            focus: None,
            run: RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            mode: Mode::Lab,
            drawn: None,
            progress: Rc::default(),
            link: Rc::from(""),
            rules_undo: Rc::default(),
            editing: None,
        };
        lab.derive();
        lab.narration = lab.describe_position();
        lab
    }

    /// Recomputes what is derived from the world.
    fn derive(&mut self) {
        let snapshots = assemble(self.world.log());
        let verdicts =
            snapshots.iter().filter_map(|s| check_snapshot(self.world.log(), s).map(|v| (s.id, v))).collect();
        self.snapshots = Rc::new(snapshots);
        self.verdicts = Rc::new(verdicts);
        self.link = Rc::from(link::encode(&self.shareable()));
    }

    /// The scenario as it should be shared: every action, with the cursor when it is not at the end.
    pub fn shareable(&self) -> Scenario {
        let mut s = (*self.scenario).clone();
        s.view.cursor = (self.cursor < s.actions.len()).then_some(self.cursor as u32);
        s
    }

    /// The scenario up to the cursor.
    pub fn applied(&self) -> Scenario {
        let mut s = (*self.scenario).clone();
        s.actions.truncate(self.cursor);
        s.view.cursor = None;
        s
    }

    /// The scenario's name, for export file names: the lesson step's or the exercise's, else
    /// the preset the run comes from (chosen, or recognised from the topology), else empty.
    pub fn name(&self) -> String {
        match &self.mode {
            Mode::Lesson { step, .. } => {
                crate::teach::lesson::STEPS.get(*step).map_or(String::new(), |s| format!("lesson-{}", s.id))
            }
            Mode::Exercise(p) => {
                let e = &p.exercise;
                format!("{}-{}-{}", e.kind.id(), e.level, e.seed)
            }
            Mode::Lab | Mode::Exercises if !self.preset.is_empty() => self.preset.clone(),
            Mode::Lab | Mode::Exercises => super::scenarios::preset_of(&self.scenario).unwrap_or_default().to_string(),
        }
    }

    pub fn can_undo(&self) -> bool {
        self.cursor > self.given() || self.rules_undo_here().is_some()
    }

    /// How many of the scenario's first actions are given (an exercise's setup): Undo and the
    /// timeline do not go back past them; the learner's own actions come after.
    pub fn given(&self) -> usize {
        match &self.mode {
            Mode::Exercise(p) => {
                let given = &p.exercise.scenario.actions;
                if self.scenario.actions.starts_with(given) {
                    given.len()
                } else {
                    0
                }
            }
            _ => 0,
        }
    }

    /// The run before the last change of the rules, when Undo would bring it back now.
    fn rules_undo_here(&self) -> Option<&RulesUndo> {
        self.rules_undo.last().filter(|u| u.at == self.cursor)
    }

    /// Replays the actions under other rules. An action that becomes impossible is named, and
    /// the run stops before it; Undo brings back the run as it was.
    pub(super) fn set_rules(&self, discipline: Discipline, algorithm: Algorithm, markers: MarkerRule) -> Self {
        let topology = &self.scenario.topology;
        if topology.discipline == discipline && topology.algorithm == algorithm && topology.markers == markers {
            return self.clone();
        }
        let mut scenario = (*self.scenario).clone();
        scenario.topology.discipline = discipline;
        scenario.topology.algorithm = algorithm;
        scenario.topology.markers = markers;
        scenario.view.cursor = None;
        let replay = scenario.replay();
        let stopped = replay.error.clone();
        if let Some(error) = &stopped {
            scenario.actions.truncate(error.index);
        }
        let cursor = self.cursor.min(scenario.actions.len());
        let world = if cursor == scenario.actions.len() { replay.world } else { scenario.replay_prefix(cursor).world };
        let mut next = self.with_world(scenario, cursor, world);
        let mut undo = (*self.rules_undo).clone();
        undo.push(RulesUndo { scenario: self.scenario.clone(), cursor: self.cursor, at: cursor });
        next.rules_undo = Rc::new(undo);
        let rules = if discipline == Discipline::Fifo {
            crate::tf!("FIFO channels, {0}", algorithm.name())
        } else {
            crate::tf!("non-FIFO channels, {0}", algorithm.name())
        };
        let rules = match markers {
            MarkerRule::EveryOutgoing => rules,
            MarkerRule::SkipSender => {
                crate::tf!("{0}, and no marker back to the first marker's sender (seed 000)", rules)
            }
        };
        next.narration = crate::tf!("The run was replayed with {0}.", rules);
        if let Some(error) = stopped {
            next.notice = Some(Notice {
                text: crate::tf!(
                    "With {0}, {1}. The run stops before it; Undo brings back the whole run as it was.",
                    rules,
                    error
                ),
                problem: true,
            });
        }
        next
    }

    /// Undo: back one action, or back to the rules before their last change.
    pub(super) fn undo(&self) -> Self {
        let Some(u) = self.rules_undo_here().cloned() else {
            return self.scrub(self.cursor.saturating_sub(1));
        };
        let world = u.scenario.replay_prefix(u.cursor).world;
        let mut next = self.with_world((*u.scenario).clone(), u.cursor, world);
        let mut undo = (*self.rules_undo).clone();
        undo.pop();
        next.rules_undo = Rc::new(undo);
        next.narration = tr("Undo: the rules and the run are back as they were.").into();
        next
    }

    pub fn can_redo(&self) -> bool {
        self.cursor < self.scenario.actions.len()
    }

    /// What a run is waiting for: the snapshots to complete if one is running, else quiet.
    pub fn run_goal(&self) -> Until {
        if self.world.snapshots().iter().any(|s| !s.complete) {
            Until::SnapshotsComplete
        } else {
            Until::Quiescent
        }
    }

    fn describe_position(&self) -> String {
        if self.cursor == 0 {
            return tr("Nothing has happened yet. Drag a process onto another to send a message, or start a snapshot.")
                .into();
        }
        self.narrate_action(self.cursor - 1)
    }

    /// One sentence about what action `index` did: its first event, and the rule that fired.
    fn narrate_action(&self, index: usize) -> String {
        let events = &self.world.log().events;
        let first = events.iter().position(|e| e.action as usize == index);
        let Some(first) = first else { return String::new() };
        let e = &events[first];
        // Sentences end in each language's own full stop.
        let text = crate::tf!("{0}. {1}.", e.describe(), capitalise(&crate::i18n::say(&self.world.log().explain(e))));
        match events[first..]
            .iter()
            .take_while(|x| x.action as usize == index)
            .find(|x| matches!(x.kind, crate::sim::EventKind::SnapshotComplete { .. }))
        {
            Some(done) => crate::tf!("{0} {1}.", text, done.describe()),
            None => text,
        }
    }

    pub(super) fn with_world(&self, scenario: Scenario, cursor: usize, world: World) -> Self {
        let mut next = self.clone();
        next.scenario = Rc::new(scenario);
        next.cursor = cursor;
        next.world = Rc::new(world);
        next.notice = None;
        next.focus = next.focus.filter(|&seq| seq as usize <= next.world.events().len());
        next.derive();
        next.narration = next.describe_position();
        next
    }

    pub(super) fn act(&self, action: Action) -> Self {
        let mut world = (*self.world).clone();
        match world.apply(&action) {
            Ok(_) => {
                let mut scenario = (*self.scenario).clone();
                scenario.actions.truncate(self.cursor);
                scenario.actions.push(action);
                scenario.view.cursor = None;
                let cursor = scenario.actions.len();
                let mut next = self.with_world(scenario, cursor, world);
                // A new action replaces the redo tail, and with it any later change of rules.
                if self.rules_undo.iter().any(|u| u.at > self.cursor) {
                    next.rules_undo =
                        Rc::new(self.rules_undo.iter().filter(|u| u.at <= self.cursor).cloned().collect());
                }
                next
            }
            Err(error) => {
                let mut next = self.clone();
                let text = crate::tf!("Cannot {0}: {1}.", action, error);
                if let (Mode::Lesson { step, since, predicted, .. }, Action::Deliver { .. }) = (&self.mode, &action) {
                    next.mode = Mode::Lesson { step: *step, since: *since, refused: true, predicted: *predicted };
                }
                next.narration = text.clone();
                next.notice = Some(Notice { text, problem: true });
                next.running = false;
                next
            }
        }
    }

    pub(super) fn scrub(&self, cursor: usize) -> Self {
        let cursor = cursor.min(self.scenario.actions.len());
        if cursor == self.cursor {
            return self.clone();
        }
        // Moving forward one step applies one action; anything else replays the prefix.
        let world = if cursor == self.cursor + 1 {
            let mut w = (*self.world).clone();
            if w.apply(&self.scenario.actions[self.cursor]).is_err() {
                return self.clone();
            }
            w
        } else {
            self.scenario.replay_prefix(cursor).world
        };
        self.with_world((*self.scenario).clone(), cursor, world)
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
