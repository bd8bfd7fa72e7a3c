//! Where things are in the printable document, and what it changes in
//! each start tag of a page's body: ids prefixed, links led inside the
//! document, relative URLs rebased. Both readers of a body use it, the
//! quick path (`quick`) and lol_html (`rewrite`).

use crate::markdown::DIAGRAM_ID_PREFIX;
use crate::text::url;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

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

/// SVG elements inside which HTML comes back, so that what HTML a page
/// leaves open there decides where they end. Tag names ignore case, and
/// so does lol_html: `<foreignobject>` is `<foreignObject>`.
pub(super) const SVG_SCOPE_BOUNDS: &[&str] = &["desc", "foreignobject", "title"];

/// The same in MathML.
pub(super) const MATHML_SCOPE_BOUNDS: &[&str] =
    &["annotation-xml", "mi", "mn", "mo", "ms", "mtext"];

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

/// One page's place in the document: its folder, its number, and the
/// prefix its ids take there.
pub(super) struct PagePlace<'a> {
    places: &'a Places<'a>,
    /// The body being rewritten: lol_html's reader takes tag and
    /// attribute names and values from it where the tokenizer found them,
    /// not copied out.
    pub(super) html: &'a str,
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

    #[test]
    fn a_srcset_splits_at_commas_but_inside_a_url_with_a_scheme() {
        assert_eq!(srcset_candidates("x"), ["x"]);
        assert_eq!(
            srcset_candidates("data:a,b 1x, c.png 2x"),
            ["data:a,b 1x", " c.png 2x"]
        );
        assert!(
            has_scheme("data:x")
                && has_scheme("a+b.c-d:")
                && !has_scheme("1a:")
                && !has_scheme("a b:c")
                && !has_scheme("ab")
        );
    }
}
