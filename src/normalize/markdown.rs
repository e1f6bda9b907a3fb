//! Markdown documents.

use super::Normalized;

/// Normalizes a Markdown document.
pub fn normalize_markdown(original: &str) -> Normalized {
    super::text::normalize_text(original)
}
