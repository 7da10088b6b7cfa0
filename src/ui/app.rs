//! The lab page: the header (`header`: the modes, the toolbar with the timeline), the notice,
//! then the stage: the narration line and the panes (`panes`: both diagrams, then the panels as
//! tabs), with the lesson or exercise panel in a column beside them; or the list of exercises
//! (no run, so no narration and no run controls). It holds the page's state (one `Lab` reducer) and what lives as long as the page:
//! it keeps the URL fragment (and localStorage) equal to the scenario after every change, written
//! in a task of its own just after the page's update; the progress and, while editing, the
//! scenario editor's draft saved; Run's timer; the
//! keyboard shortcuts; links opened from the address bar.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::exercise_panel::{ExerciseList, ExercisePanel};
use super::header::Header;
use super::lesson_panel::LessonPanel;
use super::panes::Panes;
use crate::i18n::{tr, Lang};
use crate::teach::progress::Progress;
use crate::teach::route;
use crate::view::page::editor::DRAFT_KEY;
use crate::view::page::scenarios;
use crate::view::page::{open_link, Lab, LabAction, Mode};

/// The page to open: the link in the URL, else the saved scenario, else the default preset;
/// with the learner's saved progress.
fn initial_lab() -> Lab {
    let mut lab = Lab::new(scenarios::default_scenario(browser::random_seed()), scenarios::DEFAULT_PRESET.into(), None);
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
        let mut opened = (*Rc::new(lab).update(open_link(&fragment, browser::random_seed()))).clone();
        // `&open=cut`: open with a cut drawn.
        if route::option(&fragment, "open") == Some("cut") && opened.drawn.is_none() {
            opened.drawn = Some(Rc::new(crate::view::cut_text::starting_cut(opened.world.log())));
        }
        // `&edit`: reloaded while editing; the kept draft comes back (one that cannot be read is
        // named, and set aside).
        if route::flag(&fragment, "edit") && route::embed(&fragment).is_none() {
            let saved = browser::load(DRAFT_KEY);
            let resumed = opened.resume_editing(saved.as_deref());
            if let Some(text) = saved.filter(|_| resumed.notice != opened.notice) {
                browser::set_aside(DRAFT_KEY, &text);
            }
            opened = resumed;
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
    (*Rc::new(lab).update(action)).clone()
}

/// What the drawn cut's report depends on; the world compared by pointer.
struct DrawnKey(Rc<crate::sim::World>, Option<Rc<Vec<usize>>>, Mode);

impl PartialEq for DrawnKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && self.1 == other.1 && self.2 == other.2
    }
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
            // frame that draws the page's update: `history.replaceState` alone takes
            // milliseconds, more on a busy machine, and a timeout queued at once ran before that
            // paint, so every action waited for it. A newer change before the write cancels it
            // and writes its own. A link opened in between (the address bar, Back) wins: its URL
            // stays, and `hash_changes` loads it.
            let fragment = fragment.clone();
            let before = browser::fragment();
            let write = browser::AfterPaint::new(Box::new(move || {
                if browser::fragment() == before {
                    browser::replace_fragment(&fragment);
                }
                let link = route::route_part(&fragment);
                if let Some(text) = in_lab.then(|| browser::keep(browser::SCENARIO_KEY, link)).flatten() {
                    dispatch.dispatch(LabAction::Tell(text));
                }
            }));
            move || drop(write)
        });
    }
    // While editing, the draft is kept, so that a reload (the link says `&edit`) brings it back.
    {
        let kept = (lab.editing().map(|e| e.draft.clone()), lab.link.clone());
        let dispatch = dispatch.clone();
        use_effect_with(kept, move |(draft, base)| match draft {
            Some(draft) => {
                if let Some(text) = browser::keep(DRAFT_KEY, &draft.saved(base)) {
                    dispatch.dispatch(LabAction::Tell(text));
                }
            }
            None => browser::forget(DRAFT_KEY),
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
                if browser::typing(&e) {
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
                    // A presenter's clicker sends Page Down and Page Up: it walks a prepared
                    // run's timeline like Redo and Undo, and steps on past its end.
                    ("PageDown", false, _) if present => Some(LabAction::Forward),
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
                // The multicast lab's links are the root's to switch to (`root.rs`).
                if let Some(fragment) = browser::fragment().filter(|f| !route::is_multicast(f)) {
                    dispatch.dispatch(open_link(&fragment, browser::random_seed()));
                }
            });
            move || drop(listener)
        });
    }

    let open_export = use_state(|| browser::fragment().is_some_and(|f| route::option(&f, "open") == Some("export")));
    let on_dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::DismissNotice))
    };
    let on_present = {
        let present = present.clone();
        Callback::from(move |_| present.set(!*present))
    };
    let on_help = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::ToggleHelp))
    };

    // The naive snapshot's settings, kept in the link (`&naive=…`) as its panel changes them.
    let on_naive_option = {
        let option = naive_option.clone();
        Callback::from(move |text: Option<String>| {
            if option.as_deref() != text.as_deref() {
                option.set(text.map(Rc::from));
            }
        })
    };

    let shared = Rc::new((*lab).clone());
    super::api::publish(shared.clone(), dispatch.clone());
    // The drawn cut's report, checked once per change of the world, the cut or the mode (not on
    // every render: hovering an event re-renders the page).
    let drawn_report = {
        let lab = lab.clone();
        use_memo(DrawnKey(lab.world.clone(), lab.drawn.clone(), lab.mode.clone()), move |_| lab.drawn_report())
    };
    let guide = match &lab.mode {
        Mode::Lesson { .. } => {
            html! { <LessonPanel lab={shared.clone()} dispatch={dispatch.clone()} /> }
        }
        Mode::Exercise(_) => {
            html! { <ExercisePanel lab={shared.clone()} dispatch={dispatch.clone()} /> }
        }
        _ => html! {},
    };
    let notice = lab.notice.as_ref().map(|n| notice_view(n, on_dismiss));

    let page = match &lab.mode {
        Mode::Lab => "page-lab",
        Mode::Lesson { .. } => "page-lesson",
        Mode::Exercise(_) => "page-exercise",
        Mode::Exercises => "page-exercises",
    };
    let guided = matches!(lab.mode, Mode::Lesson { .. } | Mode::Exercise(_));
    html! {
        <div class={classes!("lab", page, guided.then_some("guided"), embed.map(|part| format!("embed embed-{}", if part.is_empty() { "all" } else { part })))}>
            <Header lab={shared.clone()} dispatch={dispatch.clone()} {embed} present={*present} open_export={*open_export}
                {on_present} on_help={on_help.clone()} />
            // One node with or without a notice (`for` would shift the header and remount its parts).
            { notice.unwrap_or_default() }
            if lab.mode == Mode::Exercises {
                <main class="exercises-page"><ExerciseList progress={lab.progress.clone()} /></main>
            } else {
                <div class="stage">
                    <div class="work">
                        <p class="narration" role="status" aria-live="polite">{lab.narration.clone()}</p>
                        <Panes lab={shared} dispatch={dispatch.clone()} drawn_report={(*drawn_report).clone()}
                            naive_option={(*naive_option).clone()} {on_naive_option} />
                    </div>
                    if guided {
                        <aside class="guide-column">{ guide }</aside>
                    }
                </div>
            }
            if lab.help_open { { super::help::help(&super::help::HelpProps { on_close: on_help }) } }
        </div>
    }
}

/// The page's notice (role `alert` for a problem, else `status`) with its Dismiss button; the
/// multicast lab shows its notices the same way.
pub fn notice_view(n: &crate::view::page::state::Notice, on_dismiss: Callback<MouseEvent>) -> Html {
    html! {
        <div class={classes!("notice", n.problem.then_some("problem"))} role={if n.problem { "alert" } else { "status" }}>
            <p>{n.text.clone()}</p>
            <button type="button" class="dismiss" onclick={on_dismiss}>{tr("Dismiss")}</button>
        </div>
    }
}
