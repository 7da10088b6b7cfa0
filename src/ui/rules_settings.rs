//! The rules of the run: the channel discipline (the "FIFO channels" checkbox) and the snapshot
//! algorithm (the "Snapshot algorithm" radio group: Chandy–Lamport or Lai–Yang). Changing
//! either replays the run's actions under the new rules (`LabAction::SetRules`).

use crate::i18n::tr;
use yew::prelude::*;

use crate::sim::{Algorithm, Discipline};
use crate::view::page::{Lab, LabAction};

#[derive(Properties, PartialEq, Clone)]
pub struct RulesSettingsProps {
    pub discipline: Discipline,
    pub algorithm: Algorithm,
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
        </div>
    }
}
