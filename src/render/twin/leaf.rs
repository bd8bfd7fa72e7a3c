//! A Markdown run of a page, copied into its twin with a few edits.
//!
//! pulldown-cmark finds what to change and where (byte ranges of the run);
//! everything else is copied as the author wrote it:
//!
//! - inline links and images, and reference definitions: the destination
//!   becomes the twin's href (`TwinWriter::href`);
//! - raw HTML: `href`/`src` resolved the same way, script URLs neutralised;
//! - `<code class="expression">space.vars.x</code>`: the value;
//! - `<details>`, `<summary>T</summary>`, `</details>` on lines of their own:
//!   the summary as a bold line, the frame dropped;
//! - a `{%` in text (a tag GitBook's syntax did not accept): escaped, so no
//!   reader takes it for a tag.

use super::TwinWriter;
use crate::gitbook::Text;
use crate::gitbook::OPTIONS;
use crate::text::html::{self, UrlEdit, UrlUse};
use crate::text::url;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// One change to the run: the bytes at `range` become `with`.
struct Edit {
    range: Range<usize>,
    with: String,
}

/// A link or image open while the run is read.
struct OpenLink {
    start: usize,
    dest: String,
    is_image: bool,
    inline: bool,
    mention: bool,
    /// Where the last event inside it ended: its text ends there.
    inner_end: usize,
}

/// The run `text` of the current document, edited for the twin. The page's
/// title heading is left out (the twin starts with it).
pub(super) fn rewrite(writer: &mut TwinWriter<'_>, text: &Text) -> String {
    let text = without_title(writer, text);
    let source = text.source(writer.doc.body());
    if !may_need_edits(&source) {
        return source.into_owned();
    }
    let edits = edits(writer, &text, &source);
    apply(&source, edits)
}

/// Every edit starts at a `[` (links, images, definitions), a `<` (HTML,
/// expressions) or a `{%`: a run with none of them is copied as it is,
/// without a parse. Most runs are plain prose and lists, and the parse
/// was a tenth of a warm build's instructions.
fn may_need_edits(source: &str) -> bool {
    source.bytes().any(|b| b == b'[' || b == b'<') || source.contains("{%")
}

fn without_title(writer: &TwinWriter<'_>, text: &Text) -> Text {
    let title_end = writer
        .doc
        .title_end
        .filter(|_| std::ptr::eq(writer.doc, writer.page));
    match title_end {
        Some(end) if text.span.start < end && end <= text.span.end && text.dedent == 0 => Text {
            span: end..text.span.end,
            dedent: 0,
        },
        _ => text.clone(),
    }
}

fn edits(writer: &mut TwinWriter<'_>, text: &Text, source: &str) -> Vec<Edit> {
    let mut edits = vec![];
    let mut open: Vec<OpenLink> = vec![];
    let mut expression: Option<(usize, String)> = None;
    let mut in_code_block = false;
    let mut parser = Parser::new_ext(source, OPTIONS).into_offset_iter();
    for (event, range) in parser.by_ref() {
        let closes_link = matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        if let Some(link) = open.last_mut().filter(|_| !closes_link) {
            link.inner_end = link.inner_end.max(range.end);
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => open.push(OpenLink {
                start: range.start,
                dest: dest_url.to_string(),
                is_image: false,
                inline: link_type == LinkType::Inline,
                mention: &*title == "mention",
                inner_end: range.start + 1,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => open.push(OpenLink {
                start: range.start,
                dest: dest_url.to_string(),
                is_image: true,
                inline: link_type == LinkType::Inline,
                mention: false,
                inner_end: range.start + 2,
            }),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(link) = open.pop() {
                    edits.extend(link_edit(writer, source, &link, range.end));
                }
                if let Some(outer) = open.last_mut() {
                    outer.inner_end = outer.inner_end.max(range.end);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::InlineHtml(h) if crate::markdown::is_expression_open(&h) => {
                expression = Some((range.start, String::new()));
            }
            Event::InlineHtml(h) if expression.is_some() && h.trim() == "</code>" => {
                if let Some((start, name)) = expression.take() {
                    let name = name.trim();
                    // Past the page's budget, as on the page: the name.
                    let value = crate::markdown::expression_value(writer.site, writer.page, name)
                        .filter(|v| crate::markdown::fits_added_text(&mut writer.included_bytes, v))
                        .unwrap_or_else(|| name.to_string());
                    edits.push(Edit {
                        range: start..range.end,
                        with: escape_inline(&value),
                    });
                }
            }
            Event::Text(t) if expression.is_some() => {
                if let Some((_, name)) = &mut expression {
                    name.push_str(&t);
                }
            }
            Event::Code(t) if expression.is_some() => {
                if let Some((_, name)) = &mut expression {
                    name.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                edits.extend(html_edit(writer, text, &h, range));
            }
            Event::Text(_) if !in_code_block => edits.extend(tag_escapes(source, range)),
            _ => {}
        }
    }
    for (_, definition) in parser.reference_definitions().iter() {
        edits.extend(definition_edit(
            writer,
            source,
            &definition.dest,
            &definition.span,
        ));
    }
    edits
}

/// An inline link's or image's destination, in the twin's terms; a
/// mention (`[page.md](page.md "mention")`) also gets the page's title.
fn link_edit(writer: &TwinWriter<'_>, source: &str, link: &OpenLink, end: usize) -> Option<Edit> {
    if !link.inline {
        return None;
    }
    let href = writer.href(&link.dest, link.is_image)?;
    let dest = inline_destination(source, link.inner_end, end)?;
    if link.mention {
        if let Some(title) = mention_title(writer, &link.dest) {
            return Some(Edit {
                range: link.start..end,
                with: self::link(&title, &href),
            });
        }
    }
    Some(Edit {
        range: dest,
        with: destination(&href),
    })
}

/// The title a mention shows: the page's, or its heading's for an anchor.
fn mention_title(writer: &TwinWriter<'_>, dest: &str) -> Option<String> {
    let crate::markdown::links::Resolved::Href {
        page: Some(page),
        anchor,
        ..
    } = crate::markdown::links::resolve(dest, writer.doc, &writer.twin, writer.site)
    else {
        return None;
    };
    let target = &writer.site.pages[page];
    let heading = anchor.and_then(|a| target.headings.iter().find(|h| h.id == a));
    Some(heading.map_or(&target.title, |h| &h.text).clone())
}

/// Where the destination of an inline link is: after the `](` that follows
/// its text (which ends at `text_end`), before its title or `)`.
fn inline_destination(source: &str, text_end: usize, end: usize) -> Option<Range<usize>> {
    let within = source.get(text_end.min(end)..end)?;
    let open = within.find("](")? + text_end + 2;
    let rest = &source[open..end];
    let lead = rest.len() - rest.trim_start().len();
    let start = open + lead;
    let rest = &source[start..end];
    let len = if rest.starts_with('<') {
        rest.find('>')? + 1
    } else {
        rest.find(char::is_whitespace)
            .unwrap_or(rest.len().saturating_sub(1))
    };
    Some(start..start + len)
}

/// A reference definition's destination (`[label]: dest "title"`).
fn definition_edit(
    writer: &TwinWriter<'_>,
    source: &str,
    dest: &str,
    span: &Range<usize>,
) -> Option<Edit> {
    let href = writer.href(dest, false)?;
    let written = source.get(span.clone())?;
    let colon = written.find("]:")? + 2;
    let rest = &written[colon..];
    let start = colon + rest.len() - rest.trim_start().len();
    let rest = &written[start..];
    let len = if rest.starts_with('<') {
        rest.find('>')? + 1
    } else {
        rest.find(char::is_whitespace).unwrap_or(rest.len())
    };
    Some(Edit {
        range: span.start + start..span.start + start + len,
        with: destination(&href),
    })
}

/// Raw HTML: an expandable's frame and summary, or its URLs resolved.
fn html_edit(
    writer: &mut TwinWriter<'_>,
    text: &Text,
    h: &str,
    range: Range<usize>,
) -> Option<Edit> {
    if let Some(expandable) = expandable(h) {
        return Some(Edit {
            range,
            with: expandable,
        });
    }
    if has_tag(h, "details") || has_tag(h, "summary") {
        let offset = text.to_original(writer.doc.body(), range.start);
        writer.warn(
            offset,
            "an expandable (`<details>`) written in one HTML block with other content stays HTML in the Markdown twin; put `<details>`, `<summary>…</summary>` and `</details>` on lines of their own".into(),
        );
    }
    let rewritten = html::rewrite_urls(h, |value, used| {
        let dest = html::decode_attribute(value);
        if url::is_script_url(&dest) {
            return UrlEdit::Replace(url::NEUTRAL.to_string());
        }
        if used == UrlUse::Other {
            return UrlEdit::Keep;
        }
        match writer.href(&dest, used == UrlUse::Source) {
            Some(href) => UrlEdit::Replace(href),
            None => UrlEdit::Keep,
        }
    });
    let rewritten = rewritten.replace("{%", "{&#37;");
    (rewritten != h).then_some(Edit {
        range,
        with: rewritten,
    })
}

/// `<details>`/`<details open>` and `</details>` lines vanish; a
/// `<summary>T</summary>` line becomes `**T**`. `None` for other HTML.
fn expandable(h: &str) -> Option<String> {
    let mut rest = h.trim();
    let mut out = String::new();
    if let Some(after) = strip_tag(rest, "<details") {
        rest = after;
    }
    if let Some(after) = strip_tag(rest, "<summary") {
        let close = after.to_ascii_lowercase().find("</summary>")?;
        let summary = html::plain_text(&after[..close]);
        let summary = summary.split_whitespace().collect::<Vec<_>>().join(" ");
        if !summary.is_empty() {
            out = format!("**{}**\n\n", escape_inline(&summary));
        }
        rest = after[close + "</summary>".len()..].trim_start();
    }
    if let Some(after) = strip_prefix_ignore_case(rest, "</details>") {
        rest = after.trim_start();
    }
    let changed = rest.len() < h.trim().len();
    (changed && rest.is_empty()).then_some(out)
}

/// `rest` after `prefix`, compared without ASCII case; `None` when `rest`
/// does not start with it (also when its first bytes end inside a
/// character: `rest` is any text, Japanese included).
fn strip_prefix_ignore_case<'r>(rest: &'r str, prefix: &str) -> Option<&'r str> {
    let head = rest.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &rest[prefix.len()..])
}

/// The text after a tag that opens `rest` (`<details`, `<details open>`).
fn strip_tag<'r>(rest: &'r str, open: &str) -> Option<&'r str> {
    let after = strip_prefix_ignore_case(rest, open)?;
    if !after.starts_with(['>', ' ', '\t', '\n']) {
        return None;
    }
    let end = after.find('>')?;
    Some(after[end + 1..].trim_start())
}

fn has_tag(h: &str, name: &str) -> bool {
    h.to_ascii_lowercase().contains(&format!("<{name}"))
}

/// `{%` in text: escaped as `{\%`, which reads as `{%` but is no tag.
fn tag_escapes(source: &str, range: Range<usize>) -> Vec<Edit> {
    let Some(text) = source.get(range.clone()) else {
        return vec![];
    };
    // Nearly every text has no `{`: skip building a substring search.
    if !text.contains('{') {
        return vec![];
    }
    text.match_indices("{%")
        .map(|(at, _)| Edit {
            range: range.start + at..range.start + at + 2,
            with: "{\\%".into(),
        })
        .collect()
}

/// The run with its edits; overlapping edits (a link inside a replaced
/// mention) keep the first.
fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    if edits.is_empty() {
        return source.to_string();
    }
    edits.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
    let mut out = String::with_capacity(source.len() + 64);
    let mut copied = 0;
    for edit in edits {
        if edit.range.start < copied || edit.range.end > source.len() {
            continue;
        }
        out.push_str(&source[copied..edit.range.start]);
        out.push_str(&edit.with);
        copied = edit.range.end;
    }
    out.push_str(&source[copied..]);
    out
}

/// A link destination as Markdown writes it: in `<…>` when it holds
/// spaces or parentheses.
fn destination(href: &str) -> String {
    if href.is_empty() {
        return "<>".into();
    }
    if href.contains([' ', '(', ')', '<', '>']) {
        return format!("<{}>", href.replace('<', "%3C").replace('>', "%3E"));
    }
    href.to_string()
}

/// `[text](href)`, the text escaped.
pub(crate) fn link(text: &str, href: &str) -> String {
    format!("[{}]({})", escape_inline(text), destination(href))
}

/// Plain text as inline Markdown: characters that would start markup
/// escaped, and `{%` written `{\%` so that it opens no block tag.
pub(crate) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        let opens_tag = c == '%' && out.ends_with('{');
        if opens_tag
            || matches!(
                c,
                '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '|' | '$'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text on one line: line breaks and runs of white space become a space.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A line of text that would open a heading, list or quote, escaped.
pub(super) fn escape_line_start(text: &str) -> String {
    let starts_block = text.starts_with(['#', '-', '+', '*', '>', '=', '|'])
        || text.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() < 10 && n.bytes().all(|b| b.is_ascii_digit())
        });
    match starts_block {
        true => {
            let split = text
                .find(|c: char| !c.is_ascii_digit())
                .filter(|&i| i > 0)
                .unwrap_or(0);
            format!("{}\\{}", &text[..split], &text[split..])
        }
        false => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found building a real Japanese space: HTML whose tenth byte falls
    /// inside a character (a comment in Japanese, a line that starts with
    /// kana) was sliced there, and the twin's page panicked.
    #[test]
    fn expandable_reads_any_text_without_slicing_a_character() {
        for text in [
            "<!-- 生成AIの急速な進化 -->",
            "新しい依存関係を追加すると",
            "作成が成功すると",
            "</detailé",
            "é</details>",
        ] {
            for start in 0..4 {
                let shifted = format!("{}{text}", " ".repeat(start));
                assert_eq!(expandable(&shifted), None, "{shifted}");
            }
        }
        assert_eq!(expandable("</DETAILS>"), Some(String::new()));
    }

    #[test]
    fn expandables_lose_their_frame() {
        assert_eq!(expandable("<details>\n"), Some(String::new()));
        assert_eq!(expandable("<details open>\n"), Some(String::new()));
        assert_eq!(expandable("</details>\n"), Some(String::new()));
        assert_eq!(
            expandable("<summary>How do I <em>reset</em>?</summary>\n"),
            Some("**How do I reset?**\n\n".into())
        );
        assert_eq!(
            expandable("<details><summary>All</summary>\n"),
            Some("**All**\n\n".into())
        );
        assert_eq!(expandable("<div>x</div>\n"), None);
        assert_eq!(
            expandable("<details><summary>A</summary>text</details>"),
            None
        );
    }

    #[test]
    fn destinations_are_found_after_the_link_text() {
        let s = "[a](b.md \"t\") [![i](x.png)](y.md) [c](<d e.md>)";
        assert_eq!(inline_destination(s, 2, 13), Some(4..8));
        assert_eq!(&s[inline_destination(s, 25, 33).unwrap()], "y.md");
        assert_eq!(&s[inline_destination(s, 36, s.len()).unwrap()], "<d e.md>");
    }

    #[test]
    fn text_that_would_be_markup_is_escaped() {
        assert_eq!(escape_inline("a [b] *c*"), "a \\[b\\] \\*c\\*");
        assert_eq!(escape_inline("{% hint %} {%"), "{\\% hint %} {\\%");
        assert_eq!(escape_line_start("- dash"), "\\- dash");
        assert_eq!(escape_line_start("2. item"), "2\\. item");
        assert_eq!(escape_line_start("Plain."), "Plain.");
        assert_eq!(destination("a b.md"), "<a b.md>");
    }
}
