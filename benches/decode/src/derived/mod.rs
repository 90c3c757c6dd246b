//! The baselines the generated types are measured against: the same shapes written with
//! `#[derive(Serialize, Deserialize)]`, in three versions built from one set of definitions
//! (`types.rs`, included in each module):
//!
//! - [`plain`]: every validated string is a `String`; what serde derive costs with no checks;
//! - [`checked`]: every validated string is a newtype whose `Deserialize` checks the length
//!   (in characters) and the pattern (ECMA-262, with `regress`, found anywhere in the value,
//!   compiled once per type) that the generated type checks; what the same checks cost on top
//!   of serde derive;
//! - [`kept`]: `checked`, with the same newtypes, but an open enum keeps a value it does not
//!   list in `Unknown(String)` (a small hand-written `Deserialize` and `Serialize`, as a careful
//!   hand-written client would do) where `plain` and `checked` drop it: what keeping unknown
//!   values costs, as the generated types do.

/// A string enum: `closed` is a derive enum with a `rename` per value that refuses values it
/// does not list; `open` takes them too, as the `open_enum!` of the module that includes
/// `types.rs` says ([`dropping_open_enum`] or [`keeping_open_enum`]).
macro_rules! string_enum {
    ($name:ident, closed { $($variant:ident = $value:literal,)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $(
                #[serde(rename = $value)]
                $variant,
            )+
        }
    };
    ($name:ident, open { $($variant:ident = $value:literal,)+ }) => {
        open_enum!($name { $($variant = $value,)+ });
    };
}

/// An open enum of [`plain`] and [`checked`]: a derive enum with a `rename` per value and a
/// `#[serde(other)] Unknown` for the values it does not list, which drops them.
macro_rules! dropping_open_enum {
    ($name:ident { $($variant:ident = $value:literal,)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $(
                #[serde(rename = $value)]
                $variant,
            )+
            /// A value the spec does not list. Dropped (it serializes as `"Unknown"`), where the
            /// generated type keeps the string: 1 byte instead of 24, and no allocation.
            #[serde(other)]
            Unknown,
        }
    };
}

/// An open enum of [`kept`]: a value it does not list is kept in `Unknown(String)` and
/// serializes back unchanged, as in the generated type. `Deserialize` matches the string it is
/// lent against the listed values, so only an unknown value allocates.
macro_rules! keeping_open_enum {
    ($name:ident { $($variant:ident = $value:literal,)+ }) => {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $($variant,)+
            /// A value the spec does not list, kept as it came.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;

                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_str<E: ::serde::de::Error>(
                        self,
                        value: &str,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok(match value {
                            $($value => $name::$variant,)+
                            other => $name::Unknown(other.to_owned()),
                        })
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

// Named by path, so that each module below picks its `open_enum!` with a `use`.
use {dropping_open_enum, keeping_open_enum};

/// Checks a value's length in characters (Unicode scalar values), as the generated types do:
/// counted only when the type has a limit.
fn check_length(
    type_name: &str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), String> {
    if min.is_none() && max.is_none() {
        return Ok(());
    }
    let actual = value.chars().count();
    if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
        return Err(format!(
            "{value:?} is not a valid {type_name}: it has {actual} characters"
        ));
    }
    Ok(())
}

/// A validated string type of [`checked`]: a newtype over `String` whose `Deserialize`
/// checks the length limits and the pattern (with the `u` flag, as the generated types
/// compile it), the regex compiled on first use and shared by every value of the type.
macro_rules! checked_string {
    (@some $value:literal) => {
        ::std::option::Option::Some($value)
    };
    (@some) => {
        ::std::option::Option::None
    };
    (
        $name:ident
        $(, pattern $pattern:literal)?
        $(, min $min:literal)?
        $(, max $max:literal)?
    ) => {
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(::std::string::String);

        impl $name {
            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                super::check_length(
                    ::std::stringify!($name),
                    &value,
                    checked_string!(@some $($min)?),
                    checked_string!(@some $($max)?),
                )
                .map_err(D::Error::custom)?;
                $({
                    static PATTERN: ::std::sync::LazyLock<::regress::Regex> =
                        ::std::sync::LazyLock::new(|| {
                            ::regress::Regex::with_flags($pattern, "u")
                                .expect("the generator compiled this pattern")
                        });
                    if PATTERN.find(&value).is_none() {
                        return Err(D::Error::custom(::std::format!(
                            "{value:?} is not a valid {}: it does not match the pattern `{}`",
                            ::std::stringify!($name),
                            $pattern,
                        )));
                    }
                })?
                Ok(Self(value))
            }
        }
    };
}

/// The derive types with every validated string a plain `String`.
pub mod plain {
    pub type ClusterDescription20240805Id = String;
    pub type ClusterDescription20240805MongoDbVersion = String;
    pub type ClusterDescription20240805Name = String;
    pub type GroupId = String;
    pub type Key = String;
    pub type ReplicationSpec20240805Id = String;
    pub type ReplicationSpec20240805ZoneId = String;
    pub type ServerlessAwsTenantEndpointCloudProviderEndpointId = String;
    pub type ServerlessAwsTenantEndpointEndpointServiceName = String;
    pub type ServerlessAzureTenantEndpointCloudProviderEndpointId = String;
    pub type ServerlessAzureTenantEndpointEndpointServiceName = String;
    pub type ServerlessAzureTenantEndpointPrivateEndpointIpAddress = String;
    pub type ServerlessTenantEndpointComment = String;
    pub type ServerlessTenantEndpointId = String;
    pub type Value = String;

    use super::dropping_open_enum as open_enum;

    include!("types.rs");
}

/// The validated strings of [`checked`] and [`kept`], checked as the generated type checks
/// them (the patterns and limits are those of the generated `validated_string!` calls).
mod strings {
    checked_string!(ClusterDescription20240805Id, pattern "^([a-f0-9]{24})$");
    checked_string!(ClusterDescription20240805MongoDbVersion, pattern "([\\d]+\\.[\\d]+\\.[\\d]+)");
    checked_string!(ClusterDescription20240805Name, pattern "^[a-zA-Z0-9][a-zA-Z0-9-]*$");
    checked_string!(GroupId, pattern "^([a-f0-9]{24})$");
    checked_string!(Key, min 1, max 255);
    checked_string!(ReplicationSpec20240805Id, pattern "^([a-f0-9]{24})$");
    checked_string!(ReplicationSpec20240805ZoneId, pattern "^([a-f0-9]{24})$");
    checked_string!(
        ServerlessAwsTenantEndpointCloudProviderEndpointId,
        pattern "^vpce-[0-9a-f]{17}$"
    );
    checked_string!(
        ServerlessAwsTenantEndpointEndpointServiceName,
        pattern "^com\\.amazonaws\\.vpce\\.[a-z-0-9]+\\.vpce-svc-[0-9a-f]{17}"
    );
    checked_string!(
        ServerlessAzureTenantEndpointCloudProviderEndpointId,
        pattern "^/subscriptions/[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}/resource[gG]roups/private[Ll]ink/providers/Microsoft\\.Network/privateEndpoints/[-\\w._()]+$"
    );
    checked_string!(
        ServerlessAzureTenantEndpointEndpointServiceName,
        pattern "^pls_[0-9a-f]{24}$"
    );
    checked_string!(
        ServerlessAzureTenantEndpointPrivateEndpointIpAddress,
        pattern "^((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)(\\.(?!$)|$)){4}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$"
    );
    checked_string!(ServerlessTenantEndpointComment, max 80);
    checked_string!(ServerlessTenantEndpointId, pattern "^([a-f0-9]{24})$");
    checked_string!(Value, min 1, max 255);
}

/// The derive types with every validated string checked as the generated type checks it.
pub mod checked {
    use super::dropping_open_enum as open_enum;
    pub use super::strings::*;

    include!("types.rs");
}

/// The derive types of [`checked`], with open enums that keep a value they do not list in
/// `Unknown(String)`, as the generated ones do.
pub mod kept {
    use super::keeping_open_enum as open_enum;
    pub use super::strings::*;

    include!("types.rs");
}

#[cfg(test)]
mod tests {
    use super::checked::*;

    fn accepts<T: serde::de::DeserializeOwned>(value: &str) -> bool {
        serde_json::from_value::<T>(serde_json::Value::String(value.to_owned())).is_ok()
    }

    #[test]
    fn checked_strings_check_patterns_anywhere_and_lengths_in_characters() {
        assert!(accepts::<GroupId>("5f4e3d2c1b0a998877665544"));
        assert!(!accepts::<GroupId>("5F4E3D2C1B0A998877665544"));
        // Not anchored: found anywhere, as ECMA-262 `find` does.
        assert!(accepts::<ClusterDescription20240805MongoDbVersion>(
            "v7.0.14-ent"
        ));
        assert!(!accepts::<ClusterDescription20240805MongoDbVersion>("7.0"));
        assert!(accepts::<
            ServerlessAzureTenantEndpointPrivateEndpointIpAddress,
        >("10.0.12.7"));
        assert!(!accepts::<
            ServerlessAzureTenantEndpointPrivateEndpointIpAddress,
        >("10.0.12"));
        assert!(accepts::<ServerlessTenantEndpointComment>(&"é".repeat(80)));
        assert!(!accepts::<ServerlessTenantEndpointComment>(&"e".repeat(81)));
        assert!(!accepts::<Key>(""));
    }

    #[test]
    fn open_enums_take_unknown_values_and_closed_ones_refuse_them() {
        let v: ClusterDescription20240805StateName = serde_json::from_str("\"RESIZING\"").unwrap();
        assert_eq!(v, ClusterDescription20240805StateName::Unknown);
        assert!(serde_json::from_str::<ClusterDescription20240805RootCertType>("\"DST\"").is_err());
    }

    #[test]
    fn kept_open_enums_keep_unknown_values_and_encode_them_back() {
        use super::kept::{
            ClusterDescription20240805RootCertType as RootCertType,
            ClusterDescription20240805StateName as StateName,
        };
        let idle: StateName = serde_json::from_str("\"IDLE\"").unwrap();
        assert_eq!(idle, StateName::Idle);
        let resizing: StateName = serde_json::from_str("\"RESIZING\"").unwrap();
        assert_eq!(resizing, StateName::Unknown("RESIZING".to_owned()));
        assert_eq!(serde_json::to_string(&resizing).unwrap(), "\"RESIZING\"");
        // An escaped string is unescaped before it is matched.
        let escaped: StateName = serde_json::from_str("\"\\u0049DLE\"").unwrap();
        assert_eq!(escaped, StateName::Idle);
        assert!(serde_json::from_str::<StateName>("1").is_err());
        assert!(serde_json::from_str::<RootCertType>("\"DST\"").is_err());
    }
}
