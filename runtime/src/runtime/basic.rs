//! HTTP Basic: a user name and password on every request. A crate has this file only when
//! its spec has a Basic scheme (and so depends on `base64` only then).

use base64::Engine as _;

use super::auth::{Authenticate, BoxFuture, Credential, Secret, Target};
use super::error::Error;

/// HTTP Basic credentials.
#[derive(Debug)]
pub(crate) struct Basic {
    username: String,
    password: Secret,
}

impl Basic {
    pub(crate) fn new(username: String, password: String) -> Self {
        Basic {
            username,
            password: Secret::new(password),
        }
    }

    fn header_value(&self) -> String {
        let pair = format!("{}:{}", self.username, self.password.expose());
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        format!("Basic {encoded}")
    }
}

impl Authenticate for Basic {
    fn credential<'a>(&'a self, _: Target<'a>) -> BoxFuture<'a, Result<Option<Credential>, Error>> {
        let credential = Credential::authorization(self.header_value());
        Box::pin(async move { Ok(Some(credential)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7617, section 2: `Aladdin` with `open sesame`.
    #[test]
    fn encodes_as_the_rfc_says() {
        let basic = Basic::new("Aladdin".to_owned(), "open sesame".to_owned());
        assert_eq!(basic.header_value(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(!format!("{basic:?}").contains("open sesame"));
    }
}
