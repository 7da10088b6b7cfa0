//! The auto-graded exercises: eight kinds, each generated from a seed at three levels and
//! graded by pure code. A wrong answer gets one feedback item per mistake, each naming the
//! process, channel or message involved and pointing at the event (by its number in the log
//! the learner looks at) and the rule of the algorithm that decide it.
//!
//! Every exercise is built with the core's seeded generator ([`Rng`]) and checked while it
//! is built: the lab kinds are solvable (a winning run is constructed or found by a bounded
//! search), and [`solve`] returns a correct answer for every exercise.

use crate::i18n::{say, tr, translate};
use crate::sim::cut::check_cut;
use crate::sim::event::{join_names, message_list, Event, EventKind, Log, Rule};
use crate::sim::rng::Rng;
use crate::sim::rules::ChannelRecording;
use crate::sim::snapshot::{assemble, ChannelState};
use crate::sim::world::SnapshotProgress;
use crate::sim::{
    Action, Channel, ChannelId, Discipline, Message, MessageId, ProcessId, Scenario, SnapshotId, Topology, Unit, World,
};
use crate::{en, tf};

mod breaks;
mod tells;
pub use crate::sim::faults::Property;
pub use breaks::{choice_text, finding, CHOICES};
pub use tells::{claim_text, Claim};

/// The eight kinds of exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    SendGoal,
    Predict,
    WhichCut,
    IsConsistent,
    OrderMarkers,
    Count,
    /// What does this snapshot tell you? ([`tells`])
    Tells,
    /// Safety or liveness? ([`breaks`])
    Breaks,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::SendGoal,
        Kind::Predict,
        Kind::WhichCut,
        Kind::IsConsistent,
        Kind::OrderMarkers,
        Kind::Count,
        Kind::Tells,
        Kind::Breaks,
    ];

    /// The stable id, e.g. `send-goal`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::SendGoal => "send-goal",
            Kind::Predict => "predict",
            Kind::WhichCut => "which-cut",
            Kind::IsConsistent => "consistent",
            Kind::OrderMarkers => "order-markers",
            Kind::Count => "count",
            Kind::Tells => "snapshot-tells",
            Kind::Breaks => "safety-liveness",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// A short English title (the page shows it with [`translate`]).
    pub fn title(self) -> &'static str {
        match self {
            Kind::SendGoal => en!("Make a channel record"),
            Kind::Predict => en!("Predict the recording"),
            Kind::WhichCut => en!("Which cut?"),
            Kind::IsConsistent => en!("Is this cut consistent?"),
            Kind::OrderMarkers => en!("Order the deliveries"),
            Kind::Count => en!("Count the markers"),
            Kind::Tells => en!("What does this snapshot tell you?"),
            Kind::Breaks => en!("Safety or liveness?"),
        }
    }
}

/// Levels are `1..=LEVELS`.
pub const LEVELS: u8 = 3;

/// One generated exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    pub kind: Kind,
    /// 1..=3.
    pub level: u8,
    pub seed: u64,
    /// The scenario the lab shows when the exercise opens (topology + actions so far).
    pub scenario: Scenario,
    /// The task in one or two English sentences, naming processes/channels by label.
    pub prompt: String,
    pub task: Task,
}

/// What the learner is asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Task {
    /// Kind 1: act in the lab (send, deliver, anything) until the goal holds.
    /// The goal: when snapshot `snapshot` is complete, `channel` has recorded exactly `count` messages.
    SendGoal { snapshot: SnapshotId, channel: Channel, count: usize },
    /// Kind 5: deliver (in the lab) in an order that makes `channel`'s recording in `snapshot`
    /// empty (`empty: true`) or non-empty. Only deliveries count: any other action after the
    /// exercise's own is graded wrong.
    OrderMarkers { snapshot: SnapshotId, channel: Channel, empty: bool },
    /// Kind 2: the lab shows a run paused mid-snapshot. The run then continues with no new
    /// sends, delivering the message in flight that was SENT EARLIEST first (oldest first,
    /// markers included), until nothing is in flight. Predict each process's recorded state and
    /// each channel's recorded messages in `snapshot`. `solution` is that continued scenario;
    /// feedback events are numbered in its log, whose first events are the shown run's.
    Predict { snapshot: SnapshotId, solution: Scenario },
    /// Kind 3: the lab shows a finished run; pick, for every process, where `snapshot`'s cut crosses its line.
    WhichCut { snapshot: SnapshotId },
    /// Kind 4: the lab shows a finished run with this cut drawn (same convention as
    /// `Snapshot::cut` / `cut::check_cut`: for each process, how many of its events are before the cut).
    IsConsistent { cut: Vec<usize> },
    /// Kind 6: how many markers does one snapshot send on the shown topology?
    Count,
    /// Kind 7: the lab shows a finished run with `snapshot` complete; which of `claims` follow?
    Tells { snapshot: SnapshotId, claims: Vec<Claim> },
    /// Kind 8: the lab shows a run where an assumption broke at event `fault` (a drop,
    /// duplicate or crash, or the receive of a message that overtook a marker); what did it
    /// break for S1?
    Breaks { fault: u32 },
}

/// The learner's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Kinds 1 and 5: the learner's scenario (the exercise scenario plus the actions they took).
    /// Graded at its timeline cursor (`view.cursor`) when one is set.
    Lab(Scenario),
    /// Kind 2: `states[p]` the predicted recorded state of process p (None: left blank),
    /// `channels[c]` the predicted recorded message ids on channel id c (topology order), in any order.
    Predict { states: Vec<Option<i64>>, channels: Vec<Vec<MessageId>> },
    /// Kind 3: the picked cut, one entry per process.
    Cut(Vec<usize>),
    /// Kind 4: the verdict and, when inconsistent, the orphan message picked (its MessageId).
    Consistent { consistent: bool, orphan: Option<MessageId> },
    /// Kind 6.
    Count(usize),
    /// Kind 7: for each claim, in order, whether the learner says it follows.
    Claims(Vec<bool>),
    /// Kind 8: what the learner says the broken assumption broke.
    Breaks(Property),
}

/// The grade of one answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Grade {
    pub correct: bool,
    /// One sentence when right; when wrong, one item per mistake. Never empty.
    pub feedback: Vec<Feedback>,
}

/// One feedback item.
#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    pub text: String,
    /// The event to highlight (Event::seq in the log the learner is looking at), if any.
    pub event: Option<u32>,
    /// The rule of the algorithm involved, if any.
    pub rule: Option<Rule>,
    /// The message involved, if any.
    pub message: Option<MessageId>,
}

/// Attempts at a random layout before a generator falls back to a hand-built one.
const ATTEMPTS: usize = 48;
/// Nodes a delivery-order search may visit.
const SEARCH_BUDGET: u32 = 3000;

// ---------------------------------------------------------------------------------------
// Generation

/// The exercise of `kind` at `level` (clamped into 1..=3) for `seed`. Deterministic.
pub fn generate(kind: Kind, level: u8, seed: u64) -> Exercise {
    let level = level.clamp(1, LEVELS);
    let mut rng = Rng::for_step(seed, kind as u64 * 8 + u64::from(level));
    let (scenario, task) = match kind {
        Kind::SendGoal => gen_send_goal(level, seed, &mut rng),
        Kind::Predict => gen_predict(level, seed, &mut rng),
        Kind::WhichCut => gen_which_cut(level, seed, &mut rng),
        Kind::IsConsistent => gen_consistent(level, seed, &mut rng),
        Kind::OrderMarkers => gen_order(level, seed, &mut rng),
        Kind::Count => (Scenario::new(count_topology(level, &mut rng), seed), Task::Count),
        Kind::Tells => tells::generate(level, seed, &mut rng),
        Kind::Breaks => breaks::generate(level, seed, &mut rng),
    };
    let prompt = prompt(&scenario, &task);
    Exercise { kind, level, seed, scenario, prompt, task }
}

fn prompt(scenario: &Scenario, task: &Task) -> String {
    let t = &scenario.topology;
    match task {
        Task::SendGoal { snapshot: s, channel, count } => tf!(
            "{0} has started snapshot S{1}. Act in the lab (send and deliver messages) so that, when S{1} is \
             complete, channel {2} has recorded exactly {3}.",
            initiators(scenario, *s),
            s,
            chan(t, *channel),
            n_messages(*count)
        ),
        Task::OrderMarkers { snapshot: s, channel, empty: true } => tf!(
            "{0} has started snapshot S{1} and messages are in flight. Without sending anything, deliver them in \
             an order that leaves the recording of channel {2} in S{1} empty.",
            initiators(scenario, *s),
            s,
            chan(t, *channel)
        ),
        Task::OrderMarkers { snapshot: s, channel, empty: false } => tf!(
            "{0} has started snapshot S{1} and messages are in flight. Without sending anything, deliver them in \
             an order that makes channel {2} record at least one message in S{1}.",
            initiators(scenario, *s),
            s,
            chan(t, *channel)
        ),
        Task::Predict { snapshot: s, .. } => tf!(
            "The run is paused in the middle of snapshot S{0}. It goes on with no new sends, always delivering the \
             message in flight that was sent earliest (markers included). What state will each process record for \
             S{0}, and which messages will each channel record?",
            s
        ),
        Task::WhichCut { snapshot: s } => {
            if *s == 1 && scenario_snapshots(scenario) == 1 {
                tf!("This run is finished and S1 is complete. For each process, pick where the cut of S{0} crosses its line.", s)
            } else {
                tf!(
                    "This run is finished and both snapshots, S1 and S2, are complete. For each process, pick where \
                     the cut of S{0} crosses its line.",
                    s
                )
            }
        }
        Task::IsConsistent { .. } => tr("A cut is drawn across this finished run. Is it a consistent cut? If it is \
                                      not, pick an orphan message.")
        .to_string(),
        Task::Count => tr("How many markers does one snapshot send on this topology, from its start until it is \
                        complete?")
        .to_string(),
        Task::Tells { snapshot: s, .. } => tf!(
            "This run is finished and snapshot S{0} is complete. Which of these statements follow? Tick each one \
             that does, and only those.",
            s
        ),
        Task::Breaks { fault } => breaks::prompt(scenario, *fault),
    }
}

fn scenario_snapshots(scenario: &Scenario) -> usize {
    scenario.actions.iter().filter(|a| matches!(a, Action::Snapshot { .. })).count()
}

fn initiators(scenario: &Scenario, s: SnapshotId) -> String {
    let w = scenario.replay().world;
    let names: Vec<String> = w
        .snapshots()
        .get((s as usize).wrapping_sub(1))
        .map(|p| p.initiators.iter().map(|&q| label(&scenario.topology, q).to_string()).collect())
        .unwrap_or_default();
    if names.is_empty() {
        tr("A process").to_string()
    } else {
        say(&join_names(&names))
    }
}

/// A run being built: the world and the actions that made it.
struct Build {
    world: World,
    actions: Vec<Action>,
}

impl Build {
    fn new(t: &Topology) -> Self {
        Build { world: World::new(t.clone()), actions: Vec::new() }
    }

    fn resume(s: &Scenario) -> Self {
        let r = s.replay();
        let applied = r.error.as_ref().map_or(s.actions.len(), |e| e.index);
        Build { world: r.world, actions: s.actions[..applied].to_vec() }
    }

    fn act(&mut self, a: Action) -> bool {
        let ok = self.world.apply(&a).is_ok();
        if ok {
            self.actions.push(a);
        }
        ok
    }

    fn deliver(&mut self, m: &Message) -> bool {
        let message = self.world.message_ref(m);
        self.act(Action::Deliver { message })
    }

    /// A random send of 10 to 90 on a random channel (refused when the balance is too low).
    fn send(&mut self, rng: &mut Rng) -> bool {
        let cs = self.world.topology().channels();
        let c = cs[rng.below(cs.len())];
        self.act(Action::Send { from: c.from, to: c.to, amount: rng.range(1, 9) * 10 })
    }

    fn deliver_random(&mut self, rng: &mut Rng) -> bool {
        let h = heads(&self.world);
        !h.is_empty() && self.deliver(&h[rng.below(h.len())])
    }

    /// A send (`sends` times in ten) or a delivery.
    fn step(&mut self, rng: &mut Rng, sends: usize) {
        if rng.below(10) < sends {
            self.send(rng);
        } else {
            self.deliver_random(rng);
        }
    }

    /// Delivers the oldest message in flight until none is left.
    fn drain(&mut self) {
        while let Some(m) = oldest(&self.world) {
            if !self.deliver(&m) {
                break;
            }
        }
    }

    fn drain_random(&mut self, rng: &mut Rng) {
        while self.deliver_random(rng) {}
    }

    fn scenario(&self, seed: u64) -> Scenario {
        let mut s = Scenario::new(self.world.topology().clone(), seed);
        s.actions = self.actions.clone();
        s
    }

    fn progress(&self, s: SnapshotId) -> Option<&SnapshotProgress> {
        progress(&self.world, s)
    }
}

fn progress(w: &World, s: SnapshotId) -> Option<&SnapshotProgress> {
    w.snapshots().get((s as usize).wrapping_sub(1))
}

fn recorded(w: &World, s: SnapshotId, p: ProcessId) -> bool {
    progress(w, s).is_some_and(|x| x.recorded.get(p).is_some_and(Option::is_some))
}

fn closed(w: &World, s: SnapshotId, c: ChannelId) -> bool {
    progress(w, s).is_some_and(|x| x.channels.get(c) == Some(&ChannelRecording::Closed))
}

/// The message at the head of every channel (what FIFO lets be delivered), in channel order.
fn heads(w: &World) -> Vec<Message> {
    (0..w.topology().channels().len()).filter_map(|c| w.in_flight(c).next().copied()).collect()
}

/// The message in flight that was sent earliest.
fn oldest(w: &World) -> Option<Message> {
    heads(w).into_iter().min_by_key(|m| m.id)
}

fn in_flight_count(w: &World) -> usize {
    (0..w.topology().channels().len()).map(|c| w.in_flight(c).count()).sum()
}

/// A complete graph of `n` processes with balances of 300 to 1200, FIFO.
fn complete(rng: &mut Rng, n: usize) -> Topology {
    let initial: Vec<i64> = (0..n).map(|_| rng.range(3, 12) * 100).collect();
    match Topology::complete(Topology::specs(&initial), Discipline::Fifo, Unit::Balance) {
        Ok(t) => t,
        // 2 to 5 processes with small balances are always a valid topology.
        Err(_) => unreachable!(),
    }
}

fn other(rng: &mut Rng, n: usize, not: ProcessId) -> ProcessId {
    (not + 1 + rng.below(n - 1)) % n
}

fn send(from: ProcessId, to: ProcessId, amount: i64) -> Action {
    Action::Send { from, to, amount }
}

fn exercise(kind: Kind, level: u8, seed: u64, scenario: Scenario, task: Task) -> Exercise {
    Exercise { kind, level, seed, prompt: String::new(), scenario, task }
}

// Kind 1 -----------------------------------------------------------------------------------

fn gen_send_goal(level: u8, seed: u64, rng: &mut Rng) -> (Scenario, Task) {
    let n = usize::from(level) + 1;
    for _ in 0..ATTEMPTS {
        let t = complete(rng, n);
        let x = rng.below(n);
        let y = other(rng, n, x);
        let count = match level {
            1 => 1,
            2 => 1 + rng.below(2),
            _ => 2 + rng.below(2),
        };
        let initiator = match level {
            1 => y,
            2 => rng.below(n),
            _ => other(rng, n, y),
        };
        let mut b = Build::new(&t);
        for _ in 0..1 + rng.below(2 * n) {
            b.step(rng, 6);
        }
        if level == 1 {
            b.drain();
        } else if rng.below(2) == 0 {
            b.act(send(x, y, rng.range(1, 5) * 10));
        }
        b.act(Action::Snapshot { process: initiator });
        if level > 1 {
            for _ in 0..rng.below(2 * n) {
                b.deliver_random(rng);
            }
        }
        let channel = Channel { from: x, to: y };
        let task = Task::SendGoal { snapshot: 1, channel, count };
        let ex = exercise(Kind::SendGoal, level, seed, b.scenario(seed), task);
        if send_goal_fits(&ex, level, channel, count) {
            return (ex.scenario, ex.task);
        }
    }
    send_goal_fallback(level, seed)
}

/// A generated layout is used when S1 is running, the channel is still open, the goal is
/// reachable (the constructed plan wins) and, above level 1, simply finishing the run
/// oldest-first does not already reach it.
fn send_goal_fits(ex: &Exercise, level: u8, channel: Channel, count: usize) -> bool {
    let b = Build::resume(&ex.scenario);
    let Some(cid) = b.world.topology().channel_id(channel.from, channel.to) else { return false };
    let running = b.progress(1).is_some_and(|p| !p.complete);
    if !running
        || closed(&b.world, 1, cid)
        || (recorded(&b.world, 1, channel.from) && recorded(&b.world, 1, channel.to))
    {
        return false;
    }
    if level > 1 {
        let mut idle = Build::resume(&ex.scenario);
        idle.drain();
        if idle.progress(1).is_some_and(|p| p.channel_messages[cid].len() == count) {
            return false;
        }
    }
    grade(ex, &solve(ex)).correct
}

fn send_goal_fallback(level: u8, seed: u64) -> (Scenario, Task) {
    let n = usize::from(level) + 1;
    let t = complete(&mut Rng::new(seed), n);
    let initiator = if level == 1 { 1 } else { 2 };
    let mut s = Scenario::new(t, seed);
    s.actions.push(Action::Snapshot { process: initiator });
    (s, Task::SendGoal { snapshot: 1, channel: Channel { from: 0, to: 1 }, count: usize::from(level).max(2) - 1 })
}

/// A winning run: trims or tops up the application messages ahead of the marker on the
/// channel, then makes the receiver record on a marker from another channel, then finishes
/// the run oldest-first.
fn solve_send_goal(ex: &Exercise, s: SnapshotId, c: Channel, count: usize) -> Scenario {
    let mut b = Build::resume(&ex.scenario);
    if let Some(cid) = b.world.topology().channel_id(c.from, c.to) {
        let ahead = b.world.in_flight(cid).take_while(|m| !m.is_marker()).count();
        if ahead > count && !recorded(&b.world, s, c.to) {
            for _ in count..ahead {
                let head = b.world.in_flight(cid).next().copied();
                if let Some(m) = head {
                    b.deliver(&m);
                }
            }
        }
        if ahead < count && !recorded(&b.world, s, c.from) {
            let amount = (b.world.state(c.from) / (count - ahead) as i64).clamp(1, 10);
            for _ in ahead..count {
                b.act(send(c.from, c.to, amount));
            }
        }
        while !recorded(&b.world, s, c.to) {
            let Some(m) = heads(&b.world).into_iter().find(|m| m.channel != c) else { break };
            b.deliver(&m);
        }
        b.drain();
    }
    Scenario { actions: b.actions, ..ex.scenario.clone() }
}

// Kind 5 -----------------------------------------------------------------------------------

fn gen_order(level: u8, seed: u64, rng: &mut Rng) -> (Scenario, Task) {
    let empty = rng.below(2) == 0;
    let n = if level < 3 { 3 } else { 4 };
    let l = usize::from(level);
    for _ in 0..ATTEMPTS {
        let t = complete(rng, n);
        let x = rng.below(n);
        let y = other(rng, n, x);
        let initiator = other(rng, n, y);
        let mut b = Build::new(&t);
        for _ in 0..rng.below(2 * l) {
            b.step(rng, 6);
        }
        for _ in 0..1 + rng.below(l) {
            b.act(send(x, y, rng.range(1, 5) * 10));
        }
        for _ in 0..l - 1 + rng.below(l) {
            b.step(rng, 5);
        }
        b.act(Action::Snapshot { process: initiator });
        for _ in 0..rng.below(2 * l - 1) {
            b.step(rng, 3);
        }
        let channel = Channel { from: x, to: y };
        if order_fits(&b.world, channel) {
            return (b.scenario(seed), Task::OrderMarkers { snapshot: 1, channel, empty });
        }
    }
    order_fallback(level, seed, empty)
}

/// Both outcomes are reachable by deliveries alone (found by search), S1 is running.
fn order_fits(w: &World, c: Channel) -> bool {
    let Some(cid) = w.topology().channel_id(c.from, c.to) else { return false };
    if progress(w, 1).is_none_or(|p| p.complete) || closed(w, 1, cid) {
        return false;
    }
    // Necessary for both outcomes (and cheap): a message ahead of the marker, and a receiver
    // that has not recorded yet. The search then confirms both orders exist.
    if recorded(w, 1, c.to) || w.in_flight(cid).next().is_none_or(Message::is_marker) {
        return false;
    }
    [true, false].into_iter().all(|empty| order_search(w, 1, cid, empty, &mut { SEARCH_BUDGET }).is_some())
}

fn order_fallback(level: u8, seed: u64, empty: bool) -> (Scenario, Task) {
    let n = if level < 3 { 3 } else { 4 };
    let mut b = Build::new(&complete(&mut Rng::new(seed), n));
    b.act(send(0, 1, 20));
    b.act(Action::Snapshot { process: 2 });
    (b.scenario(seed), Task::OrderMarkers { snapshot: 1, channel: Channel { from: 0, to: 1 }, empty })
}

/// Deliveries from `w` until nothing is in flight such that channel `cid`'s recording in
/// snapshot `s` ends empty (or not): a depth-first search over delivery orders that tries
/// the moves most likely to help first, visiting at most `budget` undecided states.
fn order_search(w: &World, s: SnapshotId, cid: ChannelId, empty: bool, budget: &mut u32) -> Option<Vec<Action>> {
    let p = progress(w, s)?;
    if closed(w, s, cid) {
        if p.channel_messages[cid].is_empty() != empty {
            return None;
        }
        let mut b = Build { world: w.clone(), actions: Vec::new() };
        b.drain();
        return Some(b.actions);
    }
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let c = w.topology().channel(cid);
    let y_recorded = p.recorded[c.to].is_some();
    let rank = |m: &Message| match (empty, m.channel == c) {
        (true, true) if y_recorded && !m.is_marker() => 2,
        (true, true) => 0,
        (false, true) if y_recorded => 0,
        (false, true) => 2,
        (false, false) if m.is_marker() && m.channel.to == c.to => 0,
        _ => 1,
    };
    let hs = heads(w);
    for r in 0..3 {
        for m in hs.iter().filter(|m| rank(m) == r) {
            let mut next = w.clone();
            let a = Action::Deliver { message: next.message_ref(m) };
            if next.apply(&a).is_err() {
                continue;
            }
            if let Some(mut rest) = order_search(&next, s, cid, empty, budget) {
                rest.insert(0, a);
                return Some(rest);
            }
        }
    }
    None
}

// Kind 2 -----------------------------------------------------------------------------------

fn gen_predict(level: u8, seed: u64, rng: &mut Rng) -> (Scenario, Task) {
    let n = usize::from(level) + 1;
    for _ in 0..ATTEMPTS {
        let mut b = Build::new(&complete(rng, n));
        for _ in 0..rng.below(2 * n + 1) {
            b.step(rng, 6);
        }
        b.act(Action::Snapshot { process: rng.below(n) });
        for _ in 0..1 + rng.below(2 + 2 * n) {
            if b.progress(1).is_some_and(|p| p.complete) {
                break;
            }
            b.step(rng, 5);
        }
        if let Some(found) = predict_fits(b, n, seed) {
            return found;
        }
    }
    let mut b = predict_fallback(n, seed);
    let shown = b.scenario(seed);
    b.drain();
    (shown, Task::Predict { snapshot: 1, solution: b.scenario(seed) })
}

/// P2 sends m1 to P1, P1 starts S1, P2 sends m2 to P1: S1 will record both on P2 → P1.
fn predict_fallback(n: usize, seed: u64) -> Build {
    let mut b = Build::new(&complete(&mut Rng::new(seed), n));
    b.act(send(1, 0, 10));
    b.act(Action::Snapshot { process: 0 });
    b.act(send(1, 0, 20));
    b
}

/// A paused run is used when S1 is running with a process still to record, enough is in
/// flight, and finishing oldest-first records an application message received after the pause.
fn predict_fits(mut b: Build, n: usize, seed: u64) -> Option<(Scenario, Task)> {
    let p = b.progress(1)?;
    if p.complete || p.recorded.iter().all(Option::is_some) || in_flight_count(&b.world) < n {
        return None;
    }
    let shown = b.scenario(seed);
    let pause = b.world.events().len() as u32;
    b.drain();
    let fresh = b.world.events().iter().any(|e| {
        e.seq > pause && matches!(&e.kind, EventKind::Receive { recorded_in, .. } if recorded_in.contains(&1))
    });
    (fresh && b.progress(1)?.complete).then(|| (shown, Task::Predict { snapshot: 1, solution: b.scenario(seed) }))
}

// Kind 3 -----------------------------------------------------------------------------------

fn gen_which_cut(level: u8, seed: u64, rng: &mut Rng) -> (Scenario, Task) {
    let n = usize::from(level) + 1;
    let two = level == 3;
    let ask = if two { 1 + rng.below(2) as SnapshotId } else { 1 };
    for _ in 0..ATTEMPTS {
        let mut b = Build::new(&complete(rng, n));
        for _ in 0..2 + rng.below(2 * n) {
            b.step(rng, 6);
        }
        b.act(Action::Snapshot { process: rng.below(n) });
        let steps = 3 + rng.below(3 * n);
        let second = rng.below(steps + 1);
        for i in 0..=steps {
            if two && i == second {
                b.act(Action::Snapshot { process: rng.below(n) });
            }
            if i < steps {
                b.step(rng, 4);
            }
        }
        b.drain_random(rng);
        if which_cut_fits(b.world.log(), ask, if two { 2 } else { 1 }) {
            return (b.scenario(seed), Task::WhichCut { snapshot: ask });
        }
    }
    (which_cut_fallback(n, seed, two).scenario(seed), Task::WhichCut { snapshot: ask })
}

fn which_cut_fallback(n: usize, seed: u64, two: bool) -> Build {
    let mut b = Build::new(&complete(&mut Rng::new(seed), n));
    b.act(send(1, 0, 10));
    b.drain();
    b.act(Action::Snapshot { process: 0 });
    b.act(send(1, 0, 20));
    if two {
        b.act(Action::Snapshot { process: 1 });
    }
    // m3: P1 sends it after recording for S1, and P2 receives it after recording for S2, so
    // each cut has an application event after it.
    b.act(send(0, 1, 10));
    b.drain();
    b
}

/// Every snapshot complete, the asked cut has application events on both sides, and two
/// snapshots have different cuts.
fn which_cut_fits(log: &Log, ask: SnapshotId, snapshots: usize) -> bool {
    let ss = assemble(log);
    let cuts: Vec<Vec<usize>> = ss.iter().filter_map(|s| s.cut()).collect();
    if ss.len() != snapshots || ss.iter().any(|s| !s.complete) || cuts.len() != snapshots {
        return false;
    }
    let cut = &cuts[ask as usize - 1];
    let app = |e: &&Event| e.snapshot().is_none();
    let before = log.events.iter().filter(app).any(|e| (e.index as usize) < cut[e.process]);
    let after = log.events.iter().filter(app).any(|e| (e.index as usize) > cut[e.process]);
    before && after && (snapshots == 1 || cuts[0] != cuts[1])
}

// Kind 4 -----------------------------------------------------------------------------------

fn gen_consistent(level: u8, seed: u64, rng: &mut Rng) -> (Scenario, Task) {
    let n = usize::from(level) + 1;
    let inconsistent = rng.below(2) == 1;
    for attempt in 0..ATTEMPTS {
        let mut b = Build::new(&complete(rng, n));
        for _ in 0..3 + 3 * usize::from(level) {
            if rng.below(8) == 0 {
                b.act(Action::Internal { process: rng.below(n), delta: rng.range(1, 5) * 10 });
            } else {
                b.step(rng, 5);
            }
        }
        b.drain_random(rng);
        let log = b.world.log();
        let apps: Vec<Message> = log.events.iter().filter_map(|e| sent_app(e).copied()).collect();
        if apps.len() < 2 {
            continue;
        }
        let counts = log.event_counts();
        let mut cut: Vec<usize> = counts.iter().map(|&c| rng.below(c + 1)).collect();
        if inconsistent {
            let m = apps[rng.below(apps.len())];
            let (Some(s), Some(r)) = (sent(log, m.id), received(log, m.id)) else { continue };
            let (s, r) = (s.index as usize, r.index as usize + 1);
            cut[m.channel.from] = rng.below(s + 1);
            cut[m.channel.to] = r + rng.below(counts[m.channel.to] + 1 - r);
        } else {
            // Move each orphan's receiver back before its receive until none is left.
            while let Ok(report) = check_cut(log, &cut) {
                if report.orphans.is_empty() {
                    break;
                }
                for o in &report.orphans {
                    let r = received(log, o.id).map_or(0, |e| e.index as usize);
                    cut[o.channel.to] = cut[o.channel.to].min(r);
                }
            }
        }
        let Ok(report) = check_cut(log, &cut) else { continue };
        let dull = cut.iter().all(|&c| c == 0) || (!inconsistent && report.in_transit.is_empty());
        if report.is_consistent() != inconsistent && (!dull || attempt + 1 == ATTEMPTS) {
            return (b.scenario(seed), Task::IsConsistent { cut });
        }
    }
    consistent_fallback(n, seed, inconsistent)
}

/// m1 from P1 to P2, then m2 back; the cut holds m1's receive only (an orphan) or its send only.
fn consistent_fallback(n: usize, seed: u64, inconsistent: bool) -> (Scenario, Task) {
    let mut b = Build::new(&complete(&mut Rng::new(seed), n));
    b.act(send(0, 1, 10));
    b.drain();
    b.act(send(1, 0, 20));
    b.drain();
    let mut cut = vec![0; n];
    cut[usize::from(inconsistent)] = 1;
    (b.scenario(seed), Task::IsConsistent { cut })
}

// Kind 6 -----------------------------------------------------------------------------------

fn count_topology(level: u8, rng: &mut Rng) -> Topology {
    let n = usize::from(level) + 2;
    let initial: Vec<i64> = (0..n).map(|_| rng.range(3, 12) * 100).collect();
    let specs = Topology::specs(&initial);
    if level > 1 {
        for _ in 0..ATTEMPTS {
            // A ring through the processes (in a random order at level 3), plus chords.
            let mut order: Vec<ProcessId> = (0..n).collect();
            if level == 3 {
                for i in (1..n).rev() {
                    order.swap(i, rng.below(i + 1));
                }
            }
            let mut channels: Vec<Channel> =
                (0..n).map(|i| Channel { from: order[i], to: order[(i + 1) % n] }).collect();
            for from in 0..n {
                for to in 0..n {
                    let c = Channel { from, to };
                    if from != to && !channels.contains(&c) && rng.below(3) == 0 {
                        channels.push(c);
                    }
                }
            }
            if let Ok(t) = Topology::new(specs.clone(), channels, Discipline::Fifo, Unit::Balance) {
                if !t.is_complete() && t.channels().len() > n {
                    return t;
                }
            }
        }
    }
    match Topology::complete(specs, Discipline::Fifo, Unit::Balance) {
        Ok(t) => t,
        Err(_) => unreachable!(),
    }
}

// ---------------------------------------------------------------------------------------
// Solving

/// Reads the learner's count of markers: a whole number written in digits, with or without a
/// decimal point followed by zeros (`6`, `6.0`). `None` for anything else (an empty box, `1e1`,
/// `-1`, `6.5`), never a wrapped number.
pub fn parse_count(text: &str) -> Option<usize> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let whole_ok = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
    if !whole_ok || !fraction.bytes().all(|b| b == b'0') {
        return None;
    }
    whole.parse().ok()
}

/// A correct answer for every exercise; for the lab kinds, a winning scenario.
pub fn solve(exercise: &Exercise) -> Answer {
    let ex = exercise;
    match &ex.task {
        Task::SendGoal { snapshot, channel, count } => Answer::Lab(solve_send_goal(ex, *snapshot, *channel, *count)),
        Task::OrderMarkers { snapshot, channel, empty } => {
            let mut b = Build::resume(&ex.scenario);
            if let Some(cid) = b.world.topology().channel_id(channel.from, channel.to) {
                let found = order_search(&b.world, *snapshot, cid, *empty, &mut { SEARCH_BUDGET });
                b.actions.extend(found.unwrap_or_default());
            }
            Answer::Lab(Scenario { actions: b.actions, ..ex.scenario.clone() })
        }
        Task::Predict { snapshot, solution } => {
            let w = solution.replay().world;
            match progress(&w, *snapshot) {
                Some(p) => Answer::Predict {
                    states: p.recorded.clone(),
                    channels: p.channel_messages.iter().map(|ms| ms.iter().map(|m| m.id).collect()).collect(),
                },
                None => Answer::Predict { states: Vec::new(), channels: Vec::new() },
            }
        }
        Task::WhichCut { snapshot } => {
            let log = ex.scenario.replay().world.into_log();
            let cut = assemble(&log).get((*snapshot as usize).wrapping_sub(1)).and_then(|s| s.cut());
            Answer::Cut(cut.unwrap_or_default())
        }
        Task::IsConsistent { cut } => {
            let log = ex.scenario.replay().world.into_log();
            let orphan = check_cut(&log, cut).ok().and_then(|r| r.orphans.first().map(|m| m.id));
            Answer::Consistent { consistent: orphan.is_none(), orphan }
        }
        Task::Count => Answer::Count(ex.scenario.topology.channels().len()),
        Task::Tells { claims, .. } => tells::solve(ex, claims),
        Task::Breaks { fault } => breaks::solve(ex, *fault),
    }
}

// ---------------------------------------------------------------------------------------
// Grading

type Outcome = Result<Feedback, Vec<Feedback>>;

/// Grades an answer. Never panics: an answer of the wrong shape is wrong, with a reason.
pub fn grade(exercise: &Exercise, answer: &Answer) -> Grade {
    let ex = exercise;
    let outcome = match (&ex.task, answer) {
        (Task::SendGoal { snapshot, channel, count }, Answer::Lab(s)) => {
            grade_lab(ex, s, *snapshot, *channel, Goal::Count(*count))
        }
        (Task::OrderMarkers { snapshot, channel, empty }, Answer::Lab(s)) => {
            grade_lab(ex, s, *snapshot, *channel, Goal::Empty(*empty))
        }
        (Task::Predict { snapshot, solution }, Answer::Predict { states, channels }) => {
            grade_predict(ex, *snapshot, solution, states, channels)
        }
        (Task::WhichCut { snapshot }, Answer::Cut(cut)) => grade_which_cut(ex, *snapshot, cut),
        (Task::IsConsistent { cut }, Answer::Consistent { consistent, orphan }) => {
            grade_consistent(ex, cut, *consistent, *orphan)
        }
        (Task::Count, Answer::Count(k)) => grade_count(&ex.scenario.topology, *k),
        (Task::Tells { claims, .. }, Answer::Claims(ticked)) => tells::grade(ex, claims, ticked),
        (Task::Breaks { fault }, Answer::Breaks(chosen)) => breaks::grade(ex, *fault, *chosen),
        (Task::Breaks { .. }, Answer::Claims(none)) if none.is_empty() => {
            Err(vec![note(tr("Pick what the broken assumption broke: safety, liveness or neither.").to_string())])
        }
        _ => Err(vec![note(tf!(
            "This answer does not fit the exercise \u{201c}{0}\u{201d}.",
            translate(ex.kind.title())
        ))]),
    };
    match outcome {
        Ok(item) => Grade { correct: true, feedback: vec![item] },
        Err(mut items) => {
            if items.is_empty() {
                items.push(note(tr("Not quite: look again at the run.").to_string()));
            }
            Grade { correct: false, feedback: items }
        }
    }
}

fn note(text: String) -> Feedback {
    Feedback { text, event: None, rule: None, message: None }
}

fn fb(text: String, event: Option<&Event>, rule: Option<Rule>, message: Option<MessageId>) -> Feedback {
    Feedback { text, event: event.map(|e| e.seq), rule, message }
}

fn label(t: &Topology, p: ProcessId) -> &str {
    t.processes().get(p).map_or("?", |s| s.label.as_str())
}

/// `P1 → P2`, with the processes' labels.
fn chan(t: &Topology, c: Channel) -> String {
    format!("{} → {}", label(t, c.from), label(t, c.to))
}

fn n_messages(k: usize) -> String {
    if k == 1 {
        tf!("{0} message", k)
    } else {
        tf!("{0} messages", k)
    }
}

/// ` (event #7)`, or nothing.
fn at(e: Option<&Event>) -> String {
    e.map_or(String::new(), |e| format!(" {}", tf!("(event #{0})", e.seq)))
}

fn sent_app(e: &Event) -> Option<&Message> {
    match &e.kind {
        EventKind::Send { message } if !message.is_marker() => Some(message),
        _ => None,
    }
}

fn sent(log: &Log, id: MessageId) -> Option<&Event> {
    log.events.iter().find(|e| matches!(&e.kind, EventKind::Send { message } if message.id == id))
}

fn received(log: &Log, id: MessageId) -> Option<&Event> {
    log.events.iter().find(|e| matches!(&e.kind, EventKind::Receive { message, .. } if message.id == id))
}

fn record_event(log: &Log, s: SnapshotId, p: ProcessId) -> Option<&Event> {
    log.events
        .iter()
        .find(|e| e.process == p && matches!(e.kind, EventKind::RecordState { snapshot, .. } if snapshot == s))
}

fn stop_event(log: &Log, s: SnapshotId, c: Channel) -> Option<&Event> {
    log.events.iter().find(
        |e| matches!(&e.kind, EventKind::StopRecording { snapshot, channel, .. } if *snapshot == s && *channel == c),
    )
}

/// The channel a marker rule's marker came on: the receive that started the firing.
fn marker_channel(log: &Log, e: &Event) -> Option<Channel> {
    let end = (e.seq as usize).min(log.events.len());
    log.events[..end].iter().rev().take_while(|x| x.action == e.action).find_map(|x| match &x.kind {
        EventKind::Receive { message, .. } if message.is_marker() => Some(message.channel),
        _ => None,
    })
}

/// Why a process recorded its state at record-state event `e`.
fn record_reason(log: &Log, e: &Event) -> String {
    let s = e.snapshot().unwrap_or(1);
    match (e.rule, marker_channel(log, e)) {
        (Rule::Initiate, _) => tf!("it started S{0}", s),
        (Rule::Join, _) => tf!("it joined S{0} as an initiator", s),
        (_, Some(c)) => tf!("its first marker of S{0} came on {1}", s, chan(&log.topology, c)),
        _ => tf!("its first marker of S{0} arrived", s),
    }
}

// Lab kinds --------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Goal {
    Count(usize),
    Empty(bool),
}

/// The learner's world at their timeline cursor, after checking that their run is this
/// exercise's run continued (and, when `deliveries_only`, continued by deliveries alone).
fn lab_world(ex: &Exercise, s: &Scenario, deliveries_only: bool) -> Result<World, Feedback> {
    if s.topology != ex.scenario.topology {
        return Err(note(
            tr("This run is on a different topology from the exercise's: reopen the exercise and act on its processes \
             and channels.")
            .to_string(),
        ));
    }
    let applied = s.view.cursor.map_or(s.actions.len(), |c| (c as usize).min(s.actions.len()));
    let setup = &ex.scenario.actions;
    if applied < setup.len() || s.actions[..setup.len()] != setup[..] {
        return Err(note(tf!(
            "This run does not start with the exercise's {0} actions, so it does not answer this exercise: reopen \
             the exercise and continue from where it starts.",
            setup.len()
        )));
    }
    if deliveries_only {
        let mut extra = s.actions[setup.len()..applied].iter().enumerate();
        if let Some((i, a)) = extra.find(|(_, a)| !matches!(a, Action::Deliver { .. })) {
            return Err(note(tf!(
                "Only deliveries count in this exercise, but action {0} ({1}) is not a delivery: undo it and reach \
                 the goal by choosing the order of deliveries alone.",
                setup.len() + i + 1,
                a
            )));
        }
    }
    let replay = s.replay_prefix(applied);
    match replay.error {
        Some(e) => Err(note(tf!("This run cannot be replayed: {0}.", e))),
        None => Ok(replay.world),
    }
}

fn grade_lab(ex: &Exercise, s: &Scenario, snapshot: SnapshotId, c: Channel, goal: Goal) -> Outcome {
    let w = lab_world(ex, s, matches!(goal, Goal::Empty(_))).map_err(|f| vec![f])?;
    let log = w.log();
    let t = &log.topology;
    let cn = chan(t, c);
    let (Some(cid), Some(p)) = (t.channel_id(c.from, c.to), progress(&w, snapshot)) else {
        return Err(vec![note(tf!("S{0} has not started in this run, or it has no channel {1}.", snapshot, cn))]);
    };
    let rec = &p.channel_messages[cid];
    let ok = match goal {
        Goal::Count(k) => rec.len() == k,
        Goal::Empty(e) => rec.is_empty() == e,
    };
    let is_closed = p.channels[cid] == ChannelRecording::Closed;
    if !p.complete {
        let mut item = incomplete(t, p);
        if is_closed && ok {
            item.text.push(' ');
            item.text.push_str(&tf!("The recording of {0} is already final and right.", cn));
        }
        let mut out = vec![item];
        if is_closed && !ok {
            out.extend(channel_items(log, snapshot, c, rec, goal));
        }
        return Err(out);
    }
    let names: Vec<String> = rec.iter().map(|m| m.to_string()).collect();
    let (x, y) = (label(t, c.from), label(t, c.to));
    let yr = record_event(log, snapshot, c.to);
    if ok {
        let text = if rec.is_empty() {
            match yr.filter(|e| marker_channel(log, e) == Some(c)) {
                Some(_) => tf!(
                    "Right: {0}'s first marker of S{1} came on {2} itself, so {0} recorded that channel as empty.",
                    y,
                    snapshot,
                    cn
                ),
                None => tf!(
                    "Right: {0} recorded nothing in S{1}: whatever {2} sent on it before its marker reached {3} \
                     before {3} recorded its state.",
                    cn,
                    snapshot,
                    x,
                    y
                ),
            }
        } else {
            if rec.len() == 1 {
                tf!(
                    "Right: {0} recorded 1 message ({1}) in S{2}: {3} sent it before recording its state, and {4} \
                     received it after recording its own.",
                    cn,
                    join_names(&names),
                    snapshot,
                    x,
                    y
                )
            } else {
                tf!(
                    "Right: {0} recorded {1} messages ({2}) in S{3}: {4} sent them before recording its state, and \
                     {5} received them after recording its own.",
                    cn,
                    rec.len(),
                    join_names(&names),
                    snapshot,
                    x,
                    y
                )
            }
        };
        let first = rec.first().and_then(|m| received(log, m.id));
        return Ok(fb(
            text,
            first.or(yr),
            Some(if rec.is_empty() { Rule::FirstMarker } else { Rule::ReceiveRecorded }),
            None,
        ));
    }
    Err(channel_items(log, snapshot, c, rec, goal))
}

/// Why snapshot `p` is not complete: who has not recorded, which channels await a marker.
fn incomplete(t: &Topology, p: &SnapshotProgress) -> Feedback {
    let unrecorded: Vec<String> =
        (0..t.process_count()).filter(|&q| p.recorded[q].is_none()).map(|q| label(t, q).to_string()).collect();
    let waiting: Vec<String> = t
        .channels()
        .iter()
        .enumerate()
        .filter(|&(id, c)| p.recorded[c.to].is_some() && p.channels[id] != ChannelRecording::Closed)
        .map(|(_, &c)| chan(t, c))
        .collect();
    let (names, channels) = (join_names(&unrecorded), join_names(&waiting));
    // Whole sentences per case (one process or several, channels awaiting markers or not).
    let text = match (unrecorded.len(), waiting.is_empty()) {
        (0, _) => tf!(
            "S{0} is not complete yet: markers are still awaited on {1}. Deliver the markers in flight to finish it.",
            p.id,
            channels
        ),
        (1, true) => tf!(
            "S{0} is not complete yet: {1} has not recorded its state. Deliver the markers in flight to finish it.",
            p.id,
            names
        ),
        (_, true) => tf!(
            "S{0} is not complete yet: {1} have not recorded their state. Deliver the markers in flight to finish it.",
            p.id,
            names
        ),
        (1, false) => tf!(
            "S{0} is not complete yet: {1} has not recorded its state, and markers are still awaited on {2}. \
             Deliver the markers in flight to finish it.",
            p.id,
            names,
            channels
        ),
        (_, false) => tf!(
            "S{0} is not complete yet: {1} have not recorded their state, and markers are still awaited on {2}. \
             Deliver the markers in flight to finish it.",
            p.id,
            names,
            channels
        ),
    };
    Feedback { text, event: None, rule: Some(Rule::Complete), message: None }
}

/// What channel `c` recorded in snapshot `s` against the goal, and why each message on it
/// was or was not recorded.
fn channel_items(log: &Log, s: SnapshotId, c: Channel, rec: &[Message], goal: Goal) -> Vec<Feedback> {
    let t = &log.topology;
    let cn = chan(t, c);
    let (x, y) = (label(t, c.from), label(t, c.to));
    let got = if rec.is_empty() { tr("nothing").to_string() } else { say(&message_list(rec)) };
    let text = match goal {
        Goal::Count(k) => tf!(
            "{0} recorded {1} in S{2}, but the goal is exactly {3}. A message is recorded on {0} when {4} sends \
             it before recording its state and {5} receives it after recording its own.",
            cn,
            got,
            s,
            n_messages(k),
            x,
            y
        ),
        Goal::Empty(true) => tf!(
            "{0} recorded {1} in S{2}, but the task asks for an empty recording: {3} must receive every message \
             {4} sent ahead of its marker before {3} records its state.",
            cn,
            got,
            s,
            y,
            x
        ),
        Goal::Empty(false) => tf!(
            "{0} recorded nothing in S{1}, but the task asks for at least one message: {2} must record its state \
             (on a marker from another channel) while a message from {3} is still in flight on {0}, ahead of \
             {3}'s marker.",
            cn,
            s,
            y,
            x
        ),
    };
    let stop = stop_event(log, s, c);
    let mut out = vec![fb(text, stop, stop.map(|e| e.rule), None)];
    if let Some(yr) = record_event(log, s, c.to).filter(|e| marker_channel(log, e) == Some(c)) {
        out.push(fb(
            tf!("{0}'s first marker of S{1} came on {2} itself, so {0} recorded that channel as empty.", y, s, cn),
            Some(yr),
            Some(Rule::FirstMarker),
            None,
        ));
    }
    let show_all = !matches!(goal, Goal::Empty(true));
    for e in &log.events {
        if let Some(m) = sent_app(e).filter(|m| m.channel == c) {
            let was = rec.iter().any(|r| r.id == m.id);
            if was || show_all {
                out.push(why(log, s, m, was));
            }
        }
    }
    out
}

/// Why application message `m` was (`was`) or was not recorded on its channel in snapshot `s`.
fn why(log: &Log, s: SnapshotId, m: &Message, was: bool) -> Feedback {
    let t = &log.topology;
    let c = m.channel;
    let cn = chan(t, c);
    let (x, y) = (label(t, c.from), label(t, c.to));
    let (xr, yr) = (record_event(log, s, c.from), record_event(log, s, c.to));
    let (snd, rcv) = (sent(log, m.id), received(log, m.id));
    if was {
        return fb(
            tf!(
                "{0} was recorded on {1}: {2} received it{3} after recording its state for S{4}{5} and before the \
                 marker from {6} arrived{7}.",
                m,
                cn,
                y,
                at(rcv),
                s,
                at(yr),
                x,
                at(stop_event(log, s, c))
            ),
            rcv,
            Some(Rule::ReceiveRecorded),
            Some(m.id),
        );
    }
    match (rcv, snd, xr) {
        (Some(r), ..) if yr.is_none_or(|yr| r.seq < yr.seq) => fb(
            tf!(
                "{0} was not recorded on {1}: {2} received it at event #{3} before recording its state for \
                 S{4}{5}, so it counts in {2}'s state.",
                m,
                cn,
                y,
                r.seq,
                s,
                at(yr)
            ),
            Some(r),
            Some(Rule::Receive),
            Some(m.id),
        ),
        (_, Some(se), Some(xe)) if se.seq > xe.seq => fb(
            tf!(
                "{0} was not recorded on {1}: {2} sent it at event #{3}, after recording its state for S{4} at \
                 event #{5}, so FIFO kept it behind the marker on {1}.",
                m,
                cn,
                x,
                se.seq,
                s,
                xe.seq
            ),
            Some(xe),
            Some(xe.rule),
            Some(m.id),
        ),
        (None, ..) => fb(
            tf!("{0} was not recorded on {1}: it has not been received yet.", m, cn),
            snd,
            Some(Rule::Send),
            Some(m.id),
        ),
        (Some(r), ..) => fb(
            tf!(
                "{0} was not recorded on {1}: {2} received it at event #{3}, after the recording of {1} had stopped.",
                m,
                cn,
                y,
                r.seq
            ),
            Some(r),
            Some(r.rule),
            Some(m.id),
        ),
    }
}

// Kind 2 -----------------------------------------------------------------------------------

fn grade_predict(
    ex: &Exercise,
    s: SnapshotId,
    solution: &Scenario,
    states: &[Option<i64>],
    channels: &[Vec<MessageId>],
) -> Outcome {
    let shown = ex.scenario.replay().world;
    let pause = shown.events().len() as u32;
    let log = solution.replay().world.into_log();
    let t = &log.topology;
    let Some(snap) = assemble(&log).into_iter().nth((s as usize).wrapping_sub(1)) else {
        return Err(vec![note(tf!("S{0} does not run in this exercise.", s))]);
    };
    let (n, cs) = (t.process_count(), t.channels().len());
    let mut out = Vec::new();
    if states.len() != n || channels.len() != cs {
        out.push(note(tf!(
            "The answer needs {0} recorded states (one per process) and {1} channel recordings, not {2} and {3}.",
            n,
            cs,
            states.len(),
            channels.len()
        )));
    }
    for p in 0..n {
        let want = snap.states[p].unwrap_or(0);
        let name = label(t, p);
        match states.get(p).copied().flatten() {
            None => out.push(Feedback {
                rule: Some(Rule::FirstMarker),
                ..note(tf!(
                    "{0}'s recorded state is blank. Hint: follow the run oldest message first until {0} \
                     records its state for S{1}, and add up what it received before then.",
                    name,
                    s
                ))
            }),
            Some(g) if g != want => out.push(explain_state(&log, s, pause, &shown, p, want, g)),
            _ => {}
        }
    }
    let mut total = Vec::new();
    for (cid, (c, state)) in snap.channels.iter().enumerate() {
        let rec: &[Message] = match state {
            ChannelState::Recorded(m) | ChannelState::Recording(m) => m,
            ChannelState::NotRecorded => &[],
        };
        total.extend(rec.iter().map(|m| m.to_string()));
        let given: &[MessageId] = channels.get(cid).map_or(&[], |v| v);
        for m in rec.iter().filter(|m| !given.contains(&m.id)) {
            out.push(why(&log, s, m, true));
        }
        for (i, &id) in given.iter().enumerate() {
            if !given[..i].contains(&id) && !rec.iter().any(|m| m.id == id) {
                out.push(extra(&log, s, *c, id));
            }
        }
    }
    if !out.is_empty() {
        return Err(out);
    }
    Ok(note(if total.is_empty() {
        tf!(
            "Right: you followed S{0} to the end: every recorded state matches, and the channels recorded no message \
             was in transit.",
            s
        )
    } else {
        tf!(
            "Right: you followed S{0} to the end: every recorded state matches, and the channels recorded {1} in \
             transit.",
            s,
            join_names(&total)
        )
    }))
}

/// "Predict the recording": a one-line summary of a wrong answer, to lead the feedback (issue 21):
/// `2 of 4 states wrong; P2 → P1 misses m3`. `None` when the answer is right or malformed, or
/// the exercise is of another kind.
pub fn predict_summary(exercise: &Exercise, answer: &Answer) -> Option<String> {
    let (Task::Predict { snapshot: s, solution }, Answer::Predict { states, channels }) = (&exercise.task, answer)
    else {
        return None;
    };
    let log = solution.replay().world.into_log();
    let t = &log.topology;
    let snap = assemble(&log).into_iter().nth((*s as usize).wrapping_sub(1))?;
    let (n, cs) = (t.process_count(), t.channels().len());
    if states.len() != n || channels.len() != cs {
        return None;
    }
    let wrong = (0..n).filter(|&p| states[p] != Some(snap.states[p].unwrap_or(0))).count();
    let mut parts = Vec::new();
    if wrong > 0 {
        parts.push(tf!("{0} of {1} states wrong", wrong, n));
    }
    for (cid, (c, state)) in snap.channels.iter().enumerate() {
        let rec: &[Message] = match state {
            ChannelState::Recorded(m) | ChannelState::Recording(m) => m,
            ChannelState::NotRecorded => &[],
        };
        let given = &channels[cid];
        let missing: Vec<String> = rec.iter().filter(|m| !given.contains(&m.id)).map(ToString::to_string).collect();
        if !missing.is_empty() {
            parts.push(tf!("{0} misses {1}", chan(t, *c), join_names(&missing)));
        }
        let mut extra: Vec<String> = Vec::new();
        for &id in given {
            if !rec.iter().any(|m| m.id == id) {
                let name = sent(&log, id).and_then(|e| e.message()).map_or_else(|| format!("#{id}"), |m| m.to_string());
                if !extra.contains(&name) {
                    extra.push(name);
                }
            }
        }
        if !extra.is_empty() {
            parts.push(tf!("{0} did not record {1}", chan(t, *c), join_names(&extra)));
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A message picked for channel `c` that it did not record.
fn extra(log: &Log, s: SnapshotId, c: Channel, id: MessageId) -> Feedback {
    let t = &log.topology;
    let cn = chan(t, c);
    match sent(log, id).and_then(|e| e.message()) {
        None => note(tf!("A message picked for {0} is not in this run.", cn)),
        Some(m) if m.is_marker() => Feedback {
            rule: Some(Rule::LaterMarker),
            message: Some(id),
            ..note(tf!(
                "The marker of S{0} on {1} is not an application message: channels record application messages only.",
                sent(log, id).and_then(Event::snapshot).unwrap_or(s),
                chan(t, m.channel)
            ))
        },
        Some(m) if m.channel != c => fb(
            tf!("{0} travels on {1}, not on {2}.", m, chan(t, m.channel), cn),
            sent(log, id),
            Some(Rule::Send),
            Some(id),
        ),
        Some(m) => why(log, s, m, false),
    }
}

/// Why process `p` recorded `want`, not the guess `g`.
fn explain_state(log: &Log, s: SnapshotId, pause: u32, shown: &World, p: ProcessId, want: i64, g: i64) -> Feedback {
    let name = label(&log.topology, p);
    let Some(r) = record_event(log, s, p) else {
        return note(tf!("{0} recorded {1}, not {2}.", name, want, g));
    };
    if r.seq <= pause {
        return fb(
            tf!(
                "{0} recorded {1}, not {2}: it had already recorded its state for S{3} at event #{4}, before \
                 the pause (the lab shows it).",
                name,
                want,
                g,
                s,
                r.seq
            ),
            Some(r),
            Some(r.rule),
            None,
        );
    }
    let receives = |after: bool| -> Vec<Message> {
        log.events
            .iter()
            .filter(|e| e.process == p && e.seq > pause && (e.seq > r.seq) == after)
            .filter_map(|e| match &e.kind {
                EventKind::Receive { message, .. } if !message.is_marker() => Some(*message),
                _ => None,
            })
            .collect()
    };
    let (before, after) = (receives(false), receives(true));
    let list = |ms: &[Message]| -> String {
        say(&join_names(&ms.iter().map(|m| format!("{m} ({:+})", m.amount())).collect::<Vec<_>>()))
    };
    let had = shown.states().get(p).copied().unwrap_or(0);
    let (reason, received, late) = (record_reason(log, r), list(&before), list(&after));
    // Whole sentences per case: what arrived before the recording, and what only after it (one or several).
    let text = match (before.is_empty(), after.len()) {
        (true, 0) => tf!(
            "{0} recorded {1}, not {2}: it had {3} when the run paused, and it records its state at event #{4} \
             ({5}).",
            name,
            want,
            g,
            had,
            r.seq,
            reason
        ),
        (false, 0) => tf!(
            "{0} recorded {1}, not {2}: it had {3} when the run paused, and it records its state at event #{4} \
             ({5}), after it received {6}.",
            name,
            want,
            g,
            had,
            r.seq,
            reason,
            received
        ),
        (true, 1) => tf!(
            "{0} recorded {1}, not {2}: it had {3} when the run paused, and it records its state at event #{4} \
             ({5}); {6} arrives only after that, so it is not part of its recorded state.",
            name,
            want,
            g,
            had,
            r.seq,
            reason,
            late
        ),
        (true, _) => tf!(
            "{0} recorded {1}, not {2}: it had {3} when the run paused, and it records its state at event #{4} \
             ({5}); {6} arrive only after that, so they are not part of its recorded state.",
            name,
            want,
            g,
            had,
            r.seq,
            reason,
            late
        ),
        (false, 1) => tf!(
            "{0} recorded {1}, not {2}: it had {3} when the run paused, and it records its state at event #{4} \
             ({5}), after it received {6}; {7} arrives only after that, so it is not part of its recorded state.",
            name,
            want,
            g,
            had,
            r.seq,
            reason,
            received,
            late
        ),
        (false, _) => tf!(
            "{0} recorded {1}, not {2}: it had {3} when the run paused, and it records its state at event #{4} \
             ({5}), after it received {6}; {7} arrive only after that, so they are not part of its recorded state.",
            name,
            want,
            g,
            had,
            r.seq,
            reason,
            received,
            late
        ),
    };
    let culprit = after
        .iter()
        .find(|m| g.checked_sub(want) == Some(m.amount()))
        .or_else(|| before.iter().find(|m| want.checked_sub(g) == Some(m.amount())))
        .or(before.first())
        .or(after.first());
    fb(text, Some(r), Some(r.rule), culprit.map(|m| m.id))
}

// Kind 3 -----------------------------------------------------------------------------------

/// A first wrong answer's hint, for the kinds that give one (issue 21): "Which cut?" names the
/// processes whose line is cut in the wrong place and how to find the right place, without
/// giving the places away; the second miss gets the full explanation ([`grade`]). `None` when
/// the answer is right, or the kind gives no hint, or the answer is malformed.
pub fn hint(exercise: &Exercise, answer: &Answer) -> Option<Grade> {
    let (Task::WhichCut { snapshot: s }, Answer::Cut(cut)) = (&exercise.task, answer) else { return None };
    let s = *s;
    let log = exercise.scenario.replay().world.into_log();
    let truth = assemble(&log).get((s as usize).wrapping_sub(1)).and_then(|x| x.cut())?;
    if cut.len() != truth.len() {
        return None;
    }
    let cut = which_cut_normalized(&log, s, &truth, cut);
    let off: Vec<String> =
        (0..truth.len()).filter(|&p| cut[p] != truth[p]).map(|p| label(&log.topology, p).to_string()).collect();
    let text = match off.len() {
        0 => return None,
        1 => tf!(
            "Hint: the cut is off on the line of {0}. A snapshot's cut crosses each process's line where that \
             process records its state for S{1}: find that event, and check again.",
            join_names(&off),
            s
        ),
        _ => tf!(
            "Hint: the cut is off on the lines of {0}. A snapshot's cut crosses each process's line where that \
             process records its state for S{1}: find that event, and check again.",
            join_names(&off),
            s
        ),
    };
    Some(Grade { correct: false, feedback: vec![note(text)] })
}

/// The learner's cut, with a position just after a process's record-state event read as just
/// before it (recording changes no application state, so both are the recorded state).
fn which_cut_normalized(log: &Log, s: SnapshotId, truth: &[usize], cut: &[usize]) -> Vec<usize> {
    cut.iter()
        .enumerate()
        .map(|(p, &g)| match record_event(log, s, p) {
            Some(r) if g == r.index as usize + 1 && truth.get(p) == Some(&(g - 1)) => g - 1,
            _ => g,
        })
        .collect()
}

fn grade_which_cut(ex: &Exercise, s: SnapshotId, cut: &[usize]) -> Outcome {
    let log = ex.scenario.replay().world.into_log();
    let t = &log.topology;
    let snaps = assemble(&log);
    let Some(truth) = snaps.get((s as usize).wrapping_sub(1)).and_then(|x| x.cut()) else {
        return Err(vec![note(tf!("S{0} is not complete in this run.", s))]);
    };
    // Recording changes no application state: just after a process's record-state event is the
    // same recorded state as just before it (where the cut is drawn), so both are right.
    let cut = which_cut_normalized(&log, s, &truth, cut);
    let cut = &cut[..];
    if cut == truth {
        return Ok(note(tf!(
            "Right: the cut of S{0} crosses each process's line where that process records its state for S{0}.",
            s
        )));
    }
    let mut out = Vec::new();
    let n = t.process_count();
    if cut.len() != n {
        out.push(note(tf!("A cut needs one position per process ({0}), not {1}.", n, cut.len())));
    }
    if let Some(o) = snaps.iter().find(|o| o.id != s && o.cut().as_deref() == Some(cut)) {
        out.push(note(tf!("That is the cut of S{0}, not of S{1}.", o.id, s)));
    }
    let counts = log.event_counts();
    for p in 0..n {
        let (c, g) = (truth[p], cut.get(p).copied());
        if g == Some(c) {
            continue;
        }
        let name = label(t, p);
        let Some(r) = record_event(&log, s, p) else { continue };
        let nth = |i: usize| log.events.iter().find(|e| e.process == p && e.index as usize == i);
        let reason = record_reason(&log, r);
        // Whole sentences per case: how many of the process's events the cut holds.
        let mut text = match c {
            0 => tf!(
                "{0} records its state for S{1} at event #{2} ({3}); the cut crosses {0}'s line just before that \
                 event, with none of {0}'s events inside.",
                name,
                s,
                r.seq,
                reason
            ),
            1 => tf!(
                "{0} records its state for S{1} at event #{2} ({3}); the cut crosses {0}'s line just before that \
                 event, with {0}'s first event inside.",
                name,
                s,
                r.seq,
                reason
            ),
            _ => tf!(
                "{0} records its state for S{1} at event #{2} ({3}); the cut crosses {0}'s line just before that \
                 event, with {0}'s first {4} events inside.",
                name,
                s,
                r.seq,
                reason,
                c
            ),
        };
        let more = match g {
            None => Some(tf!("Your cut has no position for {0}.", name)),
            Some(g) if g > counts[p] => Some(tf!("{0} has only {1} events.", name, counts[p])),
            Some(g) if g < c => nth(g).map(|e| {
                tf!(
                    "Your cut is too early there: it leaves out event #{0} ({1}), which comes before the recording.",
                    e.seq,
                    e.describe()
                )
            }),
            Some(g) => nth(g - 1).map(|e| {
                tf!(
                    "Your cut is too late there: it takes in event #{0} ({1}), which comes after the recording.",
                    e.seq,
                    e.describe()
                )
            }),
        };
        if let Some(more) = more {
            text.push(' ');
            text.push_str(&more);
        }
        out.push(fb(text, Some(r), Some(r.rule), None));
    }
    Err(out)
}

// Kind 4 -----------------------------------------------------------------------------------

fn grade_consistent(ex: &Exercise, cut: &[usize], consistent: bool, orphan: Option<MessageId>) -> Outcome {
    let log = ex.scenario.replay().world.into_log();
    let report = check_cut(&log, cut).map_err(|e| vec![note(tf!("The exercise's cut cannot be checked: {0}.", e))])?;
    let inside = |e: &Event| (e.index as usize) < cut.get(e.process).copied().unwrap_or(0);
    let is_orphan = |id: MessageId| report.orphans.iter().any(|m| m.id == id);
    let Some(first) = report.orphans.first() else {
        let transit: Vec<String> = report.in_transit.iter().map(|m| m.to_string()).collect();
        // Whole clauses per case: nothing in transit, one message, or several.
        let text = match transit.len() {
            0 => tr("every message received before the cut was also sent before it").to_string(),
            1 => tf!(
                "every message received before the cut was also sent before it; {0} is in transit across it, which \
                 is allowed",
                join_names(&transit)
            ),
            _ => tf!(
                "every message received before the cut was also sent before it; {0} are in transit across it, which \
                 is allowed",
                join_names(&transit)
            ),
        };
        if consistent {
            return Ok(note(tf!("Right: the cut is consistent: {0}.", text)));
        }
        let mut out = vec![note(tf!("This cut is consistent: {0}.", text))];
        out.extend(orphan.map(|id| not_orphan(&log, id, &inside)));
        return Err(out);
    };
    let describe = |m: &Message| {
        let (s, r) = (sent(&log, m.id), received(&log, m.id));
        let (t, c) = (&log.topology, m.channel);
        let (x, y) = (label(t, c.from), label(t, c.to));
        let text = match report.orphans.len() {
            1 => tf!(
                "{0} is an orphan message: {1} sends it{2}, after the cut on {1}'s line, but {3} receives it{4}, \
                 before the cut on {3}'s line: the cut holds its receive without its send.",
                m,
                x,
                at(s),
                y,
                at(r)
            ),
            k => tf!(
                "{0} is an orphan message (the cut has {1} orphan messages): {2} sends it{3}, after the cut on {2}'s \
                 line, but {4} receives it{5}, before the cut on {4}'s line: the cut holds its receive without its \
                 send.",
                m,
                k,
                x,
                at(s),
                y,
                at(r)
            ),
        };
        fb(text, r, Some(Rule::Receive), Some(m.id))
    };
    match (consistent, orphan) {
        (false, Some(id)) if is_orphan(id) => {
            let m = report.orphans.iter().find(|m| m.id == id).unwrap_or(first);
            let item = describe(m);
            Ok(Feedback { text: tf!("Right: the cut is inconsistent. {0}", item.text), ..item })
        }
        (false, Some(id)) => Err(vec![not_orphan(&log, id, &inside), describe(first)]),
        (false, None) => {
            Err(vec![note(tr("Inconsistent is right, but pick an orphan message too.").to_string()), describe(first)])
        }
        (true, _) => Err(vec![describe(first)]),
    }
}

/// Why message `id` is not an orphan of the cut.
fn not_orphan(log: &Log, id: MessageId, inside: &dyn Fn(&Event) -> bool) -> Feedback {
    let (s, r) = (sent(log, id), received(log, id));
    let Some(m) = s.and_then(|e| e.message()) else {
        return note(tr("The message picked is not in this run.").to_string());
    };
    if m.is_marker() {
        return Feedback {
            message: Some(id),
            ..note(tr("A marker is not an application message: only application messages can be orphans.").to_string())
        };
    }
    let (si, ri) = (s.is_some_and(inside), r.is_some_and(inside));
    let why = match (si, ri) {
        (true, true) => tr("it is sent and received before the cut"),
        (true, false) => {
            tr("it is sent before the cut and received after it: it is in transit across the cut, which is allowed")
        }
        _ => tr("it is sent after the cut and received after it too"),
    };
    fb(
        tf!("{0} is not an orphan message: {1} (send{2}, receive{3}).", m, why, at(s), at(r)),
        r.or(s),
        Some(Rule::Receive),
        Some(id),
    )
}

// Kind 6 -----------------------------------------------------------------------------------

fn grade_count(t: &Topology, k: usize) -> Outcome {
    let n = t.process_count();
    let c = t.channels().len();
    let complete = if t.is_complete() {
        format!(" {}", tf!("(n(n−1) = {0} × {1} on a complete graph)", n, n - 1))
    } else {
        String::new()
    };
    if k == c {
        return Ok(Feedback {
            rule: Some(Rule::FirstMarker),
            ..note(tf!(
                "Right: one marker per channel: each process sends a marker on each of its outgoing channels exactly \
                 once, {0} in all{1}.",
                c,
                complete
            ))
        });
    }
    let per: Vec<String> = (0..n).map(|p| tf!("{0} has {1}", label(t, p), t.outgoing(p).len())).collect();
    let mut out = vec![Feedback {
        rule: Some(Rule::FirstMarker),
        ..note(tf!(
            "Each process sends one marker on each of its outgoing channels, once per snapshot: {0}. That is {1} \
             markers in all, not {2}{3}.",
            join_names(&per),
            c,
            k,
            complete
        ))
    }];
    let mut why = |text: String| out.push(Feedback { rule: Some(Rule::FirstMarker), ..note(text) });
    // Two answers that come from the notes themselves (issue 21): seed 000's wording of the
    // first-marker rule, and counting each pair of processes once.
    if k == (n - 1) * (n - 1) && k != n - 1 {
        why(tf!(
            "(n−1)² = {0} is what seed 000's wording gives: markers to everyone except the process the first \
             marker came from. The rule sends one on every outgoing channel, that one too: without it, that \
             process records the channel forever and the snapshot never completes (try the what-if switch in \
             the lab).",
            k
        ));
    }
    if k == n * (n - 1) / 2 && k != n - 1 {
        why(tf!(
            "n(n−1)/2 = {0} counts each pair of processes once. Channels go one way: a pair has one each way, \
             Cij and Cji, and each channel carries its own marker.",
            k
        ));
    }
    if k == n * (n - 1) && !t.is_complete() {
        why(tf!(
            "n(n−1) = {0} counts a channel each way between every pair of processes, but this topology has only {1} \
             channels.",
            k,
            c
        ));
    } else if k == n - 1 {
        why(tf!(
            "{0} = N−1 is what one process sends on a complete graph, but every process sends markers when it \
             records its state, not only the initiator.",
            k
        ));
    } else if k == n {
        why(tf!("{0} is the number of processes; a process sends one marker per outgoing channel, not one in all.", n));
    }
    Err(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-built layouts the generators fall back on are solvable and graded right.
    #[test]
    fn fallbacks_are_solvable() {
        for level in 1..=LEVELS {
            for seed in 0..4 {
                let mut found = Vec::new();
                let (s, t) = send_goal_fallback(level, seed);
                found.push(exercise(Kind::SendGoal, level, seed, s, t));
                for empty in [true, false] {
                    let (s, t) = order_fallback(level, seed, empty);
                    found.push(exercise(Kind::OrderMarkers, level, seed, s, t));
                }
                for ex in found {
                    assert!(grade(&ex, &solve(&ex)).correct, "{:?} level {level}", ex.kind);
                    if let Task::OrderMarkers { channel, .. } = ex.task {
                        assert!(order_fits(&ex.scenario.replay().world, channel));
                    }
                }
            }
        }
    }

    #[test]
    fn other_fallbacks_fit() {
        for level in 1..=LEVELS {
            let n = usize::from(level) + 1;
            assert!(predict_fits(predict_fallback(n, 7), n, 7).is_some(), "predict, level {level}");
            for two in [false, true] {
                let b = which_cut_fallback(n, 7, two);
                for ask in 1..=1 + u32::from(two) {
                    assert!(which_cut_fits(b.world.log(), ask, 1 + usize::from(two)), "which cut, level {level}");
                }
            }
            for inconsistent in [false, true] {
                let (s, t) = consistent_fallback(n, 7, inconsistent);
                let Task::IsConsistent { cut } = t else { panic!() };
                let report = check_cut(&s.replay().world.into_log(), &cut).unwrap();
                assert_eq!(report.is_consistent(), !inconsistent);
            }
        }
    }
}
