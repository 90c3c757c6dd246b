//! Stage 3: rendering the model into Rust text through minijinja templates.
//!
//! One [`minijinja::Environment`] with strict undefined behaviour (a typo in a template
//! fails, it does not render empty) and trim/lstrip blocks. Casing and escaping are Rust
//! filters registered once. Templates are embedded; a folder of overrides replaces any of
//! them by name.

pub mod doc;
pub mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::error::{Error, Result};

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "Cargo.toml.jinja",
        include_str!("../../../templates/Cargo.toml.jinja"),
    ),
    (
        "rustfmt.toml.jinja",
        include_str!("../../../templates/rustfmt.toml.jinja"),
    ),
    (
        "lib.rs.jinja",
        include_str!("../../../templates/lib.rs.jinja"),
    ),
    (
        "types.rs.jinja",
        include_str!("../../../templates/types.rs.jinja"),
    ),
    (
        "struct.rs.jinja",
        include_str!("../../../templates/struct.rs.jinja"),
    ),
    (
        "enum.rs.jinja",
        include_str!("../../../templates/enum.rs.jinja"),
    ),
    (
        "one_of.rs.jinja",
        include_str!("../../../templates/one_of.rs.jinja"),
    ),
    (
        "newtype.rs.jinja",
        include_str!("../../../templates/newtype.rs.jinja"),
    ),
    (
        "alias.rs.jinja",
        include_str!("../../../templates/alias.rs.jinja"),
    ),
    (
        "operations.rs.jinja",
        include_str!("../../../templates/operations.rs.jinja"),
    ),
    (
        "operations_module.rs.jinja",
        include_str!("../../../templates/operations_module.rs.jinja"),
    ),
    (
        "operation.rs.jinja",
        include_str!("../../../templates/operation.rs.jinja"),
    ),
    (
        "client.rs.jinja",
        include_str!("../../../templates/client.rs.jinja"),
    ),
    (
        "auth.rs.jinja",
        include_str!("../../../templates/auth.rs.jinja"),
    ),
    (
        "error.rs.jinja",
        include_str!("../../../templates/error.rs.jinja"),
    ),
    (
        "validation.rs.jinja",
        include_str!("../../../templates/validation.rs.jinja"),
    ),
    (
        "macros.jinja",
        include_str!("../../../templates/macros.jinja"),
    ),
];

/// The templates in use: the built-ins, with any overrides applied.
pub struct Templates {
    env: Environment<'static>,
    /// Template files read from an override folder, for `cargo:rerun-if-changed`.
    pub read: Vec<PathBuf>,
}

impl Templates {
    /// The built-in templates, with the files of `overrides` (when given) replacing the
    /// built-ins of the same name. A file in `overrides` that is not the name of a built-in
    /// template is an error: it would otherwise be silently ignored.
    pub fn load(overrides: Option<&Path>) -> Result<Self> {
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
        let mut sources: BTreeMap<String, String> = BUILTIN
            .iter()
            .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
            .collect();
        let mut read = Vec::new();
        if let Some(dir) = overrides {
            let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
                path: dir.to_owned(),
                source,
            })?;
            let mut files: Vec<PathBuf> = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|source| Error::Io {
                    path: dir.to_owned(),
                    source,
                })?;
                let path = entry.path();
                if path.is_file() {
                    files.push(path);
                }
            }
            files.sort();
            for path in files {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name.starts_with('.') || name == "README.md" {
                    continue;
                }
                if !sources.contains_key(&name) {
                    let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                    return Err(Error::Usage(format!(
                        "{}: `{name}` is not the name of a template, so it would replace nothing; the templates are: {}",
                        dir.display(),
                        known.join(", ")
                    )));
                }
                let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                sources.insert(name, text);
                read.push(path);
            }
        }
        for (name, text) in sources {
            env.add_template_owned(name.clone(), text)
                .map_err(|source| Error::Template {
                    template: name,
                    source,
                })?;
        }
        Ok(Templates { env, read })
    }

    /// Renders template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: Value) -> Result<String> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|source| Error::Template {
                template: name.to_owned(),
                source,
            })?;
        tmpl.render(ctx).map_err(|source| Error::Template {
            template: name.to_owned(),
            source,
        })
    }
}

pub(crate) fn register_filters(env: &mut Environment<'static>) {
    use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
    // A Rust string literal, escaped by the token printer rather than by hand.
    env.add_filter("rust_str", |s: &str| {
        proc_macro2::Literal::string(s).to_string()
    });
    // Doc lines as `///` comments, one per line.
    env.add_filter("doc", |lines: Vec<String>| doc_comment(&lines, "///"));
    // Doc lines as `//!` comments.
    env.add_filter("inner_doc", |lines: Vec<String>| doc_comment(&lines, "//!"));
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

fn doc_comment(lines: &[String], marker: &str) -> String {
    let block = doc_lines(lines, marker);
    match defer_doc(block, marker) {
        Ok(placeholder) => placeholder,
        Err(block) => block.join("\n"),
    }
}

/// Doc lines as comment lines, each as `prettyplease` prints it: the marker, a space and
/// the text, trailing spaces trimmed.
fn doc_lines(lines: &[String], marker: &str) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            let mut out = String::with_capacity(marker.len() + 1 + line.len());
            out.push_str(marker);
            if !line.is_empty() {
                out.push(' ');
                if line.contains(['\n', '\r']) {
                    // A doc line cannot hold a line break; lines come split already.
                    out.extend(line.chars().map(|c| match c {
                        '\n' | '\r' => ' ',
                        c => c,
                    }));
                } else {
                    out.push_str(line);
                }
            }
            out.truncate(out.trim_end_matches(' ').len());
            out
        })
        .collect()
}

/// Marks a deferred doc block in rendered text: `///` or `//!`, this character, and the
/// block's number. The ASCII unit separator: no doc text needs it (a block that holds it is
/// not deferred), and unlike a character outside ASCII, the lexer escapes it without
/// looking it up in Unicode's tables.
pub(crate) const DEFERRED_DOC: char = '\u{1F}';

thread_local! {
    /// The doc blocks of the piece being rendered on this thread, while
    /// [`render_deferring_docs`] runs.
    static DEFERRED: std::cell::RefCell<Option<Vec<Vec<String>>>> =
        const { std::cell::RefCell::new(None) };
}

/// Stores a doc block for the piece being rendered and returns its one-line placeholder;
/// the block back when no piece is being rendered or the text holds the marker character
/// itself.
fn defer_doc(block: Vec<String>, marker: &str) -> std::result::Result<String, Vec<String>> {
    if block.is_empty() || block.iter().any(|l| l.contains(DEFERRED_DOC)) {
        return Err(block);
    }
    DEFERRED.with(|d| {
        let mut d = d.borrow_mut();
        match d.as_mut() {
            Some(blocks) => {
                blocks.push(block);
                Ok(format!("{marker}{DEFERRED_DOC}{}", blocks.len() - 1))
            }
            None => Err(block),
        }
    })
}

/// Runs `render` with doc blocks deferred: each multi-line block that the `doc` and
/// `inner_doc` filters make is replaced by a one-line placeholder comment and returned
/// beside the text, for [`crate::format`] to put back after formatting. Doc comments cost
/// `syn` and `prettyplease` an attribute and a string literal per line, though both pass
/// them through unchanged; a placeholder costs one.
pub(crate) fn render_deferring_docs<R>(render: impl FnOnce() -> R) -> (R, Vec<Vec<String>>) {
    DEFERRED.with(|d| *d.borrow_mut() = Some(Vec::new()));
    let out = render();
    let blocks = DEFERRED.with(|d| d.borrow_mut().take()).unwrap_or_default();
    (out, blocks)
}
