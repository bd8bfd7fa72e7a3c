//! Plain text of rendered body HTML, in one linear pass.

/// Elements whose boundaries do not separate words. A match rather than a
/// list: it runs for every tag, and tells a name in a few byte compares.
fn is_inline(name: &[u8]) -> bool {
    matches!(
        name,
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"cite"
            | b"code"
            | b"data"
            | b"del"
            | b"dfn"
            | b"em"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"time"
            | b"u"
            | b"var"
    )
}

/// Elements whose content is not text a reader searches for.
fn is_skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"svg" | b"template" | b"button" | b"noscript"
    )
}

/// Inline elements with these classes are not text: heading anchors (`#`),
/// screen-reader labels.
const SKIPPED_CLASSES: &[&str] = &["heading-anchor", "sr-only"];

/// The longest element name [`plain_text`] tells apart (`noscript`).
const NAME_MAX: usize = 8;

/// `name` in lowercase, in `buffer`; `None` when longer than [`NAME_MAX`].
fn lowercase_name<'b>(name: &str, buffer: &'b mut [u8; NAME_MAX]) -> Option<&'b [u8]> {
    let out = buffer.get_mut(..name.len())?;
    for (to, from) in out.iter_mut().zip(name.bytes()) {
        *to = from.to_ascii_lowercase();
    }
    Some(out)
}

/// The value of attribute `name` in the inside of a tag (`a class="x"`):
/// the first `name="…"` after white space. Looked for at each white space
/// rather than with a substring search, whose set-up costs more than the
/// short tags it would scan.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    (0..bytes.len())
        .filter(|&p| bytes[p].is_ascii_whitespace())
        .find_map(|p| tag[p + 1..].strip_prefix(name)?.strip_prefix("=\""))
        .and_then(|value| value.find('"').map(|end| &value[..end]))
}

/// The text of `html`: tags dropped (a space for block boundaries), the
/// content of scripts, styles, icons and buttons left out, entities decoded,
/// whitespace collapsed.
pub(crate) fn plain_text(html: &str) -> String {
    extract(html, false).0
}

/// The text of `html` as [`plain_text`] has it, outside code blocks
/// (`<pre>`) and inside them, apart: search weighs a word of a code sample
/// below a word of prose.
pub(crate) fn prose_and_code(html: &str) -> (String, String) {
    extract(html, true)
}

/// The text of `html`, and with `split_code` the text of its `<pre>`
/// blocks apart (else the second string is empty).
fn extract(html: &str, split_code: bool) -> (String, String) {
    let mut text = PlainText::new(split_code, html.len() / 2);
    text.html(html);
    text.finish()
}

/// Plain text gathered from a body as it is written: fragments of HTML,
/// text that is not HTML (what an HTML writer escapes), and the boundaries
/// of block elements written elsewhere. Fed the pieces of an HTML body in
/// order, it gives what [`prose_and_code`] gives for the whole body, unless
/// a piece ends where the whole body would be read differently (inside a
/// tag, a comment or a character reference): then it is not
/// [`exact`](PlainText::is_exact).
pub(crate) struct PlainText {
    out: String,
    code: String,
    split_code: bool,
    pre_depth: usize,
    code_depth: usize,
    /// The element whose content is left out (its name, as long as the
    /// name is), and how many of them are open.
    skip: Option<([u8; NAME_MAX], usize)>,
    skip_depth: usize,
    /// An unclosed tag or comment ended the reading: the rest is ignored.
    stopped: bool,
    exact: bool,
}

impl PlainText {
    pub(crate) fn new(split_code: bool, capacity: usize) -> Self {
        PlainText {
            out: String::with_capacity(capacity),
            code: String::new(),
            split_code,
            pre_depth: 0,
            code_depth: 0,
            skip: None,
            skip_depth: 0,
            stopped: false,
            exact: true,
        }
    }

    /// Whether the pieces fed so far give what reading them as one body does.
    pub(crate) fn is_exact(&self) -> bool {
        self.exact
    }

    /// Where text goes: code inside `<pre>`, else prose; `None` inside a
    /// left-out element.
    fn target(&mut self) -> Option<&mut String> {
        if self.skip.is_some() || self.stopped {
            None
        } else if self.pre_depth > 0 {
            Some(&mut self.code)
        } else {
            Some(&mut self.out)
        }
    }

    /// Text as written before escaping: what decoding its escaped form gives.
    pub(crate) fn text(&mut self, text: &str) {
        if let Some(target) = self.target() {
            target.push_str(text);
        }
    }

    /// The tag of an element that separates words (`<p>`, `<li>`, `<img>`),
    /// none of those left out, written elsewhere.
    pub(crate) fn boundary(&mut self) {
        if let Some(target) = self.target() {
            target.push(' ');
        }
    }

    /// The text, and the code apart, white space collapsed.
    pub(crate) fn finish(self) -> (String, String) {
        (collapse(&self.out), collapse(&self.code))
    }

    /// Read a piece of HTML.
    pub(crate) fn html(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while i < bytes.len() && !self.stopped {
            if bytes[i] == b'<' {
                i = self.tag(html, i);
            } else {
                // memchr: a str search by char costs more per call, and this
                // runs for every tag and every run of text.
                let next = memchr::memchr(b'<', &bytes[i..]).map_or(html.len(), |n| i + n);
                if next == html.len() && ends_in_reference(&bytes[i..]) {
                    // `&am` + `p;` in the next piece: one reference in the body.
                    self.exact = false;
                }
                if self.skip.is_none() {
                    let target = if self.pre_depth > 0 {
                        &mut self.code
                    } else {
                        &mut self.out
                    };
                    decode_into(&html[i..next], target);
                }
                i = next;
            }
        }
    }

    /// Read the tag at `i` (a `<`); returns where reading goes on.
    fn tag(&mut self, html: &str, i: usize) -> usize {
        let bytes = html.as_bytes();
        let Some(rel_end) = memchr::memchr(b'>', &bytes[i..]) else {
            return self.stop(html.len());
        };
        let tag = &html[i + 1..i + rel_end];
        let mut i = i + rel_end + 1;
        if tag.starts_with('!') || tag.starts_with('?') {
            if tag.starts_with("!--") && !tag.ends_with("--") {
                // A comment containing `>`: skip to its real end.
                match html[i..].find("-->") {
                    Some(e) => i += e + 3,
                    None => return self.stop(html.len()),
                }
            }
            return i;
        }
        let closing = tag.starts_with('/');
        let name_part = tag.trim_start_matches('/');
        let name_end = name_part
            .bytes()
            .position(|b| b.is_ascii_whitespace() || b == b'/')
            .unwrap_or(name_part.len());
        // Lowercased on the stack: no allocation per tag. A longer name
        // is none this function treats apart (a block boundary).
        let mut buffer = [0u8; NAME_MAX];
        let name = lowercase_name(&name_part[..name_end], &mut buffer).unwrap_or(b"");
        if let Some((skipped, length)) = &self.skip {
            if &skipped[..*length] == name {
                if closing {
                    self.skip_depth -= 1;
                    if self.skip_depth == 0 {
                        self.skip = None;
                    }
                } else if !tag.ends_with('/') {
                    self.skip_depth += 1;
                }
            }
            return i;
        }
        let inline = is_inline(name);
        // Only an inline element's class matters: it may be skipped, or
        // be a part of a component.
        let class = if closing || !inline {
            ""
        } else {
            attribute(tag, "class").unwrap_or("")
        };
        if !closing && !tag.ends_with('/') {
            let skipped = is_skipped(name)
                || (inline
                    && class
                        .split_ascii_whitespace()
                        .any(|c| SKIPPED_CLASSES.contains(&c)));
            if skipped {
                let mut kept = [0u8; NAME_MAX];
                kept[..name.len()].copy_from_slice(name);
                self.skip = Some((kept, name.len()));
                self.skip_depth = 1;
                return i;
            }
        }
        let pre = name == b"pre";
        if pre || name == b"code" {
            self.code_depth = if closing {
                self.code_depth.saturating_sub(1)
            } else {
                self.code_depth + 1
            };
        }
        if self.split_code && pre {
            self.pre_depth = if closing {
                self.pre_depth.saturating_sub(1)
            } else {
                self.pre_depth + 1
            };
        }
        // Outside code, a span with a class is a part of a component
        // (a card's title and description), not a run of prose.
        let part = name == b"span" && self.code_depth == 0 && (closing || !class.is_empty());
        if part || !inline {
            let target = if self.pre_depth > 0 {
                &mut self.code
            } else {
                &mut self.out
            };
            target.push(' ');
        }
        i
    }

    /// A tag or comment without its end: the body's reading stops there,
    /// and a later piece might have ended it.
    fn stop(&mut self, end: usize) -> usize {
        self.stopped = true;
        self.exact = false;
        end
    }
}

/// Whether the text at the end of a piece has a `&` whose reference the
/// next piece might complete: no `;` after it, and [`decode_into`] would
/// have looked for one (12 bytes) past the piece.
fn ends_in_reference(text: &[u8]) -> bool {
    let tail = &text[text.len().saturating_sub(12)..];
    memchr::memrchr(b'&', tail).is_some_and(|amp| !tail[amp..].contains(&b';'))
}

/// `text` with its character references decoded, added to `out`.
pub(crate) fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(code);
        }
    })
}

/// `text` with each run of white space (as `char::is_whitespace` has it)
/// made one space, and none at either end. Words with one space between
/// them are copied as one run, passed at a table lookup a byte; only other
/// characters than ASCII that can start white space are decoded.
fn collapse(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Where the words being copied start; None in white space.
    let mut copy: Option<usize> = None;
    let mut at = 0;
    while at < bytes.len() {
        let width = space_width(text, at);
        if width == 0 {
            if copy.is_none() {
                if !out.is_empty() {
                    out.push(' ');
                }
                copy = Some(at);
            }
            at = words_end(bytes, at + 1);
            continue;
        }
        let run = at;
        at += width;
        while at < bytes.len() {
            match space_width(text, at) {
                0 => break,
                width => at += width,
            }
        }
        // One space between two words stays in the run being copied.
        let one_space = at - run == 1 && bytes[run] == b' ' && at < bytes.len();
        if !one_space {
            if let Some(start) = copy.take() {
                out.push_str(&text[start..run]);
            }
        }
    }
    if let Some(start) = copy {
        out.push_str(&text[start..]);
    }
    out
}

/// Whether `byte` can start a white-space character: char::is_whitespace's
/// ASCII set (which has the vertical tab), and the first bytes of the
/// others (U+0085 and U+00A0 start with C2, U+1680 with E1, U+2000 to
/// U+205F with E2, U+3000 with E3). A byte inside a character is none.
const fn may_start_space(byte: u8) -> bool {
    matches!(
        byte,
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3
    )
}

/// [`may_start_space`] of every byte.
const MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = may_start_space(byte as u8);
        byte += 1;
    }
    table
};

/// The first byte from `at` that may start white space, passing words and
/// single spaces between them.
fn words_end(bytes: &[u8], mut at: usize) -> usize {
    let ordinary = |at: usize| bytes.get(at).is_some_and(|&b| !MAY_START_SPACE[b as usize]);
    while let Some(&byte) = bytes.get(at) {
        if !MAY_START_SPACE[byte as usize] {
            at += 1;
        } else if byte == b' ' && ordinary(at + 1) {
            at += 2;
        } else {
            break;
        }
    }
    at
}

/// The length of the white-space character at byte `at` of `text` (where
/// a character starts); 0 when there is none.
fn space_width(text: &str, at: usize) -> usize {
    let byte = text.as_bytes()[at];
    if !may_start_space(byte) {
        0
    } else if byte.is_ascii() {
        1
    } else {
        match text[at..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_kept_apart_from_prose() {
        let html = "<p>Set the <code>unit</code> first.</p>\n<pre><code class=\"language-json\"><span class=\"line\">{&quot;unit&quot;: 1}</span>\n</code></pre>\n<p>Then save.</p>";
        assert_eq!(
            prose_and_code(html),
            (
                "Set the unit first. Then save.".to_string(),
                "{\"unit\": 1}".to_string()
            )
        );
        assert_eq!(
            plain_text(html),
            "Set the unit first. {\"unit\": 1} Then save."
        );
    }

    proptest::proptest! {
        /// The byte path collapses white space exactly as `split_whitespace`.
        #[test]
        fn collapse_agrees_with_split_whitespace(
            text in "[a-c \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{a9}\u{e9}\u{1680}\u{1681}\u{2003}\u{2010}\u{2028}\u{202f}\u{205f}\u{3000}\u{3001}\u{5b57}\u{1f600}]{0,40}"
        ) {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse(&text), expected);
        }
    }

    /// Fed in pieces (HTML, text before escaping, block boundaries), the
    /// text is what reading the whole HTML gives.
    #[test]
    fn pieces_read_as_the_whole() {
        let whole = "<p>Use <em>a &amp; b</em></p>\n<pre><code><span class=\"line\">x &lt; 1</span>\n</code></pre><button>Copy <b>it</b></button><p>1 &lt; 2</p><h2 id=\"s\">S<a class=\"heading-anchor\" href=\"#s\">#</a></h2>";
        let mut pieces = PlainText::new(true, 0);
        pieces.boundary();
        pieces.text("Use ");
        pieces.html("<em>");
        pieces.text("a & b");
        pieces.html("</em>");
        pieces.boundary();
        pieces.text("\n");
        pieces.html("<pre><code><span class=\"line\">x &lt; 1</span>\n</code></pre><button>Copy ");
        pieces.html("<b>it</b>");
        pieces.text("skipped");
        pieces.boundary();
        pieces.html("</button>");
        pieces.boundary();
        pieces.text("1 < 2");
        pieces.boundary();
        pieces.html("<h2 id=\"s\">S");
        pieces.html("<a class=\"heading-anchor\" href=\"#s\">#</a></h2>");
        assert!(pieces.is_exact());
        assert_eq!(pieces.finish(), prose_and_code(whole));
    }

    /// A piece that ends where the whole body reads on (inside a tag or a
    /// comment, in a character reference) is not read as the whole.
    #[test]
    fn pieces_cut_inside_a_tag_or_reference_are_not_exact() {
        for (first, second) in [
            ("a <b", "r> c"),
            ("a <!-- x", " --> c"),
            ("a &am", "p; c"),
            ("a &#x4", "1; c"),
        ] {
            let mut pieces = PlainText::new(false, 0);
            pieces.html(first);
            pieces.html(second);
            assert!(!pieces.is_exact(), "{first:?} {second:?}");
        }
        let mut pieces = PlainText::new(false, 0);
        pieces.html("a &amp; b &lt;");
        pieces.html("c");
        assert!(pieces.is_exact());
    }

    #[test]
    fn attributes_are_found_after_white_space_only() {
        assert_eq!(attribute("span class=\"a b\"", "class"), Some("a b"));
        assert_eq!(attribute("a\thref=\"#x\" class=\"c\"", "class"), Some("c"));
        assert_eq!(
            attribute("a data-class=\"x\" class=\"y\"", "class"),
            Some("y")
        );
        assert_eq!(attribute("a subclass=\"x\"", "class"), None);
        assert_eq!(attribute("a class=x", "class"), None);
        assert_eq!(attribute("a class=\"open", "class"), None);
        assert_eq!(attribute("p", "class"), None);
    }

    #[test]
    fn the_longest_names_told_apart_fit_the_buffer() {
        let mut buffer = [0u8; NAME_MAX];
        let noscript = lowercase_name("NOSCRIPT", &mut buffer).unwrap();
        assert!(is_skipped(noscript));
        assert!(is_skipped(lowercase_name("template", &mut buffer).unwrap()));
        assert_eq!(lowercase_name("blockquote", &mut buffer), None);
        let html = "<noscript><p>No</p></noscript><template>T</template><strong>bold</strong>er";
        assert_eq!(plain_text(html), "bolder");
    }

    /// Every white-space character but ASCII starts with a byte that
    /// `space_width` decodes at.
    #[test]
    fn white_space_starts_with_a_byte_looked_at() {
        for c in (char::MIN..=char::MAX).filter(|c| c.is_whitespace() && !c.is_ascii()) {
            let text = c.to_string();
            assert_eq!(space_width(&text, 0), c.len_utf8(), "{c:?}");
        }
    }

    #[test]
    fn element_names_are_read_without_case() {
        let html = "<P>One</P><SPAN>two</SPAN><Script>x</Script><BLOCKQUOTE>three</BLOCKQUOTE>";
        assert_eq!(plain_text(html), "One two three");
    }

    #[test]
    fn tags_entities_and_skipped_elements() {
        let html = "<div class=\"hint\"><p>Use <strong>Save</strong>d &amp; <code>x&lt;y</code></p><button>Copy</button><svg><path d=\"x\"/></svg><ul><li>one</li><li>two</li></ul><!-- a > b --><script>var x = 1;</script>&#x20;end&#35;</div>";
        assert_eq!(plain_text(html), "Use Saved & x<y one two end#");
    }

    #[test]
    fn heading_anchors_are_dropped_and_card_parts_separated() {
        let html = "<h2 id=\"a\">Setup<a class=\"heading-anchor\" href=\"#a\">#</a></h2><a class=\"card\"><span class=\"card-title\">Contacts</span><span class=\"card-description\">Everything</span></a><pre><code><span class=\"k\">fn</span><span class=\"n\">main</span></code></pre>";
        assert_eq!(plain_text(html), "Setup Contacts Everything fnmain");
    }

    #[test]
    fn tables_and_details() {
        let html = "<table><tr><th>Code</th><th>Meaning</th></tr><tr><td>400</td><td>Bad Request</td></tr></table><details><summary>More</summary><p>Hidden 內容</p></details>";
        assert_eq!(
            plain_text(html),
            "Code Meaning 400 Bad Request More Hidden 內容"
        );
    }
}
