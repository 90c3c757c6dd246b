//! The command line: a thin front end to [`generator::Generator`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

/// The generator allocates many small values (syntax trees, tokens, strings); mimalloc is
/// much faster at that than the system allocator. A library user keeps their own.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates a typed, validated Rust client crate from an OpenAPI spec (3.0, 3.1 or
/// Swagger 2.0).
///
/// With no options it regenerates this project's `generated/` crate from its embedded
/// default spec (`spec/create-serverless-private-endpoint.yaml`).
#[derive(Debug, Parser)]
#[command(name = "generator", version)]
struct Args {
    /// The spec to read (YAML or JSON, told by the extension). Default: the embedded
    /// `spec/create-serverless-private-endpoint.yaml`.
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,

    /// An OpenAPI Overlay 1.0 document to apply to the spec before it is read; repeatable,
    /// applied in order (after the default spec's own overlay, with the default spec).
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,

    /// The folder to write the crate into. Default: this project's `generated/` when the
    /// spec is the default one; required with `--spec`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// The generated package's name [default: `atlas-admin` for the default spec, else
    /// made of the spec's title]
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,

    /// The generated package's version.
    #[arg(long, value_name = "VERSION", default_value = "0.1.0")]
    crate_version: String,

    /// A folder of templates that replace the built-in ones of the same name
    /// (see templates/README.md).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,

    /// Generate this operation (by operationId); repeatable.
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,

    /// Generate the operations with this tag; repeatable.
    #[arg(long = "tag", value_name = "NAME")]
    tags: Vec<String>,

    /// Generate every operation of the spec (the default when no --operation or --tag is
    /// given).
    #[arg(long, conflicts_with_all = ["operations", "tags"])]
    all: bool,

    /// Fail when anything had to be skipped or renamed (any diagnostic).
    #[arg(long)]
    strict: bool,

    /// Give every property and parameter a type of its own, instead of one type for values
    /// that are one concept (every `groupId` a `GroupId`).
    #[arg(long)]
    no_shared_types: bool,

    /// Write nothing; exit with status 1 and name the stale files when the output folder
    /// differs from what would be generated.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let default_out = manifest_dir
        .parent()
        .unwrap_or(manifest_dir)
        .join("generated");
    let (mut generator, out) = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => (generator::Generator::from_path(spec), out.clone()),
        (Some(_), None) => {
            eprintln!(
                "error: --out is required with --spec (the default output folder belongs to the default spec)"
            );
            return ExitCode::from(2);
        }
        (None, out) => (
            generator::Generator::default_spec(),
            out.clone().unwrap_or(default_out),
        ),
    };
    if let Some(name) = &args.crate_name {
        generator = generator.crate_name(name);
    }
    generator = generator
        .crate_version(&args.crate_version)
        .strict(args.strict)
        .share_types(!args.no_shared_types);
    if let Some(t) = &args.templates {
        generator = generator.templates(t);
    }
    for overlay in &args.overlays {
        generator = generator.overlay(overlay);
    }
    for op in &args.operations {
        generator = generator.operation(op);
    }
    for tag in &args.tags {
        generator = generator.tag(tag);
    }
    let output = match generator.generate() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for d in &output.diagnostics {
        eprintln!("warning: {d}");
    }
    if args.check {
        let stale = output.stale_files(&out);
        if stale.is_empty() {
            eprintln!(
                "{} is up to date ({} files)",
                out.display(),
                output.files.len()
            );
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "{} is stale; run `cargo run -p generator` to regenerate it:",
            out.display()
        );
        for s in stale {
            eprintln!("  {s}");
        }
        return ExitCode::FAILURE;
    }
    if let Err(e) = output.write_to(&out) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let lines: usize = output.files.values().map(|f| f.lines().count()).sum();
    eprintln!(
        "wrote {} files ({lines} lines) to {}",
        output.files.len(),
        out.display()
    );
    // Everything is written: end now rather than free what the process is about to drop.
    std::process::exit(0)
}
