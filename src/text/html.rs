//! Small helpers for the raw HTML GitBook pages contain: find tags, read an
//! attribute, rewrite the URLs in `src`/`href`, escape text.

use std::borrow::Cow;
use std::ops::Range;

/// Escape text for an HTML text node or a double-quoted attribute.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    // Every value of every template passes here: bytes, not chars, and the
    // runs between markup characters copied whole (callgrind).
    let markup = |b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let Some(first) = text.bytes().position(markup) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (at, b) in text.bytes().enumerate().skip(first) {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// An attribute's value in a fragment of HTML: `id="x"`, `id='x'` or `id=x`.
/// The name must stand alone (`data-id` does not match `id`).
pub(crate) fn attribute(html: &str, name: &str) -> Option<String> {
    valued_attributes(html)
        .find(|a| a.name.eq_ignore_ascii_case(name))
        .map(|a| html[a.value].to_string())
}

/// Whether a tag carries an attribute, with or without a value
/// (`<th data-hidden>`).
pub(crate) fn has_attribute(tag: &str, name: &str) -> bool {
    attributes(tag).any(|a| a.name.eq_ignore_ascii_case(name))
}

/// An attribute's value with its character references decoded and white
/// space folded: the text an author meant (`label="R&amp;D"` is `R&D`).
pub(crate) fn attribute_text(tag: &str, name: &str) -> Option<String> {
    let value = attribute_value(tag, name)?;
    Some(value.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// An attribute's value with its character references decoded and nothing
/// else changed: a URL keeps the spaces of the file name it names
/// (GitBook writes `vault  van gogh style.png` with both).
pub(crate) fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let value = attribute(tag, name)?;
    let mut text = String::with_capacity(value.len());
    crate::text::plain::decode_into(&value, &mut text);
    Some(text)
}

/// The text of an HTML fragment: tags dropped, references decoded, white
/// space folded (the search index's reading of it).
pub(crate) fn plain_text(html: &str) -> String {
    crate::text::plain::plain_text(html)
}

/// Every `id` attribute in a fragment of HTML.
pub(crate) fn ids(html: &str) -> impl Iterator<Item = &str> {
    valued_attributes(html)
        .filter(|a| a.name.eq_ignore_ascii_case("id"))
        .map(move |a| &html[a.value])
}

/// One tag of an HTML fragment, found by [`tags`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagToken<'a> {
    /// The element name as written; compare with [`TagToken::is`].
    pub name: &'a str,
    /// `</name>` rather than `<name …>`.
    pub closing: bool,
    /// Where the whole tag, `<` to `>`, stands in the fragment.
    pub range: Range<usize>,
}

impl TagToken<'_> {
    /// An opening tag of this element, whatever its case.
    pub(crate) fn opens(&self, name: &str) -> bool {
        !self.closing && self.name.eq_ignore_ascii_case(name)
    }

    /// A closing tag of this element, whatever its case.
    pub(crate) fn closes(&self, name: &str) -> bool {
        self.closing && self.name.eq_ignore_ascii_case(name)
    }
}

/// The tags of an HTML fragment in order, skipping comments and text. A `<`
/// that starts no tag is text; a tag left open at the end ends the scan.
pub(crate) fn tags(html: &str) -> impl Iterator<Item = TagToken<'_>> {
    let bytes = html.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = html.get(i..)?.find('<') {
            let start = i + offset;
            if html[start..].starts_with("<!--") {
                i = html[start + 4..].find("-->").map(|e| start + 4 + e + 3)?;
                continue;
            }
            let closing = bytes.get(start + 1) == Some(&b'/');
            let name_start = start + 1 + usize::from(closing);
            if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                i = start + 1;
                continue;
            }
            let mut name_end = name_start;
            while bytes.get(name_end).is_some_and(|&b| is_name_byte(b)) {
                name_end += 1;
            }
            let end = tag_end(bytes, name_end)?;
            i = end;
            return Some(TagToken {
                name: &html[name_start..name_end],
                closing,
                range: start..end,
            });
        }
        None
    })
}

/// Just past the `>` that ends a tag whose name ends at `from`; quoted
/// attribute values may hold `>`.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The end of the element whose opening tag is `open`: the range of its
/// matching closing tag, counting nested elements of the same name.
pub(crate) fn matching_close(html: &str, open: &TagToken) -> Option<Range<usize>> {
    let mut depth = 0usize;
    for tag in tags(html.get(open.range.end..)?) {
        if tag.opens(open.name) {
            depth += 1;
        } else if tag.closes(open.name) {
            if depth == 0 {
                let at = open.range.end;
                return Some(at + tag.range.start..at + tag.range.end);
            }
            depth -= 1;
        }
    }
    None
}

/// Each tag of a fragment replaced where `replace` returns a new text for it
/// (it is given the tag's text and token); everything else is kept.
pub(crate) fn map_tags<'h>(
    html: &'h str,
    mut replace: impl FnMut(&str, &TagToken) -> Option<String>,
) -> Cow<'h, str> {
    let mut out = String::new();
    let mut copied = 0;
    for token in tags(html) {
        if let Some(new) = replace(&html[token.range.clone()], &token) {
            out.push_str(&html[copied..token.range.start]);
            out.push_str(&new);
            copied = token.range.end;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// An opening tag with `class` added to its class list.
pub(crate) fn with_class(tag: &str, class: &str) -> String {
    if let Some(attr) = valued_attributes(tag).find(|a| a.name.eq_ignore_ascii_case("class")) {
        let (before, after) = tag.split_at(attr.value.end);
        let sep = if attr.value.is_empty() { "" } else { " " };
        return format!("{before}{sep}{class}{after}");
    }
    with_attributes(tag, &format!("class=\"{class}\""))
}

/// An opening tag with more attributes (`extra`, already escaped) at its end.
pub(crate) fn with_attributes(tag: &str, extra: &str) -> String {
    let end = tag
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim_end()
        .len();
    format!("{} {extra}{}", &tag[..end], &tag[end..])
}

/// How a URL attribute is used, which decides what is done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlUse {
    /// `href`: resolved to the output path of the page or file it names.
    Href,
    /// `src` and the candidates of `srcset`: resolved like `href`.
    Source,
    /// Every other attribute of HTML or SVG that holds a URL: only checked,
    /// so that none runs a script.
    Other,
}

/// What becomes of one URL attribute in [`rewrite_urls`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UrlEdit {
    Keep,
    Replace(String),
    /// The attribute goes (a link that leads nowhere loses its `href`).
    Remove,
}

/// Attributes whose value is one URL, beyond `href` and `src`: every place
/// of the HTML standard (and SVG's `xlink:href`) where a script URL could
/// be followed or loaded.
const OTHER_URL_ATTRIBUTES: &[&str] = &[
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "cite",
    "background",
    "codebase",
    "longdesc",
    "manifest",
    "icon",
    "lowsrc",
    "dynsrc",
];

/// Rewrite the URL of every URL-bearing attribute; `rewrite` is given the
/// value as written (character references not yet decoded) and how it is
/// used. A list of URLs (`srcset`, `ping`) never loses a candidate.
pub(crate) fn rewrite_urls(
    html: &str,
    mut rewrite: impl FnMut(&str, UrlUse) -> UrlEdit,
) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    for attr in valued_attributes(html) {
        let value = &html[attr.value.clone()];
        let is = |names: &[&str]| names.iter().any(|n| attr.name.eq_ignore_ascii_case(n));
        let edit = if is(&["srcset", "imagesrcset"]) {
            rewrite_srcset(value, |url| rewrite(url, UrlUse::Source))
        } else if is(&["src"]) {
            rewrite(value, UrlUse::Source)
        } else if is(&["href"]) {
            rewrite(value, UrlUse::Href)
        } else if is(OTHER_URL_ATTRIBUTES) {
            rewrite(value, UrlUse::Other)
        } else if is(&["ping"]) {
            rewrite_ping(value, |url| rewrite(url, UrlUse::Other))
        } else {
            continue;
        };
        match edit {
            UrlEdit::Keep => {}
            UrlEdit::Replace(new) => {
                out.push_str(&html[copied..attr.value.start]);
                out.push_str(&escape(&new));
                copied = attr.value.end;
            }
            UrlEdit::Remove => {
                let whole = attr.whole(html);
                // With the white space before it, so the tag stays tidy.
                let start = html[..whole.start].trim_end().len().max(copied);
                out.push_str(&html[copied..start]);
                copied = whole.end;
            }
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// `ping="a b"`: URLs apart by white space, each checked.
fn rewrite_ping(value: &str, mut rewrite: impl FnMut(&str) -> UrlEdit) -> UrlEdit {
    let mut changed = false;
    let urls: Vec<String> = value
        .split_ascii_whitespace()
        .map(|url| match rewrite(url) {
            UrlEdit::Replace(new) => {
                changed = true;
                new
            }
            UrlEdit::Keep | UrlEdit::Remove => url.to_string(),
        })
        .collect();
    match changed {
        true => UrlEdit::Replace(urls.join(" ")),
        false => UrlEdit::Keep,
    }
}

/// An attribute's value with its character references decoded exactly as
/// a browser decodes them (every named reference, numeric ones with or
/// without `;`), so that checks see the URL the browser will follow.
pub(crate) fn decode_attribute(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    htmlize::unescape_attribute(value)
}

/// GitBook colour tokens in inline styles (`<mark style="color:$primary">`)
/// become the theme's CSS variables.
pub(crate) fn theme_color_tokens(html: &str) -> Cow<'_, str> {
    if !html.contains('$') || !html.contains("style") {
        return Cow::Borrowed(html);
    }
    let mut out = html.to_string();
    for token in ["primary", "info", "success", "warning", "danger", "neutral"] {
        out = out.replace(&format!("${token}"), &format!("var(--token-{token})"));
    }
    Cow::Owned(out)
}

/// GitBook's HTML form of a code block, `<pre class="language-x" data-title
/// data-line-numbers data-overflow="wrap"><code>…</code></pre>` (lines in
/// `<strong>` emphasised), turned into quire's code block markup.
pub(crate) fn gitbook_pre(html: &str) -> Option<String> {
    let trimmed = html.trim();
    let open_end = trimmed.strip_prefix("<pre")?.find('>')? + 4;
    let open = &trimmed[..=open_end];
    let rest = trimmed[open_end + 1..].strip_prefix("<code")?;
    let inner_start = rest.find('>')? + 1;
    let inner_end = rest.rfind("</code>")?;
    if !rest[inner_end..].trim_end().ends_with("</pre>") || inner_end < inner_start {
        return None;
    }
    let inner = &rest[inner_start..inner_end];
    let language = attribute(open, "class").and_then(|c| {
        c.split_whitespace()
            .find_map(|w| w.strip_prefix("language-").map(str::to_string))
    });
    let mut classes = String::from("code-block");
    if open.contains("data-line-numbers") {
        classes.push_str(" line-numbers");
    }
    if attribute(open, "data-overflow").as_deref() == Some("wrap") {
        classes.push_str(" wrap");
    }
    if attribute(open, "data-expandable").as_deref() == Some("true") {
        classes.push_str(" expandable");
    }
    let mut out = format!("<div class=\"{classes}\">\n");
    if let Some(title) = attribute(open, "data-title").filter(|t| !t.is_empty()) {
        out.push_str(&format!("<div class=\"code-title\">{title}</div>\n"));
    }
    out.push_str("<pre><code");
    if let Some(language) = language {
        out.push_str(&format!(" class=\"language-{}\"", escape(&language)));
    }
    out.push('>');
    // GitBook closes an emphasised line after its newline (`<strong>a\n</strong>b`);
    // each line's span must hold balanced tags, so emphasis is closed and
    // reopened at line ends.
    let inner = inner.replace("\n</strong>", "</strong>\n");
    let mut strong_open = false;
    for line in inner.strip_suffix('\n').unwrap_or(&inner).split('\n') {
        let mut text = String::new();
        if strong_open {
            text.push_str("<strong>");
        }
        text.push_str(line);
        strong_open = text.matches("<strong>").count() > text.matches("</strong>").count();
        if strong_open {
            text.push_str("</strong>");
        }
        let emphasis = text.starts_with("<strong>") && text.ends_with("</strong>");
        out.push_str(if emphasis {
            "<span class=\"line emphasis\">"
        } else {
            "<span class=\"line\">"
        });
        out.push_str(&text);
        out.push_str("</span>\n");
    }
    out.push_str("</code></pre>\n</div>\n");
    Some(out)
}

/// `srcset="a.png 1x, b.png 2x"`: each candidate's URL rewritten (a
/// candidate is never removed).
fn rewrite_srcset(value: &str, mut rewrite: impl FnMut(&str) -> UrlEdit) -> UrlEdit {
    let mut changed = false;
    let candidates: Vec<String> = srcset_candidates(value)
        .into_iter()
        .map(|(url, descriptor)| {
            let url = match rewrite(url) {
                UrlEdit::Replace(new) => {
                    changed = true;
                    new
                }
                UrlEdit::Keep | UrlEdit::Remove => url.to_string(),
            };
            match descriptor {
                Some(d) => format!("{url} {d}"),
                None => url,
            }
        })
        .collect();
    match changed {
        true => UrlEdit::Replace(candidates.join(", ")),
        false => UrlEdit::Keep,
    }
}

/// The (URL, descriptor) candidates of a `srcset`, read tolerantly: GitBook
/// writes file names with spaces unencoded (`…/Premium Badge Dark.png`), so
/// a URL runs up to a trailing descriptor (` 2x`, ` 300w`) or to a comma
/// followed by white space, not to the first space as the HTML spec reads it.
fn srcset_candidates(value: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = vec![];
    let mut start = 0;
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends_candidate = b == b','
            && (bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace)
                || ends_with_descriptor(&value[start..i]));
        if ends_candidate {
            out.extend(srcset_candidate(&value[start..i]));
            start = i + 1;
        }
    }
    out.extend(srcset_candidate(&value[start..]));
    out
}

/// One candidate: its URL and, after white space, its descriptor if any.
fn srcset_candidate(candidate: &str) -> Option<(&str, Option<&str>)> {
    let candidate = candidate.trim();
    if candidate.is_empty() {
        return None;
    }
    match candidate.rsplit_once(|c: char| c.is_ascii_whitespace()) {
        Some((url, last)) if is_descriptor(last) => Some((url.trim_end(), Some(last))),
        _ => Some((candidate, None)),
    }
}

fn ends_with_descriptor(candidate: &str) -> bool {
    let candidate = candidate.trim_end();
    candidate
        .rsplit_once(|c: char| c.is_ascii_whitespace())
        .is_some_and(|(_, last)| is_descriptor(last))
}

/// `2x`, `1.5x`, `300w`, `200h`: a number and its unit.
fn is_descriptor(word: &str) -> bool {
    let Some(number) = word.strip_suffix(['x', 'w', 'h']).filter(|n| !n.is_empty()) else {
        return false;
    };
    number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().any(|b| b.is_ascii_digit())
}

struct Attr<'a> {
    name: &'a str,
    /// Where the name starts.
    start: usize,
    value: Range<usize>,
    /// Written without a value (`<th data-hidden>`).
    bare: bool,
}

impl Attr<'_> {
    /// The whole attribute, name to closing quote.
    fn whole(&self, html: &str) -> Range<usize> {
        let bytes = html.as_bytes();
        let opening = self.value.start.checked_sub(1).map(|i| bytes[i]);
        let quoted =
            matches!(opening, Some(b'"' | b'\'')) && bytes.get(self.value.end) == opening.as_ref();
        self.start..self.value.end + usize::from(quoted)
    }
}

fn valued_attributes(html: &str) -> impl Iterator<Item = Attr<'_>> {
    attributes(html).filter(|a| !a.bare)
}

/// Attributes `name=value` inside tags of an HTML fragment. Tolerant: it
/// never fails, it just finds fewer attributes in odd markup.
fn attributes(html: &str) -> impl Iterator<Item = Attr<'_>> {
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut in_tag = false;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            if !in_tag {
                if b == b'<' && bytes.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
                    in_tag = true;
                    // Skip the tag name, which ends where a browser ends it:
                    // `<a/href=…>` has an `href`.
                    i += 1;
                    while i < bytes.len()
                        && !bytes[i].is_ascii_whitespace()
                        && !matches!(bytes[i], b'>' | b'/')
                    {
                        i += 1;
                    }
                    continue;
                }
                i += 1;
                continue;
            }
            if b == b'>' {
                in_tag = false;
                i += 1;
                continue;
            }
            if !is_name_byte(b) {
                i += 1;
                continue;
            }
            let name_start = i;
            while i < bytes.len() && is_name_byte(bytes[i]) {
                i += 1;
            }
            let name = &html[name_start..i];
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                return Some(Attr {
                    name,
                    start: name_start,
                    value: i..i,
                    bare: true,
                });
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let value = match bytes.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let start = j + 1;
                    let end = html[start..]
                        .find(q as char)
                        .map_or(html.len(), |e| start + e);
                    i = (end + 1).min(html.len());
                    start..end
                }
                Some(_) => {
                    let start = j;
                    let mut end = j;
                    while end < bytes.len()
                        && !bytes[end].is_ascii_whitespace()
                        && bytes[end] != b'>'
                    {
                        end += 1;
                    }
                    i = end;
                    start..end
                }
                None => return None,
            };
            return Some(Attr {
                name,
                start: name_start,
                value,
                bare: false,
            });
        }
        None
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_in_all_quotings() {
        assert_eq!(
            attribute(r##"<a href="#x" id="x"></a>"##, "id").as_deref(),
            Some("x")
        );
        assert_eq!(attribute("<a id='y'>", "id").as_deref(), Some("y"));
        assert_eq!(attribute("<a id=z>", "id").as_deref(), Some("z"));
        assert_eq!(attribute(r#"<div data-id="no">"#, "id"), None);
        assert_eq!(attribute("id=\"text outside a tag\"", "id"), None);
        let all: Vec<_> = ids(r#"<h2 id="a"><span id="b">t</span></h2>"#).collect();
        assert_eq!(all, ["a", "b"]);
    }

    #[test]
    fn rewrites_src_and_href_only() {
        let html = r#"<figure><img src=".gitbook/assets/a b.png" alt="x"><a href="https://e.com" title="t">"#;
        let out = rewrite_urls(html, |u, _| match u.strip_prefix('.') {
            Some(rest) => UrlEdit::Replace(rest.replace(' ', "%20")),
            None => UrlEdit::Keep,
        });
        assert_eq!(
            out,
            r#"<figure><img src="gitbook/assets/a%20b.png" alt="x"><a href="https://e.com" title="t">"#
        );
    }

    #[test]
    fn reads_attributes_after_a_slash_as_browsers_do() {
        let html = r#"<a/href="x.md">a</a><img/src=y.png>"#;
        let seen: Vec<String> = valued_attributes(html)
            .map(|a| format!("{}={}", a.name, &html[a.value]))
            .collect();
        assert_eq!(seen, ["href=x.md", "src=y.png"]);
    }

    #[test]
    fn checks_every_url_attribute_and_says_how_it_is_used() {
        let html = r#"<form action="a" data-x="no"><object data="b"></object><a ping="c d" href="e" title="f"></a><img imagesrcset="g 2x">"#;
        let mut seen = vec![];
        rewrite_urls(html, |u, used| {
            seen.push(format!("{u}:{used:?}"));
            UrlEdit::Keep
        });
        assert_eq!(
            seen,
            ["a:Other", "b:Other", "c:Other", "d:Other", "e:Href", "g:Source"]
        );
    }

    #[test]
    fn character_references_decode_as_in_a_browser() {
        for (written, read) in [
            ("&#106;avascript:", "javascript:"),
            ("java&#x09;script:", "java\tscript:"),
            ("javascript&colon;", "javascript:"),
            ("jav&NewLine;ascript:", "jav\nascript:"),
            ("&#0000106avascript:", "javascript:"),
            ("a.md?x=1&amp;y=2", "a.md?x=1&y=2"),
            // A legacy name without `;` before `=` stays, as in a browser.
            ("a.md?x=1&copy=2", "a.md?x=1&copy=2"),
        ] {
            assert_eq!(decode_attribute(written), read, "{written}");
        }
    }

    #[test]
    fn rewrites_each_srcset_candidate() {
        let html = r#"<source media="(prefers-color-scheme: dark)" srcset=".gitbook/a.svg, .gitbook/b.svg 2x">"#;
        let out = rewrite_urls(html, |u, _| strip_dot(u));
        assert_eq!(
            out,
            r#"<source media="(prefers-color-scheme: dark)" srcset="gitbook/a.svg, gitbook/b.svg 2x">"#
        );
    }

    fn strip_dot(url: &str) -> UrlEdit {
        match url.strip_prefix('.') {
            Some(rest) => UrlEdit::Replace(rest.to_string()),
            None => UrlEdit::Keep,
        }
    }

    #[test]
    fn srcset_urls_keep_the_spaces_gitbook_writes() {
        assert_eq!(
            srcset_candidates("../.gitbook/assets/Premium Badge Dark.png"),
            [("../.gitbook/assets/Premium Badge Dark.png", None)]
        );
        assert_eq!(
            srcset_candidates("a b (1).svg 2x, c d.png 300w,e.png 1.5x,f,g.png"),
            [
                ("a b (1).svg", Some("2x")),
                ("c d.png", Some("300w")),
                ("e.png", Some("1.5x")),
                ("f,g.png", None),
            ]
        );
        assert_eq!(
            srcset_candidates(" a.png , b 2x.png "),
            [("a.png", None), ("b 2x.png", None)]
        );
        let html = r#"<source srcset=".gitbook/Premium Badge.png, .gitbook/x y.png 2x">"#;
        assert_eq!(
            rewrite_urls(html, |u, _| strip_dot(u)),
            r#"<source srcset="gitbook/Premium Badge.png, gitbook/x y.png 2x">"#
        );
    }

    #[test]
    fn a_removed_url_takes_its_attribute_along() {
        let html = r#"<a class="button" href="/broken/pages/x" data-icon=a>Go</a><a href='y'>y</a><a href=z>"#;
        let out = rewrite_urls(html, |u, used| match (used, u) {
            (UrlUse::Href, "/broken/pages/x" | "y" | "z") => UrlEdit::Remove,
            _ => UrlEdit::Keep,
        });
        assert_eq!(out, r#"<a class="button" data-icon=a>Go</a><a>y</a><a>"#);
    }

    #[test]
    fn attribute_values_keep_their_spaces() {
        let tag = r#"<a href=".gitbook/assets/vault  van gogh&#x26;co.png">"#;
        assert_eq!(
            attribute_value(tag, "href").as_deref(),
            Some(".gitbook/assets/vault  van gogh&co.png")
        );
        assert_eq!(
            attribute_text(tag, "href").as_deref(),
            Some(".gitbook/assets/vault van gogh&co.png")
        );
    }

    fn names(html: &str) -> Vec<String> {
        tags(html)
            .map(|t| format!("{}{}", if t.closing { "/" } else { "" }, t.name))
            .collect()
    }

    #[test]
    fn scans_tags_in_any_case_and_quoting() {
        let html = r#"<TD class='a>b' data-x=y>1 < 2<!-- <td> --></Td><br/>"#;
        assert_eq!(names(html), ["TD", "/Td", "br"]);
        let first = tags(html).next().unwrap();
        assert!(first.opens("td") && !first.closes("td"));
        assert_eq!(&html[first.range], "<TD class='a>b' data-x=y>");
    }

    #[test]
    fn stops_at_a_tag_left_open() {
        assert_eq!(names(r#"<p>a</p><a href="never closed>"#), ["p", "/p"]);
        assert_eq!(names("<!-- unterminated <b>"), Vec::<String>::new());
        assert_eq!(names("a <3 and </ b>"), Vec::<String>::new());
    }

    #[test]
    fn finds_the_matching_close_past_nested_elements() {
        let html = "<div><div>in</div><DIV>x</DIV></div>tail";
        let open = tags(html).next().unwrap();
        let close = matching_close(html, &open).unwrap();
        assert_eq!(&html[close.end..], "tail");
        assert_eq!(
            matching_close("<div><div></div>", &tags("<div>").next().unwrap()),
            None
        );
    }

    #[test]
    fn attribute_text_is_decoded() {
        let tag = r#"<option label="R&#x26;D &amp; &lt;ops&gt;  &#39;q&#39;">"#;
        assert_eq!(
            attribute_text(tag, "label").as_deref(),
            Some("R&D & <ops> 'q'")
        );
    }

    #[test]
    fn reads_bare_attributes_and_adds_classes() {
        assert!(has_attribute(
            "<th data-hidden data-type=\"files\">",
            "data-hidden"
        ));
        assert!(!has_attribute("<th data-hiddenx>", "data-hidden"));
        assert_eq!(attribute("<th data-hidden>", "data-hidden"), None);
        assert_eq!(with_class("<td>", "n"), r#"<td class="n">"#);
        assert_eq!(with_class("<td class='a'>", "n"), "<td class='a n'>");
        assert_eq!(with_class(r#"<td class="">"#, "n"), r#"<td class="n">"#);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("«l'été» <&>"), "«l&#39;été» &lt;&amp;&gt;");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
    }
}
