//! Authentication and retries against a local mock server, where each case can be set up
//! exactly: Retry-After, a 401 that renews a bearer token, the Digest header's form, and
//! secrets that never show.

use std::time::{Duration, Instant};

use atlas_admin::types::*;
use atlas_admin::{Client, Error};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

mod mock;

use mock::{PATH, VERSIONED, server_answering};

async fn create(client: &Client) -> Result<ServerlessTenantEndpoint, Error> {
    let g: GroupId = "32b6e34b3d91647abb20e7b8".parse().unwrap();
    let i: InstanceName = "Cluster0".parse().unwrap();
    client
        .create_serverless_private_endpoint(&g, &i, &ServerlessTenantCreateRequest::default())
        .send()
        .await
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_raw(
        serde_json::to_vec(&json!({ "providerName": "AWS" })).unwrap(),
        VERSIONED,
    )
}

/// Answers with each template in turn, then the last one forever.
struct Sequence(std::sync::Mutex<Vec<ResponseTemplate>>);

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut v = self.0.lock().unwrap();
        if v.len() > 1 {
            v.remove(0)
        } else {
            v[0].clone()
        }
    }
}

fn sequence(items: Vec<ResponseTemplate>) -> Sequence {
    Sequence(std::sync::Mutex::new(items))
}

#[tokio::test]
async fn rate_limits_expose_retry_after_and_retries_wait_as_told() {
    let server = server_answering(sequence(vec![
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
        created(),
    ]))
    .await;
    // Without retries: the 429 is returned, with its Retry-After.
    let err = create(&Client::new(&server.uri()).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));

    let server = server_answering(sequence(vec![
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
        created(),
    ]))
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(2)
        .build()
        .unwrap();
    let started = Instant::now();
    create(&client).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retries_are_bounded_in_count_and_total_wait() {
    let server =
        server_answering(ResponseTemplate::new(429).insert_header("retry-after", "0")).await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(3)
        .build()
        .unwrap();
    assert_eq!(create(&client).await.unwrap_err().status(), Some(429));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        4,
        "one try and three retries"
    );

    // A wait beyond the limit is not made: the answer comes back at once, with its wait.
    let server =
        server_answering(ResponseTemplate::new(503).insert_header("retry-after", "3600")).await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(5)
        .max_retry_wait(Duration::from_secs(10))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = create(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retry_after_as_a_date() {
    let server = MockServer::start().await;
    let when = httpdate(std::time::SystemTime::now() + Duration::from_secs(120));
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", when.as_str()))
        .mount(&server)
        .await;
    let err = create(&Client::new(&server.uri()).unwrap())
        .await
        .unwrap_err();
    let wait = err.retry_after().unwrap();
    assert!(
        wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
        "{wait:?}"
    );
}

fn httpdate(t: std::time::SystemTime) -> String {
    // RFC 7231 IMF-fixdate, computed here to keep the test independent of the client's parser.
    let secs = t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let days = secs / 86400;
    let (h, m, s) = ((secs % 86400) / 3600, (secs % 3600) / 60, secs % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil from days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(mo - 1) as usize];
    format!("{weekday}, {d:02} {month} {y} {h:02}:{m:02}:{s:02} GMT")
}

#[tokio::test]
async fn other_statuses_are_never_retried() {
    for status in [400, 404, 500, 502] {
        let server = server_answering(ResponseTemplate::new(status)).await;
        let client = Client::builder()
            .base_url(server.uri())
            .max_retries(5)
            .build()
            .unwrap();
        create(&client).await.unwrap_err();
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "status {status}"
        );
    }
}

fn token(value: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({ "access_token": value, "token_type": "Bearer", "expires_in": expires_in }),
    )
}

#[tokio::test]
async fn a_refused_token_is_renewed_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .and(header("authorization", "Basic aWQ6c2VjcmV0")) // id:secret
        .respond_with(sequence(vec![token("first", 3600), token("second", 3600)]))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(header("authorization", "Bearer first"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "error": 401, "errorCode": "INVALID_TOKEN" })),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(header("authorization", "Bearer second"))
        .respond_with(created())
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .service_account("id", "secret")
        .build()
        .unwrap();
    create(&client).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let token_requests: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/api/oauth/token")
        .collect();
    assert_eq!(token_requests.len(), 2);
    assert_eq!(
        String::from_utf8_lossy(&token_requests[0].body),
        "grant_type=client_credentials"
    );
    assert_eq!(
        token_requests[0].headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
}

#[tokio::test]
async fn a_token_that_stays_refused_gives_the_401() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(token("t", 3600))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "error": 401, "errorCode": "INVALID_TOKEN" })),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .service_account("id", "secret")
        .build()
        .unwrap();
    let err = create(&client).await.unwrap_err();
    assert_eq!(err.api_error().unwrap().error_code, "INVALID_TOKEN");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        4,
        "token, request, token, request: no loop"
    );
}

#[tokio::test]
async fn token_endpoint_failures_are_auth_errors() {
    let (_server, client) =
        token_endpoint(ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html"))
            .await;
    let err = create(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth(f) if f.status == Some(200)),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("not an OAuth2 token response"),
        "{err}"
    );
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("top-secret"), "{text}");
    }
    // Nothing listening: a transport error of the token request.
    let dead = Client::builder()
        .base_url("http://127.0.0.1:9")
        .service_account("id", "top-secret")
        .build()
        .unwrap();
    let err = create(&dead).await.unwrap_err();
    assert_eq!(err.operation(), Some("token"), "{err:?}");
}

#[tokio::test]
async fn token_answers_that_do_not_fit_say_which_member() {
    let cases = [
        (
            json!({ "token_type": "bearer" }),
            "`access_token` is missing",
        ),
        (
            json!({ "access_token": 7 }),
            "`access_token` is not a string",
        ),
        (
            json!({ "access_token": "tok-secret", "token_type": ["bearer"] }),
            "`token_type` is not a string",
        ),
        (
            json!({ "access_token": "tok-secret", "expires_in": "soon" }),
            "`expires_in` is not a number of seconds",
        ),
        (
            json!({ "access_token": "tok-secret", "token_type": "mac" }),
            "a `mac` token",
        ),
    ];
    for (answer, says) in cases {
        let (_server, client) =
            token_endpoint(ResponseTemplate::new(200).set_body_json(&answer)).await;
        let err = create(&client).await.unwrap_err();
        assert!(matches!(&err, Error::Auth(_)), "{answer}: {err:?}");
        assert!(err.to_string().contains(says), "{answer}: {err}");
        // An answer that came with a success status may hold a token: it is not kept.
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("tok-secret"), "{text}");
        }
    }
    // Members that are `null` count as absent; a token with no lifetime and no type works.
    let (server, client) = token_endpoint(
        ResponseTemplate::new(200)
            .set_body_json(json!({ "access_token": "t", "token_type": null, "expires_in": null })),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(header("authorization", "Bearer t"))
        .respond_with(created())
        .mount(&server)
        .await;
    create(&client).await.unwrap();
}

/// A server whose token endpoint answers with `answer`, and a service-account client of it.
async fn token_endpoint(answer: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(answer)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .service_account("id", "top-secret")
        .build()
        .unwrap();
    (server, client)
}

/// A Digest server in a few lines: enough to check the form of the client's answer.
struct DigestServer;

impl Respond for DigestServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match request.headers.get("authorization").and_then(|v| v.to_str().ok()) {
            Some(auth) if auth.starts_with("Digest ") => created(),
            _ => ResponseTemplate::new(401).insert_header(
                "www-authenticate",
                "Digest realm=\"MMS Public API\", domain=\"\", nonce=\"n0nce/+=\", opaque=\"op\\\"aque\", algorithm=MD5, qop=\"auth,auth-int\", stale=FALSE",
            ),
        }
    }
}

#[tokio::test]
async fn digest_answer_has_the_rfc_7616_form() {
    let server = server_answering(DigestServer).await;
    let client = Client::builder()
        .base_url(server.uri())
        .digest("user\"name", "pass")
        .build()
        .unwrap();
    create(&client).await.unwrap();
    create(&client).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    let auth = |i: usize| {
        requests[i]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    let first = auth(1);
    for part in [
        "username=\"user\\\"name\"",
        "realm=\"MMS Public API\"",
        "nonce=\"n0nce/+=\"",
        "algorithm=MD5",
        "qop=auth",
        "nc=00000001",
        "opaque=\"op\\\"aque\"",
    ] {
        assert!(first.contains(part), "{part} not in {first}");
    }
    assert!(first.contains(&format!("uri=\"{PATH}\"")), "{first}");
    let cnonce = first
        .split("cnonce=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(cnonce.len(), 32);
    assert!(auth(2).contains("nc=00000002"));
    assert_ne!(
        auth(2).split("cnonce=\"").nth(1),
        first.split("cnonce=\"").nth(1),
        "a fresh cnonce each time"
    );
}

#[test]
fn secrets_never_show() {
    let digest = Client::builder().digest("public", "digest-secret-value");
    let sa = Client::builder().service_account("client-id", "sa-secret-value");
    for text in [
        format!("{digest:?}"),
        format!("{sa:?}"),
        format!("{:?}", digest.clone().build().unwrap()),
        format!("{:?}", sa.clone().build().unwrap()),
    ] {
        assert!(
            !text.contains("digest-secret-value") && !text.contains("sa-secret-value"),
            "{text}"
        );
        assert!(text.contains("[redacted]"), "{text}");
    }
}
