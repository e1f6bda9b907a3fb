//! The HTML audit report of the seed excerpts, opened in headless Chromium: the page's script
//! runs without error, the page shows the totals, the Sunnylands conflict, the charts, a row
//! per article and the flagged figures, loads nothing from the network, and renders to a
//! screenshot a person can look at (`target/report-browser/audit.png`).
//!
//! Chromium is taken from `EMCHECK_CHROMIUM`, else `/usr/bin/chromium`, else `chromium` on
//! PATH; when there is none, `.ci/install-browser` installs it. The test fails, never skips,
//! when it cannot run.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("EMCHECK_CHROMIUM") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "EMCHECK_CHROMIUM is set to {}, which is not a file",
            p.display()
        );
        return Some(p);
    }
    let usr = Path::new("/usr/bin/chromium");
    if usr.is_file() {
        return Some(usr.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
}

fn chromium() -> PathBuf {
    if let Some(p) = find_chromium() {
        return p;
    }
    let script = manifest_dir().join(".ci/install-browser");
    let status = Command::new("bash").arg(&script).status();
    eprintln!("ran {}: {status:?}", script.display());
    find_chromium().unwrap_or_else(|| {
        panic!(
            "Chromium is needed for this test and could not be installed. Install it with \
             `.ci/install-browser` (as root or with sudo: apt-get install chromium), or set \
             EMCHECK_CHROMIUM to a Chromium or Chrome binary."
        )
    })
}

/// Runs a command with a time limit, reading its output as it comes (a dumped DOM is larger
/// than a pipe's buffer).
fn run(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stderr.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// Headless Chromium with a fresh profile and no background network traffic.
fn chromium_command(chromium: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// A `file://` URL of an absolute path, with the characters a URL path cannot hold escaped.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_str().expect("UTF-8 path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Article files under a folder, as `emcheck` reads it.
fn article_files(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            n += article_files(&path);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            n += 1;
        }
    }
    n
}

/// The opening tags `<name ...>` in a serialized DOM (Chromium writes tag names in lower case).
fn opening_tags<'a>(dom: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut tags = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        if after.starts_with([' ', '>', '\n', '\t', '/']) {
            tags.push(&rest[i..i + open.len() + end]);
        }
        rest = &after[end..];
    }
    tags
}

/// The text between `from` and the next `to` after it.
fn between<'a>(dom: &'a str, from: &str, to: &str) -> &'a str {
    let start = dom
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not in the page"));
    let rest = &dom[start..];
    rest.find(to).map_or(rest, |e| &rest[..e])
}

#[test]
fn html_report_renders_in_a_headless_browser() {
    let root = manifest_dir();
    let chromium = chromium();
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("audit.html");

    // The report of the seed excerpts.
    let out = run(
        Command::new(env!("CARGO_BIN_EXE_emcheck"))
            .current_dir(root)
            .args(["audit", "fixtures/extract", "--report"])
            .arg(&report),
        Duration::from_secs(300),
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "emcheck audit failed ({:?}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.is_file(),
        "emcheck audit wrote no {}",
        report.display()
    );
    let url = file_url(&report);

    // The DOM after the page's script ran.
    let profile = tempfile::tempdir().unwrap();
    let out = run(
        chromium_command(&chromium, profile.path())
            .args(["--virtual-time-budget=2000", "--dump-dom"])
            .arg(&url),
        Duration::from_secs(120),
    );
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && dom.contains("</html>"),
        "chromium --dump-dom failed ({:?}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );

    let body = opening_tags(&dom, "body");
    assert_eq!(body.len(), 1, "one <body>");
    assert!(
        body[0].contains(r#"data-ready="1""#),
        "the page's script did not finish: {}",
        body[0]
    );

    // Totals: every fixture file is an article of the report.
    let articles = article_files(&root.join("fixtures/extract"));
    assert!(articles >= 7, "fixture files: {articles}");
    let stat = between(&dom, r#"data-stat="articles""#, "</dd>");
    let shown = stat.rsplit('>').next().unwrap().trim();
    assert_eq!(
        shown,
        articles.to_string(),
        "articles in the totals: {stat}"
    );

    // The Sunnylands conflict, with both statements of the dates.
    let conflicts = between(&dom, r#"<section id="conflicts""#, "</section>");
    for text in ["Sunnylands", "11月4—7日", "11月8日"] {
        assert!(conflicts.contains(text), "{text:?} not in the conflicts");
    }

    // Charts with dots.
    let charts = between(&dom, r#"<section id="charts""#, "</section>");
    assert!(!opening_tags(charts, "svg").is_empty(), "no chart");
    assert!(charts.contains(r#"class="dot"#), "no dot in the charts");

    // A row per article, and the flagged figure highlighted in its sentence.
    let table = between(&dom, r#"<table class="articles""#, "</table>");
    let rows = opening_tags(table, "tr")
        .iter()
        .filter(|t| t.contains(r#"class="row""#) && t.contains(r#"id="article-"#))
        .count();
    assert_eq!(rows, articles, "rows of the article table");
    assert!(
        table.contains("<mark>106百万瓦</mark>"),
        "106百万瓦 not highlighted"
    );

    // Nothing is loaded from the network.
    for tag in [
        "script", "link", "img", "iframe", "source", "video", "audio", "embed", "object", "image",
        "use",
    ] {
        for t in opening_tags(&dom, tag) {
            let lower = t.to_ascii_lowercase();
            for attr in ["src=", "href=", "data=", "srcset="] {
                for quote in ["\"", "'", ""] {
                    for scheme in ["http:", "https:", "//"] {
                        let bad = format!("{attr}{quote}{scheme}");
                        assert!(!lower.contains(&bad), "{tag} loads from the network: {t}");
                    }
                }
            }
        }
    }
    assert!(!dom.contains("@import"), "a style imports something");
    assert!(
        !dom.to_ascii_lowercase().contains("url(http"),
        "a style loads from the network"
    );

    // A screenshot to look at.
    let shots = root.join("target/report-browser");
    std::fs::create_dir_all(&shots).unwrap();
    let png = shots.join("audit.png");
    let _ = std::fs::remove_file(&png);
    let profile = tempfile::tempdir().unwrap();
    let out = run(
        chromium_command(&chromium, profile.path())
            .args(["--virtual-time-budget=2000", "--window-size=1280,2400"])
            .arg(format!("--screenshot={}", png.display()))
            .arg(&url),
        Duration::from_secs(120),
    );
    assert!(
        out.status.success(),
        "chromium --screenshot failed ({:?}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).expect("no screenshot written");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "the screenshot is not a PNG"
    );
    assert!(
        bytes.len() > 20_000,
        "the screenshot is only {} bytes",
        bytes.len()
    );
    eprintln!("screenshot: {}", png.display());
}
