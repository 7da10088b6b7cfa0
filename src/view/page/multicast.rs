//! The multicast lab's state, in plain Rust like the snapshot lab's: the scenario (every action
//! taken, the redo tail included) is the source of truth; the group at the cursor, the ordering
//! verdict, the narration and the `v1.mc.` link are derived from it after every change.
//!
//! What the learner does is a [`GroupAction`]; [`GroupLab::update`] returns the new state and
//! never panics. A refused action changes nothing and says why. Changing the rules (the order,
//! reliable or basic, the number of members) replays the same run under the new rules: an
//! action that is no longer possible (an order from the sequencer when there is no sequencer, a
//! relayed copy under basic multicast, a process that is gone) is named and dropped, and Undo
//! right after the change brings the run back as it was.

pub mod teach;

use std::rc::Rc;

use super::state::Notice;
use crate::formats::multicast_link;
use crate::i18n::{say, tr};
use crate::sim::multicast::{
    check, narrate, Action, ActionError, Copy, Group, Order, Reliability, Scenario, Setup, Verdict, MAX_MEMBERS,
    MIN_MEMBERS,
};
use crate::sim::ProcessId;
use crate::tf;

/// What the learner does in the multicast lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupAction {
    /// A process multicasts a new message.
    Multicast(ProcessId),
    /// A process multicasts to some members only, then crashes.
    MulticastPartial {
        from: ProcessId,
        reach: Vec<ProcessId>,
    },
    /// A copy in flight arrives (the learner picks which: channels are not FIFO here).
    Receive(Copy),
    Crash(ProcessId),
    /// The oldest copy still in flight arrives.
    Step,
    Undo,
    Redo,
    /// The timeline: this many actions applied.
    Seek(usize),
    SetOrder(Order),
    SetReliability(Reliability),
    SetMembers(usize),
    Select(Option<ProcessId>),
    /// Opens a `v1.mc.` link; a broken one leaves the run as it was and says what and where.
    Open(String),
}

/// A run as it was before the rules changed: Undo right after the change restores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesUndo {
    pub scenario: Rc<Scenario>,
    pub cursor: usize,
}

/// Everything the multicast lab shows.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLab {
    pub scenario: Rc<Scenario>,
    /// How many of the scenario's actions are applied.
    pub cursor: usize,
    pub group: Rc<Group>,
    pub verdict: Rc<Verdict>,
    pub selected: Option<ProcessId>,
    pub notice: Option<Notice>,
    /// What the last action did, for the live narration line.
    pub narration: String,
    /// The `v1.mc.` link of the run (with its cursor when it is not at the end).
    pub link: Rc<str>,
    pub rules_undo: Option<RulesUndo>,
}

/// Three members, FIFO order, basic multicast, nothing sent: where the multicast lab starts.
pub fn default_setup() -> Setup {
    Setup { members: 3, order: Order::Fifo, reliability: Reliability::Basic }
}

/// Replays `actions` under `setup`, dropping each action the new rules refuse; returns the
/// group, the actions kept, and the refused ones with why.
fn replay_keeping(setup: Setup, actions: &[Action]) -> (Group, Vec<Action>, Vec<(Action, ActionError)>) {
    let mut group = Group::new(setup).unwrap_or_else(|_| Group::new(default_setup()).expect("the default group"));
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for a in actions {
        match group.apply(a) {
            Ok(()) => kept.push(a.clone()),
            Err(e) => dropped.push((a.clone(), e)),
        }
    }
    (group, kept, dropped)
}

impl GroupLab {
    /// The lab for a scenario, its cursor applied. Actions the core refuses are dropped, with
    /// a notice naming them (a link made by hand can hold such actions).
    pub fn new(scenario: Scenario) -> GroupLab {
        let (_, kept, dropped) = replay_keeping(scenario.setup, &scenario.actions);
        let cursor = scenario.cursor.unwrap_or(kept.len()).min(kept.len());
        let scenario = Scenario { setup: scenario.setup, actions: kept, cursor: None };
        let mut lab = GroupLab::at(Rc::new(scenario), cursor);
        lab.notice = dropped_notice(&dropped);
        lab
    }

    /// The lab with `cursor` of the scenario's actions applied.
    fn at(scenario: Rc<Scenario>, cursor: usize) -> GroupLab {
        let cursor = cursor.min(scenario.actions.len());
        let (group, _, _) = replay_keeping(scenario.setup, &scenario.actions[..cursor]);
        GroupLab::with_group(scenario, cursor, group)
    }

    /// The lab whose group is `group`, the scenario's first `cursor` actions applied.
    fn with_group(scenario: Rc<Scenario>, cursor: usize, group: Group) -> GroupLab {
        let verdict = check(scenario.setup.members, &group.log);
        let narration = match group.log.len() {
            0 => tr("Multicast from a process, then choose which copy arrives next.").to_string(),
            n => say(&narrate(&group.log, n - 1)),
        };
        let shared = Scenario { cursor: (cursor < scenario.actions.len()).then_some(cursor), ..(*scenario).clone() };
        let link: Rc<str> = multicast_link::encode(&shared).into();
        GroupLab {
            scenario,
            cursor,
            group: Rc::new(group),
            verdict: Rc::new(verdict),
            selected: None,
            notice: None,
            narration,
            link,
            rules_undo: None,
        }
    }

    /// Opens a link: the lab it holds, or why it cannot be opened.
    pub fn open(link: &str) -> Result<GroupLab, String> {
        multicast_link::decode(link).map(GroupLab::new).map_err(|e| tf!("This link cannot be opened: {0}", say(&e)))
    }

    /// The learner's action, applied: a new lab. Never panics.
    pub fn update(&self, action: GroupAction) -> GroupLab {
        match action {
            GroupAction::Multicast(from) => self.act(Action::Multicast { from, reach: None }),
            GroupAction::MulticastPartial { from, reach } => self.act(Action::Multicast { from, reach: Some(reach) }),
            GroupAction::Receive(copy) => self.act(Action::Receive(copy)),
            GroupAction::Crash(p) => self.act(Action::Crash(p)),
            GroupAction::Step => match self.group.deliverable().next() {
                Some(copy) => self.act(Action::Receive(copy)),
                None => self.refuse(tr("No copy is in flight: multicast from a process first.").to_string()),
            },
            GroupAction::Undo => match &self.rules_undo {
                Some(before) => {
                    let mut lab = GroupLab::at(before.scenario.clone(), before.cursor);
                    lab.selected = self.selected;
                    lab
                }
                None if self.cursor == 0 => self.refuse(tr("Nothing to undo.").to_string()),
                None => self.seek(self.cursor - 1),
            },
            GroupAction::Redo if self.cursor < self.scenario.actions.len() => self.seek(self.cursor + 1),
            GroupAction::Redo => self.refuse(tr("Nothing to redo.").to_string()),
            GroupAction::Seek(cursor) => self.seek(cursor),
            GroupAction::SetOrder(order) => self.rules(Setup { order, ..self.scenario.setup }),
            GroupAction::SetReliability(reliability) => self.rules(Setup { reliability, ..self.scenario.setup }),
            GroupAction::SetMembers(members) if (MIN_MEMBERS..=MAX_MEMBERS).contains(&members) => {
                self.rules(Setup { members, ..self.scenario.setup })
            }
            GroupAction::SetMembers(_) => self.refuse(tf!("A group has {0} to {1} members.", MIN_MEMBERS, MAX_MEMBERS)),
            GroupAction::Select(p) => {
                GroupLab { selected: p.filter(|&p| p < self.scenario.setup.members), ..self.clone() }
            }
            GroupAction::Open(link) => match GroupLab::open(&link) {
                Ok(lab) => lab,
                Err(text) => GroupLab { notice: Some(Notice { text, problem: true }), ..self.clone() },
            },
        }
    }

    fn refuse(&self, text: String) -> GroupLab {
        GroupLab { notice: Some(Notice { text, problem: true }), ..self.clone() }
    }

    fn seek(&self, cursor: usize) -> GroupLab {
        let mut lab = GroupLab::at(self.scenario.clone(), cursor);
        lab.selected = self.selected;
        lab
    }

    /// An action at the cursor: checked on the group at the cursor first, so a refused action
    /// changes nothing; an accepted one drops the redo tail.
    fn act(&self, action: Action) -> GroupLab {
        let mut group = (*self.group).clone();
        if let Err(e) = group.apply(&action) {
            return self.refuse(say(&e.says()));
        }
        let mut actions = self.scenario.actions[..self.cursor].to_vec();
        actions.push(action);
        let scenario = Scenario { setup: self.scenario.setup, actions, cursor: None };
        // The group the action was checked on is the new group: no replay from the start.
        let mut lab = GroupLab::with_group(Rc::new(scenario), self.cursor + 1, group);
        lab.selected = self.selected;
        lab
    }

    /// The same run under other rules.
    fn rules(&self, setup: Setup) -> GroupLab {
        if setup == self.scenario.setup {
            return self.clone();
        }
        let (_, kept_before, _) = replay_keeping(setup, &self.scenario.actions[..self.cursor]);
        let (_, kept, dropped) = replay_keeping(setup, &self.scenario.actions);
        let scenario = Scenario { setup, actions: kept, cursor: None };
        let mut lab = GroupLab::at(Rc::new(scenario), kept_before.len());
        lab.selected = self.selected.filter(|&p| p < setup.members);
        lab.notice = dropped_notice(&dropped);
        lab.rules_undo = Some(RulesUndo { scenario: self.scenario.clone(), cursor: self.cursor });
        lab
    }
}

/// `2 actions are no longer possible and were dropped: …`, or nothing.
fn dropped_notice(dropped: &[(Action, ActionError)]) -> Option<Notice> {
    if dropped.is_empty() {
        return None;
    }
    let reasons: Vec<String> = dropped.iter().map(|(_, e)| say(&e.says())).collect();
    Some(Notice {
        text: tf!(
            "{0} action(s) are not possible under these rules and were dropped (Undo brings them back): {1}",
            dropped.len(),
            reasons.join("; ")
        ),
        problem: false,
    })
}
