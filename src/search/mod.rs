//! Full-text search: one document per page section, indexed at build time.
//!
//! 1. `documents`: every page (but `noIndex` ones) is split at its h2/h3
//!    (`search.split_level`) headings outside GitBook blocks; the text before
//!    the first heading is the page's own section. The text is what the
//!    markdown stage cut at every heading (`markdown::Section`): deeper
//!    headings' parts join the section above them. The theme plays no part.
//! 2. `index`: elasticlunr-rs indexes the documents with the shared tokenizer
//!    (`tokenizer`), and the postings are re-encoded compactly.
//! 3. `files`: postings (which carry the field lengths) and section texts
//!    are written in shards that `assets/search.js` loads as a query needs
//!    them, named in `search/manifest.js`.

pub(crate) mod files;
pub(crate) mod index;
pub(crate) mod tokenizer;

use crate::config::Config;
use crate::content::Site;
use crate::markdown::Section;
use crate::render::OutputFile;
use crate::timing::timed;
use rayon::prelude::*;

/// One searchable section of a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    /// Index of the page in `site.pages`.
    pub page: usize,
    /// The page title.
    pub title: String,
    /// The section heading; the page title for the page's own section.
    pub heading: String,
    /// The heading id; `None` for the page's own section.
    pub anchor: Option<String>,
    /// Group › ancestors › page, as navigation titles.
    pub breadcrumbs: Vec<String>,
    /// The headings the section sits under on its page (the h2 of an h3),
    /// outermost first; a step equal to the one before it (the page's
    /// navigation title first) is left out.
    pub ancestors: Vec<String>,
    /// Plain text of the section, outside code blocks.
    pub text: String,
    /// Plain text of the section's code blocks.
    pub code: String,
    pub description: String,
}

/// The search files of a site whose pages' text is `sections`, in page
/// order. Empty when search is disabled.
pub(crate) fn output_files<S>(site: &Site, config: &Config, sections: &[S]) -> Vec<OutputFile>
where
    S: std::borrow::Borrow<Vec<Section>> + Sync,
{
    if !config.search.enabled {
        return vec![];
    }
    // Each space has its own index: search stays within the reader's space.
    let mut by_space: Vec<Vec<Document>> = site.spaces.iter().map(|_| vec![]).collect();
    let started = std::time::Instant::now();
    let docs = documents(site, config, sections);
    tracing::info!(
        "search: {} sections in {:.1} ms",
        docs.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    for doc in docs {
        by_space[site.pages[doc.page].space].push(doc);
    }
    site.spaces
        .iter()
        .zip(by_space)
        .flat_map(|(space, docs)| {
            let (terms, lengths) = timed("search index", || index::index_documents(&docs));
            timed("search files", || {
                files::write(
                    site,
                    &docs,
                    &terms,
                    &lengths,
                    &crate::render::search_dir(space),
                )
            })
        })
        .collect()
}

/// Every search document of the site, pages in order, sections in page order.
pub(crate) fn documents<S>(site: &Site, config: &Config, sections: &[S]) -> Vec<Document>
where
    S: std::borrow::Borrow<Vec<Section>> + Sync,
{
    (0..site.pages.len().min(sections.len()))
        .into_par_iter()
        .filter(|&i| {
            !site.pages[i].meta.no_index
                && !is_excluded(&config.search_exclude, &site.pages[i].source)
        })
        .flat_map_iter(|i| page_documents(site, i, sections[i].borrow(), config.search.split_level))
        .collect()
}

/// A page is excluded by a glob on its path or on one of its folders (`internal/`).
fn is_excluded(globs: &crate::config::Globs, source: &str) -> bool {
    globs.is_match(source)
        || crate::content::ancestors(source)
            .iter()
            .any(|folder| globs.is_match(folder))
}

/// One page's search documents: its own section, then one per heading up
/// to `split_level`; the parts of deeper headings join the section above
/// them, heading text included.
pub(crate) fn page_documents(
    site: &Site,
    index: usize,
    sections: &[Section],
    split_level: u8,
) -> Vec<Document> {
    let page = &site.pages[index];
    let breadcrumbs = breadcrumbs(site, index);
    let description = page.meta.description.clone().unwrap_or_default();
    let mut docs: Vec<Document> = Vec::with_capacity(sections.len());
    let mut outline = Outline::default();
    for section in sections {
        let heading = section.heading.map(|h| &page.headings[h]);
        match heading {
            Some(h) if h.level > split_level.min(6) && !docs.is_empty() => {
                let above = docs.last_mut().expect("not empty");
                push_text(&mut above.text, &section.heading_text);
                push_text(&mut above.text, &section.text);
                push_text(&mut above.code, &section.code);
            }
            _ => docs.push(Document {
                page: index,
                title: page.title.clone(),
                heading: heading.map_or(&page.title, |h| &h.text).clone(),
                anchor: heading.map(|h| h.id.clone()),
                breadcrumbs: breadcrumbs.clone(),
                ancestors: heading.map_or_else(Vec::new, |h| {
                    outline.enter(h.level, &h.text, breadcrumbs.last())
                }),
                text: section.text.clone(),
                code: section.code.clone(),
                description: description.clone(),
            }),
        }
    }
    docs
}

/// `more` added to `text` after a space; nothing for empty text.
fn push_text(text: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(more);
}

/// The headings open at a point of a page, outermost first: an h3 sits
/// under the h2 before it, an h2 under none.
#[derive(Default)]
struct Outline<'a> {
    open: Vec<(u8, &'a str)>,
}

impl<'a> Outline<'a> {
    /// The ancestors of a heading at `level` met next (a step equal to the
    /// one before it, starting with the page's crumb `page`, shown once), and
    /// the heading opened under them.
    fn enter(&mut self, level: u8, text: &'a str, page: Option<&String>) -> Vec<String> {
        while self.open.last().is_some_and(|&(l, _)| l >= level) {
            self.open.pop();
        }
        let mut above: Vec<String> = vec![];
        for &(_, t) in &self.open {
            if above.last().or(page).map(String::as_str) != Some(t) {
                above.push(t.to_string());
            }
        }
        self.open.push((level, text));
        above
    }
}

/// Group › ancestors › page, by navigation titles (the theme's breadcrumbs
/// plus the page, a step the same as the one before it once); just the page
/// title for a page outside the navigation.
fn breadcrumbs(site: &Site, page: usize) -> Vec<String> {
    let mut crumbs: Vec<String> = crate::render::breadcrumbs(site, page)
        .into_iter()
        .map(|c| c.title)
        .collect();
    crumbs.push(site.nav_title(page).to_string());
    crumbs.dedup();
    crumbs
}

/// The URL of a document relative to the site root, with its anchor (the
/// section shards write the two apart).
#[cfg(test)]
pub(crate) fn document_url(site: &Site, doc: &Document) -> String {
    let mut href = crate::text::url::encode_path(&site.pages[doc.page].link);
    if let Some(anchor) = &doc.anchor {
        href.push('#');
        href.push_str(&crate::text::url::encode_fragment(anchor));
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    const GUIDE: &str = "---\ndescription: How to set things up\n---\n# Setup guide\n\nIntro text about installing.\n\n## Install the agent\n\nDownload the **installer**.\n\n{% hint style=\"info\" %}\n### A heading in a hint\n\nHint text stays in its section.\n{% endhint %}\n\n| Code | Meaning |\n| --- | --- |\n| 400 | Bad Request |\n\n### Proxy settings\n\nProxy text.\n\n#### Deep detail\n\nDeep text.\n\n## 登入失敗\n\n客戶英飛凌 Infineon 回報錯誤。\n";

    pub(crate) fn space(files: &[(&str, &str)]) -> (tempfile::TempDir, crate::build::RenderedSite) {
        let dir = crate::fs::temp_space(files);
        let rendered = crate::build::render(&Overrides {
            dir: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        (dir, rendered)
    }

    fn sample() -> (tempfile::TempDir, crate::build::RenderedSite) {
        space(&[
            ("README.md", "# Home\n\nWelcome.\n"),
            ("SUMMARY.md", "# Table of contents\n\n* [Home](README.md)\n\n## Guides\n\n* [Setup guide](guides/setup.md)\n  * [Secret](guides/secret.md)\n"),
            ("guides/setup.md", GUIDE),
            ("guides/secret.md", "---\nnoIndex: true\n---\n# Secret\n\n## Hidden section\n\nUnsearchable.\n"),
        ])
    }

    /// Issue 24 §6: a page under a group of its own title is one step, not two.
    #[test]
    fn issue_24_search_breadcrumbs_do_not_repeat_a_step() {
        let (_dir, r) = space(&[
            ("SUMMARY.md", "# Summary\n\n## Guide\n\n* [Guide](guide/README.md)\n  * [Guide](guide/again.md)\n  * [Setup](guide/setup.md)\n"),
            ("guide/README.md", "# Guide\n\nIntro.\n"),
            ("guide/again.md", "# Guide again\n\nMore.\n"),
            ("guide/setup.md", "# Setup\n\nSteps.\n"),
        ]);
        let docs = documents(&r.site, &r.config, &r.sections);
        let crumbs = |title: &str| {
            let doc = docs.iter().find(|d| d.title == title).unwrap();
            doc.breadcrumbs.clone()
        };
        assert_eq!(crumbs("Guide"), ["Guide"]);
        assert_eq!(crumbs("Guide again"), ["Guide"]);
        assert_eq!(crumbs("Setup"), ["Guide", "Setup"]);
    }

    /// Ten tickets of a support page, each an h2 with the same two h3s.
    pub(crate) fn tickets() -> String {
        let mut page = String::from("# MAAC Contacts\n\nKnown contact problems.\n\n");
        for n in 0..10 {
            page.push_str(&format!(
                "## Ticket {}: {}\n\n### Issue Description\n\nThe customer reports it.\n\n\
                 ### Root Cause & Solution\n\nRestart the worker.\n\n",
                4521 + n,
                [
                    "sync fails",
                    "names vanish",
                    "tags doubled",
                    "import stalls",
                    "export empty",
                    "merge loops",
                    "avatar missing",
                    "locale wrong",
                    "phone cut",
                    "notes lost"
                ][n]
            ));
        }
        page
    }

    /// Issue 27 §1: a section's breadcrumbs end with the headings it sits under.
    #[test]
    fn issue_27_sections_know_their_ancestor_headings() {
        let page = tickets();
        let (_dir, r) = space(&[
            (
                "SUMMARY.md",
                "# Summary\n\n## Troubleshooting\n\n* [MAAC Contacts](maac.md)\n",
            ),
            ("maac.md", page.as_str()),
            // An h2 the same as the page's title is one step, and an h4 splits nothing.
            (
                "same.md",
                "# Same\n\n## Same\n\n### Child\n\n#### Deep\n\nText.\n\n## Other\n\nMore.\n",
            ),
        ]);
        let docs = documents(&r.site, &r.config, &r.sections);
        let section = |heading: &str, nth: usize| {
            let d = docs
                .iter()
                .filter(|d| d.heading == heading)
                .nth(nth)
                .unwrap();
            (d.breadcrumbs.clone(), d.ancestors.clone())
        };
        let crumbs = vec!["Troubleshooting".to_string(), "MAAC Contacts".to_string()];
        assert_eq!(
            section("Root Cause & Solution", 0),
            (crumbs.clone(), vec!["Ticket 4521: sync fails".to_string()])
        );
        assert_eq!(
            section("Issue Description", 9),
            (crumbs.clone(), vec!["Ticket 4530: notes lost".to_string()])
        );
        assert_eq!(section("Ticket 4522: names vanish", 0), (crumbs, vec![]));
        assert_eq!(section("Child", 0).1, Vec::<String>::new());
        assert_eq!(section("Other", 0).1, Vec::<String>::new());
    }

    #[test]
    fn outline_pops_to_the_level_of_each_heading() {
        let mut outline = Outline::default();
        let page = "Page".to_string();
        assert!(outline.enter(2, "A", Some(&page)).is_empty());
        assert_eq!(outline.enter(3, "A1", Some(&page)), ["A"]);
        assert_eq!(outline.enter(3, "A2", Some(&page)), ["A"]);
        assert!(outline.enter(2, "B", Some(&page)).is_empty());
        // A page whose headings start at h3: nothing above them.
        let mut outline = Outline::default();
        assert!(outline.enter(3, "C", None).is_empty());
        assert_eq!(outline.enter(4, "C1", None), ["C"]);
        // Equal steps once: the page's own title, then one another.
        let mut outline = Outline::default();
        outline.enter(1, "Page", Some(&page));
        outline.enter(2, "X", Some(&page));
        outline.enter(3, "X", Some(&page));
        assert_eq!(outline.enter(4, "Y", Some(&page)), ["X"]);
    }

    #[test]
    fn one_document_per_section_with_its_fields() {
        let (_dir, r) = sample();
        let docs = documents(&r.site, &r.config, &r.sections);
        let setup: Vec<&Document> = docs.iter().filter(|d| d.title == "Setup guide").collect();
        let headings: Vec<(&str, Option<&str>)> = setup
            .iter()
            .map(|d| (d.heading.as_str(), d.anchor.as_deref()))
            .collect();
        assert_eq!(
            headings,
            [
                ("Setup guide", None),
                ("Install the agent", Some("install-the-agent")),
                ("Proxy settings", Some("proxy-settings")),
                ("登入失敗", Some("deng-ru-shi-bai")),
            ]
        );
        assert_eq!(setup[0].text, "Intro text about installing.");
        let install = &setup[1].text;
        assert!(install.contains("Download the installer."), "{install}");
        assert!(
            install.contains("Hint text stays in its section."),
            "{install}"
        );
        assert!(install.contains("400 Bad Request"), "{install}");
        assert!(!install.contains("Proxy"), "{install}");
        assert!(
            setup[2].text.contains("Deep text."),
            "h4 stays in its h3 section"
        );
        assert_eq!(setup[1].breadcrumbs, ["Guides", "Setup guide"]);
        assert_eq!(setup[1].description, "How to set things up");
        assert_eq!(
            document_url(&r.site, setup[3]),
            "guides/setup.html#deng-ru-shi-bai"
        );
    }

    #[test]
    fn no_index_pages_are_left_out() {
        let (_dir, r) = sample();
        let docs = documents(&r.site, &r.config, &r.sections);
        assert!(docs.iter().all(|d| d.title != "Secret"));
        assert!(docs.iter().any(|d| d.title == "Home"));
    }

    #[test]
    fn split_level_two_keeps_h3_in_its_h2_section() {
        let (_dir, r) = sample();
        let docs = documents(&r.site, &r.config, &r.sections);
        let page = docs.iter().find(|d| d.title == "Setup guide").unwrap().page;
        let two = page_documents(&r.site, page, &r.sections[page], 2);
        assert_eq!(two.len(), 3);
        assert!(
            two[1].text.contains("Proxy settings Proxy text."),
            "{}",
            two[1].text
        );
    }

    /// The data a search shard registers (`…[path]={…};`).
    fn part(file: &OutputFile) -> serde_json::Value {
        let js = String::from_utf8(file.bytes.clone()).unwrap();
        let (_, body) = js.split_once("]=").unwrap();
        serde_json::from_str(body.trim_end().strip_suffix(';').unwrap()).unwrap()
    }

    #[test]
    fn index_files_postings_and_boosts() {
        let (_dir, r) = sample();
        let file = |path: &str| r.files.iter().find(|f| f.path == path).unwrap();
        let manifest = String::from_utf8(file("search/manifest.js").bytes.clone()).unwrap();
        let manifest: serde_json::Value = serde_json::from_str(
            manifest
                .trim_end()
                .strip_prefix("window.quireSearchFiles=")
                .and_then(|m| m.strip_suffix(';'))
                .unwrap(),
        )
        .unwrap();
        // The manifest names every shard, and every shard it names exists.
        let mut named: Vec<String> = vec![];
        for t in manifest["terms"].as_array().unwrap() {
            named.push(t[1].as_str().unwrap().into());
        }
        let sections = &manifest["sections"];
        for n in 0..sections["count"].as_u64().unwrap() {
            named.push(format!("{}{n}.js", sections["prefix"].as_str().unwrap()));
        }
        let mut written: Vec<String> = r
            .files
            .iter()
            .map(|f| f.path.clone())
            .filter(|p| p.starts_with("search/") && p != "search/manifest.js")
            .collect();
        written.sort();
        named.sort();
        assert_eq!(named, written);

        let docs = documents(&r.site, &r.config, &r.sections);
        assert_eq!(manifest["n"], serde_json::json!(docs.len()));
        assert_eq!(manifest["boost"], serde_json::json!(index::BOOSTS));
        // `pages` holds each page's number of documents, in document order.
        let mut sizes = vec![1];
        for pair in docs.windows(2) {
            if pair[0].page == pair[1].page {
                *sizes.last_mut().unwrap() += 1;
            } else {
                sizes.push(1);
            }
        }
        let mut expected_pages = String::new();
        sizes
            .iter()
            .for_each(|&n| index::push_number(n, &mut expected_pages));
        assert_eq!(manifest["pages"], serde_json::json!(expected_pages));
        assert!(sizes.iter().any(|&n| n > 1), "{sizes:?}");
        let mut terms = serde_json::Map::new();
        for t in manifest["terms"].as_array().unwrap() {
            let shard = part(file(t[1].as_str().unwrap()));
            terms.extend(shard["terms"].as_object().unwrap().clone());
        }
        // "proxy" is in the heading field (1) of the "Proxy settings" section only.
        let n = docs
            .iter()
            .position(|d| d.heading == "Proxy settings")
            .unwrap();
        let proxy = terms["proxi"].as_str().unwrap();
        let mut expected = String::new();
        // Its heading has two words: the impact is 1/sqrt(2).
        index::encode_postings(&[(n as u32, 1)], |_| 2, &mut expected);
        assert_eq!(proxy.split('.').nth(1), Some(expected.as_str()), "{proxy}");
        // CJK bigrams are indexed; "unsearchable" from the noIndex page is not.
        assert!(terms["英飛"].is_string());
        assert!(!terms.contains_key("unsearch"));
        // The section shard of that document shows its heading and anchor.
        let size = manifest["sections"]["size"].as_u64().unwrap() as usize;
        let prefix = manifest["sections"]["prefix"].as_str().unwrap();
        let shard = part(file(&format!("{prefix}{}.js", n / size)));
        let row = &shard["docs"][n - shard["first"].as_u64().unwrap() as usize];
        assert_eq!(row[1], "Proxy settings");
        assert!(row[3].as_str().unwrap().contains("Proxy text"), "{row}");
    }

    #[test]
    fn no_index_pages_and_excluded_paths_are_left_out_but_hidden_pages_are_in() {
        let (_dir, r) = space(&[
            (
                "quire.yaml",
                "content: .\nsearch:\n  exclude: [\"internal/\", \"drafts/*.md\"]\n",
            ),
            ("README.md", "# Home\n"),
            ("internal/notes.md", "# Notes\n\nsecret runbook\n"),
            ("internal/deep/more.md", "# More\n"),
            ("drafts/idea.md", "# Idea\n"),
            ("quiet.md", "---\nnoIndex: true\n---\n# Quiet\n"),
            (
                "hidden.md",
                "---\nhidden: true\n---\n# Hidden\n\nStill searchable.\n",
            ),
            ("public.md", "# Public\n"),
        ]);
        let docs = documents(&r.site, &r.config, &r.sections);
        let mut titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
        titles.sort();
        assert_eq!(titles, ["Hidden", "Home", "Public"]);
    }

    #[test]
    fn a_bad_exclude_glob_is_a_configuration_error() {
        let dir = crate::fs::temp_space(&[
            ("quire.yaml", "content: .\nsearch:\n  exclude: [\"a/[\"]\n"),
            ("README.md", "# Home\n"),
        ]);
        let err = crate::config::Config::load(&crate::config::Overrides {
            dir: dir.path().to_path_buf(),
            ..Default::default()
        })
        .err()
        .unwrap();
        assert!(format!("{err:#}").contains("search.exclude"), "{err:#}");
    }

    #[test]
    fn disabled_search_writes_nothing() {
        let (_dir, r) = space(&[
            ("quire.yaml", "content: .\nsearch:\n  enabled: false\n"),
            ("README.md", "# Home\n\nWelcome.\n"),
        ]);
        assert!(r.files.iter().all(|f| !f.path.starts_with("search/")));
        let page = r.files.iter().find(|f| f.path == "index.html").unwrap();
        assert!(!String::from_utf8_lossy(&page.bytes).contains("search.js"));
    }
}
