//! The theme's icon set, and GitBook's Font Awesome markup drawn with it.
//!
//! `themes/default/icons.yaml` maps Font Awesome names to SVG path data drawn
//! for quire. It is compiled in with `include_str!`, as `build.rs` compiles in
//! the rest of the default theme: Markdown is rendered without the theme at
//! hand, so a project theme cannot replace the set.

use super::html::{self, TagToken};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Default, Deserialize)]
struct IconSet {
    /// Name → path data on a 16 × 16 grid.
    icons: BTreeMap<String, String>,
    /// Other Font Awesome name → a name in `icons`.
    #[serde(default)]
    aliases: BTreeMap<String, String>,
}

const ICONS_YAML: &str = include_str!("../../themes/default/icons.yaml");

fn icon_set() -> &'static IconSet {
    static SET: OnceLock<IconSet> = OnceLock::new();
    // The file is part of the binary; a test checks that it parses.
    SET.get_or_init(|| serde_yaml::from_str(ICONS_YAML).unwrap_or_default())
}

/// The path data of an icon by its Font Awesome name (`rocket`, `fa-rocket`).
fn path_data(name: &str) -> Option<&'static str> {
    let name = name.trim().to_ascii_lowercase();
    let name = name.strip_prefix("fa-").unwrap_or(&name);
    let set = icon_set();
    let name = set.aliases.get(name).map_or(name, String::as_str);
    set.icons.get(name).map(String::as_str)
}

/// An icon as inline SVG, hidden from screen readers: the text beside it speaks.
pub(crate) fn svg(name: &str) -> Option<String> {
    svg_with_class(name, "icon")
}

/// [`svg`] with other classes on the `<svg>` element.
pub(crate) fn svg_with_class(name: &str, class: &str) -> Option<String> {
    path_data(name).map(|d| {
        format!(
            "<svg class=\"{class}\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"{}\"/></svg>",
            html::escape(d)
        )
    })
}

/// Font Awesome classes that set a style or size, not an icon.
const MODIFIERS: &[&str] = &[
    "fa-solid",
    "fa-regular",
    "fa-brands",
    "fa-light",
    "fa-thin",
    "fa-duotone",
    "fa-sharp",
    "fa-fw",
    "fa-xs",
    "fa-sm",
    "fa-lg",
    "fa-xl",
    "fa-2xl",
    "fa-spin",
    "fa-pulse",
    "fa-beat",
    "fa-border",
    "fa-inverse",
];

/// The icon a class list names: `fa-github`, `fab fa-github`, `fa-solid fa-rocket`.
pub(crate) fn name_in_classes(class: &str) -> Option<&str> {
    class
        .split_whitespace()
        .filter(|c| !MODIFIERS.iter().any(|m| c.eq_ignore_ascii_case(m)))
        .filter(|c| !is_size_class(c))
        .find_map(|c| c.strip_prefix("fa-"))
        .filter(|name| !name.is_empty())
}

/// `fa-2x` … `fa-10x`.
fn is_size_class(class: &str) -> bool {
    class
        .strip_prefix("fa-")
        .and_then(|rest| rest.strip_suffix('x'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Rewrites GitBook's `<i class="fa-…">fallback</i>`: a known icon becomes
/// inline SVG, with the fallback text kept for screen readers only; an
/// unknown one is left alone, so its fallback text shows. Open `<i>` tags are
/// remembered across calls, since inline HTML arrives one tag at a time.
#[derive(Debug, Default)]
pub(crate) struct IconTags {
    /// For each `<i>` still open: whether it became an icon.
    open: Vec<bool>,
}

impl IconTags {
    /// The replacement of one tag (`tag` is its text), if it changes. Names
    /// of icons missing from the set are added to `unknown`.
    pub(crate) fn rewrite(
        &mut self,
        tag: &str,
        token: &TagToken,
        unknown: &mut Vec<String>,
    ) -> Option<String> {
        if token.opens("i") {
            let class = html::attribute(tag, "class").unwrap_or_default();
            let name = name_in_classes(&class);
            let icon = name.and_then(svg);
            if let (Some(name), None) = (name, &icon) {
                unknown.push(name.to_string());
            }
            self.open.push(icon.is_some());
            return icon.map(|svg| {
                format!(
                    "{}{svg}<span class=\"sr-only\">",
                    html::with_class(tag, "icon-glyph")
                )
            });
        }
        if token.closes("i") && self.open.pop() == Some(true) {
            return Some("</span></i>".to_string());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite_all(fragment: &str) -> (String, Vec<String>) {
        let mut icons = IconTags::default();
        let mut unknown = vec![];
        let out = html::map_tags(fragment, |tag, token| {
            icons.rewrite(tag, token, &mut unknown)
        });
        (out.into_owned(), unknown)
    }

    #[test]
    fn the_icon_set_parses_and_aliases_point_at_icons() {
        let set: IconSet = serde_yaml::from_str(ICONS_YAML).expect("icons.yaml parses");
        assert!(set.icons.len() >= 25, "{} icons", set.icons.len());
        for (alias, target) in &set.aliases {
            assert!(set.icons.contains_key(target), "alias {alias} → {target}");
        }
        for (name, d) in &set.icons {
            assert!(d.starts_with('M') && !d.contains(['"', '<']), "{name}");
        }
    }

    #[test]
    fn reads_the_icon_name_from_every_class_form() {
        assert_eq!(name_in_classes("fa-github"), Some("github"));
        assert_eq!(name_in_classes("fab fa-github"), Some("github"));
        assert_eq!(name_in_classes("fa-solid fa-rocket fa-2x"), Some("rocket"));
        assert_eq!(name_in_classes("fa fa-fw fa-home"), Some("home"));
        assert_eq!(name_in_classes("fa-solid"), None);
        assert_eq!(name_in_classes("note"), None);
    }

    #[test]
    fn known_icons_become_svg_with_the_fallback_for_screen_readers() {
        let (out, unknown) = rewrite_all(
            r#"<i class="fa-github">:github:</i> and <I CLASS='fas fa-search'>find</I>"#,
        );
        assert!(
            out.starts_with(r#"<i class="fa-github icon-glyph"><svg class="icon""#),
            "{out}"
        );
        assert!(
            out.contains(r#"<span class="sr-only">:github:</span></i> and "#),
            "{out}"
        );
        assert!(
            out.contains(r#"<span class="sr-only">find</span></i>"#),
            "{out}"
        );
        assert!(unknown.is_empty());
    }

    #[test]
    fn unknown_icons_and_plain_italics_are_left_alone() {
        let fragment = r#"<i class="fa-unicorn">:unicorn:</i> <i>word</i>"#;
        let (out, unknown) = rewrite_all(fragment);
        assert_eq!(out, fragment);
        assert_eq!(unknown, ["unicorn"]);
    }

    #[test]
    fn open_tags_are_remembered_between_calls() {
        let mut icons = IconTags::default();
        let mut unknown = vec![];
        let mut one = |tag: &str| {
            html::map_tags(tag, |t, token| icons.rewrite(t, token, &mut unknown)).into_owned()
        };
        assert!(one(r#"<i class="fa-rocket">"#).ends_with(r#"<span class="sr-only">"#));
        assert_eq!(one("<i>"), "<i>");
        assert_eq!(one("</i>"), "</i>");
        assert_eq!(one("</i>"), "</span></i>");
    }
}
