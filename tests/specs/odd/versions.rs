//! An operation offered in several versions and media types: each is its own method, and
//! each sends and asks for its own media type.
use odd_versions::types::*;
use odd_versions::Client;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const V1: &str = "application/vnd.example.2023-01-01+json";
const V2: &str = "application/vnd.example.2024-05-30+json";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    for (version, answer) in [
        (V1, json!({ "name": "a" })),
        (V2, json!({ "name": "a", "labels": ["x"] })),
    ] {
        Mock::given(method("POST"))
            .and(path("/things"))
            .and(header("content-type", version))
            .respond_with(ResponseTemplate::new(201).set_body_raw(answer.to_string(), version))
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn the_newest_version_is_the_plain_method() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    let thing = ThingV2 { name: "a".into(), labels: vec!["x".into()] };
    let made = client.create_thing(&thing).send().await.unwrap();
    assert_eq!(made.labels, ["x"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers["accept"], format!("{V2}, application/json;q=0.9").as_str());
    assert_eq!(requests[0].body_json::<serde_json::Value>().unwrap(), json!({ "name": "a", "labels": ["x"] }));
}

#[tokio::test]
async fn an_older_version_has_its_own_method_and_types() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    let made: ThingV1 = client
        .create_thing_v2023_01_01(&ThingV1 { name: "a".into() })
        .send()
        .await
        .unwrap();
    assert_eq!(made.name, "a");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["accept"], format!("{V1}, application/json;q=0.9").as_str());
}

#[tokio::test]
async fn other_formats_are_their_own_methods() {
    let server = MockServer::start().await;
    for (accept, status, body, media) in [
        ("application/json", 200, "{\"rows\": 3}", "application/json"),
        ("text/csv", 200, "a,b\n1,2\n", "text/csv"),
        ("application/gzip", 200, "\u{1f}\u{8b}", "application/gzip"),
    ] {
        Mock::given(method("GET"))
            .and(path("/report"))
            .and(header("accept", accept))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, media))
            .mount(&server)
            .await;
    }
    let client = Client::new(&server.uri()).unwrap();
    let json = client.get_report().send().await.unwrap();
    let odd_versions::operations::things::GetReportResponse::Status200(report) = json else {
        panic!("{json:?}")
    };
    assert_eq!(report.rows, Some(3));
    let csv = client.get_report_csv().send().await.unwrap();
    assert!(
        matches!(&csv, odd_versions::operations::things::GetReportCsvResponse::Status200(text) if text == "a,b\n1,2\n"),
        "{csv:?}"
    );
    let gzip = client.get_report_gzip().send().await.unwrap();
    assert!(
        matches!(&gzip, odd_versions::operations::things::GetReportGzipResponse::Status200(bytes) if bytes == &[0x1f, 0xc2, 0x8b]),
        "{gzip:?}"
    );
}

#[tokio::test]
async fn a_body_that_does_not_match_the_version_is_a_type_error_not_a_runtime_one() {
    // The check is the compiler's: `create_thing` takes a `ThingV2` and nothing else. What
    // is left to test is that the body goes out as the schema says.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_json(json!({ "name": "b", "labels": [] })))
        .respond_with(ResponseTemplate::new(400).set_body_raw("{\"detail\": \"no\"}", "application/json"))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let err = client
        .create_thing(&ThingV2 { name: "b".into(), labels: vec![] })
        .send()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("400"), "{text}");
}
