//! GitBook blocks → HTML. One method per tag; a tag not handled here still
//! has its body rendered, in a plain frame.

use super::hints::{hint_open, hint_style, HINT_CLOSE};
use super::icons;
use super::renderer::PageRenderer;
use crate::gitbook::{Block, Node};
use crate::text::html::escape;

impl PageRenderer<'_> {
    pub(super) fn render_block(&mut self, block: &Block, depth: usize, out: &mut String) {
        match block.name.as_str() {
            "hint" => self.render_hint(block, depth, out),
            "stepper" => self.render_stepper(block, depth, out),
            "step" => self.render_steps(std::slice::from_ref(block), depth, out),
            "tabs" => self.render_tabs(block, depth, out),
            "code" => self.render_code_wrapper(block, depth, out),
            "include" => self.render_include(block, depth, out),
            "content-ref" | "page-ref" => self.render_content_ref(block, out),
            "file" => self.render_file(block, depth, out),
            "embed" => self.render_embed(block, depth, out),
            "openapi" | "openapi-operation" => self.render_openapi(block, out),
            "openapi-schemas" => self.render_openapi_schemas(block, out),
            "swagger" | "api-method" => self.render_legacy_api(block, depth, out),
            "columns" => self.render_columns(block, depth, out),
            "updates" => self.render_updates(block, depth, out),
            "if" => self.render_conditional(block, depth, out),
            "prompt" => self.render_prompt(block, depth, out),
            "code-tabs" => self.render_tabs(block, depth, out),
            name if name.starts_with('@') => self.render_integration(block, out),
            // Sub-tags that only carry text: their body, without a frame.
            "swagger-description"
            | "api-method-summary"
            | "api-method-description"
            | "api-method-response-example-description"
            | "api-method-spec"
            | "api-method-request"
            | "api-method-response" => self.render_nodes(&block.children, depth, out),
            "else" | "elif" => {}
            _ => self.render_generic(block, depth, out),
        }
    }

    fn render_hint(&mut self, block: &Block, depth: usize, out: &mut String) {
        let style = block.attr("style").unwrap_or("info");
        if hint_style(style).is_none() {
            self.warn(
                "tag",
                block.open.start,
                format!("unknown hint style `{style}`; shown as `info`"),
            );
        }
        let (title, body) = self.render_titled(&block.children, depth);
        out.push_str(&hint_open(style, block.attr("icon"), title.is_some()));
        if let Some(title) = title {
            out.push_str(&format!("<div class=\"hint-title\">{title}</div>\n"));
        }
        out.push_str(&body);
        out.push_str(HINT_CLOSE);
    }

    fn render_stepper(&mut self, block: &Block, depth: usize, out: &mut String) {
        let is_step = |n: &Node| matches!(n, Node::Block(b) if b.name == "step");
        if !block.children.iter().all(is_step) {
            // Content between steps (blank lines aside) is kept, as a step of its own.
            self.warn("tag", block.open.start, "a `{% stepper %}` should hold only `{% step %}` blocks; other content is shown as its own step".into());
        }
        out.push_str("<ol class=\"stepper\">\n");
        for (i, child) in block.children.iter().enumerate() {
            let children = match child {
                Node::Block(b) if b.name == "step" => &b.children[..],
                other => std::slice::from_ref(other),
            };
            self.render_step(i + 1, children, depth, out);
        }
        out.push_str("</ol>\n");
    }

    /// A `{% step %}` outside a stepper: a stepper of its own.
    fn render_steps(&mut self, steps: &[Block], depth: usize, out: &mut String) {
        out.push_str("<ol class=\"stepper\">\n");
        for (i, step) in steps.iter().enumerate() {
            self.render_step(i + 1, &step.children, depth, out);
        }
        out.push_str("</ol>\n");
    }

    fn render_step(&mut self, number: usize, children: &[Node], depth: usize, out: &mut String) {
        let (title, body) = self.render_titled(children, depth);
        out.push_str(&format!(
            "<li class=\"step\">\n<span class=\"step-number\" aria-hidden=\"true\">{number}</span>\n<div class=\"step-content\">\n"
        ));
        if let Some(title) = title {
            out.push_str(&format!("<div class=\"step-title\">{title}</div>\n"));
        }
        out.push_str(&body);
        out.push_str("</div>\n</li>\n");
    }

    /// Tabs: a tab list for readers with JavaScript, and every panel in the
    /// page (with its title) so that search, print and no-script readers see all.
    /// Legacy `{% code-tabs %}{% code-tabs-item title %}` render the same way.
    fn render_tabs(&mut self, block: &Block, depth: usize, out: &mut String) {
        let group = self.next_id("tabs");
        let set = crate::gitbook::walk::tab_set(block);
        let item = set.item;
        if !set.before.is_empty() || !set.after.is_empty() {
            self.warn(
                "tag",
                block.open.start,
                format!(
                    "a `{{% {} %}}` should hold only `{{% {item} %}}` blocks; other content is shown outside it",
                    block.name
                ),
            );
        }
        self.render_nodes(set.before, depth, out);
        let tabs: Vec<(String, Option<String>, String, &[Node])> = set
            .tabs
            .iter()
            .enumerate()
            .map(|(i, tab)| {
                let title = match crate::gitbook::walk::tab_title(tab) {
                    Some(t) => t.to_string(),
                    None => {
                        self.warn(
                            "tag",
                            tab.open.start,
                            format!(
                                "`{{% {item} %}}` without a title; shown as \"Tab {}\"",
                                i + 1
                            ),
                        );
                        format!("Tab {}", i + 1)
                    }
                };
                let icon = tab.attr("icon").and_then(icons::svg);
                let anchor = self.tab_anchor(tab.open.start);
                (title, icon, anchor, &tab.children[..])
            })
            .collect();
        out.push_str("<div class=\"tabs\" data-tabs>\n<div class=\"tab-list\" role=\"tablist\">");
        for (i, (title, icon, anchor, _)) in tabs.iter().enumerate() {
            let selected = i == 0;
            out.push_str(&format!(
                "<button type=\"button\" role=\"tab\" id=\"{group}-{n}\" aria-controls=\"{anchor}\" aria-selected=\"{selected}\" tabindex=\"{tabindex}\">{icon}{title}</button>",
                n = i + 1,
                anchor = escape(anchor),
                tabindex = if selected { 0 } else { -1 },
                icon = icon.as_deref().unwrap_or(""),
                title = escape(title)
            ));
        }
        out.push_str("</div>\n");
        // The panel carries the tab's GitBook anchor: a link to it opens the tab.
        for (i, (title, _, anchor, children)) in tabs.iter().enumerate() {
            out.push_str(&format!(
                "<div class=\"tab-panel\" role=\"tabpanel\" id=\"{anchor}\" aria-labelledby=\"{group}-{n}\" tabindex=\"0\">\n<p class=\"tab-panel-title\">{title}</p>\n",
                n = i + 1,
                anchor = escape(anchor),
                title = escape(title)
            ));
            self.render_nodes(children, depth, out);
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n");
        for run in set.after {
            self.render_nodes(run, depth, out);
        }
    }

    /// `{% code title overflow lineNumbers expandable fullWidth %}` around a fenced block.
    fn render_code_wrapper(&mut self, block: &Block, depth: usize, out: &mut String) {
        let mut classes = String::from("code-block");
        let flag = |name: &str| {
            block
                .attr(name)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        if flag("lineNumbers") {
            classes.push_str(" line-numbers");
        }
        if block.attr("overflow") == Some("wrap") {
            classes.push_str(" wrap");
        }
        if flag("expandable") {
            classes.push_str(" expandable");
        }
        if flag("fullWidth") {
            classes.push_str(" full-width");
        }
        out.push_str(&format!("<div class=\"{classes}\">\n"));
        if let Some(title) = block.attr("title").filter(|t| !t.is_empty()) {
            out.push_str(&format!(
                "<div class=\"code-title\">{}</div>\n",
                escape(title)
            ));
        }
        self.render_nodes(&block.children, depth, out);
        out.push_str("</div>\n");
    }

    /// Tags without a renderer of their own keep their body, in a frame that
    /// names the tag so themes can style it.
    fn render_generic(&mut self, block: &Block, depth: usize, out: &mut String) {
        let name = escape(&block.name);
        out.push_str(&format!("<div class=\"block\" data-tag=\"{name}\">\n"));
        if let Some(title) = block.attr("title") {
            out.push_str(&format!("<p class=\"block-title\">{}</p>\n", escape(title)));
        }
        if let Some(url) = block
            .attr("url")
            .or(block.attr("src"))
            .or(block.attr("page"))
        {
            let url = escape(url);
            out.push_str(&format!(
                "<p class=\"block-link\"><a href=\"{url}\">{url}</a></p>\n"
            ));
        }
        self.render_nodes(&block.children, depth, out);
        out.push_str("</div>\n");
    }
}
