//! Paths → operations that refer to types by id.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle,
    ReferenceOr, StatusCode,
};

use super::flat::{Flat, SchemaRef};
use super::refs::{self, Kind};
use super::variants::{self, MediaKey, Offer, Variant};
use super::{Dir, Lowerer, NameSource};
use crate::error::{DiagnosticKind, Error, ProblemKind, Result};
use crate::model::{
    BodyEncoding, ExternalDocs, Form, Module, Operation, Param, ParamLocation, PathSegment,
    RequestBody, Response, ResponseContent, SecurityScheme, StatusMatch, TypeKind, TypeRef,
};
use crate::names;
use crate::pointer::Pointer;

/// Which operations to generate. Empty lists select every operation of the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Operation ids to include.
    pub operations: Vec<String>,
    /// Tags whose operations to include.
    pub tags: Vec<String>,
}

impl Selection {
    /// Every operation.
    pub fn all() -> Self {
        Self::default()
    }

    fn is_all(&self) -> bool {
        self.operations.is_empty() && self.tags.is_empty()
    }
}

/// Methods of the generated `Client` that operations must not take as names.
const CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "send", "execute"];
/// Names an operations module uses unqualified: what it imports from the crate and the
/// prelude names its code writes. A request builder (or its response enum) must not take
/// one, or it would shadow it.
const MODULE_NAMES: &[&str] = &[
    "Client",
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
/// Methods and fields of request builders that parameters must not take as names.
const BUILDER_NAMES: &[&str] = &["send", "client", "body"];

struct SpecOp<'a> {
    path: &'a str,
    method: &'static str,
    item: &'a PathItem,
    op: &'a SpecOperation,
    id: String,
    pointer: Pointer,
}

pub(crate) fn lower_operations(
    lw: &mut Lowerer<'_>,
    selection: &Selection,
    security: &[SecurityScheme],
) -> Result<(Vec<Operation>, Vec<Module>)> {
    let doc = lw.doc;
    let mut all: Vec<SpecOp<'_>> = Vec::new();
    let mut ids: HashMap<String, Pointer> = HashMap::new();
    for (path, item) in doc.paths.iter() {
        let item_ptr = Pointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { reference } => {
                lw.diagnostic(
                    DiagnosticKind::Skipped,
                    &item_ptr.join("$ref"),
                    format!("path items given by reference (`$ref: {reference}`) are not supported; the path is skipped"),
                );
                continue;
            }
        };
        for (method, op) in item.iter() {
            let method: &'static str = match method {
                "get" => "get",
                "put" => "put",
                "post" => "post",
                "delete" => "delete",
                "options" => "options",
                "head" => "head",
                "patch" => "patch",
                _ => "trace",
            };
            let pointer = item_ptr.join(method);
            let id = match &op.operation_id {
                Some(id) if !id.trim().is_empty() => id.clone(),
                _ => {
                    let id = synthesize_id(method, path);
                    lw.diagnostic(
                        DiagnosticKind::Note,
                        &pointer,
                        format!("the operation has no `operationId`; it is named `{id}`"),
                    );
                    id
                }
            };
            if let Some(first) = ids.get(&id) {
                lw.problem(
                    ProblemKind::Invalid,
                    &pointer.join("operationId"),
                    format!(
                        "operationId `{id}` is also used by {first}; operation ids must be unique"
                    ),
                );
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

    // Check the selection before doing any work.
    let known_tags: BTreeSet<&str> = all
        .iter()
        .flat_map(|o| o.op.tags.iter().map(String::as_str))
        .collect();
    let mut unknown = Vec::new();
    for id in &selection.operations {
        if !ids.contains_key(id) {
            unknown.push(format!("no operation has the id `{id}`"));
        }
    }
    for tag in &selection.tags {
        if !known_tags.contains(tag.as_str()) {
            unknown.push(format!("no operation has the tag `{tag}`"));
        }
    }
    if !unknown.is_empty() {
        return Err(Error::Usage(format!(
            "cannot select operations: {}",
            unknown.join("; ")
        )));
    }

    let mut methods = names::Scope::new();
    for m in CLIENT_METHODS {
        methods.reserve(m);
    }
    let mut builders = names::Scope::new();
    for n in MODULE_NAMES {
        builders.reserve(n);
    }
    let mut out = Vec::new();
    let mut used_tags: BTreeMap<String, String> = BTreeMap::new();
    for spec_op in &all {
        let selected = selection.is_all()
            || selection.operations.contains(&spec_op.id)
            || spec_op.op.tags.iter().any(|t| selection.tags.contains(t));
        if !selected {
            continue;
        }
        for op in lower_operation(lw, spec_op, security, &mut methods, &mut builders) {
            let tag = spec_op.op.tags.first().cloned().unwrap_or_default();
            used_tags.insert(op.module.clone(), tag);
            out.push(op);
        }
    }

    let mut modules = Vec::new();
    for (module, tag) in used_tags {
        let spec_tag = doc.tags.iter().find(|t| t.name == tag);
        modules.push(Module {
            name: module,
            tag: tag.clone(),
            description: spec_tag.and_then(|t| t.description.clone()),
            external_docs: spec_tag
                .and_then(|t| t.external_docs.as_ref())
                .map(|d| ExternalDocs {
                    url: d.url.clone(),
                    description: d.description.clone(),
                }),
        });
    }
    Ok((out, modules))
}

fn synthesize_id(method: &str, path: &str) -> String {
    let words: String = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    format!("{method}_{words}")
}

/// Splits a path template into literal text and parameter names.
fn parse_template(path: &str) -> std::result::Result<Vec<PathSegment>, String> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    match c {
                        '}' => {
                            closed = true;
                            break;
                        }
                        '{' | '/' => {
                            return Err(format!(
                                "`{path}` has a `{{` that is not closed before `{c}`"
                            ));
                        }
                        _ => name.push(c),
                    }
                }
                if !closed {
                    return Err(format!("`{path}` has a `{{` that is never closed"));
                }
                if name.is_empty() {
                    return Err(format!("`{path}` has an empty parameter `{{}}`"));
                }
                if !literal.is_empty() {
                    out.push(PathSegment::Literal(std::mem::take(&mut literal)));
                }
                out.push(PathSegment::Param(name));
            }
            '}' => return Err(format!("`{path}` has a `}}` without a `{{`")),
            _ => literal.push(c),
        }
    }
    if !literal.is_empty() {
        out.push(PathSegment::Literal(literal));
    }
    Ok(out)
}

/// How a body in this media type is encoded, or `None` when it is not supported.
pub(crate) fn encoding_of(media_type: &str, has_schema: bool) -> Option<BodyEncoding> {
    let essence = variants::essence(media_type);
    if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
        return Some(BodyEncoding::Json);
    }
    if essence == "*/*" || essence == "application/*" {
        return Some(if has_schema {
            BodyEncoding::Json
        } else {
            BodyEncoding::Binary
        });
    }
    if essence.starts_with("text/")
        || essence.ends_with("+csv")
        || essence.ends_with("+xml")
        || essence.ends_with("/xml")
    {
        return Some(BodyEncoding::Text);
    }
    if essence.starts_with("multipart/") || essence == "application/x-www-form-urlencoded" {
        return None;
    }
    Some(BodyEncoding::Binary)
}

/// The role an Atlas-style description says the caller needs: "must have the X role".
fn required_role(description: &str) -> Option<String> {
    let start = description.find("must have the ")? + "must have the ".len();
    let rest = &description[start..];
    let end = rest.find(" role")?;
    let role = rest[..end].trim();
    (!role.is_empty() && role.len() <= 120 && !role.contains('.')).then(|| role.to_owned())
}

fn lower_operation<'a>(
    lw: &mut Lowerer<'a>,
    spec_op: &SpecOp<'a>,
    security: &[SecurityScheme],
    methods: &mut names::Scope,
    builders: &mut names::Scope,
) -> Vec<Operation> {
    let op = spec_op.op;
    let ptr = &spec_op.pointer;
    let doc = lw.doc;

    // A problem here does not stop lowering: the rest of the operation is still checked,
    // so that one run reports everything.
    let mut ok = true;
    let segments = match parse_template(spec_op.path) {
        Ok(s) => s,
        Err(message) => {
            lw.problem(
                ProblemKind::Invalid,
                &ptr.parent().unwrap_or_else(Pointer::root),
                message,
            );
            ok = false;
            Vec::new()
        }
    };

    // Parameters: the path item's, overridden by the operation's of the same name and place.
    let mut declared: Vec<(&'a Parameter, Pointer)> = Vec::new();
    let component_params = refs::parameters(doc);
    let item_ptr = ptr.parent().unwrap_or_else(Pointer::root);
    let sources = spec_op
        .item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, item_ptr.join("parameters").join(i.to_string())))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, ptr.join("parameters").join(i.to_string()))),
        );
    for (p, pptr) in sources {
        let (param, origin) = match p {
            ReferenceOr::Item(param) => (param, pptr),
            ReferenceOr::Reference { reference } => {
                match refs::resolve(component_params, Kind::Parameters, reference) {
                    Ok(r) => (r.item, pptr),
                    Err(e) => {
                        lw.problem(e.kind, &pptr.join("$ref"), e.message);
                        continue;
                    }
                }
            }
        };
        let key = (param.parameter_data_ref().name.as_str(), location_of(param));
        declared.retain(|(d, _)| (d.parameter_data_ref().name.as_str(), location_of(d)) != key);
        declared.push((param, origin));
    }

    // The path template and the path parameters must agree.
    let template_names: Vec<&str> = segments
        .iter()
        .filter_map(|s| match s {
            PathSegment::Param(n) => Some(n.as_str()),
            PathSegment::Literal(_) => None,
        })
        .collect();
    let template_ok = ok;
    for name in &template_names {
        if !declared.iter().any(|(p, _)| {
            location_of(p) == ParamLocation::Path && p.parameter_data_ref().name == *name
        }) {
            lw.problem(
                ProblemKind::Invalid,
                ptr,
                format!(
                    "the path template has `{{{name}}}`, but no path parameter `{name}` is declared"
                ),
            );
            ok = false;
        }
    }
    for (p, origin) in &declared {
        let name = &p.parameter_data_ref().name;
        if template_ok
            && location_of(p) == ParamLocation::Path
            && !template_names.contains(&name.as_str())
        {
            lw.problem(
                ProblemKind::Invalid,
                origin,
                format!("path parameter `{name}` is declared but the path template `{}` has no `{{{name}}}`", spec_op.path),
            );
            ok = false;
        }
    }

    let mut scope = names::Scope::new();
    for n in BUILDER_NAMES {
        scope.reserve(n);
    }
    let mut diagnostics = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    // Path parameters in template order, then the rest in the spec's order.
    let mut ordered: Vec<&(&'a Parameter, Pointer)> = Vec::new();
    let mut unique_names = template_names.clone();
    let mut seen_names = BTreeSet::new();
    unique_names.retain(|n| seen_names.insert(*n));
    for name in &unique_names {
        if let Some(d) = declared.iter().find(|(p, _)| {
            location_of(p) == ParamLocation::Path && p.parameter_data_ref().name == *name
        }) {
            ordered.push(d);
        }
    }
    ordered.extend(
        declared
            .iter()
            .filter(|(p, _)| location_of(p) != ParamLocation::Path),
    );

    for (param, origin) in ordered {
        let data = param.parameter_data_ref();
        let location = location_of(param);
        let required = data.required || location == ParamLocation::Path;
        if location == ParamLocation::Path && !data.required {
            lw.diagnostic(
                DiagnosticKind::Note,
                origin,
                format!(
                    "path parameter `{}` must be `required: true`; it is treated as required",
                    data.name
                ),
            );
        }
        let skip = |lw: &mut Lowerer<'a>, why: String| -> bool {
            if required {
                lw.diagnostic(
                    DiagnosticKind::Skipped,
                    ptr,
                    format!(
                        "the operation is skipped: its required parameter `{}` {why}",
                        data.name
                    ),
                );
                true
            } else {
                lw.diagnostic(
                    DiagnosticKind::Skipped,
                    origin,
                    format!("optional parameter `{}` is left out: it {why}", data.name),
                );
                false
            }
        };
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"]
                .contains(&data.name.to_ascii_lowercase().as_str())
        {
            lw.diagnostic(
                DiagnosticKind::Note,
                origin,
                format!(
                    "header parameter `{}` is ignored, as OpenAPI says; the client sets it",
                    data.name
                ),
            );
            continue;
        }
        if location == ParamLocation::Cookie {
            if skip(lw, "is a cookie, which is not supported".to_owned()) {
                return Vec::new();
            }
            continue;
        }
        if let Parameter::Query { style, .. } = param {
            if matches!(
                style,
                QueryStyle::DeepObject | QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited
            ) {
                if skip(
                    lw,
                    format!("uses query style `{style:?}`, which is not supported"),
                ) {
                    return Vec::new();
                }
                continue;
            }
        }
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => SchemaRef::of(s),
            ParameterSchemaOrContent::Content(_) => {
                if skip(
                    lw,
                    "is described by `content`, which is not supported for parameters".to_owned(),
                ) {
                    return Vec::new();
                }
                continue;
            }
        };
        let ty = if let Some(keyword) = text_alternative(lw, schema) {
            // `oneOf: [integer, string]`, `oneOf: [string, array]`: what goes into a URL
            // or header is text either way, and the string alternative carries them all.
            lw.diagnostic(
                DiagnosticKind::Note,
                &origin.join("schema").join(keyword),
                format!(
                    "parameter `{}` may take one of several forms; it is a string, the form that carries them all (`42`, `main.yml`, `a,b`)",
                    data.name
                ),
            );
            TypeRef::String
        } else {
            param_type(lw, schema, origin, &spec_op.id, &data.name)
        };
        if !is_simple(lw, &ty, true) {
            if skip(lw, "is not a string, number, boolean or list of them, which is all a parameter can be here".to_owned()) {
                return Vec::new();
            }
            continue;
        }
        let explode = data.explode.unwrap_or(true);
        let name = scope.claim(
            &names::field_name(&data.name),
            origin,
            "parameter",
            &mut diagnostics,
        );
        let schema_data = match schema {
            SchemaRef::Inline(s) => Some(&s.schema_data),
            SchemaRef::Ref(_) => None,
        };
        params.push(Param {
            json_name: data.name.clone(),
            name,
            location,
            required,
            ty,
            description: data.description.clone(),
            default: schema_data.and_then(|d| d.default.clone()),
            explode,
            deprecated: data.deprecated.unwrap_or(false),
            origin: origin.clone(),
        });
    }
    lw.diagnostics.extend(diagnostics);

    // The request body: every media type it can be sent as.
    let mut request_offers: Vec<Offer> = Vec::new();
    let mut request_body: Option<(&'a openapiv3::RequestBody, Pointer)> = None;
    if let Some(rb) = &op.request_body {
        let bptr = ptr.join("requestBody");
        let bodies = refs::request_bodies(doc);
        let resolved = match rb {
            ReferenceOr::Item(b) => Some(b),
            ReferenceOr::Reference { reference } => {
                match refs::resolve(bodies, Kind::RequestBodies, reference) {
                    Ok(r) => Some(r.item),
                    Err(e) => {
                        lw.problem(e.kind, &bptr.join("$ref"), e.message);
                        None
                    }
                }
            }
        };
        if let Some(rb) = resolved {
            let mut unsupported = Vec::new();
            for (mt, media) in &rb.content {
                match encoding_of(mt, media.schema.is_some()) {
                    Some(encoding) => request_offers.push(Offer {
                        media_type: mt.clone(),
                        encoding,
                    }),
                    None => unsupported.push(mt.clone()),
                }
            }
            if request_offers.is_empty() && !unsupported.is_empty() {
                lw.diagnostic(
                    DiagnosticKind::Skipped,
                    &bptr,
                    format!(
                        "the operation is skipped: its request body is only offered as {}, which is not supported",
                        unsupported.join(", ")
                    ),
                );
                return Vec::new();
            }
            for mt in &unsupported {
                lw.diagnostic(
                    DiagnosticKind::Skipped,
                    &bptr.join("content").join(mt),
                    format!("the request body as `{mt}` is left out: forms and multipart are not supported; the other media types are generated"),
                );
            }
            request_body = Some((rb, bptr));
        }
    }

    // The responses.
    let component_responses = refs::responses(doc);
    let has_success = op.responses.responses.keys().any(|c| match c {
        StatusCode::Code(n) => (200..300).contains(n),
        StatusCode::Range(n) => *n == 2,
    });
    let success_count = op
        .responses
        .responses
        .keys()
        .filter(|c| matches!(c, StatusCode::Code(200..=299) | StatusCode::Range(2)))
        .count();
    let entries = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| {
            let (status, key) = match code {
                StatusCode::Code(n) => (StatusMatch::Code(*n), n.to_string()),
                StatusCode::Range(n) => (StatusMatch::Range(*n), format!("{n}XX")),
            };
            (status, key, r)
        })
        .chain(
            op.responses
                .default
                .iter()
                .map(|r| (StatusMatch::Default, "default".to_owned(), r)),
        );
    let mut resolved_responses = Vec::new();
    for (status, key, r) in entries {
        let rptr = ptr.join("responses").join(&key);
        let response = match r {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                match refs::resolve(component_responses, Kind::Responses, reference) {
                    Ok(res) => res.item,
                    Err(e) => {
                        lw.problem(e.kind, &rptr.join("$ref"), e.message);
                        continue;
                    }
                }
            }
        };
        let is_error = match status {
            StatusMatch::Code(n) => n >= 400,
            StatusMatch::Range(n) => n >= 4,
            StatusMatch::Default => has_success,
        };
        let offers: Vec<Offer> = response
            .content
            .iter()
            .map(|(mt, m)| Offer {
                media_type: mt.clone(),
                encoding: encoding_of(mt, m.schema.is_some()).unwrap_or(BodyEncoding::Binary),
            })
            .collect();
        resolved_responses.push((status, key, response, is_error, rptr, offers));
    }
    // A choice of media type in a success response makes variants of the operation.
    let mut response_offers: Vec<Offer> = Vec::new();
    for (.., is_error, _, offers) in &resolved_responses {
        if *is_error || offers.len() < 2 {
            continue;
        }
        for o in offers {
            let key = MediaKey::of(&o.media_type);
            if !response_offers
                .iter()
                .any(|r| MediaKey::of(&r.media_type).essence == key.essence)
            {
                response_offers.push(o.clone());
            }
        }
    }
    let plan = variants::plan(&request_offers, &response_offers);
    let variant_key = |v: &Variant| {
        v.response
            .map(|r| MediaKey::of(&response_offers[r].media_type))
            .or_else(|| {
                v.request
                    .map(|q| MediaKey::of(&request_offers[q].media_type))
            })
    };
    // For each variant, the content it takes of each response (index into its content).
    let chosen: Vec<Vec<Option<usize>>> = plan
        .iter()
        .map(|v| {
            let key = variant_key(v);
            resolved_responses
                .iter()
                .map(|(.., is_error, _, offers)| {
                    if *is_error || offers.len() < 2 {
                        None
                    } else {
                        variants::best_match(key.as_ref(), offers)
                    }
                })
                .collect()
        })
        .collect();
    let type_suffix = |n: usize, what: &str| match &plan[n].suffix {
        None => what.to_owned(),
        Some(s) => format!("{s} {what}"),
    };

    // Bodies, each lowered once, named after the first variant that sends it.
    let mut bodies: Vec<Option<RequestBody>> = vec![None; request_offers.len()];
    if let Some((rb, bptr)) = request_body {
        for (n, v) in plan.iter().enumerate() {
            let Some(q) = v.request else { continue };
            if bodies[q].is_some() {
                continue;
            }
            let offer = &request_offers[q];
            let media = &rb.content[&offer.media_type];
            let mptr = bptr.join("content").join(&offer.media_type);
            let ty = match (offer.encoding, &media.schema) {
                (BodyEncoding::Json, Some(s)) => {
                    lw.use_schema(
                        SchemaRef::of(s),
                        &mptr.join("schema"),
                        Dir::Request,
                        NameSource::operation(&spec_op.id, &type_suffix(n, "Body")),
                    )
                    .ty
                }
                (BodyEncoding::Json, None) => TypeRef::Json,
                (BodyEncoding::Text, _) => TypeRef::String,
                _ => TypeRef::Bytes,
            };
            bodies[q] = Some(RequestBody {
                media_type: offer.media_type.clone(),
                encoding: offer.encoding,
                ty,
                required: rb.required,
                description: rb.description.clone(),
                origin: mptr,
            });
        }
    }

    // Response contents, each lowered once, named after the first variant that takes it.
    let mut responses = Vec::new();
    for (i, (status, key, response, is_error, rptr, offers)) in
        resolved_responses.iter().enumerate()
    {
        let suffix = match status {
            _ if *is_error => format!("Error{}", key.to_ascii_uppercase()),
            StatusMatch::Code(_) | StatusMatch::Range(_) if success_count > 1 => {
                format!("Response{}", key.to_ascii_uppercase())
            }
            _ => "Response".to_owned(),
        };
        let mut content = Vec::new();
        for (c, ((media_type, mt), offer)) in response.content.iter().zip(offers).enumerate() {
            let owner = (0..plan.len())
                .find(|&n| chosen[n][i] == Some(c))
                .unwrap_or(0);
            let mptr = rptr.join("content").join(media_type);
            let ty = match (&mt.schema, offer.encoding) {
                (Some(s), BodyEncoding::Json) => {
                    let u = lw.use_schema(
                        SchemaRef::of(s),
                        &mptr.join("schema"),
                        Dir::Response,
                        NameSource::operation(&spec_op.id, &type_suffix(owner, &suffix)),
                    );
                    Some(u.ty)
                }
                (_, BodyEncoding::Text) => Some(TypeRef::String),
                (_, BodyEncoding::Binary) => Some(TypeRef::Bytes),
                _ => None,
            };
            content.push(ResponseContent {
                media_type: media_type.clone(),
                encoding: offer.encoding,
                ty,
            });
        }
        responses.push(Response {
            status: *status,
            is_error: *is_error,
            description: Some(response.description.clone()).filter(|d| !d.is_empty()),
            content,
            origin: rptr.clone(),
        });
    }

    // Security: the operation's requirements, or the document's.
    let requirements = op.security.as_ref().or(doc.security.as_ref());
    let mut schemes = Vec::new();
    if let Some(reqs) = requirements {
        for (i, req) in reqs.iter().enumerate() {
            for name in req.keys() {
                if security.iter().any(|s| &s.name == name) {
                    if !schemes.contains(name) {
                        schemes.push(name.clone());
                    }
                } else if !doc
                    .components
                    .as_ref()
                    .is_some_and(|c| c.security_schemes.contains_key(name))
                {
                    let sptr = if op.security.is_some() {
                        ptr.join("security").join(i.to_string())
                    } else {
                        Pointer::root().join("security").join(i.to_string())
                    };
                    lw.diagnostic(
                        DiagnosticKind::Repaired,
                        &sptr,
                        format!("security requirement names `{name}`, which is not in `components/securitySchemes`; the requirement is ignored"),
                    );
                }
            }
        }
    }

    if !ok {
        return Vec::new();
    }
    let envelope = params
        .iter()
        .find(|p| {
            p.location == ParamLocation::Query
                && p.json_name == "envelope"
                && p.ty == TypeRef::Boolean
        })
        .map(|p| p.json_name.clone());
    let module = op
        .tags
        .first()
        .map(|t| names::module_name(t))
        .unwrap_or_else(|| "untagged".to_owned());
    let mut diags = Vec::new();
    let mut named = Vec::new();
    for v in &plan {
        let (method, builder) = match &v.suffix {
            None => (
                names::field_name(&spec_op.id),
                names::type_name(&spec_op.id),
            ),
            Some(s) => (
                names::field_name(&format!("{} {s}", spec_op.id)),
                names::type_name(&format!("{} {s}", spec_op.id)),
            ),
        };
        let method = methods.claim(&method, ptr, "method", &mut diags);
        let builder = builders.claim(&builder, ptr, "request builder", &mut diags);
        named.push((method, builder));
    }
    lw.diagnostics.extend(diags);
    let forms: Vec<Form> = if plan.len() < 2 {
        Vec::new()
    } else {
        plan.iter()
            .zip(&named)
            .map(|(v, (method, _))| Form {
                method: method.clone(),
                request: v.request.map(|q| request_offers[q].media_type.clone()),
                response: v.response.map(|r| response_offers[r].media_type.clone()),
            })
            .collect()
    };
    plan.iter()
        .zip(named)
        .enumerate()
        .map(|(n, (v, (name, builder)))| Operation {
            id: spec_op.id.clone(),
            name,
            builder,
            module: module.clone(),
            method: spec_op.method.to_ascii_uppercase(),
            path: spec_op.path.to_owned(),
            segments: segments.clone(),
            params: params.clone(),
            body: v.request.and_then(|q| bodies[q].clone()),
            responses: responses
                .iter()
                .enumerate()
                .map(|(i, r)| match chosen[n][i] {
                    Some(c) => Response {
                        content: vec![r.content[c].clone()],
                        ..r.clone()
                    },
                    None => r.clone(),
                })
                .collect(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            external_docs: op.external_docs.as_ref().map(|d| ExternalDocs {
                url: d.url.clone(),
                description: d.description.clone(),
            }),
            required_role: op.description.as_deref().and_then(required_role),
            deprecated: op.deprecated,
            envelope: envelope.clone(),
            security: schemes.clone(),
            forms: forms.clone(),
            origin: ptr.clone(),
        })
        .collect()
}

fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// The type of a parameter. Types made for parameters are named after the parameter
/// (`groupId` is `GroupId`); parameters of one name with different schemas get the
/// operation's name in front (`CreateThingStatus`).
fn param_type<'a>(
    lw: &mut Lowerer<'a>,
    schema: SchemaRef<'a>,
    origin: &Pointer,
    op_id: &str,
    name: &str,
) -> TypeRef {
    let signature = match schema {
        SchemaRef::Ref(r) => format!("ref:{r}"),
        SchemaRef::Inline(s) => {
            let mut s = s.clone();
            s.schema_data.description = None;
            s.schema_data.example = None;
            s.schema_data.title = None;
            serde_json::to_string(&s).unwrap_or_default()
        }
    };
    let key = (name.to_owned(), signature.clone());
    if let Some(t) = lw.param_types.get(&key) {
        return t.clone();
    }
    let owner = lw
        .param_names
        .entry(name.to_owned())
        .or_insert_with(|| signature.clone())
        .clone();
    let source = if owner == signature {
        NameSource::param(name, op_id)
    } else {
        NameSource::operation(op_id, name)
    };
    let ty = lw
        .use_schema(schema, &origin.join("schema"), Dir::Request, source)
        .ty;
    lw.param_types.insert(key, ty.clone());
    ty
}

/// For a parameter schema that is a choice (`oneOf`/`anyOf`) of simple forms, one of them a
/// plain string: the keyword, else `None`.
fn text_alternative<'a>(lw: &Lowerer<'a>, schema: SchemaRef<'a>) -> Option<&'static str> {
    let (resolved, _) = super::schemas::resolve_quiet(lw.doc, schema)?;
    let flat = Flat::new(resolved);
    let alternatives = flat.alternatives();
    if alternatives.is_empty() || !flat.properties.is_empty() {
        return None;
    }
    let simple = |s: SchemaRef<'a>, list: bool| -> Option<bool> {
        let (schema, _) = super::schemas::resolve_quiet(lw.doc, s)?;
        let f = Flat::new(schema);
        if !f.alternatives().is_empty() || !f.properties.is_empty() {
            return None;
        }
        match f.typ {
            Some("string") => Some(f.format.is_none() && f.pattern.is_none() && !f.has_enum),
            Some("integer" | "number" | "boolean") => Some(false),
            Some("array") if list => {
                let items = Flat::new(super::schemas::resolve_quiet(lw.doc, f.items?)?.0);
                matches!(items.typ, Some("string" | "integer" | "number" | "boolean"))
                    .then_some(false)
            }
            _ => None,
        }
    };
    let mut plain_string = false;
    for a in alternatives {
        plain_string |= simple(*a, true)?;
    }
    plain_string.then(|| flat.alternatives_keyword())
}

/// Whether a parameter of this type can be written into a URL or header.
fn is_simple(lw: &Lowerer<'_>, ty: &TypeRef, allow_list: bool) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Boolean
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Array(inner) if allow_list => is_simple(lw, inner, false),
        TypeRef::Named(id) => match &lw.drafts[id.0].kind {
            Some(TypeKind::Enum(_)) | Some(TypeKind::Constrained(_)) => true,
            Some(TypeKind::Alias(t)) => is_simple(lw, &t.clone(), allow_list),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let s = parse_template("/a/{b}/c{d}.json").unwrap();
        assert_eq!(s.len(), 5);
        assert!(parse_template("/a/{b").is_err());
        assert!(parse_template("/a/b}").is_err());
        assert!(parse_template("/a/{}").is_err());
        assert!(parse_template("/a/{b/c}").is_err());
    }

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

    #[test]
    fn encodings() {
        assert_eq!(
            encoding_of("application/vnd.atlas.2023-01-01+json", true),
            Some(BodyEncoding::Json)
        );
        assert_eq!(
            encoding_of("application/json; charset=utf-8", true),
            Some(BodyEncoding::Json)
        );
        assert_eq!(
            encoding_of("application/vnd.atlas.2023-01-01+csv", true),
            Some(BodyEncoding::Text)
        );
        assert_eq!(
            encoding_of("application/vnd.atlas.2023-01-01+gzip", true),
            Some(BodyEncoding::Binary)
        );
        assert_eq!(encoding_of("multipart/form-data", true), None);
    }
}
