//! Generated code is compiled: the checked-in crate, and the crate of the five
//! `Serverless Private Endpoints` operations of the full Atlas spec, each pass
//! `cargo clippy -- -D warnings` and `cargo doc` with warnings denied, built on their own
//! (outside this workspace, as a user would build them).

use tests::harness::{Need, Suite};

fn main() {
    let mut suite = Suite::new();
    suite
        .test(
            "checked_in_crate_builds_alone_without_warnings",
            &[],
            checked_in_crate,
        )
        .test(
            "serverless_private_endpoints_crate_builds_without_warnings",
            &[Need::AtlasSpec],
            serverless_private_endpoints_crate,
        )
        .test("no_openssl_in_the_generated_crates_tree", &[], no_openssl);
    suite.run()
}

fn check(files: &std::collections::BTreeMap<String, String>, what: &str) {
    if let Err(out) = tests::cargo_in_crate(
        files,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    ) {
        panic!("{what}: clippy failed:\n{out}");
    }
    if let Err(out) = tests::cargo_in_crate(files, &["doc", "--quiet", "--no-deps"]) {
        panic!("{what}: cargo doc failed:\n{out}");
    }
}

fn checked_in_crate() {
    let files = tests::read_tree(&tests::root().join("generated"));
    assert!(files.contains_key("Cargo.toml") && files.contains_key("src/lib.rs"));
    check(&files, "generated/");
}

fn serverless_private_endpoints_crate() {
    let generator = tests::atlas_generator()
        .tag("Serverless Private Endpoints")
        .crate_name("atlas-serverless-endpoints");
    let model = generator.model().expect("lowers");
    let mut ids: Vec<&str> = model.operations.iter().map(|o| o.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, tests::SERVERLESS_ENDPOINT_OPERATIONS);
    let output = generator.generate().expect("generates");
    check(&output.files, "serverless private endpoints");
}

/// TLS is rustls: nothing in the generated crate's tree needs OpenSSL to build.
fn no_openssl() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "atlas-admin",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(tests::root())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("rustls"), "{tree}");
    // `openssl-probe` is pure Rust (it looks for certificate files); the bindings are banned.
    for banned in ["openssl-sys ", "openssl ", "native-tls ", "aws-lc-sys "] {
        assert!(
            !tree.lines().any(|l| l.starts_with(banned)),
            "{banned}in:\n{tree}"
        );
    }
}
