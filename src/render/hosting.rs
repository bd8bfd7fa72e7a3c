//! Files for the host rather than the reader: `sitemap.xml` and `robots.txt`.
//!
//! Both need absolute URLs, so they are written only when the site has a
//! `base_url`; navigation itself stays relative. Hidden pages stay in the
//! sitemap (they are published, just not in the navigation); `noIndex` pages
//! are left out of it and disallowed in `robots.txt`.

use super::OutputFile;
use crate::config::Config;
use crate::content::{url, Site};
use crate::markdown::html::escape;

/// `sitemap.xml` and `robots.txt`, or nothing without a `base_url`.
pub fn files(site: &Site, config: &Config) -> Vec<OutputFile> {
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
            bytes: robots(site, &base).into_bytes(),
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
        .map(|p| p.output.as_str())
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

fn robots(site: &Site, base: &str) -> String {
    // Paths in robots.txt are from the host's root: the base URL's path.
    let root = base
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let mut out = String::from("User-agent: *\n");
    let mut hidden: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| p.meta.no_index)
        .map(|p| p.output.as_str())
        .collect();
    hidden.sort_unstable();
    for output in &hidden {
        out.push_str(&format!("Disallow: {root}{}\n", url::encode_path(output)));
    }
    if hidden.is_empty() {
        out.push_str("Allow: /\n");
    }
    out.push_str(&format!("\nSitemap: {base}sitemap.xml\n"));
    out
}
