//! Kind 8, *Safety or liveness?*: a run where one assumption of the algorithm broke (a lost or
//! duplicated application message, a lost marker, a crash, or non-FIFO channels letting a
//! message and a marker swap places); the learner says what it broke for snapshot S1. The
//! answer is the core's ([`explain`]): a lost or duplicated application message leaves the
//! snapshot true and breaks the application's invariant (neither safety nor liveness); a lost
//! marker or a crash breaks liveness (the snapshot never completes); non-FIFO channels break
//! safety (an orphan, or a channel recording that misses a message in transit).

use super::*;
use crate::sim::cut::check_snapshot;
use crate::sim::faults::{explain, waits, Assumption, FaultFinding, Property};

/// The broken assumptions a run is built around.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    LostMessage,
    Duplicate,
    LostMarker,
    Crash,
    NonFifo,
}

/// Each level's cases, one picked by the seed: level 1 loss (of money, of a marker), level 2
/// duplication and crashes, level 3 non-FIFO channels among the rest, on four processes.
fn cases(level: u8) -> &'static [Case] {
    match level {
        1 => &[Case::LostMessage, Case::LostMarker],
        2 => &[Case::Duplicate, Case::Crash, Case::LostMessage],
        _ => &[Case::NonFifo, Case::NonFifo, Case::LostMarker, Case::Duplicate, Case::Crash],
    }
}

/// The core's finding for the fault at event `fault` for S1, with what it breaks. On non-FIFO
/// channels the core's finding is about the channels (its `seq` is 0); `fault` is then the
/// receive where a marker or a message overtook the other.
pub fn finding(scenario: &Scenario, fault: u32) -> Option<(Log, FaultFinding)> {
    let log = scenario.replay().world.into_log();
    let s1 = assemble(&log).into_iter().next()?;
    let f = explain(&log, &s1).into_iter().find(|f| {
        f.affects && f.breaks.is_some() && (f.seq == fault || (f.seq == 0 && f.assumption == Assumption::Fifo))
    })?;
    Some((log, f))
}

pub(super) fn generate(level: u8, seed: u64, rng: &mut Rng) -> (Scenario, Task) {
    let n = usize::from(level) + 1;
    let list = cases(level);
    let case = list[rng.below(list.len())];
    for _ in 0..ATTEMPTS {
        if let Some(found) = build(case, n, seed, rng, true) {
            return found;
        }
    }
    build(case, n, seed, rng, false).unwrap_or_else(|| {
        // Unreachable in practice (the plain build of every case is checked in the tests).
        (Scenario::new(complete(rng, n), seed), Task::Breaks { fault: 0 })
    })
}

/// Delivers whatever can be delivered (a crashed process receives nothing), oldest first.
fn settle(b: &mut Build) {
    while let Some(m) = heads(&b.world).into_iter().find(|m| b.world.clone().apply(&deliver(&b.world, m)).is_ok()) {
        if !b.deliver(&m) {
            break;
        }
    }
}

fn deliver(w: &World, m: &Message) -> Action {
    Action::Deliver { message: w.message_ref(m) }
}

/// One run of `case`: a little traffic first (when `busy`), then the fault around S1.
fn build(case: Case, n: usize, seed: u64, rng: &mut Rng, busy: bool) -> Option<(Scenario, Task)> {
    let mut t = complete(rng, n);
    if case == Case::NonFifo {
        t = Topology::new(t.processes().to_vec(), t.channels().to_vec(), Discipline::NonFifo, Unit::Balance).ok()?;
    }
    let mut b = Build::new(&t);
    if busy {
        for _ in 0..1 + rng.below(2 * n) {
            b.step(rng, 6);
        }
        settle(&mut b);
    }
    let p = rng.below(n);
    let q = other(rng, n, p);
    let amount = rng.range(1, 9) * 10;
    let flight = |b: &Build, c: Channel, marker: bool| {
        let id = b.world.topology().channel_id(c.from, c.to)?;
        b.world.in_flight(id).filter(|m| m.is_marker() == marker).last().copied()
    };
    let c = Channel { from: p, to: q };
    let mut overtook = None;
    match case {
        Case::LostMessage => {
            // Sent before its sender records, lost while the snapshot runs.
            b.act(send(p, q, amount));
            b.act(Action::Snapshot { process: if busy { rng.below(n) } else { p } });
            let m = flight(&b, c, false)?;
            b.act(Action::Drop { message: b.world.message_ref(&m) });
        }
        Case::Duplicate => {
            // Copied before the snapshot starts: the copy is money the snapshot counts.
            b.act(send(p, q, amount));
            let m = flight(&b, c, false)?;
            b.act(Action::Duplicate { message: b.world.message_ref(&m) });
            b.act(Action::Snapshot { process: if busy { rng.below(n) } else { p } });
        }
        Case::LostMarker => {
            b.act(Action::Snapshot { process: p });
            let m = flight(&b, c, true)?;
            b.act(Action::Drop { message: b.world.message_ref(&m) });
        }
        Case::Crash => {
            b.act(Action::Snapshot { process: p });
            b.act(Action::Crash { process: q });
        }
        Case::NonFifo => {
            if rng.below(2) == 0 || !busy {
                // Sent before p records, received after q records: the recording misses it.
                b.act(send(p, q, amount));
                b.act(Action::Snapshot { process: p });
            } else {
                // Sent after p records, received before q records: an orphan.
                b.act(Action::Snapshot { process: p });
                b.act(send(p, q, amount));
            }
            let marker = flight(&b, c, true)?;
            let message = flight(&b, c, false)?;
            let (first, second) = if marker.id < message.id { (message, marker) } else { (marker, message) };
            b.deliver(&first);
            overtook = received(b.world.log(), first.id).map(|e| e.seq);
            b.deliver(&second);
        }
    }
    settle(&mut b);
    let scenario = b.scenario(seed);
    // The fault's event: the drop, duplicate or crash just taken, or (non-FIFO) the receive of
    // the overtaking message, which the core names.
    let log = scenario.replay().world.into_log();
    let s1 = assemble(&log).into_iter().next()?;
    let found = explain(&log, &s1).into_iter().find(|f| f.affects && f.breaks.is_some())?;
    let want = match case {
        Case::LostMessage | Case::Duplicate => Property::Invariant,
        Case::LostMarker | Case::Crash => Property::Liveness,
        Case::NonFifo => Property::Safety,
    };
    let fault = if found.seq == 0 { overtook? } else { found.seq };
    (found.breaks == Some(want)).then_some((scenario, Task::Breaks { fault }))
}

/// The choices, in the order the page lists them.
pub const CHOICES: [Property; 3] = [Property::Safety, Property::Liveness, Property::Invariant];

/// A choice as the learner reads it.
pub fn choice_text(p: Property) -> &'static str {
    match p {
        Property::Safety => {
            tr("Safety: the recorded state is not a consistent global state (an orphan, or a channel recording that \
                misses a message in transit)")
        }
        Property::Liveness => tr("Liveness: the snapshot never completes"),
        Property::Invariant => {
            tr("Neither: the snapshot is true and complete; the application's invariant broke (its total changed)")
        }
    }
}

pub(super) fn prompt(scenario: &Scenario, fault: u32) -> String {
    match finding(scenario, fault) {
        Some((_, f)) => tf!(
            "An assumption of the algorithm broke in this run: {0}, at event #{1}. What did that break for snapshot S1?",
            f.assumption.name(),
            fault
        ),
        None => tr("An assumption of the algorithm broke in this run. What did that break for snapshot S1?").to_string(),
    }
}

pub(super) fn solve(ex: &Exercise, fault: u32) -> Answer {
    match finding(&ex.scenario, fault).and_then(|(_, f)| f.breaks) {
        Some(p) => Answer::Breaks(p),
        None => Answer::Claims(Vec::new()),
    }
}

pub(super) fn grade(ex: &Exercise, fault: u32, chosen: Property) -> Outcome {
    let Some((log, f)) = finding(&ex.scenario, fault) else {
        return Err(vec![note(tr("This exercise's run has no broken assumption to judge.").to_string())]);
    };
    let truth = f.breaks.unwrap_or(Property::Invariant);
    let at_fault = log.events.iter().find(|e| e.seq == fault);
    let rule = at_fault.map(|e| e.rule);
    let core = fb(say(&f), at_fault, rule, None);
    if chosen == truth {
        let lesson = match truth {
            Property::Invariant => {
                tr("Right: the snapshot stays true (no orphan, every channel's recording what was in \
                                    transit) and records the total the system really holds; the bank's invariant \
                                    broke, and the snapshot even lets an auditor see it.")
            }
            Property::Liveness => tr("Right: liveness fails. Part of the snapshot waits forever (a lost marker never \
                                   arrives, a crashed process never does its part), so the snapshot never completes; \
                                   what it recorded so far is not wrong."),
            Property::Safety => tr("Right: safety fails. Without FIFO a marker and a message swapped places, so the \
                                 recorded state is not a consistent global state."),
        };
        return Ok(Feedback { text: format!("{} {}", lesson, say(&f)), ..core });
    }
    let s1 = assemble(&log).into_iter().next();
    let done = log.events.iter().find(|e| matches!(e.kind, EventKind::SnapshotComplete { snapshot: 1 }));
    let why_not = match chosen {
        Property::Safety => {
            if truth == Property::Liveness {
                note(
                    tr("Not safety: S1 never completes, so no recording is finished to be wrong; what fails is that \
                         it never finishes.")
                    .to_string(),
                )
            } else {
                let total = s1.as_ref().and_then(|s| s.recorded_total()).unwrap_or_default();
                note(tf!(
                    "Not safety: S1 is a consistent global state: no orphan, and every channel recorded what was in \
                     transit across its cut. It records {0}, what the system really holds.",
                    total
                ))
            }
        }
        Property::Liveness => fb(
            tf!("Not liveness: S1 completed{0}: every process recorded its state and every channel closed.", at(done)),
            done,
            Some(Rule::Complete),
            None,
        ),
        Property::Invariant => {
            if truth == Property::Liveness {
                let wait = s1.as_ref().and_then(|s| waits(&log, s).into_iter().next());
                note(match wait {
                    Some(w) => tf!("It is not “neither”: S1 never completes: {0}.", w),
                    None => tr("It is not “neither”: S1 never completes.").to_string(),
                })
            } else {
                let verdict = s1.as_ref().and_then(|s| check_snapshot(&log, s));
                let finding = verdict.as_ref().and_then(|v| v.safety_findings().next().map(say));
                note(match finding {
                    Some(text) => {
                        tf!("It is not “neither”: S1's recording is not a consistent global state: {0}.", text)
                    }
                    None => tr("It is not “neither”: S1's recording is not a consistent global state.").to_string(),
                })
            }
        }
    };
    Err(vec![why_not, core])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every case builds without traffic (the generator's last resort) and breaks what it should.
    #[test]
    fn every_case_builds_plainly() {
        for case in [Case::LostMessage, Case::Duplicate, Case::LostMarker, Case::Crash, Case::NonFifo] {
            for n in 2..=4 {
                for seed in 0..5 {
                    let built = build(case, n, seed, &mut Rng::new(seed), false);
                    let (scenario, Task::Breaks { fault }) = built.unwrap_or_else(|| panic!("{case:?} n {n}")) else {
                        panic!()
                    };
                    assert!(finding(&scenario, fault).is_some(), "{case:?} n {n} seed {seed}");
                }
            }
        }
    }
}
