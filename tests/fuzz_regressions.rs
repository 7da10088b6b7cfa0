//! Regression tests from fuzzing (issue 10; `bash scripts/fuzz.sh`). Every input the fuzzers
//! ever failed on is kept in `tests/fuzz_regressions/`, named `<target>-<what>.bin`, and runs
//! here through the very same property the fuzz target checks (`fuzz/checks.rs`), natively,
//! in `cargo test`. The committed seed corpus (`fuzz/corpus/<target>/`) runs here too, so the
//! seeds stay valid inputs of their targets. Findings that are not crashes of a target have a
//! test of their own below.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

use snapshot_lab::formats::cos418::{self, Delays};
use snapshot_lab::formats::link;
use snapshot_lab::sim::limits::MAX_ACTIONS;

#[path = "../fuzz/checks.rs"]
mod checks;

/// A fuzz target's name and its property.
type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 9] = [
    ("link_decode", checks::link_decode),
    ("text_parse", checks::text_parse),
    ("cos418_files", checks::cos418_files),
    ("replay", checks::replay),
    ("shiviz_import", checks::shiviz_import),
    ("route_parse", checks::route_parse),
    ("open_files", checks::open_files),
    ("multicast_link", checks::multicast_link),
    ("multicast_text", checks::multicast_text),
];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> Vec<u8> {
    let path = root().join("tests/fuzz_regressions").join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_kept_crash_input_passes_its_target() {
    let mut count = 0;
    for path in files(&root().join("tests/fuzz_regressions")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some((_, check)) = TARGETS.iter().find(|(t, _)| name.starts_with(&format!("{t}-"))) else {
            panic!(
                "{name}: a kept input is named <target>-<what>.bin, with a target of {TARGETS:?}",
                TARGETS = TARGETS.map(|t| t.0)
            )
        };
        check(&fs::read(&path).unwrap());
        count += 1;
    }
    assert!(count > 0, "no kept inputs found");
}

#[test]
fn every_seed_passes_its_target() {
    for (target, check) in TARGETS {
        let seeds = files(&root().join("fuzz/corpus").join(target));
        assert!(!seeds.is_empty(), "no seeds for {target}");
        for seed in seeds {
            check(&fs::read(&seed).unwrap());
        }
    }
}

/// Found by `replay` (its first property was "re-encodes to the very same bytes"): the flags
/// byte says labels follow (0x08) but every label is `0`, the default. It decodes, and
/// re-encodes without the labels flag, two bytes shorter. The link format has more than one
/// encoding of some scenarios (this, a label spelled as its default `P1`, and an explicit
/// channel bitmap with every channel, which `tests/codec.rs` accepts on purpose); decoding
/// is still the inverse of encoding, which is what the format promises.
#[test]
fn replay_labels_flag_with_only_default_labels_decodes_to_the_canonical_scenario() {
    let bytes = read("replay-labels-flag-all-default.bin");
    assert_eq!(bytes, [0x09, 0x02, 0xcf, 0x09, 0x00, 0x00, 0x00, 0x0b, 0x00]);
    let scenario = link::from_bytes(&bytes).unwrap();
    let canonical = link::to_bytes(&scenario);
    assert_eq!(canonical, [0x01, 0x02, 0xcf, 0x09, 0x00, 0x0b, 0x00]);
    assert_eq!(link::from_bytes(&canonical), Ok(scenario));
}

/// A `.top` of two servers and an `.events` script of `snapshot b` 64 times then `send a b 1`
/// as often as fits: every message sent is recorded by every snapshot.
fn amplifying_files(events_bytes: usize) -> (String, String) {
    let top = "2\na 1000000000000\nb 1000000000000\na b\nb a\n".to_string();
    let mut events = "snapshot b\n".repeat(64);
    let send = "send a b 1\n";
    events.push_str(&send.repeat((events_bytes - events.len()) / send.len()));
    (top, events)
}

/// Found by hand while writing the `cos418_files` target (the fuzzer's inputs are only a few
/// KB): `cos418::run` does not bound the number of actions a run takes. The 1 MiB `.events`
/// file of [`amplifying_files`] (within `MAX_FILE_BYTES`) makes a run of 190,714 actions (19
/// times `MAX_ACTIONS`) in which each of 64 snapshots records each of 95,261 messages
/// (6,096,704 recorded messages): 1.5 GB of memory. The release CLI on a 1,000,000-byte script
/// (`snapshot-lab cos418 --top two.top --events many.events --seed 1`) takes 7.5 s and 1.5 GB
/// and writes 75 MB. The run's scenario cannot be opened in the lab either (its link is refused
/// for more than `MAX_ACTIONS` actions). `run` now stops at `MAX_ACTIONS` and says so, as every
/// other limit does.
#[test]
fn cos418_run_refuses_a_script_beyond_the_action_limit() {
    let (top, events) = amplifying_files(cos418::MAX_FILE_BYTES - 1);
    let top = cos418::parse_top("two.top", &top).unwrap();
    let commands = cos418::parse_events("many.events", &events).unwrap();
    match cos418::run(&top, "many.events", &commands, &Delays::Seeded { seed: 1 }) {
        Err(e) => assert!(e.to_string().contains("actions"), "{e}"),
        Ok(run) => panic!(
            "a run of {} actions (the limit is {MAX_ACTIONS}) and {} recorded messages was accepted",
            run.scenario.actions.len(),
            run.snaps.iter().map(|s| s.messages.len()).sum::<usize>()
        ),
    }
}
