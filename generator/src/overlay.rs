//! Stage 0: OpenAPI Overlays (version 1.0), applied to a spec before it is read as OpenAPI.
//!
//! An overlay is a list of actions, each a JSONPath query (RFC 9535, run by
//! `serde_json_path`) that selects nodes of the spec, and either an `update` merged into
//! each of them or `remove`. It fixes what a published spec gets wrong without editing it:
//! the fix lives beside the spec, and survives the next release of it.
//!
//! An overlay that is not well-formed is an error located in the overlay (pointer, line
//! and column); an action whose target selects nothing is a diagnostic. Each node an
//! action changes is remembered ([`Changes`]), so that a problem found there later says
//! which overlay put it there.

use std::collections::HashMap;

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::error::{Diagnostic, DiagnosticKind, Error, Location, Problem, ProblemKind, Result};
use crate::parse::{Source, read_value};
use crate::pointer::Pointer;

/// An overlay, read and checked: ready to apply.
#[derive(Debug)]
pub(crate) struct Overlay {
    /// The overlay's file name.
    name: String,
    actions: Vec<Action>,
    /// Where each action and its target are in the overlay, for messages.
    lines: HashMap<String, Location>,
}

#[derive(Debug)]
struct Action {
    /// Its place among the overlay's actions.
    index: usize,
    /// The target as written.
    query: String,
    target: JsonPath,
    change: Change,
}

#[derive(Debug)]
enum Change {
    Update(Value),
    Remove,
}

/// The nodes of a spec that overlays changed, and a note on which action changed each.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    notes: Vec<(Pointer, String)>,
}

impl Changes {
    /// The note of the change that covers `pointer` (the node itself, or one that holds it),
    /// the innermost when several do.
    pub(crate) fn note_for(&self, pointer: &str) -> Option<&str> {
        self.notes
            .iter()
            .rev()
            .filter(|(changed, _)| covers(changed.as_str(), pointer))
            .max_by_key(|(changed, _)| changed.as_str().len())
            .map(|(_, note)| note.as_str())
    }

    /// Adds the note of the change that covers `pointer` to a message about it.
    pub(crate) fn annotate(&self, pointer: &str, message: &mut String) {
        if let Some(note) = self.note_for(pointer) {
            message.push_str(" (");
            message.push_str(note);
            message.push(')');
        }
    }

    /// Adds the notes of changes to the problems of an error about the spec.
    pub(crate) fn annotate_error(&self, error: Error) -> Error {
        match error {
            Error::Parse {
                source_name,
                pointer: Some(pointer),
                location,
                mut message,
            } => {
                self.annotate(&pointer, &mut message);
                Error::Parse {
                    source_name,
                    pointer: Some(pointer),
                    location,
                    message,
                }
            }
            Error::Spec {
                source_name,
                mut problems,
            } => {
                for problem in &mut problems {
                    self.annotate(&problem.pointer, &mut problem.message);
                }
                Error::Spec {
                    source_name,
                    problems,
                }
            }
            other => other,
        }
    }

    fn record(&mut self, pointer: Pointer, note: &str) {
        self.notes.push((pointer, note.to_owned()));
    }
}

/// Whether the node at `outer` is, or holds, the node at `inner`.
fn covers(outer: &str, inner: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

impl Overlay {
    /// Reads and checks an overlay document. Every problem is reported, each at its place.
    pub(crate) fn read(source: &Source) -> Result<Overlay> {
        let doc = read_value(source)?;
        let mut problems = Vec::new();
        let actions = check_document(&doc, &mut problems);
        if !problems.is_empty() {
            let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
            let found = source.locate(&pointers);
            for problem in &mut problems {
                problem.location = found.get(&problem.pointer).copied();
            }
            return Err(Error::Overlay {
                source_name: source.name.clone(),
                problems,
            });
        }
        let pointers: Vec<String> = (0..actions.len())
            .flat_map(|i| [action_pointer(i), format!("{}/target", action_pointer(i))])
            .collect();
        let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
        Ok(Overlay {
            name: source.name.clone(),
            lines: source.locate(&pointers),
            actions,
        })
    }

    /// The overlay's file name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Applies the actions in order to `spec`. A target that selects nothing is a
    /// diagnostic; an update that cannot merge into what it selects is an error located at
    /// the action.
    pub(crate) fn apply(
        &self,
        spec: &mut Value,
        changes: &mut Changes,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<()> {
        let mut problems = Vec::new();
        for action in &self.actions {
            let note = self.note(action);
            let selected = select(&action.target, spec);
            if selected.is_empty() {
                diagnostics.push(self.unmatched(action));
                continue;
            }
            let outcome = match &action.change {
                Change::Remove => remove(spec, selected, changes, &note),
                Change::Update(update) => selected
                    .into_iter()
                    .try_for_each(|pointer| update_node(spec, pointer, update, changes, &note)),
            };
            if let Err(message) = outcome {
                let pointer = action_pointer(action.index);
                problems.push(Problem {
                    kind: ProblemKind::Invalid,
                    location: self.lines.get(&pointer).copied(),
                    pointer,
                    message,
                });
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Overlay {
                source_name: self.name.clone(),
                problems,
            })
        }
    }

    /// How a change by `action` is named in messages about the spec.
    fn note(&self, action: &Action) -> String {
        let mut note = format!(
            "changed by overlay `{}`, actions[{}]",
            self.name, action.index
        );
        if let Some(at) = self.lines.get(&action_pointer(action.index)) {
            note.push_str(&format!(" at line {}", at.line));
        }
        note
    }

    fn unmatched(&self, action: &Action) -> Diagnostic {
        let pointer = format!("{}/target", action_pointer(action.index));
        Diagnostic {
            kind: DiagnosticKind::Note,
            file: Some(self.name.clone()),
            location: self.lines.get(&pointer).copied(),
            pointer,
            message: format!(
                "the overlay's target `{}` selects nothing in the spec: the action changed nothing",
                action.query
            ),
        }
    }
}

fn action_pointer(index: usize) -> String {
    format!("#/actions/{index}")
}

/// The pointers of the nodes `target` selects, each once.
fn select(target: &JsonPath, spec: &Value) -> Vec<Pointer> {
    let mut pointers: Vec<Pointer> = target
        .query_located(spec)
        .dedup()
        .locations()
        .map(|location| {
            location
                .iter()
                .fold(Pointer::root(), |pointer, element| match element {
                    serde_json_path::PathElement::Name(name) => pointer.join(name),
                    serde_json_path::PathElement::Index(index) => pointer.join(index.to_string()),
                })
        })
        .collect();
    pointers.dedup();
    pointers
}

/// The node at `pointer`.
fn node_mut<'a>(spec: &'a mut Value, pointer: &Pointer) -> Option<&'a mut Value> {
    pointer
        .segments()
        .iter()
        .try_fold(spec, |node, segment| match node {
            Value::Object(members) => members.get_mut(segment),
            Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
            _ => None,
        })
}

/// Merges `update` into the node at `pointer`: into an object, member by member; onto an
/// array, as one more item.
fn update_node(
    spec: &mut Value,
    pointer: Pointer,
    update: &Value,
    changes: &mut Changes,
    note: &str,
) -> std::result::Result<(), String> {
    let Some(node) = node_mut(spec, &pointer) else {
        return Err(format!("`{pointer}` went away before it could be updated"));
    };
    match (node, update) {
        (Value::Object(members), Value::Object(update)) => {
            merge(members, update, &pointer, changes, note)
        }
        (Value::Object(_), other) => Err(format!(
            "the target selects an object at `{pointer}`, so `update` must be an object, not {}",
            kind(other)
        )),
        (Value::Array(items), update) => {
            changes.record(pointer.join(items.len().to_string()), note);
            items.push(update.clone());
            Ok(())
        }
        (other, _) => Err(format!(
            "the target selects {} at `{pointer}`, which `update` cannot change; \
             select the object that holds it",
            kind(other)
        )),
    }
}

/// Merges an update's members into an object, as the Overlay specification says: a new
/// member is added, an object merges into an object, an array is appended to an array, and
/// a value that is neither replaces a value that is neither. Anything else would drop part
/// of the spec silently, and is refused.
fn merge(
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
    at: &Pointer,
    changes: &mut Changes,
    note: &str,
) -> std::result::Result<(), String> {
    for (name, value) in update {
        let pointer = at.join(name);
        let Some(existing) = target.get_mut(name) else {
            changes.record(pointer, note);
            target.insert(name.clone(), value.clone());
            continue;
        };
        match (existing, value) {
            (Value::Object(existing), Value::Object(value)) => {
                merge(existing, value, &pointer, changes, note)?;
            }
            (Value::Array(existing), Value::Array(value)) => {
                for item in value {
                    changes.record(pointer.join(existing.len().to_string()), note);
                    existing.push(item.clone());
                }
            }
            (existing, value) if is_scalar(existing) && is_scalar(value) => {
                changes.record(pointer, note);
                *existing = value.clone();
            }
            (existing, value) => {
                return Err(format!(
                    "`update` has {} for `{pointer}`, which is {} in the spec: they cannot be \
                     merged (remove the member first, in an action before this one)",
                    kind(value),
                    kind(existing)
                ));
            }
        }
    }
    Ok(())
}

/// Removes the selected nodes. The deepest and last go first, so that removing one does not
/// move another out of its place. An array that loses an item is recorded as changed: the
/// pointers of the items after it no longer match the spec as written.
fn remove(
    spec: &mut Value,
    mut selected: Vec<Pointer>,
    changes: &mut Changes,
    note: &str,
) -> std::result::Result<(), String> {
    selected.sort_by_key(|pointer| std::cmp::Reverse(sort_key(pointer)));
    for pointer in selected {
        let (Some(parent), Some(last)) = (pointer.parent(), pointer.segments().pop()) else {
            return Err("the target selects the whole spec, which cannot be removed".to_owned());
        };
        match node_mut(spec, &parent) {
            Some(Value::Object(members)) => {
                members.shift_remove(&last);
            }
            Some(Value::Array(items)) => {
                if let Some(index) = last.parse::<usize>().ok().filter(|i| *i < items.len()) {
                    items.remove(index);
                    changes.record(parent, note);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Orders pointers by their segments, array indices as numbers.
fn sort_key(pointer: &Pointer) -> Vec<(u8, usize, String)> {
    pointer
        .segments()
        .into_iter()
        .map(|segment| match segment.parse::<usize>() {
            Ok(index) => (0, index, String::new()),
            Err(_) => (1, 0, segment),
        })
        .collect()
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

/// A JSON value's kind, with its article, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Checks an overlay document against the Overlay 1.0 specification; its actions when it
/// passes, with every problem in `problems` otherwise.
fn check_document(doc: &Value, problems: &mut Vec<Problem>) -> Vec<Action> {
    let mut problem = |pointer: String, message: String| {
        problems.push(Problem {
            kind: ProblemKind::Invalid,
            pointer,
            location: None,
            message,
        });
    };
    let Some(members) = doc.as_object() else {
        problem(
            "#".to_owned(),
            "an overlay must be a mapping with `overlay`, `info` and `actions`".to_owned(),
        );
        return Vec::new();
    };
    check_members(
        members,
        "#",
        &["overlay", "info", "extends", "actions"],
        &mut problem,
    );
    match members.get("overlay") {
        Some(Value::String(version)) if is_version_1_0(version) => {}
        Some(Value::String(version)) => problem(
            "#/overlay".to_owned(),
            format!("overlay version `{version}` is not supported: this generator reads 1.0.x"),
        ),
        Some(_) => problem(
            "#/overlay".to_owned(),
            "`overlay` must be a version string such as \"1.0.0\"".to_owned(),
        ),
        None => problem(
            "#".to_owned(),
            "not an overlay: the top-level `overlay` field is missing".to_owned(),
        ),
    }
    check_info(members.get("info"), &mut problem);
    if let Some(extends) = members.get("extends").filter(|e| !e.is_string()) {
        problem(
            "#/extends".to_owned(),
            format!("`extends` must be a URL, not {}", kind(extends)),
        );
    }
    let actions = match members.get("actions") {
        Some(Value::Array(actions)) if !actions.is_empty() => actions,
        Some(Value::Array(_)) => {
            problem("#/actions".to_owned(), "`actions` is empty".to_owned());
            return Vec::new();
        }
        Some(other) => {
            problem(
                "#/actions".to_owned(),
                format!("`actions` must be a list of actions, not {}", kind(other)),
            );
            return Vec::new();
        }
        None => {
            problem("#".to_owned(), "the `actions` list is missing".to_owned());
            return Vec::new();
        }
    };
    actions
        .iter()
        .enumerate()
        .filter_map(|(index, action)| check_action(index, action, &mut problem))
        .collect()
}

fn is_version_1_0(version: &str) -> bool {
    version
        .strip_prefix("1.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn check_info(info: Option<&Value>, problem: &mut impl FnMut(String, String)) {
    let Some(info) = info else {
        problem("#".to_owned(), "the `info` object is missing".to_owned());
        return;
    };
    let Some(members) = info.as_object() else {
        problem(
            "#/info".to_owned(),
            format!("`info` must be an object, not {}", kind(info)),
        );
        return;
    };
    check_members(members, "#/info", &["title", "version"], problem);
    for field in ["title", "version"] {
        match members.get(field) {
            Some(Value::String(_)) => {}
            Some(other) => problem(
                format!("#/info/{field}"),
                format!("`{field}` must be a string, not {}", kind(other)),
            ),
            None => problem("#/info".to_owned(), format!("`info.{field}` is missing")),
        }
    }
}

/// Reports members that are neither among `known` nor extensions (`x-…`).
fn check_members(
    members: &Map<String, Value>,
    at: &str,
    known: &[&str],
    problem: &mut impl FnMut(String, String),
) {
    for name in members.keys() {
        if !known.contains(&name.as_str()) && !name.starts_with("x-") {
            problem(
                format!("{at}/{}", crate::pointer::escape(name)),
                format!(
                    "unknown field `{name}`; the fields here are {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
}

fn check_action(
    index: usize,
    action: &Value,
    problem: &mut impl FnMut(String, String),
) -> Option<Action> {
    let at = action_pointer(index);
    let Some(members) = action.as_object() else {
        problem(
            at,
            format!("an action must be an object, not {}", kind(action)),
        );
        return None;
    };
    check_members(
        members,
        &at,
        &["target", "description", "update", "remove"],
        problem,
    );
    if let Some(description) = members.get("description").filter(|d| !d.is_string()) {
        problem(
            format!("{at}/description"),
            format!("`description` must be a string, not {}", kind(description)),
        );
    }
    let remove = match members.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(other) => {
            problem(
                format!("{at}/remove"),
                format!("`remove` must be true or false, not {}", kind(other)),
            );
            return None;
        }
    };
    let change = match (remove, members.get("update")) {
        (true, _) => Change::Remove,
        (false, Some(update)) => Change::Update(update.clone()),
        (false, None) => {
            problem(
                at.clone(),
                "the action does nothing: it has neither `update` nor `remove: true`".to_owned(),
            );
            return None;
        }
    };
    let query = match members.get("target") {
        Some(Value::String(query)) => query,
        Some(other) => {
            problem(
                format!("{at}/target"),
                format!("`target` must be a JSONPath query, not {}", kind(other)),
            );
            return None;
        }
        None => {
            problem(at, "the action has no `target`".to_owned());
            return None;
        }
    };
    match JsonPath::parse(query) {
        Ok(target) => Some(Action {
            index,
            query: query.clone(),
            target,
            change,
        }),
        Err(e) => {
            problem(
                format!("{at}/target"),
                format!(
                    "`{query}` is not an RFC 9535 JSONPath query: {} (at character {})",
                    e.message(),
                    e.position() + 1
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::parse::Format;

    fn overlay(text: &str) -> Result<Overlay> {
        Overlay::read(&Source::from_text("fix.yaml", text, Some(Format::Yaml)))
    }

    fn applied(spec: Value, text: &str) -> (Value, Changes, Vec<Diagnostic>) {
        let mut spec = spec;
        let (mut changes, mut diagnostics) = (Changes::default(), Vec::new());
        overlay(text)
            .unwrap()
            .apply(&mut spec, &mut changes, &mut diagnostics)
            .unwrap();
        (spec, changes, diagnostics)
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n";

    #[test]
    fn updates_merge_and_removals_remove_in_order() {
        let spec = json!({
            "info": {"title": "A", "x-keep": 1},
            "tags": [{"name": "a"}],
            "components": {"schemas": {
                "E": {"properties": {"p": {"type": "array", "items": {"type": "object"}}}},
            }},
        });
        let text = format!(
            "{HEAD}\
             - target: $.info\n  update: {{title: B, contact: {{name: n}}}}\n\
             - target: $.tags\n  update: {{name: b}}\n\
             - target: $.components.schemas.E.properties.p.items\n  remove: true\n\
             - target: $.components.schemas.E.properties.p\n  update: {{items: {{}}}}\n"
        );
        let (spec, changes, diagnostics) = applied(spec, &text);
        assert_eq!(
            spec,
            json!({
                "info": {"title": "B", "x-keep": 1, "contact": {"name": "n"}},
                "tags": [{"name": "a"}, {"name": "b"}],
                "components": {"schemas": {"E": {"properties": {"p": {"type": "array", "items": {}}}}}},
            })
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            changes.note_for("#/components/schemas/E/properties/p/items/type"),
            Some("changed by overlay `fix.yaml`, actions[3] at line 10")
        );
        assert_eq!(changes.note_for("#/info/x-keep"), None);
        assert!(changes.note_for("#/tags/1/name").is_some());
        assert_eq!(changes.note_for("#/tags/0"), None);
    }

    #[test]
    fn filters_select_many_and_arrays_lose_items_from_the_end() {
        let spec = json!({"parameters": [
            {"name": "a", "in": "query"}, {"name": "b", "in": "header"}, {"name": "c", "in": "query"},
        ]});
        let text = format!("{HEAD}- target: \"$.parameters[?@.in == 'query']\"\n  remove: true\n");
        let (spec, changes, _) = applied(spec, &text);
        assert_eq!(spec, json!({"parameters": [{"name": "b", "in": "header"}]}));
        assert!(
            changes.note_for("#/parameters/0").is_some(),
            "indices moved"
        );
        let text = format!("{HEAD}- target: $..name\n  update: {{}}\n");
        let mut spec = json!({"a": {"name": "x"}});
        let err = overlay(&text)
            .unwrap()
            .apply(&mut spec, &mut Changes::default(), &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("the target selects a string at `#/a/name`"),
            "{err}"
        );
        assert!(err.contains("#/actions/0 (line 4, column"), "{err}");
    }

    #[test]
    fn a_target_that_selects_nothing_is_a_diagnostic_in_the_overlay() {
        let text = format!("{HEAD}- target: $.nothing.here\n  remove: true\n");
        let (_, _, diagnostics) = applied(json!({"a": 1}), &text);
        let shown = diagnostics[0].to_string();
        assert_eq!(
            shown,
            "note: the overlay's target `$.nothing.here` selects nothing in the spec: the action \
             changed nothing\n  at fix.yaml#/actions/0/target (line 4, column 3)"
        );
    }

    #[test]
    fn merges_that_would_drop_part_of_the_spec_are_refused() {
        let text = format!("{HEAD}- target: $.a\n  update: {{items: [1]}}\n");
        let mut spec = json!({"a": {"items": {"type": "object"}}});
        let err = overlay(&text)
            .unwrap()
            .apply(&mut spec, &mut Changes::default(), &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`update` has an array for `#/a/items`, which is an object in the spec"),
            "{err}"
        );
    }

    #[test]
    fn malformed_overlays_are_located() {
        let cases = [
            ("[1]", "#", "must be a mapping"),
            (
                "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, remove: true}]",
                "#/overlay (line 1",
                "1.0.x",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t}\nactions: [{target: $, remove: true}]",
                "#/info (line 2",
                "`info.version` is missing",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []",
                "#/actions (line 3",
                "`actions` is empty",
            ),
            (
                &format!("{HEAD}- target: $.a\n"),
                "#/actions/0 (line 4",
                "neither `update` nor `remove: true`",
            ),
            (
                &format!("{HEAD}- target: \"$[?@.a ==]\"\n  remove: true\n"),
                "#/actions/0/target (line 4",
                "is not an RFC 9535 JSONPath query",
            ),
            (
                &format!("{HEAD}- target: paths\n  remove: true\n"),
                "#/actions/0/target",
                "is not an RFC 9535 JSONPath query",
            ),
            (
                &format!("{HEAD}- target: $.a\n  remove: yes\n"),
                "#/actions/0/remove (line 5",
                "`remove` must be true or false",
            ),
            (
                &format!("{HEAD}- target: $.a\n  remove: true\n  updates: {{}}\n"),
                "#/actions/0/updates (line 6",
                "unknown field `updates`",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: [",
                "(line 5",
                "not well-formed YAML",
            ),
        ];
        for (text, place, message) in cases {
            let err = overlay(text).unwrap_err().to_string();
            assert!(err.starts_with("fix.yaml: "), "{err}");
            assert!(
                err.contains(place) && err.contains(message),
                "{text}\n=> {err}"
            );
        }
    }
}
