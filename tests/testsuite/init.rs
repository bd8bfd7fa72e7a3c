//! `quire init`, `--from-gitbook`, completions, the manual and `--version`:
//! from nothing to a site that builds and checks.

use crate::util::{quire, snapshot_dir, Space};
use std::path::Path;

const SCAFFOLD: &[&str] = &[
    "quire.yaml",
    "content/README.md",
    "content/SUMMARY.md",
    "content/getting-started.md",
    "content/guides/README.md",
    "content/guides/write-a-page.md",
    ".gitignore",
    ".github/workflows/publish.yml",
];

#[test]
fn init_then_build_and_check_succeed() {
    let space = Space::new();
    let run = quire(space.path(), &["init", "help-desk"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = space.path().join("help-desk");
    for file in SCAFFOLD {
        assert!(dir.join(file).is_file(), "{file} missing");
        assert!(
            run.stderr.contains(&format!("created help-desk/{file}")),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("cd help-desk && quire serve --open"),
        "{}",
        run.stderr
    );
    let config = std::fs::read_to_string(dir.join("quire.yaml")).unwrap();
    assert!(config.contains("\ntitle: Help desk\n"), "{config}");
    assert!(config.contains("\nlanguage: en\n"), "{config}");

    let check = quire(&dir, &["check", "--deny-warnings"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("checked 4 pages: 0 errors, 0 warnings"),
        "{}",
        check.stderr
    );
    let build = quire(&dir, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let home = std::fs::read_to_string(dir.join("output/index.html")).unwrap();
    assert!(
        home.contains("<title>Welcome | Help desk</title>") || home.contains("Help desk"),
        "{home}"
    );
    // The example pages show the blocks they promise, and the SUMMARY's group and nesting.
    let steps = std::fs::read_to_string(dir.join("output/guides/write-a-page.html")).unwrap();
    assert!(
        steps.contains("class=\"stepper\"") || steps.contains("stepper"),
        "{steps}"
    );
    assert_eq!(steps.matches("class=\"step\"").count(), 3, "{steps}");
    assert!(steps.contains("中文與英文可以寫在同一頁"));
    let start = std::fs::read_to_string(dir.join("output/getting-started.html")).unwrap();
    assert!(start.contains("hint-info"), "{start}");
    assert!(home.contains(">Guides<"), "group caption: {home}");
    // The output is ignored by git, and the workflow installs this version.
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/output/"));
    // So is the lock the build took beside it.
    assert!(dir.join(".output.quire-lock").is_file());
    assert!(ignore.lines().any(|l| l == "/.output.quire-lock"));
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/publish.yml")).unwrap();
    assert!(workflow.contains(&format!("QUIRE_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))));
    assert!(workflow.contains("install-quire.sh\" --version \"$QUIRE_VERSION\""));
    assert!(workflow.contains("quire check --format github"));
}

#[test]
fn init_in_the_current_folder_beside_other_files() {
    let space = Space::new();
    space.file("notes.txt", "mine\n");
    let run = quire(space.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("  created quire.yaml\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(space.path().join("notes.txt")).unwrap(),
        "mine\n"
    );
    let name = space
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let config = std::fs::read_to_string(space.path().join("quire.yaml")).unwrap();
    assert!(config.contains("\ntitle: "), "{config} ({name})");
}

#[test]
fn init_refuses_to_overwrite_and_changes_nothing_without_force() {
    let space = Space::new();
    space.file("kb/content/SUMMARY.md", "* [Mine](mine.md)\n");
    space.file("kb/.gitignore", "target/\n");
    let before = snapshot_dir(space.path());
    let run = quire(space.path(), &["init", "kb"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("would be overwritten"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  kb/content/SUMMARY.md\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("  kb/.gitignore\n"), "{}", run.stderr);
    assert!(!run.stderr.contains("  kb/quire.yaml\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Nothing was changed. Use --force"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_dir(space.path()), before, "init changed files");

    let run = quire(space.path(), &["init", "kb", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = std::fs::read_to_string(space.path().join("kb/content/SUMMARY.md")).unwrap();
    assert!(
        summary.contains("[Write a page](guides/write-a-page.md)"),
        "{summary}"
    );
}

#[test]
fn from_gitbook_writes_only_quire_yaml_and_the_export_builds() {
    let space = Space::fixture("gitbook-export");
    let before = snapshot_dir(space.path());
    let run = space.run("init", &["--from-gitbook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("Found the GitBook space \"客服中心\" in .gitbook.yaml (root `docs`): 4 pages, 1 space, SUMMARY `docs/SUMMARY.md`, language zh-TW"),
        "{}",
        run.stderr
    );
    let mut after = snapshot_dir(space.path());
    let config = after
        .iter()
        .position(|(path, _)| path == "quire.yaml")
        .map(|i| after.remove(i))
        .expect("quire.yaml written");
    assert_eq!(after, before, "only quire.yaml may change");
    let config = String::from_utf8(config.1).unwrap();
    for line in ["title: 客服中心", "content: .", "language: zh-TW"] {
        assert!(config.lines().any(|l| l == line), "{line}: {config}");
    }

    let check = space.run("check", &["--deny-warnings"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let build = space.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let home = space.read_out("index.html");
    assert!(home.contains("<html lang=\"zh-TW\""), "{home}");
    assert!(
        home.contains("跳至內容"),
        "Traditional Chinese interface: {home}"
    );
    assert!(space
        .read_out("account/reset-password.html")
        .contains("設定新密碼"));
    assert!(
        space.out().join("old-login.html").is_file(),
        ".gitbook.yaml redirects kept"
    );

    // A second adoption refuses; --force rewrites quire.yaml, even a broken one.
    let run = space.run("init", &["--from-gitbook"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    space.file("quire.yaml", "title: [broken\n");
    let run = space.run("init", &["--from-gitbook", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(space.build(&[]).code == 0);
}

#[test]
fn from_gitbook_finds_a_space_in_a_sub_folder_or_says_there_is_none() {
    let space = Space::new();
    space
        .file(
            "docs/SUMMARY.md",
            "* [Home](README.md)\n* [Setup](setup.md)\n",
        )
        .file("docs/README.md", "# Home\n\nHow to set up the app.\n")
        .file("docs/setup.md", "# Setup\n\nInstall it.\n")
        .file("scripts/deploy.sh", "echo\n");
    let run = space.run("init", &["--from-gitbook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("in the folder `docs`: 2 pages"),
        "{}",
        run.stderr
    );
    let config = std::fs::read_to_string(space.path().join("quire.yaml")).unwrap();
    assert!(config.lines().any(|l| l == "content: docs"), "{config}");
    assert!(config.lines().any(|l| l == "language: en"), "{config}");
    assert_eq!(space.build(&[]).code, 0);
    assert!(space.out().join("setup.html").is_file());

    let empty = Space::new();
    empty.file("notes.txt", "nothing here\n");
    let run = empty.run("init", &["--from-gitbook"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("found no GitBook space in"),
        "{}",
        run.stderr
    );
    assert!(!empty.path().join("quire.yaml").exists());
}

#[test]
fn from_gitbook_adopts_language_folders_as_spaces() {
    let space = Space::fixture("multilang");
    std::fs::remove_file(space.path().join("docs.yaml")).unwrap();
    std::fs::remove_file(space.path().join("README.md")).unwrap();
    let run = space.run("init", &["--from-gitbook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(" 3 spaces,"), "{}", run.stderr);
    assert_eq!(space.build(&[]).code, 0);
}

#[test]
fn completions_for_every_shell() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, marker) in [
        ("bash", "complete -F _quire"),
        ("zsh", "#compdef quire"),
        ("fish", "complete -c quire"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = quire(dir, &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        // Options of subcommands are completed too.
        for option in ["deny-warnings", "from-gitbook", "base-path"] {
            let written = match shell {
                "fish" => format!("-l {option} "),
                _ => format!("--{option}"),
            };
            assert!(run.stdout.contains(&written), "{shell} lacks {written}");
        }
    }
    // The bash script is valid bash.
    let bash = quire(dir, &["completions", "bash"]).stdout;
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &bash])
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let run = quire(dir, &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("invalid value 'tcsh'"),
        "{}",
        run.stderr
    );
}

#[test]
fn man_pages_from_the_cli_definition() {
    let space = Space::new();
    let run = quire(space.path(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(".ie") || run.stdout.contains(".TH quire 1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("quire\\-init") || run.stdout.contains("init"),
        "{}",
        run.stdout
    );
    let run = quire(space.path(), &["man", "--out", "man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "quire.1",
        "quire-build.1",
        "quire-check.1",
        "quire-init.1",
        "quire-serve.1",
    ] {
        let text = std::fs::read_to_string(space.path().join("man").join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".SH"), "{page}");
    }
    let init = std::fs::read_to_string(space.path().join("man/quire-init.1")).unwrap();
    assert!(init.contains("from\\-gitbook"), "{init}");
}

#[test]
fn version_names_the_release_and_the_commit() {
    let run = quire(Path::new("."), &["--version"]);
    assert_eq!(run.code, 0);
    let line = run.stdout.trim();
    let rest = line
        .strip_prefix(&format!("quire {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        rest == "unknown" || (rest.len() >= 7 && rest.chars().all(|c| c.is_ascii_hexdigit())),
        "{line}"
    );
}

/// Issue 23: `quire init kb` titles the site "KB", not "Kb".
#[test]
fn issue_23_a_short_folder_name_is_titled_as_an_abbreviation() {
    let space = Space::new();
    for (folder, title) in [
        ("kb", "KB"),
        ("help-desk", "Help desk"),
        ("HelpDesk", "HelpDesk"),
    ] {
        let run = quire(space.path(), &["init", folder]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let config = std::fs::read_to_string(space.path().join(folder).join("quire.yaml")).unwrap();
        assert!(config.contains(&format!("\ntitle: {title}\n")), "{config}");
    }
}
