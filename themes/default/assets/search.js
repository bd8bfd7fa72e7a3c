/* quire search: the header search box, its results dropdown, and the
   contract API `await window.quire.search(query)`.

   The index is written at build time (src/search/files.rs) in shards:
   `search/manifest.js` names the term shards (by their first term) and the
   section shards (by document number). A query loads the term shards of its
   words and the section shards of the results it is asked for, as scripts
   (not fetched) so that the site also works from file://. Nothing is
   requested from any other host.

   The tokenizer must give exactly the tokens of src/search/tokenizer.rs;
   tests/search-vectors.json holds the cases both are tested on. Under Node
   this file only exports the tokenizer. */
(function () {
  "use strict";

  /* ---------- tokenizer (same rules as src/search/tokenizer.rs) ---------- */

  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x309f) || (cp >= 0x30a0 && cp <= 0x30ff) ||
      (cp >= 0x31f0 && cp <= 0x31ff) || (cp >= 0xff66 && cp <= 0xff9f) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f) ||
      (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) ||
      (cp >= 0xac00 && cp <= 0xd7af);
  }
  // Rust's char::is_alphanumeric: Alphabetic or Numeric (Nd, Nl, No).
  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
  function isWord(ch) {
    var cp = ch.codePointAt(0);
    if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a);
    return !isCjk(cp) && ALNUM.test(ch);
  }

  var MARKS = /^\p{M}+$/u;
  function fold(text) {
    var out = "";
    for (var ch of text) {
      var cp = ch.codePointAt(0);
      if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
      else if (cp === 0x3000) out += " ";
      else if (cp < 0x80 || isCjk(cp)) out += ch;
      else out += baseLetter(ch);
    }
    return out;
  }
  /** `é` → `e`: the first character of the canonical decomposition when the rest are combining marks. */
  function baseLetter(ch) {
    var parts = ch.normalize("NFD");
    if (parts === ch) return ch;
    var base = String.fromCodePoint(parts.codePointAt(0));
    return MARKS.test(parts.slice(base.length)) ? base : ch;
  }
  function isApostrophe(ch) { return ch === "'" || ch === "\u2019"; }

  // elasticlunr's English stop words (src: elasticlunr-rs lang/en.rs).
  var STOP = new Set(("a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has have he her hers " +
    "him his how however i if in into is it its just least let like likely may me might most must my neither no " +
    "nor not of off often on only or other our own rather said say says she should since so some than that the " +
    "their them then there these they this tis to too twas us wants was we were what when where which while who " +
    "whom why will with would yet you your").split(" "));

  /* The Porter stemmer exactly as elasticlunr-rs implements it (a port of
     rust-stem), on words of ASCII letters. */
  function stem(word) {
    if (word.length <= 2) return word;
    var b = word.split(""), k = b.length, j = 0;
    function cons(i) {
      var c = b[i];
      if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
      if (c === "y") return i === 0 ? true : !cons(i - 1);
      return true;
    }
    function measure() {
      var n = 0, i = 0;
      for (;;) { if (i >= j) return n; if (!cons(i)) break; i++; }
      i++;
      for (;;) {
        for (;;) { if (i >= j) return n; if (cons(i)) break; i++; }
        i++; n++;
        for (;;) { if (i >= j) return n; if (!cons(i)) break; i++; }
        i++;
      }
    }
    function hasVowel() { for (var i = 0; i < j; i++) if (!cons(i)) return true; return false; }
    function doubleC(i) { return i >= 1 && b[i] === b[i - 1] && cons(i); }
    function cvc(i) {
      if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
      return b[i] !== "w" && b[i] !== "x" && b[i] !== "y";
    }
    function ends(s) {
      var len = s.length;
      if (len > k) return false;
      if (b.slice(k - len, k).join("") !== s) return false;
      j = k - len;
      return true;
    }
    function setTo(s) { for (var i = 0; i < s.length; i++) b[j + i] = s[i]; k = j + s.length; }
    function r(s) { if (measure() > 0) setTo(s); }
    // Each list: suffixes tried in order; the first that ends the word is replaced.
    function rules(list) {
      for (var i = 0; i < list.length; i += 2) if (ends(list[i])) { r(list[i + 1]); return; }
    }
    // step1ab
    if (b[k - 1] === "s") {
      if (ends("sses")) k -= 2;
      else if (ends("ies")) setTo("i");
      else if (b[k - 2] !== "s") k -= 1;
    }
    if (ends("eed")) { if (measure() > 0) k -= 1; }
    else if ((ends("ed") || ends("ing")) && hasVowel()) {
      k = j;
      if (ends("at")) setTo("ate");
      else if (ends("bl")) setTo("ble");
      else if (ends("iz")) setTo("ize");
      else if (doubleC(k - 1)) { k -= 1; var c = b[k - 1]; if (c === "l" || c === "s" || c === "z") k += 1; }
      else if (measure() === 1 && cvc(k - 1)) setTo("e");
    }
    // step1c
    if (k > 2 && ends("y") && "aeiou".indexOf(b[k - 2]) < 0) b[k - 1] = "i";
    // step2
    if (k >= 2) {
      switch (b[k - 2]) {
        case "a": rules(["ational", "ate", "tional", "tion"]); break;
        case "c": rules(["enci", "ence", "anci", "ance"]); break;
        case "e": rules(["izer", "ize"]); break;
        case "l": rules(["bli", "ble", "alli", "al", "entli", "ent", "eli", "e", "ousli", "ous"]); break;
        case "o": rules(["ization", "ize", "ation", "ate", "ator", "ate"]); break;
        case "s": rules(["alism", "al", "iveness", "ive", "fulness", "ful", "ousness", "ous"]); break;
        case "t": rules(["aliti", "al", "iviti", "ive", "biliti", "ble"]); break;
        case "g": rules(["logi", "log"]); break;
      }
    }
    // step3
    switch (b[k - 1]) {
      case "e": rules(["icate", "ic", "ative", "", "alize", "al"]); break;
      case "i": rules(["iciti", "ic"]); break;
      case "l": rules(["ical", "ic", "ful", ""]); break;
      case "s": rules(["ness", ""]); break;
    }
    // step4
    if (k >= 2) {
      var matched = false;
      switch (b[k - 2]) {
        case "a": matched = ends("al"); break;
        case "c": matched = ends("ance") || ends("ence"); break;
        case "e": matched = ends("er"); break;
        case "i": matched = ends("ic"); break;
        case "l": matched = ends("able") || ends("ible"); break;
        case "n": matched = ends("ant") || ends("ement") || ends("ment") || ends("ent"); break;
        case "o": matched = (ends("ion") && j > 0 && (b[j - 1] === "s" || b[j - 1] === "t")) || ends("ou"); break;
        case "s": matched = ends("ism"); break;
        case "t": matched = ends("ate") || ends("iti"); break;
        case "u": matched = ends("ous"); break;
        case "v": matched = ends("ive"); break;
        case "z": matched = ends("ize"); break;
      }
      if (matched && measure() > 1) k = j;
    }
    // step5
    j = k;
    if (b[k - 1] === "e") {
      var a = measure();
      if (a > 1 || (a === 1 && !cvc(k - 2))) k -= 1;
    }
    if (b[k - 1] === "l" && doubleC(k - 1) && measure() > 1) k -= 1;
    return b.slice(0, k).join("");
  }

  // Excerpts tokenize the text of every result: the same words come back.
  var STEMS = new Map();
  function english(word) {
    if (word.length > 64) word = Array.from(word).slice(0, 64).join(""); // MAX_WORD_CHARS of tokenizer.rs
    // `customer's` → `customer`, `don't` → `dont`.
    if (word.indexOf("'") >= 0 || word.indexOf("\u2019") >= 0) word = word.replace(/['\u2019]s$/, "").replace(/['\u2019]/g, "");
    var known = STEMS.get(word);
    if (known !== undefined) return known;
    var t = !/^[a-z]+$/.test(word) ? word : STOP.has(word) ? null : stem(word);
    // A stem under 3 letters becomes the word's first 3 letters (`adding` → `add`, not `ad`).
    if (t !== null && t.length < 3 && t !== word) t = word.slice(0, 3);
    if (STEMS.size < 50000) STEMS.set(word, t);
    return t;
  }

  /** Tokens with their range in code points of the folded, lowercased text. */
  function tokens(text) {
    var chars = Array.from(fold(text).toLowerCase());
    var out = [], i = 0, n = chars.length;
    while (i < n) {
      var ch = chars[i], start = i;
      if (isCjk(ch.codePointAt(0))) {
        while (i < n && isCjk(chars[i].codePointAt(0))) i++;
        if (i - start === 1) out.push({ text: ch, start: start, end: i });
        else for (var p = start; p < i - 1; p++) out.push({ text: chars[p] + chars[p + 1], start: p, end: p + 2 });
      } else if (isWord(ch)) {
        while (i < n && (isWord(chars[i]) || (isApostrophe(chars[i]) && i + 1 < n && isWord(chars[i + 1])))) i++;
        var t = english(chars.slice(start, i).join(""));
        if (t !== null) out.push({ text: t, start: start, end: i, raw: chars.slice(start, i).join("") });
      } else {
        i++;
      }
    }
    return out;
  }
  function tokenize(text) { return tokens(text).map(function (t) { return t.text; }); }

  if (typeof module === "object" && module.exports) {
    module.exports = { tokenize: tokenize, tokens: tokens, stem: stem };
    return;
  }

  /* ---------- loading the index ---------- */

  var d = document, html = d.documentElement;
  var root = html.dataset.root || "";
  // Strings in the page's language come with nav.js; English if it did not load.
  var S = window.quireStrings || {};
  var T = { none: S.no_results || "No results", loading: S.loading || "Loading…",
    failed: S.search_failed || "The search index could not be loaded" };
  var MAX_RESULTS = 20, MAX_EXPANSIONS = 40, MAX_COMPLETE = 10;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = d.createElement("script");
      s.src = root + src;
      s.async = true;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("could not load " + src)); };
      d.head.appendChild(s);
    });
  }

  // The index comes in shards (src/search/files.rs): the manifest names them,
  // each registers itself in window.quireSearchParts under its path.
  var loading = null, parts = Object.create(null);
  function load() {
    if (!loading) {
      loading = (window.quireSearchFiles ? Promise.resolve() : loadScript(html.getAttribute("data-search") || "search/manifest.js"))
        .then(function () { return prepare(window.quireSearchFiles); });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /** A shard's data, loaded once. */
  function part(path) {
    if (!parts[path]) {
      var registered = function () { return window.quireSearchParts && window.quireSearchParts[path]; };
      parts[path] = registered() ? Promise.resolve(registered()) : loadScript(path).then(function () {
        if (!registered()) throw new Error("no data in " + path);
        return registered();
      });
      parts[path].catch(function () { delete parts[path]; });
    }
    return parts[path];
  }

  /** The search state of the page. */
  function prepare(files) {
    return {
      files: files,
      n: files.n,
      firsts: files.terms.map(function (t) { return t[0]; }),
      terms: Object.create(null), // postings of every loaded term shard
      shardTerms: [], // each loaded term shard's terms, sorted, for prefix expansion
      cache: Object.create(null), // decoded postings by term
      pageOf: pagesOf(files),
    };
  }

  /** Each document's page number (`pages` of the manifest: how many
      documents each page has, in order), or null from an older index. */
  function pagesOf(files) {
    if (typeof files.pages !== "string") return null;
    var pageOf = new Int32Array(files.n), doc = 0, page = 0;
    eachNumber(files.pages, function (count) {
      pageOf.fill(page++, doc, Math.min(files.n, doc + count));
      doc += count;
    });
    return pageOf;
  }

  /** Code-point order, as the index sorts terms (UTF-16 order differs above U+FFFF). */
  function compare(a, b) {
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j) || (i < a.length ? 1 : j < b.length ? -1 : 0);
  }

  /** The term shard that holds `term` if the index has it. */
  function shardOf(data, term) {
    var lo = 0, hi = data.firsts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (compare(data.firsts[mid], term) <= 0) lo = mid + 1; else hi = mid; }
    return Math.max(0, lo - 1);
  }

  function loadTermShard(data, n) {
    return part(data.files.terms[n][1]).then(function (shard) {
      if (!data.shardTerms[n]) {
        var keys = Object.keys(shard.terms);
        keys.forEach(function (k) { data.terms[k] = shard.terms[k]; });
        data.shardTerms[n] = keys.sort(compare);
      }
      return data.shardTerms[n];
    });
  }

  /* ---------- scoring (elasticlunr's tf-idf with field boosts) ---------- */

  // Postings: see src/search/index.rs. Base-32 numbers; a digit from LAST ends one.
  var LAST = "0123456789abcdefghijklmnopqrstuv", CONTINUE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
  var DIGIT = new Int8Array(128);
  for (var di = 0; di < 32; di++) { DIGIT[LAST.charCodeAt(di)] = di; DIGIT[CONTINUE.charCodeAt(di)] = 32 + di; }
  /** Decode a stream of numbers; `into(value)` receives each. */
  function eachNumber(s, into) {
    for (var i = 0, acc = 0; i < s.length; i++) {
      var v = DIGIT[s.charCodeAt(i)];
      if (v >= 32) acc = acc * 32 + (v - 32);
      else { into(acc * 32 + v); acc = 0; }
    }
  }
  /** What the index holds of a term: its postings by field (`raw`), and
      for a common word split by impact (src/search/files.rs) only the head,
      with the documents per field of the whole list (`df`), the most a
      document of the tail weighs (`bound`) and the tail's file (`tail`,
      null once loaded into `rest`). Null for a term the index lacks. */
  function entry(data, term) {
    var cache = data.cache[term];
    if (!cache) {
      if (!Object.prototype.hasOwnProperty.call(data.terms, term)) return null;
      var v = data.terms[term], split = typeof v !== "string";
      cache = data.cache[term] = { raw: (split ? v[0] : v).split("."), lists: [],
        df: split ? v[1] : null, bound: split ? v[2] : 0, tail: split ? v[3] : null, rest: [] };
    }
    return cache;
  }
  /** The postings of one term in one field, decoded once: { docs: Int32Array,
      tf: Float64Array (the impact: sqrt(count / field length)), df: documents
      of the whole list }, or null. */
  function postingsOf(data, term, f) {
    var cache = entry(data, term);
    if (!cache) return null;
    if (!cache.lists[f]) {
      var head = cache.raw[f] || "", rest = cache.rest[f] || "";
      if (!head && !rest) return null;
      var list = decodePostings(head || rest);
      if (head && rest) {
        var more = decodePostings(rest), docs = new Int32Array(list.docs.length + more.docs.length);
        var tf = new Float64Array(docs.length);
        docs.set(list.docs); docs.set(more.docs, list.docs.length);
        tf.set(list.tf); tf.set(more.tf, list.docs.length);
        list = { docs: docs, tf: tf };
      }
      list.df = cache.df ? cache.df[f] : list.docs.length;
      cache.lists[f] = list;
    }
    return cache.lists[f];
  }

  /** Load the tails of the query's split terms, for scores that count every document. */
  function loadTails(data, qterms) {
    var waits = [];
    qterms.forEach(function (q) {
      q.keys.forEach(function (key) {
        var cache = entry(data, key.term);
        if (!cache || !cache.tail) return;
        waits.push(part(cache.tail).then(function (shard) {
          if (!cache.tail) return;
          cache.rest = shard.tail.split(".");
          cache.lists = [];
          cache.tail = null;
        }));
      });
    });
    return Promise.all(waits);
  }

  // An impact step q stands for 2^(-q / 6) (src/search/index.rs, `impact`).
  var IMPACT = new Float64Array(1024);
  for (var qi = 0; qi < IMPACT.length; qi++) IMPACT[qi] = Math.pow(2, -qi / 6);
  /** `doc step, impact` pairs of numbers → typed arrays; the hot loop of a
      first query on a large site, so written out by hand. */
  function decodePostings(raw) {
    var docs = new Int32Array(raw.length >> 1), tf = new Float64Array(raw.length >> 1);
    var count = 0, doc = 0, wantImpact = false, acc = 0;
    for (var i = 0; i < raw.length; i++) {
      var v = DIGIT[raw.charCodeAt(i)];
      if (v >= 32) { acc = acc * 32 + (v - 32); continue; }
      v += acc * 32;
      acc = 0;
      if (wantImpact) { tf[count++] = IMPACT[Math.min(v, 1023)]; wantImpact = false; continue; }
      doc += v;
      docs[count] = doc;
      wantImpact = true;
    }
    return { docs: docs.subarray(0, count), tf: tf.subarray(0, count) };
  }

  function lowerBound(arr, key) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (compare(arr[mid], key) < 0) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /** Terms that start with `prefix` (the word being typed), from its shard
      and the next ones while they still start with it, with a penalty by extra length. */
  function expansions(data, prefix, seen, out) {
    if (!prefix) return Promise.resolve(out);
    var n = shardOf(data, prefix);
    return loadTermShard(data, n).then(function (sorted) {
      for (var i = lowerBound(sorted, prefix); i < sorted.length && out.length < MAX_EXPANSIONS; i++) {
        var term = sorted[i];
        if (term.lastIndexOf(prefix, 0) !== 0) return out;
        if (seen.has(term)) continue;
        seen.add(term);
        out.push({ term: term, weight: 1 / (1 + Math.log(1 + term.length - prefix.length)) });
      }
      var next = data.firsts[n + 1];
      if (out.length < MAX_EXPANSIONS && next !== undefined && next.lastIndexOf(prefix, 0) === 0) {
        return expansions(data, next, seen, out).then(function () {
          // `next` itself starts with the prefix: keep only terms that still do.
          return out.filter(function (k) { return k.term.lastIndexOf(prefix, 0) === 0; });
        });
      }
      return out;
    });
  }

  /** Query tokens, each with the index terms it matches and their weights;
      loads the term shards they need. */
  function queryTerms(data, query) {
    var toks = tokens(query), seen = new Set(), typing = !/\s$/.test(query);
    return Promise.all(toks.map(function (t, n) {
      if (seen.has(t.text)) return null;
      seen.add(t.text);
      var exact = loadTermShard(data, shardOf(data, t.text));
      var last = n === toks.length - 1;
      // The last word may be unfinished; a lone CJK character matches the bigrams it starts.
      var expand = (last && typing) || (t.end - t.start === 1 && isCjk(t.text.codePointAt(0)));
      var more = !expand ? Promise.resolve([]) : expansions(data, t.text, new Set([t.text]), []).then(function (keys) {
        if (t.raw === t.text) return keys;
        var taken = new Set([t.text]);
        keys.forEach(function (k) { taken.add(k.term); });
        return expansions(data, t.raw, taken, keys);
      });
      return Promise.all([exact, more]).then(function (r) {
        return { token: t, keys: [{ term: t.text, weight: 1 }].concat(r[1]) };
      });
    })).then(function (list) { return list.filter(Boolean); });
  }

  /** The best MAX_RESULTS documents, best first: elasticlunr's scoring
      (tf-idf per field, boosted, times the share of query words matched),
      on typed arrays reused between queries so that common words stay fast.
      `best.complete` holds the best MAX_COMPLETE of those that match every
      query word and are not among them: Chinese and Japanese pieces of
      words (レー, ート of テンプレート) outscore a section that has them
      all (レート制限), and the rerank (`rerank`) can only lift what it sees.
      `best.exact` says that the `want` best are those of the whole index
      although the tails of common words are not loaded (`exactness`). */
  function score(data, qterms, want) {
    var files = data.files, nf = files.fields.length, nq = qterms.length, n = data.n;
    if (!data.total) {
      data.total = new Float64Array(n); data.fieldScore = new Float64Array(n);
      data.matched = new Int32Array(n); data.matchedAll = new Int32Array(n);
      data.raw = new Float64Array(n); data.heads = new Int32Array(n);
    }
    var total = data.total, fieldScore = data.fieldScore, matched = data.matched, matchedAll = data.matchedAll;
    var raw = data.raw, heads = data.heads, tailed = tailedKeys(data, qterms);
    var touched = [];
    for (var f = 0; f < nf; f++) {
      var inField = [];
      qterms.forEach(function (q, qi) {
        var bit = 1 << Math.min(qi, 30);
        q.keys.forEach(function (key) {
          var list = postingsOf(data, key.term, f);
          if (!list) return;
          var idf = 1 + Math.log(n / (list.df + 1)), weight = idf * key.weight, head = key.tailBit;
          for (var i = 0; i < list.docs.length; i++) {
            var doc = list.docs[i];
            if (!matched[doc]) inField.push(doc);
            fieldScore[doc] += list.tf[i] * weight;
            matched[doc] |= bit;
            heads[doc] |= head;
          }
        });
      });
      var boost = files.boost[f];
      for (var j = 0; j < inField.length; j++) {
        var d = inField[j];
        if (!matchedAll[d]) touched.push(d);
        total[d] += boost * fieldScore[d] * bits(matched[d]) / nq;
        raw[d] += boost * fieldScore[d];
        matchedAll[d] |= matched[d];
        fieldScore[d] = 0;
        matched[d] = 0;
      }
    }
    var best = [], complete = [];
    for (var k = 0; k < touched.length; k++) {
      var doc = touched[k], coverage = bits(matchedAll[doc]) / nq;
      var scored = { doc: doc, score: total[doc] * coverage * coverage, all: coverage === 1 };
      total[doc] = 0;
      matchedAll[doc] = 0;
      var out = keep(best, scored, MAX_RESULTS);
      if (out && out.all) keep(complete, out, MAX_COMPLETE);
    }
    best.complete = complete;
    best.exact = exactness(best, want, touched, tailed, raw, heads);
    return best;
  }

  /** The bound of each of the query's terms whose tail is not loaded (the
      most a document outside its head can gain from it); each such key gets
      a bit in `tailBit`, set in `heads` for the documents its head holds. */
  function tailedKeys(data, qterms) {
    var bounds = [];
    qterms.forEach(function (q) {
      q.keys.forEach(function (key) {
        var cache = entry(data, key.term);
        key.tailBit = 0;
        if (!cache || !cache.tail) return;
        key.tailBit = 1 << Math.min(bounds.length, 30);
        bounds.push(cache.bound * key.weight);
      });
    });
    return bounds;
  }

  /** Whether the `want` best of `best`, scored without the tails of
      `tailed`, are the best of the whole index in that order: each of them
      is in the head of every such term (its score is whole), and no other
      document whose score is not whole can reach the last of them, even
      with the most each tail could add. Resets `raw` and `heads` of the
      documents scored. */
  var SLACK = 1 + 1e-9; // Rust and JavaScript add the same weights in another order
  function exactness(best, want, touched, tailed, raw, heads) {
    var exact = tailed.length === 0 || (tailed.length <= 30 && best.length >= want);
    var kth = exact && tailed.length ? best[want - 1].score : 0, top = new Set();
    for (var t = 0; t < Math.min(want, best.length); t++) top.add(best[t].doc);
    var unseen = tailed.reduce(function (a, b) { return a + b; }, 0);
    if (tailed.length && unseen * SLACK >= kth) exact = false;
    for (var k = 0; k < touched.length; k++) {
      var doc = touched[k];
      if (exact && tailed.length) {
        var unknown = 0;
        for (var j = 0; j < tailed.length; j++) if (!(heads[doc] & (1 << j))) unknown += tailed[j];
        if (unknown > 0 && (top.has(doc) || (raw[doc] + unknown) * SLACK >= kth)) exact = false;
      }
      raw[doc] = 0;
      heads[doc] = 0;
    }
    return exact;
  }
  /** Put `entry` in its place in `list` (best first, at most `max`); what
      falls off the end (or `entry` itself) is returned. */
  function keep(list, entry, max) {
    if (list.length === max && !better(entry, list[max - 1])) return entry;
    var at = list.length;
    while (at > 0 && better(entry, list[at - 1])) at--;
    list.splice(at, 0, entry);
    return list.length > max ? list.pop() : null;
  }
  function better(a, b) { return a.score > b.score || (a.score === b.score && a.doc < b.doc); }
  function bits(x) { var n = 0; while (x) { n += x & 1; x >>>= 1; } return n; }

  /* ---------- excerpts ---------- */

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  /** The section text around the first match, matches in <mark>. */
  function excerpt(text, qterms) {
    var chars = Array.from(text);
    var wanted = new Set();
    qterms.forEach(function (q) {
      q.keys.forEach(function (k) { wanted.add(k.term); });
    });
    var WIDTH = 160, SEGMENT = 200, marks = [];
    // Tokenize a segment at a time (cut at a space), only until the window
    // around the first match is covered: twenty results must stay quick.
    for (var pos = 0; pos < chars.length;) {
      var cut = Math.min(chars.length, pos + SEGMENT);
      while (cut < chars.length && chars[cut] !== " " && cut - pos < SEGMENT + 40) cut++;
      var segment = chars.slice(pos, cut).join(""), offset = pos;
      // Ranges are only usable when folding and lowercasing kept every character in place.
      if (Array.from(fold(segment).toLowerCase()).length === cut - pos) {
        tokens(segment).forEach(function (t) {
          if (!wanted.has(t.text)) return;
          var start = offset + t.start, stop = offset + t.end, last = marks[marks.length - 1];
          if (last && start <= last.end) last.end = Math.max(last.end, stop);
          else marks.push({ start: start, end: stop });
        });
      }
      pos = cut;
      if (marks.length && pos >= marks[0].start + WIDTH) break;
    }
    var from = marks.length ? Math.max(0, marks[0].start - 40) : 0;
    if (from > 0) {
      var space = chars.slice(from, marks[0].start).indexOf(" ");
      if (space >= 0 && space < 20) from += space + 1;
    }
    var to = Math.min(chars.length, from + WIDTH);
    var out = from > 0 ? "…" : "", at = from;
    marks.forEach(function (m) {
      if (m.start < at || m.start >= to) return;
      out += escapeHtml(chars.slice(at, m.start).join(""));
      var end = Math.min(m.end, to);
      out += "<mark>" + escapeHtml(chars.slice(m.start, end).join("")) + "</mark>";
      at = end;
    });
    out += escapeHtml(chars.slice(at, to).join(""));
    if (to < chars.length && chars[chars.length - 1] !== "…") out += "…";
    return out;
  }

  /* ---------- the contract API ---------- */

  /**
   * Up to `options.limit` (default and at most 20) results, best first, one
   * per section: { title, page, breadcrumbs, excerpt, url } with `url`
   * relative to the site root. Only the section shards of the results it
   * returns are loaded, and of the candidates reranked by their text.
   */
  function search(query, options) {
    query = String(query || "");
    var limit = Math.floor(Number(options && options.limit));
    limit = limit >= 1 ? Math.min(limit, MAX_RESULTS) : MAX_RESULTS;
    return load().then(function (data) {
      return queryTerms(data, query).then(function (qterms) {
        if (!qterms.length) return [];
        var phrase = queryPairs(query).length > 0;
        return ranked(data, qterms, phrase ? MAX_RESULTS : limit, phrase).then(function (scored) {
          var pool = pageBlend(data, candidates(scored, qterms, query, MAX_RESULTS));
          var best = phrase ? pool : pool.slice(0, limit);
          return Promise.all(best.map(function (r) { return section(data, r.doc); })).then(function (rows) {
            return rerank(best, rows, qterms, query).slice(0, limit).map(function (row) {
              var page = row.page;
              return {
                title: row.heading || page[0],
                page: page[0],
                breadcrumbs: page[2].concat(row.ancestors),
                excerpt: excerpt(row.text, qterms),
                url: page[1] + (row.anchor ? "#" + row.anchor : ""),
              };
            });
          });
        });
      });
    });
  }

  /** The scored sections, the `want` best exact: a common word's tail loads
      only when its head cannot tell them (`score`), and always for a query
      of several words (`whole`), whose candidates include the best sections
      with all its words. */
  function ranked(data, qterms, want, whole) {
    var rescore = function () { return score(data, qterms, want); };
    if (whole) return loadTails(data, qterms).then(rescore);
    var best = rescore();
    return best.exact ? Promise.resolve(best) : loadTails(data, qterms).then(rescore);
  }

  /** The scored sections that load their text: the `limit` asked for; for
      a query whose words can stand next to each other, the 20 best, whose
      rerank by their text (`rerank`) lifted real answers from 6th and 8th
      place, and for Chinese or Japanese also the best below them that have
      all its bigrams (`score`; one was 26th). Not for other languages: their
      sections with all the words rank above the others (`rerank`), and old
      release notes that had every word of `change pitch without changing
      tempo` pushed the page about it out of the first five. */
  function candidates(best, qterms, query, limit) {
    if (!queryPairs(query).length) return best.slice(0, limit);
    var cjk = qterms.some(function (q) { return !q.token.raw; });
    return cjk ? best.concat(best.complete) : best;
  }

  /** The candidates ranked with their page: each gains PAGE_SHARE of the
      scores of the other candidates of its page, as a page that answers a
      query has several sections about it. A page about spectrograms (its
      "Spectrogram View" and "Increasing accuracy in Spectrogram View")
      then outranks release notes whose one short section is headed
      "Spectrograms"; Pagefind ranks whole pages. A share, not the sum:
      the section that answers still ranks above its page's others. Common
      words blend the candidates of their postings' head only (`ranked`). */
  var PAGE_SHARE = 0.5;
  function pageBlend(data, best) {
    var pageOf = data.pageOf;
    if (!pageOf || best.length < 2) return best;
    var sums = new Map();
    best.forEach(function (b) { sums.set(pageOf[b.doc], (sums.get(pageOf[b.doc]) || 0) + b.score); });
    return best.map(function (b) {
      return { doc: b.doc, all: b.all, score: b.score + PAGE_SHARE * (sums.get(pageOf[b.doc]) - b.score) };
    }).sort(function (a, b) { return better(a, b) ? -1 : better(b, a) ? 1 : 0; });
  }

  /** The rows of `best` (scored results) in their final order, judged on
      what each result shows (its heading, page title and the text loaded for
      its excerpt), so that neither costs index bytes:
      - the query's words next to each other and in order (`presence
        broadcast` in "Disable Presence Broadcast"; for Chinese and Japanese
        its bigrams one after the other, so レート制限 and not テンプレート)
        rank a section above those that lack one of the query's words;
        among the sections that have all of them, in order or not
        ("channel token rotation" for `rotated channel token`), the share
        of the query's neighbouring pairs a section holds multiplies its
        score by up to 1 + PHRASE. A query with Chinese or Japanese gets
        the factor only: a missing bigram is often a particle between the
        words (上传的大小 for 上传大小, プラグインへの署名 for
        プラグインの署名), not another word;
      - a query typed without a space that makes several tokens (an
        identifier, `SECRET_KEY`, or a Chinese or Japanese term, レート制限),
        found as typed, ranks a section above all others: the identifier
        is then there whole, whatever else it says. Chinese and Japanese
        are written without spaces, so there the term as typed says less:
        it multiplies the score by 1 + PHRASE again (as a rank above all
        others, a hub page's table row that says 顯示名稱優先順序 word for
        word outranked the section headed 名稱優先順序 of the page about
        顯示名稱). Not a query of several words: old release notes say
        "dark theme" and "export MP3" word for word;
      - the query's words as typed rank a section above one that has them
        only through their stem (`connected` for `connecting`);
      - a page's third and later sections come after the other pages'
        (four sections of one page filled the first places while the page
        that answers `TOTP 验证码` was 5th). */
  var STEM_ONLY = 0.75, PHRASE = 4, PER_PAGE = 2;
  function rerank(best, rows, qterms, query) {
    var stemmed = qterms.filter(function (q) { return q.token.raw && q.token.raw !== q.token.text; });
    var pairs = queryPairs(query);
    if (!stemmed.length && !pairs.length) return rows;
    var cjk = qterms.some(function (q) { return !q.token.raw; });
    var typed = pairs.length && !/\s/.test(query.trim()) ? normalized(query) : null;
    var ranked = rows.map(function (row, i) {
      var raws = new Set(), stems = new Set(), follows = new Set(), verbatim = false;
      [row.heading, row.page[0], row.text].forEach(function (text) {
        verbatim = verbatim || (typed !== null && holds(normalized(text || ""), typed));
        var toks = eachPair(text || "", function (a, b) { follows.add(a + "\u0000" + b); });
        toks.forEach(function (t) { if (t.raw) { raws.add(t.raw); stems.add(t.text); } });
      });
      var factor = 1;
      stemmed.forEach(function (q) {
        if (stems.has(q.token.text) && !raws.has(q.token.raw)) factor *= STEM_ONLY;
      });
      var found = pairs.filter(function (p) { return hasPair(follows, p); }).length;
      if (pairs.length) factor *= 1 + PHRASE * found / pairs.length;
      // All the words, as the index matched them, or the phrase in the text loaded.
      if (verbatim && cjk) factor *= 1 + PHRASE;
      var strong = verbatim && !cjk ? 2 : pairs.length > 0 && !cjk && (best[i].all || found === pairs.length) ? 1 : 0;
      return { row: row, strong: strong, score: best[i].score * factor, at: i };
    });
    ranked.sort(function (a, b) { return b.strong - a.strong || b.score - a.score || a.at - b.at; });
    var shown = new Map(), first = [], later = [];
    ranked.forEach(function (r) {
      var url = r.row.page[1], n = shown.get(url) || 0;
      shown.set(url, n + 1);
      (n < PER_PAGE ? first : later).push(r.row);
    });
    return first.concat(later);
  }

  /** Text as the query is compared with it: folded, lowercased, one space between words. */
  function normalized(text) { return fold(text).toLowerCase().replace(/\s+/g, " ").trim(); }

  /** Whether `text` holds `typed` where a word starts: `secret_key` in
      `aliyun_oss_secret_key` and in `.envのsecret_keyの`, not in `mysecret_key`. */
  function holds(text, typed) {
    if (!typed) return false;
    var first = Array.from(typed)[0], word = isWord(first);
    for (var at = text.indexOf(typed); at >= 0; at = text.indexOf(typed, at + 1)) {
      if (!word || at === 0) return true;
      var before = Array.from(text.slice(Math.max(0, at - 2), at)).pop();
      if (!isWord(before)) return true;
    }
    return false;
  }

  /** Each token of `text` with each token right after it: the next one
      (Chinese and Japanese only across spaces, not across punctuation), and
      for their bigrams also the one that starts where it ends (`客戶資料`
      has 客戶 then 資料, as the query `客戶 資料` has). */
  function eachPair(text, visit) {
    var toks = tokens(text), chars = null, cjkAt = new Map();
    toks.forEach(function (t) { if (!t.raw) cjkAt.set(t.start, t.text); });
    toks.forEach(function (t, k) {
      var next = toks[k + 1];
      if (next && (t.raw && next.raw || next.start <= t.end || spaceBetween(t.end, next.start))) visit(t.text, next.text);
      var joined = t.raw ? undefined : cjkAt.get(t.end);
      if (joined !== undefined) visit(t.text, joined);
    });
    function spaceBetween(from, to) {
      chars = chars || Array.from(fold(text).toLowerCase());
      return /^\s+$/.test(chars.slice(from, to).join(""));
    }
    return toks;
  }

  /** The query's pairs of tokens that stand next to each other, in order;
      the last word may be unfinished, so it matches the words it starts. */
  function queryPairs(query) {
    var pairs = [], typing = !/\s$/.test(query);
    var toks = eachPair(query, function (a, b) {
      if (a !== b) pairs.push({ first: a, next: b });
    });
    var last = toks[toks.length - 1];
    pairs.forEach(function (p) {
      p.prefix = typing && last.raw !== undefined && p.next === last.text ? last.raw : null;
    });
    return pairs;
  }

  function hasPair(follows, pair) {
    if (follows.has(pair.first + "\u0000" + pair.next)) return true;
    if (pair.prefix === null) return false;
    var head = pair.first + "\u0000" + pair.prefix;
    for (var key of follows) if (key.lastIndexOf(head, 0) === 0) return true;
    return false;
  }

  /** What a result shows of a section, from its section shard. */
  function section(data, doc) {
    var sections = data.files.sections;
    return part(sections.prefix + Math.floor(doc / sections.size) + ".js").then(function (shard) {
      var row = shard.docs[doc - shard.first];
      // The headings it sits under end its breadcrumbs (the page's ticket h2 of an h3).
      return { page: shard.pages[row[0]], heading: row[1], anchor: row[2], text: row[3], ancestors: row[4] || [] };
    });
  }

  window.quire = window.quire || {};
  window.quire.search = search;
  window.quire.tokenize = tokenize;

  /* ---------- the words of a result, highlighted on the page it opens ---------- */

  /** `page.html#anchor` → `page.html?q=words#anchor`: the opened page reads it. */
  function withQuery(url, query) {
    var hash = url.indexOf("#"), path = hash < 0 ? url : url.slice(0, hash);
    return path + "?q=" + encodeURIComponent(query.trim()) + (hash < 0 ? "" : url.slice(hash));
  }

  function highlightQueryWords() {
    var query = null;
    try { query = new URLSearchParams(location.search).get("q"); } catch (e) { /* old browser */ }
    var body = d.querySelector(".page-body");
    var toks = query ? tokens(query) : [];
    if (!body || !toks.length) return;
    var exact = new Set(toks.map(function (t) { return t.text; }));
    var prefix = toks[toks.length - 1].text; // the last word may have been unfinished
    var walker = d.createTreeWalker(body, NodeFilter.SHOW_TEXT), nodes = [], node;
    while ((node = walker.nextNode())) nodes.push(node);
    var budget = 200, first = null;
    nodes.forEach(function (text) {
      if (budget <= 0 || !text.nodeValue.trim() || text.parentNode.closest("script, style, mark")) return;
      var value = text.nodeValue, chars = Array.from(value);
      // Ranges are only usable when folding and lowercasing kept every character in place.
      if (Array.from(fold(value).toLowerCase()).length !== chars.length) return;
      var hits = tokens(value).filter(function (t) {
        return exact.has(t.text) || (prefix.length > 1 && t.text.lastIndexOf(prefix, 0) === 0);
      });
      if (!hits.length) return;
      var frag = d.createDocumentFragment(), at = 0;
      hits.forEach(function (t) {
        if (t.start < at || budget-- <= 0) return;
        frag.appendChild(d.createTextNode(chars.slice(at, t.start).join("")));
        var m = d.createElement("mark");
        m.className = "search-hit";
        m.textContent = chars.slice(t.start, t.end).join("");
        frag.appendChild(m);
        first = first || m;
        at = t.end;
      });
      frag.appendChild(d.createTextNode(chars.slice(at).join("")));
      text.parentNode.replaceChild(frag, text);
    });
    // Without an anchor to land on, show the first match.
    if (first && !location.hash && first.scrollIntoView) first.scrollIntoView({ block: "center" });
  }
  highlightQueryWords();

  /* ---------- the search box ---------- */

  var box = d.querySelector(".search");
  if (!box) return;
  var input = box.querySelector(".search-input");
  var list = box.querySelector(".search-results");
  box.hidden = false;
  var results = [], active = -1, pending = 0, timer = 0;
  // The box asks for what it shows first, and for the rest (up to 20) when
  // the reader scrolls the list or moves past its end: a query loads only
  // the text of the results seen.
  var FIRST = 8, shownQuery = "", more = false;

  function open(show) {
    list.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
    box.classList.toggle("is-open", show);
  }
  function setActive(n) {
    var items = list.querySelectorAll(".search-result");
    if (!items.length) { active = -1; return; }
    active = (n + items.length) % items.length;
    items.forEach(function (el, i) { el.setAttribute("aria-selected", i === active ? "true" : "false"); });
    var el = items[active];
    input.setAttribute("aria-activedescendant", el.id);
    if (el.scrollIntoView) el.scrollIntoView({ block: "nearest" });
  }
  function render(query, keep) {
    var was = keep ? active : -1, top = list.scrollTop;
    list.textContent = "";
    input.removeAttribute("aria-activedescendant");
    active = -1;
    if (!results.length) {
      var none = d.createElement("p");
      none.className = "search-empty";
      none.textContent = T.none;
      list.appendChild(none);
    }
    results.forEach(function (r, i) {
      var a = d.createElement("a");
      a.className = "search-result";
      a.id = "search-result-" + i;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.href = (root || "./") + withQuery(r.url, query); // `./`: a page path never reads as a scheme
      var crumbs = r.breadcrumbs.slice();
      if (crumbs[crumbs.length - 1] === r.title) crumbs.pop();
      a.innerHTML =
        (crumbs.length ? '<span class="search-crumbs">' + crumbs.map(escapeHtml).join(" › ") + "</span>" : "") +
        '<span class="search-title">' + escapeHtml(r.title) + "</span>" +
        (r.excerpt ? '<span class="search-excerpt">' + r.excerpt + "</span>" : "");
      a.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
      a.addEventListener("click", function () { open(false); });
      list.appendChild(a);
    });
    open(query.length > 0);
    if (keep) { list.scrollTop = top; if (was >= 0) setActive(was); }
  }
  function run() {
    var query = input.value;
    var ticket = ++pending;
    if (!query.trim()) { results = []; more = false; open(false); return; }
    search(query, { limit: FIRST }).then(function (r) {
      if (ticket !== pending) return;
      results = r;
      shownQuery = query;
      more = r.length === FIRST;
      render(query);
    }, function () {
      if (ticket !== pending) return;
      list.innerHTML = '<p class="search-empty">' + escapeHtml(T.failed) + "</p>";
      open(true);
    });
  }

  /** The rest of the results, after those shown (kept in their places). */
  function showMore() {
    if (!more || list.hidden) return;
    more = false;
    var ticket = pending, query = shownQuery;
    search(query, { limit: 20 }).then(function (r) {
      if (ticket !== pending || query !== input.value) return;
      var seen = new Set(results.map(function (x) { return x.url; }));
      results = results.concat(r.filter(function (x) { return !seen.has(x.url); }));
      render(query, true);
    }, function () { /* the results shown stay */ });
  }
  list.addEventListener("scroll", function () {
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 80) showMore();
  });

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 40); });
  input.addEventListener("focus", function () { load().catch(function () {}); if (input.value.trim() && list.childNodes.length) open(true); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (list.hidden) run();
      else { if (active >= results.length - 2) showMore(); setActive(active + 1); }
    } else if (e.key === "PageDown" || e.key === "End") {
      if (!list.hidden) showMore();
    } else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Enter") {
      var items = list.querySelectorAll(".search-result");
      var target = items[active >= 0 ? active : 0];
      if (target && !list.hidden) { e.preventDefault(); open(false); target.click(); }
    } else if (e.key === "Escape") {
      e.preventDefault();
      // A search still on its way must not open the list after Escape.
      clearTimeout(timer); ++pending;
      if (!list.hidden) open(false);
      else { input.value = ""; input.blur(); }
    }
  });
  d.addEventListener("click", function (e) { if (!box.contains(e.target) && !searchButton(e.target)) open(false); });

  // GitBook's `<button data-action="search" data-query="…">` opens the search
  // with its query. The page is built with them disabled: they work only here.
  function searchButton(el) { return el && el.closest ? el.closest('button[data-action="search"]') : null; }
  d.querySelectorAll('button[data-action="search"]').forEach(function (b) { b.disabled = false; });
  d.addEventListener("click", function (e) {
    var b = searchButton(e.target);
    if (!b) return;
    e.preventDefault();
    input.value = b.getAttribute("data-query") || "";
    input.focus();
    run();
  });
  d.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    var k = e.key;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (k === "k" || k === "K")) {
      e.preventDefault(); input.focus(); input.select();
    } else if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && (k === "/" || k === "s")) {
      e.preventDefault(); input.focus(); input.select();
    }
  });
})();
