//! The files the browser loads, split so that a query loads only what it needs.
//!
//! A query reads the postings of a few terms and the text of the sections it
//! shows. A site of 10,000 pages has megabytes of each, so each kind is cut
//! into shards named by content hash, and `search/manifest.js` says where to
//! find what:
//!
//! ```text
//! window.quireSearchFiles = {
//!   v: 4, fields: [...], boost: [...], n: <documents>,
//!   pages: "<documents of each page, in order>",           // base-32 numbers
//!   terms: [[first term, "search/terms-<hash>.js"], ...],   // sorted by first term
//!   sections: { size: <documents per shard>, count: <shards>,
//!               prefix: "search/sections-<hash>-" } }      // + n + ".js"
//! ```
//!
//! Every shard registers itself as `window.quireSearchParts[path] = {...}`:
//! - terms: `{terms: {token: "postings of field 0.postings of field 1.…"}}`,
//!   postings as in [`super::index`]: each carries its field's length in its
//!   impact, so no file of field lengths is loaded (it was 177 KB gzip of
//!   every query at 10,000 pages). A common word's postings are split by
//!   impact (`index::split_by_impact`): its shard holds
//!   `token: [head postings, [documents per field], bound, tail path]`, the
//!   documents it weighs most in, and its tail file `{tail: "postings…"}`
//!   the rest, which the browser loads only when `bound` (the most a tail
//!   document weighs) could change the results it was asked for;
//! - sections: `{first, pages: {n: [title, url, [breadcrumb, …]]},
//!   docs: [[page, heading, anchor, text(, [ancestor, …])], …]}` for
//!   documents `first…`; the text of a section without its own is what
//!   follows it (`shown_text`); the headings the section sits under, when
//!   it has any, end its breadcrumbs.

use super::index::{
    encode_postings, push_number, split_by_impact, FieldLengths, FieldPostings, Postings, BOOSTS,
    FIELDS,
};
use super::Document;
use crate::content::Site;
use crate::render::OutputFile;
use crate::text::url;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Bytes of postings per term shard (a single long list may exceed it).
const TERM_SHARD_BYTES: usize = 16 * 1024;
/// Postings longer than this are split by impact, the head kept in the term
/// shard and the tail in a file of its own.
const SPLIT_BYTES: usize = 1024;
/// Documents in the head of a split term: more than the 20 results a query
/// returns, so that the 20th of a one-word query is usually among them.
const HEAD_DOCS: usize = 40;
/// Documents per section shard: a query loads the shards of the results it
/// shows (at most 20), each about 2 KB gzip.
const SECTIONS_PER_SHARD: usize = 8;
/// Characters of section text kept for excerpts.
pub(crate) const EXCERPT_CHARS: usize = 600;

/// Every search file of one space, in `dir`.
pub(crate) fn write(
    site: &Site,
    docs: &[Document],
    terms: &Postings,
    lengths: &[FieldLengths],
    dir: &str,
) -> Vec<OutputFile> {
    let mut out = vec![];
    let mut tails = vec![];
    let term_shards: Vec<(String, String)> = term_shards(terms, lengths, &mut |tail| {
        shard(dir, "tail", &format!("{{\"tail\":\"{tail}\"}}"), &mut tails)
    })
    .into_iter()
    .map(|(first, body)| (first, shard(dir, "terms", &body, &mut out)))
    .collect();
    out.extend(tails);
    // Section shards share one hash (of them all) and are numbered, so the
    // manifest does not list thousands of names.
    let shown: Vec<Cow<str>> = (0..docs.len())
        .into_par_iter()
        .map(|n| truncate(shown_text(docs, n)))
        .collect();
    let bodies: Vec<String> = docs
        .par_chunks(SECTIONS_PER_SHARD)
        .zip(shown.par_chunks(SECTIONS_PER_SHARD))
        .enumerate()
        .map(|(n, (chunk, texts))| sections(site, chunk, texts, n * SECTIONS_PER_SHARD))
        .collect();
    let set = hash_all(bodies.iter().map(String::as_bytes));
    let section_files: Vec<OutputFile> = bodies
        .par_iter()
        .enumerate()
        .map(|(n, body)| registered(format!("{dir}/sections-{set}-{n}.js"), body))
        .collect();
    out.extend(section_files);
    let manifest = Manifest {
        documents: docs.len(),
        pages: page_sizes(docs),
        terms: &term_shards,
        section_shards: bodies.len(),
        section_prefix: format!("{dir}/sections-{set}-"),
    }
    .json();
    out.push(OutputFile {
        path: format!("{dir}/manifest.js"),
        bytes: script_safe("window.quireSearchFiles=", &manifest, ";\n").into_bytes(),
    });
    out
}

/// What the browser reads first: the fields and their boosts, the pages'
/// sizes, the first term of each terms shard and the section shards.
struct Manifest<'t> {
    documents: usize,
    pages: String,
    /// (first term, path) of each terms shard.
    terms: &'t [(String, String)],
    section_shards: usize,
    section_prefix: String,
}

impl Manifest<'_> {
    /// The manifest as JSON, written as the shards are: keys sorted as
    /// text, whether or not serde_json's `preserve_order` feature (which
    /// `--all-features` turns on through merman) would keep them in the
    /// order they were given.
    fn json(&self) -> String {
        let mut out = String::with_capacity(self.pages.len() + self.terms.len() * 64 + 256);
        out.push_str("{\"boost\":");
        out.push_str(&serde_json::to_string(&BOOSTS).unwrap_or_default());
        out.push_str(",\"fields\":");
        push_json_strs(&FIELDS, &mut out);
        out.push_str(",\"n\":");
        out.push_str(&self.documents.to_string());
        out.push_str(",\"pages\":");
        push_json_str(&self.pages, &mut out);
        out.push_str(",\"sections\":{\"count\":");
        out.push_str(&self.section_shards.to_string());
        out.push_str(",\"prefix\":");
        push_json_str(&self.section_prefix, &mut out);
        out.push_str(",\"size\":");
        out.push_str(&SECTIONS_PER_SHARD.to_string());
        out.push_str("},\"terms\":[");
        for (n, (first, path)) in self.terms.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            push_json_strs(&[first, path], &mut out);
        }
        out.push_str("],\"v\":4}");
        out
    }
}

/// The number of documents of each page, in document order (a page's
/// documents are consecutive), as base-32 numbers: the browser ranks a
/// section with the other sections of its page (`search.js`, `pageBlend`)
/// without loading their text. One digit a page mostly: 4 KB gzip at
/// 10,000 pages.
fn page_sizes(docs: &[Document]) -> String {
    let mut out = String::with_capacity(docs.len() / 4);
    for run in docs.chunk_by(|a, b| a.page == b.page) {
        push_number(run.len(), &mut out);
    }
    out
}

/// Write one shard, named by its content's hash.
fn shard(dir: &str, kind: &str, body: &str, out: &mut Vec<OutputFile>) -> String {
    let path = format!("{dir}/{kind}-{}.js", hash(body.as_bytes()));
    out.push(registered(path.clone(), body));
    path
}

/// A script that registers `body` under its own path.
fn registered(path: String, body: &str) -> OutputFile {
    let key = serde_json::to_string(&path).unwrap_or_default();
    let head = format!("(window.quireSearchParts||(window.quireSearchParts={{}}))[{key}]=");
    OutputFile {
        bytes: script_safe(&head, body, ";\n").into_bytes(),
        path,
    }
}

/// Terms in sorted order, cut into shards of about `TERM_SHARD_BYTES`:
/// (first term, shard body). `tail` writes the tail of a split term's
/// postings and returns its path.
fn term_shards(
    terms: &Postings,
    lengths: &[FieldLengths],
    tail: &mut impl FnMut(&str) -> String,
) -> Vec<(String, String)> {
    let mut shards = vec![];
    let mut body = String::new();
    let mut first: Option<&str> = None;
    for (term, fields) in terms {
        if body.len() >= TERM_SHARD_BYTES {
            body.push_str("}}");
            shards.push((
                first.unwrap_or_default().to_string(),
                std::mem::take(&mut body),
            ));
            first = None;
        }
        if first.is_none() {
            first = Some(term);
            body.push_str("{\"terms\":{");
        } else {
            body.push(',');
        }
        push_json_str(term, &mut body);
        body.push(':');
        push_term(fields, lengths, tail, &mut body);
    }
    if let Some(first) = first {
        body.push_str("}}");
        shards.push((first.to_string(), body));
    }
    // The first shard also holds every term before its first one.
    if let Some(s) = shards.first_mut() {
        s.0 = String::new();
    }
    shards
}

/// One term's postings as its shard holds them: all of them, or the head
/// of a long list with what the browser needs to know of its tail.
fn push_term(
    fields: &FieldPostings,
    lengths: &[FieldLengths],
    tail: &mut impl FnMut(&str) -> String,
    body: &mut String,
) {
    let all = field_lists(fields, lengths);
    let length = |doc: u32, f: usize| lengths[doc as usize][f];
    let split = (all.len() > SPLIT_BYTES)
        .then(|| split_by_impact(fields, lengths.len(), length, HEAD_DOCS))
        .flatten();
    match split {
        // Postings are base-32 digits and dots: a JSON string as they are.
        None => push_quoted(&all, body),
        Some(split) => {
            let path = tail(&field_lists(&split.tail, lengths));
            let head = (
                field_lists(&split.head, lengths),
                split.docs,
                split.bound,
                path,
            );
            body.push_str(&serde_json::to_string(&head).unwrap_or_default());
        }
    }
}

/// `text` between double quotes: a JSON string of text that needs no escape.
fn push_quoted(text: &str, out: &mut String) {
    out.push('"');
    out.push_str(text);
    out.push('"');
}

/// `text` as a JSON string. Terms and most section texts need no escape,
/// which one look at their bytes tells; serde_json escapes the others.
fn push_json_str(text: &str, out: &mut String) {
    if needs_escape(text.as_bytes()) {
        out.push_str(&serde_json::to_string(text).unwrap_or_default());
    } else {
        push_quoted(text, out);
    }
}

/// Whether `bytes` hold a control character, `"` or `\`, which a JSON
/// string escapes. Eight bytes at a time (the section texts are megabytes
/// at 10,000 pages): a word has a zero byte where `w - 0x01…01` borrows
/// into a byte whose top bit `w` has clear, and one below `n` likewise with
/// `w - n…n`; an equal byte is a zero byte of `w ^ c…c`.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const TOPS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & TOPS != 0;
    let has_below_space = |w: u64| w.wrapping_sub(ONES * 0x20) & !w & TOPS != 0;
    let mut words = bytes.chunks_exact(8);
    let found = words.by_ref().any(|word| {
        let w = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
        has_below_space(w)
            || has_zero(w ^ (ONES * u64::from(b'"')))
            || has_zero(w ^ (ONES * u64::from(b'\\')))
    });
    found
        || words
            .remainder()
            .iter()
            .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Postings of each field, `.` between fields, trailing empty fields dropped.
fn field_lists(fields: &FieldPostings, lengths: &[FieldLengths]) -> String {
    let mut out = String::new();
    let used = fields
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |u| u + 1);
    for (f, list) in fields[..used].iter().enumerate() {
        if f > 0 {
            out.push('.');
        }
        encode_postings(list, |doc| lengths[doc as usize][f], &mut out);
    }
    out
}

/// The text a result of document `n` shows its excerpt from: its own
/// prose then its code (so an excerpt can show a match in an example), or,
/// for a section without any (a page that starts with a heading, an h2
/// right above its h3s), the first text that follows it on its page, else
/// the page's description, else its heading. Shown only: the index keeps
/// each section's own words.
fn shown_text(docs: &[Document], n: usize) -> Cow<'_, str> {
    let doc = &docs[n];
    match (doc.text.is_empty(), doc.code.is_empty()) {
        (false, true) => return Cow::Borrowed(&doc.text),
        (true, false) => return Cow::Borrowed(&doc.code),
        (false, false) => return Cow::Owned(format!("{} {}", doc.text, doc.code)),
        (true, true) => {}
    }
    let followed = docs[n + 1..]
        .iter()
        .take_while(|next| next.page == doc.page)
        .map(|next| next.text.as_str())
        .find(|text| !text.is_empty())
        .or_else(|| Some(doc.description.as_str()).filter(|d| !d.is_empty()))
        .unwrap_or(&doc.heading);
    Cow::Borrowed(followed)
}

/// What results show of documents `first…`: their pages, headings, anchors
/// and the text of their excerpts (`texts`, one per document), written as
/// JSON directly (a tree of `serde_json::Value`s first cost more than the
/// rest of the search files).
fn sections(site: &Site, docs: &[Document], texts: &[Cow<str>], first: usize) -> String {
    // Keys in the order serde_json's map kept them, sorted as text: `docs`,
    // `first`, `pages`, and the pages' numbers as text (`10` before `9`).
    let mut out = String::with_capacity(texts.iter().map(|t| t.len() + 128).sum());
    out.push_str("{\"docs\":[");
    for (n, (doc, text)) in docs.iter().zip(texts).enumerate() {
        if n > 0 {
            out.push(',');
        }
        let (heading, anchor) = match &doc.anchor {
            Some(anchor) => (doc.heading.as_str(), url::encode_fragment(anchor)),
            None => ("", String::new()),
        };
        out.push('[');
        out.push_str(&doc.page.to_string());
        for field in [heading, &anchor, text] {
            out.push(',');
            push_json_str(field, &mut out);
        }
        if !doc.ancestors.is_empty() {
            out.push(',');
            push_json_strs(&doc.ancestors, &mut out);
        }
        out.push(']');
    }
    out.push_str("],\"first\":");
    out.push_str(&first.to_string());
    out.push_str(",\"pages\":{");
    // Each page once, with the breadcrumbs of its first document.
    let mut pages: BTreeMap<String, &Document> = BTreeMap::new();
    for doc in docs {
        pages.entry(doc.page.to_string()).or_insert(doc);
    }
    for (n, (number, doc)) in pages.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let page = &site.pages[doc.page];
        push_quoted(number, &mut out);
        out.push_str(":[");
        push_json_str(&page.title, &mut out);
        out.push(',');
        push_json_str(&url::encode_path(&page.link), &mut out);
        out.push(',');
        push_json_strs(&doc.breadcrumbs, &mut out);
        out.push(']');
    }
    out.push_str("}}");
    out
}

/// `texts` as a JSON array of strings.
fn push_json_strs(texts: &[impl AsRef<str>], out: &mut String) {
    out.push('[');
    for (n, text) in texts.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_json_str(text.as_ref(), out);
    }
    out.push(']');
}

/// The first `EXCERPT_CHARS` characters, cut at a space when there is one near.
fn truncate(text: Cow<'_, str>) -> Cow<'_, str> {
    // A character is at least a byte: short text needs no counting.
    if text.len() <= EXCERPT_CHARS {
        return text;
    }
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text,
        Some((end, _)) => {
            let cut = text[..end]
                .rfind(' ')
                .filter(|&s| s > end * 3 / 4)
                .unwrap_or(end);
            Cow::Owned(format!("{}…", &text[..cut]))
        }
    }
}

/// `head`, `body` and `tail` joined, with `</` written `<\/` so that the
/// script cannot end an inline script that embeds it, and U+2028/9 escaped
/// (line ends in old JavaScript). One pass over the body, which is megabytes
/// at 10,000 pages.
fn script_safe(head: &str, body: &str, tail: &str) -> String {
    let mut out = String::with_capacity(head.len() + body.len() + tail.len() + 16);
    for part in [head, body, tail] {
        let mut rest = part;
        // `<`, or the first byte of U+2028 and U+2029 (E2 80 A8/A9).
        while let Some(at) = memchr::memchr2(b'<', 0xE2, rest.as_bytes()) {
            let (before, from) = rest.split_at(at);
            out.push_str(before);
            let c = from.chars().next().unwrap_or('<');
            match c {
                '<' if from[1..].starts_with('/') => out.push_str("<\\"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                other => out.push(other),
            }
            rest = &from[c.len_utf8()..];
        }
        out.push_str(rest);
    }
    out
}

/// FNV-1a, 64 bits: a stable content hash for file names.
fn hash(bytes: &[u8]) -> String {
    hash_all([bytes])
}

/// The hash of several byte strings one after the other, without joining
/// them (the section shards of a large site are tens of megabytes).
fn hash_all<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in parts.into_iter().flatten() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The escaping as first written: three replacements of the joined text.
    fn script_safe_by_replacing(js: String) -> String {
        js.replace("</", "<\\/")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }

    proptest::proptest! {
        #[test]
        fn one_pass_escaping_agrees_with_replacing(
            body in "[a</\u{2028}\u{2029}\u{2027}\u{e2}\u{20ac}\"]{0,40}"
        ) {
            proptest::prop_assert_eq!(
                script_safe("x=", &body, ";\n"),
                script_safe_by_replacing(format!("x={body};\n"))
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn json_strings_are_written_as_serde_json_writes_them(
            text in "[a\"\\\\\u{0}\u{1f}\u{7f}\t\n</\u{2028}客é]{0,20}"
        ) {
            let mut out = String::new();
            push_json_str(&text, &mut out);
            proptest::prop_assert_eq!(out, serde_json::to_string(&text).unwrap());
        }
    }

    proptest::proptest! {
        /// Every byte value at every place of a word and of the rest.
        #[test]
        fn escapes_are_found_as_a_byte_at_a_time_finds_them(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    // Bytes next to the escaped ones, and bytes with the top bit.
                    20 => proptest::sample::select(vec![0x20u8, 0x21, 0x23, 0x41, 0x5b, 0x5d, 0x7f, 0x80, 0xa0, 0xa2, 0xdc, 0xe2, 0xff]),
                    1 => proptest::sample::select(vec![0x00u8, 0x01, 0x0a, 0x1f, b'"', b'\\']),
                ],
                0..40,
            )
        ) {
            let expected = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(needs_escape(&bytes), expected);
        }
    }

    /// `sections` as first written, through a tree of `serde_json::Value`s.
    fn sections_reference(
        site: &Site,
        docs: &[Document],
        texts: &[Cow<str>],
        first: usize,
    ) -> String {
        use serde_json::Value;
        let mut pages: BTreeMap<usize, Value> = BTreeMap::new();
        let rows: Vec<Value> = docs
            .iter()
            .zip(texts)
            .map(|(doc, text)| {
                pages.entry(doc.page).or_insert_with(|| {
                    let page = &site.pages[doc.page];
                    json!([page.title, url::encode_path(&page.link), doc.breadcrumbs])
                });
                let anchor = super::super::document_url(site, doc)
                    .split_once('#')
                    .map(|(_, a)| a.to_string())
                    .unwrap_or_default();
                let heading = if doc.anchor.is_some() {
                    doc.heading.as_str()
                } else {
                    ""
                };
                if doc.ancestors.is_empty() {
                    json!([doc.page, heading, anchor, text])
                } else {
                    json!([doc.page, heading, anchor, text, doc.ancestors])
                }
            })
            .collect();
        let pages: serde_json::Map<String, Value> =
            pages.into_iter().map(|(n, p)| (n.to_string(), p)).collect();
        let tree = json!({ "first": first, "pages": pages, "docs": rows });
        with_sorted_keys(tree).to_string()
    }

    /// `value` with every object's keys in sorted order, as serde_json's
    /// default map keeps them. With its `preserve_order` feature (which the
    /// `mermaid` feature's merman turns on) a map keeps insertion order;
    /// the shards are written in sorted order either way.
    fn with_sorted_keys(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(String, Value)> = map.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k, with_sorted_keys(v)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.into_iter().map(with_sorted_keys).collect()),
            other => other,
        }
    }

    #[test]
    fn section_shards_are_the_json_a_value_tree_writes() {
        let mut files = vec![
            ("SUMMARY.md".to_string(), "# Summary\n\n## \"Quoted\" \\ group\n\n* [Home](README.md)\n* [A <b>](a/\u{3b1} b.md)\n".to_string()),
            ("README.md".into(), "# Home\n\nWelcome.\n".into()),
            ("a/\u{3b1} b.md".into(), "# A \"b\" \\\n\nText with \"quotes\", a back\\slash, </script> and \u{2028}.\n\n## Setup \u{767b}\u{5165} & more\n\nSteps.\n\n### Deep 100%\n\nDeeper.\n".into()),
        ];
        for n in 0..12 {
            files.push((
                format!("p{n}.md"),
                format!("# Page {n}\n\n## One\n\nx\n\n## Two\n\n"),
            ));
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let (_dir, r) = super::super::tests::space(&files);
        let docs = super::super::documents(&r.site, &r.config, &r.sections);
        assert!(docs.iter().any(|d| !d.ancestors.is_empty()));
        let texts: Vec<Cow<str>> = (0..docs.len()).map(|n| shown_text(&docs, n)).collect();
        // Pages 9 and 10 in one shard: numbers that sort apart as text.
        assert!(docs
            .chunks(SECTIONS_PER_SHARD)
            .any(|c| c.iter().any(|d| d.page == 9) && c.iter().any(|d| d.page == 10)));
        for (n, (chunk, texts)) in docs
            .chunks(SECTIONS_PER_SHARD)
            .zip(texts.chunks(SECTIONS_PER_SHARD))
            .enumerate()
        {
            let first = n * SECTIONS_PER_SHARD;
            assert_eq!(
                sections(&r.site, chunk, texts, first),
                sections_reference(&r.site, chunk, texts, first)
            );
        }
    }

    fn postings(terms: &[(&str, usize)]) -> Postings {
        terms
            .iter()
            .map(|&(t, docs)| {
                let list: Vec<(u32, u32)> = (0..docs as u32).map(|d| (d, 1)).collect();
                (t.to_string(), vec![list, vec![], vec![], vec![], vec![]])
            })
            .collect()
    }

    #[test]
    fn term_shards_cover_every_term_in_order() {
        // Long postings force several shards.
        let names: Vec<String> = (0..40).map(|i| format!("t{i:02}")).collect();
        let terms = postings(&names.iter().map(|n| (n.as_str(), 5000)).collect::<Vec<_>>());
        let mut tails = 0;
        let shards = term_shards(&terms, &vec![[1; FIELDS.len()]; 5000], &mut |_| {
            tails += 1;
            format!("search/tail-{tails}.js")
        });
        assert!(shards.len() > 2, "{}", shards.len());
        assert_eq!(shards[0].0, "", "the first shard starts before every term");
        let firsts: Vec<&str> = shards[1..].iter().map(|s| s.0.as_str()).collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        let mut seen = vec![];
        for (_, body) in &shards {
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            seen.extend(v["terms"].as_object().unwrap().keys().cloned());
        }
        assert_eq!(seen, names);
    }

    fn doc(page: usize) -> Document {
        Document {
            page,
            title: String::new(),
            heading: String::new(),
            anchor: None,
            breadcrumbs: vec![],
            ancestors: vec![],
            text: String::new(),
            code: String::new(),
            description: String::new(),
        }
    }

    #[test]
    fn a_section_without_text_shows_what_follows_it_on_its_page() {
        let with = |page, heading: &str, text: &str| Document {
            heading: heading.into(),
            text: text.into(),
            ..doc(page)
        };
        let docs = [
            with(1, "Starts with a heading", ""),
            with(1, "Empty h2", ""),
            with(1, "First h3", "First words."),
            with(2, "Only a title", ""),
            Document {
                description: "What it is.".into(),
                ..with(3, "Described", "")
            },
        ];
        let shown: Vec<Cow<str>> = (0..docs.len()).map(|n| shown_text(&docs, n)).collect();
        assert_eq!(
            shown,
            [
                "First words.",
                "First words.",
                "First words.",
                "Only a title",
                "What it is."
            ]
        );
    }

    #[test]
    fn truncation_keeps_short_text_and_cuts_long_text_at_a_space() {
        assert_eq!(truncate("short".into()), "short");
        let long = "word ".repeat(1000);
        let t = truncate(long.as_str().into());
        assert!(t.ends_with('…') && t.chars().count() <= EXCERPT_CHARS + 1);
        assert!(!t.contains("wo…"));
    }

    /// The manifest's keys are sorted as text, as serde_json without
    /// `preserve_order` wrote them: its bytes are the same whichever
    /// features are on (`--all-features` turns `preserve_order` on).
    #[test]
    fn the_manifest_keys_are_sorted_whatever_the_features() {
        let terms = [
            (String::new(), "search/terms-a.js".to_string()),
            ("m\"x".to_string(), "search/terms-b.js".to_string()),
        ];
        let manifest = Manifest {
            documents: 3,
            pages: "12".into(),
            terms: &terms,
            section_shards: 1,
            section_prefix: "search/sections-abc-".into(),
        }
        .json();
        let keys = [
            "\"boost\":[3.0,5.0,1.0,1.0,2.0,2.0,0.25]",
            "\"fields\":[\"title\",",
            "\"n\":3",
            "\"pages\":\"12\"",
            "\"sections\":{\"count\":1,\"prefix\":\"search/sections-abc-\",\"size\":8}",
            "\"terms\":[[\"\",\"search/terms-a.js\"],[\"m\\\"x\",\"search/terms-b.js\"]]",
            "\"v\":4}",
        ];
        let at: Vec<Option<usize>> = keys.iter().map(|k| manifest.find(k)).collect();
        assert!(at.iter().all(Option::is_some), "{manifest}\n{at:?}");
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{manifest}");
        let value: serde_json::Value = serde_json::from_str(&manifest).unwrap();
        let reference = json!({
            "v": 4,
            "fields": FIELDS,
            "boost": BOOSTS,
            "n": 3,
            "pages": "12",
            "terms": terms,
            "sections": { "size": SECTIONS_PER_SHARD, "count": 1, "prefix": "search/sections-abc-" },
        });
        assert_eq!(value, reference);
    }

    #[test]
    fn shards_are_scripts_named_by_content() {
        let mut out = vec![];
        let a = shard("search", "terms", "{\"x\":\"</script>\"}", &mut out);
        let b = shard("search", "terms", "{\"x\":2}", &mut out);
        assert_ne!(a, b);
        let js = String::from_utf8(out[0].bytes.clone()).unwrap();
        assert!(js.starts_with(
            "(window.quireSearchParts||(window.quireSearchParts={}))[\"search/terms-"
        ));
        assert!(js.contains("<\\/script>"));
    }
}
