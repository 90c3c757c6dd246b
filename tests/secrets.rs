//! Secrets are wiped from memory when the client frees them: the Digest password and the
//! service account's secret, and every text made of them on the way (the Digest `user:realm:
//! password` and its hash, the `id:secret` pair of HTTP Basic and its encoding).
//!
//! This test binary's allocator looks into every block as it is freed (or moved by a
//! reallocation) and counts those that still hold a secret. The secrets never travel as they
//! are (Digest sends a hash, the token request the Basic encoding), so nothing outside the
//! client may hold them; the copies a request carries in its headers are reqwest's, and are
//! out of scope (see `runtime/src/runtime/auth.rs`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use atlas_admin::Client;
use atlas_admin::types::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const DIGEST_PASSWORD: &str = "digest-password-3f9c1a7e";
const CLIENT_SECRET: &str = "client-secret-8b2d6e40";

static WATCHING: AtomicBool = AtomicBool::new(false);
static FREED_WITH_PASSWORD: AtomicUsize = AtomicUsize::new(0);
static FREED_WITH_CLIENT_SECRET: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, looking into blocks as they are freed while `WATCHING`.
struct Inspecting;

fn inspect(ptr: *mut u8, size: usize) {
    if !WATCHING.load(Ordering::Relaxed) {
        return;
    }
    // SAFETY: the block is allocated and `size` bytes long until it is freed, right after.
    let block = unsafe { std::slice::from_raw_parts(ptr, size) };
    let holds = |secret: &str| block.windows(secret.len()).any(|w| w == secret.as_bytes());
    if holds(DIGEST_PASSWORD) {
        FREED_WITH_PASSWORD.fetch_add(1, Ordering::Relaxed);
    }
    if holds(CLIENT_SECRET) {
        FREED_WITH_CLIENT_SECRET.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: every call is passed on to the system allocator as it came.
unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        inspect(ptr, layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        inspect(ptr, layout.size());
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Inspecting = Inspecting;

fn created() -> ResponseTemplate {
    let body = json!({"_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS"});
    ResponseTemplate::new(201).set_body_raw(
        serde_json::to_vec(&body).unwrap(),
        "application/vnd.atlas.2023-01-01+json",
    )
}

/// Challenges a request without Digest credentials, accepts one with them.
struct DigestServer;

impl Respond for DigestServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match request.headers.get("authorization") {
            Some(_) => created(),
            None => ResponseTemplate::new(401).insert_header(
                "www-authenticate",
                "Digest realm=\"MMS Public API\", nonce=\"abc\", algorithm=MD5-sess, qop=\"auth\"",
            ),
        }
    }
}

async fn calls(client: &Client) {
    let group = GroupId::new("32b6e34b3d91647abb20e7b8").unwrap();
    let instance = InstanceName::new("Cluster0").unwrap();
    let body = ServerlessTenantCreateRequest { comment: None };
    for _ in 0..3 {
        client
            .create_serverless_private_endpoint(&group, &instance, &body)
            .send()
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn secrets_are_wiped_before_their_memory_is_freed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "t", "token_type": "Bearer", "expires_in": 3600}),
        ))
        .mount(&server)
        .await;
    let endpoint = server.uri();
    let digest_server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(DigestServer)
        .mount(&digest_server)
        .await;
    Mock::given(method("POST"))
        .and(path(
            "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/Cluster0/endpoint",
        ))
        .respond_with(created())
        .mount(&server)
        .await;

    // The watch sees a secret freed without being wiped: the test can fail.
    WATCHING.store(true, Ordering::Relaxed);
    drop(DIGEST_PASSWORD.to_owned());
    WATCHING.store(false, Ordering::Relaxed);
    assert_eq!(FREED_WITH_PASSWORD.swap(0, Ordering::Relaxed), 1);

    WATCHING.store(true, Ordering::Relaxed);
    let digest = Client::builder()
        .base_url(digest_server.uri())
        .digest("public-key", DIGEST_PASSWORD.to_owned())
        .build()
        .unwrap();
    calls(&digest).await;
    drop(digest);
    let service_account = Client::builder()
        .base_url(endpoint)
        .service_account("mdb_sa_id", CLIENT_SECRET.to_owned())
        .build()
        .unwrap();
    calls(&service_account).await;
    drop(service_account);
    WATCHING.store(false, Ordering::Relaxed);

    assert_eq!(
        digest_server.received_requests().await.unwrap().len(),
        4,
        "one challenge, then three answers"
    );
    assert_eq!(
        FREED_WITH_PASSWORD.load(Ordering::Relaxed),
        0,
        "the Digest password"
    );
    assert_eq!(
        FREED_WITH_CLIENT_SECRET.load(Ordering::Relaxed),
        0,
        "the client secret"
    );
}
