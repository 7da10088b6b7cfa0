//! The process and channel diagram (SVG): processes with their state and recorded states,
//! directed channels with their in-flight queues (head nearest the receiver), markers drawn as
//! triangles in their snapshot's colour. Drag a process onto another to send; drag a message
//! onto its receiver, or activate it, to deliver it. Keyboard: Enter/Space on a process selects
//! it (and, with another process selected, sends from that one to this one); `S` starts a
//! snapshot at the focused process.

use crate::i18n::{say, tr};
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::event::message_list;
use crate::sim::snapshot::{ChannelState, Snapshot};
use crate::sim::{process_name, Action, Message, MessageKind, MessageRef, ProcessId, Unit, World};
use crate::view::page::{Lab, LabAction};
use crate::view::palette::{on_colour_class, snapshot_colour, text_class};
use crate::view::topology_layout::{
    badge_offset, channel_geometry, label_lines, process_at, process_positions, view_size, PROCESS_RADIUS,
};
use crate::view::{n, screen_to_model, Point};

#[derive(Properties, Clone)]
pub struct TopologyDiagramProps {
    pub world: Rc<World>,
    pub snapshots: Rc<Vec<Snapshot>>,
    pub selected: Option<ProcessId>,
    pub amount: i64,
    /// The event shown in detail: its process and message light up here.
    pub focus: Option<u32>,
    /// While Run plays: the time between its steps (ms), which a step's motion fits into; 0 otherwise.
    #[prop_or_default]
    pub pace_ms: u32,
    pub dispatch: UseReducerDispatcher<Lab>,
}

impl PartialEq for TopologyDiagramProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && self.pace_ms == other.pace_ms
            && Rc::ptr_eq(&self.snapshots, &other.snapshots)
            && self.selected == other.selected
            && self.amount == other.amount
            && self.focus == other.focus
    }
}

/// What is being dragged.
#[derive(Clone, Copy, Debug, PartialEq)]
enum DragSource {
    Process(ProcessId),
    Message { message: MessageRef, receiver: ProcessId },
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    source: DragSource,
    start: Point,
    now: Point,
    moved: bool,
}

fn state_short(unit: Unit, state: i64) -> String {
    match unit {
        Unit::Balance => format!("${state}"),
        Unit::Tokens => crate::tf!("{0} tok", state),
    }
}

/// A Lai–Yang colour in words: `white`, or `red for S1 and S2`.
fn colour_words(red_for: &[u32]) -> String {
    if red_for.is_empty() {
        return tr("white").into();
    }
    let names: Vec<String> = red_for.iter().map(|s| format!("S{s}")).collect();
    crate::tf!("red for {0}", crate::sim::event::join_names(&names))
}

/// `Message m3 from P1 to P2` or `Marker S1 from P1 to P2`.
pub fn message_name(m: &Message) -> String {
    let (from, to) = (process_name(m.channel.from), process_name(m.channel.to));
    match m.kind {
        MessageKind::App { number, .. } => crate::tf!("Message m{0} from {1} to {2}", number, from, to),
        MessageKind::Marker { snapshot } => crate::tf!("Marker S{0} from {1} to {2}", snapshot, from, to),
    }
}

fn model_point(svg: &NodeRef, x: i32, y: i32, view: (f64, f64)) -> Option<Point> {
    let element = svg.cast::<web_sys::Element>()?;
    let r = element.get_bounding_client_rect();
    Some(screen_to_model(Point { x: f64::from(x), y: f64::from(y) }, (r.left(), r.top(), r.width(), r.height()), view))
}

#[derive(Properties, PartialEq, Clone)]
struct MessageViewProps {
    message: Message,
    message_ref: MessageRef,
    x: String,
    y: String,
    index: usize,
    len: usize,
    /// The message of the event shown in detail.
    lit: bool,
    /// For a copy made by a duplicate fault: the original's name (`m1`).
    copy_of: Option<String>,
    /// Under Lai–Yang, an application message's colour: the snapshots it is red for (empty:
    /// white). `None` under Chandy–Lamport and for markers.
    red_for: Option<Vec<u32>>,
    on_down: Callback<(DragSource, PointerEvent)>,
    dispatch: UseReducerDispatcher<Lab>,
}

/// One message in flight: a circle (application message) or a triangle in its snapshot's
/// colour (marker). Redrawn only when it moves or its place in the queue changes.
#[function_component(MessageView)]
fn message_view(props: &MessageViewProps) -> Html {
    let m = &props.message;
    let message = props.message_ref;
    let source = DragSource::Message { message, receiver: m.channel.to };
    let on_down = {
        let on_down = props.on_down.clone();
        Callback::from(move |e: PointerEvent| on_down.emit((source, e)))
    };
    let on_key = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                dispatch.dispatch(LabAction::Do(Action::Deliver { message }));
            }
        })
    };
    let i = props.index;
    let position =
        if i == 0 { tr("at the head").to_string() } else { crate::tf!("position {0} of {1}", i + 1, props.len) };
    let copy = props.copy_of.as_ref().map(|o| crate::tf!(", a copy of {0}", o)).unwrap_or_default();
    let colour = props.red_for.as_ref().map(|red| colour_words(red));
    let label = match m.kind {
        MessageKind::App { amount, .. } => {
            let colour = colour.as_ref().map(|c| format!(", {c}")).unwrap_or_default();
            crate::tf!("{0}{1}{2}, amount {3}, {4}", message_name(m), copy, colour, amount, position)
        }
        MessageKind::Marker { .. } => format!("{}{copy}, {position}", message_name(m)),
    };
    let shape = match m.kind {
        MessageKind::App { number, .. } => html! {
            <>
                // Lai–Yang's colours by shape as well: a red message has a solid outer ring, a
                // white one a dashed outline.
                if props.red_for.as_ref().is_some_and(|r| !r.is_empty()) { <circle class="red-ring" r="27" /> }
                <circle class={classes!("app-message", props.red_for.as_ref().map(|r| if r.is_empty() { "white" } else { "red" }))} r="21" />
                <text class="message-text" y="6">{format!("m{number}")}</text>
            </>
        },
        MessageKind::Marker { snapshot } => html! {
            <>
                <polygon points="0,-25 23,16 -23,16" fill={snapshot_colour(snapshot)} />
                <text class={classes!("message-text", on_colour_class(snapshot))} y="11">{format!("S{snapshot}")}</text>
            </>
        },
    };
    html! {
        <g class={classes!("message", (i == 0).then_some("head"), props.lit.then_some("lit"), props.copy_of.is_some().then_some("copy"))} role="button" tabindex="0"
            data-m={m.id.to_string()}
            aria-label={label} transform={format!("translate({},{})", props.x, props.y)}
            onpointerdown={on_down} onkeydown={on_key}>
            <title>{match &colour { Some(c) => format!("{}, {c}", message_name(m)), None => message_name(m) }}</title>
            <circle class="hit" r="34" />
            {shape}
        </g>
    }
}

#[function_component(TopologyDiagram)]
pub fn topology_diagram(props: &TopologyDiagramProps) -> Html {
    let svg = use_node_ref();
    let drag = use_state(|| None::<Drag>);
    // A finger on a process or a message drags it; anywhere else on the diagram it scrolls the
    // page as usual. Touch-action cannot say so (browsers take it from the svg, not from its
    // shapes), so the svg lets the page pan, and a touch that starts on something to drag
    // cancels the pan (a touchstart listener on an element is not passive).
    {
        let svg = svg.clone();
        use_effect_with((), move |_| {
            let guard = svg.cast::<web_sys::Element>().and_then(|target| {
                super::browser::Listener::new(target.into(), "touchstart", |e| {
                    let on_drag = e
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                        .and_then(|el| el.closest(".process, .message").ok().flatten())
                        .is_some();
                    if on_drag {
                        e.prevent_default();
                    }
                })
            });
            move || drop(guard)
        });
    }
    let world = &props.world;
    let topology = world.topology();
    let unit = topology.unit;
    let positions = process_positions(topology);
    // The view box, taller when a process near the bottom has a label of more than one line
    // under it (its last line would be cut off otherwise).
    let view = {
        let (w, h) = view_size(topology.process_count());
        let lowest = topology
            .processes()
            .iter()
            .zip(&positions)
            .enumerate()
            .filter(|(p, (spec, _))| spec.label != process_name(*p))
            .map(|(_, (spec, at))| {
                let lines = label_lines(&crate::i18n::label(&spec.label)).0.len() as f64;
                at.y + PROCESS_RADIUS + 20.0 + 24.0 * (lines - 1.0) + 10.0
            });
        (w, lowest.fold(h, f64::max))
    };
    let geometry = channel_geometry(topology, &positions);
    let dispatch = props.dispatch.clone();
    let focused = props.focus.and_then(|seq| world.events().get(seq as usize - 1));
    let focus_process = focused.map(|e| e.process);
    let lai_yang = topology.algorithm == crate::sim::Algorithm::LaiYang;
    let focus_message = focused.and_then(|e| e.message()).map(|m| m.id);

    // Choosing a process: select it, or send to it from the selected process.
    let choose = {
        let dispatch = dispatch.clone();
        let selected = props.selected;
        let amount = props.amount;
        Callback::from(move |p: ProcessId| match selected {
            Some(from) if from != p => {
                dispatch.dispatch(LabAction::Do(Action::Send { from, to: p, amount }));
                dispatch.dispatch(LabAction::Select(None));
            }
            Some(_) => dispatch.dispatch(LabAction::Select(None)),
            None => dispatch.dispatch(LabAction::Select(Some(p))),
        })
    };

    // Stable across renders (it only sets state), so memoized messages keep their props.
    let start_drag = {
        let drag = drag.clone();
        let svg = svg.clone();
        use_callback(view, move |(source, e): (DragSource, PointerEvent), &view| {
            if e.button() != 0 {
                return;
            }
            e.stop_propagation();
            if let Some(point) = model_point(&svg, e.client_x(), e.client_y(), view) {
                if let Some(el) = svg.cast::<web_sys::Element>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
                drag.set(Some(Drag { source, start: point, now: point, moved: false }));
            }
        })
    };

    let on_pointer_move = {
        let drag = drag.clone();
        let svg = svg.clone();
        Callback::from(move |e: PointerEvent| {
            if let (Some(d), Some(point)) = (*drag, model_point(&svg, e.client_x(), e.client_y(), view)) {
                let moved = d.moved || d.start.distance(point) > 14.0;
                drag.set(Some(Drag { now: point, moved, ..d }));
            }
        })
    };

    let on_pointer_up = {
        let drag = drag.clone();
        let svg = svg.clone();
        let positions = positions.clone();
        let dispatch = dispatch.clone();
        let choose = choose.clone();
        let amount = props.amount;
        Callback::from(move |e: PointerEvent| {
            let Some(d) = *drag else { return };
            drag.set(None);
            // A finger lifts where it last moved (some touch screens report the lift at 0, 0).
            let point = if e.pointer_type() == "touch" {
                d.now
            } else {
                model_point(&svg, e.client_x(), e.client_y(), view).unwrap_or(d.now)
            };
            let target = process_at(&positions, point);
            match d.source {
                DragSource::Process(p) if !d.moved => choose.emit(p),
                DragSource::Process(from) => match target {
                    Some(to) if to != from => {
                        dispatch.dispatch(LabAction::Do(Action::Send { from, to, amount }));
                    }
                    _ => dispatch.dispatch(LabAction::Say(crate::tf!(
                        "To send a message, drop {0} onto another process.",
                        process_name(from)
                    ))),
                },
                DragSource::Message { message, .. } if !d.moved => {
                    dispatch.dispatch(LabAction::Do(Action::Deliver { message }))
                }
                DragSource::Message { message, receiver } => {
                    if target == Some(receiver) {
                        dispatch.dispatch(LabAction::Do(Action::Deliver { message }));
                    } else {
                        dispatch.dispatch(LabAction::Say(crate::tf!(
                            "To deliver {0}, drop it onto its receiver {1}.",
                            message,
                            process_name(receiver)
                        )));
                    }
                }
            }
        })
    };
    let on_pointer_cancel = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| drag.set(None))
    };

    // Copies made by duplicate faults, by message id, with their original's name.
    let copies: Vec<(u32, String)> = world
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            crate::sim::EventKind::Duplicate { original, copy } => Some((copy.id, original.to_string())),
            _ => None,
        })
        .collect();
    // Where each message in flight sits in its queue, for the motion from the last drawing.
    let mut placed: Vec<(Message, Point)> = Vec::new();
    for (c, g) in geometry.iter().enumerate() {
        let len = world.in_flight(c).count();
        placed.extend(world.in_flight(c).enumerate().map(|(i, m)| (*m, g.message_position(i, len))));
    }
    let channels = geometry.iter().enumerate().map(|(c, g)| {
        let queue: Vec<&Message> = world.in_flight(c).collect();
        let recording: Vec<(u32, Vec<Message>)> = props
            .snapshots
            .iter()
            .filter_map(|s| match &s.channels[c].1 {
                ChannelState::Recording(m) => Some((s.id, m.clone())),
                _ => None,
            })
            .collect();
        let mut name = crate::tf!("Channel {0} to {1}", process_name(g.channel.from), process_name(g.channel.to));
        if queue.is_empty() {
            name.push_str(tr(", empty"));
        } else {
            name.push_str(&crate::tf!(", {0} in flight", queue.len()));
        }
        for (s, m) in &recording {
            name.push_str(&crate::tf!(", recording for S{0} ({1} recorded)", s, m.len()));
        }
        let recording_lines = recording.iter().enumerate().map(|(i, (s, _))| {
            let shift = 7.0 * (i as f64 + 1.0);
            html! {
                <line class="recording" x1={n(g.start.x)} y1={n(g.start.y + shift)}
                    x2={n(g.end.x)} y2={n(g.end.y + shift)}
                    stroke={snapshot_colour(*s)} />
            }
        });
        let messages = queue.iter().enumerate().map(|(i, m)| {
            let at = g.message_position(i, queue.len());
            let message = world.message_ref(m);
            let dragging = matches!(*drag, Some(Drag { source: DragSource::Message { message: dm, .. }, moved: true, .. }) if dm == message);
            let (x, y) = match *drag {
                Some(d) if dragging => (d.now.x, d.now.y),
                _ => (at.x, at.y),
            };
            html! {
                <MessageView key={m.id} message={**m} message_ref={message} x={n(x)} y={n(y)} index={i} len={queue.len()}
                    lit={focus_message == Some(m.id)} copy_of={copies.iter().find(|(id, _)| *id == m.id).map(|(_, o)| o.clone())}
                    red_for={(lai_yang && !m.is_marker()).then(|| world.red_for(m.id))} on_down={start_drag.clone()} dispatch={dispatch.clone()} />
            }
        });
        // What each snapshot has recorded on this channel so far, beside the channel.
        let recorded_labels = recording.iter().filter(|(_, m)| !m.is_empty()).enumerate().map(|(i, (s, m))| {
            let mid = g.at(0.5);
            let d = g.length().max(1.0);
            let (nx, ny) = (-(g.end.y - g.start.y) / d, (g.end.x - g.start.x) / d);
            let off = 34.0 + 26.0 * i as f64;
            html! {
                <text class={classes!("recorded-label", text_class(*s))} x={n(mid.x + nx * off)} y={n(mid.y + ny * off + 6.0)}>
                    {format!("S{s}: {}", say(&message_list(m)))}
                </text>
            }
        });
        let colour = if recording.is_empty() { "#6b7280" } else { snapshot_colour(recording[0].0) };
        html! {
            <g key={format!("c{c}")} class="channel" role="group" aria-label={name}>
                <line class="channel-line" x1={n(g.start.x)} y1={n(g.start.y)}
                    x2={n(g.end.x)} y2={n(g.end.y)} stroke={colour} marker-end="url(#arrow)" />
                // Lists in groups of their own (Yew pairs unkeyed children from the end).
                <g class="channel-records">{ for recording_lines }</g>
                <g class="channel-records">{ for recorded_labels }</g>
                <g class="queue">{ for messages }</g>
            </g>
        }
    });

    // While a process is dragged to send: the process under the pointer, which would receive.
    let drop_target = match *drag {
        Some(Drag { source: DragSource::Process(from), now, moved: true, .. }) => {
            process_at(&positions, now).filter(|&to| to != from)
        }
        _ => None,
    };
    let processes = positions.iter().enumerate().map(|(p, at)| {
        let spec = &topology.processes()[p];
        let state = world.state(p);
        let crashed = world.is_crashed(p);
        let status = if crashed { tr("crashed, ") } else { "" };
        let mut name = crate::tf!("Process {0}, {1}{2}", process_name(p), status, unit.words(state));
        if spec.label != process_name(p) {
            name = crate::tf!(
                "Process {0} ({1}), {2}{3}",
                process_name(p),
                crate::i18n::label(&spec.label),
                status,
                unit.words(state)
            );
        }
        // A waiting process says what it waits for.
        let waiting = world.waiting_for(p).map(|on| say(&crate::sim::wait::waiting_for(on)));
        if let Some(words) = &waiting {
            name.push_str(", ");
            name.push_str(words);
        }
        let records: Vec<(u32, i64)> =
            props.snapshots.iter().filter_map(|s| s.states[p].map(|v| (s.id, v))).collect();
        for (s, v) in &records {
            name.push_str(&crate::tf!(", recorded {0} for S{1}", state_short(unit, *v), s));
        }
        let selected = props.selected == Some(p);
        if selected {
            name.push_str(tr(", selected"));
        }
        let on_down = {
            let start_drag = start_drag.clone();
            Callback::from(move |e: PointerEvent| start_drag.emit((DragSource::Process(p), e)))
        };
        let on_key = {
            let dispatch = dispatch.clone();
            let choose = choose.clone();
            Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                "Enter" | " " => {
                    e.prevent_default();
                    choose.emit(p);
                }
                "s" | "S" => {
                    e.prevent_default();
                    e.stop_propagation();
                    dispatch.dispatch(LabAction::Do(Action::Snapshot { process: p }));
                }
                _ => {}
            })
        };
        let badges = records.iter().enumerate().map(|(i, (s, v))| {
            let (at, side) = badge_offset(*at, i);
            let text = format!("S{s}: {}", state_short(unit, *v));
            // Wide enough for the text at 20 px bold, growing away from the process.
            let width = 16.0 + 12.0 * crate::i18n::columns(&text) as f64;
            html! {
                <g class="record" transform={format!("translate({},{})", n(at.x), n(at.y))}>
                    <rect x={n(if side > 0.0 { 0.0 } else { -width })} y="-18" width={n(width)} height="26" rx="6"
                        fill={snapshot_colour(*s)} />
                    <text class={classes!("record-text", on_colour_class(*s))} x={n(side * width / 2.0)} y="1">{text}</text>
                </g>
            }
        });
        let show_label = spec.label != process_name(p);
        // A long label wraps to short lines under the circle, clear of the arrowheads (cut with
        // `…` only beyond four lines; the full label is in the accessible name and a tooltip).
        let (label_lines, label_cut) = if show_label { label_lines(&crate::i18n::label(&spec.label)) } else { (Vec::new(), false) };
        let below = 24.0 + 22.0 * label_lines.len() as f64;
        let translate = format!("translate({},{})", n(at.x), n(at.y));
        // The button shows only its name (`P1`), so that what is drawn on it is in its
        // accessible name word for word (WCAG 2.5.3); the state, label, records and "crashed",
        // which the name says in words, are drawn over it by a group that takes no pointer.
        let button = html! {
            <g key={format!("p{p}")} class={classes!("process", selected.then_some("selected"), (focus_process == Some(p)).then_some("lit"), crashed.then_some("crashed"), (drop_target == Some(p)).then_some("drop-target"))} role="button" tabindex="0"
                aria-label={name} aria-pressed={selected.to_string()}
                transform={translate.clone()}
                onpointerdown={on_down} onkeydown={on_key}>
                <circle class="process-circle" r={n(PROCESS_RADIUS)} />
                <text class="process-name" y="-12">{process_name(p)}</text>
                if label_cut { <title>{crate::i18n::label(&spec.label)}</title> }
            </g>
        };
        let info = html! {
            <g key={format!("i{p}")} class={classes!("process-info", crashed.then_some("crashed"))} transform={translate} aria-hidden="true">
                <text class="process-state" y="24">{state_short(unit, state)}</text>
                if crashed {
                    <text class="process-crashed" y={n(PROCESS_RADIUS + below)}>{tr("✕ crashed")}</text>
                }
                if !label_lines.is_empty() {
                    <text class="process-label" translate="no" y={n(PROCESS_RADIUS + 20.0)}>
                        { for label_lines.iter().enumerate().map(|(i, line)| html! {
                            <tspan x="0" dy={if i == 0 { "0" } else { "24" }}>{line.clone()}</tspan>
                        }) }
                    </text>
                }
                { for badges }
            </g>
        };
        let info = match waiting {
            None => info,
            Some(words) => {
                // On the side of the process away from the diagram's middle, clear of its channels.
                let middle = positions.iter().map(|q| q.y).sum::<f64>() / positions.len() as f64;
                let y = if at.y < middle - 1.0 {
                    at.y - PROCESS_RADIUS - 12.0
                } else {
                    at.y + PROCESS_RADIUS + below + if crashed { 24.0 } else { 0.0 }
                };
                html! {
                    <g key={format!("i{p}")} aria-hidden="true">
                        {info}
                        <text class="process-waiting" x={n(at.x)} y={n(y)}>{words}</text>
                    </g>
                }
            }
        };
        (button, info)
    });
    let (processes, process_info): (Vec<Html>, Vec<Html>) = processes.unzip();

    let rubber_band = match *drag {
        Some(Drag { source: DragSource::Process(p), now, moved: true, .. }) => html! {
            <line class="rubber-band" x1={n(positions[p].x)} y1={n(positions[p].y)}
                x2={n(now.x)} y2={n(now.y)} marker-end="url(#band-arrow)" aria-hidden="true" />
        },
        _ => html! {},
    };

    // Motion: after drawing the new state, the messages that moved travel there from where they
    // were (a send from its sender, a delivery into its receiver, the queue moving up).
    let layer = use_node_ref();
    let last = use_mut_ref(|| None::<(Rc<World>, Vec<(Message, Point)>)>);
    {
        let (layer, svg, positions, pace) = (layer.clone(), svg.clone(), positions.clone(), props.pace_ms);
        use_effect_with(WorldPtr(world.clone()), move |now| {
            let before = last.borrow_mut().replace((now.0.clone(), placed.clone()));
            if let (Some((old, was)), Some(layer), Some(svg)) =
                (before, layer.cast::<web_sys::Element>(), svg.cast::<web_sys::Element>())
            {
                move_messages(&old, &now.0, &was, &placed, &positions, &layer, &svg, pace);
            }
        });
    }

    html! {
        <svg ref={svg} class="topology" viewBox={format!("0 0 {} {}", n(view.0), n(view.1))}
            preserveAspectRatio="xMidYMid meet" aria-labelledby="topology-title"
            onpointermove={on_pointer_move} onpointerup={on_pointer_up} onpointercancel={on_pointer_cancel}>
            <title id="topology-title">{tr("Processes and channels")}</title>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280" />
                </marker>
                <marker id="band-arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                    <path class="band-head" d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            { for channels }
            { for processes }
            { for process_info }
            { rubber_band }
            <g ref={layer} class="motion-layer" aria-hidden="true"></g>
        </svg>
    }
}

/// A world compared by pointer (a new one after every change).
struct WorldPtr(Rc<World>);

impl PartialEq for WorldPtr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The motion from one drawing to the next (`was`: the messages in flight before, and where;
/// `placed`: now): new sends slide out of their senders, delivered messages travel into their
/// receivers, and messages whose place in a queue changed move there.
#[allow(clippy::too_many_arguments)]
fn move_messages(
    old: &World,
    now: &World,
    was: &[(Message, Point)],
    placed: &[(Message, Point)],
    positions: &[Point],
    layer: &web_sys::Element,
    svg: &web_sys::Element,
    pace_ms: u32,
) {
    use super::motion;
    use crate::sim::EventKind;
    // Another run, or a jump of many steps (the timeline): no motion.
    if old.topology() != now.topology() || motion::reduced() {
        return;
    }
    let (before, after) = (old.events(), now.events());
    // The events added since the last drawing (none after Undo or a jump back).
    let added = match before.len() {
        0 => after,
        n if after.len() > n && after[n - 1] == before[n - 1] => &after[n..],
        _ => &[],
    };
    if added.len() > 40 || placed.len() + was.len() > 600 {
        return;
    }
    let ms = motion::travel_ms(pace_ms);
    let sent = |id: u32| {
        added.iter().any(|e| matches!(&e.kind, EventKind::Send { message } | EventKind::Duplicate { copy: message, .. } if message.id == id))
    };
    let received =
        |id: u32| added.iter().any(|e| matches!(&e.kind, EventKind::Receive { message, .. } if message.id == id));
    for (m, to) in placed {
        let from = match was.iter().find(|(w, _)| w.id == m.id) {
            Some((_, at)) if at.distance(*to) >= 1.0 => *at,
            None if sent(m.id) => positions[m.channel.from],
            _ => continue,
        };
        if let Ok(Some(el)) = svg.query_selector(&format!("g.message[data-m=\"{}\"]", m.id)) {
            motion::slide(&el, from, *to, ms);
        }
    }
    for (m, at) in was {
        if received(m.id) && !placed.iter().any(|(p, _)| p.id == m.id) {
            motion::travel(layer, &motion::message_markup(&m.kind), *at, positions[m.channel.to], ms);
        }
    }
}
