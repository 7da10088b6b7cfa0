//! Kind 7, *What does this snapshot tell you?*: a finished run with a complete snapshot S1 and
//! a few statements about it; the learner ticks the ones that follow. Each statement's truth
//! comes from the core: reachability ([`reorder`]: the recorded state is reachable from the
//! start and the current state from it, so a stable property true there is true now), the real
//! order of the log (the system did not pass through the recorded state: an event outside the
//! cut happened before one inside it), the recorded and current totals, and the cut and channel
//! recordings (who had received what, what was in transit). Every wrong tick or untick is
//! explained, naming the events.

use super::*;
use crate::sim::reach::reorder;
use crate::sim::snapshot::Snapshot;

/// One statement about snapshot S1 of the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// A stable property true in the recorded state is true now (always follows).
    StableNow,
    /// The system passed through the recorded state (never follows; the generator picks runs
    /// where it did not).
    PassedThrough,
    /// The recorded total (states plus messages in transit) is the total the system holds now.
    TotalNow,
    /// `process` had received `message` (`m<number>`) when it recorded its state.
    Received { process: ProcessId, message: MessageId, number: u32 },
    /// `message` (`m<number>`) is in the recording of `channel`.
    InTransit { channel: Channel, message: MessageId, number: u32 },
}

/// The run: its log, S1, and the total the system holds at the end.
struct Facts {
    log: Log,
    snapshot: Snapshot,
    cut: Vec<usize>,
    now: i64,
}

fn facts(scenario: &Scenario) -> Option<Facts> {
    let world = scenario.replay().world;
    let held: i64 = world.states().iter().sum();
    let in_flight: i64 = (0..world.topology().channels().len())
        .flat_map(|c| world.in_flight(c).filter(|m| !m.is_marker()).map(Message::amount).collect::<Vec<_>>())
        .sum();
    let log = world.into_log();
    let snapshot = assemble(&log).into_iter().next().filter(|s| s.complete)?;
    let cut = snapshot.cut()?;
    Some(Facts { log, snapshot, cut, now: held + in_flight })
}

fn inside(f: &Facts, e: &Event) -> bool {
    (e.index as usize) < f.cut.get(e.process).copied().unwrap_or(0)
}

/// An event of the application itself: a send, a receive or an internal event.
fn app(e: &Event) -> bool {
    match &e.kind {
        EventKind::Send { message } | EventKind::Receive { message, .. } => !message.is_marker(),
        EventKind::Internal { .. } => true,
        _ => false,
    }
}

/// Two application events in the real order that show the run never was in the recorded
/// state: `after` (outside the cut) happened before `before` (inside it).
fn never_there(f: &Facts) -> Option<(&Event, &Event)> {
    let events = &f.log.events;
    let before = events.iter().rfind(|e| app(e) && inside(f, e))?;
    let after = events.iter().find(|e| app(e) && !inside(f, e) && e.seq < before.seq)?;
    Some((after, before))
}

fn recording(f: &Facts, c: Channel) -> Vec<MessageId> {
    f.snapshot
        .channels
        .iter()
        .find(|(x, _)| *x == c)
        .map(|(_, st)| match st {
            ChannelState::Recorded(m) | ChannelState::Recording(m) => m.iter().map(|m| m.id).collect(),
            ChannelState::NotRecorded => Vec::new(),
        })
        .unwrap_or_default()
}

/// Whether the claim holds, by the core.
fn holds(f: &Facts, claim: Claim) -> bool {
    match claim {
        Claim::StableNow => reorder(&f.log, &f.cut).is_ok(),
        Claim::PassedThrough => never_there(f).is_none(),
        Claim::TotalNow => f.snapshot.recorded_total() == Some(f.now),
        Claim::Received { process, message, .. } => {
            received(&f.log, message).is_some_and(|e| e.process == process && inside(f, e))
        }
        Claim::InTransit { channel, message, .. } => recording(f, channel).contains(&message),
    }
}

pub(super) fn generate(level: u8, seed: u64, rng: &mut Rng) -> (Scenario, Task) {
    let n = usize::from(level) + 1;
    for _ in 0..ATTEMPTS {
        let mut b = Build::new(&complete(rng, n));
        for _ in 0..2 + rng.below(2 * n) {
            b.step(rng, 6);
        }
        b.act(Action::Snapshot { process: rng.below(n) });
        for _ in 0..3 + rng.below(3 * n) {
            b.step(rng, 5);
        }
        b.drain_random(rng);
        if level == 3 && !lose_one(&mut b, rng) {
            continue;
        }
        let scenario = b.scenario(seed);
        if let Some(claims) = f_claims(&scenario, level, rng) {
            return (scenario, Task::Tells { snapshot: 1, claims });
        }
    }
    fallback(level, seed, rng)
}

/// After the snapshot: a send that the network loses (the total changes after the recording).
fn lose_one(b: &mut Build, rng: &mut Rng) -> bool {
    if !b.send(rng) {
        return false;
    }
    let Some(m) = heads(&b.world).into_iter().find(|m| !m.is_marker()) else { return false };
    let message = b.world.message_ref(&m);
    b.act(Action::Drop { message })
}

fn fallback(level: u8, seed: u64, rng: &mut Rng) -> (Scenario, Task) {
    // A hand-built run: P2 records first and then sends m3 (outside its cut); P1 sends m4 after
    // that, before its marker arrives (inside its cut), so the real run never was in the
    // recorded state; m4 is recorded in transit on P1 → P2.
    let n = usize::from(level) + 1;
    let mut b = Build::new(&complete(&mut Rng::new(seed), n));
    b.act(send(1, 0, 10));
    b.drain();
    b.act(Action::Snapshot { process: 1 });
    b.act(send(1, 0, 30));
    b.act(send(0, 1, 20));
    b.drain();
    if level == 3 {
        lose_one(&mut b, rng);
    }
    let scenario = b.scenario(seed);
    let claims = f_claims(&scenario, level, rng)
        .unwrap_or_else(|| vec![Claim::StableNow, Claim::PassedThrough, Claim::TotalNow]);
    (scenario, Task::Tells { snapshot: 1, claims })
}

/// The statements for a run, or `None` when the run does not teach them: the recorded state
/// must be one the real run never was in, a message must have been received, and (from level
/// 2) one recorded in transit.
fn f_claims(scenario: &Scenario, level: u8, rng: &mut Rng) -> Option<Vec<Claim>> {
    let f = facts(scenario)?;
    never_there(&f)?;
    let receives: Vec<(ProcessId, MessageId, u32)> = f
        .log
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Receive { message, .. } if !message.is_marker() => {
                Some((e.process, message.id, number(message)))
            }
            _ => None,
        })
        .collect();
    if receives.is_empty() {
        return None;
    }
    let (process, message, n) = receives[rng.below(receives.len())];
    let mut claims = vec![Claim::StableNow, Claim::PassedThrough, Claim::Received { process, message, number: n }];
    if level >= 2 {
        let transit: Vec<(Channel, Message)> = f
            .snapshot
            .channels
            .iter()
            .flat_map(|(c, st)| match st {
                ChannelState::Recorded(m) | ChannelState::Recording(m) => m.iter().map(|m| (*c, *m)).collect(),
                ChannelState::NotRecorded => Vec::new(),
            })
            .collect();
        let &(channel, m) = transit.get(rng.below(transit.len().max(1)))?;
        // Half the time, the same message on another channel (not in that recording).
        let channel = if rng.below(2) == 0 {
            f.log.topology.channels().iter().copied().find(|c| *c != channel && c.to == channel.to).unwrap_or(channel)
        } else {
            channel
        };
        claims.push(Claim::InTransit { channel, message: m.id, number: number(&m) });
        claims.push(Claim::TotalNow);
    }
    if level == 3 && holds(&f, Claim::TotalNow) {
        return None;
    }
    for i in (1..claims.len()).rev() {
        claims.swap(i, rng.below(i + 1));
    }
    Some(claims)
}

/// An application message's number: 3 for m3.
fn number(m: &Message) -> u32 {
    match m.kind {
        crate::sim::MessageKind::App { number, .. } => number,
        crate::sim::MessageKind::Marker { .. } => 0,
    }
}

/// The statement as the learner reads it.
pub fn claim_text(t: &Topology, claim: Claim) -> String {
    match claim {
        Claim::StableNow => {
            tr("A stable property (once true, true forever, like “the work has terminated”) that holds in \
                             the recorded state holds now.")
            .to_string()
        }
        Claim::PassedThrough => tr("At some instant of this run every process was in its recorded state at once: the \
                                 system passed through the recorded state.")
        .to_string(),
        Claim::TotalNow => tr("The total in the recording (states plus messages in transit) equals the total the \
                            system holds now.")
        .to_string(),
        Claim::Received { process, number, .. } => {
            tf!("{0} had received m{1} when it recorded its state.", label(t, process), number)
        }
        Claim::InTransit { channel, number, .. } => {
            tf!("m{0} is in the recording of channel {1}: it was in transit.", number, chan(t, channel))
        }
    }
}

pub(super) fn solve(ex: &Exercise, claims: &[Claim]) -> Answer {
    match facts(&ex.scenario) {
        Some(f) => Answer::Claims(claims.iter().map(|&c| holds(&f, c)).collect()),
        None => Answer::Claims(Vec::new()),
    }
}

pub(super) fn grade(ex: &Exercise, claims: &[Claim], ticked: &[bool]) -> Outcome {
    let Some(f) = facts(&ex.scenario) else {
        return Err(vec![note(tr("This exercise's run has no complete snapshot.").to_string())]);
    };
    if ticked.len() != claims.len() {
        return Err(vec![note(tr("Answer each statement: tick the ones that follow.").to_string())]);
    }
    let t = &f.log.topology;
    let mut wrong = Vec::new();
    for (&claim, &tick) in claims.iter().zip(ticked) {
        let truth = holds(&f, claim);
        if tick != truth {
            wrong.push(explain(&f, t, claim, truth));
        }
    }
    if wrong.is_empty() {
        let right = claims.iter().filter(|&&c| holds(&f, c)).count();
        Ok(Feedback {
            rule: Some(Rule::FirstMarker),
            ..note(tf!(
                "Right: {0} of {1} statements follow. A snapshot tells you a state the system could have been in, \
                 reachable from the start, from which the present is reachable; not a state it was in.",
                right,
                claims.len()
            ))
        })
    } else {
        Err(wrong)
    }
}

/// Why the statement holds (`truth`) or does not, for a learner who answered the other way.
fn explain(f: &Facts, t: &Topology, claim: Claim, truth: bool) -> Feedback {
    let said = claim_text(t, claim);
    match claim {
        Claim::StableNow => Feedback {
            rule: Some(Rule::FirstMarker),
            ..note(tf!(
                "“{0}” follows: the recorded state is reachable from the start (its cut is consistent) and the \
                 present is reachable from it (the reordered run passes through it), so a stable property true in \
                 it is still true now.",
                said
            ))
        },
        Claim::PassedThrough => match never_there(f) {
            Some((after, before)) => fb(
                tf!(
                    "“{0}” does not follow, and in this run it is false: event #{1} on {2} (after its recording) \
                     happened before event #{3} on {4} (before its recording), so at no instant were all processes \
                     in their recorded states. The recorded state is one the system could have passed through.",
                    said,
                    after.seq,
                    label(t, after.process),
                    before.seq,
                    label(t, before.process)
                ),
                Some(after),
                None,
                None,
            ),
            None => note(tf!("“{0}” happens to hold in this run, but a snapshot does not promise it.", said)),
        },
        Claim::TotalNow => {
            let recorded = f.snapshot.recorded_total().unwrap_or_default();
            if truth {
                note(tf!(
                    "“{0}” holds: the recording adds up to {1}, and so does the system now. Money moves between \
                     processes but no run of this bank creates or destroys it; that is the application's invariant.",
                    said,
                    recorded
                ))
            } else {
                let lost = f.log.events.iter().find(|e| matches!(e.kind, EventKind::Drop { .. }) && !inside(f, e));
                fb(
                    tf!(
                        "“{0}” is false here: the recording adds up to {1}, but the system holds {2} now. After the \
                         recording the network lost a message{3}: the snapshot tells the total at its cut, not \
                         what happened later.",
                        said,
                        recorded,
                        f.now,
                        at(lost)
                    ),
                    lost,
                    None,
                    None,
                )
            }
        }
        Claim::Received { process, message, number } => {
            let got = received(&f.log, message);
            let rec = record_event(&f.log, 1, process);
            let text = if truth {
                tf!(
                    "“{0}” holds: {1} received m{2}{3} before it recorded its state{4}; the recorded state includes it.",
                    said,
                    label(t, process),
                    number,
                    at(got),
                    at(rec)
                )
            } else {
                tf!(
                    "“{0}” is false: {1} recorded its state{2} before it received m{3}{4}.",
                    said,
                    label(t, process),
                    at(rec),
                    number,
                    at(got)
                )
            };
            fb(text, got, Some(Rule::FirstMarker), Some(message))
        }
        Claim::InTransit { channel, message, number } => {
            let sent_at = sent(&f.log, message);
            let got = received(&f.log, message);
            let on = sent_at.and_then(sent_app).map(|m| m.channel);
            let text = if truth {
                tf!(
                    "“{0}” holds: {1} sent m{2}{3} before recording its state, and {4} received it{5} after \
                     recording its own, while it was still recording the channel.",
                    said,
                    label(t, channel.from),
                    number,
                    at(sent_at),
                    label(t, channel.to),
                    at(got)
                )
            } else if on != Some(channel) {
                tf!(
                    "“{0}” is false: m{1} never travelled on {2}; it went {3}.",
                    said,
                    number,
                    chan(t, channel),
                    on.map(|c| chan(t, c)).unwrap_or_default()
                )
            } else {
                tf!(
                    "“{0}” is false: m{1} was not in transit across the cut (sent{2}, received{3}): the channel's \
                     recording holds only messages sent before the sender recorded and received after the receiver \
                     did.",
                    said,
                    number,
                    at(sent_at),
                    at(got)
                )
            };
            fb(text, got.or(sent_at), Some(Rule::ReceiveRecorded), Some(message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-built run the generator falls back on teaches what the generated ones do.
    #[test]
    fn the_fallback_is_solvable_and_never_passed_through_its_recorded_state() {
        for level in 1..=LEVELS {
            let (scenario, task) = fallback(level, 7, &mut Rng::new(7));
            let ex = exercise(Kind::Tells, level, 7, scenario, task);
            let Task::Tells { claims, .. } = &ex.task else { panic!() };
            assert!(claims.contains(&Claim::PassedThrough) && claims.contains(&Claim::StableNow));
            let f = facts(&ex.scenario).expect("S1 complete");
            assert!(never_there(&f).is_some(), "level {level}");
            assert!(grade(&ex, claims, &claims.iter().map(|&c| holds(&f, c)).collect::<Vec<_>>()).is_ok());
        }
    }
}
