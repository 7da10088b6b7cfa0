//! The lab's panes: the two diagrams first, the system (the process and channel diagram with
//! the selected process's actions) and time (the space-time diagram and the cut panel); under
//! them the snapshots (their panels and the naive snapshot's) and, as ARIA tabs (one shown at a
//! time, so they never push the diagrams off screen), the event log, the pseudocode and the
//! marker rules' state machines.

use std::rc::Rc;

use yew::prelude::*;

use super::cut_panel::CutPanel;
use super::naive_panel::NaivePanel;
use super::pseudocode::{pseudocode, PseudocodeProps};
use super::snapshot_panel::SnapshotPanels;
use super::spacetime_view::SpaceTimeDiagram;
use super::topology_view::TopologyDiagram;
use crate::i18n::tr;
use crate::sim::cut::CutReport;
use crate::view::page::{Lab, Mode};

#[derive(Properties, PartialEq, Clone)]
pub struct PanesProps {
    pub lab: Rc<Lab>,
    pub dispatch: UseReducerDispatcher<Lab>,
    /// The drawn cut's report, when it is shown (`Lab::drawn_report`, checked once per change).
    pub drawn_report: Option<Rc<CutReport>>,
    /// The naive snapshot's settings in the link (`&naive=…`), while its panel is open.
    pub naive_option: Option<Rc<str>>,
    /// Told the naive snapshot's settings whenever they change (`None`: its panel closed).
    pub on_naive_option: Callback<Option<String>>,
}

/// The tabbed panels under the diagrams, in tab order: their ids.
const PANELS: [&str; 3] = ["log", "pseudocode", "rules"];

/// A panel's tab, by name.
fn tab_name(i: usize) -> &'static str {
    match i {
        0 => tr("Event log"),
        1 => tr("Pseudocode"),
        _ => tr("Marker rules"),
    }
}

#[function_component(Panes)]
pub fn panes(props: &PanesProps) -> Html {
    // The tab the learner chose; until then the event log, or in a lesson the pseudocode (a
    // step lights its own rule there).
    let tab = use_state(|| None::<usize>);
    let lab = &props.lab;
    let dispatch = &props.dispatch;
    let drawn_report = &props.drawn_report;
    // A lesson step lights its own rule until the learner does something.
    let last_rule = match (&lab.mode, lab.lesson_step()) {
        (Mode::Lesson { since, .. }, Some((_, step))) if lab.world.events().len() <= *since && step.rule.is_some() => {
            step.rule
        }
        _ => lab.world.log().events.last().map(|e| e.rule),
    };
    let (snapshots, verdicts) = if lab.shows_snapshots() {
        (lab.snapshots.clone(), lab.verdicts.clone())
    } else {
        (Rc::default(), Rc::default())
    };
    let lai_yang = lab.world.topology().algorithm == crate::sim::Algorithm::LaiYang;
    // The marker rules' state machines are Chandy–Lamport's: no tab for them under Lai–Yang.
    let shown: Vec<usize> = (0..PANELS.len()).filter(|&i| !(lai_yang && PANELS[i] == "rules")).collect();
    let default = if matches!(lab.mode, Mode::Lesson { .. }) { 1 } else { 0 };
    let current = tab.filter(|t| shown.contains(t)).unwrap_or(default);
    let select = |i: usize| {
        let tab = tab.clone();
        Callback::from(move |_: MouseEvent| tab.set(Some(i)))
    };
    // Arrow keys, Home and End move between the tabs (and select the one they reach).
    let on_tab_key = {
        let tab = tab.clone();
        let shown = shown.clone();
        Callback::from(move |e: KeyboardEvent| {
            let at = shown.iter().position(|&i| i == current).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => shown[(at + 1) % shown.len()],
                "ArrowLeft" | "ArrowUp" => shown[(at + shown.len() - 1) % shown.len()],
                "Home" => shown[0],
                "End" => shown[shown.len() - 1],
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            tab.set(Some(next));
            super::browser::focus(&format!("tab-{}", PANELS[next]));
        })
    };
    let tabs = shown.iter().map(|&i| {
        let id = PANELS[i];
        html! {
            <button type="button" role="tab" id={format!("tab-{id}")} aria-controls={format!("panel-{id}")}
                aria-selected={(i == current).to_string()} tabindex={if i == current { "0" } else { "-1" }}
                onclick={select(i)}>{tab_name(i)}</button>
        }
    });
    let panel = |i: usize, class: &'static str, body: Html| {
        let id = PANELS[i];
        html! {
            <section class={classes!("pane", class)} role="tabpanel" id={format!("panel-{id}")}
                aria-labelledby={format!("tab-{id}")} hidden={i != current} tabindex="0">{ body }</section>
        }
    };
    html! {
        <main class="panes">
            <div class="diagrams">
                <section class="pane system" aria-label={tr("System")}>
                    <h2 class="sr-only">{tr("Processes and channels")}</h2>
                    // The scenario editor takes the diagram's place while editing (`scenario_editor`).
                    if let Some(editing) = lab.editing.clone() {
                        <super::scenario_editor::ScenarioEditor {editing} dispatch={dispatch.clone()} />
                    } else {
                    <p class="hint">{tr("Drag a process onto another to send a message. Click or drag a message at the head of its channel to deliver it.")}</p>
                    // "Edit scenario" sits in the diagram's bottom right corner: it takes no height of its own.
                    <div class="diagram-box">
                    if lab.mode == Mode::Lab { <super::scenario_editor::EditButton dispatch={dispatch.clone()} /> }
                    <TopologyDiagram world={lab.world.clone()} snapshots={lab.snapshots.clone()} selected={lab.selected}
                        amount={lab.amount} focus={lab.focus} pace_ms={if lab.running { lab.speed_ms } else { 0 }} dispatch={dispatch.clone()} />
                    </div>
                    { super::process_actions::process_actions(&super::process_actions::ProcessActionsProps { world: lab.world.clone(), selected: lab.selected, amount: lab.amount, dispatch: dispatch.clone() }) }
                    }
                </section>
                <section class="pane time" aria-label={tr("Time")}>
                    <h2 class="sr-only">{tr("Space-time")}</h2>
                    if lab.editing.is_some() {
                        <p class="hint">{tr("While you edit the scenario, this diagram and the panels show the run as it was.")}</p>
                    }
                    <SpaceTimeDiagram world={lab.world.clone()} snapshots={snapshots.clone()} verdicts={verdicts.clone()}
                        run={lab.run} focus={lab.focus} drawn={lab.drawn.clone()} drawn_report={drawn_report.clone()}
                        editable={lab.cut_editable()} dispatch={dispatch.clone()} />
                    if lab.cut_editable() {
                        <CutPanel world={lab.world.clone()} drawn={lab.drawn.clone()} report={drawn_report.clone()}
                            snapshots={snapshots.clone()} examples={lab.example_cuts()} dispatch={dispatch.clone()} />
                    }
                </section>
            </div>
            <div class="panels">
                <section class="pane results" aria-label={tr("Snapshots")}>
                    <h2>{tr("Snapshots")}</h2>
                    if lab.shows_snapshots() {
                        <SnapshotPanels world={lab.world.clone()} topology={lab.world.topology().clone()} snapshots={snapshots.clone()} verdicts={verdicts.clone()} />
                        if lab.mode == Mode::Lab {
                            <NaivePanel world={lab.world.clone()} verdicts={verdicts.clone()} dispatch={dispatch.clone()}
                                option={props.naive_option.clone()} on_option={props.on_naive_option.clone()} />
                        }
                    } else {
                        <p class="hint">{tr("Hidden until you answer: the snapshot's cut would give the answer away.")}</p>
                    }
                </section>
                <div class="tabbed">
                    <div class="tabs" role="tablist" aria-label={tr("Panels")} onkeydown={on_tab_key}>{ for tabs }</div>
                    { panel(0, "log", html! { <super::event_log::EventLog world={lab.world.clone()} run={lab.run} focus={lab.focus} /> }) }
                    // A hidden tab's pseudocode and state machines are drawn when it is shown, not on every action.
                    { panel(1, "code", if current == 1 { pseudocode(&PseudocodeProps { rule: last_rule, algorithm: lab.world.topology().algorithm, markers: lab.world.topology().markers }) } else { Html::default() }) }
                    if !lai_yang {
                        { panel(2, "machines", if current == 2 { super::rules_view::rules_view(&super::rules_view::RulesViewProps { world: lab.world.clone(), snapshots: snapshots.clone(), selected: lab.selected }) } else { Html::default() }) }
                    }
                </div>
            </div>
        </main>
    }
}
