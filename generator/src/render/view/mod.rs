//! The context templates receive: the model, with Rust spellings worked out.
//!
//! Everything a template needs is computed here (types as Rust text, doc lines), so
//! templates only lay out. Kinds are enums that serialize as their snake_case names, which
//! templates compare (`t.kind == "struct"`, `p.location == "header"`); the Rust code here
//! decides on the model's types, never on text. `templates/README.md` lists every field;
//! a change here is a change to that documented interface.

mod operations;
mod spelling;
mod text;
mod types;

use serde::Serialize;

pub(crate) use operations::ModuleView;
pub(crate) use spelling::Spelling;
pub(crate) use types::{template_of, type_view};

use self::operations::{module_view, names_types, operation_view};
use self::spelling::StdNames;
use self::text::{description, push_para};
use crate::model::{Model, SecurityKind};

/// Facts about the crate being generated; every template gets it as `crate`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CrateView {
    /// Package name (`atlas-admin`).
    pub name: String,
    /// Library name (`atlas_admin`).
    pub lib: String,
    /// Package version.
    pub version: String,
    /// The API's title (`info.title`).
    pub title: String,
    /// The API's version (`info.version`).
    pub api_version: String,
    /// The API's description as doc lines.
    pub docs: Vec<String>,
    /// The spec's file name.
    pub source: String,
    /// The first line of every generated file.
    pub header: String,
    /// The generator's name and version.
    pub generator: String,
    /// The first server URL, if the spec has one.
    pub base_url: Option<String>,
    /// Authentication the client offers.
    pub auth: AuthView,
    /// Operation modules, by name.
    pub modules: Vec<ModuleView>,
    /// The variants of the error body enum.
    pub errors: ErrorsView,
    /// The runtime files the crate gets, as module names (`client`, `digest`).
    pub runtime: Vec<&'static str>,
    /// The crate's `[dependencies]`, as `Cargo.toml` lines: those of its runtime files.
    pub dependencies: Vec<&'static str>,
    /// The crate's edition: the runtime's.
    pub edition: &'static str,
    /// The least Rust the crate builds with: the runtime's.
    pub rust_version: &'static str,
    /// How the type templates spell the standard library's names: as the prelude does
    /// (`Option`), or by full path (`::std::option::Option`) when a spec schema takes one of
    /// those names in `types`.
    pub std: StdNames,
}

/// Authentication the client offers, from the spec's security schemes: one builder method
/// per kind (the first scheme of each kind).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct AuthView {
    /// HTTP Digest.
    pub digest: Option<SchemeView>,
    /// HTTP Basic.
    pub basic: Option<SchemeView>,
    /// HTTP Bearer (a token the user brings).
    pub bearer: Option<SchemeView>,
    /// An API key in a header.
    pub api_key_header: Option<ApiKeyView>,
    /// An API key in the query.
    pub api_key_query: Option<ApiKeyView>,
    /// An API key in a cookie.
    pub api_key_cookie: Option<ApiKeyView>,
    /// OAuth2 client credentials.
    pub client_credentials: Option<ClientCredentialsView>,
}

/// A security scheme's name and description.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SchemeView {
    /// The `ClientBuilder` method that sets it.
    pub method: String,
    /// The name in `components/securitySchemes`.
    pub name: String,
    /// Its description, as doc lines.
    pub docs: Vec<String>,
}

/// An API key scheme.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ApiKeyView {
    /// The `ClientBuilder` method that sets it.
    pub method: String,
    /// The name in `components/securitySchemes`.
    pub scheme: String,
    /// The header or query parameter's name.
    pub param: String,
    /// Its description, as doc lines.
    pub docs: Vec<String>,
}

/// OAuth2 client credentials.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClientCredentialsView {
    /// The `ClientBuilder` method that sets it.
    pub method: String,
    /// The name in `components/securitySchemes`.
    pub scheme: String,
    /// The token URL as the spec writes it.
    pub token_url: String,
    /// Where the client asks for tokens: a URL, or a reference resolved against the base
    /// URL (see `SecurityKind::ClientCredentials`).
    pub token_endpoint: String,
    /// Whether `token_endpoint` follows the client's base URL.
    pub token_on_base_url: bool,
    /// Its description, as doc lines.
    pub docs: Vec<String>,
}

/// The error body enum.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ErrorsView {
    /// One variant per schema of a documented JSON error body.
    pub typed: Vec<ErrorVariantView>,
    /// The variant that keeps a body the spec gives no schema, when there is one.
    pub untyped: Option<String>,
}

/// A typed variant of the error body enum.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ErrorVariantView {
    /// The variant's name.
    pub name: String,
    /// The name of the `Error` method that returns it.
    pub accessor: String,
    /// The body's type, spelled from a child of the crate root (`super::types::ApiError`).
    pub ty: String,
    /// The `#[cfg(…)]` attribute of the variant and its accessor: on when a module that
    /// may answer with it is.
    pub cfg: String,
}

/// The Cargo feature of a module (tag): its name, with `-` for `_` (and `tag-` before a
/// name the crate's own features take).
pub(crate) fn feature(module: &str) -> String {
    let name = module.replace('_', "-");
    if matches!(name.as_str(), "default" | "gzip" | "tracing") {
        format!("tag-{name}")
    } else {
        name
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`, for what the
/// features of these modules need.
pub(crate) fn cfg_any(modules: &[String]) -> String {
    let features: Vec<String> = modules
        .iter()
        .map(|m| format!("feature = \"{}\"", feature(m)))
        .collect();
    match features.as_slice() {
        [] => String::new(),
        [one] => format!("#[cfg({one})]"),
        many => format!("#[cfg(any({}))]", many.join(", ")),
    }
}

/// What shapes a crate beyond its spec.
#[derive(Debug, Clone)]
pub(crate) struct ViewOptions {
    /// Package name.
    pub crate_name: String,
    /// Package version.
    pub crate_version: String,
    /// The first line of every generated file.
    pub header: String,
    /// The runtime files the crate gets, as module names.
    pub runtime: Vec<&'static str>,
    /// Their dependencies, as `Cargo.toml` lines.
    pub dependencies: Vec<&'static str>,
}

/// The crate-wide view.
pub(crate) fn crate_view(model: &Model, options: &ViewOptions) -> CrateView {
    let mut docs = vec![format!(
        "# {} {}",
        model.api.title.trim(),
        model.api.version.trim()
    )];
    push_para(&mut docs, description(model.api.description.as_deref()));
    CrateView {
        name: options.crate_name.clone(),
        lib: options.crate_name.replace('-', "_"),
        version: options.crate_version.clone(),
        title: model.api.title.clone(),
        api_version: model.api.version.clone(),
        docs,
        source: model.api.source_name.clone(),
        header: options.header.clone(),
        generator: format!("generator {}", env!("CARGO_PKG_VERSION")),
        base_url: model.api.default_server.clone(),
        auth: auth_view(model),
        modules: module_views(model),
        errors: errors_view(model),
        runtime: options.runtime.clone(),
        dependencies: options.dependencies.clone(),
        edition: crate::render::runtime::EDITION,
        rust_version: crate::render::runtime::RUST_VERSION,
        std: StdNames::new(Spelling::types(model)),
    }
}

fn auth_view(model: &Model) -> AuthView {
    let mut auth = AuthView::default();
    for s in &model.security {
        let Some(method) = s.method.clone() else {
            continue;
        };
        let docs = description(s.description.as_deref());
        let scheme = || SchemeView {
            method: method.clone(),
            name: s.name.clone(),
            docs: docs.clone(),
        };
        let api_key = |param: &String| ApiKeyView {
            method: method.clone(),
            scheme: s.name.clone(),
            param: param.clone(),
            docs: docs.clone(),
        };
        match &s.kind {
            SecurityKind::Digest => auth.digest = Some(scheme()),
            SecurityKind::Basic => auth.basic = Some(scheme()),
            SecurityKind::Bearer => auth.bearer = Some(scheme()),
            SecurityKind::ApiKeyHeader { header } => auth.api_key_header = Some(api_key(header)),
            SecurityKind::ApiKeyQuery { param } => auth.api_key_query = Some(api_key(param)),
            SecurityKind::ApiKeyCookie { cookie } => auth.api_key_cookie = Some(api_key(cookie)),
            SecurityKind::ClientCredentials {
                token_url,
                token_endpoint,
            } => {
                auth.client_credentials = Some(ClientCredentialsView {
                    method: method.clone(),
                    scheme: s.name.clone(),
                    token_url: token_url.clone(),
                    token_endpoint: token_endpoint.clone(),
                    token_on_base_url: !token_endpoint.contains("://"),
                    docs: docs.clone(),
                });
            }
        }
    }
    auth
}

/// The modules and their operations. Operation views are the costly part of the crate
/// view: they are made on all cores.
fn module_views(model: &Model) -> Vec<ModuleView> {
    let mut views =
        crate::pool::map_infallible(&model.operations, |o| Some(operation_view(model, o)));
    model
        .modules
        .iter()
        .map(|m| {
            let mut uses_types = false;
            let operations = model
                .operations
                .iter()
                .zip(views.iter_mut())
                .filter(|(o, _)| o.module == m.name)
                .filter_map(|(o, view)| {
                    uses_types |= names_types(o);
                    view.take()
                })
                .collect();
            module_view(m, operations, uses_types)
        })
        .collect()
}

fn errors_view(model: &Model) -> ErrorsView {
    let sp = Spelling::ROOT_CHILD;
    ErrorsView {
        typed: model
            .error_bodies
            .typed
            .iter()
            .map(|v| ErrorVariantView {
                name: v.name.clone(),
                accessor: v.accessor.clone(),
                ty: sp.rust_type(model, &crate::model::TypeRef::Named(v.ty)),
                cfg: cfg_any(&v.modules),
            })
            .collect(),
        untyped: model.error_bodies.untyped.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    out.insert(k.clone());
                    keys(v, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }

    /// Every field a template can receive is listed in `templates/README.md`: the specs
    /// used here (the project's, and the odd ones) reach every field of the context.
    #[test]
    fn every_context_field_is_documented() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let readme = std::fs::read_to_string(root.join("templates/README.md")).unwrap();
        let mut specs = vec![crate::Generator::default_spec()];
        let odd_specs = [
            "names",
            "alternatives",
            "hostile",
            "recursion",
            "versions",
            "forms",
            "queries",
            "styles",
        ];
        for odd in odd_specs {
            let path = root.join(format!("tests/specs/odd/{odd}.yaml"));
            specs.push(crate::Generator::from_path(path));
        }
        let mut all = BTreeSet::new();
        for g in specs {
            let model = g.model().unwrap();
            let options = ViewOptions {
                crate_name: "x".into(),
                crate_version: "0.1.0".into(),
                header: "header".into(),
                runtime: vec!["client"],
                dependencies: vec!["serde = \"1\""],
            };
            let view = serde_json::to_value(crate_view(&model, &options)).unwrap();
            keys(&view, &mut all);
            let spelling = Spelling::types(&model);
            for t in &model.types {
                keys(
                    &serde_json::to_value(type_view(&model, t, spelling)).unwrap(),
                    &mut all,
                );
            }
        }
        let missing: Vec<&String> = all
            .iter()
            .filter(|k| !readme.contains(&format!("| `{k}` |")))
            .collect();
        assert!(
            missing.is_empty(),
            "context fields not listed in templates/README.md: {missing:?}"
        );
    }
}
