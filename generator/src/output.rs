//! Stage 5: writing the files — a crate's folder, replaced only once every file is
//! written; the comparison `--check` makes; and the one-module form a `build.rs` writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// The generated files, and what the run noticed.
#[derive(Debug, Clone)]
pub struct Output {
    /// File contents by path relative to the crate's folder (`Cargo.toml`, `src/lib.rs`).
    pub files: BTreeMap<String, String>,
    /// What the generator worked around.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the run read (the spec and any template overrides), for
    /// `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// The `[dependencies]` lines the generated code needs.
    pub(crate) dependencies: Vec<String>,
}

/// The client as one module file.
#[derive(Debug, Clone)]
pub struct ModuleOutput {
    /// The module's text: `pub mod types { … } pub mod operations { … } …`.
    pub text: String,
    /// The `[dependencies]` the code needs, as `Cargo.toml` lines.
    pub dependencies: Vec<String>,
    /// What the generator worked around.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the run read, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_owned();
    move |source| Error::Io { path, source }
}

impl Output {
    /// The generated crate's `[dependencies]` lines, which a crate that `include!`s the
    /// module form needs too.
    pub fn dependencies(&self) -> Vec<String> {
        self.dependencies.clone()
    }

    /// The crate as one module file (see [`crate::module_file`]).
    pub fn module(self) -> Result<ModuleOutput> {
        Ok(ModuleOutput {
            text: crate::format::module_file(&self.files)?,
            dependencies: self.dependencies,
            diagnostics: self.diagnostics,
            inputs: self.inputs,
        })
    }

    /// Writes the crate into `dir`, replacing what is there. The files are written to a
    /// temporary folder beside it first and moved into place only when all are written, so a
    /// failure leaves `dir` as it was. A `target` folder and a `Cargo.lock` in `dir` are kept.
    pub fn write_to(&self, dir: &Path) -> Result<()> {
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".to_owned());
        let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io_error(&staging))?;
        }
        let result = self
            .stage(&staging)
            .and_then(|()| replace(dir, &staging, &old));
        if result.is_err() && staging.exists() {
            // Put back what was moved out, then drop the half-written folder.
            for keep in KEPT {
                let moved = staging.join(keep);
                if moved.exists() && !dir.join(keep).exists() && dir.exists() {
                    let _ = std::fs::rename(&moved, dir.join(keep));
                }
            }
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    /// Writes every file under `staging`.
    fn stage(&self, staging: &Path) -> Result<()> {
        for (rel, contents) in &self.files {
            let path = staging.join(rel);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).map_err(io_error(p))?;
            }
            std::fs::write(&path, contents).map_err(io_error(&path))?;
        }
        Ok(())
    }

    /// Compares with the crate in `dir`: the files that differ, are missing, or are there
    /// but would not be generated (`target` and `Cargo.lock` aside). Empty when `dir` is
    /// up to date.
    pub fn stale_files(&self, dir: &Path) -> Vec<String> {
        let mut stale = Vec::new();
        for (rel, contents) in &self.files {
            match std::fs::read_to_string(dir.join(rel)) {
                Ok(existing) if &existing == contents => {}
                Ok(_) => stale.push(format!("{rel} (differs)")),
                Err(_) => stale.push(format!("{rel} (missing)")),
            }
        }
        let mut present = Vec::new();
        list_files(dir, dir, &mut present);
        for rel in present {
            if !self.files.contains_key(&rel) {
                stale.push(format!("{rel} (not generated)"));
            }
        }
        stale.sort();
        stale
    }
}

/// What a crate folder holds that the generator does not write, and keeps.
const KEPT: [&str; 2] = ["target", "Cargo.lock"];

/// Moves what is kept from `dir` into `staging`, then puts `staging` in `dir`'s place
/// (the old folder is moved to `old` first, then removed).
fn replace(dir: &Path, staging: &Path, old: &Path) -> Result<()> {
    for keep in KEPT {
        let from = dir.join(keep);
        if from.exists() {
            std::fs::rename(&from, staging.join(keep)).map_err(io_error(&from))?;
        }
    }
    if dir.exists() {
        std::fs::rename(dir, old).map_err(io_error(dir))?;
    }
    std::fs::rename(staging, dir).map_err(io_error(dir))?;
    if old.exists() {
        std::fs::remove_dir_all(old).map_err(io_error(old))?;
    }
    Ok(())
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if KEPT.contains(&rel.as_str()) || rel.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            list_files(root, &path, out);
        } else {
            out.push(rel);
        }
    }
}

impl ModuleOutput {
    /// Writes the module file, replacing it only when its contents change (so that cargo
    /// does not rebuild for nothing).
    pub fn write_to(&self, path: &Path) -> Result<()> {
        if std::fs::read_to_string(path).is_ok_and(|t| t == self.text) {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        std::fs::write(&tmp, &self.text).map_err(io_error(&tmp))?;
        std::fs::rename(&tmp, path).map_err(io_error(path))
    }
}
