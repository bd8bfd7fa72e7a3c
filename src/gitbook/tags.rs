//! What GitBook's tags mean: which names nest and how, and the arguments a
//! tag carries. Nothing here looks at a page; the builder asks.

/// Tags that never have a body (`{% include "x.md" %}`). Any name starting with
/// [`INTEGRATION_PREFIX`] is standalone too.
pub(super) const STANDALONE_TAGS: &[&str] = &["include", "page-ref"];

/// Tags whose end tag is optional: they are containers only when a matching end
/// tag follows before the end of the enclosing block. Unknown names behave the
/// same way (with a warning).
/// GitBook documents `openapi-operation` and `openapi-schemas` without a body,
/// but its exports often close them.
pub(super) const OPTIONAL_END_TAGS: &[&str] =
    &["embed", "file", "openapi-operation", "openapi-schemas"];

/// Known tags that expect an end tag.
pub(super) const CONTAINER_TAGS: &[&str] = &[
    "hint",
    "tabs",
    "tab",
    "stepper",
    "step",
    "code",
    "content-ref",
    "columns",
    "column",
    "updates",
    "update",
    "if",
    "prompt",
    "openapi",
    "swagger",
    "swagger-description",
    "swagger-parameter",
    "swagger-response",
    "api-method",
    "api-method-summary",
    "api-method-description",
    "api-method-spec",
    "api-method-request",
    "api-method-response",
    "api-method-path-parameters",
    "api-method-query-parameters",
    "api-method-headers",
    "api-method-body-parameters",
    "api-method-form-data-parameters",
    "api-method-parameter",
    "api-method-response-example",
    "api-method-response-example-description",
    "code-tabs",
    "code-tabs-item",
];

/// Containers that hold items of one kind, and that kind. One left
/// unclosed ends after its last item: what follows belongs to the page
/// again, where the container would have no place to show it.
const ITEM_CONTAINERS: &[(&str, &str)] = &[
    ("tabs", "tab"),
    ("code-tabs", "code-tabs-item"),
    ("stepper", "step"),
    ("columns", "column"),
    ("updates", "update"),
];

/// The kind of item `container` holds, if it holds only one kind.
pub(super) fn item_of(container: &str) -> Option<&'static str> {
    ITEM_CONTAINERS
        .iter()
        .find(|(name, _)| *name == container)
        .map(|(_, item)| *item)
}

/// Whether `name` is an item of some container of items.
pub(super) fn is_item(name: &str) -> bool {
    ITEM_CONTAINERS.iter().any(|(_, item)| *item == name)
}

/// Standalone markers that split the body of a [`BRANCH_PARENT`] block.
pub(super) const BRANCH_TAGS: &[&str] = &["else", "elif"];

/// The block inside which [`BRANCH_TAGS`] are expected.
pub(super) const BRANCH_PARENT: &str = "if";

/// Integration blocks (`{% @github-files/github-code-block url="…" %}`).
pub(super) const INTEGRATION_PREFIX: &str = "@";

/// A tag named `end<name>` closes the open block `<name>`.
pub(super) const END_PREFIX: &str = "end";

/// How a tag name takes part in nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    /// Expects an end tag ([`CONTAINER_TAGS`]).
    Container,
    /// Container only if a matching end tag follows ([`OPTIONAL_END_TAGS`]).
    OptionalEnd,
    /// Never has a body ([`STANDALONE_TAGS`], integration blocks).
    Standalone,
    /// `else`/`elif`: a standalone marker inside `{% if %}`.
    Branch,
    /// Not a known name: treated like [`TagKind::OptionalEnd`], with a warning.
    Unknown,
}

/// Classify an (opening) tag name.
pub(super) fn tag_kind(name: &str) -> TagKind {
    if name.starts_with(INTEGRATION_PREFIX) || STANDALONE_TAGS.contains(&name) {
        TagKind::Standalone
    } else if BRANCH_TAGS.contains(&name) {
        TagKind::Branch
    } else if CONTAINER_TAGS.contains(&name) {
        TagKind::Container
    } else if OPTIONAL_END_TAGS.contains(&name) {
        TagKind::OptionalEnd
    } else {
        TagKind::Unknown
    }
}

/// Split the argument text of a tag into named attributes and positional args.
pub(super) fn parse_args(raw: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut attrs = Vec::new();
    let mut args = Vec::new();
    let mut rest = raw;
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            break;
        };
        if is_open_quote(first) {
            let (value, after) = read_quoted(rest);
            args.push(value.to_owned());
            rest = after;
            continue;
        }
        let key_len = rest
            .bytes()
            .take_while(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            .count();
        if key_len > 0 {
            let after_key = rest[key_len..].trim_start();
            if let Some(v) = after_key.strip_prefix('=') {
                if !v.starts_with('=') {
                    let v = v.trim_start();
                    let (value, after) = match v.chars().next() {
                        Some(q) if is_open_quote(q) => read_quoted(v),
                        _ => {
                            let end = v.find(char::is_whitespace).unwrap_or(v.len());
                            (&v[..end], &v[end..])
                        }
                    };
                    attrs.push((rest[..key_len].to_owned(), value.to_owned()));
                    rest = after;
                    continue;
                }
            }
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        args.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    (attrs, args)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '„' | '‘' | '’')
}

/// `s` starts with a quote; returns the quoted value and the text after the
/// closing quote (the rest of `s` when the quote is not closed). Straight quotes
/// close only with the same quote; curly quotes close with any quote of their
/// family.
fn read_quoted(s: &str) -> (&str, &str) {
    let Some(open) = s.chars().next() else {
        return ("", s);
    };
    let body = &s[open.len_utf8()..];
    let closes = |c: char| match open {
        '"' => c == '"',
        '\'' => c == '\'',
        '“' | '”' | '„' => matches!(c, '”' | '“' | '"'),
        _ => matches!(c, '’' | '‘' | '\''),
    };
    match body.char_indices().find(|&(_, c)| closes(c)) {
        Some((i, c)) => (&body[..i], &body[i + c.len_utf8()..]),
        None => (body, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_kinds() {
        assert_eq!(tag_kind("hint"), TagKind::Container);
        assert_eq!(
            tag_kind("api-method-response-example-description"),
            TagKind::Container
        );
        assert_eq!(tag_kind("include"), TagKind::Standalone);
        assert_eq!(tag_kind("@a/b"), TagKind::Standalone);
        assert_eq!(tag_kind("embed"), TagKind::OptionalEnd);
        assert_eq!(tag_kind("else"), TagKind::Branch);
        assert_eq!(tag_kind("Hint"), TagKind::Unknown);
        for list in [
            STANDALONE_TAGS,
            OPTIONAL_END_TAGS,
            CONTAINER_TAGS,
            BRANCH_TAGS,
        ] {
            for name in list {
                assert!(!name.starts_with(END_PREFIX), "{name}");
            }
        }
    }

    #[test]
    fn arguments_named_and_positional() {
        let (attrs, args) = parse_args("'one' two “three” k=v ../four.md");
        assert_eq!(args, vec!["one", "two", "three", "../four.md"]);
        assert_eq!(attrs, vec![("k".to_owned(), "v".to_owned())]);
        // `==` is a comparison, not an attribute; an unclosed quote runs to the end.
        let (attrs, args) = parse_args("a == b tail=\"open");
        assert_eq!(args, vec!["a", "==", "b"]);
        assert_eq!(attrs, vec![("tail".to_owned(), "open".to_owned())]);
        assert_eq!(parse_args("   "), (vec![], vec![]));
    }

    /// The value of the first attribute named `key`.
    fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn attribute_single_quotes_and_embedded_quotes() {
        let (attrs, _) = parse_args("title='main.rs' caption='say \"hi\"'");
        assert_eq!(attr(&attrs, "title"), Some("main.rs"));
        assert_eq!(attr(&attrs, "caption"), Some("say \"hi\""));
    }

    #[test]
    fn attribute_curly_quotes() {
        let (attrs, _) = parse_args("style=“danger” icon=”fire”");
        assert_eq!(attr(&attrs, "style"), Some("danger"));
        assert_eq!(attr(&attrs, "icon"), Some("fire"));
        let (attrs, _) = parse_args("title=‘Linux’");
        assert_eq!(attr(&attrs, "title"), Some("Linux"));
        // A curly quote may be closed by a straight one; straight quotes keep
        // curly quotes inside them.
        let (attrs, _) = parse_args("title=“A\" note=\"say “x”\"");
        assert_eq!(attr(&attrs, "title"), Some("A"));
        assert_eq!(attr(&attrs, "note"), Some("say “x”"));
    }

    #[test]
    fn attribute_edge_cases() {
        // Spaces around `=`, keys with `-`/`_`/digits, an unterminated quote,
        // an empty value, CJK values.
        let (attrs, args) =
            parse_args("date = \"2024-01-02\" x_1-y=\"\" title=\"版本 二\" tail=\"open");
        assert!(args.is_empty());
        assert_eq!(attr(&attrs, "date"), Some("2024-01-02"));
        assert_eq!(attr(&attrs, "x_1-y"), Some(""));
        assert_eq!(attr(&attrs, "title"), Some("版本 二"));
        assert_eq!(attr(&attrs, "tail"), Some("open"));
    }
}
