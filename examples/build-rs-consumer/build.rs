//! Generates the Atlas client from the project's spec and its overlay into `OUT_DIR` on
//! every build that needs it (cargo reruns this when either changes).

use std::path::Path;

fn main() {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    let spec = spec_dir.join("create-serverless-private-endpoint.yaml");
    // The crate name is the checked-in crate's (it shows in the default `User-Agent`); left
    // out, it is made of the spec's title.
    if let Err(e) = generator::Generator::from_path(spec)
        // What the service sends that the spec gets wrong, fixed without editing the spec.
        .overlay(spec_dir.join("atlas-fixes.overlay.yaml"))
        .crate_name("atlas-admin")
        .build_rs("atlas_admin.rs")
    {
        // Cargo shows a failed build script's stderr: the whole message, with its pointers.
        eprintln!("error: generating the Atlas client failed:\n{e}");
        std::process::exit(1);
    }
}
