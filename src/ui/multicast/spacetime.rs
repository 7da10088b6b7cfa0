//! The space-time diagram of the multicast run (`Space-time diagram`), drawn from the group's
//! log alone: one line per process, one column per event; a multicast is a filled square (a
//! relay a hollow one, the sequencer's order a diamond), an arrow runs from each send to each
//! receive (dashed for orders), a receive is a hollow dot and a delivery a filled one, and the
//! time a message waits in the hold-back queue is a dashed bracket on the lane between the two.
//! Under causal order each delivery carries the process's vector timestamp. Copies still in
//! flight are dotted arrows to the diagram's edge; a crash is a cross, and the lane ends there.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::tr;
use crate::sim::multicast::{message_name, priority_name, vector, EventKind, Order, Payload};
use crate::sim::process_name;
use crate::view::page::multicast::GroupLab;

#[derive(Properties, PartialEq, Clone)]
pub struct GroupSpacetimeProps {
    pub lab: Rc<GroupLab>,
}

const LEFT: f64 = 48.0;
const TOP: f64 = 34.0;
const LANE: f64 = 80.0;

use super::n;

/// The point `by` short of `to` on the way from `from`: an arrow's head stops at the dot's rim.
fn short_of(from: (f64, f64), to: (f64, f64), by: f64) -> (f64, f64) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len <= by {
        return to;
    }
    (to.0 - dx / len * by, to.1 - dy / len * by)
}

#[function_component(GroupSpacetime)]
pub fn group_spacetime(props: &GroupSpacetimeProps) -> Html {
    let group = &props.lab.group;
    let log = &group.log;
    let members = group.setup.members;
    let causal = group.setup.order == Order::Causal;
    // Wide enough columns for a vector timestamp under causal order.
    let col = if causal { (36.0 + 7.0 * (2 * members + 1) as f64).max(48.0) } else { 48.0 };
    let x = |i: usize| LEFT + 24.0 + col * i as f64;
    let y = |p: usize| TOP + LANE * p as f64;
    // Room on the right for the copies still on their way.
    let width = (x(log.len()) + 2.0 * col + 24.0).max(420.0);
    let height = y(members - 1) + 64.0;
    let right = width - 12.0;

    let mut arrows = Vec::new();
    let mut marks = Vec::new();
    let mut held = Vec::new();
    let mut crash_at = vec![None; members];
    // Per process: where each level of hold-back brackets is taken until.
    let mut held_until: Vec<Vec<f64>> = vec![Vec::new(); members];
    for (i, e) in log.iter().enumerate() {
        let (ex, ey) = (x(i), y(e.process));
        match &e.kind {
            EventKind::Multicast { message, .. } => marks.push(html! {
                <g class="st-multicast">
                    <rect x={n(ex - 6.0)} y={n(ey - 6.0)} width="12" height="12" />
                    <text x={n(ex)} y={n(ey - 11.0)}>{message_name(*message)}</text>
                </g>
            }),
            EventKind::Relay { message, .. } => marks.push(html! {
                <g class="st-relay">
                    <rect x={n(ex - 6.0)} y={n(ey - 6.0)} width="12" height="12" />
                    <text x={n(ex)} y={n(ey - 11.0)}>{message_name(*message)}</text>
                </g>
            }),
            EventKind::Sequence { message, number, .. } => marks.push(html! {
                <g class="st-sequence">
                    <path d={format!("M {} {} l 7 7 l -7 7 l -7 -7 z", n(ex), n(ey - 7.0))} />
                    <text x={n(ex)} y={n(ey - 11.0)}>{format!("#{number} {}", message_name(*message))}</text>
                </g>
            }),
            EventKind::Propose { message, priority, .. } => marks.push(html! {
                <g class="st-propose">
                    <path d={format!("M {} {} l 7 12 h -14 z", n(ex), n(ey - 7.0))} />
                    <text x={n(ex)} y={n(ey - 11.0)}>{format!("{} {}", priority_name(*priority), message_name(*message))}</text>
                </g>
            }),
            EventKind::Agree { message, priority, .. } => marks.push(html! {
                <g class="st-sequence st-agree">
                    <path d={format!("M {} {} l 7 7 l -7 7 l -7 -7 z", n(ex), n(ey - 7.0))} />
                    <text x={n(ex)} y={n(ey - 11.0)}>{format!("={} {}", priority_name(*priority), message_name(*message))}</text>
                </g>
            }),
            EventKind::Receive { copy, sent_at, duplicate } => {
                let from = (x(*sent_at), y(log[*sent_at].process));
                let order = !matches!(copy.payload, Payload::Message(_));
                let to = short_of(from, (ex, ey), 7.0);
                arrows.push(html! {
                    <line class={classes!("st-arrow", order.then_some("order"), duplicate.then_some("duplicate"))}
                        x1={n(from.0)} y1={n(from.1)} x2={n(to.0)} y2={n(to.1)} marker-end="url(#st-arrow)" />
                });
                marks.push(html! {
                    <circle class={classes!("st-receive", duplicate.then_some("duplicate"))} cx={n(ex)} cy={n(ey)} r="6" />
                });
            }
            // ISIS holds a message again once agreed, if another is ahead: one bracket is enough.
            EventKind::Hold { message, .. }
                if log[..i].iter().any(|d| {
                    d.process == e.process && matches!(&d.kind, EventKind::Hold { message: m, .. } if m == message)
                }) => {}
            EventKind::Hold { message, .. } => {
                // From the receive (or the sender's own multicast) just before, to the delivery.
                let start = (0..i)
                    .rev()
                    .find(|&k| {
                        log[k].process == e.process
                            && match &log[k].kind {
                                EventKind::Receive { copy, .. } => copy.payload == Payload::Message(*message),
                                EventKind::Multicast { message: m, .. } => m == message,
                                _ => false,
                            }
                    })
                    .unwrap_or(i);
                let end = log.iter().enumerate().skip(i).find(|(_, d)| {
                    d.process == e.process && matches!(&d.kind, EventKind::Deliver { message: m, .. } if m == message)
                });
                let (x1, x2) = (x(start), end.map_or(right, |(k, _)| x(k)));
                // Messages held at once at one process: one bracket under another.
                let levels = &mut held_until[e.process];
                let level = levels.iter().position(|&until| until < x1).unwrap_or(levels.len());
                if level == levels.len() {
                    levels.push(x2);
                } else {
                    levels[level] = x2;
                }
                let yb = ey + 12.0 + 18.0 * level.min(2) as f64;
                held.push(html! {
                    <g class={classes!("st-held", end.is_none().then_some("open"))}>
                        <path d={format!("M {} {} v 5 H {} v -5", n(x1), n(yb - 5.0), n(x2))} />
                        <text x={n((x1 + x2) / 2.0)} y={n(yb + 11.0)}>{format!("{} {}", tr("held"), message_name(*message))}</text>
                    </g>
                });
            }
            EventKind::Deliver { message, delivered } => marks.push(html! {
                <g class="st-deliver">
                    <circle cx={n(ex)} cy={n(ey)} r="6" />
                    if causal {
                        <text class="st-vector" x={n(ex)} y={n(ey - 11.0)}>{format!("{} {}", message_name(*message), vector(delivered))}</text>
                    } else {
                        <text x={n(ex)} y={n(ey - 11.0)}>{message_name(*message)}</text>
                    }
                </g>
            }),
            EventKind::Crash => {
                crash_at[e.process] = Some(ex);
                marks.push(html! {
                    <path class="st-crash" d={format!("M {} {} l 12 12 m 0 -12 l -12 12", n(ex - 6.0), n(ey - 6.0))} />
                });
            }
        }
    }
    // Copies still on their way: dotted, to the edge.
    for (c, at) in &group.in_flight {
        let (fx, fy) = (x(*at), y(log[*at].process));
        let order = !matches!(c.payload, Payload::Message(_));
        arrows.push(html! {
            <line class={classes!("st-arrow", "in-flight", order.then_some("order"))}
                x1={n(fx)} y1={n(fy)} x2={n(right)} y2={n(y(c.to))} marker-end="url(#st-arrow)" />
        });
    }
    let lanes = (0..members).map(|p| {
        let end = crash_at[p].unwrap_or(right);
        html! {
            <g class="st-lane">
                <text class="st-name" x="8" y={n(y(p) + 5.0)}>{process_name(p)}</text>
                <line x1={n(LEFT)} y1={n(y(p))} x2={n(end)} y2={n(y(p))} />
                if end < right {
                    <line class="st-dead" x1={n(end)} y1={n(y(p))} x2={n(right)} y2={n(y(p))} />
                }
            </g>
        }
    });
    html! {
        <section class="mc-spacetime">
            <h2>{tr("Space-time diagram")}</h2>
            <div class="mc-scroll" tabindex="0" role="group" aria-label={tr("Space-time diagram, scrollable")}>
                <svg role="img" aria-label={tr("Space-time diagram")} width={n(width)} height={n(height)}
                    viewBox={format!("0 0 {} {}", n(width), n(height))}>
                    <defs>
                        <marker id="st-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" class="st-head" />
                        </marker>
                    </defs>
                    // Lists in groups of their own (Yew pairs unkeyed children from the end).
                    <g class="lanes">{ for lanes }</g>
                    <g class="held-spans">{ for held }</g>
                    <g class="arrows">{ for arrows }</g>
                    <g class="marks">{ for marks }</g>
                </svg>
            </div>
            <p class="mc-legend">{tr("■ multicast · □ relay · ◆ order from the sequencer · ○ receive · ● deliver · ⊓ held in the hold-back queue · ✕ crash · dotted: still on its way")}</p>
            if group.setup.order == Order::Agreed {
                <p class="mc-legend">{tr("ISIS: △ a proposed priority, sent to the sender · ◆ the agreed priority (=), sent to all · dashed: proposals and agreements")}</p>
            }
        </section>
    }
}
