//! Generated code is compiled: the checked-in crate and the upstream fragment's crate each
//! pass `cargo clippy -- -D warnings` and `cargo doc` with warnings denied, built on their
//! own (outside this workspace, as a user would build them).

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

#[test]
fn checked_in_crate_builds_alone_without_warnings() {
    let files = tests::read_tree(&tests::root().join("generated"));
    assert!(files.contains_key("Cargo.toml") && files.contains_key("src/lib.rs"));
    check(&files, "generated/");
}

#[test]
fn upstream_fragment_crate_builds_without_warnings() {
    let Some(dir) = tests::shared_atlas("upstream_fragment_crate_builds_without_warnings") else {
        return;
    };
    let output =
        generator::Generator::from_path(dir.join("create-serverless-private-endpoint.yaml"))
            .crate_name("atlas-fragment")
            .generate()
            .expect("generates");
    check(&output.files, "upstream fragment");
}

#[test]
fn serverless_private_endpoints_crate_builds_without_warnings() {
    let Some(dir) =
        tests::shared_atlas("serverless_private_endpoints_crate_builds_without_warnings")
    else {
        return;
    };
    let generator = generator::Generator::from_path(dir.join("serverless-private-endpoints.yaml"))
        .crate_name("atlas-serverless-endpoints");
    let model = generator.model().expect("lowers");
    let mut ids: Vec<&str> = model.operations.iter().map(|o| o.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, tests::SERVERLESS_ENDPOINT_OPERATIONS);
    let output = generator.generate().expect("generates");
    check(&output.files, "serverless private endpoints");
}

/// TLS is rustls: nothing in the generated crate's tree needs OpenSSL to build.
#[test]
fn no_openssl_in_the_generated_crates_tree() {
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
