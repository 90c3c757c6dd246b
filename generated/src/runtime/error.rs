//! The error of every call, and what it tells about the response.
//!
//! Bodies are kept as bytes, as they came; `Debug` and `Display` show them as text (lossy
//! UTF-8, cut after a few hundred characters), never as a list of byte values.

use std::fmt;
use std::time::Duration;

use super::super::spec::ErrorBody;
use super::validation::ValidationError;

/// Everything that can go wrong when calling the API.
///
/// [`status`](Self::status), [`body`](Self::body), [`retry_after`](Self::retry_after) and
/// the typed body accessors work across variants; match on the variant for the details.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A value given for the request cannot be sent as it is (an empty path segment, `.` or
    /// `..` as a path segment, a header value with a line break). Nothing was sent.
    InvalidRequest {
        /// The operation's id.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A value was refused by its type's rules (a pattern, a length, a listed value) before
    /// anything was sent: `"x".parse::<GroupId>()?` in a function that returns this error.
    Invalid(ValidationError),
    /// The client's configuration is not usable: an invalid base URL, or a TLS setup that
    /// failed.
    Config(String),
    /// The request got no response: connecting, TLS, a timeout, or reading the body failed.
    Transport {
        /// The operation's id (or `token` for the OAuth2 token endpoint).
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The server answered with an error status that the spec documents, and the body is
    /// what the spec says.
    Api(Box<ApiFailure>),
    /// The server's answer does not match the spec: an undocumented status, a body in
    /// another media type, malformed JSON, a value that breaks the schema's rules, or a body
    /// over the size limit.
    UnexpectedResponse(Box<UnexpectedResponse>),
    /// Credentials could not be obtained: the OAuth2 token endpoint failed or refused them.
    Auth(Box<AuthFailure>),
    /// A walk through the pages of a list stopped: the server kept sending pages past the
    /// walk's bound.
    Paging {
        /// The operation's id.
        operation: &'static str,
        /// What happened.
        message: String,
    },
}

/// A documented error response.
#[non_exhaustive]
pub struct ApiFailure {
    /// The operation's id.
    pub operation: &'static str,
    /// The HTTP status (with an Atlas envelope, the status it reports).
    pub status: u16,
    /// The parsed body.
    pub body: ErrorBody,
    /// The body as it came.
    pub raw: Vec<u8>,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// How long the server asked to wait before trying again (`Retry-After`).
    pub retry_after: Option<Duration>,
}

/// A response that does not match the spec.
#[non_exhaustive]
pub struct UnexpectedResponse {
    /// The operation's id.
    pub operation: &'static str,
    /// The HTTP status (with an Atlas envelope, the status it reports).
    pub status: u16,
    /// The `Content-Type` the server sent.
    pub content_type: Option<String>,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body as it came (empty when it was over the size limit).
    pub body: Vec<u8>,
    /// What is wrong with it.
    pub problem: ResponseProblem,
    /// The path of the field that failed to parse or validate (`status`,
    /// `results[3].id`), when one did.
    pub field: Option<String>,
    /// A sentence on what is wrong.
    pub message: String,
    /// How long the server asked to wait before trying again (`Retry-After`).
    pub retry_after: Option<Duration>,
}

/// What is wrong with an [`UnexpectedResponse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseProblem {
    /// The spec does not document this status for the operation.
    UndocumentedStatus,
    /// The body is not in a media type the spec documents (for JSON: not JSON).
    WrongContentType,
    /// The body is empty where the spec documents one.
    EmptyBody,
    /// The body is not well-formed JSON.
    MalformedBody,
    /// The body is JSON, but not what the schema says (a missing field, a wrong type, a
    /// value that breaks a pattern or length limit).
    InvalidBody,
    /// The body is larger than the client's limit.
    TooLarge,
    /// An Atlas envelope was asked for, but the body is not one.
    BadEnvelope,
}

/// Credentials could not be obtained.
#[non_exhaustive]
pub struct AuthFailure {
    /// The HTTP status of the token endpoint, when it answered.
    pub status: Option<u16>,
    /// What went wrong.
    pub message: String,
    /// The token endpoint's answer (never the credentials), when there was one.
    pub body: Vec<u8>,
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(f) => Some(f.status),
            Error::UnexpectedResponse(r) => Some(r.status),
            _ => None,
        }
    }

    /// The response body as it came, when there was one (for [`Error::Auth`], the token
    /// endpoint's).
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(f) => Some(&f.raw),
            Error::UnexpectedResponse(r) => Some(&r.body),
            Error::Auth(a) if a.status.is_some() => Some(&a.body),
            _ => None,
        }
    }

    /// The response headers, when there was a response (rate limits, request ids).
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Api(f) => Some(&f.headers),
            Error::UnexpectedResponse(r) => Some(&r.headers),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again (`Retry-After`, sent with
    /// `429` and `503`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(f) => f.retry_after,
            Error::UnexpectedResponse(r) => r.retry_after,
            _ => None,
        }
    }

    /// The path of the field that failed to parse or validate, when one did.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::UnexpectedResponse(r) => r.field.as_deref(),
            _ => None,
        }
    }

    /// The id of the operation that failed.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::InvalidRequest { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Paging { operation, .. } => Some(operation),
            Error::Api(f) => Some(f.operation),
            Error::UnexpectedResponse(r) => Some(r.operation),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }

    /// Whether no connection could be made (refused, unreachable, or the TLS handshake
    /// failed: a certificate for another name, expired, or from an authority not trusted).
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_connect())
    }

    /// Whether the server closed the connection before it answered: a server may close a
    /// kept-alive connection at any time (RFC 9112 §9.3.1), and a busy one closes idle
    /// connections as a request arrives on them. The request may or may not have been
    /// processed. One that may be sent twice (an idempotent method, an `Idempotency-Key`,
    /// or a builder's `idempotent()`) has already been sent again once, on a new connection,
    /// before this error; any other is not sent again, as the server may have acted on it.
    pub fn is_connection_closed(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if closed_before_answer(source))
    }

    /// A request that got no response. The URL reqwest keeps in its error loses its query:
    /// an API key may travel there, and `Display` and `Debug` print that URL.
    pub(crate) fn transport(operation: &'static str, source: reqwest::Error) -> Error {
        let source = match source.url().filter(|url| url.query().is_some()) {
            Some(url) => {
                let mut url = url.clone();
                url.set_query(None);
                source.with_url(url)
            }
            None => source,
        };
        Error::Transport { operation, source }
    }

    /// The parsed body of a documented error response, whatever its schema.
    pub(crate) fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Api(f) => Some(&f.body),
            _ => None,
        }
    }
}

/// Whether a request failed because its connection closed before an answer came: hyper's
/// "connection closed before message completed", or the connection reset, aborted or
/// broken while the request was written or its answer awaited. Not a failure to connect
/// or a timeout.
fn closed_before_answer(error: &reqwest::Error) -> bool {
    use std::io::ErrorKind;
    if error.is_connect() || error.is_timeout() || error.is_body() || error.is_decode() {
        return false;
    }
    let mut cause = std::error::Error::source(error);
    while let Some(e) = cause {
        if e.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_incomplete_message)
        {
            return true;
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
                    | ErrorKind::UnexpectedEof
            );
        }
        cause = e.source();
    }
    false
}

/// At most this many characters of a body go into a message or a `Debug` line.
const SHOWN_CHARS: usize = 300;

/// A body as text fit for a message: lossy UTF-8, control characters escaped, cut after
/// [`SHOWN_CHARS`] characters with `…` and the full size.
pub(crate) struct BodyText<'a>(pub(crate) &'a [u8]);

impl fmt::Display for BodyText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(self.0);
        let mut chars = text.chars();
        for c in chars.by_ref().take(SHOWN_CHARS) {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        if chars.next().is_some() {
            write!(f, "… ({} bytes in all)", self.0.len())?;
        }
        Ok(())
    }
}

impl fmt::Debug for BodyText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// The status with its reason phrase, `404 Not Found` (the number alone for a status
/// without one).
struct StatusText(u16);

impl fmt::Display for StatusText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = reqwest::StatusCode::from_u16(self.0)
            .ok()
            .and_then(|status| status.canonical_reason());
        match reason {
            Some(reason) => write!(f, "{} {reason}", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// What an error body says in words, when it says it in members that APIs commonly use:
/// an application error code (Atlas's `errorCode`) and a sentence (`detail`, `message`).
#[derive(Debug, PartialEq)]
struct Summary {
    code: Option<String>,
    detail: Option<String>,
}

impl Summary {
    const CODES: [&'static str; 4] = ["errorCode", "error_code", "code", "error"];
    const DETAILS: [&'static str; 4] = ["detail", "message", "error_description", "title"];

    /// Reads the summary of a JSON object body; `None` for anything else, or an object
    /// without any of those members as a string or a number.
    fn of(raw: &[u8]) -> Option<Summary> {
        let members: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(raw).ok()?;
        // A code may be a number; a sentence is text.
        let first = |names: &[&str], numbers: bool| {
            names.iter().find_map(|name| match members.get(*name)? {
                serde_json::Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
                serde_json::Value::Number(n) if numbers => Some(n.to_string()),
                _ => None,
            })
        };
        let summary = Summary {
            code: first(&Self::CODES, true),
            detail: first(&Self::DETAILS, false),
        };
        (summary.code.is_some() || summary.detail.is_some()).then_some(summary)
    }
}

impl fmt::Display for ApiFailure {
    /// `404 Not Found: GROUP_NOT_FOUND: No group with ID 5f… exists.`, or the status and
    /// the body as text when the body says nothing in the usual members.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", ErrorText(self.status, &self.raw))
    }
}

/// What [`ApiFailure`] shows: a status and a body, in words.
struct ErrorText<'a>(u16, &'a [u8]);

impl fmt::Display for ErrorText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ErrorText(status, raw) = *self;
        write!(f, "{}", StatusText(status))?;
        match Summary::of(raw) {
            Some(summary) => {
                for part in [&summary.code, &summary.detail].into_iter().flatten() {
                    write!(f, ": {}", BodyText(part.as_bytes()))?;
                }
                Ok(())
            }
            None if raw.is_empty() => Ok(()),
            None => write!(f, ": {}", BodyText(raw)),
        }
    }
}

impl fmt::Debug for ApiFailure {
    /// The body as text, cut after a few hundred characters: the typed body is one
    /// accessor away, and may be large.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiFailure")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("body", &BodyText(&self.raw))
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &BodyText(&self.body))
            .field("problem", &self.problem)
            .field("field", &self.field)
            .field("message", &self.message)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

impl fmt::Debug for AuthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthFailure")
            .field("status", &self.status)
            .field("message", &self.message)
            .field("body", &BodyText(&self.body))
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { operation, message } => {
                write!(f, "{operation}: cannot send the request: {message}")
            }
            Error::Invalid(e) => write!(f, "invalid value: {e}"),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::Paging { operation, message } => {
                write!(
                    f,
                    "{operation}: the walk through the pages stopped: {message}"
                )
            }
            Error::Transport { operation, source } if closed_before_answer(source) => {
                write!(
                    f,
                    "{operation}: the server closed the connection before it answered; the \
                     request may or may not have been processed: {source}"
                )
            }
            Error::Transport { operation, source } => {
                write!(f, "{operation}: the request failed: {source}")
            }
            Error::Api(failure) => write!(f, "{}: {failure}", failure.operation),
            Error::UnexpectedResponse(r) => {
                write!(
                    f,
                    "{}: unexpected response with status {}: {}",
                    r.operation,
                    StatusText(r.status),
                    r.message
                )?;
                if !r.body.is_empty() {
                    write!(f, "; body: {}", BodyText(&r.body))?;
                }
                Ok(())
            }
            Error::Auth(a) => {
                write!(f, "authentication failed: {}", a.message)?;
                if let Some(status) = a.status {
                    write!(f, " (status {status})")?;
                }
                if !a.body.is_empty() {
                    write!(f, ": {}", BodyText(&a.body))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Invalid(e) => Some(e),
            _ => None,
        }
    }
}

/// A value refused by its type converts with `?`, so that parsing the parameters of a call
/// and making it read as one function.
impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Invalid(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unexpected(body: &[u8]) -> Error {
        Error::UnexpectedResponse(Box::new(UnexpectedResponse {
            operation: "op",
            status: 502,
            content_type: Some("text/html".to_owned()),
            headers: reqwest::header::HeaderMap::new(),
            body: body.to_vec(),
            problem: ResponseProblem::WrongContentType,
            field: None,
            message: "expected a JSON body".to_owned(),
            retry_after: None,
        }))
    }

    #[test]
    fn bodies_show_as_text_in_debug_and_display() {
        let e = unexpected(b"<html>Bad gateway</html>");
        let debug = format!("{e:?}");
        assert!(
            debug.contains("body: \"<html>Bad gateway</html>\""),
            "{debug}"
        );
        assert!(!debug.contains("60, 104"), "bytes listed: {debug}");
        let display = e.to_string();
        assert!(
            display.ends_with("; body: <html>Bad gateway</html>"),
            "{display}"
        );
    }

    #[test]
    fn bodies_are_cut_and_lossy() {
        let long = "é".repeat(1000);
        let shown = BodyText(long.as_bytes()).to_string();
        assert_eq!(shown.chars().filter(|c| *c == 'é').count(), SHOWN_CHARS);
        assert!(shown.ends_with("… (2000 bytes in all)"), "{shown}");
        let broken = BodyText(b"ok \xff\xfe then\n\x07").to_string();
        assert_eq!(broken, "ok \u{fffd}\u{fffd} then\\n\\u{7}");
    }

    #[test]
    fn accessors_work_across_variants() {
        let e = unexpected(b"x");
        assert_eq!(e.status(), Some(502));
        assert_eq!(e.body(), Some(&b"x"[..]));
        assert_eq!(e.operation(), Some("op"));
        assert!(!e.is_timeout());
        let auth = Error::Auth(Box::new(AuthFailure {
            status: Some(400),
            message: "refused".to_owned(),
            body: b"{}".to_vec(),
        }));
        assert_eq!(auth.body(), Some(&b"{}"[..]));
        let config = Error::Config("no".to_owned());
        assert_eq!(config.status(), None);
        assert_eq!(config.body(), None);
        assert_eq!(config.to_string(), "invalid client configuration: no");
    }

    #[test]
    fn a_refused_value_converts_with_the_question_mark() {
        fn parse(value: &str) -> Result<(), Error> {
            super::super::validation::check_length("Name", value, Some(2), None)?;
            Ok(())
        }
        let err = parse("x").unwrap_err();
        assert!(
            matches!(&err, Error::Invalid(e) if e.type_name() == "Name"),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "invalid value: \"x\" is not a valid Name: it has 1 characters, fewer than the minimum of 2"
        );
        assert!(std::error::Error::source(&err).is_some());
        assert_eq!((err.status(), err.operation()), (None, None));
        assert!(parse("xy").is_ok());
    }

    fn api_text(status: u16, raw: &[u8]) -> String {
        ErrorText(status, raw).to_string()
    }

    #[test]
    fn api_errors_read_as_status_code_and_detail() {
        let atlas = br#"{"error": 404, "errorCode": "GROUP_NOT_FOUND", "detail": "No group with ID 5f0 exists.", "parameters": ["5f0"], "reason": "Not Found"}"#;
        assert_eq!(
            api_text(404, atlas),
            "404 Not Found: GROUP_NOT_FOUND: No group with ID 5f0 exists."
        );
        let problem = br#"{"title": "Out of credit", "status": 403}"#;
        assert_eq!(api_text(403, problem), "403 Forbidden: Out of credit");
        let oauth = br#"{"error": "invalid_client", "error_description": "Unknown client"}"#;
        assert_eq!(
            api_text(401, oauth),
            "401 Unauthorized: invalid_client: Unknown client"
        );
        assert_eq!(
            api_text(500, b"<html>down</html>"),
            "500 Internal Server Error: <html>down</html>"
        );
        assert_eq!(api_text(599, b""), "599");
        assert_eq!(
            api_text(409, br#"{"code": 17, "message": 5}"#),
            "409 Conflict: 17"
        );
        let long = format!(
            r#"{{"errorCode": "X", "detail": "{}\n"}}"#,
            "a".repeat(1000)
        );
        let shown = api_text(400, long.as_bytes());
        assert!(shown.starts_with("400 Bad Request: X: aaa"), "{shown}");
        assert!(shown.ends_with("… (1001 bytes in all)"), "{shown}");
    }

    #[test]
    fn auth_failures_show_their_answer_as_text() {
        let e = Error::Auth(Box::new(AuthFailure {
            status: Some(500),
            message: "the token endpoint failed".to_owned(),
            body: b"{\"error\":\"server_error\"}".to_vec(),
        }));
        assert_eq!(
            e.to_string(),
            "authentication failed: the token endpoint failed (status 500): {\"error\":\"server_error\"}"
        );
        let debug = format!("{e:?}");
        assert!(
            debug.contains(r#"body: "{"error":"server_error"}""#),
            "{debug}"
        );
    }
}
