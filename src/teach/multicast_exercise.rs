//! The multicast lab's graded exercises (issue 22): three kinds at three levels, each generated
//! from a seed with the core's one generator ([`Rng`]) and graded by pure code against the core
//! ([`crate::sim::multicast`]): the solution is what the core does, never a table.
//!
//! | kind (id) | the question | the answer's text form |
//! | --- | --- | --- |
//! | `stamp` | under causal order, a process is about to multicast: what vector timestamp will the message carry? | one number per process, P1 first: `[1,0,2]`, `1,0,2` or `1 0 2` |
//! | `deliverable` | a process's hold-back queue holds some messages, and a copy arrives: which messages can it deliver then (the arriving one included)? | a set of messages: `m1 m3`, `m1, m3`, `1 3`; `none`, `-`, `없음`, `无` (or nothing) for the empty set |
//! | `orders` | a finished run: which of FIFO, causal and total order hold for its deliveries? | a set of orders: `fifo causal`, `FIFO, total`; `none`, `-`, `없음`, `无` (or nothing) for the empty set |
//!
//! Levels grow the group and the run: `stamp` 3, 4, 5 members; `deliverable` FIFO with 3
//! members, causal with 3, then causal or total with 4; `orders` 3, 4 members with no ordering
//! protocol, then 4 members under any protocol. Every wrong answer is explained item by item,
//! naming the message, the process and the rule: "m2 cannot be delivered at P3 yet: it needs
//! P1's message 1 first (P3 has delivered 0 from P1)".
//!
//! The page routes `#v1.mc-ex.<kind>.<level>.<seed>` ([`route`], [`parse_route`]); answers come
//! as text ([`parse_answer`], [`grade_text`]) and never panic, whatever the text.

use crate::i18n::{say, tr, translate};
use crate::sim::multicast::check::{causal_says, check, fifo_says, total_says, Violation};
use crate::sim::multicast::{
    message_name, payload_name, rule, vector, Action, Copy, EventKind, Group, MessageId, Order, Payload, Reliability,
    Scenario, Setup,
};
use crate::sim::process_name;
use crate::sim::rng::Rng;
use crate::sim::topology::ProcessId;
use crate::sim::words::Sentence;
use crate::{en, tf};

/// The three kinds of multicast exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Stamp,
    Deliverable,
    Orders,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Stamp, Kind::Deliverable, Kind::Orders];

    /// The stable id in routes: `stamp`, `deliverable`, `orders`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Stamp => "stamp",
            Kind::Deliverable => "deliverable",
            Kind::Orders => "orders",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// A short English title (the page shows it with [`translate`]).
    pub fn title(self) -> &'static str {
        match self {
            Kind::Stamp => en!("What timestamp does it carry?"),
            Kind::Deliverable => en!("Which held messages can be delivered?"),
            Kind::Orders => en!("FIFO, causal or total?"),
        }
    }
}

/// Levels are `1..=LEVELS`.
pub const LEVELS: u8 = 3;

/// What follows `v1.` in an exercise's route.
pub const ROUTE: &str = "mc-ex.";

/// The longest answer text read, in bytes; longer is refused before it is split.
pub const MAX_ANSWER_BYTES: usize = 1000;

/// The fragment (without `#`) of an exercise: `v1.mc-ex.stamp.2.17`.
pub fn route(kind: Kind, level: u8, seed: u64) -> String {
    format!("v1.{ROUTE}{}.{level}.{seed}", kind.id())
}

/// The exercise a fragment names: `#v1.mc-ex.<kind>.<level>.<seed>`, with or without the `#`,
/// anything after an `&` ignored. `None` for anything else (an unknown kind, a level outside
/// 1 to 3, a seed that is not a whole number that fits 64 bits).
pub fn parse_route(fragment: &str) -> Option<(Kind, u8, u64)> {
    let route = fragment.strip_prefix('#').unwrap_or(fragment);
    let route = route.split('&').next().unwrap_or_default();
    let rest = route.strip_prefix("v1.")?.strip_prefix(ROUTE)?;
    let mut parts = rest.split('.');
    let (kind, level, seed) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let kind = Kind::from_id(kind)?;
    let level = level.parse::<u8>().ok().filter(|l| (1..=LEVELS).contains(l))?;
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(seed) {
        return None;
    }
    Some((kind, level, seed.parse().ok()?))
}

/// One generated exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exercise {
    pub kind: Kind,
    /// 1..=3.
    pub level: u8,
    pub seed: u64,
    /// The run the lab shows when the exercise opens.
    pub scenario: Scenario,
    /// The question, in the page's language.
    pub prompt: String,
    pub task: Task,
}

/// What is asked, on the shown run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Task {
    /// `sender` multicasts next (as message `message`): its vector timestamp?
    Stamp { sender: ProcessId, message: MessageId },
    /// `copy` arrives next: which messages does its receiver deliver then?
    Deliverable { copy: Copy },
    /// The run is finished: which orders hold?
    Orders,
}

/// The learner's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// One count per process, P1 first.
    Stamp(Vec<u32>),
    /// A set of messages (order and repeats do not matter).
    Deliverable(Vec<MessageId>),
    /// The orders claimed to hold, among FIFO, causal and total (order and repeats do not matter).
    Orders(Vec<Order>),
}

/// The grade of one answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grade {
    pub correct: bool,
    /// One item when right; when wrong, one per mistake. Never empty.
    pub feedback: Vec<Feedback>,
}

/// One feedback item: a sentence in the page's language, and what it is about (for the page
/// to highlight).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    pub text: String,
    pub process: Option<ProcessId>,
    pub message: Option<MessageId>,
}

fn item(text: String, process: Option<ProcessId>, message: Option<MessageId>) -> Feedback {
    Feedback { text, process, message }
}

/// Attempts at a random run before the generator takes the last one it built.
const ATTEMPTS: usize = 64;

// ---------------------------------------------------------------------------------------
// Generation

/// A run being built: the group and the actions that made it.
struct Build {
    group: Group,
    actions: Vec<Action>,
}

impl Build {
    fn new(setup: Setup) -> Build {
        match Group::new(setup) {
            Ok(group) => Build { group, actions: Vec::new() },
            // Every setup built here has 3 to 5 members.
            Err(_) => unreachable!(),
        }
    }

    fn act(&mut self, a: Action) -> bool {
        let ok = self.group.apply(&a).is_ok();
        if ok {
            self.actions.push(a);
        }
        ok
    }

    fn multicasts(&self) -> usize {
        self.group.sent.len()
    }

    fn multicast(&mut self, rng: &mut Rng) -> bool {
        let alive: Vec<ProcessId> = (0..self.group.setup.members).filter(|&p| !self.group.members[p].crashed).collect();
        !alive.is_empty() && self.act(Action::Multicast { from: alive[rng.below(alive.len())], reach: None })
    }

    fn receive_random(&mut self, rng: &mut Rng) -> bool {
        let copies: Vec<Copy> = self.group.deliverable().collect();
        !copies.is_empty() && self.act(Action::Receive(copies[rng.below(copies.len())]))
    }

    /// A multicast (`weight` times in ten, while fewer than `max` were made) or a receive.
    fn step(&mut self, rng: &mut Rng, weight: usize, max: usize) {
        if (rng.below(10) < weight && self.multicasts() < max) || self.group.in_flight.is_empty() {
            if self.multicasts() < max {
                self.multicast(rng);
            }
        } else {
            self.receive_random(rng);
        }
    }

    fn scenario(&self) -> Scenario {
        Scenario { setup: self.group.setup, actions: self.actions.clone(), cursor: None }
    }
}

fn setup(members: usize, order: Order) -> Setup {
    Setup { members, order, reliability: Reliability::Basic }
}

/// The exercise of `kind` at `level` (clamped into 1..=3) for `seed`. Deterministic.
pub fn generate(kind: Kind, level: u8, seed: u64) -> Exercise {
    let level = level.clamp(1, LEVELS);
    let mut rng = Rng::for_step(seed, 0x6d63 + kind as u64 * 8 + u64::from(level));
    let (scenario, task) = match kind {
        Kind::Stamp => gen_stamp(level, &mut rng),
        Kind::Deliverable => gen_deliverable(level, &mut rng),
        Kind::Orders => gen_orders(level, &mut rng),
    };
    let prompt = prompt(&scenario, &task);
    Exercise { kind, level, seed, scenario, prompt, task }
}

fn gen_stamp(level: u8, rng: &mut Rng) -> (Scenario, Task) {
    let n = usize::from(level) + 2;
    let mut last = None;
    for _ in 0..ATTEMPTS {
        let before = match level {
            1 => 2 + rng.below(2),
            2 => 3 + rng.below(3),
            _ => 5 + rng.below(3),
        };
        let mut b = Build::new(setup(n, Order::Causal));
        // The senders that make a question of this level (the core's stamp, counted).
        let fits = |b: &Build, sender: ProcessId| {
            let stamp = &b.group.members[sender].delivered_from;
            let others = (0..n).filter(|&k| k != sender && stamp[k] > 0).count();
            let held = !b.group.members[sender].hold_back.is_empty();
            match level {
                1 => others >= 1,
                2 => others >= 1 && (held || others >= 2),
                _ => others >= 2 && held,
            }
        };
        // Run until every multicast is made and some copies have arrived, then stop at the
        // first point where some process makes a question of this level.
        let mut good: Vec<ProcessId> = Vec::new();
        for i in 0..before * n * 2 {
            b.step(rng, 3, before);
            if b.multicasts() == before && i >= before * n {
                good = (0..n).filter(|&p| fits(&b, p)).collect();
                if !good.is_empty() {
                    break;
                }
            }
        }
        let message = b.multicasts() as MessageId + 1;
        let sender = if good.is_empty() { rng.below(n) } else { good[rng.below(good.len())] };
        last = Some((b.scenario(), Task::Stamp { sender, message }));
        if !good.is_empty() {
            break;
        }
    }
    last.unwrap_or_else(|| unreachable!())
}

/// What the core stamps on `sender`'s next multicast.
fn stamp_of(group: &Group, sender: ProcessId) -> Vec<u32> {
    let mut g = group.clone();
    match g.apply(&Action::Multicast { from: sender, reach: None }) {
        Ok(()) => g.sent.last().map(|s| s.stamp.clone()).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// What `group`'s receiver of `copy` delivers when it arrives, in order.
fn delivered_on(group: &Group, copy: Copy) -> Option<(Group, Vec<MessageId>)> {
    let mut g = group.clone();
    let from = g.log.len();
    g.apply(&Action::Receive(copy)).ok()?;
    let d = g.log[from..]
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Deliver { message, .. } if e.process == copy.to => Some(message),
            _ => None,
        })
        .collect();
    Some((g, d))
}

fn gen_deliverable(level: u8, rng: &mut Rng) -> (Scenario, Task) {
    let mut last = None;
    for attempt in 0..ATTEMPTS {
        let (n, order, max) = match level {
            1 => (3, Order::Fifo, 4 + rng.below(2)),
            2 => (3, Order::Causal, 4 + rng.below(3)),
            _ => (4, if rng.below(2) == 0 { Order::Causal } else { Order::Total }, 5 + rng.below(3)),
        };
        // One exercise in four asks about an arrival that frees nothing: the answer is none.
        let blocked = rng.below(4) == 0;
        // A candidate scoring this much is taken at once: a cascade (or the blocked arrival asked for).
        let wanted = if blocked {
            6 * 16
        } else if level == 1 {
            3 * 16
        } else {
            4 * 16
        };
        let mut b = Build::new(setup(n, order));
        // Candidates: the run so far, and a copy whose receiver holds something.
        let mut best: Option<(usize, Scenario, Copy)> = None;
        for _ in 0..max * n * 3 {
            // Questions come once every multicast is made: the run grows with the level.
            let copies: Vec<Copy> = if b.multicasts() == max { b.group.deliverable().collect() } else { Vec::new() };
            for &c in &copies {
                let held = b.group.members[c.to].hold_back.len();
                if held == 0 {
                    continue;
                }
                let Some((_, d)) = delivered_on(&b.group, c) else { continue };
                let freed = d.iter().filter(|m| b.group.members[c.to].hold_back.contains(m)).count();
                let arriving_held = matches!(c.payload, Payload::Message(m) if !d.contains(&m));
                // Best: a cascade that frees held messages; then an arrival that must wait too.
                let score = match (freed, arriving_held) {
                    (0, false) => 1,
                    (0, true) if blocked => 6,
                    (0, true) => 2,
                    (k, _) => 3 + k.min(2) + usize::from(held > k),
                } * 16
                    + rng.below(16);
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, b.scenario(), c));
                }
            }
            if best.as_ref().is_some_and(|(s, _, _)| *s >= wanted) {
                break;
            }
            b.step(rng, 4, max);
        }
        let Some((score, scenario, copy)) = best else { continue };
        last = Some((scenario, Task::Deliverable { copy }));
        if score >= wanted || attempt + 1 == ATTEMPTS {
            break;
        }
    }
    match last {
        Some(found) => found,
        None => deliverable_fallback(level),
    }
}

/// A hand-built run: P1 multicasts m1 and m2; P3 receives m2 first and holds it; m1 arrives.
fn deliverable_fallback(level: u8) -> (Scenario, Task) {
    let order = if level == 1 { Order::Fifo } else { Order::Causal };
    let mut b = Build::new(setup(3, order));
    b.act(Action::Multicast { from: 0, reach: None });
    b.act(Action::Multicast { from: 0, reach: None });
    b.act(Action::Receive(Copy { payload: Payload::Message(2), from: 0, to: 2 }));
    (b.scenario(), Task::Deliverable { copy: Copy { payload: Payload::Message(1), from: 0, to: 2 } })
}

/// The orders that hold for a log: among FIFO, causal, total, in that order.
fn orders_holding(members: usize, group: &Group) -> Vec<Order> {
    let v = check(members, &group.log);
    let mut out = Vec::new();
    if v.fifo.is_empty() {
        out.push(Order::Fifo);
    }
    if v.causal.is_empty() {
        out.push(Order::Causal);
    }
    if v.total.is_empty() {
        out.push(Order::Total);
    }
    out
}

fn gen_orders(level: u8, rng: &mut Rng) -> (Scenario, Task) {
    // The sets that can come out (under no protocol, total order implies causal order, and
    // causal order always implies FIFO order).
    let targets: &[&[Order]] = match level {
        1 | 2 => &[&[], &[Order::Fifo], &[Order::Fifo, Order::Causal], &[Order::Fifo, Order::Causal, Order::Total]],
        _ => &[
            &[],
            &[Order::Fifo],
            &[Order::Fifo, Order::Causal],
            &[Order::Total],
            &[Order::Fifo, Order::Total],
            &[Order::Fifo, Order::Causal, Order::Total],
        ],
    };
    let target = targets[rng.below(targets.len())];
    let mut last = None;
    for _ in 0..ATTEMPTS {
        let (n, max) = match level {
            1 => (3, 3),
            2 => (3 + rng.below(2), 4 + rng.below(2)),
            _ => (4, 5 + rng.below(2)),
        };
        let order = if level < 3 {
            Order::Unordered
        } else {
            [Order::Unordered, Order::Fifo, Order::Causal, Order::Total][rng.below(4)]
        };
        let mut b = Build::new(setup(n, order));
        let oldest_first = rng.below(3) == 0;
        for _ in 0..max * n * 4 {
            if oldest_first && b.multicasts() >= max {
                let c = b.group.deliverable().next();
                if let Some(c) = c {
                    b.act(Action::Receive(c));
                }
            } else {
                b.step(rng, 3, max);
            }
        }
        while b.receive_random(rng) {}
        let holds = orders_holding(n, &b.group);
        let fits = holds == target && b.multicasts() == max;
        last = Some((b.scenario(), Task::Orders));
        if fits {
            break;
        }
    }
    last.unwrap_or_else(|| unreachable!())
}

fn messages(ms: &[MessageId]) -> String {
    if ms.is_empty() {
        return tr("none").to_string();
    }
    ms.iter().map(|&m| message_name(m)).collect::<Vec<_>>().join(", ")
}

fn prompt(scenario: &Scenario, task: &Task) -> String {
    match task {
        Task::Stamp { sender, message } => tf!(
            "The group delivers in causal order. {0} now multicasts {1}. What vector timestamp does {1} carry? \
             Write one number per process, P1 first, like [1,0,2].",
            process_name(*sender),
            message_name(*message)
        ),
        Task::Deliverable { copy } => {
            let held = scenario.replay().map(|g| g.members[copy.to].hold_back.clone()).unwrap_or_default();
            tf!(
                "The group delivers in {0}. {1}'s hold-back queue holds {2}. Now {1} receives {3} from {4}. Which \
                 messages can {1} deliver then, the one arriving included? Write them like m1 m3, or none.",
                scenario.setup.order.says(),
                process_name(copy.to),
                messages(&held),
                payload_name(copy.payload),
                process_name(copy.from)
            )
        }
        Task::Orders => {
            tr("This run is finished: every copy has arrived. Which orders hold for its deliveries: FIFO, \
                          causal, total? Write the ones that hold, like fifo causal, or none.")
            .to_string()
        }
    }
}

// ---------------------------------------------------------------------------------------
// Answers as text

/// The canonical text of an answer, as [`parse_answer`] reads it: `[1,0,2]`, `m1 m3` or
/// `none`, `fifo causal` or `none`.
pub fn answer_text(answer: &Answer) -> String {
    match answer {
        Answer::Stamp(v) => vector(v),
        Answer::Deliverable(ms) if ms.is_empty() => "none".to_string(),
        Answer::Deliverable(ms) => ms.iter().map(|&m| message_name(m)).collect::<Vec<_>>().join(" "),
        Answer::Orders(os) if os.is_empty() => "none".to_string(),
        Answer::Orders(os) => os
            .iter()
            .filter_map(|o| match o {
                Order::Fifo => Some("fifo"),
                Order::Causal => Some("causal"),
                Order::Total | Order::Agreed => Some("total"),
                Order::Unordered => None,
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A piece of the learner's text quoted in a message: at most 24 characters, control
/// characters left out.
fn quoted(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(24).collect();
    if s.chars().filter(|c| !c.is_control()).count() > 24 {
        out.push('…');
    }
    out
}

/// The words of an answer: split at spaces, commas, semicolons, `+`, `/` and `&`.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '+' | '/' | '&'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The empty set, written `none` (any case), `-`, or as the page's language writes "none"
/// (`없음`, `无`).
fn is_none(w: &str) -> bool {
    w.eq_ignore_ascii_case("none") || w == "-" || w == "없음" || w == "无" || w == tr("none")
}

/// Reads the learner's text for an exercise of `kind` (see the module's table). `Err` says in
/// the page's language what could not be read.
pub fn parse_answer(kind: Kind, text: &str) -> Result<Answer, String> {
    if text.len() > MAX_ANSWER_BYTES {
        return Err(tf!("The answer is too long: at most {0} characters.", MAX_ANSWER_BYTES));
    }
    let text = text.trim();
    match kind {
        Kind::Stamp => {
            let inner = text
                .strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .or_else(|| text.strip_prefix('(').and_then(|t| t.strip_suffix(')')))
                .unwrap_or(text);
            let ws = words(inner);
            if ws.is_empty() {
                return Err(tr("Write the timestamp as one number per process, P1 first, like [1,0,2].").to_string());
            }
            let mut v = Vec::with_capacity(ws.len().min(64));
            for w in ws {
                match w.parse::<u32>() {
                    Ok(k) if w.bytes().all(|b| b.is_ascii_digit()) => v.push(k),
                    _ => {
                        return Err(tf!(
                            "`{0}` is not a count: write the timestamp as whole numbers, P1 first, like [1,0,2].",
                            quoted(w)
                        ))
                    }
                }
            }
            Ok(Answer::Stamp(v))
        }
        Kind::Deliverable => {
            let mut ms: Vec<MessageId> = Vec::new();
            for w in words(text) {
                if is_none(w) {
                    continue;
                }
                let digits = w.strip_prefix(['m', 'M']).unwrap_or(w);
                match digits.parse::<MessageId>() {
                    Ok(m) if m >= 1 && digits.bytes().all(|b| b.is_ascii_digit()) => {
                        if !ms.contains(&m) {
                            ms.push(m);
                        }
                    }
                    _ => return Err(tf!("`{0}` is not a message: write messages like m1 m3, or none.", quoted(w))),
                }
            }
            Ok(Answer::Deliverable(ms))
        }
        Kind::Orders => {
            let mut os: Vec<Order> = Vec::new();
            for w in words(text) {
                let o = match w.to_ascii_lowercase().as_str() {
                    _ if is_none(w) || w.eq_ignore_ascii_case("and") => continue,
                    "fifo" => Order::Fifo,
                    "causal" => Order::Causal,
                    "total" => Order::Total,
                    _ => {
                        return Err(tf!(
                            "`{0}` is not an order: write the orders that hold, among fifo, causal and total, or none.",
                            quoted(w)
                        ))
                    }
                };
                if !os.contains(&o) {
                    os.push(o);
                }
            }
            Ok(Answer::Orders(os))
        }
    }
}

/// Grades the learner's text: a text that cannot be read is wrong, with what could not be read.
pub fn grade_text(exercise: &Exercise, text: &str) -> Grade {
    match parse_answer(exercise.kind, text) {
        Ok(answer) => grade(exercise, &answer),
        Err(why) => Grade { correct: false, feedback: vec![item(why, None, None)] },
    }
}

// ---------------------------------------------------------------------------------------
// Solving and grading

/// The right answer, from the core.
pub fn solve(exercise: &Exercise) -> Answer {
    let group = exercise.scenario.replay().ok();
    match (&exercise.task, group) {
        (Task::Stamp { sender, .. }, Some(g)) => Answer::Stamp(stamp_of(&g, *sender)),
        (Task::Deliverable { copy }, Some(g)) => {
            let mut d = delivered_on(&g, *copy).map(|(_, d)| d).unwrap_or_default();
            d.sort_unstable();
            Answer::Deliverable(d)
        }
        (Task::Orders, Some(g)) => Answer::Orders(orders_holding(exercise.scenario.setup.members, &g)),
        (Task::Stamp { .. }, None) => Answer::Stamp(Vec::new()),
        (Task::Deliverable { .. }, None) => Answer::Deliverable(Vec::new()),
        (Task::Orders, None) => Answer::Orders(Vec::new()),
    }
}

/// Grades an answer. Never panics: an answer of the wrong shape is wrong, with a reason.
pub fn grade(exercise: &Exercise, answer: &Answer) -> Grade {
    let outcome = match exercise.scenario.replay() {
        Err(_) => Err(vec![item(tr("This exercise's run cannot be replayed.").to_string(), None, None)]),
        Ok(group) => match (&exercise.task, answer) {
            (Task::Stamp { sender, message }, Answer::Stamp(v)) => grade_stamp(&group, *sender, *message, v),
            (Task::Deliverable { copy }, Answer::Deliverable(ms)) => grade_deliverable(&group, *copy, ms),
            (Task::Orders, Answer::Orders(os)) => grade_orders(&group, os),
            _ => Err(vec![item(
                tf!("This answer does not fit the exercise \u{201c}{0}\u{201d}.", translate(exercise.kind.title())),
                None,
                None,
            )]),
        },
    };
    match outcome {
        Ok(right) => Grade { correct: true, feedback: vec![right] },
        Err(mut items) => {
            if items.is_empty() {
                items.push(item(tr("Not quite: look again at the run.").to_string(), None, None));
            }
            Grade { correct: false, feedback: items }
        }
    }
}

type Outcome = Result<Feedback, Vec<Feedback>>;

/// How the ordering checker words a violation.
type Says = fn(&Violation) -> Sentence;

/// How many messages from `from` the process `p` has received (delivered or held).
fn received_from(group: &Group, p: ProcessId, from: ProcessId) -> u32 {
    group.members[p].received.iter().filter(|&&m| group.sent[m as usize - 1].sender == from).count() as u32
}

fn grade_stamp(group: &Group, sender: ProcessId, message: MessageId, answer: &[u32]) -> Outcome {
    let truth = stamp_of(group, sender);
    let n = group.setup.members;
    let (p, m) = (process_name(sender), message_name(message));
    if answer == truth.as_slice() {
        return Ok(item(
            tf!(
                "Right: {0} carries V = {1}: {2}'s own count of its multicasts, and what {2} has delivered from each \
                 other process.",
                m,
                vector(&truth),
                p
            ),
            Some(sender),
            Some(message),
        ));
    }
    if answer.len() != n {
        return Err(vec![item(
            tf!(
                "A timestamp in this group has {0} entries, one per process (P1 to P{0}); your answer has {1}.",
                n,
                answer.len()
            ),
            None,
            Some(message),
        )]);
    }
    let member = &group.members[sender];
    let mut items = Vec::new();
    for k in (0..n).filter(|&k| answer[k] != truth[k]) {
        let (q, want, got) = (process_name(k), truth[k], answer[k]);
        let text = if k == sender {
            tf!(
                "V[{0}] is {0}'s own count: {1} is {0}'s message number {2}, so V[{0}] = {2}, not {3}.",
                p,
                m,
                want,
                got
            )
        } else {
            let held: Vec<MessageId> =
                member.hold_back.iter().copied().filter(|&h| group.sent[h as usize - 1].sender == k).collect();
            let multicast_by_k = group.sent.iter().filter(|s| s.sender == k).count() as u32;
            if !held.is_empty() && got == received_from(group, sender, k) {
                tf!(
                    "V[{0}]: {1} has received {2} from {0} but not delivered it: it waits in the hold-back queue, and \
                     a timestamp counts only delivered messages. So V[{0}] = {3}, not {4}.",
                    q,
                    p,
                    messages(&held),
                    want,
                    got
                )
            } else if got == multicast_by_k && multicast_by_k > want {
                tf!(
                    "V[{0}]: {0} has multicast {1} messages, but {2} has delivered only {3} of them before \
                     multicasting {4}. So V[{0}] = {3}.",
                    q,
                    multicast_by_k,
                    p,
                    want,
                    m
                )
            } else {
                let from_k: Vec<MessageId> =
                    member.delivered.iter().copied().filter(|&d| group.sent[d as usize - 1].sender == k).collect();
                tf!(
                    "V[{0}] counts the messages from {0} that {1} has delivered before multicasting {2}: {3} ({4}), \
                     not {5}.",
                    q,
                    p,
                    m,
                    want,
                    messages(&from_k),
                    got
                )
            }
        };
        items.push(item(text, Some(k), Some(message)));
    }
    Err(items)
}

fn grade_deliverable(group: &Group, copy: Copy, answer: &[MessageId]) -> Outcome {
    let p = copy.to;
    let pn = process_name(p);
    let Some((after, delivered)) = delivered_on(group, copy) else {
        return Err(vec![item(tr("This exercise's run cannot be replayed.").to_string(), None, None)]);
    };
    let held = &group.members[p].hold_back;
    let arriving = match copy.payload {
        Payload::Message(m) => Some(m),
        Payload::Order { .. } | Payload::Proposal { .. } | Payload::Agreed { .. } => None,
    };
    let claimed = |m: MessageId| answer.contains(&m);
    let same = answer.len() == delivered.len() && delivered.iter().all(|&m| claimed(m));
    if same {
        let text = if delivered.is_empty() {
            tf!("Right: {0} can deliver nothing yet; the messages wait in its hold-back queue.", pn)
        } else {
            tf!("Right: {0} delivers {1}, in that order.", pn, messages(&delivered))
        };
        return Ok(item(text, Some(p), None));
    }
    let mut items = Vec::new();
    for &m in answer.iter().filter(|&&m| !delivered.contains(&m)) {
        let name = message_name(m);
        let in_reach = held.contains(&m) || arriving == Some(m);
        let text = if in_reach {
            let sent = &after.sent[m as usize - 1];
            match rule::may_deliver(after.setup.order, &after.members[p], sent, m) {
                Err(wait) => tf!("{0} cannot be delivered at {1} yet: {2}.", name, pn, wait.says(p)),
                Ok(()) => tf!("{0} cannot be delivered at {1} yet.", name, pn),
            }
        } else if group.members[p].delivered.contains(&m) {
            tf!("{0} has already delivered {1}: it is no longer in the hold-back queue.", pn, name)
        } else if m as usize > group.sent.len() {
            tf!("There is no {0} yet: the run has multicast {1} messages.", name, group.sent.len())
        } else {
            tf!(
                "{0} has not received {1}: only a received message can be delivered, and the hold-back queue holds {2}.",
                pn,
                name,
                messages(held)
            )
        };
        items.push(item(text, Some(p), Some(m)));
    }
    for (i, &m) in delivered.iter().enumerate().filter(|(_, m)| !claimed(**m)) {
        let name = message_name(m);
        let sent = &after.sent[m as usize - 1];
        // What the process had delivered from each sender just before it delivered `m`.
        let before: Vec<u32> = after
            .log
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::Deliver { message, delivered } if *message == m && e.process == p => {
                    let mut v = delivered.clone();
                    v[sent.sender] -= 1;
                    Some(v)
                }
                _ => None,
            })
            .unwrap_or_default();
        let mut text = match after.setup.order {
            Order::Fifo => tf!(
                "{0} can deliver {1}: it is {2}'s message {3}, and by then {0} has delivered {4} from {2}.",
                pn,
                name,
                process_name(sent.sender),
                sent.number,
                before.get(sent.sender).copied().unwrap_or_default()
            ),
            Order::Causal => tf!(
                "{0} can deliver {1}: its timestamp {2} meets the rule V[j] = Vi[j] + 1 and V[k] ≤ Vi[k] against {0}'s \
                 deliveries by then, Vi = {3}.",
                pn,
                name,
                vector(&sent.stamp),
                vector(&before)
            ),
            Order::Total => {
                let number = after.members[p].orders.iter().find(|(x, _)| *x == m).map_or(0, |o| o.1);
                tf!("{0} can deliver {1}: its order number {2} has arrived and is the next one due.", pn, name, number)
            }
            Order::Agreed => tf!(
                "{0} can deliver {1}: its priority is agreed and it is at the head of the hold-back queue.",
                pn,
                name
            ),
            Order::Unordered => {
                tf!("{0} can deliver {1}: with no ordering, a message is delivered when it arrives.", pn, name)
            }
        };
        if i > 0 {
            text.push(' ');
            text.push_str(&tf!("It becomes deliverable once {0} is delivered.", message_name(delivered[i - 1])));
        }
        items.push(item(text, Some(p), Some(m)));
    }
    Err(items)
}

fn grade_orders(group: &Group, answer: &[Order]) -> Outcome {
    let v = check(group.setup.members, &group.log);
    let all: [(Order, &Vec<Violation>, Says); 3] = [
        (Order::Fifo, &v.fifo, fifo_says),
        (Order::Causal, &v.causal, causal_says),
        (Order::Total, &v.total, total_says),
    ];
    let mut items = Vec::new();
    for (order, found, says) in all {
        let claimed = answer.contains(&order);
        match (claimed, found.first()) {
            (true, Some(first)) => {
                let text = if found.len() == 1 {
                    tf!("{0} does not hold: {1}.", order.says(), says(first))
                } else {
                    tf!("{0} does not hold: {1} ({2} violating pairs in all).", order.says(), says(first), found.len())
                };
                items.push(item(text, Some(first.process), Some(first.later)));
            }
            (false, None) => {
                let why = match order {
                    Order::Fifo => {
                        tr("every process delivered each sender's messages in the order they were multicast")
                    }
                    Order::Causal => {
                        tr("every process delivered a message only after every message that happened before it")
                    }
                    _ => tr("any two processes delivered the messages they share in the same order"),
                };
                items.push(item(tf!("{0} holds: {1}.", order.says(), why), None, None));
            }
            _ => {}
        }
    }
    if items.is_empty() {
        let holding: Vec<String> = answer.iter().map(|o| say(&o.says())).collect();
        let text = if holding.is_empty() {
            tr("Right: none of FIFO, causal and total order holds in this run.").to_string()
        } else {
            tf!("Right: exactly these hold: {0}.", holding.join(", "))
        };
        return Ok(item(text, None, None));
    }
    Err(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip_and_refuse_what_is_not_one() {
        for kind in Kind::ALL {
            for level in 1..=LEVELS {
                let r = route(kind, level, 42);
                assert_eq!(parse_route(&r), Some((kind, level, 42)));
                assert_eq!(parse_route(&format!("#{r}&lang=ko")), Some((kind, level, 42)));
            }
        }
        for bad in [
            "v1.mc-ex.stamp.4.1",
            "v1.mc-ex.stamp.0.1",
            "v1.mc-ex.nope.1.1",
            "v1.mc-ex.stamp.1.-1",
            "v1.mc-ex.stamp.1.+1",
            "v1.mc-ex.stamp.1",
            "v1.mc-ex.stamp.1.1.x",
            "v1.ex.count.1.1",
            "",
            "v1.mc-ex.stamp.1.99999999999999999999",
        ] {
            assert_eq!(parse_route(bad), None, "{bad}");
        }
    }
}
