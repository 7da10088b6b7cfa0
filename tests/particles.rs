//! Korean particles agree with the word before them as it is read (`src/i18n/particles.rs`):
//! the catalog writes each once in a marker form (`{0}이(가)`), and what the page shows has the
//! one right shape: `P2가`, `P1이`, `m3이`, `P3과`, `P1로`, `P3으로`. And no Korean text the
//! page can make from the catalog, with any of the arguments it fills in, keeps a double form.

mod common;

use std::collections::BTreeMap;
use std::fs;

use snapshot_lab::i18n::{fill, particles};

fn catalog(lang: &str) -> BTreeMap<String, String> {
    let path = format!("{}/www/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_subject_particle_follows_the_reading() {
    let subject = |w: &str| fill("{0}이(가) 상태를 기록했습니다", &[&w]);
    assert_eq!(subject("P2"), "P2가 상태를 기록했습니다", "피이");
    assert_eq!(subject("P1"), "P1이 상태를 기록했습니다", "피일");
    assert_eq!(subject("P3"), "P3이 상태를 기록했습니다", "피삼");
    assert_eq!(subject("P4"), "P4가 상태를 기록했습니다", "피사");
    assert_eq!(subject("P10"), "P10이 상태를 기록했습니다", "피십");
    assert_eq!(subject("m3"), "m3이 상태를 기록했습니다", "엠삼");
    assert_eq!(subject("m2"), "m2가 상태를 기록했습니다", "엠이");
    assert_eq!(subject("S1"), "S1이 상태를 기록했습니다", "에스일");
    assert_eq!(subject("S5"), "S5가 상태를 기록했습니다", "에스오");
    assert_eq!(subject("계좌 1"), "계좌 1이 상태를 기록했습니다", "계좌 일");
    assert_eq!(subject("계좌"), "계좌가 상태를 기록했습니다");
    assert_eq!(subject("작업 프로세스"), "작업 프로세스가 상태를 기록했습니다");
    assert_eq!(subject("채널"), "채널이 상태를 기록했습니다");
    assert_eq!(subject("P"), "P가 상태를 기록했습니다", "피");
    assert_eq!(subject("S"), "S가 상태를 기록했습니다", "에스");
    assert_eq!(subject("m"), "m이 상태를 기록했습니다", "엠");
}

#[test]
fn every_particle_pair_follows_the_reading() {
    assert_eq!(fill("{0}와(과) {1}", &[&"P3", &"P2"]), "P3과 P2");
    assert_eq!(fill("{0}와(과) {1}", &[&"P2", &"P3"]), "P2와 P3");
    assert_eq!(fill("{0}과(와)", &[&"P2"]), "P2와", "the reversed spelling too");
    assert_eq!(fill("{0}(으)로 가는 채널", &[&"P1"]), "P1로 가는 채널", "ㄹ takes 로");
    assert_eq!(fill("{0}(으)로 가는 채널", &[&"P3"]), "P3으로 가는 채널");
    assert_eq!(fill("{0}(으)로 가는 채널", &[&"P2"]), "P2로 가는 채널");
    assert_eq!(fill("{0}을(를) 전달", &[&"m3"]), "m3을 전달");
    assert_eq!(fill("{0}을(를) 전달", &[&"m2"]), "m2를 전달");
    assert_eq!(fill("{0}을(를) 전달", &[&"m1"]), "m1을 전달");
    assert_eq!(fill("{0}은(는) 일관됩니다", &[&"S1"]), "S1은 일관됩니다");
    assert_eq!(fill("{0}은(는) 일관됩니다", &[&"S2"]), "S2는 일관됩니다");
    assert_eq!(fill("{0}(이)나 {1}", &[&"P3", &"P4"]), "P3이나 P4");
    assert_eq!(fill("{0}(이)나 {1}", &[&"P4", &"P3"]), "P4나 P3");
    assert_eq!(fill("\"{0}\"(이)라는 단계", &[&"fifo"]), "\"fifo\"라는 단계");
    assert_eq!(fill("\"{0}\"(이)라는 단계", &[&"stable"]), "\"stable\"이라는 단계", "스테이블");
    // Numbers in Sino-Korean: the last digit, or the last unit when it ends in zeros.
    assert_eq!(fill("합계 {0}이(가)", &[&"$2,900"]), "합계 $2,900이", "이천구백");
    assert_eq!(fill("합계 {0}이(가)", &[&"$3,000"]), "합계 $3,000이", "삼천");
    assert_eq!(fill("{0}이(가)", &[&"0"]), "0이", "영");
    assert_eq!(fill("{0}이(가)", &[&"5"]), "5가", "오");
    assert_eq!(fill("{0}이(가)", &[&"9"]), "9가", "구");
    assert_eq!(fill("{0}이(가)", &[&"7"]), "7이", "칠");
    assert_eq!(fill("{0}(으)로", &[&"8"]), "8로", "팔");
    assert_eq!(fill("{0}(으)로", &[&"6"]), "6으로", "육");
    // A closing quote looks through to the word inside; a parenthesis to the word before it.
    assert_eq!(fill("\"{0}\"은(는) 단계가 아닙니다", &[&"P2"]), "\"P2\"는 단계가 아닙니다");
    assert_eq!(fill("`{0}`이(가) 두 번 나옵니다", &[&"clock"]), "`clock`이 두 번 나옵니다", "클락");
    assert_eq!(fill("m{0}({1})을(를) 받습니다", &[&3, &"$30"]), "m3($30)을 받습니다", "엠삼");
    assert_eq!(fill("m{0}({1})을(를) 받습니다", &[&2, &"$30"]), "m2($30)를 받습니다", "엠이");
    // Nothing readable before the marker: it stays as written.
    assert_eq!(particles("이(가) 없음"), "이(가) 없음");
}

#[test]
fn english_and_chinese_pass_unchanged() {
    for (english, chinese) in catalog("zh").into_iter().take(200) {
        assert_eq!(particles(&english), english);
        assert_eq!(particles(&chinese), chinese);
    }
}

/// Any particle still written with its other shape in parentheses: `(가)`, `(를)`, `(으)`, ….
fn double_form(text: &str) -> Option<&str> {
    ["(가)", "(이)", "(를)", "(을)", "(는)", "(은)", "(와)", "(과)", "(으)"].into_iter().find(|f| text.contains(f))
}

/// The arguments the page fills in: process, snapshot and message names, channel names, amounts,
/// counts, preset labels in Korean, words and quoted input.
const SAMPLES: &[&str] = &[
    "P1",
    "P2",
    "P3",
    "P4",
    "S1",
    "S2",
    "m3",
    "m2",
    "C21",
    "1",
    "2",
    "3",
    "12",
    "$30",
    "$2,900",
    "계좌 1",
    "작업 프로세스 2",
    "채널",
    "스냅샷",
    "fifo",
    "stable",
];

#[test]
fn no_korean_text_keeps_a_double_form() {
    let ko = catalog("ko");
    let mut checked = 0;
    for (english, korean) in &ko {
        let has_placeholder = (0..10).any(|n| korean.contains(&format!("{{{n}}}")));
        if !has_placeholder {
            // Shown as it is (`tr`): written with the one right particle.
            assert_eq!(double_form(korean), None, "{english:?} → {korean:?}");
            continue;
        }
        for sample in SAMPLES {
            let args: Vec<&dyn std::fmt::Display> = (0..10).map(|_| sample as &dyn std::fmt::Display).collect();
            let shown = fill(korean, &args);
            assert_eq!(double_form(&shown), None, "{english:?} with {sample}: {shown:?}");
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// What the page says of a real run, in Korean: every event's description and explanation, with
/// the catalog installed, has one particle each, and the right one for P1, P2, m1.
#[test]
fn the_page_says_a_run_with_the_right_particles() {
    use snapshot_lab::formats::presets;
    use snapshot_lab::i18n::say;
    snapshot_lab::i18n::install(common::shipped_catalog("ko"));
    let mut said = Vec::new();
    for preset in presets::PRESETS {
        let scenario = preset.scenario().unwrap();
        let replay = scenario.replay();
        let log = replay.world.log();
        for e in &log.events {
            said.push(say(&e.describe()));
            said.push(say(&log.explain(e)));
        }
    }
    assert!(said.len() > 200);
    for s in &said {
        assert_eq!(double_form(s), None, "{s}");
        for wrong in ["P1가", "P2이 ", "P3가", "P1으로", "P3로", "S1가", "S2이 ", "m3가", "m2을"] {
            assert!(!s.contains(wrong), "{wrong:?} in {s:?}");
        }
    }
    assert!(
        said.iter().any(|s| s.contains("P1이") || s.contains("P1은") || s.contains("P1을")),
        "P1 takes a consonant's particle"
    );
    assert!(
        said.iter().any(|s| s.contains("P2가") || s.contains("P2는") || s.contains("P2를")),
        "P2 takes a vowel's particle"
    );
}
