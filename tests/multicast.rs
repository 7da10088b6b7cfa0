//! The multicast core: each ordering's rule, the hold-back queue and its reasons, reliable
//! multicast under a crash partway through, and the ordering checker. Properties over random
//! schedules and over every schedule of small runs: each ordering protocol never violates its
//! own order, at any point of any run; the checker finds violations where the protocol does not
//! promise the order (so it is not vacuous); with no crash, every process ends up delivering
//! every message; reliable multicast keeps agreement where basic multicast loses it.

use snapshot_lab::sim::multicast::check::{
    agreement_says, causal_pairs, causal_says, fifo_says, stuck_says, total_says,
};
use snapshot_lab::sim::multicast::{
    check, narrate, Action, ActionError, Agreement, Copy, EventKind, Group, Order, Payload, Priority, Reliability,
    Setup, SizeError, Stuck,
};
use snapshot_lab::sim::rng::Rng;

fn setup(members: usize, order: Order, reliability: Reliability) -> Setup {
    Setup { members, order, reliability }
}

fn msg(m: u32, from: usize, to: usize) -> Action {
    Action::Receive(Copy { payload: Payload::Message(m), from, to })
}

fn mc(from: usize) -> Action {
    Action::Multicast { from, reach: None }
}

fn says(group: &Group) -> Vec<String> {
    (0..group.log.len()).map(|i| narrate(&group.log, i).to_string()).collect()
}

#[test]
fn fifo_holds_a_later_message_and_says_which_it_needs() {
    // P1 multicasts m1 and m2; P3 receives m2 first.
    let g = Group::replay(setup(3, Order::Fifo, Reliability::Basic), &[mc(0), mc(0), msg(2, 0, 2)]).unwrap();
    let text = says(&g);
    assert!(
        text.contains(&"P3 holds m2: it needs P1's message 1 first (P3 has delivered 0 from P1)".to_string()),
        "{text:#?}"
    );
    assert_eq!(g.members[2].hold_back, vec![2]);
    assert!(g.members[2].delivered.is_empty());
    // m1 arrives: both are delivered, in P1's order.
    let g =
        Group::replay(setup(3, Order::Fifo, Reliability::Basic), &[mc(0), mc(0), msg(2, 0, 2), msg(1, 0, 2)]).unwrap();
    assert_eq!(g.members[2].delivered, vec![1, 2]);
    assert!(g.members[2].hold_back.is_empty());
    let text = says(&g);
    assert_eq!(text.last().unwrap(), "P3 delivers m2: V = [2,0,0]");
}

#[test]
fn causal_order_holds_a_reply_until_what_it_answers_is_delivered() {
    // P1 multicasts m1; P2 delivers it and answers with m2 (m1 → m2); P3 gets m2 first.
    let actions = [mc(0), msg(1, 0, 1), mc(1), msg(2, 1, 2)];
    let g = Group::replay(setup(3, Order::Causal, Reliability::Basic), &actions).unwrap();
    let text = says(&g);
    assert!(text.contains(&"P2 multicasts m2 (its message 1, V = [1,1,0]) to P1, P3".to_string()), "{text:#?}");
    assert!(
        text.iter().any(|t| t.starts_with("P3 holds m2: it needs P1's message 1 first (P3 has delivered 0 from P1")),
        "{text:#?}"
    );
    let mut all = actions.to_vec();
    all.push(msg(1, 0, 2));
    let g = Group::replay(setup(3, Order::Causal, Reliability::Basic), &all).unwrap();
    assert_eq!(g.members[2].delivered, vec![1, 2]);
    assert_eq!(causal_pairs(3, &g.log), vec![(1, 2)]);
    // Under FIFO order alone, P3 delivers m2 at once: FIFO but not causal.
    let g = Group::replay(setup(3, Order::Fifo, Reliability::Basic), &actions).unwrap();
    assert_eq!(g.members[2].delivered, vec![2]);
    let v = check(3, &g.log);
    assert!(v.fifo.is_empty());
    assert_eq!(v.causal.len(), 1);
    assert_eq!(causal_says(&v.causal[0]).to_string(), "P3 delivered m2 without m1, though m1 → m2");
}

#[test]
fn total_order_waits_for_the_sequencers_number() {
    // P2 and P3 multicast concurrently; the sequencer P1 gets m2 first, so m2 is number 1.
    let s = setup(3, Order::Total, Reliability::Basic);
    let actions = [mc(1), mc(2), msg(2, 2, 0)];
    let g = Group::replay(s, &actions).unwrap();
    let text = says(&g);
    assert!(
        text.contains(&"P2 holds m1: its order number has not come from the sequencer yet".to_string()),
        "{text:#?}"
    );
    assert!(text.contains(&"P1, the sequencer, gives m2 order number 1 and sends the order to P2, P3".to_string()));
    assert_eq!(g.members[0].delivered, vec![2]);
    // P2 receives the order of m2, then P1's m1 copy... P1 has nothing of m1 yet: give it m1.
    let mut all = actions.to_vec();
    all.push(msg(1, 1, 0));
    all.push(Action::Receive(Copy { payload: Payload::Order { message: 2, number: 1 }, from: 0, to: 1 }));
    let g = Group::replay(s, &all).unwrap();
    // P2 has m1 (its own) and now m2's order, but not m2 itself: it holds.
    assert!(g.members[1].delivered.is_empty(), "{:#?}", says(&g));
    assert_eq!(g.members[0].delivered, vec![2, 1]);
}

fn proposal(m: u32, count: u32, by: usize, to: usize) -> Action {
    let priority = Priority { count, process: by };
    Action::Receive(Copy { payload: Payload::Proposal { message: m, priority }, from: by, to })
}

fn agreed(m: u32, count: u32, by: usize, from: usize, to: usize) -> Action {
    let priority = Priority { count, process: by };
    Action::Receive(Copy { payload: Payload::Agreed { message: m, priority }, from, to })
}

/// P1 multicasts m1 and P2 m2 concurrently; P3 and P2 get m2 first, P1 gets m1 first.
fn isis_run() -> Vec<Action> {
    vec![
        mc(0),
        mc(1),
        msg(2, 1, 2),
        msg(1, 0, 2),
        msg(2, 1, 0),
        msg(1, 0, 1),
        // m1's proposals reach P1: 2.2 from P2, 2.3 from P3 (P1's own was 1.1): agreed 2.3.
        proposal(1, 2, 1, 0),
        proposal(1, 2, 2, 0),
        // m2's reach P2: 1.3 from P3, 2.1 from P1 (P2's own was 1.2): agreed 2.1.
        proposal(2, 1, 2, 1),
        proposal(2, 2, 0, 1),
        agreed(1, 2, 2, 0, 2),
        agreed(2, 2, 0, 1, 2),
        agreed(2, 2, 0, 1, 0),
        agreed(1, 2, 2, 0, 1),
    ]
}

#[test]
fn isis_agrees_on_the_largest_proposal_and_delivers_from_the_head() {
    let s = setup(3, Order::Agreed, Reliability::Basic);
    let actions = isis_run();
    let g = Group::replay(s, &actions).unwrap();
    let text = says(&g);
    for line in [
        "P1 proposes priority 1.1 for its own m1: max(largest agreed, largest proposed) + 1",
        "P1 holds m1: its priority 1.1 is not agreed yet",
        "P3 proposes priority 1.3 for m2: max(largest agreed, largest proposed) + 1, sent to the sender P2",
        "P3 proposes priority 2.3 for m1: max(largest agreed, largest proposed) + 1, sent to the sender P1",
        "P1 receives the proposal 2.3 for m1 from P3",
        "P1 has every proposal for m1: the largest, 2.3, is its agreed priority, sent to P2, P3",
        "P1 holds m1: m2 (proposed 2.1, not agreed yet) is ahead of it",
        "P2 has every proposal for m2: the largest, 2.1, is its agreed priority, sent to P1, P3",
        "P3 holds m1: m2 (proposed 1.3, not agreed yet) is ahead of it",
        "P3 receives the agreed priority 2.1 for m2 from P2",
    ] {
        assert!(text.contains(&line.to_string()), "{line}\n{text:#?}");
    }
    for m in &g.members {
        assert_eq!(m.delivered, vec![2, 1], "{text:#?}");
    }
    let v = check(3, &g.log);
    assert!(v.total.is_empty() && v.stuck.is_empty() && v.agreement == Agreement::Holds);
    // Midway: P3 has m1 agreed (2.3) but m2 only proposed (1.3) at its head: it delivers nothing.
    let g = Group::replay(s, &actions[..11]).unwrap();
    assert!(g.members[2].delivered.is_empty());
    assert_eq!(g.members[2].hold_back, vec![2, 1], "sorted by priority: 1.3 before 2.3");
    assert_eq!(g.members[2].priority(1), Some((Priority { count: 2, process: 2 }, true)));
    assert_eq!(g.members[2].priority(2), Some((Priority { count: 1, process: 2 }, false)));
}

#[test]
fn delivering_without_waiting_for_agreement_breaks_total_order() {
    // The same arrivals of m1 and m2, delivered as they arrive (no ordering): P1 delivers m1
    // first, P2 and P3 m2 first. The checker names the violation ISIS prevents.
    let arrivals: Vec<Action> = isis_run()
        .into_iter()
        .filter(|a| {
            !matches!(a, Action::Receive(Copy { payload: Payload::Proposal { .. } | Payload::Agreed { .. }, .. }))
        })
        .collect();
    let g = Group::replay(setup(3, Order::Unordered, Reliability::Basic), &arrivals).unwrap();
    let v = check(3, &g.log);
    let total: Vec<String> = v.total.iter().map(|x| total_says(x).to_string()).collect();
    assert!(total.contains(&"P1 delivered m1 before m2, but P2 delivered m2 before m1".to_string()), "{total:#?}");
    let isis = Group::replay(setup(3, Order::Agreed, Reliability::Basic), &isis_run()).unwrap();
    assert!(check(3, &isis.log).total.is_empty());
}

#[test]
fn isis_keeps_one_order_at_every_correct_process_and_names_what_a_crash_leaves_unagreed() {
    let mut stuck_runs = 0;
    for seed in 0..cases() {
        let members = 2 + (seed as usize % 5);
        let reliability = if seed % 2 == 0 { Reliability::Reliable } else { Reliability::Basic };
        let g = random_run(setup(members, Order::Agreed, reliability), seed, true, |g| {
            let v = check(members, &g.log);
            assert!(v.total.is_empty(), "seed {seed}: {:?}", v.total);
        });
        let v = check(members, &g.log);
        let correct: Vec<usize> = (0..members).filter(|&p| !g.members[p].crashed).collect();
        // One order: any two correct processes deliver their common messages in the same order,
        // and one's deliveries are a prefix of the other's.
        for &p in &correct {
            for &q in &correct {
                let (a, b) = (&g.members[p].delivered, &g.members[q].delivered);
                let n = a.len().min(b.len());
                assert_eq!(a[..n], b[..n], "seed {seed}: P{} and P{}", p + 1, q + 1);
            }
        }
        // Liveness up to crashes: what a correct process still holds is a message the checker
        // names as never agreed, or queued behind one.
        let stuck: Vec<u32> = v.stuck.iter().map(|s| s.message).collect();
        for &p in &correct {
            let m = &g.members[p];
            for &held in &m.hold_back {
                let (priority, _) = m.priority(held).unwrap();
                let blocked = stuck.contains(&held)
                    || stuck.iter().any(|&x| m.hold_back.contains(&x) && m.priority(x).unwrap().0 < priority);
                assert!(blocked, "seed {seed}: P{} holds m{held} for no named reason: {:?}", p + 1, v.stuck);
            }
            // A message every correct process received and that was agreed is delivered everywhere.
            for (i, _) in g.sent.iter().enumerate() {
                let mid = i as u32 + 1;
                let everywhere = correct.iter().all(|&q| g.members[q].received.contains(&mid));
                let agreed = g.log.iter().any(|e| matches!(e.kind, EventKind::Agree { message, .. } if message == mid));
                let behind = m.hold_back.iter().any(|x| stuck.contains(x));
                if everywhere && agreed && !behind && !m.hold_back.contains(&mid) {
                    assert!(m.delivered.contains(&mid), "seed {seed}: P{} never delivers m{mid}", p + 1);
                }
            }
        }
        // Every message named stuck is held, never delivered, by each correct process that has it.
        for x in &v.stuck {
            assert!(g.log.iter().all(|e| !matches!(e.kind, EventKind::Agree { message, .. } if message == x.message)));
            for &p in &correct {
                assert!(!g.members[p].delivered.contains(&x.message), "seed {seed}");
            }
        }
        if !v.stuck.is_empty() {
            stuck_runs += 1;
        }
    }
    assert!(stuck_runs > 0, "some random run with a crash leaves a message never agreed");
}

#[test]
fn a_crashed_sender_leaves_its_message_never_agreed_and_the_checker_says_so() {
    let s = setup(3, Order::Agreed, Reliability::Reliable);
    // P1 sends m1 to P2 only and crashes; reliable multicast brings m1 to P3 too.
    let g =
        Group::replay(s, &[Action::Multicast { from: 0, reach: Some(vec![1]) }, msg(1, 0, 1), msg(1, 1, 2)]).unwrap();
    assert_eq!(g.members[2].hold_back, vec![1]);
    let v = check(3, &g.log);
    assert_eq!(v.stuck, vec![Stuck { message: 1, sender: 0, crashed: 0 }]);
    assert_eq!(
        stuck_says(&v.stuck[0]).to_string(),
        "m1 will never be agreed: its sender P1 crashed before it had every proposal, so every process holds it, and every message behind it, for ever"
    );
    assert_eq!(v.agreement, Agreement::Holds, "every correct process received m1: receipt agrees");
    // A member crashing before it proposes: its sender waits for ever.
    let g =
        Group::replay(setup(3, Order::Agreed, Reliability::Basic), &[mc(1), Action::Crash(2), msg(1, 1, 0)]).unwrap();
    let v = check(3, &g.log);
    assert_eq!(v.stuck, vec![Stuck { message: 1, sender: 1, crashed: 2 }]);
    assert_eq!(
        stuck_says(&v.stuck[0]).to_string(),
        "m1 will never be agreed: P3 crashed before proposing a priority for it, and its sender P2 waits for every proposal"
    );
}

#[test]
fn refusals_change_nothing_and_say_why() {
    assert_eq!(Group::new(setup(1, Order::Fifo, Reliability::Basic)).unwrap_err(), SizeError(1));
    assert_eq!(Group::new(setup(9, Order::Fifo, Reliability::Basic)).unwrap_err(), SizeError(9));
    let mut g = Group::replay(setup(3, Order::Fifo, Reliability::Basic), &[mc(0)]).unwrap();
    let before = g.clone();
    let missing = Copy { payload: Payload::Message(1), from: 1, to: 2 };
    assert_eq!(g.apply(&Action::Receive(missing)), Err(ActionError::NotInFlight(missing)));
    assert_eq!(g.apply(&mc(7)), Err(ActionError::NoSuchProcess(7)));
    assert_eq!(g.apply(&Action::Multicast { from: 0, reach: Some(vec![0]) }), Err(ActionError::BadReach(0)));
    assert_eq!(g, before, "a refused action changes nothing");
    g.apply(&Action::Crash(2)).unwrap();
    let err = g.apply(&msg(1, 0, 2)).unwrap_err();
    assert_eq!(err, ActionError::Crashed(2));
    assert_eq!(err.says().to_string(), "P3 has crashed: it takes no part any more");
}

/// A random run: multicasts from random live members (sometimes crashing partway, when
/// `crashes`), receives of random copies in flight; checked after every action with `each`.
/// Ends by receiving every copy that can still arrive. Returns the group.
fn random_run(s: Setup, seed: u64, crashes: bool, each: impl FnMut(&Group)) -> Group {
    random_actions(s, seed, crashes, each).0
}

/// [`random_run`], with the actions taken.
fn random_actions(s: Setup, seed: u64, crashes: bool, mut each: impl FnMut(&Group)) -> (Group, Vec<Action>) {
    let mut taken = Vec::new();
    let mut rng = Rng::new(seed);
    let mut g = Group::new(s).unwrap();
    let multicasts = 2 + rng.below(5);
    let mut made = 0;
    loop {
        let copies: Vec<Copy> = g.deliverable().collect();
        let alive: Vec<usize> = (0..s.members).filter(|&p| !g.members[p].crashed).collect();
        let want_multicast = made < multicasts && !alive.is_empty() && (copies.is_empty() || rng.below(3) == 0);
        let action = if want_multicast {
            made += 1;
            let from = alive[rng.below(alive.len())];
            if crashes && rng.below(4) == 0 {
                let reach: Vec<usize> = (0..s.members).filter(|&q| q != from && rng.below(2) == 0).collect();
                Action::Multicast { from, reach: Some(reach) }
            } else {
                Action::Multicast { from, reach: None }
            }
        } else if let Some(&c) = copies.get(rng.below(copies.len().max(1))) {
            Action::Receive(c)
        } else {
            break;
        };
        g.apply(&action).unwrap_or_else(|e| panic!("seed {seed}: {action:?} refused: {e:?}"));
        taken.push(action);
        each(&g);
    }
    (g, taken)
}

fn cases() -> u64 {
    std::env::var("SNAPSHOT_LAB_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(2_000, |n: u64| (n / 50).max(500))
}

#[test]
fn each_protocol_keeps_its_order_at_every_step_of_random_runs() {
    for order in Order::ALL {
        for seed in 0..cases() {
            let members = 2 + (seed as usize % 4);
            random_run(setup(members, order, Reliability::Basic), seed, false, |g| {
                let v = check(members, &g.log);
                match order {
                    Order::Unordered => {}
                    Order::Fifo => assert!(v.fifo.is_empty(), "seed {seed}: {:?}", v.fifo),
                    Order::Causal => {
                        assert!(v.fifo.is_empty() && v.causal.is_empty(), "seed {seed}: {:?}", v.causal)
                    }
                    Order::Total | Order::Agreed => assert!(v.total.is_empty(), "seed {seed}: {:?}", v.total),
                }
            });
        }
    }
}

#[test]
fn with_no_crash_every_process_delivers_every_message_in_the_end() {
    for order in Order::ALL {
        for seed in 0..cases() {
            let members = 2 + (seed as usize % 7);
            let g = random_run(setup(members, order, Reliability::Basic), seed, false, |_| {});
            for (p, m) in g.members.iter().enumerate() {
                assert!(m.hold_back.is_empty(), "{order:?} seed {seed}: P{} holds {:?}", p + 1, m.hold_back);
                assert_eq!(m.delivered.len(), g.sent.len(), "{order:?} seed {seed}: P{}", p + 1);
            }
            assert!(g.in_flight.is_empty());
            assert_eq!(check(members, &g.log).agreement, Agreement::Holds);
        }
    }
}

#[test]
fn the_checker_finds_what_each_protocol_does_not_promise() {
    // Over random runs, each weaker protocol violates the stronger orders somewhere: the
    // checker is not vacuous, and the classic separations exist.
    let found = |order: Order, what: fn(&snapshot_lab::sim::multicast::Verdict) -> bool| {
        (0..cases()).any(|seed| {
            let members = 3 + (seed as usize % 3);
            let g = random_run(setup(members, order, Reliability::Basic), seed, false, |_| {});
            what(&check(members, &g.log))
        })
    };
    assert!(found(Order::Unordered, |v| !v.fifo.is_empty()), "unordered delivery breaks FIFO");
    assert!(found(Order::Fifo, |v| !v.causal.is_empty()), "FIFO but not causal");
    assert!(found(Order::Causal, |v| !v.total.is_empty()), "causal but not total");
    assert!(found(Order::Total, |v| !v.causal.is_empty()), "total but not causal");
    assert!(found(Order::Total, |v| !v.fifo.is_empty()), "total but not FIFO");
}

#[test]
fn reliable_multicast_keeps_agreement_when_a_sender_crashes_partway() {
    let mut basic_lost = 0;
    for seed in 0..cases() {
        let members = 3 + (seed as usize % 4);
        let g = random_run(setup(members, Order::Unordered, Reliability::Reliable), seed, true, |g| {
            // Never violated midway either: a receiver relays before anything else happens.
            let a = check(members, &g.log).agreement;
            assert!(!matches!(a, Agreement::Violated(_)), "seed {seed}: {a:?}");
        });
        assert_eq!(check(members, &g.log).agreement, Agreement::Holds, "seed {seed}");
        let g = random_run(setup(members, Order::Unordered, Reliability::Basic), seed, true, |_| {});
        if matches!(check(members, &g.log).agreement, Agreement::Violated(_)) {
            basic_lost += 1;
        }
    }
    assert!(basic_lost > 0, "basic multicast loses agreement in some run with a crash");
}

#[test]
fn a_crash_partway_is_named_and_reliable_multicast_repairs_it() {
    // P1 sends m1 to P2 only, then crashes.
    let partial = Action::Multicast { from: 0, reach: Some(vec![1]) };
    let basic =
        Group::replay(setup(3, Order::Unordered, Reliability::Basic), &[partial.clone(), msg(1, 0, 1)]).unwrap();
    let text = says(&basic);
    assert_eq!(text[0], "P1 starts to multicast m1, sends it to P2 only, and crashes");
    let a = check(3, &basic.log).agreement;
    assert_eq!(a, Agreement::Violated(vec![(2, 1)]));
    assert_eq!(agreement_says(&a).to_string(), "P3 will never receive m1");

    let reliable = Group::replay(setup(3, Order::Unordered, Reliability::Reliable), &[partial, msg(1, 0, 1)]).unwrap();
    assert!(says(&reliable)
        .contains(&"P2 received m1 for the first time: reliable multicast sends it on to P3".to_string()));
    assert_eq!(check(3, &reliable.log).agreement, Agreement::Pending);
    let reliable = Group::replay(setup(3, Order::Unordered, Reliability::Reliable), &{
        let mut a = vec![Action::Multicast { from: 0, reach: Some(vec![1]) }, msg(1, 0, 1)];
        a.push(msg(1, 1, 2));
        a
    })
    .unwrap();
    assert_eq!(check(3, &reliable.log).agreement, Agreement::Holds);
    assert_eq!(reliable.members[2].delivered, vec![1]);
}

#[test]
fn duplicates_are_dropped_and_named() {
    // Reliable, 3 members: P1's copy and P2's relay both reach P3.
    let g =
        Group::replay(setup(3, Order::Fifo, Reliability::Reliable), &[mc(0), msg(1, 0, 1), msg(1, 1, 2), msg(1, 0, 2)])
            .unwrap();
    assert!(says(&g).contains(&"P3 receives m1 from P1 again: a duplicate, dropped".to_string()), "{:#?}", says(&g));
    assert_eq!(g.members[2].delivered, vec![1], "delivered once");
    let receives = g.log.iter().filter(|e| matches!(e.kind, EventKind::Receive { duplicate: true, .. })).count();
    assert_eq!(receives, 1);
}

/// Every schedule of a small run: the script's multicasts happen in order, interleaved with
/// receives anywhere; at every state, each protocol keeps its order. Returns the states seen.
fn explore(s: Setup, script: &[usize], g: &Group, next: usize, seen: &mut usize) {
    *seen += 1;
    let v = check(s.members, &g.log);
    match s.order {
        Order::Unordered => {}
        Order::Fifo => assert!(v.fifo.is_empty(), "{:#?}", v.fifo),
        Order::Causal => assert!(v.causal.is_empty() && v.fifo.is_empty(), "{:#?}", v.causal),
        Order::Total | Order::Agreed => assert!(v.total.is_empty(), "{:#?}", v.total),
    }
    let copies: Vec<Copy> = g.deliverable().collect();
    if copies.is_empty() && next == script.len() {
        for m in &g.members {
            assert_eq!(m.delivered.len(), g.sent.len(), "every message delivered at the end");
        }
        return;
    }
    if next < script.len() {
        let mut h = g.clone();
        h.apply(&mc(script[next])).unwrap();
        explore(s, script, &h, next + 1, seen);
    }
    for c in copies {
        let mut h = g.clone();
        h.apply(&Action::Receive(c)).unwrap();
        explore(s, script, &h, next, seen);
    }
}

#[test]
fn every_schedule_of_small_runs_keeps_each_order() {
    for order in [Order::Fifo, Order::Causal, Order::Total] {
        for (members, script) in [(3, &[0usize, 0][..]), (3, &[0, 1]), (3, &[1, 2]), (2, &[0, 1, 0])] {
            let s = setup(members, order, Reliability::Basic);
            let mut seen = 0;
            explore(s, script, &Group::new(s).unwrap(), 0, &mut seen);
            assert!(seen > 20, "{order:?} {script:?}: {seen} states");
        }
    }
}

/// Every interleaving of an ISIS run's copy arrivals (messages, proposals, agreed priorities)
/// and of its multicasts: total order holds at every state; at every end, all processes
/// delivered every message in one same order. Returns (states, ends).
fn explore_isis(s: Setup, script: &[usize], g: &Group, next: usize, seen: &mut (usize, usize)) {
    seen.0 += 1;
    let v = check(s.members, &g.log);
    assert!(v.total.is_empty(), "{:#?}", v.total);
    let copies: Vec<Copy> = g.deliverable().collect();
    if copies.is_empty() && next == script.len() {
        seen.1 += 1;
        for m in &g.members {
            assert_eq!(m.delivered, g.members[0].delivered, "one order everywhere");
            assert_eq!(m.delivered.len(), script.len());
        }
        return;
    }
    if next < script.len() {
        let mut h = g.clone();
        h.apply(&mc(script[next])).unwrap();
        explore_isis(s, script, &h, next + 1, seen);
    }
    for c in copies {
        let mut h = g.clone();
        h.apply(&Action::Receive(c)).unwrap();
        explore_isis(s, script, &h, next, seen);
    }
}

#[test]
fn every_interleaving_of_small_isis_runs_gives_one_total_order() {
    // 3 processes, 2 messages from different senders; 2 processes, 3 messages.
    for (members, script, ends_at_least) in [(3, &[0usize, 1][..], 100_000), (2, &[0, 1, 0], 1_000)] {
        let s = setup(members, Order::Agreed, Reliability::Basic);
        let mut seen = (0, 0);
        explore_isis(s, script, &Group::new(s).unwrap(), 0, &mut seen);
        assert!(seen.1 >= ends_at_least, "{members} members {script:?}: {seen:?}");
        eprintln!("{members} members {script:?}: {} states, {} complete runs", seen.0, seen.1);
    }
}

#[test]
fn violations_name_the_pair_in_words() {
    // Unordered: P1 multicasts m1 then m2; P2 delivers m2 first, then m1; P3 gets m1 then m2.
    let g = Group::replay(
        setup(3, Order::Unordered, Reliability::Basic),
        &[mc(0), mc(0), msg(2, 0, 1), msg(1, 0, 1), msg(1, 0, 2), msg(2, 0, 2)],
    )
    .unwrap();
    let v = check(3, &g.log);
    let fifo: Vec<String> = v.fifo.iter().map(|x| fifo_says(x).to_string()).collect();
    assert_eq!(fifo, ["P2 delivered m2 before m1, but P1 multicast m1 first"]);
    let total: Vec<String> = v.total.iter().map(|x| total_says(x).to_string()).collect();
    assert!(total.contains(&"P2 delivered m2 before m1, but P1 delivered m1 before m2".to_string()), "{total:#?}");
    // Each finding points at the events: P2's delivery of m2 is in the log where it says.
    let at = v.fifo[0].at;
    assert!(matches!(g.log[at].kind, EventKind::Deliver { message: 2, .. }) && g.log[at].process == 1);
}

// ---------------------------------------------------------------------------------------------
// The `v1.mc.` link.

use snapshot_lab::formats::link::{self, LinkError};
use snapshot_lab::formats::multicast_link::{decode, encode, from_bytes, is_multicast, to_bytes};
use snapshot_lab::sim::multicast::Scenario;

#[test]
fn every_run_round_trips_through_its_link_and_replays_to_the_same_log() {
    for seed in 0..cases() {
        let members = 2 + (seed as usize % 7);
        let order = Order::ALL[seed as usize % Order::ALL.len()];
        let reliability = if seed % 3 == 0 { Reliability::Reliable } else { Reliability::Basic };
        let s = setup(members, order, reliability);
        let (g, actions) = random_actions(s, seed, seed % 2 == 0, |_| {});
        let cursor = (seed % 5 == 0).then_some(actions.len() / 2);
        let scenario = Scenario { setup: s, actions, cursor };
        let link = encode(&scenario);
        assert!(link.starts_with("v1.mc."), "{link}");
        assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "URL-safe: {link}");
        assert!(is_multicast(&link) && is_multicast(&format!("https://example.org/lab/#{link}&present")));
        let back = decode(&format!("https://example.org/lab/index.html#{link}")).unwrap();
        assert_eq!(back, scenario, "seed {seed}");
        if cursor.is_none() {
            assert_eq!(back.replay().unwrap().log, g.log, "seed {seed}: the same log");
        }
    }
}

#[test]
fn a_golden_multicast_link_decodes_the_same_forever() {
    // Causal order, reliable, 3 members: P1 multicasts m1, P2 receives it, P2 multicasts m2,
    // P3 receives m2 (held: it needs m1), then m1 from P1 (both delivered), then P1 crashes.
    let scenario = Scenario {
        setup: setup(3, Order::Causal, Reliability::Reliable),
        actions: vec![mc(0), msg(1, 0, 1), mc(1), msg(2, 1, 2), msg(1, 0, 2), Action::Crash(0)],
        cursor: None,
    };
    let golden = "v1.mc.BgMGEDABAREwAhIwAQJA";
    assert_eq!(encode(&scenario), golden);
    assert_eq!(decode(golden).unwrap(), scenario);
    let g = decode(golden).unwrap().replay().unwrap();
    assert_eq!(g.members[2].delivered, vec![1, 2]);
    assert!(says(&g).iter().any(|t| t.starts_with("P3 holds m2: it needs P1's message 1 first")));
}

#[test]
fn a_broken_multicast_link_says_what_and_where() {
    let good = encode(&Scenario {
        setup: setup(3, Order::Fifo, Reliability::Basic),
        actions: vec![mc(0), msg(1, 0, 1)],
        cursor: None,
    });
    let bytes = to_bytes(&decode(&good).unwrap());
    // Every truncation is an error, never a panic.
    for k in 0..bytes.len() {
        assert!(from_bytes(&bytes[..k]).is_err(), "truncated at {k}");
    }
    // An unknown tag, a member the group does not have, a reach naming the sender, trailing bytes.
    let mut unknown = bytes.clone();
    unknown[3] = 0x70;
    assert!(matches!(from_bytes(&unknown), Err(LinkError::Invalid { byte: 3, .. })));
    let mut stranger = bytes.clone();
    stranger[3] = 0x15;
    let e = from_bytes(&stranger).unwrap_err();
    assert!(e.to_string().contains("P6"), "{e}");
    let partial = [0x01, 3, 1, 0x20, 0b001];
    assert!(matches!(from_bytes(&partial), Err(LinkError::Invalid { byte: 4, .. })));
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(matches!(from_bytes(&trailing), Err(LinkError::TrailingBytes { .. })));
    let e = decode("v1.mc.AQMB*").unwrap_err();
    assert_eq!(e, LinkError::BadCharacter { position: 11, found: '*' });
    assert!(from_bytes(&[0x01, 9, 0]).is_err(), "9 members");
    assert!(from_bytes(&[0x10, 3, 0]).is_err(), "an unknown settings bit");
    // The snapshot lab's decoder does not take a multicast link for one of its own.
    assert!(link::decode(&good).is_err());
    assert!(!is_multicast("v1.AQMB"));
}

#[test]
fn arbitrary_bytes_never_panic_the_multicast_decoder() {
    let mut rng = Rng::new(7);
    for _ in 0..cases() * 4 {
        let len = rng.below(24);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        if let Ok(s) = from_bytes(&bytes) {
            // What decodes re-encodes to the same bytes (the form is canonical), and replays
            // without panicking, refused or not.
            assert_eq!(to_bytes(&s), bytes);
            let _ = s.replay();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The presets show what their titles claim.

use snapshot_lab::formats::multicast_presets::{find, PRESETS};

#[test]
fn each_preset_shows_what_its_title_claims() {
    let verdict = |id: &str| {
        let s = find(id).unwrap().scenario().unwrap();
        assert_eq!(encode(&s), find(id).unwrap().link, "{id}: a canonical link");
        let g = s.replay().unwrap_or_else(|e| panic!("{id}: {e:?}"));
        (check(s.setup.members, &g.log), g, s.setup)
    };
    let (v, g, s) = verdict("fifo-not-causal");
    assert_eq!(s.order, Order::Fifo);
    assert!(v.fifo.is_empty() && !v.causal.is_empty());
    assert_eq!(causal_says(&v.causal[0]).to_string(), "P3 delivered m2 before m1, but m1 → m2");
    assert_eq!(g.members[2].delivered, vec![2, 1]);

    let (v, g, s) = verdict("causal-not-total");
    assert_eq!(s.order, Order::Causal);
    assert!(v.fifo.is_empty() && v.causal.is_empty() && !v.total.is_empty());
    assert_eq!(g.members[1].delivered, vec![2, 1]);
    assert_eq!(g.members[0].delivered, vec![1, 2]);

    let (v, g, s) = verdict("total-not-causal");
    assert_eq!(s.order, Order::Total);
    assert!(v.total.is_empty() && !v.causal.is_empty() && !v.fifo.is_empty());
    assert!(g.members.iter().all(|m| m.delivered == vec![2, 1]));

    let (v, _, s) = verdict("basic-crash");
    assert_eq!(s.reliability, Reliability::Basic);
    assert_eq!(v.agreement, Agreement::Violated(vec![(2, 1)]));

    let (v, g, s) = verdict("reliable-crash");
    assert_eq!(s.reliability, Reliability::Reliable);
    assert_eq!(v.agreement, Agreement::Holds);
    assert!(g.members[1..].iter().all(|m| m.delivered == vec![1]));
    // Every preset's id is unique, its title and claim are sentences.
    let mut ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), PRESETS.len());
}
