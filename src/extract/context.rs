//! Character-level helpers and the small closed word lists the extractor consults around a
//! numeral: hedges before and after it, labels that contain numbers but are not claims
//! (第28届, 十四五, COP 28), separators of ranges, and where sentences end (shared by
//! attribution and the statements across articles).

use crate::claim::Qualifier;

/// The character starting at byte `pos`.
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// The character ending at byte `pos`.
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// Skips ASCII spaces and tabs (never line breaks) from `pos`.
pub fn skip_spaces(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while pos < bytes.len() && (bytes[pos] == b' ' || bytes[pos] == b'\t') {
        pos += 1;
    }
    pos
}

/// Skips ASCII spaces and tabs backwards from `pos`.
pub fn skip_spaces_back(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while pos > 0 && (bytes[pos - 1] == b' ' || bytes[pos - 1] == b'\t') {
        pos -= 1;
    }
    pos
}

/// `text` starts with `word`, ASCII letters compared without case.
pub fn starts_with_ci(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(word))
}

/// `text` ends with `word`, ASCII letters compared without case.
pub fn ends_with_ci(text: &str, word: &str) -> bool {
    text.len() >= word.len()
        && text
            .get(text.len() - word.len()..)
            .is_some_and(|s| s.eq_ignore_ascii_case(word))
}

/// A Han character (CJK unified ideographs and extension A).
pub const fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Characters that can start or continue a Chinese numeral.
pub const fn is_chinese_numeral_char(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '两'
            | '兩'
            | '倆'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '萬'
            | '亿'
            | '億'
            | '兆'
            | '廿'
            | '卅'
            | '卌'
    ) || is_financial_numeral(c)
}

/// The financial (anti-forgery) forms of Chinese numerals: 壹 贰 叁 … 拾 佰 仟.
pub const fn is_financial_numeral(c: char) -> bool {
    matches!(
        c,
        '壹' | '贰'
            | '貳'
            | '叁'
            | '參'
            | '肆'
            | '伍'
            | '陆'
            | '陸'
            | '柒'
            | '捌'
            | '玖'
            | '拾'
            | '佰'
            | '仟'
    )
}

/// Chinese characters that are only magnitudes (they need a digit to mean a number).
pub fn is_chinese_magnitude(c: char) -> bool {
    matches!(
        c,
        '十' | '拾' | '百' | '佰' | '千' | '仟' | '万' | '萬' | '亿' | '億' | '兆'
    )
}

/// Sentence-final punctuation: ends a sentence for context purposes. The byte readers that
/// find these (`sentence_end_len`, `Layout::breaks_in`) are tested against it.
#[cfg(test)]
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | ';' | '；' | '\n')
}

/// Words that end with a full stop without ending the sentence (Nov. 4, Mr. Li, et al.).
const ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr",
    "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "No", "Nos", "vs", "etc", "al", "Inc", "Co",
    "Corp", "Ltd", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Mt", "Fig", "approx", "est", "e.g",
    "i.e", "p", "pp",
];

/// Whether the `.` at byte `i` ends an English sentence: it is followed by spaces and a
/// capital letter, and it does not end an abbreviation or an initial (J. Smith, U.S. Treasury).
/// A full stop inside a number (36.6), an address or a file name is never followed by a space.
pub(crate) fn is_full_stop(bytes: &[u8], i: usize) -> bool {
    let after = &bytes[i + 1..];
    let spaces = after.iter().take_while(|b| **b == b' ').count();
    if spaces == 0 || !after.get(spaces).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    // The word before the stop, with the stops inside it (e.g, U.S).
    let word_start = bytes[..i]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'.'))
        .map_or(0, |p| p + 1);
    let word = &bytes[word_start..i];
    // J. or U.S., but not the C of °C.
    let initial = word.last().is_some_and(u8::is_ascii_uppercase)
        && match word.len() {
            1 => word_start == 0 || bytes[word_start - 1].is_ascii(),
            n => word[n - 2] == b'.',
        };
    !initial && !ABBREVIATIONS.iter().any(|a| a.as_bytes() == word)
}

/// The length of the sentence end at byte `i` of `bytes`, or 0: the characters of
/// `is_sentence_end` and the English full stop (`is_full_stop`). Attribution and the
/// statements across articles split sentences with it.
// Inlined into the loops that split sentences, which call it at most characters of Chinese
// punctuation (`#[inline]` alone left it a call).
#[inline(always)]
pub(crate) fn sentence_end_len(bytes: &[u8], i: usize) -> usize {
    match bytes[i] {
        b'\n' | b'!' | b'?' | b';' => 1,
        b'.' if is_full_stop(bytes, i) => 1,
        0xE3 if bytes[i + 1..].starts_with(&[0x80, 0x82]) => 3,
        0xEF if matches!(bytes[i + 1..], [0xBC, 0x81 | 0x9F | 0x9B, ..]) => 3,
        _ => 0,
    }
}

/// The hedge words of one figure in the order they were found: at most one before the number
/// (or on its verb), the 多 of the numeral, one after the number and one after a year. Kept
/// in place, as most figures have none and the rest one or two.
#[derive(Debug, Default)]
pub struct Hedges {
    words: [&'static str; 4],
    len: usize,
}

impl Hedges {
    /// Adds a word (there is room for every place a hedge can be found).
    pub fn push(&mut self, word: &'static str) {
        self.words[self.len] = word;
        self.len += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The words joined with `…`, as claims show them.
    pub fn joined(&self) -> String {
        self.words[..self.len].join("…")
    }
}

/// A set of byte pairs (one bit for each of the 65,536), built at compile time from a word
/// list: two bytes of text looked up in it rule out most places before any word is compared.
pub struct PairSet([u64; 1024]);

impl PairSet {
    const fn new() -> Self {
        PairSet([0; 1024])
    }

    const fn insert(&mut self, a: u8, b: u8) {
        let i = (a as usize) << 8 | b as usize;
        self.0[i >> 6] |= 1 << (i & 63);
    }

    pub fn contains(&self, a: u8, b: u8) -> bool {
        let i = usize::from(a) << 8 | usize::from(b);
        self.0[i >> 6] >> (i & 63) & 1 != 0
    }
}

/// The last two bytes of each hedge before a number, ASCII letters lowercased: a hedge can end
/// only where the two bytes before the number (lowercased) are one of these pairs.
static HEDGE_BEFORE_ENDS: PairSet = {
    let mut set = PairSet::new();
    let mut i = 0;
    while i < HEDGES_BEFORE.len() {
        let w = HEDGES_BEFORE[i].0.as_bytes();
        set.insert(
            w[w.len() - 2].to_ascii_lowercase(),
            w[w.len() - 1].to_ascii_lowercase(),
        );
        i += 1;
    }
    set
};

/// The first two bytes of each hedge after a number (all of them lowercase or not ASCII).
static HEDGE_AFTER_STARTS: PairSet = {
    let mut set = PairSet::new();
    let mut i = 0;
    while i < HEDGES_AFTER.len() {
        let w = HEDGES_AFTER[i].0.as_bytes();
        set.insert(w[0], w[1]);
        i += 1;
    }
    set
};

/// The hedges written before a number, grouped by their last character (ASCII letters
/// lowercased) and sorted by it, each group in the order of `HEDGES_BEFORE`: most numbers have
/// none of these characters before them, and the others are compared with a handful of words.
type HedgeGroups = Vec<(char, Vec<(&'static str, Qualifier)>)>;
static HEDGES_BY_LAST_CHAR: std::sync::LazyLock<HedgeGroups> = std::sync::LazyLock::new(|| {
    let mut groups: HedgeGroups = Vec::new();
    for &(word, q) in HEDGES_BEFORE {
        let Some(last) = word.chars().next_back() else {
            continue;
        };
        let last = last.to_ascii_lowercase();
        match groups.iter_mut().find(|(c, _)| *c == last) {
            Some((_, words)) => words.push((word, q)),
            None => groups.push((last, vec![(word, q)])),
        }
    }
    groups.sort_by_key(|(c, _)| *c);
    groups
});

/// A hedge word written before a number, with its qualifier. Longest words first.
const HEDGES_BEFORE: &[(&str, Qualifier)] = &[
    ("approximately", Qualifier::Approx),
    ("well below", Qualifier::LessThan),
    ("well under", Qualifier::LessThan),
    ("more than", Qualifier::MoreThan),
    ("fewer than", Qualifier::LessThan),
    ("less than", Qualifier::LessThan),
    ("at least", Qualifier::AtLeast),
    ("at most", Qualifier::AtMost),
    ("close to", Qualifier::Approx),
    ("roughly", Qualifier::Approx),
    ("nearly", Qualifier::Approx),
    ("almost", Qualifier::Approx),
    ("around", Qualifier::Approx),
    ("about", Qualifier::Approx),
    ("up to", Qualifier::AtMost),
    ("under", Qualifier::LessThan),
    ("over", Qualifier::MoreThan),
    ("some", Qualifier::Approx),
    ("不少于", Qualifier::AtLeast),
    ("不低于", Qualifier::AtLeast),
    ("不超过", Qualifier::AtMost),
    ("不多于", Qualifier::AtMost),
    ("差不多", Qualifier::Approx),
    ("超过了", Qualifier::MoreThan),
    ("大约", Qualifier::Approx),
    ("大概", Qualifier::Approx),
    ("约为", Qualifier::Approx),
    ("约合", Qualifier::Approx),
    ("将近", Qualifier::Approx),
    ("接近", Qualifier::Approx),
    ("超过", Qualifier::MoreThan),
    ("多于", Qualifier::MoreThan),
    ("高于", Qualifier::MoreThan),
    ("大于", Qualifier::MoreThan),
    ("至少", Qualifier::AtLeast),
    ("最少", Qualifier::AtLeast),
    ("起码", Qualifier::AtLeast),
    ("起碼", Qualifier::AtLeast),
    ("至多", Qualifier::AtMost),
    ("最多", Qualifier::AtMost),
    ("不到", Qualifier::LessThan),
    ("不足", Qualifier::LessThan),
    ("少于", Qualifier::LessThan),
    ("低于", Qualifier::LessThan),
    ("小于", Qualifier::LessThan),
    ("约", Qualifier::Approx),
    ("約", Qualifier::Approx),
    ("近", Qualifier::Approx),
    ("逾", Qualifier::MoreThan),
    ("超", Qualifier::MoreThan),
];

/// A hedge word written after a number (and its unit).
const HEDGES_AFTER: &[(&str, Qualifier)] = &[
    ("or more", Qualifier::AtLeast),
    ("or so", Qualifier::Approx),
    ("或以上", Qualifier::AtLeast),
    ("或更多", Qualifier::AtLeast),
    ("以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
    ("以内", Qualifier::AtMost),
    ("之内", Qualifier::AtMost),
    ("左右", Qualifier::Approx),
    ("上下", Qualifier::Approx),
    ("有余", Qualifier::MoreThan),
    ("出头", Qualifier::MoreThan),
];

/// The hedge that ends at `pos` (spaces allowed between it and the number): its start, word
/// and qualifier. English hedges must start at a word boundary.
pub fn hedge_before(text: &str, pos: usize) -> Option<(usize, &'static str, Qualifier)> {
    let end = skip_spaces_back(text, pos);
    let before = &text[..end];
    // Every hedge is at least two bytes long and ends with one of the pairs of
    // `HEDGE_BEFORE_ENDS`: most numbers are ruled out by the two bytes before them.
    let [.., x, y] = *before.as_bytes() else {
        return None;
    };
    if !HEDGE_BEFORE_ENDS.contains(x.to_ascii_lowercase(), y.to_ascii_lowercase()) {
        return None;
    }
    let last = before.chars().next_back()?.to_ascii_lowercase();
    let groups = &*HEDGES_BY_LAST_CHAR;
    let i = groups.binary_search_by_key(&last, |(c, _)| *c).ok()?;
    for &(word, q) in &groups[i].1 {
        if ends_with_ci(before, word) {
            let start = end - word.len();
            if word.is_ascii()
                && char_before(text, start).is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            // A Chinese hedge must touch the number (no space), an English one may not touch it.
            if !word.is_ascii() && end != pos {
                continue;
            }
            return Some((start, word, q));
        }
    }
    None
}

/// The hedge that starts at `pos` (after the number and unit): its end, word and qualifier.
pub fn hedge_after(text: &str, pos: usize) -> Option<(usize, &'static str, Qualifier)> {
    let start = if text[pos..].starts_with(' ') {
        skip_spaces(text, pos)
    } else {
        pos
    };
    let rest = &text[start..];
    // A look at the first two bytes (ASCII letters lowercased) rules out most places, and then
    // most words, before the full comparison; every hedge is at least two bytes long.
    let r = rest.as_bytes();
    let (b0, b1) = (
        r.first()?.to_ascii_lowercase(),
        r.get(1)?.to_ascii_lowercase(),
    );
    if !HEDGE_AFTER_STARTS.contains(b0, b1) {
        return None;
    }
    for &(word, q) in HEDGES_AFTER {
        let w = word.as_bytes();
        if w[0] == b0 && w[1] == b1 && starts_with_ci(rest, word) {
            if word.is_ascii()
                && (start == pos
                    || char_at(text, start + word.len()).is_some_and(|c| c.is_ascii_alphabetic()))
            {
                continue;
            }
            if !word.is_ascii() && start != pos {
                continue;
            }
            return Some((start + word.len(), word, q));
        }
    }
    None
}

/// The separators of a range, longest first where one starts another.
pub const RANGE_SEPARATORS: [&str; 9] = ["——", "—", "–", "-", "~", "～", "至", "到", "－"];

/// Can a range separator (or `to`) start with these bytes? Their first two bytes: `-`, `~`,
/// `t`/`T` alone; E2 80 (—, –), EF BD (～), EF BC (－), E8 87 (至), E5 88 (到). Most figures
/// are followed by none of them.
pub fn may_start_separator(rest: &[u8]) -> bool {
    matches!(
        rest,
        [b'-' | b'~' | b't' | b'T', ..]
            | [0xE2, 0x80, ..]
            | [0xEF, 0xBD | 0xBC, ..]
            | [0xE8, 0x87, ..]
            | [0xE5, 0x88, ..]
    )
}

/// A range separator at `pos` (`-`, `–`, `—`, `~`, `至`, `到`, `to`): its end.
pub fn range_separator(text: &str, pos: usize) -> Option<usize> {
    let p = skip_spaces(text, pos);
    if !may_start_separator(&text.as_bytes()[p..]) {
        return None;
    }
    separator_at(text, pos, p)
}

/// `range_separator` at `p`, the end of the spaces after `pos`.
fn separator_at(text: &str, pos: usize, p: usize) -> Option<usize> {
    let rest = &text[p..];
    for sep in RANGE_SEPARATORS {
        if rest.starts_with(sep) {
            return Some(skip_spaces(text, p + sep.len()));
        }
    }
    if p > pos && starts_with_ci(rest, "to ") {
        return Some(skip_spaces(text, p + 3));
    }
    None
}

/// Words after 第N that make it a label (第28届, 第二条, 第三季度), not a claim.
const LABEL_AFTER_ORDINAL: &[&str] = &[
    "届",
    "屆",
    "条",
    "條",
    "款",
    "章",
    "节",
    "節",
    "号",
    "號",
    "版",
    "期",
    "卷",
    "页",
    "頁",
    "季度",
    "代",
    "轮会谈",
    "个五年",
    "個五年",
    "世纪",
    "世紀",
    "段",
    "句",
    "行",
    "列",
    "栏",
    "部分",
    "阶段",
];

/// Words that, within a few characters after 第N次, make it the name of a meeting or report.
const MEETING_WORDS: &[&str] = &[
    "会议",
    "會議",
    "大会",
    "大會",
    "峰会",
    "峰會",
    "评估",
    "評估",
    "全会",
    "全會",
    "缔约方",
    "締約方",
    "代表大会",
];

/// After `第N` ending at `pos`: is it a label (session number, article number, period)?
pub fn ordinal_is_label(text: &str, pos: usize) -> bool {
    let rest = &text[pos..];
    if LABEL_AFTER_ORDINAL.iter().any(|w| rest.starts_with(w)) {
        return true;
    }
    if rest.starts_with('次') || rest.starts_with("屆") {
        // The ten characters after 次 or 屆, in place.
        let after = &rest['次'.len_utf8()..];
        let window = after
            .char_indices()
            .nth(10)
            .map_or(after, |(i, _)| &after[..i]);
        return MEETING_WORDS.iter().any(|w| holds(window, w));
    }
    false
}

/// `window.contains(word)` for a window of a few characters: compared at each byte, without
/// the set-up of a substring searcher (which costs more than the search in so short a text).
/// The last bytes are compared first: they rule out most places (a Han character's last byte
/// takes one of 64 values) before the whole word is.
fn holds(window: &str, word: &str) -> bool {
    let word = word.as_bytes();
    let Some(&last) = word.last() else {
        return true;
    };
    window
        .as_bytes()
        .windows(word.len())
        .any(|w| w[word.len() - 1] == last && w == word)
}

/// Ranking verbs written before 第.
const RANK_WORDS: &[&str] = &[
    "排名", "排行", "位居", "位列", "名列", "排在", "ranked", "ranks",
];

/// After `第N` ending at `pos`, or with a ranking verb before 第: is it a rank?
pub fn ordinal_is_rank(text: &str, ordinal_start: usize, pos: usize) -> bool {
    let rest = &text[pos..];
    if rest.starts_with('大') || rest.starts_with('名') || rest.starts_with("位") {
        return true;
    }
    let window_start = text[..ordinal_start]
        .char_indices()
        .rev()
        .nth(5)
        .map_or(0, |(i, _)| i);
    let window = &text[window_start..ordinal_start];
    RANK_WORDS.iter().any(|w| holds(window, w))
}

/// Latin words that, followed by a space and a number, name a thing: COP 28, G 20, iPhone 15.
const LABEL_WORDS: &[&str] = &[
    "COP", "CMP", "CMA", "SBSTA", "SBI", "G", "PM", "iPhone", "Galaxy", "Windows", "Android",
    "iOS", "GPT", "Scope", "Tier", "Level", "Phase", "Article", "Section", "Chapter", "No.", "No",
    "Vol.", "Fig.", "Figure", "Table", "Annex", "Part", "Room", "Route", "Apollo", "Falcon",
    "Model", "Article", "Rule", "Under",
];

/// The last two bytes of the label words (a word of one byte after any byte): a label can end
/// only where the text before the spaces ends with one of these pairs.
static LABEL_WORD_ENDS: PairSet = {
    let mut set = PairSet::new();
    let mut i = 0;
    while i < LABEL_WORDS.len() {
        let w = LABEL_WORDS[i].as_bytes();
        let last = w[w.len() - 1];
        if w.len() >= 2 {
            set.insert(w[w.len() - 2], last);
        } else {
            let mut a = 0;
            while a < 256 {
                set.insert(a as u8, last);
                a += 1;
            }
        }
        i += 1;
    }
    set
};

/// Is the number at `pos` the tail of a label such as `COP 28` or `iPhone 15`?
pub fn follows_label_word(text: &str, pos: usize) -> bool {
    let p = skip_spaces_back(text, pos);
    if p == pos {
        return false;
    }
    let before = &text[..p];
    // No label word ends with any other pair of bytes (`ends_with` compares bytes); a text of
    // one byte is looked up after a NUL byte, which no word holds.
    let (x, y) = match *before.as_bytes() {
        [.., x, y] => (x, y),
        [y] => (0, y),
        [] => return false,
    };
    LABEL_WORD_ENDS.contains(x, y) && label_word_ends(before)
}

/// Does `before` end with a label word that starts a word?
fn label_word_ends(before: &str) -> bool {
    LABEL_WORDS.iter().any(|w| {
        before.ends_with(w)
            && !char_before(before, before.len() - w.len())
                .is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Chinese phrases with numerals that are names, not figures: 十四五 (the 14th five-year plan),
/// 二十国集团 (G20), 五年计划 (a five-year plan), 一带一路, 五角大楼.
const NUMBERED_NAMES: &[&str] = &[
    "十一五",
    "十二五",
    "十三五",
    "十四五",
    "十五五",
    "十六五",
    "二十国集团",
    "二十國集團",
    "七国集团",
    "七國集團",
    "八国集团",
    "八國集團",
    "五年计划",
    "五年計劃",
    "五年规划",
    "五年規劃",
    "一带一路",
    "一帶一路",
    "五角大楼",
    "五角大樓",
    "一国两制",
    "一國兩制",
    "三峡",
    "三峽",
    "一度",
    "两度",
    "兩度",
    "三度",
    "再度",
    "一一",
    "十分",
    "一时",
    "一些",
    "一直",
    "一起",
    "一样",
    "一般",
    "一定",
    "一旦",
    "一切",
    "一致",
    "一同",
    "统一",
    "唯一",
    "万一",
    "一方面",
    "一下",
    "一边",
    "一道",
    "一手",
    "一次性",
    "一体化",
    "一线",
    "一系列",
    "一流",
    "千万",
    "万分",
    "一点",
];

/// `bits` (one bit per three-byte character, as `numerals::three_byte_bitmap`) without the
/// second characters of the numbered names that start with one of `firsts`.
pub const fn without_numbered_name_seconds(mut bits: [u64; 1024], firsts: &[char]) -> [u64; 1024] {
    // Every name is of Han characters, three bytes each.
    const fn three(b: &[u8], at: usize) -> u32 {
        (b[at] as u32 & 0x0F) << 12 | (b[at + 1] as u32 & 0x3F) << 6 | (b[at + 2] as u32 & 0x3F)
    }
    let mut i = 0;
    while i < NUMBERED_NAMES.len() {
        let name = NUMBERED_NAMES[i].as_bytes();
        let first = three(name, 0);
        let mut k = 0;
        while k < firsts.len() {
            if firsts[k] as u32 == first {
                let second = three(name, 3);
                bits[(second >> 6) as usize] &= !(1 << (second & 63));
            }
            k += 1;
        }
        i += 1;
    }
    bits
}

/// The second characters of the numbered names (one bit per three-byte character, as
/// `numerals::three_byte_bitmap`): no name starts where the character after the first is none
/// of them (`numbered_name_at`).
static NAME_SECONDS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut i = 0;
    while i < NUMBERED_NAMES.len() {
        // Every name is of Han characters, three bytes each.
        let b = NUMBERED_NAMES[i].as_bytes();
        let second = (b[3] as u32 & 0x0F) << 12 | (b[4] as u32 & 0x3F) << 6 | (b[5] as u32 & 0x3F);
        if let Some(c) = char::from_u32(second) {
            crate::numerals::set_three_byte_bit(&mut bits, c);
        }
        i += 1;
    }
    bits
};

/// Every numbered name is at least two Han characters long (six bytes).
const NAME_KEY_LEN: usize = 6;

/// The first six bytes of `s` (two Han characters) as a number that sorts like the bytes.
fn name_key(s: &[u8]) -> Option<u64> {
    let k = s.get(..NAME_KEY_LEN)?;
    Some(k.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// `NUMBERED_NAMES` sorted by their first two characters, so that the names that can start at
/// a place are found by one binary search instead of comparing every name.
static NAMES_BY_KEY: std::sync::LazyLock<Vec<(u64, &'static str)>> =
    std::sync::LazyLock::new(|| {
        let mut names: Vec<(u64, &'static str)> = NUMBERED_NAMES
            .iter()
            .filter_map(|w| Some((name_key(w.as_bytes())?, *w)))
            .collect();
        names.sort_unstable();
        names
    });

/// Does a named phrase that merely contains numerals start at `pos`? Returns its end.
pub fn numbered_name_at(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    // A name's first six bytes are two Han characters: where the bytes from the fourth on are
    // no second character of a name, none starts here (most numerals: 一个, 三年, 五月), and
    // the names need not be searched.
    match rest.as_bytes() {
        [_, _, _, x0, x1, x2, ..]
            if x0 & 0xF0 == 0xE0
                && crate::numerals::in_three_byte_bitmap(&NAME_SECONDS, *x0, *x1, *x2) => {}
        _ => return None,
    }
    let key = name_key(rest.as_bytes())?;
    let names = &*NAMES_BY_KEY;
    let from = names.partition_point(|(k, _)| *k < key);
    // The longest name that starts here (two equally long ones would be the same name).
    let name = names[from..]
        .iter()
        .take_while(|(k, _)| *k == key)
        .map(|(_, w)| w)
        .filter(|w| rest.starts_with(**w))
        .max_by_key(|w| w.len())?;
    // 一度电 is a kilowatt-hour and 一点五 a decimal: those are figures after all.
    let after = &rest[name.len()..];
    if (*name == "一度" && after.starts_with('电'))
        || (*name == "一点" && after.chars().next().is_some_and(is_chinese_numeral_char))
    {
        return None;
    }
    Some(pos + name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_are_found_on_both_sides() {
        assert_eq!(
            hedge_before("约139亿吨", "约".len()).map(|h| h.2),
            Some(Qualifier::Approx)
        );
        assert_eq!(
            hedge_before("超过80%", "超过".len()).map(|h| h.2),
            Some(Qualifier::MoreThan)
        );
        assert_eq!(
            hedge_before("about 37", 6).map(|h| h.2),
            Some(Qualifier::Approx)
        );
        assert_eq!(hedge_before("roundabout 37", 11), None);
        assert_eq!(
            hedge_after("以上的", 0).map(|h| h.2),
            Some(Qualifier::AtLeast)
        );
        assert_eq!(
            hedge_after(" or more", 0).map(|h| h.2),
            Some(Qualifier::AtLeast)
        );
    }

    #[test]
    fn labels_are_not_claims() {
        assert!(ordinal_is_label("届联合国", 0));
        assert!(ordinal_is_label("次缔约方大会", 0));
        assert!(ordinal_is_label("次评估报告", 0));
        assert!(!ordinal_is_label("次访华", 0));
        assert!(follows_label_word("COP 28", 4));
        assert!(!follows_label_word("about 28", 6));
        assert_eq!(numbered_name_at("十四五规划", 0), Some("十四五".len()));
        assert_eq!(numbered_name_at("一度电", 0), None);
    }

    #[test]
    fn holds_is_contains() {
        let pieces = [
            "会", "议", "大", "会议", "第", "次", "排名", "ranked", "d", "a", " ", "峰",
        ];
        let mut rng = crate::test_rng::Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let len = rng.index(8);
            let window: String = (0..len).map(|_| pieces[rng.index(pieces.len())]).collect();
            for word in MEETING_WORDS
                .iter()
                .chain(RANK_WORDS)
                .chain(&["会", "d", "aa"])
            {
                assert_eq!(
                    holds(&window, word),
                    window.contains(word),
                    "{window:?} {word:?}"
                );
            }
        }
    }

    /// The original definition: every name compared, the longest match kept.
    fn numbered_name_at_naive(text: &str, pos: usize) -> Option<usize> {
        let rest = &text[pos..];
        let name = NUMBERED_NAMES
            .iter()
            .filter(|w| rest.starts_with(**w))
            .max_by_key(|w| w.len())?;
        let after = &rest[name.len()..];
        if (*name == "一度" && after.starts_with('电'))
            || (*name == "一点" && after.chars().next().is_some_and(is_chinese_numeral_char))
        {
            return None;
        }
        Some(pos + name.len())
    }

    #[test]
    fn numbered_names_are_found_as_by_comparing_every_name() {
        assert!(NUMBERED_NAMES.iter().all(|w| w.len() >= NAME_KEY_LEN));
        let mut texts: Vec<String> = Vec::new();
        for w in NUMBERED_NAMES {
            for tail in ["", "电", "五", "x", "计划", "集团", "。"] {
                texts.push(format!("{w}{tail}"));
                // Cut names: a prefix of a name is (mostly) no name.
                let cut: String = w.chars().take(w.chars().count() - 1).collect();
                texts.push(format!("{cut}{tail}"));
            }
        }
        texts.extend(["一", "一一一", "十四五五", "", "ab", "五年", "一次性性"].map(String::from));
        let mut found = 0;
        for t in &texts {
            for (i, _) in t.char_indices() {
                let want = numbered_name_at_naive(t, i);
                assert_eq!(numbered_name_at(t, i), want, "{t:?}@{i}");
                found += usize::from(want.is_some());
            }
        }
        assert!(found > NUMBERED_NAMES.len());
    }

    /// The original definitions of the hedge readers: every word compared.
    fn hedge_before_naive(text: &str, pos: usize) -> Option<(usize, &'static str, Qualifier)> {
        let end = skip_spaces_back(text, pos);
        let before = &text[..end];
        for &(word, q) in HEDGES_BEFORE {
            if ends_with_ci(before, word) {
                let start = end - word.len();
                if word.is_ascii()
                    && char_before(text, start).is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
                if !word.is_ascii() && end != pos {
                    continue;
                }
                return Some((start, word, q));
            }
        }
        None
    }

    fn hedge_after_naive(text: &str, pos: usize) -> Option<(usize, &'static str, Qualifier)> {
        let start = if text[pos..].starts_with(' ') {
            skip_spaces(text, pos)
        } else {
            pos
        };
        let rest = &text[start..];
        for &(word, q) in HEDGES_AFTER {
            if starts_with_ci(rest, word) {
                if word.is_ascii()
                    && (start == pos
                        || char_at(text, start + word.len())
                            .is_some_and(|c| c.is_ascii_alphabetic()))
                {
                    continue;
                }
                if !word.is_ascii() && start != pos {
                    continue;
                }
                return Some((start + word.len(), word, q));
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn ordinal_windows_are_searched_as_by_contains(
            picks in proptest::collection::vec(0usize..1_000, 0..8),
        ) {
            let mut pieces: Vec<&str> = vec!["次", "屆", "第", "大", "x", "。", "会", "é", "名"];
            pieces.extend(MEETING_WORDS);
            pieces.extend(RANK_WORDS);
            let text: String = picks.iter().map(|i| pieces[i % pieces.len()]).collect();
            for p in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                // The originals: the window collected into a String, `str::contains`.
                let rest = &text[p..];
                let label = LABEL_AFTER_ORDINAL.iter().any(|w| rest.starts_with(w))
                    || ((rest.starts_with('次') || rest.starts_with("屆")) && {
                        let window: String = rest.chars().skip(1).take(10).collect();
                        MEETING_WORDS.iter().any(|w| window.contains(w))
                    });
                proptest::prop_assert_eq!(ordinal_is_label(&text, p), label);
                let start = text[..p].char_indices().rev().nth(5).map_or(0, |(i, _)| i);
                let rank = rest.starts_with('大')
                    || rest.starts_with('名')
                    || rest.starts_with("位")
                    || RANK_WORDS.iter().any(|w| text[start..p].contains(w));
                proptest::prop_assert_eq!(ordinal_is_rank(&text, p, p), rank);
            }
        }
    }

    /// The label and separator readers without their byte tests.
    fn follows_label_word_naive(text: &str, pos: usize) -> bool {
        let p = skip_spaces_back(text, pos);
        p != pos && label_word_ends(&text[..p])
    }

    fn range_separator_naive(text: &str, pos: usize) -> Option<usize> {
        separator_at(text, pos, skip_spaces(text, pos))
    }

    /// Text made of the hedge, label and separator words, their pieces and neighbours of their
    /// bytes, so that the byte tests are tried where they pass and where they almost do.
    fn pieces() -> Vec<String> {
        let mut pieces: Vec<String> = ["", " ", "  ", "\t", "x", "5", "吨", "了", "。", "Ab", "é"]
            .map(String::from)
            .to_vec();
        let words = HEDGES_BEFORE
            .iter()
            .chain(HEDGES_AFTER)
            .map(|(w, _)| *w)
            .chain(LABEL_WORDS.iter().copied())
            .chain(RANGE_SEPARATORS)
            .chain(["to ", "TO ", "tO"]);
        for w in words {
            pieces.push(w.to_owned());
            pieces.push(w.to_ascii_uppercase());
            let chars: Vec<char> = w.chars().collect();
            pieces.push(chars[1..].iter().collect());
            pieces.push(chars[..chars.len() - 1].iter().collect());
            // The last character one code point further on.
            let last = chars[chars.len() - 1];
            if let Some(next) = char::from_u32(u32::from(last) + 1) {
                let mut near: String = chars[..chars.len() - 1].iter().collect();
                near.push(next);
                pieces.push(near);
            }
        }
        pieces
    }

    proptest::proptest! {
        #[test]
        fn byte_tests_rule_out_only_places_with_no_word(
            picks in proptest::collection::vec(0usize..10_000, 1..6),
        ) {
            let pieces = pieces();
            let text: String = picks.iter().map(|i| pieces[i % pieces.len()].as_str()).collect();
            for p in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                proptest::prop_assert_eq!(hedge_before(&text, p), hedge_before_naive(&text, p));
                proptest::prop_assert_eq!(hedge_after(&text, p), hedge_after_naive(&text, p));
                proptest::prop_assert_eq!(
                    follows_label_word(&text, p),
                    follows_label_word_naive(&text, p)
                );
                proptest::prop_assert_eq!(
                    range_separator(&text, p),
                    range_separator_naive(&text, p)
                );
            }
        }
    }

    #[test]
    fn every_word_passes_the_byte_tests() {
        for &(w, _) in HEDGES_BEFORE {
            let t = format!("{w}5");
            assert!(hedge_before(&t, w.len()).is_some(), "{w}");
            let t = format!("{}5", w.to_ascii_uppercase());
            assert!(hedge_before(&t, w.len()).is_some(), "{w}");
        }
        for &(w, _) in HEDGES_AFTER {
            let t = if w.is_ascii() {
                format!("5 {w}")
            } else {
                format!("5{w}")
            };
            assert!(hedge_after(&t, 1).is_some(), "{w}");
        }
        for w in LABEL_WORDS {
            assert!(follows_label_word(&format!("{w} 5"), w.len() + 1), "{w}");
        }
        for w in RANGE_SEPARATORS.iter().chain(&["to "]) {
            assert!(may_start_separator(w.as_bytes()), "{w}");
            assert!(range_separator(&format!("5 {w}6"), 1).is_some(), "{w}");
        }
    }

    #[test]
    fn hedges_are_found_as_by_comparing_every_word() {
        assert!(HEDGES_AFTER.iter().all(|(w, _)| w.len() >= 2));
        let mut found = 0;
        for &(word, _) in HEDGES_BEFORE.iter().chain(HEDGES_AFTER) {
            let upper = word.to_ascii_uppercase();
            for w in [word, upper.as_str()] {
                for (pre, post) in [("", ""), ("x", ""), (" ", " "), ("1", "  "), ("了", "")] {
                    let t = format!("{pre}{w}{post}5吨{pre}{w}{post}");
                    for p in 0..=t.len() {
                        if !t.is_char_boundary(p) {
                            continue;
                        }
                        let want = hedge_before_naive(&t, p);
                        assert_eq!(hedge_before(&t, p), want, "before {t:?}@{p}");
                        found += usize::from(want.is_some());
                        let want = hedge_after_naive(&t, p);
                        assert_eq!(hedge_after(&t, p), want, "after {t:?}@{p}");
                        found += usize::from(want.is_some());
                    }
                }
            }
        }
        assert!(found > 2 * (HEDGES_BEFORE.len() + HEDGES_AFTER.len()));
    }
}
