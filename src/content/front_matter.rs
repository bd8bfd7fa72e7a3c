//! YAML front matter: split it from the body, then parse it into [`FrontMatter`].
//!
//! GitBook writes every field listed in its docs; other keys are kept in
//! `extra` and ignored, and [`unknown_keys`] names those that are neither
//! GitBook's nor the project's own (a typo loses its value silently).
//! Errors carry the line and column of the real file.

use crate::error::LineCol;
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// GitBook page metadata.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct FrontMatter {
    /// Title of an include file (pages take theirs from the H1).
    pub title: Option<String>,
    pub description: Option<String>,
    pub icon: Option<String>,
    pub hidden: bool,
    pub cover: Option<String>,
    pub cover_y: Option<f64>,
    pub cover_height: Option<f64>,
    pub layout: Layout,
    pub tags: Vec<PageTag>,
    pub vars: BTreeMap<String, serde_json::Value>,
    pub no_index: bool,
    /// The page's language (`lang: ja`), when it is not its space's.
    pub lang: Option<String>,
    /// Keys quire does not know, kept for templates and later use.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Top-level keys that are not an author's own: those [`FrontMatter`] reads,
/// then GitBook's that quire leaves alone (`metaLinks`).
pub(crate) const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "icon",
    "hidden",
    "cover",
    "coverY",
    "coverHeight",
    "layout",
    "tags",
    "vars",
    "noIndex",
    "lang",
    "metaLinks",
];

/// Keys this many edits (or fewer) from a known one are taken for a typo of it.
const TYPO_DISTANCE: usize = 2;

/// A front-matter key that is neither GitBook's nor listed as the project's.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UnknownKey<'a> {
    pub key: &'a str,
    /// 1-based line in the YAML text (line 1 when the key cannot be found
    /// at the start of a line, as in a flow mapping).
    pub line: usize,
}

/// The keys of `meta.extra` that neither [`KNOWN_KEYS`] nor `allowed` (the
/// project's `front_matter.extra_keys`) name, in the order of the YAML.
pub(crate) fn unknown_keys<'a>(
    meta: &'a FrontMatter,
    yaml_text: &str,
    allowed: &[String],
) -> Vec<UnknownKey<'a>> {
    let unknown: Vec<&str> = meta
        .extra
        .keys()
        .map(String::as_str)
        .filter(|key| !KNOWN_KEYS.contains(key) && !allowed.iter().any(|a| a == key))
        .collect();
    if unknown.is_empty() {
        return vec![];
    }
    let lines = top_level_key_lines(yaml_text);
    let mut found: Vec<UnknownKey> = unknown
        .into_iter()
        .map(|key| UnknownKey {
            key,
            line: lines.get(key).copied().unwrap_or(1),
        })
        .collect();
    found.sort_by_key(|u| u.line);
    found
}

/// The known key within [`TYPO_DISTANCE`] edits of `key` (a swap of two
/// letters is one edit), the nearest first.
pub(crate) fn closest_known_key(key: &str) -> Option<&'static str> {
    let length = key.chars().count();
    KNOWN_KEYS
        .iter()
        // Keys of very different lengths are far apart: skip the
        // comparison, which costs the product of the lengths.
        .filter(|known| known.len().abs_diff(length) <= TYPO_DISTANCE)
        .map(|known| (strsim::osa_distance(key, known), *known))
        .filter(|(distance, _)| *distance <= TYPO_DISTANCE)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

/// The first 1-based line of each key of the top-level block mapping, in
/// one pass over the YAML (`key:` or a quoted `"key":` at column 1).
fn top_level_key_lines(yaml_text: &str) -> std::collections::HashMap<&str, usize> {
    let mut lines = std::collections::HashMap::new();
    for (i, line) in yaml_text.lines().enumerate() {
        if let Some(key) = top_level_key(line) {
            lines.entry(key).or_insert(i + 1);
        }
    }
    lines
}

/// The key a line of a block mapping starts, when it starts one at column 1.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-', '{', '[']) {
        return None;
    }
    // YAML ends a plain key at a `:` followed by a space or the line's end.
    let end = line
        .char_indices()
        .find(|&(i, c)| c == ':' && (i + 1 == line.len() || line[i + 1..].starts_with([' ', '\t'])))
        .map(|(i, _)| i)?;
    let key = line[..end].trim_end();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|&q| key.strip_prefix(q).and_then(|k| k.strip_suffix(q)));
    Some(unquoted.unwrap_or(key))
}

/// `layout:` block of the front matter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Layout {
    /// `default` or `wide`.
    pub width: Option<String>,
    pub title: Visibility,
    pub description: Visibility,
    pub table_of_contents: Visibility,
    pub outline: Visibility,
    pub pagination: Visibility,
}

/// `{ visible: bool }`, visible unless said otherwise.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Visibility {
    pub visible: bool,
}

impl Default for Visibility {
    fn default() -> Self {
        Visibility { visible: true }
    }
}

/// A tag is written either as a string or as `{tag, primary}`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum PageTag {
    Name(String),
    Detailed {
        tag: String,
        #[serde(default)]
        primary: bool,
    },
}

/// A file split at its front matter.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines, if the file opens with one.
    pub yaml: Option<&'a str>,
    /// Byte offset of the body in the file.
    pub body_start: usize,
}

/// A front matter problem at a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatterError {
    pub message: String,
    pub at: LineCol,
}

/// Find the front matter: a first line `---`, then YAML, then a line `---` or `...`.
pub(crate) fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let no_front_matter = Split {
        yaml: None,
        body_start: 0,
    };
    let Some(first_end) = text.find('\n') else {
        return Ok(no_front_matter);
    };
    if text[..first_end].trim_end() != "---" {
        return Ok(no_front_matter);
    }
    let yaml_start = first_end + 1;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml: Some(&text[yaml_start..line_start]),
                body_start: (line_end + 1).min(text.len()),
            });
        }
        line_start = line_end + 1;
    }
    Err(FrontMatterError {
        message: "front matter opened with `---` on line 1 is never closed by a `---` line".into(),
        at: LineCol { line: 1, column: 1 },
    })
}

/// Parse the YAML of a front matter that starts on line 2 of the file.
pub(crate) fn parse(yaml_text: &str) -> Result<FrontMatter, FrontMatterError> {
    if yaml_text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    if let Some((line, column)) = find_tab_indent(yaml_text) {
        return Err(FrontMatterError {
            message: "tab used for indentation; YAML only allows spaces".into(),
            at: LineCol {
                line: line + 1,
                column,
            },
        });
    }
    let parsed: Option<FrontMatter> = yaml::from_str(yaml_text).map_err(|e| {
        let (line, column) = e.at.unwrap_or((1, 1));
        FrontMatterError {
            message: describe(&e.message),
            at: LineCol {
                line: line + 1,
                column,
            },
        }
    })?;
    Ok(parsed.unwrap_or_default())
}

/// serde's wording for a scalar or list at the top is cryptic; say what is expected.
fn describe(message: &str) -> String {
    if message.starts_with("invalid type") && message.contains("expected struct FrontMatter") {
        return "front matter must be a mapping of `key: value` lines".into();
    }
    message.to_string()
}

/// A tab in a line's leading whitespace, as (1-based line, 1-based column).
fn find_tab_indent(yaml_text: &str) -> Option<(usize, usize)> {
    yaml_text.lines().enumerate().find_map(|(i, line)| {
        let indent = &line[..line.len() - line.trim_start().len()];
        indent.find('\t').map(|col| (i + 1, col + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let text = "---\ndescription: Hi\n---\n# Title\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, Some("description: Hi\n"));
        assert_eq!(&text[split.body_start..], "# Title\n");
    }

    #[test]
    fn file_without_front_matter_is_all_body() {
        let split = split("# Title\n---\n").unwrap();
        assert_eq!(split.yaml, None);
        assert_eq!(split.body_start, 0);
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let err = split("---\ntitle: x\n# Body\n").unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn parses_gitbook_fields_and_keeps_unknown_ones() {
        let fm = parse(
            "description: >-\n  Folded\n  text\nicon: book\nhidden: true\ncoverY: 12\nlayout:\n  width: wide\n  outline:\n    visible: false\ntags:\n  - api\n  - tag: beta\n    primary: true\nnoIndex: true\nvars:\n  product: Lumen\ncustom: 3\n",
        )
        .unwrap();
        assert_eq!(fm.description.as_deref(), Some("Folded text"));
        assert!(fm.hidden && fm.no_index);
        assert_eq!(fm.cover_y, Some(12.0));
        assert_eq!(fm.layout.width.as_deref(), Some("wide"));
        assert!(!fm.layout.outline.visible && fm.layout.title.visible);
        assert_eq!(fm.tags.len(), 2);
        assert_eq!(fm.vars["product"], serde_json::json!("Lumen"));
        assert_eq!(fm.extra["custom"], serde_json::json!(3));
    }

    #[test]
    fn every_key_quire_reads_is_known_and_the_others_are_kept() {
        let value = |key: &str| match key {
            "hidden" | "noIndex" => "true",
            "coverY" | "coverHeight" => "1",
            "layout" | "vars" | "metaLinks" => "{}",
            "tags" => "[]",
            _ => "text",
        };
        let yaml: String = KNOWN_KEYS
            .iter()
            .map(|k| format!("{k}: {}\n", value(k)))
            .collect();
        let fm = parse(&yaml).unwrap();
        // Only the known keys quire leaves alone end up in `extra`.
        let kept: Vec<&str> = fm.extra.keys().map(String::as_str).collect();
        assert_eq!(kept, ["metaLinks"]);
        assert!(unknown_keys(&fm, &yaml, &[]).is_empty());
    }

    #[test]
    fn unknown_keys_are_found_at_their_line_with_the_nearest_known_key() {
        let yaml = "icon: book\ndescripton: Lost\nlayout:\n  widht: wide\n\"owner\": ops\nnoindex: true\ntilte: x\nx: 1\n";
        let fm = parse(yaml).unwrap();
        let found = unknown_keys(&fm, yaml, &[]);
        let summary: Vec<(&str, usize, Option<&str>)> = found
            .iter()
            .map(|u| (u.key, u.line, closest_known_key(u.key)))
            .collect();
        assert_eq!(
            summary,
            [
                ("descripton", 2, Some("description")),
                ("owner", 5, None),
                ("noindex", 6, Some("noIndex")),
                ("tilte", 7, Some("title")),
                ("x", 8, None),
            ]
        );
        // A project's own keys are accepted quietly.
        let allowed = ["owner".to_string(), "x".to_string()];
        let keys: Vec<&str> = unknown_keys(&fm, yaml, &allowed)
            .iter()
            .map(|u| u.key)
            .collect();
        assert_eq!(keys, ["descripton", "noindex", "tilte"]);
    }

    #[test]
    fn keys_far_from_every_known_one_have_no_suggestion() {
        assert_eq!(closest_known_key("descriptionn"), Some("description"));
        assert_eq!(closest_known_key("dscriptn"), None);
        assert_eq!(closest_known_key("owner"), None);
        assert_eq!(closest_known_key(&"x".repeat(100_000)), None);
    }

    #[test]
    fn keys_in_a_flow_mapping_point_at_its_first_line() {
        let yaml = "{descripton: a, icon: b}\n";
        let fm = parse(yaml).unwrap();
        let found = unknown_keys(&fm, yaml, &[]);
        assert_eq!(
            found,
            [UnknownKey {
                key: "descripton",
                line: 1
            }]
        );
    }

    #[test]
    fn errors_point_into_the_real_file() {
        // The YAML starts on line 2 of the file; the bad line is the file's line 3.
        let err = parse("description: ok\nhidden: [\n").unwrap_err();
        assert!(err.at.line >= 3, "{err:?}");
        let err = parse("a: 1\n\tb: 2\n").unwrap_err();
        assert_eq!(err.at, LineCol { line: 3, column: 1 });
        assert!(err.message.contains("tab"));
    }

    #[test]
    fn list_at_top_is_explained() {
        let err = parse("- a\n- b\n").unwrap_err();
        assert_eq!(
            err.message,
            "front matter must be a mapping of `key: value` lines"
        );
    }
}
