//! Seed 000's wording of the first-marker rule, as a "what if" switch
//! ([`MarkerRule::SkipSender`]: markers to everyone except the process the first marker came
//! from). What it does: the first marker's sender records that channel forever, so the snapshot
//! never completes, and a complete graph sends (n−1)² markers instead of n(n−1). The switch
//! travels in the link (flag `0x40`) and the text form (`markers skip-sender`); every link
//! without it decodes as before (tests/codec.rs keeps the golden links).

use snapshot_lab::formats::{link, text};
use snapshot_lab::sim::faults::{waits, Cause};
use snapshot_lab::sim::snapshot::{assemble, ChannelState};
use snapshot_lab::sim::{Action, Channel, Discipline, MarkerRule, Scenario, Topology, Unit, World};

/// A complete graph of `n` processes under `rule`, a snapshot started at `initiator`, and every
/// message delivered (oldest first).
fn run(n: usize, rule: MarkerRule, initiator: usize, drain_order_seed: usize) -> World {
    let specs = Topology::specs(&vec![100; n]);
    let t = Topology::complete(specs, Discipline::Fifo, Unit::Balance).unwrap().with_markers(rule);
    let mut w = World::new(t);
    w.apply(&Action::Snapshot { process: initiator }).unwrap();
    let mut k = drain_order_seed;
    loop {
        let options = w.deliverable();
        if options.is_empty() {
            break;
        }
        k = k.wrapping_mul(31).wrapping_add(7);
        w.apply(&Action::Deliver { message: options[k % options.len()] }).unwrap();
    }
    w
}

#[test]
fn under_seed_000s_rule_the_initiator_side_channel_is_recorded_forever_and_the_snapshot_never_completes() {
    // The bank: P1 starts, P2 records on P1's marker and sends none back: P1 records C21 forever.
    let src = "process P1 1000 \"acct1\"\nprocess P2 2000 \"acct2\"\nmarkers skip-sender\nsnapshot P1\nsend P2 P1 50\ndeliver marker S1 P1 P2\ndeliver m1\n";
    let sc = text::parse(src).unwrap();
    assert_eq!(sc.topology.markers, MarkerRule::SkipSender);
    let w = sc.replay().world;
    assert!(w.deliverable().is_empty(), "nothing left to deliver");
    let s1 = &assemble(w.log())[0];
    assert!(!s1.complete, "S1 never completes");
    assert_eq!(s1.markers_sent, 1, "P1's one marker; P2 sends none back");
    let c21 = s1.channels.iter().find(|(c, _)| *c == Channel { from: 1, to: 0 }).unwrap();
    assert!(
        matches!(&c21.1, ChannelState::Recording(m) if m.len() == 1 && m[0].to_string() == "m1"),
        "P1 is still recording C21: {:?}",
        c21.1
    );
    let ws = waits(w.log(), s1);
    assert_eq!(ws.len(), 1, "{ws:?}");
    assert_eq!((ws[0].process, ws[0].channel, ws[0].cause), (0, Some(Channel { from: 1, to: 0 }), Cause::NoMarkerBack));
    assert_eq!(
        ws[0].to_string(),
        "P1 records P2→P1 forever: P2 got its first marker of S1 from P1, and under seed 000's rule sends no marker back"
    );
    // The same run under the published rule completes.
    let mut published = sc.clone();
    published.topology.markers = MarkerRule::EveryOutgoing;
    let src_published = text::to_text(&published);
    assert!(!src_published.contains("markers"), "the default rule is not printed");
    let mut w = published.replay().world;
    while let Some(&message) = w.deliverable().first() {
        w.apply(&Action::Deliver { message }).unwrap();
    }
    assert!(assemble(w.log())[0].complete);
}

#[test]
fn a_complete_graph_sends_n_minus_1_squared_markers_and_n_minus_1_channels_stay_open() {
    for n in 2..=7 {
        for initiator in [0, n - 1] {
            for order in 0..4 {
                let w = run(n, MarkerRule::SkipSender, initiator, order);
                let s = &assemble(w.log())[0];
                assert!(!s.complete, "n = {n}");
                assert_eq!(s.markers_sent, (n - 1) * (n - 1), "n = {n}: (n−1)² markers");
                let sent = w
                    .log()
                    .events
                    .iter()
                    .filter(|e| e.kind_id() == "send" && e.message().is_some_and(|m| m.is_marker()))
                    .count();
                assert_eq!(sent, (n - 1) * (n - 1), "n = {n}: marker send events");
                // Every process records; one channel per non-initiator stays open: the one back
                // from it to the process its first marker came from.
                assert!(s.states.iter().all(Option::is_some), "n = {n}: everyone records");
                let open: Vec<Channel> = s
                    .channels
                    .iter()
                    .filter(|(_, st)| !matches!(st, ChannelState::Recorded(_)))
                    .map(|(c, _)| *c)
                    .collect();
                assert_eq!(open.len(), n - 1, "n = {n}: {open:?}");
                let mut senders: Vec<usize> = open.iter().map(|c| c.from).collect();
                senders.sort_unstable();
                assert_eq!(senders, (0..n).filter(|&p| p != initiator).collect::<Vec<_>>(), "n = {n}");
                let ws = waits(w.log(), s);
                assert_eq!(ws.len(), n - 1, "n = {n}: {ws:?}");
                assert!(ws.iter().all(|w| w.cause == Cause::NoMarkerBack), "n = {n}: {ws:?}");
                // The published rule: n(n−1), and it completes.
                let w = run(n, MarkerRule::EveryOutgoing, initiator, order);
                let s = &assemble(w.log())[0];
                assert!(s.complete && s.markers_sent == n * (n - 1), "n = {n}");
            }
        }
    }
}

#[test]
fn the_switch_round_trips_through_the_link_and_the_text_form_and_old_links_keep_the_published_rule() {
    let mut sc = text::parse("process P1 1000\nprocess P2 2000\nsnapshot P1\n").unwrap();
    let before = link::encode(&sc);
    assert_eq!(link::decode(&before).unwrap().topology.markers, MarkerRule::EveryOutgoing);
    sc.topology.markers = MarkerRule::SkipSender;
    let l = link::encode(&sc);
    assert_ne!(l, before);
    let back = link::decode(&l).unwrap();
    assert_eq!(back, sc);
    assert_eq!(back.topology.markers, MarkerRule::SkipSender);
    // Only the flag byte differs: 0x40 added to the same flags.
    let (a, b) = (link::to_bytes(&sc), link::to_bytes(&link::decode(&before).unwrap()));
    assert_eq!(a[0], b[0] | 0x40);
    assert_eq!(a[1..], b[1..]);
    let t = text::to_text(&sc);
    assert!(t.contains("\nmarkers skip-sender\n"), "{t}");
    assert_eq!(text::parse(&t).unwrap(), sc);
    // A bad value names what is expected.
    let e = text::parse("process P1 1\nprocess P2 1\nmarkers some\n").unwrap_err().to_string();
    assert!(e.contains("`every-outgoing` or `skip-sender`"), "{e}");
    // Every preset keeps the published rule.
    for p in snapshot_lab::formats::presets::PRESETS {
        let s: Scenario = p.scenario().unwrap();
        assert_eq!(s.topology.markers, MarkerRule::EveryOutgoing, "{}", p.id);
    }
}
