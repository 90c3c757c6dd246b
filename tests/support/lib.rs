//! Helpers shared by the test files: where things are, and how to build a generated crate.

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod harness;
pub mod raw;
pub mod readme;
pub mod servers;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}

/// The operation's documented error statuses, each with the `errorCode` of its example in
/// `spec/`.
pub const DOCUMENTED_ERRORS: [(u16, &str); 5] = [
    (400, "VALIDATION_ERROR"),
    (401, "NOT_ORG_GROUP_CREATOR"),
    (403, "CANNOT_CHANGE_GROUP_NAME"),
    (404, "RESOURCE_NOT_FOUND"),
    (500, "UNEXPECTED_ERROR"),
];

/// The operations of `serverless-private-endpoints.yaml` (the tag "Serverless Private
/// Endpoints"), sorted.
pub const SERVERLESS_ENDPOINT_OPERATIONS: [&str; 5] = [
    "createServerlessPrivateEndpoint",
    "deleteServerlessPrivateEndpoint",
    "getServerlessPrivateEndpoint",
    "listServerlessPrivateEndpoints",
    "updateServerlessPrivateEndpoint",
];

/// The full Atlas Administration API v2 spec (`atlas-api-2025-06.yaml`, as MongoDB
/// publishes it in `mongodb/atlas-sdk-go`, `openapi/atlas-api.yaml` of 2025-06-30): the file
/// the `ATLAS_SPEC` variable names, else the copy beside the project on the project's own
/// machines; why not, when neither is there.
pub fn atlas_spec() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("ATLAS_SPEC") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!(
                "ATLAS_SPEC names {}, which is not a file",
                path.display()
            ))
        };
    }
    let beside = root().join("../shared/atlas/atlas-api-2025-06.yaml");
    if beside.is_file() {
        return Ok(beside);
    }
    Err(
        "ATLAS_SPEC is not set: download MongoDB's Atlas Administration API v2 spec \
         (openapi/atlas-api.yaml of github.com/mongodb/atlas-sdk-go, version of 2025-06-30) \
         and set ATLAS_SPEC to its path"
            .to_owned(),
    )
}

/// The npm packages that ship the public specs, or why not.
pub fn public_specs() -> Result<PathBuf, String> {
    let dir = root().join("tests/public-specs/node_modules");
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(
            "the public specs are not installed (run `npm ci --prefix tests/public-specs`)"
                .to_owned(),
        )
    }
}

/// The full Atlas spec, read, with the name generated files quote (whatever the downloaded
/// file is called, so that output does not depend on it).
pub fn atlas_generator() -> generator::Generator {
    let path = harness::atlas_spec_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (format, name) = if path.extension().is_some_and(|e| e == "json") {
        (generator::Format::Json, "atlas-api-2025-06.json")
    } else {
        (generator::Format::Yaml, "atlas-api-2025-06.yaml")
    };
    generator::Generator::from_text(name, text, Some(format))
}

/// Generated files written as a crate of its own in a fresh folder outside the workspace,
/// with the workspace's lock file and a shared target folder (so dependencies are built
/// once for all tests).
pub struct TempCrate {
    dir: tempfile::TempDir,
}

impl TempCrate {
    /// Writes `files`; `extra_manifest` is appended to the crate's `Cargo.toml` (such as
    /// `[dev-dependencies]` for a test file among `files`).
    pub fn new(
        files: &std::collections::BTreeMap<String, String>,
        extra_manifest: &str,
    ) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("generated-crate-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        for (rel, contents) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("file in a folder"))
                .map_err(|e| e.to_string())?;
            std::fs::write(&path, contents).map_err(|e| e.to_string())?;
        }
        // A crate of its own, even when the temporary folder is inside some workspace.
        let manifest = dir.path().join("Cargo.toml");
        let mut text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        text.push_str(extra_manifest);
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
        let lock = root().join("Cargo.lock");
        if lock.is_file() {
            std::fs::copy(&lock, dir.path().join("Cargo.lock")).map_err(|e| e.to_string())?;
        }
        Ok(TempCrate { dir })
    }

    /// Writes several crates as the members of one workspace (so one cargo run checks them
    /// all), each in a folder of its name, with the workspace's lock file.
    pub fn workspace(
        members: &[(String, std::collections::BTreeMap<String, String>)],
    ) -> Result<Self, String> {
        Self::write_workspace(members, Resolve::Locked)
    }

    /// [`workspace`](Self::workspace) without a lock file and with resolver 3, as a new
    /// user's workspace is: the first cargo command resolves every dependency afresh.
    pub fn fresh_workspace(
        members: &[(String, std::collections::BTreeMap<String, String>)],
    ) -> Result<Self, String> {
        Self::write_workspace(members, Resolve::Fresh)
    }

    fn write_workspace(
        members: &[(String, std::collections::BTreeMap<String, String>)],
        resolve: Resolve,
    ) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("generated-crates-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let mut names = Vec::new();
        for (name, files) in members {
            for (rel, contents) in files {
                let path = dir.path().join(name).join(rel);
                std::fs::create_dir_all(path.parent().expect("file in a folder"))
                    .map_err(|e| e.to_string())?;
                std::fs::write(&path, contents).map_err(|e| e.to_string())?;
            }
            names.push(format!("{name:?}"));
        }
        let resolver = match resolve {
            Resolve::Locked => "2",
            Resolve::Fresh => "3",
        };
        let manifest = format!(
            "[workspace]\nresolver = \"{resolver}\"\nmembers = [{}]\n",
            names.join(", ")
        );
        std::fs::write(dir.path().join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
        let lock = root().join("Cargo.lock");
        if resolve == Resolve::Locked && lock.is_file() {
            std::fs::copy(&lock, dir.path().join("Cargo.lock")).map_err(|e| e.to_string())?;
        }
        Ok(TempCrate { dir })
    }

    /// Runs `cargo <args>` in the crate; the combined output, as `Err` when it fails.
    pub fn cargo(&self, args: &[&str]) -> Result<String, String> {
        self.cargo_with_env(args, &[])
    }

    /// [`cargo`](Self::cargo) with more environment variables (for the tests it runs).
    pub fn cargo_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Result<String, String> {
        let target = root().join("target").join("generated-crates");
        let output = Command::new(env!("CARGO"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("RUSTFLAGS")
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if output.status.success() {
            Ok(text)
        } else {
            Err(text)
        }
    }
}

/// Where a workspace of generated crates gets its dependency versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolve {
    /// This workspace's `Cargo.lock`: the versions the project is tested with.
    Locked,
    /// None: the versions a new user gets.
    Fresh,
}

/// Builds generated files as a crate (see [`TempCrate`]) and runs `cargo <args>` in it.
pub fn cargo_in_crate(
    files: &std::collections::BTreeMap<String, String>,
    args: &[&str],
) -> Result<String, String> {
    TempCrate::new(files, "")?.cargo(args)
}

/// The files of a folder, by path relative to it.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("readable folder").flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            if rel == "target" || rel == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read_to_string(&path).expect("text file"));
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
