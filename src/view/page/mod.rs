//! The page's state, in plain Rust and tested natively (`tests/page_state.rs`): no browser
//! crates, so the whole of it runs in `cargo test`. Four parts, each using only those above it:
//!
//! - [`mode`]: the lab on its own, a lesson step, an exercise or the list of exercises, as data.
//! - [`state`]: the lab ([`Lab`]): the scenario as the source of truth, what is derived from it,
//!   and the timeline (an action at the cursor, Undo, Redo, scrubbing, a change of the rules).
//! - [`guide`]: what a lesson step or an exercise does to the lab (opening a page, checking and
//!   revealing answers, what is shown meanwhile, the URL fragment).
//! - [`editor`]: the scenario editor (a draft topology, its edits and their refusals, why the
//!   run cannot start yet), and edit mode in the lab.
//! - [`reducer`]: what the learner did ([`LabAction`]), the refusals, and [`Lab::update`].
//!
//! [`multicast`] is the multicast lab's state, beside the snapshot lab's and in its style.
//!
//! [`scenarios`] is where the page gets scenarios (the presets and the link). The page (`ui`)
//! holds one `Lab` in a Yew reducer whose `reduce` is [`Lab::update`].

pub mod editor;
pub mod guide;
pub mod mode;
pub mod multicast;
pub mod reducer;
pub mod scenarios;
pub mod state;

pub use editor::{Draft, Edit, EditAction, Editing};
pub use mode::{Mode, Practice};
pub use reducer::{open_link, LabAction};
pub use state::{Lab, Notice, RulesUndo};
