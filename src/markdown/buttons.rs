//! GitBook's buttons: links and `<button>`s with the class `button`.
//!
//! `data-icon` adds an icon from the theme's set before the label. A
//! `<button data-action="search" data-query="…">` opens the site search with
//! its query (the theme's search.js does that); it is written disabled, and
//! search.js enables it, so that without JavaScript it does not pretend to work.

use super::icons;
use crate::text::html::{self, TagToken};

/// The replacement of one tag (`tag` is its text), if it is a button that changes.
pub(crate) fn rewrite(tag: &str, token: &TagToken) -> Option<String> {
    if !(token.opens("a") || token.opens("button")) || !is_button(tag) {
        return None;
    }
    let mut out = tag.to_string();
    if token.opens("button") && is_search_action(tag) {
        out = html::with_attributes(&out, "disabled");
        if !html::has_attribute(tag, "type") {
            out = html::with_attributes(&out, "type=\"button\"");
        }
    }
    let icon = html::attribute(tag, "data-icon").and_then(|name| icons::svg(&name));
    if let Some(icon) = &icon {
        out.push_str(icon);
    }
    (out != tag).then_some(out)
}

fn is_button(tag: &str) -> bool {
    html::attribute(tag, "class").is_some_and(|c| c.split_whitespace().any(|w| w == "button"))
}

fn is_search_action(tag: &str) -> bool {
    html::attribute(tag, "data-action").is_some_and(|a| a.trim().eq_ignore_ascii_case("search"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(tag: &str) -> Option<String> {
        let token = html::tags(tag).next().expect("a tag");
        rewrite(tag, &token)
    }

    #[test]
    fn link_buttons_get_their_icon() {
        let out = one(r#"<a href="x.md" class="button primary" data-icon="rocket">"#).unwrap();
        assert!(
            out.starts_with(
                r#"<a href="x.md" class="button primary" data-icon="rocket"><svg class="icon fa-icon""#
            ),
            "{out}"
        );
        assert_eq!(
            one(r#"<a href="x" class="button" data-icon="no-such-icon">"#),
            None
        );
        assert_eq!(
            one(r#"<a href="x" class="buttons" data-icon="rocket">"#),
            None
        );
    }

    #[test]
    fn search_buttons_start_disabled() {
        let out =
            one(r#"<button class="button primary" data-action="search" data-query="a &amp; b">"#)
                .unwrap();
        assert_eq!(
            out,
            r#"<button class="button primary" data-action="search" data-query="a &amp; b" disabled type="button">"#
        );
        let out = one(r#"<BUTTON type=button class='button' data-action=search>"#).unwrap();
        assert_eq!(
            out,
            r#"<BUTTON type=button class='button' data-action=search disabled>"#
        );
    }
}
