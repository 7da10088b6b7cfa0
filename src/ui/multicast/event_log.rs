//! The table `Event log`: one row per event of the group's log, in order, each naming its
//! process, its kind (multicast, relay, order, receive, hold, deliver, crash: a receive is not a
//! delivery) and, in the core's words, what happened and the rule that fired.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{say, tr};
use crate::sim::multicast::{narrate, EventKind};
use crate::sim::process_name;
use crate::view::page::multicast::GroupLab;

#[derive(Properties, PartialEq, Clone)]
pub struct GroupEventLogProps {
    pub lab: Rc<GroupLab>,
}

/// The kind of an event, in a word, and its class.
pub fn kind_word(kind: &EventKind) -> (&'static str, &'static str) {
    match kind {
        EventKind::Multicast { .. } => (tr("multicast"), "multicast"),
        EventKind::Relay { .. } => (tr("relay"), "relay"),
        EventKind::Sequence { .. } => (tr("order"), "sequence"),
        EventKind::Propose { .. } => (tr("propose"), "propose"),
        EventKind::Agree { .. } => (tr("agree"), "agree"),
        EventKind::Receive { duplicate: true, .. } => (tr("receive (duplicate)"), "receive"),
        EventKind::Receive { .. } => (tr("receive"), "receive"),
        EventKind::Hold { .. } => (tr("hold"), "hold"),
        EventKind::Deliver { .. } => (tr("deliver"), "deliver"),
        EventKind::Crash => (tr("crash"), "crash"),
    }
}

#[function_component(GroupEventLog)]
pub fn group_event_log(props: &GroupEventLogProps) -> Html {
    let log = &props.lab.group.log;
    let rows = log.iter().enumerate().map(|(i, e)| {
        let (word, class) = kind_word(&e.kind);
        html! {
            <tr key={i} class={classes!("mc-row", class)}>
                <td>{i + 1}</td>
                <td>{process_name(e.process)}</td>
                <td><span class={classes!("mc-kind", class)}>{word}</span></td>
                <td>{say(&narrate(log, i))}</td>
            </tr>
        }
    });
    html! {
        <section class="mc-log">
            <h2>{tr("Event log")}</h2>
            if log.is_empty() {
                <p class="mc-empty">{tr("No events yet.")}</p>
            }
            <div class="mc-table-wrap" tabindex="0" role="group" aria-label={tr("Event log, scrollable")}>
                <table class="event-log mc-event-log" aria-label={tr("Event log")}>
                    <thead><tr>
                        <th scope="col">{tr("#")}</th>
                        <th scope="col">{tr("Process")}</th>
                        <th scope="col">{tr("Event")}</th>
                        <th scope="col">{tr("What happened, and the rule that fired")}</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
