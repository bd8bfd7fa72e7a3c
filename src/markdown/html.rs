//! Small helpers for the raw HTML GitBook pages contain: read an attribute,
//! rewrite the URLs in `src`/`href`, escape text.

use std::borrow::Cow;

/// Escape text for an HTML text node or a double-quoted attribute.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An attribute's value in a fragment of HTML: `id="x"`, `id='x'` or `id=x`.
/// The name must stand alone (`data-id` does not match `id`).
pub fn attribute(html: &str, name: &str) -> Option<String> {
    attributes(html)
        .find(|a| a.name.eq_ignore_ascii_case(name))
        .map(|a| html[a.value].to_string())
}

/// Every `id` attribute in a fragment of HTML.
pub fn ids(html: &str) -> impl Iterator<Item = &str> {
    attributes(html)
        .filter(|a| a.name.eq_ignore_ascii_case("id"))
        .map(move |a| &html[a.value])
}

/// Rewrite the URL of every `src` and `href` attribute; `rewrite` returns
/// `None` to keep a URL as it is.
pub fn rewrite_urls(html: &str, mut rewrite: impl FnMut(&str) -> Option<String>) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    for attr in attributes(html) {
        let is_url = ["src", "href"]
            .iter()
            .any(|n| attr.name.eq_ignore_ascii_case(n));
        if !is_url {
            continue;
        }
        if let Some(new) = rewrite(&html[attr.value.clone()]) {
            out.push_str(&html[copied..attr.value.start]);
            out.push_str(&escape(&new));
            copied = attr.value.end;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

struct Attr<'a> {
    name: &'a str,
    value: std::ops::Range<usize>,
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
                    // Skip the tag name.
                    i += 1;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
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
                continue;
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
            return Some(Attr { name, value });
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
        let out = rewrite_urls(html, |u| {
            u.strip_prefix('.').map(|rest| rest.replace(' ', "%20"))
        });
        assert_eq!(
            out,
            r#"<figure><img src="gitbook/assets/a%20b.png" alt="x"><a href="https://e.com" title="t">"#
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
    }
}
