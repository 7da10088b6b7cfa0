//! The algorithm's pseudocode beside the diagrams, with the line of the rule that just fired lit.
//! Under the "what if" switch (seed 000's rule, [`MarkerRule::SkipSender`]) it shows the rule
//! the run uses: the first marker's receiver sends no marker back to its sender, and so the
//! snapshot never completes.

use crate::en;
use crate::i18n::{tr, translate};
use yew::prelude::*;

use crate::sim::{Algorithm, MarkerRule, Rule};

#[derive(Properties, PartialEq, Clone)]
pub struct PseudocodeProps {
    pub rule: Option<Rule>,
    pub algorithm: Algorithm,
    /// Which outgoing channels the first-marker rule sends markers on.
    pub markers: MarkerRule,
}

const LINES: [(&[Rule], &str); 6] = [
    (&[Rule::Initiate, Rule::Join], en!("Initiator Pi: record own state; send a marker on every outgoing channel; start recording every incoming channel.")),
    (&[Rule::FirstMarker], en!("On the first marker on Cki: record own state; record Cki as empty; send markers on every outgoing channel; start recording the other incoming channels.")),
    (&[Rule::LaterMarker], en!("On a later marker on Cki: stop recording Cki; its state is the messages received on it since recording began.")),
    (&[Rule::ReceiveRecorded], en!("On an application message on a channel being recorded: add it to that channel's recorded state.")),
    (&[Rule::Send, Rule::Receive, Rule::Internal], en!("Application messages and internal events go on as usual: the snapshot never stops the application.")),
    (&[Rule::Complete], en!("Termination: when every process has a marker on every incoming channel, the snapshot is complete.")),
];

const LAI_YANG_LINES: [(&[Rule], &str); 6] = [
    (&[Rule::Initiate, Rule::Join], en!("Initiator Pi: record own state and turn red; send a marker on every outgoing channel, carrying how many white messages Pi sent on it; start recording every incoming channel.")),
    (&[Rule::RedMessage, Rule::FirstMarker], en!("A white process that receives a red message (or a marker, which is red): first record own state and turn red; send markers; start recording every incoming channel.")),
    (&[Rule::ReceiveRecorded], en!("A white message that arrives after its receiver recorded is in transit across the cut: add it to that channel's recorded state.")),
    (&[Rule::LaterMarker, Rule::LastWhite], en!("A channel's recording closes once its marker has come and every white message the marker counts has arrived.")),
    (&[Rule::Send, Rule::SendRed, Rule::Receive, Rule::ReceiveRed, Rule::Internal], en!("Every application message carries its sender's colour: white before the sender recorded, red after. The application never stops.")),
    (&[Rule::Complete], en!("Termination: every process has recorded and every channel's recording has closed.")),
];

/// Chandy–Lamport under seed 000's rule: the first-marker and termination lines differ.
const SKIP_SENDER_LINES: [(&[Rule], &str); 6] = [
    LINES[0],
    (&[Rule::FirstMarker], en!("On the first marker on Cki: record own state; record Cki as empty; send markers on every outgoing channel except Cik, back to Pk, the first marker's sender (the what-if rule); start recording the other incoming channels.")),
    LINES[2],
    LINES[3],
    LINES[4],
    (&[Rule::Complete], en!("Termination: when every process has a marker on every incoming channel. Under this rule it never comes: Pk waits forever for the marker on Cik that Pi did not send.")),
];

pub fn pseudocode(props: &PseudocodeProps) -> Html {
    let skip = props.markers == MarkerRule::SkipSender;
    let (title, lines) = match props.algorithm {
        Algorithm::LaiYang => (tr("Lai–Yang, rule by rule"), &LAI_YANG_LINES),
        _ if skip => (tr("Chandy–Lamport, what if: no marker back to the first marker's sender"), &SKIP_SENDER_LINES),
        _ => (tr("Chandy–Lamport, rule by rule"), &LINES),
    };
    html! {
        <section class="pseudocode" aria-label={tr("The algorithm")}>
            <h2>{title}</h2>
            <ol>
                { for lines.iter().map(|(rules, text)| {
                    let lit = props.rule.is_some_and(|r| rules.contains(&r));
                    html! { <li class={classes!(lit.then_some("lit"))} aria-current={lit.then_some("step")}>{translate(text)}</li> }
                }) }
            </ol>
        </section>
    }
}
