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
}
