//! Public real-world specs that the generator was not written for: ReadMe's collection of
//! example specs (each about one corner of OpenAPI, in 3.0, 3.1 and Swagger 2.0),
//! Blockfrost's API and GitHub's REST API (about 1,100 operations) in OpenAPI 3.0, GitBook's
//! (377 operations), Figma's and rclone's in OpenAPI 3.1, Okta's and Netlify's in Swagger 2.0, and
//! `multi-file-swagger`'s example, a Swagger 2.0 spec split over eight files. Every one
//! generates with `--all`, and the crates pass `cargo clippy -- -D warnings`.
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
    suite.test(
        "lists_that_page_are_found_in_public_specs",
        &[Need::PublicSpecs],
        lists_that_page_are_found_in_public_specs,
    );
    suite.run()
}

/// `(name, path)` of every spec, in a fixed order.
fn specs(modules: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for (version, prefix) in [("3.0", "readme"), ("3.1", "readme31"), ("2.0", "readme20")] {
        let readme = modules.join(format!("@readme/oas-examples/{version}/json"));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&readme)
            .unwrap_or_else(|e| panic!("{}: {e}", readme.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let stem = f.file_stem().expect("a file name").to_string_lossy();
            out.push((format!("{prefix}-{stem}"), f));
        }
    }
    out.push((
        "blockfrost".to_owned(),
        modules.join("@blockfrost/openapi/openapi.yaml"),
    ));
    out.push((
        "github".to_owned(),
        modules.join("@octokit/openapi/generated/api.github.com.json"),
    ));
    for (name, path) in [
        ("gitbook", "@gitbook/api/spec/openapi.yaml"),
        ("figma", "@figma/rest-api-spec/openapi/openapi.yaml"),
        ("rclone", "rclone-openapi/openapi.yaml"),
        ("okta", "@okta/openapi/dist/spec.json"),
        ("netlify", "@netlify/open-api/dist/swagger.json"),
        ("multi-file-swagger", "multi-file-swagger/index.yaml"),
    ] {
        out.push((name.to_owned(), modules.join(path)));
    }
    out
}

/// Whether a spec is one the generator converts (OpenAPI 3.1, Swagger 2.0) or reads from
/// several files: its diagnostics are snapshotted.
fn converted(name: &str) -> bool {
    const CONVERTED: &[&str] = &[
        "gitbook",
        "figma",
        "rclone",
        "okta",
        "netlify",
        "multi-file-swagger",
    ];
    name.starts_with("readme31-") || name.starts_with("readme20-") || CONVERTED.contains(&name)
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
        if converted(name) {
            // What a conversion loses (or a spec's oddities) show in review when they change.
            let said: Vec<String> = output.diagnostics.iter().map(ToString::to_string).collect();
            insta::with_settings!({snapshot_path => tests::root().join("tests/snapshots"), prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!(format!("public_specs__diagnostics__{name}"), said.join("\n"));
            });
        }
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

/// The lists that page in each public spec, by convention. GitHub's lists page by `Link`
/// headers; its answers are arrays or objects with one array. The table is the survey the
/// README quotes.
fn lists_that_page_are_found_in_public_specs() {
    use generator::model::Convention;
    let modules = tests::public_specs().unwrap_or_else(|why| panic!("{why}"));
    eprintln!(
        "{:<44} {:>6} {:>9} {:>7} {:>6}",
        "spec", "GETs", "numbered", "cursor", "link"
    );
    let mut github = None;
    for (name, path) in &specs(&modules) {
        let model = Generator::from_path(path)
            .model()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let count = |convention| {
            model
                .operations
                .iter()
                .filter(|op| {
                    op.pagination
                        .as_ref()
                        .is_some_and(|p| p.convention == convention)
                })
                .count()
        };
        let reads = model
            .operations
            .iter()
            .filter(|op| op.method == "GET")
            .count();
        let counts = [Convention::Numbered, Convention::Cursor, Convention::Link].map(count);
        if counts.iter().any(|&n| n > 0) {
            eprintln!(
                "{name:<44} {reads:>6} {:>9} {:>7} {:>6}",
                counts[0], counts[1], counts[2]
            );
        }
        if name == "github" {
            github = Some(counts);
        }
    }
    let [numbered, cursor, link] = github.expect("GitHub's spec is among them");
    assert_eq!((numbered, cursor), (0, 0), "GitHub pages by links only");
    // 208 reads document `Link`; the rest answer one object, or an object with two arrays.
    assert!(
        link >= 196,
        "GitHub's lists with a documented `Link` header: {link}"
    );
}
