//! Layout of the space-time diagram, from the event log alone: one horizontal line per
//! process, time running right. Every action of the run takes one column (an action's events
//! all happen at one process), so a message is an arrow from its send column to its receive
//! column; messages still in flight run to the right edge. Each snapshot's record points are
//! joined into its cut line; with the cut checker's report, messages in transit across a
//! complete snapshot's cut and orphan messages are marked.

use super::Point;
use crate::sim::cut::CutReport;
use crate::sim::snapshot::Snapshot;
use crate::sim::{EventKind, Log, MessageId, MessageKind, ProcessId, SnapshotId};

pub const LEFT: f64 = 64.0;
pub const TOP: f64 = 34.0;
pub const LANE_GAP: f64 = 64.0;
/// The narrowest and widest column an action gets; short runs spread out to about
/// [`TARGET_WIDTH`], long ones scroll.
pub const MIN_COLUMN: f64 = 34.0;
pub const MAX_COLUMN: f64 = 90.0;
pub const TARGET_WIDTH: f64 = 760.0;

/// How an event is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotKind {
    Send,
    Receive,
    Internal,
    /// A process recorded its state for a snapshot.
    Record(SnapshotId),
    /// A fault: a message lost or copied (on the sender's line), or a crash.
    Fault,
}

/// One drawn event.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub seq: u32,
    /// The action's column.
    pub column: u32,
    pub process: ProcessId,
    pub at: Point,
    pub kind: DotKind,
}

/// What a message arrow shows about the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowRole {
    Plain,
    /// In transit across a complete snapshot's cut (recorded in a channel state).
    InTransit(SnapshotId),
    /// Received inside a cut but sent outside it.
    Orphan(SnapshotId),
}

/// One message arrow.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub message: MessageId,
    /// `m3`, or `S1` for a marker.
    pub label: String,
    pub from: Point,
    pub to: Point,
    pub marker: Option<SnapshotId>,
    /// Still in flight: `to` is the right edge.
    pub in_flight: bool,
    pub role: ArrowRole,
    /// The send and receive events' sequence numbers.
    pub send_seq: u32,
    pub receive_seq: Option<u32>,
    /// The column of the receive (or of the loss); `None` while in flight.
    pub column: Option<u32>,
    /// Lost (a fault): the arrow ends between the lanes at the loss, where a cross is drawn.
    pub lost: bool,
    /// A copy made by a duplicate fault: the arrow starts at the duplicate event.
    pub copy: bool,
}

/// One snapshot's cut line: a point per process, top to bottom; a process that has not
/// recorded yet sits at the right edge.
#[derive(Clone, Debug, PartialEq)]
pub struct CutLine {
    pub snapshot: SnapshotId,
    pub points: Vec<Point>,
    pub complete: bool,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct SpaceTime {
    /// The width of one action's column.
    pub column: f64,
    pub width: f64,
    pub height: f64,
    pub lanes: Vec<(ProcessId, f64)>,
    pub dots: Vec<Dot>,
    pub arrows: Vec<Arrow>,
    pub cuts: Vec<CutLine>,
    /// Crashed processes and the x of their crash: their line is drawn dashed from there on.
    pub crashes: Vec<(ProcessId, f64)>,
}

/// The width of one action's column when the run has `columns` actions.
pub fn column_width(columns: u32) -> f64 {
    (TARGET_WIDTH / f64::from(columns.max(1))).clamp(MIN_COLUMN, MAX_COLUMN)
}

/// The x of an action's column.
pub fn column_x(action: u32, width: f64) -> f64 {
    LEFT + (f64::from(action) + 0.5) * width
}

/// The y of a process's line.
pub fn lane_y(process: ProcessId) -> f64 {
    TOP + process as f64 * LANE_GAP
}

impl SpaceTime {
    /// Where an event sits (every event, drawn as a dot or not): its action's column on its
    /// process's line.
    pub fn point(&self, event: &crate::sim::Event) -> Point {
        Point { x: column_x(event.action, self.column), y: lane_y(event.process) }
    }
}

/// The x positions of a process's events, in order along its line.
pub fn event_xs(st: &SpaceTime, log: &Log, process: usize) -> Vec<f64> {
    log.events.iter().filter(|e| e.process == process).map(|e| st.point(e).x).collect()
}

/// Where a drawn cut (for each process, how many of its events are before it) crosses each
/// process's line: halfway between its last event before the cut and its first after it; before
/// the first event or after the last by half a column. Positions past the end count as the end.
pub fn cut_points(st: &SpaceTime, log: &Log, cut: &[usize]) -> Vec<Point> {
    st.lanes
        .iter()
        .map(|&(p, y)| {
            let xs = event_xs(st, log, p);
            let k = cut.get(p).copied().unwrap_or_default().min(xs.len());
            let half = st.column / 2.0;
            let x = match (k.checked_sub(1).map(|i| xs[i]), xs.get(k)) {
                (Some(a), Some(&b)) => (a + b) / 2.0,
                (Some(a), None) => a + half,
                (None, Some(&b)) => (b - half).max(LEFT),
                (None, None) => LEFT,
            };
            Point { x, y }
        })
        .collect()
}

/// Columns per chunk: the diagram is drawn in chunks of columns so that a page can redraw
/// only the chunks whose content changed (see [`chunk_hashes`]).
pub const CHUNK: u32 = 16;

/// A digest of what each chunk draws (its dots and its received arrows, by column of the
/// receive), so that unchanged chunks can be skipped. Arrows still in flight belong to no chunk.
pub fn chunk_hashes(st: &SpaceTime) -> Vec<u64> {
    fn mix(h: &mut u64, v: u64) {
        *h = (*h ^ v).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let columns = st.dots.iter().map(|d| d.column).chain(st.arrows.iter().filter_map(|a| a.column)).max();
    let Some(last) = columns else { return Vec::new() };
    let mut hashes = vec![0xcbf2_9ce4_8422_2325u64; (last / CHUNK) as usize + 1];
    for d in &st.dots {
        let h = &mut hashes[(d.column / CHUNK) as usize];
        mix(h, u64::from(d.seq));
        mix(h, d.at.x.to_bits());
        mix(h, d.at.y.to_bits());
        mix(
            h,
            match d.kind {
                DotKind::Send => 1,
                DotKind::Receive => 2,
                DotKind::Internal => 3,
                DotKind::Record(s) => 4 + u64::from(s),
                DotKind::Fault => 3_000,
            },
        );
    }
    for a in &st.arrows {
        let Some(column) = a.column else { continue };
        let h = &mut hashes[(column / CHUNK) as usize];
        mix(h, u64::from(a.message) | u64::from(a.lost) << 40 | u64::from(a.copy) << 41);
        for v in [a.from.x, a.from.y, a.to.x, a.to.y] {
            mix(h, v.to_bits());
        }
        mix(
            h,
            match a.role {
                ArrowRole::Plain => 0,
                ArrowRole::InTransit(s) => 1 + 2 * u64::from(s),
                ArrowRole::Orphan(s) => 2 + 2 * u64::from(s),
            },
        );
    }
    hashes
}

/// Lays out a log. `snapshots` are the log's assembled snapshots and `reports` the cut
/// reports of the complete ones (with their snapshot ids), used to mark in-transit and orphan
/// messages. Message ids are dense and in send order, so per-message data lives in vectors.
pub fn layout(log: &Log, snapshots: &[Snapshot], reports: &[(SnapshotId, &CutReport)]) -> SpaceTime {
    let n = log.topology.process_count();
    let columns = log.events.last().map_or(0, |e| e.action + 1);
    let column = column_width(columns);
    // Once columns have their narrowest width, the right edge (where messages in flight point)
    // moves in steps of four columns, so that most actions leave every message in flight where
    // it was drawn; the browser then redraws only what the action changed.
    let right = column_x(columns, column) + column.min(48.0);
    let right = if column <= MIN_COLUMN { (right / (4.0 * column)).ceil() * 4.0 * column } else { right };
    let width = right + 24.0;
    let height = lane_y(n - 1) + 40.0;
    let lanes = (0..n).map(|p| (p, lane_y(p))).collect();
    // Message ids are dense over sends and copies.
    let messages = log
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Send { message } | EventKind::Duplicate { copy: message, .. } => Some(message.id as usize + 1),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let mut crashes = Vec::new();

    let mut roles = vec![ArrowRole::Plain; messages];
    for &(snapshot, report) in reports {
        for m in &report.in_transit {
            if let Some(r @ ArrowRole::Plain) = roles.get_mut(m.id as usize) {
                *r = ArrowRole::InTransit(snapshot);
            }
        }
        for m in &report.orphans {
            if let Some(r) = roles.get_mut(m.id as usize) {
                *r = ArrowRole::Orphan(snapshot);
            }
        }
    }

    let mut dots = Vec::new();
    // One arrow per message, by id: a message's send comes before its receive.
    let mut arrows: Vec<Option<(Arrow, ProcessId)>> = vec![None; messages];
    let mut record_points: Vec<Vec<Option<Point>>> = vec![vec![None; n]; snapshots.len()];
    for e in &log.events {
        let at = Point { x: column_x(e.action, column), y: lane_y(e.process) };
        match &e.kind {
            EventKind::Send { message } | EventKind::Duplicate { copy: message, .. } => {
                let copy = matches!(e.kind, EventKind::Duplicate { .. });
                let (marker, label) = match message.kind {
                    MessageKind::Marker { snapshot } => (Some(snapshot), format!("S{snapshot}")),
                    MessageKind::App { number, .. } => (None, format!("m{number}")),
                };
                if copy {
                    dots.push(Dot { seq: e.seq, column: e.action, process: e.process, at, kind: DotKind::Fault });
                } else if marker.is_none() {
                    dots.push(Dot { seq: e.seq, column: e.action, process: e.process, at, kind: DotKind::Send });
                }
                let arrow = Arrow {
                    message: message.id,
                    label,
                    from: at,
                    to: at,
                    marker,
                    in_flight: true,
                    role: roles.get(message.id as usize).copied().unwrap_or(ArrowRole::Plain),
                    send_seq: e.seq,
                    receive_seq: None,
                    column: None,
                    lost: false,
                    copy,
                };
                if let Some(slot) = arrows.get_mut(message.id as usize) {
                    *slot = Some((arrow, message.channel.to));
                }
            }
            EventKind::Receive { message, .. } => {
                dots.push(Dot { seq: e.seq, column: e.action, process: e.process, at, kind: DotKind::Receive });
                if let Some(Some((arrow, _))) = arrows.get_mut(message.id as usize) {
                    arrow.to = at;
                    arrow.in_flight = false;
                    arrow.receive_seq = Some(e.seq);
                    arrow.column = Some(e.action);
                }
            }
            EventKind::Internal { .. } => {
                dots.push(Dot { seq: e.seq, column: e.action, process: e.process, at, kind: DotKind::Internal })
            }
            EventKind::Wait { .. } => {
                dots.push(Dot { seq: e.seq, column: e.action, process: e.process, at, kind: DotKind::Internal })
            }
            EventKind::Drop { message } => {
                dots.push(Dot { seq: e.seq, column: e.action, process: e.process, at, kind: DotKind::Fault });
                if let Some(Some((arrow, to))) = arrows.get_mut(message.id as usize) {
                    // Lost on the way: the arrow stops half a lane from the sender, towards the
                    // receiver (so never on another process's line), at the loss's column.
                    let towards = if lane_y(*to) > arrow.from.y { 1.0 } else { -1.0 };
                    arrow.to = Point { x: at.x, y: arrow.from.y + towards * LANE_GAP / 2.0 };
                    arrow.in_flight = false;
                    arrow.lost = true;
                    arrow.receive_seq = None;
                    arrow.column = Some(e.action);
                }
            }
            EventKind::Crash => {
                dots.push(Dot { seq: e.seq, column: e.action, process: e.process, at, kind: DotKind::Fault });
                crashes.push((e.process, at.x));
            }
            EventKind::RecordState { snapshot, .. } => {
                if let Some(slot) = record_points.get_mut(*snapshot as usize - 1) {
                    slot[e.process] = Some(at);
                }
                dots.push(Dot {
                    seq: e.seq,
                    column: e.action,
                    process: e.process,
                    at,
                    kind: DotKind::Record(*snapshot),
                })
            }
            _ => {}
        }
    }
    // Messages still in flight point at the right edge, level with a point between the lanes.
    let arrows = arrows
        .into_iter()
        .flatten()
        .map(|(mut arrow, to_process)| {
            if arrow.in_flight {
                arrow.to = Point { x: right, y: (arrow.from.y + lane_y(to_process)) / 2.0 };
            }
            arrow
        })
        .collect();

    let cuts = snapshots
        .iter()
        .map(|s| {
            let points = (0..n)
                .map(|p| {
                    let recorded = record_points.get(s.id as usize - 1).and_then(|points| points[p]);
                    recorded.unwrap_or(Point { x: right, y: lane_y(p) })
                })
                .collect();
            CutLine { snapshot: s.id, points, complete: s.complete }
        })
        .collect();
    SpaceTime { column, width, height, lanes, dots, arrows, cuts, crashes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cut::check_cut;
    use crate::sim::snapshot::assemble;
    use crate::sim::{Action, Discipline, Topology, Unit, World};

    fn run() -> World {
        let t = Topology::complete(Topology::specs(&[100, 100, 100]), Discipline::Fifo, Unit::Balance).unwrap();
        let mut w = World::new(t);
        w.apply(&Action::Send { from: 1, to: 0, amount: 5 }).unwrap();
        w.apply(&Action::Snapshot { process: 0 }).unwrap();
        while let Some(&message) = w.deliverable().first() {
            w.apply(&Action::Deliver { message }).unwrap();
        }
        w.apply(&Action::Send { from: 0, to: 2, amount: 1 }).unwrap();
        w
    }

    #[test]
    fn a_drawn_cut_crosses_each_line_between_the_events_it_separates() {
        let w = run();
        let st = layout(w.log(), &[], &[]);
        let xs = |p: usize| -> Vec<f64> {
            w.log().events.iter().filter(|e| e.process == p).map(|e| st.point(e).x).collect()
        };
        let p0 = xs(0);
        let points = cut_points(&st, w.log(), &[0, 1, 99]);
        assert_eq!(points.len(), 3);
        assert!(points[0].x < p0[0] && points[0].x >= LEFT);
        let p1 = xs(1);
        assert!(points[1].x >= p1[0] && points[1].x <= p1[1]);
        let p2 = xs(2);
        assert!(points[2].x > *p2.last().unwrap());
        assert_eq!(points.iter().map(|p| p.y).collect::<Vec<_>>(), [lane_y(0), lane_y(1), lane_y(2)]);
        // Too short a cut counts as zero for the missing processes.
        assert_eq!(cut_points(&st, w.log(), &[])[2].x, cut_points(&st, w.log(), &[0, 0, 0])[2].x);
    }

    #[test]
    fn every_message_has_one_arrow_and_in_flight_ones_reach_the_right_edge() {
        let w = run();
        let snapshots = assemble(w.log());
        let layout = layout(w.log(), &snapshots, &[]);
        let sends = w.log().events.iter().filter(|e| matches!(e.kind, EventKind::Send { .. })).count();
        assert_eq!(layout.arrows.len(), sends);
        let in_flight: Vec<_> = layout.arrows.iter().filter(|a| a.in_flight).collect();
        assert_eq!(in_flight.len(), 1);
        assert_eq!(in_flight[0].label, "m2");
        assert!(in_flight[0].to.x > layout.arrows.iter().filter(|a| !a.in_flight).map(|a| a.to.x).fold(0.0, f64::max));
        // Arrows go forward in time.
        assert!(layout.arrows.iter().all(|a| a.to.x >= a.from.x));
        assert!(layout.arrows.iter().all(|a| a.to.x <= layout.width));
    }

    #[test]
    fn chunks_change_only_where_the_drawing_changes() {
        // A long run (fixed column width), then one more delivery.
        let t =
            Topology::complete(Topology::specs(&[10_000, 10_000, 10_000]), Discipline::Fifo, Unit::Balance).unwrap();
        let mut w = World::new(t);
        for i in 0..200 {
            w.apply(&Action::Send { from: i % 3, to: (i + 1) % 3, amount: 1 }).unwrap();
            if i % 2 == 1 {
                let m = w.deliverable()[0];
                w.apply(&Action::Deliver { message: m }).unwrap();
            }
        }
        let before = chunk_hashes(&layout(w.log(), &[], &[]));
        let m = w.deliverable()[0];
        w.apply(&Action::Deliver { message: m }).unwrap();
        let after = chunk_hashes(&layout(w.log(), &[], &[]));
        assert!(before.len() >= 4);
        let last = after.len() - 1;
        assert_eq!(before[..last], after[..last], "old chunks changed");
        assert_ne!(before.get(last), after.get(last), "the new delivery's chunk did not change");
    }

    #[test]
    fn in_a_long_run_most_actions_leave_the_messages_in_flight_where_they_were() {
        // A long run (fixed column width) with messages left in flight, then 40 internal events.
        let t =
            Topology::complete(Topology::specs(&[10_000, 10_000, 10_000]), Discipline::Fifo, Unit::Balance).unwrap();
        let mut w = World::new(t);
        for i in 0..60 {
            w.apply(&Action::Send { from: i % 3, to: (i + 1) % 3, amount: 1 }).unwrap();
        }
        let in_flight = |w: &World| -> Vec<(Point, Point)> {
            let st = layout(w.log(), &[], &[]);
            let last = st.dots.iter().map(|d| d.at.x).fold(0.0, f64::max);
            // The right edge stays right of the newest event, by less than five columns.
            assert!(st.width > last && st.width - last <= 5.0 * MIN_COLUMN + 24.0 + 48.0, "{} vs {last}", st.width);
            st.arrows.iter().filter(|a| a.in_flight).map(|a| (a.from, a.to)).collect()
        };
        let mut unchanged = 0;
        let mut before = in_flight(&w);
        assert_eq!(before.len(), 60);
        for _ in 0..40 {
            w.apply(&Action::Internal { process: 0, delta: 1 }).unwrap();
            let after = in_flight(&w);
            unchanged += usize::from(after == before);
            before = after;
        }
        // The edge moves every fourth action: three in four leave all 60 lines as they were.
        assert_eq!(unchanged, 30);
    }

    #[test]
    fn the_cut_passes_through_each_record_point_and_marks_the_message_in_transit() {
        let w = run();
        let snapshots = assemble(w.log());
        let cut = snapshots[0].cut().unwrap();
        let report = check_cut(w.log(), &cut).unwrap();
        let layout = layout(w.log(), &snapshots, &[(1, &report)]);
        let line = &layout.cuts[0];
        assert!(line.complete);
        for (p, point) in line.points.iter().enumerate() {
            let record = layout.dots.iter().find(|d| d.process == p && d.kind == DotKind::Record(1)).unwrap();
            assert_eq!(record.at, *point);
        }
        // m1 (P2→P1) was sent before P2 recorded and received after P1 recorded.
        let m1 = layout.arrows.iter().find(|a| a.label == "m1").unwrap();
        assert_eq!(m1.role, ArrowRole::InTransit(1));
    }

    #[test]
    fn a_lost_message_stops_between_the_lanes_a_copy_has_its_own_arrow_and_a_crash_is_marked() {
        use crate::sim::MessageRef;
        let t = Topology::complete(Topology::specs(&[100, 100, 100]), Discipline::Fifo, Unit::Balance).unwrap();
        let mut w = World::new(t);
        w.apply(&Action::Send { from: 0, to: 1, amount: 5 }).unwrap();
        w.apply(&Action::Send { from: 0, to: 2, amount: 7 }).unwrap();
        w.apply(&Action::Duplicate { message: MessageRef::App { number: 2 } }).unwrap();
        w.apply(&Action::Drop { message: MessageRef::App { number: 1 } }).unwrap();
        w.apply(&Action::Deliver { message: MessageRef::App { number: 3 } }).unwrap_err();
        w.apply(&Action::Deliver { message: MessageRef::App { number: 2 } }).unwrap();
        w.apply(&Action::Deliver { message: MessageRef::App { number: 3 } }).unwrap();
        w.apply(&Action::Crash { process: 1 }).unwrap();
        let st = layout(w.log(), &[], &[]);
        assert_eq!(st.arrows.len(), 3, "m1, m2 and the copy m3");
        let m1 = st.arrows.iter().find(|a| a.label == "m1").unwrap();
        assert!(m1.lost && !m1.in_flight && m1.receive_seq.is_none());
        assert_eq!(m1.to.y, (lane_y(0) + lane_y(1)) / 2.0, "between the sender's and the receiver's lines");
        assert_eq!(m1.to.x, column_x(3, st.column), "it stops at the loss");
        let m3 = st.arrows.iter().find(|a| a.label == "m3").unwrap();
        assert!(m3.copy && !m3.lost && !m3.in_flight);
        assert_eq!(m3.from.x, column_x(2, st.column), "the copy starts at the duplicate event");
        assert_eq!(st.dots.iter().filter(|d| d.kind == DotKind::Fault).count(), 3);
        assert_eq!(st.crashes, [(1, column_x(6, st.column))]);
        // Lost between P3 and P1, the arrow stops between P3's and P2's lines, not on P2's.
        w.apply(&Action::Send { from: 2, to: 0, amount: 1 }).unwrap();
        w.apply(&Action::Drop { message: MessageRef::App { number: 4 } }).unwrap();
        let st = layout(w.log(), &[], &[]);
        let m4 = st.arrows.iter().find(|a| a.label == "m4").unwrap();
        assert!(m4.lost);
        assert_eq!(m4.to.y, (lane_y(2) + lane_y(1)) / 2.0);
    }
}
