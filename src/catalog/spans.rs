//! Where the entries of a list file start and end: each line that begins with `- ` at the
//! left margin starts one. Shared with build.rs, which turns the embedded list files into JSON
//! entry by entry, so this file uses only `std`.

/// Byte ranges of the top-level items of a YAML list file (lines starting with `- `).
pub fn item_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut starts: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("- ") || line.trim_end() == "-" {
            starts.push(offset);
        }
        offset += line.len();
    }
    let mut spans = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        // Trim trailing blank and comment lines.
        let body = text[s..end].trim_end();
        spans.push(s..s + body.len());
    }
    spans
}
