//! Dataset importers: turn a public dataset (a CSV file as its publisher releases it) into a
//! reference-facts file for `rules/facts/`, so the facts can be refreshed when a new release
//! comes out. `emcheck facts import DATASET CSV --years A..B > rules/facts/DATASET.yaml`.
//!
//! Only entities with an `iso3` code in `entities.yaml` are imported. Values are converted to
//! the metric's canonical unit with exact decimal arithmetic (never floating point) and
//! written as decimal strings without exponent. The output is deterministic: the same CSV,
//! entities and years give the same text, byte for byte.

use super::subjects::Entity;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::RangeInclusive;

/// The datasets the importer knows, by the id `emcheck facts import` takes.
pub const DATASETS: &[&str] = &["gcb-2022", "jones-2023"];

/// Where a dataset comes from, as written in each fact's `source`.
struct SourceInfo {
    title: &'static str,
    url: &'static str,
    published: &'static str,
    dataset: &'static str,
}

/// A series of facts a dataset yields.
enum Series {
    /// The value column itself, times the dataset's scale.
    Value {
        metric: &'static str,
        unit: &'static str,
        gas: &'static str,
        scope: &'static str,
    },
    /// The value as a percentage of the global row's value for the same year, to 0.1 %.
    ShareOfGlobal {
        metric: &'static str,
        scope: &'static str,
    },
}

/// How to read one dataset.
struct Dataset {
    id: &'static str,
    /// Prefix of the fact ids (`gcb2022`).
    id_prefix: &'static str,
    /// The file name the publisher uses.
    file: &'static str,
    source: SourceInfo,
    /// Column headers: entity name, code, year, value.
    name_col: &'static str,
    code_col: &'static str,
    year_col: &'static str,
    value_col: &'static str,
    /// Unit of the value column, for the header.
    value_unit: &'static str,
    /// Factor from the value column's unit to tonnes.
    scale: i64,
    /// Rows whose code is not an ISO code: (code, name, iso3 used in entities.yaml). An empty
    /// code matches on the name.
    aliases: &'static [(&'static str, &'static str, &'static str)],
    /// The iso3 (after aliases) of the row that shares are computed against.
    global_iso3: &'static str,
    series: &'static [Series],
}

const GCB_2022: Dataset = Dataset {
    id: "gcb-2022",
    id_prefix: "gcb2022",
    file: "GCB2022v27_MtCO2_flat.csv",
    source: SourceInfo {
        title: "Global Carbon Budget 2022, national fossil CO2 emissions (GCB2022v27)",
        url: "https://doi.org/10.5281/zenodo.7215364",
        published: "2022-11",
        dataset: "GCB 2022",
    },
    name_col: "Country",
    code_col: "ISO 3166-1 alpha-3",
    year_col: "Year",
    value_col: "Total",
    value_unit: "Mt CO2",
    scale: 1_000_000,
    aliases: &[],
    global_iso3: "WLD",
    series: &[
        Series::Value {
            metric: "co2",
            unit: "t",
            gas: "CO2",
            scope: "fossil fuels and industry (cement, flaring, other)",
        },
        Series::ShareOfGlobal {
            metric: "co2-share",
            scope: "share of global fossil CO2 incl. international bunkers in the global total",
        },
    ],
};

const JONES_2023: Dataset = Dataset {
    id: "jones-2023",
    id_prefix: "jones2023",
    file: "total-ghg-emissions-jones2023.csv",
    source: SourceInfo {
        title: "Jones et al. (2023), national contributions to climate change, via Our World in Data",
        url: "https://doi.org/10.1038/s41597-023-02041-1",
        published: "2023-03",
        dataset: "Jones 2023",
    },
    name_col: "Entity",
    code_col: "Code",
    year_col: "Year",
    value_col: "Annual greenhouse gas emissions in CO2 equivalents",
    value_unit: "t CO2e",
    scale: 1,
    aliases: &[
        ("OWID_WRL", "World", "WLD"),
        ("", "European Union (27)", "EU27"),
    ],
    global_iso3: "WLD",
    series: &[Series::Value {
        metric: "ghg-total",
        unit: "t",
        gas: "CO2e",
        scope: "incl. land use, GWP100",
    }],
};

fn dataset(id: &str) -> Option<&'static Dataset> {
    [&GCB_2022, &JONES_2023].into_iter().find(|d| d.id == id)
}

/// Parses a `--years` argument: `1990..2021` (inclusive) or a single year `2021`.
pub fn parse_years(s: &str) -> Result<RangeInclusive<i32>, String> {
    let bad = || format!("`{s}` is not a year (2021) or an inclusive span of years (1990..2021)");
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim().trim_start_matches('=')),
        None => (s.trim(), s.trim()),
    };
    let (a, b): (i32, i32) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
    if a > b {
        return Err(bad());
    }
    Ok(a..=b)
}

/// One row of the dataset that belongs to a known entity.
struct Row {
    /// The value as written in the CSV (in the dataset's unit).
    raw: Decimal,
    /// The line in the CSV, for messages.
    line: u64,
}

/// Imports `dataset` (one of [`DATASETS`]) from the text of its CSV file and returns the YAML
/// text of a facts file: a header comment (dataset, source, how to regenerate, what was not
/// imported), then one fact per entity, metric and year in `years`, sorted by id.
///
/// `entities` are the catalog's (`Catalog::entities`): only those with an `iso3` code are
/// imported, and rows whose code names none of them are skipped.
pub fn import(
    dataset_id: &str,
    csv_text: &str,
    entities: &BTreeMap<String, Entity>,
    years: RangeInclusive<i32>,
) -> Result<String, String> {
    let ds = dataset(dataset_id).ok_or_else(|| {
        format!(
            "unknown dataset `{dataset_id}` (known: {})",
            DATASETS.join(", ")
        )
    })?;
    // iso3 → entity id.
    let mut by_iso3: BTreeMap<&str, &str> = BTreeMap::new();
    for e in entities.values() {
        if let Some(code) = e.iso3.as_deref()
            && let Some(other) = by_iso3.insert(code, &e.id)
        {
            return Err(format!(
                "entities `{other}` and `{}` have the same iso3 `{code}` in entities.yaml",
                e.id
            ));
        }
    }
    let rows = read_rows(ds, csv_text, &by_iso3, &years)?;

    let mut facts: Vec<(String, String)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let global = rows.get(ds.global_iso3);
    let scale = Decimal::from(ds.scale);
    for (&iso3, &entity) in &by_iso3 {
        let Some(values) = rows.get(iso3) else {
            notes.push(format!("{entity} ({iso3}): not in the dataset, no facts"));
            continue;
        };
        let missing: Vec<i32> = years.clone().filter(|y| !values.contains_key(y)).collect();
        if !missing.is_empty() {
            notes.push(format!(
                "{entity} ({iso3}): no value for {}",
                spans(&missing)
            ));
        }
        for series in ds.series {
            if let Series::ShareOfGlobal { metric, .. } = series {
                if iso3 == ds.global_iso3 {
                    notes.push(format!(
                        "{entity} ({iso3}): no {metric} (100 % by definition)"
                    ));
                    continue;
                }
                let no_global: Vec<i32> = values
                    .keys()
                    .copied()
                    .filter(|y| {
                        global
                            .and_then(|g| g.get(y))
                            .is_none_or(|g| g.raw.is_zero())
                    })
                    .collect();
                if !no_global.is_empty() {
                    notes.push(format!(
                        "{entity} ({iso3}): no {metric} for {} (no global total)",
                        spans(&no_global)
                    ));
                }
            }
            for (&year, row) in values {
                let id = format!(
                    "{}-{}-{}-{year}",
                    ds.id_prefix,
                    series_metric(series),
                    iso3.to_lowercase()
                );
                let entry = match series {
                    Series::Value {
                        metric,
                        unit,
                        gas,
                        scope,
                    } => {
                        let value = row.raw.checked_mul(scale).ok_or_else(|| {
                            format!("{}: line {}: value out of range", ds.file, row.line)
                        })?;
                        fact_yaml(
                            &id,
                            entity,
                            metric,
                            year,
                            value.normalize(),
                            unit,
                            Some(gas),
                            scope,
                            None,
                            ds,
                        )
                    }
                    Series::ShareOfGlobal { metric, scope } => {
                        let Some(g) = global
                            .and_then(|g| g.get(&year))
                            .filter(|g| !g.raw.is_zero())
                        else {
                            continue;
                        };
                        let mut share = row
                            .raw
                            .checked_mul(Decimal::ONE_HUNDRED)
                            .and_then(|v| v.checked_div(g.raw))
                            .ok_or_else(|| {
                                format!("{}: line {}: share out of range", ds.file, row.line)
                            })?
                            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
                        share.rescale(1);
                        let note = format!(
                            "computed from {} totals: {} of {} {} (global)",
                            ds.source.dataset, row.raw, g.raw, ds.value_unit
                        );
                        fact_yaml(
                            &id,
                            entity,
                            metric,
                            year,
                            share,
                            "%",
                            None,
                            scope,
                            Some(&note),
                            ds,
                        )
                    }
                };
                facts.push((id, entry));
            }
        }
    }
    facts.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = facts.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("{}: two facts with the id `{}`", ds.file, w[0].0));
    }

    let mut out = header(ds, &years, facts.len(), &notes);
    for (_, entry) in &facts {
        out.push_str(entry);
    }
    Ok(out)
}

fn series_metric(series: &Series) -> &'static str {
    match series {
        Series::Value { metric, .. } | Series::ShareOfGlobal { metric, .. } => metric,
    }
}

/// Reads the CSV: iso3 → year → row, for the rows of known entities within `years`.
fn read_rows(
    ds: &Dataset,
    csv_text: &str,
    by_iso3: &BTreeMap<&str, &str>,
    years: &RangeInclusive<i32>,
) -> Result<BTreeMap<String, BTreeMap<i32, Row>>, String> {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: {e}", ds.file))?
        .clone();
    let col = |name: &str| -> Result<usize, String> {
        headers.iter().position(|h| h.trim() == name).ok_or_else(|| {
            format!(
                "{}: the CSV has no column `{name}` (expected the columns `{}`, `{}`, `{}` and `{}` of {}; found: {})",
                ds.id,
                ds.name_col,
                ds.code_col,
                ds.year_col,
                ds.value_col,
                ds.file,
                headers.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")
            )
        })
    };
    let (name_i, code_i, year_i, value_i) = (
        col(ds.name_col)?,
        col(ds.code_col)?,
        col(ds.year_col)?,
        col(ds.value_col)?,
    );
    let mut rows: BTreeMap<String, BTreeMap<i32, Row>> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", ds.file))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let (name, code) = (field(name_i), field(code_i));
        let alias = ds.aliases.iter().find(|(c, n, _)| {
            if c.is_empty() {
                code.is_empty() && name == *n
            } else {
                code == *c
            }
        });
        let iso3 = alias.map_or(code, |a| a.2);
        // The global row is read even without a world entity: shares need it.
        if iso3.is_empty() || !(by_iso3.contains_key(iso3) || iso3 == ds.global_iso3) {
            continue;
        }
        let year: i32 = field(year_i).parse().map_err(|_| {
            format!(
                "{}: line {line}: year `{}` is not a whole number",
                ds.file,
                field(year_i)
            )
        })?;
        if !years.contains(&year) {
            continue;
        }
        let text = field(value_i);
        if text.is_empty() {
            continue;
        }
        let raw = Decimal::from_str_exact(text)
            .or_else(|_| Decimal::from_scientific(text))
            .map_err(|e| {
                format!(
                    "{}: line {line}: value `{text}` is not a decimal: {e}",
                    ds.file
                )
            })?;
        let by_year = rows.entry(iso3.to_owned()).or_default();
        if let Some(prev) = by_year.insert(year, Row { raw, line }) {
            return Err(format!(
                "{}: lines {} and {line}: two rows for {iso3} {year}",
                ds.file, prev.line
            ));
        }
    }
    Ok(rows)
}

/// `1990..1992, 1995` for a sorted list of years.
fn spans(years: &[i32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            years[i].to_string()
        } else {
            format!("{}..{}", years[i], years[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

fn header(ds: &Dataset, years: &RangeInclusive<i32>, count: usize, notes: &[String]) -> String {
    let span = format!("{}..{}", years.start(), years.end());
    let metrics: Vec<&str> = ds.series.iter().map(series_metric).collect();
    let mut h = String::new();
    let _ = writeln!(
        h,
        "# Reference facts imported from {}: {}.",
        ds.source.dataset, ds.source.title
    );
    let _ = writeln!(
        h,
        "# Source: {} (published {}), file {} ({}).",
        ds.source.url, ds.source.published, ds.file, ds.value_unit
    );
    let _ = writeln!(h, "# GENERATED: do not edit by hand. Regenerate with");
    let _ = writeln!(
        h,
        "#   emcheck facts import {} <csv> --years {span} > rules/facts/{}.yaml",
        ds.id, ds.id
    );
    let _ = writeln!(
        h,
        "# where <csv> is the dataset's {} (or, for every generated file: EMCHECK_REGENERATE=1 cargo test --test import).",
        ds.file
    );
    let _ = writeln!(
        h,
        "# Years {span}; metrics {}; entities with an iso3 in entities.yaml; {count} facts.",
        metrics.join(", ")
    );
    if notes.is_empty() {
        let _ = writeln!(h, "# Everything requested was imported.");
    } else {
        let _ = writeln!(h, "# Not imported:");
        for n in notes {
            let _ = writeln!(h, "# - {n}");
        }
    }
    h
}

#[allow(clippy::too_many_arguments)]
fn fact_yaml(
    id: &str,
    entity: &str,
    metric: &str,
    year: i32,
    value: Decimal,
    unit: &str,
    gas: Option<&str>,
    scope: &str,
    note: Option<&str>,
    ds: &Dataset,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "- id: {}", scalar(id));
    let _ = writeln!(s, "  entity: {}", scalar(entity));
    let _ = writeln!(s, "  metric: {}", scalar(metric));
    let _ = writeln!(s, "  period: {year}");
    let _ = writeln!(s, "  value: \"{value}\"");
    let _ = writeln!(s, "  unit: {}", scalar(unit));
    if let Some(g) = gas {
        let _ = writeln!(s, "  gas: {}", scalar(g));
    }
    let _ = writeln!(s, "  scope: {}", scalar(scope));
    let src = &ds.source;
    let _ = writeln!(
        s,
        "  source: {{title: {}, url: {}, published: {}, dataset: {}}}",
        quoted(src.title),
        quoted(src.url),
        quoted(src.published),
        quoted(src.dataset)
    );
    if let Some(n) = note {
        let _ = writeln!(s, "  note: {}", scalar(n));
    }
    s
}

/// A YAML scalar: bare when it is a plain word (`co2`, `t`, `CO2e`), else double-quoted.
fn scalar(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off"
        );
    if plain { s.to_owned() } else { quoted(s) }
}

/// A double-quoted YAML scalar (JSON string syntax is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, iso3: Option<&str>) -> (String, Entity) {
        let e = Entity {
            id: id.into(),
            kind: "country".into(),
            names: vec![id.into()],
            iso3: iso3.map(Into::into),
        };
        (id.into(), e)
    }

    fn entities() -> BTreeMap<String, Entity> {
        [
            entity("china", Some("CHN")),
            entity("us", Some("USA")),
            entity("eu", Some("EU27")),
            entity("world", Some("WLD")),
            entity("ipcc", None),
        ]
        .into_iter()
        .collect()
    }

    // Made-up figures in the layout of GCB2022v27_MtCO2_flat.csv.
    const GCB: &str = "\"Country\",\"ISO 3166-1 alpha-3\",\"Year\",\"Total\",\"Coal\",\"Per Capita\"\n\
        \"China\",\"CHN\",2019,10000.5,1,2\n\
        \"China\",\"CHN\",2020,11472.4,1,2\n\
        \"USA\",\"USA\",2020,4000,1,2\n\
        \"Atlantis\",\"ATL\",2020,99,1,2\n\
        \"Bonaire, Saint Eustatius and Saba\",\"BES\",2020,1,1,2\n\
        \"Kuwaiti Oil Fires\",,2020,0,,0\n\
        \"Global\",\"WLD\",2019,40000,1,2\n\
        \"Global\",\"WLD\",2020,32000,1,2\n\
        \"Global\",\"WLD\",2021,33000,1,2\n";

    fn values(yaml: &str) -> BTreeMap<String, String> {
        let list: Vec<serde_yaml::Value> = serde_yaml::from_str(yaml).expect("valid YAML");
        list.iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_owned(),
                    f["value"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn gcb_values_are_tonnes_exactly_and_shares_of_global() {
        let out = import("gcb-2022", GCB, &entities(), 2019..=2021).unwrap();
        let v = values(&out);
        assert_eq!(v["gcb2022-co2-chn-2020"], "11472400000");
        assert_eq!(v["gcb2022-co2-chn-2019"], "10000500000");
        assert_eq!(v["gcb2022-co2-usa-2020"], "4000000000");
        assert_eq!(v["gcb2022-co2-wld-2021"], "33000000000");
        // 11472.4 / 32000 = 35.85125 % → 35.9; 4000 / 32000 = 12.5 %.
        assert_eq!(v["gcb2022-co2-share-chn-2020"], "35.9");
        assert_eq!(v["gcb2022-co2-share-usa-2020"], "12.5");
        assert_eq!(v["gcb2022-co2-share-chn-2019"], "25.0");
        assert!(
            !v.contains_key("gcb2022-co2-share-wld-2020"),
            "world's share is not a fact"
        );
        // Unknown codes, entities without iso3, and years outside the range are skipped.
        assert_eq!(v.len(), 6 + 3, "{v:#?}");
        assert!(v.keys().all(|k| !k.contains("atl") && !k.contains("bes")));
    }

    #[test]
    fn shares_need_no_world_entity() {
        let only_china: BTreeMap<String, Entity> = [entity("china", Some("CHN"))].into();
        let v = values(&import("gcb-2022", GCB, &only_china, 2020..=2020).unwrap());
        assert_eq!(v["gcb2022-co2-share-chn-2020"], "35.9");
        assert_eq!(v.len(), 2, "{v:#?}");
    }

    #[test]
    fn facts_are_sorted_by_id_and_carry_the_source() {
        let out = import("gcb-2022", GCB, &entities(), 2019..=2021).unwrap();
        let ids: Vec<&str> = out
            .lines()
            .filter_map(|l| l.strip_prefix("- id: "))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        let list: Vec<serde_yaml::Value> = serde_yaml::from_str(&out).unwrap();
        let f = list
            .iter()
            .find(|f| f["id"] == "gcb2022-co2-chn-2020")
            .unwrap();
        assert_eq!(f["entity"], "china");
        assert_eq!(f["metric"], "co2");
        assert_eq!(f["period"], 2020);
        assert_eq!(f["unit"], "t");
        assert_eq!(f["gas"], "CO2");
        assert_eq!(
            f["scope"],
            "fossil fuels and industry (cement, flaring, other)"
        );
        assert_eq!(f["source"]["url"], "https://doi.org/10.5281/zenodo.7215364");
        assert_eq!(f["source"]["published"], "2022-11");
        assert_eq!(f["source"]["dataset"], "GCB 2022");
        assert!(f.get("tolerance").is_none());
        let s = list
            .iter()
            .find(|f| f["id"] == "gcb2022-co2-share-usa-2020")
            .unwrap();
        assert_eq!(s["unit"], "%");
        assert_eq!(s["metric"], "co2-share");
    }

    #[test]
    fn header_names_dataset_command_and_what_was_skipped() {
        let out = import("gcb-2022", GCB, &entities(), 2019..=2021).unwrap();
        let header: Vec<&str> = out.lines().take_while(|l| l.starts_with('#')).collect();
        let header = header.join("\n");
        assert!(header.contains("GCB 2022"), "{header}");
        assert!(
            header.contains("https://doi.org/10.5281/zenodo.7215364"),
            "{header}"
        );
        assert!(
            header.contains(
                "emcheck facts import gcb-2022 <csv> --years 2019..2021 > rules/facts/gcb-2022.yaml"
            ),
            "{header}"
        );
        assert!(header.contains("eu (EU27): not in the dataset"), "{header}");
        assert!(
            header.contains("us (USA): no value for 2019, 2021"),
            "{header}"
        );
        assert!(header.contains("9 facts"), "{header}");
    }

    #[test]
    fn jones_maps_owid_world_and_eu_rows() {
        let csv = "Entity,Code,Year,Annual greenhouse gas emissions in CO2 equivalents\n\
            China,CHN,2021,13000000123.5\n\
            European Union (27),,2021,3000000000\n\
            European Union (28),,2021,3500000000\n\
            World,OWID_WRL,2021,50000000000\n\
            Narnia,NAR,2021,5\n";
        let out = import("jones-2023", csv, &entities(), 1990..=2021).unwrap();
        let v = values(&out);
        assert_eq!(v["jones2023-ghg-total-chn-2021"], "13000000123.5");
        assert_eq!(v["jones2023-ghg-total-eu27-2021"], "3000000000");
        assert_eq!(v["jones2023-ghg-total-wld-2021"], "50000000000");
        assert_eq!(v.len(), 3);
        assert!(out.contains("gas: CO2e"));
        assert!(out.contains("scope: \"incl. land use, GWP100\""));
        assert!(out.contains("us (USA): not in the dataset"));
    }

    #[test]
    fn missing_columns_and_unknown_datasets_are_clear_errors() {
        let err = import(
            "gcb-2022",
            "Country,Code,Year,Value\nChina,CHN,2021,1\n",
            &entities(),
            2021..=2021,
        )
        .unwrap_err();
        assert!(err.contains("no column `ISO 3166-1 alpha-3`"), "{err}");
        assert!(
            err.contains("found: `Country`, `Code`, `Year`, `Value`"),
            "{err}"
        );
        let err = import("edgar-2024", GCB, &entities(), 2021..=2021).unwrap_err();
        assert!(
            err.contains("unknown dataset `edgar-2024`") && err.contains("gcb-2022"),
            "{err}"
        );
        let bad =
            "\"Country\",\"ISO 3166-1 alpha-3\",\"Year\",\"Total\"\n\"China\",\"CHN\",2021,lots\n";
        let err = import("gcb-2022", bad, &entities(), 2021..=2021).unwrap_err();
        assert!(err.contains("line 2") && err.contains("`lots`"), "{err}");
        let dup = "\"Country\",\"ISO 3166-1 alpha-3\",\"Year\",\"Total\"\n\"China\",\"CHN\",2021,1\n\"China\",\"CHN\",2021,2\n";
        let err = import("gcb-2022", dup, &entities(), 2021..=2021).unwrap_err();
        assert!(err.contains("two rows for CHN 2021"), "{err}");
    }

    #[test]
    fn parses_year_spans() {
        assert_eq!(parse_years("1990..2021"), Ok(1990..=2021));
        assert_eq!(parse_years("1990..=2021"), Ok(1990..=2021));
        assert_eq!(parse_years("2021"), Ok(2021..=2021));
        assert!(parse_years("2021..1990").is_err());
        assert!(parse_years("last").is_err());
    }

    #[test]
    fn output_is_deterministic() {
        let a = import("gcb-2022", GCB, &entities(), 2019..=2021).unwrap();
        let b = import("gcb-2022", GCB, &entities(), 2019..=2021).unwrap();
        assert_eq!(a, b);
    }
}
