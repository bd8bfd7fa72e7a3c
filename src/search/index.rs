//! The index: elasticlunr-rs at build time, written compactly for the browser.
//!
//! Documents are tokenized in parallel (`tokenizer`), then indexed by
//! elasticlunr-rs, which counts terms and field lengths. Its own JSON stores
//! terms as a character trie with a `{"tf": …}` object per posting, several
//! times larger than needed, so its postings are read back and re-encoded.
//! `search/index-<hash>.js` sets `window.quireSearchIndex`:
//!
//! ```text
//! { v: 1,
//!   fields: ["title", "heading", "breadcrumbs", "body", "description"],
//!   boost:  [3, 5, 1, 1, 2],
//!   pages:  [[title, url, [breadcrumb, …], len title, len breadcrumbs, len description], …],
//!   docs:   [[page, heading, anchor, len heading, len body], …],
//!   terms:  { token: "postings of field 0.postings of field 1.…" } }
//! ```
//!
//! A page's own section has heading and anchor `""`; only it carries the
//! page's breadcrumbs (but the page itself) and description, which every
//! other section would repeat. `url` is relative to the site root.
//!
//! Postings of one field list, for each document in increasing order,
//! `(doc - previous doc) * 2 + (count > 1)`, followed by `count` when it is
//! above 1. Each number is written in base 32, most significant digit first:
//! digits before the last from `CONTINUE`, the last from `LAST`. Fields are
//! separated by `.`, trailing empty fields dropped. elasticlunr's term
//! frequency is `sqrt(count)`.
//!
//! `search/text-<hash>.js` sets `window.quireSearchText` to the section texts
//! (truncated) for excerpts, by document number; `search/manifest.js` sets
//! `window.quireSearchFiles = {index, text}`.

use super::{document_url, tokenizer, Document};
use crate::content::Site;
use crate::render::OutputFile;
use elasticlunr::lang::Language;
use elasticlunr::{IndexBuilder, Pipeline};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// The indexed fields, in the order of the postings of a term.
pub const FIELDS: [&str; 5] = ["title", "heading", "breadcrumbs", "body", "description"];
/// Their boosts: a match in a heading or title outweighs one in the body.
pub const BOOSTS: [u32; 5] = [3, 5, 1, 1, 2];
/// Characters of section text kept for excerpts.
pub const EXCERPT_CHARS: usize = 240;
/// Base-32 digits that end a number, and digits that continue it.
pub const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
pub const CONTINUE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

/// Documents arrive tokenized (tokens joined by spaces; no token holds a
/// space), so this "language" only splits, and its pipeline is empty.
struct Pretokenized;

impl Language for Pretokenized {
    fn name(&self) -> String {
        "Quire".into()
    }
    fn code(&self) -> String {
        "quire".into()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        text.split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    }
    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: vec![] }
    }
}

/// The text of each field of a document.
fn field_values(doc: &Document) -> [String; 5] {
    let own = doc.anchor.is_none();
    let ancestors = &doc.breadcrumbs[..doc.breadcrumbs.len().saturating_sub(1)];
    [
        doc.title.clone(),
        doc.heading.clone(),
        if own {
            ancestors.join(" ")
        } else {
            String::new()
        },
        doc.text.clone(),
        if own {
            doc.description.clone()
        } else {
            String::new()
        },
    ]
}

/// The elasticlunr index of already tokenized documents; the ref of a
/// document is `base` + its position.
fn elasticlunr_index(tokenized: &[[String; 5]], base: usize) -> elasticlunr::Index {
    let mut index = IndexBuilder::with_language(Box::new(Pretokenized))
        .save_docs(false)
        .add_fields(FIELDS)
        .build();
    for (n, fields) in tokenized.iter().enumerate() {
        index.add_doc(&(base + n).to_string(), fields);
    }
    index
}

/// Documents per elasticlunr index: the documents are indexed in chunks in
/// parallel, and the postings of the chunks concatenated.
const CHUNK: usize = 256;

/// Postings and field lengths of the documents, counted by elasticlunr-rs.
pub fn index_documents(docs: &[Document]) -> (Postings, Vec<[usize; 5]>) {
    let started = std::time::Instant::now();
    let tokenized: Vec<[String; 5]> = docs
        .par_iter()
        .map(|doc| field_values(doc).map(|v| tokenizer::tokenize(&v).join(" ")))
        .collect();
    let ms = |t: std::time::Instant| t.elapsed().as_secs_f64() * 1000.0;
    tracing::info!("search: tokenized in {:.1} ms", ms(started));
    let started = std::time::Instant::now();
    let chunks: Vec<(Postings, Vec<[usize; 5]>)> = tokenized
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let base = c * CHUNK;
            let index = elasticlunr_index(chunk, base);
            postings(&index, base..base + chunk.len())
        })
        .collect();
    tracing::info!("search: indexed in {:.1} ms", ms(started));
    let mut terms = Postings::new();
    let mut lengths = Vec::with_capacity(docs.len());
    for (chunk_terms, chunk_lengths) in chunks {
        for (term, fields) in chunk_terms {
            let merged = terms
                .entry(term)
                .or_insert_with(|| vec![vec![]; FIELDS.len()]);
            for (m, list) in merged.iter_mut().zip(fields) {
                m.extend(list);
            }
        }
        lengths.extend(chunk_lengths);
    }
    (terms, lengths)
}

/// Postings by term, then field: `(doc, count)` in increasing doc order.
pub type Postings = BTreeMap<String, Vec<Vec<(usize, u32)>>>;

/// Read the postings and field lengths back out of elasticlunr's index.
fn postings(
    index: &elasticlunr::Index,
    docs: std::ops::Range<usize>,
) -> (Postings, Vec<[usize; 5]>) {
    let json = serde_json::to_vec(index).expect("an index serialises");
    let dump: trie::Dump =
        serde_json::from_slice(&json).expect("elasticlunr's own JSON reads back");
    let mut terms = Postings::new();
    for (f, field) in FIELDS.iter().enumerate() {
        let Some(root) = dump.index.get(*field) else {
            continue;
        };
        let mut found = vec![];
        root.root.collect(&mut String::new(), &mut found);
        for (term, mut list) in found {
            list.sort_unstable();
            terms
                .entry(term)
                .or_insert_with(|| vec![vec![]; FIELDS.len()])[f] = list;
        }
    }
    let lengths = docs
        .map(|n| {
            let mut l = [0; 5];
            if let Some(info) = dump.document_store.doc_info.get(&n.to_string()) {
                for (f, field) in FIELDS.iter().enumerate() {
                    l[f] = info.get(*field).copied().unwrap_or(0);
                }
            }
            l
        })
        .collect();
    (terms, lengths)
}

/// Just enough of elasticlunr's serialised index to read the postings back,
/// streamed from its JSON without building a tree of values.
mod trie {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    use serde::Deserialize;
    use std::collections::HashMap;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Dump {
        pub index: HashMap<String, Field>,
        pub document_store: Store,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Store {
        pub doc_info: HashMap<String, HashMap<String, usize>>,
    }

    #[derive(Deserialize)]
    pub struct Field {
        pub root: Node,
    }

    /// A trie node: `docs` (ref → `{tf}`), `df`, and one key per child character.
    #[derive(Default)]
    pub struct Node {
        docs: Vec<(usize, u32)>,
        children: Vec<(String, Node)>,
    }

    impl Node {
        pub fn collect(&self, prefix: &mut String, out: &mut Vec<(String, Vec<(usize, u32)>)>) {
            if !self.docs.is_empty() {
                out.push((prefix.clone(), self.docs.clone()));
            }
            for (key, child) in &self.children {
                let len = prefix.len();
                prefix.push_str(key);
                child.collect(prefix, out);
                prefix.truncate(len);
            }
        }
    }

    #[derive(Deserialize)]
    struct Tf {
        tf: f64,
    }

    struct Docs(Vec<(usize, u32)>);

    impl<'de> Deserialize<'de> for Docs {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let map: HashMap<String, Tf> = HashMap::deserialize(d)?;
            Ok(Docs(
                map.into_iter()
                    .filter_map(|(r, tf)| Some((r.parse().ok()?, (tf.tf * tf.tf).round() as u32)))
                    .collect(),
            ))
        }
    }

    impl<'de> Deserialize<'de> for Node {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Node;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an elasticlunr index node")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                    let mut node = Node::default();
                    while let Some(key) = map.next_key::<String>()? {
                        match key.as_str() {
                            "docs" => node.docs = map.next_value::<Docs>()?.0,
                            "df" => {
                                map.next_value::<IgnoredAny>()?;
                            }
                            _ => {
                                let child = map.next_value::<Node>()?;
                                node.children.push((key, child));
                            }
                        }
                    }
                    Ok(node)
                }
            }
            d.deserialize_map(V)
        }
    }
}

/// The search files for these documents.
/// The search files of one space, in `dir` (`search` or `search/<space>`).
pub fn write(site: &Site, docs: &[Document], dir: &str) -> Vec<OutputFile> {
    let (terms, lengths) = index_documents(docs);
    let started = std::time::Instant::now();

    let mut page_numbers: BTreeMap<usize, usize> = BTreeMap::new();
    let mut pages: Vec<Value> = vec![];
    let mut doc_rows: Vec<Value> = Vec::with_capacity(docs.len());
    for (doc, len) in docs.iter().zip(&lengths) {
        let p = *page_numbers.entry(doc.page).or_insert_with(|| {
            let page = &site.pages[doc.page];
            pages.push(serde_json::json!([
                page.title,
                crate::content::url::encode_path(&page.output),
                doc.breadcrumbs,
                len[0],
                0,
                0
            ]));
            pages.len() - 1
        });
        if doc.anchor.is_none() {
            pages[p][4] = len[2].into();
            pages[p][5] = len[4].into();
        }
        let anchor = document_url(site, doc)
            .split_once('#')
            .map(|(_, a)| a.to_string())
            .unwrap_or_default();
        let heading = if doc.anchor.is_some() {
            doc.heading.as_str()
        } else {
            ""
        };
        doc_rows.push(serde_json::json!([p, heading, anchor, len[1], len[3]]));
    }

    let mut out = String::with_capacity(docs.len() * 300);
    out.push_str("window.quireSearchIndex={\"v\":1,\"fields\":");
    out.push_str(&serde_json::to_string(&FIELDS).unwrap());
    out.push_str(",\"boost\":");
    out.push_str(&serde_json::to_string(&BOOSTS).unwrap());
    out.push_str(",\"pages\":");
    out.push_str(&serde_json::to_string(&pages).unwrap());
    out.push_str(",\"docs\":");
    out.push_str(&serde_json::to_string(&doc_rows).unwrap());
    out.push_str(",\"terms\":{");
    for (n, (term, fields)) in terms.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(term).unwrap());
        out.push_str(":\"");
        let used = fields
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |u| u + 1);
        for (f, list) in fields[..used].iter().enumerate() {
            if f > 0 {
                out.push('.');
            }
            encode_postings(list, &mut out);
        }
        out.push('"');
    }
    out.push_str("}};\n");
    let index_js = script_safe(out);

    let texts: Vec<String> = docs.iter().map(|d| truncate(&d.text)).collect();
    let text_js = script_safe(format!(
        "window.quireSearchText={};\n",
        serde_json::to_string(&texts).unwrap()
    ));

    tracing::info!(
        "search: encoded in {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let index_path = format!("{dir}/index-{}.js", hash(index_js.as_bytes()));
    let text_path = format!("{dir}/text-{}.js", hash(text_js.as_bytes()));
    let manifest = format!(
        "window.quireSearchFiles={};\n",
        serde_json::json!({ "index": index_path, "text": text_path })
    );
    vec![
        OutputFile {
            path: index_path,
            bytes: index_js.into_bytes(),
        },
        OutputFile {
            path: text_path,
            bytes: text_js.into_bytes(),
        },
        OutputFile {
            path: format!("{dir}/manifest.js"),
            bytes: manifest.into_bytes(),
        },
    ]
}

fn push_number(mut v: usize, out: &mut String) {
    let mut digits = [0u8; 16];
    let mut n = 0;
    loop {
        digits[n] = (v % 32) as u8;
        n += 1;
        v /= 32;
        if v == 0 {
            break;
        }
    }
    for i in (1..n).rev() {
        out.push(CONTINUE[digits[i] as usize] as char);
    }
    out.push(LAST[digits[0] as usize] as char);
}

pub(crate) fn encode_postings(list: &[(usize, u32)], out: &mut String) {
    let mut previous = 0;
    for &(doc, count) in list {
        let delta = doc - previous;
        previous = doc;
        push_number(delta * 2 + usize::from(count > 1), out);
        if count > 1 {
            push_number(count as usize, out);
        }
    }
}

/// The first `EXCERPT_CHARS` characters, cut at a space when there is one near.
fn truncate(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text.to_string(),
        Some((end, _)) => {
            let cut = text[..end]
                .rfind(' ')
                .filter(|&s| s > end * 3 / 4)
                .unwrap_or(end);
            format!("{}…", &text[..cut])
        }
    }
}

/// `</script>` in a string must not end an inline script if one embeds this;
/// U+2028/9 are line ends in old JavaScript.
fn script_safe(js: String) -> String {
    js.replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// FNV-1a, 64 bits: a stable content hash for file names.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_encode_deltas_and_counts() {
        let mut out = String::new();
        encode_postings(&[(0, 1), (3, 4), (4, 1), (40, 1)], &mut out);
        // 0; 3*2+1 = 7, count 4; 1*2 = 2; 36*2 = 72 = 2*32 + 8
        assert_eq!(out, "0742y8");
        let mut out = String::new();
        encode_postings(&[], &mut out);
        assert_eq!(out, "");
    }

    #[test]
    fn truncation_keeps_short_text_and_cuts_long_text_at_a_space() {
        assert_eq!(truncate("short"), "short");
        let long = "word ".repeat(100);
        let t = truncate(&long);
        assert!(t.ends_with('…') && t.chars().count() <= EXCERPT_CHARS + 1);
        assert!(!t.contains("wo…"));
    }
}
