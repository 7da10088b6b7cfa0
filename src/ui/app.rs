//! The lab page: toolbar (scenario picker, Undo, Redo, Step, Run, Reset, Copy link), the
//! timeline, the narration line, the process and channel diagram with the selected process's
//! actions, the space-time diagram, the snapshot panels, the pseudocode, the marker rules' state
//! machines and the event log.
//! It keeps the URL fragment (and localStorage) equal to the scenario after every change,
//! written in a task of its own just after the page's update.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::cut_panel::CutPanel;
use super::exercise_panel::{ExerciseList, ExercisePanel};
use super::lesson_panel::LessonPanel;
use super::mode::{open_link, Mode};
use super::pseudocode::{pseudocode, PseudocodeProps};
use super::rules_settings::RulesSettings;
use super::scenarios::{self, PRESETS};
use super::snapshot_panel::SnapshotPanels;
use super::spacetime_view::SpaceTimeDiagram;
use super::state::{Lab, LabAction};
use super::topology_view::TopologyDiagram;
use crate::i18n::{tr, Lang};
use crate::teach::progress::Progress;
use crate::teach::route;

/// The page to open: the link in the URL, else the saved scenario, else the default preset;
/// with the learner's saved progress.
fn initial_lab() -> Lab {
    let mut lab = Lab::new(scenarios::default_scenario(), scenarios::DEFAULT_PRESET.into(), None);
    if let Some(saved) = browser::load(browser::PROGRESS_KEY) {
        match Progress::parse(&saved) {
            Ok(progress) => lab.progress = Rc::new(progress),
            Err(_) => browser::set_aside(browser::PROGRESS_KEY, &saved),
        }
    }
    let action = if let Some(fragment) = browser::fragment() {
        // `&lab=<link>`: the learner's run in the lab comes along (the exercise list opens over
        // it, and its Lab link leads back to it).
        if let Some(scenario) = route::option(&fragment, "lab").and_then(|l| scenarios::decode_link(l).ok()) {
            let progress = lab.progress.clone();
            lab = Lab::new(scenario, String::new(), None);
            lab.progress = progress;
        }
        let mut opened = (*Rc::new(lab).reduce(open_link(&fragment))).clone();
        // `&open=cut`: open with a cut drawn.
        if route::option(&fragment, "open") == Some("cut") && opened.drawn.is_none() {
            opened.drawn = Some(Rc::new(crate::view::cut_text::starting_cut(opened.world.log())));
        }
        return opened;
    } else if let Some(saved) = browser::load(browser::SCENARIO_KEY) {
        match scenarios::decode_link(&saved) {
            Ok(scenario) => LabAction::Load { scenario, preset: String::new(), notice: None },
            Err(_) => {
                browser::set_aside(browser::SCENARIO_KEY, &saved);
                return lab;
            }
        }
    } else {
        return lab;
    };
    (*Rc::new(lab).reduce(action)).clone()
}

/// What the drawn cut's report depends on; the world compared by pointer.
struct DrawnKey(Rc<crate::sim::World>, Option<Rc<Vec<usize>>>, Mode);

impl PartialEq for DrawnKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && self.1 == other.1 && self.2 == other.2
    }
}

/// The naive snapshot's panel, with its settings in the link
/// (`&naive=…`): `option` holds them, as the link opened with them and as they change.
fn naive_panel(
    world: &Rc<crate::sim::World>,
    verdicts: &Rc<Vec<(crate::sim::SnapshotId, crate::sim::cut::Verdict)>>,
    dispatch: &yew::functional::UseReducerDispatcher<Lab>,
    option: &UseStateHandle<Option<Rc<str>>>,
) -> Html {
    let on_option = {
        let option = option.clone();
        Callback::from(move |text: Option<String>| {
            if option.as_deref() != text.as_deref() {
                option.set(text.map(Rc::from));
            }
        })
    };
    html! { <super::naive_panel::NaivePanel world={world.clone()} verdicts={verdicts.clone()} dispatch={dispatch.clone()}
    option={(**option).clone()} {on_option} /> }
}

#[function_component(App)]
pub fn app() -> Html {
    let lab = use_reducer(initial_lab);
    let dispatch = lab.dispatcher();

    // Keep the link (and, in the lab, the saved scenario) equal to the page after every change.
    // Embedded in another page (`&embed[=part]`): fixed for the page's life, kept in the URL.
    let embed = *use_state(|| browser::fragment().and_then(|f| route::embed(&f)));
    // Presentation mode (`&present`): large type, high contrast and thick lines for projectors,
    // all in CSS under `html.present`; kept in the URL like `&embed`, never in the scenario.
    let present = use_state(|| browser::fragment().is_some_and(|f| route::flag(&f, "present")));
    use_effect_with(*present, |&on| browser::set_root_class(if on { "present" } else { "" }));
    let naive_option = use_state(|| browser::fragment().and_then(|f| route::option(&f, "naive").map(Rc::<str>::from)));
    let lang_option =
        use_state(|| browser::fragment().and_then(|f| route::option(&f, "lang").and_then(Lang::parse)).map(Lang::code));
    {
        let mut fragment = lab.fragment(&lab.link);
        if let Some(part) = embed {
            fragment.push_str(if part.is_empty() { "&embed" } else { "&embed=" });
            fragment.push_str(part);
        }
        if *present {
            fragment.push_str("&present");
        }
        // The naive snapshot's settings, while its panel is open.
        if let Some(naive) = naive_option.as_deref() {
            fragment.push_str("&naive=");
            fragment.push_str(naive);
        }
        // The language the learner chose (`&lang=ko`), kept so that a shared link opens in it.
        if let Some(lang) = &*lang_option {
            fragment.push_str("&lang=");
            fragment.push_str(lang);
        }
        let in_lab = lab.mode == Mode::Lab;
        let dispatch = dispatch.clone();
        use_effect_with(fragment, move |fragment| {
            // The URL and the saved scenario are written in a task of their own, after the
            // page's update (which the browser then draws first): `history.replaceState` alone
            // takes milliseconds, more on a busy machine, and every action waited for it. A
            // newer change before the write cancels it and writes its own. A link opened in
            // between (the address bar, Back) wins: its URL stays, and `hash_changes` loads it.
            let fragment = fragment.clone();
            let before = browser::fragment();
            let write = browser::Timeout::new(
                0,
                Box::new(move || {
                    if browser::fragment() == before {
                        browser::replace_fragment(&fragment);
                    }
                    let link = route::route_part(&fragment);
                    if let Some(text) = in_lab.then(|| browser::keep(browser::SCENARIO_KEY, link)).flatten() {
                        dispatch.dispatch(LabAction::Tell(text));
                    }
                }),
            );
            move || drop(write)
        });
    }
    {
        let progress = lab.progress.clone();
        let dispatch = dispatch.clone();
        use_effect_with(progress, move |progress| {
            if let Some(text) = browser::keep(browser::PROGRESS_KEY, &progress.to_text()) {
                dispatch.dispatch(LabAction::Tell(text));
            }
        });
    }

    // Run: one step per tick while running; nothing is scheduled while idle.
    {
        let dispatch = dispatch.clone();
        use_effect_with((lab.running, lab.cursor, lab.speed_ms), move |&(running, _, speed)| {
            let timer = running
                .then(|| browser::Timeout::new(speed, Box::new(move || dispatch.dispatch(LabAction::RunTick))))
                .flatten();
            move || drop(timer)
        });
    }

    // Keyboard shortcuts for the whole page.
    {
        let dispatch = dispatch.clone();
        let running = lab.running;
        let help_open = lab.help_open;
        use_effect_with((running, help_open, *present), move |&(running, help_open, present)| {
            if help_open {
                browser::focus("help-close");
            }
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
                    // A presenter's clicker sends Page Down and Page Up.
                    ("PageDown", false, _) if present => Some(LabAction::Step),
                    ("PageUp", false, _) if present => Some(LabAction::Undo),
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
                if let Some(fragment) = browser::fragment() {
                    dispatch.dispatch(open_link(&fragment));
                }
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
                    tr("Link copied. Anyone who opens it sees exactly this run.").to_string()
                } else {
                    crate::tf!("The browser did not let the page copy. Copy this link: {0}", url)
                };
                dispatch.dispatch(LabAction::Say(said));
            });
        })
    };
    let open_export = use_state(|| browser::fragment().is_some_and(|f| route::option(&f, "open") == Some("export")));
    let on_dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::DismissNotice))
    };
    // <html lang>, read per render: one attribute read.
    let language = browser::language();
    let on_language = Callback::from(|e: Event| {
        if let Some(lang) = e.target_dyn_into::<web_sys::HtmlSelectElement>().and_then(|s| Lang::parse(&s.value())) {
            browser::switch_language(lang);
        }
    });
    let on_present = {
        let present = present.clone();
        Callback::from(move |_| present.set(!*present))
    };
    let on_help = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::ToggleHelp))
    };

    super::api::publish(lab.world.clone(), dispatch.clone());
    let total = lab.scenario.actions.len();
    let allow = lab.allow();
    // The drawn cut's report, checked once per change of the world, the cut or the mode (not on
    // every render: hovering an event re-renders the page).
    let drawn_report = {
        let lab = lab.clone();
        use_memo(DrawnKey(lab.world.clone(), lab.drawn.clone(), lab.mode.clone()), move |_| lab.drawn_report())
    };
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
    let lab_href = format!("#{}", lab.link);
    let lesson_href = format!(
        "#{}",
        route::lesson_fragment(
            lab.progress.lesson.as_deref().and_then(crate::teach::lesson::find).unwrap_or_default(),
            None,
        )
    );
    let current = |on: bool| on.then_some("page");
    let nav = html! {
        <nav class="modes" aria-label={tr("Modes")}>
            <a href={lab_href} aria-current={current(lab.mode == Mode::Lab)}>{tr("Lab")}</a>
            <a href={lesson_href} aria-current={current(matches!(lab.mode, Mode::Lesson { .. }))}>{tr("Lesson")}</a>
            <a href={format!("#{}", route::EXERCISES_FRAGMENT)}
                aria-current={current(matches!(lab.mode, Mode::Exercise(_) | Mode::Exercises))}>{tr("Exercises")}</a>
        </nav>
    };
    let guide = match &lab.mode {
        Mode::Lesson { .. } => {
            html! { <LessonPanel lab={Rc::new((*lab).clone())} dispatch={dispatch.clone()} /> }
        }
        Mode::Exercise(_) => {
            html! { <ExercisePanel lab={Rc::new((*lab).clone())} dispatch={dispatch.clone()} /> }
        }
        _ => html! {},
    };
    let preset_options = PRESETS.iter().map(|p| {
        html! { <option value={p.id} selected={lab.preset == p.id}>{crate::i18n::translate(p.title)}</option> }
    });
    let notice = lab.notice.as_ref().map(|n| {
        html! {
            <div class={classes!("notice", n.problem.then_some("problem"))} role={if n.problem { "alert" } else { "status" }}>
                <p>{n.text.clone()}</p>
                <button type="button" class="dismiss" onclick={on_dismiss}>{tr("Dismiss")}</button>
            </div>
        }
    });

    html! {
        <div class={classes!("lab", embed.map(|part| format!("embed embed-{}", if part.is_empty() { "all" } else { part })))}>
            <header class="top">
                <h1>{tr("Snapshot Lab")}<small>{tr(" — the Chandy–Lamport snapshot, by hand")}</small></h1>
                if embed.is_some() {
                    <a class="open-full" href={format!("#{}", lab.link)} target="_blank" rel="noopener">{tr("Open in Snapshot Lab")}</a>
                }
                { nav }
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
                    <button type="button" onclick={on_copy}>{tr("Copy link")}</button>
                    <super::export_panel::FileMenu link={lab.link.clone()} dispatch={dispatch.clone()}
                        open_export={*open_export} />
                    <button type="button" class="present-button" aria-pressed={present.to_string()} onclick={on_present}>{tr("Presentation mode")}</button>
                    <button type="button" class="help-button" aria-keyshortcuts="?" onclick={on_help.clone()}>{tr("Shortcuts (?)")}</button>
                    <select class="language" aria-label={tr("Language")} onchange={on_language}>
                        { for Lang::ALL.into_iter().map(|l| html! {
                            <option value={l.code()} lang={l.code()} selected={l == language}>{l.name()}</option>
                        }) }
                    </select>
                </div>
                <div class="timeline">
                    <label for="timeline">{crate::tf!("Timeline: step {0} of {1}", lab.cursor, total)}</label>
                    <input id="timeline" type="range" aria-label={tr("Timeline")} min="0" max={total.to_string()}
                        value={lab.cursor.to_string()} oninput={on_timeline}
                        aria-valuetext={crate::tf!("step {0} of {1}", lab.cursor, total)} />
                    <label for="speed">{tr("Speed")}</label>
                    <input id="speed" type="range" min="50" max="3000" value={(3050 - lab.speed_ms).to_string()} oninput={on_speed} />
                </div>
                <RulesSettings discipline={lab.scenario.topology.discipline} algorithm={lab.scenario.topology.algorithm}
                    disabled={lab.mode != Mode::Lab} dispatch={dispatch.clone()} />
            </header>
            // One node with or without a notice (`for` would shift the header and remount its parts).
            { notice.unwrap_or_default() }
            <p class="narration" role="status" aria-live="polite">{lab.narration.clone()}</p>
            if lab.mode == Mode::Exercises {
                <main class="exercises-page"><ExerciseList progress={lab.progress.clone()} /></main>
            } else {
            { guide }
            <main class="panes">
                <section class="pane system" aria-label={tr("System")}>
                    <h2>{tr("Processes and channels")}</h2>
                    <p class="hint">{tr("Drag a process onto another to send a message. Click or drag a message at the head of its channel to deliver it.")}</p>
                    <TopologyDiagram world={lab.world.clone()} snapshots={lab.snapshots.clone()} selected={lab.selected}
                        amount={lab.amount} focus={lab.focus} dispatch={dispatch.clone()} />
                    { super::process_actions::process_actions(&super::process_actions::ProcessActionsProps { world: lab.world.clone(), selected: lab.selected, amount: lab.amount, dispatch: dispatch.clone() }) }
                </section>
                <section class="pane time" aria-label={tr("Time")}>
                    <h2>{tr("Space-time")}</h2>
                    <SpaceTimeDiagram world={lab.world.clone()} snapshots={snapshots.clone()} verdicts={verdicts.clone()}
                        run={lab.run} focus={lab.focus} drawn={lab.drawn.clone()} drawn_report={(*drawn_report).clone()}
                        editable={lab.cut_editable()} dispatch={dispatch.clone()} />
                    if lab.cut_editable() {
                        <CutPanel world={lab.world.clone()} drawn={lab.drawn.clone()} report={(*drawn_report).clone()}
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
                        if lab.mode == Mode::Lab { { naive_panel(&lab.world, &verdicts, &dispatch, &naive_option) } }
                    } else {
                        <p class="hint">{tr("Hidden until you answer: the snapshot's cut would give the answer away.")}</p>
                    }
                </section>
                <section class="pane log" aria-label={tr("Event log section")}>
                    <h2>{tr("Event log")}</h2>
                    { super::event_log::event_log(&super::event_log::EventLogProps { world: lab.world.clone(), run: lab.run }) }
                </section>
            </main>
            }
            if lab.help_open { { super::help::help(&super::help::HelpProps { on_close: on_help }) } }
        </div>
    }
}
