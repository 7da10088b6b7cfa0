//! The scenario editor (`view::page::editor`), natively: each edit gives a new draft or a
//! refusal that says why; the check says why a run cannot start yet ("P1 cannot reach P4");
//! edit mode in the lab (Done starts the new scenario, Undo brings the old run back, Cancel
//! keeps it, the run stands still meanwhile, lessons and exercises refuse it); and every
//! scenario the editor can make, from random edit sequences of the seeded generator,
//! round-trips through the `v1.` link and the text form, positions and labels included.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use snapshot_lab::formats::{link, text};
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::{Action, Channel, Discipline, Scenario, Topology, Unit};
use snapshot_lab::teach::route::{self, Page};
use snapshot_lab::view::page::editor::{embed_fragment, exercise_fragment};
use snapshot_lab::view::page::{Draft, Edit, EditAction, Lab, LabAction, Mode};
use snapshot_lab::view::topology_layout::process_positions;

fn three() -> Scenario {
    text::parse("process P1 100\nprocess P2 200\nprocess P3 300\nchannels complete\nseed 7\n").unwrap()
}

fn draft() -> Draft {
    Draft::of(&three())
}

fn apply(d: &Draft, edits: &[Edit]) -> Draft {
    edits.iter().fold(d.clone(), |d, e| d.apply(e).unwrap_or_else(|why| panic!("{e:?}: {why}")))
}

fn refusal(d: &Draft, e: Edit) -> String {
    d.apply(&e).expect_err("refused")
}

/// A ring P1 → P2 → … → Pn → P1 built edit by edit from two processes.
fn ring(n: usize) -> Draft {
    let two = Draft::of(&text::parse("process P1 10\nprocess P2 20\nchannel P1 P2\nchannel P2 P1\n").unwrap());
    let mut d = apply(&two, &[Edit::RemoveChannel(Channel { from: 1, to: 0 })]);
    for p in 2..n {
        d = apply(&d, &[Edit::AddProcess { at: None }, Edit::AddChannel { from: p - 1, to: p, both: false }]);
    }
    apply(&d, &[Edit::AddChannel { from: n - 1, to: 0, both: false }])
}

#[test]
fn a_ring_built_edit_by_edit_checks_and_runs() {
    let d = ring(4);
    let s = d.check().unwrap();
    assert_eq!(s.topology.process_count(), 4);
    let pairs: Vec<(usize, usize)> = s.topology.channels().iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(pairs, vec![(0, 1), (1, 2), (2, 3), (3, 0)]);
    assert!(s.actions.is_empty());
    assert_eq!(s.topology.positions(), None, "no process was placed by hand: the diagram's own layout");
}

#[test]
fn the_check_says_who_cannot_reach_whom() {
    // A fourth process with no channels: the markers cannot reach it.
    let d = apply(&draft(), &[Edit::AddProcess { at: None }]);
    let why = d.check().unwrap_err();
    assert!(why.starts_with("P1 cannot reach P4"), "{why}");
    // A channel into P4 only: P4 cannot reach P1.
    let d = apply(&d, &[Edit::AddChannel { from: 0, to: 3, both: false }]);
    let why = d.problem().unwrap();
    assert!(why.starts_with("P4 cannot reach P1"), "{why}");
    // And back: it can run.
    let d = apply(&d, &[Edit::AddChannel { from: 3, to: 2, both: false }]);
    assert_eq!(d.problem(), None);
}

#[test]
fn edits_that_break_the_rules_are_refused_with_a_reason() {
    let d = draft();
    assert!(refusal(&d, Edit::AddChannel { from: 1, to: 1, both: false }).contains("P2 to itself"));
    assert!(refusal(&d, Edit::AddChannel { from: 0, to: 1, both: false }).contains("already there"));
    assert!(refusal(&d, Edit::AddChannel { from: 0, to: 1, both: true }).contains("and back are already there"));
    assert!(refusal(&d, Edit::AddChannel { from: 0, to: 5, both: false }).contains("no process P6"));
    assert!(refusal(&d, Edit::RemoveChannel(Channel { from: 0, to: 0 })).contains("no channel P1 to P1"));
    assert!(refusal(&d, Edit::SetLabel(0, "x".repeat(49))).contains("at most 48 characters"));
    assert!(refusal(&d, Edit::SetLabel(0, "two\nlines".into())).contains("one line"));
    assert!(refusal(&d, Edit::SetInitial(2, 1_000_000_000_001)).contains("at most"));
    let two = apply(&d, &[Edit::RemoveProcess(2)]);
    assert_eq!(refusal(&two, Edit::RemoveProcess(0)), "A scenario needs at least 2 processes: P1 cannot be removed.");
    let mut full = d.clone();
    for _ in 3..16 {
        full = apply(&full, &[Edit::AddProcess { at: None }]);
    }
    assert_eq!(refusal(&full, Edit::AddProcess { at: None }), "A scenario has at most 16 processes.");
    // A refused edit changes nothing: the draft it was applied to is still whole.
    assert_eq!(d, draft());
}

#[test]
fn removing_a_process_renumbers_the_rest_and_keeps_their_labels() {
    let d = apply(
        &draft(),
        &[Edit::SetLabel(2, "Switch S1".into()), Edit::AddProcess { at: None }, Edit::SetLabel(0, "  Alice ".into())],
    );
    assert_eq!(d.processes[0].label, "Alice", "labels are trimmed");
    let d = apply(&d, &[Edit::RemoveProcess(1)]);
    let labels: Vec<&str> = d.processes.iter().map(|p| p.label.as_str()).collect();
    // P3 keeps its own label; P4 had its name and is P3 now.
    assert_eq!(labels, ["Alice", "Switch S1", "P3"]);
    assert!(d.channels.iter().all(|c| c.from < 3 && c.to < 3));
    // An empty label is the process's name again.
    let d = apply(&d, &[Edit::SetLabel(0, String::new())]);
    assert_eq!(d.processes[0].label, "P1");
}

#[test]
fn a_moved_process_stays_where_it_was_put_and_the_link_keeps_it() {
    let d = apply(&draft(), &[Edit::Move(1, (300, 650))]);
    let placed = d.positions.clone().unwrap();
    assert_eq!(placed[1], (300, 650));
    let s = d.check().unwrap();
    let back = link::decode(&link::encode(&s)).unwrap();
    assert_eq!(back, s);
    let drawn = process_positions(&back.topology);
    assert_eq!((drawn[1].x, drawn[1].y), (300.0, 650.0));
    // The other processes stay where the layout had them.
    let before = process_positions(&three().topology);
    assert!((drawn[0].x - before[0].x).abs() < 1.0 && (drawn[0].y - before[0].y).abs() < 1.0);
    // A place off the diagram is brought back inside it.
    let d = apply(&d, &[Edit::Move(0, (5000, 0))]);
    let p0 = d.positions.unwrap()[0];
    assert!(p0.0 <= 1000 - 64 && p0.1 >= 64, "{p0:?}");
}

#[test]
fn old_links_decode_as_before_and_the_positions_are_a_compatible_extension() {
    // A link made before the editor: no second flags byte, no positions.
    let old = link::encode(&three());
    let s = link::decode(&old).unwrap();
    assert_eq!(s.topology.positions(), None);
    assert_eq!(link::encode(&s), old);
    // With positions, only the flags byte gains a bit, one byte follows it, and the positions
    // come last: the rest of the bytes are the old ones.
    let placed = apply(&draft(), &[Edit::Move(0, (500, 100))]).check().unwrap();
    let (a, b) = (link::to_bytes(&three()), link::to_bytes(&placed));
    assert_eq!(b[0], a[0] | 0x80);
    assert_eq!(b[1], 0x01);
    assert_eq!(&b[2..a.len() + 1], &a[1..]);
    // Text form: one `position` line per process.
    let t = text::to_text(&placed);
    assert_eq!(t.lines().filter(|l| l.starts_with("position ")).count(), 3, "{t}");
    assert_eq!(text::parse(&t).unwrap(), placed);
}

#[test]
fn the_text_form_refuses_partial_or_out_of_range_positions() {
    let base = "process P1 1\nprocess P2 1\nchannels complete\n";
    let e = text::parse(&format!("{base}position P1 10 10\n")).unwrap_err();
    assert!(e.to_string().contains("P2 has no `position` line"), "{e}");
    let e = text::parse(&format!("{base}position P1 10 1001\nposition P2 1 1\n")).unwrap_err();
    assert!(e.to_string().contains("1001"), "{e}");
    let e = text::parse(&format!("{base}position P1 1 1\nposition P2 1 1\nposition P3 1 1\n")).unwrap_err();
    assert!(e.to_string().contains("no process P3"), "{e}");
    let e = text::parse(&format!("{base}position P1 1 1\nposition P1 2 2\nposition P2 1 1\n")).unwrap_err();
    assert!(e.to_string().contains("given twice"), "{e}");
}

/// One random edit, with processes and channels picked among those there are (and some that
/// are not, to be refused).
fn random_edit(d: &Draft, rng: &mut Rng) -> Edit {
    let n = d.process_count();
    let p = rng.below(n + 1);
    match rng.below(10) {
        0 => Edit::AddProcess { at: (rng.below(2) == 0).then(|| (rng.below(1100) as u16, rng.below(1100) as u16)) },
        1 => Edit::RemoveProcess(p),
        2 | 3 => Edit::AddChannel { from: p, to: rng.below(n), both: rng.below(2) == 0 },
        4 => Edit::RemoveChannel(Channel { from: p, to: rng.below(n) }),
        5 => {
            let words = ["Alice", "Bob", "Switch S1", "계좌 1", "工作进程", "<b>x</b>", "\"q\" \\ ", "a\u{0}b", ""];
            let mut label = words[rng.below(words.len())].to_string();
            if rng.below(8) == 0 {
                label = "é".repeat(rng.below(60));
            }
            Edit::SetLabel(p, label)
        }
        6 => Edit::SetInitial(
            p,
            rng.range(-2_000_000_000_000, 2_000_000_000_000) / [1, 1000, 1_000_000_000][rng.below(3)],
        ),
        7 => Edit::Move(p.min(n - 1), (rng.below(1200) as u16, rng.below(1200) as u16)),
        8 => Edit::SetDiscipline(if rng.below(2) == 0 { Discipline::Fifo } else { Discipline::NonFifo }),
        _ => Edit::SetUnit(if rng.below(2) == 0 { Unit::Balance } else { Unit::Tokens }),
    }
}

#[test]
fn every_scenario_the_editor_makes_round_trips_through_the_link_and_the_text_form() {
    let mut made = 0;
    let mut placed = 0;
    for seed in 0..300u64 {
        let mut rng = Rng::new(seed);
        let mut d = if seed % 2 == 0 { draft() } else { ring(2 + (seed as usize % 5)) };
        for _ in 0..40 {
            let edit = random_edit(&d, &mut rng);
            match d.apply(&edit) {
                Ok(next) => d = next,
                // A refusal says why and leaves the draft as it was.
                Err(why) => assert!(!why.is_empty(), "{edit:?}"),
            }
            assert!((2..=16).contains(&d.process_count()));
            if let Ok(s) = d.check() {
                made += 1;
                placed += usize::from(s.topology.positions().is_some());
                let link = link::encode(&s);
                assert_eq!(link::decode(&link).as_ref(), Ok(&s), "{edit:?} {link}");
                let t = text::to_text(&s);
                assert_eq!(text::parse(&t).as_ref(), Ok(&s), "{t}");
                // What the check made is a valid topology: it rebuilds the same.
                assert_eq!(s.topology.clone().revalidated().unwrap(), s.topology);
                // And it runs: a snapshot at P1 completes once every marker is delivered.
                let mut run = s.clone();
                run.actions.push(Action::Snapshot { process: 0 });
                assert!(run.replay().error.is_none());
            } else {
                // A draft that cannot run says why: a process a path cannot reach.
                assert!(d.problem().unwrap().contains("cannot reach"), "{:?}", d.problem());
            }
        }
    }
    assert!(made > 2000 && placed > 500, "made {made}, placed {placed}");
}

fn lab() -> Rc<Lab> {
    Rc::new(Lab::new(three(), String::new(), None))
}

fn edit(lab: &Rc<Lab>, e: EditAction) -> Rc<Lab> {
    lab.clone().update(LabAction::Edit(e))
}

#[test]
fn done_editing_starts_the_new_scenario_and_undo_brings_back_the_old_run() {
    let lab = lab().update(LabAction::Do(Action::Send { from: 0, to: 1, amount: 10 }));
    let before = lab.link.clone();
    let editing = edit(&lab, EditAction::Start);
    assert!(editing.editing().is_some());
    // The run stands still while editing.
    let refused = editing.clone().update(LabAction::Step);
    assert_eq!(refused.cursor, 1);
    assert!(refused.narration.contains("Finish editing first"), "{}", refused.narration);
    let e = edit(&editing, EditAction::Apply(Edit::AddProcess { at: Some((500, 400)) }));
    // The new process is not connected yet: Done says why and stays in edit mode.
    let stuck = edit(&e, EditAction::Done);
    let why = stuck.editing().unwrap().refusal.clone().unwrap();
    assert!(why.starts_with("P1 cannot reach P4"), "{why}");
    let e = edit(&stuck, EditAction::Apply(Edit::AddChannel { from: 3, to: 0, both: true }));
    assert_eq!(e.editing().unwrap().refusal, None);
    let done = edit(&e, EditAction::Done);
    assert!(done.editing().is_none());
    assert_eq!(done.scenario.topology.process_count(), 4);
    assert!(done.scenario.actions.is_empty());
    assert!(done.notice.as_ref().unwrap().text.contains("1 actions"), "{:?}", done.notice);
    // The link carries the new topology and where P4 was put.
    let opened = link::decode(&done.link).unwrap();
    assert_eq!(opened.topology.positions().unwrap()[3], (500, 400));
    assert!(done.can_undo());
    let undone = done.update(LabAction::Undo);
    assert_eq!(undone.link, before);
    assert_eq!(undone.cursor, 1);
}

#[test]
fn cancel_keeps_the_run_and_lessons_refuse_editing() {
    let lab = lab().update(LabAction::Do(Action::Snapshot { process: 0 }));
    let e = edit(&lab, EditAction::Start);
    let e = edit(&e, EditAction::Apply(Edit::RemoveProcess(2)));
    let cancelled = edit(&e, EditAction::Cancel);
    assert!(cancelled.editing().is_none());
    assert_eq!(cancelled.link, lab.link);
    // An unchanged draft leaves the run as it was.
    let same = edit(&edit(&lab, EditAction::Start), EditAction::Done);
    assert_eq!(same.link, lab.link);
    assert_eq!(same.cursor, 1);
    // A lesson step refuses edit mode.
    let lesson = lab.clone().update(LabAction::Open(Page::Lesson { step: 0, scenario: None }));
    assert!(matches!(lesson.mode, Mode::Lesson { .. }));
    let refused = edit(&lesson, EditAction::Start);
    assert!(refused.editing().is_none());
    assert!(refused.narration.contains("in the lab"), "{}", refused.narration);
    // Leaving the lab leaves edit mode.
    let away = edit(&lab, EditAction::Start).update(LabAction::Open(Page::Exercises));
    assert!(away.editing().is_none());
}

#[test]
fn the_editor_makes_embed_and_exercise_links_of_its_scenario() {
    let s = ring(4).check().unwrap();
    let embed = embed_fragment(&s);
    assert!(embed.ends_with("&embed"));
    assert_eq!(route::embed(&embed), Some(""));
    match route::parse(&embed).unwrap() {
        Page::Lab(opened) => assert_eq!(opened, s),
        other => panic!("{other:?}"),
    }
    // The exercise: count the markers on this very topology (4, one per channel).
    let fragment = exercise_fragment(&s);
    let page = route::parse(&fragment).unwrap();
    let lab = lab().update(LabAction::Open(page));
    let Mode::Exercise(p) = &lab.mode else { panic!("{:?}", lab.mode) };
    assert_eq!(p.exercise.scenario.topology, s.topology);
    assert_eq!(lab.world.topology().channels().len(), 4);
    // Its fragment keeps the topology, so the link opens the same exercise again.
    assert_eq!(lab.fragment(&lab.link), fragment);
    let right = lab.update(LabAction::CheckCount("4".into()));
    let Mode::Exercise(p) = &right.mode else { panic!() };
    assert!(p.grade.as_ref().unwrap().correct);
    // A generated topology is never confused with it.
    let plain = Topology::complete(Topology::specs(&[1, 2, 3, 4]), Discipline::Fifo, Unit::Balance).unwrap();
    assert_ne!(plain, s.topology);
}

/// A link the editor's format made, kept as a golden: it must decode the same forever (a ring of
/// four labelled processes, a chord P1 → P3, every process placed by hand, one snapshot).
const GOLDEN_PLACED: &str = "v1.jAEE-ArYBADoBwZBbGljZQRCb2IKU3dpdGNoIFMxBkNhcm9sUwMDARD0A26WBqQD9APGBdIBpAM";

#[test]
fn a_golden_link_with_positions_decodes_the_same_forever() {
    let text = "process P1 700 \"Alice\"\nprocess P2 300 \"Bob\"\nprocess P3 0 \"Switch S1\"\nprocess P4 500 \"Carol\"\n\
                channel P1 P2\nchannel P1 P3\nchannel P2 P3\nchannel P3 P1\nchannel P3 P4\nchannel P4 P1\n\
                position P1 500 110\nposition P2 790 420\nposition P3 500 710\nposition P4 210 420\nseed 3\n\nsnapshot P1\n";
    let expected = text::parse(text).unwrap();
    assert_eq!(link::decode(GOLDEN_PLACED).unwrap(), expected);
    assert_eq!(link::encode(&expected), GOLDEN_PLACED);
    assert_eq!(expected.topology.positions(), Some(&[(500, 110), (790, 420), (500, 710), (210, 420)][..]));
}

#[test]
fn a_process_added_without_a_place_among_placed_ones_goes_where_there_is_room() {
    let d = apply(&draft(), &[Edit::Move(0, (500, 410)), Edit::AddProcess { at: None }]);
    let layout = d.layout();
    let newest = layout[3];
    for (p, other) in layout[..3].iter().enumerate() {
        assert!(newest.distance(*other) > 2.0 * 64.0, "P4 over P{}: {newest:?} {other:?}", p + 1);
    }
}

#[test]
fn a_label_typed_in_place_is_checked_and_the_refusal_names_the_process() {
    use snapshot_lab::view::page::editor::typed_label;
    assert_eq!(typed_label(1, "  Bob "), Ok("Bob".into()));
    assert_eq!(typed_label(1, ""), Ok(String::new()), "empty: the process's own name");
    assert_eq!(typed_label(1, "<b>x</b>"), Ok("<b>x</b>".into()), "a hostile label is just text");
    let spaces = typed_label(2, "   ").unwrap_err();
    assert!(spaces.contains("P3") && spaces.contains("only spaces"), "{spaces}");
    let long = typed_label(3, &"é".repeat(49)).unwrap_err();
    assert_eq!(long, "The label of P4 is too long: 49 characters, at most 48.");
    assert!(typed_label(0, &"é".repeat(48)).is_ok());
    assert!(typed_label(0, "two\nlines").unwrap_err().contains("P1 is one line"));
}

#[test]
fn an_initial_state_typed_in_place_is_a_whole_number_from_zero() {
    use snapshot_lab::view::page::editor::typed_initial;
    assert_eq!(typed_initial(0, " 2500 "), Ok(2500));
    assert_eq!(typed_initial(0, "+7"), Ok(7));
    assert_eq!(typed_initial(0, "-0"), Ok(0));
    assert_eq!(typed_initial(0, "1000000000000"), Ok(1_000_000_000_000));
    for (typed, says) in [
        ("", "The initial state of P2 is empty"),
        ("12a", "The initial state of P2 is not a whole number: \"12a\"."),
        ("1.5", "not a whole number"),
        ("-", "not a whole number"),
        ("-5", "The initial state of P2 cannot be negative: -5."),
        ("1000000000001", "too large"),
        ("99999999999999999999999", "too large"),
    ] {
        let why = typed_initial(1, typed).unwrap_err();
        assert!(why.contains(says), "{typed:?}: {why}");
    }
}

#[test]
fn a_kept_draft_comes_back_after_a_reload_and_a_damaged_one_is_named() {
    use snapshot_lab::view::page::editor::DRAFT_KEY;
    assert!(DRAFT_KEY.starts_with("snapshot-lab."));
    let lab = lab().update(LabAction::Do(Action::Send { from: 0, to: 1, amount: 10 }));
    let editing = edit(&lab, EditAction::Start);
    assert!(editing.fragment(&editing.link).ends_with("&edit"), "the link says the page is editing");
    assert_eq!(route::route_part(&editing.fragment(&editing.link)), &*lab.link);
    let editing = edit(&editing, EditAction::Apply(Edit::AddProcess { at: Some((700, 600)) }));
    let editing = edit(&editing, EditAction::Apply(Edit::SetLabel(3, "Switch S1".into())));
    let editing = edit(&editing, EditAction::Apply(Edit::SetInitial(3, 42)));
    let editing = edit(&editing, EditAction::Apply(Edit::SetDiscipline(Discipline::NonFifo)));
    let draft = (*editing.editing().unwrap().draft).clone();
    let kept = draft.saved(&editing.link);
    assert_eq!(Draft::read_saved(&kept), Ok((editing.link.to_string(), draft.clone())));
    assert!(kept.contains("process 42 700 600 Switch S1\n"), "{kept}");
    // Without places, with tokens and a label of spaces and markup: the same draft back.
    let plain = apply(&ring(5), &[Edit::SetUnit(Unit::Tokens), Edit::SetLabel(2, "a  <b> c".into())]);
    assert_eq!(plain.positions, None);
    assert_eq!(Draft::read_saved(&plain.saved("v1.x")), Ok(("v1.x".to_string(), plain.clone())));

    // The reload: the link opens the run as it was, then edit mode comes back with the draft.
    let reloaded = Rc::new(Lab::new(link::decode(&lab.link).unwrap(), String::new(), None));
    let resumed = reloaded.resume_editing(Some(&kept));
    let back = resumed.editing().expect("editing again");
    assert_eq!(*back.draft, draft);
    assert_eq!(back.actions, 1);
    assert!(resumed.notice.is_none());
    assert_eq!(resumed.scenario, lab.scenario, "the run is kept as it was");

    // A draft begun from another scenario: a fresh draft of this one.
    let other = Rc::new(Lab::new(ring(4).check().unwrap(), String::new(), None)).resume_editing(Some(&kept));
    assert_eq!(other.editing().unwrap().draft.process_count(), 4);
    assert!(other.notice.is_none());
    // Nothing kept: a fresh draft.
    assert_eq!(*reloaded.resume_editing(None).editing().unwrap().draft, Draft::of(&lab.scenario));

    // Damaged drafts: named in a notice, editing starts again from the scenario, no panic.
    let bad_channel = kept.replace("channel 0 1\n", "channel 0 9\n");
    assert_ne!(bad_channel, kept);
    let unit = kept.replace("unit balance", "unit coins");
    assert_ne!(unit, kept);
    for (text, says) in [
        ("{", "line 1 is not its \"draft\" line"),
        ("", "it ends before its \"draft\" line"),
        ("draft 1\nbase v1.x\n", "it ends before its \"unit\" line"),
        (&unit, "line 3 cannot be read"),
        (&kept.replace("draft 1", "draft 2"), "line 1 cannot be read"),
        (&kept.replace("seed 7", "seed -7"), "line 7 cannot be read"),
        (&format!("{kept}process 10 - - P5\n"), "places"),
        (&format!("{kept}hello\n"), "cannot be read"),
        (&bad_channel, "channel P1 to P10"),
        (&kept.replace("Switch S1", &"x".repeat(49)), "label of P4"),
        (&kept.replace("700 600", "700 60000"), "places"),
        (&"x".repeat(40_000), "longer than"),
    ] {
        let resumed = reloaded.resume_editing(Some(text));
        assert_eq!(*resumed.editing().expect("still editing").draft, Draft::of(&lab.scenario), "{says}");
        let notice = resumed.notice.as_ref().expect("a notice");
        assert!(notice.problem);
        assert!(notice.text.starts_with("The kept draft could not be read"), "{}", notice.text);
        assert!(notice.text.contains(says), "{says}: {}", notice.text);
    }
    // Not in the lab: no editing.
    let lesson = lab.update(LabAction::Open(route::parse("v1.lesson.model").unwrap()));
    assert!(lesson.resume_editing(Some(&kept)).editing().is_none());
}

#[test]
fn an_exercise_on_an_edited_scenario_has_progress_of_its_own() {
    use snapshot_lab::teach::exercise::Kind;
    use snapshot_lab::teach::progress::{scenario_key, Progress};
    let s = ring(4).check().unwrap();
    let key = scenario_key(&s);
    assert_eq!(key.len(), 8);
    assert_eq!(key, scenario_key(&ring(4).check().unwrap()), "the same scenario, the same key");
    assert_ne!(key, scenario_key(&ring(5).check().unwrap()));
    let opened = lab().update(LabAction::Open(route::parse(&exercise_fragment(&s)).unwrap()));
    let right = opened.update(LabAction::CheckCount("4".into()));
    let p = &right.progress;
    assert_eq!(p.entry(Kind::Count, 1), None, "the built-in count.1.1 is untouched");
    assert_eq!(p.solved(), 0, "not counted among the built-in exercises");
    let own: Vec<_> = p.own().collect();
    assert_eq!(own.len(), 1);
    assert_eq!((own[0].right, own[0].checked, own[0].scenario.as_deref()), (1, 1, Some(key.as_str())));
    let text = p.to_text();
    assert_eq!(text, format!("p1;count.1@{key}=1/1/1"));
    assert_eq!(Progress::parse(&text).as_ref(), Ok(p.as_ref()));

    // The built-in exercise keeps its own progress beside it.
    let built_in = right.update(LabAction::Open(route::parse("v1.ex.count.1.1").unwrap()));
    assert_eq!(built_in.progress.entry(Kind::Count, 1).map(|e| (e.right, e.checked)), Some((0, 0)));
    assert_eq!(built_in.progress.own().count(), 1);
    // Another teacher's scenario: another entry.
    let five = ring(5).check().unwrap();
    let other = built_in.update(LabAction::Open(route::parse(&exercise_fragment(&five)).unwrap()));
    let shown = other.update(LabAction::Reveal);
    assert_eq!(shown.progress.own().count(), 2);
    assert_eq!(shown.progress.find(Kind::Count, 1, Some(&scenario_key(&five))).map(|e| e.shown), Some(1));
    assert_eq!(shown.progress.find(Kind::Count, 1, Some(&key)).map(|e| e.right), Some(1));
    let text = shown.progress.to_text();
    assert_eq!(Progress::parse(&text).map(|p| p.to_text()), Ok(text));
    // Damaged keys are refused with their field.
    for bad in ["p1;count.1@=1/1/1", "p1;count.1@XYZ12345=1/1/1", "p1;count.1@abc=0/0/0"] {
        assert!(Progress::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn at_most_32_teachers_exercises_are_remembered_the_oldest_going_first() {
    use snapshot_lab::teach::exercise::Kind;
    use snapshot_lab::teach::progress::{Progress, MAX_OWN};
    let mut p = Progress::default();
    p.checked(Kind::Count, 1, 1, None, true);
    for i in 0..MAX_OWN + 3 {
        p.opened(Kind::Count, 1, 1, Some(&format!("{i:08x}")));
    }
    assert_eq!(p.own().count(), MAX_OWN);
    assert!(p.find(Kind::Count, 1, Some("00000000")).is_none(), "the oldest went");
    assert!(p.find(Kind::Count, 1, Some(&format!("{:08x}", MAX_OWN + 2))).is_some());
    assert_eq!(p.solved(), 1);
    let text = p.to_text();
    assert!(text.len() < 4096);
    assert_eq!(Progress::parse(&text), Ok(p));
}
