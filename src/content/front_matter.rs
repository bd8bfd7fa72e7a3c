//! YAML front matter: split it from the body, then parse it into [`FrontMatter`].
//!
//! GitBook writes every field listed in its docs; unknown keys are kept in
//! `extra` and ignored. Errors carry the line and column of the real file.

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
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the file opens with one.
    pub yaml: Option<&'a str>,
    /// Byte offset of the body in the file.
    pub body_start: usize,
}

/// A front matter problem at a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub message: String,
    pub at: LineCol,
}

/// Find the front matter: a first line `---`, then YAML, then a line `---` or `...`.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
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
pub fn parse(yaml_text: &str) -> Result<FrontMatter, FrontMatterError> {
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
