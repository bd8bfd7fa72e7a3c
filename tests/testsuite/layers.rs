//! The layer order written in `src/lib.rs` holds: no module imports one
//! listed after it, so no import circle can come back.

use std::path::Path;

/// Module names in the order `src/lib.rs`'s "Layers" list gives them.
fn layer_order(lib: &str) -> Vec<String> {
    let list = lib
        .split("## Layers, from the bottom up")
        .nth(1)
        .expect("src/lib.rs lists its layers");
    list.lines()
        .skip(1)
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim())
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .flat_map(|l| {
            // Names before the first colon: `error`, `fs`: what they do.
            let names = l.split_once(": ").map_or(l, |(names, _)| names);
            names
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The modules `src/lib.rs` declares.
fn declared_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("pub(crate) mod "))
        })
        .map(|l| l.trim_end_matches(';').to_string())
        .collect()
}

/// The top-level modules a source file names through `crate::`, with the
/// line, outside comments and the unit tests at the end of the file.
fn named_modules(source: &str) -> Vec<(usize, String)> {
    let code = source
        .split("\n#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or(source);
    let mut out = vec![];
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or("");
                for item in group.split(',') {
                    out.push((n + 1, module_name(item.trim())));
                }
            } else {
                out.push((n + 1, module_name(rest)));
            }
        }
    }
    out.retain(|(_, name)| !name.is_empty());
    out
}

fn module_name(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn no_module_imports_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let order = layer_order(&lib);
    let mut declared = declared_modules(&lib);
    let mut listed = order.clone();
    declared.sort();
    listed.sort();
    assert_eq!(
        listed, declared,
        "src/lib.rs's layer list names every module once"
    );
    let rank = |name: &str| order.iter().position(|m| m == name);
    let mut wrong = vec![];
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
        let Some(own) = rank(&module) else {
            // lib.rs and main.rs sit above every layer.
            continue;
        };
        let source = std::fs::read_to_string(path).unwrap();
        for (line, name) in named_modules(&source) {
            if rank(&name).is_some_and(|theirs| theirs > own) {
                wrong.push(format!(
                    "src/{}:{line}: `{module}` names `crate::{name}`, a layer above it",
                    relative.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn imports_are_read_from_use_lines_and_inline_paths() {
    let source = "use crate::config::Config;\nuse crate::{error::Report, text};\n// crate::serve in a comment\nfn f() { crate::search::index(); }\n\n#[cfg(test)]\nmod tests {\n    use crate::build;\n}\n";
    let names: Vec<(usize, String)> = named_modules(source);
    let names: Vec<(usize, &str)> = names.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(
        names,
        [(1, "config"), (2, "error"), (2, "text"), (4, "search")]
    );
}
