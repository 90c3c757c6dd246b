//! References to any node of the document, as JSON Reference allows
//! (`#/paths/~1pets/get/parameters/0`, `#/components/schemas/Pet/properties/id`), made into
//! what lowering follows: references to whole components.
//!
//! A schema found anywhere else becomes a component of its own (`components/schemas`,
//! named after where it stands) and the reference points there, so that a schema that
//! refers to itself stays one recursive type. Anything else (a parameter, a response, a
//! request body) is copied in place of the reference: those do not refer to themselves.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Moves, Notes};
use crate::pointer::{Pointer, unescape};

/// The most references followed in one chain, or copied one inside another, before the
/// rest are left as they are (a cycle the document should not have).
const MAX_DEPTH: usize = 64;

/// Whether every `$ref` in the text points at a whole component (`#/components/<kind>/<name>`),
/// told by a scan of the text without parsing it.
pub(super) fn all_to_components(text: &str) -> bool {
    text.match_indices("$ref").all(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            return true;
        };
        let value = rest.trim_start().trim_start_matches(['"', '\'']);
        value
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(_, name)| {
                let end = name
                    .find(['"', '\'', '\n', '\r', ',', '}', ' '])
                    .unwrap_or(name.len());
                !name[..end].contains('/')
            })
    })
}

/// Makes every local reference point at a whole component or be replaced by what it
/// points at. A reference to nothing is left for lowering to report where it stands.
pub(super) fn resolve_local(doc: &mut Value, notes: &mut Notes, moves: &mut Moves) {
    // Most specs have none; the walk below reads a copy of the whole document.
    if !has_partial_reference(doc) {
        return;
    }
    let mut hoisted: Map<String, Value> = Map::new();
    let original = doc.clone();
    let mut visit = Visit {
        doc: &original,
        names: HashMap::new(),
        hoisted: &mut hoisted,
        notes,
        depth: 0,
    };
    visit.node(doc, &Pointer::root(), false);
    for (pointer, name) in &visit.names {
        let now = Pointer::root()
            .join("components")
            .join("schemas")
            .join(name);
        moves.add(now.as_str(), pointer);
    }
    if hoisted.is_empty() {
        return;
    }
    let schemas = doc
        .as_object_mut()
        .map(|d| {
            d.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut)
        .map(|c| {
            c.entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()))
        });
    if let Some(Value::Object(schemas)) = schemas {
        for (name, schema) in hoisted {
            schemas.entry(name).or_insert(schema);
        }
    }
}

struct Visit<'a> {
    /// The document as it came: what references point at.
    doc: &'a Value,
    /// The name of each schema made a component, by its pointer.
    names: HashMap<String, String>,
    /// Schemas made components, by name (their name is their pointer's, made unique).
    hoisted: &'a mut Map<String, Value>,
    notes: &'a mut Notes,
    depth: usize,
}

impl Visit<'_> {
    /// Walks a node; `in_schema` says whether it is (inside) a schema.
    fn node(&mut self, node: &mut Value, at: &Pointer, in_schema: bool) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    self.reference(node, &reference, at, in_schema);
                    return;
                }
                // Examples are data: a `$ref` in one is not a reference.
                for (key, child) in map
                    .iter_mut()
                    .filter(|(k, _)| *k != "example" && *k != "examples")
                {
                    let schema = in_schema || key == "schema" || key == "schemas";
                    self.node(child, &at.join(key), schema);
                }
            }
            Value::Array(list) => {
                for (i, child) in list.iter_mut().enumerate() {
                    self.node(child, &at.join(i.to_string()), in_schema);
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, node: &mut Value, reference: &str, at: &Pointer, in_schema: bool) {
        let Some(target) = Pointer::parse(reference) else {
            return;
        };
        if is_whole_component(&target) {
            return;
        }
        let Some(found) = self.doc.pointer(&target.as_str()[1..]) else {
            return;
        };
        if self.depth >= MAX_DEPTH {
            self.notes.note(
                at,
                format!("`$ref: {reference}` is {MAX_DEPTH} references deep: left as it is"),
            );
            return;
        }
        if in_schema {
            let name = self.hoist(&target, found);
            *node = serde_json::json!({ "$ref": format!("#/components/schemas/{}", crate::pointer::escape(&name)) });
            return;
        }
        if looks_like_schema_pointer(&target) {
            // A schema where something else is expected (a response, a parameter): left as
            // written, for lowering to refuse at its place and with the pointer the spec
            // wrote.
            return;
        }
        let mut copy = found.clone();
        self.depth += 1;
        self.node(&mut copy, at, in_schema);
        self.depth -= 1;
        *node = copy;
    }

    /// Makes the schema at `target` a component (once), and returns its name.
    fn hoist(&mut self, target: &Pointer, schema: &Value) -> String {
        if let Some(name) = self.names.get(target.as_str()) {
            return name.clone();
        }
        let name = self.unique_name(&name_of(target));
        self.names.insert(target.as_str().to_owned(), name.clone());
        // Placed before its own references are made components, so that one pointing
        // back at it finds its name.
        self.hoisted.insert(name.clone(), Value::Null);
        let mut copy = schema.clone();
        self.depth += 1;
        self.node(&mut copy, target, true);
        self.depth -= 1;
        self.hoisted.insert(name.clone(), copy);
        name
    }

    fn unique_name(&self, base: &str) -> String {
        let taken = |name: &str| {
            self.hoisted.contains_key(name)
                || self
                    .doc
                    .pointer(&format!(
                        "/components/schemas/{}",
                        crate::pointer::escape(name)
                    ))
                    .is_some()
        };
        if !taken(base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|name| !taken(name))
            .unwrap_or_else(|| base.to_owned())
    }
}

/// Whether some local `$ref` (outside examples) points elsewhere than at a whole component.
fn has_partial_reference(node: &Value) -> bool {
    match node {
        Value::Object(map) => {
            let partial = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(Pointer::parse)
                .is_some_and(|target| !is_whole_component(&target));
            partial
                || map
                    .iter()
                    .filter(|(k, _)| *k != "example" && *k != "examples")
                    .any(|(_, v)| has_partial_reference(v))
        }
        Value::Array(list) => list.iter().any(has_partial_reference),
        _ => false,
    }
}

/// `#/components/<kind>/<name>`, which lowering follows as it is.
fn is_whole_component(target: &Pointer) -> bool {
    let segments = target.segments();
    segments.len() == 3 && segments[0] == "components"
}

/// Whether a pointer leads to a schema by the keywords on its way.
fn looks_like_schema_pointer(target: &Pointer) -> bool {
    target.segments().iter().any(|s| {
        matches!(
            s.as_str(),
            "schema"
                | "schemas"
                | "properties"
                | "items"
                | "allOf"
                | "anyOf"
                | "oneOf"
                | "additionalProperties"
                | "definitions"
        )
    })
}

/// A component name for the schema at a pointer: its meaningful segments, joined
/// (`#/components/schemas/Pet/properties/id` → `Pet_id`).
fn name_of(target: &Pointer) -> String {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "additionalProperties",
        "content",
        "schema",
        "paths",
        "parameters",
        "responses",
        "requestBody",
        "definitions",
    ];
    let parts: Vec<String> = target
        .segments()
        .iter()
        .map(|s| unescape(s))
        .filter(|s| !STRUCTURE.contains(&s.as_str()) && !s.contains('/'))
        .map(|s| {
            s.chars()
                .filter(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        "Schema".to_owned()
    } else {
        parts.join("_")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn texts_with_references_elsewhere_are_told() {
        assert!(all_to_components(
            "a:\n  $ref: '#/components/schemas/Pet'\n"
        ));
        assert!(all_to_components(
            "{\"$ref\": \"#/components/schemas/Pet\"}"
        ));
        assert!(all_to_components("no references"));
        assert!(!all_to_components(
            "$ref: '#/paths/~1pets/get/parameters/0'"
        ));
        assert!(!all_to_components(
            "{\"$ref\":\"#/components/schemas/Pet/properties/id\"}"
        ));
        assert!(!all_to_components("$ref: ./pet.yaml"));
    }

    #[test]
    fn references_anywhere_are_resolved() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {
                "/pets": {"get": {
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet/properties/id"}}}}}
                }},
                "/cats": {"get": {
                    "parameters": [{"$ref": "#/paths/~1pets/get/parameters/0"}],
                    "responses": {"200": {"$ref": "#/paths/~1pets/get/responses/200"}}
                }}
            },
            "components": {"schemas": {
                "Pet": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Pet/properties/children"}}
                }}
            }}
        });
        let mut notes = Notes::default();
        resolve_local(&mut doc, &mut notes, &mut Moves::default());
        assert!(notes.list.is_empty());
        let cats = &doc["paths"]["/cats"]["get"];
        assert_eq!(cats["parameters"][0]["name"], "limit");
        assert_eq!(
            cats["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Pet_id"})
        );
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Pet_id"], json!({"type": "string"}));
        // A schema that refers to itself stays one component.
        assert_eq!(
            schemas["Pet_children"],
            json!({"type": "array", "items": {"$ref": "#/components/schemas/Pet_children"}})
        );
        assert_eq!(
            schemas["Pet"]["properties"]["children"]["items"],
            json!({"$ref": "#/components/schemas/Pet_children"})
        );
    }
}
