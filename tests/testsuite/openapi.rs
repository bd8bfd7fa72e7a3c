//! API reference spaces: SUMMARY.md's `type: builtin:openapi` blocks turn a
//! local OpenAPI 3 or Swagger 2 file into one page per tag (and a page of
//! models), placed in the navigation where the block stands.

use crate::util::Space;

/// The body of a written page: between the theme's body markers.
fn body(html: &str) -> &str {
    let start = html.find("<div class=\"page-body\">").unwrap();
    let end = html.find("<footer class=\"page-footer\">").unwrap();
    &html[start..end]
}

/// Method and path of each operation of a page, in order.
fn operations(html: &str) -> Vec<String> {
    html.split("<p class=\"api-method-line\">")
        .skip(1)
        .map(|s| {
            let method = s.split('>').nth(1).unwrap().split('<').next().unwrap();
            let path = s
                .split("<code class=\"api-path\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap();
            format!("{method} {path}")
        })
        .collect()
}

#[test]
fn builtin_openapi_generates_a_page_per_tag_in_the_navigation() {
    let space = Space::fixture("apiref");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The spec that only GitBook has is a warning at the block, nothing more.
    assert!(
        run.stderr
            .contains("SUMMARY.md:28:5: warning[openapi]: no spec file for `not-uploaded`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(1 warnings, 0 errors)"),
        "{}",
        run.stderr
    );
    // OpenAPI 3 in YAML: tags in the spec's order, operations in the spec's order.
    assert_eq!(
        operations(&space.read_out("reference/shipments.html")),
        [
            "POST /shipments",
            "GET /shipments",
            "GET /shipments/{shipmentId}"
        ]
    );
    assert_eq!(
        operations(&space.read_out("reference/tracking.html")),
        ["GET /tracking/{trackingNumber}/events"]
    );
    assert_eq!(
        operations(&space.read_out("reference/default.html")),
        ["GET /ping"]
    );
    // Swagger 2 in JSON, generated beside its own parent entry.
    assert_eq!(
        operations(&space.read_out("reference/labels.html")),
        ["POST /v1/labels", "DELETE /v1/labels/{id}"]
    );
    let shipments = space.read_out("reference/shipments.html");
    assert!(shipments.contains("A shipment is one parcel from a sender to a recipient."));
    assert!(shipments.contains("陳小姐"), "the request example is shown");
    // The models page lists every schema.
    let models = space.read_out("reference/models.html");
    for name in ["NewShipment", "Shipment", "Address"] {
        assert!(
            models.contains(&format!("api-schema-name\">{name}<")),
            "{name}"
        );
    }
    // Navigation: the generated pages sit under their parent entries, in order.
    let nav = space.read_out("nav.js");
    let titles = [
        "Shipments API",
        "Shipments",
        "Tracking",
        "default",
        "Models",
        "Legacy v1 API",
        "labels",
        "Missing spec",
    ];
    let positions: Vec<usize> = titles
        .iter()
        .map(|t| {
            nav.find(&format!("\"t\":\"{t}\""))
                .unwrap_or_else(|| panic!("{t} in {nav}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{nav}");
    let page = space.read_out("reference/tracking.html");
    assert!(
        page.contains("aria-current=\"page\">Tracking<"),
        "the entry is current"
    );
    assert!(page.contains("<a class=\"page-card prev\" rel=\"prev\" href=\"shipments.html\""));
}

#[test]
fn a_generated_page_renders_like_a_written_one() {
    let space = Space::fixture("apiref");
    assert_eq!(space.build(&[]).code, 0);
    insta::assert_snapshot!(body(&space.read_out("reference/tracking.html")));
}

#[test]
fn generated_pages_never_replace_a_written_page_and_have_no_edit_link() {
    let space = Space::fixture("apiref");
    space
        .file("reference/tracking.md", "# Tracking, written by hand\n")
        .file(
            "quire.yaml",
            "content: .\nedit_url: https://git.example.com/edit/{path}\n",
        );
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(space
        .read_out("reference/tracking.html")
        .contains("written by hand"));
    let generated = space.read_out("reference/tracking-2.html");
    assert_eq!(
        operations(&generated),
        ["GET /tracking/{trackingNumber}/events"]
    );
    assert!(!generated.contains("edit-link"));
    assert!(space
        .read_out("reference/legacy.html")
        .contains("edit-link"));
}
