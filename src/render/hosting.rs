//! Files for the host rather than the reader: `sitemap.xml` and `robots.txt`,
//! an Atom feed beside each page of `{% updates %}`, `404.html`, and
//! redirect pages for `.gitbook.yaml` `redirects:`.
//!
//! The sitemap and robots.txt need absolute URLs, so they are written only
//! when the site has a `base_url`; navigation itself stays relative. Hidden
//! pages stay in the sitemap (they are published, just not in the
//! navigation); `noIndex` pages are left out of it and disallowed in
//! `robots.txt`.

use super::context::{NotFoundContext, RedirectContext};
use super::{OutputFile, Theme};
use crate::config::Config;
use crate::content::{page, Site};
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::text::html::escape;
use crate::text::url;
use anyhow::Result;

/// `sitemap.xml` and `robots.txt`, or nothing without a `base_url`.
pub(crate) fn files(site: &Site, config: &Config) -> Vec<OutputFile> {
    let Some(base) = config.base_url.as_deref() else {
        return vec![];
    };
    let base = format!("{}/", base.trim_end_matches('/'));
    vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(site, &base).into_bytes(),
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: robots(site, &base, config).into_bytes(),
        },
    ]
}

fn sitemap(site: &Site, base: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| !p.meta.no_index)
        .map(|p| p.link.as_str())
        .collect();
    pages.sort_unstable();
    for output in pages {
        out.push_str(&format!(
            "<url><loc>{}{}</loc></url>\n",
            escape(base),
            escape(&url::encode_path(output))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

fn robots(site: &Site, base: &str, config: &Config) -> String {
    // Paths in robots.txt are from the host's root: the base URL's path.
    let root = base
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let mut out = String::from("User-agent: *\n");
    let mut hidden: Vec<String> = vec![];
    for page in site.pages.iter().filter(|p| p.meta.no_index) {
        hidden.push(page.link.clone());
        // Its Markdown twin is the same text, and linked from the page.
        if config.outputs.markdown {
            hidden.push(super::twin::twin_path(page, config.pretty_urls));
        }
    }
    hidden.sort_unstable();
    for link in &hidden {
        // A pretty home page is the root itself: `$` keeps the rule to it.
        let end = if link.is_empty() { "$" } else { "" };
        out.push_str(&format!(
            "Disallow: {root}{}{end}\n",
            url::encode_path(link)
        ));
    }
    if hidden.is_empty() {
        out.push_str("Allow: /\n");
    }
    out.push_str(&format!("\nSitemap: {base}sitemap.xml\n"));
    out
}

/// Where a page's Atom feed goes (`changelog.html` → `changelog.atom`),
/// when the site has a `base_url` (a feed needs absolute URLs) and the page
/// has an `{% updates %}` block.
pub(crate) fn feed_path(page: &crate::content::page::Page, config: &Config) -> Option<String> {
    config.base_url.as_ref()?;
    if !has_updates(&page.nodes) {
        return None;
    }
    let stem = page.output.strip_suffix(".html").unwrap_or(&page.output);
    Some(format!("{stem}.atom"))
}

fn has_updates(nodes: &[crate::gitbook::Node]) -> bool {
    nodes.iter().any(|n| match n {
        crate::gitbook::Node::Block(b) => b.name == "updates" || has_updates(&b.children),
        crate::gitbook::Node::Markdown(_) => false,
    })
}

/// The Atom feeds of the pages with updates, from their bodies (`bodies`,
/// in page order): one entry per `{% update %}`, newest first as written, its first heading
/// as the title, its body as the content (relative links resolve against
/// the page through `xml:base`).
pub(crate) fn feeds(site: &Site, config: &Config, bodies: &[Rendered]) -> Vec<OutputFile> {
    let Some(base) = config.base_url.as_deref() else {
        return vec![];
    };
    let base = format!("{}/", base.trim_end_matches('/'));
    site.pages
        .iter()
        .zip(bodies)
        .filter_map(|(page, body)| {
            let path = feed_path(page, config)?;
            let html = &body.html;
            let page_url = format!("{base}{}", url::encode_path(&page.link));
            let feed_url = format!("{base}{}", url::encode_path(&path));
            let xml = atom(&page.title, &page_url, &feed_url, &update_entries(html));
            Some(OutputFile {
                path,
                bytes: xml.into_bytes(),
            })
        })
        .collect()
}

/// An update of a rendered page: its date, title and HTML.
struct Entry {
    date: String,
    title: String,
    html: String,
}

fn update_entries(html: &str) -> Vec<Entry> {
    html.split("<article class=\"update\">")
        .skip(1)
        .filter_map(|rest| {
            let article = &rest[..rest.find("</article>")?];
            let date = article
                .split("<time datetime=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string();
            let body = article
                .split_once("</header>")
                .map_or(article, |(_, b)| b)
                .trim();
            let title = first_heading_text(body).unwrap_or_else(|| date.clone());
            Some(Entry {
                date,
                title,
                html: body.to_string(),
            })
        })
        .collect()
}

/// The text of the first `<hN>` in a fragment, as search reads it (tags
/// and the theme's `#` link to the section dropped, entities decoded).
fn first_heading_text(html: &str) -> Option<String> {
    let start = html.find("<h")?;
    let rest = &html[start..];
    let close = rest.find("</h")?;
    let text = crate::text::plain::plain_text(&rest[..close]);
    (!text.is_empty()).then_some(text)
}

fn atom(title: &str, page_url: &str, feed_url: &str, entries: &[Entry]) -> String {
    let updated = entries
        .iter()
        .map(|e| e.date.as_str())
        .max()
        .unwrap_or("1970-01-01");
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<updated>{}</updated>\n",
        escape(title),
        escape(feed_url),
        escape(page_url),
        escape(feed_url),
        atom_date(updated)
    );
    for (n, e) in entries.iter().enumerate() {
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}#update-{}</id>\n<link href=\"{}\"/>\n<updated>{}</updated>\n<content type=\"html\" xml:base=\"{}\">{}</content>\n</entry>\n",
            escape(&e.title),
            escape(page_url),
            entries.len() - n,
            escape(page_url),
            atom_date(&e.date),
            escape(page_url),
            escape(&e.html)
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// Atom wants a full timestamp; updates carry a date.
fn atom_date(date: &str) -> String {
    if date.len() == 10 {
        format!("{date}T00:00:00Z")
    } else {
        date.to_string()
    }
}

/// `404.html` at the root of the output (unless a page is written there).
pub(crate) fn not_found_page(site: &Site, theme: &Theme, config: &Config) -> Result<OutputFile> {
    let home = match config.base_url.as_deref() {
        Some(base) => format!(
            "{}/{}",
            base.trim_end_matches('/'),
            url::link_path("index.html", config.pretty_urls)
        ),
        // Right where the host shows it for a missing page at the top.
        None => "index.html".into(),
    };
    let context = NotFoundContext {
        site: super::site_info(site, config, theme, &site.spaces[0].language),
        t: theme.strings_for(&site.spaces[0].language),
        home,
    };
    Ok(OutputFile {
        path: "404.html".into(),
        bytes: theme.render("404.html", &context)?.into_bytes(),
    })
}

/// A small page at each old path of `.gitbook.yaml` `redirects:` that sends
/// the reader to the new page (static hosts cannot redirect by themselves).
/// As on GitBook, a redirect applies only where no page or file is written;
/// one that would replace something quire writes is skipped with a warning.
/// An old path that leads out of the output, or a target that is a script
/// URL, is an error at its line, and nothing is written for it.
pub(crate) fn redirect_pages(
    site: &Site,
    theme: &Theme,
    config: &Config,
    taken: &std::collections::HashSet<&str>,
) -> Result<(Vec<OutputFile>, Vec<Diagnostic>)> {
    let shown = config.display_path(&config.space.join(".gitbook.yaml"));
    let (mut files, mut problems) = (vec![], vec![]);
    let mut written = std::collections::HashSet::new();
    for redirect in &config.redirects {
        let (old, new) = (&redirect.from, &redirect.to);
        let problem = |d: Diagnostic| d.at_opt(redirect.at).with_target(old.clone());
        let Some((source, from)) = redirect_paths(old, config.pretty_urls) else {
            problems.push(problem(Diagnostic::error(
                "redirect",
                &shown,
                format!("redirect `{old}` leads outside the output; not written"),
            )));
            continue;
        };
        let runs_script = |href: &str| {
            Diagnostic::error(
                "redirect",
                &shown,
                format!(
                    "redirect `{old}` → `{}` would run a script; not written",
                    url::for_message(href)
                ),
            )
        };
        if url::is_script_url_in_any_spelling(new) {
            problems.push(problem(runs_script(new)));
            continue;
        }
        let replaced = site
            .file_by_source(&source)
            .map(|f| f.output.as_str())
            .or_else(|| taken.contains(from.as_str()).then_some(from.as_str()))
            .or_else(|| written.contains(&from).then_some(from.as_str()));
        if let Some(replaced) = replaced {
            problems.push(problem(Diagnostic::warning(
                "redirect",
                &shown,
                format!("redirect `{old}` would replace `{replaced}`, which the site already has; skipped"),
            )));
            continue;
        }
        let target = url::join("", new)
            .and_then(|s| site.page_by_source(&s).or_else(|| site.folder_page(&s)));
        let Some(target) = target else {
            problems.push(problem(Diagnostic::warning(
                "redirect",
                &shown,
                format!("redirect `{old}` → `{new}`: no such page; not written"),
            )));
            continue;
        };
        // Checked again as written to the page: the target as resolved,
        // whatever its spelling in the file.
        let href = url::relative(&from, &target.link);
        if url::is_script_url_in_any_spelling(&href) {
            problems.push(problem(runs_script(&href)));
            continue;
        }
        let index = site.page_index(&target.source).unwrap_or(0);
        let context = RedirectContext {
            site: super::site_info(site, config, theme, &site.space_of(index).language),
            root: url::root_prefix(&from),
            title: &target.title,
            href,
        };
        written.insert(from.clone());
        files.push(OutputFile {
            path: from,
            bytes: theme.render("redirect.html", &context)?.into_bytes(),
        });
    }
    Ok((files, problems))
}

/// An old path read inside the output (`redirect_source`), and the file its
/// redirect page is written to; `None` when it would leave the output.
pub(crate) fn redirect_paths(old: &str, pretty: bool) -> Option<(String, String)> {
    let source = redirect_source(old)?;
    let output = redirect_output(&source, pretty);
    // A name that is all extension (`.md`) has no page path of its own.
    crate::text::url::stays_inside(&output).then_some((source, output))
}

/// An old path as the path in the output it names: percent-decoded, `\`
/// read as `/` (as browsers and Windows read it), `.` and `..` resolved from
/// the output's root, which a leading `/` also means. `None` when it would
/// leave the output, or names a drive or a control character that no
/// output path may hold.
fn redirect_source(old: &str) -> Option<String> {
    let decoded = url::decode(old).replace('\\', "/");
    if decoded.chars().any(|c| c.is_control() || c == ':') {
        return None;
    }
    let mut source = url::join("", &decoded)?;
    if decoded.ends_with('/') && !source.is_empty() {
        source.push('/');
    }
    Some(source)
}

/// Where an old path's redirect page goes: `old/page` and `old/page.md` →
/// `old/page.html` (with pretty URLs `old/page/index.html`), `old/` →
/// `old/index.html`; an old `.html` bookmark keeps its name.
fn redirect_output(old: &str, pretty: bool) -> String {
    let old = old.trim_start_matches("./").trim_start_matches('/');
    if old.is_empty() || old.ends_with('/') {
        return format!("{old}index.html");
    }
    if old.to_ascii_lowercase().ends_with(".md") {
        return page::output_path(old, "", pretty);
    }
    if old.ends_with(".html") || !pretty {
        let old = old.strip_suffix(".html").unwrap_or(old);
        return format!("{old}.html");
    }
    format!("{old}/index.html")
}

#[cfg(test)]
mod tests {
    use super::{redirect_output, redirect_source};

    #[test]
    fn old_paths_are_read_inside_the_output_or_refused() {
        assert_eq!(redirect_source("old/page").as_deref(), Some("old/page"));
        assert_eq!(redirect_source("/old/./page").as_deref(), Some("old/page"));
        assert_eq!(redirect_source("old/../new/").as_deref(), Some("new/"));
        assert_eq!(redirect_source("a%20b").as_deref(), Some("a b"));
        for outside in [
            "../victim",
            "/../victim",
            "a/../../victim",
            "%2e%2e/victim",
            "%2E%2E%2Fvictim",
            "..\\victim",
            "a\\..\\..\\victim",
            "C:/Windows/x",
            "a%00b",
        ] {
            assert_eq!(redirect_source(outside), None, "{outside}");
        }
        // Found by the `redirects` property: `.md` was `/index.html`. Now a
        // dot-named old path follows the dot-path rule of pages (the dot
        // dropped), and is never the home page.
        assert_eq!(
            super::redirect_paths(".md", true),
            Some((".md".into(), "md/index.html".into()))
        );
    }

    #[test]
    fn old_paths_become_html_files() {
        assert_eq!(
            redirect_output("previous/page", false),
            "previous/page.html"
        );
        assert_eq!(
            redirect_output("./previous/page.md", false),
            "previous/page.html"
        );
        assert_eq!(redirect_output("old/", false), "old/index.html");
        assert_eq!(redirect_output("old/README.md", false), "old/index.html");
        assert_eq!(redirect_output("/x.html", false), "x.html");
    }

    #[test]
    fn pretty_old_paths_become_folders() {
        assert_eq!(
            redirect_output("previous/page", true),
            "previous/page/index.html"
        );
        assert_eq!(
            redirect_output("previous/page.md", true),
            "previous/page/index.html"
        );
        assert_eq!(redirect_output("old/", true), "old/index.html");
        assert_eq!(redirect_output("/x.html", true), "x.html");
    }
}
