//! Properties of the whole pipeline (decode → normalize → extract) on any input: it never
//! panics, and every claim's span lies on character boundaries of the document with `text`
//! equal to the document's bytes there.

use emcheck::normalize::Format;
use emcheck::source::{Document, document_from_bytes};
use proptest::prelude::*;

fn check(doc: &Document) {
    let extraction = emcheck::extract_document(doc, None, emcheck::catalog::Catalog::builtin());
    let mut last_start = 0;
    for claim in &extraction.claims {
        let span = claim.span.clone();
        assert!(
            span.start <= span.end && span.end <= doc.text.len(),
            "span {span:?} outside the document"
        );
        assert!(
            doc.text.get(span.clone()).is_some(),
            "span {span:?} not on character boundaries"
        );
        assert!(span.start >= last_start, "claims out of order");
        last_start = span.start;
    }
    // Checking never fails either, and its findings point inside the document.
    let findings = emcheck::check_document(
        doc,
        None,
        emcheck::catalog::Catalog::builtin(),
        &emcheck::check::Options { verified: true },
    );
    for f in findings {
        assert!(
            doc.text.get(f.span.clone()).is_some(),
            "finding span {:?} not on the document",
            f.span
        );
        for r in &f.related {
            assert!(
                doc.text.get(r.span.clone()).is_some(),
                "related span {:?} not on the document",
                r.span
            );
        }
    }
}

fn check_text(text: &str) {
    for format in [Format::Text, Format::Markdown, Format::Html] {
        check(&Document {
            name: "prop".into(),
            text: text.to_owned(),
            format,
        });
    }
}

/// Characters that exercise numerals, units, markup and line joining.
const ALPHABET: &str = "0123456789.,-%/ 一二两三四五六七八九十百千万亿兆零〇点分之多余几年月日号天周个家亿吨瓦千兆美元℃度成折第首半约近超过以上左右至—\n\n<p></p><b>&#183;&amp;[]()*#`-|:yCOPGkMmt$¥，。（）“”中国美国全球温室气体排放总量二氧化碳占人均倍巴黎协定控制在岁解振华其中增长到从相当于(gigawatts)RGGI个州星期三";

fn alphabet_string(max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = ALPHABET.chars().collect();
    prop::collection::vec(prop::sample::select(chars), 0..max).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in [None, Some(Format::Text), Some(Format::Markdown), Some(Format::Html)] {
            if let Ok(doc) = document_from_bytes("bytes".into(), &bytes, format) {
                check(&doc);
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        check_text(&text);
    }

    #[test]
    fn numeral_rich_text_never_panics(text in alphabet_string(120)) {
        check_text(&text);
    }
}

#[test]
fn very_long_inputs_finish() {
    let sentence = "2022年中国温室气体排放总量为139亿吨二氧化碳当量，占全球的27%，约1.4倍；";
    let one_line = sentence.repeat(20_000); // about 2 MB without a line break
    check_text(&one_line);
    let nested = format!(
        "{}139亿吨{}",
        "<div><span>".repeat(20_000),
        "</span></div>".repeat(20_000)
    );
    check(&Document {
        name: "nested".into(),
        text: nested,
        format: Format::Html,
    });
    check_text(&"一".repeat(100_000));
    check_text(&"9".repeat(100_000));
    check_text(&"1,".repeat(50_000));
    check_text(&"4000亿吨二\n\n".repeat(20_000));
}
