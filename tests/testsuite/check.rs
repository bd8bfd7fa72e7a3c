//! `quire check`: findings judged for CI, in three formats, with exit codes.

use crate::util::{assert_reported, Run, Space};

fn check(space: &Space, args: &[&str]) -> Run {
    space.run("check", args)
}

/// A space with one finding of each kind check knows.
fn space_with_findings() -> Space {
    let space = Space::new();
    space
        .file("quire.yaml", "content: .\nbase_url: https://docs.example.com/kb/\n")
        .file("SUMMARY.md", "* [Home](README.md)\n* [Guide](guide.md)\n* [Gone](gone.md)\n")
        .file("README.md", "# Home\n\nSee the [guide](guide.md#setup) and [old notes](old.md).\n")
        .file(
            "guide.md",
            "# Guide\n\n## Install\n\nRead [the missing part](guide.md#setup).\n\n![diagram](img/missing.png)\n\nAsk [support](broken-reference).\n\nStatus: [status page](http://status.example.com/).\n\nBack to <a id=\"top\"></a>the <a id=\"top\"></a>top.\n\n{% hint style=\"info\" %}\nNever closed.\n",
        )
        .file("unlisted.md", "# Unlisted\n");
    space
}

#[test]
fn every_finding_with_its_place_kind_and_target() {
    let space = space_with_findings();
    let run = check(&space, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "README.md:3:9: error[missing-anchor]: broken link `guide.md#setup`: no heading or anchor `#setup` in `guide.md` (guide.md#setup)",
            "README.md:3:37: error[broken-link]: broken link `old.md`: no page or file `old.md` (old.md)",
            "SUMMARY.md:3:3: error[summary]: no page `gone.md` for this entry",
            "guide.md:5:6: error[missing-anchor]: broken link `guide.md#setup`: no heading or anchor `#setup` in this page (guide.md#setup)",
            "guide.md:7:1: error[missing-file]: missing image `img/missing.png`: no page or file `img/missing.png` (img/missing.png)",
            "guide.md:9:5: warning[broken-reference]: broken link `broken-reference`: GitBook exported this link as broken (broken-reference)",
            "guide.md:11:9: warning[insecure-link]: `http://status.example.com/` is plain http on an https site (http://status.example.com/)",
            "guide.md:13:29: warning[duplicate-id]: id `top` is already used on this page; links to `#top` go to the first",
            "guide.md:15:1: warning[tag]: unclosed `{% hint %}`: closed at the end of the page",
            "unlisted.md: warning[unlisted]: not in SUMMARY.md: readers reach this page only by search or a link",
            "checked 3 pages: 5 errors, 5 warnings",
        ]
    );
    // Nothing is written.
    assert!(!space.out().exists());
}

#[test]
fn json_and_github_formats() {
    let space = space_with_findings();
    let run = check(&space, &["--format", "json"]);
    assert_eq!(run.code, 1);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 10);
    assert_eq!(
        rows[1],
        serde_json::json!({
            "path": "README.md", "line": 3, "column": 37, "severity": "error", "kind": "broken-link",
            "message": "broken link `old.md`: no page or file `old.md`", "target": "old.md"
        })
    );
    assert_eq!(rows[9]["line"], serde_json::Value::Null);
    let run = check(&space, &["--format", "github"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.lines().any(|l| l
        == "::error file=README.md,line=3,col=37,title=quire broken-link::broken link `old.md`: no page or file `old.md` (old.md)"));
    assert_eq!(run.stdout.lines().count(), 10);
}

#[test]
fn severities_from_quire_yaml_and_deny_warnings() {
    let space = Space::new();
    space
        .file(
            "quire.yaml",
            "content: .\ncheck:\n  broken-link: warning\n  unlisted: off\n",
        )
        .file("SUMMARY.md", "* [Home](README.md)\n")
        .file("README.md", "# Home\n\n[old](old.md)\n")
        .file("unlisted.md", "# Unlisted\n");
    let run = check(&space, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("README.md:3:1: warning[broken-link]"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("unlisted"), "{}", run.stderr);
    let run = check(&space, &["--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // An unknown level is a configuration error: exit 2.
    space.file("quire.yaml", "content: .\ncheck:\n  broken-link: loud\n");
    let run = check(&space, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("quire.yaml"), "{}", run.stderr);
}

#[test]
fn the_sample_knowledge_base_has_no_errors() {
    let sample = Space::new();
    crate::util::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &sample.path().join("content"),
    );
    sample.file("quire.yaml", "content: content\n");
    let run = check(&sample, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(": 0 errors, "), "{}", run.stderr);
}

/// Issue 23: `quire build` tags a finding with the kind check gives it,
/// counts what check fails on, and with `--strict` fails on exactly that
/// (the site still written).
#[test]
fn issue_23_build_tags_findings_like_check_and_strict_fails_on_the_same() {
    let space = Space::new();
    space
        .file("SUMMARY.md", "* [Home](README.md)\n")
        .file("README.md", "# Home\n\nSee [old notes](old.md).\n");
    let finding = |severity: &str| {
        format!("README.md:3:5: {severity}[broken-link]: broken link `old.md`: no page or file `old.md` (old.md)")
    };
    let run = check(&space, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reported(&run.stderr, &[&finding("error")]);

    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = "(1 warnings, 0 errors) in ";
    let count = "s; 1 finding that `quire check` fails on\n";
    assert_reported(&run.stderr, &[&finding("warning"), summary, count]);

    std::fs::remove_dir_all(space.out()).unwrap();
    let run = space.build(&["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let summary = "(0 warnings, 1 errors) in ";
    assert_reported(&run.stderr, &[&finding("error"), summary, count]);
    assert!(space.out().join("index.html").is_file(), "not written");
    // Errors only, and what fails the build is one.
    let run = space.build(&["--strict", "-q"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, finding("error") + "\n");
}

/// Issue 23: `--strict` follows `check:` in quire.yaml, including the
/// kinds only check looks for.
#[test]
fn issue_23_strict_build_follows_the_check_severities_of_quire_yaml() {
    let space = Space::new();
    space
        .file(
            "quire.yaml",
            "content: .\ncheck:\n  broken-link: warning\n  unlisted: error\n",
        )
        .file("SUMMARY.md", "* [Home](README.md)\n")
        .file("README.md", "# Home\n\n[old](old.md)\n")
        .file("unlisted.md", "# Unlisted\n");
    let unlisted = |severity: &str| {
        format!("unlisted.md: {severity}[unlisted]: not in SUMMARY.md: readers reach this page only by search or a link")
    };
    let broken_link = "README.md:3:1: warning[broken-link]";
    let run = check(&space, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reported(&run.stderr, &[&unlisted("error"), broken_link]);

    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let count = "; 1 finding that `quire check` fails on\n";
    assert_reported(&run.stderr, &[&unlisted("warning"), broken_link, count]);
    let run = space.build(&["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reported(&run.stderr, &[&unlisted("error"), broken_link, count]);

    // Nothing check fails on: strict passes, and says so.
    space.file(
        "quire.yaml",
        "content: .\ncheck:\n  broken-link: off\n  unlisted: off\n",
    );
    assert_eq!(check(&space, &[]).code, 0);
    let run = space.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("unlisted"), "{}", run.stderr);
    assert_reported(&run.stderr, &["; 0 findings that `quire check` fails on\n"]);
}

/// Issue 23: a misspelt front-matter key is named, with the key it is
/// likely a typo of; a project's own keys are listed in quire.yaml.
#[test]
fn issue_23_unknown_front_matter_keys_are_warnings_unless_the_project_lists_them() {
    let space = Space::new();
    space.file("SUMMARY.md", "* [Home](README.md)\n").file(
        "README.md",
        "---\ndescripton: Lost words\nowner: ops\nicon: book\n---\n# Home\n",
    );
    let typo = "README.md:2:1: warning[unknown-key]: unknown front-matter key `descripton`; did you mean `description`?";
    let own = "README.md:3:1: warning[unknown-key]: unknown front-matter key `owner`; it is ignored (list it under `front_matter.extra_keys` in quire.yaml if it is yours)";
    for run in [space.build(&[]), check(&space, &[])] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_reported(&run.stderr, &[typo, own]);
    }
    space.file(
        "quire.yaml",
        "content: .\nfront_matter:\n  extra_keys: [owner]\n",
    );
    let run = check(&space, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_reported(&run.stderr, &[typo]);
    assert!(!run.stderr.contains("`owner`"), "{}", run.stderr);
    // And it can fail a check like any kind.
    space.file(
        "quire.yaml",
        "content: .\nfront_matter:\n  extra_keys: [owner]\ncheck:\n  unknown-key: error\n",
    );
    let run = check(&space, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("README.md:2:1: error[unknown-key]"),
        "{}",
        run.stderr
    );
}

/// Issue 25 §1: a link whose page exists but whose anchor does not keeps its
/// href, as GitBook opens the page; build warns, check still fails.
#[test]
fn issue_25_missing_anchor_keeps_the_link() {
    let space = Space::new();
    space
        .file("SUMMARY.md", "* [Home](README.md)\n* [Guide](guide.md)\n")
        .file(
            "README.md",
            "# Home\n\nSee [setup](guide.md#setup-old) and [gone](gone.md#x).\n",
        )
        .file("guide.md", "# Guide\n\n## Setup\n");
    let build = space.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains("README.md:3:5: warning[missing-anchor]: broken link `guide.md#setup-old`: no heading or anchor `#setup-old` in `guide.md`"),
        "{}",
        build.stderr
    );
    let html = space.read_out("index.html");
    assert!(
        html.contains("<a href=\"guide.html#setup-old\">setup</a>"),
        "{html}"
    );
    // Only a page that does not exist costs the link.
    assert!(
        html.contains("<span class=\"broken-link\" title=\"Broken link: gone.md#x\">gone</span>"),
        "{html}"
    );
    let run = check(&space, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("README.md:3:5: error[missing-anchor]"),
        "{}",
        run.stderr
    );
}
