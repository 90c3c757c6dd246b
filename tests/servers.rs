//! The generated client against servers nobody on this team wrote: Stoplight Prism mocking
//! the spec (it validates every request against it), Apache httpd doing HTTP Digest
//! (`mod_auth_digest`, realm `MMS Public API`, `qop=auth`) and checking OAuth2 bearer tokens
//! by introspection (`mod_auth_openidc`), and oidc-provider issuing client-credentials
//! tokens. All on 127.0.0.1; see `tests/support/servers.rs` for how they are started.
//!
//! Every answer Prism gives passes through a recording proxy, and a request that Prism found
//! invalid (its `sl-violations` header) fails the test.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atlas_admin::types::*;
use atlas_admin::{Client, Error, ResponseProblem};
use tests::harness::{Need, Suite};
use tests::servers::{self, Connections, Exchange, Proxy};

fn main() {
    let mut suite = Suite::new();
    let needs = &[Need::Servers];
    suite
        .test(
            "prism_examples_and_documented_errors",
            needs,
            prism_examples_and_documented_errors,
        )
        .test(
            "prism_dynamic_answers_are_checked",
            needs,
            prism_dynamic_answers_are_checked,
        )
        .test("digest_against_apache", needs, digest_against_apache)
        .test(
            "service_account_against_oidc_provider_and_apache",
            needs,
            service_account_against_oidc_provider_and_apache,
        )
        .test(
            "short_lived_tokens_are_renewed",
            needs,
            short_lived_tokens_are_renewed,
        )
        .test(
            "cold_bursts_through_apache",
            needs,
            cold_bursts_through_apache,
        )
        .test(
            "idle_connections_apache_closes",
            needs,
            idle_connections_apache_closes,
        )
        .test(
            "prism_validates_form_and_multipart_bodies",
            needs,
            prism_validates_form_and_multipart_bodies,
        )
        .test(
            "openapi_core_reads_path_header_and_cookie_styles",
            &[Need::Python],
            openapi_core_reads_path_header_and_cookie_styles,
        );
    suite.run()
}

const PUBLIC_KEY: &str = "pubkey-test";
const PRIVATE_KEY: &str = "0a1b2c3d-private-key-test";
const CLIENT_ID: &str = "mdb_sa_id_test";
const CLIENT_SECRET: &str = "mdb_sa_sk_test-secret";

fn spec() -> std::path::PathBuf {
    tests::root().join("spec/create-serverless-private-endpoint.yaml")
}

fn request_parts() -> (GroupId, InstanceName, ServerlessTenantCreateRequest) {
    (
        "32b6e34b3d91647abb20e7b8".parse().unwrap(),
        "reporting-instance".parse().unwrap(),
        ServerlessTenantCreateRequest {
            comment: Some("created by the Rust client".parse().unwrap()),
        },
    )
}

async fn create(client: &Client) -> Result<ServerlessTenantEndpoint, Error> {
    let (g, i, b) = request_parts();
    client
        .create_serverless_private_endpoint(&g, &i, &b)
        .send()
        .await
}

/// Whether Prism found a request invalid (its `sl-violations` header names the request).
fn request_violations(exchanges: &[Exchange]) -> Result<(), String> {
    for e in exchanges {
        if let Some(v) = e.header("sl-violations") {
            if v.contains("\"request\"") {
                return Err(format!(
                    "Prism found the request `{}` invalid: {v}",
                    e.request_line
                ));
            }
        }
    }
    Ok(())
}

/// No request the client sent was invalid in Prism's eyes.
fn assert_no_request_violations(exchanges: &[Exchange]) {
    if let Err(e) = request_violations(exchanges) {
        panic!("{e}");
    }
}

fn prism_examples_and_documented_errors() {
    tests::harness::block_on(prism_examples_and_documented_errors_with(
        servers::required_tools(),
    ));
}

async fn prism_examples_and_documented_errors_with(tools: servers::Tools) {
    let dir = servers::server_dir();
    let port = servers::free_port();
    let _prism = servers::prism(&tools, dir.path(), &spec(), port, false);
    let proxy = Proxy::start(port).await;
    let client = Client::new(&format!("http://127.0.0.1:{}", proxy.port)).unwrap();

    // The spec's named examples: each lands in its variant with every field valid.
    proxy.prefer(Some("example=aws"));
    let ServerlessTenantEndpoint::Aws(aws) = create(&client).await.unwrap() else {
        panic!("not AWS")
    };
    assert_eq!(aws.status, Some(ServerlessTenantEndpointStatus::Available));
    assert_eq!(
        aws.endpoint_service_name.unwrap().as_str(),
        "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890"
    );
    proxy.prefer(Some("example=azure"));
    let ServerlessTenantEndpoint::Azure(azure) = create(&client).await.unwrap() else {
        panic!("not Azure")
    };
    assert_eq!(
        azure.private_endpoint_ip_address.unwrap().as_str(),
        "10.0.0.4"
    );
    assert_eq!(azure.status, Some(ServerlessTenantEndpointStatus::Reserved));

    // Every documented error status, with the spec's example body. Prism answers these only
    // because the client's Accept admits application/json, the errors' media type.
    for (status, code) in tests::DOCUMENTED_ERRORS {
        proxy.prefer(Some(&format!("code={status}")));
        let err = create(&client).await.unwrap_err();
        assert_eq!(err.status(), Some(status), "{err}");
        assert_eq!(
            err.api_error().map(|e| e.error_code.as_str()),
            Some(code),
            "{err}"
        );
    }
    let exchanges = proxy.exchanges();
    assert_eq!(exchanges.len(), 7);
    assert_no_request_violations(&exchanges);
    for e in &exchanges {
        assert!(e.request_line.starts_with("POST /api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/reporting-instance/endpoint "), "{}", e.request_line);
    }

    // The check above can fail: a request Prism finds invalid carries `sl-violations`.
    proxy.clear();
    proxy.prefer(None);
    let raw = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{}/api/atlas/v2/groups/not-hex/privateEndpoint/serverless/instance/x/endpoint", proxy.port))
        .header("content-type", "application/vnd.atlas.2023-01-01+json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let found =
        request_violations(&proxy.exchanges()).expect_err("an invalid request went unnoticed");
    assert!(
        found.contains("groupid") && found.contains("pattern"),
        "{found}"
    );
}

/// The crate generated from `specs/odd/forms.yaml` sends a form and multipart bodies (files
/// among the parts) to Prism, which parses and validates each against the spec: none may
/// carry a violation.
fn prism_validates_form_and_multipart_bodies() {
    tests::harness::block_on(prism_validates_form_and_multipart_bodies_with(
        servers::required_tools(),
    ));
}

async fn prism_validates_form_and_multipart_bodies_with(tools: servers::Tools) {
    let prism = odd_crate_against("forms", |dir, spec, port| {
        servers::prism(&tools, dir, spec, port, false)
    })
    .await;
    let exchanges = prism.proxy.exchanges();
    assert_no_request_violations(&exchanges);
    let run = prism.run.as_ref();
    run.unwrap_or_else(|out| panic!("the client's calls failed against Prism:\n{out}"));
    assert_eq!(exchanges.len(), 3, "one form and two multipart requests");
    let statuses: Vec<u16> = exchanges.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [204, 201, 204]);
}

/// The crate generated from `specs/odd/styles.yaml` sends path parameters in the `simple`,
/// `label` and `matrix` styles (scalars, lists, objects), headers holding objects, cookies
/// and an API key in a cookie to openapi-core, which reads each in its style and checks it
/// against the spec. (Prism cannot: its readers of path styles and header objects crash.)
/// The same label call written in the `simple` style is refused, so the server does read
/// the style.
fn openapi_core_reads_path_header_and_cookie_styles() {
    tests::harness::block_on(openapi_core_reads_path_header_and_cookie_styles_with());
}

async fn openapi_core_reads_path_header_and_cookie_styles_with() {
    let server = odd_crate_against("styles", servers::validating_server).await;
    let exchanges = server.proxy.exchanges();
    let refused: Vec<String> = exchanges
        .iter()
        .filter(|e| e.status != 204)
        .map(|e| format!("{}: {}", e.request_line, String::from_utf8_lossy(&e.body)))
        .collect();
    assert!(refused.is_empty(), "openapi-core refused: {refused:#?}");
    let run = server.run.as_ref();
    run.unwrap_or_else(|out| panic!("the client's calls failed:\n{out}"));
    assert_eq!(exchanges.len(), 6, "six calls");

    // The checks above can fail: requests written otherwise are refused, each for the
    // parameter written wrong.
    // reqwest is built without a crypto provider of its own; plain HTTP needs none, but
    // building a client asks for one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{}", server.proxy.port);
    let refusal = |path: &'static str, cookies: &'static str| {
        let request = http.get(format!("{base}{path}")).header("Cookie", cookies);
        async move {
            let answer = request.send().await.expect("an answer");
            (
                answer.status().as_u16(),
                answer.text().await.unwrap_or_default(),
            )
        }
    };
    // The list of a label sent as `simple` would write it.
    let (status, why) = refusal("/label/.ann/1,2/.R,1,G,2", "SESSION=k").await;
    assert!(status == 400 && why.contains("ids"), "{status} {why}");
    // A required cookie left out.
    let (status, why) = refusal("/cookies", "SESSION=k").await;
    assert!(status == 400 && why.contains("theme"), "{status} {why}");
    // The key in a cookie of another name.
    let (status, why) = refusal("/cookies", "theme=dark; session=k").await;
    assert!(status == 400 && why.contains("Security"), "{status} {why}");
}

/// An odd crate's test, run against a server through a recording proxy; the server stays
/// up until this is dropped.
struct OddRun {
    /// How the crate's test went: its output, or its failure.
    run: Result<String, String>,
    proxy: Proxy,
    _server: servers::Process,
}

/// Generates the crate of `specs/odd/<name>.yaml`, builds it with the test
/// `specs/servers/<name>.rs`, starts a server for the same spec with `start` (given a
/// folder, the spec and a port), and runs that test against it (its URL in `SERVER_URL`)
/// through a recording proxy.
async fn odd_crate_against(
    name: &str,
    start: impl FnOnce(&std::path::Path, &std::path::Path, u16) -> servers::Process,
) -> OddRun {
    let spec = tests::root().join(format!("tests/specs/odd/{name}.yaml"));
    let output = generator::Generator::from_path(&spec)
        .crate_name(format!("server-{name}"))
        .generate()
        .expect("generates");
    let mut files = output.files;
    let test_file = tests::root().join(format!("tests/specs/servers/{name}.rs"));
    let test = std::fs::read_to_string(test_file).unwrap();
    files.insert("tests/server.rs".to_owned(), test);
    let dev =
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n";
    let krate = tests::TempCrate::new(&files, dev).expect("writes the crate");
    krate
        .cargo(&["build", "--quiet", "--tests"])
        .expect("builds");

    let dir = servers::server_dir();
    let port = servers::free_port();
    let server = start(dir.path(), &spec, port);
    let proxy = Proxy::start(port).await;
    let url = format!("http://127.0.0.1:{}", proxy.port);
    let run = krate.cargo_with_env(&["test", "--quiet"], &[("SERVER_URL", &url)]);
    OddRun {
        run,
        proxy,
        _server: server,
    }
}

fn prism_dynamic_answers_are_checked() {
    tests::harness::block_on(prism_dynamic_answers_are_checked_with(
        servers::required_tools(),
    ));
}

async fn prism_dynamic_answers_are_checked_with(tools: servers::Tools) {
    let dir = servers::server_dir();
    let port = servers::free_port();
    let _prism = servers::prism(&tools, dir.path(), &spec(), port, true);
    let proxy = Proxy::start(port).await;
    let client = Client::new(&format!("http://127.0.0.1:{}", proxy.port)).unwrap();
    let (mut accepted, mut azure, mut rejected_ip) = (0, 0, 0);
    for _ in 0..40 {
        proxy.clear();
        let outcome = create(&client).await;
        let exchange = proxy.exchanges().pop().expect("one exchange");
        assert_no_request_violations(std::slice::from_ref(&exchange));
        let body: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
        // What the answer should become, judged field by field from the raw JSON.
        let ip_breaks = body["providerName"] == "AZURE"
            && body["privateEndpointIpAddress"].as_str().is_some_and(|ip| {
                ServerlessAzureTenantEndpointPrivateEndpointIpAddress::new(ip).is_err()
            });
        if body["providerName"] == "AZURE" {
            azure += 1;
        }
        match outcome {
            Ok(_) => {
                assert!(
                    !ip_breaks,
                    "an IP address that breaks the pattern was accepted: {body}"
                );
                accepted += 1;
            }
            Err(err) => {
                let field = err
                    .field()
                    .unwrap_or_else(|| panic!("the error names no field: {err}"));
                assert!(
                    body.get(field.split('.').next().unwrap()).is_some(),
                    "{field} is not in {body}"
                );
                assert!(
                    matches!(&err, Error::UnexpectedResponse(r) if r.problem == ResponseProblem::InvalidBody),
                    "{err:?}"
                );
                if ip_breaks {
                    assert_eq!(field, "privateEndpointIpAddress", "{err}");
                    rejected_ip += 1;
                }
            }
        }
    }
    println!(
        "prism -d: 40 answers, {azure} Azure, {rejected_ip} rejected for privateEndpointIpAddress, {accepted} accepted"
    );
    assert!(accepted > 0 && azure > 0);
}

fn digest_config(prism: u16, lifetime: u32) -> String {
    format!(
        r#"<Location /api/>
  AuthType Digest
  AuthName "MMS Public API"
  AuthDigestProvider file
  AuthUserFile {{dir}}/digest.passwd
  AuthDigestQop auth
  AuthDigestNonceLifetime {lifetime}
  Require valid-user
  RequestHeader set X-Client-Authorization "expr=%{{req:Authorization}}"
  RequestHeader set Authorization "Bearer checked-by-apache"
  ProxyPass http://127.0.0.1:{prism}/api/
</Location>
"#
    )
}

/// Starts Apache with Digest in front of `upstream` (nonces live `lifetime` seconds); its
/// port.
fn digest_apache(
    tools: &servers::Tools,
    dir: &Path,
    upstream: u16,
    lifetime: u32,
    connections: Connections,
) -> (servers::Process, u16) {
    write_htdigest(dir);
    let port = servers::free_port();
    let apache = servers::apache(
        tools,
        dir,
        port,
        connections,
        &["auth_digest", "authn_file", "headers"],
        &digest_config(upstream, lifetime),
    );
    (apache, port)
}

/// The `401`s in lines of Apache's access log, and the connections they came on (one
/// client port each).
fn challenges_and_connections(log: &[String]) -> (usize, usize) {
    let challenges = log.iter().filter(|l| l.starts_with("401 ")).count();
    let ports: HashSet<_> = log.iter().filter_map(|l| l.split(' ').nth(1)).collect();
    (challenges, ports.len())
}

fn write_htdigest(dir: &Path) {
    use md5::Digest as _;
    let ha1: String =
        md5::Md5::digest(format!("{PUBLIC_KEY}:MMS Public API:{PRIVATE_KEY}").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
    std::fs::write(
        dir.join("digest.passwd"),
        format!("{PUBLIC_KEY}:MMS Public API:{ha1}\n"),
    )
    .unwrap();
}

fn digest_against_apache() {
    tests::harness::block_on(digest_against_apache_with(servers::required_tools()));
}

async fn digest_against_apache_with(tools: servers::Tools) {
    let dir = servers::server_dir();
    let prism_port = servers::free_port();
    let _prism = servers::prism(&tools, dir.path(), &spec(), prism_port, false);
    let proxy = Proxy::start(prism_port).await;
    let (_apache, port) = digest_apache(&tools, dir.path(), proxy.port, 2, Connections::OneAtATime);
    let base = format!("http://127.0.0.1:{port}");

    let client = Client::builder()
        .base_url(&base)
        .digest(PUBLIC_KEY, PRIVATE_KEY)
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(PRIVATE_KEY) && debug.contains("[redacted]"),
        "{debug}"
    );

    // The first request meets the challenge; later ones reuse the nonce with a growing count.
    // `envelope=false` puts a query in the digest URI, which Apache checks.
    let (g, i, b) = request_parts();
    for _ in 0..3 {
        let endpoint = client
            .create_serverless_private_endpoint(&g, &i, &b)
            .envelope(false)
            .send()
            .await
            .unwrap();
        assert!(matches!(endpoint, ServerlessTenantEndpoint::Aws(_)));
    }
    let log = servers::apache_access_lines(dir.path(), port, 4);
    let statuses: Vec<&str> = log.iter().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(statuses, ["401", "201", "201", "201"], "{log:#?}");
    let nonce = |l: &str| {
        l.split("nonce=\"")
            .nth(1)
            .map(|r| r.split('"').next().unwrap().to_owned())
    };
    let nc = |l: &str| {
        l.split("nc=")
            .nth(1)
            .map(|r| r.split(',').next().unwrap().to_owned())
    };
    assert_eq!(nonce(&log[1]), nonce(&log[3]));
    assert_eq!(
        [nc(&log[1]), nc(&log[2]), nc(&log[3])],
        [
            Some("00000001".into()),
            Some("00000002".into()),
            Some("00000003".into())
        ]
    );
    assert!(log[1].contains("uri=\"/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/reporting-instance/endpoint?envelope=false\""), "{}", log[1]);
    assert!(
        log[1].contains("qop=auth") && log[1].contains("algorithm=MD5"),
        "{}",
        log[1]
    );

    // After the nonce's lifetime Apache says `stale=true`; the client answers again.
    tokio::time::sleep(Duration::from_millis(2600)).await;
    create(&client).await.unwrap();
    let log = servers::apache_access_lines(dir.path(), port, 6);
    let statuses: Vec<&str> = log[4..]
        .iter()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(statuses, ["401", "201"], "{log:#?}");
    assert_ne!(nonce(&log[5]), nonce(&log[3]), "a fresh nonce");

    // Wrong credentials: one answer to the challenge, then the typed 401.
    let wrong = Client::builder()
        .base_url(&base)
        .digest(PUBLIC_KEY, "not-the-key")
        .build()
        .unwrap();
    let err = create(&wrong).await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert_eq!(err.api_error().unwrap().error_code, "NOT_AUTHORIZED");
    assert!(!err.to_string().contains("not-the-key"), "{err}");
    let log = servers::apache_access_lines(dir.path(), port, 8);
    assert_eq!(log.len(), 8, "one challenge and one answer: {log:#?}");

    // No credentials: the challenge is answered with nothing to answer it, so the 401 stands.
    let anonymous = Client::new(&base).unwrap();
    let err = create(&anonymous).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_no_request_violations(&proxy.exchanges());
}

fn oauth_config(oauth_http: u16, oauth_https: u16, prism: u16) -> String {
    format!(
        r#"OIDCCryptoPassphrase test-only-passphrase-0123456789
OIDCOAuthIntrospectionEndpoint https://127.0.0.1:{oauth_https}/api/oauth/introspect
OIDCOAuthIntrospectionEndpointAuth client_secret_basic
OIDCOAuthClientID apache-resource-server
OIDCOAuthClientSecret apache-introspection-secret
OIDCOAuthSSLValidateServer Off
OIDCOAuthRemoteUserClaim client_id
<Location /api/oauth/>
  Require all granted
  ProxyPass http://127.0.0.1:{oauth_http}/api/oauth/
</Location>
<Location /api/atlas/>
  AuthType oauth20
  Require valid-user
  ProxyPass http://127.0.0.1:{prism}/api/atlas/
</Location>
"#
    )
}

struct OauthStack {
    _oauth: servers::Process,
    _apache: servers::Process,
    port: u16,
    base: String,
}

impl OauthStack {
    fn tokens_issued(&self) -> usize {
        self._oauth.log().matches("token issued").count()
    }
}

fn oauth_stack(
    tools: &servers::Tools,
    dir: &Path,
    prism: u16,
    ttl: u64,
    connections: Connections,
) -> OauthStack {
    let (http, https) = (servers::free_port(), servers::free_port());
    let oauth = servers::oauth(tools, dir, http, https, ttl);
    let port = servers::free_port();
    let apache = servers::apache(
        tools,
        dir,
        port,
        connections,
        &["auth_openidc"],
        &oauth_config(http, https, prism),
    );
    OauthStack {
        _oauth: oauth,
        _apache: apache,
        port,
        base: format!("http://127.0.0.1:{port}"),
    }
}

fn service_account_against_oidc_provider_and_apache() {
    tests::harness::block_on(service_account_against_oidc_provider_and_apache_with(
        servers::required_tools(),
    ));
}

async fn service_account_against_oidc_provider_and_apache_with(tools: servers::Tools) {
    let dir = servers::server_dir();
    let prism_port = servers::free_port();
    let _prism = servers::prism(&tools, dir.path(), &spec(), prism_port, false);
    let proxy = Proxy::start(prism_port).await;
    let stack = oauth_stack(&tools, dir.path(), proxy.port, 600, Connections::OneAtATime);

    // The token comes from the base URL's /api/oauth/token, and is reused.
    let client = Client::builder()
        .base_url(&stack.base)
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains(CLIENT_SECRET));
    create(&client).await.unwrap();
    create(&client).await.unwrap();
    assert_eq!(stack.tokens_issued(), 1);

    // Many requests racing for the first token: one token request.
    let fresh = Client::builder()
        .base_url(&stack.base)
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let c = fresh.clone();
        tasks.push(tokio::spawn(async move { create(&c).await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(stack.tokens_issued(), 2, "{}", stack._oauth.log());

    // A wrong secret: the token endpoint's refusal is its own error, without the secret.
    let wrong = Client::builder()
        .base_url(&stack.base)
        .service_account(CLIENT_ID, "wrong-secret")
        .build()
        .unwrap();
    let err = create(&wrong).await.unwrap_err();
    let Error::Auth(failure) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failure.status, Some(401));
    assert!(
        err.to_string().contains("invalid_client") && !err.to_string().contains("wrong-secret"),
        "{err}"
    );

    // A made-up bearer token is refused by Apache after introspection: the typed 401.
    let raw = reqwest::Client::new()
        .post(format!("{}/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/x/endpoint", stack.base))
        .bearer_auth("made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 401);
    assert_no_request_violations(&proxy.exchanges());
}

fn short_lived_tokens_are_renewed() {
    tests::harness::block_on(short_lived_tokens_are_renewed_with(
        servers::required_tools(),
    ));
}

async fn short_lived_tokens_are_renewed_with(tools: servers::Tools) {
    let dir = servers::server_dir();
    let prism_port = servers::free_port();
    let _prism = servers::prism(&tools, dir.path(), &spec(), prism_port, false);
    let stack = oauth_stack(&tools, dir.path(), prism_port, 4, Connections::OneAtATime);
    let client = Client::builder()
        .base_url(&stack.base)
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    create(&client).await.unwrap();
    create(&client).await.unwrap();
    assert_eq!(stack.tokens_issued(), 1);
    // The token lives 4 s; the client renews a quarter of its life before the end.
    let started = Instant::now();
    tokio::time::sleep(Duration::from_millis(3200)).await;
    create(&client).await.unwrap();
    assert_eq!(
        stack.tokens_issued(),
        2,
        "renewed after {:?}",
        started.elapsed()
    );
    // Past the old token's end, requests still pass: they carry the new one.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    create(&client).await.unwrap();
}

/// Bursts a batch job sends: [`BURSTS`] times, a new client makes [`BURST`] calls at once,
/// through Apache's event MPM with keep-alive, with Digest and with a service account. A
/// burst is challenged at most once (a service account's asks for one token).
///
/// With as many workers as a default install, no call is lost. With a quarter of them, all
/// busy, Apache closes kept-alive connections as requests arrive on them: calls that may be
/// sent twice still lose nothing (they go again on a new connection), and a plain `POST`
/// that meets such a connection fails with an error that says so.
fn cold_bursts_through_apache() {
    tests::harness::block_on(cold_bursts_through_apache_with(servers::required_tools()));
}

const BURSTS: usize = 10;
const BURST: usize = 100;

/// Apache's own keep-alive timeout (`KeepAliveTimeout`'s default).
const APACHE_IDLE: Duration = Duration::from_secs(5);

async fn cold_bursts_through_apache_with(tools: servers::Tools) {
    let dir = servers::server_dir();
    let prism_port = servers::free_port();
    let _prism = servers::prism(&tools, dir.path(), &spec(), prism_port, false);
    for (workers, runs) in [
        (150, &[Calls::Plain][..]),
        (25, &[Calls::Idempotent, Calls::Plain][..]),
    ] {
        let connections = Connections::KeptAlive {
            idle: APACHE_IDLE,
            workers,
        };
        let (_apache, port) = digest_apache(&tools, dir.path(), prism_port, 300, connections);
        let stack = oauth_stack(&tools, dir.path(), prism_port, 600, connections);
        let digest = Scheme {
            name: "digest",
            port,
            new_client: Box::new(move || {
                Client::builder()
                    .base_url(format!("http://127.0.0.1:{port}"))
                    .digest(PUBLIC_KEY, PRIVATE_KEY)
            }),
            tokens_issued: Box::new(|| 0),
        };
        let service_account = Scheme {
            name: "service account",
            port: stack.port,
            new_client: Box::new(|| {
                Client::builder()
                    .base_url(&stack.base)
                    .service_account(CLIENT_ID, CLIENT_SECRET)
            }),
            tokens_issued: Box::new(|| stack.tokens_issued()),
        };
        for scheme in [&digest, &service_account] {
            for &calls in runs {
                let figures = bursts(dir.path(), scheme, calls, workers).await;
                for (n, burst) in figures.iter().enumerate() {
                    let what = format!(
                        "{}, {workers} workers, {calls:?} calls, burst {n}: {burst:?}",
                        scheme.name
                    );
                    assert!(burst.challenges <= 1, "{what}");
                    if scheme.name == "service account" {
                        assert_eq!(burst.tokens, 1, "{what}");
                    }
                    match (workers, calls) {
                        (25, Calls::Plain) => assert_eq!(burst.failures, burst.closed, "{what}"),
                        _ => assert_eq!(burst.failures, 0, "{what}"),
                    }
                }
            }
        }
    }
}

/// A scheme the bursts are sent with: a new client for each, and the tokens issued so far.
struct Scheme<'a> {
    name: &'static str,
    /// Apache's port.
    port: u16,
    new_client: Box<dyn Fn() -> atlas_admin::ClientBuilder + 'a>,
    tokens_issued: Box<dyn Fn() -> usize + 'a>,
}

/// The calls of a burst.
#[derive(Debug, Clone, Copy)]
enum Calls {
    /// Marked `idempotent()`: the batch job's writes may be sent twice.
    Idempotent,
    /// As they are: a `POST` is not sent again.
    Plain,
}

/// What one burst met.
#[derive(Debug, Default)]
struct BurstFigures {
    failures: usize,
    /// Failures that are [`Error::is_connection_closed`].
    closed: usize,
    /// The `401`s Apache answered.
    challenges: usize,
    /// Tokens the token endpoint issued.
    tokens: usize,
    /// Connections the client opened (client ports in Apache's log).
    connections: usize,
    /// Calls sent again because the server closed their connection.
    resent: usize,
    first_failure: Option<String>,
}

/// Counts the requests a client sends.
struct Sent(Arc<AtomicUsize>);

impl atlas_admin::Hook for Sent {
    fn on_request(&self, _: &mut reqwest::Request) -> Option<reqwest::Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        None
    }
}

/// [`BURSTS`] bursts from a new client each, with their figures printed.
async fn bursts(dir: &Path, scheme: &Scheme<'_>, calls: Calls, workers: u16) -> Vec<BurstFigures> {
    let mut figures = Vec::new();
    for _ in 0..BURSTS {
        let logged = servers::apache_access(dir, scheme.port).len();
        let tokens = (scheme.tokens_issued)();
        let sent = Arc::new(AtomicUsize::new(0));
        let client = (scheme.new_client)()
            .hook(Sent(sent.clone()))
            .build()
            .unwrap();
        let tasks: Vec<_> = (0..BURST)
            .map(|_| {
                let client = client.clone();
                let (g, i, b) = request_parts();
                tokio::spawn(async move {
                    let call = client.create_serverless_private_endpoint(&g, &i, &b);
                    match calls {
                        Calls::Idempotent => call.idempotent().send().await,
                        Calls::Plain => call.send().await,
                    }
                })
            })
            .collect();
        let mut burst = BurstFigures::default();
        for task in tasks {
            if let Err(e) = task.await.unwrap() {
                burst.failures += 1;
                burst.closed += usize::from(e.is_connection_closed());
                burst.first_failure.get_or_insert(e.to_string());
            }
        }
        let log = servers::apache_access_settled(dir, scheme.port, logged);
        burst.tokens = (scheme.tokens_issued)() - tokens;
        (burst.challenges, burst.connections) = challenges_and_connections(&log);
        // Each call's first request, an answer to each challenge, and the calls sent again.
        burst.resent = sent.load(Ordering::SeqCst) - BURST - burst.challenges;
        figures.push(burst);
    }
    let column = |f: fn(&BurstFigures) -> usize| {
        let values: Vec<String> = figures.iter().map(|b| f(b).to_string()).collect();
        values.join(" ")
    };
    let name = scheme.name;
    println!(
        "{name}, {workers} workers, {calls:?} calls: {BURSTS} cold bursts of {BURST}: failures [{}], \
         challenges [{}], tokens [{}], connections [{}], sent again [{}]",
        column(|b| b.failures),
        column(|b| b.challenges),
        column(|b| b.tokens),
        column(|b| b.connections),
        column(|b| b.resent),
    );
    if let Some(first) = figures.iter().find_map(|b| b.first_failure.as_ref()) {
        println!("{name}, {workers} workers, {calls:?} calls: first failure: {first}");
    }
    figures
}

/// Apache closes a connection [`SHORT_IDLE`] after its last answer, and calls come around that
/// moment: before it, on the kept connection; after it, on a new one; and none fails (one
/// that met the connection as it closed would go again on a new one: it may be sent twice).
/// A pool idle timeout below the server's lets every connection go before Apache closes it:
/// plain `POST`s then never meet a closed one.
fn idle_connections_apache_closes() {
    tests::harness::block_on(idle_connections_apache_closes_with(
        servers::required_tools(),
    ));
}

/// Apache's `KeepAliveTimeout` in [`idle_connections_apache_closes`].
const SHORT_IDLE: Duration = Duration::from_millis(200);

async fn idle_connections_apache_closes_with(tools: servers::Tools) {
    let dir = servers::server_dir();
    let prism_port = servers::free_port();
    let _prism = servers::prism(&tools, dir.path(), &spec(), prism_port, false);
    let connections = Connections::KeptAlive {
        idle: SHORT_IDLE,
        workers: 25,
    };
    let (_apache, port) = digest_apache(&tools, dir.path(), prism_port, 300, connections);
    let base = format!("http://127.0.0.1:{port}");
    let client = |pool_idle: Option<Duration>, sent: &Arc<AtomicUsize>| {
        let builder = Client::builder()
            .base_url(&base)
            .digest(PUBLIC_KEY, PRIVATE_KEY)
            .hook(Sent(sent.clone()));
        match pool_idle {
            Some(idle) => builder.pool_idle_timeout(idle),
            None => builder,
        }
        .build()
        .unwrap()
    };
    for (pool_idle, calls) in [
        (None, Calls::Idempotent),
        (Some(SHORT_IDLE / 2), Calls::Plain),
    ] {
        let sent = Arc::new(AtomicUsize::new(0));
        let client = client(pool_idle, &sent);
        let logged = servers::apache_access(dir.path(), port).len();
        let (mut failures, mut first_failure) = (0, None);
        // Waits from a tenth below Apache's timeout to a seventh above it, 1 ms apart: some
        // calls go out as Apache closes the connection.
        let waits: Vec<Duration> = (180..=230).map(Duration::from_millis).collect();
        for wait in &waits {
            let (g, i, b) = request_parts();
            let call = client.create_serverless_private_endpoint(&g, &i, &b);
            let outcome = match calls {
                Calls::Idempotent => call.idempotent().send().await,
                Calls::Plain => call.send().await,
            };
            if let Err(e) = outcome {
                failures += 1;
                first_failure.get_or_insert(e.to_string());
            }
            tokio::time::sleep(*wait).await;
        }
        let log = servers::apache_access_settled(dir.path(), port, logged);
        let (challenges, opened) = challenges_and_connections(&log);
        let resent = sent.load(Ordering::SeqCst) - waits.len() - challenges;
        let what = format!(
            "pool idle timeout {pool_idle:?}, {calls:?} calls: {} calls {}-{} ms apart: \
             {failures} failures, {resent} sent again, {} connections, {challenges} challenges",
            waits.len(),
            waits[0].as_millis(),
            waits[waits.len() - 1].as_millis(),
            opened,
        );
        println!("{what}");
        if let Some(first) = &first_failure {
            println!("first failure: {first}");
        }
        assert_eq!(challenges, 1, "{what}");
        assert_eq!(failures, 0, "{what}");
        if pool_idle.is_some() {
            assert_eq!(resent, 0, "{what}");
            // Every call after a wait went on a new connection (the challenge and its
            // answer share the first).
            assert_eq!(opened, waits.len(), "{what}");
        }
    }
}
