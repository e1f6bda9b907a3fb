//! The claims ledger: the articles a newsroom has published, with their claims and their
//! statements, in one SQLite file (`.emcheck/ledger.db` by default).
//!
//! A draft is checked against the ledger by handing `Ledger::published` (the statements of the
//! published articles about the draft's subjects) to `crate::cross_check`; once published, the
//! draft goes in with `Ledger::add`. An article is known by its name: adding the same name and
//! text again changes nothing, adding the same name with another text replaces its rows.
//!
//! Several processes may share one ledger: the file is in WAL mode, writers take the lock at the
//! start of their transaction (`BEGIN IMMEDIATE`) and wait up to `BUSY_TIMEOUT` for each other.
//! A file that is not a ledger of this schema (garbage, damaged, another program's database) is
//! refused and left exactly as it was: the checks on open only read.

use crate::claim::{Claim, PartialDate, Value};
use crate::consistency::{Source, Statement};
use crate::report::LineIndex;
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the ledger lives unless told otherwise, relative to the working folder.
pub const DEFAULT_PATH: &str = ".emcheck/ledger.db";

/// The schema version written to `PRAGMA user_version`; a file with a higher one was written by
/// a newer emcheck and is refused.
pub const SCHEMA_VERSION: i32 = 1;

/// `PRAGMA application_id` of a ledger ("emck"): tells our files from other SQLite databases.
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"emck");

/// How long a writer waits for another process holding the ledger.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const TABLES: [&str; 3] = ["articles", "claims", "statements"];

const SCHEMA: &str = r#"
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    rows_hash TEXT NOT NULL,
    date TEXT,
    added_at TEXT NOT NULL
);
CREATE INDEX articles_hash ON articles (hash);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT,
    low TEXT,
    high TEXT,
    qualifier TEXT NOT NULL,
    unit TEXT,
    entity TEXT,
    metric TEXT,
    period_from INTEGER,
    period_to INTEGER
);
CREATE INDEX claims_article ON claims (article_id);
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    statement TEXT NOT NULL
);
CREATE INDEX statements_key ON statements (key);
CREATE INDEX statements_article ON statements (article_id);
"#;

/// A ledger could not be opened, read or written. `path` is the ledger file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct LedgerError {
    /// The ledger file.
    pub path: PathBuf,
    /// What went wrong, for a person.
    pub message: String,
    /// The file is not a readable ledger (garbage, damaged, another program's database); it was
    /// left untouched.
    pub corrupt: bool,
}

/// What `Ledger::add` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// No article of that name was in the ledger; it is now.
    New,
    /// The article was there with the same text, date, claims and statements: nothing changed.
    Unchanged,
    /// The article was there with another text, date, claims or statements: its rows were
    /// replaced.
    Updated,
}

/// A published article to record: what `crate::check_one` gave for its text.
#[derive(Clone, Copy, Debug)]
pub struct Article<'a> {
    /// Its name (path or id): the article's identity in the ledger.
    pub name: &'a str,
    /// Its text; claim spans are byte ranges into it.
    pub text: &'a str,
    /// When it was published, if known.
    pub date: Option<PartialDate>,
    /// Its claims.
    pub claims: &'a [Claim],
    /// Its statements.
    pub statements: &'a [Statement],
}

/// An open ledger file.
#[derive(Debug)]
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

/// What the file on open turned out to be.
enum Found {
    /// An empty database: the ledger is created.
    Empty,
    /// A ledger of this schema.
    Ledger,
}

/// What identifies the file's contents: read in one transaction.
struct Header {
    application_id: i32,
    version: i32,
    /// Tables, indexes, views and triggers, by name.
    objects: Vec<String>,
}

impl Header {
    fn read(conn: &Connection) -> rusqlite::Result<Header> {
        let pragma = |name: &str| conn.pragma_query_value(None, name, |r| r.get::<_, i32>(0));
        let mut list = conn.prepare(
            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             ORDER BY name",
        )?;
        let objects = list
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Header {
            application_id: pragma("application_id")?,
            version: pragma("user_version")?,
            objects,
        })
    }

    /// A database with nothing in it (a new file).
    fn is_empty(&self) -> bool {
        self.application_id == 0 && self.version == 0 && self.objects.is_empty()
    }
}

/// A row of the `claims` table.
#[derive(Serialize)]
struct ClaimRow<'a> {
    start: i64,
    end: i64,
    line: i64,
    column: i64,
    text: &'a str,
    kind: &'static str,
    value: Option<String>,
    low: Option<String>,
    high: Option<String>,
    qualifier: &'static str,
    unit: Option<&'a str>,
    entity: Option<&'a str>,
    metric: Option<&'a str>,
    period_from: Option<i32>,
    period_to: Option<i32>,
}

impl Ledger {
    /// Opens the ledger at `path`, creating its parent folders and the file on first use.
    /// Refuses, without changing a byte, a file that is not a ledger (`corrupt`) or whose schema
    /// is newer than this emcheck's.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let fail = |message: String| LedgerError {
            path: path.to_owned(),
            message,
            corrupt: false,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                fail(format!(
                    "cannot create the folder {}: {e}",
                    parent.display()
                ))
            })?;
        }
        // No URI interpretation: a path is a path.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| fail(format!("cannot open the ledger: {e}")))?;
        let ledger = Ledger {
            conn,
            path: path.to_owned(),
        };
        ledger
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| ledger.sql_error(e))?;
        // Only reads until the file is known to be ours (or empty).
        if let Found::Empty = ledger.inspect()? {
            ledger.create()?;
        }
        // Switching to WAL needs the file to itself. While another process that is opening the
        // same new ledger holds its write lock (creating the schema, or finding it there), SQLite
        // answers at once with "busy", without waiting, since waiting while holding a read lock
        // could deadlock; the switch is tried again until `BUSY_TIMEOUT`.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            match ledger
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            {
                Ok(_) => break,
                Err(e)
                    if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(ledger.sql_error(e)),
            }
        }
        ledger
            .conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(|e| ledger.sql_error(e))?;
        Ok(ledger)
    }

    /// The ledger file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records a published article with its claims and statements, in one transaction.
    pub fn add(&mut self, article: &Article<'_>) -> Result<Added, LedgerError> {
        let hash = content_hash(article.text);
        let date = date_text(article.date);
        let index = LineIndex::new(article.text);
        let rows: Vec<ClaimRow<'_>> = article
            .claims
            .iter()
            .map(|c| claim_row(article.text, &index, c))
            .collect();
        let statements = article
            .statements
            .iter()
            .map(|s| serde_json::to_string(s).map(|json| (&*s.key, json)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.error(format!("cannot write a statement as JSON: {e}")))?;
        let rows_hash = {
            let mut h = Fnv128::new();
            let claims_json = serde_json::to_string(&rows)
                .map_err(|e| self.error(format!("cannot write a claim as JSON: {e}")))?;
            h.write(claims_json.as_bytes());
            for (_, json) in &statements {
                h.write(&[0]);
                h.write(json.as_bytes());
            }
            h.hex()
        };

        let path = self.path.clone();
        let sql = |e: rusqlite::Error| sql_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let existing: Option<(i64, String, String, Option<String>)> = tx
            .query_row(
                "SELECT id, hash, rows_hash, date FROM articles WHERE name = ?1",
                [article.name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(sql)?;
        let (id, added) = match existing {
            Some((_, old_hash, old_rows, old_date))
                if old_hash == hash && old_rows == rows_hash && old_date == date =>
            {
                return Ok(Added::Unchanged);
            }
            Some((id, ..)) => {
                tx.execute("DELETE FROM claims WHERE article_id = ?1", [id])
                    .map_err(sql)?;
                tx.execute("DELETE FROM statements WHERE article_id = ?1", [id])
                    .map_err(sql)?;
                tx.execute(
                    "UPDATE articles SET hash = ?2, rows_hash = ?3, date = ?4, \
                     added_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
                    params![id, hash, rows_hash, date],
                )
                .map_err(sql)?;
                (id, Added::Updated)
            }
            None => {
                tx.execute(
                    "INSERT INTO articles (name, hash, rows_hash, date, added_at) \
                     VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    params![article.name, hash, rows_hash, date],
                )
                .map_err(sql)?;
                (tx.last_insert_rowid(), Added::New)
            }
        };
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO claims (article_id, start, \"end\", line, \"column\", text, \
                     kind, value, low, high, qualifier, unit, entity, metric, period_from, \
                     period_to) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                )
                .map_err(sql)?;
            for r in &rows {
                insert
                    .execute(params![
                        id,
                        r.start,
                        r.end,
                        r.line,
                        r.column,
                        r.text,
                        r.kind,
                        r.value,
                        r.low,
                        r.high,
                        r.qualifier,
                        r.unit,
                        r.entity,
                        r.metric,
                        r.period_from,
                        r.period_to,
                    ])
                    .map_err(sql)?;
            }
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO statements (article_id, key, statement) VALUES (?1, ?2, ?3)",
                )
                .map_err(sql)?;
            for (key, json) in &statements {
                insert.execute(params![id, key, json]).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(added)
    }

    /// The statements of the published articles whose key is one of `keys`, grouped per article
    /// (`Source::name` the article's name, `Source::date` its date), articles by name and
    /// statements in the order they were added. Articles whose text is one of `skip_text_of`
    /// (a draft already in the ledger) are left out, whatever their name.
    pub fn published(
        &self,
        keys: &[&str],
        skip_text_of: &[&str],
    ) -> Result<Vec<(Source, Vec<Statement>)>, LedgerError> {
        let skip: HashSet<String> = skip_text_of.iter().map(|t| content_hash(t)).collect();
        self.published_except(keys, &skip)
    }

    /// `published`, leaving out the articles whose `content_hash` is in `skip` (for a caller
    /// that no longer holds the drafts' texts).
    pub fn published_except(
        &self,
        keys: &[&str],
        skip: &HashSet<String>,
    ) -> Result<Vec<(Source, Vec<Statement>)>, LedgerError> {
        let keys: BTreeSet<&str> = keys.iter().copied().collect();
        let sql = |e: rusqlite::Error| self.sql_error(e);
        // One read transaction: every key sees the same state of the ledger.
        let tx = self.conn.unchecked_transaction().map_err(sql)?;
        let mut query = tx
            .prepare_cached(
                "SELECT s.id, s.statement, a.name, a.date, a.hash \
                 FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.key = ?1",
            )
            .map_err(sql)?;
        type Rows = (Option<String>, Vec<(i64, String)>);
        let mut by_article: BTreeMap<String, Rows> = BTreeMap::new();
        for key in keys {
            let rows = query
                .query_map([key], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })
                .map_err(sql)?;
            for row in rows {
                let (id, json, name, date, hash) = row.map_err(sql)?;
                if skip.contains(&hash) {
                    continue;
                }
                by_article
                    .entry(name)
                    .or_insert_with(|| (date, Vec::new()))
                    .1
                    .push((id, json));
            }
        }
        drop(query);
        tx.finish().map_err(sql)?;

        let mut out = Vec::with_capacity(by_article.len());
        for (name, (date, mut rows)) in by_article {
            let date = match date {
                None => None,
                Some(text) => Some(date_from_iso(&text).ok_or_else(|| {
                    self.damaged(format!("article {name} has an unreadable date {text:?}"))
                })?),
            };
            rows.sort_by_key(|(id, _)| *id);
            let statements = rows
                .into_iter()
                .map(|(_, json)| {
                    serde_json::from_str::<Statement>(&json).map_err(|e| {
                        self.damaged(format!("article {name} has an unreadable statement: {e}"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            out.push((Source { name, date }, statements));
        }
        Ok(out)
    }

    /// How many articles, claims and statements the ledger holds.
    pub fn counts(&self) -> Result<(usize, usize, usize), LedgerError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims), \
                 (SELECT count(*) FROM statements)",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                },
            )
            .map(|(a, c, s)| {
                let n = |x: i64| usize::try_from(x).unwrap_or(0);
                (n(a), n(c), n(s))
            })
            .map_err(|e| self.sql_error(e))
    }

    /// Reads what the file is, without writing to it.
    fn inspect(&self) -> Result<Found, LedgerError> {
        let sql = |e: rusqlite::Error| self.sql_error(e);
        // One read transaction: a schema another process is creating meanwhile is seen whole
        // or not at all.
        let tx =
            Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred).map_err(sql)?;
        let header = Header::read(&tx).map_err(sql)?;
        let problems: Vec<String> = {
            let mut check = tx.prepare("PRAGMA quick_check(5)").map_err(sql)?;
            let rows = check.query_map([], |r| r.get(0)).map_err(sql)?;
            rows.collect::<Result<_, _>>().map_err(sql)?
        };
        tx.finish().map_err(sql)?;
        if problems.iter().any(|p| p != "ok") {
            return Err(self.damaged(format!(
                "the ledger is damaged (quick_check: {})",
                problems.join("; ").replace('\n', " ")
            )));
        }
        if header.is_empty() {
            return Ok(Found::Empty);
        }
        let Header {
            application_id,
            version,
            objects,
        } = header;
        if application_id != APPLICATION_ID {
            let what = if objects.is_empty() {
                format!("an SQLite database of another program (application id {application_id})")
            } else {
                format!(
                    "an SQLite database of another program: {}",
                    objects.join(", ")
                )
            };
            return Err(self.damaged(format!("not an emcheck ledger ({what})")));
        }
        if version > SCHEMA_VERSION {
            return Err(self.error(format!(
                "the ledger was written by a newer emcheck (schema version {version}; this one \
                 reads version {SCHEMA_VERSION}); the file was left untouched"
            )));
        }
        if version != SCHEMA_VERSION {
            return Err(self.damaged(format!(
                "the ledger has an unknown schema version {version}"
            )));
        }
        let missing: Vec<&str> = TABLES
            .into_iter()
            .filter(|t| !objects.iter().any(|o| o == t))
            .collect();
        if !missing.is_empty() {
            return Err(self.damaged(format!("the ledger lacks its table {}", missing.join(", "))));
        }
        Ok(Found::Ledger)
    }

    /// Creates the schema in an empty file, unless another process just did.
    fn create(&self) -> Result<(), LedgerError> {
        let sql = |e: rusqlite::Error| self.sql_error(e);
        let tx =
            Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).map_err(sql)?;
        if Header::read(&tx).map_err(sql)?.is_empty() {
            tx.execute_batch(SCHEMA).map_err(sql)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sql)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        // Whatever another process did in between, the file must now be a ledger.
        match self.inspect()? {
            Found::Ledger => Ok(()),
            Found::Empty => Err(self.error("the ledger schema could not be created".into())),
        }
    }

    fn error(&self, message: String) -> LedgerError {
        LedgerError {
            path: self.path.clone(),
            message,
            corrupt: false,
        }
    }

    /// The file is not a readable ledger.
    fn damaged(&self, what: String) -> LedgerError {
        LedgerError {
            path: self.path.clone(),
            message: format!("{what}; the file was left untouched"),
            corrupt: true,
        }
    }

    fn sql_error(&self, e: rusqlite::Error) -> LedgerError {
        sql_error(&self.path, e)
    }
}

/// An SQLite error as a ledger error: damaged files and files that are no database are
/// `corrupt`, a lock held too long says so.
fn sql_error(path: &Path, e: rusqlite::Error) -> LedgerError {
    let (message, corrupt) = match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => (
            format!("not an emcheck ledger ({e}); the file was left untouched"),
            true,
        ),
        Some(ErrorCode::DatabaseCorrupt) => (
            format!("the ledger is damaged ({e}); the file was left untouched"),
            true,
        ),
        Some(ErrorCode::DatabaseBusy) => (
            format!(
                "another process held the ledger for more than {} s ({e})",
                BUSY_TIMEOUT.as_secs()
            ),
            false,
        ),
        _ => (e.to_string(), false),
    };
    LedgerError {
        path: path.to_owned(),
        message,
        corrupt,
    }
}

fn claim_row<'a>(text: &'a str, index: &LineIndex<'_>, c: &'a Claim) -> ClaimRow<'a> {
    let (line, column) = index.line_column(c.span.start);
    let value = |v: Option<Value>| v.map(|v| v.to_string());
    ClaimRow {
        start: int(c.span.start),
        end: int(c.span.end),
        line: int(line),
        column: int(column),
        text: text.get(c.span.clone()).unwrap_or(""),
        kind: c.kind.as_str(),
        value: value(c.value),
        low: value(c.low),
        high: value(c.high),
        qualifier: c.qualifier.as_str(),
        unit: c.unit.as_deref(),
        entity: c.subject.entity.as_deref(),
        metric: c.subject.metric.as_deref(),
        period_from: c.subject.period.map(|p| p.0),
        period_to: c.subject.period.map(|p| p.1),
    }
}

/// A count or offset as an SQLite integer (offsets into a text never come near the limit).
fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The content hash stored in `articles.hash`: 128-bit FNV-1a of the text's UTF-8 bytes, as
/// 32 lowercase hex digits. Stable across builds and platforms; not meant to resist forgery.
pub fn content_hash(text: &str) -> String {
    let mut h = Fnv128::new();
    h.write(text.as_bytes());
    h.hex()
}

/// 128-bit FNV-1a.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;

    fn new() -> Self {
        Fnv128(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// A date as stored: ISO text, `None` when nothing of it is known.
fn date_text(date: Option<PartialDate>) -> Option<String> {
    date.filter(|d| d.year.is_some() || d.month.is_some() || d.day.is_some())
        .map(|d| d.to_string())
}

/// Reads back the forms `PartialDate` displays as: `2023-11-08`, `2023-11`, `2023`,
/// `--11-08`, `--11`, `---08`.
fn date_from_iso(s: &str) -> Option<PartialDate> {
    fn part<T: std::str::FromStr>(s: Option<&str>) -> Option<Option<T>> {
        match s {
            None => Some(None),
            Some(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
                t.parse().ok().map(Some)
            }
            Some(_) => None,
        }
    }
    let date = if let Some(day) = s.strip_prefix("---") {
        PartialDate {
            year: None,
            month: None,
            day: Some(part(Some(day))??),
        }
    } else if let Some(rest) = s.strip_prefix("--") {
        let mut parts = rest.split('-');
        let month = Some(part(parts.next())??);
        let day = part(parts.next())?;
        if parts.next().is_some() {
            return None;
        }
        PartialDate {
            year: None,
            month,
            day,
        }
    } else {
        let (negative, rest) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let mut parts = rest.split('-');
        let year: i32 = part(parts.next())??;
        let month = part(parts.next())?;
        let day = part(parts.next())?;
        if parts.next().is_some() || (month.is_none() && day.is_some()) {
            return None;
        }
        PartialDate {
            year: Some(if negative { -year } else { year }),
            month,
            day,
        }
    };
    let valid = date.month.is_none_or(|m| (1..=12).contains(&m))
        && date.day.is_none_or(|d| (1..=31).contains(&d));
    valid.then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::normalize::Format;
    use crate::source::Document;

    const GHG_2022: &str = "2022年，中国温室气体排放总量为139亿吨二氧化碳当量。";
    const GHG_2022_OTHER: &str = "2022年，中国温室气体排放总量为150亿吨二氧化碳当量。";
    const GHG_2021: &str = "2021年，中国温室气体排放总量为131亿吨二氧化碳当量。";

    /// What `check_one` gives for `text`.
    fn checked(text: &str) -> crate::Checked {
        let doc = Document {
            name: "test".into(),
            text: text.into(),
            format: Format::Text,
        };
        crate::check_one(
            &doc,
            None,
            Catalog::builtin(),
            &crate::check::Options::default(),
        )
    }

    fn add(
        ledger: &mut Ledger,
        name: &str,
        text: &str,
        date: Option<PartialDate>,
    ) -> (Added, crate::Checked) {
        let c = checked(text);
        let added = ledger
            .add(&Article {
                name,
                text,
                date,
                claims: &c.claims,
                statements: &c.statements,
            })
            .expect("add");
        (added, c)
    }

    fn key_of(text: &str) -> String {
        let c = checked(text);
        assert_eq!(c.statements.len(), 1, "{:?}", c.statements);
        c.statements[0].key.to_string()
    }

    fn raw(path: &Path) -> Connection {
        Connection::open(path).expect("raw connection")
    }

    #[test]
    fn sample_texts_give_one_figure_statement() {
        let key = key_of(GHG_2022);
        assert!(key.starts_with("figure china ghg-total 2022-2022"), "{key}");
        assert_eq!(key_of(GHG_2022_OTHER), key);
        assert_ne!(key_of(GHG_2021), key);
    }

    #[test]
    fn open_creates_folders_file_and_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/ledger.db");
        let ledger = Ledger::open(&path).unwrap();
        assert!(path.is_file());
        assert_eq!(ledger.path(), path);
        assert_eq!(ledger.counts().unwrap(), (0, 0, 0));
        drop(ledger);

        let conn = raw(&path);
        let version: i32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let app: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let columns = |table: &str| -> Vec<String> {
            let mut s = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap();
            s.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(
            columns("articles"),
            ["id", "name", "hash", "rows_hash", "date", "added_at"]
        );
        assert_eq!(
            columns("claims"),
            [
                "id",
                "article_id",
                "start",
                "end",
                "line",
                "column",
                "text",
                "kind",
                "value",
                "low",
                "high",
                "qualifier",
                "unit",
                "entity",
                "metric",
                "period_from",
                "period_to"
            ]
        );
        assert_eq!(
            columns("statements"),
            ["id", "article_id", "key", "statement"]
        );
        let indexed: String = conn
            .query_row(
                "SELECT name FROM pragma_index_info('statements_key')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexed, "key");

        // Opening again finds the ledger and keeps it.
        let ledger = Ledger::open(&path).unwrap();
        assert_eq!(ledger.counts().unwrap(), (0, 0, 0));
    }

    #[test]
    fn newer_schema_version_is_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        drop(Ledger::open(&path).unwrap());
        raw(&path)
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Ledger::open(&path).unwrap_err();
        assert!(!err.corrupt);
        assert_eq!(err.path, path);
        let shown = err.to_string();
        assert!(shown.starts_with(&path.display().to_string()), "{shown}");
        assert!(shown.contains("newer emcheck"), "{shown}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn claims_are_recorded_with_position_value_and_subject() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        let mut ledger = Ledger::open(&path).unwrap();
        let text = format!("标题\n{GHG_2022}");
        let (added, c) = add(
            &mut ledger,
            "a.txt",
            &text,
            Some(PartialDate::ymd(2024, 1, 2)),
        );
        assert_eq!(added, Added::New);
        assert!(!c.claims.is_empty());
        assert_eq!(
            ledger.counts().unwrap(),
            (1, c.claims.len(), c.statements.len())
        );
        drop(ledger);

        let conn = raw(&path);
        let (hash, date, added_at): (String, String, String) = conn
            .query_row("SELECT hash, date, added_at FROM articles", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(hash, content_hash(&text));
        assert_eq!(date, "2024-01-02");
        assert!(
            added_at.ends_with('Z') && added_at.len() == 20,
            "{added_at}"
        );
        let row = conn
            .query_row(
                "SELECT start, \"end\", line, \"column\", text, kind, value, unit, entity, \
                 metric, period_from, period_to FROM claims WHERE text LIKE '139%'",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, Option<i32>>(10)?,
                        r.get::<_, Option<i32>>(11)?,
                    ))
                },
            )
            .unwrap();
        let claim = c
            .claims
            .iter()
            .find(|c| text[c.span.clone()].starts_with("139"))
            .unwrap();
        let column = text[..claim.span.start].split('\n').next_back().unwrap();
        assert_eq!(row.0, int(claim.span.start));
        assert_eq!(row.1, int(claim.span.end));
        assert_eq!((row.2, row.3), (2, int(column.chars().count() + 1)));
        assert_eq!(row.4, &text[claim.span.clone()]);
        assert_eq!(row.5, "quantity");
        assert_eq!(row.6, "13900000000");
        assert_eq!(row.7.as_deref(), Some("t"));
        assert_eq!(row.8.as_deref(), Some("china"));
        assert_eq!(row.9.as_deref(), Some("ghg-total"));
        assert_eq!((row.10, row.11), (Some(2022), Some(2022)));
        let every: i64 = conn
            .query_row("SELECT count(*) FROM claims", [], |r| r.get(0))
            .unwrap();
        assert_eq!(every, int(c.claims.len()));
    }

    #[test]
    fn adding_the_same_article_twice_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        let mut ledger = Ledger::open(&path).unwrap();
        let date = Some(PartialDate::ymd(2024, 3, 1));
        assert_eq!(add(&mut ledger, "a.txt", GHG_2022, date).0, Added::New);
        let counts = ledger.counts().unwrap();
        let (ids, at): (i64, String) = ledger
            .conn
            .query_row("SELECT id, added_at FROM articles", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(
            add(&mut ledger, "a.txt", GHG_2022, date).0,
            Added::Unchanged
        );
        assert_eq!(ledger.counts().unwrap(), counts);
        let again: (i64, String) = ledger
            .conn
            .query_row("SELECT id, added_at FROM articles", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(again, (ids, at));
        // Reopened by another process, still the same.
        drop(ledger);
        let mut ledger = Ledger::open(&path).unwrap();
        assert_eq!(
            add(&mut ledger, "a.txt", GHG_2022, date).0,
            Added::Unchanged
        );
        assert_eq!(ledger.counts().unwrap(), counts);
    }

    #[test]
    fn same_name_with_other_text_replaces_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(&dir.path().join("ledger.db")).unwrap();
        add(&mut ledger, "a.txt", GHG_2022, None);
        add(&mut ledger, "b.txt", GHG_2021, None);
        let longer = format!("{GHG_2022_OTHER}{GHG_2021}");
        let (added, c) = add(&mut ledger, "a.txt", &longer, None);
        assert_eq!(added, Added::Updated);
        let b = checked(GHG_2021);
        assert_eq!(
            ledger.counts().unwrap(),
            (
                2,
                c.claims.len() + b.claims.len(),
                c.statements.len() + b.statements.len()
            )
        );
        let key = key_of(GHG_2022);
        let published = ledger.published(&[&key], &[]).unwrap();
        assert_eq!(published.len(), 1);
        assert_eq!(published[0].0.name, "a.txt");
        assert_eq!(published[0].1, vec![c.statements[0].clone()]);
        assert!(published[0].1[0].text.starts_with("150"));

        // A date given later is an update too.
        let date = Some(PartialDate::ymd(2024, 5, 6));
        assert_eq!(add(&mut ledger, "a.txt", &longer, date).0, Added::Updated);
        let published = ledger.published(&[&key], &[]).unwrap();
        assert_eq!(published[0].0.date, date);
    }

    #[test]
    fn same_text_under_another_name_is_another_article() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(&dir.path().join("ledger.db")).unwrap();
        let (_, c) = add(&mut ledger, "a.txt", GHG_2022, None);
        assert_eq!(add(&mut ledger, "b.txt", GHG_2022, None).0, Added::New);
        assert_eq!(
            ledger.counts().unwrap(),
            (2, 2 * c.claims.len(), 2 * c.statements.len())
        );
    }

    #[test]
    fn two_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared/ledger.db");
        let texts: Vec<String> = (0..100).map(|i| format!("第{i}篇。{GHG_2022}")).collect();
        let barrier = std::sync::Barrier::new(2);
        let per_writer: Vec<(usize, usize)> = std::thread::scope(|s| {
            let writers: Vec<_> = (0..2)
                .map(|w| {
                    let (path, texts, barrier) = (&path, &texts, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        let mut ledger = Ledger::open(path).expect("open");
                        let (mut claims, mut statements) = (0, 0);
                        for i in 0..50 {
                            let text = &texts[w * 50 + i];
                            let (added, c) = add(&mut ledger, &format!("w{w}/{i}.txt"), text, None);
                            assert_eq!(added, Added::New);
                            claims += c.claims.len();
                            statements += c.statements.len();
                        }
                        (claims, statements)
                    })
                })
                .collect();
            writers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let ledger = Ledger::open(&path).unwrap();
        let claims = per_writer.iter().map(|p| p.0).sum();
        let statements = per_writer.iter().map(|p| p.1).sum();
        assert_eq!(ledger.counts().unwrap(), (100, claims, statements));
        let key = key_of(GHG_2022);
        assert_eq!(ledger.published(&[&key], &[]).unwrap().len(), 100);
    }

    #[test]
    fn opening_waits_for_a_writer_of_a_ledger_not_yet_in_wal_mode() {
        // A ledger another process has just created (schema there, still in rollback mode)
        // while that process holds its write lock: switching to WAL must wait for the lock,
        // not fail at once with "database is locked" (two `ledger add` at once on a new
        // ledger did).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        drop(Ledger::open(&path).unwrap());
        let other = raw(&path);
        let mode: String = other
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let ledger = std::thread::scope(|s| {
            let opening = s.spawn(|| Ledger::open(&path));
            std::thread::sleep(std::time::Duration::from_millis(300));
            other.execute_batch("ROLLBACK").unwrap();
            opening.join().unwrap()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let mode: String = ledger
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    /// Opening `path` is refused as corrupt, naming the file, and leaves its bytes as they were.
    fn refused_untouched(path: &Path) -> LedgerError {
        let before = std::fs::read(path).unwrap();
        let err = Ledger::open(path).unwrap_err();
        assert!(err.corrupt, "{err}");
        assert_eq!(err.path, path);
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("{}: ", path.display())),
            "{shown}"
        );
        assert!(shown.contains("left untouched"), "{shown}");
        assert_eq!(std::fs::read(path).unwrap(), before, "{shown}");
        err
    }

    fn wal_of(path: &Path) -> PathBuf {
        PathBuf::from(format!("{}-wal", path.display()))
    }

    #[test]
    fn garbage_file_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let contents: [Vec<u8>; 3] = [
            b"not a database".to_vec(),
            (0..8192u32).map(|i| (i * 7 + 3) as u8).collect(),
            // An SQLite header followed by garbage pages.
            b"SQLite format 3\0"
                .iter()
                .copied()
                .chain((0..4080u32).map(|i| (i * 13) as u8))
                .collect(),
        ];
        for (i, bytes) in contents.iter().enumerate() {
            let path = dir.path().join(format!("garbage{i}.db"));
            std::fs::write(&path, bytes).unwrap();
            refused_untouched(&path);
            assert!(!wal_of(&path).exists());
        }

        // A ledger with a damaged page: quick_check finds it.
        let path = dir.path().join("damaged.db");
        let mut ledger = Ledger::open(&path).unwrap();
        for i in 0..40 {
            add(
                &mut ledger,
                &format!("{i}.txt"),
                &format!("第{i}篇。{GHG_2022}"),
                None,
            );
        }
        drop(ledger);
        assert!(!wal_of(&path).exists());
        let mut bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > 4 * 4096, "{}", bytes.len());
        bytes[2 * 4096..3 * 4096].fill(0x55);
        std::fs::write(&path, &bytes).unwrap();
        let err = refused_untouched(&path);
        assert!(err.message.contains("damaged"), "{err}");
    }

    #[test]
    fn other_sqlite_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        {
            let conn = raw(&path);
            conn.execute_batch(
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
                 INSERT INTO notes (body) VALUES ('keep me');",
            )
            .unwrap();
        }
        let err = refused_untouched(&path);
        assert!(!wal_of(&path).exists());
        assert!(err.message.contains("not an emcheck ledger"), "{err}");
        assert!(err.message.contains("notes"), "{err}");
        // Even one whose tables are named like ours, without our application id.
        let path = dir.path().join("lookalike.db");
        raw(&path).execute_batch(SCHEMA).unwrap();
        refused_untouched(&path);
        assert!(!wal_of(&path).exists());
    }

    #[test]
    fn published_round_trips_statements_per_article() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(&dir.path().join("ledger.db")).unwrap();
        let may = Some(PartialDate::ymd(2024, 5, 1));
        let june = Some(PartialDate {
            year: Some(2024),
            month: Some(6),
            day: None,
        });
        let (_, b) = add(&mut ledger, "b.txt", &format!("{GHG_2022}{GHG_2021}"), may);
        let (_, a) = add(&mut ledger, "a.txt", GHG_2022_OTHER, june);
        add(&mut ledger, "c.txt", GHG_2021, None);
        let key = key_of(GHG_2022);
        let published = ledger
            .published(&[&key, &key, "event nothing"], &[])
            .unwrap();
        let names: Vec<&str> = published.iter().map(|(s, _)| s.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
        assert_eq!(published[0].0.date, june);
        assert_eq!(published[1].0.date, may);
        assert_eq!(published[0].1, a.statements);
        let b_2022: Vec<Statement> = b
            .statements
            .iter()
            .filter(|s| *s.key == *key)
            .cloned()
            .collect();
        assert_eq!(published[1].1, b_2022);

        // Both keys: b's statements come back in its order.
        let key_2021 = key_of(GHG_2021);
        let published = ledger.published(&[&key_2021, &key], &[]).unwrap();
        let names: Vec<&str> = published.iter().map(|(s, _)| s.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.txt"]);
        assert_eq!(published[1].1, b.statements);
        assert_eq!(published[2].0.date, None);

        assert!(ledger.published(&[], &[]).unwrap().is_empty());
    }

    #[test]
    fn published_skips_the_draft_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(&dir.path().join("ledger.db")).unwrap();
        add(&mut ledger, "draft.txt", GHG_2022, None);
        add(&mut ledger, "copy.txt", GHG_2022, None);
        add(&mut ledger, "other.txt", GHG_2022_OTHER, None);
        let key = key_of(GHG_2022);
        // The draft's text is in the ledger under two names: both are the draft.
        let published = ledger.published(&[&key], &[GHG_2022]).unwrap();
        let names: Vec<&str> = published.iter().map(|(s, _)| s.name.as_str()).collect();
        assert_eq!(names, ["other.txt"]);

        // And the draft then gets its finding against the other article only.
        let mut drafts = vec![checked(GHG_2022)];
        crate::cross_check(
            &["draft.txt"],
            &mut drafts,
            published,
            &[Catalog::builtin()],
        );
        let across: Vec<_> = drafts[0]
            .findings
            .iter()
            .filter(|f| &*f.rule == "figure-disagrees-across-articles")
            .collect();
        assert_eq!(across.len(), 1, "{:?}", drafts[0].findings);
        assert!(
            across[0].message.contains("other.txt"),
            "{}",
            across[0].message
        );
    }

    #[test]
    fn content_hash_is_fnv1a_128() {
        assert_eq!(content_hash(""), "6c62272e07bb014262b821756295c58d");
        assert_eq!(content_hash("a"), "d228cb696f1a8caf78912b704e4a8964");
        assert_ne!(content_hash(GHG_2022), content_hash(GHG_2022_OTHER));
    }

    #[test]
    fn dates_round_trip_through_iso_text() {
        let dates = [
            PartialDate::ymd(2023, 11, 8),
            PartialDate {
                year: Some(2023),
                month: Some(11),
                day: None,
            },
            PartialDate {
                year: Some(2023),
                month: None,
                day: None,
            },
            PartialDate {
                year: None,
                month: Some(11),
                day: Some(8),
            },
            PartialDate {
                year: None,
                month: Some(11),
                day: None,
            },
            PartialDate {
                year: None,
                month: None,
                day: Some(8),
            },
        ];
        for d in dates {
            let text = date_text(Some(d)).unwrap();
            assert_eq!(date_from_iso(&text), Some(d), "{text}");
        }
        assert_eq!(date_text(Some(PartialDate::default())), None);
        assert_eq!(date_text(None), None);
        for bad in ["", "x", "2023-13", "2023-1-1-1", "--", "2023--08"] {
            assert_eq!(date_from_iso(bad), None, "{bad}");
        }
    }
}
