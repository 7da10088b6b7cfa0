//! The multicast exercises: the region `Exercise` (`#v1.mc-ex.<kind>.<level>.<seed>`) with the
//! generated question, an answer box with the answer's format, Check, the feedback item by item
//! (`Right!` when right), Show the solution (written into the box), New exercise (the next seed) and the level; and the region
//! `Exercises` (`#v1.mc-exercises`): the three kinds at three levels. The snapshot exercises'
//! classes and wording.

use yew::prelude::*;

use super::{McAction, McPage};
use crate::i18n::{tr, translate};
use crate::teach::multicast_exercise::{Kind, LEVELS};
use crate::teach::route;
use crate::tf;
use crate::view::page::multicast::teach::McMode;

#[derive(Properties, PartialEq, Clone)]
pub struct McExercisePanelProps {
    pub page: McPage,
    pub dispatch: UseReducerDispatcher<McPage>,
}

/// How to write an answer of this kind.
fn format_hint(kind: Kind) -> &'static str {
    match kind {
        Kind::Stamp => tr("Answer format: one count per process, P1 first, e.g. [1,0,2]"),
        Kind::Deliverable => tr("Answer format: the messages, e.g. m1 m3; none if it delivers nothing"),
        Kind::Orders => tr("Answer format: the orders that hold, e.g. fifo causal; none if none holds"),
    }
}

#[function_component(McExercisePanel)]
pub fn mc_exercise_panel(props: &McExercisePanelProps) -> Html {
    let McMode::Exercise { exercise: e, answer, grade } = &props.page.mode else { return html! {} };
    let input = use_node_ref();
    let on_check = {
        let dispatch = props.dispatch.clone();
        let input = input.clone();
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let text = input.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            dispatch.dispatch(McAction::Check(text));
        })
    };
    let on_reveal = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(McAction::Reveal))
    };
    let open = |seed: u64, level: u8| {
        let dispatch = props.dispatch.clone();
        let kind = e.kind;
        Callback::from(move |_| {
            dispatch.dispatch(McAction::Open(route::multicast_exercise_fragment(kind, level, seed)))
        })
    };
    let feedback = grade.as_ref().map(|g| {
        html! {
            <div class={classes!("feedback", if g.correct { "right" } else { "wrong" })} role="status">
                <p><strong>{if g.correct { tr("Right!") } else { tr("Not yet.") }}</strong></p>
                <ul>{ for g.feedback.iter().map(|f| html! { <li>{f.text.clone()}</li> }) }</ul>
            </div>
        }
    });
    let hint_id = "mc-answer-format";
    html! {
        <section class="guide exercise" aria-label={tr("Exercise")}>
            <p class="guide-kicker">
                <a href={format!("#{}", route::MULTICAST_EXERCISES_FRAGMENT)}>{tr("All multicast exercises")}</a>
                {" "}{tf!("· level {0} of {1} · exercise {2}", e.level, LEVELS, e.seed)}
            </p>
            <h2>{translate(e.kind.title())}</h2>
            <p class="prompt">{e.prompt.clone()}</p>
            <form class="answer-form" onsubmit={on_check}>
                <div class="answer-fields" key={format!("{}.{}.{}", e.kind.id(), e.level, e.seed)}>
                    <label class="answer">{tr("Your answer")}{" "}
                        <input ref={input} type="text" autocomplete="off" spellcheck="false" value={answer.clone()}
                            aria-describedby={hint_id} />
                    </label>
                    <p class="hint" id={hint_id}>{format_hint(e.kind)}</p>
                </div>
                <div class="guide-nav">
                    <button type="submit" class="primary">{tr("Check")}</button>
                    <button type="button" onclick={on_reveal}>{tr("Show the solution")}</button>
                    <button type="button" onclick={open(e.seed + 1, e.level)}>{tr("New exercise")}</button>
                    if e.level < LEVELS {
                        <button type="button" onclick={open(e.seed, e.level + 1)}>{tr("Harder")}</button>
                    }
                    <a class="button" href={format!("#{}", props.page.lab.link)}>{tr("Open this run in the free lab")}</a>
                </div>
            </form>
            { for feedback }
        </section>
    }
}

/// The three kinds of multicast exercise at three levels.
#[function_component(McExerciseList)]
pub fn mc_exercise_list() -> Html {
    let rows = Kind::ALL.into_iter().map(|kind| {
        let cells = (1..=LEVELS).map(|level| {
            html! {
                <td>
                    <a href={format!("#{}", route::multicast_exercise_fragment(kind, level, 1))}
                        aria-label={tf!("{0}, level {1}", translate(kind.title()), level)}>{tf!("Level {0}", level)}</a>
                </td>
            }
        });
        html! { <tr><th scope="row">{translate(kind.title())}</th>{ for cells }</tr> }
    });
    html! {
        <section class="guide exercise-list" aria-label={tr("Exercises")}>
            <h2>{tr("Multicast exercises")}</h2>
            <p>{tr("Each exercise is made from a number, so a link gives everyone the same one. Each wrong answer is explained.")}</p>
            <table aria-label={tr("Multicast exercises")}>
                <thead><tr><th scope="col">{tr("Exercise")}</th>{ for (1..=LEVELS).map(|l| html! { <th scope="col">{tf!("Level {0}", l)}</th> }) }</tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}
