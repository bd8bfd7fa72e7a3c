//! Pages generated from a local API spec for SUMMARY.md's
//! `type: builtin:openapi` blocks.
//!
//! GitBook names the spec (`dependencies.spec.ref.spec: petstore`), which it
//! keeps outside the repository. quire looks for a file of the space with that
//! name (`petstore.yaml`, `.yml` or `.json`, anywhere) or takes the name as a
//! path. Each tag of the spec becomes a page beside the block's parent entry,
//! made of `{% openapi-operation %}` blocks, so the operations render like any
//! other API block; `props.models: true` adds a page of every schema.

use super::nav::GeneratedEntries;
use super::summary::{Item, OpenApiEntry};
use crate::error::{Diagnostic, LineIndex};
use crate::text::url;
use crate::yaml::Value;
use std::collections::HashSet;
use std::path::Path;

/// A page that exists only in memory.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GeneratedPage {
    /// Where it would be in the space (its output path follows from it).
    pub source: String,
    pub text: String,
    pub title: String,
}

/// What a SUMMARY's blocks generate.
#[derive(Debug, Default)]
pub(crate) struct Generated {
    pub pages: Vec<GeneratedPage>,
    pub entries: GeneratedEntries,
    pub diagnostics: Vec<Diagnostic>,
}

/// The keys of a path item that are operations.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Pages for every `builtin:openapi` block of one SUMMARY.md.
///
/// `summary` is the SUMMARY's path in the content, `files` the content's
/// other files (specs among them), `taken` the sources of real pages, and
/// `read` reads a file of the content.
pub(crate) fn generate(
    summary: &str,
    text: &str,
    shown: &Path,
    files: &[String],
    taken: &HashSet<String>,
    read: impl Fn(&str) -> Result<String, String>,
) -> Generated {
    let mut out = Generated::default();
    let (parsed, _) = super::summary::parse(text);
    let base = url::parent(summary);
    let lines = LineIndex::new(text);
    let mut used: HashSet<String> = taken.clone();
    for group in &parsed.groups {
        // (item, folder of the parent entry's page)
        let mut stack: Vec<(&Item, String)> =
            group.items.iter().map(|i| (i, base.to_string())).collect();
        while let Some((item, dir)) = stack.pop() {
            match item {
                Item::Entry(entry) => {
                    let own = entry
                        .destination
                        .as_deref()
                        .filter(|d| !url::is_external(d))
                        .and_then(|d| url::join(base, &url::decode(url::split_fragment(d).0)))
                        .map(|s| url::parent(&s).to_string())
                        .unwrap_or(dir);
                    stack.extend(entry.children.iter().map(|c| (c, own.clone())));
                }
                Item::OpenApi(api) => {
                    let problem = |message: String| {
                        Diagnostic::warning("openapi", shown, message).at(lines.locate(api.offset))
                    };
                    match spec_pages(api, &dir, files, &mut used, &read) {
                        Ok(pages) => {
                            let entries = pages.iter().map(|p| (p.source.clone(), p.title.clone()));
                            out.entries.insert(api.offset, entries.collect());
                            out.pages.extend(pages);
                        }
                        Err(message) => out.diagnostics.push(problem(message)),
                    }
                }
                Item::Separator => {}
            }
        }
    }
    out
}

/// The pages of one block: one per tag, then the models.
fn spec_pages(
    api: &OpenApiEntry,
    dir: &str,
    files: &[String],
    used: &mut HashSet<String>,
    read: &impl Fn(&str) -> Result<String, String>,
) -> Result<Vec<GeneratedPage>, String> {
    let spec_source = find_spec(&api.spec, dir, files).ok_or_else(|| {
        format!(
            "no spec file for `{}`: add `{}.yaml` (or `.json`) to the space; the API pages are skipped",
            api.spec, api.spec
        )
    })?;
    let spec: Value = crate::yaml::from_str(&read(&spec_source)?)
        .map_err(|e| format!("`{spec_source}` is not a readable API spec: {}", e.message))?;
    let mut pages = vec![];
    for TagGroup {
        name: tag,
        description,
        operations,
    } in operations_by_tag(&spec)
    {
        let source = free_source(dir, &tag, used);
        let spec_href = url::relative(&source, &spec_source);
        let mut text = format!("# {}\n\n", markdown_line(&tag));
        if !description.is_empty() {
            text.push_str(&description);
            text.push_str("\n\n");
        }
        for (path, method) in operations {
            text.push_str(&format!(
                "{{% openapi-operation spec=\"{}\" path=\"{}\" method=\"{method}\" %}}\n{{% endopenapi-operation %}}\n\n",
                attribute(&spec_href),
                attribute(&path)
            ));
        }
        pages.push(GeneratedPage {
            source,
            text,
            title: tag,
        });
    }
    if api.models {
        let names = schema_names(&spec);
        if !names.is_empty() {
            let source = free_source(dir, "Models", used);
            let text = format!(
                "# Models\n\n{{% openapi-schemas spec=\"{}\" schemas=\"{}\" %}}\n{{% endopenapi-schemas %}}\n",
                attribute(&url::relative(&source, &spec_source)),
                attribute(&names.join(","))
            );
            pages.push(GeneratedPage {
                source,
                text,
                title: "Models".into(),
            });
        }
    }
    Ok(pages)
}

/// The spec file a block names: a path (relative to the block's folder or the
/// content), else a file called `<name>.yaml|yml|json` anywhere, nearest first.
fn find_spec(name: &str, dir: &str, files: &[String]) -> Option<String> {
    let as_path = [url::join(dir, name), url::join("", name)];
    if let Some(found) = as_path.into_iter().flatten().find(|p| files.contains(p)) {
        return Some(found);
    }
    let wanted: Vec<String> = ["yaml", "yml", "json"]
        .iter()
        .map(|ext| format!("{name}.{ext}").to_lowercase())
        .collect();
    files
        .iter()
        .filter(|f| {
            let file = f.rsplit('/').next().unwrap_or(f).to_lowercase();
            wanted.contains(&file)
        })
        .min_by_key(|f| (!f.starts_with(dir), f.matches('/').count(), f.to_string()))
        .cloned()
}

/// Operations grouped by their first tag, tags in the spec's `tags` order and
/// then as first met; untagged operations under `default`. Read as YAML
/// values, which keep the spec's own order of paths.
fn operations_by_tag(spec: &Value) -> Vec<TagGroup> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    let mut groups: Vec<TagGroup> = spec
        .get("tags")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|t| {
            let name = t.get("name")?.as_str()?.to_string();
            Some(TagGroup {
                name,
                description: text(t.get("description")).trim().to_string(),
                operations: vec![],
            })
        })
        .collect();
    let paths = spec.get("paths").and_then(Value::as_mapping);
    for (path, item) in paths.into_iter().flatten() {
        let Some(path) = path.as_str() else {
            continue;
        };
        // Methods in the order the spec lists them.
        let methods = item.as_mapping().into_iter().flatten();
        for (method, op) in methods {
            let Some(method) = method.as_str().filter(|m| METHODS.contains(m)) else {
                continue;
            };
            let tag = op
                .get("tags")
                .and_then(|t| t.get(0))
                .and_then(Value::as_str)
                .unwrap_or("default")
                .to_string();
            let at = match groups.iter().position(|g| g.name == tag) {
                Some(at) => at,
                None => {
                    groups.push(TagGroup {
                        name: tag,
                        description: String::new(),
                        operations: vec![],
                    });
                    groups.len() - 1
                }
            };
            groups[at]
                .operations
                .push((path.to_string(), method.to_string()));
        }
    }
    groups.retain(|g| !g.operations.is_empty());
    groups
}

/// The operations of one tag: (path, method) pairs.
struct TagGroup {
    name: String,
    description: String,
    operations: Vec<(String, String)>,
}

fn schema_names(spec: &Value) -> Vec<String> {
    spec.get("components")
        .and_then(|c| c.get("schemas"))
        .or_else(|| spec.get("definitions"))
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `<dir>/<slug>.md`, numbered when a page already has that name.
fn free_source(dir: &str, title: &str, used: &mut HashSet<String>) -> String {
    let slug = crate::gitbook::slug::legacy_slug(title);
    let slug = if slug.is_empty() { "api".into() } else { slug };
    let source = (1..)
        .map(|n| match n {
            1 => format!("{slug}.md"),
            n => format!("{slug}-{n}.md"),
        })
        .map(|name| url::join(dir, &name).unwrap_or(name))
        .find(|s| !used.iter().any(|u| u.eq_ignore_ascii_case(s)))
        .expect("some numbered name is free");
    used.insert(source.clone());
    source
}

/// A value for a double-quoted tag attribute: quotes and tag ends cannot appear.
fn attribute(value: &str) -> String {
    value.replace('"', "%22").replace("%}", "%25}")
}

/// A tag name as heading text: one line, Markdown characters escaped.
fn markdown_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if "\\`*_{}[]<>()#+-.!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.0\ninfo: {title: Pets, version: '1'}\ntags:\n  - name: store\n    description: Orders of the *store*.\n  - name: pet\npaths:\n  /pets:\n    get: {tags: [pet], summary: List}\n    post: {tags: [pet], summary: Add}\n  /orders/{id}:\n    delete: {tags: [store]}\n  /health:\n    get: {summary: Up}\ncomponents:\n  schemas:\n    Pet: {type: object}\n    Order: {type: object}\n";

    fn summary_with(block: &str) -> String {
        format!("* [API](api/README.md)\n  * ```yaml\n{block}    ```\n* [Other](other.md)\n")
    }

    fn run(summary: &str, files: &[&str]) -> Generated {
        let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
        let taken: HashSet<String> = ["api/README.md".to_string(), "api/pet.md".to_string()].into();
        generate(
            "SUMMARY.md",
            summary,
            Path::new("SUMMARY.md"),
            &files,
            &taken,
            |_| Ok(SPEC.to_string()),
        )
    }

    #[test]
    fn one_page_per_tag_beside_the_parent_then_models() {
        let summary = summary_with(
            "    type: builtin:openapi\n    props:\n      models: true\n    dependencies:\n      spec:\n        ref:\n          kind: openapi\n          spec: petstore\n",
        );
        let out = run(&summary, &["specs/petstore.yaml", "other.png"]);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let pages: Vec<(&str, &str)> = out
            .pages
            .iter()
            .map(|p| (p.source.as_str(), p.title.as_str()))
            .collect();
        // Tags in the spec's order; `api/pet.md` exists, so the generated one is numbered.
        assert_eq!(
            pages,
            [
                ("api/store.md", "store"),
                ("api/pet-2.md", "pet"),
                ("api/default.md", "default"),
                ("api/models.md", "Models"),
            ]
        );
        let store = &out.pages[0].text;
        assert!(
            store.starts_with("# store\n\nOrders of the *store*.\n\n"),
            "{store}"
        );
        assert!(store.contains("{% openapi-operation spec=\"../specs/petstore.yaml\" path=\"/orders/{id}\" method=\"delete\" %}"));
        let pet = &out.pages[1].text;
        assert!(pet.find("method=\"get\"").unwrap() < pet.find("method=\"post\"").unwrap());
        // The spec's order of paths is kept.
        let default = &out.pages[2].text;
        assert!(default.contains("path=\"/health\""), "{default}");
        assert!(out.pages[3].text.contains("schemas=\"Pet,Order\""));
        assert_eq!(out.entries.len(), 1);
    }

    #[test]
    fn a_missing_spec_is_a_warning_at_the_block() {
        let summary = summary_with("    type: builtin:openapi\n    dependencies:\n      spec:\n        ref:\n          spec: billing\n");
        let out = run(&summary, &["specs/petstore.yaml"]);
        assert!(out.pages.is_empty());
        let message = out.diagnostics[0].to_string();
        assert!(
            message.starts_with("SUMMARY.md:2:5: warning[openapi]: no spec file for `billing`"),
            "{message}"
        );
    }

    #[test]
    fn a_spec_may_be_named_by_its_path() {
        assert_eq!(
            find_spec(
                "specs/petstore.yaml",
                "api",
                &["specs/petstore.yaml".into()]
            )
            .as_deref(),
            Some("specs/petstore.yaml")
        );
        assert_eq!(
            find_spec(
                "petstore",
                "api",
                &["petstore.json".into(), "api/v2/petstore.yaml".into()]
            )
            .as_deref(),
            Some("api/v2/petstore.yaml")
        );
    }
}
