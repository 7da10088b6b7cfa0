//! The page's file work as text in, text out, so that it can run in a web worker that the page
//! loads only when a person exports or opens a file (`src/files_worker.rs`): the text form's
//! parser and writer, the run JSON, Mermaid, ShiViz (with `regex-lite`) and the COS 418 runner
//! then stay out of the page's first load.
//!
//! A request is a list of strings; so is the answer:
//! - `["export", FORMAT, LINK]` or `["export", FORMAT, LINK, NAME]` → `["ok", FILE NAME, MIME
//!   TYPE, CONTENT]`, FORMAT one of [`EXPORTS`]; the content is made from the link exactly as
//!   `snapshot-lab` makes it (`replay --json`, `export --format …`, `text`); the file name
//!   carries the scenario's NAME ([`file_name`]);
//! - `["open", NAME, TEXT, NAME, TEXT, …]` → `["opened", LINK, WHAT, SNAP TEXT or ""]`
//!   ([`open::open`]);
//! - anything that goes wrong → `["error", MESSAGE]`.
//!
//! What an answer tells the learner (WHAT, MESSAGE) is a [`Sentence`] of the core, written out
//! by the caller's `say` ([`answer_in`]: the file worker's is the page's language); the files
//! themselves are the same in every language.

use super::export::{file_name, RunDocument};
use super::{link, mermaid, open, shiviz, text};
use crate::say;
use crate::sim::words::{Says, Sentence};

/// The export formats a request can name.
pub const EXPORTS: [&str; 6] = ["mermaid-flowchart", "mermaid-sequence", "mermaid-rules", "shiviz", "text", "json"];

const TEXT: &str = "text/plain;charset=utf-8";

/// One export of the scenario behind a link, named after the scenario `name` (may be empty):
/// (file name, MIME type, content).
pub fn export(format: &str, link: &str, name: &str) -> Result<(String, &'static str, String), Sentence> {
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
}
