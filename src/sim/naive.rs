//! The naive snapshot: every process records its state when its own clock reads `T`, and
//! nobody records the channels. Physical time is the timeline: action `k` (0-based) of a run
//! happens at time `k + 1`. Process `p`'s clock is off by `skew[p]`: it reads `t + skew[p]` at
//! time `t`, so `p` records after every event of an action at a time `t` with
//! `t + skew[p] <= T`. [`cut`] turns that into a cut; [`check`] says what it recorded and what
//! is wrong with it (orphans from skewed clocks; the messages in transit, which no one records,
//! missing from the total even with perfect clocks).

use super::cut::{check_cut, CutError, CutReport};
use super::event::Log;
use super::message::Message;

/// The largest clock skew (either way) and clock time accepted.
pub const MAX_SKEW: i64 = 1_000;

/// What the naive snapshot recorded at clock time `time`, and its check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NaiveSnapshot {
    pub time: i64,
    pub skew: Vec<i64>,
    /// The cut the recording times make, and its check (orphans, in transit, states).
    pub report: CutReport,
    /// What the processes recorded: their states only (no channel is recorded).
    pub recorded_total: i64,
}

impl NaiveSnapshot {
    /// Messages in transit at the cut: the naive snapshot records none of them.
    pub fn missed(&self) -> &[Message] {
        &self.report.in_transit
    }
    /// Consistent (no orphan) and adding up to the total (nothing missed in transit).
    pub fn is_correct(&self) -> bool {
        self.report.is_consistent() && self.recorded_total == self.report.expected_total
    }
}

/// The cut of a naive snapshot at clock time `time` with the given clock skews (one per
/// process; missing ones are 0).
pub fn cut(log: &Log, time: i64, skew: &[i64]) -> Vec<usize> {
    let n = log.topology.process_count();
    let mut cut = vec![0; n];
    for e in &log.events {
        let off = skew.get(e.process).copied().unwrap_or(0);
        if i64::from(e.action) + 1 + off <= time {
            cut[e.process] = cut[e.process].max(e.index as usize + 1);
        }
    }
    cut
}

/// Records at clock time `time` with skews `skew` and checks the result.
pub fn check(log: &Log, time: i64, skew: &[i64]) -> Result<NaiveSnapshot, CutError> {
    let report = check_cut(log, &cut(log, time, skew))?;
    let recorded_total = report.states.iter().sum();
    Ok(NaiveSnapshot { time, skew: skew.to_vec(), report, recorded_total })
}

/// The naive panel's settings as a page option of the link (`&naive=5:0,2,-1`): the clock time
/// T (empty while T follows the timeline), a colon, then each process's clock skew.
pub fn option_text(time: Option<i64>, skew: &[i64]) -> String {
    let skews: Vec<String> = skew.iter().map(i64::to_string).collect();
    format!("{}:{}", time.map(|t| t.to_string()).unwrap_or_default(), skews.join(","))
}

/// Reads [`option_text`] back for a run with `processes` processes. Whatever is not a number is
/// left at its default (T follows the timeline, a skew of 0); values are clamped to
/// ±[`MAX_SKEW`], and skews beyond the processes are dropped. Never fails: a hand-edited or
/// damaged link opens the panel with what could be read.
pub fn parse_option(text: &str, processes: usize) -> (Option<i64>, Vec<i64>) {
    let (time, skews) = text.split_once(':').unwrap_or((text, ""));
    let clamp = |v: i64| v.clamp(-MAX_SKEW, MAX_SKEW);
    let time = time.trim().parse::<i64>().ok().map(clamp);
    let mut skew: Vec<i64> =
        skews.split(',').take(processes).map(|s| s.trim().parse::<i64>().map_or(0, clamp)).collect();
    skew.resize(processes, 0);
    (time, skew)
}
