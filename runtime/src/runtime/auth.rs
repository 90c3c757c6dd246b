//! Credentials: the [`Authenticate`] trait every scheme implements, and the schemes that
//! need nothing beyond it (a bearer token, an API key in a header or the query). HTTP
//! Basic, HTTP Digest and OAuth2 client credentials have files of their own, which a crate
//! gets only when its spec has those schemes.
//!
//! Secrets never appear in `Debug` output or in error messages, and the client wipes the
//! ones it holds (and the texts it makes of them) from memory when it drops them. The copy
//! a request carries in its header is reqwest's, and is freed without being wiped: no
//! client built on `http`'s header values can do otherwise.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use zeroize::Zeroizing;

use super::error::Error;

/// A future the client awaits, boxed so that schemes can be trait objects.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What [`Authenticate::admit`] lets a request hold while it is in flight: the turn of the
/// one request that asks how to authenticate, which the others wait for (all released at
/// once when it ends).
pub(crate) type Admission = Option<tokio::sync::OwnedRwLockWriteGuard<()>>;

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
    /// Whether these credentials can be sent at all (`ClientBuilder::build` asks).
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Adds credentials that travel in the URL (before `credential` is asked).
    fn add_to_url(&self, url: &mut reqwest::Url) {
        let _ = url;
    }

    /// The credential header for one request, when there is one to send now.
    fn credential<'a>(
        &'a self,
        target: Target<'a>,
    ) -> BoxFuture<'a, Result<Option<Credential>, Error>>;

    /// Waits until a request may be sent, and gives what it holds while in flight. A scheme
    /// that learns how to authenticate from a first answer (Digest's challenge) lets one
    /// request ask and holds the others until that answer has come, so that a burst of
    /// first calls is challenged once.
    fn admit<'a>(&'a self) -> BoxFuture<'a, Admission> {
        Box::pin(async { None })
    }

    /// Learns the status of an answer to a request it authenticated.
    fn answered(&self, status: u16) {
        let _ = status;
    }

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

/// A secret: its `Debug` says nothing about it, and its memory is wiped when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Zeroizing<String>);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Secret(Zeroizing::new(value))
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

/// A credential header: its value made once, and marked sensitive so that it is never
/// logged (its `Debug` says `Sensitive`).
#[derive(Clone, Debug)]
pub(crate) struct Credential {
    name: HeaderName,
    value: HeaderValue,
    /// The bearer token it carries, so that a `401` can tell whether it concerns the token
    /// in use.
    token: Option<Secret>,
}

impl Credential {
    /// An `Authorization` header.
    pub(crate) fn authorization(value: &str) -> Result<Self, String> {
        Self::header(AUTHORIZATION, value)
    }

    /// A header of any name; refused when the value holds what no header can carry (a line
    /// break or another control character).
    pub(crate) fn header(name: HeaderName, value: &str) -> Result<Self, String> {
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            format!(
                "the credential for the `{name}` header holds a line break or another \
                 control character, which no header can carry"
            )
        })?;
        value.set_sensitive(true);
        Ok(Credential {
            name,
            value,
            token: None,
        })
    }

    /// An `Authorization: Basic` header for a user name and password (RFC 7617), the texts
    /// made on the way wiped.
    pub(crate) fn basic(username: &str, password: &str) -> Result<Self, String> {
        use base64::Engine as _;
        let pair = Zeroizing::new(format!("{username}:{password}"));
        let encoded = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(&*pair));
        Self::authorization(&Zeroizing::new(format!("Basic {}", *encoded)))
    }

    /// An `Authorization: Bearer` header for `token`.
    pub(crate) fn bearer(token: Secret) -> Result<Self, String> {
        let credential =
            Self::authorization(&Zeroizing::new(format!("Bearer {}", token.expose())))?;
        Ok(Credential {
            token: Some(token),
            ..credential
        })
    }

    /// A `Cookie` header carrying `key` as the cookie `name`; refused when the key holds
    /// what a cookie cannot (RFC 6265: a space, `"`, `,`, `;`, `\` or a control character),
    /// since escaping it would send another key.
    pub(crate) fn cookie(name: &str, key: &str) -> Result<Self, String> {
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || !name.chars().all(token) {
            return Err(format!("`{name}` is not a cookie name (RFC 6265: a token)"));
        }
        let forbidden = |c: char| c.is_ascii_control() || matches!(c, ' ' | '"' | ',' | ';' | '\\');
        if key.contains(forbidden) || !key.is_ascii() {
            return Err(format!(
                "the API key for the `{name}` cookie holds a space, `\"`, `,`, `;`, `\\`, a \
                 control character or a character beyond ASCII, which a cookie cannot carry"
            ));
        }
        Self::header(COOKIE, &Zeroizing::new(format!("{name}={key}")))
    }

    /// The bearer token it carries, if it is one.
    pub(crate) fn token(&self) -> Option<&Secret> {
        self.token.as_ref()
    }

    pub(crate) fn name(&self) -> &HeaderName {
        &self.name
    }

    pub(crate) fn value(&self) -> &HeaderValue {
        &self.value
    }
}

/// A credential made once when the scheme is set up, or why it cannot be sent; a scheme
/// holding one reports the reason from [`Authenticate::check`], so that
/// `ClientBuilder::build` fails rather than every request.
pub(crate) type Prepared = Result<Credential, String>;

/// The prepared credential for one request.
pub(crate) fn prepared(credential: &Prepared) -> Result<Credential, Error> {
    credential.clone().map_err(Error::Config)
}

/// A bearer token the user brings.
#[derive(Debug)]
pub(crate) struct BearerToken(Prepared);

impl BearerToken {
    pub(crate) fn new(token: String) -> Self {
        BearerToken(Credential::bearer(Secret::new(token)))
    }
}

impl Authenticate for BearerToken {
    fn check(&self) -> Result<(), Error> {
        prepared(&self.0).map(drop)
    }

    fn credential<'a>(&'a self, _: Target<'a>) -> BoxFuture<'a, Result<Option<Credential>, Error>> {
        let credential = prepared(&self.0).map(Some);
        Box::pin(async move { credential })
    }
}

/// An API key, sent in a header (a cookie among them) or as a query parameter.
#[derive(Debug)]
pub(crate) enum ApiKey {
    /// In a header.
    Header(Prepared),
    /// As a query parameter.
    Query { name: &'static str, key: Secret },
}

impl ApiKey {
    /// A key sent in the header `name`.
    pub(crate) fn header(name: &'static str, key: String) -> Self {
        let credential = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a header name"))
            .and_then(|name| Credential::header(name, &key));
        ApiKey::Header(credential)
    }

    /// A key sent as the cookie `name`.
    pub(crate) fn cookie(name: &'static str, key: String) -> Self {
        ApiKey::Header(Credential::cookie(name, &Zeroizing::new(key)))
    }

    /// A key sent as the query parameter `name`.
    pub(crate) fn query(name: &'static str, key: String) -> Self {
        ApiKey::Query {
            name,
            key: Secret::new(key),
        }
    }
}

impl Authenticate for ApiKey {
    fn check(&self) -> Result<(), Error> {
        match self {
            ApiKey::Header(credential) => prepared(credential).map(drop),
            ApiKey::Query { .. } => Ok(()),
        }
    }

    fn add_to_url(&self, url: &mut reqwest::Url) {
        if let ApiKey::Query { name, key } = self {
            // A link the server sent (the next page) may carry the key already: it is
            // replaced, not sent twice.
            if url.query_pairs().any(|(n, _)| n == *name) {
                let others: Vec<(String, String)> = url
                    .query_pairs()
                    .filter(|(n, _)| n != *name)
                    .map(|(n, v)| (n.into_owned(), v.into_owned()))
                    .collect();
                url.query_pairs_mut().clear().extend_pairs(others);
            }
            url.query_pairs_mut().append_pair(name, key.expose());
        }
    }

    fn credential<'a>(&'a self, _: Target<'a>) -> BoxFuture<'a, Result<Option<Credential>, Error>> {
        let credential = match self {
            ApiKey::Header(credential) => prepared(credential).map(Some),
            ApiKey::Query { .. } => Ok(None),
        };
        Box::pin(async move { credential })
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
        let c = Credential::bearer(Secret::new("abc".to_owned())).unwrap();
        assert_eq!(c.name(), AUTHORIZATION);
        assert_eq!(c.value(), "Bearer abc");
        assert!(c.value().is_sensitive());
        assert!(!format!("{c:?}").contains("abc"), "{c:?}");
        assert_eq!(c.token().map(Secret::expose), Some("abc"));
        let broken = Credential::authorization("a\r\nInjected: yes").unwrap_err();
        assert!(broken.contains("line break"), "{broken}");
        assert!(!broken.contains("Injected"), "{broken}");
    }

    #[test]
    fn a_credential_no_header_can_carry_is_refused_when_checked() {
        let token = BearerToken::new("abc\n".to_owned());
        let err = token.check().unwrap_err();
        assert!(
            matches!(&err, Error::Config(m) if m.contains("line break")),
            "{err}"
        );
        assert!(BearerToken::new("abc".to_owned()).check().is_ok());
        let key = ApiKey::header("x-key", "k\r".to_owned());
        assert!(key.check().is_err());
    }

    #[test]
    fn cookie_keys_are_sensitive_and_never_escaped() {
        let key = ApiKey::cookie("SESSION", "abc=123".to_owned());
        key.check().unwrap();
        let Ok(credential) = prepared(match &key {
            ApiKey::Header(c) => c,
            ApiKey::Query { .. } => unreachable!(),
        }) else {
            panic!("a key a cookie can carry")
        };
        assert_eq!(credential.name(), COOKIE);
        assert_eq!(credential.value(), "SESSION=abc=123");
        assert!(credential.value().is_sensitive());
        for bad in [" ", ";", ",", "\"", "\\", "é", "\n"] {
            let key = format!("s3cr3t{bad}x");
            let err = ApiKey::cookie("SESSION", key).check().unwrap_err();
            let text = err.to_string();
            assert!(
                text.contains("`SESSION` cookie") && !text.contains("s3cr3t"),
                "{text}"
            );
        }
        let err = ApiKey::cookie("SES SION", "k".to_owned())
            .check()
            .unwrap_err();
        assert!(err.to_string().contains("not a cookie name"), "{err}");
    }

    #[test]
    fn query_keys_go_into_the_url() {
        let key = ApiKey::query("api_key", "k&y".to_owned());
        assert!(key.check().is_ok());
        let mut url = reqwest::Url::parse("https://api.example.com/a?b=1").unwrap();
        key.add_to_url(&mut url);
        assert_eq!(url.as_str(), "https://api.example.com/a?b=1&api_key=k%26y");
        // A link the server sent back with the key in it: the key is sent once.
        let mut url = reqwest::Url::parse("https://api.example.com/a?api_key=old&b=1").unwrap();
        key.add_to_url(&mut url);
        assert_eq!(url.as_str(), "https://api.example.com/a?b=1&api_key=k%26y");
        let header = ApiKey::header("x-key", "k".to_owned());
        let mut url = reqwest::Url::parse("https://api.example.com/a").unwrap();
        header.add_to_url(&mut url);
        assert_eq!(url.query(), None);
    }

    #[test]
    fn a_header_name_that_cannot_be_sent_is_refused_when_checked() {
        let key = ApiKey::header("bad header", "k".to_owned());
        let err = key.check().unwrap_err();
        assert!(
            err.to_string()
                .contains("`bad header` is not a header name"),
            "{err}"
        );
    }
}
