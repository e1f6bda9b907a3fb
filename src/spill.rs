//! Results held until a later pass: in memory while they stay under a budget, then in a
//! temporary file (JSON Lines), read back in the order they were put in. `audit` and `check`
//! keep each article's results here between checking the articles and writing the report.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

/// Items kept in order, the first ones in memory and the rest, once the budget is spent, in
/// a temporary file.
pub struct Spill<T> {
    held: Vec<T>,
    budget: usize,
    used: usize,
    file: Option<BufWriter<std::fs::File>>,
    spilled: usize,
}

impl<T: Serialize + DeserializeOwned> Spill<T> {
    /// Keeps items in memory while their weights add up to at most `budget` (0: none).
    pub fn new(budget: usize) -> Self {
        Spill {
            held: Vec::new(),
            budget,
            used: 0,
            file: None,
            spilled: 0,
        }
    }

    /// Adds an item weighing `weight` (about its size in bytes).
    pub fn push(&mut self, item: T, weight: usize) -> io::Result<()> {
        if self.file.is_none() && self.used + weight <= self.budget {
            self.used += weight;
            self.held.push(item);
            return Ok(());
        }
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(BufWriter::new(tempfile::tempfile()?)),
        };
        serde_json::to_writer(&mut *file, &item)?;
        file.write_all(b"\n")?;
        self.spilled += 1;
        Ok(())
    }

    /// How many items went to the file.
    pub fn spilled(&self) -> usize {
        self.spilled
    }

    /// The items, in the order they were added.
    pub fn drain(self) -> io::Result<impl Iterator<Item = io::Result<T>>> {
        let lines = match self.file {
            Some(file) => {
                let mut file = file.into_inner().map_err(|e| e.into_error())?;
                file.rewind()?;
                Some(BufReader::new(file).lines())
            }
            None => None,
        };
        let read = lines.into_iter().flatten().map(|line| {
            serde_json::from_str(&line?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
        });
        Ok(self.held.into_iter().map(Ok).chain(read))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_back_in_order_across_memory_and_file() {
        for budget in [0, 10, 1000] {
            let mut spill = Spill::new(budget);
            for i in 0..20u32 {
                spill.push(vec![i.to_string(); 2], 4).unwrap();
            }
            assert_eq!(
                spill.spilled(),
                if budget == 1000 { 0 } else { 20 - budget / 4 }
            );
            let back: Vec<Vec<String>> = spill.drain().unwrap().map(Result::unwrap).collect();
            assert_eq!(back.len(), 20);
            assert!(back.iter().enumerate().all(|(i, v)| v[0] == i.to_string()));
        }
    }
}
