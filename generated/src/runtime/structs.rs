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

use serde::de::{Error as _, MapAccess};
use serde::ser::SerializeMap;
use serde::Deserialize;

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

/// Reads the value of the member `name` into its slot; a member given twice is an error
/// (which of the two was meant is anyone's guess).
pub(crate) fn fill<'de, A, T>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
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

/// An optional member: missing and `null` are both `None`.
pub(crate) fn optional<T, E>(slot: Option<Option<T>>, _name: &'static str) -> Result<Option<T>, E> {
    Ok(slot.flatten())
}

/// The members a struct knows: their JSON names, and whether it keeps the others too
/// (`additionalProperties`). Of the alternatives of a one-of that accept a value, the best
/// match is the one that leaves the fewest of its members unknown.
pub(crate) trait KnownMembers {
    /// The JSON names of the struct's fields.
    const NAMES: &'static [&'static str];
    /// Whether the struct keeps members it has no field for.
    const KEEPS_OTHERS: bool;
}

/// The members of a struct, written one by one: the struct's `Serialize`, and the
/// alternatives of a one-of that add their tag (see `one_of::serialize_tagged`).
pub(crate) trait WriteMembers {
    /// Writes every member that has a value.
    fn write_members<M: SerializeMap>(&self, members: &mut Members<M>) -> Result<(), M::Error>;
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

/// Writes a struct as a JSON object.
pub(crate) fn serialize<S, T>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: WriteMembers + ?Sized,
{
    let mut members = Members::new(serializer.serialize_map(None)?, None);
    value.write_members(&mut members)?;
    members.end()
}

/// The `Serialize` and `Deserialize` impls of a struct. Each field is written and read as
/// the member named beside it, by the functions and [`Members`] methods of the same name
/// (`required`, `required_nullable`, `optional`); the `rest` field, where there is one,
/// holds the members no field took and is written after the fields.
///
/// Called in the `types` module, so paths are spelled from there. The locals the macro
/// makes (`map`, `key`, `rest`) cannot clash with fields of those names: macro hygiene
/// keeps them apart.
macro_rules! serde_struct {
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

        impl super::runtime::structs::KnownMembers for $name {
            const NAMES: &'static [&'static str] = &[$($key),*];
            const KEEPS_OTHERS: bool = super::runtime::structs::serde_struct!(@keeps $($rest)?);
        }

        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                super::runtime::structs::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("an object (", ::std::stringify!($name), ")"))
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<$name, __A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        $(let mut $rest = ::std::collections::BTreeMap::new();)?
                        while let ::std::option::Option::Some(key) =
                            map.next_key::<super::runtime::structs::Key<'de>>()?
                        {
                            match key.as_str() {
                                $($key => super::runtime::structs::fill(&mut $field, &mut map, $key)?,)*
                                _ => super::runtime::structs::serde_struct!(@other map key $($rest)?),
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $($field: super::runtime::structs::$take($field, $key)?,)*
                            $($rest,)?
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@keeps) => {
        false
    };
    (@keeps $rest:ident) => {
        true
    };
    (@other $map:ident $key:ident) => {
        super::runtime::structs::skip(&mut $map)?
    };
    (@other $map:ident $key:ident $rest:ident) => {
        super::runtime::structs::keep(&mut $rest, $key, &mut $map)?
    };
}

pub(crate) use serde_struct;
