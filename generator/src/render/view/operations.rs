//! The view of an operation (`op` in the operation template) and of the module of its tag
//! (`module`).

use serde::Serialize;

use super::spelling::{Held, Spelling, text_expr};
use super::text::{code, description, push_para, see};
use crate::model::{
    BodyEncoding, Decode, ErrorBodies, Model, Module, Operation, Outcome, Param, ParamEncoding,
    ParamLocation, PathSegment, ResponseArm, Statuses, TypeRef,
};

/// A module of operations (one tag).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ModuleView {
    /// The module's name.
    pub name: String,
    /// The tag.
    pub tag: String,
    /// Module docs, as lines.
    pub docs: Vec<String>,
    /// Its operations, by method name.
    pub operations: Vec<OperationView>,
    /// Whether some operation's code names a type of `types` (the module then imports it).
    pub uses_types: bool,
    /// Whether some operation decodes a documented error into `ErrorBody`.
    pub uses_error_body: bool,
    /// Whether some operation answers a page at a time (the module then imports `Pages`),
    /// and which conventions its operations follow.
    pub uses_paging: bool,
    pub uses_numbered: bool,
    pub uses_cursor: bool,
    /// The Cargo feature that compiles it (its name with `-` for `_`).
    pub feature: String,
    /// Whether some operation sends a multipart body (its feature then turns on
    /// `multipart`).
    pub uses_multipart: bool,
}

/// How an operation pages (see `lower/pagination.rs`), spelled for its module.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PagingView {
    /// `numbered`, `cursor` or `link`.
    pub convention: crate::model::Convention,
    /// Numbered pages: the query parameter of the page number.
    pub page_param: Option<String>,
    /// Cursors: the query parameter of the cursor, the page's field with the next one, and
    /// whether that field is an `Option`.
    pub cursor_param: Option<String>,
    pub cursor_field: Option<String>,
    pub cursor_optional: bool,
    /// The query parameter of the page size, if any.
    pub size_param: Option<String>,
    /// The server's page size when none is asked for, if known.
    pub default_size: Option<u64>,
    /// The type of one page.
    pub page_ty: String,
    /// The type of one item.
    pub item_ty: String,
    /// The page's field with the items (none when the page is the list of items), and
    /// whether it is an `Option`.
    pub items: Option<String>,
    pub items_optional: bool,
    /// The page's field with the number of items in all, if any, and whether it is an
    /// `Option`.
    pub total: Option<String>,
    pub total_optional: bool,
    /// When the answer is a response enum: the path of its variant that holds a page
    /// (`ListResponse::Status200`).
    pub variant: Option<String>,
}

/// One operation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OperationView {
    /// `operationId`.
    pub id: String,
    /// The client method's name.
    pub name: String,
    /// The request builder's name.
    pub builder: String,
    /// The HTTP method, upper case (`POST`).
    pub method: String,
    /// Whether the method is idempotent (see `Operation::is_idempotent`).
    pub idempotent: bool,
    /// The path template.
    pub path: String,
    /// Doc lines of the client method.
    pub docs: Vec<String>,
    /// How it pages, when it answers a page at a time.
    pub paging: Option<PagingView>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Arguments of the client method, in order: path parameters, then required query and
    /// header parameters (the body, when required, comes after them).
    pub required: Vec<ParamView>,
    /// Optional parameters: builder methods.
    pub optional: Vec<ParamView>,
    /// The path, piece by piece.
    pub segments: Vec<SegmentView>,
    /// The request body, if any.
    pub body: Option<BodyView>,
    /// The `Accept` header.
    pub accept: String,
    /// How each documented status is decoded, in match order.
    pub arms: Vec<ArmView>,
    /// Whether a `default` response is documented (its arm is `_`; otherwise every other
    /// status is an unexpected one).
    pub has_default: bool,
    /// The type `send` returns on success.
    pub returns: String,
    /// Whether that type nests deep enough (a list of maps of JSON objects) for clippy to
    /// call the methods that return it too complex: they then allow it.
    pub complex_return: bool,
    /// When successes differ in type: the name of the enum `send` returns.
    pub response_enum: Option<String>,
    /// Whether the client's credentials are sent.
    pub auth: bool,
}

/// A parameter.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ParamView {
    /// The Rust name: the client method's argument (required) or the builder method
    /// (optional).
    pub name: String,
    /// The name in the request.
    pub json_name: String,
    /// `path`, `query` or `header`: for query and header parameters, the `Request` method
    /// that sets them.
    pub location: ParamLocation,
    /// The client method argument's type (required) or the builder method's (optional).
    pub arg_ty: String,
    /// The value as `&str`, from the client method's argument (required parameters that
    /// are not lists).
    pub text: String,
    /// The value as `&str`, from the builder method's `value` (optional parameters that are
    /// not lists).
    pub value_text: String,
    /// Whether the value is a list (sent as repeated query pairs or joined with commas).
    pub list: bool,
    /// Whether a query list repeats the name for each item.
    pub explode: bool,
    /// Whether it is Atlas's `envelope`, which also asks the client to unwrap the answer.
    pub envelope: bool,
    /// Doc lines.
    pub docs: Vec<String>,
    /// `text` (as `text`/`value_text` say, or a list), `styled` (a query value written as
    /// `style` says: an object, a list joined by spaces or pipes) or `json` (its JSON text).
    pub encoding: &'static str,
    /// `styled`: in the query, the runtime's `forms::Style` variant (headers and cookies
    /// have one style each; path parameters are segments).
    pub style: Option<&'static str>,
}

/// A piece of the path.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum SegmentView {
    /// Text sent as it is.
    Literal {
        /// The text.
        text: String,
    },
    /// A path parameter.
    Param {
        /// Its name in the template.
        json_name: String,
        /// Its value as `&str`.
        text: String,
        /// Its argument (a reference), for a parameter written in a style of its own.
        value: String,
        /// That style: the runtime's `styles::Style` variant (`Simple`, `Label`, `Matrix`).
        style: Option<&'static str>,
        /// Whether lists and objects are exploded.
        explode: bool,
    },
}

/// The request body.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BodyView {
    /// The media type sent.
    pub media_type: String,
    /// `json`, `text` or `binary`: the `Request` method that sets it.
    pub encoding: BodyEncoding,
    /// The type taken, by reference.
    pub arg_ty: String,
    /// Whether it is a required argument of the client method.
    pub required: bool,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Forms: the members whose encoding is not the default (`form`, exploded).
    pub form_encodings: Vec<FormEncodingView>,
    /// Multipart: the members that are files, each a part of its own.
    pub files: Vec<FilePartView>,
    /// Multipart: the members whose part has a media type of the spec's choosing.
    pub part_types: Vec<PartTypeView>,
}

/// A member of a form body with its own encoding.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FormEncodingView {
    /// The member's name in the spec.
    pub name: String,
    /// `Form`, `SpaceDelimited`, `PipeDelimited` or `DeepObject`: the runtime's `Style`.
    pub style: &'static str,
    pub explode: bool,
}

/// A member of a multipart body that is a file, or a list of files.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FilePartView {
    /// The part's name (the member's name in the spec).
    pub name: String,
    /// The body struct's field.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether it holds a list of files.
    pub list: bool,
}

/// A member of a multipart body whose part has its own media type.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PartTypeView {
    pub name: String,
    pub content_type: String,
}

/// How one or more statuses are decoded.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArmView {
    /// The match pattern (`201`, `400 | 404`, `200..=299`, `_`).
    pub pattern: String,
    /// `json`, `text`, `binary` or `empty`: the `Response` method that decodes a success.
    pub decode: DecodeKind,
    /// The decoded type (`()` for `empty`).
    pub ty: String,
    /// The media type the spec documents, if any.
    pub media_type: Option<String>,
    /// What the arm means (`kind`), with the variant it makes.
    pub outcome: OutcomeView,
}

/// The `Response` method that decodes a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DecodeKind {
    Json,
    Text,
    Binary,
    Empty,
}

/// What a response arm means.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum OutcomeView {
    /// A success; `variant` is its variant of the response enum, when there is one.
    Success {
        /// The variant's name.
        variant: Option<String>,
    },
    /// A documented error with a typed body.
    TypedError {
        /// The error body variant.
        variant: String,
    },
    /// A documented error whose body the spec does not type.
    UntypedError {
        /// The error body variant that keeps it.
        variant: String,
    },
}

/// The view of a module: its docs, and its operations' views; `uses_types` says whether
/// their code names a type of `types` (see [`names_types`]).
pub(crate) fn module_view(
    m: &Module,
    operations: Vec<OperationView>,
    uses_types: bool,
) -> ModuleView {
    let mut docs = if m.tag.is_empty() {
        vec!["Operations without a tag.".to_owned()]
    } else {
        vec![format!("Operations tagged {}.", code(&m.tag))]
    };
    push_para(&mut docs, description(m.description.as_deref()));
    push_para(&mut docs, m.external_docs.iter().map(see));
    let uses_error_body = operations
        .iter()
        .flat_map(|o| &o.arms)
        .any(|a| !matches!(a.outcome, OutcomeView::Success { .. }));
    let uses = |convention| {
        operations.iter().any(|o| {
            o.paging
                .as_ref()
                .is_some_and(|p| p.convention == convention)
        })
    };
    let (uses_numbered, uses_cursor) = (
        uses(crate::model::Convention::Numbered),
        uses(crate::model::Convention::Cursor),
    );
    let uses_paging = uses_numbered || uses_cursor || uses(crate::model::Convention::Link);
    ModuleView {
        name: m.name.clone(),
        tag: m.tag.clone(),
        docs,
        uses_types,
        uses_error_body,
        uses_paging,
        uses_numbered,
        uses_cursor,
        feature: super::feature(&m.name),
        uses_multipart: operations.iter().any(|o| {
            o.body
                .as_ref()
                .is_some_and(|b| b.encoding == BodyEncoding::Multipart)
        }),
        operations,
    }
}

/// Whether the code of an operation names a type of `types`: through its parameters, its
/// body, or what it decodes on success.
pub(crate) fn names_types(op: &Operation) -> bool {
    op.params.iter().any(|p| p.ty.names_a_type())
        || op.body.as_ref().is_some_and(|b| b.ty.names_a_type())
        || op.arms.iter().any(|a| match (&a.outcome, &a.decode) {
            (Outcome::Success { .. }, Decode::Json(t)) => t.names_a_type(),
            _ => false,
        })
}

/// The view of one operation.
pub(crate) fn operation_view(model: &Model, op: &Operation) -> OperationView {
    let sp = Spelling::OPERATIONS;
    let (required, optional) = op.params.iter().partition::<Vec<&Param>, _>(|p| p.required);
    let arms: Vec<ArmView> = op
        .arms
        .iter()
        .map(|a| arm_view(model, a, &model.error_bodies, sp))
        .collect();
    OperationView {
        id: op.id.clone(),
        name: op.name.clone(),
        builder: op.builder.clone(),
        method: op.method.clone(),
        idempotent: op.is_idempotent(),
        path: op.path.clone(),
        docs: operation_docs(op, &arms),
        paging: op.pagination.as_ref().map(|p| PagingView {
            convention: p.convention,
            page_param: p.page_param.clone(),
            cursor_param: p.cursor_param.clone(),
            cursor_field: p.cursor_field.clone(),
            cursor_optional: p.cursor_optional,
            size_param: p.size_param.clone(),
            default_size: p.default_size,
            page_ty: match (&p.variant, &op.response_enum) {
                (Some(_), Some(answer)) => answer.clone(),
                _ => sp.rust_type(model, &p.page),
            },
            item_ty: sp.rust_type(model, &p.item),
            items: p.items_field.clone(),
            items_optional: p.items_optional,
            total: p.total_field.clone(),
            total_optional: p.total_optional,
            variant: p
                .variant
                .as_ref()
                .zip(op.response_enum.as_ref())
                .map(|(variant, answer)| format!("{answer}::{variant}")),
        }),
        deprecated: op.deprecated,
        required: required
            .into_iter()
            .map(|p| param_view(model, p, sp))
            .collect(),
        optional: optional
            .into_iter()
            .map(|p| param_view(model, p, sp))
            .collect(),
        segments: segments(model, op),
        body: body_view(model, op, sp),
        accept: op.accept.clone(),
        has_default: op.arms.iter().any(|a| a.statuses == Statuses::Other),
        complex_return: returns(op, &arms).matches('<').count() >= 3,
        returns: returns(op, &arms),
        response_enum: op.response_enum.clone(),
        auth: !op.security.is_empty(),
        arms,
    }
}

fn param_view(model: &Model, p: &Param, sp: Spelling) -> ParamView {
    let ty = sp.rust_type(model, &p.ty);
    let list = matches!(p.ty, TypeRef::Array(_));
    let mut docs = description(p.description.as_deref());
    if let Some(d) = &p.default {
        let fact = format!("The server's default: {}.", code(&d.to_string()));
        push_para(&mut docs, [fact]);
    }
    let is_string = p.ty == TypeRef::String;
    // Required parameters are borrowed; optional ones are given to their builder method,
    // strings as anything that is text.
    let arg_ty = match (p.required, &p.ty) {
        (true, TypeRef::String) => "&str".to_owned(),
        (true, TypeRef::Array(item)) => format!("&[{}]", sp.rust_type(model, item)),
        (true, _) => format!("&{ty}"),
        (false, TypeRef::String) => "impl AsRef<str>".to_owned(),
        (false, _) => ty,
    };
    let value_text = if is_string {
        "value.as_ref()".to_owned()
    } else {
        text_expr(model, &p.ty, "value", Held::Owned)
    };
    ParamView {
        name: p.name.clone(),
        json_name: p.json_name.clone(),
        location: p.location,
        arg_ty,
        text: text_expr(model, &p.ty, &p.name, Held::Borrowed),
        value_text,
        list,
        explode: p.explode,
        envelope: p.envelope,
        docs,
        encoding: match p.encoding {
            ParamEncoding::Text => "text",
            ParamEncoding::Styled(_) => "styled",
            ParamEncoding::Json => "json",
        },
        style: match p.encoding {
            ParamEncoding::Styled(style) => Some(style),
            _ => None,
        },
    }
}

fn segments(model: &Model, op: &Operation) -> Vec<SegmentView> {
    op.segments
        .iter()
        .filter_map(|s| match s {
            PathSegment::Literal(text) => Some(SegmentView::Literal { text: text.clone() }),
            PathSegment::Param(i) => op.params.get(*i).map(|p| SegmentView::Param {
                json_name: p.json_name.clone(),
                text: text_expr(model, &p.ty, &p.name, Held::Borrowed),
                value: p.name.clone(),
                style: match p.encoding {
                    ParamEncoding::Styled(style) => Some(style),
                    _ => None,
                },
                explode: p.explode,
            }),
        })
        .collect()
}

fn body_view(model: &Model, op: &Operation, sp: Spelling) -> Option<BodyView> {
    let b = op.body.as_ref()?;
    let ty = match b.encoding {
        BodyEncoding::Text => "str".to_owned(),
        BodyEncoding::Binary => "[u8]".to_owned(),
        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
            sp.rust_type(model, &b.ty)
        }
    };
    Some(BodyView {
        media_type: b.media_type.clone(),
        encoding: b.encoding,
        arg_ty: format!("&{ty}"),
        required: b.required,
        docs: description(b.description.as_deref()),
        form_encodings: form_encodings(b),
        files: file_parts(model, b),
        part_types: b
            .encodings
            .iter()
            .filter(|_| b.encoding == BodyEncoding::Multipart)
            .filter_map(|e| {
                Some(PartTypeView {
                    name: e.name.clone(),
                    content_type: e.content_type.clone()?,
                })
            })
            .collect(),
    })
}

/// The members of a form body whose encoding the spec sets to other than the default.
fn form_encodings(b: &crate::model::RequestBody) -> Vec<FormEncodingView> {
    if b.encoding != BodyEncoding::Form {
        return Vec::new();
    }
    b.encodings
        .iter()
        .filter_map(|e| {
            let style = match e.style.as_deref() {
                Some("spaceDelimited") => "SpaceDelimited",
                Some("pipeDelimited") => "PipeDelimited",
                Some("deepObject") => "DeepObject",
                _ => "Form",
            };
            let explode = e.explode.unwrap_or(style == "Form");
            (style != "Form" || !explode).then(|| FormEncodingView {
                name: e.name.clone(),
                style,
                explode,
            })
        })
        .collect()
}

/// The members of a multipart body that are files.
fn file_parts(model: &Model, b: &crate::model::RequestBody) -> Vec<FilePartView> {
    let TypeRef::Named(id) = &b.ty else {
        return Vec::new();
    };
    let crate::model::TypeKind::Struct(body) = &model.ty(*id).kind else {
        return Vec::new();
    };
    body.fields
        .iter()
        .filter_map(|f| {
            let list = match &f.ty {
                TypeRef::File => false,
                TypeRef::Array(item) if **item == TypeRef::File => true,
                _ => return None,
            };
            Some(FilePartView {
                name: f.json_name.clone(),
                field: f.name.clone(),
                optional: !f.required || f.nullable,
                list,
            })
        })
        .collect()
}

fn arm_view(model: &Model, a: &ResponseArm, errors: &ErrorBodies, sp: Spelling) -> ArmView {
    let (decode, ty) = match &a.decode {
        Decode::Json(t) => (DecodeKind::Json, sp.rust_type(model, t)),
        Decode::Text => (DecodeKind::Text, "String".to_owned()),
        Decode::Binary => (DecodeKind::Binary, "Vec<u8>".to_owned()),
        Decode::Empty => (DecodeKind::Empty, "()".to_owned()),
    };
    let outcome = match &a.outcome {
        Outcome::Success { variant } => OutcomeView::Success {
            variant: variant.clone(),
        },
        Outcome::TypedError { body } => OutcomeView::TypedError {
            variant: errors.typed[*body].name.clone(),
        },
        Outcome::UntypedError => OutcomeView::UntypedError {
            variant: errors.untyped.clone().unwrap_or_default(),
        },
    };
    ArmView {
        pattern: pattern(&a.statuses),
        decode,
        ty,
        media_type: a.media_type.clone(),
        outcome,
    }
}

/// The match pattern of a set of statuses.
fn pattern(statuses: &Statuses) -> String {
    match statuses {
        Statuses::Codes { codes } => codes
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(" | "),
        Statuses::Span { first, last } => format!("{first}..={last}"),
        Statuses::Other => "_".to_owned(),
    }
}

/// The type `send` returns: the response enum, the one success type, or `()`.
fn returns(op: &Operation, arms: &[ArmView]) -> String {
    if let Some(e) = &op.response_enum {
        return e.clone();
    }
    arms.iter()
        .find(|a| matches!(a.outcome, OutcomeView::Success { .. }))
        .map_or_else(|| "()".to_owned(), |a| a.ty.clone())
}

/// The client method's docs: summary, description, what it sends and answers, its forms,
/// the role it needs, external docs, and where it is.
fn operation_docs(op: &Operation, arms: &[ArmView]) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(s) = &op.summary {
        docs.extend(description(Some(&format!("**{}**", s.trim()))));
    }
    push_para(&mut docs, description(op.description.as_deref()));
    push_para(&mut docs, [exchange_sentence(op, arms)]);
    if !op.forms.is_empty() {
        push_para(&mut docs, [forms_sentence(op)]);
    }
    if let Some(role) = &op.required_role {
        push_para(&mut docs, [format!("Required role: {role}.")]);
    }
    push_para(&mut docs, op.external_docs.iter().map(see));
    push_para(
        &mut docs,
        [format!(
            "Operation `{}`; source: {}",
            op.id,
            code(op.origin.as_str())
        )],
    );
    docs
}

/// What the method sends, what each success carries, and which errors are documented.
fn exchange_sentence(op: &Operation, arms: &[ArmView]) -> String {
    let mut sends = format!("Sends `{} {}`", op.method, op.path);
    if let Some(b) = &op.body {
        sends.push_str(&format!(" with a {} body", code(&b.media_type)));
    }
    sends.push('.');
    let mut facts = vec![sends];
    let mut errors = Vec::new();
    for (arm, a) in op.arms.iter().zip(arms) {
        if !matches!(a.outcome, OutcomeView::Success { .. }) {
            errors.push(a.pattern.as_str());
            continue;
        }
        let status = match arm.statuses {
            Statuses::Other => "any other status".to_owned(),
            _ => format!("`{}`", a.pattern),
        };
        let what = a.media_type.as_deref().map_or("no body".to_owned(), code);
        facts.push(format!("On {status} the response carries {what}."));
    }
    if !errors.is_empty() {
        facts.push(format!(
            "Documented errors (`{}`) are [`Error::Api`] with the parsed body.",
            errors.join(" | "),
        ));
    }
    facts.join(" ")
}

/// The forms an operation is offered in, one method each.
fn forms_sentence(op: &Operation) -> String {
    let forms: Vec<String> = op
        .forms
        .iter()
        .map(|f| {
            let mut what = Vec::new();
            if let Some(r) = &f.response {
                what.push(format!("asks for {}", code(r)));
            }
            if let Some(q) = &f.request {
                what.push(format!("sends {}", code(q)));
            }
            let this = if f.method == op.name {
                " (this one)"
            } else {
                ""
            };
            format!(
                "[`{m}`](Self::{m}) {}{this}",
                what.join(" and "),
                m = f.method
            )
        })
        .collect();
    format!(
        "The spec offers this operation in several forms, one method each: {}.",
        forms.join("; ")
    )
}
