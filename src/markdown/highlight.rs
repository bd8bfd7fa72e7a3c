//! Code highlighting at build time, with syntect and the syntaxes bat curates
//! (two-face). Tokens get one of a dozen short classes (`hl-k` keyword,
//! `hl-s` string, …) rather than colours, so the theme's CSS gives them a
//! light and a dark palette and a project restyles them like anything else.
//!
//! The syntaxes load once, on the first block in a known language. A block
//! in an unknown language, or too big to be worth it, stays plain text.

use super::highlight_cache::Cache;
use crate::text::html::escape;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::OnceLock;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

/// Blocks larger than this are shown plain: highlighting is regex work per
/// line, and a pasted log of megabytes gains nothing from colour.
const MAX_BYTES: usize = 256 * 1024;
/// A line longer than this (minified code) is left plain, with the rest of its block.
const MAX_LINE: usize = 4 * 1024;

/// Names writers use for a language that syntect knows by another token.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("sh", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("shellscript", "bash"),
    ("golang", "go"),
    ("kt", "kotlin"),
    ("py", "python"),
    ("python3", "python"),
    ("js", "javascript"),
    ("node", "javascript"),
    ("ts", "typescript"),
    ("yml", "yaml"),
    ("patch", "diff"),
    ("html", "html"),
    ("xhtml", "html"),
    ("svg", "xml"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("postgresql", "sql"),
    ("postgres", "sql"),
    ("mysql", "sql"),
    ("plsql", "sql"),
    ("rs", "rust"),
    ("cs", "c#"),
    ("csharp", "c#"),
    ("ps1", "powershell"),
    ("docker", "dockerfile"),
];

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// The syntax for a fence's language, if it is one syntect knows.
fn syntax_for(language: &str) -> Option<&'static SyntaxReference> {
    let lower = language.to_ascii_lowercase();
    if lower.is_empty() || matches!(lower.as_str(), "text" | "plain" | "txt" | "plaintext") {
        return None;
    }
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, token)| token);
    let set = syntaxes();
    set.find_syntax_by_token(token)
        .or_else(|| set.find_syntax_by_name(language))
}

/// `code` as `<span class="line">` lines with its tokens classed, or `None`
/// when the language is unknown or the block is too large to highlight.
pub(super) fn highlight(language: &str, code: &str) -> Option<String> {
    if code.len() > MAX_BYTES || code.lines().any(|l| l.len() > MAX_LINE) {
        return None;
    }
    let syntax = syntax_for(language)?;
    let set = syntaxes();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = String::with_capacity(code.len() * 2);
    let mut line_text = String::new();
    for line in code.strip_suffix('\n').unwrap_or(code).split('\n') {
        // Syntaxes of the "newlines" set expect each line to end with one.
        line_text.clear();
        line_text.push_str(line);
        line_text.push('\n');
        let ops = state.parse_line(&line_text, set).ok()?;
        out.push_str("<span class=\"line\">");
        let mut writer = LineWriter::new(&mut out);
        let mut at = 0;
        for (offset, op) in ops {
            let offset = offset.min(line.len());
            if offset > at {
                writer.push(&line[at..offset], class_of(&stack));
                at = offset;
            }
            stack.apply(&op).ok()?;
        }
        if at < line.len() {
            writer.push(&line[at..], class_of(&stack));
        }
        writer.finish();
        out.push_str("</span>\n");
    }
    Some(out)
}

/// Writes one line's tokens, joining neighbours of the same class; spaces
/// between two tokens of one class stay inside its span, others outside.
struct LineWriter<'a> {
    out: &'a mut String,
    open: Option<&'static str>,
    /// Whitespace after the open span, not yet placed.
    pending: String,
}

impl<'a> LineWriter<'a> {
    fn new(out: &'a mut String) -> Self {
        LineWriter {
            out,
            open: None,
            pending: String::new(),
        }
    }

    fn push(&mut self, text: &str, class: Option<&'static str>) {
        if text.trim().is_empty() {
            self.pending.push_str(text);
            return;
        }
        if class != self.open {
            if self.open.is_some() {
                self.out.push_str("</span>");
            }
            self.out.push_str(&self.pending);
            if let Some(class) = class {
                self.out.push_str("<span class=\"hl-");
                self.out.push_str(class);
                self.out.push_str("\">");
            }
            self.open = class;
        } else {
            self.out.push_str(&self.pending);
        }
        self.pending.clear();
        self.out.push_str(&escape(text));
    }

    fn finish(self) {
        if self.open.is_some() {
            self.out.push_str("</span>");
        }
        self.out.push_str(&self.pending);
    }
}

/// The class of the innermost scope that has one.
fn class_of(stack: &ScopeStack) -> Option<&'static str> {
    thread_local! {
        static CLASSES: RefCell<FxHashMap<Scope, Option<&'static str>>> = RefCell::default();
    }
    let scopes = stack.as_slice();
    if scopes.iter().any(|s| is_key(*s)) {
        return Some("p");
    }
    CLASSES.with(|cache| {
        let mut cache = cache.borrow_mut();
        scopes.iter().rev().find_map(|scope| {
            *cache
                .entry(*scope)
                .or_insert_with(|| class_of_scope(&scope.build_string()))
        })
    })
}

/// Whether a scope is a mapping key (JSON, TOML): its string reads as a
/// property name, not as a string value.
fn is_key(scope: Scope) -> bool {
    static KEY: OnceLock<Scope> = OnceLock::new();
    KEY.get_or_init(|| Scope::new("meta.mapping.key").expect("valid scope"))
        .is_prefix_of(scope)
}

/// TextMate scope names → the theme's token classes. Order matters: the
/// first prefix that matches wins.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "c"),
    ("punctuation.definition.comment", "c"),
    ("markup.inserted", "i"),
    ("markup.deleted", "d"),
    ("markup.changed", "h"),
    ("meta.diff.range", "h"),
    ("meta.diff.header", "h"),
    ("meta.separator.diff", "h"),
    ("constant.character.escape", "e"),
    ("string.regexp", "e"),
    ("string", "s"),
    ("constant.numeric", "n"),
    ("constant.language", "b"),
    ("constant.other", "b"),
    ("support.constant", "b"),
    ("variable.language", "b"),
    // YAML's keys are "tags" in its syntax; they read as property names.
    ("entity.name.tag.yaml", "p"),
    ("entity.name.tag", "g"),
    ("entity.other.attribute-name", "a"),
    ("support.type.property-name", "p"),
    ("meta.mapping.key", "p"),
    ("entity.name.key", "p"),
    ("keyword.operator", "o"),
    ("keyword", "k"),
    ("storage", "k"),
    ("entity.name.type", "t"),
    ("entity.name.class", "t"),
    ("entity.other.inherited-class", "t"),
    ("support.type", "t"),
    ("support.class", "t"),
    ("entity.name.function", "f"),
    ("support.function", "f"),
    ("variable.function", "f"),
    ("entity.name.section", "h"),
    ("markup.heading", "h"),
    ("variable.parameter", "v"),
    ("variable.other.readwrite.shell", "v"),
    ("variable.other.member", "v"),
    ("entity.name.constant", "b"),
];

fn class_of_scope(scope: &str) -> Option<&'static str> {
    CLASSES
        .iter()
        .find(|(prefix, _)| {
            scope
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
        .map(|(_, class)| *class)
}

/// A code block with one `<span class="line">` per line, so themes can number
/// lines with CSS counters and highlight them; tokens are classed when the
/// language is one the highlighter knows.
pub(super) fn code_block_html(highlights: &Cache, language: &str, code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 64);
    out.push_str("<pre><code");
    if !language.is_empty() {
        out.push_str(&format!(" class=\"language-{}\"", escape(language)));
    }
    out.push('>');
    let highlighted = highlights.get_or_insert(language, code, || highlight(language, code));
    match highlighted {
        Some(lines) => out.push_str(&lines),
        None => {
            for line in code.strip_suffix('\n').unwrap_or(code).split('\n') {
                out.push_str("<span class=\"line\">");
                out.push_str(&escape(line));
                out.push_str("</span>\n");
            }
        }
    }
    out.push_str("</code></pre>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The (class, text) pairs of a highlighted line.
    fn tokens(language: &str, code: &str) -> Vec<(String, String)> {
        let html =
            highlight(language, code).unwrap_or_else(|| panic!("{language} not highlighted"));
        html.split("<span class=\"hl-")
            .skip(1)
            .map(|rest| {
                let (class, rest) = rest.split_once("\">").unwrap();
                let text = rest.split("</span>").next().unwrap();
                (class.to_string(), text.to_string())
            })
            .collect()
    }

    fn has(tokens: &[(String, String)], class: &str, text: &str) -> bool {
        tokens.iter().any(|(c, t)| c == class && t.contains(text))
    }

    #[test]
    fn the_languages_of_real_spaces_are_highlighted() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "bash",
                "# install\nexport PATH=\"$HOME/bin\"\n",
                "c",
                "# install",
            ),
            ("sh", "echo \"hi\"\n", "s", "hi"),
            ("json", "{\"name\": 1, \"ok\": true}\n", "n", "1"),
            ("json", "{\"name\": \"v\"}\n", "p", "name"),
            ("yaml", "title: Help\nlist:\n  - 3\n", "p", "title"),
            ("javascript", "const x = 'a'; // note\n", "k", "const"),
            ("typescript", "let n: number = 2;\n", "t", "number"),
            ("python", "def run(x):\n    return \"ok\"\n", "f", "run"),
            ("java", "public class A { int x = 1; }\n", "k", "public"),
            ("kotlin", "fun main() { val x = \"s\" }\n", "k", "fun"),
            ("swift", "func go() -> Int { return 1 }\n", "k", "func"),
            ("go", "func main() { fmt.Println(\"hi\") }\n", "k", "func"),
            ("rust", "fn main() { let x = 1; }\n", "k", "fn"),
            ("sql", "SELECT id FROM users WHERE id = 1;\n", "k", "SELECT"),
            (
                "http",
                "GET /api/v1/users HTTP/1.1\nHost: example.com\n",
                "k",
                "Host",
            ),
            ("xml", "<note id=\"1\">text</note>\n", "g", "note"),
            ("html", "<a href=\"/x\">x</a>\n", "a", "href"),
            ("css", ".box { color: red; }\n", "p", "color"),
            ("diff", "--- a\n+++ b\n-old\n+new\n", "i", "+new"),
        ];
        let missing: Vec<String> = cases
            .iter()
            .filter_map(|(language, code, class, text)| {
                let found = tokens(language, code);
                (!has(&found, class, text))
                    .then(|| format!("{language}: no {class} `{text}` in {found:?}"))
            })
            .collect();
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    #[test]
    fn unknown_and_plain_languages_are_left_alone() {
        for language in ["", "text", "plain", "klingon", "mermaid-ish"] {
            assert_eq!(highlight(language, "a < b\n"), None, "{language}");
        }
        let huge = "x = 1\n".repeat(MAX_BYTES / 4);
        assert_eq!(highlight("python", &huge), None);
        assert_eq!(
            highlight("json", &format!("[{}]\n", "1,".repeat(MAX_LINE))),
            None
        );
    }

    #[test]
    fn text_is_escaped_and_lines_are_kept() {
        let html = highlight("html", "<p class=\"x\">a & b</p>\n\n<br>").unwrap();
        assert_eq!(html.matches("<span class=\"line\">").count(), 3, "{html}");
        assert!(html.contains("&amp;"), "{html}");
        assert!(html.contains("&lt;"), "{html}");
        assert!(!html.contains("<p"), "{html}");
        // Plain text round-trips: removing the tags gives the escaped source.
        let text: String = strip_tags(&html);
        assert_eq!(
            text,
            "&lt;p class=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;\n\n&lt;br&gt;\n"
        );
    }

    #[test]
    fn state_carries_across_lines() {
        let found = tokens("python", "s = \"\"\"\nstill a string\n\"\"\"\n");
        assert!(has(&found, "s", "still a string"), "{found:?}");
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }
}
