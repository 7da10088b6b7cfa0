//! The orderings' delivery rules, as one pure function: may this process deliver this held
//! message now, and if not, what is it waiting for?
//!
//! - **Unordered**: at once.
//! - **FIFO**: per-sender sequence numbers: the sender's next message, `number = delivered + 1`.
//! - **Causal**: vector timestamps: from sender `j`, deliver when `V[j] = Vi[j] + 1` and
//!   `V[k] ≤ Vi[k]` for every `k ≠ j`, where `V` is the message's timestamp and `Vi` counts what
//!   process `i` has delivered from each sender.
//! - **Total**: a sequencer's order numbers: deliver when the message's order number has arrived
//!   and is the next one due.
//! - **Total by agreed priorities (ISIS)**: deliver when the message's priority is agreed and no
//!   held message has a smaller priority (agreed or only proposed): it is the head of the queue.

use crate::say;

use super::super::process_name;
use super::super::topology::ProcessId;
use super::super::words::Sentence;
use super::{message_name, priority_name, vector, Member, MessageId, Priority, Sent};

/// Which order the group delivers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Order {
    Unordered,
    Fifo,
    Causal,
    /// Total order by a sequencer (P1).
    Total,
    /// Total order by agreed priorities (ISIS), without a sequencer.
    Agreed,
}

impl Order {
    pub const ALL: [Order; 5] = [Order::Unordered, Order::Fifo, Order::Causal, Order::Total, Order::Agreed];

    /// Does this rule promise total order (by a sequencer, or by agreed priorities)?
    pub fn is_total(self) -> bool {
        matches!(self, Order::Total | Order::Agreed)
    }

    /// `FIFO order`, in words.
    pub fn says(self) -> Sentence {
        match self {
            Order::Unordered => say!("no ordering"),
            Order::Fifo => say!("FIFO order"),
            Order::Causal => say!("causal order"),
            Order::Total => say!("total order"),
            Order::Agreed => say!("total order by agreed priorities (ISIS)"),
        }
    }
}

/// Why a received message is held back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wait {
    /// FIFO: `sender`'s message number `needs` comes first; `has` delivered so far from it.
    Fifo { sender: ProcessId, needs: u32, has: u32 },
    /// Causal: `sender`'s message number `needs` comes first (`has` delivered from it);
    /// `stamp` is the held message's timestamp, `clock` the process's.
    Causal { sender: ProcessId, needs: u32, has: u32, stamp: Vec<u32>, clock: Vec<u32> },
    /// Total: its order number has not arrived from the sequencer.
    Order,
    /// Total: it is number `number`, and number `next` is due first.
    Turn { number: u32, next: u32 },
    /// ISIS: its priority here is only proposed, not agreed yet.
    Unagreed { priority: Priority },
    /// ISIS: it is agreed, but `ahead` (priority `priority`, agreed or not) is ahead of it.
    Behind { ahead: MessageId, priority: Priority, agreed: bool },
}

impl Wait {
    /// `it needs P1's message 2 first (P3 has delivered 1 from P1)`: `process` is the one holding.
    pub fn says(&self, process: ProcessId) -> Sentence {
        match self {
            Wait::Fifo { sender, needs, has } => say!(
                "it needs {0}'s message {1} first ({2} has delivered {3} from {0})",
                process_name(*sender),
                *needs,
                process_name(process),
                *has
            ),
            Wait::Causal { sender, needs, has, stamp, clock } => say!(
                "it needs {0}'s message {1} first ({2} has delivered {3} from {0}; its timestamp is {4}, {2}'s clock {5})",
                process_name(*sender),
                *needs,
                process_name(process),
                *has,
                vector(stamp),
                vector(clock)
            ),
            Wait::Order => say!("its order number has not come from the sequencer yet"),
            Wait::Turn { number, next } => say!("it is number {0} in the total order, and number {1} comes first", *number, *next),
            Wait::Unagreed { priority } => say!("its priority {0} is not agreed yet", priority_name(*priority)),
            Wait::Behind { ahead, priority, agreed: true } => {
                say!("{0} (agreed {1}) is ahead of it", message_name(*ahead), priority_name(*priority))
            }
            Wait::Behind { ahead, priority, agreed: false } => {
                say!("{0} (proposed {1}, not agreed yet) is ahead of it", message_name(*ahead), priority_name(*priority))
            }
        }
    }
}

/// May `member` deliver the held message `m` (multicast as `sent`) now under `order`?
pub fn may_deliver(order: Order, member: &Member, sent: &Sent, m: MessageId) -> Result<(), Wait> {
    let j = sent.sender;
    let has = member.delivered_from[j];
    match order {
        Order::Unordered => Ok(()),
        Order::Fifo if sent.number == has + 1 => Ok(()),
        Order::Fifo => Err(Wait::Fifo { sender: j, needs: has + 1, has }),
        Order::Causal => {
            let clock = &member.delivered_from;
            let missing = if sent.stamp[j] != has + 1 {
                Some(j)
            } else {
                (0..clock.len()).find(|&k| k != j && sent.stamp[k] > clock[k])
            };
            match missing {
                None => Ok(()),
                Some(k) => Err(Wait::Causal {
                    sender: k,
                    needs: clock[k] + 1,
                    has: clock[k],
                    stamp: sent.stamp.clone(),
                    clock: clock.clone(),
                }),
            }
        }
        Order::Total => match member.orders.iter().find(|(msg, _)| *msg == m) {
            None => Err(Wait::Order),
            Some(&(_, number)) if number == member.next_turn => Ok(()),
            Some(&(_, number)) => Err(Wait::Turn { number, next: member.next_turn }),
        },
        Order::Agreed => {
            let Some((priority, agreed)) = member.priority(m) else {
                return Err(Wait::Unagreed { priority: Priority { count: 0, process: j } });
            };
            if !agreed {
                return Err(Wait::Unagreed { priority });
            }
            let ahead = member
                .hold_back
                .iter()
                .filter(|&&x| x != m)
                .filter_map(|&x| member.priority(x).map(|(pr, a)| (pr, x, a)))
                .filter(|&(pr, _, _)| pr < priority)
                .min();
            match ahead {
                None => Ok(()),
                Some((priority, ahead, agreed)) => Err(Wait::Behind { ahead, priority, agreed }),
            }
        }
    }
}
