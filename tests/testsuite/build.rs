//! `quire build`: the pipeline, the command line contract and the output guarantees.

use crate::util::{
    assert_internal_links_resolve, assert_pretty_links_resolve, assert_reported, snapshot_dir,
    Space,
};

#[test]
fn builds_fixture_space_with_navigation_in_summary_order() {
    let space = Space::fixture("basic");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stderr.lines().last().unwrap();
    assert!(last.starts_with("built 8 pages and 1 files"), "{last}");
    // Navigation lists the SUMMARY entries in order (links relative to the page).
    let home = space.read_out("index.html");
    let order = ["Home", "Setup", "Spaces in names", "FAQ", "Status page"];
    let positions: Vec<usize> = order
        .iter()
        .map(|t| {
            home.find(&format!(">{t}<"))
                .unwrap_or_else(|| panic!("{t} in nav"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(home.contains("Guides") && home.contains("常見問題"));
    // The open branch of a nested page shows its ancestors' children.
    let tuning = space.read_out("guides/advanced/tuning.html");
    assert!(tuning.contains(">Advanced<") && tuning.contains(">Tuning<"));
    // Unlisted pages are built but not in navigation.
    assert!(space.out().join("unlisted.html").is_file());
    assert!(!home.contains(">Unlisted<"));
}

#[test]
fn every_internal_link_resolves_to_a_written_file() {
    let space = Space::fixture("basic");
    assert_eq!(space.build(&[]).code, 0);
    let checked = assert_internal_links_resolve(&space.out());
    assert!(checked > 40, "only {checked} links checked");
}

#[test]
fn output_paths_readme_spaces_and_dot_folders() {
    let space = Space::fixture("basic");
    assert_eq!(space.build(&[]).code, 0);
    for path in [
        "index.html",
        "guides/setup.html",
        "guides/advanced/index.html",
        "guides/with space.html",
        "faq/index.html",
        "gitbook/assets/logo.svg",
        "nav.js",
    ] {
        assert!(space.out().join(path).is_file(), "{path}");
    }
    assert!(!space.out().join(".gitbook").exists());
    let home = space.read_out("index.html");
    // Folder links go to the folder's index.html; spaces are percent-encoded.
    assert!(home.contains("href=\"faq/index.html\""), "folder link");
    assert!(
        home.contains("href=\"guides/with%20space.html\""),
        "encoded href"
    );
    assert!(
        home.contains("src=\"gitbook/assets/logo.svg\""),
        "asset rewritten"
    );
    let setup = space.read_out("guides/setup.html");
    assert!(setup.contains("href=\"advanced/tuning.html#cache-size\""));
    assert!(setup.contains("href=\"../index.html\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let space = Space::fixture("basic");
    assert_eq!(space.build(&["--out", "a"]).code, 0);
    assert_eq!(space.build(&["--out", "b"]).code, 0);
    let a = snapshot_dir(&space.path().join("a"));
    let b = snapshot_dir(&space.path().join("b"));
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between builds");
    }
}

/// The highlighted code kept in `QUIRE_CACHE_DIR` speeds up the next build
/// and never changes what it writes, whatever state the cache is in.
#[test]
fn highlighted_code_is_cached_between_builds_without_changing_the_site() {
    let space = Space::new();
    space
        .file(
            "SUMMARY.md",
            "# Summary\n\n* [Home](README.md)\n* [API](api.md)\n",
        )
        .file(
            "README.md",
            "# Home\n\n```bash\nexport TOKEN=\"a\" # set\n```\n\n```text\nleft plain, not counted\n```\n",
        )
        .file(
            "api.md",
            "# API\n\n```python\ndef run():\n    return 1\n```\n\n```json\n{\"ok\": true}\n```\n",
        );
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().to_str().unwrap();
    let build = |out: &str, cache: &str| {
        let run = space.build_env(&["--out", out, "-v"], &[("QUIRE_CACHE_DIR", cache)]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stderr
    };
    let cache_files = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(cache.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    };

    let cold = build("cold", cache_dir);
    assert!(
        cold.contains("code blocks: 0 highlighted before, 3 highlighted now"),
        "{cold}"
    );
    let files = cache_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let warm = build("warm", cache_dir);
    assert!(
        warm.contains("code blocks: 3 highlighted before, 0 highlighted now"),
        "{warm}"
    );
    build("uncached", "");
    assert_eq!(cache_files(), files, "a build without the cache wrote one");
    std::fs::write(&files[0], b"quire-highlight-cache 1\n\xff\xff").unwrap();
    let damaged = build("damaged", cache_dir);
    assert!(
        damaged.contains("0 highlighted before, 3 highlighted now"),
        "{damaged}"
    );

    let site = |out: &str| snapshot_dir(&space.path().join(out));
    let cold_site = site("cold");
    assert!(
        String::from_utf8_lossy(&cold_site.iter().find(|(p, _)| p == "api.html").unwrap().1)
            .contains("<span class=\"hl-k\">def</span>")
    );
    for out in ["warm", "uncached", "damaged"] {
        assert!(site(out) == cold_site, "{out} differs from the first build");
    }

    // An edited block is highlighted anew, and the old one leaves the cache.
    space.file("README.md", "# Home\n\n```bash\necho changed\n```\n");
    let edited = build("edited", cache_dir);
    assert!(
        edited.contains("2 highlighted before, 1 highlighted now"),
        "{edited}"
    );
    let kept = std::fs::read(&files[0]).unwrap();
    let kept = String::from_utf8_lossy(&kept);
    assert!(
        kept.contains("echo changed") && !kept.contains("TOKEN"),
        "{kept}"
    );
}

#[test]
fn output_folder_is_never_discovered_as_content() {
    let space = Space::fixture("basic");
    assert_eq!(space.build(&[]).code, 0);
    // A second build over the first must not pick up output/*.html or a stale staging folder.
    std::fs::create_dir_all(space.path().join(".output.quire-staging-999")).unwrap();
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .last()
            .unwrap()
            .starts_with("built 8 pages"),
        "{}",
        run.stderr
    );
    assert!(!space.out().join("output").exists());
}

/// What killed builds leave beside the output: a marked folder (killed
/// while writing or while removing the previous output, which goes marker
/// last) and an empty one (killed before the marker) are removed; a folder
/// without the marker that holds files is not quire's to delete, nor is the
/// empty folder of a build still running. (PIDs above any pid_max.)
#[test]
fn leftovers_of_killed_builds_are_removed_and_nothing_else() {
    let space = Space::fixture("basic");
    let marked = space.path().join(".output.quire-staging-4194401");
    std::fs::create_dir_all(marked.join("guides")).unwrap();
    std::fs::write(marked.join(".quire-output"), "").unwrap();
    std::fs::write(marked.join("guides/setup.html"), "half").unwrap();
    let empty = space.path().join(".output.quire-staging-4194402");
    std::fs::create_dir_all(&empty).unwrap();
    let foreign = space.path().join(".output.quire-staging-4194403");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let running = space
        .path()
        .join(format!(".output.quire-staging-{}", std::process::id()));
    std::fs::create_dir_all(&running).unwrap();

    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!marked.exists() && !empty.exists());
    assert!(foreign.join("notes.txt").is_file());
    if cfg!(target_os = "linux") {
        assert!(running.is_dir(), "removed the folder of a running build");
    }
}

#[test]
fn a_failed_write_keeps_the_previous_output_whole() {
    let space = Space::fixture("basic");
    assert_eq!(space.build(&[]).code, 0);
    let before = snapshot_dir(&space.out());
    space.file("guides/setup.md", "# Setup\n\nChanged.\n");
    let run = space.build_env(&[], &[(quire::write::FAULT_ENV, "guides/setup.html")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("injected fault"), "{}", run.stderr);
    assert_eq!(snapshot_dir(&space.out()), before, "old output changed");
    let leftovers: Vec<_> = std::fs::read_dir(space.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("quire-staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let space = Space::fixture("basic");
    space.file("mine/notes.txt", "precious");
    let run = space.build(&["--out", "mine"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("quire did not create it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(space.path().join("mine/notes.txt")).unwrap(),
        "precious"
    );
    // Nor the content itself.
    let run = space.build(&["--out", "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("contains the content folder"),
        "{}",
        run.stderr
    );
    // An empty folder is fine, and after that it carries the marker.
    std::fs::create_dir(space.path().join("empty")).unwrap();
    assert_eq!(space.build(&["--out", "empty"]).code, 0);
    assert!(space.path().join("empty").join(quire::fs::MARKER).is_file());
    assert_eq!(space.build(&["--out", "empty"]).code, 0);
}

#[test]
fn content_errors_exit_1_and_still_write_every_page() {
    let space = Space::fixture("basic");
    space.file(
        "faq/login.md",
        "---\ndescription: ok\nhidden: [\n---\n# Login\n\n## Reset\n",
    );
    let run = space.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let error = run.stderr.lines().find(|l| l.contains("error[")).unwrap();
    assert!(
        error.starts_with(
            "faq/login.md:3:9: error[front-matter]: malformed front matter: hidden: invalid type"
        ),
        "{error}"
    );
    assert!(run.stderr.lines().last().unwrap().contains("1 errors"));
    let login = space.read_out("faq/login.html");
    assert!(login.contains("class=\"build-error\""));
    assert!(space.out().join("guides/setup.html").is_file());
}

#[test]
fn summary_errors_carry_line_and_column() {
    let space = Space::fixture("basic");
    space.file(
        "SUMMARY.md",
        "# TOC\n\n* [Home](README.md)\n  * [Gone](gone.md)\n* [Run](javascript:alert(1))\n",
    );
    let run = space.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("SUMMARY.md:4:5: error[summary]: no page `gone.md` for this entry"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("SUMMARY.md:5:3: error[summary]: `javascript:alert(1)` would run a script; the entry is shown without a link"),
        "{}",
        run.stderr
    );
    assert!(!space.read_out("nav.js").contains("javascript:"));
    assert!(!space.read_out("index.html").contains("javascript:"));
}

#[test]
fn fatal_errors_exit_2_without_touching_output() {
    let space = Space::fixture("basic");
    assert_eq!(space.build(&[]).code, 0);
    let before = snapshot_dir(&space.out());
    space.file("quire.yaml", "content: .\ncolour: blue\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("quire.yaml:2:1") && run.stderr.contains("colour"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_dir(&space.out()), before);
    let run = Space::new().build(&["--bogus"]);
    assert_eq!(run.code, 2);
}

#[test]
fn project_with_quire_yaml_builds_its_content_folder() {
    let project = Space::new();
    project
        .file("quire.yaml", "title: My KB\nlanguage: zh-TW\n")
        .file("content/README.md", "# 首頁\n\n歡迎。\n")
        .file("content/SUMMARY.md", "* [首頁](README.md)\n")
        .file("README.md", "# Project readme, not content\n");
    let run = project.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = project.read_out("index.html");
    assert!(home.contains("<html lang=\"zh-TW\""));
    assert!(home.contains("My KB"));
    assert!(home.contains("歡迎"));
    assert!(!home.contains("Project readme"));
}

#[test]
fn without_summary_or_readme_navigation_comes_from_folders() {
    let space = Space::new();
    space
        .file("b/README.md", "# Bee\n")
        .file("b/two.md", "# Two\n")
        .file("a.md", "# Ay\n")
        .file("c/d.md", "no heading here\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = space.read_out("index.html");
    assert!(
        index.contains("url=a.html"),
        "root index opens the first page: {index}"
    );
    let two = space.read_out("b/two.html");
    for title in [">Ay<", ">Bee<", ">Two<", ">d<"] {
        assert!(two.contains(title), "{title}");
    }
}

#[test]
fn gitbook_yaml_root_and_structure() {
    let space = Space::new();
    space
        .file(
            ".gitbook.yaml",
            "root: ./docs/\nstructure:\n  readme: intro.md\n  summary: toc.md\n",
        )
        .file("docs/intro.md", "# Intro\n\n[Next](next.md)\n")
        .file("docs/next.md", "# Next\n")
        .file("docs/toc.md", "* [Intro](intro.md)\n* [Next](next.md)\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(space.read_out("index.html").contains("href=\"next.html\""));
    assert!(!space.out().join("toc.html").exists());
}

#[test]
fn sitemap_and_robots_with_a_base_url_only() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("guide/setup & more.md", "# Setup\n")
        .file("hidden.md", "---\nhidden: true\n---\n# Hidden\n")
        .file("private.md", "---\nnoIndex: true\n---\n# Private\n");
    assert_eq!(space.build(&[]).code, 0);
    assert!(!space.out().join("sitemap.xml").exists());
    assert!(!space.out().join("robots.txt").exists());
    assert_eq!(
        space
            .build(&["--base-url", "https://docs.example.com/kb"])
            .code,
        0
    );
    assert_eq!(
        space.read_out("sitemap.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
         <url><loc>https://docs.example.com/kb/guide/setup%20&amp;%20more.html</loc></url>\n\
         <url><loc>https://docs.example.com/kb/hidden.html</loc></url>\n\
         <url><loc>https://docs.example.com/kb/index.html</loc></url>\n</urlset>\n"
    );
    assert_eq!(
        space.read_out("robots.txt"),
        "User-agent: *\nDisallow: /kb/private.html\nDisallow: /kb/private.md\n\nSitemap: https://docs.example.com/kb/sitemap.xml\n"
    );
    // With twins off, there is no `private.md` to disallow.
    space.file("quire.yaml", "content: .\noutputs:\n  markdown: false\n");
    assert_eq!(
        space
            .build(&["--base-url", "https://docs.example.com/kb"])
            .code,
        0
    );
    assert!(space
        .read_out("robots.txt")
        .contains("Disallow: /kb/private.html\n\n"));
}

#[test]
fn gitbook_redirects_become_redirect_pages_where_nothing_else_is() {
    let space = Space::new();
    space
        .file(
            ".gitbook.yaml",
            "redirects:\n  previous/page: new/page.md\n  guide: new/\n  kept: README.md\n  gone/page: nothing.md\n",
        )
        .file("README.md", "# Home\n")
        .file("kept.md", "# Kept, a real page\n")
        .file("new/README.md", "# New section\n")
        .file("new/page.md", "# New page\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(".gitbook.yaml:5:3: warning[redirect]: redirect `gone/page` → `nothing.md`: no such page; not written")
            && run.stderr.contains(".gitbook.yaml:4:3: warning[redirect]: redirect `kept` would replace `kept.html`, which the site already has; skipped"),
        "{}",
        run.stderr
    );
    let old = space.read_out("previous/page.html");
    assert!(old.contains("url=../new/page.html"), "{old}");
    assert!(space.read_out("guide.html").contains("url=new/index.html"));
    // A page that exists is never replaced by a redirect.
    assert!(space.read_out("kept.html").contains("Kept, a real page"));
    assert!(!space.out().join("gone/page.html").exists());
}

#[test]
fn a_404_page_that_works_at_any_depth_with_a_base_url() {
    let space = Space::new();
    space.file("README.md", "# Home\n").file(
        "quire.yaml",
        "content: .\ntitle: Help <Center>\nlanguage: zh-TW\n",
    );
    assert_eq!(space.build(&[]).code, 0);
    let page = space.read_out("404.html");
    assert!(page.contains("href=\"index.html\""), "{page}");
    assert!(page.contains("找不到這個頁面") && page.contains("Help &lt;Center&gt;"));
    // Self-contained: no stylesheet or script loaded by a relative URL.
    assert!(
        !page.contains("stylesheet") && !page.contains("src="),
        "{page}"
    );
    assert_eq!(
        space
            .build(&["--base-url", "https://docs.example.com/kb/"])
            .code,
        0
    );
    assert!(space
        .read_out("404.html")
        .contains("href=\"https://docs.example.com/kb/index.html\""));
    // A page of the space named 404 wins.
    space.file("404.md", "# Our own 404\n");
    assert_eq!(space.build(&[]).code, 0);
    assert!(space.read_out("404.html").contains("Our own 404"));
}

#[test]
fn the_output_holds_exactly_the_current_site() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("old.md", "# Old page\n")
        .file("img/logo.png", "png");
    assert_eq!(space.build(&[]).code, 0);
    assert!(space.out().join("old.html").is_file() && space.out().join("img/logo.png").is_file());
    std::fs::remove_file(space.path().join("old.md")).unwrap();
    std::fs::remove_file(space.path().join("img/logo.png")).unwrap();
    assert_eq!(space.build(&[]).code, 0);
    // Pages and files deleted from the source are gone from the output.
    assert!(!space.out().join("old.html").exists());
    assert!(!space.out().join("img").exists());
    assert!(space.out().join("index.html").is_file());
}

#[test]
fn pages_with_updates_get_an_atom_feed_with_a_base_url() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file(
            "changelog.md",
            "# Changelog\n\n{% updates %}\n{% update date=\"2026-03-02\" %}\n## Faster &lt;sync&gt;\n\nSee [the guide](guide.md).\n{% endupdate %}\n{% update date=\"2026-02-01\" %}\nNo heading here.\n{% endupdate %}\n{% endupdates %}\n",
        )
        .file("guide.md", "# Guide\n");
    assert_eq!(space.build(&[]).code, 0);
    assert!(!space.out().join("changelog.atom").exists());
    assert_eq!(
        space
            .build(&["--base-url", "https://docs.example.com/kb/"])
            .code,
        0
    );
    let page = space.read_out("changelog.html");
    assert!(page
        .contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"changelog.atom\""));
    assert!(!space
        .read_out("guide.html")
        .contains("application/atom+xml"));
    let feed = space.read_out("changelog.atom");
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Changelog</title>\n<id>https://docs.example.com/kb/changelog.atom</id>"), "{feed}");
    assert!(
        feed.contains("<updated>2026-03-02T00:00:00Z</updated>\n<entry>"),
        "{feed}"
    );
    assert!(
        feed.contains("<title>Faster &lt;sync&gt;</title>"),
        "{feed}"
    );
    assert!(feed.contains("<title>2026-02-01</title>"), "{feed}");
    assert!(feed.contains("xml:base=\"https://docs.example.com/kb/changelog.html\""));
    // Entry content is escaped HTML, its links relative to the page.
    assert!(
        feed.contains("&lt;a href=&quot;guide.html&quot;&gt;the guide&lt;/a&gt;"),
        "{feed}"
    );
    assert_eq!(feed.matches("<entry>").count(), 2);
}

#[test]
fn pretty_urls_write_folders_and_link_to_them() {
    let space = Space::fixture("basic");
    space
        .file(
            "quire.yaml",
            "content: .\nbase_url: https://docs.example.com/kb/\npretty_urls: true\n",
        )
        .file(
            ".gitbook.yaml",
            "redirects:\n  old/setup: guides/setup.md\n",
        );
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for path in [
        "index.html",
        "guides/setup/index.html",
        "guides/advanced/index.html",
        "guides/advanced/tuning/index.html",
        "guides/with space/index.html",
        "faq/index.html",
        "old/setup/index.html",
    ] {
        assert!(space.out().join(path).is_file(), "{path}");
    }
    assert!(!space.out().join("guides/setup.html").exists());
    let home = space.read_out("index.html");
    assert!(home.contains("href=\"guides/setup/\""), "{home}");
    assert!(home.contains("href=\"guides/with%20space/\""), "{home}");
    assert!(home.contains("href=\"faq/\""), "{home}");
    let tuning = space.read_out("guides/advanced/tuning/index.html");
    // Up to the home page is a folder too; assets stay files.
    assert!(tuning.contains("href=\"../../../\""), "{tuning}");
    assert!(tuning.contains("href=\"../../../assets/quire.css\""));
    assert!(tuning.contains(
        "<link rel=\"canonical\" href=\"https://docs.example.com/kb/guides/advanced/tuning/\">"
    ));
    let sitemap = space.read_out("sitemap.xml");
    assert!(sitemap.contains("<loc>https://docs.example.com/kb/guides/setup/</loc>"));
    assert!(sitemap.contains("<loc>https://docs.example.com/kb/</loc>"));
    assert!(space.read_out("nav.js").contains("\"guides/setup/\""));
    let redirect = space.read_out("old/setup/index.html");
    assert!(redirect.contains("url=../../guides/setup/"), "{redirect}");
    let sections = snapshot_dir(&space.out().join("search"))
        .into_iter()
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect::<String>();
    assert!(sections.contains("\"guides/setup/\""), "search urls");
    assert!(!sections.contains("guides/setup.html"));
    let checked = assert_pretty_links_resolve(&space.out());
    assert!(checked > 40, "only {checked} links checked");
}

#[test]
fn pretty_urls_number_a_second_page_for_the_same_folder() {
    let space = Space::new();
    space
        .file("quire.yaml", "content: .\npretty_urls: true\n")
        .file(
            "README.md",
            "# Home\n\n[A](a.md) and [the folder](a/README.md)\n",
        )
        .file("a.md", "# Page A\n")
        .file("a/README.md", "# Folder A\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("a.md: warning[output-path]: `a/index.html` is already the output of `a/README.md`; written as `a-2/index.html`"),
        "{}",
        run.stderr
    );
    assert!(space.read_out("a/index.html").contains("Folder A"));
    assert!(space.read_out("a-2/index.html").contains("Page A"));
    let home = space.read_out("index.html");
    assert!(home.contains("href=\"a-2/\"") && home.contains("href=\"a/\""));
}

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_unchanged_files_and_rewrites_the_rest() {
    use std::os::unix::fs::MetadataExt;
    let space = Space::new();
    space
        .file(
            "SUMMARY.md",
            "* [Home](README.md)\n* [A](a.md)\n* [B](b.md)\n",
        )
        .file("README.md", "# Home\n")
        .file("a.md", "# A\n\nFirst text.\n")
        .file("b.md", "# B\n\nSame.\n")
        .file("img/logo.png", "png bytes");
    assert_eq!(space.build(&[]).code, 0);
    let inode = |rel: &str| std::fs::metadata(space.out().join(rel)).unwrap().ino();
    let before = [inode("b.html"), inode("a.html"), inode("img/logo.png")];
    // Same length, other bytes: an edit of the output is not trusted.
    let tampered = space.read_out("index.html").replacen("Home", "Hxme", 1);
    std::fs::write(space.out().join("index.html"), &tampered).unwrap();
    space.file("a.md", "# A\n\nSecond text.\n");
    assert_eq!(space.build(&[]).code, 0);
    assert_eq!(inode("b.html"), before[0], "unchanged page kept");
    assert_eq!(inode("img/logo.png"), before[2], "unchanged file kept");
    assert_ne!(inode("a.html"), before[1], "changed page written anew");
    assert!(space.read_out("a.html").contains("Second text."));
    assert!(!space.read_out("index.html").contains("Hxme"));
    assert_eq!(
        std::fs::metadata(space.out().join("b.html"))
            .unwrap()
            .nlink(),
        1
    );
}

#[test]
fn hostile_titles_descriptions_and_labels_are_escaped_everywhere() {
    let space = Space::new();
    space
        .file(
            "SUMMARY.md",
            "## <script>alert('group')</script>\n\n* [Home](README.md)\n* [<img src=x onerror=alert('nav')>](evil.md \"<b onmouseover=alert('label')>\")\n",
        )
        .file("README.md", "# Home\n\nSee [the page](evil.md \"mention\").\n")
        .file(
            "evil.md",
            "---\ndescription: \"\\\"><script>alert('description')</script>\"\n---\n# \\<script>alert('title')\\</script> & \"quotes\"\n\n## Section <b>bold</b> heading\n\nText with &lt;script&gt;alert('body')&lt;/script&gt; in it.\n",
        );
    let run = space.build(&["--base-url", "https://docs.example.com/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut checked = 0;
    for (rel, bytes) in snapshot_dir(&space.out()) {
        let text = String::from_utf8_lossy(&bytes);
        // Scripts are data in .js files (drawn with textContent or escaped);
        // in HTML and XML they must never be markup.
        if rel.ends_with(".html") || rel.ends_with(".xml") || rel.ends_with(".atom") {
            for needle in [
                "<script>alert",
                "<img src=x onerror",
                "<b onmouseover",
                "\"><script",
            ] {
                assert!(!text.contains(needle), "{rel} contains {needle}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 3);
    let page = space.read_out("evil.html");
    assert!(
        page.contains(
            "<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; ·"
        ),
        "{page}"
    );
    assert!(page.contains(
        "content=\"&quot;&gt;&lt;script&gt;alert(&#39;description&#39;)&lt;/script&gt;\""
    ));
    // The mention shows the page title as text.
    let home = space.read_out("index.html");
    assert!(home.contains("<a href=\"evil.html\">&lt;script&gt;alert('title')&lt;/script&gt; &amp; \"quotes\"</a>"), "{home}");
    // A group caption is text: the tags around it are dropped.
    assert!(home.contains("<p class=\"nav-group-title\">alert(&#39;group&#39;)</p>"));
    assert!(home.contains("title=\"&lt;b onmouseover=alert(&#39;label&#39;)&gt;\">&lt;img src=x onerror=alert(&#39;nav&#39;)&gt;</a>"));
}

#[test]
fn outputs_that_differ_only_in_case_are_a_warning() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("Setup.md", "# Upper\n")
        .file("setup.md", "# Lower\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("setup.md: warning[output-path]: `setup.html` differs from `Setup.html` (from `Setup.md`) only in case; on macOS and Windows one overwrites the other"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_space_or_to_folders_are_not_followed() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("real.md", "# Real\n");
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(target, space.path().join(name)).unwrap()
    };
    link(".", "loop");
    link("/etc", "etc");
    link("/etc/hostname", "hostname.md");
    link("real.md", "alias.md");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &[
            "loop: warning[io]: skipped: symlink to a folder (not followed)",
            "etc: warning[io]: skipped: symlink leads outside the space",
            "hostname.md: warning[io]: skipped: symlink leads outside the space",
        ],
    );
    assert!(space.read_out("alias.html").contains("Real"));
    assert!(!space.out().join("hostname.html").exists());
}

/// Run quire as an unprivileged user when the tests run as root (as in CI),
/// where permissions would not stop it reading anything.
#[cfg(unix)]
fn build_unprivileged(space: &Space) -> crate::util::Run {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut command = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_quire"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
    };
    let output = command
        .arg("build")
        .arg(space.path())
        .env("QUIRE_CACHE_DIR", "")
        .output()
        .expect("quire runs");
    crate::util::Run::from(output)
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_reported_and_the_rest_is_built() {
    use std::os::unix::fs::PermissionsExt;
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("ok.md", "# Fine\n")
        .file("secret.md", "# Secret\n")
        .file("private/inner.md", "# Inner\n");
    let mode = |rel: &str, m: u32| {
        std::fs::set_permissions(space.path().join(rel), std::fs::Permissions::from_mode(m))
            .unwrap()
    };
    mode("", 0o777);
    mode("secret.md", 0o000);
    mode("private", 0o000);
    let run = build_unprivileged(&space);
    mode("private", 0o755);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("secret.md: error[io]: failed to read `")
            && run.stderr.contains("secret.md`: Permission denied"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("private: warning[io]: skipped: cannot read it: Permission denied"),
        "{}",
        run.stderr
    );
    assert!(space.read_out("ok.html").contains("Fine"));
}

#[test]
fn a_build_killed_at_any_moment_leaves_one_whole_site() {
    let space = Space::new();
    let write_version = |version: &str| {
        for n in 0..300 {
            space.file(
                &format!("part-{}/page-{n}.md", n % 10),
                &format!(
                    "# Page {n}\n\nVersion {version}.\n\n{}\n",
                    "Some text. ".repeat(200)
                ),
            );
        }
        space.file("README.md", &format!("# Home\n\nVersion {version}.\n"));
    };
    write_version("A");
    assert_eq!(space.build(&[]).code, 0);
    write_version("B");
    let versions = |out: &std::path::Path| {
        let mut seen = std::collections::BTreeSet::new();
        let mut pages = 0;
        for (rel, bytes) in snapshot_dir(out) {
            if rel.ends_with(".html") && rel != "404.html" && rel != "print.html" {
                let text = String::from_utf8_lossy(&bytes);
                for v in ["Version A.", "Version B."] {
                    if text.contains(v) {
                        seen.insert(v);
                    }
                }
                pages += 1;
            }
        }
        (pages, seen)
    };
    for delay_ms in [1, 3, 10, 30, 60, 100, 200, 400] {
        let mut child = crate::util::quire_command()
            .arg("build")
            .arg(space.path())
            .arg("-q")
            .spawn()
            .expect("quire runs");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let (pages, seen) = versions(&space.out());
        assert_eq!(pages, 301, "killed after {delay_ms} ms: {pages} pages");
        assert_eq!(seen.len(), 1, "killed after {delay_ms} ms: a mix {seen:?}");
    }
    // The next build clears what a killed one left and completes.
    assert_eq!(space.build(&[]).code, 0);
    let (_, seen) = versions(&space.out());
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["Version B."]);
    let leftovers: Vec<_> = std::fs::read_dir(space.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".quire-staging-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn an_output_that_cannot_be_written_is_a_clear_error_and_stays_whole() {
    use std::os::unix::fs::PermissionsExt;
    let space = Space::new();
    space.file("README.md", "# Home\n").file("a.md", "# A\n");
    assert_eq!(space.build(&[]).code, 0);
    let before = snapshot_dir(&space.out());
    space.file("a.md", "# A changed\n");
    // Readable, not writable: the build can read the space but not create
    // its staging folder beside the output.
    let mode = |m: u32| {
        std::fs::set_permissions(space.path(), std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode(0o555);
    let run = build_unprivileged(&space);
    mode(0o755);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: failed to create folder `")
            && run.stderr.contains("quire-staging-")
            && run.stderr.contains("Permission denied"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_dir(&space.out()), before, "old output changed");
}

#[test]
fn interface_strings_and_dates_follow_the_language_and_an_unknown_one_is_a_warning() {
    let space = Space::new();
    space.file(
        "README.md",
        "# Home\n\n{% updates %}\n{% update date=\"2026-03-02\" %}\n## Faster search\n{% endupdate %}\n{% update date=\"soon\" %}\nLater.\n{% endupdate %}\n{% endupdates %}\n",
    );
    for (language, skip, copy, date) in [
        ("en", "Skip to content", "Copy code", "March 2, 2026"),
        ("ja", "本文へ移動", "コードをコピー", "2026年3月2日"),
        ("zh-CN", "跳到内容", "复制代码", "2026年3月2日"),
        ("zh-TW", "跳至內容", "複製程式碼", "2026年3月2日"),
    ] {
        space.file("quire.yaml", &format!("content: .\nlanguage: {language}\n"));
        let run = space.build(&[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!run.stderr.contains(": warning"), "{}", run.stderr);
        let home = space.read_out("index.html");
        assert!(
            home.contains(&format!("<html lang=\"{language}\"")),
            "{language}"
        );
        assert!(home.contains(&format!(">{skip}</a>")), "{language}: {home}");
        assert!(
            home.contains(&format!("<time datetime=\"2026-03-02\">{date}</time>")),
            "{language}: {home}"
        );
        // Not a date: shown as written.
        assert!(home.contains("<time datetime=\"soon\">soon</time>"));
        // The scripts' strings travel in nav.js.
        assert!(
            space
                .read_out("nav.js")
                .contains(&format!("\"copy\":\"{copy}\"")),
            "{language}"
        );
    }
    space.file("quire.yaml", "content: .\nlanguage: de\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("quire.yaml: warning[language]: the theme has no interface strings for `de`; English is shown (add themes/default/i18n/de.yaml)"),
        "{}",
        run.stderr
    );
    assert!(space
        .read_out("index.html")
        .contains(">Skip to content</a>"));
}

/// `git` in `dir` with fixed identities and dates, panicking on failure.
#[cfg(unix)]
fn git_in(dir: &std::path::Path, args: &[&str], date: &str) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Writer")
        .env("GIT_AUTHOR_EMAIL", "writer@example.com")
        .env("GIT_COMMITTER_NAME", "Writer")
        .env("GIT_COMMITTER_EMAIL", "writer@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[cfg(unix)]
#[test]
fn last_updated_comes_from_one_git_log_pass_or_the_file_time() {
    let space = Space::new();
    space
        .file("quire.yaml", "title: KB\nlanguage: zh-TW\n")
        .file(
            "content/SUMMARY.md",
            "* [Home](README.md)\n* [Old](old.md)\n* [Edited](edited.md)\n* [新頁](新頁.md)\n",
        )
        .file("content/README.md", "# Home\n")
        .file("content/old.md", "# Old\n")
        .file("content/edited.md", "# Edited\n");
    let dir = space.path();
    git_in(dir, &["init", "-q"], "2024-05-06T10:00:00+08:00");
    git_in(dir, &["add", "."], "2024-05-06T10:00:00+08:00");
    git_in(
        dir,
        &["commit", "-qm", "first"],
        "2024-05-06T10:00:00+08:00",
    );
    space.file("content/README.md", "# Home\n\nMore.\n");
    space.file("content/edited.md", "# Edited\n\nCommitted.\n");
    git_in(
        dir,
        &["commit", "-qam", "second"],
        "2025-01-02T09:00:00+00:00",
    );
    // Changed but not committed, and not tracked at all: the file's time.
    space.file("content/edited.md", "# Edited\n\nNot committed.\n");
    space.file("content/新頁.md", "# 新頁\n");
    for file in ["content/edited.md", "content/新頁.md"] {
        let touched = std::process::Command::new("touch")
            .args(["-d", "2026-02-03T12:00:00Z"])
            .arg(dir.join(file))
            .status()
            .unwrap();
        assert!(touched.success());
    }

    // A git on PATH that records its arguments, then runs the real one.
    let real_git = String::from_utf8(
        std::process::Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let wrapper = tempfile::tempdir().unwrap();
    let log = wrapper.path().join("calls.log");
    let script = format!(
        "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
        log.display(),
        real_git.trim()
    );
    std::fs::write(wrapper.path().join("git"), script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        wrapper.path().join("git"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        wrapper.path().display(),
        std::env::var("PATH").unwrap()
    );
    let run = space.build_env(&[], &[("PATH", &path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let updated = |page: &str| {
        let html = space.read_out(page);
        let start = html
            .find("<span class=\"updated\">")
            .unwrap_or_else(|| panic!("{page}: {html}"));
        let end = html[start..].find("</span>").unwrap();
        html[start..start + end].to_string()
    };
    assert_eq!(
        updated("old.html"),
        "<span class=\"updated\">最後更新： <time datetime=\"2024-05-06\">2024年5月6日</time>"
    );
    assert!(updated("index.html").contains("datetime=\"2025-01-02\""));
    assert!(updated("edited.html").contains("datetime=\"2026-02-03\""));
    assert!(updated("新頁.html").contains("datetime=\"2026-02-03\""));
    let calls = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        calls.lines().filter(|l| l.contains(" log ")).count(),
        1,
        "{calls}"
    );
    assert_eq!(calls.lines().count(), 2, "ls-tree, log: {calls}");
    assert!(!calls.contains("status"), "{calls}");

    // Outside a checkout: the file's time.
    std::fs::remove_dir_all(dir.join(".git")).unwrap();
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(updated("edited.html").contains("datetime=\"2026-02-03\""));
}

/// Programs a repository's configuration names (fsmonitor, filters, an
/// external diff, a signature checker, a pager) never run when quire reads
/// the history: whoever pushes content can write `.git/config`.
#[cfg(unix)]
#[test]
fn reading_history_runs_nothing_the_repository_configures() {
    let space = Space::new();
    space
        .file("quire.yaml", "title: KB\nlanguage: en\n")
        .file(
            "content/SUMMARY.md",
            "* [Home](README.md)\n* [Guide](guide.md)\n",
        )
        .file("content/README.md", "# Home\n")
        .file("content/guide.md", "# Guide\n");
    let dir = space.path();
    git_in(dir, &["init", "-q"], "2024-05-06T10:00:00+00:00");
    git_in(dir, &["add", "."], "2024-05-06T10:00:00+00:00");
    git_in(
        dir,
        &["commit", "-qm", "first"],
        "2024-05-06T10:00:00+00:00",
    );

    let markers = tempfile::tempdir().unwrap();
    let program = |name: &str| {
        let path = markers.path().join(format!("{name}.sh"));
        let ran = markers.path().join(format!("{name}.ran"));
        std::fs::write(
            &path,
            format!("#!/bin/sh\ntouch '{}'\ncat\n", ran.display()),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path.display().to_string()
    };
    let configured = [
        ("core.fsmonitor", program("fsmonitor")),
        ("filter.evil.clean", program("clean")),
        ("filter.evil.smudge", program("smudge")),
        ("filter.evil.process", program("process")),
        ("diff.external", program("extdiff")),
        ("core.pager", program("pager")),
        ("gpg.program", program("gpg")),
        ("log.showSignature", "true".to_string()),
    ];
    for (key, value) in &configured {
        git_in(dir, &["config", key, value], "2024-05-06T10:00:00+00:00");
    }
    std::fs::write(dir.join(".gitattributes"), "* filter=evil diff=evil\n").unwrap();
    // Same bytes, new time: `git status` would run the clean filter and the
    // fsmonitor hook to find out whether the page changed.
    let touched = std::process::Command::new("touch")
        .args(["-d", "2026-02-03T12:00:00Z"])
        .arg(dir.join("content/guide.md"))
        .status()
        .unwrap();
    assert!(touched.success());

    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ran: Vec<_> = std::fs::read_dir(markers.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ran"))
        .collect();
    assert!(ran.is_empty(), "ran: {ran:?}");
    // The unchanged page still takes its date from the commit.
    assert!(space
        .read_out("guide.html")
        .contains("datetime=\"2024-05-06\""));
}

/// The README's worked theming example, exactly as written there.
#[test]
fn a_project_theme_changes_colours_and_logo_as_the_readme_shows() {
    let space = Space::new();
    space
        .file("quire.yaml", "title: Acme Help\ntheme: acme\n")
        .file("content/SUMMARY.md", "* [Home](README.md)\n* [Setup](guides/setup.md)\n")
        .file("content/README.md", "# Home\n")
        .file("content/guides/setup.md", "# Setup\n")
        .file(
            "themes/acme/assets/custom.css",
            ":root { --primary: #0f766e; --primary-text: #0f766e; }\nhtml.dark { --primary-text: #5eead4; }\n",
        )
        .file("themes/acme/assets/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"14\" fill=\"#0f766e\"/></svg>\n")
        .file(
            "themes/acme/templates/partials/logo.html",
            "<img class=\"site-logo\" src=\"{{ root }}assets/logo.svg\" alt=\"\" width=\"28\" height=\"28\">",
        );
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = space.read_out("guides/setup.html");
    let theme_css = page
        .find("href=\"../assets/quire.css\"")
        .expect("theme css");
    let custom_css = page
        .find("href=\"../assets/custom.css\"")
        .expect("custom css linked");
    assert!(
        custom_css > theme_css,
        "custom.css must come after quire.css"
    );
    assert_eq!(
        page.matches("<img class=\"site-logo\" src=\"../assets/logo.svg\" alt=\"\" width=\"28\" height=\"28\">")
            .count(),
        2,
        "header and phone sheet"
    );
    assert!(!page.contains("site-mark"));
    assert!(space.read_out("assets/custom.css").contains("#0f766e"));
    assert!(space.out().join("assets/logo.svg").is_file());
    // Without the file, no link.
    std::fs::remove_file(space.path().join("themes/acme/assets/custom.css")).unwrap();
    assert_eq!(space.build(&[]).code, 0);
    assert!(!space.read_out("index.html").contains("custom.css"));
}

/// Issue 24 §2: an unconfigured space reads as the language of its pages,
/// on `<html lang>`, in its interface strings and its navigation script;
/// `quire.yaml`, a space's definition and a page's `lang:` say otherwise.
#[test]
fn issue_24_a_space_without_a_language_takes_the_language_of_its_pages() {
    let space = Space::new();
    space
        .file(
            "README.md",
            "# ようこそ\n\nアカウント設定のページでパスワードを再設定してください。\n",
        )
        .file(
            "setup.md",
            "# 設定\n\n管理画面から通知を有効にします。完了するとメールが届きます。\n",
        )
        .file("release.md", "# Release notes\n\nThe agent now restarts itself.\n")
        // A title of kanji alone reads as the space's Japanese, not as Chinese.
        .file("manage.md", "# 管理\n")
        .file(
            "declared.md",
            "---\nlang: zh_CN\n---\n# 设置\n\n请到账号设置页面重设密码。\n",
        )
        .file("bad.md", "---\ndescription: x\nlang: \"en\\\" onmouseover=\\\"x\"\n---\n# Bad\n\nテキスト。\n")
        .file(
            "SUMMARY.md",
            "* [ようこそ](README.md)\n* [設定](setup.md)\n* [Release](release.md)\n* [管理](manage.md)\n* [设置](declared.md)\n* [Bad](bad.md)\n",
        );
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = space.read_out("index.html");
    assert!(home.contains("<html lang=\"ja\""), "{home}");
    assert!(home.contains(">本文へ移動</a>"), "{home}");
    assert!(space
        .read_out("nav.js")
        .contains("\"copy\":\"コードをコピー\""));
    // An English page of the space is marked as English, a declared one as declared.
    let release = space.read_out("release.html");
    assert!(release.contains("<html lang=\"ja\""));
    assert!(
        release.contains("<div class=\"page-body\" lang=\"en\">"),
        "{release}"
    );
    let manage = space.read_out("manage.html");
    assert!(manage.contains("<div class=\"page-body\">"), "{manage}");
    let declared = space.read_out("declared.html");
    assert!(
        declared.contains("<div class=\"page-body\" lang=\"zh-CN\">"),
        "{declared}"
    );
    // A `lang:` that is no language tag is not written anywhere.
    assert_reported(
        &run.stderr,
        &["bad.md:3:1: warning[language]: `lang: en\\\" onmouseover=\\\"x` is not a language tag"],
    );
    assert!(!space.read_out("bad.html").contains("onmouseover"));

    // The site's language wins over the guess: English strings stay English.
    space.file("quire.yaml", "content: .\nlanguage: en\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = space.read_out("index.html");
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains(">Skip to content</a>"));
    assert!(
        home.contains("<div class=\"page-body\" lang=\"ja\">"),
        "{home}"
    );
}

/// Issue 24 §2: a page's language is read from its prose. Code samples,
/// the URLs of embeds, HTML markup, front-matter keys and the file names
/// inside `{% content-ref %}` (its card shows the page's title) are Latin
/// letters a reader does not read; counted, they made short Chinese pages
/// English, and a whole space with them.
#[test]
fn issue_24_code_urls_and_markup_do_not_make_a_chinese_page_english() {
    let json: String = (0..40)
        .map(|n| format!("  \"field_name_{n}\": \"value for the request body\",\n"))
        .collect();
    let video = "https://files.example.com/v0/b/app.appspot.com/o/media%2Fvideos%2Fconnect-wallet-walkthrough-recording.mp4?alt=media&token=abc-def-ghi-jkl";
    let space = Space::new();
    space
        .file(
            "README.md",
            &format!(
                "---\ndescription: 连接钱包\nicon: wallet\n---\n# 连接钱包\n\n打开应用后点击右上角的按钮。\n\n1. 点击 **Connect** 按钮。\n\n{{% embed url=\"{video}\" %}}\n\n{{% embed url=\"{video}&second=true\" %}}\n"
            ),
        )
        .file(
            "api.md",
            &format!("# 创建订单\n\n请求示例如下。\n\n```json\n{{\n{json}}}\n```\n\n<div class=\"note\" data-kind=\"request-response-example\"><p>返回订单编号。</p></div>\n"),
        )
        .file(
            "overview.md",
            &format!(
                "# 开发者指南\n\n以下页面介绍接口。\n\n{}",
                "{% content-ref url=\"api.md\" %}\n[create-order-request-example-for-the-wallet-connection.md](api.md)\n{% endcontent-ref %}\n\n".repeat(4)
            ),
        )
        .file(
            "SUMMARY.md",
            "* [连接钱包](README.md)\n* [创建订单](api.md)\n* [开发者指南](overview.md)\n",
        );
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["index.html", "api.html", "overview.html"] {
        let html = space.read_out(page);
        assert!(html.contains("<html lang=\"zh-CN\""), "{page}: {html}");
        assert!(html.contains("<div class=\"page-body\">"), "{page}: {html}");
    }
}

/// Issue 24 §2: each space of a site is guessed on its own, and a space's
/// definition in `docs.yaml` names its language.
#[test]
fn issue_24_each_space_is_guessed_from_its_own_pages() {
    let space = Space::new();
    space
        .file(
            "docs.yaml",
            "spaces:\n  - content: {directory: product}\n  - content: {directory: help}\n  - language: ja\n    content: {directory: legacy}\n",
        )
        .file("product/README.md", "# Product\n\nInstall the agent on every machine.\n")
        .file("product/SUMMARY.md", "* [Product](README.md)\n")
        .file("help/README.md", "# 帮助\n\n请到账号设置页面重设密码，完成后会收到通知。\n")
        .file("help/SUMMARY.md", "* [帮助](README.md)\n")
        .file("legacy/README.md", "# Legacy\n\nOld English text.\n")
        .file("legacy/SUMMARY.md", "* [Legacy](README.md)\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(space
        .read_out("product/index.html")
        .contains("<html lang=\"en\""));
    let help = space.read_out("help/index.html");
    assert!(help.contains("<html lang=\"zh-CN\""), "{help}");
    assert!(help.contains(">跳到内容</a>"));
    assert!(space
        .read_out("legacy/index.html")
        .contains("<html lang=\"ja\""));
}

/// Issue 24 §3: a page's front matter `icon:` is drawn before its title
/// from Font Awesome Free; a name it lacks warns at its line.
#[test]
fn issue_24_a_page_icon_is_drawn_before_its_title() {
    let space = Space::new();
    space
        .file(
            "README.md",
            "---\nicon: hand-pointer\n---\n# Home\n\nText.\n",
        )
        .file(
            "pro.md",
            "---\ndescription: x\nicon: gear-complex\n---\n# Pro\n\nText.\n",
        )
        .file("SUMMARY.md", "* [Home](README.md)\n* [Pro](pro.md)\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = space.read_out("index.html");
    assert!(
        home.contains("<h1 class=\"page-title\"><svg class=\"icon fa-icon\" viewBox=\"0 0 "),
        "{home}"
    );
    assert!(home.contains("</svg>Home</h1>"), "{home}");
    assert_reported(
        &run.stderr,
        &["pro.md:3:1: warning[icon]: icon `gear-complex` is not in Font Awesome Free"],
    );
    assert!(space
        .read_out("pro.html")
        .contains("<h1 class=\"page-title\">Pro</h1>"));
}

/// Issue 23: progress lines carry no colour codes in a pipe or a CI log.
#[test]
fn issue_23_no_colour_codes_when_piped() {
    let space = Space::new();
    space.file("README.md", "# Home\n");
    let run = space.build(&["-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("INFO"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

/// Issue 23: on a terminal, colour unless `NO_COLOR` is set (no-color.org).
/// `script` (util-linux) gives the build a terminal.
#[cfg(target_os = "linux")]
#[test]
fn issue_23_colour_on_a_terminal_only_without_no_color() {
    let space = Space::new();
    space.file("README.md", "# Home\n");
    let on_terminal = |no_color: Option<&str>| {
        let command = format!(
            "'{}' build '{}' -v",
            env!("CARGO_BIN_EXE_quire"),
            space.path().display()
        );
        let mut script = std::process::Command::new("script");
        script
            .args(["-q", "-e", "-c", &command, "/dev/null"])
            .env("QUIRE_CACHE_DIR", "")
            .env_remove("NO_COLOR")
            .stdin(std::process::Stdio::null());
        if let Some(value) = no_color {
            script.env("NO_COLOR", value);
        }
        let run = crate::util::Run::from(script.output().expect("script (util-linux) runs"));
        assert_eq!(run.code, 0, "{}", run.stdout);
        assert!(run.stdout.contains("INFO"), "{}", run.stdout);
        run.stdout
    };
    assert!(on_terminal(None).contains("\u{1b}["));
    assert!(!on_terminal(Some("1")).contains('\u{1b}'));
}

/// Issue 25 §3: a page whose name starts with dots is built when SUMMARY.md
/// or a built page names it, written without the dots (static hosts drop
/// dot-paths), and every link to it leads there. One that nothing names
/// stays skipped.
#[test]
fn dot_named_pages_named_by_the_summary_or_a_link_are_built() {
    let space = Space::fixture("dot-named");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stderr.lines().last().unwrap();
    assert!(
        last.starts_with("built 4 pages") && last.contains("(0 warnings, 0 errors)"),
        "{}",
        run.stderr
    );
    let numbers = space.read_out("importing/with-secret-numbers.html");
    assert!(numbers.contains("<h1"), "{numbers}");
    assert!(numbers.contains("id=\"the-numbers\""), "{numbers}");
    // Named only by a link from a page that is itself dot-named.
    let appendix = space.read_out("importing/appendix.html");
    assert!(
        appendix.contains("href=\"with-secret-numbers.html#the-numbers\""),
        "{appendix}"
    );
    assert!(!space.out().join("importing/unnamed.html").exists());
    let home = space.read_out("index.html");
    assert!(
        home.contains("<a href=\"importing/with-secret-numbers.html#the-numbers\">"),
        "{home}"
    );
    // The sidebar entry is a link, not a dead caption; so is the content-ref card.
    let folder = space.read_out("importing/index.html");
    assert!(
        folder.contains(
            "<a class=\"nav-link\" href=\"with-secret-numbers.html\">...with secret numbers</a>"
        ),
        "{folder}"
    );
    assert!(
        folder.contains("<a class=\"content-ref\" href=\"with-secret-numbers.html\">"),
        "{folder}"
    );
    let dotted: Vec<String> = snapshot_dir(&space.out())
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| rel.split('/').any(|p| p.starts_with('.')) && rel != ".quire-output")
        .collect();
    assert!(dotted.is_empty(), "{dotted:?}");
    assert!(assert_internal_links_resolve(&space.out()) > 10);
}

/// A dot-named page whose dot-free output another page already has is
/// written under a numbered name, with a warning.
#[test]
fn a_dot_named_page_that_collides_is_numbered_with_a_warning() {
    let space = Space::new();
    space
        .file(
            "SUMMARY.md",
            "* [Home](README.md)\n* [Notes](notes.md)\n* [Old notes](.notes.md)\n",
        )
        .file("README.md", "# Home\n\n[old](.notes.md)\n")
        .file("notes.md", "# Notes\n")
        .file(".notes.md", "# Old notes\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            ".notes.md: warning[output-path]: `notes.html` is already the output of `notes.md`; written as `notes-2.html`"
        ),
        "{}",
        run.stderr
    );
    assert!(space.read_out("notes.html").contains("Notes"));
    assert!(space.read_out("notes-2.html").contains("Old notes"));
    assert!(space
        .read_out("index.html")
        .contains("<a href=\"notes-2.html\">old</a>"));
}

/// A page without a leading `# H1` takes the title SUMMARY.md gives it, as
/// GitBook shows it, not its file name; a page SUMMARY.md does not list
/// keeps its file name.
#[test]
fn a_page_without_a_title_heading_is_titled_as_summary_names_it() {
    let space = Space::new();
    space
        .file("quire.yaml", "title: KB\nlanguage: ja\n")
        .file(
            "content/SUMMARY.md",
            "* [Home](README.md)\n* [モデルを比べる](guides/compare-models.md)\n",
        )
        .file("content/README.md", "# Home\n\n[x](loose-notes.md)\n")
        .file(
            "content/guides/compare-models.md",
            "## 比べ方\n\n二つのモデルを並べます。\n",
        )
        .file("content/loose-notes.md", "Notes without a heading.\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = space.read_out("guides/compare-models.html");
    assert!(
        page.contains("<h1 class=\"page-title\">モデルを比べる</h1>"),
        "{page}"
    );
    assert!(page.contains("<title>モデルを比べる"), "{page}");
    let loose = space.read_out("loose-notes.html");
    assert!(
        loose.contains("<h1 class=\"page-title\" lang=\"en\">loose-notes</h1>"),
        "{loose}"
    );
}
