//! Colours, chosen from the Okabe–Ito palette so that they stay apart for colour-blind
//! readers; markers also differ from application messages by shape (a triangle, the notes'
//! ▲), never by colour alone.

use crate::sim::SnapshotId;

const SNAPSHOT_COLOURS: [&str; 6] = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

/// Which of the palette's colours a snapshot has (0-based).
pub fn snapshot_colour_index(snapshot: SnapshotId) -> usize {
    (snapshot.max(1) as usize - 1) % SNAPSHOT_COLOURS.len()
}

/// The colour of a snapshot's markers, cut line and recordings. (HTML parts use the classes
/// `snapshot-c1` .. `snapshot-c6` in `www/style.css`, the same colours in the same order, since
/// the page's Content-Security-Policy allows no inline styles.)
pub fn snapshot_colour(snapshot: SnapshotId) -> &'static str {
    SNAPSHOT_COLOURS[snapshot_colour_index(snapshot)]
}

/// Orphan messages and inconsistent verdicts.
pub const ORPHAN_COLOUR: &str = "#B91C1C";

#[cfg(test)]
mod tests {
    use super::*;

    /// The stylesheet's snapshot classes carry the palette's colours, in order.
    #[test]
    fn the_stylesheet_has_every_snapshot_colour() {
        let css = include_str!("../../www/style.css");
        for id in 1..=SNAPSHOT_COLOURS.len() as SnapshotId {
            let rule = format!(
                ".snapshot-c{} {{ --snapshot-colour: {}; }}",
                snapshot_colour_index(id) + 1,
                snapshot_colour(id)
            );
            assert!(css.contains(&rule), "www/style.css lacks `{rule}`");
        }
        assert_eq!(snapshot_colour_index(7), 0);
    }
}
