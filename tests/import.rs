//! The generated facts files in `rules/facts/` (`gcb-2022.yaml`, `jones-2023.yaml`): they load
//! into the catalog without errors, hold the figures of the datasets, and equal what the
//! importer makes from the datasets' CSV files when those are beside the clone
//! (`../shared/reference-data`).
//!
//! Regenerate them after changing the importer or `entities.yaml`:
//! `EMCHECK_REGENERATE=1 cargo test --test import` (needs the CSV files), then run the tests
//! again so the catalog embeds the new files.

use emcheck::catalog::facts::{FactValue, Period};
use emcheck::catalog::import::import;
use emcheck::catalog::{Catalog, Location, RuleError, RuleFile};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

/// (dataset, CSV path under the shared reference data, generated file under rules/).
const GENERATED: &[(&str, &str, &str)] = &[
    (
        "gcb-2022",
        "gcb-2022/GCB2022v27_MtCO2_flat.csv",
        "facts/gcb-2022.yaml",
    ),
    (
        "jones-2023",
        "owid/total-ghg-emissions-jones2023.csv",
        "facts/jones-2023.yaml",
    ),
];

const YEARS: std::ops::RangeInclusive<i32> = 1990..=2021;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn reference_data() -> PathBuf {
    manifest().join("../shared/reference-data")
}

fn catalog() -> Catalog {
    let (catalog, _) = Catalog::load(&[]);
    catalog.expect("the embedded catalog loads")
}

fn is_generated(file_name: &str) -> bool {
    GENERATED
        .iter()
        .any(|(_, _, rel)| file_name.ends_with(&format!("rules/{rel}")))
}

/// The file a catalog error message names (`rules/facts/x.yaml:12: …`).
fn error_file(message: &str) -> &str {
    message.split(':').next().unwrap_or("")
}

#[test]
fn generated_files_equal_the_importer_output() {
    let regenerate = std::env::var("EMCHECK_REGENERATE").is_ok_and(|v| v == "1");
    let entities = catalog().entities;
    for (dataset, csv_rel, rel) in GENERATED {
        let target = manifest().join("rules").join(rel);
        let csv_path = reference_data().join(csv_rel);
        let csv = std::fs::read_to_string(&csv_path);
        if regenerate {
            let csv = csv.unwrap_or_else(|e| panic!("{}: {e}", csv_path.display()));
            let yaml = import(dataset, &csv, &entities, YEARS).unwrap();
            std::fs::write(&target, yaml).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&target)
            .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        assert!(
            committed.starts_with("# Reference facts imported from")
                && committed.contains(&format!(
                    "emcheck facts import {dataset} <csv> --years 1990..2021 > rules/{rel}"
                )),
            "{rel}: the header does not say how the file was generated"
        );
        // Without the dataset (offline, or no shared folder) only the committed file is checked.
        let Ok(csv) = csv else { continue };
        let fresh = import(dataset, &csv, &entities, YEARS).unwrap();
        assert!(
            committed == fresh,
            "{rel} differs from what the importer makes of {}: regenerate it with \
             EMCHECK_REGENERATE=1 cargo test --test import",
            csv_path.display()
        );
    }
}

#[test]
fn generated_files_load_without_errors() {
    let (catalog, errors) = Catalog::load(&[]);
    let mine: Vec<String> = errors
        .iter()
        .map(|e| e.message.clone())
        .filter(|m| is_generated(m.split(':').next().unwrap_or("")))
        .collect();
    assert!(
        mine.is_empty(),
        "errors in generated facts files: {mine:#?}"
    );
    let catalog = catalog.expect("catalog loads");
    for (_, _, rel) in GENERATED {
        let n = catalog
            .facts
            .iter()
            .filter(|f| f.location.file_name.ends_with(&format!("rules/{rel}")))
            .count();
        assert!(n > 0, "no facts loaded from {rel}");
    }
}

fn value_of(catalog: &Catalog, entity: &str, metric: &str, id: &str) -> Decimal {
    let fact = catalog
        .facts_for(entity, metric)
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no fact {id} for {entity} {metric}"));
    assert_eq!(
        fact.period,
        Some(Period::Year(id[id.len() - 4..].parse().unwrap()))
    );
    match fact.value {
        FactValue::Number(v) => v,
        ref other => panic!("{id}: {other:?}"),
    }
}

#[test]
fn generated_facts_hold_the_dataset_figures() {
    let catalog = catalog();
    let d = |s: &str| Decimal::from_str(s).unwrap();
    // GCB 2022, China 2021: 11472.369171 Mt CO2 (README: 11.47 Gt) of a global 37123.850352 Mt.
    let co2 = value_of(&catalog, "china", "co2", "gcb2022-co2-chn-2021");
    assert_eq!(co2, d("11472369171"));
    let fact = catalog
        .facts_for("china", "co2")
        .find(|f| f.id == "gcb2022-co2-chn-2021")
        .unwrap();
    assert_eq!(fact.unit, "t");
    assert_eq!(fact.gas.as_deref(), Some("CO2"));
    assert_eq!(fact.source.dataset.as_deref(), Some("GCB 2022"));
    assert!(fact.tolerance.is_none(), "tolerance is the metric's");
    assert_eq!(
        value_of(&catalog, "world", "co2", "gcb2022-co2-wld-2021"),
        d("37123850352")
    );
    assert_eq!(
        value_of(&catalog, "china", "co2-share", "gcb2022-co2-share-chn-2021"),
        d("30.9")
    );
    // USA 2018: 5377 / 36826.5066 Mt.
    let us = value_of(&catalog, "us", "co2-share", "gcb2022-co2-share-usa-2018");
    assert!(us > d("14") && us < d("15.5"), "{us}");
    // Jones 2023, China 2021: 13710636000 t CO2e (README: 13.71 Gt).
    assert_eq!(
        value_of(
            &catalog,
            "china",
            "ghg-total",
            "jones2023-ghg-total-chn-2021"
        ),
        d("13710636000")
    );
    assert!(
        catalog
            .facts_for("eu", "ghg-total")
            .any(|f| f.id == "jones2023-ghg-total-eu27-2021")
    );
    // GCB has no EU-27 row.
    assert!(
        catalog
            .facts_for("eu", "co2")
            .all(|f| !f.id.starts_with("gcb2022-"))
    );
}

#[test]
fn errors_in_generated_files_are_recognised() {
    // Guards the filter of `generated_files_load_without_errors`: the messages the catalog
    // makes for an item of a generated file, and for the whole file, are attributed to it.
    let file = RuleFile {
        name: "rules/facts/gcb-2022.yaml".into(),
        rel: "facts/gcb-2022.yaml".into(),
        text: Arc::from("- id: x\n"),
    };
    let location = Location {
        file: 0,
        file_name: file.name.clone(),
        span: 0..7,
        line: 1,
    };
    let messages = [
        RuleError::new(&file, 0..7, "not valid YAML".into()).message,
        RuleError::at(&file, &location, Some("value"), "bad value".into()).message,
    ];
    for m in &messages {
        assert!(is_generated(error_file(m)), "{m}");
    }
    assert!(!is_generated(error_file(
        "rules/facts/other.yaml:3: unknown metric"
    )));
}
