//! Generates typed, validated Rust clients from OpenAPI specs (3.0; 3.1 and Swagger 2.0
//! are converted to 3.0 first).
//!
//! The pipeline reads off the module list: `convert` (other versions and other files into
//! one OpenAPI 3.0 document) → `parse` (YAML or JSON into `openapiv3`) →
//! `lower` (into the [`model`] of types and operations) → `render` (minijinja templates,
//! and the runtime files copied as they are) → `format` (`syn` + `prettyplease`) →
//! `output` (the crate's folder, or one module for a `build.rs`). Every entry point — the
//! command line, a `build.rs`, the tests — calls [`Generator::generate`].
//!
//! ```no_run
//! let output = generator::Generator::from_path("spec/create-serverless-private-endpoint.yaml")
//!     .crate_name("atlas-admin")
//!     .generate()?;
//! output.write_to(std::path::Path::new("generated"))?;
//! # Ok::<(), generator::Error>(())
//! ```

mod convert;
pub mod error;
mod format;
mod lower;
pub mod model;
mod names;
mod output;
mod overlay;
mod parse;
mod pipeline;
mod pointer;
mod pool;
mod render;

use std::path::{Path, PathBuf};

pub use error::{
    Diagnostic, DiagnosticKind, Error, FormatError, Location, Problem, ProblemKind, Result,
};
pub use format::module_file;
pub use lower::Selection;
pub use model::Paging;
pub use output::{ModuleOutput, Output};
pub use parse::{Format, Source};
pub use pipeline::StageTimes;
pub use pointer::Pointer;

/// The spec this project ships and generates by default.
pub const DEFAULT_SPEC: &str = include_str!("../../spec/create-serverless-private-endpoint.yaml");
/// The default spec's file name.
pub const DEFAULT_SPEC_NAME: &str = "create-serverless-private-endpoint.yaml";
/// The overlay applied to the default spec: what the service sends that the spec gets wrong.
pub const DEFAULT_OVERLAY: &str = include_str!("../../spec/atlas-fixes.overlay.yaml");
/// The default overlay's file name.
pub const DEFAULT_OVERLAY_NAME: &str = "atlas-fixes.overlay.yaml";
/// The default spec's crate name; other specs' crates are named after their title.
pub const DEFAULT_CRATE_NAME: &str = "atlas-admin";

/// Where the spec comes from.
#[derive(Debug, Clone)]
enum Input {
    Path(PathBuf),
    Text(Source),
}

impl Input {
    fn source(&self) -> Result<Source> {
        match self {
            Input::Path(p) => Source::from_path(p),
            Input::Text(s) => Ok(s.clone()),
        }
    }
}

/// Configures and runs a generation.
#[derive(Debug, Clone)]
pub struct Generator {
    input: Input,
    overlays: Vec<Input>,
    crate_name: Option<String>,
    crate_version: String,
    templates: Option<PathBuf>,
    selection: Selection,
    strict: bool,
    share_types: bool,
}

impl Generator {
    /// Generates from a spec file (`.yaml`, `.yml` or `.json`).
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        Self::new(Input::Path(path.into()))
    }

    /// Generates from a spec in memory; `name` is used in messages and file headers.
    pub fn from_text(
        name: impl Into<String>,
        text: impl Into<String>,
        format: Option<Format>,
    ) -> Self {
        Self::new(Input::Text(Source::from_text(name, text, format)))
    }

    /// Generates from the spec this project ships, with its overlay.
    pub fn default_spec() -> Self {
        Self::from_text(DEFAULT_SPEC_NAME, DEFAULT_SPEC, Some(Format::Yaml))
            .overlay_text(DEFAULT_OVERLAY_NAME, DEFAULT_OVERLAY)
            .crate_name(DEFAULT_CRATE_NAME)
    }

    fn new(input: Input) -> Self {
        Generator {
            input,
            overlays: Vec::new(),
            crate_name: None,
            crate_version: "0.1.0".to_owned(),
            templates: None,
            selection: Selection::all(),
            strict: false,
            share_types: true,
        }
    }

    /// Applies an OpenAPI Overlay 1.0 document (YAML or JSON) to the spec before it is read;
    /// overlays apply in the order they are given. Fixes a spec without editing it: each
    /// action's JSONPath `target` selects nodes, and its `update` is merged into them, or
    /// `remove: true` removes them.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(Input::Path(path.into()));
        self
    }

    /// [`overlay`](Self::overlay) with the overlay in memory; `name` is used in messages.
    pub fn overlay_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.overlays
            .push(Input::Text(Source::from_text(name, text, None)));
        self
    }

    /// The generated package's name (its library is the same with `_` for `-`). Without
    /// one, the crate is named after the spec's `info.title` (`Pet Store API` makes
    /// `pet-store-api`).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The generated package's version.
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = version.into();
        self
    }

    /// A folder of templates that replace the built-in ones of the same name.
    pub fn templates(mut self, dir: impl Into<PathBuf>) -> Self {
        self.templates = Some(dir.into());
        self
    }

    /// Generates only these operations (by `operationId`); may be called repeatedly.
    pub fn operation(mut self, id: impl Into<String>) -> Self {
        self.selection.operations.push(id.into());
        self
    }

    /// Generates only operations with this tag; may be called repeatedly.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.selection.tags.push(tag.into());
        self
    }

    /// Does not walk the pages of this operation (by `operationId`), whatever convention it
    /// follows: its builder gets no `pages()` or `items()`. May be called repeatedly; the
    /// spec can say the same with `x-pagination: false` on the operation.
    pub fn unpaged(mut self, id: impl Into<String>) -> Self {
        self.selection.unpaged.push(id.into());
        self
    }

    /// Walks the pages of this operation (by `operationId`) as `paging` says, whatever the
    /// spec says or detection finds: for a list that pages its own way. The names must be
    /// the operation's (a query parameter, a member of its answer); one that is not is a
    /// `note` diagnostic and the pages are not walked. The spec can say the same with
    /// `x-pagination: {convention: cursor, param: after, next: next_page, items: data}`.
    ///
    /// ```
    /// # use generator::{Generator, Paging};
    /// let generator = Generator::from_path("openapi.yaml").paging(
    ///     "listEvents",
    ///     Paging::Cursor { param: "after".into(), next: "next_page".into(), items: "data".into() },
    /// );
    /// ```
    pub fn paging(mut self, id: impl Into<String>, paging: Paging) -> Self {
        self.selection.paging.push((id.into(), paging));
        self
    }

    /// Fails when there are diagnostics (something was skipped or renamed; `info` notes,
    /// such as a list that pages, never fail).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Whether values that are one concept share one type (on by default): inline validated
    /// strings with the same rules under the same property or parameter name (every
    /// `groupId` is a `GroupId`), and inline enums with the same values. Off, every
    /// property and parameter has a type of its own.
    pub fn share_types(mut self, share: bool) -> Self {
        self.share_types = share;
        self
    }

    fn model_options(&self) -> pipeline::ModelOptions<'_> {
        pipeline::ModelOptions {
            selection: &self.selection,
            share_types: self.share_types,
            strict: self.strict,
        }
    }

    fn source(&self) -> Result<Source> {
        self.input.source()
    }

    fn overlays(&self) -> Result<Vec<overlay::Overlay>> {
        self.overlays
            .iter()
            .map(|input| overlay::Overlay::read(&input.source()?))
            .collect()
    }

    fn check_crate_name(&self) -> Result<()> {
        let Some(name) = &self.crate_name else {
            return Ok(());
        };
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && name.starts_with(|c: char| c.is_ascii_alphabetic());
        if ok {
            Ok(())
        } else {
            Err(Error::Usage(format!(
                "`{name}` is not a usable crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
            )))
        }
    }

    /// Parses and lowers the spec: the model the templates are rendered from.
    pub fn model(&self) -> Result<model::Model> {
        let options = self.model_options();
        let overlays = self.overlays()?;
        pipeline::model(
            &self.source()?,
            &overlays,
            &options,
            &mut StageTimes::default(),
        )
    }

    /// Generates the crate into memory.
    pub fn generate(&self) -> Result<Output> {
        self.generate_timed().map(|(output, _)| output)
    }

    /// Generates the crate into memory, and says how long each stage took.
    pub fn generate_timed(&self) -> Result<(Output, StageTimes)> {
        self.check_crate_name()?;
        let mut times = StageTimes::default();
        let overlays = self.overlays()?;
        let mut model = pipeline::model(
            &self.source()?,
            &overlays,
            &self.model_options(),
            &mut times,
        )?;
        let crate_name = self
            .crate_name
            .clone()
            .unwrap_or_else(|| crate_name_from_title(&model.api.title));
        let settings = pipeline::CrateSettings {
            name: &crate_name,
            version: &self.crate_version,
            templates: self.templates.as_deref(),
        };
        let mut output = pipeline::files(&model, &settings, &mut times)?;
        let spec_files = std::mem::take(&mut model.api.spec_files);
        pipeline::drop_later(model);
        let paths = std::iter::once(&self.input).chain(&self.overlays);
        let read: Vec<PathBuf> = paths
            .filter_map(|input| match input {
                Input::Path(p) => Some(p.clone()),
                Input::Text(_) => None,
            })
            .collect();
        output
            .inputs
            .splice(0..0, read.into_iter().chain(spec_files));
        Ok((output, times))
    }

    /// Generates the client as one module file, for a `build.rs` to write into `OUT_DIR`
    /// and a crate to `include!`. The module is the crate's files folded together, so it is
    /// the same code as [`generate`](Self::generate) writes.
    pub fn generate_module(&self) -> Result<ModuleOutput> {
        self.generate()?.module()
    }

    /// For a `build.rs`: generates the module, writes it to `$OUT_DIR/<file_name>`, prints
    /// `cargo:rerun-if-changed` for the spec, each overlay, every template read (and the template
    /// folder, so an added override counts) and each diagnostic as a `cargo:warning`.
    /// Returns the written path.
    ///
    /// ```no_run
    /// // In build.rs's `main`:
    /// let spec = "../spec/create-serverless-private-endpoint.yaml";
    /// if let Err(e) = generator::Generator::from_path(spec).build_rs("atlas.rs") {
    ///     eprintln!("{e}");
    ///     std::process::exit(1);
    /// }
    /// ```
    pub fn build_rs(&self, file_name: &str) -> Result<PathBuf> {
        let out_dir = std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| {
                Error::Usage("OUT_DIR is not set: build_rs is for build scripts".to_owned())
            })?;
        self.build_rs_into(&out_dir, file_name, &mut std::io::stdout())
    }

    /// [`build_rs`](Self::build_rs) with the folder and the sink for cargo's instructions
    /// given, for tests and for build scripts that write elsewhere.
    pub fn build_rs_into(
        &self,
        out_dir: &Path,
        file_name: &str,
        cargo: &mut dyn std::io::Write,
    ) -> Result<PathBuf> {
        let mut say = |line: String| {
            // Cargo reads these from stdout; a closed stdout loses nothing that matters.
            let _ = writeln!(cargo, "{line}");
        };
        if let Input::Path(p) = &self.input {
            say(format!("cargo:rerun-if-changed={}", p.display()));
        }
        if let Some(dir) = &self.templates {
            say(format!("cargo:rerun-if-changed={}", dir.display()));
        }
        let module = self.generate_module()?;
        for input in module
            .inputs
            .iter()
            .filter(|i| !matches!(&self.input, Input::Path(p) if p == *i))
        {
            say(format!("cargo:rerun-if-changed={}", input.display()));
        }
        for d in &module.diagnostics {
            for line in d.to_string().lines() {
                say(format!("cargo:warning={line}"));
            }
        }
        let path = out_dir.join(file_name);
        module.write_to(&path)?;
        Ok(path)
    }
}

/// A crate name made of a spec's title: its ASCII letters and digits, in lower-case words
/// joined by `-`, at most six words; `api-client` when nothing is left.
pub fn crate_name_from_title(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_ascii_lowercase)
        .collect();
    let name = words.join("-");
    if name.is_empty() {
        "api-client".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod crate_name_tests {
    use super::crate_name_from_title;

    #[test]
    fn names_from_titles() {
        assert_eq!(crate_name_from_title("Pet Store API"), "pet-store-api");
        assert_eq!(
            crate_name_from_title("GitHub's official OpenAPI spec + Octokit extension"),
            "github-s-official-openapi-spec-octokit"
        );
        assert_eq!(
            crate_name_from_title("Blockfrost.io ~ API Documentation"),
            "blockfrost-io-api-documentation"
        );
        assert_eq!(crate_name_from_title("3D Printing"), "api-3d-printing");
        assert_eq!(crate_name_from_title("日本語"), "api-client");
    }
}
