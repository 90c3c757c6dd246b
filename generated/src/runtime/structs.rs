//! Structs: how a generated struct reads and writes its JSON object, member by member.
//!
//! Taking each member through one shared generic function is much less code for the
//! compiler than a visitor per struct: a struct's `Serialize` and `Deserialize` are one
//! [`serde_struct`] call. The object is read once, into a map.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use super::json::{from_value, split_field, with_field};

/// The members of a JSON object, taken one by one by a struct's `Deserialize`.
pub(crate) struct Fields(Map<String, Value>);

impl Fields {
    fn take<T: DeserializeOwned>(name: &str, value: Value) -> Result<T, String> {
        from_value(value).map_err(|message| with_field(split_field(name, &message)))
    }

    /// A required member.
    pub(crate) fn required<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, String> {
        match self.0.remove(name) {
            Some(value) => Self::take(name, value),
            None => Err(format!("missing field `{name}`")),
        }
    }

    /// A required member that may be `null`.
    pub(crate) fn required_nullable<T: DeserializeOwned>(
        &mut self,
        name: &str,
    ) -> Result<Option<T>, String> {
        match self.0.remove(name) {
            Some(Value::Null) => Ok(None),
            Some(value) => Self::take(name, value).map(Some),
            None => Err(format!("missing field `{name}`")),
        }
    }

    /// An optional member: missing and `null` are both `None`.
    pub(crate) fn optional<T: DeserializeOwned>(
        &mut self,
        name: &str,
    ) -> Result<Option<T>, String> {
        match self.0.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => Self::take(name, value).map(Some),
        }
    }

    /// The members no field took (for `additionalProperties`).
    pub(crate) fn rest<T: DeserializeOwned>(&mut self) -> Result<BTreeMap<String, T>, String> {
        let mut out = BTreeMap::new();
        for (name, value) in std::mem::take(&mut self.0) {
            let v = Self::take(&name, value)?;
            out.insert(name, v);
        }
        Ok(out)
    }
}

/// Reads an object and builds a struct from its members; members the struct does not
/// know are ignored (servers add fields).
pub(crate) fn from_fields<'de, D, T, F>(deserializer: D, build: F) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    F: FnOnce(&mut Fields) -> Result<T, String>,
{
    let map = <Map<String, Value> as serde::Deserialize>::deserialize(deserializer)?;
    build(&mut Fields(map)).map_err(<D::Error as serde::de::Error>::custom)
}

/// Writes a struct as a JSON object, member by member: the counterpart of [`Fields`].
pub(crate) struct Members<M>(M);

impl<M: SerializeMap> Members<M> {
    /// A required member: always written.
    pub(crate) fn required<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// A required member that may be `null`: always written, `None` as `null`.
    pub(crate) fn required_nullable<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// An optional member: left out when `None`.
    pub(crate) fn optional<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.0.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// The members beyond the listed properties (for `additionalProperties`).
    pub(crate) fn rest<T: serde::Serialize>(
        &mut self,
        members: &BTreeMap<String, T>,
    ) -> Result<(), M::Error> {
        for (name, value) in members {
            self.0.serialize_entry(name, value)?;
        }
        Ok(())
    }
}

/// Writes an object whose members `write` puts in, in order.
pub(crate) fn to_members<S, F>(serializer: S, write: F) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    F: FnOnce(&mut Members<S::SerializeMap>) -> Result<(), S::Error>,
{
    let mut members = Members(serializer.serialize_map(None)?);
    write(&mut members)?;
    members.0.end()
}

/// The `Serialize` and `Deserialize` impls of a struct. Each field is written and read as
/// the member named beside it, with the [`Members`] and [`Fields`] methods of the same name
/// (`required`, `required_nullable`, `optional`); the `rest` field, where there is one,
/// holds the members no field took and is written after the fields.
///
/// Called in the `types` module, so paths are spelled from there.
macro_rules! serde_struct {
    ($name:ident {} $(rest $rest:ident)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                super::runtime::structs::to_members(serializer, |_members| {
                    $(_members.rest(&self.$rest)?;)?
                    ::std::result::Result::Ok(())
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                super::runtime::structs::from_fields(deserializer, |_fields| {
                    ::std::result::Result::Ok(Self {
                        $($rest: _fields.rest()?,)?
                    })
                })
            }
        }
    };
    ($name:ident { $($field:ident = $take:ident($key:literal),)+ } $(rest $rest:ident)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                super::runtime::structs::to_members(serializer, |members| {
                    $(members.$take($key, &self.$field)?;)+
                    $(members.rest(&self.$rest)?;)?
                    ::std::result::Result::Ok(())
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                super::runtime::structs::from_fields(deserializer, |fields| {
                    ::std::result::Result::Ok(Self {
                        $($field: fields.$take($key)?,)+
                        $($rest: fields.rest()?,)?
                    })
                })
            }
        }
    };
}

pub(crate) use serde_struct;
