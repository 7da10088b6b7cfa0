//! Browser tests (wasm-bindgen-test in headless Chromium):
//!
//! * determinism across builds: every preset's replay output computed in the browser equals
//!   the expected log blessed from the native build (`tests/data/preset-<id>.log`), byte for
//!   byte, so the event-log digests agree;
//! * the page mounts: the lab renders the contract's named elements into a real DOM.
#![cfg(target_arch = "wasm32")]

use snapshot_lab::formats::export::replay_text;
use snapshot_lab::formats::presets;
use snapshot_lab::sim::Log;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The expected logs, blessed natively by tests/logs.rs.
const EXPECTED: &[(&str, &str)] = &[
    ("notes-p1-p4", include_str!("data/preset-notes-p1-p4.log")),
    ("bank", include_str!("data/preset-bank.log")),
    ("c21", include_str!("data/preset-c21.log")),
    ("switches-bmv2", include_str!("data/preset-switches-bmv2.log")),
    ("leaf-spine", include_str!("data/preset-leaf-spine.log")),
    ("two-initiators", include_str!("data/preset-two-initiators.log")),
    ("never-happened", include_str!("data/preset-never-happened.log")),
    ("non-fifo", include_str!("data/preset-non-fifo.log")),
    ("lai-yang", include_str!("data/preset-lai-yang.log")),
    ("blank-3", include_str!("data/preset-blank-3.log")),
    ("fault-lost-marker", include_str!("data/preset-fault-lost-marker.log")),
    ("fault-lost-message", include_str!("data/preset-fault-lost-message.log")),
    ("fault-duplicate", include_str!("data/preset-fault-duplicate.log")),
    ("fault-crash", include_str!("data/preset-fault-crash.log")),
    ("deadlock", include_str!("data/preset-deadlock.log")),
];

fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[wasm_bindgen_test]
fn every_preset_replays_in_the_browser_exactly_as_natively() {
    assert_eq!(EXPECTED.len(), presets::PRESETS.len(), "a preset has no expected log here");
    for (id, expected) in EXPECTED {
        let preset = presets::find(id).unwrap_or_else(|| panic!("no preset {id}"));
        let scenario = preset.scenario().expect("preset parses");
        let actual = replay_text(&scenario);
        assert_eq!(digest(&actual), digest(expected), "{id}: the browser's log differs from the native one");
        assert_eq!(&actual, expected);
        // The log's own digest is stable too.
        let log: Log = scenario.replay().world.into_log();
        assert_eq!(log.digest(), {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in log.to_text().bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
            h
        });
    }
}

async fn next_frames(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_lab_mounts_with_its_named_parts() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    root.set_id("app");
    document.body().unwrap().append_child(&root).unwrap();
    snapshot_lab::ui::start();
    next_frames(100).await;
    let labels: Vec<String> = {
        let nodes = document.query_selector_all("[aria-label]").unwrap();
        (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .filter_map(|e| e.get_attribute("aria-label"))
            .collect()
    };
    for prefix in ["Process P1", "Process P2", "Process P3", "Channel P1 to P2", "Event log", "Scenario", "Timeline"] {
        assert!(labels.iter().any(|l| l.starts_with(prefix)), "no element named {prefix}: {labels:?}");
    }
    assert!(labels.iter().any(|l| l.starts_with("Space-time diagram")));
    let buttons: Vec<String> = {
        let nodes = document.query_selector_all("button").unwrap();
        (0..nodes.length()).filter_map(|i| nodes.item(i)).filter_map(|n| n.text_content()).collect()
    };
    for name in ["Undo", "Redo", "Step", "Run", "Reset", "Copy link"] {
        assert!(buttons.iter().any(|b| b == name), "no button {name}: {buttons:?}");
    }
    // The link in the URL is kept equal to the scenario: written in a task of its own after the
    // page's update, so wait for it (at most 2 s; the debug build renders slowly).
    let mut hash = String::new();
    for _ in 0..100 {
        hash = web_sys::window().unwrap().location().hash().unwrap();
        if hash.starts_with("#v1.") {
            break;
        }
        next_frames(20).await;
    }
    assert!(hash.starts_with("#v1."), "fragment {hash}");
}
