//! Input: turns command-line paths, stdin and `--docs-jsonl` records into decoded documents.
//! Bytes are decoded from UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK;
//! a binary or undecodable input becomes an `InputError` that names it, and the other inputs
//! are still read.

use crate::normalize::{Format, sniff_format};

/// One article, decoded.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path as given, or the document id of a `--docs-jsonl` record, or `-` for stdin.
    pub name: String,
    /// The text, decoded to UTF-8. Claim spans are byte offsets into this text; for UTF-8
    /// input (with or without BOM) they are also byte offsets into the file.
    pub text: String,
    /// The format the document is read as.
    pub format: Format,
}

/// An input that could not be read. `name` is the path or document id; `message` says why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {message}")]
pub struct InputError {
    /// The path, document id or `-`.
    pub name: String,
    /// What went wrong, for a person.
    pub message: String,
}

use std::io::Read;
use std::path::{Path, PathBuf};

/// File extensions read when walking a folder.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// An input found but not read yet: reading is deferred so a batch of 100,000 files is read
/// a chunk at a time.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
    /// A path that could not be listed.
    Failed(InputError),
}

impl Pending {
    /// Reads it.
    pub fn read(&self) -> Result<Document, InputError> {
        match self {
            Pending::Stdin => {
                let mut bytes = Vec::new();
                let limit = max_file_size();
                match std::io::stdin()
                    .lock()
                    .take(limit.saturating_add(1))
                    .read_to_end(&mut bytes)
                {
                    Ok(n) if n as u64 > limit => Err(too_large("-", n as u64)),
                    Ok(_) => document_from_bytes("-".into(), &bytes, None),
                    Err(e) => Err(error("-", e.to_string())),
                }
            }
            Pending::File(path) => read_file(path),
            Pending::Failed(e) => Err(e.clone()),
        }
    }

    /// Reads it, a file's size being `size` (from `std::fs::metadata`, already asked by the
    /// caller, or `None` when that failed): as `read`, without asking for it again.
    pub fn read_sized(&self, size: Option<u64>) -> Result<Document, InputError> {
        match self {
            Pending::File(path) => read_file_sized(path, size),
            _ => self.read(),
        }
    }
}

/// Lists each path as given: `-` is stdin, a folder is walked recursively (files with an
/// article extension, sorted by path, hidden folders and files skipped), any other path is
/// one document (an unknown extension is read as text and its format sniffed). One entry per
/// document, in order; a missing path or a folder without articles is a `Failed` entry.
pub fn list_paths<P: AsRef<Path>>(paths: &[P]) -> Vec<Pending> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let name = path.to_string_lossy().into_owned();
        if name == "-" {
            out.push(Pending::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.push(Pending::Failed(error(&name, "no such file or directory")));
            }
            Err(e) => out.push(Pending::Failed(error(&name, e.to_string()))),
            Ok(meta) if meta.is_dir() => list_folder(path, &name, &mut out),
            Ok(_) => out.push(Pending::File(path.to_path_buf())),
        }
    }
    out
}

/// Reads each path as given (see `list_paths`). One result per document, in order; errors
/// name the path.
pub fn read_paths<P: AsRef<Path>>(paths: &[P]) -> Vec<Result<Document, InputError>> {
    list_paths(paths).iter().map(Pending::read).collect()
}

fn error(name: &str, message: impl Into<String>) -> InputError {
    InputError {
        name: name.to_owned(),
        message: message.into(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
}

fn list_folder(dir: &Path, name: &str, out: &mut Vec<Pending>) {
    let before = out.len();
    // Sorted by the whole path rather than `sort_by_file_name`: entries are sorted among the
    // entries of one folder, whose paths are that folder's path joined with their names, so
    // the paths order as the names do, without `Path::file_name` parsing components on every
    // comparison (which cost 5,000 files about 40M instructions).
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
                if ARTICLE_EXTENSIONS
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(ext))
                {
                    out.push(Pending::File(e.path().to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| name.to_owned(), |p| p.display().to_string());
                out.push(Pending::Failed(error(&path, e.to_string())));
            }
        }
    }
    if out.len() == before {
        out.push(Pending::Failed(error(
            name,
            "folder holds no articles (.txt .md .markdown .html .htm)",
        )));
    }
}

/// The largest file read as one article, in bytes (256 MiB unless `set_max_file_size` says
/// otherwise): a bigger file is reported, not read, so a stray database dump cannot exhaust
/// memory.
static MAX_FILE_BYTES: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(256 * 1024 * 1024);

/// Sets the largest file read as one article (`--max-file-size`).
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_BYTES.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

/// The largest file read as one article.
pub fn max_file_size() -> u64 {
    MAX_FILE_BYTES.load(std::sync::atomic::Ordering::Relaxed)
}

fn too_large(name: &str, size: u64) -> InputError {
    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    error(
        name,
        format!(
            "{:.1} MiB is over the {:.1} MiB limit for one article; split it, or raise the limit with --max-file-size",
            mb(size),
            mb(max_file_size())
        ),
    )
}

/// Reads one file. Its format comes from its extension (`.md`, `.html`); `.txt` files and
/// other extensions are sniffed, since scraped pages are often saved as `.txt`.
pub fn read_file(path: &Path) -> Result<Document, InputError> {
    read_file_sized(path, std::fs::metadata(path).ok().map(|m| m.len()))
}

/// `read_file` of a file whose size is `size` (`None`: its metadata could not be read).
fn read_file_sized(path: &Path, size: Option<u64>) -> Result<Document, InputError> {
    let name = path.to_string_lossy().into_owned();
    if let Some(size) = size
        && size > max_file_size()
    {
        return Err(too_large(&name, size));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            error(&name, "no such file or directory")
        } else {
            error(&name, e.to_string())
        }
    })?;
    let format = path
        .extension()
        .and_then(|x| x.to_str())
        .and_then(Format::from_extension);
    document_from_bytes(name, &bytes, format)
}

/// A document from raw bytes: decoded (see `decode`); the format is `format` when it is
/// Markdown or HTML, else sniffed from the text.
pub fn document_from_bytes(
    name: String,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Document, InputError> {
    let text = decode(bytes).map_err(|m| error(&name, m))?;
    // A `.txt` file is often a scraped page (HTML or Markdown): its content decides.
    let format = match format {
        Some(Format::Text) | None => sniff_format(&text),
        Some(f) => f,
    };
    Ok(Document { name, text, format })
}

/// Decodes the bytes of an article.
///
/// - UTF-8 (with or without BOM) is kept as is: a BOM stays in the text as U+FEFF (the
///   normalizer drops it), so byte offsets in the text equal byte offsets in the file.
/// - UTF-16 LE/BE with a BOM is decoded.
/// - A file with NUL bytes in its first 8 KiB (and no UTF-16 BOM) is binary: an error.
/// - Otherwise the encoding is detected (`chardetng`: GB18030/GBK, Big5, Shift_JIS, EUC-KR,
///   windows-125x ...) and decoded; malformed bytes are an error.
///
/// For every input that is not UTF-8, claim spans are byte offsets into the UTF-8
/// transcoding of the file, not into the file itself.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(format!("cannot decode as {} (malformed data)", enc.name()));
        }
        return Ok(text.into_owned());
    }
    // simdutf8 validates several times faster than `std::str::from_utf8` on Chinese text.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        // `memchr` (vector search) rather than `<[u8]>::contains`, which goes a word at a time.
        if memchr::memchr(0, &s.as_bytes()[..s.len().min(8192)]).is_some() {
            return Err("binary file, not an article".into());
        }
        return Ok(s.to_owned());
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err("binary file, not an article".into());
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
    let enc = if enc == encoding_rs::UTF_8 {
        encoding_rs::GB18030
    } else {
        enc
    };
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(text),
            encoding_rs::DecoderResult::OutputFull => {
                text.reserve(bytes.len() - read + 16);
            }
            encoding_rs::DecoderResult::Malformed(bad, _) => {
                let offset = read.saturating_sub(usize::from(bad));
                return Err(format!(
                    "cannot decode as UTF-8, UTF-16 or GB18030 (invalid byte at offset {offset}; guessed {})",
                    enc.name()
                ));
            }
        }
    }
}

/// One `--docs-jsonl` record.
#[derive(serde::Deserialize)]
struct Record {
    id: String,
    text: String,
    #[serde(default)]
    format: Option<String>,
}

/// One `--docs-jsonl` line as a document; `at` names it in errors (`file:line`).
fn record(line: &str, at: &str) -> Result<Document, InputError> {
    let r = serde_json::from_str::<Record>(line)
        .map_err(|e| error(at, format!("invalid document record: {e}")))?;
    let format = match r.format.as_deref() {
        None | Some("") => sniff_format(&r.text),
        Some(f) => Format::from_name(f)
            .ok_or_else(|| error(at, format!("unknown format {f:?} (txt, md, html)")))?,
    };
    Ok(Document {
        name: r.id,
        text: r.text,
        format,
    })
}

/// Reads `--docs-jsonl` input: each non-empty line is `{"id", "text", "format"?}`.
/// A bad line becomes an error naming `<source>:<line>`; the other lines are still read.
/// `source` names the input in errors (the file path or `-`).
pub fn read_docs_jsonl(input: &str, source: &str) -> Vec<Result<Document, InputError>> {
    input
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim_start_matches('\u{FEFF}');
            (!line.trim().is_empty()).then(|| record(line, &format!("{source}:{}", i + 1)))
        })
        .collect()
}

/// `--docs-jsonl` records read one line at a time (JSON Lines is UTF-8; a line that is not
/// is an error naming it, and the next lines are still read).
pub struct JsonlDocs {
    reader: Box<dyn std::io::BufRead + Send>,
    source: String,
    line: usize,
    buf: Vec<u8>,
    failed: Option<InputError>,
}

impl JsonlDocs {
    /// Opens a path (`-` is stdin); a path that cannot be opened yields one error.
    pub fn open(path: &str) -> JsonlDocs {
        let (reader, failed): (Box<dyn std::io::BufRead + Send>, _) = if path == "-" {
            (Box::new(std::io::BufReader::new(std::io::stdin())), None)
        } else {
            match std::fs::File::open(path) {
                Ok(f) => (Box::new(std::io::BufReader::new(f)), None),
                Err(e) => {
                    let message = if e.kind() == std::io::ErrorKind::NotFound {
                        "no such file or directory".to_owned()
                    } else {
                        e.to_string()
                    };
                    (Box::new(std::io::empty()), Some(error(path, message)))
                }
            }
        };
        JsonlDocs {
            reader,
            source: path.to_owned(),
            line: 0,
            buf: Vec::new(),
            failed,
        }
    }
}

impl Iterator for JsonlDocs {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.failed.take() {
            return Some(Err(e));
        }
        loop {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.line += 1;
                    let at = format!("{}:{}", self.source, self.line);
                    self.reader = Box::new(std::io::empty());
                    return Some(Err(error(&at, e.to_string())));
                }
            }
            self.line += 1;
            let at = format!("{}:{}", self.source, self.line);
            let line = match std::str::from_utf8(&self.buf) {
                Ok(l) => l.trim_start_matches('\u{FEFF}'),
                Err(e) => {
                    let message = format!(
                        "not UTF-8 (invalid byte at column {}); JSON Lines must be UTF-8",
                        e.valid_up_to() + 1
                    );
                    return Some(Err(error(&at, message)));
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            return Some(record(line, &at));
        }
    }
}

/// Reads `--docs-jsonl` input from a path (`-` is stdin).
pub fn read_docs_jsonl_path(path: &str) -> Vec<Result<Document, InputError>> {
    JsonlDocs::open(path).collect()
}

/// Paths given as strings or `PathBuf`s.
pub fn to_paths<S: AsRef<str>>(args: &[S]) -> Vec<PathBuf> {
    args.iter().map(|s| PathBuf::from(s.as_ref())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("emcheck-source-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn decodes_utf8_and_bom() {
        assert_eq!(decode("中国139亿吨".as_bytes()).unwrap(), "中国139亿吨");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("中国".as_bytes());
        let text = decode(&bom).unwrap();
        assert_eq!(text, "\u{FEFF}中国");
        assert_eq!(text.len(), bom.len(), "offsets equal file offsets");
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let s = "中国2022年排放139亿吨";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), s);
        assert_eq!(decode(&be).unwrap(), s);
    }

    #[test]
    fn decodes_gb18030() {
        let s = "中国2022年排放139亿吨。美国的碳排放量占全球排放量的13%，作为世界第二大碳排放国。";
        let (bytes, _, _) = encoding_rs::GB18030.encode(s);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode(&bytes).unwrap(), s);
        let doc = document_from_bytes("x".into(), &bytes, None).unwrap();
        assert_eq!(doc.format, Format::Text);
    }

    #[test]
    fn rejects_binary() {
        let bytes = [0x89, b'P', b'N', b'G', 0, 0, 0, 0x0D, 0xFF, 0x00];
        assert_eq!(decode(&bytes).unwrap_err(), "binary file, not an article");
        assert_eq!(
            decode(b"abc\0def").unwrap_err(),
            "binary file, not an article"
        );
    }

    #[test]
    fn missing_path_and_empty_folder() {
        let r = read_paths(&["/nonexistent/emcheck/x.md"]);
        assert_eq!(r.len(), 1);
        let e = r[0].as_ref().unwrap_err();
        assert_eq!(e.name, "/nonexistent/emcheck/x.md");
        assert_eq!(e.message, "no such file or directory");
        let dir = temp_dir("empty");
        std::fs::write(dir.join("notes.json"), "{}").unwrap();
        let r = read_paths(&[&dir]);
        assert_eq!(r.len(), 1);
        assert!(r[0].as_ref().unwrap_err().message.contains("no articles"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reads_a_file_whatever_size_it_was_said_to_have() {
        let dir = temp_dir("sized");
        let path = dir.join("a.txt");
        let text = "二〇二三年排放量为 12.5 亿吨。\n".repeat(2000);
        std::fs::write(&path, &text).unwrap();
        let len = text.len() as u64;
        // The size asked before reading may be stale: the file grew, shrank or was empty then.
        for size in [
            Some(len),
            Some(0),
            Some(len - 1),
            Some(len + 1),
            Some(len * 4),
            None,
        ] {
            let doc = Pending::File(path.clone()).read_sized(size).unwrap();
            assert_eq!(doc.text, text, "{size:?}");
        }
        // Over the limit by the size given; a missing file named as before.
        let e = Pending::File(path.clone())
            .read_sized(Some(max_file_size() + 1))
            .unwrap_err();
        assert!(e.message.contains("limit"), "{e}");
        let gone = dir.join("gone.txt");
        for size in [None, Some(5)] {
            let e = Pending::File(gone.clone()).read_sized(size).unwrap_err();
            assert_eq!(e.message, "no such file or directory");
        }
        let e = Pending::File(dir.clone())
            .read_sized(Some(4096))
            .unwrap_err();
        assert_eq!(e, read_file(&dir).unwrap_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn folder_entries_sort_by_name() {
        // Names sharing a prefix, digits, case, a space, a folder named like a file's stem:
        // sorting by the whole path must give the order of sorting each folder by name.
        let dir = temp_dir("names");
        let names = [
            "a.txt", "a-b.txt", "a b.txt", "a_b.md", "B.txt", "10.txt", "9.txt", "é.txt", "ab.txt",
            "a.txt.md",
        ];
        for n in names {
            std::fs::write(dir.join(n), "x").unwrap();
        }
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/z.txt"), "x").unwrap();
        let listed: Vec<PathBuf> = list_paths(&[&dir])
            .into_iter()
            .map(|p| match p {
                Pending::File(p) => p,
                other => panic!("{other:?}"),
            })
            .collect();
        let mut expected: Vec<Vec<std::ffi::OsString>> = listed
            .iter()
            .map(|p| {
                p.strip_prefix(&dir)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_owned())
                    .collect()
            })
            .collect();
        let seen = expected.clone();
        expected.sort();
        assert_eq!(seen, expected);
        assert_eq!(listed.len(), names.len() + 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn walks_folders_in_order() {
        let dir = temp_dir("walk");
        std::fs::create_dir_all(dir.join("b/c")).unwrap();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        std::fs::write(dir.join("z.txt"), "z").unwrap();
        std::fs::write(dir.join("a.md"), "# a").unwrap();
        std::fs::write(dir.join("b/c/d.html"), "<p>d</p>").unwrap();
        std::fs::write(dir.join("b/x.HTM"), "<p>x</p>").unwrap();
        std::fs::write(dir.join("b/skip.json"), "{}").unwrap();
        std::fs::write(dir.join(".git/HEAD.txt"), "ref").unwrap();
        let other = dir.join("given.log");
        std::fs::write(&other, "<div>explicit</div>").unwrap();
        let docs: Vec<Document> = read_paths(&[dir.clone(), other])
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let names: Vec<String> = docs
            .iter()
            .map(|d| {
                d.name
                    .strip_prefix(dir.to_str().unwrap())
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            ["/a.md", "/b/c/d.html", "/b/x.HTM", "/z.txt", "/given.log"]
        );
        let formats: Vec<Format> = docs.iter().map(|d| d.format).collect();
        assert_eq!(
            formats,
            [
                Format::Markdown,
                Format::Html,
                Format::Html,
                Format::Text,
                Format::Html
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn jsonl_bad_line_among_good_ones() {
        let input = "{\"id\": \"a\", \"text\": \"中国139亿吨\", \"format\": \"txt\"}\n\n{\"id\": \"b\", \"text\": \n{\"id\": \"c\", \"text\": \"<p>x</p>\"}\n{\"id\": \"d\"}\n{\"id\": \"e\", \"text\": \"x\", \"format\": \"pdf\"}\n";
        let r = read_docs_jsonl(input, "docs.jsonl");
        assert_eq!(r.len(), 5);
        let a = r[0].as_ref().unwrap();
        assert_eq!((a.name.as_str(), a.format), ("a", Format::Text));
        let b = r[1].as_ref().unwrap_err();
        assert_eq!(b.name, "docs.jsonl:3");
        assert!(b.message.contains("EOF"), "{}", b.message);
        let c = r[2].as_ref().unwrap();
        assert_eq!((c.name.as_str(), c.format), ("c", Format::Html));
        let d = r[3].as_ref().unwrap_err();
        assert_eq!(d.name, "docs.jsonl:5");
        assert!(d.message.contains("missing field `text`"), "{}", d.message);
        assert_eq!(r[4].as_ref().unwrap_err().name, "docs.jsonl:6");
    }
}
