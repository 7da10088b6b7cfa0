//! The guided lesson: the steps a learner reads beside the live diagrams, each with the
//! scenario the lab shows, the pseudocode rule to light, a cut to draw, what the learner must
//! do before going on, and which controls stay usable. Pure data and pure checks:
//! `tests/lesson.rs` replays every step and proves every task, cut and number in the text.
//!
//! Like [`crate::formats::presets`], each new scenario is kept twice: its text form (the source of
//! truth, native only) and its `v1.` link (what the page decodes; no text parser in the wasm).

use crate::en;
use crate::formats::presets::{Preset, PRESETS};
use crate::sim::cut::check_cut;
use crate::sim::{Action, EventKind, ProcessId, Rule, SnapshotId, World};

/// One step of the lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Stable slug, used in links (`#v1.lesson.<id>`).
    pub id: &'static str,
    pub title: &'static str,
    /// Paragraphs of plain English text, one `<p>` each.
    pub body: &'static [&'static str],
    /// The scenario the lab shows for this step: a `v1.` link, or `None` to keep the learner's
    /// current scenario. Every step with a task has one, so its starting world is known.
    pub link: Option<&'static str>,
    /// The same scenario in the text form (`tests/lesson.rs` checks the two agree).
    #[cfg(not(target_arch = "wasm32"))]
    pub text: Option<&'static str>,
    /// The rule of the pseudocode to light while on this step.
    pub rule: Option<Rule>,
    /// A cut to draw on the space-time diagram (events inside, per process, as for
    /// [`crate::sim::snapshot::Snapshot::cut`]), valid for the world of `link`.
    pub cut: Option<&'static [usize]>,
    /// Example cuts the learner can switch between (the first is `cut`), each named.
    pub examples: &'static [Example],
    /// Runs to open in the lab from this step (a label and a `v1.` link each): what the step
    /// talks about, happening.
    pub see: &'static [(&'static str, &'static str)],
    /// What the learner must do before "Next" is enabled; `None`: they just read.
    pub task: Option<Task>,
    /// Which controls stay usable during this step.
    pub allow: Allow,
    /// A predict-then-see question: the step opens its run where the question is asked, and
    /// the learner's answer plays the rest and is graded.
    pub predict: Option<Predict>,
    /// A step beyond the notes' lesson (Lai–Yang, the networks, deadlock, vector clocks): the
    /// page marks it and lets the learner skip it.
    pub optional: bool,
}

/// A predict-then-see moment of a read-only step: a question about what the run will do, a few
/// choices, the right one and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Predict {
    pub question: &'static str,
    pub choices: &'static [&'static str],
    /// The index of the right choice.
    pub answer: usize,
    /// How many of the step's actions have happened when the question is asked.
    pub at: usize,
    /// How many of the step's paragraphs are shown before the answer (the rest tell it).
    pub shown: usize,
    /// Why the right choice is right (what the run then shows).
    pub why: &'static str,
}

impl Predict {
    /// Whether `choice` is right; `None` for a choice that is not one of the choices.
    pub fn grade(&self, choice: usize) -> Option<bool> {
        (choice < self.choices.len()).then_some(choice == self.answer)
    }

    /// What the page says once the learner has chosen, in the page's language.
    pub fn feedback(&self, right: bool) -> String {
        use crate::i18n::translate;
        if right {
            crate::tf!("Right. {0}", translate(self.why))
        } else {
            crate::tf!("Not quite: it is {0}. {1}", translate(self.choices[self.answer]), translate(self.why))
        }
    }
}

/// A named example cut of a step (as for [`Step::cut`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub name: &'static str,
    pub cut: &'static [usize],
}

/// A task: a sentence telling the learner what to do, and a pure check on the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Task {
    pub instruction: &'static str,
    pub goal: Goal,
}

/// A check on the world that completes a task. Only events from the step's starting world
/// on count (see [`Goal::done`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// An event with this rule happened (at this process, if given).
    Rule { rule: Rule, process: Option<ProcessId> },
    /// A message (`marker: false`) or a marker (`marker: true`) on this channel was delivered.
    Delivered { from: ProcessId, to: ProcessId, marker: bool },
    /// The same, after the lab refused a delivery during the step (the world does not keep
    /// refusals: the page counts them, see [`Goal::needs_refusal`]).
    DeliveredAfterRefusal { from: ProcessId, to: ProcessId, marker: bool },
    /// Snapshot `snapshot` completed.
    Complete { snapshot: SnapshotId },
    /// A new snapshot was started (by any process, or by this one). Joining does not count.
    Started { process: Option<ProcessId> },
    /// An application message was sent on this channel.
    Sent { from: ProcessId, to: ProcessId },
    /// The cut drawn on the space-time diagram is consistent and has at least `events` of
    /// `process`'s events inside it (the learner moves the cut; the run does not change).
    ConsistentCut { process: ProcessId, events: usize },
}

impl Goal {
    /// Whether the step's task also asks for an attempt the lab refuses.
    pub fn needs_refusal(&self) -> bool {
        matches!(self, Goal::DeliveredAfterRefusal { .. })
    }

    /// Does the goal hold in `world`, counting only events from position `since` on (the
    /// number of events the step's starting world had)? False when the world has fewer
    /// events than that (the learner went back in time). `drawn`: the cut drawn on the
    /// space-time diagram, if any.
    pub fn done(&self, world: &World, since: usize, drawn: Option<&[usize]>) -> bool {
        if let Goal::ConsistentCut { process, events } = *self {
            return drawn.is_some_and(|cut| {
                cut.get(process).is_some_and(|&inside| inside >= events)
                    && check_cut(world.log(), cut).is_ok_and(|r| r.is_consistent())
            });
        }
        let Some(events) = world.events().get(since..) else { return false };
        let at = |p: ProcessId, want: Option<ProcessId>| want.is_none_or(|w| w == p);
        events.iter().any(|e| match (*self, &e.kind) {
            (Goal::Rule { rule, process }, _) => e.rule == rule && at(e.process, process),
            (
                Goal::Delivered { from, to, marker } | Goal::DeliveredAfterRefusal { from, to, marker },
                EventKind::Receive { message, .. },
            ) => message.channel.from == from && message.channel.to == to && message.is_marker() == marker,
            (Goal::Complete { snapshot }, EventKind::SnapshotComplete { snapshot: s }) => *s == snapshot,
            (Goal::Started { process }, EventKind::RecordState { .. }) => {
                e.rule == Rule::Initiate && at(e.process, process)
            }
            (Goal::Sent { from, to }, EventKind::Send { message }) => {
                !message.is_marker() && message.channel.from == from && message.channel.to == to
            }
            _ => false,
        })
    }
}

/// Which controls stay usable during a step; the page disables the rest. The timeline
/// (undo, redo, scrubbing) is not covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allow {
    /// Sending application messages and internal events.
    pub send: bool,
    /// Delivering a message or marker by hand.
    pub deliver: bool,
    /// Starting a snapshot, or joining one as a further initiator.
    pub snapshot: bool,
    /// Step and Run (seeded deliveries).
    pub step: bool,
}

impl Allow {
    pub const ALL: Allow = Allow { send: true, deliver: true, snapshot: true, step: true };
    pub const NONE: Allow = Allow { send: false, deliver: false, snapshot: false, step: false };
    pub const SEND: Allow = Allow { send: true, ..Allow::NONE };
    pub const DELIVER: Allow = Allow { deliver: true, ..Allow::NONE };
    pub const SNAPSHOT: Allow = Allow { snapshot: true, ..Allow::NONE };
    pub const STEP: Allow = Allow { step: true, ..Allow::NONE };

    /// Every control allowed by either.
    pub const fn or(self, other: Allow) -> Allow {
        Allow {
            send: self.send || other.send,
            deliver: self.deliver || other.deliver,
            snapshot: self.snapshot || other.snapshot,
            step: self.step || other.step,
        }
    }

    /// Is the control that takes this action usable?
    pub fn permits(&self, action: &Action) -> bool {
        match action {
            Action::Send { .. } | Action::Internal { .. } => self.send,
            Action::Deliver { .. } => self.deliver,
            Action::Snapshot { .. } | Action::Join { .. } => self.snapshot,
            // The lesson teaches the algorithm under its assumptions: no faults.
            Action::Drop { .. } | Action::Duplicate { .. } | Action::Crash { .. } => false,
            Action::Wait { .. } => self.send,
        }
    }
}

/// Ids of steps merged into another, and the step they open now: `#v1.lesson.<id>` links are
/// public and keep working.
pub const MERGED: &[(&str, &str)] = &[("consistent-cut", "examples")];

/// The index of the step with this id (or of the step it was merged into).
pub fn find(id: &str) -> Option<usize> {
    let id = MERGED.iter().find(|(old, _)| *old == id).map_or(id, |(_, now)| now);
    STEPS.iter().position(|s| s.id == id)
}

/// The step after `index` that is not optional (skipping a run of optional steps), if any.
pub fn next_required(index: usize) -> Option<usize> {
    (index + 1..STEPS.len()).find(|&i| !STEPS[i].optional)
}

/// Words of plain text in a step's body (what a learner reads; numbers count, symbols do not).
pub fn words(step: &Step) -> usize {
    step.body.iter().flat_map(|p| p.split_whitespace()).filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// A preset by id, at compile time (an unknown id does not compile).
pub(crate) const fn preset(id: &str) -> Preset {
    let mut i = 0;
    while i < PRESETS.len() {
        let (a, b) = (PRESETS[i].id.as_bytes(), id.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return PRESETS[i];
            }
        }
        i += 1;
    }
    panic!("no such preset");
}

const BANK: Preset = preset("bank");
const C21: Preset = preset("c21");
const NEVER_HAPPENED: Preset = preset("never-happened");
const NON_FIFO: Preset = preset("non-fifo");
const LAI_YANG: Preset = preset("lai-yang");
const TWO_INITIATORS: Preset = preset("two-initiators");
const SWITCHES: Preset = preset("switches-bmv2");
/// The "deadlock" step's run.
const DEADLOCK: Preset = preset("deadlock");
/// The "stable" step's runs: a job in transit when every worker is idle, and all work done.
const NOT_YET_LINK: &str = "v1.CgMEAgAJd29ya2VyIDEJd29ya2VyIDIJd29ya2VyIDMBC0ACATABMQERYAESUAFgARBgAQFgAQJgASBgASE";
pub const TERMINATED_LINK: &str =
    "v1.CgMEAgAJd29ya2VyIDEJd29ya2VyIDIJd29ya2VyIDMBDEACATABMQFQATIBEWABEmABEGABAWABAmABIGABIQ";
/// The "what-if" step's run: seed 000's marker rule, P1's markers delivered first.
pub const WHAT_IF_LINK: &str = "v1.QgTIAcgByAHIAQEEEGABAWABAmABAw";
/// The run of the "property" and "examples" steps (the notes' first and third figures).
const PROPERTY_LINK: &str = "v1.AgPIAcgByAEBCEABCkASFFABUAJAEB5AIAVQA1AE";

/// The lesson, in order.
/// What a step has unless it says otherwise: no link, no rule lit, no cut, no examples, no
/// "see also", no task, and nothing allowed.
const BASE: Step = Step {
    id: "",
    title: "",
    body: &[],
    link: None,
    #[cfg(not(target_arch = "wasm32"))]
    text: None,
    rule: None,
    cut: None,
    examples: &[],
    see: &[],
    task: None,
    allow: Allow::NONE,
    predict: None,
    optional: false,
};

pub const STEPS: &[Step] = &[
    Step {
        id: "why",
        title: en!("Why a global snapshot?"),
        body: &[
            en!("A distributed system is many processes with no shared memory and no shared clock; they talk only \
             by messages. Yet we often need a photograph of the whole system at once: a global snapshot."),
            en!("Uses: checkpointing (restart from it after a failure), garbage collection (free the objects \
             nothing points to), deadlock detection (transactions waiting for each other in a cycle), \
             termination detection (has the computation finished?)."),
            en!("A global state is the state of every process plus the state of every channel: the messages in \
             transit on it."),
            en!("In the lab, acct1 (P1) has sent $100 to acct2 (P2). The accounts hold $900 and $2000; the other \
             $100 is m1, in transit on channel P1 → P2. A photograph of the accounts alone would miss it."),
        ],
        link: Some("v1.CALQD6AfBmFjY3QxBmFjY3QyAQFAAWQ"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(WHY),
        ..BASE
    },
    Step {
        id: "naive",
        title: en!("First try: everyone records at 12:00"),
        body: &[
            en!("The obvious idea: synchronise the clocks and let every process record its state at the same \
             time, say 12:00."),
            en!("But clocks are never exactly in sync. Here acct1's clock runs fast: it records $1000 at its \
             12:00, then sends m1 ($100). acct2's clock runs slow: it receives m1, then records $2100 at its \
             12:00."),
            en!("The line across the diagram is this cut. m1 crosses it backwards, flagged red: an orphan, \
             received inside but sent outside. The photograph adds up to $3100; the bank holds $3000."),
            en!("Even perfect clocks would miss a message in transit at 12:00: it is in no process's state, and \
             nobody records the channels. We need no clocks at all: causality is enough."),
            en!("Try the naive snapshot, under the snapshot panels, does this on any run."),
        ],
        link: Some("v1.CALQD6AfBmFjY3QxBmFjY3QyAQRAAWRQAUAQMlAC"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(NAIVE),
        cut: Some(&[0, 1]),
        ..BASE
    },
    Step {
        id: "property",
        title: en!("The property we want"),
        body: &[
            en!("A process's state is what has happened at it so far: its events, in order along its line. A \
             global snapshot is a cut across the lines: for each process, the events inside it."),
            en!("A happens before B (A → B) when A comes first on one line, when A sends a message that B \
             receives, or through a chain of those."),
            en!("The property we want: if A → B and B is in the snapshot, then A is in the snapshot too."),
            en!("Here P1 sends m1 (A) and P2 receives it (B). The drawn cut has B inside but not A: m1 is an \
             orphan, and the cut is inconsistent."),
            en!("Drag the cut's handle on P1's line past A, or use the sliders, until the checker says \
             consistent."),
        ],
        link: Some(PROPERTY_LINK),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(PROPERTY),
        cut: Some(&[0, 2, 1]),
        task: Some(Task {
            instruction: en!("Make the drawn cut consistent, keeping B (P2 receives m1) inside it."),
            goal: Goal::ConsistentCut { process: 1, events: 2 },
        }),
        ..BASE
    },
    Step {
        id: "reachable",
        title: en!("A state the system could have passed through"),
        body: &[
            en!("Why this property? A consistent cut is a global state the system could have passed through: the \
             same events in another order, respecting causality, pass through it."),
            en!("The cut drawn here is consistent. Choose Play a run through this cut: a reordered run reaches \
             exactly this global state. No run passes through a cut with an orphan."),
        ],
        link: Some(PROPERTY_LINK),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(PROPERTY),
        cut: Some(&[1, 2, 1]),
        ..BASE
    },
    Step {
        id: "vector-clocks",
        title: en!("Causality on the diagram"),
        body: &[
            en!("An optional step: the notes teach the snapshot without vector clocks."),
            en!("To see causality itself, point at an event (or focus the diagram and use the arrow keys): its \
             causal past is ringed in blue, its causal future in orange, and everything else is concurrent with \
             it. Clocks on events writes each event's vector clock: A → B exactly when A's clock is at most B's \
             in every entry."),
        ],
        link: Some(PROPERTY_LINK),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(PROPERTY),
        optional: true,
        ..BASE
    },
    Step {
        id: "model",
        title: en!("The system model"),
        body: &[
            en!("N processes, here P1 to P4. Between every pair there are two channels, one each way: Cij goes \
             from Pi to Pj, so C12 is channel P1 → P2 and C21 is channel P2 → P1."),
            en!("Channels are FIFO: messages arrive in the order they were sent. Nothing fails: no process \
             crashes, and no message is lost, corrupted or duplicated. The algorithm needs only a path of \
             channels from every process to every other (a strongly connected graph)."),
            en!("Each process can record its own state. A channel's state is recorded by its receiver."),
            en!("The algorithm adds one kind of message, the marker. Markers are not application messages: they \
             carry no value, the application never sees them, and it never has to stop sending."),
        ],
        link: Some("v1.AgTIAcgByAHIAQEA"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(MODEL),
        ..BASE
    },
    Step {
        id: "initiator",
        title: en!("The initiator"),
        body: &[
            en!("Any process may start a snapshot. The initiator Pi, in one step: records its own state; sends a \
             marker on each outgoing channel Cij; starts recording each incoming channel Cji."),
            en!("P2 has just sent m1 (10 tokens) to P1; it is in transit on channel P2 → P1."),
            en!("Start a snapshot at P1 and watch: P1 records 100 tokens, markers of S1 leave on C12, C13 and C14, \
             and P1 records C21, C31 and C41 from now on."),
        ],
        link: Some("v1.AgTIAcgByAHIAQEBQBAK"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(INITIATOR),
        rule: Some(Rule::Initiate),
        task: Some(Task { instruction: en!("Start a snapshot at P1."), goal: Goal::Started { process: Some(0) } }),
        allow: Allow::SNAPSHOT,
        ..BASE
    },
    Step {
        id: "first-marker",
        title: en!("The first marker"),
        body: &[
            en!("When Pi receives a marker on Cki and it is the first marker of this snapshot it sees: it records \
             its own state; records Cki as empty; sends a marker on each outgoing channel; starts recording \
             every other incoming channel."),
            en!("Why empty? The channel is FIFO: whatever Pk sent before its marker has arrived already, so it is \
             part of the state Pi records."),
            en!("Deliver the marker on channel P1 → P2. P2 records 90 tokens (it sent m1), records C12 as empty, \
             sends markers on C21, C23 and C24, and starts recording C32 and C42. Its marker on C21 queues \
             behind m1."),
        ],
        link: Some("v1.AgTIAcgByAHIAQECQBAKEA"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(FIRST_MARKER),
        rule: Some(Rule::FirstMarker),
        task: Some(Task {
            instruction: en!("Deliver the marker of S1 on channel P1 → P2."),
            goal: Goal::Delivered { from: 0, to: 1, marker: true },
        }),
        allow: Allow::DELIVER,
        ..BASE
    },
    Step {
        id: "receive-recorded",
        title: en!("A message on a recorded channel"),
        body: &[
            en!("While Pi records an incoming channel, every application message it receives on it is added to \
             that channel's recorded state. The application gets the message as usual."),
            en!("m1 left P2 before P2 recorded, and reaches P1 after P1 recorded: it is in transit across the \
             snapshot, so the snapshot must hold it, in C21."),
            en!("Deliver m1. P1 now has 110 tokens, but its recorded state stays 100; C21 so far holds [m1]."),
        ],
        link: Some("v1.AgTIAcgByAHIAQEDQBAKEGABAQ"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(RECEIVE_RECORDED),
        rule: Some(Rule::ReceiveRecorded),
        task: Some(Task {
            instruction: en!("Deliver m1 on channel P2 → P1."),
            goal: Goal::Rule { rule: Rule::ReceiveRecorded, process: Some(0) },
        }),
        allow: Allow::DELIVER,
        ..BASE
    },
    Step {
        id: "later-marker",
        title: en!("A later marker"),
        body: &[
            en!("When Pi has already recorded and a marker arrives on Cki, Pi stops recording Cki. The channel's \
             state is final: the messages received on it since recording began."),
            en!("P2's marker is now at the head of C21. Deliver it: P1 stops recording C21, and C21 = [m1]."),
            en!("Anything P2 sends after its marker arrives after it (FIFO), so it stays out of the snapshot, as \
             it should: P2 sent it after recording."),
        ],
        link: Some("v1.AgTIAcgByAHIAQEEQBAKEGABAVAB"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(LATER_MARKER),
        rule: Some(Rule::LaterMarker),
        task: Some(Task {
            instruction: en!("Deliver the marker of S1 on channel P2 → P1."),
            goal: Goal::Delivered { from: 1, to: 0, marker: true },
        }),
        allow: Allow::DELIVER,
        ..BASE
    },
    Step {
        id: "complete",
        title: en!("Termination"),
        body: &[
            en!("A process is done when it has recorded its state and received a marker on every incoming \
             channel. When every process is done, the snapshot is complete. No process decides this alone; a \
             collector may gather the pieces afterwards."),
            en!("Finish S1: deliver the remaining markers by hand, or press Step or Run."),
            en!("The result: P1 100, P2 90, P3 100 and P4 100 tokens, C21 = [m1] with 10, every other channel \
             empty. Total 400, as at the start."),
        ],
        link: Some("v1.AgTIAcgByAHIAQEFQBAKEGABAVABYAEQ"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(COMPLETE),
        rule: Some(Rule::Complete),
        task: Some(Task { instruction: en!("Finish snapshot S1."), goal: Goal::Complete { snapshot: 1 } }),
        allow: Allow::DELIVER.or(Allow::STEP),
        ..BASE
    },
    Step {
        id: "markers",
        title: en!("How many markers?"),
        body: &[
            en!("Each process sends one marker on each of its outgoing channels, once per snapshot: when it \
             initiates or at its first marker, never again."),
            en!("With a channel each way between every pair of n processes there are n(n − 1) channels, so one \
             snapshot sends n(n − 1) markers: 4 × 3 = 12 here, however many processes initiate it."),
            en!("Start a snapshot at any process and finish it (Step or Run, or deliver by hand). The snapshot \
             panel counts the markers sent, and the space-time diagram draws each one dashed."),
        ],
        link: Some("v1.AgTIAcgByAHIAQEA"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(MODEL),
        task: Some(Task { instruction: en!("Start a snapshot and finish it."), goal: Goal::Complete { snapshot: 1 } }),
        allow: Allow::SNAPSHOT.or(Allow::DELIVER).or(Allow::STEP),
        ..BASE
    },
    Step {
        id: "what-if",
        title: en!("Where the notes disagree: what if?"),
        body: &[
            en!("The notes word the first-marker rule two ways. Seeds 001, 003 and 004: a marker on every outgoing \
             channel. Seed 000: to everyone except the one the marker came from (마커 init 한애 빼고 다 보내기)."),
            en!("This run follows seed 000: the what-if switch among the rules is on. P1 started S1, and its \
             markers reached P2, P3 and P4 first. They send markers only to each other: 3 + 3 × 2 = 9, \
             (n − 1)² instead of n(n − 1)."),
            en!("Press Run. Nothing is left to deliver, yet P1 records C21, C31 and C41 forever: only a marker \
             closes a recording, so S1 never completes."),
            en!("Seed 000's step 5 also has them save their state continuously. A process records its state once; \
             what goes on is the recording of its channels."),
        ],
        link: Some(WHAT_IF_LINK),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(WHAT_IF),
        see: &[(en!("The same run in the lab: turn the what-if switch off and compare"), WHAT_IF_LINK)],
        allow: Allow::DELIVER.or(Allow::STEP),
        ..BASE
    },
    Step {
        id: "bank",
        title: en!("The bank"),
        body: &[
            en!("acct1 (P1) holds $1000 and acct2 (P2) $2000. acct1 sends $100 to acct2 (m1), and while m1 is in \
             transit, acct2 starts a snapshot."),
            en!("acct2 records $2000 and starts recording channel P1 → P2. m1 arrives while that channel is \
             recorded, so it joins the recording. acct1 records $900 at its first marker."),
            en!("The snapshot: acct1 $900, acct2 $2000, channel P1 → P2 = [m1] with $100. Total $3000: nothing \
             lost, nothing counted twice, though no two recordings happened at the same moment."),
        ],
        link: Some(BANK.link),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(BANK.text),
        predict: Some(Predict {
            question: en!("acct2 has recorded $2000 and records C12 from now on; m1 ($100) is on its way. What will \
             C12 hold when the snapshot completes?"),
            choices: &[
                en!("Nothing: m1 is in acct1's recorded state"),
                en!("[m1], $100"),
                en!("Nothing: m1 is in acct2's recorded state"),
            ],
            answer: 1,
            at: 2,
            shown: 1,
            why: en!("m1 arrives while acct2 records C12, and acct1 records $900 after sending it: m1 is in \
             transit, so C12 = [m1]."),
        }),
        ..BASE
    },
    Step {
        id: "c21",
        title: en!("C21 = [m2, m3]"),
        body: &[
            en!("The notes' picture. P1 sends m1 on C12, then starts a snapshot: it records $490 and records C21."),
            en!("P2 has not recorded yet and sends m2 and m3 on C21. It records $460 only when P1's marker \
             arrives, after m1."),
            en!("P1 receives m2 and m3 while recording C21, then P2's marker: C21 = [m2, m3], in transit. C12 is \
             empty: m1 arrived before P2 recorded, so it is in P2's $460."),
            en!("$490 + $460 + $50 in C21 = $1000, the total."),
        ],
        link: Some(C21.link),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(C21.text),
        predict: Some(Predict {
            question: en!("P1 records C21 from now on. What will C21 hold when P2's marker arrives?"),
            choices: &[en!("Nothing"), en!("[m2, m3]"), en!("[m1, m2, m3]")],
            answer: 1,
            at: 4,
            shown: 2,
            why: en!("P2 sends its marker only after P1's marker reaches it, and FIFO keeps it behind m2 and m3: \
             both arrive while P1 records C21. m1 went the other way, on C12."),
        }),
        ..BASE
    },
    Step {
        id: "examples",
        title: en!("Some examples of snapshots"),
        body: &[
            en!("A cut is consistent when nothing received inside it was sent outside it."),
            en!("Four cuts across one run: pick each example and read the checker under the diagram."),
            en!("Example 1 is consistent: m1 and m2 cross it forwards, sent inside it and received after it. A \
             snapshot with this cut records them in transit, in C12 and C23."),
            en!("Example 2 is consistent with nothing in transit: every message sent inside it was also received \
             inside it."),
            en!("Example 3 is consistent too: m3 and m4 are in transit, both on their way to P1."),
            en!("Example 4 is not: P1's receiving m3 is inside but P2's sending it is not. m3 is an orphan, and \
             the states add up to more than the total."),
        ],
        link: Some(PROPERTY_LINK),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(PROPERTY),
        cut: Some(&[1, 1, 0]),
        examples: &[
            Example { name: en!("Example 1"), cut: &[1, 1, 0] },
            Example { name: en!("Example 2"), cut: &[1, 2, 1] },
            Example { name: en!("Example 3"), cut: &[1, 3, 2] },
            Example { name: en!("Example 4"), cut: &[2, 2, 1] },
        ],
        ..BASE
    },
    Step {
        id: "fifo",
        title: en!("Why FIFO matters"),
        body: &[
            en!("acct1 (P1) sent m1 ($100) and then started a snapshot: its marker is behind m1 on channel P1 → P2."),
            en!("Try to deliver the marker first: the lab refuses, because the channel is FIFO. m1 arrives first, \
             so acct2 records $2100 and C12 as empty; with acct1's $900 that makes $3000."),
            en!("On FIFO channels a message sent before a marker is received before it: it is in the receiver's \
             recorded state or in the channel's recording. A message sent after a marker is received after \
             the receiver recorded: outside the snapshot at both ends. So there is no orphan, and nothing in \
             transit is missed."),
        ],
        link: Some("v1.CALQD6AfBmFjY3QxBmFjY3QyAQJAAWQQ"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(FIFO),
        task: Some(Task {
            instruction: en!("Try to deliver the marker on channel P1 → P2 before m1; then deliver m1 and the marker."),
            goal: Goal::DeliveredAfterRefusal { from: 0, to: 1, marker: true },
        }),
        allow: Allow::DELIVER,
        ..BASE
    },
    Step {
        id: "non-fifo",
        title: en!("Without FIFO"),
        body: &[
            en!("The same run on channels that are not FIFO. This time the marker of S1 overtakes m1."),
            en!("acct2 records $2000 and C12 as empty; m1 arrives afterwards. It is in no recorded state and in no \
             channel: the snapshot adds up to $2900, not $3000, and the lab's verdict says so."),
            en!("The other way round, a message sent after a marker could arrive before it and become an orphan. \
             Chandy–Lamport needs FIFO channels."),
        ],
        link: Some(NON_FIFO.link),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(NON_FIFO.text),
        predict: Some(Predict {
            question: en!("acct1 sent m1 ($100), then recorded $900. If its marker overtakes m1, what total will the \
             snapshot give?"),
            choices: &[en!("$3000"), en!("$2900"), en!("$3100")],
            answer: 1,
            at: 2,
            shown: 1,
            why: en!("acct2 records $2000 and C12 as empty before m1 arrives, so m1's $100 is in no recorded state \
             and no channel: $900 + $2000 = $2900."),
        }),
        ..BASE
    },
    Step {
        id: "lai-yang",
        title: en!("Without FIFO: Lai–Yang colours, Mattern's counts"),
        body: &[
            en!("Optional, beyond the notes (they assume FIFO): the same run without FIFO, under an algorithm \
             that colours messages."),
            en!("Every process is white until it records its state, and red after; every application message \
             carries its sender's colour. m1 left acct1 before acct1 recorded: m1 is white."),
            en!("A white process that receives a red message records its state before receiving it, so nothing \
             sent after a cut lands inside it: no orphan, FIFO or not."),
            en!("A channel's state is the white messages that arrive after their receiver recorded. The marker \
             only says how many white messages were sent on its channel (one here), so acct2 keeps recording C12 \
             until m1 arrives: $3000 again."),
            en!("The colours are Lai and Yang's; markers that carry counts of white messages, as here, are closer \
             to Mattern's variant."),
        ],
        link: Some(LAI_YANG.link),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(LAI_YANG.text),
        optional: true,
        ..BASE
    },
    Step {
        id: "two-snapshots",
        title: en!("Two snapshots at once"),
        body: &[
            en!("Any process may start a snapshot at any time. Here P1 starts S1, and P3 starts S2 while S1 is \
             still running."),
            en!("Every marker carries its snapshot's id, and each process keeps its recordings per snapshot: the \
             rules run for S1 and S2 independently."),
            en!("Both complete, and both are consistent, with different cuts: m2 is in transit in S1 (recorded in \
             C31), while in S2 it is already part of P1's state."),
        ],
        link: Some(TWO_INITIATORS.link),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(TWO_INITIATORS.text),
        ..BASE
    },
    Step {
        id: "join",
        title: en!("Several initiators of one snapshot"),
        body: &[
            en!("Several processes may also start the same snapshot: each one that has not recorded yet applies \
             the initiator rule itself."),
            en!("P1 started S1, and its marker to P4 is still on the way. Make P4 join S1: P4 records its state, \
             sends its markers and records all its incoming channels. When P1's marker arrives, it is just a \
             later marker for P4."),
            en!("Starting a snapshot at P4 instead would make S2, a separate snapshot."),
            en!("S1 still sends 12 markers, one per channel, and its result is consistent."),
        ],
        link: Some("v1.AgTIAcgByAHIAQECEGABAQ"),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(JOIN),
        rule: Some(Rule::Join),
        task: Some(Task {
            instruction: en!("Make P4 join S1 as a further initiator."),
            goal: Goal::Rule { rule: Rule::Join, process: Some(3) },
        }),
        allow: Allow::SNAPSHOT,
        ..BASE
    },
    Step {
        id: "networks",
        title: en!("The notes' networks"),
        body: &[
            en!("The Korean notes had two network diagrams that never rendered. All that is left is two parser \
             errors quoting two labels, Switch S1 (BMv2) and Leaf Switch 1 (Programmable). The networks here \
             are our reconstruction: first, three switches P1, P2 and P3 in a line."),
            en!("Channels exist only between neighbours, so markers go only where channels are: one per \
             channel, 4 here. There is no channel P1 → P3, yet the line is strongly connected, as the model \
             requires, so a marker reaches every switch."),
            en!("P1 started snapshot S1 while P3's packets were on their way to P2: the channel P3 → P2 records \
             them. The second reconstruction, a leaf-spine fabric, opens from its link below."),
        ],
        link: Some(SWITCHES.link),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(SWITCHES.text),
        optional: true,
        ..BASE
    },
    Step {
        id: "stable",
        title: en!("What snapshots are for: has the work terminated?"),
        body: &[
            en!("A stable property stays true once it is true: termination, a deadlock, garbage. A snapshot's \
             recorded state is reachable from the initial state, and the current state is reachable from it, so a \
             stable property that holds in it holds now."),
            en!("Here three workers hold jobs (tokens). worker 1 hands a job to worker 3 (m1), and workers 1 and \
             2 finish theirs. worker 2 starts S1 while m1 is on its way."),
            en!("Every worker is idle when it records: 0, 0 and 0 jobs. Yet the work has not terminated: C13 = \
             [m1], a job in transit. Termination is every process idle and every channel empty."),
            en!("The run below takes the snapshot after worker 3 finished that job: every worker idle, every \
             channel empty. The work has terminated, and it stays so."),
        ],
        link: Some(NOT_YET_LINK),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(NOT_YET),
        see: &[(en!("Terminated: the snapshot after every job is done"), TERMINATED_LINK)],
        predict: Some(Predict {
            question: en!("Every worker will record 0 jobs. Has the work terminated?"),
            choices: &[en!("Yes: every worker is idle"), en!("No")],
            answer: 1,
            at: 4,
            shown: 2,
            why: en!("C13 records [m1]: worker 1's job to worker 3 was in transit. Terminated means every process \
             idle and every channel empty."),
        }),
        ..BASE
    },
    Step {
        id: "deadlock",
        title: en!("What snapshots are for: is there a deadlock?"),
        body: &[
            en!("A process that waits for a reply sends nothing until the reply arrives. Here P1 asked P2 (m1) \
             and waits; P2, before replying, asked P3 and waits; P3 asked P1 (m3) and waits: a cycle."),
            en!("P2 started S1. Each process records what it waits for along with its state, and the algorithm \
             still runs at a waiting process: a marker is not the reply it waits for."),
            en!("The recorded wait-for graph is P1 → P2 → P3 → P1. A deadlock is a cycle nothing can wake: no \
             process on it has a message in transit from the one it waits for. m3 on C31 comes from P3, and P1 \
             waits for P2."),
            en!("A deadlock is stable: once the snapshot shows it, it still holds now. Finish S1 and read the \
             verdict under the snapshot."),
        ],
        link: Some(DEADLOCK.link),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(DEADLOCK.text),
        task: Some(Task {
            instruction: en!("Finish S1, then read its deadlock verdict."),
            goal: Goal::Complete { snapshot: 1 },
        }),
        allow: Allow::DELIVER.or(Allow::STEP),
        optional: true,
        ..BASE
    },
    Step {
        id: "questions",
        title: en!("Questions to ask"),
        body: &[
            en!("Who initiates? Any process: one that wants a checkpoint, or a monitor looking for a deadlock."),
            en!("Can several processes initiate? Yes: separate snapshots run side by side, and several processes \
             can initiate the same one."),
            en!("Why is the snapshot right, though processes record at different moments? Its cut is consistent, \
             so the system could have passed through the recorded state: reordering concurrent events gives a run \
             through it to the same final state."),
            en!("P1 records $500 and then sends m1; P2 sends m2 and then records $450. The run was never at $500 \
             and $450 at once, yet S1 records exactly that."),
            en!("Under the snapshot, choose Play it beside the real run: the reordered run sends m2 first, and \
             after that step holds exactly what S1 recorded. It never happened, but it could have."),
        ],
        link: Some(NEVER_HAPPENED.link),
        #[cfg(not(target_arch = "wasm32"))]
        text: Some(NEVER_HAPPENED.text),
        ..BASE
    },
    Step {
        id: "safety-liveness",
        title: en!("Safety and liveness"),
        body: &[
            en!("Safety: nothing bad ever happens. Liveness: something good eventually happens."),
            en!("Safety: the recorded state is a consistent global state. No orphan, and each channel's recording \
             is exactly the messages in transit across the cut. This is what needs FIFO channels."),
            en!("Liveness: every snapshot completes. That is guaranteed when every marker arrives, no process \
             crashes, and there is a path of channels from every process to every other."),
            en!("A lost or duplicated application message breaks neither: the snapshot records what the system \
             holds, $2900 or $3100, and its verdict says consistent. The bank's invariant, a total of $3000, \
             broke, and the snapshot shows it."),
            en!("A lost marker, or a crash before the process has done its part, breaks liveness: someone waits \
             forever. Channels that are not FIFO break safety: a marker overtakes a message, and the recording \
             misses it."),
        ],
        see: &[
            (en!("Snapshot still true: lost money (no loss)"), preset("fault-lost-message").link),
            (en!("Snapshot still true: a duplicated message (no duplication)"), preset("fault-duplicate").link),
            (en!("Liveness broken: a lost marker (no loss)"), preset("fault-lost-marker").link),
            (en!("Liveness broken: a crashed process (no crash)"), preset("fault-crash").link),
            (en!("Safety broken: channels that are not FIFO"), NON_FIFO.link),
        ],
        ..BASE
    },
    Step {
        id: "next",
        title: en!("What next"),
        body: &[
            en!("You have run every rule of Chandy–Lamport by hand. Now try the exercises: each sets a task on a \
             run, and the lab checks your answer."),
            en!("Or keep exploring with every control on: send messages in all directions, start snapshots \
             anywhere, and compare the cuts."),
        ],
        allow: Allow::ALL,
        ..BASE
    },
];

/// The notes' four processes with 100 tokens each and a channel each way between every pair,
/// then the given action lines.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! four {
    ($($line:literal)*) => {
        concat!(
            "process P1 100\nprocess P2 100\nprocess P3 100\nprocess P4 100\nunit tokens\n\n",
            $($line, "\n",)*
        )
    };
}

#[cfg(not(target_arch = "wasm32"))]
const WHY: &str = "process P1 1000 \"acct1\"\nprocess P2 2000 \"acct2\"\n\nsend P1 P2 100\n";

#[cfg(not(target_arch = "wasm32"))]
const NAIVE: &str = r#"# acct1 records at its 12:00 before sending m1; acct2 at its 12:00 after receiving it.
process P1 1000 "acct1"
process P2 2000 "acct2"

send P1 P2 100
deliver m1
send P2 P1 50
deliver m2
"#;

#[cfg(not(target_arch = "wasm32"))]
const PROPERTY: &str = r#"# The notes' first figures: three processes and their events. A: P1 sends m1; B: P2 receives it.
process P1 100
process P2 100
process P3 100
unit tokens

send P1 P2 10
send P2 P3 20
deliver m1
deliver m2
send P2 P1 30
send P3 P1 5
deliver m3
deliver m4
"#;

#[cfg(not(target_arch = "wasm32"))]
const NOT_YET: &str = r#"# Termination detection: a job is in transit though every worker is idle when it records.
process P1 2 "worker 1"
process P2 1 "worker 2"
process P3 0 "worker 3"
unit tokens

send P1 P3 1
internal P1 -1
internal P2 -1
snapshot P2
deliver marker S1 P2 P3
deliver m1
deliver marker S1 P2 P1
deliver marker S1 P1 P2
deliver marker S1 P1 P3
deliver marker S1 P3 P1
deliver marker S1 P3 P2
"#;

/// The terminated run of the "stable" step, in the text form (`tests/lesson.rs` checks the link).
#[cfg(not(target_arch = "wasm32"))]
pub const TERMINATED: &str = r#"# Termination detection: every job is finished and nothing is in transit.
process P1 2 "worker 1"
process P2 1 "worker 2"
process P3 0 "worker 3"
unit tokens

send P1 P3 1
internal P1 -1
internal P2 -1
deliver m1
internal P3 -1
snapshot P2
deliver marker S1 P2 P3
deliver marker S1 P2 P1
deliver marker S1 P1 P2
deliver marker S1 P1 P3
deliver marker S1 P3 P1
deliver marker S1 P3 P2
"#;

/// The "what-if" step's run, in the text form (`tests/lesson.rs` checks the link).
#[cfg(not(target_arch = "wasm32"))]
pub const WHAT_IF: &str = r#"# Seed 000's wording of the first-marker rule: no marker back to the process the first marker came from.
process P1 100
process P2 100
process P3 100
process P4 100
unit tokens
markers skip-sender

snapshot P1
deliver marker S1 P1 P2
deliver marker S1 P1 P3
deliver marker S1 P1 P4
"#;

#[cfg(not(target_arch = "wasm32"))]
const MODEL: &str = four!();
#[cfg(not(target_arch = "wasm32"))]
const INITIATOR: &str = four!("send P2 P1 10");
#[cfg(not(target_arch = "wasm32"))]
const FIRST_MARKER: &str = four!("send P2 P1 10" "snapshot P1");
#[cfg(not(target_arch = "wasm32"))]
const RECEIVE_RECORDED: &str = four!("send P2 P1 10" "snapshot P1" "deliver marker S1 P1 P2");
#[cfg(not(target_arch = "wasm32"))]
const LATER_MARKER: &str = four!("send P2 P1 10" "snapshot P1" "deliver marker S1 P1 P2" "deliver m1");
#[cfg(not(target_arch = "wasm32"))]
const COMPLETE: &str =
    four!("send P2 P1 10" "snapshot P1" "deliver marker S1 P1 P2" "deliver m1" "deliver marker S1 P2 P1");
#[cfg(not(target_arch = "wasm32"))]
const JOIN: &str = four!("snapshot P1" "deliver marker S1 P1 P2");

#[cfg(not(target_arch = "wasm32"))]
const FIFO: &str = r#"# m1 is ahead of acct1's marker on the FIFO channel P1 → P2.
process P1 1000 "acct1"
process P2 2000 "acct2"

send P1 P2 100
snapshot P1
"#;
