//! Scenario generators for the codec and CLI tests, driven by the lab's seeded generator; and
//! the page's catalogs as `www/boot.js` hands them to `i18n::install`.
#![allow(dead_code)]

use snapshot_lab::sim::limits::{MAX_AMOUNT, MAX_LABEL_CHARS};
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::{
    process_name, Action, Channel, Discipline, MessageRef, ProcessSpec, Scenario, Topology, Unit, ViewOptions, World,
};

const LABEL_PIECES: &[&str] = &[
    "acct", "Ana", "\"", "\\", "#", " ", "Ñ", "东京", "🙂", "\u{7}", "\t", "\u{200b}", "x", "\u{301}", "{", "}",
    "\\u{41}",
];

fn label(rng: &mut Rng, p: usize) -> String {
    match rng.below(4) {
        0 => process_name(p),
        1 => String::new(),
        _ => {
            let mut s = String::new();
            for _ in 0..rng.below(8) {
                s.push_str(LABEL_PIECES[rng.below(LABEL_PIECES.len())]);
            }
            s.chars().take(MAX_LABEL_CHARS).collect()
        }
    }
}

fn amount(rng: &mut Rng) -> i64 {
    match rng.below(4) {
        0 => rng.range(-MAX_AMOUNT, MAX_AMOUNT),
        1 => rng.range(-3, 3),
        _ => rng.range(1, 1000),
    }
}

/// Any topology within the limits (strongly connected: a ring plus random channels).
pub fn topology(rng: &mut Rng) -> Topology {
    let n = 2 + rng.below(15);
    let specs: Vec<ProcessSpec> = (0..n).map(|p| ProcessSpec { label: label(rng, p), initial: amount(rng) }).collect();
    let discipline = if rng.below(2) == 0 { Discipline::Fifo } else { Discipline::NonFifo };
    let unit = if rng.below(2) == 0 { Unit::Balance } else { Unit::Tokens };
    if rng.below(2) == 0 {
        return Topology::complete(specs, discipline, unit).unwrap();
    }
    let mut channels: Vec<Channel> = (0..n).map(|p| Channel { from: p, to: (p + 1) % n }).collect();
    for from in 0..n {
        for to in 0..n {
            if from != to && to != (from + 1) % n && rng.below(3) == 0 {
                channels.push(Channel { from, to });
            }
        }
    }
    Topology::new(specs, channels, discipline, unit).unwrap()
}

/// Any scenario within the limits: its actions need not be possible.
pub fn any_scenario(rng: &mut Rng, max_actions: usize) -> Scenario {
    let topology = topology(rng);
    let n = topology.process_count();
    let count = rng.below(max_actions + 1);
    let mut actions = Vec::with_capacity(count);
    for _ in 0..count {
        let p = rng.below(n);
        let q = rng.below(n);
        let small = |rng: &mut Rng| {
            if rng.below(8) == 0 {
                u32::MAX - rng.below(3) as u32
            } else {
                1 + rng.below(300) as u32
            }
        };
        actions.push(match rng.below(7) {
            0 => Action::Send { from: p, to: q, amount: amount(rng) },
            1 => Action::Deliver { message: MessageRef::App { number: small(rng) } },
            2 => Action::Deliver {
                message: MessageRef::Marker { snapshot: small(rng), channel: Channel { from: p, to: q } },
            },
            3 => Action::Internal { process: p, delta: amount(rng) },
            4 => Action::Snapshot { process: p },
            5 => Action::Wait { process: p, on: q },
            _ => Action::Join { process: p, snapshot: small(rng) },
        });
    }
    let cursor = match rng.below(3) {
        0 => Some(rng.below(count + 1) as u32),
        _ => None,
    };
    let seed = if rng.below(2) == 0 { rng.next_u64() } else { rng.below(100) as u64 };
    Scenario { topology, actions, seed, view: ViewOptions { cursor } }
}

/// A realistic run of `count` possible actions on `n` processes with $1000 each: sends of
/// 1 to 500, deliveries of deliverable messages, and now and then a snapshot.
pub fn realistic(seed: u64, n: usize, count: usize) -> Scenario {
    let mut rng = Rng::new(seed);
    let topology = Topology::complete(Topology::specs(&vec![1000; n]), Discipline::Fifo, Unit::Balance).unwrap();
    let mut scenario = Scenario::new(topology.clone(), seed);
    let mut world = World::new(topology);
    while scenario.actions.len() < count {
        let deliverable = world.deliverable();
        let roll = rng.below(100);
        let action = if !deliverable.is_empty() && roll < 55 {
            Action::Deliver { message: deliverable[rng.below(deliverable.len())] }
        } else if roll < 60 {
            Action::Snapshot { process: rng.below(n) }
        } else {
            let from = rng.below(n);
            let to = (from + 1 + rng.below(n - 1)) % n;
            let most = world.state(from).min(500);
            if most < 1 {
                continue;
            }
            Action::Send { from, to, amount: rng.range(1, most) }
        };
        if world.apply(&action).is_ok() {
            scenario.actions.push(action);
        }
    }
    scenario
}

/// A language's catalog as `www/boot.js` hands it to `i18n::install`: each key the English's
/// `i18n::key` in base 36, then its translation, all separated by U+0001.
pub fn shipped_catalog(lang: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("www/i18n/{lang}.json"));
    let catalog: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let base36 = |mut n: u32| {
        let mut digits = Vec::new();
        loop {
            digits.push(char::from_digit(n % 36, 36).unwrap());
            n /= 36;
            if n == 0 {
                break;
            }
        }
        digits.iter().rev().collect::<String>()
    };
    let fields: Vec<String> = catalog
        .iter()
        .flat_map(|(english, translation)| [base36(snapshot_lab::i18n::key(english)), translation.clone()])
        .collect();
    fields.join("\u{1}")
}
