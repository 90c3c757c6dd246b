//! Stage 1: read a spec (YAML or JSON) into `openapiv3` types.
//!
//! This is the only module that touches `serde_yaml` and `serde_json` as parsers. It also
//! knows how to find the line and column of a JSON pointer in the source text, which the
//! later stages use to place their problems and diagnostics.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Error, Location, Problem, ProblemKind, Result};
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
        Ok(Source { name, text, format })
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

/// Parses the source into an OpenAPI 3.0 document.
pub fn parse(source: &Source) -> Result<openapiv3::OpenAPI> {
    let text = source.text.trim_start_matches('\u{feff}');
    let fast = match source.format {
        Format::Yaml => serde_yaml::from_str::<openapiv3::OpenAPI>(text).map_err(|_| ()),
        Format::Json => serde_json::from_str::<openapiv3::OpenAPI>(text).map_err(|_| ()),
    };
    let doc = match fast {
        Ok(doc) => doc,
        Err(()) => return Err(explain_failure(source, text)),
    };
    check_version(source, &doc.openapi)?;
    Ok(doc)
}

/// The version field must say 3.0.x: 3.1 changed the schema dialect in ways that this
/// generator does not model, and Swagger 2.0 is a different format altogether.
fn check_version(source: &Source, version: &str) -> Result<()> {
    if version.starts_with("3.0.") || version == "3.0" {
        return Ok(());
    }
    let message = if version.starts_with("3.1") {
        format!(
            "OpenAPI {version} is not supported: this generator reads OpenAPI 3.0.x documents \
             (3.1 changed the schema dialect: `type` arrays, `nullable` removed, JSON Schema 2020-12)"
        )
    } else {
        format!(
            "`openapi: {version}` is not an OpenAPI version this generator reads; it reads 3.0.x"
        )
    };
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
    // First: is it a YAML/JSON document at all, and which OpenAPI version does it claim?
    #[derive(serde::Deserialize)]
    struct Probe {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
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
    let what = match source.format {
        Format::Yaml => "YAML",
        Format::Json => "JSON",
    };
    let probe = match probe {
        Ok(p) => p,
        Err((message, location)) => {
            return Error::Parse {
                source_name: source.name.clone(),
                pointer: None,
                location,
                message: format!(
                    "not a well-formed {what} document with a mapping at the top: {}",
                    strip_location_suffix(&message)
                ),
            };
        }
    };
    if probe.swagger.is_some() {
        return Error::Parse {
            source_name: source.name.clone(),
            pointer: Some("#/swagger".to_owned()),
            location: source.locate(&["#/swagger"]).get("#/swagger").copied(),
            message: "Swagger 2.0 is not supported: this generator reads OpenAPI 3.0.x; \
                      convert the document first (for example with swagger2openapi)"
                .to_owned(),
        };
    }
    match &probe.openapi {
        None => {
            return Error::Parse {
                source_name: source.name.clone(),
                pointer: Some("#".to_owned()),
                location: None,
                message: "not an OpenAPI document: the top-level `openapi` field is missing"
                    .to_owned(),
            };
        }
        Some(serde_json::Value::String(v)) => {
            if let Err(e) = check_version(source, v) {
                return e;
            }
        }
        Some(_) => {
            return Error::Parse {
                source_name: source.name.clone(),
                pointer: Some("#/openapi".to_owned()),
                location: source.locate(&["#/openapi"]).get("#/openapi").copied(),
                message: "`openapi` must be a version string such as \"3.0.3\"".to_owned(),
            };
        }
    }
    // A 3.0 document that does not fit the OpenAPI object model: find the failing value.
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

fn strip_location_suffix(message: &str) -> String {
    // serde_yaml: "… at line 3 column 5"; serde_json: "… at line 3 column 5".
    match message.rfind(" at line ") {
        Some(idx) if message[idx..].contains(" column ") => message[..idx].to_owned(),
        _ => message.to_owned(),
    }
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
/// recording where each wanted pointer, or else its nearest ancestor, starts.
fn locate(text: &str, pointers: &[&str]) -> HashMap<String, Location> {
    let mut wanted: HashSet<String> = HashSet::new();
    for p in pointers {
        let mut cur = Some(Pointer::parse(p).unwrap_or_else(Pointer::root));
        while let Some(p) = cur {
            cur = p.parent();
            wanted.insert(p.as_str().to_owned());
        }
    }
    let mut found: HashMap<String, Location> = HashMap::new();
    walk_events(text, |pointer, marker| {
        if wanted.contains(pointer) && !found.contains_key(pointer) {
            found.insert(pointer.to_owned(), marker);
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

fn walk_events(text: &str, mut visit: impl FnMut(&str, Location)) {
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
            Event::Scalar(value, ..) => {
                let at_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
                if at_key {
                    if let Some(Frame::Map { pointer, key }) = stack.last_mut() {
                        visit(pointer.join(&value).as_str(), loc);
                        *key = Some(value);
                    }
                } else if let Some(p) = value_pointer(&mut stack) {
                    visit(p.as_str(), loc);
                }
            }
            Event::Alias(_) => {
                if let Some(p) = value_pointer(&mut stack) {
                    visit(p.as_str(), loc);
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
                visit(pointer.as_str(), loc);
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
