//! Swagger 2.0 into OpenAPI 3.0, as the 3.0 specification's own changes from 2.0 say:
//!
//! - `host`, `basePath` and `schemes` → `servers`; `definitions`, `parameters`,
//!   `responses`, `securityDefinitions` → `components`, and every `$ref` with them;
//! - a `body` parameter → the operation's `requestBody`, one media type per `consumes`;
//!   `formData` parameters → a form body (`multipart/form-data` when `consumes` says so or a
//!   parameter is a `file`, else `application/x-www-form-urlencoded`), one property each;
//! - other parameters keep their place, their `type`, `format`, `items`, bounds and
//!   `default` move into a `schema`, and `collectionFormat` becomes `style` and `explode`;
//! - a response's `schema` → `content`, one media type per `produces`; its headers' types
//!   → schemas;
//! - `basic` → `http`/`basic`; `oauth2` flows (`implicit`, `password`, `application`,
//!   `accessCode`) → their 3.0 names; `type: file` → a binary string; `x-nullable` →
//!   `nullable`; a `discriminator` name → `{propertyName}`.
//!
//! What 3.0 cannot say (`collectionFormat: tsv`) is a note at the parameter.

use serde_json::{Map, Value, json};

use super::walk::METHODS;
use super::{Moves, Notes};
use crate::pointer::{Pointer, escape};

/// Keywords of a non-body parameter (or a header) that describe its value: they move into
/// its `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

pub(super) fn convert(doc: &mut Value, notes: &mut Notes, moves: &mut Moves) {
    let Value::Object(old) = std::mem::take(doc) else {
        return;
    };
    let mut old = old;
    let consumes = media_types(old.get("consumes"));
    let produces = media_types(old.get("produces"));
    let mut out = Map::new();
    out.insert("openapi".to_owned(), Value::from("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = old.remove(key) {
            out.insert(key.to_owned(), value);
        }
    }
    for (key, value) in old.iter().filter(|(k, _)| k.starts_with("x-")) {
        out.insert(key.clone(), value.clone());
    }
    out.insert("servers".to_owned(), servers(&old));
    let parameters = match old.remove("parameters") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let mut components = Map::new();
    let mut component_parameters = Map::new();
    let mut request_bodies = Map::new();
    for (name, p) in &parameters {
        let at = Pointer::root().join("parameters").join(name);
        match p.get("in").and_then(Value::as_str) {
            Some("body") => {
                let body = body_of(p, &consumes);
                request_bodies.insert(name.clone(), body);
                moves.add(
                    &format!("#/components/requestBodies/{}", escape(name)),
                    at.as_str(),
                );
            }
            // Form fields are folded into each operation's form body where they are used.
            Some("formData") => {}
            _ => {
                component_parameters.insert(name.clone(), parameter(p.clone(), &at, notes));
                moves.add(
                    &format!("#/components/parameters/{}", escape(name)),
                    at.as_str(),
                );
            }
        }
    }
    if let Some(Value::Object(definitions)) = old.remove("definitions") {
        components.insert("schemas".to_owned(), Value::Object(definitions));
        moves.add("#/components/schemas", "#/definitions");
    }
    if !component_parameters.is_empty() {
        components.insert("parameters".to_owned(), Value::Object(component_parameters));
    }
    if !request_bodies.is_empty() {
        components.insert("requestBodies".to_owned(), Value::Object(request_bodies));
    }
    if let Some(Value::Object(responses)) = old.remove("responses") {
        let at = Pointer::root().join("responses");
        let converted = responses
            .into_iter()
            .map(|(code, r)| {
                let here = at.join(&code);
                let there = format!("#/components/responses/{}", escape(&code));
                (code, response(r, &produces, &here, &there, moves))
            })
            .collect();
        components.insert("responses".to_owned(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = old.remove("securityDefinitions") {
        let converted = schemes
            .into_iter()
            .map(|(n, s)| (n, security_scheme(s)))
            .collect();
        components.insert("securitySchemes".to_owned(), Value::Object(converted));
        moves.add("#/components/securitySchemes", "#/securityDefinitions");
    }
    let mut paths = Map::new();
    if let Some(Value::Object(old_paths)) = old.remove("paths") {
        for (path, item) in old_paths {
            let at = Pointer::root().join("paths").join(&path);
            let item = path_item(
                item,
                &at,
                &Context {
                    consumes: &consumes,
                    produces: &produces,
                    parameters: &parameters,
                },
                notes,
                moves,
            );
            paths.insert(path, item);
        }
    }
    out.insert("paths".to_owned(), Value::Object(paths));
    out.insert("components".to_owned(), Value::Object(components));
    *doc = Value::Object(out);
    rewrite_refs(doc, &parameters);
    schemas(doc);
}

/// What an operation inherits from the document.
struct Context<'a> {
    consumes: &'a [String],
    produces: &'a [String],
    /// The document's `parameters`, which operations may refer to.
    parameters: &'a Map<String, Value>,
}

fn media_types(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// `schemes://host/basePath`, one server per scheme; a path alone without a host.
fn servers(old: &Map<String, Value>) -> Value {
    let base_path = old.get("basePath").and_then(Value::as_str).unwrap_or("");
    let Some(host) = old.get("host").and_then(Value::as_str) else {
        let url = if base_path.is_empty() { "/" } else { base_path };
        return json!([{ "url": url }]);
    };
    let mut schemes = media_types(old.get("schemes"));
    if schemes.is_empty() {
        schemes.push("https".to_owned());
    }
    schemes
        .iter()
        .map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") }))
        .collect()
}

/// A parameter with its index in the list it came from.
type Indexed = (usize, Value);

fn path_item(
    item: Value,
    at: &Pointer,
    cx: &Context<'_>,
    notes: &mut Notes,
    moves: &mut Moves,
) -> Value {
    let Value::Object(mut item) = item else {
        return item;
    };
    let shared = match item.remove("parameters") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    let mut out = Map::new();
    // Body and form parameters of the path item belong to each of its operations.
    let (kept, for_operations): (Vec<Indexed>, Vec<Indexed>) = shared
        .into_iter()
        .enumerate()
        .partition(|(_, p)| !matches!(location(p, cx), Some("body" | "formData")));
    if !kept.is_empty() {
        let list = kept
            .into_iter()
            .map(|(i, p)| parameter(p, &at.join("parameters").join(i.to_string()), notes))
            .collect();
        out.insert("parameters".to_owned(), Value::Array(list));
    }
    for (key, value) in item {
        if METHODS.contains(&key.as_str()) {
            let op_at = at.join(&key);
            let converted = operation(value, &op_at, &for_operations, cx, notes, moves);
            out.insert(key, converted);
        } else {
            out.insert(key, value);
        }
    }
    Value::Object(out)
}

/// Where a parameter goes (`in`), looking through a `$ref` to the document's parameters.
fn location<'v>(p: &'v Value, cx: &'v Context<'_>) -> Option<&'v str> {
    let target = match p.get("$ref").and_then(Value::as_str) {
        Some(reference) => cx
            .parameters
            .get(reference.strip_prefix("#/parameters/")?)?,
        None => p,
    };
    target.get("in").and_then(Value::as_str)
}

fn operation(
    op: Value,
    at: &Pointer,
    inherited: &[(usize, Value)],
    cx: &Context<'_>,
    notes: &mut Notes,
    moves: &mut Moves,
) -> Value {
    let Value::Object(mut op) = op else {
        return op;
    };
    let consumes = match media_types(op.get("consumes")) {
        list if list.is_empty() => cx.consumes.to_vec(),
        list => list,
    };
    let produces = match media_types(op.get("produces")) {
        list if list.is_empty() => cx.produces.to_vec(),
        list => list,
    };
    op.remove("consumes");
    op.remove("produces");
    op.remove("schemes");
    let own = match op.remove("parameters") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    let mut parameters = Vec::new();
    let mut body = None;
    let mut form: Vec<(Pointer, Value)> = Vec::new();
    let own = own
        .into_iter()
        .enumerate()
        .map(|(i, p)| (at.join("parameters").join(i.to_string()), p));
    let inherited = inherited.iter().map(|(i, p)| {
        (
            at.parent()
                .unwrap_or_else(Pointer::root)
                .join("parameters")
                .join(i.to_string()),
            p.clone(),
        )
    });
    for (p_at, p) in inherited.chain(own) {
        match location(&p, cx) {
            Some("body") => {
                moves.add(at.join("requestBody").as_str(), p_at.as_str());
                body = Some(match p.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        json!({ "$ref": reference.replace("#/parameters/", "#/components/requestBodies/") })
                    }
                    None => body_of(&p, &consumes),
                });
            }
            Some("formData") => {
                let p = match p.get("$ref").and_then(Value::as_str) {
                    Some(reference) => reference
                        .strip_prefix("#/parameters/")
                        .and_then(|name| cx.parameters.get(name))
                        .cloned()
                        .unwrap_or(p),
                    None => p,
                };
                form.push((p_at, p));
            }
            _ => parameters.push(parameter(p, &p_at, notes)),
        }
    }
    if let Some((first, _)) = form.first() {
        moves.add(at.join("requestBody").as_str(), first.as_str());
        body = Some(form_body(&form, &consumes));
    }
    let mut out = Map::new();
    for (key, value) in op {
        match key.as_str() {
            "responses" => {
                let responses = match value {
                    Value::Object(map) => map
                        .into_iter()
                        .map(|(code, r)| {
                            let here = at.join("responses").join(&code);
                            let r = response(r, &produces, &here, here.as_str(), moves);
                            (code, r)
                        })
                        .collect(),
                    other => return other,
                };
                out.insert(key, Value::Object(responses));
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    if !parameters.is_empty() {
        out.insert("parameters".to_owned(), Value::Array(parameters));
    }
    if let Some(body) = body {
        out.insert("requestBody".to_owned(), body);
    }
    Value::Object(out)
}

/// A `body` parameter as a request body: its schema under each media type it is sent in.
fn body_of(p: &Value, consumes: &[String]) -> Value {
    let schema = p.get("schema").cloned().unwrap_or_else(|| json!({}));
    let media_types = if consumes.is_empty() {
        vec!["application/json".to_owned()]
    } else {
        consumes.to_vec()
    };
    let content: Map<String, Value> = media_types
        .into_iter()
        .map(|mt| (mt, json!({ "schema": schema })))
        .collect();
    let mut body = json!({ "content": content });
    copy(p, &mut body, &["description", "required", "x-examples"]);
    body
}

/// `formData` parameters as one form body: an object with a property per field.
fn form_body(fields: &[(Pointer, Value)], consumes: &[String]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (_, field) in fields {
        let Some(name) = field.get("name").and_then(Value::as_str) else {
            continue;
        };
        let mut schema = value_schema(field);
        if let Some(description) = field.get("description") {
            schema["description"] = description.clone();
        }
        properties.insert(name.to_owned(), schema);
        if field.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(Value::from(name));
        }
    }
    let has_file = fields
        .iter()
        .any(|(_, f)| f.get("type").and_then(Value::as_str) == Some("file"));
    let media_type = if has_file
        || consumes
            .iter()
            .any(|c| c.starts_with("multipart/form-data"))
    {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    json!({ "required": true, "content": { media_type: { "schema": schema } } })
}

/// A non-body parameter: its value keywords in a `schema`, `collectionFormat` as `style`.
fn parameter(p: Value, at: &Pointer, notes: &mut Notes) -> Value {
    let Value::Object(mut p) = p else {
        return p;
    };
    if p.contains_key("$ref") {
        return Value::Object(p);
    }
    let schema = value_schema(&Value::Object(p.clone()));
    for key in VALUE_KEYWORDS {
        p.remove(*key);
    }
    let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
    let format = p.remove("collectionFormat");
    if is_array {
        let place = p.get("in").and_then(Value::as_str).unwrap_or("query");
        let (style, explode) = match format.as_ref().and_then(Value::as_str).unwrap_or("csv") {
            "multi" => ("form", true),
            "ssv" => ("spaceDelimited", false),
            "pipes" => ("pipeDelimited", false),
            other => {
                if other == "tsv" {
                    notes.note(
                        &at.join("collectionFormat"),
                        "`collectionFormat: tsv` has no OpenAPI 3.0 form: the items are sent \
                         separated by commas"
                            .to_owned(),
                    );
                }
                (
                    if place == "query" || place == "formData" {
                        "form"
                    } else {
                        "simple"
                    },
                    false,
                )
            }
        };
        p.insert("style".to_owned(), Value::from(style));
        p.insert("explode".to_owned(), Value::Bool(explode));
    }
    p.insert("schema".to_owned(), schema);
    Value::Object(p)
}

/// The schema of a parameter's, a header's or an item's value keywords.
fn value_schema(p: &Value) -> Value {
    let mut schema = Map::new();
    for key in VALUE_KEYWORDS {
        if let Some(value) = p.get(*key) {
            let value = match (*key, value) {
                ("items", items) => value_schema(items),
                _ => value.clone(),
            };
            schema.insert((*key).to_owned(), value);
        }
    }
    Value::Object(schema)
}

/// A response: its `schema` under each media type it comes in, its headers' types as
/// schemas.
fn response(r: Value, produces: &[String], at: &Pointer, there: &str, moves: &mut Moves) -> Value {
    let Value::Object(mut r) = r else {
        return r;
    };
    if let Some(Value::String(reference)) = r.get("$ref") {
        return json!({ "$ref": reference.replace("#/responses/", "#/components/responses/") });
    }
    let mut out = Map::new();
    out.insert(
        "description".to_owned(),
        r.remove("description").unwrap_or_else(|| Value::from("")),
    );
    if let Some(schema) = r.remove("schema") {
        let media_types = if produces.is_empty() {
            vec!["application/json".to_owned()]
        } else {
            produces.to_vec()
        };
        let mut content = Map::new();
        for mt in media_types {
            moves.add(
                &format!("{there}/content/{}/schema", escape(&mt)),
                at.join("schema").as_str(),
            );
            content.insert(mt, json!({ "schema": schema }));
        }
        out.insert("content".to_owned(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = r.remove("headers") {
        let converted = headers
            .into_iter()
            .map(|(name, h)| {
                let mut header = json!({ "schema": value_schema(&h) });
                copy(&h, &mut header, &["description"]);
                (name, header)
            })
            .collect();
        out.insert("headers".to_owned(), Value::Object(converted));
    }
    for (key, value) in r.into_iter().filter(|(k, _)| k.starts_with("x-")) {
        out.insert(key, value);
    }
    Value::Object(out)
}

fn security_scheme(s: Value) -> Value {
    let Value::Object(s) = s else {
        return s;
    };
    let mut out = Map::new();
    if let Some(description) = s.get("description") {
        out.insert("description".to_owned(), description.clone());
    }
    match s.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".to_owned(), Value::from("http"));
            out.insert("scheme".to_owned(), Value::from("basic"));
        }
        Some("apiKey") => {
            out.insert("type".to_owned(), Value::from("apiKey"));
            for key in ["name", "in"] {
                if let Some(v) = s.get(key) {
                    out.insert(key.to_owned(), v.clone());
                }
            }
        }
        Some("oauth2") => {
            let flow_name = match s.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut flow = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(v) = s.get(key) {
                    flow.insert(key.to_owned(), v.clone());
                }
            }
            flow.insert(
                "scopes".to_owned(),
                s.get("scopes").cloned().unwrap_or_else(|| json!({})),
            );
            out.insert("type".to_owned(), Value::from("oauth2"));
            out.insert("flows".to_owned(), json!({ flow_name: flow }));
        }
        _ => return Value::Object(s),
    }
    Value::Object(out)
}

fn copy(from: &Value, to: &mut Value, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to[*key] = value.clone();
        }
    }
}

/// Every `$ref` into 2.0's sections points into `components`.
fn rewrite_refs(node: &mut Value, parameters: &Map<String, Value>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                *reference = rewritten(reference, parameters);
            }
            for value in map.values_mut() {
                rewrite_refs(value, parameters);
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|v| rewrite_refs(v, parameters)),
        _ => {}
    }
}

fn rewritten(reference: &str, parameters: &Map<String, Value>) -> String {
    if let Some(rest) = reference.strip_prefix("#/definitions/") {
        return format!("#/components/schemas/{rest}");
    }
    if let Some(rest) = reference.strip_prefix("#/responses/") {
        return format!("#/components/responses/{rest}");
    }
    if let Some(rest) = reference.strip_prefix("#/parameters/") {
        let body = parameters
            .get(rest)
            .and_then(|p| p.get("in"))
            .and_then(Value::as_str)
            == Some("body");
        let section = if body { "requestBodies" } else { "parameters" };
        return format!("#/components/{section}/{rest}");
    }
    reference.to_owned()
}

/// 2.0's schema differences: `type: file`, `x-nullable`, a `discriminator` that is a name.
fn schemas(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("file") {
                map.insert("type".to_owned(), Value::from("string"));
                map.insert("format".to_owned(), Value::from("binary"));
            }
            if let Some(nullable) = map.remove("x-nullable") {
                map.insert("nullable".to_owned(), nullable);
            }
            if let Some(Value::String(name)) = map.get("discriminator").cloned() {
                map.insert("discriminator".to_owned(), json!({ "propertyName": name }));
            }
            map.values_mut().for_each(schemas);
        }
        Value::Array(list) => list.iter_mut().for_each(schemas),
        _ => {}
    }
}
