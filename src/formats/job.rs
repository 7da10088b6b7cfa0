//! The page's file work as text in, text out, so that it can run in a web worker that the page
//! loads only when a person exports or opens a file (`src/files_worker.rs`): the text form's
//! parser and writer, the run JSON, Mermaid, ShiViz (with `regex-lite`) and the COS 418 runner
//! then stay out of the page's first load.
//!
//! A request is a list of strings; so is the answer:
//! - `["export", FORMAT, LINK]` or `["export", FORMAT, LINK, NAME]` → `["ok", FILE NAME, MIME
//!   TYPE, CONTENT]`, FORMAT one of [`EXPORTS`]; the content is made from the link exactly as
//!   `snapshot-lab` makes it (`replay --json`, `export --format …`, `text`); the file name
//!   carries the scenario's NAME ([`file_name`]); a multicast run's `v1.mc.` link exports as
//!   [`MULTICAST_EXPORTS`] (its text, its JSON, Mermaid, ShiViz: what `snapshot-lab` makes);
//! - `["open", NAME, TEXT, NAME, TEXT, …]` → `["opened", LINK, WHAT, SNAP TEXT or ""]`
//!   ([`open::open`]);
//! - `["open-multicast", NAME, TEXT]` → `["opened", LINK, WHAT, ""]`: a multicast run's text
//!   form or its `v1.mc.` link, read as `snapshot-lab link` reads it;
//! - anything that goes wrong → `["error", MESSAGE]`.
//!
//! What an answer tells the learner (WHAT, MESSAGE) is a [`Sentence`] of the core, written out
//! by the caller's `say` ([`answer_in`]: the file worker's is the page's language); the files
//! themselves are the same in every language.

use super::export::{file_name, RunDocument};
use super::{link, mermaid, open, shiviz, text};
use super::{multicast_export, multicast_link, multicast_mermaid, multicast_shiviz, multicast_text};
use crate::say;
use crate::sim::multicast::{ReplayError, SizeError, MAX_MEMBERS, MIN_MEMBERS};
use crate::sim::words::{Says, Sentence};

/// The export formats a request can name.
pub const EXPORTS: [&str; 6] = ["mermaid-flowchart", "mermaid-sequence", "mermaid-rules", "shiviz", "text", "json"];

/// The export formats of a multicast run.
pub const MULTICAST_EXPORTS: [&str; 4] = ["mermaid-sequence", "shiviz", "text", "json"];

const TEXT: &str = "text/plain;charset=utf-8";

/// One export of the scenario behind a link, named after the scenario `name` (may be empty):
/// (file name, MIME type, content).
pub fn export(format: &str, link: &str, name: &str) -> Result<(String, &'static str, String), Sentence> {
    if multicast_link::is_multicast(link) {
        return export_multicast(format, link, name);
    }
    let scenario = link::decode(link).map_err(|e| say!("the scenario cannot be exported: {0}", e.sentence()))?;
    let log = || scenario.replay().world.log().clone();
    let (what, extension, mime, content) = match format {
        "mermaid-flowchart" => ("topology", "mmd", TEXT, mermaid::flowchart(&scenario.topology)),
        "mermaid-sequence" => ("run", "mmd", TEXT, mermaid::sequence(&log())),
        "mermaid-rules" => ("marker-rules", "mmd", TEXT, mermaid::rules(&log())),
        "shiviz" => ("run", "log", TEXT, shiviz::export(&log())),
        "text" => ("scenario", "txt", TEXT, text::to_text(&scenario)),
        "json" => ("run", "json", "application/json", RunDocument::new(&scenario).to_json()),
        other => return Err(say!("unknown export `{0}`", other)),
    };
    Ok((file_name(name, what, extension), mime, content))
}

/// One export of the multicast run behind a `v1.mc.` link, up to its cursor, as the page shows
/// it: (file name, MIME type, content).
fn export_multicast(format: &str, link: &str, name: &str) -> Result<(String, &'static str, String), Sentence> {
    let scenario =
        multicast_link::decode(link).map_err(|e| say!("the scenario cannot be exported: {0}", e.sentence()))?;
    let log = || {
        scenario.replay().map(|g| g.log).map_err(|e| match e {
            ReplayError::Size(SizeError(n)) => {
                say!("a group has {0} to {1} members, not {2}", MIN_MEMBERS, MAX_MEMBERS, n)
            }
            ReplayError::Action(i, e) => {
                let what = multicast_text::action_line(&scenario.actions[i]);
                say!("action {0} ({1}) is impossible: {2}", i + 1, what, e.says())
            }
        })
    };
    let members = scenario.setup.members;
    let (what, extension, mime, content) = match format {
        "mermaid-sequence" => ("run", "mmd", TEXT, multicast_mermaid::sequence(members, &log()?)),
        "shiviz" => ("run", "log", TEXT, multicast_shiviz::export(members, &log()?)),
        "text" => ("scenario", "txt", TEXT, multicast_text::to_text(&scenario)),
        "json" => ("run", "json", "application/json", multicast_export::RunDocument::new(&scenario).to_json()),
        other => return Err(say!("unknown export `{0}`", other)),
    };
    Ok((file_name(name, what, extension), mime, content))
}

/// A multicast run from its text form or its `v1.mc.` link: the link, and what was opened.
fn open_multicast(name: &str, content: &str) -> Result<(String, Sentence), Sentence> {
    let trimmed = content.trim_start_matches('\u{feff}').trim();
    if !trimmed.is_empty() && !trimmed.contains(char::is_whitespace) {
        let payload = trimmed.rsplit_once('#').map_or(trimmed, |(_, p)| p);
        let scenario = multicast_link::decode(payload)
            .map_err(|e| say!("{0}, line {1}, column {2}: {3}", name, 1, 1, say!("link: {0}", e.sentence())))?;
        return Ok((multicast_link::encode(&scenario), say!("the link in {0}", name)));
    }
    let scenario = multicast_text::parse(content)
        .map_err(|e| say!("{0}, line {1}, column {2}: {3}", name, e.line, e.column, e.kind.sentence()))?;
    Ok((multicast_link::encode(&scenario), say!("the scenario text {0}", name)))
}

/// Answers one request (see the module's documentation), in English.
pub fn answer(request: &[String]) -> Vec<String> {
    answer_in(request, |s| s.to_string())
}

/// Answers one request, writing what it tells the learner with `say` (the page's language).
pub fn answer_in(request: &[String], say: impl Fn(&Sentence) -> String) -> Vec<String> {
    let error = |m: Sentence| vec!["error".to_string(), say(&m)];
    match request {
        [op, format, link, name @ ..] if op == "export" && name.len() <= 1 => {
            match export(format, link, name.first().map_or("", String::as_str)) {
                Ok((file, mime, content)) => vec!["ok".into(), file, mime.into(), content],
                Err(e) => error(e),
            }
        }
        [op, rest @ ..] if op == "open" && rest.len() % 2 == 0 => {
            let files: Vec<(String, String)> = rest.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect();
            match open::open(&files) {
                Ok(opened) => {
                    vec![
                        "opened".into(),
                        link::encode(&opened.scenario),
                        say(&opened.what),
                        opened.snaps.unwrap_or_default(),
                    ]
                }
                Err(e) => error(e.sentence()),
            }
        }
        [op, name, content] if op == "open-multicast" => match open_multicast(name, content) {
            Ok((link, what)) => vec!["opened".into(), link, say(&what), String::new()],
            Err(e) => error(e),
        },
        _ => error(say!("the request is not understood")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::presets;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn exports_are_what_the_cli_makes_from_the_link() {
        for p in presets::PRESETS {
            let s = p.scenario().unwrap();
            let l = link::encode(&s);
            let json = answer(&strings(&["export", "json", &l]));
            assert_eq!(json[..3], strings(&["ok", "snapshot-lab-run.json", "application/json"]));
            assert_eq!(json[3], RunDocument::new(&s).to_json());
            assert_eq!(answer(&strings(&["export", "text", &l]))[3], text::to_text(&s));
            let log = s.replay().world.log().clone();
            assert_eq!(answer(&strings(&["export", "shiviz", &l]))[3], shiviz::export(&log));
            assert_eq!(answer(&strings(&["export", "mermaid-sequence", &l]))[3], mermaid::sequence(&log));
            assert_eq!(answer(&strings(&["export", "mermaid-rules", &l]))[3], mermaid::rules(&log));
            assert_eq!(answer(&strings(&["export", "mermaid-flowchart", &l]))[3], mermaid::flowchart(&s.topology));
        }
    }

    #[test]
    fn file_names_carry_the_scenario_name() {
        let l = presets::PRESETS[0].link;
        let named = |format: &str, name: &str| answer(&strings(&["export", format, l, name]))[1].clone();
        assert_eq!(named("mermaid-sequence", "fault-lost-message"), "snapshot-lab-fault-lost-message-run.mmd");
        assert_eq!(named("mermaid-rules", "Lost money!"), "snapshot-lab-lost-money-marker-rules.mmd");
        assert_eq!(named("mermaid-flowchart", "bank"), "snapshot-lab-bank-topology.mmd");
        assert_eq!(named("shiviz", "c21"), "snapshot-lab-c21-run.log");
        assert_eq!(named("text", "../../etc/passwd"), "snapshot-lab-etc-passwd-scenario.txt");
        assert_eq!(named("json", "은행"), "snapshot-lab-run.json", "nothing safe is left: the generic name");
        assert_eq!(answer(&strings(&["export", "json", l]))[1], "snapshot-lab-run.json");
        assert_eq!(answer(&strings(&["export", "json", l, "a", "b"]))[0], "error");
    }

    #[test]
    fn opening_gives_the_link_and_snaps() {
        let s = presets::PRESETS[0].scenario().unwrap();
        let a = answer(&strings(&["open", "x.txt", &text::to_text(&s)]));
        assert_eq!(a, strings(&["opened", &link::encode(&s), "the scenario text x.txt", ""]));
        let top = "2\nN1 5\nN2 5\nN1 N2\nN2 N1\n";
        let a = answer(&strings(&["open", "a.top", top, "a.events", "snapshot N1\n"]));
        assert_eq!(a[0], "opened");
        assert_eq!(a[3], "0\nN1 5\nN2 5\n");
    }

    #[test]
    fn bad_requests_are_errors() {
        assert_eq!(answer(&strings(&["open", "x.txt", "process P1 zz"]))[0], "error");
        assert_eq!(answer(&strings(&["export", "json", "v1.garbage"]))[0], "error");
        assert_eq!(
            answer(&strings(&["export", "pdf", &link::encode(&presets::PRESETS[0].scenario().unwrap())]))[0],
            "error"
        );
        assert_eq!(answer(&strings(&["open", "x.txt"]))[0], "error");
        assert_eq!(answer(&[]), strings(&["error", "the request is not understood"]));
    }

    #[test]
    fn multicast_links_export_their_run_and_texts_open() {
        use crate::formats::multicast_presets::PRESETS as MC;
        for p in MC {
            let s = p.scenario().unwrap();
            let l = multicast_link::encode(&s);
            let log = s.replay().unwrap().log;
            let n = s.setup.members;
            let json = answer(&strings(&["export", "json", &l, p.id]));
            assert_eq!(json[1], format!("snapshot-lab-{}-run.json", p.id));
            assert_eq!(json[2], "application/json");
            assert_eq!(json[3], multicast_export::RunDocument::new(&s).to_json());
            assert_eq!(answer(&strings(&["export", "text", &l]))[3], multicast_text::to_text(&s));
            assert_eq!(answer(&strings(&["export", "shiviz", &l]))[3], multicast_shiviz::export(n, &log));
            assert_eq!(answer(&strings(&["export", "mermaid-sequence", &l]))[3], multicast_mermaid::sequence(n, &log));
            // A snapshot run's formats mean nothing for a group.
            assert_eq!(answer(&strings(&["export", "mermaid-rules", &l]))[0], "error");
            // The text opens as the same run; so does the link.
            let text = multicast_text::to_text(&s);
            assert_eq!(
                answer(&strings(&["open-multicast", "run.txt", &text])),
                strings(&["opened", &l, "the scenario text run.txt", ""])
            );
            assert_eq!(answer(&strings(&["open-multicast", "it", &format!("https://x/#{l}")]))[1], l);
        }
        let bad = answer(&strings(&["open-multicast", "run.txt", "group 3\nmulticast P9\n"]));
        assert_eq!(bad[0], "error");
        assert!(bad[1].starts_with("run.txt, line "), "{}", bad[1]);
        assert_eq!(answer(&strings(&["open-multicast", "it", "v1.mc.zz"]))[0], "error");
    }
}
