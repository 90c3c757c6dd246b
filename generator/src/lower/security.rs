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
                APIKeyLocation::Cookie => {
                    lw.diagnostic(
                        DiagnosticKind::Skipped,
                        &ptr,
                        "API keys in cookies are not supported; the client does not offer this scheme".to_owned(),
                    );
                    continue;
                }
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
                        token_path: url_path(&cc.token_url),
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
/// is `api_key` too, unless one in a header has that name.
fn name_methods(schemes: &mut [SecurityScheme]) {
    let has_header_key = schemes
        .iter()
        .any(|s| matches!(s.kind, SecurityKind::ApiKeyHeader { .. }));
    let mut taken: Vec<&'static str> = Vec::new();
    for s in schemes {
        let method = match s.kind {
            SecurityKind::Digest => "digest",
            SecurityKind::Basic => "basic",
            SecurityKind::Bearer => "bearer_token",
            SecurityKind::ApiKeyHeader { .. } => "api_key",
            SecurityKind::ApiKeyQuery { .. } if has_header_key => "api_key_in_query",
            SecurityKind::ApiKeyQuery { .. } => "api_key",
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

/// The path (and query) of a URL, or the URL itself when it is already relative.
fn url_path(url: &str) -> String {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => {
            return if url.starts_with('/') {
                url.to_owned()
            } else {
                format!("/{url}")
            };
        }
    };
    match rest.find('/') {
        Some(i) => rest[i..].to_owned(),
        None => "/".to_owned(),
    }
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
    fn token_paths() {
        assert_eq!(
            super::url_path("https://cloud.mongodb.com/api/oauth/token"),
            "/api/oauth/token"
        );
        assert_eq!(super::url_path("/oauth/token"), "/oauth/token");
        assert_eq!(super::url_path("oauth/token"), "/oauth/token");
        assert_eq!(super::url_path("https://example.com"), "/");
    }
}
