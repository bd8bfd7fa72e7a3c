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
use elasticlunr::inverted_index::InvertedIndex;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The indexed fields, in the order of the postings of a term.
pub const FIELDS: [&str; 5] = ["title", "heading", "breadcrumbs", "body", "description"];
/// Their boosts: a match in a heading or title outweighs one in the body.
pub const BOOSTS: [u32; 5] = [3, 5, 1, 1, 2];
/// Base-32 digits that end a number, and digits that continue it.
pub const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
pub const CONTINUE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

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

/// Documents per chunk: chunks are indexed in parallel, each into its own
/// elasticlunr inverted indexes, and their postings concatenated.
const CHUNK: usize = 256;

/// Postings and field lengths of the documents, counted by elasticlunr-rs.
pub fn index_documents(docs: &[Document]) -> (Postings, Vec<[usize; 5]>) {
    let started = std::time::Instant::now();
    // Each chunk is tokenized where it is indexed: holding the tokens of
    // every document at once took a gigabyte at 10,000 pages.
    let chunks: Vec<(Postings, Vec<[usize; 5]>)> = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let tokenized: Vec<[Vec<String>; 5]> = chunk
                .iter()
                .map(|doc| field_values(doc).map(|v| tokenizer::tokenize(&v)))
                .collect();
            index_chunk(&tokenized, c * CHUNK)
        })
        .collect();
    tracing::info!(
        "search: tokenized and indexed in {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
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

/// Index tokenized documents `base…` the way elasticlunr's `Index::add_doc`
/// does (one inverted index per field, term frequency `sqrt(count)`), but
/// straight into its `InvertedIndex`: `Index` keeps a copy of every text and
/// can only be read back through its JSON, which cost as much as indexing.
fn index_chunk(docs: &[[Vec<String>; 5]], base: usize) -> (Postings, Vec<[usize; 5]>) {
    let mut fields: Vec<InvertedIndex> = (0..FIELDS.len()).map(|_| InvertedIndex::new()).collect();
    let mut seen: Vec<std::collections::HashSet<&str>> = vec![Default::default(); FIELDS.len()];
    let mut lengths = Vec::with_capacity(docs.len());
    for (n, doc) in docs.iter().enumerate() {
        let doc_ref = (base + n).to_string();
        let mut len = [0; 5];
        for (f, tokens) in doc.iter().enumerate() {
            len[f] = tokens.len();
            let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
            for token in tokens {
                *counts.entry(token).or_default() += 1;
            }
            for (token, count) in counts {
                fields[f].add_token(&doc_ref, token, f64::from(count).sqrt());
                seen[f].insert(token);
            }
        }
        lengths.push(len);
    }
    let mut terms = Postings::new();
    for (f, index) in fields.iter().enumerate() {
        for &term in &seen[f] {
            let Some(docs) = index.get_docs(term) else {
                continue;
            };
            let mut list: Vec<(usize, u32)> = docs
                .into_iter()
                .filter_map(|(doc, tf)| Some((doc.parse().ok()?, (tf * tf).round() as u32)))
                .collect();
            list.sort_unstable();
            terms
                .entry(term.to_string())
                .or_insert_with(|| vec![vec![]; FIELDS.len()])[f] = list;
        }
    }
    (terms, lengths)
}

/// Postings by term, then field: `(doc, count)` in increasing doc order.
pub type Postings = BTreeMap<String, Vec<Vec<(usize, u32)>>>;

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
