//! One page's rendered body made a part of its space's printable document:
//! headings one level down (capped at h6), every id prefixed with the
//! page's own (`p3-install`), links between printed pages turned into
//! links inside the document, relative URLs rebased to the document's
//! folder, expandables open and images loaded at once (a lazy image is
//! not there yet when the browser prints).

use super::quick;
use crate::markdown::DIAGRAM_ID_PREFIX;
use crate::text::url;
use lol_html::html_content::{Attribute, Comment, ContentType, Element};
use lol_html::{doc_comments, element, rewrite_str, RewriteStrSettings};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Attributes that name other elements by id, as a list of ids.
const ID_LISTS: &[&str] = &[
    "aria-controls",
    "aria-describedby",
    "aria-labelledby",
    "aria-owns",
    "for",
    "headers",
];

/// Attributes holding one URL that may be relative.
const URLS: &[&str] = &["src", "poster", "data"];

/// Where things are in the document.
pub(crate) struct Places<'a> {
    /// The document's output path (`print.html`, `guides/print.html`).
    pub(crate) doc: &'a str,
    /// Every path that leads to a printed page (its output, its link path,
    /// its Markdown twin) → its number in the document.
    pub(crate) pages: HashMap<String, usize>,
    /// The id a fragment names in page `number` (as written, or differing
    /// only in case), if it has one.
    pub(crate) anchor: &'a (dyn Fn(usize, &str) -> Option<String> + Sync),
}

/// The id of page `number`'s part of the document, and the prefix of
/// every id in it. Numbers keep prefixes apart: `p1-` never begins an id
/// of page 12, whose ids begin `p12-`.
pub(crate) fn part_id(number: usize) -> String {
    format!("p{number}")
}

/// Elements whose content runs to their own end tag, or hides all that
/// follows until it: one a page leaves open would take in every later
/// part of the document.
pub(super) const ENDED_BY_TAG: &[&str] = &[
    "iframe", "noembed", "noframes", "noscript", "script", "select", "style", "template",
    "textarea", "title", "xmp",
];

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

/// The same in SVG and in MathML: where HTML comes back inside them. HTML
/// left open inside one keeps even its own end tag from closing it.
const SVG_SCOPE_BOUNDS: &[&str] = &["desc", "foreignobject", "title"];
const MATHML_SCOPE_BOUNDS: &[&str] = &["annotation-xml", "mi", "mn", "mo", "ms", "mtext"];

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

/// Whether an id or a link names a part of a drawn diagram. Those ids are
/// unique in the whole site already, and the drawing's own style and
/// markers name them (`#quire_mermaid-1-… .node`, `url(#…)`) where this
/// rewriter does not look: they stay as they are.
fn names_diagram(name: &str, value: &str) -> bool {
    match name {
        "id" => value.starts_with(DIAGRAM_ID_PREFIX),
        "href" | "xlink:href" => value
            .strip_prefix('#')
            .is_some_and(|id| id.starts_with(DIAGRAM_ID_PREFIX)),
        _ => false,
    }
}

pub(super) struct PagePlace<'a> {
    places: &'a Places<'a>,
    /// The body being rewritten: tag and attribute names and values are
    /// read from it where the tokenizer found them, not copied out.
    html: &'a str,
    dir: &'a str,
    /// Whether the page sits in the document's folder: its relative URLs
    /// stay as they are.
    same_dir: bool,
    number: usize,
    prefix: String,
}

impl<'a> PagePlace<'a> {
    pub(super) fn new(
        places: &'a Places<'a>,
        html: &'a str,
        output: &'a str,
        number: usize,
    ) -> Self {
        PagePlace {
            places,
            html,
            dir: url::parent(output),
            same_dir: url::parent(output) == url::parent(places.doc),
            number,
            prefix: part_id(number),
        }
    }

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

    /// What the document changes in the attributes of a `tag` start tag,
    /// given as (name in lower case, value as written), in their order.
    /// Most elements have none to change, and cost no copy.
    pub(super) fn changes<'v>(
        &self,
        tag: &str,
        attributes: impl Iterator<Item = (Cow<'v, str>, Cow<'v, str>)>,
        seen: &mut HashSet<String>,
    ) -> Vec<(Cow<'v, str>, Change)> {
        let mut changes = vec![];
        for (name, value) in attributes {
            let change = match name.as_ref() {
                _ if names_diagram(&name, &value) => continue,
                "id" => {
                    let id = self.id(&value);
                    // An id the page repeats keeps only its first element,
                    // the one a link finds.
                    if seen.insert(id.clone()) {
                        Some(Change::Set(id))
                    } else {
                        Some(Change::Remove)
                    }
                }
                "name" if tag == "a" => Some(Change::Set(self.id(&value))),
                "href" | "xlink:href" => self.link(&value).map(Change::Set),
                "srcset" => Some(Change::Set(self.srcset(&value))),
                "loading" if tag == "img" || tag == "iframe" => Some(Change::Remove),
                other if ID_LISTS.contains(&other) => {
                    let ids: Vec<String> = value.split_whitespace().map(|id| self.id(id)).collect();
                    Some(Change::Set(ids.join(" ")))
                }
                other if URLS.contains(&other) => self.rebase(&value).map(Change::Set),
                _ => None,
            };
            if let Some(change) = change {
                changes.push((name, change));
            }
        }
        changes
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

    fn id(&self, id: &str) -> String {
        match id.starts_with(DIAGRAM_ID_PREFIX) {
            true => id.to_string(),
            false => format!("{}-{id}", self.prefix),
        }
    }

    /// A link of the page as the document needs it; `None` when it stays.
    fn link(&self, href: &str) -> Option<String> {
        if let Some(fragment) = href.strip_prefix('#') {
            return Some(self.part_link(self.number, Some(fragment)));
        }
        if !is_relative(href) {
            return None;
        }
        let (path, fragment) = url::split_fragment(href);
        if let Some(target) = url::join(self.dir, &decode(path)) {
            if let Some(&number) = self.places.pages.get(target.trim_end_matches('/')) {
                return Some(self.part_link(number, fragment));
            }
        }
        self.rebase(href)
    }

    /// A link to a place in part `number`: the id the fragment names there,
    /// else the part itself (a link whose anchor is gone still reaches its
    /// page, as the browser would on the site).
    fn part_link(&self, number: usize, fragment: Option<&str>) -> String {
        let id = fragment
            .filter(|f| !f.is_empty())
            .and_then(|f| (self.places.anchor)(number, &decode(f)));
        match id {
            Some(id) => format!("#{}-{}", part_id(number), url::encode_fragment(&id)),
            None => format!("#{}", part_id(number)),
        }
    }

    /// A relative URL of the page made relative to the document; `None`
    /// when it stays (absolute, or the page is in the document's folder).
    fn rebase(&self, found: &str) -> Option<String> {
        if self.same_dir || !is_relative(found) {
            return None;
        }
        let end = found.find(['?', '#']).unwrap_or(found.len());
        let (path, rest) = found.split_at(end);
        let mut target = url::join(self.dir, &decode(path))?;
        if path.ends_with('/') && !target.is_empty() {
            target.push('/');
        }
        let mut rebased = url::relative(self.places.doc, &target);
        rebased.push_str(rest);
        if url::is_script_url_in_any_spelling(&rebased) {
            return Some(url::NEUTRAL.to_string());
        }
        Some(rebased)
    }

    /// Each candidate's URL rebased, its descriptor (`2x`, `300w`) kept.
    fn srcset(&self, srcset: &str) -> String {
        let candidates: Vec<String> = srcset_candidates(srcset)
            .into_iter()
            .map(|candidate| {
                let candidate = candidate.trim();
                let (found, descriptor) = match candidate.rsplit_once(' ') {
                    Some((u, d)) if is_descriptor(d) => (u.trim_end(), Some(d)),
                    _ => (candidate, None),
                };
                let rebased = self.rebase(found).unwrap_or_else(|| found.to_string());
                match descriptor {
                    Some(d) => format!("{rebased} {d}"),
                    None => rebased,
                }
            })
            .collect();
        candidates.join(", ")
    }
}

/// A `srcset`'s candidates, split at the commas between them. A URL with
/// a scheme runs to the first whitespace as the browser reads it, commas
/// and all (`data:image/png;base64,…`); a comma ends any other.
fn srcset_candidates(srcset: &str) -> Vec<&str> {
    let mut candidates = vec![];
    let mut rest = srcset;
    loop {
        let start = rest.len() - rest.trim_start().len();
        let url_end = if has_scheme(&rest[start..]) {
            let url = rest[start..]
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or("");
            // Commas that end the URL end the candidate, as they do for
            // the browser.
            start + url.len() - usize::from(url.ends_with(','))
        } else {
            start
        };
        match rest[url_end..].find(',') {
            Some(at) => {
                candidates.push(&rest[..url_end + at]);
                rest = &rest[url_end + at + 1..];
            }
            None => {
                candidates.push(rest);
                return candidates;
            }
        }
    }
}

/// Whether `url` begins with a scheme (`data:`, `https:`).
fn has_scheme(url: &str) -> bool {
    let scheme = url.split(':').next().unwrap_or("");
    url.len() > scheme.len()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The path an attribute's URL names: attribute values come as written,
/// with their character references.
fn decode(path: &str) -> String {
    url::decode(&htmlize::unescape_attribute(path)).into_owned()
}

/// What becomes of an attribute.
pub(super) enum Change {
    Set(String),
    Remove,
}

pub(super) fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The name of a `h1`…`h5` one level down; `h6` stays, there is none
/// below.
pub(super) fn heading_below(tag: &str) -> Option<&'static str> {
    match tag {
        "h1" => Some("h2"),
        "h2" => Some("h3"),
        "h3" => Some("h4"),
        "h4" => Some("h5"),
        "h5" => Some("h6"),
        _ => None,
    }
}

/// Whether the document prints `tag` open: an expandable, whose content
/// a closed one would leave off the sheet.
pub(super) fn opens(tag: &str) -> bool {
    tag == "details"
}

fn set(el: &mut Element, attribute: &str, value: &str) {
    // The names are ours and valid: setting them cannot fail.
    let _ = el.set_attribute(attribute, value);
}

/// A URL relative to the page: no scheme, not `//host`, not `/root`, also
/// once decoded (`javascript&#58;x` is a scheme to the browser).
fn is_relative(found: &str) -> bool {
    !found.is_empty()
        && !found.starts_with(['/', '#'])
        && !url::is_external(found)
        && !found.contains(':')
        && !url::is_external(&decode(found))
}

/// `2x`, `1.5x`, `300w`: a srcset candidate's descriptor.
fn is_descriptor(word: &str) -> bool {
    word.len() > 1
        && word.ends_with(['x', 'w'])
        && word[..word.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
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
        assert_eq!(srcset_candidates("x"), ["x"]);
        assert!(
            has_scheme("data:x")
                && has_scheme("a+b.c-d:")
                && !has_scheme("1a:")
                && !has_scheme("a b:c")
                && !has_scheme("ab")
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
