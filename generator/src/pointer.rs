//! JSON pointers (RFC 6901) in their URI-fragment form, `#/paths/~1pets/get`.

use std::fmt;

/// A JSON pointer into the spec, kept as its `#/…` text. Cheap to extend and compare.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses a `#/…` reference; `None` when it is not a local pointer.
    pub fn parse(text: &str) -> Option<Self> {
        if text == "#" || text.starts_with("#/") {
            Some(Pointer(text.to_owned()))
        } else {
            None
        }
    }

    /// This pointer with one more segment, escaped as RFC 6901 says.
    pub fn join(&self, segment: impl AsRef<str>) -> Self {
        let segment = segment.as_ref();
        let mut out = String::with_capacity(self.0.len() + segment.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        if segment.contains(['~', '/']) {
            out.push_str(&escape(segment));
        } else {
            out.push_str(segment);
        }
        Pointer(out)
    }

    /// The pointer text, `#/…`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments after `#`.
    pub fn segments(&self) -> Vec<String> {
        let Some(rest) = self.0.strip_prefix("#/") else {
            return Vec::new();
        };
        rest.split('/').map(unescape).collect()
    }

    /// The pointer one level up, or `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        let idx = self.0.rfind('/')?;
        Some(Pointer(self.0[..idx].to_owned()))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Escapes one segment as RFC 6901 says (`~` is `~0`, `/` is `~1`).
pub fn escape(segment: &str) -> String {
    if !segment.contains(['~', '/']) {
        return segment.to_owned();
    }
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes RFC 6901 escaping (`~1` is `/`, `~0` is `~`) and the percent-encoding that
/// URI fragments allow.
pub fn unescape(segment: &str) -> String {
    if !segment.contains(['~', '%']) {
        return segment.to_owned();
    }
    let decoded = percent_decode(segment);
    decoded.replace("~1", "/").replace("~0", "~")
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_escapes_and_segments_unescape() {
        let p = Pointer::root().join("paths").join("/api/{id}").join("a~b");
        assert_eq!(p.as_str(), "#/paths/~1api~1{id}/a~0b");
        assert_eq!(p.segments(), vec!["paths", "/api/{id}", "a~b"]);
        assert_eq!(p.parent().unwrap().as_str(), "#/paths/~1api~1{id}");
    }

    #[test]
    fn percent_encoded_fragments_decode() {
        assert_eq!(unescape("Foo%20Bar"), "Foo Bar");
        assert_eq!(unescape("100%"), "100%");
        assert_eq!(unescape("%zz"), "%zz");
        assert_eq!(unescape("%e2%82%ac"), "€");
        assert_eq!(unescape("%aé"), "%aé");
        assert_eq!(unescape("%ff"), "%ff");
    }
}
