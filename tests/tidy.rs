//! Tidy: the habits that keep the layers visible in the folders, checked on the source text.
//! Every file under `src/` starts with a `//!` header saying what it is. `src/sim/` (the
//! algorithm core) names no layer above it (`formats`, `teach`, `view`, `ui`) and no browser
//! crate; `src/formats/` (what crosses the boundary) depends on `sim` only: it names neither
//! `teach`, `view` nor `ui`, nor a browser crate. `src/teach/` and `src/view/` (the lesson, the
//! exercises, the geometry and the page's state) name neither `ui` nor a browser crate, so a
//! native `cargo test` reaches all of them. The modules of `src/sim/` import one another
//! in one direction: no cycle (A uses B uses … uses A), not counting unit tests.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
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
fn teaching_and_the_view_are_plain_rust() {
    let mut found = mentions("src/teach", &["ui"], BROWSER);
    found.extend(mentions("src/view", &["ui"], BROWSER));
    assert!(found.is_empty(), "src/teach and src/view must not depend on the page's components: {found:#?}");
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

/// The text without `//` comments and without its unit tests (from `#[cfg(test)]` on).
fn code(text: &str) -> String {
    let text = text.find("#[cfg(test)]").map_or(text, |at| &text[..at]);
    text.lines().map(|l| l.find("//").map_or(l, |at| &l[..at])).collect::<Vec<_>>().join("\n")
}

/// The names a module's code takes from its parent `prefix` (`super::` or `crate::sim::`):
/// `prefix NAME`, and each item of a group `prefix {A, B::{…}}`.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].chars().next_back().is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group: identifiers right after `{` or a `,` at depth 1.
            let (mut depth, mut start) = (1, true);
            let mut chars = group.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    ',' if depth == 1 => start = true,
                    c if is_ident(c) && start && depth == 1 => {
                        let end = group[i..].find(|c: char| !is_ident(c)).map_or(group.len(), |e| i + e);
                        names.insert(group[i..end].to_string());
                        while chars.peek().is_some_and(|&(j, _)| j < end) {
                            chars.next();
                        }
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
            names.insert(rest[..end].to_string());
        }
    }
    names
}

/// The modules of `src/sim/` and, for each, the other modules its code uses (directly, or through
/// an item `mod.rs` re-exports).
fn sim_imports() -> BTreeMap<String, BTreeSet<String>> {
    let dir = root().join("src/sim");
    let stem = |p: &Path| p.file_stem().unwrap().to_string_lossy().into_owned();
    let files: Vec<PathBuf> =
        rust_files(&dir).into_iter().filter(|p| stem(p) != "mod" && p.parent() == Some(&dir)).collect();
    let modules: BTreeSet<String> = files.iter().map(|p| stem(p)).collect();
    // `pub use module::{A, B};` in mod.rs: A and B are module's.
    let mod_rs = fs::read_to_string(dir.join("mod.rs")).unwrap();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    for line in mod_rs.lines().filter_map(|l| l.strip_prefix("pub use ")) {
        let (module, items) = line.split_once("::").unwrap();
        for item in items.trim_matches(|c| "{};".contains(c)).split(',') {
            owner.insert(item.trim().to_string(), module.to_string());
        }
    }
    let mut graph = BTreeMap::new();
    for path in &files {
        let code = code(&fs::read_to_string(path).unwrap());
        let names: BTreeSet<String> =
            names_after(&code, "super::").union(&names_after(&code, "crate::sim::")).cloned().collect();
        let uses = names
            .into_iter()
            .filter_map(|n| if modules.contains(&n) { Some(n) } else { owner.get(&n).cloned() })
            .filter(|m| *m != stem(path))
            .collect();
        graph.insert(stem(path), uses);
    }
    graph
}

/// A cycle of `graph`, if it has one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_core_modules_import_one_another_in_one_direction() {
    let graph = sim_imports();
    // The reading sees the imports: the world applies actions and writes the log.
    assert!(graph["world"].contains("action") && graph["world"].contains("event"), "{graph:#?}");
    assert!(graph["deadlock"].contains("snapshot"), "{graph:#?}");
    assert_eq!(cycle(&graph), None, "an import cycle among src/sim's modules: {graph:#?}");
}

#[test]
fn the_cycle_check_finds_cycles() {
    let code = "use super::{event::{Log, Rule}, topology};\nuse crate::sim::World;\nfn f() { super::wait::said(); }";
    let names: Vec<String> = names_after(code, "super::").into_iter().collect();
    assert_eq!(names, ["event", "topology", "wait"]);
    assert_eq!(names_after(code, "crate::sim::").into_iter().collect::<Vec<_>>(), ["World"]);
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert_eq!(cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])).map(|c| c.len()), Some(4));
}

/// Docs are maps: the README opens with both commands within its first 40 lines, and
/// ARCHITECTURE.md stays a map (at most 12 KB). No second build creeps back: no cargo feature,
/// no nightly option anywhere in the build.
#[test]
fn the_docs_are_maps_and_the_build_is_one() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let head: Vec<&str> = readme.lines().take(40).collect();
    for command in ["bash scripts/serve.sh", "bash scripts/test.sh"] {
        assert!(head.iter().any(|l| l.contains(command)), "README's first 40 lines lack `{command}`");
    }
    let map = fs::metadata(root().join("ARCHITECTURE.md")).unwrap().len();
    assert!(map <= 12 * 1024, "ARCHITECTURE.md is {map} bytes, over 12 KB: keep it a map");
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("[features]"), "Cargo.toml has features: the page is one build");
    let nightly = ["RUSTC", "_BOOTSTRAP"].concat();
    let build_std = ["build", "-std"].concat();
    for dir in ["scripts", "www", ".cargo", "src"] {
        let mut stack = vec![root().join(dir)];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = fs::read_to_string(&path) {
                    for needle in [&nightly, &build_std] {
                        assert!(!text.contains(needle.as_str()), "{} mentions {needle}", path.display());
                    }
                }
            }
        }
    }
    for file in ["Trunk.toml", "index.html"] {
        let text = fs::read_to_string(root().join(file)).unwrap();
        assert!(!text.contains("no-default-features"), "{file} builds a second variant of the page");
    }
}
