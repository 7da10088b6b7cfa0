//! The multicast lab's run as text, for the command line's `replay` (and any reader): the
//! group's rules, one line per event (its number, what happened and the rule that fired, with
//! the delivery vector `V`) and the ordering checker's verdict. English, like every export.

use std::fmt::Write as _;

use crate::sim::multicast::check::{agreement_says, causal_says, fifo_says, total_says};
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
    (out, error)
}
