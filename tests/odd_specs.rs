//! Valid but odd specs: each file of `specs/odd/` generates a crate that builds alone with
//! clippy's warnings denied, and passes the test file of the same name (`names.rs`), which
//! runs inside the generated crate. What the generator noticed (renames, skips) is
//! snapshotted.

use std::path::Path;

const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
bytes = "1"
form_urlencoded = "1"
futures-util = { version = "0.3", default-features = false }
multer = "3"
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
fn openapi31() {
    odd("openapi31");
}

#[test]
fn swagger20() {
    odd("swagger20");
}

#[test]
fn forms() {
    odd("forms");
}

#[test]
fn queries() {
    odd("queries");
}

#[test]
fn styles() {
    odd("styles");
}

#[test]
fn multifile() {
    odd("multifile");
}

/// Every file a spec's `$ref`s read is an input of the build; a `$ref` to a URL, to a file
/// that is not there, or to another file from a spec given as text is a located error.
#[test]
fn references_to_other_files_are_inputs_or_located_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/odd");
    let output = generator::Generator::from_path(dir.join("multifile.yaml"))
        .generate()
        .expect("generates");
    let read: Vec<String> = output
        .inputs
        .iter()
        .filter_map(|p| p.strip_prefix(&dir).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(
        read,
        [
            "multifile.yaml",
            "multifile/paths/pets.yaml",
            "multifile/parameters.yaml",
            "multifile/schemas/pet.yaml",
            "multifile/schemas/owner.yaml",
            "multifile/paths/pet.yaml",
            "multifile/schemas/error.json",
        ],
        "each file once, in the order first read"
    );

    let spec = |reference: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    $ref: '{reference}'\n"
        )
    };
    let temp = std::env::temp_dir().join(format!("multifile-errors-{}", std::process::id()));
    std::fs::create_dir_all(&temp).unwrap();
    for (reference, expected) in [
        (
            "https://example.com/a.yaml",
            "is a URL: generation never touches the network",
        ),
        ("./missing.yaml", "`$ref: ./missing.yaml` cannot be read"),
    ] {
        let file = temp.join("spec.yaml");
        std::fs::write(&file, spec(reference)).unwrap();
        let err = generator::Generator::from_path(&file)
            .generate()
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{err}");
        assert!(
            err.contains("at #/paths/~1a/$ref (line 5, column 5)"),
            "{err}"
        );
    }
    let err = generator::Generator::from_text("spec.yaml", spec("./other.yaml"), None)
        .generate()
        .unwrap_err()
        .to_string();
    assert!(err.contains("the spec was given as text"), "{err}");
    std::fs::remove_dir_all(&temp).ok();
}

#[test]
fn paging() {
    let files = odd("paging");
    let things = &files["src/operations/things.rs"];
    assert!(things.contains("pub fn items(self)"), "{things}");
    assert_eq!(
        things.matches("pub fn pages(self)").count(),
        5,
        "listThings, listWords, listEvents, listRepos and listFeed page; getThing, whose page \
         number is required, does not"
    );
    assert!(things.contains("Pages::cursor("), "{things}");
    assert!(things.contains("Pages::linked("), "{things}");
    // Turned off by the generator's API, as `x-pagination: false` turns off `listLegacy`.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/odd/paging.yaml");
    let output = generator::Generator::from_path(&spec)
        .unpaged("listWords")
        .strict(true)
        .generate()
        .expect("info notes do not fail strict");
    let things = &output.files["src/operations/things.rs"];
    assert_eq!(things.matches("pub fn pages(self)").count(), 4, "{things}");
    let infos = output
        .diagnostics
        .iter()
        .filter(|d| d.kind == generator::DiagnosticKind::Info)
        .count();
    assert_eq!(infos, 4, "{:?}", output.diagnostics);
}

/// A convention set by the generator's API wins over the spec's; one that names what the
/// operation does not have is a located note, and the pages are not walked.
#[test]
fn paging_set_by_the_api_is_checked_against_the_operation() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/odd/paging.yaml");
    let output = generator::Generator::from_path(&spec)
        .paging(
            "listEvents",
            generator::Paging::Link {
                items: Some("data".into()),
            },
        )
        .paging(
            "listFeed",
            generator::Paging::Cursor {
                param: "before".into(),
                next: "following".into(),
                items: "entries".into(),
            },
        )
        .generate()
        .expect("generates");
    let things = &output.files["src/operations/things.rs"];
    assert_eq!(things.matches("Pages::linked(").count(), 2, "{things}");
    assert_eq!(things.matches("pub fn pages(self)").count(), 4, "{things}");
    let notes: Vec<String> = output
        .diagnostics
        .iter()
        .filter(|d| d.kind == generator::DiagnosticKind::Note)
        .map(ToString::to_string)
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains(
            "`listFeed`: the pagination set does not fit: it has no query parameter \
             `before` that takes a string"
        ),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].contains("at #/paths/~1feed/get (line "),
        "{}",
        notes[0]
    );
}

/// `x-pagination` objects that are not a convention, or do not fit, are located notes.
#[test]
fn a_wrong_x_pagination_is_a_located_note() {
    let spec = r#"
openapi: 3.0.3
info: {title: Paging, version: "1"}
paths:
  /a:
    get:
      operationId: listA
      x-pagination: {convention: pages, page: p}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
  /b:
    get:
      operationId: listB
      x-pagination: {convention: cursor, param: after, next: next, items: data}
      parameters:
        - {name: after, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {type: string}}, next: {type: string}}}}}}
"#;
    let output = generator::Generator::from_text("paging.yaml", spec, None)
        .generate()
        .expect("generates");
    let notes: Vec<String> = output.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].contains("`x-pagination` is not a convention (unknown variant `pages`"),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].contains("at #/paths/~1a/get/x-pagination (line 8"),
        "{}",
        notes[0]
    );
    assert!(
        notes[1].contains("no query parameter `after` that takes a string"),
        "{}",
        notes[1]
    );
    assert!(
        notes[1].contains("at #/paths/~1b/get/x-pagination (line 14"),
        "{}",
        notes[1]
    );
    assert!(output.files.values().all(|f| !f.contains("pub fn pages")));
}
