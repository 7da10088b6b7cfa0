//! The learner's progress, kept in the browser's storage as one short line of text: the
//! lesson step to resume at, and per exercise kind and level how many answers were checked,
//! how many were right, the exercise last opened, and how many solutions were shown (a shown
//! solution is not a solved one: checks after it are not counted). Parsing is strict: a damaged record is
//! reported (and set aside by the page), never half-read.
//!
//! Format: `p1` then `;`-separated fields, `lesson=<step id>` and
//! `<kind id>.<level>=<right>/<checked>/<seed>`, with `/<shown>` after it when a solution
//! was shown, e.g. `p1;lesson=rules-first;count.1=1/2/7;predict.2=0/1/3/1`. A record written
//! before solutions were counted reads as it always did (none shown) and is written back the
//! same.
//!
//! An exercise on a teacher's own scenario (the scenario editor's exercise link) has progress of
//! its own, apart from the built-in exercise of the same kind and level: its key is
//! `<kind id>.<level>@<scenario key>`, the scenario key being [`scenario_key`] (8 hex digits
//! hashed from the scenario's link), e.g. `count.1@3f9a0c12=1/1/1`. Those entries are not
//! counted in [`Progress::solved`] nor found by [`Progress::entry`]; at most [`MAX_OWN`] are
//! kept, the oldest opened dropped first.

use std::fmt;

use super::exercise::{Kind, LEVELS};
use crate::formats::link;
use crate::sim::Scenario;

/// One exercise kind at one level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub level: u8,
    /// Answers checked and found right.
    pub right: u32,
    /// Answers checked.
    pub checked: u32,
    /// The seed of the exercise last opened.
    pub seed: u64,
    /// How many times the solution was shown.
    pub shown: u32,
    /// For an exercise on a teacher's own scenario: its [`scenario_key`]; `None` for the
    /// built-in exercise.
    pub scenario: Option<String>,
}

/// The most exercises on teachers' own scenarios remembered.
pub const MAX_OWN: usize = 32;

/// A short key of a scenario, for the progress of an exercise on it: 8 hex digits of the
/// FNV-1a hash of its link (the same scenario, the same key, on every machine).
pub fn scenario_key(scenario: &Scenario) -> String {
    let hash =
        link::encode(scenario).bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    format!("{hash:08x}")
}

/// Whether a text is a scenario key (8 lowercase hex digits).
fn is_key(text: &str) -> bool {
    text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Everything remembered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The id of the lesson step to resume at.
    pub lesson: Option<String>,
    /// In kind, then level order.
    pub entries: Vec<Entry>,
}

/// A record that cannot be read, with the 1-based field where it goes wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressError {
    pub field: usize,
}

impl fmt::Display for ProgressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the saved progress is damaged at field {}", self.field)
    }
}

/// Longest record read (a full record is a few hundred bytes).
const MAX_TEXT: usize = 4096;

impl Progress {
    pub fn parse(text: &str) -> Result<Progress, ProgressError> {
        let mut fields = text.split(';');
        if text.len() > MAX_TEXT || fields.next() != Some("p1") {
            return Err(ProgressError { field: 1 });
        }
        let mut progress = Progress::default();
        for (i, field) in fields.enumerate() {
            let bad = ProgressError { field: i + 2 };
            let (key, value) = field.split_once('=').ok_or(bad.clone())?;
            if key == "lesson" {
                if value.is_empty() || value.len() > 40 {
                    return Err(bad);
                }
                progress.lesson = Some(value.to_string());
                continue;
            }
            let (key, scenario) = match key.split_once('@') {
                Some((key, own)) if is_key(own) => (key, Some(own.to_string())),
                Some(_) => return Err(bad),
                None => (key, None),
            };
            let (kind, level) = key.split_once('.').ok_or(bad.clone())?;
            let kind = Kind::from_id(kind).ok_or(bad.clone())?;
            let level = level.parse::<u8>().ok().filter(|l| (1..=LEVELS).contains(l)).ok_or(bad.clone())?;
            let numbers: Vec<&str> = value.split('/').collect();
            let (right, checked, seed, shown) = match numbers[..] {
                [right, checked, seed] => (right, checked, seed, None),
                [right, checked, seed, shown] => (right, checked, seed, Some(shown)),
                _ => return Err(bad),
            };
            let shown = match shown.map(str::parse::<u32>) {
                None => 0,
                Some(Ok(n)) if n > 0 => n,
                Some(_) => return Err(bad),
            };
            let (Ok(right), Ok(checked), Ok(seed)) = (right.parse(), checked.parse(), seed.parse()) else {
                return Err(bad);
            };
            if right > checked || progress.find(kind, level, scenario.as_deref()).is_some() {
                return Err(bad);
            }
            if scenario.is_some() && progress.own().count() >= MAX_OWN {
                return Err(bad);
            }
            progress.insert(Entry { kind, level, right, checked, seed, shown, scenario });
        }
        Ok(progress)
    }

    pub fn to_text(&self) -> String {
        let mut text = String::from("p1");
        if let Some(step) = &self.lesson {
            text.push_str(&format!(";lesson={step}"));
        }
        for e in &self.entries {
            text.push_str(&format!(";{}.{}", e.kind.id(), e.level));
            if let Some(key) = &e.scenario {
                text.push_str(&format!("@{key}"));
            }
            text.push_str(&format!("={}/{}/{}", e.right, e.checked, e.seed));
            if e.shown > 0 {
                text.push_str(&format!("/{}", e.shown));
            }
        }
        text
    }

    /// The built-in exercise's entry.
    pub fn entry(&self, kind: Kind, level: u8) -> Option<&Entry> {
        self.find(kind, level, None)
    }

    /// The entry of an exercise: the built-in one (`scenario` `None`), or the one on a
    /// teacher's scenario with this [`scenario_key`].
    pub fn find(&self, kind: Kind, level: u8, scenario: Option<&str>) -> Option<&Entry> {
        self.entries.iter().find(|e| e.kind == kind && e.level == level && e.scenario.as_deref() == scenario)
    }

    /// The entries of exercises on teachers' own scenarios.
    pub fn own(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.scenario.is_some())
    }

    fn entry_mut(&mut self, kind: Kind, level: u8, seed: u64, scenario: Option<&str>) -> &mut Entry {
        if self.find(kind, level, scenario).is_none() {
            // Room for one more teacher's exercise: the oldest one goes.
            if scenario.is_some() && self.own().count() >= MAX_OWN {
                if let Some(i) = self.entries.iter().position(|e| e.scenario.is_some()) {
                    self.entries.remove(i);
                }
            }
            let scenario = scenario.map(str::to_string);
            self.insert(Entry { kind, level, right: 0, checked: 0, seed, shown: 0, scenario });
        }
        let i = self
            .entries
            .iter()
            .position(|e| e.kind == kind && e.level == level && e.scenario.as_deref() == scenario)
            .unwrap_or_default();
        &mut self.entries[i]
    }

    /// Inserts an entry in kind, then level order, the built-in ones first, the teachers' ones
    /// after them in the order first opened (a linear scan: there are at most 18 + 32, and a
    /// sort would add kilobytes to the web build).
    fn insert(&mut self, entry: Entry) {
        if entry.scenario.is_some() {
            self.entries.push(entry);
            return;
        }
        let rank = |e: &Entry| {
            (e.scenario.is_some(), Kind::ALL.iter().position(|&x| x == e.kind).unwrap_or_default(), e.level)
        };
        let at = self.entries.iter().position(|e| rank(e) > rank(&entry)).unwrap_or(self.entries.len());
        self.entries.insert(at, entry);
    }

    /// An exercise was opened (`scenario`: the key of a teacher's scenario it is on).
    pub fn opened(&mut self, kind: Kind, level: u8, seed: u64, scenario: Option<&str>) {
        self.entry_mut(kind, level, seed, scenario).seed = seed;
    }

    /// An answer was checked.
    pub fn checked(&mut self, kind: Kind, level: u8, seed: u64, scenario: Option<&str>, right: bool) {
        let e = self.entry_mut(kind, level, seed, scenario);
        e.seed = seed;
        e.checked = e.checked.saturating_add(1);
        if right {
            e.right = e.right.saturating_add(1);
        }
    }

    /// The solution of an exercise was shown.
    pub fn shown(&mut self, kind: Kind, level: u8, seed: u64, scenario: Option<&str>) {
        let e = self.entry_mut(kind, level, seed, scenario);
        e.seed = seed;
        e.shown = e.shown.saturating_add(1);
    }

    /// How many of the built-in kind-and-level pairs have at least one right answer (a shown
    /// solution is not one); teachers' exercises are not among them.
    pub fn solved(&self) -> usize {
        self.entries.iter().filter(|e| e.scenario.is_none() && e.solved()).count()
    }
}

/// Where the learner stands on one kind and level, as the index shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    Opened,
    Tried,
    /// The solution was shown and no answer of the learner's was right.
    Shown,
    Solved,
}

impl Entry {
    /// Solved by the learner: at least one right answer checked before any solution was shown.
    pub fn solved(&self) -> bool {
        self.right > 0
    }

    pub fn status(entry: Option<&Entry>) -> Status {
        match entry {
            None => Status::NotStarted,
            Some(e) if e.solved() => Status::Solved,
            Some(e) if e.shown > 0 => Status::Shown,
            Some(e) if e.checked > 0 => Status::Tried,
            Some(_) => Status::Opened,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_survives_the_round_trip() {
        let mut p = Progress { lesson: Some("model".into()), ..Progress::default() };
        p.checked(Kind::Predict, 2, 3, None, false);
        p.checked(Kind::Count, 1, 7, None, true);
        p.checked(Kind::Count, 1, 7, None, false);
        p.opened(Kind::WhichCut, 3, 11, None);
        let text = p.to_text();
        assert_eq!(text, "p1;lesson=model;predict.2=0/1/3;which-cut.3=0/0/11;count.1=1/2/7");
        assert_eq!(Progress::parse(&text), Ok(p.clone()));
        assert_eq!(p.solved(), 1);
        assert_eq!(p.entry(Kind::Count, 1).map(|e| (e.right, e.checked)), Some((1, 2)));
        assert_eq!(Progress::parse("p1"), Ok(Progress::default()));
    }

    #[test]
    fn a_shown_solution_is_recorded_as_shown_not_solved() {
        let mut p = Progress::default();
        p.opened(Kind::Count, 2, 5, None);
        assert_eq!(Entry::status(p.entry(Kind::Count, 2)), Status::Opened);
        p.checked(Kind::Count, 2, 5, None, false);
        assert_eq!(Entry::status(p.entry(Kind::Count, 2)), Status::Tried);
        p.shown(Kind::Count, 2, 5, None);
        assert_eq!(Entry::status(p.entry(Kind::Count, 2)), Status::Shown);
        assert_eq!(p.solved(), 0);
        let text = p.to_text();
        assert_eq!(text, "p1;count.2=0/1/5/1");
        assert_eq!(Progress::parse(&text), Ok(p.clone()));
        p.checked(Kind::Count, 2, 6, None, true);
        assert_eq!(Entry::status(p.entry(Kind::Count, 2)), Status::Solved, "solved later, on its own");
        assert_eq!(p.to_text(), "p1;count.2=1/2/6/1");
        assert_eq!(Entry::status(None), Status::NotStarted);
    }

    #[test]
    fn old_records_read_and_write_back_exactly_as_before() {
        for text in ["p1", "p1;lesson=model;predict.2=0/1/3;which-cut.3=0/0/11;count.1=1/2/7", "p1;count.1=0/0/0"] {
            let p = Progress::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(p.entries.iter().all(|e| e.shown == 0), "{text}");
            assert_eq!(p.to_text(), text);
        }
        let p = Progress::parse("p1;count.1=1/2/7").unwrap_or_default();
        assert_eq!(p.entry(Kind::Count, 1).map(|e| (e.right, e.checked, e.seed, e.shown)), Some((1, 2, 7, 0)));
    }

    #[test]
    fn damaged_records_are_refused_with_the_field() {
        for (text, field) in [
            ("", 1),
            ("p2;count.1=1/1/1", 1),
            ("p1;count.1=1/1", 2),
            ("p1;lesson=x;count.4=0/0/0", 3),
            ("p1;count.1=2/1/0", 2),
            ("p1;count.1=0/0/0;count.1=0/0/0", 3),
            ("p1;nothing.1=0/0/0", 2),
            ("p1;count.1=a/0/0", 2),
            ("p1;lesson=", 2),
            ("p1;;", 2),
            ("p1;count.1=0/0/0/0", 2),
            ("p1;count.1=0/0/0/x", 2),
            ("p1;count.1=0/0/0/1/1", 2),
            ("p1;count.1=0/0/0/", 2),
        ] {
            assert_eq!(Progress::parse(text), Err(ProgressError { field }), "{text}");
        }
        assert_eq!(Progress::parse(&"p1;".repeat(2000)), Err(ProgressError { field: 1 }));
    }
}
