//! The multicast lab's teaching (issue 22): the three exercise kinds (`src/teach/
//! multicast_exercise.rs`) and the lesson's steps (`src/teach/multicast_lesson.rs`), proved
//! against the core: every generated exercise's own solution grades right, specific wrong
//! answers get their specific feedback, generation is deterministic, hostile answer text never
//! panics; every lesson step's run decodes, its task is done by its run, and its predict
//! question's answer is what the core does.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::shipped_catalog;

use snapshot_lab::formats::multicast_link;
use snapshot_lab::sim::multicast::{Action, Copy, Group, Order, Payload, Reliability, Scenario, Setup};
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::teach::multicast_exercise::{
    answer_text, generate, grade, grade_text, parse_answer, solve, Answer, Exercise, Kind, Task, LEVELS,
};

const SEEDS: u64 = 120;

fn all() -> impl Iterator<Item = (Kind, u8, u64)> {
    Kind::ALL.into_iter().flat_map(|k| (1..=LEVELS).flat_map(move |l| (0..SEEDS).map(move |s| (k, l, s))))
}

fn texts(g: &snapshot_lab::teach::multicast_exercise::Grade) -> String {
    g.feedback.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" | ")
}

#[test]
fn every_generated_exercise_is_solved_by_its_own_solution() {
    let mut count = 0;
    for (kind, level, seed) in all() {
        let ex = generate(kind, level, seed);
        assert_eq!(ex, generate(kind, level, seed), "{kind:?} {level} {seed}: not deterministic");
        assert_eq!((ex.kind, ex.level, ex.seed), (kind, level, seed));
        let group = ex.scenario.replay().unwrap_or_else(|e| panic!("{kind:?} {level} {seed}: {e:?}"));
        assert!(!ex.prompt.is_empty());
        // The shown run round-trips through its link, as the page opens it.
        assert_eq!(multicast_link::decode(&multicast_link::encode(&ex.scenario)).as_ref(), Ok(&ex.scenario));
        let answer = solve(&ex);
        let g = grade(&ex, &answer);
        assert!(g.correct, "{kind:?} {level} {seed}: {answer:?}: {}", texts(&g));
        assert_eq!(g.feedback.len(), 1);
        let text = answer_text(&answer);
        assert!(grade_text(&ex, &text).correct, "{kind:?} {level} {seed}: `{text}`");
        match (&ex.task, &answer) {
            (Task::Stamp { sender, message }, Answer::Stamp(v)) => {
                assert_eq!(v.len(), ex.scenario.setup.members);
                // What the lesson teaches: V[k] counts what the sender delivered from Pk; its own
                // entry counts its multicasts, this one included.
                for (k, &entry) in v.iter().enumerate() {
                    let want = if k == *sender {
                        group.sent.iter().filter(|s| s.sender == k).count() as u32 + 1
                    } else {
                        group.members[*sender]
                            .delivered
                            .iter()
                            .filter(|&&m| group.sent[m as usize - 1].sender == k)
                            .count() as u32
                    };
                    assert_eq!(entry, want, "{kind:?} {level} {seed}: V[P{}]", k + 1);
                }
                assert_eq!(ex.scenario.setup.order, Order::Causal);
                assert_eq!(*message as usize, group.sent.len() + 1);
                assert!(!group.members[*sender].crashed);
            }
            (Task::Deliverable { copy }, Answer::Deliverable(d)) => {
                let held = &group.members[copy.to].hold_back;
                assert!(!held.is_empty(), "{kind:?} {level} {seed}: nothing held");
                let arriving = match copy.payload {
                    Payload::Message(m) => Some(m),
                    Payload::Order { .. } | Payload::Proposal { .. } | Payload::Agreed { .. } => None,
                };
                assert!(d.iter().all(|m| held.contains(m) || arriving == Some(*m)), "{kind:?} {level} {seed}: {d:?}");
                assert!(group.deliverable().any(|c| c == *copy));
            }
            (Task::Orders, Answer::Orders(_)) => {
                assert!(group.in_flight.is_empty(), "an orders run is finished");
            }
            other => panic!("{kind:?}: {other:?}"),
        }
        count += 1;
    }
    assert_eq!(count, 3 * 3 * SEEDS as usize);
}

#[test]
fn levels_grow_the_group_and_the_run() {
    for kind in Kind::ALL {
        let mean = |level: u8| {
            let (mut members, mut actions) = (0, 0);
            for seed in 0..40 {
                let ex = generate(kind, level, seed);
                members += ex.scenario.setup.members;
                actions += ex.scenario.actions.len();
            }
            (members, actions)
        };
        let (m1, a1) = mean(1);
        let (m3, a3) = mean(3);
        assert!(m3 > m1, "{kind:?}: members {m1} → {m3}");
        assert!(a3 > a1, "{kind:?}: actions {a1} → {a3}");
    }
}

#[test]
fn the_answers_vary_from_seed_to_seed() {
    // Not always the same answer: the orders kind gives several different sets, the deliverable
    // kind sometimes nothing and sometimes a cascade.
    let mut sets = std::collections::BTreeSet::new();
    let (mut empty, mut several) = (0, 0);
    for seed in 0..60 {
        if let Answer::Orders(os) = solve(&generate(Kind::Orders, 3, seed)) {
            sets.insert(answer_text(&Answer::Orders(os)));
        }
        for level in 1..=LEVELS {
            if let Answer::Deliverable(ms) = solve(&generate(Kind::Deliverable, level, seed)) {
                empty += usize::from(ms.is_empty());
                several += usize::from(ms.len() >= 2);
            }
        }
    }
    assert!(sets.len() >= 4, "{sets:?}");
    assert!(several >= 20, "cascades: {several}");
    assert!(empty >= 1, "blocked arrivals: {empty}");
}

fn exercise(kind: Kind, scenario: Scenario, task: Task) -> Exercise {
    Exercise { kind, level: 1, seed: 0, scenario, prompt: String::new(), task }
}

fn mc(from: usize) -> Action {
    Action::Multicast { from, reach: None }
}

fn rx(m: u32, from: usize, to: usize) -> Action {
    Action::Receive(Copy { payload: Payload::Message(m), from, to })
}

fn setup(members: usize, order: Order) -> Setup {
    Setup { members, order, reliability: Reliability::Basic }
}

#[test]
fn a_held_message_claimed_deliverable_is_named_with_the_rule_it_waits_for() {
    // FIFO: P1 multicasts m1, m2, m3; P3 has received m3 (held); now m2 arrives. Nothing can
    // be delivered: m2 and m3 both wait for m1.
    let s = Scenario { setup: setup(3, Order::Fifo), actions: vec![mc(0), mc(0), mc(0), rx(3, 0, 2)], cursor: None };
    let ex = exercise(
        Kind::Deliverable,
        s,
        Task::Deliverable { copy: Copy { payload: Payload::Message(2), from: 0, to: 2 } },
    );
    assert_eq!(solve(&ex), Answer::Deliverable(vec![]));
    for none in ["none", "", "NONE", "-", "없음", "无"] {
        assert!(grade_text(&ex, none).correct, "{none:?}");
    }
    let g = grade_text(&ex, "m2");
    assert!(!g.correct);
    assert_eq!(
        texts(&g),
        "m2 cannot be delivered at P3 yet: it needs P1's message 1 first (P3 has delivered 0 from P1)."
    );
    let g = grade_text(&ex, "m2, m3, m1");
    assert_eq!(g.feedback.len(), 3, "{}", texts(&g));
    assert!(texts(&g).contains("m3 cannot be delivered at P3 yet: it needs P1's message 1 first"), "{}", texts(&g));
    assert!(texts(&g).contains("P3 has not received m1"), "{}", texts(&g));
    assert_eq!(g.feedback[0].process, Some(2));
    assert_eq!(g.feedback[0].message, Some(2));
}

#[test]
fn a_missed_cascade_is_explained_by_the_rule_that_lets_each_one_through() {
    // Causal: P1 multicasts m1; P2 delivers it and multicasts m2 (V = [1,1,0]); P3 holds m2;
    // m1 arrives: P3 delivers m1, then m2.
    let s = Scenario {
        setup: setup(3, Order::Causal),
        actions: vec![mc(0), rx(1, 0, 1), mc(1), rx(2, 1, 2)],
        cursor: None,
    };
    let ex = exercise(
        Kind::Deliverable,
        s,
        Task::Deliverable { copy: Copy { payload: Payload::Message(1), from: 0, to: 2 } },
    );
    assert_eq!(solve(&ex), Answer::Deliverable(vec![1, 2]));
    assert!(grade_text(&ex, "M2 1").correct, "any order, any case");
    let g = grade_text(&ex, "m1");
    assert!(!g.correct);
    assert_eq!(
        texts(&g),
        "P3 can deliver m2: its timestamp [1,1,0] meets the rule V[j] = Vi[j] + 1 and V[k] ≤ Vi[k] against P3's \
         deliveries by then, Vi = [1,0,0]. It becomes deliverable once m1 is delivered."
    );
    let g = grade_text(&ex, "m1 m2 m9");
    assert_eq!(texts(&g), "There is no m9 yet: the run has multicast 2 messages.");
}

#[test]
fn a_timestamp_that_counts_a_held_message_is_told_that_only_deliveries_count() {
    // Causal, 3 members: P2 multicasts m1 and m2; P1 receives m2 first (held, waiting for m1);
    // P3 multicasts m3, P1 receives and delivers it. P1 now multicasts m4: V = [1,0,1].
    let s = Scenario {
        setup: setup(3, Order::Causal),
        actions: vec![mc(1), mc(1), rx(2, 1, 0), mc(2), rx(3, 2, 0)],
        cursor: None,
    };
    let ex = exercise(Kind::Stamp, s, Task::Stamp { sender: 0, message: 4 });
    assert_eq!(solve(&ex), Answer::Stamp(vec![1, 0, 1]));
    assert!(grade_text(&ex, "[1, 0, 1]").correct);
    assert!(grade_text(&ex, "1 0 1").correct);
    let g = grade_text(&ex, "[1,1,1]");
    assert_eq!(
        texts(&g),
        "V[P2]: P1 has received m2 from P2 but not delivered it: it waits in the hold-back queue, and a timestamp \
         counts only delivered messages. So V[P2] = 0, not 1."
    );
    let g = grade_text(&ex, "[1,2,1]");
    assert_eq!(
        texts(&g),
        "V[P2]: P2 has multicast 2 messages, but P1 has delivered only 0 of them before multicasting m4. So V[P2] = 0."
    );
    let g = grade_text(&ex, "[0,0,1]");
    assert_eq!(texts(&g), "V[P1] is P1's own count: m4 is P1's message number 1, so V[P1] = 1, not 0.");
    let g = grade_text(&ex, "[1,0,0]");
    assert_eq!(
        texts(&g),
        "V[P3] counts the messages from P3 that P1 has delivered before multicasting m4: 1 (m3), not 0."
    );
    let g = grade_text(&ex, "[1,0]");
    assert_eq!(texts(&g), "A timestamp in this group has 3 entries, one per process (P1 to P3); your answer has 2.");
}

#[test]
fn a_wrong_claim_about_an_order_names_a_violating_pair() {
    // The preset "FIFO but not causal": P3 delivers m2 before m1, though m1 → m2.
    let s = multicast_link::decode("v1.mc.AQMGEDABAREwAhIwAQIwAhA").unwrap();
    let ex = exercise(Kind::Orders, s, Task::Orders);
    let truth = solve(&ex);
    assert_eq!(truth, Answer::Orders(vec![Order::Fifo]));
    assert!(grade_text(&ex, "FIFO").correct);
    let g = grade_text(&ex, "fifo, causal, total");
    assert!(!g.correct);
    let t = texts(&g);
    assert!(t.contains("causal order does not hold: P3 delivered m2 before m1, but m1 → m2."), "{t}");
    assert!(t.contains("total order does not hold: "), "{t}");
    assert_eq!(g.feedback.len(), 2);
    let g = grade_text(&ex, "none");
    assert_eq!(
        texts(&g),
        "FIFO order holds: every process delivered each sender's messages in the order they were multicast."
    );
}

#[test]
fn hostile_answer_text_never_panics_and_is_never_right_by_accident() {
    let hostile = [
        "",
        " ",
        "[",
        "]",
        "[]",
        "[,]",
        "[1,,2]",
        "-1",
        "1e3",
        "99999999999999999999999",
        "m0",
        "m-1",
        "m",
        "mm1",
        "m4294967296",
        "NaN",
        "∞",
        "１２",
        "m１",
        "fifo causal totally",
        "\u{0}",
        "\u{202e}fifo",
        "[1,2,3]]",
        "((1,2))",
        "none none",
        "- - -",
        ",,,,",
        "&&&",
        "m1 m1 m1",
        "FIFO+CAUSAL",
        "fifo/total",
        "ＦＩＦＯ",
    ];
    let long = "1,".repeat(600);
    let exercises: Vec<Exercise> = Kind::ALL.into_iter().map(|k| generate(k, 2, 7)).collect();
    for ex in &exercises {
        for text in hostile.iter().copied().chain([long.as_str()]) {
            let _ = grade_text(ex, text);
            let _ = parse_answer(ex.kind, text);
        }
        let g = grade_text(ex, &long);
        assert!(!g.correct && texts(&g).contains("too long"), "{}", texts(&g));
        // Random bytes, as text.
        let mut rng = Rng::new(5);
        for _ in 0..500 {
            let len = rng.below(40);
            let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let g = grade_text(ex, &String::from_utf8_lossy(&bytes));
            assert!(!g.feedback.is_empty());
        }
    }
    // An answer of the wrong kind is wrong, with a reason.
    let g = grade(&exercises[0], &Answer::Orders(vec![]));
    assert!(!g.correct && texts(&g).contains("does not fit"), "{}", texts(&g));
    // Unreadable text says what could not be read.
    let g = grade_text(&exercises[0], "[1,x,0]");
    assert_eq!(texts(&g), "`x` is not a count: write the timestamp as whole numbers, P1 first, like [1,0,2].");
    let g = grade_text(&exercises[1], "m1 hello");
    assert_eq!(texts(&g), "`hello` is not a message: write messages like m1 m3, or none.");
    let g = grade_text(&exercises[2], "fifo lamport");
    assert!(texts(&g).starts_with("`lamport` is not an order"), "{}", texts(&g));
}

#[test]
fn every_wrong_answer_gets_one_item_per_mistake() {
    // For many generated exercises, perturb the solution and check the feedback names what changed.
    for seed in 0..60 {
        for level in 1..=LEVELS {
            let ex = generate(Kind::Stamp, level, seed);
            if let Answer::Stamp(v) = solve(&ex) {
                let mut wrong = v.clone();
                wrong[0] += 1;
                let last = wrong.len() - 1;
                wrong[last] += 2;
                let g = grade(&ex, &Answer::Stamp(wrong));
                assert!(!g.correct);
                assert_eq!(g.feedback.len(), 2, "{}", texts(&g));
                assert_eq!(g.feedback[0].process, Some(0));
                assert_eq!(g.feedback[1].process, Some(last));
            }
            let ex = generate(Kind::Deliverable, level, seed);
            if let (Answer::Deliverable(d), Task::Deliverable { copy }) = (solve(&ex), &ex.task) {
                let group = ex.scenario.replay().unwrap();
                // Claim every held message: each one not delivered gets its own "cannot" item.
                let mut claim = group.members[copy.to].hold_back.clone();
                let extra: Vec<u32> = d.iter().copied().filter(|m| !claim.contains(m)).collect();
                claim.extend(extra);
                let blocked = claim.iter().filter(|m| !d.contains(m)).count();
                let g = grade(&ex, &Answer::Deliverable(claim));
                assert_eq!(g.correct, blocked == 0);
                if blocked > 0 {
                    assert_eq!(g.feedback.len(), blocked, "{}", texts(&g));
                    assert!(g.feedback.iter().all(|f| f.text.contains("cannot be delivered at")), "{}", texts(&g));
                }
            }
            let ex = generate(Kind::Orders, level, seed);
            if let Answer::Orders(os) = solve(&ex) {
                let flipped: Vec<Order> =
                    [Order::Fifo, Order::Causal, Order::Total].into_iter().filter(|o| !os.contains(o)).collect();
                let g = grade(&ex, &Answer::Orders(flipped));
                assert!(!g.correct);
                assert_eq!(g.feedback.len(), 3, "{}", texts(&g));
            }
        }
    }
}

#[test]
fn a_replayed_exercise_run_agrees_with_the_group_it_was_built_on() {
    // The exercise's scenario is replayable from its own link; the group it shows is the one graded.
    for seed in 0..20 {
        let ex = generate(Kind::Deliverable, 3, seed);
        let link = multicast_link::encode(&ex.scenario);
        let back = multicast_link::decode(&link).unwrap();
        let g1 = back.replay().unwrap();
        let g2: Group = Group::replay(ex.scenario.setup, &ex.scenario.actions).unwrap();
        assert_eq!(g1, g2);
    }
}

// ---------------------------------------------------------------------------------------
// The lesson

use snapshot_lab::formats::{multicast_presets, multicast_text};
use snapshot_lab::teach::multicast_lesson::{find, parse_route, route, Fact, STEPS};

#[test]
fn every_step_s_run_decodes_and_agrees_with_its_text_and_preset() {
    assert!(STEPS.len() >= 9);
    for (i, step) in STEPS.iter().enumerate() {
        assert_eq!(find(step.id), Some(i), "{}: ids are unique", step.id);
        let s = multicast_link::decode(step.link).unwrap_or_else(|e| panic!("{}: {e}", step.id));
        assert_eq!(multicast_text::parse(step.text).as_ref(), Ok(&s), "{}: text and link differ", step.id);
        assert_eq!(multicast_text::to_text(&s), step.text, "{}: the text is canonical", step.id);
        if let Some(id) = step.preset {
            let preset = multicast_presets::find(id).unwrap_or_else(|| panic!("{}: no preset {id}", step.id));
            assert_eq!(preset.link, step.link, "{}", step.id);
        }
        assert!(s.replay().is_ok(), "{}: the run replays", step.id);
        let p = &step.predict;
        assert!(p.at <= s.actions.len(), "{}", step.id);
        assert!(p.shown >= 1 && p.shown < step.body.len(), "{}: something is told after the answer", step.id);
        assert_eq!(p.choices.len(), step.outcomes.len(), "{}: one outcome per choice", step.id);
        assert!(p.answer < p.choices.len());
        assert_eq!(p.grade(p.answer), Some(true));
        assert_eq!(p.grade(p.choices.len()), None);
    }
    assert_eq!(find("nope"), None);
    for (i, step) in STEPS.iter().enumerate() {
        let r = route(i).unwrap();
        assert_eq!(r, format!("v1.mc-lesson.{}", step.id));
        assert_eq!(parse_route(&format!("#{r}&lang=zh")), Some(i));
        assert!(!step.permits(&Action::Crash(0)) && !step.permits(&Action::Multicast { from: 0, reach: None }));
    }
    assert_eq!(route(STEPS.len()), None);
    for bad in ["", "v1.mc-lesson.", "v1.mc-lesson.nope", "v1.lesson.causal", "mc-lesson.causal"] {
        assert_eq!(parse_route(bad), None, "{bad}");
    }
}

#[test]
fn every_step_s_task_is_done_by_the_rest_of_its_run_and_not_before() {
    for step in STEPS {
        let s = multicast_link::decode(step.link).unwrap();
        let before = Group::replay(s.setup, &s.actions[..step.predict.at]).unwrap();
        let after = Group::replay(s.setup, &s.actions).unwrap();
        let since = before.log.len();
        assert!(!step.task.goal.done(&before.log, 0), "{}: the task is done before the step starts", step.id);
        assert!(step.task.goal.done(&after.log, since), "{}: the run does not do the task", step.id);
        // Going back in time undoes it.
        assert!(!step.task.goal.done(&before.log, since + 1), "{}", step.id);
        // Each remaining action is one the learner can take from where the step opens, and
        // one the step permits.
        let mut g = before.clone();
        for a in &s.actions[step.predict.at..] {
            assert!(step.permits(a), "{}: {a:?}", step.id);
            if let Action::Receive(c) = a {
                assert!(g.deliverable().any(|d| d == *c), "{}: {a:?} is not in flight", step.id);
            }
            g.apply(a).unwrap();
        }
        assert_eq!(g, after);
    }
}

#[test]
fn every_predict_answer_is_what_the_core_does_and_every_claim_of_the_text_holds() {
    for step in STEPS {
        let s = multicast_link::decode(step.link).unwrap();
        let group = s.replay().unwrap();
        for (k, outcome) in step.outcomes.iter().enumerate() {
            assert_eq!(
                outcome.holds_in(&group),
                k == step.predict.answer,
                "{}: choice {k} ({}) {outcome:?}",
                step.id,
                step.predict.choices[k]
            );
        }
        for fact in step.facts {
            assert!(fact.holds_in(&group), "{}: {fact:?}", step.id);
        }
    }
    // The checks can fail: a fact about another run does not hold here.
    let group = multicast_link::decode(STEPS[0].link).unwrap().replay().unwrap();
    assert!(!Fact::Ordering { order: Order::Causal, holds: false }.holds_in(&group));
    assert!(!Fact::Stamp { message: 9, stamp: &[1] }.holds_in(&group));
    assert!(!Fact::Agreement { holds: true }.holds_in(&group), "copies are still in flight: pending");
}

// ---------------------------------------------------------------------------------------
// In the page's language

#[test]
fn prompts_and_feedback_speak_the_page_s_language_down_to_the_core_s_rule() {
    // The hold-back example of the first test, graded in Korean, then in Chinese: the page's
    // sentence and the core's rule inside it are both translated.
    let s = Scenario { setup: setup(3, Order::Fifo), actions: vec![mc(0), mc(0), mc(0), rx(3, 0, 2)], cursor: None };
    let ex = exercise(
        Kind::Deliverable,
        s,
        Task::Deliverable { copy: Copy { payload: Payload::Message(2), from: 0, to: 2 } },
    );
    let english = texts(&grade_text(&ex, "m2"));
    snapshot_lab::i18n::install(shipped_catalog("ko"));
    let ko = texts(&grade_text(&ex, "m2"));
    assert_eq!(
        ko,
        // The particles follow how the words are read (피삼은, 엠이를): the page's particle engine.
        "P3은 아직 m2를 전달할 수 없습니다: P1 프로세스의 1번째 메시지가 먼저 필요합니다(P3 프로세스는 P1 \
         프로세스에게서 0개를 전달했습니다)."
    );
    assert!(grade_text(&ex, "없음").correct);
    let prompt = generate(Kind::Orders, 1, 3).prompt;
    assert!(prompt.starts_with("이 실행은 끝났습니다"), "{prompt}");
    let step = &STEPS[0];
    assert!(step.predict.feedback(true).starts_with("맞았습니다."), "{}", step.predict.feedback(true));
    snapshot_lab::i18n::install(shipped_catalog("zh"));
    let zh = texts(&grade_text(&ex, "m2"));
    assert_eq!(zh, "P3 现在还不能交付 m2：需要先交付 P1 的第 1 条消息（P3 已交付来自 P1 的 0 条）。");
    assert!(grade_text(&ex, "无").correct);
    assert_ne!(english, zh);
}
