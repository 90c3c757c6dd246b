//! The build-time client works, and is the same code as the checked-in `generated/` crate.

use std::collections::BTreeMap;
use std::path::Path;

use build_rs_consumer::{Endpoint, atlas, create_endpoint};
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn uses_the_generated_types_and_request() {
    let server = MockServer::start().await;
    let answer = json!({ "providerName": "AZURE", "privateEndpointIpAddress": "10.0.0.7", "status": "AVAILABLE" });
    Mock::given(method("POST"))
        .and(path_regex("^/api/atlas/v2/groups/[0-9a-f]{24}/privateEndpoint/serverless/instance/reporting/endpoint$"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(serde_json::to_vec(&answer).unwrap(), "application/vnd.atlas.2023-01-01+json"))
        .mount(&server)
        .await;
    let client = atlas::Client::new(&server.uri()).unwrap();
    let endpoint = create_endpoint(&client, "32b6e34b3d91647abb20e7b8", "reporting", "nightly")
        .await
        .unwrap();
    assert_eq!(endpoint, Endpoint::Azure(Some("10.0.0.7".to_owned())));
    // The generated checks run before anything is sent.
    let err = create_endpoint(&client, "not-a-group", "reporting", "x")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("GroupId"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// The module `build.rs` wrote is the checked-in crate's files folded into one module.
#[test]
fn build_time_output_equals_the_checked_in_crate() {
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated");
    let mut files = BTreeMap::new();
    read_tree(&generated, &generated, &mut files);
    let expected = generator::module_file(&files).unwrap();
    let built = include_str!(concat!(env!("OUT_DIR"), "/atlas_admin.rs"));
    assert!(
        built == expected,
        "the build-time module differs from generated/ folded into one module"
    );
}

/// Every file under `dir`, by path relative to `root` (`src/runtime/client.rs`).
fn read_tree(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "target" || rel == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            read_tree(root, &path, files);
        } else {
            files.insert(rel, std::fs::read_to_string(&path).unwrap());
        }
    }
}
