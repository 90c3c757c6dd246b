//! Writes the README's named Rust blocks (` ```rust name=create `) into `OUT_DIR/readme/`,
//! one file each, for `readme.rs` to include and run as written.

// Shared with the tests, which read more of each block than this script does.
#[allow(dead_code)]
#[path = "support/readme.rs"]
mod readme;

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    println!("cargo::rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).expect("the README");
    let out = std::path::Path::new(&std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("readme");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    for block in readme::blocks(&text) {
        if let (true, Some(name)) = (block.is_rust(), block.attr("name")) {
            std::fs::write(out.join(format!("{name}.rs")), &block.code).expect("a block written");
        }
    }
}
