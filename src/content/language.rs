//! A guess at the language of some text: English, Japanese, or Chinese in
//! traditional or simplified characters. Each page is tallied once as it is
//! read; a space without a configured language reads as the sum of its
//! pages (the guess `quire init --from-gitbook` writes into `quire.yaml`),
//! and rendering marks a page whose text is in another language than its
//! space's. Spaces mix English and Chinese, so the guess weighs Han
//! characters against Latin words, not characters.

/// Characters written differently in traditional and simplified Chinese,
/// among the commonest of support articles: (traditional, simplified).
const VARIANTS: &[(char, char)] = &[
    ('這', '这'),
    ('個', '个'),
    ('們', '们'),
    ('說', '说'),
    ('開', '开'),
    ('頁', '页'),
    ('設', '设'),
    ('檔', '档'),
    ('為', '为'),
    ('會', '会'),
    ('時', '时'),
    ('來', '来'),
    ('後', '后'),
    ('與', '与'),
    ('請', '请'),
    ('點', '点'),
    ('網', '网'),
    ('資', '资'),
    ('於', '于'),
    ('對', '对'),
    ('電', '电'),
    ('號', '号'),
    ('機', '机'),
    ('務', '务'),
    ('選', '选'),
    ('確', '确'),
    ('認', '认'),
    ('帳', '账'),
    ('錯', '错'),
    ('誤', '误'),
    ('題', '题'),
    ('問', '问'),
    ('應', '应'),
    ('該', '该'),
    ('還', '还'),
    ('見', '见'),
    ('現', '现'),
    ('發', '发'),
    ('間', '间'),
    ('無', '无'),
    ('關', '关'),
    ('當', '当'),
    ('從', '从'),
    ('動', '动'),
    ('學', '学'),
    ('樣', '样'),
    ('種', '种'),
    ('麼', '么'),
    ('讓', '让'),
    ('處', '处'),
];

/// The first and last Han characters [`Tally`] looks at (extension A, then
/// the unified block).
const HAN_FIRST: u32 = 0x3400;
const HAN_LAST: u32 = 0x9FFF;

/// Which Han characters are among the traditional, and which among the
/// simplified characters of [`VARIANTS`]: one bit per character, since
/// every Han character of every page is looked up.
struct VariantBits {
    traditional: Vec<u64>,
    simplified: Vec<u64>,
}

impl VariantBits {
    fn get() -> &'static VariantBits {
        static BITS: std::sync::OnceLock<VariantBits> = std::sync::OnceLock::new();
        BITS.get_or_init(|| {
            let words = ((HAN_LAST - HAN_FIRST) / 64 + 1) as usize;
            let mut bits = VariantBits {
                traditional: vec![0; words],
                simplified: vec![0; words],
            };
            for &(traditional, simplified) in VARIANTS {
                set_bit(&mut bits.traditional, traditional);
                set_bit(&mut bits.simplified, simplified);
            }
            bits
        })
    }
}

/// The word and bit of a Han character in a [`VariantBits`] set.
fn bit_of(c: char) -> Option<(usize, u64)> {
    let code = c as u32;
    if !(HAN_FIRST..=HAN_LAST).contains(&code) {
        return None;
    }
    let offset = code - HAN_FIRST;
    Some(((offset / 64) as usize, 1 << (offset % 64)))
}

fn set_bit(set: &mut [u64], c: char) {
    if let Some((word, bit)) = bit_of(c) {
        set[word] |= bit;
    }
}

fn has_bit(set: &[u64], c: char) -> bool {
    bit_of(c).is_some_and(|(word, bit)| set[word] & bit != 0)
}

/// Each byte's high bit, and each byte's lowest bit, of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `word` (eight ASCII bytes, little-endian)
/// that is an ASCII letter: [`Tally::add`] reads eight bytes at a time.
/// With the case bit set, a letter is a byte from `a` to `z`; adding
/// `0x80 - a` sets the high bit from `a` up, adding `0x80 - (z + 1)` from
/// past `z` up, and no byte below 0x80 carries into the next.
fn ascii_letters(word: u64) -> u64 {
    let lower = word | (0x20 * LOW_BITS);
    let from_a = lower + (0x80 - u64::from(b'a')) * LOW_BITS;
    let past_z = lower + (0x80 - u64::from(b'z') - 1) * LOW_BITS;
    from_a & !past_z & HIGH_BITS
}

/// Counts of the scripts in some text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    latin_words: usize,
    han: usize,
    kana: usize,
    traditional: usize,
    simplified: usize,
}

impl std::ops::AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, other: &Tally) {
        self.latin_words += other.latin_words;
        self.han += other.han;
        self.kana += other.kana;
        self.traditional += other.traditional;
        self.simplified += other.simplified;
    }
}

impl Tally {
    /// The counts of `text`.
    pub fn of(text: &str) -> Tally {
        let mut tally = Tally::default();
        tally.add(text);
        tally
    }

    /// Add the characters of `text`. ASCII, most of any page's bytes, is
    /// looked at byte by byte; only other characters are decoded.
    pub fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut in_word = false;
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            let eight = bytes
                .get(at..at + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok());
            if let Some(word) = eight.map(u64::from_le_bytes).filter(|w| w & HIGH_BITS == 0) {
                let letters = ascii_letters(word);
                // Each letter's high bit moved onto the byte after it.
                let after_letter = (letters << 8) | if in_word { 0x80 } else { 0 };
                self.latin_words += (letters & !after_letter).count_ones() as usize;
                in_word = letters >> 56 != 0;
                at += 8;
                continue;
            }
            if byte.is_ascii() {
                let latin = byte.is_ascii_alphabetic();
                if latin && !in_word {
                    self.latin_words += 1;
                }
                in_word = latin;
                at += 1;
                continue;
            }
            in_word = false;
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            self.add_wide(c);
            at += c.len_utf8();
        }
    }

    fn add_wide(&mut self, c: char) {
        match c {
            '\u{3040}'..='\u{30FF}' => self.kana += 1,
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => {
                self.han += 1;
                let variants = VariantBits::get();
                if has_bit(&variants.traditional, c) {
                    self.traditional += 1;
                } else if has_bit(&variants.simplified, c) {
                    self.simplified += 1;
                }
            }
            _ => {}
        }
    }

    /// The language tag the text reads as: a Han character counts as a
    /// word, and Japanese is Han text with kana in it.
    pub fn language(&self) -> &'static str {
        let cjk = self.han + self.kana;
        if cjk <= self.latin_words {
            "en"
        } else if self.kana * 5 >= cjk {
            "ja"
        } else if self.simplified > self.traditional {
            "zh-CN"
        } else {
            "zh-TW"
        }
    }
}

/// Han text without kana shorter than this reads as Japanese in a Japanese
/// space: titles such as 管理 or 中級編 are Japanese as much as Chinese,
/// while Japanese prose of this length always has kana.
const SHORT_HAN: usize = 40;

impl Tally {
    /// The language the text reads as when it is another language than
    /// `space`'s, not another script of the same one (the guess between
    /// traditional and simplified Chinese is weak on short pages), and not
    /// short Han text in a Japanese space.
    pub fn other_than(&self, space: &str) -> Option<&'static str> {
        let guess = self.language();
        let (guess_primary, space_primary) = (primary(guess), primary(space));
        let ambiguous_han = space_primary == "ja"
            && guess_primary == "zh"
            && self.kana == 0
            && self.han < SHORT_HAN;
        (guess_primary != space_primary && !ambiguous_han).then_some(guess)
    }
}

/// The primary language of a BCP 47 tag, lowercased: `zh-TW` and `zh_Hant`
/// → `zh`. Tags of one primary language share interface strings and count
/// as the same language of a page.
pub(crate) fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The language of `text` (see [`Tally::language`]).
#[cfg(test)]
pub(crate) fn guess(text: &str) -> &'static str {
    Tally::of(text).language()
}

/// The language of a space from the tallies of its pages: what its text
/// reads as taken together, so a few English pages in a Japanese space do
/// not make it English.
pub(crate) fn of_pages<'a>(tallies: impl IntoIterator<Item = &'a Tally>) -> &'static str {
    let mut sum = Tally::default();
    for tally in tallies {
        sum += tally;
    }
    sum.language()
}

/// Whether `tag` can stand in a `lang` attribute as it is: letters, digits
/// and hyphens, as BCP 47 tags are written, and not too long.
pub(crate) fn is_tag(tag: &str) -> bool {
    (2..=35).contains(&tag.len())
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && tag.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::{guess, is_tag, of_pages, Tally};

    /// The counting as first written, one `char` at a time.
    fn tally_by_chars(text: &str) -> Tally {
        let mut tally = Tally::default();
        let mut in_word = false;
        for c in text.chars() {
            let latin = c.is_ascii_alphabetic();
            if latin && !in_word {
                tally.latin_words += 1;
            }
            in_word = latin;
            tally.add_wide(c);
        }
        tally
    }

    proptest::proptest! {
        /// The byte path counts exactly what decoding every character counts.
        #[test]
        fn the_byte_path_agrees_with_decoding_every_character(
            text in "[ -~\n\u{e9}\u{3000}-\u{3002}\u{3041}-\u{3045}\u{4e00}-\u{4e10}\u{9019}\u{8fd9}\u{8aaa}\u{8bf4}\u{1f600}]{0,200}"
        ) {
            let mut fast = Tally::default();
            fast.add(&text);
            proptest::prop_assert_eq!(fast, tally_by_chars(&text));
        }
    }

    #[test]
    fn short_han_text_reads_as_japanese_in_a_japanese_space() {
        // Titles of kanji alone are both languages; the space decides.
        for title in ["管理", "中級編", "活用事例"] {
            assert_eq!(Tally::of(title).other_than("ja"), None, "{title}");
            assert!(Tally::of(title).other_than("en").is_some(), "{title}");
        }
        // Chinese prose long enough to tell is Chinese in a Japanese space.
        let chinese = "請到帳號設定頁面重設密碼，完成後會收到通知。如果沒有收到通知，請檢查垃圾郵件資料夾或聯絡客服人員協助處理。";
        assert_eq!(Tally::of(chinese).other_than("ja"), Some("zh-TW"));
        // Kana is Japanese anywhere; a Chinese space's own script is no mark.
        assert_eq!(Tally::of("設定について").other_than("zh-CN"), Some("ja"));
        assert_eq!(Tally::of("这个设置").other_than("zh-TW"), None);
        assert_eq!(Tally::of("Release notes").other_than("en"), None);
    }

    #[test]
    fn ascii_letters_marks_exactly_the_letters_at_every_position() {
        for byte in 0u8..0x80 {
            for position in 0..8 {
                let marked = super::ascii_letters(u64::from(byte) << (position * 8));
                let expected = if byte.is_ascii_alphabetic() {
                    0x80 << (position * 8)
                } else {
                    0
                };
                assert_eq!(marked, expected, "{byte:#x} at {position}");
            }
        }
    }

    #[test]
    fn the_variant_bits_hold_exactly_the_variants() {
        let bits = super::VariantBits::get();
        for code in super::HAN_FIRST..=super::HAN_LAST {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let traditional = super::VARIANTS.iter().any(|&(t, _)| t == c);
            let simplified = super::VARIANTS.iter().any(|&(_, s)| s == c);
            assert_eq!(super::has_bit(&bits.traditional, c), traditional, "{c}");
            assert_eq!(super::has_bit(&bits.simplified, c), simplified, "{c}");
        }
        assert!(!super::has_bit(&bits.traditional, 'a'));
        // A variant outside the range would be silently left out.
        for &(t, s) in super::VARIANTS {
            assert!(
                super::bit_of(t).is_some() && super::bit_of(s).is_some(),
                "{t}{s}"
            );
        }
    }

    #[test]
    fn the_dominant_script_decides() {
        assert_eq!(guess("Reset your password from the account page."), "en");
        assert_eq!(
            guess("請到帳號設定頁面重設密碼，完成後會收到通知。"),
            "zh-TW"
        );
        assert_eq!(
            guess("请到账号设置页面重设密码，完成后会收到通知。"),
            "zh-CN"
        );
        assert_eq!(
            guess("アカウント設定のページでパスワードを再設定してください。"),
            "ja"
        );
        assert_eq!(guess(""), "en");
    }

    #[test]
    fn a_space_reads_as_the_sum_of_its_pages() {
        let pages = [
            Tally::of("請到帳號設定頁面重設密碼，完成後會收到通知。"),
            Tally::of("Release notes"),
            Tally::of("在設定頁面開啟通知。"),
        ];
        assert_eq!(of_pages(&pages), "zh-TW");
        // The sum is the tally of the text taken together.
        let mut sum = Tally::default();
        for page in &pages {
            sum += page;
        }
        assert_eq!(sum.han, pages.iter().map(|p| p.han).sum::<usize>());
        assert_eq!(of_pages(&[]), "en");
    }

    #[test]
    fn only_plain_tags_are_tags() {
        for tag in ["en", "zh-TW", "ja", "zh-Hant-HK"] {
            assert!(is_tag(tag), "{tag}");
        }
        for tag in ["", "e", "en\"", "zh TW", "-en", "<b>", &"a".repeat(36)] {
            assert!(!is_tag(tag), "{tag}");
        }
    }

    #[test]
    fn english_terms_in_chinese_prose_stay_chinese() {
        let text = "在 Admin Console 開啟 SSO 設定，然後輸入 Client ID 與 Secret。";
        assert_eq!(guess(text), "zh-TW");
        let text = "Open the SSO settings in the Admin Console (管理主控台).";
        assert_eq!(guess(text), "en");
    }
}
