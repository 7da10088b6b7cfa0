//! What crosses the boundary: every way a scenario or a run enters or leaves the program, over
//! the core ([`crate::sim`]) and nothing else (no teaching, no page, no browser).
//!
//! - [`link`]: the `v1.` scenario link (the page's URL, shared runs), and [`text`]: the readable
//!   scenario text form; both decode with typed errors that carry a position.
//! - [`presets`]: the notes' example scenarios, as data (text and `v1.` links).
//! - [`export`]: the JSON run document and the human replay text; [`cos418`]: the COS 418
//!   assignment's files and simulator rules.
//! - Interoperability with the tools teachers and students already use, drawn from the event log
//!   alone (nothing here re-runs the algorithm): [`mermaid`] (the topology as a flowchart, the
//!   run as a sequence diagram, the marker rules as state diagrams) and [`shiviz`] (every event
//!   with its process and vector clock, exported and imported).
//! - [`open`] reads the files a person opens in the page (scenario text, run JSON, ShiViz logs,
//!   COS 418 pairs) into a scenario; [`job`] is the page's file work as text in, text out, for
//!   its web worker; [`script`] reads the scripting API's action objects; [`svg`] is what an SVG
//!   or PNG export of a diagram needs to stand alone (its font family, a viewBox that holds every
//!   label).
//!
//! Formats are described in `docs/formats.md`.

pub mod cos418;
pub mod export;
pub mod job;
pub mod link;
pub mod mermaid;
pub mod multicast_export;
pub mod multicast_link;
pub mod multicast_mermaid;
pub mod multicast_presets;
pub mod multicast_shiviz;
pub mod multicast_text;
pub mod open;
pub mod presets;
pub mod script;
pub mod shiviz;
pub mod svg;
pub mod text;
