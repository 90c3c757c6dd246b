//! A Swagger 2.0 spec, converted to OpenAPI 3.0: the base URL from `host`, `basePath` and
//! `schemes`; a `body` parameter as the request body; `collectionFormat` as the query's
//! form; response headers and a shared `NotFound` answer; `basic` and `apiKey` schemes.
use odd_swagger20::types::Pet;
use odd_swagger20::{Client, DEFAULT_BASE_URL};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn pet() -> serde_json::Value {
    json!({"id": 1, "name": "Rex", "kind": "dog", "tag": null})
}

#[test]
fn the_base_url_is_made_of_host_base_path_and_scheme() {
    assert_eq!(DEFAULT_BASE_URL, "https://pets.example.com/v1");
}

#[tokio::test]
async fn query_lists_are_sent_as_their_collection_format_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("tags", "a,b"))
        .and(query_param("sort", "name,age"))
        .and(query_param("limit", "5"))
        .and(header("x-request-id", "r1"))
        .and(header("x-key", "k"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-total", "1").set_body_json(json!([pet()])))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).api_key("k").build().unwrap();
    let answer = client
        .list_pets()
        .limit(5)
        .tags(vec!["a".into(), "b".into()])
        .ids(vec![1, 2])
        .sort(vec!["name".into(), "age".into()])
        .x_request_id("r1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(answer.body.len(), 1);
    assert_eq!(answer.body[0].tag, None);
    assert_eq!(answer.headers["x-total"], "1");
    let sent = &server.received_requests().await.unwrap()[0];
    let ids: Vec<_> = sent.url.query_pairs().filter(|(n, _)| n == "ids").map(|(_, v)| v.into_owned()).collect();
    assert_eq!(ids, ["1", "2"], "`multi`: the name repeated for each item");
}

#[tokio::test]
async fn a_body_parameter_is_the_request_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(json!({"id": 1, "name": "Rex", "kind": "dog"})))
        .and(header("authorization", "Basic dTpw"))
        .respond_with(ResponseTemplate::new(201).set_body_json(pet()))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).basic("u", "p").build().unwrap();
    let sent: Pet = serde_json::from_value(pet()).unwrap();
    let created = client.add_pet(&sent).send().await.unwrap();
    assert_eq!(created.name, "Rex");
}

#[tokio::test]
async fn a_shared_response_is_a_documented_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/7"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no pet 7"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).api_key("k").build().unwrap();
    let err = client.get_pet(&7).send().await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.error().map(|e| e.message.as_str()), Some("no pet 7"));
}
