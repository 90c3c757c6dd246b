//! Credentials: the [`Authenticate`] trait every scheme implements, and the schemes that
//! need nothing beyond it (a bearer token, an API key in a header or the query). HTTP
//! Basic, HTTP Digest and OAuth2 client credentials have files of their own, which a crate
//! gets only when its spec has those schemes.
//!
//! Secrets never appear in `Debug` output or in error messages.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};

use super::error::Error;

/// A future the client awaits, boxed so that schemes can be trait objects.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a request needs to know to be authenticated.
pub(crate) struct Target<'a> {
    /// The HTTP client, for schemes that fetch tokens.
    pub(crate) http: &'a reqwest::Client,
    /// The client's base URL (token endpoints are resolved against it).
    pub(crate) base_url: &'a str,
    /// The request's method.
    pub(crate) method: &'a reqwest::Method,
    /// The request's path and query, as sent.
    pub(crate) uri: &'a str,
}

/// A way of authenticating requests: one per kind of security scheme.
pub(crate) trait Authenticate: fmt::Debug + Send + Sync {
    /// Adds credentials that travel in the URL (before `credential` is asked).
    fn add_to_url(&self, url: &mut reqwest::Url) {
        let _ = url;
    }

    /// The credential header for one request, when there is one to send now.
    fn credential<'a>(
        &'a self,
        target: Target<'a>,
    ) -> BoxFuture<'a, Result<Option<Credential>, Error>>;

    /// Reacts to a `401`: whether to send the request again (a challenge to answer, a token
    /// to renew). `sent` is the credential the refused request carried.
    fn answer_challenge<'a>(
        &'a self,
        response: &'a reqwest::Response,
        sent: Option<&'a Credential>,
    ) -> BoxFuture<'a, bool> {
        let _ = (response, sent);
        Box::pin(async { false })
    }
}

/// A secret: its `Debug` says nothing about it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Secret(value)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A credential header for one request.
pub(crate) struct Credential {
    name: HeaderName,
    value: Secret,
    /// The bearer token it carries, so that a `401` can tell whether it concerns the token
    /// in use.
    token: Option<Secret>,
}

impl Credential {
    /// An `Authorization` header.
    pub(crate) fn authorization(value: String) -> Self {
        Self::header(AUTHORIZATION, value)
    }

    /// A header of any name.
    pub(crate) fn header(name: HeaderName, value: String) -> Self {
        Credential {
            name,
            value: Secret(value),
            token: None,
        }
    }

    /// An `Authorization: Bearer` header for `token`.
    pub(crate) fn bearer(token: Secret) -> Self {
        Credential {
            name: AUTHORIZATION,
            value: Secret(format!("Bearer {}", token.expose())),
            token: Some(token),
        }
    }

    /// The bearer token it carries, if it is one.
    pub(crate) fn token(&self) -> Option<&Secret> {
        self.token.as_ref()
    }

    /// The header's name.
    pub(crate) fn name(&self) -> HeaderName {
        self.name.clone()
    }

    /// The header's value, marked sensitive so that it is never logged. Credentials with
    /// control characters cannot be sent: an empty value goes instead.
    pub(crate) fn value(&self) -> HeaderValue {
        match HeaderValue::from_str(self.value.expose()) {
            Ok(mut v) => {
                v.set_sensitive(true);
                v
            }
            Err(_) => HeaderValue::from_static(""),
        }
    }
}

/// A bearer token the user brings.
#[derive(Debug)]
pub(crate) struct BearerToken(Secret);

impl BearerToken {
    pub(crate) fn new(token: String) -> Self {
        BearerToken(Secret(token))
    }
}

impl Authenticate for BearerToken {
    fn credential<'a>(&'a self, _: Target<'a>) -> BoxFuture<'a, Result<Option<Credential>, Error>> {
        let credential = Credential::bearer(self.0.clone());
        Box::pin(async move { Ok(Some(credential)) })
    }
}

/// An API key, sent in a header or as a query parameter.
#[derive(Debug)]
pub(crate) struct ApiKey {
    place: KeyPlace,
    key: Secret,
}

#[derive(Debug)]
enum KeyPlace {
    /// A header; `None` when the spec's name is not a valid header name (nothing is sent).
    Header(Option<HeaderName>),
    /// A query parameter.
    Query(&'static str),
}

impl ApiKey {
    /// A key sent in the header `name`.
    pub(crate) fn header(name: &'static str, key: String) -> Self {
        ApiKey {
            place: KeyPlace::Header(HeaderName::from_bytes(name.as_bytes()).ok()),
            key: Secret(key),
        }
    }

    /// A key sent as the query parameter `name`.
    pub(crate) fn query(name: &'static str, key: String) -> Self {
        ApiKey {
            place: KeyPlace::Query(name),
            key: Secret(key),
        }
    }
}

impl Authenticate for ApiKey {
    fn add_to_url(&self, url: &mut reqwest::Url) {
        if let KeyPlace::Query(name) = self.place {
            url.query_pairs_mut().append_pair(name, self.key.expose());
        }
    }

    fn credential<'a>(&'a self, _: Target<'a>) -> BoxFuture<'a, Result<Option<Credential>, Error>> {
        let credential = match &self.place {
            KeyPlace::Header(Some(name)) => Some(Credential::header(
                name.clone(),
                self.key.expose().to_owned(),
            )),
            KeyPlace::Header(None) | KeyPlace::Query(_) => None,
        };
        Box::pin(async move { Ok(credential) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_never_shown() {
        let key = ApiKey::header("x-api-key", "s3cr3t".to_owned());
        let token = BearerToken::new("t0k3n".to_owned());
        let shown = format!("{key:?} {token:?}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("t0k3n"),
            "{shown}"
        );
        assert!(shown.contains("[redacted]"), "{shown}");
    }

    #[test]
    fn credential_values_are_sensitive_and_never_carry_line_breaks() {
        let c = Credential::bearer(Secret::new("abc".to_owned()));
        assert_eq!(c.name(), AUTHORIZATION);
        assert_eq!(c.value(), "Bearer abc");
        assert!(c.value().is_sensitive());
        assert_eq!(c.token().map(Secret::expose), Some("abc"));
        let broken = Credential::authorization("a\r\nInjected: yes".to_owned());
        assert_eq!(broken.value(), "");
    }

    #[test]
    fn query_keys_go_into_the_url() {
        let key = ApiKey::query("api_key", "k&y".to_owned());
        let mut url = reqwest::Url::parse("https://api.example.com/a?b=1").unwrap();
        key.add_to_url(&mut url);
        assert_eq!(url.as_str(), "https://api.example.com/a?b=1&api_key=k%26y");
        let header = ApiKey::header("x-key", "k".to_owned());
        let mut url = reqwest::Url::parse("https://api.example.com/a").unwrap();
        header.add_to_url(&mut url);
        assert_eq!(url.query(), None);
    }

    #[test]
    fn a_header_name_that_cannot_be_sent_sends_nothing() {
        let key = ApiKey::header("bad header", "k".to_owned());
        assert!(matches!(key.place, KeyPlace::Header(None)));
    }
}
