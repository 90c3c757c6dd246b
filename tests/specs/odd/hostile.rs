//! Hostile input and misbehaving servers: path parameters never leave their segment,
//! header values never carry a line break, and every bad answer is a typed error with the
//! status, a bounded excerpt and the failing field. The server here is a raw TCP listener,
//! so that it can answer anything.
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use odd_hostile::{Client, Error, ErrorBody, ResponseProblem};

/// A server that answers one request with `answer` and reports the request's head.
fn serve(answer: Vec<u8>) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).map(|n| n == 1).unwrap_or(false) {
            head.push(byte[0]);
        }
        let _ = tx.send(String::from_utf8_lossy(&head).into_owned());
        let _ = stream.write_all(&answer);
    });
    (url, rx)
}

fn answer(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn ok() -> Vec<u8> {
    answer("200 OK", "application/json", b"{\"name\":\"abc\"}")
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn request_line(head: &str) -> &str {
    head.lines().next().unwrap_or_default()
}

#[test]
fn path_parameters_stay_one_segment() {
    for (value, sent) in [
        ("../x", "/items/..%2Fx"),
        ("a/b", "/items/a%2Fb"),
        ("%2F", "/items/%252F"),
        ("a?b", "/items/a%3Fb"),
        ("a#b", "/items/a%23b"),
        ("a b", "/items/a%20b"),
        ("ü", "/items/%C3%BC"),
        ("..;", "/items/..%3B"),
        ("~ok-_.", "/items/~ok-_."),
    ] {
        let (url, heads) = serve(ok());
        let client = Client::new(&url).unwrap();
        rt().block_on(client.get_item(value).send()).unwrap_or_else(|e| panic!("{value:?}: {e}"));
        let head = heads.recv().unwrap();
        assert_eq!(request_line(&head), format!("GET {sent} HTTP/1.1"), "{value:?}");
    }
}

#[test]
fn segments_that_cannot_be_one_segment_are_refused() {
    let client = Client::new("http://127.0.0.1:9").unwrap();
    for value in ["", ".", ".."] {
        let err = rt().block_on(client.get_item(value).send()).unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{value:?}: {err:?}");
        assert!(err.to_string().contains("path parameter `name`"), "{err}");
    }
}

#[test]
fn header_values_never_carry_line_breaks() {
    let client = Client::new("http://127.0.0.1:9").unwrap();
    for value in ["x\r\nInjected: yes", "x\nInjected: yes", "x\r", "nul\0"] {
        let err = rt().block_on(client.get_item("a").x_trace(value).send()).unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{value:?}: {err:?}");
    }
    let (url, heads) = serve(ok());
    let client = Client::new(&url).unwrap();
    rt().block_on(client.get_item("a").x_trace("trace ü-1").send()).unwrap();
    let head = heads.recv().unwrap();
    assert!(head.to_ascii_lowercase().contains("x-trace: trace"), "{head}");
}

#[test]
fn query_values_are_encoded_and_lists_repeat() {
    let (url, heads) = serve(ok());
    let client = Client::new(&url).unwrap();
    rt().block_on(
        client
            .get_item("a")
            .q("a&b=c#d e")
            .tags(vec!["x".to_owned(), "y/z".to_owned()])
            .send(),
    )
    .unwrap();
    let head = heads.recv().unwrap();
    assert_eq!(request_line(&head), "GET /items/a?q=a%26b%3Dc%23d+e&tags=x&tags=y%2Fz HTTP/1.1");
}

#[test]
fn a_documented_error_without_a_schema_keeps_its_body() {
    let (url, _heads) = serve(answer("404 Not Found", "text/plain", b"no such item"));
    let client = Client::new(&url).unwrap();
    let err = rt().block_on(client.get_item("a").send()).unwrap_err();
    let Error::Api(f) = &err else { panic!("{err:?}") };
    assert_eq!(f.status, 404);
    assert!(matches!(&f.body, ErrorBody::Other { body, .. } if body == b"no such item"));
}

#[test]
fn a_response_over_the_limit_stops_being_read() {
    // With a Content-Length that says so up front.
    let big = vec![b'x'; 64 * 1024];
    let (url, _h) = serve(answer("200 OK", "application/json", &big));
    let client = Client::builder().base_url(url).max_response_bytes(1024).build().unwrap();
    let err = rt().block_on(client.get_item("a").send()).unwrap_err();
    assert!(matches!(&err, Error::UnexpectedResponse(r) if r.problem == ResponseProblem::TooLarge && r.body.is_empty()), "{err:?}");
    // Without a length: the body ends when the connection closes.
    let mut raw = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_vec();
    raw.extend(vec![b' '; 64 * 1024]);
    let (url, _h) = serve(raw);
    let client = Client::builder().base_url(url).max_response_bytes(1024).build().unwrap();
    let err = rt().block_on(client.get_item("a").send()).unwrap_err();
    assert!(matches!(&err, Error::UnexpectedResponse(r) if r.problem == ResponseProblem::TooLarge), "{err:?}");
}

#[test]
fn bad_answers_are_typed_errors_with_bounded_excerpts() {
    let client_for = |raw: Vec<u8>| Client::new(&serve(raw).0).unwrap();
    // A body that breaks a pattern names the field.
    let err = rt().block_on(client_for(answer("200 OK", "application/json", b"{\"name\":\"ABC\"}")).get_item("a").send()).unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert!(matches!(&err, Error::UnexpectedResponse(r) if r.problem == ResponseProblem::InvalidBody));
    // An unknown status keeps the status; the message shows only the start of the body.
    let long = "e".repeat(10_000);
    let err = rt().block_on(client_for(answer("418 I'm a teapot", "text/plain", long.as_bytes())).get_item("a").send()).unwrap_err();
    assert_eq!(err.status(), Some(418));
    assert_eq!(err.body().unwrap().len(), 10_000);
    let message = err.to_string();
    assert!(message.len() < 600 && message.ends_with("… (10000 bytes in all)"), "{message}");
    // Wrong media type, malformed JSON, empty body.
    for (raw, problem) in [
        (answer("200 OK", "text/html", b"<p>hi</p>"), ResponseProblem::WrongContentType),
        (answer("200 OK", "application/json", b"{\"name\": tru"), ResponseProblem::MalformedBody),
        (answer("200 OK", "application/json", b""), ResponseProblem::EmptyBody),
        (answer("200 OK", "application/json", b"{} {}"), ResponseProblem::MalformedBody),
    ] {
        let err = rt().block_on(client_for(raw).get_item("a").send()).unwrap_err();
        assert!(matches!(&err, Error::UnexpectedResponse(r) if r.problem == problem), "{problem:?}: {err:?}");
        assert_eq!(err.status(), Some(200));
    }
}
