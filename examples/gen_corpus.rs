//! Builds a corpus of seed-like articles to benchmark `emcheck audit`.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --out DIR --count N [--seed S] [--single-file-mb M]
//! ```
//!
//! The templates are the project's own fixtures: the seed excerpts in `fixtures/extract/`
//! (text, Markdown, HTML) and the `flagged*`/`clean*` articles of the rule folders. Each
//! article takes one template, keeps its format, splices passages of one to three paragraphs
//! from other templates of the same format until it is about 5 KB (no paragraph twice in one
//! article, so Markdown articles, whose fixtures are short, stay nearer 3.5 KB), and varies
//! its figures the way an archive does: a figure is copied right about nine times in ten,
//! otherwise it is written as one of three variants derived from the original (last digit +1,
//! -1, the last two digits swapped, or ±2 where one of those is not possible), so one figure
//! takes at most four values across the corpus. Only numbers directly followed by a unit
//! character (亿 万 吨 % 个 家 倍 …) or written with a decimal point are varied; numbers in
//! tags, URLs, code, front matter, dates, years, ordinals and names (COP28, PM2.5) are left
//! alone.
//!
//! Files go to `DIR/0000/000000.html`, 1,000 to a folder. `--single-file-mb M` also writes
//! `DIR/big.txt`, about M MB (10⁶ bytes) of text templates one after the other. The output
//! depends only on the templates, `--count` and `--seed`. Prints the number of files and
//! bytes written.

use clap::Parser;
use rayon::prelude::*;
use std::fs;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Builds a corpus of seed-like articles from the fixtures")]
struct Args {
    /// Folder to write the corpus into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Number of articles.
    #[arg(long)]
    count: usize,
    /// Seed of the pseudo-random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write DIR/big.txt of about this many MB (10⁶ bytes) of text articles.
    #[arg(long)]
    single_file_mb: Option<f64>,
    /// Print each template's variable figures with their variants, and exit.
    #[arg(long)]
    show_figures: bool,
    /// The fixtures folder holding the templates.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))]
    fixtures: PathBuf,
}

/// Articles per shard folder.
const SHARD: usize = 1000;
/// Size an article is grown to: a target drawn uniformly from this range.
const TARGET_BYTES: Range<usize> = 4096..6144;
/// One figure in ten is written as a variant.
const VARY_ONE_IN: u64 = 10;

// ---------------------------------------------------------------------------------------------
// Pseudo-random numbers

/// The SplitMix64 finalizer: a bijective mix of 64 bits.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    /// An independent stream for item `index` of a run seeded with `seed`.
    fn for_item(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(mix64(
            mix64(seed ^ stream.rotate_left(32)) ^ mix64(index.wrapping_add(1)),
        ))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// A number below `n` (`n > 0`); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ---------------------------------------------------------------------------------------------
// Templates

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    Txt,
    Md,
    Html,
}

impl Format {
    fn from_ext(ext: &str) -> Option<Format> {
        match ext {
            "txt" => Some(Format::Txt),
            "md" => Some(Format::Md),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    fn ext(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
        }
    }

    /// What goes between two spliced paragraphs.
    fn joiner(self) -> &'static str {
        match self {
            Format::Md => "\n\n",
            Format::Txt | Format::Html => "",
        }
    }
}

/// A figure that may be varied: its bytes in the template and the values it may take instead.
struct Site {
    span: Range<usize>,
    variants: Vec<String>,
}

/// Where passages from other templates may go, and what surrounds them there.
struct Insert {
    at: usize,
    before: &'static str,
    after: &'static str,
}

struct Template {
    format: Format,
    text: String,
    /// Variable figures, in text order.
    sites: Vec<Site>,
    /// Paragraphs other articles may borrow, in text order.
    paragraphs: Vec<Range<usize>>,
    /// Places in this template where borrowed passages may go.
    inserts: Vec<Insert>,
    /// End of the article proper (before a trailing "hot news" list).
    body_end: usize,
}

fn load_templates(fixtures: &Path) -> io::Result<Vec<(String, Template)>> {
    let mut paths = Vec::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let seeds = dir.file_name().is_some_and(|n| n == "extract");
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let rule_article = stem.starts_with("flagged") || stem.starts_with("clean");
            if Format::from_ext(ext).is_some() && (seeds || rule_article) {
                paths.push(file);
            }
        }
    }
    let mut templates = Vec::new();
    for path in paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let format = Format::from_ext(ext).expect("filtered above");
        match fs::read_to_string(&path) {
            Ok(text) => templates.push((path.display().to_string(), Template::new(format, text))),
            Err(e) => eprintln!("skipping {}: {e}", path.display()),
        }
    }
    Ok(templates)
}

impl Template {
    fn new(format: Format, text: String) -> Template {
        let sites = find_sites(&text, format);
        let body_end = match format {
            Format::Txt => ["- 最新闻", "最新闻"]
                .iter()
                .find_map(|m| text.find(m))
                .unwrap_or(text.len()),
            _ => text.len(),
        };
        let (paragraphs, inserts) = match format {
            Format::Html => html_layout(&text),
            Format::Md => md_layout(&text),
            Format::Txt => txt_layout(&text, body_end),
        };
        Template {
            format,
            text,
            sites,
            paragraphs,
            inserts,
            body_end,
        }
    }
}

/// HTML: paragraphs are `<p>…</p>` elements; passages go after a `</p>`.
fn html_layout(text: &str) -> (Vec<Range<usize>>, Vec<Insert>) {
    let mut paragraphs = Vec::new();
    let mut inserts = Vec::new();
    let mut from = 0;
    while let Some(open) = find_p_open(text, from) {
        let Some(close) = text[open..].find("</p>").map(|i| open + i + 4) else {
            break;
        };
        // A nested <p> (broken markup) is not a paragraph to borrow.
        if find_p_open(&text[..close], open + 2).is_none() {
            paragraphs.push(open..close);
        }
        inserts.push(Insert {
            at: close,
            before: "",
            after: "",
        });
        from = close;
    }
    if inserts.is_empty() {
        let at = ["</article>", "</body>"]
            .iter()
            .find_map(|m| text.find(m))
            .unwrap_or(text.len());
        inserts.push(Insert {
            at,
            before: "",
            after: "",
        });
    }
    (paragraphs, inserts)
}

fn find_p_open(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(j) = text[i..].find("<p").map(|j| i + j) {
        match bytes.get(j + 2) {
            Some(b'>' | b' ') => return Some(j),
            _ => i = j + 2,
        }
    }
    None
}

/// Markdown: paragraphs are blocks between blank lines, not front matter, headings, code or
/// tables; passages go before a block after the title, or at the end.
fn md_layout(text: &str) -> (Vec<Range<usize>>, Vec<Insert>) {
    let front_end = front_matter_end(text).unwrap_or(0);
    let mut blocks = Vec::new();
    let mut start = None;
    let mut pos = front_end;
    for line in text[front_end..].split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(pos),
            (true, Some(s)) => {
                blocks.push(s..pos);
                start = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        blocks.push(s..text.len());
    }
    let mut paragraphs = Vec::new();
    let mut inserts = Vec::new();
    let mut in_code = false;
    for (i, b) in blocks.iter().enumerate() {
        let block = &text[b.clone()];
        let fences = block.matches("```").count();
        let starts_code = in_code || block.trim_start().starts_with("```");
        if fences % 2 == 1 {
            in_code = !in_code;
        }
        if starts_code {
            continue;
        }
        let first = block.trim_start();
        let prose = !(first.starts_with('#') || first.starts_with('|') || first.starts_with("---"));
        if prose {
            paragraphs.push(b.start..b.start + block.trim_end().len());
        }
        if i > 0 {
            inserts.push(Insert {
                at: b.start,
                before: "",
                after: "\n\n",
            });
        }
    }
    inserts.push(Insert {
        at: text.len(),
        before: if text.ends_with("\n\n") {
            ""
        } else if text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        },
        after: "\n",
    });
    (paragraphs, inserts)
}

/// The end of a `---` front matter block at the start of `text`.
fn front_matter_end(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("---\n")?;
    let close = rest.find("\n---")?;
    let after = 4 + close + 4;
    Some(
        text[after..]
            .find('\n')
            .map_or(text.len(), |i| after + i + 1),
    )
}

/// Plain text: paragraphs are runs of sentences of at least ~200 bytes (a one-line scraped
/// page has no other structure; a PDF dump breaks lines inside sentences); passages go
/// between them, before any trailing "hot news" list.
fn txt_layout(text: &str, body_end: usize) -> (Vec<Range<usize>>, Vec<Insert>) {
    const MIN_PARAGRAPH: usize = 200;
    let body = &text[..body_end];
    let mut ends = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if matches!(c, '。' | '！' | '？') {
            while let Some(&(_, n)) = chars.peek() {
                if matches!(n, '”' | '’' | '」' | '）' | ')' | '\n' | '\r') {
                    chars.next();
                } else {
                    break;
                }
            }
            ends.push(chars.peek().map_or(body.len(), |&(i, _)| i));
        }
    }
    if ends.last() != Some(&body.len()) && !body.trim().is_empty() {
        ends.push(body.len());
    }
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for end in ends {
        if end - start >= MIN_PARAGRAPH || end == body.len() {
            if !text[start..end].trim().is_empty() {
                paragraphs.push(start..end);
            }
            start = end;
        }
    }
    // Passages end their own line (see `Pool::article`); one put in mid-line starts a new one.
    let mut inserts: Vec<Insert> = paragraphs
        .iter()
        .map(|p| Insert {
            at: p.end,
            before: if text[..p.end].ends_with('\n') {
                ""
            } else {
                "\n"
            },
            after: "",
        })
        .collect();
    if inserts.is_empty() {
        inserts.push(Insert {
            at: body_end,
            before: if body_end == 0 || text[..body_end].ends_with('\n') {
                ""
            } else {
                "\n"
            },
            after: "",
        });
    }
    (paragraphs, inserts)
}

// ---------------------------------------------------------------------------------------------
// Figures

/// Characters that, right after a number, make it a figure worth varying.
const UNIT_CHARS: &str = "亿万千百兆吨%％‰℃°摄个家座项倍美欧英元瓦";

fn is_unit_char(c: char) -> bool {
    UNIT_CHARS.contains(c)
}

/// Byte ranges where no figure is varied: tags and comments (HTML), URLs and link targets,
/// code and front matter (Markdown).
fn skip_regions(text: &str, format: Format) -> Vec<Range<usize>> {
    let mut regions = Vec::new();
    let bytes = text.as_bytes();
    if format == Format::Html {
        let mut i = 0;
        while let Some(j) = text[i..].find('<').map(|j| i + j) {
            let end = if text[j..].starts_with("<!--") {
                text[j..].find("-->").map_or(text.len(), |k| j + k + 3)
            } else {
                text[j..].find('>').map_or(text.len(), |k| j + k + 1)
            };
            regions.push(j..end);
            i = end;
        }
    }
    if format == Format::Md {
        if let Some(end) = front_matter_end(text) {
            regions.push(0..end);
        }
        let mut i = 0;
        while let Some(j) = text[i..].find("```").map(|j| i + j) {
            let end = text[j + 3..]
                .find("```")
                .map_or(text.len(), |k| j + 3 + k + 3);
            regions.push(j..end);
            i = end;
        }
        let mut i = 0;
        while let Some(j) = text[i..].find('`').map(|j| i + j) {
            let end = text[j + 1..].find('`').map_or(j + 1, |k| j + 1 + k + 1);
            regions.push(j..end);
            i = end;
        }
    }
    // Link targets `](…)` and bare URLs, in every format (scraped text keeps them).
    let stop = |c: char| {
        c.is_whitespace() || !c.is_ascii() || matches!(c, ')' | ']' | '"' | '\'' | '<' | '>')
    };
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let start = if rest.starts_with(b"](") {
            Some(i + 2)
        } else if rest.starts_with(b"http://")
            || rest.starts_with(b"https://")
            || rest.starts_with(b"www.")
        {
            Some(i)
        } else {
            None
        };
        match start {
            Some(s) => {
                let end = text[s..].find(stop).map_or(text.len(), |k| s + k);
                regions.push(i..end.max(i + 1));
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    regions.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(regions.len());
    for r in regions {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The figures of `text` that may be varied.
fn find_sites(text: &str, format: Format) -> Vec<Site> {
    let regions = skip_regions(text, format);
    let in_region = |i: usize| {
        let k = regions.partition_point(|r| r.start <= i);
        k > 0 && regions[k - 1].contains(&i)
    };
    let bytes = text.as_bytes();
    let mut sites = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // The whole token: digits with dots and commas between digits.
        let start = i;
        let mut end = i;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit()
                || (matches!(bytes[end], b'.' | b',')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
        {
            end += 1;
        }
        i = end;
        let token = &text[start..end];
        if in_region(start) || token.contains(',') || token.matches('.').count() > 1 {
            continue;
        }
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '.' | '#' | '&' | '_' | '/' | ':' | '-' | '+' | '@' | '\\' | '=' | '第'
                )
        }) {
            continue;
        }
        let after = text[end..].chars().next();
        // Times (11:27), dates (2023-11-08, 15/11/2023) and version-like tails.
        if after.is_some_and(|c| matches!(c, ':' | '/' | '-' | '.' | '_')) {
            continue;
        }
        let decimal = token.contains('.');
        let unit = after.is_some_and(is_unit_char);
        let vary = unit || {
            // A decimal number (1.5, 114.7, 36.6 billion), but not 2023.11 or 11.8日.
            let int = token.split('.').next().unwrap_or(token);
            let year_like = int.len() == 4 && (int.starts_with("19") || int.starts_with("20"));
            let date_unit = after.is_some_and(|c| matches!(c, '年' | '月' | '日' | '号' | '时'));
            let letter = after.is_some_and(|c| c.is_ascii_alphabetic() && c != 'C');
            decimal && !year_like && !date_unit && !letter
        };
        if !vary {
            continue;
        }
        let variants = variants(token);
        if !variants.is_empty() {
            sites.push(Site {
                span: start..end,
                variants,
            });
        }
    }
    sites
}

/// Up to three plausible miscopies of `token`, derived from it alone.
fn variants(token: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let candidates = [
        step(token, 1),
        step(token, -1),
        transpose(token),
        step(token, 2),
        step(token, -2),
    ];
    for c in candidates.into_iter().flatten() {
        if c != token && !out.contains(&c) && out.len() < 3 {
            out.push(c);
        }
    }
    out
}

/// `token` with `delta` added in its last place (carry and borrow included); none at or below
/// zero.
fn step(token: &str, delta: i128) -> Option<String> {
    let frac = token.find('.').map_or(0, |d| token.len() - d - 1);
    let digits: String = token.chars().filter(char::is_ascii_digit).collect();
    if digits.len() > 30 {
        return None;
    }
    let n: i128 = digits.parse().ok()?;
    let v = n + delta;
    if v <= 0 {
        return None;
    }
    let mut s = format!("{v:0width$}", width = frac + 1);
    if frac > 0 {
        s.insert(s.len() - frac, '.');
    }
    Some(s)
}

/// `token` with its last two digits swapped, if they differ and no leading zero results.
fn transpose(token: &str) -> Option<String> {
    let b = token.as_bytes();
    let n = b.len();
    if n < 2 || !b[n - 1].is_ascii_digit() || !b[n - 2].is_ascii_digit() || b[n - 1] == b[n - 2] {
        return None;
    }
    let mut s = b.to_vec();
    s.swap(n - 1, n - 2);
    if s[0] == b'0' && s.get(1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    String::from_utf8(s).ok()
}

// ---------------------------------------------------------------------------------------------
// Articles

/// One stretch of an article.
enum Piece<'a> {
    /// Bytes of a template, with its figures varied.
    Copy(&'a Template, Range<usize>),
    Lit(&'static str),
}

/// Writes `t.text[range]` to `out`, each figure kept or (one in ten) replaced by a variant.
fn emit(t: &Template, range: Range<usize>, rng: &mut Rng, out: &mut Vec<u8>) {
    let mut cursor = range.start;
    let first = t.sites.partition_point(|s| s.span.start < range.start);
    for site in &t.sites[first..] {
        if site.span.end > range.end {
            break;
        }
        if rng.next().is_multiple_of(VARY_ONE_IN) {
            out.extend_from_slice(&t.text.as_bytes()[cursor..site.span.start]);
            let v = &site.variants[rng.below(site.variants.len())];
            out.extend_from_slice(v.as_bytes());
            cursor = site.span.end;
        }
    }
    out.extend_from_slice(&t.text.as_bytes()[cursor..range.end]);
}

/// Templates grouped by format, for picking donors.
struct Pool<'a> {
    all: &'a [Template],
    /// Per format, every paragraph that may be borrowed: (template, paragraph index).
    paragraphs: [Vec<(usize, usize)>; 3],
}

impl<'a> Pool<'a> {
    fn new(all: &'a [Template]) -> Pool<'a> {
        let mut paragraphs: [Vec<(usize, usize)>; 3] = Default::default();
        for (i, t) in all.iter().enumerate() {
            for p in 0..t.paragraphs.len() {
                paragraphs[t.format as usize].push((i, p));
            }
        }
        Pool { all, paragraphs }
    }

    /// Article `index`: its format and bytes.
    ///
    /// Passages are picked by paragraph, so long seed excerpts lend more often than one-line
    /// rule fixtures, and no paragraph is used twice in one article.
    fn article(&self, seed: u64, index: u64, out: &mut Vec<u8>) -> Format {
        let mut rng = Rng::for_item(seed, 0, index);
        let host_idx = rng.below(self.all.len());
        let host = &self.all[host_idx];
        let target = TARGET_BYTES.start + rng.below(TARGET_BYTES.len());
        let pool = &self.paragraphs[host.format as usize];
        let mut used: Vec<(usize, usize)> = Vec::new();
        let mut splices: Vec<(usize, Vec<Piece>)> = Vec::new();
        let mut size = host.text.len();
        let mut tries = 0;
        while size < target && !pool.is_empty() && tries < 64 {
            tries += 1;
            let (d, first) = pool[rng.below(pool.len())];
            let donor = &self.all[d];
            let k = (1 + rng.below(3)).min(donor.paragraphs.len() - first);
            if d == host_idx || (first..first + k).any(|p| used.contains(&(d, p))) {
                continue;
            }
            used.extend((first..first + k).map(|p| (d, p)));
            let ins_idx = rng.below(host.inserts.len());
            let ins = &host.inserts[ins_idx];
            let mut pieces = vec![Piece::Lit(ins.before)];
            for (j, p) in donor.paragraphs[first..first + k].iter().enumerate() {
                if j > 0 {
                    pieces.push(Piece::Lit(donor.format.joiner()));
                }
                pieces.push(Piece::Copy(donor, p.clone()));
                size += p.len();
            }
            // A text passage ends its line.
            let last = &donor.paragraphs[first + k - 1];
            if donor.format == Format::Txt && !donor.text[last.clone()].ends_with('\n') {
                pieces.push(Piece::Lit("\n"));
            }
            pieces.push(Piece::Lit(ins.after));
            size += ins.before.len() + ins.after.len();
            splices.push((ins_idx, pieces));
        }
        splices.sort_by_key(|(i, _)| host.inserts[*i].at);
        let mut cursor = 0;
        for (ins_idx, pieces) in splices {
            let at = host.inserts[ins_idx].at;
            emit(host, cursor..at, &mut rng, out);
            cursor = at;
            for piece in pieces {
                match piece {
                    Piece::Copy(t, r) => emit(t, r, &mut rng, out),
                    Piece::Lit(s) => out.extend_from_slice(s.as_bytes()),
                }
            }
        }
        emit(host, cursor..host.text.len(), &mut rng, out);
        host.format
    }
}

fn article_path(out: &Path, index: usize, count: usize, format: Format) -> PathBuf {
    let width = count.saturating_sub(1).to_string().len().max(6);
    out.join(format!("{:04}", index / SHARD))
        .join(format!("{index:0width$}.{}", format.ext()))
}

/// Writes `DIR/big.txt`: text templates (without trailing lists), varied, one after the other.
fn write_big(pool: &Pool, out: &Path, seed: u64, mb: f64) -> io::Result<u64> {
    let texts: Vec<&Template> = pool
        .all
        .iter()
        .filter(|t| t.format == Format::Txt)
        .collect();
    if texts.is_empty() {
        return Err(io::Error::other("no text templates for big.txt"));
    }
    let goal = (mb * 1e6) as u64;
    let mut rng = Rng::for_item(seed, 1, 0);
    let mut file = io::BufWriter::with_capacity(1 << 20, fs::File::create(out.join("big.txt"))?);
    let mut buf = Vec::with_capacity(16 << 10);
    let mut written = 0u64;
    while written < goal {
        let t = texts[rng.below(texts.len())];
        buf.clear();
        emit(t, 0..t.body_end, &mut rng, &mut buf);
        while buf.last().is_some_and(|b| b.is_ascii_whitespace()) {
            buf.pop();
        }
        buf.extend_from_slice(b"\n\n");
        file.write_all(&buf)?;
        written += buf.len() as u64;
    }
    file.flush()?;
    Ok(written)
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(2);
    }
}

fn run(args: &Args) -> io::Result<()> {
    let started = Instant::now();
    let templates = load_templates(&args.fixtures)?;
    if templates.is_empty() {
        return Err(io::Error::other(format!(
            "no templates under {}",
            args.fixtures.display()
        )));
    }
    if args.show_figures {
        for (path, t) in &templates {
            println!("{path}");
            for site in &t.sites {
                let a = t.text[..site.span.start]
                    .char_indices()
                    .rev()
                    .nth(5)
                    .map_or(0, |(i, _)| i);
                let b = t.text[site.span.end..]
                    .char_indices()
                    .nth(3)
                    .map_or(t.text.len(), |(i, _)| site.span.end + i);
                let context = t.text[a..b].replace('\n', " ");
                println!(
                    "  {:<28} {} -> {}",
                    context,
                    &t.text[site.span.clone()],
                    site.variants.join(" ")
                );
            }
        }
        return Ok(());
    }
    let templates: Vec<Template> = templates.into_iter().map(|(_, t)| t).collect();
    let pool = Pool::new(&templates);
    fs::create_dir_all(&args.out)?;
    for shard in 0..args.count.div_ceil(SHARD) {
        fs::create_dir_all(args.out.join(format!("{shard:04}")))?;
    }
    let mut bytes: u64 = (0..args.count)
        .into_par_iter()
        .map_init(
            || Vec::with_capacity(16 << 10),
            |buf, i| -> io::Result<u64> {
                buf.clear();
                let format = pool.article(args.seed, i as u64, buf);
                fs::write(article_path(&args.out, i, args.count, format), &buf)?;
                Ok(buf.len() as u64)
            },
        )
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    let mut files = args.count;
    if let Some(mb) = args.single_file_mb {
        bytes += write_big(&pool, &args.out, args.seed, mb)?;
        files += 1;
    }
    println!(
        "{files} files, {bytes} bytes ({:.1} MB) in {}",
        bytes as f64 / 1e6,
        args.out.display()
    );
    eprintln!(
        "gen_corpus: {} templates, {:.2} s",
        templates.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
