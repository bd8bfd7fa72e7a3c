//! Themes: the default theme is embedded in the binary; a project's
//! `themes/<name>/` overrides any template or asset file by file.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

/// The default theme's templates, compiled into the binary.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "redirect.html",
        include_str!("../../themes/default/templates/redirect.html"),
    ),
    (
        "partials/nav.html",
        include_str!("../../themes/default/templates/partials/nav.html"),
    ),
];

/// The default theme's assets, written under `assets/` in the output.
const ASSETS: &[(&str, &[u8])] = &[
    (
        "quire.css",
        include_bytes!("../../themes/default/assets/quire.css"),
    ),
    (
        "quire.js",
        include_bytes!("../../themes/default/assets/quire.js"),
    ),
];

/// Compiled templates and the asset files to publish.
pub struct Theme {
    pub tera: Tera,
    /// Asset path (under `assets/`) → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The default theme with the files of `dir` (if any) laid over it.
    pub fn load(dir: Option<&Path>) -> Result<Theme> {
        let mut templates: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut assets: BTreeMap<String, Vec<u8>> = ASSETS
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        if let Some(dir) = dir {
            overlay(&dir.join("templates"), &mut |rel, path| {
                templates.insert(rel, crate::fs::read_to_string(path)?);
                Ok(())
            })?;
            overlay(&dir.join("assets"), &mut |rel, path| {
                assets.insert(rel, crate::fs::read(path)?);
                Ok(())
            })?;
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        // Tera's own escaper also escapes `/`, which bloats every href.
        tera.set_escape_fn(|text| crate::markdown::html::escape(text).into_owned());
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("{}", tera_error_chain(&e)))
            .context("the theme's templates do not compile")?;
        Ok(Theme { tera, assets })
    }

    /// Render a template with a typed context.
    pub fn render(&self, template: &str, context: &impl serde::Serialize) -> Result<String> {
        let context = tera::Context::from_serialize(context)?;
        self.tera
            .render(template, &context)
            .map_err(|e| anyhow::anyhow!("template `{template}`: {}", tera_error_chain(&e)))
    }
}

/// Every file under `dir`, by its `/`-separated path relative to `dir`.
fn overlay(dir: &Path, add: &mut dyn FnMut(String, &Path) -> Result<()>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.with_context(|| format!("failed to read theme folder `{}`", dir.display()))?;
        if entry.file_type().is_file() {
            if let Some(rel) = crate::content::discover::relative_path(entry.path(), dir) {
                add(rel, entry.path())?;
            }
        }
    }
    Ok(())
}

/// Tera hides the useful part of an error in its source chain.
fn tera_error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        message.push_str(": ");
        message.push_str(&e.to_string());
        source = e.source();
    }
    message
}
