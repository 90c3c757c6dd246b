//! Stage 0b: documents that are not OpenAPI 3.0 — OpenAPI 3.1, Swagger 2.0 — become
//! OpenAPI 3.0, held as data, before they are read into the `openapiv3` object model; and
//! `$ref`s that the later stages cannot follow (to any node of the document, not only
//! `#/components/…`) are resolved. Lowering then sees one kind of document.
//!
//! What a conversion cannot carry over is a `note` diagnostic at the node of the document
//! as the user wrote it; what it carries over exactly is silent.

pub(crate) mod external;
mod openapi31;
mod refs;
mod swagger2;
mod walk;

use serde_json::Value;

use crate::error::{Diagnostic, DiagnosticKind, Result};
use crate::parse::Source;
use crate::pointer::Pointer;

/// What a document is, by its own account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Swagger2,
    OpenApi30,
    OpenApi31,
    /// Anything else: left to the parser to explain.
    Other,
}

impl Dialect {
    /// The dialect a document declares (`swagger: "2.0"`, `openapi: 3.x.y`).
    pub(crate) fn of(doc: &Value) -> Self {
        if doc.get("swagger").and_then(Value::as_str) == Some("2.0") {
            return Dialect::Swagger2;
        }
        match doc.get("openapi").and_then(Value::as_str) {
            Some(v) if v == "3.0" || v.starts_with("3.0.") => Dialect::OpenApi30,
            Some(v) if v == "3.1" || v.starts_with("3.1.") => Dialect::OpenApi31,
            _ => Dialect::Other,
        }
    }

    /// The dialect a spec's text declares, told without parsing it: a top-level `swagger`
    /// or `openapi` key with its version. `Other` when the text does not say plainly (the
    /// caller then reads the document as data and asks [`Dialect::of`]).
    pub(crate) fn sniff(text: &str) -> Self {
        let version = |key: &str| -> Option<&str> {
            let at = text.find(key)?;
            let rest = text[at + key.len()..].trim_start_matches(['"', '\'']);
            let rest = rest.trim_start().strip_prefix(':')?.trim_start();
            let rest = rest.trim_start_matches(['"', '\'']);
            Some(
                &rest[..rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(rest.len())],
            )
        };
        if let Some(v) = version("swagger") {
            return if v == "2.0" {
                Dialect::Swagger2
            } else {
                Dialect::Other
            };
        }
        match version("openapi") {
            Some(v) if v == "3.0" || v.starts_with("3.0.") => Dialect::OpenApi30,
            Some(v) if v == "3.1" || v.starts_with("3.1.") => Dialect::OpenApi31,
            _ => Dialect::Other,
        }
    }
}

/// How a spec's text goes to the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// Straight: OpenAPI 3.0 whose every `$ref` points at a whole component.
    Direct,
    /// Read as data and converted first: another dialect, references the parser cannot
    /// follow, or overlays to apply.
    Convert,
    /// The text does not say plainly what it is: straight, and converted only if the
    /// parser refuses it and the data says it converts.
    Unknown,
}

impl Route {
    pub(crate) fn of(text: &str, no_overlays: bool) -> Self {
        match Dialect::sniff(text) {
            _ if !no_overlays => Route::Convert,
            Dialect::OpenApi30 if refs::all_to_components(text) => Route::Direct,
            Dialect::Other => Route::Unknown,
            _ => Route::Convert,
        }
    }
}

/// Whether a document held as data needs converting.
pub(crate) fn converts(doc: &Value) -> bool {
    matches!(Dialect::of(doc), Dialect::Swagger2 | Dialect::OpenApi31)
}

/// What a conversion did beside the document: what it lost, and where it moved things.
pub(crate) struct Converted {
    /// Notes at the nodes of the document as it came.
    pub(crate) notes: Vec<Diagnostic>,
    /// Where nodes of the converted document came from.
    pub(crate) moves: Moves,
    /// The other files the spec's `$ref`s led to.
    pub(crate) files: external::Files,
}

impl Converted {
    /// The text a node is in: the file of that index, or the spec's own.
    pub(crate) fn text<'a>(&'a self, file: Option<usize>, spec: &'a Source) -> &'a Source {
        match file {
            Some(i) => &self.files.read[i].1,
            None => spec,
        }
    }
}

/// Brings the files a spec refers to into it, converts it to OpenAPI 3.0 in place, and
/// resolves the references the later stages cannot follow.
pub(crate) fn to_openapi_30(doc: &mut Value, source: &Source) -> Result<Converted> {
    let mut notes = Notes::default();
    let mut moves = Moves::default();
    let dialect = Dialect::of(doc);
    let files = external::bundle(doc, source, dialect, &mut moves)?;
    match dialect {
        Dialect::Swagger2 => swagger2::convert(doc, &mut notes, &mut moves),
        Dialect::OpenApi31 => openapi31::convert(doc, &mut notes),
        Dialect::OpenApi30 | Dialect::Other => {}
    }
    refs::resolve_local(doc, &mut notes, &mut moves);
    Ok(Converted {
        notes: notes.list,
        moves,
        files,
    })
}

/// Where the nodes of a converted document were in the document as written
/// (`#/components/schemas/Pet` was `#/definitions/Pet`), so that what later stages report
/// points at what the user wrote.
#[derive(Debug, Default)]
pub(crate) struct Moves {
    /// `(pointer now, pointer then, the other file it was in)`, of whole subtrees.
    moved: Vec<(String, String, Option<usize>)>,
}

impl Moves {
    pub(crate) fn add(&mut self, now: &str, then: &str) {
        self.moved.push((now.to_owned(), then.to_owned(), None));
    }

    /// A move from another file of the spec (its index in [`external::Files`]).
    pub(crate) fn add_in_file(&mut self, now: &str, then: &str, file: usize) {
        self.moved
            .push((now.to_owned(), then.to_owned(), Some(file)));
    }

    /// The pointer in the document as written of a node of the converted one, and the
    /// other file it is in: the longest move that holds it, applied; the pointer itself
    /// when nothing moved it.
    pub(crate) fn original(&self, pointer: &str) -> (String, Option<usize>) {
        let holds = |now: &str| {
            pointer
                .strip_prefix(now)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        match self
            .moved
            .iter()
            .filter(|(now, _, _)| holds(now))
            .max_by_key(|(now, _, _)| now.len())
        {
            Some((now, then, file)) => (format!("{then}{}", &pointer[now.len()..]), *file),
            None => (pointer.to_owned(), None),
        }
    }
}

/// Diagnostics of a conversion.
#[derive(Default)]
pub(crate) struct Notes {
    list: Vec<Diagnostic>,
}

impl Notes {
    /// A note at `at`, a node of the document as the user wrote it.
    pub(crate) fn note(&mut self, at: &Pointer, message: String) {
        self.list.push(Diagnostic {
            kind: DiagnosticKind::Note,
            file: None,
            pointer: at.as_str().to_owned(),
            location: None,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects_are_told_from_the_text() {
        assert_eq!(
            Dialect::sniff("openapi: 3.0.3\ninfo: {}"),
            Dialect::OpenApi30
        );
        assert_eq!(
            Dialect::sniff("{\"openapi\": \"3.1.0\"}"),
            Dialect::OpenApi31
        );
        assert_eq!(Dialect::sniff("swagger: '2.0'\n"), Dialect::Swagger2);
        assert_eq!(Dialect::sniff("{\"swagger\" : \"2.0\"}"), Dialect::Swagger2);
        assert_eq!(Dialect::sniff("openapi: 4.0.0"), Dialect::Other);
        assert_eq!(Dialect::sniff("info: {}"), Dialect::Other);
    }
}
