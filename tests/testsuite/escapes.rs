//! Issue 21: content can never make quire read or write outside the space
//! and the output, or run code. Each hostile space is made here, at test
//! time: several cases are symlinks, git repositories or paths outside the
//! temporary folder.

use crate::util::{assert_reported, Space};

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
