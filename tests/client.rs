//! The generated client against a local HTTP server: what it sends, and how each kind of
//! answer becomes a value or an error.

use atlas_admin::types::*;
use atlas_admin::{Client, Error, ResponseProblem};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod mock;

use mock::{PATH, VERSIONED, server_answering};

fn ids() -> (GroupId, InstanceName) {
    (
        GroupId::new("32b6e34b3d91647abb20e7b8").unwrap(),
        InstanceName::new("Cluster0").unwrap(),
    )
}

fn body() -> ServerlessTenantCreateRequest {
    ServerlessTenantCreateRequest {
        comment: Some("reporting".parse().unwrap()),
    }
}

fn aws() -> serde_json::Value {
    json!({
        "_id": "32b6e34b3d91647abb20e7b8",
        "cloudProviderEndpointId": "vpce-0a1b2c3d4e5f67890",
        "status": "RESERVATION_REQUESTED",
        "providerName": "AWS"
    })
}

async fn call(server: &MockServer) -> Result<ServerlessTenantEndpoint, Error> {
    call_with(server, false).await
}

async fn call_with(server: &MockServer, envelope: bool) -> Result<ServerlessTenantEndpoint, Error> {
    let client = Client::new(&server.uri()).unwrap();
    let (group, instance) = ids();
    let b = body();
    let mut request = client.create_serverless_private_endpoint(&group, &instance, &b);
    if envelope {
        request = request.envelope(true);
    }
    request.send().await
}

fn json_body(value: &serde_json::Value, content_type: &str) -> Vec<u8> {
    let _ = content_type;
    serde_json::to_vec(value).unwrap()
}

#[tokio::test]
async fn sends_method_path_headers_and_body() {
    let server = server_answering(
        ResponseTemplate::new(201).set_body_raw(json_body(&aws(), VERSIONED), VERSIONED),
    )
    .await;
    let endpoint = call(&server).await.unwrap();
    assert!(matches!(endpoint, ServerlessTenantEndpoint::Aws(_)));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method.as_str(), "POST");
    assert_eq!(r.url.path(), PATH);
    assert_eq!(r.url.query(), None, "no query unless asked");
    assert_eq!(r.headers.get("content-type").unwrap(), VERSIONED);
    let accept = r.headers.get("accept").unwrap().to_str().unwrap();
    assert!(accept.starts_with(VERSIONED), "{accept}");
    assert!(
        accept.contains("application/json"),
        "errors are documented as application/json: {accept}"
    );
    assert!(
        r.headers.get("authorization").is_none(),
        "no credentials configured"
    );
    assert!(
        r.headers
            .get("user-agent")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("atlas-admin/")
    );
    let sent: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(sent, json!({ "comment": "reporting" }));
}

#[tokio::test]
async fn azure_answer_is_the_azure_variant() {
    let azure = json!({ "providerName": "AZURE", "privateEndpointIpAddress": "10.0.0.4", "status": "RESERVED" });
    let server = server_answering(
        ResponseTemplate::new(201).set_body_raw(json_body(&azure, VERSIONED), VERSIONED),
    )
    .await;
    match call(&server).await.unwrap() {
        ServerlessTenantEndpoint::Azure(e) => {
            assert_eq!(e.private_endpoint_ip_address.unwrap().as_str(), "10.0.0.4")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn envelope_is_asked_for_and_unwrapped() {
    let wrapped = json!({ "status": 201, "content": aws() });
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(json_body(&wrapped, VERSIONED), VERSIONED),
    )
    .await;
    let endpoint = call_with(&server, true).await.unwrap();
    assert!(matches!(endpoint, ServerlessTenantEndpoint::Aws(_)));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("envelope=true"));
}

#[tokio::test]
async fn envelope_status_decides_the_error() {
    let wrapped = json!({ "status": 404, "content": { "error": 404, "errorCode": "RESOURCE_NOT_FOUND", "reason": "Not Found" } });
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(json_body(&wrapped, VERSIONED), VERSIONED),
    )
    .await;
    let err = call_with(&server, true).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.api_error().unwrap().error_code, "RESOURCE_NOT_FOUND");
}

#[tokio::test]
async fn a_body_that_is_not_an_envelope_is_reported() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(json_body(&aws(), VERSIONED), VERSIONED),
    )
    .await;
    let err = call_with(&server, true).await.unwrap_err();
    let Error::UnexpectedResponse(r) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(r.problem, ResponseProblem::BadEnvelope);
    // A status that is no HTTP status, or an array, is no envelope either.
    for body in [json!({ "status": 70000, "content": aws() }), json!([200])] {
        let server = server_answering(
            ResponseTemplate::new(200).set_body_raw(json_body(&body, VERSIONED), VERSIONED),
        )
        .await;
        let err = call_with(&server, true).await.unwrap_err();
        let Error::UnexpectedResponse(r) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(r.problem, ResponseProblem::BadEnvelope, "{body}");
        assert!(err.to_string().contains("`status`"), "{err}");
    }
}

#[tokio::test]
async fn each_documented_error_status_carries_its_parsed_body() {
    for (status, code) in tests::DOCUMENTED_ERRORS {
        let body = json!({ "error": status, "errorCode": code, "reason": "r", "detail": "d" });
        let server = server_answering(ResponseTemplate::new(status).set_body_json(&body)).await;
        let err = call(&server).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        let api = err
            .api_error()
            .unwrap_or_else(|| panic!("{status}: {err:?}"));
        assert_eq!(api.error, i32::from(status));
        assert_eq!(api.error_code, code);
        assert!(matches!(&err, Error::Api(f) if f.raw == serde_json::to_vec(&body).unwrap()));
        assert!(
            err.to_string().contains(&status.to_string()) && err.to_string().contains(code),
            "{err}"
        );
    }
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_and_body() {
    let server = server_answering(
        ResponseTemplate::new(409).set_body_json(json!({ "error": 409, "errorCode": "DUPLICATE" })),
    )
    .await;
    let err = call(&server).await.unwrap_err();
    let Error::UnexpectedResponse(r) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(r.problem, ResponseProblem::UndocumentedStatus);
    assert_eq!(err.status(), Some(409));
    assert!(String::from_utf8_lossy(err.body().unwrap()).contains("DUPLICATE"));
    assert!(err.api_error().is_none());
}

#[tokio::test]
async fn a_non_json_body_is_a_wrong_content_type() {
    let server =
        server_answering(ResponseTemplate::new(201).set_body_raw("<html>ok</html>", "text/html"))
            .await;
    let err = call(&server).await.unwrap_err();
    let Error::UnexpectedResponse(r) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(r.problem, ResponseProblem::WrongContentType);
    assert_eq!(r.status, 201);
    assert_eq!(r.body, b"<html>ok</html>");
}

#[tokio::test]
async fn malformed_and_empty_bodies_are_reported() {
    let server =
        server_answering(ResponseTemplate::new(201).set_body_raw("{\"_id\": ", VERSIONED)).await;
    let err = call(&server).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedResponse(r) if r.problem == ResponseProblem::MalformedBody),
        "{err:?}"
    );

    let server = server_answering(ResponseTemplate::new(201).set_body_raw("", VERSIONED)).await;
    let err = call(&server).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedResponse(r) if r.problem == ResponseProblem::EmptyBody),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_that_fails_validation_names_the_field() {
    let mut bad = aws();
    bad["_id"] = json!("XYZ");
    let server = server_answering(
        ResponseTemplate::new(201).set_body_raw(json_body(&bad, VERSIONED), VERSIONED),
    )
    .await;
    let err = call(&server).await.unwrap_err();
    let Error::UnexpectedResponse(r) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(r.problem, ResponseProblem::InvalidBody);
    assert_eq!(err.field(), Some("_id"), "{}", r.message);
    assert_eq!(r.status, 201);
    assert!(String::from_utf8_lossy(&r.body).contains("XYZ"));
}

#[tokio::test]
async fn a_field_inside_a_variant_that_fails_is_named() {
    let azure = json!({ "providerName": "AZURE", "privateEndpointIpAddress": "10.0.0.4." });
    let server = server_answering(
        ResponseTemplate::new(201).set_body_raw(json_body(&azure, VERSIONED), VERSIONED),
    )
    .await;
    let err = call(&server).await.unwrap_err();
    assert_eq!(err.field(), Some("privateEndpointIpAddress"), "{err}");
    assert!(
        err.to_string().contains("does not match the pattern"),
        "{err}"
    );
}

#[tokio::test]
async fn a_field_of_a_documented_error_that_fails_is_named() {
    // `errorCode` is required by ApiError.
    let server =
        server_answering(ResponseTemplate::new(404).set_body_json(json!({ "error": 404 }))).await;
    let err = call(&server).await.unwrap_err();
    let Error::UnexpectedResponse(r) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(r.problem, ResponseProblem::InvalidBody);
    assert!(r.message.contains("errorCode"), "{}", r.message);
    assert_eq!(err.field(), Some("errorCode"), "a missing field is named");
}

/// An Atlas error body as the service sends it: `parameters` holds strings, where the
/// Atlas spec says objects (the project's overlay says any JSON value).
fn atlas_error(status: u16, code: &str) -> serde_json::Value {
    let reason = reqwest::StatusCode::from_u16(status)
        .unwrap()
        .canonical_reason()
        .unwrap();
    json!({
        "error": status,
        "errorCode": code,
        "detail": "No group with ID 5f0a1b2c3d4e5f6a7b8c9d0e exists.",
        "parameters": ["5f0a1b2c3d4e5f6a7b8c9d0e"],
        "reason": reason,
    })
}

#[tokio::test]
async fn atlas_error_bodies_keep_their_code_and_parameters_with_or_without_envelope() {
    for (status, code) in tests::DOCUMENTED_ERRORS {
        let body = atlas_error(status, code);
        for envelope in [false, true] {
            let answer = if envelope {
                ResponseTemplate::new(200).set_body_json(json!({"status": status, "content": body}))
            } else {
                ResponseTemplate::new(status).set_body_json(&body)
            };
            let server = server_answering(answer).await;
            let err = call_with(&server, envelope).await.unwrap_err();
            let api = err
                .api_error()
                .unwrap_or_else(|| panic!("{status}, envelope {envelope}: {err:?}"));
            assert_eq!(
                (api.error, api.error_code.as_str()),
                (i32::from(status), code)
            );
            assert_eq!(
                api.parameters,
                Some(vec![json!("5f0a1b2c3d4e5f6a7b8c9d0e")])
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "createServerlessPrivateEndpoint: {status} {}: {code}: No group with ID 5f0a1b2c3d4e5f6a7b8c9d0e exists.",
                    body["reason"].as_str().unwrap()
                )
            );
            let raw: serde_json::Value = serde_json::from_slice(err.body().unwrap()).unwrap();
            assert_eq!(raw, body, "the body as it came (inside the envelope)");
        }
    }
}

#[tokio::test]
async fn members_of_an_error_body_that_do_not_fit_are_dropped_not_fatal() {
    let body = json!({
        "error": 404,
        "errorCode": "GROUP_NOT_FOUND",
        "detail": 5,
        "badRequestDetail": {"fields": "none"},
        "reason": ["Not", "Found"],
        "addedLater": {"x": 1},
    });
    let server = server_answering(ResponseTemplate::new(404).set_body_json(&body)).await;
    let err = call(&server).await.unwrap_err();
    let api = err.api_error().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(api.error_code, "GROUP_NOT_FOUND");
    assert_eq!((&api.detail, &api.reason), (&None, &None));
    assert_eq!(
        api.bad_request_detail,
        Some(BadRequestDetail { fields: None })
    );
    assert_eq!(
        err.to_string(),
        "createServerlessPrivateEndpoint: 404 Not Found: GROUP_NOT_FOUND"
    );
    let debug = format!("{err:?}");
    assert!(debug.contains(r#"body: "{"error":404,"#), "{debug}");
    assert!(debug.contains(r#""addedLater":{"x":1}"#), "{debug}");
}

#[tokio::test]
async fn error_bodies_are_shown_bounded() {
    let mut body = atlas_error(404, "GROUP_NOT_FOUND");
    body["parameters"] = json!(vec!["p".repeat(100); 1000]);
    let server = server_answering(ResponseTemplate::new(404).set_body_json(&body)).await;
    let err = call(&server).await.unwrap_err();
    assert_eq!(
        err.api_error().unwrap().parameters.as_ref().map(Vec::len),
        Some(1000)
    );
    let (display, debug) = (err.to_string(), format!("{err:?}"));
    assert!(display.len() < 200, "{display}");
    assert!(
        debug.len() < 600 && debug.contains("bytes in all)"),
        "{debug}"
    );
}

async fn call_leniently(server: &MockServer) -> Result<ServerlessTenantEndpoint, Error> {
    let client = Client::builder()
        .base_url(server.uri())
        .strict_responses(false)
        .build()
        .unwrap();
    let (group, instance) = ids();
    let b = body();
    client
        .create_serverless_private_endpoint(&group, &instance, &b)
        .send()
        .await
}

#[tokio::test]
async fn a_lenient_client_trusts_strings_and_drops_members_that_do_not_fit() {
    let mut drifted = aws();
    drifted["_id"] = json!("not-an-object-id");
    drifted["errorMessage"] = json!({"text": "an object where the spec says string"});
    let server = server_answering(
        ResponseTemplate::new(201).set_body_raw(json_body(&drifted, VERSIONED), VERSIONED),
    )
    .await;
    let strict = call(&server).await.unwrap_err();
    assert_eq!(strict.field(), Some("_id"), "{strict}");
    let Ok(ServerlessTenantEndpoint::Aws(aws)) = call_leniently(&server).await else {
        panic!("not read leniently")
    };
    assert_eq!(
        aws.id.as_ref().map(|id| id.as_str()),
        Some("not-an-object-id")
    );
    assert_eq!(aws.error_message, None);
    assert_eq!(
        aws.cloud_provider_endpoint_id
            .as_ref()
            .map(|id| id.as_str()),
        Some("vpce-0a1b2c3d4e5f67890"),
        "what fits is kept"
    );

    let not_json =
        server_answering(ResponseTemplate::new(201).set_body_raw("{\"_id\": ", VERSIONED)).await;
    let err = call_leniently(&not_json).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedResponse(r) if r.problem == ResponseProblem::MalformedBody),
        "{err:?}"
    );
}

#[tokio::test]
async fn base_url_with_a_path_prefix_and_a_trailing_slash() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/prefix{PATH}")))
        .respond_with(
            ResponseTemplate::new(201).set_body_raw(json_body(&aws(), VERSIONED), VERSIONED),
        )
        .mount(&server)
        .await;
    let client = Client::new(&format!("{}/prefix/", server.uri())).unwrap();
    let (group, instance) = ids();
    let b = body();
    client
        .create_serverless_private_endpoint(&group, &instance, &b)
        .send()
        .await
        .unwrap();
}

#[test]
fn bad_base_urls_are_refused() {
    for bad in [
        "not a url",
        "ftp://example.com",
        "https://example.com/?q=1",
        "https://user:pw@example.com",
    ] {
        let err = Client::new(bad).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
    }
    let client = Client::new("https://cloud.mongodb.com/").unwrap();
    assert_eq!(client.base_url(), "https://cloud.mongodb.com");
    assert_eq!(atlas_admin::DEFAULT_BASE_URL, "https://cloud.mongodb.com");
}
