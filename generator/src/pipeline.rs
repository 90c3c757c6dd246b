//! The stages in order: [`overlay`](crate::overlay) (when there are overlays) →
//! [`convert`](crate::convert) (when the spec is not plain OpenAPI 3.0) →
//! [`parse`](crate::parse) → [`lower`](crate::lower) →
//! [`render`](crate::render) → [`format`](mod@crate::format) → [`output`](crate::output).
//! Each stage uses only the ones before it; this module runs them.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::convert::Converted;
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
    let mut converted = None;
    let parsed = match crate::convert::Route::of(&source.text, overlays.is_empty()) {
        crate::convert::Route::Direct => crate::parse::parse(source)?,
        crate::convert::Route::Unknown => match crate::parse::parse(source) {
            Ok(parsed) => parsed,
            // A document whose version the text does not say plainly: converted if it is
            // one that converts, else explained as the parser explains it.
            Err(e)
                if crate::parse::read_value(source).is_ok_and(|v| crate::convert::converts(&v)) =>
            {
                let (parsed, conversion) =
                    through_conversion(source, overlays, &mut changes, &mut overlay_notes)?;
                converted = Some(conversion);
                drop(e);
                parsed
            }
            Err(e) => return Err(e),
        },
        crate::convert::Route::Convert => {
            let (parsed, conversion) =
                through_conversion(source, overlays, &mut changes, &mut overlay_notes)?;
            converted = Some(conversion);
            parsed
        }
    };
    times.parse = started.elapsed();
    let started = Instant::now();
    let lowered = crate::lower::lower(&parsed, source, options.selection, options.share_types);
    let lowered = lowered.map_err(|e| match &converted {
        Some(c) => moved_error(e, c, source),
        None => e,
    });
    let mut model = lowered.map_err(|e| changes.annotate_error(e))?;
    let mut conversion_notes = Vec::new();
    if let Some(conversion) = converted {
        moved_diagnostics(&mut model.diagnostics, &conversion, source);
        moved_origins(&mut model, &conversion.moves);
        let root_dir = source.path.as_deref().and_then(std::path::Path::parent);
        model.api.spec_files = conversion
            .files
            .read
            .iter()
            .map(|(relative, _, _)| root_dir.map_or_else(|| relative.clone(), |d| d.join(relative)))
            .collect();
        conversion_notes = conversion.notes;
    }
    drop_later(parsed);
    for diagnostic in &mut model.diagnostics {
        changes.annotate(&diagnostic.pointer, &mut diagnostic.message);
    }
    locate(source, &mut conversion_notes);
    model
        .diagnostics
        .splice(0..0, overlay_notes.into_iter().chain(conversion_notes));
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

/// The spec read as data, changed by the overlays, converted to OpenAPI 3.0, and parsed.
fn through_conversion(
    source: &Source,
    overlays: &[Overlay],
    changes: &mut Changes,
    overlay_notes: &mut Vec<crate::error::Diagnostic>,
) -> Result<(crate::parse::Parsed, crate::convert::Converted)> {
    let mut spec = read_spec(source)?;
    for overlay in overlays {
        overlay.apply(&mut spec, changes, overlay_notes)?;
    }
    let conversion = crate::convert::to_openapi_30(&mut spec, source)?;
    let parsed = crate::parse::parse_value(source, &spec)
        .map_err(|e| moved_error(e, &conversion, source))
        .map_err(|e| changes.annotate_error(e))?;
    Ok((parsed, conversion))
}

/// Points diagnostics about a converted spec at the nodes the user wrote, in the file
/// they wrote them in.
fn moved_diagnostics(
    diagnostics: &mut [crate::error::Diagnostic],
    conversion: &Converted,
    source: &Source,
) {
    // Each moved diagnostic: its index, where it was written, and in which file.
    let moved: Vec<(usize, String, Option<usize>)> = diagnostics
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let (original, file) = conversion.moves.original(&d.pointer);
            (original != d.pointer).then_some((i, original, file))
        })
        .collect();
    let mut files: Vec<Option<usize>> = moved.iter().map(|(_, _, file)| *file).collect();
    files.sort_unstable();
    files.dedup();
    // One pass over each file's text for all the pointers in it.
    for file in files {
        let text = conversion.text(file, source);
        let in_file = || moved.iter().filter(move |(_, _, f)| *f == file);
        let pointers: Vec<&str> = in_file()
            .map(|(_, original, _)| original.as_str())
            .collect();
        let found = text.locate(&pointers);
        for (i, original, _) in in_file() {
            let d = &mut diagnostics[*i];
            d.location = found.get(original).copied();
            d.file = file.map(|_| text.name.clone());
            d.pointer = original.clone();
        }
    }
}

/// Points the `Source:` of each type and operation of a converted spec at the node the
/// user wrote, when it is in the spec's own file.
fn moved_origins(model: &mut Model, moves: &crate::convert::Moves) {
    let origins = model
        .types
        .iter_mut()
        .map(|t| &mut t.origin)
        .chain(model.operations.iter_mut().map(|o| &mut o.origin));
    for origin in origins {
        if let (original, None) = moves.original(origin.as_str()) {
            if let Some(original) = crate::pointer::Pointer::parse(&original) {
                *origin = original;
            }
        }
    }
}

/// Points the problems of a converted spec at the nodes the user wrote, naming the file
/// when it is not the spec.
fn moved_error(error: Error, conversion: &Converted, source: &Source) -> Error {
    let Error::Spec {
        source_name,
        mut problems,
    } = error
    else {
        return error;
    };
    for problem in &mut problems {
        let (original, file) = conversion.moves.original(&problem.pointer);
        if original == problem.pointer {
            continue;
        }
        let text = conversion.text(file, source);
        problem.location = text.locate(&[original.as_str()]).get(&original).copied();
        if file.is_some() {
            problem.message = format!("{} (in `{}`)", problem.message, text.name);
        }
        problem.pointer = original;
    }
    Error::Spec {
        source_name,
        problems,
    }
}

/// Places diagnostics about the spec at their lines.
fn locate(source: &Source, diagnostics: &mut [crate::error::Diagnostic]) {
    let pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
    let found = source.locate(&pointers);
    for d in diagnostics.iter_mut() {
        d.location = found.get(&d.pointer).copied();
    }
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
