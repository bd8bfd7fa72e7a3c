//! Bounds on a theme's recursion. Tera has none of its own: a template that
//! includes itself, or a macro that calls itself without end, overflows the
//! stack and the process aborts without naming anything.
//!
//! 1. When the theme loads, [`include_cycle`] follows the `{% include %}`s
//!    between templates; a cycle is a fatal error naming them.
//! 2. [`bound_depth`] then rewrites the parsed templates so that every
//!    include and macro call counts its depth in a hidden variable, and
//!    one nested deeper than [`MAX_TEMPLATE_DEPTH`] stops the render with
//!    an error naming the template or macro. Recursion through macros can
//!    be legitimate (a tree walked by a macro), so it is bounded, not refused.

use std::collections::{BTreeMap, HashMap, HashSet};
use tera::ast::{
    Expr, ExprVal, FunctionCall, If, LogicExpr, LogicOperator, MathExpr, MathOperator, Node, Set,
    WS,
};
use tera::Tera;

/// Includes and macro calls nested deeper than this stop the render. A
/// render thread's 2 MB stack holds several hundred.
pub(super) const MAX_TEMPLATE_DEPTH: i64 = 64;

/// The hidden variable: how deep in includes and macro calls a render is.
/// Each render starts it at 0 ([`Theme::render`](super::Theme::render)).
pub(super) const DEPTH_VARIABLE: &str = "__quire_depth";

/// A cycle of includes among the templates, as the names along it (the
/// first name again at the end), or `None`.
pub(super) fn include_cycle(tera: &Tera) -> Option<Vec<String>> {
    // Sorted, so the cycle reported is the same on every run.
    let graph: BTreeMap<&str, Vec<&str>> = tera
        .templates
        .iter()
        .map(|(name, template)| {
            let mut included = vec![];
            collect_includes(&template.ast, tera, &mut included);
            (name.as_str(), included)
        })
        .collect();
    let mut done = HashSet::new();
    graph.keys().find_map(|&start| {
        let mut path = vec![];
        find_cycle(&graph, start, &mut path, &mut done)
    })
}

/// Depth-first from `name`; `path` holds the templates being expanded.
fn find_cycle<'a>(
    graph: &BTreeMap<&'a str, Vec<&'a str>>,
    name: &'a str,
    path: &mut Vec<&'a str>,
    done: &mut HashSet<&'a str>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|&n| n == name) {
        let mut cycle: Vec<String> = path[at..].iter().map(|n| n.to_string()).collect();
        cycle.push(name.to_string());
        return Some(cycle);
    }
    if done.contains(name) {
        return None;
    }
    path.push(name);
    for &next in graph.get(name).into_iter().flatten() {
        if let Some(cycle) = find_cycle(graph, next, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(name);
    None
}

/// The templates that `nodes` include: of each `{% include %}`'s names,
/// the first that exists, as Tera picks it. Includes in macro bodies are
/// left to the depth bound, as they run only when the macro is called.
fn collect_includes<'a>(nodes: &[Node], tera: &'a Tera, out: &mut Vec<&'a str>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => {
                let found = names.iter().find_map(|n| tera.templates.get_key_value(n));
                out.extend(found.map(|(name, _)| name.as_str()));
            }
            Node::Block(_, block, _) => collect_includes(&block.body, tera, out),
            Node::Forloop(_, forloop, _) => {
                collect_includes(&forloop.body, tera, out);
                collect_includes(forloop.empty_body.as_deref().unwrap_or(&[]), tera, out);
            }
            Node::If(branches, _) => {
                for (_, _, body) in &branches.conditions {
                    collect_includes(body, tera, out);
                }
                if let Some((_, body)) = &branches.otherwise {
                    collect_includes(body, tera, out);
                }
            }
            Node::FilterSection(_, section, _) => collect_includes(&section.body, tera, out),
            _ => {}
        }
    }
}

/// Make every include and macro call count its depth, and stop past
/// [`MAX_TEMPLATE_DEPTH`]:
/// - a template rendered on its own or included starts with
///   `{% set __quire_depth = __quire_depth + 1 %}` and the check;
/// - a macro takes `__quire_depth` as an argument whose default, evaluated
///   where it is called, is the caller's depth plus one, and starts with
///   the check.
///
/// A template that extends another is not rendered from its own top (its
/// parent's is), so it is left as it is.
pub(super) fn bound_depth(tera: &mut Tera) {
    for (name, template) in tera.templates.iter_mut() {
        if template.parent.is_none() {
            let set = Node::Set(
                WS::default(),
                Set {
                    key: DEPTH_VARIABLE.into(),
                    value: depth_plus_one(),
                    global: false,
                },
            );
            let check = too_deep(&format!("template `{name}`"));
            template.ast.splice(0..0, [set, check]);
        }
        for (macro_name, definition) in template.macros.iter_mut() {
            definition
                .args
                .insert(DEPTH_VARIABLE.into(), Some(depth_plus_one()));
            let check = too_deep(&format!("macro `{macro_name}` in `{name}`"));
            definition.body.insert(0, check);
        }
    }
}

/// `__quire_depth + 1`
fn depth_plus_one() -> Expr {
    Expr::new(ExprVal::Math(MathExpr {
        lhs: Box::new(Expr::new(ExprVal::Ident(DEPTH_VARIABLE.into()))),
        rhs: Box::new(Expr::new(ExprVal::Int(1))),
        operator: MathOperator::Add,
    }))
}

/// `{% if __quire_depth > MAX %}{{ throw(message="…") }}{% endif %}`
fn too_deep(what: &str) -> Node {
    let condition = Expr::new(ExprVal::Logic(LogicExpr {
        lhs: Box::new(Expr::new(ExprVal::Ident(DEPTH_VARIABLE.into()))),
        rhs: Box::new(Expr::new(ExprVal::Int(MAX_TEMPLATE_DEPTH))),
        operator: LogicOperator::Gt,
    }));
    let message = format!(
        "{what}: includes and macro calls nested more than {MAX_TEMPLATE_DEPTH} deep; does it call itself without end?"
    );
    let throw = Expr::new(ExprVal::FunctionCall(FunctionCall {
        name: "throw".into(),
        args: HashMap::from([("message".into(), Expr::new(ExprVal::String(message)))]),
    }));
    Node::If(
        If {
            conditions: vec![(
                WS::default(),
                condition,
                vec![Node::VariableBlock(WS::default(), throw)],
            )],
            otherwise: None,
        },
        WS::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        tera
    }

    fn render(tera: &Tera, name: &str, depth: usize) -> Result<String, String> {
        let mut context = tera::Context::new();
        context.insert(DEPTH_VARIABLE, &0);
        context.insert("depth", &depth);
        tera.render(name, &context).map_err(|e| {
            let mut source = std::error::Error::source(&e);
            let mut last = e.to_string();
            while let Some(s) = source {
                last = s.to_string();
                source = s.source();
            }
            last
        })
    }

    #[test]
    fn include_cycles_are_found_and_named() {
        let own = tera(&[("a.html", "{% include \"a.html\" %}")]);
        assert_eq!(
            include_cycle(&own),
            Some(vec!["a.html".into(), "a.html".into()])
        );
        let three = tera(&[
            ("a.html", "x{% include \"b.html\" %}"),
            (
                "b.html",
                "{% if x %}{% for i in y %}{% include \"c.html\" %}{% endfor %}{% endif %}",
            ),
            ("c.html", "{% include [\"missing.html\", \"a.html\"] %}"),
        ]);
        assert_eq!(
            include_cycle(&three),
            Some(
                vec!["a.html", "b.html", "c.html", "a.html"]
                    .into_iter()
                    .map(String::from)
                    .collect()
            )
        );
    }

    #[test]
    fn includes_without_a_cycle_or_inside_macros_are_not_cycles() {
        let fine = tera(&[
            ("a.html", "{% include \"b.html\" %}{% include \"c.html\" %}"),
            (
                "b.html",
                "{% include \"c.html\" %}{% include \"gone.html\" ignore missing %}",
            ),
            ("c.html", "leaf"),
            (
                "m.html",
                "{% macro m() %}{% include \"m.html\" %}{% endmacro m %}",
            ),
        ]);
        assert_eq!(include_cycle(&fine), None);
    }

    /// `deep(n)` calls itself n more times: n + 1 macro calls below the
    /// page, which counts as one.
    const RECURSIVE: &[(&str, &str)] = &[
        (
            "macros.html",
            "{% macro deep(n) %}{% if n > 0 %}({{ self::deep(n=n-1) }}){% endif %}{% endmacro deep %}",
        ),
        ("page.html", "{% import \"macros.html\" as m %}{{ m::deep(n=depth) }}"),
    ];

    #[test]
    fn macro_recursion_is_bounded_at_64_deep() {
        let mut tera = tera(RECURSIVE);
        bound_depth(&mut tera);
        // A tree walked by a macro, a few levels deep, is fine.
        assert_eq!(render(&tera, "page.html", 3), Ok("((()))".into()));
        // 1 + 63 calls is 64 deep: the most there may be, on this 2 MB stack.
        assert_eq!(render(&tera, "page.html", 62).map(|s| s.len()), Ok(124));
        assert_eq!(
            render(&tera, "page.html", 63),
            Err("macro `deep` in `macros.html`: includes and macro calls nested more than 64 deep; does it call itself without end?".into())
        );
    }

    #[test]
    fn recursion_through_includes_and_macros_is_bounded() {
        let mut tera = tera(&[
            (
                "macros.html",
                "{% macro again() %}{% include \"part.html\" %}{% endmacro again %}",
            ),
            (
                "part.html",
                "{% import \"macros.html\" as m %}.{{ m::again() }}",
            ),
            ("page.html", "{% include \"part.html\" %}"),
        ]);
        assert_eq!(include_cycle(&tera), None);
        bound_depth(&mut tera);
        let error = render(&tera, "page.html", 0).unwrap_err();
        assert!(error.contains("nested more than 64 deep"), "{error}");
    }
}
