//! OpenAPI 3.1 into 3.0. 3.1 describes data with JSON Schema 2020-12; 3.0 with its own
//! subset of an older draft. Each 2020-12 keyword becomes its 3.0 form where there is one:
//!
//! - `type: [string, "null"]` → `type: string, nullable: true`; several types besides
//!   `null` → a `oneOf` of each; `const: v` → `enum: [v]`; `examples: [a, …]` → `example: a`;
//! - a number in `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` and `true`;
//! - `$ref` beside other keywords → `allOf: [{$ref}]` beside them (3.0 ignores the
//!   siblings of a `$ref`; this keeps a property's description and default);
//! - `contentEncoding: base64` → `format: byte`; `contentMediaType` (a binary body) →
//!   `format: binary`; `true`/`false` schemas → `{}` and `{not: {}}`;
//! - `components/pathItems` → the path items that refer to them; `webhooks` (calls the API
//!   makes, not a client's concern) and `jsonSchemaDialect` are dropped with a note;
//!   `info.license.identifier` becomes the license's SPDX URL.
//!
//! What has no 3.0 form (`prefixItems`, `if`/`then`/`else`, `dependentSchemas`,
//! `patternProperties`, `unevaluatedProperties`, …) is dropped with a note: the value is
//! still read, as its other keywords say, but those are not enforced.

use serde_json::{Map, Value};

use super::Notes;
use super::walk::{METHODS, each_schema, subschemas};
use crate::pointer::Pointer;

/// Keywords with no OpenAPI 3.0 form: not enforced.
const UNENFORCED: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$dynamicAnchor",
];

/// Keywords about the schema document itself, dropped silently: they do not describe data.
const ABOUT_THE_SCHEMA: &[&str] = &["$schema", "$id", "$anchor", "$comment", "$vocabulary"];

/// The dialect 3.1 documents use unless they say otherwise.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

pub(super) fn convert(doc: &mut Value, notes: &mut Notes) {
    let root = Pointer::root();
    doc["openapi"] = Value::from("3.0.3");
    if let Some(dialect) = remove(doc, "jsonSchemaDialect") {
        if dialect.as_str() != Some(DEFAULT_DIALECT) {
            notes.note(
                &root.join("jsonSchemaDialect"),
                format!("`jsonSchemaDialect` {dialect} is not read: schemas are read as OpenAPI 3.1's own dialect"),
            );
        }
    }
    license(doc);
    if doc.get("paths").is_none() {
        doc["paths"] = Value::Object(Map::new());
    }
    let mut schemas = Vec::new();
    each_schema(doc, &mut |schema, at| {
        convert_schema(schema, at, notes, &mut schemas)
    });
    inline_path_items(doc, notes);
    operations_without_responses(doc);
    mutual_tls(doc, notes);
    if let Some(Value::Object(hooks)) = remove(doc, "webhooks") {
        if !hooks.is_empty() {
            notes.note(
                &root.join("webhooks"),
                format!(
                    "`webhooks` ({}) describe requests the API sends, not calls a client makes: \
                     none is generated",
                    hooks.len()
                ),
            );
        }
    }
}

fn remove(value: &mut Value, key: &str) -> Option<Value> {
    value.as_object_mut()?.remove(key)
}

/// `info.license.identifier` (an SPDX id, new in 3.1) becomes the license's URL.
fn license(doc: &mut Value) {
    let Some(license) = doc.pointer_mut("/info/license") else {
        return;
    };
    if let Some(Value::String(id)) = remove(license, "identifier") {
        if license.get("url").is_none() {
            license["url"] = Value::from(format!("https://spdx.org/licenses/{id}.html"));
        }
    }
}

/// One schema and all below it. `seen` keeps the notes to one per schema node.
fn convert_schema(schema: &mut Value, at: &Pointer, notes: &mut Notes, seen: &mut Vec<String>) {
    match schema {
        Value::Bool(true) => {
            *schema = Value::Object(Map::new());
            return;
        }
        Value::Bool(false) => {
            *schema = serde_json::json!({"not": {}});
            return;
        }
        Value::Object(_) => {}
        _ => return,
    }
    for (sub, sub_at) in subschemas(schema, at) {
        // `additionalProperties: false` is 3.0 too.
        if !(sub.is_boolean() && sub_at.as_str().ends_with("/additionalProperties")) {
            convert_schema(sub, &sub_at, notes, seen);
        }
    }
    let Value::Object(map) = schema else {
        return;
    };
    types(map);
    null_alternatives(map);
    keywords(map);
    reference_with_siblings(map);
    let dropped: Vec<&str> = UNENFORCED
        .iter()
        .copied()
        .filter(|k| map.remove(*k).is_some())
        .collect();
    for key in ABOUT_THE_SCHEMA {
        map.remove(*key);
    }
    if let Some(Value::Array(tuple)) = map.remove("prefixItems") {
        notes.note(
            &at.join("prefixItems"),
            format!(
                "`prefixItems` (a tuple of {} items) has no OpenAPI 3.0 form: the array is read \
                 with items as its `items` says, or as any JSON",
                tuple.len()
            ),
        );
    }
    if !dropped.is_empty() && !seen.contains(&at.as_str().to_owned()) {
        seen.push(at.as_str().to_owned());
        notes.note(
            at,
            format!(
                "{} {} no OpenAPI 3.0 form: not enforced; the value is read as the schema's \
                 other keywords say",
                quoted(&dropped),
                if dropped.len() == 1 { "has" } else { "have" }
            ),
        );
    }
}

fn quoted(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `type` as a list: `null` in it → `nullable`; one other type → that type; several → a
/// `oneOf` of each.
fn types(map: &mut Map<String, Value>) {
    let Some(Value::Array(list)) = map.get("type").cloned() else {
        if map.get("type").and_then(Value::as_str) == Some("null") && map.len() > 1 {
            // `{type: "null", description: …}` stands for "only null": kept for lowering,
            // which reads it as an always-absent value.
        }
        return;
    };
    let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
    let others: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
    if others.len() < names.len() {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    match others.as_slice() {
        [] => {
            map.insert("type".to_owned(), Value::from("null"));
        }
        [one] => {
            map.insert("type".to_owned(), Value::from(*one));
        }
        several => {
            map.remove("type");
            let alternatives = several
                .iter()
                .map(|t| serde_json::json!({ "type": t }))
                .collect();
            map.insert("oneOf".to_owned(), Value::Array(alternatives));
        }
    }
}

/// `anyOf: [X, {type: "null"}]` → `anyOf: [X], nullable: true`: 3.0 says "or null" so.
fn null_alternatives(map: &mut Map<String, Value>) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(list)) = map.get_mut(keyword) else {
            continue;
        };
        let before = list.len();
        list.retain(|alternative| alternative.get("type").and_then(Value::as_str) != Some("null"));
        if list.len() < before {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
}

/// Keywords with a 3.0 form: `const`, `examples`, numeric exclusive bounds,
/// `contentEncoding` and `contentMediaType`.
fn keywords(map: &mut Map<String, Value>) {
    if let Some(value) = map.remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(mut examples)) = map.remove("examples") {
        if !examples.is_empty() && !map.contains_key("example") {
            map.insert("example".to_owned(), examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
            map.insert(bound.to_owned(), Value::Number(n));
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("array") && !map.contains_key("items") {
        // 3.1 lets an array leave its items open; 3.0 says so with an empty schema.
        map.insert("items".to_owned(), Value::Object(Map::new()));
    }
    let encoding = map.remove("contentEncoding");
    let media_type = map.remove("contentMediaType");
    if map.get("type").and_then(Value::as_str) == Some("string") && !map.contains_key("format") {
        let format = match (&encoding, &media_type) {
            (Some(e), _) if e.as_str() == Some("base64") => Some("byte"),
            (None, Some(m)) if !is_text(m.as_str().unwrap_or("")) => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            map.insert("format".to_owned(), Value::from(format));
        }
    }
}

/// Media types whose content is text a string holds as it is.
fn is_text(media_type: &str) -> bool {
    media_type.starts_with("text/") || media_type.ends_with("json") || media_type.ends_with("xml")
}

/// `{$ref, description, …}` → `{allOf: [{$ref}], description, …}`: 3.0 ignores what stands
/// beside a `$ref`, 3.1 does not.
fn reference_with_siblings(map: &mut Map<String, Value>) {
    if map.len() < 2 {
        return;
    }
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let mut target = Map::new();
    target.insert("$ref".to_owned(), reference);
    let all_of = map
        .entry("allOf")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = all_of {
        list.insert(0, Value::Object(target));
    }
}

/// `responses` may be left out in 3.1; 3.0 needs the member, which may be empty.
fn operations_without_responses(doc: &mut Value) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(*method) {
                op.entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
}

/// Mutual TLS schemes (new in 3.1) are the HTTP client's business, not a credential a request
/// carries: they go, and so do the requirements that name them, with a note.
fn mutual_tls(doc: &mut Value, notes: &mut Notes) {
    let at = Pointer::root().join("components").join("securitySchemes");
    let Some(Value::Object(schemes)) = doc.pointer_mut("/components/securitySchemes") else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &names {
        schemes.remove(name);
        notes.note(
            &at.join(name),
            format!(
                "`{name}` is mutual TLS: the client certificate belongs to the HTTP client \
                 (`ClientBuilder::reqwest_client` with a client built with an identity); \
                 requests carry nothing for it"
            ),
        );
    }
    if names.is_empty() {
        return;
    }
    let drop_names = |requirements: &mut Value| {
        if let Value::Array(list) = requirements {
            for requirement in list.iter_mut().filter_map(Value::as_object_mut) {
                requirement.retain(|scheme, _| !names.contains(scheme));
            }
        }
    };
    if let Some(security) = doc.get_mut("security") {
        drop_names(security);
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            for method in METHODS {
                if let Some(security) = item.get_mut(*method).and_then(|op| op.get_mut("security"))
                {
                    drop_names(security);
                }
            }
        }
    }
}

/// Path items that are `$ref`s to `components/pathItems` become those items (3.0 has no
/// such component); the components go.
fn inline_path_items(doc: &mut Value, notes: &mut Notes) {
    let Some(Value::Object(items)) = doc
        .get_mut("components")
        .and_then(|c| c.as_object_mut())
        .and_then(|c| c.remove("pathItems"))
    else {
        return;
    };
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let Some(name) = reference.strip_prefix("#/components/pathItems/") else {
            continue;
        };
        let name = crate::pointer::unescape(name);
        match items.get(&name) {
            Some(target) => *item = target.clone(),
            None => notes.note(
                &Pointer::root().join("paths").join(path).join("$ref"),
                format!("`{reference}` names no path item: the path is left out"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn converted(doc: Value) -> (Value, Vec<String>) {
        let mut doc = doc;
        let mut notes = Notes::default();
        convert(&mut doc, &mut notes);
        let notes = notes
            .list
            .iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect();
        (doc, notes)
    }

    fn schema(s: Value) -> (Value, Vec<String>) {
        let (doc, notes) = converted(json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"S": s}}
        }));
        (doc["components"]["schemas"]["S"].clone(), notes)
    }

    #[test]
    fn type_lists_become_nullable_or_one_of() {
        assert_eq!(
            schema(json!({"type": ["string", "null"]})).0,
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            schema(json!({"type": ["string", "integer"]})).0,
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn keywords_with_a_30_form_are_carried_over() {
        let (s, notes) = schema(json!({
            "type": "object",
            "properties": {
                "kind": {"const": "dog"},
                "age": {"type": "integer", "exclusiveMinimum": 0, "examples": [3, 4]},
                "owner": {"$ref": "#/components/schemas/Owner", "description": "Who"},
                "photo": {"type": "string", "contentMediaType": "image/png"},
                "blob": {"type": "string", "contentEncoding": "base64"},
                "any": true
            }
        }));
        assert!(notes.is_empty(), "{notes:?}");
        let p = &s["properties"];
        assert_eq!(p["kind"], json!({"enum": ["dog"]}));
        assert_eq!(
            p["age"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "example": 3})
        );
        assert_eq!(
            p["owner"],
            json!({"allOf": [{"$ref": "#/components/schemas/Owner"}], "description": "Who"})
        );
        assert_eq!(p["photo"], json!({"type": "string", "format": "binary"}));
        assert_eq!(p["blob"], json!({"type": "string", "format": "byte"}));
        assert_eq!(p["any"], json!({}));
    }

    #[test]
    fn keywords_without_a_30_form_are_dropped_with_a_note() {
        let (s, notes) = schema(json!({
            "type": "object",
            "if": {"properties": {"a": {"const": 1}}},
            "then": {"required": ["b"]},
            "properties": {"pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}}
        }));
        assert_eq!(
            s,
            json!({"type": "object", "properties": {"pair": {"type": "array", "items": {}}}})
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("#/components/schemas/S/properties/pair/prefixItems: `prefixItems` (a tuple of 2 items)"), "{notes:?}");
        assert!(
            notes[1].starts_with("#/components/schemas/S: `if`, `then` have no OpenAPI 3.0 form"),
            "{notes:?}"
        );
    }

    #[test]
    fn the_document_becomes_30() {
        let (doc, notes) = converted(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
            "webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}},
            "components": {"pathItems": {"A": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["integer", "null"]}}}}}}}}}
        }));
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(
            doc["info"]["license"],
            json!({"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"})
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"type": "integer", "nullable": true})
        );
        assert!(doc.get("webhooks").is_none() && doc.get("jsonSchemaDialect").is_none());
        assert!(doc["components"].get("pathItems").is_none());
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("#/jsonSchemaDialect:"), "{notes:?}");
        assert!(
            notes[1].starts_with("#/webhooks: `webhooks` (1) describe requests the API sends"),
            "{notes:?}"
        );
    }
}
