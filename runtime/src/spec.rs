//! Stands in for a generated crate's `spec.rs`, which the generator renders from the spec:
//! the default base URL and `User-Agent`, a builder method per security scheme, and the
//! body enum of documented errors with its accessors. Written here as the template writes
//! them, for a spec with every kind of scheme and one error schema.

use std::fmt;

use super::runtime;
use super::runtime::client::ClientBuilder;
use super::runtime::error::Error;

/// Where requests go unless [`ClientBuilder::base_url`] says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.example.com";

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::with_defaults(DEFAULT_BASE_URL, "runtime/0.0.0")
    }
}

impl ClientBuilder {
    /// Authenticates with HTTP Digest.
    pub fn digest(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth(runtime::digest::Digest::new(
            username.into(),
            password.into(),
        ))
    }

    /// Authenticates with OAuth2 client credentials.
    pub fn service_account(
        self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        let credentials = runtime::oauth2::ClientCredentials::new(
            client_id.into(),
            client_secret.into(),
            "/api/oauth/token",
        );
        self.auth(credentials)
    }

    /// Authenticates with HTTP Basic.
    pub fn basic(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth(runtime::basic::Basic::new(username.into(), password.into()))
    }

    /// Authenticates with a bearer token.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.auth(runtime::auth::BearerToken::new(token.into()))
    }

    /// Authenticates with an API key in the `X-Api-Key` header.
    pub fn api_key(self, key: impl Into<String>) -> Self {
        self.auth(runtime::auth::ApiKey::header("X-Api-Key", key.into()))
    }

    /// Authenticates with an API key in the `api_key` query parameter.
    pub fn api_key_in_query(self, key: impl Into<String>) -> Self {
        self.auth(runtime::auth::ApiKey::query("api_key", key.into()))
    }
}

/// The body of a documented error response, by the schema the spec gives it.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// A [`ApiError`](super::types::ApiError).
    ApiError(super::types::ApiError),
    /// A body without a schema in the spec (or none at all), as it came.
    Other {
        /// Its `Content-Type`.
        content_type: Option<String>,
        /// Its bytes.
        body: Vec<u8>,
    },
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ErrorBody::ApiError(ref body) => f.debug_tuple("ApiError").field(body).finish(),
            ErrorBody::Other {
                ref content_type,
                ref body,
            } => f
                .debug_struct("Other")
                .field("content_type", content_type)
                .field("body", &runtime::error::BodyText(body))
                .finish(),
        }
    }
}

impl Error {
    /// The parsed body of a documented error response, when it is a
    /// [`ApiError`](super::types::ApiError).
    pub fn api_error(&self) -> Option<&super::types::ApiError> {
        match self.error_body()? {
            ErrorBody::ApiError(body) => Some(body),
            _ => None,
        }
    }
}
