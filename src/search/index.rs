//! The index: elasticlunr-rs at build time, postings re-encoded compactly.
//!
//! Documents are tokenized in parallel (`tokenizer`), then indexed by
//! elasticlunr-rs, which counts terms and field lengths. Its own JSON stores
//! terms as a character trie with a `{"tf": …}` object per posting, several
//! times larger than needed, so its postings are read back and re-encoded
//! (`encode_postings`); `super::files` writes them in shards.
//!
//! Postings of one field list, for each document in increasing order,
//! `(doc - previous doc) * 2 + (count > 1)`, followed by `count` when it is
//! above 1. Each number is written in base 32, most significant digit first:
//! digits before the last from `CONTINUE`, the last from `LAST`. Fields are
//! separated by `.`, trailing empty fields dropped. elasticlunr's term
//! frequency is `sqrt(count)`.
//!
//! A page's own section (no anchor) is the only one that carries the page's
//! breadcrumbs (but the page itself) and description, which every other
//! section would repeat.

use super::{tokenizer, Document};
use elasticlunr::lang::Language;
use elasticlunr::{IndexBuilder, Pipeline};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The indexed fields, in the order of the postings of a term.
pub const FIELDS: [&str; 5] = ["title", "heading", "breadcrumbs", "body", "description"];
/// Their boosts: a match in a heading or title outweighs one in the body.
pub const BOOSTS: [u32; 5] = [3, 5, 1, 1, 2];
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
/// A number in base 32, most significant digit first: digits before the
/// last from `CONTINUE`, the last from `LAST`.
pub(crate) fn push_number(mut v: usize, out: &mut String) {
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
}
