//! Tests of the scanner's fast paths: each must find exactly what the plain way finds.

use super::*;
use crate::vocab::Vocabulary;

fn vocab() -> &'static Vocabulary {
    Vocabulary::builtin()
}

/// The drafts the scanner finds in `text`, by the fast loop or visiting every character.
fn drafts_of(text: &str, fast: bool) -> String {
    let mut scanner = Scanner {
        text,
        vocab: Vocabulary::builtin(),
        drafts: Vec::new(),
        relative_years: Vec::new(),
        yue: NextYue::new(),
    };
    if fast {
        scanner.scan();
    } else {
        scanner.scan_with(|_, pos| pos);
    }
    format!("{:?} {:?}", scanner.drafts, scanner.relative_years)
}

/// Pieces that texts for the comparisons are made of: numerals of every script, units, hedges,
/// dates, names with numerals, English words, punctuation and characters of every UTF-8 length.
#[rustfmt::skip]
const PALETTE: &[&str] = &[
    "0", "1", "7", "2023", "1.5", ".5", "1,500", "30", "12", "4", "一", "二", "三", "十", "百",
    "千", "万", "亿", "两", "零", "〇", "壹", "拾", "陆", "廿", "多", "余", "几", "点", "分之",
    "吨", "年", "月", "日", "号", "%", "个", "万吨", "千瓦", "度", "元", "美元", "亿吨二氧化碳",
    "摄氏", "百分之", "百分之百", "一半", "半", "第", "首", "次", "届", "约", "超过", "近", "以上",
    "左右", "前后", "大约占", "about ", "more than ", " or more", "twenty", "-", "five", "million",
    "a ", "November ", "May ", "4 ", "COP", "CO2", "x", "abc", "in ", ".", "..", "。", "，", "、",
    "的", "是", "“", "”", "《", "》", "（", "）", "(", ")", "十四五", "一些", "一个", "这", "12:30",
    "010-12345678", "1.2.3", "2016-11-04", "3/5", "$", "人民币", "星期三", "去年", "至", "~",
    " ", "\n", "\t", "é", "−", "😀", "e5", "k", "bn", "世纪", "中叶", "_",
    "the ", "one", "hundred", "and ", "dozen", "Sept. ", "thousand ", "zero", "A ", "Jan",
    "billions", "tons", "约为", "约合", "约占", "两国", "一决", "国", "前", "负", "之", "氏",
];

/// Random texts made of `PALETTE` pieces.
fn palette_texts(seed: u64, count: usize) -> Vec<String> {
    let mut rng = crate::test_rng::Rng(seed);
    (0..count)
        .map(|_| {
            let len = 1 + rng.index(24);
            (0..len)
                .map(|_| PALETTE[rng.index(PALETTE.len())])
                .collect()
        })
        .collect()
}

#[test]
fn skipping_finds_what_visiting_every_character_finds() {
    let mut found = 0;
    for text in palette_texts(0x9E37_79B9_7F4A_7C15, 4000) {
        let want = drafts_of(&text, false);
        assert_eq!(drafts_of(&text, true), want, "{text:?}");
        found += usize::from(want != "[]");
    }
    // The texts are dense enough to hold claims most of the time.
    assert!(found > 2000, "{found}");
}

#[test]
fn skipping_agrees_on_the_fixture_articles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/extract");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        files += 1;
        assert_eq!(
            drafts_of(&text, true),
            drafts_of(&text, false),
            "{}",
            path.display()
        );
    }
    assert!(files > 5, "{files}");
}

#[test]
fn stops_are_the_characters_the_loop_acts_on() {
    // Every non-ASCII character: a stop exactly when `is_scan_stop` says so.
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
        let s = format!("{c}5");
        let want = if is_scan_stop(c) { 0 } else { c.len_utf8() };
        assert_eq!(next_stop(&s, 0), want, "{c:?}");
    }
    // ASCII: digits, letters starting a word that may be a number word or a month name, and
    // a dot before a digit.
    for b in 0u8..0x80 {
        let c = char::from(b);
        for (before, after) in [("", ""), ("", "5"), ("a", ""), ("7", ""), ("中", "x")] {
            let s = format!("{before}{c}{after}");
            let p = before.len();
            let word = s[p..].bytes().take_while(u8::is_ascii_alphabetic).count();
            let stop = c.is_ascii_digit()
                || (c == '.' && after.starts_with(|a: char| a.is_ascii_digit()))
                || (c.is_ascii_alphabetic()
                    && !before.ends_with(|a: char| a.is_ascii_alphanumeric())
                    && word_may_count(b, word));
            assert_eq!(next_stop(&s, p) == p, stop, "{s:?}@{p}");
        }
    }
    // Words that are no number word nor month name are passed over whole, up to a digit.
    assert_eq!(next_stop("this CO2", 0), "this CO".len());
    assert_eq!(next_stop("is twenty", 0), "is ".len());
    assert_eq!(next_stop("xyz May", 0), "xyz ".len());
    assert_eq!(next_stop("A", 0), 0);
    assert_eq!(next_stop("的的的一", 0), "的的的".len());
    assert_eq!(next_stop("的😀é", 0), "的😀é".len());
}

#[test]
fn runs_of_three_byte_characters_stop_where_one_character_does() {
    // `next_stop` passes over three-byte characters four at a time: every one of them, at
    // each of eight places (two runs of four), among fillers of several first bytes (的 E7,
    // ， EF, 가 EA, ｘ EF, ゃ E3, 你 E4, 중 EC, 中 E4), and 帀 (E5 B8 80), which passes
    // `STOP_FILTER` as it ends as 一 (E4 B8 80) does.
    assert_eq!(
        STOP_FILTER[usize::from(u16::from_le_bytes([0xB8, 0x80]))],
        1
    );
    let fillers = ["的", "，", "가", "ｘ", "ゃ", "你", "중", "中", "帀"];
    for c in (0x800..=0xFFFF).filter_map(char::from_u32) {
        for place in 0..8 {
            let filler = fillers[(c as usize + place) % fillers.len()];
            let s = format!("{}{c}{}", filler.repeat(place), filler.repeat(17 - place));
            let want = if is_scan_stop(c) {
                filler.len() * place
            } else {
                s.len()
            };
            assert_eq!(next_stop(&s, 0), want, "{s:?}");
        }
    }
    // A character of another length breaks the run wherever it stands: the scan stops at it
    // or goes on after it as from the character itself.
    let others = (0x20..0x80u32).chain([0xE9, 0x3A9, 0x1F600]);
    for c in others.filter_map(char::from_u32) {
        for place in 0..8 {
            let filler = fillers[(c as usize + place) % fillers.len()];
            let s = format!("{}{c}{}", filler.repeat(place), filler.repeat(17 - place));
            let at = filler.len() * place;
            assert_eq!(next_stop(&s, 0), at + next_stop(&s[at..], 0), "{s:?}");
        }
    }
}

#[test]
fn lone_digits_passed_over_read_as_nothing() {
    // Every character a 一 or 两 may be passed over before, in several places: the scan
    // finds what visiting every character finds.
    let places = [
        ("", ""),
        ("的", "的"),
        ("是", "。"),
        ("“", "”"),
        ("\n", "\n"),
        ("和", "5%"),
        ("这", "年"),
        ("百分之一", "吨"),
    ];
    let digits = LONE_DIGITS_YI
        .iter()
        .chain(LONE_DIGITS_LIANG)
        .chain(LONE_DIGITS_OTHER);
    assert!(
        digits
            .clone()
            .all(|&d| is_scan_stop(d) && d.len_utf8() == 3)
    );
    let mut passed = 0;
    for x in (0x800..=0xFFFF).filter_map(char::from_u32) {
        for &lead in digits.clone() {
            // Every place for the most common digits, two for the others.
            let places = if matches!(lead, '一' | '两') {
                &places[..]
            } else {
                &places[1..3]
            };
            for &(before, after) in places {
                let text = format!("{before}{lead}{x}{after}");
                if !lone_digit_reads_nothing(&text, before.len(), vocab()) {
                    continue;
                }
                passed += 1;
                assert_eq!(drafts_of(&text, true), drafts_of(&text, false), "{text:?}");
            }
        }
    }
    assert!(passed > 500_000, "{passed}");
    // Every character before them, and the words of the prefixes, signs and hedges.
    let mut befores: Vec<String> = (0x20..=0xFFFF)
        .filter_map(char::from_u32)
        .map(|c| format!("的{c}"))
        .collect();
    befores.extend(PALETTE.iter().map(|p| p.to_string()));
    for w in [
        "百分之",
        "千分之",
        "百 分 之",
        "摄氏",
        "华氏温度",
        "US$",
        "$",
        "美元",
        "人民币",
        "负 ",
        "- ",
        "5-",
        "前 ",
        "约",
        "超过",
        "“",
        "是",
        "为",
        "为 ",
    ] {
        befores.push(w.to_owned());
        befores.push(format!("{w} "));
    }
    let mut passed = 0;
    for before in &befores {
        for (lead, x) in [
            ('一', '决'),
            ('两', '国'),
            ('一', '的'),
            ('二', '氧'),
            ('零', '排'),
        ] {
            let text = format!("{before}{lead}{x}的");
            passed += usize::from(lone_digit_reads_nothing(&text, before.len(), vocab()));
            assert_eq!(drafts_of(&text, true), drafts_of(&text, false), "{text:?}");
        }
    }
    assert!(passed > 100_000, "{passed}");
    // What the seed articles hold most.
    for text in [
        "美两国",
        "，两国",
        "的一决",
        "这一个",
        "第一",
        "二氧化碳",
        "零排放",
        "陆地",
        "登陆",
        "队伍",
        "五角大楼",
        "三峡",
        "七国集团",
        "一些",
        "两个",
        "一年",
    ] {
        assert_eq!(drafts_of(text, true), drafts_of(text, false), "{text:?}");
    }
    assert!(lone_digit_reads_nothing("的二氧化碳", "的".len(), vocab()));
    assert!(!lone_digit_reads_nothing("的五角大楼", "的".len(), vocab()));
    assert!(lone_digit_reads_nothing("美两国", "美".len(), vocab()));
    assert!(!lone_digit_reads_nothing(
        "百分之一决",
        "百分之".len(),
        vocab()
    ));
    assert!(!lone_digit_reads_nothing("这一个", "这".len(), vocab()));
}

#[test]
fn words_passed_over_read_as_nothing() {
    // Every run of up to three letters, and the number words and month names with a letter
    // changed, dropped or added, in either case, before what may make them a figure or a
    // date: the scan finds what visiting every character finds.
    let letters = "abcdefghijklmnopqrstuvwxyz";
    let mut words: Vec<String> = letters.chars().map(String::from).collect();
    for a in letters.chars() {
        for b in letters.chars() {
            words.push(format!("{a}{b}"));
            for c in letters.chars() {
                words.push(format!("{a}{b}{c}"));
            }
        }
    }
    let known = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
        "dozen",
        "and",
        "a",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "sept",
        "sep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "oct",
        "nov",
        "dec",
    ];
    for w in known {
        words.push(w.to_owned());
        words.push(w[..w.len() - 1].to_owned());
        words.push(format!("{w}s"));
        words.push(format!("{}x", &w[..w.len() - 1]));
        words.push(format!("x{w}"));
    }
    let mut passed = 0;
    for w in words.iter().filter(|w| !w.is_empty()) {
        for word in [
            w.clone(),
            w.to_uppercase(),
            format!("{}{}", &w[..1].to_uppercase(), &w[1..]),
        ] {
            passed += usize::from(word_is_no_count(word.as_bytes()));
            for (before, after) in [("", " 5"), ("的", " hundred 2016"), (" ", ". 4, 2016")] {
                let text = format!("{before}{word}{after}");
                assert_eq!(drafts_of(&text, true), drafts_of(&text, false), "{text:?}");
            }
        }
    }
    assert!(passed > 40_000, "{passed}");
    for w in known {
        assert!(!word_is_no_count(w.as_bytes()), "{w}");
        assert!(!word_is_no_count(w.to_uppercase().as_bytes()), "{w}");
    }
    assert!(word_is_no_count(b"the") && word_is_no_count(b"John"));
}

/// Every character boundary of every palette text.
fn palette_places(seed: u64, count: usize) -> Vec<(String, usize)> {
    palette_texts(seed, count)
        .into_iter()
        .flat_map(|t| {
            let places: Vec<usize> = (0..=t.len()).filter(|&p| t.is_char_boundary(p)).collect();
            places.into_iter().map(move |p| (t.clone(), p))
        })
        .collect()
}

/// The original definition: the clause found first, then searched for a hedged verb.
fn hedged_verb_before_naive(text: &str, pos: usize) -> Option<&'static str> {
    let clause_start = text[..pos]
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
        );
    let clause = text.get(clause_start..pos)?;
    if !clause.contains('约') || clause.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    ["大约占", "约占", "约为", "大约为", "约合"]
        .into_iter()
        .find(|w| clause.contains(w))
        .map(|_| "约")
}

#[test]
fn hedged_verbs_are_found_as_by_reading_the_clause_first() {
    let mut found = 0;
    // The places of a text in order, as the scanner asks, with one `NextYue` for the text, and
    // at random (backwards too), with another.
    let mut rng = crate::test_rng::Rng(0x9E37_79B9_7F4A_7C15);
    let mut last: Option<(String, NextYue, NextYue)> = None;
    for (text, p) in palette_places(7, 1500) {
        if last.as_ref().is_none_or(|(t, _, _)| *t != text) {
            last = Some((text.clone(), NextYue::new(), NextYue::new()));
        }
        let (_, in_order, at_random) = last.as_mut().expect("set above");
        let want = hedged_verb_before_naive(&text, p);
        assert_eq!(hedged_verb_before(&text, p, in_order), want, "{text:?}@{p}");
        assert_eq!(
            hedged_verb_before(&text, p, &mut NextYue::new()),
            want,
            "{text:?}@{p}"
        );
        let q = rng.index(text.len() + 1);
        if text.is_char_boundary(q) {
            let want = hedged_verb_before_naive(&text, q);
            assert_eq!(
                hedged_verb_before(&text, q, at_random),
                want,
                "{text:?}@{q}"
            );
        }
        found += usize::from(want.is_some());
    }
    // Long clauses: the hedged verb 24 characters back and further.
    for n in 18..30 {
        let text = format!("约占{}", "的".repeat(n));
        let want = hedged_verb_before_naive(&text, text.len());
        assert_eq!(
            hedged_verb_before(&text, text.len(), &mut NextYue::new()),
            want,
            "{n}"
        );
        assert_eq!(want.is_some(), n <= 22, "{n}");
        let text = format!("约占{}", "😀".repeat(n));
        let want = hedged_verb_before_naive(&text, text.len());
        assert_eq!(
            hedged_verb_before(&text, text.len(), &mut NextYue::new()),
            want,
            "{n}"
        );
    }
    assert!(found > 100, "{found}");
}

#[test]
fn the_date_reader_hands_over_the_numeral_it_read() {
    let mut handed = 0;
    for (text, p) in palette_places(11, 1500) {
        let mut numeral = None;
        let date = dates::chinese_date_reading(&text, p, &mut numeral);
        assert_eq!(date, dates::chinese_date(&text, p));
        if let Some(n) = numeral {
            assert_eq!(n, crate::numerals::parse_numeral(&text, p), "{text:?}@{p}");
            handed += 1;
        }
    }
    assert!(handed > 100, "{handed}");
}

#[test]
fn hedges_are_joined_in_order() {
    let mut h = Hedges::default();
    assert!(h.is_empty());
    for w in ["约", "多", "以上", "前"] {
        h.push(w);
    }
    assert!(!h.is_empty());
    assert_eq!(h.joined(), "约…多…以上…前");
}

/// Whether `gap` holds a line break and whether it holds a sentence end, read character by
/// character.
fn breaks_by_chars(gap: &str) -> (bool, bool) {
    (gap.contains('\n'), gap.chars().any(is_sentence_end))
}

#[test]
fn breaks_are_found_as_by_reading_characters() {
    let mut seen = [0; 3];
    for text in palette_texts(13, 300) {
        let layout = attribute::layout(&text);
        let places: Vec<usize> = (0..=text.len())
            .filter(|&p| text.is_char_boundary(p))
            .collect();
        // Every gap, with the hint of the gap asked for before it (in text order and not),
        // and with none.
        let mut hint = 0;
        for (a, &p) in places.iter().enumerate() {
            for &q in &places[a..] {
                let want = breaks_by_chars(&text[p..q]);
                let got = layout.breaks_in(text.as_bytes(), p, q, &mut hint);
                assert_eq!(got, want, "{text:?} {p}..{q}");
                assert_eq!(layout.breaks_in(text.as_bytes(), p, q, &mut 0), want);
                seen[usize::from(want.0) + usize::from(want.1)] += 1;
            }
        }
        for &p in places.iter().rev() {
            let want = breaks_by_chars(&text[p..]);
            let got = layout.breaks_in(text.as_bytes(), p, text.len(), &mut hint);
            assert_eq!(got, want, "{text:?} {p}..");
        }
    }
    for gap in [
        "！",
        "？",
        "；",
        "。",
        "!",
        "?",
        ";",
        "、「」",
        "，：（）",
        "ｘ",
        "\n",
        "a.\nB",
    ] {
        let layout = attribute::layout(gap);
        assert_eq!(
            layout.breaks_in(gap.as_bytes(), 0, gap.len(), &mut 0),
            breaks_by_chars(gap),
            "{gap:?}"
        );
    }
    assert!(seen.iter().all(|&n| n > 100), "{seen:?}");
}

#[test]
fn a_factor_of_one_gives_the_product() {
    use rust_decimal::Decimal;
    let values = [
        Decimal::ZERO,
        -Decimal::ZERO,
        Decimal::new(0, 3),
        Decimal::new(-0, 5),
        Decimal::ONE,
        Decimal::new(-15, 1),
        Decimal::new(1500, 0),
        Decimal::new(13_900, 3),
        Decimal::new(1, 28),
        Decimal::new(i64::MAX, 7),
        Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 0),
        Decimal::from_i128_with_scale(-79_228_162_514_264_337_593_543_950_335, 28),
        Decimal::from_i128_with_scale(4_294_967_296, 2),
    ];
    let factors = [
        Decimal::ONE,
        Decimal::new(10, 1),
        Decimal::new(1000, 0),
        Decimal::new(1, 3),
    ];
    for x in values {
        for f in factors {
            let Some(want) = x.checked_mul(f) else {
                assert_eq!(figure::times(x, f), None, "{x} × {f}");
                continue;
            };
            assert_eq!(
                figure::times(x, f).map(|v| v.serialize()),
                Some(want.serialize()),
                "{x} × {f}"
            );
        }
    }
}

#[test]
fn extracting_into_spare_vectors_gives_what_fresh_ones_give() {
    use crate::normalize::{Format, normalize};
    let catalog = Catalog::builtin();
    let claims_of = |text: &str| extract(&normalize(text, Format::Text), catalog);
    let texts = palette_texts(0x2545_F491_4F6C_DD1D, 300);
    // Each text on a thread of its own, where no vector was used before.
    let fresh: Vec<Vec<Claim>> = texts
        .iter()
        .map(|t| std::thread::scope(|s| s.spawn(|| claims_of(t)).join().unwrap()))
        .collect();
    // Then one after another on this thread, each claims vector given back (and so used
    // again, holding the claims of the text before until it is emptied).
    for (text, want) in texts.iter().zip(&fresh) {
        let claims = claims_of(text);
        assert_eq!(&claims, want, "{text:?}");
        recycle(claims);
    }
    assert!(fresh.iter().filter(|c| !c.is_empty()).count() > 150);
}

/// A Decimal from its parts, with a zero of either sign.
fn decimal_of(lo: u32, mid: u32, hi: u32, negative: bool, scale: u32) -> rust_decimal::Decimal {
    let mut d = rust_decimal::Decimal::from_parts(lo, mid, hi, negative, scale);
    d.set_sign_negative(negative);
    d
}

proptest::proptest! {
    #[test]
    fn decimal_comparisons_agree_with_decimal_ord(
        a in (0u32..3000, 0u32..2, 0u32..2, proptest::prelude::any::<bool>(), 0u32..4),
        b in (0u32..3000, 0u32..2, 0u32..2, proptest::prelude::any::<bool>(), 0u32..4),
        low in -10i64..2500,
        high in -10i64..2500,
    ) {
        let a = decimal_of(a.0, a.1, a.2, a.3, a.4);
        let b = decimal_of(b.0, b.1, b.2, b.3, b.4);
        proptest::prop_assert_eq!(figure::decimal_min(a, b).serialize(), a.min(b).serialize());
        let by_ord = a >= rust_decimal::Decimal::from(low) && a <= rust_decimal::Decimal::from(high);
        proptest::prop_assert_eq!(figure::decimal_in(a, low, high), by_ord);
    }
}

#[test]
fn decimal_comparisons_at_their_edges() {
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    for (x, want) in [
        ("999", false),
        ("1000", true),
        ("2200", true),
        ("2201", false),
        ("2200.0", true),
        ("2200.5", false),
        ("-1500", false),
        ("1999.9", true),
    ] {
        assert_eq!(figure::decimal_in(d(x), 1000, 2200), want, "{x}");
    }
    // Equal values: the first, as written.
    assert_eq!(
        figure::decimal_min(d("1.0"), d("1")).serialize(),
        d("1.0").serialize()
    );
    assert_eq!(
        figure::decimal_min(d("10"), d("1")).serialize(),
        d("1").serialize()
    );
    assert_eq!(
        figure::decimal_min(d("0.1"), d("1")).serialize(),
        d("0.1").serialize()
    );
}

#[test]
fn relative_years_go_to_their_own_dates() {
    // Drafts are claims, and the offsets of 去年/今年 are kept beside them by span: each must
    // reach its own date, also when unit mentions are sorted in among the drafts.
    use crate::normalize::{Format, normalize};
    let text = "去年3月5日装机106百万瓦(gigawatts)，3月6日又增加。\n今年4月1日发布，前年5月2日开工，6月3日投产。";
    let mut doc = normalize(text, Format::Text);
    doc.article_date = Some(PartialDate {
        year: Some(2024),
        month: Some(6),
        day: Some(1),
    });
    let claims = extract(&doc, Catalog::builtin());
    let dates: Vec<(&str, Option<i32>, bool)> = claims
        .iter()
        .filter_map(|c| match c.value {
            Some(Value::Date(d)) => Some((&text[c.span.clone()], d.year, c.year_inferred)),
            _ => None,
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("3月5日", Some(2023), true),
            ("3月6日", Some(2023), true),
            ("4月1日", Some(2024), true),
            ("5月2日", Some(2022), true),
            ("6月3日", Some(2022), true),
        ]
    );
    assert!(claims.iter().any(|c| c.value.is_none()), "a unit mention");
}

#[test]
fn digits_passed_by_the_pattern_gate_read_as_no_pattern() {
    // Runs of digits with every byte that can follow them in the three readers, and others.
    const PIECES: &[&str] = &[
        "1",
        "0",
        "4",
        "9",
        "13",
        "2023",
        "13812345678",
        "400",
        "010",
        ":",
        ".",
        "-",
        "/",
        " ",
        "\t",
        "st",
        "nd",
        "rd",
        "th",
        "s",
        "t",
        "n",
        "r",
        "年",
        "月",
        "%",
        ",",
        "Nov",
        "November",
        "a",
        "日",
        "x",
        "2016/11/04",
        "15/11/2023",
        "2016-11-04",
        "2016.11.04",
        "11:27",
        "12:39:01",
        "1.2.3",
        "010-12345678",
        "400-800-1234",
        "4 November 2016",
        "4th Nov",
        "21 May",
        "12345678",
    ];
    let mut rng = crate::test_rng::Rng(0x5DEE_CE66_D1CE_4E5B);
    let (mut gated, mut found) = (0, 0);
    for _ in 0..60_000 {
        let len = 1 + rng.index(8);
        let text: String = (0..len).map(|_| PIECES[rng.index(PIECES.len())]).collect();
        for pos in (0..text.len()).filter(|&p| text.as_bytes()[p].is_ascii_digit()) {
            if digits_may_start_pattern(&text, pos) {
                found += usize::from(
                    non_figure_digits(&text, pos).is_some()
                        || dates::numeric_date(&text, pos).is_some()
                        || dates::english_date(&text, pos).is_some(),
                );
                continue;
            }
            gated += 1;
            assert_eq!(non_figure_digits(&text, pos), None, "{text:?}@{pos}");
            assert_eq!(dates::numeric_date(&text, pos), None, "{text:?}@{pos}");
            assert_eq!(dates::english_date(&text, pos), None, "{text:?}@{pos}");
        }
    }
    assert!(gated > 50_000, "{gated}");
    assert!(found > 1_000, "{found}");
}

#[test]
fn next_stop_is_the_first_stop_character() {
    // The stops character by character: a three-byte character where `is_scan_stop` holds,
    // an ASCII digit, a dot before a digit, a letter starting a word that may count.
    fn is_stop_at(s: &str, q: usize) -> bool {
        let b = s.as_bytes();
        let c = s[q..].chars().next().expect("a character");
        match b[q] {
            b'0'..=b'9' => true,
            b'.' => b.get(q + 1).is_some_and(u8::is_ascii_digit),
            x if x.is_ascii_alphabetic() => {
                let word = b[q..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                (q == 0 || !b[q - 1].is_ascii_alphanumeric()) && word_may_count(x, word)
            }
            _ => c.len_utf8() == 3 && is_scan_stop(c),
        }
    }
    const PIECES: &[&str] = &[
        " ", "  ", ",", ".", "5", "12", "a", "May", "xyz", "的", "一", "\n", "-", "é", "😀", "，",
        "中国", "(", "%", "第",
    ];
    let mut rng = crate::test_rng::Rng(0x6A09_E667_F3BC_C908);
    for _ in 0..20_000 {
        let len = 1 + rng.index(16);
        let s: String = (0..len).map(|_| PIECES[rng.index(PIECES.len())]).collect();
        for (p, _) in s.char_indices() {
            let want = s
                .char_indices()
                .map(|(q, _)| q)
                .find(|&q| q >= p && is_stop_at(&s, q))
                .unwrap_or(s.len());
            assert_eq!(next_stop(&s, p), want, "{s:?}@{p}");
        }
    }
}

#[test]
fn numeral_chars_by_look_up_are_the_numeral_chars() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(is_numeral_char(c), is_chinese_numeral_char(c), "{c:?}");
    }
}
