//! Scenarios: a topology with its initial states, the ordered actions taken, a seed, and view
//! options. A scenario is the source of truth: replaying its actions rebuilds the world, so
//! undo, the timeline, links and exercises all use [`Scenario::replay`].

use serde::{Deserialize, Serialize};
use std::fmt;

use super::action::{Action, ActionError};
use super::message::SnapshotId;
use super::rng::Rng;
use super::topology::{Channel, Topology};
use super::words::{Says, Sentence};
use super::world::World;

/// What the page shows, kept in the link with the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ViewOptions {
    /// The timeline position: how many actions are applied (`None`: all of them).
    pub cursor: Option<u32>,
}

/// A run to replay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub topology: Topology,
    pub actions: Vec<Action>,
    pub seed: u64,
    #[serde(default)]
    pub view: ViewOptions,
}

/// An action of a scenario that the world refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError {
    /// 0-based index of the action.
    pub index: usize,
    pub action: Action,
    pub error: ActionError,
}

impl Says for ReplayError {
    /// `action 3 (deliver m1) is impossible: …`.
    fn sentence(&self) -> Sentence {
        crate::say!(
            "action {0} ({1}) is impossible: {2}",
            self.index + 1,
            self.action.sentence(),
            self.error.sentence()
        )
    }
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl std::error::Error for ReplayError {}

/// A replayed scenario: the world after the actions that could be applied, and the first
/// refused action if any (the actions after it are not applied).
#[derive(Clone, Debug)]
pub struct Replay {
    pub world: World,
    pub error: Option<ReplayError>,
}

/// When [`Scenario::run_until`] stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
    /// No message is in flight.
    Quiescent,
    /// Every snapshot started is complete.
    SnapshotsComplete,
    /// A channel's recording in a snapshot holds at least one message.
    ChannelRecordingNonEmpty { snapshot: SnapshotId, channel: Channel },
}

impl Until {
    pub fn holds(&self, world: &World) -> bool {
        match *self {
            Until::Quiescent => world.is_quiescent(),
            Until::SnapshotsComplete => world.snapshots_complete(),
            Until::ChannelRecordingNonEmpty { snapshot, channel } => {
                let Some(c) = world.topology().channel_id(channel.from, channel.to) else { return false };
                world
                    .snapshots()
                    .get((snapshot as usize).wrapping_sub(1))
                    .is_some_and(|s| !s.channel_messages[c].is_empty())
            }
        }
    }
}

impl Scenario {
    /// Whether the scenario breaks one of the algorithm's assumptions: a fault (a lost or
    /// duplicated message, a crash) among its actions, or channels that are not FIFO.
    pub fn breaks_assumptions(&self) -> bool {
        self.topology.discipline == super::Discipline::NonFifo || self.actions.iter().any(Action::is_fault)
    }

    pub fn new(topology: Topology, seed: u64) -> Self {
        Scenario { topology, actions: Vec::new(), seed, view: ViewOptions::default() }
    }

    /// Replays every action.
    pub fn replay(&self) -> Replay {
        self.replay_prefix(self.actions.len())
    }

    /// Replays the first `count` actions.
    pub fn replay_prefix(&self, count: usize) -> Replay {
        let mut world = World::new(self.topology.clone());
        for (index, action) in self.actions.iter().take(count).enumerate() {
            if let Err(error) = world.apply(action) {
                return Replay { world, error: Some(ReplayError { index, action: *action, error }) };
            }
        }
        Replay { world, error: None }
    }

    /// The seeded random choice for the next step: one of the deliverable messages, or
    /// `None` when nothing is in flight. The choice depends only on the seed and on how
    /// many actions `world` has applied.
    pub fn step_choice(&self, world: &World) -> Option<Action> {
        let options = world.deliverable();
        if options.is_empty() {
            return None;
        }
        let mut rng = Rng::for_step(self.seed, u64::from(world.actions_applied()));
        Some(Action::Deliver { message: options[rng.below(options.len())] })
    }

    /// Takes seeded random steps, appending them to the actions, until `until` holds, nothing
    /// is deliverable, or `max_steps` were taken. Returns the number of steps taken.
    pub fn run_until(&mut self, world: &mut World, until: Until, max_steps: usize) -> usize {
        let mut steps = 0;
        while steps < max_steps && !until.holds(world) {
            let Some(action) = self.step_choice(world) else { break };
            if world.apply(&action).is_err() {
                break;
            }
            self.actions.push(action);
            steps += 1;
        }
        steps
    }
}
