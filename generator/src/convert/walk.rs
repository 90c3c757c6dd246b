//! Where schemas stand in an OpenAPI 3.x document: the top of every schema that the
//! document holds outside another schema (a component, a parameter's, a body's, a
//! header's). A conversion of schemas visits these and walks down each one itself.

use serde_json::Value;

use crate::pointer::Pointer;

/// HTTP methods of a path item.
pub(super) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit` on every schema that stands outside another schema, with its pointer.
pub(super) fn each_schema(doc: &mut Value, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    let root = Pointer::root();
    let components = root.join("components");
    if let Some(c) = doc.get_mut("components") {
        for_each_member(c.get_mut("schemas"), &components.join("schemas"), visit);
        members(c, "parameters", &components, |p, at| {
            parameter(p, at, visit)
        });
        members(c, "headers", &components, |h, at| parameter(h, at, visit));
        members(c, "requestBodies", &components, |b, at| {
            content(b, at, visit)
        });
        members(c, "responses", &components, |r, at| response(r, at, visit));
        members(c, "pathItems", &components, |i, at| path_item(i, at, visit));
        members(c, "callbacks", &components, |cb, at| {
            callback(cb, at, visit)
        });
    }
    members(doc, "paths", &root, |item, at| path_item(item, at, visit));
    members(doc, "webhooks", &root, |item, at| {
        path_item(item, at, visit)
    });
}

/// Calls `f` on each member of `parent[key]`, with its pointer.
fn members(parent: &mut Value, key: &str, at: &Pointer, mut f: impl FnMut(&mut Value, &Pointer)) {
    if let Some(Value::Object(map)) = parent.get_mut(key) {
        let at = at.join(key);
        for (name, value) in map.iter_mut() {
            f(value, &at.join(name));
        }
    }
}

fn for_each_member(
    value: Option<&mut Value>,
    at: &Pointer,
    visit: &mut dyn FnMut(&mut Value, &Pointer),
) {
    if let Some(Value::Object(map)) = value {
        for (name, schema) in map.iter_mut() {
            visit(schema, &at.join(name));
        }
    }
}

fn path_item(item: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    parameters(item, at, visit);
    for method in METHODS {
        if let Some(op) = item.get_mut(*method) {
            operation(op, &at.join(method), visit);
        }
    }
}

fn operation(op: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    parameters(op, at, visit);
    if let Some(body) = op.get_mut("requestBody") {
        content(body, &at.join("requestBody"), visit);
    }
    members(op, "responses", at, |r, at| response(r, at, visit));
    members(op, "callbacks", at, |cb, at| callback(cb, at, visit));
}

fn callback(callback: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    if let Value::Object(map) = callback {
        for (expression, item) in map.iter_mut() {
            path_item(item, &at.join(expression), visit);
        }
    }
}

fn parameters(holder: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    if let Some(Value::Array(list)) = holder.get_mut("parameters") {
        let at = at.join("parameters");
        for (i, p) in list.iter_mut().enumerate() {
            parameter(p, &at.join(i.to_string()), visit);
        }
    }
}

/// A parameter or a header: a `schema`, or a `content`.
fn parameter(p: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    if let Some(schema) = p.get_mut("schema") {
        visit(schema, &at.join("schema"));
    }
    content(p, at, visit);
}

fn response(r: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    content(r, at, visit);
    members(r, "headers", at, |h, at| parameter(h, at, visit));
}

/// The schemas of a `content` map (and of its encodings' headers).
fn content(holder: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    members(holder, "content", at, |media, at| {
        if let Some(schema) = media.get_mut("schema") {
            visit(schema, &at.join("schema"));
        }
        members(media, "encoding", at, |encoding, at| {
            members(encoding, "headers", at, |h, at| parameter(h, at, visit));
        });
    });
}

/// The subschemas of a schema, with their pointers: each keyword that holds one schema, a
/// list of them, or a map of them.
pub(super) fn subschemas<'s>(schema: &'s mut Value, at: &Pointer) -> Vec<(&'s mut Value, Pointer)> {
    const ONE: &[&str] = &[
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "additionalItems",
    ];
    const LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
    const MAPS: &[&str] = &[
        "properties",
        "patternProperties",
        "dependentSchemas",
        "$defs",
        "definitions",
    ];
    let mut out = Vec::new();
    let Value::Object(map) = schema else {
        return out;
    };
    for (key, value) in map.iter_mut() {
        let key = key.as_str();
        let here = at.join(key);
        if ONE.contains(&key) {
            match value {
                // `items: [a, b]`, a tuple (JSON Schema before 2020-12).
                Value::Array(list) => {
                    for (i, s) in list.iter_mut().enumerate() {
                        out.push((s, here.join(i.to_string())));
                    }
                }
                other => out.push((other, here)),
            }
        } else if LISTS.contains(&key) {
            if let Value::Array(list) = value {
                for (i, s) in list.iter_mut().enumerate() {
                    out.push((s, here.join(i.to_string())));
                }
            }
        } else if MAPS.contains(&key) {
            if let Value::Object(m) = value {
                for (name, s) in m.iter_mut() {
                    out.push((s, here.join(name)));
                }
            }
        }
    }
    out
}
