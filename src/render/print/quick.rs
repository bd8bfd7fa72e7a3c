//! A body in the shape quire writes it, rewritten for the document without
//! a tokenizer. Most bodies are in that shape, and lol_html's reading of
//! each (about 68 instructions a byte) was print.html's largest cost.
//!
//! The shape:
//! - text without `<`;
//! - start tags `<name attr="value" attr …>`: a lower-case name, attribute
//!   names of letters, digits and `-_:.` (none twice), values in double
//!   quotes or none, whitespace between them;
//! - end tags `</name>`, each closing the element opened last (a tree);
//! - no comment, doctype or CDATA, and none of the elements that change how
//!   what follows them is read (raw text such as `<script>` and
//!   `<textarea>`, `<plaintext>`, `<select>`, `<template>`, `<frameset>`);
//! - inside SVG and MathML: no HTML element that leaves them, no nested
//!   root, no element inside one where HTML comes back (`<mi>`, `<desc>`:
//!   `place::SVG_SCOPE_BOUNDS`, `place::MATHML_SCOPE_BOUNDS`).
//!
//! There the HTML tokenizer reads each `<` as the tag this module reads,
//! lol_html's open elements are this module's stack, and no element is
//! left open or ended by another's end tag, so what lol_html writes is the
//! body with each changed start tag written again the way lol_html writes
//! it. Any other body is handed to lol_html. Tests compare both on every
//! construct and on random bodies.

use super::place::{self, Change, PagePlace};
use std::borrow::Cow;
use std::collections::HashSet;

/// `html` rewritten for the document as lol_html would rewrite it; `None`
/// when it is not in the shape.
pub(super) fn rewrite(html: &str, page: &PagePlace) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    let mut at = 0;
    let mut open: Vec<Open> = vec![];
    let mut seen = HashSet::new();
    let mut attributes = vec![];
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        if bytes.get(start + 1) == Some(&b'/') {
            let (name, end) = end_tag(html, start)?;
            let element = open.pop().filter(|element| element.name == name)?;
            if let Some(below) = element.renamed {
                out.push_str(&html[copied..start]);
                out.push_str("</");
                out.push_str(below);
                out.push('>');
                copied = end;
            }
            at = end;
            continue;
        }
        let tag = start_tag(html, start, &mut attributes)?;
        let place = Place::of(tag.name, tag.self_closing, open.last())?;
        let renamed = place::heading_below(tag.name);
        let named = attributes
            .iter()
            .map(|a| (place::lower_case(a.name), Cow::Borrowed(a.value)));
        let changes = page.changes(tag.name, named, &mut seen);
        let opens = place::opens(tag.name);
        if renamed.is_some() || opens || !changes.is_empty() {
            out.push_str(&html[copied..start]);
            write_start_tag(&mut out, &tag, &attributes, renamed, &changes, opens);
            copied = tag.end;
        }
        if let Some(foreign) = place.holds_content {
            open.push(Open {
                name: tag.name,
                renamed,
                foreign,
                html_returns: place.html_returns,
            });
        }
        at = tag.end;
    }
    if !open.is_empty() {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// An element whose end tag is still to come.
struct Open<'h> {
    name: &'h str,
    /// The heading's name one level down, for its end tag too.
    renamed: Option<&'static str>,
    /// Inside SVG or MathML (or the root of one).
    foreign: bool,
    /// Where HTML comes back inside SVG or MathML (`<mi>`): only text may
    /// follow.
    html_returns: bool,
}

/// What a start tag opens where it stands.
struct Place {
    /// `Some(foreign)` when the element holds content up to its end tag.
    holds_content: Option<bool>,
    html_returns: bool,
}

impl Place {
    /// The place of element `name` inside `parent`; `None` when the body
    /// leaves the shape there.
    fn of(name: &str, self_closing: bool, parent: Option<&Open>) -> Option<Place> {
        if CHANGES_READING.contains(&name) || place::ENDED_BY_TAG.contains(&name) {
            return None;
        }
        let in_foreign = parent.is_some_and(|p| p.foreign);
        if parent.is_some_and(|p| p.html_returns) {
            return None;
        }
        let root = name == "svg" || name == "math";
        if in_foreign {
            let leaves = LEAVES_FOREIGN.contains(&name) || name == "font";
            // SVG's (`<desc>`, `<title>`) may hold HTML elements, and so may
            // `<annotation-xml>`, with some encodings; MathML's text elements
            // are taken, text only.
            let may_hold_html = place::SVG_SCOPE_BOUNDS.contains(&name) || name == "annotation-xml";
            if leaves || root || may_hold_html {
                return None;
            }
            // In SVG and MathML `/>` ends an element, void or not.
            return Some(Place {
                holds_content: (!self_closing).then_some(true),
                html_returns: place::MATHML_SCOPE_BOUNDS.contains(&name),
            });
        }
        if root && self_closing {
            // lol_html enters the namespace, and nothing leaves it.
            return None;
        }
        // In HTML `/>` means nothing: void elements hold nothing, the
        // others hold content up to their end tag.
        Some(Place {
            holds_content: (!VOID.contains(&name)).then_some(root),
            html_returns: false,
        })
    }
}

/// Elements after which the tokenizer reads differently, or lol_html
/// refuses to guess (beside `place::ENDED_BY_TAG`).
const CHANGES_READING: &[&str] = &["plaintext", "frameset"];

/// HTML's void elements, as lol_html lists them.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// The HTML elements whose start tag ends SVG or MathML content (HTML's
/// "in foreign content" rules; `<font>` too, with some attributes).
const LEAVES_FOREIGN: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// A start tag read from the body.
struct StartTag<'h> {
    name: &'h str,
    self_closing: bool,
    /// Where it ends in the body (after its `>`).
    end: usize,
}

/// An attribute as written.
struct Attribute<'h> {
    name: &'h str,
    /// Between its quotes; empty without a value.
    value: &'h str,
    /// All of it: name, `=`, quotes.
    raw: &'h str,
}

/// The start tag at `start` (a `<`), its attributes into `attributes`.
fn start_tag<'h>(
    html: &'h str,
    start: usize,
    attributes: &mut Vec<Attribute<'h>>,
) -> Option<StartTag<'h>> {
    attributes.clear();
    let bytes = html.as_bytes();
    let name_end = start + 1 + tag_name_len(&bytes[start + 1..])?;
    let mut at = name_end;
    loop {
        let spaces = whitespace_len(&bytes[at..]);
        at += spaces;
        match bytes.get(at)? {
            b'>' => return Some(tag(html, start, name_end, false, at + 1)),
            b'/' if bytes.get(at + 1) == Some(&b'>') => {
                return Some(tag(html, start, name_end, true, at + 2))
            }
            _ if spaces == 0 => return None,
            _ => {}
        }
        let name_len = bytes[at..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .count();
        if name_len == 0 {
            return None;
        }
        let name = &html[at..at + name_len];
        let mut end = at + name_len;
        let mut value = "";
        if bytes.get(end) == Some(&b'=') {
            if bytes.get(end + 1) != Some(&b'"') {
                return None;
            }
            let value_start = end + 2;
            let value_len = memchr::memchr(b'"', &bytes[value_start..])?;
            value = &html[value_start..value_start + value_len];
            end = value_start + value_len + 1;
        }
        if attributes.iter().any(|a| a.name.eq_ignore_ascii_case(name)) {
            return None;
        }
        attributes.push(Attribute {
            name,
            value,
            raw: &html[at..end],
        });
        at = end;
    }
}

fn tag(html: &str, start: usize, name_end: usize, self_closing: bool, end: usize) -> StartTag<'_> {
    StartTag {
        name: &html[start + 1..name_end],
        self_closing,
        end,
    }
}

/// The end tag `</name>` at `start`: its name and where it ends.
fn end_tag(html: &str, start: usize) -> Option<(&str, usize)> {
    let bytes = html.as_bytes();
    let name_start = start + 2;
    let name_end = name_start + tag_name_len(&bytes[name_start..])?;
    (bytes.get(name_end) == Some(&b'>')).then(|| (&html[name_start..name_end], name_end + 1))
}

/// The length of a lower-case tag name at the start of `bytes`.
fn tag_name_len(bytes: &[u8]) -> Option<usize> {
    if !bytes.first()?.is_ascii_lowercase() {
        return None;
    }
    Some(
        bytes
            .iter()
            .take_while(|&&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            .count(),
    )
}

/// HTML's whitespace (ASCII's, as Rust reads it), as the tokenizer skips
/// it between attributes.
fn whitespace_len(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// A changed start tag as lol_html writes one: its name, then each
/// attribute kept as written or set as `name="value"` (quotes escaped),
/// one space before each, `open=""` added last, and ` />` or `/>` when
/// it was written self-closed.
fn write_start_tag(
    out: &mut String,
    tag: &StartTag,
    attributes: &[Attribute],
    renamed: Option<&str>,
    changes: &[(Cow<str>, Change)],
    opens: bool,
) {
    out.push('<');
    out.push_str(renamed.unwrap_or(tag.name));
    let mut written = 0;
    let mut has_open = false;
    for attribute in attributes {
        let named = |name: &str| attribute.name.eq_ignore_ascii_case(name);
        let change = changes.iter().find(|(name, _)| named(name));
        let set = opens && named("open");
        has_open |= set;
        match change {
            Some((_, Change::Remove)) => continue,
            _ if set => push_attribute(out, attribute.name, ""),
            Some((_, Change::Set(value))) => push_attribute(out, attribute.name, value),
            None => {
                out.push(' ');
                out.push_str(attribute.raw);
            }
        }
        written += 1;
    }
    if opens && !has_open {
        push_attribute(out, "open", "");
        written += 1;
    }
    match (tag.self_closing, written) {
        (false, _) => out.push('>'),
        (true, 0) => out.push_str("/>"),
        (true, _) => out.push_str(" />"),
    }
}

fn push_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(&value.replace('"', "&quot;"));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::super::place::Places;
    use super::super::rewrite::by_lol_html;
    use super::*;
    use proptest::prelude::*;

    /// Pages 2 and 3 are printed; every anchor but `gone` exists.
    fn places() -> Places<'static> {
        Places {
            doc: "print.html",
            pages: [("guide/b.html", 2), ("c.html", 3)]
                .into_iter()
                .map(|(p, n)| (p.to_string(), n))
                .collect(),
            anchor: &|_, f| (f != "gone").then(|| f.to_string()),
        }
    }

    fn quick(html: &str, output: &str) -> Option<String> {
        let places = places();
        rewrite(html, &PagePlace::new(&places, html, output, 1))
    }

    /// The quick path takes `html` and writes what lol_html writes.
    fn same_as_lol_html(html: &str) {
        for output in ["a.html", "guide/a.html"] {
            let expected = by_lol_html(html, output, 1, &places());
            assert_eq!(
                quick(html, output).as_deref(),
                Some(expected.as_str()),
                "{html}"
            );
        }
    }

    #[test]
    fn bodies_in_quires_shape_are_rewritten_as_lol_html_rewrites_them() {
        for html in [
            "plain text &amp; more",
            r#"<h1 id="a">A</h1><h2>B</h2><h5 id="e" class="x">E</h5><h6>F</h6>"#,
            r##"<p id="a">one</p><p id="a">again</p><a href="#a">t</a><a href="#gone">g</a>"##,
            r#"<a href="guide/b.html#x">b</a><a href="../c.html">c</a><a href="https://e.org/">e</a>"#,
            r#"<img src="i.png" alt="" loading="lazy" /><img loading="lazy"/><br /><hr>"#,
            r#"<img srcset="a.png 2x, data:image/png;base64,AA== 1x" src="a.png">"#,
            r#"<details><summary>S</summary>x</details><details open class="c">y</details>"#,
            r#"<details open="">y</details><details OPEN>z</details>"#,
            r#"<button id="t-1" aria-controls="p-1 p-2" Aria-Labelledby="x">t</button>"#,
            r#"<a name="old" title="say &quot;hi&quot;">n</a><a NAME="n">m</a>"#,
            r#"<svg viewBox="0 0 24 24" width="20"><path d="M1 1"/><circle r="1" /></svg>"#,
            r#"<math display="inline"><semantics><mrow><mi>x</mi><mo stretchy="false">(</mo><mspace width="1em" /></mrow><annotation encoding="application/x-tex">x</annotation></semantics></math>"#,
            r#"<table><thead><tr><th id="h">H</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"#,
            r#"<pre><code class="language-rs"><span class="hl-k">fn</span> x</code></pre>"#,
            r#"<div  id="sp"   class="x"  >  spaced  </div><span data-x="a>b">c</span>"#,
            r#"<video poster="p.png" src="v.mp4"></video><object data="d.svg"></object>"#,
            r##"<svg><use xlink:href="#s"/><a href="c.html">c</a></svg><span id="quire_mermaid-1-a">d</span>"##,
            r#"<my-element id="m">custom</my-element><div/></div>"#,
        ] {
            same_as_lol_html(html);
        }
    }

    #[test]
    fn other_bodies_are_left_to_lol_html() {
        for html in [
            "<!-- a comment -->",
            "<!doctype html>",
            "a < b",
            "<p>open",
            "<div><p>crossed</div></p>",
            "</p>",
            "<P>upper</P>",
            "<p class='single'>x</p>",
            "<p class=bare>x</p>",
            r#"<p id="a" ID="b">twice</p>"#,
            r#"<p id="a"class="b">touching</p>"#,
            "<p >x</p >",
            "<script>x</script>",
            "<textarea>x</textarea>",
            "<style>x</style>",
            "<template>x</template>",
            "<select><option>x</option></select>",
            "<plaintext>x",
            "<svg><p>out</p></svg>",
            "<svg><table/></svg>",
            "<math><mi><path/></mi></math>",
            "<svg><title>t</title></svg>",
            "<svg><desc>t</desc></svg>",
            "<svg/>",
            "<svg><svg></svg></svg>",
            "<svg><font color=\"red\"></font></svg>",
            "<math><mi><b>x</b></mi></math>",
            "<math><mi><mo>x</mo></mi></math>",
            "<math><annotation-xml>x</annotation-xml></math>",
            "<svg><foreignObject><div>x</div></foreignObject></svg>",
            "<svg><foreignobject><g/>x</foreignobject></svg>",
        ] {
            assert_eq!(quick(html, "a.html"), None, "{html}");
        }
    }

    /// A body made of elements, text and odd pieces, nested or crossed.
    fn body() -> impl Strategy<Value = String> {
        // Few names, so that the ones that matter meet often: what SVG
        // and MathML hold, what leaves them, what lol_html tracks.
        let names = prop::sample::select(vec![
            "p",
            "div",
            "a",
            "h1",
            "h6",
            "details",
            "table",
            "svg",
            "path",
            "math",
            "mi",
            "img",
            "br",
            "title",
            "font",
            "object",
            "textarea",
            "foreignobject",
            "g",
        ]);
        let attribute = prop::sample::select(vec![
            r#" id="x""#,
            r#" id="quire_mermaid-1-x""#,
            r##" href="#x""##,
            r##" href="#gone""##,
            r#" href="guide/b.html#y""#,
            r#" href="../c.html""#,
            r#" href="https://e.org/""#,
            r#" src="i.png""#,
            r#" loading="lazy""#,
            " open",
            r#" class="k""#,
            r#" name="n""#,
            r#" aria-controls="x y""#,
            r#" srcset="a.png 2x, b.png""#,
            r#" viewBox="0 0 1 1""#,
            r#" ID="U""#,
            r#" color="red""#,
            " class='q'",
            "  ",
        ]);
        let leaf = prop::sample::select(vec![
            "t",
            "&amp;",
            " ",
            "中",
            "\n",
            ">",
            "<br>",
            "<br />",
            "<hr/>",
            "<!-- c -->",
            "<",
            "</p>",
            "</div >",
            "\"",
        ])
        .prop_map(str::to_string);
        leaf.prop_recursive(5, 48, 4, move |inner| {
            (
                names.clone(),
                prop::collection::vec(attribute.clone(), 0..3),
                prop::sample::select(vec![">", "/>", " />"]),
                prop::collection::vec(inner, 0..4),
                prop::bool::weighted(0.9),
            )
                .prop_map(|(name, attributes, end, children, closed)| {
                    let attributes = attributes.concat();
                    if end != ">" {
                        // Self-closed: ended in SVG and MathML, and by
                        // an end tag only now and then.
                        let close = if closed {
                            String::new()
                        } else {
                            format!("</{name}>")
                        };
                        return format!("<{name}{attributes}{end}{close}");
                    }
                    let close = if closed {
                        format!("</{name}>")
                    } else {
                        String::new()
                    };
                    format!("<{name}{attributes}>{}{close}", children.concat())
                })
        })
    }

    /// Whatever body the quick path takes, it writes what lol_html
    /// writes; and it takes a good share of them, or this proves little.
    #[test]
    fn the_quick_path_writes_what_lol_html_writes() {
        let config = ProptestConfig {
            cases: 10_000,
            ..ProptestConfig::default()
        };
        let mut runner = proptest::test_runner::TestRunner::new(config);
        let taken = std::cell::Cell::new(0);
        let result = runner.run(&body(), |html| {
            for output in ["a.html", "guide/a.html"] {
                if let Some(quick) = quick(&html, output) {
                    taken.set(taken.get() + 1);
                    prop_assert_eq!(quick, by_lol_html(&html, output, 1, &places()));
                }
            }
            Ok(())
        });
        if let Err(failure) = result {
            panic!("{failure}");
        }
        assert!(taken.get() > 2000, "only {} bodies taken", taken.get());
    }
}
