//! Issue 11: inputs written by many hands, however broken, get a message
//! naming the file and line; none panics, hangs or reads outside the space,
//! and the other pages are still built. The space is made here rather than
//! kept as files: several inputs are megabytes, or binary, or symlinks.

use crate::util::Space;

/// Front matter of every broken kind, with the message each one gets.
#[test]
fn front_matter_of_every_broken_kind() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("invalid.md", "---\ntitle: [unclosed\n---\n# Invalid\n")
        .file("unterminated.md", "---\ndescription: x\n# Never closed\n")
        .file("list.md", "---\n- a\n- b\n---\n# List\n")
        .file("scalar.md", "---\njust text\n---\n# Scalar\n")
        .file("tabs.md", "---\ndescription:\tx\n\tbad: 1\n---\n# Tabs\n")
        .file(
            "bom.md",
            "\u{feff}---\ndescription: with a BOM\n---\n# BOM\n",
        )
        .file(
            "crlf.md",
            "---\r\ndescription: with CRLF\r\n---\r\n# CRLF\r\n\r\nText\r\n",
        )
        .file("bomb.md", &alias_bomb());
    let big: String = (0..20_000)
        .map(|i| format!("k{i}: \"{}\"\n", "x".repeat(40)))
        .collect();
    space.file("big.md", &format!("---\n{big}---\n# Big front matter\n"));
    let run = space.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &[
        "bomb.md:2:1: error[front-matter]: malformed front matter: repetition limit exceeded",
        "invalid.md:2:8: error[front-matter]: malformed front matter: title: invalid type: sequence, expected a string",
        "list.md:2:1: error[front-matter]: malformed front matter: front matter must be a mapping of `key: value` lines",
        "scalar.md:2:1: error[front-matter]: malformed front matter: front matter must be a mapping of `key: value` lines",
        "tabs.md:3:1: error[front-matter]: malformed front matter: tab used for indentation; YAML only allows spaces",
        "unterminated.md:1:1: error[front-matter]: malformed front matter: front matter opened with `---` on line 1 is never closed by a `---` line",
    ],
    );
    // A BOM and CRLF are fine; a megabyte of keys quire does not know gets
    // a few lines, not one per key.
    for quiet in ["bom.md", "crlf.md"] {
        assert!(!run.stderr.contains(quiet), "{quiet}: {}", run.stderr);
    }
    assert_eq!(run.stderr.matches("big.md:").count(), 6, "{}", run.stderr);
    assert!(run.stderr.contains(
        "big.md:7:1: warning[unknown-key]: 19995 more unknown front-matter keys, from this line on"
    ));
    assert!(space
        .read_out("bom.html")
        .contains("content=\"with a BOM\""));
    assert!(space
        .read_out("crlf.html")
        .contains("content=\"with CRLF\""));
    assert!(space.read_out("big.html").contains("Big front matter"));
    // A page with broken front matter is written, showing the error.
    assert!(space
        .read_out("invalid.html")
        .contains("malformed front matter"));
}

/// Nine levels of nine aliases each: 9^10 strings if expanded.
fn alias_bomb() -> String {
    let mut yaml =
        String::from("---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for level in 1..10u8 {
        let (name, previous) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        let refs = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    yaml + "---\n# Bomb\n"
}

/// Bytes that are not text, sizes and depths that are not reasonable, and
/// names that are awkward in URLs.
#[test]
fn files_of_every_awkward_kind() {
    let space = Space::new();
    space.file("README.md", "# Home\n").file("empty.md", "");
    std::fs::write(space.path().join("latin1.md"), b"# Caf\xe9 menu\n").unwrap();
    let binary: Vec<u8> = (0..=255u8).cycle().take(25_600).collect();
    std::fs::write(space.path().join("binary.md"), binary).unwrap();
    let paragraph = format!(
        "{}\n\n",
        "Lorem ipsum dolor sit amet, consectetur. ".repeat(25)
    );
    space
        .file("huge.md", &format!("# Huge\n\n{}", paragraph.repeat(20_000)))
        .file("quotes.md", &format!("# Quotes\n\n{} deep\n", ">".repeat(100_000)))
        .file(
            "lists.md",
            &format!("# Lists\n\n{}", (0..3000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect::<String>()),
        )
        .file(
            "tags.md",
            &format!("# Tags\n\n{}x\n{}", "{% hint style=\"info\" %}\n".repeat(20_000), "{% endhint %}\n".repeat(20_000)),
        )
        .file("longline.md", &format!("# Long\n\n{}\n", "word ".repeat(400_000)))
        .file("name with space.md", "# Space\n")
        .file("hash#name.md", "# Hash\n")
        .file("q?name.md", "# Question\n")
        .file("pct%20name.md", "# Percent\n")
        .file("名稱.md", "# Unicode\n")
        .file(
            "links.md",
            "# Links\n\n[s](name%20with%20space.md) [h](hash%23name.md) [q](q%3Fname.md) [p](pct%2520name.md) [u](名稱.md)\n",
        );
    let run = space.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &[
        "binary.md: error[encoding]: not valid UTF-8 at byte 128; save the file as UTF-8",
        "latin1.md: error[encoding]: not valid UTF-8 at byte 5; save the file as UTF-8",
        "tags.md:51:1: warning[tag]: blocks nested deeper than 48 levels are shown without their frames",
    ],
    );
    for page in ["huge", "quotes", "lists", "longline", "empty"] {
        assert!(space.out().join(format!("{page}.html")).is_file(), "{page}");
    }
    let links = space.read_out("links.html");
    for href in [
        "name%20with%20space.html",
        "hash%23name.html",
        "q%3Fname.html",
        "pct%2520name.html",
        "%E5%90%8D%E7%A8%B1.html",
    ] {
        assert!(
            links.contains(&format!("href=\"{href}\"")),
            "{href}: {links}"
        );
    }
    crate::util::assert_internal_links_resolve(&space.out());
}

/// SUMMARY entries and includes that lead out of the space or in circles.
#[test]
fn structure_that_leads_outside_or_in_circles() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file(
            "SUMMARY.md",
            "* [Home](README.md)\n* [Passwd](../../etc/passwd)\n* [Missing](missing.md)\n* [Home again](README.md)\n",
        )
        .file("a.md", "# A\n\n{% include \"b.md\" %}\n")
        .file("b.md", "# B\n\n{% include \"a.md\" %}\n")
        .file("out.md", "# Out\n\n{% include \"../../../etc/passwd\" %}\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &[
            "SUMMARY.md:2:3: error[summary]: `../../etc/passwd` points outside the space",
            "SUMMARY.md:3:3: error[summary]: no page `missing.md` for this entry",
            "SUMMARY.md:4:3: warning[summary]: `README.md` is listed again (first on line 1)",
            "a.md:3:1: error[include]: include cycle: b.md → a.md → b.md",
            "out.md:3:1: error[include]: include `../../../etc/passwd` points outside the space; refused",
        ],
    );
    assert!(!space.read_out("out.html").contains("root:"));
    // A SUMMARY with no links at all still gives a site.
    space.file(
        "SUMMARY.md",
        "# Table of contents\n\nJust prose, no list.\n",
    );
    let run = space.build(&[]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert!(space.out().join("index.html").is_file());
}

/// A `.gitbook.yaml` whose root does not exist: nothing can be built, and
/// the message says why.
#[test]
fn a_gitbook_root_that_does_not_exist_is_fatal_and_named() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file(".gitbook.yaml", "root: ./nowhere/\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`.gitbook.yaml` sets root to `")
            && run.stderr.contains("nowhere")
            && run.stderr.contains("which is not a folder"),
        "{}",
        run.stderr
    );
    assert!(!space.out().exists());
}
