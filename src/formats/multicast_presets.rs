//! The multicast lab's presets: the classic figures that separate the orderings, and reliable
//! multicast repairing a crash partway through. Each is a `v1.mc.` link; `tests/multicast.rs`
//! checks that each shows what its title claims, by the ordering checker.

use crate::en;

use super::link::LinkError;
use super::multicast_link;
use crate::sim::multicast::Scenario;

/// A ready-made multicast run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable id, e.g. `fifo-not-causal`.
    pub id: &'static str,
    /// Short English title (a catalog key: the page translates it).
    pub title: &'static str,
    /// What it shows, in one English sentence (a catalog key too).
    pub shows: &'static str,
    pub link: &'static str,
}

impl Preset {
    /// The preset's run, decoded from its link.
    pub fn scenario(&self) -> Result<Scenario, LinkError> {
        multicast_link::decode(self.link)
    }
}

/// Every multicast preset.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "fifo-not-causal",
        title: en!("FIFO but not causal"),
        shows: en!("P2 answers P1's m1 with m2. Under FIFO order P3 delivers m2 as soon as it arrives, before m1, though m1 → m2."),
        link: "v1.mc.AQMGEDABAREwAhIwAQIwAhA",
    },
    Preset {
        id: "causal-not-total",
        title: en!("Causal but not total"),
        shows: en!("P1 and P2 multicast at the same time. Causal order lets P2 deliver m2 before m1 while P1 and P3 deliver m1 first: no message caused the other."),
        link: "v1.mc.AgMGEBEwAhAwAQEwAQIwAhI",
    },
    Preset {
        id: "total-not-causal",
        title: en!("Total but not causal"),
        shows: en!("P2 multicasts m1, then m2. The sequencer P1 receives m2 first and numbers it first, so every process delivers m2 before m1: the same order everywhere, but not P2's."),
        link: "v1.mc.AwMKEREwAhAwARAxAgEBMQECATACEjABEjEBAgIxAgEC",
    },
    Preset {
        id: "basic-crash",
        title: en!("Basic multicast: the sender crashes partway"),
        shows: en!("P1 sends m1 to P2 only, then crashes. P2 delivers m1; P3 never will."),
        link: "v1.mc.AAMCIAIwAQE",
    },
    Preset {
        id: "reliable-crash",
        title: en!("Reliable multicast repairs it"),
        shows: en!("The same crash, but on its first receipt P2 sends m1 on to P3: every correct process delivers m1."),
        link: "v1.mc.BAMDIAIwAQEwARI",
    },
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}
