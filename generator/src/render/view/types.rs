//! The view of a named type: `t` in the type templates.

use serde::Serialize;

use super::spelling::Spelling;
use super::text::{code, description, push_para, type_docs, usage_line};
use crate::model::{
    Additional, Constraints, EnumDef, EnumRepr, Model, OneOfDef, Strategy, StructDef, TypeDef,
    TypeKind, TypeRef,
};

/// A named type.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TypeView {
    /// The type's name.
    pub name: String,
    /// Doc lines: the description, then facts, then the source pointer.
    pub docs: Vec<String>,
    /// Where the schema is.
    pub origin: String,
    /// Whether the type is marked deprecated.
    pub deprecated: bool,
    /// The `#[cfg(…)]` attribute of each of its items: compiled when a feature of a module
    /// that reaches it is on.
    pub cfg: String,
    /// What kind of type it is (`kind`), and what that kind needs.
    #[serde(flatten)]
    pub shape: Shape,
}

/// The kinds of type, each with the template that renders it (`<kind>.rs.jinja`).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Shape {
    /// An object with known properties.
    Struct {
        /// Its fields.
        fields: Vec<FieldView>,
        /// Whether every field is optional (the type then implements `Default`).
        default: bool,
        /// The map that keeps members beyond the listed properties, if any.
        additional: Option<AdditionalView>,
        /// Whether a one-of writes its tag beside the struct's members (the struct then
        /// lends its member writing to the one-of).
        writes_tag_for_one_of: bool,
    },
    /// A string or integer enum.
    Enum {
        /// The variants.
        variants: Vec<EnumVariantView>,
        /// The catch-all variant's name, when the enum is open.
        catch_all: Option<String>,
        /// `string` or `integer`.
        repr: EnumRepr,
    },
    /// An enum of alternatives.
    OneOf {
        /// The variants.
        variants: Vec<OneOfVariantView>,
        /// The variant that keeps values of an unknown tag, if any.
        catch_all: Option<String>,
        /// How a value is matched to an alternative.
        strategy: StrategyView,
        /// The struct every value must also be valid against, if any.
        common: Option<String>,
        /// Whether a value is checked against `common` before it is matched (not when
        /// every alternative checks those properties itself).
        check_common: bool,
    },
    /// A validated string.
    Newtype {
        /// The pattern, if any.
        pattern: Option<String>,
        /// Whether the pattern uses the `u` flag.
        unicode: bool,
        /// Minimum length in characters.
        min_length: Option<usize>,
        /// Maximum length in characters.
        max_length: Option<usize>,
    },
    /// A type alias.
    Alias {
        /// The aliased type.
        target: String,
    },
}

/// How a struct's `Deserialize` takes a field from the object.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Take {
    /// Present, not `null`.
    Required,
    /// Missing or `null` is `None`.
    Optional,
    /// Present, possibly `null`.
    RequiredNullable,
}

/// A struct field.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FieldView {
    /// The Rust name (may be raw, `r#type`).
    pub name: String,
    /// The JSON name.
    pub json_name: String,
    /// The full Rust type, with `Option` and `Box` as needed.
    pub ty: String,
    /// How `Deserialize` takes it: `required`, `optional` or `required_nullable`; the
    /// method of the same name reads and writes it.
    pub take: Take,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Whether the property is marked deprecated.
    pub deprecated: bool,
}

/// The map of members beyond a struct's listed properties.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AdditionalView {
    /// The field's name.
    pub name: String,
    /// The type of the map's values.
    pub ty: String,
}

/// A variant of a string or integer enum.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EnumVariantView {
    /// The variant's name.
    pub name: String,
    /// The value as JSON has it: a string, or an integer's digits.
    pub value: String,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// A variant of a one-of enum.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OneOfVariantView {
    /// The variant's name.
    pub name: String,
    /// The type it holds.
    pub ty: String,
    /// The tag values that select it (tagged strategy).
    pub tags: Vec<String>,
    /// The tag value written when serializing a value that lacks it: its only tag.
    pub inject_tag: Option<String>,
    /// Whether the type it holds is a struct (whose members are written and counted
    /// without going through JSON).
    pub is_struct: bool,
    /// When it holds a struct that does not keep unknown members: the JSON names of its
    /// members (the best match is the alternative that leaves the fewest unknown).
    pub members: Option<Vec<String>>,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// How a one-of value is matched to an alternative.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum StrategyView {
    /// A property names the alternative.
    Tagged {
        /// The property's JSON name.
        tag: String,
        /// The name of the method that returns a value's tag, if it has one.
        accessor: Option<String>,
        /// The variant that takes values with an unlisted tag, if any.
        fallback: Option<String>,
    },
    /// Every alternative is tried; the best match wins.
    BestMatch,
}

/// The view of one type; `sp` is [`Spelling::types`] of the model (computed once).
pub(crate) fn type_view(model: &Model, t: &TypeDef, sp: Spelling) -> TypeView {
    let mut docs = type_docs(t);
    let shape = match &t.kind {
        TypeKind::Struct(s) => struct_shape(model, s, sp, &mut docs),
        TypeKind::Enum(e) => enum_shape(e, &mut docs),
        TypeKind::OneOf(o) => one_of_shape(model, o, sp, &mut docs),
        TypeKind::Constrained(c) => newtype_shape(c, &mut docs),
        TypeKind::Alias(target) => Shape::Alias {
            target: sp.rust_type(model, target),
        },
    };
    push_para(&mut docs, usage_line(t));
    push_para(&mut docs, shared_line(t));
    push_para(&mut docs, [format!("Source: {}", code(t.origin.as_str()))]);
    TypeView {
        name: t.name.clone(),
        docs,
        origin: t.origin.as_str().to_owned(),
        deprecated: t.deprecated,
        cfg: super::cfg_any(&t.modules),
        shape,
    }
}

fn struct_shape(model: &Model, s: &StructDef, sp: Spelling, docs: &mut Vec<String>) -> Shape {
    let fields = s
        .fields
        .iter()
        .map(|f| {
            let inner = sp.rust_type(model, &f.ty);
            let take = match (f.required, f.nullable) {
                (true, false) => Take::Required,
                (true, true) => Take::RequiredNullable,
                (false, _) => Take::Optional,
            };
            let ty = match take {
                Take::Required => inner,
                _ => format!("{}<{inner}>", sp.std("Option", "::std::option::Option")),
            };
            let mut fdocs = description(f.description.as_deref());
            let mut facts = Vec::new();
            if f.required && f.nullable {
                facts.push("Required, but may be `null`.".to_owned());
            }
            if let Some(d) = &f.default {
                facts.push(format!("Default: {}.", code(&d.to_string())));
            }
            push_para(&mut fdocs, facts);
            FieldView {
                name: f.name.clone(),
                json_name: f.json_name.clone(),
                ty,
                take,
                docs: fdocs,
                deprecated: f.deprecated,
            }
        })
        .collect();
    let additional = match &s.additional {
        Additional::Typed { ty, field } => {
            let fact = "Members beyond the listed properties are kept in a map.";
            push_para(docs, [fact.to_owned()]);
            Some(AdditionalView {
                name: field.clone(),
                ty: sp.rust_type(model, ty),
            })
        }
        Additional::Ignored | Additional::Forbidden => None,
    };
    Shape::Struct {
        fields,
        default: s.fields.iter().all(|f| !f.required),
        additional,
        writes_tag_for_one_of: s.writes_tag_for_one_of,
    }
}

fn enum_shape(e: &EnumDef, docs: &mut Vec<String>) -> Shape {
    let fact = match &e.catch_all {
        Some(c) => format!(
            "Values the spec does not list are kept in [`Self::{c}`], so a server that adds a \
             value does not break deserialization; they serialize back unchanged."
        ),
        None => "The spec allows only this value; any other is rejected.".to_owned(),
    };
    push_para(docs, [fact]);
    Shape::Enum {
        variants: e
            .variants
            .iter()
            .map(|v| EnumVariantView {
                name: v.name.clone(),
                value: v.value.clone(),
                docs: vec![code(&v.value)],
            })
            .collect(),
        catch_all: e.catch_all.clone(),
        repr: e.repr,
    }
}

fn one_of_shape(model: &Model, o: &OneOfDef, sp: Spelling, docs: &mut Vec<String>) -> Shape {
    let common = o.common.map(|c| model.ty(c).name.clone());
    let (strategy, mut facts) = strategy_view(o);
    if let Some(c) = &common {
        facts.push(format!(
            "Every value is also checked against [`{c}`], the properties the schema lists \
             beside its alternatives."
        ));
    }
    push_para(docs, facts);
    let tag = match &strategy {
        StrategyView::Tagged { tag, .. } => Some(tag.as_str()),
        StrategyView::BestMatch => None,
    };
    let variants = o
        .variants
        .iter()
        .map(|v| {
            let which = |prop: &str| match v.tags.as_slice() {
                [] => None,
                [one] => Some(format!("{} is {}.", code(prop), code(one))),
                many => {
                    let list: Vec<String> = many.iter().map(|t| code(t)).collect();
                    Some(format!("{} is one of {}.", code(prop), list.join(", ")))
                }
            };
            OneOfVariantView {
                name: v.name.clone(),
                ty: sp.rust_type(model, &v.ty),
                tags: v.tags.clone(),
                inject_tag: match v.tags.as_slice() {
                    [one] => Some(one.clone()),
                    _ => None,
                },
                is_struct: struct_of(model, &v.ty).is_some(),
                members: struct_of(model, &v.ty)
                    .filter(|s| !matches!(s.additional, Additional::Typed { .. }))
                    .map(|s| s.fields.iter().map(|f| f.json_name.clone()).collect()),
                docs: tag.and_then(which).into_iter().collect(),
            }
        })
        .collect();
    Shape::OneOf {
        variants,
        catch_all: o.catch_all.clone(),
        strategy,
        common,
        check_common: o.check_common,
    }
}

/// The struct a variant holds, if it holds one.
fn struct_of<'m>(model: &'m Model, ty: &TypeRef) -> Option<&'m StructDef> {
    match ty {
        TypeRef::Named(id) | TypeRef::Boxed(id) => match &model.ty(*id).kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// How a one-of tells its alternatives apart, and the sentences that say so.
fn strategy_view(o: &OneOfDef) -> (StrategyView, Vec<String>) {
    let mut facts = Vec::new();
    let view = match &o.strategy {
        Strategy::Tagged {
            property,
            explicit,
            fallback,
            accessor,
        } => {
            let how = if *explicit {
                "its discriminator"
            } else {
                "the values each alternative allows for it"
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
                    "A value whose {} this client does not know is not an error and is not \
                     dropped: it lands in [`Self::{c}`] with its JSON kept as it came, and \
                     serializes back unchanged.",
                    code(property)
                ));
            }
            StrategyView::Tagged {
                tag: property.clone(),
                accessor: accessor.clone(),
                fallback: fallback.clone(),
            }
        }
        Strategy::BestMatch => {
            facts.push(
                "No property tells the alternatives apart, so every alternative is tried: of \
                 those that accept a value, the one that knows the most of its members wins \
                 (ties go to the first listed). When none accepts it, the error lists why \
                 each refused."
                    .to_owned(),
            );
            StrategyView::BestMatch
        }
    };
    (view, facts)
}

fn newtype_shape(c: &Constraints, docs: &mut Vec<String>) -> Shape {
    let mut facts = Vec::new();
    if let Some(p) = &c.pattern {
        facts.push(format!(
            "Must match the ECMA-262 regular expression {} (anywhere in the value, unless the \
             pattern anchors itself).",
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
    push_para(docs, [facts.join(" ")]);
    Shape::Newtype {
        pattern: c.pattern.clone(),
        unicode: c.unicode,
        min_length: c.min_length,
        max_length: c.max_length,
    }
}

/// Where a type that stands for several schemas is used: the first few places and how
/// many more.
fn shared_line(t: &TypeDef) -> Option<String> {
    const SHOWN: usize = 3;
    if t.uses.is_empty() {
        return None;
    }
    let shown: Vec<String> = t
        .uses
        .iter()
        .take(SHOWN)
        .map(|p| code(p.as_str()))
        .collect();
    let more = match t.uses.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(", and {n} more"),
    };
    Some(format!(
        "One type for the same concept in {} places: {}{more}.",
        t.uses.len(),
        shown.join(", ")
    ))
}

/// The template that renders a type, without `.rs.jinja`.
pub(crate) fn template_of(t: &TypeDef) -> &'static str {
    match t.kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::OneOf(_) => "one_of",
        TypeKind::Constrained(_) => "newtype",
        TypeKind::Alias(_) => "alias",
    }
}
