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
//! - `verdict`: the region `Ordering`; `event_log`: the table; `spacetime`: the diagram;
//! - `lesson`: the region `Lesson` of a lesson step (`#v1.mc-lesson.<id>`);
//! - `exercise`: the region `Exercise` (`#v1.mc-ex.<kind>.<level>.<seed>`) and the list of
//!   exercises (`#v1.mc-exercises`).
//!
//! The page's state and its teaching modes are `view::page::multicast::teach::McPage`.

/// A coordinate of the multicast diagrams, to a tenth of a unit.
fn n(v: f64) -> String {
    format!("{v:.1}")
}

mod app;
mod controls;
mod event_log;
mod exercise;
mod group_picture;
mod group_view;
mod header;
mod lesson;
mod process_actions;
mod spacetime;
mod verdict;

use std::rc::Rc;

pub use app::MulticastApp;

pub use crate::view::page::multicast::teach::{McAction, McPage};

/// Yew's reducer over the page's plain-Rust state (`view::page::multicast::teach`).
impl yew::Reducible for McPage {
    type Action = McAction;

    fn reduce(self: Rc<Self>, action: McAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}
