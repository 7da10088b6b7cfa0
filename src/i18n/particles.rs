//! Korean particles chosen from how the word before them is read. A Korean catalog entry writes
//! a particle once, in a marker form that names both shapes (`{0}이(가)`, `{0}을(를)`,
//! `{0}은(는)`, `{0}와(과)`, `{0}(으)로`, `{0}(이)나`, `{0}(이)라`); after the placeholders are
//! filled, [`resolve`] rewrites each marker to the one shape the word before it takes, as a
//! Korean reader says it: `P2가` (피이), `P1이` (피일), `m3이` (엠삼), `S1이`, `P3과`, `P1로`
//! (ㄹ takes 로), `P3으로`. Hangul by its final consonant, digits in Sino-Korean (`2,900`:
//! 이천구백), Latin letters by their English names (`P` 피, `S` 에스, `m` 엠) or, in a longer
//! word, by how it ends (`-l` 을, `-m` `-n` `-ng`, `-k` `-p` `-t` take a final). A closing quote
//! or bracket looks through to the word inside (`"{0}"은`); a closing parenthesis goes back to
//! the word before the parenthesis, as Korean writing does (`m3($30)을` is read 엠삼을). A marker
//! whose word cannot be read (nothing before it, or a symbol) stays as written.
//!
//! Pure and language-blind: the markers occur only in the Korean catalog, so [`resolve`] leaves
//! English and Chinese text unchanged.

/// How a word ends when read aloud, which is what a particle agrees with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// An open syllable (가, 피, 이): 가, 를, 는, 와, 로, 나, 라.
    Vowel,
    /// A final consonant ㄹ (일, 엘): as a consonant, except that it takes 로.
    Rieul,
    /// Any other final consonant (삼, 엠, 백): 이, 을, 은, 과, 으로, 이나, 이라.
    Consonant,
}

/// The marker forms, each with its shape after a consonant and after a vowel. The first
/// spelling is the one the catalogs use; the reversed order is accepted too.
const MARKERS: [(&str, &str, &str); 11] = [
    ("이(가)", "이", "가"),
    ("가(이)", "이", "가"),
    ("을(를)", "을", "를"),
    ("를(을)", "을", "를"),
    ("은(는)", "은", "는"),
    ("는(은)", "은", "는"),
    ("와(과)", "과", "와"),
    ("과(와)", "과", "와"),
    ("(으)로", "으로", "로"),
    ("(이)나", "이나", "나"),
    ("(이)라", "이라", "라"),
];

/// The text with each particle marker replaced by the shape its word takes; text without a
/// marker comes back unchanged.
pub fn resolve(text: &str) -> String {
    if !text.contains('(') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for (marker, consonant, vowel) in MARKERS {
            if let Some(after) = rest.strip_prefix(marker) {
                let shape = match ending_of(&out) {
                    Some(Ending::Consonant) => consonant,
                    Some(Ending::Rieul) if marker != "(으)로" => consonant,
                    Some(_) => vowel,
                    None => marker,
                };
                out.push_str(shape);
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// How the text before a particle ends when read: its last word, looking through closing
/// quotes and brackets; `None` when it cannot be read.
pub fn ending_of(before: &str) -> Option<Ending> {
    let chars: Vec<char> = before.chars().collect();
    let mut end = chars.len();
    // Closing quotes and brackets: the word inside them.
    while end > 0 && matches!(chars[end - 1], '"' | '\'' | '`' | '”' | '’' | '」' | '』' | '》' | '〉' | ']' | '>')
    {
        end -= 1;
    }
    // A parenthesis: the word before it (the aside does not carry the particle), or the word
    // inside when nothing comes before.
    if end > 0 && chars[end - 1] == ')' {
        let mut depth = 0;
        let mut open = None;
        for i in (0..end).rev() {
            match chars[i] {
                ')' => depth += 1,
                '(' => {
                    depth -= 1;
                    if depth == 0 {
                        open = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let open = open?;
        let before_paren: String = chars[..open].iter().collect();
        if !before_paren.trim_end().is_empty() {
            return ending_of(before_paren.trim_end());
        }
        return ending_of(&chars[open + 1..end - 1].iter().collect::<String>());
    }
    let last = *chars[..end].last()?;
    match last {
        '가'..='힣' => Some(hangul(last)),
        '0'..='9' => Some(number(&chars[..end])),
        c if c.is_ascii_alphabetic() => Some(latin(&chars[..end])),
        _ => None,
    }
}

/// A precomposed Hangul syllable by its final consonant (ㄹ is the 8th).
fn hangul(c: char) -> Ending {
    match (c as u32 - 0xAC00) % 28 {
        0 => Ending::Vowel,
        8 => Ending::Rieul,
        _ => Ending::Consonant,
    }
}

/// A number read in Sino-Korean: its last digit (일 이 삼 사 오 육 칠 팔 구), or, when it ends
/// in zeros, its last unit (십 백 천 만 억 조); 0 alone is 영.
fn number(chars: &[char]) -> Ending {
    let digits: Vec<char> =
        chars.iter().rev().take_while(|c| c.is_ascii_digit() || **c == ',').filter(|c| **c != ',').copied().collect();
    match digits.iter().position(|d| *d != '0') {
        // 일 칠 팔 end in ㄹ; 삼 육 end in a consonant; 이 사 오 구 are open.
        Some(0) => match digits[0] {
            '1' | '7' | '8' => Ending::Rieul,
            '3' | '6' => Ending::Consonant,
            _ => Ending::Vowel,
        },
        // 십 백 천 만, 만 (up to 천만), 억 (up to 천억): all end in a consonant; 조 is open.
        Some(zeros) if zeros < 12 => Ending::Consonant,
        Some(_) => Ending::Vowel,
        None => Ending::Consonant, // 영
    }
}

/// A Latin word as read in English: one letter (or an all-capital abbreviation) by the name of
/// its last letter (엘 엠 엔 알 end in a final; 에스 에프 에이치 엑스 are open), a longer word
/// by how it ends.
fn latin(chars: &[char]) -> Ending {
    let word: String =
        chars.iter().rev().take_while(|c| c.is_ascii_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
    let last = word.chars().last().unwrap_or('a');
    if word.len() == 1 || word.chars().all(|c| c.is_ascii_uppercase()) {
        return match last.to_ascii_lowercase() {
            'l' | 'r' => Ending::Rieul,
            'm' | 'n' => Ending::Consonant,
            _ => Ending::Vowel,
        };
    }
    let mut lower = word.to_ascii_lowercase();
    // A silent e: table (테이블), time (타임), line (라인).
    if lower.len() > 2 && (lower.ends_with("le") || lower.ends_with("me") || lower.ends_with("ne")) {
        lower.pop();
    }
    let last = lower.chars().last().unwrap_or('a');
    let before_last = lower.chars().rev().nth(1).unwrap_or('a');
    let vowel_before = matches!(before_last, 'a' | 'e' | 'i' | 'o' | 'u');
    match last {
        'l' => Ending::Rieul,
        'm' | 'n' => Ending::Consonant,
        'g' if lower.ends_with("ng") => Ending::Consonant,
        'k' | 'p' | 't' | 'b' if vowel_before || lower.ends_with("ck") => Ending::Consonant,
        _ => Ending::Vowel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hangul_digits_and_letters() {
        assert_eq!(ending_of("계좌"), Some(Ending::Vowel));
        assert_eq!(ending_of("채널"), Some(Ending::Rieul));
        assert_eq!(ending_of("스냅샷"), Some(Ending::Consonant));
        assert_eq!(ending_of("2,900"), Some(Ending::Consonant), "이천구백");
        assert_eq!(ending_of("20"), Some(Ending::Consonant), "이십");
        assert_eq!(ending_of("0"), Some(Ending::Consonant), "영");
        assert_eq!(ending_of("5"), Some(Ending::Vowel), "오");
        assert_eq!(ending_of("P"), Some(Ending::Vowel), "피");
        assert_eq!(ending_of("L"), Some(Ending::Rieul), "엘");
        assert_eq!(ending_of("m"), Some(Ending::Consonant), "엠");
        assert_eq!(ending_of("Seoul"), Some(Ending::Rieul), "서울");
        assert_eq!(ending_of("snapshot"), Some(Ending::Consonant), "스냅샷");
        assert_eq!(ending_of("worker"), Some(Ending::Vowel), "워커");
        assert_eq!(ending_of("stable"), Some(Ending::Rieul), "스테이블");
        assert_eq!(ending_of("time"), Some(Ending::Consonant), "타임");
        assert_eq!(ending_of("\"5\""), Some(Ending::Vowel));
        assert_eq!(ending_of("m3($30)"), Some(Ending::Consonant), "엠삼, not 삼십");
        assert_eq!(ending_of("…"), None);
        assert_eq!(ending_of(""), None);
    }

    #[test]
    fn leaves_text_without_markers_alone() {
        assert_eq!(resolve("메시지 유실('유실 없음' 가정 위반)"), "메시지 유실('유실 없음' 가정 위반)");
        assert_eq!(resolve("P1 sends 30 to P2"), "P1 sends 30 to P2");
        assert_eq!(resolve("(이)가"), "(이)가");
    }
}
