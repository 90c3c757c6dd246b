//! What the generator writes, locked where `generated/` does not already show it:
//! `generated/` itself is locked by `--check` (and by `generated_folder_is_current`), so
//! its files are not snapshotted again. Snapshotted: the model the project's spec lowers
//! to, and the five `Serverless Private Endpoints` operations of the full Atlas spec (their
//! model and every rendered file; runtime files are byte-for-byte copies, checked in
//! `templates.rs`). A change here is a change users see: review it with
//! `cargo insta review` (or by reading the `.snap.new` files) before accepting it.

use std::collections::BTreeSet;

use generator::Generator;
use tests::harness::{Need, Suite};

fn main() {
    let mut suite = Suite::new();
    suite
        .test("project_spec_model", &[], project_spec_model)
        .test(
            "serverless_private_endpoints",
            &[Need::AtlasSpec],
            serverless_private_endpoints,
        )
        .test(
            "generated_folder_is_current",
            &[],
            generated_folder_is_current,
        )
        .test("output_is_deterministic", &[], output_is_deterministic);
    suite.run()
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(tests::root().join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Snapshot names for a generated file: `<prefix>__src__types.rs`.
fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("snapshots__{prefix}__{}", path.replace('/', "__"))
}

/// Fails when the snapshot folder holds snapshots with `prefix` that this run did not check
/// (a file the generator no longer writes).
fn reject_unreferenced(prefix: &str, checked: &BTreeSet<String>) {
    let dir = tests::root().join("tests/snapshots");
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("snapshot folder").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".snap") else {
            continue;
        };
        if stem.starts_with(&format!("snapshots__{prefix}__")) && !checked.contains(stem) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots that no test checks any more (delete them): {stale:?}"
    );
}

fn project_spec_model() {
    let model = Generator::default_spec().model().expect("the spec lowers");
    settings().bind(|| insta::assert_yaml_snapshot!("snapshots__spec__model", model));
    reject_unreferenced("spec", &["snapshots__spec__model".to_owned()].into());
}

/// The five `Serverless Private Endpoints` operations, as the upstream spec has them.
fn serverless_private_endpoints() {
    let generator = tests::atlas_generator()
        .tag("Serverless Private Endpoints")
        .crate_name("atlas-serverless-endpoints");
    let model = generator.model().expect("lowers");
    let output = generator.generate().expect("generates");
    let mut checked = BTreeSet::new();
    settings().bind(|| {
        for (path, contents) in &output.files {
            if path.starts_with("src/runtime/") {
                continue;
            }
            let name = snapshot_name("endpoints", path);
            insta::assert_snapshot!(name.clone(), contents);
            checked.insert(name);
        }
        let name = "snapshots__endpoints__model".to_owned();
        insta::assert_yaml_snapshot!(name.clone(), model);
        checked.insert(name);
    });
    reject_unreferenced("endpoints", &checked);
}

/// The checked-in crate is exactly what the generator writes.
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
fn output_is_deterministic() {
    let a = Generator::default_spec().generate().expect("generates");
    let b = Generator::default_spec().generate().expect("generates");
    assert_eq!(a.files, b.files);
}
