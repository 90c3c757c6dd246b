//! What surrounds a call: the response's status and headers beside the body, headers on
//! errors, a timeout per call, the caller's own `reqwest::Client`, and hooks that see (and
//! may answer) each request.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atlas_admin::types::*;
use atlas_admin::{Client, Error, Hook};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/Cluster0/endpoint";
const JSON: &str = "application/vnd.atlas.2023-01-01+json";

fn created_body() -> Vec<u8> {
    serde_json::to_vec(&json!({"_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS"})).unwrap()
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(201)
        .set_body_raw(created_body(), JSON)
        .insert_header("x-request-id", "req-42")
        .insert_header("x-ratelimit-remaining", "99")
}

async fn server(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

fn request(
    client: &Client,
) -> atlas_admin::operations::serverless_private_endpoints::CreateServerlessPrivateEndpoint<'_> {
    static IDS: std::sync::OnceLock<(GroupId, InstanceName, ServerlessTenantCreateRequest)> =
        std::sync::OnceLock::new();
    let (group, instance, body) = IDS.get_or_init(|| {
        (
            GroupId::new("32b6e34b3d91647abb20e7b8").unwrap(),
            InstanceName::new("Cluster0").unwrap(),
            ServerlessTenantCreateRequest { comment: None },
        )
    });
    client.create_serverless_private_endpoint(group, instance, body)
}

#[tokio::test]
async fn the_answer_comes_with_its_status_and_headers() {
    let server = server(created()).await;
    let client = Client::new(&server.uri()).unwrap();
    let answer = request(&client).send_with_response().await.unwrap();
    assert_eq!(answer.status, 201);
    assert_eq!(answer.headers["x-request-id"], "req-42");
    assert_eq!(answer.headers["x-ratelimit-remaining"], "99");
    assert!(matches!(answer.body, ServerlessTenantEndpoint::Aws(_)));
}

#[tokio::test]
async fn errors_carry_the_response_headers() {
    let not_found = ResponseTemplate::new(404)
        .set_body_json(json!({"error": 404, "errorCode": "GROUP_NOT_FOUND"}))
        .insert_header("x-request-id", "req-43");
    let server = server(not_found).await;
    let client = Client::new(&server.uri()).unwrap();
    let err = request(&client).send_with_response().await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.headers().unwrap()["x-request-id"], "req-43");

    let busy = ResponseTemplate::new(503).insert_header("retry-after", "7");
    let server = self::server(busy).await;
    let client = Client::new(&server.uri()).unwrap();
    let err = request(&client).send().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(err.headers().unwrap()["retry-after"], "7");
}

#[tokio::test]
async fn a_timeout_per_call_overrides_the_clients() {
    let server = server(created().set_delay(Duration::from_millis(1500))).await;
    let client = Client::new(&server.uri()).unwrap();
    let started = Instant::now();
    let err = request(&client)
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(1200));
    request(&client)
        .send()
        .await
        .expect("without it, the call waits");
}

#[tokio::test]
async fn the_callers_own_reqwest_client_sends_the_requests() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(header("x-tenant", "blue"))
        .and(header("user-agent", "my-app/2"))
        .respond_with(created())
        .mount(&server)
        .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-tenant", "blue".parse().unwrap());
    let own = Client::reqwest_builder()
        .default_headers(defaults)
        .user_agent("my-app/2")
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(server.uri())
        .reqwest_client(own)
        .build()
        .unwrap();
    request(&client)
        .send()
        .await
        .expect("sent with the caller's client");
}

/// Adds a header to each request, and notes each response's status.
#[derive(Default)]
struct Recorder {
    statuses: Mutex<Vec<(&'static str, u16)>>,
}

impl Hook for &'static Recorder {
    fn on_request(&self, request: &mut reqwest::Request) -> Option<reqwest::Response> {
        request
            .headers_mut()
            .insert("x-trace", "on".parse().unwrap());
        None
    }

    fn on_response(&self, operation: &'static str, response: &reqwest::Response) {
        self.statuses
            .lock()
            .unwrap()
            .push((operation, response.status().as_u16()));
    }
}

/// Answers every request in place of the server.
struct Canned(AtomicUsize);

impl Hook for &'static Canned {
    fn on_request(&self, _: &mut reqwest::Request) -> Option<reqwest::Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        let answer = http::Response::builder()
            .status(201)
            .header("content-type", JSON)
            .body(created_body())
            .unwrap();
        Some(reqwest::Response::from(answer))
    }
}

#[tokio::test]
async fn hooks_see_each_request_and_response_and_may_answer_them() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(header("x-trace", "on"))
        .respond_with(created())
        .mount(&server)
        .await;
    let recorder: &'static Recorder = Box::leak(Box::default());
    let client = Client::builder()
        .base_url(server.uri())
        .hook(recorder)
        .build()
        .unwrap();
    request(&client)
        .send()
        .await
        .expect("the hook's header reached the server");
    assert_eq!(
        *recorder.statuses.lock().unwrap(),
        [("createServerlessPrivateEndpoint", 201)]
    );

    let canned: &'static Canned = Box::leak(Box::new(Canned(AtomicUsize::new(0))));
    let client = Client::builder()
        .base_url(server.uri())
        .hook(canned)
        .hook(recorder)
        .build()
        .unwrap();
    let answer = request(&client).send().await.unwrap();
    assert!(matches!(answer, ServerlessTenantEndpoint::Aws(_)));
    assert_eq!(canned.0.load(Ordering::SeqCst), 1);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "the canned answer never reached the server"
    );
    assert_eq!(
        recorder.statuses.lock().unwrap().len(),
        2,
        "later hooks see the answer"
    );
}

#[test]
fn errors_without_a_response_have_no_headers() {
    let err = Error::Config("x".to_owned());
    assert!(err.headers().is_none());
}

/// Answers with the body compressed when the request accepts gzip, and refuses otherwise.
struct Gzipped(Vec<u8>);

impl wiremock::Respond for Gzipped {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let accepts = request
            .headers
            .get("accept-encoding")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("gzip"));
        if !accepts {
            return ResponseTemplate::new(406);
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut encoder, &self.0).unwrap();
        ResponseTemplate::new(201)
            .insert_header("content-encoding", "gzip")
            .set_body_raw(encoder.finish().unwrap(), JSON)
    }
}

#[tokio::test]
async fn gzip_answers_are_decompressed_and_the_limit_counts_the_decompressed_body() {
    let server = server(ResponseTemplate::new(500)).await;
    server.reset().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(Gzipped(created_body()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_response_bytes(100_000)
        .build()
        .unwrap();
    let answer = request(&client).send().await.expect("decompressed");
    assert!(matches!(answer, ServerlessTenantEndpoint::Aws(_)));

    // 2 MB of JSON that compresses to a few kilobytes: over the limit once decompressed.
    let padding = " ".repeat(2_000_000);
    let bomb = format!(r#"{{"_id": "32b6e34b3d91647abb20e7b8",{padding}"providerName": "AWS"}}"#);
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(Gzipped(bomb.into_bytes()))
        .mount(&server)
        .await;
    let err = request(&client).send().await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedResponse(r) if r.problem == atlas_admin::ResponseProblem::TooLarge),
        "{err:?}"
    );
}
