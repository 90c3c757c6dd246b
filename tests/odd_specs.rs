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

fn odd(name: &str) -> std::collections::BTreeMap<String, String> {
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
    output.files
}

#[test]
fn names() {
    let files = odd("names");
    // Schemas named `Option`, `String` and `Result` live in `types`: there the standard
    // library's names are spelled in full. The operations module imports `types` as a
    // module, so it keeps the prelude's.
    let types = &files["src/types.rs"];
    assert!(
        types.contains("pub option: ::std::option::Option<Option>"),
        "{types}"
    );
    assert!(!types.contains(": Option<"), "{types}");
    let ops = &files["src/operations/reserved.rs"];
    assert!(ops.contains("Output = Result<"), "{ops}");
    assert!(!ops.contains("::std::result::Result"), "{ops}");
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

#[test]
fn paging() {
    let files = odd("paging");
    let things = &files["src/operations/things.rs"];
    assert!(things.contains("pub fn items(self)"), "{things}");
    assert_eq!(
        things.matches("pub fn pages(self)").count(),
        3,
        "listThings, listWords and listEvents page; getThing, whose page number is required, \
         does not"
    );
    assert!(things.contains("Pages::cursor("), "{things}");
    // Turned off by the generator's API, as `x-pagination: false` turns off `listLegacy`.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/odd/paging.yaml");
    let output = generator::Generator::from_path(&spec)
        .unpaged("listWords")
        .strict(true)
        .generate()
        .expect("info notes do not fail strict");
    let things = &output.files["src/operations/things.rs"];
    assert_eq!(things.matches("pub fn pages(self)").count(), 2, "{things}");
    let infos = output
        .diagnostics
        .iter()
        .filter(|d| d.kind == generator::DiagnosticKind::Info)
        .count();
    assert_eq!(infos, 2, "{:?}", output.diagnostics);
}
