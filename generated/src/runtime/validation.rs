//! Validated strings: the error they report, the length check, and the macro that gives a
//! generated string type its constructor and conversions.
//!
//! Lengths count characters (Unicode scalar values), not bytes, as JSON Schema says.
//! Patterns are checked by `pattern.rs`, which a crate has only when its spec has patterns.

use std::fmt;

/// Why a value was rejected: the type, the rule it broke, and the value (shortened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    type_name: &'static str,
    rule: Rule,
    value: String,
}

/// The rule a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The value does not match this ECMA-262 pattern anywhere.
    Pattern(&'static str),
    /// The pattern could not be compiled by the `regress` in this build. It compiled when
    /// the code was generated, so this means a `regress` version that reads it differently.
    PatternUnavailable(&'static str),
    /// The value has fewer characters than allowed.
    MinLength {
        /// The least number of characters.
        min: usize,
        /// How many the value has.
        actual: usize,
    },
    /// The value has more characters than allowed.
    MaxLength {
        /// The greatest number of characters.
        max: usize,
        /// How many the value has.
        actual: usize,
    },
    /// The value is not one of those listed.
    NotListed(&'static [&'static str]),
}

/// At most this many characters of a rejected value are kept.
const SHOWN_CHARS: usize = 200;

impl ValidationError {
    /// The name of the type that rejected the value.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The rule the value broke.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The rejected value; values longer than 200 characters are cut, with `…` at the end.
    pub fn value(&self) -> &str {
        &self.value
    }

    pub(crate) fn new(type_name: &'static str, rule: Rule, value: &str) -> Self {
        let mut shown: String = value.chars().take(SHOWN_CHARS).collect();
        if shown.len() < value.len() {
            shown.push('…');
        }
        ValidationError {
            type_name,
            rule,
            value: shown,
        }
    }

    /// A value that is not one of `values`.
    pub(crate) fn not_listed(
        type_name: &'static str,
        value: &str,
        values: &'static [&'static str],
    ) -> Self {
        Self::new(type_name, Rule::NotListed(values), value)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a valid {}: ", self.value, self.type_name)?;
        match &self.rule {
            Rule::Pattern(p) => write!(f, "it does not match the pattern `{p}`"),
            Rule::PatternUnavailable(p) => write!(f, "the pattern `{p}` could not be compiled"),
            Rule::MinLength { min, actual } => write!(
                f,
                "it has {actual} characters, fewer than the minimum of {min}"
            ),
            Rule::MaxLength { max, actual } => write!(
                f,
                "it has {actual} characters, more than the maximum of {max}"
            ),
            Rule::NotListed([]) => write!(f, "it is not one of the allowed values"),
            Rule::NotListed(values) => write!(f, "it is not one of {}", values.join(", ")),
        }
    }
}

impl std::error::Error for ValidationError {}

/// Checks that `value` has from `min` to `max` characters (either limit may be absent).
pub(crate) fn check_length(
    type_name: &'static str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    if min.is_none() && max.is_none() {
        return Ok(());
    }
    let actual = value.chars().count();
    if let Some(min) = min.filter(|min| actual < *min) {
        return Err(ValidationError::new(
            type_name,
            Rule::MinLength { min, actual },
            value,
        ));
    }
    if let Some(max) = max.filter(|max| actual > *max) {
        return Err(ValidationError::new(
            type_name,
            Rule::MaxLength { max, actual },
            value,
        ));
    }
    Ok(())
}

/// The constructor, accessors and conversions of a validated string type: a tuple struct
/// with one private `String` field, given its pattern (and whether the pattern has the `u`
/// flag) and length limits where it has them. It gets `PATTERN`, `MIN_LENGTH` and
/// `MAX_LENGTH`, a checking `new`, `as_str`, `into_inner`, `Display`, `AsRef<str>`, a
/// checking `FromStr`, `TryFrom<&str>`, `TryFrom<String>`, `From<Self> for String`,
/// `Serialize`, and a `Deserialize` that checks (unless the response is read leniently: see
/// `reading`).
///
/// Called in the `types` module, so paths are spelled from there, and the standard
/// library's names in full (a schema may be named `String`).
macro_rules! validated_string {
    // `Some` of the value, or `None` without one (a plain expression: cheap to check).
    (@some $value:literal) => {
        ::std::option::Option::Some($value)
    };
    (@some) => {
        ::std::option::Option::None
    };
    (
        $name:ident
        $(, pattern $pattern:literal unicode $unicode:tt)?
        $(, min $min:literal)?
        $(, max $max:literal)?
    ) => {
        impl $name {
            /// The ECMA-262 regular expression values must match somewhere, if any.
            pub const PATTERN: ::std::option::Option<&'static str> =
                super::runtime::validation::validated_string!(@some $($pattern)?);
            /// The least number of characters, if limited.
            pub const MIN_LENGTH: ::std::option::Option<usize> =
                super::runtime::validation::validated_string!(@some $($min)?);
            /// The greatest number of characters, if limited.
            pub const MAX_LENGTH: ::std::option::Option<usize> =
                super::runtime::validation::validated_string!(@some $($max)?);

            /// Checks `value` against the rules and wraps it.
            pub fn new(
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> ::std::result::Result<Self, super::runtime::validation::ValidationError> {
                let value = value.into();
                super::runtime::validation::check_length(
                    ::std::stringify!($name),
                    &value,
                    Self::MIN_LENGTH,
                    Self::MAX_LENGTH,
                )?;
                $({
                    static PATTERN: super::runtime::pattern::Pattern =
                        super::runtime::pattern::Pattern::new($pattern, $unicode);
                    PATTERN.check(::std::stringify!($name), &value)?;
                })?
                ::std::result::Result::Ok(Self(value))
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value, unwrapped.
            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = super::runtime::validation::ValidationError;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl ::std::convert::TryFrom<&str> for $name {
            type Error = super::runtime::validation::ValidationError;

            fn try_from(value: &str) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::convert::TryFrom<::std::string::String> for $name {
            type Error = super::runtime::validation::ValidationError;

            fn try_from(value: ::std::string::String) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                if super::runtime::reading::Reading::current().trusts_strings {
                    return ::std::result::Result::Ok(Self(value));
                }
                Self::new(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

pub(crate) use validated_string;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters() {
        assert!(check_length("T", "ééé", Some(3), Some(3)).is_ok());
        let e = check_length("T", "éé", Some(3), None).unwrap_err();
        assert_eq!(e.rule(), &Rule::MinLength { min: 3, actual: 2 });
        assert_eq!(
            e.to_string(),
            "\"éé\" is not a valid T: it has 2 characters, fewer than the minimum of 3"
        );
        let e = check_length("T", "abcd", None, Some(3)).unwrap_err();
        assert_eq!(e.rule(), &Rule::MaxLength { max: 3, actual: 4 });
        assert!(check_length("T", "", None, None).is_ok());
    }

    #[test]
    fn long_values_are_cut_in_the_error() {
        let long = "x".repeat(500);
        let e = ValidationError::new("T", Rule::Pattern("^y$"), &long);
        assert_eq!(e.value().chars().count(), SHOWN_CHARS + 1);
        assert!(e.value().ends_with('…'));
        assert_eq!(e.type_name(), "T");
    }

    #[test]
    fn not_listed_names_the_values() {
        let e = ValidationError::not_listed("Provider", "GCP", &["AWS", "AZURE"]);
        assert_eq!(
            e.to_string(),
            "\"GCP\" is not a valid Provider: it is not one of AWS, AZURE"
        );
        let none = ValidationError::not_listed("Never", "x", &[]);
        assert!(none
            .to_string()
            .ends_with("it is not one of the allowed values"));
    }
}
