//! Colours, chosen from the Okabe–Ito palette so that they stay apart for colour-blind
//! readers; markers also differ from application messages by shape (a triangle, the notes'
//! ▲), never by colour alone.

use crate::sim::SnapshotId;

const SNAPSHOT_COLOURS: [&str; 6] = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

/// The colour of a snapshot's markers, cut line and recordings.
pub fn snapshot_colour(snapshot: SnapshotId) -> &'static str {
    SNAPSHOT_COLOURS[(snapshot.max(1) as usize - 1) % SNAPSHOT_COLOURS.len()]
}

/// Orphan messages and inconsistent verdicts.
pub const ORPHAN_COLOUR: &str = "#B91C1C";
