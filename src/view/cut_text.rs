//! What a drawn cut says, in sentences: the checker's verdict (consistent, or every orphan with
//! where it was sent and received), the messages in transit across it, and the conservation
//! sum; where a learner drags a cut to. Pure: the cut panel shows these and `tests` prove them.

use crate::i18n::{say, tr};
use crate::sim::cut::CutReport;
use crate::sim::event::Log;
use crate::sim::{process_name, Message, Topology, Unit};
use crate::tf;

/// The sentences describing one cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CutText {
    pub verdict: String,
    pub in_transit: String,
    pub total: String,
}

fn on_channel(m: &Message, topology: &Topology) -> String {
    let amount = match topology.unit {
        Unit::Tokens => say(&topology.unit.words(m.amount())),
        Unit::Balance => m.amount().to_string(),
    };
    tf!("{0} ({1}) on {2} → {3}", m, amount, process_name(m.channel.from), process_name(m.channel.to))
}

/// Describes a cut's report.
pub fn describe(report: &CutReport, topology: &Topology) -> CutText {
    let verdict = if report.is_consistent() {
        tr("Consistent: nothing is received inside the cut that was sent outside it.").to_string()
    } else {
        let orphans: Vec<String> = report
            .orphans
            .iter()
            .map(|m| {
                tf!(
                    "{0} is an orphan: {1} receives it inside the cut, but {2} sends it outside",
                    m,
                    process_name(m.channel.to),
                    process_name(m.channel.from)
                )
            })
            .collect();
        tf!("Inconsistent: {0}.", orphans.join("; "))
    };
    let in_transit = if report.in_transit.is_empty() {
        tr("Nothing is in transit across the cut.").to_string()
    } else {
        let list: Vec<String> = report.in_transit.iter().map(|m| on_channel(m, topology)).collect();
        tf!("In transit across the cut: {0}.", list.join(", "))
    };
    let states: Vec<String> =
        report.states.iter().enumerate().map(|(p, s)| format!("{} {}", process_name(p), s)).collect();
    let moving: i64 = report.in_transit.iter().map(Message::amount).sum();
    let states = states.join(", ");
    let total = if report.conserves() {
        tf!("States at the cut: {0}, plus {1} in transit: {2}, the total. Conserved.", states, moving, report.total)
    } else {
        tf!(
            "States at the cut: {0}, plus {1} in transit: {2}, not the total {3}.",
            states,
            moving,
            report.total,
            report.expected_total
        )
    };
    CutText { verdict, in_transit, total }
}

/// A cut to start from when the learner asks to draw one: about halfway along each line.
pub fn starting_cut(log: &Log) -> Vec<usize> {
    log.event_counts().iter().map(|&c| c.div_ceil(2)).collect()
}

/// A cut moved so that it fits the log (after Undo the lines may be shorter); `None` for a cut
/// of another topology.
pub fn fitted(log: &Log, cut: &[usize]) -> Option<Vec<usize>> {
    let counts = log.event_counts();
    (cut.len() == counts.len()).then(|| cut.iter().zip(&counts).map(|(&k, &c)| k.min(c)).collect())
}

/// Where a cut crosses a process's line when dragged to `x`: the number of that process's
/// events left of `x`, given the x positions of its events in order.
pub fn crossing(event_xs: &[f64], x: f64) -> usize {
    event_xs.iter().take_while(|&&e| e < x).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::text;
    use crate::sim::cut::check_cut;
    use crate::sim::Scenario;

    fn run(src: &str) -> crate::sim::World {
        let s: Scenario = text::parse(src).unwrap();
        s.replay().world
    }

    const THREE: &str = "process P1 100\nprocess P2 100\nprocess P3 100\nunit tokens\n\
        send P1 P2 10\nsend P2 P3 20\ndeliver m1\ndeliver m2\nsend P2 P1 30\ndeliver m3\n";

    #[test]
    fn an_orphan_is_named_with_both_ends_and_the_sum_is_not_the_total() {
        let w = run(THREE);
        let report = check_cut(w.log(), &[0, 2, 1]).unwrap();
        let t = describe(&report, w.topology());
        assert_eq!(t.verdict, "Inconsistent: m1 is an orphan: P2 receives it inside the cut, but P1 sends it outside.");
        assert_eq!(t.in_transit, "Nothing is in transit across the cut.");
        assert_eq!(t.total, "States at the cut: P1 100, P2 90, P3 120, plus 0 in transit: 310, not the total 300.");
    }

    #[test]
    fn messages_in_transit_are_listed_with_their_channels_and_counted_in_the_total() {
        let w = run(THREE);
        let report = check_cut(w.log(), &[1, 1, 0]).unwrap();
        let t = describe(&report, w.topology());
        assert!(t.verdict.starts_with("Consistent"));
        assert_eq!(t.in_transit, "In transit across the cut: m1 (10 tokens) on P1 → P2, m2 (20 tokens) on P2 → P3.");
        assert_eq!(t.total, "States at the cut: P1 90, P2 80, P3 100, plus 30 in transit: 300, the total. Conserved.");
    }

    #[test]
    fn a_starting_cut_is_halfway_and_a_fitted_cut_stays_on_the_lines() {
        let w = run(THREE);
        assert_eq!(w.log().event_counts(), [2, 3, 1]);
        assert_eq!(starting_cut(w.log()), [1, 2, 1]);
        assert_eq!(fitted(w.log(), &[5, 0, 9]), Some(vec![2, 0, 1]));
        assert_eq!(fitted(w.log(), &[1, 1]), None);
        assert!(check_cut(w.log(), &starting_cut(w.log())).is_ok());
    }

    #[test]
    fn dragging_counts_the_events_left_of_the_pointer() {
        let xs = [40.0, 80.0, 120.0];
        assert_eq!(crossing(&xs, 10.0), 0);
        assert_eq!(crossing(&xs, 60.0), 1);
        assert_eq!(crossing(&xs, 80.0), 1, "on an event: still before it");
        assert_eq!(crossing(&xs, 500.0), 3);
        assert_eq!(crossing(&[], 500.0), 0);
    }
}
