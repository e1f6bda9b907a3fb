//! One figure: a numeral with its sign, its currency, percent or temperature prefix, and the
//! unit after it, turned into a value in the canonical unit. Decides whether a bare numeral is
//! a claim at all (a lone Chinese 一 is not; 2023 in "in 2023" is a year).

use super::context::*;
use super::dates::is_year_numeral;
use crate::claim::{Gas, Kind, Qualifier};
use crate::numerals::{Numeral, Script, parse_numeral};
use crate::vocab::{Calendar, Vocabulary};
use rust_decimal::Decimal;

/// A figure read at one place (normalized coordinates).
#[derive(Clone, Debug)]
pub struct Figure<'v> {
    /// Start (including sign and prefix).
    pub start: usize,
    /// End (including the unit).
    pub end: usize,
    /// Where scanning resumes (at least `end`).
    pub resume: usize,
    /// Value in the canonical unit.
    pub value: Decimal,
    /// The number as written (sign applied, no unit factor).
    pub written: Decimal,
    /// Place value of the last written digit, as written.
    pub written_resolution: Decimal,
    /// Unit factor applied to `written`.
    pub factor: Decimal,
    /// Place value of the last written digit in the canonical unit.
    pub resolution: Decimal,
    /// Kind of figure.
    pub kind: Kind,
    /// Canonical unit (a word of the vocabulary or of this module).
    pub unit: Option<&'v str>,
    /// Gas basis carried by the unit.
    pub gas: Option<Gas>,
    /// The numeral carried 多/余/几.
    pub more_than: bool,
    /// Four digits that could be a year, with no unit.
    pub year_like: bool,
    /// The value in the canonical unit is past what a `Decimal` holds (a 27-digit number of
    /// kWh): no figure is read (`read_from`).
    overflow: bool,
}

/// What reading at a place gave.
pub enum Read<'v> {
    /// A figure.
    Figure(Figure<'v>),
    /// Not a figure; skip to this offset (an identifier, a label, a lone Chinese numeral).
    Skip(usize),
}

impl<'v> Figure<'v> {
    fn new(start: usize, end: usize, written: Decimal, written_resolution: Decimal) -> Self {
        Figure {
            start,
            end,
            resume: end,
            value: written,
            written,
            written_resolution,
            factor: Decimal::ONE,
            resolution: written_resolution,
            kind: Kind::Number,
            unit: None,
            gas: None,
            more_than: false,
            year_like: false,
            overflow: false,
        }
    }

    fn set_unit(&mut self, kind: Kind, unit: &'v str, factor: Decimal) {
        self.kind = kind;
        self.unit = Some(unit);
        self.factor = factor;
        match (
            times(self.written, factor),
            times(self.written_resolution, factor),
        ) {
            (Some(value), Some(resolution)) => {
                self.value = value;
                self.resolution = resolution;
            }
            _ => self.overflow = true,
        }
    }

    /// Whether a range may start with this figure.
    pub fn can_start_range(&self) -> bool {
        !matches!(
            self.kind,
            Kind::Date | Kind::Ordinal | Kind::Rank | Kind::Age
        )
    }

    /// Combines this figure (the low end) with `high` into the two ends of a range, giving the
    /// low end the high end's unit when it has none (50至52% → 50%–52%).
    pub fn range_with(&self, high: &Figure<'v>) -> Option<(Figure<'v>, Figure<'v>)> {
        let mut low = self.clone();
        if high.kind == Kind::Year && self.year_like {
            low.set_unit(Kind::Year, "year", Decimal::ONE);
        } else if low.unit.is_none() {
            let unit = high.unit?;
            if high.kind == Kind::Date {
                return None;
            }
            low.set_unit(high.kind, unit, high.factor);
            if low.overflow {
                return None;
            }
        } else if low.unit != high.unit || low.kind != high.kind {
            return None;
        }
        (low.value <= high.value).then_some((low, high.clone()))
    }
}

/// `x * factor` (`None` past what a `Decimal` holds), without multiplying when the factor is
/// 1 (most units): a product with 1 is `x` itself, but for zero, which a product makes a
/// positive zero of scale 0.
pub(super) fn times(x: Decimal, factor: Decimal) -> Option<Decimal> {
    if factor.serialize() == Decimal::ONE.serialize() {
        Some(if x.is_zero() { Decimal::ZERO } else { x })
    } else {
        x.checked_mul(factor)
    }
}

/// `low <= x && x <= high`. A Decimal of scale 0 (most numerals) is its mantissa, compared as
/// an integer without `Decimal`'s general comparison, which aligns the scales first.
pub(super) fn decimal_in(x: Decimal, low: i64, high: i64) -> bool {
    if x.scale() == 0 {
        (i128::from(low)..=i128::from(high)).contains(&x.mantissa())
    } else {
        x >= Decimal::from(low) && x <= Decimal::from(high)
    }
}

/// `a.min(b)`: `b` when it is smaller, else `a`. Two Decimals of the same scale are ordered
/// as their (signed) mantissas, compared as integers without `Decimal`'s general comparison.
pub(super) fn decimal_min(a: Decimal, b: Decimal) -> Decimal {
    let smaller = if a.scale() == b.scale() {
        b.mantissa() < a.mantissa()
    } else {
        b < a
    };
    if smaller { b } else { a }
}

/// `word` written right before `pos`, its characters possibly separated by spaces
/// (`百 分 之`): the start of the word.
fn spaced_word_before(text: &str, pos: usize, word: &str) -> Option<usize> {
    let mut p = skip_spaces_back(text, pos);
    for (i, c) in word.chars().rev().enumerate() {
        if i > 0 {
            p = skip_spaces_back(text, p);
        }
        if char_before(text, p)? != c {
            return None;
        }
        p -= c.len_utf8();
    }
    Some(p)
}

const PERCENT_PREFIXES: &[(&str, i64, u32)] = &[
    ("百万万分之", 1, 8),
    ("千万分之", 1, 5),
    ("万万分之", 1, 6),
    ("百万分之", 1, 4),
    ("百萬分之", 1, 4),
    ("万分之", 1, 2),
    ("萬分之", 1, 2),
    ("千分之", 1, 1),
    ("仟分之", 1, 1),
    ("百分之", 1, 0),
    ("佰分之", 1, 0),
];

/// Where a sign before `pos` may be a minus (not a range dash after a number).
fn minus_before(text: &str, pos: usize) -> Option<usize> {
    let c = char_before(text, pos)?;
    if c == ' ' {
        // 负 1,200,000: only the word 负 may stand apart from its number.
        let p = skip_spaces_back(text, pos);
        return matches!(char_before(text, p), Some('负' | '負')).then(|| p - '负'.len_utf8());
    }
    match c {
        '负' | '負' => Some(pos - c.len_utf8()),
        '-' | '−' => {
            let s = pos - c.len_utf8();
            let prev = char_before(text, s);
            let glued = prev.is_some_and(|p| {
                p.is_ascii_alphanumeric()
                    || is_chinese_numeral_char(p)
                    || matches!(p, '%' | ')' | '）' | '.' | '日' | '年' | '月' | '℃' | '-')
            });
            (!glued).then_some(s)
        }
        _ => None,
    }
}

/// Reads the figure whose numeral starts at `pos`.
pub fn read<'v>(text: &str, vocab: &'v Vocabulary, pos: usize) -> Option<Read<'v>> {
    read_from(text, vocab, pos, parse_numeral(text, pos)?)
}

/// `read` with the numeral at `pos` already read (`n` is `parse_numeral(text, pos)`).
pub fn read_from<'v>(
    text: &str,
    vocab: &'v Vocabulary,
    pos: usize,
    n: Numeral,
) -> Option<Read<'v>> {
    match read_figure(text, vocab, pos, n)? {
        // A value no `Decimal` holds in its canonical unit is no figure to check.
        Read::Figure(f) if f.overflow => Some(Read::Skip(f.end)),
        read => Some(read),
    }
}

/// `read_from`, with figures whose value overflowed.
fn read_figure<'v>(text: &str, vocab: &'v Vocabulary, pos: usize, n: Numeral) -> Option<Read<'v>> {
    let mut start = pos;
    let mut written = n.value;
    if let Some(s) = minus_before(text, pos) {
        start = s;
        written = -written;
    }
    let mut f = Figure::new(start, n.end, written, n.resolution);
    f.more_than = n.more_than;
    let arabic_like = matches!(n.script, Script::Arabic | Script::Mixed);

    if arabic_like && follows_label_word(text, pos) {
        return Some(Read::Skip(n.end));
    }
    if n.script == Script::Chinese
        && is_lone_financial(&text[pos..n.end])
        && !whole_line(text, pos, n.end)
    {
        // 陆 in 登陆部队, 拾 in 拾起, 伍 in 队伍: financial numerals alone are ordinary words.
        return Some(Read::Skip(n.end));
    }

    // Prefixes written before the number: every percent prefix ends with 之, every
    // temperature scale with 氏 or 度.
    let last_before = char_before(text, skip_spaces_back(text, start));
    let percent_prefixes = if last_before == Some('之') {
        PERCENT_PREFIXES
    } else {
        &[]
    };
    for &(word, mantissa, scale) in percent_prefixes {
        if let Some(s) = spaced_word_before(text, start, word) {
            f.start = s;
            f.set_unit(Kind::Percent, "%", Decimal::new(mantissa, scale));
            return Some(Read::Figure(f));
        }
    }
    let scales: &[(&str, &str)] = if matches!(last_before, Some('氏' | '度')) {
        &[
            ("摄氏", "degC"),
            ("攝氏", "degC"),
            ("华氏温度", "degF"),
            ("华氏", "degF"),
            ("華氏", "degF"),
        ]
    } else {
        &[]
    };
    for &(word, unit) in scales {
        if let Some(s) = spaced_word_before(text, start, word) {
            f.start = s;
            f.set_unit(Kind::Temperature, unit, Decimal::ONE);
            for tail in ["度", "°", "℃", "℉"] {
                if text[f.end..].starts_with(tail) {
                    f.end += tail.len();
                    break;
                }
            }
            f.resume = f.end;
            return Some(Read::Figure(f));
        }
    }
    let prefix = vocab
        .currency_prefix_before(text, skip_spaces_back(text, start))
        .filter(|(s, _)| {
            !char_before(text, *s).is_some_and(|c| c.is_ascii_digit() || is_chinese_numeral_char(c))
        })
        .filter(|(_, currency)| {
            let p = skip_spaces(text, n.end);
            !vocab.unit_at(text, p).is_some_and(|u| {
                u.unit.kind == Kind::Money && u.unit.unit != *currency && u.unit.word != "元"
            })
        });
    if let Some((s, currency)) = prefix {
        f.start = s;
        let mut factor = Decimal::ONE;
        // $15m, $1.5 mn: millions after a currency sign.
        let rest = &text[f.end..];
        for (suffix, scale) in [
            (" million", 1_000_000i64),
            ("mn", 1_000_000),
            ("m", 1_000_000),
        ] {
            if rest.starts_with(suffix)
                && !char_at(text, f.end + suffix.len()).is_some_and(|c| c.is_ascii_alphabetic())
            {
                factor = Decimal::from(scale);
                f.end += suffix.len();
                break;
            }
        }
        f.set_unit(Kind::Money, currency, factor);
        // 人民币1500万元: the unit word repeats the currency.
        let p = skip_spaces(text, f.end);
        if let Some(u) = vocab.unit_at(text, p)
            && u.unit.kind == Kind::Money
            && (u.unit.unit == currency || u.unit.word == "元")
        {
            f.end = u.end;
        }
        f.resume = f.end;
        return Some(Read::Figure(f));
    }

    // The unit after the number.
    let p = skip_spaces(text, n.end);
    let Some(u) = vocab.unit_at(text, p) else {
        return Some(bare(text, pos, f, &n));
    };
    let unit = u.unit;
    f.end = u.end;
    f.resume = u.end;
    if lone_yi(text, pos, n.end)
        && char_before(text, pos).is_some_and(|c| {
            matches!(
                c,
                '这' | '這' | '那' | '同' | '每' | '任' | '哪' | '某' | '前' | '后' | '後' | '的'
            )
        })
    {
        // 这一周 ("this week"), 此前一天 ("the day before"), 最热的一年 ("the hottest year"):
        // a demonstrative or relative phrase, not a figure.
        return Some(Read::Skip(u.end));
    }
    match unit.calendar {
        Some(Calendar::Year) => {
            if text[u.end..].starts_with('代') {
                return Some(Read::Skip(u.end + '代'.len_utf8()));
            }
            if is_year_numeral(text, pos, &n) && decimal_in(f.written, 1000, 2200) {
                f.set_unit(Kind::Year, "year", Decimal::ONE);
            } else {
                f.set_unit(Kind::Duration, "year", Decimal::ONE);
            }
            half_after(text, &mut f);
            return Some(Read::Figure(f));
        }
        Some(Calendar::Month) => return Some(Read::Skip(u.end)),
        Some(Calendar::Day) => {
            let day_only =
                arabic_like && n.plain_integer && (1..=31).contains(&f.written.trunc().mantissa());
            if day_only && !text[u.end..].starts_with('内') {
                // A day of the month alone (将于2日前往): month and year come from context.
                let mut date = Figure::new(pos, u.end, f.written, Decimal::ONE);
                date.kind = Kind::Date;
                date.unit = Some("date");
                return Some(Read::Figure(date));
            }
            f.set_unit(Kind::Duration, &unit.unit, unit.factor);
            return Some(Read::Figure(f));
        }
        None => {}
    }
    if unit.unit == "deg" && n.script == Script::Chinese {
        // 两度, 三度: "twice", "three times", not temperatures.
        return Some(Read::Skip(u.end));
    }
    if unit.kind == Kind::Count && text[u.end..].starts_with("集团") {
        return Some(Read::Skip(u.end));
    }
    if unit.word == "成" && f.written > Decimal::TEN {
        return Some(bare(text, pos, f, &n));
    }
    if unit.word == "折" {
        // 九折 = 90 %, 7.5折 = 75 %, but 75折 = 75 % too; 对折 is no figure.
        if f.written > Decimal::ONE_HUNDRED {
            return Some(bare(text, pos, f, &n));
        }
        let factor = if f.written >= Decimal::TEN {
            Decimal::ONE
        } else {
            Decimal::TEN
        };
        f.set_unit(Kind::Percent, "%", factor);
        return Some(Read::Figure(f));
    }
    if matches!(unit.word.as_str(), "块" | "塊")
        && char_at(text, u.end)
            .is_some_and(|c| is_cjk(c) && !is_chinese_numeral_char(c) && c != '钱' && c != '錢')
    {
        // 五块电池: 块 counts pieces before a noun; 五块, 三块四 are money.
        f.set_unit(Kind::Count, "count", Decimal::ONE);
        return Some(Read::Figure(f));
    }
    if !arabic_like && n.script == Script::English && unit.kind == Kind::Count {
        return Some(Read::Skip(u.end));
    }
    if lone_yi(text, pos, n.end)
        && unit.kind == Kind::Count
        && !char_before(text, pos).is_some_and(|c| matches!(c, '和' | '及' | '与' | '與' | '、'))
        && !whole_line(text, pos, u.end)
    {
        // 一个, 一项, 一位 is usually the article "a"; it counts only beside other counts
        // (八个州和一个领地).
        return Some(Read::Skip(u.end));
    }
    f.set_unit(unit.kind, &unit.unit, unit.factor);
    f.gas = unit.gas;
    if unit.kind == Kind::Money {
        subunits_after(text, vocab, &mut f);
    }
    half_after(text, &mut f);
    Some(Read::Figure(f))
}

/// Smaller coins after an amount: 五元三毛 (5.3), 两美元又三美分 (2.03), 壹拾壹元壹角壹分.
fn subunits_after<'v>(text: &str, vocab: &'v Vocabulary, f: &mut Figure<'v>) {
    let Some(currency) = f.unit else {
        return;
    };
    let mut p = f.end;
    for tail in ["整", "正"] {
        if currency == "CNY"
            && text[p..].starts_with(tail)
            && !char_at(text, p + 3).is_some_and(is_cjk)
        {
            f.end = p + tail.len();
            f.resume = f.end;
            return;
        }
    }
    loop {
        let q = if text[p..].starts_with('又') || text[p..].starts_with('零') {
            p + 3
        } else {
            p
        };
        let Some(n) = parse_numeral(text, q) else {
            break;
        };
        let rest = &text[n.end..];
        let coin = match currency {
            "CNY" if rest.starts_with('分') => Some(("分", Decimal::new(1, 2))),
            _ => vocab
                .unit_at(text, n.end)
                .filter(|u| {
                    u.unit.kind == Kind::Money
                        && u.unit.unit == currency
                        && u.unit.factor < Decimal::ONE
                })
                .map(|u| (&text[n.end..u.end], u.unit.factor)),
        };
        let Some((word, factor)) = coin else { break };
        // The sum and the written value, unless they are past what a `Decimal` holds.
        let sum = n
            .value
            .checked_mul(factor)
            .and_then(|v| f.value.checked_add(v));
        let Some((value, written)) = sum.and_then(|v| Some((v, v.checked_div(f.factor)?))) else {
            break;
        };
        f.value = value;
        f.written = written;
        f.resolution = factor;
        p = n.end + word.len();
        f.end = p;
        f.resume = p;
    }
}

/// A single financial-form numeral character (陆, 拾, 伍 …), which alone is an ordinary word.
fn is_lone_financial(written: &str) -> bool {
    let mut chars = written.chars();
    chars.next().is_some_and(is_financial_numeral) && chars.next().is_none()
}

/// The numeral is the single character 一 (or 壹).
fn lone_yi(text: &str, pos: usize, end: usize) -> bool {
    matches!(&text[pos..end], "一" | "壹")
}

/// 一年半, 三成半: a 半 right after the unit adds a half.
fn half_after(text: &str, f: &mut Figure<'_>) {
    if text[f.end..].starts_with('半')
        && matches!(f.kind, Kind::Duration | Kind::Percent | Kind::Age)
    {
        let written = f.written.checked_add(Decimal::new(5, 1));
        let Some((written, value)) = written.and_then(|w| Some((w, times(w, f.factor)?))) else {
            return;
        };
        (f.written, f.value) = (written, value);
        f.end += '半'.len_utf8();
        f.resume = f.end;
    }
}

const YEAR_WORDS_BEFORE: &[&str] = &[
    "in",
    "by",
    "since",
    "until",
    "till",
    "from",
    "to",
    "through",
    "before",
    "after",
    "of",
    "between",
    "and",
    "early",
    "late",
    "mid",
    "year",
    "during",
    "in the year",
];

/// A numeral with no unit: a bare number, a year in English prose, or nothing.
fn bare<'v>(text: &str, pos: usize, mut f: Figure<'v>, n: &crate::numerals::Numeral) -> Read<'v> {
    let after = char_at(text, n.end);
    let written = &text[pos..n.end];
    if written.contains("分之") {
        // 三分之一, 1又2分之1: a fraction of a whole.
        f.set_unit(Kind::Ratio, "x", Decimal::ONE);
        return Read::Figure(f);
    }
    match n.script {
        Script::English => return Read::Skip(n.end),
        Script::Chinese => {
            let chars = written.chars().count();
            let has_magnitude = written.chars().any(is_chinese_magnitude);
            let digit_sequence = chars >= 3 && !has_magnitude;
            if !((has_magnitude && chars >= 2)
                || digit_sequence
                || whole_line(text, f.start, n.end)
                || named_digit(text, pos, n.end))
            {
                return Read::Skip(n.end);
            }
            if text[n.end..].starts_with("世纪") || text[n.end..].starts_with("世紀") {
                return century(text, f, n.end);
            }
        }
        Script::Arabic | Script::Mixed => {
            if after.is_some_and(|c| c == 'C')
                && !char_at(text, n.end + 1).is_some_and(|c| c.is_ascii_alphanumeric())
            {
                // 1.5C in English climate prose.
                f.set_unit(Kind::Temperature, "degC", Decimal::ONE);
                f.end = n.end + 1;
                f.resume = f.end;
                return Read::Figure(f);
            }
            if after.is_some_and(|c| c.is_ascii_alphabetic()) {
                return Read::Skip(skip_identifier_from(text, n.end));
            }
            if text[n.end..].starts_with("世纪") || text[n.end..].starts_with("世紀") {
                return century(text, f, n.end);
            }
            if let Some(fraction) = slash_fraction(text, &f, n) {
                return Read::Figure(fraction);
            }
            if n.plain_integer && n.digits >= 12 {
                // Identity, order and account numbers, not figures.
                return Read::Skip(n.end);
            }
            if n.plain_integer && n.digits == 4 {
                f.year_like = (1000..=2200).contains(&f.written.trunc().mantissa());
                if f.year_like && english_year_context(text, f.start) {
                    f.set_unit(Kind::Year, "year", Decimal::ONE);
                }
            }
        }
    }
    Read::Figure(f)
}

/// A lone Chinese digit that names a number: in quotes (“五”), after a copula (答案是四,
/// 这是五), or as a top-N (前三). Elsewhere a lone 一 or 三 is part of a word.
fn named_digit(text: &str, pos: usize, end: usize) -> bool {
    let before = char_before(text, pos);
    let after = char_at(text, end);
    let quoted = matches!(before, Some('“' | '「' | '"' | '‘'))
        && matches!(after, Some('”' | '」' | '"' | '’'));
    // After a copula the digit must end the phrase (答案是四不是五), not start a word (为两国).
    let phrase_ends = after.is_none_or(|c| {
        !is_cjk(c)
            || matches!(
                c,
                '不' | '那' | '这' | '這' | '而' | '却' | '卻' | '和' | '或'
            )
    });
    quoted || before == Some('前') || (matches!(before, Some('是' | '為' | '为')) && phrase_ends)
}

/// Reads 1 to 9 ASCII digits at `p` as an integer.
fn small_integer(text: &str, p: usize) -> Option<(Decimal, usize)> {
    let digits = text.as_bytes()[p..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !(1..=9).contains(&digits) {
        return None;
    }
    let value = text[p..p + digits].parse::<i64>().ok()?;
    Some((Decimal::from(value), p + digits))
}

/// `A/B` at `p`: numerator, denominator and end. Not a date (3/5/2023) nor a path (1/2a).
fn fraction_at(text: &str, p: usize) -> Option<(Decimal, Decimal, usize)> {
    let (num, e) = small_integer(text, p)?;
    if !text[e..].starts_with('/') {
        return None;
    }
    let (den, e2) = small_integer(text, e + 1)?;
    let next = char_at(text, e2);
    if den.is_zero() || next.is_some_and(|c| c == '/' || c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((num, den, e2))
}

/// `1/2`, `16/5`, `-3/2`, `1 3/5`: a slash fraction after an integer (dates such as 3/5/2023
/// are read before this by `numeric_date`).
fn slash_fraction<'v>(
    text: &str,
    f: &Figure<'v>,
    n: &crate::numerals::Numeral,
) -> Option<Figure<'v>> {
    if !n.plain_integer {
        return None;
    }
    let sign = if f.written.is_sign_negative() {
        -Decimal::ONE
    } else {
        Decimal::ONE
    };
    let digits_start = n.end - n.digits;
    let (value, end) = if let Some((num, den, e)) = fraction_at(text, digits_start) {
        (sign * num.checked_div(den)?, e)
    } else {
        // A whole number, a space, then a fraction: 1 3/5.
        let p = skip_spaces(text, n.end);
        let (num, den, e) = fraction_at(text, p).filter(|_| p > n.end)?;
        (f.written + sign * num.checked_div(den)?, e)
    };
    let mut out = f.clone();
    out.written = value.round_dp(20).normalize();
    out.written_resolution = Decimal::new(1, 20);
    out.end = end;
    out.resume = end;
    out.set_unit(Kind::Ratio, "x", Decimal::ONE);
    Some(out)
}

fn skip_identifier_from(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    while p < bytes.len() && (bytes[p].is_ascii_alphanumeric() || bytes[p] == b'_') {
        p += 1;
    }
    p
}

/// 21世纪中叶 is a year (about 2050); 21世纪 alone and 21世纪20年代 are names of periods.
fn century<'v>(text: &str, mut f: Figure<'v>, end: usize) -> Read<'v> {
    let after = end + "世纪".len();
    if text[after..].starts_with("中叶") || text[after..].starts_with("中葉") {
        let year = (f.written - Decimal::ONE) * Decimal::ONE_HUNDRED + Decimal::from(50);
        f.written = year;
        f.written_resolution = Decimal::TEN;
        f.set_unit(Kind::Year, "year", Decimal::ONE);
        f.end = after + "中叶".len();
        f.resume = f.end;
        return Read::Figure(f);
    }
    // Skip the century and a decade that follows it (21世纪20年代).
    let mut resume = after;
    if let Some(n) = parse_numeral(text, after)
        && text[n.end..].starts_with("年代")
    {
        resume = n.end + "年代".len();
    }
    Read::Skip(resume)
}

/// A numeral that is the whole of its line or block (a table cell, a lone heading).
fn whole_line(text: &str, start: usize, end: usize) -> bool {
    let before = skip_spaces_back(text, start);
    let after = skip_spaces(text, end);
    (before == 0 || text[..before].ends_with('\n'))
        && (after == text.len() || text[after..].starts_with('\n'))
}

/// "in 2023", "by 2030", "between 2016 and 2018": a four-digit number in English prose is a year.
fn english_year_context(text: &str, pos: usize) -> bool {
    let p = skip_spaces_back(text, pos);
    if p == pos {
        return false;
    }
    let before = &text[..p];
    YEAR_WORDS_BEFORE.iter().any(|w| {
        ends_with_ci(before, w)
            && !char_before(before, before.len() - w.len()).is_some_and(|c| c.is_ascii_alphabetic())
    })
}

/// After a year claim ending at `end`: 年初/年底/年中 extend it; 前 (before) and 前后 (around)
/// hedge it. Returns the new end.
pub fn extend_year(
    text: &str,
    end: usize,
    qualifier: &mut Qualifier,
    hedges: &mut Hedges,
) -> usize {
    // Every word looked for starts with 年 (E5 B9), 初 (E5 88), 底 (E5 BA), 末 (E6 9C), 中
    // (E4 B8), 前 (E5 89) or 以 (E4 BB): after most years none of them follows.
    if !matches!(
        text.as_bytes()[end..],
        [0xE5, 0xB9 | 0x88 | 0xBA | 0x89, ..] | [0xE6, 0x9C, ..] | [0xE4, 0xB8 | 0xBB, ..]
    ) {
        return end;
    }
    extend_year_at(text, end, qualifier, hedges)
}

/// `extend_year` past its test on the first two bytes.
fn extend_year_at(
    text: &str,
    mut end: usize,
    qualifier: &mut Qualifier,
    hedges: &mut Hedges,
) -> usize {
    for tail in [
        "年初", "年底", "年末", "年中", "年内", "初", "底", "末", "中",
    ] {
        if text[end..].starts_with(tail) {
            // 年中 is mid-year, but 中 alone may start a word (中国): only after 年 directly.
            if tail == "中"
                && !text[end..].starts_with("中期")
                && char_at(text, end + 3).is_some_and(is_cjk)
            {
                break;
            }
            end += tail.len();
            break;
        }
    }
    if text[end..].starts_with("前后") {
        if *qualifier == Qualifier::Exact {
            *qualifier = Qualifier::Approx;
        }
        hedges.push("前后");
        end += "前后".len();
    } else if text[end..].starts_with("以前") || text[end..].starts_with('前') {
        if *qualifier == Qualifier::Exact {
            *qualifier = Qualifier::LessThan;
        }
        let word = if text[end..].starts_with("以前") {
            "以前"
        } else {
            "前"
        };
        hedges.push(word);
        end += word.len();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn years_extend_as_without_the_byte_test(
            text in "[年初底末中内期前后以国上下x。5]{0,6}",
            approx in proptest::prelude::any::<bool>(),
        ) {
            let start = if approx { Qualifier::Approx } else { Qualifier::Exact };
            for p in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let (mut q1, mut h1) = (start, Hedges::default());
                let (mut q2, mut h2) = (start, Hedges::default());
                proptest::prop_assert_eq!(
                    extend_year(&text, p, &mut q1, &mut h1),
                    extend_year_at(&text, p, &mut q2, &mut h2)
                );
                proptest::prop_assert_eq!(q1, q2);
                proptest::prop_assert_eq!(h1.joined(), h2.joined());
            }
        }
    }
}
