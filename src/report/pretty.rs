//! Pretty-printed JSON documents written a piece at a time, byte for byte what
//! `serde_json::to_writer_pretty` writes for the whole value: a template (the document with
//! the streamed array replaced by a hole) is rendered once and split at the hole, and the
//! array's items are rendered one by one at the hole's depth. Reporters use it to write one
//! document or finding at a time instead of holding all of them.

use serde::Serialize;
use serde_json::Value as Json;
use std::io::{self, Write};

/// Stands for the streamed array in a template.
pub const HOLE: &str = "\u{1}emcheck-streamed-array\u{1}";

/// A template rendered and split at its hole.
pub struct Template {
    /// Everything before the array.
    pub before: String,
    /// Everything after it.
    pub after: String,
    /// The indent of the array's items.
    pub indent: usize,
}

impl Template {
    /// Renders `template` (which holds `HOLE` once, as a string value) as if it were nested
    /// `depth` spaces deep, and splits it at the hole.
    pub fn split(template: &Json, depth: usize) -> Template {
        let rendered = indent(&pretty(template), depth);
        let hole = serde_json::to_string(HOLE).expect("a string serializes");
        let at = rendered
            .find(&hole)
            .expect("the template holds the hole once");
        let line_start = rendered[..at].rfind('\n').map_or(0, |i| i + 1);
        let hole_depth = rendered[line_start..at]
            .bytes()
            .take_while(|&b| b == b' ')
            .count();
        // The hole sits after `"key": ` on its line, or alone on it as an array item.
        let depth_of_line = if line_start == 0 { depth } else { hole_depth };
        Template {
            before: rendered[..at].to_owned(),
            after: rendered[at + hole.len()..].to_owned(),
            indent: depth_of_line + 2,
        }
    }
}

/// `value` as `serde_json::to_string_pretty` writes it.
pub fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).expect("plain JSON values serialize")
}

/// `text` with every line after the first indented by `depth` spaces (JSON strings hold no
/// raw line breaks, so only the layout's own breaks are touched).
pub fn indent(text: &str, depth: usize) -> String {
    if depth == 0 {
        return text.to_owned();
    }
    text.replace('\n', &format!("\n{}", " ".repeat(depth)))
}

/// A pretty JSON array whose items are written one at a time.
pub struct Array {
    indent: usize,
    items: usize,
}

impl Array {
    /// An array whose items sit `indent` spaces deep.
    pub fn new(indent: usize) -> Array {
        Array { indent, items: 0 }
    }

    /// The depth of the items, to render them (see `indent`).
    pub fn depth(&self) -> usize {
        self.indent
    }

    /// Writes what goes before the next item: the opening bracket or a comma, a line break
    /// and the indent. The caller then writes the item, rendered `depth()` deep.
    pub fn next_item(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.items == 0 { b"[\n" } else { b",\n" })?;
        self.items += 1;
        out.write_all(" ".repeat(self.indent).as_bytes())
    }

    /// Writes one item.
    pub fn item(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        self.next_item(out)?;
        out.write_all(indent(&pretty(value), self.indent).as_bytes())
    }

    /// Closes the array (`[]` when it has no items).
    pub fn close(self, out: &mut dyn Write) -> io::Result<()> {
        if self.items == 0 {
            return out.write_all(b"[]");
        }
        write!(out, "\n{}]", " ".repeat(self.indent - 2))
    }
}

/// A whole document with one streamed array: `begin` writes what comes before the array,
/// `items` takes the items, `finish` closes the array and writes the rest and a line break.
pub struct Streamed {
    /// The streamed array.
    pub items: Array,
    after: String,
}

impl Streamed {
    /// Writes the part of `template` before its hole.
    pub fn begin(out: &mut dyn Write, template: &Json) -> io::Result<Streamed> {
        let t = Template::split(template, 0);
        out.write_all(t.before.as_bytes())?;
        Ok(Streamed {
            items: Array::new(t.indent),
            after: t.after,
        })
    }

    /// Closes the array and writes the rest of the template given to `begin`.
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        let Streamed { items, after } = self;
        items.close(out)?;
        out.write_all(after.as_bytes())?;
        out.write_all(b"\n")
    }

    /// Closes the array and writes the rest of `template` instead (its part before the hole
    /// must be the same as that of the template given to `begin`: totals known at the end).
    pub fn finish_as(mut self, out: &mut dyn Write, template: &Json) -> io::Result<()> {
        self.after = Template::split(template, 0).after;
        self.finish(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn streamed(items: &[Json], inner: bool) -> String {
        let mut out = Vec::new();
        let t = Template::split(&json!({"a": 1, "list": HOLE, "z": {"k": [1, 2]}}), 0);
        out.extend_from_slice(t.before.as_bytes());
        let mut outer = Array::new(t.indent);
        for item in items {
            if inner {
                outer.next_item(&mut out).unwrap();
                let it = Template::split(&json!({"name": item, "sub": HOLE}), outer.depth());
                out.extend_from_slice(it.before.as_bytes());
                let mut sub = Array::new(it.indent);
                for x in 0..item.as_u64().unwrap() {
                    sub.item(&mut out, &json!({"x": x, "s": "a\nb"})).unwrap();
                }
                sub.close(&mut out).unwrap();
                out.extend_from_slice(it.after.as_bytes());
            } else {
                outer.item(&mut out, item).unwrap();
            }
        }
        outer.close(&mut out).unwrap();
        out.extend_from_slice(t.after.as_bytes());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streamed_arrays_match_the_whole_document() {
        for n in [0, 1, 3] {
            let items: Vec<Json> = (0..n).map(|i| json!({"i": i, "v": [i, {}]})).collect();
            let whole = pretty(&json!({"a": 1, "list": items, "z": {"k": [1, 2]}}));
            assert_eq!(streamed(&items, false), whole);
            let counts: Vec<Json> = (0..n).map(|i| json!(i)).collect();
            let nested: Vec<Json> = counts
                .iter()
                .map(|c| {
                    let sub: Vec<Json> = (0..c.as_u64().unwrap())
                        .map(|x| json!({"x": x, "s": "a\nb"}))
                        .collect();
                    json!({"name": c, "sub": sub})
                })
                .collect();
            let whole = pretty(&json!({"a": 1, "list": nested, "z": {"k": [1, 2]}}));
            assert_eq!(streamed(&counts, true), whole);
        }
    }
}
