//! One concept, one type: the values of different properties and parameters that are the
//! same thing get the same type, so that a value read from one answer can be passed to the
//! next call as it is.
//!
//! - **Validated strings**: inline string schemas with the same rules (pattern, lengths)
//!   under the same property or parameter name (`groupId`) are one type, named after that
//!   name (`GroupId`). Same rules under different names stay different types (a group id is
//!   not an org id), and so does every `id`, which is its owner's id.
//! - **Enums**: inline enums with the same values (and the same openness to values the spec
//!   does not list) are one type: a component schema's, when one has those values, else one
//!   named after the property or parameter name most of them have. One-value enums are tags
//!   that tell alternatives apart and are not shared.
//!
//! A type of one use is not shared: it keeps the name of where it is. Which name a shared
//! type gets, and what happens when the name is taken, is decided in `naming.rs`.

use std::collections::HashMap;

use super::{Lowerer, Root};
use crate::model::{Constraints, EnumRepr, TypeKind};

/// Drafts that are one type.
#[derive(Debug)]
pub(super) struct Group {
    /// The drafts, by origin (then by creation); the first leads.
    pub(super) members: Vec<usize>,
    /// The name the group wants: the concept's (validated strings), or the most common
    /// concept of its members (enums); `None` when no member has one.
    pub(super) preferred: Option<String>,
    /// A component schema the group is (an enum with the same values): its draft.
    pub(super) component: Option<usize>,
}

/// Every group, in the order they claim names: the largest first, then by first origin.
#[derive(Debug, Default)]
pub(super) struct Groups {
    pub(super) list: Vec<Group>,
    /// Each draft's group, if it is in one.
    pub(super) of: Vec<Option<usize>>,
}

/// What makes two drafts the same type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key<'d> {
    Text(&'d str, &'d Constraints),
    Enum(EnumRepr, bool, Vec<&'d str>),
}

impl Groups {
    /// No group at all: every type keeps the name of where it is.
    pub(super) fn none(drafts: usize) -> Self {
        Groups {
            list: Vec::new(),
            of: vec![None; drafts],
        }
    }

    /// The groups of a lowering's drafts.
    pub(super) fn of(lw: &Lowerer<'_>) -> Self {
        let mut by_key: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
        let mut components: HashMap<Key<'_>, usize> = HashMap::new();
        for (id, draft) in lw.drafts.iter().enumerate() {
            // A component schema itself (not one of its properties' types).
            let is_component =
                matches!(draft.name.root, Root::Component(..)) && draft.name.suffixes.is_empty();
            let Some(key) = key_of(lw, id, is_component) else {
                continue;
            };
            if is_component {
                let first = components.entry(key).or_insert(id);
                if lw.drafts[*first].origin > draft.origin {
                    *first = id;
                }
            } else {
                by_key.entry(key).or_default().push(id);
            }
        }
        let mut list: Vec<Group> = by_key
            .into_iter()
            .filter_map(|(key, mut members)| {
                members.sort_by(|a, b| (&lw.drafts[*a].origin, a).cmp(&(&lw.drafts[*b].origin, b)));
                let component = components.get(&key).copied();
                if members.len() < 2 && component.is_none() {
                    return None;
                }
                let preferred = match key {
                    Key::Text(concept, _) => Some(concept.to_owned()),
                    Key::Enum(..) => most_common_concept(lw, &members),
                };
                Some(Group {
                    members,
                    preferred,
                    component,
                })
            })
            .collect();
        list.sort_by(|a, b| {
            let first = |g: &Group| &lw.drafts[g.members[0]].origin;
            b.members
                .len()
                .cmp(&a.members.len())
                .then_with(|| first(a).cmp(first(b)))
                .then_with(|| a.members[0].cmp(&b.members[0]))
        });
        let mut of = vec![None; lw.drafts.len()];
        for (g, group) in list.iter().enumerate() {
            for &m in &group.members {
                of[m] = Some(g);
            }
        }
        Groups { list, of }
    }
}

/// The key a draft is shared by, when it can be: a validated string of a concept, or an
/// enum of more than one value (components: only enums, which groups can join).
fn key_of<'d>(lw: &'d Lowerer<'_>, id: usize, is_component: bool) -> Option<Key<'d>> {
    let draft = &lw.drafts[id];
    match draft.kind.as_ref()? {
        TypeKind::Constrained(c) if !is_component => {
            let concept = draft.name.concept.as_deref()?;
            Some(Key::Text(concept, c))
        }
        TypeKind::Enum(e) if e.variants.len() > 1 => {
            let values = e.variants.iter().map(|v| v.value.as_str()).collect();
            Some(Key::Enum(e.repr, e.catch_all.is_some(), values))
        }
        _ => None,
    }
}

/// The concept most members have; on a tie, the one the earliest member has.
fn most_common_concept(lw: &Lowerer<'_>, members: &[usize]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &m in members {
        if let Some(c) = lw.drafts[m].name.concept.as_deref() {
            match counts.iter_mut().find(|(name, _)| *name == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c, 1)),
            }
        }
    }
    // `max_by_key` keeps the last of equals: go through them from the back.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(name, _)| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use crate::model::{Model, TypeKind, TypeRef};

    /// A spec whose `GET /things/{thingId}` answers `Thing`, with these component schemas.
    fn model(schemas: &str, share: bool) -> Model {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /things/{{groupId}}:\n    get:\n      operationId: getThing\n      parameters:\n        - {{name: groupId, in: path, required: true, schema: {{type: string, pattern: '^[a-f0-9]{{24}}$'}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\ncomponents:\n  schemas:\n{schemas}"
        );
        crate::Generator::from_text("t.yaml", spec, None)
            .share_types(share)
            .model()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// The name of the type of `field` of struct `owner`.
    fn field_type(m: &Model, owner: &str, field: &str) -> String {
        let t = m.types.iter().find(|t| t.name == owner).expect(owner);
        let TypeKind::Struct(s) = &t.kind else {
            panic!("{owner} is not a struct")
        };
        let f = s.fields.iter().find(|f| f.json_name == field).expect(field);
        match &f.ty {
            TypeRef::Named(id) => m.ty(*id).name.clone(),
            other => format!("{other:?}"),
        }
    }

    const HEX: &str = "{type: string, pattern: '^[a-f0-9]{24}$'}";

    #[test]
    fn the_same_rules_under_the_same_name_are_one_type() {
        let schemas = format!(
            "    Thing:\n      properties:\n        groupId: {HEX}\n        other: {{$ref: '#/components/schemas/Other'}}\n    Other:\n      properties:\n        groupId: {HEX}\n"
        );
        let m = model(&schemas, true);
        assert_eq!(field_type(&m, "Thing", "groupId"), "GroupId");
        assert_eq!(field_type(&m, "Other", "groupId"), "GroupId");
        let group_id = m.types.iter().find(|t| t.name == "GroupId").unwrap();
        assert_eq!(group_id.uses.len(), 3, "two properties and the parameter");
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        let apart = model(&schemas, false);
        assert_eq!(field_type(&apart, "Thing", "groupId"), "ThingGroupId");
        assert_eq!(field_type(&apart, "Other", "groupId"), "OtherGroupId");
    }

    #[test]
    fn the_same_rules_under_other_names_stay_apart() {
        let schemas = format!(
            "    Thing:\n      properties:\n        groupId: {HEX}\n        orgId: {HEX}\n        other: {{$ref: '#/components/schemas/Other'}}\n    Other:\n      properties:\n        orgId: {HEX}\n"
        );
        let m = model(&schemas, true);
        assert_eq!(field_type(&m, "Thing", "groupId"), "GroupId");
        assert_eq!(field_type(&m, "Thing", "orgId"), "OrgId");
        assert_eq!(field_type(&m, "Other", "orgId"), "OrgId");
    }

    #[test]
    fn the_same_name_with_other_rules_is_another_type_and_the_larger_group_names_first() {
        let short = "{type: string, maxLength: 8}";
        let schemas = format!(
            "    Thing:\n      properties:\n        label: {short}\n        a: {{$ref: '#/components/schemas/A'}}\n        b: {{$ref: '#/components/schemas/B'}}\n    A:\n      properties:\n        label: {HEX}\n    B:\n      properties:\n        label: {HEX}\n    C:\n      properties:\n        label: {short}\n"
        );
        let m = model(&schemas, true);
        assert_eq!(field_type(&m, "A", "label"), "Label");
        assert_eq!(field_type(&m, "B", "label"), "Label");
        assert_eq!(
            field_type(&m, "Thing", "label"),
            "ThingLabel",
            "one use is not shared"
        );
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
    }

    #[test]
    fn ids_are_their_owners() {
        let schemas = format!(
            "    Thing:\n      properties:\n        id: {HEX}\n        other: {{$ref: '#/components/schemas/Other'}}\n    Other:\n      properties:\n        id: {HEX}\n"
        );
        let m = model(&schemas, true);
        assert_eq!(field_type(&m, "Thing", "id"), "ThingId");
        assert_eq!(field_type(&m, "Other", "id"), "OtherId");
    }

    #[test]
    fn a_group_whose_name_a_different_type_has_takes_its_first_use() {
        let schemas = format!(
            "    Thing:\n      properties:\n        label: {HEX}\n        other: {{$ref: '#/components/schemas/Other'}}\n        kind: {{$ref: '#/components/schemas/Label'}}\n    Other:\n      properties:\n        label: {HEX}\n    Label:\n      type: object\n      properties:\n        x: {{type: string}}\n"
        );
        let m = model(&schemas, true);
        assert_eq!(field_type(&m, "Other", "label"), "OtherLabel");
        assert_eq!(field_type(&m, "Thing", "label"), "OtherLabel");
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
    }

    #[test]
    fn enums_with_the_same_values_are_one_type_named_by_their_most_common_name() {
        let clouds = "{type: string, enum: [AWS, AZURE, GCP]}";
        let closed_one = "{type: string, enum: [AWS]}";
        let schemas = format!(
            "    Thing:\n      properties:\n        cloud: {clouds}\n        provider: {clouds}\n        tag: {closed_one}\n        other: {{$ref: '#/components/schemas/Other'}}\n    Other:\n      properties:\n        provider: {clouds}\n        tag: {closed_one}\n        two: {{type: string, enum: [AWS, AZURE]}}\n"
        );
        let m = model(&schemas, true);
        for (owner, field) in [
            ("Thing", "cloud"),
            ("Thing", "provider"),
            ("Other", "provider"),
        ] {
            assert_eq!(field_type(&m, owner, field), "Provider", "{owner}.{field}");
        }
        assert_eq!(
            field_type(&m, "Thing", "tag"),
            "ThingTag",
            "one-value tags are not shared"
        );
        assert_eq!(field_type(&m, "Other", "tag"), "OtherTag");
        assert_eq!(
            field_type(&m, "Other", "two"),
            "OtherTwo",
            "other values, another type"
        );
    }

    #[test]
    fn a_shared_type_is_deprecated_and_described_only_as_all_its_uses_are() {
        let schemas = "    Thing:\n      properties:\n        cloud: {type: string, enum: [AWS, GCP], deprecated: true, description: Old.}\n        other: {$ref: '#/components/schemas/Other'}\n        more: {$ref: '#/components/schemas/More'}\n    Other:\n      properties:\n        cloud: {type: string, enum: [AWS, GCP], description: Where.}\n        groupId: {type: string, pattern: '^[a-f0-9]{24}$', description: The group.}\n    More:\n      properties:\n        groupId: {type: string, pattern: '^[a-f0-9]{24}$', description: The group., deprecated: true}\n";
        let m = model(schemas, true);
        let cloud = m.types.iter().find(|t| t.name == "Cloud").unwrap();
        assert!(!cloud.deprecated, "one use is not deprecated");
        assert_eq!(cloud.description, None, "the uses say different things");
        let group_id = m.types.iter().find(|t| t.name == "GroupId").unwrap();
        assert_eq!(group_id.uses.len(), 3);
        assert!(!group_id.deprecated);
        assert_eq!(
            group_id.description, None,
            "the path parameter has no description"
        );
        let more = "    More:\n      properties:\n        cloud: {type: string, enum: [AWS, GCP], deprecated: true, description: Old.}\n    Thing:\n      properties:\n        cloud: {type: string, enum: [AWS, GCP], deprecated: true, description: Old.}\n        more: {$ref: '#/components/schemas/More'}\n";
        let m = model(more, true);
        let cloud = m.types.iter().find(|t| t.name == "Cloud").unwrap();
        assert!(cloud.deprecated, "every use is deprecated");
        assert_eq!(cloud.description.as_deref(), Some("Old."));
    }

    #[test]
    fn a_parameter_first_in_a_group_whose_name_is_taken_lends_its_operations_name() {
        // A query parameter and a request body's property, both `label` of up to 8
        // characters: one type, whose own name `Label` a component schema has.
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: listA\n      parameters:\n        - {name: label, in: query, schema: {type: string, maxLength: 8}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Label'}\n  /b:\n    post:\n      operationId: createB\n      requestBody:\n        content:\n          application/json:\n            schema:\n              properties:\n                label: {type: string, maxLength: 8}\n      responses:\n        '204': {description: none}\ncomponents:\n  schemas:\n    Label:\n      properties:\n        x: {type: string}\n";
        let m = crate::Generator::from_text("t.yaml", spec.to_owned(), None)
            .model()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        let shared = m
            .types
            .iter()
            .find(|t| t.uses.len() == 2)
            .expect("one shared type");
        assert_eq!(shared.name, "ListALabel");
    }

    #[test]
    fn an_enum_with_a_components_values_is_that_component() {
        let schemas = "    Thing:\n      properties:\n        cloud: {type: string, enum: [AWS, AZURE]}\n        home: {$ref: '#/components/schemas/CloudProvider'}\n    CloudProvider:\n      type: string\n      enum: [AWS, AZURE]\n";
        let m = model(schemas, true);
        assert_eq!(field_type(&m, "Thing", "cloud"), "CloudProvider");
        let open = m.types.iter().find(|t| t.name == "CloudProvider").unwrap();
        assert_eq!(open.uses.len(), 2);
    }
}
