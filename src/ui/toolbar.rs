//! The toolbar ("Run controls"), one compact bar: the scenario picker, Undo, Redo, Step, Run,
//! Reset and the timeline; then a "More" disclosure menu with Copy link, the file menu (Open
//! file…, Export), Presentation mode, the shortcuts, Run's speed and the rules of the run.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::export_panel::FileMenu;
use super::rules_settings::RulesSettings;
use super::timeline::{Speed, Timeline};
use crate::i18n::tr;
use crate::view::page::scenarios::{self, PRESETS};
use crate::view::page::{Lab, LabAction, Mode};

#[derive(Properties, PartialEq, Clone)]
pub struct ToolbarProps {
    pub lab: Rc<Lab>,
    pub dispatch: UseReducerDispatcher<Lab>,
    /// Presentation mode is on.
    pub present: bool,
    /// Open the Export dialog at once (`&open=export`).
    pub open_export: bool,
    /// Presentation mode on or off.
    pub on_present: Callback<MouseEvent>,
    /// The shortcuts dialog open or closed.
    pub on_help: Callback<MouseEvent>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let lab = &props.lab;
    let dispatch = &props.dispatch;
    let on_preset = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some(scenario) = scenarios::preset_scenario(&id) {
                dispatch.dispatch(LabAction::Load { scenario, preset: id, notice: None });
            }
        })
    };
    let button = |label: &'static str, action: fn() -> LabAction, disabled: bool, key: &'static str| {
        let dispatch = dispatch.clone();
        html! {
            <button type="button" disabled={disabled} aria-keyshortcuts={key}
                onclick={Callback::from(move |_| dispatch.dispatch(action()))}>{label}</button>
        }
    };
    let on_run = {
        let dispatch = dispatch.clone();
        let running = lab.running;
        Callback::from(move |_| dispatch.dispatch(LabAction::SetRunning(!running)))
    };
    let on_copy = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            let dispatch = dispatch.clone();
            let copied = tr("Link copied. Anyone who opens it sees exactly this run.").to_string();
            // A link shared while editing opens the run, not the editor: `&edit` only brings the
            // teacher's own kept draft back on a reload.
            let url = browser::current_url();
            let url = url.strip_suffix("&edit").map_or_else(|| url.clone(), str::to_string);
            browser::copy_link(url, copied, move |said| dispatch.dispatch(LabAction::Say(said)));
        })
    };
    let total = lab.scenario.actions.len();
    let allow = lab.allow();
    let preset_options = PRESETS.iter().map(|p| {
        html! { <option value={p.id} selected={lab.preset == p.id}>{crate::i18n::translate(p.title)}</option> }
    });
    html! {
        <div class="toolbar" role="toolbar" aria-label={tr("Run controls")}>
            <label class="picker">{tr("Scenario ")}
                <select aria-label={tr("Scenario")} onchange={on_preset}>
                    if lab.preset.is_empty() { <option value="" selected=true>{tr("From link")}</option> }
                    { for preset_options }
                </select>
            </label>
            { button(tr("Undo"), || LabAction::Undo, !lab.can_undo(), "U Control+Z") }
            { button(tr("Redo"), || LabAction::Redo, !lab.can_redo(), "Y Control+Shift+Z") }
            { button(tr("Step"), || LabAction::Step, lab.world.is_quiescent() || !allow.step, "N") }
            <button type="button" aria-pressed={lab.running.to_string()} aria-keyshortcuts="R" onclick={on_run}
                disabled={(lab.world.is_quiescent() || !allow.step) && !lab.running}>
                {if lab.running { tr("Run (pause)") } else { tr("Run") }}
            </button>
            { button(tr("Reset"), || LabAction::Reset, total == 0, "") }
            <Timeline cursor={lab.cursor} total={total} dispatch={dispatch.clone()} />
            // Open from the start when a link opens the Export dialog (`&open=export`), which lives in it.
            <details class="more" open={props.open_export}>
                <summary>{tr("More")}</summary>
                <div class="more-menu">
                    <button type="button" onclick={on_copy}>{tr("Copy link")}</button>
                    <FileMenu link={lab.link.clone()} name={AttrValue::from(lab.name())} dispatch={dispatch.clone()} open_export={props.open_export} />
                    <button type="button" class="present-button" aria-pressed={props.present.to_string()} onclick={props.on_present.clone()}>{tr("Presentation mode")}</button>
                    <button type="button" class="help-button" aria-keyshortcuts="?" onclick={props.on_help.clone()}>{tr("Shortcuts (?)")}</button>
                    <Speed speed_ms={lab.speed_ms} dispatch={dispatch.clone()} />
                    <RulesSettings discipline={lab.scenario.topology.discipline} algorithm={lab.scenario.topology.algorithm}
                        markers={lab.scenario.topology.markers} disabled={lab.mode != Mode::Lab} dispatch={dispatch.clone()} />
                </div>
            </details>
        </div>
    }
}
