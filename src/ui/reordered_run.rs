//! "It never happened, but it could have", played beside the real run: a complete,
//! consistent snapshot's real run and the reordered run that passes through its recorded state
//! (`view::reordered`), drawn side by side and stepped or played together. On the real run, the
//! events the reordered run has done are dark and the cut they make sweeps across until it lies
//! on the snapshot's cut; on the reordered run, that cut is one instant. A table compares the
//! global state after each step with what the snapshot recorded.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{say, tr};
use crate::sim::event::message_list;
use crate::sim::{process_name, Channel, Log, SnapshotId, Unit, World};
use crate::view::n;
use crate::view::palette::{snapshot_colour, text_class};
use crate::view::reordered::{same_messages, Comparison};
use crate::view::spacetime::{cut_points, Arrow, Dot, DotKind, SpaceTime, LEFT};
use crate::view::Point;

/// The arrowheads of both diagrams.
const RR_DEFS: &str = "<svg class=\"rr-defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>\
<marker id=\"rr-head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path class=\"st-head\" d=\"M 0 0 L 10 5 L 0 10 z\"/></marker>\
<marker id=\"rr-head-marker\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#6b7280\"/></marker>\
</defs></svg>";

/// How long a step shows while playing, and how long the recorded state does.
const STEP_MS: u32 = 1_100;
const RECORDED_STATE_MS: u32 = 3_000;

#[derive(Properties, Clone)]
pub struct ReorderedRunProps {
    pub comparison: Rc<Comparison>,
    /// The real run.
    pub world: Rc<World>,
    pub unit: Unit,
    pub on_close: Callback<MouseEvent>,
}

impl PartialEq for ReorderedRunProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.comparison, &other.comparison)
    }
}

/// What the view calls the state it reaches: a snapshot's recorded state, or the state at the
/// cut the learner drew.
struct Words {
    /// The target's line on both diagrams: its label, and the snapshot's colour and text class
    /// (a drawn cut is dash-dotted in the text colour).
    cut_label: String,
    colour: Option<(&'static str, String)>,
    /// Where the real diagram's and the reordered diagram's descriptions name the target.
    real_label: String,
    reordered_label: String,
    region: String,
    heading: String,
    hint: String,
    go: String,
    at_boundary: String,
    caption: String,
    column: String,
}

fn words(c: &Comparison, k: usize) -> Words {
    let b = c.boundary;
    match c.of {
        Some(id) => Words {
            cut_label: crate::tf!("cut S{0}", id),
            colour: Some((snapshot_colour(id), text_class(id))),
            real_label: crate::tf!(
                "The real run: the events the reordered run has done after step {0} are dark, and the cut they make is dashed; S{1}'s cut is in its colour.",
                k,
                id
            ),
            reordered_label: crate::tf!(
                "The reordered run, without markers: its first {0} steps are dark; S{1}'s cut is the straight line after step {2}.",
                k,
                id,
                b
            ),
            region: crate::tf!("S{0} beside a run that passes through its recorded state", id),
            heading: crate::tf!("It never happened, but it could have: S{0}", id),
            hint: crate::tf!(
                "The real run, with S{0}'s cut, and the reordered run: the same application events in another order, without markers, drawn at the same scale. Step or play it: on the real run, the events done so far are dark and the dashed cut they make sweeps across until, at step {1}, it lies on S{0}'s cut; on the reordered run that cut is one instant.",
                id,
                b
            ),
            go: crate::tf!("Go to S{0}'s recorded state", id),
            at_boundary: crate::tf!(
                "This is S{0}'s recorded state: every process holds what S{0} recorded, and every channel holds the messages S{0} recorded in it.",
                id
            ),
            caption: crate::tf!(
                "The global state after step {0}, beside S{1}'s recording (channels that are empty in both are left out)",
                k,
                id
            ),
            column: crate::tf!("S{0} recorded", id),
        },
        None => Words {
            cut_label: crate::tf!("drawn cut{0}", ""),
            colour: None,
            real_label: crate::tf!(
                "The real run: the events the reordered run has done after step {0} are dark, and the cut they make is dashed; the drawn cut is dash-dotted.",
                k
            ),
            reordered_label: crate::tf!(
                "The reordered run, without markers: its first {0} steps are dark; the drawn cut is the straight line after step {1}.",
                k,
                b
            ),
            region: tr("The drawn cut beside a run that passes through it").to_string(),
            heading: tr("It never happened, but it could have: the drawn cut").to_string(),
            hint: crate::tf!(
                "The real run, with your cut, and the reordered run: the same application events in another order, without markers, drawn at the same scale. Step or play it: on the real run, the events done so far are dark and the dashed cut they make sweeps across until, at step {0}, it lies on your cut; on the reordered run that cut is one instant.",
                b
            ),
            go: tr("Go to the drawn cut's state").to_string(),
            at_boundary: tr("This is the global state at the drawn cut: every process holds its state at the cut, and every channel holds the messages in transit across it.").to_string(),
            caption: crate::tf!(
                "The global state after step {0}, beside the state at the drawn cut (channels that are empty in both are left out)",
                k
            ),
            column: tr("At the drawn cut").to_string(),
        },
    }
}

/// How far along a message is after some steps.
#[derive(Clone, Copy, PartialEq)]
enum Progress {
    NotSent,
    InFlight,
    Received,
}

fn progress(sent: bool, received: bool) -> Progress {
    match (sent, received) {
        (true, true) => Progress::Received,
        (true, false) => Progress::InFlight,
        _ => Progress::NotSent,
    }
}

/// Text for SVG markup.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

// The two diagrams are written as SVG markup (one string each) rather than as Yew nodes: they are
// redrawn whole on every step anyway, and markup costs far less code.

fn arrow_svg(out: &mut String, a: &Arrow, p: Progress) {
    let state = match p {
        Progress::NotSent => "todo",
        Progress::InFlight => "flying",
        Progress::Received => "done",
    };
    let (marker, stroke, head) = match a.marker {
        Some(s) => (" marker", format!(" stroke=\"{}\"", snapshot_colour(s)), "rr-head-marker"),
        None => ("", String::new(), "rr-head"),
    };
    out.push_str(&format!(
        "<g class=\"arrow{marker} {state}\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{stroke} marker-end=\"url(#{head})\"/>",
        n(a.from.x),
        n(a.from.y),
        n(a.to.x),
        n(a.to.y)
    ));
    if a.marker.is_none() {
        let (x, y) = ((a.from.x + a.to.x) / 2.0, (a.from.y + a.to.y) / 2.0 - 4.0);
        out.push_str(&format!("<text class=\"arrow-label\" x=\"{}\" y=\"{}\">{}</text>", n(x), n(y), esc(&a.label)));
    }
    out.push_str("</g>");
}

fn dot_svg(out: &mut String, d: &Dot, done: bool, title: &str) {
    let title = esc(title);
    match d.kind {
        DotKind::Record(s) => out.push_str(&format!(
            "<rect class=\"dot record\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"><title>{title}</title></rect>",
            n(d.at.x - 6.0),
            n(d.at.y - 6.0),
            snapshot_colour(s)
        )),
        _ => out.push_str(&format!(
            "<circle class=\"dot{}{}\" cx=\"{}\" cy=\"{}\" r=\"5\"><title>{title}</title></circle>",
            if d.kind == DotKind::Internal { " internal" } else { "" },
            if done { " done" } else { " todo" },
            n(d.at.x),
            n(d.at.y)
        )),
    }
}

/// A cut drawn as a polyline through its crossings, with a label.
fn cut_svg(out: &mut String, points: &[Point], class: &str, colour: Option<(&str, &str)>, label: &str, label_y: f64) {
    let line = super::spacetime_view::cut_polyline(points, 20.0);
    let at = points.first().copied().unwrap_or_default();
    // A snapshot's colour for the line, and its text class (4.5:1 in light and dark) for the label.
    let (stroke, text) = colour.map(|(c, t)| (format!(" stroke=\"{c}\""), t)).unwrap_or_default();
    out.push_str(&format!(
        "<g class=\"cut {class}\"><polyline points=\"{}\"{stroke}/><text class=\"cut-label {text}\" x=\"{}\" y=\"{}\">{}</text></g>",
        line,
        n(at.x + 4.0),
        n(label_y),
        esc(label)
    ));
}

/// One space-time diagram of the comparison: its lanes, then `body`.
fn diagram(st: &SpaceTime, label: &str, body: &str) -> Html {
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        esc(label),
        w = n(st.width),
        h = n(st.height)
    );
    for &(p, y) in &st.lanes {
        svg.push_str(&format!(
            "<g class=\"lane\"><text class=\"lane-name\" x=\"8\" y=\"{}\">{}</text><line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/></g>",
            n(y + 5.0),
            process_name(p),
            n(LEFT),
            n(st.width - 8.0),
            y = n(y)
        ));
    }
    svg.push_str(body);
    svg.push_str("</svg>");
    html! { <div class="spacetime-scroll">{ Html::from_html_unchecked(svg.into()) }</div> }
}

/// The target's line: in the snapshot's colour, or dash-dotted for a drawn cut.
fn target_svg(out: &mut String, points: &[Point], w: &Words) {
    let colour = w.colour.as_ref().map(|(c, t)| (*c, t.as_str()));
    let class = if colour.is_some() { "recorded" } else { "recorded drawn" };
    cut_svg(out, points, class, colour, &w.cut_label, 12.0);
}

/// The real run: what the reordered run has done after `k` steps, dark; S1's cut; the swept cut.
fn real_diagram(c: &Comparison, log: &Log, k: usize, w: &Words) -> Html {
    let st = &c.real;
    let mut body = String::new();
    target_svg(&mut body, &cut_points(st, log, &c.cut), w);
    for a in &st.arrows {
        let p = if a.marker.is_some() {
            Progress::NotSent
        } else {
            progress(c.done(a.send_seq, k), a.receive_seq.is_some_and(|r| c.done(r, k)))
        };
        arrow_svg(&mut body, a, p);
    }
    for d in &st.dots {
        let e = &log.events[d.seq as usize - 1];
        dot_svg(&mut body, d, c.done(d.seq, k), &format!("#{} {}", d.seq, say(&e.describe())));
    }
    cut_svg(
        &mut body,
        &cut_points(st, log, &c.swept_cut(k)),
        "swept",
        None,
        &crate::tf!("step {0}", k),
        st.height - 4.0,
    );
    diagram(st, &w.real_label, &body)
}

/// The reordered run after `k` steps: its first `k` columns dark; S1's cut, one instant.
fn reordered_diagram(c: &Comparison, log: &Log, k: usize, w: &Words) -> Html {
    let st = &c.reordered;
    let k32 = k as u32;
    let x = |steps: usize| LEFT + steps as f64 * st.column;
    let line = |steps: usize| -> Vec<Point> { st.lanes.iter().map(|&(_, y)| Point { x: x(steps), y }).collect() };
    let mut body = String::new();
    target_svg(&mut body, &line(c.boundary), w);
    // Step s of the reordered run is its event s (one event per step, no markers).
    for a in &st.arrows {
        arrow_svg(&mut body, a, progress(a.send_seq <= k32, a.receive_seq.is_some_and(|r| r <= k32)));
    }
    // Step s is the real run's event order[s - 1]: described in the real run's names.
    for d in &st.dots {
        let title = c
            .event_of_step(d.seq as usize)
            .and_then(|seq| log.events.get(seq as usize - 1))
            .map(|e| crate::tf!("step {0}: {1}", d.seq, e.describe()))
            .unwrap_or_default();
        dot_svg(&mut body, d, d.seq <= k32, &title);
    }
    cut_svg(&mut body, &line(k), "swept", None, &crate::tf!("step {0}", k), st.height - 4.0);
    diagram(st, &w.reordered_label, &body)
}

/// What step `k` did, and what the state is then.
fn status(c: &Comparison, log: &Log, k: usize, w: &Words) -> String {
    let total = c.steps();
    let mut text = match c.event_of_step(k).and_then(|seq| log.events.get(seq as usize - 1)) {
        Some(e) => crate::tf!("Step {0} of {1}: {2}.", k, total, e.describe()),
        None => crate::tf!("Step 0 of {0}: the initial state, before any event.", total),
    };
    if k == c.boundary {
        text.push(' ');
        text.push_str(&w.at_boundary);
        text.push(' ');
        text.push_str(if c.happened() {
            tr("The real run was in this state too: only markers stand between the two orders.")
        } else {
            tr("The real run never was in this state, yet it is a state the system could have been in.")
        });
    }
    text
}

/// The global state after `k` steps beside the target's (what the snapshot recorded, or the
/// drawn cut's state).
fn state_table(c: &Comparison, unit: Unit, k: usize, w: &Words) -> Html {
    let frame = c.frame(k);
    let same = |yes: bool| if yes { tr("yes") } else { tr("no") };
    let processes = frame.states.iter().zip(&c.target.states).enumerate().map(|(p, (&now, &then))| {
        html! {
            <tr>
                <th scope="row">{process_name(p)}</th>
                <td>{say(&unit.words(now))}</td>
                <td>{say(&unit.words(then))}</td>
                <td class={classes!("same", (now == then).then_some("yes"))}>{same(now == then)}</td>
            </tr>
        }
    });
    // The channels with a message now or at the target, in the topology's order.
    let mut channels: Vec<Channel> = frame.in_flight.iter().chain(&c.target.in_flight).map(|(c, _)| *c).collect();
    channels.sort();
    channels.dedup();
    let channels = channels.into_iter().map(|channel| {
        let (now, then) = (frame.on(channel), c.target.on(channel));
        let equal = same_messages(now, then);
        html! {
            <tr>
                <th scope="row">{channel.to_string()}</th>
                <td>{say(&message_list(now))}</td>
                <td>{say(&message_list(then))}</td>
                <td class={classes!("same", equal.then_some("yes"))}>{same(equal)}</td>
            </tr>
        }
    });
    html! {
        <div class="reordered-table"><table class="reordered-state">
            <caption>{w.caption.clone()}</caption>
            <thead><tr>
                <th scope="col">{tr("Process or channel")}</th>
                <th scope="col">{tr("Reordered run now")}</th>
                <th scope="col">{w.column.clone()}</th>
                <th scope="col">{tr("Same?")}</th>
            </tr></thead>
            <tbody>{ for processes }{ for channels }</tbody>
        </table></div>
    }
}

/// The snapshot panel's button that shows or hides this view for snapshot `id`.
pub fn compare_button(id: SnapshotId, open: bool, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" class="compare" id={format!("compare-s{id}")} aria-expanded={open.to_string()} {onclick}>
            {tr("Play it beside the real run")}
        </button>
    }
}

#[function_component(ReorderedRun)]
pub fn reordered_run(props: &ReorderedRunProps) -> Html {
    let c = &props.comparison;
    let total = c.steps();
    let step = use_state(|| 0usize);
    let playing = use_state(|| false);
    let k = (*step).min(total);
    // Playing: one step per tick, a longer pause on the recorded state, stopping at the end.
    {
        let (step, playing) = (step.clone(), playing.clone());
        let boundary = c.boundary;
        use_effect_with((k, *playing, total), move |&(k, on, total)| {
            let timer = (on && k < total)
                .then(|| {
                    let ms = if k == boundary && k > 0 { RECORDED_STATE_MS } else { STEP_MS };
                    crate::ui::browser::Timeout::new(
                        ms,
                        Box::new(move || {
                            step.set(k + 1);
                            if k + 1 >= total {
                                playing.set(false);
                            }
                        }),
                    )
                })
                .flatten();
            move || drop(timer)
        });
    }
    let go = |to: usize| {
        let (step, playing) = (step.clone(), playing.clone());
        Callback::from(move |_: MouseEvent| {
            playing.set(false);
            step.set(to.min(total));
        })
    };
    let on_play = {
        let (step, playing) = (step.clone(), playing.clone());
        Callback::from(move |_: MouseEvent| {
            if !*playing && k >= total {
                step.set(0);
            }
            playing.set(!*playing);
        })
    };
    let on_slider = {
        let (step, playing) = (step.clone(), playing.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if let Ok(v) = value.parse::<usize>() {
                playing.set(false);
                step.set(v.min(total));
            }
        })
    };
    let log = props.world.log();
    let w = words(c, k);
    // The id of the Play button, focused when the view opens.
    let play_id = match c.of {
        Some(id) => format!("reordered-play-{id}"),
        None => "reordered-play-cut".to_string(),
    };
    // Opened: the learner's next move is Play.
    use_effect_with(play_id.clone(), |id| crate::ui::browser::focus(id));
    html! {
        <section class="reordered" role="region" aria-label={w.region.clone()}>
            <h3>{w.heading.clone()}</h3>
            <p class="hint">{w.hint.clone()}</p>
            <div class="reordered-controls" role="group" aria-label={tr("Reordered run controls")}>
                <button type="button" onclick={go(0)} disabled={k == 0}>{tr("Restart")}</button>
                <button type="button" onclick={go(k.saturating_sub(1))} disabled={k == 0}>{tr("Previous step")}</button>
                <button type="button" id={play_id} onclick={on_play} aria-pressed={(*playing).to_string()}>
                    {if *playing { tr("Pause") } else { tr("Play") }}
                </button>
                <button type="button" onclick={go(k + 1)} disabled={k >= total}>{tr("Next step")}</button>
                <button type="button" onclick={go(c.boundary)} disabled={k == c.boundary}>{w.go.clone()}</button>
                <label class="reordered-slider">{crate::tf!("step {0} of {1}", k, total)}
                    <input type="range" min="0" max={total.to_string()} value={k.to_string()} oninput={on_slider}
                        aria-label={tr("Step of the reordered run")} aria-valuetext={crate::tf!("step {0} of {1}", k, total)} />
                </label>
                <button type="button" class="reordered-close" onclick={props.on_close.clone()}>{tr("Close")}</button>
            </div>
            <p class={classes!("reordered-status", (k == c.boundary).then_some("at-recorded"))} role="status" aria-live="polite">{status(c, log, k, &w)}</p>
            <div class="reordered-diagrams">
                <figure aria-label={tr("The real run")} role="figure">
                    <figcaption>{tr("The real run")}</figcaption>
                    { real_diagram(c, log, k, &w) }
                </figure>
                <figure aria-label={tr("The reordered run")} role="figure">
                    <figcaption>{tr("The reordered run")}</figcaption>
                    { reordered_diagram(c, log, k, &w) }
                </figure>
            </div>
            { state_table(c, props.unit, k, &w) }
            { Html::from_html_unchecked(RR_DEFS.into()) }
        </section>
    }
}
