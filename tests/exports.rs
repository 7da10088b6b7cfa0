//! Exports that stand alone (issue 24, item 17), natively: the file names carry the scenario's
//! name in safe characters, the page knows that name in every mode, an SVG export names a
//! sans-serif font stack (the CJK fonts first for Korean and Chinese), and its viewBox grows to
//! hold a label drawn past the diagram's edge ("cut S1" at the last column).
#![cfg(not(target_arch = "wasm32"))]

use snapshot_lab::formats::export::{file_name, slug};
use snapshot_lab::formats::presets::PRESETS;
use snapshot_lab::formats::svg::{fit, font_family, Rect, MARGIN};
use snapshot_lab::sim::snapshot::assemble;
use snapshot_lab::sim::{Action, Scenario};
use snapshot_lab::teach::exercise::Kind;
use snapshot_lab::teach::route::Page;
use snapshot_lab::view::page::scenarios::{preset_of, preset_scenario};
use snapshot_lab::view::page::{Lab, LabAction};
use snapshot_lab::view::spacetime::layout;

#[test]
fn slugs_keep_only_safe_characters() {
    assert_eq!(slug("fault-lost-message"), "fault-lost-message");
    assert_eq!(slug("  Lost money: the run!  "), "lost-money-the-run");
    assert_eq!(slug("../../etc/passwd"), "etc-passwd");
    assert_eq!(slug("a\u{0}b\nc;rm -rf *"), "a-b-c-rm-rf");
    assert_eq!(slug("은행 계좌"), "", "nothing safe is left");
    let long = slug(&"word ".repeat(30));
    assert!(long.len() <= 40 && !long.ends_with('-') && long.starts_with("word-word"), "{long}");
    for name in ["x", "Σ-ops/2", "lesson-fifo", "count-1-1", "💥💥 boom 💥"] {
        let s = slug(name);
        assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{name}: {s}");
        assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{name}: {s}");
    }
}

#[test]
fn file_names_carry_the_scenario_name_or_stay_generic() {
    assert_eq!(file_name("lost money", "run", "mmd"), "snapshot-lab-lost-money-run.mmd");
    assert_eq!(file_name("bank", "space-time", "svg"), "snapshot-lab-bank-space-time.svg");
    assert_eq!(file_name("lesson-fifo", "processes", "png"), "snapshot-lab-lesson-fifo-processes.png");
    assert_eq!(file_name("", "run", "json"), "snapshot-lab-run.json");
    assert_eq!(file_name("/", "scenario", "txt"), "snapshot-lab-scenario.txt");
}

#[test]
fn the_page_names_its_scenario_in_every_mode() {
    // A preset chosen, or a run recognised as one (a link), even with more actions after it.
    let bank = preset_scenario("bank").expect("the bank preset");
    assert_eq!(Lab::new(bank.clone(), "bank".into(), None).name(), "bank");
    assert_eq!(Lab::new(bank.clone(), String::new(), None).name(), "bank");
    for p in PRESETS {
        let s = p.scenario().expect("a preset decodes");
        let id = preset_of(&s).expect("every preset is recognised");
        let same = preset_scenario(id).expect("a preset");
        assert!(same.topology == s.topology && s.actions.starts_with(&same.actions), "{} as {id}", p.id);
    }
    let mut more = bank.clone();
    more.actions.push(Action::Send { from: 1, to: 0, amount: 5 });
    assert_eq!(Lab::new(more, String::new(), None).name(), "bank");
    // A run on a topology of its own has no name: the generic file names.
    let own: Scenario =
        snapshot_lab::formats::text::parse("process P1 7 \"Alpha\"\nprocess P2 9 \"Beta\"\n").expect("a scenario");
    let lab = Lab::new(own, String::new(), None);
    assert_eq!(lab.name(), "");
    assert_eq!(file_name(&lab.name(), "run", "mmd"), "snapshot-lab-run.mmd");
    // A lesson step and an exercise are named after themselves.
    let step = snapshot_lab::teach::lesson::STEPS.iter().position(|s| s.id == "fifo").expect("the FIFO step");
    let lesson = std::rc::Rc::new(lab).update(LabAction::Open(Page::Lesson { step, scenario: None }));
    assert_eq!(lesson.name(), "lesson-fifo");
    let exercise =
        lesson.update(LabAction::Open(Page::Exercise { kind: Kind::Count, level: 2, seed: 7, scenario: None }));
    assert_eq!(exercise.name(), "count-2-7");
    assert_eq!(file_name(&exercise.name(), "run", "mmd"), "snapshot-lab-count-2-7-run.mmd");
}

#[test]
fn svgs_name_a_sans_serif_stack_with_cjk_fonts_for_korean_and_chinese() {
    for language in ["en", "ko", "zh", ""] {
        let family = font_family(language);
        assert!(family.ends_with(", sans-serif"), "{language}: {family}");
        assert!(family.contains("system-ui") && family.contains("Arial"), "{language}: {family}");
        // It is an attribute value in double quotes' stead: no double quote may end it early
        // in `font-family="…"`, and no family is a serif one.
        let families: Vec<&str> = family.split(", ").collect();
        assert!(!families.contains(&"serif"), "{family}");
    }
    assert!(font_family("ko").starts_with("\"Noto Sans KR\""), "Korean first");
    assert!(font_family("ko").contains("Malgun Gothic"));
    assert!(font_family("zh").starts_with("\"Noto Sans SC\""), "Chinese first");
    assert!(font_family("zh").contains("Microsoft YaHei"));
    assert!(!font_family("en").contains("CJK"));
}

/// The box of a label at `x` (its start), baseline `y`, at 16 px: about 0.6 em per character.
fn label(x: f64, y: f64, text: &str) -> Rect {
    Rect { x, y: y - 13.0, width: 9.6 * text.chars().count() as f64, height: 16.0 }
}

#[test]
fn the_view_box_holds_a_cut_label_past_the_right_edge() {
    // "cut S1" starts 4 units right of the cut's crossing of the first lane: a cut near the last
    // column draws it past the diagram's right edge. Every preset's and every lesson step's run.
    let runs = PRESETS.iter().filter_map(|p| p.scenario().ok()).chain(
        snapshot_lab::teach::lesson::STEPS
            .iter()
            .filter_map(|s| s.link)
            .filter_map(|l| snapshot_lab::formats::link::decode(l).ok()),
    );
    let mut past = 0;
    for s in runs {
        let world = s.replay().world;
        let log = world.log();
        let st = layout(log, &assemble(log), &[]);
        let own = Rect { x: 0.0, y: 0.0, width: st.width, height: st.height };
        let labels: Vec<Rect> = st
            .cuts
            .iter()
            .filter_map(|c| c.points.first().map(|p| label(p.x + 4.0, 14.0, &format!("cut S{}", c.snapshot))))
            .collect();
        past += labels.iter().filter(|l| !own.contains(l)).count();
        let fitted = fit(own, &labels);
        assert!(fitted.contains(&own), "the diagram's own box stays inside");
        let reach = labels.iter().map(|l| l.x + l.width).fold(st.width, f64::max);
        if reach > st.width {
            assert_eq!(fitted.width, reach + MARGIN, "the box ends just past the label");
        }
        for l in &labels {
            assert!(fitted.contains(l), "{fitted:?} holds {l:?}");
        }
        if labels.iter().all(|l| own.contains(l)) {
            assert_eq!(fitted, own, "nothing past the edge: the box as it was");
        } else {
            assert_eq!((fitted.x, fitted.y, fitted.height), (0.0, 0.0, st.height), "only the right side grows");
        }
    }
    assert!(past > 0, "some run draws a cut label past the diagram's edge");
}

#[test]
fn the_view_box_grows_only_where_something_reaches_past_it() {
    let own = Rect { x: 0.0, y: 0.0, width: 200.0, height: 100.0 };
    // Everything inside: the box as it was.
    assert_eq!(fit(own, &[label(10.0, 20.0, "P1"), label(150.0, 90.0, "cut")]), own);
    // Left and top, and the empty boxes of hidden labels are ignored.
    let out = Rect { x: -12.0, y: -4.0, width: 30.0, height: 10.0 };
    let hidden = Rect { x: -500.0, y: -500.0, width: 0.0, height: 0.0 };
    let nan = Rect { x: f64::NAN, y: 0.0, width: 1.0, height: 1.0 };
    let fitted = fit(own, &[out, hidden, nan]);
    assert_eq!(fitted, Rect { x: -18.0, y: -10.0, width: 218.0, height: 110.0 });
    assert_eq!(fitted.view_box(), "-18 -10 218 110");
    assert_eq!(Rect { x: 0.5, y: 0.0, width: 10.25, height: 3.333 }.view_box(), "0.5 0 10.25 3.33");
}
