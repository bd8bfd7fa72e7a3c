//! The engines compared, behind one trait. Each resolves the fence token of
//! a sample to its own name for the language, trying the names in order.

pub trait Engine {
    fn name(&self) -> &'static str;
    /// Whatever the engine does before its first highlight.
    fn load(&mut self);
    /// HTML of `code`, or `None` when the engine does not know `lang`.
    fn highlight(&mut self, lang: &str, code: &str) -> Option<String>;
}

pub fn all() -> Vec<Box<dyn Engine>> {
    let syntect: Option<Box<dyn Engine>> = {
        #[cfg(feature = "syntect")]
        let engine = Some(Box::new(syntect_engine::Syntect::default()) as Box<dyn Engine>);
        #[cfg(not(feature = "syntect"))]
        let engine = None;
        engine
    };
    let arborium: Option<Box<dyn Engine>> = {
        #[cfg(feature = "arborium")]
        let engine = Some(Box::new(arborium_engine::Arborium::default()) as Box<dyn Engine>);
        #[cfg(not(feature = "arborium"))]
        let engine = None;
        engine
    };
    [syntect, arborium].into_iter().flatten().collect()
}

/// The names to try for a fence token, the token itself first.
fn names(lang: &str) -> Vec<&str> {
    let others: &[&str] = match lang {
        "sh" | "shell" | "console" => &["bash"],
        "js" => &["javascript"],
        "ts" => &["typescript"],
        "jsx" => &["javascript", "tsx"],
        "py" => &["python"],
        "objective-c" => &["objc", "Objective-C", "m"],
        "csharp" => &["c-sharp", "cs", "C#"],
        "cpp" => &["c++", "C++"],
        "powershell" => &["ps1", "PowerShell"],
        "dockerfile" => &["Dockerfile"],
        "markdown" => &["md", "Markdown"],
        "graphql" => &["GraphQL"],
        "http" => &["HTTP", "HTTP Request and Response"],
        "ini" => &["INI"],
        "kotlin" => &["kt"],
        "dart" => &["Dart"],
        _ => &[],
    };
    std::iter::once(lang)
        .chain(others.iter().copied())
        .collect()
}

#[cfg(feature = "syntect")]
mod syntect_engine {
    use super::*;
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::parsing::{SyntaxReference, SyntaxSet};
    use syntect::util::LinesWithEndings;

    /// quire's engine: syntect with Oniguruma and two-face's syntaxes.
    #[derive(Default)]
    pub struct Syntect {
        set: Option<SyntaxSet>,
    }

    impl Syntect {
        fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
            let set = self.set.as_ref()?;
            names(lang).into_iter().find_map(|name| {
                set.find_syntax_by_token(name)
                    .or_else(|| set.find_syntax_by_name(name))
            })
        }
    }

    impl Engine for Syntect {
        fn name(&self) -> &'static str {
            "syntect"
        }

        fn load(&mut self) {
            self.set = Some(two_face::syntax::extra_newlines());
        }

        fn highlight(&mut self, lang: &str, code: &str) -> Option<String> {
            let syntax = self.syntax(lang)?;
            let set = self.set.as_ref()?;
            let mut html =
                ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::Spaced);
            for line in LinesWithEndings::from(code) {
                html.parse_html_for_line_which_includes_newline(line).ok()?;
            }
            Some(html.finalize())
        }
    }
}

#[cfg(feature = "arborium")]
mod arborium_engine {
    use super::*;
    use arborium::{Config, Highlighter, HtmlFormat};
    use std::collections::HashMap;

    /// Tree-sitter grammars, one crate each, with class names in the HTML.
    #[derive(Default)]
    pub struct Arborium {
        highlighter: Option<Highlighter>,
        /// The name that worked for each fence token (None: none did).
        resolved: HashMap<String, Option<String>>,
    }

    impl Engine for Arborium {
        fn name(&self) -> &'static str {
            "arborium"
        }

        fn load(&mut self) {
            self.highlighter = Some(Highlighter::with_config(Config {
                html_format: HtmlFormat::ClassNames,
                ..Config::default()
            }));
        }

        fn highlight(&mut self, lang: &str, code: &str) -> Option<String> {
            let highlighter = self.highlighter.as_mut()?;
            if let Some(name) = self.resolved.get(lang) {
                return highlighter.highlight(name.as_deref()?, code).ok();
            }
            for name in names(lang) {
                if let Ok(html) = highlighter.highlight(name, code) {
                    self.resolved
                        .insert(lang.to_string(), Some(name.to_string()));
                    return Some(html);
                }
            }
            self.resolved.insert(lang.to_string(), None);
            None
        }
    }
}
