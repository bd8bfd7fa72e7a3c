//! GitBook's HTML tables: typed columns, hidden headers and columns, column
//! widths, and the card view.
//!
//! 1. [`render_tables`] finds each top-level `<table>…</table>` of an HTML
//!    block with the tag scanner of `html`.
//! 2. `parse` reads a table into rows of cells, as ranges into the block. A
//!    table it cannot read (no `</table>`, a table directly inside a table)
//!    is left as written.
//! 3. The header row gives each column a [`Column`]: type, width, options.
//! 4. A card view becomes a list of cards. Any other table keeps its own
//!    markup, with cells edited by column type: right-aligned numbers,
//!    checkboxes, stars, coloured option pills, page titles on page links.

use super::icons;
use crate::text::html::{self, TagToken};
use std::ops::Range;

/// What tables need to know of the site.
pub(super) trait Pages {
    /// The title of the page (or heading) a link points to, if it is one.
    fn page_title(&self, url: &str) -> Option<String>;
}

/// Tables nested in cells deeper than this are left as written.
const MAX_NESTING: usize = 8;

/// Every table of an HTML block rendered; `None` when there is none to
/// change. Problems worth an author's attention are added to `warnings`.
pub(super) fn render_tables(
    block: &str,
    pages: &dyn Pages,
    warnings: &mut Vec<String>,
) -> Option<String> {
    render_at_depth(block, pages, warnings, 0)
}

fn render_at_depth(
    block: &str,
    pages: &dyn Pages,
    warnings: &mut Vec<String>,
    depth: usize,
) -> Option<String> {
    if depth > MAX_NESTING || !block.to_ascii_lowercase().contains("<table") {
        return None;
    }
    let mut out = String::new();
    let mut copied = 0;
    for tag in html::tags(block) {
        if !tag.opens("table") || tag.range.start < copied {
            continue;
        }
        let Some(table) = parse(block, &tag) else {
            warnings.push(
                "an HTML table could not be read (is a `</table>` missing?); it is left as written"
                    .into(),
            );
            break;
        };
        out.push_str(&block[copied..tag.range.start]);
        out.push_str(&write_table(block, &table, pages, warnings, depth));
        copied = table.end;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&block[copied..]);
    Some(out)
}

/// A cell: its opening tag, its content, and where it ends (after `</td>`
/// when there is one).
#[derive(Debug)]
struct Cell {
    open: Range<usize>,
    content: Range<usize>,
    end: usize,
    header: bool,
}

#[derive(Debug)]
struct Row {
    cells: Vec<Cell>,
    in_head: bool,
}

#[derive(Debug)]
struct Table {
    open: Range<usize>,
    rows: Vec<Row>,
    /// Just past `</table>`.
    end: usize,
}

impl Table {
    /// The header row: the first row of `<thead>`, or a first row of `<th>` only.
    fn header(&self) -> Option<usize> {
        self.rows.iter().position(|r| r.in_head).or_else(|| {
            let first = self.rows.first()?;
            (!first.cells.is_empty() && first.cells.iter().all(|c| c.header)).then_some(0)
        })
    }
}

/// Read the table whose opening tag is `open`. Cells and rows may be left
/// unclosed, as HTML allows; the table itself must be closed.
fn parse(block: &str, open: &TagToken) -> Option<Table> {
    let base = open.range.end;
    let mut table = Table {
        open: open.range.clone(),
        rows: vec![],
        end: 0,
    };
    let mut in_head = false;
    let mut cell: Option<(Range<usize>, bool)> = None;
    let mut nested = 0usize;
    for tag in html::tags(&block[base..]) {
        let range = base + tag.range.start..base + tag.range.end;
        if nested > 0 {
            if tag.opens("table") {
                nested += 1;
            } else if tag.closes("table") {
                nested -= 1;
            }
            continue;
        }
        match (tag.name.to_ascii_lowercase().as_str(), tag.closing) {
            ("table", false) if cell.is_some() => nested = 1,
            ("table", false) => return None,
            ("table", true) => {
                close_cell(&mut table, &mut cell, range.start, range.start);
                table.end = range.end;
                return Some(table);
            }
            ("thead", false) => in_head = true,
            ("thead", true) | ("tbody" | "tfoot", false) => {
                close_cell(&mut table, &mut cell, range.start, range.start);
                in_head = false;
            }
            ("tr", false) => {
                close_cell(&mut table, &mut cell, range.start, range.start);
                table.rows.push(Row {
                    cells: vec![],
                    in_head,
                });
            }
            ("tr", true) => close_cell(&mut table, &mut cell, range.start, range.start),
            (name @ ("td" | "th"), false) => {
                close_cell(&mut table, &mut cell, range.start, range.start);
                if table.rows.is_empty() {
                    table.rows.push(Row {
                        cells: vec![],
                        in_head,
                    });
                }
                cell = Some((range, name == "th"));
            }
            ("td" | "th", true) => close_cell(&mut table, &mut cell, range.start, range.end),
            _ => {}
        }
    }
    None
}

fn close_cell(
    table: &mut Table,
    cell: &mut Option<(Range<usize>, bool)>,
    content_end: usize,
    end: usize,
) {
    let (Some((open, header)), Some(row)) = (cell.take(), table.rows.last_mut()) else {
        return;
    };
    row.cells.push(Cell {
        content: open.end..content_end,
        open,
        end,
        header,
    });
}

/// A column's type, from `data-type` on its header cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Kind {
    #[default]
    Text,
    Number,
    Checkbox,
    Rating,
    Select,
    Files,
    ContentRef,
}

impl Kind {
    fn from_attribute(value: &str) -> Kind {
        match value.trim().to_ascii_lowercase().as_str() {
            "number" => Kind::Number,
            "checkbox" => Kind::Checkbox,
            "rating" => Kind::Rating,
            "select" => Kind::Select,
            "files" => Kind::Files,
            "content-ref" => Kind::ContentRef,
            _ => Kind::Text,
        }
    }

    /// The class its cells get, for the theme.
    fn class(self) -> Option<&'static str> {
        Some(match self {
            Kind::Text => return None,
            Kind::Number => "cell-number",
            Kind::Checkbox => "cell-checkbox",
            Kind::Rating => "cell-rating",
            Kind::Select => "cell-select",
            Kind::Files => "cell-files",
            Kind::ContentRef => "cell-ref",
        })
    }
}

/// One option of a select column.
#[derive(Debug, Clone)]
struct Choice {
    id: String,
    label: String,
    /// A colour the theme has a pill class for.
    color: &'static str,
}

/// What a header cell says of its column.
#[derive(Debug, Clone, Default)]
struct Column {
    kind: Kind,
    hidden: bool,
    card_target: bool,
    card_cover: bool,
    /// A CSS width (`180px`, `40%`).
    width: Option<String>,
    /// Stars in a rating column.
    max: u32,
    choices: Vec<Choice>,
}

impl Column {
    fn read(block: &str, cell: &Cell) -> Column {
        let tag = &block[cell.open.clone()];
        let kind = Kind::from_attribute(&html::attribute(tag, "data-type").unwrap_or_default());
        Column {
            kind,
            hidden: flag(tag, "data-hidden"),
            card_target: flag(tag, "data-card-target"),
            card_cover: flag(tag, "data-card-cover"),
            width: html::attribute(tag, "width").and_then(|w| css_width(&w)),
            max: html::attribute(tag, "data-max")
                .and_then(|m| m.trim().parse().ok())
                .filter(|m| (1..=10).contains(m))
                .unwrap_or(5),
            choices: if kind == Kind::Select {
                choices(&block[cell.content.clone()])
            } else {
                vec![]
            },
        }
    }
}

/// The columns named by a header row, a cell spanning several counting for each.
fn columns(block: &str, header: &Row) -> Vec<Column> {
    header
        .cells
        .iter()
        .flat_map(|cell| {
            let span = colspan(&block[cell.open.clone()]);
            std::iter::repeat_n(Column::read(block, cell), span)
        })
        .collect()
}

/// Each cell of a row with the column it starts in.
fn cells_with_columns<'t>(
    block: &'t str,
    row: &'t Row,
    columns: &'t [Column],
) -> impl Iterator<Item = (&'t Cell, Option<&'t Column>)> {
    let mut index = 0;
    row.cells.iter().map(move |cell| {
        let column = columns.get(index);
        index += colspan(&block[cell.open.clone()]);
        (cell, column)
    })
}

fn colspan(tag: &str) -> usize {
    html::attribute(tag, "colspan")
        .and_then(|s| s.trim().parse().ok())
        .map_or(1, |n: usize| n.clamp(1, 64))
}

/// An attribute present without being `"false"`: `data-hidden`, `data-hidden="true"`.
fn flag(tag: &str, name: &str) -> bool {
    html::has_attribute(tag, name)
        && !html::attribute(tag, name).is_some_and(|v| v.trim().eq_ignore_ascii_case("false"))
}

/// `width="180"` → `180px`; `40%` and `12.5px` kept; anything else dropped.
fn css_width(width: &str) -> Option<String> {
    let width = width.trim();
    let (number, unit) = match width.strip_suffix('%') {
        Some(n) => (n, "%"),
        None => (width.strip_suffix("px").unwrap_or(width), "px"),
    };
    let value: f64 = number.trim().parse().ok()?;
    (value.is_finite() && value > 0.0).then(|| format!("{}{unit}", number.trim()))
}

/// The options of the `<select>` in a select column's header cell.
fn choices(header: &str) -> Vec<Choice> {
    html::tags(header)
        .filter(|tag| tag.opens("option"))
        .filter_map(|tag| {
            let text = &header[tag.range.clone()];
            let id = html::attribute_text(text, "value")?;
            let inner = html::matching_close(header, &tag)
                .map(|close| html::plain_text(&header[tag.range.end..close.start]))
                .unwrap_or_default();
            let label = html::attribute_text(text, "label")
                .filter(|l| !l.trim().is_empty())
                .or(Some(inner).filter(|i| !i.is_empty()))
                .unwrap_or_else(|| id.clone());
            let color = pill_color(&html::attribute(text, "color").unwrap_or_default());
            Some(Choice { id, label, color })
        })
        .collect()
}

/// The theme's pill colour for an option colour; others are neutral.
fn pill_color(color: &str) -> &'static str {
    match color.trim().to_ascii_lowercase().as_str() {
        "red" => "red",
        "orange" => "orange",
        "yellow" => "yellow",
        "green" => "green",
        "blue" | "teal" | "cyan" => "blue",
        "purple" | "pink" | "magenta" => "purple",
        _ => "neutral",
    }
}

fn write_table(
    block: &str,
    table: &Table,
    pages: &dyn Pages,
    warnings: &mut Vec<String>,
    depth: usize,
) -> String {
    let open = &block[table.open.clone()];
    let header = table.header();
    let columns = header.map_or_else(Vec::new, |h| columns(block, &table.rows[h]));
    if html::attribute(open, "data-view").is_some_and(|v| v.eq_ignore_ascii_case("cards")) {
        return write_cards(block, table, &columns, pages, warnings, depth);
    }
    let mut edits = vec![];
    if let Some(colgroup) = colgroup(&columns) {
        edits.push((table.open.end..table.open.end, colgroup));
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (cell, column) in cells_with_columns(block, row, &columns) {
            let in_header = Some(r) == header;
            edits.extend(edit_cell(
                block, cell, column, in_header, pages, warnings, depth,
            ));
        }
    }
    let full_width = if flag(open, "data-full-width") {
        " data-full-width=\"true\""
    } else {
        ""
    };
    format!(
        "<div class=\"table-wrap\"{full_width}>{}</div>",
        apply_edits(block, table.open.start..table.end, edits)
    )
}

/// Widths of the visible columns, when any has one: they must hold even
/// where the header row is hidden.
fn colgroup(columns: &[Column]) -> Option<String> {
    let visible = || columns.iter().filter(|c| !c.hidden);
    visible().any(|c| c.width.is_some()).then(|| {
        let cols: String = visible()
            .map(|c| match &c.width {
                Some(width) => format!("<col style=\"width:{width}\">"),
                None => "<col>".to_string(),
            })
            .collect();
        format!("<colgroup>{cols}</colgroup>")
    })
}

type Edit = (Range<usize>, String);

fn edit_cell(
    block: &str,
    cell: &Cell,
    column: Option<&Column>,
    in_header: bool,
    pages: &dyn Pages,
    warnings: &mut Vec<String>,
    depth: usize,
) -> Vec<Edit> {
    let content = &block[cell.content.clone()];
    let column = column.cloned().unwrap_or_default();
    if column.hidden {
        return vec![(cell.open.start..cell.end, String::new())];
    }
    let mut edits = vec![];
    if let Some(class) = column.kind.class() {
        let open = html::with_class(&block[cell.open.clone()], class);
        edits.push((cell.open.clone(), open));
    }
    let new_content = if in_header {
        without_select(content)
    } else {
        typed_content(&column, content, pages, warnings)
    }
    .or_else(|| render_at_depth(content, pages, warnings, depth + 1));
    if let Some(new_content) = new_content {
        edits.push((cell.content.clone(), new_content));
    }
    edits
}

/// A cell's content shown for its column type; `None` to keep it as written.
fn typed_content(
    column: &Column,
    content: &str,
    pages: &dyn Pages,
    warnings: &mut Vec<String>,
) -> Option<String> {
    match column.kind {
        Kind::Text | Kind::Number => None,
        Kind::Checkbox => checkbox(content),
        Kind::Rating => rating(content, column.max),
        Kind::Select => Some(pills(content, &column.choices, warnings)),
        Kind::Files => map_links(content, |_, inner| {
            Some(format!("{}{inner}", icons::interface_svg("file", "icon")))
        }),
        Kind::ContentRef => map_links(content, |href, inner| {
            let title = pages.page_title(href)?;
            looks_like_a_path(&html::plain_text(inner), href)
                .then(|| html::escape(&title).into_owned())
        }),
    }
}

/// `true` / `false` as a checkbox that cannot be changed; other text is kept.
fn checkbox(content: &str) -> Option<String> {
    let checked = match html::plain_text(content).to_ascii_lowercase().as_str() {
        "true" => true,
        "false" | "" => false,
        _ => return None,
    };
    let (label, tick) = if checked {
        ("Checked", icons::interface_svg("check", "icon"))
    } else {
        ("Not checked", String::new())
    };
    Some(format!(
        "<span class=\"checkbox\" role=\"img\" aria-label=\"{label}\" data-checked=\"{checked}\">{tick}</span>"
    ))
}

/// A number of stars out of `max`; other text is kept.
fn rating(content: &str, max: u32) -> Option<String> {
    let text = html::plain_text(content);
    let value: f64 = if text.is_empty() {
        0.0
    } else {
        text.parse().ok().filter(|v: &f64| v.is_finite())?
    };
    let stars = (value.round().max(0.0) as u32).min(max);
    let mut out =
        format!("<span class=\"rating\" role=\"img\" aria-label=\"{stars} out of {max}\">");
    for i in 0..max {
        let class = if i < stars {
            "icon star on"
        } else {
            "icon star"
        };
        out.push_str(&icons::interface_svg("star", class));
    }
    out.push_str("</span>");
    Some(out)
}

/// `<span data-option="id">` as pills with the option's label and colour;
/// an id the column does not list keeps its text.
fn pills(content: &str, choices: &[Choice], warnings: &mut Vec<String>) -> String {
    replace_elements(content, "span", |tag, inner| {
        let id = html::attribute_text(tag, "data-option")?;
        Some(match choices.iter().find(|c| c.id == id) {
            Some(choice) => format!(
                "<span class=\"pill pill-{}\">{}</span>",
                choice.color,
                html::escape(&choice.label)
            ),
            None => {
                warnings.push(format!(
                    "table option `{id}` is not one of its column's options; shown as text"
                ));
                if inner.trim().is_empty() {
                    html::escape(&id).into_owned()
                } else {
                    inner.to_string()
                }
            }
        })
    })
}

/// The `<select>` of a select column's header cell left out: its options
/// are shown in the column's cells.
fn without_select(content: &str) -> Option<String> {
    let out = replace_elements(content, "select", |_, _| Some(String::new()));
    (out != content).then_some(out)
}

/// Each link's content replaced where `replace` (given the link's decoded
/// href and its content) returns new content; `None` when none changed.
fn map_links(
    content: &str,
    mut replace: impl FnMut(&str, &str) -> Option<String>,
) -> Option<String> {
    let mut changed = false;
    let out = replace_elements(content, "a", |tag, inner| {
        let href = html::attribute_value(tag, "href")?;
        let new = replace(&href, inner)?;
        changed = true;
        Some(format!("{tag}{new}</a>"))
    });
    changed.then_some(out)
}

/// A link whose text is its file name or URL, as GitBook writes page links.
fn looks_like_a_path(text: &str, href: &str) -> bool {
    text.is_empty() || text == href || text.ends_with(".md") || href.ends_with(text)
}

/// Each element `name` of a fragment replaced by what `replace` returns for
/// its opening tag and content; `None` keeps the element.
fn replace_elements(
    fragment: &str,
    name: &str,
    mut replace: impl FnMut(&str, &str) -> Option<String>,
) -> String {
    let mut out = String::new();
    let mut copied = 0;
    for tag in html::tags(fragment) {
        if tag.range.start < copied || !tag.opens(name) {
            continue;
        }
        let Some(close) = html::matching_close(fragment, &tag) else {
            continue;
        };
        let inner = &fragment[tag.range.end..close.start];
        if let Some(new) = replace(&fragment[tag.range.clone()], inner) {
            out.push_str(&fragment[copied..tag.range.start]);
            out.push_str(&new);
            copied = close.end;
        }
    }
    out.push_str(&fragment[copied..]);
    out
}

/// The part `range` of `block` with non-overlapping edits applied.
fn apply_edits(block: &str, range: Range<usize>, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::new();
    let mut at = range.start;
    for (r, new) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&block[at..r.start]);
        out.push_str(&new);
        at = r.end;
    }
    out.push_str(&block[at..range.end]);
    out
}

/// `<table data-view="cards">` as a list of cards: the visible cells of each
/// row stacked, a `data-card-cover` file as its image, a `data-card-target`
/// link over the whole card.
fn write_cards(
    block: &str,
    table: &Table,
    columns: &[Column],
    pages: &dyn Pages,
    warnings: &mut Vec<String>,
    depth: usize,
) -> String {
    let open = &block[table.open.clone()];
    let large = html::attribute(open, "data-card-size").is_some_and(|s| s == "large");
    let mut out = format!(
        "<ul class=\"cards{}\">\n",
        if large { " cards-large" } else { "" }
    );
    let header = table.header();
    for (r, row) in table.rows.iter().enumerate() {
        if Some(r) != header {
            out.push_str(&card(block, row, columns, pages, warnings, depth));
        }
    }
    out.push_str("</ul>\n");
    out
}

fn card(
    block: &str,
    row: &Row,
    columns: &[Column],
    pages: &dyn Pages,
    warnings: &mut Vec<String>,
    depth: usize,
) -> String {
    let (mut cover, mut target, mut title) = (None, None, None);
    let mut body = String::new();
    for (cell, column) in cells_with_columns(block, row, columns) {
        let content = &block[cell.content.clone()];
        let column = column.cloned().unwrap_or_default();
        if column.card_cover {
            cover = first_url(content);
        } else if column.card_target {
            target = first_url(content);
        } else if !column.hidden && !content.trim().is_empty() {
            title.get_or_insert_with(|| html::plain_text(content));
            let shown = typed_content(&column, content, pages, warnings)
                .or_else(|| render_at_depth(content, pages, warnings, depth + 1));
            body.push_str(&format!(
                "<div class=\"card-cell\">{}</div>\n",
                shown.as_deref().unwrap_or(content)
            ));
        }
    }
    let mut out = String::from("<li class=\"card\">\n");
    if let Some(cover) = cover {
        out.push_str(&format!(
            "<img class=\"card-cover\" src=\"{}\" alt=\"\" loading=\"lazy\">\n",
            html::escape(&cover)
        ));
    }
    out.push_str(&format!("<div class=\"card-body\">\n{body}</div>\n"));
    if let Some(target) = target {
        let label = title
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| target.clone());
        out.push_str(&format!(
            "<a class=\"card-link\" href=\"{}\"><span class=\"sr-only\">{}</span></a>\n",
            html::escape(&target),
            html::escape(&label)
        ));
    }
    out.push_str("</li>\n");
    out
}

/// The first link or image URL in a cell.
fn first_url(content: &str) -> Option<String> {
    html::tags(content).find_map(|tag| {
        let text = &content[tag.range.clone()];
        if tag.opens("a") {
            html::attribute_value(text, "href")
        } else if tag.opens("img") {
            html::attribute_value(text, "src")
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoPages;
    impl Pages for NoPages {
        fn page_title(&self, url: &str) -> Option<String> {
            (url == "guide.md").then(|| "The <Guide>".to_string())
        }
    }

    fn render(block: &str) -> (Option<String>, Vec<String>) {
        let mut warnings = vec![];
        let out = render_tables(block, &NoPages, &mut warnings);
        (out, warnings)
    }

    fn rendered(block: &str) -> String {
        render(block).0.expect("the table is rendered")
    }

    #[test]
    fn blocks_without_tables_are_untouched() {
        assert_eq!(render("<div><p>text</p></div>").0, None);
    }

    #[test]
    fn malformed_tables_are_left_as_written() {
        for block in [
            "<table><tr><td>no end",
            "<table><tr><td>a</td></tr><table><tr><td>b</td></tr></table>",
            "<table",
            "<table data-x=\"unterminated><tr><td>a</td></tr></table>",
            "<table><tr><td>a</td>",
        ] {
            let (out, warnings) = render(block);
            assert_eq!(out, None, "{block}");
            assert!(warnings.len() <= 2, "{block}: {warnings:?}");
        }
    }

    #[test]
    fn unclosed_cells_and_rows_are_read() {
        let out = rendered("<table><tr><th data-type=\"number\">n<tr><td>1<td>x</table>");
        assert!(out.contains(r#"<td class="cell-number">1"#), "{out}");
        assert!(out.contains("<td>x</table>"), "{out}");
    }

    #[test]
    fn uppercase_tags_and_unquoted_or_single_quoted_attributes() {
        let out = rendered(
            "<TABLE><THEAD><TR><TH DATA-TYPE=number>A</TH><TH data-type='checkbox'>B</TH></TR></THEAD><TBODY><TR><TD>3</TD><TD>TRUE</TD></TR></TBODY></TABLE>",
        );
        assert!(out.contains(r#"<TD class="cell-number">3</TD>"#), "{out}");
        assert!(out.contains(r#"aria-label="Checked""#), "{out}");
    }

    #[test]
    fn nested_tables_are_rendered_inside_their_cell() {
        let out = rendered(
            "<table><tr><th>outer</th></tr><tr><td><table><thead><tr><th data-type=\"rating\" data-max=\"3\">r</th></tr></thead><tbody><tr><td>2</td></tr></tbody></table></td></tr></table>",
        );
        assert!(out.contains(r#"aria-label="2 out of 3""#), "{out}");
        assert_eq!(out.matches("table-wrap").count(), 2, "{out}");
    }

    #[test]
    fn entities_in_option_labels_are_decoded_then_escaped() {
        let out = rendered(
            r#"<table><thead><tr><th data-type="select"><select><option value="a" label="R&#x26;D <team>" color="red"></option></select>Team</th></tr></thead><tbody><tr><td><span data-option="a"></span><span data-option="zz">Other</span></td></tr></tbody></table>"#,
        );
        assert!(
            out.contains(r#"<span class="pill pill-red">R&amp;D &lt;team&gt;</span>Other"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<th data-type="select" class="cell-select">Team</th>"#),
            "{out}"
        );
    }

    #[test]
    fn ratings_clamp_and_odd_values_stay_text() {
        assert_eq!(
            rating("7", 5).map(|r| r.matches("star on").count()),
            Some(5)
        );
        assert!(rating("", 5).unwrap().contains("0 out of 5"));
        assert_eq!(rating("lots", 5), None);
        assert_eq!(checkbox("maybe"), None);
    }

    #[test]
    fn widths_become_a_colgroup_and_hidden_columns_go() {
        let out = rendered(
            r#"<table data-header-hidden data-full-width="true"><thead><tr><th width="180"></th><th data-hidden>secret</th><th width="40%"></th><th width="wide"></th></tr></thead><tbody><tr><td>a</td><td>hidden</td><td>b</td><td>c</td></tr></tbody></table>"#,
        );
        assert!(
            out.starts_with(r#"<div class="table-wrap" data-full-width="true"><table"#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"<colgroup><col style="width:180px"><col style="width:40%"><col></colgroup>"#
            ),
            "{out}"
        );
        assert!(
            !out.contains("hidden</td>") && !out.contains("secret"),
            "{out}"
        );
    }

    #[test]
    fn page_links_show_the_page_title() {
        let out = rendered(
            r#"<table><thead><tr><th data-type="content-ref">Page</th></tr></thead><tbody><tr><td><a href="guide.md">guide.md</a></td></tr><tr><td><a href="guide.md">Read this</a></td></tr></tbody></table>"#,
        );
        assert!(
            out.contains(r#"<a href="guide.md">The &lt;Guide&gt;</a>"#),
            "{out}"
        );
        assert!(out.contains(r#"<a href="guide.md">Read this</a>"#), "{out}");
    }

    #[test]
    fn cards_become_a_list_with_cover_and_target() {
        let out = rendered(
            r#"<table data-view="cards"><thead><tr><th></th><th data-hidden data-card-target data-type="content-ref"></th><th data-hidden data-card-cover data-type="files"></th></tr></thead><tbody><tr><td><strong>Start &amp; go</strong></td><td><a href="guide.md">guide.md</a></td><td><a href="a%20b.png">a b.png</a></td></tr></tbody></table>"#,
        );
        assert!(out.starts_with("<ul class=\"cards\">"), "{out}");
        assert!(
            out.contains(r#"<img class="card-cover" src="a%20b.png" alt="" loading="lazy">"#),
            "{out}"
        );
        assert!(out.contains(r#"<a class="card-link" href="guide.md"><span class="sr-only">Start &amp; go</span></a>"#), "{out}");
        assert!(
            out.contains(r#"<div class="card-cell"><strong>Start &amp; go</strong></div>"#),
            "{out}"
        );
    }

    #[test]
    fn widths_are_checked() {
        assert_eq!(css_width(" 108.5 ").as_deref(), Some("108.5px"));
        assert_eq!(css_width("12px").as_deref(), Some("12px"));
        assert_eq!(css_width("-3"), None);
        assert_eq!(css_width("1;color:red"), None);
    }
}
