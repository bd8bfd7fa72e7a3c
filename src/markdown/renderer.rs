//! The state of one page's render, which every part of the walk shares:
//! the page and the document being rendered (the page, or a file it
//! includes), ids handed out, footnotes, and the findings so far.

use super::highlight_cache::Cache;
use super::links::{self, Resolved};
use super::sections::BodyText;
use crate::content::page::Page;
use crate::content::Site;
use crate::error::Diagnostic;
use std::path::{Path, PathBuf};

pub(crate) struct PageRenderer<'a> {
    /// The page being rendered: its output path is where links start from.
    pub(super) page: &'a Page,
    /// The document whose text is being rendered: the page, or a file it includes.
    pub(super) doc: &'a Page,
    pub(super) site: &'a Site,
    /// Highlighted code kept between renders.
    pub(super) highlights: &'a Cache,
    /// The path of `doc` in diagnostics.
    pub(super) shown: PathBuf,
    /// Folder that diagnostics paths are relative to, as seen from the space.
    pub(super) space_prefix: PathBuf,
    /// Includes being expanded, outermost first, to detect cycles.
    pub(super) include_stack: Vec<String>,
    /// Text added to the page by includes and expressions so far.
    pub(super) included_bytes: usize,
    /// An expression past that budget has been reported.
    pub(super) refused_expression: bool,
    /// Include tags already reported as over a bound, by (document, offset):
    /// a tag inside an include that is repeated is reported once.
    pub(super) refused_includes: std::collections::HashSet<(String, usize)>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) warned_depth: bool,
    /// Footnote labels in order of first use, numbered across the whole page
    /// (blocks split a page into several Markdown runs).
    footnotes: Vec<String>,
    generated_ids: usize,
    /// Rendered footnote definitions, listed at the end of the page.
    pub(super) footnotes_html: String,
    /// How often each footnote has been referenced so far.
    pub(super) footnote_uses: std::collections::HashMap<String, usize>,
    /// Conditional content is reported once per page.
    pub(super) warned_conditional: bool,
    /// The text of the page body, gathered as it is written.
    pub(super) body_text: BodyText,
    /// The next Markdown run rendered is written to the page body itself.
    pub(super) run_in_body: bool,
}

impl<'a> PageRenderer<'a> {
    pub(super) fn new(page: &'a Page, site: &'a Site, shown: &Path, highlights: &'a Cache) -> Self {
        let space_prefix = shown
            .to_str()
            .and_then(|s| s.strip_suffix(page.source.as_str()))
            .map(PathBuf::from)
            .unwrap_or_default();
        PageRenderer {
            page,
            doc: page,
            site,
            highlights,
            shown: shown.to_path_buf(),
            space_prefix,
            include_stack: vec![],
            included_bytes: 0,
            refused_expression: false,
            refused_includes: Default::default(),
            diagnostics: vec![],
            warned_depth: false,
            footnotes: vec![],
            generated_ids: 0,
            footnote_uses: Default::default(),
            footnotes_html: String::new(),
            warned_conditional: false,
            body_text: BodyText::default(),
            run_in_body: false,
        }
    }
}

impl PageRenderer<'_> {
    /// A page-unique id for generated elements (`tabs-1`, `tabs-2`, ...).
    pub(super) fn next_id(&mut self, prefix: &str) -> String {
        format!("{prefix}-{}", self.next_number())
    }

    /// The number of the next generated id, for ids made elsewhere.
    pub(super) fn next_number(&mut self) -> usize {
        self.generated_ids += 1;
        self.generated_ids
    }

    /// The GitBook anchor of the tab whose tag starts at `offset` of the
    /// current document; a generated id if the scan did not see it.
    pub(super) fn tab_anchor(&mut self, offset: usize) -> String {
        let ids = &self.doc.tab_ids;
        match ids.binary_search_by_key(&offset, |(at, _)| *at) {
            Ok(i) => ids[i].1.clone(),
            Err(_) => self.next_id("tab"),
        }
    }

    /// Resolve a link written in the current document.
    pub(super) fn resolve(&self, dest: &str) -> Resolved {
        links::resolve(dest, self.doc, &self.page.output, self.site)
    }

    /// The title a link to `page` shows: the page's, or its heading's for an anchor.
    pub(super) fn target_title(&self, page: usize, anchor: Option<&str>) -> String {
        let target = &self.site.pages[page];
        anchor
            .and_then(|a| target.headings.iter().find(|h| h.id == a))
            .map(|h| h.text.clone())
            .unwrap_or_else(|| target.title.clone())
    }

    /// The number of a footnote label, given on first use.
    pub(super) fn footnote_number(&mut self, label: &str) -> usize {
        match self.footnotes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.footnotes.push(label.to_string());
                self.footnotes.len()
            }
        }
    }

    pub(super) fn warn(&mut self, kind: &'static str, body_offset: usize, message: String) {
        let d = Diagnostic::warning(kind, &self.shown, message);
        self.push_at(d, body_offset);
    }

    /// Resolve a URL given in a block's attributes, warning when it would
    /// run a script (it is written leading nowhere) or names an anchor its
    /// page lacks (it still leads to the page).
    pub(super) fn resolve_block_url(&mut self, dest: &str, body_offset: usize) -> Resolved {
        if let Some(message) = links::script_url_warning(dest) {
            self.warn_target("unsafe-link", body_offset, message, dest);
        }
        let resolved = self.resolve(dest);
        if let Resolved::Href {
            missing_anchor: Some(missing),
            ..
        } = &resolved
        {
            let message = format!("broken link `{dest}`: {}", missing.reason);
            self.warn_target(missing.kind, body_offset, message, dest);
        }
        resolved
    }

    /// A warning about a link or file that leads nowhere, naming it.
    pub(super) fn warn_target(
        &mut self,
        kind: &'static str,
        body_offset: usize,
        message: String,
        target: &str,
    ) {
        let d = Diagnostic::warning(kind, &self.shown, message).with_target(target);
        self.push_at(d, body_offset);
    }

    /// Record a finding at a byte offset of the document's body.
    fn push_at(&mut self, d: Diagnostic, body_offset: usize) {
        self.diagnostics
            .push(self.doc.diagnostic_at(d, body_offset));
    }
}
