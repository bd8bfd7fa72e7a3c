//! Content icons: GitBook's Font Awesome names drawn as inline SVG.
//!
//! 1. A name (`rocket`, `fa-rocket`, an older name such as `home`) is looked
//!    up in Font Awesome Free (solid, regular, brands), which the
//!    `fontawesome-free-pack` crate packages as SVG data. A page carries only
//!    the icons it uses, inline: no icon font, no request.
//! 2. Names Font Awesome Free lacks (GitBook also offers Pro icons) are
//!    reported by the caller, and the author's fallback text shows.
//!
//! `themes/default/icons.yaml` keeps what the crate does not have: the
//! theme's own interface icons (drawn for quire, for typed tables) and the
//! older names of a few icons. It is compiled in: Markdown is rendered
//! without the theme at hand, so a project theme cannot replace it.

use crate::text::html::{self, TagToken};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Default, Deserialize)]
struct IconSet {
    /// The theme's interface icons: name → path data on a 16 × 16 grid.
    icons: BTreeMap<String, String>,
    /// Older Font Awesome name → its Font Awesome Free name.
    #[serde(default)]
    aliases: BTreeMap<String, String>,
}

const ICONS_YAML: &str = include_str!("../../themes/default/icons.yaml");

fn icon_set() -> &'static IconSet {
    static SET: OnceLock<IconSet> = OnceLock::new();
    // The file is part of the binary; a test checks that it parses.
    SET.get_or_init(|| serde_yaml::from_str(ICONS_YAML).unwrap_or_default())
}

/// Font Awesome's families, in the order a bare name is looked up: solid is
/// what `fa-rocket` alone means, as in Font Awesome's own CSS.
const FAMILIES: &[&str] = &["solid", "regular", "brands"];

/// A Font Awesome Free icon by name, preferring `family` when given.
fn font_awesome(name: &str, family: Option<&str>) -> Option<fontawesome_free_pack::Icon> {
    let name = name.trim().to_ascii_lowercase();
    let name = name.strip_prefix("fa-").unwrap_or(&name);
    let find = |name: &str| {
        family
            .into_iter()
            .chain(FAMILIES.iter().copied())
            .find_map(|family| fontawesome_free_pack::get_icon(&format!("{family}/{name}")))
    };
    find(name).or_else(|| find(icon_set().aliases.get(name)?))
}

/// A content icon as inline SVG, hidden from screen readers: the text
/// beside it speaks. `None` when Font Awesome Free has no such icon.
pub(crate) fn svg(name: &str) -> Option<String> {
    svg_in_family(name, None)
}

fn svg_in_family(name: &str, family: Option<&str>) -> Option<String> {
    let icon = font_awesome(name, family)?;
    // The crate's SVG is `<svg xmlns=… viewBox=…>` and the shapes: keep the
    // shapes, and open an element of our own with the icon's box.
    let shapes = icon.svg.split_once('>')?.1.strip_suffix("</svg>")?;
    Some(format!(
        "<svg class=\"icon fa-icon\" viewBox=\"0 0 {} {}\" aria-hidden=\"true\">{shapes}</svg>",
        icon.width, icon.height
    ))
}

/// One of the theme's interface icons (the check of a checkbox cell, a
/// file, a rating star) with `class` on the `<svg>` element.
pub(crate) fn interface_svg(name: &str, class: &str) -> String {
    let d = icon_set().icons.get(name).map_or("", String::as_str);
    format!(
        "<svg class=\"{class}\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"{}\"/></svg>",
        html::escape(d)
    )
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

/// The family a class list asks for: `fa-regular` or `far`, `fa-brands`
/// or `fab`; else the first family that has the name.
fn family_in_classes(class: &str) -> Option<&'static str> {
    class
        .split_whitespace()
        .find_map(|c| match c.to_ascii_lowercase().as_str() {
            "fa-regular" | "far" => Some("regular"),
            "fa-brands" | "fab" => Some("brands"),
            "fa-solid" | "fas" => Some("solid"),
            _ => None,
        })
}

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
            let icon = name.and_then(|name| svg_in_family(name, family_in_classes(&class)));
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
    fn the_icon_set_parses_and_aliases_point_at_font_awesome_icons() {
        let set: IconSet = serde_yaml::from_str(ICONS_YAML).expect("icons.yaml parses");
        assert_eq!(set.icons.len(), 3, "{:?}", set.icons.keys());
        for (alias, target) in &set.aliases {
            assert!(
                font_awesome(target, None).is_some(),
                "alias {alias} → {target}"
            );
            // An alias that is a name of its own would never be used.
            assert!(
                font_awesome(alias, Some("solid")).map(|i| i.slug) != Some(alias.as_str()),
                "{alias}"
            );
        }
        for (name, d) in &set.icons {
            assert!(d.starts_with('M') && !d.contains(['"', '<']), "{name}");
        }
    }

    /// Issue 24 §3: names from every family of Font Awesome Free, v6 names
    /// that real spaces use, and older names, all resolve.
    #[test]
    fn font_awesome_free_names_resolve_in_every_family() {
        for name in [
            "hand-pointer",
            "clock-rotate-left",
            "wand-magic-sparkles",
            "list-check",
            "chart-column",
            "plug",
            "id-card",
            "address-book",
            "github",
            "discord",
            "fa-house",
            "home",
            "cog",
            "times",
        ] {
            assert!(svg(name).is_some(), "{name}");
        }
        // GitBook's own and Font Awesome Pro names are not Font Awesome Free's.
        for name in ["sparkle", "gitbook-assistant", "unicorn", ""] {
            assert_eq!(svg(name), None, "{name}");
        }
    }

    #[test]
    fn an_icon_is_its_own_inline_svg_in_the_family_asked_for() {
        let solid = svg_in_family("bell", None).unwrap();
        let regular = svg_in_family("bell", Some("regular")).unwrap();
        assert!(
            solid.starts_with(r#"<svg class="icon fa-icon" viewBox="0 0 "#),
            "{solid}"
        );
        assert!(
            solid.ends_with("</svg>") && solid.contains("<path"),
            "{solid}"
        );
        assert!(!solid.contains("xmlns"), "{solid}");
        assert_ne!(solid, regular);
        // A family without the icon falls back to the others.
        assert_eq!(svg_in_family("rocket", Some("brands")), svg("rocket"));
        let (out, _) = rewrite_all(r#"<i class="fa-regular fa-bell">:bell:</i>"#);
        assert!(out.contains(&regular), "{out}");
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
            out.starts_with(r#"<i class="fa-github icon-glyph"><svg class="icon fa-icon""#),
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
