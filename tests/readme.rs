//! The README's examples that can run, run as written against a local server. `build.rs`
//! copies each block marked ` ```rust name=… ` into `OUT_DIR`; `fresh.rs` builds every
//! block, these included, in a crate of its own on a fresh resolve.
//!
//! The tests run one at a time, the proxy example first: it makes its own reqwest client
//! before any generated client exists, as a program that starts with it does (a reqwest
//! client then finds no TLS crypto provider unless the example's builder installs one).

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod create {
    include!(concat!(env!("OUT_DIR"), "/readme/create.rs"));
    // The example's function is private to its module, as a user would write it.
    pub(super) async fn run(base_url: &str) -> Result<(), Error> {
        create(base_url).await
    }
}

mod api_key {
    include!(concat!(env!("OUT_DIR"), "/readme/api-key.rs"));
    pub(super) fn build(public_key: &str, private_key: &str) -> Result<Client, Error> {
        with_api_key(public_key, private_key)
    }
}

mod service_account {
    include!(concat!(env!("OUT_DIR"), "/readme/service-account.rs"));
    pub(super) fn build(id: &str, secret: &str) -> Result<Client, Error> {
        with_service_account(id, secret)
    }
}

mod around {
    include!(concat!(env!("OUT_DIR"), "/readme/around.rs"));
    pub(super) fn client(
        base_url: &str,
        proxy: &str,
    ) -> Result<Client, Box<dyn std::error::Error>> {
        client_through(base_url, proxy)
    }

    pub(super) async fn call(
        client: &Client,
        group: &GroupId,
        instance: &InstanceName,
        request: &ServerlessTenantCreateRequest,
    ) -> Result<(), Error> {
        create_with_headers(client, group, instance, request).await
    }
}

/// The path of the first example's call: group `32b6e34b3d91647abb20e7b8`, instance
/// `reporting`.
const CREATE: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/reporting/endpoint";

async fn server_answering(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .and(body_json(json!({ "comment": "for reporting" })))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn main() {
    let mut args = libtest_mimic::Arguments::from_args();
    args.test_threads = Some(1);
    let trials = vec![
        trial(
            "the_around_the_call_example_reads_headers_and_hooks_through_a_proxy",
            the_around_the_call_example_reads_headers_and_hooks_through_a_proxy,
        ),
        trial(
            "the_first_example_creates_an_endpoint",
            the_first_example_creates_an_endpoint,
        ),
        trial(
            "the_first_example_handles_a_404_and_returns_other_errors",
            the_first_example_handles_a_404_and_returns_other_errors,
        ),
        libtest_mimic::Trial::test("the_authentication_examples_build_clients", || {
            the_authentication_examples_build_clients();
            Ok(())
        }),
    ];
    libtest_mimic::run(&args, trials).exit()
}

/// An async test, run on its own runtime.
fn trial<F: std::future::Future<Output = ()> + 'static>(
    name: &str,
    test: fn() -> F,
) -> libtest_mimic::Trial {
    libtest_mimic::Trial::test(name, move || {
        tests::harness::block_on(test());
        Ok(())
    })
}

async fn the_first_example_creates_an_endpoint() {
    let server = server_answering(
        201,
        json!({ "_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS" }),
    )
    .await;
    create::run(&server.uri())
        .await
        .expect("the example succeeds");
}

async fn the_first_example_handles_a_404_and_returns_other_errors() {
    let not_found =
        json!({ "error": 404, "errorCode": "RESOURCE_NOT_FOUND", "reason": "Not Found" });
    let server = server_answering(404, not_found).await;
    create::run(&server.uri()).await.expect("a 404 is handled");

    let failed =
        json!({ "error": 500, "errorCode": "UNEXPECTED_ERROR", "reason": "Internal Server Error" });
    let server = server_answering(500, failed).await;
    let err = create::run(&server.uri())
        .await
        .expect_err("a 500 is returned");
    assert_eq!(err.status(), Some(500), "{err}");
}

fn the_authentication_examples_build_clients() {
    let digest = api_key::build("public", "private").expect("a digest client");
    assert_eq!(digest.base_url(), atlas_admin::DEFAULT_BASE_URL);
    let account = service_account::build("id", "secret").expect("a service account client");
    assert_eq!(account.base_url(), "https://cloud.mongodb.com");
}

async fn the_around_the_call_example_reads_headers_and_hooks_through_a_proxy() {
    let proxy = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .and(header("x-team", "billing"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-request-id", "r-1")
                .set_body_json(json!({ "_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS" })),
        )
        .expect(1)
        .mount(&proxy)
        .await;
    // Plain HTTP to a host that does not exist: only the proxy can answer.
    let client = around::client("http://atlas.invalid", &proxy.uri()).expect("a client");
    let group = "32b6e34b3d91647abb20e7b8".parse().unwrap();
    let instance = "reporting".parse().unwrap();
    let request = atlas_admin::types::ServerlessTenantCreateRequest { comment: None };
    around::call(&client, &group, &instance, &request)
        .await
        .expect("the call goes through the proxy, with the hook's header");
}
