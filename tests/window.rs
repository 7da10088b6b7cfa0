//! The windowing arithmetic behind the virtualised event log and the space-time diagram drawn
//! only where it is visible (`view::window`).

use snapshot_lab::sim::generate::{busy_scenario, Options};
use snapshot_lab::view::spacetime::{chunk_hashes, layout};
use snapshot_lab::view::window::{chunk_extents, row_range, scroll_to_row, visible_chunks, ALL_ROWS, ROW_CHUNK};

#[test]
fn short_logs_are_drawn_whole() {
    assert_eq!(row_range(0, 0.0, 400.0, 24.0), 0..0);
    assert_eq!(row_range(ALL_ROWS, 5_000.0, 400.0, 24.0), 0..ALL_ROWS);
}

#[test]
fn a_long_log_draws_the_rows_in_view_and_a_chunk_either_side() {
    let count = 10_001;
    // At the top: rows 0..17 are in view (400 / 24), plus one chunk below.
    let top = row_range(count, 0.0, 400.0, 24.0);
    assert_eq!(top.start, 0);
    assert!(top.end >= 17 && top.end <= 3 * ROW_CHUNK, "{top:?}");
    // Scrolled to row 5,000: it and the rows in view are drawn, few others.
    let at = 5_000.0 * 24.0;
    let mid = row_range(count, at, 400.0, 24.0);
    assert!(mid.start <= 5_000 && mid.end >= 5_000 + 17, "{mid:?}");
    assert!(mid.len() <= 4 * ROW_CHUNK, "{} rows drawn", mid.len());
    assert_eq!(mid.start % ROW_CHUNK, 0, "windows start on a chunk boundary");
    // At the very end: the last row is drawn.
    let end = row_range(count, (count as f64) * 24.0 - 400.0, 400.0, 24.0);
    assert_eq!(end.end, count);
    // Scrolled past the end (the log got shorter): still the last rows, never an empty window.
    let past = row_range(count, 1e9, 400.0, 24.0);
    assert_eq!(past.end, count);
    assert!(!past.is_empty());
    // Nonsense measurements (before layout) fall back to sane values.
    let odd = row_range(count, f64::NAN, 0.0, 0.0);
    assert_eq!(odd.start, 0);
    assert!(!odd.is_empty() && odd.len() <= 4 * ROW_CHUNK);
}

#[test]
fn scrolling_to_a_row_puts_it_in_the_window() {
    for index in [0, 1, 777, 9_999, 10_000] {
        let top = scroll_to_row(index, 400.0, 24.0);
        let range = row_range(10_001, top, 400.0, 24.0);
        assert!(range.contains(&index), "row {index}: scrolled to {top}, drawn {range:?}");
    }
}

#[test]
fn the_diagram_draws_only_the_chunks_that_reach_the_visible_range() {
    let scenario = busy_scenario(7, Options { processes: 8, events: 2_000, ..Options::default() });
    let world = scenario.replay().world;
    let st = layout(world.log(), &[], &[]);
    let chunks = chunk_hashes(&st).len();
    assert!(chunks > 50, "{chunks} chunks");
    let extents = chunk_extents(&st, chunks);
    assert_eq!(extents.len(), chunks);
    // A 1,200-unit-wide view in the middle of the run.
    let (from, to) = (st.width / 2.0, st.width / 2.0 + 1_200.0);
    let drawn = visible_chunks(&extents, from, to, 300.0);
    assert!(!drawn.is_empty());
    assert!(drawn.len() < chunks / 4, "{} of {chunks} chunks drawn", drawn.len());
    // Every arrow and dot that shows in the view belongs to a drawn chunk.
    for a in st.arrows.iter().filter(|a| a.column.is_some()) {
        let (lo, hi) = (a.from.x.min(a.to.x), a.from.x.max(a.to.x));
        if hi >= from && lo <= to {
            let c = a.column.unwrap() / snapshot_lab::view::spacetime::CHUNK;
            assert!(drawn.contains(&c), "arrow {} crosses the view but chunk {c} is not drawn", a.label);
        }
    }
    for d in &st.dots {
        if d.at.x >= from && d.at.x <= to {
            let c = d.column / snapshot_lab::view::spacetime::CHUNK;
            assert!(drawn.contains(&c), "dot #{} is in view but chunk {c} is not drawn", d.seq);
        }
    }
    // Nothing far outside the view is drawn.
    for &c in &drawn {
        let (a, b) = extents[c as usize];
        assert!(b >= from - 300.0 && a <= to + 300.0);
    }
    // The whole width: every chunk.
    assert_eq!(visible_chunks(&extents, 0.0, st.width, 0.0).len(), chunks);
}

#[test]
fn a_log_kept_windowed_below_the_threshold_still_draws_what_is_in_view() {
    use snapshot_lab::view::window::row_window;
    // 150 rows, kept windowed after the log was longer: the rows in view, not all of them.
    let top = row_window(150, 0.0, 400.0, 27.0);
    assert_eq!(top.start, 0);
    assert!(top.end >= 15 && top.end < 150, "{top:?}");
    let end = row_window(150, 150.0 * 27.0 - 400.0, 400.0, 27.0);
    assert_eq!(end.end, 150);
}

#[test]
fn a_segment_is_clipped_to_the_window_with_its_dashes_in_step() {
    use snapshot_lab::view::window::clip_segment;
    use snapshot_lab::view::Point;
    let (a, b) = (Point { x: 100.0, y: 40.0 }, Point { x: 45_000.0, y: 300.0 });
    // Wholly outside: nothing to draw, on either side.
    assert_eq!(clip_segment(a, b, 46_000.0, 47_000.0, 18.0), None);
    assert_eq!(clip_segment(a, b, 0.0, 50.0, 18.0), None);
    // Wholly inside: the segment itself.
    assert_eq!(clip_segment(a, b, 0.0, 50_000.0, 18.0), Some((a, b)));
    // A window in the middle: the part drawn covers it, stays on the line, and starts a whole
    // number of dash periods from the segment's start.
    let (lo, hi) = (30_000.0, 31_500.0);
    let (from, to) = clip_segment(a, b, lo, hi, 18.0).expect("the segment crosses the window");
    assert!(from.x <= lo && from.x > lo - 18.0, "starts just before the window: {from:?}");
    assert!((to.x - hi).abs() < 1e-6, "ends at the window's edge: {to:?}");
    let on_line = |p: Point| ((p.y - a.y) - (p.x - a.x) * (b.y - a.y) / (b.x - a.x)).abs() < 1e-6;
    assert!(on_line(from) && on_line(to));
    let periods = a.distance(from) / 18.0;
    assert!((periods - periods.round()).abs() < 1e-6, "{periods} dash periods from the start");
    // A vertical segment (sent and received in one column) is kept or dropped whole.
    let (c, d) = (Point { x: 500.0, y: 40.0 }, Point { x: 500.0, y: 300.0 });
    assert_eq!(clip_segment(c, d, 0.0, 600.0, 18.0), Some((c, d)));
    assert_eq!(clip_segment(c, d, 600.0, 900.0, 18.0), None);
    // A window the wrong way round, or not a number, draws nothing rather than everything.
    assert_eq!(clip_segment(a, b, 900.0, 100.0, 18.0), None);
    assert_eq!(clip_segment(a, b, f64::NAN, f64::NAN, 18.0), None);
}
