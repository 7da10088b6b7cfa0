//! What the core says, as data: a [`Sentence`] is an English template with numbered
//! placeholders (`{0}`, `{1}`, …) and the words that fill them. The core speaks no language:
//! it builds sentences with [`say!`](crate::say) and reads no catalog, so that
//! [`super::Log::to_text`], the log's digest and every export are the same whatever the page's
//! language. Its `Display` is the English. The page (and the file worker) translates a
//! sentence where it shows it, with `say` in `src/i18n.rs`: the template through its catalog
//! (the English is the key, as in gettext), every nested sentence too, while plain words
//! (names, numbers, labels) stay as they are.

use std::fmt::{self, Display, Write};

/// A sentence of the core: an English template (a key of the catalogs when it was written
/// with [`say!`](crate::say)) and the words that fill its placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    template: &'static str,
    words: Box<[Word]>,
}

/// A word filling a placeholder: plain text, never translated (a process name, a number, a
/// label, a channel), or a sentence of its own, translated too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word {
    Plain(String),
    Sentence(Sentence),
}

/// The template of a sentence that is one plain word (not a key: nothing to translate).
const PLAIN: &str = "{0}";
/// The template of two words one after the other (not a key).
const CONCAT: &str = "{0}{1}";

impl Sentence {
    /// A sentence from its template and words; [`say!`](crate::say) writes it.
    pub fn new(template: &'static str, words: Vec<Word>) -> Sentence {
        Sentence { template, words: words.into_boxed_slice() }
    }

    /// Plain text as a sentence: shown as it is in every language (`m3`, `[m2, m3]`, `P1`).
    pub fn plain(text: impl Into<String>) -> Sentence {
        Sentence::new(PLAIN, vec![Word::Plain(text.into())])
    }

    /// The words one after the other, each translated on its own: `a, b, c` from
    /// `[a, ", ", b, ", ", c]`.
    pub fn concat(words: impl IntoIterator<Item = Word>) -> Sentence {
        let mut words = words.into_iter();
        let first = match words.next() {
            Some(Word::Sentence(s)) => s,
            Some(Word::Plain(p)) => Sentence::plain(p),
            None => Sentence::plain(""),
        };
        words.fold(first, |acc, w| Sentence::new(CONCAT, vec![Word::Sentence(acc), w]))
    }

    /// Sentences joined by `, `: `P1 waits for P2, P2 waits for P1`.
    pub fn comma_list(parts: Vec<Sentence>) -> Sentence {
        let mut words = Vec::with_capacity(2 * parts.len());
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                words.push(Word::Plain(", ".into()));
            }
            words.push(Word::Sentence(part));
        }
        Sentence::concat(words)
    }

    /// The English template (a catalog's key).
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// The words that fill the template's placeholders, in order.
    pub fn words(&self) -> &[Word] {
        &self.words
    }
}

impl Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Word::Plain(text) => f.write_str(text),
            Word::Sentence(s) => s.fmt(f),
        }
    }
}

/// The English.
impl Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.template == PLAIN {
            if let [word] = &self.words[..] {
                return word.fmt(f);
            }
        }
        let words: Vec<&dyn Display> = self.words.iter().map(|w| w as &dyn Display).collect();
        f.write_str(&fill(self.template, &words))
    }
}

/// Serialized as its English.
impl serde::Serialize for Sentence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl From<Sentence> for Word {
    fn from(s: Sentence) -> Word {
        Word::Sentence(s)
    }
}

/// A value of the core that says something (an event, an action, why an action was refused,
/// why a file cannot be opened, …): its words. Its `Display` is the English of them; the page
/// shows them translated, with `say` in `src/i18n.rs` (and `tf!` for an argument that says
/// something).
pub trait Says {
    fn sentence(&self) -> Sentence;
}

impl Says for Sentence {
    fn sentence(&self) -> Sentence {
        self.clone()
    }
}

impl<T: Says + ?Sized> Says for &T {
    fn sentence(&self) -> Sentence {
        (**self).sentence()
    }
}

/// What says something is a nested sentence: `say!("{0} is not in flight", &message)`.
impl<T: Says + ?Sized> From<&T> for Word {
    fn from(value: &T) -> Word {
        Word::Sentence(value.sentence())
    }
}

impl From<String> for Word {
    fn from(text: String) -> Word {
        Word::Plain(text)
    }
}

impl From<&String> for Word {
    fn from(text: &String) -> Word {
        Word::Plain(text.clone())
    }
}

impl From<&str> for Word {
    fn from(text: &str) -> Word {
        Word::Plain(text.to_string())
    }
}

macro_rules! plain_words {
    ($($t:ty),*) => {
        $(impl From<$t> for Word {
            fn from(value: $t) -> Word {
                Word::Plain(value.to_string())
            }
        }
        impl From<&$t> for Word {
            fn from(value: &$t) -> Word {
                Word::Plain(value.to_string())
            }
        })*
    };
}

plain_words!(char, i32, i64, i128, u8, u16, u32, u64, usize);

/// Fills a template's numbered placeholders, `{0}`, `{1}`, …, with `args`; `{{` and `}}` are
/// literal braces. A placeholder with no argument stays as written (a catalog with a wrong
/// placeholder shows it rather than failing).
#[inline(never)]
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 8 * args.len());
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let arg = tail
            .strip_prefix('{')
            .and_then(|t| t.split_once('}'))
            .and_then(|(n, after)| Some((args.get(n.parse::<usize>().ok()?)?, after)));
        match arg {
            Some((arg, after)) => {
                let _ = write!(out, "{arg}");
                rest = after;
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A sentence of the core: `say!("{0} sends {1} to {2}", p, amount, q)`, each word a plain
/// text (`String`, `&str`, a number, a `char`) or a nested [`Sentence`]; `say!("none")` for
/// one with no words. The template must be a string literal: it is the key that
/// `tests/i18n.rs` finds in the source and requires in every catalog.
#[macro_export]
macro_rules! say {
    ($template:literal $(, $word:expr)* $(,)?) => {
        $crate::sim::words::Sentence::new($template, ::std::vec![$($crate::sim::words::Word::from($word)),*])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_fills_the_template_and_nested_sentences() {
        let marker = crate::say!("the marker of S{0}", 1u32);
        let s = crate::say!("{0} sends {1} to {2}", "P1", marker, String::from("P2"));
        assert_eq!(s.to_string(), "P1 sends the marker of S1 to P2");
        assert_eq!(crate::say!("{{0}} is {0}", 1).to_string(), "{0} is 1");
        assert_eq!(Sentence::plain("m3").to_string(), "m3");
        assert_eq!(Sentence::plain("{0}").to_string(), "{0}");
        let list = Sentence::comma_list(vec![Sentence::plain("a"), crate::say!("none"), Sentence::plain("c")]);
        assert_eq!(list.to_string(), "a, none, c");
        assert_eq!(Sentence::comma_list(Vec::new()).to_string(), "");
    }
}
