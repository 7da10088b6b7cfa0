//! The rules of the run: the channel discipline (the "FIFO channels" checkbox) and the snapshot
//! algorithm (the "Snapshot algorithm" radio group: Chandy–Lamport or Lai–Yang). Changing
//! either replays the run's actions under the new rules (`LabAction::SetRules`). A "what if"
//! switch runs seed 000's wording of the first-marker rule (no marker back to the process the
//! first marker came from; `LabAction::SetMarkers`): the snapshot then never completes.

use crate::i18n::tr;
use yew::prelude::*;

use crate::sim::{Algorithm, Discipline, MarkerRule};
use crate::view::page::{Lab, LabAction};

#[derive(Properties, PartialEq, Clone)]
pub struct RulesSettingsProps {
    pub discipline: Discipline,
    pub algorithm: Algorithm,
    pub markers: MarkerRule,
    /// Lessons and exercises keep their rules.
    pub disabled: bool,
    pub dispatch: UseReducerDispatcher<Lab>,
}

#[function_component(RulesSettings)]
pub fn rules_settings(props: &RulesSettingsProps) -> Html {
    let (discipline, algorithm) = (props.discipline, props.algorithm);
    let set = |discipline: Discipline, algorithm: Algorithm| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: Event| dispatch.dispatch(LabAction::SetRules { discipline, algorithm }))
    };
    let skip = props.markers == MarkerRule::SkipSender;
    let set_markers = {
        let dispatch = props.dispatch.clone();
        let next = if skip { MarkerRule::EveryOutgoing } else { MarkerRule::SkipSender };
        Callback::from(move |_: Event| dispatch.dispatch(LabAction::SetMarkers(next)))
    };
    let flipped = if discipline == Discipline::Fifo { Discipline::NonFifo } else { Discipline::Fifo };
    let radio = |choice: Algorithm| {
        html! {
            <label>
                <input type="radio" name="algorithm" value={choice.id()} checked={algorithm == choice}
                    disabled={props.disabled} onchange={set(discipline, choice)} />
                {choice.name()}
            </label>
        }
    };
    html! {
        <div class="rules-settings" role="group" aria-label={tr("Rules of the run")}>
            <label class="fifo">
                <input type="checkbox" checked={discipline == Discipline::Fifo} disabled={props.disabled}
                    onchange={set(flipped, algorithm)} />
                {tr("FIFO channels")}
            </label>
            <fieldset class="algorithm" role="radiogroup" aria-label={tr("Snapshot algorithm")}>
                <legend>{tr("Snapshot algorithm")}</legend>
                { radio(Algorithm::ChandyLamport) }
                { radio(Algorithm::LaiYang) }
            </fieldset>
            <label class="what-if" title={tr("Seed 000 says: send markers to everyone except the one the first marker came from. Seeds 001, 003 and 004 say: on every outgoing channel.")}>
                <input type="checkbox" checked={skip} disabled={props.disabled} onchange={set_markers} />
                {tr("What if: no marker back to the first marker's sender")}
            </label>
        </div>
    }
}
