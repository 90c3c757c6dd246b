//! HTTP Basic: a user name and password on every request. A crate has this file only when
//! its spec has a Basic scheme (and so depends on `base64` only then).

use super::auth::{prepared, Authenticate, BoxFuture, Credential, Prepared, Target};
use super::error::Error;
use zeroize::Zeroizing;

/// HTTP Basic credentials, encoded once.
#[derive(Debug)]
pub(crate) struct Basic {
    username: String,
    credential: Prepared,
}

impl Basic {
    pub(crate) fn new(username: String, password: String) -> Self {
        let credential = if username.contains(':') {
            // RFC 7617, section 2: the server would split the pair at the user name's colon.
            Err("an HTTP Basic user name cannot contain `:`".to_owned())
        } else {
            Credential::basic(&username, &password)
        };
        drop(Zeroizing::new(password));
        Basic {
            username,
            credential,
        }
    }
}

impl Authenticate for Basic {
    fn check(&self) -> Result<(), Error> {
        prepared(&self.credential).map(drop)
    }

    fn credential<'a>(&'a self, _: Target<'a>) -> BoxFuture<'a, Result<Option<Credential>, Error>> {
        let credential = prepared(&self.credential).map(Some);
        Box::pin(async move { credential })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7617, section 2: `Aladdin` with `open sesame`.
    #[test]
    fn encodes_as_the_rfc_says() {
        let basic = Basic::new("Aladdin".to_owned(), "open sesame".to_owned());
        let credential = basic.credential.as_ref().unwrap();
        assert_eq!(credential.value(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(!format!("{basic:?}").contains("open sesame"));
        assert!(!format!("{basic:?}").contains("QWxhZGRpbjpvcGVuIHNlc2FtZQ"));
    }

    #[test]
    fn a_user_name_with_a_colon_is_refused_when_checked() {
        let err = Basic::new("a:b".to_owned(), "pw".to_owned())
            .check()
            .unwrap_err();
        assert!(err.to_string().contains("cannot contain `:`"), "{err}");
    }
}
