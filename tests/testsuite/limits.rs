//! Issue 22: inputs that never end. Special files, include bombs, files
//! over the size limit, a hostile highlight cache and a theme that recurses
//! each get a message, and the build ends; the rest of the site is built.
//! Each space is made here: named pipes and devices cannot be kept in git.

use crate::util::Space;
#[cfg(unix)]
use std::path::Path;
#[cfg(unix)]
use std::process::Command;
use std::time::Duration;

/// Long enough for a loaded CI machine; these builds take well under a second.
const PATIENCE: Duration = Duration::from_secs(60);

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// `/dev/zero`'s twin at `path`, or `false` where making devices is refused
/// (containers without CAP_MKNOD, users who are not root).
#[cfg(unix)]
fn mknod_zero(path: &Path) -> bool {
    Command::new("mknod")
        .arg(path)
        .args(["c", "1", "5"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Named pipes anywhere (referenced or not, as a page, an asset, SUMMARY.md,
/// a settings file, behind a symlink) and devices are skipped by their type
/// with a warning naming them; nothing blocks, and the pages build.
#[cfg(unix)]
#[test]
fn named_pipes_and_devices_are_skipped_with_a_warning() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("a.md", "# A\n\n![Zero](img.png)\n")
        .file(".gitbook/assets/logo.txt", "logo\n");
    for pipe in [
        "a.bin",
        "p.md",
        "SUMMARY.md",
        ".gitbook/vars.yaml",
        "pipe.md.target",
    ] {
        mkfifo(&space.path().join(pipe));
    }
    std::os::unix::fs::symlink("pipe.md.target", space.path().join("link.md")).unwrap();
    let devices =
        mknod_zero(&space.path().join("x.md")) && mknod_zero(&space.path().join("img.png"));
    if !devices {
        eprintln!("mknod refused here: the device cases are skipped");
    }
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut expected = vec![
        ".gitbook/vars.yaml: warning[io]: skipped: a named pipe (FIFO), not a regular file",
        "SUMMARY.md: warning[io]: skipped: a named pipe (FIFO), not a regular file",
        "a.bin: warning[io]: skipped: a named pipe (FIFO), not a regular file",
        "link.md: warning[io]: skipped: symlink to a named pipe (FIFO), not a regular file",
        "p.md: warning[io]: skipped: a named pipe (FIFO), not a regular file",
        "pipe.md.target: warning[io]: skipped: a named pipe (FIFO), not a regular file",
    ];
    if devices {
        expected.extend([
            "img.png: warning[io]: skipped: a character device, not a regular file",
            "x.md: warning[io]: skipped: a character device, not a regular file",
        ]);
    }
    crate::util::assert_reported(&run.stderr, &expected);
    assert!(space.read_out("a.html").contains("<h1"));
    assert!(space.out().join("gitbook/assets/logo.txt").is_file());
    for skipped in ["a.bin", "p.html", "x.html", "img.png", "link.html"] {
        assert!(!space.out().join(skipped).exists(), "{skipped} was written");
    }
}

/// A `--config` that is a named pipe is refused, not waited on.
#[cfg(unix)]
#[test]
fn a_config_file_that_is_a_named_pipe_is_refused() {
    let space = Space::new();
    space.file("README.md", "# Home\n");
    mkfifo(&space.path().join("pipe.yaml"));
    let run = space.build_within(PATIENCE, &["--config", "pipe.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("pipe.yaml`: it is a named pipe (FIFO), not a regular file"),
        "{}",
        run.stderr
    );
}

/// 1.5 MB of Markdown: over a limit of 1 MB.
fn over_a_megabyte(title: &str) -> String {
    let line = "Words enough to fill a paragraph of a page that is far too long.\n";
    format!("# {title}\n\n{}", line.repeat(1536 * 1024 / line.len()))
}

/// Every kind of file that quire parses is refused over `limits.max_file_mb`,
/// with a message naming it; copied files of any size are published, and
/// the other pages are built.
#[test]
fn files_that_quire_parses_are_refused_over_the_size_limit() {
    let big = over_a_megabyte("Big");
    let space = Space::new();
    space
        .file("quire.yaml", "limits:\n  max_file_mb: 1\n")
        .file("content/README.md", "# Home\n")
        .file("content/big.md", &big)
        .file("content/SUMMARY.md", &format!("* [Home](README.md)\n\n<!-- {big} -->\n"))
        .file("content/.gitbook/includes/big.md", &big)
        .file("content/uses.md", "# Uses\n\n{% include \".gitbook/includes/big.md\" %}\n\nAfter the include.\n")
        .file("content/.gitbook/vars.yaml", &format!("name: x\n# {big}\n"))
        .file("content/spec.yaml", &format!("openapi: 3.0.0\n# {big}\n"))
        .file("content/api.md", "# API\n\n{% openapi src=\"spec.yaml\" path=\"/pets\" method=\"get\" %}\n{% endopenapi %}\n")
        .file("content/.gitignore", &format!("drafts/\n# {big}\n"))
        .file("content/video.mp4", &big);
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let limit = "it is 1.5 MB, over the limit of 1 MB (`limits.max_file_mb` in quire.yaml)";
    crate::util::assert_reported(
        &run.stderr,
        &[
            &format!("content/.gitbook/includes/big.md: error[io]: not read: {limit}"),
            &format!("content/.gitbook/vars.yaml: warning[vars]: ignored: not read: {limit}"),
            &format!("content/.gitignore: warning[io]: ignored: not read: {limit}"),
            &format!("content/SUMMARY.md: error[summary]: not read: {limit}"),
            &format!("content/big.md: error[io]: not read: {limit}"),
            &format!("content/spec.yaml: warning[openapi]: not read: {limit}"),
        ],
    );
    assert!(space.read_out("uses.html").contains("After the include."));
    assert!(space
        .read_out("big.html")
        .contains("This page could not be built."));
    assert_eq!(
        std::fs::read(space.out().join("video.mp4")).unwrap().len(),
        big.len()
    );
}

/// Without `limits`, the limit is 32 MB; a limit of 0 is refused.
#[test]
fn the_size_limit_is_32_megabytes_unless_set() {
    let space = Space::new();
    let line = "x".repeat(1023) + "\n";
    space
        .file("README.md", "# Home\n")
        .file("huge.md", &line.repeat(33 * 1024))
        .file("fine.md", &line.repeat(31 * 1024));
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &["huge.md: error[io]: not read: it is 33 MB, over the limit of 32 MB (`limits.max_file_mb` in quire.yaml)"],
    );
    assert!(!run.stderr.contains("fine.md"), "{}", run.stderr);

    space.file("quire.yaml", "content: .\nlimits:\n  max_file_mb: 0\n");
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "error: `limits.max_file_mb` in quire.yaml must be at least 1"
    );
}

/// Ten includes per file, eight files deep: 10⁸ copies without a cycle. The
/// page gets 16 MB of includes at most, an error at each include that
/// would pass it, and the rest of the page and of the site.
#[test]
fn an_include_bomb_stops_at_16_megabytes() {
    let space = Space::new();
    space.file("README.md", "# Home\n").file(
        "bomb.md",
        "# Bomb\n\n{% include \".gitbook/includes/l1.md\" %}\n\nAfter the bomb.\n",
    );
    for level in 1..8 {
        let tag = format!("{{% include \"l{}.md\" %}}\n", level + 1);
        space.file(&format!(".gitbook/includes/l{level}.md"), &tag.repeat(10));
    }
    space.file(".gitbook/includes/l8.md", "Leaf text.\n");
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let refused = |line: usize| {
        format!(".gitbook/includes/l1.md:{line}:1: error[include]: include `l2.md`: the page's includes would add more than 16 MB; not expanded")
    };
    crate::util::assert_reported(&run.stderr, &[&refused(2), &refused(10)]);
    // The first `l2.md` used the whole budget; it was expanded.
    assert!(!run.stderr.contains(&refused(1)), "{}", run.stderr);
    let html = space.read_out("bomb.html");
    assert!(html.contains("Leaf text.") && html.contains("After the bomb."));
    assert!(space.read_out("index.html").contains("Home"));
}

/// Expressions share the includes' budget: a megabyte variable used twenty
/// times added 20 MB to the page, its twin and llms-full.txt each (a 47 kB
/// page with 1,000 uses of a 100 kB variable wrote 300 MB in 8 s). The
/// uses past 16 MB show their names, with one error for the page.
#[test]
fn expressions_stop_at_16_megabytes_of_added_text() {
    let space = Space::new();
    let uses = "<code class=\"expression\">space.vars.big</code>\n\n".repeat(20);
    space
        .file(
            ".gitbook/vars.yaml",
            &format!("big: {}\n", "x".repeat(1 << 20)),
        )
        .file("README.md", "# Home\n")
        .file("bomb.md", &format!("# Bomb\n\n{uses}After the bomb.\n"));
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let refused = "bomb.md:35:40: error[expression]: expression `space.vars.big`: the page's includes and expressions would add more than 16 MB; shown as its name";
    crate::util::assert_reported(&run.stderr, &[refused]);
    assert_eq!(
        run.stderr.matches("error[expression]").count(),
        1,
        "{}",
        run.stderr
    );
    let html = space.read_out("bomb.html");
    assert!(html.len() < 17 << 20, "{} bytes", html.len());
    assert!(html.contains(">space.vars.big</code>") && html.contains("After the bomb."));
    let twin = space.read_out("bomb.md");
    assert!(twin.len() < 17 << 20, "{} bytes", twin.len());
    assert!(twin.contains("space.vars.big") && twin.contains("After the bomb."));
}

/// A chain of includes is expanded 16 deep; the 17th is an error at its tag.
#[test]
fn includes_nest_16_deep_at_most() {
    let space = Space::new();
    space.file("README.md", "# Home\n").file(
        "deep.md",
        "# Deep\n\n{% include \".gitbook/includes/d1.md\" %}\n\nAfter the chain.\n",
    );
    for level in 1..=20 {
        space.file(
            &format!(".gitbook/includes/d{level}.md"),
            &format!("Level {level}.\n\n{{% include \"d{}.md\" %}}\n", level + 1),
        );
    }
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &[".gitbook/includes/d16.md:3:1: error[include]: include `d17.md`: includes nested more than 16 deep; not expanded"],
    );
    let html = space.read_out("deep.html");
    assert!(
        html.contains("Level 16.") && !html.contains("Level 17."),
        "{html}"
    );
    assert!(html.contains("After the chain."));
}

/// A highlight cache file that is a named pipe is ignored, with a debug
/// message, and replaced by a good one; the build does not wait on it.
#[cfg(unix)]
#[test]
fn a_highlight_cache_that_is_a_named_pipe_is_ignored_and_replaced() {
    let space = Space::new();
    space.file("README.md", "# Home\n\n```rust\nfn main() {}\n```\n");
    let cache = tempfile::tempdir().unwrap();
    let env = [
        ("QUIRE_CACHE_DIR", cache.path().to_str().unwrap()),
        ("QUIRE_LOG", "debug"),
    ];
    let run = space.build_within_env(PATIENCE, &[], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "bin"))
        .expect("a cache file");
    let good = std::fs::read(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    mkfifo(&file);

    let run = space.build_within_env(PATIENCE, &[], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = format!(
        "ignoring the highlight cache {}: it is a named pipe (FIFO), not a regular file; it is replaced",
        file.display()
    );
    assert!(run.stderr.contains(&said), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), good);
}

/// A project whose theme overrides templates with `files`.
fn project_with_templates(files: &[(&str, &str)]) -> Space {
    let space = Space::new();
    space
        .file("quire.yaml", "theme: looped\n")
        .file("content/README.md", "# Home\n");
    for (name, text) in files {
        space.file(&format!("themes/looped/templates/{name}"), text);
    }
    space
}

/// Templates that include each other are refused when the theme loads: a
/// fatal error naming them, where the stack used to overflow (exit 134).
#[test]
fn a_theme_whose_templates_include_each_other_is_refused() {
    let space = project_with_templates(&[
        (
            "page.html",
            "<main>{% include \"partials/loop.html\" %}</main>",
        ),
        ("partials/loop.html", "{% include \"page.html\" %}"),
    ]);
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "error: the theme's template `page.html` includes itself: page.html → partials/loop.html → page.html"
    );
    assert!(!space.out().exists());
}

/// A macro that calls itself without end stops 64 deep: a fatal error
/// naming the template and the macro.
#[test]
fn a_theme_macro_that_calls_itself_without_end_is_stopped() {
    let space = project_with_templates(&[
        (
            "macros.html",
            "{% macro deep(n) %}{{ self::deep(n=n+1) }}{% endmacro deep %}",
        ),
        (
            "page.html",
            "{% import \"macros.html\" as m %}<main>{{ m::deep(n=1) }}</main>",
        ),
    ]);
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "error: template `page.html`: macro `deep` in `macros.html`: includes and macro calls nested more than 64 deep; does it call itself without end?"
    );
    assert!(!space.out().exists());
}

/// A paragraph of megabytes beside CJK text keeps CommonMark's emphasis
/// (pairing it again would hold ~140 bytes per source byte), is told at its
/// line, and the short paragraphs around it keep GitBook's.
#[test]
fn a_paragraph_over_256_kilobytes_keeps_commonmark_emphasis_with_a_warning() {
    let long = "中**a中*b中___c".repeat(20_000);
    let space = Space::new();
    space.file("README.md", "# Home\n").file(
        "long.md",
        &format!("# Long\n\n**「前」**を開く\n\n{long}\n\n**「後」**を開く\n"),
    );
    let run = space.build_within(PATIENCE, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &["long.md:5:1: warning[limit]: a block of more than 256 KB: its emphasis follows CommonMark, not GitBook's rules beside CJK text; split it into paragraphs"],
    );
    let html = space.read_out("long.html");
    assert!(html.contains("<strong>「前」</strong>を開く"), "before");
    assert!(html.contains("<strong>「後」</strong>を開く"), "after");
}
