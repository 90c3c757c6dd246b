//! The stages in order: [`parse`](crate::parse) → [`lower`](crate::lower) →
//! [`render`](crate::render) → [`format`](mod@crate::format) → [`output`](crate::output).
//! Each stage uses only the ones before it; this module runs them.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::lower::Selection;
use crate::model::Model;
use crate::output::Output;
use crate::parse::Source;
use crate::render::{Renderer, Templates};

/// How long each stage of one run took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StageTimes {
    /// Reading the spec and parsing it into the OpenAPI object model.
    pub parse: Duration,
    /// Lowering it into the model of types and operations.
    pub lower: Duration,
    /// Rendering the files and formatting the Rust ones.
    pub render: Duration,
}

/// What shapes the model beyond its spec.
pub(crate) struct ModelOptions<'a> {
    /// The operations to generate.
    pub(crate) selection: &'a Selection,
    /// Whether equal types of one concept are one type (see `lower/share.rs`).
    pub(crate) share_types: bool,
    /// Whether any diagnostic fails the run.
    pub(crate) strict: bool,
}

/// What shapes the crate beyond its spec.
pub(crate) struct CrateSettings<'a> {
    pub(crate) name: &'a str,
    pub(crate) version: &'a str,
    pub(crate) templates: Option<&'a Path>,
}

/// Stages 1 and 2: the model of a spec's selected operations. With `strict`, any
/// diagnostic fails the run.
pub(crate) fn model(
    source: &Source,
    options: &ModelOptions<'_>,
    times: &mut StageTimes,
) -> Result<Model> {
    let started = Instant::now();
    let parsed = crate::parse::parse(source)?;
    times.parse = started.elapsed();
    let started = Instant::now();
    let model = crate::lower::lower(&parsed, source, options.selection, options.share_types)?;
    drop_later(parsed);
    times.lower = started.elapsed();
    if options.strict && !model.diagnostics.is_empty() {
        return Err(Error::Strict {
            source_name: source.name.clone(),
            diagnostics: model.diagnostics,
        });
    }
    Ok(model)
}

/// Stages 3 and 4: the crate's files. Each piece of Rust (a file's head, a type, an
/// operation) is rendered and formatted on its own, on all cores, and the pieces of a file
/// are joined in order.
pub(crate) fn files(
    model: &Model,
    settings: &CrateSettings<'_>,
    times: &mut StageTimes,
) -> Result<Output> {
    let started = Instant::now();
    let templates = Templates::load(settings.templates)?;
    let renderer = Renderer::new(model, &templates, settings.name, settings.version);
    let pieces = renderer.pieces();
    let formatted = crate::pool::map(&pieces, |p| crate::format::format(&renderer.render(p)?))?;
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for (piece, text) in pieces.iter().zip(formatted) {
        let entry = files.entry(piece.file().to_owned()).or_default();
        if !entry.is_empty() {
            entry.push('\n');
        }
        entry.push_str(&text);
    }
    files.extend(renderer.other_files()?);
    let output = Output {
        files,
        diagnostics: model.diagnostics.clone(),
        inputs: templates.read.clone(),
        dependencies: renderer.dependencies(),
    };
    times.render = started.elapsed();
    Ok(output)
}

/// Frees a large value on another thread, so the caller does not wait for it. (Where no
/// thread can be had, it is freed here.)
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
