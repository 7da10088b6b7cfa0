//! What part of a long list or a wide diagram to draw: the page draws only the event-log rows
//! in and near view (spacer rows stand in for the others) and only the chunks of the space-time
//! diagram whose drawing reaches the visible x-range. Pure arithmetic on scroll positions and
//! extents, tested natively (`tests/window.rs`).

use super::spacetime::{column_x, SpaceTime, CHUNK};
use super::Point;

/// Logs of at most this many rows are drawn whole; longer ones are windowed.
pub const ALL_ROWS: usize = 200;
/// Rows per chunk of the event log: chunks come and go whole, and are memoised.
pub const ROW_CHUNK: usize = 25;

/// The rows to draw, `start..end` (0-based, in chunks of [`ROW_CHUNK`]), for a list of `count`
/// rows of about `row_height` px, scrolled by `scroll_top` in a box `viewport` px tall: the rows
/// in view and one chunk more on each side. Short lists are drawn whole.
pub fn row_range(count: usize, scroll_top: f64, viewport: f64, row_height: f64) -> std::ops::Range<usize> {
    if count <= ALL_ROWS {
        return 0..count;
    }
    row_window(count, scroll_top, viewport, row_height)
}

/// [`row_range`] for a list that is windowed whatever its length (the page keeps a log windowed
/// until it is much shorter than [`ALL_ROWS`], so that one step back and forth across that
/// length does not redraw the whole table each time).
pub fn row_window(count: usize, scroll_top: f64, viewport: f64, row_height: f64) -> std::ops::Range<usize> {
    let row_height = if row_height.is_finite() && row_height >= 1.0 { row_height } else { 24.0 };
    let top = if scroll_top.is_finite() { scroll_top.max(0.0) } else { 0.0 };
    let viewport = if viewport.is_finite() { viewport.max(row_height) } else { row_height };
    let first = (top / row_height).floor() as usize;
    let last = ((top + viewport) / row_height).ceil() as usize;
    let first_chunk = (first / ROW_CHUNK).saturating_sub(1);
    let last_chunk = last / ROW_CHUNK + 1;
    let start = (first_chunk * ROW_CHUNK).min(count);
    let end = ((last_chunk + 1) * ROW_CHUNK).min(count);
    // Scrolled past the end (the log got shorter): the last rows.
    if start >= end {
        return count.saturating_sub(3 * ROW_CHUNK) / ROW_CHUNK * ROW_CHUNK..count;
    }
    start..end
}

/// The scroll position that brings row `index` (0-based) to the middle of a box `viewport` px tall.
pub fn scroll_to_row(index: usize, viewport: f64, row_height: f64) -> f64 {
    (index as f64 * row_height - viewport / 2.0 + row_height / 2.0).max(0.0)
}

/// For each chunk of the space-time diagram (see [`CHUNK`]), the x-range its drawing covers:
/// its columns, widened to the left by its arrows (an arrow belongs to the chunk of its
/// receive, and starts at its send).
pub fn chunk_extents(st: &SpaceTime, chunks: usize) -> Vec<(f64, f64)> {
    let half = st.column / 2.0;
    let mut extents: Vec<(f64, f64)> = (0..chunks as u32)
        .map(|c| (column_x(c * CHUNK, st.column) - half, column_x((c + 1) * CHUNK - 1, st.column) + half))
        .collect();
    for a in &st.arrows {
        let Some(column) = a.column else { continue };
        if let Some(e) = extents.get_mut((column / CHUNK) as usize) {
            e.0 = e.0.min(a.from.x).min(a.to.x);
            e.1 = e.1.max(a.from.x).max(a.to.x);
        }
    }
    extents
}

/// The chunks to draw for the visible model x-range `from..to`, widened by `overscan` on each
/// side: every chunk whose extent meets it.
pub fn visible_chunks(extents: &[(f64, f64)], from: f64, to: f64, overscan: f64) -> Vec<u32> {
    let (lo, hi) = (from - overscan, to + overscan);
    extents.iter().enumerate().filter(|(_, &(a, b))| b >= lo && a <= hi).map(|(c, _)| c as u32).collect()
}

/// The part of the segment `a`→`b` whose x lies within `lo..=hi`, or `None` if no part does.
/// The part's start is moved back along the segment to a whole number of `period`s from `a`, so
/// that a dash pattern of that period drawn on the part lines up with the whole segment's and
/// does not crawl as the window moves. A message in flight runs from its send to the diagram's
/// right edge: drawn whole, a dashed line tens of thousands of pixels long costs the browser
/// more to paint and hit-test than the rest of the diagram.
pub fn clip_segment(a: Point, b: Point, lo: f64, hi: f64, period: f64) -> Option<(Point, Point)> {
    let ordered = matches!(lo.partial_cmp(&hi), Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal));
    if !ordered || a.x.max(b.x) < lo || a.x.min(b.x) > hi {
        return None;
    }
    let dx = b.x - a.x;
    if dx.abs() < f64::EPSILON {
        return Some((a, b));
    }
    // Parameters along a→b where x = lo and x = hi, in order.
    let (t_lo, t_hi) = ((lo - a.x) / dx, (hi - a.x) / dx);
    let (t0, t1) = (t_lo.min(t_hi).max(0.0), t_lo.max(t_hi).min(1.0));
    let length = a.distance(b);
    let t0 =
        if period > 0.0 && length > 0.0 { ((t0 * length / period).floor() * period / length).max(0.0) } else { t0 };
    let at = |t: f64| Point { x: a.x + t * dx, y: a.y + t * (b.y - a.y) };
    Some((at(t0), at(t1)))
}
