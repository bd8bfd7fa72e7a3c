//! Entry points for fuzzing (`fuzz/`, run with `cargo +nightly fuzz`) and
//! for the test that replays the saved corpus on stable (`tests/`): each
//! takes arbitrary bytes and must return without panicking, whatever they are.
//! Behind the `fuzzing` feature: a site build never needs it.

use crate::content::page::Page;
use crate::content::Site;
use std::path::Path;
use std::sync::OnceLock;

/// The GitBook tag parser. Every span it reports lies inside the text, on
/// character boundaries, and blocks nest inside their parents.
pub fn tags(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let parsed = crate::gitbook::parse(&text);
    check_nodes(&text, &parsed.nodes);
    for warning in &parsed.warnings {
        assert!(text.is_char_boundary(warning.span.start) && warning.span.start <= text.len());
    }
}

fn check_nodes(text: &str, nodes: &[crate::gitbook::Node]) {
    for node in nodes {
        match node {
            crate::gitbook::Node::Markdown(run) => {
                let _ = run.source(text);
            }
            crate::gitbook::Node::Block(block) => {
                let open = tag_text(text, &block.open);
                assert!(open.starts_with("{%") && open.ends_with("%}"), "{open:?}");
                if let Some(close) = &block.close {
                    assert!(close.start >= block.open.end);
                    let close = tag_text(text, close);
                    assert!(
                        close.starts_with("{%") && close.ends_with("%}"),
                        "{close:?}"
                    );
                }
                check_nodes(text, &block.children);
            }
        }
    }
}

/// The text of a tag's span, which must lie inside the text on character boundaries.
fn tag_text<'t>(text: &'t str, span: &crate::gitbook::Span) -> &'t str {
    assert!(span.start <= span.end && span.end <= text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    &text[span.start..span.end]
}

/// Splitting and reading front matter.
pub fn front_matter(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(split) = crate::content::front_matter::split(&text) {
        assert!(split.body_start <= text.len() && text.is_char_boundary(split.body_start));
        if let Some(yaml) = split.yaml {
            let _ = crate::content::front_matter::parse(yaml);
        }
    }
}

/// The SUMMARY.md parser.
pub fn summary(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = crate::content::summary::parse(&text);
}

/// A whole page: read (front matter, tags, headings) and rendered to HTML
/// against a small fixed site, links and includes resolved.
pub fn page(bytes: &[u8]) {
    let (_, rendered) = rendered_page(bytes);
    let _ = crate::text::plain::plain_text(&rendered.html);
}

/// A whole page rendered as [`page`] does: the sections gathered while its
/// body was written are those read back from the body's HTML.
pub fn page_sections(bytes: &[u8]) {
    let (page, rendered) = rendered_page(bytes);
    let read_back = crate::markdown::read_sections(&page, &rendered.html);
    assert_eq!(rendered.sections, read_back, "{}", rendered.html);
}

/// A page read from `bytes` and its body rendered against [`fixed_site`].
fn rendered_page(bytes: &[u8]) -> (Page, crate::markdown::Rendered) {
    let site = fixed_site();
    let (mut page, _) = Page::parse(
        "guide/fuzzed.md".into(),
        "guide/fuzzed.html".into(),
        bytes.to_vec(),
        Path::new("guide/fuzzed.md"),
    );
    page.space = 0;
    let highlights = crate::markdown::highlight_cache::Cache::default();
    let rendered = crate::markdown::render(&page, site, Path::new("guide/fuzzed.md"), &highlights);
    (page, rendered)
}

/// A site of a few pages, a file and an include, loaded once from a
/// temporary folder.
fn fixed_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        // One folder for every run: its files never change, so runs may share it.
        let dir = std::env::temp_dir().join("quire-fuzz-site");
        let files: [(&str, &str); 6] = [
            ("README.md", "# Home\n\nWelcome.\n"),
            ("SUMMARY.md", "* [Home](README.md)\n* [Guide](guide/README.md)\n  * [Install](guide/install.md)\n"),
            ("guide/README.md", "# Guide\n\n## Overview\n"),
            ("guide/install.md", "---\ndescription: Install it.\n---\n# Install\n\n## Requirements\n\n## 系統需求\n"),
            (".gitbook/includes/note.md", "{% hint style=\"info\" %}\nIncluded.\n{% endhint %}\n"),
            (".gitbook/assets/diagram.png", "png"),
        ];
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("temp folder");
            std::fs::write(path, text).expect("temp file");
        }
        let overrides = crate::config::Overrides {
            dir: dir.clone(),
            ..Default::default()
        };
        let (config, _) = crate::config::Config::load(&overrides).expect("config");
        let (site, _) = crate::content::load(&config).expect("site");
        site
    })
}

/// The raw-HTML URL filter: every URL attribute whose value, decoded as a
/// browser decodes it, would run a script is rewritten leading nowhere, as
/// the Markdown stage does; read again, the result has none left.
pub fn html_urls(bytes: &[u8]) {
    use crate::text::html::{decode_attribute, rewrite_urls, UrlEdit};
    use crate::text::url;
    let text = String::from_utf8_lossy(bytes);
    let is_script = |value: &str| url::is_script_url(&decode_attribute(value));
    let filtered = rewrite_urls(&text, |value, _| match is_script(value) {
        true => UrlEdit::Replace(url::NEUTRAL.to_string()),
        false => UrlEdit::Keep,
    });
    let _ = rewrite_urls(&filtered, |value, _| {
        assert!(!is_script(value), "{value:?} survives in {filtered:?}");
        UrlEdit::Keep
    });
}

/// Redirects from `.gitbook.yaml`: the first line is an old path, the rest
/// a target. The page an old path names is inside the output or refused,
/// never a path the write stage would have to catch.
pub fn redirects(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let (old, target) = text.split_once('\n').unwrap_or((&text, ""));
    for pretty in [false, true] {
        if let Some((source, output)) = crate::render::hosting::redirect_paths(old, pretty) {
            assert!(!source.split('/').any(|part| part == ".."), "{source:?}");
            assert!(
                crate::text::url::stays_inside(&output),
                "{old:?} → {output:?}"
            );
            assert!(output.ends_with(".html"), "{output:?}");
        }
    }
    let _ = crate::text::url::is_script_url_in_any_spelling(target);
}
