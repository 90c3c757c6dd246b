//! Form and multipart bodies, read back by the parsers a server would use: `form_urlencoded`
//! for forms, `multer` (the multipart parser of axum and others) for multipart.
use odd_forms::types::{LogInBody, LogInBodyFilter, UploadPhotosBody, UploadPhotosBodyMeta};
use odd_forms::{Client, File};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The media type of a file part that was given none.
fn octets() -> String {
    "application/octet-stream".to_owned()
}

/// The parts of a multipart body: (name, file name, content type, bytes).
async fn parts(request: &Request) -> Vec<(String, Option<String>, Option<String>, Vec<u8>)> {
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = multer::parse_boundary(content_type).expect("a multipart content type");
    let body = bytes::Bytes::from(request.body.clone());
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed multipart") {
        let name = field.name().unwrap().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        out.push((name, file_name, content_type, field.bytes().await.unwrap().to_vec()));
    }
    out
}

#[tokio::test]
async fn a_form_is_sent_as_its_encoding_says() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/login")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap();
    let body = LogInBody {
        user: "ann".into(),
        password: "p&ss=word".into(),
        remember: Some(true),
        scopes: Some(vec!["read".into(), "write".into()]),
        ids: Some(vec![1, 2]),
        filter: Some(LogInBodyFilter { kind: Some("dog".into()), size: None }),
    };
    client.log_in(&body).send().await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.headers["content-type"], "application/x-www-form-urlencoded");
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&sent.body).into_owned().collect();
    let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    assert_eq!(
        pairs,
        // In the order of the body's fields.
        [
            pair("user", "ann"),
            pair("password", "p&ss=word"),
            pair("remember", "true"),
            pair("scopes", "read"),
            pair("scopes", "write"),
            pair("ids", "1,2"),
            pair("filter[kind]", "dog"),
        ]
    );
}

#[tokio::test]
async fn a_multipart_body_carries_files_and_values() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/7/photos"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"stored": 3})))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let png = vec![0x89, b'P', b'N', b'G', 0, 0xff];
    let body = UploadPhotosBody {
        caption: "Rex, asleep".into(),
        rating: Some(5),
        tags: Some(vec!["dog".into(), "cute".into()]),
        meta: Some(UploadPhotosBodyMeta { camera: Some("X100".into()) }),
        photo: File::new(png.clone()).name("rex.png").content_type("image/png"),
        thumbnail: None,
        extras: Some(vec![File::new(b"one".to_vec()), File::new(b"two".to_vec()).name("two.txt")]),
    };
    let answer = client.upload_photos(&7, &body).send().await.unwrap();
    assert_eq!(answer.stored, Some(3));
    let sent = &server.received_requests().await.unwrap()[0];
    let text = |n: &str, ct: Option<&str>, v: &str| (n.to_owned(), None, ct.map(str::to_owned), v.as_bytes().to_vec());
    assert_eq!(
        parts(sent).await,
        // In the order of the body's fields, files last.
        [
            text("caption", Some("text/plain; charset=utf-8"), "Rex, asleep"),
            text("rating", None, "5"),
            text("tags", None, "dog"),
            text("tags", None, "cute"),
            text("meta", Some("application/json"), r#"{"camera":"X100"}"#),
            ("photo".to_owned(), Some("rex.png".to_owned()), Some("image/png".to_owned()), png),
            ("extras".to_owned(), None, Some(octets()), b"one".to_vec()),
            ("extras".to_owned(), Some("two.txt".to_owned()), Some(octets()), b"two".to_vec()),
        ]
    );
}

#[tokio::test]
async fn a_retried_multipart_request_sends_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).and(path("/notes")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).max_retries(1).build().unwrap();
    let note = odd_forms::types::PutNoteBody { text: Some("hello".into()) };
    client.put_note().body(&note).send().await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        let parts = parts(request).await;
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].3, b"hello");
    }
}

#[tokio::test]
async fn a_bad_part_type_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = Client::new(&server.uri()).unwrap();
    let body = UploadPhotosBody {
        caption: "x".into(),
        rating: None,
        tags: None,
        meta: None,
        photo: File::new(vec![1]).content_type("not a media type"),
        thumbnail: None,
        extras: None,
    };
    let err = client.upload_photos(&1, &body).send().await.unwrap_err();
    assert!(err.to_string().contains("not a media type"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
