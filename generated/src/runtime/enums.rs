//! String and integer enums: the macros that give a generated enum its conversions.
//!
//! An enum with more than one value is open: a value the spec does not list lands in its
//! catch-all variant, so a server that adds a value does not break the client. A one-value
//! enum is a tag and is closed.
//!
//! The macros are called in the `types` module, so their paths are spelled from there, and
//! the standard library's names in full (a schema may be named `String` or `Option`).

use std::fmt;

/// Deserializes a string and turns it into `T`, without copying a borrowed string.
pub(crate) fn deserialize_str<'de, D, T, E, F>(deserializer: D, parse: F) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    E: fmt::Display,
    F: FnOnce(&str) -> Result<T, E>,
{
    struct Visitor<F>(F);

    impl<T, E, F> serde::de::Visitor<'_> for Visitor<F>
    where
        E: fmt::Display,
        F: FnOnce(&str) -> Result<T, E>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<Er: serde::de::Error>(self, value: &str) -> Result<T, Er> {
            (self.0)(value).map_err(Er::custom)
        }
    }

    deserializer.deserialize_str(Visitor(parse))
}

/// The conversions of a string enum, from its `Variant = "value"` pairs: `VALUES`,
/// `as_str`, `from_value`, `Display`, `FromStr`, `Serialize` and `Deserialize`. An `open`
/// enum keeps unknown values in its catch-all variant; a `closed` one rejects them.
macro_rules! string_enum {
    ($name:ident, open $catch:ident, { $($variant:ident = $value:literal,)* }) => {
        impl $name {
            /// Every value the spec lists, in its order.
            pub const VALUES: &'static [&'static str] = &[$($value,)*];

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$catch(value) => value.as_str(),
                }
            }

            /// The variant for `value`; a value the spec does not list is the catch-all.
            pub fn from_value(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$catch(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from_value(value))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_value(value)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                super::runtime::enums::deserialize_str(deserializer, |value| {
                    ::std::result::Result::Ok::<Self, ::std::convert::Infallible>(Self::from_value(value))
                })
            }
        }

        super::runtime::enums::string_enum!(@common $name);
    };
    ($name:ident, closed, { $($variant:ident = $value:literal,)* }) => {
        impl $name {
            /// Every value the spec lists, in its order.
            pub const VALUES: &'static [&'static str] = &[$($value,)*];

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                }
            }

            /// The variant for `value`, if the spec lists it.
            pub fn from_value(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $($value => ::std::option::Option::Some(Self::$variant),)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = super::runtime::validation::ValidationError;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::from_value(value).ok_or_else(|| {
                    super::runtime::validation::ValidationError::not_listed(::std::stringify!($name), value, Self::VALUES)
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                super::runtime::enums::deserialize_str(deserializer, |value| value.parse::<Self>())
            }
        }

        super::runtime::enums::string_enum!(@common $name);
    };
    (@common $name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use string_enum;

/// The conversions of an integer enum, from its `Variant = value` pairs, as
/// [`string_enum`] does for strings.
macro_rules! integer_enum {
    ($name:ident, open $catch:ident, { $($variant:ident = $value:literal,)* }) => {
        impl $name {
            /// Every value the spec lists, in its order.
            pub const VALUES: &'static [i64] = &[$($value,)*];

            /// The value as the API sends it.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$catch(value) => *value,
                }
            }

            /// The variant for `value`; a value the spec does not list is the catch-all.
            pub fn from_value(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$catch(other),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::result::Result::Ok(Self::from_value(<i64 as ::serde::Deserialize>::deserialize(deserializer)?))
            }
        }

        super::runtime::enums::integer_enum!(@common $name);
    };
    ($name:ident, closed, { $($variant:ident = $value:literal,)* }) => {
        impl $name {
            /// Every value the spec lists, in its order.
            pub const VALUES: &'static [i64] = &[$($value,)*];

            /// The value as the API sends it.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                }
            }

            /// The variant for `value`, if the spec lists it.
            pub fn from_value(value: i64) -> ::std::option::Option<Self> {
                match value {
                    $($value => ::std::option::Option::Some(Self::$variant),)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::from_value(value).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(::std::format!("{value} is not a valid {}", ::std::stringify!($name)))
                })
            }
        }

        super::runtime::enums::integer_enum!(@common $name);
    };
    (@common $name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
    };
}

pub(crate) use integer_enum;
