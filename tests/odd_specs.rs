//! Valid but odd specs: each file of `specs/odd/` generates a crate that builds alone with
//! clippy's warnings denied, and passes the test file of the same name (`names.rs`), which
//! runs inside the generated crate. What the generator noticed (renames, skips) is
//! snapshotted.

use std::path::Path;

const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
serde_json = "1"
tokio = { version = "1", features = ["rt", "macros"] }
wiremock = "0.6"
"#;

fn odd(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/odd");
    let output = generator::Generator::from_path(dir.join(format!("{name}.yaml")))
        .crate_name(format!("odd-{name}"))
        .generate()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let diagnostics: Vec<String> = output.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(format!("diagnostics__{name}"), diagnostics.join("\n"));
    let mut files = output.files.clone();
    let test =
        std::fs::read_to_string(dir.join(format!("{name}.rs"))).expect("a test file per odd spec");
    files.insert("tests/behaviour.rs".to_owned(), test);
    let krate = tests::TempCrate::new(&files, DEV_DEPENDENCIES).expect("writes the crate");
    if let Err(out) = krate.cargo(&["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"]) {
        panic!("{name}: clippy failed:\n{out}");
    }
    if let Err(out) = krate.cargo(&["test", "--quiet"]) {
        panic!("{name}: its tests failed:\n{out}");
    }
}

#[test]
fn names() {
    odd("names");
}

#[test]
fn recursion() {
    odd("recursion");
}

#[test]
fn alternatives() {
    odd("alternatives");
}

#[test]
fn hostile() {
    odd("hostile");
}

#[test]
fn versions() {
    odd("versions");
}
