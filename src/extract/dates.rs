//! Dates: Chinese (2020年11月4日, 11月4—7日, 星期三（11月8日）), English (4 November 2016,
//! Nov. 4, 2016), ISO (2016-11-04) and D/M/Y when unambiguous; year ranges (1751-2017年).
//! Missing years are filled in later from the sentence or the article date (see `mod.rs`).

use super::context::{char_at, char_before, skip_spaces};
use crate::claim::{PartialDate, Weekday};
use crate::numerals::{Numeral, parse_numeral};
use rust_decimal::prelude::ToPrimitive;

/// A date or date range found in text (normalized coordinates).
#[derive(Clone, Debug, PartialEq)]
pub struct DateMatch {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The date, or the first date of a range.
    pub low: PartialDate,
    /// The last date of a range.
    pub high: Option<PartialDate>,
    /// Weekday written beside the date.
    pub weekday: Option<Weekday>,
    /// The year was written as 去年/今年/明年 relative to the article date: offset in years.
    pub relative_year: Option<i32>,
}

fn small_int(n: &Numeral) -> Option<u32> {
    // A value of scale 0 has no fraction: `fract` is the costlier test.
    if n.value.scale() == 0 || n.value.fract().is_zero() {
        n.value.to_u32()
    } else {
        None
    }
}

/// Four digits written as a year: `2023` or `二〇二三` (no 千/百 magnitudes).
pub fn is_year_numeral(text: &str, start: usize, n: &Numeral) -> bool {
    if n.plain_integer {
        return n.digits == 4;
    }
    let written = &text[start..n.end];
    written.chars().count() == 4 && !written.chars().any(super::context::is_chinese_magnitude)
}

fn num_at(text: &str, pos: usize) -> Option<(u32, Numeral)> {
    let n = parse_numeral(text, pos)?;
    Some((small_int(&n)?, n))
}

/// End of the run of numeral characters (digits, decimal points and separators, Chinese
/// numerals, 多/余/几) that starts at `pos`: where a numeral read at `pos` can end at the
/// latest. Cheaper than reading the numeral, so callers use it to pass over what cannot be a
/// date.
fn numeral_run_end(text: &str, pos: usize) -> usize {
    // A year or month numeral is at most seven characters (一千九百九十一): a longer run
    // (1,1,1,…) is cut after ten, so the scan stays local. Digits, points and separators are
    // bytes; other characters are looked up by their bytes in `RUN_3_BYTES`.
    let bytes = text.as_bytes();
    let mut i = pos;
    for _ in 0..10 {
        match bytes[i..] {
            [b'0'..=b'9' | b'.' | b',', ..] => i += 1,
            // Every one of these characters is written in three bytes; a character of
            // another length ends the run.
            [b0 @ 0xE0..=0xEF, b1, b2, ..]
                if crate::numerals::in_three_byte_bitmap(&RUN_3_BYTES, b0, b1, b2) =>
            {
                i += 3
            }
            _ => return i,
        }
    }
    i
}

/// Can this character be in a run of numeral characters (`numeral_run_end`)?
const fn in_numeral_run(c: char) -> bool {
    matches!(c, '多' | '余' | '餘' | '几' | '幾') || super::context::is_chinese_numeral_char(c)
}

/// `in_numeral_run` for the characters written in three UTF-8 bytes, one bit per code point.
static RUN_3_BYTES: [u64; 1024] = crate::numerals::three_byte_bitmap!(in_numeral_run);

/// Whether a numeral may start at byte `pos` of `text`: `parse_numeral` reads none where the
/// first character is not an ASCII digit, point or letter or a Chinese numeral character
/// (〇 一 十 万 两 俩 廿 壹 …, 半 点 多 余 几 来). A cheap test before reading one.
fn may_start_numeral(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || *b == b'.',
        Some(_) => char_at(text, pos).is_some_and(|c| {
            super::context::is_chinese_numeral_char(c)
                || matches!(
                    c,
                    '俩' | '半' | '点' | '點' | '多' | '余' | '餘' | '几' | '幾' | '来' | '來'
                )
        }),
        None => false,
    }
}

/// Reads `M月` (+ optional `D日/号`) at `pos`: (month, day, end).
fn month_day(text: &str, pos: usize) -> Option<(u8, Option<u8>, usize)> {
    month_day_from(text, num_at(text, pos)?)
}

/// `month_day` with its first numeral already read.
fn month_day_from(text: &str, (m, n): (u32, Numeral)) -> Option<(u8, Option<u8>, usize)> {
    if !(1..=12).contains(&m) || !text[n.end..].starts_with('月') {
        return None;
    }
    let after_month = n.end + '月'.len_utf8();
    if let Some((d, dn)) = num_at(text, after_month)
        && (1..=31).contains(&d)
    {
        let rest = &text[dn.end..];
        if rest.starts_with('日') || rest.starts_with('号') || rest.starts_with('號') {
            return Some((m as u8, Some(d as u8), dn.end + 3));
        }
        // 11月4—7日: the day of a range's first end carries no 日.
        if range_dash_then_day(text, dn.end).is_some() {
            return Some((m as u8, Some(d as u8), dn.end));
        }
    }
    Some((m as u8, None, after_month))
}

/// After a day number at `pos`: `—7日` → (7, end).
fn range_dash_then_day(text: &str, pos: usize) -> Option<(u8, usize)> {
    let p = dash_at(text, pos)?;
    let (d, n) = num_at(text, p)?;
    let rest = &text[n.end..];
    if (1..=31).contains(&d) && (rest.starts_with('日') || rest.starts_with('号')) {
        return Some((d as u8, n.end + 3));
    }
    None
}

fn dash_at(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    if !super::context::may_start_separator(rest.as_bytes()) {
        return None;
    }
    for sep in super::context::RANGE_SEPARATORS {
        if rest.starts_with(sep) {
            return Some(pos + sep.len());
        }
    }
    None
}

/// A weekday name at `pos`: 星期三, 周三, 礼拜三 → (weekday, end).
pub fn weekday_at(text: &str, pos: usize) -> Option<(Weekday, usize)> {
    let rest = &text[pos..];
    let prefix = ["星期", "礼拜", "禮拜", "周", "週"]
        .into_iter()
        .find(|p| rest.starts_with(p))?;
    let p = pos + prefix.len();
    let c = char_at(text, p)?;
    let wd = match c {
        '一' => 0,
        '二' => 1,
        '三' => 2,
        '四' => 3,
        '五' => 4,
        '六' => 5,
        '日' | '天' => 6,
        _ => return None,
    };
    Some((Weekday(wd), p + c.len_utf8()))
}

/// A Chinese date starting at `pos`: `2020年11月4日`, `2016年9月`, `11月4日`, `11月4—7日`,
/// `2023年7月16—19日`, `11月30日至12月12日`, `10月23日至29日`. Plain years (`2013年`) are not
/// dates here: the quantity reader makes them `year` claims.
pub fn chinese_date(text: &str, pos: usize) -> Option<DateMatch> {
    chinese_date_reading(text, pos, &mut None)
}

/// `chinese_date`; when it reads the numeral at `pos`, it leaves `parse_numeral(text, pos)` in
/// `numeral` for the caller (the figure reader reads there next). Inlined into the scanner: the
/// test that rules out most numerals is made before `chinese_date_read` is called.
#[inline(always)]
pub fn chinese_date_reading(
    text: &str,
    pos: usize,
    numeral: &mut Option<Option<Numeral>>,
) -> Option<DateMatch> {
    // Most numerals are no date: a date's first numeral ends at 年 or 月.
    let after = &text.as_bytes()[numeral_run_end(text, pos)..];
    if !(after.starts_with("年".as_bytes()) || after.starts_with("月".as_bytes())) {
        return None;
    }
    chinese_date_read(text, pos, numeral)
}

/// `chinese_date_reading` past its test on the end of the numeral. Never inlined: inlined
/// into `chinese_date_reading`, it kept that from being inlined into the scanner, and every
/// numeral paid for a call and a large frame to be ruled out.
#[inline(never)]
fn chinese_date_read(
    text: &str,
    pos: usize,
    numeral: &mut Option<Option<Numeral>>,
) -> Option<DateMatch> {
    let mut year = None;
    // The first numeral is read once: it is the year, or else the month.
    let n = *numeral.insert(parse_numeral(text, pos));
    let first = (small_int(n.as_ref()?)?, n?);
    let (y, n) = &first;
    let (month, day, mut end) = if text[n.end..].starts_with('年')
        && (1000..=2200).contains(y)
        && is_year_numeral(text, pos, n)
    {
        let after = n.end + '年'.len_utf8();
        // Most years go on with something else than a month (2020年的, 2020年以来).
        if !may_start_numeral(text, after) {
            return None;
        }
        let md = month_day(text, after)?;
        year = Some(*y as i32);
        md
    } else {
        month_day_from(text, first)?
    };
    let low = PartialDate {
        year,
        month: Some(month),
        day,
    };
    let mut high = None;
    if let Some(d) = day {
        if let Some((d2, e)) = range_dash_then_day(text, end)
            && d2 > d
        {
            high = Some(PartialDate {
                year,
                month: Some(month),
                day: Some(d2),
            });
            end = e;
        } else if let Some(q) = dash_at(text, end) {
            // 11月30日至12月12日 / 10月23日至29日 / ...至2024年1月5日
            if let Some(second) = chinese_date_tail(text, q, year, month) {
                high = Some(second.0);
                end = second.1;
            }
        }
    }
    Some(DateMatch {
        start: pos,
        end,
        low,
        high,
        weekday: None,
        relative_year: None,
    })
}

/// The second end of a date range: a full date, `M月D日`, or `D日` inheriting the month.
fn chinese_date_tail(
    text: &str,
    pos: usize,
    year: Option<i32>,
    month: u8,
) -> Option<(PartialDate, usize)> {
    if let Some(m) = chinese_date(text, pos)
        && m.high.is_none()
        && m.low.day.is_some()
    {
        let y = m.low.year.or(year);
        return Some((PartialDate { year: y, ..m.low }, m.end));
    }
    let (d, n) = num_at(text, pos)?;
    let rest = &text[n.end..];
    if (1..=31).contains(&d)
        && (rest.starts_with('日') || rest.starts_with('号'))
        && !rest[3..].starts_with('内')
    {
        return Some((
            PartialDate {
                year,
                month: Some(month),
                day: Some(d as u8),
            },
            n.end + 3,
        ));
    }
    None
}

/// A weekday beside the date `m`: `星期三（11月8日）` before it or `（星期四）` after it.
/// Extends the match to cover it.
pub fn attach_weekday(text: &str, m: &mut DateMatch) {
    // After: （星期四） or (周四)
    let rest = &text[m.end..];
    for open in ["（", "("] {
        if let Some(after_open) = rest.strip_prefix(open) {
            let p = m.end + open.len();
            if let Some((wd, e)) = weekday_at(text, p) {
                let tail = &text[e..];
                if let Some(close) = ["）", ")"].into_iter().find(|c| tail.starts_with(c)) {
                    m.weekday = Some(wd);
                    m.end = e + close.len();
                    return;
                }
            }
            let _ = after_open;
        }
    }
    // Before: 星期三（11月8日）
    let before = &text[..m.start];
    for open in ["（", "("] {
        if let Some(b) = before.strip_suffix(open) {
            for len in [3usize, 6, 9] {
                if b.len() >= len
                    && b.is_char_boundary(b.len() - len)
                    && let Some((wd, e)) = weekday_at(text, b.len() - len)
                    && e == b.len()
                {
                    let close = ["）", ")"]
                        .into_iter()
                        .find(|c| text[m.end..].starts_with(c));
                    if let Some(close) = close {
                        m.weekday = Some(wd);
                        m.start = b.len() - len;
                        m.end += close.len();
                        return;
                    }
                }
            }
        }
    }
}

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// For each letter a..z, the lengths (bit n for n letters) of the month names that start
/// with it: a letter run outside these is no month name.
pub const MONTH_NAME_LENGTHS: [u32; 26] = {
    let mut lengths = [0u32; 26];
    let mut i = 0;
    while i < MONTHS.len() {
        let w = MONTHS[i].0.as_bytes();
        lengths[(w[0] - b'a') as usize] |= 1 << w.len();
        i += 1;
    }
    lengths
};

/// For each first letter a..z and length below 32 (index `letter * 32 + length`), the last
/// letters (bit n for the n-th letter) of the month names (as `numerals::ENGLISH_WORD_ENDS`).
pub const MONTH_NAME_ENDS: [u32; 26 * 32] = {
    let mut ends = [0u32; 26 * 32];
    let mut i = 0;
    while i < MONTHS.len() {
        crate::numerals::mark_word_end(&mut ends, MONTHS[i].0);
        i += 1;
    }
    ends
};

/// An English month name at `pos` (full or abbreviated, optional `.`): (month, end).
fn month_name_at(text: &str, pos: usize) -> Option<(u8, usize)> {
    if char_before(text, pos).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = &text[pos..];
    // A month name is followed by no letter, so it is the whole run of letters at `pos`: most
    // words are rejected by their first letter and length (`MONTH_NAME_LENGTHS`), and the rest
    // are compared with the names of their length only.
    let run = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let first = rest.as_bytes().first()?.to_ascii_lowercase();
    if run == 0 || run >= 32 || MONTH_NAME_LENGTHS[usize::from(first - b'a')] & (1 << run) == 0 {
        return None;
    }
    let word = &rest.as_bytes()[..run];
    let &(_, m) = MONTHS
        .iter()
        .find(|(name, _)| name.len() == run && word.eq_ignore_ascii_case(name.as_bytes()))?;
    let mut end = pos + run;
    // "May" alone is also a verb: it needs a day or year next to it (checked by callers).
    if text[end..].starts_with('.') {
        end += 1;
    }
    Some((m, end))
}

fn plain_year_at(text: &str, pos: usize) -> Option<(i32, usize)> {
    // Only a numeral that starts with an ASCII digit can be a plain integer.
    if !text.as_bytes().get(pos).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let n = parse_numeral(text, pos)?;
    if n.plain_integer && n.digits == 4 {
        let y = small_int(&n)? as i32;
        if (1000..=2200).contains(&y) {
            return Some((y, n.end));
        }
    }
    None
}

fn plain_day_at(text: &str, pos: usize) -> Option<(u8, usize)> {
    // Only a numeral that starts with an ASCII digit can be a plain integer.
    if !text.as_bytes().get(pos).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let n = parse_numeral(text, pos)?;
    if !n.plain_integer || n.digits > 2 {
        return None;
    }
    let d = small_int(&n)?;
    let mut end = n.end;
    for suffix in ["st", "nd", "rd", "th"] {
        if text[end..].starts_with(suffix) {
            end += 2;
            break;
        }
    }
    if (1..=31).contains(&d) && !char_at(text, end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        Some((d as u8, end))
    } else {
        None
    }
}

/// An English date at `pos`: `4 November 2016`, `November 4, 2016`, `Nov. 4`, `November 2016`.
/// Inlined into the scanner: the test on the digits that rules out most numbers is made
/// before `english_date_read` is called.
#[inline(always)]
pub fn english_date(text: &str, pos: usize) -> Option<DateMatch> {
    let bytes = text.as_bytes();
    if bytes.get(pos).is_some_and(u8::is_ascii_digit) {
        // Day first needs one or two digits, an optional st/nd/rd/th and a space.
        let digits = bytes[pos..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let mut after = pos + digits;
        if bytes[after..].len() >= 2
            && matches!(&bytes[after..after + 2], b"st" | b"nd" | b"rd" | b"th")
        {
            after += 2;
        }
        if digits > 2 || !matches!(bytes.get(after), Some(b' ' | b'\t')) {
            return None;
        }
    }
    english_date_read(text, pos)
}

/// `english_date` past its test on the digits.
fn english_date_read(text: &str, pos: usize) -> Option<DateMatch> {
    let mk = |end, y, m, d| DateMatch {
        start: pos,
        end,
        low: PartialDate {
            year: y,
            month: Some(m),
            day: d,
        },
        high: None,
        weekday: None,
        relative_year: None,
    };
    // Day first: 4 November 2016
    if let Some((d, e)) = plain_day_at(text, pos) {
        let p = skip_spaces(text, e);
        if p > e
            && let Some((m, e2)) = month_name_at(text, p)
        {
            let p2 = skip_spaces(text, e2);
            if p2 > e2
                && let Some((y, e3)) = plain_year_at(text, p2)
            {
                return Some(mk(e3, Some(y), m, Some(d)));
            }
            return Some(mk(e2, None, m, Some(d)));
        }
        return None;
    }
    // Month first: November 4, 2016 / Nov. 4 / November 2016
    let (m, e) = month_name_at(text, pos)?;
    let p = skip_spaces(text, e);
    if p == e {
        return None;
    }
    if let Some((y, e2)) = plain_year_at(text, p) {
        return Some(mk(e2, Some(y), m, None));
    }
    let (d, e2) = plain_day_at(text, p)?;
    let mut q = e2;
    if text[q..].starts_with(',') {
        q += 1;
    }
    let q2 = skip_spaces(text, q);
    if let Some((y, e3)) = plain_year_at(text, q2) {
        return Some(mk(e3, Some(y), m, Some(d)));
    }
    Some(mk(e2, None, m, Some(d)))
}

/// ISO `2016-11-04` / `2016/11/04`, or `15/11/2023` when the day cannot be a month.
/// Inlined into the scanner: the test on the byte after the first digits that rules out most
/// numbers is made before `numeric_date_read` is called.
#[inline]
pub fn numeric_date(text: &str, pos: usize) -> Option<DateMatch> {
    let bytes = text.as_bytes();
    let a = bytes[pos..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let sep = *bytes.get(pos + a)?;
    if sep != b'-' && sep != b'/' && sep != b'.' {
        return None;
    }
    numeric_date_read(text, pos, a, sep)
}

/// `numeric_date` past its test: `a` digits at `pos`, then `sep`.
fn numeric_date_read(text: &str, pos: usize, a: usize, sep: u8) -> Option<DateMatch> {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let num = |from: usize, len: usize| text[from..from + len].parse::<u32>().ok();
    let b = digits(pos + a + 1);
    let sep2 = *bytes.get(pos + a + 1 + b)?;
    if sep2 != sep || b == 0 {
        return None;
    }
    let c_start = pos + a + b + 2;
    let c = digits(c_start);
    let end = c_start + c;
    if char_at(text, end).is_some_and(|ch| ch.is_ascii_alphanumeric()) {
        return None;
    }
    let (y, m, d) = if a == 4 && (1..=2).contains(&b) && (1..=2).contains(&c) {
        (num(pos, 4)?, num(pos + 5, b)?, num(c_start, c)?)
    } else if (1..=2).contains(&a) && (1..=2).contains(&b) && c == 4 && sep != b'-' {
        let (x, y2) = (num(pos, a)?, num(pos + a + 1, b)?);
        // Only D/M/Y with a day above 12 is unambiguous.
        if x > 12 && y2 <= 12 {
            (num(c_start, 4)?, y2, x)
        } else {
            return None;
        }
    } else {
        return None;
    };
    if !(1000..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(DateMatch {
        start: pos,
        end,
        low: PartialDate::ymd(y as i32, m as u8, d as u8),
        high: None,
        weekday: None,
        relative_year: None,
    })
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The weekday of a complete date.
pub fn weekday_of(date: PartialDate) -> Option<Weekday> {
    let days = days_from_civil(date.year?, date.month?, date.day?);
    // 1970-01-01 was a Thursday (index 3, Monday = 0).
    Some(Weekday((days + 3).rem_euclid(7) as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn small_int_as_read_through_the_fraction(
            mantissa in -20_000_000_000i64..20_000_000_000,
            scale in 0u32..12,
        ) {
            let mut n = parse_numeral("1", 0).unwrap();
            n.value = rust_decimal::Decimal::new(mantissa, scale);
            let by_fraction = if n.value.fract().is_zero() { n.value.to_u32() } else { None };
            proptest::prop_assert_eq!(small_int(&n), by_fraction);
        }
    }

    #[test]
    fn no_numeral_starts_where_may_start_numeral_says_none_does() {
        // Every character below U+10000 and some above, before what a month or a number
        // may go on with.
        let chars = (0..0x10000u32)
            .chain([0x1f600, 0x20000, 0x10ffff])
            .filter_map(char::from_u32);
        for c in chars {
            for rest in ["12月", "一月", "5", "", " 3月", "十二月"] {
                let text = format!("{c}{rest}");
                if !may_start_numeral(&text, 0) {
                    assert_eq!(parse_numeral(&text, 0), None, "{text:?}");
                }
            }
        }
        let text = "2020年的11月";
        assert!(!may_start_numeral(text, "2020年".len()));
        assert!(!may_start_numeral(text, 1 + "2020年".len()));
        assert!(may_start_numeral(text, "2020年的".len()));
        assert!(!may_start_numeral(text, text.len()));
        assert_eq!(chinese_date(text, 0), None);
        assert!(chinese_date("2020年11月", 0).is_some());
    }

    /// `month_name_at` as it was written first: every name compared at `pos`.
    fn month_name_at_by_names(text: &str, pos: usize) -> Option<(u8, usize)> {
        if char_before(text, pos).is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let rest = &text[pos..];
        for &(name, m) in MONTHS {
            if super::super::context::starts_with_ci(rest, name) {
                let mut end = pos + name.len();
                if char_at(text, end).is_some_and(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
                if text[end..].starts_with('.') {
                    end += 1;
                }
                return Some((m, end));
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn month_name_at_equals_comparing_every_name(
            text in "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|uary|ruary|ch|il|e|y|ust|t|tember|ober|ember|[a-zA-Z. 4中é]){0,6}",
        ) {
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                for t in [text.clone(), text.to_ascii_uppercase()] {
                    proptest::prop_assert_eq!(month_name_at(&t, pos), month_name_at_by_names(&t, pos));
                }
            }
        }
    }

    #[test]
    fn every_month_name_has_its_length_in_the_table() {
        for &(name, _) in MONTHS {
            let first = usize::from(name.as_bytes()[0] - b'a');
            assert_ne!(MONTH_NAME_LENGTHS[first] & (1 << name.len()), 0, "{name}");
        }
        // Letters that start no month name have no lengths.
        assert_eq!(MONTH_NAME_LENGTHS[usize::from(b'x' - b'a')], 0);
        assert_eq!(
            MONTH_NAME_LENGTHS[usize::from(b'j' - b'a')],
            1 << 3 | 1 << 4 | 1 << 7
        );
    }

    #[test]
    fn every_month_name_passes_the_first_letter_check() {
        for &(name, m) in MONTHS {
            let upper = name.to_ascii_uppercase();
            let title = format!("{}{}", &upper[..1], &name[1..]);
            for written in [name.to_owned(), upper, title] {
                let text = format!("{written} 4, 2023");
                assert_eq!(
                    month_name_at(&text, 0),
                    Some((m, written.len())),
                    "{written}"
                );
            }
        }
        for word in ["Thursday", "Beijing", "Tuesday 4", "Mayor"] {
            assert_eq!(month_name_at(word, 0), None, "{word}");
        }
    }

    #[test]
    fn the_date_prefilter_looks_at_ten_characters_at_most() {
        // A run of numeral characters is cut after ten, so trying a date at every position of
        // a long run stays linear (it was quadratic on `1,1,1,…`).
        let run = "1,".repeat(50_000);
        assert_eq!(numeral_run_end(&run, 0), 10);
        assert_eq!(numeral_run_end("二〇二三年", 0), "二〇二三".len());
        assert_eq!(
            numeral_run_end("一千九百九十一年", 0),
            "一千九百九十一".len()
        );
        assert!(chinese_date(&run, 0).is_none());
        let d = chinese_date("一九九一年一月十六日", 0).expect("a date");
        assert_eq!(
            (d.low.year, d.low.month, d.low.day),
            (Some(1991), Some(1), Some(16))
        );
    }

    /// The run end as found before, one decoded character at a time.
    fn numeral_run_end_by_chars(text: &str, pos: usize) -> usize {
        for (n, (i, c)) in text[pos..].char_indices().enumerate() {
            let numeral = c.is_ascii_digit()
                || matches!(c, '.' | ',' | '多' | '余' | '餘' | '几' | '幾')
                || super::super::context::is_chinese_numeral_char(c);
            if n == 10 || !numeral {
                return pos + i;
            }
        }
        text.len()
    }

    proptest::proptest! {
        #[test]
        fn numeral_run_end_by_bytes_equals_by_chars(
            text in "[0-9.,多余餘几幾一二十百千万亿两零〇廿壹拾中年月a。 é😀]{0,16}",
        ) {
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                proptest::prop_assert_eq!(
                    numeral_run_end(&text, pos),
                    numeral_run_end_by_chars(&text, pos)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_date_test_passes_every_date(
            text in "[0-9.,多余几一二十百〇两年月日号至—-]{0,14}",
        ) {
            // Read without the test on the numeral's end, a date is found only where the test
            // passes, and then the same one.
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let (mut gated, mut ungated) = (None, None);
                let read = chinese_date_read(&text, pos, &mut ungated);
                proptest::prop_assert_eq!(
                    chinese_date_reading(&text, pos, &mut gated),
                    read.clone()
                );
                if read.is_some() {
                    proptest::prop_assert_eq!(gated, ungated);
                }
            }
        }
    }

    #[test]
    fn weekdays_of_known_dates() {
        assert_eq!(
            weekday_of(PartialDate::ymd(2023, 11, 8)).unwrap().as_str(),
            "Wed"
        );
        assert_eq!(
            weekday_of(PartialDate::ymd(2023, 7, 6)).unwrap().as_str(),
            "Thu"
        );
        assert_eq!(
            weekday_of(PartialDate::ymd(2000, 2, 29)).unwrap().as_str(),
            "Tue"
        );
    }
}
