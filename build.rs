//! Embeds every file under `rules/` in the binary, so `emcheck check x.md` works from any
//! directory with the default rules; `--rules DIR` adds to or overrides them at run time.
//! The list files (entities, metrics, events, facts) are also embedded as JSON, entry by entry,
//! so start-up parses JSON instead of YAML; a file whose YAML does not parse is left to the
//! run-time YAML reader, which reports it with its place.

#[path = "src/catalog/spans.rs"]
mod spans;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = manifest.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    let mut code = String::from(
        "/// Every file under rules/, by path relative to it.\npub static EMBEDDED_RULES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path
            .strip_prefix(&rules)
            .expect("under rules/")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    code.push_str(
        "/// The list files of rules/ as JSON arrays of their entries (see catalog::embedded_items).\npub static EMBEDDED_JSON: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let rel = path
            .strip_prefix(&rules)
            .expect("under rules/")
            .to_string_lossy()
            .replace('\\', "/");
        let is_list = matches!(
            rel.as_str(),
            "entities.yaml" | "metrics.yaml" | "events.yaml"
        ) || rel.starts_with("facts/");
        if !is_list {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read rule file");
        if let Some(json) = as_json(&text) {
            writeln!(code, "    ({rel:?}, {json:?}),").expect("write to string");
        }
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("embedded_rules.rs");
    std::fs::write(out, code).expect("write embedded_rules.rs");
}

/// The entries of a list file as one JSON array, or `None` if an entry does not parse.
fn as_json(text: &str) -> Option<String> {
    let mut items = Vec::new();
    for span in spans::item_spans(text) {
        let mut list: Vec<serde_yaml::Value> = serde_yaml::from_str(&text[span]).ok()?;
        if list.len() != 1 {
            return None;
        }
        items.push(serde_json::to_value(list.remove(0)).ok()?);
    }
    serde_json::to_string(&items).ok()
}
