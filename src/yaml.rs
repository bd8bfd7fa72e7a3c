//! The one place that knows which YAML library quire uses.
//!
//! serde_yaml is archived upstream; everything else goes through these two
//! functions so that swapping it touches only this file.

use serde::de::DeserializeOwned;

/// A YAML problem with its 1-based line and column inside the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// 1-based line and column in the YAML text, when the parser knows them.
    pub at: Option<(usize, usize)>,
}

impl YamlError {
    /// The position as a [`LineCol`](crate::error::LineCol) of the YAML text.
    pub fn line_col(&self) -> Option<crate::error::LineCol> {
        self.at
            .map(|(line, column)| crate::error::LineCol { line, column })
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A loosely typed YAML value, for files read tolerantly (`.gitbook.yaml`).
pub type Value = serde_yaml::Value;

/// Parse YAML into `T`. An empty document parses as YAML `null`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map(|l| (l.line(), l.column()));
        YamlError {
            message: strip_location(&e.to_string()),
            at,
        }
    })
}

/// serde_yaml appends " at line L column C" to messages; quire prints the
/// position itself, in the real file's numbering.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_position_of_syntax_errors() {
        let err = from_str::<Value>("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(err.at.is_some());
        assert!(!err.message.contains(" at line "));
    }
}
