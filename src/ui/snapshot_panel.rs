//! One region per snapshot: the recorded process states, the recorded channel states (or
//! what is recorded so far), the conservation sum against the true total, and the verdict;
//! when the run has faults (or non-FIFO channels), who waits forever and which assumption broke.

use crate::i18n::{say, tr};
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::cut::Verdict;
use crate::sim::event::message_list;
use crate::sim::faults;
use crate::sim::snapshot::{ChannelState, Snapshot};
use crate::sim::{process_name, Discipline, SnapshotId, Topology, Unit, World};
use crate::view::palette::snapshot_colour_index;

#[derive(Properties, Clone)]
pub struct SnapshotPanelsProps {
    /// The run, for what its faults did to each snapshot.
    pub world: Rc<World>,
    pub topology: Topology,
    pub snapshots: Rc<Vec<Snapshot>>,
    pub verdicts: Rc<Vec<(SnapshotId, Verdict)>>,
}

impl PartialEq for SnapshotPanelsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.snapshots, &other.snapshots)
    }
}

#[derive(Properties, PartialEq, Clone)]
struct SnapshotPanelProps {
    unit: Unit,
    /// How many channels the topology has (one marker per channel).
    channels: usize,
    /// Seed 000's what-if rule is on: no marker back to the first marker's sender.
    #[prop_or_default]
    skip_sender: bool,
    snapshot: Snapshot,
    verdict: Option<Verdict>,
    /// True when the snapshot can never complete.
    stuck: bool,
    /// Why it can never complete, then which assumption each fault broke and what it did to
    /// this snapshot, one sentence each.
    findings: Vec<String>,
    /// For a complete, consistent snapshot: the link of a run that passes through
    /// its recorded state (`reach::as_scenario`), with the step where it does and the steps.
    reached: Option<(String, usize, usize)>,
    /// When processes wait: what each was waiting for when it recorded, and, once
    /// complete, the deadlock detection's verdict (`sim::deadlock`) and whether it found one.
    #[prop_or_default]
    deadlock: Option<(String, Option<(String, bool)>)>,
    /// With `reached`: whether its reordered run is played beside the real run,
    /// and the button's action that shows or hides it.
    #[prop_or_default]
    compare: Option<(bool, Callback<MouseEvent>)>,
}

/// The recorded waits and the deadlock verdict of a snapshot of a run in which processes wait
/// (nothing otherwise); the verdict once the snapshot is complete.
fn deadlock_lines(log: &crate::sim::Log, s: &Snapshot) -> Option<(String, Option<(String, bool)>)> {
    use crate::sim::deadlock;
    if !deadlock::has_waits(log) {
        return None;
    }
    let waits = deadlock::recorded_waits_line(&deadlock::recorded_waits(log, s));
    let verdict =
        s.complete.then(|| deadlock::detect(log, s)).map(|v| (say(&deadlock::verdict_line(&v)), v.is_deadlock()));
    Some((say(&waits), verdict))
}

/// The button that plays the reordered run beside the real run.
fn compare_button(props: &SnapshotPanelProps) -> Html {
    let Some((open, onclick)) = props.compare.clone() else { return Html::default() };
    super::reordered_run::compare_button(props.snapshot.id, open, onclick)
}

/// One snapshot's region; redrawn only when that snapshot changed (a complete one never does).
#[function_component(SnapshotPanel)]
fn snapshot_panel(props: &SnapshotPanelProps) -> Html {
    let (s, unit) = (&props.snapshot, props.unit);
    let initiators: Vec<String> = s.initiators.iter().map(|&p| process_name(p)).collect();
    let states = s.states.iter().enumerate().map(|(p, v)| {
        html! {
            <li>{format!("{}: {}", process_name(p), v.map_or(tr("not recorded yet").to_string(), |v| say(&unit.words(v))))}</li>
        }
    });
    let channels = s.channels.iter().map(|(c, state)| {
        let text = match state {
            ChannelState::NotRecorded => tr("not recording yet").to_string(),
            ChannelState::Recording(m) => crate::tf!("recording: {0} so far", message_list(m)),
            ChannelState::Recorded(m) => say(&message_list(m)),
        };
        html! { <li>{format!("{c}: {text}")}</li> }
    });
    let verdict = match &props.verdict {
        Some(v) if v.is_consistent() && v.conserves() => html! {
            <p class="verdict ok">{crate::tf!(
                "Verdict: consistent. Recorded states plus channels add up to {0}, the total at the cut; no orphan message.",
                v.report.expected_total
            )}</p>
        },
        // Safety holds; the application's invariant is what broke (a lost or copied message).
        Some(v) if v.is_consistent() => html! {
            <div class="verdict ok">
                <p>{tr("Verdict: consistent. No orphan message, and every recorded state and channel is the state at the cut: the snapshot is true.")}</p>
                <p class="invariant">{crate::tf!(
                    "It shows the application broke its own invariant: the recorded total is {0}, not the {1} it started with. The money was lost or copied in the run, not by the snapshot.",
                    s.recorded_total().unwrap_or(0),
                    v.report.expected_total
                )}</p>
            </div>
        },
        Some(v) => html! {
            <div class="verdict bad">
                <p>{tr("Verdict: inconsistent.")}</p>
                <ul>{ for v.findings.iter().map(|f| html! { <li>{say(f)}</li> }) }</ul>
            </div>
        },
        None if props.stuck => {
            html! { <p class="verdict stuck">{crate::tf!("Verdict: none. S{0} can never complete:", s.id)}</p> }
        }
        None => {
            let done = s.states.iter().filter(|v| v.is_some()).count();
            html! { <p class="verdict pending">{crate::tf!("In progress: {0} of {1} processes have recorded their state.", done, s.states.len())}</p> }
        }
    };
    // The recorded waits and the deadlock verdict, after the verdict.
    let verdict = match &props.deadlock {
        None => verdict,
        Some((waits, found)) => html! {<>
            {verdict}
            <p class="recorded-waits">{waits.clone()}</p>
            if let Some((line, deadlocked)) = found {
                <p class={classes!("deadlock-verdict", deadlocked.then_some("deadlocked"))}>{line.clone()}</p>
            }
        </>},
    };
    html! {
        <section class={format!("snapshot snapshot-c{}", snapshot_colour_index(s.id) + 1)} role="region"
            aria-label={crate::tf!("Snapshot S{0}", s.id)}>
            <h3>{crate::tf!("Snapshot S{0}", s.id)}<small>{crate::tf!(" started by {0}", initiators.join(", "))}</small></h3>
            <div class="snapshot-columns">
                <div><h4>{tr("Process states")}</h4><ul>{ for states }</ul></div>
                <div><h4>{tr("Channel states")}</h4><ul>{ for channels }</ul></div>
            </div>
            // The markers counted (the lesson's n(n − 1) step) and the cut as a vector clock.
            <p class="markers">{if props.skip_sender {
                    crate::tf!("Markers sent: {0} for {1} channels: under seed 000's rule none goes back to a first marker's sender.", s.markers_sent, props.channels)
                } else {
                    crate::tf!("Markers sent: {0} of {1}, one per channel.", s.markers_sent, props.channels)
                }}
                if let Some(cut) = s.cut() {
                    {crate::tf!(" Its cut as a vector clock: {0}.", crate::sim::causality::frontier(&cut))}
                }
            </p>
            {verdict}
            if let Some((link, at, total)) = &props.reached {
                <p class="reached">
                    {crate::tf!("Nobody saw this global state, but the system could have passed through it: the same application events in another order pass through it at step {0} of {1} (without markers; messages numbered in their new send order). ", at, total)}
                    <a href={format!("#{link}")} target="_blank" rel="noopener">{crate::i18n::tr("Open that run (new tab): it never happened, but it could have")}</a>
                    { compare_button(props) }
                </p>
            }
            if !props.findings.is_empty() {
                <ul class="assumptions">{ for props.findings.iter().map(|f| html! { <li>{f.clone()}</li> }) }</ul>
            }
        </section>
    }
}

/// The snapshots' panels: a snapshot's reordered run can be played beside the real run, one
/// snapshot at a time.
#[function_component(SnapshotPanels)]
pub fn snapshot_panels_component(props: &SnapshotPanelsProps) -> Html {
    let comparing = use_state(|| None::<SnapshotId>);
    snapshot_panels(props, &comparing)
}

/// The region that plays `id`'s reordered run beside the real run, when it is open and `id` is
/// complete and consistent.
fn comparison(props: &SnapshotPanelsProps, comparing: &UseStateHandle<Option<SnapshotId>>) -> Html {
    use crate::view::reordered::Comparison;
    let Some(id) = **comparing else { return Html::default() };
    let log = props.world.log();
    let Some(s) = props.snapshots.iter().find(|s| s.id == id) else { return Html::default() };
    let Some(c) = Comparison::new(log, s) else { return Html::default() };
    let on_close = {
        let comparing = comparing.clone();
        Callback::from(move |_: MouseEvent| {
            comparing.set(None);
            super::browser::focus(&format!("compare-s{id}"));
        })
    };
    html! {
        <super::reordered_run::ReorderedRun key={id} comparison={Rc::new(c)} world={props.world.clone()}
            unit={props.topology.unit} {on_close} />
    }
}

/// Every snapshot's region, newest first, and the reordered run of the one being compared.
fn snapshot_panels(props: &SnapshotPanelsProps, comparing: &UseStateHandle<Option<SnapshotId>>) -> Html {
    if props.snapshots.is_empty() {
        return html! {
            <p class="hint">{tr("No snapshot yet. Select a process and choose “Start snapshot”, or focus a process and press S.")}</p>
        };
    }
    let unit = props.topology.unit;
    let channels = props.topology.channels().len();
    let log = props.world.log();
    // Runs that break an assumption are explained.
    let explain = faults::has_faults(log)
        || props.topology.discipline == Discipline::NonFifo
        || props.topology.markers == crate::sim::MarkerRule::SkipSender;
    let panels = props.snapshots.iter().rev().map(|s| {
        let mut findings: Vec<String> = Vec::new();
        if explain {
            findings.extend(faults::waits(log, s).iter().map(say));
        }
        let stuck = !findings.is_empty();
        if explain {
            findings.extend(faults::explain(log, s).iter().map(say));
        }
        let verdict = props.verdicts.iter().find(|(id, _)| *id == s.id).map(|(_, v)| v.clone());
        // Any complete snapshot with a consistent verdict, in a run without faults
        // (`as_scenario` refuses faults): non-FIFO runs under Lai–Yang too.
        let reached = verdict
            .as_ref()
            .is_some_and(|v| v.is_consistent())
            .then(|| s.cut())
            .flatten()
            .and_then(|cut| {
                let r = crate::sim::reach::reorder(log, &cut).ok()?;
                let (mut run, _) = crate::sim::reach::as_scenario(log, &r)?;
                let total = run.actions.len();
                run.view.cursor = Some(r.boundary as u32);
                Some((crate::formats::link::encode(&run), r.boundary, total))
            });
            let compare = reached.is_some().then(|| {
            let (id, open) = (s.id, **comparing == Some(s.id));
            let comparing = comparing.clone();
            (open, Callback::from(move |_: MouseEvent| comparing.set((!open).then_some(id))))
        });
            let skip_sender = props.topology.markers == crate::sim::MarkerRule::SkipSender;
            html! { <SnapshotPanel key={s.id} {unit} {channels} {skip_sender} {reached} snapshot={s.clone()} {verdict} {stuck} {findings} deadlock={deadlock_lines(log, s)} {compare} /> }
    });
    let played = comparison(props, comparing);
    html! {<>
        <div class="snapshots">{ for panels }</div>
        {played}
    </>}
}
