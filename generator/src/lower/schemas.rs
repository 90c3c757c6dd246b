//! Schemas → type definitions: structs, enums, validated strings, aliases, `allOf` merges,
//! and the request/response view split.

use std::collections::{BTreeSet, HashMap, HashSet};

use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema};
use serde_json::Value;

use super::flat::{Flat, SchemaRef};
use super::refs::{self, Kind};
use super::{Dir, Lowerer, NameSource, Root};
use crate::error::{DiagnosticKind, EMPTY_ENUM, ProblemKind};
use crate::model::{
    Additional, Constraints, EnumDef, EnumRepr, EnumVariant, Field, StructDef, TypeId, TypeKind,
    TypeRef,
};
use crate::names;
use crate::pointer::Pointer;

/// How a schema is used at one place: its type and what the place needs to know.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    pub ty: TypeRef,
    pub nullable: bool,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub deprecated: bool,
}

impl Use {
    fn json() -> Self {
        Use {
            ty: TypeRef::Json,
            nullable: false,
            description: None,
            default: None,
            deprecated: false,
        }
    }

    /// The use of a schema that a wrapper (`allOf: [X]`, `oneOf: [X]`) stands for: the
    /// wrapper's docs, default, `nullable` and `deprecated` win over the wrapped schema's.
    fn seen_through(mut self, wrapper: &openapiv3::SchemaData, or_null: bool) -> Self {
        self.nullable |= wrapper.nullable || or_null;
        self.deprecated |= wrapper.deprecated;
        if wrapper.description.is_some() {
            self.description = wrapper.description.clone();
        }
        if wrapper.default.is_some() {
            self.default = wrapper.default.clone();
        }
        self
    }
}

/// A property on its way into a struct.
#[derive(Debug, Clone)]
pub(crate) struct PropIn<'a> {
    pub name: &'a str,
    pub schema: SchemaRef<'a>,
    pub origin: Pointer,
}

/// Compiles a `pattern` as the generated code will: ECMA-262 with the `u` flag, as JSON
/// Schema asks for, or, when the pattern is only valid without it (many real specs write
/// `\:` or `\-`, which Annex B allows), without flags. Returns the regex and whether the
/// `u` flag was used; the error is the one under the `u` flag.
pub fn compile_pattern(pattern: &str) -> Result<(regress::Regex, bool), regress::Error> {
    match regress::Regex::with_flags(pattern, "u") {
        Ok(re) => Ok((re, true)),
        Err(e) => match regress::Regex::with_flags(pattern, "") {
            Ok(re) => Ok((re, false)),
            Err(_) => Err(e),
        },
    }
}

/// Whether a schema becomes a named type of its own.
pub(crate) fn needs_name(flat: &Flat<'_>) -> bool {
    (flat.has_enum && flat.typ != Some("array"))
        || !flat.alternatives().is_empty()
        || !flat.all_of.is_empty()
        || !flat.properties.is_empty()
        || flat
            .data
            .discriminator
            .as_ref()
            .is_some_and(|d| !d.mapping.is_empty())
        || (flat.typ == Some("string")
            && (flat.pattern.is_some() || flat.min_length.is_some() || flat.max_length.is_some()))
}

/// The positions of the alternatives that are `type: null`.
pub(crate) fn null_alternatives(doc: &OpenAPI, flat: &Flat<'_>) -> Vec<usize> {
    flat.alternatives()
        .iter()
        .enumerate()
        .filter(|(_, a)| resolve_quiet(doc, **a).is_some_and(|(s, _)| Flat::new(s).is_null_type()))
        .map(|(i, _)| i)
        .collect()
}

/// Resolves a reference without reporting problems (those are reported where the
/// reference is lowered).
pub(crate) fn resolve_quiet<'a>(
    doc: &'a OpenAPI,
    s: SchemaRef<'a>,
) -> Option<(&'a Schema, Option<&'a str>)> {
    match s {
        SchemaRef::Inline(schema) => Some((schema, None)),
        SchemaRef::Ref(r) => refs::resolve(refs::schemas(doc), Kind::Schemas, r)
            .ok()
            .map(|res| (res.item, Some(res.name))),
    }
}

/// The properties of a schema with everything its `allOf` members bring, members first.
pub(crate) fn effective_properties<'a>(
    doc: &'a OpenAPI,
    schema: &'a Schema,
) -> Vec<(&'a str, SchemaRef<'a>)> {
    fn go<'a>(
        doc: &'a OpenAPI,
        schema: &'a Schema,
        seen: &mut HashSet<*const Schema>,
        out: &mut Vec<(&'a str, SchemaRef<'a>)>,
    ) {
        if !seen.insert(schema as *const Schema) {
            return;
        }
        let flat = Flat::new(schema);
        for m in &flat.all_of {
            if let Some((s, _)) = resolve_quiet(doc, *m) {
                go(doc, s, seen, out);
            }
        }
        for (name, s) in &flat.properties {
            if let Some(slot) = out.iter_mut().find(|(n, _)| n == name) {
                slot.1 = *s;
            } else {
                out.push((name, *s));
            }
        }
    }
    let mut out = Vec::new();
    go(doc, schema, &mut HashSet::new(), &mut out);
    out
}

/// `readOnly` and `writeOnly` of a schema, looking through a reference.
pub(crate) fn read_write(doc: &OpenAPI, s: SchemaRef<'_>) -> (bool, bool) {
    match resolve_quiet(doc, s) {
        Some((schema, _)) => (schema.schema_data.read_only, schema.schema_data.write_only),
        None => (false, false),
    }
}

/// Which component schemas need separate request and response views: those with a
/// `readOnly` or `writeOnly` property anywhere inside, directly or through references.
pub(crate) fn compute_split(doc: &OpenAPI) -> HashMap<String, bool> {
    let schemas = refs::schemas(doc);
    let mut direct: HashMap<&str, bool> = HashMap::new();
    let mut edges: HashMap<&str, Vec<String>> = HashMap::new();
    for (name, entry) in schemas {
        let ReferenceOr::Item(schema) = entry else {
            if let ReferenceOr::Reference { reference } = entry {
                if let Ok(target) = refs::component_name(reference, Kind::Schemas) {
                    edges.entry(name).or_default().push(target);
                }
            }
            continue;
        };
        let mut d = false;
        let mut e = Vec::new();
        scan(doc, schema, &mut d, &mut e, 0);
        direct.insert(name, d);
        edges.insert(name, e);
    }
    let mut result: HashMap<String, bool> =
        direct.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    loop {
        let mut changed = false;
        for (name, targets) in &edges {
            if result.get(*name).copied().unwrap_or(false) {
                continue;
            }
            if targets
                .iter()
                .any(|t| result.get(t).copied().unwrap_or(false))
            {
                result.insert((*name).to_owned(), true);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    result
}

fn scan(doc: &OpenAPI, schema: &Schema, direct: &mut bool, edges: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    let flat = Flat::new(schema);
    let sub = |s: SchemaRef<'_>, direct: &mut bool, edges: &mut Vec<String>| match s {
        SchemaRef::Ref(r) => {
            if let Ok(t) = refs::component_name(r, Kind::Schemas) {
                edges.push(t);
            }
        }
        SchemaRef::Inline(inner) => scan(doc, inner, direct, edges, depth + 1),
    };
    for (_, p) in &flat.properties {
        let (ro, wo) = read_write(doc, *p);
        if ro || wo {
            *direct = true;
        }
        sub(*p, direct, edges);
    }
    if let Some(items) = flat.items {
        sub(items, direct, edges);
    }
    if let Some(AdditionalProperties::Schema(ap)) = flat.additional {
        sub(SchemaRef::of(ap), direct, edges);
    }
    for m in flat.all_of.iter().chain(&flat.one_of).chain(&flat.any_of) {
        sub(*m, direct, edges);
    }
    if let Some(d) = &flat.data.discriminator {
        for target in d.mapping.values() {
            let r = mapping_ref(target);
            if let Ok(t) = refs::component_name(&r, Kind::Schemas) {
                edges.push(t);
            }
        }
    }
}

/// A discriminator mapping value is a reference or a bare schema name.
pub(crate) fn mapping_ref(target: &str) -> String {
    if target.starts_with('#') || target.contains('/') {
        target.to_owned()
    } else {
        format!("#/components/schemas/{target}")
    }
}

impl<'a> Lowerer<'a> {
    /// Reports a `type: null` alternative, read as "or null".
    pub(crate) fn null_alternative_read(&mut self, ptr: &Pointer) {
        self.diagnostic(
            DiagnosticKind::Repaired,
            ptr,
            "`type: null` is not an OpenAPI 3.0 type; this alternative is read as \
             `nullable: true`"
                .to_owned(),
        );
    }

    /// Lowers one use of a schema: a reference becomes the component's type, an inline
    /// schema a primitive or a new named type.
    pub(crate) fn use_schema(
        &mut self,
        s: SchemaRef<'a>,
        ptr: &Pointer,
        dir: Dir,
        name: NameSource,
    ) -> Use {
        match s {
            SchemaRef::Ref(r) => match refs::resolve(refs::schemas(self.doc), Kind::Schemas, r) {
                Err(e) if e.kind == ProblemKind::Unsupported && r.starts_with("#/") => {
                    // A reference into the document, but not to a component: the value is
                    // still carried, as untyped JSON.
                    self.diagnostic(
                        DiagnosticKind::Skipped,
                        &ptr.join("$ref"),
                        format!("{}; the value is kept as untyped JSON", e.message),
                    );
                    Use::json()
                }
                Err(e) => {
                    self.problem(e.kind, &ptr.join("$ref"), e.message);
                    Use::json()
                }
                Ok(res) => {
                    let data = &res.item.schema_data;
                    let or_null = !null_alternatives(self.doc, &Flat::new(res.item)).is_empty();
                    let ty = self.component(res.name, res.item, res.pointer, dir);
                    Use {
                        ty,
                        nullable: data.nullable || enum_has_null(res.item) || or_null,
                        description: data.description.clone(),
                        default: data.default.clone(),
                        deprecated: data.deprecated,
                    }
                }
            },
            SchemaRef::Inline(schema) => {
                let flat = Flat::new(schema);
                let data = &schema.schema_data;
                // `allOf: [one]` and nothing else is that one schema, with these docs.
                if flat.all_of.len() == 1
                    && flat.properties.is_empty()
                    && flat.alternatives().is_empty()
                    && !flat.has_enum
                    && flat.typ.is_none_or(|t| t == "object")
                    && flat.additional.is_none()
                {
                    let u =
                        self.use_schema(flat.all_of[0], &ptr.join("allOf").join("0"), dir, name);
                    return u.seen_through(data, false);
                }
                // `anyOf: [X, {type: null}]` (3.1 style) and `oneOf: [X]`: that one schema,
                // with these docs, null allowed when the spec says so.
                let nulls = null_alternatives(self.doc, &flat);
                let alternatives = flat.alternatives();
                if !alternatives.is_empty()
                    && alternatives.len() - nulls.len() <= 1
                    && flat.properties.is_empty()
                    && flat.all_of.is_empty()
                    && !flat.has_enum
                    && flat.typ.is_none_or(|t| t == "object")
                    && flat.additional.is_none()
                    && data.discriminator.is_none()
                {
                    let keyword = flat.alternatives_keyword();
                    for i in &nulls {
                        self.null_alternative_read(&ptr.join(keyword).join(i.to_string()));
                    }
                    let Some(i) = (0..alternatives.len()).find(|i| !nulls.contains(i)) else {
                        return Use {
                            nullable: true,
                            description: data.description.clone(),
                            deprecated: data.deprecated,
                            ..Use::json()
                        };
                    };
                    let u = self.use_schema(
                        alternatives[i],
                        &ptr.join(keyword).join(i.to_string()),
                        dir,
                        name,
                    );
                    return u.seen_through(data, !nulls.is_empty());
                }
                let ty = if needs_name(&flat) {
                    let id = self.new_draft(name, ptr.clone(), data, dir);
                    let kind = self.define(&flat, ptr, dir, id);
                    self.set_kind(id, kind);
                    TypeRef::Named(TypeId(id))
                } else {
                    self.anonymous(&flat, ptr, dir, &name)
                };
                Use {
                    ty,
                    nullable: data.nullable || flat.enum_has_null() || !nulls.is_empty(),
                    description: data.description.clone(),
                    default: data.default.clone(),
                    deprecated: data.deprecated,
                }
            }
        }
    }

    /// The type of a component schema in the view `dir` calls for; made on first use.
    pub(crate) fn component(
        &mut self,
        name: &'a str,
        schema: &'a Schema,
        pointer: Pointer,
        dir: Dir,
    ) -> TypeRef {
        let view = self.view_of(name, dir);
        if let Some(&id) = self.components.get(&(name.to_owned(), view)) {
            self.mark_usage(id, dir);
            return TypeRef::Named(TypeId(id));
        }
        let id = self.new_draft(
            NameSource::root(Root::Component(name.to_owned(), view)),
            pointer.clone(),
            &schema.schema_data,
            dir,
        );
        self.components.insert((name.to_owned(), view), id);
        let flat = Flat::new(schema);
        let kind = self.define(&flat, &pointer, dir, id);
        self.set_kind(id, kind);
        TypeRef::Named(TypeId(id))
    }

    /// What the named type `id` for this schema is.
    pub(crate) fn define(
        &mut self,
        flat: &Flat<'a>,
        ptr: &Pointer,
        dir: Dir,
        id: usize,
    ) -> TypeKind {
        if flat.has_not {
            self.diagnostic(
                DiagnosticKind::Note,
                &ptr.join("not"),
                "`not` is documented but not enforced by the generated code".to_owned(),
            );
        }
        if !flat.alternatives().is_empty() {
            return self.one_of(flat, ptr, dir, id);
        }
        if flat
            .data
            .discriminator
            .as_ref()
            .is_some_and(|d| !d.mapping.is_empty())
        {
            return self.mapped_one_of(flat, ptr, dir, id);
        }
        if !flat.all_of.is_empty() {
            return self.all_of(flat, ptr, dir, id);
        }
        if flat.has_enum {
            if let Some(e) = self.enum_def(flat, ptr) {
                return TypeKind::Enum(e);
            }
            return TypeKind::Alias(self.anonymous(
                flat,
                ptr,
                dir,
                &NameSource::root(Root::Draft(id)),
            ));
        }
        if flat.typ == Some("string")
            && (flat.pattern.is_some() || flat.min_length.is_some() || flat.max_length.is_some())
        {
            return match self.constraints(flat, ptr) {
                Some(c) => TypeKind::Constrained(c),
                None => TypeKind::Alias(TypeRef::String),
            };
        }
        if !flat.properties.is_empty() {
            let props = own_props(flat, ptr);
            let required: BTreeSet<&str> = flat.required.iter().map(String::as_str).collect();
            return TypeKind::Struct(self.struct_def(
                props,
                &required,
                flat.additional,
                ptr,
                dir,
                id,
            ));
        }
        TypeKind::Alias(self.anonymous(flat, ptr, dir, &NameSource::root(Root::Draft(id))))
    }

    /// Types that need no name of their own: primitives, lists, maps, any JSON.
    pub(crate) fn anonymous(
        &mut self,
        flat: &Flat<'a>,
        ptr: &Pointer,
        dir: Dir,
        name: &NameSource,
    ) -> TypeRef {
        let format = flat.format;
        match flat.typ.or_else(|| flat.type_from_enum()) {
            Some("string") if self.binary_as_file && format == Some("binary") => TypeRef::File,
            Some("string") => TypeRef::String,
            Some("integer") => match format {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => match format {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Boolean,
            Some("array") => self.array(flat, ptr, dir, name),
            Some("object") | None => {
                if let Some(AdditionalProperties::Schema(ap)) = flat.additional {
                    let u = self.use_schema(
                        SchemaRef::of(ap),
                        &ptr.join("additionalProperties"),
                        dir,
                        name.with("Value"),
                    );
                    TypeRef::Map(Box::new(nullable_item(u)))
                } else if flat.typ == Some("object") {
                    TypeRef::JsonObject
                } else if flat.items.is_some() {
                    self.array(flat, ptr, dir, name)
                } else {
                    TypeRef::Json
                }
            }
            Some("null") => {
                self.diagnostic(
                    DiagnosticKind::Repaired,
                    &ptr.join("type"),
                    "`type: null` is not an OpenAPI 3.0 type; the value is kept as JSON (it can \
                     only be `null`)"
                        .to_owned(),
                );
                TypeRef::Json
            }
            Some(other) => {
                self.problem(
                    ProblemKind::Invalid,
                    &ptr.join("type"),
                    format!(
                        "`type: {other}` is not an OpenAPI 3.0 type (string, number, integer, \
                         boolean, array, object)"
                    ),
                );
                TypeRef::Json
            }
        }
    }

    fn array(&mut self, flat: &Flat<'a>, ptr: &Pointer, dir: Dir, name: &NameSource) -> TypeRef {
        // An `enum` on the array itself (with string items) lists what the items may be:
        // an array can never equal a string, so that is the only reading that allows any
        // value at all.
        if flat.has_enum && flat.enum_is_strings() {
            let item_is_string = match flat.items {
                Some(items) => resolve_quiet(self.doc, items)
                    .is_some_and(|(s, _)| Flat::new(s).typ.is_none_or(|t| t == "string")),
                None => true,
            };
            if item_is_string {
                let mut item_flat = flat.clone();
                item_flat.typ = Some("string");
                if let Some(e) = self.enum_def(&item_flat, ptr) {
                    let data = openapiv3::SchemaData::default();
                    let id = self.new_draft(name.with("Item"), ptr.join("enum"), &data, dir);
                    self.set_kind(id, TypeKind::Enum(e));
                    return TypeRef::Array(Box::new(TypeRef::Named(TypeId(id))));
                }
            }
        }
        match flat.items {
            Some(items) => {
                let u = self.use_schema(items, &ptr.join("items"), dir, name.with("Item"));
                TypeRef::Array(Box::new(nullable_item(u)))
            }
            None => {
                self.diagnostic(
                    DiagnosticKind::Repaired,
                    ptr,
                    "`type: array` needs `items` (OpenAPI 3.0 requires it); the items are kept \
                     as JSON"
                        .to_owned(),
                );
                TypeRef::Array(Box::new(TypeRef::Json))
            }
        }
    }

    /// A struct from properties, dropping those that do not travel in `dir`.
    pub(crate) fn struct_def(
        &mut self,
        props: Vec<PropIn<'a>>,
        required: &BTreeSet<&str>,
        additional: Option<&'a AdditionalProperties>,
        ptr: &Pointer,
        dir: Dir,
        owner: usize,
    ) -> StructDef {
        let mut scope = names::Scope::new();
        let mut fields = Vec::new();
        let mut diagnostics = Vec::new();
        for p in &props {
            let (ro, wo) = read_write(self.doc, p.schema);
            if (dir == Dir::Request && ro) || (dir == Dir::Response && wo) {
                continue;
            }
            let u = match self.shared_property(owner, p.name, p.schema, dir) {
                Some(u) => u,
                None => self.use_schema(
                    p.schema,
                    &p.origin,
                    dir,
                    NameSource::property(owner, p.name),
                ),
            };
            let name = scope.claim(
                &names::field_name(p.name),
                &p.origin,
                "field",
                &mut diagnostics,
            );
            fields.push(Field {
                json_name: p.name.to_owned(),
                name,
                ty: u.ty,
                required: required.contains(p.name),
                nullable: u.nullable,
                description: u.description,
                default: u.default,
                deprecated: u.deprecated,
                origin: p.origin.clone(),
            });
        }
        for r in required {
            if !props.iter().any(|p| p.name == *r) {
                self.diagnostic(
                    DiagnosticKind::Note,
                    &ptr.join("required"),
                    format!("required property `{r}` is not listed in `properties`; it is not represented"),
                );
            }
        }
        let additional = match additional {
            None | Some(AdditionalProperties::Any(true)) => Additional::Ignored,
            Some(AdditionalProperties::Any(false)) => Additional::Forbidden,
            Some(AdditionalProperties::Schema(ap)) => {
                let aptr = ptr.join("additionalProperties");
                let u = self.use_schema(
                    SchemaRef::of(ap),
                    &aptr,
                    dir,
                    NameSource::child_of(owner, "Value"),
                );
                // The map is a field too: a property of the same name makes it collide.
                let field = scope.claim(
                    "additional_properties",
                    &aptr,
                    "field for the members beyond the listed properties",
                    &mut diagnostics,
                );
                Additional::Typed {
                    ty: nullable_item(u),
                    field,
                }
            }
        };
        self.diagnostics.extend(diagnostics);
        StructDef {
            fields,
            additional,
            writes_tag_for_one_of: false,
        }
    }

    /// `allOf`: every member's properties, merged into one struct.
    fn all_of(&mut self, flat: &Flat<'a>, ptr: &Pointer, dir: Dir, id: usize) -> TypeKind {
        let mut props: Vec<PropIn<'a>> = Vec::new();
        let mut required: BTreeSet<&'a str> = BTreeSet::new();
        let mut additional = None;
        let mut stack = Vec::new();
        self.collect_all_of(
            flat,
            ptr,
            &mut props,
            &mut required,
            &mut additional,
            &mut stack,
        );
        if props.is_empty() && additional.is_none() {
            return TypeKind::Alias(self.anonymous(
                flat,
                ptr,
                dir,
                &NameSource::root(Root::Draft(id)),
            ));
        }
        TypeKind::Struct(self.struct_def(props, &required, additional, ptr, dir, id))
    }

    /// Gathers the properties of `flat` and its `allOf` members, depth first, later ones
    /// replacing earlier ones of the same name.
    pub(crate) fn collect_all_of(
        &mut self,
        flat: &Flat<'a>,
        ptr: &Pointer,
        props: &mut Vec<PropIn<'a>>,
        required: &mut BTreeSet<&'a str>,
        additional: &mut Option<&'a AdditionalProperties>,
        stack: &mut Vec<&'a str>,
    ) {
        for (i, m) in flat.all_of.iter().enumerate() {
            let mptr = ptr.join("allOf").join(i.to_string());
            let (schema, base) = match m {
                SchemaRef::Inline(s) => (*s, mptr.clone()),
                SchemaRef::Ref(r) => match refs::resolve(refs::schemas(self.doc), Kind::Schemas, r)
                {
                    Ok(res) => {
                        if stack.contains(&res.name) {
                            self.problem(
                                ProblemKind::Invalid,
                                &mptr.join("$ref"),
                                format!(
                                    "`allOf` includes `{}`, which includes this schema again",
                                    res.name
                                ),
                            );
                            continue;
                        }
                        stack.push(res.name);
                        let inner = Flat::new(res.item);
                        self.collect_all_of(
                            &inner,
                            &res.pointer,
                            props,
                            required,
                            additional,
                            stack,
                        );
                        stack.pop();
                        continue;
                    }
                    Err(e) => {
                        self.problem(e.kind, &mptr.join("$ref"), e.message);
                        continue;
                    }
                },
            };
            let inner = Flat::new(schema);
            self.collect_all_of(&inner, &base, props, required, additional, stack);
        }
        if !flat.alternatives().is_empty() && !flat.all_of.is_empty() {
            self.diagnostic(
                DiagnosticKind::Note,
                &ptr.join(flat.alternatives_keyword()),
                "alternatives inside an `allOf` member are not merged; only its properties are"
                    .to_owned(),
            );
        }
        for (name, s) in &flat.properties {
            let origin = ptr.join("properties").join(name);
            if let Some(slot) = props.iter_mut().find(|p| p.name == *name) {
                slot.schema = *s;
                slot.origin = origin;
            } else {
                props.push(PropIn {
                    name,
                    schema: *s,
                    origin,
                });
            }
        }
        required.extend(flat.required.iter().map(String::as_str));
        if flat.additional.is_some() {
            *additional = flat.additional;
        }
    }

    /// A string or integer enum; `None` (after a problem) when the values do not fit.
    pub(crate) fn enum_def(&mut self, flat: &Flat<'a>, ptr: &Pointer) -> Option<EnumDef> {
        let eptr = ptr.join("enum");
        let enumeration = flat.enumeration();
        if enumeration.is_empty() {
            self.problem(ProblemKind::Invalid, &eptr, EMPTY_ENUM.to_owned());
            return None;
        }
        let values: Vec<(usize, &Value)> = enumeration
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .collect();
        if values.is_empty() {
            self.diagnostic(
                DiagnosticKind::Note,
                &eptr,
                "`enum` holds only `null`; the value is kept as JSON".to_owned(),
            );
            return None;
        }
        let all_strings = values.iter().all(|(_, v)| v.is_string());
        let all_ints = values.iter().all(|(_, v)| v.is_i64());
        let repr = match flat.typ {
            Some("string") | None if all_strings => EnumRepr::String,
            Some("integer") | None if all_ints => EnumRepr::Integer,
            Some("boolean") if values.iter().all(|(_, v)| v.is_boolean()) => {
                // A boolean restricted to some values: keep it a boolean.
                return None;
            }
            Some("number") if values.iter().all(|(_, v)| v.is_number()) => return None,
            // No `type`, and values that only a boolean or number takes: that type, as is.
            None if flat.type_from_enum().is_some() => return None,
            _ => {
                let (i, bad) = values
                    .iter()
                    .find(|(_, v)| match flat.typ {
                        Some("integer") => !v.is_i64(),
                        _ => !v.is_string(),
                    })
                    .or_else(|| values.first())
                    .copied()
                    .unwrap_or((0, &Value::Null));
                let want = match flat.typ {
                    Some("integer") => "integers",
                    Some("number") => "numbers",
                    Some("boolean") => "booleans",
                    Some(t) if t != "string" => {
                        // An `enum` of objects or arrays is valid JSON Schema, and Rust has
                        // no type for "one of these values": the schema's own type stands.
                        self.diagnostic(
                            DiagnosticKind::Note,
                            &eptr,
                            format!(
                                "`enum` on a schema of type `{t}` is documented, not enforced: only \
                                 string and integer enums become Rust enums"
                            ),
                        );
                        return None;
                    }
                    Some(_) => "strings",
                    None => "of one type",
                };
                self.diagnostic(
                    DiagnosticKind::Repaired,
                    &eptr.join(i.to_string()),
                    format!(
                        "`enum` values must all be {want}; this one is `{bad}`. The values are \
                         documented but not enforced"
                    ),
                );
                return None;
            }
        };
        let mut scope = names::Scope::new();
        let mut diagnostics = Vec::new();
        let mut seen = HashSet::new();
        let mut variants = Vec::new();
        for (i, v) in values {
            let (value, candidate) = match v {
                Value::String(s) => (s.clone(), names::variant_name(s)),
                other => {
                    let n = other.as_i64().unwrap_or_default();
                    let name = if n < 0 {
                        format!("Minus{}", n.unsigned_abs())
                    } else {
                        format!("V{n}")
                    };
                    (n.to_string(), name)
                }
            };
            if !seen.insert(value.clone()) {
                self.diagnostic(
                    DiagnosticKind::Note,
                    &eptr.join(i.to_string()),
                    format!("`enum` lists `{value}` twice; it is kept once"),
                );
                continue;
            }
            let name = scope.claim(
                &candidate,
                &eptr.join(i.to_string()),
                "enum variant",
                &mut diagnostics,
            );
            variants.push(EnumVariant { value, name });
        }
        self.diagnostics.extend(diagnostics);
        let catch_all =
            (variants.len() > 1).then(|| free_name(&scope, &["Unknown", "Other", "UnknownValue"]));
        Some(EnumDef {
            variants,
            catch_all,
            repr,
        })
    }

    /// Pattern and length limits, checked now so that a bad pattern fails generation.
    fn constraints(&mut self, flat: &Flat<'a>, ptr: &Pointer) -> Option<Constraints> {
        let mut ok = true;
        let mut unicode = true;
        if let Some(p) = flat.pattern {
            let checked = self
                .patterns
                .entry(p)
                .or_insert_with(|| {
                    compile_pattern(p)
                        .map(|(_, u)| u)
                        .map_err(|e| e.to_string())
                })
                .clone();
            match checked {
                Ok(u) => unicode = u,
                Err(e) => {
                    self.problem(
                        ProblemKind::Invalid,
                        &ptr.join("pattern"),
                        format!("`pattern` {p:?} is not a valid ECMA-262 regular expression: {e}"),
                    );
                    ok = false;
                }
            }
        }
        let (mut min_length, mut max_length) = (flat.min_length, flat.max_length);
        if let (Some(min), Some(max)) = (min_length, max_length) {
            if min > max {
                // Valid JSON Schema, and a way some specs say "never send this member".
                self.diagnostic(
                    DiagnosticKind::Note,
                    &ptr.join("minLength"),
                    format!(
                        "`minLength` {min} is greater than `maxLength` {max}: no value could be \
                         valid; the lengths are documented, not enforced"
                    ),
                );
                (min_length, max_length) = (None, None);
            }
        }
        ok.then(|| Constraints {
            pattern: flat.pattern.map(str::to_owned),
            unicode,
            min_length,
            max_length,
        })
    }
}

impl<'a> Lowerer<'a> {
    /// The type of property `name` of the struct `owner`, when it is shared with the one-of
    /// schema that `owner` belongs to: `owner` is that schema's common-properties struct, or
    /// one of its alternatives that repeats the property with the same schema. The one-of
    /// schema declares the property for all of them, so all of them get one type, named
    /// after it (`ServerlessTenantEndpointStatus`).
    fn shared_property(
        &mut self,
        owner: usize,
        name: &str,
        schema: SchemaRef<'a>,
        dir: Dir,
    ) -> Option<Use> {
        let parent = match (&self.drafts[owner].name.root, self.common_of.get(&owner)) {
            (_, Some(parent)) => parent.clone(),
            (Root::Component(c, _), None) => self.alt_parent.get(c)?.clone(),
            _ => return None,
        };
        let reference = format!("#/components/schemas/{}", crate::pointer::escape(&parent));
        let res = refs::resolve(refs::schemas(self.doc), Kind::Schemas, &reference).ok()?;
        let pflat = Flat::new(res.item);
        let (pname, pschema) = pflat.properties.iter().find(|(n, _)| *n == name).copied()?;
        if !same_schema(self.doc, pschema, schema) {
            return None;
        }
        let view = self.view_of(res.name, dir);
        let key = (res.name.to_owned(), pname.to_owned(), view);
        if let Some(u) = self.shared.get(&key).cloned() {
            if let TypeRef::Named(id) = &u.ty {
                self.mark_usage(id.0, dir);
            }
            return Some(u);
        }
        let source = NameSource::component_property(res.name, view, pname);
        let origin = res.pointer.join("properties").join(pname);
        let u = self.use_schema(pschema, &origin, dir, source);
        self.shared.insert(key, u.clone());
        Some(u)
    }
}

/// Whether two property schemas say the same, descriptions and examples aside.
fn same_schema(doc: &OpenAPI, a: SchemaRef<'_>, b: SchemaRef<'_>) -> bool {
    let _ = doc;
    match (a, b) {
        (SchemaRef::Ref(x), SchemaRef::Ref(y)) => x == y,
        (SchemaRef::Inline(x), SchemaRef::Inline(y)) => {
            let strip = |s: &Schema| {
                let mut data = s.schema_data.clone();
                data.description = None;
                data.example = None;
                data.title = None;
                data
            };
            x.schema_kind == y.schema_kind && strip(x) == strip(y)
        }
        _ => false,
    }
}

/// The properties written in this schema itself, with their pointers.
pub(crate) fn own_props<'a>(flat: &Flat<'a>, ptr: &Pointer) -> Vec<PropIn<'a>> {
    flat.properties
        .iter()
        .map(|(name, s)| PropIn {
            name,
            schema: *s,
            origin: ptr.join("properties").join(name),
        })
        .collect()
}

fn enum_has_null(schema: &Schema) -> bool {
    Flat::new(schema).enum_has_null()
}

/// A list item or map value that may be `null` keeps its `Option`.
fn nullable_item(u: Use) -> TypeRef {
    if u.nullable {
        TypeRef::Nullable(Box::new(u.ty))
    } else {
        u.ty
    }
}

/// The first of `candidates` that the scope does not hold yet.
pub(crate) fn free_name(scope: &names::Scope, candidates: &[&str]) -> String {
    for c in candidates {
        if !scope.contains(c) {
            return (*c).to_owned();
        }
    }
    let mut n = 2;
    loop {
        let c = format!("{}{n}", candidates[0]);
        if !scope.contains(&c) {
            return c;
        }
        n += 1;
    }
}
