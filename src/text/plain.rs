//! Plain text of rendered body HTML, in one linear pass.

/// Elements whose boundaries do not separate words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Elements whose content is not text a reader searches for.
const SKIPPED: &[&str] = &["script", "style", "svg", "template", "button", "noscript"];

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
    let mut skip: Option<&str> = None;
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
                .find(|c: char| c.is_ascii_whitespace() || c == '/')
                .unwrap_or(name_part.len());
            // Lowercased on the stack: no allocation per tag. A longer name
            // is none this function treats apart (a block boundary).
            let mut buffer = [0u8; NAME_MAX];
            let name = lowercase_name(&name_part[..name_end], &mut buffer).unwrap_or(b"");
            let is = |known: &str| known.as_bytes() == name;
            if let Some(s) = skip {
                if is(s) {
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
            let class = if closing {
                ""
            } else {
                attribute(tag, "class").unwrap_or("")
            };
            if !closing && !tag.ends_with('/') {
                let skipped = SKIPPED.iter().find(|s| is(s)).copied().or_else(|| {
                    class
                        .split_ascii_whitespace()
                        .any(|c| SKIPPED_CLASSES.contains(&c))
                        .then(|| INLINE.iter().find(|s| is(s)).copied())
                        .flatten()
                });
                if let Some(s) = skipped {
                    skip = Some(s);
                    skip_depth = 1;
                    continue;
                }
            }
            if is("code") || is("pre") {
                code_depth = if closing {
                    code_depth.saturating_sub(1)
                } else {
                    code_depth + 1
                };
            }
            if split_code && is("pre") {
                pre_depth = if closing {
                    pre_depth.saturating_sub(1)
                } else {
                    pre_depth + 1
                };
            }
            // Outside code, a span with a class is a part of a component
            // (a card's title and description), not a run of prose.
            let part = is("span") && code_depth == 0 && (closing || !class.is_empty());
            if part || !INLINE.iter().any(|s| is(s)) {
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
/// made one space, and none at either end. ASCII is looked at byte by
/// byte; only other characters are decoded.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut word: Option<usize> = None;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let (space, width) = if byte.is_ascii() {
            // char::is_whitespace's ASCII set, which has the vertical tab.
            (
                matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '),
                1,
            )
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if !space && word.is_none() {
            word = Some(at);
        } else if space {
            if let Some(start) = word.take() {
                push_word(&mut out, &text[start..at]);
            }
        }
        at += width;
    }
    if let Some(start) = word {
        push_word(&mut out, &text[start..]);
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
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
            text in "[a-c \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{e9}\u{2003}\u{3000}\u{5b57}\u{1f600}]{0,40}"
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
    fn the_name_lists_fit_the_lookups() {
        let longest = INLINE.iter().chain(SKIPPED).map(|n| n.len()).max();
        assert_eq!(longest, Some(NAME_MAX));
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
