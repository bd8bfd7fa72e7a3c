//! The highlighted code blocks of a body, set aside while lol_html reads
//! the rest. Their coloured `<span class="…">` tags are most of a body's
//! tags (88,000 of 248,000 in bench's 1,000-page space) and the rewrite
//! changes none of them, yet lol_html makes each one a token.
//!
//! A block's content is set aside only when it is text without `<`,
//! `<span class="…">` and `</span>`, balanced, up to `</code>`. Read
//! after a `<code>` start tag, such content leaves the tokenizer where it
//! found it, opens nothing and closes nothing, so the rest of the body
//! reads the same without it. Whether its `<code>` is a start tag (and
//! not text inside a `<textarea>` or a comment a page left open) only
//! lol_html knows: the rewrite confirms each one, else the body is read
//! whole.

use memchr::memmem;
use std::sync::LazyLock;

/// Contents shorter than this stay: the marker would save nothing.
const SHORTEST: usize = 128;

/// What takes a block's content's place: a number drawn once per run
/// keeps it apart from any text a page could bring.
static MARKER: LazyLock<String> = LazyLock::new(|| {
    use std::hash::BuildHasher;
    let nonce = std::collections::hash_map::RandomState::new().hash_one("quire-print-code");
    format!("\u{1}quire-print-code-{nonce:016x}\u{1}")
});

/// A body with its highlighted code set aside.
pub(super) struct SetAside<'a> {
    /// The body, each block's content replaced by the marker.
    pub(super) body: String,
    /// Where each block's `<code …>` start tag ends in `body`, in order.
    pub(super) code_tag_ends: Vec<usize>,
    /// The contents set aside, in order.
    contents: Vec<&'a str>,
}

impl<'a> SetAside<'a> {
    /// `html` with the content of its highlighted code blocks set aside;
    /// `None` when it has none worth it.
    pub(super) fn from(html: &'a str) -> Option<Self> {
        let mut body = String::new();
        let mut code_tag_ends = vec![];
        let mut contents = vec![];
        let mut copied = 0;
        let mut from = 0;
        let finder = memmem::Finder::new("<code");
        while let Some(at) = finder.find(&html.as_bytes()[from..]).map(|i| from + i) {
            from = at + 1;
            let Some(start) = code_start_tag_len(&html[at..]).map(|len| at + len) else {
                continue;
            };
            let Some(len) = highlighted_len(&html[start..]) else {
                continue;
            };
            from = start + len;
            if len < SHORTEST {
                continue;
            }
            body.push_str(&html[copied..start]);
            code_tag_ends.push(body.len());
            body.push_str(&MARKER);
            contents.push(&html[start..start + len]);
            copied = start + len;
        }
        if contents.is_empty() {
            return None;
        }
        body.push_str(&html[copied..]);
        Some(SetAside {
            body,
            code_tag_ends,
            contents,
        })
    }

    /// `rewritten` (the body rewritten) with the contents put back; `None`
    /// when the markers are not all there once.
    pub(super) fn put_back(&self, rewritten: &str) -> Option<String> {
        if rewritten.matches(MARKER.as_str()).count() != self.contents.len() {
            return None;
        }
        let length = self.contents.iter().map(|c| c.len()).sum::<usize>() + rewritten.len();
        let mut out = String::with_capacity(length);
        let mut contents = self.contents.iter();
        for (n, piece) in rewritten.split(MARKER.as_str()).enumerate() {
            if n > 0 {
                out.push_str(contents.next()?);
            }
            out.push_str(piece);
        }
        Some(out)
    }
}

/// The length of the `<code>` or `<code class="…">` start tag at the
/// start of `html`, as quire writes it.
fn code_start_tag_len(html: &str) -> Option<usize> {
    let rest = html.strip_prefix("<code")?;
    if rest.starts_with('>') {
        return Some("<code>".len());
    }
    let value = rest.strip_prefix(" class=\"")?;
    let end = value.find('"')?;
    value[end + 1..]
        .starts_with('>')
        .then_some(html.len() - value.len() + end + "\">".len())
}

/// The length of highlighted code at the start of `html`, up to its
/// `</code>`: text without `<`, `<span class="…">` and `</span>`, each
/// span closed inside; `None` for anything else.
fn highlighted_len(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    loop {
        at += memchr::memchr(b'<', &bytes[at..])?;
        let rest = &html[at..];
        if rest.starts_with("</code>") {
            return (depth == 0).then_some(at);
        }
        if rest.starts_with("</span>") {
            depth = depth.checked_sub(1)?;
            at += "</span>".len();
            continue;
        }
        let value = rest.strip_prefix("<span class=\"")?;
        let end = value.find('"')?;
        if !value[end + 1..].starts_with('>') {
            return None;
        }
        depth += 1;
        at += rest.len() - value.len() + end + "\">".len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "<span class=\"line\"><span class=\"hl-k\">fn</span> main() -&gt; u8 { 1 &amp; 2 }</span>\n<span class=\"line\">x > y</span>\n";

    fn block(class: &str) -> String {
        format!("<pre><code{class}>{}</code></pre>", CODE.repeat(3))
    }

    #[test]
    fn highlighted_blocks_are_set_aside_and_put_back() {
        let html = format!(
            "<p>a</p>{}<p><code>x</code></p>{}",
            block(" class=\"language-rust\""),
            block("")
        );
        let set = SetAside::from(&html).unwrap();
        assert_eq!(set.contents, [CODE.repeat(3), CODE.repeat(3)]);
        let tag = "<pre><code class=\"language-rust\">";
        assert_eq!(set.code_tag_ends[0], "<p>a</p>".len() + tag.len());
        assert!(set.body[set.code_tag_ends[1]..].starts_with(MARKER.as_str()));
        assert_eq!(set.put_back(&set.body).unwrap(), html);
        assert!(set.put_back("<p>a</p>").is_none(), "a marker missing");
        assert!(set
            .put_back(&set.body.replacen(MARKER.as_str(), "", 1))
            .is_none());
    }

    #[test]
    fn anything_but_text_and_balanced_spans_stays() {
        let long = "x".repeat(SHORTEST);
        for content in [
            format!("{long}<b>b</b>"),
            format!("{long}<span class=\"a\" id=\"b\">c</span>"),
            format!("{long}<span>c</span>"),
            format!("{long}</span>"),
            format!("{long}<span class=\"a\">"),
            format!("{long}<!-- c -->"),
            format!("{long}<span class=\"a\">c</span"),
            format!("{long}<textarea>"),
        ] {
            let html = format!("<pre><code>{content}</code></pre>");
            assert!(SetAside::from(&html).is_none(), "{content}");
        }
        for tag in [
            "<code id=\"x\">",
            "<code class='a'>",
            "<code  class=\"a\">",
            "<CODE>",
        ] {
            let html = format!("<pre>{tag}{}</code></pre>", CODE.repeat(3));
            assert!(SetAside::from(&html).is_none(), "{tag}");
        }
        let short = format!("<pre><code>{}</code></pre>", &long[1..]);
        assert!(SetAside::from(&short).is_none(), "too short to pay");
    }
}
