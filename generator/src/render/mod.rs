//! Stage 3: the model becomes the crate's files — Rust text rendered through minijinja
//! templates, and the runtime files copied as they are.
//!
//! One [`minijinja::Environment`] with strict undefined behaviour (a typo in a template
//! fails, it does not render empty) and trim/lstrip blocks. Casing and escaping are Rust
//! filters registered once. Templates and runtime files are embedded; a folder of
//! overrides replaces any of them by name.
//!
//! Rust files are rendered in pieces (a file's head, a type, an operation) so that each is
//! checked and formatted on its own, on all cores, by the next stage.

pub(crate) mod deferred;
pub(crate) mod doc;
pub(crate) mod runtime;
pub(crate) mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value};

use self::deferred::DeferredDocs;
use self::runtime::RuntimeFile;
use self::view::{CrateView, Spelling, ViewOptions};
use crate::error::{Error, Result};
use crate::model::{ApiInfo, Model, TypeDef};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../templates/", $name)))),*]
    };
}

/// The built-in templates, by name.
pub(crate) const BUILTIN: &[(&str, &str)] = builtin![
    "Cargo.toml.jinja",
    "rustfmt.toml.jinja",
    "lib.rs.jinja",
    "spec.rs.jinja",
    "runtime.rs.jinja",
    "types.rs.jinja",
    "struct.rs.jinja",
    "enum.rs.jinja",
    "one_of.rs.jinja",
    "newtype.rs.jinja",
    "alias.rs.jinja",
    "operations.rs.jinja",
    "operations_module.rs.jinja",
    "operation.rs.jinja",
];

/// The templates and runtime files in use: the built-ins, with any overrides applied.
pub(crate) struct Templates {
    env: Environment<'static>,
    /// Runtime files replaced by an override, by file name (`client.rs`).
    runtime: BTreeMap<String, String>,
    /// Files read from an override folder, for `cargo:rerun-if-changed`.
    pub(crate) read: Vec<PathBuf>,
}

impl Templates {
    /// The built-ins, with the files of `overrides` (when given) replacing the template or
    /// runtime file of the same name. A file in `overrides` that is the name of neither is
    /// an error: it would otherwise be silently ignored.
    pub(crate) fn load(overrides: Option<&Path>) -> Result<Self> {
        let mut sources: BTreeMap<String, String> = BUILTIN
            .iter()
            .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
            .collect();
        let mut runtime = BTreeMap::new();
        let mut read = Vec::new();
        if let Some(dir) = overrides {
            for (name, path) in override_files(dir)? {
                let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                let is_runtime_file = runtime::FILES
                    .iter()
                    .any(|f| name.strip_suffix(".rs") == Some(f.name));
                if let Some(template) = sources.get_mut(&name) {
                    *template = text;
                } else if is_runtime_file {
                    runtime.insert(name, text);
                } else {
                    return Err(not_a_template(dir, &name));
                }
                read.push(path);
            }
        }
        let mut env = environment()?;
        for (name, text) in sources {
            env.add_template_owned(name.clone(), text)
                .map_err(|source| Error::Template {
                    template: name,
                    source,
                })?;
        }
        Ok(Templates { env, runtime, read })
    }

    /// Renders template `name` with `ctx`; doc blocks are set aside (see [`deferred`]).
    fn render(&self, name: &str, ctx: Value) -> Result<(String, DeferredDocs)> {
        let error = |source| Error::Template {
            template: name.to_owned(),
            source,
        };
        let template = self.env.get_template(name).map_err(error)?;
        let mut captured = template.render_captured(ctx).map_err(error)?;
        let docs = captured.with_state_mut(|state| {
            state
                .get_extension_mut::<DeferredDocs>()
                .map(std::mem::take)
                .unwrap_or_default()
        });
        Ok((captured.into_output(), docs))
    }

    /// A runtime file's text: the override's, or the built-in.
    pub(crate) fn runtime_file(&self, file: &RuntimeFile) -> String {
        self.runtime
            .get(&format!("{}.rs", file.name))
            .cloned()
            .unwrap_or_else(|| file.text.to_owned())
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|source| Error::Template {
            template: "(syntax)".to_owned(),
            source,
        })?;
    env.set_syntax(syntax);
    env.set_debug(true);
    register_filters(&mut env);
    Ok(env)
}

/// The files of an override folder, by name, sorted; dot files and a `README.md` aside.
fn override_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let io = |source| Error::Io {
        path: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_file() && !name.starts_with('.') && name != "README.md" {
            files.push((name, path));
        }
    }
    files.sort();
    Ok(files)
}

fn not_a_template(dir: &Path, name: &str) -> Error {
    let templates = BUILTIN.iter().map(|(n, _)| (*n).to_owned());
    let runtime = runtime::FILES.iter().map(|f| format!("{}.rs", f.name));
    let known: Vec<String> = templates.chain(runtime).collect();
    Error::Usage(format!(
        "{}: `{name}` is not the name of a template or a runtime file, so it would replace nothing; they are: {}",
        dir.display(),
        known.join(", ")
    ))
}

pub(crate) fn register_filters(env: &mut Environment<'static>) {
    use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
    // A Rust string literal, escaped by the token printer rather than by hand.
    env.add_filter("rust_str", |s: &str| {
        proc_macro2::Literal::string(s).to_string()
    });
    env.add_filter("doc", deferred::doc);
    env.add_filter("inner_doc", deferred::inner_doc);
    env.add_filter("snake", |s: &str| s.to_snake_case());
    env.add_filter("camel", |s: &str| s.to_upper_camel_case());
    env.add_filter("shouty", |s: &str| s.to_shouty_snake_case());
    // A Rust identifier without its `r#`, for use inside other names.
    env.add_filter("unraw", |s: &str| s.trim_start_matches("r#").to_owned());
    // A TOML basic string.
    env.add_filter("toml_str", |s: &str| {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
    });
}

/// A piece of Rust, rendered: all or part of an output file.
#[derive(Debug)]
pub(crate) struct Rendered {
    /// The output file it belongs to.
    pub(crate) file: String,
    /// The template that rendered it.
    pub(crate) template: String,
    /// The text, with doc blocks as placeholders.
    pub(crate) text: String,
    /// The doc blocks set aside.
    pub(crate) docs: DeferredDocs,
}

/// What one piece of Rust is rendered from.
#[derive(Debug, Clone, Copy)]
enum Source<'m> {
    /// A file-level template that sees only `crate`.
    Crate,
    /// A type.
    Type(&'m TypeDef),
    /// The head of an operations module: its index in `crate.modules`.
    Module(usize),
    /// An operation: its module's index and its own.
    Operation(usize, usize),
}

/// One piece of Rust to render: the file, the template, and what it is rendered from.
#[derive(Debug, Clone)]
pub(crate) struct Piece<'m> {
    file: String,
    template: String,
    source: Source<'m>,
}

impl Piece<'_> {
    /// The output file the piece belongs to.
    pub(crate) fn file(&self) -> &str {
        &self.file
    }
}

/// Renders a model: the crate view, made once, and the pieces of the crate's files.
pub(crate) struct Renderer<'m> {
    model: &'m Model,
    templates: &'m Templates,
    view: CrateView,
    /// The crate view converted for templates once; contexts share it.
    crate_value: Value,
    types_spelling: Spelling,
    runtime: Vec<&'static RuntimeFile>,
}

/// The first line of every generated file: what made it, from what.
fn header(api: &ApiInfo) -> String {
    let overlays = match api.overlays.as_slice() {
        [] => String::new(),
        [one] => format!(" with overlay `{one}`"),
        many => format!(" with overlays `{}`", many.join("`, `")),
    };
    format!(
        "Generated by generator {} from `{}`{overlays}; do not edit by hand.",
        env!("CARGO_PKG_VERSION"),
        api.source_name
    )
}

impl<'m> Renderer<'m> {
    pub(crate) fn new(
        model: &'m Model,
        templates: &'m Templates,
        crate_name: &str,
        crate_version: &str,
    ) -> Self {
        let runtime = runtime::needed(model);
        let options = ViewOptions {
            crate_name: crate_name.to_owned(),
            crate_version: crate_version.to_owned(),
            header: header(&model.api),
            runtime: runtime.iter().map(|f| f.name).collect(),
            dependencies: runtime::dependencies(&runtime),
        };
        let view = view::crate_view(model, &options);
        let crate_value = to_value(&view);
        Renderer {
            model,
            templates,
            view,
            crate_value,
            types_spelling: Spelling::types(model),
            runtime,
        }
    }

    /// The pieces of Rust to render, in file order; a file's pieces are joined in this
    /// order.
    pub(crate) fn pieces(&self) -> Vec<Piece<'m>> {
        let piece = |file: &str, template: &str, source| Piece {
            file: file.to_owned(),
            template: template.to_owned(),
            source,
        };
        let mut pieces = vec![
            piece("src/lib.rs", "lib.rs.jinja", Source::Crate),
            piece("src/spec.rs", "spec.rs.jinja", Source::Crate),
            piece("src/runtime.rs", "runtime.rs.jinja", Source::Crate),
            piece("src/types.rs", "types.rs.jinja", Source::Crate),
        ];
        for t in &self.model.types {
            let template = format!("{}.rs.jinja", view::template_of(t));
            pieces.push(piece("src/types.rs", &template, Source::Type(t)));
        }
        pieces.push(piece(
            "src/operations.rs",
            "operations.rs.jinja",
            Source::Crate,
        ));
        for (mi, module) in self.view.modules.iter().enumerate() {
            let file = format!("src/operations/{}.rs", module.name);
            pieces.push(piece(
                &file,
                "operations_module.rs.jinja",
                Source::Module(mi),
            ));
            for oi in 0..module.operations.len() {
                pieces.push(piece(
                    &file,
                    "operation.rs.jinja",
                    Source::Operation(mi, oi),
                ));
            }
        }
        pieces
    }

    /// Renders one piece.
    pub(crate) fn render(&self, piece: &Piece<'_>) -> Result<Rendered> {
        let context = match piece.source {
            Source::Crate => self.context(&[]),
            Source::Type(t) => {
                let view = view::type_view(self.model, t, self.types_spelling);
                self.context(&[("t", to_value(&view))])
            }
            Source::Module(mi) => self.context(&[("module", self.module_value(mi))]),
            Source::Operation(mi, oi) => {
                let module = self.module_value(mi);
                let op = module
                    .get_attr("operations")
                    .and_then(|o| o.get_item_by_index(oi))
                    .unwrap_or_default();
                self.context(&[("module", module), ("op", op)])
            }
        };
        let (text, docs) = self.templates.render(&piece.template, context)?;
        Ok(Rendered {
            file: piece.file.clone(),
            template: piece.template.clone(),
            text,
            docs,
        })
    }

    /// The files that are not Rust pieces: the manifest, `rustfmt.toml`, and the runtime
    /// files, by path.
    pub(crate) fn other_files(&self) -> Result<BTreeMap<String, String>> {
        let mut files = BTreeMap::new();
        for (file, template) in [
            ("Cargo.toml", "Cargo.toml.jinja"),
            ("rustfmt.toml", "rustfmt.toml.jinja"),
        ] {
            let (text, docs) = self.templates.render(template, self.context(&[]))?;
            files.insert(file.to_owned(), docs.expand(&text));
        }
        for f in &self.runtime {
            let path = format!("src/runtime/{}.rs", f.name);
            files.insert(path, self.templates.runtime_file(f));
        }
        Ok(files)
    }

    /// The `[dependencies]` lines the generated code needs.
    pub(crate) fn dependencies(&self) -> Vec<String> {
        self.view
            .dependencies
            .iter()
            .map(|d| (*d).to_owned())
            .collect()
    }

    /// A context with `crate` and `extra`. Values are reference-counted: the crate view is
    /// converted once, not once per piece.
    fn context(&self, extra: &[(&str, Value)]) -> Value {
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        map.insert("crate".to_owned(), self.crate_value.clone());
        for (k, v) in extra {
            map.insert((*k).to_owned(), v.clone());
        }
        Value::from_object(map)
    }

    /// A module's view, taken out of the crate view already converted.
    fn module_value(&self, mi: usize) -> Value {
        self.crate_value
            .get_attr("modules")
            .and_then(|m| m.get_item_by_index(mi))
            .unwrap_or_default()
    }
}
