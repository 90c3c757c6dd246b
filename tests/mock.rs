//! A local mock of the Atlas operation, and a call of it, shared by the test files that use
//! `wiremock`. Each file uses part of it.
#![allow(dead_code)]

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond};

/// The operation's path for group `32b6e34b3d91647abb20e7b8` and instance `Cluster0`.
pub const PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/Cluster0/endpoint";
/// The versioned media type of the operation's bodies.
pub const VERSIONED: &str = "application/vnd.atlas.2023-01-01+json";

/// A mock server that answers every POST to the operation's path with `answer`.
pub async fn server_answering(answer: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

/// The body of a `201` that creates an AWS endpoint.
pub fn created_body() -> Vec<u8> {
    serde_json::to_vec(
        &serde_json::json!({"_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS"}),
    )
    .unwrap()
}

/// Calls the operation for group `32b6e34b3d91647abb20e7b8` and instance `Cluster0`, with
/// an empty body.
pub async fn create(
    client: &atlas_admin::Client,
) -> Result<atlas_admin::types::ServerlessTenantEndpoint, atlas_admin::Error> {
    use atlas_admin::types::{GroupId, InstanceName, ServerlessTenantCreateRequest};
    let group = GroupId::new("32b6e34b3d91647abb20e7b8").unwrap();
    let instance = InstanceName::new("Cluster0").unwrap();
    let body = ServerlessTenantCreateRequest { comment: None };
    client
        .create_serverless_private_endpoint(&group, &instance, &body)
        .send()
        .await
}
