//! Tidy: the habits that keep the layers visible in the folders, checked on the source text.
//! Every file under `src/` starts with a `//!` header saying what it is. `src/sim/` (the
//! algorithm core) names no layer above it (`formats`, `teach`, `view`, `ui`) and no browser
//! crate; `src/formats/` (what crosses the boundary) depends on `sim` only: it names neither
//! `teach`, `view` nor `ui`, nor a browser crate.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Each place where `word` occurs as a whole word (not inside a longer identifier).
fn words<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(word).map(|(at, _)| at).filter(move |&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Whether the word at `at` is used as a module path: `ui::…`, `crate::ui`, `super::ui`, or an
/// item of a `crate::{…}` group. A plain English word (`the view`, `scenario.view`) is not.
fn is_path(text: &str, at: usize, word: &str) -> bool {
    let before = &text[..at];
    let after = &text[at + word.len()..];
    if after.starts_with("::") || before.ends_with("crate::") || before.ends_with("super::") {
        return true;
    }
    // An item of `use crate::{…}`: the `use` it follows has not ended.
    before.rfind("use ").is_some_and(|at| {
        let statement = &before[at..];
        statement.starts_with("use crate::{") && !statement.contains(';')
    })
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Every mention, in `dir`'s files, of a module of `layers` as a path, and of any word of
/// `crates`: `file:line: what`.
fn mentions(dir: &str, layers: &[&str], crates: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for path in rust_files(&root().join(dir)) {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        for layer in layers {
            for at in words(&text, layer).filter(|&at| is_path(&text, at, layer)) {
                found.push(format!("{name}:{}: names `{layer}`", line_of(&text, at)));
            }
        }
        for word in crates {
            for at in words(&text, word) {
                found.push(format!("{name}:{}: names `{word}`", line_of(&text, at)));
            }
        }
    }
    found
}

const BROWSER: &[&str] = &["web_sys", "js_sys", "yew", "wasm_bindgen", "gloo"];

#[test]
fn every_source_file_starts_with_a_header() {
    let missing: Vec<String> = rust_files(&root().join("src"))
        .into_iter()
        .filter(|p| !fs::read_to_string(p).unwrap().starts_with("//!"))
        .map(|p| p.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    assert!(missing.is_empty(), "these files do not start with a `//!` header: {missing:#?}");
    // The check sees the whole tree (a wrong root would pass trivially).
    assert!(rust_files(&root().join("src")).len() > 40);
}

#[test]
fn the_core_names_no_layer_above_it_and_no_browser_crate() {
    let mut found = mentions("src/sim", &["teach", "view", "ui"], BROWSER);
    // `formats`, even as a plain word: the core reads and writes no file format.
    for path in rust_files(&root().join("src/sim")) {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        found.extend(words(&text, "formats").map(|at| format!("{name}:{}: names `formats`", line_of(&text, at))));
    }
    assert!(found.is_empty(), "src/sim must depend on nothing above it: {found:#?}");
}

#[test]
fn the_formats_depend_on_the_core_only() {
    let found = mentions("src/formats", &["teach", "view", "ui"], BROWSER);
    assert!(found.is_empty(), "src/formats must depend on sim only: {found:#?}");
}

#[test]
fn the_checks_see_what_they_forbid() {
    // A path is found, in code or in a comment; a plain word is not.
    let text = "use crate::view::spacetime;\n// the view\nlet v = s.view;\n/// see `ui::app`\nuse crate::{sim, teach};";
    let paths: Vec<(usize, &str)> = ["view", "ui", "teach"]
        .into_iter()
        .flat_map(|w| words(text, w).filter(move |&at| is_path(text, at, w)).map(move |at| (line_of(text, at), w)))
        .collect();
    assert_eq!(paths, [(1, "view"), (4, "ui"), (5, "teach")]);
    assert_eq!(words("yew::prelude, yewish", "yew").count(), 1);
}
