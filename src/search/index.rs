//! The index: elasticlunr's model (fields with boosts, `sqrt(count)` term
//! frequency, its English pipeline in `tokenizer`), postings encoded compactly.
//!
//! Documents are tokenized and counted in parallel chunks. elasticlunr's own
//! JSON stores terms as a character trie with a `{"tf": …}` object per
//! posting, several times larger than needed, so postings are encoded here
//! (`encode_postings`) and `super::files` writes them in shards.
//!
//! Postings of one field list, for each document in increasing order,
//! `doc - previous doc` and the term's impact in that field of it:
//! elasticlunr's term frequency `sqrt(count)` over the square root of the
//! field's length, in steps (`impact`), so that the browser needs no field
//! lengths. Each number is written in base 32, most significant digit first:
//! digits before the last from `CONTINUE`, the last from `LAST`. Fields are
//! separated by `.`, trailing empty fields dropped.
//!
//! A page's own section (no anchor) is the only one that carries the page's
//! breadcrumbs (but the page itself) and description, which every other
//! section would repeat.

use super::tokenizer::{self, Piece};
use super::Document;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The indexed fields, in the order of the postings of a term.
pub(crate) const FIELDS: [&str; 7] = [
    "title",
    "heading",
    "breadcrumbs",
    "body",
    "description",
    "ancestors",
    "code",
];
/// Their boosts: a match in a heading or title outweighs one in the body;
/// the headings a section sits under (its ticket's h2) weigh less than its
/// own; a word in a code sample (a key in a JSON example) weighs less than
/// the same word in prose.
pub(crate) const BOOSTS: [f64; 7] = [3.0, 5.0, 1.0, 1.0, 2.0, 2.0, 0.25];
const _: () = assert!(BOOSTS[1] > BOOSTS[3] && BOOSTS[0] > BOOSTS[3] && BOOSTS[6] < BOOSTS[3]);
/// The number of words of each field of a document.
pub(crate) type FieldLengths = [usize; FIELDS.len()];
/// Base-32 digits that end a number, and digits that continue it.
pub(crate) const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
pub(crate) const CONTINUE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

/// The text of each field of a document.
fn field_values(doc: &Document) -> [Cow<'_, str>; FIELDS.len()] {
    let own = doc.anchor.is_none();
    let ancestors = &doc.breadcrumbs[..doc.breadcrumbs.len().saturating_sub(1)];
    let empty = Cow::Borrowed("");
    [
        Cow::Borrowed(doc.title.as_str()),
        Cow::Borrowed(doc.heading.as_str()),
        if own {
            Cow::Owned(ancestors.join(" "))
        } else {
            empty.clone()
        },
        Cow::Borrowed(doc.text.as_str()),
        if own {
            Cow::Borrowed(doc.description.as_str())
        } else {
            empty
        },
        Cow::Owned(doc.ancestors.join(" ")),
        Cow::Borrowed(doc.code.as_str()),
    ]
}

/// Chunks of documents per thread: chunks are tokenized and counted in
/// parallel, then their postings concatenated (documents keep their order).
/// A few large chunks rather than many small ones: every chunk repeats the
/// site's common terms, and merging them was the search stage's slowest
/// part at 10,000 pages.
const CHUNKS_PER_THREAD: usize = 4;

/// Postings and field lengths of the documents.
pub(crate) fn index_documents(docs: &[Document]) -> (Postings, Vec<FieldLengths>) {
    let chunk = docs
        .len()
        .div_ceil(rayon::current_num_threads() * CHUNKS_PER_THREAD)
        .max(64);
    let chunks: Vec<(ChunkPostings, Vec<FieldLengths>)> = docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, part)| index_chunk(part, c * chunk))
        .collect();
    let mut merged: FxHashMap<String, FieldPostings> = FxHashMap::default();
    let mut lengths = Vec::with_capacity(docs.len());
    for (chunk_terms, chunk_lengths) in chunks {
        for (term, fields) in chunk_terms {
            let all = merged
                .entry(term)
                .or_insert_with(|| vec![vec![]; FIELDS.len()]);
            for (m, list) in all.iter_mut().zip(fields) {
                m.extend(list);
            }
        }
        lengths.extend(chunk_lengths);
    }
    let mut sorted: Vec<(String, FieldPostings)> = merged.into_iter().collect();
    sorted.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    (sorted.into_iter().collect(), lengths)
}

/// Postings of one chunk, each term once, unordered.
type ChunkPostings = Vec<(String, FieldPostings)>;

/// A term's postings, one list per field.
pub(crate) type FieldPostings = Vec<Vec<(u32, u32)>>;

/// Count the terms of documents `base…` per field, as elasticlunr's
/// `Index::add_doc` does (its term frequency is `sqrt(count)`, applied by
/// the reader). elasticlunr's own `InvertedIndex` is a character trie keyed
/// by string document refs; reading postings back out of it cost more than
/// all the rest of the search stage, so a hash map counts them here.
///
/// Each term of the chunk gets a number when first met, and so does each
/// word (the number of its term, or none for a stop word): a word met again
/// costs one lookup by text, and neither the English pipeline nor an
/// allocation.
fn index_chunk(docs: &[Document], base: usize) -> (ChunkPostings, Vec<FieldLengths>) {
    let mut terms = ChunkTerms::default();
    let mut words: FxHashMap<String, Option<u32>> = FxHashMap::default();
    // Term numbers counted in the field being read, in order of first use.
    let mut counted: Vec<u32> = vec![];
    let mut lengths = Vec::with_capacity(docs.len());
    for (n, doc) in docs.iter().enumerate() {
        let mut len = [0; FIELDS.len()];
        for (f, value) in field_values(doc).iter().enumerate() {
            tokenizer::for_each_piece(value, |piece| {
                let id = match piece {
                    Piece::Token(token) => Some(terms.number(token)),
                    Piece::Word(word) => match words.get(word) {
                        Some(&id) => id,
                        None => {
                            let id = tokenizer::word_token(word).map(|t| terms.number(&t));
                            words.insert(word.to_string(), id);
                            id
                        }
                    },
                };
                let Some(id) = id else {
                    return;
                };
                len[f] += 1;
                let count = &mut terms.counts[id as usize];
                if *count == 0 {
                    counted.push(id);
                }
                *count += 1;
            });
            for id in counted.drain(..) {
                let count = std::mem::take(&mut terms.counts[id as usize]);
                terms.postings[id as usize][f].push((doc_number(base + n), count));
            }
        }
        lengths.push(len);
    }
    let ChunkTerms {
        ids, mut postings, ..
    } = terms;
    let terms = ids
        .into_iter()
        .map(|(term, id)| (term, std::mem::take(&mut postings[id as usize])))
        .collect();
    (terms, lengths)
}

/// The terms of a chunk by number: postings, and the count in the field
/// being read.
#[derive(Default)]
struct ChunkTerms {
    ids: FxHashMap<String, u32>,
    postings: Vec<FieldPostings>,
    counts: Vec<u32>,
}

impl ChunkTerms {
    /// The number of `token`, given when first met.
    fn number(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.ids.get(token) {
            return id;
        }
        let id = term_number(self.postings.len());
        self.ids.insert(token.to_string(), id);
        self.postings.push(vec![vec![]; FIELDS.len()]);
        self.counts.push(0);
        id
    }
}

/// A term's number within a chunk; a chunk has far fewer than 2³² terms.
fn term_number(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 terms in a chunk")
}

/// A document's number in the postings; a site has far fewer than 2³² sections.
fn doc_number(doc: usize) -> u32 {
    u32::try_from(doc).expect("fewer than 2^32 search sections")
}

/// Postings by term, then field: `(doc, count)` in increasing doc order.
/// 32-bit numbers: postings are most of the memory of a large build.
pub(crate) type Postings = BTreeMap<String, FieldPostings>;

/// A number in base 32, most significant digit first: digits before the
/// last from `CONTINUE`, the last from `LAST`.
///
/// Most numbers of the postings (steps between documents, impacts) are one
/// digit: they cost a compare and a push.
pub(crate) fn push_number(v: usize, out: &mut String) {
    if v >= 32 {
        push_leading_digits(v / 32, out);
    }
    out.push(char::from(LAST[v % 32]));
}

/// The digits of a number before its last, from `CONTINUE`.
fn push_leading_digits(v: usize, out: &mut String) {
    if v >= 32 {
        push_leading_digits(v / 32, out);
    }
    out.push(char::from(CONTINUE[v % 32]));
}

/// Steps of an impact per halving: step `q` stands for `2^(-q / 6)`, within
/// 6% of the exact value, and most postings need one digit for it.
pub(crate) const IMPACT_STEPS: f64 = 6.0;

/// elasticlunr's weight of a term in one field of a document, its term
/// frequency over the square root of the field's length
/// (`sqrt(count / length)`), as a step of `IMPACT_STEPS`.
pub(crate) fn impact(count: u32, length: usize) -> usize {
    match known_impacts().get(impact_slot(count, length)) {
        Some(&step) => usize::from(step),
        None => impact_computed(count, length),
    }
}

/// [`impact`] by its formula.
fn impact_computed(count: u32, length: usize) -> usize {
    let value = (f64::from(count) / length.max(1) as f64).sqrt();
    (-value.log2() * IMPACT_STEPS).round().max(0.0) as usize
}

/// Counts up to and field lengths below these have their impact looked up: most
/// postings are a word met once or twice in a field of a few hundred words,
/// and each would otherwise cost a `log2` and a `round`.
const KNOWN_COUNTS: usize = 8;
const KNOWN_LENGTHS: usize = 2048;

/// Where the impact of `count` in a field of `length` words sits among the
/// known ones; past the end when it is not one of them.
fn impact_slot(count: u32, length: usize) -> usize {
    match (count as usize).checked_sub(1) {
        Some(above_one) if above_one < KNOWN_COUNTS && length < KNOWN_LENGTHS => {
            above_one * KNOWN_LENGTHS + length
        }
        _ => usize::MAX,
    }
}

/// The impacts of every count and length below the known bounds, computed
/// once (an impact is at most `3 * log2(length)`, well within a byte).
fn known_impacts() -> &'static [u8] {
    static KNOWN: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut steps = Vec::with_capacity(KNOWN_COUNTS * KNOWN_LENGTHS);
        for count in 1..=KNOWN_COUNTS as u32 {
            for length in 0..KNOWN_LENGTHS {
                let step = impact_computed(count, length);
                steps.push(u8::try_from(step).expect("a known impact fits a byte"));
            }
        }
        steps
    })
}

/// `2^(-step / IMPACT_STEPS)`: the value an impact step stands for.
fn step_value(step: usize) -> f64 {
    static VALUES: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let values = VALUES.get_or_init(|| {
        (0..=u8::MAX)
            .map(|s| step_value_computed(s.into()))
            .collect()
    });
    values
        .get(step)
        .copied()
        .unwrap_or_else(|| step_value_computed(step))
}

fn step_value_computed(step: usize) -> f64 {
    (-(step as f64) / IMPACT_STEPS).exp2()
}

/// The documents a term weighs most in, and the rest: a query on a common
/// word reads only the first (`head`) when its best results are there.
pub(crate) struct ImpactSplit {
    /// Per field, the postings of the documents of the head, in doc order.
    pub head: FieldPostings,
    /// Per field, the postings of the other documents, in doc order.
    pub tail: FieldPostings,
    /// Per field, the number of documents of the whole list (the browser's idf).
    pub docs: Vec<usize>,
    /// The most any document of the tail weighs: what the browser compares
    /// its results' scores with to know that the tail cannot change them.
    pub bound: f64,
}

/// Adds to `weight` (by document, 0 where the term was not met yet) what
/// the term weighs in each document as the browser scores a query of that
/// one word: per field, its boost times the impact (as written, in steps)
/// times elasticlunr's idf of the field's list. `length(doc, f)` is the
/// document's length in field `f`, `documents` the site's count. Returns
/// the documents the term is in, each once: a field adds more than 0 to a
/// document (boosts and steps are positive, and so is an idf, a list being
/// no longer than the site's documents).
fn add_weights(
    fields: &[Vec<(u32, u32)>],
    documents: usize,
    length: &impl Fn(u32, usize) -> usize,
    weight: &mut Vec<f64>,
) -> Vec<u32> {
    let last = fields.iter().filter_map(|l| l.last()).map(|&(doc, _)| doc);
    let size = last.max().map_or(0, |d| d as usize + 1).max(documents);
    if weight.len() < size {
        weight.resize(size, 0.0);
    }
    let mut met = Vec::with_capacity(fields.iter().map(Vec::len).max().unwrap_or(0));
    for (f, list) in fields.iter().enumerate() {
        let idf = 1.0 + (documents as f64 / (list.len() + 1) as f64).ln();
        for &(doc, count) in list {
            let step = impact(count, length(doc, f));
            let w = &mut weight[doc as usize];
            if *w == 0.0 {
                met.push(doc);
            }
            *w += BOOSTS[f] * step_value(step) * idf;
        }
    }
    met
}

thread_local! {
    /// Weights by document, 0 outside the term being split: one buffer for
    /// all the terms a thread splits, rather than one per term as long as
    /// the site has documents.
    static WEIGHTS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

/// The term's postings split after its `head_docs` weightiest documents
/// (and every document that weighs as much as the last of them, so that the
/// tail weighs strictly less), or None when the tail would be empty.
pub(crate) fn split_by_impact(
    fields: &[Vec<(u32, u32)>],
    documents: usize,
    length: impl Fn(u32, usize) -> usize,
    head_docs: usize,
) -> Option<ImpactSplit> {
    WEIGHTS.with_borrow_mut(|weight| {
        let met = add_weights(fields, documents, &length, weight);
        let split = split_by_weight(fields, weight, &met, head_docs);
        for doc in met {
            weight[doc as usize] = 0.0;
        }
        split
    })
}

/// [`split_by_impact`] of the documents `met`, which weigh `weight`.
fn split_by_weight(
    fields: &[Vec<(u32, u32)>],
    weight: &[f64],
    met: &[u32],
    head_docs: usize,
) -> Option<ImpactSplit> {
    if met.len() <= head_docs || head_docs == 0 {
        return None;
    }
    let mut ranked: Vec<f64> = met.iter().map(|&doc| weight[doc as usize]).collect();
    // The `head_docs`th weightiest in its place, the lighter ones after it:
    // no need to sort them all.
    let (_, &mut last, lighter) =
        ranked.select_nth_unstable_by(head_docs - 1, |a, b| b.total_cmp(a));
    let bound = lighter
        .iter()
        .copied()
        .filter(|&w| w < last)
        .max_by(f64::total_cmp)?;
    let (head, tail) = fields
        .iter()
        .map(|list| {
            list.iter()
                .partition(|(doc, _)| weight[*doc as usize] >= last)
        })
        .unzip();
    Some(ImpactSplit {
        head,
        tail,
        docs: fields.iter().map(Vec::len).collect(),
        bound,
    })
}

/// One field's postings: per document, the step from the previous document
/// and its impact (`length(doc)` is the document's length in that field).
pub(crate) fn encode_postings(
    list: &[(u32, u32)],
    length: impl Fn(u32) -> usize,
    out: &mut String,
) {
    let mut previous = 0;
    for &(doc, count) in list {
        push_number((doc - previous) as usize, out);
        previous = doc;
        push_number(impact(count, length(doc)), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::strategy::Strategy;

    /// Postings counted the plain way: a map per document field.
    fn postings_reference(docs: &[Document]) -> (Postings, Vec<FieldLengths>) {
        let mut postings = Postings::new();
        let mut lengths = vec![];
        for (n, doc) in docs.iter().enumerate() {
            let mut len = [0; FIELDS.len()];
            for (f, value) in field_values(doc).iter().enumerate() {
                let mut counts: BTreeMap<String, u32> = BTreeMap::new();
                for token in tokenizer::tokenize(value) {
                    len[f] += 1;
                    *counts.entry(token).or_default() += 1;
                }
                for (token, count) in counts {
                    postings
                        .entry(token)
                        .or_insert_with(|| vec![vec![]; FIELDS.len()])[f]
                        .push((n as u32, count));
                }
            }
            lengths.push(len);
        }
        (postings, lengths)
    }

    fn document(words: &[String], own: bool) -> Document {
        let text = |from: usize| {
            words
                .iter()
                .skip(from)
                .step_by(3)
                .cloned()
                .collect::<Vec<_>>()
        };
        Document {
            page: 0,
            title: text(0).join(" "),
            heading: text(1).join(" "),
            anchor: (!own).then(|| "a".to_string()),
            breadcrumbs: vec!["Guides".into(), "Setup".into(), "Page".into()],
            ancestors: if own {
                vec![]
            } else {
                vec!["Proxy setup".into()]
            },
            text: text(2).join(" "),
            code: String::new(),
            description: "Setup the agent".into(),
        }
    }

    proptest::proptest! {
        /// Enough documents for several chunks, from a small vocabulary so
        /// that terms repeat within and across documents and fields.
        #[test]
        fn postings_agree_with_counting_each_document_apart(
            docs in proptest::collection::vec(
                (proptest::collection::vec(
                    proptest::sample::select(vec![
                        "agent", "agents", "the", "setup", "proxy", "客戶端", "設定", "don't", "v2",
                    ]).prop_map(String::from),
                    0..12,
                ), proptest::bool::ANY),
                0..300,
            )
        ) {
            let docs: Vec<Document> = docs.iter().map(|(words, own)| document(words, *own)).collect();
            proptest::prop_assert_eq!(index_documents(&docs), postings_reference(&docs));
        }
    }

    /// `push_number` as first written: digits gathered, then pushed.
    fn push_number_reference(mut v: usize, out: &mut String) {
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

    proptest::proptest! {
        #[test]
        fn numbers_are_written_as_first_written(v in proptest::prop_oneof![0..2048usize, proptest::num::usize::ANY]) {
            let (mut out, mut reference) = (String::new(), String::new());
            push_number(v, &mut out);
            push_number_reference(v, &mut reference);
            proptest::prop_assert_eq!(out, reference);
        }
    }

    #[test]
    fn postings_encode_deltas_and_impacts() {
        let mut out = String::new();
        // Field lengths 1, 16, 16 and 4096.
        let length = |doc: u32| {
            [1, 0, 0, 16, 16][..]
                .get(doc as usize)
                .copied()
                .unwrap_or(4096)
        };
        encode_postings(&[(0, 1), (3, 4), (4, 1), (40, 1)], length, &mut out);
        // 0, impact 1 (step 0); 3, 4/16 → 1/2 (6); 1, 1/4 (12); 36 = 32 + 4, 1/64 (36).
        assert_eq!(out, "00361cx4x4");
        let mut out = String::new();
        encode_postings(&[], length, &mut out);
        assert_eq!(out, "");
    }

    #[test]
    fn a_long_list_splits_after_the_documents_it_weighs_most_in() {
        // Doc d holds the term d % 5 + 1 times in a body of 100 words; docs
        // 0 and 1 also in their heading.
        let body: Vec<(u32, u32)> = (0..50).map(|d| (d, d % 5 + 1)).collect();
        let fields = vec![vec![], vec![(0, 1), (1, 1)], vec![], body];
        let length = |_: u32, f: usize| if f == 1 { 4 } else { 100 };
        let split = split_by_impact(&fields, 1000, length, 12).unwrap();
        // The weights of one split are gone before the next.
        let again = split_by_impact(&fields, 1000, length, 12).unwrap();
        assert_eq!(
            (&again.head, &again.tail, again.bound),
            (&split.head, &split.tail, split.bound)
        );
        assert_eq!(split.docs, [0, 2, 0, 50]);
        assert_eq!(split.head[1], [(0, 1), (1, 1)]);
        // The heading documents, then the ten that hold it five times
        // (weighing the same as the 12th, so all of them).
        let head: Vec<u32> = split.head[3].iter().map(|p| p.0).collect();
        assert_eq!(head, [0, 1, 4, 9, 14, 19, 24, 29, 34, 39, 44, 49]);
        assert!(split.tail[1].is_empty());
        assert_eq!(split.tail[3].len(), 38);
        let mut weight = vec![];
        let met = add_weights(&fields, 1000, &length, &mut weight);
        assert_eq!(met.len(), 50);
        let most = split.tail[3]
            .iter()
            .map(|p| weight[p.0 as usize])
            .fold(0.0, f64::max);
        assert_eq!(split.bound, most);
        assert!(head.iter().all(|&d| weight[d as usize] > split.bound));
        // A list of equal weights, or as short as the head, stays whole.
        let even = vec![(0..50).map(|d| (d, 1)).collect()];
        assert!(split_by_impact(&even, 1000, length, 12).is_none());
        assert!(split_by_impact(&fields, 1000, length, 50).is_none());
    }

    #[test]
    fn impacts_stay_within_six_percent() {
        for (count, length) in [(1, 1), (1, 2), (3, 7), (1, 120), (9, 5000), (1, 1_000_000)] {
            let exact = (f64::from(count) / length as f64).sqrt();
            let stepped = 2f64.powf(-(impact(count, length) as f64) / IMPACT_STEPS);
            assert!((stepped / exact - 1.0).abs() < 0.06, "{count}/{length}");
        }
        assert_eq!(impact(1, 0), 0, "an empty field counts as one word");
    }

    #[test]
    fn looked_up_impacts_and_step_values_are_the_computed_ones() {
        for count in 0..=KNOWN_COUNTS as u32 + 1 {
            for length in (0..KNOWN_LENGTHS + 2).chain([100_000, usize::MAX]) {
                assert_eq!(
                    impact(count, length),
                    impact_computed(count, length),
                    "{count}/{length}"
                );
            }
        }
        for step in 0..300 {
            assert_eq!(step_value(step), step_value_computed(step), "{step}");
        }
    }
}
