//! Navigation: the SUMMARY (or the folder tree) as a flat arena of nodes,
//! so that breadcrumbs, open branches and previous/next are cheap lookups.

use super::summary::{self, Item};
use crate::error::{Diagnostic, LineIndex};
use crate::text::url;
use std::collections::HashMap;
use std::path::Path;

/// What a navigation node points at.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A page of the site (index into the page list), maybe at an anchor.
    Page { page: usize, anchor: Option<String> },
    /// A link to another site.
    External(String),
    /// A caption without a link (an unlinked entry or a folder without a page).
    Caption,
    /// A `***` divider.
    Separator,
}

/// One node of the navigation tree.
#[derive(Debug, Clone)]
pub struct NavNode {
    pub title: String,
    pub label: Option<String>,
    pub target: Target,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

/// Top-level entries under one group caption.
#[derive(Debug, Clone, Default)]
pub struct NavGroup {
    pub title: Option<String>,
    pub children: Vec<usize>,
}

/// Pages generated for SUMMARY blocks (`builtin:openapi`): by the block's
/// offset in SUMMARY.md, each page's source and navigation title.
pub(crate) type GeneratedEntries = HashMap<usize, Vec<(String, String)>>;

/// The whole navigation of a site.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub nodes: Vec<NavNode>,
    pub groups: Vec<NavGroup>,
    /// The node that stands for each page (its first entry), by page index.
    pub node_of_page: HashMap<usize, usize>,
    /// Pages in reading order, for previous/next.
    pub order: Vec<usize>,
}

impl Nav {
    /// The node's ancestors, outermost first, then the node itself.
    pub fn trail(&self, node: usize) -> Vec<usize> {
        let mut trail = vec![node];
        let mut at = node;
        while let Some(parent) = self.nodes[at].parent {
            trail.push(parent);
            at = parent;
        }
        trail.reverse();
        trail
    }

    /// The group a top-level node belongs to.
    pub fn group_of(&self, top: usize) -> Option<&NavGroup> {
        self.groups.iter().find(|g| g.children.contains(&top))
    }

    /// Change every page index with `map` (a tree built from part of the
    /// pages numbers them locally).
    pub fn renumber_pages(&mut self, map: impl Fn(usize) -> usize) {
        for node in &mut self.nodes {
            if let Target::Page { page, .. } = &mut node.target {
                *page = map(*page);
            }
        }
        self.node_of_page = self
            .node_of_page
            .drain()
            .map(|(p, n)| (map(p), n))
            .collect();
        for page in &mut self.order {
            *page = map(*page);
        }
    }

    fn push(&mut self, node: NavNode) -> usize {
        let id = self.nodes.len();
        if let Target::Page { page, anchor: None } = node.target {
            if let std::collections::hash_map::Entry::Vacant(e) = self.node_of_page.entry(page) {
                e.insert(id);
                self.order.push(page);
            }
        }
        if let Target::Page {
            page,
            anchor: Some(_),
        } = node.target
        {
            self.node_of_page.entry(page).or_insert(id);
        }
        self.nodes.push(node);
        id
    }
}

/// Build the navigation from SUMMARY.md. Entries pointing at files that do not
/// exist are errors at their line; pages listed twice are warnings.
pub(crate) fn from_summary(
    text: &str,
    summary_path: &str,
    shown: &Path,
    pages: &HashMap<String, usize>,
    generated: &GeneratedEntries,
) -> (Nav, Vec<Diagnostic>) {
    let (summary, problems) = summary::parse(text);
    let lines = LineIndex::new(text);
    let mut diagnostics: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| Diagnostic::warning("summary", shown, p.message).at(lines.locate(p.offset)))
        .collect();
    let base = summary_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut nav = Nav::default();
    let mut seen = HashMap::new();
    for group in &summary.groups {
        let mut top = vec![];
        // (item, parent node) pairs still to add, depth first.
        let mut stack: Vec<(&Item, Option<usize>)> =
            group.items.iter().rev().map(|i| (i, None)).collect();
        while let Some((item, parent)) = stack.pop() {
            if let Item::OpenApi(api) = item {
                // Generated pages take the block's place, in the spec's order.
                for (source, title) in generated.get(&api.offset).into_iter().flatten() {
                    let Some(&page) = pages.get(source) else {
                        continue;
                    };
                    let id = nav.push(NavNode {
                        title: title.clone(),
                        label: None,
                        target: Target::Page { page, anchor: None },
                        parent,
                        children: vec![],
                    });
                    match parent {
                        Some(p) => nav.nodes[p].children.push(id),
                        None => top.push(id),
                    }
                }
                continue;
            }
            let node = match item {
                Item::OpenApi(_) => continue,
                Item::Separator => NavNode {
                    title: String::new(),
                    label: None,
                    target: Target::Separator,
                    parent,
                    children: vec![],
                },
                Item::Entry(entry) => {
                    let target = match &entry.destination {
                        None => Target::Caption,
                        Some(dest) => match resolve_entry(dest, base, pages) {
                            Ok(target) => {
                                if let Some(message) = scheme_hiding_a_page(dest, base, pages) {
                                    diagnostics.push(
                                        Diagnostic::warning("summary", shown, message)
                                            .at(lines.locate(entry.offset)),
                                    );
                                }
                                target
                            }
                            Err(message) => {
                                diagnostics.push(
                                    Diagnostic::error("summary", shown, message)
                                        .at(lines.locate(entry.offset)),
                                );
                                Target::Caption
                            }
                        },
                    };
                    if let Target::Page { page, anchor: None } = &target {
                        if let Some(&first) = seen.get(page) {
                            let first = lines.locate(first);
                            diagnostics.push(
                                Diagnostic::warning(
                                    "summary",
                                    shown,
                                    format!(
                                        "`{}` is listed again (first on line {})",
                                        entry.destination.as_deref().unwrap_or(""),
                                        first.line
                                    ),
                                )
                                .at(lines.locate(entry.offset)),
                            );
                        } else {
                            seen.insert(*page, entry.offset);
                        }
                    }
                    NavNode {
                        title: entry.title.clone(),
                        label: entry.label.clone(),
                        target,
                        parent,
                        children: vec![],
                    }
                }
            };
            let id = nav.push(node);
            match parent {
                Some(p) => nav.nodes[p].children.push(id),
                None => top.push(id),
            }
            if let Item::Entry(entry) = item {
                stack.extend(entry.children.iter().rev().map(|c| (c, Some(id))));
            }
        }
        nav.groups.push(NavGroup {
            title: group.title.clone(),
            children: top,
        });
    }
    (nav, diagnostics)
}

fn resolve_entry(dest: &str, base: &str, pages: &HashMap<String, usize>) -> Result<Target, String> {
    if url::is_script_url(dest) {
        return Err(format!(
            "`{dest}` would run a script; the entry is shown without a link"
        ));
    }
    if url::is_external(dest) {
        return Ok(Target::External(dest.to_string()));
    }
    let anchor = url::split_fragment(dest).1;
    let Some(source) = entry_source(dest, base) else {
        return Err(format!("`{dest}` points outside the space"));
    };
    match pages.get(&source) {
        Some(&page) => Ok(Target::Page {
            page,
            anchor: anchor.map(|a| url::decode(a).into_owned()),
        }),
        None => Err(format!("no page `{source}` for this entry")),
    }
}

/// A warning when `dest` reads as a URL scheme (`FAQ: billing.md` is a
/// `faq:` URL to a browser, and to quire) but also names a page of the
/// space: its author most likely meant the page.
fn scheme_hiding_a_page(dest: &str, base: &str, pages: &HashMap<String, usize>) -> Option<String> {
    let source = entry_source(dest, base).filter(|_| url::is_external(dest))?;
    pages.contains_key(&source).then(|| {
        format!("`{dest}` reads as a URL scheme, not as the page `{source}`; write `./{dest}` to link the page")
    })
}

/// The page a SUMMARY.md entry names, relative to the content (`base` is
/// SUMMARY.md's folder): a folder (`a/`) names its README. `None` if it
/// leads outside the space.
pub(crate) fn entry_source(dest: &str, base: &str) -> Option<String> {
    let path = url::split_fragment(dest).0;
    let source = url::join(base, &url::decode(path))?;
    if source.is_empty() || dest.ends_with('/') {
        return url::join(&source, "README.md");
    }
    Some(source)
}

/// Without SUMMARY.md: one entry per page, folders nested, each folder's
/// README as the folder's entry. Titles come from the pages. Folders nest
/// up to SUMMARY.md's depth; the pages of deeper ones are shown at its last
/// level, and the first such page is given for a warning.
pub(crate) fn from_folders(
    sources: &[String],
    titles: &[String],
    readme: &str,
) -> (Nav, Option<usize>) {
    let mut nav = Nav::default();
    let mut capped = None;
    let mut folder_nodes: HashMap<String, usize> = HashMap::new();
    let mut top = vec![];
    // Readmes first so a folder's node is its page; then everything in path order.
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| {
        let s = &sources[i];
        let is_readme = s == readme
            || s.rsplit('/')
                .next()
                .is_some_and(|f| f.eq_ignore_ascii_case("readme.md"));
        let dir = if is_readme {
            s.rsplit_once('/').map_or("", |d| d.0)
        } else {
            s.as_str()
        };
        (
            dir.split('/').map(str::to_string).collect::<Vec<_>>(),
            !is_readme,
        )
    });
    for i in order {
        let source = &sources[i];
        let is_readme = source == readme
            || source
                .rsplit('/')
                .next()
                .is_some_and(|f| f.eq_ignore_ascii_case("readme.md"));
        let dir = source.rsplit_once('/').map_or("", |d| d.0);
        let (own_dir, parent_dir) = if is_readme {
            (
                Some(dir),
                dir.rsplit_once('/')
                    .map_or(if dir.is_empty() { None } else { Some("") }, |d| Some(d.0)),
            )
        } else {
            (None, Some(dir))
        };
        let parent_dir = parent_dir.map(|d| {
            let kept = within_depth(d);
            if kept.len() < d.len() {
                capped.get_or_insert(i);
            }
            kept
        });
        // A README below the last level is a page there, not a folder.
        let own_dir = own_dir.filter(|d| within_depth(d).len() == d.len());
        let parent =
            parent_dir.and_then(|d| ensure_folder(&mut nav, &mut folder_nodes, &mut top, d));
        let id = nav.push(NavNode {
            title: titles[i].clone(),
            label: None,
            target: Target::Page {
                page: i,
                anchor: None,
            },
            parent,
            children: vec![],
        });
        match parent {
            Some(p) => nav.nodes[p].children.push(id),
            None => top.push(id),
        }
        if let Some(d) = own_dir.filter(|d| !d.is_empty()) {
            folder_nodes.insert(d.to_string(), id);
        }
    }
    nav.groups.push(NavGroup {
        title: None,
        children: top,
    });
    (nav, capped)
}

/// `dir` cut to the folders whose pages sit at most `MAX_DEPTH` levels
/// deep (`a/b/…`, one level less): the folder nodes above them fill the
/// levels before.
fn within_depth(dir: &str) -> &str {
    match dir.match_indices('/').nth(summary::MAX_DEPTH - 2) {
        Some((at, _)) => &dir[..at],
        None => dir,
    }
}

/// The node of a folder, made as a caption when the folder has no README.
fn ensure_folder(
    nav: &mut Nav,
    folders: &mut HashMap<String, usize>,
    top: &mut Vec<usize>,
    dir: &str,
) -> Option<usize> {
    if dir.is_empty() {
        return None;
    }
    if let Some(&id) = folders.get(dir) {
        return Some(id);
    }
    let (parent_dir, name) = dir.rsplit_once('/').unwrap_or(("", dir));
    let parent = ensure_folder(nav, folders, top, parent_dir);
    let id = nav.push(NavNode {
        title: name.to_string(),
        label: None,
        target: Target::Caption,
        parent,
        children: vec![],
    });
    match parent {
        Some(p) => nav.nodes[p].children.push(id),
        None => top.push(id),
    }
    folders.insert(dir.to_string(), id);
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(list: &[&str]) -> HashMap<String, usize> {
        list.iter()
            .enumerate()
            .map(|(i, p)| (p.to_string(), i))
            .collect()
    }

    #[test]
    fn missing_entries_are_errors_with_line_and_column() {
        let text = "# TOC\n\n* [A](a.md)\n  * [Gone](gone.md)\n";
        let (nav, diagnostics) = from_summary(
            text,
            "SUMMARY.md",
            "SUMMARY.md".as_ref(),
            &pages(&["a.md"]),
            &Default::default(),
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].to_string(),
            "SUMMARY.md:4:5: error[summary]: no page `gone.md` for this entry"
        );
        assert_eq!(nav.order, [0]);
    }

    /// A target a browser reads as a scheme (`faq:`) stays a link out, as
    /// written, but the page of the same name is pointed out.
    #[test]
    fn a_scheme_shaped_entry_naming_a_page_is_told() {
        let text = "* [FAQ](<FAQ: billing.md>)\n* [Docs](https://e.com/a.md)\n* [Tel](tel:123)\n";
        let (nav, diagnostics) = from_summary(
            text,
            "SUMMARY.md",
            "SUMMARY.md".as_ref(),
            &pages(&["FAQ: billing.md", "tel:123"]),
            &Default::default(),
        );
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "SUMMARY.md:1:3: warning[summary]: `FAQ: billing.md` reads as a URL scheme, not as the page `FAQ: billing.md`; write `./FAQ: billing.md` to link the page",
                "SUMMARY.md:3:3: warning[summary]: `tel:123` reads as a URL scheme, not as the page `tel:123`; write `./tel:123` to link the page",
            ]
        );
        assert!(matches!(&nav.nodes[0].target, Target::External(url) if url == "FAQ: billing.md"));
        let fixed = resolve_entry("./FAQ: billing.md", "", &pages(&["FAQ: billing.md"]));
        assert!(matches!(
            fixed,
            Ok(Target::Page {
                page: 0,
                anchor: None
            })
        ));
    }

    /// Issue 22: every repeat names the first listing, and `[Draft]()` is
    /// an entry without a link, not the home page listed again.
    #[test]
    fn repeats_name_the_first_line_and_empty_links_lead_nowhere() {
        let text = "* [A](a.md)\n* [A2](a.md)\n* [A3](a.md)\n* [Draft]()\n* [Home](README.md)\n";
        let (nav, diagnostics) = from_summary(
            text,
            "SUMMARY.md",
            "SUMMARY.md".as_ref(),
            &pages(&["a.md", "README.md"]),
            &Default::default(),
        );
        let messages: Vec<_> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "SUMMARY.md:4:3: warning[summary]: this entry has no link; it is shown as a caption",
                "SUMMARY.md:2:3: warning[summary]: `a.md` is listed again (first on line 1)",
                "SUMMARY.md:3:3: warning[summary]: `a.md` is listed again (first on line 1)",
            ]
        );
        let draft = nav.nodes.iter().find(|n| n.title == "Draft").unwrap();
        assert_eq!(draft.target, Target::Caption);
        assert_eq!(nav.order, [0, 1]);
    }

    #[test]
    fn duplicates_warn_and_order_follows_the_summary() {
        let text = "* [B](b.md)\n* [A](a.md)\n  * [B again](b.md)\n* [A part](a.md#part)\n* [Out](../../etc/passwd)\n";
        let (nav, diagnostics) = from_summary(
            text,
            "SUMMARY.md",
            "SUMMARY.md".as_ref(),
            &pages(&["a.md", "b.md"]),
            &Default::default(),
        );
        assert_eq!(nav.order, [1, 0]);
        let messages: Vec<_> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            messages[0].contains("listed again (first on line 1)"),
            "{messages:?}"
        );
        assert!(messages[1].contains("outside the space"), "{messages:?}");
        assert_eq!(nav.trail(2), [1, 2]);
    }

    #[test]
    fn folders_without_summary_nest_under_their_readme() {
        let sources: Vec<String> = ["README.md", "b/README.md", "b/x.md", "a.md", "c/d/y.md"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let titles: Vec<String> = ["Home", "B", "X", "A", "Y"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (nav, capped) = from_folders(&sources, &titles, "README.md");
        assert_eq!(capped, None);
        let top: Vec<_> = nav.groups[0]
            .children
            .iter()
            .map(|&i| nav.nodes[i].title.as_str())
            .collect();
        assert_eq!(top, ["Home", "A", "B", "c"]);
        let b = nav.groups[0].children[2];
        let under_b: Vec<_> = nav.nodes[b]
            .children
            .iter()
            .map(|&i| nav.nodes[i].title.as_str())
            .collect();
        assert_eq!(under_b, ["X"]);
        assert_eq!(nav.order, [0, 3, 1, 2, 4]);
    }
}
