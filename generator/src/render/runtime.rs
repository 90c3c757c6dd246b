//! The runtime: files of the `runtime` crate, copied byte for byte into `src/runtime/` of
//! every generated crate that needs them. A file is one capability; a spec gets the files
//! it uses, and the dependencies those files need (no Digest scheme, no `digest.rs` and
//! no `md-5`).

use crate::model::{BodyEncoding, Model, ParamEncoding, ParamLocation, SecurityKind, TypeKind};

/// What makes a crate need a runtime file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Every client needs it.
    Always,
    /// A validated string has a pattern.
    Patterns,
    /// There is a string or integer enum.
    Enums,
    /// There is a struct, or an enum of alternatives (which writes and counts the members
    /// of its struct alternatives through the structs' code).
    Objects,
    /// There is an enum of alternatives.
    OneOfs,
    /// An operation answers a page at a time.
    Paging,
    /// An operation sends an `application/x-www-form-urlencoded` body.
    Forms,
    /// An operation sends a `multipart/form-data` body.
    Multipart,
    /// A path or header parameter is written in a style of its own (a label, a matrix, a
    /// list or an object), or a parameter is a cookie.
    Styles,
    /// A security scheme is HTTP Digest.
    Digest,
    /// A security scheme is HTTP Basic.
    Basic,
    /// A security scheme is OAuth2 client credentials.
    ClientCredentials,
}

/// One file of the runtime.
#[derive(Debug)]
pub(crate) struct RuntimeFile {
    /// Its module name (`client`); the file is `src/runtime/<name>.rs`.
    pub(crate) name: &'static str,
    /// Its text.
    pub(crate) text: &'static str,
    need: Need,
    /// The `[dependencies]` lines it needs, as in the `runtime` crate's `Cargo.toml`.
    dependencies: &'static [&'static str],
}

macro_rules! runtime_file {
    ($name:literal, $need:ident, [$($dep:expr),* $(,)?]) => {
        RuntimeFile {
            name: $name,
            text: include_str!(concat!("../../../runtime/src/runtime/", $name, ".rs")),
            need: Need::$need,
            dependencies: &[$($dep),*],
        }
    };
}

/// The edition of the runtime's files, and so of every generated crate.
pub(crate) const EDITION: &str = "2021";

/// The least Rust a generated crate builds with: what its HTTP client (reqwest 0.13) needs.
/// The runtime is written for it, and clippy's `incompatible_msrv` holds the runtime and
/// every generated crate to it.
pub(crate) const RUST_VERSION: &str = "1.85";

const BASE64: &str = r#"base64 = "0.22""#;
const TRACING: &str = r#"tracing = { version = "0.1", optional = true, default-features = false, features = ["std"] }"#;
const ZEROIZE: &str =
    r#"zeroize = { version = "1", default-features = false, features = ["alloc"] }"#;
const REQWEST: &str = r#"reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }"#;
const RUSTLS: &str = r#"rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }"#;
const SERDE: &str = r#"serde = "1""#;
const SERDE_JSON: &str = r#"serde_json = "1""#;
const PATH_TO_ERROR: &str = r#"serde_path_to_error = "0.1""#;
const TOKIO: &str = r#"tokio = { version = "1", features = ["sync", "time"] }"#;

/// Every runtime file, in module order.
pub(crate) const FILES: &[RuntimeFile] = &[
    runtime_file!("auth", Always, [BASE64, REQWEST, ZEROIZE]),
    runtime_file!("basic", Basic, [BASE64, ZEROIZE]),
    runtime_file!("buffer", Objects, [SERDE, SERDE_JSON]),
    runtime_file!("client", Always, [REQWEST, RUSTLS, TOKIO, TRACING]),
    runtime_file!("digest", Digest, [r#"md-5 = "0.11""#, RUSTLS, ZEROIZE]),
    runtime_file!("enums", Enums, [SERDE]),
    runtime_file!(
        "error",
        Always,
        [
            r#"hyper = { version = "1", default-features = false }"#,
            REQWEST
        ]
    ),
    runtime_file!(
        "forms",
        Forms,
        [r#"form_urlencoded = "1""#, SERDE, SERDE_JSON]
    ),
    runtime_file!("hook", Always, [REQWEST]),
    runtime_file!("json", Always, [SERDE, SERDE_JSON, PATH_TO_ERROR]),
    runtime_file!("links", Paging, [REQWEST]),
    runtime_file!("multipart", Multipart, [REQWEST, SERDE, SERDE_JSON]),
    runtime_file!("oauth2", ClientCredentials, [SERDE_JSON, TOKIO, ZEROIZE]),
    runtime_file!("one_of", OneOfs, [SERDE, SERDE_JSON]),
    runtime_file!("pages", Paging, []),
    runtime_file!("pattern", Patterns, [r#"regress = "0.12""#]),
    runtime_file!("reading", Always, []),
    runtime_file!(
        "request",
        Always,
        [
            r#"percent-encoding = "2""#,
            REQWEST,
            SERDE,
            SERDE_JSON,
            ZEROIZE
        ]
    ),
    runtime_file!(
        "response",
        Always,
        [
            r#"httpdate = "1""#,
            REQWEST,
            SERDE,
            SERDE_JSON,
            PATH_TO_ERROR
        ]
    ),
    runtime_file!("structs", Objects, [SERDE]),
    runtime_file!(
        "styles",
        Styles,
        [r#"percent-encoding = "2""#, SERDE, SERDE_JSON]
    ),
    runtime_file!("validation", Always, [SERDE]),
];

/// The runtime files a model needs, in module order.
pub(crate) fn needed(model: &Model) -> Vec<&'static RuntimeFile> {
    FILES.iter().filter(|f| is_needed(f.need, model)).collect()
}

/// The dependencies of `files`: each line once, sorted (as `Cargo.toml` lists them).
pub(crate) fn dependencies(files: &[&RuntimeFile]) -> Vec<&'static str> {
    let mut deps: Vec<&'static str> = files
        .iter()
        .flat_map(|f| f.dependencies.iter().copied())
        .collect();
    deps.sort_unstable();
    deps.dedup();
    deps
}

fn is_needed(need: Need, model: &Model) -> bool {
    let any_type = |f: fn(&TypeKind) -> bool| model.types.iter().any(|t| f(&t.kind));
    let any_scheme = |f: fn(&SecurityKind) -> bool| model.security.iter().any(|s| f(&s.kind));
    let any_body = |encoding: BodyEncoding| {
        model
            .operations
            .iter()
            .any(|o| o.body.as_ref().is_some_and(|b| b.encoding == encoding))
    };
    match need {
        Need::Always => true,
        Need::Patterns => {
            any_type(|k| matches!(k, TypeKind::Constrained(c) if c.pattern.is_some()))
        }
        Need::Enums => any_type(|k| matches!(k, TypeKind::Enum(_))),
        Need::Objects => any_type(|k| matches!(k, TypeKind::Struct(_) | TypeKind::OneOf(_))),
        Need::OneOfs => any_type(|k| matches!(k, TypeKind::OneOf(_))),
        Need::Paging => model.operations.iter().any(|o| o.pagination.is_some()),
        Need::Forms => {
            any_body(BodyEncoding::Form)
                || model.operations.iter().flat_map(|o| &o.params).any(|p| {
                    p.location == ParamLocation::Query
                        && matches!(p.encoding, ParamEncoding::Styled(_))
                })
        }
        Need::Styles => model.operations.iter().flat_map(|o| &o.params).any(|p| {
            p.location == ParamLocation::Cookie
                || (p.location != ParamLocation::Query
                    && matches!(p.encoding, ParamEncoding::Styled(_)))
        }),
        Need::Multipart => any_body(BodyEncoding::Multipart),
        Need::Digest => any_scheme(|k| matches!(k, SecurityKind::Digest)),
        Need::Basic => any_scheme(|k| matches!(k, SecurityKind::Basic)),
        Need::ClientCredentials => {
            any_scheme(|k| matches!(k, SecurityKind::ClientCredentials { .. }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime_crate(path: &str) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        std::fs::read_to_string(root.join(path)).unwrap()
    }

    /// The `runtime` crate's `[dependencies]` are what its files list here, line for line:
    /// what a generated crate gets is what the runtime is built and tested with.
    #[test]
    fn dependencies_are_the_runtime_crates() {
        let manifest = runtime_crate("Cargo.toml");
        let mut in_deps = false;
        let mut declared = Vec::new();
        for line in manifest.lines().map(str::trim) {
            if line.starts_with('[') {
                in_deps = line == "[dependencies]";
            } else if in_deps && !line.is_empty() && !line.starts_with('#') {
                declared.push(line);
            }
        }
        let all: Vec<&RuntimeFile> = FILES.iter().collect();
        assert_eq!(dependencies(&all), declared);
    }

    /// The runtime crate is built as a generated crate is: the same edition and MSRV.
    #[test]
    fn edition_and_rust_version_are_the_runtime_crates() {
        let manifest = runtime_crate("Cargo.toml");
        assert!(manifest.contains(&format!("\nedition = \"{EDITION}\"\n")));
        assert!(manifest.contains(&format!("\nrust-version = \"{RUST_VERSION}\"\n")));
    }

    /// Every file of `runtime/src/runtime/` is one of [`FILES`], and the runtime crate
    /// declares them all.
    #[test]
    fn every_runtime_file_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<String> = FILES.iter().map(|f| format!("{}.rs", f.name)).collect();
        assert_eq!(on_disk, listed);
        let modules = runtime_crate("src/runtime.rs");
        for f in FILES {
            assert!(
                modules.contains(&format!("pub(crate) mod {};", f.name)),
                "{}",
                f.name
            );
        }
    }
}
