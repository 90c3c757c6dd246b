//! The whole Atlas Administration API: every operation generates, from YAML and from JSON
//! alike, with nothing skipped or renamed, into a crate that compiles; and operations can
//! be selected by id or by tag. The spec is the file `ATLAS_SPEC` names (see
//! `tests::atlas_spec`); without it these tests are ignored.

use std::collections::BTreeMap;

use generator::{Format, Generator};
use tests::harness::{Need, Suite};

fn main() {
    let mut suite = Suite::new();
    let needs = &[Need::AtlasSpec];
    suite
        .test(
            "the_full_spec_generates_alike_from_yaml_and_json_with_no_diagnostics",
            needs,
            yaml_and_json,
        )
        .test("the_full_spec_crate_compiles", needs, full_crate_compiles)
        .test("a_tag_selects_its_operations", needs, tag_selection)
        .test("operations_and_tags_combine", needs, operations_and_tags);
    suite.run()
}

/// The files, with the spec's file name (which the headers quote) made neutral.
fn neutral(files: &BTreeMap<String, String>, name: &str) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(k, v)| (k.clone(), v.replace(name, "SPEC")))
        .collect()
}

fn yaml_and_json() {
    // The same document as JSON: converted here, so one downloaded file serves both. (A
    // YAML value keeps the order of members, which decides which operation names a shared
    // parameter type.)
    let yaml_text = std::fs::read_to_string(tests::harness::atlas_spec_path()).unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml_text).expect("the spec is YAML");
    let json_text = serde_json::to_string_pretty(&value).expect("the spec is JSON too");
    // `strict`: any diagnostic (a skipped item, a renamed name) fails.
    let yaml = Generator::from_text("spec-under-test.yaml", yaml_text, Some(Format::Yaml))
        .strict(true)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let json = Generator::from_text("spec-under-test.json", json_text, Some(Format::Json))
        .strict(true)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    // Only notes of lists that page (`info`, which `strict` lets pass).
    assert!(
        yaml.diagnostics
            .iter()
            .all(|d| d.kind == generator::DiagnosticKind::Info),
        "{:?}",
        yaml.diagnostics
    );
    assert_eq!(yaml.diagnostics.len(), 63);
    let model = tests::atlas_generator().model().expect("lowers");
    assert_eq!(
        model.operations.len(),
        454 + 2,
        "454 operations, two in two forms"
    );
    let paging: Vec<&str> = model
        .operations
        .iter()
        .filter(|op| op.pagination.is_some())
        .map(|op| op.id.as_str())
        .collect();
    assert!(paging.contains(&"listClusters"), "{paging:?}");
    let unpaged: Vec<(&str, &str)> = model
        .operations
        .iter()
        .filter(|op| op.pagination.is_none() && op.params.iter().any(|p| p.json_name == "pageNum"))
        .map(|op| (op.id.as_str(), op.method.as_str()))
        .collect();
    // Seven writes take `pageNum` too (POST, PATCH, PUT): walking their pages would send
    // the write again. Three reads answer no `results` page.
    assert_eq!(
        unpaged.iter().filter(|(_, m)| *m != "GET").count(),
        7,
        "{unpaged:?}"
    );
    let unpaged_reads: Vec<&str> = unpaged
        .iter()
        .filter(|(_, m)| *m == "GET")
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(
        unpaged_reads,
        [
            "listSuggestedIndexes",
            "getActiveVpcPeeringConnections",
            "getVpcPeeringConnections"
        ]
    );
    assert_eq!(
        paging.len(),
        63,
        "the reads with `pageNum` that answer a `results` page: {paging:?}"
    );

    let (yaml, json) = (
        neutral(&yaml.files, "spec-under-test.yaml"),
        neutral(&json.files, "spec-under-test.json"),
    );
    let differ: Vec<&String> = yaml
        .keys()
        .chain(json.keys())
        .filter(|k| yaml.get(*k) != json.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "YAML and JSON give different files: {differ:?}"
    );
}

/// Values read from one answer go into the next call as they are: one concept, one type
/// (`cargo check` of the crate and of this example that uses it).
const FLOW: &str = r#"
use atlas_admin_full::types::{self, BaseNetworkPeeringConnectionSettings as Peering};
use atlas_admin_full::{Client, Error};

pub async fn flow(client: &Client, group: &types::GroupId, peer: &types::PeerId) -> Result<(), Error> {
    // A project's organization: the org id of one answer lists the org's projects.
    let project: types::Group = client.get_project(group).send().await?;
    client.list_organization_projects(&project.org_id).send().await?;
    // A cluster's group id lists the clusters of its project.
    let clusters = client.list_clusters(group).send().await?;
    for cluster in clusters.results.unwrap_or_default() {
        if let Some(group_id) = &cluster.group_id {
            client.list_clusters(group_id).send().await?;
        }
    }
    // An outage simulation names its cluster: get that cluster.
    let name: types::ClusterName = "Cluster0".parse().expect("a cluster name");
    let simulation = client.get_outage_simulation(group, &name).send().await?;
    if let (Some(group_id), Some(cluster)) = (&simulation.group_id, &simulation.cluster_name) {
        client.get_cluster(group_id, cluster).send().await?;
    }
    // A peering connection's cloud provider lists the connections of that provider.
    if let Peering::Aws(aws) = client.get_peering_connection(group, peer).send().await? {
        if let Some(provider) = aws.provider_name {
            client.list_peering_connections(group).provider_name(provider).send().await?;
        }
    }
    Ok(())
}

fn main() {}
"#;

fn full_crate_compiles() {
    let output = tests::atlas_generator()
        .crate_name("atlas-admin-full")
        .generate()
        .expect("generates");
    let lines: usize = output.files.values().map(|f| f.lines().count()).sum();
    let types = output.files["src/types.rs"]
        .lines()
        .filter(|l| {
            l.starts_with("pub struct ") || l.starts_with("pub enum ") || l.starts_with("pub type ")
        })
        .count();
    eprintln!(
        "the full Atlas crate: {} files, {lines} lines, {types} types",
        output.files.len()
    );
    let mut files = output.files;
    files.insert("examples/flow.rs".to_owned(), FLOW.to_owned());
    let krate = tests::TempCrate::new(&files, "").expect("writes the crate");
    if let Err(out) = krate.cargo(&["check", "--quiet", "--lib", "--examples"]) {
        panic!("the full Atlas crate does not compile:\n{out}");
    }
    // One tag alone: only its operations and the types they reach, with nothing left
    // dangling (a warning would say so).
    for tag in ["serverless-private-endpoints", "clusters"] {
        let args = ["check", "--lib", "--no-default-features", "--features", tag];
        match krate.cargo(&args) {
            Ok(out) => assert!(!out.contains("warning"), "{tag} alone warns:\n{out}"),
            Err(out) => panic!("{tag} alone does not compile:\n{out}"),
        }
    }
}

fn tag_selection() {
    let model = tests::atlas_generator()
        .tag("Serverless Private Endpoints")
        .model()
        .expect("lowers");
    let mut ids: Vec<&str> = model.operations.iter().map(|o| o.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, tests::SERVERLESS_ENDPOINT_OPERATIONS);
    assert_eq!(model.modules.len(), 1);
    assert_eq!(model.modules[0].name, "serverless_private_endpoints");
    // Only the types those operations reach.
    assert!(model.types.len() < 50, "{} types", model.types.len());
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
}

fn operations_and_tags() {
    let model = tests::atlas_generator()
        .operation("createServerlessPrivateEndpoint")
        .operation("getSystemStatus")
        .tag("Invoices")
        .model()
        .expect("lowers");
    let ids: Vec<&str> = model.operations.iter().map(|o| o.id.as_str()).collect();
    assert!(ids.contains(&"createServerlessPrivateEndpoint"), "{ids:?}");
    assert!(ids.contains(&"getSystemStatus"), "{ids:?}");
    assert!(ids.contains(&"getInvoice"), "{ids:?}");
    assert!(!ids.contains(&"listClusters"), "{ids:?}");
    // `getInvoice` answers JSON or CSV: one method each.
    let names: Vec<&str> = model
        .operations
        .iter()
        .filter(|o| o.id == "getInvoice")
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(names, ["get_invoice", "get_invoice_csv"]);
}
