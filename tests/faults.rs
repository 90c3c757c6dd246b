//! The client under faults: each one is a typed error, within a bound of time, and the same
//! client works again right after it. The faults come from local servers that answer with
//! exact bytes (`support/raw.rs`), a local TLS server with certificates made for the test,
//! and a local mock token endpoint.

use std::time::{Duration, Instant};

use atlas_admin::types::*;
use atlas_admin::{Client, ClientBuilder, Error, ResponseProblem};
use serde_json::json;
use tests::raw::{RawServer, Step, answer, chunk, chunked_head};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod mock;

const JSON: &str = "application/vnd.atlas.2023-01-01+json";

use mock::created_body;

/// A normal answer, for the call that shows the client still works.
fn created() -> Vec<Step> {
    vec![Step::Write(answer(201, Some(JSON), &created_body()))]
}

async fn call(client: &Client) -> Result<ServerlessTenantEndpoint, Error> {
    mock::create(client).await
}

/// The longest any fault here may take to become an error (the slowest, a body trickling
/// past a 1.5 s timeout, takes 1.5 s); each test bounds its own more tightly where it can.
const ANY_FAULT: Duration = Duration::from_secs(5);

/// Calls once, expecting the fault within [`ANY_FAULT`], and then once more, expecting
/// success; returns the fault's error and how long it took.
async fn fault_then_recovery(client: &Client) -> (Error, Duration) {
    let started = Instant::now();
    let err = call(client).await.expect_err("the fault is an error");
    let took = started.elapsed();
    assert!(took < ANY_FAULT, "{err:?} took {took:?}");
    let again = call(client).await;
    assert!(
        again.is_ok(),
        "the client does not work after {err:?}: {again:?}"
    );
    (err, took)
}

fn builder(server: &RawServer) -> ClientBuilder {
    Client::builder().base_url(server.url())
}

fn problem(err: &Error) -> Option<ResponseProblem> {
    match err {
        Error::UnexpectedResponse(r) => Some(r.problem),
        _ => None,
    }
}

#[tokio::test]
async fn connection_refused() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::new(&format!("http://127.0.0.1:{port}")).unwrap();
    let started = Instant::now();
    let err = call(&client).await.unwrap_err();
    assert!(err.is_connect() && !err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.operation(), Some("createServerlessPrivateEndpoint"));
}

#[tokio::test]
async fn connection_reset_before_the_status_line() {
    let server = RawServer::start(vec![vec![Step::Reset], created()]).await;
    let (err, took) = fault_then_recovery(&builder(&server).build().unwrap()).await;
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[tokio::test]
async fn connection_reset_in_the_middle_of_the_body() {
    let mut head = answer(201, Some(JSON), &[b' '; 1000]);
    head.truncate(head.len() - 990);
    let server = RawServer::start(vec![vec![Step::Write(head), Step::Reset], created()]).await;
    let (err, took) = fault_then_recovery(&builder(&server).build().unwrap()).await;
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[tokio::test]
async fn a_body_that_trickles_past_the_timeout() {
    let full = answer(201, Some(JSON), &created_body());
    let (head, body) = full.split_at(full.len() - 40);
    let server = RawServer::start(vec![
        vec![
            Step::Write(head.to_vec()),
            Step::Trickle(body.to_vec(), Duration::from_secs(1)),
        ],
        created(),
    ])
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(1500))
        .build()
        .unwrap();
    let (err, took) = fault_then_recovery(&client).await;
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        took >= Duration::from_millis(1400) && took < Duration::from_secs(4),
        "{took:?}"
    );
}

#[tokio::test]
async fn a_server_that_stops_answering_trips_the_read_timeout() {
    let server =
        RawServer::start(vec![vec![Step::Sleep(Duration::from_secs(30))], created()]).await;
    let client = builder(&server)
        .read_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let (err, took) = fault_then_recovery(&client).await;
    assert!(err.is_timeout(), "{err:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn truncated_json() {
    let truncated = &created_body()[..20];
    let server = RawServer::start(vec![
        vec![Step::Write(answer(201, Some(JSON), truncated))],
        created(),
    ])
    .await;
    let (err, _) = fault_then_recovery(&builder(&server).build().unwrap()).await;
    assert_eq!(
        problem(&err),
        Some(ResponseProblem::MalformedBody),
        "{err:?}"
    );
    assert_eq!(err.body(), Some(truncated));
}

#[tokio::test]
async fn a_body_over_the_limit_is_not_read_past_it() {
    // Announced: refused before a byte of the body is read.
    let big = vec![b' '; 10_000];
    let announced = vec![Step::Write(answer(201, Some(JSON), &big))];
    // Chunked, without a length: the client must stop at the limit, so a body that then
    // stalls forever cannot hold it.
    let mut streamed = chunked_head(201, JSON);
    streamed.extend(chunk(&[b' '; 3000]));
    let unannounced = vec![Step::Write(streamed), Step::Sleep(Duration::from_secs(60))];
    let server = RawServer::start(vec![announced, created(), unannounced, created()]).await;
    let client = builder(&server).max_response_bytes(2048).build().unwrap();
    for _ in 0..2 {
        let (err, took) = fault_then_recovery(&client).await;
        assert_eq!(problem(&err), Some(ResponseProblem::TooLarge), "{err:?}");
        assert!(err.to_string().contains("2048 bytes"), "{err}");
        assert!(took < Duration::from_secs(2), "{took:?}");
    }
}

#[tokio::test]
async fn invalid_utf8_in_a_json_body() {
    let body = b"{\"_id\": \"32b6e34b3d91647abb20e7b8\", \"comment\": \"\xff\xfe\", \"providerName\": \"AWS\"}";
    let server = RawServer::start(vec![
        vec![Step::Write(answer(201, Some(JSON), body))],
        created(),
    ])
    .await;
    let (err, _) = fault_then_recovery(&builder(&server).build().unwrap()).await;
    assert_eq!(
        problem(&err),
        Some(ResponseProblem::MalformedBody),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_content_type_that_lies() {
    let server = RawServer::start(vec![
        vec![Step::Write(answer(
            201,
            Some(JSON),
            b"<html>Maintenance</html>",
        ))],
        created(),
        vec![Step::Write(answer(201, Some("text/html"), &created_body()))],
        created(),
    ])
    .await;
    let client = builder(&server).build().unwrap();
    let (err, _) = fault_then_recovery(&client).await;
    assert_eq!(
        problem(&err),
        Some(ResponseProblem::MalformedBody),
        "{err:?}"
    );
    let (err, _) = fault_then_recovery(&client).await;
    assert_eq!(
        problem(&err),
        Some(ResponseProblem::WrongContentType),
        "{err:?}"
    );
}

#[tokio::test]
async fn retry_after_absurdly_large_or_malformed() {
    let absurd = answer(503, None, b"");
    let absurd = String::from_utf8(absurd).unwrap().replace(
        "Connection: close\r\n",
        "Connection: close\r\nRetry-After: 99999999\r\n",
    );
    let malformed = answer(503, None, b"").to_vec();
    let malformed = String::from_utf8(malformed).unwrap().replace(
        "Connection: close\r\n",
        "Connection: close\r\nRetry-After: soon\r\n",
    );
    let server = RawServer::start(vec![
        vec![Step::Write(absurd.into_bytes())],
        created(),
        vec![Step::Write(malformed.into_bytes())],
        created(),
    ])
    .await;
    let client = builder(&server)
        .max_retries(3)
        .max_retry_wait(Duration::from_secs(10))
        .build()
        .unwrap();
    // Waiting 99999999 s is over `max_retry_wait`: the 503 is the answer, at once.
    let (err, took) = fault_then_recovery(&client).await;
    assert_eq!(err.status(), Some(503), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(99_999_999)));
    assert!(took < Duration::from_secs(1), "{took:?}");
    // `soon` is no wait: the client backs off by itself (1 s) and tries again, and the
    // second answer is the normal one.
    let started = Instant::now();
    call(&client).await.expect("retried after its own wait");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert_eq!(
        server.connections(),
        4,
        "503, 201, 503, then 201 for the retry"
    );
}

/// A mock token endpoint answering `answer`, and an operation that needs its token.
async fn service_account_with(answer: ResponseTemplate, timeout: Duration) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(answer)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "t", "token_type": "Bearer", "expires_in": 3600}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(
            "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/Cluster0/endpoint",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_raw(created_body(), JSON))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .service_account("mdb_sa_id", "mdb_sa_sk")
        .timeout(timeout)
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn a_token_endpoint_that_stalls_fails_or_refuses() {
    let stalls = ResponseTemplate::new(200).set_delay(Duration::from_secs(30));
    let (_server, client) = service_account_with(stalls, Duration::from_millis(800)).await;
    let (err, took) = fault_then_recovery(&client).await;
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.operation(), Some("token"));
    assert!(took < Duration::from_secs(3), "{took:?}");

    let fails = ResponseTemplate::new(500).set_body_string("upstream down");
    let (_server, client) = service_account_with(fails, Duration::from_secs(5)).await;
    let (err, _) = fault_then_recovery(&client).await;
    let Error::Auth(failure) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failure.status, Some(500));
    assert_eq!(err.body(), Some(&b"upstream down"[..]));

    let not_json = ResponseTemplate::new(200).set_body_string("<html>login</html>");
    let (_server, client) = service_account_with(not_json, Duration::from_secs(5)).await;
    let (err, _) = fault_then_recovery(&client).await;
    assert!(
        matches!(&err, Error::Auth(f) if f.message.contains("not an OAuth2 token response")),
        "{err:?}"
    );
    for shown in [err.to_string(), format!("{err:?}"), format!("{client:?}")] {
        assert!(
            !shown.contains("mdb_sa_sk"),
            "the client secret shows: {shown}"
        );
    }
}

/// A certificate authority made for the test, and certificates it signs.
struct Authority {
    issuer: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
}

impl Authority {
    fn new() -> Authority {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let key = rcgen::KeyPair::generate().unwrap();
        Authority {
            issuer: rcgen::CertifiedIssuer::self_signed(params, key).unwrap(),
        }
    }

    fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// A TLS acceptor with a certificate for `names`, valid until `not_after`.
    fn acceptor(&self, names: &[&str], not_after: (i32, u8, u8)) -> tokio_rustls::TlsAcceptor {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut params = rcgen::CertificateParams::new(names).unwrap();
        params.not_before = rcgen::date_time_ymd(2000, 1, 1);
        params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
            )
            .unwrap();
        tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config))
    }
}

#[tokio::test]
async fn tls_certificates_for_another_name_or_expired_are_refused() {
    let authority = Authority::new();
    let client_of = |server: &RawServer| {
        Client::builder()
            .base_url(format!("https://localhost:{}", server.port()))
            .root_certificates(authority.pem())
            .build()
            .unwrap()
    };
    // The control: a valid certificate for the name, so that a refusal below is the name's
    // or the date's, not the authority's.
    let valid = RawServer::start_with(
        vec![created()],
        Some(authority.acceptor(&["localhost"], (2999, 1, 1))),
    )
    .await;
    call(&client_of(&valid))
        .await
        .expect("a valid certificate is accepted");

    for (names, not_after) in [
        (["other.example"], (2999, 1, 1)),
        (["localhost"], (2001, 1, 1)),
    ] {
        let server =
            RawServer::start_with(vec![created()], Some(authority.acceptor(&names, not_after)))
                .await;
        let client = client_of(&server);
        let started = Instant::now();
        let err = call(&client).await.unwrap_err();
        assert!(err.is_connect(), "{names:?} until {not_after:?}: {err:?}");
        assert!(started.elapsed() < Duration::from_secs(2));
        let again = call(&client_of(&valid)).await;
        assert!(again.is_ok(), "{again:?}");
    }
    let err = Client::builder()
        .root_certificates("not a certificate")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

/// Drops a call's future after `after`: it must not have finished by then.
async fn cancelled(client: &Client, after: Duration) {
    let outcome = tokio::time::timeout(after, call(client)).await;
    assert!(
        outcome.is_err(),
        "the call finished before it could be dropped: {outcome:?}"
    );
}

/// Calls, expecting success within `bound`.
async fn succeeds_within(client: &Client, bound: Duration) {
    let started = Instant::now();
    let outcome = call(client).await;
    assert!(outcome.is_ok(), "{outcome:?}");
    assert!(started.elapsed() < bound, "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_call_dropped_while_fetching_the_token_leaves_the_cache_usable() {
    let stalls = ResponseTemplate::new(200)
        .set_body_json(json!({"access_token": "slow", "token_type": "Bearer", "expires_in": 3600}))
        .set_delay(Duration::from_secs(5));
    let (server, client) = service_account_with(stalls, Duration::from_secs(30)).await;
    cancelled(&client, Duration::from_millis(300)).await;
    // The lock the dropped call held while fetching is free: the next call fetches anew.
    succeeds_within(&client, Duration::from_secs(2)).await;
    let requests = server.received_requests().await.unwrap();
    let tokens = requests
        .iter()
        .filter(|r| r.url.path() == "/api/oauth/token")
        .count();
    assert_eq!(tokens, 2);
}

/// Challenges a request without credentials (after `delay` the first time), accepts one with.
struct SlowChallenge(std::sync::atomic::AtomicBool, Duration);

impl wiremock::Respond for SlowChallenge {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        if request.headers.contains_key("authorization") {
            return ResponseTemplate::new(201).set_body_raw(created_body(), JSON);
        }
        let first = !self.0.swap(true, std::sync::atomic::Ordering::SeqCst);
        let challenge = ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            "Digest realm=\"atlas\", nonce=\"n\", algorithm=MD5, qop=\"auth\"",
        );
        if first {
            challenge.set_delay(self.1)
        } else {
            challenge
        }
    }
}

#[tokio::test]
async fn a_call_dropped_during_the_digest_challenge_leaves_the_client_working() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(SlowChallenge(Default::default(), Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .digest("public-key", "private-key")
        .build()
        .unwrap();
    cancelled(&client, Duration::from_millis(300)).await;
    succeeds_within(&client, Duration::from_secs(2)).await;
    succeeds_within(&client, Duration::from_secs(2)).await;
}

#[tokio::test]
async fn a_call_dropped_while_reading_the_body_or_waiting_to_retry_leaves_the_client_working() {
    let full = answer(201, Some(JSON), &created_body());
    let (head, _) = full.split_at(full.len() - 10);
    let mut retry = String::from_utf8(answer(503, None, b"")).unwrap();
    retry = retry.replace(
        "Connection: close\r\n",
        "Connection: close\r\nRetry-After: 5\r\n",
    );
    let server = RawServer::start(vec![
        vec![
            Step::Write(head.to_vec()),
            Step::Sleep(Duration::from_secs(30)),
        ],
        created(),
        vec![Step::Write(retry.into_bytes())],
        created(),
    ])
    .await;
    let client = builder(&server).max_retries(1).build().unwrap();
    cancelled(&client, Duration::from_millis(300)).await;
    succeeds_within(&client, Duration::from_secs(2)).await;
    cancelled(&client, Duration::from_millis(300)).await;
    succeeds_within(&client, Duration::from_secs(2)).await;
    assert_eq!(
        server.connections(),
        4,
        "the retry was dropped with its call"
    );
}
