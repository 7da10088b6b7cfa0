//! Data-driven event logs: for every `tests/data/<name>.scenario` (scenario text) and every
//! preset, the human replay output (`Log::to_text` plus the snapshot summary of
//! `export::replay_text`) must equal `tests/data/<name>.log` (`preset-<id>.log` for presets)
//! byte for byte. A missing expected file is a failure; `SNAPSHOT_LAB_BLESS=1` writes the
//! expected files instead (read each one by hand before committing it). And `Log::explain`
//! names the channel a marker came on, for every event of the firing.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

use snapshot_lab::formats::export::replay_text;
use snapshot_lab::formats::{presets, text};
use snapshot_lab::sim::{Action, Discipline, Rule, Topology, Unit, World};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn bless() -> bool {
    std::env::var("SNAPSHOT_LAB_BLESS").is_ok_and(|v| v == "1")
}

/// Compares (or, when blessing, writes) one expected log; returns a failure message.
fn check(name: &str, actual: &str) -> Option<String> {
    let path = data_dir().join(format!("{name}.log"));
    if bless() {
        fs::write(&path, actual).expect("write the expected log");
        return None;
    }
    match fs::read_to_string(&path) {
        Err(_) => Some(format!(
            "{}: missing; run with SNAPSHOT_LAB_BLESS=1 to write it, then read it by hand",
            path.display()
        )),
        Ok(expected) if expected != actual => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
            Some(format!(
                "{}: differs at line {}\n--- expected\n{}\n--- actual\n{}",
                path.display(),
                line + 1,
                expected.lines().nth(line).unwrap_or("(end)"),
                actual.lines().nth(line).unwrap_or("(end)")
            ))
        }
        Ok(_) => None,
    }
}

#[test]
fn scenario_files_give_their_expected_logs() {
    let mut names = Vec::new();
    for entry in fs::read_dir(data_dir()).expect("tests/data exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "scenario") {
            names.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    names.sort();
    assert!(names.len() >= 6, "expected the edge-case scenarios, found {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let source = fs::read_to_string(data_dir().join(format!("{name}.scenario"))).unwrap();
        let scenario = text::parse(&source).unwrap_or_else(|e| panic!("{name}.scenario: {e}"));
        failures.extend(check(name, &replay_text(&scenario)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn presets_give_their_expected_logs() {
    let mut failures = Vec::new();
    for preset in presets::all() {
        let scenario = preset.scenario().unwrap();
        failures.extend(check(&format!("preset-{}", preset.id), &replay_text(&scenario)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_expected_log_has_a_source() {
    for entry in fs::read_dir(data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "log") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let has_source = match stem.strip_prefix("preset-") {
                Some(id) => presets::find(id).is_some(),
                None => data_dir().join(format!("{stem}.scenario")).exists(),
            };
            assert!(has_source, "{} has no scenario or preset: remove it", path.display());
        }
    }
}

/// `Log::explain` names the channel a marker came on, for every event of a marker rule's firing.
#[test]
fn every_event_of_a_marker_rule_firing_names_the_channel_the_marker_came_on() {
    let t = Topology::complete(Topology::specs(&[10, 10, 10]), Discipline::Fifo, Unit::Balance).unwrap();
    let mut w = World::new(t);
    w.apply(&Action::Snapshot { process: 0 }).unwrap();
    while let Some(&message) = w.deliverable().first() {
        w.apply(&Action::Deliver { message }).unwrap();
    }
    let log = w.log();
    let mut firings = 0;
    for action in 0..w.actions_applied() {
        let events: Vec<_> = log.events.iter().filter(|e| e.action == action).collect();
        if !matches!(events[0].rule, Rule::FirstMarker | Rule::LaterMarker) {
            continue;
        }
        firings += 1;
        let channel = events[0].message().expect("a receive").channel.to_string();
        let sentence = log.explain(events[0]).to_string();
        assert!(sentence.contains(&format!("on {channel}")), "{sentence}");
        for e in events.iter().filter(|e| e.rule == events[0].rule) {
            assert_eq!(log.explain(e).to_string(), sentence, "event {} of the same firing", e.seq);
        }
    }
    assert_eq!(firings, 6, "one marker per channel of three processes");
}
