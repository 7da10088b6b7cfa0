//! The pure Chandy–Lamport core: topology, actions, the world and its pure rule handlers,
//! the event log, snapshots, the cut checker, faults, deadlock detection, reachability and the
//! seeded generator. Uses std, serde and the crate's `i18n` (its sentences) only: nothing here
//! knows of a browser, and nothing here reads or writes a file format (the links, the text form,
//! the exports and the presets are the layer above, which depends on this one).

pub mod action;
pub mod causality;
pub mod cut;
pub mod deadlock;
pub mod event;
pub mod faults;
pub mod generate;
pub mod limits;
pub mod machines;
pub mod message;
pub mod multicast;
pub mod naive;
pub mod reach;
pub mod rng;
pub mod rules;
pub mod scenario;
pub mod snapshot;
pub mod topology;
pub mod wait;
pub mod words;
pub mod world;

pub use action::{Action, ActionError, MessageRef};
pub use event::{Event, EventKind, Log, Rule};
pub use message::{Message, MessageId, MessageKind, SnapshotId};
pub use scenario::{Replay, ReplayError, Scenario, Until, ViewOptions};
pub use topology::{
    Algorithm, Channel, ChannelId, Discipline, MarkerRule, ProcessId, ProcessSpec, Topology, TopologyError, Unit,
};
pub use words::{Says, Sentence, Word};
pub use world::World;

/// The display name of a process: `P1` for index 0.
pub fn process_name(p: ProcessId) -> String {
    format!("P{}", p + 1)
}
