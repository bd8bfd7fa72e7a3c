//! Markdown the GitBook way: snapshots of the body HTML for each construct,
//! with the warnings it produced. Review changes with `cargo insta review`.

use crate::util::{render_page, Space};

/// A space with the page under test and a few pages to link to.
fn space_with(page: &str) -> Space {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("page.md", page)
        .file("guide/README.md", "# Guide\n\n## Overview\n")
        .file("guide/install.md", "---\ndescription: How to install.\n---\n# Install the agent\n\n## Requirements\n\n## 系統需求\n")
        .file("guide/with space.md", "# Spaced out\n")
        .file(".gitbook/assets/diagram.png", "png");
    space
}

/// Body HTML of `page.md`, then its warnings, as one snapshot text.
fn render(page: &str) -> String {
    let space = space_with(page);
    let (html, diagnostics) = render_page(&space, "page.md");
    let mut out = html;
    if !diagnostics.is_empty() {
        out.push_str("\n--- diagnostics ---\n");
        out.push_str(&diagnostics.join("\n"));
        out.push('\n');
    }
    out
}

#[test]
fn hint_styles_icons_and_titles() {
    insta::assert_snapshot!(render(
        "# Hints\n\n{% hint style=\"info\" %}\nPlain **info**.\n{% endhint %}\n\n{% hint style=\"success\" %}\n### Saved\n\nIt worked.\n{% endhint %}\n\n{% hint style=\"warning\" %}\nCareful.\n{% endhint %}\n\n{% hint style=\"danger\" %}\nStop.\n{% endhint %}\n\n{% hint style=\"purple\" %}\nUnknown style.\n{% endhint %}\n"
    ));
}

#[test]
fn stepper_steps_with_heading_titles() {
    insta::assert_snapshot!(render(
        "## Reproduction\n\n{% stepper %}\n{% step %}\n### Step\n\nOpen the app.\n{% endstep %}\n\n{% step %}\n### Step\n\nClick **Sync**.\n{% endstep %}\n\n{% step %}\nNo heading here.\n{% endstep %}\n{% endstepper %}\n"
    ));
}

#[test]
fn nesting_inline_and_indented_tags() {
    insta::assert_snapshot!(render(
        "{% stepper %}\n{% step %}\n## First\n\n{% hint style=\"warning\" %}\nInside a step.\n{% endhint %}\n{% endstep %}\n{% endstepper %}\n\n{% hint style=\"info\" %} Inline on one line. {% endhint %}\n\n* Item one\n\n  {% hint style=\"success\" %}\n  Indented in a list item.\n\n  * nested bullet\n  {% endhint %}\n* Item two\n"
    ));
}

#[test]
fn attribute_quoting_styles() {
    insta::assert_snapshot!(render(
        "{% hint style=“danger” %}\nCurly quotes.\n{% endhint %}\n\n{% hint style=warning %}\nUnquoted.\n{% endhint %}\n\n{%hint style='success'%}\nSingle quotes, no spaces.\n{%endhint%}\n"
    ));
}

#[test]
fn tags_in_code_stay_literal() {
    insta::assert_snapshot!(render(
        "Inline `{% raw %}` and ``{% hint %}`` stay.\n\n```jinja\n{% for x in items %}\n  {{ x }}\n{% endfor %}\n```\n\n~~~\n{% hint style=\"info\" %}\n~~~\n\n<pre><code>{%~token%}</code></pre>\n\n* list\n\n  ```\n  {% endhint %}\n  ```\n"
    ));
}

#[test]
fn malformed_tags_recover_with_warnings() {
    let html = render(
        "# Broken\n\n{% hint style=\"info\" %}\nNever closed.\n\n{% endtabs %}\n\n{% mystery a=1 %}\nUnknown body.\n{% endmystery %}\n",
    );
    let body = html.split("--- diagnostics ---").next().unwrap();
    assert!(!body.contains("{%"), "tag leaked: {body}");
    insta::assert_snapshot!(html);
}

/// A tab set left open ends after its last tab: the sections after it are
/// shown, not swallowed by it. What a closed set holds besides tabs is
/// shown around it.
#[test]
fn tab_sets_never_lose_what_follows_or_surrounds_their_tabs() {
    let html = render(
        "# Tabs\n\n{% tabs %}\n{% tab title=\"Mac\" %}\nOpen Finder.\n{% endtab %}\n{% tab title=\"Linux\" %}\nOpen a shell.\n{% endtab %}\n\n## Next section\n\nShown after the set.\n\n{% tabs %}\nBefore any tab.\n{% tab title=\"One\" %}\nFirst.\n{% endtab %}\nBetween tabs.\n{% tab title=\"Two\" %}\nSecond.\n{% endtab %}\nAfter the tabs.\n{% endtabs %}\n\nLast line.\n",
    );
    let body = html.split("--- diagnostics ---").next().unwrap();
    for text in [
        "Next section",
        "Shown after the set.",
        "Before any tab.",
        "Between tabs.",
        "After the tabs.",
        "Last line.",
    ] {
        assert_eq!(body.matches(text).count(), 1, "{text} shown once: {body}");
    }
    insta::assert_snapshot!(html);
}

#[test]
fn escapes_entities_and_raw_html() {
    insta::assert_snapshot!(render(
        "customer\\_id \\[REDACTED] \\(x\\) \\~18:37 a\\*b\n\nA&#x20;space and &#x26; amp.\n\n<details>\n\n<summary>More</summary>\n\nHidden **text**.\n\n</details>\n\n<mark style=\"color:orange;\">marked</mark> <kbd>Ctrl</kbd>\n"
    ));
}

#[test]
fn bare_urls_become_links_outside_code_and_links() {
    insta::assert_snapshot!(render(
        "See https://example.com/a\\_b?x=1. Or (https://example.com/wiki/A_(b)).\n\nAlready [https://linked.example](https://linked.example) and <https://auto.example>.\n\n`https://in.code` and 請看https://example.com/中文，謝謝\n\n```\nhttps://in.fence\n```\n"
    ));
}

#[test]
fn heading_ids_follow_gitbook() {
    insta::assert_snapshot!(render(
        "## MAAC Contacts - API import failure (LINE OA token)\n\n## Miner Revenue from MEV tips (%)\n\n## appendToURL / appendVisitorInfoForURL\n\n## Step\n\n## Step\n\n## 常見問題 FAQ\n\n## Custom <a href=\"#my-id\" id=\"my-id\"></a>\n\n## Legacy <a id=\"old-id\"></a>\n\n## GET /users/{id}\n\n## `code` and **bold** ![img](.gitbook/assets/diagram.png)\n"
    ));
}

#[test]
fn links_resolve_break_and_mention() {
    insta::assert_snapshot!(render(
        "# Links\n\n## Here\n\n- [install](guide/install.md)\n- [anchor](guide/install.md#requirements)\n- [cjk anchor](guide/install.md#系統需求)\n- [folder](guide/)\n- [spaces](<guide/with space.md>)\n- [same page](#here)\n- [missing page](guide/gone.md)\n- [missing anchor](guide/install.md#nope)\n- [missing here](#nowhere)\n- [exported](broken-reference)\n- [exported page](/broken/pages/abc123)\n- [guide/install.md](guide/install.md \"mention\")\n- [#requirements](guide/install.md#requirements \"mention\")\n- [outside](../../etc/passwd)\n- [external](https://example.com/docs)\n- ![diagram](.gitbook/assets/diagram.png) and <img src=\".gitbook/assets/diagram.png\">\n"
    ));
}

#[test]
fn gfm_tables_footnotes_tasks_strikethrough() {
    insta::assert_snapshot!(render(
        "| a | b |\n|---|:-:|\n| 1<br>2 | `x\\|y` |\n\nNote[^1].\n\n[^1]: The footnote.\n\n- [x] done\n- [ ] todo\n\n~~old~~\n\n***\n"
    ));
}

/// A troubleshooting page in the style real support spaces use: metadata
/// lists, a hint, steppers whose steps open with `### Step`, escapes, bare
/// URLs and links to sibling folders that are not in this space.
#[test]
fn support_article_structure() {
    let space = Space::fixture("seedlike");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = space.read_out("kb/billing.html");
    assert_eq!(html.matches("class=\"hint hint-info\"").count(), 1);
    assert_eq!(html.matches("<ol class=\"stepper\">").count(), 2);
    assert_eq!(html.matches("<li class=\"step\">").count(), 5);
    for id in ["step", "step-1", "step-2", "step-3", "step-4"] {
        assert!(html.contains(&format!("<h3 id=\"{id}\">")), "{id}");
    }
    assert!(html
        .contains("id=\"ledgerly-billing-proration-mismatch-after-plan-change-annual-monthly\""));
    assert!(html.contains("id=\"ledgerly-billing-退款金額四捨五入-twd-rounding\""));
    assert!(html.contains("id=\"reproduction-steps-1\""));
    assert!(html.contains("<a href=\"https://files.example.com/get_asset?asset_id=5521\">"));
    assert!(!html.contains("\\_") && !html.contains("{%"));
    assert!(html.contains("invoice_id, proration"));
    // Three links to sibling folders that do not exist: warnings, not errors.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning[broken-link]: broken link"))
        .collect();
    assert_eq!(warnings.len(), 3, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("kb/billing.md:19:3:"),
        "{}",
        warnings[0]
    );
    assert_eq!(html.matches("class=\"broken-link\"").count(), 3);
}

#[test]
fn reference_links_work_across_blocks() {
    insta::assert_snapshot!(render(
        "{% hint style=\"info\" %}\nSee [the guide][guide] and [Install][].\n{% endhint %}\n\n[guide]: guide/install.md#requirements \"Guide\"\n[install]: guide/install.md\n"
    ));
}

/// Long SVG icons make snapshots hard to read; the icons have their own tests.
fn render_without_icons(page: &str, extra: &[(&str, &str)]) -> String {
    let space = space_with(page);
    for (path, text) in extra {
        space.file(path, text);
    }
    let (html, diagnostics) = render_page(&space, "page.md");
    let mut out = strip_svg(&html);
    if !diagnostics.is_empty() {
        out.push_str("\n--- diagnostics ---\n");
        out.push_str(&diagnostics.join("\n"));
        out.push('\n');
    }
    out
}

fn strip_svg(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</svg>")
            .map_or(rest.len(), |e| start + e + 6);
        out.push_str("<svg/>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn tabs_with_titles_and_an_untitled_tab() {
    insta::assert_snapshot!(render_without_icons(
        "{% tabs %}\n{% tab title=\"macOS\" %}\n```bash\nbrew install agent\n```\n{% endtab %}\n\n{% tab title=\"Windows\" %}\n{% hint style=\"info\" %}\nRun as administrator.\n{% endhint %}\n{% endtab %}\n\n{% tab %}\nNo title.\n{% endtab %}\n{% endtabs %}\n",
        &[]
    ));
}

#[test]
fn code_wrapper_attributes_and_line_spans() {
    insta::assert_snapshot!(render_without_icons(
        "{% code title=\"index.js\" overflow=\"wrap\" lineNumbers=\"true\" expandable=\"true\" %}\n```javascript\nconst a = 1 < 2;\nconsole.log(a);\n```\n{% endcode %}\n\n```\nplain\n```\n",
        &[]
    ));
}

#[test]
fn includes_render_in_place_and_refuse_cycles_and_escapes() {
    insta::assert_snapshot!(render_without_icons(
        "Before.\n\n{% include \"../page/.gitbook/includes/hours.md\" %}\n\n{% include \".gitbook/includes/hours.md\" %}\n\n{% include \".gitbook/includes/loop.md\" %}\n\n{% include \"../../etc/passwd\" %}\n\n{% include \".gitbook/includes/missing.md\" %}\n",
        &[
            (".gitbook/includes/hours.md", "---\ntitle: Support hours\n---\n\nWe answer **09:00–18:00**. See [install](../../guide/install.md).\n"),
            (".gitbook/includes/loop.md", "---\ntitle: Loop\n---\n\n{% include \"loop.md\" %}\n"),
        ]
    ));
}

#[test]
fn content_ref_file_and_embed_cards() {
    insta::assert_snapshot!(render_without_icons(
        "{% content-ref url=\"guide/install.md\" %}\n[install.md](guide/install.md)\n{% endcontent-ref %}\n\n{% content-ref url=\"guide/\" %}\n[guide](guide/)\n{% endcontent-ref %}\n\n{% page-ref page=\"guide/gone.md\" %}\n\n{% file src=\".gitbook/assets/diagram.png\" %}\nThe diagram.\n{% endfile %}\n\n{% embed url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" %}\nA video.\n{% endembed %}\n\n{% embed url=\"https://status.example.com/incidents\" caption=\"Status\" %}\n",
        &[]
    ));
}

#[test]
fn math_emoji_marks_and_export_artefacts() {
    insta::assert_snapshot!(render_without_icons(
        "Energy $$E=mc^2$$ costs $5 or $10 :rocket:\n\n$$\n\\frac{a}{b}\n$$\n\n$$\\frac{1}{$$\n\nBroken&#xNAN; entity and <mark style=\"color:$primary;background-color:$warning;\">marked</mark>, 12:30:45, `:house:` stays.\n",
        &[]
    ));
}

#[test]
fn gitbook_html_code_form() {
    insta::assert_snapshot!(render_without_icons(
        "<pre class=\"language-yaml\" data-title=\"config.yaml\" data-overflow=\"wrap\" data-line-numbers><code class=\"lang-yaml\"><strong>name: quire\n</strong>version: 1\nurl: https://e.com/?a=1&#x26;b=2\n</code></pre>\n",
        &[]
    ));
}

#[test]
fn columns_updates_conditionals_prompts() {
    insta::assert_snapshot!(render_without_icons(
        "{% columns %}\n{% column width=\"40%\" %}\nLeft.\n{% endcolumn %}\n{% column %}\nRight.\n{% endcolumn %}\n{% endcolumns %}\n\n{% updates format=\"full\" %}\n{% update date=\"2025-12-25\" tags=\"beta, api\" %}\n## Holiday release\n\nNew things.\n{% endupdate %}\n{% endupdates %}\n\n{% if visitor.claims.unsigned.plan == \"pro\" %}\nPro text.\n{% else %}\nFree text.\n{% endif %}\n\n{% if visitor.claims.unsigned.beta %}\nSecond conditional, no second warning.\n{% endif %}\n\n{% prompt description=\"Summarise a ticket\" %}\n```\nSummarise this ticket in three bullet points.\n```\n{% endprompt %}\n",
        &[]
    ));
}

#[test]
fn code_tabs_and_integration_blocks() {
    insta::assert_snapshot!(render_without_icons(
        "{% code-tabs %}\n{% code-tabs-item title=\"curl\" %}\n```bash\ncurl https://api.example.com\n```\n{% endcode-tabs-item %}\n{% code-tabs-item title=\"python\" %}\n```python\nrequests.get(url)\n```\n{% endcode-tabs-item %}\n{% endcode-tabs %}\n\n{% @github-files/github-code-block url=\"https://github.com/example/repo/blob/main/app.py\" %}\n\n{% @mermaid/diagram content=\"graph TD\" %}\n",
        &[]
    ));
}

const PETSTORE: &str = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\npaths:\n  /pets/{petId}:\n    parameters:\n      - name: petId\n        in: path\n        required: true\n        schema:\n          type: integer\n          format: int64\n    get:\n      summary: Find a pet\n      parameters:\n        - $ref: '#/components/parameters/Verbose'\n      responses:\n        '200':\n          description: The pet\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Pet'\n              example:\n                id: 7\n                name: Mochi\n        '404':\n          description: No such pet\n  /pets:\n    post:\n      summary: Add a pet\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Pet'\n      responses:\n        '201':\n          description: Created\ncomponents:\n  parameters:\n    Verbose:\n      name: verbose\n      in: query\n      description: More fields\n      schema:\n        type: boolean\n  schemas:\n    Pet:\n      type: object\n      required: [name]\n      properties:\n        id:\n          type: integer\n          format: int64\n        name:\n          type: string\n          description: What it answers to\n        tags:\n          type: array\n          items:\n            type: string\n        status:\n          type: string\n          enum: [available, sold]\n";

#[test]
fn openapi_from_a_local_spec_and_a_remote_card() {
    insta::assert_snapshot!(render_without_icons(
        "{% openapi src=\"api/petstore.yaml\" path=\"/pets/{petId}\" method=\"get\" %}\n[api/petstore.yaml](api/petstore.yaml)\n{% endopenapi %}\n\n{% openapi-operation spec=\"api/petstore.yaml\" path=\"/pets\" method=\"post\" %}\n\n{% openapi-schemas spec=\"api/petstore.yaml\" schemas=\"Pet\" %}\n\n{% openapi src=\"https://petstore3.example.com/openapi.json\" path=\"/pet\" method=\"put\" %}\n[link](https://petstore3.example.com/openapi.json)\n{% endopenapi %}\n\n{% openapi src=\"api/petstore.yaml\" path=\"/nowhere\" method=\"get\" %}\n{% endopenapi %}\n",
        &[("api/petstore.yaml", PETSTORE)]
    ));
}

#[test]
fn legacy_swagger_and_api_method_blocks() {
    insta::assert_snapshot!(render_without_icons(
        "{% swagger method=\"post\" path=\"/contacts\" baseUrl=\"https://api.example.com/v1\" summary=\"Create a contact\" %}\n{% swagger-description %}\nCreates or updates a contact.\n{% endswagger-description %}\n\n{% swagger-parameter in=\"body\" name=\"email\" type=\"string\" required=\"true\" %}\nThe contact's e-mail.\n{% endswagger-parameter %}\n\n{% swagger-response status=\"201: Created\" description=\"Created\" %}\n```json\n{\"id\": 1}\n```\n{% endswagger-response %}\n{% endswagger %}\n\n{% api-method method=get host=https://api.example.com path=/v1/contacts/:id %}\n{% api-method-summary %}\nGet a contact\n{% endapi-method-summary %}\n{% api-method-spec %}\n{% api-method-request %}\n{% api-method-path-parameters %}\n{% api-method-parameter name=id type=string required=true %}\nContact id\n{% endapi-method-parameter %}\n{% endapi-method-path-parameters %}\n{% endapi-method-request %}\n{% api-method-response %}\n{% api-method-response-example httpCode=200 %}\n{% api-method-response-example-description %}\nFound\n{% endapi-method-response-example-description %}\n```json\n{}\n```\n{% endapi-method-response-example %}\n{% endapi-method-response %}\n{% endapi-method-spec %}\n{% endapi-method %}\n",
        &[]
    ));
}

#[test]
fn footnotes_across_blocks_and_raw_latex() {
    insta::assert_snapshot!(render_without_icons(
        "Claim[^src] before a block.\n\n{% hint style=\"info\" %}\nInside a hint[^src].\n{% endhint %}\n\nRate $$50\\%$$ and $$a\\_b$$.\n\n$$\n\\text{100\\%}\n$$\n\n[^src]: The source, defined at the end.\n",
        &[]
    ));
}

#[test]
fn openapi_spec_named_in_the_body_link() {
    let html = render_without_icons(
        "{% openapi-operation spec=\"petstore\" path=\"/pets\" method=\"post\" %}\n[OpenAPI petstore](api/petstore.yaml)\n{% endopenapi-operation %}\n",
        &[("api/petstore.yaml", PETSTORE)],
    );
    assert!(
        html.contains("<p class=\"api-summary\">Add a pet</p>"),
        "{html}"
    );
    assert!(html.contains("Request body"), "{html}");
}

#[test]
fn figures_pictures_and_image_wrappers() {
    insta::assert_snapshot!(render_without_icons(
        "<figure><img src=\".gitbook/assets/diagram.png\" alt=\"Flow\" width=\"375\"><figcaption><p>The flow</p></figcaption></figure>\n\n<div align=\"left\"><figure><img src=\".gitbook/assets/diagram.png\" alt=\"\"><figcaption></figcaption></figure></div>\n\n<div data-with-frame=\"true\"><img src=\".gitbook/assets/diagram.png\" alt=\"Framed\"></div>\n\n<div><figure><img src=\".gitbook/assets/diagram.png\" alt=\"A\"><figcaption><p>A</p></figcaption></figure> <figure><img src=\".gitbook/assets/diagram.png\" alt=\"B\"><figcaption><p>B</p></figcaption></figure></div>\n\n<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\".gitbook/assets/diagram.png\"><img src=\".gitbook/assets/diagram.png\" alt=\"Themed\"></picture>\n\nInline <img src=\".gitbook/assets/diagram.png\" alt=\"icon\" data-size=\"line\"> image and a missing <img src=\".gitbook/assets/gone.png\">.\n",
        &[]
    ));
}

#[test]
fn expressions_read_space_and_page_variables() {
    insta::assert_snapshot!(render_without_icons(
        "---\nvars:\n  owner: Mira\n---\nFor <code class=\"expression\">space.vars.product</code>, ask <code class=\"expression\">page.vars.owner</code>; <code class=\"expression\">space.vars.missing</code> stays.\n",
        &[(".gitbook/vars.yaml", "product: Lumen Desk\n")]
    ));
}

#[test]
fn code_wrapper_full_width_without_other_flags() {
    insta::assert_snapshot!(render_without_icons(
        "{% code fullWidth=\"true\" lineNumbers=\"false\" %}\n```sql\nselect 1;\n```\n{% endcode %}\n",
        &[]
    ));
}

// Without the `mermaid` feature: the source, and no finding.
#[cfg(not(feature = "mermaid"))]
#[test]
fn mermaid_fences_show_their_source_in_a_diagram_frame() {
    insta::assert_snapshot!(render_without_icons(
        "```mermaid\nflowchart LR\n  A --> B\n```\n",
        &[]
    ));
}

// With it: the drawing (not snapshotted: merman's own markup), its source
// kept below; a diagram that cannot be drawn keeps today's frame, with a
// warning at the line the renderer names.
#[cfg(feature = "mermaid")]
#[test]
fn mermaid_fences_are_drawn_with_their_source_kept() {
    insta::assert_snapshot!(render_without_icons(
        "```mermaid\nflowchart LR\n  A --> B\n```\n\n- In a list:\n\n  ```mermaid\n  flowchart LR\n    A --> B\n    B --> (((\n  ```\n",
        &[]
    ));
}

#[test]
fn update_tags_take_labels_and_colours_from_tags_yaml() {
    let space = space_with(
        "{% updates %}\n{% update date=\"2026-01-05\" tags=\"fix,Security,<b>odd</b>\" %}\nPatched.\n{% endupdate %}\n{% endupdates %}\n",
    );
    space.file(
        ".gitbook/tags.yaml",
        "- tag: fix\n  label: Bug fix\n  color: red\n- tag: sec\n  label: Security\n",
    );
    let (html, diagnostics) = render_page(&space, "page.md");
    insta::assert_snapshot!(format!(
        "{html}\n--- diagnostics ---\n{}\n",
        diagnostics.join("\n")
    ));
}

// Issue 6, HTML forms: GitBook's tables with typed columns.
#[test]
fn typed_table_columns() {
    insta::assert_snapshot!(render(concat!(
        "<table data-full-width=\"true\"><thead><tr>",
        "<th width=\"120\">Page</th><th data-type=\"number\">Open</th>",
        "<th data-type=\"checkbox\">Done</th><th data-type=\"rating\" data-max=\"4\">Score</th>",
        "<th data-type=\"select\"><select multiple><option value=\"a1\" label=\"R&#x26;D\" color=\"red\"></option>",
        "<option value=\"b2\" label=\"&lt;Ops&gt;\" color=\"mauve\"></option></select>Team</th>",
        "<th data-type=\"content-ref\">Link</th><th data-type=\"files\">File</th>",
        "<th data-hidden>Internal</th></tr></thead><tbody>",
        "<tr><td>One<br>line two</td><td>1,024</td><td>true</td><td>3</td>",
        "<td><span data-option=\"a1\">R&#x26;D</span><span data-option=\"b2\"></span><span data-option=\"gone\">Old</span></td>",
        "<td><a href=\"guide/install.md\">install.md</a></td><td><a href=\".gitbook/assets/diagram.png\">diagram.png</a></td>",
        "<td>secret</td></tr>",
        "<tr><td>Two</td><td>7</td><td>false</td><td>9</td><td></td><td></td><td></td><td></td></tr>",
        "<tr><td>Three</td><td></td><td>maybe</td><td>n/a</td><td></td><td></td><td></td><td></td></tr>",
        "</tbody></table>\n"
    )));
}

#[test]
fn header_hidden_tables_keep_widths_and_malformed_tables_stay() {
    insta::assert_snapshot!(render(concat!(
        "<table data-header-hidden><thead><tr><th width=\"180\"></th><th></th></tr></thead>",
        "<tbody><tr><td><strong>Owner</strong></td><td>Support</td></tr></tbody></table>\n\n",
        "<table><tr><td>never closed\n\nNext paragraph.\n"
    )));
}

#[test]
fn card_tables_become_a_list_of_cards() {
    insta::assert_snapshot!(render(concat!(
        "<table data-view=\"cards\" data-card-size=\"large\"><thead><tr><th></th><th></th>",
        "<th data-hidden data-card-target data-type=\"content-ref\"></th>",
        "<th data-hidden data-card-cover data-type=\"files\"></th><th data-hidden>note</th></tr></thead><tbody>",
        "<tr><td><strong>Install &#x26; run</strong></td><td>Set it up.</td>",
        "<td><a href=\"guide/install.md\">install.md</a></td><td><a href=\".gitbook/assets/diagram.png\">diagram.png</a></td><td>x</td></tr>",
        "<tr><td><strong>Elsewhere</strong></td><td></td><td><a href=\"https://example.com\">https://example.com</a></td><td></td><td></td></tr>",
        "</tbody></table>\n"
    )));
}

#[test]
fn buttons_with_icons_and_a_search_button() {
    insta::assert_snapshot!(render(concat!(
        "<a href=\"guide/install.md\" class=\"button primary\" data-icon=\"rocket\">Install</a> ",
        "<a href=\"https://example.com\" class=\"button secondary\" data-icon=\"no-such\">Docs</a>\n\n",
        "<button class=\"button primary\" data-action=\"search\" data-query=\"install &#x26; run\">Search</button>\n"
    )));
}

#[test]
fn font_awesome_icons_on_text_hints_and_tabs() {
    insta::assert_snapshot!(render(concat!(
        "On <i class=\"fa-github\">:github:</i> and <i class=\"fab fa-gitlab\">GitLab</i>; ",
        "<i class=\"fa-solid fa-unicorn\">(unicorn)</i> stays.\n\n",
        "<p>In HTML: <i class=\"fa-solid fa-rocket\">launch</i></p>\n\n",
        "{% hint style=\"success\" icon=\"lightbulb\" %}\nTip.\n{% endhint %}\n\n",
        "{% tabs %}\n{% tab title=\"Mail\" icon=\"envelope\" %}\nBy mail.\n{% endtab %}\n",
        "{% tab title=\"Other\" icon=\"nope\" %}\nOther.\n{% endtab %}\n{% endtabs %}\n"
    )));
}

#[test]
fn gitbook_custom_blocks_and_inlines() {
    insta::assert_snapshot!(render(concat!(
        "1. Step one.\n\n",
        "   <div data-gb-custom-block data-tag=\"hint\" data-style=\"info\" data-icon=\"pencil\" class=\"hint hint-info\"><h4>Note</h4><p>Inside a list.</p></div>\n\n",
        "<table><tr><th>A</th></tr><tr><td><div data-gb-custom-block data-tag=\"hint\" data-style=\"danger\" class=\"hint hint-danger\"><p>In a cell.</p></div>",
        "<span data-gb-custom-inline data-tag=\"emoji\" data-code=\"274c\"></span></td></tr></table>\n\n",
        "<div data-gb-custom-block data-tag=\"if\" data-0='your_field'></div>\n\n",
        "Text <span data-gb-custom-inline data-tag=\"emoji\" data-code=\"2705\">✅</span> inline.\n"
    )));
}

#[test]
fn script_urls_in_links_and_images_lead_nowhere() {
    insta::assert_snapshot!(render(
        "[click](javascript:alert(1)) [tabbed](java\tscript:alert(2)) <javascript:alert(3)>\n\n![img](JAVASCRIPT:alert(4)) ![ok](data:image/png;base64,AAAA)\n\n[html](data:text/html,<script>alert(5)</script>) [vb](vbscript:msgbox)\n\n<a href=\"JaVaScRiPt:alert(6)\">raw link</a> <img src=\"javascript:alert(7)\"> <a href=\"https://example.com/?q=javascript:x\">fine</a>\n\n{% embed url=\"javascript:alert(8)\" %}\n\n{% content-ref url=\"vbscript:x\" %}\n[x](vbscript:x)\n{% endcontent-ref %}\n"
    ));
}

#[test]
fn code_is_highlighted_by_language_and_unknown_ones_stay_plain() {
    insta::assert_snapshot!(render_without_icons(
        "```yaml\n# settings\ntitle: \"Help <desk>\"\nport: 8080\n```\n\n```diff\n@@ -1 +1 @@\n-old line\n+new line\n```\n\n```python\ndef greet(name):\n    return f\"hi {name}\"  # say hi\n```\n\n```klingon\nqapla' <b>\n```\n\n```\nno language & plain\n```\n",
        &[]
    ));
}

/// Issue 25 §4: what GitBook's exporter writes in HTML. A card cover named
/// with two spaces keeps both (the image is found as named on disk); cards
/// and buttons whose target GitBook exported as `/broken/pages/…` get no
/// href, with a warning.
#[test]
fn exported_card_covers_and_broken_page_targets() {
    insta::assert_snapshot!(render_without_icons(
        concat!(
            "<table data-view=\"cards\"><thead><tr><th></th>",
            "<th data-hidden data-card-target data-type=\"content-ref\"></th>",
            "<th data-hidden data-card-cover data-type=\"files\"></th></tr></thead><tbody>",
            "<tr><td><strong>Vault</strong></td><td><a href=\"guide/install.md\">install.md</a></td>",
            "<td><a href=\".gitbook/assets/vault  van gogh style.png\">vault  van gogh style.png</a></td></tr>",
            "<tr><td><strong>Gone</strong></td><td><a href=\"/broken/pages/8kWb2pQx\">Broken link</a></td><td></td></tr>",
            "</tbody></table>\n\n",
            "<a href=\"/broken/pages/Zq81\" class=\"button primary\">Start</a> ",
            "<a href=\"guide/install.md\" class=\"button secondary\">Install</a>\n\n",
            "A link into [another space](/broken/spaces/Xy12) that GitBook could not export.\n"
        ),
        &[(".gitbook/assets/vault  van gogh style.png", "png")]
    ));
}

/// Issue 25 §4: `{% @vendor/block … %}` integrations are cards titled with
/// the vendor's name (or the block's title) and linked to their URL.
#[test]
fn integration_blocks_name_their_vendor_and_link_their_url() {
    insta::assert_snapshot!(render_without_icons(
        concat!(
            "{% @arcade/embed flowId=\"Fl0wAbc123\" url=\"https://app.arcade.software/share/Fl0wAbc123\" %}\n\n",
            "{% @arcade/embed url=\"https://app.arcade.software/share/T1tl3d\" title=\"Create a ticket\" %}\n\n",
            "{% @arcade/embed flowId=\"N0Url\" %}\n\n",
            "{% @some_vendor/widget-block %}\n\n",
            "{% @arcade/embed url=\"javascript:alert(1)\" %}\n"
        ),
        &[]
    ));
}

/// Issue 25 (from the corpus): GitBook writes `srcset` file names with their
/// spaces unencoded; each candidate is the file as named on disk, not the
/// URL up to the first space.
#[test]
fn srcset_file_names_with_spaces_resolve() {
    insta::assert_snapshot!(render_without_icons(
        concat!(
            "<picture><source srcset=\".gitbook/assets/Premium Badge Dark.png\" media=\"(prefers-color-scheme: dark)\">",
            "<source srcset=\".gitbook/assets/badge (1).svg 1x, .gitbook/assets/badge big.png 2x\">",
            "<img src=\".gitbook/assets/Premium Badge Light.png\" alt=\"Premium\"></picture>\n"
        ),
        &[
            (".gitbook/assets/Premium Badge Dark.png", "png"),
            (".gitbook/assets/Premium Badge Light.png", "png"),
            (".gitbook/assets/badge (1).svg", "<svg/>"),
            (".gitbook/assets/badge big.png", "png"),
        ]
    ));
}

/// Issue 25 (from the corpus): links GitBook follows land here too. An
/// anchor that differs only in case goes to the id as the page writes it; a
/// page or folder linked without `.md`, as GitBook's URLs are, is found;
/// links in raw HTML tables are resolved like Markdown links, a missing
/// anchor included.
#[test]
fn links_gitbook_follows_by_case_without_md_and_in_html_tables() {
    insta::assert_snapshot!(render(concat!(
        "<a id=\"Mixed-Case\"></a>\n\n",
        "[Case](guide/install.md#Requirements), [here](#mixed-case), ",
        "[no .md](guide/install), [slash](guide/install/#requirements), [folder](guide/).\n\n",
        "<table><tr><td><a href=\"guide/install.md#old-anchor\">Old</a></td>",
        "<td><a href=\"guide/install.md#REQUIREMENTS\">Req</a></td>",
        "<td><a href=\"guide/install\">Install</a></td></tr></table>\n"
    )));
}

/// Issue 24 §5: GitBook blocks indented inside a list item render inside
/// that item, and the list goes on (item 2 in the same `<ol>`).
#[test]
fn issue_24_blocks_inside_list_items_stay_in_the_item() {
    insta::assert_snapshot!(render(concat!(
        "1. Open the editor.\n\n",
        "   {% hint style=\"info\" %}\n   The editor opens in a new tab.\n   {% endhint %}\n",
        "2. Pick a tab.\n\n",
        "   {% tabs %}\n   {% tab title=\"macOS\" %}\n   Press ⌘S.\n   {% endtab %}\n",
        "   {% tab title=\"Windows\" %}\n   Press Ctrl+S.\n   {% endtab %}\n   {% endtabs %}\n",
        "3. Run it:\n\n",
        "   {% code title=\"run.sh\" %}\n   ```bash\n   quire build\n   ```\n   {% endcode %}\n",
        "   {% embed url=\"https://www.youtube.com/watch?v=abc123\" %}\n",
        "4. Follow the steps:\n\n",
        "   {% stepper %}\n   {% step %}\n   ### Save\n\n   Save the page.\n   {% endstep %}\n   {% endstepper %}\n",
        "5. Read more:\n\n",
        "   <details>\n\n   <summary>Details</summary>\n\n   Hidden **text**.\n\n   </details>\n",
        "6. Done.\n\n",
        "* Nested list:\n  * Inner item\n\n    {% hint style=\"warning\" %}\n    Deeper.\n    {% endhint %}\n  * Inner two\n",
    )));
}

/// Issue 24 §5: a block that starts on its item's marker line (`1. {% hint %}`)
/// is the item's first content, its body dedented to the item's column:
/// the list goes on after it, in the page and in its Markdown twin.
#[test]
fn issue_24_a_block_on_the_marker_line_is_its_item() {
    let source = concat!(
        "1. {% hint style=\"warning\" %}\n   Back up first.\n   {% endhint %}\n",
        "2. Open the editor.\n",
        "10. {% hint style=\"info\" %}\n    Four columns in, still text.\n    {% endhint %}\n",
        "11. Save.\n\n",
        "- {% hint %}\n  A dash item.\n  {% endhint %}\n- Dash two.\n\n",
        "* Nested:\n  * {% tabs %}\n    {% tab title=\"A\" %}\n    Tab text.\n    {% endtab %}\n    {% endtabs %}\n  * Inner two.\n",
    );
    insta::assert_snapshot!(render(source));
}

/// Issue 24 §5: where the indentation does not put a block in an item, it
/// stays after the list, as CommonMark reads it; a list inside a block's
/// body (a step) keeps its blocks too, and footnotes keep their order.
#[test]
fn issue_24_blocks_outside_items_and_inside_steps() {
    insta::assert_snapshot!(render(concat!(
        "1. Not indented:\n\n{% hint %}\nAfter the list.\n{% endhint %}\n2. A new list.\n\n",
        "{% stepper %}\n{% step %}\n### First\n\n1. Open[^a].\n\n   {% hint %}\n   In the step's list[^b].\n   {% endhint %}\n2. Close.\n{% endstep %}\n{% endstepper %}\n\n",
        "[^a]: First note.\n[^b]: Second note.\n",
    )));
}

/// Issue 24 §1: emphasis beside CJK punctuation, after the CJK-friendly
/// amendments to CommonMark (markdown-cjk-friendly). One case a line, each
/// the kind of sentence the specification's examples stand for.
#[test]
fn issue_24_cjk_friendly_emphasis() {
    insta::assert_snapshot!(render(concat!(
        // Japanese: CJK punctuation just inside the run.
        "設定が**完了しました。**次の手順に進みます。\n\n",
        "ボタン**「保存」**を押します。\n\n",
        "カッコの中も**（省略可）**太字になります。\n\n",
        // Pairs CommonMark would make wrongly: the second run closes here.
        "**「設定」**を開き**保存**します。\n\n",
        "**[インストール](guide/install.md)**と**[ガイド](guide/README.md)**を読みます。\n\n",
        "**`quire build`**を実行します。\n\n",
        // Symbols and enclosed numbers.
        "料金は**¥1,200**です。答えは**③**です。\n\n",
        // Simplified Chinese.
        "**提示：**请先登录。\n\n",
        "点击**（设置）**进入页面。\n\n",
        // Korean.
        "**설정(settings)**을 엽니다.\n\n",
        "**`npm test`**를 실행합니다.\n\n",
        // CJK symbols that are also emoji without a presentation selector; a real emoji stays CommonMark's.
        "x**〽**y x**🈂**y x**😀**y\n\n",
        // Ideographs outside the BMP and with variation selectors.
        "𠮷**(よし)**野\n\n",
        "葛\u{E0100}**(かつ)**城\n\n",
        "**\u{201C}\u{FE01}Git\u{201D}\u{FE01}**Hub\n\n",
        // Underscores: not inside words, but beside CJK punctuation.
        "__注意__：本文\n\n",
        "注意：__本文__\n\n",
        "漢字_と_かな\n\n",
        // Strikethrough.
        "旧名~~「Orbit」~~は廃止。\n\n",
        "~~終了。~~Renamed.\n\n",
        // Headings and table cells follow the same rules.
        "## **「概要」**について\n\n",
        "| 項目 | 説明 |\n| --- | --- |\n| **「名前」**は | 必須 |\n\n",
        // Latin text keeps CommonMark's rules.
        "a**\"b\"**c and snake_case_name\n",
    )));
}

/// Issue 24 §1: GitBook's exporter leaves empty emphasis runs behind; GitBook
/// shows nothing for them. Lines that are only a run keep their CommonMark
/// meaning, and what the author escaped or put in code stays.
#[test]
fn issue_24_exporter_empty_emphasis_runs_are_dropped() {
    insta::assert_snapshot!(render(concat!(
        "****[**Video calls**](guide/install.md): set up the plugin.\n\n",
        "## Set up the video plugin ****&#x20;\n\n",
        "Grant this permission **** to any role.\n\n",
        "Retired ____ options and ~~~~ old names.\n\n",
        "Kept: \\*\\*\\*\\* escaped, `****` in code, ****bold**** paired.\n\n",
        "****\n\n",
        "~~~~\nfenced\n~~~~\n",
    )));
}
