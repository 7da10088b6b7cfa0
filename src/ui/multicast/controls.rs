//! The multicast lab's controls, one bar as in the snapshot lab: the Scenario combobox (the
//! default group and the presets), Undo, Redo, Step, the Timeline, the rules (delivery order,
//! basic or reliable multicast, the number of members), Copy link and Export…. A rule change replays the
//! run under the new rules; the lab names the actions it dropped, and Undo brings them back.

use yew::prelude::*;

use super::super::browser;
use super::super::export_panel::ExportMenu;
use super::{McAction, McPage};
use crate::formats::multicast_presets::PRESETS;
use crate::i18n::{tr, translate};
use crate::sim::multicast::{Order, Reliability, MAX_MEMBERS, MIN_MEMBERS};
use crate::tf;
use crate::view::page::multicast::teach::default_lab;
use crate::view::page::multicast::{default_setup, GroupAction, GroupLab};

#[derive(Properties, PartialEq, Clone)]
pub struct GroupControlsProps {
    pub page: McPage,
    pub dispatch: UseReducerDispatcher<McPage>,
}

fn order_value(o: Order) -> &'static str {
    match o {
        Order::Unordered => "none",
        Order::Fifo => "fifo",
        Order::Causal => "causal",
        Order::Total => "total",
        Order::Agreed => "isis",
    }
}

/// The order's name in the switch.
pub fn order_label(o: Order) -> &'static str {
    match o {
        Order::Unordered => tr("Unordered"),
        Order::Fifo => tr("FIFO"),
        Order::Causal => tr("Causal"),
        Order::Total => tr("Total (sequencer P1)"),
        Order::Agreed => tr("Total (agreed priorities, ISIS)"),
    }
}

#[function_component(GroupControls)]
pub fn group_controls(props: &GroupControlsProps) -> Html {
    let lab = &props.page.lab;
    let dispatch = &props.dispatch;
    let setup = lab.scenario.setup;
    let act = |a: GroupAction| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(McAction::Do(a.clone())))
    };
    let on_scenario = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if id == "default" {
                dispatch.dispatch(McAction::Load(default_lab(), None));
            } else if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
                if let Ok(scenario) = p.scenario() {
                    dispatch.dispatch(McAction::Load(GroupLab::new(scenario), Some(p.id)));
                }
            }
        })
    };
    let on_order = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some(o) = Order::ALL.into_iter().find(|o| order_value(*o) == v) {
                dispatch.dispatch(McAction::Do(GroupAction::SetOrder(o)));
            }
        })
    };
    let on_reliability = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let r = if v == "reliable" { Reliability::Reliable } else { Reliability::Basic };
            dispatch.dispatch(McAction::Do(GroupAction::SetReliability(r)));
        })
    };
    let on_members = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Ok(n) = v.parse::<usize>() {
                dispatch.dispatch(McAction::Do(GroupAction::SetMembers(n)));
            }
        })
    };
    let on_timeline = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if let Ok(n) = v.parse::<usize>() {
                dispatch.dispatch(McAction::Do(GroupAction::Seek(n)));
            }
        })
    };
    let on_copy = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            let dispatch = dispatch.clone();
            let copied = tr("Link copied. Anyone who opens it sees exactly this run.").to_string();
            browser::copy_link(browser::current_url(), copied, move |said| dispatch.dispatch(McAction::Say(said)));
        })
    };
    let fresh = lab.scenario.actions.is_empty() && setup == default_setup();
    let picked = props.page.preset.unwrap_or(if fresh { "default" } else { "" });
    let total = lab.scenario.actions.len();
    let can_undo = lab.cursor > 0 || lab.rules_undo.is_some();
    html! {
        <div class="toolbar mc-toolbar" role="toolbar" aria-label={tr("Run controls")}>
            <label class="picker">{tr("Scenario ")}
                <select aria-label={tr("Scenario")} onchange={on_scenario}>
                    if picked.is_empty() { <option value="" selected=true>{tr("Your run")}</option> }
                    <option value="default" selected={picked == "default"}>{tr("Default group (3 processes)")}</option>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.id} selected={picked == p.id}>{translate(p.title)}</option>
                    }) }
                </select>
            </label>
            <button type="button" aria-keyshortcuts="U Control+Z" disabled={!can_undo} onclick={act(GroupAction::Undo)}>{tr("Undo")}</button>
            <button type="button" aria-keyshortcuts="Y Control+Shift+Z" disabled={lab.cursor >= total} onclick={act(GroupAction::Redo)}>{tr("Redo")}</button>
            <button type="button" aria-keyshortcuts="N" disabled={lab.group.deliverable().next().is_none()} onclick={act(GroupAction::Step)}>{tr("Step")}</button>
            <div class="timeline">
                <label for="mc-timeline">{tf!("Step {0} of {1}", lab.cursor, total)}</label>
                <input id="mc-timeline" type="range" aria-label={tr("Timeline")} min="0" max={total.to_string()}
                    value={lab.cursor.to_string()} oninput={on_timeline}
                    aria-valuetext={tf!("step {0} of {1}", lab.cursor, total)} />
            </div>
            <label class="picker">{tr("Delivery order")}
                <select onchange={on_order}>
                    { for Order::ALL.into_iter().map(|o| html! {
                        <option value={order_value(o)} selected={setup.order == o}>{order_label(o)}</option>
                    }) }
                </select>
            </label>
            <label class="picker">{tr("Reliability")}
                <select onchange={on_reliability}>
                    <option value="basic" selected={setup.reliability == Reliability::Basic}>{tr("Basic multicast")}</option>
                    <option value="reliable" selected={setup.reliability == Reliability::Reliable}>{tr("Reliable multicast")}</option>
                </select>
            </label>
            <label class="picker">{tr("Members")}
                <select onchange={on_members}>
                    { for (MIN_MEMBERS..=MAX_MEMBERS).map(|n| html! {
                        <option value={n.to_string()} selected={setup.members == n}>{n.to_string()}</option>
                    }) }
                </select>
            </label>
            <button type="button" onclick={on_copy}>{tr("Copy link")}</button>
            <ExportMenu link={lab.link.clone()} name={AttrValue::from(props.page.name())} multicast=true />
        </div>
    }
}
