//! The command line: its options, `--check`, and how it fails.

use std::path::Path;
use std::process::Command;

fn generator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_generator"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn run(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn help_explains_the_options() {
    let (code, text) = run(generator().arg("--help"));
    assert_eq!(code, 0);
    for option in [
        "--spec",
        "--out",
        "--crate-name",
        "--check",
        "--templates",
        "--operation",
        "--tag",
        "--all",
        "--strict",
        "--overlay",
    ] {
        assert!(
            text.contains(option),
            "--help does not mention {option}:\n{text}"
        );
    }
}

#[test]
fn check_passes_on_the_checked_in_crate() {
    let (code, text) = run(generator().arg("--check"));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("up to date"), "{text}");
}

#[test]
fn check_names_stale_missing_and_extra_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let (code, text) = run(generator().arg("--out").arg(&out));
    assert_eq!(code, 0, "{text}");
    let (code, _) = run(generator().arg("--out").arg(&out).arg("--check"));
    assert_eq!(code, 0);
    std::fs::write(out.join("src/types.rs"), "// edited\n").unwrap();
    std::fs::remove_file(out.join("src/runtime/error.rs")).unwrap();
    std::fs::write(out.join("src/extra.rs"), "").unwrap();
    let (code, text) = run(generator().arg("--out").arg(&out).arg("--check"));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("src/types.rs (differs)"), "{text}");
    assert!(text.contains("src/runtime/error.rs (missing)"), "{text}");
    assert!(text.contains("src/extra.rs (not generated)"), "{text}");
}

#[test]
fn writing_replaces_the_folder_and_keeps_target() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::create_dir_all(out.join("target/debug")).unwrap();
    std::fs::write(out.join("target/debug/marker"), "kept").unwrap();
    std::fs::write(out.join("src/old.rs"), "stale").unwrap();
    let (code, text) = run(generator()
        .arg("--out")
        .arg(&out)
        .args(["--crate-name", "my-client"]));
    assert_eq!(code, 0, "{text}");
    assert!(
        !out.join("src/old.rs").exists(),
        "files the generator does not write are gone"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("target/debug/marker")).unwrap(),
        "kept"
    );
    assert!(
        std::fs::read_to_string(out.join("Cargo.toml"))
            .unwrap()
            .contains("name = \"my-client\"")
    );
    // Nothing is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn a_spec_needs_an_output_folder() {
    let (code, text) = run(generator()
        .arg("--spec")
        .arg(root().join("spec/create-serverless-private-endpoint.yaml")));
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--out"), "{text}");
}

#[test]
fn a_bad_spec_fails_with_where_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("bad.yaml");
    std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n").unwrap();
    let out = dir.path().join("out");
    let (code, text) = run(generator().arg("--spec").arg(&spec).arg("--out").arg(&out));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("#/paths/~1x/get/responses/200/content/application~1json/schema/$ref"),
        "{text}"
    );
    assert!(text.contains("line 12"), "{text}");
    assert!(!out.exists(), "nothing is written for a failed run");
}

#[test]
fn unknown_operation_or_tag_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = run(generator().arg("--out").arg(dir.path().join("o")).args([
        "--operation",
        "nope",
        "--tag",
        "Nope",
    ]));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("no operation has the id `nope`")
            && text.contains("no operation has the tag `Nope`"),
        "{text}"
    );
}

#[test]
fn a_failure_while_formatting_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let (code, text) = run(generator().arg("--out").arg(&out));
    assert_eq!(code, 0, "{text}");
    std::fs::write(out.join("src/mine.rs"), "kept").unwrap();
    let before = std::fs::read_to_string(out.join("src/types.rs")).unwrap();
    // The operation template renders code that does not parse: the run fails after the
    // other files are formatted.
    let templates = dir.path().join("t");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("operation.rs.jinja"), "fn broken( {").unwrap();
    let (code, text) = run(generator()
        .arg("--out")
        .arg(&out)
        .args(["--crate-name", "other"])
        .arg("--templates")
        .arg(&templates));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("operation.rs.jinja"), "{text}");
    assert_eq!(
        std::fs::read_to_string(out.join("src/mine.rs")).unwrap(),
        "kept"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("src/types.rs")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "only the crate and the templates: {leftovers:?}"
    );
}

#[test]
fn templates_option_replaces_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("t");
    std::fs::create_dir_all(&templates).unwrap();
    let manifest = std::fs::read_to_string(root().join("templates/Cargo.toml.jinja")).unwrap();
    std::fs::write(
        templates.join("Cargo.toml.jinja"),
        manifest.replace("[package]", "# overridden\n[package]"),
    )
    .unwrap();
    let out = dir.path().join("crate");
    let (code, text) = run(generator()
        .arg("--out")
        .arg(&out)
        .arg("--templates")
        .arg(&templates));
    assert_eq!(code, 0, "{text}");
    assert!(
        std::fs::read_to_string(out.join("Cargo.toml"))
            .unwrap()
            .contains("# overridden")
    );
    std::fs::write(templates.join("lib.rs.jinja"), "{% if %}").unwrap();
    let (code, text) = run(generator()
        .arg("--out")
        .arg(&out)
        .arg("--templates")
        .arg(&templates));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("lib.rs.jinja") && text.contains("line 1"),
        "{text}"
    );
}

#[test]
fn operation_and_tag_select_what_is_generated() {
    let spec = root().join("tests/specs/odd/versions.yaml");
    let methods = |args: &[&str]| -> String {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o");
        let (code, text) = run(generator()
            .arg("--spec")
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .args(args));
        assert_eq!(code, 0, "{text}");
        let mut all = String::new();
        for entry in std::fs::read_dir(out.join("src/operations")).unwrap() {
            all += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
        }
        all
    };
    let one = methods(&["--operation", "getReport"]);
    assert!(one.contains("pub fn get_report("), "{one}");
    assert!(
        one.contains("pub fn get_report_csv("),
        "every form of a chosen operation"
    );
    assert!(!one.contains("pub fn create_thing("), "{one}");

    for args in [&["--tag", "Things"][..], &["--all"][..], &[][..]] {
        let both = methods(args);
        assert!(both.contains("pub fn get_report("), "{args:?}");
        assert!(both.contains("pub fn create_thing("), "{args:?}");
    }
}

#[test]
fn overlays_apply_in_the_order_given_and_strict_fails_on_one_that_selects_nothing() {
    let specs = root().join("tests/specs/overlays");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let mut command = generator();
    command
        .arg("--spec")
        .arg(specs.join("pets.yaml"))
        .arg("--overlay")
        .arg(specs.join("fixes.overlay.yaml"))
        .arg("--overlay")
        .arg(specs.join("later.overlay.yaml"))
        .arg("--out")
        .arg(&out);
    let (code, text) = run(&mut command);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(
            "warning: note: the overlay's target `$.components.schemas.Cat` selects nothing"
        ),
        "{text}"
    );
    let types = std::fs::read_to_string(out.join("src/types.rs")).unwrap();
    assert!(types.contains("max 40"), "applied in order:\n{types}");
    let (code, text) = run(command.arg("--strict"));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("strict mode: 2 diagnostics"), "{text}");
}
