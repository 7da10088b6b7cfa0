//! The native command line, `snapshot-lab`: replay a scenario and print its event log and
//! snapshots (as text or one JSON document), convert between the readable text form and the
//! `v1.` link, export a run for other tools (Mermaid, ShiViz), and run COS 418 assignment files. Exit status 0 on success and 2 on bad input,
//! with one line `error: …` on stderr saying what is wrong and where. Input that line quotes is
//! shown with control characters escaped (`\u{1b}`) and cut to 80 characters (`…`), so a file
//! can neither drive the terminal nor flood it. Nothing here panics on input; a panic hook
//! turns a bug into `error: internal: …` and status 2 all the same.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};

use snapshot_lab::formats::cos418::{self, Delays};
use snapshot_lab::formats::export::{replay_text, RunDocument};
use snapshot_lab::formats::link::LinkError;
use snapshot_lab::formats::text::TextErrorKind;
use snapshot_lab::formats::{link, text};
use snapshot_lab::formats::{mermaid, multicast_export, multicast_link, shiviz};
use snapshot_lab::formats::{multicast_mermaid, multicast_shiviz, multicast_text};
use snapshot_lab::sim::limits::MAX_SCENARIO_BYTES;
use snapshot_lab::sim::multicast;
use snapshot_lab::sim::words::Sentence;
use snapshot_lab::sim::Scenario;

const USAGE: &str = "\
snapshot-lab: the Chandy–Lamport snapshot algorithm, run by hand

usage:
  snapshot-lab replay <SCENARIO> [--json]   print the event log and every snapshot
                                            (recorded states, channels, verdict);
                                            --json prints one JSON document instead
  snapshot-lab link <FILE>                  print the v1. link of a scenario text file
                                            (v1.mc. for a multicast scenario)
  snapshot-lab text <SCENARIO>              print a scenario in the readable text form
  snapshot-lab export <SCENARIO> --format <FORMAT>
                                            print the topology or the run for another tool:
                                            mermaid-flowchart (the processes and channels),
                                            mermaid-sequence (the messages, markers and
                                            recorded states), mermaid-rules (the marker rules
                                            as state machines, in the newest running
                                            snapshot) or shiviz (a ShiViz log: the parser
                                            regex, then each event and its vector clock)
  snapshot-lab cos418 --top <F> --events <F> [--delays <F> | --seed <N>]
                                            run COS 418 assignment-2 files and print
                                            every snapshot in the .snap format
  snapshot-lab generate [--processes <N>] [--events <N>] [--seed <N>] [--in-flight <N>]
                                            print the v1. link of a seeded random run on a
                                            complete graph (default 8 processes, 2000
                                            events), leaving at most N messages in flight
  snapshot-lab --help                       this help
  snapshot-lab --version                    the version

<SCENARIO> is a link (a full URL with #v1.… or a bare v1.… payload) or @FILE, a file holding
a link or a scenario in the text form (@- reads standard input; so does a <FILE> of -).
Multicast runs (v1.mc. links, texts starting with `group`) replay (also --json), convert
with link and text, and export as mermaid-sequence or shiviz.
cos418 --delays names a file of whitespace-separated delays in ticks (>= 1), one per message
sent, in send order; without it delays come from the seeded generator (--seed, default 1).

Exit status: 0 on success, 2 on bad input (with one line `error: …` on stderr).
The text form and the link form are described in docs/formats.md.
";

/// What a command produced: standard output, and the error that ends it, if any.
struct Outcome {
    stdout: String,
    error: Option<String>,
}

impl Outcome {
    fn ok(stdout: String) -> Self {
        Outcome { stdout, error: None }
    }
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let _ = writeln!(
            io::stderr(),
            "error: internal: {}{place} (this is a bug in snapshot-lab)",
            printable(&one_line(&payload))
        );
        std::process::exit(2);
    }));
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let outcome = match run(&args) {
        Ok(outcome) => outcome,
        Err(message) => Outcome { stdout: String::new(), error: Some(message) },
    };
    if !outcome.stdout.is_empty() {
        let mut stdout = io::stdout().lock();
        if let Err(e) = stdout.write_all(outcome.stdout.as_bytes()).and_then(|()| stdout.flush()) {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return if outcome.error.is_some() { 2 } else { 0 };
            }
            let _ = writeln!(io::stderr(), "error: cannot write the output: {e}");
            return 2;
        }
    }
    match outcome.error {
        None => 0,
        Some(message) => {
            let _ = writeln!(io::stderr(), "error: {}", printable(&one_line(&message)));
            2
        }
    }
}

/// A message on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Longest excerpt of the input an error message quotes, in characters as printed.
const MAX_EXCERPT_CHARS: usize = 80;

/// True for a character a terminal acts on rather than shows: a control character (ESC starts
/// escape sequences that retitle or redraw the terminal, BEL rings, CR overwrites the line) or
/// a bidirectional-text control (it can make the text read in another order than it is).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One character as printed: itself, or `\u{…}` (hex, the text form's own escape) when unsafe.
fn escaped(c: char) -> String {
    if is_unsafe(c) {
        format!("\\u{{{:x}}}", u32::from(c))
    } else {
        c.to_string()
    }
}

/// Text for the terminal: every unsafe character escaped as `\u{…}`. Applied to each error line
/// as it is printed, so no input byte reaches the terminal raw, whatever message quotes it.
fn printable(s: &str) -> String {
    if !s.chars().any(is_unsafe) {
        return s.to_string();
    }
    s.chars().map(escaped).collect()
}

/// A piece of the input quoted in an error message: unsafe characters escaped, and cut to
/// [`MAX_EXCERPT_CHARS`] printed characters with `…` (on a character boundary, never inside an
/// escape). A closing `` ` `` or `"` that quoted the whole piece is kept after the `…`.
fn excerpt(s: &str) -> String {
    let printed: usize = s.chars().map(|c| if is_unsafe(c) { escaped(c).chars().count() } else { 1 }).sum();
    if printed <= MAX_EXCERPT_CHARS {
        return printable(s);
    }
    let close = s.chars().last().filter(|&c| c == '`' || c == '"');
    let budget = MAX_EXCERPT_CHARS - 1 - usize::from(close.is_some());
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let piece = escaped(c);
        let width = piece.chars().count();
        if used + width > budget {
            break;
        }
        out.push_str(&piece);
        used += width;
    }
    out.push('…');
    out.extend(close);
    out
}

fn run(args: &[OsString]) -> Result<Outcome, String> {
    let mut strings = Vec::with_capacity(args.len());
    for (i, a) in args.iter().enumerate() {
        match a.to_str() {
            Some(s) => strings.push(s.to_string()),
            None => return Err(format!("argument {} is not valid UTF-8", i + 1)),
        }
    }
    if strings.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Outcome::ok(USAGE.to_string()));
    }
    let Some((command, rest)) = strings.split_first() else {
        return Err("no command given; try `snapshot-lab --help`".to_string());
    };
    match command.as_str() {
        "help" => Ok(Outcome::ok(USAGE.to_string())),
        "--version" | "-V" => Ok(Outcome::ok(format!("snapshot-lab {}\n", env!("CARGO_PKG_VERSION")))),
        "replay" => replay(rest),
        "link" => link_command(rest),
        "text" => text_command(rest),
        "export" => export_command(rest),
        "cos418" => cos418_command(rest),
        "generate" => generate_command(rest),
        other => Err(format!(
            "unknown command `{}`; the commands are replay, link, text, export, cos418 and generate \
             (try `snapshot-lab --help`)",
            excerpt(other)
        )),
    }
}

/// The one positional argument of a command, refusing unknown options and extra arguments.
fn positional<'a>(command: &str, what: &str, args: &'a [String], flags: &[&str]) -> Result<&'a str, String> {
    let mut found: Option<&str> = None;
    for a in args {
        if flags.contains(&a.as_str()) {
            continue;
        }
        if a.starts_with("--") {
            return Err(format!("unknown option `{}` for `{command}`", excerpt(a)));
        }
        if found.is_some() {
            return Err(format!("unexpected argument `{}`: `{command}` takes one {what}", excerpt(a)));
        }
        found = Some(a);
    }
    found.ok_or_else(|| format!("`{command}` needs a {what}; try `snapshot-lab --help`"))
}

/// Reads a whole file (or standard input for `-`), at most `limit` bytes, as UTF-8.
fn read_file(path: &str, limit: usize) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        io::stdin().lock().take(limit as u64 + 1).read_to_end(&mut bytes)
    } else {
        File::open(path).and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
    };
    let name = if path == "-" { "standard input" } else { path };
    result.map_err(|e| format!("cannot read {name}: {}", io_reason(&e)))?;
    if bytes.len() > limit {
        return Err(format!("{name} is larger than the limit of {limit} bytes"));
    }
    String::from_utf8(bytes).map_err(|e| format!("{name} is not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()))
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn source_name(path: &str) -> &str {
    if path == "-" {
        "standard input"
    } else {
        path
    }
}

/// Reads a scenario text file. Errors read `FILE:LINE:COLUMN: what`.
fn scenario_from_text(name: &str, content: &str) -> Result<Scenario, String> {
    text::parse(content).map_err(|e| format!("{name}:{}:{}: {}", e.line, e.column, text_error_kind(e.kind)))
}

/// What is wrong with a scenario text, with every piece of the input it quotes an [`excerpt`]
/// (a token can be as long as the file: a 200,000-digit amount).
fn text_error_kind(kind: TextErrorKind) -> TextErrorKind {
    use TextErrorKind as K;
    match kind {
        K::UnknownKeyword { found } => K::UnknownKeyword { found: excerpt(&found) },
        K::Expected { expected, found } => {
            K::Expected { expected, found: Sentence::plain(excerpt(&found.to_string())) }
        }
        K::OutOfRange { what, found, min, max } => K::OutOfRange { what, found: excerpt(&found), min, max },
        K::ProcessOutOfOrder { expected, found } => K::ProcessOutOfOrder { expected, found: excerpt(&found) },
        K::UnknownProcess { name, count } => K::UnknownProcess { name: excerpt(&name), count },
        K::BadEscape { found } => K::BadEscape { found: excerpt(&found) },
        K::SelfChannel { process } => K::SelfChannel { process: excerpt(&process) },
        K::DuplicateChannel { channel, first_line } => K::DuplicateChannel { channel: excerpt(&channel), first_line },
        // The rest quote no input (keywords and numbers the parser itself names).
        other => other,
    }
}

/// A link error, quoting at most an [`excerpt`] of the link.
fn link_error(e: LinkError) -> String {
    match e {
        LinkError::UnknownVersion { version } => LinkError::UnknownVersion { version: excerpt(&version) }.to_string(),
        other => other.to_string(),
    }
}

/// A COS 418 error, with every piece of the files it quotes an [`excerpt`].
fn cos418_error(e: cos418::Cos418Error) -> String {
    use cos418::Cos418ErrorKind as K;
    let kind = match e.kind {
        K::NotANumber { what, found } => K::NotANumber { what, found: excerpt(&found) },
        K::DuplicateServer { id } => K::DuplicateServer { id: excerpt(&id) },
        K::IdTooLong { id } => K::IdTooLong { id: excerpt(&id) },
        K::ControlInId { id } => K::ControlInId { id: excerpt(&id) },
        K::UnknownServer { id } => K::UnknownServer { id: excerpt(&id) },
        K::TokensOutOfRange { found } => K::TokensOutOfRange { found: excerpt(&found) },
        K::NegativeTokens { id, found } => K::NegativeTokens { id: excerpt(&id), found: excerpt(&found) },
        K::UnknownCommand { found } => K::UnknownCommand { found: excerpt(&found) },
        K::BadDelay { found } => K::BadDelay { found: excerpt(&found) },
        K::BadSnapLine { found } => K::BadSnapLine { found: excerpt(&found) },
        K::DuplicateState { id } => K::DuplicateState { id: excerpt(&id) },
        // Server ids in the rest were declared, so at most MAX_LABEL_CHARS long.
        other => other,
    };
    cos418::Cos418Error { kind, ..e }.to_string()
}

/// A snapshot scenario from a file's content: a link (one word) or a scenario text.
fn snapshot_from_file(name: &str, content: &str) -> Result<Scenario, String> {
    let trimmed = content.trim();
    // A link is one word; a scenario text has at least two process lines.
    if !trimmed.is_empty() && !trimmed.contains(char::is_whitespace) {
        link::decode(trimmed).map_err(|e| format!("{name}: link: {}", link_error(e)))
    } else {
        scenario_from_text(name, content)
    }
}

/// A `<SCENARIO>` argument: a link, or `@FILE` holding a link or a scenario text.
/// Returns the scenario and a name for it in messages.
fn load_scenario(arg: &str) -> Result<(Scenario, String), String> {
    if let Some(path) = arg.strip_prefix('@') {
        if path.is_empty() {
            return Err("`@` must be followed by a file name (or - for standard input)".to_string());
        }
        let content = read_file(path, MAX_SCENARIO_BYTES)?;
        let name = source_name(path).to_string();
        Ok((snapshot_from_file(&name, &content)?, name))
    } else {
        let scenario = link::decode(arg).map_err(|e| format!("link: {}", link_error(e)))?;
        Ok((scenario, "link".to_string()))
    }
}

/// A multicast scenario text file. Errors read `FILE:LINE:COLUMN: what`.
fn multicast_from_text(name: &str, content: &str) -> Result<multicast::Scenario, String> {
    multicast_text::parse(content).map_err(|e| format!("{name}:{}:{}: {}", e.line, e.column, text_error_kind(e.kind)))
}

/// Why a multicast run could not be replayed, in one line.
fn multicast_replay_error(e: &multicast::ReplayError) -> String {
    match e {
        multicast::ReplayError::Size(size) => format!("a group has 2 to 8 members, not {}", size.0),
        multicast::ReplayError::Action(i, e) => format!("action {}: {}", i + 1, e.says()),
    }
}

/// A scenario of either lab.
enum Loaded {
    Snapshot(Scenario, String),
    Multicast(multicast::Scenario, String),
}

/// A `<SCENARIO>` argument of either lab: a `v1.` or `v1.mc.` link, or `@FILE` holding a link or
/// a scenario text (a multicast text starts with `group`).
fn load_any(arg: &str) -> Result<Loaded, String> {
    if let Some(path) = arg.strip_prefix('@') {
        if path.is_empty() {
            return Err("`@` must be followed by a file name (or - for standard input)".to_string());
        }
        let content = read_file(path, MAX_SCENARIO_BYTES)?;
        let name = source_name(path).to_string();
        let trimmed = content.trim();
        if !trimmed.is_empty() && !trimmed.contains(char::is_whitespace) && multicast_link::is_multicast(trimmed) {
            let s = multicast_link::decode(trimmed).map_err(|e| format!("{name}: link: {}", link_error(e)))?;
            return Ok(Loaded::Multicast(s, name));
        }
        if multicast_text::is_multicast_text(&content) {
            return Ok(Loaded::Multicast(multicast_from_text(&name, &content)?, name));
        }
        return Ok(Loaded::Snapshot(snapshot_from_file(&name, &content)?, name));
    }
    if multicast_link::is_multicast(arg) {
        let s = multicast_link::decode(arg).map_err(|e| format!("link: {}", link_error(e)))?;
        return Ok(Loaded::Multicast(s, "link".to_string()));
    }
    let (scenario, name) = load_scenario(arg)?;
    Ok(Loaded::Snapshot(scenario, name))
}

fn replay(args: &[String]) -> Result<Outcome, String> {
    let json = args.iter().any(|a| a == "--json");
    let arg = positional("replay", "scenario (a link or @FILE)", args, &["--json"])?;
    let (scenario, name) = match load_any(arg)? {
        Loaded::Snapshot(scenario, name) => (scenario, name),
        Loaded::Multicast(scenario, name) => {
            if json {
                let doc = multicast_export::RunDocument::new(&scenario);
                let error = doc.error.clone().map(|e| format!("{name}: {e}"));
                return Ok(Outcome { stdout: doc.to_json(), error });
            }
            let (stdout, error) = multicast_export::replay_text(&scenario);
            return Ok(Outcome { stdout, error: error.map(|e| format!("{name}: {e}")) });
        }
    };
    let error = scenario.replay_prefix(scenario.actions.len()).error.map(|e| format!("{name}: {e}"));
    let stdout = if json { RunDocument::new(&scenario).to_json() } else { replay_text(&scenario) };
    Ok(Outcome { stdout, error })
}

fn link_command(args: &[String]) -> Result<Outcome, String> {
    let path = positional("link", "scenario text file", args, &[])?;
    let content = read_file(path, MAX_SCENARIO_BYTES)?;
    if multicast_text::is_multicast_text(&content) {
        let scenario = multicast_from_text(source_name(path), &content)?;
        return Ok(Outcome::ok(format!("{}\n", multicast_link::encode(&scenario))));
    }
    let scenario = scenario_from_text(source_name(path), &content)?;
    Ok(Outcome::ok(format!("{}\n", link::encode(&scenario))))
}

fn text_command(args: &[String]) -> Result<Outcome, String> {
    let arg = positional("text", "scenario (a link or @FILE)", args, &[])?;
    match load_any(arg)? {
        Loaded::Snapshot(scenario, _) => Ok(Outcome::ok(text::to_text(&scenario))),
        Loaded::Multicast(scenario, _) => Ok(Outcome::ok(multicast_text::to_text(&scenario))),
    }
}

/// The formats of `export`.
const EXPORT_FORMATS: &str = "mermaid-flowchart, mermaid-sequence, mermaid-rules or shiviz";

/// `export`: the topology or the whole run (every action, whatever the cursor) for another tool.
fn export_command(args: &[String]) -> Result<Outcome, String> {
    let mut format: Option<String> = None;
    let mut scenario_arg: Option<&str> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if let Some(value) = arg.strip_prefix("--format=") {
            if format.replace(value.to_string()).is_some() {
                return Err("`--format` is given twice".to_string());
            }
        } else if arg == "--format" {
            i += 1;
            let value = args.get(i).ok_or_else(|| format!("`--format` needs a value: {EXPORT_FORMATS}"))?;
            if format.replace(value.clone()).is_some() {
                return Err("`--format` is given twice".to_string());
            }
        } else if arg.starts_with("--") {
            return Err(format!("unknown option `{}` for `export` (it takes --format)", excerpt(arg)));
        } else if scenario_arg.replace(arg).is_some() {
            return Err(format!(
                "unexpected argument `{}`: `export` takes one scenario (a link or @FILE)",
                excerpt(arg)
            ));
        }
        i += 1;
    }
    let scenario_arg = scenario_arg.ok_or("`export` needs a scenario (a link or @FILE); try `snapshot-lab --help`")?;
    let format = format.ok_or_else(|| format!("`export` needs --format {EXPORT_FORMATS}"))?;
    if !["mermaid-flowchart", "mermaid-sequence", "mermaid-rules", "shiviz"].contains(&format.as_str()) {
        return Err(format!("unknown export format `{}`; the formats are {EXPORT_FORMATS}", excerpt(&format)));
    }
    let (scenario, name) = match load_any(scenario_arg)? {
        Loaded::Snapshot(scenario, name) => (scenario, name),
        Loaded::Multicast(scenario, name) => {
            let group = multicast::Group::replay(scenario.setup, &scenario.actions)
                .map_err(|e| format!("{name}: {}; nothing is exported", multicast_replay_error(&e)))?;
            let members = scenario.setup.members;
            return match format.as_str() {
                "shiviz" => Ok(Outcome::ok(multicast_shiviz::export(members, &group.log))),
                "mermaid-sequence" => Ok(Outcome::ok(multicast_mermaid::sequence(members, &group.log))),
                _ => Err(format!(
                    "`{format}` draws a snapshot run; a multicast run exports as mermaid-sequence or shiviz"
                )),
            };
        }
    };
    if format == "mermaid-flowchart" {
        return Ok(Outcome::ok(mermaid::flowchart(&scenario.topology)));
    }
    let replay = scenario.replay();
    if let Some(e) = replay.error {
        return Err(format!("{name}: {e}; nothing is exported"));
    }
    let log = replay.world.log();
    Ok(Outcome::ok(match format.as_str() {
        "shiviz" => shiviz::export(log),
        "mermaid-rules" => mermaid::rules(log),
        _ => mermaid::sequence(log),
    }))
}

fn cos418_command(args: &[String]) -> Result<Outcome, String> {
    let mut top = None;
    let mut events = None;
    let mut delays = None;
    let mut seed = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let (option, inline) = match arg.split_once('=') {
            Some((o, v)) if o.starts_with("--") => (o, Some(v.to_string())),
            _ => (arg, None),
        };
        let slot = match option {
            "--top" => &mut top,
            "--events" => &mut events,
            "--delays" => &mut delays,
            "--seed" => &mut seed,
            other if other.starts_with('-') => {
                return Err(format!(
                    "unknown option `{}` for `cos418` (it takes --top, --events, --delays \
                     and --seed)",
                    excerpt(other)
                ))
            }
            other => {
                return Err(format!(
                    "unexpected argument `{}`: `cos418` takes --top <F> --events <F> \
                     [--delays <F> | --seed <N>]",
                    excerpt(other)
                ))
            }
        };
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                args.get(i).cloned().ok_or_else(|| format!("`{}` needs a value", excerpt(option)))?
            }
        };
        if slot.is_some() {
            return Err(format!("`{option}` is given twice"));
        }
        *slot = Some(value);
        i += 1;
    }
    let top = top.ok_or("`cos418` needs --top <FILE>, the topology file")?;
    let events = events.ok_or("`cos418` needs --events <FILE>, the events file")?;
    let delays = match (delays, seed) {
        (Some(_), Some(_)) => {
            return Err("give either --delays or --seed, not both".to_string());
        }
        (Some(path), None) => {
            let content = read_file(&path, cos418::MAX_FILE_BYTES)?;
            let file = source_name(&path).to_string();
            let delays = cos418::parse_delays(&file, &content).map_err(cos418_error)?;
            Delays::List { file, delays }
        }
        (None, seed) => {
            let seed = match seed {
                None => 1,
                Some(s) => s.parse().map_err(|_| {
                    format!("--seed needs a whole number from 0 to {}, not `{}`", u64::MAX, excerpt(&s))
                })?,
            };
            Delays::Seeded { seed }
        }
    };
    let top_text = read_file(&top, cos418::MAX_FILE_BYTES)?;
    let events_text = read_file(&events, cos418::MAX_FILE_BYTES)?;
    let snaps = cos418::run_files(source_name(&top), &top_text, source_name(&events), &events_text, &delays)
        .map_err(cos418_error)?;
    Ok(Outcome::ok(snaps))
}

/// `generate`: a seeded busy run as a link, for benchmarks and for teachers who want a big example.
fn generate_command(args: &[String]) -> Result<Outcome, String> {
    use snapshot_lab::sim::generate::{busy_scenario, Options};
    use snapshot_lab::sim::limits::{MAX_ACTIONS, MAX_PROCESSES, MIN_PROCESSES};
    let mut options = Options::default();
    let mut seed = 1u64;
    let mut i = 0;
    while i < args.len() {
        let (option, inline) = match args[i].split_once('=') {
            Some((o, v)) => (o.to_string(), Some(v.to_string())),
            None => (args[i].clone(), None),
        };
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                args.get(i).cloned().ok_or_else(|| format!("`{}` needs a value", excerpt(&option)))?
            }
        };
        let number = |max: u64| -> Result<u64, String> {
            value.parse::<u64>().ok().filter(|&v| v <= max).ok_or_else(|| {
                format!("`{}` needs a whole number from 0 to {max}, not `{}`", excerpt(&option), excerpt(&value))
            })
        };
        match option.as_str() {
            "--processes" => {
                let n = number(MAX_PROCESSES as u64)? as usize;
                if n < MIN_PROCESSES {
                    return Err(format!("--processes must be {MIN_PROCESSES} to {MAX_PROCESSES}, not {n}"));
                }
                options.processes = n;
            }
            "--events" => options.events = number(MAX_ACTIONS as u64)? as usize,
            "--seed" => seed = number(u64::MAX)?,
            "--in-flight" => options.leave_in_flight = number(MAX_ACTIONS as u64)? as usize,
            other => return Err(format!("generate: unknown option `{}`", excerpt(other))),
        }
        i += 1;
    }
    Ok(Outcome::ok(format!("{}\n", snapshot_lab::formats::link::encode(&busy_scenario(seed, options)))))
}
