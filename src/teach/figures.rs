//! The lecture notes' lost figures, redrawn live. Seed 003 ("Snapshots of Distributed Systems")
//! points at six images that are not there (`snapshot1.png` … `snapshot6.png`), and seed 000
//! (the Korean notes) has three Mermaid diagrams that never parsed. Each figure here is a scene
//! of the lab: the lesson step that shows it at the place the notes put it, the scenario link
//! that opens it on its own, and a text alternative saying what it shows.
//! `tests/lesson.rs` proves each text alternative against the scene.

use super::lesson::{self, STEPS};
use crate::en;
use crate::i18n::translate;

/// One of the notes' figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figure {
    /// What the notes call it: the missing image's file name, or the broken diagram.
    pub name: &'static str,
    /// Where the notes have it.
    pub notes: &'static str,
    /// What the figure is about (its caption).
    pub title: &'static str,
    /// The text alternative: what the live scene shows, in words.
    pub alt: &'static str,
    /// The lesson step that shows it.
    pub step: &'static str,
    /// The scenario link that opens it in the lab (`None`: the step's own scenario).
    pub link: Option<&'static str>,
}

impl Figure {
    /// The scenario link of the scene.
    pub fn scene(&self) -> Option<&'static str> {
        self.link.or_else(|| lesson::find(self.step).and_then(|i| STEPS[i].link))
    }

    /// The figure's accessible name on the page.
    pub fn label(&self) -> String {
        crate::tf!("Figure {0}: {1}", translate(self.name), translate(self.title))
    }
}

const SEED_003: &str = "the notes \"Snapshots of Distributed Systems\", a missing image";
const SEED_000: &str = "the Korean notes, a Mermaid diagram that fails to parse";

/// Every figure, in the lesson's order.
pub const FIGURES: &[Figure] = &[
    Figure {
        name: "snapshot1.png",
        notes: SEED_003,
        title: en!("events and the property we want"),
        alt: en!("Three processes, each a line of events in time. P1 sends m1 to P2 (event A) and P2 receives it \
              (event B), so A happens before B. The drawn cut puts B inside and A outside: m1 is an orphan and \
              the cut is inconsistent. Moving the cut on P1's line past A makes it consistent."),
        step: "property",
        link: None,
    },
    Figure {
        name: en!("the marker rules' state diagram"),
        notes: SEED_000,
        title: en!("the sender and receiver rules as state machines"),
        alt: en!("For the selected process, its machine (not recorded, recorded, done) and one machine per incoming \
              channel (not recording, recording, closed, with what it recorded), in the running snapshot; the \
              step the last event took is lit."),
        step: "first-marker",
        link: None,
    },
    Figure {
        name: "snapshot4.png",
        notes: SEED_003,
        title: en!("a consistent snapshot"),
        alt: en!("The notes' four processes after snapshot S1 completes: P1 100, P2 90, P3 100 and P4 100 tokens, \
              channel C21 holding m1 with 10 tokens and every other channel empty, 400 in all. The verdict is \
              consistent."),
        step: "complete",
        link: None,
    },
    Figure {
        name: "snapshot6.png",
        notes: SEED_003,
        title: en!("n(n − 1) markers"),
        alt: en!("Four processes, a channel each way between every pair: twelve channels. One snapshot sends exactly \
              one marker on each channel, twelve in all, n(n − 1) for n = 4; the snapshot panel counts them."),
        step: "markers",
        link: None,
    },
    Figure {
        name: "snapshot2.png",
        notes: SEED_003,
        title: en!("the channel C21 = [m2, m3]"),
        alt: en!("P1 and P2 with a channel each way. P2 sends m2 and m3 on C21 before it records; P1 receives them \
              after it recorded, so the snapshot's channel C21 holds [m2, m3], the messages in transit."),
        step: "c21",
        link: None,
    },
    Figure {
        name: "snapshot3.png",
        notes: SEED_003,
        title: en!("examples of snapshots"),
        alt: en!("One run of three processes with four example cuts to choose from: two consistent with messages in \
              transit, one consistent with nothing in transit, and one inconsistent, whose orphan message is \
              flagged."),
        step: "examples",
        link: None,
    },
    Figure {
        name: "snapshot5.png",
        notes: SEED_003,
        title: en!("a snapshot that cannot happen on FIFO channels"),
        alt: en!("acct1 sends m1 and then its marker on the FIFO channel P1 → P2. The marker cannot overtake m1, so \
              acct2 receives m1 before it records. Without FIFO (the next step) the marker overtakes m1 and the \
              recorded total is short."),
        step: "fifo",
        link: None,
    },
    Figure {
        name: "Switch S1 (BMv2)",
        notes: SEED_000,
        title: en!("three programmable switches in a line"),
        alt: en!("Our reconstruction from a label the notes' parser error quotes: Switch S1 (BMv2), Switch S2 (BMv2) \
              and Switch S3 (BMv2), P1 to P3, in a line, a channel each way between neighbours. P1 starts \
              snapshot S1 while P3's packets are on their way to P2, so the channel P3 → P2 records them."),
        step: "networks",
        link: None,
    },
    Figure {
        name: "Leaf Switch 1 (Programmable)",
        notes: SEED_000,
        title: en!("a leaf-spine fabric"),
        alt: en!("Our reconstruction from a label the notes' parser error quotes: Spine Switch 1 and 2 and Leaf \
              Switch 1 and 2, all (Programmable), every leaf linked to every spine in both directions: eight \
              channels. Leaf Switch 1 starts a snapshot and sends 2 markers, one to each spine; the snapshot \
              sends 8, one per channel."),
        step: "networks",
        link: Some(lesson::preset("leaf-spine").link),
    },
];

/// The figures a lesson step shows.
pub fn for_step(id: &str) -> impl Iterator<Item = &'static Figure> + '_ {
    FIGURES.iter().filter(move |f| f.step == id)
}
