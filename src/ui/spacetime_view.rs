//! The space-time diagram (SVG), drawn from the event log through `view::spacetime`: one line
//! per process, arrows for messages (markers dashed, in their snapshot's colour), each
//! snapshot's cut line, messages in transit across a complete cut drawn heavy, orphans in red.

use crate::i18n::tr;
use std::rc::Rc;

use yew::prelude::*;

use crate::view::page::{Lab, LabAction};

use crate::sim::causality::{self, Relation};
use crate::sim::cut::{CutReport, Verdict};
use crate::sim::snapshot::Snapshot;
use crate::sim::{process_name, SnapshotId, World};
use crate::view::n;
use crate::view::palette::{snapshot_colour, text_class, ORPHAN_COLOUR};
use crate::view::spacetime::{
    chunk_hashes, cut_points, event_xs, layout, Arrow, ArrowRole, Dot, DotKind, SpaceTime, CHUNK, LEFT,
};
use crate::view::window::{chunk_extents, clip_segment, visible_chunks};

/// Runs of at most this many chunks are drawn whole; longer ones only where visible.
const DRAW_ALL_CHUNKS: usize = 6;

/// The largest run whose events' causal past and future are ringed on hover.
const CONE_MAX: usize = 1_000;
/// The narrowest the diagram is drawn (model units): a short run's lanes still span a pane, and
/// it is never stretched so far that its labels grow out of proportion.
const MIN_VIEW_WIDTH: f64 = 720.0;
/// Wider than this, the diagram opens zoomed in (drawn at its own size, scrolled to the newest
/// event) rather than shrunk to the pane's width.
const FIT_MAX_WIDTH: f64 = 1_500.0;

#[derive(Properties, Clone)]
pub struct SpaceTimeDiagramProps {
    pub world: Rc<World>,
    pub snapshots: Rc<Vec<Snapshot>>,
    pub verdicts: Rc<Vec<(SnapshotId, Verdict)>>,
    /// See `Lab::run`.
    pub run: u32,
    /// The event shown in detail.
    pub focus: Option<u32>,
    /// A cut drawn by a lesson step, an exercise or the learner, and its report (orphans in
    /// red, messages in transit heavy) when it is to be shown.
    pub drawn: Option<Rc<Vec<usize>>>,
    pub drawn_report: Option<Rc<CutReport>>,
    /// The learner may drag the drawn cut's handles (one per process line).
    #[prop_or_default]
    pub editable: bool,
    pub dispatch: UseReducerDispatcher<Lab>,
}

impl PartialEq for SpaceTimeDiagramProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && Rc::ptr_eq(&self.verdicts, &other.verdicts)
            && self.run == other.run
            && self.focus == other.focus
            && self.drawn == other.drawn
            && self.drawn_report == other.drawn_report
            && self.editable == other.editable
    }
}

/// One arrow.
fn arrow_html(a: &Arrow) -> Html {
    let (colour, class) = match (a.marker, a.role) {
        (_, ArrowRole::Orphan(_)) => (Some(ORPHAN_COLOUR), "arrow orphan"),
        (None, ArrowRole::InTransit(0)) => (None, "arrow in-transit"),
        (Some(s), _) => (Some(snapshot_colour(s)), "arrow marker"),
        // Application messages take the text colour from the stylesheet (light or dark).
        (None, ArrowRole::InTransit(_)) => (None, "arrow in-transit"),
        (None, ArrowRole::Plain) => (None, "arrow"),
    };
    let mut class = if a.in_flight { format!("{class} in-flight") } else { class.to_string() };
    if a.lost {
        class.push_str(" lost");
    }
    if a.copy {
        class.push_str(" copy");
    }
    let mid = ((a.from.x + a.to.x) / 2.0, (a.from.y + a.to.y) / 2.0 - 4.0);
    let mut title = crate::tf!("{0} sent at event {1}", a.label, a.send_seq);
    if a.copy {
        title.push_str(crate::i18n::tr(" (a copy: no duplication broken)"));
    }
    match a.receive_seq {
        Some(r) => title.push_str(&crate::tf!(", received at event {0}", r)),
        None if a.lost => title.push_str(crate::i18n::tr(", LOST: never received (no loss broken)")),
        None => title.push_str(tr(", still in flight")),
    }
    match a.role {
        ArrowRole::InTransit(0) => title.push_str(crate::i18n::tr("; in transit across the drawn cut")),
        ArrowRole::Orphan(0) => {
            title.push_str(crate::i18n::tr("; ORPHAN: received before the drawn cut, sent after it"))
        }
        ArrowRole::InTransit(s) => title.push_str(&crate::tf!("; in transit across the cut of S{0}", s)),
        ArrowRole::Orphan(s) => title.push_str(&crate::tf!("; ORPHAN in the cut of S{0}", s)),
        ArrowRole::Plain => {}
    }
    html! {
        <g key={format!("a{}", a.message)} class={class}>
            <title>{title}</title>
            <line x1={n(a.from.x)} y1={n(a.from.y)} x2={n(a.to.x)} y2={n(a.to.y)}
                stroke={colour} marker-end={match a.marker { Some(s) => format!("url(#st-arrow-marker-{s})"), None => "url(#st-arrow)".into() }} />
            if a.marker.is_none() {
                <text class="arrow-label" x={n(mid.0)} y={n(mid.1)}>{a.label.clone()}</text>
            }
            if a.lost {
                { cross(a.to.x, a.to.y) }
            }
        </g>
    }
}

/// An ✕ centred on (x, y).
fn cross(x: f64, y: f64) -> Html {
    html! { <path class="cross" d="M-6 -6L6 6M-6 6L6 -6" transform={format!("translate({},{})", n(x), n(y))} /> }
}

/// One event's dot, with its description, rule, and clocks as a tooltip.
fn dot_html(d: &Dot, world: &World) -> Html {
    let log = world.log();
    let event = &log.events[d.seq as usize - 1];
    let title = crate::tf!(
        "#{0} {1} — {2}. Lamport {3}, vector [{4}]",
        d.seq,
        event.describe(),
        log.explain(event),
        event.lamport,
        event.vclock.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",")
    );
    match d.kind {
        DotKind::Record(s) => html! {
            <rect key={format!("d{}", d.seq)} data-seq={d.seq.to_string()} class="dot record" x={n(d.at.x - 7.0)} y={n(d.at.y - 7.0)}
                width="14" height="14" fill={snapshot_colour(s)}><title>{title}</title></rect>
        },
        DotKind::Fault => html! {
            <path key={format!("d{}", d.seq)} data-seq={d.seq.to_string()} class="dot fault-event" d="M-6 -6L6 6M-6 6L6 -6"
                transform={format!("translate({},{})", n(d.at.x), n(d.at.y))}><title>{title}</title></path>
        },
        _ => html! {
            <circle key={format!("d{}", d.seq)} data-seq={d.seq.to_string()} class={classes!("dot", (d.kind == DotKind::Internal).then_some("internal"))}
                cx={n(d.at.x)} cy={n(d.at.y)} r="5"><title>{title}</title></circle>
        },
    }
}

#[derive(Properties, Clone)]
struct ChunkProps {
    st: Rc<SpaceTime>,
    world: Rc<World>,
    chunk: u32,
    hash: u64,
    run: u32,
    clocks: Clocks,
}

/// The clocks written beside each event.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Clocks {
    #[default]
    None,
    Lamport,
    Vector,
}

impl PartialEq for ChunkProps {
    /// A chunk redraws only when what it draws changed.
    fn eq(&self, other: &Self) -> bool {
        (self.run, self.chunk, self.hash, self.clocks) == (other.run, other.chunk, other.hash, other.clocks)
    }
}

/// The dots and received arrows of one chunk of columns.
#[function_component(Chunk)]
fn chunk(props: &ChunkProps) -> Html {
    let range = props.chunk * CHUNK..(props.chunk + 1) * CHUNK;
    let arrows = props.st.arrows.iter().filter(|a| a.column.is_some_and(|c| range.contains(&c))).map(arrow_html);
    let dots = props.st.dots.iter().filter(|d| range.contains(&d.column)).map(|d| dot_html(d, &props.world));
    let log = props.world.log();
    let shown = props.clocks != Clocks::None;
    let clocks = props.st.dots.iter().filter(|d| shown && range.contains(&d.column)).map(|d| {
        let e = &log.events[d.seq as usize - 1];
        let label = match props.clocks {
            Clocks::Vector => format!("[{}]", e.vclock.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",")),
            _ => e.lamport.to_string(),
        };
        html! { <text class="clock" x={n(d.at.x)} y={n(d.at.y - 10.0)}>{label}</text> }
    });
    html! { <g class="chunk">{ for arrows }{ for dots }{ for clocks }</g> }
}

/// A cut's polyline: down through each process line's crossing, `reach` above and below it.
pub(super) fn cut_polyline(points: &[crate::view::Point], reach: f64) -> String {
    let ends: Vec<String> = points
        .iter()
        .flat_map(|p| [format!("{},{}", n(p.x), n(p.y - reach)), format!("{},{}", n(p.x), n(p.y + reach))])
        .collect();
    ends.join(" ")
}

/// What the layout depends on, compared by pointer: the reducer replaces each `Rc` when it changes.
struct RunKey(Rc<World>, Rc<Vec<Snapshot>>, Rc<Vec<(SnapshotId, Verdict)>>, Option<Rc<CutReport>>);

impl PartialEq for RunKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
            && Rc::ptr_eq(&self.1, &other.1)
            && Rc::ptr_eq(&self.2, &other.2)
            && self.3 == other.3
    }
}

#[function_component(SpaceTimeDiagram)]
pub fn space_time_diagram(props: &SpaceTimeDiagramProps) -> Html {
    let log = props.world.log();
    // Laid out once per run state, not again when only the focused event changes (hovering).
    let key = RunKey(props.world.clone(), props.snapshots.clone(), props.verdicts.clone(), props.drawn_report.clone());
    let drawn = use_memo(key, |key| {
        // The drawn cut's report goes first, as snapshot 0, so that a snapshot's marks win.
        let mut reports: Vec<(SnapshotId, &CutReport)> = key.3.iter().map(|r| (0, &**r)).collect();
        reports.extend(key.2.iter().map(|(id, v)| (*id, &v.report)));
        let st = Rc::new(layout(key.0.log(), &key.1, &reports));
        let hashes = chunk_hashes(&st);
        let extents = chunk_extents(&st, hashes.len());
        (st, hashes, extents)
    });
    let (st, hashes, extents) = (&drawn.0, &drawn.1, &drawn.2);
    // The visible model x-range (measured after drawing, and on scroll and resize): only the
    // chunks that reach it, with half a screen more either side, are drawn.
    let visible = use_state_eq(|| None::<(i32, i32)>);
    let scroller = use_node_ref();
    let svg_ref = use_node_ref();
    let clocks = use_state(Clocks::default);
    let topology = &log.topology;

    let view_width = st.width.max(MIN_VIEW_WIDTH);
    // Fit the pane's width (the default for a short run), or zoomed in: the diagram at its own
    // size in a scrolling box that follows the newest event. `None`: as the run's width says.
    let zoom = use_state(|| None::<bool>);
    let zoomed = zoom.unwrap_or(st.width > FIT_MAX_WIDTH);
    let on_zoom = {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(Some(!zoomed)))
    };
    // The model x-range drawn: a short run whole; a long one only near what is visible (the
    // visible part and half a screen more on either side), lanes and messages in flight included.
    let span: Option<(f64, f64)> = match *visible {
        _ if hashes.len() <= DRAW_ALL_CHUNKS => None,
        Some((from, to)) => {
            let overscan = f64::from(to - from).max(600.0) / 2.0;
            Some((f64::from(from) - overscan, f64::from(to) + overscan))
        }
        // Not measured yet: the start of the run.
        None => Some((0.0, 1_600.0)),
    };
    let (lane_from, lane_to) = match span {
        Some((lo, hi)) => (LEFT.max(lo), (view_width - 8.0).min(hi)),
        None => (LEFT, view_width - 8.0),
    };
    let lanes = st.lanes.iter().map(|&(p, y)| {
        // A process's label beside its name, as the exports write it: "P1 (Seoul)", above the line;
        // the presets' own labels (acct1, worker 1) in the page's language, as on the other diagram.
        let label = crate::i18n::label(topology.label(p));
        let name = process_name(p);
        html! {
            <g key={format!("lane{p}")} class="lane">
                if label.is_empty() || label == name {
                    <text class="lane-name" x="8" y={n(y + 5.0)}>{name.clone()}</text>
                } else {
                    <text class="lane-name labelled" x="8" y={n(y - 9.0)}>{format!("{name} ({label})")}</text>
                }
                <line x1={n(lane_from)} y1={n(y)} x2={n(lane_to)} y2={n(y)} />
            </g>
        }
    });
    let shown: Vec<u32> = match span {
        None => (0..hashes.len() as u32).collect(),
        Some((lo, hi)) => visible_chunks(extents, lo, hi, 0.0),
    };
    let chunks = shown.iter().map(|&c| {
        let hash = hashes[c as usize];
        html! { <Chunk key={c} st={st.clone()} world={props.world.clone()} chunk={c} {hash} run={props.run} clocks={*clocks} /> }
    });
    // Measures the visible part of the diagram in model units, rounded out to 200 units so that
    // small scrolls change nothing.
    let measure = {
        let scroller = scroller.clone();
        let svg_ref = svg_ref.clone();
        let visible = visible.clone();
        move || {
            let (Some(box_), Some(svg)) = (scroller.cast::<web_sys::Element>(), svg_ref.cast::<web_sys::Element>())
            else {
                return;
            };
            let (b, r) = (box_.get_bounding_client_rect(), svg.get_bounding_client_rect());
            if r.width() <= 0.0 {
                return;
            }
            let screen =
                web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).unwrap_or(b.right());
            // The model width, from the drawing itself (this closure outlives a render).
            let width = svg
                .get_attribute("viewBox")
                .and_then(|v| v.split_whitespace().nth(2).and_then(|w| w.parse::<f64>().ok()))
                .unwrap_or(r.width());
            let scale = width / r.width();
            let from = ((b.left().max(0.0) - r.left()) * scale).max(0.0);
            let to = ((b.right().min(screen) - r.left()) * scale).max(from);
            let from = (from / 200.0).floor() as i32 * 200;
            let to = (to / 200.0).ceil() as i32 * 200;
            visible.set(Some((from, to)));
        }
    };
    {
        let measure = measure.clone();
        // A short run is drawn whole and needs no measuring: measuring forces a layout in the
        // middle of every action's update.
        use_effect_with((hashes.len() > DRAW_ALL_CHUNKS, st.width as i64), move |&(windowed, _)| {
            if windowed {
                measure()
            }
        });
    }
    {
        let measure = measure.clone();
        let scroller = scroller.clone();
        use_effect_with(props.run, move |_| {
            let m = measure.clone();
            let scroll = scroller
                .cast::<web_sys::Element>()
                .and_then(|t| super::browser::Listener::new(t.into(), "scroll", move |_| m()));
            let resize =
                web_sys::window().and_then(|w| super::browser::Listener::new(w.into(), "resize", move |_| measure()));
            move || drop((scroll, resize))
        });
    }
    // Messages in flight run to the right edge, which moves with every action: they are drawn
    // as one path per style (cheap to redraw); the topology diagram names each of them.
    let mut in_flight: Vec<(Option<SnapshotId>, String)> = Vec::new();
    for a in st.arrows.iter().filter(|a| a.in_flight) {
        // Only the part near the view (a dash period of 18 suits both styles, 2 4 and 5 4).
        let Some((from, to)) = span.map_or(Some((a.from, a.to)), |(lo, hi)| clip_segment(a.from, a.to, lo, hi, 18.0))
        else {
            continue;
        };
        let i = match in_flight.iter().position(|(m, _)| *m == a.marker) {
            Some(i) => i,
            None => {
                in_flight.push((a.marker, String::new()));
                in_flight.len() - 1
            }
        };
        let d = &mut in_flight[i].1;
        d.push_str(&format!("M{} {}L{} {}", n(from.x), n(from.y), n(to.x), n(to.y)));
    }
    let in_flight = in_flight.into_iter().map(|(marker, d)| {
        let colour = marker.map(snapshot_colour);
        html! { <path class={classes!("in-flight", marker.map(|_| "marker"))} {d} stroke={colour} /> }
    });
    let cuts = st.cuts.iter().map(|c| {
        let points = cut_polyline(&c.points, 22.0);
        let label_at = c.points.first().copied().unwrap_or_default();
        html! {
            <g key={format!("cut{}", c.snapshot)} class={classes!("cut", (!c.complete).then_some("partial"))}>
                <polyline {points} stroke={snapshot_colour(c.snapshot)} />
                <text class={classes!("cut-label", text_class(c.snapshot))} x={n(label_at.x + 4.0)} y="14">
                    {crate::tf!("cut S{0}", c.snapshot)}
                </text>
            </g>
        }
    });
    // The learner's cut (lessons, exercises, Draw a cut…).
    let drawn_cut = props.drawn.as_ref().map(|cut| {
        let points = cut_polyline(&cut_points(st, log, cut), 26.0);
        let verdict = props.drawn_report.as_ref().map(|r| {
            if r.is_consistent() { crate::i18n::tr(" (consistent)") } else { crate::i18n::tr(" (inconsistent: orphan in red)") }
        });
        html! {
            <g class="cut drawn">
                <polyline {points} />
                <text class="cut-label" x={n(LEFT)} y={n(st.height - 8.0)}>{crate::tf!("drawn cut{0}", verdict.unwrap_or_default())}</text>
            </g>
        }
    });
    // Handles to drag (pointer, touch), above the events; the cut panel's sliders do the same by
    // keyboard.
    let editable = props.editable;
    let handles = props.drawn.as_ref().filter(|_| editable).map(|cut| {
        let crossings = cut_points(st, log, cut);
        let circles = st.lanes.iter().zip(crossings).map(|(&(p, _), at)| {
            html! {
                <circle class="cut-handle" data-cut={p.to_string()} cx={n(at.x)} cy={n(at.y)} r="10">
                    <title>{crate::tf!("Drag to move the cut along {0}'s line", process_name(p))}</title>
                </circle>
            }
        });
        html! { <g class="cut-handles">{ for circles }</g> }
    });
    // The event shown in detail: a ring on the diagram and a sentence below it.
    let focused = props.focus.and_then(|seq| log.events.get(seq as usize - 1));
    let ring = focused.map(|e| {
        let at = st.point(e);
        html! { <circle class="focus-ring" cx={n(at.x)} cy={n(at.y)} r="11" /> }
    });
    // Its causal past and future (up to CONE_MAX events, to keep hovering quick).
    let cone = focused.filter(|_| log.events.len() <= CONE_MAX).map(|e| causality::cone(log, e.seq));
    let cone_rings = cone.as_ref().map(|relations| {
        let rings = log.events.iter().zip(relations).filter_map(|(e, r)| {
            let class = match r {
                Relation::Past => "cone past",
                Relation::Future => "cone future",
                _ => return None,
            };
            let at = st.point(e);
            Some(html! { <circle key={e.seq} {class} cx={n(at.x)} cy={n(at.y)} r="9" /> })
        });
        html! { <g class="cones" aria-hidden="true">{ for rings }</g> }
    });
    let cone_words = cone.as_ref().map(|relations| {
        let count = |want: Relation| relations.iter().filter(|&&r| r == want).count();
        crate::tf!(
            " Its causal past: {0} events (ringed blue); its causal future: {1} (ringed orange); concurrent with it: {2}.",
            count(Relation::Past),
            count(Relation::Future),
            count(Relation::Concurrent)
        )
    });
    let details = match focused {
        Some(e) => {
            crate::tf!(
                "Event {0} of {1}: {2}. Rule {3}: {4}. Lamport clock {5}, vector clock [{6}].",
                e.seq,
                log.events.len(),
                e.describe(),
                e.rule.id(),
                log.explain(e),
                e.lamport,
                e.vclock.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
            ) + cone_words.as_deref().unwrap_or_default()
        }
        None => {
            tr("Hover over an event, or focus the diagram and use the arrow keys, to see why it happened.").to_string()
        }
    };
    let marker_heads = {
        let mut ids: Vec<_> = st.arrows.iter().filter_map(|a| a.marker).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|s| {
            html! {
                <marker key={s} id={format!("st-arrow-marker-{s}")} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" fill={snapshot_colour(s)} />
                </marker>
            }
        })
    };
    // Zoomed in, the box follows the newest event.
    {
        let scroller = scroller.clone();
        use_effect_with((log.events.len(), zoomed), move |&(_, zoomed)| {
            if let Some(el) = scroller.cast::<web_sys::Element>().filter(|_| zoomed) {
                el.set_scroll_left(el.scroll_width());
            }
        });
    }
    {
        let scroller = scroller.clone();
        let x = focused.map(|e| st.point(e).x);
        use_effect_with(props.focus, move |_| {
            if let (Some(x), Some(el)) = (x, scroller.cast::<web_sys::Element>()) {
                let left = f64::from(el.scroll_left());
                let width = f64::from(el.client_width());
                if x < left + 40.0 || x > left + width - 40.0 {
                    el.set_scroll_left((x - width / 2.0).max(0.0) as i32);
                }
            }
        });
    }
    let on_over = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: PointerEvent| {
            let seq = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .and_then(|el| el.get_attribute("data-seq"))
                .and_then(|s| s.parse::<u32>().ok());
            if seq.is_some() {
                dispatch.dispatch(LabAction::Focus(seq));
            }
        })
    };
    // Dragging a cut handle: the process whose crossing moves, while the pointer is down.
    let dragging = use_mut_ref(|| None::<usize>);
    let on_down = editable.then(|| {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            let target = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
            let process = target.as_ref().and_then(|el| el.get_attribute("data-cut")).and_then(|p| p.parse().ok());
            if let (Some(p), Some(el)) = (process, target) {
                e.prevent_default();
                let _ = el.set_pointer_capture(e.pointer_id());
                *dragging.borrow_mut() = Some(p);
            }
        })
    });
    let on_move = editable.then(|| {
        let dragging = dragging.clone();
        let dispatch = props.dispatch.clone();
        let drawn = props.drawn.clone();
        let world = props.world.clone();
        let st = st.clone();
        let svg_ref = svg_ref.clone();
        Callback::from(move |e: PointerEvent| {
            let (Some(p), Some(cut)) = (*dragging.borrow(), drawn.as_ref()) else { return };
            // Yew delegates events, so the current target is not the diagram: find it by ref.
            let Some(svg) = svg_ref.cast::<web_sys::Element>() else { return };
            let rect = svg.get_bounding_client_rect();
            // The SVG may be drawn smaller or larger than its model size.
            let scale = if rect.width() > 0.0 { st.width / rect.width() } else { 1.0 };
            let x = (f64::from(e.client_x()) - rect.left()) * scale;
            let k = crate::view::cut_text::crossing(&event_xs(&st, world.log(), p), x);
            if cut.get(p).is_some_and(|&now| now != k) {
                let mut next = (**cut).clone();
                next[p] = k;
                dispatch.dispatch(LabAction::DrawCut(next));
            }
        })
    });
    let on_up = editable.then(|| Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = None));
    let on_key = {
        let dispatch = props.dispatch.clone();
        let count = log.events.len() as u32;
        Callback::from(move |e: KeyboardEvent| {
            let action = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => LabAction::FocusBy(1),
                "ArrowLeft" | "ArrowUp" => LabAction::FocusBy(-1),
                "Home" => LabAction::Focus((count > 0).then_some(1)),
                "End" => LabAction::Focus((count > 0).then_some(count)),
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            dispatch.dispatch(action);
        })
    };
    let on_clocks = {
        let clocks = clocks.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            clocks.set(match value.as_str() {
                "lamport" => Clocks::Lamport,
                "vector" => Clocks::Vector,
                _ => Clocks::None,
            });
        })
    };
    let summary = crate::tf!(
        "{0} events on {1} processes; {2} snapshot cut(s) drawn. The event log table below lists every event.",
        log.events.len(),
        topology.process_count(),
        st.cuts.len()
    );
    html! {
        <figure class={classes!("spacetime", if zoomed { "zoomed" } else { "fit" })} aria-label={tr("Space-time diagram")} role="figure">
            <figcaption>{tr("Space-time diagram")}
                <button type="button" class="zoom" aria-pressed={zoomed.to_string()} onclick={on_zoom}
                    title={if zoomed { tr("Drawn at full size: scroll sideways for the rest. Press to fit the width.") } else { tr("Fitted to the width. Press to draw it at full size.") }}>
                    {tr("Zoom in")}</button>
                <label class="clocks-pick">{crate::i18n::tr(" Clocks ")}
                    <select aria-label={crate::i18n::tr("Clocks on events")} onchange={on_clocks}>
                        <option value="none" selected={*clocks == Clocks::None}>{crate::i18n::tr("none")}</option>
                        <option value="lamport" selected={*clocks == Clocks::Lamport}>{crate::i18n::tr("Lamport")}</option>
                        <option value="vector" selected={*clocks == Clocks::Vector}>{crate::i18n::tr("vector")}</option>
                    </select>
                </label>
            </figcaption>
            <div ref={scroller} class="spacetime-scroll" tabindex="0" onkeydown={on_key} role="group"
                aria-label={tr("Events of the space-time diagram (arrow keys move between events)")}
                aria-describedby="event-details">
                <svg ref={svg_ref} onpointerover={on_over} onpointerdown={on_down} onpointermove={on_move}
                    onpointerup={on_up.clone()} onpointercancel={on_up} role="img" aria-label={crate::tf!("Space-time diagram: {0}", summary)} width={n(view_width)} height={n(st.height)}
                    viewBox={format!("0 0 {} {}", n(view_width), n(st.height))}>
                    <defs>
                        <marker id="st-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                            <path class="st-head" d="M 0 0 L 10 5 L 0 10 z" />
                        </marker>
                        // A marker's arrowhead in its snapshot's colour, like its line.
                        { for marker_heads }
                    </defs>
                    // Every list in a group of its own: Yew pairs an element's unkeyed children
                    // from the end, so a list whose length changes beside its siblings would make
                    // it redraw every sibling before it (the lanes, cuts and arrowheads).
                    <g class="lanes">{ for lanes }</g>
                    <g class="cuts">{ for cuts }</g>
                    <g class="drawn-cut">{ for drawn_cut }</g>
                    <g class="chunks">{ for chunks }</g>
                    <g class="in-flight-arrows"><title>{tr("Messages still in flight")}</title>{ for in_flight }</g>
                    <g class="cone-rings">{ for cone_rings }</g>
                    <g class="focused">{ for ring }</g>
                    <g class="handles">{ for handles }</g>
                </svg>
            </div>
            <p id="event-details" class="event-details" aria-live="polite">{details}</p>
        </figure>
    }
}
