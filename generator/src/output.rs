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
    /// failure leaves `dir` as it was. What the generator does not write and a crate folder
    /// keeps — `target`, `Cargo.lock`, and hidden entries such as `.git` — stays.
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
        let kept = kept_entries(dir);
        let result = self
            .stage(&staging)
            .and_then(|()| replace(dir, &staging, &old, &kept));
        if result.is_err() {
            restore(dir, &staging, &old, &kept);
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

/// Whether an entry of a crate folder is kept when the crate is written again.
fn is_kept(name: &str) -> bool {
    KEPT.contains(&name) || name.starts_with('.')
}

/// The entries of `dir` that are kept.
fn kept_entries(dir: &Path) -> Vec<std::ffi::OsString> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut kept: Vec<_> = entries
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| is_kept(&n.to_string_lossy()))
        .collect();
    kept.sort();
    kept
}

/// Moves what is kept from `dir` into `staging`, then puts `staging` in `dir`'s place
/// (the old folder is moved to `old` first, then removed).
fn replace(dir: &Path, staging: &Path, old: &Path, kept: &[std::ffi::OsString]) -> Result<()> {
    for name in kept {
        let from = dir.join(name);
        std::fs::rename(&from, staging.join(name)).map_err(io_error(&from))?;
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

/// After a failed [`replace`]: puts the old folder back where it was, and what was kept
/// back into it, then drops the half-written folder. Best effort: it runs after an error,
/// which is what the caller reports.
fn restore(dir: &Path, staging: &Path, old: &Path, kept: &[std::ffi::OsString]) {
    if !staging.exists() {
        // `staging` became `dir`: the crate was written; only removing `old` failed.
        return;
    }
    if !dir.exists() && old.exists() {
        let _ = std::fs::rename(old, dir);
    }
    if dir.exists() {
        for name in kept {
            let moved = staging.join(name);
            if moved.exists() && !dir.join(name).exists() {
                let _ = std::fs::rename(&moved, dir.join(name));
            }
        }
    }
    let _ = std::fs::remove_dir_all(staging);
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
        if is_kept(&rel) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        Output {
            files: files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
            diagnostics: Vec::new(),
            inputs: Vec::new(),
            dependencies: Vec::new(),
        }
    }

    /// A crate folder someone has worked in: built, locked, under git, with a file the
    /// generator no longer writes.
    fn used_crate(root: &Path) -> PathBuf {
        let dir = root.join("client");
        for (path, text) in [
            ("src/lib.rs", "old"),
            ("src/gone.rs", "old"),
            ("target/debug/x", "build"),
            ("Cargo.lock", "lock"),
            (".git/HEAD", "ref"),
        ] {
            std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
            std::fs::write(dir.join(path), text).unwrap();
        }
        dir
    }

    fn read(dir: &Path, path: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(path)).ok()
    }

    #[test]
    fn writing_again_replaces_the_generated_files_and_keeps_the_rest() {
        let root = std::env::temp_dir().join(format!("output-kept-{}", std::process::id()));
        let dir = used_crate(&root);
        let out = output(&[("src/lib.rs", "new"), ("Cargo.toml", "[package]")]);
        assert_eq!(
            out.stale_files(&dir),
            [
                "Cargo.toml (missing)",
                "src/gone.rs (not generated)",
                "src/lib.rs (differs)"
            ]
        );
        out.write_to(&dir).unwrap();
        assert_eq!(read(&dir, "src/lib.rs").as_deref(), Some("new"));
        assert_eq!(read(&dir, "src/gone.rs"), None);
        assert_eq!(read(&dir, "target/debug/x").as_deref(), Some("build"));
        assert_eq!(read(&dir, "Cargo.lock").as_deref(), Some("lock"));
        assert_eq!(read(&dir, ".git/HEAD").as_deref(), Some("ref"));
        assert!(out.stale_files(&dir).is_empty());
        let leftovers: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "no staging or old folder is left");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_the_folder_as_it_was() {
        let root = std::env::temp_dir().join(format!("output-failed-{}", std::process::id()));
        let dir = used_crate(&root);
        // No file system takes a NUL in a name: writing fails after other files are staged.
        let out = output(&[("Cargo.toml", "[package]"), ("src/a\0b.rs", "")]);
        assert!(matches!(out.write_to(&dir), Err(Error::Io { .. })));
        assert_eq!(read(&dir, "src/lib.rs").as_deref(), Some("old"));
        assert_eq!(read(&dir, "src/gone.rs").as_deref(), Some("old"));
        assert_eq!(read(&dir, "target/debug/x").as_deref(), Some("build"));
        assert_eq!(read(&dir, ".git/HEAD").as_deref(), Some("ref"));
        assert_eq!(read(&dir, "Cargo.toml"), None);
        let leftovers: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "the staging folder is gone");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_failure_after_the_old_folder_moved_out_puts_it_back() {
        // The state a failed rename of the staging folder into place leaves: the old
        // folder moved aside, what it kept moved into the staging folder.
        let root = std::env::temp_dir().join(format!("output-restore-{}", std::process::id()));
        let dir = used_crate(&root);
        let (staging, old) = (root.join(".client.new"), root.join(".client.old"));
        let kept = kept_entries(&dir);
        std::fs::create_dir_all(staging.join("src")).unwrap();
        std::fs::write(staging.join("src/lib.rs"), "new").unwrap();
        for name in &kept {
            std::fs::rename(dir.join(name), staging.join(name)).unwrap();
        }
        std::fs::rename(&dir, &old).unwrap();
        restore(&dir, &staging, &old, &kept);
        assert_eq!(read(&dir, "src/lib.rs").as_deref(), Some("old"));
        assert_eq!(read(&dir, "Cargo.lock").as_deref(), Some("lock"));
        assert_eq!(read(&dir, ".git/HEAD").as_deref(), Some("ref"));
        assert!(!staging.exists() && !old.exists());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
