//! Heading and tab ids the way GitBook makes them, because content links to them.
//!
//! GitBook's rule, read off the anchors it wrote into synced spaces:
//!
//! 1. Text with kana is Japanese: kana become Hepburn romaji, a vowel
//!    lengthened by `ー` is dropped with it (`サーバー` → `sb`), and kanji,
//!    punctuation and everything but ASCII letters, digits, spaces and
//!    hyphens go.
//! 2. Otherwise text with hanzi is Chinese: every hanzi becomes its pinyin
//!    without tones, as a word of its own; between them only ASCII letters,
//!    digits and dots stay (`网页 App` → `wang ye App`).
//! 3. Then every text: lowercase, `&` is `and`, accented Latin, Greek and
//!    Cyrillic letters are transliterated, dots are kept, and every other run
//!    of characters is one hyphen, none at either end.
//! 4. An id that starts with a digit gets `id-` in front (`id-2025.12.2`).
//!
//! Repeats in a page get `-1`, `-2`, …, skipping every id the page already
//! has. quire's earlier rule kept CJK letters as they are (`常見問題-faq`);
//! [`legacy_slug`] still gives those ids, which stay on the element as a
//! second anchor so that old links keep landing.

use std::collections::{HashMap, HashSet};

/// The id GitBook gives a heading or tab with this plain text, before
/// repeats are numbered. Empty when nothing of the text survives.
pub(crate) fn gitbook_slug(text: &str) -> String {
    let latin = if text.chars().any(is_kana) {
        japanese_to_latin(text)
    } else if text.chars().any(is_hanzi) {
        chinese_to_latin(text)
    } else {
        text.to_string()
    };
    let slug = hyphenate(&latin);
    if slug.starts_with(|c: char| c.is_ascii_digit()) {
        format!("id-{slug}")
    } else {
        slug
    }
}

/// quire's id before it followed GitBook: letters and digits of every
/// script kept, markup and punctuation dropped, spaces and hyphens one hyphen.
pub(crate) fn legacy_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut separator = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if separator && !slug.is_empty() {
                slug.push('-');
            }
            separator = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            separator = true;
        }
    }
    slug
}

/// Hiragana, katakana and the prolonged sound mark, as GitBook tells Japanese.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}')
}

/// The CJK ideographs GitBook tells Chinese by (the common block).
fn is_hanzi(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fa5}')
}

const PROLONGED_SOUND_MARK: char = 'ー';

/// Kana to romaji; what is neither kana nor ASCII letter, digit, space or
/// hyphen is dropped (kanji included, as GitBook does).
fn japanese_to_latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut kana = String::new();
    for c in text.chars() {
        if c == PROLONGED_SOUND_MARK {
            // GitBook writes the long vowel with a macron and then drops it
            // as a non-ASCII letter: the vowel goes along with the mark.
            push_romaji(&mut out, &kana, true);
            kana.clear();
        } else if is_kana(c) {
            kana.push(c);
        } else {
            push_romaji(&mut out, &kana, false);
            kana.clear();
            if c.is_ascii_alphanumeric() || c == ' ' || c == '-' {
                out.push(c);
            }
        }
    }
    push_romaji(&mut out, &kana, false);
    out
}

fn push_romaji(out: &mut String, kana: &str, drop_last_vowel: bool) {
    if kana.is_empty() {
        return;
    }
    let mut romaji = String::with_capacity(kana.len());
    let mut syllables = String::new();
    for c in kana.chars() {
        if is_small_vowel(c) && !syllables.is_empty() {
            // Extended katakana (フォ, ティ, ウェ): the small vowel replaces
            // the vowel before it, as in Hepburn (fo, ti, we).
            romanize(&mut romaji, &syllables);
            syllables.clear();
            if romaji.ends_with(is_vowel) {
                romaji.pop();
                if romaji.is_empty() || romaji.ends_with(is_vowel) {
                    romaji.push('w');
                }
            }
        }
        syllables.push(c);
    }
    romanize(&mut romaji, &syllables);
    if drop_last_vowel && romaji.ends_with(is_vowel) {
        romaji.pop();
    }
    out.push_str(&romaji);
}

fn romanize(out: &mut String, kana: &str) {
    let romaji = wana_kana::ConvertJapanese::to_romaji(kana);
    out.extend(romaji.chars().filter(char::is_ascii_alphanumeric));
}

fn is_small_vowel(c: char) -> bool {
    matches!(
        c,
        'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ'
    )
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'i' | 'u' | 'e' | 'o')
}

/// Hanzi to toneless pinyin, one word each; between them only ASCII
/// letters, digits and dots stay.
fn chinese_to_latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if let Some(syllable) = hanzi_pinyin(c) {
            out.push(' ');
            out.push_str(syllable);
            out.push(' ');
        } else if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c);
        }
    }
    out
}

/// The toneless pinyin of a hanzi (`网` → `wang`): deunicode's reading,
/// which on the collected anchors matched as often as the `pinyin` crate.
fn hanzi_pinyin(c: char) -> Option<&'static str> {
    let reading = deunicode::deunicode_char(c)?.trim();
    (c >= '\u{3400}' && !reading.is_empty()).then_some(reading)
}

/// Lowercase ASCII letters, digits and dots; any other run is one hyphen.
fn hyphenate(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut separator = false;
    let push = |slug: &mut String, piece: &str, separator: &mut bool| {
        for c in piece.chars() {
            if c.is_ascii_alphanumeric() || c == '.' {
                if *separator && !slug.is_empty() {
                    slug.push('-');
                }
                *separator = false;
                slug.push(c.to_ascii_lowercase());
            } else {
                *separator = true;
            }
        }
    };
    let mut buf = [0; 4];
    for c in text.chars() {
        if c == '&' {
            push(&mut slug, " and ", &mut separator);
        } else if c.is_ascii() {
            push(&mut slug, c.encode_utf8(&mut buf), &mut separator);
        } else if let Some(ascii) = transliterated(c) {
            push(&mut slug, ascii, &mut separator);
        } else {
            separator = true;
        }
    }
    slug
}

/// Letters GitBook spells in Latin outside Chinese and Japanese text:
/// accented Latin (Vietnamese too), Greek, Cyrillic. Other scripts
/// (Hangul, Arabic, emoji) are dropped, as GitBook drops them.
fn transliterated(c: char) -> Option<&'static str> {
    let latin_like = matches!(c, '\u{80}'..='\u{58f}' | '\u{1e00}'..='\u{1eff}');
    if latin_like && c.is_alphabetic() {
        deunicode::deunicode_char(c)
    } else {
        None
    }
}

/// Hands out unique ids within one page, in document order.
///
/// Ids given explicitly anywhere in the page are reserved first, so that a
/// generated id never takes one; a repeated base remembers its next suffix,
/// so that 20,000 repeats cost linear time.
#[derive(Debug, Default)]
pub(crate) struct Slugger {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Slugger {
    /// Reserve an id given explicitly (`<a id="x">`), so generated ones avoid it.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// Whether the page already has this id.
    pub(crate) fn is_taken(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// A unique id for a heading or tab with this text.
    pub(crate) fn unique(&mut self, text: &str) -> String {
        let mut base = gitbook_slug(text);
        if base.is_empty() {
            // Headings of only punctuation, emoji or a script GitBook drops
            // still need a target.
            base = "section".into();
        }
        self.unique_id(base)
    }

    /// `base`, or `base-N` with the first free N.
    pub(crate) fn unique_id(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// quire's earlier ids ([`legacy_slug`], numbered the same way), kept as
/// second anchors.
#[derive(Debug, Default)]
pub(crate) struct LegacySlugger(Slugger);

impl LegacySlugger {
    /// The id quire's earlier rule gave a heading with this text.
    pub(crate) fn unique(&mut self, text: &str) -> String {
        let mut base = legacy_slug(text);
        if base.is_empty() {
            base = "section".into();
        }
        self.0.unique_id(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our own headings and tab titles, with the anchors GitBook's rule gives
    /// them (the rule was read off a few hundred anchors GitBook wrote in
    /// public English, Chinese and Japanese spaces).
    #[test]
    fn anchors_follow_gitbooks_rule() {
        let table = [
            // English: punctuation is a hyphen, dots and `&` stay, digits get `id-`.
            ("Reset your password", "reset-your-password"),
            ("Who’s on call (and why)?", "who-s-on-call-and-why"),
            ("Sync & backup", "sync-and-backup"),
            ("2025.12.2", "id-2025.12.2"),
            ("3. Export the report", "id-3.-export-the-report"),
            ("V2.1 notes (May 05, 2024)", "v2.1-notes-may-05-2024"),
            ("GET /users/{id}", "get-users-id"),
            (
                "display_name vs original_name",
                "display-name-vs-original-name",
            ),
            ("Café crème à la carte", "cafe-creme-a-la-carte"),
            ("Cài đặt ứng dụng", "cai-dat-ung-dung"),
            ("  --Leading and trailing--  ", "leading-and-trailing"),
            ("계정 설정 Account", "account"),
            // Chinese: one pinyin word per hanzi, Latin runs lose their spaces.
            ("网页 App", "wang-ye-app"),
            ("浏览器扩展", "liu-lan-qi-kuo-zhan"),
            ("导出 CSV 或 JSON", "dao-chu-csv-huo-json"),
            ("常見問題 FAQ", "chang-jian-wen-ti-faq"),
            ("5、联系客服", "id-5-lian-xi-ke-fu"),
            ("Webhook 设置: Step 2", "webhook-she-zhi-step2"),
            // Japanese: kana in romaji, kanji dropped, long vowels dropped.
            ("アカウントについて", "akauntonitsuite"),
            ("ログインできないときは", "roguindekinaitokiha"),
            ("Q. 同期とは？", "q-toha"),
            ("サーバーの設定", "sbno"),
            ("Slack 連携 について", "slack-nitsuite"),
        ];
        let mut wrong = vec![];
        for (text, id) in table {
            let got = gitbook_slug(text);
            if got != id {
                wrong.push(format!("{text:?}: {got:?}, want {id:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn legacy_ids_keep_cjk_letters() {
        assert_eq!(legacy_slug("常見問題 FAQ"), "常見問題-faq");
        assert_eq!(legacy_slug("聯絡人同步（LINE）失敗"), "聯絡人同步line失敗");
        assert_eq!(
            legacy_slug("Version 2.0 — what's new?"),
            "version-20-whats-new"
        );
    }

    #[test]
    fn repeats_get_numbered_suffixes() {
        let mut slugger = Slugger::default();
        let ids: Vec<_> = ["Step", "Step", "Other", "Step"]
            .iter()
            .map(|t| slugger.unique(t))
            .collect();
        assert_eq!(ids, ["step", "step-1", "other", "step-2"]);
    }

    #[test]
    fn explicit_ids_are_avoided_and_empty_slugs_get_a_name() {
        let mut slugger = Slugger::default();
        slugger.reserve("setup");
        assert_eq!(slugger.unique("Setup"), "setup-1");
        assert_eq!(slugger.unique("???"), "section");
        assert_eq!(slugger.unique("!!!"), "section-1");
    }

    /// Issue 22 §7: suffixes skip ids that headings took as their own slug.
    #[test]
    fn suffixes_skip_ids_taken_by_other_headings() {
        let mut slugger = Slugger::default();
        let ids: Vec<_> = ["Setup 1", "Setup!", "Setup", "setup-1"]
            .iter()
            .map(|t| slugger.unique(t))
            .collect();
        assert_eq!(ids, ["setup-1", "setup", "setup-2", "setup-1-1"]);
    }
}
