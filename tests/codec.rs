//! The scenario codecs: the readable text form (`formats::text`) and the `v1.` link
//! (`formats::link`). Round trips for every preset and for generated scenarios, golden links that
//! must decode to the same scenario forever, and malformed input of every kind: an error
//! with a position each time, never a panic.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use snapshot_lab::formats::link::{self, Field, LinkError};
use snapshot_lab::formats::presets;
use snapshot_lab::formats::text::{self, TextErrorKind};
use snapshot_lab::sim::limits::{MAX_ACTIONS, MAX_SCENARIO_BYTES};
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::{Action, Algorithm, Channel, Discipline, MessageRef, Scenario, TopologyError, Unit};

// ---------------------------------------------------------------------------------------
// Round trips

fn assert_round_trips(s: &Scenario) {
    let printed = text::to_text(s);
    let parsed = text::parse(&printed).unwrap_or_else(|e| panic!("{e}\n{printed}"));
    assert_eq!(&parsed, s, "parse(to_text(s)) != s for\n{printed}");
    assert_eq!(text::to_text(&parsed), printed, "to_text is not stable");
    let encoded = link::encode(s);
    assert!(encoded.starts_with("v1."));
    assert!(
        encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'),
        "{encoded} needs escaping"
    );
    assert_eq!(link::decode(&encoded).as_ref(), Ok(s), "decode(encode(s)) != s");
    assert_eq!(link::decode(&format!("https://example.org/lab/index.html#{encoded}")).as_ref(), Ok(s));
    assert_eq!(link::decode(&format!("#{encoded}&embed&x=1")).as_ref(), Ok(s));
}

#[test]
fn every_preset_round_trips() {
    for p in presets::all() {
        let s = p.scenario().unwrap_or_else(|e| panic!("preset {}: {e}", p.id));
        assert_round_trips(&s);
    }
}

#[test]
fn generated_scenarios_round_trip() {
    let mut rng = Rng::new(418);
    for _ in 0..400 {
        let s = common::any_scenario(&mut rng, 60);
        assert_round_trips(&s);
    }
}

#[test]
fn realistic_runs_round_trip() {
    for seed in 0..20 {
        let s = common::realistic(seed, 2 + (seed as usize % 15), 150);
        assert!(s.replay().error.is_none());
        assert_round_trips(&s);
    }
}

#[test]
fn hand_written_text_with_comments_and_odd_spacing_parses() {
    let s = text::parse(
        "\u{feff}# a comment\r\n\
         \tprocess   P1 1000   \"acct #1\"   # the label keeps its #\r\n\
         process P2 +2000\n\
         \n\
         seed 42\n\
         unit tokens\n\
         send P1 P2 100#no space before the comment\n\
         deliver m1\n",
    )
    .unwrap();
    assert_eq!(s.topology.label(0), "acct #1");
    assert_eq!(s.topology.label(1), "P2");
    assert_eq!(s.topology.processes()[1].initial, 2000);
    assert!(s.topology.is_complete());
    assert_eq!(s.topology.discipline, Discipline::Fifo);
    assert_eq!(s.topology.unit, Unit::Tokens);
    assert_eq!(s.seed, 42);
    assert_eq!(s.view.cursor, None);
    assert_eq!(
        s.actions,
        vec![Action::Send { from: 0, to: 1, amount: 100 }, Action::Deliver { message: MessageRef::App { number: 1 } }]
    );
}

#[test]
fn defaults_when_settings_are_left_out() {
    let s = text::parse("process P1 1\nprocess P2 2\n").unwrap();
    assert!(s.topology.is_complete());
    assert_eq!(s.topology.discipline, Discipline::Fifo);
    assert_eq!(s.topology.unit, Unit::Balance);
    assert_eq!(s.seed, 1);
    assert!(s.actions.is_empty());
    assert_eq!(
        text::to_text(&s),
        "process P1 1\nprocess P2 2\nchannels complete\ndiscipline fifo\nunit balance\nseed 1\n"
    );
}

#[test]
fn labels_escape_and_unescape() {
    let s = text::parse(
        "process P1 0 \"say \\\"hi\\\" \\\\ \\u{1F642}\\u{7}\"\nprocess P2 0 \"東京\"\nprocess P3 0 \"\"\n",
    )
    .unwrap();
    assert_eq!(s.topology.label(0), "say \"hi\" \\ 🙂\u{7}");
    assert_eq!(s.topology.label(1), "東京");
    assert_eq!(s.topology.label(2), "");
    let printed = text::to_text(&s);
    assert!(printed.contains(r#"process P1 0 "say \"hi\" \\ 🙂\u{7}""#), "{printed}");
    assert_round_trips(&s);
}

#[test]
fn explicit_channels_print_in_order() {
    let s =
        text::parse("process P1 1\nprocess P2 1\nprocess P3 1\nchannel P3 P1\nchannel P1 P2\nchannel P2 P3\n").unwrap();
    assert_eq!(
        s.topology.channels(),
        &[Channel { from: 0, to: 1 }, Channel { from: 1, to: 2 }, Channel { from: 2, to: 0 }]
    );
    assert!(text::to_text(&s).contains("channel P1 P2\nchannel P2 P3\nchannel P3 P1\n"));
    // A complete set of explicit channels is the complete topology, printed as such.
    let c = text::parse("process P1 1\nprocess P2 1\nchannel P2 P1\nchannel P1 P2\n").unwrap();
    assert!(text::to_text(&c).contains("channels complete"));
}

// ---------------------------------------------------------------------------------------
// Golden links: these strings must decode to these scenarios forever.

const GOLDEN: &[(&str, &str)] = &[
    (
        "v1.CALQD6AfBmFjY3QxBmFjY3QyAgVAAWQRUAFgARBgAQE",
        "process P1 1000 \"acct1\"\nprocess P2 2000 \"acct2\"\nseed 2\n\
         send P1 P2 100\nsnapshot P2\ndeliver m1\ndeliver marker S1 P2 P1\ndeliver marker S1 P1 P2\n",
    ),
    (
        "v1.AALoB-gHAwlAAQoQQBAUQBAeUAFgAQFQAlADYAEQ",
        "process P1 500\nprocess P2 500\nseed 3\n\
         send P1 P2 10\nsnapshot P1\nsend P2 P1 20\nsend P2 P1 30\ndeliver m1\ndeliver marker S1 P1 P2\n\
         deliver m2\ndeliver m3\ndeliver marker S1 P2 P1\n",
    ),
    (
        "v1.CQLQD6AfBmFjY3QxBmFjY3QyBQVAAWQQYAEBYAEQUAE",
        "process P1 1000 \"acct1\"\nprocess P2 2000 \"acct2\"\ndiscipline non-fifo\nseed 5\n\
         send P1 P2 100\nsnapshot P1\ndeliver marker S1 P1 P2\ndeliver marker S1 P2 P1\ndeliver m1\n",
    ),
    ("v1.AAPQD9AP0A8BAA", "process P1 1000\nprocess P2 1000\nprocess P3 1000\n"),
    (
        "v1.HwQyBYDAqMqaOg4eQW5hICJ0aGUgc2F2ZXIiIMORw7rDsWV6IPCfmYIAAQfmnbHkuqwZA____________wEJQAEFQRIEMv-_qMqaOhEjAVABYAESUKwCEAY",
        "process P1 25 \"Ana \\\"the saver\\\" Ñúñez 🙂\"\nprocess P2 -3\nprocess P3 1000000000000 \"\"\n\
         process P4 7 \"東京\"\nchannel P1 P2\nchannel P2 P3\nchannel P3 P4\nchannel P4 P1\nchannel P2 P1\n\
         discipline non-fifo\nunit tokens\nseed 18446744073709551615\ncursor 6\n\
         send P1 P2 5\nsend P2 P3 -4\ninternal P3 -1000000000000\nsnapshot P2\njoin S1 P4\ndeliver m1\n\
         deliver marker S1 P2 P3\ndeliver m300\nsnapshot P1\n",
    ),
];

#[test]
fn golden_links_decode_to_the_same_scenarios_forever() {
    for (golden, source) in GOLDEN {
        let expected = text::parse(source).unwrap();
        assert_eq!(link::decode(golden), Ok(expected.clone()), "{golden}");
        assert_eq!(&link::encode(&expected), golden);
    }
}

/// The algorithm flag (`0x20`) came later: every older link decodes to Chandy–Lamport, and a
/// link with the flag to the same scenario under Lai–Yang, in the link and in the text form.
#[test]
fn the_algorithm_is_kept_in_the_link_and_the_text_with_older_links_unchanged() {
    for (golden, _) in GOLDEN {
        assert_eq!(link::decode(golden).unwrap().topology.algorithm, Algorithm::ChandyLamport, "{golden}");
    }
    let mut bytes = minimal(&[&[0x10]]);
    bytes[0] = 0x20;
    let lai_yang = link::from_bytes(&bytes).unwrap();
    assert_eq!(lai_yang.topology.algorithm, Algorithm::LaiYang);
    bytes[0] = 0x00;
    let chandy_lamport = link::from_bytes(&bytes).unwrap();
    assert_eq!(lai_yang.topology.clone().with_algorithm(Algorithm::ChandyLamport), chandy_lamport.topology);
    assert_round_trips(&lai_yang);
    let printed = text::to_text(&lai_yang);
    assert!(printed.contains("\nalgorithm lai-yang\n"), "{printed}");
    assert!(!text::to_text(&chandy_lamport).contains("algorithm"), "the default is not printed");
    // Written out, the default parses too.
    let explicit = text::parse("process P1 0\nprocess P2 0\nalgorithm chandy-lamport\nsnapshot P1\n").unwrap();
    assert_eq!(explicit, chandy_lamport);
    let (line, column, kind) = text_error("process P1 0\nprocess P2 0\nalgorithm naive\n");
    assert_eq!((line, column), (3, 11));
    assert!(matches!(kind, TextErrorKind::Expected { .. }), "{kind:?}");
    let (line, _, kind) = text_error("process P1 0\nprocess P2 0\nalgorithm lai-yang\nalgorithm lai-yang\n");
    assert_eq!(line, 4);
    assert_eq!(kind, TextErrorKind::Repeated { keyword: "algorithm".into(), first_line: 3 });
    // Generated scenarios round-trip under Lai–Yang as well.
    let mut rng = Rng::new(7);
    for _ in 0..100 {
        let mut s = common::any_scenario(&mut rng, 30);
        s.topology = s.topology.with_algorithm(Algorithm::LaiYang);
        assert_round_trips(&s);
    }
}

#[test]
fn golden_links_match_the_presets() {
    let bank = presets::find("bank").unwrap().scenario().unwrap();
    assert_eq!(link::encode(&bank), GOLDEN[0].0);
    let c21 = presets::find("c21").unwrap().scenario().unwrap();
    assert_eq!(link::encode(&c21), GOLDEN[1].0);
    let non_fifo = presets::find("non-fifo").unwrap().scenario().unwrap();
    assert_eq!(link::encode(&non_fifo), GOLDEN[2].0);
    assert_eq!(link::encode(&presets::default_scenario()), GOLDEN[3].0);
}

#[test]
fn a_200_action_run_fits_the_link_budget() {
    for (n, seed) in [(2, 1), (4, 1), (4, 2), (8, 3), (16, 4)] {
        let s = common::realistic(seed, n, 200);
        let length = link::encode(&s).len();
        assert!(length <= 2000, "{n} processes, 200 actions: {length} characters");
    }
}

// ---------------------------------------------------------------------------------------
// Malformed links

fn bank_link() -> String {
    GOLDEN[0].0.to_string()
}

#[test]
fn empty_and_foreign_links_are_refused() {
    assert_eq!(link::decode(""), Err(LinkError::Empty));
    assert_eq!(link::decode("  \n"), Err(LinkError::Empty));
    assert_eq!(link::decode("#"), Err(LinkError::NotALink));
    assert_eq!(link::decode("https://example.org/index.html"), Err(LinkError::NotALink));
    assert_eq!(link::decode("https://example.org/#section-2"), Err(LinkError::NotALink));
    assert_eq!(link::decode("v1"), Err(LinkError::NotALink));
    assert_eq!(link::decode("vx.abc"), Err(LinkError::NotALink));
    assert_eq!(link::decode("V1.AAPQD9AP0A8BAA"), Err(LinkError::NotALink));
    let e = link::decode("").unwrap_err();
    assert_eq!(e.to_string(), "the link is empty");
    assert!(link::decode("hello").unwrap_err().to_string().starts_with("not a Snapshot Lab link"));
}

#[test]
fn future_versions_are_named() {
    let e = link::decode("https://x.org/#v2.AAAA").unwrap_err();
    assert_eq!(e, LinkError::UnknownVersion { version: "v2".into() });
    assert_eq!(e.to_string(), "unknown version v2: this link was made by a newer Snapshot Lab");
    assert_eq!(link::decode("v17.x").unwrap_err(), LinkError::UnknownVersion { version: "v17".into() });
}

#[test]
fn bad_base64_is_located() {
    // Position 1-based in characters of the whole input: `v1.` is 3, so the payload's `!`
    // at its index 2 is character 6.
    assert_eq!(link::decode("v1.AA!A"), Err(LinkError::BadCharacter { position: 6, found: '!' }));
    assert_eq!(link::decode("#v1.AA=="), Err(LinkError::BadCharacter { position: 7, found: '=' }));
    assert_eq!(link::decode("é#v1.A+"), Err(LinkError::BadCharacter { position: 7, found: '+' }));
    assert_eq!(link::decode("v1.AAPQD"), Err(LinkError::BadLength { characters: 5 }));
    // `AB` decodes to one byte only if the last character's low 4 bits are zero.
    assert_eq!(link::decode("v1.AB"), Err(LinkError::BadLastCharacter { position: 5 }));
}

#[test]
fn every_truncation_of_a_valid_link_is_an_error() {
    for (golden, _) in GOLDEN {
        let url = format!("https://example.org/lab/#{golden}&embed");
        let full_end = url.len() - "&embed".len();
        for cut in 0..full_end {
            if !url.is_char_boundary(cut) {
                continue;
            }
            assert!(link::decode(&url[..cut]).is_err(), "{} decoded", &url[..cut]);
        }
        let bytes = link::to_bytes(&link::decode(golden).unwrap());
        for cut in 0..bytes.len() {
            match link::from_bytes(&bytes[..cut]) {
                Err(LinkError::Truncated { byte, .. }) => {
                    assert_eq!(byte, cut, "{golden} cut at {cut}")
                }
                other => panic!("{golden} cut at byte {cut}: {other:?}"),
            }
        }
    }
}

#[test]
fn truncation_names_the_field_being_read() {
    // The bank link: flags, count, 2 states (2 bytes each), labels (1+5, 1+5), seed, count,
    // then `send`: tag, pair, amount. Cut just before the amount of action 1.
    let bytes = link::to_bytes(&link::decode(&bank_link()).unwrap());
    let amount_at = 1 + 1 + 4 + 12 + 1 + 1 + 2;
    let e = link::from_bytes(&bytes[..amount_at]).unwrap_err();
    assert_eq!(e, LinkError::Truncated { byte: amount_at, field: Field::Amount { action: 0 } });
    assert_eq!(e.to_string(), format!("truncated at byte {amount_at} while reading the amount of action 1"));
    assert_eq!(link::from_bytes(&[]), Err(LinkError::Truncated { byte: 0, field: Field::Flags }));
}

#[test]
fn oversized_links_are_refused_before_decoding() {
    let huge = format!("v1.{}", "A".repeat(MAX_SCENARIO_BYTES));
    let e = link::decode(&huge).unwrap_err();
    assert_eq!(e, LinkError::TooLong { bytes: MAX_SCENARIO_BYTES + 3 });
    assert_eq!(
        e.to_string(),
        format!("link is {} characters; the limit is {MAX_SCENARIO_BYTES}", MAX_SCENARIO_BYTES + 3)
    );
}

/// The bytes of a minimal scenario: 2 processes, states 0, complete, seed 1, then actions.
fn minimal(actions: &[&[u8]]) -> Vec<u8> {
    let mut b = vec![0x00, 2, 0, 0, 1, actions.len() as u8];
    for a in actions {
        b.extend_from_slice(a);
    }
    b
}

fn invalid_field(bytes: &[u8]) -> (usize, Field, String) {
    match link::from_bytes(bytes) {
        Err(LinkError::Invalid { byte, field, problem }) => (byte, field, problem.to_string()),
        other => panic!("{bytes:?}: {other:?}"),
    }
}

#[test]
fn unknown_flags_and_tags_are_refused() {
    // 0x40 became seed 000's marker rule (links without it decode as before); 0x80 became "a
    // second flags byte follows" (the scenario editor's positions), whose unknown bits are
    // refused in turn, and which is never all zero.
    let mut b = minimal(&[]);
    b[0] = 0x80;
    b.insert(1, 0x02);
    let (byte, field, problem) = invalid_field(&b);
    assert_eq!((byte, field), (1, Field::Flags));
    assert!(problem.contains("0x02"), "{problem}");
    b[1] = 0x00;
    let (byte, field, _) = invalid_field(&b);
    assert_eq!((byte, field), (1, Field::Flags));
    let (byte, field, _) = invalid_field(&minimal(&[&[0x70]]));
    assert_eq!((byte, field), (6, Field::ActionTag { action: 0 }));
    let (_, field, _) = invalid_field(&minimal(&[&[0x42, 0x01, 5]]));
    assert_eq!(field, Field::ActionTag { action: 0 });
    let (_, field, _) = invalid_field(&minimal(&[&[0x51, 1]]));
    assert_eq!(field, Field::ActionTag { action: 0 });
}

#[test]
fn trailing_bytes_are_refused() {
    let mut b = minimal(&[&[0x10]]);
    assert!(link::from_bytes(&b).is_ok());
    b.extend_from_slice(&[0, 0]);
    assert_eq!(link::from_bytes(&b), Err(LinkError::TrailingBytes { byte: 7, count: 2 }));
    let mut payload = link::to_bytes(&link::decode(&bank_link()).unwrap());
    payload.push(0);
    let url = format!("v1.{}", base64_url(&payload));
    assert!(matches!(link::decode(&url), Err(LinkError::TrailingBytes { .. })));
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn values_out_of_range_are_refused_with_their_offset() {
    // Process count 1 and 17.
    for n in [0u8, 1, 17, 127] {
        let (byte, field, _) = invalid_field(&[0x00, n]);
        assert_eq!((byte, field), (1, Field::ProcessCount));
    }
    // A state beyond the limit: zigzag(10^12 + 1) needs 6 bytes.
    let mut b = vec![0x00, 2];
    let big = (1_000_000_000_001u64) << 1;
    let mut v = big;
    while v >= 0x80 {
        b.push((v as u8) | 0x80);
        v >>= 7;
    }
    b.push(v as u8);
    let (byte, field, _) = invalid_field(&b);
    assert_eq!((byte, field), (2, Field::InitialState { process: 0 }));
    // A varint with a redundant zero byte, and one longer than 64 bits.
    let (_, field, problem) = invalid_field(&[0x00, 0x82, 0x00]);
    assert_eq!(field, Field::ProcessCount);
    assert!(problem.contains("redundant"));
    let (_, _, problem) = invalid_field(&[0x00, 2, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]);
    assert!(problem.contains("too large"));
    // Too many actions, refused before anything is reserved.
    let mut b = vec![0x00, 2, 0, 0, 1];
    let mut v = MAX_ACTIONS as u64 + 1;
    while v >= 0x80 {
        b.push((v as u8) | 0x80);
        v >>= 7;
    }
    b.push(v as u8);
    let (_, field, _) = invalid_field(&b);
    assert_eq!(field, Field::ActionCount);
    // A huge action count with no actions after it is simply truncated.
    assert!(matches!(
        link::from_bytes(&[0x00, 2, 0, 0, 1, 0x80, 0x4E]),
        Err(LinkError::Truncated { byte: 7, field: Field::ActionTag { action: 0 } })
    ));
    // A process that does not exist, message number 0, snapshot 0, a zero positive amount.
    let (byte, field, problem) = invalid_field(&minimal(&[&[0x10], &[0x12]]));
    assert_eq!((byte, field), (7, Field::Process { action: 1 }));
    assert!(problem.contains("P3"), "{problem}");
    let (_, field, _) = invalid_field(&minimal(&[&[0x40, 0x01, 1], &[0x40, 0x31, 1]]));
    assert_eq!(field, Field::Processes { action: 1 });
    let (_, field, _) = invalid_field(&minimal(&[&[0x50, 0]]));
    assert_eq!(field, Field::MessageNumber { action: 0 });
    let (_, field, _) = invalid_field(&minimal(&[&[0x60, 0, 0x01]]));
    assert_eq!(field, Field::Snapshot { action: 0 });
    let (_, field, _) = invalid_field(&minimal(&[&[0x40, 0x01, 0]]));
    assert_eq!(field, Field::Amount { action: 0 });
    // The cursor beyond the end.
    let mut b = minimal(&[&[0x10]]);
    b[0] = 0x10;
    b.push(2);
    let (byte, field, _) = invalid_field(&b);
    assert_eq!((byte, field), (7, Field::Cursor));
}

#[test]
fn labels_are_checked() {
    // Labels flag; P1's label is 0xFF (not UTF-8).
    let (byte, field, _) = invalid_field(&[0x08, 2, 0, 0, 2, 0xFF, 0, 1, 0]);
    assert_eq!((byte, field), (5, Field::Label { process: 0 }));
    // A label of 49 characters.
    let mut b = vec![0x08, 2, 0, 0, 50];
    b.extend(std::iter::repeat_n(b'a', 49));
    b.extend_from_slice(&[0, 1, 0]);
    let (_, field, problem) = invalid_field(&b);
    assert_eq!(field, Field::Label { process: 0 });
    assert!(problem.contains("49"), "{problem}");
    // A label length far beyond the limit is refused before anything is read.
    let (_, field, _) = invalid_field(&[0x08, 2, 0, 0, 0xFF, 0x7F]);
    assert_eq!(field, Field::Label { process: 0 });
    // A label longer than the bytes left is truncated.
    assert!(matches!(
        link::from_bytes(&[0x08, 2, 0, 0, 10, b'a']),
        Err(LinkError::Truncated { field: Field::Label { process: 0 }, .. })
    ));
}

#[test]
fn channel_bitmaps_are_checked() {
    // 2 processes, explicit channels: only P1→P2 is not strongly connected.
    match link::from_bytes(&[0x04, 2, 0, 0, 0b01, 1, 0]) {
        Err(LinkError::Topology { error: TopologyError::NotStronglyConnected { .. }, .. }) => {}
        other => panic!("{other:?}"),
    }
    // Bits beyond the 2 pairs.
    let (_, field, _) = invalid_field(&[0x04, 2, 0, 0, 0b111, 1, 0]);
    assert_eq!(field, Field::Channels);
    // Both channels: the complete topology.
    let s = link::from_bytes(&[0x04, 2, 0, 0, 0b11, 1, 0]).unwrap();
    assert!(s.topology.is_complete());
}

#[test]
fn random_bytes_and_mutations_never_panic() {
    let mut rng = Rng::new(7);
    let valid: Vec<Vec<u8>> = GOLDEN.iter().map(|(g, _)| link::to_bytes(&link::decode(g).unwrap())).collect();
    for i in 0..20_000 {
        let bytes: Vec<u8> = if i % 2 == 0 {
            (0..rng.below(40)).map(|_| rng.below(256) as u8).collect()
        } else {
            let mut b = valid[rng.below(valid.len())].clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(b.len());
                b[at] = rng.below(256) as u8;
            }
            b
        };
        if let Ok(s) = link::from_bytes(&bytes) {
            // Whatever decodes re-encodes to the same bytes (one link per scenario) and
            // replays without a panic.
            assert_eq!(link::to_bytes(&s), bytes);
            let _ = s.replay();
        }
        let _ = link::decode(&format!("v1.{}", base64_url(&bytes)));
    }
}

// ---------------------------------------------------------------------------------------
// Malformed text

fn text_error(source: &str) -> (usize, usize, TextErrorKind) {
    let e = text::parse(source).unwrap_err();
    (e.line, e.column, e.kind)
}

const TWO: &str = "process P1 10\nprocess P2 10\n";

#[test]
fn unknown_keywords_and_bad_words_are_located() {
    let (line, column, kind) = text_error(&format!("{TWO}\n  sned P1 P2 5\n"));
    assert_eq!((line, column), (4, 3));
    assert_eq!(kind, TextErrorKind::UnknownKeyword { found: "sned".into() });
    let (line, column, kind) = text_error(&format!("{TWO}send P1 P2 five\n"));
    assert_eq!((line, column), (3, 12));
    assert!(matches!(kind, TextErrorKind::Expected { .. }));
    let e = text::parse(&format!("{TWO}send P1 P2 five\n")).unwrap_err();
    assert_eq!(e.to_string(), "line 3, column 12: expected the amount (a whole number), found `five`");
    let (line, column, _) = text_error(&format!("{TWO}send P1 P2\n"));
    assert_eq!((line, column), (3, 11));
    let (line, column, _) = text_error(&format!("{TWO}send P1 P2 5 extra\n"));
    assert_eq!((line, column), (3, 14));
    let (line, column, _) = text_error(&format!("{TWO}Send P1 P2 5\n"));
    assert_eq!((line, column), (3, 1));
    let (line, column, _) = text_error(&format!("{TWO}deliver 1\n"));
    assert_eq!((line, column), (3, 9));
    let (line, column, _) = text_error(&format!("{TWO}deliver marker 1 P1 P2\n"));
    assert_eq!((line, column), (3, 16));
    let (line, column, _) = text_error(&format!("{TWO}deliver m0\n"));
    assert_eq!((line, column), (3, 9));
    let (line, column, _) = text_error(&format!("{TWO}deliver m4294967296\n"));
    assert_eq!((line, column), (3, 9));
    let (line, column, _) = text_error(&format!("{TWO}join S1\n"));
    assert_eq!((line, column), (3, 8));
    let (line, column, _) = text_error(&format!("{TWO}discipline FIFO\n"));
    assert_eq!((line, column), (3, 12));
    let (line, column, _) = text_error(&format!("{TWO}\"send\" P1 P2 5\n"));
    assert_eq!((line, column), (3, 1));
}

#[test]
fn processes_are_checked() {
    let (line, column, kind) = text_error("process P2 10\n");
    assert_eq!((line, column), (1, 9));
    assert!(matches!(kind, TextErrorKind::ProcessOutOfOrder { .. }));
    let (line, column, kind) = text_error(&format!("{TWO}send P1 P3 5\n"));
    assert_eq!((line, column), (3, 9));
    assert_eq!(kind, TextErrorKind::UnknownProcess { name: "P3".into(), count: 2 });
    let (line, column, _) = text_error(&format!("{TWO}snapshot P01\n"));
    assert_eq!((line, column), (3, 10));
    let (line, column, kind) = text_error("process P1 1000000000001\nprocess P2 0\n");
    assert_eq!((line, column), (1, 12));
    assert!(matches!(kind, TextErrorKind::OutOfRange { .. }));
    let (line, column, kind) = text_error("process P1 99999999999999999999999999999999999999999\n");
    assert_eq!((line, column), (1, 12));
    assert!(matches!(kind, TextErrorKind::OutOfRange { .. }));
    let (line, column, kind) = text_error(&format!("process P1 1 \"{}\"\n", "é".repeat(49)));
    assert_eq!((line, column), (1, 14));
    assert_eq!(kind, TextErrorKind::LabelTooLong { chars: 49 });
    let (line, column, _) = text_error("process P1 1 acct1\n");
    assert_eq!((line, column), (1, 14));
    let many: String = (1..=17).map(|p| format!("process P{p} 1\n")).collect();
    let (line, column, kind) = text_error(&many);
    assert_eq!((line, column, kind), (17, 9, TextErrorKind::TooManyProcesses));
}

#[test]
fn labels_are_checked_in_text() {
    let (line, column, kind) = text_error("process P1 1 \"open\nprocess P2 1\n");
    assert_eq!((line, column, kind), (1, 14, TextErrorKind::UnterminatedLabel));
    let (line, column, kind) = text_error("process P1 1 \"a\\nb\"\n");
    assert_eq!((line, column), (1, 16));
    assert_eq!(kind, TextErrorKind::BadEscape { found: "\\n".into() });
    let (line, column, _) = text_error("process P1 1 \"a\\u{D800}\"\n");
    assert_eq!((line, column), (1, 16));
    let (line, column, _) = text_error("process P1 1 \"a\\u{+41}\"\n");
    assert_eq!((line, column), (1, 16));
    let (line, column, _) = text_error("process P1 1 \"a\"b\n");
    assert_eq!((line, column), (1, 17));
    let (line, column, kind) = text_error("process P1 1 a\"b\"\n");
    assert_eq!((line, column, kind), (1, 15, TextErrorKind::StrayQuote));
}

#[test]
fn settings_and_channels_are_checked() {
    let (line, _, kind) = text_error(&format!("{TWO}seed 1\nseed 2\n"));
    assert_eq!(line, 4);
    assert_eq!(kind, TextErrorKind::Repeated { keyword: "seed".into(), first_line: 3 });
    let (line, column, _) = text_error(&format!("{TWO}seed -1\n"));
    assert_eq!((line, column), (3, 6));
    let (line, _, kind) = text_error(&format!("{TWO}channels complete\nchannel P1 P2\n"));
    assert_eq!(line, 4);
    assert_eq!(kind, TextErrorKind::MixedChannels { first_line: 3 });
    let (line, column, kind) = text_error(&format!("{TWO}channel P1 P1\n"));
    assert_eq!((line, column), (3, 12));
    assert_eq!(kind, TextErrorKind::SelfChannel { process: "P1".into() });
    let (line, _, kind) = text_error(&format!("{TWO}channel P1 P2\nchannel P2 P1\nchannel P1 P2\n"));
    assert_eq!(line, 5);
    assert!(matches!(kind, TextErrorKind::DuplicateChannel { first_line: 3, .. }));
    let (line, column, kind) = text_error(&format!("{TWO}channel P1 P2\nchannel P2 P3\n"));
    assert_eq!((line, column), (4, 12));
    assert_eq!(kind, TextErrorKind::UnknownProcess { name: "P3".into(), count: 2 });
    // Not strongly connected: reported on the first process/channel line.
    let (line, column, kind) = text_error(&format!("# comment\n{TWO}channel P1 P2\n"));
    assert_eq!((line, column), (2, 1));
    assert!(matches!(kind, TextErrorKind::Topology(TopologyError::NotStronglyConnected { .. })));
    let (line, _, kind) = text_error("# nothing\n\nprocess P1 5\n");
    assert_eq!(line, 3);
    assert_eq!(kind, TextErrorKind::Topology(TopologyError::ProcessCount(1)));
    let (line, _, kind) = text_error("");
    assert_eq!(line, 1);
    assert_eq!(kind, TextErrorKind::Topology(TopologyError::ProcessCount(0)));
    let (line, column, kind) = text_error(&format!("{TWO}send P1 P2 1\nunit tokens\n"));
    assert_eq!((line, column), (4, 1));
    assert_eq!(kind, TextErrorKind::DeclarationAfterAction { keyword: "unit".into(), first_action_line: 3 });
    let (line, column, kind) = text_error(&format!("{TWO}cursor 2\nsnapshot P1\n"));
    assert_eq!((line, column), (3, 8));
    assert_eq!(kind, TextErrorKind::CursorBeyondEnd { cursor: 2, actions: 1 });
}

#[test]
fn limits_are_enforced_in_text() {
    let mut big = String::from(TWO);
    while big.len() <= MAX_SCENARIO_BYTES {
        big.push_str("snapshot P1\n");
    }
    let (line, column, kind) = text_error(&big);
    assert_eq!(kind, TextErrorKind::TooLong { bytes: big.len() });
    assert_eq!(line, 3 + (MAX_SCENARIO_BYTES - TWO.len()) / 12);
    assert_eq!(column, 1 + (MAX_SCENARIO_BYTES - TWO.len()) % 12);
    let mut many = String::from(TWO);
    for _ in 0..=MAX_ACTIONS {
        many.push_str("snapshot P1\n");
    }
    let (line, column, kind) = text_error(&many);
    assert_eq!((line, column, kind), (3 + MAX_ACTIONS, 1, TextErrorKind::TooManyActions));
}

#[test]
fn parsing_does_not_replay() {
    // Impossible actions parse; the replay names the first one by its index.
    let s = text::parse(&format!("{TWO}deliver m7\nsend P1 P2 0\n")).unwrap();
    let e = s.replay().error.unwrap();
    assert_eq!(e.index, 0);
    assert_eq!(s.replay_prefix(2).error.unwrap().index, 0);
}

#[test]
fn random_text_never_panics() {
    let mut rng = Rng::new(99);
    let pieces = [
        "process",
        "P1",
        "P2",
        "P0",
        "P17",
        " ",
        "\n",
        "\"",
        "\\",
        "#",
        "send",
        "deliver",
        "marker",
        "m1",
        "S1",
        "-5",
        "99999999999999999999",
        "channel",
        "channels",
        "complete",
        "cursor",
        "join",
        "é",
        "\r",
        "\t",
        "u{",
        "}",
        "0",
        "seed",
        "internal",
        "snapshot",
    ];
    for _ in 0..5000 {
        let mut s = String::new();
        for _ in 0..rng.below(30) {
            s.push_str(pieces[rng.below(pieces.len())]);
        }
        if let Ok(scenario) = text::parse(&s) {
            assert_eq!(text::parse(&text::to_text(&scenario)), Ok(scenario));
        }
    }
}
