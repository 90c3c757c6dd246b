//! `$ref` resolution: local references to `#/components/<kind>/<name>`, followed through
//! chains, with dangling references, cycles and external files reported.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::ProblemKind;
use crate::pointer::{Pointer, unescape};

/// Why a reference could not be followed.
#[derive(Debug, Clone)]
pub struct RefError {
    pub kind: ProblemKind,
    pub message: String,
}

/// A resolved component: the item, where it is, and its name.
pub struct Resolved<'a, T> {
    pub item: &'a T,
    pub pointer: Pointer,
    pub name: &'a str,
}

/// Which `components` map a reference points into.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Schemas,
    Parameters,
    Responses,
    RequestBodies,
    SecuritySchemes,
}

impl Kind {
    /// What one such component is, in a message.
    fn singular(self) -> &'static str {
        match self {
            Kind::Schemas => "schema",
            Kind::Parameters => "parameter",
            Kind::Responses => "response",
            Kind::RequestBodies => "request body",
            Kind::SecuritySchemes => "security scheme",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Kind::Schemas => "schemas",
            Kind::Parameters => "parameters",
            Kind::Responses => "responses",
            Kind::RequestBodies => "requestBodies",
            Kind::SecuritySchemes => "securitySchemes",
        }
    }
}

/// Splits `#/components/<kind>/<name>` into the name, or says why it is not one.
pub fn component_name(reference: &str, kind: Kind) -> Result<String, RefError> {
    let Some(local) = reference.strip_prefix('#') else {
        return Err(RefError {
            kind: ProblemKind::Unsupported,
            message: format!(
                "`$ref: {reference}` points into another document; only references inside the \
                 spec (`#/components/...`) are supported"
            ),
        });
    };
    let prefix = format!("/components/{}/", kind.key());
    let Some(rest) = local.strip_prefix(&prefix) else {
        return Err(RefError {
            kind: ProblemKind::Unsupported,
            message: format!(
                "`$ref: {reference}` does not point at a {}: here a reference must lead to \
                 `#/components/{}/<name>`, or to one elsewhere in the spec",
                kind.singular(),
                kind.key()
            ),
        });
    };
    if rest.is_empty() || rest.contains('/') {
        return Err(RefError {
            kind: ProblemKind::Unsupported,
            message: format!(
                "`$ref: {reference}` points inside a component; only whole components \
                 (`#/components/{}/<name>`) can be referenced",
                kind.key()
            ),
        });
    }
    Ok(unescape(rest))
}

/// Follows `reference` (and any chain of references behind it) into `map`.
pub fn resolve<'a, T>(
    map: &'a IndexMap<String, ReferenceOr<T>>,
    kind: Kind,
    reference: &str,
) -> Result<Resolved<'a, T>, RefError> {
    let mut current = reference.to_owned();
    let mut seen: Vec<String> = Vec::new();
    loop {
        let name = component_name(&current, kind)?;
        let Some((key, entry)) = map.get_key_value(name.as_str()) else {
            let hint = closest(map.keys().map(String::as_str), &name)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            return Err(RefError {
                kind: ProblemKind::Invalid,
                message: format!(
                    "`$ref: {current}` points at nothing: there is no `{name}` in \
                     `components/{}`{hint}",
                    kind.key()
                ),
            });
        };
        match entry {
            ReferenceOr::Item(item) => {
                return Ok(Resolved {
                    item,
                    pointer: Pointer::root()
                        .join("components")
                        .join(kind.key())
                        .join(key),
                    name: key,
                });
            }
            ReferenceOr::Reference { reference } => {
                seen.push(current.clone());
                if seen.contains(reference) {
                    seen.push(reference.clone());
                    return Err(RefError {
                        kind: ProblemKind::Invalid,
                        message: format!(
                            "`$ref` cycle with no schema in it: {}",
                            seen.join(" -> ")
                        ),
                    });
                }
                current = reference.clone();
            }
        }
    }
}

/// The name in `names` closest to `wanted`, when it is close enough to suggest.
fn closest<'a>(names: impl Iterator<Item = &'a str>, wanted: &str) -> Option<&'a str> {
    let wanted_lower = wanted.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for name in names {
        let d = edit_distance(&name.to_ascii_lowercase(), &wanted_lower);
        if d <= 2.max(wanted.len() / 5) && best.is_none_or(|(bd, bn)| (d, name) < (bd, bn)) {
            best = Some((d, name));
        }
    }
    best.map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

macro_rules! components_map {
    ($(#[$doc:meta])* $fn:ident, $field:ident, $ty:ty) => {
        $(#[$doc])*
        pub fn $fn(doc: &OpenAPI) -> &IndexMap<String, ReferenceOr<$ty>> {
            static EMPTY: std::sync::LazyLock<IndexMap<String, ReferenceOr<$ty>>> =
                std::sync::LazyLock::new(IndexMap::new);
            doc.components.as_ref().map(|c| &c.$field).unwrap_or(&EMPTY)
        }
    };
}

components_map!(
    /// `components/schemas`, or an empty map.
    schemas, schemas, openapiv3::Schema
);
components_map!(
    /// `components/parameters`, or an empty map.
    parameters, parameters, openapiv3::Parameter
);
components_map!(
    /// `components/requestBodies`, or an empty map.
    request_bodies, request_bodies, openapiv3::RequestBody
);
components_map!(
    /// `components/responses`, or an empty map.
    responses, responses, openapiv3::Response
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_errors() {
        assert_eq!(
            component_name("#/components/schemas/Foo", Kind::Schemas).unwrap(),
            "Foo"
        );
        assert_eq!(
            component_name("#/components/schemas/a~1b", Kind::Schemas).unwrap(),
            "a/b"
        );
        assert!(component_name("other.yaml#/components/schemas/Foo", Kind::Schemas).is_err());
        assert!(component_name("#/components/schemas/Foo/properties/x", Kind::Schemas).is_err());
        assert!(component_name("#/components/parameters/Foo", Kind::Schemas).is_err());
    }

    #[test]
    fn suggestions() {
        let names = ["ApiError", "FieldViolation"];
        assert_eq!(closest(names.iter().copied(), "ApiEror"), Some("ApiError"));
        assert_eq!(closest(names.iter().copied(), "Zebra"), None);
    }
}
