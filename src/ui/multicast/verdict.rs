//! The region `Ordering` (contract §3): for each of FIFO, causal and total order, whether the
//! run's deliveries so far keep it (`holds`) or not (`violated`, naming every violating pair,
//! as the checker finds them), and reliable multicast's agreement (holds, pending, violated).
//! Under ISIS, also whether every held message will be agreed (a crash can stop it).

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{say, tr};
use crate::sim::multicast::check::{agreement_says, causal_says, fifo_says, stuck_says, total_says};
use crate::sim::multicast::{Agreement, Order, Reliability, Violation};
use crate::sim::Sentence;
use crate::view::page::multicast::GroupLab;

use super::controls::order_label;

#[derive(Properties, PartialEq, Clone)]
pub struct OrderingVerdictProps {
    pub lab: Rc<GroupLab>,
}

fn row(name: &'static str, found: &[Violation], words: fn(&Violation) -> Sentence) -> Html {
    let ok = found.is_empty();
    html! {
        <li class={classes!("mc-order", if ok { "holds" } else { "violated" })}>
            <strong>{name}</strong>{": "}
            <span class="mc-word">{if ok { tr("holds") } else { tr("violated") }}</span>
            if !ok {
                <ul>{ for found.iter().map(|v| html! { <li>{say(&words(v))}</li> }) }</ul>
            }
        </li>
    }
}

#[function_component(OrderingVerdict)]
pub fn ordering_verdict(props: &OrderingVerdictProps) -> Html {
    let lab = &props.lab;
    let v = &lab.verdict;
    let setup = lab.scenario.setup;
    let (word, class) = match &v.agreement {
        Agreement::Holds => (tr("holds"), "holds"),
        Agreement::Pending => (tr("pending"), "pending"),
        Agreement::Violated(_) => (tr("violated"), "violated"),
    };
    let rules = crate::tf!(
        "This run delivers by: {0}; {1}.",
        order_label(setup.order),
        if setup.reliability == Reliability::Reliable { tr("reliable multicast") } else { tr("basic multicast") }
    );
    html! {
        <section class="mc-verdict" aria-labelledby="mc-ordering-title">
            <h2 id="mc-ordering-title">{tr("Ordering")}</h2>
            <p class="mc-rules">{rules}</p>
            <ul class="mc-orders">
                { row(tr("FIFO order"), &v.fifo, fifo_says) }
                { row(tr("Causal order"), &v.causal, causal_says) }
                { row(tr("Total order"), &v.total, total_says) }
                <li class={classes!("mc-order", class)}>
                    <strong>{tr("Agreement")}</strong>{": "}<span class="mc-word">{word}</span>
                    <p class="mc-agreement">{say(&agreement_says(&v.agreement))}</p>
                </li>
                if setup.order == Order::Agreed {
                    <li class={classes!("mc-order", if v.stuck.is_empty() { "holds" } else { "violated" })}>
                        <strong>{tr("Agreed priorities")}</strong>{": "}
                        <span class="mc-word">{if v.stuck.is_empty() { tr("every held message can still be agreed") } else { tr("stuck") }}</span>
                        if !v.stuck.is_empty() {
                            <ul>{ for v.stuck.iter().map(|s| html! { <li>{say(&stuck_says(s))}</li> }) }</ul>
                        }
                    </li>
                }
            </ul>
            <p class="mc-note">{tr("Checked from the event log alone: every pair delivered against an order is named.")}</p>
        </section>
    }
}
