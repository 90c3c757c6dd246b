//! Stage 2's output: the intermediate model of types and operations.
//!
//! It holds what the spec means, not how Rust spells it: type references are a small tree
//! ([`TypeRef`]), not text, and every node remembers the JSON pointer it came from. Names
//! are final identifiers (made legal and unique by the `names` module) because choosing
//! them needs the whole picture, which only lowering has.

use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::pointer::Pointer;

/// Index of a [`TypeDef`] in [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub usize);

/// The whole API, as the render stage needs it.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Title, version, description and source of the spec.
    pub api: ApiInfo,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every selected operation, sorted by (module, name).
    pub operations: Vec<Operation>,
    /// Operation groups (the spec's tags), sorted by module name.
    pub modules: Vec<Module>,
    /// The security schemes the client supports, sorted by name.
    pub security: Vec<SecurityScheme>,
    /// The bodies of documented error responses: the variants of the client's error body
    /// enum.
    pub error_bodies: ErrorBodies,
    /// What the generator noticed and worked around.
    pub diagnostics: Vec<Diagnostic>,
}

impl Model {
    /// The type with this id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// Facts about the API as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct ApiInfo {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The spec's name (file name), for the header of generated files.
    pub source_name: String,
    /// The names of the overlays applied to the spec, in order.
    pub overlays: Vec<String>,
    /// The other files the spec's `$ref`s led to, in the order first read.
    #[serde(skip)]
    pub spec_files: Vec<std::path::PathBuf>,
    /// The first server URL, the client's default base URL.
    pub default_server: Option<String>,
}

/// A named type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// The type's identifier, UpperCamelCase.
    pub name: String,
    /// Where the schema is.
    pub origin: Pointer,
    /// The schema's `title`, if any.
    pub title: Option<String>,
    /// The schema's `description`, if any.
    pub description: Option<String>,
    /// Which way the type travels: used to document it.
    pub usage: Usage,
    /// Whether the schema is marked `deprecated`.
    pub deprecated: bool,
    /// When the type stands for several schemas (one concept in several places): where each
    /// is, sorted; empty when it is made of one.
    pub uses: Vec<Pointer>,
    /// What the type is.
    pub kind: TypeKind,
    /// The modules (tags) whose operations reach it, sorted: it is compiled when one of
    /// their features is on.
    pub modules: Vec<String>,
}

/// Which way a type travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// Sent to the server (request bodies, parameters).
    pub request: bool,
    /// Received from the server.
    pub response: bool,
}

/// The kinds of named types.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string with a fixed set of values.
    Enum(EnumDef),
    /// A value that is one of several schemas (`oneOf`, `anyOf`).
    OneOf(OneOfDef),
    /// A string with a pattern or length limits, validated on construction.
    Constrained(Constraints),
    /// A plain alias for another type (a component schema that is an array, a map or a
    /// primitive).
    Alias(TypeRef),
}

/// An object with known properties.
#[derive(Debug, Clone, Serialize)]
pub struct StructDef {
    /// The properties, in the spec's order.
    pub fields: Vec<Field>,
    /// What `additionalProperties` allows beyond the listed properties.
    pub additional: Additional,
    /// Whether it is the alternative of a tagged one-of that writes the tag when the value
    /// lacks it (its members are then also written for the one-of, beside the tag).
    pub writes_tag_for_one_of: bool,
}

/// What an object allows beyond its listed properties.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Additional {
    /// Nothing is said (or `true`): extra members are accepted and ignored.
    Ignored,
    /// `additionalProperties: false`: extra members are accepted and ignored in responses
    /// (servers add fields), never produced in requests.
    Forbidden,
    /// Extra members of this type are kept in a map.
    Typed {
        /// Their type.
        ty: TypeRef,
        /// The name of the struct field that holds the map.
        field: String,
    },
}

/// One property of an object.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The property's name in JSON.
    pub json_name: String,
    /// The Rust field name, snake_case, made legal.
    pub name: String,
    /// The property's type (without the `Option` that an optional field adds).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true` (or a reference to a nullable schema).
    pub nullable: bool,
    /// The property's description.
    pub description: Option<String>,
    /// `default`, as JSON.
    pub default: Option<serde_json::Value>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Where the property is.
    pub origin: Pointer,
}

/// A string enum.
#[derive(Debug, Clone, Serialize)]
pub struct EnumDef {
    /// The values, in the spec's order.
    pub variants: Vec<EnumVariant>,
    /// The name of the catch-all variant that keeps values outside the list, when there is
    /// one. Enums with more than one value are open, so that a server adding a value does
    /// not break clients; a one-value enum is a tag (it tells one-of alternatives apart)
    /// and is closed.
    pub catch_all: Option<String>,
    /// The JSON kind of the values.
    pub repr: EnumRepr,
}

/// The JSON kind of an enum's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    /// Strings.
    String,
    /// Integers.
    Integer,
}

/// One enum value.
#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    /// The value, as JSON text for integers and as the string itself for strings.
    pub value: String,
    /// The variant's identifier, UpperCamelCase.
    pub name: String,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone, Serialize)]
pub struct OneOfDef {
    /// The alternatives, in the spec's order.
    pub variants: Vec<OneOfVariant>,
    /// How a JSON value is matched to an alternative.
    pub strategy: Strategy,
    /// When the schema also has `properties` beside `oneOf`: a struct of those properties,
    /// which every value must also be valid against.
    pub common: Option<TypeId>,
    /// Whether a value is checked against `common` before it is matched to an alternative:
    /// not when every alternative is a struct with each common property, of the same type
    /// and at least as strict, so that decoding the alternative checks them.
    pub check_common: bool,
    /// The name of the catch-all variant that keeps values of an unknown tag, when there is
    /// one (tagged strategies only).
    pub catch_all: Option<String>,
}

/// One alternative of a [`OneOfDef`].
#[derive(Debug, Clone, Serialize)]
pub struct OneOfVariant {
    /// The variant's identifier, UpperCamelCase.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// The tag values that select it (tagged strategies).
    pub tags: Vec<String>,
    /// Where the alternative is.
    pub origin: Pointer,
}

/// How a one-of value is matched to an alternative.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Strategy {
    /// A string property whose value names the alternative: an explicit `discriminator`, or
    /// a property that each alternative restricts to values of its own (a one-value enum,
    /// or disjoint sets of values).
    Tagged {
        /// The property's JSON name.
        property: String,
        /// Whether an explicit `discriminator` said so.
        explicit: bool,
        /// The alternative that takes every value no other alternative claims (an
        /// alternative that does not restrict the property), when there is one.
        fallback: Option<String>,
        /// The name of the method that returns a value's tag, when every alternative has
        /// one tag to give.
        accessor: Option<String>,
    },
    /// No tag tells the alternatives apart: every alternative is tried, and of those that
    /// accept the value, the one that knows the most of its members wins (ties go to the
    /// first in spec order). All failures are reported when none accepts it.
    BestMatch,
}

/// Limits on a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Constraints {
    /// An ECMA-262 regular expression that must match somewhere in the value (anchors
    /// are the pattern's own).
    pub pattern: Option<String>,
    /// Whether the pattern is compiled with the `u` (Unicode) flag. Patterns that are only
    /// valid without it (Annex B identity escapes such as `\:`) are compiled without.
    pub unicode: bool,
    /// Least number of characters (Unicode scalar values).
    pub min_length: Option<usize>,
    /// Greatest number of characters (Unicode scalar values).
    pub max_length: Option<usize>,
}

/// A reference to a type, as a tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    /// A named type.
    Named(TypeId),
    /// A named type behind a box (it contains itself).
    Boxed(TypeId),
    /// Any string.
    String,
    /// `true` or `false`.
    Boolean,
    /// A 32-bit signed integer.
    I32,
    /// A 64-bit signed integer.
    I64,
    /// A 32-bit float.
    F32,
    /// A 64-bit float.
    F64,
    /// Any JSON value.
    Json,
    /// Any JSON object.
    JsonObject,
    /// Raw bytes (binary bodies).
    Bytes,
    /// A file of a multipart body: bytes, and maybe a file name and a media type.
    File,
    /// A list.
    Array(Box<TypeRef>),
    /// A list item or map value that may be `null`.
    Nullable(Box<TypeRef>),
    /// A map from strings.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// Whether spelling it names a type of the `types` module.
    pub fn names_a_type(&self) -> bool {
        match self {
            TypeRef::Named(_) | TypeRef::Boxed(_) => true,
            TypeRef::Array(t) | TypeRef::Nullable(t) | TypeRef::Map(t) => t.names_a_type(),
            _ => false,
        }
    }
}

/// A group of operations: one of the spec's tags.
#[derive(Debug, Clone, Serialize)]
pub struct Module {
    /// The module's identifier, snake_case.
    pub name: String,
    /// The tag's name.
    pub tag: String,
    /// The tag's description.
    pub description: Option<String>,
    /// The tag's external documentation.
    pub external_docs: Option<ExternalDocs>,
}

/// An external documentation link.
#[derive(Debug, Clone, Serialize)]
pub struct ExternalDocs {
    /// The URL.
    pub url: String,
    /// What it is.
    pub description: Option<String>,
}

/// One operation.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// The client method's identifier, snake_case.
    pub name: String,
    /// The request builder's identifier, UpperCamelCase.
    pub builder: String,
    /// The module (tag) it belongs to.
    pub module: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template, as in the spec.
    pub path: String,
    /// The path template, split.
    pub segments: Vec<PathSegment>,
    /// Parameters, path ones first in path order, then the rest in the spec's order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// How each documented status is decoded, in match order: single statuses, spans,
    /// then `default`. Errors decoded alike share an arm.
    pub arms: Vec<ResponseArm>,
    /// When successes differ in type: the name of the enum `send` returns, whose variants
    /// the success arms name.
    pub response_enum: Option<String>,
    /// The `Accept` header: the success media types first, then those only errors use,
    /// with a lower preference.
    pub accept: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `externalDocs`.
    pub external_docs: Option<ExternalDocs>,
    /// The role the description says the caller needs.
    pub required_role: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Names of the security schemes that can authorize it; empty when none is needed.
    pub security: Vec<String>,
    /// When the spec offers the operation in several media types or versions, every form
    /// (this one included), the preferred first; empty when there is no choice.
    pub forms: Vec<Form>,
    /// How the operation answers a page at a time, when it does.
    pub pagination: Option<Pagination>,
    /// Whether and how its pages are walked, as the spec's `x-pagination` says.
    #[serde(skip)]
    pub paging_rule: PagingRule,
    /// Where the operation is.
    pub origin: Pointer,
}

impl Operation {
    /// Whether its method is idempotent (RFC 9110 §9.2.2): sending a request twice does
    /// what sending it once does, so one the server dropped unanswered may go again.
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self.method.as_str(),
            "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE"
        )
    }
}

/// How a list operation pages (see `lower/pagination.rs`).
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Which convention it follows.
    pub convention: Convention,
    /// Numbered pages: the query parameter of the page number (`pageNum`).
    pub page_param: Option<String>,
    /// Cursors: the query parameter that takes the cursor (`cursor`), the page's field that
    /// holds the next one (`next_cursor`), and whether that field is an `Option`.
    pub cursor_param: Option<String>,
    pub cursor_field: Option<String>,
    pub cursor_optional: bool,
    /// The query parameter of the page size (`itemsPerPage`), when there is one.
    pub size_param: Option<String>,
    /// The page size the server uses when none is asked for (the parameter's `default`).
    pub default_size: Option<u64>,
    /// The type of the answer: one page.
    pub page: TypeRef,
    /// The page's field that holds the items; `None` when the page is the list of items.
    pub items_field: Option<String>,
    /// Whether that field is an `Option`.
    pub items_optional: bool,
    /// The type of an item.
    pub item: TypeRef,
    /// The page's field with the number of items in all, when there is one.
    pub total_field: Option<String>,
    /// Whether that field is an `Option`.
    pub total_optional: bool,
    /// When the operation answers several successes (a `304`, a `204`), the variant of its
    /// response enum that holds a page; the others hold no items.
    pub variant: Option<String>,
}

/// Whether and how an operation's pages are walked, as the spec's `x-pagination` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PagingRule {
    /// As detected (no `x-pagination`, or `true`).
    #[default]
    Detect,
    /// Not at all (`false`).
    Off,
    /// As set (an object, read as a [`Paging`]).
    Set(Paging),
}

/// How an operation's pages follow one another, when set rather than detected: by the spec
/// (`x-pagination: {convention: cursor, param: after, next: next_page, items: data}` on the
/// operation) or by [`Generator::paging`](crate::Generator::paging). Names are as the spec
/// writes them: a parameter's `name`, a member's key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "convention", rename_all = "lowercase", deny_unknown_fields)]
pub enum Paging {
    /// Page numbers in the query parameter `page`, counting up from 1, and maybe the page
    /// size in `size`; the items in the page's member `items`, and maybe the number of
    /// items in all in `total`.
    Numbered {
        page: String,
        size: Option<String>,
        items: String,
        total: Option<String>,
    },
    /// The cursor in the query parameter `param`, the next page's in the page's member
    /// `next`; the items in the member `items`.
    Cursor {
        param: String,
        next: String,
        items: String,
    },
    /// The next page's URL in a `Link: <…>; rel="next"` header; the items in the page's
    /// member `items`, or the page itself when it is an array.
    Link { items: Option<String> },
}

/// How pages follow one another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// Atlas's: a page number counting up, and a page size, in query parameters.
    Numbered,
    /// A cursor from each page, sent back in a query parameter for the next one.
    Cursor,
    /// A `Link` header with the URL of the next page (RFC 8288).
    Link,
}

/// One form of an operation offered in several media types or versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    /// The client method that calls it.
    pub method: String,
    /// The media type of the body it sends, if it sends one.
    pub request: Option<String>,
    /// The media type it asks for in success responses that offer a choice.
    pub response: Option<String>,
}

/// A piece of a path template.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathSegment {
    /// Text sent as it is.
    Literal(String),
    /// A path parameter: its index in [`Operation::params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// An operation parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// The name in the request.
    pub json_name: String,
    /// The Rust identifier, snake_case.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether it must be given.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Its description.
    pub description: Option<String>,
    /// Its `default`, as JSON.
    pub default: Option<serde_json::Value>,
    /// `explode`, or OpenAPI's default for the style (on for `form`, off for the others): in
    /// the query, whether a list repeats the name for each item.
    pub explode: bool,
    /// Whether it is the boolean query parameter `envelope`, which asks Atlas to wrap the
    /// answer in `{"status": …, "content": …}`.
    pub envelope: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// How its value is written, when not as text.
    #[serde(skip_serializing_if = "ParamEncoding::is_text")]
    pub encoding: ParamEncoding,
    /// Where it is.
    pub origin: Pointer,
}

/// How a parameter's value is written into the request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamEncoding {
    /// As text (a list: items repeated or joined by commas).
    #[default]
    Text,
    /// Written as its `style` says, by the runtime: in the query (an object exploded into
    /// its members or joined, `deepObject`, lists joined by spaces or pipes), the
    /// `forms::Style` variant, `Form`, `SpaceDelimited`, `PipeDelimited` or `DeepObject`;
    /// in the path (a label, a matrix, a list, an object), the `styles::Style` variant,
    /// `Simple`, `Label` or `Matrix`; a header (a list of objects, an object) is `Simple`,
    /// a cookie always `Form`.
    Styled(&'static str),
    /// As its JSON text (a parameter described by `content: application/json`).
    Json,
}

impl ParamEncoding {
    pub fn is_text(&self) -> bool {
        *self == ParamEncoding::Text
    }
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// JSON (`application/json`, `*/*+json`).
    Json,
    /// Text.
    Text,
    /// Raw bytes.
    Binary,
    /// `application/x-www-form-urlencoded`: the members of an object as pairs.
    Form,
    /// `multipart/form-data`: the members of an object as parts, files among them.
    Multipart,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Its type.
    pub ty: TypeRef,
    /// Whether it must be given.
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
    /// Forms and multipart: how members are encoded, where the spec's `encoding` says.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encodings: Vec<MemberEncoding>,
    /// Where it is.
    pub origin: Pointer,
}

/// How one member of a form or multipart body is encoded (OpenAPI's Encoding Object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberEncoding {
    /// The member, as the spec names it.
    pub name: String,
    /// Multipart: the part's media type.
    pub content_type: Option<String>,
    /// Forms: `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`.
    pub style: Option<String>,
    /// Forms: whether arrays and objects are exploded.
    pub explode: Option<bool>,
}

/// The statuses one response arm takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Statuses {
    /// These statuses, ascending.
    Codes {
        /// The statuses.
        codes: Vec<u16>,
    },
    /// Every status from `first` to `last`: a class (`4XX`), or three or more documented
    /// statuses in a row that are decoded alike.
    Span {
        /// The first status.
        first: u16,
        /// The last status.
        last: u16,
    },
    /// Every status no other arm takes (`default`).
    Other,
}

/// How a response body is decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "type", rename_all = "snake_case")]
pub enum Decode {
    /// JSON, into this type ([`TypeRef::Json`] when the spec gives no schema).
    Json(TypeRef),
    /// Text.
    Text,
    /// Raw bytes.
    Binary,
    /// No body.
    Empty,
}

/// What a response arm means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// A success.
    Success {
        /// Its variant of the operation's response enum, when it has one.
        variant: Option<String>,
    },
    /// A documented error whose body is one of [`ErrorBodies::typed`]: its index there.
    TypedError {
        /// The index.
        body: usize,
    },
    /// A documented error whose body the spec does not type
    /// ([`ErrorBodies::untyped`]).
    UntypedError,
}

/// How one or more documented statuses are decoded.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseArm {
    /// The statuses it takes.
    pub statuses: Statuses,
    /// How the body is decoded.
    pub decode: Decode,
    /// The media type the spec documents, if any.
    pub media_type: Option<String>,
    /// The names of the headers the spec documents, lower case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
    /// What it means.
    pub outcome: Outcome,
}

/// The bodies of documented error responses: the error body enum's variants.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ErrorBodies {
    /// One variant per schema of a JSON error body, sorted by type name.
    pub typed: Vec<ErrorBodyVariant>,
    /// The variant that keeps a body the spec gives no schema, when some documented error
    /// has one: its name.
    pub untyped: Option<String>,
}

/// A variant of the error body enum.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBodyVariant {
    /// The variant's name.
    pub name: String,
    /// The name of the `Error` method that returns it.
    pub accessor: String,
    /// The body's type.
    pub ty: TypeId,
    /// The modules (tags) whose operations may answer with it, sorted.
    pub modules: Vec<String>,
}

/// A security scheme the generated client can use.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The scheme's name in `components/securitySchemes`.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// What it is.
    pub kind: SecurityKind,
    /// The name of the `ClientBuilder` method that sets it (`digest`, `api_key`); `None`
    /// when a scheme of the same kind that sorts first has the method.
    pub method: Option<String>,
    /// Where it is.
    pub origin: Pointer,
}

/// The kinds of security scheme the generated client implements.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityKind {
    /// HTTP Digest (RFC 7616).
    Digest,
    /// HTTP Basic.
    Basic,
    /// HTTP Bearer with a token the user supplies.
    Bearer,
    /// An API key in a header.
    ApiKeyHeader {
        /// The header's name.
        header: String,
    },
    /// An API key in the query string.
    ApiKeyQuery {
        /// The parameter's name.
        param: String,
    },
    /// An API key in a cookie.
    ApiKeyCookie {
        /// The cookie's name.
        cookie: String,
    },
    /// OAuth2 client credentials.
    ClientCredentials {
        /// The token URL, as the spec gives it.
        token_url: String,
        /// Where the client asks for tokens, resolved against its base URL at run time: the
        /// token URL's path when the URL is on the default server's origin (so that a client
        /// pointed at another host gets that host's tokens), else the token URL itself.
        token_endpoint: String,
    },
}
