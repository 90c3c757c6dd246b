//! Paths → operations that refer to types by id.
//!
//! Split by part of an operation: `params` (the path template and the parameters),
//! `bodies` (the request body in each media type), `responses` (what each status answers,
//! and — once every type has its final name — the arms that decode them). This module finds
//! the operations, selects them, and names each form of each.

mod bodies;
mod params;
mod responses;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{Operation as SpecOperation, PathItem, ReferenceOr};

#[cfg(test)]
pub(crate) use bodies::encoding_of;
pub(crate) use responses::finish;

use super::Lowerer;
use super::variants::{self, Offer, Variant};
use crate::error::{DiagnosticKind, Error, ProblemKind, Result};
use crate::model::{ExternalDocs, Form, Module, Operation, Paging, PagingRule, SecurityScheme};
use crate::names;
use crate::pointer::Pointer;

/// Which operations to generate. Empty lists select every operation of the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Operation ids to include.
    pub operations: Vec<String>,
    /// Tags whose operations to include.
    pub tags: Vec<String>,
    /// Operation ids whose pages are not walked, whatever convention they follow (the
    /// builder then has no `pages()` or `items()`).
    pub unpaged: Vec<String>,
    /// Operation ids whose pages are walked as given, whatever the spec says.
    pub paging: Vec<(String, Paging)>,
}

impl Selection {
    /// Every operation.
    pub fn all() -> Self {
        Self::default()
    }

    fn selects(&self, op: &SpecOp<'_>) -> bool {
        (self.operations.is_empty() && self.tags.is_empty())
            || self.operations.contains(&op.id)
            || op.op.tags.iter().any(|t| self.tags.contains(t))
    }
}

/// What the operation's `x-pagination` says: `false` turns the walk through its pages off,
/// `true` (or nothing) leaves it to detection, an object sets the convention (a
/// [`Paging`]). An object that is not one is a note and leaves it to detection; any
/// other value is read as `true`, with a note.
fn paging_rule(lw: &mut Lowerer<'_>, spec_op: &SpecOp<'_>) -> PagingRule {
    let pointer = spec_op.pointer.join("x-pagination");
    match spec_op.op.extensions.get("x-pagination") {
        None | Some(serde_json::Value::Bool(true)) => PagingRule::Detect,
        Some(serde_json::Value::Bool(false)) => PagingRule::Off,
        Some(value @ serde_json::Value::Object(_)) => {
            match serde_json::from_value::<Paging>(value.clone()) {
                Ok(paging) => PagingRule::Set(paging),
                Err(e) => {
                    let message = format!(
                        "`x-pagination` is not a convention ({e}); the pages are walked as \
                         detected. It takes `false`, `true`, or an object such as \
                         `{{convention: cursor, param: after, next: next_page, items: data}}`"
                    );
                    lw.diagnostic(DiagnosticKind::Note, &pointer, message);
                    PagingRule::Detect
                }
            }
        }
        Some(other) => {
            let message = format!(
                "`x-pagination` takes `true`, `false` or an object that sets the convention, \
                 not {other}; read as `true`"
            );
            lw.diagnostic(DiagnosticKind::Note, &pointer, message);
            PagingRule::Detect
        }
    }
}

/// Methods of the generated `Client` that operations must not take as names.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "send",
    "send_with_response",
    "execute",
    "url",
    "retry_wait",
];
/// Names an operations module uses unqualified: what it imports from the crate and the
/// prelude names its code writes. A request builder (or its response enum) must not take
/// one, or it would shadow it.
const MODULE_NAMES: &[&str] = &[
    "Answer",
    "Client",
    "Cursor",
    "Items",
    "Numbered",
    "Pages",
    "Error",
    "ErrorBody",
    "Request",
    "Response",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Into",
    "Send",
];

/// An operation of the spec, found.
pub(super) struct SpecOp<'a> {
    path: &'a str,
    method: &'static str,
    item: &'a PathItem,
    op: &'a SpecOperation,
    id: String,
    pointer: Pointer,
}

/// An operation lowered but for its responses, which become arms once every type has its
/// final name ([`finish`]).
pub(crate) struct OperationDraft {
    pub(crate) op: Operation,
    pub(crate) responses: Vec<responses::Response>,
}

/// The selected operations, lowered.
pub(crate) struct Operations {
    pub(crate) drafts: Vec<OperationDraft>,
    /// The modules (tags) they belong to, by name.
    pub(crate) modules: Vec<Module>,
    /// The names taken in operation modules: request builders now, response enums in
    /// [`finish`].
    pub(crate) builders: names::Scope,
}

/// The names operations take: methods of `Client`, and request builders.
struct OperationNames {
    methods: names::Scope,
    builders: names::Scope,
}

pub(crate) fn lower_operations(
    lw: &mut Lowerer<'_>,
    selection: &Selection,
    security: &[SecurityScheme],
) -> Result<Operations> {
    let all = spec_operations(lw);
    check_selection(&all, selection)?;
    let mut names = OperationNames {
        methods: names::Scope::new(),
        builders: names::Scope::new(),
    };
    CLIENT_METHODS.iter().for_each(|m| names.methods.reserve(m));
    MODULE_NAMES.iter().for_each(|n| names.builders.reserve(n));
    let mut drafts = Vec::new();
    let mut used_tags: BTreeMap<String, String> = BTreeMap::new();
    for spec_op in all.iter().filter(|o| selection.selects(o)) {
        for draft in lower_operation(lw, spec_op, security, &mut names) {
            let tag = spec_op.op.tags.first().cloned().unwrap_or_default();
            used_tags.insert(draft.op.module.clone(), tag);
            drafts.push(draft);
        }
    }
    Ok(Operations {
        drafts,
        modules: modules(lw.doc, used_tags),
        builders: names.builders,
    })
}

/// Every operation of the spec, in path order; a duplicate `operationId` is a problem.
fn spec_operations<'a>(lw: &mut Lowerer<'a>) -> Vec<SpecOp<'a>> {
    let doc = lw.doc;
    let mut all = Vec::new();
    let mut ids: HashMap<String, Pointer> = HashMap::new();
    for (path, item) in doc.paths.iter() {
        let item_ptr = Pointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { reference } => {
                let message = format!(
                    "path items given by reference (`$ref: {reference}`) are not supported; the path is skipped"
                );
                lw.diagnostic(DiagnosticKind::Skipped, &item_ptr.join("$ref"), message);
                continue;
            }
        };
        for (method, op) in item.iter() {
            let method = http_method(method);
            let pointer = item_ptr.join(method);
            let id = match &op.operation_id {
                Some(id) if !id.trim().is_empty() => id.clone(),
                _ => {
                    let id = synthesize_id(method, path);
                    let message = format!("the operation has no `operationId`; it is named `{id}`");
                    lw.diagnostic(DiagnosticKind::Note, &pointer, message);
                    id
                }
            };
            if let Some(first) = ids.get(&id) {
                let message = format!(
                    "operationId `{id}` is also used by {first}; operation ids must be unique"
                );
                lw.problem(ProblemKind::Invalid, &pointer.join("operationId"), message);
            } else {
                ids.insert(id.clone(), pointer.clone());
            }
            all.push(SpecOp {
                path,
                method,
                item,
                op,
                id,
                pointer,
            });
        }
    }
    all
}

fn http_method(method: &str) -> &'static str {
    match method {
        "get" => "get",
        "put" => "put",
        "post" => "post",
        "delete" => "delete",
        "options" => "options",
        "head" => "head",
        "patch" => "patch",
        _ => "trace",
    }
}

/// Fails when the selection names an operation or a tag the spec does not have.
fn check_selection(all: &[SpecOp<'_>], selection: &Selection) -> Result<()> {
    let ids: BTreeSet<&str> = all.iter().map(|o| o.id.as_str()).collect();
    let tags: BTreeSet<&str> = all
        .iter()
        .flat_map(|o| o.op.tags.iter().map(String::as_str))
        .collect();
    let unknown_ids = selection
        .operations
        .iter()
        .filter(|id| !ids.contains(id.as_str()))
        .map(|id| format!("no operation has the id `{id}`"));
    let unknown_tags = selection
        .tags
        .iter()
        .filter(|t| !tags.contains(t.as_str()))
        .map(|t| format!("no operation has the tag `{t}`"));
    let unknown: Vec<String> = unknown_ids.chain(unknown_tags).collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "cannot select operations: {}",
            unknown.join("; ")
        )))
    }
}

/// A module per tag that selected operations use, with the tag's description.
fn modules(doc: &openapiv3::OpenAPI, used_tags: BTreeMap<String, String>) -> Vec<Module> {
    used_tags
        .into_iter()
        .map(|(name, tag)| {
            let spec_tag = doc.tags.iter().find(|t| t.name == tag);
            Module {
                name,
                description: spec_tag.and_then(|t| t.description.clone()),
                external_docs: spec_tag
                    .and_then(|t| t.external_docs.as_ref())
                    .map(external_docs),
                tag,
            }
        })
        .collect()
}

fn external_docs(d: &openapiv3::ExternalDocumentation) -> ExternalDocs {
    ExternalDocs {
        url: d.url.clone(),
        description: d.description.clone(),
    }
}

fn synthesize_id(method: &str, path: &str) -> String {
    let words: String = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    format!("{method}_{words}")
}

/// The role an Atlas-style description says the caller needs: "must have the X role".
fn required_role(description: &str) -> Option<String> {
    let start = description.find("must have the ")? + "must have the ".len();
    let rest = &description[start..];
    let end = rest.find(" role")?;
    let role = rest[..end].trim();
    (!role.is_empty() && role.len() <= 120 && !role.contains('.')).then(|| role.to_owned())
}

/// Lowers one operation: one draft per form it is offered in (a single one when there is
/// no choice of media type); none when it is skipped or invalid.
fn lower_operation<'a>(
    lw: &mut Lowerer<'a>,
    spec_op: &SpecOp<'a>,
    security: &[SecurityScheme],
    names: &mut OperationNames,
) -> Vec<OperationDraft> {
    let Some(path) = params::lower_path_and_params(lw, spec_op) else {
        return Vec::new();
    };
    let Some(bodies) = bodies::body_offers(lw, spec_op) else {
        return Vec::new();
    };
    let documented = responses::documented(lw, spec_op);
    let response_offers = responses::success_offers(&documented);
    let plan = variants::plan(&bodies.offers, &response_offers);
    let chosen = responses::chosen_contents(&plan, &documented, &bodies.offers, &response_offers);
    let type_suffix = |n: usize, what: &str| match &plan[n].suffix {
        None => what.to_owned(),
        Some(s) => format!("{s} {what}"),
    };
    let request_bodies = bodies::lower_bodies(lw, spec_op, &bodies, &plan, &type_suffix);
    let lowered = responses::lower_responses(lw, spec_op, &documented, &chosen, &type_suffix);
    let schemes = security_of(lw, spec_op, security);
    if !path.valid {
        return Vec::new();
    }
    let forms = name_forms(lw, spec_op, &plan, &bodies.offers, &response_offers, names);
    let op = spec_op.op;
    let paging_rule = paging_rule(lw, spec_op);
    let module = op
        .tags
        .first()
        .map(|t| names::module_name(t))
        .unwrap_or_else(|| "untagged".to_owned());
    let form_list: Vec<Form> = if forms.len() < 2 {
        Vec::new()
    } else {
        forms.iter().map(|(form, _)| form.clone()).collect()
    };
    plan.iter()
        .zip(forms)
        .zip(&chosen)
        .map(|((v, (form, builder)), chosen)| OperationDraft {
            op: Operation {
                id: spec_op.id.clone(),
                name: form.method,
                builder,
                module: module.clone(),
                method: spec_op.method.to_ascii_uppercase(),
                path: spec_op.path.to_owned(),
                segments: path.segments.clone(),
                params: path.params.clone(),
                body: v.request.and_then(|q| request_bodies[q].clone()),
                arms: Vec::new(),
                response_enum: None,
                accept: String::new(),
                summary: op.summary.clone(),
                description: op.description.clone(),
                external_docs: op.external_docs.as_ref().map(external_docs),
                required_role: op.description.as_deref().and_then(required_role),
                deprecated: op.deprecated,
                security: schemes.clone(),
                forms: form_list.clone(),
                pagination: None,
                paging_rule: paging_rule.clone(),
                origin: spec_op.pointer.clone(),
            },
            responses: responses::for_form(&lowered, chosen),
        })
        .collect()
}

/// The names of the security schemes that can authorize the operation: its requirements,
/// or the document's. A requirement that names no scheme is repaired away, with a
/// diagnostic.
fn security_of(
    lw: &mut Lowerer<'_>,
    spec_op: &SpecOp<'_>,
    security: &[SecurityScheme],
) -> Vec<String> {
    let doc = lw.doc;
    let op = spec_op.op;
    let Some(requirements) = op.security.as_ref().or(doc.security.as_ref()) else {
        return Vec::new();
    };
    let declared = |name: &str| {
        doc.components
            .as_ref()
            .is_some_and(|c| c.security_schemes.contains_key(name))
    };
    let mut schemes = Vec::new();
    for (i, req) in requirements.iter().enumerate() {
        for name in req.keys() {
            if security.iter().any(|s| &s.name == name) {
                if !schemes.contains(name) {
                    schemes.push(name.clone());
                }
            } else if !declared(name) {
                let sptr = if op.security.is_some() {
                    spec_op.pointer.join("security").join(i.to_string())
                } else {
                    Pointer::root().join("security").join(i.to_string())
                };
                let message = format!(
                    "security requirement names `{name}`, which is not in `components/securitySchemes`; the requirement is ignored"
                );
                lw.diagnostic(DiagnosticKind::Repaired, &sptr, message);
            }
        }
    }
    schemes
}

/// Names each form of an operation: its `Client` method and its request builder. The
/// preferred form takes the operation's name; the others add what sets them apart.
fn name_forms(
    lw: &mut Lowerer<'_>,
    spec_op: &SpecOp<'_>,
    plan: &[Variant],
    request_offers: &[Offer],
    response_offers: &[Offer],
    names: &mut OperationNames,
) -> Vec<(Form, String)> {
    let mut diagnostics = Vec::new();
    let forms = plan
        .iter()
        .map(|v| {
            let raw = match &v.suffix {
                None => spec_op.id.clone(),
                Some(s) => format!("{} {s}", spec_op.id),
            };
            let ptr = &spec_op.pointer;
            let method =
                names
                    .methods
                    .claim(&names::field_name(&raw), ptr, "method", &mut diagnostics);
            let builder = names.builders.claim(
                &names::type_name(&raw),
                ptr,
                "request builder",
                &mut diagnostics,
            );
            let form = Form {
                method,
                request: v.request.map(|q| request_offers[q].media_type.clone()),
                response: v.response.map(|r| response_offers[r].media_type.clone()),
            };
            (form, builder)
        })
        .collect();
    lw.diagnostics.extend(diagnostics);
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        assert_eq!(
            required_role(
                "To use this resource, the requesting Service Account or API Key must have the Project Owner role.\n\nMore."
            ),
            Some("Project Owner".to_owned())
        );
        assert_eq!(required_role("No role here."), None);
    }
}
