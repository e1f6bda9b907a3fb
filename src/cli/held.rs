//! What `check` keeps of each document between its two phases (`Held`), and how it writes
//! that to its spill files (`HeldCodec`): a compact binary encoding of its own, read back
//! only by the same run.
//!
//! Most strings of a finding are the catalog's (rule id, help; a fact's id, unit, source and
//! url), shared by every finding that names them: the codec writes each of those as its
//! number in a table of the document's catalog's strings (made when the first document of that
//! catalog is written) and reads it back as the same shared string, with nothing to allocate
//! or validate. A statement's key and subject for people,
//! shared by the document's statements of one subject, are written once per document and
//! then by number. Everything else is written out: lengths and numbers as LEB128
//! varints, strings as their length and bytes, decimals exactly (scale, sign, mantissa);
//! except the text's line starts, kept in memory for the reporter and not written (a spilled
//! document's are counted again). A document kept without its text has the places of its
//! findings and statements instead (`report::Places`), written as numbers.

use emcheck::catalog::Catalog;
use emcheck::catalog::checks::Severity;
use emcheck::config::Settings;
use emcheck::consistency::{Stated, Statement};
use emcheck::finding::{Finding, Reference, Related, Verdict};
use emcheck::normalize::Format as TextFormat;
use emcheck::report::Places;
use emcheck::source::Document;
use emcheck::spill::Codec;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::io::{self, Read, Write};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// One document checked on its own, kept for phase 2.
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    pub name: String,
    /// `TextFormat` as 0 (text), 1 (Markdown) or 2 (HTML).
    pub format: u8,
    pub findings: Vec<Finding>,
    pub statements: Vec<Statement>,
    /// Index of the document's settings in the run's distinct settings.
    pub settings: usize,
    /// Where the text's lines start, as phase 1 found them, for the reporter: empty when they
    /// were not kept (a long text's) or the document was spilled (they are not written), and
    /// the reporter counts them again.
    pub line_starts: Vec<usize>,
    /// When the text was not kept (it is empty): the line and column of every offset phase 2
    /// places, worked out from the text in phase 1 (`Held::places`).
    pub places: Option<Places>,
}

impl Held {
    /// Keeps a document's results; its text is kept beside.
    pub fn new(
        name: String,
        format: TextFormat,
        findings: Vec<Finding>,
        statements: Vec<Statement>,
        settings: usize,
        line_starts: Vec<usize>,
    ) -> Self {
        let format = match format {
            TextFormat::Text => 0,
            TextFormat::Markdown => 1,
            TextFormat::Html => 2,
        };
        Held {
            name,
            format,
            findings,
            statements,
            settings,
            line_starts,
            places: None,
        }
    }

    /// The places of every offset phase 2 may place on the lines of `text` (whose line starts
    /// are `line_starts`, or empty to count them): its findings and their related claims not
    /// placed yet, and its statements and their parts (where the findings across articles
    /// are, with their related parts). With them, JSON Lines are written without the text.
    pub fn places(
        text: &str,
        line_starts: &[usize],
        findings: &[Finding],
        statements: &[Statement],
    ) -> Places {
        let counted;
        let starts = if line_starts.is_empty() {
            counted = emcheck::report::line_starts(text);
            &counted
        } else {
            line_starts
        };
        let index = emcheck::report::LineIndex::with_starts(text, starts);
        let of_findings = emcheck::report::findings::placed_offsets(findings);
        // A statement's place is its own (`statements::statements` placed it with the same
        // line starts); its parts are placed here.
        let parts = statements
            .iter()
            .flat_map(|s| s.parts.iter().map(|p| p.start));
        let placed = statements.iter().map(|s| (s.span.start, s.line, s.column));
        Places::of(&index, of_findings.chain(parts), placed)
    }

    /// The bytes it takes with its text, about: the values and what they own (each allocation
    /// counted with `ALLOCATION` more for the allocator's rounding and keeping), the strings
    /// shared with the catalog and between statements not at all.
    pub fn weight(&self, text: &str) -> usize {
        let owned = |capacity: usize| {
            if capacity == 0 {
                0
            } else {
                capacity + ALLOCATION
            }
        };
        let findings: usize = self
            .findings
            .iter()
            .map(|f| {
                owned(f.message.capacity())
                    + owned(f.related.capacity() * size_of::<Related>())
                    + f.related
                        .iter()
                        .map(|r| owned(r.message.capacity()))
                        .sum::<usize>()
                    + f.reference
                        .as_ref()
                        .map_or(0, |r| owned(r.value.capacity()))
            })
            .sum();
        // A statement's text and shown are `Arc<str>`s: two counts before the bytes.
        let statements: usize = self
            .statements
            .iter()
            .map(|s| {
                owned(s.text.len() + 16)
                    + owned(s.shown.len() + 16)
                    + owned(s.parts.capacity() * size_of::<Range<usize>>())
            })
            .sum();
        owned(text.len())
            + owned(self.name.capacity())
            + owned(self.findings.capacity() * size_of::<Finding>())
            + findings
            + owned(self.statements.capacity() * size_of::<Statement>())
            + statements
            + owned(self.line_starts.capacity() * size_of::<usize>())
            + self.places.as_ref().map_or(0, |p| owned(p.heap_bytes()))
    }

    /// The document with its text, its findings, statements, settings, line starts and
    /// places.
    pub fn into_parts(self, text: String) -> Parts {
        let format = match self.format {
            1 => TextFormat::Markdown,
            2 => TextFormat::Html,
            _ => TextFormat::Text,
        };
        let doc = Document {
            name: self.name,
            text,
            format,
        };
        (
            doc,
            self.findings,
            self.statements,
            self.settings,
            self.line_starts,
            self.places,
        )
    }
}

/// What `Held::into_parts` gives back.
pub type Parts = (
    Document,
    Vec<Finding>,
    Vec<Statement>,
    usize,
    Vec<usize>,
    Option<Places>,
);

/// Bytes counted for each allocation beyond its size: jemalloc rounds small sizes up to a
/// class (up to a quarter more), and holds some free.
const ALLOCATION: usize = 16;

/// Writes and reads `Held`s, the strings of their settings' catalog by number.
#[derive(Default)]
pub struct HeldCodec {
    /// The run's distinct settings, in the order of `Held::settings`, with the table of their
    /// catalog's shared strings, made when a document of theirs is first written.
    settings: Vec<(Arc<Settings>, OnceLock<Strings>)>,
}

impl HeldCodec {
    /// Adds the next settings: `Held::settings` is an index into the settings added.
    pub fn add_settings(&mut self, settings: Arc<Settings>) {
        self.settings.push((settings, OnceLock::new()));
    }

    /// The shared strings of the catalog of settings `s`.
    fn strings(&self, s: usize) -> io::Result<&Strings> {
        let (settings, strings) = self
            .settings
            .get(s)
            .ok_or_else(|| invalid("no such settings"))?;
        Ok(strings.get_or_init(|| Strings::of(&settings.catalog)))
    }
}

/// The strings of a catalog that findings share: rule ids and help, and the id, unit,
/// source and url of facts.
#[derive(Default)]
struct Strings {
    /// By number.
    all: Vec<Arc<str>>,
    /// Their numbers by address (a finding's string is its catalog's own).
    by_address: FxHashMap<usize, u32>,
    /// And by content (a string made again).
    by_text: FxHashMap<Arc<str>, u32>,
}

impl Strings {
    fn of(catalog: &Catalog) -> Self {
        let mut strings = Strings::default();
        for rule in catalog.rules.values() {
            strings.add(&rule.id);
            strings.add(&rule.help);
        }
        for fact in &catalog.facts {
            let r = fact.reference(String::new());
            for s in [&r.fact, &r.unit, &r.source].into_iter().chain(&r.url) {
                strings.add(s);
            }
        }
        strings
    }

    fn add(&mut self, s: &Arc<str>) {
        let address = address(s);
        if self.by_address.contains_key(&address) {
            return;
        }
        let n = match self.by_text.get(s) {
            Some(&n) => n,
            None => {
                let n = u32::try_from(self.all.len()).expect("fewer than 2^32 strings");
                self.all.push(s.clone());
                self.by_text.insert(s.clone(), n);
                n
            }
        };
        self.by_address.insert(address, n);
    }

    /// The number of a shared string, if it is one.
    fn number(&self, s: &Arc<str>) -> Option<u32> {
        match self.by_address.get(&address(s)) {
            Some(&n) => Some(n),
            None => self.by_text.get(&**s).copied(),
        }
    }
}

fn address(s: &Arc<str>) -> usize {
    Arc::as_ptr(s).cast::<u8>() as usize
}

impl Codec<Held> for HeldCodec {
    fn encode(&self, held: &Held, to: &mut impl Write) -> io::Result<()> {
        let mut out = Out {
            bytes: Vec::with_capacity(256),
            strings: self.strings(held.settings)?,
            local: Vec::new(),
        };
        out.str(&held.name);
        out.bytes.push(held.format);
        out.uint(held.settings);
        out.uint(held.findings.len());
        for f in &held.findings {
            out.finding(f);
            out.write_over(8192, to)?;
        }
        out.uint(held.statements.len());
        for s in &held.statements {
            out.statement(s);
            out.write_over(8192, to)?;
        }
        match &held.places {
            None => out.bytes.push(0),
            Some(places) => {
                // Offsets as steps from the last (they ascend).
                out.bytes.push(1);
                out.uint(places.entries().len());
                let mut last = 0;
                for &(offset, line, column) in places.entries() {
                    out.uint(offset - last);
                    out.uint(line);
                    out.uint(column);
                    last = offset;
                    out.write_over(8192, to)?;
                }
            }
        }
        to.write_all(&out.bytes)
    }

    fn decode(&self, bytes: &[u8]) -> io::Result<Held> {
        In {
            from: bytes,
            codec: self,
            strings: None,
            local: Vec::new(),
        }
        .held()
    }

    fn read(&self, from: &mut impl Read, len: usize) -> io::Result<Held> {
        In {
            from: Stream {
                from,
                left: len,
                buf: Vec::new(),
            },
            codec: self,
            strings: None,
            local: Vec::new(),
        }
        .held()
    }
}

/// An item being encoded.
struct Out<'a> {
    bytes: Vec<u8>,
    /// The shared strings of the item's catalog.
    strings: &'a Strings,
    /// The item's strings written once and then by number (statement keys and subjects),
    /// by address.
    local: Vec<usize>,
}

impl Out<'_> {
    /// Writes out what is encoded so far once it is `limit` bytes or more: a large item is
    /// written as it goes, a finding or statement at a time.
    fn write_over(&mut self, limit: usize, to: &mut impl Write) -> io::Result<()> {
        if self.bytes.len() >= limit {
            to.write_all(&self.bytes)?;
            self.bytes.clear();
        }
        Ok(())
    }

    fn uint(&mut self, n: usize) {
        self.u64(n as u64);
    }

    fn u64(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.bytes.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn span(&mut self, span: &Range<usize>) {
        self.uint(span.start);
        self.uint(span.end);
    }

    /// A string that may be the catalog's: 0 for none, 1 and the string, or 2 + its number.
    fn shared(&mut self, s: Option<&Arc<str>>) {
        match s {
            None => self.bytes.push(0),
            Some(s) => match self.strings.number(s) {
                Some(n) => self.u64(u64::from(n) + 2),
                None => {
                    self.bytes.push(1);
                    self.str(s);
                }
            },
        }
    }

    /// A string the item may repeat: 0 and the string the first time, then 1 + its number.
    fn local(&mut self, s: &Arc<str>) {
        let address = address(s);
        match self.local.iter().position(|&a| a == address) {
            Some(n) => self.uint(n + 1),
            None => {
                self.local.push(address);
                self.bytes.push(0);
                self.str(s);
            }
        }
    }

    fn finding(&mut self, f: &Finding) {
        self.shared(Some(&f.rule));
        self.bytes.push(severity_code(f.severity));
        self.bytes.push(verdict_code(f.verdict));
        self.str(&f.message);
        self.span(&f.span);
        self.uint(f.related.len());
        for r in &f.related {
            self.shared(r.file.as_ref());
            match r.position {
                None => self.bytes.push(0),
                Some((line, column)) => {
                    self.bytes.push(1);
                    self.uint(line);
                    self.uint(column);
                }
            }
            self.span(&r.span);
            self.str(&r.message);
        }
        self.shared(f.help.as_ref());
        match &f.reference {
            None => self.bytes.push(0),
            Some(r) => {
                self.bytes.push(1);
                self.shared(Some(&r.fact));
                self.str(&r.value);
                self.shared(Some(&r.unit));
                self.shared(Some(&r.source));
                self.shared(r.url.as_ref());
            }
        }
    }

    fn statement(&mut self, s: &Statement) {
        self.local(&s.key);
        self.local(&s.about);
        match &s.stated {
            Stated::Between { low, high } => {
                self.bytes.push(0);
                self.decimal(*low);
                self.decimal(*high);
            }
            Stated::Event {
                first,
                last,
                days,
                on,
            } => {
                self.bytes.push(1);
                for n in [first, last, days, on] {
                    match n {
                        None => self.bytes.push(0),
                        Some(n) => {
                            self.bytes.push(1);
                            self.u64(zigzag(*n));
                        }
                    }
                }
            }
        }
        self.span(&s.span);
        self.uint(s.line);
        self.uint(s.column);
        self.str(&s.text);
        self.str(&s.shown);
        self.uint(s.parts.len());
        for part in &s.parts {
            self.span(part);
        }
    }

    /// 0 for none, else 1 + the scale + 32 if negative, and the mantissa.
    fn decimal(&mut self, d: Option<Decimal>) {
        let Some(d) = d else {
            self.bytes.push(0);
            return;
        };
        let b = d.serialize();
        let scale = b[2];
        let negative = b[3] & 0x80 != 0;
        self.bytes.push(1 + scale + if negative { 32 } else { 0 });
        let mut m = [0; 16];
        m[..12].copy_from_slice(&b[4..]);
        let mut m = u128::from_le_bytes(m);
        while m >= 0x80 {
            self.bytes.push(m as u8 | 0x80);
            m >>= 7;
        }
        self.bytes.push(m as u8);
    }
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

fn severity_code(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

fn verdict_code(v: Verdict) -> u8 {
    v as u8
}

/// Where an item is read from: a buffer, or a file as it is parsed.
trait Source {
    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> io::Result<&[u8]>;

    /// Whether every byte was read.
    fn done(&self) -> bool;
}

impl Source for &[u8] {
    fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        let (head, rest) = self.split_at_checked(n).ok_or_else(short)?;
        *self = rest;
        Ok(head)
    }

    fn done(&self) -> bool {
        self.is_empty()
    }
}

/// The next `left` bytes of a reader.
struct Stream<'r, R> {
    from: &'r mut R,
    left: usize,
    buf: Vec<u8>,
}

impl<R: Read> Source for Stream<'_, R> {
    fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        if n > self.left {
            return Err(short());
        }
        self.left -= n;
        self.buf.resize(n, 0);
        self.from.read_exact(&mut self.buf)?;
        Ok(&self.buf)
    }

    fn done(&self) -> bool {
        self.left == 0
    }
}

fn short() -> io::Error {
    invalid("a spilled item ends early")
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// The most room made for a list before its items are read (a corrupt count is an error when
/// the bytes run out, not a huge allocation).
const CAPACITY: usize = 4096;

/// An item being decoded.
struct In<'a, S> {
    from: S,
    codec: &'a HeldCodec,
    /// The shared strings of the item's catalog, once its settings are read.
    strings: Option<&'a Strings>,
    /// The item's strings written once (`Out::local`), in order.
    local: Vec<Arc<str>>,
}

impl<S: Source> In<'_, S> {
    fn held(mut self) -> io::Result<Held> {
        let name = self.str()?.to_owned();
        let format = self.byte()?;
        let settings = self.uint()?;
        self.strings = Some(self.codec.strings(settings)?);
        let n = self.uint()?;
        let mut findings = Vec::with_capacity(n.min(CAPACITY));
        for _ in 0..n {
            findings.push(self.finding()?);
        }
        let n = self.uint()?;
        let mut statements = Vec::with_capacity(n.min(CAPACITY));
        for _ in 0..n {
            statements.push(self.statement()?);
        }
        let places = if self.flag()? {
            let n = self.uint()?;
            let mut at = Vec::with_capacity(n.min(CAPACITY));
            let mut offset = 0usize;
            for _ in 0..n {
                offset = offset
                    .checked_add(self.uint()?)
                    .ok_or_else(|| invalid("an offset too large"))?;
                at.push((offset, self.uint()?, self.uint()?));
            }
            Some(Places::from_entries(at).ok_or_else(|| invalid("places out of order"))?)
        } else {
            None
        };
        if !self.from.done() {
            return Err(invalid("bytes left over after a spilled item"));
        }
        Ok(Held {
            name,
            format,
            findings,
            statements,
            settings,
            line_starts: Vec::new(),
            places,
        })
    }

    fn byte(&mut self) -> io::Result<u8> {
        Ok(self.from.take(1)?[0])
    }

    fn u64(&mut self) -> io::Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(invalid("a number too long in a spilled item"))
    }

    fn uint(&mut self) -> io::Result<usize> {
        usize::try_from(self.u64()?).map_err(|_| invalid("a number too large"))
    }

    fn str(&mut self) -> io::Result<&str> {
        let n = self.uint()?;
        simdutf8::basic::from_utf8(self.from.take(n)?).map_err(|_| invalid("a string not UTF-8"))
    }

    fn span(&mut self) -> io::Result<Range<usize>> {
        Ok(self.uint()?..self.uint()?)
    }

    fn shared(&mut self) -> io::Result<Option<Arc<str>>> {
        Ok(match self.u64()? {
            0 => None,
            1 => Some(self.str()?.into()),
            n => Some(
                usize::try_from(n - 2)
                    .ok()
                    .and_then(|n| self.strings?.all.get(n))
                    .ok_or_else(|| invalid("no such shared string"))?
                    .clone(),
            ),
        })
    }

    fn shared_some(&mut self) -> io::Result<Arc<str>> {
        self.shared()?
            .ok_or_else(|| invalid("a string missing in a spilled item"))
    }

    fn local(&mut self) -> io::Result<Arc<str>> {
        match self.uint()? {
            0 => {
                let s: Arc<str> = self.str()?.into();
                self.local.push(s.clone());
                Ok(s)
            }
            n => self
                .local
                .get(n - 1)
                .cloned()
                .ok_or_else(|| invalid("no such string in a spilled item")),
        }
    }

    fn flag(&mut self) -> io::Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(invalid("a bad flag in a spilled item")),
        }
    }

    fn finding(&mut self) -> io::Result<Finding> {
        let rule = self.shared_some()?;
        let severity = match self.byte()? {
            0 => Severity::Info,
            1 => Severity::Warning,
            2 => Severity::Error,
            _ => return Err(invalid("a bad severity in a spilled item")),
        };
        let verdict = Verdict::ALL
            .get(usize::from(self.byte()?))
            .copied()
            .ok_or_else(|| invalid("a bad verdict in a spilled item"))?;
        let message = self.str()?.to_owned();
        let span = self.span()?;
        let n = self.uint()?;
        let mut related = Vec::with_capacity(n.min(CAPACITY));
        for _ in 0..n {
            let file = self.shared()?;
            let position = if self.flag()? {
                Some((self.uint()?, self.uint()?))
            } else {
                None
            };
            related.push(Related {
                file,
                position,
                span: self.span()?,
                message: self.str()?.to_owned(),
            });
        }
        let help = self.shared()?;
        let reference = if self.flag()? {
            Some(Reference {
                fact: self.shared_some()?,
                value: self.str()?.to_owned(),
                unit: self.shared_some()?,
                source: self.shared_some()?,
                url: self.shared()?,
            })
        } else {
            None
        };
        Ok(Finding {
            rule,
            severity,
            verdict,
            message,
            span,
            related,
            help,
            reference,
        })
    }

    fn statement(&mut self) -> io::Result<Statement> {
        let key = self.local()?;
        let about = self.local()?;
        let stated = match self.byte()? {
            0 => Stated::Between {
                low: self.decimal()?,
                high: self.decimal()?,
            },
            1 => {
                let mut day = || -> io::Result<Option<i64>> {
                    Ok(if self.flag()? {
                        Some(unzigzag(self.u64()?))
                    } else {
                        None
                    })
                };
                Stated::Event {
                    first: day()?,
                    last: day()?,
                    days: day()?,
                    on: day()?,
                }
            }
            _ => return Err(invalid("a bad statement in a spilled item")),
        };
        let span = self.span()?;
        let line = self.uint()?;
        let column = self.uint()?;
        let text = self.str()?.into();
        let shown = self.str()?.into();
        let n = self.uint()?;
        let mut parts = Vec::with_capacity(n.min(CAPACITY));
        for _ in 0..n {
            parts.push(self.span()?);
        }
        Ok(Statement {
            key,
            about,
            stated,
            span,
            line,
            column,
            text,
            shown,
            parts,
        })
    }

    fn decimal(&mut self) -> io::Result<Option<Decimal>> {
        let head = self.byte()?;
        if head == 0 {
            return Ok(None);
        }
        let (scale, negative) = ((head - 1) & 31, (head - 1) & 32 != 0);
        if head > 64 || u32::from(scale) > Decimal::MAX_SCALE {
            return Err(invalid("a bad decimal in a spilled item"));
        }
        let mut m = 0u128;
        for shift in (0..98).step_by(7) {
            let b = self.byte()?;
            m |= u128::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                if m >> 96 != 0 {
                    break;
                }
                let mut bytes = [0; 16];
                bytes[2] = scale;
                bytes[3] = if negative { 0x80 } else { 0 };
                bytes[4..].copy_from_slice(&m.to_le_bytes()[..12]);
                return Ok(Some(Decimal::deserialize(bytes)));
            }
        }
        Err(invalid("a bad decimal in a spilled item"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in catalog, loaded once for the tests.
    static SETTINGS: std::sync::LazyLock<Arc<Settings>> = std::sync::LazyLock::new(|| {
        Arc::new(Settings {
            loaded: None,
            catalog: Catalog::load(&[]).0.unwrap(),
        })
    });

    /// A codec for four settings of the same catalog.
    fn codec() -> HeldCodec {
        let mut codec = HeldCodec::default();
        for _ in 0..4 {
            codec.add_settings(SETTINGS.clone());
        }
        codec
    }

    fn statement(key: &Arc<str>, about: &Arc<str>, stated: Stated) -> Statement {
        Statement {
            key: key.clone(),
            about: about.clone(),
            stated,
            span: 3..40,
            line: 2,
            column: 7,
            text: "约140亿吨\"二氧化碳\"当量".into(),
            shown: "1.4e10 t".into(),
            parts: vec![3..9, 12..40],
        }
    }

    /// Findings with the catalog's own strings, copies of them and strings of their own, every
    /// optional field absent and present; statements of both kinds sharing keys.
    fn sample(findings: usize) -> Held {
        let catalog = &SETTINGS.catalog;
        let rule = catalog.rules.values().next().unwrap();
        let fact = catalog
            .facts
            .iter()
            .find(|f| f.reference(String::new()).url.is_some());
        let reference = fact.unwrap().reference("14100000000".into());
        let mut found = Vec::new();
        for i in 0..findings {
            let mut f = Finding {
                rule: rule.id.clone(),
                severity: Severity::Warning,
                verdict: Verdict::Contradicts,
                message: format!("说 {i} 亿吨; 参考值 \u{1} 是 \\ 141 亿吨"),
                span: i..i + 12,
                related: vec![
                    Related {
                        file: Some("b.md".into()),
                        position: Some((3, 4)),
                        span: 5..9,
                        message: "other".into(),
                    },
                    Related {
                        file: None,
                        position: None,
                        span: 0..0,
                        message: String::new(),
                    },
                ],
                help: Some(rule.help.clone()),
                reference: Some(reference.clone()),
            };
            match i % 3 {
                0 => {}
                1 => {
                    // Copies of the catalog's strings, and a unit of its own.
                    f.rule = (*rule.id).into();
                    f.help = None;
                    let r = f.reference.as_mut().unwrap();
                    r.unit = "unit of its own".into();
                    r.url = None;
                }
                _ => {
                    f.related.clear();
                    f.reference = None;
                    f.rule = "not a rule".into();
                    f.help = Some("help of its own".into());
                }
            }
            found.push(f);
        }
        let (a, b): (Arc<str>, Arc<str>) = ("figure a".into(), "event b".into());
        let about: Arc<str> = "中国, total, 2022".into();
        let statements = vec![
            statement(
                &a,
                &about,
                Stated::Between {
                    low: Some(Decimal::new(13_95, 2)),
                    high: None,
                },
            ),
            statement(
                &b,
                &about,
                Stated::Event {
                    first: Some(738_000),
                    last: None,
                    days: Some(-3),
                    on: Some(i64::MIN),
                },
            ),
            statement(
                &a,
                &b,
                Stated::Between {
                    low: None,
                    high: Some(-Decimal::MAX),
                },
            ),
        ];
        Held {
            name: "新闻/a.md".into(),
            format: 2,
            findings: found,
            statements,
            settings: 3,
            line_starts: Vec::new(),
            places: None,
        }
    }

    /// `sample(findings)` kept without its text: with the places of its offsets in a text.
    fn placed(findings: usize) -> Held {
        let mut held = sample(findings);
        // ASCII, so that every offset of the sample starts a character.
        let text = "line one: about 140.\n".repeat(400);
        // Statements placed on this text, as `statements::statements` places them.
        let index = emcheck::report::LineIndex::new(&text);
        for s in &mut held.statements {
            (s.line, s.column) = index.line_column(s.span.start);
        }
        held.places = Some(Held::places(&text, &[], &held.findings, &held.statements));
        held
    }

    fn encode(codec: &HeldCodec, held: &Held) -> Vec<u8> {
        let mut bytes = Vec::new();
        codec.encode(held, &mut bytes).unwrap();
        bytes
    }

    #[test]
    fn held_comes_back_equal_from_a_buffer_and_from_a_file() {
        let codec = codec();
        // 300 findings are written in several pieces.
        let kept = [0, 1, 3, 300].map(sample);
        let placed = [0, 1, 3, 300].map(placed);
        for held in kept.into_iter().chain(placed) {
            let bytes = encode(&codec, &held);
            assert_eq!(codec.decode(&bytes).unwrap(), held);
            let mut file = &bytes[..];
            assert_eq!(codec.read(&mut file, bytes.len()).unwrap(), held);
            assert!(file.is_empty());
        }
    }

    #[test]
    fn the_catalogs_strings_come_back_shared_and_a_documents_keys_shared_once() {
        let codec = codec();
        let held = sample(3);
        let back = codec.decode(&encode(&codec, &held)).unwrap();
        let rule = &SETTINGS.catalog.rules.values().next().unwrap().id;
        // Its own string, and a copy of it, are read back as the catalog's.
        assert!(Arc::ptr_eq(&back.findings[0].rule, rule));
        assert!(Arc::ptr_eq(&back.findings[1].rule, rule));
        let r = (&back.findings[0].reference, &held.findings[0].reference);
        let (Some(back_ref), Some(held_ref)) = r else {
            panic!("a reference")
        };
        assert!(Arc::ptr_eq(&back_ref.source, &held_ref.source));
        let s = &back.statements;
        assert!(Arc::ptr_eq(&s[0].key, &s[2].key) && Arc::ptr_eq(&s[0].about, &s[1].about));
        assert!(Arc::ptr_eq(&s[1].key, &s[2].about));
    }

    #[test]
    fn the_weight_counts_what_a_document_owns() {
        let text = "中".repeat(1000);
        // Without room for more findings than there are.
        let tight = |n| {
            let mut held = sample(n);
            held.findings.shrink_to_fit();
            held
        };
        let (empty, one, many) = (tight(0), tight(1), tight(100));
        let base = empty.weight(&text);
        assert!(base >= text.len() + 3 * size_of::<Statement>());
        let finding = one.weight(&text) - base;
        let f = &one.findings[0];
        // The finding, its message, its two related places and their messages, its value.
        let least = size_of::<Finding>()
            + f.message.len()
            + 2 * size_of::<Related>()
            + "other".len()
            + "14100000000".len();
        assert!(
            (least..least + 8 * ALLOCATION).contains(&finding),
            "{finding}"
        );
        // A hundred findings weigh about a hundred times one.
        let hundred = many.weight(&text) - base;
        assert!(
            hundred > 60 * finding && hundred < 110 * finding,
            "{hundred}"
        );
        // Room kept beyond the length counts.
        let mut roomy = one.clone();
        let before = roomy.weight(&text);
        roomy.findings[0].message.reserve(1000);
        assert!(roomy.weight(&text) >= before + 1000);
        // So do the line starts kept for the reporter.
        let unlined = one.clone();
        let mut lined = unlined.clone();
        lined.line_starts = (0..100).collect();
        assert!(lined.weight(&text) >= unlined.weight(&text) + 100 * size_of::<usize>());
        // And the places kept instead of a text.
        let held = placed(100);
        let places = held.places.as_ref().unwrap().entries().len();
        assert!(places >= 100, "{places}");
        assert!(held.weight("") >= sample(100).weight("") + places * 3 * size_of::<usize>());
    }

    #[test]
    fn line_starts_are_not_written_and_come_back_empty() {
        let codec = codec();
        let mut held = sample(3);
        let bytes = encode(&codec, &held);
        held.line_starts = vec![0, 7, 19];
        assert_eq!(encode(&codec, &held), bytes);
        let back = codec.decode(&bytes).unwrap();
        assert!(back.line_starts.is_empty());
    }

    #[test]
    fn every_severity_verdict_and_decimal_comes_back() {
        let codec = codec();
        let severities = [Severity::Info, Severity::Warning, Severity::Error];
        let verdicts = Verdict::ALL;
        let mut held = sample(severities.len() * verdicts.len());
        for (i, f) in held.findings.iter_mut().enumerate() {
            f.severity = severities[i % 3];
            f.verdict = verdicts[i / 3];
        }
        let decimals = [
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(-1, 28),
            Decimal::new(5, 0),
            Decimal::from_i128_with_scale(-(1 << 95), 3),
            Decimal::MAX,
            Decimal::MIN,
        ];
        let key: Arc<str> = "k".into();
        for &low in &decimals {
            for &high in &decimals {
                held.statements.push(statement(
                    &key,
                    &key,
                    Stated::Between {
                        low: Some(low),
                        high: Some(high),
                    },
                ));
            }
        }
        let back = codec.decode(&encode(&codec, &held)).unwrap();
        assert_eq!(back, held);
        // Exactly: the same scale and sign, not just an equal value.
        let exact = |h: &Held| -> Vec<[u8; 16]> {
            h.statements
                .iter()
                .flat_map(|s| match s.stated {
                    Stated::Between { low, high } => [low, high].into_iter().flatten(),
                    Stated::Event { .. } => [None, None].into_iter().flatten(),
                })
                .map(|d| d.serialize())
                .collect()
        };
        assert_eq!(exact(&back), exact(&held));
    }

    #[test]
    fn a_corrupt_item_is_an_error_not_a_panic() {
        let codec = codec();
        for held in [sample(4), placed(4)] {
            a_corrupt_encoding_is_an_error(&codec, &encode(&codec, &held));
        }
    }

    fn a_corrupt_encoding_is_an_error(codec: &HeldCodec, bytes: &[u8]) {
        let bytes = bytes.to_vec();
        for cut in 0..bytes.len() {
            let r = codec.decode(&bytes[..cut]);
            assert_eq!(
                r.unwrap_err().kind(),
                io::ErrorKind::InvalidData,
                "cut at {cut}"
            );
            let r = codec.read(&mut &bytes[..cut], cut);
            assert_eq!(
                r.unwrap_err().kind(),
                io::ErrorKind::InvalidData,
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        let r = codec.decode(&longer);
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::InvalidData);
        let r = codec.read(&mut &longer[..], longer.len());
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::InvalidData);
        // Every byte changed: an error or some item, never a panic.
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 0xff;
            let _ = codec.decode(&changed);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_strings_and_numbers_come_back(
            name in "\\PC{0,12}",
            message in "\\PC{0,30}",
            numbers in proptest::collection::vec(proptest::num::usize::ANY, 6),
            day in proptest::num::i64::ANY,
            mantissa in -(1i128 << 96) + 1..(1i128 << 96),
            scale in 0u32..=28,
        ) {
            let codec = codec();
            let mut held = sample(2);
            held.name = name;
            held.settings = numbers[0] % 4;
            let f = &mut held.findings[0];
            f.message = message.clone();
            f.span = numbers[1]..numbers[2];
            f.related[0].position = Some((numbers[3], numbers[4]));
            f.reference.as_mut().unwrap().unit = message.into();
            held.statements[0].column = numbers[5];
            held.statements[0].stated = Stated::Between {
                low: Some(Decimal::from_i128_with_scale(mantissa, scale)),
                high: None,
            };
            held.statements[1].stated = Stated::Event {
                first: Some(day),
                last: Some(-day.saturating_abs()),
                days: None,
                on: Some(day / 2),
            };
            let bytes = encode(&codec, &held);
            proptest::prop_assert_eq!(codec.decode(&bytes).unwrap(), held);
        }
    }
}
