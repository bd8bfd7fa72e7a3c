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
    let mut out = String::with_capacity(html.len() / 2);
    let mut code = String::new();
    let mut pre_depth = 0usize;
    let bytes = html.as_bytes();
    let mut i = 0;
    // The element whose content is left out (its name, as long as the
    // name is), and how many of them are open.
    let mut skip: Option<([u8; NAME_MAX], usize)> = None;
    let mut skip_depth = 0usize;
    let mut code_depth = 0usize;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            // memchr: a str search by char costs more per call, and this
            // runs for every tag and every run of text.
            let Some(rel_end) = memchr::memchr(b'>', &bytes[i..]) else {
                break;
            };
            let tag = &html[i + 1..i + rel_end];
            i += rel_end + 1;
            if tag.starts_with('!') || tag.starts_with('?') {
                if tag.starts_with("!--") && !tag.ends_with("--") {
                    // A comment containing `>`: skip to its real end.
                    match html[i..].find("-->") {
                        Some(e) => i += e + 3,
                        None => break,
                    }
                }
                continue;
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
            if let Some((skipped, length)) = &skip {
                if &skipped[..*length] == name {
                    if closing {
                        skip_depth -= 1;
                        if skip_depth == 0 {
                            skip = None;
                        }
                    } else if !tag.ends_with('/') {
                        skip_depth += 1;
                    }
                }
                continue;
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
                    skip = Some((kept, name.len()));
                    skip_depth = 1;
                    continue;
                }
            }
            let pre = name == b"pre";
            if pre || name == b"code" {
                code_depth = if closing {
                    code_depth.saturating_sub(1)
                } else {
                    code_depth + 1
                };
            }
            if split_code && pre {
                pre_depth = if closing {
                    pre_depth.saturating_sub(1)
                } else {
                    pre_depth + 1
                };
            }
            // Outside code, a span with a class is a part of a component
            // (a card's title and description), not a run of prose.
            let part = name == b"span" && code_depth == 0 && (closing || !class.is_empty());
            if part || !inline {
                let target = if pre_depth > 0 { &mut code } else { &mut out };
                target.push(' ');
            }
        } else {
            let next = memchr::memchr(b'<', &bytes[i..]).map_or(html.len(), |n| i + n);
            if skip.is_none() {
                let target = if pre_depth > 0 { &mut code } else { &mut out };
                decode_into(&html[i..next], target);
            }
            i = next;
        }
    }
    (collapse(&out), collapse(&code))
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
