//! What an operation answers: each documented response, in each media type; and, once
//! every type has its final name, the arms that decode them, the `Accept` header, the
//! response enum of operations whose successes differ in type, and the error body enum.

use openapiv3::{ReferenceOr, StatusCode};

use super::super::flat::SchemaRef;
use super::super::refs::{self, Kind};
use super::super::variants::{self, MediaKey, Offer, Variant};
use super::super::{Dir, Lowerer, NameSource};
use super::bodies::encoding_of;
use super::{OperationDraft, SpecOp};
use crate::error::Diagnostic;
use crate::model::{
    BodyEncoding, Decode, ErrorBodies, ErrorBodyVariant, Operation, Outcome, ResponseArm, Statuses,
    TypeDef, TypeRef,
};
use crate::names;
use crate::pointer::Pointer;

/// Which statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusMatch {
    /// One status.
    Code(u16),
    /// A class, `4XX`: the first digit.
    Range(u16),
    /// `default`: any status not otherwise listed.
    Default,
}

/// One documented response, lowered.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: StatusMatch,
    /// Status 400 and up; `default` counts as an error when the operation documents a
    /// success status.
    pub(crate) is_error: bool,
    /// Its content, one entry per media type, in the spec's order.
    pub(crate) content: Vec<ResponseContent>,
    /// The names of the headers it documents, lower case (`link`).
    pub(crate) headers: Vec<String>,
}

/// A response body in one media type.
#[derive(Debug, Clone)]
pub(crate) struct ResponseContent {
    pub(crate) media_type: String,
    pub(crate) encoding: BodyEncoding,
    /// Its type; `None` when the spec gives no schema for a JSON body.
    pub(crate) ty: Option<TypeRef>,
}

/// A documented response, resolved, before its contents are lowered.
pub(super) struct Documented<'a> {
    status: StatusMatch,
    /// The key in `responses` (`201`, `4XX`, `default`).
    key: String,
    response: &'a openapiv3::Response,
    is_error: bool,
    pointer: Pointer,
    /// Its media types, with how each is encoded.
    offers: Vec<Offer>,
}

/// Every documented response of an operation, its `$ref`s resolved.
pub(super) fn documented<'a>(lw: &mut Lowerer<'a>, spec_op: &SpecOp<'a>) -> Vec<Documented<'a>> {
    let responses = &spec_op.op.responses;
    let has_success = responses.responses.keys().any(|c| match c {
        StatusCode::Code(n) => (200..300).contains(n),
        StatusCode::Range(n) => *n == 2,
    });
    let entries = responses
        .responses
        .iter()
        .map(|(code, r)| match code {
            StatusCode::Code(n) => (StatusMatch::Code(*n), n.to_string(), r),
            StatusCode::Range(n) => (StatusMatch::Range(*n), format!("{n}XX"), r),
        })
        .chain(
            responses
                .default
                .iter()
                .map(|r| (StatusMatch::Default, "default".to_owned(), r)),
        );
    let mut out = Vec::new();
    for (status, key, r) in entries {
        let pointer = spec_op.pointer.join("responses").join(&key);
        let response = match r {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                match refs::resolve(refs::responses(lw.doc), Kind::Responses, reference) {
                    Ok(res) => res.item,
                    Err(e) => {
                        lw.problem(e.kind, &pointer.join("$ref"), e.message);
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
        let offers = response
            .content
            .iter()
            .map(|(mt, m)| Offer {
                media_type: mt.clone(),
                // A form or multipart answer is read as its bytes.
                encoding: encoding_of(mt, m.schema.is_some())
                    .filter(|e| !matches!(e, BodyEncoding::Form | BodyEncoding::Multipart))
                    .unwrap_or(BodyEncoding::Binary),
            })
            .collect();
        out.push(Documented {
            status,
            key,
            response,
            is_error,
            pointer,
            offers,
        });
    }
    out
}

/// The media types of success responses that offer a choice: each is a form of the
/// operation (one per distinct media type).
pub(super) fn success_offers(documented: &[Documented<'_>]) -> Vec<Offer> {
    let mut out: Vec<Offer> = Vec::new();
    for d in documented
        .iter()
        .filter(|d| !d.is_error && d.offers.len() > 1)
    {
        for o in &d.offers {
            let key = MediaKey::of(&o.media_type);
            if !out
                .iter()
                .any(|r| MediaKey::of(&r.media_type).essence == key.essence)
            {
                out.push(o.clone());
            }
        }
    }
    out
}

/// For each form, the content it takes of each response (an index into its content):
/// `None` where the response has one media type or is an error (every form takes it all).
pub(super) fn chosen_contents(
    plan: &[Variant],
    documented: &[Documented<'_>],
    request_offers: &[Offer],
    response_offers: &[Offer],
) -> Vec<Vec<Option<usize>>> {
    plan.iter()
        .map(|v| {
            let key = v
                .response
                .map(|r| MediaKey::of(&response_offers[r].media_type))
                .or_else(|| {
                    v.request
                        .map(|q| MediaKey::of(&request_offers[q].media_type))
                });
            documented
                .iter()
                .map(|d| {
                    if d.is_error || d.offers.len() < 2 {
                        None
                    } else {
                        variants::best_match(key.as_ref(), &d.offers)
                    }
                })
                .collect()
        })
        .collect()
}

/// Each response's contents, each lowered once and named after the first form that takes
/// it (`type_suffix(form, …)`).
pub(super) fn lower_responses<'a>(
    lw: &mut Lowerer<'a>,
    spec_op: &SpecOp<'a>,
    documented: &[Documented<'a>],
    chosen: &[Vec<Option<usize>>],
    type_suffix: &dyn Fn(usize, &str) -> String,
) -> Vec<Response> {
    let success_count = documented
        .iter()
        .filter(|d| {
            matches!(
                d.status,
                StatusMatch::Code(200..=299) | StatusMatch::Range(2)
            )
        })
        .count();
    let mut responses = Vec::new();
    for (i, d) in documented.iter().enumerate() {
        let suffix = match d.status {
            _ if d.is_error => format!("Error{}", d.key.to_ascii_uppercase()),
            StatusMatch::Code(_) | StatusMatch::Range(_) if success_count > 1 => {
                format!("Response{}", d.key.to_ascii_uppercase())
            }
            _ => "Response".to_owned(),
        };
        let mut content = Vec::new();
        for (c, ((media_type, mt), offer)) in d.response.content.iter().zip(&d.offers).enumerate() {
            let owner = (0..chosen.len())
                .find(|&n| chosen[n][i] == Some(c))
                .unwrap_or(0);
            let mptr = d.pointer.join("content").join(media_type);
            let ty = match (&mt.schema, offer.encoding) {
                (Some(s), BodyEncoding::Json) => {
                    let name = NameSource::operation(&spec_op.id, &type_suffix(owner, &suffix));
                    Some(
                        lw.use_schema(SchemaRef::of(s), &mptr.join("schema"), Dir::Response, name)
                            .ty,
                    )
                }
                (None, BodyEncoding::Json) => None,
                (_, BodyEncoding::Text) => Some(TypeRef::String),
                (_, BodyEncoding::Binary | BodyEncoding::Form | BodyEncoding::Multipart) => {
                    Some(TypeRef::Bytes)
                }
            };
            content.push(ResponseContent {
                media_type: media_type.clone(),
                encoding: offer.encoding,
                ty,
            });
        }
        responses.push(Response {
            status: d.status,
            is_error: d.is_error,
            content,
            headers: d
                .response
                .headers
                .keys()
                .map(|name| name.to_ascii_lowercase())
                .collect(),
        });
    }
    responses
}

/// The responses one form takes: of a response with several media types, the one the form
/// chose.
pub(super) fn for_form(responses: &[Response], chosen: &[Option<usize>]) -> Vec<Response> {
    responses
        .iter()
        .zip(chosen)
        .map(|(r, c)| match c {
            Some(c) => Response {
                content: vec![r.content[*c].clone()],
                ..r.clone()
            },
            None => r.clone(),
        })
        .collect()
}

/// Names an `Error` method takes that error body accessors must not take.
const ERROR_METHODS: &[&str] = &[
    "status",
    "body",
    "retry_after",
    "field",
    "operation",
    "is_timeout",
    "error_body",
    "source",
    "to_string",
];

/// The last step of lowering operations, once every type has its final name: each
/// operation's arms, `Accept` header and response enum, and the error body enum they
/// share. `builders` holds the names taken in operation modules, where response enums go.
pub(crate) fn finish(
    drafts: Vec<OperationDraft>,
    types: &[TypeDef],
    builders: &mut names::Scope,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Operation>, ErrorBodies) {
    let error_bodies = error_bodies(&drafts, types, diagnostics);
    let operations = drafts
        .into_iter()
        .map(|d| {
            let mut op = d.op;
            op.accept = accept(&d.responses);
            op.arms = arms(&d.responses, &error_bodies);
            op.response_enum =
                name_successes(&op.builder, &op.origin, &mut op.arms, builders, diagnostics);
            op
        })
        .collect();
    (operations, error_bodies)
}

/// The content a response is decoded as: JSON first, then text, then anything.
fn preferred(r: &Response) -> Option<&ResponseContent> {
    r.content
        .iter()
        .find(|c| c.encoding == BodyEncoding::Json)
        .or_else(|| r.content.iter().find(|c| c.encoding == BodyEncoding::Text))
        .or_else(|| r.content.first())
}

/// The type of a documented error's JSON body, when it has a named one.
fn typed_error_body(r: &Response) -> Option<crate::model::TypeId> {
    let content = preferred(r).filter(|c| r.is_error && c.encoding == BodyEncoding::Json)?;
    match content.ty {
        Some(TypeRef::Named(id) | TypeRef::Boxed(id)) => Some(id),
        _ => None,
    }
}

/// The error body enum: a variant per schema of a JSON error body (by type name), and one
/// for bodies without a schema when some documented error has one.
fn error_bodies(
    drafts: &[OperationDraft],
    types: &[TypeDef],
    diagnostics: &mut Vec<Diagnostic>,
) -> ErrorBodies {
    let errors = || {
        drafts
            .iter()
            .flat_map(|d| &d.responses)
            .filter(|r| r.is_error)
    };
    let mut ids: Vec<_> = errors().filter_map(typed_error_body).collect();
    ids.sort_unstable();
    ids.dedup();
    let untyped_needed = errors().any(|r| typed_error_body(r).is_none());
    let mut variants = names::Scope::new();
    if untyped_needed {
        variants.reserve("Other");
    }
    let mut accessors = names::Scope::new();
    for m in ERROR_METHODS {
        accessors.reserve(m);
    }
    let typed = ids
        .into_iter()
        .map(|id| {
            let ty = &types[id.0];
            let name = variants.claim(&ty.name, &ty.origin, "error body variant", diagnostics);
            let accessor = names::field_name(&ty.name);
            let accessor = accessors.claim(&accessor, &ty.origin, "`Error` method", diagnostics);
            ErrorBodyVariant {
                name,
                accessor,
                ty: id,
                modules: Vec::new(),
            }
        })
        .collect();
    ErrorBodies {
        typed,
        untyped: untyped_needed.then(|| "Other".to_owned()),
    }
}

/// The `Accept` header: the success media types first, then those only errors use, with a
/// lower preference (a server that negotiates strictly may then answer an error it may
/// send).
fn accept(responses: &[Response]) -> String {
    let mut success: Vec<&str> = Vec::new();
    let mut errors: Vec<&str> = Vec::new();
    for r in ordered(responses) {
        if let Some(c) = preferred(r) {
            let list = if r.is_error {
                &mut errors
            } else {
                &mut success
            };
            if !list.contains(&c.media_type.as_str()) {
                list.push(&c.media_type);
            }
        }
    }
    let mut parts: Vec<String> = success.iter().map(|m| (*m).to_owned()).collect();
    for e in errors.into_iter().filter(|e| !success.contains(e)) {
        parts.push(format!("{e};q=0.9"));
    }
    parts.join(", ")
}

/// Responses in match order: single statuses, classes, then `default`.
fn ordered(responses: &[Response]) -> Vec<&Response> {
    let mut ordered: Vec<&Response> = responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    ordered
}

/// The arms that decode an operation's responses, in match order. Errors decoded alike
/// share an arm (`400 | 401 | 403`), and three or more statuses in a row are a span
/// (`403..=405`).
fn arms(responses: &[Response], errors: &ErrorBodies) -> Vec<ResponseArm> {
    let mut arms: Vec<ResponseArm> = Vec::new();
    for r in ordered(responses) {
        let content = preferred(r);
        let arm = ResponseArm {
            statuses: match r.status {
                StatusMatch::Code(n) => Statuses::Codes { codes: vec![n] },
                StatusMatch::Range(d) => Statuses::Span {
                    first: d * 100,
                    last: d * 100 + 99,
                },
                StatusMatch::Default => Statuses::Other,
            },
            decode: decode_of(content),
            media_type: content.map(|c| c.media_type.clone()),
            headers: r.headers.clone(),
            outcome: if !r.is_error {
                Outcome::Success { variant: None }
            } else if let Some(id) = typed_error_body(r) {
                let body = errors.typed.iter().position(|v| v.ty == id).unwrap_or(0);
                Outcome::TypedError { body }
            } else {
                Outcome::UntypedError
            },
        };
        // Errors that end up as the same error body share an arm; successes never do
        // (each may be a variant of its own).
        let alike = |a: &ResponseArm| {
            !matches!(a.outcome, Outcome::Success { .. })
                && a.outcome == arm.outcome
                && matches!(a.statuses, Statuses::Codes { .. })
                && matches!(arm.statuses, Statuses::Codes { .. })
        };
        match (arms.iter_mut().find(|a| alike(a)), &arm.statuses) {
            (Some(existing), Statuses::Codes { codes: more }) => {
                if let Statuses::Codes { codes } = &mut existing.statuses {
                    codes.extend(more);
                }
            }
            _ => arms.push(arm),
        }
    }
    for a in &mut arms {
        if let Statuses::Codes { codes } = &mut a.statuses {
            codes.sort_unstable();
            if codes.len() >= 3 && codes.windows(2).all(|w| w[1] == w[0] + 1) {
                a.statuses = Statuses::Span {
                    first: codes[0],
                    last: codes[codes.len() - 1],
                };
            }
        }
    }
    arms
}

fn decode_of(content: Option<&ResponseContent>) -> Decode {
    match content {
        None => Decode::Empty,
        Some(c) => match c.encoding {
            BodyEncoding::Json => Decode::Json(c.ty.clone().unwrap_or(TypeRef::Json)),
            BodyEncoding::Text => Decode::Text,
            BodyEncoding::Binary | BodyEncoding::Form | BodyEncoding::Multipart => Decode::Binary,
        },
    }
}

/// When the success arms decode different types, names the enum `send` returns
/// (`{builder}Response`) and each arm's variant (`Status200`, `Status2xx`, `Default`).
fn name_successes(
    builder: &str,
    origin: &Pointer,
    arms: &mut [ResponseArm],
    builders: &mut names::Scope,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let mut types: Vec<&Decode> = Vec::new();
    for a in arms
        .iter()
        .filter(|a| matches!(a.outcome, Outcome::Success { .. }))
    {
        if !types.contains(&&a.decode) {
            types.push(&a.decode);
        }
    }
    if types.len() < 2 {
        return None;
    }
    let name = builders.claim(
        &format!("{builder}Response"),
        origin,
        "response enum",
        diagnostics,
    );
    let mut variants = names::Scope::new();
    for a in arms.iter_mut() {
        if let Outcome::Success { variant } = &mut a.outcome {
            let candidate = match &a.statuses {
                Statuses::Codes { codes } => format!("Status{}", codes[0]),
                Statuses::Span { first, .. } => format!("Status{}xx", first / 100),
                Statuses::Other => "Default".to_owned(),
            };
            *variant = Some(variants.claim(&candidate, origin, "response variant", diagnostics));
        }
    }
    Some(name)
}
