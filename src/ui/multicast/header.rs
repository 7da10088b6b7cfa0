//! The multicast page's masthead: its title, the main navigation (Lab, Lesson, Exercises, and
//! Multicast, current), and the language.

use yew::prelude::*;

use super::super::browser;
use crate::i18n::{tr, Lang};
use crate::teach::route;

#[derive(Properties, PartialEq, Clone)]
pub struct MulticastHeaderProps {}

#[function_component(MulticastHeader)]
pub fn multicast_header(_props: &MulticastHeaderProps) -> Html {
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
            <select class="language" aria-label={tr("Language")} onchange={on_language}>
                { for Lang::ALL.into_iter().map(|l| html! {
                    <option value={l.code()} lang={l.code()} selected={l == language}>{l.name()}</option>
                }) }
            </select>
        </div>
    }
}
