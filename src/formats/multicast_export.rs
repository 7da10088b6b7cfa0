//! The multicast lab's run as text, for the command line's `replay` (and any reader): the
//! group's rules, one line per event (its number, what happened and the rule that fired, with
//! the delivery vector `V`) and the ordering checker's verdict. English, like every export.

use std::fmt::Write as _;

use crate::sim::multicast::check::{agreement_says, causal_says, fifo_says, stuck_says, total_says};
use crate::sim::multicast::{check, narrate, Agreement, Group, Order, Reliability, Scenario, Violation};
use crate::sim::words::Sentence;

/// The run of `scenario` up to its cursor as text, and, if an action was refused, which and why
/// (the text then shows the run up to that action).
pub fn replay_text(scenario: &Scenario) -> (String, Option<String>) {
    let s = scenario.setup;
    let end = scenario.cursor.unwrap_or(scenario.actions.len()).min(scenario.actions.len());
    let mut out = String::new();
    let mut error = None;
    let Ok(mut group) = Group::new(s) else {
        return (out, Some(format!("a group has 2 to 8 members, not {}", s.members)));
    };
    for (i, a) in scenario.actions[..end].iter().enumerate() {
        if let Err(e) = group.apply(a) {
            error = Some(format!("action {}: {}", i + 1, e.says()));
            break;
        }
    }
    let reliability = match s.reliability {
        Reliability::Basic => "basic multicast",
        Reliability::Reliable => "reliable multicast",
    };
    let _ = writeln!(out, "multicast: {} processes, {}, {}", s.members, s.order.says(), reliability);
    for i in 0..group.log.len() {
        let _ = writeln!(out, "#{:<3} {}", i + 1, narrate(&group.log, i));
    }
    let verdict = check(s.members, &group.log);
    let _ = writeln!(out, "ordering:");
    let mut line = |order: Order, found: &[Violation], says: fn(&Violation) -> Sentence| {
        if found.is_empty() {
            let _ = writeln!(out, "  {}: holds", order.says());
        } else {
            let list: Vec<String> = found.iter().map(|v| says(v).to_string()).collect();
            let _ = writeln!(out, "  {}: violated: {}", order.says(), list.join("; "));
        }
    };
    line(Order::Fifo, &verdict.fifo, fifo_says);
    line(Order::Causal, &verdict.causal, causal_says);
    line(Order::Total, &verdict.total, total_says);
    let agreement = match &verdict.agreement {
        Agreement::Holds => "holds",
        Agreement::Pending => "pending",
        Agreement::Violated(_) => "violated",
    };
    let _ = writeln!(out, "  agreement: {agreement}: {}", agreement_says(&verdict.agreement));
    for stuck in &verdict.stuck {
        let _ = writeln!(out, "  never agreed: {}", stuck_says(stuck));
    }
    (out, error)
}

/// The identity of the multicast run document, in its `format` field.
pub const JSON_FORMAT: &str = "snapshot-lab-multicast-run";

/// A multicast run as one JSON document (what `snapshot-lab replay --json` prints for a
/// `v1.mc.` link): the scenario (its text form, its link, its rules), every event of the run
/// up to the cursor (its process, kind, message, the copy's sender for a receive, the vector
/// timestamp of a multicast, the delivery vector `V` of a delivery, and the narration), the
/// ordering checker's verdict (each order `holds` or not, with every violating pair in words)
/// and the refused action, if any. English, like every export.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RunDocument {
    pub format: &'static str,
    pub version: u32,
    pub scenario: ScenarioDoc,
    pub events: Vec<EventDoc>,
    pub ordering: OrderingDoc,
    pub error: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct ScenarioDoc {
    pub text: String,
    pub link: String,
    pub members: usize,
    /// `unordered`, `fifo`, `causal` or `total`.
    pub order: &'static str,
    /// `basic` or `reliable`.
    pub reliability: &'static str,
    pub actions: usize,
    pub cursor: Option<usize>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct EventDoc {
    /// 1-based, as the text form numbers events.
    pub seq: usize,
    pub process: String,
    /// `multicast`, `relay`, `sequence`, `receive`, `hold`, `deliver` or `crash`.
    pub kind: &'static str,
    /// `m3`, when the event concerns a message.
    pub message: Option<String>,
    /// A receive: who sent the copy; `order` when the copy is the sequencer's order.
    pub from: Option<String>,
    /// A multicast's vector timestamp, or a delivery's vector `V`.
    pub vector: Option<Vec<u32>>,
    pub text: String,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct OrderDoc {
    pub holds: bool,
    pub violations: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct OrderingDoc {
    pub fifo: OrderDoc,
    pub causal: OrderDoc,
    pub total: OrderDoc,
    /// `holds`, `pending` or `violated`.
    pub agreement: &'static str,
    pub agreement_text: String,
    /// ISIS: each message that will never be agreed, in words (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub never_agreed: Vec<String>,
}

impl RunDocument {
    pub fn new(scenario: &Scenario) -> RunDocument {
        use crate::sim::multicast::{message_name, EventKind, Payload};
        use crate::sim::process_name;
        let s = scenario.setup;
        let end = scenario.cursor.unwrap_or(scenario.actions.len()).min(scenario.actions.len());
        let mut error = None;
        let mut log = Vec::new();
        match Group::new(s) {
            Err(_) => error = Some(format!("a group has 2 to 8 members, not {}", s.members)),
            Ok(mut group) => {
                for (i, a) in scenario.actions[..end].iter().enumerate() {
                    if let Err(e) = group.apply(a) {
                        error = Some(format!("action {}: {}", i + 1, e.says()));
                        break;
                    }
                }
                log = group.log;
            }
        }
        let events = log
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (kind, message, from, vector) = match &e.kind {
                    EventKind::Multicast { message, stamp, .. } => {
                        ("multicast", Some(*message), None, Some(stamp.clone()))
                    }
                    EventKind::Relay { message, .. } => ("relay", Some(*message), None, None),
                    EventKind::Sequence { message, .. } => ("sequence", Some(*message), None, None),
                    EventKind::Propose { message, .. } => ("propose", Some(*message), None, None),
                    EventKind::Agree { message, .. } => ("agree", Some(*message), None, None),
                    EventKind::Receive { copy, .. } => {
                        let (m, from) = match copy.payload {
                            Payload::Message(m) => (m, process_name(copy.from)),
                            Payload::Order { message, .. } => (message, "order".to_string()),
                            Payload::Proposal { message, .. } => (message, "proposal".to_string()),
                            Payload::Agreed { message, .. } => (message, "agreed".to_string()),
                        };
                        ("receive", Some(m), Some(from), None)
                    }
                    EventKind::Hold { message, .. } => ("hold", Some(*message), None, None),
                    EventKind::Deliver { message, delivered } => {
                        ("deliver", Some(*message), None, Some(delivered.clone()))
                    }
                    EventKind::Crash => ("crash", None, None, None),
                };
                EventDoc {
                    seq: i + 1,
                    process: process_name(e.process),
                    kind,
                    message: message.map(message_name),
                    from,
                    vector,
                    text: narrate(&log, i).to_string(),
                }
            })
            .collect();
        let verdict = check(s.members.clamp(1, crate::sim::multicast::MAX_MEMBERS), &log);
        let doc = |found: &[Violation], says: fn(&Violation) -> Sentence| OrderDoc {
            holds: found.is_empty(),
            violations: found.iter().map(|v| says(v).to_string()).collect(),
        };
        let agreement = match &verdict.agreement {
            Agreement::Holds => "holds",
            Agreement::Pending => "pending",
            Agreement::Violated(_) => "violated",
        };
        RunDocument {
            format: JSON_FORMAT,
            version: 1,
            scenario: ScenarioDoc {
                text: super::multicast_text::to_text(scenario),
                link: super::multicast_link::encode(scenario),
                members: s.members,
                order: super::multicast_text::order_word(s.order),
                reliability: match s.reliability {
                    Reliability::Basic => "basic",
                    Reliability::Reliable => "reliable",
                },
                actions: scenario.actions.len(),
                cursor: scenario.cursor,
            },
            events,
            ordering: OrderingDoc {
                fifo: doc(&verdict.fifo, fifo_says),
                causal: doc(&verdict.causal, causal_says),
                total: doc(&verdict.total, total_says),
                agreement,
                agreement_text: agreement_says(&verdict.agreement).to_string(),
                never_agreed: verdict.stuck.iter().map(|s| stuck_says(s).to_string()).collect(),
            },
            error,
        }
    }

    /// The document as pretty-printed JSON, with a final newline.
    pub fn to_json(&self) -> String {
        match serde_json::to_string_pretty(self) {
            Ok(mut s) => {
                s.push('\n');
                s
            }
            Err(e) => format!("{{\"error\": {}}}\n", serde_json::to_string(&e.to_string()).unwrap_or_default()),
        }
    }
}
