//! A response, read: its body is read up to the client's size limit, then an operation's
//! `decode` turns it into the typed answer, a documented error, or an
//! [`UnexpectedResponse`] that names what does not match the spec.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};
use serde::de::DeserializeOwned;

use super::super::spec::ErrorBody;
use super::error::{ApiFailure, Error, ResponseProblem, UnexpectedResponse};
use super::json::split_field;
use super::reading::Reading;
use super::request::Request;

/// A response whose body has been read.
pub(crate) struct Response {
    operation: &'static str,
    status: u16,
    content_type: Option<String>,
    /// The response headers, for the caller (`send_with_response`, and errors).
    headers: HeaderMap,
    body: Vec<u8>,
    retry_after: Option<Duration>,
    /// How a successful body is read.
    reading: Reading,
}

/// A decoded answer with its status and headers, as `send_with_response` returns it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Answer<T> {
    /// The HTTP status (with an Atlas envelope, the status it reports).
    pub status: u16,
    /// The response headers (rate limits, `Location`, request ids).
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

/// Why a body could not be decoded: the problem, the failing field, and a sentence.
type DecodeFailure = (ResponseProblem, Option<String>, String);

/// The `Retry-After` header: seconds, or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Reads a response body, up to `limit` bytes; unwraps the Atlas envelope when the request
/// asked for it. A successful body will be decoded by `reading`.
pub(crate) async fn read(
    mut response: reqwest::Response,
    request: &Request,
    limit: usize,
    reading: Reading,
) -> Result<Response, Error> {
    let head = Response {
        operation: request.operation,
        status: response.status().as_u16(),
        content_type: response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        retry_after: retry_after(response.headers()),
        // Taken, not copied: nothing reads them from the reqwest response after this.
        headers: std::mem::take(response.headers_mut()),
        body: Vec::new(),
        reading,
    };
    let too_large = |head: Response| {
        let message = format!("the body is larger than the limit of {limit} bytes");
        head.unexpected(ResponseProblem::TooLarge, None, message)
    };
    let Some(body) = read_body(&mut response, limit, request.operation).await? else {
        return Err(too_large(head));
    };
    let response = Response { body, ..head };
    if request.envelope {
        response.unwrap_envelope()
    } else {
        Ok(response)
    }
}

/// A response's body, or `None` when it is longer than `limit` bytes (then only as much of
/// it is read as shows that).
pub(crate) async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
    operation: &'static str,
) -> Result<Option<Vec<u8>>, Error> {
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Ok(None);
    }
    // What the server announced (within the limit) is room the body will need.
    let mut body = Vec::with_capacity(announced as usize);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|source| Error::transport(operation, source))?
    {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .as_bytes();
    essence.eq_ignore_ascii_case(b"application/json")
        || essence
            .len()
            .checked_sub(5)
            .is_some_and(|start| essence[start..].eq_ignore_ascii_case(b"+json"))
}

impl Response {
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    fn unexpected(self, problem: ResponseProblem, field: Option<String>, message: String) -> Error {
        Error::UnexpectedResponse(Box::new(UnexpectedResponse {
            operation: self.operation,
            status: self.status,
            content_type: self.content_type,
            headers: self.headers,
            body: self.body,
            problem,
            field,
            message,
            retry_after: self.retry_after,
        }))
    }

    fn failed((problem, field, message): DecodeFailure, response: Response) -> Error {
        response.unexpected(problem, field, message)
    }

    /// A status the spec does not document for the operation.
    pub(crate) fn unexpected_status(self) -> Error {
        let message = format!(
            "the spec does not document status {} for this operation",
            self.status
        );
        self.unexpected(ResponseProblem::UndocumentedStatus, None, message)
    }

    /// Checks that the body is JSON.
    fn check_json(&self) -> Result<(), DecodeFailure> {
        let wrong = |message: String| (ResponseProblem::WrongContentType, None, message);
        match &self.content_type {
            Some(ct) if is_json(ct) => {}
            Some(ct) => {
                return Err(wrong(format!(
                    "expected a JSON body, got `Content-Type: {ct}`"
                )))
            }
            None => {
                return Err(wrong(
                    "expected a JSON body, got no `Content-Type`".to_owned(),
                ))
            }
        }
        if self.body.iter().all(u8::is_ascii_whitespace) {
            let message = "expected a JSON body, got an empty one".to_owned();
            return Err((ResponseProblem::EmptyBody, None, message));
        }
        Ok(())
    }

    /// Parses the body. Parsing does not track where it is (that costs on every value);
    /// a body that fails is parsed again, with the path tracked, to name the failing field.
    fn parse<T: DeserializeOwned>(&self) -> Result<T, DecodeFailure> {
        self.check_json()?;
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        match T::deserialize(&mut de).and_then(|value| de.end().map(|()| value)) {
            Ok(value) => Ok(value),
            Err(e) if !e.is_data() => Err((ResponseProblem::MalformedBody, None, e.to_string())),
            Err(e) => Err(self
                .explain::<T>()
                .unwrap_or_else(|| (ResponseProblem::InvalidBody, None, e.to_string()))),
        }
    }

    /// Why the body is not a `T`, with the path of the failing field.
    fn explain<T: DeserializeOwned>(&self) -> Option<DecodeFailure> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let e = serde_path_to_error::deserialize::<_, T>(&mut de).err()?;
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (field, message) = split_field(&path, &inner.to_string());
        let message = match &field {
            Some(f) => format!("field `{f}`: {message}"),
            None => message,
        };
        Some((ResponseProblem::InvalidBody, field, message))
    }

    /// Decodes a JSON body, as strictly as the client says.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.reading
            .apply(|| self.parse::<T>())
            .map_err(|f| Self::failed(f, self))
    }

    /// Decodes a text body.
    pub(crate) fn text(self) -> Result<String, Error> {
        match String::from_utf8(self.body) {
            Ok(text) => Ok(text),
            Err(e) => {
                let body = e.into_bytes();
                let message = "the body is not UTF-8 text".to_owned();
                Err(Response { body, ..self }.unexpected(
                    ResponseProblem::MalformedBody,
                    None,
                    message,
                ))
            }
        }
    }

    /// Takes a binary body.
    pub(crate) fn binary(self) -> Result<Vec<u8>, Error> {
        Ok(self.body)
    }

    /// A response without a body.
    pub(crate) fn empty(self) -> Result<(), Error> {
        Ok(())
    }

    /// A documented error with a JSON body of type `T`, read tolerantly: a server that
    /// sends an optional member in another form than the spec says still gets its error
    /// code through. Only a body without a usable required member is unexpected.
    pub(crate) fn api_error<T: DeserializeOwned>(self, wrap: fn(T) -> ErrorBody) -> Error {
        match Reading::TOLERANT.apply(|| self.parse::<T>()) {
            Ok(body) => self.failure(wrap(body)),
            Err(f) => Self::failed(f, self),
        }
    }

    /// A documented error whose body the spec does not type; `wrap` makes the body enum's
    /// variant of the `Content-Type` and the bytes.
    pub(crate) fn api_error_other(self, wrap: fn(Option<String>, Vec<u8>) -> ErrorBody) -> Error {
        let (content_type, raw) = (self.content_type.clone(), self.body.clone());
        self.failure(wrap(content_type, raw))
    }

    fn failure(self, body: ErrorBody) -> Error {
        Error::Api(Box::new(ApiFailure {
            operation: self.operation,
            status: self.status,
            body,
            raw: self.body,
            headers: self.headers,
            retry_after: self.retry_after,
        }))
    }

    /// Unwraps `{"status": N, "content": …}`: `N` becomes the status and `content` the body.
    fn unwrap_envelope(self) -> Result<Self, Error> {
        let bad = |message: String| (ResponseProblem::BadEnvelope, None, message);
        let envelope = match self.parse::<serde_json::Value>() {
            Ok(value) => value,
            Err((_, _, message)) => {
                let message =
                    format!("an envelope was asked for, but the body is not one: {message}");
                return Err(Self::failed(bad(message), self));
            }
        };
        let status = envelope
            .get("status")
            .and_then(serde_json::Value::as_u64)
            .and_then(|s| u16::try_from(s).ok());
        let Some(status) = status else {
            let message = "an envelope was asked for, but the body has no `status` from 0 to 65535"
                .to_owned();
            return Err(Self::failed(bad(message), self));
        };
        let body = match envelope.get("content") {
            None | Some(serde_json::Value::Null) => Vec::new(),
            Some(content) => serde_json::to_vec(content).unwrap_or_default(),
        };
        Ok(Response {
            status,
            body,
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn response(content_type: Option<&str>, body: &[u8]) -> Response {
        Response {
            operation: "op",
            status: 200,
            content_type: content_type.map(str::to_owned),
            headers: HeaderMap::new(),
            body: body.to_vec(),
            retry_after: None,
            reading: Reading::STRICT,
        }
    }

    fn problem(e: Error) -> (ResponseProblem, Option<String>) {
        match e {
            Error::UnexpectedResponse(r) => (r.problem, r.field),
            other => panic!("not unexpected: {other:?}"),
        }
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static(" 7 "));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(
            retry_after(&headers),
            Some(Duration::ZERO),
            "a date in the past"
        );
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn json_is_told_by_its_media_type() {
        assert!(is_json("application/json"));
        assert!(is_json(
            "Application/Vnd.Atlas.2023-01-01+JSON; charset=utf-8"
        ));
        assert!(!is_json("text/html"));
        assert!(!is_json("json"));
        assert!(!is_json("é+jso"));
        let (p, _) = problem(
            response(Some("text/html"), b"{}")
                .json::<serde_json::Value>()
                .unwrap_err(),
        );
        assert_eq!(p, ResponseProblem::WrongContentType);
        let (p, _) = problem(
            response(None, b"{}")
                .json::<serde_json::Value>()
                .unwrap_err(),
        );
        assert_eq!(p, ResponseProblem::WrongContentType);
        let (p, _) = problem(
            response(Some("application/json"), b" \n")
                .json::<serde_json::Value>()
                .unwrap_err(),
        );
        assert_eq!(p, ResponseProblem::EmptyBody);
    }

    #[test]
    fn decoding_names_the_failing_field() {
        let r = response(Some("application/json"), br#"{"a": [1, "x"]}"#);
        let err = r
            .json::<std::collections::BTreeMap<String, Vec<u8>>>()
            .unwrap_err();
        assert_eq!(
            problem(err),
            (ResponseProblem::InvalidBody, Some("a[1]".to_owned()))
        );
        let r = response(Some("application/json"), br#"{"a": "#);
        let (p, field) = problem(r.json::<serde_json::Value>().unwrap_err());
        assert_eq!((p, field), (ResponseProblem::MalformedBody, None));
        let r = response(Some("application/json"), br#"{} {}"#);
        let (p, _) = problem(r.json::<serde_json::Value>().unwrap_err());
        assert_eq!(p, ResponseProblem::MalformedBody, "trailing data");
    }

    /// A body that decodes to the way of reading it was decoded with.
    struct Seen(Reading);

    impl<'de> serde::Deserialize<'de> for Seen {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            serde::de::IgnoredAny::deserialize(deserializer)?;
            Ok(Seen(Reading::current()))
        }
    }

    #[test]
    fn success_bodies_are_read_as_the_client_says() {
        for reading in [Reading::STRICT, Reading::LENIENT] {
            let r = Response {
                reading,
                ..response(Some("application/json"), b"{}")
            };
            assert_eq!(r.json::<Seen>().ok().map(|seen| seen.0), Some(reading));
        }
        assert_eq!(
            Reading::current(),
            Reading::STRICT,
            "restored after decoding"
        );
    }

    #[test]
    fn text_that_is_not_utf8_keeps_its_bytes() {
        let err = response(Some("text/csv"), b"a,\xff").text().unwrap_err();
        assert_eq!(err.body(), Some(&b"a,\xff"[..]));
        assert_eq!(response(Some("text/csv"), b"a,b").text().unwrap(), "a,b");
    }

    #[test]
    fn envelopes_are_unwrapped_or_refused() {
        let r = response(
            Some("application/json"),
            br#"{"status": 404, "content": {"x": 1}}"#,
        );
        let unwrapped = r.unwrap_envelope().ok().unwrap();
        assert_eq!(
            (unwrapped.status, unwrapped.body.as_slice()),
            (404, &br#"{"x":1}"#[..])
        );
        let r = response(
            Some("application/json"),
            br#"{"status": 204, "content": null}"#,
        );
        assert!(r.unwrap_envelope().ok().unwrap().body.is_empty());
        for bad in [
            &br#"{"status": 70000}"#[..],
            br#"[1]"#,
            br#"{"status": "200"}"#,
            b"<html>",
        ] {
            let err = response(Some("application/json"), bad)
                .unwrap_envelope()
                .err()
                .unwrap();
            assert_eq!(problem(err).0, ResponseProblem::BadEnvelope);
        }
    }
}
