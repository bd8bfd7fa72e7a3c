//! Diagnostics: problems found in the user's content, with the place they were found.
//!
//! Parsers keep byte offsets; a [`LineIndex`] turns an offset into a 1-based
//! line and a 1-based column in characters only when a diagnostic is reported.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail the build (exit 1), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// `error` or `warning`, as reports print it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A 1-based line and column (column counted in characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One problem in one file, optionally at a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable name for the kind of problem (`broken-link`, `front-matter`, ...).
    pub kind: &'static str,
    /// Path relative to the directory the user pointed quire at.
    pub path: PathBuf,
    pub at: Option<LineCol>,
    pub message: String,
    /// What the finding points at, when it is a link or a file (`guide.md#setup`).
    pub target: Option<String>,
}

impl Diagnostic {
    pub fn error(kind: &'static str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, kind, path, message)
    }

    pub fn warning(
        kind: &'static str,
        path: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, kind, path, message)
    }

    fn new(
        severity: Severity,
        kind: &'static str,
        path: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            kind,
            path: path.into(),
            at: None,
            message: message.into(),
            target: None,
        }
    }

    /// Attach a position.
    pub fn at(mut self, at: LineCol) -> Self {
        self.at = Some(at);
        self
    }

    /// Attach a position when one is known.
    pub fn at_opt(self, at: Option<LineCol>) -> Self {
        match at {
            Some(at) => self.at(at),
            None => self,
        }
    }

    /// Attach what the finding points at.
    pub fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// Attach a position given as a byte offset into `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        self.at(LineIndex::new(text).locate(offset))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key that keeps reports stable across runs: by file, then position.
    pub fn sort_key(&self) -> (&Path, Option<LineCol>, &str) {
        (&self.path, self.at, &self.message)
    }
}

impl Diagnostic {
    /// `path:line:column` (or `path`), its file name escaped.
    fn write_place(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escape_controls(&self.path.display().to_string()))?;
        match self.at {
            Some(at) => write!(f, ":{}:{}", at.line, at.column),
            None => Ok(()),
        }
    }
}

/// `path:line:column: error|warning[kind]: message (target)`: one line, the
/// same in `quire build`, `quire check` and `quire serve`, so a finding reads
/// alike wherever it is met, whatever its file name holds.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_place(f)?;
        let severity = self.severity.name();
        let message = escape_controls(&self.message);
        write!(f, ": {severity}[{}]: {message}", self.kind)?;
        if let Some(target) = &self.target {
            write!(f, " ({})", escape_controls(target))?;
        }
        Ok(())
    }
}

/// Line breaks and other control characters as `%0A`-style escapes, the way
/// GitHub annotations write them: a file named `a<LF>b.md` must not split
/// its finding over two lines, nor one with an escape sequence drive the
/// terminal. Tabs are kept.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let needs_escape = |c: char| c.is_control() && c != '\t';
    if !text.contains(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("%{:02X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A fatal problem at a place in a file: a `quire.yaml` that cannot be read.
/// Alone, it is printed as every finding is, `quire.yaml:1:8: error[config]: …`
/// (see [`fatal_message`]); inside a chain of contexts, as `quire.yaml:1:8: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FatalAt(pub Diagnostic);

impl fmt::Display for FatalAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_place(f)?;
        write!(f, ": {}", escape_controls(&self.0.message))
    }
}

impl std::error::Error for FatalAt {}

/// The line a fatal error is printed as: `path:line:col: error[kind]: message`
/// when it is one [`FatalAt`], else `error: ` and the chain of contexts.
pub fn fatal_message(error: &anyhow::Error) -> String {
    match error.downcast_ref::<FatalAt>() {
        Some(located) if error.chain().count() == 1 => located.0.to_string(),
        _ => format!("error: {error:#}"),
    }
}

/// Byte offsets of line starts, for turning an offset into a line and column.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Cow<'a, [usize]>,
}

/// The byte offset of each line of `text`: what a [`LineIndex`] looks up.
/// Computing it scans the whole text, so a text with many findings keeps
/// one (see `Page::lines`) rather than one per finding.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: Cow::Owned(line_starts(text)),
        }
    }

    /// An index of `text` from its [`line_starts`], computed before.
    pub fn with_starts(text: &'a str, starts: &'a [usize]) -> Self {
        LineIndex {
            text,
            starts: Cow::Borrowed(starts),
        }
    }

    /// Line and column (both 1-based, column in characters) of a byte offset.
    /// Offsets past the end or inside a character are clamped.
    pub fn locate(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }
}

/// Collected diagnostics of a whole build, sorted for stable output.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(more);
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn sort(&mut self) {
        self.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.diagnostics.dedup();
    }
}

/// The text of a caught panic, for a diagnostic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let text = "ab\n中文x\n\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(0), LineCol { line: 1, column: 1 });
        assert_eq!(index.locate(3), LineCol { line: 2, column: 1 });
        // "x" follows two 3-byte characters: byte 9, column 3.
        assert_eq!(index.locate(9), LineCol { line: 2, column: 3 });
        assert_eq!(index.locate(11), LineCol { line: 3, column: 1 });
        assert_eq!(index.locate(999), LineCol { line: 4, column: 5 });
    }

    #[test]
    fn displays_path_line_column() {
        let d = Diagnostic::warning("broken-link", "a/b.md", "no page `c.md`")
            .at(LineCol { line: 3, column: 7 });
        assert_eq!(
            d.to_string(),
            "a/b.md:3:7: warning[broken-link]: no page `c.md`"
        );
        let d = Diagnostic::error("summary", "SUMMARY.md", "missing").with_target("c.md");
        assert_eq!(d.to_string(), "SUMMARY.md: error[summary]: missing (c.md)");
    }

    #[test]
    fn control_characters_are_escaped_and_tabs_kept() {
        let d = Diagnostic::warning("io", "a\nb\r.md", "bad \u{1b}[2J\tname");
        assert_eq!(d.to_string(), "a%0Ab%0D.md: warning[io]: bad %1B[2J\tname");
        assert!(matches!(escape_controls("plain 中文"), Cow::Borrowed(_)));
        assert_eq!(escape_controls("\u{85}\u{7f}"), "%85%7F");
    }
}
