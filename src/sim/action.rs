//! Actions: the only way a world changes. A scenario is a list of them; undo, scrubbing,
//! sharing and exercises all replay actions. An action the world cannot take is refused
//! with an [`ActionError`] that says why.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::say;

use super::limits::{MAX_AMOUNT, MAX_SNAPSHOTS};
use super::message::SnapshotId;
use super::process_name;
use super::topology::{Channel, ProcessId};
use super::words::{Says, Sentence};

/// Names a message in flight, the way a person would.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum MessageRef {
    /// Application message `m<number>`.
    App { number: u32 },
    /// The marker of a snapshot on a channel (there is at most one).
    Marker { snapshot: SnapshotId, channel: Channel },
}

impl Says for MessageRef {
    /// `m3`, or `the marker of S1 on P1→P2`.
    fn sentence(&self) -> Sentence {
        match self {
            MessageRef::App { number } => Sentence::plain(format!("m{number}")),
            MessageRef::Marker { snapshot, channel } => {
                say!("the marker of S{0} on {1}", *snapshot, channel.to_string())
            }
        }
    }
}

impl fmt::Display for MessageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageRef::App { number } => write!(f, "m{number}"),
            MessageRef::Marker { .. } => write!(f, "{}", self.sentence()),
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
    /// `process` waits for a message from `on` (a reply it needs before it goes on). Until a
    /// message from `on` is delivered to it, it sends nothing, has no internal event and
    /// starts no other wait; that delivery wakes it. The snapshot
    /// algorithm still runs at a waiting process (markers are not what it waits for); see
    /// `sim::deadlock`.
    Wait { process: ProcessId, on: ProcessId },
}

impl Action {
    /// True for the three faults (drop, duplicate, crash).
    pub fn is_fault(&self) -> bool {
        matches!(self, Action::Drop { .. } | Action::Duplicate { .. } | Action::Crash { .. })
    }
}

impl Says for Action {
    /// The action in words, e.g. `send 30 from P1 to P2`.
    fn sentence(&self) -> Sentence {
        match self {
            Action::Send { from, to, amount } => {
                say!("send {0} from {1} to {2}", *amount, process_name(*from), process_name(*to))
            }
            Action::Deliver { message } => say!("deliver {0}", message.sentence()),
            Action::Internal { process, delta } => {
                say!("internal event at {0} ({1})", process_name(*process), format!("{delta:+}"))
            }
            Action::Snapshot { process } => say!("start a snapshot at {0}", process_name(*process)),
            Action::Join { process, snapshot } => {
                say!("{0} joins S{1} as an initiator", process_name(*process), *snapshot)
            }
            Action::Drop { message } => say!("drop {0}", message.sentence()),
            Action::Duplicate { message } => say!("duplicate {0}", message.sentence()),
            Action::Crash { process } => say!("crash {0}", process_name(*process)),
            Action::Wait { process, on } => super::wait::waits_for_a_message(*process, *on),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
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
    /// The process waits for a message from `on`: it sends nothing, has no internal event and
    /// starts no other wait until one arrives.
    Waiting {
        process: ProcessId,
        on: ProcessId,
    },
}

impl Says for ActionError {
    /// Why the action was refused, in words.
    fn sentence(&self) -> Sentence {
        use ActionError::*;
        match self {
            UnknownProcess(p) => say!("there is no process {0}", process_name(*p)),
            NoChannel(c) => say!("there is no channel {0}", c),
            AmountNotPositive(a) => say!("a message must carry a positive amount, not {0}", a),
            AmountTooLarge(a) => say!("{0} is larger than the limit of {1}", a, MAX_AMOUNT),
            InsufficientBalance { process, balance, amount } => {
                say!("{0} has only {1}, so it cannot send {2}", process_name(*process), balance, amount)
            }
            NegativeState { process, state, delta } => say!(
                "{0} has {1}; a change of {2} would make it negative",
                process_name(*process),
                state,
                format!("{delta:+}")
            ),
            NotInFlight(m) => say!("{0} is not in flight", m),
            NotAtHead { message, head, channel } => say!(
                "{0} is not at the head of channel {1}: the channel is FIFO, so {2} must be received first",
                message,
                channel,
                head
            ),
            TooManySnapshots => say!("a run can have at most {0} snapshots", MAX_SNAPSHOTS),
            UnknownSnapshot(s) => say!("there is no snapshot S{0}", s),
            SnapshotComplete(s) => say!("snapshot S{0} is already complete", s),
            AlreadyRecorded { process, snapshot } => {
                say!("{0} has already recorded its state for S{1}", process_name(*process), snapshot)
            }
            Crashed(p) => say!(
                "{0} has crashed: it takes no more actions, sends nothing and receives nothing",
                process_name(*p)
            ),
            FaultUnderLaiYang => say!(
                "faults are explained for Chandy–Lamport only: choose Chandy–Lamport as the snapshot algorithm to break an assumption"
            ),
            Waiting { process, on } => super::wait::is_waiting(*process, *on),
        }
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())
    }
}

impl std::error::Error for ActionError {}
