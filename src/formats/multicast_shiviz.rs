//! A multicast run as a ShiViz log, in the same form as the snapshot lab's ([`super::shiviz`]):
//! the parser regex ([`super::shiviz::DEFAULT_REGEX`]) on the first line, then two lines per
//! event of the log: what happened (the core's narration, English) and `P2 {"P1": 1, "P2": 3}`,
//! the host and its vector clock with zero entries left out, as ShiViz requires.
//!
//! Every event of the log is one ShiViz event, so a receive (the copy reaching the hold-back
//! queue), a hold and a delivery are distinct events on the process's line. The clocks are the
//! multicast layer's own (not the application's delivery vector `V`): each event ticks its
//! process's entry, and a receive first takes in the clock of the event that sent its copy (a
//! multicast, a relay or the sequencer's order), so ShiViz draws an arrow for every copy
//! received. [`super::shiviz::import`] reads the result back (tested).

use std::fmt::Write as _;

use super::shiviz::DEFAULT_REGEX;
use crate::sim::multicast::{narrate, Event, EventKind};
use crate::sim::process_name;

/// The vector clock of every event of a multicast log (`members` entries each).
pub fn clocks(members: usize, log: &[Event]) -> Vec<Vec<u32>> {
    let mut now = vec![vec![0u32; members]; members];
    let mut out: Vec<Vec<u32>> = Vec::with_capacity(log.len());
    for e in log {
        let p = e.process;
        if p >= members {
            out.push(vec![0; members]);
            continue;
        }
        if let EventKind::Receive { sent_at, .. } = e.kind {
            if let Some(sent) = out.get(sent_at) {
                for (mine, theirs) in now[p].iter_mut().zip(sent) {
                    *mine = (*mine).max(*theirs);
                }
            }
        }
        now[p][p] += 1;
        out.push(now[p].clone());
    }
    out
}

/// The run as a ShiViz log (see the module's documentation).
pub fn export(members: usize, log: &[Event]) -> String {
    let clocks = clocks(members, log);
    let mut out = String::with_capacity(80 * (log.len() + 1));
    out.push_str(DEFAULT_REGEX);
    out.push('\n');
    for (i, e) in log.iter().enumerate() {
        let _ = writeln!(out, "{}", narrate(log, i));
        let _ = write!(out, "{} {{", process_name(e.process));
        let mut first = true;
        for (p, &count) in clocks[i].iter().enumerate() {
            if count == 0 {
                continue;
            }
            let _ = write!(out, "{}\"{}\": {count}", if first { "" } else { ", " }, process_name(p));
            first = false;
        }
        out.push_str("}\n");
    }
    out
}
