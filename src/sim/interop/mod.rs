//! Interoperability with the tools teachers and students already use, drawn from the event log
//! alone (nothing here re-runs the algorithm): Mermaid text for notes written in Markdown
//! ([`mermaid`]: the topology of processes and channels as a flowchart, the run's messages,
//! markers and recorded states as a sequence diagram) and ShiViz logs ([`shiviz`]: every event
//! with its process and vector clock, exported and imported). Formats are described in
//! `docs/formats.md`. [`open`] reads the files a person opens in the page (scenario text, run
//! JSON, ShiViz logs, COS 418 pairs) into a scenario; [`job`] is the page's file work as text in,
//! text out, for its web worker.

pub mod job;
pub mod mermaid;
pub mod open;
pub mod shiviz;
