//! The `snapshot-lab` binary: every command's output and exit status. Bad input exits 2
//! with exactly one line `error: …` on stderr, and nothing ever panics.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use snapshot_lab::formats::export::replay_text;
use snapshot_lab::formats::{link, presets, text};
use snapshot_lab::formats::{mermaid, shiviz};

const BANK_LINK: &str = "v1.CALQD6AfBmFjY3QxBmFjY3QyAgVAAWQRUAFgARBgAQE";

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_snapshot-lab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run snapshot-lab");
    match child.stdin.take().unwrap().write_all(stdin) {
        Ok(()) => {}
        // The command may be done (a bad argument refused) before it reads its input.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("writing to snapshot-lab's stdin: {e}"),
    }
    let out = child.wait_with_output().unwrap();
    Output {
        code: out.status.code().expect("exited with a status"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, b"")
}

/// Exit 0, nothing on stderr; returns stdout.
fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    assert_eq!(out.stderr, "", "{args:?}");
    out.stdout
}

/// Exit 2 with one `error:` line on stderr; returns that line (and checks stdout is as given).
fn fails(args: &[&str]) -> String {
    let out = run(args);
    bad_input(&out, &format!("{args:?}"))
}

fn bad_input(out: &Output, what: &str) -> String {
    assert_eq!(out.code, 2, "{what}: stdout {} stderr {}", out.stdout, out.stderr);
    assert!(out.stderr.ends_with('\n'), "{what}: {:?}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: {:?}", out.stderr);
    assert!(lines[0].starts_with("error: "), "{what}: {}", lines[0]);
    // Not the panic hook's `error: internal: …` (the word can be in a message: `unknown keyword`).
    assert!(!lines[0].starts_with("error: internal:"), "{what}: {}", lines[0]);
    lines[0].to_string()
}

fn scratch(name: &str, content: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, content).unwrap();
    path
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cos418").join(name).to_string_lossy().into_owned()
}

#[test]
fn help_and_version() {
    for args in [&["--help"][..], &["-h"], &["help"], &["replay", "--help"]] {
        let out = ok(args);
        assert!(out.contains("usage:") && out.contains("snapshot-lab replay <SCENARIO> [--json]"), "{out}");
        assert!(out.contains("cos418 --top <F> --events <F>"));
        assert!(out.contains("snapshot-lab export <SCENARIO> --format <FORMAT>"), "{out}");
        assert!(out.contains("mermaid-flowchart") && out.contains("mermaid-sequence") && out.contains("shiviz"));
    }
    assert_eq!(ok(&["--version"]), format!("snapshot-lab {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    assert!(fails(&[]).contains("no command"));
    assert!(fails(&["frobnicate"]).contains("unknown command `frobnicate`"));
    assert!(fails(&["replay"]).contains("`replay` needs a scenario"));
    assert!(fails(&["replay", BANK_LINK, BANK_LINK]).contains("unexpected argument"));
    assert!(fails(&["replay", BANK_LINK, "--jsn"]).contains("unknown option `--jsn`"));
    assert!(fails(&["link"]).contains("`link` needs"));
    assert!(fails(&["text", "@"]).contains("`@` must be followed by a file name"));
}

#[test]
fn replay_prints_the_log_and_the_snapshots() {
    let out = ok(&["replay", BANK_LINK]);
    let bank = presets::find("bank").unwrap().scenario().unwrap();
    assert_eq!(out, replay_text(&bank));
    assert!(out.contains("   1 P1  send              m1 P1→P2"), "{out}");
    assert!(out.contains("recorded process states: P1 900, P2 2000"));
    assert!(out.contains("recorded channel states: P1→P2 [m1], P2→P1 empty"));
    assert!(out.contains("verdict: consistent"));
    // The same from a full URL with options, from a file of text, and from a file of a link.
    assert_eq!(ok(&["replay", &format!("https://example.org/lab/#{BANK_LINK}&embed")]), out);
    let text_file = scratch("bank.txt", presets::find("bank").unwrap().text.as_bytes());
    assert_eq!(ok(&["replay", &format!("@{}", text_file.display())]), out);
    let link_file = scratch("bank.link", format!("  {BANK_LINK}\n").as_bytes());
    assert_eq!(ok(&["replay", &format!("@{}", link_file.display())]), out);
    let piped = run_with_stdin(&["replay", "@-"], BANK_LINK.as_bytes());
    assert_eq!((piped.code, piped.stdout), (0, out));
}

#[test]
fn replay_reports_inconsistent_snapshots() {
    let non_fifo = link::encode(&presets::find("non-fifo").unwrap().scenario().unwrap());
    let out = ok(&["replay", &non_fifo]);
    assert!(out.contains("verdict: inconsistent: "), "{out}");
    assert!(out.contains("add up to 2900, not the total 3000"), "{out}");
}

#[test]
fn replay_json_is_one_document() {
    let out = ok(&["replay", "--json", BANK_LINK]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(doc["format"], "snapshot-lab-run");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["scenario"]["link"], BANK_LINK);
    assert_eq!(doc["scenario"]["processes"][0]["label"], "acct1");
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 12);
    let first = &events[0];
    assert_eq!(first["seq"], 1);
    assert_eq!(first["process"], "P1");
    assert_eq!(first["kind"], "send");
    assert_eq!(first["message"]["name"], "m1");
    assert_eq!(first["message"]["from"], "P1");
    assert_eq!(first["message"]["to"], "P2");
    assert_eq!(first["message"]["kind"], "app");
    assert_eq!(first["message"]["amount"], 100);
    assert_eq!(first["rule"], "send");
    assert_eq!(first["description"], "P1 sends m1 (100) to P2");
    assert!(first["rule_sentence"].as_str().unwrap().contains("does not stop it"));
    assert_eq!(first["lamport"], 1);
    assert_eq!(first["vclock"], serde_json::json!([1, 0]));
    assert_eq!(first["action"], 0);
    assert_eq!(events[4]["recorded_in"], serde_json::json!(["S1"]));
    let s1 = &doc["snapshots"][0];
    assert_eq!(s1["name"], "S1");
    assert_eq!(s1["initiators"], serde_json::json!(["P2"]));
    assert_eq!(s1["complete"], true);
    assert_eq!(s1["processes"][0]["state"], 900);
    assert_eq!(s1["channels"][0]["messages"], serde_json::json!(["m1"]));
    assert_eq!(s1["channels"][0]["status"], "recorded");
    assert_eq!(s1["verdict"]["consistent"], true);
    assert_eq!(doc["error"], serde_json::Value::Null);
    // --json may come first or last.
    assert_eq!(ok(&["replay", BANK_LINK, "--json"]), out);
}

#[test]
fn an_impossible_action_prints_the_log_so_far_and_exits_2() {
    let file = scratch("stuck.txt", b"process P1 10\nprocess P2 10\nsend P1 P2 1\nsend P1 P2 2\ndeliver m2\n");
    let arg = format!("@{}", file.display());
    let out = run(&["replay", &arg]);
    let line = bad_input(&out, "stuck");
    assert!(line.contains("stuck.txt: action 3 (deliver m2) is impossible"), "{line}");
    assert!(out.stdout.contains("m2 P1→P2"), "{}", out.stdout);
    let json = run(&["replay", "--json", &arg]);
    bad_input(&json, "stuck --json");
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["error"]["action"], 2);
    assert_eq!(doc["error"]["action_text"], "deliver m2");
}

#[test]
fn bad_links_say_what_and_where() {
    let truncated = &BANK_LINK[..BANK_LINK.len() - 3];
    let line = fails(&["replay", truncated]);
    assert!(line.starts_with("error: link: truncated at byte"), "{line}");
    assert!(fails(&["text", "v2.AAAA"]).contains("unknown version v2: this link was made by a newer Snapshot Lab"));
    assert!(fails(&["text", "hello"]).contains("not a Snapshot Lab link"));
    assert!(fails(&["text", "v1.AA!A"]).contains("character 6"));
    assert!(fails(&["replay", ""]).contains("the link is empty"));
    // One argument can hold at most 128 KiB on Linux, so the oversized link comes on stdin.
    let oversized = format!("v1.{}", "A".repeat(300_000));
    let out = run_with_stdin(&["text", "@-"], oversized.as_bytes());
    assert!(bad_input(&out, "oversized").contains("standard input is larger than the limit of 262144 bytes"));
}

#[test]
fn bad_files_say_what_and_where() {
    let line = fails(&["replay", "@/no/such/file.txt"]);
    assert_eq!(line, "error: cannot read /no/such/file.txt: no such file");
    let bad = scratch("bad.txt", b"process P1 10\nprocess P2 10\nsend P1 P2 five\n");
    let line = fails(&["link", &bad.display().to_string()]);
    assert!(line.ends_with("bad.txt:3:12: expected the amount (a whole number), found `five`"), "{line}");
    let binary = scratch("binary.txt", b"process P1 10\n\xff\xfe\n");
    assert!(fails(&["text", &format!("@{}", binary.display())]).contains("is not UTF-8 text (at byte 14)"));
    let bad_link = scratch("bad.link", b"v1.AAAA\n");
    assert!(fails(&["text", &format!("@{}", bad_link.display())]).contains("bad.link: link: "));
}

/// Fails if the output holds a character a terminal would act on: a control character other
/// than newline and tab (an ESC starts a sequence that can retitle or redraw the terminal, BEL
/// rings it) or a bidirectional-text control.
fn assert_terminal_safe(out: &Output, what: &str) {
    for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let bad = text.chars().find(|&c| {
            (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        });
        assert_eq!(bad, None, "{what}: {stream} holds a raw control character: {text:?}");
    }
}

/// An input that asks the terminal to set its title to `x`: ESC ] 0 ; x BEL.
const SET_TITLE: &str = "\u{1b}]0;x\u{7}";
/// The same as the error messages print it.
const SET_TITLE_SHOWN: &str = "\\u{1b}]0;x\\u{7}";

#[test]
fn errors_escape_control_characters_in_the_input() {
    let two = "process P1 10\nprocess P2 10\n";
    // A scenario text: an amount, a keyword, a process name, on standard input too.
    let amount = scratch("title-amount.txt", format!("{two}send P1 P2 {SET_TITLE}\n").as_bytes());
    let out = run(&["replay", &format!("@{}", amount.display())]);
    assert_terminal_safe(&out, "amount");
    let line = bad_input(&out, "amount");
    assert!(
        line.ends_with(&format!(
            "title-amount.txt:3:12: expected the amount (a whole number), found `{SET_TITLE_SHOWN}`"
        )),
        "{line}"
    );
    let keyword = scratch("title-keyword.txt", format!("{two}{SET_TITLE}\u{9b}2J\u{202e} P1\n").as_bytes());
    let out = run(&["link", &keyword.display().to_string()]);
    assert_terminal_safe(&out, "keyword");
    let line = bad_input(&out, "keyword");
    assert!(
        line.contains(&format!("title-keyword.txt:3:1: unknown keyword `{SET_TITLE_SHOWN}\\u{{9b}}2J\\u{{202e}}`")),
        "{line}"
    );
    let piped = run_with_stdin(&["text", "@-"], format!("{two}send P1 {SET_TITLE} 5\n").as_bytes());
    assert_terminal_safe(&piped, "stdin");
    assert!(bad_input(&piped, "stdin")
        .contains(&format!("standard input:3:9: expected a process name like P1, found `{SET_TITLE_SHOWN}`")));
    // Command-line arguments and links.
    for args in [
        &[SET_TITLE][..],
        &["replay", BANK_LINK, &format!("--{SET_TITLE}")],
        &["export", BANK_LINK, "--format", SET_TITLE],
        &["generate", "--seed", SET_TITLE],
        &["text", &format!("v1.AA{SET_TITLE}")],
    ] {
        let out = run(args);
        assert_terminal_safe(&out, &format!("{args:?}"));
        bad_input(&out, &format!("{args:?}"));
    }
    // COS 418 files: a token count, a command, a delay.
    let top = fixture("2nodes.top");
    let events = fixture("2nodes.events");
    let bad_top = scratch("title.top", format!("2\nN1 5\nN2 {SET_TITLE}\n").as_bytes());
    let bad_events = scratch("title.events", format!("tick\n{SET_TITLE} N1\n").as_bytes());
    let bad_delays = scratch("title.delays", format!("1 {SET_TITLE}\n").as_bytes());
    for (args, expected) in [
        (
            vec!["cos418", "--top", &bad_top.to_string_lossy(), "--events", &events],
            format!("title.top:3: expected a number of tokens, found `{SET_TITLE_SHOWN}`"),
        ),
        (
            vec!["cos418", "--top", &top, "--events", &bad_events.to_string_lossy()],
            format!("title.events:2: unknown command `{SET_TITLE_SHOWN}`"),
        ),
        (
            vec!["cos418", "--top", &top, "--events", &events, "--delays", &bad_delays.to_string_lossy()],
            format!("title.delays:1: expected a delay in ticks (1 to 1000000), found `{SET_TITLE_SHOWN}`"),
        ),
    ] {
        let out = run(&args);
        assert_terminal_safe(&out, &expected);
        let line = bad_input(&out, &expected);
        assert!(line.contains(&expected), "{line}");
    }
}

#[test]
fn errors_quote_a_short_excerpt_of_a_huge_input() {
    let two = "process P1 10\nprocess P2 10\n";
    let digits = "9".repeat(200_000);
    // Each error line is short, says what is wrong and where, and shows the start of the input.
    let short = |out: &Output, what: &str, expected: &[&str]| {
        assert_terminal_safe(out, what);
        let line = bad_input(out, what);
        let start: String = line.chars().take(200).collect();
        // The scratch files' folder is the build's, of any length: not the error's own words.
        let own = line.replace(&format!("{}/", Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests").display()), "");
        assert!(own.len() < 400, "{what}: an error line of {} bytes: {start}…", own.len());
        for piece in expected {
            assert!(line.contains(piece), "{what}: {line} does not say {piece:?}");
        }
        line
    };
    let amount = scratch("huge-amount.txt", format!("{two}send P1 P2 {digits}\n").as_bytes());
    let line = short(
        &run(&["replay", &format!("@{}", amount.display())]),
        "amount",
        &["huge-amount.txt:3:12: the amount 999999999", "9… is out of range (-1000000000000 to 1000000000000)"],
    );
    assert!(!line.contains(&"9".repeat(81)), "{line}");
    // The cut falls on a character boundary (stderr is checked to be UTF-8) and keeps the
    // closing backquote; an escape is never cut in two.
    let keyword = scratch("huge-keyword.txt", format!("{two}{}\n", "é".repeat(100_000)).as_bytes());
    short(
        &run(&["link", &keyword.display().to_string()]),
        "keyword",
        &["huge-keyword.txt:3:1: unknown keyword `éé", "é…`: a line starts"],
    );
    let escapes = scratch("huge-escapes.txt", format!("{two}{}\n", "\u{1b}".repeat(200_000)).as_bytes());
    let line =
        short(&run(&["link", &escapes.display().to_string()]), "escapes", &["unknown keyword `\\u{1b}", "\\u{1b}…`"]);
    assert!(!line.contains("\\u{1…") && !line.contains("\\u…"), "{line}");
    let label = scratch("huge-label.txt", format!("{two}send P1 \"{}\" 5\n", "a".repeat(200_000)).as_bytes());
    short(
        &run(&["link", &label.display().to_string()]),
        "label",
        &["huge-label.txt:3:9: expected a process name like P1, found the label \"aaaa", "a…\""],
    );
    let piped = run_with_stdin(&["text", "@-"], format!("{two}send P1 P2 {digits}\n").as_bytes());
    short(&piped, "stdin", &["standard input:3:12: the amount 999", "… is out of range"]);
    // Command-line arguments (one may hold up to 128 KiB).
    let long_arg = "x".repeat(100_000);
    short(&run(&[&long_arg]), "command", &["unknown command `xxx", "x…`; the commands are"]);
    short(&run(&["replay", &long_arg]), "link argument", &["link: not a Snapshot Lab link"]);
    short(&run(&["generate", "--seed", &digits[..100_000]]), "seed", &["`--seed` needs a whole number", "9…`"]);
    // COS 418 files.
    let top = fixture("2nodes.top");
    let events = fixture("2nodes.events");
    let huge_top = scratch("huge.top", format!("2\nN1 5\nN2 {digits}\n").as_bytes());
    short(
        &run(&["cos418", "--top", &huge_top.to_string_lossy(), "--events", &events]),
        "top",
        &["huge.top:3: 999", "9… tokens is out of range"],
    );
    let huge_events = scratch("huge.events", format!("tick\nsend N1 N2 {digits}\n{long_arg}\n").as_bytes());
    short(
        &run(&["cos418", "--top", &top, "--events", &huge_events.to_string_lossy()]),
        "events",
        &["huge.events:2: 999", "9… tokens is out of range"],
    );
    let huge_command = scratch("huge-command.events", format!("tick\n{long_arg}\n").as_bytes());
    short(
        &run(&["cos418", "--top", &top, "--events", &huge_command.to_string_lossy()]),
        "command",
        &["huge-command.events:2: unknown command `xxx", "x…`"],
    );
}

#[test]
fn link_and_text_convert_both_ways() {
    let bank_text = presets::find("bank").unwrap().text;
    let file = scratch("bank-for-link.txt", bank_text.as_bytes());
    assert_eq!(ok(&["link", &file.display().to_string()]), format!("{BANK_LINK}\n"));
    let printed = ok(&["text", BANK_LINK]);
    assert_eq!(printed, text::to_text(&text::parse(bank_text).unwrap()));
    let piped = run_with_stdin(&["link", "-"], printed.as_bytes());
    assert_eq!((piped.code, piped.stdout), (0, format!("{BANK_LINK}\n")));
    // Every preset: text → link → text is the identity on the canonical text.
    for p in presets::all() {
        let canonical = text::to_text(&p.scenario().unwrap());
        let file = scratch(&format!("{}.txt", p.id), canonical.as_bytes());
        let l = ok(&["link", &file.display().to_string()]);
        assert_eq!(ok(&["text", l.trim()]), canonical, "{}", p.id);
    }
}

#[test]
fn cos418_prints_the_snapshots() {
    for name in ["2nodes", "3ring", "3ids"] {
        let out = ok(&[
            "cos418",
            "--top",
            &fixture(&format!("{name}.top")),
            "--events",
            &fixture(&format!("{name}.events")),
            "--delays",
            &fixture(&format!("{name}.delays")),
        ]);
        assert_eq!(out, fs::read_to_string(fixture(&format!("{name}.snap"))).unwrap(), "{name}");
    }
    // --opt=value works too, and seeded runs repeat.
    let seeded = |seed: &str| {
        ok(&["cos418", &format!("--top={}", fixture("3ids.top")), "--events", &fixture("3ids.events"), "--seed", seed])
    };
    assert_eq!(seeded("5"), seeded("5"));
    assert!(seeded("5").starts_with("0\n"));
}

#[test]
fn cos418_errors_exit_2() {
    let top = fixture("2nodes.top");
    let events = fixture("2nodes.events");
    assert!(fails(&["cos418", "--top", &top]).contains("needs --events"));
    assert!(fails(&["cos418", "--events", &events]).contains("needs --top"));
    assert!(fails(&["cos418", "--top", &top, "--events"]).contains("`--events` needs a value"));
    assert!(fails(&["cos418", "--top", &top, "--top", &top, "--events", &events]).contains("given twice"));
    assert!(fails(&["cos418", "--top", &top, "--events", &events, "--sed", "1"]).contains("unknown option `--sed`"));
    assert!(
        fails(&["cos418", "--top", &top, "--events", &events, "--seed", "x"]).contains("--seed needs a whole number")
    );
    let delays = fixture("2nodes.delays");
    assert!(fails(&["cos418", "--top", &top, "--events", &events, "--delays", &delays, "--seed", "1"])
        .contains("either --delays or --seed"));
    let short = scratch("short.delays", b"2 1\n");
    let line = fails(&["cos418", "--top", &top, "--events", &events, "--delays", &short.display().to_string()]);
    assert!(line.contains("short.delays: ran out of delays: message 3"), "{line}");
    let bad_top = scratch("bad.top", b"2\nN1 5\nN2 x\n");
    let line = fails(&["cos418", "--top", &bad_top.display().to_string(), "--events", &events]);
    assert!(line.contains("bad.top:3: expected a number of tokens, found `x`"), "{line}");
    let negative_top = scratch("negative.top", b"2\nN1 5\nN2 -5\nN1 N2\nN2 N1\n");
    let line = fails(&["cos418", "--top", &negative_top.display().to_string(), "--events", &events]);
    assert!(
        line.ends_with("negative.top:3: server N2 starts with -5 tokens: a number of tokens cannot be negative"),
        "{line}"
    );
    let bad_events = scratch("bad.events", b"tick\nsend N1 N2 100\n");
    let line = fails(&["cos418", "--top", &top, "--events", &bad_events.display().to_string()]);
    assert!(line.contains("bad.events:2: cannot send: N1 has only 10 tokens"), "{line}");
}

#[test]
fn export_prints_mermaid_and_shiviz() {
    let flowchart = ok(&["export", BANK_LINK, "--format", "mermaid-flowchart"]);
    assert_eq!(
        flowchart,
        "flowchart LR\n    P1[\"P1 (acct1)<br>balance 1000\"]\n    P2[\"P2 (acct2)<br>balance 2000\"]\n    \
         P1 --> P2\n    P2 --> P1\n"
    );
    let sequence = ok(&["export", BANK_LINK, "--format", "mermaid-sequence"]);
    assert_eq!(
        sequence,
        "sequenceDiagram
    participant P1 as P1 (acct1)
    participant P2 as P2 (acct2)
    Note over P2: P2 records its state for S1: 2000
    P1->>P2: m1 (100), recorded in S1
    P2-->>P1: marker S1
    Note over P1: P1 records its state for S1: 900
    P1-->>P2: marker S1
    Note over P1,P2: S1 is complete
"
    );
    let log = ok(&["export", BANK_LINK, "--format", "shiviz"]);
    let mut lines = log.lines();
    assert_eq!(lines.next(), Some(shiviz::DEFAULT_REGEX));
    assert_eq!(lines.next(), Some("P1 sends m1 (100) to P2"));
    assert_eq!(lines.next(), Some("P1 {\"P1\": 1}"));
    assert!(log.ends_with("S1 is complete\nP2 {\"P1\": 5, \"P2\": 7}\n"), "{log}");
    let imported = shiviz::import(&log, None).unwrap();
    assert_eq!(imported.events.len(), 12);
    // --format=…, options first, a file, standard input: the same.
    assert_eq!(ok(&["export", "--format=mermaid-sequence", BANK_LINK]), sequence);
    let text_file = scratch("bank-export.txt", presets::find("bank").unwrap().text.as_bytes());
    assert_eq!(ok(&["export", &format!("@{}", text_file.display()), "--format", "shiviz"]), log);
    let piped = run_with_stdin(&["export", "@-", "--format", "mermaid-flowchart"], BANK_LINK.as_bytes());
    assert_eq!((piped.code, piped.stdout), (0, flowchart));
    // Every preset, the same as the library's.
    for p in presets::all() {
        let l = link::encode(&p.scenario().unwrap());
        let log = p.scenario().unwrap().replay().world.log().clone();
        assert_eq!(ok(&["export", &l, "--format", "mermaid-sequence"]), mermaid::sequence(&log), "{}", p.id);
        assert_eq!(ok(&["export", &l, "--format", "shiviz"]), shiviz::export(&log), "{}", p.id);
        assert_eq!(ok(&["export", &l, "--format", "mermaid-rules"]), mermaid::rules(&log), "{}", p.id);
    }
}

#[test]
fn export_errors_exit_2() {
    assert!(fails(&["export", BANK_LINK])
        .contains("`export` needs --format mermaid-flowchart, mermaid-sequence, mermaid-rules or shiviz"));
    assert!(fails(&["export", "--format", "shiviz"]).contains("`export` needs a scenario"));
    assert!(fails(&["export", BANK_LINK, "--format"]).contains("`--format` needs a value"));
    let line = fails(&["export", BANK_LINK, "--format", "svg"]);
    assert!(line.contains("unknown export format `svg`; the formats are mermaid-flowchart"), "{line}");
    assert!(fails(&["export", BANK_LINK, "--format", "shiviz", "--format=shiviz"]).contains("given twice"));
    assert!(fails(&["export", BANK_LINK, "--fromat", "shiviz"]).contains("unknown option `--fromat` for `export`"));
    assert!(fails(&["export", BANK_LINK, BANK_LINK, "--format", "shiviz"]).contains("unexpected argument"));
    assert!(fails(&["export", "v1.AA!A", "--format", "shiviz"]).contains("character 6"));
    // A run with an impossible action exports nothing (the flowchart needs only the topology).
    let file = scratch("stuck-export.txt", b"process P1 10\nprocess P2 10\nsend P1 P2 1\ndeliver m2\n");
    let arg = format!("@{}", file.display());
    for format in ["mermaid-sequence", "mermaid-rules", "shiviz"] {
        let out = run(&["export", &arg, "--format", format]);
        let line = bad_input(&out, format);
        assert!(line.contains("stuck-export.txt: action 2 (deliver m2) is impossible"), "{line}");
        assert!(line.ends_with("nothing is exported"), "{line}");
        assert_eq!(out.stdout, "");
    }
    assert!(ok(&["export", &arg, "--format", "mermaid-flowchart"]).starts_with("flowchart LR\n"));
}

#[test]
fn replay_prints_a_multicast_run_and_its_ordering_verdict() {
    // FIFO order, 3 members: P1 multicasts m1; P2 delivers it and multicasts m2; P3 gets m2
    // first: FIFO delivers it at once, though m1 → m2.
    let link = "v1.mc.AQMEEDABAREwAhI";
    let out = ok(&["replay", link]);
    assert!(out.starts_with("multicast: 3 processes, FIFO order, basic multicast\n"), "{out}");
    assert!(out.contains("P3 delivers m2: V = [0,1,0]"), "{out}");
    assert!(out.contains("  FIFO order: holds\n"), "{out}");
    assert!(out.contains("  causal order: violated: P3 delivered m2 without m1, though m1 → m2\n"), "{out}");
    // A refused action: the run up to it, and an error saying which and why (exit 2).
    let refused = "v1.mc.AQMCEDAFAQ";
    let out = run(&["replay", refused]);
    assert_eq!(out.code, 2);
    let stderr = &out.stderr;
    assert!(stderr.contains("action 2: No such copy is in flight: m5 from P1 to P2"), "{stderr}");
    assert!(fails(&["replay", "v1.mc.AQMB*"]).contains("link:"));
    let json: serde_json::Value = serde_json::from_str(&ok(&["replay", link, "--json"])).unwrap();
    assert_eq!(json["format"], "snapshot-lab-multicast-run");
    assert_eq!(json["ordering"]["causal"]["holds"], false);
}

#[test]
fn multicast_scenarios_convert_between_link_and_text_and_export() {
    use snapshot_lab::formats::{multicast_presets, multicast_text};
    // Every multicast preset: link → text → link.
    for p in multicast_presets::PRESETS {
        let printed = ok(&["text", p.link]);
        assert_eq!(printed, multicast_text::to_text(&p.scenario().unwrap()), "{}", p.id);
        let file = scratch(&format!("mc-{}.txt", p.id), printed.as_bytes());
        assert_eq!(ok(&["link", &file.display().to_string()]), format!("{}\n", p.link), "{}", p.id);
        // @FILE holding the text replays like the link.
        assert_eq!(ok(&["replay", &format!("@{}", file.display())]), ok(&["replay", p.link]), "{}", p.id);
    }
    let piped = run_with_stdin(&["link", "-"], b"# by hand\ngroup 2\nmulticast P1\nreceive m1 P1 P2\n");
    assert_eq!((piped.code, piped.stdout.as_str()), (0, "v1.mc.AAICEDABAQ\n"));
    let total = multicast_presets::find("total-not-causal").unwrap().link;
    let shiviz = ok(&["export", total, "--format", "shiviz"]);
    assert!(shiviz.contains("P3 receives the order of m1 (#2) from P1\nP3 {"), "{shiviz}");
    let mermaid = ok(&["export", total, "--format", "mermaid-sequence"]);
    assert!(mermaid.starts_with("sequenceDiagram\n    participant P1\n"), "{mermaid}");
    assert!(mermaid.contains("    P1-->>P3: the order of m1 (#35;2)\n"), "{mermaid}");
    let json: serde_json::Value = serde_json::from_str(&ok(&["replay", total, "--json"])).unwrap();
    assert_eq!(json["ordering"]["total"]["holds"], true);
    assert_eq!(json["scenario"]["order"], "total");
}

#[test]
fn an_isis_run_replays_and_exports_from_the_command_line() {
    // Total order by agreed priorities: P1 and P2 multicast at once; P3 gets m2 first.
    let text = "group 3\norder isis\nmulticast P1\nmulticast P2\nreceive m2 P2 P3\nreceive m1 P1 P3\n\
                receive m2 P2 P1\nreceive m1 P1 P2\nreceive proposal m1 2.2 P2 P1\nreceive proposal m1 2.3 P3 P1\n\
                receive proposal m2 1.3 P3 P2\nreceive proposal m2 2.1 P1 P2\nreceive agreed m1 2.3 P1 P3\n\
                receive agreed m2 2.1 P2 P3\nreceive agreed m2 2.1 P2 P1\nreceive agreed m1 2.3 P1 P2\n";
    let file = scratch("mc-isis.txt", text.as_bytes());
    let arg = format!("@{}", file.display());
    let out = ok(&["replay", &arg]);
    assert!(
        out.starts_with("multicast: 3 processes, total order by agreed priorities (ISIS), basic multicast\n"),
        "{out}"
    );
    assert!(out.contains("P3 holds m1: m2 (proposed 1.3, not agreed yet) is ahead of it"), "{out}");
    assert!(out.contains("  total order: holds\n"), "{out}");
    let link = ok(&["link", &file.display().to_string()]);
    assert!(link.starts_with("v1.mc.E"), "{link}");
    assert_eq!(ok(&["text", link.trim()]).replace("reliability basic\n", ""), text);
    let json: serde_json::Value = serde_json::from_str(&ok(&["replay", &arg, "--json"])).unwrap();
    assert_eq!(json["scenario"]["order"], "isis");
    assert_eq!(json["ordering"]["total"]["holds"], true);
    let mermaid = ok(&["export", &arg, "--format", "mermaid-sequence"]);
    assert!(mermaid.contains("    P3-->>P2: the proposal 1.3 for m2\n"), "{mermaid}");
    let shiviz = ok(&["export", &arg, "--format", "shiviz"]);
    assert!(shiviz.contains("P2 receives the agreed priority 2.3 for m1 from P1\nP2 {"), "{shiviz}");
}

#[test]
fn bad_multicast_input_exits_2_with_one_line() {
    let file = scratch("mc-bad.txt", b"group 3\norder fifo\nmulticast P1\nreceive m1 P1 P7\n");
    let path = file.display().to_string();
    let line = fails(&["link", &path]);
    assert_eq!(line, format!("error: {path}:4:15: there is no process P7: the scenario declares 3 (P1 to P3)"));
    let line = fails(&["replay", &format!("@{path}")]);
    assert!(line.ends_with(":4:15: there is no process P7: the scenario declares 3 (P1 to P3)"), "{line}");
    let line = fails(&["text", &format!("@{path}")]);
    assert!(line.contains(":4:15:"), "{line}");
    // A refused action in a text file: exit 2 after the run so far, naming the action.
    let file = scratch("mc-refused.txt", b"group 2\nreceive m3 P1 P2\n");
    let out = run(&["replay", "--json", &format!("@{}", file.display())]);
    let line = bad_input(&out, "refused");
    assert!(line.contains("action 1: No such copy is in flight: m3 from P1 to P2"), "{line}");
    assert!(serde_json::from_str::<serde_json::Value>(&out.stdout).is_ok());
    let out = run(&["export", &format!("@{}", file.display()), "--format", "shiviz"]);
    let line = bad_input(&out, "export refused");
    assert!(line.ends_with("nothing is exported"), "{line}");
    assert_eq!(out.stdout, "");
    // A multicast run cannot draw the snapshot lab's topology or marker rules.
    let line = fails(&["export", "v1.mc.AAICEDABAQ", "--format", "mermaid-flowchart"]);
    assert!(line.contains("a multicast run exports as mermaid-sequence or shiviz"), "{line}");
    // Bad links, hostile text: one line, escaped.
    assert!(fails(&["text", "v1.mc.AQkA"]).starts_with("error: link: "));
    let file = scratch("mc-hostile.txt", "group 3\ncrash \u{1b}[31mP1\n".as_bytes());
    let line = fails(&["link", &file.display().to_string()]);
    assert!(line.contains("\\u{1b}") && !line.contains('\u{1b}'), "{line}");
}
