//! How the generated types behave: one-of variants, open enums, `null`, and every pattern
//! and length limit of the spec, accepted and rejected.

use atlas_admin::types::*;
use atlas_admin::{Rule, ValidationError};
use serde_json::json;

fn aws_json() -> serde_json::Value {
    json!({
        "_id": "32b6e34b3d91647abb20e7b8",
        "cloudProviderEndpointId": "vpce-0a1b2c3d4e5f67890",
        "comment": "reporting",
        "endpointServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890",
        "errorMessage": "",
        "status": "AVAILABLE",
        "providerName": "AWS"
    })
}

fn azure_json() -> serde_json::Value {
    json!({
        "_id": "32b6e34b3d91647abb20e7b9",
        "cloudProviderEndpointId": "/subscriptions/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d/resourceGroups/privateLink/providers/Microsoft.Network/privateEndpoints/pe-1",
        "endpointServiceName": "pls_0a1b2c3d4e5f67890a1b2c3d",
        "privateEndpointIpAddress": "10.0.0.4",
        "privateLinkServiceResourceId": "/subscriptions/x/resourceGroups/atlas/providers/Microsoft.Network/privateLinkServices/pls_1",
        "status": "RESERVED",
        "providerName": "AZURE"
    })
}

#[test]
fn aws_and_azure_land_in_their_variants() {
    let aws: ServerlessTenantEndpoint = serde_json::from_value(aws_json()).unwrap();
    let ServerlessTenantEndpoint::Aws(e) = &aws else {
        panic!("not AWS: {aws:?}")
    };
    assert_eq!(e.id.as_ref().unwrap().as_str(), "32b6e34b3d91647abb20e7b8");
    assert_eq!(e.status, Some(ServerlessTenantEndpointStatus::Available));
    assert_eq!(
        e.cloud_provider_endpoint_id.as_ref().unwrap().as_str(),
        "vpce-0a1b2c3d4e5f67890"
    );
    assert_eq!(aws.provider_name(), Some("AWS"));

    let azure: ServerlessTenantEndpoint = serde_json::from_value(azure_json()).unwrap();
    let ServerlessTenantEndpoint::Azure(e) = &azure else {
        panic!("not Azure: {azure:?}")
    };
    assert_eq!(
        e.private_endpoint_ip_address.as_ref().unwrap().as_str(),
        "10.0.0.4"
    );
    assert_eq!(e.status, Some(ServerlessTenantEndpointStatus::Reserved));
    assert_eq!(azure.provider_name(), Some("AZURE"));
}

#[test]
fn variants_round_trip() {
    for input in [aws_json(), azure_json()] {
        let parsed: ServerlessTenantEndpoint = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
    }
}

#[test]
fn a_variant_built_without_its_tag_serializes_with_it() {
    let e = ServerlessTenantEndpoint::Aws(ServerlessAwsTenantEndpoint::default());
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({ "providerName": "AWS" })
    );
}

#[test]
fn unknown_provider_is_kept_and_serializes_back_unchanged() {
    let input = json!({
        "_id": "32b6e34b3d91647abb20e7ba",
        "providerName": "GCP",
        "status": "AVAILABLE",
        "pscConnectionId": 42,
        "nested": { "a": [1, 2, null] }
    });
    let parsed: ServerlessTenantEndpoint = serde_json::from_value(input.clone()).unwrap();
    assert!(
        matches!(&parsed, ServerlessTenantEndpoint::Unknown(v) if v == &input),
        "{parsed:?}"
    );
    assert_eq!(parsed.provider_name(), Some("GCP"));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
}

#[test]
fn unknown_provider_still_has_to_meet_the_shared_properties() {
    // `_id` is declared beside the alternatives, so it applies to every value.
    let input = json!({ "_id": "not-hex", "providerName": "GCP" });
    let err = serde_json::from_value::<ServerlessTenantEndpoint>(input)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("_id") && err.contains("ServerlessTenantEndpointId"),
        "{err}"
    );
}

#[test]
fn missing_provider_is_an_error_that_names_it() {
    let mut input = aws_json();
    input.as_object_mut().unwrap().remove("providerName");
    let err = serde_json::from_value::<ServerlessTenantEndpoint>(input)
        .unwrap_err()
        .to_string();
    assert!(err.contains("providerName"), "{err}");
}

#[test]
fn unknown_status_is_kept_and_round_trips() {
    let mut input = aws_json();
    input["status"] = json!("PAUSED");
    let parsed: ServerlessTenantEndpoint = serde_json::from_value(input.clone()).unwrap();
    let ServerlessTenantEndpoint::Aws(e) = &parsed else {
        panic!()
    };
    assert_eq!(
        e.status,
        Some(ServerlessTenantEndpointStatus::Unknown("PAUSED".into()))
    );
    assert_eq!(e.status.as_ref().unwrap().as_str(), "PAUSED");
    assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
    // Known values parse to their variants, whichever way they come in.
    assert_eq!(
        "FAILED".parse::<ServerlessTenantEndpointStatus>().unwrap(),
        ServerlessTenantEndpointStatus::Failed
    );
    assert_eq!(
        ServerlessTenantEndpointStatus::from("DELETING"),
        ServerlessTenantEndpointStatus::Deleting
    );
    assert_eq!(
        ServerlessTenantEndpointStatus::ReservationRequested.to_string(),
        "RESERVATION_REQUESTED"
    );
}

#[test]
fn null_fields_are_accepted() {
    let input = json!({
        "_id": "32b6e34b3d91647abb20e7b8",
        "cloudProviderEndpointId": null,
        "comment": null,
        "endpointServiceName": null,
        "errorMessage": null,
        "status": null,
        "providerName": "AWS"
    });
    let parsed: ServerlessTenantEndpoint = serde_json::from_value(input).unwrap();
    let ServerlessTenantEndpoint::Aws(e) = parsed else {
        panic!()
    };
    assert!(e.endpoint_service_name.is_none() && e.status.is_none() && e.comment.is_none());
    let azure = json!({ "providerName": "AZURE", "privateEndpointIpAddress": null, "privateLinkServiceResourceId": null });
    assert!(matches!(
        serde_json::from_value::<ServerlessTenantEndpoint>(azure).unwrap(),
        ServerlessTenantEndpoint::Azure(_)
    ));
}

#[test]
fn a_value_that_breaks_a_variants_pattern_names_the_field() {
    let mut input = aws_json();
    input["cloudProviderEndpointId"] = json!("vpce-XYZ");
    let err = serde_json::from_value::<ServerlessTenantEndpoint>(input)
        .unwrap_err()
        .to_string();
    assert!(err.contains("cloudProviderEndpointId"), "{err}");
    assert!(err.contains("^vpce-[0-9a-f]{17}$"), "{err}");
}

#[test]
fn one_value_tags_are_closed() {
    assert!(
        "AWS"
            .parse::<ServerlessAwsTenantEndpointProviderName>()
            .is_ok()
    );
    let err = "AZURE"
        .parse::<ServerlessAwsTenantEndpointProviderName>()
        .unwrap_err();
    assert!(matches!(err.rule(), Rule::NotListed(["AWS"])), "{err:?}");
    assert!(
        serde_json::from_value::<ServerlessAwsTenantEndpoint>(json!({ "providerName": "AZURE" }))
            .is_err()
    );
}

#[test]
fn errors_and_request_bodies_have_the_right_fields() {
    let err: ApiError = serde_json::from_value(json!({
        "error": 404, "errorCode": "RESOURCE_NOT_FOUND", "reason": "Not Found",
        "detail": "Cannot find resource AWS",
        "badRequestDetail": { "fields": [{ "description": "bad", "field": "comment" }] },
        "parameters": [{ "a": 1 }]
    }))
    .unwrap();
    assert_eq!(err.error, 404);
    assert_eq!(err.error_code, "RESOURCE_NOT_FOUND");
    assert_eq!(
        err.bad_request_detail.unwrap().fields.unwrap()[0].field,
        "comment"
    );
    // `error` and `errorCode` are required.
    assert!(serde_json::from_value::<ApiError>(json!({ "error": 404 })).is_err());

    // The request body has only its write-only `comment`; an empty one is `{}`.
    let body = ServerlessTenantCreateRequest {
        comment: Some(Comment::new("for reporting").unwrap()),
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({ "comment": "for reporting" })
    );
    assert_eq!(
        serde_json::to_value(ServerlessTenantCreateRequest::default()).unwrap(),
        json!({})
    );
}

fn rejects<T: std::str::FromStr<Err = ValidationError> + std::fmt::Debug>(
    value: &str,
) -> ValidationError {
    match value.parse::<T>() {
        Ok(v) => panic!("{value:?} was accepted as {v:?}"),
        Err(e) => e,
    }
}

fn accepts<T: std::str::FromStr<Err = ValidationError> + std::fmt::Debug + AsRef<str>>(
    value: &str,
) {
    match value.parse::<T>() {
        Ok(v) => assert_eq!(v.as_ref(), value),
        Err(e) => panic!("{value:?} was rejected: {e}"),
    }
}

#[test]
fn group_id_pattern() {
    accepts::<GroupId>("32b6e34b3d91647abb20e7b8");
    for bad in [
        "32B6E34B3D91647ABB20E7B8",
        "32b6e34b3d91647abb20e7b",
        "32b6e34b3d91647abb20e7b80",
        "",
        "32b6e34b3d91647abb20e7b8\n",
        " 32b6e34b3d91647abb20e7b8",
    ] {
        let e = rejects::<GroupId>(bad);
        assert_eq!(e.rule(), &Rule::Pattern("^([a-f0-9]{24})$"));
        assert_eq!(e.type_name(), "GroupId");
    }
    let e = rejects::<GroupId>("nope");
    assert_eq!(
        e.to_string(),
        "\"nope\" is not a valid GroupId: it does not match the pattern `^([a-f0-9]{24})$`"
    );
}

#[test]
fn instance_name_pattern() {
    for good in ["Cluster0", "a", "serverless-1", "A-b-C"] {
        accepts::<InstanceName>(good);
    }
    for bad in ["-cluster", "", "a_b", "a b", "Ä", "a/b", "../x"] {
        rejects::<InstanceName>(bad);
    }
}

#[test]
fn unanchored_pattern_matches_anywhere() {
    // `^com\.amazonaws…{17}` has no `$`: anything may follow.
    let base = "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890";
    accepts::<ServerlessAwsTenantEndpointEndpointServiceName>(base);
    accepts::<ServerlessAwsTenantEndpointEndpointServiceName>(&format!("{base}-and-more"));
    rejects::<ServerlessAwsTenantEndpointEndpointServiceName>(&format!("x{base}"));
    // `^com…{17}|pls_[0-9a-f]{24}$`: the second alternative has no `^`.
    let pls = "pls_0a1b2c3d4e5f67890a1b2c3d";
    accepts::<ServerlessTenantEndpointEndpointServiceName>(pls);
    accepts::<ServerlessTenantEndpointEndpointServiceName>(&format!("prefix-{pls}"));
    rejects::<ServerlessTenantEndpointEndpointServiceName>(&format!("{pls}-suffix"));
    // The Azure one is anchored at both ends.
    accepts::<ServerlessAzureTenantEndpointEndpointServiceName>(pls);
    rejects::<ServerlessAzureTenantEndpointEndpointServiceName>(&format!("prefix-{pls}"));
}

#[test]
fn lookahead_pattern() {
    type Ip = ServerlessAzureTenantEndpointPrivateEndpointIpAddress;
    for good in [
        "10.0.0.4",
        "255.255.255.255",
        "0.0.0.0",
        "192.168.1.10",
        "fe80:0:0:0:0:0:0:1",
    ] {
        accepts::<Ip>(good);
    }
    // `\.(?!$)` forbids a trailing dot; `{4}` needs four groups; 256 is out of range.
    for bad in ["10.0.0.4.", "1.2.3", "256.1.1.1", "10.0.0", "a.b.c.d", ""] {
        rejects::<Ip>(bad);
    }
    // The IPv6 alternative has no `^`, so it may come after anything.
    accepts::<Ip>("junk0:0:0:0:0:0:0:1");
}

#[test]
fn azure_endpoint_id_pattern() {
    type Id = ServerlessAzureTenantEndpointCloudProviderEndpointId;
    accepts::<Id>(
        "/subscriptions/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d/resourcegroups/privatelink/providers/Microsoft.Network/privateEndpoints/a(b)_c.d-e",
    );
    rejects::<Id>(
        "/subscriptions/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d/resourceGroups/privateLink/providers/Microsoft.Network/privateEndpoints/",
    );
    rejects::<Id>(
        "/subscriptions/XYZ/resourceGroups/privateLink/providers/Microsoft.Network/privateEndpoints/x",
    );
}

#[test]
fn max_length_counts_characters_not_bytes() {
    let eighty_wide: String = "é".repeat(80); // 160 bytes
    accepts::<Comment>(&eighty_wide);
    let eighty_emoji: String = "🦀".repeat(80); // 320 bytes
    accepts::<Comment>(&eighty_emoji);
    let e = rejects::<Comment>(&"é".repeat(81));
    assert_eq!(
        e.rule(),
        &Rule::MaxLength {
            max: 80,
            actual: 81
        }
    );
    assert!(
        e.to_string()
            .contains("81 characters, more than the maximum of 80"),
        "{e}"
    );
    // Deserializing checks too, and names the rule.
    let err = serde_json::from_value::<ServerlessTenantCreateRequest>(
        json!({ "comment": "x".repeat(81) }),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("maximum of 80"), "{err}");
}

#[test]
fn newtypes_convert_every_way() {
    let id = GroupId::try_from("32b6e34b3d91647abb20e7b8").unwrap();
    assert_eq!(
        GroupId::try_from(String::from("32b6e34b3d91647abb20e7b8")).unwrap(),
        id
    );
    assert_eq!(id.to_string(), "32b6e34b3d91647abb20e7b8");
    assert_eq!(String::from(id.clone()), "32b6e34b3d91647abb20e7b8");
    assert_eq!(
        serde_json::to_value(&id).unwrap(),
        json!("32b6e34b3d91647abb20e7b8")
    );
    assert_eq!(
        serde_json::from_value::<GroupId>(json!("32b6e34b3d91647abb20e7b8")).unwrap(),
        id
    );
    let err = serde_json::from_value::<GroupId>(json!("XYZ"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not match the pattern"), "{err}");
    assert_eq!(GroupId::PATTERN, Some("^([a-f0-9]{24})$"));
    assert_eq!(Comment::MAX_LENGTH, Some(80));
    assert_eq!(format!("{id:?}"), "GroupId(\"32b6e34b3d91647abb20e7b8\")");
    let e: Box<dyn std::error::Error> = Box::new(GroupId::new("x").unwrap_err());
    assert!(e.to_string().contains("GroupId"));
}
