//! Results held until a later pass: in memory while they stay under a budget, then in
//! temporary files, read back in the order they were put in. Each item may carry a body (a
//! document's text) kept raw, in a file of its own, so a large text is neither escaped nor
//! held twice when it is read back. `audit` and `check` keep each article's results here
//! between checking the articles and writing the report. `push_all` and `drain_chunks` take
//! and give a chunk at a time and encode and decode items on all cores.
//!
//! Items are encoded by a `Codec`. The default, `MessagePack`, is rmp-serde with structs as
//! arrays: no escaping, no field names, about half the cost of JSON for a check's findings
//! and statements. Fields are read back by position, so a type spilled that way must not skip
//! fields when it serializes (`skip_serializing_if`); the round-trip test below holds the
//! types spilled that way (`audit`'s, and `check`'s statements under `--ledger`) to that.
//! `check` spills its documents with a codec of its own (`cli::held`).
//!
//! `Spares` keeps written buffers to be filled again: `push_all` encodes a chunk's items in
//! the last chunk's buffers, and the `extract` and `check` commands render their output so.

use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

/// Items encoded in more bytes than this are decoded from the file as they are read, not from a
/// buffer (which is faster, but would hold the whole text beside the values).
const STREAM_ITEMS_OVER: usize = 4 << 20;

/// Items `drain` reads and parses at a time.
const DRAIN_CHUNK: usize = 64;

/// Capacity of the buffers of encoded items kept for the next `push_all`, at most.
const SPARE_BYTES: usize = 8 << 20;

/// Items kept in order, the first ones in memory and the rest, once the budget is spent, in
/// temporary files (the items encoded one after another, their lengths in memory; their
/// bodies raw, each after its length).
///
/// An item is read back from a buffer when it is small and straight from the file when it
/// is large (over `STREAM_ITEMS_OVER` bytes encoded): one huge article's results are never
/// held as encoded bytes and as values at once.
pub struct Spill<T, C = MessagePack> {
    held: Vec<(T, String)>,
    codec: C,
    budget: usize,
    used: usize,
    files: Option<(Counting<BufWriter<File>>, BufWriter<File>)>,
    /// The length of each spilled item's encoding, in order.
    lengths: Vec<usize>,
    /// Buffers `push_all` encoded items in, to encode the next ones in.
    spares: Spares,
}

/// Byte buffers written out and emptied, kept to be filled again, up to a limit of capacity:
/// a run that fills a buffer per document, a chunk at a time, fills the last chunk's again
/// rather than new ones (each page of a new one costs a page fault, as the allocator hands
/// freed pages back to the system).
#[derive(Debug)]
pub struct Spares {
    bufs: Vec<Vec<u8>>,
    bytes: usize,
    limit: usize,
}

impl Spares {
    /// No spares yet; at most `limit` bytes of capacity kept.
    pub fn new(limit: usize) -> Self {
        Spares {
            bufs: Vec::new(),
            bytes: 0,
            limit,
        }
    }

    /// An empty buffer: a spare one, or a new one.
    pub fn take(&mut self) -> Vec<u8> {
        let buf = self.bufs.pop().unwrap_or_default();
        self.bytes -= buf.capacity();
        buf
    }

    /// Keeps `buf`, emptied, unless the spares would hold more than their limit.
    pub fn keep(&mut self, mut buf: Vec<u8>) {
        if self.bytes + buf.capacity() <= self.limit {
            buf.clear();
            self.bytes += buf.capacity();
            self.bufs.push(buf);
        }
    }
}

/// A writer that counts the bytes written through it.
struct Counting<W> {
    inner: W,
    written: usize,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// How a `Spill` writes its items to the files and reads them back.
pub trait Codec<T>: Sync {
    /// Writes `item`.
    fn encode(&self, item: &T, to: &mut impl Write) -> io::Result<()>;

    /// The item encoded in all of `bytes` (bytes left over are an error).
    fn decode(&self, bytes: &[u8]) -> io::Result<T>;

    /// The item encoded in the next `len` bytes of `from`, read as it is parsed (bytes left
    /// over are an error).
    fn read(&self, from: &mut impl Read, len: usize) -> io::Result<T>;
}

/// MessagePack with structs as arrays (rmp-serde), for any serde type.
#[derive(Clone, Copy, Debug, Default)]
pub struct MessagePack;

impl<T: Serialize + DeserializeOwned> Codec<T> for MessagePack {
    fn encode(&self, item: &T, to: &mut impl Write) -> io::Result<()> {
        encode_into(to, item)
    }

    fn decode(&self, bytes: &[u8]) -> io::Result<T> {
        decode(bytes)
    }

    fn read(&self, from: &mut impl Read, len: usize) -> io::Result<T> {
        parse_from(from, len)
    }
}

impl<T: Serialize + DeserializeOwned> Spill<T> {
    /// Keeps items in memory while their weights add up to at most `budget` (0: none).
    pub fn new(budget: usize) -> Self {
        Spill::with_codec(budget, MessagePack)
    }
}

impl<T, C: Codec<T>> Spill<T, C> {
    /// `new`, with items encoded by `codec`.
    pub fn with_codec(budget: usize, codec: C) -> Self {
        Spill {
            held: Vec::new(),
            codec,
            budget,
            used: 0,
            files: None,
            lengths: Vec::new(),
            spares: Spares::new(SPARE_BYTES),
        }
    }

    /// Adds an item with its body, weighing `weight` (about its size in bytes).
    pub fn push(&mut self, item: T, body: String, weight: usize) -> io::Result<()> {
        if self.files.is_none() && self.budget > 0 && self.used + weight <= self.budget {
            self.used += weight;
            self.held.push((item, body));
            return Ok(());
        }
        self.write(&item, None, &body)
    }

    /// Writes an item to the files: its encoding if given, else as it is encoded.
    fn write(&mut self, item: &T, encoded: Option<&[u8]>, body: &str) -> io::Result<()> {
        self.files()?;
        let (items, bodies) = self.files.as_mut().expect("just opened");
        let len = match encoded {
            Some(bytes) => {
                items.write_all(bytes)?;
                bytes.len()
            }
            None => {
                let before = items.written;
                self.codec.encode(item, &mut *items)?;
                items.written - before
            }
        };
        write_len(bodies, body.len())?;
        bodies.write_all(body.as_bytes())?;
        self.lengths.push(len);
        Ok(())
    }

    /// Opens the files on first use.
    fn files(&mut self) -> io::Result<()> {
        if self.files.is_none() {
            self.files = Some((
                Counting {
                    inner: BufWriter::new(tempfile::tempfile()?),
                    written: 0,
                },
                BufWriter::new(tempfile::tempfile()?),
            ));
        }
        Ok(())
    }

    /// The codec, to tell it more (what it may write as a reference to a shared value).
    pub fn codec_mut(&mut self) -> &mut C {
        &mut self.codec
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.held.len() + self.lengths.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many items went to the files.
    pub fn spilled(&self) -> usize {
        self.lengths.len()
    }
}

impl<T: Send + Sync, C: Codec<T>> Spill<T, C> {
    /// The items with their bodies, in the order they were added.
    pub fn drain(self) -> io::Result<impl Iterator<Item = io::Result<(T, String)>>> {
        Ok(self
            .drain_chunks(DRAIN_CHUNK)?
            .flat_map(|chunk| match chunk {
                Ok(items) => items.into_iter().map(Ok).collect::<Vec<_>>(),
                Err(e) => vec![Err(e)],
            }))
    }

    /// Adds items in order, as `push` one by one would; the items that go to the files are
    /// serialized on all cores.
    pub fn push_all(&mut self, items: Vec<(T, String, usize)>) -> io::Result<()> {
        let mut items = items.into_iter();
        let mut rest = Vec::new();
        for (item, body, weight) in items.by_ref() {
            if self.files.is_none() && self.budget > 0 && self.used + weight <= self.budget {
                self.used += weight;
                self.held.push((item, body));
            } else {
                rest.push((item, body, weight));
                break;
            }
        }
        rest.extend(items);
        // A heavy item is written as it is encoded, not held as bytes beside itself.
        let heavy = |weight: usize| weight > STREAM_ITEMS_OVER;
        let bufs: Vec<Option<Vec<u8>>> = rest
            .iter()
            .map(|(_, _, weight)| (!heavy(*weight)).then(|| self.spares.take()))
            .collect();
        let codec = &self.codec;
        let encoded: Vec<Option<Vec<u8>>> = rest
            .par_iter()
            .zip(bufs)
            .map(|((item, _, _), buf)| match buf {
                Some(mut bytes) => codec.encode(item, &mut bytes).map(|()| Some(bytes)),
                None => Ok(None),
            })
            .collect::<Result<_, _>>()?;
        for ((item, body, _), bytes) in rest.into_iter().zip(encoded) {
            self.write(&item, bytes.as_deref(), &body)?;
            if let Some(bytes) = bytes {
                self.spares.keep(bytes);
            }
        }
        Ok(())
    }

    /// The items with their bodies, in the order they were added, `n` at a time; the items
    /// read from the files are parsed on all cores (a large one as it is read).
    pub fn drain_chunks(
        self,
        n: usize,
    ) -> io::Result<impl Iterator<Item = io::Result<Vec<(T, String)>>>> {
        let n = n.max(1);
        let codec = self.codec;
        let mut held = self.held.into_iter();
        let mut read = match self.files {
            Some((items, bodies)) => Some((
                reopen(items.inner)?,
                reopen(bodies)?,
                self.lengths.into_iter(),
            )),
            None => None,
        };
        let mut buf = Vec::new();
        Ok(std::iter::from_fn(move || {
            let chunk: Vec<(T, String)> = held.by_ref().take(n).collect();
            if !chunk.is_empty() {
                return Some(Ok(chunk));
            }
            let (items, bodies, lengths) = read.as_mut()?;
            let result = (|| {
                let mut raw = Vec::new();
                for len in lengths.by_ref().take(n) {
                    let item = if len > STREAM_ITEMS_OVER {
                        Raw::Parsed(codec.read(items, len)?)
                    } else {
                        let mut bytes = Vec::with_capacity(len);
                        items.take(len as u64).read_to_end(&mut bytes)?;
                        if bytes.len() != len {
                            return Err(io::ErrorKind::UnexpectedEof.into());
                        }
                        Raw::Encoded(bytes)
                    };
                    raw.push((item, read_body(bodies, &mut buf)?));
                }
                raw.into_par_iter()
                    .map(|(item, body)| {
                        let item = match item {
                            Raw::Parsed(item) => item,
                            Raw::Encoded(bytes) => codec.decode(&bytes)?,
                        };
                        Ok((item, body))
                    })
                    .collect::<io::Result<Vec<_>>>()
            })();
            match result {
                Ok(chunk) if chunk.is_empty() => None,
                other => Some(other),
            }
        }))
    }
}

/// An item read back: decoded already (a large one), or its encoding.
enum Raw<T> {
    Parsed(T),
    Encoded(Vec<u8>),
}

fn reopen(f: BufWriter<File>) -> io::Result<BufReader<File>> {
    let mut f = f.into_inner().map_err(|e| e.into_error())?;
    f.rewind()?;
    Ok(BufReader::new(f))
}

fn write_len(to: &mut impl Write, len: usize) -> io::Result<()> {
    to.write_all(&(len as u64).to_le_bytes())
}

fn read_len(from: &mut impl Read) -> io::Result<usize> {
    let mut len = [0; 8];
    from.read_exact(&mut len)?;
    usize::try_from(u64::from_le_bytes(len)).map_err(io::Error::other)
}

/// Decodes an item of `len` bytes straight from the file (slower than from a buffer, but a
/// large item is never held as bytes and as a value at once).
fn parse_from<T: DeserializeOwned>(items: &mut impl Read, len: usize) -> io::Result<T> {
    let mut items = items.take(len as u64);
    let item = rmp_serde::from_read(&mut items).map_err(invalid)?;
    if items.limit() != 0 {
        return Err(invalid("trailing bytes after an item"));
    }
    Ok(item)
}

fn invalid(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

/// An item as MessagePack (structs as arrays).
#[cfg(test)]
fn encode<T: Serialize>(item: &T) -> io::Result<Vec<u8>> {
    rmp_serde::to_vec(item).map_err(invalid)
}

fn encode_into<T: Serialize>(to: &mut impl Write, item: &T) -> io::Result<()> {
    rmp_serde::encode::write(to, item).map_err(invalid)
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> io::Result<T> {
    rmp_serde::from_slice(bytes).map_err(invalid)
}

/// Bytes of a body read and validated at a time.
const BODY_CHUNK: usize = 64 << 10;

/// Reads a body, validating it a chunk at a time with simdutf8 (several times faster than
/// `String::from_utf8` on Chinese text) into a string of its length. `buf` is room for a
/// chunk, kept between bodies.
fn read_body(bodies: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<String> {
    let len = read_len(bodies)?;
    let mut text = String::with_capacity(len);
    buf.resize(BODY_CHUNK, 0);
    // Bytes of a character cut by the end of the last chunk, moved to the front.
    let mut carried = 0;
    let mut left = len;
    while left > 0 {
        let n = (BODY_CHUNK - carried).min(left);
        bodies.read_exact(&mut buf[carried..carried + n])?;
        left -= n;
        let filled = carried + n;
        // Up to the last character's start, unless the body ends here (at most 3 bytes
        // of a character are carried).
        let end = if left == 0 {
            filled
        } else {
            (filled.saturating_sub(3)..filled)
                .rev()
                .find(|&i| buf[i] & 0xC0 != 0x80)
                .unwrap_or(filled)
        };
        let valid = simdutf8::basic::from_utf8(&buf[..end])
            .map_err(|_| invalid("a spilled text is not UTF-8"))?;
        text.push_str(valid);
        buf.copy_within(end..filled, 0);
        carried = filled - end;
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::model::{ArticleRow, FindingRow, ReferenceRow, RelatedRow};
    use crate::catalog::checks::Severity;
    use crate::consistency::{Stated, Statement};
    use crate::finding::{Finding, Reference, Related, Verdict};
    use rust_decimal::Decimal;

    fn statement(stated: Stated) -> Statement {
        Statement {
            key: "figure china ghg-total 2022 t".into(),
            about: "中国 温室气体排放总量 2022".into(),
            stated,
            span: 3..40,
            line: 2,
            column: 7,
            text: "约140亿吨\"二氧化碳\"当量".into(),
            shown: "1.4e10 t".into(),
            parts: vec![3..9, 12..40],
        }
    }

    fn finding(optional: bool) -> Finding {
        Finding {
            rule: "figure-contradicts-reference".into(),
            severity: Severity::Warning,
            verdict: Verdict::Contradicts,
            message: "说 139 亿吨; 参考值 \u{1} 是 \\ 141 亿吨".into(),
            span: 0..12,
            related: if optional {
                vec![Related {
                    file: Some("b.md".into()),
                    position: Some((3, 4)),
                    span: 5..9,
                    message: "other".into(),
                }]
            } else {
                Vec::new()
            },
            help: optional.then(|| "write 141亿吨".into()),
            reference: optional.then(|| Reference {
                fact: "china-ghg-2022".into(),
                value: "14100000000".into(),
                unit: "t".into(),
                source: "EDGAR 2024".into(),
                url: None,
            }),
        }
    }

    /// Every spilled shape comes back equal through the encoding, with fields absent
    /// (`None`, empty lists) and present, both kinds of `Stated` (an internally tagged enum)
    /// and decimals.
    #[test]
    fn the_types_check_and_audit_spill_come_back_equal() {
        fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(item: T) {
            let bytes = encode(&item).unwrap();
            assert_eq!(decode::<T>(&bytes).unwrap(), item);
            let mut streamed = Vec::new();
            encode_into(&mut streamed, &item).unwrap();
            assert_eq!(streamed, bytes);
            let from_file: T = parse_from(&mut &bytes[..], bytes.len()).unwrap();
            assert_eq!(from_file, item);
        }
        let statements = vec![
            statement(Stated::Between {
                low: Some(Decimal::new(13_95, 2)),
                high: None,
            }),
            statement(Stated::Event {
                first: Some(738_000),
                last: None,
                days: Some(-3),
                on: None,
            }),
        ];
        round_trip((vec![finding(true), finding(false)], statements.clone()));
        round_trip(("doc-1".to_string(), statements));
        round_trip(ArticleRow {
            index: 4,
            name: "a.html".into(),
            bytes: 5120,
            date: Some("2023-11-09".into()),
            claims: 31,
            verified: 2,
            findings: vec![
                FindingRow::default(),
                FindingRow {
                    rule: "r".into(),
                    help: Some("h".into()),
                    reference: Some(ReferenceRow {
                        value: "1.5".into(),
                        url: Some("https://example.org".into()),
                        ..ReferenceRow::default()
                    }),
                    related: vec![RelatedRow::default()],
                    ..FindingRow::default()
                },
            ],
        });
    }

    #[test]
    fn a_corrupt_item_is_an_error_not_a_panic() {
        let bytes = encode(&(vec![finding(true)], 7usize)).unwrap();
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            let r = decode::<(Vec<Finding>, usize)>(&bytes[..cut]);
            assert_eq!(r.unwrap_err().kind(), io::ErrorKind::InvalidData);
        }
        // Trailing bytes after a streamed item are refused too.
        let mut longer = bytes.clone();
        longer.push(0);
        let r = parse_from::<(Vec<Finding>, usize)>(&mut &longer[..], longer.len());
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn bodies_come_back_whole_across_chunks_and_must_be_utf8() {
        let file = |body: &[u8]| {
            let mut file = Vec::new();
            write_len(&mut file, body.len()).unwrap();
            file.extend_from_slice(body);
            file
        };
        // Characters of 1 to 4 bytes cut by the ends of chunks at every offset.
        let mut buf = Vec::new();
        for lead in 0..4 {
            let body = "a".repeat(lead) + &"中😀éb".repeat(BODY_CHUNK / 4);
            let back = read_body(&mut &file(body.as_bytes())[..], &mut buf).unwrap();
            assert!(back == body, "lead {lead}");
        }
        for at in [
            0,
            5,
            BODY_CHUNK - 1,
            BODY_CHUNK,
            BODY_CHUNK + 2,
            3 * BODY_CHUNK - 1,
        ] {
            let mut body = "中".repeat(BODY_CHUNK).into_bytes();
            body[at] = 0xff;
            let r = read_body(&mut &file(&body)[..], &mut buf);
            assert_eq!(r.unwrap_err().kind(), io::ErrorKind::InvalidData, "at {at}");
        }
        // A character cut by the end of the body.
        let body = "中".as_bytes();
        let r = read_body(&mut &file(&body[..2])[..], &mut buf);
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn a_budget_of_zero_keeps_nothing_in_memory() {
        // Items of weight 0 too (audit's rows): they once stayed in memory, all of them.
        let mut spill = Spill::new(0);
        for i in 0..5u32 {
            spill.push(i, String::new(), 0).unwrap();
        }
        assert_eq!(spill.spilled(), 5);
        let back: Vec<u32> = spill.drain().unwrap().map(|r| r.unwrap().0).collect();
        assert_eq!(back, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn large_items_are_read_from_the_file() {
        // One item over `STREAM_ITEMS_OVER` between small ones: parsed from the file itself.
        let big: Vec<String> = (0..STREAM_ITEMS_OVER / 10 + 1)
            .map(|i| format!("{i:08}"))
            .collect();
        let mut spill = Spill::new(0);
        spill.push(vec!["a".to_owned()], "x".into(), 0).unwrap();
        spill.push(big.clone(), "y".into(), 0).unwrap();
        spill.push(vec!["b".to_owned()], String::new(), 0).unwrap();
        assert_eq!(spill.len(), 3);
        let back: Vec<(Vec<String>, String)> = spill.drain().unwrap().map(Result::unwrap).collect();
        assert_eq!(back[0], (vec!["a".to_owned()], "x".to_owned()));
        assert_eq!(back[1].0.len(), big.len());
        assert!(back[1].0 == big && back[1].1 == "y");
        assert_eq!(back[2], (vec!["b".to_owned()], String::new()));
    }

    #[test]
    fn spares_are_given_back_empty_up_to_their_limit() {
        let mut spares = Spares::new(64);
        assert_eq!(spares.take().capacity(), 0);
        spares.keep(b"written".to_vec());
        let buf = spares.take();
        assert!(buf.is_empty() && buf.capacity() >= 7);
        assert_eq!(spares.bytes, 0);
        let big = Vec::with_capacity(64);
        let cap = big.capacity();
        spares.keep(big);
        spares.keep(Vec::with_capacity(65 - cap));
        assert_eq!((spares.bufs.len(), spares.bytes), (1, cap));
    }

    #[test]
    fn push_all_and_drain_chunks_keep_the_order_of_push_and_drain() {
        let big: Vec<String> = vec!["x".repeat(STREAM_ITEMS_OVER + 1)];
        for budget in [0, 10, 1000] {
            for n in [1, 3, 50] {
                let items = |k: u8| -> Vec<(Vec<String>, String, usize)> {
                    (0..20)
                        .map(|i| {
                            let item = if i == 7 {
                                big.clone()
                            } else {
                                vec![i.to_string()]
                            };
                            // The heavy one is written as it is serialized.
                            let weight = if i == 7 { STREAM_ITEMS_OVER + 1 } else { 4 };
                            (item, format!("{k}第{i}"), weight)
                        })
                        .collect()
                };
                let (mut one, mut all) = (Spill::new(budget), Spill::new(budget));
                for (item, body, weight) in items(0) {
                    one.push(item, body, weight).unwrap();
                }
                let mut first = items(0);
                let second = first.split_off(5);
                all.push_all(first).unwrap();
                all.push_all(second).unwrap();
                assert_eq!((one.len(), one.spilled()), (all.len(), all.spilled()));
                let back: Vec<(Vec<String>, String)> =
                    one.drain().unwrap().map(Result::unwrap).collect();
                let chunks: Vec<Vec<(Vec<String>, String)>> =
                    all.drain_chunks(n).unwrap().map(Result::unwrap).collect();
                assert!(chunks.iter().all(|c| !c.is_empty() && c.len() <= n));
                assert_eq!(chunks.concat(), back, "budget {budget}, n {n}");
                assert_eq!(back.len(), 20);
                assert_eq!(back[7].0, big);
            }
        }
    }

    #[test]
    fn items_come_back_in_order_across_memory_and_files() {
        for budget in [0, 10, 1000] {
            let mut spill = Spill::new(budget);
            for i in 0..20u32 {
                spill
                    .push(vec![i.to_string(); 2], format!("第{i}\n\""), 4)
                    .unwrap();
            }
            assert_eq!(
                spill.spilled(),
                if budget == 1000 { 0 } else { 20 - budget / 4 }
            );
            let back: Vec<(Vec<String>, String)> =
                spill.drain().unwrap().map(Result::unwrap).collect();
            assert_eq!(back.len(), 20);
            for (i, (v, body)) in back.iter().enumerate() {
                assert_eq!(v[0], i.to_string());
                assert_eq!(body, &format!("第{i}\n\""));
            }
        }
    }
}
