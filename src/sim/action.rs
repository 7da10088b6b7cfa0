//! Actions: the only way a world changes. A scenario is a list of them; undo, scrubbing,
//! sharing and exercises all replay actions. An action the world cannot take is refused
//! with an [`ActionError`] that says why.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::limits::{MAX_AMOUNT, MAX_SNAPSHOTS};
use super::message::SnapshotId;
use super::process_name;
use super::topology::{Channel, ProcessId};

/// Names a message in flight, the way a person would.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum MessageRef {
    /// Application message `m<number>`.
    App { number: u32 },
    /// The marker of a snapshot on a channel (there is at most one).
    Marker { snapshot: SnapshotId, channel: Channel },
}

impl fmt::Display for MessageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageRef::App { number } => write!(f, "m{number}"),
            MessageRef::Marker { snapshot, channel } => write!(f, "the marker of S{snapshot} on {channel}"),
        }
    }
}

/// Something a learner (or a generator) does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Action {
    /// `from` sends an application message carrying `amount` to `to`.
    Send { from: ProcessId, to: ProcessId, amount: i64 },
    /// The receiver of a message in flight receives it.
    Deliver { message: MessageRef },
    /// A process changes its own state by `delta` (a deposit or withdrawal).
    Internal { process: ProcessId, delta: i64 },
    /// `process` starts a new snapshot (the next id).
    Snapshot { process: ProcessId },
    /// `process` joins a running snapshot as a further initiator.
    Join { process: ProcessId, snapshot: SnapshotId },
    /// Fault (breaks "no loss"): a message or marker in flight is lost from its channel.
    Drop { message: MessageRef },
    /// Fault (breaks "no duplication"): a copy of a message or marker in flight is appended to
    /// its channel. A copy of an application message gets the next number (`m<k>`, "a copy of
    /// m<n>"); a copy of a marker is another marker of the same snapshot on the same channel.
    Duplicate { message: MessageRef },
    /// Fault (breaks "no crash"): `process` stops. It takes no more actions, receives nothing
    /// and sends nothing; messages to it stay in flight.
    Crash { process: ProcessId },
}

impl Action {
    /// True for the three faults (drop, duplicate, crash).
    pub fn is_fault(&self) -> bool {
        matches!(self, Action::Drop { .. } | Action::Duplicate { .. } | Action::Crash { .. })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Send { from, to, amount } => {
                write!(f, "send {amount} from {} to {}", process_name(*from), process_name(*to))
            }
            Action::Deliver { message } => write!(f, "deliver {message}"),
            Action::Internal { process, delta } => {
                write!(f, "internal event at {} ({delta:+})", process_name(*process))
            }
            Action::Snapshot { process } => write!(f, "start a snapshot at {}", process_name(*process)),
            Action::Join { process, snapshot } => {
                write!(f, "{} joins S{snapshot} as an initiator", process_name(*process))
            }
            Action::Drop { message } => write!(f, "drop {message}"),
            Action::Duplicate { message } => write!(f, "duplicate {message}"),
            Action::Crash { process } => write!(f, "crash {}", process_name(*process)),
        }
    }
}

/// Why an action was refused. Nothing changes when an action is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    UnknownProcess(ProcessId),
    NoChannel(Channel),
    AmountNotPositive(i64),
    AmountTooLarge(i64),
    InsufficientBalance {
        process: ProcessId,
        balance: i64,
        amount: i64,
    },
    NegativeState {
        process: ProcessId,
        state: i64,
        delta: i64,
    },
    NotInFlight(MessageRef),
    /// FIFO: `message` is behind `head` on its channel.
    NotAtHead {
        message: MessageRef,
        head: String,
        channel: Channel,
    },
    TooManySnapshots,
    UnknownSnapshot(SnapshotId),
    SnapshotComplete(SnapshotId),
    AlreadyRecorded {
        process: ProcessId,
        snapshot: SnapshotId,
    },
    /// The process has crashed: it takes no action and receives nothing.
    Crashed(ProcessId),
    /// Faults are modelled for Chandy–Lamport only.
    FaultUnderLaiYang,
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ActionError::*;
        match self {
            UnknownProcess(p) => write!(f, "there is no process {}", process_name(*p)),
            NoChannel(c) => write!(f, "there is no channel {c}"),
            AmountNotPositive(a) => write!(f, "a message must carry a positive amount, not {a}"),
            AmountTooLarge(a) => write!(f, "{a} is larger than the limit of {MAX_AMOUNT}"),
            InsufficientBalance { process, balance, amount } => write!(
                f,
                "{} has only {balance}, so it cannot send {amount}",
                process_name(*process)
            ),
            NegativeState { process, state, delta } => write!(
                f,
                "{} has {state}; a change of {delta:+} would make it negative",
                process_name(*process)
            ),
            NotInFlight(m) => write!(f, "{m} is not in flight"),
            NotAtHead { message, head, channel } => write!(
                f,
                "{message} is not at the head of channel {channel}: the channel is FIFO, so {head} must be received first"
            ),
            TooManySnapshots => write!(f, "a run can have at most {MAX_SNAPSHOTS} snapshots"),
            UnknownSnapshot(s) => write!(f, "there is no snapshot S{s}"),
            SnapshotComplete(s) => write!(f, "snapshot S{s} is already complete"),
            AlreadyRecorded { process, snapshot } => write!(
                f,
                "{} has already recorded its state for S{snapshot}",
                process_name(*process)
            ),
            Crashed(p) => write!(
                f,
                "{} has crashed: it takes no more actions, sends nothing and receives nothing",
                process_name(*p)
            ),
            FaultUnderLaiYang => write!(
                f,
                "faults are explained for Chandy–Lamport only: choose Chandy–Lamport as the snapshot algorithm to break an assumption"
            ),
        }
    }
}

impl std::error::Error for ActionError {}
