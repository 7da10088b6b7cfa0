//! Links to pages: the lab, a lesson step, an exercise, the exercise list. Every form round
//! trips, old scenario links still open the lab, and a bad link says what is wrong.
#![cfg(not(target_arch = "wasm32"))]

use snapshot_lab::formats::{link, presets};
use snapshot_lab::teach::exercise::Kind;
use snapshot_lab::teach::lesson::{self, STEPS};
use snapshot_lab::teach::route::{self, Page, RouteError};

#[test]
fn scenario_links_still_open_the_lab() {
    for p in presets::all() {
        let scenario = p.scenario().unwrap();
        assert_eq!(route::parse(p.link), Ok(Page::Lab(scenario.clone())), "{}", p.id);
        // Page options after `&` are not part of the route.
        assert_eq!(route::parse(&format!("{}&embed", p.link)), Ok(Page::Lab(scenario)));
    }
}

#[test]
fn lesson_and_exercise_fragments_round_trip() {
    let bank = presets::find("bank").unwrap().scenario().unwrap();
    for (i, step) in STEPS.iter().enumerate() {
        let plain = route::lesson_fragment(i, None);
        assert_eq!(plain, format!("v1.lesson.{}", step.id));
        assert_eq!(route::parse(&plain), Ok(Page::Lesson { step: i, scenario: None }));
        let with = route::lesson_fragment(i, Some(&bank));
        assert_eq!(route::parse(&with), Ok(Page::Lesson { step: i, scenario: Some(bank.clone()) }));
    }
    for kind in Kind::ALL {
        for level in 1..=3 {
            let f = route::exercise_fragment(kind, level, 42, None);
            assert_eq!(f, format!("v1.ex.{}.{level}.42", kind.id()));
            assert_eq!(route::parse(&f), Ok(Page::Exercise { kind, level, seed: 42, scenario: None }));
            let f = route::exercise_fragment(kind, level, u64::MAX, Some(&bank));
            assert_eq!(
                route::parse(&f),
                Ok(Page::Exercise { kind, level, seed: u64::MAX, scenario: Some(bank.clone()) })
            );
        }
    }
    assert_eq!(route::parse(route::EXERCISES_FRAGMENT), Ok(Page::Exercises));
    assert_eq!(lesson::find(STEPS[0].id), Some(0));
}

#[test]
fn bad_links_say_what_is_wrong() {
    let cases = [
        ("v1.lesson.nowhere", RouteError::NoSuchStep("nowhere".into())),
        ("v1.lesson", RouteError::NoSuchStep("lesson".into())),
        ("v1.ex.guess.1.1", RouteError::NoSuchExercise("guess".into())),
        ("v1.ex.count.0.1", RouteError::BadLevel("0".into())),
        ("v1.ex.count.4.1", RouteError::BadLevel("4".into())),
        ("v1.ex.count.x.1", RouteError::BadLevel("x".into())),
        ("v1.ex.count.1.-1", RouteError::BadSeed("-1".into())),
        ("v1.ex.count.1.99999999999999999999999", RouteError::BadSeed("99999999999999999999999".into())),
        ("v1.ex.count", RouteError::NoSuchExercise("ex.count".into())),
    ];
    for (fragment, error) in cases {
        assert_eq!(route::parse(fragment), Err(error.clone()), "{fragment}");
        assert!(!error.to_string().is_empty());
    }
    // A broken scenario payload inside a lesson link is the link codec's error, with its position.
    let Err(RouteError::Scenario(text)) = route::parse("v1.lesson.why.@@@") else { panic!("not a scenario error") };
    assert!(text.contains("character"), "{text}");
    assert!(matches!(route::parse("v2.abc"), Err(RouteError::Scenario(_))));
    assert!(matches!(route::parse(""), Err(RouteError::Scenario(_))));
    // Long garbage is shortened in the message.
    let long = format!("v1.lesson.{}", "x".repeat(500));
    assert!(route::parse(&long).unwrap_err().to_string().len() < 120);
    // A scenario link keeps decoding through the route exactly as through the codec.
    let link = link::encode(&presets::default_scenario());
    assert_eq!(route::parse(&link), Ok(Page::Lab(link::decode(&link).unwrap())));
}

/// A fragment whose route starts with `lesson`, `ex` or is `exercises` is a teaching page (or
/// that page's error), never a lab page; any other fragment is a scenario link and parses
/// exactly as the codec decodes it, so old scenario links keep their meaning.
#[test]
fn teaching_routes_and_scenario_links_never_mix() {
    let is_teaching = |f: &str| {
        let rest = route::route_part(f).strip_prefix("v1.").unwrap_or_default();
        let first = rest.split('.').next().unwrap_or_default();
        rest == "exercises" || first == "lesson" || first == "ex"
    };
    let link = link::encode(&presets::default_scenario());
    let payload = link.strip_prefix("v1.").unwrap();
    let pieces = [
        "",
        "v1",
        "v1.",
        "v2.",
        "lesson",
        "ex",
        "exercises",
        "exercise",
        "lessons",
        "ex2",
        "why",
        "fifo",
        "count",
        "predict",
        "1",
        "3",
        "7",
        "0",
        "x",
        "&embed",
        "&",
        ".",
        "..",
        "@@@",
        "ε",
        payload,
    ];
    let mut fragments: Vec<String> = vec![link.clone(), format!("{link}&embed"), "v1.exercises&x".into()];
    for a in pieces {
        for b in pieces {
            fragments.push(format!("v1.{a}.{b}"));
            fragments.push(format!("v1.{a}{b}"));
            for c in ["1", "2", payload, "&embed"] {
                fragments.push(format!("v1.{a}.{b}.{c}"));
                fragments.push(format!("v1.ex.{a}.{c}.{b}"));
            }
        }
    }
    let mut teaching = 0;
    for f in &fragments {
        let page = route::parse(f);
        if is_teaching(f) {
            teaching += 1;
            assert!(!matches!(page, Ok(Page::Lab(_))), "{f} is a teaching link but parses as a lab page");
        } else {
            assert!(
                !matches!(page, Ok(Page::Lesson { .. } | Page::Exercise { .. } | Page::Exercises)),
                "{f}: {page:?}"
            );
            assert!(
                !matches!(
                    page,
                    Err(RouteError::NoSuchStep(_)
                        | RouteError::NoSuchExercise(_)
                        | RouteError::BadLevel(_)
                        | RouteError::BadSeed(_))
                ),
                "{f}: {page:?}"
            );
            assert_eq!(
                page,
                link::decode(route::route_part(f)).map(Page::Lab).map_err(|e| RouteError::Scenario(e.to_string())),
                "{f}"
            );
        }
    }
    assert!(teaching > 1000 && teaching < fragments.len(), "{teaching} of {}", fragments.len());
}

#[test]
fn page_options_are_found_by_name_and_never_change_the_route() {
    let link = link::encode(&presets::default_scenario());
    let fragment = format!("v1.exercises&embed&lab={link}&x=1");
    assert_eq!(route::option(&fragment, "lab"), Some(link.as_str()));
    assert_eq!(route::option(&fragment, "x"), Some("1"));
    assert_eq!(route::option(&fragment, "embed"), None, "a flag has no value");
    assert_eq!(route::option(&fragment, "la"), None);
    assert_eq!(route::option("v1.exercises", "lab"), None);
    assert_eq!(route::option(&format!("{link}&lab=v1.x"), "lab"), Some("v1.x"));
    assert_eq!(route::parse(&fragment), Ok(Page::Exercises));
}

#[test]
fn embedded_pages_name_their_part_and_keep_their_route() {
    let link = link::encode(&presets::default_scenario());
    assert_eq!(route::embed(&link), None);
    assert_eq!(route::embed(&format!("{link}&embed")), Some(""));
    for part in ["spacetime", "topology", "snapshots", "rules"] {
        assert_eq!(route::embed(&format!("{link}&embed={part}")), Some(part));
    }
    assert_eq!(route::embed(&format!("{link}&embed=<script>")), Some(""), "unknown parts are the plain embed");
    assert_eq!(route::embed(&format!("{link}&embedded")), None);
    assert_eq!(route::parse(&format!("{link}&embed=spacetime")), route::parse(&link));
}

/// The multicast lab's routes: `v1.multicast`, `v1.multicast.<preset>`, `v1.mc.<payload>`.
mod multicast {
    use snapshot_lab::formats::{multicast_link, multicast_presets};
    use snapshot_lab::teach::exercise::Kind;
    use snapshot_lab::teach::route::{self, MulticastPage, RouteError};

    use super::presets;

    #[test]
    fn the_snapshot_labs_routes_are_not_multicast_and_decode_as_before() {
        let mut fragments: Vec<String> = presets::all().iter().map(|p| p.link.to_string()).collect();
        fragments.push(route::lesson_fragment(0, None));
        fragments.push(route::exercise_fragment(Kind::ALL[0], 1, 7, None));
        fragments.push(route::EXERCISES_FRAGMENT.to_string());
        for f in &fragments {
            assert!(!route::is_multicast(f), "{f}");
            assert!(route::parse(f).is_ok(), "{f} still opens its page");
        }
        // Not a route of either lab: the snapshot lab's parser says so, as before.
        assert!(!route::is_multicast("v1.multicastx"));
        assert!(!route::is_multicast("v1.mcAAAA"));
    }

    #[test]
    fn the_default_group_and_every_preset_open() {
        assert!(route::is_multicast(route::MULTICAST_FRAGMENT));
        assert_eq!(route::parse_multicast("v1.multicast"), Ok(MulticastPage::Default));
        // Page options after `&` are not part of the route.
        assert_eq!(route::parse_multicast("v1.multicast&lang=ko"), Ok(MulticastPage::Default));
        for p in multicast_presets::PRESETS {
            let fragment = route::multicast_preset_fragment(p.id);
            assert!(route::is_multicast(&fragment), "{fragment}");
            let scenario = p.scenario().unwrap();
            assert_eq!(route::parse_multicast(&fragment), Ok(MulticastPage::Preset(p.id, scenario.clone())));
            // The preset's own link is a `v1.mc.` run link: the same run.
            assert!(route::is_multicast(p.link));
            assert_eq!(route::parse_multicast(&format!("{}&embed", p.link)), Ok(MulticastPage::Run(scenario.clone())));
            // and it round-trips through the encoder.
            let again = multicast_link::encode(&scenario);
            assert_eq!(route::parse_multicast(&again), Ok(MulticastPage::Run(scenario)));
        }
    }

    #[test]
    fn a_broken_multicast_link_says_what_and_where() {
        assert_eq!(route::parse_multicast("v1.multicast.nowhere"), Err(RouteError::NoSuchPreset("nowhere".into())));
        let said = route::parse_multicast("v1.multicast.nowhere").unwrap_err().to_string();
        assert!(said.contains("nowhere"), "{said}");
        // A truncated run link, a bad character, an unknown action: each names the problem.
        let good = multicast_presets::PRESETS[0].link;
        for bad in [&good[..good.len() - 3], "v1.mc.AQMG!EDAB", "v1.mc.AQMBfw", "v1.mc."] {
            assert!(route::is_multicast(bad), "{bad}");
            match route::parse_multicast(bad) {
                Err(RouteError::Scenario(said)) => assert!(!said.is_empty(), "{bad}"),
                other => panic!("{bad} opened: {other:?}"),
            }
        }
    }

    use snapshot_lab::teach::{multicast_exercise as mx, multicast_lesson as ml};

    #[test]
    fn every_multicast_lesson_step_and_exercise_has_a_route_that_opens_it() {
        for (i, step) in ml::STEPS.iter().enumerate() {
            let fragment = route::multicast_lesson_fragment(i);
            assert_eq!(fragment, format!("v1.mc-lesson.{}", step.id));
            assert!(route::is_multicast(&fragment), "{fragment}");
            assert_eq!(route::parse_multicast(&format!("{fragment}&lang=zh")), Ok(MulticastPage::Lesson(i)));
            // The snapshot lab's parser does not take it for one of its own.
            assert!(route::parse(&fragment).is_err(), "{fragment}");
        }
        for kind in mx::Kind::ALL {
            for level in 1..=mx::LEVELS {
                let fragment = route::multicast_exercise_fragment(kind, level, 42);
                assert_eq!(fragment, format!("v1.mc-ex.{}.{level}.42", kind.id()));
                assert!(route::is_multicast(&fragment), "{fragment}");
                assert_eq!(route::parse_multicast(&fragment), Ok(MulticastPage::Exercise { kind, level, seed: 42 }));
                assert_eq!(mx::parse_route(&fragment), Some((kind, level, 42)));
            }
        }
        assert!(route::is_multicast(route::MULTICAST_EXERCISES_FRAGMENT));
        assert_eq!(route::parse_multicast(route::MULTICAST_EXERCISES_FRAGMENT), Ok(MulticastPage::Exercises));
        // Near misses are not multicast routes (the snapshot lab's parser says what is wrong).
        for f in ["v1.mc-lessonx", "v1.mc-exx.stamp.1.1", "v1.mc-exercisesx"] {
            assert!(!route::is_multicast(f), "{f}");
        }
    }

    #[test]
    fn a_bad_multicast_lesson_or_exercise_link_names_what_is_wrong() {
        let cases = [
            ("v1.mc-lesson.nowhere", RouteError::NoSuchStep("nowhere".into())),
            ("v1.mc-lesson", RouteError::NoSuchStep(String::new())),
            ("v1.mc-ex.guess.1.1", RouteError::NoSuchExercise("guess".into())),
            ("v1.mc-ex.stamp.1", RouteError::NoSuchExercise("stamp.1".into())),
            ("v1.mc-ex.stamp.1.1.9", RouteError::NoSuchExercise("stamp.1.1.9".into())),
            ("v1.mc-ex.stamp.4.1", RouteError::BadLevel("4".into())),
            ("v1.mc-ex.orders.0.1", RouteError::BadLevel("0".into())),
            ("v1.mc-ex.deliverable.2.x", RouteError::BadSeed("x".into())),
            ("v1.mc-ex.deliverable.2.+5", RouteError::BadSeed("+5".into())),
            ("v1.mc-ex.deliverable.2.99999999999999999999", RouteError::BadSeed("99999999999999999999".into())),
        ];
        for (fragment, error) in cases {
            assert!(route::is_multicast(fragment), "{fragment}");
            assert_eq!(route::parse_multicast(fragment), Err(error), "{fragment}");
            let said = route::parse_multicast(fragment).unwrap_err().to_string();
            assert!(!said.is_empty(), "{fragment}");
        }
    }

    #[test]
    fn a_multicast_lesson_link_carries_the_learners_run_and_old_links_open_as_before() {
        for (i, step) in ml::STEPS.iter().enumerate() {
            let mut run = multicast_link::decode(step.link).unwrap();
            run.cursor = Some(step.predict.at);
            let fragment = route::multicast_lesson_run_fragment(i, &run);
            let payload = multicast_link::encode(&run).strip_prefix("v1.mc.").unwrap().to_string();
            assert_eq!(fragment, format!("v1.mc-lesson.{}.{payload}", step.id));
            assert!(route::is_multicast(&fragment), "{fragment}");
            assert_eq!(route::parse_multicast(&format!("{fragment}&lang=ko")), Ok(MulticastPage::LessonRun(i, run)));
            // The link without a run is the old one and opens exactly as before.
            assert_eq!(route::parse_multicast(&format!("v1.mc-lesson.{}", step.id)), Ok(MulticastPage::Lesson(i)));
            // A damaged run says what is wrong, not which step.
            match route::parse_multicast(&format!("v1.mc-lesson.{}.{}", step.id, &payload[..payload.len() / 2])) {
                Err(RouteError::Scenario(said)) => assert!(!said.is_empty()),
                other => panic!("a damaged run opened: {other:?}"),
            }
        }
        assert_eq!(
            route::parse_multicast("v1.mc-lesson.nowhere.AAAA"),
            Err(RouteError::NoSuchStep("nowhere".into())),
            "the step is checked first"
        );
    }
}
