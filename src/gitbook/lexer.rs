//! Pass 1: find every syntactically valid tag outside code, in order, with
//! its byte span.
//!
//! The scan walks the text line by line, skipping code (fenced blocks, inline
//! code spans, HTML `<pre>` regions). A tag that stands alone on its line
//! (possibly with other tags, only whitespace around) also owns that whole
//! line, newline included. The scan is linear in the text and hands each tag
//! to its caller as it finds it.
//!
//! Finer points:
//!
//! - A line holding only tags ends a paragraph, like a blank line, a fence
//!   opener or a `<pre` line: an inline code span never runs across it, so a
//!   stray backtick in one tab cannot swallow the tags of the next.
//! - Code spans follow CommonMark: a backtick run closes at the next run of the
//!   same length within the paragraph; a backslash-escaped backtick opens
//!   nothing. `<pre` (any case, not `\<pre`) starts a literal region up to
//!   `</pre>`, or to the end of the text when unclosed, like an unclosed fence.
//!   Indented (4-space) code blocks and HTML comments are *not* literal: list
//!   items make indentation ambiguous without a full Markdown parse.
//! - The first `%}` on the line closes a tag, even inside a quoted value.
//! - `-` is Jinja whitespace control only when it touches `{%` / `%}`.

use super::bytes::{columns, find_any, Span};

/// Find the tags of `text`, calling `on_tag` with each in text order.
pub(super) fn scan(text: &str, on_tag: impl FnMut(RawTag)) {
    Scanner::new(text, on_tag).scan();
}

/// A syntactically valid tag found outside code.
#[derive(Debug, Clone)]
pub(super) struct RawTag {
    /// `{% … %}`.
    pub span: Span,
    /// What the tag owns: its span, widened to the whole line (newline included)
    /// when the line holds only tags and whitespace.
    pub region: Span,
    /// The name, including `end` for end tags.
    pub name: Span,
    /// Argument text, trimmed.
    pub raw: Span,
    /// Columns of indentation when the tag is the first thing on its line,
    /// or the first after a list item's marker alone on it.
    pub indent: Option<usize>,
}

/// The syntax of one tag, before it becomes a [`RawTag`].
struct TagSyntax {
    span: Span,
    name: Span,
    raw: Span,
}

/// Cached search for the next `%}`: answers never rescan text already scanned by
/// a query that started at or before the new one.
struct CloseFinder {
    from: usize,
    found: usize,
}

impl CloseFinder {
    fn new() -> Self {
        CloseFinder {
            from: usize::MAX,
            found: 0,
        }
    }

    /// Position of the next `%}` at or after `q`, or `hay.len()`.
    fn next(&mut self, hay: &[u8], q: usize) -> usize {
        if q >= self.from && q <= self.found {
            return self.found;
        }
        self.from = q;
        self.found = hay.len();
        let mut i = q;
        while let Some(off) = hay.get(i..).and_then(|rest| find_any(rest, [b'%'])) {
            if hay.get(i + off + 1) == Some(&b'}') {
                self.found = i + off;
                break;
            }
            i += off + 1;
        }
        self.found
    }
}

#[derive(Debug, Clone, Copy)]
struct Run {
    pos: usize,
    len: usize,
    escaped: bool,
}

enum LineKind {
    Blank,
    Fence(u8, usize),
    TagLine,
    Pre,
    Text,
}

struct Scanner<'a, F> {
    text: &'a str,
    b: &'a [u8],
    /// Receives the tags in order.
    on_tag: F,
    /// Tags of the line being checked by `tag_line`.
    line_tags: Vec<RawTag>,
    /// For the main left-to-right walk.
    close_main: CloseFinder,
    /// For look-ahead while finding the end of a paragraph.
    close_ahead: CloseFinder,
    runs: Vec<Run>,
    /// `(run length, run index)`, sorted: finds the closer of a code span.
    order: Vec<(usize, usize)>,
    /// Code regions skipped, for tests.
    #[cfg(test)]
    code: Vec<Span>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\x0c')
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'/')
}

fn line_end(b: &[u8], p: usize) -> usize {
    find_any(&b[p..], [b'\n']).map_or(b.len(), |i| p + i)
}

fn next_line(b: &[u8], le: usize) -> usize {
    if le < b.len() {
        le + 1
    } else {
        b.len()
    }
}

/// `<pre>` / `<pre attr…>` at `p`, not escaped with a backslash.
fn is_pre_open(b: &[u8], p: usize) -> bool {
    b.len() >= p + 4
        && b[p] == b'<'
        && b[p + 1..p + 4].eq_ignore_ascii_case(b"pre")
        && b.get(p + 4)
            .is_none_or(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
        && !(p > 0 && b[p - 1] == b'\\')
}

/// End of the `<pre>` region opened at `p`: just past the `>` of `</pre>`, or the
/// end of the text when it is not closed.
fn pre_end(b: &[u8], p: usize) -> usize {
    let mut i = p + 4;
    while let Some(off) = b.get(i..).and_then(|r| find_any(r, [b'<'])) {
        let lt = i + off;
        if b.len() >= lt + 5
            && b[lt + 1] == b'/'
            && b[lt + 2..lt + 5].eq_ignore_ascii_case(b"pre")
            && b.get(lt + 5)
                .is_none_or(|&c| c == b'>' || c.is_ascii_whitespace())
        {
            return b[lt + 5..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |j| lt + 5 + j + 1);
        }
        i = lt + 1;
    }
    b.len()
}

/// Parse the tag syntax at `p` (which holds `{%`); the closing `%}` must come
/// before `le`, the end of the line.
fn parse_tag_at(
    text: &str,
    b: &[u8],
    p: usize,
    le: usize,
    finder: &mut CloseFinder,
) -> Option<TagSyntax> {
    let c = finder.next(b, p + 2);
    if c + 2 > le {
        return None;
    }
    let (mut a, mut z) = (p + 2, c);
    let trim = |a: &mut usize, z: &mut usize| {
        while *a < *z && is_space(b[*a]) {
            *a += 1;
        }
        while *z > *a && is_space(b[*z - 1]) {
            *z -= 1;
        }
    };
    // Jinja whitespace control: `{%- … -%}` (the dash touches the delimiter).
    if a < z && b[a] == b'-' {
        a += 1;
    }
    if a < z && b[z - 1] == b'-' {
        z -= 1;
    }
    trim(&mut a, &mut z);
    let start = a;
    let mut i = a;
    if i < z && b[i] == b'@' {
        i += 1;
        if !(i < z && is_name_byte(b[i])) {
            return None;
        }
    } else if !(i < z && (b[i].is_ascii_alphabetic() || b[i] == b'_')) {
        return None;
    }
    while i < z && is_name_byte(b[i]) {
        i += 1;
    }
    // `i` follows ASCII name bytes and `z` precedes ASCII bytes: both are char
    // boundaries.
    let rest = &text[i..z];
    let trimmed = rest.trim();
    let raw_start = i + (rest.len() - rest.trim_start().len());
    Some(TagSyntax {
        span: p..c + 2,
        name: start..i,
        raw: raw_start..raw_start + trimmed.len(),
    })
}

impl<'a, F: FnMut(RawTag)> Scanner<'a, F> {
    fn new(text: &'a str, on_tag: F) -> Self {
        Scanner {
            text,
            b: text.as_bytes(),
            on_tag,
            line_tags: Vec::new(),
            close_main: CloseFinder::new(),
            close_ahead: CloseFinder::new(),
            runs: Vec::new(),
            order: Vec::new(),
            #[cfg(test)]
            code: Vec::new(),
        }
    }

    fn scan(&mut self) {
        let b = self.b;
        let n = b.len();
        let mut pos = 0;
        while pos < n {
            if pos == 0 || b[pos - 1] == b'\n' {
                let le = line_end(b, pos);
                let next = next_line(b, le);
                match self.classify(pos, le, true) {
                    LineKind::Blank | LineKind::TagLine => {
                        pos = next;
                        continue;
                    }
                    LineKind::Fence(ch, len) => {
                        let end = self.skip_fence(next, ch, len);
                        #[cfg(test)]
                        self.code.push(pos..end);
                        pos = end;
                        continue;
                    }
                    LineKind::Pre | LineKind::Text => {}
                }
            }
            let pend = self.paragraph_end(pos);
            pos = self.scan_inline(pos, pend);
        }
    }

    /// Classify the line `[ls, le)`. With `emit`, a tag line's tags are recorded.
    fn classify(&mut self, ls: usize, le: usize, emit: bool) -> LineKind {
        let b = self.b;
        let mut i = ls;
        while i < le && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        if b[i..le].iter().all(|&c| is_space(c)) {
            return LineKind::Blank;
        }
        match b[i] {
            ch @ (b'`' | b'~') => {
                let mut j = i;
                while j < le && b[j] == ch {
                    j += 1;
                }
                let len = j - i;
                if len >= 3 && !(ch == b'`' && b[j..le].contains(&b'`')) {
                    return LineKind::Fence(ch, len);
                }
            }
            b'{' if self.tag_line(ls, i, le, emit) => return LineKind::TagLine,
            b'<' if is_pre_open(b, i) => return LineKind::Pre,
            _ => {}
        }
        LineKind::Text
    }

    /// Whether `[first, le)` holds only tags and whitespace (at least one tag).
    fn tag_line(&mut self, ls: usize, first: usize, le: usize, emit: bool) -> bool {
        let (text, b) = (self.text, self.b);
        let finder = if emit {
            &mut self.close_main
        } else {
            &mut self.close_ahead
        };
        self.line_tags.clear();
        let mut i = first;
        loop {
            let tag = if i + 1 < le && b[i] == b'{' && b[i + 1] == b'%' {
                parse_tag_at(text, b, i, le, finder)
            } else {
                None
            };
            let Some(tag) = tag else {
                return false;
            };
            i = tag.span.end;
            if emit {
                self.line_tags.push(RawTag {
                    region: tag.span.clone(),
                    span: tag.span,
                    name: tag.name,
                    raw: tag.raw,
                    indent: None,
                });
            }
            while i < le && is_space(b[i]) {
                i += 1;
            }
            if i >= le {
                break;
            }
        }
        if emit {
            let next = next_line(b, le);
            if let Some(head) = self.line_tags.first_mut() {
                head.region.start = ls;
                head.indent = Some(columns(&b[ls..first]));
            }
            if let Some(last) = self.line_tags.last_mut() {
                last.region.end = next;
            }
            for tag in self.line_tags.drain(..) {
                (self.on_tag)(tag);
            }
        }
        true
    }

    /// Skip the body of a fenced code block whose body starts at `from`; returns
    /// the start of the line after the closing fence (or the end of the text).
    fn skip_fence(&self, from: usize, ch: u8, len: usize) -> usize {
        let b = self.b;
        let mut ls = from;
        while ls < b.len() {
            let le = line_end(b, ls);
            let mut i = ls;
            while i < le && matches!(b[i], b' ' | b'\t') {
                i += 1;
            }
            let mut j = i;
            while j < le && b[j] == ch {
                j += 1;
            }
            if j - i >= len && b[j..le].iter().all(|&c| is_space(c)) {
                return next_line(b, le);
            }
            ls = next_line(b, le);
        }
        b.len()
    }

    /// Start of the first line after `pos`'s line that ends the paragraph (blank
    /// line, fence, tag line, `<pre>` line), or the end of the text.
    fn paragraph_end(&mut self, pos: usize) -> usize {
        let b = self.b;
        let mut ls = next_line(b, line_end(b, pos));
        while ls < b.len() {
            let le = line_end(b, ls);
            match self.classify(ls, le, false) {
                LineKind::Text => ls = next_line(b, le),
                _ => return ls,
            }
        }
        b.len()
    }

    /// Find tags in the paragraph `[start, pend)`, skipping inline code and
    /// `<pre>` regions. Returns where scanning resumes (`pend`, or later when a
    /// `<pre>` region runs past the paragraph).
    fn scan_inline(&mut self, start: usize, pend: usize) -> usize {
        let (text, b) = (self.text, self.b);
        self.collect_runs(start, pend);
        let mut r = 0;
        let mut p = start;
        // (line start, line end, first non-blank, its column)
        let mut line: Option<(usize, usize, usize, usize)> = None;
        while p < pend {
            match find_any(&b[p..pend], [b'`', b'{', b'<']) {
                Some(off) => p += off,
                None => break,
            }
            match b[p] {
                b'`' => {
                    while r < self.runs.len() && self.runs[r].pos + self.runs[r].len <= p {
                        r += 1;
                    }
                    let Some(&run) = self.runs.get(r) else {
                        p += 1;
                        continue;
                    };
                    let run_end = run.pos + run.len;
                    let mut want = run_end - p;
                    if p == run.pos && run.escaped {
                        want -= 1;
                    }
                    let closer = if want == 0 {
                        None
                    } else {
                        let k = self.order.partition_point(|&e| e < (want, r + 1));
                        self.order
                            .get(k)
                            .filter(|&&(len, _)| len == want)
                            .map(|&(_, j)| j)
                    };
                    match closer {
                        Some(j) => {
                            #[cfg(test)]
                            self.code.push(p..self.runs[j].pos + self.runs[j].len);
                            p = self.runs[j].pos + self.runs[j].len;
                            r = j + 1;
                        }
                        None => {
                            p = run_end;
                            r += 1;
                        }
                    }
                }
                b'{' if p + 1 < pend && b[p + 1] == b'%' => {
                    let (_, le, first, col) = match line {
                        Some(l) if p >= l.0 && p <= l.1 => l,
                        _ => {
                            let ls = b[..p]
                                .iter()
                                .rposition(|&c| c == b'\n')
                                .map_or(0, |i| i + 1);
                            let le = line_end(b, p);
                            let mut first = ls;
                            while first < le && matches!(b[first], b' ' | b'\t') {
                                first += 1;
                            }
                            let l = (ls, le, first, columns(&b[ls..first]));
                            line = Some(l);
                            l
                        }
                    };
                    match parse_tag_at(text, b, p, le, &mut self.close_main) {
                        Some(tag) => {
                            p = tag.span.end;
                            // First on its line, or first in a list item
                            // (`1. {% hint %}`): its children are dedented
                            // to its column.
                            let starts_item = || {
                                let prefix = &text[first..tag.span.start];
                                super::bytes::ends_with_list_marker(prefix)
                                    .then(|| col + columns(prefix.as_bytes()))
                            };
                            (self.on_tag)(RawTag {
                                region: tag.span.clone(),
                                indent: if first == tag.span.start {
                                    Some(col)
                                } else {
                                    starts_item()
                                },
                                span: tag.span,
                                name: tag.name,
                                raw: tag.raw,
                            });
                        }
                        None => p += 2,
                    }
                }
                b'<' if is_pre_open(b, p) => {
                    let e = pre_end(b, p);
                    #[cfg(test)]
                    self.code.push(p..e);
                    if e > pend {
                        return e;
                    }
                    p = e;
                }
                _ => p += 1,
            }
        }
        pend
    }

    /// Record the backtick runs of `[start, pend)` and sort them for closer lookup.
    fn collect_runs(&mut self, start: usize, pend: usize) {
        let b = self.b;
        self.runs.clear();
        self.order.clear();
        let mut i = start;
        while i < pend {
            match find_any(&b[i..pend], [b'`']) {
                Some(off) => i += off,
                None => break,
            }
            let mut j = i;
            while j < pend && b[j] == b'`' {
                j += 1;
            }
            let mut slashes = 0;
            while i - slashes > start && b[i - slashes - 1] == b'\\' {
                slashes += 1;
            }
            self.runs.push(Run {
                pos: i,
                len: j - i,
                escaped: slashes % 2 == 1,
            });
            i = j;
        }
        if self.runs.len() > 1 {
            self.order
                .extend(self.runs.iter().enumerate().map(|(k, r)| (r.len, k)));
            self.order.sort_unstable();
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The code regions the scan of `text` skips.
    pub(in crate::gitbook) fn code_regions(text: &str) -> Vec<Span> {
        let mut scanner = Scanner::new(text, |_| {});
        scanner.scan();
        scanner.code
    }

    /// Whether the syntax of a tag starts at `i` (closed on the same line),
    /// code or not.
    pub(in crate::gitbook) fn tag_syntax_at(text: &str, i: usize) -> bool {
        let b = text.as_bytes();
        b[i..].starts_with(b"{%")
            && parse_tag_at(text, b, i, line_end(b, i), &mut CloseFinder::new()).is_some()
    }

    fn raw_tags(text: &str) -> Vec<RawTag> {
        let mut found = Vec::new();
        scan(text, |tag| found.push(tag));
        found
    }

    /// The text of every tag the scan finds.
    fn tags(text: &str) -> Vec<&str> {
        let found = raw_tags(text);
        found.into_iter().map(|t| &text[t.span]).collect()
    }

    fn code(text: &str) -> Vec<&str> {
        code_regions(text).into_iter().map(|c| &text[c]).collect()
    }

    const HINT: [&str; 2] = ["{% hint %}", "{% endhint %}"];

    // -- where a tag stands ----------------------------------------------------

    #[test]
    fn tag_lines_own_their_line_and_tell_its_indent() {
        let text = "Intro\n  {% hint %}  \nBody {% embed url=x %}\n\t{% a %} {% b %}\n";
        let found = raw_tags(text);
        let regions: Vec<_> = found.iter().map(|t| &text[t.region.clone()]).collect();
        assert_eq!(
            regions,
            vec![
                "  {% hint %}  \n",
                "{% embed url=x %}",
                "\t{% a %}",
                "{% b %}\n"
            ]
        );
        let indents: Vec<_> = found.iter().map(|t| t.indent).collect();
        assert_eq!(indents, vec![Some(2), None, Some(4), None]);
        let names: Vec<_> = found.iter().map(|t| &text[t.name.clone()]).collect();
        assert_eq!(names, vec!["hint", "embed", "a", "b"]);
        assert_eq!(&text[found[1].raw.clone()], "url=x");
    }

    #[test]
    fn indent_only_for_the_first_thing_on_a_line() {
        let text = "  {% hint %}x {% endhint %}\n   para {% foo %}\n   {% bar %} y";
        let indents: Vec<_> = raw_tags(text).iter().map(|t| t.indent).collect();
        assert_eq!(indents, vec![Some(2), None, None, Some(3)]);
    }

    #[test]
    fn tag_syntax_variants() {
        let text = "{%hint%}{%- endhint -%}{%  @o/b u='1'  %}{% end %}";
        let found = raw_tags(text);
        let names: Vec<_> = found.iter().map(|t| &text[t.name.clone()]).collect();
        assert_eq!(names, vec!["hint", "endhint", "@o/b", "end"]);
        assert_eq!(&text[found[2].raw.clone()], "u='1'");
        for text in [
            "{%hint style=\"info\"%}\nA\n{%endhint%}",
            "{%- hint style=\"info\" -%}\nA\n{%- endhint -%}",
            "{%   hint    style=\"info\"   %}\nA\n{%  endhint  %}",
            "{%-hint style=\"info\"-%}\nA\n{%-endhint-%}",
            "\t{%\thint\tstyle=\"info\"\t%}\r\nA\r\n{% endhint %}\r\n",
        ] {
            let found = raw_tags(text);
            let names: Vec<_> = found.iter().map(|t| &text[t.name.clone()]).collect();
            assert_eq!(names, vec!["hint", "endhint"], "{text:?}");
            assert_eq!(&text[found[0].raw.clone()], "style=\"info\"", "{text:?}");
            // Tag lines own their line, so the body is exactly the line between.
            let body = &text[found[0].region.end..found[1].region.start];
            assert_eq!(body.trim_end(), "A", "{text:?}");
        }
        for text in [
            "{% hint style=\"info\"\n%}",
            "100{%} done",
            "{%%}",
            "{% %}",
            "{%~token%}",
            "{% 9lives %}",
            "{% -x %}",
            "{%- -%}",
            "{%@%}",
            "{% @ x %}",
            "{% {% %}",
            "{%",
            "%}",
            "{%\n",
            "{% hint",
        ] {
            assert!(tags(text).is_empty(), "{text:?}");
        }
        assert_eq!(tags("{% {% hint %}x"), vec!["{% hint %}"]);
        // The raw argument text is trimmed, operators and all.
        let text = "{% if a == b %}x{% endif %}";
        assert_eq!(&text[raw_tags(text)[0].raw.clone()], "a == b");
    }

    // -- code stays literal -----------------------------------------------------

    #[test]
    fn fenced_code_is_literal() {
        let text = "```jinja\n{% raw %}\n{% for x in y %}\n{%~token%}\n```\n{% hint %}\nreal\n{% endhint %}\n";
        assert_eq!(tags(text), HINT);
        assert_eq!(
            code(text),
            vec!["```jinja\n{% raw %}\n{% for x in y %}\n{%~token%}\n```\n"]
        );
    }

    #[test]
    fn tilde_fence_and_fence_lengths() {
        let text = "~~~~\n{% hint %}\n~~~\n```\n{% endhint %}\n~~~~~\n{% hint %}ok{% endhint %}";
        assert_eq!(tags(text), HINT);
        assert!(tags("````md\n```\n{% foo %}\n```\n````\nafter").is_empty());
        // Info strings with backticks are not fences.
        assert_eq!(tags("```x`\n{% hint %}a{% endhint %}"), HINT);
    }

    #[test]
    fn indented_fence_in_list_item() {
        let text = "1. Run:\n\n   ```bash\n   echo \"{% if x %}\"\n   ```\n2. {% hint %}in list{% endhint %}\n";
        assert_eq!(tags(text), HINT);
    }

    #[test]
    fn unclosed_fence_runs_to_end() {
        let text = "{% hint %}\n```js\nconst t = '{% endhint %}';\n";
        assert_eq!(tags(text), vec!["{% hint %}"]);
        assert_eq!(code(text), vec!["```js\nconst t = '{% endhint %}';\n"]);
    }

    #[test]
    fn code_fence_inside_code_block_tag() {
        let text = "{% code title=\"t.liquid\" overflow=\"wrap\" %}\n```liquid\n{% for p in products %}{{ p }}{% endfor %}\n```\n{% endcode %}\n";
        assert_eq!(
            tags(text),
            vec![
                "{% code title=\"t.liquid\" overflow=\"wrap\" %}",
                "{% endcode %}"
            ]
        );
    }

    #[test]
    fn inline_code_is_literal() {
        let text = "Write `{% hint %}` or ``{% raw %}` inside`` to start. {% hint %}x{% endhint %}";
        assert_eq!(tags(text), HINT);
        assert_eq!(code(text), vec!["`{% hint %}`", "``{% raw %}` inside``"]);
        // Code spans may continue on the next line of the same paragraph.
        assert!(tags("Use `a\n{% foo %} b` here").is_empty());
    }

    #[test]
    fn unmatched_backticks_are_literal() {
        assert_eq!(tags("A lone ` tick {% hint %}x{% endhint %}\n"), HINT);
        // Different run lengths do not match.
        assert_eq!(tags("``a` {% hint %}x{% endhint %}"), HINT);
        // An escaped backtick does not open a span.
        assert_eq!(tags("\\`x {% hint %}x{% endhint %} `"), HINT);
        // ...but an escaped backslash does not escape it.
        assert!(tags("\\\\`x {% hint %} `").is_empty());
    }

    #[test]
    fn code_spans_stop_at_paragraph_breaks() {
        // A blank line ends the paragraph: the first backtick is literal.
        assert_eq!(
            tags("Odd ` tick\n\n{% hint %}\nbody `\n{% endhint %}\n"),
            HINT
        );
        // So does a line holding only tags.
        let text = "{% tabs %}\n{% tab title=\"A\" %}\nRun `npm\n{% endtab %}\n{% tab title=\"B\" %}\nRun `yarn`\n{% endtab %}\n{% endtabs %}\n";
        assert_eq!(tags(text).len(), 6, "{:?}", tags(text));
        assert_eq!(code(text), vec!["`yarn`"]);
    }

    #[test]
    fn pre_regions_are_literal() {
        let text = "<pre class=\"language-jinja\"><code>{% raw %}\n{% for a in b %}\n</code></pre>\n\n{% hint %}y{% endhint %}";
        assert_eq!(tags(text), HINT);
        assert_eq!(
            tags("Inline <PRE>{% foo %}</PRE> then {% hint %}y{% endhint %}"),
            HINT
        );
        // Not `<pre`: `<prefix>`, escaped `\<pre>`.
        assert_eq!(tags("<prefix>{% hint %}y{% endhint %}"), HINT);
        assert_eq!(tags("\\<pre>{% hint %}y{% endhint %}"), HINT);
        // Unclosed: runs to the end.
        assert!(tags("<pre>\n{% hint %}\n\nmore {% foo %}").is_empty());
        // A region ending mid-line hands over to normal scanning.
        let text = "a <pre>x\n\n{% foo %}</pre> {% hint %}y{% endhint %}";
        assert_eq!(tags(text), HINT);
        assert_eq!(code(text), vec!["<pre>x\n\n{% foo %}</pre>"]);
    }

    #[test]
    fn tags_in_html_attribute_text_are_still_tags() {
        // Only <pre> is special; other HTML is ordinary text.
        assert_eq!(tags("<div>{% hint %}x{% endhint %}</div>"), HINT);
    }
}
