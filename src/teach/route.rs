//! Where a link leads: the URL fragment names a page of the app. Every form starts with the
//! `v1.` tag of the scenario links (contract §1), so old links keep working:
//!
//! | fragment | page |
//! | --- | --- |
//! | `v1.<payload>` | the lab, with that scenario |
//! | `v1.lesson.<step>[.<payload>]` | the lesson at that step (with the learner's scenario) |
//! | `v1.ex.<kind>.<level>.<seed>[.<payload>]` | an exercise (with the learner's scenario) |
//! | `v1.exercises` | the list of exercises and the learner's progress |
//! | `v1.multicast` | the multicast lab, the default group ([`parse_multicast`]) |
//! | `v1.multicast.<preset>` | the multicast lab with one of its presets |
//! | `v1.mc.<payload>` | the multicast lab with that run (`formats::multicast_link`) |
//! | `v1.mc-lesson.<step>[.<payload>]` | the multicast lab's lesson at that step (`multicast_lesson`; with the learner's run, a `v1.mc.` payload) |
//! | `v1.mc-ex.<kind>.<level>.<seed>` | a multicast exercise (`multicast_exercise`) |
//! | `v1.mc-exercises` | the list of multicast exercises |
//!
//! `<payload>` is a scenario link's payload (base64url, no dots). Anything after a `&` is an
//! option for the page, not part of the route, and is ignored here.

use std::fmt;

use crate::formats::{link, multicast_link, multicast_presets};
use crate::sim::multicast;
use crate::sim::Scenario;
use crate::tf;

use super::exercise::{Kind, LEVELS};
use super::{lesson, multicast_exercise as mx, multicast_lesson as ml};

/// A page of the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Page {
    Lab(Scenario),
    Lesson { step: usize, scenario: Option<Scenario> },
    Exercise { kind: Kind, level: u8, seed: u64, scenario: Option<Scenario> },
    Exercises,
}

/// Why a fragment names no page.
#[derive(Clone, Debug, PartialEq)]
pub enum RouteError {
    /// A scenario payload that does not decode.
    Scenario(String),
    NoSuchStep(String),
    NoSuchExercise(String),
    /// A level outside 1..=3, or not a number.
    BadLevel(String),
    BadSeed(String),
    /// `v1.multicast.<preset>` names no multicast preset.
    NoSuchPreset(String),
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::Scenario(e) => write!(f, "{e}"),
            RouteError::NoSuchStep(s) => f.write_str(&tf!("the lesson has no step named \"{0}\"", shorten(s))),
            RouteError::NoSuchExercise(s) => f.write_str(&tf!("there is no exercise named \"{0}\"", shorten(s))),
            RouteError::BadLevel(s) => f.write_str(&tf!("\"{0}\" is not a level (1 to {1})", shorten(s), LEVELS)),
            RouteError::BadSeed(s) => f.write_str(&tf!("\"{0}\" is not an exercise number", shorten(s))),
            RouteError::NoSuchPreset(s) => {
                f.write_str(&tf!("the multicast lab has no scenario named \"{0}\"", shorten(s)))
            }
        }
    }
}

/// At most 40 characters of a piece of a link, for messages.
fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

fn scenario(payload: Option<&str>) -> Result<Option<Scenario>, RouteError> {
    payload
        .map(|p| link::decode(&format!("v1.{p}")).map_err(|e| RouteError::Scenario(crate::i18n::say(&e))))
        .transpose()
}

/// The route part of a fragment: everything before the first `&` (the page's options).
pub fn route_part(fragment: &str) -> &str {
    fragment.split('&').next().unwrap_or_default()
}

/// The value of the page option `name` in a fragment (`…&name=value&…`), if given.
pub fn option<'a>(fragment: &'a str, name: &str) -> Option<&'a str> {
    fragment.split('&').skip(1).find_map(|o| o.strip_prefix(name)?.strip_prefix('='))
}

/// Whether the page option `name` is given as a flag (`…&name&…`, no value).
pub fn flag(fragment: &str, name: &str) -> bool {
    fragment.split('&').skip(1).any(|o| o == name)
}

/// Which part of the page an embedded lab shows (`&embed`, `&embed=<part>`): `None` when the
/// page is not embedded; `Some("")` for the diagrams and snapshots; else `spacetime`,
/// `topology`, `snapshots` or `rules`. Any other value is the plain embed.
pub fn embed(fragment: &str) -> Option<&'static str> {
    const PARTS: [&str; 4] = ["spacetime", "topology", "snapshots", "rules"];
    match option(fragment, "embed") {
        Some(part) => Some(PARTS.into_iter().find(|p| *p == part).unwrap_or("")),
        None => flag(fragment, "embed").then_some(""),
    }
}

/// The page a fragment (without `#`) names.
pub fn parse(fragment: &str) -> Result<Page, RouteError> {
    let route = route_part(fragment);
    // Anything but a lesson, exercise or list route is a scenario link (or the codec's error).
    let rest = route.strip_prefix("v1.").unwrap_or_default();
    let parts: Vec<&str> = rest.split('.').collect();
    match parts[..] {
        ["exercises"] => Ok(Page::Exercises),
        ["lesson", step, ref payload @ ..] if payload.len() <= 1 => {
            let step = lesson::find(step).ok_or_else(|| RouteError::NoSuchStep(step.to_string()))?;
            Ok(Page::Lesson { step, scenario: scenario(payload.first().copied())? })
        }
        ["ex", kind, level, seed, ref payload @ ..] if payload.len() <= 1 => {
            let kind = Kind::from_id(kind).ok_or_else(|| RouteError::NoSuchExercise(kind.to_string()))?;
            let level = match level.parse::<u8>() {
                Ok(l) if (1..=LEVELS).contains(&l) => l,
                _ => return Err(RouteError::BadLevel(level.to_string())),
            };
            let seed = seed.parse::<u64>().map_err(|_| RouteError::BadSeed(seed.to_string()))?;
            Ok(Page::Exercise { kind, level, seed, scenario: scenario(payload.first().copied())? })
        }
        ["lesson", ..] => Err(RouteError::NoSuchStep(rest.to_string())),
        ["ex", ..] => Err(RouteError::NoSuchExercise(rest.to_string())),
        _ => link::decode(route).map(Page::Lab).map_err(|e| RouteError::Scenario(crate::i18n::say(&e))),
    }
}

/// The payload of a scenario's link (after `v1.`).
fn payload(scenario: &Scenario) -> String {
    let link = link::encode(scenario);
    link.strip_prefix("v1.").unwrap_or(&link).to_string()
}

/// The fragment of the lesson step with this id (not checked), without a scenario.
pub fn lesson_id_fragment(id: &str) -> String {
    format!("v1.lesson.{id}")
}

/// The fragment of a lesson step, with the learner's scenario when they changed it.
pub fn lesson_fragment(step: usize, scenario: Option<&Scenario>) -> String {
    let id = lesson::STEPS.get(step).map_or("", |s| s.id);
    match scenario {
        Some(s) => format!("v1.lesson.{id}.{}", payload(s)),
        None => format!("v1.lesson.{id}"),
    }
}

/// The fragment of an exercise, with the learner's scenario when they changed it.
pub fn exercise_fragment(kind: Kind, level: u8, seed: u64, scenario: Option<&Scenario>) -> String {
    let base = format!("v1.ex.{}.{level}.{seed}", kind.id());
    match scenario {
        Some(s) => format!("{base}.{}", payload(s)),
        None => base,
    }
}

/// The fragment of the exercise list.
pub const EXERCISES_FRAGMENT: &str = "v1.exercises";

/// The fragment of the multicast lab's default group.
pub const MULTICAST_FRAGMENT: &str = "v1.multicast";

/// A page of the multicast lab.
#[derive(Clone, Debug, PartialEq)]
pub enum MulticastPage {
    /// `v1.multicast`: the default group, nothing sent.
    Default,
    /// `v1.multicast.<preset>`: a preset (its id) and its run.
    Preset(&'static str, multicast::Scenario),
    /// `v1.mc.<payload>`: the run the link holds.
    Run(multicast::Scenario),
    /// `v1.mc-lesson.<id>`: the multicast lesson at this step (an index into `multicast_lesson::STEPS`).
    Lesson(usize),
    /// `v1.mc-lesson.<id>.<payload>`: the step with the learner's run in it (the payload of its
    /// `v1.mc.` link).
    LessonRun(usize, multicast::Scenario),
    /// `v1.mc-ex.<kind>.<level>.<seed>`: a multicast exercise.
    Exercise { kind: mx::Kind, level: u8, seed: u64 },
    /// `v1.mc-exercises`: the list of multicast exercises.
    Exercises,
}

/// The fragment of the multicast exercise list.
pub const MULTICAST_EXERCISES_FRAGMENT: &str = "v1.mc-exercises";
const MC_LESSON: &str = "v1.mc-lesson";
const MC_EX: &str = "v1.mc-ex";

/// The fragment of a multicast lesson step (`v1.mc-lesson.<id>`); the first step's for an index
/// beyond the last.
pub fn multicast_lesson_fragment(step: usize) -> String {
    ml::route(step).or_else(|| ml::route(0)).unwrap_or_default()
}

/// The fragment of a multicast lesson step with the learner's run in it:
/// `v1.mc-lesson.<id>.<payload>`, the payload of the run's `v1.mc.` link (base64url, no dots).
pub fn multicast_lesson_run_fragment(step: usize, run: &multicast::Scenario) -> String {
    let link = multicast_link::encode(run);
    let payload = link.strip_prefix(&format!("v1.{}", multicast_link::ROUTE)).unwrap_or(&link);
    format!("{}.{payload}", multicast_lesson_fragment(step))
}

/// The fragment of a multicast exercise (`v1.mc-ex.<kind>.<level>.<seed>`).
pub fn multicast_exercise_fragment(kind: mx::Kind, level: u8, seed: u64) -> String {
    mx::route(kind, level, seed)
}

/// Whether a fragment (without `#`) names the multicast lab, in any of its forms, broken or not:
/// `v1.multicast`, `v1.multicast.<…>` or `v1.mc.<…>`. Every other fragment is the snapshot
/// lab's, and [`parse`] reads it as before.
pub fn is_multicast(fragment: &str) -> bool {
    let route = route_part(fragment);
    let under = |base: &str| route == base || route.strip_prefix(base).is_some_and(|r| r.starts_with('.'));
    under(MULTICAST_FRAGMENT)
        || route.starts_with(&format!("v1.{}", multicast_link::ROUTE))
        || under(MC_LESSON)
        || under(MC_EX)
        || route == MULTICAST_EXERCISES_FRAGMENT
}

/// The multicast page a fragment names (one [`is_multicast`] accepts); a broken link says what
/// and where.
pub fn parse_multicast(fragment: &str) -> Result<MulticastPage, RouteError> {
    let route = route_part(fragment);
    if route == MULTICAST_FRAGMENT {
        return Ok(MulticastPage::Default);
    }
    if route == MULTICAST_EXERCISES_FRAGMENT {
        return Ok(MulticastPage::Exercises);
    }
    if let Some(rest) = route.strip_prefix(MC_LESSON) {
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        let (id, payload) = rest.split_once('.').map_or((rest, None), |(id, p)| (id, Some(p)));
        let step = ml::find(id).ok_or_else(|| RouteError::NoSuchStep(id.to_string()))?;
        return match payload {
            None => Ok(MulticastPage::Lesson(step)),
            Some(p) => multicast_link::decode(&format!("v1.{}{p}", multicast_link::ROUTE))
                .map(|run| MulticastPage::LessonRun(step, run))
                .map_err(|e| RouteError::Scenario(crate::i18n::say(&e))),
        };
    }
    if let Some(rest) = route.strip_prefix(MC_EX) {
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        let parts: Vec<&str> = rest.split('.').collect();
        let [kind, level, seed] = parts[..] else { return Err(RouteError::NoSuchExercise(rest.to_string())) };
        let kind = mx::Kind::from_id(kind).ok_or_else(|| RouteError::NoSuchExercise(kind.to_string()))?;
        let level = match level.parse::<u8>() {
            Ok(l) if (1..=mx::LEVELS).contains(&l) => l,
            _ => return Err(RouteError::BadLevel(level.to_string())),
        };
        let digits = !seed.is_empty() && seed.bytes().all(|b| b.is_ascii_digit());
        let seed = seed.parse::<u64>().ok().filter(|_| digits).ok_or_else(|| RouteError::BadSeed(seed.to_string()))?;
        return Ok(MulticastPage::Exercise { kind, level, seed });
    }
    if let Some(id) = route.strip_prefix("v1.multicast.") {
        let preset = multicast_presets::find(id).ok_or_else(|| RouteError::NoSuchPreset(id.to_string()))?;
        return preset
            .scenario()
            .map(|s| MulticastPage::Preset(preset.id, s))
            .map_err(|e| RouteError::Scenario(crate::i18n::say(&e)));
    }
    multicast_link::decode(route).map(MulticastPage::Run).map_err(|e| RouteError::Scenario(crate::i18n::say(&e)))
}

/// The fragment of a multicast preset: `v1.multicast.<id>` (the id not checked).
pub fn multicast_preset_fragment(id: &str) -> String {
    format!("{MULTICAST_FRAGMENT}.{id}")
}
