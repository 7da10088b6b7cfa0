//! Pure presentation: where things go in the topology and space-time diagrams, computed from
//! the topology and the event log. Plain structs the UI renders; no browser crates.

pub mod topology_layout;
