//! Mermaid fences. Built with the `mermaid` feature, quire draws them at
//! build time as inline SVG (merman, a Rust port of Mermaid that follows its
//! fixtures): no script reaches the reader. Without it, or when a diagram
//! cannot be drawn, the fence is shown as its source in a labelled frame.
//!
//! 1. A source over [`MAX_SOURCE_BYTES`] or with more than [`MAX_ITEMS`]
//!    nodes and edges is not drawn: layout time grows faster than the
//!    graph, and a page must build in bounded time. A deadline stops
//!    what slips through.
//! 2. The SVG is coloured through the theme's CSS variables (merman's host
//!    theme), so one drawing reads in both colour schemes.
//! 3. Its ids start with the diagram's id, `quire_mermaid-N-HASH`: N
//!    numbers it in the page, HASH is its source's. The underscore keeps
//!    them apart from heading ids, which never have one; the hash keeps
//!    them apart across pages too (`print.html` gathers every page), where
//!    two drawings share ids only when they are the same drawing.
//! 4. Drawings are kept in the highlight cache by (id, source): they
//!    depend on nothing else but the binary.
//! 5. The source stays below the drawing in a closed `<details>`: search
//!    indexes it as code, and a reader can copy it.

use super::highlight::code_block_html;
use super::highlight_cache::Cache;

/// What the page shows for a Mermaid fence, and why it is not a drawing
/// when it could not be drawn.
pub(super) struct Figure {
    pub(super) html: String,
    pub(super) problem: Option<Problem>,
}

/// Why a diagram was not drawn, and the line of its source (1-based; 0
/// when it is about the whole diagram).
#[derive(Debug)]
#[cfg_attr(not(feature = "mermaid"), allow(dead_code))]
pub(super) struct Problem {
    pub(super) line: usize,
    pub(super) message: String,
}

#[cfg(feature = "mermaid")]
/// The largest source drawn, in bytes: a flowchart of about a thousand
/// edges. Real diagrams in GitBook spaces are under 4 KB.
pub(super) const MAX_SOURCE_BYTES: usize = 48 * 1024;

#[cfg(feature = "mermaid")]
/// The most nodes, edges and other items of one diagram that are laid out.
pub(super) const MAX_ITEMS: usize = 4_000;

/// How long one diagram may take to draw, past the bounds above.
#[cfg(feature = "mermaid")]
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// What every diagram id starts with; `print.html` keeps such ids as they are.
pub(crate) const ID_PREFIX: &str = "quire_mermaid-";

/// The figure of the Mermaid fence `code`: drawn when the feature is on and
/// the diagram can be drawn, else its source. `number` numbers it in its
/// page (asked only when it is drawn).
pub(super) fn figure(highlights: &Cache, number: impl FnOnce() -> usize, code: &str) -> Figure {
    #[cfg(feature = "mermaid")]
    {
        let id = diagram_id(number(), code);
        let mut problem = None;
        let key = format!("mermaid svg {id}");
        let drawn = highlights.get_or_insert(&key, code, || match draw(code, &id) {
            Ok(svg) => Some(svg),
            Err(p) => {
                problem = Some(p);
                None
            }
        });
        if let Some(svg) = drawn {
            return Figure {
                html: drawn_html(highlights, &svg, code),
                problem: None,
            };
        }
        Figure {
            html: source_html(highlights, code),
            problem,
        }
    }
    #[cfg(not(feature = "mermaid"))]
    {
        let _ = number;
        Figure {
            html: source_html(highlights, code),
            problem: None,
        }
    }
}

/// The source in a frame labelled as a diagram: what readers see when
/// there is no drawing. It is readable and searchable.
fn source_html(highlights: &Cache, code: &str) -> String {
    format!(
        "<figure class=\"diagram diagram-mermaid\">\n{}<figcaption>Diagram source (Mermaid)</figcaption>\n</figure>\n",
        code_block_html(highlights, "mermaid", code)
    )
}

/// The drawing, with its source kept below it, closed.
#[cfg(feature = "mermaid")]
fn drawn_html(highlights: &Cache, svg: &str, code: &str) -> String {
    format!(
        "<figure class=\"diagram diagram-mermaid diagram-drawn\">\n{svg}\n<details class=\"diagram-source\"><summary>Diagram source (Mermaid)</summary>\n{}</details>\n</figure>\n",
        code_block_html(highlights, "mermaid", code)
    )
}

/// The id of the `number`th diagram of a page, whose source is `code`.
#[cfg(feature = "mermaid")]
fn diagram_id(number: usize, code: &str) -> String {
    use sha1::{Digest, Sha1};
    let hash = Sha1::digest(code.as_bytes());
    format!(
        "{ID_PREFIX}{number}-{:02x}{:02x}{:02x}{:02x}",
        hash[0], hash[1], hash[2], hash[3]
    )
}

/// The SVG of the diagram `code`, its ids starting with `id`.
#[cfg(feature = "mermaid")]
fn draw(code: &str, id: &str) -> Result<String, Problem> {
    use merman::resources::{InputResourceLimitId, InputResourcePolicy};
    use merman::{OperationControl, RenderOutput, RenderRequest, SvgRequest};

    if code.len() > MAX_SOURCE_BYTES {
        return Err(Problem {
            line: 0,
            message: format!(
                "Mermaid diagram not drawn: its source is {} KB, over the {} KB quire draws; its source is shown",
                code.len() / 1024,
                MAX_SOURCE_BYTES / 1024
            ),
        });
    }
    let mut request = SvgRequest::default();
    request.options.diagram_id = Some(id.to_string());
    let resources = InputResourcePolicy::default()
        .with_limit(InputResourceLimitId::MaxSourceBytes, MAX_SOURCE_BYTES)
        .and_then(|p| p.with_limit(InputResourceLimitId::MaxModelItems, MAX_ITEMS))
        .expect("the limits are positive");
    let control = OperationControl::new().with_deadline(DEADLINE);
    let render = RenderRequest::svg(code, control, request).with_resource_policy(resources);
    match renderer().render(render) {
        Ok(RenderOutput::Svg(Some(svg))) => {
            let svg = with_own_ids(&themed(svg.svg()), id);
            Ok(without_script_urls(&svg).into_owned())
        }
        Ok(_) => Err(Problem {
            line: 0,
            message: "Mermaid diagram not drawn: no diagram type recognised; its source is shown"
                .to_string(),
        }),
        Err(e) => Err(problem(code, &e)),
    }
}

/// The theme's colour for each of merman's colour roles, in the order of
/// [`sentinel_role`]. Each is drawn with a stand-in colour first
/// (merman's theme computes with real colours), then written as the
/// variable: the drawing follows the page's colour scheme.
#[cfg(feature = "mermaid")]
const ROLES: [(merman::svg::ThemeRole, &str); 22] = {
    use merman::svg::ThemeRole as R;
    [
        (R::Canvas, "var(--bg)"),
        (R::Surface, "var(--primary-soft)"),
        (R::SurfaceAlt, "var(--bg-soft)"),
        (R::SurfaceMuted, "var(--fill)"),
        (R::Text, "var(--text)"),
        (R::SubtleText, "var(--muted)"),
        (R::Border, "var(--primary)"),
        (R::Line, "var(--muted)"),
        (R::EdgeLabelBackground, "var(--bg)"),
        (R::ClusterBackground, "var(--bg-soft)"),
        (R::ClusterBorder, "var(--border-strong)"),
        (R::NoteBackground, "var(--warning-bg)"),
        (R::NoteBorder, "var(--warning-fg)"),
        (R::NoteText, "var(--text)"),
        (R::ActorBackground, "var(--primary-soft)"),
        (R::ActorBorder, "var(--primary)"),
        (R::ActorText, "var(--text)"),
        (R::ActivationBackground, "var(--fill)"),
        (R::ActivationBorder, "var(--border-strong)"),
        (R::Error, "var(--danger-fg)"),
        (R::Warning, "var(--warning-fg)"),
        (R::Success, "var(--success-fg)"),
    ]
};

/// Pie slices and other series: the theme's accents mixed into the
/// background, so the text colour reads on them in both schemes.
#[cfg(feature = "mermaid")]
const SERIES: [&str; 6] = [
    "color-mix(in srgb, var(--blue) 35%, var(--bg))",
    "color-mix(in srgb, var(--green) 35%, var(--bg))",
    "color-mix(in srgb, var(--orange) 35%, var(--bg))",
    "color-mix(in srgb, var(--purple) 35%, var(--bg))",
    "color-mix(in srgb, var(--red) 35%, var(--bg))",
    "color-mix(in srgb, var(--yellow) 35%, var(--bg))",
];

/// Stand-in colours: `#0a0bNN` is role NN (1-based) of [`ROLES`],
/// `#0a0cNN` colour NN of [`SERIES`]. Near-black and unusual, so that no
/// theme default is one; merman writes them back as `#0a0bnn`,
/// `rgb(10, 12, n)` or `rgba(10, 11, n, alpha)`.
#[cfg(feature = "mermaid")]
const SENTINEL_RED: u8 = 0x0a;
#[cfg(feature = "mermaid")]
const SENTINEL_ROLE: u8 = 0x0b;
#[cfg(feature = "mermaid")]
const SENTINEL_SERIES: u8 = 0x0c;

/// A renderer whose theme is the page's (see [`ROLES`]).
#[cfg(feature = "mermaid")]
fn renderer() -> &'static merman::Renderer {
    static RENDERER: std::sync::OnceLock<merman::Renderer> = std::sync::OnceLock::new();
    RENDERER.get_or_init(|| {
        let presentation = merman::svg::Presentation::new().with_theme(sentinel_theme());
        let engine = presentation
            .resolve()
            .materialize_engine(merman::Engine::new());
        merman::Renderer::new().with_engine(engine)
    })
}

#[cfg(feature = "mermaid")]
fn sentinel_theme() -> merman::svg::HostTheme {
    let hex = |group: u8, n: usize| format!("#{SENTINEL_RED:02x}{group:02x}{:02x}", n + 1);
    let theme = ROLES
        .iter()
        .enumerate()
        .try_fold(merman::svg::HostTheme::new(), |theme, (n, (role, _))| {
            theme.try_with_role(*role, hex(SENTINEL_ROLE, n))
        });
    let series = (0..SERIES.len()).map(|n| hex(SENTINEL_SERIES, n));
    theme
        .and_then(|theme| theme.try_with_series_palette(series))
        .expect("stand-in colours are plain CSS colours")
}

/// The theme's value for a stand-in colour (group and 1-based number).
#[cfg(feature = "mermaid")]
fn sentinel_value(group: u8, n: u8) -> Option<&'static str> {
    let n = usize::from(n).checked_sub(1)?;
    match group {
        SENTINEL_ROLE => ROLES.get(n).map(|(_, value)| *value),
        SENTINEL_SERIES => SERIES.get(n).copied(),
        _ => None,
    }
}

/// `svg` with every stand-in colour written as the theme's value. A
/// diagram whose own style names one of these colours gets the theme's
/// too: they are not colours anyone picks.
#[cfg(feature = "mermaid")]
fn themed(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + svg.len() / 8);
    let mut rest = svg;
    while let Some(at) = rest.find(['#', 'r']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match sentinel(rest) {
            Some((len, value)) => {
                out.push_str(&value);
                rest = &rest[len..];
            }
            None => {
                out.push_str(&rest[..1]);
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The stand-in colour `text` starts with, as (its length, the theme's value).
#[cfg(feature = "mermaid")]
fn sentinel(text: &str) -> Option<(usize, String)> {
    if let Some(hex) = text.strip_prefix('#') {
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        let ends = !hex.as_bytes().get(6).is_some_and(|b| b.is_ascii_hexdigit());
        if byte(0)? != SENTINEL_RED || !ends {
            return None;
        }
        let value = sentinel_value(byte(2)?, byte(4)?)?;
        return Some((7, value.to_string()));
    }
    let (inner, alpha) = if let Some(rest) = text.strip_prefix("rgba(") {
        (rest, true)
    } else {
        (text.strip_prefix("rgb(")?, false)
    };
    // A colour is short: a stray `rgb(` in a label is not read to the end.
    let close = inner.bytes().take(32).position(|b| b == b')')?;
    let parts: Vec<&str> = inner[..close].split(',').map(str::trim).collect();
    let channel = |i: usize| parts.get(i)?.parse::<u8>().ok();
    if channel(0)? != SENTINEL_RED || parts.len() != 3 + usize::from(alpha) {
        return None;
    }
    let value = sentinel_value(channel(1)?, channel(2)?)?;
    let len = text.len() - inner.len() + close + 1;
    if !alpha {
        return Some((len, value.to_string()));
    }
    let opacity: f64 = parts[3].parse().ok()?;
    let percent = (opacity.clamp(0.0, 1.0) * 100.0).round();
    Some((
        len,
        format!("color-mix(in srgb, {value} {percent}%, transparent)"),
    ))
}

/// `svg` with every id that does not start with the drawing's own made to:
/// sequence diagrams name their actors `actor0`, `root-0`, which would
/// repeat in a page of two diagrams, or be a heading's id. Nothing refers
/// to those.
#[cfg(feature = "mermaid")]
fn with_own_ids(svg: &str, id: &str) -> String {
    const ATTRIBUTE: &str = " id=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(ATTRIBUTE) {
        let value = at + ATTRIBUTE.len();
        out.push_str(&rest[..value]);
        if !rest[value..].starts_with(id) {
            out.push_str(id);
            out.push('-');
        }
        rest = &rest[value..];
    }
    out.push_str(rest);
    out
}

/// `svg` with every URL that would run a script made to lead nowhere, as
/// in raw HTML: merman drops them already; this holds quire's promise
/// whatever a later version of it does.
#[cfg(feature = "mermaid")]
fn without_script_urls(svg: &str) -> std::borrow::Cow<'_, str> {
    use crate::text::html::{self, UrlEdit};
    html::rewrite_urls(svg, |url, _| {
        match super::links::script_url_warning(&html::decode_attribute(url)) {
            Some(_) => UrlEdit::Replace(crate::text::url::NEUTRAL.to_string()),
            None => UrlEdit::Keep,
        }
    })
}

/// What went wrong, at the line of the source it names.
#[cfg(feature = "mermaid")]
fn problem(code: &str, error: &merman::RenderError) -> Problem {
    let line = match error {
        merman::RenderError::Parse(d) => d
            .terminal_diagnostic_details()
            .span
            .map_or(0, |span| line_of(code, span.start)),
        _ => 0,
    };
    Problem {
        line,
        message: format!("Mermaid diagram not drawn: {error}; its source is shown"),
    }
}

/// Where the line `lines` lines below the one at `start` begins in
/// `source` (the last line's start when there are fewer).
pub(super) fn line_start(source: &str, start: usize, lines: usize) -> usize {
    let start = start.min(source.len());
    memchr::memchr_iter(b'\n', &source.as_bytes()[start..])
        .take(lines)
        .last()
        .map_or(start, |newline| start + newline + 1)
}

/// The 1-based line of byte `offset` in `code`.
#[cfg(feature = "mermaid")]
fn line_of(code: &str, offset: usize) -> usize {
    let offset = offset.min(code.len());
    1 + code.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_below_the_fence_is_found_and_a_short_source_stops_at_its_last_line() {
        let source = "text\n```mermaid\nflowchart LR\n  A -->\n```\n";
        let fence = source.find("```").unwrap();
        assert_eq!(line_start(source, fence, 0), fence);
        assert_eq!(&source[line_start(source, fence, 2)..], "  A -->\n```\n");
        assert_eq!(line_start(source, fence, 99), source.len());
        assert_eq!(line_start(source, source.len() + 5, 1), source.len());
    }

    #[cfg(feature = "mermaid")]
    #[test]
    fn stand_in_colours_become_the_theme_s_variables() {
        let svg = r##"<style>#d{fill:#0a0b05;}.a{stroke:#0a0b01}.b{background-color:rgba(10, 11, 9, 0.5);}</style><rect style="fill: rgb(10, 12, 2); stroke: #0a0c01;" fill="#0a0b0f"/><p>#0a0b05ff #0a0b99 rgb(10, 12) rgb(1, 2, 3) r #0a0</p>"##;
        assert_eq!(
            themed(svg),
            r##"<style>#d{fill:var(--text);}.a{stroke:var(--bg)}.b{background-color:color-mix(in srgb, var(--bg) 50%, transparent);}</style><rect style="fill: color-mix(in srgb, var(--green) 35%, var(--bg)); stroke: color-mix(in srgb, var(--blue) 35%, var(--bg));" fill="var(--primary-soft)"/><p>#0a0b05ff #0a0b99 rgb(10, 12) rgb(1, 2, 3) r #0a0</p>"##
        );
    }

    /// Every colour of every family is the theme's: no stand-in is left,
    /// and none of merman's own palette for what the roles cover.
    #[cfg(feature = "mermaid")]
    #[test]
    fn a_drawing_has_no_stand_in_colour_left() {
        for source in FAMILIES {
            let svg = draw(source, "quire_mermaid-1-00000000").unwrap();
            assert!(!svg.contains("#0a0b") && !svg.contains("#0a0c"), "{source}");
            assert!(
                !svg.contains("rgb(10, 1") && !svg.contains("rgba(10, 1"),
                "{source}"
            );
            assert!(svg.contains("var(--text)"), "{source}");
        }
    }

    #[cfg(feature = "mermaid")]
    #[test]
    fn a_script_url_in_a_diagram_leads_nowhere() {
        let source = "flowchart LR\n  A[\"<a href='javascript:alert(1)'>x</a>\"] --> B\n  click B \"javascript:alert(2)\"\n";
        let svg = draw(source, "d").unwrap();
        assert!(!svg.contains("javascript:"), "{svg}");
        let raw = r#"<a href="jav&#x09;ascript:x()">x</a>"#;
        assert_eq!(
            without_script_urls(raw),
            r#"<a href="about:invalid#unsafe-url">x</a>"#
        );
    }

    #[cfg(feature = "mermaid")]
    const FAMILIES: [&str; 7] = [
        FLOWCHART,
        "sequenceDiagram\n  A->>B: hi\n  Note over A,B: both\n",
        "classDiagram\n  A <|-- B\n  A *-- C\n",
        "stateDiagram-v2\n  [*] --> A\n  A --> [*]\n",
        "erDiagram\n  A ||--o{ B : has\n",
        "pie\n  \"a\" : 1\n  \"b\" : 2\n",
        "gantt\n  dateFormat YYYY-MM-DD\n  task :a1, 2026-01-05, 3d\n",
    ];

    #[cfg(feature = "mermaid")]
    const FLOWCHART: &str = "flowchart LR\n  A[Start] --> B{Ready?}\n  B -->|yes| C[Done]\n";

    #[cfg(feature = "mermaid")]
    #[test]
    fn the_same_source_draws_the_same_bytes() {
        let first = draw(FLOWCHART, "quire_mermaid-1").unwrap();
        for _ in 0..3 {
            assert_eq!(draw(FLOWCHART, "quire_mermaid-1").unwrap(), first);
        }
    }

    /// Every id of a drawing starts with the drawing's own, so two
    /// drawings in a page never share one.
    #[cfg(feature = "mermaid")]
    #[test]
    fn every_id_of_a_drawing_starts_with_its_name() {
        for source in FAMILIES {
            let svg = draw(source, "quire_mermaid-7").unwrap();
            let ids: Vec<&str> = crate::text::html::ids(&svg).collect();
            assert_eq!(ids.first(), Some(&"quire_mermaid-7"), "{source}");
            for id in ids {
                assert!(id.starts_with("quire_mermaid-7"), "{source}: {id}");
            }
        }
    }

    #[cfg(feature = "mermaid")]
    #[test]
    fn a_broken_diagram_names_its_line() {
        let problem = draw("flowchart LR\n  A --> B\n  B --> (((\n", "d").unwrap_err();
        assert_eq!(problem.line, 3, "{problem:?}");
        let unknown = draw("not a diagram\n", "d").unwrap_err();
        assert_eq!(unknown.line, 0, "{unknown:?}");
    }
}
