//! The multicast lesson (issue 22): short steps in the snapshot lesson's style, predict then
//! see, from "receive is not deliver" to reliable multicast. Seed 004's goals: "Assign
//! FIFO/Causal/Total ordering to multicast messages", "Design a reliable multicast protocol";
//! its guiding question "How do you assign FIFO/Causal timestamps to multicasts in a
//! distributed system?"; seed 000's "Reliable Multi-cast".
//!
//! Each [`Step`] carries its run as a `v1.mc.` link (a preset's, when it is one) and, natively,
//! the same run in the text form; the page opens the run at the predict question's
//! [`Predict::at`] (how many of the run's actions have happened), asks, and the learner's
//! [`Task`] is what the rest of the run does. Everything the text claims is data the tests check
//! against the core (`tests/multicast_teach.rs`): [`Step::facts`] (what the body says happens),
//! and [`Step::outcomes`], one [`Fact`] per predict choice, of which exactly the right choice's
//! holds in the run.

use crate::en;
use crate::sim::multicast::check::check;
use crate::sim::multicast::{Action, Agreement, Event, EventKind, Group, MessageId, Order};
use crate::sim::topology::ProcessId;

pub use super::lesson::Predict;

/// One step of the multicast lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Stable slug, for links.
    pub id: &'static str,
    pub title: &'static str,
    /// Paragraphs of plain English, one `<p>` each ([`Predict::shown`] of them before the answer).
    pub body: &'static [&'static str],
    /// The step's whole run: a `v1.mc.` link.
    pub link: &'static str,
    /// The multicast preset this run is ([`crate::formats::multicast_presets`]), if it is one.
    pub preset: Option<&'static str>,
    /// The same run in the text form ([`crate::formats::multicast_text`]); the tests check the two agree.
    #[cfg(not(target_arch = "wasm32"))]
    pub text: &'static str,
    /// What the learner does from the predict point on.
    pub task: Task,
    pub predict: Predict,
    /// One fact per predict choice: what the run shows if that choice is right. Exactly the right
    /// choice's holds.
    pub outcomes: &'static [Fact],
    /// What the body says happens, each checked on the whole run.
    pub facts: &'static [Fact],
}

/// What the learner must do before going on: a sentence and a check on the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Task {
    pub instruction: &'static str,
    pub goal: Goal,
}

/// A check on the log, counting only events from the step's starting point on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// `process` delivered `message`.
    Delivered { process: ProcessId, message: MessageId },
    /// `process` put `message` in its hold-back queue, waiting.
    Held { process: ProcessId, message: MessageId },
    /// `process` relayed `message` (reliable multicast).
    Relayed { process: ProcessId, message: MessageId },
}

impl Goal {
    /// Does the goal hold in `log`, counting events from index `since` on? False when the log
    /// is shorter than that (the learner went back in time).
    pub fn done(&self, log: &[Event], since: usize) -> bool {
        let Some(events) = log.get(since..) else { return false };
        events.iter().any(|e| match (*self, &e.kind) {
            (Goal::Delivered { process, message }, EventKind::Deliver { message: m, .. })
            | (Goal::Held { process, message }, EventKind::Hold { message: m, .. })
            | (Goal::Relayed { process, message }, EventKind::Relay { message: m, .. }) => {
                e.process == process && *m == message
            }
            _ => false,
        })
    }
}

/// Something the run does, checked on the group after the whole run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// `process` delivered exactly these messages, in this order.
    Delivers { process: ProcessId, messages: &'static [MessageId] },
    /// `process` held `message` back at some point.
    Holds { process: ProcessId, message: MessageId },
    /// `process` relayed `message`.
    Relays { process: ProcessId, message: MessageId },
    /// `message` carries this vector timestamp.
    Stamp { message: MessageId, stamp: &'static [u32] },
    /// The ordering checker says `order` holds (or not).
    Ordering { order: Order, holds: bool },
    /// Agreement holds (or is violated) with nothing left in flight.
    Agreement { holds: bool },
}

impl Fact {
    /// Is this true of `group`?
    pub fn holds_in(&self, group: &Group) -> bool {
        let events = |p: ProcessId| group.log.iter().filter(move |e| e.process == p);
        match *self {
            Fact::Delivers { process, messages } => {
                group.members.get(process).is_some_and(|m| m.delivered.as_slice() == messages)
            }
            Fact::Holds { process, message } => {
                events(process).any(|e| matches!(e.kind, EventKind::Hold { message: m, .. } if m == message))
            }
            Fact::Relays { process, message } => {
                events(process).any(|e| matches!(e.kind, EventKind::Relay { message: m, .. } if m == message))
            }
            Fact::Stamp { message, stamp } => {
                group.sent.get((message as usize).wrapping_sub(1)).is_some_and(|s| s.stamp.as_slice() == stamp)
            }
            Fact::Ordering { order, holds } => {
                let v = check(group.setup.members, &group.log);
                let found = match order {
                    Order::Fifo => &v.fifo,
                    Order::Causal => &v.causal,
                    Order::Total | Order::Agreed => &v.total,
                    Order::Unordered => return false,
                };
                found.is_empty() == holds
            }
            Fact::Agreement { holds } => match check(group.setup.members, &group.log).agreement {
                Agreement::Holds => holds,
                Agreement::Violated(_) => !holds,
                Agreement::Pending => false,
            },
        }
    }
}

/// The steps, in order.
pub const STEPS: &[Step] = &[
    Step {
        id: "receive-deliver",
        title: en!("Receive is not deliver"),
        body: &[
            en!("A multicast sends one message to every member of the group. A copy that arrives is received into the process's hold-back queue; the ordering's rule decides when it is delivered to the application."),
            en!("Here the group delivers in FIFO order: each sender numbers its messages 1, 2, 3, …, and a process delivers a sender's messages in that order. P1 has multicast m1, then m2."),
            en!("P2 received m2 first and held it: it needs P1's message 1 first. When m1 arrives, P2 delivers m1, then m2 from its hold-back queue."),
        ],
        link: "v1.mc.AQMEEBAwAgEwAQE",
        preset: None,
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder fifo\nreliability basic\nmulticast P1\nmulticast P1\nreceive m2 P1 P2\nreceive m1 P1 P2\n",
        task: Task {
            instruction: en!("Let m2 reach P2 first, then m1, and watch P2's hold-back queue."),
            goal: Goal::Delivered { process: 1, message: 2 },
        },
        predict: Predict {
            question: en!("m2 reaches P2 before m1. What does P2 do with m2?"),
            choices: &[
                en!("It delivers m2 at once."),
                en!("It holds m2 back until it has delivered m1."),
                en!("It drops m2."),
            ],
            answer: 1,
            at: 2,
            shown: 2,
            why: en!("m2 is P1's message 2, and P2 has delivered nothing from P1 yet: m2 waits in the hold-back queue for m1."),
        },
        outcomes: &[
            Fact::Delivers { process: 1, messages: &[2, 1] },
            Fact::Delivers { process: 1, messages: &[1, 2] },
            Fact::Delivers { process: 1, messages: &[1] },
        ],
        facts: &[Fact::Holds { process: 1, message: 2 }, Fact::Delivers { process: 1, messages: &[1, 2] }],
    },
    Step {
        id: "fifo",
        title: en!("FIFO order: a number per sender"),
        body: &[
            en!("FIFO order keeps each sender's order: a message carries its sender's sequence number, and a process delivers it when it is the next number the process expects from that sender."),
            en!("P1 has multicast m1 and m2 (its messages 1 and 2), and P2 has multicast m3 (its message 1). P3 has received m2 and holds it."),
            en!("m3 is P2's message 1, the next P3 expects from P2, so P3 delivers it at once, while m2 still waits for P1's message 1. When m1 arrives, P3 delivers m1, then m2."),
        ],
        link: "v1.mc.AQMGEBARMAICMAMSMAEC",
        preset: None,
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder fifo\nreliability basic\nmulticast P1\nmulticast P1\nmulticast P2\nreceive m2 P1 P3\nreceive m3 P2 P3\nreceive m1 P1 P3\n",
        task: Task {
            instruction: en!("Let m3 reach P3, then m1."),
            goal: Goal::Delivered { process: 2, message: 2 },
        },
        predict: Predict {
            question: en!("Now m3 arrives at P3. What does P3 do?"),
            choices: &[
                en!("It holds m3 too: m2 arrived first."),
                en!("It delivers m3 at once: FIFO order counts each sender separately."),
            ],
            answer: 1,
            at: 4,
            shown: 2,
            why: en!("m3 is P2's message 1 and P3 has delivered nothing from P2, so the rule lets it through; m2 waits only for P1's message 1."),
        },
        outcomes: &[Fact::Delivers { process: 2, messages: &[1, 2, 3] }, Fact::Delivers { process: 2, messages: &[3, 1, 2] }],
        facts: &[
            Fact::Holds { process: 2, message: 2 },
            Fact::Delivers { process: 2, messages: &[3, 1, 2] },
        ],
    },
    Step {
        id: "fifo-not-causal",
        title: en!("FIFO but not causal"),
        body: &[
            en!("FIFO order says nothing about messages from different senders. P1 multicast m1; P2 delivered m1 and answered with m2, so m1 happened before m2 (m1 → m2)."),
            en!("P3 delivered m2 before m1. FIFO order holds, since each sender multicast one message, but causal order is violated: the Ordering check names the pair."),
        ],
        link: "v1.mc.AQMGEDABAREwAhIwAQIwAhA",
        preset: Some("fifo-not-causal"),
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder fifo\nreliability basic\nmulticast P1\nreceive m1 P1 P2\nmulticast P2\nreceive m2 P2 P3\nreceive m1 P1 P3\nreceive m2 P2 P1\n",
        task: Task {
            instruction: en!("Let m2 reach P3 before m1, then read the Ordering check."),
            goal: Goal::Delivered { process: 2, message: 1 },
        },
        predict: Predict {
            question: en!("m2 reaches P3 before m1. Under FIFO order, what does P3 do with m2?"),
            choices: &[en!("It delivers m2 at once."), en!("It holds m2 until m1 arrives.")],
            answer: 0,
            at: 3,
            shown: 1,
            why: en!("m2 is P2's message 1, the next P3 expects from P2. FIFO order does not look at P1's messages."),
        },
        outcomes: &[Fact::Delivers { process: 2, messages: &[2, 1] }, Fact::Delivers { process: 2, messages: &[1, 2] }],
        facts: &[
            Fact::Ordering { order: Order::Fifo, holds: true },
            Fact::Ordering { order: Order::Causal, holds: false },
        ],
    },
    Step {
        id: "causal",
        title: en!("Causal order: vector timestamps"),
        body: &[
            en!("Causal order delivers a message only after every message that happened before it. Each message carries a vector timestamp V: V[k] counts the messages from Pk that the sender had delivered when it multicast, and the sender's own entry counts its multicasts, this one included."),
            en!("Process Pi keeps Vi, how many messages from each sender it has delivered. It delivers a message from Pj when V[j] = Vi[j] + 1 (the next one from Pj) and V[k] ≤ Vi[k] for every other k (it has delivered everything the sender had)."),
            en!("The same run as before, now under causal order: P2 delivered m1 before it multicast m2, so m2 carries V = [1,1,0]."),
            en!("P3 holds m2: V[P1] = 1, but P3 has delivered 0 from P1. When m1 arrives, P3 delivers m1, then m2, and causal order holds."),
        ],
        link: "v1.mc.AgMGEDABAREwAhIwAQIwAhA",
        preset: None,
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder causal\nreliability basic\nmulticast P1\nreceive m1 P1 P2\nmulticast P2\nreceive m2 P2 P3\nreceive m1 P1 P3\nreceive m2 P2 P1\n",
        task: Task {
            instruction: en!("Let m2 reach P3 before m1, and read why P3 holds it."),
            goal: Goal::Held { process: 2, message: 2 },
        },
        predict: Predict {
            question: en!("m2, with V = [1,1,0], reaches P3, which has delivered nothing: Vi = [0,0,0]. Can P3 deliver m2?"),
            choices: &[
                en!("Yes: V[P2] = 1 = Vi[P2] + 1."),
                en!("No: V[P1] = 1 > Vi[P1] = 0, so it waits for m1."),
            ],
            answer: 1,
            at: 3,
            shown: 3,
            why: en!("Both conditions must hold. V[P2] = Vi[P2] + 1 does, but V[P1] ≤ Vi[P1] does not: m2's sender had delivered m1, and P3 has not."),
        },
        outcomes: &[Fact::Delivers { process: 2, messages: &[2, 1] }, Fact::Delivers { process: 2, messages: &[1, 2] }],
        facts: &[
            Fact::Stamp { message: 2, stamp: &[1, 1, 0] },
            Fact::Holds { process: 2, message: 2 },
            Fact::Delivers { process: 2, messages: &[1, 2] },
            Fact::Ordering { order: Order::Causal, holds: true },
        ],
    },
    Step {
        id: "causal-not-total",
        title: en!("Causal but not total"),
        body: &[
            en!("Two messages are concurrent when neither happened before the other. Causal order does not order them: each process may deliver them as they arrive."),
            en!("P1 multicast m1 and P2 multicast m2, each before receiving the other's message."),
            en!("P2 delivered m2 before m1, while P1 and P3 delivered m1 first. Causal order holds; total order, one order at every process, does not."),
        ],
        link: "v1.mc.AgMGEBEwAhAwAQEwAQIwAhI",
        preset: Some("causal-not-total"),
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder causal\nreliability basic\nmulticast P1\nmulticast P2\nreceive m2 P2 P1\nreceive m1 P1 P2\nreceive m1 P1 P3\nreceive m2 P2 P3\n",
        task: Task {
            instruction: en!("Let every copy arrive, then compare the delivery orders of P1, P2 and P3."),
            goal: Goal::Delivered { process: 2, message: 2 },
        },
        predict: Predict {
            question: en!("Will every process deliver m1 and m2 in the same order?"),
            choices: &[
                en!("Yes: causal order puts them in one order."),
                en!("No: causal order leaves concurrent messages in any order."),
            ],
            answer: 1,
            at: 2,
            shown: 2,
            why: en!("m1 and m2 are concurrent, so the causal rule lets each process deliver them as they arrive; P2 delivers its own m2 first."),
        },
        outcomes: &[
            Fact::Ordering { order: Order::Total, holds: true },
            Fact::Ordering { order: Order::Total, holds: false },
        ],
        facts: &[
            Fact::Ordering { order: Order::Causal, holds: true },
            Fact::Delivers { process: 0, messages: &[1, 2] },
            Fact::Delivers { process: 1, messages: &[2, 1] },
            Fact::Delivers { process: 2, messages: &[1, 2] },
        ],
    },
    Step {
        id: "total",
        title: en!("Total order: a sequencer"),
        body: &[
            en!("Total order makes every process deliver the messages in one and the same order. Here P1 is the sequencer: when it first receives a message, its own included, it gives it the next order number and sends that number to every other member."),
            en!("A process holds a message until its order number has arrived and every smaller number has been delivered, even a message it multicast itself."),
            en!("P2 multicast m1, then P3 multicast m2. The sequencer received m2 first: m2 is number 1, and m1 number 2."),
            en!("P2 holds m1 until m2, number 1, is delivered. P1, P2 and P3 all deliver m2, then m1."),
        ],
        link: "v1.mc.AwMKERIwAiAwARAxAQIBMAIhMQIBATABEjECAQIxAQIC",
        preset: None,
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder total\nreliability basic\nmulticast P2\nmulticast P3\nreceive m2 P3 P1\nreceive m1 P2 P1\nreceive order m1 2 P1 P2\nreceive m2 P3 P2\nreceive order m2 1 P1 P2\nreceive m1 P2 P3\nreceive order m2 1 P1 P3\nreceive order m1 2 P1 P3\n",
        task: Task {
            instruction: en!("Let the orders and the copies reach P2 and P3."),
            goal: Goal::Delivered { process: 1, message: 1 },
        },
        predict: Predict {
            question: en!("In which order will P2 deliver m1 and m2?"),
            choices: &[en!("m1, then m2: its own message first."), en!("m2, then m1: the sequencer's order.")],
            answer: 1,
            at: 4,
            shown: 3,
            why: en!("m2 is number 1 and m1 number 2: every process, P2 included, delivers number 1 first."),
        },
        outcomes: &[Fact::Delivers { process: 1, messages: &[1, 2] }, Fact::Delivers { process: 1, messages: &[2, 1] }],
        facts: &[
            Fact::Holds { process: 1, message: 1 },
            Fact::Delivers { process: 0, messages: &[2, 1] },
            Fact::Delivers { process: 1, messages: &[2, 1] },
            Fact::Delivers { process: 2, messages: &[2, 1] },
            Fact::Ordering { order: Order::Total, holds: true },
        ],
    },
    Step {
        id: "total-not-causal",
        title: en!("Total but not causal"),
        body: &[
            en!("Total order alone does not guarantee FIFO or causal order: the sequencer numbers messages in the order it receives them."),
            en!("P2 multicast m1, then m2. The sequencer P1 received m2 first and gave it number 1."),
            en!("Every process delivers m2, then m1: total order holds, but FIFO order and causal order are violated, since m1 → m2."),
        ],
        link: "v1.mc.AwMKEREwAhAwARAxAgEBMQECATACEjABEjEBAgIxAgEC",
        preset: Some("total-not-causal"),
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder total\nreliability basic\nmulticast P2\nmulticast P2\nreceive m2 P2 P1\nreceive m1 P2 P1\nreceive order m2 1 P1 P2\nreceive order m1 2 P1 P2\nreceive m2 P2 P3\nreceive m1 P2 P3\nreceive order m1 2 P1 P3\nreceive order m2 1 P1 P3\n",
        task: Task {
            instruction: en!("Let every copy and order arrive, then read the Ordering check."),
            goal: Goal::Delivered { process: 2, message: 1 },
        },
        predict: Predict {
            question: en!("Does the run keep P2's order, m1 before m2?"),
            choices: &[
                en!("Yes: total order keeps each sender's order."),
                en!("No: every process delivers m2 before m1."),
            ],
            answer: 1,
            at: 4,
            shown: 2,
            why: en!("The sequencer's numbers decide, and m2 is number 1: one order everywhere, but not the order P2 multicast them in."),
        },
        outcomes: &[
            Fact::Ordering { order: Order::Fifo, holds: true },
            Fact::Ordering { order: Order::Fifo, holds: false },
        ],
        facts: &[
            Fact::Ordering { order: Order::Total, holds: true },
            Fact::Ordering { order: Order::Fifo, holds: false },
            Fact::Ordering { order: Order::Causal, holds: false },
            Fact::Delivers { process: 0, messages: &[2, 1] },
            Fact::Delivers { process: 1, messages: &[2, 1] },
            Fact::Delivers { process: 2, messages: &[2, 1] },
        ],
    },
    Step {
        id: "total-isis",
        title: en!("Total order without a sequencer: agreed priorities"),
        body: &[
            en!("ISIS needs no sequencer. On its first receipt of a message, each member proposes a priority, one more than the largest it has proposed or seen agreed, with its process number breaking ties (2.3: count 2, from P3). It holds the message, undeliverable, and sends the proposal to the sender."),
            en!("The sender takes the largest proposal as the agreed priority and multicasts it. A member marks the message deliverable at that priority, sorts its hold-back queue by priority, and delivers from the head while the head is deliverable."),
            en!("P1 multicast m1 and P2 multicast m2 at once. P3 received m2 first (proposing 1.3), then m1 (proposing 2.3); m1 is agreed at 2.3, the largest of 1.1, 2.2 and 2.3, and P3 has learnt it."),
            en!("P3 holds m1 behind m2 until m2 is agreed at 2.1, below 2.3. Every process delivers m2, then m1, though P1 received m1 first: total order holds."),
        ],
        link: "v1.mc.EwMOEBEwAhIwAQIwAhAwAQEyAQIBEDIBAgIgMwECAgIyAgECITICAgABMwICABIzAgIAEDMBAgIB",
        preset: None,
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder isis\nreliability basic\nmulticast P1\nmulticast P2\nreceive m2 P2 P3\nreceive m1 P1 P3\nreceive m2 P2 P1\nreceive m1 P1 P2\nreceive proposal m1 2.2 P2 P1\nreceive proposal m1 2.3 P3 P1\nreceive agreed m1 2.3 P1 P3\nreceive proposal m2 1.3 P3 P2\nreceive proposal m2 2.1 P1 P2\nreceive agreed m2 2.1 P2 P3\nreceive agreed m2 2.1 P2 P1\nreceive agreed m1 2.3 P1 P2\n",
        task: Task {
            instruction: en!("Let the proposals for m2 reach P2, then the agreed priorities arrive, and watch P3's hold-back queue."),
            goal: Goal::Delivered { process: 2, message: 1 },
        },
        predict: Predict {
            question: en!("At P3, m1 is agreed at 2.3, and m2 has only P3's own proposal, 1.3. Can P3 deliver m1 now?"),
            choices: &[
                en!("Yes: its priority is agreed."),
                en!("No: m2, proposed 1.3, is ahead of it and may still be agreed below 2.3."),
            ],
            answer: 1,
            at: 9,
            shown: 3,
            why: en!("An agreed message is delivered only from the head of the queue. m2's agreed priority will be at least P3's proposal 1.3, and it may stay below 2.3: here it is agreed at 2.1, so m2 goes first."),
        },
        outcomes: &[Fact::Delivers { process: 2, messages: &[1, 2] }, Fact::Delivers { process: 2, messages: &[2, 1] }],
        facts: &[
            Fact::Holds { process: 2, message: 1 },
            Fact::Delivers { process: 0, messages: &[2, 1] },
            Fact::Delivers { process: 1, messages: &[2, 1] },
            Fact::Delivers { process: 2, messages: &[2, 1] },
            Fact::Ordering { order: Order::Total, holds: true },
        ],
    },
    Step {
        id: "basic-crash",
        title: en!("Basic multicast: the sender crashes"),
        body: &[
            en!("Basic multicast sends each copy once, from the sender. If the sender crashes partway through, some members get the message and others never will."),
            en!("P1 sent m1 to P2 only, then crashed."),
            en!("P2 delivers m1, but no copy is on its way to P3, so P3 never will. Agreement (every correct process receives every message that some correct process received) is violated."),
        ],
        link: "v1.mc.AAMCIAIwAQE",
        preset: Some("basic-crash"),
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder unordered\nreliability basic\nmulticast P1 partial P2\nreceive m1 P1 P2\n",
        task: Task {
            instruction: en!("Let m1 reach P2."),
            goal: Goal::Delivered { process: 1, message: 1 },
        },
        predict: Predict {
            question: en!("Once P2 has received m1, will P3 ever deliver it?"),
            choices: &[
                en!("Yes: P2 passes it on."),
                en!("No: only the sender sends copies, and it has crashed."),
            ],
            answer: 1,
            at: 1,
            shown: 2,
            why: en!("In basic multicast a receiver does not send the message on: the only copies were P1's, and P1 sent none to P3."),
        },
        outcomes: &[Fact::Delivers { process: 2, messages: &[1] }, Fact::Delivers { process: 2, messages: &[] }],
        facts: &[Fact::Delivers { process: 1, messages: &[1] }, Fact::Agreement { holds: false }],
    },
    Step {
        id: "reliable",
        title: en!("Reliable multicast"),
        body: &[
            en!("Reliable multicast repairs it: when a process receives a message for the first time, it sends it on to every other member except the sender, then delivers it. Later copies are duplicates and are dropped."),
            en!("The same crash: P1 sent m1 to P2 only."),
            en!("P2 sends m1 on to P3, so P3 delivers it too: every correct process delivers m1, though its sender crashed."),
        ],
        link: "v1.mc.BAMDIAIwAQEwARI",
        preset: Some("reliable-crash"),
        #[cfg(not(target_arch = "wasm32"))]
        text: "group 3\norder unordered\nreliability reliable\nmulticast P1 partial P2\nreceive m1 P1 P2\nreceive m1 P2 P3\n",
        task: Task {
            instruction: en!("Let m1 reach P2, then P2's copy reach P3."),
            goal: Goal::Delivered { process: 2, message: 1 },
        },
        predict: Predict {
            question: en!("What does P2 do when m1 first arrives?"),
            choices: &[en!("It delivers m1, and nothing more."), en!("It sends m1 on to P3, then delivers it.")],
            answer: 1,
            at: 1,
            shown: 2,
            why: en!("On its first receipt of a message a process sends it on to the other members, so one correct receiver is enough for every correct process to get it."),
        },
        outcomes: &[Fact::Delivers { process: 2, messages: &[] }, Fact::Delivers { process: 2, messages: &[1] }],
        facts: &[Fact::Relays { process: 1, message: 1 }, Fact::Agreement { holds: true }],
    },
];

/// The index of the step with this id.
pub fn find(id: &str) -> Option<usize> {
    STEPS.iter().position(|s| s.id == id)
}

/// What follows `v1.` in a lesson step's route.
pub const ROUTE: &str = "mc-lesson.";

/// The fragment (without `#`) of a step: `v1.mc-lesson.causal`.
pub fn route(step: usize) -> Option<String> {
    STEPS.get(step).map(|s| format!("v1.{ROUTE}{}", s.id))
}

/// The step a fragment names (`#v1.mc-lesson.<id>`, with or without the `#`, anything after an
/// `&` ignored), or `None`.
pub fn parse_route(fragment: &str) -> Option<usize> {
    let route = fragment.strip_prefix('#').unwrap_or(fragment);
    let route = route.split('&').next().unwrap_or_default();
    find(route.strip_prefix("v1.")?.strip_prefix(ROUTE)?)
}

impl Step {
    /// Whether the lab lets the learner take `action` during this step: every step's task is
    /// done by copies arriving, so only receiving is allowed (no new multicast, no crash).
    pub fn permits(&self, action: &Action) -> bool {
        matches!(action, Action::Receive(_))
    }
}
