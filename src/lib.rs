//! emcheck: a fact-check validator for emissions figures in news text.
//!
//! Data flow: `source` (paths, stdin, JSON Lines → decoded `Document`s) → `normalize`
//! (markup masked, offsets kept) → `extract` (numerals + units + hedges → `Claim`s with spans
//! into the original) → `report` (human, json, jsonl). See README.md, section Architecture.
//!
//! Library code never prints; `main.rs` and the reporters write output.

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod audit;
pub mod baseline;
pub mod catalog;
pub mod check;
pub mod chunks;
pub mod claim;
pub mod config;
pub mod consistency;
pub mod extract;
pub mod finding;
pub mod ledger;
pub mod normalize;
pub mod numerals;
pub mod report;
pub mod source;
pub mod spill;
pub mod suppress;
#[cfg(test)]
mod test_rng;
pub mod vocab;

use claim::{Claim, PartialDate};
use source::Document;

/// What extraction found in one document.
#[derive(Clone, Debug)]
pub struct Extraction {
    /// The claims, in text order, with spans into `Document::text`.
    pub claims: Vec<Claim>,
    /// The article's own date, from its metadata or the caller.
    pub article_date: Option<PartialDate>,
}

/// Documents longer than this are read in parts of about this size, split at paragraph
/// breaks, so memory follows the part and not the document (a 50 MB scraped dump holds about
/// a million and a half claims). Figures never straddle a paragraph break.
pub const PART_BYTES: usize = 1 << 20;

/// The byte ranges of `text` read one at a time: the whole text when it is at most
/// `PART_BYTES` long, else consecutive ranges that end at a paragraph break (a blank line, else
/// a line end; in HTML after a closing block tag) at or after each `PART_BYTES`.
pub fn parts(text: &str, format: normalize::Format) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    while text.len() - start > PART_BYTES {
        let from = start + PART_BYTES;
        let rest = &text.as_bytes()[from..];
        let cut = match format {
            normalize::Format::Html => ["</p>", "</div>", "</li>", "</tr>", "</h"]
                .iter()
                .filter_map(|tag| {
                    memchr::memmem::find(rest, tag.as_bytes()).map(|i| {
                        // After the whole closing tag.
                        let close = rest[i..].iter().position(|&b| b == b'>').unwrap_or(0);
                        i + close + 1
                    })
                })
                .min(),
            _ => memchr::memmem::find(rest, b"\n\n")
                .map(|i| i + 2)
                .filter(|&i| i <= PART_BYTES)
                .or_else(|| memchr::memchr(b'\n', rest).map(|i| i + 1)),
        };
        let Some(cut) = cut else { break };
        ranges.push(start..from + cut);
        start = from + cut;
    }
    ranges.push(start..text.len());
    ranges
}

/// Normalizes, extracts and attributes one document part by part (see `parts`), calling
/// `each` with the claims of each part in text order (spans into `Document::text`) and the
/// article date in effect: the one found in the first part, or `article_date`, which overrides
/// it. Returns that date.
pub fn extract_parts(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    each: &mut dyn FnMut(Vec<Claim>, Option<PartialDate>),
) -> Option<PartialDate> {
    for_parts(
        doc,
        article_date,
        catalog,
        |claims, date| (claims, date),
        &mut |(claims, date)| each(claims, date),
    )
}

/// Reads a document part by part and runs `work` on each part's claims and the article date
/// in effect; `each` gets the results in text order. The first part is read first (it may
/// state the article date); the others are read several at a time on all cores, as many as
/// there are threads, so memory holds a few parts whatever the document's size.
fn for_parts<T: Send>(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    work: impl Fn(Vec<Claim>, Option<PartialDate>) -> T + Sync,
    each: &mut dyn FnMut(T),
) -> Option<PartialDate> {
    use rayon::prelude::*;
    let read = |range: std::ops::Range<usize>, date: Option<PartialDate>| {
        let (claims, date, _) = read_part(doc, range, date, catalog);
        (claims, date)
    };
    let mut ranges = parts(&doc.text, doc.format).into_iter();
    let first = ranges.next().expect("parts gives at least one range");
    let (claims, date) = read(first, article_date);
    each(work(claims, date));
    let rest: Vec<_> = ranges.collect();
    for group in rest.chunks(rayon::current_num_threads().max(1)) {
        let results: Vec<T> = group
            .par_iter()
            .map(|range| {
                let (claims, _) = read(range.clone(), date);
                work(claims, date)
            })
            .collect();
        results.into_iter().for_each(&mut *each);
    }
    date
}

/// Normalizes and extracts the part `range` of a document (`parts`), with spans into the
/// whole text; gives its claims, the article date in effect and the part's line starts when
/// normalizing found them (`Normalized::line_starts`: plain text; else empty). The first part
/// keeps the date it states unless the caller gives one (`date`); the others take the first
/// part's (a dateline deep inside a dump is no article date).
fn read_part(
    doc: &Document,
    range: std::ops::Range<usize>,
    date: Option<PartialDate>,
    catalog: &catalog::Catalog,
) -> (Vec<Claim>, Option<PartialDate>, Vec<usize>) {
    let mut normalized = normalize::normalize(&doc.text[range.clone()], doc.format);
    if range.start > 0 || date.is_some() {
        normalized.article_date = date;
    }
    let date = normalized.article_date;
    let mut claims = extract::extract(&normalized, catalog);
    if range.start > 0 {
        for c in &mut claims {
            c.span = c.span.start + range.start..c.span.end + range.start;
        }
    }
    (claims, date, normalized.line_starts)
}

/// Normalizes, extracts and attributes one document. `article_date` overrides the date found
/// in the document (used for missing years and relative periods).
pub fn extract_document(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
) -> Extraction {
    let mut claims = Vec::new();
    let article_date = extract_parts(doc, article_date, catalog, &mut |mut part, _| {
        claims.append(&mut part)
    });
    Extraction {
        claims,
        article_date,
    }
}

/// What checking one document gives: its findings and the statements other documents are
/// compared with.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Findings of the rules that look at one document, sorted by position then rule.
    pub findings: Vec<finding::Finding>,
    /// What the document states that other documents may contradict.
    pub statements: Vec<consistency::Statement>,
    /// The article's date, from its metadata or the caller.
    pub article_date: Option<PartialDate>,
    /// The claims, for reports that show them (`check_one`; empty after `check_parts`).
    pub claims: Vec<Claim>,
    /// How many claims the document has.
    pub claim_count: usize,
    /// Where each line of the text starts (`report::line_starts`), as the statements were
    /// placed with, for a reporter of the same text to place findings with; empty for a text
    /// of over 1 MiB (read in parts: its starts are not kept past checking it, for memory).
    pub line_starts: Vec<usize>,
}

/// One part of a document as `check_parts` hands it over, in document order.
pub struct CheckedPart<'a> {
    /// The part's claims.
    pub claims: Vec<Claim>,
    /// The findings on them. Those left here are kept in `Checked::findings`; a caller that
    /// takes them (`audit` turns them into report rows at once) keeps a long document's
    /// findings from piling up.
    pub findings: &'a mut Vec<finding::Finding>,
    /// The part's statements (also kept in `Checked::statements`).
    pub statements: &'a [consistency::Statement],
    /// Where each line of the whole document starts (`report::line_starts`), to place them.
    pub line_starts: &'a [usize],
}

/// Extracts and checks one document part by part (see `parts`): the rules that look at one
/// document run on each part's claims (every check looks at most `check::NEAR` bytes around a
/// figure, and parts end at paragraph breaks). `each` sees each part's claims with the
/// findings on them (a `CheckedPart`); the claims are not kept, so memory follows the part.
pub fn check_parts(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
    each: &mut dyn FnMut(CheckedPart<'_>),
) -> Checked {
    // Line numbers of statements count from the top of the document, whichever part they are in.
    let line_starts = report::line_starts(&doc.text);
    let mut gathered = Gathered::default();
    let article_date = for_parts(
        doc,
        article_date,
        catalog,
        |claims, date| check_part(doc, &line_starts, claims, date, catalog, options),
        &mut |part| gathered.add(part, &line_starts, each),
    );
    gathered.finish(doc, article_date, line_starts)
}

/// A document of one part (see `parts`) normalized and extracted by `extract_whole`, waiting
/// to be checked by `check_extracted`.
pub struct Extracted {
    claims: Vec<Claim>,
    article_date: Option<PartialDate>,
    /// The text's `report::line_starts` when normalizing found them (plain text), else empty.
    line_starts: Vec<usize>,
}

/// Normalizes and extracts a document that `parts` reads in one part (at most `PART_BYTES`)
/// as `check_parts` does, for `check_extracted` to check later: so that a caller can extract
/// several documents one after another before checking them, each step's code and tables
/// staying warm. `None` for a longer document, which `check_parts` reads part by part.
pub fn extract_whole(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
) -> Option<Extracted> {
    // `parts` gives the one range `0..len` for such a text, and `for_parts` reads it so.
    if doc.text.len() > PART_BYTES {
        return None;
    }
    let (claims, article_date, line_starts) =
        read_part(doc, 0..doc.text.len(), article_date, catalog);
    Some(Extracted {
        claims,
        article_date,
        line_starts,
    })
}

/// Checks a document extracted by `extract_whole` (with the same catalog): what `check_parts`
/// gives for it, `each` seeing its one part.
pub fn check_extracted(
    doc: &Document,
    extracted: Extracted,
    catalog: &catalog::Catalog,
    options: &check::Options,
    each: &mut dyn FnMut(CheckedPart<'_>),
) -> Checked {
    let Extracted {
        claims,
        article_date,
        line_starts,
    } = extracted;
    // A plain text's line starts were found reading it (`Normalized::line_starts`).
    let line_starts = if line_starts.is_empty() {
        report::line_starts(&doc.text)
    } else {
        line_starts
    };
    let mut gathered = Gathered::default();
    let part = check_part(doc, &line_starts, claims, article_date, catalog, options);
    gathered.add(part, &line_starts, each);
    gathered.finish(doc, article_date, line_starts)
}

/// A part's claims with their findings and statements (`check_part`).
type PartChecked = (
    Vec<Claim>,
    Vec<finding::Finding>,
    Vec<consistency::Statement>,
);

/// Runs the rules that look at one document on a part's claims and makes its statements.
fn check_part(
    doc: &Document,
    line_starts: &[usize],
    claims: Vec<Claim>,
    date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
) -> PartChecked {
    let ctx = check::Context {
        text: &doc.text,
        claims: &claims,
        article_date: date,
        catalog,
    };
    let found = check::check(&ctx, options);
    let stated = consistency::statements::statements(&doc.text, line_starts, &claims, catalog);
    (claims, found, stated)
}

/// The findings and statements of a document's parts, gathered in text order.
#[derive(Default)]
struct Gathered {
    findings: Vec<finding::Finding>,
    statements: Vec<consistency::Statement>,
    claim_count: usize,
}

impl Gathered {
    /// Hands a part to `each`, then keeps its findings (those `each` left) and statements.
    fn add(
        &mut self,
        (claims, mut found, stated): PartChecked,
        line_starts: &[usize],
        each: &mut dyn FnMut(CheckedPart<'_>),
    ) {
        self.claim_count += claims.len();
        each(CheckedPart {
            claims,
            findings: &mut found,
            statements: &stated,
            line_starts,
        });
        // Exact sizes: a long document's parts add up to large vectors that doubling would
        // leave half empty.
        self.statements.reserve_exact(stated.len());
        self.statements.extend(stated);
        self.findings.reserve_exact(found.len());
        self.findings.append(&mut found);
    }

    fn finish(
        self,
        doc: &Document,
        article_date: Option<PartialDate>,
        line_starts: Vec<usize>,
    ) -> Checked {
        Checked {
            findings: self.findings,
            statements: self.statements,
            article_date,
            claims: Vec::new(),
            claim_count: self.claim_count,
            line_starts: if doc.text.len() <= PART_BYTES {
                line_starts
            } else {
                Vec::new()
            },
        }
    }
}

/// Extracts and checks one document on its own, keeping its claims.
pub fn check_one(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
) -> Checked {
    let mut claims = Vec::new();
    let mut checked = check_parts(doc, article_date, catalog, options, &mut |mut part| {
        claims.append(&mut part.claims)
    });
    checked.claims = claims;
    checked
}

/// Extracts and checks one document: the findings of every rule of the catalog, sorted by
/// position then rule. Rules across documents need `check_documents`.
pub fn check_document(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
) -> Vec<finding::Finding> {
    check_one(doc, article_date, catalog, options).findings
}

/// Adds to each checked document the findings of the rules across documents: its statements
/// against those of the other documents and of `published` (ledger entries, which get no
/// findings themselves). `catalogs[i]` holds the rules of document `i` (configs may select
/// different rules). Findings stay sorted by position then rule.
pub fn cross_check(
    names: &[&str],
    checked: &mut [Checked],
    published: Vec<(consistency::Source, Vec<consistency::Statement>)>,
    catalogs: &[&catalog::Catalog],
) {
    let mut batch = consistency::Batch::new();
    for (source, statements) in &published {
        batch.add(source.clone(), statements);
    }
    let ids: Vec<usize> = names
        .iter()
        .zip(checked.iter())
        .map(|(name, c)| {
            let source = consistency::Source {
                name: (*name).to_owned(),
                date: None,
            };
            batch.add(source, &c.statements)
        })
        .collect();
    batch.settle();
    for ((id, c), catalog) in ids.into_iter().zip(checked.iter_mut()).zip(catalogs) {
        let extra = batch.findings(id, &c.statements, catalog);
        if extra.is_empty() {
            continue;
        }
        c.findings.extend(extra);
        c.findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
    }
}

/// Checks documents on their own (in parallel) and against each other; one list of findings
/// per document, in the order given.
pub fn check_documents(
    docs: &[Document],
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
) -> Vec<Vec<finding::Finding>> {
    use rayon::prelude::*;
    let mut checked: Vec<Checked> = docs
        .par_iter()
        .map(|d| check_one(d, article_date, catalog, options))
        .collect();
    let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    cross_check(&names, &mut checked, Vec::new(), &vec![catalog; docs.len()]);
    checked.into_iter().map(|c| c.findings).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use normalize::Format;

    #[test]
    fn parts_end_at_paragraph_breaks_and_cover_the_text() {
        let para = "2022年，中国温室气体排放总量为139亿吨二氧化碳当量。\n\n";
        let text = para.repeat(3 * PART_BYTES / para.len());
        let ranges = parts(&text, Format::Text);
        assert!(ranges.len() >= 3, "{} parts", ranges.len());
        assert_eq!(ranges.first().unwrap().start, 0);
        assert_eq!(ranges.last().unwrap().end, text.len());
        for w in ranges.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(text[..w[0].end].ends_with("\n\n"));
        }
        let html = "<p>排放139亿吨。</p>\n".repeat(2 * PART_BYTES / 20);
        for r in parts(&html, Format::Html).iter().take(1) {
            assert!(
                html[..r.end].ends_with("</p>"),
                "{:?}",
                &html[r.end - 8..r.end]
            );
        }
    }

    #[test]
    fn later_parts_take_the_first_parts_article_date() {
        // A dateline at the top of a later part is no article date of the document: the
        // year of a date written without one is not taken from it.
        let tail = "2019-05-01\n\n代表团抵达。\n\n会议于11月9日举行。\n";
        let doc = |text: String| Document {
            name: "dump.txt".into(),
            text,
            format: Format::Text,
        };
        let year = |d: &Document| {
            let x = extract_document(d, None, catalog::Catalog::builtin());
            let c = x
                .claims
                .iter()
                .find(|c| &d.text[c.span.clone()] == "11月9日")
                .expect("the date");
            let year = match &c.value {
                Some(claim::Value::Date(date)) => date.year,
                _ => None,
            };
            (x.article_date.map(|d| d.to_string()), year)
        };
        // On its own, the tail dates itself.
        assert_eq!(
            year(&doc(tail.to_owned())),
            (Some("2019-05-01".into()), Some(2018))
        );
        // As the second part of a long dump without a date, it does not.
        let long = doc(format!("{}\n\n{tail}", "能源".repeat(PART_BYTES / 6 + 1)));
        assert_eq!(parts(&long.text, Format::Text).len(), 2);
        assert_eq!(year(&long), (None, None));
    }

    #[test]
    fn a_document_extracted_first_is_checked_as_check_parts_checks_it() {
        // Every fixture (rule folders, seed excerpts, encodings), with its own article date
        // and with one given, against `check_parts`: findings, statements, date, counts, line
        // starts, and the claims each part hands over.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let docs: Vec<Document> = source::list_paths(&[root])
            .iter()
            .filter_map(|p| p.read().ok())
            .collect();
        assert!(docs.len() > 40, "{} fixtures", docs.len());
        let catalog = catalog::Catalog::builtin();
        let options = check::Options { verified: true };
        let given = PartialDate {
            year: Some(2021),
            month: Some(3),
            day: None,
        };
        let (mut findings, mut statements) = (0, 0);
        for doc in &docs {
            for date in [None, Some(given)] {
                let mut parts_claims = Vec::new();
                let general = check_parts(doc, date, catalog, &options, &mut |p| {
                    parts_claims.push(p.claims)
                });
                let extracted = extract_whole(doc, date, catalog).expect("one part");
                let mut whole_claims = Vec::new();
                let fast = check_extracted(doc, extracted, catalog, &options, &mut |p| {
                    whole_claims.push(p.claims)
                });
                assert_eq!(fast.findings, general.findings, "{}", doc.name);
                assert_eq!(fast.statements, general.statements, "{}", doc.name);
                assert_eq!(fast.article_date, general.article_date, "{}", doc.name);
                assert_eq!(fast.claim_count, general.claim_count, "{}", doc.name);
                assert_eq!(fast.line_starts, general.line_starts, "{}", doc.name);
                assert_eq!(whole_claims, parts_claims, "{}", doc.name);
                findings += fast.findings.len();
                statements += fast.statements.len();
            }
        }
        assert!(findings > 50 && statements > 50, "{findings} {statements}");
        // A document read in parts is left to `check_parts`.
        let long = Document {
            name: "long.txt".into(),
            text: "能源".repeat(PART_BYTES / 6 + 1),
            format: Format::Text,
        };
        assert!(extract_whole(&long, None, catalog).is_none());
        let edge = Document {
            text: "a".repeat(PART_BYTES),
            ..long
        };
        assert!(extract_whole(&edge, None, catalog).is_some());
        assert_eq!(parts(&edge.text, edge.format), vec![0..PART_BYTES]);
    }

    #[test]
    fn a_document_read_in_parts_gives_every_claim_with_its_own_span() {
        let para = "2022年，中国温室气体排放总量为139亿吨二氧化碳当量。\n\n";
        let n = 2 * PART_BYTES / para.len() + 7;
        let doc = Document {
            name: "big.txt".into(),
            text: para.repeat(n),
            format: Format::Text,
        };
        let x = extract_document(&doc, None, catalog::Catalog::builtin());
        let tonnes: Vec<&Claim> = x
            .claims
            .iter()
            .filter(|c| &doc.text[c.span.clone()] == "139亿吨二氧化碳当量")
            .collect();
        assert_eq!(tonnes.len(), n);
        assert!(
            tonnes
                .iter()
                .all(|c| c.subject.entity.as_deref() == Some("china"))
        );
        let checked = check_one(&doc, None, catalog::Catalog::builtin(), &Default::default());
        assert_eq!(checked.claim_count, x.claims.len());
        assert_eq!(checked.claims.len(), x.claims.len());
    }
}
