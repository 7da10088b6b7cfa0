//! The multicast lab's page state, natively: actions and refusals, the timeline (Undo, Redo,
//! scrubbing), rule changes that replay the same run and name what they drop (and Undo that
//! brings it back), and the link, which reopens exactly the same run.

use snapshot_lab::formats::multicast_presets::find;
use snapshot_lab::sim::multicast::Scenario;
use snapshot_lab::sim::multicast::{Action, Copy, Order, Payload, Reliability};
use snapshot_lab::view::page::multicast::{default_setup, GroupAction, GroupLab};

fn blank() -> GroupLab {
    GroupLab::new(Scenario { setup: default_setup(), actions: vec![], cursor: None })
}

fn copy(m: u32, from: usize, to: usize) -> Copy {
    Copy { payload: Payload::Message(m), from, to }
}

fn run(lab: GroupLab, actions: &[GroupAction]) -> GroupLab {
    actions.iter().fold(lab, |lab, a| {
        let next = lab.update(a.clone());
        assert!(next.notice.as_ref().is_none_or(|n| !n.problem), "{a:?} refused: {:?}", next.notice);
        next
    })
}

#[test]
fn a_multicast_sends_a_copy_to_every_other_member_and_the_link_reopens_the_run() {
    let lab = run(blank(), &[GroupAction::Multicast(0)]);
    assert_eq!(lab.group.in_flight.len(), 2);
    assert_eq!(lab.narration, "P1 delivers m1: V = [1,0,0]");
    assert!(lab.link.starts_with("v1.mc."));
    let lab = run(lab, &[GroupAction::Multicast(0), GroupAction::Receive(copy(2, 0, 2))]);
    assert_eq!(lab.narration, "P3 holds m2: it needs P1's message 1 first (P3 has delivered 0 from P1)");
    assert_eq!(lab.group.members[2].hold_back, vec![2]);
    let again = GroupLab::open(&format!("https://example.org/#{}", lab.link)).unwrap();
    assert_eq!(again.group.log, lab.group.log);
    assert_eq!(again.scenario, lab.scenario);
}

#[test]
fn a_refused_action_changes_nothing_and_says_why() {
    let lab = run(blank(), &[GroupAction::Multicast(0)]);
    let refused = lab.update(GroupAction::Receive(copy(1, 1, 2)));
    let notice = refused.notice.clone().expect("a notice");
    assert!(notice.problem);
    assert_eq!(notice.text, "No such copy is in flight: m1 from P2 to P3");
    assert_eq!(refused.scenario, lab.scenario);
    assert_eq!(refused.group.log, lab.group.log);
    let stepped = blank().update(GroupAction::Step);
    assert!(stepped.notice.unwrap().problem, "Step with nothing in flight is refused");
    let crashed = run(lab, &[GroupAction::Crash(2)]);
    assert!(crashed.update(GroupAction::Multicast(2)).notice.unwrap().text.contains("P3 has crashed"));
}

#[test]
fn undo_redo_and_the_timeline_keep_the_steps_after_the_cursor_until_a_new_action() {
    let lab = run(blank(), &[GroupAction::Multicast(0), GroupAction::Step, GroupAction::Step]);
    assert_eq!(lab.cursor, 3);
    let full = lab.group.log.clone();
    let back = lab.update(GroupAction::Undo);
    assert_eq!(back.cursor, 2);
    assert_eq!(back.scenario.actions.len(), 3, "the step after the cursor is kept");
    assert!(back.link != lab.link, "the link carries the cursor");
    assert_eq!(GroupLab::open(&back.link).unwrap().cursor, 2);
    let forward = back.update(GroupAction::Redo);
    assert_eq!(forward.group.log, full);
    let start = lab.update(GroupAction::Seek(0));
    assert!(start.group.log.is_empty());
    let branched = run(lab.update(GroupAction::Seek(1)), &[GroupAction::Multicast(1)]);
    assert_eq!(branched.scenario.actions.len(), 2, "a new action drops the redo tail");
    assert!(branched.update(GroupAction::Redo).notice.unwrap().problem);
}

#[test]
fn a_rule_change_replays_the_same_run_names_what_it_drops_and_undo_restores_it() {
    let total = GroupLab::open(find("total-not-causal").unwrap().link).unwrap();
    assert!(total.verdict.total.is_empty() && !total.verdict.causal.is_empty());
    let causal = total.update(GroupAction::SetOrder(Order::Causal));
    assert_eq!(causal.scenario.setup.order, Order::Causal);
    let notice = causal.notice.clone().expect("what was dropped is named");
    assert!(!notice.problem);
    assert!(notice.text.starts_with("4 action(s) are not possible under these rules"), "{}", notice.text);
    assert!(notice.text.contains("the order of m2 (#1)"), "{}", notice.text);
    assert_eq!(causal.scenario.actions.len(), total.scenario.actions.len() - 4);
    assert!(causal.verdict.causal.is_empty(), "the same receives under causal order keep causality");
    let undone = causal.update(GroupAction::Undo);
    assert_eq!(undone.scenario, total.scenario);
    assert_eq!(undone.group.log, total.group.log);

    // Fewer members: actions naming a process that is gone are dropped.
    let fifo = GroupLab::open(find("fifo-not-causal").unwrap().link).unwrap();
    let two = fifo.update(GroupAction::SetMembers(2));
    assert_eq!(two.scenario.setup.members, 2);
    assert!(two.scenario.actions.iter().all(|a| match a {
        Action::Receive(c) => c.to < 2 && c.from < 2,
        Action::Multicast { from, .. } | Action::Crash(from) => *from < 2,
    }));
    assert!(fifo.update(GroupAction::SetMembers(9)).notice.unwrap().problem);

    // Reliable to basic: relayed copies are no longer sent, so their receives are dropped.
    let reliable = GroupLab::open(find("reliable-crash").unwrap().link).unwrap();
    let basic = reliable.update(GroupAction::SetReliability(Reliability::Basic));
    assert_eq!(basic.scenario.actions.len(), reliable.scenario.actions.len() - 1);
    assert!(matches!(basic.verdict.agreement, snapshot_lab::sim::multicast::Agreement::Violated(_)));
}

#[test]
fn a_broken_link_keeps_the_run_and_says_what_and_where() {
    let lab = run(blank(), &[GroupAction::Multicast(0)]);
    let opened = lab.update(GroupAction::Open("v1.mc.AQMB*".to_string()));
    let notice = opened.notice.clone().unwrap();
    assert!(notice.problem);
    assert!(notice.text.starts_with("This link cannot be opened:"), "{}", notice.text);
    assert!(notice.text.contains("11"), "the position: {}", notice.text);
    assert_eq!(opened.group.log, lab.group.log);
}

#[test]
fn isis_is_a_rule_like_the_others_and_its_link_reopens_the_run() {
    // A sequencer run switched to ISIS: the orders are dropped and named, Undo brings them back.
    let total = run(
        blank(),
        &[GroupAction::SetOrder(Order::Total), GroupAction::Multicast(1), GroupAction::Receive(copy(1, 1, 0))],
    );
    assert_eq!(total.group.in_flight.iter().filter(|(c, _)| matches!(c.payload, Payload::Order { .. })).count(), 2);
    let order = Copy { payload: Payload::Order { message: 1, number: 1 }, from: 0, to: 1 };
    let total = run(total, &[GroupAction::Receive(order)]);
    let isis = total.update(GroupAction::SetOrder(Order::Agreed));
    assert_eq!(isis.scenario.setup.order, Order::Agreed);
    assert_eq!(isis.scenario.actions.len(), 2, "the order's arrival is dropped");
    assert!(isis.notice.as_ref().is_some_and(|n| n.text.contains("No such copy is in flight: the order of m1 (#1)")));
    // P2 multicast m1 and proposed 1.2; P1 received it and proposed 1.1, on its way to P2.
    let proposal = isis.group.in_flight.iter().find(|(c, _)| matches!(c.payload, Payload::Proposal { .. })).unwrap().0;
    assert_eq!((proposal.from, proposal.to), (0, 1));
    let lab = run(isis.clone(), &[GroupAction::Receive(proposal)]);
    assert_eq!(lab.narration, "P2 receives the proposal 1.1 for m1 from P1");
    assert_eq!(lab.group.members[1].hold_back, vec![1], "P3's proposal is still to come");
    let again = GroupLab::open(&lab.link).unwrap();
    assert_eq!(again.scenario, lab.scenario);
    assert_eq!(again.group.log, lab.group.log);
    assert_eq!(isis.update(GroupAction::Undo).scenario, total.scenario);
}
