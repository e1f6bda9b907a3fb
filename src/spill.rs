//! Results held until a later pass: in memory while they stay under a budget, then in
//! temporary files, read back in the order they were put in. Each item may carry a body (a
//! document's text) kept raw, in a file of its own, so a large text is neither escaped nor
//! held twice when it is read back. `audit` and `check` keep each article's results here
//! between checking the articles and writing the report.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};

/// Items kept in order, the first ones in memory and the rest, once the budget is spent, in
/// temporary files (the items as JSON, their bodies raw, each after its length).
pub struct Spill<T> {
    held: Vec<(T, String)>,
    budget: usize,
    used: usize,
    files: Option<(BufWriter<File>, BufWriter<File>)>,
    spilled: usize,
}

impl<T: Serialize + DeserializeOwned> Spill<T> {
    /// Keeps items in memory while their weights add up to at most `budget` (0: none).
    pub fn new(budget: usize) -> Self {
        Spill {
            held: Vec::new(),
            budget,
            used: 0,
            files: None,
            spilled: 0,
        }
    }

    /// Adds an item with its body, weighing `weight` (about its size in bytes).
    pub fn push(&mut self, item: T, body: String, weight: usize) -> io::Result<()> {
        if self.files.is_none() && self.budget > 0 && self.used + weight <= self.budget {
            self.used += weight;
            self.held.push((item, body));
            return Ok(());
        }
        let (items, bodies) = match &mut self.files {
            Some(f) => f,
            None => self.files.insert((
                BufWriter::new(tempfile::tempfile()?),
                BufWriter::new(tempfile::tempfile()?),
            )),
        };
        serde_json::to_writer(&mut *items, &item)?;
        items.write_all(b"\n")?;
        bodies.write_all(&(body.len() as u64).to_le_bytes())?;
        bodies.write_all(body.as_bytes())?;
        self.spilled += 1;
        Ok(())
    }

    /// How many items went to the files.
    pub fn spilled(&self) -> usize {
        self.spilled
    }

    /// The items with their bodies, in the order they were added.
    pub fn drain(self) -> io::Result<impl Iterator<Item = io::Result<(T, String)>>> {
        let reopen = |f: BufWriter<File>| -> io::Result<BufReader<File>> {
            let mut f = f.into_inner().map_err(|e| e.into_error())?;
            f.rewind()?;
            Ok(BufReader::new(f))
        };
        let read = match self.files {
            Some((items, bodies)) => Some((reopen(items)?.lines(), reopen(bodies)?)),
            None => None,
        };
        // One item per line, each parsed from a string: much faster than parsing from the
        // reader, which serde_json reads byte by byte.
        let read = read.into_iter().flat_map(|(items, mut bodies)| {
            items.map(move |line| {
                let item = serde_json::from_str(&line?)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
                Ok((item, read_body(&mut bodies)?))
            })
        });
        Ok(self.held.into_iter().map(Ok).chain(read))
    }
}

fn read_body(bodies: &mut impl Read) -> io::Result<String> {
    let mut len = [0; 8];
    bodies.read_exact(&mut len)?;
    let len = usize::try_from(u64::from_le_bytes(len)).map_err(io::Error::other)?;
    let mut bytes = Vec::with_capacity(len);
    bodies.take(len as u64).read_to_end(&mut bytes)?;
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_of_zero_keeps_nothing_in_memory() {
        // Items of weight 0 too (audit's rows): they once stayed in memory, all of them.
        let mut spill = Spill::new(0);
        for i in 0..5u32 {
            spill.push(i, String::new(), 0).unwrap();
        }
        assert_eq!(spill.spilled(), 5);
        let back: Vec<u32> = spill.drain().unwrap().map(|r| r.unwrap().0).collect();
        assert_eq!(back, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn items_come_back_in_order_across_memory_and_files() {
        for budget in [0, 10, 1000] {
            let mut spill = Spill::new(budget);
            for i in 0..20u32 {
                spill
                    .push(vec![i.to_string(); 2], format!("第{i}\n\""), 4)
                    .unwrap();
            }
            assert_eq!(
                spill.spilled(),
                if budget == 1000 { 0 } else { 20 - budget / 4 }
            );
            let back: Vec<(Vec<String>, String)> =
                spill.drain().unwrap().map(Result::unwrap).collect();
            assert_eq!(back.len(), 20);
            for (i, (v, body)) in back.iter().enumerate() {
                assert_eq!(v[0], i.to_string());
                assert_eq!(body, &format!("第{i}\n\""));
            }
        }
    }
}
