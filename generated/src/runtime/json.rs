//! Decoding JSON with the path of the field that fails.
//!
//! Types decode nested values through [`from_value`], whose error starts with
//! `` at `path`: `` when the failure is inside the value; [`split_field`] joins such an inner
//! path to the outer one, so that a message names `results[3].id`, not just `id`.

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
    let field = match (outer.is_empty(), inner.is_empty()) {
        (true, true) => None,
        (false, true) => Some(outer.to_owned()),
        (true, false) => Some(inner.to_owned()),
        (false, false) if inner.starts_with('[') => Some(format!("{outer}{inner}")),
        (false, false) => Some(format!("{outer}.{inner}")),
    };
    (field, message.to_owned())
}

/// Deserializes a JSON value; an error names the path of the failing field in the form
/// that [`split_field`] reads back.
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        with_field(split_field(&path, &inner))
    })
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
    }

    #[test]
    fn from_value_names_the_failing_field() {
        let value = serde_json::json!({"a": [1, "two"]});
        let err = from_value::<std::collections::BTreeMap<String, Vec<u8>>>(value).unwrap_err();
        assert!(err.starts_with("at `a[1]`: "), "{err}");
        let ok: Vec<u8> = from_value(serde_json::json!([1, 2])).unwrap();
        assert_eq!(ok, [1, 2]);
    }
}
