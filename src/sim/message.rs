//! Messages: application messages (`m1`, `m2`, …, carrying an amount) and markers (carrying
//! the id of their snapshot). Every message sent in a run has a unique [`MessageId`].

use serde::{Deserialize, Serialize};
use std::fmt;

use super::topology::Channel;
use super::words::{Says, Sentence, Word};

/// A snapshot's id: `1` is `S1`.
pub type SnapshotId = u32;

/// A message, unique in a run: the order in which it was sent, from 0.
pub type MessageId = u32;

/// What a message carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum MessageKind {
    /// An application message `m<number>` moving `amount` from sender to receiver.
    App { number: u32, amount: i64 },
    /// A marker of snapshot `snapshot`.
    Marker { snapshot: SnapshotId },
}

/// One message sent on a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub channel: Channel,
    pub kind: MessageKind,
}

impl Message {
    pub fn is_marker(&self) -> bool {
        matches!(self.kind, MessageKind::Marker { .. })
    }
    /// The amount an application message carries; 0 for a marker.
    pub fn amount(&self) -> i64 {
        match self.kind {
            MessageKind::App { amount, .. } => amount,
            MessageKind::Marker { .. } => 0,
        }
    }
}

impl Says for Message {
    /// `m3` for an application message, `marker S1` for a marker (translated where shown).
    fn sentence(&self) -> Sentence {
        match self.kind {
            MessageKind::App { number, .. } => Sentence::plain(format!("m{number}")),
            MessageKind::Marker { snapshot } => crate::say!("marker S{0}", snapshot),
        }
    }
}

impl From<Message> for Word {
    fn from(m: Message) -> Word {
        Word::Sentence(m.sentence())
    }
}

impl fmt::Display for Message {
    /// `m3` for an application message, `marker S1` for a marker.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            MessageKind::App { number, .. } => write!(f, "m{number}"),
            MessageKind::Marker { .. } => write!(f, "{}", self.sentence()),
        }
    }
}
