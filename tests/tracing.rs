//! The `tracing` feature: a span for each call, with its operation, method, path template,
//! status, attempts and duration, and nothing secret. A binary of its own: `tracing` caches
//! per call site whether anyone listens, and tests on other threads of one binary would race
//! with the collector here.

use std::sync::Mutex;

use atlas_admin::Client;
use atlas_admin::types::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/Cluster0/endpoint";

fn created() -> ResponseTemplate {
    let body = serde_json::json!({"_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS"});
    ResponseTemplate::new(201).set_body_raw(
        serde_json::to_vec(&body).unwrap(),
        "application/vnd.atlas.2023-01-01+json",
    )
}

/// Collects the fields of every span, by span.
#[derive(Default)]
struct Spans(Mutex<Vec<(&'static str, std::collections::BTreeMap<String, String>)>>);

struct Fields<'a>(&'a mut std::collections::BTreeMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

struct Collector(std::sync::Arc<Spans>);

impl tracing::Subscriber for Collector {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = std::collections::BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.0.0.lock().unwrap();
        spans.push((span.metadata().name(), fields));
        tracing::span::Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.0.lock().unwrap();
        let (_, fields) = &mut spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(fields));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, _: &tracing::Event<'_>) {}

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn each_call_is_a_span_with_its_operation_status_and_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(created())
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .digest("public-key", "private-key-never-traced")
        .max_retries(1)
        .build()
        .unwrap();
    let spans = std::sync::Arc::new(Spans::default());
    let dispatch = tracing::Dispatch::new(Collector(spans.clone()));
    let guard = tracing::dispatcher::set_default(&dispatch);
    let group = GroupId::new("32b6e34b3d91647abb20e7b8").unwrap();
    let instance = InstanceName::new("Cluster0").unwrap();
    let body = ServerlessTenantCreateRequest { comment: None };
    client
        .create_serverless_private_endpoint(&group, &instance, &body)
        .send()
        .await
        .expect("succeeds on the second attempt");
    drop(guard);
    let spans = spans.0.lock().unwrap();
    let calls: Vec<_> = spans
        .iter()
        .filter(|(name, _)| *name == "api_call")
        .collect();
    assert_eq!(calls.len(), 1, "{spans:?}");
    let fields = &calls[0].1;
    let field = |name: &str| fields.get(name).map(String::as_str);
    assert_eq!(field("operation"), Some("createServerlessPrivateEndpoint"));
    assert_eq!(field("method"), Some("POST"));
    assert_eq!(
        field("path"),
        Some(
            "/api/atlas/v2/groups/{groupId}/privateEndpoint/serverless/instance/{instanceName}/endpoint"
        )
    );
    assert_eq!(field("status"), Some("201"));
    assert_eq!(field("attempts"), Some("2"));
    assert!(field("duration_ms").is_some(), "{fields:?}");
    let shown = format!("{spans:?}");
    for secret in ["private-key-never-traced", "32b6e34b3d91647abb20e7b8"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}
