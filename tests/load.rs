//! One client shared by many concurrent calls: one token request for all of them, one
//! refresh when the token expires, and with Digest no second challenge once a nonce is
//! known and no nonce count used twice (the local servers check and count). `LOAD_CALLS`
//! sets the calls of each burst (500 unless set).

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atlas_admin::types::*;
use atlas_admin::{Client, Error};
use md5::Digest as _;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

mod mock;

/// Concurrent calls per burst: `LOAD_CALLS`, 500 unless set.
fn calls() -> usize {
    std::env::var("LOAD_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}
const PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/Cluster0/endpoint";

fn created() -> ResponseTemplate {
    let body = json!({"_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS"});
    ResponseTemplate::new(201).set_body_raw(
        serde_json::to_vec(&body).unwrap(),
        "application/vnd.atlas.2023-01-01+json",
    )
}

async fn call(client: &Client) -> Result<ServerlessTenantEndpoint, Error> {
    mock::create(client).await
}

/// [`calls`] calls at once, on as many tasks; every one must succeed.
async fn burst(client: &Client) {
    let tasks: Vec<_> = (0..calls())
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { call(&client).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("every call succeeds");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_share_one_token_and_one_refresh() {
    let server = MockServer::start().await;
    let lifetime = 4;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "t", "token_type": "Bearer", "expires_in": lifetime}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(created())
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .service_account("mdb_sa_id", "mdb_sa_sk")
        .build()
        .unwrap();
    let tokens = || async {
        let requests = server.received_requests().await.unwrap();
        requests
            .iter()
            .filter(|r| r.url.path() == "/api/oauth/token")
            .count()
    };
    let started = Instant::now();
    burst(&client).await;
    assert_eq!(
        tokens().await,
        1,
        "{} concurrent calls, one token request",
        calls()
    );
    // The token is renewed a quarter of its lifetime before it ends: 3 s.
    let renewal = Duration::from_secs(lifetime) * 3 / 4;
    assert!(
        started.elapsed() < renewal,
        "the first burst took {:?}",
        started.elapsed()
    );
    tokio::time::sleep_until((started + renewal + Duration::from_millis(200)).into()).await;
    burst(&client).await;
    assert_eq!(tokens().await, 2, "one refresh for the second burst");
}

/// A Digest server that checks every answer: its hash, and that no nonce count of its
/// nonce was used before. It counts the challenges it sends and the answers it refuses.
#[derive(Default)]
struct CheckingDigestServer {
    seen: Mutex<HashSet<String>>,
    challenges: AtomicUsize,
    wrong: AtomicUsize,
    repeated: AtomicUsize,
}

const NONCE: &str = "f00dcafe";

fn md5_hex(text: &str) -> String {
    md5::Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The value of `name="…"` or `name=…` in a Digest header.
fn field<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    let start = header.find(&format!("{name}="))? + name.len() + 1;
    let rest = &header[start..];
    match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next(),
        None => rest.split(',').next().map(str::trim),
    }
}

impl Respond for CheckingDigestServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let challenge = || {
            self.challenges.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(401).insert_header(
                "www-authenticate",
                format!("Digest realm=\"atlas\", nonce=\"{NONCE}\", algorithm=MD5, qop=\"auth\""),
            )
        };
        let Some(header) = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
        else {
            return challenge();
        };
        let get = |name| field(header, name).unwrap_or_default();
        let ha1 = md5_hex(&format!("{}:atlas:the-private-key", get("username")));
        let ha2 = md5_hex(&format!("{}:{}", request.method, get("uri")));
        let expected = md5_hex(&format!(
            "{ha1}:{NONCE}:{}:{}:auth:{ha2}",
            get("nc"),
            get("cnonce")
        ));
        if get("response") != expected || get("nonce") != NONCE {
            self.wrong.fetch_add(1, Ordering::SeqCst);
            return ResponseTemplate::new(403);
        }
        if !self.seen.lock().unwrap().insert(get("nc").to_owned()) {
            self.repeated.fetch_add(1, Ordering::SeqCst);
            return ResponseTemplate::new(403);
        }
        created()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_digest_calls_need_one_challenge_and_never_repeat_a_count() {
    let server = MockServer::start().await;
    let checker = std::sync::Arc::new(CheckingDigestServer::default());
    struct Shared(std::sync::Arc<CheckingDigestServer>);
    impl Respond for Shared {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            self.0.respond(request)
        }
    }
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(Shared(checker.clone()))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .digest("public-key", "the-private-key")
        .build()
        .unwrap();
    call(&client)
        .await
        .expect("the first call learns the nonce");
    burst(&client).await;
    assert_eq!(
        checker.challenges.load(Ordering::SeqCst),
        1,
        "one challenge in all"
    );
    assert_eq!(
        checker.wrong.load(Ordering::SeqCst),
        0,
        "every answer is right"
    );
    assert_eq!(
        checker.repeated.load(Ordering::SeqCst),
        0,
        "no count is used twice"
    );
    assert_eq!(checker.seen.lock().unwrap().len(), calls() + 1);
}
