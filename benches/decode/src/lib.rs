//! Decoding and encoding realistic Atlas list answers with the types the generator writes,
//! beside serde derive baselines, so that the cost of the generated `Deserialize` and
//! `Serialize` impls is a measured figure: `benches/decode.rs` times them.
//!
//! - [`generated`]: the types of `listClusters` and `listServerlessPrivateEndpoints`, written
//!   by `build.rs` from the full Atlas spec (only when it is there: `cfg(atlas_spec)`);
//! - [`derived`]: the same shapes with `#[derive(Serialize, Deserialize)]`, plain, with the
//!   same checks, and with the same checks and unknown enum values kept;
//! - [`payload`]: the answers they decode, made up deterministically.

pub mod derived;
pub mod payload;

/// The generated client, as `build.rs` wrote it.
#[cfg(atlas_spec)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/atlas_lists.rs"));
}

/// Why the generated types are missing, when they are (the spec was not found).
pub const SKIPPED: Option<&str> = option_env!("DECODE_BENCH_SKIPPED");

/// Checks that `input` decodes as each of `G` (generated), `P` (plain derive), `C` (checked
/// derive) and `K` (checked derive keeping unknown enum values), and that each decoded value
/// encodes back to the same JSON value as the input: so that a bench never times a decode
/// that fails, or one that drops or changes what the others keep. The error names the type
/// and the first member that differs.
pub fn check_round_trips<G, P, C, K>(input: &[u8]) -> Result<(), String>
where
    G: serde::de::DeserializeOwned + serde::Serialize,
    P: serde::de::DeserializeOwned + serde::Serialize,
    C: serde::de::DeserializeOwned + serde::Serialize,
    K: serde::de::DeserializeOwned + serde::Serialize,
{
    let expected: serde_json::Value =
        serde_json::from_slice(input).map_err(|e| format!("the input is not JSON: {e}"))?;
    round_trip::<G>(input, &expected)?;
    round_trip::<P>(input, &expected)?;
    round_trip::<C>(input, &expected)?;
    round_trip::<K>(input, &expected)
}

fn round_trip<T>(input: &[u8], expected: &serde_json::Value) -> Result<(), String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let name = std::any::type_name::<T>();
    let decoded: T =
        serde_json::from_slice(input).map_err(|e| format!("{name} refuses the input: {e}"))?;
    let encoded =
        serde_json::to_vec(&decoded).map_err(|e| format!("{name} does not encode: {e}"))?;
    let encoded: serde_json::Value = serde_json::from_slice(&encoded)
        .map_err(|e| format!("{name} encodes to something that is not JSON: {e}"))?;
    match first_difference(expected, &encoded, String::new()) {
        None => Ok(()),
        Some(at) => Err(format!(
            "{name} encodes another value than it decoded: they differ at `{at}`"
        )),
    }
}

/// The path of the first place where `a` and `b` differ, if they do.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => a
            .keys()
            .chain(b.keys().filter(|k| !a.contains_key(*k)))
            .find_map(|k| match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => first_difference(x, y, format!("{at}.{k}")),
                _ => Some(format!("{at}.{k}")),
            }),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{at}[{i}]"))),
        _ if a == b => None,
        _ => Some(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_difference_is_named_by_its_path() {
        let a = serde_json::json!({"results": [{"id": "a", "n": 1.0}], "totalCount": 1});
        assert_eq!(first_difference(&a, &a.clone(), String::new()), None);
        let b = serde_json::json!({"results": [{"id": "a", "n": 1}], "totalCount": 1});
        assert_eq!(
            first_difference(&a, &b, String::new()).as_deref(),
            Some(".results[0].n")
        );
        let c =
            serde_json::json!({"results": [{"id": "a", "n": 1.0}], "totalCount": 1, "links": []});
        assert_eq!(
            first_difference(&a, &c, String::new()).as_deref(),
            Some(".links")
        );
    }

    #[cfg(atlas_spec)]
    #[test]
    fn every_decoder_accepts_both_payloads_and_encodes_them_back() {
        check_round_trips::<
            generated::types::PaginatedClusterDescription20240805,
            derived::plain::PaginatedClusterDescription20240805,
            derived::checked::PaginatedClusterDescription20240805,
            derived::kept::PaginatedClusterDescription20240805,
        >(&payload::clusters_page(500))
        .unwrap();
        check_round_trips::<
            Vec<generated::types::ServerlessTenantEndpoint>,
            Vec<derived::plain::ServerlessTenantEndpoint>,
            Vec<derived::checked::ServerlessTenantEndpoint>,
            Vec<derived::kept::ServerlessTenantEndpoint>,
        >(&payload::serverless_endpoints(2_000))
        .unwrap();
    }

    /// A value that breaks a rule deep inside the page — inside an alternative (a region
    /// config), inside lists — is refused, and read again with its path tracked (as the
    /// client does with a body that fails) the error names the alternative's place and, from
    /// the alternative, the failing member (the client joins the two).
    #[cfg(atlas_spec)]
    #[test]
    fn a_failure_deep_inside_names_the_whole_path() {
        let mut page: serde_json::Value =
            serde_json::from_slice(&payload::clusters_page(5)).unwrap();
        let region = &mut page["results"][3]["replicationSpecs"][0]["regionConfigs"][0];
        region["priority"] = serde_json::json!("high");
        let page = serde_json::to_vec(&page).unwrap();
        type Page = generated::types::PaginatedClusterDescription20240805;
        assert!(serde_json::from_slice::<Page>(&page).is_err());
        let mut de = serde_json::Deserializer::from_slice(&page);
        let e = serde_path_to_error::deserialize::<_, Page>(&mut de).unwrap_err();
        assert_eq!(
            e.path().to_string(),
            "results[3].replicationSpecs[0].regionConfigs[0]"
        );
        let message = e.into_inner().to_string();
        assert!(message.starts_with("at `priority`: "), "{message}");
    }

    /// A cluster of the clusters payload and an endpoint of the endpoints payload, each with
    /// values of open enums that the spec does not list: the generated types and `kept` give
    /// them back unchanged, `checked` drops them.
    #[cfg(atlas_spec)]
    #[test]
    fn generated_and_kept_keep_unknown_enum_values() {
        let cluster = serde_json::json!({
            "advancedConfiguration": {
                "minimumEnabledTlsProtocol": "TLS1_3",
                "tlsCipherConfigMode": "DEFAULT",
            },
            "clusterType": "REPLICASET",
            "groupId": "5f4e3d2c1b0a998877665544",
            "id": "65f2a1b0c9d8e7f6a5b4c3d2",
            "mongoDBVersion": "8.0.4",
            "name": "orders-prod-0",
            "replicationSpecs": [{
                "id": "65f2a1b0c9d8e7f6a5b4c3d3",
                "regionConfigs": [{
                    "electableSpecs": { "instanceSize": "M30", "nodeCount": 3 },
                    "priority": 7,
                    "providerName": "AWS",
                    "regionName": "US_EAST_7",
                }],
                "zoneName": "Zone 1",
            }],
            "stateName": "RESIZING",
        });
        let input = serde_json::to_vec(&cluster).unwrap();
        round_trip::<generated::types::ClusterDescription20240805>(&input, &cluster).unwrap();
        round_trip::<derived::kept::ClusterDescription20240805>(&input, &cluster).unwrap();
        assert!(
            round_trip::<derived::checked::ClusterDescription20240805>(&input, &cluster).is_err()
        );
        let kept: derived::kept::ClusterDescription20240805 =
            serde_json::from_slice(&input).unwrap();
        assert_eq!(
            kept.state_name,
            Some(derived::kept::ClusterDescription20240805StateName::Unknown(
                "RESIZING".into()
            ))
        );

        let endpoint = serde_json::json!([{
            "_id": "65f2a1b0c9d8e7f6a5b4c3d4",
            "cloudProviderEndpointId": "vpce-0123456789abcdef0",
            "comment": "orders (prod)",
            "endpointServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
            "providerName": "AWS",
            "status": "PAUSED",
        }]);
        let input = serde_json::to_vec(&endpoint).unwrap();
        round_trip::<Vec<generated::types::ServerlessTenantEndpoint>>(&input, &endpoint).unwrap();
        round_trip::<Vec<derived::kept::ServerlessTenantEndpoint>>(&input, &endpoint).unwrap();
        assert!(
            round_trip::<Vec<derived::checked::ServerlessTenantEndpoint>>(&input, &endpoint)
                .is_err()
        );
    }
}
