//! The group as a picture (img `Group`), in the snapshot lab's style: the processes on a ring,
//! each with the messages in its hold-back queue beside it, and the copies in flight drawn on
//! the channels between them (a dark pill per message, a dashed one per order from the
//! sequencer). A crashed process is dashed and crossed out. It is a picture only: the cards
//! under it (`group_view`) hold the same things as buttons and groups.

use std::f64::consts::PI;
use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::tr;
use crate::sim::multicast::{message_name, priority_name, Payload};
use crate::sim::process_name;
use crate::view::page::multicast::GroupLab;

#[derive(Properties, PartialEq, Clone)]
pub struct GroupPictureProps {
    pub lab: Rc<GroupLab>,
}

const W: f64 = 500.0;
const H: f64 = 340.0;
const RING: f64 = 118.0;
const RADIUS: f64 = 24.0;
/// Beyond this many copies in flight the ring draws their channels only, not each copy.
const CROWDED: usize = 12;

use super::n;

#[function_component(GroupPicture)]
pub fn group_picture(props: &GroupPictureProps) -> Html {
    let group = &props.lab.group;
    let members = group.setup.members;
    let at: Vec<(f64, f64)> = (0..members)
        .map(|p| {
            let a = -PI / 2.0 + 2.0 * PI * p as f64 / members as f64;
            (W / 2.0 + RING * a.cos(), H / 2.0 + RING * a.sin())
        })
        .collect();

    // The copies in flight, by channel (from, to), in the order they were sent.
    let mut channels: Vec<((usize, usize), Vec<Payload>)> = Vec::new();
    for (c, _) in &group.in_flight {
        match channels.iter_mut().find(|(k, _)| *k == (c.from, c.to)) {
            Some((_, list)) => list.push(c.payload),
            None => channels.push(((c.from, c.to), vec![c.payload])),
        }
    }
    let crowded = group.in_flight.len() > CROWDED;
    let lines = channels.iter().map(|&((from, to), ref copies)| {
        let (a, b) = (at[from], at[to]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt().max(1.0);
        let d = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        // Each direction on its own side of the chord.
        let off = (-d.1 * 7.0, d.0 * 7.0);
        let start = (a.0 + d.0 * (RADIUS + 2.0) + off.0, a.1 + d.1 * (RADIUS + 2.0) + off.1);
        let end = (b.0 - d.0 * (RADIUS + 4.0) + off.0, b.1 - d.1 * (RADIUS + 4.0) + off.1);
        let k = copies.len();
        // Too many copies for the ring to name each: the lines alone, and the cards name them.
        let pills = copies.iter().enumerate().filter(|_| !crowded).map(|(i, payload)| {
            // Spread along the channel, the first sent nearest its destination.
            let t = if k == 1 { 0.6 } else { 0.75 - 0.5 * i as f64 / (k - 1) as f64 };
            let (x, y) = (start.0 + (end.0 - start.0) * t, start.1 + (end.1 - start.1) * t);
            let (class, text) = match payload {
                Payload::Message(m) => ("ring-copy", message_name(*m)),
                Payload::Order { number, .. } => ("ring-copy order", format!("#{number}")),
                Payload::Proposal { priority, .. } => ("ring-copy order", format!("?{}", priority_name(*priority))),
                Payload::Agreed { priority, .. } => {
                    ("ring-copy order agreed", format!("={}", priority_name(*priority)))
                }
            };
            html! {
                <g class={class} transform={format!("translate({},{})", n(x), n(y))}>
                    <rect x="-15" y="-9" width="30" height="18" rx="9" />
                    <text y="4">{text}</text>
                </g>
            }
        });
        html! {
            <g class="ring-channel">
                <line x1={n(start.0)} y1={n(start.1)} x2={n(end.0)} y2={n(end.1)} marker-end="url(#ring-arrow)" />
                { for pills }
            </g>
        }
    });
    // Every member can reach every other: the channels, faint, under what is in flight.
    let mesh = (0..members).flat_map(|p| (p + 1..members).map(move |q| (p, q))).map(|(p, q)| {
        html! { <line class="ring-mesh" x1={n(at[p].0)} y1={n(at[p].1)} x2={n(at[q].0)} y2={n(at[q].1)} /> }
    });
    let processes = (0..members).map(|p| {
        let (x, y) = at[p];
        let member = &group.members[p];
        let crashed = member.crashed;
        // The hold-back queue beside the process, away from the ring's middle.
        let u = ((x - W / 2.0) / RING, (y - H / 2.0) / RING);
        let (hx, hy) = (x + u.0 * (RADIUS + 12.0), y + u.1 * (RADIUS + 12.0) + 4.0 + u.1 * 6.0);
        let anchor = if u.0 > 0.3 {
            "start"
        } else if u.0 < -0.3 {
            "end"
        } else {
            "middle"
        };
        let mut held: Vec<String> = member.hold_back.iter().take(4).map(|&m| message_name(m)).collect();
        if member.hold_back.len() > 4 {
            held.push("…".into());
        }
        html! {
            <g class={classes!("ring-process", crashed.then_some("crashed"))}>
                <circle cx={n(x)} cy={n(y)} r={n(RADIUS)} />
                <text class="ring-name" x={n(x)} y={n(y + 6.0)}>{process_name(p)}</text>
                if crashed {
                    <path class="ring-cross" d={format!("M {} {} l 36 36 m 0 -36 l -36 36", n(x - 18.0), n(y - 18.0))} />
                }
                if !held.is_empty() {
                    <text class="ring-held" x={n(hx)} y={n(hy)} text-anchor={anchor}>{format!("{} {}", tr("held"), held.join(" "))}</text>
                }
            </g>
        }
    });
    // Only as tall as the ring's processes and what is drawn beside them.
    let top = at.iter().map(|p| p.1).fold(f64::MAX, f64::min) - RADIUS - 28.0;
    let bottom = at.iter().map(|p| p.1).fold(f64::MIN, f64::max) + RADIUS + 28.0;
    let note = crowded.then(|| {
        html! { <p class="mc-note">{crate::tf!("{0} copies in flight: each card below lists those on their way to its process.", group.in_flight.len())}</p> }
    });
    html! {
        <>
        <svg class="mc-ring" role="img" aria-label={tr("Group")} viewBox={format!("0 {} {W} {}", n(top), n(bottom - top))}
            preserveAspectRatio="xMidYMid meet">
            <defs>
                <marker id="ring-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="ring-head" />
                </marker>
            </defs>
            { for mesh }
            { for lines }
            { for processes }
        </svg>
        { note.unwrap_or_default() }
        </>
    }
}
