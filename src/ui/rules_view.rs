//! The marker rules as live state machines (`sim::machines`) for one process: the process (not
//! recorded → recorded → done) and each of its incoming channels (not recording → recording →
//! closed, with what it recorded), in the newest running snapshot; the step the last event took
//! is lit. The process shown is the selected one, else the one that acted last. Under the
//! "what if" switch (seed 000's rule) they show the rule the run uses: the first marker sends
//! markers on every outgoing channel except back to its sender, and a channel whose sender
//! skipped it waits for a marker that never comes.

use crate::i18n::{say, tr};
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::machines::{machine, no_marker_coming, shown_snapshot, skipped, ChannelStage, ProcessStage};
use crate::sim::snapshot::Snapshot;
use crate::sim::{process_name, MarkerRule, Message, World};

#[derive(Properties, Clone)]
pub struct RulesViewProps {
    pub world: Rc<World>,
    pub snapshots: Rc<Vec<Snapshot>>,
    pub selected: Option<usize>,
}

impl PartialEq for RulesViewProps {
    /// Worlds and snapshots are replaced, never changed in place: pointers tell.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && Rc::ptr_eq(&self.snapshots, &other.snapshots)
            && self.selected == other.selected
    }
}

/// One machine: its stages in order, the current one marked, with the transitions between.
fn stages(caption: String, names: [String; 3], edges: [&'static str; 2], current: usize, lit: bool) -> Html {
    let item = |i: usize, name: &String| {
        let now = i == current;
        html! {
            <li class={classes!("stage", now.then_some("current"), (now && lit).then_some("lit"))}
                aria-current={now.then_some("step")}>{name.clone()}</li>
        }
    };
    html! {
        <figure class="machine">
            <figcaption>{caption}</figcaption>
            <ol class="stages">
                { item(0, &names[0]) }
                <li class="edge" aria-hidden="true"><span>{edges[0]}</span></li>
                { item(1, &names[1]) }
                <li class="edge" aria-hidden="true"><span>{edges[1]}</span></li>
                { item(2, &names[2]) }
            </ol>
        </figure>
    }
}

fn listed(messages: &[Message]) -> String {
    if messages.is_empty() {
        tr("empty").into()
    } else {
        messages.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ")
    }
}

pub fn rules_view(props: &RulesViewProps) -> Html {
    let log = props.world.log();
    let topology = props.world.topology();
    let Some(snapshot) = shown_snapshot(&props.snapshots) else {
        return html! {
            <section class="rules" aria-label={tr("Marker rules")}>
                <h2>{tr("The marker rules, step by step")}</h2>
                <p class="hint">{tr("Start a snapshot at a process: its state machines appear here and move as markers arrive.")}</p>
            </section>
        };
    };
    let process = props
        .selected
        .or_else(|| log.events.last().map(|e| e.process))
        .filter(|&p| p < topology.process_count())
        .unwrap_or(0);
    let m = machine(topology, snapshot, process, log.events.last());
    let name = process_name(process);
    let state = m.state.map(|s| say(&topology.unit.words(s))).unwrap_or_default();
    let skip = topology.markers == MarkerRule::SkipSender;
    let record_edge = if skip {
        tr("initiate, or first marker: record state; markers on every outgoing channel but back to the first marker's sender")
    } else {
        tr("initiate, or first marker: record state")
    };
    let process_machine = stages(
        crate::tf!("{0} in S{1}", name, m.snapshot),
        [tr("not recorded").into(), crate::tf!("recorded: {0}", state), tr("done").into()],
        [record_edge, tr("a marker on every incoming channel")],
        match m.stage {
            ProcessStage::NotRecorded => 0,
            ProcessStage::Recorded => 1,
            ProcessStage::Done => 2,
        },
        m.lit,
    );
    let channels = m.channels.iter().map(|c| {
        let id = format!("C{}{}", c.channel.from + 1, c.channel.to + 1);
        let so_far = listed(&c.messages);
        let forever = no_marker_coming(log, m.snapshot, c.channel);
        let caption = if forever {
            crate::tf!(
                "{0}: {1} → {2}; no marker will come: {1} got its first marker from {2} and sent none back",
                id,
                process_name(c.channel.from),
                name
            )
        } else {
            format!("{id}: {} → {name}", process_name(c.channel.from))
        };
        stages(
            caption,
            [tr("not recording").into(), crate::tf!("recording: {0}", so_far), crate::tf!("closed: {0}", so_far)],
            [tr("state recorded"), if forever { tr("a marker that never comes") } else { tr("a marker arrives") }],
            match c.stage {
                ChannelStage::NotRecording => 0,
                ChannelStage::Recording => 1,
                ChannelStage::Closed => 2,
            },
            c.lit,
        )
    });
    html! {
        <section class="rules" aria-label={tr("Marker rules")}>
            <h2>{crate::tf!("The marker rules at {0}, snapshot S{1}", name, m.snapshot)}</h2>
            <p class="hint">{tr("Select another process to follow its rules. The channel a first marker arrives on closes at once, empty.")}</p>
            if skip {
                <p class="hint what-if">{match skipped(log, m.snapshot, process) {
                    Some(back) => crate::tf!(
                        "What if (seed 000's rule): {0} sent markers on every outgoing channel except back to {1}, the sender of its first marker.",
                        name,
                        process_name(back.to)
                    ),
                    None => tr("What if (seed 000's rule): a first marker makes a process send markers on every outgoing channel except back to its sender.").to_string(),
                }}</p>
            }
            { process_machine }
            { for channels }
        </section>
    }
}
