//! `.gitbook/tags.yaml`: the labels and colours of the tags that update
//! entries (`{% update tags="…" %}`) and pages (`tags:`) refer to.
//!
//! The file is read tolerantly, since its shape varies: a map of id → label,
//! a map of id → `{label|name|title, color}`, or a list of such entries.

use serde_json::Value;
use std::collections::HashMap;

/// One tag as the space defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagDef {
    pub label: String,
    /// A colour of the theme's palette (`red`, `blue`, …), when given.
    pub color: Option<String>,
}

/// The space's tags, by id (and by label, so either may be written).
#[derive(Debug, Default, Clone)]
pub struct Tags {
    by_key: HashMap<String, TagDef>,
    /// Whether the space has a tags file at all (unknown tags warn only then).
    pub defined: bool,
}

/// Colours the theme has a tag style for.
pub(crate) const COLORS: &[&str] = &[
    "red", "orange", "yellow", "green", "blue", "purple", "pink", "gray",
];

impl Tags {
    /// Read the parsed file; entries that cannot be understood are skipped.
    pub fn from_value(value: &Value) -> Tags {
        let mut tags = Tags {
            defined: true,
            ..Default::default()
        };
        match value {
            Value::Object(map) => {
                for (id, entry) in map {
                    tags.add(id, entry);
                }
            }
            Value::Array(list) => {
                for entry in list {
                    let id = ["id", "tag", "slug"]
                        .iter()
                        .find_map(|k| entry.get(*k))
                        .and_then(Value::as_str)
                        .or_else(|| entry.as_str())
                        .map(str::to_string);
                    if let Some(id) = id {
                        tags.add(&id, entry);
                    }
                }
            }
            _ => {}
        }
        tags
    }

    fn add(&mut self, id: &str, entry: &Value) {
        let text = |key: &str| entry.get(key).and_then(Value::as_str);
        let label = entry
            .as_str()
            .or_else(|| text("label"))
            .or_else(|| text("name"))
            .or_else(|| text("title"))
            .unwrap_or(id)
            .to_string();
        let color = text("color")
            .map(|c| c.trim().to_ascii_lowercase())
            .map(|c| if c == "grey" { "gray".to_string() } else { c })
            .filter(|c| COLORS.contains(&c.as_str()));
        let def = TagDef { label, color };
        self.by_key.insert(def.label.to_lowercase(), def.clone());
        self.by_key.insert(id.to_lowercase(), def);
    }

    /// A tag by id or label, ignoring case.
    pub fn get(&self, key: &str) -> Option<&TagDef> {
        self.by_key.get(&key.trim().to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        crate::yaml::from_str(text).unwrap()
    }

    #[test]
    fn maps_and_lists_are_read() {
        let tags = Tags::from_value(&yaml("fix: Bug fix\nnew:\n  label: New feature\n  color: Green\nsec: {name: Security, color: magenta}\n"));
        assert_eq!(tags.get("fix").unwrap().label, "Bug fix");
        assert_eq!(tags.get("NEW").unwrap().color.as_deref(), Some("green"));
        assert_eq!(tags.get("new feature").unwrap().label, "New feature");
        // A colour the theme does not have is dropped, the tag is kept.
        assert_eq!(
            tags.get("sec").unwrap(),
            &TagDef {
                label: "Security".into(),
                color: None
            }
        );
        let list = Tags::from_value(&yaml("- id: beta\n  title: Beta\n  color: grey\n- plain\n- {color: red}\n- tag: guide\n  label: Writing guide\n"));
        assert_eq!(list.get("guide").unwrap().label, "Writing guide");
        assert_eq!(list.get("beta").unwrap().color.as_deref(), Some("gray"));
        assert_eq!(list.get("plain").unwrap().label, "plain");
        assert!(list.get("red").is_none());
    }
}
