//! The lab's four panes: the system (the process and channel diagram with the selected
//! process's actions), time (the space-time diagram, the cut panel, the pseudocode and the marker
//! rules' state machines), the snapshots (their panels and the naive snapshot's) and the event
//! log.

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

#[function_component(Panes)]
pub fn panes(props: &PanesProps) -> Html {
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
    html! {
        <main class="panes">
            <section class="pane system" aria-label={tr("System")}>
                <h2>{tr("Processes and channels")}</h2>
                <p class="hint">{tr("Drag a process onto another to send a message. Click or drag a message at the head of its channel to deliver it.")}</p>
                <TopologyDiagram world={lab.world.clone()} snapshots={lab.snapshots.clone()} selected={lab.selected}
                    amount={lab.amount} focus={lab.focus} pace_ms={if lab.running { lab.speed_ms } else { 0 }} dispatch={dispatch.clone()} />
                { super::process_actions::process_actions(&super::process_actions::ProcessActionsProps { world: lab.world.clone(), selected: lab.selected, amount: lab.amount, dispatch: dispatch.clone() }) }
            </section>
            <section class="pane time" aria-label={tr("Time")}>
                <h2>{tr("Space-time")}</h2>
                <SpaceTimeDiagram world={lab.world.clone()} snapshots={snapshots.clone()} verdicts={verdicts.clone()}
                    run={lab.run} focus={lab.focus} drawn={lab.drawn.clone()} drawn_report={drawn_report.clone()}
                    editable={lab.cut_editable()} dispatch={dispatch.clone()} />
                if lab.cut_editable() {
                    <CutPanel world={lab.world.clone()} drawn={lab.drawn.clone()} report={drawn_report.clone()}
                        snapshots={snapshots.clone()} examples={lab.example_cuts()} dispatch={dispatch.clone()} />
                }
                { pseudocode(&PseudocodeProps { rule: last_rule, algorithm: lab.world.topology().algorithm }) }
                // The marker rules' state machines are Chandy–Lamport's.
                if lab.world.topology().algorithm != crate::sim::Algorithm::LaiYang {
                    { super::rules_view::rules_view(&super::rules_view::RulesViewProps { world: lab.world.clone(), snapshots: snapshots.clone(), selected: lab.selected }) }
                }
            </section>
            <section class="pane results" aria-label={tr("Snapshots")}>
                <h2>{tr("Snapshots")}</h2>
                if lab.shows_snapshots() {
                    <SnapshotPanels world={lab.world.clone()} topology={lab.world.topology().clone()} snapshots={snapshots} verdicts={verdicts.clone()} />
                    if lab.mode == Mode::Lab {
                        <NaivePanel world={lab.world.clone()} verdicts={verdicts.clone()} dispatch={dispatch.clone()}
                            option={props.naive_option.clone()} on_option={props.on_naive_option.clone()} />
                    }
                } else {
                    <p class="hint">{tr("Hidden until you answer: the snapshot's cut would give the answer away.")}</p>
                }
            </section>
            <section class="pane log" aria-label={tr("Event log section")}>
                <h2>{tr("Event log")}</h2>
                <super::event_log::EventLog world={lab.world.clone()} run={lab.run} focus={lab.focus} />
            </section>
        </main>
    }
}
