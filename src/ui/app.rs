//! The lab page: toolbar (scenario picker, Undo, Redo, Step, Run, Reset, Copy link), the
//! timeline, the narration line, the process and channel diagram with the selected process's
//! actions, the space-time diagram, the snapshot panels, the pseudocode and the event log.
//! It keeps the URL fragment (and localStorage) equal to the scenario after every change.

use yew::prelude::*;

use super::browser;
use super::event_log::EventLog;
use super::help::Help;
use super::process_actions::ProcessActions;
use super::pseudocode::Pseudocode;
use super::scenarios::{self, PRESETS};
use super::snapshot_panel::SnapshotPanels;
use super::spacetime_view::SpaceTimeDiagram;
use super::state::{Lab, LabAction, Notice};
use super::topology_view::TopologyDiagram;

/// The scenario to open: the link in the URL, else the saved one, else the default preset.
fn initial_lab() -> Lab {
    if let Some(fragment) = browser::fragment() {
        return match scenarios::decode_link(&fragment) {
            Ok(scenario) => Lab::new(scenario, String::new(), None),
            Err(error) => {
                let mut lab = Lab::new(scenarios::default_scenario(), scenarios::DEFAULT_PRESET.into(), None);
                lab.notice = Some(Notice {
                    text: format!("This link could not be opened: {error}. Showing the default scenario instead."),
                    problem: true,
                });
                lab
            }
        };
    }
    if let Some(saved) = browser::load() {
        match scenarios::decode_link(&saved) {
            Ok(scenario) => return Lab::new(scenario, String::new(), None),
            Err(_) => browser::set_aside(&saved),
        }
    }
    Lab::new(scenarios::default_scenario(), scenarios::DEFAULT_PRESET.into(), None)
}

#[function_component(App)]
pub fn app() -> Html {
    let lab = use_reducer(initial_lab);
    let dispatch = lab.dispatcher();

    // Keep the link and the saved scenario equal to the scenario after every change.
    {
        let scenario = lab.scenario.clone();
        let cursor = lab.cursor;
        let shareable = lab.shareable();
        use_effect_with((scenario, cursor), move |_| {
            let link = scenarios::encode_link(&shareable);
            browser::replace_fragment(&link);
            browser::save(&link);
        });
    }

    // Run: one step per tick while running; nothing is scheduled while idle.
    {
        let dispatch = dispatch.clone();
        use_effect_with((lab.running, lab.cursor, lab.speed_ms), move |&(running, _, speed)| {
            let timer =
                running.then(|| browser::Timeout::new(speed, move || dispatch.dispatch(LabAction::RunTick))).flatten();
            move || drop(timer)
        });
    }

    // Keyboard shortcuts for the whole page.
    {
        let dispatch = dispatch.clone();
        let running = lab.running;
        let help_open = lab.help_open;
        use_effect_with((running, help_open), move |&(running, help_open)| {
            let listener = browser::Listener::keys(move |e: web_sys::KeyboardEvent| {
                let in_field = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
                if in_field || e.alt_key() || e.meta_key() {
                    return;
                }
                // The shortcuts dialog is modal: only its own keys work while it is open.
                if help_open && !matches!(e.key().as_str(), "Escape" | "?") {
                    return;
                }
                let action = match (e.key().as_str(), e.ctrl_key(), e.shift_key()) {
                    ("z", true, false) | ("u", false, _) => Some(LabAction::Undo),
                    ("Z", true, true) | ("y", true, _) | ("y", false, _) => Some(LabAction::Redo),
                    ("n", false, _) | (".", false, _) => Some(LabAction::Step),
                    ("r", false, _) => Some(LabAction::SetRunning(!running)),
                    ("?", _, _) => Some(LabAction::ToggleHelp),
                    ("Escape", _, _) => Some(LabAction::Escape),
                    _ => None,
                };
                if let Some(action) = action {
                    e.prevent_default();
                    dispatch.dispatch(action);
                }
            });
            move || drop(listener)
        });
    }

    // A link pasted into the address bar (or back/forward between links) loads that scenario.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = browser::Listener::hash_changes(move || {
                let Some(fragment) = browser::fragment() else { return };
                let action = match scenarios::decode_link(&fragment) {
                    Ok(scenario) => LabAction::Load { scenario, preset: String::new(), notice: None },
                    Err(error) => LabAction::Load {
                        scenario: scenarios::default_scenario(),
                        preset: scenarios::DEFAULT_PRESET.into(),
                        notice: Some(Notice {
                            text: format!(
                                "This link could not be opened: {error}. Showing the default scenario instead."
                            ),
                            problem: true,
                        }),
                    },
                };
                dispatch.dispatch(action);
            });
            move || drop(listener)
        });
    }

    let on_preset = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some(scenario) = scenarios::preset_scenario(&id) {
                dispatch.dispatch(LabAction::Load { scenario, preset: id, notice: None });
            }
        })
    };
    let on_timeline = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if let Ok(v) = value.parse::<usize>() {
                dispatch.dispatch(LabAction::Scrub(v));
            }
        })
    };
    let on_speed = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if let Ok(v) = value.parse::<u32>() {
                dispatch.dispatch(LabAction::SetSpeed(3050 - v));
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
            let url = browser::current_url();
            let dispatch = dispatch.clone();
            browser::copy(&url.clone(), move |copied| {
                let said = if copied {
                    "Link copied. Anyone who opens it sees exactly this run.".to_string()
                } else {
                    format!("The browser did not let the page copy. Copy this link: {url}")
                };
                dispatch.dispatch(LabAction::Say(said));
            });
        })
    };
    let on_dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::DismissNotice))
    };
    let on_help = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::ToggleHelp))
    };

    let total = lab.scenario.actions.len();
    let last_rule = lab.world.log().events.last().map(|e| e.rule);
    let preset_options = PRESETS.iter().map(|p| {
        html! { <option value={p.id} selected={lab.preset == p.id}>{p.title}</option> }
    });
    let notice = lab.notice.as_ref().map(|n| {
        html! {
            <div class={classes!("notice", n.problem.then_some("problem"))} role={if n.problem { "alert" } else { "status" }}>
                <p>{n.text.clone()}</p>
                <button type="button" class="dismiss" onclick={on_dismiss}>{"Dismiss"}</button>
            </div>
        }
    });

    html! {
        <div class="lab">
            <header class="top">
                <h1>{"Snapshot Lab"}<small>{" — the Chandy–Lamport snapshot, by hand"}</small></h1>
                <div class="toolbar" role="toolbar" aria-label="Run controls">
                    <label class="picker">{"Scenario "}
                        <select aria-label="Scenario" onchange={on_preset}>
                            if lab.preset.is_empty() { <option value="" selected=true>{"From link"}</option> }
                            { for preset_options }
                        </select>
                    </label>
                    { button("Undo", || LabAction::Undo, !lab.can_undo(), "U Control+Z") }
                    { button("Redo", || LabAction::Redo, !lab.can_redo(), "Y Control+Shift+Z") }
                    { button("Step", || LabAction::Step, lab.world.is_quiescent(), "N") }
                    <button type="button" aria-pressed={lab.running.to_string()} aria-keyshortcuts="R" onclick={on_run}
                        disabled={lab.world.is_quiescent() && !lab.running}>
                        {if lab.running { "Run (pause)" } else { "Run" }}
                    </button>
                    { button("Reset", || LabAction::Reset, total == 0, "") }
                    <button type="button" onclick={on_copy}>{"Copy link"}</button>
                    <button type="button" class="help-button" aria-keyshortcuts="?" onclick={on_help.clone()}>{"Shortcuts (?)"}</button>
                </div>
                <div class="timeline">
                    <label for="timeline">{format!("Timeline: step {} of {}", lab.cursor, total)}</label>
                    <input id="timeline" type="range" aria-label="Timeline" min="0" max={total.to_string()}
                        value={lab.cursor.to_string()} oninput={on_timeline}
                        aria-valuetext={format!("step {} of {}", lab.cursor, total)} />
                    <label for="speed">{"Speed"}</label>
                    <input id="speed" type="range" min="50" max="3000" value={(3050 - lab.speed_ms).to_string()} oninput={on_speed} />
                </div>
            </header>
            { for notice }
            <p class="narration" role="status" aria-live="polite">{lab.narration.clone()}</p>
            <main class="panes">
                <section class="pane system" aria-label="System">
                    <h2>{"Processes and channels"}</h2>
                    <p class="hint">{"Drag a process onto another to send a message. Click or drag a message at the head of its channel to deliver it."}</p>
                    <TopologyDiagram world={lab.world.clone()} snapshots={lab.snapshots.clone()} selected={lab.selected}
                        amount={lab.amount} focus={lab.focus} dispatch={dispatch.clone()} />
                    <ProcessActions world={lab.world.clone()} selected={lab.selected} amount={lab.amount} dispatch={dispatch.clone()} />
                </section>
                <section class="pane time" aria-label="Time">
                    <h2>{"Space-time"}</h2>
                    <SpaceTimeDiagram world={lab.world.clone()} snapshots={lab.snapshots.clone()} verdicts={lab.verdicts.clone()}
                        run={lab.run} focus={lab.focus} dispatch={dispatch.clone()} />
                    <Pseudocode rule={last_rule} />
                </section>
                <section class="pane results" aria-label="Snapshots">
                    <h2>{"Snapshots"}</h2>
                    <SnapshotPanels topology={lab.world.topology().clone()} snapshots={lab.snapshots.clone()} verdicts={lab.verdicts.clone()} />
                </section>
                <section class="pane log" aria-label="Event log section">
                    <h2>{"Event log"}</h2>
                    <EventLog world={lab.world.clone()} run={lab.run} />
                </section>
            </main>
            if lab.help_open { <Help on_close={on_help} /> }
        </div>
    }
}
