//! Pages with a dot-named part in their path (`...with-secret-numbers.md`,
//! `.drafts/a.md`): discovery sets them aside, and they are built when
//! SUMMARY.md or a built page names them, as GitBook builds every page it
//! lists. Their output drops the dots (`url::published_file_path`).

use super::{nav, summary};
use crate::text::url;

/// The candidates that SUMMARY.md (`text`, in folder `base`) lists,
/// taken out of `candidates`.
pub(crate) fn take_listed(text: &str, base: &str, candidates: &mut Vec<String>) -> Vec<String> {
    if candidates.is_empty() {
        return vec![];
    }
    let (summary, _) = summary::parse(text);
    let listed: Vec<String> = summary
        .entries()
        .iter()
        .filter_map(|entry| entry.destination.as_deref())
        .filter(|dest| !url::is_external(dest))
        .filter_map(|dest| nav::entry_source(dest, base))
        .collect();
    take_where(candidates, |c| listed.iter().any(|l| l == c))
}

/// The candidates that a page (`text`, its source `source`) links to,
/// taken out of `candidates`.
pub(crate) fn take_linked(text: &str, source: &str, candidates: &mut Vec<String>) -> Vec<String> {
    if candidates.is_empty() {
        return vec![];
    }
    let dir = url::parent(source);
    take_where(candidates, |c| links_to(text, dir, c))
}

fn take_where(candidates: &mut Vec<String>, mut wanted: impl FnMut(&str) -> bool) -> Vec<String> {
    let (taken, kept) = std::mem::take(candidates)
        .into_iter()
        .partition(|c| wanted(c));
    *candidates = kept;
    taken
}

/// Whether `text`, a page in folder `dir`, has a link destination (Markdown,
/// HTML or a block attribute) that leads to `target`. Read lexically: each
/// place the target's file name is written (as it is or percent-encoded),
/// ended by what ends a destination, is taken with the path written before
/// it and resolved from `dir`.
fn links_to(text: &str, dir: &str, target: &str) -> bool {
    let name = target.rsplit('/').next().unwrap_or(target);
    let encoded = url::encode_path(name);
    let spellings: &[&str] = if encoded == name {
        &[name]
    } else {
        &[name, &encoded]
    };
    spellings.iter().any(|spelling| {
        memchr::memmem::find_iter(text.as_bytes(), spelling.as_bytes()).any(|at| {
            let end = at + spelling.len();
            let ends_destination = text[end..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || ")\"'>#?]".contains(c));
            let start = text[..at]
                .rfind(|c: char| c.is_whitespace() || "(\"'<=[]".contains(c))
                .map_or(0, |i| i + 1);
            ends_destination
                && url::join(dir, &url::decode(&text[start..end])).as_deref() == Some(target)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates() -> Vec<String> {
        vec![
            "import/...with-secret-numbers.md".to_string(),
            "import/.old notes.md".to_string(),
            ".drafts/plan.md".to_string(),
        ]
    }

    #[test]
    fn summary_entries_name_their_pages() {
        let mut left = candidates();
        let summary = "# Summary\n\n* [Import](import/README.md)\n  * [...with secret numbers](import/...with-secret-numbers.md)\n* [Drafts](.drafts/)\n";
        let taken = take_listed(summary, "", &mut left);
        assert_eq!(taken, ["import/...with-secret-numbers.md"]);
        assert_eq!(left.len(), 2);
    }

    #[test]
    fn links_in_markdown_html_and_blocks_name_their_targets() {
        let linked = |text: &str, source: &str| {
            let mut left = candidates();
            take_linked(text, source, &mut left)
        };
        assert_eq!(
            linked("See [it](...with-secret-numbers.md#keys).", "import/a.md"),
            ["import/...with-secret-numbers.md"]
        );
        assert_eq!(
            linked("<a href=\"../import/.old%20notes.md\">x</a>", "other/b.md"),
            ["import/.old notes.md"]
        );
        assert_eq!(
            linked("{% content-ref url=\".drafts/plan.md\" %}", "c.md"),
            [".drafts/plan.md"]
        );
        assert_eq!(
            linked("[x](<import/.old notes.md>)", "c.md"),
            ["import/.old notes.md"]
        );
    }

    #[test]
    fn a_name_alone_or_from_another_folder_is_no_link() {
        let mut left = candidates();
        let text = "Read plan.md and [x](other/...with-secret-numbers.md) and [y](import/...with-secret-numbers.mdx)";
        assert!(take_linked(text, "c.md", &mut left).is_empty());
        assert_eq!(left.len(), 3);
    }
}
