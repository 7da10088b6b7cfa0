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
