//! One view of a schema, whatever shape `openapiv3` parsed it into.
//!
//! `openapiv3` turns a schema into `SchemaKind::Type`, `OneOf`, `AllOf`, … when it is "pure",
//! and into `SchemaKind::Any` when it mixes keywords (`oneOf` beside `properties`, as the
//! Atlas spec does). Lowering works on [`Flat`] only, so no keyword is lost to that split.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// A schema, or a reference to one.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref`.
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    pub fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }

    pub fn of_boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

/// Where a schema's `enum` values are, in whatever form `openapiv3` kept them. They are
/// read only when an enum is built: copying them on every look at a schema was most of
/// lowering's work for specs with enums of hundreds of values.
#[derive(Debug, Clone, Copy)]
enum EnumSource<'a> {
    None,
    Strings(&'a [Option<String>]),
    Numbers(&'a [Option<f64>]),
    Integers(&'a [Option<i64>]),
    Booleans(&'a [Option<bool>]),
    Values(&'a [Value]),
}

/// Every keyword of a schema that lowering looks at.
#[derive(Debug, Clone)]
pub struct Flat<'a> {
    pub data: &'a SchemaData,
    pub typ: Option<&'a str>,
    pub format: Option<&'a str>,
    pub pattern: Option<&'a str>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    enum_source: EnumSource<'a>,
    /// Whether the schema has `enum` values.
    pub has_enum: bool,
    pub properties: Vec<(&'a str, SchemaRef<'a>)>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<SchemaRef<'a>>,
    pub one_of: Vec<SchemaRef<'a>>,
    pub any_of: Vec<SchemaRef<'a>>,
    pub all_of: Vec<SchemaRef<'a>>,
    pub has_not: bool,
}

const EMPTY: &[String] = &[];

fn fmt<T: std::fmt::Debug>(
    f: &VariantOrUnknownOrEmpty<T>,
    name: impl Fn(&T) -> &'static str,
) -> Option<&str> {
    match f {
        VariantOrUnknownOrEmpty::Item(item) => Some(name(item)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.as_str()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn string_format(f: &StringFormat) -> &'static str {
    match f {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
}

fn number_format(f: &NumberFormat) -> &'static str {
    match f {
        NumberFormat::Float => "float",
        NumberFormat::Double => "double",
    }
}

fn integer_format(f: &IntegerFormat) -> &'static str {
    match f {
        IntegerFormat::Int32 => "int32",
        IntegerFormat::Int64 => "int64",
    }
}

impl<'a> Flat<'a> {
    pub fn new(schema: &'a Schema) -> Self {
        let mut flat = Flat {
            data: &schema.schema_data,
            typ: None,
            format: None,
            pattern: None,
            min_length: None,
            max_length: None,
            enum_source: EnumSource::None,
            has_enum: false,
            properties: Vec::new(),
            required: EMPTY,
            additional: None,
            items: None,
            one_of: Vec::new(),
            any_of: Vec::new(),
            all_of: Vec::new(),
            has_not: false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                flat.typ = Some("string");
                flat.format = fmt(&t.format, string_format);
                flat.pattern = t.pattern.as_deref();
                flat.min_length = t.min_length;
                flat.max_length = t.max_length;
                flat.has_enum = !t.enumeration.is_empty();
                flat.enum_source = EnumSource::Strings(&t.enumeration);
            }
            SchemaKind::Type(Type::Number(t)) => {
                flat.typ = Some("number");
                flat.format = fmt(&t.format, number_format);
                flat.has_enum = !t.enumeration.is_empty();
                flat.enum_source = EnumSource::Numbers(&t.enumeration);
            }
            SchemaKind::Type(Type::Integer(t)) => {
                flat.typ = Some("integer");
                flat.format = fmt(&t.format, integer_format);
                flat.has_enum = !t.enumeration.is_empty();
                flat.enum_source = EnumSource::Integers(&t.enumeration);
            }
            SchemaKind::Type(Type::Boolean(t)) => {
                flat.typ = Some("boolean");
                flat.has_enum = !t.enumeration.is_empty();
                flat.enum_source = EnumSource::Booleans(&t.enumeration);
            }
            SchemaKind::Type(Type::Object(t)) => {
                flat.typ = Some("object");
                flat.properties = t
                    .properties
                    .iter()
                    .map(|(k, v)| (k.as_str(), SchemaRef::of_boxed(v)))
                    .collect();
                flat.required = &t.required;
                flat.additional = t.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(t)) => {
                flat.typ = Some("array");
                flat.items = t.items.as_ref().map(SchemaRef::of_boxed);
            }
            SchemaKind::OneOf { one_of } => {
                flat.one_of = one_of.iter().map(SchemaRef::of).collect()
            }
            SchemaKind::AnyOf { any_of } => {
                flat.any_of = any_of.iter().map(SchemaRef::of).collect()
            }
            SchemaKind::AllOf { all_of } => {
                flat.all_of = all_of.iter().map(SchemaRef::of).collect()
            }
            SchemaKind::Not { .. } => flat.has_not = true,
            SchemaKind::Any(a) => {
                flat.typ = a.typ.as_deref();
                flat.format = a.format.as_deref();
                flat.pattern = a.pattern.as_deref();
                flat.min_length = a.min_length;
                flat.max_length = a.max_length;
                flat.has_enum = !a.enumeration.is_empty();
                flat.enum_source = EnumSource::Values(&a.enumeration);
                flat.properties = a
                    .properties
                    .iter()
                    .map(|(k, v)| (k.as_str(), SchemaRef::of_boxed(v)))
                    .collect();
                flat.required = &a.required;
                flat.additional = a.additional_properties.as_ref();
                flat.items = a.items.as_ref().map(SchemaRef::of_boxed);
                flat.one_of = a.one_of.iter().map(SchemaRef::of).collect();
                flat.any_of = a.any_of.iter().map(SchemaRef::of).collect();
                flat.all_of = a.all_of.iter().map(SchemaRef::of).collect();
                flat.has_not = a.not.is_some();
            }
        }
        flat
    }

    /// The `enum` values, as JSON.
    pub fn enumeration(&self) -> Vec<Value> {
        match self.enum_source {
            EnumSource::None => Vec::new(),
            EnumSource::Strings(v) => v
                .iter()
                .map(|x| x.clone().map(Value::String).unwrap_or(Value::Null))
                .collect(),
            EnumSource::Numbers(v) => v
                .iter()
                .map(|x| {
                    x.and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                        .unwrap_or(Value::Null)
                })
                .collect(),
            EnumSource::Integers(v) => v
                .iter()
                .map(|x| x.map(|n| Value::Number(n.into())).unwrap_or(Value::Null))
                .collect(),
            EnumSource::Booleans(v) => v
                .iter()
                .map(|x| x.map(Value::Bool).unwrap_or(Value::Null))
                .collect(),
            EnumSource::Values(v) => v.to_vec(),
        }
    }

    /// Whether `null` is among the `enum` values.
    pub fn enum_has_null(&self) -> bool {
        match self.enum_source {
            EnumSource::None => false,
            EnumSource::Strings(v) => v.iter().any(Option::is_none),
            EnumSource::Numbers(v) => v.iter().any(Option::is_none),
            EnumSource::Integers(v) => v.iter().any(Option::is_none),
            EnumSource::Booleans(v) => v.iter().any(Option::is_none),
            EnumSource::Values(v) => v.iter().any(Value::is_null),
        }
    }

    /// Whether every `enum` value is a string or `null`.
    pub fn enum_is_strings(&self) -> bool {
        match self.enum_source {
            EnumSource::None | EnumSource::Strings(_) => true,
            EnumSource::Numbers(v) => v.iter().all(Option::is_none),
            EnumSource::Integers(v) => v.iter().all(Option::is_none),
            EnumSource::Booleans(v) => v.iter().all(Option::is_none),
            EnumSource::Values(v) => v.iter().all(|x| x.is_string() || x.is_null()),
        }
    }

    /// The type an `enum` without `type` implies: `boolean` or `number` when every value is
    /// one (strings and integers become enums of their own).
    pub fn type_from_enum(&self) -> Option<&'static str> {
        if !self.has_enum || self.typ.is_some() {
            return None;
        }
        let values = self.enumeration();
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            None
        } else if values.iter().all(|v| v.is_boolean()) {
            Some("boolean")
        } else if values.iter().all(|v| v.is_number()) {
            Some("number")
        } else {
            None
        }
    }

    /// Whether this is `type: null`, which OpenAPI 3.0 does not have but specs written
    /// with 3.1 in mind use inside `anyOf` to say "or null".
    pub fn is_null_type(&self) -> bool {
        self.typ == Some("null")
    }

    /// The members of `oneOf` or, failing that, `anyOf`.
    pub fn alternatives(&self) -> &[SchemaRef<'a>] {
        if !self.one_of.is_empty() {
            &self.one_of
        } else {
            &self.any_of
        }
    }

    /// The keyword that holds the alternatives.
    pub fn alternatives_keyword(&self) -> &'static str {
        if !self.one_of.is_empty() {
            "oneOf"
        } else {
            "anyOf"
        }
    }
}
