//! Alternatives (`oneOf`, `anyOf`): what a generated one-of enum's `Serialize` and
//! `Deserialize` call.
//!
//! A value is read once, into a [`Buffered`] (which alternative it is cannot be known
//! before all of it is read); then either a tag property names the alternative, or every
//! alternative is tried and the best match wins. Alternatives read the buffered value in
//! place; a value that no alternative accepts is read again, only then, to name the
//! failing field.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::buffer::Buffered;
use super::json::explain;
use super::structs::{Members, WriteMembers};

/// Reads a value whole, for the alternatives to read again.
pub(crate) fn read<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Buffered<'de>, D::Error> {
    Buffered::deserialize(deserializer)
}

/// Decodes the alternative `T` from a buffered value.
pub(crate) fn decode<'de, T: Deserialize<'de>>(value: &Buffered<'de>) -> Result<T, String> {
    super::json::decode(value)
}

/// Keeps a value as JSON (a tag this client does not know).
pub(crate) fn keep(value: &Buffered<'_>) -> Result<Value, String> {
    decode(value)
}

/// Checks that a value is also a valid `T` (the properties a schema lists beside its
/// alternatives, where an alternative does not check them itself).
pub(crate) fn check_as<'de, T: Deserialize<'de>>(value: &Buffered<'de>) -> Result<(), String> {
    decode::<T>(value).map(|_| ())
}

/// The string at `property` of an object, if there is one.
pub(crate) fn tag_of<'v>(value: &'v Buffered<'_>, property: &str) -> Option<&'v str> {
    value.member(property).and_then(Buffered::as_str)
}

/// The error for a value without the tag that tells the alternatives apart.
pub(crate) fn missing_tag(property: &str) -> String {
    format!("`{property}` is missing or not a string; it tells the alternatives apart")
}

/// Serializes a struct with `property` set to `tag` when it does not set it itself, as
/// one object written straight to the serializer.
pub(crate) fn serialize_tagged<S: serde::Serializer, T: WriteMembers>(
    value: &T,
    property: &'static str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut members = Members::new(
        serde::Serializer::serialize_map(serializer, None)?,
        Some(property),
    );
    value.write_members(&mut members)?;
    if !members.tag_written() {
        members.extra(property, tag)?;
    }
    members.end()
}

/// Serializes `value` with `property` set to `tag` when it does not set it itself, for
/// alternatives that are not structs (a map, a nested one-of): through JSON, which these
/// rare cases can afford.
pub(crate) fn serialize_tagged_json<S: serde::Serializer, T: Serialize>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(<S::Error as serde::ser::Error>::custom)?;
    if let Value::Object(map) = &mut json {
        map.entry(property)
            .or_insert_with(|| Value::String(tag.to_owned()));
    }
    json.serialize(serializer)
}

/// Why `value` is not a valid `V`.
fn why_not<'de, V: Deserialize<'de>>(value: &Buffered<'de>) -> String {
    explain::<V, _>(value)
}

/// Says why a buffered value is not a valid alternative.
type Explain<'de> = fn(&Buffered<'de>) -> String;

/// Picks, among the alternatives that accept a value, the one that knows the most of its
/// members; ties go to the first.
pub(crate) struct BestMatch<'v, 'de, T> {
    type_name: &'static str,
    value: &'v Buffered<'de>,
    best: Option<(usize, T)>,
    /// The alternatives that refused the value, and how to say why (only needed, and only
    /// worked out, when every alternative refuses).
    refused: Vec<(&'static str, Explain<'de>)>,
}

impl<'v, 'de, T> BestMatch<'v, 'de, T> {
    pub(crate) fn new(type_name: &'static str, value: &'v Buffered<'de>) -> Self {
        BestMatch {
            type_name,
            value,
            best: None,
            refused: Vec::new(),
        }
    }

    fn settled(&self) -> bool {
        self.best.as_ref().is_some_and(|(unknown, _)| *unknown == 0)
    }

    fn offer(&mut self, unknown: usize, candidate: T) {
        if self.best.as_ref().is_none_or(|(best, _)| unknown < *best) {
            self.best = Some((unknown, candidate));
        }
    }

    /// Tries an alternative that is a struct: `V`, named `variant`, wrapped by `wrap`;
    /// `known` lists the JSON names of its members (`None`: it keeps unknown members too).
    pub(crate) fn try_struct<V: Deserialize<'de>>(
        &mut self,
        variant: &'static str,
        known: Option<&[&str]>,
        wrap: fn(V) -> T,
    ) {
        self.attempt(variant, wrap, |_, value| match known {
            None => 0,
            Some(known) => unknown_members(value, |name| known.contains(&name)),
        });
    }

    /// Tries an alternative that is not a struct (its members, if it has any, are counted
    /// by writing it back).
    pub(crate) fn try_variant<V>(&mut self, variant: &'static str, wrap: fn(V) -> T)
    where
        V: Deserialize<'de> + Serialize,
    {
        self.attempt(
            variant,
            wrap,
            |parsed: &V, value| match serde_json::to_value(parsed) {
                Ok(Value::Object(kept)) => unknown_members(value, |name| kept.contains_key(name)),
                _ => 0,
            },
        );
    }

    /// Decodes the alternative `V` unless a match that knows every member is found
    /// already; `unknown` counts the members of the value an accepted `V` does not know.
    fn attempt<V: Deserialize<'de>>(
        &mut self,
        variant: &'static str,
        wrap: fn(V) -> T,
        unknown: impl FnOnce(&V, &Buffered<'de>) -> usize,
    ) {
        if self.settled() {
            return;
        }
        match self.value.decode::<V>() {
            Ok(parsed) => {
                let unknown = unknown(&parsed, self.value);
                self.offer(unknown, wrap(parsed));
            }
            Err(_) => self.refused.push((variant, why_not::<V>)),
        }
    }

    /// The best match, or why every alternative refused the value.
    pub(crate) fn finish(self) -> Result<T, String> {
        match self.best {
            Some((_, value)) => Ok(value),
            None => {
                let reasons: Vec<String> = self
                    .refused
                    .iter()
                    .map(|(variant, explain)| format!("{variant}: {}", explain(self.value)))
                    .collect();
                Err(format!(
                    "the value is none of the alternatives of {}: {}",
                    self.type_name,
                    reasons.join("; ")
                ))
            }
        }
    }
}

/// How many members of `value` (when it is an object) with a non-null value are not
/// `known`.
fn unknown_members(value: &Buffered<'_>, known: impl Fn(&str) -> bool) -> usize {
    value.present_members().filter(|name| !known(name)).count()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, PartialEq)]
    enum Shape {
        Map(BTreeMap<String, u8>),
        Number(u8),
    }

    fn best(value: Value) -> Result<Shape, String> {
        let text = value.to_string();
        let value: Buffered<'_> = serde_json::from_str(&text).unwrap();
        let mut best = BestMatch::new("Shape", &value);
        best.try_variant("Number", Shape::Number);
        best.try_variant("Map", Shape::Map);
        best.finish()
    }

    #[test]
    fn the_alternative_that_accepts_wins() {
        assert_eq!(best(serde_json::json!(7)), Ok(Shape::Number(7)));
        let map = best(serde_json::json!({"a": 1})).unwrap();
        assert_eq!(map, Shape::Map([("a".to_owned(), 1)].into()));
    }

    #[test]
    fn every_refusal_is_reported_with_its_field() {
        let err = best(serde_json::json!("text")).unwrap_err();
        assert!(
            err.starts_with("the value is none of the alternatives of Shape: Number: "),
            "{err}"
        );
        assert!(err.contains("; Map: "), "{err}");
        let err = best(serde_json::json!({"a": 1, "b": "two"})).unwrap_err();
        assert!(err.contains("Map: at `b`: "), "{err}");
    }

    #[test]
    fn tags_are_written_only_when_missing() {
        let value: serde_json::Map<String, Value> =
            [("a".to_owned(), 1.into())].into_iter().collect();
        let mut out = Vec::new();
        serialize_tagged_json(
            &value,
            "kind",
            "A",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":1,"kind":"A"}"#);
        let tagged = serde_json::json!({"kind": "B"});
        let mut out = Vec::new();
        serialize_tagged_json(
            &tagged,
            "kind",
            "A",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"kind":"B"}"#);
        let tagged: Buffered<'_> = serde_json::from_str(r#"{"kind": "B"}"#).unwrap();
        assert_eq!(tag_of(&tagged, "kind"), Some("B"));
        let untagged: Buffered<'_> = serde_json::from_str(r#"{"kind": 1}"#).unwrap();
        assert_eq!(tag_of(&untagged, "kind"), None);
    }
}
