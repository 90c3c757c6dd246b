//! Runs inside the crate generated from `specs/odd/styles.yaml`, against openapi-core (its
//! URL in `SERVER_URL`), which reads path parameters in their style, headers, cookies and
//! the API key in a cookie, and checks each against the spec.
use server_styles::types::{Color, Prefs};
use server_styles::Client;

#[tokio::test]
async fn every_style_is_read_back() {
    let base = std::env::var("SERVER_URL").expect("SERVER_URL");
    let client = Client::builder().base_url(base).api_key("s3cr3t").build().unwrap();
    let color = Color { r: Some(1), g: Some(2) };
    client.simple(&5, &[1, 2], &color).send().await.unwrap();
    client.label("ann", &[1, 2], &color).send().await.unwrap();
    client.matrix(&5, &[1, 2], &color).send().await.unwrap();
    // Without `X-Points`: a list of objects in a header has no OpenAPI form but their
    // JSON texts, which a server splits at their commas.
    client.headers(&color).x_exploded(color.clone()).send().await.unwrap();
    client
        .cookies("dark")
        .tags(vec!["a".into(), "b".into()])
        .each(vec!["x".into(), "y".into()])
        .prefs(Prefs { lang: Some("fr".into()), zone: None })
        .send()
        .await
        .unwrap();
    client.public().theme("light").send().await.unwrap();
}
