//! Inline text the GitBook way, beyond CommonMark: `$$…$$` math rendered to
//! MathML at build time, `:emoji:` shortcodes, and export artefacts removed.

use std::borrow::Cow;
use std::ops::Range;

/// A piece of a text run: plain text, or the LaTeX inside `$$…$$`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(Range<usize>),
    Math(Range<usize>),
}

/// Split text at `$$…$$` pairs. GitBook has no single-`$` math, so prices
/// like "$5 or $10" stay text.
pub(crate) fn split_math(text: &str) -> Vec<Piece> {
    // Nearly every run has no `$`: one memchr instead of a substring search.
    if !text.contains('$') {
        return if text.is_empty() {
            vec![]
        } else {
            vec![Piece::Text(0..text.len())]
        };
    }
    let mut pieces = vec![];
    let mut at = 0;
    while let Some(open) = text[at..].find("$$").map(|i| at + i) {
        let Some(close) = text[open + 2..].find("$$").map(|i| open + 2 + i) else {
            break;
        };
        if text[open + 2..close].trim().is_empty() {
            // `$$$$` is not math; keep it and look further.
            pieces.push(Piece::Text(at..close + 2));
            at = close + 2;
            continue;
        }
        if open > at {
            pieces.push(Piece::Text(at..open));
        }
        pieces.push(Piece::Math(open + 2..close));
        at = close + 2;
    }
    if at < text.len() {
        pieces.push(Piece::Text(at..text.len()));
    }
    pieces
}

/// The whole text is one `$$…$$` (a display formula when alone in a paragraph).
pub(crate) fn only_math(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    match split_math(trimmed).as_slice() {
        [Piece::Math(range)] => Some(&trimmed[range.clone()]),
        _ => None,
    }
}

/// Groups (`{…}`, `[…]`, `\left…\right`, `\begin…\end`) nested deeper than
/// this are not rendered: no real formula comes near it.
pub(crate) const MAX_FORMULA_DEPTH: usize = 64;

/// MathML for a LaTeX formula, and the parse error if there was one. A
/// formula that does not parse, or nests past [`MAX_FORMULA_DEPTH`], is
/// shown as its source: pulldown-latex would draw its diagnostic (a
/// message and a box-drawn excerpt) into the page, for readers to see and
/// search to index. KaTeX, which GitBook uses, shows the source too.
pub(crate) fn mathml(latex: &str, display: bool) -> (String, Option<String>) {
    if nests_too_deep(latex) {
        let message = format!(
            "nested more than {MAX_FORMULA_DEPTH} levels deep (`{{`, `[`, `\\left`, `\\begin`); shown as written"
        );
        return (formula_source(latex, &message), Some(message));
    }
    match parsed_mathml(latex, display) {
        Ok(html) => (html, None),
        Err(error) => {
            let message = format!("{}; shown as written", first_line(&error));
            (formula_source(latex, &message), Some(message))
        }
    }
}

/// Plain TeX's infix fractions, which KaTeX (and so GitBook) draws and
/// pulldown-latex does not read, as the commands it does: `{a \over b}` is
/// `\frac{a}{b}`, `\choose` is `\binom`, `\atop` a fraction without a
/// rule. Each group (and the whole formula) holds at most one, as in TeX;
/// a group with `\left`, `\begin`, `&` or `\\` at its own level is left
/// alone, since what they delimit is not the group's.
fn infix_fractions(latex: &str) -> Cow<'_, str> {
    if !["\\over", "\\atop", "\\choose"]
        .iter()
        .any(|infix| latex.contains(infix))
    {
        return Cow::Borrowed(latex);
    }
    Cow::Owned(rewrite_group(latex))
}

/// One group's content with its infix fraction, and those of the groups
/// inside it, written as commands. Depth is bounded by [`nests_too_deep`],
/// checked before.
fn rewrite_group(content: &str) -> String {
    let bytes = content.as_bytes();
    let mut out = String::with_capacity(content.len() + 8);
    let mut infix: Option<(usize, &str)> = None;
    let mut delimits = false;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' => {
                let end = matching_brace(bytes, at).unwrap_or(bytes.len());
                out.push('{');
                out.push_str(&rewrite_group(&content[at + 1..end]));
                if end < bytes.len() {
                    out.push('}');
                }
                at = end + 1;
                continue;
            }
            b'&' => delimits = true,
            b'%' => {
                let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
                out.push_str(&content[at..end]);
                at = end;
                continue;
            }
            b'\\' => {
                let command = control_sequence(content, at);
                let len = command.len();
                match command {
                    "\\over" | "\\atop" | "\\choose" if infix.is_none() => {
                        infix = Some((out.len(), command));
                        at += len;
                        continue;
                    }
                    "\\over" | "\\atop" | "\\choose" | "\\left" | "\\begin" | "\\\\" => {
                        delimits = true
                    }
                    _ => {}
                }
                out.push_str(command);
                at += len;
                continue;
            }
            _ => {}
        }
        let next = content[at..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&content[at..at + next]);
        at += next;
    }
    match infix {
        Some((split, command)) if !delimits => {
            let (above, below) = out.split_at(split);
            let (above, below) = (above.trim(), below.trim());
            match command {
                "\\choose" => format!("\\binom{{{above}}}{{{below}}}"),
                "\\atop" => format!("\\genfrac{{}}{{}}{{0pt}}{{}}{{{above}}}{{{below}}}"),
                _ => format!("\\frac{{{above}}}{{{below}}}"),
            }
        }
        Some((split, command)) => {
            out.insert_str(split, command);
            out
        }
        None => out,
    }
}

/// The `}` that closes the `{` at `open`, skipping escaped braces.
fn matching_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = open;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// A formula as written (without the line breaks around a display
/// formula's `$$`), with why it is not drawn on hover.
fn formula_source(latex: &str, why: &str) -> String {
    use crate::text::html::escape;
    format!(
        "<code class=\"math-source\" title=\"{}\">{}</code>",
        escape(why),
        escape(latex.trim())
    )
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The MathML of a formula, or the first parse error in it. Its
/// annotation keeps the TeX as written.
fn parsed_mathml(latex: &str, display: bool) -> Result<String, String> {
    use pulldown_latex::config::DisplayMode;
    use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};
    let storage = Storage::new();
    let mut error = None;
    let readable = infix_fractions(latex);
    let events = Parser::new(&readable, &storage).inspect(|e| {
        if let Err(e) = e {
            error.get_or_insert_with(|| e.to_string());
        }
    });
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    if push_mathml(&mut out, events, config).is_err() {
        error.get_or_insert_with(|| "could not render the formula".into());
    }
    error.map_or(Ok(out), Err)
}

/// Whether groups nest past [`MAX_FORMULA_DEPTH`]. pulldown-latex finds
/// each group's end by scanning from its start, then parses the inside, so
/// the work is the formula's length times its depth: 50,000 nested `{` took
/// a minute. The groups are counted as its scan counts them: `\{` and the
/// like are escaped, `%` starts a comment that ends the line.
fn nests_too_deep(latex: &str) -> bool {
    let bytes = latex.as_bytes();
    let (mut depth, mut at) = (0usize, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'%' => at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i),
            b'\\' => {
                let command = control_sequence(latex, at);
                match command {
                    "\\left" | "\\begin" => depth += 1,
                    "\\right" | "\\end" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                // Past it, less the step every byte takes below.
                at += command.len().max(2) - 1;
            }
            _ => {}
        }
        if depth > MAX_FORMULA_DEPTH {
            return true;
        }
        at += 1;
    }
    false
}

/// The control sequence at `at` (a `\\`): a control word (`\\left`), or the
/// backslash and the one character a control symbol escapes (`\\{`, `\\\\`).
fn control_sequence(latex: &str, at: usize) -> &str {
    let rest = &latex[at + 1..];
    let word = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let len = if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    &latex[at..at + 1 + len]
}

/// Replace `:shortcode:` with its emoji, for GitHub/GitBook shortcodes.
pub(crate) fn emoji_shortcodes(text: &str) -> Cow<'_, str> {
    if !text.contains(':') {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut search = 0;
    while let Some(open) = text[search..].find(':').map(|i| search + i) {
        let rest = &text[open + 1..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '+' || c == '-'))
            .unwrap_or(rest.len());
        if len > 0 && rest[len..].starts_with(':') {
            if let Some(emoji) = emojis::get_by_shortcode(&rest[..len]) {
                out.push_str(&text[copied..open]);
                out.push_str(emoji.as_str());
                copied = open + len + 2;
                search = copied;
                continue;
            }
        }
        search = open + 1;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// GitBook's exporter sometimes writes `&#xNAN;` (an entity of "NaN"); it
/// stands for nothing and is removed.
pub(crate) fn strip_export_artefacts(text: &str) -> Cow<'_, str> {
    if text.contains("&#xNAN;") {
        Cow::Owned(text.replace("&#xNAN;", ""))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_double_dollar_math_only() {
        let text = "Cost $5 or $10; energy $$E=mc^2$$ and $$$$ empty.";
        let pieces = split_math(text);
        let math: Vec<&str> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Math(r) => Some(&text[r.clone()]),
                _ => None,
            })
            .collect();
        assert_eq!(math, ["E=mc^2"]);
        assert_eq!(only_math("  $$\\frac{a}{b}$$\n"), Some("\\frac{a}{b}"));
        assert_eq!(only_math("$$a$$ and more"), None);
    }

    #[test]
    fn renders_mathml_and_reports_errors() {
        let (html, error) = mathml("\\frac{a}{b}", true);
        assert!(
            html.starts_with("<math") && html.contains("<mfrac>"),
            "{html}"
        );
        assert!(html.contains("display=\"block\""), "{html}");
        assert!(error.is_none());
        // A formula that does not parse is shown as written, never with the
        // parser's diagnostic drawn into it.
        let (html, error) = mathml("\\displaylines{ a < b \\\\ c }", true);
        assert_eq!(
            error.as_deref(),
            Some("parsing error: unknown primitive command found; shown as written")
        );
        assert_eq!(
            html,
            "<code class=\"math-source\" title=\"parsing error: unknown primitive command found; shown as written\">\\displaylines{ a &lt; b \\\\ c }</code>"
        );
        let (html, error) = mathml("\\frac{a}{", false);
        assert!(error.is_some_and(|e| e.starts_with("parsing error: unbalanced group")));
        assert!(html.ends_with(">\\frac{a}{</code>"), "{html}");
    }

    /// KaTeX draws plain TeX's infix fractions; GitBook spaces write them.
    #[test]
    fn infix_fractions_become_the_commands_pulldown_latex_reads() {
        for (written, read) in [
            ("r = {a \\over b}", "r = {\\frac{a}{b}}"),
            ("a \\over b", "\\frac{a}{b}"),
            ("{n \\choose k}", "{\\binom{n}{k}}"),
            ("{x \\atop y}", "{\\genfrac{}{}{0pt}{}{x}{y}}"),
            (
                "{(N - R) \\over {N + R}} + 1",
                "{\\frac{(N - R)}{{N + R}}} + 1",
            ),
            // Not infix: longer command names, escaped braces, comments.
            (
                "\\overline{x} + \\overset{a}{b}",
                "\\overline{x} + \\overset{a}{b}",
            ),
            ("\\{ a \\} % \\over\n+ \\é", "\\{ a \\} % \\over\n+ \\é"),
            // Left alone where the group's level is delimited otherwise.
            ("\\left( a \\over b \\right)", "\\left( a \\over b \\right)"),
            ("{a \\over b \\over c}", "{a \\over b \\over c}"),
            ("{a \\over b", "{\\frac{a}{b}"),
        ] {
            assert_eq!(infix_fractions(written), read, "{written}");
        }
        for formula in ["{a \\over b}", "{n \\choose k}", "{x \\atop y}"] {
            let (html, error) = mathml(formula, true);
            assert!(
                error.is_none() && html.contains("<mfrac"),
                "{formula}: {html}"
            );
        }
    }

    /// Issue 22 §7: deep nesting is shown as written, at once.
    #[test]
    fn formulas_nested_past_the_limit_are_shown_as_written() {
        let deep = format!("{}x{}", "{".repeat(50_000), "}".repeat(50_000));
        let (html, error) = mathml(&deep, true);
        assert!(html.starts_with("<code class=\"math-source\"") && html.ends_with("}}}</code>"));
        assert_eq!(
            error.as_deref(),
            Some(
                "nested more than 64 levels deep (`{`, `[`, `\\left`, `\\begin`); shown as written"
            )
        );
        for deep in [
            "\\left(".repeat(65),
            "\\sqrt[".repeat(65),
            "\\begin{matrix}".repeat(65),
        ] {
            assert!(nests_too_deep(&deep), "{deep}");
        }
        // Escaped braces, comments and 64 real levels are fine.
        assert!(!nests_too_deep(&"\\{".repeat(100)));
        assert!(!nests_too_deep(&format!("%{}\nx", "{".repeat(100))));
        let at_limit = format!("{}x{}", "{".repeat(64), "}".repeat(64));
        assert!(!nests_too_deep(&at_limit));
        assert!(mathml(&at_limit, false).1.is_none());
    }

    #[test]
    fn replaces_known_shortcodes_only() {
        assert_eq!(
            emoji_shortcodes("Home :house: at 12:30:45 :nope:"),
            "Home 🏠 at 12:30:45 :nope:"
        );
        assert_eq!(emoji_shortcodes(":rocket::tada:"), "🚀🎉");
    }

    #[test]
    fn strips_nan_entities() {
        assert_eq!(strip_export_artefacts("a&#xNAN;b"), "ab");
    }
}
