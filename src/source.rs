//! Input: turns command-line paths, stdin and `--docs-jsonl` records into decoded documents.
//! Bytes are decoded from UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK;
//! a binary or undecodable input becomes an `InputError` that names it, and the other inputs
//! are still read.

use crate::normalize::Format;

/// One article, decoded.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path as given, or the document id of a `--docs-jsonl` record, or `-` for stdin.
    pub name: String,
    /// The text, decoded to UTF-8. Claim spans are byte offsets into this text; for UTF-8
    /// input (with or without BOM) they are also byte offsets into the file.
    pub text: String,
    /// The format the document is read as.
    pub format: Format,
}

/// An input that could not be read. `name` is the path or document id; `message` says why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {message}")]
pub struct InputError {
    /// The path, document id or `-`.
    pub name: String,
    /// What went wrong, for a person.
    pub message: String,
}
