//! GitBook's `data-gb-custom-block` and `data-gb-custom-inline` elements:
//! blocks GitBook had to write as HTML (a hint inside a table cell or a list,
//! an emoji), and `{% … %}` tags of other template languages that it took
//! for its own and emptied.
//!
//! A hint becomes quire's hint, an emoji its character; any other tag keeps
//! its content in a frame that names the tag, and an empty one is left out.
//! Their attributes never reach the page as text.

use super::hints;
use crate::text::html::{self, TagToken};

/// A fragment with every custom element rendered; `None` when it has none.
pub(super) fn render_custom(fragment: &str, warnings: &mut Vec<String>) -> Option<String> {
    if !fragment.contains("data-gb-custom-") {
        return None;
    }
    let mut out = String::new();
    let mut copied = 0;
    for tag in html::tags(fragment) {
        let open = &fragment[tag.range.clone()];
        if tag.closing || tag.range.start < copied || !is_custom(open) {
            continue;
        }
        let Some(close) = html::matching_close(fragment, &tag) else {
            continue;
        };
        let inner = &fragment[tag.range.end..close.start];
        let inner = render_custom(inner, warnings).unwrap_or_else(|| inner.to_string());
        out.push_str(&fragment[copied..tag.range.start]);
        out.push_str(&render_element(open, &tag, &inner, warnings));
        copied = close.end;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&fragment[copied..]);
    Some(out)
}

fn is_custom(tag: &str) -> bool {
    html::has_attribute(tag, "data-gb-custom-block")
        || html::has_attribute(tag, "data-gb-custom-inline")
}

fn render_element(open: &str, token: &TagToken, inner: &str, warnings: &mut Vec<String>) -> String {
    let name = html::attribute_text(open, "data-tag").unwrap_or_default();
    match name.as_str() {
        "hint" => hint(open, inner),
        "emoji" => emoji(open, inner),
        _ if inner.trim().is_empty() => {
            warnings.push(format!(
                "GitBook wrote a `{{% {name} %}}` tag it did not know as an empty element; it is left out"
            ));
            String::new()
        }
        _ => {
            let element = if token.opens("span") { "span" } else { "div" };
            format!(
                "<{element} class=\"block\" data-tag=\"{}\">{inner}</{element}>",
                html::escape(&name)
            )
        }
    }
}

/// `<div data-tag="hint" data-style="info" data-icon="pencil">`: a hint, its
/// leading heading as the title.
fn hint(open: &str, inner: &str) -> String {
    let style = html::attribute_text(open, "data-style").unwrap_or_default();
    let icon = html::attribute_text(open, "data-icon");
    let (title, body) = leading_heading(inner);
    let mut out = hints::hint_open(&style, icon.as_deref(), title.is_some());
    if let Some(title) = title {
        out.push_str(&format!("<div class=\"hint-title\">{title}</div>\n"));
    }
    out.push_str(body);
    out.push_str(hints::HINT_CLOSE);
    out
}

/// A heading that opens a fragment: its content, and the rest.
fn leading_heading(fragment: &str) -> (Option<&str>, &str) {
    let trimmed = fragment.trim_start();
    let heading = html::tags(trimmed).next().filter(|tag| {
        tag.range.start == 0
            && !tag.closing
            && matches!(
                tag.name.to_ascii_lowercase().as_str(),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            )
    });
    let Some(heading) = heading else {
        return (None, fragment);
    };
    match html::matching_close(trimmed, &heading) {
        Some(close) => (
            Some(&trimmed[heading.range.end..close.start]),
            &trimmed[close.end..],
        ),
        None => (None, fragment),
    }
}

/// `<span data-tag="emoji" data-code="274c">❌</span>`: the character.
fn emoji(open: &str, inner: &str) -> String {
    if !inner.trim().is_empty() {
        return inner.to_string();
    }
    html::attribute(open, "data-code")
        .and_then(|code| u32::from_str_radix(code.trim(), 16).ok())
        .and_then(char::from_u32)
        .map(String::from)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(fragment: &str) -> (String, Vec<String>) {
        let mut warnings = vec![];
        let out = render_custom(fragment, &mut warnings).unwrap_or_else(|| fragment.to_string());
        (out, warnings)
    }

    #[test]
    fn hints_become_quire_hints_with_their_title() {
        let (out, _) = render(
            r#"<td><div data-gb-custom-block data-tag="hint" data-style="warning" class="hint hint-warning"><h4>Note</h4><p>Careful.</p></div></td>"#,
        );
        assert!(
            out.starts_with(r#"<td><div class="hint hint-warning hint-titled" role="note">"#),
            "{out}"
        );
        assert!(
            out.contains(
                "<div class=\"hint-title\">Note</div>\n<p>Careful.</p></div>\n</div>\n</td>"
            ),
            "{out}"
        );
    }

    #[test]
    fn emoji_keep_their_character() {
        let (out, _) = render(
            r#"a <span data-gb-custom-inline data-tag="emoji" data-code="274c">❌</span> b <span data-gb-custom-inline data-tag="emoji" data-code="2705"></span>"#,
        );
        assert_eq!(out, "a ❌ b ✅");
    }

    #[test]
    fn unknown_tags_keep_content_and_empty_ones_go() {
        let (out, warnings) = render(
            r#"<div data-gb-custom-block data-tag="if" data-0='your_field'></div><div data-gb-custom-block data-tag="x&quot;y"><p>kept</p></div>"#,
        );
        assert_eq!(
            out,
            r#"<div class="block" data-tag="x&quot;y"><p>kept</p></div>"#
        );
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn unclosed_elements_are_left_as_written() {
        let fragment = r#"<div data-gb-custom-block data-tag="hint"><p>open"#;
        assert_eq!(render(fragment).0, fragment);
    }
}
