//! HTTP Digest (RFC 7616, MD5 and MD5-sess, `qop=auth`), as Atlas uses it for API keys.
//!
//! The first request is sent without credentials and answered with a challenge; requests
//! made meanwhile wait for it, so a burst of first calls is challenged once. Later requests
//! reuse the challenge's nonce with a growing count; a `stale` challenge is answered again,
//! with the nonce of whichever request renewed it first. A crate has this file only when its spec has a Digest scheme (and so
//! depends on `md-5` only then).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::header::{HeaderMap, WWW_AUTHENTICATE};

use super::auth::{Admission, Authenticate, BoxFuture, Credential, Secret, Target};
use super::error::Error;
use zeroize::Zeroizing;

/// HTTP Digest credentials and the challenge in use.
pub(crate) struct Digest {
    username: String,
    password: Secret,
    state: Mutex<Learned>,
    /// The turn of the request that asks for the first challenge: it holds the write side,
    /// and the requests that wait for it the read side, so that they all go at once when it
    /// ends (one at a time, their calls would start staggered and reuse connections the
    /// server may be closing).
    asking: Arc<tokio::sync::RwLock<()>>,
}

/// What the server's answers have taught so far.
#[derive(Debug)]
enum Learned {
    /// Nothing: the next request asks (is sent without credentials).
    Nothing,
    /// An answer came without a challenge: requests go without credentials, none waits.
    NoChallenge,
    /// The challenge to answer.
    Challenge(Challenge),
}

/// A server's Digest challenge, and how many times its nonce was used.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    algorithm: Algorithm,
    qop_auth: bool,
    count: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Algorithm {
    Md5,
    Md5Sess,
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Digest")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish_non_exhaustive()
    }
}

impl Digest {
    pub(crate) fn new(username: String, password: String) -> Self {
        Digest {
            username,
            password: Secret::new(password),
            state: Mutex::new(Learned::Nothing),
            asking: Arc::default(),
        }
    }

    /// The `Authorization` value for the challenge in use, counting one more use of its
    /// nonce; `None` before the first challenge.
    fn authorization(&self, method: &str, uri: &str) -> Option<String> {
        let challenge = {
            let mut state = self.learned();
            let Learned::Challenge(challenge) = &mut *state else {
                return None;
            };
            challenge.count += 1;
            challenge.clone()
        };
        Some(self.answer(&challenge, method, uri, &cnonce()))
    }

    /// The `Authorization` value that answers `challenge` for one request.
    fn answer(&self, challenge: &Challenge, method: &str, uri: &str, cnonce: &str) -> String {
        let nc = format!("{:08x}", challenge.count);
        // HA1 is as good as the password to whoever holds it: it is wiped as the password is.
        let secret = Zeroizing::new(format!(
            "{}:{}:{}",
            self.username,
            challenge.realm,
            self.password.expose()
        ));
        let mut ha1 = Zeroizing::new(md5_hex(&secret));
        if challenge.algorithm == Algorithm::Md5Sess {
            ha1 = Zeroizing::new(md5_hex(&format!("{}:{}:{cnonce}", *ha1, challenge.nonce)));
        }
        let ha2 = md5_hex(&format!("{method}:{uri}"));
        let response = if challenge.qop_auth {
            md5_hex(&Zeroizing::new(format!(
                "{}:{}:{nc}:{cnonce}:auth:{ha2}",
                *ha1, challenge.nonce
            )))
        } else {
            md5_hex(&Zeroizing::new(format!(
                "{}:{}:{ha2}",
                *ha1, challenge.nonce
            )))
        };
        let algorithm = match challenge.algorithm {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
        };
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm={algorithm}, response=\"{response}\"",
            quote(&self.username),
            quote(&challenge.realm),
            quote(&challenge.nonce),
            quote(uri),
        );
        if challenge.qop_auth {
            header.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
        }
        if let Some(opaque) = &challenge.opaque {
            header.push_str(&format!(", opaque=\"{}\"", quote(opaque)));
        }
        header
    }

    fn learned(&self) -> std::sync::MutexGuard<'_, Learned> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a request must ask for the challenge before others may go.
    fn must_ask(&self) -> bool {
        matches!(*self.learned(), Learned::Nothing)
    }

    /// Takes the challenge of a `401` to a request that sent the nonce `sent` (`None`:
    /// no credentials). Returns whether to answer it: yes when no credentials were sent
    /// or the server says the nonce is `stale`; no when credentials were sent and refused
    /// (they are wrong), or the challenge cannot be answered. A stale nonce that another
    /// request has already renewed is not renewed again: the request answers the new one.
    fn take_challenge(&self, headers: &HeaderMap, sent: Option<&str>) -> bool {
        let challenge = headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(parse_challenge);
        let Some((challenge, stale)) = challenge else {
            return false;
        };
        let mut state = self.learned();
        let renewed = match (&*state, sent) {
            (Learned::Challenge(current), Some(sent)) => stale && current.nonce != sent,
            _ => false,
        };
        if !renewed {
            *state = Learned::Challenge(challenge);
        }
        sent.is_none() || stale
    }
}

impl Authenticate for Digest {
    /// The user name goes into the header as it is (the rest is hex digits and the
    /// server's own values).
    fn check(&self) -> Result<(), Error> {
        Credential::authorization(&self.username)
            .map(drop)
            .map_err(Error::Config)
    }

    fn credential<'a>(
        &'a self,
        target: Target<'a>,
    ) -> BoxFuture<'a, Result<Option<Credential>, Error>> {
        let credential = self
            .authorization(target.method.as_str(), target.uri)
            .map(|value| Credential::authorization(&value).map_err(Error::Config))
            .transpose();
        Box::pin(async move { credential })
    }

    /// The first request asks; the others wait for its answer (or for it to end without
    /// one: then the next asks).
    fn admit<'a>(&'a self) -> BoxFuture<'a, Admission> {
        Box::pin(async move {
            while self.must_ask() {
                match self.asking.clone().try_write_owned() {
                    Ok(turn) => return self.must_ask().then_some(turn),
                    Err(_) => drop(self.asking.read().await),
                }
            }
            None
        })
    }

    fn answered(&self, status: u16) {
        let mut state = self.learned();
        if status != 401 && matches!(*state, Learned::Nothing) {
            *state = Learned::NoChallenge;
        }
    }

    fn answer_challenge<'a>(
        &'a self,
        response: &'a reqwest::Response,
        sent: Option<&'a Credential>,
    ) -> BoxFuture<'a, bool> {
        let nonce = sent.map(|c| sent_nonce(c).unwrap_or_default());
        let again = self.take_challenge(response.headers(), nonce.as_deref());
        Box::pin(async move { again })
    }
}

fn md5_hex(text: &str) -> String {
    use md5::Digest as _;
    let digest = md5::Md5::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh client nonce: 16 random bytes from the TLS provider's generator, as hex.
fn cnonce() -> String {
    let mut bytes = [0u8; 16];
    let provider = super::client::crypto_provider();
    if provider.secure_random.fill(&mut bytes).is_err() {
        // No randomness to be had: fall back to the clock, which still varies per request.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = nanos.to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The nonce a Digest `Authorization` header answered.
fn sent_nonce(credential: &Credential) -> Option<String> {
    let value = credential.value().to_str().ok()?;
    let params = value.get(7..).map(parse_params)?;
    params.get("nonce").cloned()
}

/// Escapes a value for a quoted string.
fn quote(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Parses a `Digest` challenge (`Digest realm="…", nonce="…", qop="auth", stale=true`).
/// Returns the challenge and whether it says the previous nonce is stale.
fn parse_challenge(header: &str) -> Option<(Challenge, bool)> {
    let rest = header.trim_start();
    let scheme = rest.get(..7)?;
    if !scheme.eq_ignore_ascii_case("digest ") {
        return None;
    }
    let mut params = parse_params(&rest[7..]);
    let algorithm = match params.get("algorithm").map(|a| a.to_ascii_uppercase()) {
        None => Algorithm::Md5,
        Some(a) if a == "MD5" => Algorithm::Md5,
        Some(a) if a == "MD5-SESS" => Algorithm::Md5Sess,
        // Other algorithms (SHA-256) are not offered by this client.
        Some(_) => return None,
    };
    let qop_auth = match params.get("qop") {
        None => false,
        // Only `auth-int` is offered, which this client does not do.
        Some(q) if !q.split(',').any(|o| o.trim().eq_ignore_ascii_case("auth")) => return None,
        Some(_) => true,
    };
    let stale = params
        .get("stale")
        .is_some_and(|s| s.eq_ignore_ascii_case("true"));
    let challenge = Challenge {
        realm: params.remove("realm").unwrap_or_default(),
        nonce: params.remove("nonce")?,
        opaque: params.remove("opaque"),
        algorithm,
        qop_auth,
        count: 0,
    };
    Some((challenge, stale))
}

/// The `key=value` and `key="quoted value"` pairs of a challenge, keys in lower case.
fn parse_params(text: &str) -> BTreeMap<String, String> {
    let mut params = BTreeMap::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let key: String =
            std::iter::from_fn(|| chars.next_if(|c| *c != '=' && *c != ',' && !c.is_whitespace()))
                .collect();
        if key.is_empty() {
            break;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next_if_eq(&'=').is_none() {
            break;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    other => value.push(other),
                }
            }
        } else {
            value =
                std::iter::from_fn(|| chars.next_if(|c| *c != ',' && !c.is_whitespace())).collect();
        }
        params.insert(key.to_ascii_lowercase(), value);
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 2617, section 3.5: the example exchange, whose response is known.
    #[test]
    fn answers_the_rfc_example() {
        let (mut challenge, stale) = parse_challenge(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap();
        assert!(!stale);
        assert!(challenge.qop_auth);
        challenge.count = 1;
        let digest = Digest::new("Mufasa".to_owned(), "Circle Of Life".to_owned());
        let header = digest.answer(&challenge, "GET", "/dir/index.html", "0a4f113b");
        assert!(
            header.contains(r#"response="6629fae49393a05397450978507c4ef1""#),
            "{header}"
        );
        assert!(
            header.contains("qop=auth, nc=00000001, cnonce=\"0a4f113b\""),
            "{header}"
        );
        assert!(
            header.ends_with(r#"opaque="5ccc069c403ebaf9f0171e9517f40e41""#),
            "{header}"
        );
    }

    #[test]
    fn counts_grow_and_cnonces_differ() {
        let digest = Digest::new("u".to_owned(), "p".to_owned());
        assert_eq!(digest.authorization("GET", "/"), None, "no challenge yet");
        let mut headers = HeaderMap::new();
        headers.insert(
            WWW_AUTHENTICATE,
            r#"Digest realm="r", nonce="n", qop="auth""#.parse().unwrap(),
        );
        assert!(
            digest.take_challenge(&headers, None),
            "a first challenge is answered"
        );
        let first = digest.authorization("GET", "/").unwrap();
        let second = digest.authorization("GET", "/").unwrap();
        assert!(first.contains("nc=00000001") && second.contains("nc=00000002"));
        let cnonce = |h: &str| h.split("cnonce=\"").nth(1).map(|r| r[..32].to_owned());
        assert_ne!(cnonce(&first), cnonce(&second));
        assert!(
            !digest.take_challenge(&headers, Some("n")),
            "refused credentials are wrong"
        );
        headers.insert(
            WWW_AUTHENTICATE,
            r#"Digest realm="r", nonce="n2", qop="auth", stale=TRUE"#
                .parse()
                .unwrap(),
        );
        assert!(
            digest.take_challenge(&headers, Some("n")),
            "a stale nonce is renewed"
        );
        assert!(digest
            .authorization("GET", "/")
            .unwrap()
            .contains("nonce=\"n2\""));
    }

    #[test]
    fn challenges_it_cannot_answer_are_refused() {
        assert!(parse_challenge("Basic realm=\"x\"").is_none());
        assert!(parse_challenge("Digest realm=\"x\"").is_none(), "no nonce");
        assert!(parse_challenge("Digest nonce=\"n\", algorithm=SHA-256").is_none());
        assert!(parse_challenge("Digest nonce=\"n\", qop=\"auth-int\"").is_none());
        assert!(parse_challenge("Dig").is_none());
        assert!(parse_challenge("Digesté nonce=x").is_none());
        let (c, _) = parse_challenge("digest nonce=abc, algorithm=md5-sess").unwrap();
        assert_eq!(c.algorithm, Algorithm::Md5Sess);
        assert_eq!(c.nonce, "abc");
        assert!(!c.qop_auth);
    }

    #[test]
    fn quoted_values_are_escaped_both_ways() {
        let params = parse_params(r#"realm="a \"b\" \\c", nonce = x"#);
        assert_eq!(params["realm"], r#"a "b" \c"#);
        assert_eq!(params["nonce"], "x");
        assert_eq!(quote(r#"a "b" \c"#), r#"a \"b\" \\c"#);
    }

    #[test]
    fn the_password_is_never_shown() {
        let digest = Digest::new("user".to_owned(), "hunter2".to_owned());
        let shown = format!("{digest:?}");
        assert!(
            shown.contains("user") && !shown.contains("hunter2"),
            "{shown}"
        );
    }
}
