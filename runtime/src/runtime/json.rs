//! Decoding JSON with the path of the field that fails.
//!
//! Decoding never tracks where it is: that costs on every value, and only a failure needs
//! it. A value that fails is read again with its path tracked ([`explain`]); a message from
//! inside a nested value starts with `` at `path`: ``, and [`split_field`] joins such an
//! inner path to the outer one, so that a message names `results[3].id`, not just `id`.

/// Splits an error found at `path` (as `serde_path_to_error` prints it, `.` for the top)
/// into the full path of the failing field and the message. A message from inside a
/// nested value starts with `` at `inner.path`: ``, which is joined to `path`.
pub(crate) fn split_field(path: &str, message: &str) -> (Option<String>, String) {
    let outer = if path == "." { "" } else { path };
    let (inner, message) = match message
        .strip_prefix("at `")
        .and_then(|rest| rest.split_once("`: "))
    {
        Some((inner, rest)) => (inner, rest),
        None => ("", message),
    };
    // serde reports a missing member at the object that lacks it: the member is the field.
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map_or("", |(name, _)| name);
    let field = [outer, inner, missing]
        .into_iter()
        .filter(|part| !part.is_empty())
        .fold(None, |path: Option<String>, part| match path {
            None => Some(part.to_owned()),
            Some(path) if part.starts_with('[') => Some(path + part),
            Some(path) => Some(path + "." + part),
        });
    (field, message.to_owned())
}

/// Decodes a `T` from a value held in memory (`&Buffered`, `&serde_json::Value`), which
/// can be read twice: decoding is fast and does not track where it is; only a value that
/// fails is read again, by [`explain`], to name the failing field.
pub(crate) fn decode<'de, T, D>(source: D) -> Result<T, String>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de> + Copy,
{
    T::deserialize(source).map_err(|_| explain::<T, D>(source))
}

/// Why `source` does not hold a valid `T`, naming the path of the failing field in the
/// form that [`split_field`] reads back.
pub(crate) fn explain<'de, T, D>(source: D) -> String
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    match serde_path_to_error::deserialize::<D, T>(source) {
        Ok(_) => "the value was refused, then accepted when read again".to_owned(),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            with_field(split_field(&path, &inner))
        }
    }
}

/// A message that names its field in the form [`split_field`] reads back.
pub(crate) fn with_field((field, message): (Option<String>, String)) -> String {
    match field {
        Some(field) => format!("at `{field}`: {message}"),
        None => message,
    }
}

/// The members of `value` written as a JSON object, in the order it writes them (a struct's
/// field order), whatever map `serde_json` keeps: `Ok(None)` when it is not an object.
/// Forms and multipart bodies send members in this order.
pub(crate) fn members_in_order<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<Option<Vec<(String, serde_json::Value)>>, serde_json::Error> {
    struct Members(Option<Vec<(String, serde_json::Value)>>);
    impl<'de> serde::Deserialize<'de> for Members {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(MembersVisitor)
        }
    }
    struct MembersVisitor;
    impl<'de> serde::de::Visitor<'de> for MembersVisitor {
        type Value = Members;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
            let mut members = Vec::new();
            while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
                members.push(entry);
            }
            Ok(Members(Some(members)))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Members, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(Members(None))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Members, E> {
            Ok(Members(None))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Members, E> {
            Ok(Members(None))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Members, E> {
            Ok(Members(None))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Members, E> {
            Ok(Members(None))
        }
        fn visit_str<E>(self, _: &str) -> Result<Members, E> {
            Ok(Members(None))
        }
        fn visit_unit<E>(self) -> Result<Members, E> {
            Ok(Members(None))
        }
    }
    let text = serde_json::to_string(value)?;
    serde_json::from_str::<Members>(&text).map(|m| m.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_paths_join_outer_ones() {
        assert_eq!(split_field(".", "bad"), (None, "bad".to_owned()));
        assert_eq!(
            split_field("results", "bad"),
            (Some("results".to_owned()), "bad".to_owned())
        );
        assert_eq!(
            split_field(".", "at `a.b`: bad"),
            (Some("a.b".to_owned()), "bad".to_owned())
        );
        assert_eq!(
            split_field("results", "at `[3].id`: bad"),
            (Some("results[3].id".to_owned()), "bad".to_owned())
        );
        assert_eq!(
            split_field("results[3]", "at `id`: bad"),
            (Some("results[3].id".to_owned()), "bad".to_owned())
        );
        assert_eq!(
            split_field("results[3]", "at `spec`: missing field `id` at line 1"),
            (
                Some("results[3].spec.id".to_owned()),
                "missing field `id` at line 1".to_owned()
            )
        );
        assert_eq!(
            split_field(".", "missing field `errorCode`"),
            (
                Some("errorCode".to_owned()),
                "missing field `errorCode`".to_owned()
            )
        );
    }

    #[test]
    fn failures_name_the_failing_field() {
        let value = serde_json::json!({"a": [1, "two"]});
        let err = decode::<std::collections::BTreeMap<String, Vec<u8>>, _>(&value).unwrap_err();
        assert!(err.starts_with("at `a[1]`: "), "{err}");
        let ok: Vec<u8> = decode(&serde_json::json!([1, 2])).unwrap();
        assert_eq!(ok, [1, 2]);
    }

    /// The order of a struct's fields is checked where bodies are written (`forms.rs`,
    /// `multipart.rs`); here, that only objects have members.
    #[test]
    fn only_objects_have_members() {
        let members = members_in_order(&serde_json::json!({"b": 1, "a": [2]}));
        assert_eq!(members.unwrap().map(|m| m.len()), Some(2));
        assert!(members_in_order(&[1, 2]).unwrap().is_none());
        assert!(members_in_order("text").unwrap().is_none());
    }
}
