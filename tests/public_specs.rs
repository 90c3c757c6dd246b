//! Public real-world OpenAPI 3.0 specs that the generator was not written for: ReadMe's
//! collection of example specs (each about one corner of OpenAPI), Blockfrost's API, and
//! GitHub's REST API (about 1,100 operations). Every one generates with `--all`, and the
//! crates pass `cargo clippy -- -D warnings`.
//!
//! The specs come as npm packages (`tests/public-specs/package.json`), which `.ci/run`
//! installs; elsewhere the test is ignored with its reason, unless `PUBLIC_SPECS=require`.

use std::path::{Path, PathBuf};

use generator::Generator;
use tests::harness::{Need, Suite};

fn main() {
    let mut suite = Suite::new();
    suite.test(
        "public_specs_generate_and_their_crates_pass_clippy",
        &[Need::PublicSpecs],
        public_specs_generate_and_their_crates_pass_clippy,
    );
    suite.run()
}

/// `(name, path)` of every spec, in a fixed order.
fn specs(modules: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let readme = modules.join("@readme/oas-examples/3.0/json");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&readme)
        .unwrap_or_else(|e| panic!("{}: {e}", readme.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in files {
        let stem = f.file_stem().expect("a file name").to_string_lossy();
        out.push((format!("readme-{stem}"), f));
    }
    out.push((
        "blockfrost".to_owned(),
        modules.join("@blockfrost/openapi/openapi.yaml"),
    ));
    out.push((
        "github".to_owned(),
        modules.join("@octokit/openapi/generated/api.github.com.json"),
    ));
    out
}

fn public_specs_generate_and_their_crates_pass_clippy() {
    let modules = tests::public_specs().unwrap_or_else(|why| panic!("{why}"));
    let specs = specs(&modules);
    assert!(specs.len() > 40, "{} specs", specs.len());
    let mut failures = Vec::new();
    let mut crates = Vec::new();
    eprintln!(
        "{:<44} {:>6} {:>6} {:>7} {:>8}",
        "spec", "ops", "types", "notices", "lines"
    );
    for (name, path) in &specs {
        let generator = Generator::from_path(path).crate_name(format!("public-{name}"));
        let model = match generator.model() {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let output = match generator.generate() {
            Ok(o) => o,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let lines: usize = output.files.values().map(|f| f.lines().count()).sum();
        eprintln!(
            "{name:<44} {:>6} {:>6} {:>7} {lines:>8}",
            model.operations.len(),
            model.types.len(),
            output.diagnostics.len()
        );
        crates.push((name.clone(), output.files));
    }
    assert!(
        failures.is_empty(),
        "specs that fail:\n{}",
        failures.join("\n")
    );
    let workspace = tests::TempCrate::workspace(&crates).expect("writes the crates");
    if let Err(out) = workspace.cargo(&["clippy", "--quiet", "--workspace", "--", "-D", "warnings"])
    {
        panic!("generated crates fail clippy:\n{out}");
    }
}
