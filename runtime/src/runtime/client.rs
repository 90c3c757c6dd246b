//! The client: its configuration, and sending a request — credentials, an authentication
//! challenge, retries of `429` and `503`, a connection the server closed — until there is a
//! response to decode.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE};

use super::auth::{Authenticate, Credential, Target};
use super::error::Error;
use super::hook::{Hook, Hooks};
use super::reading::Reading;
use super::request::Request;
use super::response::{self, Answer, Response};

/// The most bytes of a response body the client reads unless
/// [`ClientBuilder::max_response_bytes`] says otherwise; a longer body is an
/// [`Error::UnexpectedResponse`] with [`ResponseProblem::TooLarge`].
///
/// [`ResponseProblem::TooLarge`]: super::error::ResponseProblem::TooLarge
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The longest the client waits in all for retries of one request, unless
/// [`ClientBuilder::max_retry_wait`] says otherwise.
pub const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// The longest the client waits for the next bytes of a response (or for its start), unless
/// [`ClientBuilder::read_timeout`] says otherwise: a server that stops answering ends the
/// request instead of holding it forever.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(120);

/// How long an idle connection is kept for the next request, unless
/// [`ClientBuilder::pool_idle_timeout`] says otherwise: below the 5 seconds that Apache
/// httpd and Node.js servers keep one open by default, so that the client lets go of it
/// before the server closes it under a request.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(4);

/// The most redirects the client follows for one request.
const MAX_REDIRECTS: usize = 10;

/// A client for the API.
///
/// Cheap to clone: clones share connections and credentials. Each operation is a method
/// that returns a request builder; `send` it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Where a request that met a closed connection is sent again.
    resend: Resend,
    base_url: String,
    auth: Option<Arc<dyn Authenticate>>,
    max_retries: u32,
    max_retry_wait: Duration,
    max_response_bytes: usize,
    success_reading: Reading,
    hooks: Hooks,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .field("max_retries", &self.inner.max_retries)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client that sends no credentials, for `base_url` (such as
    /// `https://api.example.com`).
    pub fn new(base_url: &str) -> Result<Self, Error> {
        Self::builder().base_url(base_url).build()
    }

    /// A builder for a client with credentials, timeouts and retries, starting from the
    /// API's defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A `reqwest::ClientBuilder` to make your own HTTP client from (proxies, pools, TLS
    /// settings) for [`ClientBuilder::reqwest_client`], set up as the client the builder
    /// makes is: the process's rustls crypto provider installed (*ring*'s, unless the
    /// application installed one; reqwest's builder panics without one), and redirects
    /// followed only within the origin, so that credentials never follow one elsewhere.
    pub fn reqwest_builder() -> reqwest::ClientBuilder {
        crypto_provider();
        reqwest::Client::builder().redirect(same_origin_redirects())
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request, unless a value could not be put in it, and decodes the answer: the
    /// one `async fn` behind every operation's `send`.
    pub(crate) async fn send<T>(
        &self,
        request: Request,
        decode: fn(Response) -> Result<T, Error>,
    ) -> Result<T, Error> {
        decode(self.respond(request).await?)
    }

    /// Sends a request, unless a value could not be put in it, and returns the answer
    /// undecoded (a walk through pages reads its headers first).
    pub(crate) async fn respond(&self, request: Request) -> Result<Response, Error> {
        self.execute(request.ready()?).await
    }

    /// [`send`](Self::send), with the status and headers of the response beside the
    /// decoded body (errors carry them too).
    pub(crate) async fn send_with_response<T>(
        &self,
        request: Request,
        decode: fn(Response) -> Result<T, Error>,
    ) -> Result<Answer<T>, Error> {
        let response = self.respond(request).await?;
        let (status, headers) = (response.status(), response.headers().clone());
        let body = decode(response)?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    /// Sends a request: adds credentials, answers an authentication challenge once, retries
    /// as `429` and `503` ask within the configured limits, sends it again once when the
    /// server closed the connection before answering and that is safe, and reads the body
    /// up to the size limit.
    async fn execute(&self, request: Request) -> Result<Response, Error> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = tracing::info_span!(
                "api_call",
                operation = request.operation,
                method = %request.method,
                path = request.template,
                status = tracing::field::Empty,
                attempts = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = std::time::Instant::now();
            let mut sent = 0;
            let outcome = self
                .attempts(request, &mut sent)
                .instrument(span.clone())
                .await;
            span.record("attempts", sent);
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            let status = match &outcome {
                Ok(response) => Some(response.status()),
                Err(e) => e.status(),
            };
            if let Some(status) = status {
                span.record("status", status);
            }
            outcome
        }
        #[cfg(not(feature = "tracing"))]
        self.attempts(request, &mut 0).await
    }

    /// [`execute`](Self::execute) without the trace: the attempts themselves, counted in
    /// `sent` (an answered challenge and each retry count).
    async fn attempts(&self, request: Request, sent: &mut u32) -> Result<Response, Error> {
        let inner = &*self.inner;
        let auth = inner.auth.as_deref().filter(|_| request.auth);
        let url = self.url(&request, auth)?;
        let uri = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        let mut challenged = false;
        let mut resent = false;
        let mut retries = 0u32;
        let mut waited = Duration::ZERO;
        loop {
            *sent += 1;
            let mut builder = inner
                .http
                .request(request.method.clone(), url.clone())
                .header(ACCEPT, request.accept);
            // A `Cookie` header parameter goes into the one `Cookie` header, below.
            let headers = request.headers.iter();
            for (name, value) in headers.filter(|(n, _)| !n.eq_ignore_ascii_case("cookie")) {
                builder = builder.header(*name, value.clone());
            }
            if let Some((content_type, bytes)) = &request.body {
                builder = builder
                    .header(CONTENT_TYPE, *content_type)
                    .body(bytes.clone());
            }
            if let Some((_, write)) = &request.custom_body {
                builder = write(builder);
            }
            let (admission, credential) = match auth {
                Some(auth) => {
                    let admission = auth.admit().await;
                    let target = Target {
                        http: &inner.http,
                        base_url: &inner.base_url,
                        method: &request.method,
                        uri: &uri,
                    };
                    (admission, auth.credential(target).await?)
                }
                None => (None, None),
            };
            builder = with_credential_and_cookies(builder, &request, credential.as_ref())?;
            if let Some(timeout) = request.timeout {
                builder = builder.timeout(timeout);
            }
            let http = if resent {
                inner.resend.client(&inner.http)
            } else {
                &inner.http
            };
            let response = match self.exchange(http, builder, request.operation).await {
                Ok(response) => response,
                // Sent again once, on a new connection, when that is safe (see
                // `Error::is_connection_closed`).
                Err(e) if !resent && e.is_connection_closed() && request.may_be_sent_twice() => {
                    resent = true;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let status = response.status().as_u16();
            if let Some(auth) = auth {
                auth.answered(status);
            }
            let again = match auth.filter(|_| status == 401 && !challenged) {
                Some(auth) => {
                    challenged = true;
                    auth.answer_challenge(&response, credential.as_ref()).await
                }
                None => false,
            };
            // What the answer taught is in place: the requests waiting for it may go.
            drop(admission);
            if again {
                continue;
            }
            if let Some(wait) = self.retry_wait(&response, retries, waited) {
                drop(response);
                tokio::time::sleep(wait).await;
                waited += wait;
                retries += 1;
                continue;
            }
            let limit = inner.max_response_bytes;
            return response::read(response, &request, limit, inner.success_reading).await;
        }
    }

    /// Sends one attempt with `http`, through the hooks: they see the request (and may
    /// answer it in place of the server) and the response.
    async fn exchange(
        &self,
        http: &reqwest::Client,
        builder: reqwest::RequestBuilder,
        operation: &'static str,
    ) -> Result<reqwest::Response, Error> {
        let inner = &*self.inner;
        let transport = |source| Error::transport(operation, source);
        let mut outgoing = builder.build().map_err(transport)?;
        let response = match inner.hooks.on_request(&mut outgoing) {
            Some(answer) => answer,
            None => http.execute(outgoing).await.map_err(transport)?,
        };
        inner.hooks.on_response(operation, &response);
        Ok(response)
    }

    /// The request's URL: the base URL, the path, the query (or the link the request
    /// follows), and credentials that travel in the URL.
    fn url(
        &self,
        request: &Request,
        auth: Option<&dyn Authenticate>,
    ) -> Result<reqwest::Url, Error> {
        if let Some(link) = &request.link {
            let mut url = link.clone();
            if let Some(auth) = auth {
                auth.add_to_url(&mut url);
            }
            return Ok(url);
        }
        let text = format!("{}{}", self.inner.base_url, request.path);
        let mut url = reqwest::Url::parse(&text).map_err(|e| Error::InvalidRequest {
            operation: request.operation,
            message: format!("the path does not make a valid URL: {e}"),
        })?;
        if !request.query.is_empty() || !request.query_pairs.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
            for (name, value) in request.query_pairs.iter().flat_map(|(_, p)| p) {
                pairs.append_pair(name, value);
            }
        }
        if let Some(auth) = auth {
            auth.add_to_url(&mut url);
        }
        Ok(url)
    }

    /// How long to wait before sending again, when the response is a `429` or `503` that may
    /// be retried: as `Retry-After` says, or a growing wait without one; `None` once the
    /// retries or the total wait would exceed their limits.
    fn retry_wait(
        &self,
        response: &reqwest::Response,
        retries: u32,
        waited: Duration,
    ) -> Option<Duration> {
        let status = response.status().as_u16();
        if !(status == 429 || status == 503) || retries >= self.inner.max_retries {
            return None;
        }
        let wait = response::retry_after(response.headers())
            .unwrap_or_else(|| Duration::from_secs(1u64 << retries.min(5)));
        (waited.saturating_add(wait) <= self.inner.max_retry_wait).then_some(wait)
    }
}

/// Where a request is sent again when the server closed its connection before answering:
/// on a new connection, which no server has had the chance to close.
enum Resend {
    /// A client made as the pooled one is, but without idle connections, made when first
    /// needed.
    Fresh {
        settings: HttpSettings,
        client: std::sync::OnceLock<reqwest::Client>,
    },
    /// The caller's own client: its pool has let go of the connection that closed.
    Same,
}

/// Builds a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    auth: Option<Arc<dyn Authenticate>>,
    /// The HTTP client the builder makes, unless it is given one.
    http_settings: HttpSettings,
    max_retries: u32,
    max_retry_wait: Duration,
    max_response_bytes: usize,
    strict_responses: bool,
    /// The caller's own HTTP client, when given.
    http: Option<reqwest::Client>,
    hooks: Hooks,
}

/// The settings of the HTTP client a [`ClientBuilder`] makes.
#[derive(Clone)]
struct HttpSettings {
    timeout: Option<Duration>,
    read_timeout: Duration,
    connect_timeout: Duration,
    pool_idle_timeout: Duration,
    user_agent: String,
    /// PEM certificates of the only authorities to trust, when not the system's.
    root_certificates: Option<Vec<u8>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("timeout", &self.http_settings.timeout)
            .field("read_timeout", &self.http_settings.read_timeout)
            .field("pool_idle_timeout", &self.http_settings.pool_idle_timeout)
            .field("user_agent", &self.http_settings.user_agent)
            .field("max_retries", &self.max_retries)
            .field("strict_responses", &self.strict_responses)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with the API's defaults: its base URL (empty when the spec names no
    /// server) and the `User-Agent` header.
    pub(crate) fn with_defaults(base_url: &str, user_agent: &str) -> Self {
        ClientBuilder {
            base_url: base_url.to_owned(),
            auth: None,
            http_settings: HttpSettings {
                timeout: None,
                read_timeout: DEFAULT_READ_TIMEOUT,
                connect_timeout: Duration::from_secs(30),
                pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
                user_agent: user_agent.to_owned(),
                root_certificates: None,
            },
            max_retries: 0,
            max_retry_wait: DEFAULT_MAX_RETRY_WAIT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            strict_responses: true,
            http: None,
            hooks: Hooks::default(),
        }
    }

    /// Authenticates requests with `auth` (the spec's schemes each have a builder method
    /// that calls this).
    pub(crate) fn auth(mut self, auth: impl Authenticate + 'static) -> Self {
        self.auth = Some(Arc::new(auth));
        self
    }

    /// Where requests go: an `http` or `https` URL, possibly with a path prefix, without a
    /// query.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The longest a request may take in all, including reading the body (default: no
    /// limit on the whole, only on connecting and on each wait for data).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.http_settings.timeout = Some(timeout);
        self
    }

    /// The longest the client waits for the response to start, or for its next bytes
    /// (default: [`DEFAULT_READ_TIMEOUT`], 120 seconds).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.http_settings.read_timeout = timeout;
        self
    }

    /// The longest connecting may take (default: 30 seconds).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.http_settings.connect_timeout = timeout;
        self
    }

    /// How long an idle connection is kept for the next request (default:
    /// [`DEFAULT_POOL_IDLE_TIMEOUT`], 4 seconds). Keep it below the server's own keep-alive
    /// timeout (and a load balancer's idle timeout, often 60 seconds): a connection the
    /// server closes just as a request goes out on it fails that request, unless it may be
    /// sent twice (see [`Error::is_connection_closed`]).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.http_settings.pool_idle_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default: the generated crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.http_settings.user_agent = user_agent.into();
        self
    }

    /// How many times a request answered with `429` or `503` is sent again (default: 0).
    /// The client waits as `Retry-After` says, or 1, 2, 4, … seconds without it, and never
    /// longer than [`max_retry_wait`](Self::max_retry_wait) in all.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The longest the client waits in all for the retries of one request (default: 60
    /// seconds). A `Retry-After` that asks for more ends the retries.
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = wait;
        self
    }

    /// The most bytes of a response body the client reads (default: 16 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Whether a successful response must keep every rule of the spec (default: `true`).
    ///
    /// Strict, a value that breaks a pattern, a length limit, an enum or its type is an
    /// [`Error::UnexpectedResponse`] that names the field: drift between the spec and the
    /// service shows at once. Not strict, strings that break their pattern or length limit
    /// are kept as they came in their types (trusted from the server: such a value may not
    /// pass the type's own checks), and an optional member whose value does not fit is
    /// read as absent; a successful call then fails only on a body that is not JSON, or that
    /// lacks a required member or has it in an unusable form. Requests are checked either way,
    /// and the bodies of documented errors are always read tolerantly.
    pub fn strict_responses(mut self, strict: bool) -> Self {
        self.strict_responses = strict;
        self
    }

    /// Trusts only the certificate authorities in `pem` (one or more PEM certificates), not
    /// the system's: for a service behind a private authority, or a test server.
    pub fn root_certificates(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http_settings.root_certificates = Some(pem.into());
        self
    }

    /// Sends requests with this `reqwest::Client` (its connection pool, proxies, TLS and
    /// timeouts), instead of one the builder makes; start it from
    /// [`Client::reqwest_builder`]. The builder's `timeout`, `read_timeout`,
    /// `connect_timeout`, `pool_idle_timeout`, `user_agent` and `root_certificates` then do
    /// not apply: they are settings of the client the builder would make. A per-request
    /// `timeout` on an operation's builder still does. A request sent again after the server
    /// closed its connection goes through this client too (its pool has let go of the closed
    /// connection, but may hold others the server closed at the same time).
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Adds a [`Hook`], which sees each request and each response; hooks run in the order
    /// they are added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(hook);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL is not an `http` or `https` URL, when a
    /// credential cannot be sent (a line break in a token), or TLS cannot be set up.
    pub fn build(self) -> Result<Client, Error> {
        let base = check_base_url(&self.base_url)?;
        if let Some(auth) = &self.auth {
            auth.check()?;
        }
        let (http, resend) = match &self.http {
            Some(http) => (http.clone(), Resend::Same),
            None => {
                let settings = self.http_settings;
                let pooled = settings.client(true)?;
                let client = std::sync::OnceLock::new();
                (pooled, Resend::Fresh { settings, client })
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                resend,
                base_url: base.as_str().trim_end_matches('/').to_owned(),
                auth: self.auth,
                max_retries: self.max_retries,
                max_retry_wait: self.max_retry_wait,
                max_response_bytes: self.max_response_bytes,
                success_reading: if self.strict_responses {
                    Reading::STRICT
                } else {
                    Reading::LENIENT
                },
                hooks: self.hooks,
            }),
        })
    }
}

impl HttpSettings {
    /// The HTTP client the builder makes when it is not given one; `pooled`, it keeps idle
    /// connections for the next request, else each request opens its own.
    fn client(&self, pooled: bool) -> Result<reqwest::Client, Error> {
        let mut http = Client::reqwest_builder()
            .user_agent(&self.user_agent)
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
            .pool_idle_timeout(self.pool_idle_timeout);
        if !pooled {
            http = http.pool_max_idle_per_host(0);
        }
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        if let Some(pem) = &self.root_certificates {
            let roots = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                Error::Config(format!(
                    "the root certificates are not PEM certificates: {e}"
                ))
            })?;
            if roots.is_empty() {
                return Err(Error::Config(
                    "the root certificates hold no PEM certificate".to_owned(),
                ));
            }
            http = http.tls_certs_only(roots);
        }
        http.build()
            .map_err(|e| Error::Config(format!("the HTTP client could not be built: {e}")))
    }
}

impl Resend {
    /// The client to send a request again with, after `pooled` met a closed connection.
    fn client<'a>(&'a self, pooled: &'a reqwest::Client) -> &'a reqwest::Client {
        match self {
            // The settings made the pooled client, so they make this one too; should they
            // not, the pooled one sends.
            Resend::Fresh { settings, client } => match client.get() {
                Some(fresh) => fresh,
                None => match settings.client(false) {
                    Ok(fresh) => client.get_or_init(|| fresh),
                    Err(_) => pooled,
                },
            },
            Resend::Same => pooled,
        }
    }
}

/// The process's rustls crypto provider: the one the application installed, else *ring*'s,
/// installed now.
///
/// rustls 0.23.48 deprecates *ring*'s provider because *ring* has no post-quantum key
/// exchange. The one that has it, aws-lc-rs, builds C and assembly with CMake, which every
/// user of a generated crate would then need; so *ring* stays the default, and an
/// application that wants post-quantum key exchange installs aws-lc-rs's provider before it
/// builds a client (this then leaves it in place).
pub(crate) fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    #[allow(deprecated)]
    let ring = rustls::crypto::ring::default_provider;
    if let Some(installed) = rustls::crypto::CryptoProvider::get_default() {
        return installed.clone();
    }
    // Another thread may install one meanwhile: then that one is the default.
    let _ = ring().install_default();
    rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(ring()))
}

/// Redirects are followed within the origin of the request (scheme, host and port), up to
/// [`MAX_REDIRECTS`]. reqwest drops `Authorization` when a redirect leaves the host, but
/// not an API key in a header of the spec's choosing, nor one in the query; a redirect to
/// another origin is therefore not followed, and its `3xx` is the answer.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        // `previous` starts with the request's own URL.
        let origin = attempt.previous().first().map(reqwest::Url::origin);
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if origin == Some(attempt.url().origin()) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Checks that a base URL is an `http` or `https` URL without a query, a fragment or
/// credentials.
fn check_base_url(text: &str) -> Result<reqwest::Url, Error> {
    let base = reqwest::Url::parse(text)
        .map_err(|e| Error::Config(format!("the base URL {text:?} is not a URL: {e}")))?;
    if base.scheme() != "http" && base.scheme() != "https" {
        return Err(Error::Config(format!(
            "the base URL {text:?} is not http or https"
        )));
    }
    if base.query().is_some() || base.fragment().is_some() {
        return Err(Error::Config(format!(
            "the base URL {text:?} must not have a query or fragment"
        )));
    }
    if !base.username().is_empty() || base.password().is_some() {
        return Err(Error::Config(
            "the base URL must not carry credentials; use the builder's authentication methods"
                .to_owned(),
        ));
    }
    Ok(base)
}

/// Adds the credential and the request's one `Cookie` header: a key sent as a cookie goes
/// into that header, beside the cookie parameters.
fn with_credential_and_cookies(
    mut builder: reqwest::RequestBuilder,
    request: &Request,
    credential: Option<&Credential>,
) -> Result<reqwest::RequestBuilder, Error> {
    let is_cookie = |c: &&Credential| c.name() == COOKIE;
    if let Some(credential) = credential.filter(|c| !is_cookie(c)) {
        builder = builder.header(credential.name(), credential.value());
    }
    let key = credential.filter(is_cookie).map(Credential::value);
    if let Some(cookies) = request.cookie_header(key)? {
        builder = builder.header(COOKIE, cookies);
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert!(check_base_url("https://api.example.com/v1/").is_ok());
        for (bad, why) in [
            ("", "is not a URL"),
            ("ftp://example.com", "is not http or https"),
            ("https://example.com/?a=1", "must not have a query"),
            (
                "https://example.com/#top",
                "must not have a query or fragment",
            ),
            ("https://user:pw@example.com", "must not carry credentials"),
        ] {
            let err = check_base_url(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(!err.contains("pw@"), "credentials shown: {err}");
        }
    }

    #[test]
    fn a_built_client_trims_the_base_url() {
        let client = ClientBuilder::with_defaults("https://api.example.com/v1/", "t/1")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "https://api.example.com/v1");
        let shown = format!("{client:?}");
        assert!(
            shown.starts_with("Client { base_url: \"https://api.example.com/v1\""),
            "{shown}"
        );
    }

    #[test]
    fn the_default_base_url_can_be_replaced() {
        let builder = ClientBuilder::with_defaults("", "t/1").base_url("http://127.0.0.1:1");
        assert_eq!(builder.build().unwrap().base_url(), "http://127.0.0.1:1");
        let err = ClientBuilder::with_defaults("", "t/1").build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }
}
