//! Inputs read a chunk at a time, in input order: listed paths (each with a tag, such as its
//! settings), then `--docs-jsonl` records. A chunk's files are read in parallel; a chunk ends
//! after a number of documents or `CHUNK_BYTES` of input, so memory holds one chunk whatever
//! the number and size of the inputs. `audit`, `check` and `extract` read through it.
//! `Overlap` keeps a chunk's results (a serial step, in input order) while the next chunk is
//! worked on all cores.

use crate::source::{Document, InputError, JsonlDocs, Pending};
use rayon::prelude::*;

/// Documents in a chunk unless told otherwise.
pub const CHUNK_DOCS: usize = 512;

/// Bytes of input after which a chunk ends (it holds at least one document).
pub const CHUNK_BYTES: u64 = 64 << 20;

/// One input as read, with its tag.
pub type Read<T> = (Result<Document, InputError>, T);

/// The chunks of a run's inputs (an iterator of non-empty chunks).
pub struct Chunks<T> {
    paths: std::vec::IntoIter<(Pending, T)>,
    jsonl: Option<(JsonlDocs, T)>,
    docs: usize,
}

impl<T: Clone + Send> Chunks<T> {
    /// Listed paths, then JSON Lines records, each input with its tag; `CHUNK_DOCS` a chunk.
    pub fn new(paths: Vec<(Pending, T)>, jsonl: Option<(JsonlDocs, T)>) -> Self {
        Chunks {
            paths: paths.into_iter(),
            jsonl,
            docs: CHUNK_DOCS,
        }
    }

    /// At most `docs` documents a chunk (at least 1).
    pub fn with_size(mut self, docs: usize) -> Self {
        self.docs = docs.max(1);
        self
    }
}

impl<T: Clone + Send> Iterator for Chunks<T> {
    type Item = Vec<Read<T>>;

    fn next(&mut self) -> Option<Vec<Read<T>>> {
        let mut jobs = Vec::new();
        let mut bytes = 0;
        while jobs.len() < self.docs && bytes < CHUNK_BYTES {
            let Some((pending, tag)) = self.paths.next() else {
                break;
            };
            // A file's size, asked once: for the chunk's bytes and for reading it.
            let size = match &pending {
                Pending::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
                _ => None,
            };
            bytes += size.unwrap_or(0);
            jobs.push((pending, size, tag));
        }
        if !jobs.is_empty() {
            return Some(
                jobs.into_par_iter()
                    .map(|(pending, size, tag)| (pending.read_sized(size), tag))
                    .collect(),
            );
        }
        let (records, tag) = self.jsonl.as_mut()?;
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < self.docs && bytes < CHUNK_BYTES {
            let Some(record) = records.next() else { break };
            bytes += record.as_ref().map_or(0, |d| d.text.len() as u64);
            chunk.push((record, tag.clone()));
        }
        if chunk.is_empty() {
            self.jsonl = None;
            return None;
        }
        Some(chunk)
    }
}

/// Text of a chunk's documents above which `audit` and `check` keep its results at once
/// instead of beside the next chunk's work (which would hold two chunks' results in memory).
pub const OVERLAP_BYTES: usize = 16 << 20;

/// A chunk's results waiting to be kept while the next chunk is worked: the serial step that
/// keeps them (adding to the batch, writing the spill, in input order) runs on one core while
/// the other cores work the next chunk, instead of the cores waiting for it.
pub struct Overlap<T> {
    pending: Option<T>,
}

impl<T: Send> Overlap<T> {
    /// Nothing waiting yet.
    pub fn new() -> Self {
        Overlap { pending: None }
    }

    /// Works a chunk (`work`, on all cores) while the previous chunk's results are kept; the
    /// new results wait for the next step unless `hold` says they are too large to, in which
    /// case they are kept at once. Results are kept in the order they were worked.
    pub fn step<E: Send>(
        &mut self,
        work: impl FnOnce() -> T + Send,
        hold: impl FnOnce(&T) -> bool,
        keep: &mut (impl FnMut(T) -> Result<(), E> + Send),
    ) -> Result<(), E> {
        let previous = self.pending.take();
        let (done, kept) = rayon::join(work, || previous.map_or(Ok(()), &mut *keep));
        kept?;
        if hold(&done) {
            self.pending = Some(done);
            Ok(())
        } else {
            keep(done)
        }
    }

    /// Keeps the last chunk's results.
    pub fn finish<E>(self, keep: &mut impl FnMut(T) -> Result<(), E>) -> Result<(), E> {
        self.pending.map_or(Ok(()), keep)
    }
}

impl<T: Send> Default for Overlap<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_input_order_and_size() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/extract");
        let listed = crate::source::list_paths(&[root]);
        let n = listed.len();
        assert!(n > 3);
        let tagged: Vec<(Pending, usize)> = listed.into_iter().zip(0..).collect();
        let chunks: Vec<Vec<Read<usize>>> = Chunks::new(tagged, None).with_size(3).collect();
        assert!(chunks.iter().all(|c| !c.is_empty() && c.len() <= 3));
        let tags: Vec<usize> = chunks.iter().flatten().map(|(_, t)| *t).collect();
        assert_eq!(tags, (0..n).collect::<Vec<_>>());
    }

    #[test]
    fn overlap_keeps_every_result_in_order_and_stops_at_an_error() {
        // Chunks of various sizes; the large ones (over 3 items) are kept at once.
        let sizes = [2usize, 5, 1, 0, 4, 3, 7, 1];
        let mut kept: Vec<usize> = Vec::new();
        let mut overlap = Overlap::new();
        let mut next = 0;
        let mut keep = |chunk: Vec<usize>| -> Result<(), String> {
            kept.extend(chunk);
            Ok(())
        };
        for &n in &sizes {
            let first = next;
            next += n;
            overlap
                .step(
                    || (first..first + n).into_par_iter().map(|i| i).collect(),
                    |chunk: &Vec<usize>| chunk.len() <= 3,
                    &mut keep,
                )
                .unwrap();
        }
        overlap.finish(&mut keep).unwrap();
        assert_eq!(kept, (0..next).collect::<Vec<_>>());

        // An error from keeping the previous chunk comes back from the step after it, and
        // what was worked in that step is not kept.
        let mut calls = 0;
        let mut failing = |_: Vec<usize>| -> Result<(), String> {
            calls += 1;
            Err("disk full".into())
        };
        let mut overlap = Overlap::new();
        assert_eq!(overlap.step(|| vec![1], |_| true, &mut failing), Ok(()));
        assert_eq!(
            overlap.step(|| vec![2], |_| true, &mut failing),
            Err("disk full".into())
        );
        assert_eq!(overlap.finish(&mut failing), Ok(()));
        assert_eq!(calls, 1);
    }
}
