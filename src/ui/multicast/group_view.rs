//! The group (region `Group of 3 processes`, the picture `Group` first): one card per process, drawn as in the snapshot lab (a process
//! circle, a button named `Process P1, delivered m1 m3`), with its hold-back queue beside it
//! (group `Hold-back queue of P1`: received, not yet delivered, in arrival order, each item
//! saying why it waits, by the ordering's rule) and the copies on their way to it (buttons
//! `Message m1 from P1 to P3`, `Order #1 for m1 from P1 to P3`, and under ISIS
//! `Proposal 2.2 for m1 from P2 to P1`, `Agreed 2.3 for m1 from P1 to P3`). Under ISIS the queue
//! is in priority order and each item shows its priority, agreed (deliverable) or only proposed. Any copy in flight can arrive
//! next (channels are not FIFO here): click it, or Enter or Space on it. A crashed process is
//! drawn crashed; copies on their way to it never arrive.

use std::rc::Rc;

use yew::prelude::*;

use super::group_picture::GroupPicture;
use super::process_actions::GroupProcessActions;
use super::{McAction, McPage};
use crate::i18n::{say, tr};
use crate::sim::multicast::{message_name, priority_name, rule, Copy, Group, MessageId, Payload};
use crate::sim::{process_name, ProcessId};
use crate::tf;
use crate::view::page::multicast::{GroupAction, GroupLab};

#[derive(Properties, PartialEq, Clone)]
pub struct GroupViewProps {
    pub lab: Rc<GroupLab>,
    pub dispatch: UseReducerDispatcher<McPage>,
}

/// `m1 m3`, or `nothing yet`.
fn messages(list: &[MessageId]) -> String {
    if list.is_empty() {
        tr("nothing yet").to_string()
    } else {
        list.iter().map(|&m| message_name(m)).collect::<Vec<_>>().join(" ")
    }
}

/// The accessible name of a copy in flight, and what is drawn on it.
pub fn copy_names(c: &Copy) -> (String, String) {
    let (from, to) = (process_name(c.from), process_name(c.to));
    match c.payload {
        Payload::Message(m) => {
            (tf!("Message {0} from {1} to {2}", message_name(m), from, to), tf!("{0} from {1}", message_name(m), from))
        }
        Payload::Order { message, number } => (
            tf!("Order #{0} for {1} from {2} to {3}", number, message_name(message), from, to),
            tf!("#{0} for {1} from {2}", number, message_name(message), from),
        ),
        Payload::Proposal { message, priority } => (
            tf!("Proposal {0} for {1} from {2} to {3}", priority_name(priority), message_name(message), from, to),
            tf!("proposal {0} for {1} from {2}", priority_name(priority), message_name(message), from),
        ),
        Payload::Agreed { message, priority } => (
            tf!("Agreed {0} for {1} from {2} to {3}", priority_name(priority), message_name(message), from, to),
            tf!("agreed {0} for {1} from {2}", priority_name(priority), message_name(message), from),
        ),
    }
}

/// Why `m` waits in `p`'s hold-back queue now, by the ordering's rule.
fn why_held(group: &Group, p: ProcessId, m: MessageId) -> String {
    let member = &group.members[p];
    match group.sent.get(m as usize - 1).map(|s| rule::may_deliver(group.setup.order, member, s, m)) {
        Some(Err(wait)) => say(&wait.says(p)),
        _ => tr("deliverable").to_string(),
    }
}

#[function_component(GroupView)]
pub fn group_view(props: &GroupViewProps) -> Html {
    let lab = &props.lab;
    let group = &lab.group;
    let dispatch = &props.dispatch;
    let cards = (0..group.setup.members).map(|p| {
        let member = &group.members[p];
        let crashed = member.crashed;
        let selected = lab.selected == Some(p);
        let name = if crashed {
            tf!("Process {0}, crashed, delivered {1}", process_name(p), messages(&member.delivered))
        } else {
            tf!("Process {0}, delivered {1}", process_name(p), messages(&member.delivered))
        };
        let on_select = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(McAction::Do(GroupAction::Select((!selected).then_some(p)))))
        };
        let on_multicast = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(McAction::Do(GroupAction::Multicast(p))))
        };
        let held = member.hold_back.iter().map(|&m| {
            let why = why_held(group, p, m);
            let priority = member.priority(m).map(|(pr, agreed)| {
                let text = if agreed {
                    tf!("priority {0}, agreed: deliverable", priority_name(pr))
                } else {
                    tf!("priority {0}, proposed: undeliverable", priority_name(pr))
                };
                html! { <span class={classes!("mc-priority", agreed.then_some("agreed"))}>{text}</span> }
            });
            html! {
                <li class="mc-held">
                    <span class="mc-pill held">{message_name(m)}</span>
                    <span class="mc-why">{ priority.unwrap_or_default() }{why}</span>
                </li>
            }
        });
        let arriving: Vec<Html> = group
            .in_flight
            .iter()
            .filter(|(c, _)| c.to == p)
            .map(|(c, _)| {
                let (label, shown) = copy_names(c);
                let copy = *c;
                let receive = {
                    let dispatch = dispatch.clone();
                    Callback::from(move |_: MouseEvent| dispatch.dispatch(McAction::Do(GroupAction::Receive(copy))))
                };
                let order = !matches!(c.payload, Payload::Message(_));
                html! {
                    <li>
                        <button type="button" class={classes!("mc-copy", order.then_some("order"))} aria-label={label}
                            disabled={crashed} onclick={receive}>{shown}</button>
                    </li>
                }
            })
            .collect();
        html! {
            <div key={p} class={classes!("mc-process", crashed.then_some("crashed"), selected.then_some("selected"))}>
                <div class="mc-head">
                    <button type="button" class="mc-process-button" aria-label={name} aria-pressed={selected.to_string()}
                        onclick={on_select}>
                        <span class="mc-circle">{process_name(p)}</span>
                    </button>
                    <div class="mc-state">
                        if crashed { <p class="mc-crashed">{tr("✕ crashed")}</p> }
                        <p class="mc-delivered">{tf!("Delivered: {0}", messages(&member.delivered))}</p>
                        if !crashed {
                            <button type="button" class="mc-multicast" aria-label={tf!("Multicast from {0}", process_name(p))}
                                onclick={on_multicast}>{tr("Multicast")}</button>
                        }
                    </div>
                </div>
                <div class="mc-holdback" role="group" aria-label={tf!("Hold-back queue of {0}", process_name(p))}>
                    <p class="mc-caption">{tr("Hold-back queue")}</p>
                    if member.hold_back.is_empty() {
                        <p class="mc-empty">{tr("empty")}</p>
                    } else {
                        <ol>{ for held }</ol>
                    }
                </div>
                if !arriving.is_empty() {
                    <div class="mc-inbox" role="group" aria-label={tf!("Copies on their way to {0}", process_name(p))}>
                        <p class="mc-caption">{if crashed { tr("On their way (never to arrive)") } else { tr("On their way: pick one to arrive") }}</p>
                        <ul>{ for arriving }</ul>
                    </div>
                }
                if selected && !crashed {
                    <GroupProcessActions process={p} members={group.setup.members} dispatch={dispatch.clone()} />
                }
            </div>
        }
    });
    html! {
        <section class="mc-group" aria-labelledby="mc-group-title">
            <h2 class="mc-title" id="mc-group-title">{tf!("Group of {0} processes", group.setup.members)}</h2>
            <GroupPicture lab={lab.clone()} />
            <div class="mc-cards">{ for cards }</div>
        </section>
    }
}
