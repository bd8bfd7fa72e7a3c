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
