//! Highlighting engines timed on the same code (issue 29 §1).
//!
//! 1. Load the samples: the fenced code blocks of a generated space
//!    (`examples/gen-space.rs`) and the snippets in `snippets/`, one file per
//!    language named by its fence token.
//! 2. For each engine compiled in (cargo features `syntect`, `arborium`):
//!    time the first highlight of each language (grammar
//!    loading), then highlight each language's samples for a while, and
//!    report MB/s (median of rounds), per language and over the whole set.
//! 3. With `--html DIR`, write each engine's HTML of each snippet, to read
//!    what it gets wrong.
//!
//! ```sh
//! cargo run --release -- --space ../../target/bench/space-1000 --snippets snippets
//! cargo run --release --features arborium -- --snippets snippets --html /tmp/hl
//! ```
//!
//! giallo is not among the engines: it is licensed EUPL-1.2 (copyleft).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod engines;

/// Code of one language, from one source.
struct Sample {
    lang: String,
    code: String,
}

/// How long each language is highlighted per round, and how many rounds.
const ROUND: Duration = Duration::from_millis(200);
const ROUNDS: usize = 3;

fn main() {
    let args = Args::parse();
    let mut samples = Vec::new();
    if let Some(space) = &args.space {
        samples.extend(space_blocks(space));
    }
    if let Some(dir) = &args.snippets {
        samples.extend(snippets(dir));
    }
    if samples.is_empty() {
        eprintln!("no samples: pass --space DIR and/or --snippets DIR");
        std::process::exit(2);
    }
    let by_lang = group(samples);
    for mut engine in engines::all() {
        report(engine.as_mut(), &by_lang, args.html.as_deref());
    }
}

struct Args {
    space: Option<PathBuf>,
    snippets: Option<PathBuf>,
    html: Option<PathBuf>,
}

impl Args {
    fn parse() -> Args {
        let mut args = Args {
            space: None,
            snippets: None,
            html: None,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next().map(PathBuf::from);
            match flag.as_str() {
                "--space" => args.space = value,
                "--snippets" => args.snippets = value,
                "--html" => args.html = value,
                _ => {
                    eprintln!("usage: highlight-bench [--space DIR] [--snippets DIR] [--html DIR]");
                    std::process::exit(2);
                }
            }
        }
        args
    }
}

/// The fenced blocks of every page of a space, by their fence's language.
fn space_blocks(space: &Path) -> Vec<Sample> {
    let mut samples = Vec::new();
    for path in markdown_files(space) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut open: Option<Sample> = None;
        for line in text.lines() {
            let trimmed = line.trim_start();
            match open.take() {
                None => {
                    if let Some(lang) = trimmed.strip_prefix("```") {
                        let lang = lang.split_whitespace().next().unwrap_or("");
                        if !lang.is_empty() {
                            open = Some(Sample {
                                lang: lang.to_string(),
                                code: String::new(),
                            });
                        }
                    }
                }
                Some(sample) if trimmed == "```" => samples.push(sample),
                Some(mut sample) => {
                    sample.code.push_str(line);
                    sample.code.push('\n');
                    open = Some(sample);
                }
            }
        }
    }
    samples
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `snippets/<fence token>.txt`, one per language.
fn snippets(dir: &Path) -> Vec<Sample> {
    let mut samples: Vec<Sample> = files_with_extension(dir, "txt")
        .into_iter()
        .map(|path| Sample {
            lang: path.file_stem().unwrap().to_string_lossy().into_owned(),
            code: std::fs::read_to_string(&path).expect("readable snippet"),
        })
        .collect();
    samples.sort_by(|a, b| a.lang.cmp(&b.lang));
    samples
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable snippets folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

fn group(samples: Vec<Sample>) -> BTreeMap<String, Vec<String>> {
    let mut by_lang: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for sample in samples {
        by_lang.entry(sample.lang).or_default().push(sample.code);
    }
    by_lang
}

/// First-highlight time and MB/s of one engine, per language and overall.
fn report(
    engine: &mut dyn engines::Engine,
    by_lang: &BTreeMap<String, Vec<String>>,
    html: Option<&Path>,
) {
    let started = Instant::now();
    engine.load();
    println!(
        "\n{}: loaded in {:.1} ms",
        engine.name(),
        ms(started.elapsed())
    );
    println!(
        "  {:<14} {:>8} {:>10} {:>9}",
        "language", "KB", "first ms", "MB/s"
    );
    let (mut bytes, mut time) = (0usize, 0.0);
    let mut missing = Vec::new();
    for (lang, codes) in by_lang {
        let size: usize = codes.iter().map(String::len).sum();
        let started = Instant::now();
        let first = engine.highlight(lang, &codes[0]);
        let first_time = started.elapsed();
        let Some(first) = first else {
            missing.push(lang.as_str());
            println!(
                "  {lang:<14} {:>8.1} {:>10} {:>9}",
                size as f64 / 1e3,
                "-",
                "not covered"
            );
            continue;
        };
        if let Some(dir) = html {
            write_html(dir, engine.name(), lang, &first);
        }
        let per_byte = median_time_per_byte(engine, lang, codes, size);
        bytes += size;
        time += per_byte * size as f64;
        let rate = 1.0 / per_byte / 1e6;
        println!(
            "  {lang:<14} {:>8.1} {:>10.2} {:>9.2}",
            size as f64 / 1e3,
            ms(first_time),
            rate
        );
    }
    let overall = bytes as f64 / time / 1e6;
    println!(
        "  {:<14} {:>8.1} {:>10} {:>9.2}",
        "all covered",
        bytes as f64 / 1e3,
        "",
        overall
    );
    if !missing.is_empty() {
        println!("  not covered: {}", missing.join(", "));
    }
}

/// Median over ROUNDS of the seconds per byte of highlighting `codes`
/// again and again for ROUND.
fn median_time_per_byte(
    engine: &mut dyn engines::Engine,
    lang: &str,
    codes: &[String],
    size: usize,
) -> f64 {
    let mut rounds: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            let mut passes = 0u32;
            while passes == 0 || started.elapsed() < ROUND {
                for code in codes {
                    std::hint::black_box(engine.highlight(lang, code));
                }
                passes += 1;
            }
            started.elapsed().as_secs_f64() / passes as f64 / size.max(1) as f64
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds[ROUNDS / 2]
}

fn write_html(dir: &Path, engine: &str, lang: &str, html: &str) {
    let dir = dir.join(engine);
    std::fs::create_dir_all(&dir).expect("writable --html folder");
    let page = format!("<!doctype html><meta charset=utf-8><pre><code>{html}</code></pre>\n");
    std::fs::write(
        dir.join(format!("{}.html", lang.replace(['/', '#'], "_"))),
        page,
    )
    .expect("writable --html folder");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
