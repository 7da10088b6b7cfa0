//! The properties the fuzz targets check, one function per target, shared by the targets
//! (fuzz/fuzz_targets/*.rs) and by the native regression tests (tests/fuzz_regressions.rs),
//! so a crash input replays through the very same code in `cargo test`. Each function takes
//! the fuzzer's raw bytes and panics when a property fails.

use snapshot_lab::formats::cos418::{self, Delays};
use snapshot_lab::formats::shiviz;
use snapshot_lab::formats::{link, multicast_link, multicast_mermaid, multicast_shiviz, multicast_text, text};
use snapshot_lab::sim::multicast;
use snapshot_lab::sim::{cut, snapshot, Discipline};
use snapshot_lab::teach::multicast_exercise;
use snapshot_lab::teach::progress::Progress;
use snapshot_lab::teach::route::{self, Page};

/// `link_decode`: the bytes, as UTF-8 (lossily), through `link::decode`. Whatever decodes
/// survives `encode` → `decode` unchanged, and `to_bytes` → `from_bytes` too.
pub fn link_decode(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    if let Ok(scenario) = link::decode(&input) {
        let encoded = link::encode(&scenario);
        assert_eq!(link::decode(&encoded).as_ref(), Ok(&scenario), "decode(encode(s)) != s for {input:?}");
        assert_eq!(link::from_bytes(&link::to_bytes(&scenario)).as_ref(), Ok(&scenario));
    }
}

/// `multicast_link`: the bytes through the multicast link's decoder, twice: as the payload
/// bytes (`from_bytes`) and as text (`decode`, UTF-8 lossily). Whatever decodes re-encodes to
/// the same bytes (the form is canonical) and the same link, and its replay (refused or not)
/// and the ordering checker on what replayed never panic.
pub fn multicast_link(data: &[u8]) {
    if let Ok(s) = multicast_link::from_bytes(data) {
        assert_eq!(multicast_link::to_bytes(&s), data, "the multicast link form is canonical");
        let mut group = multicast::Group::new(s.setup).expect("a decoded group has 2 to 8 members");
        for a in &s.actions {
            if group.apply(a).is_err() {
                break;
            }
        }
        let _ = multicast::check(s.setup.members, &group.log);
    }
    let input = String::from_utf8_lossy(data);
    if let Ok(s) = multicast_link::decode(&input) {
        assert_eq!(multicast_link::decode(&multicast_link::encode(&s)).as_ref(), Ok(&s));
    }
}

/// `multicast_text`: the bytes, as UTF-8 (lossily), through the multicast text form's parser.
/// Whatever parses prints (`to_text`) to a text that parses back to the same scenario and
/// prints the same again, and encodes to a `v1.mc.` link that decodes to it; its replay (refused
/// or not), the ordering checker and both exports of what replayed never panic. The same text
/// also goes through the multicast exercises' answer parser, for each kind.
pub fn multicast_text(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    if let Ok(s) = multicast_text::parse(&input) {
        let printed = multicast_text::to_text(&s);
        let again =
            multicast_text::parse(&printed).unwrap_or_else(|e| panic!("printed text does not parse: {e}\n{printed}"));
        assert_eq!(again, s, "parse(to_text(s)) != s for\n{printed}");
        assert_eq!(multicast_text::to_text(&again), printed, "to_text is not stable");
        assert_eq!(multicast_link::decode(&multicast_link::encode(&s)).as_ref(), Ok(&s));
        let mut group = multicast::Group::new(s.setup).expect("a parsed group has 2 to 8 members");
        for a in &s.actions {
            if group.apply(a).is_err() {
                break;
            }
        }
        let _ = multicast::check(s.setup.members, &group.log);
        let _ = multicast_shiviz::export(s.setup.members, &group.log);
        let _ = multicast_mermaid::sequence(s.setup.members, &group.log);
    }
    for kind in multicast_exercise::Kind::ALL {
        let _ = multicast_exercise::parse_answer(kind, &input);
    }
}

/// `text_parse`: the bytes, as UTF-8 (lossily), through `text::parse`. Whatever parses prints
/// (`to_text`) to a text that parses back to the same scenario and prints the same again.
pub fn text_parse(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    if let Ok(scenario) = text::parse(&input) {
        let printed = text::to_text(&scenario);
        let again = text::parse(&printed).unwrap_or_else(|e| panic!("printed text does not parse: {e}\n{printed}"));
        assert_eq!(again, scenario, "parse(to_text(s)) != s for\n{printed}");
        assert_eq!(text::to_text(&again), printed, "to_text is not stable");
    }
}

/// `cos418_files`: up to four files separated by NUL bytes, `<.top>\0<.events>\0<delays>\0<.snap>`,
/// as UTF-8 (lossily). Each part goes through its parser; when the topology and the events
/// parse, the script runs (with the delays list when there is a third part that parses, else
/// seeded delays) and the snapshots it writes in the `.snap` format parse back to the same.
pub fn cos418_files(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.splitn(4, '\0');
    let top_text = parts.next().unwrap_or("");
    let events_text = parts.next().unwrap_or("");
    let delays_text = parts.next();
    if let Some(snap) = parts.next() {
        let _ = cos418::parse_snaps("f.snap", snap);
    }
    let delays = match delays_text {
        Some(text) => match cos418::parse_delays("f.delays", text) {
            Ok(delays) => Delays::List { file: "f.delays".into(), delays },
            Err(_) => return,
        },
        None => Delays::Seeded { seed: data.len() as u64 },
    };
    let top = cos418::parse_top("f.top", top_text);
    let events = cos418::parse_events("f.events", events_text);
    if let (Ok(top), Ok(commands)) = (top, events) {
        if let Ok(run) = cos418::run(&top, "f.events", &commands, &delays) {
            let written = cos418::write_snaps(&run.snaps);
            let parsed = cos418::parse_snaps("out.snap", &written)
                .unwrap_or_else(|e| panic!("written snapshots do not parse: {e}\n{written}"));
            assert_eq!(parsed, run.snaps, "written snapshots parse differently\n{written}");
        }
    }
}

/// `replay`: the bytes as a link payload (`link::from_bytes`). Whatever decodes re-encodes to
/// bytes that decode to the same scenario (not always the very same bytes: the labels flag
/// with only default labels, a label spelled as its default and an explicit complete channel
/// bitmap are accepted and re-encode shorter), replays (an impossible action is refused, not
/// a panic), and every complete snapshot is checked against its own cut: it has a verdict,
/// and under FIFO channels without faults it is consistent (the algorithm's guarantee); a
/// consistent one of a run without faults is reached by its reordered run
/// (`view::reordered`), at its boundary.
pub fn replay(data: &[u8]) {
    let Ok(scenario) = link::from_bytes(data) else { return };
    assert_eq!(link::from_bytes(&link::to_bytes(&scenario)).as_ref(), Ok(&scenario));
    let replay = scenario.replay();
    if let Some(error) = &replay.error {
        let _ = error.to_string();
    }
    let log = replay.world.log();
    for snap in snapshot::assemble(log) {
        if !snap.complete {
            continue;
        }
        let Some(verdict) = cut::check_snapshot(log, &snap) else {
            panic!("complete snapshot S{} has no verdict", snap.id)
        };
        // Chandy–Lamport's guarantee needs FIFO channels and no faults (a message lost before
        // its sender recorded is in no recorded state or channel).
        let faults = snapshot_lab::sim::faults::has_faults(log);
        if scenario.topology.discipline == Discipline::Fifo && !faults {
            assert!(verdict.is_consistent(), "S{} is inconsistent under FIFO: {:?}", snap.id, verdict.findings);
        }
        // "It never happened, but it could have": a consistent snapshot of a run without faults
        // is reached by its reordered run, at its boundary.
        let comparison = snapshot_lab::view::reordered::Comparison::new(log, &snap);
        if verdict.is_consistent() && !faults {
            let Some(c) = comparison else { panic!("S{}: consistent, but no reordered run", snap.id) };
            assert!(c.frame(c.boundary).same_state(&c.target), "S{}: the boundary is not the recorded state", snap.id);
            assert!(
                c.frame(c.boundary).is_recorded_state_of(&snap),
                "S{}: the boundary is not what it recorded",
                snap.id
            );
        }
    }
    if let Some(cursor) = scenario.view.cursor {
        let _ = scenario.replay_prefix(cursor as usize);
    }
}

/// `shiviz_import`: a ShiViz log, as UTF-8 (lossily), through `formats::shiviz::import`. With a
/// NUL byte, the part before it is the parser regex given apart (`<regex>\0<log>`); without,
/// the log's own first line or the default regex. Whatever imports has at least one event, a
/// host for each event, and every host among the hosts.
pub fn shiviz_import(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let result = match input.split_once('\0') {
        Some((regex, log)) => shiviz::import(log, Some(regex)),
        None => shiviz::import(&input, None),
    };
    match result {
        Ok(imported) => {
            assert!(!imported.events.is_empty(), "an import without events");
            for e in &imported.events {
                assert!(imported.hosts.contains(&e.host), "host {} is not among the hosts", e.host);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// `route_parse`: the bytes, as UTF-8 (lossily), as a URL fragment through `route::parse` and
/// as a saved record through `Progress::parse`. Neither panics, and their errors print. A page
/// that parses re-encodes (the fragment the page keeps in the URL for it) to a fragment that
/// parses to the same page; progress that parses prints (`to_text`) to a record that parses to
/// the same progress and prints the same again.
pub fn route_parse(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    match route::parse(&input) {
        Ok(page) => {
            let fragment = match &page {
                Page::Lab(scenario) => link::encode(scenario),
                Page::Lesson { step, scenario } => route::lesson_fragment(*step, scenario.as_ref()),
                Page::Exercise { kind, level, seed, scenario } => {
                    route::exercise_fragment(*kind, *level, *seed, scenario.as_ref())
                }
                Page::Exercises => route::EXERCISES_FRAGMENT.to_string(),
            };
            assert_eq!(
                route::parse(&fragment).as_ref(),
                Ok(&page),
                "parse(fragment(p)) != p for {input:?} -> {fragment:?}"
            );
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    match Progress::parse(&input) {
        Ok(progress) => {
            let text = progress.to_text();
            let again =
                Progress::parse(&text).unwrap_or_else(|e| panic!("printed progress does not parse: {e}: {text:?}"));
            assert_eq!(again, progress, "parse(to_text(p)) != p for {input:?} -> {text:?}");
            assert_eq!(again.to_text(), text, "to_text is not stable");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// `open_files`: the page's Open file… (`formats::open::open`) on one to three files made from
/// the bytes: the first byte picks each file's extension (`.json`, `.txt`, `.log`, `.top`,
/// `.events`, `.delays` or none, so the content decides), the rest is split at NUL bytes into
/// the files' contents (UTF-8, lossily). Covers every import the page has (scenario text, run
/// JSON, ShiViz logs, COS 418 pairs). Opening never panics; an error names a file that was
/// chosen and prints; an opened scenario replays and survives its link.
pub fn open_files(data: &[u8]) {
    use snapshot_lab::formats::open;
    const EXTENSIONS: [&str; 7] = [".json", ".txt", ".log", ".top", ".events", ".delays", ""];
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let files: Vec<(String, String)> = text
        .split('\0')
        .take(3)
        .enumerate()
        .map(|(i, content)| {
            let ext = EXTENSIONS[(usize::from(pick) >> (i * 2)) % EXTENSIONS.len()];
            (format!("f{i}{ext}"), content.to_string())
        })
        .collect();
    match open::open(&files) {
        Ok(opened) => {
            let link = link::encode(&opened.scenario);
            let back = link::decode(&link).expect("an opened scenario's link decodes");
            assert_eq!(back, opened.scenario, "an opened scenario survives its link");
            let _ = opened.scenario.replay();
        }
        Err(e) => {
            assert!(files.iter().any(|(name, _)| e.file.contains(name.as_str())), "the error names a chosen file: {e}");
            assert!(!e.to_string().is_empty());
        }
    }
}
