//! Security schemes → the authentication the generated client offers.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as Spec};

use super::Lowerer;
use super::refs::{self, Kind};
use crate::error::DiagnosticKind;
use crate::model::{SecurityKind, SecurityScheme};
use crate::pointer::Pointer;

pub(crate) fn lower_security(lw: &mut Lowerer<'_>) -> Vec<SecurityScheme> {
    let Some(components) = lw.doc.components.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, entry) in &components.security_schemes {
        let ptr = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        let scheme = match entry {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                match refs::resolve(
                    &components.security_schemes,
                    Kind::SecuritySchemes,
                    reference,
                ) {
                    Ok(r) => r.item,
                    Err(e) => {
                        lw.problem(e.kind, &ptr.join("$ref"), e.message);
                        continue;
                    }
                }
            }
        };
        let (kind, description) = match scheme {
            Spec::APIKey {
                location,
                name: key,
                description,
                ..
            } => match location {
                APIKeyLocation::Header if !is_header_name(key) => {
                    lw.diagnostic(
                        DiagnosticKind::Skipped,
                        &ptr.join("name"),
                        format!("`{key}` is not a header name (RFC 9110 allows letters, digits and `!#$%&'*+-.^_`|~`); the client does not offer this scheme"),
                    );
                    continue;
                }
                APIKeyLocation::Header => (
                    SecurityKind::ApiKeyHeader {
                        header: key.clone(),
                    },
                    description,
                ),
                APIKeyLocation::Query => (
                    SecurityKind::ApiKeyQuery { param: key.clone() },
                    description,
                ),
                APIKeyLocation::Cookie => (
                    SecurityKind::ApiKeyCookie {
                        cookie: key.clone(),
                    },
                    description,
                ),
            },
            Spec::HTTP {
                scheme: http,
                description,
                ..
            } => match http.to_ascii_lowercase().as_str() {
                "digest" => (SecurityKind::Digest, description),
                "basic" => (SecurityKind::Basic, description),
                "bearer" => (SecurityKind::Bearer, description),
                other => {
                    lw.diagnostic(
                        DiagnosticKind::Skipped,
                        &ptr.join("scheme"),
                        format!("HTTP authentication scheme `{other}` is not supported; the client does not offer it"),
                    );
                    continue;
                }
            },
            Spec::OAuth2 {
                flows, description, ..
            } => match &flows.client_credentials {
                Some(cc) => (
                    SecurityKind::ClientCredentials {
                        token_url: cc.token_url.clone(),
                        token_endpoint: token_endpoint(
                            &cc.token_url,
                            lw.doc.servers.first().map(|s| s.url.as_str()),
                        ),
                    },
                    description,
                ),
                // Interactive flows need a browser; the user brings the access token.
                None => (SecurityKind::Bearer, description),
            },
            Spec::OpenIDConnect { description, .. } => (SecurityKind::Bearer, description),
        };
        out.push(SecurityScheme {
            name: name.clone(),
            description: description.clone(),
            kind,
            method: None,
            origin: ptr,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    name_methods(&mut out);
    out
}

/// Gives the first scheme of each kind its `ClientBuilder` method. An API key in the query
/// is `api_key` too, unless one in a header has that name; one in a cookie, unless one in a
/// header or the query has it.
fn name_methods(schemes: &mut [SecurityScheme]) {
    let has_header_key = schemes
        .iter()
        .any(|s| matches!(s.kind, SecurityKind::ApiKeyHeader { .. }));
    let has_other_key = schemes.iter().any(|s| {
        matches!(
            s.kind,
            SecurityKind::ApiKeyHeader { .. } | SecurityKind::ApiKeyQuery { .. }
        )
    });
    let mut taken: Vec<&'static str> = Vec::new();
    for s in schemes {
        let method = match s.kind {
            SecurityKind::Digest => "digest",
            SecurityKind::Basic => "basic",
            SecurityKind::Bearer => "bearer_token",
            SecurityKind::ApiKeyHeader { .. } => "api_key",
            SecurityKind::ApiKeyQuery { .. } if has_header_key => "api_key_in_query",
            SecurityKind::ApiKeyQuery { .. } => "api_key",
            SecurityKind::ApiKeyCookie { .. } if has_other_key => "api_key_in_cookie",
            SecurityKind::ApiKeyCookie { .. } => "api_key",
            SecurityKind::ClientCredentials { .. } => "service_account",
        };
        if !taken.contains(&method) {
            taken.push(method);
            s.method = Some(method.to_owned());
        }
    }
}

/// Whether `name` is an HTTP field name: a non-empty token (RFC 9110, section 5.1).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Where a client asks for tokens (see `SecurityKind::ClientCredentials`): the token URL's
/// path when it is on the default server's origin, else the token URL as the spec gives it
/// (an absolute URL elsewhere, or a reference the base URL resolves).
fn token_endpoint(token_url: &str, default_server: Option<&str>) -> String {
    match (origin(token_url), default_server.and_then(origin)) {
        (Some(token), Some(server)) if token.eq_ignore_ascii_case(server) => {
            let path = &token_url[token.len()..];
            if path.is_empty() {
                "/".to_owned()
            } else {
                path.to_owned()
            }
        }
        _ => token_url.to_owned(),
    }
}

/// The `scheme://authority` of an absolute URL.
fn origin(url: &str) -> Option<&str> {
    let start = url.find("://")? + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    Some(&url[..end])
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_names() {
        assert!(super::is_header_name("X-Api-Key"));
        assert!(!super::is_header_name("x api key"));
        assert!(!super::is_header_name(""));
        assert!(!super::is_header_name("x:key"));
    }

    #[test]
    fn token_endpoints_follow_the_base_url_on_the_servers_origin() {
        let atlas = Some("https://cloud.mongodb.com");
        let endpoint = |url, server| super::token_endpoint(url, server);
        assert_eq!(
            endpoint("https://cloud.mongodb.com/api/oauth/token", atlas),
            "/api/oauth/token"
        );
        assert_eq!(
            endpoint(
                "HTTPS://Cloud.MongoDB.com/api/oauth/token",
                Some("https://cloud.mongodb.com/api/atlas")
            ),
            "/api/oauth/token"
        );
        assert_eq!(
            endpoint("https://auth.example.com/oauth/token", atlas),
            "https://auth.example.com/oauth/token",
            "another origin: the token URL as it is"
        );
        assert_eq!(
            endpoint("https://cloud.mongodb.com:8443/token", atlas),
            "https://cloud.mongodb.com:8443/token",
            "another port is another origin"
        );
        assert_eq!(endpoint("https://cloud.mongodb.com", atlas), "/");
        assert_eq!(endpoint("/oauth/token", atlas), "/oauth/token");
        assert_eq!(endpoint("oauth/token", None), "oauth/token");
        assert_eq!(
            endpoint("https://cloud.mongodb.com/api/oauth/token", None),
            "https://cloud.mongodb.com/api/oauth/token"
        );
    }
}
