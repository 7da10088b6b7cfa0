//! The marker rules as state machines (`sim::machines`), for the notes' examples: the
//! initiator records and records its channel until the marker; the first marker closes its
//! channel empty at once; a receiver records its other channels until their markers arrive; the
//! machines show the newest running snapshot.
#![cfg(not(target_arch = "wasm32"))]

use snapshot_lab::formats::presets;
use snapshot_lab::sim::machines::{machine, shown_snapshot, ChannelStage, ProcessStage};
use snapshot_lab::sim::snapshot::assemble;
use snapshot_lab::sim::ProcessId;
use ChannelStage::{Closed, NotRecording, Recording};
use ProcessStage::{Done, NotRecorded, Recorded};

/// Replays a preset's first `n` actions; the machines of `process` in S1 after each event.
fn stages(id: &str, process: ProcessId) -> Vec<(ProcessStage, Vec<ChannelStage>, bool, Vec<bool>)> {
    let scenario = presets::find(id).unwrap().scenario().unwrap();
    let log = scenario.replay().world.log().clone();
    let topology = &scenario.topology;
    let mut out = Vec::new();
    for n in 1..=log.events.len() {
        let prefix = snapshot_lab::sim::Log { events: log.events[..n].to_vec(), ..log.clone() };
        let snapshots = assemble(&prefix);
        let Some(s1) = snapshots.first() else { continue };
        let m = machine(topology, s1, process, prefix.events.last());
        let entry =
            (m.stage, m.channels.iter().map(|c| c.stage).collect(), m.lit, m.channels.iter().map(|c| c.lit).collect());
        if out.last() != Some(&entry) {
            out.push(entry);
        }
    }
    out
}

/// C21 at P1, the initiator: records, starts recording C21, m2 and m3 join the recording,
/// the marker closes C21 with [m2, m3] and P1 is done.
#[test]
fn the_initiator_records_then_records_c21_until_the_marker() {
    let scenario = presets::find("c21").unwrap().scenario().unwrap();
    let log = scenario.replay().world.log().clone();
    let snapshots = assemble(&log);
    let m = machine(&scenario.topology, &snapshots[0], 0, log.events.last());
    assert_eq!(m.stage, Done);
    assert_eq!(m.state, Some(490));
    assert_eq!(m.channels.len(), 1);
    assert_eq!(m.channels[0].stage, Closed);
    let names: Vec<String> = m.channels[0].messages.iter().map(|x| x.to_string()).collect();
    assert_eq!(names, ["m2", "m3"]);

    let seen = stages("c21", 0);
    let process: Vec<ProcessStage> = seen.iter().map(|s| s.0).collect();
    let channel: Vec<ChannelStage> = seen.iter().map(|s| s.1[0]).collect();
    assert_eq!(process.first(), Some(&Recorded), "P1 initiates: S1 exists from its record-state event");
    assert_eq!(process.last(), Some(&Done));
    assert!(channel.contains(&Recording) && channel.last() == Some(&Closed));
    // The channel is lit when m2 and m3 join its recording and when the marker closes it;
    // the process when it records and when it is done.
    assert!(seen.iter().filter(|s| s.3[0]).count() >= 3, "{seen:?}");
    assert!(seen.first().unwrap().2, "recording the state is lit");
    assert!(seen.last().unwrap().2 || seen.iter().any(|s| s.0 == Done && s.2), "finishing is lit");
}

/// C21 at P2, a receiver: not recorded until the first marker, which closes C12 empty at
/// once (the first-marker rule) and P2 is done (one incoming channel).
#[test]
fn the_first_marker_closes_its_channel_empty_at_once() {
    let seen = stages("c21", 1);
    assert_eq!(seen.first().map(|s| s.0), Some(NotRecorded));
    assert_eq!(seen.first().map(|s| s.1[0]), Some(NotRecording));
    assert!(!seen.iter().any(|s| s.0 == Recorded && s.1[0] == Recording), "C12 is never recorded: {seen:?}");
    assert_eq!(seen.last().map(|s| (s.0, s.1[0])), Some((Done, Closed)));
}

/// In the notes' P1..P4 example, P2 records on P1's marker and records its two other
/// channels until their markers arrive; the machines follow in that order.
#[test]
fn a_receiver_records_its_other_channels_until_their_markers() {
    let seen = stages("notes-p1-p4", 1);
    // Event by event: P2 records, closes C12 empty (the marker's channel), then starts
    // recording C32 and C42, which stay open until their markers arrive.
    let recorded = seen.iter().position(|s| s.0 == Recorded).expect("P2 records");
    assert!(seen[recorded].2, "recording the state is lit");
    let both = seen
        .iter()
        .position(|s| s.0 == Recorded && s.1 == [Closed, Recording, Recording])
        .unwrap_or_else(|| panic!("C12 closed while C32 and C42 are recorded: {seen:?}"));
    assert!(both > recorded);
    assert_eq!(seen.last().unwrap().0, Done);
    assert!(seen.last().unwrap().1.iter().all(|&c| c == Closed));
}

#[test]
fn the_shown_snapshot_is_the_newest_running_one() {
    let scenario = presets::find("two-initiators").unwrap().scenario().unwrap();
    let log = scenario.replay().world.log().clone();
    let snapshots = assemble(&log);
    assert!(snapshots.iter().all(|s| s.complete));
    assert_eq!(shown_snapshot(&snapshots).map(|s| s.id), Some(2));
    let mut running = snapshots.clone();
    running[0].complete = false;
    assert_eq!(shown_snapshot(&running).map(|s| s.id), Some(1));
    assert!(shown_snapshot(&[]).is_none());
}

/// Under seed 000's rule (the what-if switch) the machines show the rule the run uses: P2's
/// first marker came from P1, so it skips C21 ([`skipped`]); P1's machine for C21 records
/// forever and knows no marker is coming, and P1 is never done. Under the published rule
/// nothing is skipped.
#[test]
fn under_the_what_if_rule_the_machines_show_the_skipped_marker_and_the_channel_that_waits_forever() {
    use snapshot_lab::formats::text;
    use snapshot_lab::sim::machines::{no_marker_coming, skipped};
    use snapshot_lab::sim::{Channel, MarkerRule};
    let src = "process P1 1000\nprocess P2 2000\nprocess P3 500\nmarkers skip-sender\nsnapshot P1\n\
               deliver marker S1 P1 P2\ndeliver marker S1 P1 P3\ndeliver marker S1 P2 P3\ndeliver marker S1 P3 P2\n";
    let sc = text::parse(src).unwrap();
    let log = sc.replay().world.log().clone();
    let s1 = &assemble(&log)[0];
    assert!(!s1.complete);
    assert_eq!(skipped(&log, 1, 0), None, "the initiator skips nothing");
    assert_eq!(skipped(&log, 1, 1), Some(Channel { from: 1, to: 0 }), "P2 sends no marker back to P1");
    assert_eq!(skipped(&log, 1, 2), Some(Channel { from: 2, to: 0 }), "P3 sends no marker back to P1");
    assert!(no_marker_coming(&log, 1, Channel { from: 1, to: 0 }));
    assert!(!no_marker_coming(&log, 1, Channel { from: 1, to: 2 }), "P2 does send to P3");
    let p1 = machine(&sc.topology, s1, 0, log.events.last());
    assert_eq!(p1.stage, Recorded, "P1 is never done");
    assert!(p1.channels.iter().all(|c| c.stage == Recording), "C21 and C31 record forever: {:?}", p1.channels);
    let p2 = machine(&sc.topology, s1, 1, log.events.last());
    assert_eq!(p2.stage, Done, "P2 got a marker on each of its channels");

    // The same run under the published rule: nothing skipped, markers back, everyone done.
    let mut published = sc.clone();
    published.topology.markers = MarkerRule::EveryOutgoing;
    let mut w = published.replay().world;
    while let Some(&message) = w.deliverable().first() {
        w.apply(&snapshot_lab::sim::Action::Deliver { message }).unwrap();
    }
    let log = w.log().clone();
    for p in 0..3 {
        assert_eq!(skipped(&log, 1, p), None);
        let m = machine(&published.topology, &assemble(&log)[0], p, log.events.last());
        assert_eq!(m.stage, Done);
    }
}
