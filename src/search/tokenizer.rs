//! The search tokenizer. `themes/default/assets/search.js` implements the
//! same rules; `tests/search-vectors.json` holds the cases both must agree on.
//!
//! 1. Full-width ASCII (`Ａ`, `１`, `！`) becomes ASCII and the ideographic
//!    space a space; outside CJK, a letter with diacritics becomes its base
//!    letter (`é` → `e`, so `cafe` finds `café`); then the text is lowercased.
//!    Each character stays one character, so ranges still point into the text.
//! 2. Runs of CJK characters (Han, Hiragana, Katakana, Hangul) become
//!    overlapping character bigrams; a lone CJK character is a unigram.
//! 3. Other letters and digits form words, split at everything else; an
//!    apostrophe between letters belongs to the word (`don't`, `customer’s`).
//! 4. A word loses a final `'s` and its apostrophes (`customer's` → `customer`,
//!    `don't` → `dont`). Words of ASCII letters then go through elasticlunr's
//!    English pipeline: stop words are dropped and the rest Porter-stemmed;
//!    a stem under 3 letters becomes the word's first 3 letters (`adding` →
//!    `add`, not `ad`).
//! 5. A word keeps its first [`MAX_WORD_CHARS`] characters: one endless
//!    "word" (a pasted blob) would otherwise be a term of megabytes in a
//!    shard that queries download.

use elasticlunr::lang::{English, Language};
use elasticlunr::Pipeline;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::RefCell;

/// Whether `c` belongs to a script written without spaces that is indexed by bigrams.
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    // Below the first range (Hangul Jamo) at one compare: ASCII and Latin.
    c as u32 >= 0x1100
        && matches!(c as u32,
            0x3040..=0x309F          // Hiragana
            | 0x30A0..=0x30FF        // Katakana
            | 0x31F0..=0x31FF        // Katakana phonetic extensions
            | 0xFF66..=0xFF9F        // half-width Katakana
            | 0x3400..=0x4DBF        // Han extension A
            | 0x4E00..=0x9FFF        // Han
            | 0xF900..=0xFAFF        // Han compatibility
            | 0x20000..=0x2FA1F      // Han extensions B.. and compatibility supplement
            | 0x1100..=0x11FF        // Hangul Jamo
            | 0x3130..=0x318F        // Hangul compatibility Jamo
            | 0xAC00..=0xD7AF        // Hangul syllables
        )
}

/// Full-width ASCII to ASCII, the ideographic space to a space, a letter
/// with diacritics (outside CJK, where they change the sound) to its base.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ if is_cjk(c) => c,
        _ => base_letter(c),
    }
}

/// `é` → `e`: the first character of the canonical decomposition when the
/// rest are combining marks.
fn base_letter(c: char) -> char {
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    let mut parts = Vec::with_capacity(4);
    decompose_canonical(c, |p| parts.push(p));
    match parts.split_first() {
        Some((&base, marks))
            if !marks.is_empty() && marks.iter().all(|&m| is_combining_mark(m)) =>
        {
            base
        }
        _ => c,
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

#[inline]
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_cjk(c)
}

/// A token with the character range of the text it came from.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub text: String,
    /// Range in characters (Unicode scalar values) of the folded text.
    pub start: usize,
    pub end: usize,
}

thread_local! {
    static ENGLISH: Pipeline = English::new().make_pipeline();
    /// Words already run through the pipeline: a site repeats its words so
    /// often that remembering them avoids most of the stemming.
    static STEMS: RefCell<FxHashMap<String, Option<String>>> = RefCell::new(FxHashMap::default());
}

/// Words remembered per thread before the memory starts over.
const STEMS_MAX: usize = 200_000;

/// Characters of a word that are indexed (and searched: search.js cuts the
/// same), as engines commonly cap terms.
pub(crate) const MAX_WORD_CHARS: usize = 64;

/// English words: stop words dropped, the rest stemmed (elasticlunr's
/// pipeline); `f` receives what is left, if anything.
fn english(word: &str, f: &mut impl FnMut(&str)) {
    let word = match word.char_indices().nth(MAX_WORD_CHARS) {
        Some((cut, _)) if word.len() > MAX_WORD_CHARS => &word[..cut],
        _ => word,
    };
    let word = without_apostrophes(word);
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return f(&word);
    }
    STEMS.with(|stems| {
        if let Some(known) = stems.borrow().get(word.as_ref()) {
            if let Some(stem) = known {
                f(stem);
            }
            return;
        }
        let stem = ENGLISH
            .with(|p| p.run(vec![word.to_string()]).pop())
            .map(|stem| kept_short(stem, &word));
        if let Some(stem) = &stem {
            f(stem);
        }
        let mut stems = stems.borrow_mut();
        if stems.len() >= STEMS_MAX {
            stems.clear();
        }
        stems.insert(word.into_owned(), stem);
    })
}

/// A stem under 3 letters would match other words: Porter makes `ad` of
/// `adding` and `io` of `ios`. Such a word stands for its first 3 letters
/// instead (`adding` → `add`, `uses` → `use`, `ios`), which keeps it with
/// its own family and away from the short word.
fn kept_short(stem: String, word: &str) -> String {
    match word.get(..3) {
        Some(prefix) if stem.len() < 3 && stem != word => prefix.to_string(),
        _ => stem,
    }
}

/// `customer's` → `customer`, `don't` → `dont`.
fn without_apostrophes(word: &str) -> Cow<'_, str> {
    // Bytes first: `'`, or E2 that starts `’` (E2 80 99); most words have neither.
    let maybe = word.bytes().any(|b| b == b'\'' || b == 0xE2);
    if !maybe || !word.contains(is_apostrophe) {
        return Cow::Borrowed(word);
    }
    let stem = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word);
    Cow::Owned(stem.chars().filter(|&c| !is_apostrophe(c)).collect())
}

/// The tokens of `text`, in order.
#[cfg(test)]
pub(crate) fn tokenize(text: &str) -> Vec<String> {
    let mut out = vec![];
    for_each_token(text, |t| out.push(t.to_string()));
    out
}

/// What a scan meets, in order: a token as it is (a CJK bigram or
/// unigram), or a word, which [`word_token`] makes a token of or drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Token(&'a str),
    Word(&'a str),
}

/// Call `f` with each piece of `text`, in order. A word's token depends on
/// the word alone, so a caller that meets the same words again and again
/// (the index) can remember it and skip the English pipeline.
pub(crate) fn for_each_piece(text: &str, mut f: impl FnMut(Piece<'_>)) {
    scan(text, |piece, _, _| f(piece));
}

/// The token of a word a scan met (see [`Piece`]); `None` for a stop word.
pub(crate) fn word_token(word: &str) -> Option<String> {
    let mut token = None;
    english(word, &mut |t| token = Some(t.to_string()));
    token
}

/// Call `f` with each token of `text`, in order, without collecting them.
#[cfg(test)]
pub(crate) fn for_each_token(text: &str, mut f: impl FnMut(&str)) {
    scan(text, tokens_of(|token, _, _| f(token)));
}

/// The pieces of a scan as tokens: a word through the English pipeline.
#[cfg(test)]
fn tokens_of(mut f: impl FnMut(&str, usize, usize)) -> impl FnMut(Piece<'_>, usize, usize) {
    move |piece, start, end| match piece {
        Piece::Token(token) => f(token, start, end),
        Piece::Word(word) => english(word, &mut |token| f(token, start, end)),
    }
}

/// The tokens of `text` with where they came from.
#[cfg(test)]
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = vec![];
    scan(
        text,
        tokens_of(|token, start, end| {
            out.push(Token {
                text: token.to_string(),
                start,
                end,
            })
        }),
    );
    out
}

/// Fold and lowercase `text`, then call `f` with each piece and its range
/// in characters. Pieces borrow from the folded text, so nothing is
/// allocated per piece.
fn scan(text: &str, f: impl FnMut(Piece<'_>, usize, usize)) {
    if text.is_ascii() {
        scan_ascii(&text.to_ascii_lowercase(), f)
    } else {
        scan_unicode(text, f)
    }
}

/// [`scan`] for any text: one pass over the folded, lowercased characters,
/// counting them for the ranges.
fn scan_unicode(text: &str, mut f: impl FnMut(Piece<'_>, usize, usize)) {
    let lower = fold_lowercase(text);
    let next_char = |at: usize| char_at(&lower, at);
    // The byte of the next character, and the characters before it.
    let mut at = 0;
    let mut taken = 0;
    while let Some(c) = next_char(at) {
        let (start_byte, start) = (at, taken);
        at += c.len_utf8();
        taken += 1;
        if is_cjk(c) {
            // Each character after the first closes the bigram it ends.
            let mut previous_byte = start_byte;
            while let Some(next) = next_char(at).filter(|&n| is_cjk(n)) {
                let byte = at;
                at += next.len_utf8();
                taken += 1;
                f(Piece::Token(&lower[previous_byte..at]), taken - 2, taken);
                previous_byte = byte;
            }
            if taken - start == 1 {
                f(Piece::Token(&lower[start_byte..at]), start, taken);
            }
        } else if is_word(c) {
            while let Some(next) = next_char(at) {
                let after = at + next.len_utf8();
                let joins =
                    is_word(next) || (is_apostrophe(next) && next_char(after).is_some_and(is_word));
                if !joins {
                    break;
                }
                at = after;
                taken += 1;
            }
            f(Piece::Word(&lower[start_byte..at]), start, taken);
        }
    }
}

/// The character at byte `at` of `text` (where one starts), if any: most
/// text around CJK is ASCII, which needs no decoding.
fn char_at(text: &str, at: usize) -> Option<char> {
    match *text.as_bytes().get(at)? {
        byte if byte.is_ascii() => Some(char::from(byte)),
        _ => text[at..].chars().next(),
    }
}

/// `text` folded (see [`fold`]) and lowercased as `str::to_lowercase` does,
/// in one pass. ASCII runs are copied whole and lowercased at the end (no
/// character lowercases to an ASCII capital). Only a capital sigma
/// lowercases by its context, so text with one takes the two-pass way.
fn fold_lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
        out.push_str(&rest[..at]);
        let Some(c) = rest[at..].chars().next() else {
            break;
        };
        rest = &rest[at + c.len_utf8()..];
        // Most non-ASCII text is CJK, which has no case to look up.
        if is_cjk(c) {
            out.push(c);
            continue;
        }
        match fold(c) {
            '\u{3A3}' => return text.chars().map(fold).collect::<String>().to_lowercase(),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.push_str(rest);
    out.make_ascii_lowercase();
    out
}

/// [`scan`] for ASCII text, where a character is a byte: the same rules
/// (no CJK, words of letters and digits, `'` inside a word) without
/// decoding characters or indexing them.
fn scan_ascii(lower: &str, mut f: impl FnMut(Piece<'_>, usize, usize)) {
    let bytes = lower.as_bytes();
    let word_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut i = 0;
    while i < bytes.len() {
        if !word_at(i) {
            i += 1;
            continue;
        }
        let start = i;
        while word_at(i) || (bytes.get(i) == Some(&b'\'') && word_at(i + 1)) {
            i += 1;
        }
        f(Piece::Word(&lower[start..i]), start, i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Vector {
        text: String,
        tokens: Vec<String>,
    }

    #[test]
    fn shared_vectors() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/search-vectors.json");
        let vectors: Vec<Vector> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(vectors.len() >= 30, "only {} vectors", vectors.len());
        let mut failures = vec![];
        for v in &vectors {
            let got = tokenize(&v.text);
            if got != v.tokens {
                failures.push(format!(
                    "{:?}: expected {:?}, got {:?}",
                    v.text, v.tokens, got
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    proptest::proptest! {
        /// The ASCII path finds exactly what the general one finds.
        #[test]
        fn the_ascii_path_agrees_with_the_general_one(text in "[ -~\t\n]{0,80}") {
            let mut fast = vec![];
            scan_ascii(&text.to_ascii_lowercase(), tokens_of(|t, a, b| fast.push((t.to_string(), a, b))));
            let mut general = vec![];
            scan_unicode(&text, tokens_of(|t, a, b| general.push((t.to_string(), a, b))));
            proptest::prop_assert_eq!(fast, general);
        }
    }

    /// `fold` as first written, without its ASCII shortcut.
    fn fold_reference(c: char) -> char {
        match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ if c.is_ascii() || is_cjk(c) => c,
            _ => base_letter(c),
        }
    }

    /// `is_word` as first written, without its ASCII shortcut.
    fn is_word_reference(c: char) -> bool {
        c.is_alphanumeric() && !is_cjk(c)
    }

    /// The first, indexed version of `scan_unicode`: what it must agree with.
    fn scan_unicode_reference(text: &str, mut f: impl FnMut(&str, usize, usize)) {
        let is_word = is_word_reference;
        let lower = text
            .chars()
            .map(fold_reference)
            .collect::<String>()
            .to_lowercase();
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        let byte_at = |i: usize| chars.get(i).map_or(lower.len(), |&(b, _)| b);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            if is_cjk(c) {
                let start = i;
                while i < chars.len() && is_cjk(chars[i].1) {
                    i += 1;
                }
                if i - start == 1 {
                    f(&lower[byte_at(start)..byte_at(i)], start, i);
                } else {
                    for j in start..i - 1 {
                        f(&lower[byte_at(j)..byte_at(j + 2)], j, j + 2);
                    }
                }
            } else if is_word(c) {
                let start = i;
                while i < chars.len()
                    && (is_word(chars[i].1)
                        || (is_apostrophe(chars[i].1)
                            && chars.get(i + 1).is_some_and(|&(_, n)| is_word(n))))
                {
                    i += 1;
                }
                english(&lower[byte_at(start)..byte_at(i)], &mut |t| f(t, start, i));
            } else {
                i += 1;
            }
        }
    }

    /// Characters on every path of the scan: ASCII words and apostrophes,
    /// CJK runs, full-width forms, letters with diacritics, capital sigma
    /// (lowercased by context) and `İ` (whose lowercase is two characters,
    /// but which folds to `I` first).
    const ALPHABET: &str = "ab9Z '\u{2019}.-ΣσİéÉẞ客戶端あアー한ＡＢ１！\u{3000}";

    /// Tokens with their ranges, as the scans report them.
    type Found = Vec<(String, usize, usize)>;

    fn scan_both(text: &str) -> (Found, Found) {
        let mut fast = vec![];
        scan_unicode(text, tokens_of(|t, a, b| fast.push((t.to_string(), a, b))));
        let mut reference = vec![];
        scan_unicode_reference(text, |t, a, b| reference.push((t.to_string(), a, b)));
        (fast, reference)
    }

    proptest::proptest! {
        /// The one-pass scan finds what the indexed one found, ranges included.
        #[test]
        fn the_one_pass_scan_agrees_with_the_indexed_one(
            chars in proptest::collection::vec(
                proptest::sample::select(ALPHABET.chars().collect::<Vec<_>>()), 0..60)
        ) {
            let text: String = chars.into_iter().collect();
            let (fast, reference) = scan_both(&text);
            proptest::prop_assert_eq!(fast, reference);
        }

        #[test]
        fn the_one_pass_scan_agrees_on_any_text(text in "\\PC{0,60}") {
            let (fast, reference) = scan_both(&text);
            proptest::prop_assert_eq!(fast, reference);
        }
    }

    proptest::proptest! {
        /// Pieces, their words made tokens one by one, are the tokens.
        #[test]
        fn pieces_and_their_word_tokens_are_the_tokens(
            chars in proptest::collection::vec(
                proptest::sample::select(ALPHABET.chars().chain("thes'".chars()).collect::<Vec<_>>()), 0..60)
        ) {
            let text: String = chars.into_iter().collect();
            let mut from_pieces = vec![];
            for_each_piece(&text, |piece| match piece {
                Piece::Token(token) => from_pieces.push(token.to_string()),
                Piece::Word(word) => from_pieces.extend(word_token(word)),
            });
            proptest::prop_assert_eq!(from_pieces, tokenize(&text));
        }
    }

    #[test]
    fn ranges_point_at_the_source_characters() {
        let t = tokens("Hello 客戶端");
        assert_eq!((t[0].start, t[0].end), (0, 5));
        assert_eq!(t[1].text, "客戶");
        assert_eq!((t[1].start, t[1].end), (6, 8));
        assert_eq!((t[2].start, t[2].end), (7, 9));
    }
}
