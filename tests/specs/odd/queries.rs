//! Query parameters that are objects (`deepObject`, exploded, joined), lists joined by
//! pipes, and parameters described by `content: application/json` in the query and a
//! header: each written as OpenAPI says.
use odd_queries::types::{Filter, Page, Point, Where, XContext};
use odd_queries::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn every_style_is_written_as_openapi_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/search")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap();
    let filter = Filter { kind: Some("dog".into()), age: Some(3) };
    client
        .search(&filter)
        .page(Page { number: Some(2), size: Some(10) })
        .point(Point { x: Some(1), y: Some(2) })
        .colors(vec!["red".into(), "blue".into()])
        .r#where(Where { owner: Some("ann".into()) })
        .x_context(XContext { trace: Some("t1".into()) })
        .send()
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    let pairs: Vec<(String, String)> = sent.url.query_pairs().into_owned().collect();
    let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    assert_eq!(
        pairs,
        // Plain pairs first, then those of styled parameters, in the order they were set.
        [
            pair("where", r#"{"owner":"ann"}"#),
            pair("filter[kind]", "dog"),
            pair("filter[age]", "3"),
            pair("number", "2"),
            pair("size", "10"),
            pair("point", "x,1,y,2"),
            pair("colors", "red|blue"),
        ]
    );
    assert_eq!(sent.headers["x-context"], r#"{"trace":"t1"}"#);
}
