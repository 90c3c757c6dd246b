//! A value read once and kept, for a one-of to read again: which alternative a value is
//! cannot be known before all of it is read.
//!
//! It is what serde's own untagged and internally tagged enums buffer into (serde keeps
//! that type private): strings stay borrowed from the input where the deserializer lends
//! them (`serde_json` from a slice or a `&str` does, unless a string has escapes), and
//! objects are lists of members, not maps. Reading it again is a walk over it that hands
//! out the same borrowed strings, so an alternative that takes a string copies it once,
//! from the input.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;

use super::structs::Key;

/// A JSON value as it was read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Buffered<'de> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'de, str>),
    Seq(Vec<Buffered<'de>>),
    Map(Vec<(Cow<'de, str>, Buffered<'de>)>),
}

/// What reading a buffered value again fails with: `serde_json`'s error, so that messages
/// read as they do when JSON is decoded directly (`null`, not `unit value`).
pub(crate) type Error = serde_json::Error;

/// The member name under which `serde_json` hands over a number it keeps as text (with its
/// `arbitrary_precision` feature, which any crate of a build may turn on).
const PRECISE_NUMBER: &str = "$serde_json::private::Number";

impl<'de> Buffered<'de> {
    /// The value of member `name`, when this is an object that has it (its last value, when
    /// it is given twice, as decoding takes).
    pub(crate) fn member(&self, name: &str) -> Option<&Buffered<'de>> {
        match self {
            Buffered::Map(members) => members
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Buffered::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The names of the members whose value is not `null`, when this is an object.
    pub(crate) fn present_members(&self) -> impl Iterator<Item = &str> {
        let members = match self {
            Buffered::Map(members) => members.as_slice(),
            _ => &[],
        };
        members
            .iter()
            .filter(|(_, v)| *v != Buffered::Null)
            .map(|(n, _)| n.as_ref())
    }

    /// Reads the value as a `T`.
    pub(crate) fn decode<T: Deserialize<'de>>(&self) -> Result<T, Error> {
        T::deserialize(self)
    }
}

impl<'de> Deserialize<'de> for Buffered<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BufferVisitor)
    }
}

struct BufferVisitor;

impl<'de> Visitor<'de> for BufferVisitor {
    type Value = Buffered<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Buffered::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Buffered::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Buffered::deserialize(deserializer)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Buffered::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Buffered::I64(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Buffered::U64(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Buffered::F64(v))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Buffered::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Buffered::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Buffered::Str(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buffered::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key::<Key<'de>>()? {
            members.push((key.into_cow(), map.next_value()?));
        }
        Ok(precise_number(&members).unwrap_or(Buffered::Map(members)))
    }
}

/// A number `serde_json` handed over as text (see [`PRECISE_NUMBER`]), as the number it is.
fn precise_number(members: &[(Cow<'_, str>, Buffered<'_>)]) -> Option<Buffered<'static>> {
    let [(name, Buffered::Str(text))] = members else {
        return None;
    };
    if name != PRECISE_NUMBER {
        return None;
    }
    if let Ok(n) = text.parse::<u64>() {
        Some(Buffered::U64(n))
    } else if let Ok(n) = text.parse::<i64>() {
        Some(Buffered::I64(n))
    } else {
        text.parse::<f64>().ok().map(Buffered::F64)
    }
}

/// Reading a buffered value again, lending its borrowed strings for as long as the input.
impl<'de> Deserializer<'de> for &Buffered<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Null => visitor.visit_unit(),
            Buffered::Bool(v) => visitor.visit_bool(*v),
            Buffered::U64(v) => visitor.visit_u64(*v),
            Buffered::I64(v) => visitor.visit_i64(*v),
            Buffered::F64(v) => visitor.visit_f64(*v),
            Buffered::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Buffered::Str(Cow::Owned(s)) => visitor.visit_str(s),
            Buffered::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Buffered::Map(members) => visitor.visit_map(Members {
                members: members.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

impl<'de> IntoDeserializer<'de, Error> for &Buffered<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

struct Items<'a, 'de>(std::slice::Iter<'a, Buffered<'de>>);

impl<'a, 'de> SeqAccess<'de> for Items<'a, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Members<'a, 'de> {
    members: std::slice::Iter<'a, (Cow<'de, str>, Buffered<'de>)>,
    value: Option<&'a Buffered<'de>>,
}

impl<'a, 'de> MapAccess<'de> for Members<'a, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key = match name {
            Cow::Borrowed(name) => seed.deserialize(de::value::BorrowedStrDeserializer::new(name)),
            Cow::Owned(name) => seed.deserialize(name.as_str().into_deserializer()),
        };
        key.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom(
                "a member's value was asked for before its name",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_stay_borrowed_from_the_input() {
        let text = r#"{"a": "plain", "b": "esc\u0061ped", "c": [1, -2, 2.5, true, null]}"#;
        let buffered: Buffered<'_> = serde_json::from_str(text).unwrap();
        assert!(matches!(
            buffered.member("a"),
            Some(Buffered::Str(Cow::Borrowed("plain")))
        ));
        assert!(
            matches!(buffered.member("b"), Some(Buffered::Str(Cow::Owned(s))) if s == "escaped")
        );
        assert_eq!(
            buffered.member("a").and_then(Buffered::as_str),
            Some("plain")
        );
        assert_eq!(
            buffered.present_members().collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn reading_again_gives_the_same_value() {
        let text = r#"{"a": "x", "n": {"deep": [1, -2, 2.5, true, null, "é"]}, "z": null}"#;
        let buffered: Buffered<'_> = serde_json::from_str(text).unwrap();
        let again: serde_json::Value = buffered.decode().unwrap();
        assert_eq!(
            again,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        let borrowed: std::collections::BTreeMap<&str, serde::de::IgnoredAny> =
            buffered.decode().unwrap();
        assert_eq!(borrowed.len(), 3);
        let optional: Option<u8> = Buffered::Null.decode().unwrap();
        assert_eq!(optional, None);
        let e = Buffered::Str("x".into()).decode::<u8>().unwrap_err();
        assert!(e.to_string().contains("invalid type: string \"x\""), "{e}");
        let e = Buffered::Null.decode::<String>().unwrap_err();
        assert_eq!(e.to_string(), "invalid type: null, expected a string");
    }

    #[test]
    fn numbers_handed_over_as_text_are_numbers() {
        let text =
            r#"[{"$serde_json::private::Number": "1.5"}, {"$serde_json::private::Number": "-7"}]"#;
        let buffered: Buffered<'_> = serde_json::from_str(text).unwrap();
        assert_eq!(buffered.decode::<(f64, i64)>().unwrap(), (1.5, -7));
    }

    #[test]
    fn a_member_given_twice_is_its_last_value() {
        let buffered: Buffered<'_> = serde_json::from_str(r#"{"kind": "a", "kind": "b"}"#).unwrap();
        assert_eq!(
            buffered.member("kind").and_then(Buffered::as_str),
            Some("b")
        );
    }
}
