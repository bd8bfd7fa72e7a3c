//! The one place that knows which YAML library quire uses.
//!
//! serde_yaml is archived upstream; everything else goes through these two
//! functions so that swapping it touches only this file.

use serde::de::DeserializeOwned;

/// A YAML problem with its 1-based line and column inside the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub message: String,
    /// 1-based line and column in the YAML text, when the parser knows them.
    pub at: Option<(usize, usize)>,
}

impl YamlError {
    /// The position as a [`LineCol`](crate::error::LineCol) of the YAML text.
    pub(crate) fn line_col(&self) -> Option<crate::error::LineCol> {
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
pub(crate) type Value = serde_yaml::Value;

/// Flow collections (`[`, `{`) nested deeper than this are refused before
/// parsing. serde_yaml refuses any nesting past 128 levels anyway (its
/// recursion limit), so no document it would read is refused.
pub(crate) const MAX_FLOW_DEPTH: usize = 128;

/// Parse YAML into `T`. An empty document parses as YAML `null`.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(at) = too_deep_flow(text) {
        return Err(YamlError {
            message: format!("`[` and `{{` nested more than {MAX_FLOW_DEPTH} levels deep"),
            at: Some(at),
        });
    }
    serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map(|l| (l.line(), l.column()));
        YamlError {
            message: strip_location(&e.to_string()),
            at,
        }
    })
}

/// Where flow collections first nest past [`MAX_FLOW_DEPTH`] (1-based line
/// and column), if they do.
///
/// libyaml's scanner keeps an entry per open `[` or `{` and walks all of
/// them for every token, and serde_yaml scans the whole document before it
/// checks its recursion limit: a 200,000-character `[[[…` took a minute to
/// be refused. Here the same scanner runs first, token by token, counting
/// flow openings as it produces them (so brackets in quotes, comments and
/// block scalars count exactly as libyaml reads them), and stops at the
/// limit: at most [`MAX_FLOW_DEPTH`] entries are walked per token.
fn too_deep_flow(text: &str) -> Option<(usize, usize)> {
    // Fewer brackets than the limit cannot nest past it: no scan needed.
    let brackets = memchr::memchr2_iter(b'[', b'{', text.as_bytes()).count();
    if brackets <= MAX_FLOW_DEPTH {
        return None;
    }
    use std::mem::MaybeUninit;
    use unsafe_libyaml as unsafe_yaml;
    // SAFETY: as serde_yaml drives libyaml: the parser is initialised before
    // use and deleted once; `text` outlives it; each token is read after a
    // successful scan and deleted before the next. A scan after an error or
    // after the end returns the empty token, which ends the loop.
    unsafe {
        let mut parser = MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit();
        let parser = parser.as_mut_ptr();
        if unsafe_yaml::yaml_parser_initialize(parser).fail {
            return None;
        }
        unsafe_yaml::yaml_parser_set_encoding(parser, unsafe_yaml::YAML_UTF8_ENCODING);
        unsafe_yaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        let mut token = MaybeUninit::<unsafe_yaml::yaml_token_t>::uninit();
        let token = token.as_mut_ptr();
        let mut depth = 0usize;
        let mut too_deep = None;
        while unsafe_yaml::yaml_parser_scan(parser, token).ok {
            let (kind, mark) = ((*token).type_, (*token).start_mark);
            unsafe_yaml::yaml_token_delete(token);
            match kind {
                unsafe_yaml::YAML_FLOW_SEQUENCE_START_TOKEN
                | unsafe_yaml::YAML_FLOW_MAPPING_START_TOKEN => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        too_deep = Some((mark.line as usize + 1, mark.column as usize + 1));
                        break;
                    }
                }
                unsafe_yaml::YAML_FLOW_SEQUENCE_END_TOKEN
                | unsafe_yaml::YAML_FLOW_MAPPING_END_TOKEN => {
                    depth = depth.saturating_sub(1);
                }
                unsafe_yaml::YAML_STREAM_END_TOKEN | unsafe_yaml::YAML_NO_TOKEN => break,
                _ => {}
            }
        }
        unsafe_yaml::yaml_parser_delete(parser);
        too_deep
    }
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

    /// Issue 22 §7: nesting past the limit is refused at the bracket that
    /// passes it, before serde_yaml's scan (which took a minute on this).
    #[test]
    fn deep_flow_nesting_is_refused_where_it_passes_the_limit() {
        let deep = format!("tags: {}", "[".repeat(100_000));
        let err = from_str::<Value>(&deep).unwrap_err();
        assert_eq!(err.message, "`[` and `{` nested more than 128 levels deep");
        assert_eq!(err.at, Some((1, 7 + 128)));
        let mixed = format!("a:\n  b: {}", "{x: [".repeat(65));
        // The 129th opening is the `{` of the 65th `{x: [`.
        assert_eq!(
            from_str::<Value>(&mixed).unwrap_err().at,
            Some((2, 6 + 5 * 64))
        );
    }

    #[test]
    fn brackets_that_are_not_flow_collections_do_not_count() {
        let inside = "[".repeat(300);
        for text in [
            format!("a: \"{inside}\"\n"),
            format!("a: '{inside}'\n"),
            format!("a: |\n  {inside}\n"),
            format!("a: x # {inside}\n"),
            format!("a: x{inside}\n"),
        ] {
            let value = from_str::<Value>(&text).unwrap();
            assert!(value.get("a").is_some(), "{text}");
        }
        // At the limit, serde_yaml reads it.
        let at_limit = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(from_str::<Value>(&at_limit).is_ok());
    }

    #[test]
    fn reports_position_of_syntax_errors() {
        let err = from_str::<Value>("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(err.at.is_some());
        assert!(!err.message.contains(" at line "));
    }
}
