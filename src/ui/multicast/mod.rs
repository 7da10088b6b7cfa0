//! The multicast lab's page (issue 22): a group of 2–8 processes, copies delivered in any order
//! the learner picks, hold-back queues, the orderings and reliable multicast, on the snapshot
//! lab's visual language. The state is `view::page::multicast::GroupLab` (plain Rust, tested
//! natively); [`McPage`] wraps it for Yew's reducer with what only the page knows (the preset
//! picked, the narration of Copy link, a dismissed notice). One component per file:
//!
//! - `app`: the page (`MulticastApp`): the URL fragment follows the run, links opened from the
//!   address bar, keyboard shortcuts;
//! - `header`: the title, the main navigation (Lab, Lesson, Exercises, Multicast), the language;
//! - `controls`: Scenario, Undo, Redo, Step, Timeline, the rules, Copy link;
//! - `group_picture`: the group as a picture (img `Group`): the ring, hold-back queues, copies;
//! - `group_view`: the group's cards: processes, their hold-back queues, the copies in flight;
//! - `process_actions`: what the selected process can do (multicast to some then crash, crash);
//! - `verdict`: the region `Ordering`; `event_log`: the table; `spacetime`: the diagram.

mod app;
mod controls;
mod event_log;
mod group_picture;
mod group_view;
mod header;
mod process_actions;
mod spacetime;
mod verdict;

use std::rc::Rc;

pub use app::MulticastApp;

use crate::view::page::multicast::{GroupAction, GroupLab};

/// The multicast page's state: the lab, and which preset it was opened from.
#[derive(Clone, Debug, PartialEq)]
pub struct McPage {
    pub lab: Rc<GroupLab>,
    /// The preset the run came from, while its run is unchanged (the Scenario combobox shows it).
    pub preset: Option<&'static str>,
}

/// What changes the multicast page.
pub enum McAction {
    /// The learner's action on the lab.
    Do(GroupAction),
    /// Another run (a link, a preset, the default group).
    Load(GroupLab, Option<&'static str>),
    /// A sentence for the narration line (Copy link).
    Say(String),
    /// The notice closed.
    Dismiss,
}

impl yew::Reducible for McPage {
    type Action = McAction;

    fn reduce(self: Rc<Self>, action: McAction) -> Rc<Self> {
        match action {
            McAction::Do(a) => {
                let lab = self.lab.update(a);
                // The preset stays picked while its run is the same (moving along its timeline).
                let preset = self.preset.filter(|_| lab.scenario == self.lab.scenario);
                Rc::new(McPage { lab: Rc::new(lab), preset })
            }
            McAction::Load(lab, preset) => Rc::new(McPage { lab: Rc::new(lab), preset }),
            McAction::Say(text) => {
                let lab = GroupLab { narration: text, ..(*self.lab).clone() };
                Rc::new(McPage { lab: Rc::new(lab), preset: self.preset })
            }
            McAction::Dismiss => {
                let lab = GroupLab { notice: None, ..(*self.lab).clone() };
                Rc::new(McPage { lab: Rc::new(lab), preset: self.preset })
            }
        }
    }
}
