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

use std::fmt;

use super::exercise::{Kind, LEVELS};

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
            if right > checked || progress.entry(kind, level).is_some() {
                return Err(bad);
            }
            progress.insert(Entry { kind, level, right, checked, seed, shown });
        }
        Ok(progress)
    }

    pub fn to_text(&self) -> String {
        let mut text = String::from("p1");
        if let Some(step) = &self.lesson {
            text.push_str(&format!(";lesson={step}"));
        }
        for e in &self.entries {
            text.push_str(&format!(";{}.{}={}/{}/{}", e.kind.id(), e.level, e.right, e.checked, e.seed));
            if e.shown > 0 {
                text.push_str(&format!("/{}", e.shown));
            }
        }
        text
    }

    pub fn entry(&self, kind: Kind, level: u8) -> Option<&Entry> {
        self.entries.iter().find(|e| e.kind == kind && e.level == level)
    }

    fn entry_mut(&mut self, kind: Kind, level: u8, seed: u64) -> &mut Entry {
        if self.entry(kind, level).is_none() {
            self.insert(Entry { kind, level, right: 0, checked: 0, seed, shown: 0 });
        }
        let i = self.entries.iter().position(|e| e.kind == kind && e.level == level).unwrap_or_default();
        &mut self.entries[i]
    }

    /// Inserts an entry in kind, then level order (a linear scan: there are at most 18, and a
    /// sort would add kilobytes to the web build).
    fn insert(&mut self, entry: Entry) {
        let rank = |e: &Entry| (Kind::ALL.iter().position(|&x| x == e.kind).unwrap_or_default(), e.level);
        let at = self.entries.iter().position(|e| rank(e) > rank(&entry)).unwrap_or(self.entries.len());
        self.entries.insert(at, entry);
    }

    /// An exercise was opened.
    pub fn opened(&mut self, kind: Kind, level: u8, seed: u64) {
        self.entry_mut(kind, level, seed).seed = seed;
    }

    /// An answer was checked.
    pub fn checked(&mut self, kind: Kind, level: u8, seed: u64, right: bool) {
        let e = self.entry_mut(kind, level, seed);
        e.seed = seed;
        e.checked = e.checked.saturating_add(1);
        if right {
            e.right = e.right.saturating_add(1);
        }
    }

    /// The solution of an exercise was shown.
    pub fn shown(&mut self, kind: Kind, level: u8, seed: u64) {
        let e = self.entry_mut(kind, level, seed);
        e.seed = seed;
        e.shown = e.shown.saturating_add(1);
    }

    /// How many of the kind-and-level pairs have at least one right answer (a shown solution
    /// is not one).
    pub fn solved(&self) -> usize {
        self.entries.iter().filter(|e| e.solved()).count()
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
        p.checked(Kind::Predict, 2, 3, false);
        p.checked(Kind::Count, 1, 7, true);
        p.checked(Kind::Count, 1, 7, false);
        p.opened(Kind::WhichCut, 3, 11);
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
        p.opened(Kind::Count, 2, 5);
        assert_eq!(Entry::status(p.entry(Kind::Count, 2)), Status::Opened);
        p.checked(Kind::Count, 2, 5, false);
        assert_eq!(Entry::status(p.entry(Kind::Count, 2)), Status::Tried);
        p.shown(Kind::Count, 2, 5);
        assert_eq!(Entry::status(p.entry(Kind::Count, 2)), Status::Shown);
        assert_eq!(p.solved(), 0);
        let text = p.to_text();
        assert_eq!(text, "p1;count.2=0/1/5/1");
        assert_eq!(Progress::parse(&text), Ok(p.clone()));
        p.checked(Kind::Count, 2, 6, true);
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
