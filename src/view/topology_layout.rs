//! Layout of the process and channel diagram: processes on a circle, channels as pairs of
//! parallel directed lines (one per direction), in model units of a 1000 × 1000 view box.

use crate::sim::Topology;

/// Where a process is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// The size of the diagram's view box.
pub const VIEW_SIZE: f64 = 1000.0;

/// Process centres on a circle, `P1` at the top, clockwise.
pub fn process_positions(topology: &Topology) -> Vec<Point> {
    let n = topology.process_count();
    let radius = VIEW_SIZE * 0.36;
    let centre = VIEW_SIZE / 2.0;
    (0..n)
        .map(|p| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * p as f64 / n as f64;
            Point { x: centre + radius * angle.cos(), y: centre + radius * angle.sin() }
        })
        .collect()
}
