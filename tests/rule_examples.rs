//! Every rule's inline examples run as tests: each `flag` sentence must give a finding of
//! that rule (other than an agreement), each `pass` sentence must not. A failure names the
//! rule file and the sentence. Examples of rules across articles separate their documents
//! with `---`.

use emcheck::catalog::Catalog;
use emcheck::check::Options;
use emcheck::finding::Verdict;
use emcheck::normalize::Format;
use emcheck::source::Document;

#[test]
fn rule_examples_flag_and_pass() {
    let catalog = Catalog::builtin();
    let mut problems = Vec::new();
    let mut counted = 0;
    for rule in catalog.rules.values() {
        let date = rule
            .examples
            .article_date
            .as_deref()
            .and_then(emcheck::catalog::facts::parse_date);
        if rule.examples.flag.is_empty() || rule.examples.pass.is_empty() {
            problems.push(format!(
                "rules/checks/{}.yaml: needs at least one `flag` and one `pass` example",
                rule.id
            ));
        }
        for (sentence, should_flag) in rule
            .examples
            .flag
            .iter()
            .map(|s| (s, true))
            .chain(rule.examples.pass.iter().map(|s| (s, false)))
        {
            counted += 1;
            // An example of a rule across articles gives its documents separated by `---`.
            let docs: Vec<Document> = sentence
                .split("\n---\n")
                .enumerate()
                .map(|(i, text)| Document {
                    name: format!("example-{i}"),
                    text: text.to_owned(),
                    format: Format::Text,
                })
                .collect();
            let findings: Vec<_> =
                emcheck::check_documents(&docs, date, catalog, &Options::default())
                    .into_iter()
                    .flatten()
                    .collect();
            let flagged: Vec<_> = findings
                .iter()
                .filter(|f| {
                    f.rule == rule.id
                        && !matches!(f.verdict, Verdict::Matches | Verdict::WithinTolerance)
                })
                .collect();
            if should_flag && flagged.is_empty() {
                problems.push(format!(
                    "rules/checks/{}.yaml: flag example not flagged: {sentence}",
                    rule.id
                ));
            }
            if !should_flag && !flagged.is_empty() {
                problems.push(format!(
                    "rules/checks/{}.yaml: pass example flagged: {sentence}\n    {}",
                    rule.id, flagged[0].message
                ));
            }
        }
    }
    assert!(counted >= 2 * catalog.rules.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
