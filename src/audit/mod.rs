//! `emcheck audit`: a batch audit of many articles with a report. `run.rs` reads the inputs in
//! chunks, checks them on all cores, spills each article's results to a temporary file and
//! compares statements across articles; `model.rs` holds the report's plain data; `html.rs`,
//! `markdown.rs` and `json.rs` write it (one self-contained HTML file with inline SVG charts,
//! Markdown, or JSON), streaming one article at a time.

pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod run;
mod svg;
