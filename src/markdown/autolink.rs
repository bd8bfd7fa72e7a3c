//! Bare URLs in text become links, as on GitHub and GitBook.
//!
//! pulldown-cmark only links `<https://…>`; this finds `https://…`,
//! `http://…` and `www.…` in plain text, with GFM's rules for where a URL
//! ends: at whitespace or `<`, without trailing punctuation, and without a
//! closing parenthesis that has no opening partner. CJK punctuation also
//! ends a URL, since Chinese prose puts `，` or `。` right after one.

use std::ops::Range;

/// Byte ranges of the URLs in `text`.
pub(crate) fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut found = vec![];
    let mut from = 0;
    while let Some(start) = next_start(text, from) {
        let end = url_end(text, start);
        let host_start = start + scheme_len(&text[start..]);
        if end > host_start + 1 && text[host_start..end].contains(|c: char| c.is_alphanumeric()) {
            found.push(start..end);
        }
        from = end.max(start + 1);
    }
    found
}

/// The href for a URL found in text (`www.` gets a scheme).
pub(crate) fn href(url: &str) -> String {
    if url.starts_with("www.") {
        format!("https://{url}")
    } else {
        url.to_string()
    }
}

fn next_start(text: &str, from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(pos) = memchr::memchr2(b'h', b'w', &text.as_bytes()[i..]) {
        let at = i + pos;
        let rest = &text[at..];
        let starts_word = at == 0 || !text[..at].ends_with(|c: char| c.is_ascii_alphanumeric());
        if starts_word && scheme_len(rest) > 0 {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

fn scheme_len(rest: &str) -> usize {
    ["https://", "http://", "www."]
        .iter()
        // Compared as bytes: `rest` may continue with CJK text right after the prefix length.
        .find(|p| {
            rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
        })
        .map_or(0, |p| p.len())
}

fn url_end(text: &str, start: usize) -> usize {
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        if c.is_whitespace() || c == '<' || is_cjk_punctuation(c) || c.is_control() {
            break;
        }
        end = start + i + c.len_utf8();
    }
    trim_trailing(&text[start..end]) + start
}

/// Length of a URL once trailing punctuation and unbalanced `)` are removed.
fn trim_trailing(url: &str) -> usize {
    let mut len = url.len();
    loop {
        let Some(last) = url[..len].chars().next_back() else {
            return len;
        };
        let unbalanced_paren =
            last == ')' && url[..len].matches(')').count() > url[..len].matches('(').count();
        if "?!.,:*_~'\";".contains(last) || unbalanced_paren {
            len -= last.len_utf8();
        } else {
            return len;
        }
    }
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2018}'..='\u{201F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_bare_urls_with_gfm_endings() {
        assert_eq!(urls("See https://e.com/a?b=1."), ["https://e.com/a?b=1"]);
        assert_eq!(
            urls("(see https://e.com/wiki/A_(b))"),
            ["https://e.com/wiki/A_(b)"]
        );
        assert_eq!(urls("(https://e.com)"), ["https://e.com"]);
        assert_eq!(urls("go to www.example.com, now"), ["www.example.com"]);
        assert_eq!(urls("請看https://e.com/x，謝謝"), ["https://e.com/x"]);
        assert_eq!(
            urls("a http://x.org b https://y.org"),
            ["http://x.org", "https://y.org"]
        );
    }

    #[test]
    fn never_slices_inside_a_character() {
        for text in [
            "well. 刪除",
            "h刪",
            "www刪",
            "http:刪",
            "w",
            "ww.",
            "https:/中",
        ] {
            assert!(urls(text).is_empty(), "{text}");
        }
        // Every prefix of a mixed string, so a scheme check can end anywhere.
        let mixed = "看 https://例子.com/路徑，what www.e.com。";
        for (i, _) in mixed.char_indices() {
            let _ = find_urls(&mixed[i..]);
        }
    }

    #[test]
    fn ignores_non_urls() {
        assert!(urls("https:// nothing").is_empty());
        assert!(urls("shttps://e.com").is_empty());
        assert!(urls("what? http").is_empty());
        assert_eq!(href("www.e.com"), "https://www.e.com");
    }
}
