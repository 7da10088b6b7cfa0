//! The pure Chandy–Lamport core: topology, actions, the world and its pure rule handlers,
//! the event log, snapshots, the cut checker, reachability, scenario codecs, the seeded
//! generator, the presets and the exports to other tools. Uses std, serde and regex-lite only:
//! nothing here knows of a browser.

pub mod action;
pub mod causality;
pub mod cos418;
pub mod cut;
pub mod deadlock;
pub mod event;
pub mod export;
pub mod faults;
pub mod generate;
pub mod interop;
mod lai_yang_words;
pub mod limits;
pub mod link;
pub mod machines;
pub mod message;
pub mod naive;
pub mod presets;
pub mod reach;
pub mod rng;
pub mod rules;
pub mod scenario;
pub mod snapshot;
pub mod text;
pub mod topology;
pub mod words;
pub mod world;

pub use action::{Action, ActionError, MessageRef};
pub use event::{Event, EventKind, Log, Rule};
pub use message::{Message, MessageId, MessageKind, SnapshotId};
pub use scenario::{Replay, ReplayError, Scenario, Until, ViewOptions};
pub use topology::{Algorithm, Channel, ChannelId, Discipline, ProcessId, ProcessSpec, Topology, TopologyError, Unit};
pub use words::{Says, Sentence, Word};
pub use world::World;

/// The display name of a process: `P1` for index 0.
pub fn process_name(p: ProcessId) -> String {
    format!("P{}", p + 1)
}
