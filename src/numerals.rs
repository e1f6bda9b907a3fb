//! Numerals: reads one numeral (Arabic, full-width-folded, Chinese with 万/亿/万亿, traditional
//! and financial forms, English number words and scales, and mixtures such as 1.7万亿 or
//! 5万4千6百) starting at a given byte offset, into an exact `Decimal`.
//! Pure and table-tested; knows nothing of units or claims.
//!
//! Design: one pass, no allocation. Arabic digit runs are lexed on bytes; a lone token (an
//! Arabic number or one Chinese digit, possibly with 万/亿/万亿) is read by a shortcut held to
//! the general reader by tests; other Chinese numerals go through a small state machine that
//! keeps a stack of completed big sections (兆 > 亿 > 万), the current section below 万 (built
//! from 十/百/千), and one pending number (a digit, an Arabic number or a decimal) that is
//! waiting for its unit. A unit may not follow another
//! unit except in the compounds 十万/百万/千万/十亿/百亿/千亿/万亿/万万, so that 万千瓦 or
//! 亿千瓦 stop before the unit prefix. SI prefixes (千克, 千瓦, 兆瓦, 百万瓦) are left to the
//! caller.

use rust_decimal::Decimal;

/// How a numeral is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// ASCII digits only (after full-width folding), possibly with separators and a decimal point.
    Arabic,
    /// Chinese numeral characters only.
    Chinese,
    /// Arabic digits with Chinese magnitudes or digits (1.7万亿, 5万4千6百).
    Mixed,
    /// English number words (twenty-five, 13.9 billion counts as Mixed-English).
    English,
}

/// A numeral read from text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numeral {
    /// Byte offset just past the numeral.
    pub end: usize,
    /// The exact value.
    pub value: Decimal,
    /// Place value of the last written non-zero digit (139亿 → 1e8, 13.9 → 0.1, 1500 → 100).
    pub resolution: Decimal,
    /// How it is written.
    pub script: Script,
    /// A 多/余/几/来 inside or right after the numeral (十多万, 160多, 二十几万): the value is a
    /// lower bound.
    pub more_than: bool,
    /// Only ASCII digits, no separator, decimal point or magnitude (years, phone numbers).
    pub plain_integer: bool,
    /// Number of digit characters written, for plain integers.
    pub digits: usize,
}

/// Reads the numeral that starts at byte `start` of `text`, if one does.
pub fn parse_numeral(text: &str, start: usize) -> Option<Numeral> {
    read_numeral(text, start, true)
}

/// `parse_numeral`; with `shortcut`, a numeral of one token, an Arabic number or one Chinese
/// digit, that nothing continues (the common case: 2023, 13.9, 1,500, 三 before a unit or
/// punctuation) is built straight from it, and so is such a token with 万, 亿 or 万亿 after it
/// (1.5亿, 五万: `with_big_units`); otherwise an Arabic lexeme is handed to the general reader
/// instead of being lexed again. Without `shortcut` every numeral goes the general way (tests
/// compare the two).
fn read_numeral(text: &str, start: usize, shortcut: bool) -> Option<Numeral> {
    if start >= text.len() || !text.is_char_boundary(start) {
        return None;
    }
    let b = text.as_bytes();
    let c0 = b[start];
    if c0.is_ascii_alphabetic() {
        return parse_english(text, start);
    }
    let mut first = None;
    if c0.is_ascii_digit() || c0 == b'.' {
        let lex = lex_arabic(b, start)?;
        if let Some(n) = arabic_scaled(text, &lex) {
            return Some(n);
        }
        if shortcut {
            if !token_may_continue(text, lex.end) {
                let plain = !lex.sep && !lex.point;
                let digits = if plain { lex.int_digits } else { 0 };
                return Some(build(
                    lex.end,
                    lex.value,
                    Script::Arabic,
                    false,
                    plain,
                    digits,
                ));
            }
            if let Some(n) = with_big_units(text, lex.value, lex.end, Script::Mixed) {
                return Some(n);
            }
            first = Some(lex);
        }
    } else if shortcut
        && c0 >= 0x80
        && let Some(c) = char_at(text, start)
        && let Some(d) = match classify(c) {
            Some(Cn::Digit(d)) => Some(d),
            Some(Cn::Liang) => Some(2),
            _ => None,
        }
    {
        // One Chinese digit (三个, 两家, 五万人): what the general reader makes of it when
        // nothing or only 万/亿 continues it (see `with_big_units`).
        let end = start + c.len_utf8();
        if !token_may_continue(text, end) {
            return Some(build(
                end,
                Decimal::from(d),
                Script::Chinese,
                false,
                false,
                0,
            ));
        }
        if let Some(n) = with_big_units(text, Decimal::from(d), end, Script::Chinese) {
            return Some(n);
        }
    }
    let whole = parse_core(text, start, first)?;
    // N分之M
    match fraction_after(text, &whole) {
        Frac::DivZero => return None,
        Frac::Value {
            value,
            end,
            arabic,
            more_than,
        } => {
            let script = script_of(whole.arabic || arabic, true);
            return Some(build(
                end,
                value,
                script,
                whole.more_than || more_than,
                false,
                0,
            ));
        }
        Frac::None => {}
    }
    // W又N分之M
    let after_whole = skip_spaces(text.as_bytes(), whole.end);
    if text[after_whole..].starts_with('又') {
        let p = skip_spaces(text.as_bytes(), after_whole + '又'.len_utf8());
        if let Some(den) = parse_core(text, p, None)
            && let Frac::Value {
                value,
                end,
                arabic,
                more_than,
            } = fraction_after(text, &den)
            && let Some(v) = whole.value.checked_add(value)
        {
            let script = script_of(whole.arabic || den.arabic || arabic, true);
            return Some(build(
                end,
                v,
                script,
                whole.more_than || more_than,
                false,
                0,
            ));
        }
    }
    let (plain, digits) = match whole.only_lex {
        Some(l) if !l.sep && !l.point => (true, l.int_digits),
        _ => (false, 0),
    };
    let script = script_of(whole.arabic, whole.chinese);
    Some(build(
        whole.end,
        whole.value,
        script,
        whole.more_than,
        plain,
        digits,
    ))
}

/// Reads Chinese digits written positionally (一一 = 11, 一九七九 = 1979), whatever their
/// number. `parse_numeral` refuses two-digit pairs, which in running text mean "one or two";
/// callers use this where the digits stand alone, such as a line of their own.
pub fn parse_digit_sequence(text: &str, start: usize) -> Option<Numeral> {
    let mut p = start;
    let mut value = Decimal::ZERO;
    let mut count = 0;
    while let Some(c) = text.get(p..).and_then(|t| t.chars().next()) {
        let Some(d) = positional_digit(c) else { break };
        value = value
            .checked_mul(Decimal::TEN)?
            .checked_add(Decimal::from(d))?;
        count += 1;
        p += c.len_utf8();
    }
    (count >= 2).then(|| build(p, value, Script::Chinese, false, false, 0))
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn script_of(arabic: bool, chinese: bool) -> Script {
    match (arabic, chinese) {
        (true, true) => Script::Mixed,
        (false, true) => Script::Chinese,
        _ => Script::Arabic,
    }
}

fn build(
    end: usize,
    value: Decimal,
    script: Script,
    more_than: bool,
    plain_integer: bool,
    digits: usize,
) -> Numeral {
    let value = normalized(value);
    Numeral {
        end,
        value,
        resolution: resolution_of_normalized(value),
        script,
        more_than,
        plain_integer,
        digits,
    }
}

/// `v.normalize()`, without the call for a value of scale 0 that is not negative (most
/// numerals): it has no trailing zeros after a point to strip and no negative zero to make
/// positive, so `normalize` returns it as it is.
fn normalized(v: Decimal) -> Decimal {
    if v.scale() == 0 && !v.is_sign_negative() {
        v
    } else {
        v.normalize()
    }
}

/// 10^0 to 10^28 as Decimals (integers, scale 0).
static POW10: [Decimal; 29] = {
    let mut table = [Decimal::ZERO; 29];
    let mut e = 0;
    while e < 29 {
        let p = 10u128.pow(e as u32);
        table[e] = Decimal::from_parts(p as u32, (p >> 32) as u32, (p >> 64) as u32, false, 0);
        e += 1;
    }
    table
};

/// 10^e as a Decimal (e is clamped to 28, the largest power that fits).
fn pow10(e: u32) -> Decimal {
    POW10[e.min(28) as usize]
}

/// Place value of the last non-zero digit of `v` (1 for zero).
#[cfg(test)]
fn resolution_of(v: Decimal) -> Decimal {
    resolution_of_normalized(v.normalize())
}

/// `resolution_of` for a value already normalized (no trailing zeros after the point).
fn resolution_of_normalized(n: Decimal) -> Decimal {
    if n.is_zero() {
        return Decimal::ONE;
    }
    if n.scale() > 0 {
        return Decimal::new(1, n.scale());
    }
    let m = n.mantissa().unsigned_abs();
    // Trailing zeros of the mantissa; 64-bit division is much cheaper than 128-bit.
    let k = match u64::try_from(m) {
        Ok(m) => trailing_decimal_zeros(m),
        Err(_) => {
            let mut m = m;
            let mut k = 0;
            while m > 0 && m.is_multiple_of(10) {
                m /= 10;
                k += 1;
            }
            k
        }
    };
    pow10(k)
}

/// Number of trailing decimal zeros of `m` (0 for 0).
fn trailing_decimal_zeros(mut m: u64) -> u32 {
    let mut k = 0;
    while m > 0 && m.is_multiple_of(10) {
        m /= 10;
        k += 1;
    }
    k
}

fn char_at(text: &str, p: usize) -> Option<char> {
    text.get(p..)?.chars().next()
}

fn skip_spaces(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && b[p] == b' ' {
        p += 1;
    }
    p
}

/// A table of one bit per character written in three UTF-8 bytes (U+0800..U+FFFF), set where
/// `$test` (a `const fn(char) -> bool`) holds, built at compile time; looked up from a
/// character's bytes, undecoded, with `in_three_byte_bitmap`.
macro_rules! three_byte_bitmap {
    ($test:expr) => {{
        let mut bits = [0u64; 1024];
        let mut cp = 0x800u32;
        while cp < 0x10000 {
            if let Some(c) = char::from_u32(cp)
                && $test(c)
            {
                $crate::numerals::set_three_byte_bit(&mut bits, c);
            }
            cp += 1;
        }
        bits
    }};
}
pub(crate) use three_byte_bitmap;

/// Sets the bit of `c`, a character written in three UTF-8 bytes, in a table like
/// `three_byte_bitmap`'s.
pub(crate) const fn set_three_byte_bit(bits: &mut [u64; 1024], c: char) {
    let cp = c as u32;
    bits[(cp >> 6) as usize] |= 1 << (cp & 63);
}

/// Is `c` set in `bits` (`three_byte_bitmap`)? False for a character not written in three
/// bytes.
#[inline(always)]
pub(crate) fn has_three_byte_bit(bits: &[u64; 1024], c: char) -> bool {
    let cp = c as u32;
    (0x800..0x10000).contains(&cp) && bits[(cp >> 6) as usize] >> (cp & 63) & 1 != 0
}

/// Is the character written `b0 b1 b2` (three UTF-8 bytes) set in `bits`
/// (`three_byte_bitmap`)? Its block of 64 code points comes from its first two bytes, its bit
/// from the third.
#[inline(always)]
pub(crate) fn in_three_byte_bitmap(bits: &[u64; 1024], b0: u8, b1: u8, b2: u8) -> bool {
    let block = usize::from(b0 & 0x0F) << 6 | usize::from(b1 & 0x3F);
    bits[block] >> (b2 & 0x3F) & 1 != 0
}

// ---------------------------------------------------------------------------------------------
// Arabic digits

#[derive(Clone, Copy, Debug)]
struct Lex {
    end: usize,
    value: Decimal,
    /// Digits before the decimal point (separators not counted).
    int_digits: usize,
    sep: bool,
    point: bool,
    /// Integer ending in 0 (for 来: 10来万).
    ends_zero: bool,
}

/// Lexes `123`, `1,050,000`, `13.90`, `.5` at `start`.
///
/// The digits are gathered into a mantissa as they are passed over: a lexeme of at most 19
/// bytes with no separator (most of them) gets its value from it, as `lexeme_value_short`
/// would make it (all its digits, at most 19, fit a u64; the scale is the number of digits
/// after the point), without a second pass over its bytes.
#[inline]
fn lex_arabic(b: &[u8], start: usize) -> Option<Lex> {
    let n = b.len();
    let mut p = start;
    // Wrapping: past 19 digits the mantissa is not used.
    let mut mant = 0u64;
    while p < n && b[p].is_ascii_digit() {
        mant = mant.wrapping_mul(10).wrapping_add(u64::from(b[p] - b'0'));
        p += 1;
    }
    let int_end = p;
    let first_len = int_end - start;
    let mut end = int_end;
    let mut sep = false;
    if (1..=3).contains(&first_len) {
        let mut q = int_end;
        while q + 3 < n
            && b[q] == b','
            && b[q + 1..q + 4].iter().all(u8::is_ascii_digit)
            && (q + 4 >= n || !b[q + 4].is_ascii_digit())
        {
            q += 4;
        }
        let invalid = q + 1 < n && b[q] == b',' && b[q + 1].is_ascii_digit();
        if !invalid && q > int_end {
            end = q;
            sep = true;
        }
    }
    let mut point = false;
    let mut scale = 0;
    if end + 1 < n && b[end] == b'.' && b[end + 1].is_ascii_digit() {
        point = true;
        end += 1;
        let fraction = end;
        while end < n && b[end].is_ascii_digit() {
            mant = mant.wrapping_mul(10).wrapping_add(u64::from(b[end] - b'0'));
            end += 1;
        }
        scale = (end - fraction) as u32;
    }
    if first_len == 0 && !point {
        return None;
    }
    let ends_zero = !point && int_end > start && b[end - 1] == b'0';
    let span = &b[start..end];
    let (value, int_digits) = if span.len() <= 19 && !sep {
        // A u64 mantissa is its low and middle words (what `from_i128_with_scale` makes of it).
        let value = Decimal::from_parts(mant as u32, (mant >> 32) as u32, 0, false, scale);
        (value, first_len)
    } else if span.len() <= 19 {
        lexeme_value_short(span)
    } else {
        lexeme_value(span)?
    };
    Some(Lex {
        end,
        value,
        int_digits,
        sep,
        point,
        ends_zero,
    })
}

/// Value and number of integer digits of a lexeme (digits, separating commas, at most one
/// point): at most 28 significant digits; extra fraction digits are dropped.
fn lexeme_value(span: &[u8]) -> Option<(Decimal, usize)> {
    let mut mant: i128 = 0;
    let mut sig = 0u32;
    let mut scale = 0u32;
    let mut in_frac = false;
    let mut int_digits = 0usize;
    for &c in span {
        match c {
            b',' => {}
            b'.' => in_frac = true,
            _ => {
                let d = i128::from(c - b'0');
                if !in_frac {
                    int_digits += 1;
                    if sig >= 28 {
                        return None;
                    }
                } else if sig >= 28 || scale >= 28 {
                    continue;
                }
                if mant != 0 || d != 0 {
                    sig += 1;
                }
                mant = mant * 10 + d;
                if in_frac {
                    scale += 1;
                }
            }
        }
    }
    Some((
        Decimal::try_from_i128_with_scale(mant, scale).ok()?,
        int_digits,
    ))
}

/// `lexeme_value` of a lexeme of at most 19 bytes: its digits fit a u64 and none is dropped.
fn lexeme_value_short(span: &[u8]) -> (Decimal, usize) {
    let mut mant = 0u64;
    let mut digits = 0usize;
    let mut int_digits = None;
    for &c in span {
        if c.is_ascii_digit() {
            mant = mant * 10 + u64::from(c - b'0');
            digits += 1;
        } else if c == b'.' {
            int_digits = Some(digits);
        }
    }
    let int_digits = int_digits.unwrap_or(digits);
    // At most 18 digits after the point: a valid scale.
    let scale = (digits - int_digits) as u32;
    // A u64 mantissa is its low and middle words (what `from_i128_with_scale` makes of it).
    (
        Decimal::from_parts(mant as u32, (mant >> 32) as u32, 0, false, scale),
        int_digits,
    )
}

/// Arabic number followed by an exponent, a k/K/M suffix, bn/tn or an English scale word.
fn arabic_scaled(text: &str, lex: &Lex) -> Option<Numeral> {
    let b = text.as_bytes();
    let n = b.len();
    let q = lex.end;
    if q >= n {
        return None;
    }
    // e-notation: 2e5, 12.32e+14, 2.7890e-1
    if (b[q] == b'e' || b[q] == b'E') && lex.int_digits + usize::from(lex.point) > 0 {
        let mut r = q + 1;
        let mut neg = false;
        if r < n && (b[r] == b'+' || b[r] == b'-') {
            neg = b[r] == b'-';
            r += 1;
        }
        let ds = r;
        let mut exp = 0u32;
        while r < n && b[r].is_ascii_digit() && r - ds < 3 {
            exp = exp * 10 + u32::from(b[r] - b'0');
            r += 1;
        }
        if r > ds && (r >= n || !b[r].is_ascii_alphanumeric()) && exp <= 28 {
            let v = if neg {
                lex.value.checked_div(pow10(exp))
            } else {
                lex.value.checked_mul(pow10(exp))
            };
            if let Some(v) = v {
                return Some(build(r, v, Script::Arabic, false, false, 0));
            }
        }
    }
    // 40k, 100K, 3M (not 3M公司, 5km, 3Mt)
    if matches!(b[q], b'k' | b'K' | b'M')
        && (q + 1 >= n || !b[q + 1].is_ascii_alphanumeric())
        && !text[q + 1..].starts_with("公司")
    {
        let e = if b[q] == b'M' { 6 } else { 3 };
        let v = lex.value.checked_mul(pow10(e))?;
        return Some(build(q + 1, v, Script::Mixed, false, false, 0));
    }
    // 15bn, 2 tn, 13.9 billion
    let r = skip_spaces(b, q);
    let mut w = r;
    while w < n && b[w].is_ascii_alphabetic() {
        w += 1;
    }
    if w == r || (w < n && b[w].is_ascii_digit()) {
        return None;
    }
    let word = &b[r..w];
    let mult = if word.eq_ignore_ascii_case(b"dozen") {
        Decimal::from(12)
    } else {
        let e = [
            (&b"bn"[..], 9),
            (b"tn", 12),
            (b"hundred", 2),
            (b"thousand", 3),
            (b"million", 6),
            (b"billion", 9),
            (b"trillion", 12),
        ]
        .iter()
        .find(|(s, _)| word.eq_ignore_ascii_case(s))?
        .1;
        pow10(e)
    };
    let v = lex.value.checked_mul(mult)?;
    Some(build(w, v, Script::Mixed, false, false, 0))
}

// ---------------------------------------------------------------------------------------------
// Chinese numeral characters

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// 多 余 餘
    More,
    /// 几 幾
    Few,
    /// 来 來
    Lai,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cn {
    Digit(u8),
    /// 两: the digit 2, but never positional nor after 点.
    Liang,
    Zero,
    Half,
    /// 廿 卅 卌: 20, 30, 40.
    Tens(u8),
    /// 十 百 千 (exponent).
    Small(u32),
    /// 万 亿 兆 (exponent).
    Big(u32),
    Point,
    Approx(Mark),
}

const fn classify(c: char) -> Option<Cn> {
    Some(match c {
        '〇' | '零' => Cn::Zero,
        '一' | '壹' => Cn::Digit(1),
        '二' | '贰' | '貳' => Cn::Digit(2),
        '两' | '兩' | '倆' | '俩' => Cn::Liang,
        '三' | '叁' | '參' => Cn::Digit(3),
        '四' | '肆' => Cn::Digit(4),
        '五' | '伍' => Cn::Digit(5),
        '六' | '陆' | '陸' => Cn::Digit(6),
        '七' | '柒' => Cn::Digit(7),
        '八' | '捌' => Cn::Digit(8),
        '九' | '玖' => Cn::Digit(9),
        '十' | '拾' => Cn::Small(1),
        '百' | '佰' => Cn::Small(2),
        '千' | '仟' => Cn::Small(3),
        '万' | '萬' => Cn::Big(4),
        '亿' | '億' => Cn::Big(8),
        '兆' => Cn::Big(12),
        '廿' => Cn::Tens(2),
        '卅' => Cn::Tens(3),
        '卌' => Cn::Tens(4),
        '半' => Cn::Half,
        '点' | '點' => Cn::Point,
        '多' | '余' | '餘' => Cn::Approx(Mark::More),
        '几' | '幾' => Cn::Approx(Mark::Few),
        '来' | '來' => Cn::Approx(Mark::Lai),
        _ => return None,
    })
}

/// Digit value of a positional digit character (〇 零 一..九, not 两).
fn positional_digit(c: char) -> Option<u8> {
    match classify(c)? {
        Cn::Zero => Some(0),
        Cn::Digit(d) => Some(d),
        _ => None,
    }
}

/// 千 directly followed by an SI unit: 千克 千瓦 千米 … (kilo prefix).
fn kilo_prefix(text: &str, p: usize) -> bool {
    let rest = &text[p..];
    rest.starts_with(['克', '瓦', '米', '焦', '卡', '帕', '赫', '伏']) || rest.starts_with("字节")
}

/// 兆 directly followed by an SI unit: 兆瓦 兆焦 … (mega prefix).
fn mega_prefix(text: &str, p: usize) -> bool {
    let rest = &text[p..];
    rest.starts_with(['瓦', '焦', '赫', '帕', '伏', '吨'])
        || rest.starts_with("字节")
        || rest.starts_with("比特")
}

/// Fraction digits after 点: either ASCII digits or Chinese positional digits.
fn read_fraction(text: &str, p: usize) -> Option<(Decimal, usize)> {
    let b = text.as_bytes();
    let mut mant: i128 = 0;
    let mut scale = 0u32;
    let mut q = p;
    if q < b.len() && b[q].is_ascii_digit() {
        while q < b.len() && b[q].is_ascii_digit() {
            if scale < 28 {
                mant = mant * 10 + i128::from(b[q] - b'0');
                scale += 1;
            }
            q += 1;
        }
    } else {
        while let Some(c) = char_at(text, q) {
            let Some(d) = positional_digit(c) else { break };
            if scale < 28 {
                mant = mant * 10 + i128::from(d);
                scale += 1;
            }
            q += c.len_utf8();
        }
    }
    if q == p {
        return None;
    }
    Some((Decimal::try_from_i128_with_scale(mant, scale).ok()?, q))
}

/// Result of the core reader: an integer/decimal numeral without fraction syntax.
#[derive(Clone, Copy, Debug)]
struct Core {
    end: usize,
    value: Decimal,
    more_than: bool,
    arabic: bool,
    chinese: bool,
    /// Set when the numeral is exactly one Arabic lexeme.
    only_lex: Option<Lex>,
}

/// Positional Chinese digits at the start (二〇二三, 一九七九, 一二三). `None`: not a run,
/// `Some(None)`: an approximate pair (三四, 两三) that is no numeral at all.
fn digit_sequence(text: &str, start: usize) -> Option<Option<Core>> {
    let c0 = char_at(text, start)?;
    let k0 = classify(c0)?;
    if !matches!(k0, Cn::Digit(_) | Cn::Zero | Cn::Liang) {
        return None;
    }
    let p1 = start + c0.len_utf8();
    let k1 = classify(char_at(text, p1)?)?;
    if !matches!(k1, Cn::Digit(_) | Cn::Zero | Cn::Liang) {
        return None;
    }
    if k0 == Cn::Liang || k1 == Cn::Liang {
        return Some(None);
    }
    let mut q = start;
    let mut len = 0usize;
    let mut zero = false;
    let mut mant: i128 = 0;
    while let Some(c) = char_at(text, q) {
        let Some(d) = positional_digit(c) else { break };
        if len >= 28 {
            return Some(None);
        }
        zero |= d == 0;
        mant = mant * 10 + i128::from(d);
        len += 1;
        q += c.len_utf8();
    }
    if !(len >= 3 || zero || text[q..].starts_with('年')) {
        return Some(None);
    }
    let mut value = Decimal::from_i128_with_scale(mant, 0);
    if text[q..].starts_with(['点', '點']) {
        let p = q + '点'.len_utf8();
        if let Some((f, e)) = read_fraction(text, p)
            && let Some(v) = value.checked_add(f)
        {
            value = v;
            q = e;
        }
    }
    Some(Some(Core {
        end: q,
        value,
        more_than: false,
        arabic: false,
        chinese: true,
        only_lex: None,
    }))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prev {
    Start,
    Digit,
    Arabic,
    Zero,
    Small,
    Big(u32),
    Tens,
    Decimal,
    Approx,
}

#[derive(Clone, Copy, Debug)]
struct Pend {
    value: Decimal,
    /// A single digit, which after a unit abbreviates the next lower place (一万三 = 13000).
    single: bool,
    /// A decimal that already absorbed the section (十五点七): no small unit may follow.
    merged: bool,
    decimal: bool,
    ends_zero: bool,
}

const MAX_STACK: usize = 4;

/// After a numeral of one token ending at `end`, an Arabic number (not scaled by e/k/M/bn/…)
/// or one Chinese digit, can the general reader take the numeral further? Only a numeral
/// character (万, 亿, 千, 多, 来 …; digits are refused there anyway, the token being a pending
/// number) or a fraction's 分/又, possibly after spaces, can continue it.
fn token_may_continue(text: &str, end: usize) -> bool {
    let b = text.as_bytes();
    let p = skip_spaces(b, end);
    // The characters are all written in three bytes: looked up by their bytes, undecoded.
    match b.get(p..p + 3) {
        Some(&[b0, b1, b2]) if b0 & 0xF0 == 0xE0 => {
            in_three_byte_bitmap(&CONTINUES_3_BYTES, b0, b1, b2)
        }
        _ => false,
    }
}

/// Can this character continue a numeral token (`token_may_continue`)?
pub(crate) const fn continues_token(c: char) -> bool {
    c == '分' || c == '又' || classify(c).is_some()
}

/// `continues_token` for the characters written in three UTF-8 bytes (U+0800..U+FFFF), one
/// bit per code point; no character of another length continues a token.
static CONTINUES_3_BYTES: [u64; 1024] = three_byte_bitmap!(continues_token);

/// The shortcut for a token (`head`, an Arabic number or one Chinese digit, ending at `end`)
/// followed by 万, 亿 or 万亿 (1.5亿元, 300万吨, 3.2万亿千瓦时, 五万人): the general reader's
/// value, computed as it does (the section, a zero, plus the pending token, times the unit;
/// 亿 after 万 takes the 万 section up), and `script`, when the numeral ends there. `None`
/// (the general reader decides) where anything may continue it: a digit (1亿5千万), a numeral
/// character but 十/百/千, which never follow 万 or 亿 (亿千瓦 stops before 千), a point, or a
/// fraction's 分/又; also where a product overflows, which makes the general reader stop
/// before the unit.
fn with_big_units(text: &str, head: Decimal, end: usize, script: Script) -> Option<Numeral> {
    let b = text.as_bytes();
    let p = skip_spaces(b, end);
    let c = char_at(text, p)?;
    let Some(Cn::Big(u @ (4 | 8))) = classify(c) else {
        return None;
    };
    let mut value = Decimal::ZERO.checked_add(head)?.checked_mul(pow10(u))?;
    let mut end = p + c.len_utf8();
    if u == 4
        && let Some(c) = char_at(text, end)
        && classify(c) == Some(Cn::Big(8))
    {
        value = Decimal::ZERO.checked_add(value)?.checked_mul(pow10(8))?;
        end += c.len_utf8();
    }
    let q = skip_spaces(b, end);
    let continues = char_at(text, q).is_some_and(|c| {
        c.is_ascii_digit()
            || c == '.'
            || c == '分'
            || c == '又'
            || classify(c).is_some_and(|k| !matches!(k, Cn::Small(_)))
    });
    if continues {
        return None;
    }
    // The general reader's total: the pending number (none) plus the section (zero) plus
    // the one big section.
    let total = Decimal::ZERO.checked_add(value)?;
    Some(build(end, total, script, false, false, 0))
}

/// Reads an integer or decimal numeral (Arabic, Chinese or mixed) at `start`. `first` is the
/// Arabic lexeme at `start` when the caller has already read it.
fn parse_core(text: &str, start: usize, mut first: Option<Lex>) -> Option<Core> {
    if let Some(r) = digit_sequence(text, start) {
        return r;
    }
    let b = text.as_bytes();
    let mut stack = [(Decimal::ZERO, 0u32); MAX_STACK];
    let mut depth = 0usize;
    let mut section = Decimal::ZERO;
    let mut pending: Option<Pend> = None;
    let mut last_small: Option<u32> = None;
    let mut last_unit: Option<u32> = None;
    let mut zero = false;
    let mut has_digit = false;
    let mut more_than = false;
    let mut arabic = false;
    let mut chinese = false;
    let mut decimal_used = false;
    let mut prev = Prev::Start;
    let mut scan = start;
    let mut end = start;
    let mut first_lex: Option<Lex> = None;

    // Value of the pending number; a single digit right after a unit abbreviates (一万三).
    let resolve = |pending: Option<Pend>, unit: Option<u32>, zero: bool| -> Option<Decimal> {
        match pending {
            None => Some(Decimal::ZERO),
            Some(p) => match unit {
                Some(e) if p.single && !zero && e >= 2 => p.value.checked_mul(pow10(e - 1)),
                _ => Some(p.value),
            },
        }
    };

    loop {
        let p = skip_spaces(b, scan);
        let spaced = p > scan;
        if spaced && prev == Prev::Start {
            break;
        }
        let Some(c) = char_at(text, p) else { break };
        let after = p + c.len_utf8();

        if c.is_ascii_digit() || (c == '.' && b.get(p + 1).is_some_and(u8::is_ascii_digit)) {
            if pending.is_some()
                || decimal_used
                || !matches!(
                    prev,
                    Prev::Start | Prev::Small | Prev::Big(_) | Prev::Zero | Prev::Tens
                )
            {
                break;
            }
            let known = if p == start { first.take() } else { None };
            let Some(lex) = known.or_else(|| lex_arabic(b, p)) else {
                break;
            };
            if prev == Prev::Start {
                first_lex = Some(lex);
            } else {
                if lex.point {
                    break;
                }
                if let Some(u) = last_unit
                    && lex.value >= pow10(u)
                {
                    break;
                }
            }
            pending = Some(Pend {
                value: lex.value,
                single: lex.int_digits == 1 && !lex.point && !lex.sep,
                merged: false,
                decimal: lex.point,
                ends_zero: lex.ends_zero,
            });
            arabic = true;
            has_digit = true;
            prev = Prev::Arabic;
            scan = lex.end;
            end = lex.end;
            continue;
        }

        let Some(cn) = classify(c) else { break };
        if prev == Prev::Approx && !matches!(cn, Cn::Big(_)) {
            break;
        }
        match cn {
            Cn::Digit(_) | Cn::Liang => {
                let d = if let Cn::Digit(d) = cn { d } else { 2 };
                if prev == Prev::Digit && !spaced {
                    // 二十三四, 一万二三千: "23 or 24" is not one number.
                    return None;
                }
                if pending.is_some()
                    || decimal_used
                    || !matches!(
                        prev,
                        Prev::Start | Prev::Small | Prev::Big(_) | Prev::Tens | Prev::Zero
                    )
                {
                    break;
                }
                pending = Some(Pend {
                    value: Decimal::from(d),
                    single: true,
                    merged: false,
                    decimal: false,
                    ends_zero: false,
                });
                has_digit = true;
                chinese = true;
                prev = Prev::Digit;
                scan = after;
                end = after;
            }
            Cn::Zero => {
                if pending.is_some()
                    || decimal_used
                    || !matches!(
                        prev,
                        Prev::Start | Prev::Small | Prev::Big(_) | Prev::Tens | Prev::Zero
                    )
                {
                    break;
                }
                if prev == Prev::Start {
                    end = after; // 零 alone is 0; elsewhere a dangling 零 is not committed
                }
                zero = true;
                has_digit = true;
                chinese = true;
                prev = Prev::Zero;
                scan = after;
            }
            Cn::Half => {
                if pending.is_some() || decimal_used || !matches!(prev, Prev::Start | Prev::Big(_))
                {
                    break;
                }
                // 半 only as a multiplier: 半百, 半万.
                if !char_at(text, after)
                    .and_then(classify)
                    .is_some_and(|k| matches!(k, Cn::Small(_) | Cn::Big(_)))
                {
                    break;
                }
                pending = Some(Pend {
                    value: Decimal::new(5, 1),
                    single: false,
                    merged: false,
                    decimal: false,
                    ends_zero: false,
                });
                has_digit = true;
                chinese = true;
                prev = Prev::Digit;
                scan = after;
            }
            Cn::Tens(k) => {
                if pending.is_some()
                    || decimal_used
                    || !matches!(prev, Prev::Start | Prev::Small | Prev::Big(_) | Prev::Zero)
                    || last_small.is_some_and(|ls| ls <= 1)
                {
                    break;
                }
                let Some(v) = section.checked_add(Decimal::from(u32::from(k) * 10)) else {
                    break;
                };
                section = v;
                last_small = Some(1);
                last_unit = Some(1);
                zero = false;
                has_digit = true;
                chinese = true;
                prev = Prev::Tens;
                scan = after;
                end = after;
            }
            Cn::Small(e) => {
                // 一百十一: a 十 right after 百 or 千 stands for 一十 (colloquial 111).
                let implicit_ten = e == 1 && prev == Prev::Small && pending.is_none();
                if matches!(prev, Prev::Small | Prev::Tens | Prev::Big(_) | Prev::Approx)
                    && !implicit_ten
                {
                    break;
                }
                if pending.is_some_and(|pd| pd.merged) {
                    break;
                }
                if last_small.is_some_and(|ls| e >= ls) {
                    break;
                }
                if e == 3 && kilo_prefix(text, after) {
                    break;
                }
                // 百万瓦 is MW: leave the whole unit to the caller.
                if e == 2
                    && (text[after..].starts_with("万瓦") || text[after..].starts_with("萬瓦"))
                {
                    break;
                }
                let m = match pending {
                    Some(pd) => pd.value,
                    None if prev == Prev::Start || prev == Prev::Zero || implicit_ten => {
                        if e == 1 {
                            has_digit = true;
                        }
                        Decimal::ONE
                    }
                    None => break,
                };
                let Some(v) = m.checked_mul(pow10(e)).and_then(|v| section.checked_add(v)) else {
                    break;
                };
                section = v;
                pending = None;
                last_small = Some(e);
                last_unit = Some(e);
                zero = false;
                chinese = true;
                prev = Prev::Small;
                scan = after;
                end = after;
            }
            Cn::Big(u0) => {
                if u0 == 12 && mega_prefix(text, after) {
                    break;
                }
                let u = u0;
                let s = match prev {
                    Prev::Big(pu) => {
                        if spaced {
                            break;
                        }
                        if pu == 4 && u0 == 4 {
                            // 万万 = 1e8: the 万 section on top becomes an 亿 section.
                            if depth == 0 || stack[depth - 1].1 != 4 {
                                break;
                            }
                            if depth >= 2 && stack[depth - 2].1 <= 8 {
                                break;
                            }
                            let Some(v) = stack[depth - 1].0.checked_mul(pow10(4)) else {
                                break;
                            };
                            stack[depth - 1] = (v, 8);
                            last_unit = Some(8);
                            chinese = true;
                            prev = Prev::Big(8);
                            scan = after;
                            end = after;
                            continue;
                        }
                        // 万亿; the 万 section is popped into the 亿 below.
                        if !(pu == 4 && u0 == 8) {
                            break;
                        }
                        Decimal::ZERO
                    }
                    Prev::Zero => break,
                    Prev::Start => {
                        // 万一 is "in case", not 11000.
                        if u0 == 4 && text[after..].starts_with('一') {
                            break;
                        }
                        Decimal::ONE
                    }
                    Prev::Approx | Prev::Decimal => {
                        let pv = pending.map_or(Decimal::ZERO, |pd| pd.value);
                        let Some(v) = section.checked_add(pv) else {
                            break;
                        };
                        v
                    }
                    _ => {
                        let Some(v) = resolve(pending, last_small, zero)
                            .and_then(|pv| section.checked_add(pv))
                        else {
                            break;
                        };
                        v
                    }
                };
                let mut acc = Some(s);
                let mut d = depth;
                while d > 0 && stack[d - 1].1 < u {
                    acc = acc.and_then(|a| a.checked_add(stack[d - 1].0));
                    d -= 1;
                }
                if d > 0 && stack[d - 1].1 == u {
                    break;
                }
                let Some(v) = acc.and_then(|a| a.checked_mul(pow10(u))) else {
                    break;
                };
                if d >= MAX_STACK {
                    break;
                }
                stack[d] = (v, u);
                depth = d + 1;
                section = Decimal::ZERO;
                pending = None;
                last_small = None;
                last_unit = Some(u);
                zero = false;
                chinese = true;
                prev = Prev::Big(u);
                scan = after;
                end = after;
            }
            Cn::Point => {
                if !has_digit
                    || decimal_used
                    || !matches!(
                        prev,
                        Prev::Digit | Prev::Small | Prev::Big(_) | Prev::Tens | Prev::Zero
                    )
                {
                    break;
                }
                let q = skip_spaces(b, after);
                let Some(cq) = char_at(text, q) else { break };
                if !(cq.is_ascii_digit() || positional_digit(cq).is_some()) {
                    break;
                }
                let Some((frac, fend)) = read_fraction(text, q) else {
                    break;
                };
                let Some(int) =
                    resolve(pending, last_unit, zero).and_then(|pv| section.checked_add(pv))
                else {
                    break;
                };
                let Some(v) = int.checked_add(frac) else {
                    break;
                };
                pending = Some(Pend {
                    value: v,
                    single: false,
                    merged: !section.is_zero() || depth > 0,
                    decimal: true,
                    ends_zero: false,
                });
                section = Decimal::ZERO;
                decimal_used = true;
                arabic |= cq.is_ascii_digit();
                chinese = true;
                prev = Prev::Decimal;
                scan = fend;
                end = fend;
            }
            Cn::Approx(mark) => {
                let ok = match prev {
                    Prev::Small | Prev::Big(_) | Prev::Tens => true,
                    Prev::Arabic => pending.is_some_and(|pd| {
                        !pd.decimal && (mark == Mark::More || (mark == Mark::Lai && pd.ends_zero))
                    }),
                    Prev::Zero => mark == Mark::Few && (depth > 0 || !section.is_zero()),
                    _ => false,
                };
                // 三百来自… is "300 come from", not "about 300".
                if !ok || !has_digit || (mark == Mark::Lai && text[after..].starts_with('自')) {
                    break;
                }
                more_than = true;
                chinese = true;
                prev = Prev::Approx;
                scan = after;
                end = after;
            }
        }
    }

    if !has_digit || end == start {
        return None;
    }
    let mut total = resolve(pending, last_unit, zero)?.checked_add(section)?;
    for &(v, _) in &stack[..depth] {
        total = total.checked_add(v)?;
    }
    let only_lex = match first_lex {
        Some(l) if l.end == end && !chinese => Some(l),
        _ => None,
    };
    Some(Core {
        end,
        value: total,
        more_than,
        arabic,
        chinese,
        only_lex,
    })
}

enum Frac {
    None,
    DivZero,
    Value {
        value: Decimal,
        end: usize,
        arabic: bool,
        more_than: bool,
    },
}

/// `分之M` after a denominator numeral (spaces allowed around 分之).
fn fraction_after(text: &str, den: &Core) -> Frac {
    let b = text.as_bytes();
    let mut p = skip_spaces(b, den.end);
    if !text[p..].starts_with('分') {
        return Frac::None;
    }
    p = skip_spaces(b, p + '分'.len_utf8());
    if !text[p..].starts_with('之') {
        return Frac::None;
    }
    p = skip_spaces(b, p + '之'.len_utf8());
    let Some(num) = parse_core(text, p, None) else {
        return Frac::None;
    };
    if den.value.is_zero() {
        return Frac::DivZero;
    }
    let Some(v) = num.value.checked_div(den.value) else {
        return Frac::None;
    };
    Frac::Value {
        value: v.round_dp(20),
        end: num.end,
        arabic: num.arabic,
        more_than: num.more_than,
    }
}

// ---------------------------------------------------------------------------------------------
// English number words

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum En {
    Zero,
    Unit(u8),
    Teen(u8),
    Tens(u8),
    Hundred,
    Scale(u32),
    Dozen,
    And,
    A,
}

const EN_WORDS: [(&str, En); 35] = [
    ("zero", En::Zero),
    ("one", En::Unit(1)),
    ("two", En::Unit(2)),
    ("three", En::Unit(3)),
    ("four", En::Unit(4)),
    ("five", En::Unit(5)),
    ("six", En::Unit(6)),
    ("seven", En::Unit(7)),
    ("eight", En::Unit(8)),
    ("nine", En::Unit(9)),
    ("ten", En::Teen(10)),
    ("eleven", En::Teen(11)),
    ("twelve", En::Teen(12)),
    ("thirteen", En::Teen(13)),
    ("fourteen", En::Teen(14)),
    ("fifteen", En::Teen(15)),
    ("sixteen", En::Teen(16)),
    ("seventeen", En::Teen(17)),
    ("eighteen", En::Teen(18)),
    ("nineteen", En::Teen(19)),
    ("twenty", En::Tens(20)),
    ("thirty", En::Tens(30)),
    ("forty", En::Tens(40)),
    ("fifty", En::Tens(50)),
    ("sixty", En::Tens(60)),
    ("seventy", En::Tens(70)),
    ("eighty", En::Tens(80)),
    ("ninety", En::Tens(90)),
    ("hundred", En::Hundred),
    ("thousand", En::Scale(3)),
    ("million", En::Scale(6)),
    ("billion", En::Scale(9)),
    ("trillion", En::Scale(12)),
    ("dozen", En::Dozen),
    ("and", En::And),
];

/// For each letter a..z, the lengths (bit n for n letters) of the number words that start
/// with it, "a" included: a letter run outside these can start no English numeral.
pub const ENGLISH_WORD_LENGTHS: [u32; 26] = {
    let mut lengths = [0u32; 26];
    lengths[0] |= 1 << 1; // "a"
    let mut i = 0;
    while i < EN_WORDS.len() {
        let w = EN_WORDS[i].0.as_bytes();
        lengths[(w[0] - b'a') as usize] |= 1 << w.len();
        i += 1;
    }
    lengths
};

/// For each first letter a..z and length below 32 (index `letter * 32 + length`), the last
/// letters (bit n for the n-th letter) of the number words, "a" included: a letter run whose
/// first letter, length and last letter are none of these is no number word.
pub const ENGLISH_WORD_ENDS: [u32; 26 * 32] = {
    let mut ends = [0u32; 26 * 32];
    mark_word_end(&mut ends, "a");
    let mut i = 0;
    while i < EN_WORDS.len() {
        mark_word_end(&mut ends, EN_WORDS[i].0);
        i += 1;
    }
    ends
};

/// Marks the last letter of `word` (lower-case letters, fewer than 32) in a table like
/// `ENGLISH_WORD_ENDS`.
pub const fn mark_word_end(ends: &mut [u32; 26 * 32], word: &str) {
    let w = word.as_bytes();
    ends[(w[0] - b'a') as usize * 32 + w.len()] |= 1 << (w[w.len() - 1] - b'a');
}

/// The number word at `p` and its end, if the whole letter run is one.
fn en_word(b: &[u8], p: usize) -> Option<(En, usize)> {
    let mut q = p;
    while q < b.len() && b[q].is_ascii_alphabetic() {
        q += 1;
    }
    if q == p || b.get(q).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let w = &b[p..q];
    if w.eq_ignore_ascii_case(b"a") {
        return Some((En::A, q));
    }
    EN_WORDS
        .iter()
        .find(|(s, _)| w.eq_ignore_ascii_case(s.as_bytes()))
        .map(|&(_, k)| (k, q))
}

fn parse_english(text: &str, start: usize) -> Option<Numeral> {
    let b = text.as_bytes();
    if start > 0 && b[start - 1].is_ascii_alphabetic() {
        return None;
    }
    let mut total: u128 = 0;
    let mut cur: u128 = 0;
    let mut last: Option<En> = None;
    let mut last_scale = u32::MAX;
    let mut end = None;
    let mut p = start;
    while let Some((k, q)) = en_word(b, p) {
        let ok = match k {
            En::Zero => last.is_none(),
            En::Unit(_) => matches!(
                last,
                None | Some(En::Tens(_) | En::Hundred | En::Scale(_) | En::And)
            ),
            En::Teen(_) | En::Tens(_) => {
                matches!(last, None | Some(En::Hundred | En::Scale(_) | En::And))
            }
            En::Hundred => matches!(last, Some(En::Unit(_) | En::Teen(_) | En::A)) && cur < 100,
            En::Scale(s) => {
                matches!(
                    last,
                    Some(En::Unit(_) | En::Teen(_) | En::Tens(_) | En::Hundred | En::A)
                ) && s < last_scale
            }
            En::Dozen => matches!(
                last,
                None | Some(En::Unit(_) | En::Teen(_) | En::Tens(_) | En::A)
            ),
            En::And => matches!(last, Some(En::Hundred | En::Scale(_))),
            En::A => last.is_none(),
        };
        if !ok {
            break;
        }
        match k {
            En::Zero => {}
            En::Unit(u) => cur += u128::from(u),
            En::Teen(t) | En::Tens(t) => cur += u128::from(t),
            En::Hundred => cur *= 100,
            En::Scale(s) => {
                total += cur * 10u128.pow(s);
                cur = 0;
                last_scale = s;
            }
            En::Dozen => cur = cur.max(1) * 12,
            En::A => cur = 1,
            En::And => {}
        }
        last = Some(k);
        if !matches!(k, En::And | En::A) {
            end = Some(q);
        }
        if matches!(k, En::Zero | En::Dozen) {
            break;
        }
        // separator: spaces, or one hyphen between words
        let mut r = q;
        if r < b.len() && b[r] == b'-' {
            r += 1;
        } else {
            r = skip_spaces(b, r);
        }
        if r == q || r >= b.len() || !b[r].is_ascii_alphabetic() {
            break;
        }
        p = r;
    }
    let end = end?;
    let v = i128::try_from(total + cur).ok()?;
    let value = Decimal::try_from_i128_with_scale(v, 0).ok()?;
    Some(build(end, value, Script::English, false, false, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_else(|_| Decimal::from_scientific(s).unwrap())
    }

    #[test]
    fn every_number_word_has_its_length_in_the_table() {
        for (word, _) in EN_WORDS.iter().chain([&("a", En::A)]) {
            let first = usize::from(word.as_bytes()[0] - b'a');
            assert_ne!(ENGLISH_WORD_LENGTHS[first] & (1 << word.len()), 0, "{word}");
        }
        // A word of another length is no number word: "the", "twentyfive".
        let t = ENGLISH_WORD_LENGTHS[usize::from(b't' - b'a')];
        assert_eq!(t & (1 << 4 | 1 << 10), 0);
        assert!(parse_numeral("the", 0).is_none());
    }

    /// (text, start, expected numeral text, expected value)
    const CASES: &[(&str, usize, &str, &str)] = &[
        // 1. Arabic
        ("139", 0, "139", "139"),
        ("13.9吨", 0, "13.9", "13.9"),
        ("1,050,000,000 tonnes", 0, "1,050,000,000", "1050000000"),
        ("1, 234", 0, "1", "1"),
        ("1,2345", 0, "1", "1"),
        ("1,234,56", 0, "1", "1"),
        ("1234,567", 0, "1234", "1234"),
        (".5", 0, ".5", "0.5"),
        ("01.10", 0, "01.10", "1.1"),
        ("4.800", 0, "4.800", "4.8"),
        ("2e5", 0, "2e5", "200000"),
        ("12.32e+14", 0, "12.32e+14", "1232000000000000"),
        ("-12e-1", 1, "12e-1", "1.2"),
        ("2.7890e-1", 0, "2.7890e-1", "0.2789"),
        ("2e5x", 0, "2", "2"),
        ("3each", 0, "3", "3"),
        ("2.", 0, "2", "2"),
        ("2222.2222.22222", 0, "2222.2222", "2222.2222"),
        ("5G", 0, "5", "5"),
        ("COP28", 3, "28", "28"),
        // 2. k/K/M suffixes
        ("40k", 0, "40k", "40000"),
        ("100K people", 0, "100K", "100000"),
        ("3M", 0, "3M", "3000000"),
        ("1.04M.", 0, "1.04M", "1040000"),
        ("15k", 0, "15k", "15000"),
        ("5km", 0, "5", "5"),
        ("3Mt", 0, "3", "3"),
        ("5MW", 0, "5", "5"),
        ("12kg", 0, "12", "12"),
        ("3M公司", 0, "3", "3"),
        ("15m", 0, "15", "15"),
        // 3. Chinese magnitudes with Arabic
        ("1.7万亿", 0, "1.7万亿", "1700000000000"),
        ("4000亿", 0, "4000亿", "400000000000"),
        ("139亿吨", 0, "139亿", "13900000000"),
        ("12.06亿", 0, "12.06亿", "1206000000"),
        ("5万4千6百", 0, "5万4千6百", "54600"),
        ("5亿1万4千6百", 0, "5亿1万4千6百", "500014600"),
        ("3万4000", 0, "3万4000", "34000"),
        ("25万6千", 0, "25万6千", "256000"),
        ("1千零1", 0, "1千零1", "1001"),
        ("1千零20", 0, "1千零20", "1020"),
        ("2千零30万", 0, "2千零30万", "20300000"),
        ("200亿零四千230", 0, "200亿零四千230", "20000004230"),
        ("1百01", 0, "1百01", "101"),
        ("1万600", 0, "1万600", "10600"),
        ("100万三千", 0, "100万三千", "1003000"),
        ("1,100万", 0, "1,100万", "11000000"),
        ("1,100.9亿", 0, "1,100.9亿", "110090000000"),
        ("10.1万", 0, "10.1万", "101000"),
        ("16.4亿", 0, "16.4亿", "1640000000"),
        ("1000  万", 0, "1000  万", "10000000"),
        ("1000 吨", 0, "1000", "1000"),
        ("10万万", 0, "10万万", "1000000000"),
        ("4.78万亿", 0, "4.78万亿", "4780000000000"),
        ("12.06亿千瓦", 0, "12.06亿", "1206000000"),
        ("12万千瓦", 0, "12万", "120000"),
        ("3百万千瓦", 0, "3百万", "3000000"),
        ("0.82千克", 0, "0.82", "0.82"),
        ("5千瓦时", 0, "5", "5"),
        ("两千瓦", 0, "两", "2"),
        ("5兆瓦", 0, "5", "5"),
        ("3兆吨", 0, "3", "3"),
        ("106百万瓦", 0, "106", "106"),
        ("106百万吨", 0, "106百万", "106000000"),
        (
            "五兆六十二亿四万五千二",
            0,
            "五兆六十二亿四万五千二",
            "5006200045200",
        ),
        (
            "四十九兆九千五百九十二億",
            0,
            "四十九兆九千五百九十二億",
            "49959200000000",
        ),
        ("3000万吨", 0, "3000万", "30000000"),
        ("2023年", 0, "2023", "2023"),
        // 4. Chinese numerals
        ("一百三十九亿", 0, "一百三十九亿", "13900000000"),
        (
            "四亿五千六百四十二万零一十五",
            0,
            "四亿五千六百四十二万零一十五",
            "456420015",
        ),
        ("一千零一", 0, "一千零一", "1001"),
        ("一万零二百五十", 0, "一万零二百五十", "10250"),
        ("一万二百五十", 0, "一万二百五十", "10250"),
        ("九百九", 0, "九百九", "990"),
        ("一万三", 0, "一万三", "13000"),
        ("九十二万四", 0, "九十二万四", "924000"),
        ("两千四百五", 0, "两千四百五", "2450"),
        ("一百五", 0, "一百五", "150"),
        ("千三", 0, "千三", "1300"),
        ("百三", 0, "百三", "130"),
        ("千一", 0, "千一", "1100"),
        ("萬九", 0, "萬九", "19000"),
        ("百二萬", 0, "百二萬", "1200000"),
        ("一百零十万", 0, "一百零十万", "1100000"),
        ("一万零十二", 0, "一万零十二", "10012"),
        ("零十", 0, "零十", "10"),
        ("十万零五十六", 0, "十万零五十六", "100056"),
        ("十二", 0, "十二", "12"),
        ("十分重要", 0, "十", "10"),
        ("一千零年", 0, "一千", "1000"),
        (
            "四千五百六十九万八千三百一十一亿四千八百七十二万五千三百八十二",
            0,
            "四千五百六十九万八千三百一十一亿四千八百七十二万五千三百八十二",
            "4569831148725382",
        ),
        ("十五点七", 0, "十五点七", "15.7"),
        ("两千万点五五四四", 0, "两千万点五五四四", "20000000.5544"),
        ("两千三点一", 0, "两千三点一", "2300.1"),
        ("零点零零零一", 0, "零点零零零一", "0.0001"),
        ("一百点123", 0, "一百点123", "100.123"),
        ("一点五万", 0, "一点五万", "15000"),
        ("三点五亿吨", 0, "三点五亿", "350000000"),
        ("两百点两", 0, "两百", "200"),
        ("一点两", 0, "一", "1"),
        ("廿二", 0, "廿二", "22"),
        ("卅三", 0, "卅三", "33"),
        ("一萬零卌", 0, "一萬零卌", "10040"),
        ("四万万", 0, "四万万", "400000000"),
        ("半百", 0, "半百", "50"),
        ("壹佰贰拾叁", 0, "壹佰贰拾叁", "123"),
        ("一百 五 十 二", 0, "一百 五 十 二", "152"),
        (
            "三千 八百 九十六 万 四千 九百 六十五",
            0,
            "三千 八百 九十六 万 四千 九百 六十五",
            "38964965",
        ),
        ("7 万5 千4 百", 0, "7 万5 千4 百", "75400"),
        ("四百 点 五", 0, "四百 点 五", "400.5"),
        ("一百 吨", 0, "一百", "100"),
        ("一百\n五十", 0, "一百", "100"),
        ("一七二零", 0, "一七二零", "1720"),
        ("二〇二三年", 0, "二〇二三", "2023"),
        ("一九七九", 0, "一九七九", "1979"),
        ("一二三", 0, "一二三", "123"),
        ("一七二零点一三四", 0, "一七二零点一三四", "1720.134"),
        ("零点零", 0, "零点零", "0"),
        ("零", 0, "零", "0"),
        ("二三年", 0, "二三", "23"),
        ("一切", 0, "一", "1"),
        ("两国", 0, "两", "2"),
        // approximation marks
        ("十多万", 0, "十多万", "100000"),
        ("一千多万", 0, "一千多万", "10000000"),
        ("五百余万", 0, "五百余万", "5000000"),
        ("二十几万", 0, "二十几万", "200000"),
        ("一百零几万", 0, "一百零几万", "1000000"),
        ("一千五百零几万", 0, "一千五百零几万", "15000000"),
        ("160多", 0, "160多", "160"),
        ("160多个", 0, "160多", "160"),
        ("500余万", 0, "500余万", "5000000"),
        ("四百多", 0, "四百多", "400"),
        ("十 余 万", 0, "十 余 万", "100000"),
        ("十来万", 0, "十来万", "100000"),
        ("一万多亿", 0, "一万多亿", "1000000000000"),
        // 5. English
        ("twenty-five", 0, "twenty-five", "25"),
        ("one hundred and six", 0, "one hundred and six", "106"),
        ("two million tonnes", 0, "two million", "2000000"),
        ("a dozen", 0, "a dozen", "12"),
        ("dozen", 0, "dozen", "12"),
        ("two dozen", 0, "two dozen", "24"),
        ("Nineteen hundred", 0, "Nineteen hundred", "1900"),
        ("a million people", 0, "a million", "1000000"),
        ("one hundred and", 0, "one hundred", "100"),
        ("twenty-", 0, "twenty", "20"),
        (
            "three hundred thousand",
            0,
            "three hundred thousand",
            "300000",
        ),
        ("seven", 0, "seven", "7"),
        ("ZERO", 0, "ZERO", "0"),
        ("13.9 billion", 0, "13.9 billion", "13900000000"),
        ("369 billion", 0, "369 billion", "369000000000"),
        ("1.5 trillion", 0, "1.5 trillion", "1500000000000"),
        ("2 million", 0, "2 million", "2000000"),
        ("$15bn", 1, "15bn", "15000000000"),
        ("2tn", 0, "2tn", "2000000000000"),
        ("15 bn.", 0, "15 bn", "15000000000"),
        ("2 millions", 0, "2", "2"),
        // 6. fractions
        ("五分之一", 0, "五分之一", "0.2"),
        ("二分之一", 0, "二分之一", "0.5"),
        ("三分之二", 0, "三分之二", "0.66666666666666666667"),
        (
            "一百分之五十五点五七九",
            0,
            "一百分之五十五点五七九",
            "0.55579",
        ),
        ("3分之1", 0, "3分之1", "0.33333333333333333333"),
        ("16分之5", 0, "16分之5", "0.3125"),
        (
            "三百五十又3分之1",
            0,
            "三百五十又3分之1",
            "350.33333333333333333333",
        ),
        (
            "一百万又五十万分之二十五",
            0,
            "一百万又五十万分之二十五",
            "1000000.00005",
        ),
        ("五 分之 一", 0, "五 分之 一", "0.2"),
        ("二分 之一", 0, "二分 之一", "0.5"),
        ("三百五十又", 0, "三百五十", "350"),
        ("3/5", 0, "3", "3"),
        ("三分之", 0, "三", "3"),
        ("十分之一", 0, "十分之一", "0.1"),
        ("一又二分之一", 0, "一又二分之一", "1.5"),
        // more mixtures and guards
        ("三百来自中国", 0, "三百", "300"),
        ("十几个", 0, "十几", "10"),
        ("1.5千万", 0, "1.5千万", "15000000"),
        ("一点五千", 0, "一点五千", "1500"),
        ("十五点七亿", 0, "十五点七亿", "1570000000"),
        ("十五点七千", 0, "十五点七", "15.7"),
        ("一亿三", 0, "一亿三", "130000000"),
        ("五十亿", 0, "五十亿", "5000000000"),
        ("三千亿", 0, "三千亿", "300000000000"),
        ("十万亿", 0, "十万亿", "10000000000000"),
        ("两万多", 0, "两万多", "20000"),
        ("一万一", 0, "一万一", "11000"),
        ("1万5", 0, "1万5", "15000"),
        ("2E5", 0, "2E5", "200000"),
        ("1,000.5", 0, "1,000.5", "1000.5"),
        ("12,5%", 0, "12", "12"),
        ("3万4万", 0, "3万4", "34000"),
        ("2^10", 0, "2", "2"),
    ];

    #[test]
    fn table() {
        for (input, value) in [
            ("一百十一", "111"),
            ("一百十六", "116"),
            ("一万零百一十一", "10111"),
            ("一千十", "1010"),
        ] {
            let n = parse_numeral(input, 0).unwrap();
            assert_eq!((n.value, n.end), (d(value), input.len()), "{input}");
        }
        let mut failures = Vec::new();
        for &(text, start, numeral, value) in CASES {
            let want_end = start + numeral.len();
            assert_eq!(&text[start..want_end], numeral, "bad test case {text}");
            match parse_numeral(text, start) {
                Some(n) if n.end == want_end && n.value == d(value) => {}
                got => failures.push(format!(
                    "{text:?}@{start}: want {numeral:?}={value}, got {:?}",
                    got.map(|n| (text.get(start..n.end).unwrap_or("?").to_owned(), n.value))
                )),
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn none_cases() {
        for text in [
            "万",
            "万万",
            "千万",
            "百万",
            "百",
            "千",
            "千万不要",
            "百度",
            "百分之五",
            "千分之三",
            "万一",
            "三四个",
            "二三十",
            "七八",
            "一二",
            "一一",
            "两两",
            "两三",
            "二十三四",
            "一万二三千",
            "twentyfold",
            "亿万富翁",
            "兆",
            "兆瓦",
            "千亿",
            "几十万",
            "ones",
            "tent",
            "hundred",
            "thousand",
            "and",
            "a",
            "零分之一",
            "0分之1",
            "点五",
            "多",
            "几十",
            "半年",
            "",
            "x",
            "。",
        ] {
            assert_eq!(parse_numeral(text, 0), None, "{text}");
        }
        assert_eq!(parse_numeral("someone", 4), None);
        assert_eq!(parse_numeral("abc", 10), None);
        assert_eq!(parse_numeral("一二", 1), None, "not a char boundary");
    }

    #[test]
    fn attributes() {
        let n = parse_numeral("2023年", 0).unwrap();
        assert_eq!(
            (n.script, n.plain_integer, n.digits),
            (Script::Arabic, true, 4)
        );
        assert_eq!(n.resolution, d("1"));
        let n = parse_numeral("13800138000", 0).unwrap();
        assert_eq!((n.plain_integer, n.digits), (true, 11));
        let n = parse_numeral("1,500", 0).unwrap();
        assert_eq!((n.script, n.plain_integer), (Script::Arabic, false));
        assert_eq!(n.resolution, d("100"));
        let n = parse_numeral("13.90", 0).unwrap();
        assert_eq!((n.plain_integer, n.resolution), (false, d("0.1")));
        assert_eq!(parse_numeral("0.5", 0).unwrap().resolution, d("0.1"));
        assert_eq!(parse_numeral("2", 0).unwrap().resolution, d("1"));
        assert_eq!(parse_numeral("0", 0).unwrap().resolution, d("1"));
        let n = parse_numeral("139亿", 0).unwrap();
        assert_eq!(
            (n.script, n.resolution, n.plain_integer),
            (Script::Mixed, d("100000000"), false)
        );
        assert_eq!(parse_numeral("1500万", 0).unwrap().resolution, d("1000000"));
        assert_eq!(
            parse_numeral("1.7万亿", 0).unwrap().resolution,
            d("100000000000")
        );
        let n = parse_numeral("一百三十九亿", 0).unwrap();
        assert_eq!((n.script, n.resolution), (Script::Chinese, d("100000000")));
        assert_eq!(
            parse_numeral("twenty-five", 0).unwrap().script,
            Script::English
        );
        assert_eq!(
            parse_numeral("13.9 billion", 0).unwrap().script,
            Script::Mixed
        );
        assert_eq!(parse_numeral("40k", 0).unwrap().script, Script::Mixed);
        assert_eq!(parse_numeral("3分之1", 0).unwrap().script, Script::Mixed);
        assert_eq!(
            parse_numeral("五分之一", 0).unwrap().script,
            Script::Chinese
        );
        for (t, more) in [
            ("十多万", true),
            ("160多", true),
            ("十万", false),
            ("二十几万", true),
        ] {
            assert_eq!(parse_numeral(t, 0).unwrap().more_than, more, "{t}");
        }
    }

    const TRICKY: &[&str] = &[
        "1,050,000,000亿万千百十多余几来点零〇两半廿卅卌分之又",
        "一百分之五十五点五七九 2e5 12.32e+14 3M公司 5km 1.04M 40k $15bn 2 tn",
        "百万瓦 千克 兆瓦 兆比特 千字节 万一 千万不要 百度 二三十 三四个",
        "四千五百六十九万八千三百一十一亿四千八百七十二万五千三百八十二兆兆兆亿亿万万万万",
        "one hundred and six twenty-five a dozen two million thousand and and and- -",
        "9999999999999999999999999999999999 99999999999999999999999999999.9999999999999999999999",
        "9999999999999999999999999999兆 9999999999999999999999999亿亿 1e28 9e99 9e-99 .9e-28",
        "零零零零点 点点 多多多 十十十 百百 千千千 又又 分分之之 〇〇〇〇〇 ，。、\n\t 😀é",
        "九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九",
        "1.5千万 一点五千 十五点七亿 半万 半 两 三分之 0分之0 零分之零 五又 3又1分之0",
    ];

    /// `parse_numeral` (with its shortcuts) reads at `i` what the general reader reads.
    fn assert_shortcut_agrees(s: &str, i: usize) {
        assert_eq!(
            parse_numeral(s, i),
            read_numeral(s, i, false),
            "{s:?}@{i}: the shortcut disagrees with the general reader"
        );
    }

    fn check_all_boundaries(s: &str) {
        for (i, _) in s.char_indices() {
            assert_shortcut_agrees(s, i);
            if let Some(n) = parse_numeral(s, i) {
                // Callers (dates) rely on this: only an ASCII digit starts a plain integer.
                assert!(
                    !n.plain_integer || s.as_bytes()[i].is_ascii_digit(),
                    "{s:?}@{i}"
                );
                assert!(n.end > i && n.end <= s.len(), "{s:?}@{i}: end {}", n.end);
                assert!(s.is_char_boundary(n.end), "{s:?}@{i}: end {}", n.end);
            }
        }
        assert_eq!(parse_numeral(s, s.len()), None);
    }

    #[test]
    fn never_panics_on_tricky_text() {
        const ALPHABET: &[char] = &[
            '0', '1', '5', '9', '.', ',', ' ', 'e', 'E', '+', '-', 'k', 'M', 'b', 'n', 't', 'a',
            '一', '二', '两', '三', '九', '十', '百', '千', '万', '亿', '兆', '零', '〇', '点',
            '多', '余', '几', '来', '半', '廿', '分', '之', '又', '瓦', '克', '年', '公', '\n',
            'é', '😀',
        ];
        for s in TRICKY {
            check_all_boundaries(s);
        }
        // small deterministic LCG
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut buf = String::new();
        for _ in 0..3000 {
            buf.clear();
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (state >> 59) as usize + 1;
            for _ in 0..len {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                buf.push(ALPHABET[(state >> 33) as usize % ALPHABET.len()]);
            }
            check_all_boundaries(&buf);
        }
    }

    #[test]
    fn resolution_of_large_and_small_mantissas() {
        for (v, r) in [
            ("0", "1"),
            ("7", "1"),
            ("1500", "100"),
            ("13.90", "0.1"),
            ("0.0010", "0.001"),
            ("13900000000", "100000000"),
            ("18446744073709551610", "10"),
            ("18446744073709551620", "10"),
            (
                "1000000000000000000000000000",
                "1000000000000000000000000000",
            ),
            ("79228162514264337593543950330", "10"),
            ("-4000", "1000"),
        ] {
            assert_eq!(resolution_of(d(v)), d(r), "{v}");
        }
    }

    #[test]
    fn short_lexemes_get_the_general_value() {
        // Every lexeme shape of at most 19 bytes: digit runs with commas and a point placed
        // anywhere, leading and trailing zeros, up to 19 nines.
        let mut spans: Vec<String> = Vec::new();
        for len in 1..=19 {
            for digits in ["9", "0", "1", "50", "0123456789"] {
                let run: String = digits.chars().cycle().take(len).collect();
                spans.push(run.clone());
                for cut in 0..len {
                    spans.push(format!("{}.{}", &run[..cut], &run[cut..]));
                    if cut > 0 && len - cut == 3 {
                        spans.push(format!("{},{}", &run[..cut], &run[cut..]));
                    }
                }
            }
        }
        spans.push("1,234,567.891".into());
        spans.push("999,999,999,999.99".into());
        let mut seen = 0;
        for span in spans.iter().filter(|s| s.len() <= 19) {
            let want = lexeme_value(span.as_bytes()).unwrap();
            let got = lexeme_value_short(span.as_bytes());
            // Same number and same scale (the text shows trailing zeros as written).
            assert_eq!(got, want, "{span}");
            assert_eq!(got.0.scale(), want.0.scale(), "{span}");
            assert_eq!(got.0.serialize(), want.0.serialize(), "{span}");
            seen += 1;
        }
        assert!(seen > 1000, "{seen}");
    }

    #[test]
    fn powers_of_ten_are_the_integers() {
        for e in 0..=30u32 {
            let want = Decimal::from_i128_with_scale(10i128.pow(e.min(28)), 0);
            assert_eq!(pow10(e).serialize(), want.serialize(), "{e}");
        }
    }

    #[test]
    fn arabic_shortcut_agrees_with_general_reader() {
        // Arabic numbers (separators, decimals, odd groupings) followed by everything that
        // may or may not continue a numeral.
        const NUMBERS: &[&str] = &[
            "0",
            "7",
            "10",
            "160",
            "2023",
            "1,500",
            "1,050,000",
            "12,5",
            "1234,567",
            "13.90",
            ".5",
            "0.0",
            "01.10",
            "99999999999999999999999999999",
            "1.",
            "3e5",
            "40",
        ];
        const AFTER: &[&str] = &[
            "",
            " ",
            "  ",
            "吨",
            "万",
            "亿",
            "万亿",
            "千瓦",
            "千克",
            "百万瓦",
            "百万吨",
            "兆瓦",
            "兆",
            "十",
            "多",
            "多万",
            "余",
            "来",
            "来自",
            "几",
            "分之一",
            "分之",
            " 分 之 一",
            "又2分之1",
            "又",
            "点五",
            "零",
            "一",
            "两",
            "半",
            "廿",
            "年",
            "%",
            "个",
            " 万",
            " 1",
            " .5",
            ",000",
            "k",
            "M公司",
            " billion",
            "tn",
            "\n万",
            "。",
            "壹",
            "萬",
            "億",
        ];
        let mut checked = 0;
        for n in NUMBERS {
            for a in AFTER {
                for pre in ["", "约", "-"] {
                    assert_shortcut_agrees(&format!("{pre}{n}{a}"), pre.len());
                    checked += 1;
                }
            }
        }
        assert!(checked > 2000);
        // A shortcut reading must be a plain Arabic reading, and a few known values.
        let n = parse_numeral("1,500吨", 0).unwrap();
        assert_eq!((n.end, n.value, n.script), (5, d("1500"), Script::Arabic));
        assert!(!n.plain_integer);
        let n = parse_numeral("2023年", 0).unwrap();
        assert_eq!((n.plain_integer, n.digits), (true, 4));
        assert_eq!(parse_numeral("160多", 0).unwrap().end, "160多".len());
        assert_eq!(parse_numeral("3 万", 0).unwrap().value, d("30000"));
    }

    #[test]
    fn token_continuations_are_looked_up_as_classified() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for before in ["", "  "] {
                let s = format!("7{before}{c}");
                assert_eq!(token_may_continue(&s, 1), continues_token(c), "{c:?}");
            }
        }
        assert!(!token_may_continue("7", 1));
        assert!(!token_may_continue("7 ", 1));
        assert!(token_may_continue("7 万", 1));
        assert!(token_may_continue("7分之一", 1));
    }

    #[test]
    fn big_unit_and_chinese_digit_shortcuts_agree_with_general_reader() {
        // Tokens (Arabic numbers, one Chinese digit) with 万, 亿 or 万亿 or neither, followed by
        // everything that may or may not continue a numeral.
        const HEADS: &[&str] = &[
            "0",
            "3",
            "1.5",
            "160",
            "1,500",
            "0.0",
            "13.90",
            ".5",
            "9999999999999999999999999",
            "99999999999999999999999999999",
            "一",
            "两",
            "五",
            "九",
            "壹",
            "陆",
            "兩",
            "二",
        ];
        const BIGS: &[&str] = &[
            "", "万", "亿", "萬", "億", "万亿", "萬億", "万億", "万万", "亿万", "亿亿", " 万",
            " 亿", "万 亿", "  亿", "兆",
        ];
        const TAILS: &[&str] = &[
            "",
            " ",
            "元",
            "吨",
            "千瓦",
            "千瓦时",
            "千克",
            "十",
            "百",
            "千",
            " 千",
            "一",
            "三千",
            "零五",
            "两",
            "5",
            " 5",
            "1,000",
            ".5",
            ".",
            "多",
            "余",
            "来",
            "几",
            "多万",
            "分之一",
            " 分之一",
            "分",
            "又1分之2",
            "又",
            "点五",
            "点",
            "零",
            "半",
            "半百",
            "廿",
            "兆",
            "兆瓦",
            "万",
            "亿",
            "\n",
            "。",
            "人",
            "年",
            "%",
            "个",
            "年代",
            "e5",
            "k",
            "bn",
        ];
        let mut checked = 0;
        for h in HEADS {
            for big in BIGS {
                for t in TAILS {
                    for pre in ["", "约"] {
                        assert_shortcut_agrees(&format!("{pre}{h}{big}{t}"), pre.len());
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 20_000, "{checked}");
        let n = parse_numeral("1.5亿元", 0).unwrap();
        assert_eq!(
            (n.end, n.value, n.script),
            (6, d("150000000"), Script::Mixed)
        );
        let n = parse_numeral("3.2万亿千瓦时", 0).unwrap();
        assert_eq!((n.end, n.value), ("3.2万亿".len(), d("3200000000000")));
        let n = parse_numeral("五万人", 0).unwrap();
        assert_eq!((n.value, n.script), (d("50000"), Script::Chinese));
        assert_eq!(parse_numeral("两家", 0).unwrap().value, d("2"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC{0,40}") {
            check_all_boundaries(&s);
        }

        #[test]
        fn normalized_is_normalize_to_the_bit(
            lo in proptest::prelude::any::<u32>(),
            mid in proptest::prelude::any::<u32>(),
            hi in 0u32..3,
            negative in proptest::prelude::any::<bool>(),
            scale in 0u32..29,
            zero in proptest::prelude::any::<bool>(),
        ) {
            let (lo, mid, hi) = if zero { (0, 0, 0) } else { (lo, mid, hi) };
            let mut v = Decimal::from_parts(lo, mid, hi, negative, scale);
            // A negative zero, which `from_parts` does not make.
            if zero && negative {
                v.set_sign_negative(true);
            }
            proptest::prop_assert_eq!(normalized(v).serialize(), v.normalize().serialize());
        }

        #[test]
        fn short_lexemes_are_valued_as_by_i128(
            int in "[0-9]{1,19}",
            frac in proptest::option::of("[0-9]{1,18}"),
        ) {
            let mut span = int.clone();
            if let Some(f) = &frac {
                span = format!("{span}.{f}");
            }
            proptest::prop_assume!(span.len() <= 19);
            let (value, digits) = lexeme_value_short(span.as_bytes());
            let mant: u64 = span.replace('.', "").parse().unwrap();
            let scale = frac.as_ref().map_or(0, |f| f.len() as u32);
            let by_i128 = Decimal::from_i128_with_scale(i128::from(mant), scale);
            proptest::prop_assert_eq!(value.serialize(), by_i128.serialize());
            proptest::prop_assert_eq!(digits, int.len());
        }

        #[test]
        fn lexemes_are_valued_as_by_lexeme_value(s in "[0-9.,]{0,30}[a万 ]?") {
            let b = s.as_bytes();
            for start in 0..b.len() {
                if let Some(lex) = lex_arabic(b, start) {
                    let (value, digits) = lexeme_value(&b[start..lex.end]).unwrap();
                    proptest::prop_assert_eq!(lex.value.serialize(), value.serialize(), "{}@{}", s, start);
                    proptest::prop_assert_eq!(lex.int_digits, digits, "{}@{}", s, start);
                }
            }
        }

        #[test]
        fn never_panics_on_numeral_alphabet(s in "[0-9., eEkKMbnt一二两三四五六七八九十百千万亿兆零〇点多余几来半廿分之又瓦克年萬億壹陆元人]{0,30}") {
            check_all_boundaries(&s);
        }
    }
}
