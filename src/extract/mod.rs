//! Extraction: finds every numeric claim in a normalized document and returns `Claim`s whose
//! spans point into the ORIGINAL document.
//!
//! The scanner walks the text and stops only where a figure can start (a digit, a Chinese
//! numeral character, 第/首/半, an English word that may be a number word or month name),
//! passing over the other characters on their UTF-8 bytes with a bitmap of the characters it
//! stops at (runs of three-byte characters four at a time, with a first test on their last two
//! bytes), and over a lone Chinese digit that the characters around it make no figure (两国,
//! 二氧化碳). There it tries, in order: names that merely contain numerals (十四五, COP28,
//! 第28届), dates, and figures (a numeral with its sign, currency or percent prefix, unit, gas,
//! hedges and an optional second end of a range). Everything the scanner does is local to a
//! few characters around the numeral, so the cost is linear in the text. Missing years of
//! dates are filled in afterwards from the sentence or the article date.
//!
//! The scanner pushes claims with spans in normalized coordinates; they are mapped to the
//! original in place at the end. Each thread keeps a claims vector its caller gave back
//! (`recycle`) to fill again: a new one of a few dozen KiB costs page faults.

mod attribute;
mod context;
mod dates;

/// Calendar arithmetic shared with the checks.
pub mod dates_util {
    pub use super::dates::{days_from_civil, weekday_of};
}
mod figure;
pub(crate) use context::sentence_end_len;

use crate::catalog::Catalog;
use crate::claim::{Claim, Kind, PartialDate, Qualifier, Value};
use crate::normalize::Normalized;
use crate::numerals::Numeral;
use crate::vocab::Vocabulary;
use context::*;
use dates::DateMatch;
use std::cell::Cell;
use std::ops::Range;
use std::sync::LazyLock;

/// A claim while extraction runs: its span is in normalized coordinates until `extract`
/// maps it back to the original. Drafts are claims, so that they become claims in place
/// (a claim is a few hundred bytes: moving each into a vector of its own cost more than
/// mapping the spans).
type Draft = Claim;

/// Bytes of room a thread keeps for its next extraction's claims (`recycle`): a news article
/// takes a few dozen KiB, a part of a long document more.
const SPARE_BYTES: usize = 1 << 20;

thread_local! {
    /// A claims vector given back with `recycle`, emptied, for the next extraction's claims.
    /// Its room is used again: a fresh vector of the same size costs a page fault per page,
    /// as the allocator gives freed pages back to the system (`Cell<Vec>` is taken and put
    /// back, never borrowed).
    static SPARE_CLAIMS: Cell<Vec<Claim>> = const { Cell::new(Vec::new()) };
}

/// Gives back a vector of claims the caller is done with: the next extraction on this thread
/// returns its claims in it rather than in a new one.
pub fn recycle(mut claims: Vec<Claim>) {
    if claims.capacity() * std::mem::size_of::<Claim>() <= SPARE_BYTES {
        claims.clear();
        SPARE_CLAIMS.set(claims);
    }
}

/// Extracts the claims of a normalized document, with what each is about. Spans are mapped
/// to the original document.
pub fn extract(doc: &Normalized, catalog: &Catalog) -> Vec<Claim> {
    let vocab = &catalog.vocab;
    let mut drafts = SPARE_CLAIMS.take();
    // News texts hold about one claim every 60 bytes: room for them from the start.
    drafts.reserve(doc.text.len() / 64);
    let mut scanner = Scanner {
        text: &doc.text,
        vocab,
        drafts,
        relative_years: Vec::new(),
        yue: NextYue::new(),
    };
    scanner.scan();
    scanner.unit_mentions();
    let mut drafts = scanner.drafts;
    // The sentences and clause ends, read once for the years and for attribution.
    let layout = attribute::layout(&doc.text);
    infer_years(
        &doc.text,
        &layout,
        &mut drafts,
        &scanner.relative_years,
        doc.article_date,
    );
    attribute::attribute(&doc.text, &layout, &mut drafts, catalog, doc.article_date);
    // Drafts come in text order: each is mapped back from where the one before it was.
    let mut map = doc.map.mapper();
    for claim in &mut drafts {
        claim.span = map.to_original(claim.span.clone());
    }
    drafts
}

struct Scanner<'a> {
    text: &'a str,
    vocab: &'a Vocabulary,
    drafts: Vec<Draft>,
    /// The dates with 去年, 今年, 明年 … written before them (`relative_year_before`): their
    /// span and the offset in years, in text order.
    relative_years: Vec<(Range<usize>, i32)>,
    /// The next 约, for `hedged_verb_before`.
    yue: NextYue,
}

/// Can a figure start with this character? Chinese numeral characters can, and these.
const fn is_other_anchor(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '第' | '首' | '半' | '.')
}

/// Characters where the scan loop does more than step over them: the anchors, and 《 which
/// opens a title that is passed over whole.
const fn is_scan_stop(c: char) -> bool {
    c == '《' || is_chinese_numeral_char(c) || is_other_anchor(c)
}

/// `is_scan_stop` for the characters written in three UTF-8 bytes (U+0800..U+FFFF), one bit
/// per code point; no character of another length is a stop except ASCII ones.
static STOPS_3_BYTES: [u64; 1024] = crate::numerals::three_byte_bitmap!(is_scan_stop);

/// `is_chinese_numeral_char` for the characters written in three bytes (all of them are).
static NUMERAL_CHARS: [u64; 1024] = crate::numerals::three_byte_bitmap!(is_chinese_numeral_char);

/// `is_chinese_numeral_char`, by a look-up in `NUMERAL_CHARS` instead of a comparison with
/// each of the 40 characters (every one of them is written in three bytes).
fn is_numeral_char(c: char) -> bool {
    crate::numerals::has_three_byte_bit(&NUMERAL_CHARS, c)
}

/// A first test of three-byte characters for `next_stop`, which passes over them four at a
/// time: indexed by a character's second and third bytes (as a little-endian `u16`), 1
/// where some stop ends with those two bytes. A character whose entry is 0 is no stop; the
/// few that pass and are none (about one in a hundred Chinese characters: the same last two
/// bytes as a stop, another first byte) are told apart by `STOPS_3_BYTES`. Only entries
/// 0x8080..0xBFBF can be read (both are continuation bytes).
static STOP_FILTER: [u8; 0x10000] = {
    let mut filter = [0u8; 0x10000];
    let mut cp = 0x800u32;
    while cp < 0x10000 {
        if let Some(c) = char::from_u32(cp)
            && is_scan_stop(c)
        {
            let (b1, b2) = (0x80 | (cp >> 6 & 0x3F), 0x80 | (cp & 0x3F));
            filter[(b1 | b2 << 8) as usize] = 1;
        }
        cp += 1;
    }
    filter
};

/// The Chinese digits that read as one digit when nothing continues them (a digit, 两 or a
/// zero, `numerals::classify`), by the numbered names that may start with them: a lone one
/// before a character that makes it no figure is passed over (`lone_digit_reads_nothing`).
const LONE_DIGITS_YI: &[char] = &['一'];
const LONE_DIGITS_LIANG: &[char] = &['两', '兩', '倆'];
const LONE_DIGITS_OTHER: &[char] = &[
    '〇', '零', '壹', '二', '贰', '貳', '三', '叁', '參', '四', '肆', '五', '伍', '六', '陆', '陸',
    '七', '柒', '八', '捌', '九', '玖',
];

const fn is_lone_digit(c: char) -> bool {
    const fn among(c: char, list: &[char]) -> bool {
        let mut i = 0;
        while i < list.len() {
            if list[i] == c {
                return true;
            }
            i += 1;
        }
        false
    }
    // (The first test, a match, keeps the tables' compile-time evaluation short.)
    is_chinese_numeral_char(c)
        && (among(c, LONE_DIGITS_YI) || among(c, LONE_DIGITS_LIANG) || among(c, LONE_DIGITS_OTHER))
}

/// `is_lone_digit` for the characters written in three bytes (all of them are).
static LONE_DIGITS: [u64; 1024] = crate::numerals::three_byte_bitmap!(is_lone_digit);

/// A Han character after which a lone digit reads as nothing, whatever comes after it (两国,
/// 二氧化碳): it is no numeral character and continues no numeral (`try_at`'s numeral and
/// date readers end the numeral before it), is no 年 or 月 (a date), nor a word that ends a
/// phrase after a copula (`named_digit`). The second characters of the numbered names that
/// start with the digit (一些, 两度) are taken out of the tables below, and unit words, the
/// vocabulary's, where the text is read (`lone_digit_reads_nothing`).
const fn inert_after_digit(c: char) -> bool {
    is_cjk(c)
        && !is_scan_stop(c)
        && !crate::numerals::continues_token(c)
        && !matches!(
            c,
            '年' | '月' | '不' | '那' | '这' | '這' | '而' | '却' | '卻' | '和' | '或'
        )
}

/// `inert_after_digit` for the characters written in three bytes, after each list of digits.
static INERT_AFTER_YI: [u64; 1024] = without_numbered_name_seconds(
    crate::numerals::three_byte_bitmap!(inert_after_digit),
    LONE_DIGITS_YI,
);
static INERT_AFTER_LIANG: [u64; 1024] = without_numbered_name_seconds(
    crate::numerals::three_byte_bitmap!(inert_after_digit),
    LONE_DIGITS_LIANG,
);
static INERT_AFTER_OTHER: [u64; 1024] = without_numbered_name_seconds(
    crate::numerals::three_byte_bitmap!(inert_after_digit),
    LONE_DIGITS_OTHER,
);

/// Whether the stop at `pos` is a lone digit (`is_lone_digit`) that `try_at` reads as
/// nothing, so that the scan can pass over it (most 一 and 两 in news are no figure: 两国,
/// 一些, 一个; nor is 二 in 二氧化碳). It is when the character after it is
/// `inert_after_digit` (for this digit) and starts no unit word, and the character before it
/// brings in nothing that makes a lone digit a figure: no sign (负一, -一), no space (a sign
/// or prefix may stand before it), no prefix of a percentage (百分之一) or temperature scale
/// (摄氏一), no 前 (前一, a top-N), no last byte of a currency prefix (美元一). Then
/// `try_at` reads the digit alone (no date, no name, no unit) and `figure::bare` gives it up
/// as a lone Chinese digit (`is_lone_financial` a financial one): the scan goes on after it,
/// as here. (Tests hold the scan to visiting every character.)
// Called only at a lone digit: out of the scan loop.
#[inline(never)]
fn lone_digit_reads_nothing(text: &str, pos: usize, vocab: &Vocabulary) -> bool {
    let Some(digit) = char_at(text, pos) else {
        return false;
    };
    let table = if LONE_DIGITS_YI.contains(&digit) {
        &INERT_AFTER_YI
    } else if LONE_DIGITS_LIANG.contains(&digit) {
        &INERT_AFTER_LIANG
    } else if LONE_DIGITS_OTHER.contains(&digit) {
        &INERT_AFTER_OTHER
    } else {
        return false;
    };
    let b = text.as_bytes();
    let inert = match b[pos + digit.len_utf8()..] {
        [x0, x1, x2, ..] if x0 & 0xF0 == 0xE0 => {
            crate::numerals::in_three_byte_bitmap(table, x0, x1, x2)
                && !vocab.may_start_unit(x0, x1, x2)
        }
        _ => false,
    };
    inert
        && !matches!(
            char_before(text, pos),
            Some(' ' | '\t' | '-' | '−' | '负' | '負' | '之' | '氏' | '度' | '前')
        )
        && !b[..pos]
            .last()
            .is_some_and(|&b| vocab.may_end_currency_prefix(b))
}

/// For each first letter a..z and length below 32 (index `letter * 32 + length`), the last
/// letters of the English number words and month names (`word_is_no_count`).
static WORD_ENDS: [u32; 26 * 32] = {
    let mut ends = [0u32; 26 * 32];
    let mut i = 0;
    while i < ends.len() {
        ends[i] = crate::numerals::ENGLISH_WORD_ENDS[i] | dates::MONTH_NAME_ENDS[i];
        i += 1;
    }
    ends
};

/// Whether `word` (a run of ASCII letters) is sure to be no English number word and no month
/// name, by its first letter, length and last letter: `try_at` finds neither a date nor a
/// figure in it (the readers take a word only when the whole run is one), nor at its later
/// letters, which follow a letter.
fn word_is_no_count(word: &[u8]) -> bool {
    let (Some(first), Some(last)) = (word.first(), word.last()) else {
        return false;
    };
    let at = usize::from(first.to_ascii_lowercase() - b'a') * 32 + word.len();
    word.len() < 32 && WORD_ENDS[at] & 1 << (last.to_ascii_lowercase() - b'a') == 0
}

/// `next_stop`, passing over the lone digits that read as nothing (`lone_digit_reads_nothing`)
/// and the words whose first and last letters and length fit no number word or month name
/// (`word_is_no_count`; `next_stop` looks at the first letter and length only). (Tested in
/// `next_stop`'s loop, the look at every stop's bytes cost more than it saved.)
#[inline(always)]
fn next_stop_but_nothing(text: &str, pos: usize, vocab: &Vocabulary) -> usize {
    let b = text.as_bytes();
    let mut at = pos;
    loop {
        // One call of `next_stop`, inlined here.
        at = next_stop(text, at);
        match b[at..] {
            [b0, b1, b2, ..]
                if b0 & 0xF0 == 0xE0
                    && crate::numerals::in_three_byte_bitmap(&LONE_DIGITS, b0, b1, b2)
                    && lone_digit_reads_nothing(text, at, vocab) =>
            {
                at += 3;
            }
            [b0, ..] if b0.is_ascii_alphabetic() => {
                let len = b[at..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                if !word_is_no_count(&b[at..at + len]) {
                    return at;
                }
                at += len;
            }
            _ => return at,
        }
    }
}

/// For each letter a..z, the lengths (bit n for n letters) of the words that can begin
/// something at a word start: English number words (and "a") and month names. Other words
/// are no figure and no date (`try_at` reads them as neither).
static WORD_LENGTHS: [u32; 26] = {
    let mut lengths = [0u32; 26];
    let mut i = 0;
    while i < 26 {
        lengths[i] = crate::numerals::ENGLISH_WORD_LENGTHS[i] | dates::MONTH_NAME_LENGTHS[i];
        i += 1;
    }
    lengths
};

/// Can the run of `len` ASCII letters starting with `first` be an English number word or a
/// month name, going by its first letter and length?
fn word_may_count(first: u8, len: usize) -> bool {
    len < 32 && WORD_LENGTHS[usize::from(first.to_ascii_lowercase() - b'a')] & (1 << len) != 0
}

/// Bytes 0, 3 and 6 of a little-endian `u64`: their high four bits, and those of first bytes of
/// three-byte characters (`next_stop`).
const LEADS_MASK: u64 = 0xF0 | 0xF0 << 24 | 0xF0 << 48;
const LEADS_3: u64 = 0xE0 | 0xE0 << 24 | 0xE0 << 48;

/// The first place at or after `pos` (a character boundary) where the scan loop has anything
/// to do: the start of a character for which `is_scan_stop` holds, except an ASCII letter in
/// the middle of a word or starting a word that can be no number word or month name
/// (`try_at` gives up on those at once), a `.` that no digit follows (no numeral starts
/// there), or the end of the text. The bytes in between are passed over without decoding
/// characters.
fn next_stop(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    // The text from the place looked at on; that place is `b.len() - rest.len()`.
    let mut rest = &b[pos..];
    loop {
        // Four characters of three bytes (all of Chinese text but ASCII) at a time, while
        // they come in a row: their first bytes (bytes 0, 3 and 6 of the first eight, byte 5
        // of the eight from the fifth on) are all E0..EF. Each is tested with `STOP_FILTER` on
        // its last two bytes, and only if one passes are the four looked up in
        // `STOPS_3_BYTES` (the loop below, a character at a time, gives the same place: it
        // takes the same characters). The bytes are read as two words and shifted out of
        // them, not one at a time.
        while let Some((q, tail)) = rest.split_first_chunk::<12>() {
            let word = |from: usize| u64::from_le_bytes(q[from..from + 8].try_into().expect("8"));
            let (w0, w1) = (word(0), word(4));
            if w0 & LEADS_MASK != LEADS_3 || w1 >> 40 & 0xF0 != 0xE0 {
                break;
            }
            let filter = |w: u64, shift: u32| STOP_FILTER[usize::from((w >> shift) as u16)];
            if filter(w0, 8) | filter(w0, 32) | filter(w1, 24) | filter(w1, 48) != 0 {
                for k in [0, 3, 6, 9] {
                    if crate::numerals::in_three_byte_bitmap(
                        &STOPS_3_BYTES,
                        q[k],
                        q[k + 1],
                        q[k + 2],
                    ) {
                        return b.len() - rest.len() + k;
                    }
                }
            }
            rest = tail;
        }
        // Characters of three bytes, one at a time: the test above failed, so a character of
        // another length (or the end of the text) comes within four, and the test is not made
        // again before each of them (it would fail again).
        while let [b0, b1, b2, ref tail @ ..] = *rest
            && b0 & 0xF0 == 0xE0
        {
            if crate::numerals::in_three_byte_bitmap(&STOPS_3_BYTES, b0, b1, b2) {
                return b.len() - rest.len();
            }
            rest = tail;
        }
        let mut pos = b.len() - rest.len();
        let Some(&b0) = rest.first() else {
            return pos;
        };
        if b0 < 0x80 {
            let stop = match b0 {
                b'0'..=b'9' => true,
                b'.' => b.get(pos + 1).is_some_and(u8::is_ascii_digit),
                b'a'..=b'z' | b'A'..=b'Z' => {
                    if pos == 0 || !b[pos - 1].is_ascii_alphanumeric() {
                        let len = b[pos..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphabetic())
                            .count();
                        if word_may_count(b0, len) {
                            return pos;
                        }
                        // The rest of the word is inside it.
                        pos += len - 1;
                    }
                    false
                }
                _ => false,
            };
            if stop {
                return pos;
            }
            pos += 1;
            // The ASCII bytes that are no stop (spaces, line breaks, punctuation but `.`) that
            // follow, passed over here: the loop would take them one by one, as here, after
            // a test for three-byte characters that fails at each.
            while b
                .get(pos)
                .is_some_and(|&x| x < 0x80 && !x.is_ascii_alphanumeric() && x != b'.')
            {
                pos += 1;
            }
        } else if b0 < 0xE0 {
            pos += 2;
        } else {
            // Four bytes (a three-byte character was taken above: the text is UTF-8).
            pos += 4;
        }
        rest = &b[pos..];
    }
}

/// End of a run of ASCII letters, digits and joiners that starts at `pos` (an identifier).
fn skip_identifier(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    while p < bytes.len()
        && (bytes[p].is_ascii_alphanumeric() || matches!(bytes[p], b'_' | b'.' | b'-'))
    {
        p += 1;
    }
    // Do not swallow a trailing sentence dot or dash.
    while p > pos && matches!(bytes[p - 1], b'.' | b'-') {
        p -= 1;
    }
    p.max(pos + 1)
}

/// Digit patterns that are not figures: times (11:27), versions and addresses (1.2.3),
/// phone numbers. Returns the end of the pattern.
fn non_figure_digits(text: &str, pos: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[pos..];
    let run = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    let a = run(bytes);
    // Times: 11:27, 12:39:01
    if (1..=2).contains(&a) && bytes.get(a) == Some(&b':') && run(&bytes[a + 1..]) == 2 {
        let mut end = a + 3;
        if bytes.get(end) == Some(&b':') && run(&bytes[end + 1..]) == 2 {
            end += 3;
        }
        return Some(pos + end);
    }
    // Dotted sequences with two or more dots: versions, IP addresses.
    let mut p = a;
    let mut dots = 0;
    while bytes.get(p) == Some(&b'.') && run(&bytes[p + 1..]) > 0 {
        dots += 1;
        p += 1 + run(&bytes[p + 1..]);
    }
    if dots >= 2 {
        return Some(pos + p);
    }
    // Phone numbers: 010-12345678, 400-800-1234, mobile numbers 13812345678.
    if bytes.first() == Some(&b'0')
        && (3..=4).contains(&a)
        && bytes.get(a) == Some(&b'-')
        && (7..=8).contains(&run(&bytes[a + 1..]))
    {
        return Some(pos + a + 1 + run(&bytes[a + 1..]));
    }
    if a == 3
        && bytes.starts_with(b"400-")
        && run(&bytes[4..]) == 3
        && bytes.get(7) == Some(&b'-')
        && run(&bytes[8..]) == 4
    {
        return Some(pos + 12);
    }
    if a == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]) {
        return Some(pos + a);
    }
    None
}

/// Whether the digits at `pos` may start a pattern of `non_figure_digits`, a `numeric_date` or
/// a day-first `english_date`, going by the byte after the run of digits (most numbers go on
/// with a Chinese character, 年, % or a unit, and are none of them): each of the three finds
/// something only where that byte is `:`, `.`, `-` or `/` (times, dotted sequences, phone
/// numbers, dates), the run is a mobile number of eleven digits, or a run of one or two digits
/// (a day) goes on with a space, a tab or st/nd/rd/th. (A test holds the three to nothing
/// where this is false.)
fn digits_may_start_pattern(text: &str, pos: usize) -> bool {
    let b = text.as_bytes();
    let run = b[pos..].iter().take_while(|c| c.is_ascii_digit()).count();
    match b.get(pos + run) {
        Some(b':' | b'.' | b'-' | b'/') => true,
        Some(b' ' | b'\t' | b's' | b'n' | b'r' | b't') => run <= 2 || run == 11,
        _ => run == 11,
    }
}

/// Pushes `claim` onto `drafts` and gives it back, in its place, to be filled in there.
fn new_draft(drafts: &mut Vec<Draft>, claim: Claim) -> &mut Claim {
    drafts.push(claim);
    drafts.last_mut().expect("just pushed")
}

impl Scanner<'_> {
    fn scan(&mut self) {
        let vocab = self.vocab;
        self.scan_with(|text, pos| next_stop_but_nothing(text, pos, vocab));
    }

    /// The scan loop; `skip` gives the next place from a position where the loop may have
    /// anything to do (tests pass the identity, visiting every character). Kept out of
    /// `extract`, with `try_at` inlined into it: inlined into `extract`, it left `try_at` a
    /// call at every stop.
    #[inline(never)]
    fn scan_with(&mut self, skip: impl Fn(&str, usize) -> usize) {
        let text = self.text;
        let mut pos = 0;
        while pos < text.len() {
            pos = skip(text, pos);
            let Some(c) = char_at(text, pos) else { break };
            if c == '《'
                && let Some((close, '》')) = text[pos..]
                    .char_indices()
                    .take(60)
                    .find(|(_, ch)| *ch == '》' || *ch == '\n')
            {
                // Numbers inside a title are part of its name (《中美能源环境十年框架》).
                pos += close + '》'.len_utf8();
                continue;
            }
            let numeral = is_numeral_char(c);
            let next = if numeral || is_other_anchor(c) {
                self.try_at(pos, c)
            } else {
                None
            };
            pos = match next {
                Some(end) if end > pos => end,
                // A run of numeral characters that is no numeral (二三十, 三四个: "twenty or
                // thirty", "three or four") is passed over whole, not read from its middle.
                _ if numeral => {
                    let run = text[pos..]
                        .find(|ch: char| !is_chinese_numeral_char(ch))
                        .unwrap_or(text.len() - pos);
                    pos + run
                }
                _ => pos + c.len_utf8(),
            };
        }
    }

    /// Tries to read something at `pos`; returns where scanning resumes.
    #[inline(always)]
    fn try_at(&mut self, pos: usize, c: char) -> Option<usize> {
        let text = self.text;
        if is_numeral_char(c)
            && let Some(end) = self.digits_alone(pos)
        {
            return Some(end);
        }
        // Numbered names (十四五, 二十国集团 …) all start with a Han character.
        if !c.is_ascii()
            && let Some(end) = numbered_name_at(text, pos)
        {
            return Some(end);
        }
        if c.is_ascii_alphabetic() {
            if char_before(text, pos).is_some_and(|b| b.is_ascii_alphanumeric()) {
                return None;
            }
            if let Some(m) = dates::english_date(text, pos) {
                return Some(self.push_date(m));
            }
            return self.figure(pos);
        }
        if c.is_ascii_digit() {
            let before = char_before(text, pos);
            if before.is_some_and(|b| b.is_ascii_digit()) {
                // Inside a digit run that could not be read from its start: skip the rest.
                return Some(pos + text[pos..].bytes().take_while(u8::is_ascii_digit).count());
            }
            if before.is_some_and(|b| b.is_ascii_alphabetic() || b == '_') {
                return Some(skip_identifier(text, pos));
            }
            if digits_may_start_pattern(text, pos) {
                if let Some(end) = non_figure_digits(text, pos) {
                    return Some(end);
                }
                if let Some(m) = dates::numeric_date(text, pos) {
                    return Some(self.push_date(m));
                }
                if let Some(m) = dates::english_date(text, pos) {
                    return Some(self.push_date(m));
                }
            }
        }
        // The words below are compared only where their first character stands.
        if c == '一' && text[pos..].starts_with("一半") {
            return Some(self.half_of(pos));
        }
        for word in ["百分之百", "百分百"] {
            if c == '百' && text[pos..].starts_with(word) {
                let end = pos + word.len();
                let claim = Claim::new(
                    0..0,
                    Kind::Percent,
                    Some(Value::Number(100.into())),
                    Some("%"),
                );
                self.push(pos, end, claim);
                return Some(end);
            }
        }
        match c {
            '第' => return self.ordinal(pos),
            '首' => return self.first(pos),
            '半' => return self.half(pos),
            _ => {}
        }
        // The date reader may read the numeral at `pos`: the figure reader takes it from there.
        let mut numeral = None;
        if let Some(mut m) = dates::chinese_date_reading(text, pos, &mut numeral) {
            dates::attach_weekday(text, &mut m);
            m.relative_year = relative_year_before(text, m.start);
            return Some(self.push_date(m));
        }
        self.figure_with(pos, numeral)
    }

    fn push(&mut self, start: usize, end: usize, mut claim: Claim) {
        claim.span = start..end;
        self.drafts.push(claim);
    }

    fn push_date(&mut self, m: DateMatch) -> usize {
        let end = m.end;
        if let Some(offset) = m.relative_year {
            self.relative_years.push((m.start..end, offset));
        }
        // Made in place, as in `figure_with`.
        let claim = match m.high {
            Some(high) => {
                let c = new_draft(
                    &mut self.drafts,
                    Claim::new(m.start..end, Kind::Range, None, Some("date")),
                );
                c.range_of = Some(Kind::Date);
                c.low = Some(Value::Date(m.low));
                c.high = Some(Value::Date(high));
                c
            }
            None => new_draft(
                &mut self.drafts,
                Claim::new(
                    m.start..end,
                    Kind::Date,
                    Some(Value::Date(m.low)),
                    Some("date"),
                ),
            ),
        };
        claim.weekday = m.weekday;
        end
    }

    /// 第N: an ordinal (第三次访华), a rank (第二大, 排名第五) or a label (第28届) that is skipped.
    fn ordinal(&mut self, pos: usize) -> Option<usize> {
        let text = self.text;
        let num_start = pos + '第'.len_utf8();
        let n = crate::numerals::parse_numeral(text, num_start)?;
        if n.value.is_sign_negative() || !n.value.fract().is_zero() {
            return Some(n.end);
        }
        if ordinal_is_label(text, n.end) {
            return Some(n.end);
        }
        let kind = if ordinal_is_rank(text, pos, n.end) {
            Kind::Rank
        } else {
            Kind::Ordinal
        };
        let mut end = n.end;
        let mut unit = None;
        // 第30天: the 30th day.
        if kind == Kind::Ordinal
            && let Some(u) = self.vocab.unit_at(text, n.end)
            && u.unit.kind == Kind::Duration
        {
            unit = Some(u.unit.unit.clone());
            end = u.end;
        }
        let claim = Claim::new(0..0, kind, Some(Value::Number(n.value)), unit.as_deref());
        self.push(pos, end, claim);
        Some(end)
    }

    /// 首次, 首个, 首份: ordinal 1.
    fn first(&mut self, pos: usize) -> Option<usize> {
        let text = self.text;
        let after = pos + '首'.len_utf8();
        let c = char_at(text, after)?;
        if !matches!(
            c,
            '个' | '次' | '份' | '批' | '家' | '座' | '位' | '届' | '轮' | '艘' | '項' | '项'
        ) {
            return None;
        }
        let end = after + c.len_utf8();
        self.push(
            pos,
            end,
            Claim::new(0..0, Kind::Ordinal, Some(Value::Number(1.into())), None),
        );
        Some(end)
    }

    /// 半年, 半个月, 半天, 半小时: half of a time unit.
    fn half(&mut self, pos: usize) -> Option<usize> {
        let text = self.text;
        let after = pos + '半'.len_utf8();
        let u = self.vocab.unit_at(text, after)?;
        let value = match (u.unit.kind, u.unit.word.as_str()) {
            // 半折 is half price; 半成 is five percent.
            (Kind::Percent, "折") => rust_decimal::Decimal::from(50),
            (Kind::Percent, "成") => rust_decimal::Decimal::from(5),
            (Kind::Count, "个" | "個") => rust_decimal::Decimal::new(5, 1),
            (Kind::Duration, w) if w != "日" && w != "号" => {
                u.unit.factor * rust_decimal::Decimal::new(5, 1)
            }
            _ => return None,
        };
        let mut claim = Claim::new(
            0..0,
            u.unit.kind,
            Some(Value::Number(value)),
            Some(&u.unit.unit),
        );
        let mut start = pos;
        if let Some((s, word, q)) = hedge_before(text, pos) {
            start = s;
            claim.qualifier = q;
            claim.hedge = Some(word.to_owned());
        }
        self.push(start, u.end, claim);
        Some(u.end)
    }

    /// 一半: half, as a ratio.
    /// Units named without a number: the unit names of the vocabulary standing alone, and a
    /// unit in brackets right after a figure (106百万瓦(gigawatts)). Value null.
    fn unit_mentions(&mut self) {
        let text = self.text;
        let mut found: Vec<Draft> = Vec::new();
        let numeric = |c: Option<char>| {
            c.is_some_and(|c| c.is_ascii_digit() || is_chinese_numeral_char(c) || c == '.')
        };
        for (start, end, u) in self.vocab.unit_names_in(text) {
            if numeric(char_before(text, skip_spaces_back(text, start)))
                || numeric(char_at(text, skip_spaces(text, end)))
            {
                continue;
            }
            let mut claim = Claim::new(start..end, u.unit.kind, None, Some(&u.unit.unit));
            claim.unit_factor = Some(u.unit.factor);
            found.push(claim);
        }
        for d in &self.drafts {
            let Some(open) = ["(", "（"]
                .into_iter()
                .find(|o| text[d.span.end..].starts_with(o))
            else {
                continue;
            };
            let p = skip_spaces(text, d.span.end + open.len());
            let Some(u) = self.vocab.unit_at(text, p) else {
                continue;
            };
            let close = skip_spaces(text, u.end);
            if [")", "）"].iter().any(|c| text[close..].starts_with(c)) {
                let mut claim = Claim::new(p..u.end, u.unit.kind, None, Some(&u.unit.unit));
                claim.unit_factor = Some(u.unit.factor);
                found.push(claim);
            }
        }
        found.retain(|f| {
            !self
                .drafts
                .iter()
                .any(|d| d.span.start < f.span.end && f.span.start < d.span.end)
        });
        if !found.is_empty() {
            self.drafts.extend(found);
            self.drafts.sort_by_key(|d| (d.span.start, d.span.end));
            self.drafts.dedup_by_key(|d| (d.span.start, d.span.end));
        }
    }

    /// Chinese digits on a line of their own (a table cell, a list of numbers): read
    /// positionally, even the pairs (一一) that in running text mean "one or two".
    fn digits_alone(&mut self, pos: usize) -> Option<usize> {
        let text = self.text;
        let before = skip_spaces_back(text, pos);
        if !(before == 0 || text[..before].ends_with('\n')) {
            return None;
        }
        // At most a Decimal's worth of digits: longer runs are no figure.
        let mut end = pos;
        for (n, ch) in text[pos..].chars().enumerate() {
            if !is_chinese_numeral_char(ch) {
                break;
            }
            if n == 28 {
                return None;
            }
            end += ch.len_utf8();
        }
        let after = skip_spaces(text, end);
        let alone = after == text.len() || text[after..].starts_with('\n');
        if !alone || crate::numerals::parse_numeral(text, pos).is_some_and(|n| n.end == end) {
            return None;
        }
        let n = crate::numerals::parse_digit_sequence(text, pos).filter(|n| n.end == end)?;
        let mut claim = Claim::new(0..0, Kind::Number, Some(Value::Number(n.value)), None);
        claim.resolution = Some(rust_decimal::Decimal::ONE);
        self.push(pos, end, claim);
        Some(end)
    }

    fn half_of(&mut self, pos: usize) -> usize {
        let end = pos + "一半".len();
        let half = rust_decimal::Decimal::new(5, 1);
        let mut claim = Claim::new(0..0, Kind::Ratio, Some(Value::Number(half)), Some("x"));
        let mut start = pos;
        if let Some((s, word, q)) = hedge_before(self.text, pos) {
            start = s;
            claim.qualifier = q;
            claim.hedge = Some(word.to_owned());
        }
        self.push(start, end, claim);
        end
    }

    /// A figure with its prefix, unit, gas, hedges, and an optional second end of a range.
    fn figure(&mut self, pos: usize) -> Option<usize> {
        self.figure_with(pos, None)
    }

    /// `figure`, with `parse_numeral(text, pos)` when it has been read already.
    fn figure_with(&mut self, pos: usize, numeral: Option<Option<Numeral>>) -> Option<usize> {
        let text = self.text;
        let n = match numeral {
            Some(n) => n?,
            None => crate::numerals::parse_numeral(text, pos)?,
        };
        let first = match figure::read_from(text, self.vocab, pos, n)? {
            figure::Read::Skip(end) => return Some(end),
            figure::Read::Figure(f) => f,
        };
        let mut f = first;
        let mut hedges = Hedges::default();
        let mut qualifier = Qualifier::Exact;
        if let Some((s, word, q)) = hedge_before(text, f.start) {
            f.start = s;
            qualifier = q;
            hedges.push(word);
        } else if let Some(word) = hedged_verb_before(text, f.start, &mut self.yue) {
            // 约占……的40%, 约为全球人均水平的1.4倍: the hedge sits on the verb of the clause.
            qualifier = Qualifier::Approx;
            hedges.push(word);
        }
        if f.kind == Kind::Date {
            let day = u8::try_from(f.written.trunc().mantissa()).ok()?;
            let date = PartialDate {
                year: None,
                month: None,
                day: Some(day),
            };
            let m = DateMatch {
                start: f.start,
                end: f.end,
                low: date,
                high: None,
                weekday: None,
                relative_year: None,
            };
            return Some(self.push_date(m));
        }
        // A range: A-B, A至B, A to B.
        let range_end = range_separator(text, f.end)
            .filter(|_| f.can_start_range())
            .and_then(|p| match figure::read(text, self.vocab, p) {
                Some(figure::Read::Figure(b)) => f.range_with(&b),
                _ => None,
            });
        // The claim is made in its place in the drafts and filled in there, not built aside
        // and moved in (a claim is 256 bytes: each move was a `memcpy`); nothing below gives
        // it up. Its span is set last.
        let claim = if let Some((low, high)) = range_end {
            f = low.clone();
            f.start = f.start.min(low.start);
            let end = high.end;
            let claim = new_draft(
                &mut self.drafts,
                Claim::new(0..0, Kind::Range, None, high.unit),
            );
            claim.range_of = Some(high.kind);
            claim.low = Some(Value::Number(low.value));
            claim.high = Some(Value::Number(high.value));
            claim.resolution = Some(high.resolution);
            claim.gas = high.gas.or(low.gas);
            f.end = end;
            f.more_than |= high.more_than;
            claim
        } else {
            let claim = new_draft(
                &mut self.drafts,
                Claim::new(0..0, f.kind, Some(Value::Number(f.value)), f.unit),
            );
            // Counts, ranks, ages, percentages and temperatures are precise to their last unit:
            // 10个州 is ten and 90% is ninety, not "about"; a trailing zero is imprecise only
            // in large magnitudes (4000亿吨).
            claim.resolution = Some(
                if matches!(
                    f.kind,
                    Kind::Count
                        | Kind::Rank
                        | Kind::Age
                        | Kind::Ordinal
                        | Kind::Year
                        | Kind::Percent
                        | Kind::PercentagePoint
                        | Kind::Temperature
                        | Kind::Ratio
                ) {
                    figure::decimal_min(f.resolution, f.factor)
                } else {
                    f.resolution
                },
            );
            claim.gas = f.gas;
            claim.written = Some(f.written);
            claim.unit_factor = f.unit.is_some().then_some(f.factor);
            claim
        };
        if f.more_than && qualifier == Qualifier::Exact {
            qualifier = Qualifier::MoreThan;
            hedges.push("多");
        }
        let mut end = f.end;
        if let Some((e, word, q)) = hedge_after(text, end) {
            if qualifier == Qualifier::Exact {
                qualifier = q;
            }
            hedges.push(word);
            end = e;
        }
        if f.kind == Kind::Year && claim.kind == Kind::Year {
            end = figure::extend_year(text, end, &mut qualifier, &mut hedges);
        }
        if claim.gas.is_none() && claim.unit.as_deref() == Some("t") {
            let p = skip_spaces(text, end);
            if let Some((gas, e)) = self.vocab.gas_at(text, p) {
                claim.gas = Some(gas);
                end = e;
            }
        }
        claim.qualifier = qualifier;
        if !hedges.is_empty() {
            claim.hedge = Some(hedges.joined());
        }
        claim.span = f.start..end;
        Some(f.resume.max(end))
    }
}

/// Where the next 约 of a text is, for `hedged_verb_before`: the figures are read in text
/// order, so the text is searched for it once as they go (with `memmem`), not once in the
/// bytes before each figure.
struct NextYue {
    /// Where the last search started (`usize::MAX` before the first).
    from: usize,
    /// The first 约 at or after `from`, or `usize::MAX` when there is none.
    at: usize,
}

impl NextYue {
    fn new() -> Self {
        NextYue {
            from: usize::MAX,
            at: usize::MAX,
        }
    }

    /// Whether a 约 lies wholly in `window..pos`. (A match of its three bytes starts a
    /// character: E7 is no later byte of one.)
    fn within(&mut self, text: &str, window: usize, pos: usize) -> bool {
        // The 约 found last is the first at or after `window` too, unless the window starts
        // before the last search or after that 约.
        if window < self.from || self.at < window {
            self.from = window;
            // Built once: a finder made for each search cost more than the search.
            static YUE: LazyLock<memchr::memmem::Finder<'static>> =
                LazyLock::new(|| memchr::memmem::Finder::new("约"));
            self.at = YUE
                .find(&text.as_bytes()[window..])
                .map_or(usize::MAX, |i| window + i);
        }
        self.at.saturating_add("约".len()) <= pos
    }
}

/// A hedged verb (约占, 约为, 大约占) earlier in the clause of a figure, with no other figure
/// in between. `yue` follows the 约 of `text`.
fn hedged_verb_before(text: &str, pos: usize, yue: &mut NextYue) -> Option<&'static str> {
    // Every hedged verb contains 约, and the clause is at most 24 characters (96 bytes) long:
    // most figures have none in the bytes before them.
    if !yue.within(text, pos.saturating_sub(96), pos) {
        return None;
    }
    let clause = &text[clause_start(text, pos)..pos];
    if !clause.contains('约') || clause.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    ["大约占", "约占", "约为", "大约为", "约合"]
        .into_iter()
        .find(|w| clause.contains(w))
        .map(|_| "约")
}

/// Start of the clause that ends at `pos`: just after the last clause mark (，,。；;：or a line
/// break) among the 24 characters before `pos`, else 24 characters back (or the text start).
fn clause_start(text: &str, pos: usize) -> usize {
    text[..pos]
        .char_indices()
        .rev()
        .take(24)
        .find(|(_, c)| matches!(c, '，' | ',' | '。' | '；' | ';' | '\n' | '：'))
        .map_or_else(
            || {
                text[..pos]
                    .char_indices()
                    .rev()
                    .nth(23)
                    .map_or(0, |(i, _)| i)
            },
            |(i, c)| i + c.len_utf8(),
        )
}

/// 去年/今年/明年/前年 written right before a date: its offset in years.
fn relative_year_before(text: &str, pos: usize) -> Option<i32> {
    let before = &text[..pos];
    [
        ("前年", -2),
        ("去年", -1),
        ("今年", 0),
        ("本年", 0),
        ("明年", 1),
    ]
    .into_iter()
    .find(|(w, _)| before.ends_with(w))
    .map(|(_, off)| off)
}

/// Fills in the missing years (and months of day-only dates) of date claims: from an earlier
/// date or year in the same sentence, else from the article date (the year that puts the date
/// closest to it). Filled years are marked `year_inferred`.
fn infer_years(
    text: &str,
    layout: &attribute::Layout,
    drafts: &mut [Draft],
    relative_years: &[(Range<usize>, i32)],
    article: Option<PartialDate>,
) {
    // Context from dates lasts to the end of the paragraph (界面新闻6月2日消息……1日，在接受采访时);
    // a bare year (2023年) only to the end of its sentence.
    let mut ctx_year: Option<i32> = None;
    let mut ctx_month: Option<u8> = None;
    let mut sentence_year: Option<i32> = None;
    let mut last_end = 0;
    // Where the search for breaks goes on (`Layout::breaks_in`).
    let mut hint = 0;
    for d in drafts.iter_mut() {
        // A break only empties the context: while it is empty (before the first date or year,
        // and after a line break until the next) the gap need not be read.
        if ctx_year.is_some() || ctx_month.is_some() || sentence_year.is_some() {
            let start = d.span.start;
            let (line_break, sentence_end) =
                layout.breaks_in(text.as_bytes(), last_end.min(start), start, &mut hint);
            if line_break {
                ctx_year = None;
                ctx_month = None;
            }
            if sentence_end {
                sentence_year = None;
            }
        }
        last_end = d.span.end;
        if d.kind == Kind::Year {
            sentence_year = d
                .value
                .and_then(|v| v.number())
                .and_then(|n| i32::try_from(n.trunc().mantissa()).ok());
            continue;
        }
        // The scanner pushed the dates with relative years in text order, each at a span of
        // its own (`Scanner::relative_years`).
        let rel = relative_years
            .binary_search_by_key(&(d.span.start, d.span.end), |(r, _)| (r.start, r.end))
            .ok()
            .map(|i| relative_years[i].1);
        let mut inferred = false;
        for slot in [&mut d.value, &mut d.low, &mut d.high] {
            if let Some(Value::Date(date)) = slot {
                if date.month.is_none() && date.day.is_some() {
                    date.month = ctx_month;
                }
                if date.year.is_none() {
                    let year = match (rel, article.and_then(|a| a.year)) {
                        (Some(off), Some(ay)) => Some(ay + off),
                        (Some(_), None) => None,
                        (None, _) => sentence_year
                            .or(ctx_year)
                            .or_else(|| article.and_then(|a| closest_year(*date, a))),
                    };
                    if year.is_some() {
                        date.year = year;
                        inferred = true;
                    }
                }
                if date.year.is_some() {
                    ctx_year = date.year;
                }
                if date.month.is_some() {
                    ctx_month = date.month;
                }
            }
        }
        d.year_inferred = inferred;
    }
}

/// The year (article year −1, 0 or +1) that puts a month/day nearest the article date, counting
/// days after the article three times: news mostly reports what has happened.
fn closest_year(date: PartialDate, article: PartialDate) -> Option<i32> {
    let ay = article.year?;
    let month = date.month?;
    let Some(am) = article.month else {
        return Some(ay);
    };
    let ad = dates::days_from_civil(ay, am, article.day.unwrap_or(15));
    (ay - 1..=ay + 1).min_by_key(|&y| {
        let diff = dates::days_from_civil(y, month, date.day.unwrap_or(15)) - ad;
        if diff > 0 { diff * 3 } else { -diff }
    })
}

#[cfg(test)]
mod tests;
