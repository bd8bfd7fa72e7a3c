//! Link destinations as written in a page → hrefs in the output.
//!
//! `../folder/page.md#anchor` becomes the relative href of the generated page;
//! `folder/` means that folder's README; files are found at their published
//! path; anything that does not exist is broken, as are GitBook's exported
//! `broken-reference` and `/broken/pages/…` (`/files/`, `/spaces/`) links.

use crate::content::page::Page;
use crate::content::Site;
use crate::text::url;

/// What a destination turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Leave it as written (external, empty, or not ours to judge).
    Keep,
    /// A page or file of the site, with the href to write.
    Href {
        href: String,
        /// The page linked to, if it is a page (for mentions).
        page: Option<usize>,
        /// The anchor linked to, decoded, when the page has it.
        anchor: Option<String>,
        /// The page exists but not the anchor: the link still goes to the
        /// page (as on GitBook, which opens it at the top), with a
        /// `missing-anchor` finding saying why.
        missing_anchor: Option<Broken>,
    },
    /// Nothing there.
    Broken(Broken),
}

/// Why a destination leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Broken {
    /// `broken-link` (no such page or file), `missing-anchor`, or
    /// `broken-reference` (GitBook exported the link as broken).
    pub kind: &'static str,
    pub reason: String,
}

/// The kind of a link GitBook exported as broken (`broken-reference`,
/// `/broken/pages/…`).
pub(crate) const EXPORTED_BROKEN: &str = "broken-reference";

impl Resolved {
    fn broken(kind: &'static str, reason: impl Into<String>) -> Resolved {
        Resolved::Broken(Broken {
            kind,
            reason: reason.into(),
        })
    }
}

/// Why a script URL is not written as it is (`unsafe-link`), for callers
/// that know where it was.
pub(crate) fn script_url_warning(dest: &str) -> Option<String> {
    url::is_script_url(dest).then(|| {
        let shown = url::for_message(dest);
        format!("`{shown}` would run a script; written as a link to nowhere")
    })
}

/// Resolve `dest`, written in the document `from` (a page, or a file it
/// includes), for the page whose output path is `output`.
pub(crate) fn resolve(dest: &str, from: &Page, output: &str, site: &Site) -> Resolved {
    let dest = dest.trim();
    if dest.is_empty() {
        return Resolved::Keep;
    }
    if url::is_script_url(dest) {
        // Written, but leading nowhere: the page must not run author scripts
        // through a link (callers with a position also warn).
        return Resolved::Href {
            href: url::NEUTRAL.into(),
            page: None,
            anchor: None,
            missing_anchor: None,
        };
    }
    if is_gitbook_broken(dest) {
        return Resolved::broken(EXPORTED_BROKEN, "GitBook exported this link as broken");
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return resolve_anchor(anchor, from, from, "#".into(), None);
    }
    if url::is_external(dest) {
        return Resolved::Keep;
    }
    let (path, fragment) = url::split_fragment(dest);
    let decoded = url::decode(path);
    let Some(joined) = url::join(url::parent(&from.source), &decoded) else {
        return Resolved::broken("broken-link", format!("`{path}` points outside the space"));
    };
    let wants_folder = path.is_empty()
        || path.ends_with('/')
        || site.is_folder(&joined) && site.page_by_source(&joined).is_none();
    let target = if wants_folder {
        site.folder_page(&joined)
    } else {
        site.page_by_source(&joined)
    };
    let target = target.or_else(|| {
        site.file_by_source(&joined)
            .is_none()
            .then(|| page_at_published_url(site, &joined))
            .flatten()
    });
    if let Some(page) = target {
        let href = url::relative(output, &page.link);
        let index = site.page_index(&page.source);
        return match fragment {
            Some(anchor) if !anchor.is_empty() => resolve_anchor(anchor, from, page, href, index),
            _ => Resolved::Href {
                href,
                page: index,
                anchor: None,
                missing_anchor: None,
            },
        };
    }
    if let Some(file) = site.file_by_source(&joined) {
        return Resolved::Href {
            href: url::relative(output, &file.output),
            page: None,
            anchor: None,
            missing_anchor: None,
        };
    }
    if wants_folder {
        return Resolved::broken(
            "broken-link",
            format!("folder `{joined}` has no README page"),
        );
    }
    Resolved::broken("broken-link", format!("no page or file `{joined}`"))
}

fn resolve_anchor(
    anchor: &str,
    from: &Page,
    target: &Page,
    href: String,
    index: Option<usize>,
) -> Resolved {
    let decoded = url::decode(anchor).into_owned();
    let base = if href == "#" { String::new() } else { href };
    if let Some(found) = target.anchor(&decoded) {
        // Written as the page has it: a browser matches fragments by case.
        return Resolved::Href {
            href: format!("{base}#{}", url::encode_fragment(&found)),
            page: index,
            anchor: Some(found),
            missing_anchor: None,
        };
    }
    let place = if std::ptr::eq(from, target) {
        "this page".to_string()
    } else {
        format!("`{}`", target.source)
    };
    Resolved::Href {
        href: format!("{base}#{}", url::encode_fragment(&decoded)),
        page: index,
        anchor: None,
        missing_anchor: Some(Broken {
            kind: "missing-anchor",
            reason: format!("no heading or anchor `#{decoded}` in {place}"),
        }),
    }
}

/// The page GitBook publishes at `path` (its URLs have no `.md`): a link
/// written that way (`../environments/`, `developing-with-apis`) names
/// `path.md`, else the folder's README.
fn page_at_published_url<'s>(site: &'s Site, path: &str) -> Option<&'s Page> {
    if path.is_empty() {
        return None;
    }
    site.page_by_source(&format!("{path}.md"))
        .or_else(|| site.folder_page(path))
}

/// GitBook writes links it could not resolve at export time like this.
fn is_gitbook_broken(dest: &str) -> bool {
    dest == "broken-reference"
        || dest.starts_with("broken-reference")
        || dest.ends_with("/broken-reference")
        || dest.starts_with("/broken/pages/")
        || dest.starts_with("/broken/files/")
        || dest.starts_with("/broken/spaces/")
}
