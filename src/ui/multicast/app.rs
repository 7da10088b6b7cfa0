//! The multicast lab's page: the header and controls, the notice, the narration, then the group
//! (processes, hold-back queues, copies in flight) with the selected process's actions and the
//! `Ordering` verdict, the space-time diagram and the event log. The URL fragment follows the
//! run (`history.replaceState`, in a task after the page's update, as the snapshot lab does);
//! a multicast link opened from the address bar loads; a broken one says what and where and
//! shows the default group. A lesson step or an exercise (`view::page::multicast::teach`) adds
//! its region beside the diagrams, and the fragment names the step or the exercise.

use yew::prelude::*;

use super::super::browser;
use super::controls::GroupControls;
use super::event_log::GroupEventLog;
use super::exercise::{McExerciseList, McExercisePanel};
use super::group_view::GroupView;
use super::header::MulticastHeader;
use super::lesson::McLessonPanel;
use super::spacetime::GroupSpacetime;
use super::verdict::OrderingVerdict;
use super::{McAction, McPage};
use crate::i18n::Lang;
use crate::teach::route;
use crate::view::page::multicast::teach::McMode;
use crate::view::page::multicast::GroupAction;

/// The page the fragment names; the bare `v1.multicast` restores the learner's saved run
/// (`McPage::start`), and a saved run that cannot be read is set aside.
fn initial() -> McPage {
    let saved = browser::load(browser::MULTICAST_KEY);
    let (page, unreadable) = McPage::start(&browser::fragment().unwrap_or_default(), saved.as_deref());
    if let (true, Some(saved)) = (unreadable, &saved) {
        browser::set_aside(browser::MULTICAST_KEY, saved);
    }
    page
}

#[function_component(MulticastApp)]
pub fn multicast_app() -> Html {
    let page = use_reducer(initial);
    let dispatch = page.dispatcher();
    let lab = page.lab.clone();
    // `window.snapshotLab` reads and loads this page's run.
    super::super::api::publish_multicast(std::rc::Rc::new((*page).clone()), dispatch.clone());

    // The language the learner chose (`&lang=ko`) stays in the link.
    let lang_option =
        use_state(|| browser::fragment().and_then(|f| route::option(&f, "lang").and_then(Lang::parse)).map(Lang::code));
    {
        let mut fragment = page.fragment();
        if let Some(lang) = &*lang_option {
            fragment.push_str("&lang=");
            fragment.push_str(lang);
        }
        let saved = page.saved_run().map(str::to_string);
        let dispatch = dispatch.clone();
        use_effect_with((fragment, saved), move |(fragment, saved)| {
            // Written after the page's update; a link opened in between (the address bar) wins.
            // The free lab's run is kept in the browser too, as the snapshot lab keeps its own.
            let (fragment, saved) = (fragment.clone(), saved.clone());
            let before = browser::fragment();
            let write = browser::Timeout::new(
                0,
                Box::new(move || {
                    if browser::fragment() == before {
                        browser::replace_fragment(&fragment);
                    }
                    if let Some(text) = saved.and_then(|link| browser::keep(browser::MULTICAST_KEY, &link)) {
                        dispatch.dispatch(McAction::Tell(text.to_string()));
                    }
                }),
            );
            move || drop(write)
        });
    }

    // A multicast link pasted into the address bar (or Back) loads; the root switches to the
    // snapshot lab for its links.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = browser::Listener::hash_changes(move || {
                let Some(fragment) = browser::fragment().filter(|f| route::is_multicast(f)) else { return };
                dispatch.dispatch(McAction::Open(fragment));
            });
            move || drop(listener)
        });
    }

    // Keyboard shortcuts: U undo, Y redo, N step (not while typing in a field).
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = browser::Listener::keys(move |e: web_sys::KeyboardEvent| {
                if browser::typing(&e) {
                    return;
                }
                let action = match (e.key().as_str(), e.ctrl_key(), e.shift_key()) {
                    ("z", true, false) | ("u", false, _) => Some(GroupAction::Undo),
                    ("Z", true, true) | ("y", true, _) | ("y", false, _) => Some(GroupAction::Redo),
                    ("n", false, _) | (".", false, _) => Some(GroupAction::Step),
                    _ => None,
                };
                if let Some(action) = action {
                    e.prevent_default();
                    dispatch.dispatch(McAction::Do(action));
                }
            });
            move || drop(listener)
        });
    }

    let on_dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(McAction::Dismiss))
    };
    let notice = lab.notice.as_ref().map(|n| crate::ui::app::notice_view(n, on_dismiss));
    // The lesson step, the exercise or the list: beside the diagrams on a wide screen, below
    // the group on a narrow one.
    let guide = match &page.mode {
        McMode::Free => None,
        McMode::Lesson { .. } => Some(html! { <McLessonPanel page={(*page).clone()} dispatch={dispatch.clone()} /> }),
        McMode::Exercise { .. } => {
            Some(html! { <McExercisePanel page={(*page).clone()} dispatch={dispatch.clone()} /> })
        }
        McMode::Exercises => Some(html! { <McExerciseList /> }),
    };
    html! {
        <div class="lab page-multicast">
            <header class="top">
                <MulticastHeader mode={page.mode.clone()} />
                <GroupControls page={(*page).clone()} dispatch={dispatch.clone()} />
            </header>
            { notice.unwrap_or_default() }
            <main class={classes!("mc-stage", guide.is_some().then_some("mc-guided"))}>
                <p class="narration" role="status" aria-live="polite">{lab.narration.clone()}</p>
                <div class="mc-top">
                    <GroupView lab={lab.clone()} dispatch={dispatch.clone()} />
                    <OrderingVerdict lab={lab.clone()} />
                </div>
                if let Some(guide) = guide {
                    <aside class="mc-guide">{guide}</aside>
                }
                <GroupSpacetime lab={lab.clone()} />
                <GroupEventLog lab={lab} />
            </main>
        </div>
    }
}
