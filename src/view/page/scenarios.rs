//! Where the page gets scenarios: the presets and the `v1.` link codec (`crate::formats`).

use crate::formats::link;
use crate::formats::presets;
use crate::sim::Scenario;

pub use crate::formats::presets::PRESETS;

/// The preset the page opens with.
pub const DEFAULT_PRESET: &str = presets::DEFAULT_ID;

/// A preset's scenario, if the id names one.
pub fn preset_scenario(id: &str) -> Option<Scenario> {
    presets::find(id).and_then(|p| p.scenario().ok())
}

/// The page's starting scenario, with the seed given (the page draws a fresh one, which then
/// goes into the link).
pub fn default_scenario(seed: u64) -> Scenario {
    let mut s = presets::default_scenario();
    s.seed = seed;
    s
}

pub fn decode_link(fragment: &str) -> Result<Scenario, String> {
    link::decode(fragment).map_err(|e| e.to_string())
}

/// The preset a scenario comes from: the one whose actions it starts with (on the same
/// topology), else the first with the same topology.
pub fn preset_of(scenario: &Scenario) -> Option<&'static str> {
    let same: Vec<(&'static str, Scenario)> = PRESETS
        .iter()
        .filter_map(|p| p.scenario().ok().map(|s| (p.id, s)))
        .filter(|(_, s)| s.topology == scenario.topology)
        .collect();
    let prefix =
        same.iter().filter(|(_, s)| scenario.actions.starts_with(&s.actions)).max_by_key(|(_, s)| s.actions.len());
    prefix.or(same.first()).map(|(id, _)| *id)
}
