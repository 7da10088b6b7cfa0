//! Every sentence of the page is in every language: this test finds each key (the English text
//! of every `tr("…")`, `tf!("…", …)` and `en!("…")` in `src/`, of every `say!("…", …)` (what the
//! core says, `src/sim/words.rs`), and of every `t('…')` in `www/boot.js`) and
//! fails when a catalog (`www/i18n/<lang>.json`) lacks one, keeps one the source no longer
//! uses, leaves one empty or changes its placeholders.
//!
//! When it fails it writes what is missing, with the English to translate, to
//! `target/i18n/<lang>.missing.json`.

mod common;
use common::shipped_catalog;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const LANGUAGES: &[&str] = &["ko", "zh"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The value of the string literal that starts at `text[0]` (a `"` or `'`), with Rust's (and
/// for `'`, JavaScript's) escapes, and a `\` at a line's end joining the next line without its
/// indentation. `None` when it is not a plain string literal.
fn literal(text: &str) -> Option<String> {
    let mut chars = text.chars();
    let quote = chars.next().filter(|q| *q == '"' || *q == '\'')?;
    let mut out = String::new();
    loop {
        match chars.next()? {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                '\'' => out.push('\''),
                '0' => out.push('\0'),
                'u' => {
                    let rest: String = chars.clone().collect();
                    let body = rest.strip_prefix('{')?;
                    let end = body.find('}')?;
                    out.push(char::from_u32(u32::from_str_radix(&body[..end], 16).ok()?)?);
                    for _ in 0..end + 2 {
                        chars.next();
                    }
                }
                '\n' => {
                    let rest = chars.as_str();
                    chars = rest.trim_start().chars();
                }
                _ => return None,
            },
            c if c == quote => return Some(out),
            c => out.push(c),
        }
    }
}

/// Every key in a file: (key, line). Fails on a `tr(`, `tf!(` or `say!(` whose argument is not
/// a string literal (it could not be found here, so it could never be translated).
fn keys_in(path: &Path, text: &str, problems: &mut Vec<String>) -> Vec<(String, usize)> {
    let calls: &[&str] =
        if path.extension().is_some_and(|e| e == "js") { &["t("] } else { &["tr(", "tf!(", "en!(", "say!("] };
    let mut keys = Vec::new();
    for call in calls {
        for (at, _) in text.match_indices(call) {
            let before = text[..at].chars().next_back();
            if before
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':' && !text[..at].ends_with("::"))
            {
                continue;
            }
            // `fn tr(`, `macro_rules! tf` and the like define, not call.
            if text[..at].trim_end().ends_with("fn") {
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            let arg = text[at + call.len()..].trim_start();
            match literal(arg) {
                Some(key) => keys.push((key, line)),
                None => problems.push(format!(
                    "{}:{line}: `{call}` needs a string literal (the English text is the key)",
                    path.display()
                )),
            }
        }
    }
    keys
}

/// Every key of the source: key → where it is first used.
fn source_keys() -> BTreeMap<String, String> {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.push(root.join("www/boot.js"));
    files.sort();
    let mut problems = Vec::new();
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    for file in &files {
        let name = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        // The definitions, and their examples.
        if name == "src/i18n.rs" || name == "src/sim/words.rs" {
            continue;
        }
        let text = fs::read_to_string(file).unwrap();
        for (key, line) in keys_in(file, &text, &mut problems) {
            keys.entry(key).or_insert_with(|| format!("{name}:{line}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    keys
}

/// The numbered placeholders of a text (`{0}`, `{1}`, …), as a sorted list with repeats.
fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let tail = &rest[at + 1..];
        if let Some(end) = tail.find('}') {
            if !tail[..end].is_empty() && tail[..end].chars().all(|c| c.is_ascii_digit()) {
                found.push(tail[..end].to_string());
            }
        }
        rest = tail;
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_key_is_translated_in_every_language() {
    let keys = source_keys();
    let total = keys.len();
    assert!(total > 300, "only {total} keys found: is the scan still finding tr(\"…\")?");
    // The shipped catalogs are keyed by a hash of the English: no two keys may share one.
    let mut hashes: BTreeMap<u32, &String> = BTreeMap::new();
    for key in keys.keys() {
        if let Some(other) = hashes.insert(snapshot_lab::i18n::key(key), key) {
            panic!("{key:?} and {other:?} have the same hash (src/i18n.rs key): reword one of them");
        }
    }
    let mut failures = Vec::new();
    let out_dir = root().join("target/i18n");
    for lang in LANGUAGES {
        let path = root().join(format!("www/i18n/{lang}.json"));
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let catalog: BTreeMap<String, String> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not a JSON object of strings: {e}", path.display()));
        let wanted = &keys;
        let missing: BTreeMap<&String, &String> = wanted.iter().filter(|(k, _)| !catalog.contains_key(*k)).collect();
        let unused: Vec<&String> = catalog.keys().filter(|k| !wanted.contains_key(*k)).collect();
        let empty: Vec<&String> = catalog.iter().filter(|(_, v)| v.trim().is_empty()).map(|(k, _)| k).collect();
        let changed: Vec<String> = catalog
            .iter()
            .filter(|(k, v)| placeholders(k) != placeholders(v))
            .map(|(k, v)| format!("{k:?} → {v:?}"))
            .collect();
        let name = format!("www/i18n/{lang}.json");
        if !missing.is_empty() {
            fs::create_dir_all(&out_dir).unwrap();
            let skeleton: BTreeMap<&String, &str> = missing.keys().map(|k| (*k, "")).collect();
            let file = out_dir.join(format!("{lang}.missing.json"));
            fs::write(&file, serde_json::to_string_pretty(&skeleton).unwrap()).unwrap();
            // Where each is used, for the translator's context.
            let place = out_dir.join(format!("{lang}.missing-where.json"));
            fs::write(&place, serde_json::to_string_pretty(&missing).unwrap()).unwrap();
            let first: Vec<String> = missing.iter().take(5).map(|(k, at)| format!("  {k:?} ({at})")).collect();
            failures.push(format!(
                "{name} misses {} keys (all of them: {}), the first:\n{}",
                missing.len(),
                file.display(),
                first.join("\n")
            ));
        }
        if !unused.is_empty() {
            failures.push(format!("{name} has {} keys the source does not use: {:?}", unused.len(), unused));
        }
        if !empty.is_empty() {
            failures.push(format!("{name} has empty translations: {empty:?}"));
        }
        if !changed.is_empty() {
            failures.push(format!("{name} changes placeholders: {}", changed.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_key_scanner_reads_rust_and_javascript_literals() {
    let mut problems = Vec::new();
    let rust = "let a = tr(\"Undo\");\nlet b = tf!(\"{0} sends \\\"{1}\\\"\", p, m);\nlet c = tr(\"one \\\n        two\");\nlet d = attr(\"no\");\nlet e = tr(name);\nlet f = crate::say!(\"{0} crashes\", p);";
    let found: Vec<String> = keys_in(Path::new("x.rs"), rust, &mut problems).into_iter().map(|(k, _)| k).collect();
    assert_eq!(found, ["Undo", "one two", "{0} sends \"{1}\"", "{0} crashes"]);
    assert_eq!(problems.len(), 1, "tr(name) is reported: {problems:?}");
    let js = "const a = t('Reload'); element('p', {}, t('It\\'s safe'));";
    let found: Vec<String> = keys_in(Path::new("x.js"), js, &mut problems).into_iter().map(|(k, _)| k).collect();
    assert_eq!(found, ["Reload", "It's safe"]);
    assert_eq!(placeholders("{1} of {0}, {0} again, {{x}}"), ["0", "1"]);
}

/// The core speaks no language (`src/sim/words.rs`): nothing under `src/sim` or `src/formats`
/// reads the catalog. What they say is a `Sentence`, translated at the edge (`i18n::say`).
#[test]
fn the_core_reads_no_catalog() {
    let mut files = Vec::new();
    rust_files(&root().join("src/sim"), &mut files);
    rust_files(&root().join("src/formats"), &mut files);
    files.sort();
    assert!(files.len() > 25, "only {} files under src/sim and src/formats", files.len());
    let mut found = Vec::new();
    for file in &files {
        let name = file.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(file).unwrap();
        for needle in ["i18n::", "tr(", "tf!(", "translate("] {
            for (at, _) in text.match_indices(needle) {
                // A call, not the end of a longer name (`write_str(`, `attr(`).
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') && needle != "i18n::" {
                    continue;
                }
                let line = text[..at].matches('\n').count() + 1;
                found.push(format!("{name}:{line}: `{needle}`"));
            }
        }
    }
    assert!(found.is_empty(), "the core reads the catalog:\n{}", found.join("\n"));
}

/// Everything the core writes for a run: the log as text and its digest, every export (the
/// page's file worker and the CLI make the same), the link, and its errors in English.
fn everything_written(scenario: &snapshot_lab::sim::Scenario) -> Vec<String> {
    use snapshot_lab::formats::export::{self, RunDocument};
    use snapshot_lab::formats::{job, mermaid, shiviz};
    use snapshot_lab::formats::{link, text};
    let replay = scenario.replay();
    let log = replay.world.log();
    let l = link::encode(scenario);
    let mut out = vec![
        log.to_text(),
        log.digest().to_string(),
        RunDocument::new(scenario).to_json(),
        export::snapshots_text(log),
        export::replay_text(scenario),
        mermaid::flowchart(&scenario.topology),
        mermaid::sequence(log),
        mermaid::rules(log),
        shiviz::export(log),
        text::to_text(scenario),
        l.clone(),
    ];
    for format in job::EXPORTS {
        out.extend(job::answer(&["export".to_string(), format.to_string(), l.clone()]));
    }
    for e in &log.events {
        out.push(e.describe().to_string());
        out.push(log.explain(e).to_string());
    }
    out.extend(replay.error.map(|e| e.to_string()));
    out
}

/// Translation happens at the edge only: with the Korean catalog installed, the log's text, its
/// digest, every export and the core's errors are byte for byte what they are without one,
/// while what the page shows of the same events (`i18n::say`) is Korean.
#[test]
fn the_core_writes_the_same_in_every_language_and_the_page_translates() {
    use snapshot_lab::formats::{job, link, presets, text};
    use snapshot_lab::i18n::say;
    use snapshot_lab::sim::Says;
    // Each test runs on its own thread: none has a catalog until it installs one.
    let scenarios: Vec<_> = presets::PRESETS.iter().map(|p| p.scenario().unwrap()).collect();
    assert!(scenarios.len() >= 10);
    let errors = || {
        vec![
            link::decode("v1.AAPQD9AP0A8BAA!").unwrap_err().to_string(),
            text::parse("process P1 zz").unwrap_err().to_string(),
            job::answer(&["export".into(), "json".into(), "v1.garbage".into()]).join("|"),
            job::answer(&["open".into(), "x.txt".into(), "process P1 zz".into()]).join("|"),
        ]
    };
    let english: Vec<Vec<String>> = scenarios.iter().map(everything_written).collect();
    let english_errors = errors();
    let request = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let export = request(&["export", "json", &link::encode(&scenarios[0])]);
    let english_export = job::answer(&export);
    let log = scenarios[0].replay().world.log().clone();
    let event = &log.events[0];
    assert_eq!(say(&log.explain(event)), log.explain(event).to_string(), "no catalog: English");

    snapshot_lab::i18n::install(shipped_catalog("ko"));
    for ((s, english), p) in scenarios.iter().zip(&english).zip(presets::PRESETS) {
        let korean = everything_written(s);
        assert_eq!(korean.len(), english.len(), "{}", p.id);
        for (k, e) in korean.iter().zip(english) {
            assert_eq!(k, e, "{}: the core's output changed with the page's language", p.id);
        }
    }
    assert_eq!(errors(), english_errors, "the core's errors are English whatever the page's language");

    // The page's words for the same things are Korean.
    let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    for e in &log.events {
        let (shown, written) = (say(&log.explain(e)), log.explain(e).to_string());
        assert_ne!(shown, written, "event {}: {written}", e.seq);
        assert!(hangul(&shown), "event {}: {shown}", e.seq);
        assert!(hangul(&say(&e.describe())), "event {}: {}", e.seq, say(&e.describe()));
    }
    let refused = link::decode("v1.AAPQD9AP0A8BAA!").unwrap_err();
    assert!(hangul(&say(&refused)), "{}", say(&refused));
    assert!(hangul(&say(&refused.sentence())));
    // The file worker answers in the page's language; the files it writes are the same.
    let said = job::answer_in(&request(&["open", "x.txt", "process P1 zz"]), say);
    assert_eq!(said[0], "error");
    assert!(hangul(&said[1]), "{said:?}");
    assert_eq!(job::answer_in(&export, say), english_export, "an export is the same in every language");
}

/// One row of `docs/glossary.md`: the English term, its Korean and Chinese words, and English
/// phrases where the word means something else.
struct Term {
    en: String,
    ko: String,
    zh: String,
    except: Vec<String>,
}

fn glossary() -> Vec<Term> {
    let text = fs::read_to_string(root().join("docs/glossary.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| term") && !l.starts_with("| ---"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 5, "{l}");
            let except = cells[4].split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
            Term { en: cells[0].to_string(), ko: cells[1].to_string(), zh: cells[2].to_string(), except }
        })
        .collect()
}

/// Whether `text` has `word` starting a word (so `markers` counts for `marker`).
fn has_word(text: &str, word: &str) -> bool {
    let (text, word) = (text.to_lowercase(), word.to_lowercase());
    text.match_indices(&word).any(|(i, _)| !text[..i].chars().next_back().is_some_and(char::is_alphanumeric))
}

/// Issue 21: the glossary is the catalogs' vocabulary. Every entry whose English uses a term
/// translates it with the glossary's word (or keeps the English word, as code), in both languages.
#[test]
fn the_catalogs_use_the_glossarys_words() {
    let terms = glossary();
    assert!(terms.len() >= 12, "{} terms", terms.len());
    let mut problems = Vec::new();
    for lang in LANGUAGES {
        let path = root().join(format!("www/i18n/{lang}.json"));
        let catalog: BTreeMap<String, String> = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        for t in &terms {
            let word = if *lang == "ko" { &t.ko } else { &t.zh };
            let mut used = 0;
            for (english, translation) in &catalog {
                if !has_word(english, &t.en) || t.except.iter().any(|e| english.contains(e.as_str())) {
                    continue;
                }
                used += 1;
                if !translation.contains(word.as_str()) && !has_word(translation, &t.en) {
                    problems.push(format!(
                        "{lang}: \"{}\" ({}) does not say {word}: {english:?} → {translation:?}",
                        t.en, lang
                    ));
                }
            }
            assert!(used > 0, "{lang}: no catalog entry uses \"{}\": drop it from the glossary", t.en);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check can fail: a translation without the word is caught.
    assert!(has_word("Two markers left", "marker") && !has_word("remarkers", "marker"));
}

/// Issue 21: the diagrams show the presets' labels (`acct1`, `worker 1`) in the page's language,
/// and any other label as written.
#[test]
fn preset_labels_are_shown_translated_and_other_labels_as_written() {
    // Each test runs on its own thread: no catalog yet, so English.
    assert_eq!(snapshot_lab::i18n::label("acct1"), "acct1");
    snapshot_lab::i18n::install(shipped_catalog("ko"));
    assert_eq!(snapshot_lab::i18n::label("acct1"), "계좌 1");
    assert_eq!(snapshot_lab::i18n::label("worker 3"), "작업자 3");
    assert_eq!(snapshot_lab::i18n::label("Leaf Switch 1 (Programmable)"), "Leaf Switch 1 (Programmable)");
    assert_eq!(snapshot_lab::i18n::label("my bank"), "my bank");
    snapshot_lab::i18n::install(shipped_catalog("zh"));
    assert_eq!(snapshot_lab::i18n::label("acct2"), "账户2");
    assert_eq!(snapshot_lab::i18n::label("worker 1"), "工作进程1");
    // Every label a preset or the lesson gives is one of them.
    for p in snapshot_lab::formats::presets::PRESETS {
        let s = p.scenario().unwrap();
        for q in 0..s.topology.process_count() {
            let l = s.topology.label(q);
            let named = l == format!("P{}", q + 1) || l.contains("Switch");
            assert!(named || snapshot_lab::formats::presets::LABELS.contains(&l), "{}: {l}", p.id);
        }
    }
}
