//! Embeds the default theme: every file under `themes/default/` becomes an
//! entry of a generated `(path, bytes)` table, so adding a template or an
//! asset needs no code change, and editing one rebuilds the binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    embed_commit();
    let root = manifest_dir().join("themes/default");
    // Relative to the package, and rerun when the package moves: a target
    // folder copied to another checkout must not keep embedding the theme
    // of the checkout it came from.
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-env-changed=CARGO_MANIFEST_DIR");
    let mut files = vec![];
    collect(&root, &mut files);
    files.sort();
    let mut table = String::from("/// Files of the default theme: path under `themes/default/`, bytes.\npub(crate) const THEME_FILES: &[(&str, &[u8])] = &[\n");
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            table,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("theme_files.rs");
    std::fs::write(out, table).unwrap();
}

/// The package's folder as cargo gives it to this run of the script (not
/// as it was when the script was compiled, which `env!` would give).
fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
}

/// `QUIRE_COMMIT` for `quire --version`: the short commit of the git
/// checkout; in a crate archive (`cargo install quire`, `cargo package`), the
/// commit cargo recorded in `.cargo_vcs_info.json`; else `unknown`.
fn embed_commit() {
    let manifest = &manifest_dir();
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(manifest)
        .output()
        .ok()
        .filter(|o| o.status.success() && !manifest.join(".cargo_vcs_info.json").exists())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|c| !c.is_empty())
        .or_else(|| archived_commit(manifest))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=QUIRE_COMMIT={commit}");
    for path in [".git/HEAD", ".git/refs/heads"] {
        if manifest.join(path).exists() {
            println!("cargo:rerun-if-changed={}", manifest.join(path).display());
        }
    }
}

/// `"sha1": "<hex>"` from the `.cargo_vcs_info.json` of a packaged crate,
/// shortened like `git rev-parse --short=10`.
fn archived_commit(manifest: &Path) -> Option<String> {
    let info = std::fs::read_to_string(manifest.join(".cargo_vcs_info.json")).ok()?;
    let after = info.split("\"sha1\"").nth(1)?;
    let hex: String = after
        .trim_start_matches([' ', ':', '"', '\n', '\t'])
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .take(10)
        .collect();
    (hex.len() == 10).then_some(hex)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
