//! The event log table: the text alternative of the space-time diagram, one row per event in
//! order, with the rule that fired and the Lamport and vector clocks.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{process_name, World};

#[derive(Properties, Clone)]
pub struct EventLogProps {
    pub world: Rc<World>,
}

impl PartialEq for EventLogProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
    }
}

#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let log = props.world.log();
    let topology = &log.topology;
    let rows = log.events.iter().map(|e| {
        let message = e.message().map(|m| format!("{m} {}", m.channel)).unwrap_or_default();
        let vclock = e.vclock.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",");
        html! {
            <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{process_name(e.process)}</td>
                <td>{e.describe()}</td>
                <td>{message}</td>
                <td title={e.explain(topology)}>{e.rule.id()}</td>
                <td>{e.lamport}</td>
                <td>{format!("[{vclock}]")}</td>
            </tr>
        }
    });
    html! {
        <div class="event-log-scroll" tabindex="0" aria-label="Event log, scrollable">
            <table class="event-log" aria-label="Event log">
                <caption>{format!("Event log ({} events)", log.events.len())}</caption>
                <thead>
                    <tr>
                        <th scope="col">{"#"}</th><th scope="col">{"Process"}</th><th scope="col">{"Event"}</th>
                        <th scope="col">{"Message"}</th><th scope="col">{"Rule"}</th><th scope="col">{"Lamport"}</th>
                        <th scope="col">{"Vector clock"}</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
