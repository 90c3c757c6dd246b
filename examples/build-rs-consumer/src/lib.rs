//! A crate that generates the Atlas client at build time (see `build.rs`) and uses it.

/// The generated client, as `build.rs` wrote it.
pub mod atlas {
    include!(concat!(env!("OUT_DIR"), "/atlas_admin.rs"));
}

use atlas::types::{
    GroupId, InstanceName, ServerlessTenantCreateRequest, ServerlessTenantEndpoint,
};

/// What this crate's own code wants from Atlas: where a new private endpoint lives.
#[derive(Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// An AWS endpoint service name, once Atlas has one.
    Aws(Option<String>),
    /// An Azure private IP address, once Atlas has one.
    Azure(Option<String>),
    /// A provider this crate does not know.
    Other,
}

/// Creates a private endpoint for a serverless instance, checking the inputs first.
pub async fn create_endpoint(
    client: &atlas::Client,
    group: &str,
    instance: &str,
    comment: &str,
) -> Result<Endpoint, Box<dyn std::error::Error + Send + Sync>> {
    let group: GroupId = group.parse()?;
    let instance: InstanceName = instance.parse()?;
    let body = ServerlessTenantCreateRequest {
        comment: Some(comment.parse()?),
    };
    let created = client
        .create_serverless_private_endpoint(&group, &instance, &body)
        .send()
        .await?;
    Ok(match created {
        ServerlessTenantEndpoint::Aws(e) => {
            Endpoint::Aws(e.endpoint_service_name.map(|n| n.into_inner()))
        }
        ServerlessTenantEndpoint::Azure(e) => {
            Endpoint::Azure(e.private_endpoint_ip_address.map(|a| a.into_inner()))
        }
        ServerlessTenantEndpoint::Unknown(_) => Endpoint::Other,
    })
}
