//! Alternatives (`oneOf`, `anyOf`) and discriminators → one-of enums.
//!
//! How a value is matched to an alternative, in order of preference:
//! 1. alternatives that are all string enums are one enum with every value (Atlas lists
//!    instance sizes and regions per cloud provider this way);
//! 2. an explicit `discriminator` (with or without `mapping`);
//! 3. a property that every alternative restricts to values of its own (a one-value
//!    enum such as `providerName: [AWS]`, or disjoint sets of values), with at most one
//!    alternative that leaves it open and takes the rest;
//! 4. otherwise the best match: the alternative that accepts the value and knows the most
//!    of its members.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Schema};
use serde_json::Value;

use super::flat::{Flat, SchemaRef};
use super::refs::{self, Kind};
use super::schemas::{PropIn, effective_properties, free_name, mapping_ref, resolve_quiet};
use super::{Dir, Lowerer, NameSource};
use crate::error::{DiagnosticKind, ProblemKind};
use crate::model::{
    Additional, OneOfDef, OneOfVariant, Strategy, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::names;
use crate::pointer::Pointer;

struct Member<'a> {
    sref: SchemaRef<'a>,
    schema: Option<&'a Schema>,
    ref_name: Option<&'a str>,
    pointer: Pointer,
}

/// The values an alternative allows for a would-be tag property.
enum TagSet {
    Values(Vec<String>),
    Any,
}

impl<'a> Lowerer<'a> {
    pub(crate) fn one_of(
        &mut self,
        flat: &Flat<'a>,
        ptr: &Pointer,
        dir: Dir,
        id: usize,
    ) -> TypeKind {
        let keyword = flat.alternatives_keyword();
        let nulls = super::schemas::null_alternatives(self.doc, flat);
        for i in &nulls {
            self.null_alternative_read(&ptr.join(keyword).join(i.to_string()));
        }
        let members: Vec<Member<'a>> = flat
            .alternatives()
            .iter()
            .enumerate()
            .filter(|(i, _)| !nulls.contains(i))
            .map(|(i, m)| {
                let resolved = resolve_quiet(self.doc, *m);
                Member {
                    sref: *m,
                    schema: resolved.map(|r| r.0),
                    ref_name: resolved.and_then(|r| r.1),
                    pointer: ptr.join(keyword).join(i.to_string()),
                }
            })
            .collect();

        if flat.properties.is_empty() && flat.all_of.is_empty() {
            if let Some(e) = self.union_enum(&members) {
                return TypeKind::Enum(e);
            }
        }

        // The tag property (and whether a discriminator named it), each alternative's tag
        // values, and the alternative that takes untagged values.
        let (tag, tags, fallback_index) = match &flat.data.discriminator {
            Some(d) => {
                let tags = self.explicit_tags(&d.mapping, &d.property_name, &members, ptr);
                (Some((d.property_name.clone(), true)), tags, None)
            }
            None => match implicit_tags(self.doc, &members) {
                Some((property, tags, fallback)) => (Some((property, false)), tags, fallback),
                None => (None, vec![Vec::new(); members.len()], None),
            },
        };

        let mut scope = names::Scope::new();
        let mut diagnostics = Vec::new();
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let title = m.schema.and_then(|s| s.schema_data.title.as_deref());
            let candidate = if tags[i].len() == 1 {
                names::variant_name(&tags[i][0])
            } else if let Some(r) = m.ref_name {
                names::type_name(r)
            } else if let Some(t) = title {
                names::type_name(t)
            } else if let Some(t) = m.schema.and_then(|s| Flat::new(s).typ) {
                // An untitled inline alternative: its JSON type (`Integer`, `String`).
                names::type_name(t)
            } else {
                format!("Variant{}", i + 1)
            };
            let name = scope.claim(&candidate, &m.pointer, "variant", &mut diagnostics);
            let u = self.use_schema(m.sref, &m.pointer, dir, NameSource::child_of(id, &name));
            variants.push(OneOfVariant {
                name,
                ty: u.ty,
                tags: tags[i].clone(),
                origin: m.pointer.clone(),
            });
        }
        self.diagnostics.extend(diagnostics);

        let (strategy, catch_all) = match tag {
            Some((property, explicit)) => {
                let fallback = fallback_index
                    .and_then(|i| variants.get(i))
                    .map(|v| v.name.clone());
                let catch_all = fallback
                    .is_none()
                    .then(|| free_name(&scope, &["Unknown", "Other", "UnknownVariant"]));
                let accessor = tag_accessor(&property, &variants, &fallback);
                (
                    Strategy::Tagged {
                        property,
                        explicit,
                        fallback,
                        accessor,
                    },
                    catch_all,
                )
            }
            None => (Strategy::BestMatch, None),
        };
        let common = self.common(flat, ptr, dir, id);
        TypeKind::OneOf(OneOfDef {
            variants,
            strategy,
            check_common: common.is_some(),
            common,
            catch_all,
        })
    }

    /// A schema with a `discriminator.mapping` and no alternatives: the mapping's targets
    /// are the alternatives (the parent-with-subtypes style of polymorphism).
    pub(crate) fn mapped_one_of(
        &mut self,
        flat: &Flat<'a>,
        ptr: &Pointer,
        dir: Dir,
        id: usize,
    ) -> TypeKind {
        let Some(disc) = flat.data.discriminator.as_ref() else {
            return TypeKind::Alias(TypeRef::Json);
        };
        let common = self.common(flat, ptr, dir, id);
        // Targets in order of first appearance, with every value that selects each.
        let mut targets: Vec<(String, Vec<String>, Pointer)> = Vec::new();
        for (value, target) in &disc.mapping {
            let r = mapping_ref(target);
            let mptr = ptr.join("discriminator").join("mapping").join(value);
            if let Some(t) = targets.iter_mut().find(|t| t.0 == r) {
                t.1.push(value.clone());
            } else {
                targets.push((r, vec![value.clone()], mptr));
            }
        }
        let mut scope = names::Scope::new();
        let mut diagnostics = Vec::new();
        let mut variants = Vec::new();
        for (r, tags, mptr) in targets {
            let resolved = match refs::resolve(refs::schemas(self.doc), Kind::Schemas, &r) {
                Ok(res) => res,
                Err(e) => {
                    self.diagnostic(
                        DiagnosticKind::Skipped,
                        &mptr,
                        format!(
                            "{}; the value {} is not mapped to a type of its own",
                            e.message,
                            tag_list(&tags)
                        ),
                    );
                    continue;
                }
            };
            let candidate = if tags.len() == 1 {
                names::variant_name(&tags[0])
            } else {
                names::type_name(resolved.name)
            };
            let name = scope.claim(&candidate, &mptr, "variant", &mut diagnostics);
            let ty = if &resolved.pointer == ptr {
                // The parent maps a value to itself: that variant is the parent's own
                // properties, not the enum again (which would recurse forever).
                match common {
                    Some(c) => TypeRef::Named(c),
                    None => TypeRef::JsonObject,
                }
            } else {
                self.component(resolved.name, resolved.item, resolved.pointer.clone(), dir)
            };
            variants.push(OneOfVariant {
                name,
                ty,
                tags,
                origin: mptr,
            });
        }
        self.diagnostics.extend(diagnostics);
        if variants.is_empty() {
            // No target exists: the schema is what its own properties say.
            return match common {
                Some(c) => TypeKind::Alias(TypeRef::Named(c)),
                None => TypeKind::Alias(TypeRef::JsonObject),
            };
        }
        let catch_all = Some(free_name(&scope, &["Unknown", "Other", "UnknownVariant"]));
        let accessor = tag_accessor(&disc.property_name, &variants, &None);
        TypeKind::OneOf(OneOfDef {
            variants,
            strategy: Strategy::Tagged {
                accessor,
                property: disc.property_name.clone(),
                explicit: true,
                fallback: None,
            },
            check_common: common.is_some(),
            common,
            catch_all,
        })
    }

    /// The properties beside the alternatives (and in `allOf`), as a struct that every
    /// value is checked against.
    fn common(&mut self, flat: &Flat<'a>, ptr: &Pointer, dir: Dir, id: usize) -> Option<TypeId> {
        if flat.properties.is_empty() && flat.all_of.is_empty() {
            return None;
        }
        let mut props: Vec<PropIn<'a>> = Vec::new();
        let mut required = BTreeSet::new();
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
        if props.is_empty() {
            return None;
        }
        let data = openapiv3::SchemaData::default();
        let cid = self.new_draft(NameSource::child_of(id, "Common"), ptr.clone(), &data, dir);
        if let super::Root::Component(name, _) = &self.drafts[id].name.root {
            let name = name.clone();
            self.common_of.insert(cid, name);
        }
        let def = self.struct_def(props, &required, additional, ptr, dir, cid);
        self.set_kind(cid, TypeKind::Struct(def));
        Some(TypeId(cid))
    }

    /// Alternatives that are all string enums: one enum with every value, in order.
    fn union_enum(&mut self, members: &[Member<'a>]) -> Option<crate::model::EnumDef> {
        let mut values: Vec<(String, Pointer)> = Vec::new();
        for m in members {
            let flat = Flat::new(m.schema?);
            let is_string_enum = flat.has_enum
                && flat.typ.is_none_or(|t| t == "string")
                && flat.properties.is_empty()
                && flat.alternatives().is_empty()
                && flat.enum_is_strings();
            if !is_string_enum {
                return None;
            }
            for (i, v) in flat.enumeration().iter().enumerate() {
                if let Value::String(s) = v {
                    if !values.iter().any(|(x, _)| x == s) {
                        values.push((s.clone(), m.pointer.join("enum").join(i.to_string())));
                    }
                }
            }
        }
        if values.is_empty() {
            return None;
        }
        Some(self.string_enum(values))
    }

    /// Tags of an explicit discriminator: the mapping's values for each alternative, or
    /// the alternative's schema name when the mapping does not name it.
    fn explicit_tags(
        &mut self,
        mapping: &indexmap::IndexMap<String, String>,
        property: &str,
        members: &[Member<'a>],
        ptr: &Pointer,
    ) -> Vec<Vec<String>> {
        let mut tags: Vec<Vec<String>> = vec![Vec::new(); members.len()];
        for (value, target) in mapping {
            let r = mapping_ref(target);
            let target_name = refs::component_name(&r, Kind::Schemas).ok();
            let idx = members
                .iter()
                .position(|m| m.ref_name.is_some() && m.ref_name == target_name.as_deref());
            match idx {
                Some(i) => tags[i].push(value.clone()),
                None => self.diagnostic(
                    DiagnosticKind::Note,
                    &ptr.join("discriminator").join("mapping").join(value),
                    format!("the mapping's target `{target}` is not one of the alternatives; `{value}` is not mapped"),
                ),
            }
        }
        for (i, m) in members.iter().enumerate() {
            if !tags[i].is_empty() {
                continue;
            }
            if let Some(name) = m.ref_name {
                tags[i].push(name.to_owned());
            } else if let Some(TagSet::Values(v)) =
                m.schema.and_then(|s| tag_set(self.doc, s, property))
            {
                tags[i] = v;
            } else {
                self.problem(
                    ProblemKind::Unsupported,
                    &m.pointer,
                    format!(
                        "an inline alternative of a schema with a discriminator needs a mapping \
                         entry or an enum at `{property}` to tell it apart"
                    ),
                );
            }
        }
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for (i, t) in tags.iter().enumerate() {
            for v in t {
                if let Some((_, j)) = seen.iter().find(|(x, _)| *x == v.as_str()) {
                    self.problem(
                        ProblemKind::Invalid,
                        &ptr.join("discriminator"),
                        format!("discriminator value `{v}` selects both alternative {j} and alternative {i}"),
                    );
                } else {
                    seen.push((v, i));
                }
            }
        }
        tags
    }

    /// A string enum from values gathered from several places.
    pub(crate) fn string_enum(&mut self, values: Vec<(String, Pointer)>) -> crate::model::EnumDef {
        let mut scope = names::Scope::new();
        let mut diagnostics = Vec::new();
        let variants: Vec<crate::model::EnumVariant> = values
            .into_iter()
            .map(|(value, p)| {
                let name = scope.claim(
                    &names::variant_name(&value),
                    &p,
                    "enum variant",
                    &mut diagnostics,
                );
                crate::model::EnumVariant { value, name }
            })
            .collect();
        self.diagnostics.extend(diagnostics);
        let catch_all =
            (variants.len() > 1).then(|| free_name(&scope, &["Unknown", "Other", "UnknownValue"]));
        crate::model::EnumDef {
            variants,
            catch_all,
            repr: crate::model::EnumRepr::String,
        }
    }
}

/// Component schemas that are an alternative (or a discriminator mapping's target) of
/// exactly one component schema that also has properties of its own, with that schema.
pub(crate) fn alternative_parents(doc: &OpenAPI) -> std::collections::HashMap<String, String> {
    let mut parents: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for (name, entry) in refs::schemas(doc) {
        let openapiv3::ReferenceOr::Item(schema) = entry else {
            continue;
        };
        let flat = Flat::new(schema);
        if flat.properties.is_empty() {
            continue;
        }
        let mut members: Vec<String> = flat
            .alternatives()
            .iter()
            .filter_map(|m| match m {
                SchemaRef::Ref(r) => refs::component_name(r, Kind::Schemas).ok(),
                SchemaRef::Inline(_) => None,
            })
            .collect();
        if let Some(d) = &flat.data.discriminator {
            for target in d.mapping.values() {
                if let Ok(t) = refs::component_name(&mapping_ref(target), Kind::Schemas) {
                    members.push(t);
                }
            }
        }
        members.sort();
        members.dedup();
        for m in members {
            if &m != name {
                parents.entry(m).or_default().push(name.clone());
            }
        }
    }
    parents
        .into_iter()
        .filter(|(_, p)| p.len() == 1)
        .map(|(m, mut p)| (m, p.remove(0)))
        .collect()
}

fn tag_list(tags: &[String]) -> String {
    tags.iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What values alternative `schema` allows at `property`: an enum's values (or a union
/// of enums), any string, or `None` when it is not a string property of it.
fn tag_set(doc: &OpenAPI, schema: &Schema, property: &str) -> Option<TagSet> {
    let props = effective_properties(doc, schema);
    let (_, s) = props.into_iter().find(|(n, _)| *n == property)?;
    let (ps, _) = resolve_quiet(doc, s)?;
    let flat = Flat::new(ps);
    if flat.has_enum {
        let values: Option<Vec<String>> = flat
            .enumeration()
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| v.as_str().map(str::to_owned))
            .collect();
        return values.filter(|v| !v.is_empty()).map(TagSet::Values);
    }
    if !flat.alternatives().is_empty() {
        let mut all = Vec::new();
        for m in flat.alternatives() {
            let (ms, _) = resolve_quiet(doc, *m)?;
            let mf = Flat::new(ms);
            if !mf.has_enum {
                return None;
            }
            for v in &mf.enumeration() {
                if let Some(s) = v.as_str() {
                    if !all.iter().any(|x: &String| x == s) {
                        all.push(s.to_owned());
                    }
                }
            }
        }
        return (!all.is_empty()).then_some(TagSet::Values(all));
    }
    (flat.typ == Some("string")).then_some(TagSet::Any)
}

/// Finds a property that tells the alternatives apart without a discriminator.
fn implicit_tags(
    doc: &OpenAPI,
    members: &[Member<'_>],
) -> Option<(String, Vec<Vec<String>>, Option<usize>)> {
    if members.len() < 2 || members.iter().any(|m| m.schema.is_none()) {
        return None;
    }
    let first = members[0].schema?;
    'candidates: for (property, _) in effective_properties(doc, first) {
        let mut sets = Vec::with_capacity(members.len());
        for m in members {
            match m.schema.and_then(|s| tag_set(doc, s, property)) {
                Some(set) => sets.push(set),
                None => continue 'candidates,
            }
        }
        let open: Vec<usize> = sets
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, TagSet::Any))
            .map(|(i, _)| i)
            .collect();
        if open.len() > 1 || open.len() == sets.len() {
            continue;
        }
        let mut seen = BTreeSet::new();
        for s in &sets {
            if let TagSet::Values(v) = s {
                for x in v {
                    if !seen.insert(x.as_str()) {
                        continue 'candidates;
                    }
                }
            }
        }
        let tags = sets
            .into_iter()
            .map(|s| match s {
                TagSet::Values(v) => v,
                TagSet::Any => Vec::new(),
            })
            .collect();
        return Some((property.to_owned(), tags, open.first().copied()));
    }
    None
}

/// The name of the method that returns a tagged value's tag: only when every alternative
/// has exactly one tag to give (no fallback takes many).
fn tag_accessor(
    property: &str,
    variants: &[OneOfVariant],
    fallback: &Option<String>,
) -> Option<String> {
    (fallback.is_none() && variants.iter().all(|v| v.tags.len() == 1))
        .then(|| names::field_name(property))
}

/// Settles, once the types are final, what one-ofs ask of their alternatives: which
/// one-ofs must check their common properties themselves, and which structs write their
/// members for a one-of that adds its tag.
pub(crate) fn settle_one_of_facts(defs: &mut [TypeDef]) {
    settle_common_checks(defs);
    mark_tag_writers(defs);
}

/// Marks the structs that are an alternative selected by one tag of a tagged one-of: the
/// one-of writes that tag beside their members when the value does not set it.
fn mark_tag_writers(defs: &mut [TypeDef]) {
    let writers: Vec<usize> = defs
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::OneOf(o) if matches!(o.strategy, Strategy::Tagged { .. }) => Some(o),
            _ => None,
        })
        .flat_map(|o| o.variants.iter())
        .filter(|v| v.tags.len() == 1)
        .filter_map(|v| match v.ty {
            TypeRef::Named(id) | TypeRef::Boxed(id) => Some(id.0),
            _ => None,
        })
        .collect();
    for id in writers {
        if let TypeKind::Struct(s) = &mut defs[id].kind {
            s.writes_tag_for_one_of = true;
        }
    }
}

/// Which one-ofs must check their common properties themselves: those with an alternative
/// that does not check them all (see [`OneOfDef::check_common`]). The others would read the
/// same members twice.
fn settle_common_checks(defs: &mut [TypeDef]) {
    let settled: Vec<(usize, bool)> = defs
        .iter()
        .enumerate()
        .filter_map(|(i, def)| match &def.kind {
            TypeKind::OneOf(o) => {
                let common = o.common?;
                Some((i, !checked_by_every_alternative(defs, common, &o.variants)))
            }
            _ => None,
        })
        .collect();
    for (i, check) in settled {
        if let TypeKind::OneOf(o) = &mut defs[i].kind {
            o.check_common = check;
        }
    }
}

fn checked_by_every_alternative(
    defs: &[TypeDef],
    common: TypeId,
    variants: &[OneOfVariant],
) -> bool {
    let TypeKind::Struct(common) = &defs[common.0].kind else {
        return false;
    };
    if let Additional::Typed { .. } = common.additional {
        return false;
    }
    variants.iter().all(|v| {
        let (TypeRef::Named(id) | TypeRef::Boxed(id)) = v.ty else {
            return false;
        };
        let TypeKind::Struct(alternative) = &defs[id.0].kind else {
            return false;
        };
        common.fields.iter().all(|c| {
            alternative.fields.iter().any(|f| {
                f.json_name == c.json_name
                    && f.ty == c.ty
                    && (f.required || !c.required)
                    && (c.nullable || !f.nullable)
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::model::{Model, TypeKind};

    /// A spec whose `GET /things` answers `Thing`: a one-of of `A` and `B` with `common`
    /// properties beside it, and these alternatives.
    fn model(common: &str, a: &str, b: &str) -> Model {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: getThing\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\ncomponents:\n  schemas:\n    Thing:\n      oneOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}]\n      properties: {common}\n    A:\n      properties: {a}\n    B:\n      properties: {b}\n"
        );
        crate::Generator::from_text("t.yaml", spec, None)
            .model()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn checks_common(m: &Model) -> bool {
        let thing = m.types.iter().find(|t| t.name == "Thing").unwrap();
        let TypeKind::OneOf(o) = &thing.kind else {
            panic!("not a one-of: {:?}", thing.kind)
        };
        assert!(o.common.is_some());
        o.check_common
    }

    const ID: &str = "{type: string, pattern: '^[a-f0-9]{24}$'}";

    #[test]
    fn alternatives_that_check_the_common_properties_spare_a_second_check() {
        let both = format!("{{id: {ID}, x: {{type: integer}}}}");
        assert!(!checks_common(&model(
            &format!("{{id: {ID}}}"),
            &both,
            &both
        )));
    }

    #[test]
    fn common_properties_an_alternative_lacks_or_types_otherwise_are_checked() {
        let common = format!("{{id: {ID}}}");
        let with_id = format!("{{id: {ID}}}");
        assert!(checks_common(&model(
            &common,
            &with_id,
            "{x: {type: integer}}"
        )));
        let other_rules = "{id: {type: string, pattern: '^[0-9]+$'}}";
        assert!(checks_common(&model(&common, &with_id, other_rules)));
        let plain = "{id: {type: string}}";
        assert!(checks_common(&model(&common, &with_id, plain)));
    }
}
