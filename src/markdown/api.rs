//! API reference blocks.
//!
//! - `{% openapi src path method %}` (and `openapi-operation`): when `src`
//!   is a local OpenAPI 3 or Swagger 2 file (YAML or JSON), the operation is
//!   rendered at build time: method, path, summary, parameters, request body,
//!   responses with their schemas and examples. Otherwise a card links to it.
//! - `{% openapi-schemas spec schemas %}`: the named schemas' tables.
//! - Legacy `{% swagger %}` and `{% api-method %}` families, written by hand
//!   in the page: rendered from their sub-tags.

use super::highlight_cache::Cache;
use super::links::Resolved;
use super::renderer::PageRenderer;
use crate::gitbook::{Block, Node};
use crate::text::html::escape;
use crate::text::url;
use serde_json::Value;
use std::sync::Arc;

impl PageRenderer<'_> {
    pub(super) fn render_openapi(&mut self, block: &Block, out: &mut String) {
        let src = block.attr("src").or(block.attr("spec")).unwrap_or("");
        let path = block.attr("path").unwrap_or("");
        let method = block.attr("method").unwrap_or("get").to_lowercase();
        let spec = self.spec_of(block, src);
        let operation = spec
            .as_ref()
            .and_then(|s| s.pointer(&format!("/paths/{}/{method}", pointer_escape(path))));
        match (spec.as_ref(), operation) {
            (Some(spec), Some(op)) => {
                render_operation(self.highlights, spec.as_ref(), path, &method, op, out)
            }
            (Some(_), None) => {
                self.warn(
                    "openapi",
                    block.open.start,
                    format!("`{src}` has no operation {} {path}", method.to_uppercase()),
                );
                operation_card(src, path, &method, out);
            }
            (None, _) => operation_card(src, path, &method, out),
        }
    }

    pub(super) fn render_openapi_schemas(&mut self, block: &Block, out: &mut String) {
        let src = block.attr("spec").or(block.attr("src")).unwrap_or("");
        let Some(spec) = self.spec_of(block, src) else {
            operation_card(src, "", "", out);
            return;
        };
        for name in block
            .attr("schemas")
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let schema = spec
                .pointer(&format!("/components/schemas/{name}"))
                .or_else(|| spec.pointer(&format!("/definitions/{name}")));
            match schema {
                Some(schema) => {
                    out.push_str(&format!(
                        "<section class=\"api-schema\"><h4 class=\"api-schema-name\">{}</h4>\n",
                        escape(name)
                    ));
                    schema_table(spec.as_ref(), schema, out);
                    out.push_str("</section>\n");
                }
                None => self.warn(
                    "openapi",
                    block.open.start,
                    format!("`{src}` has no schema `{name}`"),
                ),
            }
        }
    }

    /// The spec of an API block: `src`/`spec` when it names a local file; else
    /// the link in the block's body, where GitBook writes the spec's file when
    /// `spec` is the name of a spec uploaded to the organisation.
    fn spec_of(&mut self, block: &Block, src: &str) -> Option<Arc<Value>> {
        if let Some(spec) = self.local_spec(src) {
            return Some(spec);
        }
        let linked = linked_spec(block, self.doc.body())?;
        (linked != src).then(|| self.local_spec(&linked)).flatten()
    }

    /// A spec file of the space, parsed (YAML or JSON). None for remote or
    /// missing specs; a spec that does not parse is a warning.
    fn local_spec(&mut self, src: &str) -> Option<Arc<Value>> {
        if src.is_empty() || url::is_external(src) {
            return None;
        }
        let Resolved::Href { .. } = self.resolve(src) else {
            return None;
        };
        let source = url::join(url::parent(&self.doc.source), &url::decode(src))?;
        match self.site.spec(&source) {
            Ok(spec) => Some(spec),
            Err(message) => {
                let d = crate::error::Diagnostic::warning(
                    "openapi",
                    self.space_prefix.join(&source),
                    message,
                );
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// Legacy `{% swagger method path baseUrl summary %}` and `{% api-method %}`.
    pub(super) fn render_legacy_api(&mut self, block: &Block, depth: usize, out: &mut String) {
        let method = block.attr("method").unwrap_or("get").to_lowercase();
        let base = block.attr("baseUrl").or(block.attr("host")).unwrap_or("");
        let path = block.attr("path").unwrap_or("");
        out.push_str("<section class=\"api-operation\">\n");
        out.push_str(&method_line(&method, &format!("{base}{path}")));
        if let Some(summary) = block.attr("summary").filter(|s| !s.is_empty()) {
            out.push_str(&format!(
                "<p class=\"api-summary\">{}</p>\n",
                escape(summary)
            ));
        }
        let mut params = vec![];
        let mut responses = vec![];
        self.collect_legacy(&block.children, depth, out, &mut params, &mut responses);
        params_table(&params, out);
        if !responses.is_empty() {
            out.push_str("<h4 class=\"api-heading\">Responses</h4>\n");
            for r in responses {
                out.push_str(&r);
            }
        }
        out.push_str("</section>\n");
    }

    /// Walk the sub-tags of a legacy API block: descriptions are written in
    /// place, parameters and responses collected for their tables.
    fn collect_legacy(
        &mut self,
        nodes: &[Node],
        depth: usize,
        out: &mut String,
        params: &mut Vec<ParamRow>,
        responses: &mut Vec<String>,
    ) {
        for node in nodes {
            let Node::Block(b) = node else {
                self.render_nodes(std::slice::from_ref(node), depth, out);
                continue;
            };
            match b.name.as_str() {
                "swagger-parameter" | "api-method-parameter" => {
                    let mut description = String::new();
                    self.render_nodes(&b.children, depth, &mut description);
                    params.push(ParamRow {
                        name: b.attr("name").unwrap_or("").to_string(),
                        location: b.attr("in").unwrap_or("").to_string(),
                        kind: b.attr("type").unwrap_or("").to_string(),
                        required: b.attr("required").is_some_and(|r| r == "true"),
                        description_html: description.trim().to_string(),
                    });
                }
                "swagger-response" | "api-method-response-example" => {
                    let status = b.attr("status").or(b.attr("httpCode")).unwrap_or("");
                    let mut body = String::new();
                    self.render_nodes(&b.children, depth, &mut body);
                    responses.push(format!(
                        "<div class=\"api-response\"><p class=\"api-status\"><span class=\"status {}\">{}</span> {}</p>\n{body}</div>\n",
                        status_class(status),
                        escape(status),
                        escape(b.attr("description").unwrap_or(""))
                    ));
                }
                "api-method-path-parameters"
                | "api-method-query-parameters"
                | "api-method-headers"
                | "api-method-body-parameters"
                | "api-method-form-data-parameters" => {
                    let located: Vec<Node> = b
                        .children
                        .iter()
                        .map(|n| match n {
                            Node::Block(p)
                                if p.name == "api-method-parameter" && p.attr("in").is_none() =>
                            {
                                let mut p = p.clone();
                                p.attrs.push(("in".into(), location_of(&b.name).into()));
                                Node::Block(p)
                            }
                            other => other.clone(),
                        })
                        .collect();
                    self.collect_legacy(&located, depth, out, params, responses);
                }
                _ => self.collect_legacy(&b.children, depth, out, params, responses),
            }
        }
    }
}

fn location_of(tag: &str) -> &'static str {
    match tag {
        "api-method-path-parameters" => "path",
        "api-method-query-parameters" => "query",
        "api-method-headers" => "header",
        "api-method-form-data-parameters" => "formData",
        _ => "body",
    }
}

/// One parameter of an operation, from a spec or from legacy sub-tags.
struct ParamRow {
    name: String,
    location: String,
    kind: String,
    required: bool,
    /// Already HTML (rendered from Markdown).
    description_html: String,
}

fn params_table(rows: &[ParamRow], out: &mut String) {
    if rows.is_empty() {
        return;
    }
    out.push_str("<h4 class=\"api-heading\">Parameters</h4>\n<div class=\"table-wrap\"><table class=\"api-params\"><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>\n");
    for row in rows {
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&row.name),
            escape(&row.location),
            escape(&row.kind),
            if row.required { "yes" } else { "no" },
            row.description_html
        ));
    }
    out.push_str("</tbody></table></div>\n");
}

fn method_line(method: &str, path: &str) -> String {
    format!(
        "<p class=\"api-method-line\"><span class=\"http-method http-{0}\">{1}</span> <code class=\"api-path\">{2}</code></p>\n",
        escape(method),
        escape(&method.to_uppercase()),
        escape(path)
    )
}

/// The spec file an API block's body links to (`[petstore](petstore.yaml)`).
pub(crate) fn linked_spec(block: &Block, body: &str) -> Option<String> {
    let body = crate::gitbook::walk::leaves(&block.children)
        .first()
        .map(|leaf| leaf.text.source(body).into_owned())?;
    let start = body.find("](")? + 2;
    let end = start + body[start..].find(')')?;
    let linked = body[start..end]
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    Some(linked)
}

fn operation_card(src: &str, path: &str, method: &str, out: &mut String) {
    out.push_str("<section class=\"api-operation api-card\">\n");
    if !path.is_empty() {
        out.push_str(&method_line(method, path));
    }
    if !src.is_empty() {
        out.push_str(&format!(
            "<p class=\"api-spec-link\"><a href=\"{0}\">{0}</a></p>\n",
            escape(src)
        ));
    }
    out.push_str("</section>\n");
}

fn render_operation(
    highlights: &Cache,
    spec: &Value,
    path: &str,
    method: &str,
    op: &Value,
    out: &mut String,
) {
    out.push_str("<section class=\"api-operation\">\n");
    out.push_str(&method_line(method, &format!("{}{path}", base_path(spec))));
    if let Some(summary) = op.get("summary").and_then(Value::as_str) {
        out.push_str(&format!(
            "<p class=\"api-summary\">{}</p>\n",
            escape(summary)
        ));
    }
    if let Some(description) = op.get("description").and_then(Value::as_str) {
        out.push_str(&format!(
            "<p class=\"api-description\">{}</p>\n",
            escape(description)
        ));
    }
    let params: Vec<Value> = operation_parameters(spec, path, op)
        .into_iter()
        .cloned()
        .collect();
    let (body_params, params): (Vec<Value>, Vec<Value>) = params
        .into_iter()
        .partition(|p| p.get("in").and_then(Value::as_str) == Some("body"));
    let rows: Vec<ParamRow> = params
        .iter()
        .map(|p| ParamRow {
            name: str_of(p, "name").to_string(),
            location: str_of(p, "in").to_string(),
            kind: type_of(p.get("schema").map_or(p, |s| resolve_ref(spec, s))),
            required: p.get("required").and_then(Value::as_bool) == Some(true),
            description_html: markdown_inline(str_of(p, "description")),
        })
        .collect();
    params_table(&rows, out);
    let body_media = op
        .pointer("/requestBody/content")
        .and_then(Value::as_object)
        .and_then(|c| c.values().next());
    let body_schema = body_media
        .and_then(|m| m.get("schema"))
        .or_else(|| body_params.first().and_then(|p| p.get("schema")));
    if let Some(schema) = body_schema {
        out.push_str("<h4 class=\"api-heading\">Request body</h4>\n");
        schema_table(spec, resolve_ref(spec, schema), out);
    }
    if let Some(example) = body_media.and_then(media_example) {
        example_block(highlights, example, out);
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        out.push_str("<h4 class=\"api-heading\">Responses</h4>\n");
        for (status, response) in responses {
            let response = resolve_ref(spec, response);
            out.push_str(&format!(
                "<div class=\"api-response\"><p class=\"api-status\"><span class=\"status {}\">{}</span> {}</p>\n",
                status_class(status),
                escape(status),
                markdown_inline(str_of(response, "description"))
            ));
            let media = response
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next());
            let schema = media
                .and_then(|m| m.get("schema"))
                .or_else(|| response.get("schema"));
            if let Some(schema) = schema {
                schema_table(spec, resolve_ref(spec, schema), out);
            }
            // Swagger 2 keeps examples on the response, by media type.
            let example = media.and_then(media_example).or_else(|| {
                response
                    .pointer("/examples")
                    .and_then(|e| e.as_object()?.values().next())
            });
            if let Some(example) = example {
                example_block(highlights, example, out);
            }
            out.push_str("</div>\n");
        }
    }
    out.push_str("</section>\n");
}

/// An OpenAPI 3 media type's `example`, or the first of its `examples`.
pub(crate) fn media_example(media: &Value) -> Option<&Value> {
    media.get("example").or_else(|| {
        media
            .pointer("/examples")
            .and_then(|e| e.as_object()?.values().next()?.get("value"))
    })
}

fn example_block(highlights: &Cache, example: &Value, out: &mut String) {
    let text = serde_json::to_string_pretty(example).unwrap_or_default();
    out.push_str(&super::highlight::code_block_html(
        highlights, "json", &text,
    ));
}

/// A schema's properties sorted by name: the order serde_json's map gives
/// changes with its `preserve_order` feature, which the `mermaid` feature's
/// renderer turns on for the whole binary.
pub(crate) fn by_name(properties: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut sorted: Vec<_> = properties.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
}

/// A schema's properties as a table (one level; nested objects by type name).
fn schema_table(spec: &Value, schema: &Value, out: &mut String) {
    let schema = resolve_ref(spec, schema);
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        out.push_str(&format!(
            "<p class=\"api-type\"><code>{}</code></p>\n",
            escape(&type_of(schema))
        ));
        return;
    };
    let required = required_fields(schema);
    out.push_str("<div class=\"table-wrap\"><table class=\"api-schema-table\"><thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>\n");
    for (name, property) in by_name(properties) {
        let property = resolve_ref(spec, property);
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(name),
            escape(&type_of(property)),
            if required.contains(&name.as_str()) {
                "yes"
            } else {
                "no"
            },
            markdown_inline(str_of(property, "description"))
        ));
    }
    out.push_str("</tbody></table></div>\n");
}

/// An operation's parameters: those of its path, then its own, `$ref`s followed.
pub(crate) fn operation_parameters<'a>(
    spec: &'a Value,
    path: &str,
    op: &'a Value,
) -> Vec<&'a Value> {
    let shared = spec.pointer(&format!("/paths/{}/parameters", pointer_escape(path)));
    shared
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(
            op.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        )
        .map(|p| resolve_ref(spec, p))
        .collect()
}

/// The names a schema lists as `required`.
pub(crate) fn required_fields(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// A readable type: `string`, `integer (int64)`, `array of Pet`, `Pet`.
pub(crate) fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference
            .rsplit('/')
            .next()
            .unwrap_or(reference)
            .to_string();
    }
    let kind = str_of(schema, "type");
    match kind {
        "array" => match schema.get("items") {
            Some(items) => format!("array of {}", type_of(items)),
            None => "array".into(),
        },
        "" if schema.get("properties").is_some() => "object".into(),
        _ => match schema.get("format").and_then(Value::as_str) {
            Some(format) => format!("{kind} ({format})"),
            None if schema.get("enum").is_some() => {
                let values: Vec<String> = schema["enum"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| v.to_string().trim_matches('"').to_string())
                    .collect();
                format!("{kind}: {}", values.join(" | "))
            }
            None => kind.to_string(),
        },
    }
}

/// Follow a local `$ref` (`#/components/schemas/Pet`), once per level.
pub(crate) fn resolve_ref<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    let mut value = value;
    for _ in 0..8 {
        match value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(pointer) => match spec.pointer(pointer) {
                Some(target) => value = target,
                None => break,
            },
            None => break,
        }
    }
    value
}

pub(crate) fn base_path(spec: &Value) -> String {
    // Swagger 2 has basePath; OpenAPI 3 servers are full URLs, left out so paths read clean.
    spec.get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string()
}

/// `status-2`…`status-5` by the first digit; `status-default` for `default`.
fn status_class(status: &str) -> String {
    match status.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("status-{c}"),
        _ => "status-default".into(),
    }
}

/// Descriptions in specs are CommonMark.
fn markdown(text: &str) -> String {
    let mut out = String::new();
    let events = pulldown_cmark::Parser::new_ext(text, crate::gitbook::OPTIONS).into_offset_iter();
    let events = crate::gitbook::emphasis::adjust(events, text).map(|(event, _)| event);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// A one-paragraph description, without the `<p>` around it (for table cells).
fn markdown_inline(text: &str) -> String {
    let html = markdown(text);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

pub(crate) fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// JSON pointer escaping for a path such as `/pet/{petId}`.
pub(crate) fn pointer_escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
