//! Errors and diagnostics of the generator.
//!
//! Every problem found in a spec carries the JSON pointer (RFC 6901) of the place it was
//! found and, where the source format allows, its line and column. Problems are collected
//! before failing, so one run reports all of them.

use std::fmt;
use std::path::PathBuf;

/// A position in the spec's source text, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    /// Line, counting from 1.
    pub line: usize,
    /// Column in characters, counting from 1.
    pub column: usize,
}

/// One problem in a spec: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// JSON pointer into the spec, such as `#/components/schemas/Foo/pattern`.
    pub pointer: String,
    /// Line and column in the source, where known.
    pub location: Option<Location>,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// What is wrong with an `enum` that lists no value (`enum: []`, or `enum: null`), wherever
/// the rule is checked: as the source is read (`openapiv3` reads such an `enum` as none) and
/// as a schema is lowered.
pub(crate) const EMPTY_ENUM: &str = "`enum` is empty: no value could ever be valid";

/// The kinds of [`Problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The spec breaks the OpenAPI 3.0 specification or contradicts itself.
    Invalid,
    /// The spec uses something this generator does not support.
    Unsupported,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ProblemKind::Invalid => "error",
            ProblemKind::Unsupported => "unsupported",
        };
        write!(f, "{kind}: {}", self.message)?;
        write!(f, "\n  at {}", self.pointer)?;
        if let Some(loc) = self.location {
            write!(f, " (line {}, column {})", loc.line, loc.column)?;
        }
        Ok(())
    }
}

/// Something the generator worked around and wants the user to know about. A run with
/// diagnostics still produces output, unless `strict` is set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// What kind of diagnostic it is.
    pub kind: DiagnosticKind,
    /// The file it is in, when that is not the spec (an overlay's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// JSON pointer of the item concerned.
    pub pointer: String,
    /// Line and column in the source, where known.
    pub location: Option<Location>,
    /// What happened and why.
    pub message: String,
}

/// The kinds of [`Diagnostic`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// An item uses something unsupported and was left out of the output.
    Skipped,
    /// Two names of the spec became one Rust name; one of them got a suffix.
    NameCollision,
    /// The spec is unusual but was understood; the message says how.
    Note,
    /// The spec breaks OpenAPI 3.0 here in a way common enough to read past; the message
    /// says how it was read.
    Repaired,
    /// A convention the generator recognised and uses (a list that pages): for the record,
    /// and never a failure under `strict`.
    Info,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            DiagnosticKind::Skipped => "skipped",
            DiagnosticKind::NameCollision => "name collision",
            DiagnosticKind::Note => "note",
            DiagnosticKind::Repaired => "repaired",
            DiagnosticKind::Info => "info",
        };
        write!(f, "{kind}: {}\n  at ", self.message)?;
        if let Some(file) = &self.file {
            f.write_str(file)?;
        }
        f.write_str(&self.pointer)?;
        if let Some(loc) = self.location {
            write!(f, " (line {}, column {})", loc.line, loc.column)?;
        }
        Ok(())
    }
}

/// Everything that can make generation fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// The spec is not well-formed YAML or JSON, or not an OpenAPI 3.0 document.
    #[error("{source_name}: {message}{}", fmt_where(pointer.as_deref(), *location))]
    Parse {
        /// The spec's name (its file name).
        source_name: String,
        /// JSON pointer of the failing value, where known.
        pointer: Option<String>,
        /// Line and column, where known.
        location: Option<Location>,
        /// What is wrong.
        message: String,
    },

    /// The spec parsed, but has problems; all of them are listed.
    #[error("{source_name}: {} problem{} in the spec:\n{}", problems.len(), plural(problems.len()), list(problems))]
    Spec {
        /// The spec's name (its file name).
        source_name: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },

    /// An overlay is not a well-formed Overlay 1.0 document, or one of its actions cannot be
    /// applied; every problem is listed, located in the overlay.
    #[error("{source_name}: {} problem{} in the overlay:\n{}", problems.len(), plural(problems.len()), list(problems))]
    Overlay {
        /// The overlay's name (its file name).
        source_name: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },

    /// `strict` was set and the run produced diagnostics.
    #[error("{source_name}: strict mode: {} diagnostic{}:\n{}", diagnostics.len(), plural(diagnostics.len()), list(diagnostics))]
    Strict {
        /// The spec's name (its file name).
        source_name: String,
        /// Every diagnostic.
        diagnostics: Vec<Diagnostic>,
    },

    /// A template failed to load or render. The minijinja error carries the template's
    /// name, line and an excerpt; `{:#}` prints them.
    #[error("template `{}`: {}", template, FullTemplateError(source))]
    Template {
        /// The template's name.
        template: String,
        /// minijinja's error.
        #[source]
        source: minijinja::Error,
    },

    /// A template rendered text that is not valid Rust. This is a bug in a template.
    #[error("{0}")]
    Format(Box<FormatError>),

    /// The generator was called with options that do not fit together.
    #[error("{0}")]
    Usage(String),
}

/// Rendered text that is not valid Rust: where, why, and the text itself.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "template `{template}` rendered invalid Rust for `{file}`: {message} at line {line}\n{excerpt}"
)]
#[non_exhaustive]
pub struct FormatError {
    /// The output file.
    pub file: String,
    /// The template that rendered the failing text.
    pub template: String,
    /// The parser's message.
    pub message: String,
    /// Line in the rendered text.
    pub line: usize,
    /// Column in the rendered text (1: the line is known, not the column).
    pub column: usize,
    /// The offending lines, numbered, with a marker under the failing column.
    pub excerpt: String,
    /// The full rendered text, for inspection.
    pub rendered: String,
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

struct FullTemplateError<'a>(&'a minijinja::Error);

impl fmt::Display for FullTemplateError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let err = self.0;
        write!(f, "{}", err.kind())?;
        if let Some(detail) = err.detail() {
            write!(f, ": {detail}")?;
        }
        if let (Some(name), Some(line)) = (err.name(), err.line()) {
            write!(f, " (in {name} at line {line})")?;
        }
        let debug = err.display_debug_info().to_string();
        if !debug.trim().is_empty() {
            write!(f, "\n{debug}")?;
        }
        let mut source = std::error::Error::source(err);
        while let Some(inner) = source {
            write!(f, "\ncaused by: {inner}")?;
            source = inner.source();
        }
        Ok(())
    }
}

fn fmt_where(pointer: Option<&str>, location: Option<Location>) -> String {
    let mut out = String::new();
    if let Some(p) = pointer {
        out.push_str("\n  at ");
        out.push_str(p);
    }
    if let Some(loc) = location {
        if pointer.is_none() {
            out.push_str("\n  at");
        }
        out.push_str(&format!(" (line {}, column {})", loc.line, loc.column));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("- {item}"));
    }
    out
}
