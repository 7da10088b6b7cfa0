//! The selected process's actions: send to each neighbour (with the amount), start a
//! snapshot, join a running snapshot, an internal event. The keyboard and touch route to every
//! action a drag offers. Below them, the faults that break the algorithm's assumptions: crash
//! the process, and drop or duplicate a message in flight to it.

use crate::i18n::tr;
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{process_name, Action, MessageRef, ProcessId, World};
use crate::view::page::{Lab, LabAction};

#[derive(Properties, Clone)]
pub struct ProcessActionsProps {
    pub world: Rc<World>,
    pub selected: Option<ProcessId>,
    pub amount: i64,
    pub dispatch: UseReducerDispatcher<Lab>,
}

impl PartialEq for ProcessActionsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world) && self.selected == other.selected && self.amount == other.amount
    }
}

pub fn process_actions(props: &ProcessActionsProps) -> Html {
    let dispatch = props.dispatch.clone();
    let on_amount = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            match value.trim().parse::<i64>() {
                Ok(v) if v > 0 => dispatch.dispatch(LabAction::SetAmount(v)),
                _ => {}
            }
        })
    };
    let amount_field = html! {
        <label class="amount">{tr("Amount ")}
            <input type="number" min="1" step="1" inputmode="numeric" value={props.amount.to_string()} oninput={on_amount} />
        </label>
    };
    let Some(p) = props.selected else {
        return html! {
            <div class="process-actions" aria-label={tr("Process actions")}>
                <p class="hint">{tr("Select a process (click it, or Tab to it and press Enter) to see its actions.")}</p>
                {amount_field}
            </div>
        };
    };
    let t = props.world.topology();
    let act = |action: Action, label: String| {
        let dispatch = dispatch.clone();
        html! {
            <button type="button" onclick={Callback::from(move |_| {
                dispatch.dispatch(LabAction::Do(action));
            })}>{label}</button>
        }
    };
    let sends = t.outgoing(p).iter().map(|&c| {
        let to = t.channel(c).to;
        act(
            Action::Send { from: p, to, amount: props.amount },
            crate::tf!("Send {0} to {1}", props.amount, process_name(to)),
        )
    });
    let joins = props
        .world
        .snapshots()
        .iter()
        .filter(|s| !s.complete && s.recorded[p].is_none())
        .map(|s| act(Action::Join { process: p, snapshot: s.id }, crate::tf!("Join S{0} as initiator", s.id)));
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::Select(None)))
    };
    let world = &props.world;
    let crashed = world.is_crashed(p);
    let lai_yang = t.algorithm == crate::sim::Algorithm::LaiYang;
    // Faults on the messages in flight to this process: a few, the heads of its channels first.
    let incoming: Vec<MessageRef> =
        t.incoming(p).iter().filter_map(|&c| world.in_flight(c).next().map(|m| world.message_ref(m))).collect();
    let faults = incoming.iter().map(|&message| {
        html! {
            <>
                { act(Action::Drop { message }, crate::tf!("Drop {0}", message)) }
                { act(Action::Duplicate { message }, crate::tf!("Duplicate {0}", message)) }
            </>
        }
    });
    html! {
        <div class="process-actions" role="group" aria-label={crate::tf!("Actions of {0}", process_name(p))}>
            <h3>{if t.label(p) == process_name(p) { process_name(p) } else { format!("{} ({})", process_name(p), t.label(p)) }}</h3>
            {amount_field}
            // A crashed process takes no more actions: only the network's faults are left.
            if !crashed {
                <div class="action-buttons">
                    { for sends }
                    { act(Action::Snapshot { process: p }, crate::tf!("Start snapshot at {0}", process_name(p))) }
                    { for joins }
                    { act(Action::Internal { process: p, delta: props.amount }, crate::tf!("Deposit {0} (internal event)", props.amount)) }
                </div>
            }
            // Faults are modelled for Chandy–Lamport only (the world refuses them under Lai–Yang).
            if !lai_yang {
                <div class="break-buttons" role="group" aria-label={crate::tf!("Faults at {0}", process_name(p))}>
                    <h4>{tr("Break an assumption")}</h4>
                    if !crashed {
                        { act(Action::Crash { process: p }, crate::tf!("Crash {0}", process_name(p))) }
                    }
                    { for faults }
                </div>
            }
            <button type="button" class="secondary" onclick={close}>{tr("Done")}</button>
        </div>
    }
}
