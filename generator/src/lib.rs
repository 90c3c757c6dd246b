//! Generates typed, validated Rust clients from OpenAPI 3.0 specs.
//!
//! The pipeline reads off the module list: [`parse`] (YAML or JSON into `openapiv3`) →
//! [`lower`] (into the [`model`] of types and operations) → [`render`] (minijinja
//! templates) → [`format`](mod@format) (`syn` + `prettyplease`). Every entry point — the command line,
//! a `build.rs`, the tests — calls [`Generator::generate`].
//!
//! ```no_run
//! let output = generator::Generator::from_path("spec/create-serverless-private-endpoint.yaml")
//!     .crate_name("atlas-admin")
//!     .generate()?;
//! output.write_to(std::path::Path::new("generated"))?;
//! # Ok::<(), generator::Error>(())
//! ```

pub mod error;
pub mod format;
pub mod lower;
pub mod model;
pub mod names;
pub mod parse;
pub mod pointer;
pub mod render;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::{
    Diagnostic, DiagnosticKind, Error, FormatError, Location, Problem, ProblemKind, Result,
};
pub use format::module_file;
pub use lower::Selection;
pub use parse::{Format, Source};

use minijinja::Value;

/// The spec this project ships and generates by default.
pub const DEFAULT_SPEC: &str = include_str!("../../spec/create-serverless-private-endpoint.yaml");
/// The default spec's file name.
pub const DEFAULT_SPEC_NAME: &str = "create-serverless-private-endpoint.yaml";
/// The default spec's crate name; other specs' crates are named after their title.
pub const DEFAULT_CRATE_NAME: &str = "atlas-admin";

/// Where the spec comes from.
#[derive(Debug, Clone)]
enum Input {
    Path(PathBuf),
    Text(Source),
}

/// Configures and runs a generation.
#[derive(Debug, Clone)]
pub struct Generator {
    input: Input,
    crate_name: Option<String>,
    crate_version: String,
    templates: Option<PathBuf>,
    selection: Selection,
    strict: bool,
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

    /// Generates from the spec this project ships.
    pub fn default_spec() -> Self {
        Self::from_text(DEFAULT_SPEC_NAME, DEFAULT_SPEC, Some(Format::Yaml))
            .crate_name(DEFAULT_CRATE_NAME)
    }

    fn new(input: Input) -> Self {
        Generator {
            input,
            crate_name: None,
            crate_version: "0.1.0".to_owned(),
            templates: None,
            selection: Selection::all(),
            strict: false,
        }
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

    /// Fails when there are diagnostics (something was skipped or renamed).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    fn source(&self) -> Result<Source> {
        match &self.input {
            Input::Path(p) => Source::from_path(p),
            Input::Text(s) => Ok(s.clone()),
        }
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
        let source = self.source()?;
        let parsed = parse::parse(&source)?;
        let model = lower::lower(&parsed, &source, &self.selection)?;
        drop_later(parsed);
        if self.strict && !model.diagnostics.is_empty() {
            return Err(Error::Strict {
                source_name: source.name.clone(),
                diagnostics: model.diagnostics,
            });
        }
        Ok(model)
    }

    /// Generates the crate into memory.
    pub fn generate(&self) -> Result<Output> {
        self.check_crate_name()?;
        let model = self.model()?;
        let crate_name = self
            .crate_name
            .clone()
            .unwrap_or_else(|| crate_name_from_title(&model.api.title));
        let mut output = render_model(
            &model,
            self.templates.as_deref(),
            &crate_name,
            &self.crate_version,
        )?;
        drop_later(model);
        if let Input::Path(p) = &self.input {
            output.inputs.insert(0, p.clone());
        }
        Ok(output)
    }

    /// Generates the client as one module file, for a `build.rs` to write into `OUT_DIR`
    /// and a crate to `include!`. The module is the crate's files folded together, so it is
    /// the same code as [`generate`](Self::generate) writes.
    pub fn generate_module(&self) -> Result<ModuleOutput> {
        let output = self.generate()?;
        let text = format::module_file(&output.files)?;
        Ok(ModuleOutput {
            text,
            dependencies: output.dependencies(),
            diagnostics: output.diagnostics,
            inputs: output.inputs,
        })
    }

    /// For a `build.rs`: generates the module, writes it to `$OUT_DIR/<file_name>`, prints
    /// `cargo:rerun-if-changed` for the spec and every template read (and the template
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

/// The client as one module file.
#[derive(Debug, Clone)]
pub struct ModuleOutput {
    /// The module's text: `pub mod types { … } pub mod operations { … } …`.
    pub text: String,
    /// The `[dependencies]` the code needs, as `Cargo.toml` lines.
    pub dependencies: Vec<String>,
    /// What the generator worked around.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the run read, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
}

impl ModuleOutput {
    /// Writes the module file, replacing it only when its contents change (so that cargo
    /// does not rebuild for nothing).
    pub fn write_to(&self, path: &Path) -> Result<()> {
        if std::fs::read_to_string(path).is_ok_and(|t| t == self.text) {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_owned(),
                source,
            })?;
        }
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        std::fs::write(&tmp, &self.text).map_err(|source| Error::Io {
            path: tmp.clone(),
            source,
        })?;
        std::fs::rename(&tmp, path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })
    }
}

/// The generated files, and what the run noticed.
#[derive(Debug, Clone)]
pub struct Output {
    /// File contents by path relative to the crate's folder (`Cargo.toml`, `src/lib.rs`).
    pub files: BTreeMap<String, String>,
    /// What the generator worked around.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the run read (the spec and any template overrides), for
    /// `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
}

impl Output {
    /// The generated crate's `[dependencies]` lines, which a crate that `include!`s the
    /// module form needs too.
    pub fn dependencies(&self) -> Vec<String> {
        let Some(manifest) = self.files.get("Cargo.toml") else {
            return Vec::new();
        };
        let mut in_deps = false;
        let mut out = Vec::new();
        for line in manifest.lines() {
            let t = line.trim();
            if t.starts_with('[') {
                in_deps = t == "[dependencies]";
                continue;
            }
            if in_deps && !t.is_empty() && !t.starts_with('#') {
                out.push(t.to_owned());
            }
        }
        out
    }

    /// Writes the crate into `dir`, replacing what is there. The files are written to a
    /// temporary folder beside it first and moved into place only when all are written, so a
    /// failure leaves `dir` as it was. A `target` folder and a `Cargo.lock` in `dir` are kept.
    pub fn write_to(&self, dir: &Path) -> Result<()> {
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| Error::Io { path, source }
        };
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".to_owned());
        let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        let result = (|| {
            for (rel, contents) in &self.files {
                let path = staging.join(rel);
                if let Some(p) = path.parent() {
                    std::fs::create_dir_all(p).map_err(io(p))?;
                }
                std::fs::write(&path, contents).map_err(io(&path))?;
            }
            for keep in ["target", "Cargo.lock"] {
                let from = dir.join(keep);
                if from.exists() {
                    std::fs::rename(&from, staging.join(keep)).map_err(io(&from))?;
                }
            }
            if dir.exists() {
                std::fs::rename(dir, &old).map_err(io(dir))?;
            }
            std::fs::rename(&staging, dir).map_err(io(dir))?;
            if old.exists() {
                std::fs::remove_dir_all(&old).map_err(io(&old))?;
            }
            Ok(())
        })();
        if result.is_err() && staging.exists() {
            // Put back what was moved out, then drop the half-written folder.
            for keep in ["target", "Cargo.lock"] {
                let moved = staging.join(keep);
                if moved.exists() && !dir.join(keep).exists() && dir.exists() {
                    let _ = std::fs::rename(&moved, dir.join(keep));
                }
            }
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    /// Compares with the crate in `dir`: the files that differ, are missing, or are there
    /// but would not be generated (`target` and `Cargo.lock` aside). Empty when `dir` is
    /// up to date.
    pub fn stale_files(&self, dir: &Path) -> Vec<String> {
        let mut stale = Vec::new();
        for (rel, contents) in &self.files {
            match std::fs::read_to_string(dir.join(rel)) {
                Ok(existing) if &existing == contents => {}
                Ok(_) => stale.push(format!("{rel} (differs)")),
                Err(_) => stale.push(format!("{rel} (missing)")),
            }
        }
        let mut present = Vec::new();
        list_files(dir, dir, &mut present);
        for rel in present {
            if !self.files.contains_key(&rel) {
                stale.push(format!("{rel} (not generated)"));
            }
        }
        stale.sort();
        stale
    }
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if rel == "target" || rel == "Cargo.lock" || rel.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            list_files(root, &path, out);
        } else {
            out.push(rel);
        }
    }
}

/// Stages 3 and 4 on their own: renders a model (see [`Generator::model`]) into the files
/// of a crate, with the built-in templates or those of `templates` over them.
pub fn render_model(
    model: &model::Model,
    templates: Option<&Path>,
    crate_name: &str,
    crate_version: &str,
) -> Result<Output> {
    let templates = render::Templates::load(templates)?;
    let options = render::view::ViewOptions {
        crate_name: crate_name.to_owned(),
        crate_version: crate_version.to_owned(),
    };
    let files = render_crate(model, &templates, &options)?;
    Ok(Output {
        files,
        diagnostics: model.diagnostics.clone(),
        inputs: templates.read.clone(),
    })
}

/// Frees a large value on another thread, so the caller does not wait for it. (Where no
/// thread can be had, it is freed here.)
fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

fn to_value<T: serde::Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// What one piece of the output is rendered from.
enum Job<'a> {
    /// A file-level template that sees only `crate`.
    Crate,
    /// A type.
    Type(&'a model::TypeDef),
    /// The head of an operations module: its index in `crate.modules`.
    Module(usize),
    /// An operation: the module's index and its own.
    Operation(usize, usize),
}

/// Renders every file of the crate: each piece (a file head, a type, an operation) is
/// rendered, parsed and printed on the worker threads, and the pieces of a file are joined
/// in order.
fn render_crate(
    m: &model::Model,
    templates: &render::Templates,
    options: &render::view::ViewOptions,
) -> Result<BTreeMap<String, String>> {
    use render::view;
    let header = format!(
        "Generated by generator {} from `{}`; do not edit by hand.",
        env!("CARGO_PKG_VERSION"),
        m.api.source_name
    );
    let crate_view = view::crate_view(m, options, &header);
    let types_spelling = view::Spelling::types(m);
    let crate_value = to_value(&crate_view);
    // A context shares its values (they are reference-counted): the crate view is converted
    // once, not once per piece.
    let ctx = |extra: &[(&str, Value)]| {
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        map.insert("crate".to_owned(), crate_value.clone());
        for (k, v) in extra {
            map.insert((*k).to_owned(), v.clone());
        }
        Value::from_object(map)
    };
    let mut j: Vec<(String, String, Job<'_>)> = Vec::new();
    j.push(("src/lib.rs".into(), "lib.rs.jinja".into(), Job::Crate));
    j.push(("src/types.rs".into(), "types.rs.jinja".into(), Job::Crate));
    for t in &m.types {
        j.push((
            "src/types.rs".into(),
            format!("{}.rs.jinja", view::type_template(t)),
            Job::Type(t),
        ));
    }
    j.push(("src/client.rs".into(), "client.rs.jinja".into(), Job::Crate));
    if crate_view.auth.any {
        j.push(("src/auth.rs".into(), "auth.rs.jinja".into(), Job::Crate));
    }
    j.push(("src/error.rs".into(), "error.rs.jinja".into(), Job::Crate));
    j.push((
        "src/validation.rs".into(),
        "validation.rs.jinja".into(),
        Job::Crate,
    ));
    j.push((
        "src/operations.rs".into(),
        "operations.rs.jinja".into(),
        Job::Crate,
    ));
    for (mi, module) in crate_view.modules.iter().enumerate() {
        let file = format!("src/operations/{}.rs", module.name);
        j.push((
            file.clone(),
            "operations_module.rs.jinja".into(),
            Job::Module(mi),
        ));
        for oi in 0..module.operations.len() {
            j.push((
                file.clone(),
                "operation.rs.jinja".into(),
                Job::Operation(mi, oi),
            ));
        }
    }
    // Module and operation views are taken out of the crate view already converted (the
    // values are shared), not converted again for each piece.
    let module_value = |mi: usize| {
        crate_value
            .get_attr("modules")
            .and_then(|m| m.get_item_by_index(mi))
            .unwrap_or_default()
    };
    let formatted = format::parallel(&j, |(file, template, what)| {
        let context = match what {
            Job::Crate => ctx(&[]),
            Job::Type(t) => ctx(&[("t", to_value(&view::type_view(m, t, types_spelling)))]),
            Job::Module(mi) => ctx(&[("module", module_value(*mi))]),
            Job::Operation(mi, oi) => {
                let module = module_value(*mi);
                let op = module
                    .get_attr("operations")
                    .and_then(|o| o.get_item_by_index(*oi))
                    .unwrap_or_default();
                ctx(&[("module", module), ("op", op)])
            }
        };
        let (text, docs) = render::render_deferring_docs(|| templates.render(template, context));
        let piece = format::Piece {
            file: file.clone(),
            template: template.clone(),
            text: text?,
        };
        format::format_deferred(&piece, &docs)
    })?;
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for ((file, _, _), text) in j.iter().zip(formatted) {
        let entry = files.entry(file.clone()).or_default();
        if !entry.is_empty() {
            entry.push('\n');
        }
        entry.push_str(&text);
    }
    let manifest = templates.render("Cargo.toml.jinja", ctx(&[]))?;
    files.insert("Cargo.toml".to_owned(), manifest);
    files.insert(
        "rustfmt.toml".to_owned(),
        templates.render("rustfmt.toml.jinja", ctx(&[]))?,
    );
    Ok(files)
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
