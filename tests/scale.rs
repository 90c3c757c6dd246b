//! The whole Atlas Administration API: every operation generates, from YAML and from JSON
//! alike, with nothing skipped or renamed, into a crate that compiles; and operations can
//! be selected by id or by tag.

use std::collections::BTreeMap;

use generator::Generator;

const YAML: &str = "atlas-api-2025-06.yaml";
const JSON: &str = "atlas-api-2025-06.json";

/// The files, with the spec's file name (which the headers quote) made neutral.
fn neutral(files: &BTreeMap<String, String>, name: &str) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(k, v)| (k.clone(), v.replace(name, "SPEC")))
        .collect()
}

#[test]
fn the_full_spec_generates_alike_from_yaml_and_json_with_no_diagnostics() {
    let Some(dir) = tests::shared_atlas("the_full_spec_generates_alike_from_yaml_and_json") else {
        return;
    };
    // `strict`: any diagnostic (a skipped item, a renamed name) fails.
    let yaml = Generator::from_path(dir.join(YAML))
        .strict(true)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let json = Generator::from_path(dir.join(JSON))
        .strict(true)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(yaml.diagnostics.is_empty());
    let model = Generator::from_path(dir.join(YAML))
        .model()
        .expect("lowers");
    assert_eq!(
        model.operations.len(),
        454 + 2,
        "454 operations, two in two forms"
    );
    assert_eq!(neutral(&yaml.files, YAML), neutral(&json.files, JSON));
}

#[test]
fn the_full_spec_crate_compiles() {
    let Some(dir) = tests::shared_atlas("the_full_spec_crate_compiles") else {
        return;
    };
    let output = Generator::from_path(dir.join(YAML))
        .crate_name("atlas-full")
        .generate()
        .expect("generates");
    let lines: usize = output.files.values().map(|f| f.lines().count()).sum();
    eprintln!(
        "the full Atlas crate: {} files, {lines} lines",
        output.files.len()
    );
    if let Err(out) = tests::cargo_in_crate(&output.files, &["check", "--quiet"]) {
        panic!("the full Atlas crate does not compile:\n{out}");
    }
}

#[test]
fn a_tag_selects_its_operations() {
    let Some(dir) = tests::shared_atlas("a_tag_selects_its_operations") else {
        return;
    };
    let model = Generator::from_path(dir.join(YAML))
        .tag("Serverless Private Endpoints")
        .model()
        .expect("lowers");
    let mut ids: Vec<&str> = model.operations.iter().map(|o| o.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, tests::SERVERLESS_ENDPOINT_OPERATIONS);
    assert_eq!(model.modules.len(), 1);
    assert_eq!(model.modules[0].name, "serverless_private_endpoints");
    // Only the types those operations reach.
    assert!(model.types.len() < 40, "{} types", model.types.len());
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
}

#[test]
fn operations_and_tags_combine() {
    let Some(dir) = tests::shared_atlas("operations_and_tags_combine") else {
        return;
    };
    let model = Generator::from_path(dir.join(YAML))
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
