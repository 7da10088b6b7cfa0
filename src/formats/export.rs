//! Exports of a run, drawn from the event log alone: [`RunDocument`], the JSON document that
//! `snapshot-lab replay --json` prints and the page exports, and [`replay_text`], the human
//! output of `snapshot-lab replay` (the event log, then every snapshot's recorded process
//! states, recorded channel states and verdict).

use serde::Serialize;
use std::fmt::Write as _;

use super::link;
use super::text;
use crate::sim::cut::{self, Verdict};
use crate::sim::event::{message_list, Event, EventKind, Log};
use crate::sim::faults;
use crate::sim::message::{Message, MessageKind};
use crate::sim::process_name;
use crate::sim::scenario::{ReplayError, Scenario};
use crate::sim::snapshot::{self, ChannelState, Snapshot};
use crate::sim::topology::{Algorithm, Discipline, Unit};
use crate::sim::words::Says;

/// The identity of the document format, in its `format` field.
pub const FORMAT: &str = "snapshot-lab-run";
/// The document format's version, in its `version` field.
pub const VERSION: u32 = 1;

/// A whole run: the scenario, every event, every snapshot, and the refused action if any.
#[derive(Clone, Debug, Serialize)]
pub struct RunDocument {
    /// Always [`FORMAT`].
    pub format: &'static str,
    /// Always [`VERSION`].
    pub version: u32,
    pub scenario: ScenarioDoc,
    pub events: Vec<EventDoc>,
    pub snapshots: Vec<SnapshotDoc>,
    /// The first action the world refused (the actions after it were not applied).
    pub error: Option<ErrorDoc>,
}

/// The scenario, in its two portable forms and in brief.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioDoc {
    /// The readable text form.
    pub text: String,
    /// The `v1.` link payload.
    pub link: String,
    pub processes: Vec<ProcessDoc>,
    /// Every directed channel, as `[from, to]` process names.
    pub channels: Vec<[String; 2]>,
    /// `fifo` or `non-fifo`.
    pub discipline: &'static str,
    /// The snapshot algorithm: `chandy-lamport` or `lai-yang`.
    pub algorithm: &'static str,
    /// `balance` or `tokens`.
    pub unit: &'static str,
    pub seed: u64,
    /// How many actions the scenario has.
    pub actions: usize,
    /// The timeline position kept with the scenario, if any.
    pub cursor: Option<u32>,
}

/// One process of the topology.
#[derive(Clone, Debug, Serialize)]
pub struct ProcessDoc {
    /// `P1`, `P2`, …
    pub name: String,
    pub label: String,
    pub initial: i64,
}

/// One message, as an event sends or receives it.
#[derive(Clone, Debug, Serialize)]
pub struct MessageDoc {
    /// `m3` or `marker S1`.
    pub name: String,
    /// The unique id of the message in the run (its send order, from 0).
    pub id: u32,
    pub from: String,
    pub to: String,
    /// `app` or `marker`.
    pub kind: &'static str,
    /// The amount of an application message.
    pub amount: Option<i64>,
    /// The snapshot of a marker, as `S1`.
    pub snapshot: Option<String>,
}

/// One event of the log.
#[derive(Clone, Debug, Serialize)]
pub struct EventDoc {
    pub seq: u32,
    /// `P1`, `P2`, …
    pub process: String,
    /// Position on the process's own line, from 0.
    pub index: u32,
    /// The kind's stable id, e.g. `record-state`.
    pub kind: &'static str,
    pub message: Option<MessageDoc>,
    /// The snapshot the event belongs to, as `S1`.
    pub snapshot: Option<String>,
    /// The channel recorded (start-recording, stop-recording), as `[from, to]`.
    pub channel: Option<[String; 2]>,
    /// The messages a stop-recording event recorded on its channel.
    pub recorded: Option<Vec<String>>,
    /// For a receive: the snapshots whose recording the message joined.
    pub recorded_in: Option<Vec<String>>,
    /// The state recorded (record-state) or reached (internal).
    pub state: Option<i64>,
    /// The change of an internal event.
    pub delta: Option<i64>,
    /// The rule's stable id, e.g. `first-marker`.
    pub rule: &'static str,
    /// Why it happened, as one English sentence ([`Event::explain`]).
    pub rule_sentence: String,
    /// What happened, as one English phrase ([`Event::describe`]).
    pub description: String,
    pub lamport: u64,
    pub vclock: Vec<u32>,
    /// The 0-based index of the action that caused the event.
    pub action: u32,
    /// For a duplicate (a fault): the copy the network added. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy: Option<MessageDoc>,
    /// For a wait: the process waited for, as `P3`. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waits_for: Option<String>,
}

/// The state of one channel in one snapshot.
#[derive(Clone, Debug, Serialize)]
pub struct ChannelDoc {
    pub from: String,
    pub to: String,
    /// `not-recorded`, `recording` or `recorded`.
    pub status: &'static str,
    /// The application messages recorded on it (so far), in order.
    pub messages: Vec<String>,
    /// Their total amount.
    pub amount: i64,
}

/// One process's recorded state in one snapshot.
#[derive(Clone, Debug, Serialize)]
pub struct RecordedStateDoc {
    pub process: String,
    /// `None` while the process has not recorded.
    pub state: Option<i64>,
}

/// The consistency verdict of a complete snapshot.
#[derive(Clone, Debug, Serialize)]
pub struct VerdictDoc {
    /// Safety: the recorded state is a consistent global state (no orphan, the channels'
    /// recordings are the messages in transit).
    pub consistent: bool,
    /// The application's invariant: the recorded total is the expected total (false after a
    /// lost or copied message, even when the snapshot is consistent).
    pub conserves: bool,
    /// One English sentence per finding (safety findings, then conservation); empty when both hold.
    pub findings: Vec<String>,
    /// The recorded states plus the recorded channel amounts.
    pub recorded_total: i64,
    /// What the total should be at the cut.
    pub expected_total: i64,
}

/// One snapshot.
#[derive(Clone, Debug, Serialize)]
pub struct SnapshotDoc {
    pub id: u32,
    /// `S1`, `S2`, …
    pub name: String,
    pub initiators: Vec<String>,
    pub complete: bool,
    pub processes: Vec<RecordedStateDoc>,
    pub channels: Vec<ChannelDoc>,
    /// `None` until the snapshot is complete.
    pub verdict: Option<VerdictDoc>,
    /// When the run has faults: why the snapshot can never complete (one sentence each).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub never_completes: Vec<String>,
    /// When the run has faults: which assumption each broke and what it did to the snapshot.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<FaultDoc>,
}

/// One fault's effect on one snapshot.
#[derive(Clone, Debug, Serialize)]
pub struct FaultDoc {
    /// `fifo`, `no-loss`, `no-duplication` or `no-crash`.
    pub assumption: &'static str,
    /// The fault's event.
    pub seq: u32,
    pub affects: bool,
    /// What it added to the recorded total.
    pub change: i64,
    pub sentence: String,
}

/// The action the world refused.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorDoc {
    /// 0-based index of the action.
    pub action: usize,
    /// The action in the text form, e.g. `deliver m3`.
    pub action_text: String,
    /// The whole error as one English sentence.
    pub message: String,
}

fn pair(c: crate::sim::topology::Channel) -> [String; 2] {
    [process_name(c.from), process_name(c.to)]
}

fn names(messages: &[Message]) -> Vec<String> {
    messages.iter().map(Message::to_string).collect()
}

fn message_doc(m: &Message) -> MessageDoc {
    let (kind, amount, snapshot) = match m.kind {
        MessageKind::App { amount, .. } => ("app", Some(amount), None),
        MessageKind::Marker { snapshot } => ("marker", None, Some(format!("S{snapshot}"))),
    };
    MessageDoc {
        name: m.to_string(),
        id: m.id,
        from: process_name(m.channel.from),
        to: process_name(m.channel.to),
        kind,
        amount,
        snapshot,
    }
}

fn event_doc(log: &Log, e: &Event) -> EventDoc {
    let mut doc = EventDoc {
        seq: e.seq,
        process: process_name(e.process),
        index: e.index,
        kind: e.kind_id(),
        message: e.message().map(message_doc),
        snapshot: e.snapshot().map(|s| format!("S{s}")),
        channel: None,
        recorded: None,
        recorded_in: None,
        state: None,
        delta: None,
        rule: e.rule.id(),
        rule_sentence: log.explain(e).to_string(),
        description: e.describe().to_string(),
        lamport: e.lamport,
        vclock: e.vclock.to_vec(),
        action: e.action,
        copy: None,
        waits_for: None,
    };
    match &e.kind {
        EventKind::Receive { recorded_in, .. } => {
            doc.recorded_in = Some(recorded_in.iter().map(|s| format!("S{s}")).collect());
        }
        EventKind::RecordState { state, .. } => doc.state = Some(*state),
        EventKind::StartRecording { channel, .. } => doc.channel = Some(pair(*channel)),
        EventKind::StopRecording { channel, recorded, .. } => {
            doc.channel = Some(pair(*channel));
            doc.recorded = Some(names(recorded));
        }
        EventKind::Internal { delta, state } => {
            doc.delta = Some(*delta);
            doc.state = Some(*state);
        }
        EventKind::Duplicate { copy, .. } => doc.copy = Some(message_doc(copy)),
        EventKind::Send { .. } | EventKind::SnapshotComplete { .. } | EventKind::Drop { .. } | EventKind::Crash => {}
        EventKind::Wait { on } => doc.waits_for = Some(process_name(*on)),
    }
    doc
}

fn snapshot_doc(log: &Log, s: &Snapshot) -> SnapshotDoc {
    let verdict = cut::check_snapshot(log, s).map(|v| VerdictDoc {
        consistent: v.is_consistent(),
        conserves: v.conserves(),
        findings: v.findings.iter().map(ToString::to_string).collect(),
        recorded_total: s.recorded_total().unwrap_or(0),
        expected_total: v.report.expected_total,
    });
    SnapshotDoc {
        id: s.id,
        name: format!("S{}", s.id),
        initiators: s.initiators.iter().map(|&p| process_name(p)).collect(),
        complete: s.complete,
        processes: s
            .states
            .iter()
            .enumerate()
            .map(|(p, &state)| RecordedStateDoc { process: process_name(p), state })
            .collect(),
        channels: s
            .channels
            .iter()
            .map(|(c, state)| {
                let (status, messages): (&'static str, &[Message]) = match state {
                    ChannelState::NotRecorded => ("not-recorded", &[]),
                    ChannelState::Recording(m) => ("recording", m),
                    ChannelState::Recorded(m) => ("recorded", m),
                };
                ChannelDoc {
                    from: process_name(c.from),
                    to: process_name(c.to),
                    status,
                    messages: names(messages),
                    amount: messages.iter().map(Message::amount).sum(),
                }
            })
            .collect(),
        verdict,
        never_completes: if faults::has_faults(log) {
            faults::waits(log, s).iter().map(ToString::to_string).collect()
        } else {
            Vec::new()
        },
        faults: if faults::has_faults(log) {
            faults::explain(log, s)
                .into_iter()
                .map(|f| FaultDoc {
                    assumption: f.assumption.id(),
                    seq: f.seq,
                    affects: f.affects,
                    change: f.change,
                    sentence: f.to_string(),
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

fn error_doc(e: &ReplayError) -> ErrorDoc {
    ErrorDoc { action: e.index, action_text: text::action_line(&e.action), message: e.to_string() }
}

impl RunDocument {
    /// Replays the scenario (every action, whatever the cursor) and documents the run.
    pub fn new(scenario: &Scenario) -> Self {
        let replay = scenario.replay();
        let log = replay.world.log();
        let t = &scenario.topology;
        RunDocument {
            format: FORMAT,
            version: VERSION,
            scenario: ScenarioDoc {
                text: text::to_text(scenario),
                link: link::encode(scenario),
                processes: t
                    .processes()
                    .iter()
                    .enumerate()
                    .map(|(p, spec)| ProcessDoc {
                        name: process_name(p),
                        label: spec.label.clone(),
                        initial: spec.initial,
                    })
                    .collect(),
                channels: t.channels().iter().map(|&c| pair(c)).collect(),
                discipline: match t.discipline {
                    Discipline::Fifo => "fifo",
                    Discipline::NonFifo => "non-fifo",
                },
                algorithm: t.algorithm.id(),
                unit: match t.unit {
                    Unit::Balance => "balance",
                    Unit::Tokens => "tokens",
                },
                seed: scenario.seed,
                actions: scenario.actions.len(),
                cursor: scenario.view.cursor,
            },
            events: log.events.iter().map(|e| event_doc(log, e)).collect(),
            snapshots: snapshot::assemble(log).iter().map(|s| snapshot_doc(log, s)).collect(),
            error: replay.error.as_ref().map(error_doc),
        }
    }

    /// The document as pretty-printed JSON (with a final newline).
    pub fn to_json(&self) -> String {
        match serde_json::to_string_pretty(self) {
            Ok(mut json) => {
                json.push('\n');
                json
            }
            // Serialising plain structs of strings and numbers cannot fail.
            Err(e) => format!("{{\"error\": {}}}\n", serde_json::to_string(&e.to_string()).unwrap_or_default()),
        }
    }
}

/// The recorded states of a snapshot: `P1 900, P2 2000` (`P3 -` if not recorded).
fn states_line(s: &Snapshot) -> String {
    let parts: Vec<String> = s
        .states
        .iter()
        .enumerate()
        .map(|(p, state)| match state {
            Some(v) => format!("{} {v}", process_name(p)),
            None => format!("{} -", process_name(p)),
        })
        .collect();
    parts.join(", ")
}

/// The recorded channel states: `P1→P2 [m1], P2→P1 empty` (`recording […]`, `not recorded`).
fn channels_line(s: &Snapshot) -> String {
    let parts: Vec<String> = s
        .channels
        .iter()
        .map(|(c, state)| match state {
            ChannelState::NotRecorded => format!("{c} not recorded"),
            ChannelState::Recording(m) => format!("{c} recording {}", message_list(m)),
            ChannelState::Recorded(m) => format!("{c} {}", message_list(m)),
        })
        .collect();
    parts.join(", ")
}

fn verdict_line(verdict: Option<&Verdict>) -> String {
    match verdict {
        None => "verdict: none yet, the snapshot is not complete".to_string(),
        Some(v) if v.is_consistent() && !v.conserves() => format!(
            "verdict: consistent: no orphan message, and every recorded state and channel is the \
             state at the cut; the recorded total {} is not the total {}: the application's \
             invariant broke (a lost or copied message), and the snapshot shows it",
            v.findings
                .iter()
                .find_map(|f| match f {
                    cut::Finding::Conservation { recorded_total, .. } => Some(*recorded_total),
                    _ => None,
                })
                .unwrap_or(v.report.total),
            v.report.expected_total
        ),
        Some(v) if v.is_consistent() => format!(
            "verdict: consistent: no orphan message, and the recorded states and channels add \
             up to the total {}",
            v.report.expected_total
        ),
        Some(v) => {
            let reasons: Vec<String> = v.findings.iter().map(ToString::to_string).collect();
            format!("verdict: inconsistent: {}", reasons.join("; "))
        }
    }
}

/// The summary of every snapshot in a log, a few lines each.
pub fn snapshots_text(log: &Log) -> String {
    let mut out = String::new();
    let snapshots = snapshot::assemble(log);
    if log.topology.algorithm == Algorithm::LaiYang && !snapshots.is_empty() {
        let _ = writeln!(out, "snapshot algorithm: Lai–Yang (message colouring; no FIFO needed)");
    }
    for s in snapshots {
        let initiators: Vec<String> = s.initiators.iter().map(|&p| process_name(p)).collect();
        let _ = writeln!(
            out,
            "S{} (initiated by {}): {}",
            s.id,
            crate::sim::event::join_names(&initiators),
            if s.complete { "complete" } else { "not complete" }
        );
        let _ = writeln!(out, "  recorded process states: {}", states_line(&s));
        let _ = writeln!(out, "  recorded channel states: {}", channels_line(&s));
        let verdict = cut::check_snapshot(log, &s);
        let _ = writeln!(out, "  {}", verdict_line(verdict.as_ref()));
        // When processes wait: what each was waiting for when it recorded, and the deadlock
        // detection's verdict (`sim::deadlock`).
        if crate::sim::deadlock::has_waits(log) {
            let waits = crate::sim::deadlock::recorded_waits(log, &s);
            let _ = writeln!(out, "  recorded waits: {}", crate::sim::deadlock::waits_line(&waits));
            let _ = writeln!(out, "  deadlock detection: {}", crate::sim::deadlock::detect(log, &s).sentence());
        }
        // When the run has faults: who waits forever, and which assumption each fault broke.
        if faults::has_faults(log) {
            let waits = faults::waits(log, &s);
            if !waits.is_empty() {
                let reasons: Vec<String> = waits.iter().map(ToString::to_string).collect();
                let _ = writeln!(out, "  never completes: {}", reasons.join("; "));
            }
            for finding in faults::explain(log, &s) {
                let _ = writeln!(out, "  {finding}");
            }
        }
    }
    out
}

/// The human output of `snapshot-lab replay`: the event log ([`Log::to_text`]; `no events`
/// when empty), a blank line and every snapshot's summary, then, if an action was refused, a
/// line `stopped: …` naming it.
pub fn replay_text(scenario: &Scenario) -> String {
    let replay = scenario.replay();
    let log = replay.world.log();
    let mut out = log.to_text();
    if out.is_empty() {
        out.push_str("no events\n");
    }
    let snapshots = snapshots_text(log);
    if !snapshots.is_empty() {
        out.push('\n');
        out.push_str(&snapshots);
    }
    if let Some(e) = &replay.error {
        let _ = writeln!(out, "\nstopped: {e}");
    }
    out
}

/// The longest scenario name a file name carries (in bytes, after [`slug`]).
const NAME_MAX: usize = 40;

/// A name for file names: lowercase ASCII letters and digits, every other run of characters one
/// `-`, none at either end, at most [`NAME_MAX`] bytes (cut at a `-` when there is one). Safe on
/// every file system and in every shell; empty when nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > NAME_MAX {
        out.truncate(NAME_MAX);
        if let Some(cut) = out.rfind('-').filter(|&i| i > NAME_MAX / 2) {
            out.truncate(cut);
        }
    }
    out.trim_end_matches('-').to_string()
}

/// An export's file name: `snapshot-lab-<scenario>-<what>.<extension>` with the scenario's name
/// slugged ([`slug`]), or `snapshot-lab-<what>.<extension>` when it has none, e.g.
/// `file_name("fault-lost-message", "run", "mmd")` is `snapshot-lab-fault-lost-message-run.mmd`.
pub fn file_name(scenario: &str, what: &str, extension: &str) -> String {
    match slug(scenario) {
        s if s.is_empty() => format!("snapshot-lab-{what}.{extension}"),
        s => format!("snapshot-lab-{s}-{what}.{extension}"),
    }
}
