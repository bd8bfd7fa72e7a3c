//! A `:` in a file name or folder never turns a relative link into a URL
//! scheme (`javascript:x.md` → `javascript:x.html`, `FAQ: billing.md` →
//! scheme `faq:`), in any file the build writes. File names with `:` exist
//! only where the file system allows them.

use crate::util::{snapshot_dir, Space};

/// The schemes a URL in the output may start with: written by the author as
/// absolute URLs, or the neutral URL quire puts in place of a script.
const ALLOWED: &[&str] = &["http", "https", "mailto", "tel", "about"];

/// Every URL-shaped value in a written file: HTML attributes, meta refresh,
/// Markdown link destinations, and the strings of JSON data (nav.js, search
/// shards), with character references decoded as the browser would.
fn url_values(text: &str) -> Vec<String> {
    let text = decode_references(text);
    let mut values = vec![];
    for (open, close) in [
        ("href=\"", '"'),
        ("src=\"", '"'),
        ("srcset=\"", '"'),
        ("url=", '"'),
        ("](", ')'),
        ("<", '>'),
        ("\"", '"'),
    ] {
        let mut rest = text.as_str();
        while let Some(at) = rest.find(open) {
            rest = &rest[at + open.len()..];
            let end = rest.find(close).unwrap_or(rest.len());
            values.push(rest[..end].trim_start().to_string());
        }
    }
    values
}

fn decode_references(text: &str) -> String {
    text.replace("&#58;", ":")
        .replace("&#x3a;", ":")
        .replace("&#x3A;", ":")
        .replace("&colon;", ":")
}

/// The scheme a browser would read at the start of `url`, if any.
fn scheme(url: &str) -> Option<String> {
    let (head, _) = url.split_once(':')?;
    let mut chars = head.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)))
    .then(|| head.to_ascii_lowercase())
}

/// Every written file whose URL values start with a scheme quire must not
/// produce from a relative path, with the value.
fn schemes_written(out: &std::path::Path) -> Vec<String> {
    let mut found = vec![];
    for (rel, bytes) in snapshot_dir(out) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        for value in url_values(&text) {
            if let Some(s) = scheme(&value) {
                if !ALLOWED.contains(&s.as_str()) && (s == "javascript" || s == "faq") {
                    found.push(format!("{rel}: {value}"));
                }
            }
        }
    }
    found
}

/// A space whose file names start with `javascript:` and `FAQ:`, linked from
/// the sidebar (more than 60 entries, so nav.js builds it), from pages, an
/// iframe, a redirect, and indexed for search.
#[cfg(unix)]
fn space_with_scheme_shaped_names() -> Space {
    let space = Space::new();
    let mut summary = String::from(
        "# Summary\n\n* [Home](README.md)\n* [Tips](./javascript:alert%281%29.md)\n\
         * [Billing](<./FAQ: billing.md>)\n* [Deep](deep/er/page.md)\n",
    );
    for i in 0..61 {
        summary.push_str(&format!("* [Filler {i}](f{i}.md)\n"));
        space.file(&format!("f{i}.md"), &format!("# Filler {i}\n\nfiller\n"));
    }
    space
        .file("SUMMARY.md", &summary)
        .file(
            "README.md",
            "# Home\n\n[Read](javascript%3Aalert%281%29.md) and [bill](FAQ%3A%20billing.md)\n\n\
             [file](javascript%3Aalert%281%29)\n\n\
             <iframe src=\"./javascript:alert(1)\"></iframe>\n",
        )
        .file("javascript:alert(1).md", "# Tips\n\nsome tips quokka\n")
        .file("FAQ: billing.md", "# Billing\n\nbilling answers quokka\n")
        .file("javascript:alert(1)", "a file\n")
        .file("deep/er/page.md", "# Deep\n\n[tips](../../javascript:alert%281%29.md)\n")
        .file(
            ".gitbook.yaml",
            "redirects:\n  old/tips: ./javascript:alert(1).md\n  old/billing: \"./FAQ: billing.md\"\n",
        );
    space
}

#[cfg(unix)]
#[test]
fn a_colon_in_a_file_name_never_becomes_a_scheme_in_any_output() {
    let space = space_with_scheme_shaped_names();
    let run = space.build(&["--base-url", "https://docs.example.com/"]);
    assert!(run.code == 0, "{}", run.stderr);
    let out = space.out();
    // The files the finding named are all there to be looked at.
    for rel in [
        "index.html",
        "404.html",
        "nav.js",
        "index.md",
        "llms.txt",
        "llms-full.txt",
        "print.html",
        "sitemap.xml",
        "old/tips.html",
        "deep/er/page.html",
    ] {
        assert!(
            out.join(rel).is_file(),
            "{rel} not written:\n{}",
            run.stderr
        );
    }
    let found = schemes_written(&out);
    assert!(
        found.is_empty(),
        "scheme-shaped URLs:\n{}",
        found.join("\n")
    );
    // The links still lead to the pages.
    let home = space.read_out("index.html");
    assert!(
        home.contains("href=\"javascript%3Aalert(1).html\""),
        "{home}"
    );
    assert!(home.contains("href=\"FAQ%3A%20billing.html\""), "{home}");
    crate::util::assert_internal_links_resolve(&out);
    let check = space.run("check", &[]);
    assert!(check.code == 0, "{}", check.stderr);
}

/// Finding 4: a print.html rebase decodes `&#58;` and `%3A` in a page of a
/// subfolder; what it writes back is still a relative path, never a scheme.
#[test]
fn print_never_turns_an_encoded_colon_into_a_scheme() {
    let space = Space::new();
    space
        .file(
            "SUMMARY.md",
            "# Summary\n\n* [Home](README.md)\n* [Sub](sub/a.md)\n",
        )
        .file("README.md", "# Home\n\ntext\n")
        .file(
            "sub/a.md",
            "# Sub page\n\n<a href=\"../javascript&#58;alert(2)\">raw link</a>\n\n\
             <iframe src=\"../javascript&#58;alert(3)\"></iframe>\n\n\
             ![img](../javascript%3Aalert%285%29)\n",
        );
    space.build(&[]);
    let print = space.read_out("print.html");
    assert!(print.contains("raw link"), "{print}");
    let found: Vec<String> = url_values(&print)
        .into_iter()
        .filter(|v| scheme(v).is_some_and(|s| s == "javascript"))
        .collect();
    assert!(found.is_empty(), "script URLs in print.html: {found:?}");
}
