//! Parts of the command line that are not argument parsing: reading inputs with their
//! settings, and the streaming runs of `check` and `extract`.

pub mod check;
pub mod extract;
pub mod held;
pub mod inputs;
