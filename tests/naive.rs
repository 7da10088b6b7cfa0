//! The naive snapshot (every process records when its own clock reads T; no channel is
//! recorded): with perfect clocks its cut is a moment of the real run, so it is always
//! consistent, yet it misses every message in transit; with skewed clocks it can record a
//! receive without its send (an orphan). Proven on random runs and on every choice of T and
//! small skews for small runs, and shown on the lesson's naive example next to Chandy–Lamport.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use snapshot_lab::formats::text;
use snapshot_lab::sim::cut::check_snapshot;
use snapshot_lab::sim::naive::{self, MAX_SKEW};
use snapshot_lab::sim::snapshot::assemble;
use snapshot_lab::sim::Log;

fn names(messages: &[snapshot_lab::sim::Message]) -> Vec<String> {
    messages.iter().map(ToString::to_string).collect()
}

fn log_of(seed: u64, n: usize, count: usize) -> Log {
    common::realistic(seed, n, count).replay().world.into_log()
}

#[test]
fn with_perfect_clocks_every_time_gives_a_consistent_cut_that_misses_what_is_in_transit() {
    let (mut cuts, mut missed) = (0, 0);
    for seed in 0..60 {
        let n = 2 + seed as usize % 5;
        let log = log_of(seed, n, 40);
        let zero = vec![0; n];
        let mut previous = vec![0; n];
        for time in 0..=42 {
            let s = naive::check(&log, time, &zero).unwrap();
            assert!(s.report.is_consistent(), "seed {seed}, T {time}: orphans {:?}", names(&s.report.orphans));
            // The states plus what is in transit is the total; the naive snapshot has only the states.
            let in_transit: i64 = s.missed().iter().map(|m| m.amount()).sum();
            assert_eq!(s.recorded_total + in_transit, s.report.expected_total, "seed {seed}, T {time}");
            assert_eq!(s.is_correct(), s.missed().is_empty());
            missed += usize::from(!s.missed().is_empty());
            // Later times record later: the cut only grows.
            let cut = naive::cut(&log, time, &zero);
            assert!(cut.iter().zip(&previous).all(|(a, b)| a >= b), "seed {seed}, T {time}");
            previous = cut;
            cuts += 1;
        }
        assert_eq!(previous, log.event_counts(), "after the last action everything is recorded");
    }
    assert!(missed > 0, "no cut had a message in transit");
    println!("perfect clocks: {cuts} cuts, all consistent; {missed} missed money in transit");
}

#[test]
fn the_same_skew_everywhere_is_only_another_time() {
    for seed in 0..30 {
        let log = log_of(seed, 3, 30);
        for time in -5..35 {
            for skew in [-4, -1, 2, 7] {
                let a = naive::cut(&log, time, &[skew; 3]);
                let b = naive::cut(&log, time - skew, &[0; 3]);
                assert_eq!(a, b, "seed {seed}, T {time}, skew {skew}");
            }
        }
    }
}

/// Every T and every skew of -2..=2 per process on small runs: skewed clocks give orphans on
/// some (the control), and whatever the clocks, an orphan's receive is inside and its send
/// outside the cut (checked by the cut checker), and no orphan happens without a skew.
#[test]
fn exhaustively_skewed_clocks_make_orphans() {
    let (mut checked, mut inconsistent) = (0, 0);
    for seed in 0..8 {
        let log = log_of(seed, 3, 14);
        for time in 0..=16 {
            for a in -2..=2 {
                for b in -2..=2 {
                    for c in -2..=2 {
                        let s = naive::check(&log, time, &[a, b, c]).unwrap();
                        checked += 1;
                        if !s.report.is_consistent() {
                            inconsistent += 1;
                            assert!(!(a == b && b == c), "equal skews cannot make an orphan");
                        }
                    }
                }
            }
        }
    }
    println!("skewed clocks: {checked} cuts, {inconsistent} with an orphan");
    assert!(inconsistent > 0 && inconsistent < checked);
}

#[test]
fn the_lessons_example_has_an_orphan_where_chandy_lamport_is_consistent() {
    let source = "process P1 1000 \"acct1\"\nprocess P2 2000 \"acct2\"\n\
                  send P1 P2 100\ndeliver m1\nsnapshot P2\nsend P2 P1 50\n\
                  deliver marker S1 P2 P1\ndeliver m2\ndeliver marker S1 P1 P2\n";
    let replay = text::parse(source).unwrap().replay();
    assert!(replay.error.is_none());
    let log = replay.world.into_log();
    // acct1's clock is 2 ahead: at its T = 2 it has not sent m1; acct2's is right.
    let s = naive::check(&log, 2, &[2, 0]).unwrap();
    assert_eq!(names(&s.report.orphans), ["m1"]);
    assert_eq!(s.report.states, [1000, 2100]);
    assert_eq!(s.recorded_total, 3100);
    assert!(!s.is_correct());
    // Chandy–Lamport on the same run: consistent, 3000.
    let s1 = &assemble(&log)[0];
    let verdict = check_snapshot(&log, s1).unwrap();
    assert!(verdict.is_consistent() && verdict.findings.is_empty());
    assert_eq!(s1.recorded_total(), Some(3000));
    // Extreme clocks are fine: nothing or everything is recorded.
    assert_eq!(naive::cut(&log, -MAX_SKEW, &[MAX_SKEW, MAX_SKEW]), [0, 0]);
    assert_eq!(naive::cut(&log, MAX_SKEW, &[-MAX_SKEW, -MAX_SKEW]), log.event_counts());
}

#[test]
fn the_panels_settings_survive_the_link_and_damaged_ones_open_with_what_can_be_read() {
    for (time, skew) in [(Some(5), vec![0, 2, -1]), (None, vec![0, 0, 0]), (Some(-MAX_SKEW), vec![MAX_SKEW, -3, 7])] {
        let text = naive::option_text(time, &skew);
        assert_eq!(naive::parse_option(&text, 3), (time, skew.clone()), "{text}");
    }
    assert_eq!(naive::option_text(Some(5), &[0, 2, -1]), "5:0,2,-1");
    // Damaged or hostile: defaults where unreadable, clamped, cut to the processes.
    assert_eq!(naive::parse_option("x:1,y,3", 3), (None, vec![1, 0, 3]));
    assert_eq!(naive::parse_option("99999999999:-99999999999", 2), (Some(MAX_SKEW), vec![-MAX_SKEW, 0]));
    assert_eq!(naive::parse_option("4:1,2,3,4,5", 2), (Some(4), vec![1, 2]));
    assert_eq!(naive::parse_option("", 2), (None, vec![0, 0]));
    assert_eq!(naive::parse_option("7", 1), (Some(7), vec![0]));
    assert_eq!(naive::parse_option(":%E2%9C%93,,", 3), (None, vec![0, 0, 0]));
}
