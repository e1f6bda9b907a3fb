//! A small deterministic random generator (xorshift64: shifts 13, 7, 17) for the tests that
//! try many generated inputs: a seed gives the same inputs on every run, so a failure can be
//! reproduced.

/// xorshift64, from its seed (not 0).
pub(crate) struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (not 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// An index below `n` (not 0).
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
}
