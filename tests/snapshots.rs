//! The generated output, locked by `insta` snapshots: every file, and the model it is
//! rendered from. A change here is a change users see; review it with `cargo insta review`
//! (or by reading the `.snap.new` files) before accepting it.

use std::collections::BTreeSet;

use generator::Generator;

/// Snapshot names for a generated file: `<prefix>__src__types.rs`.
fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}__{}", path.replace('/', "__"))
}

/// Fails when the snapshot folder holds snapshots with `prefix` that this run did not check
/// (a file the generator no longer writes).
fn reject_unreferenced(prefix: &str, checked: &BTreeSet<String>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("snapshot folder").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_prefix("snapshots__")
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        if stem.starts_with(&format!("{prefix}__")) && !checked.contains(stem) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots that no test checks any more (delete them): {stale:?}"
    );
}

fn lock(prefix: &str, generator: &Generator) {
    let model = generator.model().expect("the spec lowers");
    let output = generator.generate().expect("the spec generates");
    let mut checked = BTreeSet::new();
    for (path, contents) in &output.files {
        let name = snapshot_name(prefix, path);
        insta::assert_snapshot!(name.clone(), contents);
        checked.insert(name);
    }
    let name = format!("{prefix}__model");
    insta::assert_yaml_snapshot!(name.clone(), model);
    checked.insert(name);
    reject_unreferenced(prefix, &checked);
}

#[test]
fn project_spec() {
    lock("spec", &Generator::default_spec());
}

#[test]
fn upstream_fragment() {
    let Some(dir) = tests::shared_atlas("upstream_fragment") else {
        return;
    };
    lock(
        "upstream",
        &Generator::from_path(dir.join("create-serverless-private-endpoint.yaml")),
    );
}

/// The five `Serverless Private Endpoints` operations, as the upstream spec has them.
#[test]
fn serverless_private_endpoints() {
    let Some(dir) = tests::shared_atlas("serverless_private_endpoints") else {
        return;
    };
    lock(
        "endpoints",
        &Generator::from_path(dir.join("serverless-private-endpoints.yaml"))
            .crate_name("atlas-serverless-endpoints"),
    );
}

/// The checked-in crate is exactly what the generator writes.
#[test]
fn generated_folder_is_current() {
    let output = Generator::default_spec()
        .generate()
        .expect("the spec generates");
    let stale = output.stale_files(&tests::root().join("generated"));
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo run -p generator`: {stale:?}"
    );
}

/// Same input, same bytes: two runs agree, whatever the threads did.
#[test]
fn output_is_deterministic() {
    let a = Generator::default_spec().generate().expect("generates");
    let b = Generator::default_spec().generate().expect("generates");
    assert_eq!(a.files, b.files);
}
