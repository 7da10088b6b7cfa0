//! Topology: the processes (label and initial state), the directed channels between them,
//! and the channel discipline (FIFO or not). A topology is validated when it is built.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::limits::{MAX_AMOUNT, MAX_LABEL_CHARS, MAX_POSITION, MAX_PROCESSES, MIN_PROCESSES};
use super::process_name;

/// A process, by index: `0` is `P1`.
pub type ProcessId = usize;
/// A channel, by index into [`Topology::channels`].
pub type ChannelId = usize;

/// How a channel delivers the messages in flight on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Discipline {
    /// First in, first out: only the head of a channel can be received (the notes' model).
    #[default]
    Fifo,
    /// Any message in flight on a channel can be received next.
    NonFifo,
}

/// Which snapshot algorithm the processes run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// Chandy–Lamport: markers cut the channels (needs FIFO channels; the notes' algorithm).
    #[default]
    ChandyLamport,
    /// Lai–Yang: messages carry their sender's colour (white before it records, red after);
    /// a white process records before it receives a red message. Needs no FIFO. Markers are
    /// kept only as control messages carrying how many white messages were sent on a channel,
    /// so that every recording closes.
    LaiYang,
}

/// Where a process sends markers when its first marker of a snapshot arrives. The notes
/// disagree: seeds 001, 003 and 004 say every outgoing channel; seed 000 says every process
/// but the one the first marker came from ("마커 init 한애 빼고 다 보내기"). The lab runs the
/// majority's rule unless the learner switches to seed 000's, to see what it does: the channel
/// back to that sender is recorded forever, so the snapshot never completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerRule {
    /// A marker on every outgoing channel (the algorithm as published).
    #[default]
    EveryOutgoing,
    /// Seed 000's "what if": no marker back to the first marker's sender.
    SkipSender,
}

impl MarkerRule {
    /// The stable id: `every-outgoing` or `skip-sender`.
    pub fn id(self) -> &'static str {
        match self {
            MarkerRule::EveryOutgoing => "every-outgoing",
            MarkerRule::SkipSender => "skip-sender",
        }
    }
    pub fn is_every_outgoing(&self) -> bool {
        *self == MarkerRule::EveryOutgoing
    }
}

impl Algorithm {
    /// The stable id: `chandy-lamport` or `lai-yang`.
    pub fn id(self) -> &'static str {
        match self {
            Algorithm::ChandyLamport => "chandy-lamport",
            Algorithm::LaiYang => "lai-yang",
        }
    }
    /// The name a person reads: `Chandy–Lamport` or `Lai–Yang`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::ChandyLamport => "Chandy–Lamport",
            Algorithm::LaiYang => "Lai–Yang",
        }
    }
    pub fn is_chandy_lamport(&self) -> bool {
        *self == Algorithm::ChandyLamport
    }
}

/// What a process's integer state means, for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// A bank balance in dollars.
    #[default]
    Balance,
    /// A count of tokens.
    Tokens,
}

impl Unit {
    /// A state in words: `balance 1000` or `3 tokens`.
    pub fn words(self, state: i64) -> super::words::Sentence {
        match self {
            Unit::Balance => crate::say!("balance {0}", state),
            Unit::Tokens => crate::say!("{0} tokens", state),
        }
    }
}

/// One process: its display label and its initial state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessSpec {
    pub label: String,
    pub initial: i64,
}

/// A directed channel from one process to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Channel {
    pub from: ProcessId,
    pub to: ProcessId,
}

impl From<Channel> for super::words::Word {
    fn from(c: Channel) -> super::words::Word {
        super::words::Word::Plain(c.to_string())
    }
}

impl From<&Channel> for super::words::Word {
    fn from(c: &Channel) -> super::words::Word {
        super::words::Word::Plain(c.to_string())
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}→{}", process_name(self.from), process_name(self.to))
    }
}

/// Processes, directed channels and the channel discipline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topology {
    processes: Vec<ProcessSpec>,
    /// Sorted by (from, to), no duplicates, no self-channels.
    channels: Vec<Channel>,
    pub discipline: Discipline,
    pub unit: Unit,
    /// The snapshot algorithm (Chandy–Lamport unless chosen): set it after building.
    #[serde(default, skip_serializing_if = "Algorithm::is_chandy_lamport")]
    pub algorithm: Algorithm,
    /// Where a first marker makes a process send markers (every outgoing channel unless the
    /// learner switched to seed 000's rule): set it after building.
    #[serde(default, skip_serializing_if = "MarkerRule::is_every_outgoing")]
    pub markers: MarkerRule,
    /// Where each process is drawn in the process and channel diagram, `(x, y)` in the
    /// diagram's units (each at most [`MAX_POSITION`]), when a teacher placed them in the
    /// scenario editor; `None`: the diagram's own layout. Set it after building.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    positions: Option<Vec<(u16, u16)>>,
    /// `outgoing[p]` and `incoming[p]`: channel ids, in channel order.
    #[serde(skip)]
    outgoing: Vec<Vec<ChannelId>>,
    #[serde(skip)]
    incoming: Vec<Vec<ChannelId>>,
}

/// Why a topology is not acceptable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopologyError {
    ProcessCount(usize),
    LabelTooLong {
        process: ProcessId,
    },
    StateOutOfRange {
        process: ProcessId,
    },
    UnknownProcess {
        index: usize,
    },
    SelfChannel {
        process: ProcessId,
    },
    DuplicateChannel(Channel),
    /// Positions given for some other number of processes than there are.
    Positions {
        count: usize,
        processes: usize,
    },
    /// A snapshot could never complete: `to` cannot be reached from `from`.
    NotStronglyConnected {
        from: ProcessId,
        to: ProcessId,
    },
}

impl super::words::Says for TopologyError {
    /// What is wrong, in words.
    fn sentence(&self) -> super::words::Sentence {
        use crate::say;
        match self {
            TopologyError::ProcessCount(n) => {
                say!("a topology has {0} to {1} processes, not {2}", MIN_PROCESSES, MAX_PROCESSES, n)
            }
            TopologyError::LabelTooLong { process } => {
                say!("the label of {0} is longer than {1} characters", process_name(*process), MAX_LABEL_CHARS)
            }
            TopologyError::StateOutOfRange { process } => say!(
                "the initial state of {0} is out of range (at most {1} in size)",
                process_name(*process),
                MAX_AMOUNT
            ),
            TopologyError::UnknownProcess { index } => say!("there is no process {0}", process_name(*index)),
            TopologyError::SelfChannel { process } => {
                say!("a channel from {0} to {0} is not allowed", process_name(*process))
            }
            TopologyError::DuplicateChannel(c) => say!("channel {0} is listed twice", c),
            TopologyError::Positions { count, processes } => {
                say!("{0} positions are given for {1} processes", count, processes)
            }
            TopologyError::NotStronglyConnected { from, to } => say!(
                "the channels are not strongly connected: no path of channels leads from {0} to {1}, so a marker could never reach {1} and a snapshot could never complete",
                process_name(*from),
                process_name(*to)
            ),
        }
    }
}

impl fmt::Display for TopologyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", super::words::Says::sentence(self))
    }
}

impl std::error::Error for TopologyError {}

impl Topology {
    /// Builds a topology with the given channels, validating everything.
    pub fn new(
        processes: Vec<ProcessSpec>,
        channels: Vec<Channel>,
        discipline: Discipline,
        unit: Unit,
    ) -> Result<Self, TopologyError> {
        let n = processes.len();
        if !(MIN_PROCESSES..=MAX_PROCESSES).contains(&n) {
            return Err(TopologyError::ProcessCount(n));
        }
        for (p, spec) in processes.iter().enumerate() {
            if spec.label.chars().count() > MAX_LABEL_CHARS {
                return Err(TopologyError::LabelTooLong { process: p });
            }
            if spec.initial.unsigned_abs() > MAX_AMOUNT as u64 {
                return Err(TopologyError::StateOutOfRange { process: p });
            }
        }
        // An adjacency matrix finds duplicates and yields the channels in (from, to) order.
        let mut present = vec![false; n * n];
        for c in &channels {
            for end in [c.from, c.to] {
                if end >= n {
                    return Err(TopologyError::UnknownProcess { index: end });
                }
            }
            if c.from == c.to {
                return Err(TopologyError::SelfChannel { process: c.from });
            }
            if std::mem::replace(&mut present[c.from * n + c.to], true) {
                return Err(TopologyError::DuplicateChannel(*c));
            }
        }
        let sorted: Vec<Channel> =
            (0..n * n).filter(|&i| present[i]).map(|i| Channel { from: i / n, to: i % n }).collect();
        let mut outgoing = vec![Vec::new(); n];
        let mut incoming = vec![Vec::new(); n];
        for (id, c) in sorted.iter().enumerate() {
            outgoing[c.from].push(id);
            incoming[c.to].push(id);
        }
        let topology = Topology {
            processes,
            channels: sorted,
            discipline,
            unit,
            algorithm: Algorithm::default(),
            markers: MarkerRule::default(),
            positions: None,
            outgoing,
            incoming,
        };
        topology.check_strongly_connected()?;
        Ok(topology)
    }

    /// The complete graph: a channel each way between every pair of processes.
    pub fn complete(processes: Vec<ProcessSpec>, discipline: Discipline, unit: Unit) -> Result<Self, TopologyError> {
        let n = processes.len();
        let channels =
            (0..n).flat_map(|from| (0..n).filter(move |&to| to != from).map(move |to| Channel { from, to })).collect();
        Self::new(processes, channels, discipline, unit)
    }

    /// Processes `P1..Pn` with the given initial states and their default labels.
    pub fn specs(initial: &[i64]) -> Vec<ProcessSpec> {
        initial.iter().enumerate().map(|(p, &initial)| ProcessSpec { label: process_name(p), initial }).collect()
    }

    fn check_strongly_connected(&self) -> Result<(), TopologyError> {
        let n = self.processes.len();
        for (forward, from_first) in [(true, true), (false, false)] {
            let mut seen = vec![false; n];
            let mut stack = vec![0];
            seen[0] = true;
            while let Some(p) = stack.pop() {
                let next = if forward { &self.outgoing[p] } else { &self.incoming[p] };
                for &c in next {
                    let q = if forward { self.channels[c].to } else { self.channels[c].from };
                    if !seen[q] {
                        seen[q] = true;
                        stack.push(q);
                    }
                }
            }
            if let Some(q) = seen.iter().position(|s| !s) {
                let (from, to) = if from_first { (0, q) } else { (q, 0) };
                return Err(TopologyError::NotStronglyConnected { from, to });
            }
        }
        Ok(())
    }

    /// Rebuilds the derived adjacency after deserialising.
    pub fn revalidated(self) -> Result<Self, TopologyError> {
        let (algorithm, markers) = (self.algorithm, self.markers);
        Self::new(self.processes, self.channels, self.discipline, self.unit)?
            .with_algorithm(algorithm)
            .with_markers(markers)
            .with_positions(self.positions)
    }

    /// The same topology with its processes drawn at these positions (`None`: the diagram's
    /// own layout). Coordinates beyond [`MAX_POSITION`] are brought back to it; a list of
    /// another length than the processes is an error.
    pub fn with_positions(mut self, positions: Option<Vec<(u16, u16)>>) -> Result<Self, TopologyError> {
        if let Some(list) = &positions {
            if list.len() != self.processes.len() {
                return Err(TopologyError::Positions { count: list.len(), processes: self.processes.len() });
            }
        }
        self.positions =
            positions.map(|list| list.into_iter().map(|(x, y)| (x.min(MAX_POSITION), y.min(MAX_POSITION))).collect());
        Ok(self)
    }

    /// Where a teacher placed the processes, if they did (see [`Topology::with_positions`]).
    pub fn positions(&self) -> Option<&[(u16, u16)]> {
        self.positions.as_deref()
    }

    /// The same topology with another marker rule.
    pub fn with_markers(mut self, markers: MarkerRule) -> Self {
        self.markers = markers;
        self
    }

    /// The same topology run with another snapshot algorithm.
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    pub fn process_count(&self) -> usize {
        self.processes.len()
    }
    pub fn processes(&self) -> &[ProcessSpec] {
        &self.processes
    }
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }
    pub fn channel(&self, id: ChannelId) -> Channel {
        self.channels[id]
    }
    /// The id of the channel `from → to`, if there is one.
    pub fn channel_id(&self, from: ProcessId, to: ProcessId) -> Option<ChannelId> {
        self.channels.binary_search(&Channel { from, to }).ok()
    }
    pub fn outgoing(&self, p: ProcessId) -> &[ChannelId] {
        &self.outgoing[p]
    }
    pub fn incoming(&self, p: ProcessId) -> &[ChannelId] {
        &self.incoming[p]
    }
    /// True when every ordered pair of distinct processes has a channel.
    pub fn is_complete(&self) -> bool {
        let n = self.processes.len();
        self.channels.len() == n * (n - 1)
    }
    pub fn initial_total(&self) -> i64 {
        self.processes.iter().map(|p| p.initial).sum()
    }
    /// The label of a process, e.g. `acct1`.
    pub fn label(&self, p: ProcessId) -> &str {
        &self.processes[p].label
    }
}
