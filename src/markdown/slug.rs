//! Heading ids the way GitBook makes them, because content links to them.
//!
//! Lowercase; markup, images and punctuation dropped; whitespace and hyphens
//! become one hyphen; leading and trailing hyphens trimmed; letters and digits
//! of every script kept as they are. Repeats in a page get `-1`, `-2`, ...

use std::collections::HashSet;

/// The id GitBook gives a heading with this plain text.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut separator = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if separator && !slug.is_empty() {
                slug.push('-');
            }
            separator = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            separator = true;
        }
    }
    slug
}

/// Hands out unique ids within one page.
#[derive(Debug, Default)]
pub struct Slugger {
    used: HashSet<String>,
}

impl Slugger {
    /// Reserve an id given explicitly (`<a id="x">`), so generated ones avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// A unique id for a heading with this text.
    pub fn unique(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            // Headings of only punctuation or emoji still need a target.
            base = "section".into();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("some suffix is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_gitbook_vectors() {
        let vectors = [
            (
                "MAAC Contacts - API import failure (LINE OA token)",
                "maac-contacts-api-import-failure-line-oa-token",
            ),
            (
                "Miner Revenue from MEV tips (%)",
                "miner-revenue-from-mev-tips",
            ),
            (
                "appendToURL / appendVisitorInfoForURL",
                "appendtourl-appendvisitorinfoforurl",
            ),
            ("Step", "step"),
            ("  --Leading and trailing--  ", "leading-and-trailing"),
            ("GET /users/{id}", "get-usersid"),
            ("常見問題 FAQ", "常見問題-faq"),
            ("聯絡人同步（LINE）失敗", "聯絡人同步line失敗"),
            ("Version 2.0 — what's new?", "version-20-whats-new"),
            ("Ünïcödé Straße", "ünïcödé-straße"),
            (
                "display_name vs original_name",
                "displayname-vs-originalname",
            ),
        ];
        for (text, id) in vectors {
            assert_eq!(slugify(text), id, "slug of {text:?}");
        }
    }

    #[test]
    fn repeats_get_numbered_suffixes() {
        let mut slugger = Slugger::default();
        let ids: Vec<_> = ["Step", "Step", "Other", "Step"]
            .iter()
            .map(|t| slugger.unique(t))
            .collect();
        assert_eq!(ids, ["step", "step-1", "other", "step-2"]);
    }

    #[test]
    fn explicit_ids_are_avoided_and_empty_slugs_get_a_name() {
        let mut slugger = Slugger::default();
        slugger.reserve("setup");
        assert_eq!(slugger.unique("Setup"), "setup-1");
        assert_eq!(slugger.unique("???"), "section");
        assert_eq!(slugger.unique("!!!"), "section-1");
    }
}
