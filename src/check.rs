//! `quire check`: the findings of a build, judged for a CI pipeline.
//!
//! The build reports every problem it meets and fails only on what breaks a
//! page. Check decides what must stop a merge: kinds that leave a reader at a
//! dead end are errors by default (`DEFAULT_ERRORS`), and `check:` in
//! `quire.yaml` sets any kind to `error`, `warning` or `off`. Check also looks
//! for what matters only before publishing: pages that no SUMMARY lists, and
//! `http:` links on an `https` site.

use crate::config::{CheckLevel, Config};
use crate::content::Site;
use crate::error::{Diagnostic, Severity};

/// Kinds that are errors unless `check:` says otherwise: a reader following
/// the link or looking for the image finds nothing.
pub(crate) const DEFAULT_ERRORS: &[&str] =
    &["broken-link", "missing-anchor", "missing-file", "include"];

/// Every finding of a rendered site (the build's own `reported` ones and
/// check's), with check's severities, sorted; kinds set to `off` are left out.
pub(crate) fn findings(site: &Site, config: &Config, reported: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut all: Vec<Diagnostic> = reported.to_vec();
    all.extend(unlisted_pages(site, config));
    all.extend(insecure_links(site, config));
    let mut judged: Vec<Diagnostic> = all.into_iter().filter_map(|d| judge(d, config)).collect();
    judged.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    judged
}

/// Whether `quire check` fails on a finding of a build (`quire build`
/// counts them, and `--strict` fails on them too).
pub(crate) fn fails_on(d: &Diagnostic, config: &Config) -> bool {
    severity(d.kind, d.severity, config) == Some(Severity::Error)
}

/// The findings only check looks for (unlisted pages, insecure links) that
/// it fails on, for `quire build` to report and count. Neither kind is an
/// error by default, so each is looked for only when `check:` makes it one.
pub(crate) fn own_failures(site: &Site, config: &Config) -> Vec<Diagnostic> {
    let is_error = |kind| severity(kind, Severity::Warning, config) == Some(Severity::Error);
    let mut out = vec![];
    if is_error("unlisted") {
        out.extend(unlisted_pages(site, config));
    }
    if is_error("insecure-link") {
        out.extend(insecure_links(site, config));
    }
    out
}

/// A finding with the severity check gives it; `None` when its kind is off.
fn judge(mut d: Diagnostic, config: &Config) -> Option<Diagnostic> {
    d.severity = severity(d.kind, d.severity, config)?;
    Some(d)
}

/// The severity `check:` or the defaults give a kind of finding that the
/// build reported as `reported`; `None` when the kind is off.
fn severity(kind: &str, reported: Severity, config: &Config) -> Option<Severity> {
    match config.check.get(kind) {
        Some(CheckLevel::Off) => None,
        Some(CheckLevel::Error) => Some(Severity::Error),
        Some(CheckLevel::Warning) => Some(Severity::Warning),
        None if DEFAULT_ERRORS.contains(&kind) => Some(Severity::Error),
        None => Some(reported),
    }
}

/// Pages that exist but that no SUMMARY lists: readers reach them only by
/// search or by a link.
fn unlisted_pages(site: &Site, config: &Config) -> Vec<Diagnostic> {
    (0..site.pages.len())
        .filter(|&i| !site.pages[i].generated)
        .filter(|&i| !site.nav_of(i).node_of_page.contains_key(&i))
        .filter(|&i| site.space_of(i).home != Some(i))
        .map(|i| {
            let path = config.display_path(&config.space.join(&site.pages[i].source));
            Diagnostic::warning(
                "unlisted",
                path,
                "not in SUMMARY.md: readers reach this page only by search or a link",
            )
        })
        .collect()
}

/// `http:` links on a site served over `https` (browsers warn, or block
/// mixed content); local addresses are fine.
fn insecure_links(site: &Site, config: &Config) -> Vec<Diagnostic> {
    use pulldown_cmark::{Event, Parser, Tag};
    let https = config
        .base_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    if !https {
        return vec![];
    }
    let mut out = vec![];
    for page in site.pages.iter().filter(|p| !p.generated) {
        let body = page.body();
        let lines = page.lines();
        for (event, range) in Parser::new(body).into_offset_iter() {
            let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            else {
                continue;
            };
            if !dest_url.starts_with("http://") || is_local(&dest_url) {
                continue;
            }
            let path = config.display_path(&config.space.join(&page.source));
            out.push(
                Diagnostic::warning(
                    "insecure-link",
                    path,
                    format!("`{dest_url}` is plain http on an https site"),
                )
                .at(lines.locate(page.body_start + range.start))
                .with_target(dest_url.to_string()),
            );
        }
    }
    out
}

fn is_local(url: &str) -> bool {
    let host = url["http://".len()..]
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("");
    host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host.ends_with(".localhost")
}

/// A GitHub Actions annotation (`::error file=…,line=…,col=…,title=…::message`).
pub(crate) fn github(d: &Diagnostic) -> String {
    let mut props = format!("file={}", escape_property(&d.path.display().to_string()));
    if let Some(at) = d.at {
        props.push_str(&format!(",line={},col={}", at.line, at.column));
    }
    props.push_str(&format!(
        ",title={}",
        escape_property(&format!("quire {}", d.kind))
    ));
    let mut message = d.message.clone();
    if let Some(target) = &d.target {
        message.push_str(&format!(" ({target})"));
    }
    format!("::{} {props}::{}", d.severity.name(), escape_data(&message))
}

/// The findings as a JSON array of `{path, line, column, severity, kind, message, target}`.
pub(crate) fn json(findings: &[Diagnostic]) -> String {
    let rows: Vec<serde_json::Value> = findings
        .iter()
        .map(|d| {
            serde_json::json!({
                "path": d.path.to_string_lossy().replace('\\', "/"),
                "line": d.at.map(|a| a.line),
                "column": d.at.map(|a| a.column),
                "severity": d.severity.name(),
                "kind": d.kind,
                "message": d.message,
                "target": d.target,
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}

/// Workflow command data: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow command properties also escape `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::LineCol;

    fn finding() -> Diagnostic {
        Diagnostic::warning(
            "broken-link",
            "guide/a b.md",
            "broken link `x.md`: no page or file `guide/x.md`",
        )
        .at(LineCol { line: 3, column: 7 })
        .with_target("x.md")
    }

    #[test]
    fn formats() {
        assert_eq!(
            finding().to_string(),
            "guide/a b.md:3:7: warning[broken-link]: broken link `x.md`: no page or file `guide/x.md` (x.md)"
        );
        let gh = github(&Diagnostic::error(
            "summary",
            "SUMMARY.md",
            "50% done,\nnext: line",
        ));
        assert_eq!(
            gh,
            "::error file=SUMMARY.md,title=quire summary::50%25 done,%0Anext: line"
        );
        assert_eq!(
            github(&finding()),
            "::warning file=guide/a b.md,line=3,col=7,title=quire broken-link::broken link `x.md`: no page or file `guide/x.md` (x.md)"
        );
        let rows: serde_json::Value = serde_json::from_str(&json(&[finding()])).unwrap();
        assert_eq!(
            rows,
            serde_json::json!([{
                "path": "guide/a b.md", "line": 3, "column": 7, "severity": "warning",
                "kind": "broken-link", "message": "broken link `x.md`: no page or file `guide/x.md`",
                "target": "x.md"
            }])
        );
    }

    #[test]
    fn local_http_is_fine() {
        assert!(is_local("http://localhost:3000/x"));
        assert!(is_local("http://127.0.0.1/"));
        assert!(!is_local("http://example.com/"));
    }
}
