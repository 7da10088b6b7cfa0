//! The two exercise kinds of issue 21 (`src/teach/exercise/tells.rs` and `breaks.rs`): *What
//! does this snapshot tell you?* and *Safety or liveness?*. At every level and many seeds: the
//! exercise is the same for the same seed, the solution grades right, every other answer is
//! wrong with one explanation per mistake that names the statement or the broken assumption
//! (and, where there is one, the event), and the truths are the core's.

use snapshot_lab::sim::cut::check_snapshot;
use snapshot_lab::sim::faults::{explain, Assumption, Property};
use snapshot_lab::sim::snapshot::assemble;
use snapshot_lab::sim::{EventKind, Scenario};
use snapshot_lab::teach::exercise::{claim_text, finding, generate, grade, solve, Answer, Claim, Exercise, Kind, Task};
use snapshot_lab::teach::route::{self, Page};

const SEEDS: u64 = 40;

fn every(kind: Kind) -> impl Iterator<Item = Exercise> {
    (1..=3u8).flat_map(move |level| (1..=SEEDS).map(move |seed| generate(kind, level, seed)))
}

fn log_of(s: &Scenario) -> snapshot_lab::sim::Log {
    s.replay().world.into_log()
}

#[test]
fn the_same_seed_gives_the_same_exercise_and_seeds_differ() {
    for kind in [Kind::Tells, Kind::Breaks] {
        for level in 1..=3 {
            assert_eq!(generate(kind, level, 7), generate(kind, level, 7));
            let distinct: std::collections::BTreeSet<String> =
                (1..=10).map(|seed| format!("{:?}", generate(kind, level, seed).scenario.actions)).collect();
            assert!(distinct.len() >= 5, "{kind:?} level {level}: {} distinct runs of 10", distinct.len());
        }
    }
}

#[test]
fn the_routes_open_the_new_kinds() {
    for (id, kind) in [("snapshot-tells", Kind::Tells), ("safety-liveness", Kind::Breaks)] {
        assert_eq!(Kind::from_id(id), Some(kind));
        assert_eq!(kind.id(), id);
        let fragment = route::exercise_fragment(kind, 2, 5, None);
        assert_eq!(fragment, format!("v1.ex.{id}.2.5"));
        assert_eq!(route::parse(&fragment), Ok(Page::Exercise { kind, level: 2, seed: 5, scenario: None }));
    }
}

#[test]
fn what_the_snapshot_tells_solutions_grade_right_and_every_slip_is_explained() {
    let mut seen_true_received = 0;
    let mut seen_false_received = 0;
    let mut seen_total_false = 0;
    for ex in every(Kind::Tells) {
        let Task::Tells { snapshot, claims } = &ex.task else { panic!("{:?}", ex.task) };
        assert_eq!(*snapshot, 1);
        assert!(claims.len() == if ex.level == 1 { 3 } else { 5 }, "level {} has {} claims", ex.level, claims.len());
        let log = log_of(&ex.scenario);
        let s1 = &assemble(&log)[0];
        assert!(s1.complete, "seed {}", ex.seed);
        let Answer::Claims(truth) = solve(&ex) else { panic!() };
        let g = grade(&ex, &Answer::Claims(truth.clone()));
        assert!(g.correct, "level {} seed {}: {:?}", ex.level, ex.seed, g.feedback);
        // The core's truths, claim by claim.
        for (claim, &holds) in claims.iter().zip(&truth) {
            match *claim {
                Claim::StableNow => assert!(holds, "a stable property true in the recording is true now"),
                Claim::PassedThrough => {
                    assert!(!holds, "the generator picks runs that never were in the recorded state")
                }
                Claim::TotalNow => {
                    let dropped = log.events.iter().any(|e| matches!(e.kind, EventKind::Drop { .. }));
                    assert_eq!(
                        holds, !dropped,
                        "level {}: the total changes only by a loss after the recording",
                        ex.level
                    );
                    seen_total_false += usize::from(!holds);
                }
                Claim::Received { process, message, .. } => {
                    let rec = s1.record_index[process].unwrap() as usize;
                    let got = log
                        .events
                        .iter()
                        .find(|e| matches!(&e.kind, EventKind::Receive { message: m, .. } if m.id == message))
                        .unwrap();
                    assert_eq!(holds, got.process == process && (got.index as usize) < rec);
                    if holds {
                        seen_true_received += 1
                    } else {
                        seen_false_received += 1
                    }
                }
                Claim::InTransit { channel, message, .. } => {
                    let report = check_snapshot(&log, s1).unwrap().report;
                    assert_eq!(
                        holds,
                        report.in_transit_on(channel).any(|m| m.id == message),
                        "the recording is what the cut puts in transit"
                    );
                }
            }
        }
        // Flip each answer alone: wrong, with one item that quotes that statement.
        for i in 0..claims.len() {
            let mut flipped = truth.clone();
            flipped[i] = !flipped[i];
            let g = grade(&ex, &Answer::Claims(flipped));
            assert!(!g.correct);
            assert_eq!(g.feedback.len(), 1, "{:?}", g.feedback);
            let text = claim_text(&log.topology, claims[i]);
            assert!(g.feedback[0].text.contains(&text), "{:?} does not quote {text:?}", g.feedback[0].text);
            if matches!(claims[i], Claim::PassedThrough | Claim::Received { .. }) {
                assert!(g.feedback[0].event.is_some(), "names the event: {:?}", g.feedback[0]);
            }
        }
        // All flipped: one item per statement.
        let all: Vec<bool> = truth.iter().map(|t| !t).collect();
        assert_eq!(grade(&ex, &Answer::Claims(all)).feedback.len(), claims.len());
        // A short answer is wrong, with a reason, never a panic.
        assert!(!grade(&ex, &Answer::Claims(vec![true])).correct);
        assert!(!grade(&ex, &Answer::Count(3)).correct);
    }
    assert!(seen_true_received > 5 && seen_false_received > 5, "{seen_true_received} {seen_false_received}");
    assert!(seen_total_false >= SEEDS as usize, "level 3 always shows a total that changed after the recording");
}

#[test]
fn passed_through_is_false_with_a_witness_from_the_real_order() {
    for ex in every(Kind::Tells).take(60) {
        let log = log_of(&ex.scenario);
        let cut = assemble(&log)[0].cut().unwrap();
        let Task::Tells { claims, .. } = &ex.task else { panic!() };
        let i = claims.iter().position(|c| *c == Claim::PassedThrough).unwrap();
        let Answer::Claims(mut answer) = solve(&ex) else { panic!() };
        answer[i] = true;
        let g = grade(&ex, &Answer::Claims(answer));
        let seq = g.feedback[0].event.unwrap();
        // The named event lies outside the cut, and an application event inside the cut came after it.
        let e = log.events.iter().find(|e| e.seq == seq).unwrap();
        assert!(e.index as usize >= cut[e.process], "event #{seq} is outside the cut");
        assert!(log.events.iter().any(|x| x.seq > seq && (x.index as usize) < cut[x.process]));
    }
}

#[test]
fn safety_or_liveness_is_the_cores_verdict_and_each_wrong_choice_is_explained() {
    let mut seen = std::collections::BTreeMap::new();
    for ex in every(Kind::Breaks) {
        let Task::Breaks { fault } = ex.task else { panic!("{:?}", ex.task) };
        let log = log_of(&ex.scenario);
        let s1 = &assemble(&log)[0];
        let (_, finding) = finding(&ex.scenario, fault).expect("the core names the fault");
        let named = log.events.iter().find(|e| e.seq == fault).expect("the fault's event is in the log");
        match finding.assumption {
            Assumption::Fifo => assert!(matches!(named.kind, EventKind::Receive { .. }), "the overtaking receive"),
            _ => assert!(matches!(named.kind, EventKind::Drop { .. } | EventKind::Duplicate { .. } | EventKind::Crash)),
        }
        assert!(explain(&log, s1).iter().any(|f| f.breaks == finding.breaks && f.affects));
        let Answer::Breaks(truth) = solve(&ex) else { panic!() };
        assert_eq!(Some(truth), finding.breaks);
        *seen.entry((ex.level, truth.id())).or_insert(0) += 1;
        // What issue 21 teaches, checked against the run itself.
        let verdict = check_snapshot(&log, s1);
        match truth {
            Property::Invariant => {
                assert!(s1.complete, "a lost or copied message leaves the snapshot complete");
                let v = verdict.unwrap();
                assert!(v.is_consistent() && !v.conserves(), "true, and the total changed");
            }
            Property::Liveness => assert!(!s1.complete, "a lost marker or a crash: never completes"),
            Property::Safety => {
                assert_eq!(log.topology.discipline, snapshot_lab::sim::Discipline::NonFifo);
                assert!(!verdict.unwrap().is_consistent(), "non-FIFO: not a consistent global state");
            }
        }
        assert!(ex.prompt.contains(&format!("#{fault}")), "{}", ex.prompt);
        let g = grade(&ex, &Answer::Breaks(truth));
        assert!(g.correct, "{:?}", g.feedback);
        assert_eq!(g.feedback[0].event, Some(fault));
        for wrong in [Property::Safety, Property::Liveness, Property::Invariant].into_iter().filter(|p| *p != truth) {
            let g = grade(&ex, &Answer::Breaks(wrong));
            assert!(!g.correct);
            assert_eq!(g.feedback.len(), 2, "why not, then what it is: {:?}", g.feedback);
            let first = &g.feedback[0].text;
            let says = match wrong {
                Property::Safety => "Not safety",
                Property::Liveness => "Not liveness",
                Property::Invariant => "It is not “neither”",
            };
            assert!(first.starts_with(says), "{first}");
            assert_eq!(g.feedback[1].event, Some(fault), "the second item names the fault's event");
        }
    }
    // Every level teaches what its cases break; level 3 has all three.
    assert!(seen.contains_key(&(1, "invariant")) && seen.contains_key(&(1, "liveness")), "{seen:?}");
    assert!(seen.contains_key(&(2, "invariant")) && seen.contains_key(&(2, "liveness")), "{seen:?}");
    for p in ["safety", "liveness", "invariant"] {
        assert!(seen.contains_key(&(3, p)), "level 3 lacks {p}: {seen:?}");
    }
}
