//! The timeline: a slider over the run's steps (scrubbing moves the cursor; `LabAction::Scrub`),
//! in the toolbar; and the speed of Run (`Speed`), in the toolbar's "More" menu, so that at a
//! phone's width it never sits beside the timeline looking like its label.

use yew::prelude::*;

use crate::i18n::tr;
use crate::view::page::{Lab, LabAction};

#[derive(Properties, PartialEq, Clone)]
pub struct TimelineProps {
    /// How many of the run's actions are applied.
    pub cursor: usize,
    /// How many actions the run has (Redo can bring back those after the cursor).
    pub total: usize,
    pub dispatch: UseReducerDispatcher<Lab>,
}

#[derive(Properties, PartialEq, Clone)]
pub struct SpeedProps {
    /// Milliseconds between steps while running.
    pub speed_ms: u32,
    pub dispatch: UseReducerDispatcher<Lab>,
}

/// Run's speed: a slider, labelled, in a box of its own.
#[function_component(Speed)]
pub fn speed(props: &SpeedProps) -> Html {
    let on_speed = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if let Ok(v) = value.parse::<u32>() {
                dispatch.dispatch(LabAction::SetSpeed(3050 - v));
            }
        })
    };
    html! {
        <label class="speed">{tr("Speed of Run")}
            <input id="speed" type="range" min="50" max="3000" value={(3050 - props.speed_ms).to_string()} oninput={on_speed} />
        </label>
    }
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let on_timeline = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if let Ok(v) = value.parse::<usize>() {
                dispatch.dispatch(LabAction::Scrub(v));
            }
        })
    };
    let (cursor, total) = (props.cursor, props.total);
    html! {
        <div class="timeline">
            <label for="timeline">{crate::tf!("Step {0} of {1}", cursor, total)}</label>
            <input id="timeline" type="range" aria-label={tr("Timeline")} min="0" max={total.to_string()}
                value={cursor.to_string()} oninput={on_timeline}
                aria-valuetext={crate::tf!("step {0} of {1}", cursor, total)} />
        </div>
    }
}
