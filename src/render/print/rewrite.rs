//! One page's rendered body made a part of its space's printable document:
//! headings one level down (capped at h6), every id prefixed with the
//! page's own (`p3-install`), links between printed pages turned into
//! links inside the document, relative URLs rebased to the document's
//! folder, expandables open and images loaded at once (a lazy image is
//! not there yet when the browser prints).

use super::place::{
    heading_below, lower_case, opens, Change, PagePlace, Places, ENDED_BY_TAG, MATHML_SCOPE_BOUNDS,
    SVG_SCOPE_BOUNDS,
};
use super::quick;
use lol_html::html_content::{Attribute, Comment, ContentType, Element};
use lol_html::{doc_comments, element, rewrite_str, RewriteStrSettings};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

/// `<plaintext>` has no end tag at all: it is printed as an `<xmp>`, which
/// shows its text the same way and can be closed.
const PLAINTEXT_AS: &str = "xmp";

/// A page's part of the document.
pub(crate) struct Part {
    pub(crate) html: String,
    /// What the page left open (`<textarea>`, `<!--`), closed at the end
    /// of its part so that the pages after it stay pages.
    pub(crate) left_open: Vec<String>,
    /// The start tag of the first of them, as written: where the warning
    /// points when the page's source has it once.
    pub(crate) left_open_at: Option<String>,
    /// What the page left open inside an element that ends before it
    /// (`<div><template></div>`, `<div><table></div>`), closed there.
    pub(crate) closed_early: Vec<String>,
    pub(crate) closed_early_at: Option<String>,
}

/// The body of the page written at `output`, number `number` in the
/// document, rewritten for it and closed.
pub(crate) fn part(html: &str, output: &str, number: usize, places: &Places) -> Part {
    let page = PagePlace::new(places, html, output, number);
    if let Some(html) = quick::rewrite(html, &page) {
        // In that shape a page leaves nothing open.
        return Part {
            html,
            left_open: vec![],
            left_open_at: None,
            closed_early: vec![],
            closed_early_at: None,
        };
    }
    rewrite(&page)
}

/// [`part`]'s body as lol_html alone rewrites it, for tests to compare
/// with the quick path.
#[cfg(test)]
pub(super) fn by_lol_html(html: &str, output: &str, number: usize, places: &Places) -> String {
    rewrite(&PagePlace::new(places, html, output, number)).html
}

/// [`part`] of the page's body, read by lol_html.
fn rewrite(page: &PagePlace) -> Part {
    let html = page.html;
    let seen = RefCell::new(HashSet::new());
    let open = Open::default();
    let open_comment = Cell::new(false);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            let tag = page.rewrite(el, &mut seen.borrow_mut());
            open.track(el, &tag);
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|comment| {
            open_comment.set(is_unterminated(comment, html));
            Ok(())
        }));
    // The bodies are quire's own output; should the tokenizer still give
    // up, the page is printed as it is rather than lost.
    let mut out = rewrite_str(html, settings).unwrap_or_else(|_| html.to_string());
    let mut left_open = vec![];
    if open_comment.get() {
        out.push_str("-->");
        left_open.push("<!--".to_string());
    }
    let still_open = open.left_open();
    for tracked in &still_open {
        let closer = match tracked.name.as_ref() {
            "plaintext" => PLAINTEXT_AS,
            name => name,
        };
        out.push_str(&format!("</{closer}>"));
        if tracked.reported {
            left_open.push(format!("<{}>", tracked.written_name(html)));
        }
    }
    let closed_early = open.closed_early();
    Part {
        html: out,
        left_open,
        left_open_at: first_written(html, &still_open),
        closed_early: closed_early
            .iter()
            .filter(|tracked| tracked.reported)
            .map(|tracked| format!("<{}>", tracked.written_name(html)))
            .collect(),
        closed_early_at: first_written(html, &closed_early),
    }
}

/// The start tag, as the body has it, of the first of `elements` in the
/// page that the warning names.
fn first_written(html: &str, elements: &[Tracked]) -> Option<String> {
    let first = elements
        .iter()
        .filter(|tracked| tracked.reported)
        .min_by_key(|tracked| tracked.start.start)?;
    html.get(first.start.clone()).map(str::to_string)
}

/// Elements that the browser ends only at their own end tag, where
/// lol_html, as for any other element, takes an enclosing element's end
/// tag for theirs: left open in `<div><template></div>`, they would hold
/// the rest of the document.
const ENDED_BY_OWN_TAG_ONLY: &[&str] = &["select", "template"];

/// Elements that bound the scope in which the browser looks for what an
/// end tag closes: inside one left open, `</div>` (or the end of the page's
/// part) closes nothing, so every later part would be inside it.
const SCOPE_BOUNDS: &[&str] = &["applet", "marquee", "object", "table"];

// The same in SVG and in MathML: `SVG_SCOPE_BOUNDS` and
// `MATHML_SCOPE_BOUNDS`, where HTML comes back inside them. HTML left open
// inside one keeps even its own end tag from closing it.

const SVG: &str = "http://www.w3.org/2000/svg";
const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

/// The elements that may hold the rest of the document met so far, each
/// `None` once its end tag came, and those an enclosing element's end tag
/// ended.
#[derive(Default)]
struct Open(Rc<RefCell<OpenElements>>);

#[derive(Default)]
struct OpenElements {
    met: Vec<Option<Tracked>>,
    closed_early: Vec<Tracked>,
    /// How many `<svg>` and `<math>` are open: lol_html gives the
    /// elements of `SVG_SCOPE_BOUNDS` and `MATHML_SCOPE_BOUNDS` the HTML
    /// namespace, as their content has.
    in_svg: usize,
    in_math: usize,
    /// How many of those bounds are open: inside one, every element is
    /// tracked, to be closed before it.
    inside_foreign_bound: usize,
}

impl OpenElements {
    /// How many `<svg>` (`svg`) or `<math>` are open.
    fn roots(&mut self, svg: bool) -> &mut usize {
        if svg {
            &mut self.in_svg
        } else {
            &mut self.in_math
        }
    }
}

/// Why an element is tracked.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Of `ENDED_BY_TAG`: it holds all that follows as text or out of
    /// sight.
    RawText,
    /// Of `SCOPE_BOUNDS`.
    Bound,
    /// Of `SVG_SCOPE_BOUNDS` or `MATHML_SCOPE_BOUNDS`, inside its root.
    ForeignBound,
    /// Any element inside one of those, closed for it to close.
    InsideForeignBound,
}

/// An element that is closed if the page leaves it open.
#[derive(Clone)]
struct Tracked {
    name: Cow<'static, str>,
    /// Where its start tag is in the body.
    start: std::ops::Range<usize>,
    /// Named in the warning (an element inside an SVG or MathML bound is
    /// only closed, for the bound to close).
    reported: bool,
}

impl Tracked {
    /// Its name as the page writes it (`foreignObject`), for the warning.
    fn written_name<'h>(&self, html: &'h str) -> Cow<'h, str> {
        let at = self.start.start + 1;
        match html.get(at..at + self.name.len()) {
            Some(name) if name.eq_ignore_ascii_case(&self.name) => Cow::Borrowed(name),
            _ => Cow::Owned(self.name.to_string()),
        }
    }
}

impl Open {
    fn track(&self, el: &mut Element, tag: &str) {
        if !el.can_have_content() {
            // Void, or self-closed in SVG or MathML (`<svg><title/>`):
            // it holds nothing. A `<plaintext>` is never self-closed.
            return;
        }
        self.count_foreign_root(el, tag);
        let (name, kind) = match self.kind(tag) {
            Some((name, kind)) => (name, kind),
            None if self.0.borrow().inside_foreign_bound > 0 => {
                (Cow::Owned(tag.to_string()), Kind::InsideForeignBound)
            }
            None => return,
        };
        if name == "plaintext" {
            // The name is ours and valid: setting it cannot fail.
            let _ = el.set_tag_name(PLAINTEXT_AS);
        }
        let tracked = Tracked {
            name,
            start: el.source_location().bytes(),
            reported: kind != Kind::InsideForeignBound,
        };
        let foreign_bound = usize::from(kind == Kind::ForeignBound);
        let slot = {
            let mut open = self.0.borrow_mut();
            open.met.push(Some(tracked));
            open.inside_foreign_bound += foreign_bound;
            open.met.len() - 1
        };
        let open = Rc::clone(&self.0);
        // No end tag ever comes for `<plaintext>`: its handler stays unused.
        let _ = el.on_end_tag(Box::new(move |end| {
            let mut open = open.borrow_mut();
            open.inside_foreign_bound -= foreign_bound;
            let Some(tracked) = open.met[slot].take() else {
                return Ok(());
            };
            let ended_by_own_tag_only =
                kind != Kind::RawText || ENDED_BY_OWN_TAG_ONLY.contains(&tracked.name.as_ref());
            if ended_by_own_tag_only && end.name() != tracked.name {
                end.before(&format!("</{}>", tracked.name), ContentType::Html);
                open.closed_early.push(tracked);
            }
            Ok(())
        }));
    }

    /// Whether `tag` is an element to close if left open, and which kind.
    fn kind(&self, tag: &str) -> Option<(Cow<'static, str>, Kind)> {
        let open = self.0.borrow();
        let found = |names: &[&'static str]| names.iter().find(|&&name| name == tag).copied();
        let (name, kind) = if let Some(name) = found(SCOPE_BOUNDS) {
            (name, Kind::Bound)
        } else if let Some(name) = found(SVG_SCOPE_BOUNDS).filter(|_| open.in_svg > 0) {
            (name, Kind::ForeignBound)
        } else if let Some(name) = found(MATHML_SCOPE_BOUNDS).filter(|_| open.in_math > 0) {
            (name, Kind::ForeignBound)
        } else {
            (
                found(ENDED_BY_TAG).or(found(&["plaintext"]))?,
                Kind::RawText,
            )
        };
        Some((Cow::Borrowed(name), kind))
    }

    /// Counts an `<svg>` or `<math>` while it is open.
    fn count_foreign_root(&self, el: &mut Element, tag: &str) {
        let svg = match (tag, el.namespace_uri()) {
            ("svg", SVG) => true,
            ("math", MATHML) => false,
            _ => return,
        };
        *self.0.borrow_mut().roots(svg) += 1;
        let open = Rc::clone(&self.0);
        let _ = el.on_end_tag(Box::new(move |_| {
            *open.borrow_mut().roots(svg) -= 1;
            Ok(())
        }));
    }

    /// What is still open, innermost first.
    fn left_open(&self) -> Vec<Tracked> {
        self.0
            .borrow()
            .met
            .iter()
            .rev()
            .flatten()
            .cloned()
            .collect()
    }

    /// What an enclosing element's end tag ended, in the order their end
    /// tags came.
    fn closed_early(&self) -> Vec<Tracked> {
        self.0.borrow().closed_early.clone()
    }
}

/// Whether `comment` runs to the end of the body without its `-->`.
fn is_unterminated(comment: &Comment, html: &str) -> bool {
    let end = comment.source_location().bytes().end;
    end == html.len()
        && !html
            .get(..end)
            .is_some_and(|text| text.ends_with("-->") || text.ends_with("--!>"))
}

impl<'a> PagePlace<'a> {
    /// Rewrites `el` and gives its tag name in lower case.
    fn rewrite(&self, el: &mut Element, seen: &mut HashSet<String>) -> Cow<'a, str> {
        let tag = self.tag_name(el);
        if let Some(below) = heading_below(&tag) {
            // The name is ours and valid: setting it cannot fail.
            let _ = el.set_tag_name(below);
        }
        let attributes = el.attributes().iter().map(|a| self.name_and_value(a));
        for (name, change) in self.changes(&tag, attributes, seen) {
            match change {
                Change::Set(value) => set(el, &name, &value),
                Change::Remove => el.remove_attribute(&name),
            }
        }
        if opens(&tag) {
            set(el, "open", "");
        }
        tag
    }

    /// The element's tag name in lower case, read from the body.
    fn tag_name(&self, el: &Element) -> Cow<'a, str> {
        let written = self
            .html
            .get(el.source_location().bytes())
            .and_then(|tag| tag.strip_prefix('<'))
            .map(|tag| {
                let end = tag
                    .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
                    .unwrap_or(tag.len());
                &tag[..end]
            });
        match written {
            Some(name) => lower_case(name),
            None => Cow::Owned(el.tag_name()),
        }
    }

    /// An attribute's name in lower case and its value as written (with
    /// its character references), read from the body.
    fn name_and_value(&self, attribute: &Attribute) -> (Cow<'a, str>, Cow<'a, str>) {
        let name = attribute
            .name_source_location()
            .and_then(|at| self.html.get(at.bytes()));
        let value = match attribute.value_source_location() {
            Some(at) => self.html.get(at.bytes()),
            // Written without a value (`<details open>`).
            None => name.map(|_| ""),
        };
        match (name, value) {
            (Some(name), Some(value)) => (lower_case(name), Cow::Borrowed(value)),
            _ => (Cow::Owned(attribute.name()), Cow::Owned(attribute.value())),
        }
    }
}

fn set(el: &mut Element, attribute: &str, value: &str) {
    // The names are ours and valid: setting them cannot fail.
    let _ = el.set_attribute(attribute, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str, output: &str, number: usize, places: &Places) -> String {
        part(html, output, number, places).html
    }

    /// Every page has every anchor but `gone`.
    fn places<'a>(doc: &'a str, pages: &[(&str, usize)]) -> Places<'a> {
        Places {
            doc,
            pages: pages.iter().map(|(p, n)| (p.to_string(), *n)).collect(),
            anchor: &|_, f| (f != "gone").then(|| f.to_string()),
        }
    }

    #[test]
    fn headings_go_one_level_down_and_stop_at_h6() {
        let doc = places("print.html", &[]);
        let out = body(
            "<h1>A</h1><h2 id=\"b\">B</h2><h5>E</h5><h6>F</h6><p>h1</p>",
            "a.html",
            1,
            &doc,
        );
        assert_eq!(
            out,
            "<h2>A</h2><h3 id=\"p1-b\">B</h3><h6>E</h6><h6>F</h6><p>h1</p>"
        );
    }

    #[test]
    fn ids_and_what_names_them_get_the_page_prefix() {
        let doc = places("print.html", &[]);
        let html = r##"<button id="tabs-1-1" aria-controls="tab-a"></button><div id="tab-a" aria-labelledby="tabs-1-1 x"></div><a name="old"></a><a href="#tab-a">t</a><a href="#%E4%B8%AD">z</a>"##;
        let out = body(html, "a.html", 7, &doc);
        assert_eq!(
            out,
            r##"<button id="p7-tabs-1-1" aria-controls="p7-tab-a"></button><div id="p7-tab-a" aria-labelledby="p7-tabs-1-1 p7-x"></div><a name="p7-old"></a><a href="#p7-tab-a">t</a><a href="#p7-%E4%B8%AD">z</a>"##
        );
    }

    #[test]
    fn the_ids_of_a_drawn_diagram_stay_as_they_are() {
        let doc = places("print.html", &[]);
        let html = r##"<svg id="quire_mermaid-1-0a1b2c3d" aria-labelledby="quire_mermaid-1-0a1b2c3d-title x"><title id="quire_mermaid-1-0a1b2c3d-title">T</title><use href="#quire_mermaid-1-0a1b2c3d-m"/><a href="#setup">s</a></svg>"##;
        let out = body(html, "a.html", 4, &doc);
        assert_eq!(
            out,
            r##"<svg id="quire_mermaid-1-0a1b2c3d" aria-labelledby="quire_mermaid-1-0a1b2c3d-title p4-x"><title id="quire_mermaid-1-0a1b2c3d-title">T</title><use href="#quire_mermaid-1-0a1b2c3d-m"/><a href="#p4-setup">s</a></svg>"##
        );
    }

    #[test]
    fn a_repeated_id_stays_on_its_first_element_only() {
        let doc = places("print.html", &[]);
        let out = body(r#"<p id="x">1</p><p id="x">2</p>"#, "a.html", 2, &doc);
        assert_eq!(out, r#"<p id="p2-x">1</p><p>2</p>"#);
    }

    #[test]
    fn links_to_printed_pages_lead_inside_the_document() {
        let doc = places(
            "print.html",
            &[("a/b.html", 1), ("c.html", 2), ("c.md", 2), ("d", 3)],
        );
        let out = body(
            r#"<a href="../c.html#set-up">x</a><a href="../c.md">y</a><a href="b.html">z</a><a href="../d/#q">w</a><a href="../d/#gone">g</a><a href="../other.html?v=1#k">o</a><a href="https://e.com/c.html">e</a>"#,
            "a/b.html",
            1,
            &doc,
        );
        assert_eq!(
            out,
            r##"<a href="#p2-set-up">x</a><a href="#p2">y</a><a href="#p1">z</a><a href="#p3-q">w</a><a href="#p3">g</a><a href="other.html?v=1#k">o</a><a href="https://e.com/c.html">e</a>"##
        );
    }

    #[test]
    fn relative_urls_are_rebased_to_the_document_folder() {
        let doc = places("guide/print.html", &[]);
        let html = r#"<img src="../../img/a%20b.png" loading="lazy" alt=""><picture><source srcset="../x.png 2x, ../y z.png"></picture><img src="data:image/png;base64,AA"><img src="/abs.png"><video poster="p.png"></video>"#;
        let out = body(html, "guide/a/b.html", 1, &doc);
        assert_eq!(
            out,
            r#"<img src="../img/a%20b.png" alt=""><picture><source srcset="x.png 2x, y%20z.png"></picture><img src="data:image/png;base64,AA"><img src="/abs.png"><video poster="a/p.png"></video>"#
        );
    }

    #[test]
    fn srcset_candidates_with_a_scheme_stay_whole() {
        let doc = places("guide/print.html", &[]);
        let html = r#"<img srcset="data:image/gif;base64,R0lG,AA 1x, ../b.png 2x"><img srcset="data:image/png;base64,iV,, ../c.png 2x,HTTPS://e.com/a,b.png"><img srcset="a.png,b.png 2x, , ">"#;
        let out = body(html, "guide/sub/a.html", 1, &doc);
        assert_eq!(
            out,
            r#"<img srcset="data:image/gif;base64,R0lG,AA 1x, b.png 2x"><img srcset="data:image/png;base64,iV,, c.png 2x, HTTPS://e.com/a,b.png"><img srcset="sub/a.png, sub/b.png 2x, , ">"#
        );
    }

    #[test]
    fn names_written_in_upper_case_are_rewritten_too() {
        let doc = places("print.html", &[("b.html", 2)]);
        let html = r#"<H2 ID="x">T</H2><A HREF="b.html#Y" NAME=n>k</A><IMG SRC=i.png LOADING=lazy><Details Open>d</Details>"#;
        let out = body(html, "a.html", 1, &doc);
        assert_eq!(
            out,
            r##"<h3 ID="p1-x">T</h3><A HREF="#p2-Y" NAME="p1-n">k</A><IMG SRC=i.png><Details Open="">d</Details>"##
        );
    }

    #[test]
    fn expandables_print_open() {
        let doc = places("print.html", &[]);
        let out = body(
            "<details><summary>S</summary>x</details>",
            "a.html",
            1,
            &doc,
        );
        assert_eq!(out, "<details open=\"\"><summary>S</summary>x</details>");
    }

    #[test]
    fn text_and_entities_pass_unchanged() {
        let doc = places("print.html", &[("b.html", 2)]);
        let html = r#"<p title="a &quot;q&quot; &amp; b">&lt;script&gt; &amp; 中文</p><a href="b.html?x=1&amp;y=2">k</a>"#;
        let out = body(html, "sub/a.html", 1, &doc);
        assert_eq!(
            out,
            r#"<p title="a &quot;q&quot; &amp; b">&lt;script&gt; &amp; 中文</p><a href="sub/b.html?x=1&amp;y=2">k</a>"#
        );
    }

    #[test]
    fn what_a_page_leaves_open_is_closed_at_the_end_of_its_part() {
        let doc = places("print.html", &[]);
        for tag in ENDED_BY_TAG {
            let out = part(&format!("<p>a</p><{tag}>\n<p>b</p>"), "a.html", 1, &doc);
            assert_eq!(out.html, format!("<p>a</p><{tag}>\n<p>b</p></{tag}>"));
            assert_eq!(out.left_open, [format!("<{tag}>")]);
        }
        let out = part("<p>a</p><plaintext><p>b</p>", "a.html", 1, &doc);
        assert_eq!(out.html, "<p>a</p><xmp><p>b</p></xmp>");
        assert_eq!(out.left_open, ["<plaintext>"]);
        let out = part("<p>a</p><!-- b <p>c</p>", "a.html", 1, &doc);
        assert_eq!(out.html, "<p>a</p><!-- b <p>c</p>-->");
        assert_eq!(out.left_open, ["<!--"]);
    }

    #[test]
    fn a_template_or_select_left_open_in_an_element_is_closed_where_that_ends() {
        let doc = places("print.html", &[]);
        let out = part(
            "<div><template><p>t</p></div><p>after</p></template><DIV><select><option>o</DIV>",
            "a.html",
            1,
            &doc,
        );
        assert_eq!(
            out.html,
            "<div><template><p>t</p></template></div><p>after</p></template><DIV><select><option>o</select></DIV>"
        );
        assert!(out.left_open.is_empty());
        assert_eq!(out.closed_early, ["<template>", "<select>"]);
        let html =
            "<div><template><div>t</div></template></div><svg><title/><style>x</style></svg>";
        let out = part(html, "a.html", 1, &doc);
        assert_eq!(out.html, html);
        assert!(out.left_open.is_empty() && out.closed_early.is_empty());
    }

    /// A body as a part: its HTML, what it left open, what it closed early.
    fn closed(html: &str) -> (String, Vec<String>, Vec<String>) {
        let out = part(html, "a.html", 1, &places("print.html", &[]));
        (out.html, out.left_open, out.closed_early)
    }

    fn strings(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| t.to_string()).collect()
    }

    /// The end of the part closes nothing inside a table: it is closed at
    /// the end of its page, or where the element around it ends.
    #[test]
    fn a_table_left_open_is_closed() {
        assert_eq!(
            closed("<table><tr><td><div>a"),
            (
                "<table><tr><td><div>a</table>".into(),
                strings(&["<table>"]),
                vec![]
            )
        );
        assert_eq!(
            closed("<div><TABLE><tr><td>a</div><p>b</p>"),
            (
                "<div><TABLE><tr><td>a</table></div><p>b</p>".into(),
                vec![],
                strings(&["<TABLE>"])
            )
        );
        let whole = "<table><tr><td>a</td></tr></table><table><tr><td>b</table>";
        assert_eq!(closed(whole), (whole.into(), vec![], vec![]));
    }

    #[test]
    fn an_object_left_open_is_closed() {
        assert_eq!(
            closed("<object><p>fallback"),
            (
                "<object><p>fallback</object>".into(),
                strings(&["<object>"]),
                vec![]
            )
        );
        assert_eq!(
            closed("<div><object>a</div>b"),
            (
                "<div><object>a</object></div>b".into(),
                vec![],
                strings(&["<object>"])
            )
        );
    }

    #[test]
    fn a_marquee_left_open_is_closed() {
        assert_eq!(
            closed("<marquee><p>a"),
            (
                "<marquee><p>a</marquee>".into(),
                strings(&["<marquee>"]),
                vec![]
            )
        );
        assert_eq!(
            closed("<div><marquee>a</div>b"),
            (
                "<div><marquee>a</marquee></div>b".into(),
                vec![],
                strings(&["<marquee>"])
            )
        );
    }

    #[test]
    fn an_applet_left_open_is_closed() {
        assert_eq!(
            closed("<applet><p>a"),
            (
                "<applet><p>a</applet>".into(),
                strings(&["<applet>"]),
                vec![]
            )
        );
        assert_eq!(
            closed("<div><applet>a</div>b"),
            (
                "<div><applet>a</applet></div>b".into(),
                vec![],
                strings(&["<applet>"])
            )
        );
    }

    /// HTML left open inside a `<foreignObject>` keeps even its own end tag
    /// from closing it: what is open inside is closed first.
    #[test]
    fn a_foreign_object_left_open_is_closed_with_the_html_inside_it() {
        assert_eq!(
            closed("<svg><foreignObject><div><p>a<br>b"),
            (
                "<svg><foreignObject><div><p>a<br>b</p></div></foreignobject>".into(),
                strings(&["<foreignObject>"]),
                vec![]
            )
        );
        assert_eq!(
            closed("<div><svg><foreignObject><div>a</svg></div>b"),
            (
                "<div><svg><foreignObject><div>a</div></foreignobject></svg></div>b".into(),
                vec![],
                strings(&["<foreignObject>"])
            )
        );
        assert_eq!(
            closed("<svg><desc><p>a"),
            (
                "<svg><desc><p>a</p></desc>".into(),
                strings(&["<desc>"]),
                vec![]
            )
        );
        let whole = "<svg><foreignObject><div><p>a</p></div></foreignObject><desc/></svg>";
        assert_eq!(closed(whole), (whole.into(), vec![], vec![]));
    }

    /// In MathML, the elements that hold text (`<mi>`, `<mtext>`) bound the
    /// scope as `<foreignObject>` does in SVG.
    #[test]
    fn mathml_text_left_open_is_closed() {
        assert_eq!(
            closed("<math><mi>x"),
            ("<math><mi>x</mi>".into(), strings(&["<mi>"]), vec![])
        );
        assert_eq!(
            closed("<math><mtext><div>a"),
            (
                "<math><mtext><div>a</div></mtext>".into(),
                strings(&["<mtext>"]),
                vec![]
            )
        );
        assert_eq!(
            closed("<div><math><mi>x</div>b"),
            (
                "<div><math><mi>x</mi></div>b".into(),
                vec![],
                strings(&["<mi>"])
            )
        );
        let whole = "<math><mi>x</mi><mo>+</mo><mn>1</mn></math>";
        assert_eq!(closed(whole), (whole.into(), vec![], vec![]));
    }

    #[test]
    fn a_page_that_closes_what_it_opens_is_printed_as_it_is() {
        let doc = places("print.html", &[]);
        let html = "<textarea>x</textarea><TEMPLATE><p>t</p></TEMPLATE><select><option>o</select><style>p{}</style><!-- c --><!--><!--->";
        let out = part(html, "a.html", 1, &doc);
        assert_eq!(out.html, html);
        assert!(out.left_open.is_empty());
    }
}
