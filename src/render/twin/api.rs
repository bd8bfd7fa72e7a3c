//! API blocks in a twin: each operation as a heading, its parameters as a
//! table and its examples as code; schemas as tables of their fields.

use super::leaf::escape_inline;
use super::{fence, TwinWriter};
use crate::gitbook::Block;
use crate::markdown::api::{
    base_path, linked_spec, media_example, operation_parameters, pointer_escape, required_fields,
    resolve_ref, str_of, type_of,
};
use crate::text::url;
use serde_json::Value;
use std::sync::Arc;

impl TwinWriter<'_> {
    /// `{% openapi src path method %}`: from the spec when it is a file of
    /// the space; else the method and path, and a link to the spec.
    pub(super) fn openapi(&mut self, block: &Block, out: &mut String) {
        let src = block.attr("src").or(block.attr("spec")).unwrap_or("");
        let path = block.attr("path").unwrap_or("");
        let method = block.attr("method").unwrap_or("get").to_lowercase();
        let level = "#".repeat(self.heading_level(block.open.start));
        let spec = self.spec(block, src);
        let pointer = format!("/paths/{}/{method}", pointer_escape(path));
        let found = spec.as_ref().and_then(|s| s.pointer(&pointer));
        match (spec.as_deref(), found) {
            (Some(spec), Some(op)) => operation(spec, path, &method, op, &level, out),
            _ => {
                if !path.is_empty() {
                    let line = format!("{} {path}", method.to_uppercase());
                    out.push_str(&format!("{level} {}\n\n", escape_inline(&line)));
                }
                if !src.is_empty() {
                    let href = self.href(src, false).unwrap_or_else(|| src.to_string());
                    out.push_str(&super::leaf::link(src, &href));
                    out.push('\n');
                }
            }
        }
    }

    /// `{% openapi-schemas spec schemas %}`: each schema's fields.
    pub(super) fn openapi_schemas(&mut self, block: &Block, out: &mut String) {
        let src = block.attr("spec").or(block.attr("src")).unwrap_or("");
        let Some(spec) = self.spec(block, src) else {
            return;
        };
        let level = "#".repeat(self.heading_level(block.open.start));
        let names = block
            .attr("schemas")
            .unwrap_or("")
            .split(',')
            .map(str::trim);
        for name in names.filter(|n| !n.is_empty()) {
            let schema = spec
                .pointer(&format!("/components/schemas/{name}"))
                .or_else(|| spec.pointer(&format!("/definitions/{name}")));
            if let Some(schema) = schema {
                out.push_str(&format!("{level} {}\n\n", escape_inline(name)));
                schema_table(&spec, schema, out);
            }
        }
    }

    /// Legacy `{% swagger %}` and `{% api-method %}`: the method and path as
    /// a heading, then the sub-tags in order.
    pub(super) fn legacy_api(
        &mut self,
        block: &Block,
        depth: usize,
        dedent: usize,
        out: &mut String,
    ) {
        let method = block.attr("method").unwrap_or("get").to_uppercase();
        let path = block.attr("path").or(block.attr("url")).unwrap_or("");
        let level = "#".repeat(self.heading_level(block.open.start));
        let line = format!("{method} {}{path}", block.attr("baseUrl").unwrap_or(""));
        out.push_str(&format!("{level} {}\n\n", escape_inline(line.trim())));
        if let Some(summary) = block.attr("summary").filter(|s| !s.trim().is_empty()) {
            out.push_str(&escape_inline(summary));
            out.push_str("\n\n");
        }
        self.nesting += 1;
        self.nodes(&block.children, depth, dedent, out);
        self.nesting -= 1;
    }

    /// A legacy parameter: a list item naming it, its description below.
    pub(super) fn parameter(
        &mut self,
        block: &Block,
        depth: usize,
        dedent: usize,
        out: &mut String,
    ) {
        let name = block.attr("name").unwrap_or("");
        let about: Vec<&str> = [block.attr("in"), block.attr("type")]
            .into_iter()
            .flatten()
            .chain(
                block
                    .attr("required")
                    .filter(|r| *r == "true")
                    .map(|_| "required"),
            )
            .collect();
        let mut description = String::new();
        self.nodes(&block.children, depth, dedent, &mut description);
        let description = super::leaf::one_line(&description);
        let about = match about.is_empty() {
            true => String::new(),
            false => format!(" ({})", escape_inline(&about.join(", "))),
        };
        let separator = if description.is_empty() { "" } else { ": " };
        out.push_str(&format!(
            "- `{}`{about}{separator}{description}\n",
            name.replace('`', "")
        ));
    }

    /// A legacy response: its status in bold, then its body.
    pub(super) fn response(
        &mut self,
        block: &Block,
        depth: usize,
        dedent: usize,
        out: &mut String,
    ) {
        let status = block
            .attr("status")
            .or(block.attr("httpCode"))
            .unwrap_or("");
        let description = block.attr("description").unwrap_or("");
        out.push_str(&format!(
            "**{}** {}\n\n",
            escape_inline(status),
            escape_inline(description)
        ));
        self.nodes(&block.children, depth, dedent, out);
    }

    /// The spec of an API block: `src` when it is a file of the space, else
    /// the file its body links to. Problems are the page's render's to report.
    fn spec(&self, block: &Block, src: &str) -> Option<Arc<Value>> {
        let local = |src: &str| {
            if src.is_empty() || url::is_external(src) {
                return None;
            }
            let source = url::join(url::parent(&self.doc.source), &url::decode(src))?;
            self.site.file_by_source(&source)?;
            self.site.spec(&source).ok()
        };
        local(src).or_else(|| {
            let linked = linked_spec(block, self.doc.body())?;
            (linked != src).then(|| local(&linked)).flatten()
        })
    }
}

fn operation(spec: &Value, path: &str, method: &str, op: &Value, level: &str, out: &mut String) {
    let line = format!("{} {}{path}", method.to_uppercase(), base_path(spec));
    out.push_str(&format!("{level} {}\n\n", escape_inline(&line)));
    for key in ["summary", "description"] {
        if let Some(text) = op.get(key).and_then(Value::as_str) {
            out.push_str(text.trim());
            out.push_str("\n\n");
        }
    }
    let params = operation_parameters(spec, path, op);
    parameters_table(spec, &params, out);
    let body = op
        .pointer("/requestBody/content")
        .and_then(Value::as_object)
        .and_then(|c| c.values().next());
    let body_schema = body.and_then(|m| m.get("schema")).or_else(|| {
        let in_body = params.iter().find(|p| str_of(p, "in") == "body");
        in_body.and_then(|p| p.get("schema"))
    });
    if let Some(schema) = body_schema {
        out.push_str("Request body:\n\n");
        schema_table(spec, schema, out);
    }
    if let Some(example) = body.and_then(media_example) {
        example_code(example, out);
    }
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return;
    };
    out.push_str("Responses:\n\n");
    for (status, response) in responses {
        let response = resolve_ref(spec, response);
        let description = super::leaf::one_line(str_of(response, "description"));
        out.push_str(&format!("- `{}` {description}\n", status.replace('`', "")));
    }
    out.push('\n');
    for response in responses.values() {
        let response = resolve_ref(spec, response);
        let media = response
            .get("content")
            .and_then(Value::as_object)
            .and_then(|c| c.values().next());
        let example = media.and_then(media_example).or_else(|| {
            response
                .pointer("/examples")
                .and_then(|e| e.as_object()?.values().next())
        });
        if let Some(example) = example {
            example_code(example, out);
        }
    }
}

/// The parameters of an operation (not its body) as a table.
fn parameters_table(spec: &Value, params: &[&Value], out: &mut String) {
    let rows: Vec<[String; 5]> = params
        .iter()
        .filter(|p| str_of(p, "in") != "body")
        .map(|p| {
            let schema = p.get("schema").map_or(*p, |s| resolve_ref(spec, s));
            let required = p.get("required").and_then(Value::as_bool) == Some(true);
            [
                format!("`{}`", str_of(p, "name").replace('`', "")),
                str_of(p, "in").to_string(),
                type_of(schema),
                if required { "yes" } else { "no" }.to_string(),
                str_of(p, "description").to_string(),
            ]
        })
        .collect();
    table(
        &["Name", "In", "Type", "Required", "Description"],
        &rows,
        out,
    );
}

/// A schema's fields as a table (one level), or its type.
fn schema_table(spec: &Value, schema: &Value, out: &mut String) {
    let schema = resolve_ref(spec, schema);
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        match type_of(schema).replace('`', "") {
            kind if kind.is_empty() => example_code(schema, out),
            kind => out.push_str(&format!("`{kind}`\n\n")),
        }
        return;
    };
    let required = required_fields(schema);
    let rows: Vec<[String; 4]> = crate::markdown::api::by_name(properties)
        .into_iter()
        .map(|(name, property)| {
            let property = resolve_ref(spec, property);
            [
                format!("`{}`", name.replace('`', "")),
                type_of(property),
                if required.contains(&name.as_str()) {
                    "yes"
                } else {
                    "no"
                }
                .to_string(),
                str_of(property, "description").to_string(),
            ]
        })
        .collect();
    table(&["Field", "Type", "Required", "Description"], &rows, out);
}

/// A GFM table; cells on one line, `|` escaped.
fn table<const N: usize>(head: &[&str; N], rows: &[[String; N]], out: &mut String) {
    if rows.is_empty() {
        return;
    }
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(N)));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

fn cell(text: &str) -> String {
    super::leaf::one_line(text).replace('|', "\\|")
}

fn example_code(example: &Value, out: &mut String) {
    let text = serde_json::to_string_pretty(example).unwrap_or_default();
    out.push_str(&fence("json", &text));
    out.push('\n');
}
