//! What the selected process can do besides Multicast: multicast to some members only and then
//! crash (the sender crashing partway, which reliable multicast repairs), or crash. Reachable by
//! keyboard: Tab from the process's button.

use yew::prelude::*;

use super::{McAction, McPage};
use crate::i18n::tr;
use crate::sim::{process_name, ProcessId};
use crate::tf;
use crate::view::page::multicast::GroupAction;

#[derive(Properties, PartialEq, Clone)]
pub struct GroupProcessActionsProps {
    pub process: ProcessId,
    pub members: usize,
    pub dispatch: UseReducerDispatcher<McPage>,
}

#[function_component(GroupProcessActions)]
pub fn group_process_actions(props: &GroupProcessActionsProps) -> Html {
    let p = props.process;
    // The members a partial multicast reaches: none checked at first.
    let reach = use_state(Vec::<ProcessId>::new);
    let others: Vec<ProcessId> = (0..props.members).filter(|&q| q != p).collect();
    let boxes = others.iter().map(|&q| {
        let checked = reach.contains(&q);
        let on_change = {
            let reach = reach.clone();
            Callback::from(move |_| {
                let mut list = (*reach).clone();
                if let Some(i) = list.iter().position(|&x| x == q) {
                    list.remove(i);
                } else {
                    list.push(q);
                    list.sort_unstable();
                }
                reach.set(list);
            })
        };
        html! {
            <label class="mc-check"><input type="checkbox" checked={checked} onchange={on_change} />{process_name(q)}</label>
        }
    });
    let on_partial = {
        let dispatch = props.dispatch.clone();
        let reach = reach.clone();
        Callback::from(move |_| {
            dispatch.dispatch(McAction::Do(GroupAction::MulticastPartial { from: p, reach: (*reach).clone() }));
            reach.set(Vec::new());
        })
    };
    let on_crash = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(McAction::Do(GroupAction::Crash(p))))
    };
    html! {
        <div class="mc-actions" role="group" aria-label={tf!("Actions of {0}", process_name(p))}>
            <fieldset>
                <legend>{tr("Multicast to some, then crash")}</legend>
                { for boxes }
                <button type="button" onclick={on_partial}>{tr("Multicast to the checked, then crash")}</button>
            </fieldset>
            <button type="button" class="mc-crash" onclick={on_crash}>{tf!("Crash {0}", process_name(p))}</button>
        </div>
    }
}
