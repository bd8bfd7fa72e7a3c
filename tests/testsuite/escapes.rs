//! Issue 21: content can never make quire read or write outside the space
//! and the output, or run code. Each hostile space is made here, at test
//! time: several cases are symlinks, git repositories or paths outside the
//! temporary folder.

use crate::util::{assert_reported, Space};

/// A symlinked `--out` is refused (exit 2), naming the link and its target,
/// and neither the link nor the folder it names is touched.
#[cfg(unix)]
#[test]
fn a_symlinked_output_is_refused_naming_link_and_target() {
    let space = Space::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join(".quire-output"), "").unwrap();
    std::fs::write(elsewhere.path().join("keep.html"), "kept").unwrap();
    let link = space.path().join("site");
    std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();

    let run = space.build(&["--out", "site"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let target = std::fs::canonicalize(elsewhere.path()).unwrap();
    assert_reported(
        &run.stderr,
        &[&format!(
            "error: refusing to write the output to `{}`: it is a symlink to `{}`; pass that folder itself as --out",
            link.display(),
            target.display()
        )],
    );
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        crate::util::snapshot_dir(elsewhere.path()),
        [
            (".quire-output".to_string(), vec![]),
            ("keep.html".to_string(), b"kept".to_vec())
        ]
    );
    // The target itself is a fine output.
    let run = space.build(&["--out", target.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(target.join("index.html").is_file());
}

/// `quire init` treats a symlink as a file that exists: without `--force` it
/// lists the link and changes nothing; with `--force` it replaces the link
/// itself, names it, and never writes where it pointed.
#[cfg(unix)]
#[test]
fn init_never_writes_through_a_symlink() {
    let space = Space::new();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.yaml");
    let folder = outside.path().join("folder");
    let nowhere = outside.path().join("nowhere.yml");
    std::fs::write(&victim, "precious\n").unwrap();
    std::fs::create_dir(&folder).unwrap();
    let kb = space.path().join("kb");
    std::fs::create_dir_all(kb.join(".github/workflows")).unwrap();
    let link =
        |to: &std::path::Path, at: &str| std::os::unix::fs::symlink(to, kb.join(at)).unwrap();
    link(&victim, "quire.yaml");
    link(&folder, "content");
    link(&nowhere, ".github/workflows/publish.yml");
    let untouched = || {
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
        assert!(!nowhere.exists());
    };

    let run = crate::util::quire(space.path(), &["init", "kb"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let listed = format!(
        "error: these files exist and would be overwritten:\n  kb/quire.yaml (a symlink to `{}`)\n  kb/content (a symlink to `{}`)\n  kb/.github/workflows/publish.yml (a symlink to `{}`)\nNothing was changed.",
        victim.display(),
        folder.display(),
        nowhere.display()
    );
    assert_reported(&run.stderr, &[&listed]);
    untouched();

    let run = crate::util::quire(space.path(), &["init", "kb", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_reported(
        &run.stderr,
        &[
            &format!("  replaced the symlink kb/quire.yaml with a real file; `{}`, where it pointed, was left as it was", victim.display()),
            &format!("  replaced the symlink kb/content with a real folder; `{}`, where it pointed, was left as it was", folder.display()),
            &format!("  replaced the symlink kb/.github/workflows/publish.yml with a real file; `{}`, where it pointed, was left as it was", nowhere.display()),
        ],
    );
    untouched();
    for written in [
        "quire.yaml",
        "content",
        "content/README.md",
        ".github/workflows/publish.yml",
    ] {
        let meta = std::fs::symlink_metadata(kb.join(written)).unwrap();
        assert!(!meta.file_type().is_symlink(), "{written} is still a link");
    }
    assert!(std::fs::read_to_string(kb.join("quire.yaml"))
        .unwrap()
        .contains("title:"));

    // `--from-gitbook --force` writes only quire.yaml, and the same way.
    std::fs::remove_file(kb.join("quire.yaml")).unwrap();
    link(&victim, "quire.yaml");
    let run = crate::util::quire(space.path(), &["init", "kb", "--from-gitbook"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reported(
        &run.stderr,
        &[&format!(
            "  kb/quire.yaml (a symlink to `{}`)",
            victim.display()
        )],
    );
    let run = crate::util::quire(space.path(), &["init", "kb", "--from-gitbook", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_reported(&run.stderr, &[&format!("  replaced the symlink kb/quire.yaml with a real file; `{}`, where it pointed, was left as it was", victim.display())]);
    untouched();
}

/// Redirects stay inside the output: an old path whose `..` (however
/// spelled) would leave it is an error at its line, as is a target that
/// would run a script; one that would replace a page is skipped with a
/// warning. `check` reports the same. Nothing beside the space changes.
#[test]
fn redirects_stay_inside_the_output() {
    let root = tempfile::tempdir().unwrap();
    let victim = root.path().join("victim.html");
    std::fs::write(&victim, "precious").unwrap();
    let space = root.path().join("repo/space");
    std::fs::create_dir_all(&space).unwrap();
    let gitbook = "redirects:\n  ../../victim: README.md\n  \"%2e%2e/%2E%2E/victim\": README.md\n  ..\\..\\victim: README.md\n  /old/../../../victim: README.md\n  /top: guide.md\n  js: \"&#106;avascript:alert(1)\"\n  guide: README.md\n  fine/old: guide.md\n";
    std::fs::write(space.join(".gitbook.yaml"), gitbook).unwrap();
    std::fs::write(space.join("README.md"), "# Home\n").unwrap();
    std::fs::write(space.join("guide.md"), "# Guide\n").unwrap();
    let expected = [
        ".gitbook.yaml:2:3: error[redirect]: redirect `../../victim` leads outside the output; not written",
        ".gitbook.yaml:3:3: error[redirect]: redirect `%2e%2e/%2E%2E/victim` leads outside the output; not written",
        ".gitbook.yaml:4:3: error[redirect]: redirect `..\\..\\victim` leads outside the output; not written",
        ".gitbook.yaml:5:3: error[redirect]: redirect `/old/../../../victim` leads outside the output; not written",
        ".gitbook.yaml:7:3: error[redirect]: redirect `js` → `&#106;avascript:alert(1)` would run a script; not written",
    ];
    for pretty in ["false", "true"] {
        let guide = if pretty == "true" {
            "guide/index.html"
        } else {
            "guide.html"
        };
        let skipped = format!(".gitbook.yaml:8:3: warning[redirect]: redirect `guide` would replace `{guide}`, which the site already has; skipped");
        std::fs::write(
            space.join("quire.yaml"),
            format!("content: .\npretty_urls: {pretty}\n"),
        )
        .unwrap();
        let run = crate::util::quire(&space, &["build", "."]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_reported(&run.stderr, &expected);
        assert_reported(&run.stderr, &[&skipped]);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let beside: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside.len(), 2, "{beside:?}");
        assert_eq!(
            std::fs::read_dir(root.path().join("repo")).unwrap().count(),
            1
        );
        // The rules that hold still apply, and the page stays a page.
        let out = space.join("output");
        let (top, fine) = if pretty == "true" {
            ("top/index.html", "fine/old/index.html")
        } else {
            ("top.html", "fine/old.html")
        };
        assert!(out.join(top).is_file() && out.join(fine).is_file());
        assert!(std::fs::read_to_string(out.join(guide))
            .unwrap()
            .contains("<h1"));
    }
    let run = crate::util::quire(&space, &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Check reports the same findings, in the same words, as the build.
    assert_reported(&run.stderr, &expected);
}

/// `root` and `structure` of `.gitbook.yaml` lead only inside the folder
/// that holds it, after symlinks: otherwise nothing is built (exit 2) and
/// the message names the line.
#[test]
fn gitbook_root_and_structure_stay_inside_the_repository() {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("README.md"), "# id_rsa\n\nPRIVATE KEY\n").unwrap();
    let repo = root.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("README.md"), "# Home\n").unwrap();
    let deep_summary = format!(
        "structure:\n  readme: README.md\n  summary: \"{}etc/passwd\"\n",
        "../".repeat(40)
    );
    let mut cases: Vec<(&str, String)> = vec![
        ("root: ../outside\n", format!(".gitbook.yaml:1:1: `root: ../outside` leads outside the folder that holds `.gitbook.yaml`, to `{}`", outside.display())),
        ("root: /\n", ".gitbook.yaml:1:1: `root: /` leads outside the folder that holds `.gitbook.yaml`, to `/`".to_string()),
        (
            "# GitBook\nstructure:\n  readme: ../outside/README.md\n",
            format!(".gitbook.yaml:3:3: `readme: ../outside/README.md` leads outside the folder that holds `.gitbook.yaml`, to `{}`", outside.join("README.md").display()),
        ),
        (
            &deep_summary,
            format!(".gitbook.yaml:3:3: `summary: {}etc/passwd` leads outside the folder that holds `.gitbook.yaml`, to `/etc/passwd`", "../".repeat(40)),
        ),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, repo.join("docs")).unwrap();
        std::os::unix::fs::symlink(outside.join("README.md"), repo.join("intro.md")).unwrap();
        let real = std::fs::canonicalize(&outside).unwrap();
        cases.push(("root: ./docs/\n", format!(".gitbook.yaml:1:1: `root: ./docs/` leads outside the folder that holds `.gitbook.yaml`, to `{}`", real.display())));
        cases.push((
            "structure:\n  readme: intro.md\n",
            format!(".gitbook.yaml:2:3: `readme: intro.md` leads outside the folder that holds `.gitbook.yaml`, to `{}`", real.join("README.md").display()),
        ));
    }
    for (yaml, message) in cases {
        std::fs::write(repo.join(".gitbook.yaml"), yaml).unwrap();
        for command in ["build", "check"] {
            let run = crate::util::quire(&repo, &[command, "."]);
            assert_eq!(run.code, 2, "{yaml}: {}", run.stderr);
            assert_reported(
                &run.stderr,
                &[&format!(
                    "error: {message}; quire reads only what is inside it"
                )],
            );
        }
        assert!(!repo.join("output").exists(), "{yaml}");
    }
    // Inside, it all still works.
    std::fs::create_dir_all(repo.join("inner")).unwrap();
    std::fs::write(repo.join("inner/start.md"), "# Start\n").unwrap();
    std::fs::write(
        repo.join(".gitbook.yaml"),
        "root: ./inner/\nstructure:\n  readme: start.md\n",
    )
    .unwrap();
    let run = crate::util::quire(&repo, &["build", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Script URLs in raw HTML, hidden behind character references or in any
/// URL attribute of HTML and SVG: each is written leading nowhere, with an
/// `unsafe-link` warning that shows the URL the browser would have read.
#[test]
fn script_urls_behind_character_references_in_any_url_attribute() {
    // (raw HTML, the URL as the warning shows it)
    let cases = [
        (
            r#"<p><a href="&#106;avascript:alert(1)">1</a></p>"#,
            "javascript:alert(1)",
        ),
        (
            r#"<p><a href="java&#x09;script:alert(2)">2</a></p>"#,
            "java\\tscript:alert(2)",
        ),
        (
            r#"<p><a href="javascript&colon;alert(3)">3</a></p>"#,
            "javascript:alert(3)",
        ),
        (
            r#"<p><a href="jav&NewLine;ascript:alert(4)">4</a></p>"#,
            "jav\\nascript:alert(4)",
        ),
        (
            r#"<p><a href="&#0000106avascript:alert(5)">5</a></p>"#,
            "javascript:alert(5)",
        ),
        (
            r#"<p><img src="&#x6A;avascript:alert(6)" alt=""></p>"#,
            "javascript:alert(6)",
        ),
        (
            r#"<p><img srcset="https://example.com/ok.png 1x, javascript:alert(7) 2x" alt=""></p>"#,
            "javascript:alert(7)",
        ),
        (
            r#"<form action="javascript:alert(8)"></form>"#,
            "javascript:alert(8)",
        ),
        (
            r#"<form><button formaction="VBScript:msgbox(9)">9</button></form>"#,
            "VBScript:msgbox(9)",
        ),
        (
            r#"<div><svg><a xlink:href="javascript:alert(10)"><text>10</text></a></svg></div>"#,
            "javascript:alert(10)",
        ),
        (
            r#"<object data="data:text/html,hi"></object>"#,
            "data:text/html,hi",
        ),
        (
            r#"<video poster="javascript:alert(12)"></video>"#,
            "javascript:alert(12)",
        ),
        (
            r#"<blockquote cite="javascript:alert(13)">13</blockquote>"#,
            "javascript:alert(13)",
        ),
        (
            r#"<table background="javascript:alert(14)"><tr><td>14</td></tr></table>"#,
            "javascript:alert(14)",
        ),
        (
            r#"<p><a ping="javascript:alert(15)" href="https://example.com/">15</a></p>"#,
            "javascript:alert(15)",
        ),
        (
            r#"<div><a/href="javascript:alert(16)">16</a></div>"#,
            "javascript:alert(16)",
        ),
        (
            "<div><a\nhref=\"javascript:alert(17)\">17</a></div>",
            "javascript:alert(17)",
        ),
    ];
    let mut page = String::from("# Hostile HTML\n");
    let mut expected = vec![];
    for (html, shown) in cases {
        let line = page.lines().count() + 2;
        page.push_str(&format!("\n{html}\n"));
        expected.push(format!(
            "page.md:{line}:1: warning[unsafe-link]: `{shown}` would run a script; written as a link to nowhere"
        ));
    }
    let line = page.lines().count() + 2;
    page.push_str("\nInline <a href=\"&#106;avascript:alert(18)\">18</a> too.\n");
    expected.push(format!("page.md:{line}:8: warning[unsafe-link]: `javascript:alert(18)` would run a script; written as a link to nowhere"));
    // What is safe stays as written, and links to pages still resolve.
    page.push_str("\n<form action=\"https://example.com/search\"><a href=\"README.md\" cite=\"https://example.com/q\">home</a></form>\n");

    let space = Space::new();
    space.file("README.md", "# Home\n").file("page.md", &page);
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_reported(&run.stderr, &expected);
    assert_eq!(
        run.stderr.matches("would run a script").count(),
        expected.len(),
        "{}",
        run.stderr
    );
    let html = space.read_out("page.html");
    let body = &html[html.find("<h1").unwrap()..html.find("</main>").unwrap()];
    let lower = body.to_lowercase();
    for live in [
        "javascript",
        "vbscript",
        "data:text",
        "&#106;",
        "&#x6a;",
        "&colon;",
    ] {
        assert!(!lower.contains(live), "{live} left in:\n{body}");
    }
    assert_eq!(
        body.matches("about:invalid#unsafe-url").count(),
        expected.len(),
        "{body}"
    );
    assert!(body.contains(r#"<form action="https://example.com/search"><a href="index.html" cite="https://example.com/q">home</a></form>"#), "{body}");
}

/// `base_url` and `edit_url` (in `quire.yaml` or on the command line) that
/// would run a script are fatal configuration errors naming the line.
#[test]
fn script_urls_in_the_configuration_are_fatal() {
    let space = Space::new();
    space.file("content/README.md", "# Home\n");
    for (yaml, message) in [
        (
            "title: Docs\nbase_url: \"&#106;avascript:alert(1)//\"\n",
            "quire.yaml:2:1: error[config]: `base_url` is `&#106;avascript:alert(1)//`, a URL that would run a script; give an http(s) URL",
        ),
        (
            "title: Docs\n\nedit_url: \"java\\tscript:alert(1)//{path}\"\n",
            "quire.yaml:3:1: error[config]: `edit_url` is `java\\tscript:alert(1)//{path}`, a URL that would run a script; give an http(s) URL",
        ),
    ] {
        space.file("quire.yaml", yaml);
        for command in ["build", "check"] {
            let run = space.run(command, &[]);
            assert_eq!(run.code, 2, "{}", run.stderr);
            assert_reported(&run.stderr, &[message]);
        }
    }
    space.file("quire.yaml", "title: Docs\n");
    let run = space.build(&["--base-url", "javascript%3Aalert(1)"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_reported(&run.stderr, &["error: --base-url is `javascript%3Aalert(1)`, a URL that would run a script; give an http(s) URL"]);
    assert!(!space.out().exists());
}

/// Files of the space never replace quire's own scripts, styles and search
/// files (a warning at each); its own `robots.txt`, `sitemap.xml` and 404
/// page are there on purpose and win.
#[test]
fn quire_own_assets_win_over_content_but_host_files_of_the_space_win() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n\n[setup](guide.md)\n")
        .file("guide.md", "# Guide\n")
        .file("nav.js", "alert('nav')")
        .file("assets/quire.css", "body{display:none}")
        .file("assets/quire.js", "alert('theme')")
        .file("search/manifest.js", "alert('search')")
        .file("search/terms-0000000000000000.js", "alert('shard')")
        .file("assets/diagram.png", "png")
        .file("search/README.md", "# About search\n")
        .file("robots.txt", "User-agent: *\nDisallow: /\n")
        .file("sitemap.xml", "<urlset/>\n")
        .file("404.html", "<p>Our own 404</p>\n");
    let run = space.build(&["--base-url", "https://docs.example.com/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reserved = |path: &str| {
        format!("{path}: warning[reserved]: `{path}` is where quire writes its own script, style or search file; that one is published, not this file (rename it)")
    };
    let own = [
        "assets/quire.css",
        "assets/quire.js",
        "nav.js",
        "search/manifest.js",
        "search/terms-0000000000000000.js",
    ];
    let expected: Vec<String> = own.iter().map(|p| reserved(p)).collect();
    assert_reported(
        &run.stderr,
        &expected.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(
        run.stderr.matches(": warning[").count(),
        own.len(),
        "{}",
        run.stderr
    );
    for path in own.iter().filter(|p| space.out().join(p).exists()) {
        let written = space.read_out(path);
        assert!(
            !written.contains("alert(") && !written.contains("display:none"),
            "{path}: {written}"
        );
    }
    assert!(space.read_out("nav.js").starts_with("window.quireNav"));
    assert!(space
        .read_out("search/manifest.js")
        .starts_with("window.quireSearchFiles"));
    assert!(!space
        .out()
        .join("search/terms-0000000000000000.js")
        .exists());
    assert_eq!(space.read_out("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert_eq!(space.read_out("sitemap.xml"), "<urlset/>\n");
    assert_eq!(space.read_out("404.html"), "<p>Our own 404</p>\n");
    assert_eq!(space.read_out("assets/diagram.png"), "png");
    assert!(space.read_out("search/index.html").contains("About search"));
}
