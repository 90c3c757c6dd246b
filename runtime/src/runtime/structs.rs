//! Structs: how a generated struct reads and writes its JSON object, member by member.
//!
//! A struct's `Deserialize` is a visitor that takes each member straight from the
//! deserializer, in one pass at every depth: no intermediate map, no second decoding.
//! What is the same for every struct (telling missing from `null`, refusing a member given
//! twice, reading a key without copying it) is a generic function here, so that the code
//! each struct adds is one `match` on its member names.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde::Deserialize;

use super::buffer::Buffered;
use super::reading::Reading;

/// A member's name as the deserializer gives it: borrowed from the input where it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_owned(self) -> String {
        self.0.into_owned()
    }

    pub(crate) fn into_cow(self) -> Cow<'de, str> {
        self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// The position of `name` among a struct's member names. A struct's `Deserialize` matches
/// on the position, not on the name: one comparison loop here, and a jump in each struct,
/// is much less for the compiler to check than a `match` on strings per struct.
pub(crate) fn index_of(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| *n == name)
}

/// How a struct reads itself from the members of an object. Its `Deserialize` hands a
/// [`StructVisitor`] to the deserializer, which calls this: the visitor is written once,
/// here, not once per struct.
pub(crate) trait FromMembers<'de>: Sized {
    /// The struct's name, for the message about a value that is not an object.
    const NAME: &'static str;

    /// Reads the struct from the members of an object.
    fn from_members<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The visitor of every struct.
pub(crate) struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: FromMembers<'de>> serde::de::Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_members(map)
    }
}

/// A struct's `Deserialize`.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromMembers<'de>,
{
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// Reads the value of a member into its slot. A member given twice takes its last value,
/// as in `serde_json::Value`.
pub(crate) fn fill<'de, A, T>(slot: &mut Option<T>, map: &mut A) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of an optional member into its field (the last value of a member given
/// twice, as [`fill`]). When the [`Reading`] drops misfits, the value is buffered first, so
/// that one that does not fit leaves the field empty and the rest of the object can still
/// be read (a deserializer cannot go on after a value fails halfway).
#[inline]
pub(crate) fn fill_optional<'de, A, T>(field: &mut Option<T>, map: &mut A) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if Reading::current().drops_misfits {
        return fill_or_drop(field, map);
    }
    *field = map.next_value()?;
    Ok(())
}

/// [`fill_optional`] when misfits are dropped: out of line, so that strict reading, the
/// common case, stays small where it is inlined.
#[cold]
#[inline(never)]
fn fill_or_drop<'de, A, T>(field: &mut Option<T>, map: &mut A) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    let value: Buffered<'de> = map.next_value()?;
    *field = value.decode::<Option<T>>().unwrap_or(None);
    Ok(())
}

/// How a member's value is read into its slot, by what the spec says of the member: a
/// struct names the function after it (`optional("name", 0)` reads with `slot::optional`),
/// so that only optional members pay for being dropped when they do not fit.
pub(crate) mod slot {
    pub(crate) use super::fill as required;
    pub(crate) use super::fill as required_nullable;
    pub(crate) use super::fill_optional as optional;
}

/// Skips the value of a member the struct does not know (servers add members).
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

/// Keeps the value of a member no field takes (for `additionalProperties`).
pub(crate) fn keep<'de, A, T>(
    rest: &mut BTreeMap<String, T>,
    key: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    let value = map.next_value()?;
    rest.insert(key.into_owned(), value);
    Ok(())
}

/// A required member.
pub(crate) fn required<T, E: serde::de::Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// A required member that may be `null`.
pub(crate) fn required_nullable<T, E: serde::de::Error>(
    slot: Option<Option<T>>,
    name: &'static str,
) -> Result<Option<T>, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The members of a struct, written one by one, for a one-of that adds its tag beside them
/// (see `one_of::serialize_tagged`); only structs that are such an alternative have it.
pub(crate) trait WriteMembers {
    /// Writes every member that has a value.
    fn write_members<M: SerializeMap>(&self, members: &mut Members<M>) -> Result<(), M::Error>;
}

/// An alternative that contains its one-of is held in a box.
impl<T: WriteMembers + ?Sized> WriteMembers for Box<T> {
    fn write_members<M: SerializeMap>(&self, members: &mut Members<M>) -> Result<(), M::Error> {
        (**self).write_members(members)
    }
}

/// Writes a struct's members into a JSON object, and notes whether one of them is the
/// tag a one-of would otherwise add.
pub(crate) struct Members<M> {
    map: M,
    tag: Option<&'static str>,
    tag_written: bool,
}

impl<M: SerializeMap> Members<M> {
    /// Members for `map`; `tag` is a member name to look out for.
    pub(crate) fn new(map: M, tag: Option<&'static str>) -> Self {
        Members {
            map,
            tag,
            tag_written: false,
        }
    }

    fn entry<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), M::Error> {
        if self.tag == Some(name) {
            self.tag_written = true;
        }
        self.map.serialize_entry(name, value)
    }

    /// A required member: always written.
    pub(crate) fn required<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.entry(name, value)
    }

    /// A required member that may be `null`: always written, `None` as `null`.
    pub(crate) fn required_nullable<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        self.entry(name, value)
    }

    /// An optional member: left out when `None`.
    pub(crate) fn optional<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.entry(name, value),
            None => Ok(()),
        }
    }

    /// The members beyond the listed properties (for `additionalProperties`).
    pub(crate) fn rest<T: serde::Serialize>(
        &mut self,
        members: &BTreeMap<String, T>,
    ) -> Result<(), M::Error> {
        for (name, value) in members {
            self.entry(name, value)?;
        }
        Ok(())
    }

    /// Whether the tag looked out for was written.
    pub(crate) fn tag_written(&self) -> bool {
        self.tag_written
    }

    /// Adds one more member.
    pub(crate) fn extra(&mut self, name: &str, value: &str) -> Result<(), M::Error> {
        self.map.serialize_entry(name, value)
    }

    /// Closes the object.
    pub(crate) fn end(self) -> Result<M::Ok, M::Error> {
        self.map.end()
    }
}

/// Writes a struct as a JSON object whose members `write` puts in.
pub(crate) fn serialize<S, F>(serializer: S, write: F) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    F: FnOnce(&mut Members<S::SerializeMap>) -> Result<(), S::Error>,
{
    let mut members = Members::new(serializer.serialize_map(None)?, None);
    write(&mut members)?;
    members.end()
}

/// The `Serialize` and `Deserialize` impls of a struct. Each field is written and read as
/// the member named beside it (with its position among them), by the [`Members`] methods and functions of the same name
/// (`required`, `required_nullable`, `optional`); the field's type is given again so that
/// the slot a member is read into has its type spelled out (the compiler then has nothing
/// to infer). The `rest` field, where there is one, holds the members no field took and is
/// written after the fields. A struct whose fields are all optional says `default` before
/// its name: its members are then read straight into a default value.
///
/// Each struct's code is kept small, since a crate has hundreds: one visitor, no trait
/// impls beyond serde's (a one-of's alternative also gets [`write_members!`]), `?` only
/// where a member can fail, and as few locals as can be.
///
/// Called in the `types` module, so paths are spelled from there. The locals the macro
/// makes (`map`, `key`) cannot clash with fields of those names: macro hygiene keeps them
/// apart. Generic parameters and items are not kept apart, so theirs start with `__`,
/// which no generated type name does (a schema may be named `A` or `Visitor`).
macro_rules! serde_struct {
    // Every field optional: members are read straight into a default value, so that the
    // reading function has one local, not one per field.
    (
        default $name:ident {
            $($field:ident: $ty:ty = optional($key:literal, $index:literal),)*
        }
        $(rest $rest:ident: $rest_ty:ty)?
    ) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                super::runtime::structs::serialize(serializer, |_members| {
                    $(_members.optional($key, &self.$field)?;)*
                    $(_members.rest(&self.$rest)?;)?
                    ::std::result::Result::Ok(())
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                super::runtime::structs::deserialize(deserializer)
            }
        }

        impl<'de> super::runtime::structs::FromMembers<'de> for $name {
            const NAME: &'static str = ::std::stringify!($name);

            fn from_members<__A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::std::result::Result<Self, __A::Error> {
                #[allow(unused_mut)] // a struct without fields takes nothing
                let mut out = <$name as ::std::default::Default>::default();
                while let ::std::option::Option::Some(key) =
                    map.next_key::<super::runtime::structs::Key<'_>>()?
                {
                    match super::runtime::structs::index_of(&[$($key),*], key.as_str()) {
                        $(::std::option::Option::Some($index) => super::runtime::structs::fill_optional(&mut out.$field, &mut map),)*
                        _ => super::runtime::structs::serde_struct!(@other map key $(out.$rest)?),
                    }?;
                }
                ::std::result::Result::Ok(out)
            }
        }
    };
    (
        $name:ident {
            $($field:ident: $ty:ty = $take:ident($key:literal, $index:literal),)*
        }
        $(rest $rest:ident: $rest_ty:ty)?
    ) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                super::runtime::structs::serialize(serializer, |_members| {
                    $(_members.$take($key, &self.$field)?;)*
                    $(_members.rest(&self.$rest)?;)?
                    ::std::result::Result::Ok(())
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                super::runtime::structs::deserialize(deserializer)
            }
        }

        impl<'de> super::runtime::structs::FromMembers<'de> for $name {
            const NAME: &'static str = ::std::stringify!($name);

            fn from_members<__A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::std::result::Result<Self, __A::Error> {
                $(let mut $field: ::std::option::Option<$ty> = ::std::option::Option::None;)*
                $(let mut $rest: $rest_ty = ::std::default::Default::default();)?
                while let ::std::option::Option::Some(key) =
                    map.next_key::<super::runtime::structs::Key<'_>>()?
                {
                    match super::runtime::structs::index_of(&[$($key),*], key.as_str()) {
                        $(::std::option::Option::Some($index) => super::runtime::structs::slot::$take(&mut $field, &mut map),)*
                        _ => super::runtime::structs::serde_struct!(@other map key $($rest)?),
                    }?;
                }
                ::std::result::Result::Ok($name {
                    $($field: super::runtime::structs::serde_struct!(@take $take $field $key),)*
                    $($rest,)?
                })
            }
        }
    };
    (@take optional $field:ident $key:literal) => {
        $field.flatten()
    };
    (@take $take:ident $field:ident $key:literal) => {
        super::runtime::structs::$take($field, $key)?
    };
    (@other $map:ident $key:ident) => {
        super::runtime::structs::skip(&mut $map)
    };
    (@other $map:ident $key:ident $rest:expr) => {
        super::runtime::structs::keep(&mut $rest, $key, &mut $map)
    };
}

/// The [`WriteMembers`] impl of a struct that is an alternative a one-of writes with its
/// tag (for `one_of::serialize_tagged`): its fields as `serde_struct!` lists them, without
/// their types.
macro_rules! write_members {
    ($name:ident { $($field:ident = $take:ident($key:literal),)* } $(rest $rest:ident)?) => {
        impl super::runtime::structs::WriteMembers for $name {
            fn write_members<__M: ::serde::ser::SerializeMap>(
                &self,
                _members: &mut super::runtime::structs::Members<__M>,
            ) -> ::std::result::Result<(), __M::Error> {
                $(_members.$take($key, &self.$field)?;)*
                $(_members.rest(&self.$rest)?;)?
                ::std::result::Result::Ok(())
            }
        }
    };
}

pub(crate) use {serde_struct, write_members};

#[cfg(test)]
mod tests {
    use super::super as runtime;
    use super::super::reading::Reading;

    /// Types as a generated crate's `types` module writes them, for this file alone (it is
    /// copied into every generated crate, whose own types differ).
    mod types {
        /// At most 4 characters.
        #[derive(Debug, Clone, PartialEq)]
        pub(crate) struct Short(String);
        super::runtime::validation::validated_string!(Short, max 4);

        #[derive(Debug, Clone, PartialEq)]
        pub(crate) struct Member {
            pub(crate) id: i64,
            pub(crate) name: Option<Short>,
            pub(crate) count: Option<u8>,
        }
        super::runtime::structs::serde_struct!(Member {
            id: i64 = required("id", 0),
            name: Option<Short> = optional("name", 1),
            count: Option<u8> = optional("count", 2),
        });

        #[derive(Debug, Clone, PartialEq, Default)]
        pub(crate) struct Loose {
            pub(crate) name: Option<Short>,
            pub(crate) members: Option<Vec<Member>>,
        }
        super::runtime::structs::serde_struct!(default Loose {
            name: Option<Short> = optional("name", 0),
            members: Option<Vec<Member>> = optional("members", 1),
        });
    }

    use types::{Loose, Member};

    fn read<T: serde::de::DeserializeOwned>(reading: Reading, json: &str) -> Result<T, String> {
        reading.apply(|| serde_json::from_str(json).map_err(|e| e.to_string()))
    }

    #[test]
    fn optional_members_that_do_not_fit_are_dropped_only_when_asked() {
        let json = r#"{"id": 1, "name": "too long", "count": 300, "extra": [1]}"#;
        let err = read::<Member>(Reading::STRICT, json).unwrap_err();
        assert!(err.contains("Short"), "{err}");
        let tolerant = read::<Member>(Reading::TOLERANT, json).unwrap();
        assert_eq!(
            (tolerant.id, tolerant.name, tolerant.count),
            (1, None, None)
        );
        let lenient = read::<Member>(Reading::LENIENT, json).unwrap();
        assert_eq!(
            lenient.name.as_ref().map(|n| n.as_str()),
            Some("too long"),
            "trusted"
        );
        assert_eq!(lenient.count, None, "300 is no u8, whoever sends it");
        let nested = r#"{"name": ["x"], "members": [{"id": 2, "count": "many"}, {"id": 3}]}"#;
        let loose = read::<Loose>(Reading::TOLERANT, nested).unwrap();
        assert_eq!(loose.name, None);
        let ids: Vec<_> = loose
            .members
            .unwrap()
            .iter()
            .map(|m| (m.id, m.count))
            .collect();
        assert_eq!(
            ids,
            [(2, None), (3, None)],
            "dropped at the innermost optional member"
        );
    }

    #[test]
    fn required_members_and_broken_json_fail_whatever_the_reading() {
        for reading in [Reading::STRICT, Reading::LENIENT, Reading::TOLERANT] {
            let err = read::<Member>(reading, r#"{"id": "one"}"#).unwrap_err();
            assert!(err.starts_with("invalid type: string \"one\""), "{err}");
            let err = read::<Member>(reading, r#"{"name": "a"}"#).unwrap_err();
            assert!(err.starts_with("missing field `id`"), "{err}");
            let err = read::<Loose>(reading, r#"{"members": [{"id": 1}, {"id": 2"#).unwrap_err();
            assert!(err.contains("EOF"), "{err}");
            let misfit_item = r#"{"members": [{"id": 1}, {"id": "two"}]}"#;
            let loose = read::<Loose>(reading, misfit_item);
            match reading.drops_misfits {
                true => assert_eq!(loose.unwrap().members, None),
                false => assert!(loose.is_err()),
            }
        }
    }
}
