//! An operation's path template and parameters.

use std::collections::BTreeSet;

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};

use super::super::flat::{Flat, SchemaRef};
use super::super::refs::{self, Kind};
use super::super::schemas::resolve_quiet;
use super::super::security::is_header_name;
use super::super::{Dir, Lowerer, NameSource};
use super::SpecOp;
use crate::error::{DiagnosticKind, ProblemKind};
use crate::model::{
    BodyEncoding, Param, ParamEncoding, ParamLocation, PathSegment, TypeKind, TypeRef,
};
use crate::names;
use crate::pointer::Pointer;

/// Names parameters must not take: methods of request builders (`body` sets an optional
/// body, `timeout` the request's), and the client method's local `request`.
const BUILDER_NAMES: &[&str] = &[
    "send",
    "send_with_response",
    "decode",
    "body",
    "timeout",
    "pages",
    "items",
    "request",
];

/// Headers the client sets itself; OpenAPI says parameters of these names are ignored.
const CLIENT_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// An operation's path and parameters, lowered.
pub(super) struct PathAndParams {
    /// The path template, split; parameters refer to `params`.
    pub(super) segments: Vec<PathSegment>,
    /// Path parameters first in template order, then the rest in the spec's order.
    pub(super) params: Vec<Param>,
    /// Whether the template and the parameters are valid; when not, problems say why, and
    /// the rest of the operation is still checked so that one run reports everything.
    pub(super) valid: bool,
}

/// A piece of a path template before parameters are known.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Param(String),
}

/// Lowers the path template and the parameters; `None` when the operation is skipped (a
/// required parameter cannot be sent), with a diagnostic that says why.
pub(super) fn lower_path_and_params<'a>(
    lw: &mut Lowerer<'a>,
    spec_op: &SpecOp<'a>,
) -> Option<PathAndParams> {
    let ptr = &spec_op.pointer;
    let mut valid = true;
    let pieces = match parse_template(spec_op.path) {
        Ok(p) => p,
        Err(message) => {
            let path_ptr = ptr.parent().unwrap_or_else(Pointer::root);
            lw.problem(ProblemKind::Invalid, &path_ptr, message);
            valid = false;
            Vec::new()
        }
    };
    let declared = declared_parameters(lw, spec_op);
    let template_names: Vec<&str> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Param(n) => Some(n.as_str()),
            Piece::Literal(_) => None,
        })
        .collect();
    valid &= check_template_agrees(lw, spec_op, &template_names, &declared, valid);

    let mut scope = names::Scope::new();
    for n in BUILDER_NAMES {
        scope.reserve(n);
    }
    let mut params = Vec::new();
    for (param, origin) in in_order(&declared, &template_names) {
        match lower_param(lw, spec_op, param, origin, &mut scope) {
            Lowered::Param(p) => params.push(*p),
            Lowered::LeftOut => {}
            Lowered::SkipOperation => return None,
        }
    }
    let segments = pieces
        .into_iter()
        .filter_map(|p| match p {
            Piece::Literal(l) => Some(PathSegment::Literal(l)),
            Piece::Param(name) => params
                .iter()
                .position(|q| q.location == ParamLocation::Path && q.json_name == name)
                .map(PathSegment::Param),
        })
        .collect();
    Some(PathAndParams {
        segments,
        params,
        valid,
    })
}

/// The parameters that apply: the path item's, overridden by the operation's of the same
/// name and place; each with where it is written.
fn declared_parameters<'a>(
    lw: &mut Lowerer<'a>,
    spec_op: &SpecOp<'a>,
) -> Vec<(&'a Parameter, Pointer)> {
    let ptr = &spec_op.pointer;
    let item_ptr = ptr.parent().unwrap_or_else(Pointer::root);
    let component_params = refs::parameters(lw.doc);
    let sources = spec_op
        .item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, item_ptr.join("parameters").join(i.to_string())))
        .chain(
            spec_op
                .op
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, ptr.join("parameters").join(i.to_string()))),
        );
    let mut declared: Vec<(&'a Parameter, Pointer)> = Vec::new();
    for (p, pptr) in sources {
        let param = match p {
            ReferenceOr::Item(param) => param,
            ReferenceOr::Reference { reference } => {
                match refs::resolve(component_params, Kind::Parameters, reference) {
                    Ok(r) => r.item,
                    Err(e) => {
                        lw.problem(e.kind, &pptr.join("$ref"), e.message);
                        continue;
                    }
                }
            }
        };
        let same = |d: &Parameter| {
            d.parameter_data_ref().name == param.parameter_data_ref().name
                && location_of(d) == location_of(param)
        };
        declared.retain(|(d, _)| !same(d));
        declared.push((param, pptr));
    }
    declared
}

/// Checks that every `{name}` of the template is a declared path parameter and every
/// declared path parameter is in the template (the latter only when the template parsed).
fn check_template_agrees(
    lw: &mut Lowerer<'_>,
    spec_op: &SpecOp<'_>,
    template_names: &[&str],
    declared: &[(&Parameter, Pointer)],
    template_ok: bool,
) -> bool {
    let is_path = |p: &Parameter, name: &str| {
        location_of(p) == ParamLocation::Path && p.parameter_data_ref().name == name
    };
    let mut ok = true;
    for name in template_names {
        if !declared.iter().any(|(p, _)| is_path(p, name)) {
            let message = format!(
                "the path template has `{{{name}}}`, but no path parameter `{name}` is declared"
            );
            lw.problem(ProblemKind::Invalid, &spec_op.pointer, message);
            ok = false;
        }
    }
    for (p, origin) in declared {
        let name = &p.parameter_data_ref().name;
        if template_ok
            && location_of(p) == ParamLocation::Path
            && !template_names.contains(&name.as_str())
        {
            let message = format!(
                "path parameter `{name}` is declared but the path template `{}` has no `{{{name}}}`",
                spec_op.path
            );
            lw.problem(ProblemKind::Invalid, origin, message);
            ok = false;
        }
    }
    ok
}

/// Path parameters in template order (each once), then the rest in the spec's order.
fn in_order<'p, 'a>(
    declared: &'p [(&'a Parameter, Pointer)],
    template_names: &[&str],
) -> Vec<&'p (&'a Parameter, Pointer)> {
    let mut seen = BTreeSet::new();
    let mut ordered: Vec<&(&Parameter, Pointer)> = template_names
        .iter()
        .filter(|n| seen.insert(**n))
        .filter_map(|name| {
            declared.iter().find(|(p, _)| {
                location_of(p) == ParamLocation::Path && p.parameter_data_ref().name == *name
            })
        })
        .collect();
    ordered.extend(
        declared
            .iter()
            .filter(|(p, _)| location_of(p) != ParamLocation::Path),
    );
    ordered
}

/// What became of one parameter.
enum Lowered {
    Param(Box<Param>),
    /// An optional parameter that cannot be sent, or a header the client sets itself.
    LeftOut,
    /// A required parameter that cannot be sent: the operation cannot be called.
    SkipOperation,
}

fn lower_param<'a>(
    lw: &mut Lowerer<'a>,
    spec_op: &SpecOp<'a>,
    param: &'a Parameter,
    origin: &Pointer,
    scope: &mut names::Scope,
) -> Lowered {
    let data = param.parameter_data_ref();
    let location = location_of(param);
    let required = data.required || location == ParamLocation::Path;
    if location == ParamLocation::Path && !data.required {
        let message = format!(
            "path parameter `{}` must be `required: true`; it is treated as required",
            data.name
        );
        lw.diagnostic(DiagnosticKind::Note, origin, message);
    }
    let cannot = |lw: &mut Lowerer<'a>, why: String| {
        if required {
            let message = format!(
                "the operation is skipped: its required parameter `{}` {why}",
                data.name
            );
            lw.diagnostic(DiagnosticKind::Skipped, &spec_op.pointer, message);
            Lowered::SkipOperation
        } else {
            let message = format!("optional parameter `{}` is left out: it {why}", data.name);
            lw.diagnostic(DiagnosticKind::Skipped, origin, message);
            Lowered::LeftOut
        }
    };
    if location == ParamLocation::Header
        && CLIENT_HEADERS.contains(&data.name.to_ascii_lowercase().as_str())
    {
        let message = format!(
            "header parameter `{}` is ignored, as OpenAPI says; the client sets it",
            data.name
        );
        lw.diagnostic(DiagnosticKind::Note, origin, message);
        return Lowered::LeftOut;
    }
    if let Some(why) = unsendable(param) {
        return cannot(lw, why);
    }
    let (schema, mut encoding) = match &data.format {
        ParameterSchemaOrContent::Schema(s) => (SchemaRef::of(s), ParamEncoding::Text),
        ParameterSchemaOrContent::Content(content) => match json_content(content, location) {
            Ok(schema) => (schema, ParamEncoding::Json),
            Err(why) => return cannot(lw, why),
        },
    };
    let ty = match text_alternative(lw, schema) {
        Some(keyword) => {
            // `oneOf: [integer, string]`, `oneOf: [string, array]`: what goes into a URL
            // or header is text either way, and the string alternative carries them all.
            let message = format!(
                "parameter `{}` may take one of several forms; it is a string, the form that carries them all (`42`, `main.yml`, `a,b`)",
                data.name
            );
            lw.diagnostic(
                DiagnosticKind::Note,
                &origin.join("schema").join(keyword),
                message,
            );
            TypeRef::String
        }
        None => param_type(lw, schema, origin, &spec_op.id, &data.name),
    };
    if encoding == ParamEncoding::Text {
        encoding = styled_encoding(lw, param, &ty);
    }
    let mut diagnostics = Vec::new();
    let name = scope.claim(
        &names::field_name(&data.name),
        origin,
        "parameter",
        &mut diagnostics,
    );
    lw.diagnostics.extend(diagnostics);
    let schema_data = match schema {
        SchemaRef::Inline(s) => Some(&s.schema_data),
        SchemaRef::Ref(_) => None,
    };
    Lowered::Param(Box::new(Param {
        envelope: location == ParamLocation::Query
            && data.name == "envelope"
            && ty == TypeRef::Boolean,
        json_name: data.name.clone(),
        name,
        location,
        required,
        ty,
        description: data.description.clone(),
        default: schema_data.and_then(|d| d.default.clone()),
        explode: data.explode.unwrap_or(explodes_by_default(param)),
        deprecated: data.deprecated.unwrap_or(false),
        encoding,
        origin: origin.clone(),
    }))
}

/// How a parameter given by a schema is written: as text where its type and style allow
/// (a scalar, or a list of scalars repeated or joined by commas), else as its `style` says
/// (see [`ParamEncoding::Styled`]).
fn styled_encoding(lw: &Lowerer<'_>, param: &Parameter, ty: &TypeRef) -> ParamEncoding {
    let list_of_scalars = is_simple(lw, ty, true);
    match param {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form if list_of_scalars => ParamEncoding::Text,
            QueryStyle::Form => ParamEncoding::Styled("Form"),
            QueryStyle::SpaceDelimited => ParamEncoding::Styled("SpaceDelimited"),
            QueryStyle::PipeDelimited => ParamEncoding::Styled("PipeDelimited"),
            QueryStyle::DeepObject => ParamEncoding::Styled("DeepObject"),
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple if is_simple(lw, ty, false) => ParamEncoding::Text,
            PathStyle::Simple => ParamEncoding::Styled("Simple"),
            PathStyle::Label => ParamEncoding::Styled("Label"),
            PathStyle::Matrix => ParamEncoding::Styled("Matrix"),
        },
        Parameter::Header { .. } if list_of_scalars => ParamEncoding::Text,
        Parameter::Header { .. } => ParamEncoding::Styled("Simple"),
        Parameter::Cookie { .. } => ParamEncoding::Styled("Form"),
    }
}

/// OpenAPI's default `explode`: on for the `form` style, off for every other.
fn explodes_by_default(param: &Parameter) -> bool {
    match param {
        Parameter::Query { style, .. } => *style == QueryStyle::Form,
        Parameter::Cookie { .. } => true,
        Parameter::Path { .. } | Parameter::Header { .. } => false,
    }
}

/// The schema of a parameter described by `content`: one JSON media type, in the query or a
/// header (its value is then the JSON text).
fn json_content<'a>(
    content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
    location: ParamLocation,
) -> Result<SchemaRef<'a>, String> {
    let (media_type, media) = content
        .first()
        .ok_or("is described by an empty `content`")?;
    let json = matches!(
        super::bodies::encoding_of(media_type, true),
        Some(BodyEncoding::Json)
    );
    if !json {
        return Err(format!(
            "is described by `content` in `{media_type}`; only JSON can be written into a \
             parameter"
        ));
    }
    let place = match location {
        ParamLocation::Query | ParamLocation::Header => None,
        ParamLocation::Path => Some("the path"),
        ParamLocation::Cookie => Some("a cookie"),
    };
    if let Some(place) = place {
        return Err(format!("is JSON in {place}, which is not supported"));
    }
    media
        .schema
        .as_ref()
        .map(SchemaRef::of)
        .ok_or_else(|| "is described by `content` without a schema".to_owned())
}

/// Why this client cannot send a parameter, when it cannot.
fn unsendable(param: &Parameter) -> Option<String> {
    match param {
        Parameter::Header { parameter_data, .. } if !is_header_name(&parameter_data.name) => {
            Some("is a header whose name is not an HTTP header name (RFC 9110 allows letters, digits and ``!#$%&'*+-.^_`|~``)".to_owned())
        }
        _ => None,
    }
}

/// Splits a path template into literal text and parameter names.
fn parse_template(path: &str) -> Result<Vec<Piece>, String> {
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
                    out.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                out.push(Piece::Param(name));
            }
            '}' => return Err(format!("`{path}` has a `}}` without a `{{`")),
            _ => literal.push(c),
        }
    }
    if !literal.is_empty() {
        out.push(Piece::Literal(literal));
    }
    Ok(out)
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
        NameSource::param_of_operation(op_id, name)
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
    let (resolved, _) = resolve_quiet(lw.doc, schema)?;
    let flat = Flat::new(resolved);
    let alternatives = flat.alternatives();
    if alternatives.is_empty() || !flat.properties.is_empty() {
        return None;
    }
    // Each alternative: whether it is a string, and whether a plain one (any text).
    let simple = |s: SchemaRef<'a>, list: bool| -> Option<(bool, bool)> {
        let (schema, _) = resolve_quiet(lw.doc, s)?;
        let f = Flat::new(schema);
        if !f.alternatives().is_empty() || !f.properties.is_empty() {
            return None;
        }
        match f.typ {
            Some("string") => Some((
                true,
                f.format.is_none() && f.pattern.is_none() && !f.has_enum,
            )),
            Some("integer" | "number" | "boolean") => Some((false, false)),
            Some("array") if list => {
                let items = Flat::new(resolve_quiet(lw.doc, f.items?)?.0);
                matches!(items.typ, Some("string" | "integer" | "number" | "boolean"))
                    .then_some((false, false))
            }
            _ => None,
        }
    };
    let (mut plain_string, mut all_strings) = (false, true);
    for a in alternatives {
        let (string, plain) = simple(*a, true)?;
        plain_string |= plain;
        all_strings &= string;
    }
    // Strings of several shapes (an id, or a slug) are text too.
    (plain_string || all_strings).then(|| flat.alternatives_keyword())
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
        assert_eq!(
            s,
            [
                Piece::Literal("/a/".into()),
                Piece::Param("b".into()),
                Piece::Literal("/c".into()),
                Piece::Param("d".into()),
                Piece::Literal(".json".into()),
            ]
        );
        assert!(parse_template("/a/{b").is_err());
        assert!(parse_template("/a/b}").is_err());
        assert!(parse_template("/a/{}").is_err());
        assert!(parse_template("/a/{b/c}").is_err());
    }

    /// The model of a spec with one operation at `path`, with these parameters.
    fn model_of(path: &str, parameters: &str) -> crate::model::Model {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  {path}:\n    get:\n      operationId: listThings\n      parameters:\n{parameters}      responses:\n        '204': {{description: none}}\n"
        );
        crate::Generator::from_text("t.yaml", spec, None)
            .model()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// The diagnostics of a spec whose one operation has these parameters, and whether the
    /// operation was kept.
    fn lowered(parameters: &str) -> (Vec<String>, bool) {
        let model = model_of("/things", parameters);
        let said = model.diagnostics.iter().map(|d| d.to_string()).collect();
        (said, !model.operations.is_empty())
    }

    #[test]
    fn styles_and_their_explode_defaults_are_openapis() {
        let parameters: String = [
            "{name: a, in: path, required: true, schema: {type: string}}",
            "{name: b, in: path, required: true, schema: LIST}",
            "{name: c, in: path, required: true, style: label, schema: {type: string}}",
            "{name: d, in: path, required: true, style: matrix, explode: true, schema: OBJECT}",
            "{name: q, in: query, schema: LIST}",
            "{name: s, in: query, style: spaceDelimited, schema: LIST}",
            "{name: H, in: header, schema: LIST}",
            "{name: O, in: header, schema: OBJECT}",
            "{name: k, in: cookie, schema: LIST}",
        ]
        .map(|p| format!("        - {p}\n"))
        .concat()
        .replace("LIST", "{type: array, items: {type: string}}")
        .replace("OBJECT", "{type: object, properties: {a: {type: string}}}");
        let model = model_of("/things/{a}/{b}/{c}/{d}", &parameters);
        let params = &model.operations[0].params;
        let seen: Vec<(&str, ParamEncoding, bool)> = params
            .iter()
            .map(|p| (p.json_name.as_str(), p.encoding, p.explode))
            .collect();
        assert_eq!(
            seen,
            [
                ("a", ParamEncoding::Text, false),
                ("b", ParamEncoding::Styled("Simple"), false),
                ("c", ParamEncoding::Styled("Label"), false),
                ("d", ParamEncoding::Styled("Matrix"), true),
                ("q", ParamEncoding::Text, true),
                ("s", ParamEncoding::Styled("SpaceDelimited"), false),
                ("H", ParamEncoding::Text, false),
                ("O", ParamEncoding::Styled("Simple"), false),
                ("k", ParamEncoding::Styled("Form"), true),
            ]
        );
    }

    #[test]
    fn parameters_that_cannot_be_sent_are_left_out_or_skip_the_operation() {
        let header = |name: &str, required: bool| {
            format!(
                "        - {{name: '{name}', in: header, required: {required}, schema: {{type: string}}}}\n"
            )
        };
        let (said, kept) = lowered(&header("X Trace", false));
        assert!(kept);
        assert!(
            said.iter()
                .any(|d| d.contains("optional parameter `X Trace` is left out")
                    && d.contains("not an HTTP header name")
                    && d.contains("#/paths/~1things/get/parameters/0")),
            "{said:?}"
        );
        let (said, kept) = lowered(&header("X:Trace", true));
        assert!(!kept);
        assert!(
            said.iter()
                .any(|d| d.contains("its required parameter `X:Trace`")),
            "{said:?}"
        );
        let (said, kept) = lowered(&header("X-Trace", true));
        assert!(kept && said.is_empty(), "{said:?}");

        let (said, kept) = lowered(
            "        - {name: s, in: cookie, schema: {type: string}}\n        - {name: f, in: query, style: deepObject, schema: {type: object}}\n",
        );
        assert!(kept);
        assert!(
            said.is_empty(),
            "a cookie and a `deepObject` query parameter are sent: {said:?}"
        );
    }
}
