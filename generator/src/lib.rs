//! Generates typed, validated Rust clients from OpenAPI 3.0 specs.

pub mod error;
pub mod lower;
pub mod model;
pub mod names;
pub mod parse;
pub mod pointer;

pub use error::{Diagnostic, DiagnosticKind, Error, Location, Problem, ProblemKind, Result};
pub use lower::Selection;
