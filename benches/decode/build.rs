//! Generates the types of `listClusters` and `listServerlessPrivateEndpoints` from the full
//! Atlas spec into `OUT_DIR`, so that the bench measures what the generator writes today.
//!
//! The spec is the file named by `ATLAS_SPEC`, else `../shared/atlas/atlas-api-2025-06.json`
//! beside the workspace (the JSON parses faster than the YAML). A clone without it still
//! builds: the generated module and everything that uses it are compiled only under
//! `cfg(atlas_spec)`, which this script sets only when it wrote the module; the build warns,
//! and the bench says why it skipped (`DECODE_BENCH_SKIPPED`). With
//! `ATLAS_SPEC_TESTS=require` (as CI sets it) a missing spec fails the build instead, so
//! that the tests that need it cannot vanish unnoticed.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(atlas_spec)");
    println!("cargo:rerun-if-env-changed=ATLAS_SPEC");
    println!("cargo:rerun-if-env-changed=ATLAS_SPEC_TESTS");
    println!("cargo:rerun-if-changed=build.rs");
    let spec = match std::env::var_os("ATLAS_SPEC") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/atlas/atlas-api-2025-06.json"),
    };
    if !spec.is_file() {
        let why = format!(
            "no Atlas spec at {} (set ATLAS_SPEC to the full Atlas spec, JSON or YAML, to run \
             this bench and its tests)",
            spec.display()
        );
        if std::env::var("ATLAS_SPEC_TESTS").as_deref() == Ok("require") {
            eprintln!("error: ATLAS_SPEC_TESTS=require, and there is {why}");
            std::process::exit(1);
        }
        println!("cargo:warning=decode-bench: skipped: {why}");
        println!("cargo::rustc-env=DECODE_BENCH_SKIPPED={why}");
        return;
    }
    // `build_rs` prints `rerun-if-changed` for the spec itself.
    if let Err(e) = generator::Generator::from_path(&spec)
        .crate_name("atlas-lists")
        .operation("listClusters")
        .operation("listServerlessPrivateEndpoints")
        .build_rs("atlas_lists.rs")
    {
        // Cargo shows a failed build script's stderr: the whole message, with its pointers.
        eprintln!("error: generating the Atlas list types failed:\n{e}");
        std::process::exit(1);
    }
    println!("cargo::rustc-cfg=atlas_spec");
}
