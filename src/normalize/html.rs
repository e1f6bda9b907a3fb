//! HTML pages and fragments.

use super::Normalized;

/// Normalizes an HTML document.
pub fn normalize_html(original: &str) -> Normalized {
    super::text::normalize_text(original)
}
