//! Stage 1: read a spec (YAML or JSON) into `openapiv3` types.
//!
//! This is the only module that touches `serde_yaml` and `serde_json` as parsers. It also
//! knows how to find the line and column of a JSON pointer in the source text, which the
//! later stages use to place their problems and diagnostics.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::Path;

use crate::error::{EMPTY_ENUM, Error, Location, Problem, ProblemKind, Result};
use crate::pointer::Pointer;

/// The syntax a spec is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML (`.yaml`, `.yml`).
    Yaml,
    /// JSON (`.json`).
    Json,
}

/// A spec's text and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name used in messages and in the header of generated files: the file name, never
    /// a full path, so that output does not depend on where the spec lives.
    pub name: String,
    /// The spec's text.
    pub text: String,
    /// YAML or JSON.
    pub format: Format,
    /// The file it was read from, when it was: `$ref`s to other files are resolved against
    /// its folder. Never part of the output.
    pub path: Option<std::path::PathBuf>,
}

impl Source {
    /// Reads a spec from a file; `.json` is JSON, `.yaml`/`.yml` is YAML, anything else is
    /// told by its first character.
    pub fn from_path(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => {
                Format::Yaml
            }
            _ => sniff(&text),
        };
        Ok(Source {
            name,
            text,
            format,
            path: Some(path.to_owned()),
        })
    }

    /// A spec held in memory. `format` `None` tells YAML from JSON by the first character.
    pub fn from_text(
        name: impl Into<String>,
        text: impl Into<String>,
        format: Option<Format>,
    ) -> Self {
        let text = text.into();
        let format = format.unwrap_or_else(|| sniff(&text));
        Source {
            name: name.into(),
            text,
            format,
            path: None,
        }
    }

    /// Finds line and column of each pointer, or of its nearest ancestor that has one.
    /// One pass over the text; called only when there is something to report.
    pub fn locate(&self, pointers: &[&str]) -> HashMap<String, Location> {
        locate(&self.text, pointers)
    }
}

fn sniff(text: &str) -> Format {
    match text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next()
    {
        Some('{') => Format::Json,
        _ => Format::Yaml,
    }
}

/// A parsed spec, and problems found on the way that do not stop the later stages (they
/// are reported together with theirs).
#[derive(Debug)]
pub struct Parsed {
    /// The document.
    pub doc: openapiv3::OpenAPI,
    /// Problems in it that `openapiv3` cannot represent (an empty `enum`).
    pub problems: Vec<Problem>,
}

/// Parses the source into an OpenAPI 3.0 document.
pub fn parse(source: &Source) -> Result<Parsed> {
    let text = source.text.trim_start_matches('\u{feff}');
    let fast = match source.format {
        Format::Yaml => parse_yaml(text),
        Format::Json => serde_json::from_str::<openapiv3::OpenAPI>(text).map_err(|_| ()),
    };
    let doc = match fast {
        Ok(doc) => doc,
        Err(()) => return Err(explain_failure(source, text)),
    };
    check_version(source, &doc.openapi)?;
    let problems = empty_enum_problems(text);
    Ok(Parsed { doc, problems })
}

/// Reads a YAML or JSON text as plain data, for what works on a document before it is read
/// as OpenAPI (an overlay, and the spec it changes). A text that is not well-formed is an
/// error with its line and column.
pub(crate) fn read_value(source: &Source) -> Result<serde_json::Value> {
    let text = source.text.trim_start_matches('\u{feff}');
    let read: std::result::Result<serde_json::Value, (String, Option<Location>)> =
        match source.format {
            Format::Yaml => serde_yaml::from_str(text).map_err(|e| {
                let location = e.location().map(|l| Location {
                    line: l.line(),
                    column: l.column(),
                });
                (format!("not well-formed YAML: {e}"), location)
            }),
            Format::Json => serde_json::from_str(text).map_err(|e| {
                let location = (e.line() > 0).then(|| Location {
                    line: e.line(),
                    column: e.column(),
                });
                (format!("not well-formed JSON: {e}"), location)
            }),
        };
    read.map_err(|(message, location)| Error::Parse {
        source_name: source.name.clone(),
        pointer: None,
        location,
        message: strip_location_suffix(&message),
    })
}

/// Reads a document held as data (a spec with overlays applied) into an OpenAPI 3.0
/// document. Problems are placed in `source`, the text the user wrote: at the pointer, or
/// at its nearest ancestor when the pointer is not in that text.
pub(crate) fn parse_value(source: &Source, value: &serde_json::Value) -> Result<Parsed> {
    use serde::Deserialize;
    let doc = match openapiv3::OpenAPI::deserialize(value) {
        Ok(doc) => doc,
        Err(_) => return Err(explain_value_failure(source, value)),
    };
    check_version(source, &doc.openapi)?;
    let mut empty = Vec::new();
    find_empty_enums_in(value, &Pointer::root(), &mut empty);
    let pointers: Vec<&str> = empty.iter().map(Pointer::as_str).collect();
    let found = source.locate(&pointers);
    let problems = empty
        .iter()
        .map(|pointer| Problem {
            kind: ProblemKind::Invalid,
            pointer: pointer.as_str().to_owned(),
            location: found.get(pointer.as_str()).copied(),
            message: EMPTY_ENUM.to_owned(),
        })
        .collect();
    Ok(Parsed { doc, problems })
}

/// Why a document held as data is not OpenAPI 3.0: its version, or the failing value.
fn explain_value_failure(source: &Source, value: &serde_json::Value) -> Error {
    let probe = Probe {
        openapi: value.get("openapi").cloned(),
        swagger: value.get("swagger").cloned(),
    };
    if !value.is_object() {
        return Error::Parse {
            source_name: source.name.clone(),
            pointer: Some("#".to_owned()),
            location: None,
            message: "the top level must be a mapping (the OpenAPI object)".to_owned(),
        };
    }
    if let Some(e) = wrong_version(source, &probe) {
        return e;
    }
    let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) else {
        return Error::Parse {
            source_name: source.name.clone(),
            pointer: None,
            location: None,
            message: "the document could not be read as OpenAPI 3.0".to_owned(),
        };
    };
    let pointer = path_to_pointer(&e.path().to_string());
    let message = e.into_inner().to_string();
    Error::Parse {
        source_name: source.name.clone(),
        location: source.locate(&[&pointer]).get(&pointer).copied(),
        pointer: Some(pointer),
        message: format!(
            "does not fit the OpenAPI 3.0 object model: {}",
            explain_serde_message(&message)
        ),
    }
}

/// The pointer of every `enum` whose value is empty or null, in a document held as data.
fn find_empty_enums_in(value: &serde_json::Value, at: &Pointer, found: &mut Vec<Pointer>) {
    match value {
        serde_json::Value::Object(members) => {
            for (key, member) in members {
                let pointer = at.join(key);
                let empty = match member {
                    serde_json::Value::Null => true,
                    serde_json::Value::Array(items) => items.is_empty(),
                    _ => false,
                };
                if key == "enum" && empty {
                    found.push(pointer);
                } else {
                    find_empty_enums_in(member, &pointer, found);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_empty_enums_in(item, &at.join(index.to_string()), found);
            }
        }
        _ => {}
    }
}

/// Reads YAML into the document; any failure is explained afterwards by
/// [`explain_failure`], from the whole text.
fn parse_yaml(text: &str) -> std::result::Result<openapiv3::OpenAPI, ()> {
    if let Some(split) = split_paths(text, SPLIT_FROM_BYTES) {
        return parse_split(text, &split);
    }
    serde_yaml::from_str::<openapiv3::OpenAPI>(text).map_err(|_| ())
}

/// Below this size a spec is parsed in one piece: a second thread would cost more than it
/// saves.
const SPLIT_FROM_BYTES: usize = 512 * 1024;

/// Where the top-level `paths` entry of a large YAML spec starts and ends, when the text is
/// plainly laid out so that it can be read as two documents: the `paths` entry alone, and
/// everything else with `paths: {}` in its place.
///
/// That holds when every line that starts at column 0 is blank, a comment, or a top-level
/// key written as a plain word followed by `:` — no directives, document markers, tags,
/// anchors, quoted or complex keys — and no key appears twice. Each entry then runs from its
/// key line to the next key line: block scalars and plain scalars end where a line at
/// column 0 begins. Should a quoted scalar or a flow collection still hold such a line, the
/// part cut short of its closing quote or bracket fails to parse, and the whole text is
/// parsed instead; so is an alias whose anchor lies in the other part.
fn split_paths(text: &str, from_bytes: usize) -> Option<std::ops::Range<usize>> {
    if text.len() < from_bytes {
        return None;
    }
    let mut keys: HashSet<&str> = HashSet::new();
    let mut paths: Option<std::ops::Range<usize>> = None;
    let mut open_paths = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let first = line.as_bytes()[0];
        if matches!(first, b' ' | b'\n' | b'\r' | b'#') {
            continue;
        }
        let key = top_level_key(line)?;
        if !keys.insert(key) {
            return None;
        }
        if open_paths {
            open_paths = false;
            if let Some(range) = paths.as_mut() {
                range.end = start;
            }
        }
        if key == "paths" {
            paths = Some(start..text.len());
            open_paths = true;
        }
    }
    paths
}

/// The key of a line `word:` or `word: value`, where the word is made of ASCII letters,
/// digits, `_`, `-` and `.`, and starts with a letter or `_`.
fn top_level_key(line: &str) -> Option<&str> {
    let end = line.find(':')?;
    let key = &line[..end];
    let mut chars = key.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let rest_plain = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let after = line[end + 1..].chars().next();
    let ends_well = matches!(after, None | Some(' ' | '\n' | '\r'));
    (starts_well && rest_plain && ends_well).then_some(key)
}

/// The `paths` entry alone.
#[derive(serde::Deserialize)]
struct PathsOnly {
    paths: openapiv3::Paths,
}

/// Parses the two parts; if either fails, the whole text.
fn parse_split(
    text: &str,
    paths: &std::ops::Range<usize>,
) -> std::result::Result<openapiv3::OpenAPI, ()> {
    match parse_parts(text, paths) {
        Some(doc) => Ok(doc),
        None => serde_yaml::from_str::<openapiv3::OpenAPI>(text).map_err(|_| ()),
    }
}

/// Parses the `paths` entry on a second thread while this one parses the rest; `None` if
/// either part fails.
fn parse_parts(text: &str, paths: &std::ops::Range<usize>) -> Option<openapiv3::OpenAPI> {
    let paths_text = &text[paths.clone()];
    let mut rest = String::with_capacity(text.len() - paths_text.len() + 16);
    rest.push_str(&text[..paths.start]);
    rest.push_str("paths: {}\n");
    rest.push_str(&text[paths.end..]);
    let (doc, paths) = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .spawn_scoped(scope, || serde_yaml::from_str::<PathsOnly>(paths_text));
        let doc = serde_yaml::from_str::<openapiv3::OpenAPI>(&rest);
        let paths = match worker {
            Ok(handle) => handle.join().ok().and_then(|r| r.ok()),
            // No thread to be had: parse the entry here.
            Err(_) => serde_yaml::from_str::<PathsOnly>(paths_text).ok(),
        };
        (doc, paths)
    });
    let (mut doc, only) = (doc.ok()?, paths?);
    doc.paths = only.paths;
    Some(doc)
}

/// `openapiv3` reads `enum: []` (and `enum: null`) as no `enum` at all, so the later
/// stages cannot see it. A cheap look at the text decides whether the source could hold
/// one; only then are its events walked to find each.
fn empty_enum_problems(text: &str) -> Vec<Problem> {
    if !may_hold_empty_enum(text) {
        return Vec::new();
    }
    find_empty_enums(text)
        .into_iter()
        .map(|(pointer, location)| Problem {
            kind: ProblemKind::Invalid,
            pointer,
            location: Some(location),
            message: EMPTY_ENUM.to_owned(),
        })
        .collect()
}

/// Whether some `enum` key is followed by `[]`, `null`, `~`, or nothing that starts a
/// block sequence.
fn may_hold_empty_enum(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("enum") {
        let at = from + i;
        from = at + 4;
        let mut j = at + 4;
        if bytes.get(j) == Some(&b'"') || bytes.get(j) == Some(&b'\'') {
            j += 1;
        }
        while bytes.get(j).is_some_and(|b| *b == b' ' || *b == b'\t') {
            j += 1;
        }
        if bytes.get(j) != Some(&b':') {
            continue;
        }
        j += 1;
        while bytes.get(j).is_some_and(|b| *b == b' ' || *b == b'\t') {
            j += 1;
        }
        match bytes.get(j) {
            Some(b'[') => {
                let mut k = j + 1;
                while bytes.get(k).is_some_and(|b| b.is_ascii_whitespace()) {
                    k += 1;
                }
                if bytes.get(k) == Some(&b']') {
                    return true;
                }
            }
            Some(b'n') if text[j..].starts_with("null") => return true,
            Some(b'~') => return true,
            Some(b'\n') | Some(b'\r') | Some(b'#') | None => {
                // A block value: fine when the next line that holds something is `- …`.
                let rest = &text[j..];
                let next = rest
                    .lines()
                    .skip(1)
                    .map(str::trim_start)
                    .find(|l| !l.is_empty() && !l.starts_with('#'));
                if !next.is_some_and(|l| l.starts_with('-')) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The pointer and place of every `enum` whose value is an empty sequence or null.
fn find_empty_enums(text: &str) -> Vec<(String, Location)> {
    let mut found = Vec::new();
    // Set by an `enum` key: where it is. Its value is the next thing visited.
    let mut enum_key: Option<Location> = None;
    walk_events(text, |pointer, loc, what| {
        let at_enum = pointer.ends_with("/enum");
        match what {
            Visited::Key => enum_key = at_enum.then_some(loc),
            Visited::Null | Visited::EmptySequence => {
                if let Some(at) = enum_key.take().filter(|_| at_enum) {
                    found.push((pointer.to_owned(), at));
                }
            }
            Visited::Value => enum_key = None,
        }
        ControlFlow::Continue(())
    });
    found
}

/// The version field must say 3.0.x here: 3.1 and Swagger 2.0 documents were converted
/// to 3.0 before (see `convert`), and other versions are not read.
fn check_version(source: &Source, version: &str) -> Result<()> {
    if version.starts_with("3.0.") || version == "3.0" {
        return Ok(());
    }
    let message = format!(
        "`openapi: {version}` is not an OpenAPI version this generator reads; it reads 3.0.x, \
         3.1.x and Swagger 2.0"
    );
    let pointer = "#/openapi";
    let location = source.locate(&[pointer]).get(pointer).copied();
    Err(Error::Spec {
        source_name: source.name.clone(),
        problems: vec![Problem {
            kind: ProblemKind::Unsupported,
            pointer: pointer.to_owned(),
            location,
            message,
        }],
    })
}

/// The fast parse failed: parse again, slowly, to say where and why.
fn explain_failure(source: &Source, text: &str) -> Error {
    if text.trim().is_empty() {
        return Error::Parse {
            source_name: source.name.clone(),
            pointer: Some("#".to_owned()),
            location: None,
            message: "the file is empty; an OpenAPI 3.0 document was expected".to_owned(),
        };
    }
    let probe = match probe(source, text) {
        Ok(p) => p,
        Err(e) => return e,
    };
    if let Some(e) = wrong_version(source, &probe) {
        return e;
    }
    model_mismatch(source, text)
}

/// The fields that say which kind of document a file is.
#[derive(serde::Deserialize)]
struct Probe {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
}

/// Reads the version fields: an error when the file is not YAML or JSON at all.
fn probe(source: &Source, text: &str) -> Result<Probe> {
    let probe: std::result::Result<Probe, (String, Option<Location>)> = match source.format {
        Format::Yaml => serde_yaml::from_str::<Probe>(text).map_err(|e| {
            let loc = e.location().map(|l| Location {
                line: l.line(),
                column: l.column(),
            });
            (e.to_string(), loc)
        }),
        Format::Json => serde_json::from_str::<Probe>(text).map_err(|e| {
            let loc = (e.line() > 0).then(|| Location {
                line: e.line(),
                column: e.column(),
            });
            (e.to_string(), loc)
        }),
    };
    probe.map_err(|(message, location)| {
        let message = if let Some(rest) = message.strip_prefix("invalid type: ") {
            let found = rest.split(',').next().unwrap_or("something else");
            format!("the top level must be a mapping (the OpenAPI object), not a {found}")
        } else {
            let what = match source.format {
                Format::Yaml => "YAML",
                Format::Json => "JSON",
            };
            format!(
                "not well-formed {what}: {}",
                strip_location_suffix(&message)
            )
        };
        Error::Parse {
            source_name: source.name.clone(),
            pointer: None,
            location,
            message,
        }
    })
}

/// The error for a document that is not OpenAPI 3.0 by its own account, if it is not.
fn wrong_version(source: &Source, probe: &Probe) -> Option<Error> {
    let at = |pointer: &str, message: &str| Error::Parse {
        source_name: source.name.clone(),
        pointer: Some(pointer.to_owned()),
        location: source.locate(&[pointer]).get(pointer).copied(),
        message: message.to_owned(),
    };
    if probe.swagger.is_some() {
        return Some(at(
            "#/swagger",
            "`swagger` must be \"2.0\": this generator reads Swagger 2.0 and OpenAPI 3.0.x \
             and 3.1.x",
        ));
    }
    match &probe.openapi {
        None => Some(Error::Parse {
            source_name: source.name.clone(),
            pointer: Some("#".to_owned()),
            location: None,
            message: "not an OpenAPI document: the top-level `openapi` field is missing".to_owned(),
        }),
        Some(serde_json::Value::String(v)) => check_version(source, v).err(),
        Some(_) => Some(at(
            "#/openapi",
            "`openapi` must be a version string such as \"3.0.3\"",
        )),
    }
}

/// A 3.0 document that does not fit the OpenAPI object model: the failing value, found.
fn model_mismatch(source: &Source, text: &str) -> Error {
    let tracked = match source.format {
        Format::Yaml => {
            let de = serde_yaml::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(de)
                .map(|_| ())
                .map_err(|e| {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    let loc = inner.location().map(|l| Location {
                        line: l.line(),
                        column: l.column(),
                    });
                    (path, inner.to_string(), loc)
                })
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&mut de)
                .map(|_| ())
                .map_err(|e| {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    let loc = (inner.line() > 0).then(|| Location {
                        line: inner.line(),
                        column: inner.column(),
                    });
                    (path, inner.to_string(), loc)
                })
        }
    };
    match tracked {
        Ok(()) => Error::Parse {
            source_name: source.name.clone(),
            pointer: None,
            location: None,
            message: "the document could not be read as OpenAPI 3.0".to_owned(),
        },
        Err((path, message, location)) => {
            let pointer = path_to_pointer(&path);
            let location = location.or_else(|| source.locate(&[&pointer]).get(&pointer).copied());
            Error::Parse {
                source_name: source.name.clone(),
                pointer: Some(pointer),
                location,
                message: format!(
                    "does not fit the OpenAPI 3.0 object model: {}",
                    explain_serde_message(&strip_location_suffix(&message))
                ),
            }
        }
    }
}

/// serde's messages for `ReferenceOr` say "did not match any variant of untagged enum";
/// say what that means for a spec author.
fn explain_serde_message(message: &str) -> String {
    if message.contains("untagged enum ReferenceOr") {
        format!(
            "{message} (the value is neither a valid `$ref` object nor a valid inline object \
             of the expected kind; check its fields and their types)"
        )
    } else {
        message.to_owned()
    }
}

/// Drops the " at line 3 column 5" that serde's messages carry (the location is reported
/// on its own), wherever in the message it is.
fn strip_location_suffix(message: &str) -> String {
    let Some(idx) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[idx + " at line ".len()..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let Some(after_line) = rest[digits..].strip_prefix(" column ") else {
        return message.to_owned();
    };
    let col_digits = after_line.chars().take_while(char::is_ascii_digit).count();
    format!("{}{}", &message[..idx], &after_line[col_digits..])
}

/// serde_path_to_error prints `paths./pets.get.responses.200`; map keys that hold dots
/// are ambiguous in that form, so this is a best effort that is exact for the common case.
fn path_to_pointer(path: &str) -> String {
    if path == "." || path.is_empty() {
        return "#".to_owned();
    }
    let mut pointer = Pointer::root();
    for segment in split_path(path) {
        let segment = segment
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .map(str::to_owned)
            .unwrap_or(segment);
        pointer = pointer.join(segment);
    }
    pointer.as_str().to_owned()
}

/// Splits a serde_path_to_error path into segments. Sequence indices come as `[3]` and map
/// keys as `.key`. A dot inside a path template (`/v1.0/x`) only occurs in keys that start
/// with `/`, so those keys are taken whole up to the next segment that cannot be part of
/// a path template.
fn split_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' if !current.starts_with('/') || next_is_method(&mut chars.clone()) => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            '[' => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.push('[');
            }
            ']' => {
                current.push(']');
                out.push(std::mem::take(&mut current));
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn next_is_method(rest: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    let word: String = rest.take_while(|c| *c != '.' && *c != '[').collect();
    matches!(
        word.as_str(),
        "get"
            | "put"
            | "post"
            | "delete"
            | "options"
            | "head"
            | "patch"
            | "trace"
            | "parameters"
            | "summary"
            | "description"
            | "servers"
            | "$ref"
    )
}

/// One pass over YAML (or JSON, which is YAML) text with `yaml-rust2`'s event parser,
/// recording where each wanted pointer, or else its nearest ancestor, starts. The pass ends
/// once all are found: reading a large spec's events is much of what generation costs.
fn locate(text: &str, pointers: &[&str]) -> HashMap<String, Location> {
    if pointers.is_empty() {
        return HashMap::new();
    }
    let mut wanted: HashSet<String> = HashSet::new();
    for p in pointers {
        let mut cur = Some(Pointer::parse(p).unwrap_or_else(Pointer::root));
        while let Some(p) = cur {
            cur = p.parent();
            wanted.insert(p.as_str().to_owned());
        }
    }
    let mut found: HashMap<String, Location> = HashMap::new();
    walk_events(text, |pointer, marker, _| {
        if wanted.contains(pointer) && !found.contains_key(pointer) {
            found.insert(pointer.to_owned(), marker);
        }
        if found.len() == wanted.len() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    let mut out = HashMap::new();
    for p in pointers {
        let mut cur = Some(Pointer::parse(p).unwrap_or_else(Pointer::root));
        while let Some(candidate) = cur {
            if let Some(loc) = found.get(candidate.as_str()) {
                out.insert((*p).to_owned(), *loc);
                break;
            }
            cur = candidate.parent();
        }
    }
    out
}

enum Frame {
    Map {
        pointer: Pointer,
        key: Option<String>,
    },
    Seq {
        pointer: Pointer,
        index: usize,
    },
}

/// What [`walk_events`] visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visited {
    /// A mapping key (its pointer is that of its value).
    Key,
    /// A plain `null`, `~` or nothing.
    Null,
    /// An empty sequence.
    EmptySequence,
    /// Any other value.
    Value,
}

/// Calls `visit` with the pointer and place of every key and value of a YAML (or JSON)
/// text, in document order, until it says to stop.
fn walk_events(text: &str, mut visit: impl FnMut(&str, Location, Visited) -> ControlFlow<()>) {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    // Where the next value goes: its pointer, or None for a key position.
    loop {
        let Ok((event, marker)) = parser.next_token() else {
            return;
        };
        let loc = Location {
            line: marker.line(),
            column: marker.col() + 1,
        };
        // The pointer of a value about to start at this event, if we are at a value position.
        let value_pointer = |stack: &mut Vec<Frame>| -> Option<Pointer> {
            match stack.last_mut() {
                None => Some(Pointer::root()),
                Some(Frame::Map { pointer, key }) => key.take().map(|k| pointer.join(k)),
                Some(Frame::Seq { pointer, index }) => {
                    let p = pointer.join(index.to_string());
                    *index += 1;
                    Some(p)
                }
            }
        };
        match event {
            Event::StreamEnd => return,
            Event::Scalar(value, style, ..) => {
                let at_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
                if at_key {
                    if let Some(Frame::Map { pointer, key }) = stack.last_mut() {
                        if visit(pointer.join(&value).as_str(), loc, Visited::Key).is_break() {
                            return;
                        }
                        *key = Some(value);
                    }
                } else if let Some(p) = value_pointer(&mut stack) {
                    let plain = matches!(style, yaml_rust2::scanner::TScalarStyle::Plain);
                    let null = plain && (value.is_empty() || value == "~" || value == "null");
                    let what = if null { Visited::Null } else { Visited::Value };
                    if visit(p.as_str(), loc, what).is_break() {
                        return;
                    }
                }
            }
            Event::Alias(_) => {
                if let Some(p) = value_pointer(&mut stack) {
                    if visit(p.as_str(), loc, Visited::Value).is_break() {
                        return;
                    }
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let at_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
                let pointer = if at_key {
                    // A complex key: give it a pointer that nothing asks for.
                    Pointer::root().join("\u{0}complex-key")
                } else {
                    value_pointer(&mut stack).unwrap_or_else(Pointer::root)
                };
                let empty = !is_map && matches!(parser.peek(), Ok((Event::SequenceEnd, _)));
                let what = if empty {
                    Visited::EmptySequence
                } else {
                    Visited::Value
                };
                if visit(pointer.as_str(), loc, what).is_break() {
                    return;
                }
                stack.push(if is_map {
                    Frame::Map { pointer, key: None }
                } else {
                    Frame::Seq { pointer, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document as the split read gives it (`None` when the text is not split or
    /// a part fails), and as one `serde_yaml` read of the whole text gives it.
    fn both_reads(
        text: &str,
    ) -> (
        Option<openapiv3::OpenAPI>,
        std::result::Result<openapiv3::OpenAPI, String>,
    ) {
        let split = split_paths(text, 0).and_then(|range| parse_parts(text, &range));
        let whole = serde_yaml::from_str::<openapiv3::OpenAPI>(text).map_err(|e| e.to_string());
        (split, whole)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";

    #[test]
    fn split_read_equals_whole_read() {
        let text = format!(
            "# a comment\n{HEAD}paths:\n  /a:\n    get:\n      description: |\n        two\n        lines\n      responses:\n        '200':\n          description: ok\n\n# between\ncomponents:\n  schemas:\n    A:\n      type: string\nx-tail: plain\n  continued\n"
        );
        let (split, whole) = both_reads(&text);
        let split = split.expect("split");
        assert_eq!(split, whole.expect("whole"));
        assert_eq!(split.paths.paths.len(), 1);
        assert!(split.extensions.contains_key("x-tail"));
    }

    #[test]
    fn split_read_gives_way_where_a_cut_would_change_the_meaning() {
        // The line `paths:` itself inside a quoted scalar or a flow sequence of an earlier
        // entry: the rest, cut short there, does not parse.
        for inside in [
            "  description: \"starts\npaths: here\n  ends\"\n",
            "  x-list: [a,\npaths: b]\n",
        ] {
            let text = format!("{HEAD}x-extra:\n{inside}components: {{}}\n");
            assert!(split_paths(&text, 0).is_some(), "{inside}");
            let (split, whole) = both_reads(&text);
            assert!(split.is_none(), "{inside}");
            assert!(whole.is_err(), "no real `paths`: {inside}");
        }
        // A quoted scalar or flow sequence in `paths` that runs over a line at column 0:
        // the `paths` part does not parse.
        for inside in [
            "    description: \"starts\nx-inner: here\n  ends\"\n",
            "    x-list: [a,\nx-inner: b]\n",
        ] {
            let text = format!("{HEAD}paths:\n  /a:\n{inside}components: {{}}\n");
            assert!(split_paths(&text, 0).is_some(), "{inside}");
            let (split, whole) = both_reads(&text);
            assert!(split.is_none(), "{inside}");
            let whole = whole.expect("the whole text parses");
            assert!(!whole.extensions.contains_key("x-inner"), "{inside}");
        }
        // An alias in one part to an anchor in the other.
        let text = format!("{HEAD}x-shared: &s\n  description: shared\npaths:\n  /a: *s\n");
        let (split, whole) = both_reads(&text);
        assert!(split.is_none());
        assert_eq!(parse_yaml(&text).ok(), whole.ok());
        let doc = parse_split(&text, &split_paths(&text, 0).expect("split")).expect("whole");
        assert_eq!(doc.paths.paths.len(), 1);
    }

    #[test]
    fn texts_that_are_not_plainly_laid_out_are_read_whole() {
        for text in [
            format!("---\n{HEAD}paths: {{}}\n"),
            format!("%YAML 1.2\n---\n{HEAD}paths: {{}}\n"),
            format!("{HEAD}paths: {{}}\npaths: {{}}\n"),
            format!("{HEAD}\"paths\": {{}}\n"),
            format!("{HEAD}? paths\n: {{}}\n"),
            format!("{HEAD}paths:{{}}\n"),
            format!("{HEAD}\tpaths: {{}}\n"),
            format!("{HEAD}components: {{}}\n"),
        ] {
            assert_eq!(split_paths(&text, 0), None, "{text}");
        }
        assert_eq!(split_paths(&format!("{HEAD}paths: {{}}\n"), 1 << 20), None);
        let text = format!("{HEAD}paths: {{}}\r\nx-a: 1\r\n");
        let range = split_paths(&text, 0).expect("CRLF lines split");
        assert_eq!(&text[range], "paths: {}\r\n");
    }

    #[test]
    fn split_read_of_the_atlas_spec_equals_whole_read() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/atlas/atlas-api-2025-06.yaml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("skipped: ../shared/atlas is absent, so the full spec cannot be read");
            return;
        };
        assert!(text.len() >= SPLIT_FROM_BYTES);
        let (split, whole) = both_reads(&text);
        let split = split.expect("the Atlas spec is read in two parts");
        assert_eq!(split, whole.expect("the Atlas spec parses"));
        assert!(!split.paths.paths.is_empty());
    }

    #[test]
    fn locates_yaml_keys() {
        let text = "openapi: 3.0.3\ninfo:\n  title: x\npaths:\n  /a/{b}:\n    get:\n      responses: {}\nlist:\n  - one\n  - two: 2\n";
        let found = locate(
            text,
            &[
                "#/info/title",
                "#/paths/~1a~1{b}/get/responses",
                "#/list/1/two",
                "#/info/nope",
            ],
        );
        assert_eq!(found["#/info/title"], Location { line: 3, column: 3 });
        assert_eq!(
            found["#/paths/~1a~1{b}/get/responses"],
            Location { line: 7, column: 7 }
        );
        assert_eq!(
            found["#/list/1/two"],
            Location {
                line: 10,
                column: 5
            }
        );
        // Not present: the nearest ancestor.
        assert_eq!(found["#/info/nope"], Location { line: 2, column: 1 });
    }

    #[test]
    fn locates_json_members() {
        let text = "{\"openapi\": \"3.0.0\",\n \"components\": {\"schemas\": {\"A\": {\"type\": \"string\"}}}}";
        let found = locate(text, &["#/components/schemas/A/type"]);
        let loc = found["#/components/schemas/A/type"];
        assert_eq!(loc.line, 2);
        assert_eq!(
            &text.lines().nth(1).unwrap()[loc.column - 1..][..6],
            "\"type\""
        );
    }

    #[test]
    fn empty_enums_are_found_in_yaml_and_json() {
        assert!(!may_hold_empty_enum(
            "a:\n  enum:\n    - x\n  type: string\n"
        ));
        assert!(!may_hold_empty_enum("{\"enum\": [\"x\"]}"));
        assert!(may_hold_empty_enum("a:\n  enum: []\n"));
        assert!(may_hold_empty_enum("{\"enum\" : [ ]}"));
        assert!(may_hold_empty_enum("a:\n  enum:\n  type: string\n"));
        let found = find_empty_enums(
            "s:\n  A: {type: string, enum: []}\n  B:\n    enum:\n    type: string\n  C:\n    enum: [x]\n",
        );
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["#/s/A/enum", "#/s/B/enum"]);
        assert_eq!(found[1].1, Location { line: 4, column: 5 });
        let found = find_empty_enums("{\"components\": {\"x\": {\"enum\": []}}}");
        assert_eq!(found[0].0, "#/components/x/enum");
    }

    #[test]
    fn locations_leave_messages() {
        assert_eq!(
            strip_location_suffix("did not find expected ',' at line 7 column 3, while parsing"),
            "did not find expected ',', while parsing"
        );
        assert_eq!(
            strip_location_suffix("key must be a string at line 5 column 67"),
            "key must be a string"
        );
        assert_eq!(
            strip_location_suffix("no location here"),
            "no location here"
        );
    }

    #[test]
    fn serde_paths_become_pointers() {
        assert_eq!(
            path_to_pointer("paths./a/b.get.responses"),
            "#/paths/~1a~1b/get/responses"
        );
        assert_eq!(
            path_to_pointer("paths./v1.0/x.post"),
            "#/paths/~1v1.0~1x/post"
        );
        assert_eq!(path_to_pointer("tags[2].name"), "#/tags/2/name");
        assert_eq!(path_to_pointer("."), "#");
    }
}
