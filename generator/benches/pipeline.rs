//! `cargo bench -p generator --bench pipeline`: how long generation takes, beside how long
//! merely parsing the same spec into `openapiv3` takes, in the same run.
//!
//! For each spec (the project's fragment, and — when `../shared/atlas` exists — the full
//! Atlas spec as YAML and as JSON; and each file `BENCH_SPEC` names, `:`-separated) it runs,
//! interleaved, `RUNS` times each:
//! - **parse**: a process that reads the file and parses it into `openapiv3::OpenAPI` with
//!   one `serde_yaml`/`serde_json` call — for an OpenAPI 3.1 or Swagger 2.0 spec, which
//!   `openapiv3` has no model of, into a plain JSON value — (this benchmark re-invoked with
//!   `--parse-only`, with the generator's allocator), then exits at once;
//! - **generate**: the `generator` binary writing the crate into a temporary folder;
//!
//! and prints the medians, their ratio, and an in-process breakdown by stage. With
//! `--check` (or `BENCH_CHECK=1`) it also times `cargo check` of the full generated crate,
//! built alone, its dependencies built beforehand (a first check that warms them is not
//! counted).

use std::path::{Path, PathBuf};

/// The same allocator as the `generator` binary, so that both sides of the ratio have it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs per measurement: the machines this runs on are noisy (the same process varies by
/// half its time), so a median needs a fair number of them.
const RUNS: usize = 21;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Merely parsing: the file read and handed to `serde_yaml` or `serde_json` as one
/// `openapiv3::OpenAPI` (or, for a spec of another version, one plain JSON value), on one
/// thread, the way any program would read it.
fn parse_only(path: &Path) {
    let text = std::fs::read_to_string(path).expect("readable spec");
    let json = path.extension().is_some_and(|e| e == "json");
    let head: String = text.chars().take(200).collect();
    if head.contains("3.0.") {
        let doc: openapiv3::OpenAPI = if json {
            serde_json::from_str(&text).expect("parses")
        } else {
            serde_yaml::from_str(&text).expect("parses")
        };
        std::hint::black_box(&doc);
    } else {
        let doc: serde_json::Value = if json {
            serde_json::from_str(&text).expect("parses")
        } else {
            serde_yaml::from_str(&text).expect("parses")
        };
        std::hint::black_box(&doc);
    }
}

fn time_process(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd.status().expect("runs");
    let elapsed = start.elapsed();
    assert!(status.success(), "{cmd:?} failed");
    elapsed
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--parse-only") {
        parse_only(Path::new(&args[i + 1]));
        // The least a parse can cost: exit without freeing the document.
        std::process::exit(0);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_owned();
    let mut specs: Vec<(String, PathBuf)> = vec![(
        "fragment (spec/, YAML)".into(),
        root.join("spec/create-serverless-private-endpoint.yaml"),
    )];
    let shared = root.join("../shared/atlas");
    if shared.join("atlas-api-2025-06.yaml").is_file() {
        specs.push((
            "full Atlas spec (YAML)".into(),
            shared.join("atlas-api-2025-06.yaml"),
        ));
        specs.push((
            "full Atlas spec (JSON)".into(),
            shared.join("atlas-api-2025-06.json"),
        ));
    } else {
        println!("(../shared/atlas is absent: only the project's fragment is measured)");
    }
    let atlas = specs.len() > 1;
    for extra in std::env::var("BENCH_SPEC")
        .unwrap_or_default()
        .split(':')
        .filter(|s| !s.is_empty())
    {
        specs.push((extra.to_owned(), PathBuf::from(extra)));
    }
    let me = std::env::current_exe().expect("own path");
    let cli = PathBuf::from(env!("CARGO_BIN_EXE_generator"));
    let out = std::env::temp_dir().join(format!("generator-bench-{}", std::process::id()));
    println!(
        "{RUNS} runs each, interleaved; medians. Machine: {} cores.",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!();
    println!("| spec | parse (process) | generate (process) | ratio | lines written |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, path) in &specs {
        let (mut parse, mut generate) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            parse.push(time_process(
                Command::new(&me).arg("--parse-only").arg(path),
            ));
            generate.push(time_process(
                Command::new(&cli)
                    .arg("--spec")
                    .arg(path)
                    .arg("--out")
                    .arg(&out)
                    .stderr(std::process::Stdio::null()),
            ));
        }
        let lines: usize = walk(&out)
            .iter()
            .map(|f| {
                std::fs::read_to_string(f)
                    .map(|t| t.lines().count())
                    .unwrap_or(0)
            })
            .sum();
        let (p, g) = (median(parse), median(generate));
        println!(
            "| {name} | {} | {} | {:.2}x | {lines} |",
            ms(p),
            ms(g),
            g.as_secs_f64() / p.as_secs_f64()
        );
    }
    println!();
    println!("In-process stages (medians of {RUNS}):");
    println!();
    println!("| spec | read + parse | lower | render + format | write |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, path) in &specs {
        let (mut a, mut b, mut c, mut d) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let (output, times) = generator::Generator::from_path(path)
                .crate_name("atlas-admin")
                .generate_timed()
                .unwrap();
            a.push(times.parse);
            b.push(times.lower);
            c.push(times.render);
            let t = Instant::now();
            output.write_to(&out).unwrap();
            d.push(t.elapsed());
        }
        println!(
            "| {name} | {} | {} | {} | {} |",
            ms(median(a)),
            ms(median(b)),
            ms(median(c)),
            ms(median(d))
        );
    }
    let check = args.iter().any(|a| a == "--check") || std::env::var_os("BENCH_CHECK").is_some();
    if check && atlas {
        println!();
        cargo_check(&cli, &specs[1].1, &root);
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Times `cargo check` of the full generated crate, on its own, after a first check that
/// builds its dependencies: as generated, and with `--no-shared-types` (a type per
/// property), interleaved, three times each; prints the best of each, their ratio, and the
/// number of types.
fn cargo_check(cli: &Path, spec: &Path, root: &Path) {
    let shared = std::env::temp_dir().join(format!("generator-bench-crate-{}", std::process::id()));
    let apart = shared.with_extension("apart");
    let types = [
        generate_crate(cli, spec, root, &shared, &[]),
        generate_crate(cli, spec, root, &apart, &["--no-shared-types"]),
    ];
    let target = root.join("target/bench-check");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = |dir: &Path, args: &[&str]| {
        let status = Command::new(&cargo)
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(
            status.success(),
            "cargo {args:?} failed in {}",
            dir.display()
        );
    };
    run(&shared, &["check", "--quiet"]);
    let mut best = [Duration::MAX; 2];
    for _ in 0..3 {
        for (i, dir) in [&shared, &apart].into_iter().enumerate() {
            run(dir, &["clean", "--quiet", "-p", "atlas-admin-full"]);
            let t = Instant::now();
            run(dir, &["check", "--quiet"]);
            best[i] = best[i].min(t.elapsed());
        }
    }
    println!("`cargo check` of the full generated crate alone (dependencies built), best of 3:");
    println!();
    println!("| crate | types | cargo check |");
    println!("| --- | --- | --- |");
    println!(
        "| one type per concept (default) | {} | {:.1} s |",
        types[0],
        best[0].as_secs_f64()
    );
    println!(
        "| a type per property (`--no-shared-types`) | {} | {:.1} s |",
        types[1],
        best[1].as_secs_f64()
    );
    println!();
    println!(
        "ratio: {:.2}x",
        best[0].as_secs_f64() / best[1].as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&shared);
    let _ = std::fs::remove_dir_all(&apart);
}

/// Generates the full crate into `dir` as a crate of its own; returns its number of types.
fn generate_crate(cli: &Path, spec: &Path, root: &Path, dir: &Path, extra: &[&str]) -> usize {
    let status = Command::new(cli)
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(dir)
        .args(["--crate-name", "atlas-admin-full"])
        .args(extra)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap() + "\n[workspace]\n";
    std::fs::write(&manifest, text).unwrap();
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    std::fs::read_to_string(dir.join("src/types.rs"))
        .unwrap()
        .lines()
        .filter(|l| {
            ["pub struct ", "pub enum ", "pub type "]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .count()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
