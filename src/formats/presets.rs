//! Presets: ready-made scenarios for the scenario picker, written in the readable text form
//! ([`super::text`]) and parsed when used. The lecture notes' own examples come first. Each
//! preset's claim (what it shows) is checked by running the core in `tests/presets.rs`.

use crate::en;

use super::link::{self, LinkError};
use crate::sim::scenario::Scenario;

/// A ready-made scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable id, e.g. `bank` (used in tests, the CLI and the page).
    pub id: &'static str,
    /// Short English title for the scenario picker (a catalog key: the page translates it).
    pub title: &'static str,
    /// One English sentence: what the preset shows (for people and the CLI; not built into the
    /// web app, which does not show it).
    #[cfg(not(target_arch = "wasm32"))]
    pub description: &'static str,
    /// The scenario in the text form: the source of truth, for people and the CLI. Not built
    /// into the web app, which opens presets from their links (no text parser in the wasm).
    #[cfg(not(target_arch = "wasm32"))]
    pub text: &'static str,
    /// The same scenario as a `v1.` link; `tests/presets.rs` checks it equals the text.
    pub link: &'static str,
}

impl Preset {
    /// The preset's scenario, decoded from its link.
    pub fn scenario(&self) -> Result<Scenario, LinkError> {
        link::decode(self.link)
    }
}

/// The process labels the presets and the lesson give, marked for translation: the diagrams
/// show them in the page's language (`label` in the i18n module); links and exports keep them
/// as written.
pub const LABELS: &[&str] = &[en!("acct1"), en!("acct2"), en!("worker 1"), en!("worker 2"), en!("worker 3")];

/// The id of the scenario a page opens with.
pub const DEFAULT_ID: &str = "blank-3";

/// Every preset, the notes' examples first.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "notes-p1-p4",
        title: en!("The notes' example: P1 to P4"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "Four processes with a channel each way between every pair; P1 starts a \
                      snapshot and the markers flood every channel until it is complete.",
        #[cfg(not(target_arch = "wasm32"))]
        text: NOTES_P1_P4,
        link: "v1.AgTIAcgByAHIAQENEGABAWABAmABA2ABEGABIGABMGABEmABE2ABIWABI2ABMWABMg",
    },
    Preset {
        id: "bank",
        title: en!("Two bank accounts"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "acct1 ($1000) sends $100 to acct2 ($2000); the snapshot starts while the \
                      transfer is in flight, so the channel acct1 → acct2 records it.",
        #[cfg(not(target_arch = "wasm32"))]
        text: BANK,
        link: "v1.CALQD6AfBmFjY3QxBmFjY3QyAgVAAWQRUAFgARBgAQE",
    },
    Preset {
        id: "c21",
        title: en!("The notes' channel C21 = [m2, m3]"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "P2 sends m2 and m3 to P1 before it records; P1 is already recording C21, \
                      so the snapshot records C21 as [m2, m3].",
        #[cfg(not(target_arch = "wasm32"))]
        text: C21,
        link: "v1.AALoB-gHAwlAAQoQQBAUQBAeUAFgAQFQAlADYAEQ",
    },
    Preset {
        id: "switches-bmv2",
        title: en!("Three switches in a line (BMv2), reconstructed"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "Three software switches in a line, our reconstruction: the notes keep only \
                      a broken flowchart's parser error quoting the label Switch S1 (BMv2). P1 \
                      starts a snapshot while P3's packets are on their way to P2, so the channel \
                      P3 → P2 records them.",
        #[cfg(not(target_arch = "wasm32"))]
        text: SWITCHES_BMV2,
        link: "v1.DgMUFBQRU3dpdGNoIFMxIChCTXYyKRFTd2l0Y2ggUzIgKEJNdjIpEVN3aXRjaCBTMyAoQk12MiktBQlAAQJAIQEQUAFgAQFQAmABEmABEGABIQ",
    },
    Preset {
        id: "leaf-spine",
        title: en!("A leaf-spine fabric (Programmable), reconstructed"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "Two spine and two leaf switches, every leaf linked to every spine, our \
                      reconstruction: the notes keep only a broken flowchart's parser error quoting \
                      the label Leaf Switch 1 (Programmable). Leaf Switch 1 starts a snapshot with \
                      2 markers, one to each spine; the snapshot sends 8, one per channel.",
        #[cfg(not(target_arch = "wasm32"))]
        text: LEAF_SPINE,
        link: "v1.DgQUFBQUHlNwaW5lIFN3aXRjaCAxIChQcm9ncmFtbWFibGUpHlNwaW5lIFN3aXRjaCAyIChQcm9ncmFtbWFibGUpHUxlYWYgU3dpdGNoIDEgKFByb2dyYW1tYWJsZSkdTGVhZiBTd2l0Y2ggMiAoUHJvZ3JhbW1hYmxlKfYGBg1AIANAMQISUAFgASBgASFQAmABA2ABE2ABAmABEmABMGABMQ",
    },
    Preset {
        id: "two-initiators",
        title: en!("Two initiators"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "P1 and P3 each start a snapshot; their markers interleave on the same \
                      channels, and both snapshots complete, each consistent.",
        #[cfg(not(target_arch = "wasm32"))]
        text: TWO_INITIATORS,
        link: "v1.AgPIAcgByAEEEkABChBAIAUSUAFQAmACIGABAWABAmACIWABEGABEmABIGABIWACAWACAmACEGACEg",
    },
    Preset {
        id: "never-happened",
        title: en!("A recorded state that never happened"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "P1 records $500 and then sends m1; P2 sends m2 and then records $450. The \
                      run was never at P1 $500 with P2 $450, yet S1 records exactly that: the \
                      same events in another order pass through it.",
        #[cfg(not(target_arch = "wasm32"))]
        text: NEVER_HAPPENED,
        link: "v1.AALoB-gHBwcQQAFkQBAyYAEBUAFQAmABEA",
    },
    Preset {
        id: "non-fifo",
        title: en!("Without FIFO channels"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "A marker overtakes an application message on a non-FIFO channel: the \
                      message is lost from the snapshot, which is inconsistent.",
        #[cfg(not(target_arch = "wasm32"))]
        text: NON_FIFO,
        link: "v1.CQLQD6AfBmFjY3QxBmFjY3QyBQVAAWQQYAEBYAEQUAE",
    },
    Preset {
        id: "lai-yang",
        title: en!("Without FIFO: Lai–Yang"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "The non-FIFO run again under Lai–Yang's colours, with markers that count \
                      white messages as in Mattern's variant: m1 is white (sent before acct1 \
                      recorded), so acct2 records it on P1→P2 even after the marker: consistent.",
        #[cfg(not(target_arch = "wasm32"))]
        text: LAI_YANG,
        link: "v1.KQLQD6AfBmFjY3QxBmFjY3QyBQVAAWQQYAEBYAEQUAE",
    },
    Preset {
        id: "blank-3",
        title: en!("Blank: three processes"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "Three processes, a channel each way between every pair, nothing sent \
                      yet: send messages and start snapshots yourself.",
        #[cfg(not(target_arch = "wasm32"))]
        text: BLANK_3,
        link: "v1.AAPQD9AP0A8BAA",
    },
    // When the assumptions fail: one preset per fault (after blank-3, whose index is fixed).
    Preset {
        id: "fault-lost-marker",
        title: en!("Assumption broken: a lost marker"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "The network loses the marker to acct1 (no loss broken): acct1 never records, acct2 waits for its marker forever, and the snapshot never completes.",
        #[cfg(not(target_arch = "wasm32"))]
        text: FAULT_LOST_MARKER,
        link: "v1.CALQD6AfBmFjY3QxBmFjY3QyBwRAAWQRgQEQUAE",
    },
    Preset {
        id: "fault-lost-message",
        title: en!("Assumption broken: lost money"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "The network loses $100 in flight (no loss broken): the snapshot completes and records $2900, exactly what the system then holds, with no orphan. The bank's invariant ($3000) broke, not the snapshot: the verdict says consistent and shows the total is $2900.",
        #[cfg(not(target_arch = "wasm32"))]
        text: FAULT_LOST_MESSAGE,
        link: "v1.CALQD6AfBmFjY3QxBmFjY3QyCAVAAWQRgAFgARBgAQE",
    },
    Preset {
        id: "fault-duplicate",
        title: en!("Assumption broken: a duplicated message"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "The network delivers $100 twice (no duplication broken), so the system holds $3100 and the snapshot records exactly that, with no orphan: the bank's invariant broke, not the snapshot. A copied marker is ignored.",
        #[cfg(not(target_arch = "wasm32"))]
        text: FAULT_DUPLICATE,
        link: "v1.CALQD6AfBmFjY3QxBmFjY3QyCQlAAWSCAVABUAIRgwEQYAEQYAEQYAEB",
    },
    Preset {
        id: "fault-crash",
        title: en!("Assumption broken: a crashed process"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "P3 crashes before the snapshot reaches it (no crash broken): it never records, so the snapshot never completes.",
        #[cfg(not(target_arch = "wasm32"))]
        text: FAULT_CRASH,
        link: "v1.AgPIAcgByAEKBUACBZIQYAEBYAEQ",
    },
    Preset {
        id: "deadlock",
        title: en!("What snapshots are for: a deadlock"),
        #[cfg(not(target_arch = "wasm32"))]
        description: "P1 waits for P2, P2 for P3 and P3 for P1; once S1 completes (four markers \
                      are left to deliver), it records them waiting with no message in transit \
                      that would wake one: a deadlock.",
        #[cfg(not(target_arch = "wasm32"))]
        text: DEADLOCK,
        link: "v1.AgMUFBQHDEABAaAQUAFAEgGgIVACQCABoAIRYAEQYAESUAM",
    },
];

/// Every preset, the notes' examples first.
pub fn all() -> &'static [Preset] {
    PRESETS
}

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// The scenario a page opens with (and offers when a link cannot be opened): `blank-3`.
pub fn default_scenario() -> Scenario {
    // The preset links are constants, and tests/presets.rs decodes every one of them.
    match BLANK_3_PRESET.scenario() {
        Ok(scenario) => scenario,
        // A constant that tests/presets.rs decodes; no input reaches here.
        Err(_) => panic!("the blank-3 preset's link does not decode"),
    }
}

const BLANK_3_PRESET: Preset = PRESETS[9];

#[cfg(not(target_arch = "wasm32"))]
const NOTES_P1_P4: &str = r#"# The notes' example (seed 000): P1, P2, P3 and P4, two channels between every pair.
process P1 100
process P2 100
process P3 100
process P4 100
channels complete
discipline fifo
unit tokens
seed 1

# P1 starts the snapshot: it records its state, sends a marker to P2, P3 and P4, and
# starts recording P2→P1, P3→P1 and P4→P1.
snapshot P1
# P2, P3 and P4 receive the marker from P1: each records its state, closes the channel
# from P1 (recorded empty), sends markers on to everyone, and records its other channels.
deliver marker S1 P1 P2
deliver marker S1 P1 P3
deliver marker S1 P1 P4
# The markers sent by P2, P3 and P4 arrive: each stops the recording of its channel.
deliver marker S1 P2 P1
deliver marker S1 P3 P1
deliver marker S1 P4 P1
deliver marker S1 P2 P3
deliver marker S1 P2 P4
deliver marker S1 P3 P2
deliver marker S1 P3 P4
deliver marker S1 P4 P2
deliver marker S1 P4 P3
"#;

#[cfg(not(target_arch = "wasm32"))]
const BANK: &str = r#"# The notes' bank (seed 002): acct1 has $1000 and acct2 has $2000.
process P1 1000 "acct1"
process P2 2000 "acct2"
channels complete
discipline fifo
unit balance
seed 2

send P1 P2 100           # acct1 transfers $100 to acct2: m1 is in flight
snapshot P2              # acct2 records $2000 and starts recording P1→P2
deliver m1               # m1 arrives while P1→P2 is recorded: it is in transit across the cut
deliver marker S1 P2 P1  # acct1's first marker: it records $900 and P2→P1 as empty
deliver marker S1 P1 P2  # acct2 stops recording P1→P2: its state is [m1]
"#;

#[cfg(not(target_arch = "wasm32"))]
const C21: &str = r#"# The notes' picture (seed 003): m2 is in C21, C21 = [m2, m3], in transit.
process P1 500
process P2 500
channels complete
discipline fifo
unit balance
seed 3

send P1 P2 10            # m1 on C12
snapshot P1              # P1 records $490; its marker follows m1 on C12; it records C21
send P2 P1 20            # m2 on C21: P2 has not recorded yet
send P2 P1 30            # m3 on C21
deliver m1
deliver marker S1 P1 P2  # P2 records $460 and C12 as empty; its marker follows m3 on C21
deliver m2               # recorded: C21 = [m2]
deliver m3               # recorded: C21 = [m2, m3]
deliver marker S1 P2 P1  # P1 stops recording C21: [m2, m3]
"#;

#[cfg(not(target_arch = "wasm32"))]
const NEVER_HAPPENED: &str = r#"# A recorded state that never happened: P1 records $500, then sends m1; P2 sends m2, then
# records $450. At no moment was P1 at $500 while P2 was at $450, yet S1 records exactly that.
process P1 500
process P2 500
channels complete
discipline fifo
unit balance
seed 7

snapshot P1              # P1 records $500; its marker goes on P1→P2; it records P2→P1
send P1 P2 100           # m1, after P1 recorded: outside the cut (P1 now $400)
send P2 P1 50            # m2, before P2 records: inside the cut (P2 now $450)
deliver marker S1 P1 P2  # P2 records $450 and P1→P2 as empty; its marker follows m2
deliver m1               # P2 $550
deliver m2               # P1 $450; P2→P1 is being recorded: [m2]
deliver marker S1 P2 P1  # P1 stops recording P2→P1: [m2]. S1 is complete
"#;

#[cfg(not(target_arch = "wasm32"))]
const SWITCHES_BMV2: &str = r#"# Reconstructed from seed 000, whose diagram survives only as a parser error quoting the label
# "Switch S1 (BMv2)": three BMv2 software switches in a line, P1 - P2 - P3.
# A state is the packets a switch holds; a message carries packets forwarded to a neighbour.
process P1 10 "Switch S1 (BMv2)"
process P2 10 "Switch S2 (BMv2)"
process P3 10 "Switch S3 (BMv2)"
channel P1 P2
channel P2 P1
channel P2 P3
channel P3 P2
discipline fifo
unit tokens
seed 5

send P1 P2 2             # m1: P1 forwards 2 packets to P2
send P3 P2 1             # m2: P3 forwards 1 packet to P2
snapshot P1              # P1 records 8; its marker to P2 follows m1
deliver m1
deliver marker S1 P1 P2  # P2 records 12, closes P1→P2 empty, records P3→P2
deliver m2               # arrives on P3→P2 while it is recorded: in transit
deliver marker S1 P2 P3  # P3 records 9
deliver marker S1 P2 P1  # P1 closes P2→P1 empty
deliver marker S1 P3 P2  # P2 closes P3→P2: [m2]; 8 + 12 + 9 + 1 in transit = 30
"#;

#[cfg(not(target_arch = "wasm32"))]
const LEAF_SPINE: &str = r#"# Reconstructed from seed 000, whose diagram survives only as a parser error quoting the label
# "Leaf Switch 1 (Programmable)": a leaf-spine fabric, every leaf linked to every spine.
# A state is the packets a switch holds.
process P1 10 "Spine Switch 1 (Programmable)"
process P2 10 "Spine Switch 2 (Programmable)"
process P3 10 "Leaf Switch 1 (Programmable)"
process P4 10 "Leaf Switch 2 (Programmable)"
channel P1 P3
channel P3 P1
channel P1 P4
channel P4 P1
channel P2 P3
channel P3 P2
channel P2 P4
channel P4 P2
discipline fifo
unit tokens
seed 6

send P3 P1 3             # m1: Leaf 1 sends 3 packets up to Spine 1
send P4 P2 2             # m2: Leaf 2 sends 2 packets up to Spine 2
snapshot P3              # Leaf 1 records 7; 2 markers, one to each spine
deliver m1
deliver marker S1 P3 P1  # Spine 1 records 13; markers to both leaves
deliver marker S1 P3 P2  # Spine 2 records 10 and starts recording Leaf 2 → Spine 2
deliver m2               # in transit: recorded on Leaf 2 → Spine 2
deliver marker S1 P1 P4  # Leaf 2 records 8; markers to both spines
deliver marker S1 P2 P4
deliver marker S1 P1 P3
deliver marker S1 P2 P3
deliver marker S1 P4 P1
deliver marker S1 P4 P2  # Spine 2 closes Leaf 2 → Spine 2: [m2]; complete, 8 markers in all
"#;

#[cfg(not(target_arch = "wasm32"))]
const TWO_INITIATORS: &str = r#"# Two snapshots, started at P1 and at P3, running at the same time.
process P1 100
process P2 100
process P3 100
channels complete
discipline fifo
unit tokens
seed 4

send P1 P2 10            # m1
snapshot P1              # S1 starts at P1
send P3 P1 5             # m2: P3 has recorded nothing yet
snapshot P3              # S2 starts at P3; its marker to P1 follows m2
deliver m1               # P2 has recorded nothing: m1 is in neither snapshot's channels
deliver m2               # P1 is recording P3→P1 for S1: m2 joins S1's recording
deliver marker S2 P3 P1  # P1's first marker of S2
deliver marker S1 P1 P2  # P2's first marker of S1
deliver marker S1 P1 P3  # P3's first marker of S1
deliver marker S2 P3 P2  # P2's first marker of S2
deliver marker S1 P2 P1
deliver marker S1 P2 P3
deliver marker S1 P3 P1
deliver marker S1 P3 P2  # S1 is complete
deliver marker S2 P1 P2
deliver marker S2 P1 P3
deliver marker S2 P2 P1
deliver marker S2 P2 P3  # S2 is complete
"#;

#[cfg(not(target_arch = "wasm32"))]
const NON_FIFO: &str = r#"# Chandy–Lamport needs FIFO channels. Here they are not.
process P1 1000 "acct1"
process P2 2000 "acct2"
channels complete
discipline non-fifo
unit balance
seed 5

send P1 P2 100           # m1 is in flight on P1→P2
snapshot P1              # acct1 records $900; its marker follows m1 on P1→P2
deliver marker S1 P1 P2  # the marker overtakes m1: acct2 records $2000 and P1→P2 as empty
deliver marker S1 P2 P1  # S1 is complete: $900 + $2000 = $2900, not $3000
deliver m1               # m1 arrives after the cut, and no channel recorded it
"#;

#[cfg(not(target_arch = "wasm32"))]
const LAI_YANG: &str = r#"# The same non-FIFO run under Lai–Yang: messages carry their sender's colour.
process P1 1000 "acct1"
process P2 2000 "acct2"
channels complete
discipline non-fifo
algorithm lai-yang
unit balance
seed 5

send P1 P2 100           # m1 is white: acct1 has not recorded yet
snapshot P1              # acct1 records $900 and turns red; its marker says "1 white message"
deliver marker S1 P1 P2  # the marker overtakes m1: acct2 records $2000, keeps recording P1→P2
deliver marker S1 P2 P1  # P2→P1 had no white message: recorded empty
deliver m1               # the white m1 arrives after acct2 recorded: in transit, S1 complete, $3000
"#;

#[cfg(not(target_arch = "wasm32"))]
const BLANK_3: &str = r#"# Three processes and nothing sent yet.
process P1 1000
process P2 1000
process P3 1000
channels complete
discipline fifo
unit balance
seed 1
"#;

#[cfg(not(target_arch = "wasm32"))]
const FAULT_LOST_MARKER: &str = r#"# No loss, broken: the marker of S1 to acct1 is lost, so the snapshot never completes.
process P1 1000 "acct1"
process P2 2000 "acct2"
channels complete
discipline fifo
unit balance
seed 7

send P1 P2 100             # m1 is in flight on P1→P2
snapshot P2                # acct2 records $2000, sends its marker to acct1, records P1→P2
drop marker S1 P2 P1       # the network loses that marker: acct1 will never record
deliver m1                 # recorded on P1→P2, which acct2 now records forever
"#;

#[cfg(not(target_arch = "wasm32"))]
const FAULT_LOST_MESSAGE: &str = r#"# No loss, broken: $100 in flight is lost, and the snapshot no longer adds up to $3000.
process P1 1000 "acct1"
process P2 2000 "acct2"
channels complete
discipline fifo
unit balance
seed 8

send P1 P2 100             # m1: acct1 sends $100 to acct2
snapshot P2                # acct2 records $2000 and starts recording P1→P2
drop m1                    # the network loses m1: the $100 leaves the system
deliver marker S1 P2 P1    # acct1 records $900
deliver marker S1 P1 P2    # P1→P2 is recorded empty: $900 + $2000 = $2900, not $3000
"#;

#[cfg(not(target_arch = "wasm32"))]
const FAULT_DUPLICATE: &str = r#"# No duplication, broken: m1 arrives twice and the total grows; a copied marker is ignored.
process P1 1000 "acct1"
process P2 2000 "acct2"
channels complete
discipline fifo
unit balance
seed 9

send P1 P2 100             # m1: acct1 sends $100 to acct2
duplicate m1               # the network copies it: m2, a copy of m1, carries $100 too
deliver m1
deliver m2                 # acct2 now has $2200: $100 came from nowhere
snapshot P2                # acct2 records $2200
duplicate marker S1 P2 P1  # the network copies the marker to acct1
deliver marker S1 P2 P1    # acct1 records $900
deliver marker S1 P2 P1    # the copy, on a channel already closed: ignored
deliver marker S1 P1 P2    # complete: $900 + $2200 = $3100, not $3000
"#;

#[cfg(not(target_arch = "wasm32"))]
const FAULT_CRASH: &str = r#"# No crash, broken: P3 crashes before the snapshot reaches it, so it never completes.
process P1 100
process P2 100
process P3 100
channels complete
discipline fifo
unit tokens
seed 10

send P1 P3 5               # m1 to P3
crash P3                   # P3 stops: m1 stays in flight forever
snapshot P1                # P1 records 95 and sends markers to P2 and P3
deliver marker S1 P1 P2    # P2 records 100 and sends its markers
deliver marker S1 P2 P1    # P1 closes P2→P1; P3→P1 and P3→P2 never close
"#;

#[cfg(not(target_arch = "wasm32"))]
const DEADLOCK: &str = r#"# Deadlock detection: three processes each wait for a reply from the next, in a cycle.
process P1 10
process P2 10
process P3 10
channels complete
discipline fifo
unit tokens
seed 7

send P1 P2 1               # m1: P1 asks P2 for a token
wait P1 P2                 # and waits for P2's reply
deliver m1
send P2 P3 1               # m2: P2, before it replies, asks P3
wait P2 P3
deliver m2
send P3 P1 1               # m3: P3, before it replies, asks P1
wait P3 P1                 # the cycle closes: P1 → P2 → P3 → P1
snapshot P2                # P2 records (waiting for P3) and sends its markers
deliver marker S1 P2 P1    # P1 records, waiting for P2
deliver marker S1 P2 P3    # P3 records, waiting for P1
deliver m3                 # P1 receives m3 while recording P3 → P1: m3 is in transit
# Four markers are left in flight: deliver them (or Step) to complete S1. The snapshot then
# records C31 = [m3], a request to P1, not the reply P3 waits for: the cycle is a deadlock.
"#;
