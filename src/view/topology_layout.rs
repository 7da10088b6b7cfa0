//! Layout of the process and channel diagram: processes on a circle (two side by side), each
//! directed channel as its own line (the two directions of a pair drawn apart), and the
//! messages in flight on a channel placed along it in queue order, head nearest the receiver.

use super::Point;
use crate::sim::{Channel, Topology};

/// The diagram's widest view box (width, height); see [`view_size`].
pub const VIEW: (f64, f64) = (1000.0, 820.0);

/// The view box for `n` processes: two processes side by side need only a strip.
pub fn view_size(n: usize) -> (f64, f64) {
    if n == 2 {
        (VIEW.0, 2.0 * PROCESS_RADIUS + 200.0)
    } else {
        VIEW
    }
}
/// Radius of a process's circle.
pub const PROCESS_RADIUS: f64 = 64.0;
/// Distance between two messages queued on a channel.
pub const MESSAGE_SPACING: f64 = 50.0;

/// Process centres: where a teacher placed them (kept inside the view), else on a circle, `P1`
/// at the top, clockwise; two processes side by side.
pub fn process_positions(topology: &Topology) -> Vec<Point> {
    let n = topology.process_count();
    if let Some(placed) = topology.positions() {
        return placed.iter().map(|&(x, y)| keep_in_view(n, Point { x: f64::from(x), y: f64::from(y) })).collect();
    }
    circle_positions(n)
}

/// A process centre moved so that its circle lies inside the view box for `n` processes.
pub fn keep_in_view(n: usize, p: Point) -> Point {
    let (w, h) = view_size(n);
    let r = PROCESS_RADIUS;
    Point { x: p.x.clamp(r, w - r), y: p.y.clamp(r, h - r) }
}

/// The diagram's own layout for `n` processes (see [`process_positions`]).
pub fn circle_positions(n: usize) -> Vec<Point> {
    let (w, h) = view_size(n);
    let centre = Point { x: w / 2.0, y: h / 2.0 };
    // An ellipse leaving room at the sides for recorded-state badges and below for labels.
    let (rx, ry) = (w / 2.0 - PROCESS_RADIUS - BADGE_ROOM, h / 2.0 - PROCESS_RADIUS - 46.0);
    let start = if n == 2 { std::f64::consts::PI } else { -std::f64::consts::FRAC_PI_2 };
    (0..n)
        .map(|p| {
            let angle = start + std::f64::consts::TAU * p as f64 / n as f64;
            let (cos, sin) = super::cos_sin(angle);
            Point { x: centre.x + rx * cos, y: centre.y + ry * sin }
        })
        .collect()
}

/// Room beside a process for its recorded-state badges.
pub const BADGE_ROOM: f64 = 185.0;

/// Where a process's `i`-th recorded-state badge starts, relative to the process, and which way
/// it grows (+1 right, -1 left): beside the process, on the side away from the middle of the
/// diagram, stacked downwards; the badge's inner edge is at the returned point.
pub fn badge_offset(process: Point, i: usize) -> (Point, f64) {
    let side = if process.x >= VIEW.0 / 2.0 - 1.0 { 1.0 } else { -1.0 };
    (Point { x: side * (PROCESS_RADIUS + 12.0), y: -PROCESS_RADIUS / 2.0 + 30.0 * i as f64 }, side)
}

/// Where a channel is drawn: from the sender's rim to the receiver's rim, shifted sideways so
/// that the two directions between a pair do not overlap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChannelGeometry {
    pub channel: Channel,
    pub start: Point,
    pub end: Point,
}

impl ChannelGeometry {
    pub fn length(&self) -> f64 {
        self.start.distance(self.end)
    }
    /// The point at fraction `t` from start to end.
    pub fn at(&self, t: f64) -> Point {
        Point { x: self.start.x + (self.end.x - self.start.x) * t, y: self.start.y + (self.end.y - self.start.y) * t }
    }
    /// Where the message at queue position `i` (0 = head) sits, when `len` are queued; the
    /// queue is squeezed to fit the channel when it is long.
    pub fn message_position(&self, i: usize, len: usize) -> Point {
        let usable = (self.length() - 2.0 * 28.0).max(1.0);
        let spacing = if len > 1 { MESSAGE_SPACING.min(usable / (len - 1) as f64) } else { 0.0 };
        let from_end = 28.0 + i as f64 * spacing;
        self.at(1.0 - from_end / self.length().max(1.0))
    }
}

/// Every channel's geometry, in topology order.
pub fn channel_geometry(topology: &Topology, positions: &[Point]) -> Vec<ChannelGeometry> {
    channel_lines(topology.channels(), positions)
}

/// The geometry of these channels between processes at `positions` (the scenario editor draws
/// a draft's channels, which is no topology yet).
pub fn channel_lines(channels: &[Channel], positions: &[Point]) -> Vec<ChannelGeometry> {
    let offset = 16.0;
    channels
        .iter()
        .map(|&channel| {
            let a = positions[channel.from];
            let b = positions[channel.to];
            let d = a.distance(b).max(1.0);
            let (ux, uy) = ((b.x - a.x) / d, (b.y - a.y) / d);
            // Shift to the right of the direction of travel.
            let (nx, ny) = (-uy * offset, ux * offset);
            let rim = PROCESS_RADIUS + 6.0;
            ChannelGeometry {
                channel,
                start: Point { x: a.x + ux * rim + nx, y: a.y + uy * rim + ny },
                end: Point { x: b.x - ux * (rim + 6.0) + nx, y: b.y - uy * (rim + 6.0) + ny },
            }
        })
        .collect()
}

/// The process drawn at a model point, if any (with some slack for fingers).
pub fn process_at(positions: &[Point], point: Point) -> Option<usize> {
    positions
        .iter()
        .enumerate()
        .map(|(p, &c)| (p, c.distance(point)))
        .filter(|&(_, d)| d <= PROCESS_RADIUS + 18.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(p, _)| p)
}

/// Widest line of a process's label under its circle, in columns (a CJK character is two):
/// about the circle's width at the label's size, so that it stays clear of the channels'
/// arrowheads on either side.
pub const LABEL_COLUMNS: usize = 16;
/// Most lines a label takes; a label longer than that is cut with `…`.
pub const LABEL_LINES: usize = 4;

/// A process's label as drawn: lines of at most [`LABEL_COLUMNS`], broken at spaces where it
/// can be (a line broken at a space keeps it at its end, so that the lines joined are the label
/// again), long words broken anywhere; beyond [`LABEL_LINES`] lines, cut with `…` (then the full
/// label is given in a tooltip; the accessible name always has it). Returns the lines and
/// whether it was cut.
pub fn label_lines(label: &str) -> (Vec<String>, bool) {
    use crate::i18n::columns;
    let width = |s: &str| columns(s.trim_end());
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (k, word) in label.split(' ').enumerate() {
        let gap = if k > 0 { " " } else { "" };
        if width(&line) + gap.len() + columns(word) <= LABEL_COLUMNS
            || line.trim().is_empty() && columns(word) <= LABEL_COLUMNS
        {
            line.push_str(gap);
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            line.push_str(gap);
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line: broken anywhere.
        for ch in word.chars() {
            if columns(&line) + columns(ch.encode_utf8(&mut [0; 4])) > LABEL_COLUMNS {
                lines.push(std::mem::take(&mut line));
            }
            line.push(ch);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let cut = lines.len() > LABEL_LINES;
    if cut {
        lines.truncate(LABEL_LINES);
        let last = lines.last_mut().expect("lines");
        let mut kept = last.trim_end().to_string();
        while columns(&kept) + 1 > LABEL_COLUMNS {
            kept.pop();
        }
        *last = format!("{}…", kept.trim_end());
    }
    (lines, cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Discipline, Unit};

    fn topology(n: usize) -> Topology {
        Topology::complete(Topology::specs(&vec![10; n]), Discipline::Fifo, Unit::Balance).unwrap()
    }

    #[test]
    fn processes_fit_in_the_view_and_do_not_overlap() {
        for n in 2..=16 {
            let positions = process_positions(&topology(n));
            for (i, a) in positions.iter().enumerate() {
                assert!(a.x - PROCESS_RADIUS >= 0.0 && a.x + PROCESS_RADIUS <= VIEW.0, "n={n}");
                let view = view_size(n);
                assert!(a.y - PROCESS_RADIUS >= 0.0 && a.y + PROCESS_RADIUS <= view.1, "n={n}");
                // Three badges fit inside the view beside the process.
                for i in 0..3 {
                    // A badge as wide as `S3: $100000`.
                    let (b, side) = badge_offset(*a, i);
                    let (inner, outer) = (a.x + b.x, a.x + b.x + side * 160.0);
                    assert!(inner.min(outer) >= 0.0 && inner.max(outer) <= VIEW.0, "n={n}: badge off the side");
                    assert!((inner - a.x).abs() > PROCESS_RADIUS, "n={n}: badge over the process");
                    assert!(a.y + b.y - 18.0 >= 0.0 && a.y + b.y + 8.0 <= view.1, "n={n}: badge off the bottom");
                }
                for b in &positions[i + 1..] {
                    if n <= 8 {
                        assert!(a.distance(*b) > 2.0 * PROCESS_RADIUS, "n={n}: processes overlap");
                    }
                }
            }
        }
    }

    #[test]
    fn the_two_directions_of_a_pair_are_drawn_apart_and_queues_run_head_to_receiver() {
        let t = topology(3);
        let positions = process_positions(&t);
        let geometry = channel_geometry(&t, &positions);
        let forward = geometry.iter().find(|g| g.channel == Channel { from: 0, to: 1 }).unwrap();
        let back = geometry.iter().find(|g| g.channel == Channel { from: 1, to: 0 }).unwrap();
        assert!(forward.at(0.5).distance(back.at(0.5)) > 20.0);
        // The head is nearer the receiver than the second message.
        let head = forward.message_position(0, 3);
        let second = forward.message_position(1, 3);
        assert!(head.distance(positions[1]) < second.distance(positions[1]));
        // A long queue still fits between the two processes.
        let last = forward.message_position(49, 50);
        assert!(last.distance(positions[0]) >= PROCESS_RADIUS);
    }

    #[test]
    fn hit_testing_finds_the_process_under_the_pointer() {
        let t = topology(4);
        let positions = process_positions(&t);
        assert_eq!(process_at(&positions, positions[2]), Some(2));
        assert_eq!(process_at(&positions, Point { x: positions[3].x + 70.0, y: positions[3].y }), Some(3));
        assert_eq!(process_at(&positions, Point { x: VIEW.0 / 2.0, y: VIEW.1 / 2.0 }), None);
    }
}
