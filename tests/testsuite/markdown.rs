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
        .filter(|l| l.contains("warning: broken link"))
        .collect();
    assert_eq!(warnings.len(), 3, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("kb/billing.md:19:3:"),
        "{}",
        warnings[0]
    );
    assert_eq!(html.matches("class=\"broken-link\"").count(), 3);
}
