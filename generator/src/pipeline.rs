//! The stages in order: [`overlay`](crate::overlay) (when there are overlays) →
//! [`parse`](crate::parse) → [`lower`](crate::lower) →
//! [`render`](crate::render) → [`format`](mod@crate::format) → [`output`](crate::output).
//! Each stage uses only the ones before it; this module runs them.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{DiagnosticKind, Error, Result};
use crate::lower::Selection;
use crate::model::Model;
use crate::output::Output;
use crate::overlay::{Changes, Overlay};
use crate::parse::Source;
use crate::render::{Renderer, Templates};

/// How long each stage of one run took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StageTimes {
    /// Reading the spec, applying overlays, and parsing it into the OpenAPI object model.
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

/// Stages 0 to 2: the model of a spec's selected operations, with the overlays applied in
/// order. Problems and diagnostics at a node an overlay changed say so. With `strict`, any
/// diagnostic but an `info` fails the run.
pub(crate) fn model(
    source: &Source,
    overlays: &[Overlay],
    options: &ModelOptions<'_>,
    times: &mut StageTimes,
) -> Result<Model> {
    let started = Instant::now();
    let mut changes = Changes::default();
    let mut overlay_notes = Vec::new();
    let parsed = if overlays.is_empty() {
        crate::parse::parse(source)?
    } else {
        let mut spec = read_spec(source)?;
        for overlay in overlays {
            overlay.apply(&mut spec, &mut changes, &mut overlay_notes)?;
        }
        crate::parse::parse_value(source, &spec).map_err(|e| changes.annotate_error(e))?
    };
    times.parse = started.elapsed();
    let started = Instant::now();
    let lowered = crate::lower::lower(&parsed, source, options.selection, options.share_types);
    let mut model = lowered.map_err(|e| changes.annotate_error(e))?;
    drop_later(parsed);
    for diagnostic in &mut model.diagnostics {
        changes.annotate(&diagnostic.pointer, &mut diagnostic.message);
    }
    model.diagnostics.splice(0..0, overlay_notes);
    model.api.overlays = overlays.iter().map(|o| o.name().to_owned()).collect();
    times.lower = started.elapsed();
    let failing: Vec<_> = model
        .diagnostics
        .iter()
        .filter(|d| d.kind != DiagnosticKind::Info)
        .cloned()
        .collect();
    if options.strict && !failing.is_empty() {
        return Err(Error::Strict {
            source_name: source.name.clone(),
            diagnostics: failing,
        });
    }
    Ok(model)
}

/// A spec read as data for overlays to change. A spec that cannot be read so is explained
/// as the parser explains it without overlays.
fn read_spec(source: &Source) -> Result<serde_json::Value> {
    crate::parse::read_value(source).map_err(|e| crate::parse::parse(source).err().unwrap_or(e))
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
