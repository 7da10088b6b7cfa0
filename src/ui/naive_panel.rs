//! The naive solution, live (issue 7): every process records its state when its
//! own clock reads T, with a skew per clock, and nobody records the channels. The panel draws
//! that cut on the space-time diagram (its orphans flagged there), lists what it recorded, its
//! orphans and the money in transit it missed, and sets it next to Chandy–Lamport's verdict on
//! the same run (`sim::naive`).

use crate::i18n::tr;
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::cut::Verdict;
use crate::sim::event::message_list;
use crate::sim::naive::{self, MAX_SKEW};
use crate::sim::{process_name, SnapshotId, World};
use crate::view::page::{Lab, LabAction};

#[derive(Properties, Clone)]
pub struct NaivePanelProps {
    pub world: Rc<World>,
    pub verdicts: Rc<Vec<(SnapshotId, Verdict)>>,
    pub dispatch: UseReducerDispatcher<Lab>,
    /// The settings the link opened with (`&naive=…`, `sim::naive::option_text`): the panel
    /// starts open with them.
    pub option: Option<Rc<str>>,
    /// Told the settings whenever they change (`None` when the panel closes), for the link.
    pub on_option: Callback<Option<String>>,
}

impl PartialEq for NaivePanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world) && Rc::ptr_eq(&self.verdicts, &other.verdicts)
    }
}

fn number(e: &InputEvent) -> Option<i64> {
    e.target_unchecked_into::<web_sys::HtmlInputElement>().value().trim().parse().ok()
}

#[function_component(NaivePanel)]
pub fn naive_panel(props: &NaivePanelProps) -> Html {
    let log = props.world.log();
    let n = log.topology.process_count();
    let from_link = use_memo((), |_| props.option.as_deref().map(|o| naive::parse_option(o, n)));
    let open = use_state(|| from_link.is_some());
    let time = use_state(|| from_link.as_ref().as_ref().and_then(|(t, _)| *t));
    let skew = use_state(|| from_link.as_ref().as_ref().map(|(_, s)| s.clone()).unwrap_or_default());
    let drew = use_mut_ref(|| false);
    let skews: Vec<i64> = (0..n).map(|p| skew.get(p).copied().unwrap_or(0)).collect();
    {
        // The settings go into the link, so that a shared link opens the same naive snapshot.
        let on_option = props.on_option.clone();
        use_effect_with((*open, *time, skews.clone()), move |(open, time, skew)| {
            on_option.emit(open.then(|| naive::option_text(*time, skew)));
        });
    }
    let unit = log.topology.unit;
    let t = time.unwrap_or((i64::from(props.world.actions_applied()) + 1) / 2);
    let result = if *open { naive::check(log, t, &skews).ok() } else { None };
    {
        // Draw the naive cut while the panel is open; take it away when it closes.
        let dispatch = props.dispatch.clone();
        let cut = result.as_ref().map(|r| r.report.cut.clone());
        use_effect_with(cut, move |cut| match cut {
            Some(c) => {
                *drew.borrow_mut() = true;
                dispatch.dispatch(LabAction::DrawCut(c.clone()));
            }
            None if std::mem::take(&mut *drew.borrow_mut()) => dispatch.dispatch(LabAction::ClearCut),
            None => {}
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let on_time = {
        let time = time.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = number(&e) {
                time.set(Some(v.clamp(-MAX_SKEW, MAX_SKEW)));
            }
        })
    };
    let skew_inputs = (0..n).map(|p| {
        let skew = skew.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(v) = number(&e) {
                let mut next = (*skew).clone();
                next.resize(next.len().max(p + 1), 0);
                next[p] = v.clamp(-MAX_SKEW, MAX_SKEW);
                skew.set(next);
            }
        });
        let name = crate::tf!("Clock skew of {0}", process_name(p));
        html! {
            <label>{crate::tf!("{0} skew ", process_name(p))}
                <input type="number" aria-label={name} min={(-MAX_SKEW).to_string()} max={MAX_SKEW.to_string()}
                    value={skews[p].to_string()} {oninput} />
            </label>
        }
    });
    let body = result.map(|r| {
        let states: Vec<String> =
            r.report.states.iter().enumerate().map(|(p, &s)| format!("{} {}", process_name(p), crate::i18n::say(&unit.words(s)))).collect();
        let missed: i64 = r.missed().iter().map(|m| m.amount()).sum();
        let total = r.report.expected_total;
        let verdict = if !r.report.is_consistent() {
            let orphans = message_list(&r.report.orphans);
            if r.report.orphans.len() == 1 {
                crate::tf!(
                    "Naive verdict: inconsistent: {0} is an orphan (received inside the cut, sent outside it); the states add up to {1}, the total is {2}.",
                    orphans,
                    r.recorded_total,
                    total
                )
            } else {
                crate::tf!(
                    "Naive verdict: inconsistent: {0} are orphans (each received inside the cut, sent outside it); the states add up to {1}, the total is {2}.",
                    orphans,
                    r.recorded_total,
                    total
                )
            }
        } else if missed != 0 {
            crate::tf!(
                "Naive verdict: consistent, but nobody records the channels: {0} in transit is missing, so the states add up to {1}, not {2}.",
                missed,
                r.recorded_total,
                total
            )
        } else {
            crate::tf!("Naive verdict: consistent, and nothing was in transit: {0}. Lucky clocks.", total)
        };
        let chandy_lamport = match props.verdicts.last() {
            Some((id, v)) if v.is_consistent() => {
                crate::tf!("Chandy–Lamport on the same run: S{0} is consistent ({1}).", id, v.report.expected_total)
            }
            Some((id, _)) => crate::tf!("Chandy–Lamport on the same run: S{0} is inconsistent (see its panel).", id),
            None => tr("Chandy–Lamport on the same run: start a snapshot and complete it to compare.").into(),
        };
        html! {
            <div class="naive-result" role="status">
                <p>{crate::tf!("Recorded at clock time {0}: {1}.", t, states.join(", "))}</p>
                <p>{crate::tf!("In transit, recorded by nobody: {0}.", message_list(r.missed()))}</p>
                <p class={classes!("verdict", if r.is_correct() { "ok" } else { "bad" })}>{verdict}</p>
                <p>{chandy_lamport}</p>
            </div>
        }
    });
    html! {
        <section class="naive" aria-label={tr("Naive snapshot")}>
            <h3>{tr("The naive solution: everyone records at clock time T")}</h3>
            <button type="button" aria-expanded={open.to_string()} onclick={toggle}>
                {if *open { tr("Hide the naive snapshot") } else { tr("Try the naive snapshot") }}
            </button>
            if *open {
                <p class="hint">{tr("Time is the timeline: action k happens at time k. A process whose clock is s ahead reads T at time T − s and records its state then. The cut is drawn on the space-time diagram.")}</p>
                <div class="naive-clocks">
                    <label>{tr("T ")}
                        <input type="number" aria-label={tr("Clock time T")} min={(-MAX_SKEW).to_string()} max={MAX_SKEW.to_string()}
                            value={t.to_string()} oninput={on_time} />
                    </label>
                    { for skew_inputs }
                </div>
                { for body }
            }
        </section>
    }
}
