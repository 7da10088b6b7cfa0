//! Pure presentation: where things go in the process/channel diagram and in the space-time
//! diagram, computed from the topology, the world's queues and the event log; the mapping
//! from screen to model coordinates for pointer input; colours; and the page's state
//! ([`page`]: the reducer, undo, refusals). Plain structs and functions the UI renders and
//! dispatches to. No browser crates, so all of it is tested natively.

pub mod cut_text;
pub mod page;
pub mod palette;
pub mod reordered;
pub mod spacetime;
pub mod topology_layout;
pub mod window;

/// A point in a diagram's model coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn distance(self, other: Point) -> f64 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

/// A model coordinate as SVG text: whole units are precise enough, and writing integers keeps
/// float formatting (and its code size) out of the web build.
pub fn n(v: f64) -> String {
    (v.round() as i64).to_string()
}

/// `(cos, sin)` of an angle in radians, by range reduction to [-π, π] and Taylor series: plenty
/// for placing processes on a circle, and far smaller in the web build than the standard
/// library's `sin`/`cos` (whose large-argument reduction alone is some 6 KB of wasm).
pub fn cos_sin(angle: f64) -> (f64, f64) {
    use std::f64::consts::{PI, TAU};
    let mut x = remainder(angle);
    if x > PI {
        x -= TAU;
    } else if x < -PI {
        x += TAU;
    }
    // Terms of cos and sin: x^k / k!, alternating; 30 terms reach below 1e-15 for |x| <= π.
    let (mut cos, mut sin, mut term) = (0.0, 0.0, 1.0);
    for k in 0..30 {
        match k % 4 {
            0 => cos += term,
            1 => sin += term,
            2 => cos -= term,
            _ => sin -= term,
        }
        term *= x / f64::from(k + 1);
    }
    (cos, sin)
}

/// `angle % TAU`, without `%`: on `f64` that is a software `fmod` in wasm (u128 arithmetic,
/// about 1 KB gzipped of the page), where `trunc` is one instruction. Exactly the same value
/// for every angle of magnitude below 2·TAU (a test checks), which is all the layout uses.
fn remainder(angle: f64) -> f64 {
    angle - (angle / std::f64::consts::TAU).trunc() * std::f64::consts::TAU
}

/// Maps a pointer position on screen into model coordinates, given the drawn element's
/// screen rectangle (left, top, width, height) and the model view box (width, height) drawn
/// into it with `preserveAspectRatio="xMidYMid meet"`.
pub fn screen_to_model(client: Point, rect: (f64, f64, f64, f64), view: (f64, f64)) -> Point {
    let (left, top, width, height) = rect;
    let (vw, vh) = view;
    if width <= 0.0 || height <= 0.0 {
        return Point::default();
    }
    let scale = (width / vw).min(height / vh);
    let offset_x = (width - vw * scale) / 2.0;
    let offset_y = (height - vh * scale) / 2.0;
    Point { x: (client.x - left - offset_x) / scale, y: (client.y - top - offset_y) / scale }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_to_model_undoes_meet_scaling() {
        // A 1000 × 800 view box drawn into a 500 × 500 box at (10, 20): scale 0.5, letterboxed by 50.
        let p = screen_to_model(
            Point { x: 10.0 + 250.0, y: 20.0 + 50.0 + 200.0 },
            (10.0, 20.0, 500.0, 500.0),
            (1000.0, 800.0),
        );
        assert!((p.x - 500.0).abs() < 1e-9 && (p.y - 400.0).abs() < 1e-9, "{p:?}");
        assert_eq!(screen_to_model(Point { x: 5.0, y: 5.0 }, (0.0, 0.0, 0.0, 10.0), (1.0, 1.0)), Point::default());
    }

    #[test]
    fn the_remainder_is_the_standard_one_below_two_turns() {
        use std::f64::consts::{PI, TAU};
        let mut angles: Vec<f64> = (-12_566..=12_566).map(|i| f64::from(i) * 0.001).collect();
        // The processes' angles (`topology_layout`), and the ends of the range.
        for n in 2..=16 {
            angles.extend((0..n).map(|i| -PI / 2.0 + TAU * f64::from(i) / f64::from(n)));
        }
        angles.extend([PI, -PI, TAU, -TAU, 2.0 * TAU - 1e-9, TAU - f64::EPSILON * 8.0]);
        for a in angles {
            // Equal values (a zero may differ in sign, which no cosine or sine shows).
            assert_eq!(remainder(a), a % TAU, "{a}");
        }
    }

    #[test]
    fn cos_sin_matches_the_standard_library() {
        for i in -2000..=2000 {
            let angle = f64::from(i) * 0.01;
            let (c, s) = cos_sin(angle);
            assert!((c - angle.cos()).abs() < 1e-12 && (s - angle.sin()).abs() < 1e-12, "{angle}: {c} {s}");
        }
    }
}
