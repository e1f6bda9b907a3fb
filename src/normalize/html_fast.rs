//! A byte-level scanner for the HTML that articles are made of, reporting to the reader's
//! `Sink` the same tokens, with the same spans, as `html5tokenizer`'s `NaiveParser` would,
//! quirks included: the span of a decoded named reference runs to the character after it
//! minus the decoded character's length; a tag whose `<` the tokenizer had read ahead (after
//! a reference, `&` or `<`) starts one byte late; `</x` inside a script drops back to the
//! data state. Text between markup is handed over a run at a time instead of a token a
//! character.
//!
//! Whatever it is not sure to read as the tokenizer does, it gives up on (`Bail`); the caller
//! then drops the partly fed sink and tokenizes the whole document with `html5tokenizer`:
//! NUL or `\r` anywhere, CDATA sections, unterminated comments, named references it does not
//! know (with `;`) or that a legacy name without `;` could match, `<!--` in a script, `<xmp>`
//! and `<plaintext>`, self-closing raw-text elements, references in the attribute values the
//! reader looks at. The tests in `html.rs` hold the two paths to the same pieces and result.

use super::html::{Sink, TagAttributes};
use memchr::{memchr, memchr2, memmem};

/// The fast scanner does not handle this document.
#[derive(Debug)]
pub(super) struct Bail;

/// Scans `original` into `sink`, or gives up (the sink is then only partly fed).
pub(super) fn scan(original: &str, sink: &mut Sink) -> Result<(), Bail> {
    let b = original.as_bytes();
    let len = b.len();
    if memchr2(0, b'\r', b).is_some() {
        return Err(Bail);
    }
    // The cursor, and whether the tokenizer has already read the character there (it then
    // reconsumes it, and its reader position is one character ahead).
    let mut i = 0;
    let mut peeked = false;
    let mut name = String::new();
    let mut attrs = Attrs::default();
    loop {
        // Markup that follows markup (`</p><p>`, most tags of an article) is where it is
        // without a search, whose set-up costs more than the byte test.
        let j = if matches!(b.get(i), Some(b'<' | b'&')) {
            i
        } else {
            memchr2(b'<', b'&', &b[i..]).map_or(len, |k| i + k)
        };
        if j > i {
            sink.text_run(i, j);
            peeked = false;
        }
        if j == len {
            sink.eof(len);
            return Ok(());
        }
        i = j;
        if b[i] == b'&' {
            (i, peeked) = reference(original, i, sink)?;
            continue;
        }
        // `<`: the tokenizer records where it is before reading it (`some_offset`, the start
        // of the tag's span), which is after it when it had read it ahead.
        let some_offset = if peeked { i + 1 } else { i };
        peeked = false;
        let Some(&next) = b.get(i + 1) else {
            sink.char('<', i..i + 1);
            sink.eof(len);
            return Ok(());
        };
        let end = match next {
            b'!' => markup_declaration(original, i, sink)?,
            b'?' => bogus_comment(original, i + 1, sink),
            b'/' => match b.get(i + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let name_end = tag_name_end(b, i + 2);
                    lower_into(&mut name, &original[i + 2..name_end]);
                    attrs.clear();
                    let tag = attributes(original, name_end, &mut attrs, false)?;
                    tag.map(|(end, _)| {
                        sink.end_tag(&name, some_offset..end);
                        end
                    })
                }
                Some(b'>') => Some(i + 3),
                Some(_) => bogus_comment(original, i + 2, sink),
                None => {
                    sink.char('<', some_offset..some_offset + 1);
                    sink.char('/', some_offset + 1..some_offset + 2);
                    None
                }
            },
            c if c.is_ascii_alphabetic() => {
                let name_end = tag_name_end(b, i + 1);
                lower_into(&mut name, &original[i + 1..name_end]);
                attrs.clear();
                match attributes(original, name_end, &mut attrs, true)? {
                    Some((end, self_closing)) => {
                        sink.start_tag(&name, self_closing, some_offset..end, &attrs);
                        let raw = match name.as_str() {
                            "title" | "textarea" | "style" | "iframe" | "noembed" | "noframes" => {
                                true
                            }
                            "script" => false,
                            "xmp" | "plaintext" => return Err(Bail),
                            _ => {
                                i = end;
                                continue;
                            }
                        };
                        // The element's content is text to the tokenizer, and masked here.
                        if self_closing || !sink.is_masked() {
                            return Err(Bail);
                        }
                        if raw {
                            raw_text(original, end, &name, &mut attrs, some_offset, sink)?
                        } else {
                            match script(original, end, &name, &mut attrs, some_offset, sink)? {
                                Script::End(end) => Some(end),
                                Script::Data(at) => {
                                    // The tokenizer reads on in the data state from `at`
                                    // (the character there already read).
                                    i = at;
                                    peeked = at < len;
                                    continue;
                                }
                            }
                        }
                    }
                    None => None,
                }
            }
            _ => {
                // Not a tag: `<` is text, reported where the tokenizer is after reading the
                // next character, which it reads again.
                let after = i + 1 + utf8_len(next);
                sink.char('<', after - 1..after);
                i += 1;
                peeked = true;
                continue;
            }
        };
        match end {
            Some(end) => i = end,
            None => {
                sink.eof(len);
                return Ok(());
            }
        }
    }
}

/// The length of the UTF-8 sequence led by `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..0x80 => 1,
        0xE0..0xF0 => 3,
        0xF0.. => 4,
        _ => 2,
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0C | b' ')
}

/// The end of a tag name starting at `start`.
fn tag_name_end(b: &[u8], start: usize) -> usize {
    b[start..]
        .iter()
        .position(|&c| is_space(c) || c == b'/' || c == b'>')
        .map_or(b.len(), |k| start + k)
}

fn lower_into(out: &mut String, s: &str) {
    out.clear();
    out.push_str(s);
    out.make_ascii_lowercase();
}

/// The attributes the reader looks at (the first of each name, as the tokenizer keeps).
#[derive(Default)]
struct Attrs<'a> {
    values: [Option<&'a str>; ATTRS.len()],
}

const ATTRS: [&str; 7] = [
    "class", "id", "property", "name", "itemprop", "content", "datetime",
];

impl Attrs<'_> {
    fn clear(&mut self) {
        self.values = [None; ATTRS.len()];
    }
}

impl TagAttributes for Attrs<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let k = ATTRS.iter().position(|a| *a == name)?;
        self.values[k]
    }
}

/// Reads the rest of a tag from `at`, just after its name, as the tokenizer's attribute
/// states do. Returns the end of the tag and whether it is self-closing, or `None` when the
/// input ends inside it (the tokenizer then drops the tag). With `keep`, the values of the
/// attributes in `ATTRS` go into `attrs`.
fn attributes<'a>(
    original: &'a str,
    mut at: usize,
    attrs: &mut Attrs<'a>,
    keep: bool,
) -> Result<Option<(usize, bool)>, Bail> {
    #[derive(Clone, Copy)]
    enum St {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Quoted(u8),
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let b = original.as_bytes();
    // The tag name ended at `at` (on white space, `/` or `>`).
    let mut st = match b.get(at) {
        None => return Ok(None),
        Some(b'/') => St::SelfClosing,
        Some(b'>') => return Ok(Some((at + 1, false))),
        Some(_) => St::BeforeName,
    };
    at += 1;
    let mut name_start = 0;
    let mut value_start = 0;
    // The slot of the attribute being read, when it is one the reader looks at and the
    // first of its name.
    let mut slot: Option<usize> = None;
    let end_name = |attrs: &mut Attrs<'a>, start: usize, end: usize| -> Option<usize> {
        if !keep {
            return None;
        }
        let n = &original[start..end];
        let k = ATTRS.iter().position(|a| a.eq_ignore_ascii_case(n))?;
        if attrs.values[k].is_some() {
            return None;
        }
        attrs.values[k] = Some("");
        Some(k)
    };
    let end_value = |attrs: &mut Attrs<'a>, slot: Option<usize>, value: &'a str| {
        if let Some(k) = slot {
            if value.contains('&') {
                return Err(Bail);
            }
            attrs.values[k] = Some(value);
        }
        Ok(())
    };
    loop {
        let Some(&c) = b.get(at) else {
            return Ok(None);
        };
        match st {
            St::BeforeName => match c {
                c if is_space(c) => at += 1,
                b'/' | b'>' => st = St::AfterName,
                _ => {
                    name_start = at;
                    st = St::Name;
                    at += 1;
                }
            },
            St::Name => match c {
                c if is_space(c) || c == b'/' || c == b'>' => {
                    slot = end_name(attrs, name_start, at);
                    st = St::AfterName;
                }
                b'=' => {
                    slot = end_name(attrs, name_start, at);
                    st = St::BeforeValue;
                    at += 1;
                }
                _ => at += 1,
            },
            St::AfterName => match c {
                c if is_space(c) => at += 1,
                b'/' => {
                    st = St::SelfClosing;
                    at += 1;
                }
                b'=' => {
                    st = St::BeforeValue;
                    at += 1;
                }
                b'>' => return Ok(Some((at + 1, false))),
                _ => {
                    name_start = at;
                    st = St::Name;
                    at += 1;
                }
            },
            St::BeforeValue => match c {
                c if is_space(c) => at += 1,
                b'"' | b'\'' => {
                    value_start = at + 1;
                    st = St::Quoted(c);
                    at += 1;
                }
                b'>' => return Ok(Some((at + 1, false))),
                _ => {
                    value_start = at;
                    st = St::Unquoted;
                }
            },
            St::Quoted(q) => {
                let Some(k) = memchr(q, &b[at..]) else {
                    return Ok(None);
                };
                end_value(attrs, slot, &original[value_start..at + k])?;
                st = St::AfterQuoted;
                at += k + 1;
            }
            St::Unquoted => match c {
                c if is_space(c) => {
                    end_value(attrs, slot, &original[value_start..at])?;
                    st = St::BeforeName;
                    at += 1;
                }
                b'>' => {
                    end_value(attrs, slot, &original[value_start..at])?;
                    return Ok(Some((at + 1, false)));
                }
                _ => at += 1,
            },
            St::AfterQuoted => match c {
                c if is_space(c) => {
                    st = St::BeforeName;
                    at += 1;
                }
                b'/' => {
                    st = St::SelfClosing;
                    at += 1;
                }
                b'>' => return Ok(Some((at + 1, false))),
                _ => st = St::BeforeName,
            },
            St::SelfClosing => match c {
                b'>' => return Ok(Some((at + 1, true))),
                _ => st = St::BeforeName,
            },
        }
    }
}

/// A comment whose data starts at `start` and runs to the next `>` (`<?...>`, `<!x...>`,
/// `</ x>`). Returns its end, `None` at the end of the input.
fn bogus_comment(original: &str, start: usize, sink: &mut Sink) -> Option<usize> {
    let b = original.as_bytes();
    match memchr(b'>', &b[start..]) {
        Some(k) => {
            sink.comment(&original[start..start + k]);
            Some(start + k + 1)
        }
        None => {
            sink.comment(&original[start..]);
            None
        }
    }
}

/// `<!` at `i`: a comment, a doctype or a bogus comment. Returns the end, `None` at the end
/// of the input.
fn markup_declaration(original: &str, i: usize, sink: &mut Sink) -> Result<Option<usize>, Bail> {
    let b = original.as_bytes();
    let rest = &b[i + 2..];
    if rest.starts_with(b"--") {
        let d = i + 4;
        let body = &b[d..];
        if body.starts_with(b">") {
            sink.comment("");
            return Ok(Some(d + 1));
        }
        if body.starts_with(b"->") {
            sink.comment("");
            return Ok(Some(d + 2));
        }
        // The comment ends at the first `-->` or `--!>`; unterminated, it is left to the
        // tokenizer (which drops the dashes at its end from the data).
        let close = memmem::find(body, b"-->").map(|k| (k, 3));
        let bang = memmem::find(&body[..close.map_or(body.len(), |(k, _)| k + 3)], b"--!>")
            .map(|k| (k, 4));
        let (k, n) = match (close, bang) {
            (Some(c), Some(g)) => {
                if g.0 < c.0 {
                    g
                } else {
                    c
                }
            }
            (Some(c), None) => c,
            (None, Some(g)) => g,
            (None, None) => return Err(Bail),
        };
        sink.comment(&original[d..d + k]);
        return Ok(Some(d + k + n));
    }
    if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
        return Ok(memchr(b'>', &b[i + 9..]).map(|k| i + 9 + k + 1));
    }
    if rest.starts_with(b"[CDATA[") {
        return Err(Bail);
    }
    Ok(bogus_comment(original, i + 2, sink))
}

/// The content of a `title`, `textarea` (RCDATA), `style`, `iframe`, `noembed` or
/// `noframes` (RAWTEXT) element, from `start` to the end tag named `name`, which the
/// tokenizer reports with the start of the last tag it opened in the data state. Returns
/// the end of the end tag, `None` at the end of the input.
fn raw_text<'a>(
    original: &'a str,
    start: usize,
    name: &str,
    attrs: &mut Attrs<'a>,
    some_offset: usize,
    sink: &mut Sink,
) -> Result<Option<usize>, Bail> {
    let b = original.as_bytes();
    let n = name.len();
    let mut from = start;
    let finder = memmem::Finder::new(b"</");
    while let Some(k) = finder.find(&b[from..]) {
        let p = from + k;
        let name_end = p + 2 + n;
        if b.len() > name_end
            && b[p + 2..name_end].eq_ignore_ascii_case(name.as_bytes())
            && (is_space(b[name_end]) || matches!(b[name_end], b'/' | b'>'))
        {
            sink.text_run(start, p);
            return end_tag_at(original, name_end, name, attrs, some_offset, sink);
        }
        from = p + 2;
    }
    sink.text_run(start, b.len());
    Ok(None)
}

/// The end tag whose name (already in `name`) ends at `name_end`.
fn end_tag_at<'a>(
    original: &'a str,
    name_end: usize,
    name: &str,
    attrs: &mut Attrs<'a>,
    some_offset: usize,
    sink: &mut Sink,
) -> Result<Option<usize>, Bail> {
    attrs.clear();
    Ok(
        attributes(original, name_end, attrs, false)?.map(|(end, _)| {
            sink.end_tag(name, some_offset..end);
            end
        }),
    )
}

enum Script {
    /// The end tag ends here (or the input ended: the length).
    End(usize),
    /// `</x` that is not the end tag: the tokenizer goes on in the data state from here.
    Data(usize),
}

/// The content of a `script` element from `start`.
fn script<'a>(
    original: &'a str,
    start: usize,
    name: &str,
    attrs: &mut Attrs<'a>,
    some_offset: usize,
    sink: &mut Sink,
) -> Result<Script, Bail> {
    let b = original.as_bytes();
    let mut from = start;
    while let Some(k) = memchr(b'<', &b[from..]) {
        let p = from + k;
        match b.get(p + 1) {
            Some(b'/') if b.get(p + 2).is_some_and(u8::is_ascii_alphabetic) => {
                let q = p
                    + 2
                    + b[p + 2..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .count();
                if b[p + 2..q].eq_ignore_ascii_case(b"script")
                    && b.get(q)
                        .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
                {
                    sink.text_run(start, p);
                    return Ok(
                        match end_tag_at(original, q, name, attrs, some_offset, sink)? {
                            Some(end) => Script::End(end),
                            None => Script::End(b.len()),
                        },
                    );
                }
                sink.text_run(start, q);
                return Ok(Script::Data(q));
            }
            Some(b'/') => from = p + 2,
            Some(b'!') if b[p + 2..].starts_with(b"--") => return Err(Bail),
            _ => from = p + 1,
        }
    }
    sink.text_run(start, b.len());
    Ok(Script::End(b.len()))
}

/// `&` at `i` in the data state: reports the characters it stands for. Returns where the
/// data state goes on and whether the tokenizer has already read the character there.
fn reference(original: &str, i: usize, sink: &mut Sink) -> Result<(usize, bool), Bail> {
    let b = original.as_bytes();
    let len = b.len();
    let next_len = |at: usize| b.get(at).map_or(0, |&c| utf8_len(c));
    match b.get(i + 1) {
        Some(c) if c.is_ascii_alphanumeric() => {
            let k = i
                + 1
                + b[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
            let name = &original[i + 1..k];
            if b.get(k) == Some(&b';') {
                let c = named_reference(name).ok_or(Bail)?;
                let end = k + 1;
                // The tokenizer has read the next character when it reports the span.
                sink.char(c, i..end + next_len(end) - c.len_utf8());
                return Ok((end, end < len));
            }
            if LEGACY_NAMES.iter().any(|l| name.starts_with(l)) {
                return Err(Bail);
            }
            // No reference: `&` and the name are text.
            sink.char('&', i..i + 1);
            sink.text_run(i + 1, k);
            Ok((k, k < len))
        }
        Some(b'#') => {
            let hex = matches!(b.get(i + 2), Some(b'x' | b'X'));
            let digits = if hex { i + 3 } else { i + 2 };
            let k = digits
                + b[digits.min(len)..]
                    .iter()
                    .take_while(|c| {
                        if hex {
                            c.is_ascii_hexdigit()
                        } else {
                            c.is_ascii_digit()
                        }
                    })
                    .count();
            if k == digits {
                // No digits: `&#` (`&#x`) is text.
                for (at, &c) in (i..).zip(&b[i..digits]) {
                    sink.char(c as char, at..at + 1);
                }
                return Ok((digits, digits < len));
            }
            let radix = if hex { 16 } else { 10 };
            let mut code: u32 = 0;
            for &d in &b[digits..k] {
                let v = (d as char).to_digit(radix).expect("a digit");
                code = code
                    .checked_mul(radix)
                    .and_then(|x| x.checked_add(v))
                    .unwrap_or(0x11_0000)
                    .min(0x11_0000);
            }
            let c = numeric_reference(code);
            if b.get(k) == Some(&b';') {
                sink.char(c, i..k + 1);
                Ok((k + 1, false))
            } else {
                // Without `;`, the tokenizer has read the next character.
                sink.char(c, i..k + next_len(k));
                Ok((k, k < len))
            }
        }
        next => {
            sink.char('&', i..i + 1);
            Ok((i + 1, next.is_some()))
        }
    }
}

/// The character a numeric reference stands for.
fn numeric_reference(code: u32) -> char {
    let code = match code {
        0 | 0xD800..=0xDFFF | 0x11_0000.. => 0xFFFD,
        0x80 => 0x20AC,
        0x82 => 0x201A,
        0x83 => 0x0192,
        0x84 => 0x201E,
        0x85 => 0x2026,
        0x86 => 0x2020,
        0x87 => 0x2021,
        0x88 => 0x02C6,
        0x89 => 0x2030,
        0x8A => 0x0160,
        0x8B => 0x2039,
        0x8C => 0x0152,
        0x8E => 0x017D,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x98 => 0x02DC,
        0x99 => 0x2122,
        0x9A => 0x0161,
        0x9B => 0x203A,
        0x9C => 0x0153,
        0x9E => 0x017E,
        0x9F => 0x0178,
        c => c,
    };
    char::from_u32(code).unwrap_or('\u{FFFD}')
}

/// The names of the references that the tokenizer also reads without `;` (`&copy2023`):
/// a name that starts with one of them is left to the tokenizer.
const LEGACY_NAMES: [&str; 106] = [
    "AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml", "COPY", "Ccedil",
    "ETH", "Eacute", "Ecirc", "Egrave", "Euml", "GT", "Iacute", "Icirc", "Igrave", "Iuml", "LT",
    "Ntilde", "Oacute", "Ocirc", "Ograve", "Oslash", "Otilde", "Ouml", "QUOT", "REG", "THORN",
    "Uacute", "Ucirc", "Ugrave", "Uuml", "Yacute", "aacute", "acirc", "acute", "aelig", "agrave",
    "amp", "aring", "atilde", "auml", "brvbar", "ccedil", "cedil", "cent", "copy", "curren", "deg",
    "divide", "eacute", "ecirc", "egrave", "eth", "euml", "frac12", "frac14", "frac34", "gt",
    "iacute", "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo", "lt", "macr", "micro",
    "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm", "oslash",
    "otilde", "ouml", "para", "plusmn", "pound", "quot", "raquo", "reg", "sect", "shy", "sup1",
    "sup2", "sup3", "szlig", "thorn", "times", "uacute", "ucirc", "ugrave", "uml", "uuml",
    "yacute", "yen", "yuml",
];

/// The character of a named reference written with `;`, for the names articles use (the
/// Latin-1 names and common punctuation, symbols and spaces); other names are left to the
/// tokenizer.
fn named_reference(name: &str) -> Option<char> {
    let i = NAMED.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
    Some(NAMED[i].1)
}

/// Sorted by name (byte order).
const NAMED: &[(&str, char)] = &[
    ("AElig", '\u{C6}'),
    ("AMP", '&'),
    ("Aacute", '\u{C1}'),
    ("Acirc", '\u{C2}'),
    ("Agrave", '\u{C0}'),
    ("Alpha", '\u{391}'),
    ("Aring", '\u{C5}'),
    ("Atilde", '\u{C3}'),
    ("Auml", '\u{C4}'),
    ("Beta", '\u{392}'),
    ("COPY", '\u{A9}'),
    ("Ccedil", '\u{C7}'),
    ("Dagger", '\u{2021}'),
    ("Delta", '\u{394}'),
    ("ETH", '\u{D0}'),
    ("Eacute", '\u{C9}'),
    ("Ecirc", '\u{CA}'),
    ("Egrave", '\u{C8}'),
    ("Euml", '\u{CB}'),
    ("GT", '>'),
    ("Gamma", '\u{393}'),
    ("Iacute", '\u{CD}'),
    ("Icirc", '\u{CE}'),
    ("Igrave", '\u{CC}'),
    ("Iuml", '\u{CF}'),
    ("LT", '<'),
    ("Ntilde", '\u{D1}'),
    ("OElig", '\u{152}'),
    ("Oacute", '\u{D3}'),
    ("Ocirc", '\u{D4}'),
    ("Ograve", '\u{D2}'),
    ("Omega", '\u{3A9}'),
    ("Oslash", '\u{D8}'),
    ("Otilde", '\u{D5}'),
    ("Ouml", '\u{D6}'),
    ("Prime", '\u{2033}'),
    ("QUOT", '"'),
    ("REG", '\u{AE}'),
    ("Scaron", '\u{160}'),
    ("Sigma", '\u{3A3}'),
    ("THORN", '\u{DE}'),
    ("Uacute", '\u{DA}'),
    ("Ucirc", '\u{DB}'),
    ("Ugrave", '\u{D9}'),
    ("Uuml", '\u{DC}'),
    ("Yacute", '\u{DD}'),
    ("aacute", '\u{E1}'),
    ("acirc", '\u{E2}'),
    ("acute", '\u{B4}'),
    ("aelig", '\u{E6}'),
    ("agrave", '\u{E0}'),
    ("alpha", '\u{3B1}'),
    ("amp", '&'),
    ("apos", '\''),
    ("aring", '\u{E5}'),
    ("asymp", '\u{2248}'),
    ("atilde", '\u{E3}'),
    ("auml", '\u{E4}'),
    ("bdquo", '\u{201E}'),
    ("beta", '\u{3B2}'),
    ("brvbar", '\u{A6}'),
    ("bull", '\u{2022}'),
    ("ccedil", '\u{E7}'),
    ("cedil", '\u{B8}'),
    ("cent", '\u{A2}'),
    ("copy", '\u{A9}'),
    ("curren", '\u{A4}'),
    ("dagger", '\u{2020}'),
    ("darr", '\u{2193}'),
    ("deg", '\u{B0}'),
    ("delta", '\u{3B4}'),
    ("divide", '\u{F7}'),
    ("eacute", '\u{E9}'),
    ("ecirc", '\u{EA}'),
    ("egrave", '\u{E8}'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("equiv", '\u{2261}'),
    ("eth", '\u{F0}'),
    ("euml", '\u{EB}'),
    ("euro", '\u{20AC}'),
    ("frac12", '\u{BD}'),
    ("frac14", '\u{BC}'),
    ("frac34", '\u{BE}'),
    ("frasl", '\u{2044}'),
    ("gamma", '\u{3B3}'),
    ("ge", '\u{2265}'),
    ("gt", '>'),
    ("harr", '\u{2194}'),
    ("hellip", '\u{2026}'),
    ("iacute", '\u{ED}'),
    ("icirc", '\u{EE}'),
    ("iexcl", '\u{A1}'),
    ("igrave", '\u{EC}'),
    ("infin", '\u{221E}'),
    ("iquest", '\u{BF}'),
    ("iuml", '\u{EF}'),
    ("lambda", '\u{3BB}'),
    ("laquo", '\u{AB}'),
    ("larr", '\u{2190}'),
    ("ldquo", '\u{201C}'),
    ("le", '\u{2264}'),
    ("lrm", '\u{200E}'),
    ("lsaquo", '\u{2039}'),
    ("lsquo", '\u{2018}'),
    ("lt", '<'),
    ("macr", '\u{AF}'),
    ("mdash", '\u{2014}'),
    ("micro", '\u{B5}'),
    ("middot", '\u{B7}'),
    ("minus", '\u{2212}'),
    ("mu", '\u{3BC}'),
    ("nbsp", '\u{A0}'),
    ("ndash", '\u{2013}'),
    ("ne", '\u{2260}'),
    ("not", '\u{AC}'),
    ("ntilde", '\u{F1}'),
    ("oacute", '\u{F3}'),
    ("ocirc", '\u{F4}'),
    ("oelig", '\u{153}'),
    ("ograve", '\u{F2}'),
    ("oline", '\u{203E}'),
    ("omega", '\u{3C9}'),
    ("ordf", '\u{AA}'),
    ("ordm", '\u{BA}'),
    ("oslash", '\u{F8}'),
    ("otilde", '\u{F5}'),
    ("ouml", '\u{F6}'),
    ("para", '\u{B6}'),
    ("permil", '\u{2030}'),
    ("phi", '\u{3C6}'),
    ("pi", '\u{3C0}'),
    ("plusmn", '\u{B1}'),
    ("pound", '\u{A3}'),
    ("prime", '\u{2032}'),
    ("quot", '"'),
    ("radic", '\u{221A}'),
    ("raquo", '\u{BB}'),
    ("rarr", '\u{2192}'),
    ("rdquo", '\u{201D}'),
    ("reg", '\u{AE}'),
    ("rlm", '\u{200F}'),
    ("rsaquo", '\u{203A}'),
    ("rsquo", '\u{2019}'),
    ("sbquo", '\u{201A}'),
    ("scaron", '\u{161}'),
    ("sect", '\u{A7}'),
    ("shy", '\u{AD}'),
    ("sigma", '\u{3C3}'),
    ("sim", '\u{223C}'),
    ("sup1", '\u{B9}'),
    ("sup2", '\u{B2}'),
    ("sup3", '\u{B3}'),
    ("szlig", '\u{DF}'),
    ("theta", '\u{3B8}'),
    ("thinsp", '\u{2009}'),
    ("thorn", '\u{FE}'),
    ("tilde", '\u{2DC}'),
    ("times", '\u{D7}'),
    ("trade", '\u{2122}'),
    ("uacute", '\u{FA}'),
    ("uarr", '\u{2191}'),
    ("ucirc", '\u{FB}'),
    ("ugrave", '\u{F9}'),
    ("uml", '\u{A8}'),
    ("uuml", '\u{FC}'),
    ("yacute", '\u{FD}'),
    ("yen", '\u{A5}'),
    ("yuml", '\u{FF}'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

#[cfg(test)]
mod tests {
    use super::*;
    use html5tokenizer::{NaiveParser, Token};

    /// The characters `html5tokenizer` decodes `text` to.
    fn decoded(text: &str) -> String {
        NaiveParser::new(text)
            .flatten()
            .filter_map(|t| match t {
                Token::Char(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn named_references_are_the_tokenizers() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0), "NAMED is sorted");
        for (name, c) in NAMED {
            assert_eq!(decoded(&format!("&{name};")), c.to_string(), "&{name};");
            assert_eq!(named_reference(name), Some(*c));
        }
        assert_eq!(named_reference("foo"), None);
        // Legacy names decode without `;`; the scanner leaves those to the tokenizer.
        for name in LEGACY_NAMES {
            assert_ne!(
                decoded(&format!("&{name} ")),
                format!("&{name} "),
                "&{name}"
            );
        }
    }

    #[test]
    fn numeric_references_are_the_tokenizers() {
        for code in (0..0x300).chain([0xD800, 0xDFFF, 0xFFFE, 0x10FFFF, 0x110000, u32::MAX]) {
            assert_eq!(
                decoded(&format!("&#{code};")),
                numeric_reference(code).to_string(),
                "&#{code};"
            );
        }
    }
}
