//! Dates the readers take for the article's date: a dateline alone on one of the first lines of
//! plain text (`2023-11-09`, `2023年11月9日`, `Thu, 09 Nov 2023 12:39:01 GMT`, `9/11/2023`), the
//! start of an HTML `<meta>` or `<time>` value or Markdown front matter, and a Unix time in
//! milliseconds. Read by hand rather than by regexes: most lines tried are no date, and building
//! the regexes cost more than reading all the date lines of a few hundred documents. The regexes
//! stay in the tests (`date_regexes`), the definition the readers are held to.

use super::text::{folded_letter, starts_with_ci};
use crate::claim::PartialDate;

/// The rest of a date line, read from the front.
struct DateCursor<'a> {
    rest: &'a str,
}

impl<'a> DateCursor<'a> {
    fn done(&self) -> bool {
        self.rest.is_empty()
    }

    /// Takes `prefix` if it comes next (as it is: case counts).
    fn eat(&mut self, prefix: &str) -> bool {
        match self.rest.strip_prefix(prefix) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Takes the white space that comes next (`\s*`, Unicode white space); whether there was
    /// any (`\s+`).
    fn space(&mut self) -> bool {
        let rest = self.rest.trim_start();
        let any = rest.len() < self.rest.len();
        self.rest = rest;
        any
    }

    /// The value of exactly `n` ASCII digits (`[0-9]{n}`).
    fn exactly(&mut self, n: usize) -> Option<u32> {
        let digits = self.rest.as_bytes().get(..n)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.rest = &self.rest[n..];
        Some(digits.iter().fold(0, |v, b| v * 10 + u32::from(b - b'0')))
    }

    /// The value of one or two ASCII digits, two when there are (`[0-9]{1,2}`, greedy). Where
    /// the pattern goes on with something other than a digit, a third digit fails there as it
    /// fails the regex.
    fn one_or_two(&mut self) -> Option<u32> {
        let two = self.rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit);
        self.exactly(if two { 2 } else { 1 })
    }

    /// `[0-9]+`.
    fn digits(&mut self) -> Option<()> {
        let n = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        self.rest = &self.rest[n..];
        (n > 0).then_some(())
    }

    /// `[a-z]*` under `(?i)`.
    fn letters(&mut self) {
        let end = self
            .rest
            .find(|c| folded_letter(c).is_none())
            .unwrap_or(self.rest.len());
        self.rest = &self.rest[end..];
    }

    /// `word` (lower-case ASCII letters) under `(?i)`.
    fn word_ci(&mut self, word: &str) -> bool {
        let Some(end) = starts_with_ci(self.rest, word) else {
            return false;
        };
        self.rest = &self.rest[end..];
        true
    }

    /// Which of `words` (lower-case ASCII letters, none the start of another) comes next under
    /// `(?i)`, and the text that matched it.
    fn one_of_ci(&mut self, words: &[&str]) -> Option<(usize, &'a str)> {
        let before = self.rest;
        let i = words.iter().position(|w| self.word_ci(w))?;
        Some((i, &before[..before.len() - self.rest.len()]))
    }

    /// `[0-9]{1,2}:[0-9]{2}`, an hour and minutes (their values are not used).
    fn hour_minutes(&mut self) -> Option<()> {
        self.one_or_two()?;
        self.eat(":").then_some(())?;
        self.exactly(2).map(drop)
    }

    /// `(?::[0-9]{2})?`, the seconds of a time, if they come next; `None` when a `:` comes
    /// without them (nothing that may follow a time starts with `:`).
    fn seconds(&mut self) -> Option<bool> {
        if !self.eat(":") {
            return Some(false);
        }
        self.exactly(2).map(|_| true)
    }

    /// `([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})`: the year, month and day.
    fn ymd(&mut self) -> Option<(u32, u32, u32)> {
        let y = self.exactly(4)?;
        self.eat("-").then_some(())?;
        let m = self.one_or_two()?;
        self.eat("-").then_some(())?;
        Some((y, m, self.one_or_two()?))
    }
}

fn checked(y: i32, m: u32, d: u32) -> Option<PartialDate> {
    let (Ok(m), Ok(d)) = (u8::try_from(m), u8::try_from(d)) else {
        return None;
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d) && (1000..=9999).contains(&y))
        .then(|| PartialDate::ymd(y, m, d))
}

/// Parses a whole line that is only a date, possibly with a time: ISO `2023-11-15 11:27`,
/// RFC 2822 `Thu, 09 Nov 2023 12:39:01 GMT`, `15/11/2023 - 11:27` (day first, only when the
/// order is unambiguous), `2023年11月15日`.
pub(super) fn parse_date_line(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if let Some((y, m, d)) = iso_date(s).or_else(|| cn_date(s)) {
        return checked(y as i32, m, d);
    }
    if let Some(date) = rfc_date(s) {
        return date;
    }
    let (x, y, year) = dmy_date(s)?;
    if x > 12 || x == y {
        checked(year as i32, y, x)
    } else if y > 12 {
        checked(year as i32, x, y)
    } else {
        None
    }
}

/// The year, month and day of `s` when it matches `^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})
/// (?:(?:[T ]+|\s+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})?)?$`.
fn iso_date(s: &str) -> Option<(u32, u32, u32)> {
    let mut c = DateCursor { rest: s };
    let (y, m, d) = c.ymd()?;
    if c.done() {
        return Some((y, m, d));
    }
    // `[T ]+|\s+`: neither takes the digit the time starts with, so the separator is all of
    // the `T`s and white space before it, and one of the two must take all of it.
    let sep = c
        .rest
        .find(|ch: char| ch != 'T' && !ch.is_whitespace())
        .unwrap_or(c.rest.len());
    let run = &c.rest[..sep];
    let ts_and_spaces = run.bytes().all(|b| b == b'T' || b == b' ');
    let white = !run.contains('T');
    if run.is_empty() || !(ts_and_spaces || white) {
        return None;
    }
    c.rest = &c.rest[sep..];
    c.hour_minutes()?;
    if c.seconds()? && c.eat(".") {
        c.digits()?;
    }
    c.space();
    if !(c.eat("Z") || c.eat("UTC") || c.eat("GMT")) && (c.eat("+") || c.eat("-")) {
        c.exactly(2)?;
        c.eat(":");
        c.exactly(2)?;
    }
    c.done().then_some((y, m, d))
}

/// The year, month and day of `s` when it matches
/// `^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$`.
fn cn_date(s: &str) -> Option<(u32, u32, u32)> {
    let mut c = DateCursor { rest: s };
    let y = c.exactly(4)?;
    c.eat("年").then_some(())?;
    let m = c.one_or_two()?;
    c.eat("月").then_some(())?;
    let d = c.one_or_two()?;
    c.eat("日").then_some(())?;
    if !c.done() {
        c.space();
        c.hour_minutes()?;
        c.seconds()?;
    }
    c.done().then_some((y, m, d))
}

/// When `s` matches `(?i)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?([0-9]{1,2})\s+
/// (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+([0-9]{4})
/// (?:,?\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\s*(?:GMT|UTC|Z|[+-][0-9]{4})?)?$`: its date, if
/// it is one (a month matched by a long s is not).
fn rfc_date(s: &str) -> Option<Option<PartialDate>> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut c = DateCursor { rest: s };
    // The weekday and the day cannot both start the line: a digit starts the day.
    if !c.rest.starts_with(|ch: char| ch.is_ascii_digit()) {
        c.one_of_ci(&DAYS)?;
        c.letters();
        c.eat(",");
        c.space().then_some(())?;
    }
    let d = c.one_or_two()?;
    c.space().then_some(())?;
    let (m, spelled) = c.one_of_ci(&MONTHS)?;
    c.letters();
    c.eat(".");
    c.eat(",");
    c.space().then_some(())?;
    let y = c.exactly(4)?;
    if !c.done() {
        c.eat(",");
        c.space().then_some(())?;
        c.hour_minutes()?;
        c.seconds()?;
        c.space();
        if !(c.word_ci("gmt") || c.word_ci("utc") || c.word_ci("z")) && (c.eat("+") || c.eat("-")) {
            c.exactly(4)?;
        }
        if !c.done() {
            return None;
        }
    }
    // The month as the regex captured it, in ASCII lower case, must be a month's name.
    Some(
        spelled
            .is_ascii()
            .then(|| checked(y as i32, m as u32 + 1, d))
            .flatten(),
    )
}

/// Two numbers and the year of `s` when it matches
/// `^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:\s*-?\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$`.
fn dmy_date(s: &str) -> Option<(u32, u32, u32)> {
    let mut c = DateCursor { rest: s };
    let x = c.one_or_two()?;
    c.eat("/").then_some(())?;
    let y = c.one_or_two()?;
    c.eat("/").then_some(())?;
    let year = c.exactly(4)?;
    if !c.done() {
        c.space();
        c.eat("-");
        c.space();
        c.hour_minutes()?;
        c.seconds()?;
    }
    c.done().then_some((x, y, year))
}

/// The leading date of an attribute value such as `2023-07-07 12:32:10` or
/// `2023-11-09T12:39:01Z` (the rest is ignored).
pub(super) fn parse_date_prefix(s: &str) -> Option<PartialDate> {
    // `^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})`, whatever follows.
    let mut c = DateCursor { rest: s };
    c.space();
    if let Some((y, m, d)) = c.ymd() {
        return checked(y as i32, m, d);
    }
    parse_date_line(s)
}

/// The UTC calendar date of a Unix time in milliseconds (Howard Hinnant's civil_from_days).
pub(super) fn date_from_epoch_millis(ms: i64) -> PartialDate {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    PartialDate::ymd(y as i32, m as u8, d as u8)
}

/// The date readers against the regexes that define them.
#[cfg(test)]
mod date_regexes {
    use super::{PartialDate, checked, date_from_epoch_millis, parse_date_line, parse_date_prefix};
    use crate::normalize::text::testing::palette_text;
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    fn re(pattern: &str) -> Regex {
        Regex::new(pattern).expect("date regex")
    }

    static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[T ]+|\s+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})?)?$",
        )
    });
    static RFC_DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?([0-9]{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+([0-9]{4})(?:,?\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\s*(?:GMT|UTC|Z|[+-][0-9]{4})?)?$",
        )
    });
    static DMY_DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:\s*-?\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")
    });
    static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")
    });
    static PREFIX: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"));

    fn num(c: &regex::Captures, i: usize) -> Option<u32> {
        c.get(i).and_then(|m| m.as_str().parse::<u32>().ok())
    }

    /// `parse_date_line` as it was written with the regexes.
    fn line_by_regex(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        if let Some(c) = ISO_DATE.captures(s).or_else(|| CN_DATE.captures(s)) {
            return checked(num(&c, 1)? as i32, num(&c, 2)?, num(&c, 3)?);
        }
        if let Some(c) = RFC_DATE.captures(s) {
            const MONTHS: [&str; 12] = [
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ];
            let mon = c.get(2)?.as_str().to_ascii_lowercase();
            let m = MONTHS.iter().position(|x| *x == mon)? as u32 + 1;
            return checked(num(&c, 3)? as i32, m, num(&c, 1)?);
        }
        if let Some(c) = DMY_DATE.captures(s) {
            let (x, y, year) = (num(&c, 1)?, num(&c, 2)?, num(&c, 3)? as i32);
            return if x > 12 || x == y {
                checked(year, y, x)
            } else if y > 12 {
                checked(year, x, y)
            } else {
                None
            };
        }
        None
    }

    /// `parse_date_prefix` as it was written with the regexes.
    fn prefix_by_regex(s: &str) -> Option<PartialDate> {
        if let Some(c) = PREFIX.captures(s) {
            return checked(num(&c, 1)? as i32, num(&c, 2)?, num(&c, 3)?);
        }
        line_by_regex(s)
    }

    /// Whole dates, their parts, and near misses: every character class the regexes tell
    /// apart, and the characters `(?i)` folds to ASCII letters.
    const PALETTE: &[&str] = &[
        "2023-11-15",
        "2023年7月7日",
        "15/11/2023",
        "05/11/2023",
        "Thu, 09 Nov 2023",
        "09 nov. 2023",
        "Sunday 1 SEPTEMBER 2024",
        " 12:39:01",
        " 11:27",
        "T12:32:10Z",
        " GMT",
        " +0800",
        "+05:30",
        ".123",
        "2023",
        "202",
        "0",
        "1",
        "12",
        "31",
        "7",
        "-",
        "/",
        ":",
        ".",
        ",",
        "年",
        "月",
        "日",
        " ",
        "  ",
        "\t",
        "\n",
        "\u{3000}",
        "\u{A0}",
        "T",
        "t",
        "TT",
        "Z",
        "z",
        "UTC",
        "utc",
        "GMT",
        "gmt",
        "+",
        "Thu",
        "thu",
        "mon",
        "\u{17F}at",
        "\u{17F}un",
        "Sep",
        "\u{17F}ep",
        "SEP",
        "Nov",
        "may",
        "ember",
        "\u{212A}",
        "k",
        "x",
        "\u{131}",
        "\u{130}",
        "中",
        "１",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]
        #[test]
        fn readers_find_what_the_regexes_find(text in palette_text(PALETTE, 9)) {
            prop_assert_eq!(parse_date_line(&text), line_by_regex(&text), "{:?}", text);
            prop_assert_eq!(parse_date_prefix(&text), prefix_by_regex(&text), "{:?}", text);
        }
    }

    #[test]
    fn readers_agree_on_examples() {
        for s in [
            "Thu, 09 Nov 2023 12:39:01 GMT",
            "15/11/2023 - 11:27",
            "05/11/2023",
            "2023-11-15 11:27",
            "2023年7月7日",
            "2023-07-07T12:32:10Z",
            "2023-07-07T12:32:10.5+08:00",
            "2023-07-07 \t12:32",
            "2023-07-07T 12:32",
            "15/11/202311:27",
            "\u{17F}at 1 \u{17F}ep 2023",
            "1 \u{17F}ep 2023",
            "1 Sep 2023, 10:00 z",
            "  2023-7-7x",
        ] {
            assert_eq!(parse_date_line(s), line_by_regex(s), "{s:?}");
            assert_eq!(parse_date_prefix(s), prefix_by_regex(s), "{s:?}");
        }
        assert_eq!(
            parse_date_line("Sunday 1 SEPTEMBER 2024"),
            Some(PartialDate::ymd(2024, 9, 1))
        );
        assert_eq!(parse_date_line("1 \u{17F}ep 2023"), None);
    }

    #[test]
    fn parses_dates() {
        let ymd = |y, m, d| Some(PartialDate::ymd(y, m, d));
        for (line, date) in [
            ("Thu, 09 Nov 2023 12:39:01 GMT", ymd(2023, 11, 9)),
            ("15/11/2023 - 11:27", ymd(2023, 11, 15)),
            ("05/11/2023", None),
            ("2023-11-15 11:27", ymd(2023, 11, 15)),
            ("2023年7月7日", ymd(2023, 7, 7)),
        ] {
            assert_eq!(parse_date_line(line), date, "{line:?}");
        }
        assert_eq!(parse_date_prefix("2023-07-07T12:32:10Z"), ymd(2023, 7, 7));
        for (ms, date) in [
            (1_700_045_101_000, ymd(2023, 11, 15)),
            (1_688_706_422_000, ymd(2023, 7, 7)),
            (0, ymd(1970, 1, 1)),
            (951_782_400_000, ymd(2000, 2, 29)),
        ] {
            assert_eq!(Some(date_from_epoch_millis(ms)), date, "{ms}");
        }
    }
}
