//! What an SVG or PNG export of a diagram needs to stand alone, as pure functions (the page
//! serializes the live diagram, `ui/files.rs`): the font family it names (a system sans-serif
//! stack, with the CJK fonts first for Korean and Chinese, so no viewer falls back to a serif
//! font), and a viewBox that contains everything drawn (a label past the diagram's right edge,
//! such as "cut S1", is not clipped).

/// The sans-serif fonts every system has one of.
const SANS: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"Helvetica Neue\", Arial";

/// The `font-family` an exported SVG names on its root, for the page's language (`en`, `ko`,
/// `zh`): always ending in the generic `sans-serif`.
pub fn font_family(language: &str) -> String {
    let cjk = match language {
        "ko" => "\"Noto Sans KR\", \"Noto Sans CJK KR\", \"Apple SD Gothic Neo\", \"Malgun Gothic\", ",
        "zh" => "\"Noto Sans SC\", \"Noto Sans CJK SC\", \"PingFang SC\", \"Microsoft YaHei\", ",
        _ => "",
    };
    format!("{cjk}{SANS}, sans-serif")
}

/// A rectangle in the diagram's user units: x, y, width, height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    fn right(&self) -> f64 {
        self.x + self.width
    }
    fn bottom(&self) -> f64 {
        self.y + self.height
    }
    /// Whether `other` lies inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        self.x <= other.x && self.y <= other.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }
    /// The value of a `viewBox` attribute.
    pub fn view_box(&self) -> String {
        let n = |v: f64| {
            let r = (v * 100.0).round() / 100.0;
            if r == r.trunc() {
                format!("{}", r as i64)
            } else {
                format!("{r}")
            }
        };
        format!("{} {} {} {}", n(self.x), n(self.y), n(self.width), n(self.height))
    }
}

/// The space around drawn content that reaches past the diagram's own box, in user units.
pub const MARGIN: f64 = 6.0;

/// The viewBox of an export: the diagram's own `view_box`, grown to hold every extent in
/// `drawn` (the bounding boxes of its labels and shapes): a side that something reaches past
/// moves out to [`MARGIN`] beyond it. Never smaller than the diagram's box; non-finite or empty extents are ignored.
pub fn fit(view_box: Rect, drawn: &[Rect]) -> Rect {
    let (mut left, mut top, mut right, mut bottom) = (view_box.x, view_box.y, view_box.right(), view_box.bottom());
    for r in drawn {
        let finite = [r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite());
        if !finite || (r.width <= 0.0 && r.height <= 0.0) {
            continue;
        }
        if r.x < view_box.x {
            left = left.min(r.x - MARGIN);
        }
        if r.y < view_box.y {
            top = top.min(r.y - MARGIN);
        }
        if r.right() > view_box.right() {
            right = right.max(r.right() + MARGIN);
        }
        if r.bottom() > view_box.bottom() {
            bottom = bottom.max(r.bottom() + MARGIN);
        }
    }
    Rect { x: left, y: top, width: right - left, height: bottom - top }
}
