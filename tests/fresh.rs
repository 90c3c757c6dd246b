//! What a new user builds: generated crates and the README's Rust blocks, in a workspace of
//! their own outside this one, with no lock file. Dependencies resolve twice: as the
//! crates' `Cargo.toml`s ask (resolver 3, which falls back to versions whose `rust-version`
//! the crates' MSRV meets) — every package then must declare an MSRV no newer than
//! theirs — and with the newest versions the requirements allow (what a workspace on
//! resolver 2, or with no `rust-version`, gets), which must pass
//! `cargo clippy --all-targets --all-features -- -D warnings`. Clippy's `incompatible_msrv`
//! lint checks the crates' own code against their MSRV; a crate that uses a newer standard
//! library API shows that the lint is on.

use std::collections::BTreeMap;

use generator::Generator;
use tests::harness::{Need, Suite};
use tests::readme::Block;

fn main() {
    let mut suite = Suite::new();
    suite
        .test(
            "readme_examples_and_generated_crates_build_on_a_fresh_resolve",
            &[],
            readme_examples_and_generated_crates,
        )
        .test(
            "a_public_spec_crate_builds_on_a_fresh_resolve",
            &[Need::PublicSpecs],
            public_spec_crate,
        )
        .test(
            "the_readme_paging_example_builds_against_the_full_atlas_api",
            &[Need::AtlasSpec],
            readme_paging_example,
        );
    suite.run()
}

type Files = BTreeMap<String, String>;

/// The README's blocks that use a crate of the full Atlas spec.
const NEEDS_ATLAS: &str = "atlas-spec";

fn readme_examples_and_generated_crates() {
    let blocks = readme_blocks();
    let recipe = build_rs_recipe(&blocks);
    let examples: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.is_rust() && b.attr("file").is_none() && b.attr("needs").is_none())
        .collect();
    assert!(
        examples.len() >= 6,
        "{} examples in the README",
        examples.len()
    );
    let my_api = Generator::from_path(tests::root().join("tests/specs/odd/forms.yaml"))
        .crate_name("my-api")
        .generate()
        .expect("forms.yaml generates")
        .files;
    let members = vec![
        (
            "atlas-admin".to_owned(),
            tests::read_tree(&tests::root().join("generated")),
        ),
        ("my-api".to_owned(), my_api),
        (
            "readme-examples".to_owned(),
            examples_crate(
                "readme-examples",
                &examples,
                &[
                    r#"atlas-admin = { path = "../atlas-admin" }"#,
                    r#"my-api = { path = "../my-api" }"#,
                    &format!("generator = {}", generator_dependency()),
                    r#"reqwest = { version = "0.13", default-features = false }"#,
                ],
            ),
        ),
        ("readme-build-rs".to_owned(), recipe),
        ("msrv-probe".to_owned(), msrv_probe()),
    ];
    let workspace = tests::TempCrate::fresh_workspace(&members).expect("writes the workspace");
    check_msrv_of_resolved_packages(&workspace);
    clippy_on_newest(&workspace, &["--exclude", "msrv-probe"]);
    let probe = workspace
        .cargo(&[
            "clippy",
            "--quiet",
            "-p",
            "msrv-probe",
            "--",
            "-D",
            "warnings",
        ])
        .expect_err("a standard library API newer than the MSRV is refused");
    assert!(probe.contains("incompatible_msrv"), "{probe}");
}

fn public_spec_crate() {
    // Figma's: pages followed by `Link` headers, `oneOf` answers, enums, 47k lines.
    let spec = tests::public_specs()
        .expect("the public specs")
        .join("@figma/rest-api-spec/openapi/openapi.yaml");
    let files = Generator::from_path(spec)
        .crate_name("public-figma")
        .generate()
        .expect("Figma's spec generates")
        .files;
    for runtime in ["links.rs", "pages.rs", "one_of.rs", "enums.rs", "auth.rs"] {
        assert!(
            files.contains_key(&format!("src/runtime/{runtime}")),
            "the crate has {runtime}"
        );
    }
    let workspace = tests::TempCrate::fresh_workspace(&[("public-figma".to_owned(), files)])
        .expect("writes the workspace");
    check_msrv_of_resolved_packages(&workspace);
    clippy_on_newest(&workspace, &[]);
}

fn readme_paging_example() {
    let blocks = readme_blocks();
    let paging: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.is_rust() && b.attr("needs") == Some(NEEDS_ATLAS))
        .collect();
    assert!(!paging.is_empty(), "the README has a paging example");
    let atlas_full = tests::atlas_generator()
        .operation("listClusters")
        .crate_name("atlas-full")
        .generate()
        .expect("listClusters generates")
        .files;
    let members = vec![
        ("atlas-full".to_owned(), atlas_full),
        (
            "readme-paging".to_owned(),
            examples_crate(
                "readme-paging",
                &paging,
                &[r#"atlas-full = { path = "../atlas-full" }"#],
            ),
        ),
    ];
    let workspace = tests::TempCrate::fresh_workspace(&members).expect("writes the workspace");
    clippy_on_newest(&workspace, &[]);
}

/// The README's blocks; none is marked to be skipped, and every one a test builds says
/// where it goes.
fn readme_blocks() -> Vec<Block> {
    let text = std::fs::read_to_string(tests::root().join("README.md")).expect("the README");
    let blocks = tests::readme::blocks(&text);
    let skipped: Vec<usize> = blocks
        .iter()
        .filter(|b| b.is_rust() && b.lang != "rust")
        .map(|b| b.line)
        .collect();
    assert!(
        skipped.is_empty(),
        "README blocks marked to be skipped (every Rust block is built), at lines {skipped:?}"
    );
    for block in &blocks {
        if let Some(needs) = block.attr("needs") {
            assert_eq!(needs, NEEDS_ATLAS, "README line {}", block.line);
        }
    }
    blocks
}

/// The crate of the README's "Generate at build time" steps: its `Cargo.toml`, `build.rs`
/// and `src/lib.rs` as the README writes them, with the generator at its real path and the
/// project's spec as `api.yaml`.
fn build_rs_recipe(blocks: &[Block]) -> Files {
    let mut files = Files::new();
    for block in blocks.iter().filter(|b| b.attr("file").is_some()) {
        let file = block.attr("file").expect("filtered");
        let contents = match file {
            "Cargo.toml" => {
                let (before, after) = block
                    .code
                    .split_once("{ path = \"…/generator\"")
                    .unwrap_or_else(|| panic!("README line {}: the generator's path", block.line));
                let generator = tests::root().join("generator");
                format!(
                    "{}\n{before}{{ path = {:?}{after}",
                    package("readme-build-rs"),
                    generator.display().to_string()
                )
            }
            _ => block.code.clone(),
        };
        assert!(
            files.insert(file.to_owned(), contents).is_none(),
            "README line {}: {file} twice",
            block.line
        );
    }
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["Cargo.toml", "build.rs", "src/lib.rs"],
        "the recipe's files"
    );
    let spec =
        std::fs::read_to_string(tests::root().join("spec/create-serverless-private-endpoint.yaml"))
            .expect("the project's spec");
    files.insert("api.yaml".to_owned(), spec);
    files
}

/// A library crate whose modules are `blocks`, each as written.
fn examples_crate(name: &str, blocks: &[&Block], dependencies: &[&str]) -> Files {
    let mut lib = String::from(
        "//! The README's Rust blocks, one module each.\n\
         // Examples define functions that nothing in the crate calls.\n\
         #![allow(dead_code)]\n",
    );
    for block in blocks {
        lib.push_str(&format!(
            "\n/// README.md, line {}.\nmod line_{} {{\n{}}}\n",
            block.line, block.line, block.code
        ));
    }
    let manifest = format!(
        "{}\n[dependencies]\n{}\n",
        package(name),
        dependencies.join("\n")
    );
    Files::from([
        ("Cargo.toml".to_owned(), manifest),
        ("src/lib.rs".to_owned(), lib),
    ])
}

/// A crate whose code needs a newer Rust than the MSRV it declares: `<[T]>::as_chunks` is
/// stable since 1.88.
fn msrv_probe() -> Files {
    Files::from([
        ("Cargo.toml".to_owned(), package("msrv-probe")),
        (
            "src/lib.rs".to_owned(),
            "//! Uses an API newer than its MSRV.\n\n/// The number of pairs in `bytes`.\n\
             pub fn pairs(bytes: &[u8]) -> usize {\n    bytes.as_chunks::<2>().0.len()\n}\n"
                .to_owned(),
        ),
    ])
}

/// The `[package]` table of a crate a user writes, with the generated crates' MSRV.
fn package(name: &str) -> String {
    format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         rust-version = {:?}\npublish = false\n",
        generated_msrv()
    )
}

/// The generator as a path dependency, as the README's recipe has it: its library only.
fn generator_dependency() -> String {
    format!(
        "{{ path = {:?}, default-features = false }}",
        tests::root().join("generator").display().to_string()
    )
}

/// The `rust-version` the generated crate declares.
fn generated_msrv() -> String {
    let manifest = std::fs::read_to_string(tests::root().join("generated/Cargo.toml"))
        .expect("generated/Cargo.toml");
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .expect("generated/Cargo.toml declares a rust-version")
}

/// Resolves as the manifests ask, and checks that no package needs a newer Rust than the
/// generated crates' MSRV.
fn check_msrv_of_resolved_packages(workspace: &tests::TempCrate) {
    workspace
        .cargo(&["generate-lockfile", "--quiet"])
        .unwrap_or_else(|out| panic!("cargo generate-lockfile:\n{out}"));
    let metadata = workspace
        .cargo(&["metadata", "--quiet", "--format-version", "1", "--locked"])
        .unwrap_or_else(|out| panic!("cargo metadata:\n{out}"));
    let metadata: serde_json::Value = serde_json::from_str(
        metadata
            .lines()
            .find(|l| l.starts_with('{'))
            .expect("cargo metadata prints JSON"),
    )
    .expect("cargo metadata's JSON");
    let msrv = version(&generated_msrv());
    let mut checked = 0;
    let mut newer = Vec::new();
    for package in metadata["packages"].as_array().expect("packages") {
        checked += 1;
        let needs = package["rust_version"].as_str();
        if let Some(needs) = needs.filter(|needs| version(needs) > msrv) {
            newer.push(format!(
                "{} {} needs {needs}",
                package["name"], package["version"]
            ));
        }
    }
    assert!(checked > 50, "{checked} packages resolved");
    assert!(
        newer.is_empty(),
        "packages that need a newer Rust than {}:\n{}",
        generated_msrv(),
        newer.join("\n")
    );
}

/// `1.85` or `1.85.0` as numbers, for comparing.
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text
        .split('.')
        .map(|p| p.parse::<u64>().expect("a version number"));
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

/// Updates every dependency to the newest version its requirement allows, whatever Rust it
/// needs, and runs clippy on every member (but `exclude`), warnings denied.
fn clippy_on_newest(workspace: &tests::TempCrate, exclude: &[&str]) {
    let newest = [("CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS", "allow")];
    workspace
        .cargo_with_env(&["update", "--quiet"], &newest)
        .unwrap_or_else(|out| panic!("cargo update:\n{out}"));
    let mut args = vec!["clippy", "--quiet", "--workspace"];
    args.extend_from_slice(exclude);
    args.extend_from_slice(&["--all-targets", "--all-features", "--", "-D", "warnings"]);
    if let Err(out) = workspace.cargo(&args) {
        panic!("clippy on a fresh resolve:\n{out}");
    }
}
