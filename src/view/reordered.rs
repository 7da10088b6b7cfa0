//! "It never happened, but it could have", step by step: a complete, consistent snapshot's real
//! run beside the reordered run that passes through its recorded state (`sim::reach`); or, the
//! same for any consistent cut the learner draws (every consistent cut is a global state the
//! system could have passed through).
//!
//! Both runs are laid out as space-time diagrams; the reordered one has no markers, and its
//! arrows keep the real run's message names (`m3` is the same message in both). Step `k` of the
//! reordered run has done the real run's events `order[..k]`: [`Comparison::swept_cut`] is that
//! set as a cut of the real run. Every swept cut is consistent (a prefix of an order that keeps
//! happens-before), it moves only forward, and at the boundary it is the snapshot's own cut, so
//! the real diagram shows the reordered run sweeping a consistent cut across the real run until
//! it lies on the snapshot's cut, while the reordered diagram shows the same cut as one instant.
//! [`Comparison::frame`] is the global state after `k` steps, in the real run's names; at the
//! boundary it is what the snapshot recorded.

use super::spacetime::{layout, SpaceTime, LEFT};
use crate::sim::cut::{check_cut, check_snapshot};
use crate::sim::reach::{as_scenario, reorder};
use crate::sim::snapshot::{ChannelState, Snapshot};
use crate::sim::{Channel, Log, Message, MessageRef, Scenario, SnapshotId};

/// A snapshot's (or a drawn cut's) real run and its reordered run, ready to step through.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The snapshot whose recorded state the reordered run passes through; `None` for a drawn
    /// cut.
    pub of: Option<SnapshotId>,
    /// The global state at the cut: what the snapshot recorded, or the drawn cut's states and
    /// messages in transit.
    pub target: Frame,
    /// The real run, with the snapshot's cut (messages in transit across it marked).
    pub real: SpaceTime,
    /// The reordered run: one column per step, arrows named as in the real run.
    pub reordered: SpaceTime,
    /// For each step of the reordered run, the sequence number of the real run's event it is.
    pub order: Vec<u32>,
    /// After this many steps the global state is the snapshot's recorded state.
    pub boundary: usize,
    /// The snapshot's cut of the real run.
    pub cut: Vec<usize>,
    /// The reordered run as a scenario (timeline stopped at the boundary), for its link.
    pub run: Scenario,
    /// For each message number of the reordered run (from 1), the real run's message.
    renamed: Vec<Message>,
    /// For each process, its application events in the real run, in order: (index on its
    /// line, step of the reordered run that does it). Steps grow along a line: the reordering
    /// keeps each process's own order.
    app_events: Vec<Vec<(u32, usize)>>,
    /// Each real event's step in the reordered run (from 0), by sequence number − 1; `None` for
    /// markers and recordings.
    step_of: Vec<Option<usize>>,
    /// Each process's number of events in the real run.
    counts: Vec<usize>,
}

/// The global state after some steps of the reordered run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub states: Vec<i64>,
    /// The messages in flight on each channel that has any, in send order, as the real run's.
    pub in_flight: Vec<(Channel, Vec<Message>)>,
}

impl Comparison {
    /// The comparison for a complete snapshot with a consistent verdict, in a run without faults;
    /// `None` otherwise (no run passes through an inconsistent snapshot's recorded state).
    pub fn new(log: &Log, snapshot: &Snapshot) -> Option<Comparison> {
        // Consistent as a snapshot, not only as a cut: without FIFO a cut with no orphan can
        // still miss a message in a channel's recording, and then no run passes through what
        // the snapshot recorded.
        if !check_snapshot(log, snapshot)?.is_consistent() {
            return None;
        }
        Self::through(log, snapshot.cut()?, Some(snapshot))
    }

    /// The comparison for a cut the learner drew, when it is consistent and the run has no
    /// faults; its target is the cut's global state (each process's state at the cut and the
    /// messages in transit across it).
    pub fn for_cut(log: &Log, cut: &[usize]) -> Option<Comparison> {
        Self::through(log, cut.to_vec(), None)
    }

    fn through(log: &Log, cut: Vec<usize>, snapshot: Option<&Snapshot>) -> Option<Comparison> {
        let r = reorder(log, &cut).ok()?;
        let (mut run, renamed) = as_scenario(log, &r)?;
        run.view.cursor = Some(r.boundary as u32);
        let replayed = run.replay();
        if replayed.error.is_some() {
            return None;
        }
        let report = check_cut(log, &cut).ok()?;
        // A drawn cut's messages in transit are marked as the page marks them (snapshot 0).
        let real = match snapshot {
            Some(s) => layout(log, std::slice::from_ref(s), &[(s.id, &report)]),
            None => layout(log, &[], &[(0, &report)]),
        };
        let mut in_transit: Vec<(Channel, Vec<Message>)> = Vec::new();
        for m in &report.in_transit {
            match in_transit.iter_mut().find(|(c, _)| *c == m.channel) {
                Some((_, list)) => list.push(*m),
                None => in_transit.push((m.channel, vec![*m])),
            }
        }
        in_transit.sort_by_key(|(c, _)| *c);
        let target = Frame { states: report.states, in_flight: in_transit };
        let mut reordered = layout(replayed.world.log(), &[], &[]);
        for arrow in &mut reordered.arrows {
            if let Some(m) = renamed.get(arrow.message as usize) {
                arrow.label = m.to_string();
            }
        }
        stretch(&mut reordered, real.width);
        let counts = log.event_counts();
        let mut step_of = vec![None; log.events.len()];
        for (step, &seq) in r.order.iter().enumerate() {
            step_of[seq as usize - 1] = Some(step);
        }
        let mut app_events = vec![Vec::new(); counts.len()];
        for e in &log.events {
            if let Some(step) = step_of[e.seq as usize - 1] {
                app_events[e.process].push((e.index, step));
            }
        }
        Some(Comparison {
            of: snapshot.map(|s| s.id),
            target,
            real,
            reordered,
            order: r.order,
            boundary: r.boundary,
            cut,
            run,
            renamed,
            app_events,
            step_of,
            counts,
        })
    }

    /// How many steps the reordered run has.
    pub fn steps(&self) -> usize {
        self.order.len()
    }

    /// Whether the real run's event `seq` is among the first `k` steps of the reordered run
    /// (`false` for markers and recordings, which the reordered run does not have).
    pub fn done(&self, seq: u32, k: usize) -> bool {
        self.step(seq).is_some_and(|step| step < k)
    }

    /// Whether `seq` is an event of the application (one the reordered run has).
    pub fn is_step(&self, seq: u32) -> bool {
        self.step(seq).is_some()
    }

    fn step(&self, seq: u32) -> Option<usize> {
        (seq as usize).checked_sub(1).and_then(|i| self.step_of.get(i)).copied().flatten()
    }

    /// The cut of the real run swept by the first `k` steps: on each process line, after its
    /// last application event done and before its first one not done, as near the snapshot's
    /// cut as that allows (the marker and recording events between them go either way).
    pub fn swept_cut(&self, k: usize) -> Vec<usize> {
        self.app_events
            .iter()
            .enumerate()
            .map(|(p, events)| {
                let done = events.partition_point(|&(_, step)| step < k);
                let low = done.checked_sub(1).map_or(0, |d| events[d].0 as usize + 1);
                let high = events.get(done).map_or(self.counts[p], |&(index, _)| index as usize);
                self.cut[p].clamp(low, high)
            })
            .collect()
    }

    /// The global state after `k` steps (clamped to the run's length), replayed by the world.
    pub fn frame(&self, k: usize) -> Frame {
        let replayed = self.run.replay_prefix(k.min(self.steps()));
        let world = &replayed.world;
        let in_flight = (0..world.topology().channels().len())
            .filter_map(|c| {
                let messages: Vec<Message> = world
                    .in_flight(c)
                    .filter_map(|m| match world.message_ref(m) {
                        MessageRef::App { number } => self.renamed.get(number as usize - 1).copied(),
                        MessageRef::Marker { .. } => None,
                    })
                    .collect();
                (!messages.is_empty()).then(|| (world.topology().channel(c), messages))
            })
            .collect();
        Frame { states: world.states().to_vec(), in_flight }
    }

    /// Whether the real run itself passed through the recorded state (leaving markers aside):
    /// its own order already does every event inside the cut before any outside it.
    pub fn happened(&self) -> bool {
        let (inside, outside) = self.order.split_at(self.boundary);
        inside.iter().max().zip(outside.iter().min()).is_none_or(|(last_in, first_out)| last_in < first_out)
    }

    /// The real run's event that step `k` (from 1) of the reordered run is.
    pub fn event_of_step(&self, k: usize) -> Option<u32> {
        k.checked_sub(1).and_then(|i| self.order.get(i)).copied()
    }
}

/// Stretches a layout along time to `width`, so that the two runs drawn at one size have one
/// scale (the reordered run has fewer columns: no markers).
fn stretch(st: &mut SpaceTime, width: f64) {
    let f = (width - LEFT) / (st.width - LEFT);
    if !(f.is_finite() && f > 0.0) {
        return;
    }
    let x = |v: f64| LEFT + (v - LEFT) * f;
    for d in &mut st.dots {
        d.at.x = x(d.at.x);
    }
    for a in &mut st.arrows {
        a.from.x = x(a.from.x);
        a.to.x = x(a.to.x);
    }
    st.column *= f;
    st.width = width;
}

/// Whether two lists hold the same messages. A non-FIFO channel is a set, not a queue: its
/// recording lists messages as they arrived, its messages in flight as they were sent.
pub fn same_messages(a: &[Message], b: &[Message]) -> bool {
    // Each message is in a list at most once.
    a.len() == b.len() && a.iter().all(|m| b.iter().any(|n| n.id == m.id))
}

impl Frame {
    /// Whether this is the same global state as `other`: every process's state and every
    /// channel's messages (as a set).
    pub fn same_state(&self, other: &Frame) -> bool {
        self.states == other.states
            && self.in_flight.iter().chain(&other.in_flight).all(|(c, _)| same_messages(self.on(*c), other.on(*c)))
    }

    /// The messages in flight on one channel (none when it is empty).
    pub fn on(&self, channel: Channel) -> &[Message] {
        self.in_flight.iter().find(|(c, _)| *c == channel).map_or(&[], |(_, m)| m.as_slice())
    }

    /// Whether this is exactly the global state `snapshot` recorded: every process's state and
    /// every channel's messages.
    pub fn is_recorded_state_of(&self, snapshot: &Snapshot) -> bool {
        let states = snapshot.states.iter().zip(&self.states).all(|(recorded, now)| *recorded == Some(*now));
        let channels = snapshot.channels.iter().all(|(channel, state)| {
            matches!(state, ChannelState::Recorded(recorded) if same_messages(recorded, self.on(*channel)))
        });
        let no_other = self.in_flight.iter().all(|(c, _)| snapshot.channels.iter().any(|(channel, _)| channel == c));
        states && channels && no_other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::presets::PRESETS;
    use crate::sim::snapshot::assemble;
    use crate::view::spacetime::LEFT;

    /// The notes' C21 picture: P1 records $490, P2 $460, C21 = [m2, m3].
    fn c21() -> (Log, Snapshot) {
        let preset = PRESETS.iter().find(|p| p.id == "c21").unwrap();
        let world = preset.scenario().unwrap().replay().world;
        let snapshot = assemble(world.log()).remove(0);
        (world.into_log(), snapshot)
    }

    #[test]
    fn the_reordered_run_of_c21_passes_through_its_recorded_state_and_only_there() {
        let (log, s1) = c21();
        let c = Comparison::new(&log, &s1).expect("S1 is complete and consistent");
        let states: Vec<i64> = s1.states.iter().map(|s| s.unwrap()).collect();
        assert_eq!(states, [490, 460]);
        let at = c.frame(c.boundary);
        assert_eq!(at.states, states);
        let names: Vec<Vec<String>> =
            at.in_flight.iter().map(|(_, m)| m.iter().map(Message::to_string).collect()).collect();
        assert_eq!(names, [["m2", "m3"]], "C21 holds m2 and m3, named as in the real run");
        assert_eq!(at.in_flight[0].0, Channel { from: 1, to: 0 });
        assert!(at.is_recorded_state_of(&s1));
        assert!(c.happened(), "in C21 only markers stand between the real run and the recorded state");
        // No other step of the reordered run is that state.
        for k in (0..=c.steps()).filter(|&k| k != c.boundary) {
            assert!(!c.frame(k).is_recorded_state_of(&s1), "step {k}");
        }
        // Steps past the end clamp to the end: every message delivered.
        assert_eq!(c.frame(c.steps() + 5), c.frame(c.steps()));
        assert!(c.frame(c.steps()).in_flight.is_empty());
    }

    #[test]
    fn the_swept_cut_starts_at_the_left_ends_on_the_snapshot_cut_and_marks_what_is_done() {
        let (log, s1) = c21();
        let c = Comparison::new(&log, &s1).unwrap();
        assert_eq!(c.swept_cut(0), [0, 0]);
        // Drawn at one scale: the same width and lanes; the reordered run's steps spread evenly.
        assert_eq!((c.reordered.width, c.reordered.height), (c.real.width, c.real.height));
        assert_eq!(c.reordered.lanes, c.real.lanes);
        let xs: Vec<f64> = c.reordered.dots.iter().map(|d| d.at.x).collect();
        assert!(xs.windows(2).all(|w| (w[1] - w[0] - c.reordered.column).abs() < 1e-9), "{xs:?}");
        assert!(xs.iter().all(|&x| x > LEFT && x < c.real.width));
        assert_eq!(c.swept_cut(c.boundary), s1.cut().unwrap());
        let end = c.swept_cut(c.steps());
        for e in log.events.iter().filter(|e| c.is_step(e.seq)) {
            assert!((e.index as usize) < end[e.process], "event {} not swept by the end", e.seq);
        }
        let first = c.event_of_step(1).unwrap();
        assert!(c.done(first, 1) && !c.done(first, 0));
        assert_eq!(c.event_of_step(0), None);
        assert_eq!(c.event_of_step(c.steps() + 1), None);
        // Markers and recordings are no step of the reordered run.
        let record = log.events.iter().find(|e| matches!(e.kind, crate::sim::EventKind::RecordState { .. })).unwrap();
        assert!(!c.is_step(record.seq) && !c.done(record.seq, c.steps()));
    }

    #[test]
    fn no_comparison_for_an_incomplete_snapshot() {
        let (log, mut s1) = c21();
        s1.complete = false;
        assert!(Comparison::new(&log, &s1).is_none());
    }
}
