//! A local mock of the Atlas operation, shared by the test files that use `wiremock`.

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
