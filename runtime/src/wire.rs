//! The client on the wire, against a local server that answers with exact bytes: what
//! only a byte-level peer can provoke (a chunked body without `Content-Length`, an absurd
//! `Retry-After`), and how the client sends what the runtime builds.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::runtime::client::{Client, ClientBuilder};
use crate::runtime::error::{Error, ResponseProblem};
use crate::runtime::request::Request;
use crate::runtime::response::Response;

/// A server on 127.0.0.1 that reads each request's head and answers with `answer(n, head)`
/// for the `n`th request (from 0), then closes the connection. Returns its base URL and
/// the request heads it saw.
async fn serve(
    answer: impl Fn(usize, &str) -> Vec<u8> + Send + Sync + 'static,
) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let answer = Arc::new(answer);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let count = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = count.fetch_add(1, Ordering::SeqCst);
            let log = log.clone();
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => head.extend_from_slice(&buf[..k]),
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let reply = answer(n, &head);
                log.lock().unwrap().push(head);
                let _ = socket.write_all(&reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, seen)
}

/// A `GET` request, as an operation's method makes it (idempotent).
fn get(path: &str) -> Request {
    let mut request = Request::new(
        "op",
        reqwest::Method::GET,
        "/things",
        "application/json",
        true,
    );
    request.idempotent();
    request.push_literal(path);
    request
}

async fn call(client: &Client, request: Request) -> Result<serde_json::Value, Error> {
    client.send(request, Response::json).await
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_not_read_further() {
    let (url, _) = serve(|_, _| {
        let mut reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        for _ in 0..64 {
            reply.extend_from_slice(b"400\r\n");
            reply.extend_from_slice(&[b' '; 0x400]);
            reply.extend_from_slice(b"\r\n");
        }
        reply.extend_from_slice(b"0\r\n\r\n");
        reply
    })
    .await;
    let client = ClientBuilder::with_defaults(&url, "t/1")
        .max_response_bytes(10_000)
        .build()
        .unwrap();
    let err = call(&client, get("/big")).await.unwrap_err();
    let Error::UnexpectedResponse(r) = err else {
        panic!("{err:?}")
    };
    assert_eq!(r.problem, ResponseProblem::TooLarge);
    assert!(r.body.is_empty(), "nothing of an oversized body is kept");
}

#[tokio::test]
async fn an_absurd_retry_after_ends_the_retries_at_once() {
    let (url, seen) = serve(|_, _| {
        b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 18446744073709551615\r\nContent-Length: 0\r\n\r\n".to_vec()
    })
    .await;
    let client = ClientBuilder::with_defaults(&url, "t/1")
        .max_retries(3)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call(&client, get("/busy")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "no retry waits longer than allowed"
    );
}

#[tokio::test]
async fn a_digest_challenge_is_answered_once_and_the_nonce_reused() {
    let (url, seen) = serve(|_, head| {
        if head.contains("Authorization: Digest") || head.contains("authorization: Digest") {
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".to_vec()
        } else {
            b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth\"\r\nContent-Length: 0\r\n\r\n".to_vec()
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&url)
        .digest("user", "pw")
        .build()
        .unwrap();
    call(&client, get("/a?b=1")).await.unwrap();
    call(&client, get("/a")).await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.len(),
        3,
        "one challenge, then two answered requests: {seen:?}"
    );
    let lower: Vec<String> = seen.iter().map(|h| h.to_ascii_lowercase()).collect();
    assert!(
        lower[1].contains("nc=00000001") && lower[1].contains("uri=\"/a?b=1\""),
        "{}",
        seen[1]
    );
    assert!(lower[2].contains("nc=00000002"), "{}", seen[2]);
    assert!(
        !lower.iter().any(|h| h.contains("pw")),
        "the password never travels"
    );
}

/// Whether a request head carries Digest credentials.
fn has_digest(head: &str) -> bool {
    head.to_ascii_lowercase().contains("authorization: digest")
}

const DIGEST_OK: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

/// A `401` with a Digest challenge for `nonce`.
fn digest_challenge(nonce: &str, stale: bool) -> Vec<u8> {
    let stale = if stale { ", stale=true" } else { "" };
    format!(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"{nonce}\", \
         qop=\"auth\"{stale}\r\nContent-Length: 0\r\n\r\n"
    )
    .into_bytes()
}

fn digest_client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .digest("user", "pw")
        .build()
        .unwrap()
}

/// `n` concurrent calls to `/<prefix>/<i>`, each of which must succeed.
async fn burst(client: &Client, n: usize, prefix: &str) {
    let calls: Vec<_> = (0..n)
        .map(|i| {
            let client = client.clone();
            let path = format!("/{prefix}/{i}");
            tokio::spawn(async move { call(&client, get(&path)).await })
        })
        .collect();
    for call in calls {
        call.await
            .unwrap()
            .expect("every call of the burst succeeds");
    }
}

/// The `nc` counts of the answered requests, sorted.
fn counts(seen: &[String], nonce: &str) -> Vec<String> {
    let mut counts: Vec<String> = seen
        .iter()
        .filter(|h| has_digest(h) && h.contains(&format!("nonce=\"{nonce}\"")))
        .filter_map(|h| h.split("nc=").nth(1).map(|r| r[..8].to_owned()))
        .collect();
    counts.sort();
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_first_digest_calls_is_challenged_once() {
    let (url, seen) = serve(|_, head| match has_digest(head) {
        true => DIGEST_OK.to_vec(),
        false => digest_challenge("n", false),
    })
    .await;
    burst(&digest_client(&url), 40, "burst").await;
    let seen = seen.lock().unwrap();
    let challenged = seen.iter().filter(|h| !has_digest(h)).count();
    assert_eq!(challenged, 1, "one request asked for the challenge");
    assert_eq!(seen.len(), 41);
    let counts = counts(&seen, "n");
    let mut distinct = counts.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 40, "counts never repeat: {counts:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_digest_call_dropped_while_it_asks_hands_the_asking_on() {
    // The first connection is read and never answered; later ones are served.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (asked, mut first_asked) = tokio::sync::mpsc::channel::<()>(1);
    let challenges = Arc::new(AtomicUsize::new(0));
    let counted = challenges.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            if held.is_empty() {
                let _ = asked.send(()).await;
                held.push(socket);
                continue;
            }
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut head = vec![0u8; 4096];
                let n = socket.read(&mut head).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&head[..n]).into_owned();
                let reply = match has_digest(&head) {
                    true => DIGEST_OK.to_vec(),
                    false => {
                        counted.fetch_add(1, Ordering::SeqCst);
                        digest_challenge("n", false)
                    }
                };
                let _ = socket.write_all(&reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    let client = digest_client(&url);
    let asking = tokio::spawn({
        let client = client.clone();
        async move { call(&client, get("/hangs")).await }
    });
    first_asked.recv().await.unwrap();
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { call(&client, get("/waits")).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !waiting.is_finished(),
        "the second call waits for the first"
    );
    asking.abort();
    let answered = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("the waiting call goes on once the first is dropped");
    answered
        .unwrap()
        .expect("it asks for the challenge itself, and succeeds");
    assert_eq!(challenges.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_nonce_is_renewed_once_for_the_requests_that_used_it() {
    // Nonce `old` answers one request, then is stale: each stale answer brings a nonce of
    // its own. The first renewal must serve every request that used `old`.
    let uses = Arc::new(AtomicUsize::new(0));
    let counter = uses.clone();
    let (url, seen) = serve(move |_, head| {
        if !has_digest(head) {
            digest_challenge("old", false)
        } else if head.contains("nonce=\"old\"") {
            match counter.fetch_add(1, Ordering::SeqCst) {
                0 => DIGEST_OK.to_vec(),
                k => digest_challenge(&format!("fresh-{k}"), true),
            }
        } else {
            DIGEST_OK.to_vec()
        }
    })
    .await;
    let client = digest_client(&url);
    call(&client, get("/warm")).await.unwrap();
    burst(&client, 20, "after").await;
    let seen = seen.lock().unwrap();
    let mut renewed: Vec<&str> = seen
        .iter()
        .filter(|h| has_digest(h) && !h.contains("nonce=\"old\""))
        .filter_map(|h| h.split("nonce=\"").nth(1)?.split('"').next())
        .collect();
    renewed.sort_unstable();
    renewed.dedup();
    assert!(uses.load(Ordering::SeqCst) > 1, "the nonce went stale");
    assert_eq!(renewed.len(), 1, "one renewal for all: {renewed:?}");
}

#[tokio::test]
async fn redirects_are_followed_within_the_origin_and_no_further() {
    const OK: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    // Another origin (another port): it must never see the API key, nor any request.
    let (elsewhere, asked_elsewhere) = serve(|_, _| OK.to_vec()).await;
    let (url, seen) = serve(move |_, head| {
        let path = head.split_whitespace().nth(1).unwrap_or("");
        let location = match path {
            "/near" => "/landed".to_owned(),
            "/far" => format!("{elsewhere}/stolen"),
            _ => return OK.to_vec(),
        };
        format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
            .into_bytes()
    })
    .await;
    // The builder's own HTTP client, and one the caller makes from `reqwest_builder`.
    let own = Client::reqwest_builder().build().unwrap();
    for http in [None, Some(own)] {
        let mut builder = Client::builder().base_url(&url).api_key("sk-header-secret");
        if let Some(http) = http {
            builder = builder.reqwest_client(http);
        }
        let client = builder.build().unwrap();
        seen.lock().unwrap().clear();
        call(&client, get("/near")).await.unwrap();
        let landed = seen.lock().unwrap()[1].to_ascii_lowercase();
        assert!(
            landed.starts_with("get /landed ") && landed.contains("x-api-key: sk-header-secret")
        );

        let err = call(&client, get("/far")).await.unwrap_err();
        assert_eq!(err.status(), Some(302), "{err:?}");
        assert!(
            asked_elsewhere.lock().unwrap().is_empty(),
            "the redirect was not followed"
        );
    }
}

#[tokio::test]
async fn a_key_in_the_query_is_not_shown_when_the_request_fails() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key_in_query("sk-query-secret")
        .build()
        .unwrap();
    let err = call(&client, get("/a")).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("sk-query-secret"), "{text}");
        assert!(
            text.contains("/a"),
            "the URL, without its query, is still shown: {text}"
        );
    }
}

#[tokio::test]
async fn a_credential_no_header_can_carry_fails_the_build() {
    let err = Client::builder()
        .base_url("http://127.0.0.1:1")
        .bearer_token("token\n")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("line break")),
        "{err:?}"
    );
}

/// What a server that closes kept-alive connections has seen.
#[derive(Default)]
struct Closing {
    connections: AtomicUsize,
    /// Request lines, in the order they arrived.
    requests: std::sync::Mutex<Vec<String>>,
}

/// A server that answers the first request on each connection (after `delay`) and keeps
/// the connection open, then reads the next request on it and closes without an answer:
/// what a busy server, or one whose keep-alive timeout has just passed, does to a request
/// that arrives on an idle connection.
async fn serve_closing_kept_connections(delay: Duration) -> (String, Arc<Closing>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Closing::default());
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            log.connections.fetch_add(1, Ordering::SeqCst);
            let log = log.clone();
            tokio::spawn(async move {
                let mut buffered = Vec::new();
                for answered in [true, false] {
                    let Some(line) = read_request(&mut socket, &mut buffered).await else {
                        return;
                    };
                    log.requests.lock().unwrap().push(line);
                    if !answered {
                        break;
                    }
                    tokio::time::sleep(delay).await;
                    let ok = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                    let _ = socket.write_all(ok).await;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, seen)
}

/// Reads one request (its head, and as many body bytes as `Content-Length` says) from
/// `socket`, with `buffered` holding what was read past the last one; its request line.
async fn read_request(
    socket: &mut tokio::net::TcpStream,
    buffered: &mut Vec<u8>,
) -> Option<String> {
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buffered.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(k) => buffered.extend_from_slice(&buf[..k]),
        }
    };
    let head = String::from_utf8_lossy(&buffered[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buffered.len() < head_end + length {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(k) => buffered.extend_from_slice(&buf[..k]),
        }
    }
    let line = head.lines().next().unwrap_or_default().to_owned();
    buffered.drain(..head_end + length);
    Some(line)
}

fn post(path: &str) -> Request {
    let mut request = Request::new(
        "op",
        reqwest::Method::POST,
        "/things",
        "application/json",
        true,
    );
    request.push_literal(path);
    request.json("application/json", &serde_json::json!({"name": "x"}));
    request
}

#[tokio::test]
async fn a_request_that_may_be_sent_twice_is_sent_again_when_a_kept_connection_closes() {
    let (url, seen) = serve_closing_kept_connections(Duration::ZERO).await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let keyed = || {
        let mut request = post("/keyed");
        request.header("Idempotency-Key", "k-1");
        request
    };
    let marked = || {
        let mut request = post("/marked");
        request.idempotent();
        request
    };
    // Each pair: the first request opens a connection, the second meets it closed and goes
    // again on a new one.
    for (name, request) in [
        ("get", get("/a")),
        ("keyed post", keyed()),
        ("marked post", marked()),
    ] {
        let opened = seen.connections.load(Ordering::SeqCst);
        call(&client, request.clone()).await.unwrap();
        call(&client, request)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(
            seen.connections.load(Ordering::SeqCst) - opened,
            2,
            "{name}: the second went again on a new connection"
        );
    }
    let requests = seen.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 9, "three requests a pair: {requests:#?}");
}

#[tokio::test]
async fn a_post_is_not_sent_again_and_its_error_says_it_may_have_been_processed() {
    let (url, seen) = serve_closing_kept_connections(Duration::ZERO).await;
    let client = Client::builder().base_url(&url).build().unwrap();
    call(&client, post("/first")).await.unwrap();
    let err = call(&client, post("/second")).await.unwrap_err();
    assert!(err.is_connection_closed(), "{err:?}");
    assert!(!err.is_connect() && !err.is_timeout(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("op: the server closed the connection before it answered; the request may or may not have been processed"),
        "{text}"
    );
    let requests = seen.requests.lock().unwrap().clone();
    assert_eq!(
        requests,
        ["post /first http/1.1", "post /second http/1.1"],
        "sent once"
    );
    // A server that is not there is no closed connection.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let nobody = Client::new(&format!("http://127.0.0.1:{port}")).unwrap();
    let err = call(&nobody, get("/a")).await.unwrap_err();
    assert!(err.is_connect() && !err.is_connection_closed(), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_sent_again_goes_on_a_new_connection_not_another_idle_one() {
    // Two calls at once leave two idle connections, both of which the server closes under
    // the next request: sent again through the pool, a request would meet the second one.
    let (url, seen) = serve_closing_kept_connections(Duration::from_millis(200)).await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let (a, b) = tokio::join!(call(&client, get("/a")), call(&client, get("/b")));
    a.unwrap();
    b.unwrap();
    assert_eq!(seen.connections.load(Ordering::SeqCst), 2);
    call(&client, get("/c")).await.unwrap();
    assert_eq!(seen.connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn an_idle_connection_is_let_go_after_the_pool_idle_timeout() {
    let (url, seen) = serve_closing_kept_connections(Duration::ZERO).await;
    let client = Client::builder()
        .base_url(&url)
        .pool_idle_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    call(&client, post("/first")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    call(&client, post("/second")).await.unwrap();
    assert_eq!(
        seen.connections.load(Ordering::SeqCst),
        2,
        "a new connection"
    );
    assert_eq!(seen.requests.lock().unwrap().len(), 2, "nothing sent twice");
}
