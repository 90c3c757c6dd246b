//! Specs split over several files: `$ref`s to other files (`./schemas/pet.yaml`,
//! `../common.yaml#/components/schemas/Error`), resolved against the file that holds them,
//! to any depth, each file read and parsed once. The result is one document, as if written
//! as one:
//!
//! - a schema from another file becomes a component of its own (named after the pointer's
//!   last segment, or the file's name), so that schemas that refer to one another across
//!   files, in a circle too, stay named, recursive types;
//! - anything else (a path item, a parameter, a response, `info`) is copied in place, and
//!   the `$ref`s in the copy are resolved against its own file.
//!
//! A `#/…` reference inside another file points into that file; one that finds nothing
//! there points into the root document, as bundlers commonly read it. A `$ref` to a URL is
//! refused: generation never touches the network.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{Dialect, Moves};
use crate::error::{Error, Problem, ProblemKind};
use crate::parse::Source;
use crate::pointer::{Pointer, escape};

/// The most files' contents copied one inside another before the rest are refused (a
/// circle of path items or parameters, which cannot be written out).
const MAX_DEPTH: usize = 64;

/// The files a spec's `$ref`s led to.
#[derive(Default)]
pub(crate) struct Files {
    /// Each file read, in the order first read, with its name relative to the spec's
    /// folder (what messages say) and its data.
    pub(crate) read: Vec<(PathBuf, Source, Value)>,
}

/// Replaces every `$ref` to another file with what it points at. `root` is the spec's
/// own file, when it has one.
pub(crate) fn bundle(
    doc: &mut Value,
    source: &Source,
    dialect: Dialect,
    moves: &mut Moves,
) -> Result<Files, Error> {
    let mut bundler = Bundler {
        root_dir: source
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_owned),
        files: Files::default(),
        by_path: HashMap::new(),
        names: HashMap::new(),
        hoisted: Map::new(),
        taken: existing_names(doc, dialect),
        dialect,
        problems: Vec::new(),
        moves,
        depth: 0,
    };
    bundler.node(doc, &Pointer::root(), &Pointer::root(), None, false);
    let Bundler {
        files,
        hoisted,
        problems,
        ..
    } = bundler;
    if !problems.is_empty() {
        let problems = problems
            .into_iter()
            .map(|(mut problem, file)| {
                let text = file.map_or(source, |i| &files.read[i].1);
                problem.location = text
                    .locate(&[problem.pointer.as_str()])
                    .get(&problem.pointer)
                    .copied();
                problem
            })
            .collect();
        return Err(Error::Spec {
            source_name: source.name.clone(),
            problems,
        });
    }
    if !hoisted.is_empty() {
        if let Some(Value::Object(schemas)) = schema_section(doc, dialect) {
            schemas.extend(hoisted);
        }
    }
    Ok(files)
}

/// Where a document keeps its named schemas.
fn schema_path(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Swagger2 => &["definitions"],
        _ => &["components", "schemas"],
    }
}

fn schema_section(doc: &mut Value, dialect: Dialect) -> Option<&mut Value> {
    let mut node = doc;
    for key in schema_path(dialect) {
        let map = node.as_object_mut()?;
        node = map.entry(*key).or_insert_with(|| Value::Object(Map::new()));
    }
    Some(node)
}

fn existing_names(doc: &Value, dialect: Dialect) -> Vec<String> {
    let pointer = format!("/{}", schema_path(dialect).join("/"));
    match doc.pointer(&pointer) {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Where a `$ref` stands: in the bundled document, and in its own file.
struct Place<'p> {
    at: &'p Pointer,
    here: &'p Pointer,
    file: Option<usize>,
}

struct Bundler<'m> {
    root_dir: Option<PathBuf>,
    files: Files,
    /// Index in `files.read` of each file, by its path as found.
    by_path: HashMap<PathBuf, usize>,
    /// The component name given to each schema of another file, by (file, pointer).
    names: HashMap<(usize, String), String>,
    /// Schemas made components.
    hoisted: Map<String, Value>,
    /// Component names in use.
    taken: Vec<String>,
    dialect: Dialect,
    /// Problems, with the file each is in (`None`: the spec).
    problems: Vec<(Problem, Option<usize>)>,
    moves: &'m mut Moves,
    depth: usize,
}

impl Bundler<'_> {
    /// Walks a node that stands at `at` of the bundled document and at `here` of the file
    /// `file` (`None`: the spec).
    fn node(
        &mut self,
        node: &mut Value,
        at: &Pointer,
        here: &Pointer,
        file: Option<usize>,
        in_schema: bool,
    ) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    let place = Place { at, here, file };
                    if let Some(replacement) = self.reference(&reference, &place, in_schema) {
                        *node = replacement;
                    }
                    return;
                }
                for (key, child) in map
                    .iter_mut()
                    .filter(|(k, _)| *k != "example" && *k != "examples")
                {
                    let schema =
                        in_schema || matches!(key.as_str(), "schema" | "schemas" | "definitions");
                    self.node(child, &at.join(key), &here.join(key), file, schema);
                }
            }
            Value::Array(list) => {
                for (i, child) in list.iter_mut().enumerate() {
                    let i = i.to_string();
                    self.node(child, &at.join(&i), &here.join(&i), file, in_schema);
                }
            }
            _ => {}
        }
    }

    /// What a `$ref` becomes: `None` to leave it as it is.
    fn reference(&mut self, reference: &str, place: &Place<'_>, in_schema: bool) -> Option<Value> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if path.is_empty() {
            // `#/…` in another file: that file's, when it has the node.
            let file = place.file?;
            let found = self.files.read[file].2.pointer(fragment).is_some();
            return found
                .then(|| self.target(file, fragment, place.at, in_schema))
                .flatten();
        }
        if path.contains("://") || path.starts_with("//") {
            self.refuse(
                place,
                format!(
                    "`$ref: {reference}` is a URL: generation never touches the network; save the \
                 file beside the spec and refer to it by its path"
                ),
            );
            return None;
        }
        let index = self.read(path, place)?;
        if !fragment.is_empty() && self.files.read[index].2.pointer(fragment).is_none() {
            let name = self.files.read[index].1.name.clone();
            self.refuse(
                place,
                format!("`$ref: {reference}` points at nothing in `{name}`"),
            );
            return None;
        }
        self.target(index, fragment, place.at, in_schema)
    }

    /// The node at `fragment` of file `index`, as it goes in place of a reference at `at`:
    /// a reference to a new component for a schema, else a copy.
    fn target(
        &mut self,
        index: usize,
        fragment: &str,
        at: &Pointer,
        in_schema: bool,
    ) -> Option<Value> {
        let original = Pointer::parse(&format!("#{fragment}")).unwrap_or_else(Pointer::root);
        if in_schema && !is_component_slot(at) {
            let name = self.hoist(index, fragment, &original);
            let section = match self.dialect {
                Dialect::Swagger2 => "#/definitions/",
                _ => "#/components/schemas/",
            };
            return Some(serde_json::json!({ "$ref": format!("{section}{}", escape(&name)) }));
        }
        if self.depth >= MAX_DEPTH {
            let name = self.files.read[index].1.name.clone();
            let place = Place {
                at,
                here: at,
                file: None,
            };
            self.refuse(&place, format!(
                "`{name}` is copied into itself more than {MAX_DEPTH} times: references between \
                 files go in a circle that only schemas may make"
            ));
            return None;
        }
        let mut copy = self.files.read[index].2.pointer(fragment)?.clone();
        self.moves
            .add_in_file(at.as_str(), original.as_str(), index);
        self.depth += 1;
        self.node(&mut copy, at, &original, Some(index), in_schema);
        self.depth -= 1;
        Some(copy)
    }

    /// Makes the schema at `fragment` of file `index` a component (once), and returns its
    /// name. The name is taken before the schema's own references are followed, so that one
    /// leading back to it finds it.
    fn hoist(&mut self, index: usize, fragment: &str, original: &Pointer) -> String {
        let key = (index, fragment.to_owned());
        if let Some(name) = self.names.get(&key) {
            return name.clone();
        }
        let base = original
            .segments()
            .last()
            .cloned()
            .unwrap_or_else(|| file_stem(&self.files.read[index].0));
        let name = unique(&base, &self.taken);
        self.taken.push(name.clone());
        self.names.insert(key, name.clone());
        let section = schema_path(self.dialect).join("/");
        let now = format!("#/{section}/{}", escape(&name));
        self.moves.add_in_file(&now, original.as_str(), index);
        let mut schema = self.files.read[index]
            .2
            .pointer(fragment)
            .cloned()
            .unwrap_or(Value::Null);
        let at = Pointer::parse(&now).unwrap_or_else(Pointer::root);
        self.node(&mut schema, &at, original, Some(index), true);
        self.hoisted.insert(name.clone(), schema);
        name
    }

    /// Reads and parses the file `path` (relative to the file `from`), once; its index.
    fn read(&mut self, path: &str, place: &Place<'_>) -> Option<usize> {
        let from = place.file;
        let dir = match from {
            Some(i) => self.files.read[i].0.parent()?.to_owned(),
            None => PathBuf::new(),
        };
        let Some(root_dir) = self.root_dir.clone() else {
            self.refuse(place, format!(
                "`$ref: {path}` refers to another file, but the spec was given as text, with no \
                 folder to find it in; generate from the spec's path"
            ));
            return None;
        };
        let relative = normalize(&dir.join(path));
        if let Some(&i) = self.by_path.get(&relative) {
            return Some(i);
        }
        let full = root_dir.join(&relative);
        let name = relative.to_string_lossy().replace('\\', "/");
        let source = match Source::from_path(&full) {
            Ok(source) => Source { name, ..source },
            Err(e) => {
                // The file's path as the spec gives it, not where it is on this machine.
                let why = match e {
                    Error::Io { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                self.refuse(
                    place,
                    format!("`$ref: {path}` cannot be read (`{name}`): {why}"),
                );
                return None;
            }
        };
        let value = match crate::parse::read_value(&source) {
            Ok(value) => value,
            Err(e) => {
                self.refuse(
                    place,
                    format!("`$ref: {path}` leads to a file that is not YAML or JSON: {e}"),
                );
                return None;
            }
        };
        let index = self.files.read.len();
        self.files.read.push((relative.clone(), source, value));
        self.by_path.insert(relative, index);
        Some(index)
    }

    /// A problem at a `$ref`; in another file than the spec, the message names it.
    fn refuse(&mut self, place: &Place<'_>, message: String) {
        let file = place.file;
        let message = match file {
            Some(i) => format!("{message} (in `{}`)", self.files.read[i].1.name),
            None => message,
        };
        let problem = Problem {
            kind: ProblemKind::Unsupported,
            pointer: place.here.join("$ref").as_str().to_owned(),
            location: None,
            message,
        };
        self.problems.push((problem, file));
    }
}

/// Whether a pointer is a named schema's own place (or its section), where a schema from
/// another file is the component itself rather than a reference to one.
fn is_component_slot(at: &Pointer) -> bool {
    let segments = at.segments();
    match segments.first().map(String::as_str) {
        Some("definitions") => segments.len() <= 2,
        Some("components") => segments.len() <= 3,
        _ => false,
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system: a file is known by the path it
/// is reached by from the spec's folder.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Schema".to_owned())
}

/// `base`, or `base2`, `base3`… when taken.
fn unique(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| base.to_owned())
}
