//! Inputs the fuzzers (`fuzz/`, run by `.ci/fuzz`) found crashes with, replayed through the
//! same harnesses, so each bug stays fixed. The harnesses are `fuzz/src/lib.rs`, included
//! here: a test checks exactly the invariants the fuzz target checked.
//!
//! To add a crash: minimize it (`RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none TARGET FILE`), then
//! add a test below that runs the minimized bytes through `harness::TARGET`. Besides the
//! crashes, this file checks that the harnesses pass on real inputs.

#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;

/// The harnesses themselves, on a seed each, so they keep compiling and passing with the
/// library: `cargo test` never builds `fuzz/`.
#[test]
fn harnesses_pass_on_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read(root.join(p)).unwrap();
    for (prefix, file) in [
        (b'0', "fixtures/extract/seed-000-jiemian.txt"),
        (b'1', "fixtures/extract/draft-emissions.md"),
        (b';', "fixtures/extract/seed-004-voa.html"),
    ] {
        let mut input = vec![prefix];
        input.extend(read(file));
        harness::normalize_extract(&input);
    }
    for (i, rel) in harness::RULE_FILES.iter().enumerate() {
        let file = match *rel {
            "facts/x.yaml" => "rules/facts/people.yaml".to_owned(),
            "checks/x.yaml" => "rules/checks/weekday-mismatch.yaml".to_owned(),
            other => format!("rules/{other}"),
        };
        let mut input = vec![b'0' + i as u8];
        input.extend(read(&file));
        harness::rules_load(&input);
    }
    harness::config_load(&read("fixtures/config/newsroom/emcheck.yaml"));
    harness::config_load(b"rules:\n  select: [no-such-rule]\n");
    harness::directives(&read("fixtures/suppressions/article.md"));
}

/// normalize_extract, 2026-11-24 (CI's fuzz run at cc87f2d; the bug was older): a figure of 23
/// digits glossed by a larger unit (55555555555555555555555瓦(gigawatts)) overflowed
/// `Decimal` in the unit-gloss check, which panicked. So did the ratio and the difference of
/// a figure and its 相当于 equivalent at the ends of `Decimal`'s range. Each now gives no
/// finding rather than a crash.
#[test]
fn unit_gloss_at_the_ends_of_decimal_does_not_panic() {
    for text in [
        // The fuzzer's input, minimized by hand: Markdown (`1`), the figure and its gloss.
        "1总计106百万55555555555555555555555瓦(gigawatts)的发电量。",
        "1总计55555555555555555555555瓦(gigawatts)。",
        // The ratio of a huge figure to a tiny one.
        "0排放5000000000000000000000000000吨，相当于0.001吨。",
        "02022年排放500000000000000000000亿吨，相当于0.001吨。",
        "0排放50000000000000000000000000吨，即0.000001吨。",
    ] {
        harness::normalize_extract(text.as_bytes());
    }
}

/// normalize_extract, 2026-11-24 (CI's fuzz run at 94333c4; the bug was older): a figure of 27
/// digits in a unit with a factor (111…111kW·h, 1,000 Wh each) overflowed `Decimal` when its
/// value was put in the canonical unit, and the figure reader panicked. Such a figure is now
/// no claim; a range whose low end overflows so is no range.
#[test]
fn a_figure_past_decimal_in_its_canonical_unit_is_no_claim() {
    // The fuzzer's input (HTML, `2`), cut to the paragraph that crashed.
    harness::normalize_extract(
        "2<p>星期四（11月振华结111111111111111111111111111kW·h1111111束了or larger</p>".as_bytes(),
    );
    let catalog = emcheck::catalog::Catalog::builtin();
    let claims = |text: &str| {
        let doc = emcheck::source::Document {
            name: "t.txt".into(),
            text: text.into(),
            format: emcheck::normalize::Format::Text,
        };
        emcheck::extract_document(&doc, None, catalog).claims
    };
    assert!(claims("111111111111111111111111111kW·h").is_empty());
    // A digit fewer fits: the claim is read, in Wh.
    let fits = claims("11111111111111111111111111kW·h");
    assert_eq!(fits.len(), 1);
    assert_eq!(fits[0].unit.as_deref(), Some("Wh"));
    // The high end of a range whose low end overflows is read alone.
    let high = claims("111111111111111111111111111至5kW·h");
    assert_eq!(high.len(), 1);
    assert_eq!(
        &"111111111111111111111111111至5kW·h"[high[0].span.clone()],
        "5kW·h"
    );
}
