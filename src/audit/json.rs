//! The audit report as one JSON document, `{"summary": {...}, "articles": [...]}`, streamed:
//! the summary is written by `begin`, each article row as it comes, and `end` closes the
//! array and the object, so the document is valid with any number of articles, zero included.
//! The fields are those of `model.rs`; values are decimal strings, as in `check --format json`.

use super::model::{ArticleRow, ReportWriter, Summary};
use std::io::{self, Write};

/// Writes the JSON report.
pub struct JsonWriter<W: Write> {
    out: W,
    /// Articles written so far (a comma goes before every one but the first).
    articles: usize,
}

impl<W: Write> JsonWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        JsonWriter { out, articles: 0 }
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> ReportWriter for JsonWriter<W> {
    fn begin(&mut self, summary: &Summary) -> io::Result<()> {
        self.out.write_all(b"{\"summary\": ")?;
        serde_json::to_writer(&mut self.out, summary)?;
        self.out.write_all(b",\n\"articles\": [")
    }

    fn article(&mut self, row: &ArticleRow) -> io::Result<()> {
        self.out
            .write_all(if self.articles == 0 { b"\n" } else { b",\n" })?;
        self.articles += 1;
        serde_json::to_writer(&mut self.out, row)?;
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::html::tests::sample;
    use serde_json::Value;

    fn render(summary: &Summary, rows: &[ArticleRow]) -> String {
        let mut w = JsonWriter::new(Vec::new());
        w.begin(summary).unwrap();
        for r in rows {
            w.article(r).unwrap();
        }
        w.end().unwrap();
        String::from_utf8(w.into_inner()).unwrap()
    }

    #[test]
    fn json_report_parses_back_into_the_model() {
        let (summary, rows) = sample();
        let text = render(&summary, &rows);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["summary"]["articles"], 3);
        assert_eq!(v["summary"]["by_severity"]["error"], 2);
        assert_eq!(
            v["summary"]["clusters"][0]["variants"][1]["examples"][0]["text"],
            "星期三（11月8日）"
        );
        assert_eq!(
            v["summary"]["metrics"]["ghg-total"]["points"][0]["claimed"],
            "13900000000"
        );
        let articles = v["articles"].as_array().unwrap();
        assert_eq!(articles.len(), 3);
        assert_eq!(articles[0]["name"], r#"a<b>&"c".html"#);
        assert_eq!(articles[1]["findings"][0]["text"], "106百万瓦");
        assert_eq!(
            articles[1]["findings"][1]["related"][0]["file"],
            "fixtures/extract/english-brief.md"
        );

        #[derive(serde::Deserialize)]
        struct Report {
            summary: Summary,
            articles: Vec<ArticleRow>,
        }
        let back: Report = serde_json::from_str(&text).unwrap();
        assert_eq!(back.articles, rows);
        assert_eq!(back.summary.metrics, summary.metrics);
        assert_eq!(back.summary.clusters, summary.clusters);
        assert_eq!(back.summary.by_rule, summary.by_rule);
    }

    #[test]
    fn json_report_is_valid_without_articles() {
        let text = render(&Summary::default(), &[]);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["articles"], Value::Array(vec![]));
        assert_eq!(v["summary"]["articles"], 0);
    }
}
