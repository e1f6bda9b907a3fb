//! Parts of the command line that are not argument parsing: preparing inputs and settings.

pub mod inputs;
