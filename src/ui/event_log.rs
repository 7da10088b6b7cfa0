//! The event log table: the text alternative of the space-time diagram, one row per event in
//! order, with the rule that fired and the Lamport and vector clocks.

use crate::i18n::{say, tr};
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{process_name, World};

#[derive(Properties, Clone)]
pub struct EventLogProps {
    pub world: Rc<World>,
    /// Changes when earlier events may differ (a new scenario); see `Lab::run`.
    pub run: u32,
}

impl PartialEq for EventLogProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world) && self.run == other.run
    }
}

/// Rows per chunk: a chunk whose rows are unchanged is not redrawn.
const ROWS: usize = 25;

#[derive(Properties, Clone)]
struct RowsProps {
    world: Rc<World>,
    run: u32,
    start: usize,
    end: usize,
}

impl PartialEq for RowsProps {
    /// The log is a pure function of the actions taken, so within one run the rows of a range
    /// never change once written.
    fn eq(&self, other: &Self) -> bool {
        (self.run, self.start, self.end) == (other.run, other.start, other.end)
    }
}

#[function_component(Rows)]
fn rows(props: &RowsProps) -> Html {
    let log = props.world.log();
    let rows = log.events[props.start..props.end].iter().map(|e| {
        let message = e.message().map(|m| format!("{} {}", say(m), m.channel)).unwrap_or_default();
        let vclock = e.vclock.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",");
        html! {
            <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{process_name(e.process)}</td>
                <td>{say(&e.describe())}</td>
                <td>{message}</td>
                <td title={say(&log.explain(e))}><code>{e.rule.id()}</code></td>
                <td>{e.lamport}</td>
                <td>{format!("[{vclock}]")}</td>
            </tr>
        }
    });
    html! { <>{ for rows }</> }
}

pub fn event_log(props: &EventLogProps) -> Html {
    let count = props.world.log().events.len();
    let chunks = (0..count.div_ceil(ROWS)).map(|c| {
        let (start, end) = (c * ROWS, ((c + 1) * ROWS).min(count));
        html! { <Rows key={c} world={props.world.clone()} run={props.run} {start} {end} /> }
    });
    html! {
        <div class="event-log-scroll" tabindex="0" aria-label={tr("Event log, scrollable")}>
            <table class="event-log" aria-label={tr("Event log")}>
                <caption>{crate::tf!("Event log ({0} events)", count)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{"#"}</th><th scope="col">{tr("Process")}</th><th scope="col">{tr("Event")}</th>
                        <th scope="col">{tr("Message")}</th><th scope="col">{tr("Rule")}</th><th scope="col">{tr("Lamport")}</th>
                        <th scope="col">{tr("Vector clock")}</th>
                    </tr>
                </thead>
                <tbody>{ for chunks }</tbody>
            </table>
        </div>
    }
}
