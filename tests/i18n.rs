//! Every sentence of the page is in every language: this test finds each key (the English text
//! of every `tr("…")`, `tf!("…", …)` and `en!("…")` in `src/`, of every `say!("…", …)` (what the
//! core says, `src/sim/words.rs`), and of every `t('…')` in `www/boot.js`) and
//! fails when a catalog (`www/i18n/<lang>.json`) lacks one, keeps one the source no longer
//! uses, leaves one empty or changes its placeholders.
//!
//! When it fails it writes what is missing, with the English to translate, to
//! `target/i18n/<lang>.missing.json`.

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
