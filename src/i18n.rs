//! Languages: the page's words in English, Korean and Chinese (the languages of the lecture
//! notes). Pure Rust, no browser code: the lesson and the components write their sentences
//! through [`tr`] and the [`tf!`](crate::tf) macro, and natively (the CLI, the tests) those
//! return the English text unchanged. The core (`sim`) reads no catalog: what it says is
//! data, a [`Sentence`] (English, its `Display`), that the page translates where it shows it,
//! with [`say`]; so the log's text, its digest and the exports are the same in every language.
//!
//! The English text is the key, as in gettext: the source reads as it always did, and the
//! English page needs no catalog at all. Korean and Chinese are catalogs, JSON objects from
//! English to the translation in `www/i18n/<lang>/*.json` (shipped keyed by a hash of the
//! English, [`key`]), that `www/boot.js` fetches beside the wasm and hands to [`install`]
//! before the page draws (so the first load of the English lab
//! carries no translation, and each language costs only its own catalog). `tests/i18n.rs` finds
//! every key in the source and fails when a catalog misses one, keeps one the source no longer
//! uses, or changes a placeholder.
//!
//! Texts in `const` tables (the lesson's steps, the presets) are marked with
//! [`en!`](crate::en) and translated where they are shown, with [`translate`].
//!
//! Korean particles that depend on the word before them are written once, in a marker form
//! (`{0}이(가)`, `{0}을(를)`, `{0}(으)로`, …): [`fill`] makes each the one shape the filled
//! word takes, by how it is read (`P2가`, `P1이`, `m3을`); see the child module `particles`.
//!
//! Placeholders are numbered, `{0}`, `{1}`, …, so that a translation can put them in its own
//! order. Sentences are whole (never English words glued together), so that each language can
//! build its own grammar.

use std::cell::RefCell;
use std::fmt::Display;

use crate::sim::words::{Says, Sentence, Word};

/// A language of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ko,
    Zh,
}

impl Lang {
    /// Every language, in the order the language menu lists them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ko, Lang::Zh];

    /// The language's code: in the link (`&lang=ko`), in `<html lang>` and in catalog names.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            Lang::Zh => "zh",
        }
    }

    /// The language's name in itself, as the language menu shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
            Lang::Zh => "中文",
        }
    }

    /// The language of a BCP 47 tag (`ko`, `ko-KR`, `zh-Hans-CN`, `EN-us`), if the page has it.
    /// Every Chinese tag gets the notes' simplified Chinese.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Lang::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.code()))
    }
}

thread_local! {
    /// The installed catalog: (key of the English, translation), sorted by key (empty for
    /// English). A sorted list searched by halves is smaller in the web build than a hash map.
    static CATALOG: RefCell<Vec<(u32, &'static str)>> = const { RefCell::new(Vec::new()) };
}

/// The key of an English text in a shipped catalog: its 32-bit FNV-1a hash. The catalogs in
/// `www/i18n` are keyed by the English itself, for translators; `scripts/post-build.mjs` ships
/// them keyed by this hash (the same function), which halves them, and fails on a collision.
pub fn key(english: &str) -> u32 {
    english.bytes().fold(0x811c_9dc5, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

/// Installs a catalog, adding to what is installed: `key␁translation␁key␁translation…`, each
/// key the English's [`key`] in base 36, fields separated by U+0001 (the form `www/boot.js`
/// hands over: one string, no per-entry objects to convert). The page installs its language's
/// catalog once, before it draws. An entry with a malformed key or an empty translation is
/// skipped (the English shows instead).
pub fn install(catalog: String) {
    // Kept for the page's life: the translations are slices of it.
    let catalog: &'static str = Box::leak(catalog.into_boxed_str());
    let mut fields = catalog.split('\u{1}');
    CATALOG.with(|c| {
        let mut c = c.borrow_mut();
        while let (Some(key), Some(text)) = (fields.next(), fields.next()) {
            let Ok(key) = u32::from_str_radix(key, 36) else { continue };
            if text.is_empty() {
                continue;
            }
            match c.binary_search_by_key(&key, |e| e.0) {
                Ok(at) => c[at].1 = text,
                Err(at) => c.insert(at, (key, text)),
            }
        }
    });
}

/// The translation of an English text, or the text itself when the catalog lacks it.
#[inline(never)]
pub fn tr(english: &'static str) -> &'static str {
    CATALOG.with(|c| {
        let c = c.borrow();
        // English (no catalog) hashes nothing.
        if c.is_empty() {
            return english;
        }
        c.binary_search_by_key(&key(english), |e| e.0).map_or(english, |at| c[at].1)
    })
}

/// A process label as the diagrams show it: the presets' labels (`acct1`, `worker 1`, …,
/// marked in [`crate::formats::presets::LABELS`]) in the page's language; any other label (an
/// instructor's own) as written.
pub fn label(text: &str) -> String {
    CATALOG.with(|c| {
        let c = c.borrow();
        c.binary_search_by_key(&key(text), |e| e.0).map_or_else(|_| text.to_string(), |at| c[at].1.to_string())
    })
}

/// The translation of a text that a table marked with [`en!`](crate::en) (a `const` cannot call
/// [`tr`]): `translate(step.title)`.
pub fn translate(english: &'static str) -> &'static str {
    tr(english)
}

mod particles;
pub use particles::{ending_of, resolve as particles, Ending};

/// A template with its numbered placeholders filled (the core's [`fill`](crate::sim::words::fill)),
/// then, in Korean, each particle written in its marker form (`{0}이(가)`) made the one shape
/// the filled word takes ([`particles`]): `P2가`, `P1이`, `P3으로`.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    particles(&crate::sim::words::fill(template, args))
}

/// What the core says ([`Says`]: a [`Sentence`], an event's description, why an action was
/// refused, …) in the page's language: the sentence's template translated, and every nested
/// sentence too; plain words (names, numbers, labels) as they are. Without a catalog
/// (English), its `Display`.
pub fn say<T: Says + ?Sized>(said: &T) -> String {
    translated(&said.sentence())
}

fn translated(sentence: &Sentence) -> String {
    let words: Vec<String> = sentence
        .words()
        .iter()
        .map(|w| match w {
            Word::Plain(text) => text.clone(),
            Word::Sentence(s) => translated(s),
        })
        .collect();
    let words: Vec<&dyn Display> = words.iter().map(|w| w as &dyn Display).collect();
    fill(tr(sentence.template()), &words)
}

/// How [`tf!`](crate::tf) shows one of its arguments: what the core says ([`Says`]) through
/// [`say`] (translated), anything else through its `Display` (autoref specialisation: the
/// macro calls `(&Arg(&x)).shown()`, which finds [`SaidArg`] first when it applies).
#[doc(hidden)]
pub struct Arg<'a, T>(pub &'a T);

#[doc(hidden)]
pub trait SaidArg {
    fn shown(&self) -> String;
}

impl<T: Says> SaidArg for Arg<'_, T> {
    fn shown(&self) -> String {
        say(self.0)
    }
}

#[doc(hidden)]
pub trait DisplayArg<'a> {
    fn shown(&self) -> &'a dyn Display;
}

impl<'a, T: Display> DisplayArg<'a> for &Arg<'a, T> {
    fn shown(&self) -> &'a dyn Display {
        self.0
    }
}

/// A translated sentence with its placeholders filled:
/// `tf!("{0} sends {1} to {2}", p, amount, q)`. The template must be a string literal (the
/// key that `tests/i18n.rs` finds in the source). An argument that the core says ([`Says`]: a
/// [`Sentence`], an event, an error, …) is translated too ([`say`]); any other shows through
/// its `Display`.
#[macro_export]
macro_rules! tf {
    ($template:literal $(, $arg:expr)* $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::i18n::{DisplayArg as _, SaidArg as _};
        $crate::i18n::fill(
            $crate::i18n::tr($template),
            &[$(&(&$crate::i18n::Arg(&$arg)).shown() as &dyn ::std::fmt::Display),*],
        )
    }};
}

/// How many columns a text takes in a proportional font, as a diagram sizing a box for it
/// needs: a wide East Asian character (Hangul, CJK ideographs and punctuation, full-width forms)
/// counts two, everything else one.
pub fn columns(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// Marks an English text in a `const` table as a key, translated where it is shown with
/// [`translate`]: `title: en!("Why snapshots?")`. It is the text itself.
#[macro_export]
macro_rules! en {
    ($text:literal) => {
        $text
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_language_tags() {
        assert_eq!(Lang::parse("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::parse("zh-TW"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN-us"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse("korean"), None);
        assert_eq!(Lang::parse(""), None);
    }

    /// A key as the shipped catalogs write it.
    fn base36(mut n: u32) -> String {
        let mut digits = Vec::new();
        loop {
            digits.push(char::from_digit(n % 36, 36).unwrap());
            n /= 36;
            if n == 0 {
                break;
            }
        }
        digits.iter().rev().collect()
    }

    #[test]
    fn keys_are_32_bit_fnv_1a() {
        // The published test vectors of FNV-1a 32 (post-build.mjs computes the same).
        assert_eq!(key(""), 0x811c_9dc5);
        assert_eq!(key("a"), 0xe40c_292c);
        assert_eq!(key("foobar"), 0xbf9c_f968);
        assert_ne!(key("Undo"), key("Redo"));
    }

    #[test]
    fn counts_wide_characters_twice() {
        assert_eq!(columns("S1: $100"), 8);
        assert_eq!(columns("S1: 100 토큰"), 12);
        assert_eq!(columns("快照，S1"), 8);
        assert_eq!(columns(""), 0);
    }

    #[test]
    fn fills_numbered_placeholders_in_any_order() {
        assert_eq!(fill("{0} sends {1} to {2}", &[&"P1", &30, &"P2"]), "P1 sends 30 to P2");
        assert_eq!(fill("{2}에게 {0}이(가) {1} 보냄", &[&"P1", &30, &"P2"]), "P2에게 P1이 30 보냄");
        assert_eq!(fill("{{0}} is {0}", &[&1]), "{0} is 1");
        assert_eq!(fill("{3} and {x} and {", &[&1]), "{3} and {x} and {");
        assert_eq!(fill("no placeholders", &[]), "no placeholders");
    }

    #[test]
    fn translates_what_the_catalog_has_and_keeps_english_otherwise() {
        // Each test runs on its own thread, with its own (empty) catalog.
        assert_eq!(tr("Undo"), "Undo");
        assert_eq!(crate::tf!("{0} of {1}", 3, 12), "3 of 12");
        install(format!("{}\u{1}되돌리기\u{1}{}\u{1}\u{1}zz!\u{1}broken", base36(key("Undo")), base36(key("Redo"))));
        assert_eq!(tr("Undo"), "되돌리기");
        assert_eq!(tr("Redo"), "Redo", "an empty translation falls back to English");
        assert_eq!(tr("Step"), "Step");
        install(format!("{}\u{1}{{1}}개 중 {{0}}", base36(key("{0} of {1}"))));
        assert_eq!(crate::tf!("{0} of {1}", 3, 12), "12개 중 3");
    }

    #[test]
    fn says_a_core_sentence_in_the_catalog_language_and_its_display_stays_english() {
        install(format!("{}\u{1}{{1}}개 중 {{0}}\u{1}{}\u{1}되돌리기", base36(key("{0} of {1}")), base36(key("Undo"))));
        let nested = crate::say!("{0} of {1}", crate::say!("Undo"), 12);
        assert_eq!(nested.to_string(), "Undo of 12");
        assert_eq!(say(&nested), "12개 중 되돌리기");
        let plain = crate::sim::words::Sentence::plain("Undo");
        assert_eq!(say(&plain), "Undo", "plain words are not translated");
        // tf! translates a sentence among its arguments, by value or by reference.
        assert_eq!(crate::tf!("{0} of {1}", crate::say!("Undo"), 2), "2개 중 되돌리기");
        assert_eq!(crate::tf!("{0} of {1}", &nested, "x"), "x개 중 12개 중 되돌리기");
        assert_eq!(crate::tf!("{0} of {1}", plain, "Undo"), "Undo개 중 Undo");
    }
}
