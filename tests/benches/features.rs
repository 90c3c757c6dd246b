//! What `cargo check` of the full Atlas crate costs with every tag's feature on, and with
//! one tag alone: the generated crate is written once, and `cargo check` runs in rounds that
//! alternate the two (the crate cleaned before each, its dependencies built once); the
//! figures are medians. `cargo bench -p tests --bench features`; needs the Atlas spec
//! (`ATLAS_SPEC`, or `../shared/atlas/`), and `FEATURES_BENCH_ROUNDS` (3 unless set).

use std::time::{Duration, Instant};

const TAG: &str = "serverless-private-endpoints";

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if let Err(why) = tests::atlas_spec() {
        println!("skipped: {why}");
        return;
    }
    let rounds: usize = std::env::var("FEATURES_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let output = tests::atlas_generator()
        .crate_name("atlas-admin-features")
        .generate()
        .expect("generates");
    let krate = tests::TempCrate::new(&output.files, "").expect("writes the crate");
    let check = |all: bool| -> Duration {
        krate
            .cargo(&["clean", "--quiet", "-p", "atlas-admin-features"])
            .expect("cleans");
        let mut args = vec!["check", "--quiet", "--lib"];
        if !all {
            args.extend(["--no-default-features", "--features", TAG]);
        }
        let started = Instant::now();
        krate.cargo(&args).expect("checks");
        started.elapsed()
    };
    check(true); // dependencies, once
    let (mut every, mut one) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        for all in if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        } {
            let took = check(all);
            if all {
                every.push(took)
            } else {
                one.push(took)
            }
        }
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (every, one) = (median(every), median(one));
    println!("cargo check of the full Atlas crate, medians of {rounds} interleaved rounds");
    println!(
        "every tag (default features) {:>8.1} s  1.00x",
        every.as_secs_f64()
    );
    println!(
        "one tag ({TAG}) {:>8.1} s  {:.2}x",
        one.as_secs_f64(),
        one.as_secs_f64() / every.as_secs_f64()
    );
}
