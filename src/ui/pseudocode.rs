//! The algorithm's pseudocode beside the diagrams, with the line of the rule that just fired lit.

use yew::prelude::*;

use crate::sim::Rule;

#[derive(Properties, PartialEq, Clone)]
pub struct PseudocodeProps {
    pub rule: Option<Rule>,
}

const LINES: [(&[Rule], &str); 6] = [
    (&[Rule::Initiate, Rule::Join], "Initiator Pi: record own state; send a marker on every outgoing channel; start recording every incoming channel."),
    (&[Rule::FirstMarker], "On the first marker on Cki: record own state; record Cki as empty; send markers on every outgoing channel; start recording the other incoming channels."),
    (&[Rule::LaterMarker], "On a later marker on Cki: stop recording Cki; its state is the messages received on it since recording began."),
    (&[Rule::ReceiveRecorded], "On an application message on a channel being recorded: add it to that channel's recorded state."),
    (&[Rule::Send, Rule::Receive, Rule::Internal], "Application messages and internal events go on as usual: the snapshot never stops the application."),
    (&[Rule::Complete], "Termination: when every process has a marker on every incoming channel, the snapshot is complete."),
];

#[function_component(Pseudocode)]
pub fn pseudocode(props: &PseudocodeProps) -> Html {
    html! {
        <section class="pseudocode" aria-label="The algorithm">
            <h2>{"Chandy–Lamport, rule by rule"}</h2>
            <ol>
                { for LINES.iter().map(|(rules, text)| {
                    let lit = props.rule.is_some_and(|r| rules.contains(&r));
                    html! { <li class={classes!(lit.then_some("lit"))} aria-current={lit.then_some("step")}>{*text}</li> }
                }) }
            </ol>
        </section>
    }
}
