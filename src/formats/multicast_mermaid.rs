//! A multicast run as a Mermaid `sequenceDiagram`, in event-log order, beside the snapshot
//! lab's ([`super::mermaid::sequence`]). Receive and deliver are distinct:
//!
//! - `participant P1` per member;
//! - a copy that arrives is an arrow where it arrives: an application message solid,
//!   `P1->>P3: m1` (`m1, a duplicate, dropped` for a reliable multicast's second copy), the
//!   sequencer's order dashed, `P1-->>P3: the order of m1 (#2)`, and so ISIS's proposals and
//!   agreed priorities, `P2-->>P1: the proposal 3.2 for m1`;
//! - a note over the process for each multicast (with its number and vector timestamp), relay,
//!   order given, hold (and why: the rule that fired), delivery (with `V`) and crash, in the
//!   core's words;
//! - a note for every copy never received, over its sender and receiver where it was sent:
//!   `Note over P1,P3: m2 from P1 to P3 is still in flight`.
//!
//! Every piece of text goes through [`super::mermaid::text`], as in the snapshot lab's export.

use std::fmt::Write as _;

use super::mermaid::text;
use crate::sim::multicast::{narrate, payload_name, Copy, Event, EventKind, Payload};
use crate::sim::process_name;
use crate::sim::topology::ProcessId;

/// The run as a Mermaid sequence diagram (see the module's documentation).
pub fn sequence(members: usize, log: &[Event]) -> String {
    // Which copies arrive: a copy is sent at most once in a run, so (copy) names it.
    let received: Vec<Copy> = log
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Receive { copy, .. } => Some(copy),
            _ => None,
        })
        .collect();
    let mut out = String::from("sequenceDiagram\n");
    for p in 0..members {
        let _ = writeln!(out, "    participant {}", process_name(p));
    }
    for (i, e) in log.iter().enumerate() {
        let p = process_name(e.process);
        let note = |out: &mut String| {
            let _ = writeln!(out, "    Note over {p}: {}", text(&narrate(log, i).to_string()));
        };
        match &e.kind {
            EventKind::Receive { copy, duplicate, .. } => {
                let arrow = if matches!(copy.payload, Payload::Message(_)) { "->>" } else { "-->>" };
                let mut words = payload_name(copy.payload).to_string();
                if *duplicate {
                    words.push_str(", a duplicate, dropped");
                }
                let _ = writeln!(out, "    {}{arrow}{p}: {}", process_name(copy.from), text(&words));
            }
            EventKind::Multicast { message, to, .. }
            | EventKind::Relay { message, to }
            | EventKind::Sequence { message, to, .. }
            | EventKind::Agree { message, to, .. } => {
                note(&mut out);
                let payload = match e.kind {
                    EventKind::Sequence { number, .. } => Payload::Order { message: *message, number },
                    EventKind::Agree { priority, .. } => Payload::Agreed { message: *message, priority },
                    _ => Payload::Message(*message),
                };
                still_in_flight(&mut out, &received, payload, e.process, to);
            }
            EventKind::Propose { message, priority, sender } => {
                note(&mut out);
                if *sender != e.process {
                    let payload = Payload::Proposal { message: *message, priority: *priority };
                    still_in_flight(&mut out, &received, payload, e.process, &[*sender]);
                }
            }
            EventKind::Hold { .. } | EventKind::Deliver { .. } | EventKind::Crash => note(&mut out),
        }
    }
    out
}

/// A note for each copy `from` sent to `to` that has not arrived.
fn still_in_flight(out: &mut String, received: &[Copy], payload: Payload, from: ProcessId, to: &[ProcessId]) {
    let p = process_name(from);
    for &q in to {
        let copy = Copy { payload, from, to: q };
        if !received.contains(&copy) {
            let words = format!("{} from {p} to {} is still in flight", payload_name(payload), process_name(q));
            let (a, b) = if from < q { (from, q) } else { (q, from) };
            let _ = writeln!(out, "    Note over {},{}: {}", process_name(a), process_name(b), text(&words));
        }
    }
}
