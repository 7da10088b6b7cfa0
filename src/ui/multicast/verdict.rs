//! The region `Ordering` (contract §3): for each of FIFO, causal and total order, whether the
//! run's deliveries so far keep it (`holds`) or not (`violated`, naming every violating pair,
//! as the checker finds them), and reliable multicast's agreement (holds, pending, violated).

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{say, tr};
use crate::sim::multicast::check::{agreement_says, causal_says, fifo_says, total_says};
use crate::sim::multicast::{Agreement, Reliability, Violation};
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
            </ul>
            <p class="mc-note">{tr("Checked from the event log alone: every pair delivered against an order is named.")}</p>
        </section>
    }
}
