//! Draw your own cut: under the space-time diagram, one slider per process line
//! says how many of its events are inside the cut (the diagram's handles drag the same cut), the
//! checker's verdict, the messages in transit and the conservation sum (`view::cut_text`), a
//! lesson step's example cuts, and each complete snapshot's cut to compare with; a consistent
//! cut's reordered run, played beside the real run (`reordered_run.rs`).

use crate::i18n::tr;
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::cut::CutReport;
use crate::sim::snapshot::Snapshot;
use crate::sim::{process_name, World};
use crate::teach::lesson::Example;
use crate::view::cut_text::{describe, starting_cut};
use crate::view::page::{Lab, LabAction};

#[derive(Properties, Clone)]
pub struct CutPanelProps {
    pub world: Rc<World>,
    pub drawn: Option<Rc<Vec<usize>>>,
    pub report: Option<Rc<CutReport>>,
    pub snapshots: Rc<Vec<Snapshot>>,
    /// A lesson step's example cuts.
    pub examples: &'static [Example],
    pub dispatch: UseReducerDispatcher<Lab>,
}

impl PartialEq for CutPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && self.drawn == other.drawn
            && self.report == other.report
            && Rc::ptr_eq(&self.snapshots, &other.snapshots)
            && self.examples == other.examples
    }
}

#[function_component(CutPanel)]
pub fn cut_panel(props: &CutPanelProps) -> Html {
    let log = props.world.log();
    // "Play a run through this cut": open while the learner keeps it open.
    let playing = use_state(|| false);
    let draw = |cut: Vec<usize>| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(LabAction::DrawCut(cut.clone())))
    };
    let Some(drawn) = props.drawn.as_ref() else {
        return html! {
            <section class="cut-panel" aria-label={tr("Drawn cut")}>
                <button type="button" onclick={draw(starting_cut(log))}>{tr("Draw a cut")}</button>
                <span class="hint">{tr(" Drag it along the process lines; the checker says if it is consistent.")}</span>
            </section>
        };
    };
    let counts = log.event_counts();
    let sliders = counts.iter().enumerate().map(|(p, &events)| {
        let at = drawn.get(p).copied().unwrap_or_default().min(events);
        let dispatch = props.dispatch.clone();
        let cut = drawn.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            if let (Ok(v), Some(mut cut)) = (value.parse::<usize>(), Some((*cut).clone())) {
                if let Some(slot) = cut.get_mut(p) {
                    *slot = v;
                    dispatch.dispatch(LabAction::DrawCut(cut));
                }
            }
        });
        let name = process_name(p);
        html! {
            <label class="cut-slider">
                <span>{name.clone()}</span>
                <input type="range" min="0" max={events.to_string()} value={at.to_string()} {oninput}
                    aria-label={crate::tf!("{0}: events inside the cut", name)}
                    aria-valuetext={crate::tf!("{0} of {1} events inside", at, events)} />
                <span class="cut-count" aria-hidden="true">{format!("{at}/{events}")}</span>
            </label>
        }
    });
    let examples = props.examples.iter().map(|e| {
        let pressed = e.cut == drawn.as_slice();
        html! {
            <button type="button" aria-pressed={pressed.to_string()} onclick={draw(e.cut.to_vec())}>{crate::i18n::translate(e.name)}</button>
        }
    });
    let complete: Vec<(u32, Vec<usize>)> =
        props.snapshots.iter().filter(|s| s.complete).filter_map(|s| Some((s.id, s.cut()?))).collect();
    let same_as: Vec<String> =
        complete.iter().filter(|(_, c)| c == drawn.as_ref()).map(|(id, _)| format!("S{id}")).collect();
    let snapshot_cuts = complete
        .into_iter()
        .map(|(id, c)| html! { <button type="button" onclick={draw(c)}>{crate::tf!("Use S{0}'s cut", id)}</button> });
    let on_clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::ClearCut))
    };
    let text = props.report.as_ref().map(|r| describe(r, props.world.topology()));
    // Every consistent cut of a run without faults is a state some run passes through.
    let playable = props.report.as_ref().is_some_and(|r| r.is_consistent()) && !crate::sim::faults::has_faults(log);
    let on_play = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    // The drawn cut's reordered run, played beside the real run.
    let played =
        (*playing && playable).then(|| crate::view::reordered::Comparison::for_cut(log, drawn)).flatten().map(|c| {
            let playing = playing.clone();
            let on_close = Callback::from(move |_: MouseEvent| {
                playing.set(false);
                super::browser::focus("compare-cut");
            });
            html! {
                <super::reordered_run::ReorderedRun key="cut" comparison={Rc::new(c)} world={props.world.clone()}
                    unit={props.world.topology().unit} {on_close} />
            }
        });
    html! {
        <section class="cut-panel" aria-label={tr("Drawn cut")}>
            <h3>{tr("Your cut")}</h3>
            if !props.examples.is_empty() {
                <div class="cut-examples" role="group" aria-label={tr("Example cuts")}>{ for examples }</div>
            }
            <fieldset class="cut-sliders">
                <legend>{tr("Events inside the cut, per process")}</legend>
                { for sliders }
            </fieldset>
            if let Some(t) = text {
                <div class="cut-report" role="status">
                    <p class={classes!("cut-verdict", if props.report.as_ref().is_some_and(|r| r.is_consistent()) { "ok" } else { "bad" })}>{t.verdict}</p>
                    <p>{t.in_transit}</p>
                    <p>{t.total}</p>
                    if !same_as.is_empty() {
                        <p>{crate::tf!("This is the cut {0} recorded.", same_as.join(tr(" and ")))}</p>
                    }
                </div>
            }
            <div class="cut-actions">
                if playable {
                    <button type="button" class="compare" id="compare-cut" aria-expanded={(*playing).to_string()} onclick={on_play}>
                        {tr("Play a run through this cut")}
                    </button>
                }
                { for snapshot_cuts }
                <button type="button" onclick={on_clear}>{tr("Remove the cut")}</button>
            </div>
            { for played }
        </section>
    }
}
