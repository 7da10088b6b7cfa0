//! The scenario editor: a teacher builds a scenario's topology in the page (processes, their
//! labels, initial states and places in the diagram, the channels, FIFO or not), then runs it
//! and shares its link.
//!
//! A [`Draft`] is a topology being edited: unlike a [`Topology`] it may be unfinished (a process
//! no channel reaches yet). Each [`Edit`] gives a new draft, or a refusal that says why;
//! [`Draft::check`] gives the scenario, or why the run cannot start yet ("P1 cannot reach P4").
//!
//! Editing works on a run's start. While editing, the run is kept as it was; "Done editing"
//! starts the new scenario with no actions (Undo brings back the old run and scenario), and
//! "Cancel" keeps the old one. Replaying the actions on the new topology was the other choice;
//! it is not taken because most actions name processes and channels by number, so after a
//! process is removed they would silently mean other ones.
//!
//! A label or initial state typed in place is checked here ([`typed_label`], [`typed_initial`]),
//! so that a refusal says what is wrong and where while the typed text stays. A draft survives
//! a reload: the page keeps [`Draft::saved`] in storage while editing and, when the link says
//! `&edit`, [`Lab::resume_editing`] brings it back (or says why it cannot).

use std::rc::Rc;

use crate::formats::link;
use crate::i18n::tr;
use crate::sim::limits::{MAX_AMOUNT, MAX_LABEL_CHARS, MAX_POSITION, MAX_PROCESSES, MIN_PROCESSES};
use crate::sim::{process_name, Algorithm, Channel, Discipline, MarkerRule, ProcessId, Scenario, Topology, Unit};
use crate::sim::{ProcessSpec, Says};
use crate::tf;
use crate::view::topology_layout::{circle_positions, keep_in_view};
use crate::view::Point;

use super::mode::Mode;
use super::state::{Lab, Notice, RulesUndo};

/// A topology being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub processes: Vec<ProcessSpec>,
    /// Sorted by (from, to), no duplicates, no self-channels, both ends among the processes.
    pub channels: Vec<Channel>,
    pub discipline: Discipline,
    pub unit: Unit,
    pub algorithm: Algorithm,
    pub markers: MarkerRule,
    pub seed: u64,
    /// Where each process is drawn, once the teacher has placed one (then for every process);
    /// `None`: the diagram's own layout.
    pub positions: Option<Vec<(u16, u16)>>,
}

/// One edit of a draft.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new process, at this place in the diagram (`None`: the diagram's own layout, or the
    /// middle when the processes have been placed).
    AddProcess {
        at: Option<(u16, u16)>,
    },
    RemoveProcess(ProcessId),
    /// The channel `from → to`, and `to → from` too when `both`.
    AddChannel {
        from: ProcessId,
        to: ProcessId,
        both: bool,
    },
    RemoveChannel(Channel),
    /// A label, text only (empty: the process's name, `P1`).
    SetLabel(ProcessId, String),
    /// A process's initial state (a balance, or tokens).
    SetInitial(ProcessId, i64),
    /// Draw a process here.
    Move(ProcessId, (u16, u16)),
    SetDiscipline(Discipline),
    SetUnit(Unit),
}

/// What the editor was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum EditAction {
    /// Enter edit mode (the lab only).
    Start,
    Apply(Edit),
    /// Run the edited scenario (when it can run).
    Done,
    /// Leave edit mode and keep the scenario as it was.
    Cancel,
}

/// The editor's state in the lab.
#[derive(Clone, Debug, PartialEq)]
pub struct Editing {
    pub draft: Rc<Draft>,
    /// Why the last edit (or Done) was refused, if it was.
    pub refusal: Option<String>,
    /// How many actions the run had when editing began (Done starts with none).
    pub actions: usize,
}

impl Draft {
    /// The draft of a scenario's topology.
    pub fn of(scenario: &Scenario) -> Draft {
        let t = &scenario.topology;
        Draft {
            processes: t.processes().to_vec(),
            channels: t.channels().to_vec(),
            discipline: t.discipline,
            unit: t.unit,
            algorithm: t.algorithm,
            markers: t.markers,
            seed: scenario.seed,
            positions: t.positions().map(<[_]>::to_vec),
        }
    }

    pub fn process_count(&self) -> usize {
        self.processes.len()
    }

    pub fn has_channel(&self, from: ProcessId, to: ProcessId) -> bool {
        self.channels.binary_search(&Channel { from, to }).is_ok()
    }

    /// Where each process is drawn: where it was placed, else the diagram's own layout.
    pub fn layout(&self) -> Vec<Point> {
        let n = self.processes.len();
        match &self.positions {
            Some(placed) => {
                placed.iter().map(|&(x, y)| keep_in_view(n, Point { x: f64::from(x), y: f64::from(y) })).collect()
            }
            None => circle_positions(n),
        }
    }

    /// The draft after `edit`, or why not.
    pub fn apply(&self, edit: &Edit) -> Result<Draft, String> {
        let n = self.processes.len();
        let known = |p: ProcessId| {
            if p < n {
                Ok(())
            } else {
                Err(tf!("There is no process {0}.", process_name(p)))
            }
        };
        let mut next = self.clone();
        match edit {
            Edit::AddProcess { at } => {
                if n >= MAX_PROCESSES {
                    return Err(tf!("A scenario has at most {0} processes.", MAX_PROCESSES));
                }
                let initial = match self.unit {
                    Unit::Balance => 1000,
                    Unit::Tokens => 10,
                };
                next.processes.push(ProcessSpec { label: process_name(n), initial });
                match (at, &mut next.positions) {
                    (None, None) => {}
                    (at, placed) => {
                        let list = placed.get_or_insert_with(|| to_units(&circle_positions(n)));
                        // Without a place: the place of the layout for one more process that
                        // is farthest from every process there is.
                        let at = at.unwrap_or_else(|| {
                            let taken: Vec<Point> = self.layout();
                            let room = |c: &Point| taken.iter().map(|t| t.distance(*c)).fold(f64::INFINITY, f64::min);
                            let best = circle_positions(n + 1).into_iter().max_by(|a, b| room(a).total_cmp(&room(b)));
                            to_units(&best.into_iter().collect::<Vec<_>>())[0]
                        });
                        list.push(at);
                        next.place(n, at);
                    }
                }
            }
            Edit::RemoveProcess(p) => {
                known(*p)?;
                if n <= MIN_PROCESSES {
                    return Err(tf!(
                        "A scenario needs at least {0} processes: {1} cannot be removed.",
                        MIN_PROCESSES,
                        process_name(*p)
                    ));
                }
                let p = *p;
                next.processes.remove(p);
                // A process that kept its name keeps it under its new number.
                for (q, spec) in next.processes.iter_mut().enumerate().skip(p) {
                    if spec.label == process_name(q + 1) {
                        spec.label = process_name(q);
                    }
                }
                let renumber = |q: ProcessId| if q > p { q - 1 } else { q };
                next.channels = self
                    .channels
                    .iter()
                    .filter(|c| c.from != p && c.to != p)
                    .map(|c| Channel { from: renumber(c.from), to: renumber(c.to) })
                    .collect();
                if let Some(list) = &mut next.positions {
                    list.remove(p);
                }
            }
            Edit::AddChannel { from, to, both } => {
                known(*from)?;
                known(*to)?;
                if from == to {
                    return Err(tf!(
                        "A channel joins two different processes, not {0} to itself.",
                        process_name(*from)
                    ));
                }
                let wanted: &[(ProcessId, ProcessId)] =
                    if *both { &[(*from, *to), (*to, *from)] } else { &[(*from, *to)] };
                let mut added = false;
                for &(a, b) in wanted {
                    if let Err(i) = next.channels.binary_search(&Channel { from: a, to: b }) {
                        next.channels.insert(i, Channel { from: a, to: b });
                        added = true;
                    }
                }
                if !added {
                    return Err(if *both {
                        tf!(
                            "The channels {0} to {1} and back are already there.",
                            process_name(*from),
                            process_name(*to)
                        )
                    } else {
                        tf!("The channel {0} to {1} is already there.", process_name(*from), process_name(*to))
                    });
                }
            }
            Edit::RemoveChannel(c) => {
                let Ok(i) = self.channels.binary_search(c) else {
                    return Err(tf!("There is no channel {0} to {1}.", process_name(c.from), process_name(c.to)));
                };
                next.channels.remove(i);
            }
            Edit::SetLabel(p, text) => {
                known(*p)?;
                if text.chars().any(char::is_control) {
                    return Err(tr("A label is one line of text.").into());
                }
                let text = text.trim();
                if text.chars().count() > MAX_LABEL_CHARS {
                    return Err(tf!("A label has at most {0} characters.", MAX_LABEL_CHARS));
                }
                next.processes[*p].label = if text.is_empty() { process_name(*p) } else { text.to_string() };
            }
            Edit::SetInitial(p, value) => {
                known(*p)?;
                if value.unsigned_abs() > MAX_AMOUNT as u64 {
                    return Err(tf!("An initial state is at most {0} in size.", MAX_AMOUNT));
                }
                next.processes[*p].initial = *value;
            }
            Edit::Move(p, at) => {
                known(*p)?;
                let layout = to_units(&self.layout());
                next.positions.get_or_insert(layout);
                next.place(*p, *at);
            }
            Edit::SetDiscipline(d) => next.discipline = *d,
            Edit::SetUnit(u) => next.unit = *u,
        }
        Ok(next)
    }

    /// Puts process `p` at `at`, inside the view.
    fn place(&mut self, p: ProcessId, at: (u16, u16)) {
        let n = self.processes.len();
        let inside = keep_in_view(n, Point { x: f64::from(at.0), y: f64::from(at.1) });
        if let Some(list) = &mut self.positions {
            list[p] = (inside.x.round() as u16, inside.y.round() as u16);
        }
    }

    /// Why the run cannot start yet, if it cannot.
    pub fn problem(&self) -> Option<String> {
        self.check().err()
    }

    /// The scenario this draft makes (no actions), or why the run cannot start yet.
    pub fn check(&self) -> Result<Scenario, String> {
        let n = self.processes.len();
        if n < MIN_PROCESSES {
            return Err(tf!("A scenario needs at least {0} processes.", MIN_PROCESSES));
        }
        // Every process reachable from P1, and P1 from every process: strongly connected.
        for forward in [true, false] {
            let mut seen = vec![false; n];
            let mut stack = vec![0];
            seen[0] = true;
            while let Some(p) = stack.pop() {
                for c in &self.channels {
                    let (a, b) = if forward { (c.from, c.to) } else { (c.to, c.from) };
                    if a == p && !seen[b] {
                        seen[b] = true;
                        stack.push(b);
                    }
                }
            }
            if let Some(q) = seen.iter().position(|s| !s) {
                let (from, to) = if forward { (0, q) } else { (q, 0) };
                return Err(tf!(
                    "{0} cannot reach {1}: add channels so that a path leads from {0} to {1} (a snapshot's markers must reach every process).",
                    process_name(from),
                    process_name(to)
                ));
            }
        }
        let topology = Topology::new(self.processes.clone(), self.channels.clone(), self.discipline, self.unit)
            .and_then(|t| {
                t.with_algorithm(self.algorithm).with_markers(self.markers).with_positions(self.positions.clone())
            })
            .map_err(|e| crate::i18n::say(&e.sentence()).to_string())?;
        Ok(Scenario::new(topology, self.seed))
    }
}

/// Points in whole diagram units.
fn to_units(points: &[Point]) -> Vec<(u16, u16)> {
    points.iter().map(|p| (p.x.round().max(0.0) as u16, p.y.round().max(0.0) as u16)).collect()
}

/// The fragment of an embed link of a scenario: `v1.<payload>&embed`.
pub fn embed_fragment(scenario: &Scenario) -> String {
    format!("{}&embed", link::encode(scenario))
}

/// The fragment of an exercise on a scenario's topology: "Count the markers" (level 1, number
/// 1) on it, `v1.ex.count.1.1.<payload>`.
pub fn exercise_fragment(scenario: &Scenario) -> String {
    crate::teach::route::exercise_fragment(crate::teach::exercise::Kind::Count, 1, 1, Some(scenario))
}

/// A label typed in place for process `p`: the label to set (empty: the process's name), or
/// what is wrong with it, naming the process.
pub fn typed_label(p: ProcessId, text: &str) -> Result<String, String> {
    let name = process_name(p);
    if text.chars().any(char::is_control) {
        return Err(tf!("The label of {0} is one line of text.", name));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() && !text.is_empty() {
        return Err(tf!("The label of {0} is only spaces: type a label, or clear the field to show {0}.", name));
    }
    let count = trimmed.chars().count();
    if count > MAX_LABEL_CHARS {
        return Err(tf!("The label of {0} is too long: {1} characters, at most {2}.", name, count, MAX_LABEL_CHARS));
    }
    Ok(trimmed.to_string())
}

/// An initial state (a balance, or tokens) typed in place for process `p`: a whole number
/// from 0 up, or what is wrong with it, naming the process.
pub fn typed_initial(p: ProcessId, text: &str) -> Result<i64, String> {
    let name = process_name(p);
    let text = text.trim();
    if text.is_empty() {
        return Err(tf!("The initial state of {0} is empty: type a whole number.", name));
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(tf!("The initial state of {0} is not a whole number: \"{1}\".", name, short(text)));
    }
    if text.starts_with('-') && digits.bytes().any(|b| b != b'0') {
        return Err(tf!("The initial state of {0} cannot be negative: {1}.", name, short(text)));
    }
    match digits.parse::<i64>() {
        Ok(v) if v <= MAX_AMOUNT => Ok(v),
        _ => Err(tf!("The initial state of {0} is too large: at most {1}.", name, MAX_AMOUNT)),
    }
}

/// At most 24 characters of typed text, for messages.
fn short(text: &str) -> String {
    if text.chars().count() > 24 {
        format!("{}…", text.chars().take(24).collect::<String>())
    } else {
        text.to_string()
    }
}

/// Where the page keeps the draft while editing.
pub const DRAFT_KEY: &str = "snapshot-lab.draft.v1";

/// The longest saved draft read (16 processes with long labels take a few kilobytes).
const MAX_SAVED: usize = 32 * 1024;

impl Draft {
    /// The text the page keeps while editing: this draft, begun from `base` (the edited
    /// scenario's link, `Lab::link`). Lines: `draft 1`, `base <link>`, `unit`, `discipline`,
    /// `algorithm`, `markers`, `seed`, then `process <initial> <x> <y> <label>` (`- -` for no
    /// place) and `channel <from> <to>` (numbers from 0). A label is the rest of its line.
    /// Hand-written, so that the page needs no JSON library.
    pub fn saved(&self, base: &str) -> String {
        let mut text = format!(
            "draft 1\nbase {base}\nunit {}\ndiscipline {}\nalgorithm {}\nmarkers {}\nseed {}\n",
            match self.unit {
                Unit::Balance => "balance",
                Unit::Tokens => "tokens",
            },
            match self.discipline {
                Discipline::Fifo => "fifo",
                Discipline::NonFifo => "non-fifo",
            },
            self.algorithm.id(),
            self.markers.id(),
            self.seed
        );
        for (p, spec) in self.processes.iter().enumerate() {
            let at = match self.positions.as_ref().and_then(|list| list.get(p)) {
                Some((x, y)) => format!("{x} {y}"),
                None => "- -".into(),
            };
            text.push_str(&format!("process {} {at} {}\n", spec.initial, spec.label));
        }
        for c in &self.channels {
            text.push_str(&format!("channel {} {}\n", c.from, c.to));
        }
        text
    }

    /// A kept draft and the link it was begun from, checked as strictly as the core checks a
    /// topology (what an edit can make, and no more), or what is wrong with it and where.
    pub fn read_saved(text: &str) -> Result<(String, Draft), String> {
        if text.len() > MAX_SAVED {
            return Err(tf!("it is longer than {0} bytes", MAX_SAVED));
        }
        let mut lines = text.lines().enumerate().map(|(i, line)| (i + 1, line));
        let mut field = |name: &str| -> Result<(usize, String), String> {
            match lines.next() {
                Some((no, line)) => match line.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')) {
                    Some(value) => Ok((no, value.to_string())),
                    None => Err(tf!("line {0} is not its \"{1}\" line", no, name)),
                },
                None => Err(tf!("it ends before its \"{0}\" line", name)),
            }
        };
        let bad = |no: usize| tf!("line {0} cannot be read", no);
        let (no, version) = field("draft")?;
        if version != "1" {
            return Err(bad(no));
        }
        let (_, base) = field("base")?;
        let (no, unit) = field("unit")?;
        let unit = match unit.as_str() {
            "balance" => Unit::Balance,
            "tokens" => Unit::Tokens,
            _ => return Err(bad(no)),
        };
        let (no, discipline) = field("discipline")?;
        let discipline = match discipline.as_str() {
            "fifo" => Discipline::Fifo,
            "non-fifo" => Discipline::NonFifo,
            _ => return Err(bad(no)),
        };
        let (no, algorithm) = field("algorithm")?;
        let algorithm = [Algorithm::ChandyLamport, Algorithm::LaiYang]
            .into_iter()
            .find(|a| a.id() == algorithm)
            .ok_or_else(|| bad(no))?;
        let (no, markers) = field("markers")?;
        let markers = [MarkerRule::EveryOutgoing, MarkerRule::SkipSender]
            .into_iter()
            .find(|m| m.id() == markers)
            .ok_or_else(|| bad(no))?;
        let (no, seed) = field("seed")?;
        let seed = seed.parse::<u64>().map_err(|_| bad(no))?;
        let mut d = Draft {
            processes: Vec::new(),
            channels: Vec::new(),
            discipline,
            unit,
            algorithm,
            markers,
            seed,
            positions: None,
        };
        let mut places = Vec::new();
        for (no, line) in lines {
            if let Some(rest) = line.strip_prefix("process ") {
                let mut parts = rest.splitn(4, ' ');
                let (Some(initial), Some(x), Some(y), Some(label)) =
                    (parts.next(), parts.next(), parts.next(), parts.next())
                else {
                    return Err(bad(no));
                };
                let initial = initial.parse::<i64>().map_err(|_| bad(no))?;
                places.push(match (x, y) {
                    ("-", "-") => None,
                    (x, y) => Some((x.parse::<u16>().map_err(|_| bad(no))?, y.parse::<u16>().map_err(|_| bad(no))?)),
                });
                d.processes.push(ProcessSpec { label: label.to_string(), initial });
            } else if let Some(rest) = line.strip_prefix("channel ") {
                let (from, to) = rest.split_once(' ').ok_or_else(|| bad(no))?;
                let (Ok(from), Ok(to)) = (from.parse::<ProcessId>(), to.parse::<ProcessId>()) else {
                    return Err(bad(no));
                };
                d.channels.push(Channel { from, to });
            } else if !line.is_empty() {
                return Err(bad(no));
            }
        }
        let n = d.processes.len();
        if !(MIN_PROCESSES..=MAX_PROCESSES).contains(&n) {
            return Err(tf!("it has {0} processes, not {1} to {2}", n, MIN_PROCESSES, MAX_PROCESSES));
        }
        for (p, spec) in d.processes.iter().enumerate() {
            if spec.label.chars().count() > MAX_LABEL_CHARS || spec.label.chars().any(char::is_control) {
                return Err(tf!(
                    "the label of {0} is not one line of at most {1} characters",
                    process_name(p),
                    MAX_LABEL_CHARS
                ));
            }
            if spec.initial.unsigned_abs() > MAX_AMOUNT as u64 {
                return Err(tf!("The initial state of {0} is too large: at most {1}.", process_name(p), MAX_AMOUNT));
            }
        }
        for (i, c) in d.channels.iter().enumerate() {
            if c.from >= n || c.to >= n || c.from == c.to || (i > 0 && d.channels[i - 1] >= *c) {
                return Err(tf!(
                    "its channel {0} to {1} is not a channel of its processes",
                    process_name(c.from),
                    process_name(c.to)
                ));
            }
        }
        // Every process placed, or none.
        if places.iter().all(Option::is_some) {
            let at: Vec<(u16, u16)> = places.into_iter().flatten().collect();
            if at.iter().any(|&(x, y)| x > MAX_POSITION || y > MAX_POSITION) {
                return Err(tr("its places of the processes do not fit the diagram").into());
            }
            d.positions = Some(at);
        } else if places.iter().any(Option::is_some) {
            return Err(tr("its places of the processes do not fit the diagram").into());
        }
        Ok((base, d))
    }
}

impl Lab {
    /// The editor, when the lab is in edit mode.
    pub fn editing(&self) -> Option<&Editing> {
        self.editing.as_deref()
    }

    /// After a reload with `&edit` in the link: edit mode again, with the kept draft when it
    /// was begun from this scenario (else a fresh one). A kept draft that cannot be read is
    /// named in a notice, and editing starts again from the scenario.
    pub fn resume_editing(&self, saved: Option<&str>) -> Lab {
        if self.edit_refusal(&EditAction::Start).is_some() {
            return self.clone();
        }
        let mut next = self.edit(EditAction::Start);
        let Some(text) = saved else { return next };
        match Draft::read_saved(text) {
            Ok((base, draft)) if *base == *self.link => {
                let actions = next.editing.as_ref().map_or(0, |e| e.actions);
                next.editing = Some(Rc::new(Editing { draft: Rc::new(draft), refusal: None, actions }));
                next.narration = tr("Your draft is back as you left it: go on editing.").into();
            }
            Ok(_) => {}
            Err(why) => {
                next.notice = Some(Notice {
                    text: tf!("The kept draft could not be read ({0}): editing starts again from the scenario.", why),
                    problem: true,
                });
            }
        }
        next
    }

    /// Why an edit action is not allowed now, if it is not.
    pub(super) fn edit_refusal(&self, action: &EditAction) -> Option<String> {
        match action {
            EditAction::Start if !matches!(self.mode, Mode::Lab) => {
                Some(tr("The scenario can be edited in the lab, not in lessons or exercises.").into())
            }
            EditAction::Start => None,
            _ if self.editing.is_none() => Some(tr("Press Edit scenario first.").into()),
            _ => None,
        }
    }

    /// The lab after an edit action (already allowed by [`Lab::edit_refusal`]).
    pub(super) fn edit(&self, action: EditAction) -> Lab {
        let mut next = self.clone();
        match action {
            EditAction::Start => {
                if self.editing.is_none() {
                    next.running = false;
                    next.editing = Some(Rc::new(Editing {
                        draft: Rc::new(Draft::of(&self.scenario)),
                        refusal: None,
                        actions: self.scenario.actions.len(),
                    }));
                    next.narration = tr("Editing the scenario: add and remove processes and channels, set labels and initial states, drag processes to move them.").into();
                }
            }
            EditAction::Apply(edit) => {
                let Some(editing) = &self.editing else { return next };
                let (draft, refusal) = match editing.draft.apply(&edit) {
                    Ok(draft) => (Rc::new(draft), None),
                    Err(why) => (editing.draft.clone(), Some(why)),
                };
                next.editing = Some(Rc::new(Editing { draft, refusal, actions: editing.actions }));
            }
            EditAction::Cancel => {
                next.editing = None;
                next.narration = tr("Editing cancelled: the scenario and its run are as they were.").into();
            }
            EditAction::Done => {
                let Some(editing) = &self.editing else { return next };
                match editing.draft.check() {
                    Err(why) => {
                        next.editing = Some(Rc::new(Editing { refusal: Some(why), ..(**editing).clone() }));
                    }
                    Ok(scenario) if scenario.topology == self.scenario.topology => {
                        next.editing = None;
                        next.narration = tr("Nothing was changed: the run goes on as it was.").into();
                    }
                    Ok(scenario) => {
                        let mut lab = Lab::new(scenario, String::new(), None);
                        lab.progress = self.progress.clone();
                        lab.amount = self.amount;
                        lab.speed_ms = self.speed_ms;
                        let mut undo = (*self.rules_undo).clone();
                        undo.push(RulesUndo { scenario: self.scenario.clone(), cursor: self.cursor, at: 0 });
                        lab.rules_undo = Rc::new(undo);
                        lab.narration = tr("The scenario is ready: its run starts here. Undo brings back the scenario (and its run) as it was before editing.").into();
                        if editing.actions > 0 {
                            lab.notice = Some(Notice {
                                text: tf!(
                                    "The edited scenario starts with no actions: the run's {0} actions belong to the old scenario. Undo brings them back.",
                                    editing.actions
                                ),
                                problem: false,
                            });
                        }
                        next = lab;
                    }
                }
            }
        }
        next
    }
}
