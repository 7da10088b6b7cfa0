//! The multicast lesson's region `Lesson` (`#v1.mc-lesson.<id>`), in the snapshot lesson's
//! style and classes: the step's title and paragraphs (those that tell the answer wait for the
//! prediction), the predict-then-see question, the task and whether it is done, Previous and
//! Next (Next waits for the task), a step picker, and the way back to the free lab.

use yew::prelude::*;

use super::{McAction, McPage};
use crate::i18n::{tr, translate};
use crate::teach::multicast_lesson::STEPS;
use crate::teach::route;
use crate::tf;

#[derive(Properties, PartialEq, Clone)]
pub struct McLessonPanelProps {
    pub page: McPage,
    pub dispatch: UseReducerDispatcher<McPage>,
}

#[function_component(McLessonPanel)]
pub fn mc_lesson_panel(props: &McLessonPanelProps) -> Html {
    let page = &props.page;
    let Some((index, step)) = page.step() else { return html! {} };
    let done = page.step_done();
    let prediction = page.prediction();
    let go = |to: usize| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(McAction::Open(route::multicast_lesson_fragment(to))))
    };
    let on_pick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Ok(step) = value.parse::<usize>() {
                dispatch.dispatch(McAction::Open(route::multicast_lesson_fragment(step)));
            }
        })
    };
    let p = &step.predict;
    // Before the learner predicts, the paragraphs that tell the answer wait.
    let shown = if prediction.is_none() { p.shown.min(step.body.len()) } else { step.body.len() };
    let predict = {
        let dispatch = props.dispatch.clone();
        crate::ui::lesson_panel::predict_view(p, prediction, move |i| dispatch.dispatch(McAction::Predict(i)))
    };
    let options = STEPS.iter().enumerate().map(|(i, s)| {
        html! { <option value={i.to_string()} selected={i == index}>{tf!("{0}. {1}", i + 1, translate(s.title))}</option> }
    });
    let last = index + 1 == STEPS.len();
    let task_class = classes!("task", done.then_some("done"), prediction.is_none().then_some("waiting"));
    html! {
        <section class="guide lesson" aria-label={tr("Lesson")}>
            <p class="guide-kicker">{tf!("Multicast lesson, step {0} of {1}", index + 1, STEPS.len())}</p>
            <h2>{translate(step.title)}</h2>
            { for step.body[..shown].iter().map(|p| html! { <p>{translate(p)}</p> }) }
            { predict }
            <p class={task_class}>
                <strong>{if done { tr("Done:") } else { tr("Your turn:") }}{" "}</strong>{translate(step.task.instruction)}
                if prediction.is_none() {
                    {" "}<span class="hint">{tr("(answer the question first)")}</span>
                }
            </p>
            <div class="guide-nav">
                <button type="button" disabled={index == 0} onclick={go(index.saturating_sub(1))}>{tr("Previous")}</button>
                <select aria-label={tr("Lesson step")} onchange={on_pick}>{ for options }</select>
                if last {
                    <a class="button" href={format!("#{}", route::MULTICAST_EXERCISES_FRAGMENT)}>{tr("On to the exercises")}</a>
                } else {
                    <button type="button" class="primary" disabled={!done} onclick={go(index + 1)}
                        title={(!done).then(|| tr("Do the step's task first"))}>{tr("Next")}</button>
                }
            </div>
            <p class="mc-leave"><a href={format!("#{}", page.lab.link)}>{tr("Leave the lesson: this run in the free lab")}</a></p>
        </section>
    }
}
