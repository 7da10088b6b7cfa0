//! The page's header: the title, (when embedded) the link to the full page, the modes'
//! navigation (Lab, Lesson, Exercises, and Multicast: the second lab), the language, and (on a page with a run, not on the
//! exercises index) the toolbar: one compact bar with the timeline and a "More" menu.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::toolbar::Toolbar;
use crate::i18n::{tr, Lang};
use crate::teach::route;
use crate::view::page::{Lab, Mode};

#[derive(Properties, PartialEq, Clone)]
pub struct HeaderProps {
    pub lab: Rc<Lab>,
    pub dispatch: UseReducerDispatcher<Lab>,
    /// Embedded in another page (`&embed[=part]`): the part shown (`""`: all of it).
    pub embed: Option<&'static str>,
    /// Presentation mode is on (`&present`).
    pub present: bool,
    /// Open the Export dialog at once (`&open=export`).
    pub open_export: bool,
    /// Presentation mode on or off.
    pub on_present: Callback<MouseEvent>,
    /// The shortcuts dialog open or closed.
    pub on_help: Callback<MouseEvent>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lab = &props.lab;
    let dispatch = &props.dispatch;
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
            <a href={format!("#{}", route::MULTICAST_FRAGMENT)}>{tr("Multicast")}</a>
        </nav>
    };
    // <html lang>, read per render: one attribute read.
    let language = browser::language();
    let on_language = Callback::from(|e: Event| {
        if let Some(lang) = e.target_dyn_into::<web_sys::HtmlSelectElement>().and_then(|s| Lang::parse(&s.value())) {
            browser::switch_language(lang);
        }
    });
    html! {
        <header class="top">
            <div class="masthead">
                <h1>{tr("Snapshot Lab")}<small>{tr(" — the Chandy–Lamport snapshot, by hand")}</small></h1>
                if props.embed.is_some() {
                    <a class="open-full" href={format!("#{}", lab.link)} target="_blank" rel="noopener">{tr("Open in Snapshot Lab")}</a>
                }
                { nav }
                <select class="language" aria-label={tr("Language")} onchange={on_language}>
                    { for Lang::ALL.into_iter().map(|l| html! {
                        <option value={l.code()} lang={l.code()} selected={l == language}>{l.name()}</option>
                    }) }
                </select>
            </div>
            // The exercises index has no run: none of the lab's controls.
            if lab.mode != Mode::Exercises {
                <Toolbar lab={lab.clone()} dispatch={dispatch.clone()} present={props.present} open_export={props.open_export}
                    on_present={props.on_present.clone()} on_help={props.on_help.clone()} />
            }
        </header>
    }
}
