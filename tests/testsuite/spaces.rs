//! Sites of several spaces: `docs.yaml`, `LANGS.md` and folders with their
//! own SUMMARY.md build into one site with a space switcher, per-space
//! navigation and search, and links between spaces resolved.

use crate::util::{assert_internal_links_resolve, Space};

fn built(space: &Space) {
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("(0 warnings, 0 errors)"),
        "{}",
        run.stderr
    );
}

/// The switcher's entries of a page: (title, href, current).
fn switcher(html: &str) -> Vec<(String, String, bool)> {
    let Some(start) = html.find("<ul class=\"space-list\">") else {
        return vec![];
    };
    let end = start + html[start..].find("</ul>").unwrap();
    html[start..end]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let href = li
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let title = li.split('>').nth(1).unwrap().split('<').next().unwrap();
            (
                title.to_string(),
                href.to_string(),
                li.contains("aria-current"),
            )
        })
        .collect()
}

#[test]
fn docs_yaml_spaces_build_into_one_site_with_a_switcher() {
    let space = Space::fixture("multilang");
    built(&space);
    // Each space in its folder; the root sends readers to the first space.
    for page in [
        "en/index.html",
        "en/setup/install.html",
        "en/setup/mailbox.html",
        "zh-TW/index.html",
        "zh-TW/setup/install.html",
        "ja/index.html",
        "ja/setup/install.html",
    ] {
        assert!(space.out().join(page).is_file(), "{page}");
    }
    assert!(space.read_out("index.html").contains("url=en/index.html"));
    // docs.yaml, the SUMMARYs and the repository README are not published.
    for gone in [
        "docs.yaml",
        "README.html",
        "en/SUMMARY.html",
        "SUMMARY.html",
    ] {
        assert!(!space.out().join(gone).exists(), "{gone}");
    }
    // Each space's language and the switcher, which keeps the reader on the same page.
    let zh = space.read_out("zh-TW/setup/install.html");
    assert!(zh.contains("<html lang=\"zh-TW\""));
    assert!(space
        .read_out("ja/index.html")
        .contains("<html lang=\"ja\""));
    assert_eq!(
        switcher(&zh),
        [
            (
                "English".into(),
                "../../en/setup/install.html".into(),
                false
            ),
            ("繁體中文".into(), "install.html".into(), true),
            ("日本語".into(), "../../ja/setup/install.html".into(), false),
        ]
    );
    // A page without a twin in another space links to that space's home.
    let mailbox = space.read_out("en/setup/mailbox.html");
    let entries = switcher(&mailbox);
    assert_eq!(entries[1].1, "../../zh-TW/index.html");
    assert_eq!(entries[2].1, "../../ja/index.html");
}

#[test]
fn each_space_has_its_own_navigation_search_and_variables() {
    let space = Space::fixture("multilang");
    built(&space);
    let en = space.read_out("en/setup/install.html");
    assert!(en.contains("src=\"../../en/nav.js\""));
    assert!(en.contains("data-search=\"search/en/manifest.js\""));
    // The English page's sidebar lists English pages only.
    assert!(en.contains(">Connect a mailbox<") && !en.contains("安裝桌面版"));
    let zh_nav = space.read_out("zh-TW/nav.js");
    assert!(zh_nav.contains("安裝桌面版") && !zh_nav.contains("Install the desktop app"));
    // Previous/next stay inside the space: the last English page has no next.
    assert!(!space
        .read_out("en/setup/mailbox.html")
        .contains("rel=\"next\""));
    // One search index per space, each with only its own pages.
    let index_of = |dir: &str| {
        // Every section shard of the space, together.
        let dir = space.out().join("search").join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("sections-"))
            .collect();
        names.sort();
        assert!(!names.is_empty());
        names
            .iter()
            .map(|n| std::fs::read_to_string(dir.join(n)).unwrap())
            .collect::<String>()
    };
    let (en_index, zh_index) = (index_of("en"), index_of("zh-TW"));
    assert!(en_index.contains("en/setup/mailbox.html") && !en_index.contains("zh-TW/"));
    assert!(zh_index.contains("zh-TW/setup/install.html") && !zh_index.contains("en/"));
    // Expressions read their own space's vars.yaml.
    assert!(space
        .read_out("en/index.html")
        .contains("<code class=\"expression\">4.2</code>"));
    assert!(space
        .read_out("zh-TW/index.html")
        .contains("<code class=\"expression\">4.2（繁中）</code>"));
    // Each space's assets and includes work from its own `.gitbook/`.
    assert!(en.contains("src=\"../gitbook/assets/tray-icon.gif\""));
    assert!(en.contains("Support answers within one business day"));
}

#[test]
fn links_between_spaces_resolve_and_every_link_leads_to_a_file() {
    let space = Space::fixture("multilang");
    built(&space);
    let en = space.read_out("en/setup/install.html");
    assert!(en.contains("href=\"../../zh-TW/setup/install.html#an-zhuang-shi-bai\""));
    let checked = assert_internal_links_resolve(&space.out());
    assert!(checked > 30, "{checked}");
}

#[test]
fn folders_with_their_own_summary_are_spaces_named_by_language() {
    let space = Space::new();
    for (dir, title) in [("en", "Guide"), ("zh_CN", "指南"), ("jp", "ガイド")] {
        space
            .file(
                &format!("{dir}/SUMMARY.md"),
                "* [Home](README.md)\n* [Page](page.md)\n",
            )
            .file(&format!("{dir}/README.md"), &format!("# {title}\n"))
            .file(&format!("{dir}/page.md"), "# Page\n");
    }
    built(&space);
    // The site's language (en) comes first; languages come from folder names.
    let home = space.read_out("index.html");
    assert!(home.contains("url=en/index.html"), "{home}");
    let zh = space.read_out("zh_CN/page.html");
    assert!(zh.contains("<html lang=\"zh-CN\""));
    let titles: Vec<String> = switcher(&zh).into_iter().map(|e| e.0).collect();
    assert_eq!(titles, ["English", "日本語", "简体中文"]);
    assert!(space
        .read_out("jp/index.html")
        .contains("<html lang=\"ja\""));
}

#[test]
fn langs_md_lists_the_language_folders() {
    let space = Space::new();
    space
        .file(
            "LANGS.md",
            "# Languages\n\n* [English](en/)\n* [Français](fr/)\n",
        )
        .file("en/README.md", "# Hello\n")
        .file("fr/README.md", "# Bonjour\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // French is not among the theme's languages: the space's folder is named.
    assert!(
        run.stderr
            .contains("fr: warning[language]: the theme has no interface strings for `fr`")
            && run.stderr.contains("(1 warnings, 0 errors)"),
        "{}",
        run.stderr
    );
    assert!(!space.out().join("LANGS.html").exists());
    let fr = space.read_out("fr/index.html");
    assert!(fr.contains("<html lang=\"fr\""));
    let titles: Vec<String> = switcher(&fr).into_iter().map(|e| e.0).collect();
    assert_eq!(titles, ["English", "Français"]);
}

#[test]
fn a_single_space_has_no_switcher_and_keeps_its_paths() {
    let space = Space::fixture("basic");
    assert_eq!(space.build(&[]).code, 0);
    let home = space.read_out("index.html");
    assert!(!home.contains("space-switcher"));
    assert!(home.contains("src=\"nav.js\"") && home.contains("data-search=\"search/manifest.js\""));
}

#[test]
fn bad_docs_yaml_entries_are_warnings_at_the_file() {
    let space = Space::new();
    space
        .file(
            "docs.yaml",
            "spaces:\n  - content:\n      directory: ../outside\n  - content:\n      directory: missing\n  - directory: en\n",
        )
        .file("en/README.md", "# Hello\n")
        .file("page.md", "# Stray\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "docs.yaml: warning[config]: space 1: `../outside` is not a folder inside the content; skipped"
        ),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("docs.yaml: warning[config]: space 2: folder `missing` does not exist; skipped"));
    assert!(run
        .stderr
        .contains("page.md: warning[outside-space]: not published: the page is outside every space of the site"));
    assert!(space.out().join("en/index.html").is_file());
    let broken = Space::new();
    broken
        .file("docs.yaml", "spaces: [\n")
        .file("README.md", "# Home\n");
    let run = broken.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("docs.yaml:"), "{}", run.stderr);
    assert!(broken.out().join("index.html").is_file());
}
