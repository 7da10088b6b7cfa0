//! The multicast page's masthead: its title, the main navigation (Lab, Lesson, Exercises, and
//! Multicast, current), the multicast lab's own navigation (Free lab, Multicast lesson,
//! Multicast exercises), and the language.

use yew::prelude::*;

use super::super::browser;
use crate::i18n::{tr, Lang};
use crate::teach::route;
use crate::view::page::multicast::teach::McMode;

#[derive(Properties, PartialEq, Clone)]
pub struct MulticastHeaderProps {
    /// Which part of the multicast page is open (its own navigation marks it).
    pub mode: McMode,
}

#[function_component(MulticastHeader)]
pub fn multicast_header(props: &MulticastHeaderProps) -> Html {
    let current = |here: bool| here.then_some("page");
    let (free, lesson, exercises) = match props.mode {
        McMode::Free => (true, false, false),
        McMode::Lesson { .. } => (false, true, false),
        McMode::Exercise { .. } | McMode::Exercises => (false, false, true),
    };
    let language = browser::language();
    let on_language = Callback::from(|e: Event| {
        if let Some(lang) = e.target_dyn_into::<web_sys::HtmlSelectElement>().and_then(|s| Lang::parse(&s.value())) {
            browser::switch_language(lang);
        }
    });
    // An empty fragment opens the snapshot lab with the learner's saved run.
    html! {
        <div class="masthead">
            <h1>{tr("Snapshot Lab")}<small>{tr(" — multicast ordering and reliable multicast, by hand")}</small></h1>
            <nav class="modes" aria-label={tr("Modes")}>
                <a href="#">{tr("Lab")}</a>
                <a href={format!("#{}", route::lesson_fragment(0, None))}>{tr("Lesson")}</a>
                <a href={format!("#{}", route::EXERCISES_FRAGMENT)}>{tr("Exercises")}</a>
                <a href={format!("#{}", route::MULTICAST_FRAGMENT)} aria-current="page">{tr("Multicast")}</a>
            </nav>
            <nav class="modes mc-modes" aria-label={tr("Multicast lab")}>
                <a href={format!("#{}", route::MULTICAST_FRAGMENT)} aria-current={current(free)}>{tr("Free lab")}</a>
                <a href={format!("#{}", route::multicast_lesson_fragment(0))} aria-current={current(lesson)}>{tr("Multicast lesson")}</a>
                <a href={format!("#{}", route::MULTICAST_EXERCISES_FRAGMENT)} aria-current={current(exercises)}>{tr("Multicast exercises")}</a>
            </nav>
            <select class="language" aria-label={tr("Language")} onchange={on_language}>
                { for Lang::ALL.into_iter().map(|l| html! {
                    <option value={l.code()} lang={l.code()} selected={l == language}>{l.name()}</option>
                }) }
            </select>
        </div>
    }
}
