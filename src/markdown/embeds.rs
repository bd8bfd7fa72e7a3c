//! Blocks that bring in something from elsewhere: includes, page links,
//! file downloads and embeds.

use super::links::Resolved;
use super::renderer::PageRenderer;
use super::{MAX_INCLUDED_BYTES, MAX_INCLUDE_DEPTH, MIN_INCLUDE_BYTES};
use crate::gitbook::Block;
use crate::text::html::escape;
use crate::text::url;

const ICON_PAGE: &str = r#"<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z"/><path d="M14 3v6h6"/></svg>"#;
const ICON_FILE: &str = r#"<svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z"/><path d="M14 3v6h6M12 12v6M9 15l3 3 3-3"/></svg>"#;
const ICON_LINK: &str = r#"<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7"/><path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7"/></svg>"#;
const CHEVRON: &str = r#"<svg class="chevron" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="m9 18 6-6-6-6"/></svg>"#;

impl PageRenderer<'_> {
    /// `{% include "path" %}`: the file's blocks rendered in place. Paths are
    /// relative to the including file and may not leave the space; cycles stop.
    pub(super) fn render_include(&mut self, block: &Block, depth: usize, out: &mut String) {
        let Some(path) = block.include_path() else {
            self.error(
                "include",
                block.open.start,
                "`{% include %}` names no file".into(),
            );
            return;
        };
        let Some(source) = url::join(url::parent(&self.doc.source), &url::decode(path)) else {
            self.error(
                "include",
                block.open.start,
                format!("include `{path}` points outside the space; refused"),
            );
            return;
        };
        let Some(doc) = self.site.includable(&source) else {
            self.error(
                "include",
                block.open.start,
                format!("include `{path}`: no file `{source}`"),
            );
            return;
        };
        if source == self.page.source || self.include_stack.contains(&source) {
            let mut chain = vec![self.page.source.clone()];
            chain.extend(self.include_stack.iter().cloned());
            chain.push(source);
            self.error(
                "include",
                block.open.start,
                format!("include cycle: {}", chain.join(" → ")),
            );
            return;
        }
        let cost = doc.body().len().max(MIN_INCLUDE_BYTES);
        if let Some(bound) = self.include_bound(cost) {
            self.refuse_include(block, format!("include `{path}`: {bound}; not expanded"));
            return;
        }
        self.included_bytes += cost;
        let saved_doc = std::mem::replace(&mut self.doc, doc);
        let saved_shown = std::mem::replace(&mut self.shown, self.space_prefix.join(&source));
        self.include_stack.push(source);
        self.render_nodes(&doc.nodes, depth, out);
        self.include_stack.pop();
        self.doc = saved_doc;
        self.shown = saved_shown;
    }

    /// Which bound an include that counts `size` bytes would pass, in words.
    fn include_bound(&self, size: usize) -> Option<String> {
        if self.include_stack.len() >= MAX_INCLUDE_DEPTH {
            return Some(format!(
                "includes nested more than {MAX_INCLUDE_DEPTH} deep"
            ));
        }
        if self.included_bytes + size > MAX_INCLUDED_BYTES {
            return Some(format!(
                "the page's includes would add more than {} MB",
                MAX_INCLUDED_BYTES >> 20
            ));
        }
        None
    }

    /// An error at an include tag that is not expanded, once per tag.
    fn refuse_include(&mut self, block: &Block, message: String) {
        let tag = (self.doc.source.clone(), block.open.start);
        if self.refused_includes.insert(tag) {
            self.error("include", block.open.start, message);
        }
    }

    /// `{% content-ref url %}` and legacy `{% page-ref page %}`: a card with
    /// the target's title and description. The body (a plain link) is GitBook's
    /// fallback and is not shown.
    pub(super) fn render_content_ref(&mut self, block: &Block, out: &mut String) {
        let Some(target) = block
            .attr("url")
            .or(block.attr("page"))
            .or(block.args.first().map(String::as_str))
        else {
            self.warn(
                "tag",
                block.open.start,
                format!("`{{% {} %}}` names no page", block.name),
            );
            return;
        };
        match self.resolve_block_url(target, block.open.start) {
            Resolved::Href {
                href,
                page: Some(page),
                ..
            } => {
                let page = &self.site.pages[page];
                let description = page
                    .meta
                    .description
                    .as_deref()
                    .map(|d| format!("<span class=\"card-description\">{}</span>", escape(d)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "<a class=\"content-ref\" href=\"{}\">{ICON_PAGE}<span class=\"card-text\"><span class=\"card-title\">{}</span>{description}</span>{CHEVRON}</a>\n",
                    escape(&href),
                    escape(&page.title)
                ));
            }
            Resolved::Href {
                href, page: None, ..
            } => {
                let name = target.rsplit('/').next().unwrap_or(target);
                out.push_str(&link_card("content-ref", &href, name, None));
            }
            Resolved::Keep => {
                out.push_str(&link_card("content-ref", target, &host_of(target), None))
            }
            Resolved::Broken(broken) => {
                self.warn_target(
                    broken.kind,
                    block.open.start,
                    format!("broken link `{target}`: {}", broken.reason),
                    target,
                );
                out.push_str(&format!(
                    "<p class=\"content-ref\"><span class=\"broken-link\" title=\"Broken link: {0}\">{0}</span></p>\n",
                    escape(target)
                ));
            }
        }
    }

    /// `{% file src %}caption{% endfile %}`: a download card.
    pub(super) fn render_file(&mut self, block: &Block, depth: usize, out: &mut String) {
        let Some(src) = block.attr("src").or(block.args.first().map(String::as_str)) else {
            self.warn("tag", block.open.start, "`{% file %}` names no file".into());
            return;
        };
        let name = url::decode(src.rsplit('/').next().unwrap_or(src)).into_owned();
        let (href, size) = match self.resolve_block_url(src, block.open.start) {
            Resolved::Href { href, .. } => {
                let size = url::join(url::parent(&self.doc.source), &url::decode(src))
                    .and_then(|s| self.site.file_by_source(&s))
                    .map(|f| f.size);
                (href, size)
            }
            Resolved::Keep => (src.to_string(), None),
            Resolved::Broken(broken) => {
                self.warn_target(
                    "missing-file",
                    block.open.start,
                    format!("missing file `{src}`: {}", broken.reason),
                    src,
                );
                (String::new(), None)
            }
        };
        let kind = name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_uppercase())
            .unwrap_or_else(|| "FILE".into());
        let meta = match size {
            Some(size) => format!("{kind} · {}", human_size(size)),
            None => kind,
        };
        let mut caption = String::new();
        self.render_nodes(&block.children, depth, &mut caption);
        out.push_str(&format!(
            "<div class=\"file-card\">{ICON_FILE}<div class=\"card-text\">"
        ));
        if href.is_empty() {
            out.push_str(&format!(
                "<span class=\"broken-link\">{}</span>",
                escape(&name)
            ));
        } else {
            out.push_str(&format!(
                "<a class=\"card-title\" href=\"{}\" download>{}</a>",
                escape(&href),
                escape(&name)
            ));
        }
        out.push_str(&format!(
            "<span class=\"card-description\">{}</span>",
            escape(&meta)
        ));
        if !caption.trim().is_empty() {
            out.push_str(&format!("<div class=\"file-caption\">{caption}</div>"));
        }
        out.push_str("</div>");
        if !href.is_empty() {
            out.push_str(&format!(
                "<a class=\"button\" href=\"{}\" download>Download</a>",
                escape(&href)
            ));
        }
        out.push_str("</div>\n");
    }

    /// `{% embed url %}`: a link card; known video hosts become a player that
    /// loads nothing until the reader asks for it.
    pub(super) fn render_embed(&mut self, block: &Block, depth: usize, out: &mut String) {
        let Some(target) = block.attr("url").or(block.args.first().map(String::as_str)) else {
            self.warn("tag", block.open.start, "`{% embed %}` names no url".into());
            return;
        };
        let mut caption = String::new();
        self.render_nodes(&block.children, depth, &mut caption);
        if caption.trim().is_empty() {
            if let Some(c) = block.attr("caption").filter(|c| !c.is_empty()) {
                caption = format!("<p>{}</p>", escape(c));
            }
        }
        let href = match self.resolve_block_url(target, block.open.start) {
            Resolved::Href { href, .. } => href,
            _ => target.to_string(),
        };
        let host = host_of(target);
        out.push_str("<figure class=\"embed\">\n");
        match video_player(target) {
            Some(player) => out.push_str(&format!(
                "<div class=\"embed-video\" data-embed-src=\"{}\"><button type=\"button\" class=\"embed-play\"><span class=\"embed-play-icon\" aria-hidden=\"true\">▶</span> Play video <span class=\"embed-host\">({})</span></button><a class=\"embed-fallback\" href=\"{}\">{}</a></div>\n",
                escape(&player),
                escape(&host),
                escape(&href),
                escape(target)
            )),
            None => out.push_str(&link_card("embed-card", &href, &host, Some(target))),
        }
        if !caption.trim().is_empty() {
            out.push_str(&format!("<figcaption>{caption}</figcaption>\n"));
        }
        out.push_str("</figure>\n");
    }

    pub(super) fn error(&mut self, kind: &'static str, body_offset: usize, message: String) {
        let d = crate::error::Diagnostic::error(kind, &self.shown, message);
        self.diagnostics
            .push(self.doc.diagnostic_at(d, body_offset));
    }
}

fn link_card(class: &str, href: &str, title: &str, detail: Option<&str>) -> String {
    let detail = detail
        .map(|d| format!("<span class=\"card-description\">{}</span>", escape(d)))
        .unwrap_or_default();
    format!(
        "<a class=\"{class}\" href=\"{}\">{ICON_LINK}<span class=\"card-text\"><span class=\"card-title\">{}</span>{detail}</span>{CHEVRON}</a>\n",
        escape(href),
        escape(title)
    )
}

/// `https://www.example.com/x` → `example.com`.
pub(super) fn host_of(target: &str) -> String {
    let rest = target.split_once("://").map_or(target, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

/// The player URL for a video on a known host; privacy-friendly variants.
fn video_player(target: &str) -> Option<String> {
    let host = host_of(target);
    let rest = target.split_once("://").map_or(target, |(_, r)| r);
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    let query_value = |key: &str| {
        path.split_once('?').and_then(|(_, q)| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
        })
    };
    let id_after = |prefix: &str| {
        path.strip_prefix(prefix)
            .map(|id| id.split(['?', '/', '#']).next().unwrap_or(id))
            .filter(|id| {
                !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
    };
    // The reader already asked to play by clicking: start at once.
    let player = match host.as_str() {
        "youtube.com" | "m.youtube.com" => query_value("v")
            .or_else(|| id_after("embed/"))
            .or_else(|| id_after("shorts/"))
            .map(|id| format!("https://www.youtube-nocookie.com/embed/{id}")),
        "youtu.be" => id_after("").map(|id| format!("https://www.youtube-nocookie.com/embed/{id}")),
        "vimeo.com" => id_after("")
            .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
            .map(|id| format!("https://player.vimeo.com/video/{id}")),
        "loom.com" => id_after("share/").map(|id| format!("https://www.loom.com/embed/{id}")),
        _ => None,
    };
    player.map(|url| format!("{url}?autoplay=1"))
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_video_hosts() {
        assert_eq!(
            video_player("https://www.youtube.com/watch?v=abc_123&t=4").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/abc_123?autoplay=1")
        );
        assert_eq!(
            video_player("https://youtu.be/xyz").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/xyz?autoplay=1")
        );
        assert_eq!(
            video_player("https://vimeo.com/12345").as_deref(),
            Some("https://player.vimeo.com/video/12345?autoplay=1")
        );
        assert_eq!(
            video_player("https://www.loom.com/share/abc").as_deref(),
            Some("https://www.loom.com/embed/abc?autoplay=1")
        );
        assert_eq!(video_player("https://example.com/watch?v=x"), None);
        assert_eq!(
            host_of("https://user@www.example.com:8080/x"),
            "example.com:8080"
        );
        assert_eq!(human_size(2048), "2.0 KB");
    }
}
