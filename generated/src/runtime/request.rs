//! A request on its way out: what an operation's builder puts together before the client
//! sends it. Values that cannot be sent as they are (an empty path segment, a header
//! value with a line break) are refused here, before anything is sent.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::HeaderValue;
use reqwest::Method;

use super::error::Error;

/// Characters that are sent as they are in a path segment: RFC 3986's unreserved set.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request, built.
pub(crate) struct Request {
    /// The operation's id, for errors.
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    /// The `Accept` header.
    pub(crate) accept: &'static str,
    /// Whether the client's credentials are sent.
    pub(crate) auth: bool,
    /// The path below the base URL, percent-encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, HeaderValue)>,
    /// The body and its `Content-Type`.
    pub(crate) body: Option<(&'static str, Vec<u8>)>,
    /// Whether the Atlas envelope is asked for (see [`Request::envelope`]).
    pub(crate) envelope: bool,
}

impl Request {
    pub(crate) fn new(
        operation: &'static str,
        method: Method,
        accept: &'static str,
        auth: bool,
    ) -> Self {
        Request {
            operation,
            method,
            accept,
            auth,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            envelope: false,
        }
    }

    fn invalid(&self, message: String) -> Error {
        Error::InvalidRequest {
            operation: self.operation,
            message,
        }
    }

    /// Appends literal text of the path template.
    pub(crate) fn push_literal(&mut self, text: &str) {
        self.path.push_str(text);
    }

    /// Appends a path parameter, percent-encoded so that it stays one segment: `/`, `?`,
    /// `#`, `%` and every other reserved or non-ASCII character is escaped. Empty values,
    /// `.` and `..` cannot be one segment of a URL (they would be dropped or climb a level),
    /// so they are refused.
    pub(crate) fn push_param(&mut self, name: &str, value: &str) -> Result<(), Error> {
        if value.is_empty() || value == "." || value == ".." {
            return Err(self.invalid(format!("path parameter `{name}` cannot be {value:?}")));
        }
        self.path
            .extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
        Ok(())
    }

    /// Adds a query parameter (form-encoded when sent).
    pub(crate) fn query(&mut self, name: &'static str, value: &str) {
        self.query.push((name, value.to_owned()));
    }

    /// Adds a header; a value with a line break or another control character is refused.
    pub(crate) fn header(&mut self, name: &'static str, value: &str) -> Result<(), Error> {
        match HeaderValue::from_str(value) {
            Ok(v) => {
                self.headers.push((name, v));
                Ok(())
            }
            Err(_) => Err(self.invalid(format!(
                "header `{name}` cannot carry {value:?}: header values cannot hold line breaks or other control characters"
            ))),
        }
    }

    /// Sets a JSON body.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| self.invalid(format!("the body cannot be written as JSON: {e}")))?;
        self.body = Some((content_type, bytes));
        Ok(())
    }

    /// Sets a text body.
    pub(crate) fn text(&mut self, content_type: &'static str, value: &str) -> Result<(), Error> {
        self.body = Some((content_type, value.as_bytes().to_vec()));
        Ok(())
    }

    /// Sets a binary body.
    pub(crate) fn binary(&mut self, content_type: &'static str, value: &[u8]) -> Result<(), Error> {
        self.body = Some((content_type, value.to_vec()));
        Ok(())
    }

    /// Asks for the Atlas envelope to be unwrapped: the body is `{"status": N, "content": …}`
    /// and `N` is the status that counts.
    pub(crate) fn envelope(&mut self, on: bool) {
        self.envelope = on;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Request {
        Request::new("op", Method::GET, "application/json", false)
    }

    #[test]
    fn path_parameters_stay_one_segment() {
        let mut r = request();
        r.push_literal("/groups/");
        r.push_param("groupId", "a/b?c#d%e f").unwrap();
        r.push_literal("/x/");
        r.push_param("name", "é.~_-").unwrap();
        assert_eq!(r.path, "/groups/a%2Fb%3Fc%23d%25e%20f/x/%C3%A9.~_-");
    }

    #[test]
    fn segments_that_would_vanish_or_climb_are_refused() {
        for bad in ["", ".", ".."] {
            let err = request().push_param("groupId", bad).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("op: cannot send the request: path parameter `groupId` cannot be"),
                "{err}"
            );
        }
        assert!(request().push_param("groupId", "...").is_ok());
    }

    #[test]
    fn headers_with_line_breaks_are_refused() {
        let mut r = request();
        assert!(r.header("X-Note", "fine").is_ok());
        let err = r.header("X-Note", "a\r\nInjected: yes").unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidRequest {
                    operation: "op",
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(r.headers.len(), 1);
    }

    #[test]
    fn bodies_carry_their_media_type() {
        let mut r = request();
        r.json(
            "application/vnd.atlas.2023-01-01+json",
            &serde_json::json!({"a": 1}),
        )
        .unwrap();
        assert_eq!(
            r.body,
            Some((
                "application/vnd.atlas.2023-01-01+json",
                br#"{"a":1}"#.to_vec()
            ))
        );
        r.text("text/plain", "hé").unwrap();
        assert_eq!(r.body, Some(("text/plain", "hé".as_bytes().to_vec())));
        r.binary("application/octet-stream", &[0, 255]).unwrap();
        assert_eq!(r.body, Some(("application/octet-stream", vec![0, 255])));
    }
}
