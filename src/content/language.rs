//! A guess at the language of some text: English, Japanese, or Chinese in
//! traditional or simplified characters. `quire init --from-gitbook` guesses
//! a space's language with it, and rendering marks a page whose text is in
//! another language than its space's. Spaces mix English and Chinese, so
//! the guess weighs Han characters against Latin words, not characters.

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

/// The traditional and the simplified characters of [`VARIANTS`], sorted
/// for binary search: every Han character of every page is looked up.
fn variant_sets() -> &'static (Vec<char>, Vec<char>) {
    static SETS: std::sync::OnceLock<(Vec<char>, Vec<char>)> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        let mut traditional: Vec<char> = VARIANTS.iter().map(|(t, _)| *t).collect();
        let mut simplified: Vec<char> = VARIANTS.iter().map(|(_, s)| *s).collect();
        traditional.sort_unstable();
        simplified.sort_unstable();
        (traditional, simplified)
    })
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

impl Tally {
    /// Add the characters of `text`. ASCII, most of any page's bytes, is
    /// looked at byte by byte; only other characters are decoded.
    pub fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut in_word = false;
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
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
                let (traditional, simplified) = variant_sets();
                if traditional.binary_search(&c).is_ok() {
                    self.traditional += 1;
                } else if simplified.binary_search(&c).is_ok() {
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

/// The primary language of a BCP 47 tag, lowercased: `zh-TW` and `zh_Hant`
/// → `zh`. Tags of one primary language share interface strings and count
/// as the same language of a page.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The language of `text` (see [`Tally::language`]).
pub fn guess(text: &str) -> &'static str {
    let mut tally = Tally::default();
    tally.add(text);
    tally.language()
}

#[cfg(test)]
mod tests {
    use super::{guess, Tally};

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
            text in "[ -~\n\u{e9}\u{3000}-\u{3002}\u{3041}-\u{3045}\u{4e00}-\u{4e10}\u{9019}\u{8fd9}\u{8aaa}\u{8bf4}\u{1f600}]{0,60}"
        ) {
            let mut fast = Tally::default();
            fast.add(&text);
            proptest::prop_assert_eq!(fast, tally_by_chars(&text));
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
    fn english_terms_in_chinese_prose_stay_chinese() {
        let text = "在 Admin Console 開啟 SSO 設定，然後輸入 Client ID 與 Secret。";
        assert_eq!(guess(text), "zh-TW");
        let text = "Open the SSO settings in the Admin Console (管理主控台).";
        assert_eq!(guess(text), "en");
    }
}
