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

/// The class of text written in a snapshot's colour on the page's background (cut labels,
/// recorded channel states): `text-c1` .. `text-c6`, shades of the palette that keep a contrast
/// of at least 4.5:1 on the panels, darker in light mode and lighter in dark mode (`www/style.css`).
pub fn text_class(snapshot: SnapshotId) -> String {
    format!("text-c{}", snapshot_colour_index(snapshot) + 1)
}

/// The classes of text written on a shape filled with a snapshot's colour (a marker's `S1`, a
/// recorded state's badge): black, which keeps 4.5:1 on every colour of the palette but the
/// blue, where white does (`on-colour`, `on-c2`).
pub fn on_colour_class(snapshot: SnapshotId) -> &'static str {
    if snapshot_colour_index(snapshot) == 1 {
        "on-colour on-c2"
    } else {
        "on-colour"
    }
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
            // The colour is a token of the visual language, and each snapshot class uses it.
            let n = snapshot_colour_index(id) + 1;
            let token = format!("--snapshot-{n}: {};", snapshot_colour(id));
            assert!(css.contains(&token), "www/style.css lacks the token `{token}`");
            let rule = format!(".snapshot-c{n} {{ --snapshot-colour: var(--snapshot-{n}); }}");
            assert!(css.contains(&rule), "www/style.css lacks `{rule}`");
        }
        assert_eq!(snapshot_colour_index(7), 0);
        assert!(css.contains(&format!("--orphan: {ORPHAN_COLOUR};")), "the orphan token is the palette's");
        for id in 1..=SNAPSHOT_COLOURS.len() as SnapshotId {
            let rule = format!("text.{} {{ fill: var(--{}); }}", text_class(id), text_class(id));
            assert!(css.contains(&rule), "www/style.css lacks `{rule}`");
        }
    }

    /// WCAG's relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// Text on a snapshot's colour is black, or white on the blue: at least 4.5:1 on each.
    #[test]
    fn text_on_every_snapshot_colour_keeps_4_5_to_1() {
        for id in 1..=SNAPSHOT_COLOURS.len() as SnapshotId {
            let text = if on_colour_class(id).contains("on-c2") { "#ffffff" } else { "#000000" };
            let ratio = contrast(text, snapshot_colour(id));
            assert!(ratio >= 4.5, "S{id}: {text} on {} is {ratio:.2}:1", snapshot_colour(id));
        }
    }

    /// The text shades in the stylesheet keep 4.5:1 on the panels of both colour schemes.
    #[test]
    fn text_shades_keep_4_5_to_1_on_the_panels() {
        let css = include_str!("../../www/style.css");
        let shades = |block: &str| -> Vec<String> {
            (1..=6)
                .map(|k| {
                    let key = format!("--text-c{k}: ");
                    let at = block.find(&key).unwrap_or_else(|| panic!("no {key} in {block}")) + key.len();
                    block[at..at + 7].to_string()
                })
                .collect()
        };
        let light = css.split("/* text-shades: light */").nth(1).unwrap();
        let dark = css.split("/* text-shades: dark */").nth(1).unwrap();
        for (scheme, block, panels) in
            [("light", light, ["#f9fafb", "#ffffff"]), ("dark", dark, ["#111827", "#0b1220"])]
        {
            for (k, shade) in shades(block).iter().enumerate() {
                for panel in panels {
                    let ratio = contrast(shade, panel);
                    assert!(ratio >= 4.5, "{scheme} --text-c{}: {shade} on {panel} is {ratio:.2}:1", k + 1);
                }
            }
        }
    }
}
