//! Alternatives (`oneOf`, `anyOf`): what a generated one-of enum's `Serialize` and
//! `Deserialize` call. The value is read once into JSON; then either a tag property names
//! the alternative, or every alternative is tried and the best match wins.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::json::from_value;

/// Checks that a value is also a valid `T` (the properties a schema lists beside its
/// alternatives).
pub(crate) fn check_as<T: DeserializeOwned>(value: &Value) -> Result<(), String> {
    from_value::<T>(value.clone()).map(|_| ())
}

/// The string at `property` of an object, if there is one.
pub(crate) fn tag_of(value: &Value, property: &str) -> Option<String> {
    value
        .get(property)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The error for a value without the tag that tells the alternatives apart.
pub(crate) fn missing_tag(property: &str) -> String {
    format!("`{property}` is missing or not a string; it tells the alternatives apart")
}

/// Serializes `value` with `property` set to `tag` when it does not set it itself.
pub(crate) fn serialize_tagged<S: serde::Serializer, T: Serialize>(
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

/// Picks, among the alternatives that accept a value, the one that knows the most of its
/// members; ties go to the first.
pub(crate) struct BestMatch<T> {
    type_name: &'static str,
    best: Option<(usize, T)>,
    refusals: Vec<String>,
}

impl<T> BestMatch<T> {
    pub(crate) fn new(type_name: &'static str) -> Self {
        BestMatch {
            type_name,
            best: None,
            refusals: Vec::new(),
        }
    }

    /// Tries one alternative: `V`, named `variant`, wrapped by `wrap`.
    pub(crate) fn try_variant<V>(&mut self, value: &Value, variant: &str, wrap: fn(V) -> T)
    where
        V: DeserializeOwned + Serialize,
    {
        if self.best.as_ref().is_some_and(|(unknown, _)| *unknown == 0) {
            return;
        }
        match from_value::<V>(value.clone()) {
            Ok(parsed) => {
                let unknown = unknown_members(value, &parsed);
                if self.best.as_ref().is_none_or(|(best, _)| unknown < *best) {
                    self.best = Some((unknown, wrap(parsed)));
                }
            }
            Err(e) => self.refusals.push(format!("{variant}: {e}")),
        }
    }

    /// The best match, or why every alternative refused the value.
    pub(crate) fn finish(self) -> Result<T, String> {
        match self.best {
            Some((_, value)) => Ok(value),
            None => Err(format!(
                "the value is none of the alternatives of {}: {}",
                self.type_name,
                self.refusals.join("; ")
            )),
        }
    }
}

/// How many members of `input` (an object) with a non-null value `parsed` did not keep.
fn unknown_members<V: Serialize>(input: &Value, parsed: &V) -> usize {
    let Value::Object(members) = input else {
        return 0;
    };
    let kept = serde_json::to_value(parsed).unwrap_or(Value::Null);
    members
        .iter()
        .filter(|(name, value)| !value.is_null() && kept.get(name.as_str()).is_none())
        .count()
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
        let mut best = BestMatch::new("Shape");
        best.try_variant(&value, "Number", Shape::Number);
        best.try_variant(&value, "Map", Shape::Map);
        best.finish()
    }

    #[test]
    fn the_alternative_that_accepts_wins() {
        assert_eq!(best(serde_json::json!(7)), Ok(Shape::Number(7)));
        let map = best(serde_json::json!({"a": 1})).unwrap();
        assert_eq!(map, Shape::Map([("a".to_owned(), 1)].into()));
    }

    #[test]
    fn every_refusal_is_reported() {
        let err = best(serde_json::json!("text")).unwrap_err();
        assert!(
            err.starts_with("the value is none of the alternatives of Shape: Number: "),
            "{err}"
        );
        assert!(err.contains("; Map: "), "{err}");
    }

    #[test]
    fn tags_are_written_only_when_missing() {
        let mut out = Vec::new();
        let value = serde_json::json!({"a": 1});
        serialize_tagged(
            &value,
            "kind",
            "A",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":1,"kind":"A"}"#);
        let mut out = Vec::new();
        let tagged = serde_json::json!({"kind": "B"});
        serialize_tagged(
            &tagged,
            "kind",
            "A",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"kind":"B"}"#);
        assert_eq!(tag_of(&tagged, "kind").as_deref(), Some("B"));
        assert_eq!(tag_of(&serde_json::json!({"kind": 1}), "kind"), None);
    }
}
