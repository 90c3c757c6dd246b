//! `multipart/form-data` bodies (RFC 7578), written by reqwest's multipart encoder: one part
//! per member of the body, as OpenAPI 3.0 says for this media type —
//!
//! - a file ([`File`]: bytes, maybe a file name and a media type) is a part of its own;
//! - a scalar is a text part; `null` is left out;
//! - an array is one part per item (a list of files too);
//! - an object is one part of `application/json`;
//! - the operation's `encoding` may give a member another `contentType`.
//!
//! Members come in the order the body writes them (a struct's field order), files after
//! them (some servers want the file last). The parts are kept as data and made into a reqwest form for each attempt, so that
//! a retried request sends the same body again.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::request::Request;

/// A file sent in a `multipart/form-data` body: its bytes, and maybe the file name and the
/// media type the part announces.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    bytes: Vec<u8>,
    name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file of these bytes, without a name or a media type (the part is then
    /// `application/octet-stream`).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File {
            bytes: bytes.into(),
            ..File::default()
        }
    }

    /// The file name the part announces (`filename=`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The media type the part announces (`image/png`).
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file name, when set.
    pub fn file_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The media type, when set.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

/// Shows the size, not the bytes.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &self.bytes.len())
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A file travels as a part of its own, never inside a value: written as a value it is
/// `null`, so that gathering the other members of a body does not copy its bytes.
impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(File::new)
    }
}

/// The media type of file data of no known type.
const OCTET_STREAM: &str = "application/octet-stream";

/// One part, as data.
#[derive(Clone)]
struct Part {
    name: String,
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// The parts of a multipart body, being gathered.
#[derive(Clone, Default)]
pub(crate) struct Parts {
    parts: Vec<Part>,
    /// Why the body cannot be sent, when a value could not be put in it.
    problem: Option<String>,
}

impl Parts {
    pub(crate) fn new() -> Self {
        Parts::default()
    }

    /// Adds every member of `value` (an object) but the files, which the caller adds with
    /// [`file`](Self::file): `skip` names them (a file writes itself as `null`, so its bytes
    /// are not copied here). `content_types` gives members another media type than their
    /// kind's.
    pub(crate) fn values<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
        skip: &[&str],
        content_types: &[(&str, &str)],
    ) {
        let members = match super::json::members_in_order(value) {
            Ok(Some(members)) => members,
            Ok(None) => return self.refuse("a multipart body must be an object".to_owned()),
            Err(e) => return self.refuse(format!("the body cannot be written: {e}")),
        };
        for (name, member) in members.iter().filter(|(n, _)| !skip.contains(&n.as_str())) {
            let content_type = content_types
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| (*t).to_owned());
            match member {
                Value::Array(items) => {
                    for item in items {
                        self.value(name, item, content_type.clone());
                    }
                }
                other => self.value(name, other, content_type),
            }
        }
    }

    /// One value as one part: text for a scalar, JSON for an object or array.
    fn value(&mut self, name: &str, value: &Value, content_type: Option<String>) {
        let (bytes, kind) = match value {
            Value::Null => return,
            Value::String(s) => (s.clone().into_bytes(), None),
            Value::Object(_) | Value::Array(_) => {
                (value.to_string().into_bytes(), Some("application/json"))
            }
            other => (other.to_string().into_bytes(), None),
        };
        self.parts.push(Part {
            name: name.to_owned(),
            bytes,
            file_name: None,
            content_type: content_type.or(kind.map(str::to_owned)),
        });
    }

    /// Adds a file as a part of its own; without a media type it is
    /// `application/octet-stream`, as RFC 7578 asks of file data (and as browsers send it:
    /// some servers' parsers fail on a file part without one).
    pub(crate) fn file(&mut self, name: &str, file: &File) {
        if let Some(media_type) = &file.content_type {
            if reqwest::multipart::Part::text("")
                .mime_str(media_type)
                .is_err()
            {
                let message = format!("part `{name}`: {media_type:?} is not a media type");
                return self.refuse(message);
            }
        }
        self.parts.push(Part {
            name: name.to_owned(),
            bytes: file.bytes.clone(),
            file_name: file.name.clone(),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| OCTET_STREAM.to_owned()),
            ),
        });
    }

    fn refuse(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }

    /// A reqwest form of the parts, made anew for each attempt.
    fn form(&self) -> reqwest::multipart::Form {
        self.parts
            .iter()
            .fold(reqwest::multipart::Form::new(), |form, part| {
                let mut p = reqwest::multipart::Part::bytes(part.bytes.clone());
                if let Some(file_name) = &part.file_name {
                    p = p.file_name(file_name.clone());
                }
                if let Some(media_type) = &part.content_type {
                    // Checked when the part was added; a type that still does not parse
                    // leaves the part without one rather than failing the request.
                    p = match p.mime_str(media_type) {
                        Ok(typed) => typed,
                        Err(_) => reqwest::multipart::Part::bytes(part.bytes.clone()),
                    };
                }
                form.part(part.name.clone(), p)
            })
    }
}

impl Request {
    /// Sets a multipart body; reqwest writes its `Content-Type` with the boundary.
    pub(crate) fn multipart(&mut self, parts: Parts) {
        if let Some(problem) = parts.problem.clone() {
            self.refuse_body(problem);
            return;
        }
        let size: usize = parts.parts.iter().map(|p| p.bytes.len()).sum();
        let parts = Arc::new(parts);
        self.set_custom_body(
            format!("multipart/form-data, {size} bytes in parts"),
            Arc::new(move |builder: reqwest::RequestBuilder| builder.multipart(parts.form())),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A body with its fields in a fixed order, as a generated struct writes them.
    struct Upload;

    impl Serialize for Upload {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            let mut body = s.serialize_struct("Upload", 6)?;
            body.serialize_field("name", "Rex")?;
            body.serialize_field("age", &3)?;
            body.serialize_field("tags", &["a", "b"])?;
            body.serialize_field("meta", &json!({"k": 1}))?;
            body.serialize_field("photo", &File::new(vec![1]))?;
            body.serialize_field("none", &Option::<u8>::None)?;
            body.end()
        }
    }

    #[test]
    fn members_become_parts_in_order() {
        let mut parts = Parts::new();
        parts.values(
            &Upload,
            &["photo"],
            &[("name", "text/plain; charset=utf-8")],
        );
        parts.file(
            "photo",
            &File::new(vec![0u8, 159, 146, 150])
                .name("rex.png")
                .content_type("image/png"),
        );
        type Seen<'p> = (&'p str, &'p [u8], Option<&'p str>, Option<&'p str>);
        let seen: Vec<Seen<'_>> = parts
            .parts
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    &p.bytes[..],
                    p.file_name.as_deref(),
                    p.content_type.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("name", &b"Rex"[..], None, Some("text/plain; charset=utf-8")),
                ("age", &b"3"[..], None, None),
                ("tags", &b"a"[..], None, None),
                ("tags", &b"b"[..], None, None),
                ("meta", &br#"{"k":1}"#[..], None, Some("application/json")),
                (
                    "photo",
                    &[0u8, 159, 146, 150][..],
                    Some("rex.png"),
                    Some("image/png")
                ),
            ]
        );
        assert!(parts.problem.is_none());
    }

    #[test]
    fn what_cannot_be_sent_is_refused() {
        let mut parts = Parts::new();
        parts.file("photo", &File::new(vec![1]).content_type("not a type"));
        assert!(parts
            .problem
            .as_deref()
            .unwrap()
            .contains("not a media type"));
        let mut parts = Parts::new();
        parts.values(&json!([1]), &[], &[]);
        assert!(parts
            .problem
            .as_deref()
            .unwrap()
            .contains("must be an object"));
    }

    #[test]
    fn a_file_shows_its_size_not_its_bytes() {
        let file = File::new(b"secret".to_vec()).name("a.txt");
        let shown = format!("{file:?}");
        assert!(
            !shown.contains("secret") && shown.contains("bytes: 6"),
            "{shown}"
        );
    }
}
