//! Templates: the documented context, overrides by name, and the errors a broken template
//! gives. Also the `cargo:` lines a build script prints.

use generator::{Error, Generator};

fn builtin(name: &str) -> String {
    std::fs::read_to_string(tests::root().join("templates").join(name)).unwrap()
}

fn with_override(name: &str, text: &str) -> (tempfile::TempDir, Generator) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let g = Generator::default_spec().templates(dir.path());
    (dir, g)
}

#[test]
fn an_override_replaces_only_its_template() {
    let default = Generator::default_spec().generate().unwrap();
    // `alias.rs.jinja` renders nothing for this spec: the output does not change.
    let (_d, g) = with_override("alias.rs.jinja", "pub type {{ t.name }} = ();\n");
    assert_eq!(g.generate().unwrap().files, default.files);
    // The manifest override changes the manifest and nothing else.
    let manifest = builtin("Cargo.toml.jinja").replace(
        "[dependencies]",
        "[dependencies]\n# reviewed by the platform team",
    );
    let (_d, g) = with_override("Cargo.toml.jinja", &manifest);
    let out = g.generate().unwrap();
    for (path, text) in &out.files {
        if path == "Cargo.toml" {
            assert!(text.contains("# reviewed by the platform team"));
        } else {
            assert_eq!(text, &default.files[path], "{path} changed");
        }
    }
}

#[test]
fn an_override_that_adds_a_derive_shows_up_and_compiles() {
    let text = builtin("struct.rs.jinja").replace(
        "#[derive(Debug, Clone, PartialEq",
        "#[derive(Debug, Clone, PartialEq, Eq",
    );
    assert_ne!(text, builtin("struct.rs.jinja"));
    let (_d, g) = with_override("struct.rs.jinja", &text);
    let out = g.generate().unwrap();
    let file = syn::parse_file(&out.files["src/types.rs"]).unwrap();
    let mut structs = 0;
    for item in &file.items {
        if let syn::Item::Struct(st) = item {
            if matches!(st.fields, syn::Fields::Named(_)) {
                structs += 1;
                let derives: Vec<String> = st
                    .attrs
                    .iter()
                    .filter(|a| a.path().is_ident("derive"))
                    .map(|a| a.meta.require_list().unwrap().tokens.to_string())
                    .collect();
                assert!(
                    derives
                        .iter()
                        .any(|d| d.split(',').any(|x| x.trim() == "Eq")),
                    "{}: {derives:?}",
                    st.ident
                );
            }
        }
    }
    assert!(structs >= 5, "{structs}");
    let mut files = out.files.clone();
    files.insert(
        "tests/eq.rs".to_owned(),
        "fn is_eq<T: Eq>() {}\n#[test]\nfn structs_are_eq() {\n    is_eq::<atlas_admin::types::ApiError>();\n    is_eq::<atlas_admin::types::ServerlessAzureTenantEndpoint>();\n}\n".to_owned(),
    );
    let krate = tests::TempCrate::new(&files, "").unwrap();
    if let Err(out) = krate.cargo(&["test", "--quiet", "--test", "eq"]) {
        panic!("{out}");
    }
}

#[test]
fn a_broken_template_names_itself_and_the_line() {
    let (_d, g) = with_override(
        "struct.rs.jinja",
        "{{ t.docs | doc }}\npub struct {{ t.name }} {\n{% for f in t.fields %}\n    pub {{ f.name }}: {{ f.ty }},\n}\n",
    );
    let err = g.generate().unwrap_err();
    assert!(matches!(err, Error::Template { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("struct.rs.jinja"), "{text}");
    assert!(text.contains("line"), "{text}");
}

#[test]
fn an_undefined_name_fails_instead_of_rendering_empty() {
    let text = builtin("enum.rs.jinja").replace("pub enum {{ t.name }}", "pub enum {{ t.nmae }}");
    let (_d, g) = with_override("enum.rs.jinja", &text);
    let text = g.generate().unwrap_err().to_string();
    assert!(
        text.contains("enum.rs.jinja") && text.contains("t.nmae") && text.contains("undefined"),
        "{text}"
    );
}

#[test]
fn a_template_that_renders_invalid_rust_shows_the_offending_lines() {
    let text = builtin("newtype.rs.jinja").replace(
        "pub struct {{ t.name }}({{ crate.std.string }});",
        "pub struct {{ t.name }} = ({{ crate.std.string }});",
    );
    let (_d, g) = with_override("newtype.rs.jinja", &text);
    let err = g.generate().unwrap_err();
    let Error::Format(f) = &err else {
        panic!("{err}")
    };
    assert_eq!(f.file, "src/types.rs");
    assert_eq!(f.template, "newtype.rs.jinja");
    assert!(f.rendered.contains(" = (String);"));
    let text = err.to_string();
    assert!(text.contains(&format!(">{:>4} | ", f.line)), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with('>')
            && l.contains("| pub struct ")
            && l.ends_with(" = (String);")),
        "the marked line is the bad one: {text}"
    );
}

#[test]
fn a_file_that_is_no_template_is_refused() {
    let (_d, g) = with_override("strcut.rs.jinja", "");
    let text = g.generate().unwrap_err().to_string();
    assert!(
        text.contains("`strcut.rs.jinja` is not the name of a template")
            && text.contains("struct.rs.jinja"),
        "{text}"
    );
}

#[test]
fn build_rs_prints_what_cargo_needs() {
    let spec = tests::root().join("tests/specs/odd/names.yaml");
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("alias.rs.jinja"),
        builtin("alias.rs.jinja"),
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let mut printed = Vec::new();
    let path = Generator::from_path(&spec)
        .templates(templates.path())
        .build_rs_into(out_dir.path(), "names.rs", &mut printed)
        .unwrap();
    let printed = String::from_utf8(printed).unwrap();
    let lines: Vec<&str> = printed.lines().collect();
    assert!(
        lines.contains(&format!("cargo:rerun-if-changed={}", spec.display()).as_str()),
        "{printed}"
    );
    assert!(
        lines.contains(&format!("cargo:rerun-if-changed={}", templates.path().display()).as_str()),
        "{printed}"
    );
    assert!(
        lines.contains(
            &format!(
                "cargo:rerun-if-changed={}",
                templates.path().join("alias.rs.jinja").display()
            )
            .as_str()
        ),
        "{printed}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cargo:warning=name collision")),
        "{printed}"
    );
    let module = std::fs::read_to_string(&path).unwrap();
    assert!(module.contains("pub mod types {") && module.contains("pub mod operations {"));
    let top = module.trim_start();
    assert!(
        !top.starts_with("#![") && !top.starts_with("//!"),
        "no inner attribute at the top of an included file"
    );
    // Writing the same module again does not touch the file, so cargo does not rebuild.
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    Generator::from_path(&spec)
        .templates(templates.path())
        .build_rs_into(out_dir.path(), "names.rs", &mut Vec::new())
        .unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
}

/// Runtime files are copied byte for byte from the `runtime` crate; a spec gets the files
/// of what it uses (the project's spec has no HTTP Basic scheme: no `basic.rs`, no
/// `base64`).
#[test]
fn runtime_files_are_copies_of_the_runtime_crate() {
    let out = Generator::default_spec().generate().unwrap();
    let runtime = tests::root().join("runtime/src/runtime");
    let copied: Vec<&String> = out
        .files
        .keys()
        .filter(|k| k.starts_with("src/runtime/"))
        .collect();
    assert!(copied.len() >= 10, "{copied:?}");
    for path in copied {
        let name = path.trim_start_matches("src/runtime/");
        let original = std::fs::read_to_string(runtime.join(name)).unwrap();
        assert_eq!(
            out.files[path], original,
            "{path} is not a byte-for-byte copy"
        );
    }
    assert!(!out.files.contains_key("src/runtime/basic.rs"));
    // `base64` stays: the token request sends its client credentials as a Basic pair.
    assert!(out.files["Cargo.toml"].contains("base64"));
    assert!(out.files["src/runtime.rs"].contains("pub(crate) mod digest;"));
    assert!(!out.files["src/runtime.rs"].contains("pub(crate) mod basic;"));
}

/// A runtime file in the override folder replaces the built-in one as it is (it is not a
/// template), and nothing else changes.
#[test]
fn an_override_replaces_a_runtime_file_as_it_is() {
    let default = Generator::default_spec().generate().unwrap();
    let original = &default.files["src/runtime/validation.rs"];
    let text = format!("{original}\n// reviewed by the platform team {{ not a template }}\n");
    let (_d, g) = with_override("validation.rs", &text);
    let out = g.generate().unwrap();
    assert_eq!(out.files["src/runtime/validation.rs"], text);
    for (path, contents) in &out.files {
        if path != "src/runtime/validation.rs" {
            assert_eq!(contents, &default.files[path], "{path} changed");
        }
    }
}
