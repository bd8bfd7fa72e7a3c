//! Corpus reports: build whole spaces in memory and count what went wrong,
//! to run quire over many real or generated spaces at once
//! (`cargo run --release --features corpus --example corpus -- DIR…`).
//! Behind the `corpus` feature: a site build never needs it.

use crate::build::RenderedSite;
use crate::config::Overrides;
use std::collections::BTreeMap;
use std::path::Path;

/// What building one space found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SpaceReport {
    pub pages: usize,
    /// Diagnostics by kind, errors and warnings together.
    pub by_kind: BTreeMap<&'static str, usize>,
    pub errors: usize,
    pub warnings: usize,
    /// `{%` found in page HTML outside `<code>`, `<pre>` and `<script>`.
    pub leaked_tags: usize,
    /// Pages whose leaked tags were found, for the report.
    pub leaking_pages: Vec<String>,
    /// Internal links that resolve to nothing.
    pub broken_links: usize,
    /// Pages that could not be built at all (a fatal error or a panic).
    pub failed_pages: usize,
    /// A fatal error that stopped the whole space, if any.
    pub fatal: Option<String>,
}

/// Build `dir` in memory and report. Never panics: a panic is a failure.
pub fn report(dir: &Path) -> SpaceReport {
    let overrides = Overrides {
        dir: dir.to_path_buf(),
        ..Default::default()
    };
    match std::panic::catch_unwind(|| crate::build::render(&overrides)) {
        Ok(Ok(rendered)) => summarise(&rendered),
        Ok(Err(e)) => SpaceReport {
            fatal: Some(format!("{e:#}")),
            failed_pages: 1,
            ..Default::default()
        },
        Err(_) => SpaceReport {
            fatal: Some("quire panicked".into()),
            failed_pages: 1,
            ..Default::default()
        },
    }
}

fn summarise(rendered: &RenderedSite) -> SpaceReport {
    let mut report = SpaceReport {
        pages: rendered.site.pages.len(),
        ..Default::default()
    };
    for d in &rendered.report.diagnostics {
        *report.by_kind.entry(d.kind).or_default() += 1;
        if d.is_error() {
            report.errors += 1;
        } else {
            report.warnings += 1;
        }
        if d.kind == "broken-link" {
            report.broken_links += 1;
        }
    }
    let pages: std::collections::HashSet<&str> = rendered
        .site
        .pages
        .iter()
        .map(|p| p.output.as_str())
        .collect();
    for file in &rendered.files {
        if !pages.contains(file.path.as_str()) {
            continue;
        }
        let html = String::from_utf8_lossy(&file.bytes);
        let leaks = leaked_tags(&html);
        if leaks > 0 {
            report.leaked_tags += leaks;
            report.leaking_pages.push(file.path.clone());
        }
    }
    report.failed_pages = rendered.site.pages.len().saturating_sub(
        rendered
            .files
            .iter()
            .filter(|f| pages.contains(f.path.as_str()))
            .count(),
    );
    report
}

/// Count `{%` outside `<code>`, `<pre>` and `<script>` elements.
pub fn leaked_tags(html: &str) -> usize {
    let mut count = 0;
    let mut rest = html;
    loop {
        let next_code = ["<code", "<pre", "<script"]
            .iter()
            .filter_map(|tag| rest.find(tag).map(|i| (i, *tag)))
            .min();
        let end = next_code.map_or(rest.len(), |(i, _)| i);
        count += rest[..end].matches("{%").count();
        let Some((start, tag)) = next_code else {
            return count;
        };
        let close = format!("</{}>", &tag[1..]);
        match rest[start..].find(&close) {
            Some(i) => rest = &rest[start + i + close.len()..],
            None => return count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_tags_outside_code_only() {
        assert_eq!(
            leaked_tags("<p>{% hint %}</p><code>{% raw %}</code><pre>{%</pre>{%"),
            2
        );
        assert_eq!(leaked_tags("<script>x('{%')</script><p>ok</p>"), 0);
    }
}
