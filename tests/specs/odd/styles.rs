//! Path parameters in the `simple`, `label` and `matrix` styles holding scalars, lists and
//! objects, header parameters holding objects, cookie parameters, and an API key in a
//! cookie: each written as OpenAPI (and RFC 6570) says, the cookies in one `Cookie` header.
use odd_styles::types::{Color, Prefs, XPointsItem};
use odd_styles::{Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).api_key("s3cr3t").build().unwrap()
}

const COLOR: Color = Color { r: Some(1), g: Some(2) };

/// The path of each request the server received, as sent.
async fn paths(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap();
    received.iter().map(|r| r.url.path().to_owned()).collect()
}

#[tokio::test]
async fn path_parameters_are_written_in_their_style() {
    let server = server().await;
    let client = client(&server);
    client.simple(&5, &[1, 2], &COLOR).send().await.unwrap();
    client.label("ann lee", &[1, 2], &COLOR).send().await.unwrap();
    client.matrix(&5, &[1, 2], &COLOR).send().await.unwrap();
    assert_eq!(
        paths(&server).await,
        [
            "/simple/5/1,2/R=1,G=2",
            "/label/.ann%20lee/.1.2/.R,1,G,2",
            "/matrix/;id=5/;ids=1;ids=2/;R=1;G=2",
        ]
    );
}

#[tokio::test]
async fn a_label_of_nothing_is_refused_before_sending() {
    let server = server().await;
    let err = client(&server).label("", &[1], &COLOR).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(err.to_string().contains("path parameter `name` cannot be \".\""), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn headers_holding_objects_are_simple() {
    let server = server().await;
    client(&server)
        .headers(&COLOR)
        .x_exploded(COLOR)
        .x_points(vec![XPointsItem { x: Some(1) }, XPointsItem { x: Some(2) }])
        .send()
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.headers["x-color"], "R,1,G,2");
    assert_eq!(sent.headers["x-exploded"], "R=1,G=2");
    // Items deeper than scalars are their JSON text.
    assert_eq!(sent.headers["x-points"], r#"{"x":1},{"x":2}"#);
}

#[tokio::test]
async fn cookies_and_a_cookie_key_go_in_one_header() {
    let server = server().await;
    let client = client(&server);
    client
        .cookies("dark; mode")
        .tags(vec!["a".into(), "b".into()])
        .each(vec!["x".into(), "y".into()])
        .prefs(Prefs { lang: Some("fr".into()), zone: None })
        .send()
        .await
        .unwrap();
    client.public().theme("light").send().await.unwrap();
    client.public().send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    let cookies: Vec<Vec<&str>> = received
        .iter()
        .map(|r| r.headers.get_all("cookie").iter().map(|v| v.to_str().unwrap()).collect())
        .collect();
    assert_eq!(
        cookies,
        [
            vec!["theme=dark%3B%20mode; tags=a,b; each=x; each=y; lang=fr; SESSION=s3cr3t"],
            // An operation without security sends no key.
            vec!["theme=light"],
            vec![],
        ]
    );
}

#[tokio::test]
async fn a_key_a_cookie_cannot_carry_is_refused_when_the_client_is_built() {
    let err = Client::builder().base_url("http://localhost").api_key("a;b").build().unwrap_err();
    let text = err.to_string();
    assert!(text.contains("`SESSION` cookie") && !text.contains("a;b"), "{text}");
}
