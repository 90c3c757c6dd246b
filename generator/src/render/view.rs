//! The context templates receive: the model, with Rust spellings worked out.
//!
//! Everything a template needs is computed here (types as Rust text, doc lines,
//! serde attributes as flags), so templates only lay out. `templates/README.md` lists every
//! field; a change here is a change to that documented interface.

use serde::Serialize;

use super::doc::doc_lines;
use crate::model::{
    Additional, BodyEncoding, EnumRepr, Model, Operation, ParamLocation, PathSegment, SecurityKind,
    StatusMatch, Strategy, TypeDef, TypeKind, TypeRef,
};

/// Facts about the crate being generated; every template gets it as `crate`.
#[derive(Debug, Clone, Serialize)]
pub struct CrateView {
    /// Package name (`atlas-admin`).
    pub name: String,
    /// Library name (`atlas_admin`).
    pub lib: String,
    /// Package version.
    pub version: String,
    /// The API's title (`info.title`).
    pub title: String,
    /// The API's version (`info.version`).
    pub api_version: String,
    /// The API's description as doc lines.
    pub docs: Vec<String>,
    /// The spec's file name.
    pub source: String,
    /// The first line of every generated file.
    pub header: String,
    /// The generator's name and version.
    pub generator: String,
    /// The first server URL, if the spec has one.
    pub base_url: Option<String>,
    /// Authentication the client offers.
    pub auth: AuthView,
    /// Operation modules, by name.
    pub modules: Vec<ModuleView>,
    /// The variants of the error body enum: one per schema of a documented error response.
    pub error_variants: Vec<ErrorVariantView>,
    /// Whether some documented error response has no JSON schema (the body enum then has an
    /// `Other` variant with the raw body).
    pub error_other: bool,
    /// Which runtime helpers the generated code calls, so that no unused one is generated.
    pub uses: Uses,
    /// How the type templates spell the standard library's names: as the prelude does
    /// (`Option`), or by full path (`::std::option::Option`) when a spec schema takes one of
    /// those names in `types`.
    pub std: StdNames,
}

/// How code in the `types` module spells the names of the standard library it uses.
#[derive(Debug, Clone, Serialize)]
pub struct StdNames {
    /// `Option` or `::std::option::Option`.
    pub option: &'static str,
    /// `Some` or `::std::option::Option::Some`.
    pub some: &'static str,
    /// `None` or `::std::option::Option::None`.
    pub none: &'static str,
    /// `Result` or `::std::result::Result`.
    pub result: &'static str,
    /// `Ok` or `::std::result::Result::Ok`.
    pub ok: &'static str,
    /// `Err` or `::std::result::Result::Err`.
    pub err: &'static str,
    /// `String` or `::std::string::String`.
    pub string: &'static str,
}

impl StdNames {
    fn new(sp: Spelling) -> Self {
        StdNames {
            option: sp.std("Option", "::std::option::Option"),
            some: sp.std("Some", "::std::option::Option::Some"),
            none: sp.std("None", "::std::option::Option::None"),
            result: sp.std("Result", "::std::result::Result"),
            ok: sp.std("Ok", "::std::result::Result::Ok"),
            err: sp.std("Err", "::std::result::Result::Err"),
            string: sp.std("String", "::std::string::String"),
        }
    }
}

/// Prelude names that code in `types` writes unqualified unless a schema takes one.
const TYPES_PRELUDE: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box",
];

/// Which runtime helpers the generated code calls.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Uses {
    /// A newtype has a pattern (the crate then depends on `regress`).
    pub patterns: bool,
    /// A newtype has a length limit.
    pub lengths: bool,
    /// There is a string enum.
    pub str_enums: bool,
    /// There is an enum without a catch-all.
    pub closed_enums: bool,
    /// There is an integer enum.
    pub int_enums: bool,
    /// There is a one-of enum.
    pub one_of: bool,
    /// There is a struct.
    pub structs: bool,
    /// A struct has a required field.
    pub required_fields: bool,
    /// A struct has a required field that may be `null`.
    pub nullable_fields: bool,
    /// A struct has an optional field.
    pub optional_fields: bool,
    /// A struct keeps additional properties in a map.
    pub additional_fields: bool,
    /// A one-of enum is told apart by a tag.
    pub tagged: bool,
    /// A tagged one-of enum has no fallback, so a missing tag is an error.
    pub missing_tag: bool,
    /// A variant's tag is written when serializing.
    pub inject: bool,
    /// A one-of enum picks the best match.
    pub best_match: bool,
    /// A one-of enum checks common properties.
    pub common: bool,
    /// An operation decodes a typed error body.
    pub api_error: bool,
    /// An operation has a documented error without a typed body.
    pub api_error_other: bool,
    /// An operation has a header parameter.
    pub header_params: bool,
    /// An operation sends a text body.
    pub text_body: bool,
    /// An operation sends a binary body.
    pub binary_body: bool,
    /// An operation decodes a text response.
    pub text_response: bool,
    /// An operation takes a binary response.
    pub binary_response: bool,
    /// An operation expects a response without a body.
    pub empty_response: bool,
    /// An operation has a path parameter.
    pub path_params: bool,
    /// An operation has a query parameter.
    pub query_params: bool,
    /// An operation sends a JSON body.
    pub json_body: bool,
    /// An operation can ask for an Atlas envelope.
    pub envelope: bool,
    /// An operation has a documented error (so `ErrorBody` values are made).
    pub documented_errors: bool,
    /// Some value is checked by a generated type (so `ValidationError`s are made).
    pub validation_errors: bool,
    /// There is an operation (when every one was skipped, nothing sends requests).
    pub operations: bool,
    /// An operation decodes a JSON success response.
    pub json_response: bool,
    /// A response body is parsed as JSON (a success, a typed error, or an envelope).
    pub parse_json: bool,
    /// An operation does not document every status (so an undocumented one is an error).
    pub undocumented_status: bool,
    /// An operation tells statuses apart (not only `default`).
    pub status_match: bool,
    /// A response can be unexpected: an undocumented status or a body that does not
    /// decode.
    pub unexpected: bool,
}

/// Authentication the client offers, from the spec's security schemes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AuthView {
    /// HTTP Digest.
    pub digest: Option<SchemeView>,
    /// HTTP Basic.
    pub basic: Option<SchemeView>,
    /// HTTP Bearer (a token the user brings).
    pub bearer: Option<SchemeView>,
    /// An API key in a header.
    pub api_key_header: Option<ApiKeyView>,
    /// An API key in the query.
    pub api_key_query: Option<ApiKeyView>,
    /// OAuth2 client credentials.
    pub client_credentials: Option<ClientCredentialsView>,
    /// Whether there is any scheme at all.
    pub any: bool,
}

/// A security scheme's name and description.
#[derive(Debug, Clone, Serialize)]
pub struct SchemeView {
    /// The name in `components/securitySchemes`.
    pub name: String,
    /// Its description, as doc lines.
    pub docs: Vec<String>,
}

/// An API key scheme.
#[derive(Debug, Clone, Serialize)]
pub struct ApiKeyView {
    /// The name in `components/securitySchemes`.
    pub scheme: String,
    /// The header or query parameter name.
    pub param: String,
    /// Its description, as doc lines.
    pub docs: Vec<String>,
}

/// OAuth2 client credentials.
#[derive(Debug, Clone, Serialize)]
pub struct ClientCredentialsView {
    /// The name in `components/securitySchemes`.
    pub scheme: String,
    /// The token URL as the spec writes it.
    pub token_url: String,
    /// Its path, resolved against the client's base URL.
    pub token_path: String,
    /// Its description, as doc lines.
    pub docs: Vec<String>,
}

/// A module of operations (one tag).
#[derive(Debug, Clone, Serialize)]
pub struct ModuleView {
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
}

/// A variant of the error body enum.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorVariantView {
    /// The variant's (and the type's) name.
    pub name: String,
    /// The accessor's name (`api_error`).
    pub accessor: String,
    /// The type, spelled from the crate root's children (`super::types::ApiError`).
    pub ty: String,
}

/// A named type; `t` in the type templates.
#[derive(Debug, Clone, Serialize)]
pub struct TypeView {
    /// The type's name.
    pub name: String,
    /// `struct`, `enum`, `one_of`, `newtype` or `alias`: which template renders it.
    pub kind: &'static str,
    /// Doc lines: the description, then facts, then the source pointer.
    pub docs: Vec<String>,
    /// Where the schema is.
    pub origin: String,
    /// Whether the type is marked deprecated.
    pub deprecated: bool,
    /// struct: its fields.
    pub fields: Vec<FieldView>,
    /// struct: whether every field is optional (the type then implements `Default`).
    pub default: bool,
    /// struct: the value type of additional properties kept in a map, if any.
    pub additional: Option<String>,
    /// struct: the name of that map's field.
    pub additional_name: String,
    /// enum and one_of: the variants.
    pub variants: Vec<VariantView>,
    /// enum and one_of: the catch-all variant's name, if any.
    pub catch_all: Option<String>,
    /// enum: `string` or `integer`.
    pub repr: &'static str,
    /// one_of: `tagged` or `best_match`.
    pub strategy: &'static str,
    /// one_of (tagged): the tag property's JSON name.
    pub tag: Option<String>,
    /// one_of (tagged): the tag accessor's name (`provider_name`).
    pub tag_accessor: Option<String>,
    /// one_of (tagged): the variant that takes values with an unlisted tag, if any.
    pub fallback: Option<String>,
    /// one_of: the struct every value is checked against first, if any.
    pub common: Option<String>,
    /// newtype: the pattern.
    pub pattern: Option<String>,
    /// newtype: whether the pattern uses the `u` flag.
    pub unicode: bool,
    /// newtype: minimum length in characters.
    pub min_length: Option<usize>,
    /// newtype: maximum length in characters.
    pub max_length: Option<usize>,
    /// newtype: the name of the marker type that carries the rules (`GroupIdRules`).
    pub rules: Option<String>,
    /// alias: the aliased type.
    pub target: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// The Rust name (may be raw, `r#type`).
    pub name: String,
    /// The JSON name.
    pub json_name: String,
    /// Whether the JSON name differs from the Rust name.
    pub rename: bool,
    /// The full Rust type, with `Option` and `Box` as needed.
    pub ty: String,
    /// Whether the field is an `Option` that is left out when `None`.
    pub optional: bool,
    /// How `Deserialize` takes it from the object: `required`, `optional` (missing or
    /// `null` is `None`), or `required_nullable` (present, possibly `null`).
    pub take: &'static str,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Whether the property is marked deprecated.
    pub deprecated: bool,
}

/// An enum or one-of variant.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    /// The variant's name.
    pub name: String,
    /// enum: the value as JSON has it (a string, or an integer's digits).
    pub value: String,
    /// one_of: the type it holds.
    pub ty: String,
    /// one_of (tagged): the tag values that select it.
    pub tags: Vec<String>,
    /// one_of (tagged): the tag value to write when serializing a value that lacks it.
    pub inject_tag: Option<String>,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// One operation; `op` in the operation template.
#[derive(Debug, Clone, Serialize)]
pub struct OperationView {
    /// `operationId`.
    pub id: String,
    /// The client method's name.
    pub name: String,
    /// The request builder's name.
    pub builder: String,
    /// The HTTP method, upper case (`POST`).
    pub method: String,
    /// The path template.
    pub path: String,
    /// Doc lines of the client method.
    pub docs: Vec<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Arguments of the client method, in order: path parameters, required query and
    /// header parameters, then the body when it is required.
    pub required: Vec<ParamView>,
    /// Optional parameters: builder methods.
    pub optional: Vec<ParamView>,
    /// The path, piece by piece.
    pub segments: Vec<SegmentView>,
    /// The request body, if any.
    pub body: Option<BodyView>,
    /// The `Accept` header: success media types first, error-only ones with a lower
    /// preference.
    pub accept: String,
    /// How each documented status is decoded, in match order: single statuses, ranges,
    /// then `default`.
    pub arms: Vec<ResponseArm>,
    /// Whether a `default` response is documented (its arm is `_`; otherwise every other
    /// status is an unexpected one).
    pub has_default: bool,
    /// The type `send` returns on success.
    pub returns: String,
    /// When successes differ in type: the name of the enum `send` returns.
    pub response_enum: Option<String>,
    /// The builder field that asks for an envelope, when the operation has one.
    pub envelope: Option<String>,
    /// Whether the client's credentials are sent.
    pub auth: bool,
}

/// A parameter.
#[derive(Debug, Clone, Serialize)]
pub struct ParamView {
    /// The Rust name.
    pub name: String,
    /// The name in the request.
    pub json_name: String,
    /// `path`, `query` or `header`.
    pub location: &'static str,
    /// The builder field's type.
    pub field_ty: String,
    /// The client method argument's type (required) or the setter's (optional).
    pub arg_ty: String,
    /// How the setter turns its argument into the field (`value`, `value.into()`).
    pub store: String,
    /// The value as `&str`, from the builder field (`self.group_id.as_str()`); for
    /// required parameters that are not lists.
    pub text: String,
    /// The value as `&str`, from a variable `value` holding one item (optional parameters
    /// and list items).
    pub item_text: String,
    /// Whether the value is a list (sent as repeated query pairs or joined with commas).
    pub list: bool,
    /// Whether a query list repeats the name for each item.
    pub explode: bool,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// A piece of the path.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentView {
    /// Literal text, or `None` for a parameter.
    pub literal: Option<String>,
    /// The parameter's Rust name.
    pub param: Option<String>,
    /// The parameter's name in the template.
    pub json_name: Option<String>,
    /// The value as `&str`.
    pub text: Option<String>,
}

/// The request body.
#[derive(Debug, Clone, Serialize)]
pub struct BodyView {
    /// The media type sent.
    pub media_type: String,
    /// `json`, `text` or `binary`: the `Request` method that sets it.
    pub encoding: &'static str,
    /// The builder field's type.
    pub field_ty: String,
    /// The type taken (by reference when required).
    pub arg_ty: String,
    /// Whether it is a required argument of the client method.
    pub required: bool,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// How a status is decoded.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseArm {
    /// The match pattern (`201`, `400 | 404`, `200..=299`, `_`).
    pub pattern: String,
    /// Whether the status is a documented error.
    pub error: bool,
    /// `json`, `text`, `binary` or `empty`.
    pub decode: &'static str,
    /// The decoded type (`()` for `empty`).
    pub ty: String,
    /// The media type the spec documents, if any.
    pub media_type: Option<String>,
    /// For success arms of a response enum: the variant's name.
    pub variant: Option<String>,
    /// For error arms: the error body variant.
    pub error_variant: Option<String>,
}

/// Options that shape the view.
#[derive(Debug, Clone)]
pub struct ViewOptions {
    /// Package name.
    pub crate_name: String,
    /// Package version.
    pub crate_version: String,
}

/// How a path is spelled from a module at some depth below the crate root.
#[derive(Clone, Copy)]
pub struct Spelling {
    /// `""` inside `types`, `super::types::` one level below the root, …
    types_prefix: &'static str,
    /// Whether `Option`, `String`, `Vec` and `Box` are written as the prelude names them:
    /// where no spec-named item can shadow them.
    prelude: bool,
}

impl Spelling {
    /// Inside the `types` module, where the spec's schemas may take any name: prelude names
    /// only when no schema takes one of them.
    pub fn types(model: &Model) -> Spelling {
        let taken = model
            .types
            .iter()
            .any(|t| TYPES_PRELUDE.contains(&t.name.as_str()));
        Spelling {
            types_prefix: "",
            prelude: !taken,
        }
    }
    /// One module below the root (`client`, `error`).
    pub const ROOT_CHILD: Spelling = Spelling {
        types_prefix: "super::types::",
        prelude: false,
    };
    /// Two modules below the root (`operations::x`), which import `types` and whose own
    /// items (request builders) never take a prelude name.
    pub const OPERATIONS: Spelling = Spelling {
        types_prefix: "types::",
        prelude: true,
    };

    fn std(self, short: &'static str, full: &'static str) -> &'static str {
        if self.prelude { short } else { full }
    }
}

/// The Rust spelling of a type reference.
pub fn rust_type(model: &Model, t: &TypeRef, sp: Spelling) -> String {
    match t {
        TypeRef::Named(id) => format!("{}{}", sp.types_prefix, model.ty(*id).name),
        TypeRef::Boxed(id) => format!(
            "{}<{}{}>",
            sp.std("Box", "::std::boxed::Box"),
            sp.types_prefix,
            model.ty(*id).name
        ),
        TypeRef::String => sp.std("String", "::std::string::String").to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Json => "::serde_json::Value".to_owned(),
        TypeRef::JsonObject => format!(
            "::serde_json::Map<{}, ::serde_json::Value>",
            sp.std("String", "::std::string::String")
        ),
        TypeRef::Bytes => format!("{}<u8>", sp.std("Vec", "::std::vec::Vec")),
        TypeRef::Array(inner) => format!(
            "{}<{}>",
            sp.std("Vec", "::std::vec::Vec"),
            rust_type(model, inner, sp)
        ),
        TypeRef::Nullable(inner) => format!(
            "{}<{}>",
            sp.std("Option", "::std::option::Option"),
            rust_type(model, inner, sp)
        ),
        TypeRef::Map(inner) => format!(
            "::std::collections::BTreeMap<{}, {}>",
            sp.std("String", "::std::string::String"),
            rust_type(model, inner, sp)
        ),
    }
}

fn type_docs(t: &TypeDef) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(title) = &t.title {
        if t.description
            .as_deref()
            .is_none_or(|d| !d.starts_with(title.as_str()))
        {
            docs.extend(doc_lines(&format!("**{}**", title.trim())));
            docs.push(String::new());
        }
    }
    if let Some(d) = &t.description {
        docs.extend(doc_lines(d));
    }
    docs
}

fn push_para(docs: &mut Vec<String>, lines: impl IntoIterator<Item = String>) {
    let lines: Vec<String> = lines.into_iter().collect();
    if lines.is_empty() {
        return;
    }
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.extend(lines);
}

fn code(text: &str) -> String {
    // A code span that holds any text: use a backtick run longer than any inside it.
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn usage_line(t: &TypeDef) -> Option<String> {
    match (t.usage.request, t.usage.response) {
        (true, true) => Some("Sent in requests and received in responses.".to_owned()),
        (true, false) => Some("Sent in requests.".to_owned()),
        (false, true) => Some("Received in responses.".to_owned()),
        (false, false) => None,
    }
}

/// The template that renders a type: `struct`, `enum`, `one_of`, `newtype` or `alias`
/// (with `.rs.jinja`).
pub fn type_template(t: &TypeDef) -> &'static str {
    match t.kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::OneOf(_) => "one_of",
        TypeKind::Constrained(_) => "newtype",
        TypeKind::Alias(_) => "alias",
    }
}

/// The view of one named type.
/// The view of one type; `sp` is [`Spelling::types`] of the model (computed once).
pub fn type_view(model: &Model, t: &TypeDef, sp: Spelling) -> TypeView {
    let mut docs = type_docs(t);
    let mut view = TypeView {
        name: t.name.clone(),
        kind: "alias",
        docs: Vec::new(),
        origin: t.origin.as_str().to_owned(),
        deprecated: t.deprecated,
        fields: Vec::new(),
        default: false,
        additional: None,
        additional_name: "additional_properties".to_owned(),
        variants: Vec::new(),
        catch_all: None,
        repr: "string",
        strategy: "",
        tag: None,
        tag_accessor: None,
        fallback: None,
        common: None,
        pattern: None,
        unicode: true,
        min_length: None,
        max_length: None,
        rules: t.rules.clone(),
        target: None,
    };
    match &t.kind {
        TypeKind::Struct(s) => {
            view.kind = "struct";
            for f in &s.fields {
                let inner = rust_type(model, &f.ty, sp);
                let optional = !f.required || f.nullable;
                let ty = if optional {
                    format!("{}<{inner}>", sp.std("Option", "::std::option::Option"))
                } else {
                    inner
                };
                let mut fdocs = f.description.as_deref().map(doc_lines).unwrap_or_default();
                let mut facts = Vec::new();
                if f.required && f.nullable {
                    facts.push("Required, but may be `null`.".to_owned());
                }
                if let Some(d) = &f.default {
                    facts.push(format!("Default: {}.", code(&d.to_string())));
                }
                push_para(&mut fdocs, facts);
                let plain = f.name.trim_start_matches("r#");
                view.fields.push(FieldView {
                    name: f.name.clone(),
                    json_name: f.json_name.clone(),
                    rename: plain != f.json_name,
                    ty,
                    optional: !f.required,
                    take: match (f.required, f.nullable) {
                        (true, false) => "required",
                        (true, true) => "required_nullable",
                        (false, _) => "optional",
                    },
                    docs: fdocs,
                    deprecated: f.deprecated,
                });
            }
            view.default = s.fields.iter().all(|f| !f.required);
            if let Additional::Typed(t) = &s.additional {
                view.additional = Some(rust_type(model, t, sp));
                let mut name = "additional_properties".to_owned();
                while s.fields.iter().any(|f| f.name == name) {
                    name.push('_');
                }
                view.additional_name = name;
                push_para(
                    &mut docs,
                    ["Members beyond the listed properties are kept in a map.".to_owned()],
                );
            }
        }
        TypeKind::Enum(e) => {
            view.kind = "enum";
            view.repr = match e.repr {
                EnumRepr::String => "string",
                EnumRepr::Integer => "integer",
            };
            for v in &e.variants {
                view.variants.push(VariantView {
                    name: v.name.clone(),
                    value: v.value.clone(),
                    ty: String::new(),
                    tags: Vec::new(),
                    inject_tag: None,
                    docs: vec![code(&v.value)],
                });
            }
            view.catch_all = e.catch_all.clone();
            let fact = match &e.catch_all {
                Some(c) => format!(
                    "Values the spec does not list are kept in [`Self::{c}`], so a server that \
                     adds a value does not break deserialization; they serialize back unchanged."
                ),
                None => "The spec allows only this value; any other is rejected.".to_owned(),
            };
            push_para(&mut docs, [fact]);
        }
        TypeKind::OneOf(o) => {
            view.kind = "one_of";
            view.catch_all = o.catch_all.clone();
            view.common = o.common.map(|c| model.ty(c).name.clone());
            let mut facts = Vec::new();
            match &o.strategy {
                Strategy::Tagged {
                    property,
                    explicit,
                    fallback,
                } => {
                    view.strategy = "tagged";
                    view.tag = Some(property.clone());
                    // An accessor only when every alternative has one tag to give.
                    if fallback.is_none() && o.variants.iter().all(|v| v.tags.len() == 1) {
                        view.tag_accessor = Some(crate::names::field_name(property));
                    }
                    view.fallback = fallback.clone();
                    let how = if *explicit {
                        "its discriminator".to_owned()
                    } else {
                        "the values each alternative allows for it".to_owned()
                    };
                    facts.push(format!(
                        "The alternative is told by the {} property ({how}).",
                        code(property)
                    ));
                    if let Some(f) = fallback {
                        facts.push(format!(
                            "Values whose {} no other alternative claims are [`Self::{f}`].",
                            code(property)
                        ));
                    }
                    if let Some(c) = &o.catch_all {
                        facts.push(format!(
                            "A value whose {} this client does not know is not an error and is \
                             not dropped: it lands in [`Self::{c}`] with its JSON kept as it \
                             came, and serializes back unchanged.",
                            code(property)
                        ));
                    }
                }
                Strategy::BestMatch => {
                    view.strategy = "best_match";
                    facts.push(
                        "No property tells the alternatives apart, so every alternative is \
                         tried: of those that accept a value, the one that knows the most of its \
                         members wins (ties go to the first listed). When none accepts it, the \
                         error lists why each refused."
                            .to_owned(),
                    );
                }
            }
            if let Some(c) = &view.common {
                facts.push(format!(
                    "Every value is also checked against [`{c}`], the properties the schema lists \
                     beside its alternatives."
                ));
            }
            push_para(&mut docs, facts);
            for v in &o.variants {
                let mut vdocs = Vec::new();
                if let Some(prop) = &view.tag {
                    match v.tags.len() {
                        0 => {}
                        1 => vdocs.push(format!("{} is {}.", code(prop), code(&v.tags[0]))),
                        _ => vdocs.push(format!(
                            "{} is one of {}.",
                            code(prop),
                            v.tags
                                .iter()
                                .map(|t| code(t))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    }
                }
                view.variants.push(VariantView {
                    name: v.name.clone(),
                    value: String::new(),
                    ty: rust_type(model, &v.ty, sp),
                    tags: v.tags.clone(),
                    inject_tag: (v.tags.len() == 1).then(|| v.tags[0].clone()),
                    docs: vdocs,
                });
            }
        }
        TypeKind::Constrained(c) => {
            view.kind = "newtype";
            view.pattern = c.pattern.clone();
            view.unicode = c.unicode;
            view.min_length = c.min_length;
            view.max_length = c.max_length;
            let mut facts = Vec::new();
            if let Some(p) = &c.pattern {
                facts.push(format!(
                    "Must match the ECMA-262 regular expression {} (anywhere in the value, unless \
                     the pattern anchors itself).",
                    code(p)
                ));
            }
            match (c.min_length, c.max_length) {
                (Some(a), Some(b)) => facts.push(format!("Between {a} and {b} characters long.")),
                (Some(a), None) => facts.push(format!("At least {a} characters long.")),
                (None, Some(b)) => facts.push(format!("At most {b} characters long.")),
                (None, None) => {}
            }
            facts.push("Construction and deserialization check this.".to_owned());
            push_para(&mut docs, [facts.join(" ")]);
        }
        TypeKind::Alias(target) => {
            view.kind = "alias";
            view.target = Some(rust_type(model, target, sp));
        }
    }
    if let Some(u) = usage_line(t) {
        push_para(&mut docs, [u]);
    }
    push_para(&mut docs, [format!("Source: {}", code(t.origin.as_str()))]);
    view.docs = docs;
    view
}

/// An expression giving `&str` for a value of type `t` held in `expr` (a reference or a
/// place).
fn text_expr(model: &Model, t: &TypeRef, expr: &str) -> String {
    match t {
        TypeRef::String => expr.to_owned(),
        TypeRef::Named(id) => match &model.ty(*id).kind {
            TypeKind::Constrained(_) => format!("{expr}.as_str()"),
            TypeKind::Enum(e) if e.repr == EnumRepr::String => format!("{expr}.as_str()"),
            TypeKind::Alias(inner) => text_expr(model, inner, expr),
            _ => format!("&{expr}.to_string()"),
        },
        _ => format!("&{expr}.to_string()"),
    }
}

fn status_pattern(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(n) => n.to_string(),
        StatusMatch::Range(d) => format!("{}..={}", d * 100, d * 100 + 99),
        StatusMatch::Default => "_".to_owned(),
    }
}

/// Whether the code of an operation names a type of `types`: through its parameters, its
/// body, or what it returns on success.
fn names_types(op: &OperationView) -> bool {
    let spelled = |ty: &str| ty.contains(Spelling::OPERATIONS.types_prefix);
    op.required
        .iter()
        .chain(&op.optional)
        .any(|p| spelled(&p.field_ty) || spelled(&p.arg_ty))
        || op
            .body
            .as_ref()
            .is_some_and(|b| spelled(&b.field_ty) || spelled(&b.arg_ty))
        || op.arms.iter().any(|a| !a.error && spelled(&a.ty))
        || spelled(&op.returns)
}

/// The view of one operation.
pub fn operation_view(model: &Model, op: &Operation) -> OperationView {
    let sp = Spelling::OPERATIONS;
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for p in &op.params {
        let ty = rust_type(model, &p.ty, sp);
        let (list, item) = match &p.ty {
            TypeRef::Array(inner) => (true, inner.as_ref()),
            other => (false, other),
        };
        let mut docs = p.description.as_deref().map(doc_lines).unwrap_or_default();
        if let Some(d) = &p.default {
            push_para(
                &mut docs,
                [format!("The server's default: {}.", code(&d.to_string()))],
            );
        }
        let location = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let is_string = p.ty == TypeRef::String;
        if p.required {
            let by_ref = if is_string {
                "str".to_owned()
            } else {
                ty.clone()
            };
            required.push(ParamView {
                name: p.name.clone(),
                json_name: p.json_name.clone(),
                location,
                field_ty: format!("&'a {by_ref}"),
                arg_ty: format!("&'a {by_ref}"),
                store: p.name.clone(),
                text: text_expr(model, &p.ty, &format!("self.{}", p.name)),
                item_text: text_expr(model, item, "value"),
                list,
                explode: p.explode,
                docs,
            });
        } else {
            let (arg_ty, store) = if is_string {
                ("impl Into<String>".to_owned(), "value.into()".to_owned())
            } else {
                (ty.clone(), "value".to_owned())
            };
            optional.push(ParamView {
                name: p.name.clone(),
                json_name: p.json_name.clone(),
                location,
                field_ty: format!("Option<{ty}>"),
                arg_ty,
                store,
                text: String::new(),
                item_text: text_expr(model, item, "value"),
                list,
                explode: p.explode,
                docs,
            });
        }
    }
    let body = op.body.as_ref().map(|b| {
        let ty = match b.encoding {
            BodyEncoding::Text => "str".to_owned(),
            BodyEncoding::Binary => "[u8]".to_owned(),
            _ => rust_type(model, &b.ty, sp),
        };
        BodyView {
            media_type: b.media_type.clone(),
            encoding: match b.encoding {
                BodyEncoding::Text => "text",
                BodyEncoding::Binary | BodyEncoding::Empty => "binary",
                BodyEncoding::Json => "json",
            },
            field_ty: if b.required {
                format!("&'a {ty}")
            } else {
                format!("Option<&'a {ty}>")
            },
            arg_ty: format!("&'a {ty}"),
            required: b.required,
            docs: b.description.as_deref().map(doc_lines).unwrap_or_default(),
        }
    });
    let segments = op
        .segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(l) => SegmentView {
                literal: Some(l.clone()),
                param: None,
                json_name: None,
                text: None,
            },
            PathSegment::Param(n) => {
                let p = op
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && &p.json_name == n);
                let (name, text) = match p {
                    Some(p) => (
                        p.name.clone(),
                        text_expr(model, &p.ty, &format!("self.{}", p.name)),
                    ),
                    None => (crate::names::field_name(n), String::new()),
                };
                SegmentView {
                    literal: None,
                    param: Some(name),
                    json_name: Some(n.clone()),
                    text: Some(text),
                }
            }
        })
        .collect();

    // Responses, in match order: single statuses, ranges, then `default`.
    let mut ordered: Vec<&crate::model::Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let mut arms: Vec<ResponseArm> = Vec::new();
    let mut accept_success: Vec<String> = Vec::new();
    let mut accept_error: Vec<String> = Vec::new();
    for r in ordered {
        let content = preferred_content(r);
        let (decode, ty, media_type) = match content {
            None => ("empty", "()".to_owned(), None),
            Some(c) => match (&c.ty, c.encoding) {
                (Some(t), BodyEncoding::Json) => {
                    ("json", rust_type(model, t, sp), Some(c.media_type.clone()))
                }
                (None, BodyEncoding::Json) => (
                    "json",
                    "::serde_json::Value".to_owned(),
                    Some(c.media_type.clone()),
                ),
                (_, BodyEncoding::Text) => {
                    ("text", "String".to_owned(), Some(c.media_type.clone()))
                }
                (_, _) => ("binary", "Vec<u8>".to_owned(), Some(c.media_type.clone())),
            },
        };
        if let Some(c) = content {
            let list = if r.is_error {
                &mut accept_error
            } else {
                &mut accept_success
            };
            if !list.contains(&c.media_type) {
                list.push(c.media_type.clone());
            }
        }
        let error_variant = match content.and_then(|c| c.ty.as_ref()) {
            Some(TypeRef::Named(id)) | Some(TypeRef::Boxed(id))
                if r.is_error && content.is_some_and(|c| c.encoding == BodyEncoding::Json) =>
            {
                Some(model.ty(*id).name.clone())
            }
            _ => None,
        };
        let arm = ResponseArm {
            pattern: status_pattern(r.status),
            error: r.is_error,
            decode,
            ty,
            media_type,
            variant: None,
            error_variant,
        };
        // Errors decoded alike share an arm (`400 | 401 | 403`).
        let mergeable = |a: &ResponseArm| {
            a.error
                && arm.error
                && a.error_variant == arm.error_variant
                && a.decode == arm.decode
                && !a.pattern.contains("..")
                && !arm.pattern.contains("..")
                && a.pattern != "_"
                && arm.pattern != "_"
        };
        if let Some(existing) = arms.iter_mut().find(|a| mergeable(a)) {
            existing.pattern = format!("{} | {}", existing.pattern, arm.pattern);
        } else {
            arms.push(arm);
        }
    }
    // `403 | 404 | 405` is `403..=405`.
    for a in &mut arms {
        let codes: Option<Vec<u16>> = a.pattern.split(" | ").map(|c| c.parse().ok()).collect();
        if let Some(mut codes) = codes {
            codes.sort_unstable();
            if codes.len() >= 3 && codes.windows(2).all(|w| w[1] == w[0] + 1) {
                a.pattern = format!("{}..={}", codes[0], codes[codes.len() - 1]);
            }
        }
    }
    let mut success_types: Vec<String> = Vec::new();
    for a in arms.iter().filter(|a| !a.error) {
        if !success_types.contains(&a.ty) {
            success_types.push(a.ty.clone());
        }
    }
    let (returns, response_enum) = match success_types.len() {
        0 => ("()".to_owned(), None),
        1 => (success_types[0].clone(), None),
        _ => {
            let name = format!("{}Response", op.builder);
            for a in arms.iter_mut().filter(|a| !a.error) {
                a.variant = Some(match a.pattern.as_str() {
                    "_" => "Default".to_owned(),
                    p if p.contains("..") => format!("Status{}xx", &p[..1]),
                    p => format!("Status{p}"),
                });
            }
            (name.clone(), Some(name))
        }
    };
    let has_default = arms.iter().any(|a| a.pattern == "_");
    let mut accept = accept_success.clone();
    for e in &accept_error {
        if !accept.contains(e) {
            accept.push(format!("{e};q=0.9"));
        }
    }

    // Method docs: summary, description, then what it sends and answers.
    let mut docs = Vec::new();
    if let Some(s) = &op.summary {
        docs.extend(doc_lines(&format!("**{}**", s.trim())));
    }
    if let Some(d) = &op.description {
        push_para(&mut docs, doc_lines(d));
    }
    let mut sends = format!("Sends `{} {}`", op.method, op.path);
    if let Some(b) = &op.body {
        sends.push_str(&format!(" with a {} body", code(&b.media_type)));
    }
    sends.push('.');
    let mut facts = vec![sends];
    for a in arms.iter().filter(|a| !a.error) {
        let status = if a.pattern == "_" {
            "any other status".to_owned()
        } else {
            format!("`{}`", a.pattern)
        };
        let what = match &a.media_type {
            None => "no body".to_owned(),
            Some(mt) => code(mt),
        };
        facts.push(format!("On {status} the response carries {what}."));
    }
    let documented: Vec<&str> = arms
        .iter()
        .filter(|a| a.error)
        .map(|a| a.pattern.as_str())
        .collect();
    if !documented.is_empty() {
        facts.push(format!(
            "Documented errors (`{}`) are [`Error::Api`] with the parsed body.",
            documented.join(" | "),
        ));
    }
    push_para(&mut docs, [facts.join(" ")]);
    if !op.forms.is_empty() {
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
        push_para(
            &mut docs,
            [format!(
                "The spec offers this operation in several forms, one method each: {}.",
                forms.join("; ")
            )],
        );
    }
    if let Some(role) = &op.required_role {
        push_para(&mut docs, [format!("Required role: {role}.")]);
    }
    if let Some(ed) = &op.external_docs {
        let text = ed
            .description
            .clone()
            .unwrap_or_else(|| "External documentation".to_owned());
        push_para(
            &mut docs,
            [format!(
                "See [{}]({}).",
                text.replace(['[', ']'], ""),
                ed.url
            )],
        );
    }
    push_para(
        &mut docs,
        [format!(
            "Operation `{}`; source: {}",
            op.id,
            code(op.origin.as_str())
        )],
    );

    OperationView {
        id: op.id.clone(),
        name: op.name.clone(),
        builder: op.builder.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        docs,
        deprecated: op.deprecated,
        required,
        optional,
        segments,
        body,
        accept: accept.join(", "),
        arms,
        has_default,
        returns,
        response_enum,
        envelope: op.envelope.as_ref().and_then(|e| {
            op.params
                .iter()
                .find(|p| &p.json_name == e)
                .map(|p| p.name.clone())
        }),
        auth: !op.security.is_empty(),
    }
}

/// The content a response is decoded as: JSON first, then text, then anything.
fn preferred_content(r: &crate::model::Response) -> Option<&crate::model::ResponseContent> {
    r.content
        .iter()
        .find(|c| c.encoding == BodyEncoding::Json)
        .or_else(|| r.content.iter().find(|c| c.encoding == BodyEncoding::Text))
        .or_else(|| r.content.first())
}

/// The crate-wide view.
pub fn crate_view(model: &Model, options: &ViewOptions, header: &str) -> CrateView {
    let mut auth = AuthView::default();
    for s in &model.security {
        let docs = s.description.as_deref().map(doc_lines).unwrap_or_default();
        let scheme = SchemeView {
            name: s.name.clone(),
            docs: docs.clone(),
        };
        match &s.kind {
            SecurityKind::Digest => auth.digest = auth.digest.take().or(Some(scheme)),
            SecurityKind::Basic => auth.basic = auth.basic.take().or(Some(scheme)),
            SecurityKind::Bearer => auth.bearer = auth.bearer.take().or(Some(scheme)),
            SecurityKind::ApiKeyHeader { header } => {
                auth.api_key_header = auth.api_key_header.take().or(Some(ApiKeyView {
                    scheme: s.name.clone(),
                    param: header.clone(),
                    docs,
                }))
            }
            SecurityKind::ApiKeyQuery { param } => {
                auth.api_key_query = auth.api_key_query.take().or(Some(ApiKeyView {
                    scheme: s.name.clone(),
                    param: param.clone(),
                    docs,
                }))
            }
            SecurityKind::ClientCredentials {
                token_url,
                token_path,
            } => {
                auth.client_credentials =
                    auth.client_credentials
                        .take()
                        .or(Some(ClientCredentialsView {
                            scheme: s.name.clone(),
                            token_url: token_url.clone(),
                            token_path: token_path.clone(),
                            docs,
                        }))
            }
        }
    }
    auth.any = !model.security.is_empty();
    // Operation views are the costly part of the crate view: made on all cores.
    let mut op_views: Vec<Option<OperationView>> =
        crate::format::parallel(&model.operations, |o| Ok(Some(operation_view(model, o))))
            .unwrap_or_else(|_| {
                model
                    .operations
                    .iter()
                    .map(|o| Some(operation_view(model, o)))
                    .collect()
            });
    let mut modules = Vec::new();
    for m in &model.modules {
        let mut docs = vec![format!("Operations tagged {}.", code(&m.tag))];
        if m.tag.is_empty() {
            docs = vec!["Operations without a tag.".to_owned()];
        }
        if let Some(d) = &m.description {
            push_para(&mut docs, doc_lines(d));
        }
        if let Some(ed) = &m.external_docs {
            let text = ed
                .description
                .clone()
                .unwrap_or_else(|| "External documentation".to_owned());
            push_para(
                &mut docs,
                [format!(
                    "See [{}]({}).",
                    text.replace(['[', ']'], ""),
                    ed.url
                )],
            );
        }
        let operations: Vec<OperationView> = model
            .operations
            .iter()
            .zip(op_views.iter_mut())
            .filter(|(o, _)| o.module == m.name)
            .filter_map(|(_, view)| view.take())
            .collect();
        let uses_types = operations.iter().any(names_types);
        let uses_error_body = operations
            .iter()
            .flat_map(|o| &o.arms)
            .any(|a| a.error && a.error_variant.is_some());
        modules.push(ModuleView {
            name: m.name.clone(),
            tag: m.tag.clone(),
            docs,
            operations,
            uses_types,
            uses_error_body,
        });
    }
    let error_variants: Vec<ErrorVariantView> = model
        .error_types
        .iter()
        .map(|id| {
            let name = model.ty(*id).name.clone();
            ErrorVariantView {
                accessor: crate::names::field_name(&name),
                ty: format!("super::types::{name}"),
                name,
            }
        })
        .collect();
    let mut uses = Uses::default();
    for t in &model.types {
        match &t.kind {
            TypeKind::Constrained(c) => {
                uses.patterns |= c.pattern.is_some();
                uses.lengths |= c.min_length.is_some() || c.max_length.is_some();
            }
            TypeKind::Enum(e) => {
                uses.str_enums |= e.repr == EnumRepr::String;
                uses.int_enums |= e.repr == EnumRepr::Integer;
                uses.closed_enums |= e.catch_all.is_none() && e.repr == EnumRepr::String;
            }
            TypeKind::Struct(s) => {
                uses.structs = true;
                for f in &s.fields {
                    uses.required_fields |= f.required && !f.nullable;
                    uses.nullable_fields |= f.required && f.nullable;
                    uses.optional_fields |= !f.required;
                }
                uses.additional_fields |= matches!(s.additional, Additional::Typed(_));
            }
            TypeKind::OneOf(o) => {
                uses.one_of = true;
                uses.common |= o.common.is_some();
                match &o.strategy {
                    Strategy::Tagged { fallback, .. } => {
                        uses.tagged = true;
                        uses.missing_tag |= fallback.is_none();
                        uses.inject |= o.variants.iter().any(|v| v.tags.len() == 1);
                    }
                    Strategy::BestMatch => uses.best_match = true,
                }
            }
            _ => {}
        }
    }
    let mut error_other = false;
    for m in &modules {
        for o in &m.operations {
            uses.operations = true;
            uses.undocumented_status |= !o.has_default;
            uses.status_match |= !(o.arms.is_empty() || o.arms.len() == 1 && o.has_default);
            uses.header_params |= o
                .required
                .iter()
                .chain(&o.optional)
                .any(|p| p.location == "header");
            uses.path_params |= o.required.iter().any(|p| p.location == "path");
            uses.query_params |= o
                .required
                .iter()
                .chain(&o.optional)
                .any(|p| p.location == "query");
            uses.envelope |= o.envelope.is_some();
            if let Some(b) = &o.body {
                uses.text_body |= b.encoding == "text";
                uses.binary_body |= b.encoding == "binary";
                uses.json_body |= b.encoding == "json";
            }
            for a in o.arms.iter().filter(|a| !a.error) {
                uses.text_response |= a.decode == "text";
                uses.binary_response |= a.decode == "binary";
                uses.empty_response |= a.decode == "empty";
                uses.json_response |= a.decode == "json";
            }
            for a in o.arms.iter().filter(|a| a.error) {
                if a.error_variant.is_some() {
                    uses.api_error = true;
                } else {
                    uses.api_error_other = true;
                    error_other = true;
                }
            }
        }
    }
    uses.documented_errors = uses.api_error || uses.api_error_other;
    uses.parse_json = uses.json_response || uses.api_error || uses.envelope;
    uses.unexpected = uses.parse_json || uses.undocumented_status || uses.text_response;
    uses.validation_errors = uses.patterns || uses.lengths || uses.closed_enums;
    let mut docs = vec![format!(
        "# {} {}",
        model.api.title.trim(),
        model.api.version.trim()
    )];
    if let Some(d) = &model.api.description {
        push_para(&mut docs, doc_lines(d));
    }
    CrateView {
        name: options.crate_name.clone(),
        lib: options.crate_name.replace('-', "_"),
        version: options.crate_version.clone(),
        title: model.api.title.clone(),
        api_version: model.api.version.clone(),
        docs,
        source: model.api.source_name.clone(),
        header: header.to_owned(),
        generator: format!("generator {}", env!("CARGO_PKG_VERSION")),
        base_url: model.api.default_server.clone(),
        auth,
        modules,
        error_variants,
        error_other,
        uses,
        std: StdNames::new(Spelling::types(model)),
    }
}
