//! The guided lesson's panel above the lab: the step's title and text, the learner's task
//! and whether it is done, and Previous / Next (Next waits for the task). A step beyond the
//! notes' lesson is marked optional (in its kicker and in the step list) and offers "Skip
//! optional step", which goes to the next step that is not optional. A predict-then-see step
//! asks its question first (the paragraphs that tell the answer wait), and the learner's choice
//! plays the run to its end and says whether the prediction was right.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{tr, translate};
use crate::teach::lesson::{next_required, STEPS};
use crate::teach::route::Page;
use crate::view::page::{Lab, LabAction};

#[derive(Properties, Clone)]
pub struct LessonPanelProps {
    pub lab: Rc<Lab>,
    pub dispatch: UseReducerDispatcher<Lab>,
}

impl PartialEq for LessonPanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.lab == other.lab
    }
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let lab = &props.lab;
    let Some((index, step)) = lab.lesson_step() else { return html! {} };
    let done = lab.step_done();
    let go = |to: usize| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::Open(Page::Lesson { step: to, scenario: None })))
    };
    let on_pick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Ok(step) = value.parse::<usize>() {
                dispatch.dispatch(LabAction::Open(Page::Lesson { step, scenario: None }));
            }
        })
    };
    let last = index + 1 == STEPS.len();
    let task = step.task.as_ref().map(|t| {
        html! {
            <p class={classes!("task", done.then_some("done"))}>
                <strong>{if done { tr("Done:") } else { tr("Your turn:") }}{" "}</strong>{translate(t.instruction)}
            </p>
        }
    });
    // The notes' lost figures this step redraws: what each shows, and a link to its scene alone.
    // A predict-then-see step shows them once answered (they tell the answer).
    let answered = step.predict.is_none() || lab.prediction().is_some();
    let figures = crate::teach::figures::for_step(step.id).filter(|_| answered).map(|f| {
        html! {
            <section class="notes-figure" aria-label={f.label()}>
                <p class="figure-kicker">{crate::tf!("The notes' lost figure {0}, redrawn live: {1}", translate(f.name), translate(f.title))}</p>
                <p>{translate(f.alt)}</p>
                if let Some(scene) = f.scene() {
                    <a href={format!("#{scene}")}>{tr("Open this figure in the lab")}</a>
                }
            </section>
        }
    });
    let options = STEPS.iter().enumerate().map(|(i, s)| {
        let name = if s.optional {
            crate::tf!("{0}. {1} (optional)", i + 1, translate(s.title))
        } else {
            crate::tf!("{0}. {1}", i + 1, translate(s.title))
        };
        html! { <option value={i.to_string()} selected={i == index}>{name}</option> }
    });
    let skip = step.optional.then(|| next_required(index)).flatten();
    let prediction = lab.prediction();
    // Before the learner predicts, the paragraphs that tell the answer wait.
    let shown = match (&step.predict, prediction) {
        (Some(p), None) => p.shown.min(step.body.len()),
        _ => step.body.len(),
    };
    let predict = step.predict.as_ref().map(|p| {
        let dispatch = props.dispatch.clone();
        predict_view(p, prediction, move |i| dispatch.dispatch(LabAction::Predict(i)))
    });
    html! {
        <section class="guide lesson" aria-label={tr("Lesson")}>
            <p class="guide-kicker">{crate::tf!("Lesson, step {0} of {1}", index + 1, STEPS.len())}
                if step.optional {
                    <span class="optional">{tr(" · optional, beyond the notes")}</span>
                }
            </p>
            <h2>{translate(step.title)}</h2>
            { for step.body[..shown].iter().map(|p| html! { <p>{translate(p)}</p> }) }
            { for predict }
            { for task }
            { for figures }
            if !step.see.is_empty() {
                <nav class="see" aria-label={tr("See it happen")}>
                    <ul>{ for step.see.iter().map(|(label, link)| html! { <li><a href={format!("#{link}")}>{translate(label)}</a></li> }) }</ul>
                </nav>
            }
            <div class="guide-nav">
                <button type="button" disabled={index == 0} onclick={go(index.saturating_sub(1))}>{tr("Previous")}</button>
                <select aria-label={tr("Lesson step")} onchange={on_pick}>{ for options }</select>
                if let Some(to) = skip {
                    <button type="button" onclick={go(to)}>{tr("Skip optional step")}</button>
                }
                if last {
                    <a class="button" href={format!("#{}", crate::teach::route::EXERCISES_FRAGMENT)}>{tr("On to the exercises")}</a>
                } else {
                    <button type="button" class="primary" disabled={!done} onclick={go(index + 1)}
                        title={(!done).then(|| tr("Do the step's task first"))}>{tr("Next")}</button>
                }
            </div>
        </section>
    }
}

/// A step's question with its choices as buttons (the answer and why, once chosen): the same
/// in the snapshot lesson and the multicast lesson. `prediction`: the choice made and whether it
/// was right; `pick`: what choosing does.
pub fn predict_view(
    p: &crate::teach::lesson::Predict,
    prediction: Option<(usize, bool)>,
    pick: impl Fn(usize) + Clone + 'static,
) -> Html {
    let choices = p.choices.iter().enumerate().map(|(i, c)| {
        let pick = pick.clone();
        let chosen = prediction.is_some_and(|(k, _)| k == i);
        html! {
            <li><button type="button" aria-pressed={chosen.to_string()} disabled={prediction.is_some()}
                class={classes!(chosen.then_some("chosen"), (prediction.is_some() && i == p.answer).then_some("answer"))}
                onclick={Callback::from(move |_: MouseEvent| pick(i))}>{translate(c)}</button></li>
        }
    });
    html! {
        <section class="predict" role="group" aria-label={tr("Predict, then see")}>
            <p class="predict-question"><strong>{tr("Predict, then see:")}{" "}</strong>{translate(p.question)}</p>
            <ul class="predict-choices">{ for choices }</ul>
            if let Some((_, right)) = prediction {
                <p class={classes!("predict-verdict", if right { "ok" } else { "bad" })}>{p.feedback(right)}</p>
            }
        </section>
    }
}
