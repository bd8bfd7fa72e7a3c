//! The frame of a hint: the same for `{% hint %}` and for the HTML form
//! GitBook exports (`custom`).

use super::icons;

/// Hint styles GitBook knows, with the icon drawn for each.
const HINT_STYLES: &[(&str, &str)] = &[
    ("info", ICON_INFO),
    ("success", ICON_SUCCESS),
    ("warning", ICON_WARNING),
    ("danger", ICON_DANGER),
];

const ICON_INFO: &str = r#"<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="12" cy="12" r="10"/><path d="M12 16v-5M12 8h.01"/></svg>"#;
const ICON_SUCCESS: &str = r#"<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="12" cy="12" r="10"/><path d="m8 12 3 3 5-6"/></svg>"#;
const ICON_WARNING: &str = r#"<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="12" cy="12" r="10"/><path d="M12 7v6M12 17h.01"/></svg>"#;
const ICON_DANGER: &str = r#"<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"/><path d="M12 9v4M12 17h.01"/></svg>"#;

/// The opening of a hint's frame, up to where its content goes. An unknown
/// style is drawn as `info`; a known `icon` replaces the style's own.
pub(super) fn hint_open(style: &str, icon: Option<&str>, titled: bool) -> String {
    let (style, style_icon) = hint_style(style).unwrap_or(HINT_STYLES[0]);
    let icon = icon
        .and_then(icons::svg)
        .unwrap_or_else(|| style_icon.to_string());
    let titled = if titled { " hint-titled" } else { "" };
    format!(
        "<div class=\"hint hint-{style}{titled}\" role=\"note\">\n<span class=\"hint-icon\" aria-hidden=\"true\">{icon}</span>\n<div class=\"hint-content\">\n"
    )
}

/// What closes the frame [`hint_open`] opened.
pub(super) const HINT_CLOSE: &str = "</div>\n</div>\n";

pub(super) fn hint_style(style: &str) -> Option<(&'static str, &'static str)> {
    HINT_STYLES.iter().find(|(name, _)| *name == style).copied()
}
