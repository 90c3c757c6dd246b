//! A request on its way out: an operation's builder puts it together piece by piece (the
//! client method sets the path and the required parameters, each builder method an optional
//! one), and the client sends it. A value that cannot be sent as it is (an empty path
//! segment, a header value with a line break) is the request's problem: nothing is sent,
//! and `send` returns [`Error::InvalidRequest`] with the first one.

use std::fmt;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::HeaderValue;
use reqwest::Method;
use zeroize::Zeroizing;

use super::error::Error;

/// Characters that are sent as they are in a path segment: RFC 3986's unreserved set.
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A body reqwest writes into each attempt itself, such as a multipart form.
pub(crate) type CustomBody =
    std::sync::Arc<dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + Sync>;

/// A request, being built.
#[derive(Clone)]
pub(crate) struct Request {
    /// The operation's id, for errors.
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    /// The path template of the spec (`/groups/{groupId}`), for traces: it names the
    /// operation's path without the values in it.
    pub(crate) template: &'static str,
    /// The `Accept` header.
    pub(crate) accept: &'static str,
    /// Whether the client's credentials are sent.
    pub(crate) auth: bool,
    /// The path below the base URL, percent-encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    /// Query parameters written as several pairs of their own names (an exploded object:
    /// `kind=dog&size=2`; `deepObject`: `filter[kind]=dog`), by parameter.
    pub(crate) query_pairs: Vec<(&'static str, Vec<(String, String)>)>,
    pub(crate) headers: Vec<(&'static str, HeaderValue)>,
    /// Cookie parameters, each written as its pairs (`color=blue`, `R=1; G=2`), sent
    /// together in one `Cookie` header.
    pub(crate) cookies: Vec<(&'static str, String)>,
    /// The body and its `Content-Type`.
    pub(crate) body: Option<(&'static str, Vec<u8>)>,
    /// A body reqwest writes itself (a multipart form, with its boundary), applied to each
    /// attempt, and what it is, for `Debug`.
    pub(crate) custom_body: Option<(String, CustomBody)>,
    /// Whether the Atlas envelope is asked for (see [`Request::envelope`]).
    pub(crate) envelope: bool,
    /// The longest this request may take, when not the client's `timeout`.
    pub(crate) timeout: Option<Duration>,
    /// Whether the request may be sent twice (see [`Request::may_be_sent_twice`]).
    pub(crate) idempotent: bool,
    /// The whole URL to send the request to, in place of the base URL, path and query: the
    /// `next` link of a page (see `pages.rs`).
    pub(crate) link: Option<reqwest::Url>,
    /// Why the request cannot be sent, when a value could not be put in it.
    problem: Option<String>,
}

/// Shows the method, path and query, but of the headers only their names and of the body
/// only its size: those may carry secrets (a password in a new user's body).
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        let cookie_names: Vec<&str> = self.cookies.iter().map(|(name, _)| *name).collect();
        let body = self
            .body
            .as_ref()
            .map(|(media_type, bytes)| format!("{} bytes of {media_type}", bytes.len()))
            .or_else(|| self.custom_body.as_ref().map(|(what, _)| what.clone()));
        f.debug_struct("Request")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &header_names)
            .field("cookies", &cookie_names)
            .field("body", &body)
            .field("problem", &self.problem)
            .finish_non_exhaustive()
    }
}

impl Request {
    pub(crate) fn new(
        operation: &'static str,
        method: Method,
        template: &'static str,
        accept: &'static str,
        auth: bool,
    ) -> Self {
        Request {
            operation,
            method,
            template,
            accept,
            auth,
            path: String::new(),
            query: Vec::new(),
            query_pairs: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            custom_body: None,
            envelope: false,
            timeout: None,
            idempotent: false,
            link: None,
            problem: None,
        }
    }

    /// The request, ready to send; the first value that could not be put in it, as an
    /// error.
    pub(crate) fn ready(self) -> Result<Self, Error> {
        match self.problem {
            Some(message) => Err(Error::InvalidRequest {
                operation: self.operation,
                message,
            }),
            None => Ok(self),
        }
    }

    /// Remembers why the request cannot be sent (the first reason only).
    pub(crate) fn refuse(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }

    /// Remembers why the body cannot be sent.
    pub(crate) fn refuse_body(&mut self, message: String) {
        self.refuse(format!("the body cannot be sent: {message}"));
    }

    /// Sets a body that reqwest writes (see [`CustomBody`]).
    pub(crate) fn set_custom_body(&mut self, what: String, body: CustomBody) {
        self.body = None;
        self.custom_body = Some((what, body));
    }

    /// Appends literal text of the path template.
    pub(crate) fn push_literal(&mut self, text: &str) {
        self.path.push_str(text);
    }

    /// Appends a path parameter, percent-encoded so that it stays one segment: `/`, `?`,
    /// `#`, `%` and every other reserved or non-ASCII character is escaped. Empty values,
    /// `.` and `..` cannot be one segment of a URL (they would be dropped or climb a level),
    /// so they are refused.
    pub(crate) fn push_param(&mut self, name: &str, value: &str) {
        if value.is_empty() || value == "." || value == ".." {
            self.refuse(format!("path parameter `{name}` cannot be {value:?}"));
            return;
        }
        self.path
            .extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
    }

    /// Sets a query parameter (form-encoded when sent), replacing an earlier value.
    pub(crate) fn query(&mut self, name: &'static str, value: &str) {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value.to_owned()));
    }

    /// Sets a query parameter that is a list, replacing earlier values: the name repeated
    /// for each item (`explode`), or once with the items joined by commas.
    pub(crate) fn query_list<I: fmt::Display>(
        &mut self,
        name: &'static str,
        items: impl IntoIterator<Item = I>,
        explode: bool,
    ) {
        self.query.retain(|(n, _)| *n != name);
        if explode {
            let items = items.into_iter().map(|item| (name, item.to_string()));
            self.query.extend(items);
        } else {
            self.query.push((name, joined(items)));
        }
    }

    /// Sets a header, replacing an earlier value; a value with a line break or another
    /// control character is refused.
    pub(crate) fn header(&mut self, name: &'static str, value: &str) {
        match HeaderValue::from_str(value) {
            Ok(v) => {
                self.headers.retain(|(n, _)| *n != name);
                self.headers.push((name, v));
            }
            Err(_) => self.refuse(format!(
                "header `{name}` cannot carry {value:?}: header values cannot hold line breaks or other control characters"
            )),
        }
    }

    /// Sets the pairs a cookie parameter is written as (already escaped), replacing earlier
    /// ones; `None` removes them.
    pub(crate) fn set_cookie(&mut self, name: &'static str, pairs: Option<String>) {
        self.cookies.retain(|(n, _)| *n != name);
        self.cookies.extend(pairs.map(|pairs| (name, pairs)));
    }

    /// The request's one `Cookie` header (RFC 6265 allows one): a header parameter named
    /// `Cookie`, the cookie parameters in the order they were set, and `key`, a credential
    /// sent as a cookie, joined by `; `. Marked sensitive: cookies carry sessions and keys.
    pub(crate) fn cookie_header(
        &self,
        key: Option<&HeaderValue>,
    ) -> Result<Option<HeaderValue>, Error> {
        let declared = self
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
            .map(|(_, value)| value.as_bytes());
        let parameters = self.cookies.iter().map(|(_, pairs)| pairs.as_bytes());
        let pieces = declared
            .chain(parameters)
            .chain(key.map(HeaderValue::as_bytes));
        let mut joined = Zeroizing::new(Vec::new());
        for piece in pieces {
            if !joined.is_empty() {
                joined.extend_from_slice(b"; ");
            }
            joined.extend_from_slice(piece);
        }
        if joined.is_empty() {
            return Ok(None);
        }
        let mut value = HeaderValue::from_bytes(&joined).map_err(|_| Error::InvalidRequest {
            operation: self.operation,
            message: "the cookies hold a character no header can carry".to_owned(),
        })?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    /// Sets the pairs a query parameter is written as, replacing earlier ones.
    pub(crate) fn set_query_pairs(&mut self, name: &'static str, pairs: Vec<(String, String)>) {
        self.query.retain(|(n, _)| *n != name);
        self.query_pairs.retain(|(n, _)| *n != name);
        self.query_pairs.push((name, pairs));
    }

    /// Sets a query parameter to its value's JSON text (a parameter described by
    /// `content: application/json`).
    pub(crate) fn query_json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) {
        if let Some(text) = self.json_text(name, value) {
            self.query(name, &text);
        }
    }

    /// Sets a header to its value's JSON text.
    pub(crate) fn header_json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) {
        if let Some(text) = self.json_text(name, value) {
            self.header(name, &text);
        }
    }

    /// A parameter's value as JSON text; `None`, and the request refused, when it cannot
    /// be written.
    fn json_text<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Option<String> {
        serde_json::to_string(value)
            .map_err(|e| self.refuse(format!("parameter `{name}` cannot be written as JSON: {e}")))
            .ok()
    }

    /// Sets a header that is a list: the items joined by commas.
    pub(crate) fn header_list<I: fmt::Display>(
        &mut self,
        name: &'static str,
        items: impl IntoIterator<Item = I>,
    ) {
        self.header(name, &joined(items));
    }

    /// Sets a JSON body.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        value: &T,
    ) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body = Some((content_type, bytes)),
            Err(e) => self.refuse(format!("the body cannot be written as JSON: {e}")),
        }
    }

    /// Sets a text body.
    pub(crate) fn text(&mut self, content_type: &'static str, value: &str) {
        self.body = Some((content_type, value.as_bytes().to_vec()));
    }

    /// Sets a binary body.
    pub(crate) fn binary(&mut self, content_type: &'static str, value: &[u8]) {
        self.body = Some((content_type, value.to_vec()));
    }

    /// The longest this request may take in all, instead of the client's `timeout`.
    pub(crate) fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Says the request may be sent twice: its effect is the same as once (its method is
    /// idempotent, or the caller says so).
    pub(crate) fn idempotent(&mut self) {
        self.idempotent = true;
    }

    /// Whether sending the request a second time does what sending it once does, so that
    /// it can be sent again when the server closed the connection before answering
    /// (RFC 9110 §9.2.2): it was said to be (see [`Request::idempotent`]), or it carries an
    /// `Idempotency-Key` (the server then applies it once).
    pub(crate) fn may_be_sent_twice(&self) -> bool {
        let keyed = self
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("idempotency-key"));
        self.idempotent || keyed
    }

    /// Asks for the Atlas envelope to be unwrapped: the body is `{"status": N, "content": …}`
    /// and `N` is the status that counts.
    pub(crate) fn envelope(&mut self, on: bool) {
        self.envelope = on;
    }
}

/// Items joined by commas.
fn joined<I: fmt::Display>(items: impl IntoIterator<Item = I>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Request {
        Request::new("op", Method::GET, "/things", "application/json", false)
    }

    #[test]
    fn path_parameters_stay_one_segment() {
        let mut r = request();
        r.push_literal("/groups/");
        r.push_param("groupId", "a/b?c#d%e f");
        r.push_literal("/x/");
        r.push_param("name", "é.~_-");
        assert_eq!(r.path, "/groups/a%2Fb%3Fc%23d%25e%20f/x/%C3%A9.~_-");
        assert!(r.ready().is_ok());
    }

    #[test]
    fn segments_that_would_vanish_or_climb_are_refused_when_sent() {
        for bad in ["", ".", ".."] {
            let mut r = request();
            r.push_param("groupId", bad);
            r.push_param("other", "");
            let err = r.ready().unwrap_err();
            let text = err.to_string();
            assert!(
                text.starts_with("op: cannot send the request: path parameter `groupId` cannot be"),
                "the first problem is reported: {text}"
            );
        }
        let mut r = request();
        r.push_param("groupId", "...");
        assert!(r.ready().is_ok());
    }

    #[test]
    fn headers_with_line_breaks_are_refused() {
        let mut r = request();
        r.header("X-Note", "fine");
        r.header("X-Note", "a\r\nInjected: yes");
        assert_eq!(r.headers.len(), 1);
        let err = r.ready().unwrap_err();
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
    }

    #[test]
    fn a_parameter_set_again_replaces_its_value() {
        let mut r = request();
        r.query("pretty", "false");
        r.query("envelope", "true");
        r.query("pretty", "true");
        assert_eq!(
            r.query,
            [
                ("envelope", "true".to_owned()),
                ("pretty", "true".to_owned())
            ]
        );
        r.header("X-A", "1");
        r.header("X-A", "2");
        assert_eq!(r.headers.len(), 1);
    }

    #[test]
    fn lists_repeat_the_name_or_join_with_commas() {
        let mut r = request();
        r.query_list("tag", ["a", "b"], true);
        r.query_list("id", [1, 2, 3], false);
        r.query_list("tag", ["c"], true);
        assert_eq!(
            r.query,
            [("id", "1,2,3".to_owned()), ("tag", "c".to_owned())]
        );
        r.header_list("X-Ids", [4, 5]);
        assert_eq!(r.headers[0].1, "4,5");
    }

    #[test]
    fn bodies_carry_their_media_type_and_show_only_their_size() {
        let mut r = request();
        r.header("X-Session", "sess-secret");
        r.set_cookie("session", Some("session=cookie-secret".to_owned()));
        r.json(
            "application/vnd.atlas.2023-01-01+json",
            &serde_json::json!({"a": 1}),
        );
        assert_eq!(
            r.body,
            Some((
                "application/vnd.atlas.2023-01-01+json",
                br#"{"a":1}"#.to_vec()
            ))
        );
        let shown = format!("{r:?}");
        assert!(
            shown.contains(r#"headers: ["X-Session"], cookies: ["session"]"#)
                && !shown.contains("cookie-secret")
                && shown
                    .contains(r#"body: Some("7 bytes of application/vnd.atlas.2023-01-01+json")"#)
                && !shown.contains("sess-secret"),
            "{shown}"
        );
        r.text("text/plain", "hé");
        assert_eq!(r.body, Some(("text/plain", "hé".as_bytes().to_vec())));
        r.binary("application/octet-stream", &[0, 255]);
        assert_eq!(r.body, Some(("application/octet-stream", vec![0, 255])));
    }
}
