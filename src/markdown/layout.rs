//! Layout blocks: columns, updates, conditional content, prompts and
//! integration blocks.

use super::links::Resolved;
use super::renderer::PageRenderer;
use crate::gitbook::{Block, Node};
use crate::text::html::escape;

impl PageRenderer<'_> {
    /// `{% columns %}{% column width="40%" %}…`: side by side, stacked on phones.
    pub(super) fn render_columns(&mut self, block: &Block, depth: usize, out: &mut String) {
        out.push_str("<div class=\"columns\">\n");
        for child in &block.children {
            match child {
                Node::Block(column) if column.name == "column" => {
                    let width = column
                        .attr("width")
                        .filter(|w| w.trim_end_matches('%').parse::<f32>().is_ok())
                        .map(|w| format!(" style=\"--column-width:{}\"", escape(&percent(w))))
                        .unwrap_or_default();
                    out.push_str(&format!("<div class=\"column\"{width}>\n"));
                    self.render_nodes(&column.children, depth, out);
                    out.push_str("</div>\n");
                }
                other => self.render_nodes(std::slice::from_ref(other), depth, out),
            }
        }
        out.push_str("</div>\n");
    }

    /// `{% updates %}{% update date tags %}…`: a changelog of dated entries.
    pub(super) fn render_updates(&mut self, block: &Block, depth: usize, out: &mut String) {
        out.push_str("<div class=\"updates\">\n");
        for child in &block.children {
            let Node::Block(update) = child else {
                self.render_nodes(std::slice::from_ref(child), depth, out);
                continue;
            };
            if update.name != "update" {
                self.render_nodes(std::slice::from_ref(child), depth, out);
                continue;
            }
            let date = update.attr("date").unwrap_or("").trim();
            out.push_str("<article class=\"update\">\n<header class=\"update-header\">");
            if !date.is_empty() {
                let shown = self.site.spaces[self.page.space].dates.format(date);
                out.push_str(&format!(
                    "<time datetime=\"{}\">{}</time>",
                    escape(date),
                    escape(&shown)
                ));
            }
            let tags: Vec<&str> = update
                .attr("tags")
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            if !tags.is_empty() {
                out.push_str("<span class=\"update-tags\">");
                for tag in tags {
                    self.tag_pill(tag, update.open.start, out);
                }
                out.push_str("</span>");
            }
            out.push_str("</header>\n");
            self.render_nodes(&update.children, depth, out);
            out.push_str("</article>\n");
        }
        out.push_str("</div>\n");
    }

    /// A tag by its id or label in `.gitbook/tags.yaml`, with its colour.
    fn tag_pill(&mut self, tag: &str, at: usize, out: &mut String) {
        let tags = &self.site.spaces[self.page.space].tags;
        match tags.get(tag) {
            Some(def) => {
                let color = def
                    .color
                    .as_deref()
                    .map(|c| format!(" tag-{c}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "<span class=\"tag{color}\">{}</span>",
                    escape(&def.label)
                ));
            }
            None => {
                if tags.defined {
                    self.warn(
                        "tag",
                        at,
                        format!("tag `{tag}` is not defined in `.gitbook/tags.yaml`"),
                    );
                }
                out.push_str(&format!("<span class=\"tag\">{}</span>", escape(tag)));
            }
        }
    }

    /// `{% if … %}…{% else %}…{% endif %}`: GitBook shows one branch per
    /// visitor; a static site shows every branch, each marked with its condition.
    pub(super) fn render_conditional(&mut self, block: &Block, depth: usize, out: &mut String) {
        if !std::mem::replace(&mut self.warned_conditional, true) {
            self.warn(
                "conditional",
                block.open.start,
                "conditional content (`{% if %}`) depends on the visitor on GitBook; every branch is shown here, marked".into(),
            );
        }
        let mut condition = block.raw.clone();
        let mut branch: Vec<Node> = vec![];
        let mut branches: Vec<(String, Vec<Node>)> = vec![];
        for child in &block.children {
            match child {
                Node::Block(b) if b.name == "else" || b.name == "elif" => {
                    branches.push((std::mem::take(&mut condition), std::mem::take(&mut branch)));
                    condition = if b.name == "else" {
                        String::new()
                    } else {
                        b.raw.clone()
                    };
                }
                other => branch.push(other.clone()),
            }
        }
        branches.push((condition, branch));
        for (condition, nodes) in branches {
            let label = match condition.trim() {
                "" => "Shown otherwise".to_string(),
                c => format!("Shown when <code>{}</code>", escape(c)),
            };
            out.push_str(&format!(
                "<div class=\"conditional\"><p class=\"conditional-label\">{label}</p>\n"
            ));
            self.render_nodes(&nodes, depth, out);
            out.push_str("</div>\n");
        }
    }

    /// `{% prompt description %}` around a fenced block: an AI prompt to copy.
    pub(super) fn render_prompt(&mut self, block: &Block, depth: usize, out: &mut String) {
        out.push_str("<div class=\"prompt\">\n");
        if let Some(description) = block.attr("description").filter(|d| !d.is_empty()) {
            out.push_str(&format!(
                "<p class=\"prompt-description\">{}</p>\n",
                escape(description)
            ));
        }
        self.render_nodes(&block.children, depth, out);
        out.push_str("</div>\n");
    }

    /// `{% @vendor/block url="…" %}` (`{% @arcade/embed flowId="…" url="…" %}`):
    /// integrations need GitBook's runtime; a card names the vendor, or the
    /// block's `title`, and links to its URL when it has one.
    pub(super) fn render_integration(&mut self, block: &Block, out: &mut String) {
        let vendor = vendor_name(&block.name);
        let title = block.attr("title").map(str::trim).filter(|t| !t.is_empty());
        let url = block.attr("url").or_else(|| {
            block
                .attrs
                .iter()
                .map(|(_, v)| v.as_str())
                .find(|v| v.starts_with("http"))
        });
        let href = url.and_then(|url| match self.resolve_block_url(url, block.open.start) {
            Resolved::Keep => Some(url.to_string()),
            Resolved::Href { href, .. } => Some(href),
            Resolved::Broken(broken) => {
                let message = format!("broken link `{url}`: {}", broken.reason);
                self.warn_target(broken.kind, block.open.start, message, url);
                None
            }
        });
        // What the card is about: its URL, else the id the vendor gave it.
        let about = url.or_else(|| block.attr("flowId")).unwrap_or_default();
        let description = match title {
            Some(_) if about.is_empty() => vendor.clone(),
            Some(_) => format!("{vendor} · {about}"),
            None => about.to_string(),
        };
        let description = match description.is_empty() {
            true => String::new(),
            false => format!(
                "<span class=\"card-description\">{}</span>",
                escape(&description)
            ),
        };
        let text = format!(
            "<span class=\"card-text\"><span class=\"card-title\">{}</span>{description}</span>",
            escape(title.unwrap_or(&vendor))
        );
        match href {
            Some(href) => out.push_str(&format!(
                "<a class=\"integration-card\" href=\"{}\">{text}</a>\n",
                escape(&href)
            )),
            None => out.push_str(&format!("<div class=\"integration-card\">{text}</div>\n")),
        }
    }
}

/// The vendor of `@vendor/block`, as a name: `@github-files/…` is
/// "Github Files".
fn vendor_name(block: &str) -> String {
    let vendor = block
        .trim_start_matches('@')
        .split('/')
        .next()
        .unwrap_or("");
    vendor
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn percent(width: &str) -> String {
    if width.ends_with('%') {
        width.to_string()
    } else {
        format!("{width}%")
    }
}
