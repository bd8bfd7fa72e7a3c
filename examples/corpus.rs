//! Build many GitBook spaces in memory and report, per space: pages,
//! warnings by kind, leaked tag text, unresolved links and failed pages.
//!
//!     cargo run --release --features corpus --example corpus -- tests/corpus/* content
//!
//! Exits 1 if any space leaked tags or failed.

use std::path::PathBuf;

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: corpus DIR [DIR…]");
        std::process::exit(2);
    }
    let mut bad = false;
    println!(
        "{:<40} {:>6} {:>6} {:>8} {:>7} {:>7} {:>6}  kinds",
        "space", "pages", "errors", "warnings", "leaked", "broken", "failed"
    );
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let r = quire::corpus::report(dir);
        let kinds: Vec<String> = r.by_kind.iter().map(|(k, n)| format!("{k}={n}")).collect();
        println!(
            "{:<40} {:>6} {:>6} {:>8} {:>7} {:>7} {:>6}  {}",
            dir.display(),
            r.pages,
            r.errors,
            r.warnings,
            r.leaked_tags,
            r.broken_links,
            r.failed_pages,
            kinds.join(" ")
        );
        if let Some(fatal) = &r.fatal {
            println!("    fatal: {fatal}");
        }
        for page in &r.leaking_pages {
            println!("    leaks tags: {page}");
        }
        bad |= r.leaked_tags > 0 || r.failed_pages > 0;
    }
    std::process::exit(i32::from(bad));
}
