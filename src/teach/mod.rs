//! Teaching: the guided lesson and the auto-graded exercises, as pure data and pure
//! functions over the core ([`crate::sim`]). No browser code: the page (`ui`) draws them and
//! native tests prove every step and every grade.

pub mod exercise;
pub mod figures;
pub mod lesson;
pub mod multicast_exercise;
pub mod multicast_lesson;
pub mod progress;
pub mod route;
