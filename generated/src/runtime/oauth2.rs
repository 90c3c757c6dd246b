//! OAuth2 client credentials (RFC 6749, section 4.4), as Atlas service accounts use them.
//!
//! The token is fetched from the token endpoint (a URL, or a reference resolved against the
//! client's base URL), reused until shortly before it expires, and renewed after a `401`. Concurrent requests wait for one
//! fetch. A crate has this file only when its spec has a client-credentials flow.

use std::fmt;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::Value;

use super::auth::{Authenticate, BoxFuture, Credential, Secret, Target};
use super::error::{AuthFailure, Error};
use super::response::read_body;
use zeroize::{Zeroize, Zeroizing};

/// The most bytes of a token endpoint's answer the client reads: a token response is a
/// few members, far below this.
const MAX_TOKEN_ANSWER_BYTES: usize = 64 * 1024;

/// OAuth2 client credentials and the token in use.
pub(crate) struct ClientCredentials {
    client_id: String,
    client_secret: Secret,
    /// The token endpoint: a URL, or a reference resolved against the base URL.
    token_endpoint: &'static str,
    cache: tokio::sync::Mutex<Option<Token>>,
}

struct Token {
    credential: Credential,
    /// When to fetch a new one: shortly before it expires.
    renew_at: Option<Instant>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// Credentials whose tokens come from `token_endpoint`: a URL, or a reference resolved
    /// against the client's base URL (`/api/oauth/token`).
    pub(crate) fn new(
        client_id: String,
        client_secret: String,
        token_endpoint: &'static str,
    ) -> Self {
        ClientCredentials {
            client_id,
            client_secret: Secret::new(client_secret),
            token_endpoint,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// The token in use, fetched when there is none or it is about to expire. The lock is
    /// held while fetching, so concurrent requests wait for one fetch.
    async fn token(&self, http: &reqwest::Client, base_url: &str) -> Result<Credential, Error> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref() {
            if token.renew_at.is_none_or(|at| Instant::now() < at) {
                return Ok(token.credential.clone());
            }
        }
        let token = self.fetch(http, base_url).await?;
        let credential = token.credential.clone();
        *cache = Some(token);
        Ok(credential)
    }

    /// Drops the cached token if it is the one a refused request carried.
    async fn forget(&self, used: &Secret) {
        let mut cache = self.cache.lock().await;
        if cache
            .as_ref()
            .is_some_and(|t| t.credential.token() == Some(used))
        {
            *cache = None;
        }
    }

    async fn fetch(&self, http: &reqwest::Client, base_url: &str) -> Result<Token, Error> {
        let url = token_url(base_url, self.token_endpoint)?;
        let started = Instant::now();
        let client =
            Credential::basic(&self.client_id, self.client_secret.expose()).map_err(|_| {
                Error::Config(
                    "the client id or secret holds a character no header can carry".to_owned(),
                )
            })?;
        let mut response = http
            .post(url)
            .header(client.name(), client.value())
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(|source| Error::transport("token", source))?;
        let status = response.status();
        let failure = |message: String, body: Vec<u8>| {
            Error::Auth(Box::new(AuthFailure {
                status: Some(status.as_u16()),
                message,
                body,
            }))
        };
        let Some(body) = read_body(&mut response, MAX_TOKEN_ANSWER_BYTES, "token").await? else {
            let message =
                format!("the token endpoint's answer is over {MAX_TOKEN_ANSWER_BYTES} bytes");
            return Err(failure(message, Vec::new()));
        };
        if !status.is_success() {
            let message = format!(
                "the token endpoint `{}` refused the client credentials",
                self.token_endpoint
            );
            return Err(failure(message, body));
        }
        // From here on the body may hold a token: it is never kept in an error, and it is
        // wiped when dropped.
        let body = Zeroizing::new(body);
        let answer = TokenAnswer::read(&body).map_err(|why| {
            let message =
                format!("the token endpoint's answer is not an OAuth2 token response: {why}");
            failure(message, Vec::new())
        })?;
        if let Some(kind) = answer
            .token_type
            .as_deref()
            .filter(|t| !t.eq_ignore_ascii_case("bearer"))
        {
            let message = format!(
                "the token endpoint issued a `{kind}` token; only bearer tokens can be used"
            );
            return Err(failure(message, Vec::new()));
        }
        let credential = Credential::bearer(Secret::new(answer.access_token)).map_err(|_| {
            let message = "the token endpoint issued a token that no header can carry (it holds \
                           a line break or another control character)";
            failure(message.to_owned(), Vec::new())
        })?;
        Ok(Token {
            credential,
            renew_at: answer.expires_in.and_then(|secs| renewal(started, secs)),
        })
    }
}

/// The token endpoint's URL: `endpoint` as it is when it is a URL, else resolved against
/// the base URL as against a folder (`/token` on its host, `token` below its path).
fn token_url(base_url: &str, endpoint: &str) -> Result<reqwest::Url, Error> {
    reqwest::Url::parse(&format!("{base_url}/"))
        .and_then(|base| base.join(endpoint))
        .map_err(|e| Error::Config(format!("the token endpoint `{endpoint}` is not a URL: {e}")))
}

/// When to renew a token fetched at `started` that lives `secs` seconds: a quarter of its
/// lifetime (at most a minute) before it ends; `None` (never) when that is beyond what the
/// clock can say.
fn renewal(started: Instant, secs: u64) -> Option<Instant> {
    let lifetime = Duration::from_secs(secs);
    let margin = (lifetime / 4).min(Duration::from_secs(60));
    started.checked_add(lifetime - margin)
}

impl Authenticate for ClientCredentials {
    fn credential<'a>(
        &'a self,
        target: Target<'a>,
    ) -> BoxFuture<'a, Result<Option<Credential>, Error>> {
        Box::pin(async move { Ok(Some(self.token(target.http, target.base_url).await?)) })
    }

    fn answer_challenge<'a>(
        &'a self,
        _: &'a reqwest::Response,
        sent: Option<&'a Credential>,
    ) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            if let Some(token) = sent.and_then(Credential::token) {
                self.forget(token).await;
            }
            true
        })
    }
}

/// The members of a token response that matter here (RFC 6749, section 5.1).
#[derive(Debug, PartialEq, Eq)]
struct TokenAnswer {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
}

impl TokenAnswer {
    /// Reads a token response; the parsed JSON, which holds a copy of the token, is wiped
    /// before it is dropped.
    fn read(body: &[u8]) -> Result<Self, String> {
        let mut value: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        let answer = Self::from_json(&value);
        wipe(&mut value);
        answer
    }

    fn from_json(value: &Value) -> Result<Self, String> {
        let member = |name: &str| value.get(name).filter(|v| !v.is_null());
        let text = |name: &str, v: &Value| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("`{name}` is not a string"))
        };
        let access_token = member("access_token").ok_or("`access_token` is missing")?;
        let access_token = text("access_token", access_token)?;
        let token_type = member("token_type")
            .map(|v| text("token_type", v))
            .transpose()?;
        let expires_in = member("expires_in").map(seconds).transpose()?;
        Ok(TokenAnswer {
            access_token,
            token_type,
            expires_in,
        })
    }
}

/// Wipes every string of a JSON value.
fn wipe(value: &mut Value) {
    match value {
        Value::String(text) => text.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(members) => members.values_mut().for_each(wipe),
        _ => {}
    }
}

/// `expires_in` as a number of seconds. RFC 6749 says a number; some token endpoints send
/// a decimal or a numeric string, which mean the same.
fn seconds(value: &Value) -> Result<u64, String> {
    let number = match value {
        Value::String(text) => text.trim().parse::<f64>().ok(),
        other => other.as_f64(),
    };
    match number {
        // Saturating: a lifetime past u64 seconds is "never renew early", as `renewal` reads it.
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n as u64),
        _ => Err("`expires_in` is not a number of seconds".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_answers_are_read_or_refused_with_a_reason() {
        let ok =
            TokenAnswer::read(br#"{"access_token":"t","token_type":"Bearer","expires_in":3600}"#);
        assert_eq!(
            ok,
            Ok(TokenAnswer {
                access_token: "t".to_owned(),
                token_type: Some("Bearer".to_owned()),
                expires_in: Some(3600),
            })
        );
        let nulls =
            TokenAnswer::read(br#"{"access_token":"t","token_type":null,"expires_in":null}"#);
        assert_eq!(
            nulls.map(|a| (a.token_type, a.expires_in)),
            Ok((None, None))
        );
        for (body, why) in [
            (&b"not json"[..], "expected"),
            (br#"{"token_type":"Bearer"}"#, "`access_token` is missing"),
            (br#"{"access_token":7}"#, "`access_token` is not a string"),
            (
                br#"{"access_token":"t","expires_in":"soon"}"#,
                "not a number of seconds",
            ),
            (
                br#"{"access_token":"t","expires_in":-5}"#,
                "not a number of seconds",
            ),
            (
                br#"{"access_token":"t","expires_in":"NaN"}"#,
                "not a number of seconds",
            ),
        ] {
            let err = TokenAnswer::read(body).unwrap_err();
            assert!(err.contains(why), "{err}");
        }
    }

    #[test]
    fn lifetimes_sent_as_decimals_or_text_are_understood() {
        for body in [
            &br#"{"access_token":"t","expires_in":"3600"}"#[..],
            br#"{"access_token":"t","expires_in":3600.0}"#,
            br#"{"access_token":"t","expires_in":" 3600.9 "}"#,
        ] {
            let answer = TokenAnswer::read(body).unwrap();
            assert_eq!(
                answer.expires_in,
                Some(3600),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let huge = TokenAnswer::read(br#"{"access_token":"t","expires_in":1e300}"#).unwrap();
        assert_eq!(huge.expires_in, Some(u64::MAX));
    }

    #[test]
    fn token_endpoints_are_urls_or_resolved_against_the_base_url() {
        let url = |base, endpoint| token_url(base, endpoint).map(|u| u.to_string());
        let base = "http://127.0.0.1:9/api/atlas";
        assert_eq!(
            url(base, "/api/oauth/token").unwrap(),
            "http://127.0.0.1:9/api/oauth/token"
        );
        assert_eq!(
            url(base, "token").unwrap(),
            "http://127.0.0.1:9/api/atlas/token"
        );
        assert_eq!(
            url(base, "https://auth.example.com/oauth/token").unwrap(),
            "https://auth.example.com/oauth/token"
        );
        let err = url(base, "http://[broken").unwrap_err();
        assert!(
            matches!(&err, Error::Config(m) if m.contains("http://[broken")),
            "{err:?}"
        );
    }

    #[test]
    fn tokens_are_renewed_before_they_expire() {
        let now = Instant::now();
        assert_eq!(renewal(now, 3600), Some(now + Duration::from_secs(3540)));
        assert_eq!(renewal(now, 40), Some(now + Duration::from_secs(30)));
        assert_eq!(renewal(now, 0), Some(now));
        assert_eq!(
            renewal(now, u64::MAX),
            None,
            "an absurd lifetime does not overflow"
        );
    }

    #[test]
    fn the_secret_is_never_shown() {
        let c = ClientCredentials::new("id".to_owned(), "sk-secret".to_owned(), "/token");
        let shown = format!("{c:?}");
        assert!(
            shown.contains("id") && !shown.contains("sk-secret"),
            "{shown}"
        );
    }
}
