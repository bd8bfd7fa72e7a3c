//! `quire init`.

use super::exit;
use crate::cli::InitArgs;
use crate::init::{self, gitbook, shown, Existing, Outcome};
use std::path::Path;

pub fn run(args: InitArgs) -> anyhow::Result<i32> {
    if args.from_gitbook {
        let adoption = gitbook::adopt(&args.dir, args.force)?;
        return Ok(match &adoption.outcome {
            Outcome::Written { replaced, .. } => {
                report_replaced(&args.dir, replaced);
                report_adoption(&args.dir, &adoption);
                exit::OK
            }
            Outcome::WouldOverwrite(paths) => refuse(&args.dir, paths),
        });
    }
    Ok(match init::scaffold(&args.dir, args.force)? {
        Outcome::Written {
            files: paths,
            replaced,
        } => {
            report_replaced(&args.dir, &replaced);
            for path in &paths {
                eprintln!("  created {}", shown(&args.dir, path).display());
            }
            eprintln!("\nA knowledge base is ready. Preview it while you edit:\n");
            eprintln!("{}quire serve --open\n", cd_hint(&args.dir));
            eprintln!("Then `quire check` before you push; .github/workflows/publish.yml publishes it on GitHub Pages.");
            exit::OK
        }
        Outcome::WouldOverwrite(paths) => refuse(&args.dir, &paths),
    })
}

fn report_adoption(dir: &Path, a: &gitbook::Adoption) {
    let from = if a.has_gitbook_yaml {
        format!(".gitbook.yaml (root `{}`)", a.root)
    } else {
        format!("the folder `{}`", a.root)
    };
    eprintln!(
        "Found the GitBook space \"{}\" in {from}: {} pages, {} space{}, SUMMARY `{}`, language {} (guessed from the text).",
        a.title,
        a.pages,
        a.spaces,
        if a.spaces == 1 { "" } else { "s" },
        a.summary,
        a.language
    );
    eprintln!("  created {}", shown(dir, "quire.yaml").display());
    eprintln!("\nNothing else was changed. Next:\n");
    eprintln!("{}quire check && quire build\n", cd_hint(dir));
    eprintln!("Add /output/ to .gitignore; quire.yaml lists the other settings.");
}

/// The symlinks `--force` removed, so that nobody wonders where the
/// files they pointed to went: they were left as they were.
fn report_replaced(dir: &Path, links: &[Existing]) {
    for link in links {
        let to = link.link_to.as_deref().unwrap_or(Path::new(""));
        eprintln!(
            "  replaced the symlink {} with a real {}; `{}`, where it pointed, was left as it was",
            shown(dir, &link.path).display(),
            if link.folder { "folder" } else { "file" },
            to.display()
        );
    }
}

fn refuse(dir: &Path, found: &[Existing]) -> i32 {
    eprintln!("error: these files exist and would be overwritten:");
    for existing in found {
        eprintln!(
            "  {}{}",
            shown(dir, &existing.path).display(),
            existing.link_note()
        );
    }
    eprintln!("Nothing was changed. Use --force to overwrite them.");
    exit::CONTENT_ERRORS
}

fn cd_hint(dir: &Path) -> String {
    if dir == Path::new(".") {
        "    ".into()
    } else {
        format!("    cd {} && ", dir.display())
    }
}
