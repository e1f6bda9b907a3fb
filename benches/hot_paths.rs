//! Micro-benchmarks of the hot paths, on the seed excerpts of `fixtures/extract/`.
//!
//! ```sh
//! cargo bench --bench hot_paths                 # everything, about a minute
//! cargo bench --bench hot_paths -- extract      # only the benchmarks whose path matches
//! ```
//!
//! Each benchmark reports time per call and throughput in bytes of the input document(s)
//! (for catalog loading: bytes of the rule files). The groups follow the pipeline:
//!
//! - `normalize::{text,markdown,html}`: `normalize::normalize` on each excerpt of that format;
//! - `extract`: `extract_document` (normalize + extract + attribute) on each excerpt;
//! - `check_one`: `check_one` (extract + the rules of one document + statements);
//! - `batch::check_documents`: `check_documents` on 50 documents (the excerpts, repeated),
//!   on the global rayon pool, so on every core;
//! - `batch::cross_check`: only the part across documents (grouping the statements,
//!   conflicts, findings), on the same 50 documents already checked one by one;
//! - `catalog_load`: `Catalog::load(&[])`, the embedded rules parsed and validated: the
//!   start-up cost of every run.
//!
//! `scripts/bench-speed` measures the whole binary on a generated corpus; these isolate the
//! stages so a change to one can be measured on its own.

use divan::Bencher;
use divan::counter::BytesCount;
use emcheck::catalog::Catalog;
use emcheck::normalize::Format;
use emcheck::source::Document;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// The seed excerpts, by file name, per format.
const TEXT: &[&str] = &["seed-000-jiemian.txt", "seed-001-magazine.txt"];
const MARKDOWN: &[&str] = &["draft-emissions.md", "english-brief.md"];
const HTML: &[&str] = &[
    "seed-002-rfi.html",
    "seed-003-nyt.html",
    "seed-004-voa.html",
];
/// Every excerpt: the arguments of the benchmarks that take any format.
const ALL: &[&str] = &[
    "seed-000-jiemian.txt",
    "seed-001-magazine.txt",
    "draft-emissions.md",
    "english-brief.md",
    "seed-002-rfi.html",
    "seed-003-nyt.html",
    "seed-004-voa.html",
];
/// Documents in the batch of the cross-article benchmarks.
const BATCH: usize = 50;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/extract")
}

/// One excerpt as a document, its format from its extension, as `emcheck` reads a file.
fn document(name: &str) -> Document {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let format = Format::from_extension(ext)
        .unwrap_or_else(|| panic!("{name}: no format for extension {ext:?}"));
    Document {
        name: path.display().to_string(),
        text,
        format,
    }
}

/// The embedded catalog, loaded once.
fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let (catalog, errors) = Catalog::load(&[]);
        catalog.unwrap_or_else(|| panic!("the embedded rules do not load: {errors:?}"))
    })
}

/// `BATCH` documents cycling through the excerpts, each under its own name.
fn batch() -> Vec<Document> {
    let docs: Vec<Document> = ALL.iter().map(|n| document(n)).collect();
    (0..BATCH)
        .map(|i| {
            let d = &docs[i % docs.len()];
            Document {
                name: format!("batch/{i:03}-{}", ALL[i % ALL.len()]),
                text: d.text.clone(),
                format: d.format,
            }
        })
        .collect()
}

fn batch_bytes(docs: &[Document]) -> usize {
    docs.iter().map(|d| d.text.len()).sum()
}

mod normalize {
    //! `normalize::normalize`: markup masked, offsets kept.
    use super::*;

    fn run(bencher: Bencher, name: &str) {
        let doc = document(name);
        bencher
            .counter(BytesCount::of_str(&doc.text))
            .bench(|| emcheck::normalize::normalize(divan::black_box(&doc.text), doc.format));
    }

    #[divan::bench(name = "text", args = TEXT)]
    fn text(bencher: Bencher, name: &str) {
        run(bencher, name);
    }

    #[divan::bench(name = "markdown", args = MARKDOWN)]
    fn markdown(bencher: Bencher, name: &str) {
        run(bencher, name);
    }

    #[divan::bench(name = "html", args = HTML)]
    fn html(bencher: Bencher, name: &str) {
        run(bencher, name);
    }
}

/// `extract_document`: normalize, scan numerals, units, hedges and dates, attribute.
#[divan::bench(args = ALL)]
fn extract(bencher: Bencher, name: &str) {
    let doc = document(name);
    let catalog = catalog();
    bencher
        .counter(BytesCount::of_str(&doc.text))
        .bench(|| emcheck::extract_document(divan::black_box(&doc), None, catalog));
}

/// `check_one`: extraction, the rules of one document, and its statements.
#[divan::bench(args = ALL)]
fn check_one(bencher: Bencher, name: &str) {
    let doc = document(name);
    let catalog = catalog();
    let options = emcheck::check::Options::default();
    bencher
        .counter(BytesCount::of_str(&doc.text))
        .bench(|| emcheck::check_one(divan::black_box(&doc), None, catalog, &options));
}

mod batch {
    //! Fifty documents checked against each other.
    use super::*;

    /// `check_documents`: each document on its own (in parallel), then across documents.
    #[divan::bench(sample_count = 30)]
    fn check_documents(bencher: Bencher) {
        let docs = batch();
        let catalog = catalog();
        let options = emcheck::check::Options::default();
        bencher
            .counter(BytesCount::new(batch_bytes(&docs)))
            .bench(|| emcheck::check_documents(divan::black_box(&docs), None, catalog, &options));
    }

    /// `cross_check` alone: the statements of documents already checked one by one, grouped
    /// by subject and value, conflicts settled, findings added.
    #[divan::bench(sample_count = 30)]
    fn cross_check(bencher: Bencher) {
        let docs = batch();
        let catalog = catalog();
        let options = emcheck::check::Options::default();
        let checked: Vec<emcheck::Checked> = docs
            .iter()
            .map(|d| emcheck::check_one(d, None, catalog, &options))
            .collect();
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        let catalogs = vec![catalog; docs.len()];
        bencher
            .counter(BytesCount::new(batch_bytes(&docs)))
            .with_inputs(|| checked.clone())
            .bench_local_refs(|checked| {
                emcheck::cross_check(&names, checked, Vec::new(), &catalogs);
            });
    }
}

/// `Catalog::load(&[])`: the embedded rules parsed, validated and indexed, as at the start of
/// every run. Bytes are those of `rules/`.
#[divan::bench(sample_count = 20)]
fn catalog_load(bencher: Bencher) {
    fn dir_bytes(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|entry| {
                let entry = entry.expect("directory entry");
                let meta = entry.metadata().expect("metadata");
                if meta.is_dir() {
                    dir_bytes(&entry.path())
                } else {
                    meta.len()
                }
            })
            .sum()
    }
    let bytes = dir_bytes(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"));
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| Catalog::load(divan::black_box(&[])));
}
