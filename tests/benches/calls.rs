//! What a call through the generated client costs beyond plain `reqwest`: the same request
//! to the same local server (which answers at once, on kept-alive connections), decoded into
//! the same type, by the generated client and by hand with `reqwest` and `serde_json`.
//!
//! `cargo bench -p tests --bench calls`. Rounds alternate the cases (in rotating order) and
//! the figures are medians over rounds: this machine is noisy, and only a ratio measured in
//! the same run means something. `CALLS_BENCH_ROUNDS` sets the rounds (15 unless set).

use std::time::{Duration, Instant};

use atlas_admin::Client;
use atlas_admin::types::*;
use tests::raw::{RawServer, keep_alive_answer};

const SEQUENTIAL_CALLS: usize = 2_000;
const TASKS: usize = 64;
const CALLS_PER_TASK: usize = 50;
const PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/privateEndpoint/serverless/instance/Cluster0/endpoint";
const MEDIA: &str = "application/vnd.atlas.2023-01-01+json";

/// Both clients, and the call's arguments: the generated client's are typed values, made
/// (and checked) once, as a program holds them.
#[derive(Clone)]
struct Cases {
    generated: Client,
    plain: reqwest::Client,
    url: String,
    group: GroupId,
    instance: InstanceName,
    body: ServerlessTenantCreateRequest,
}

impl Cases {
    async fn generated(&self) {
        let answer = self
            .generated
            .create_serverless_private_endpoint(&self.group, &self.instance, &self.body)
            .send()
            .await
            .unwrap();
        std::hint::black_box(answer);
    }

    async fn plain(&self) {
        let response = self
            .plain
            .post(&self.url)
            .header("accept", MEDIA)
            .header("content-type", MEDIA)
            .body(&b"{}"[..])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let bytes = response.bytes().await.unwrap();
        let answer: ServerlessTenantEndpoint = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(answer);
    }

    async fn run(&self, generated: bool) {
        if generated {
            self.generated().await
        } else {
            self.plain().await
        }
    }
}

/// `SEQUENTIAL_CALLS` calls one after the other.
async fn sequential(cases: &Cases, generated: bool) -> Duration {
    let started = Instant::now();
    for _ in 0..SEQUENTIAL_CALLS {
        cases.run(generated).await;
    }
    started.elapsed()
}

/// `TASKS` tasks of `CALLS_PER_TASK` calls each, all at once.
async fn concurrent(cases: &Cases, generated: bool) -> Duration {
    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let cases = cases.clone();
            tokio::spawn(async move {
                for _ in 0..CALLS_PER_TASK {
                    cases.run(generated).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    started.elapsed()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rounds: usize = std::env::var("CALLS_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let body =
        br#"{"_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS", "status": "AVAILABLE"}"#;
    let server = RawServer::keep_alive(keep_alive_answer(201, MEDIA, body)).await;
    let cases = Cases {
        generated: Client::new(&server.url()).unwrap(),
        plain: reqwest::Client::builder().build().unwrap(),
        url: format!("{}{PATH}", server.url()),
        group: GroupId::new("32b6e34b3d91647abb20e7b8").unwrap(),
        instance: InstanceName::new("Cluster0").unwrap(),
        body: ServerlessTenantCreateRequest { comment: None },
    };
    // Warm up: connections, pools, caches.
    for generated in [true, false] {
        sequential(&cases, generated).await;
        concurrent(&cases, generated).await;
    }
    let mut times: [Vec<Duration>; 4] = Default::default();
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for generated in order {
            let at = usize::from(!generated);
            times[at].push(sequential(&cases, generated).await);
            times[2 + at].push(concurrent(&cases, generated).await);
        }
    }
    let [seq_generated, seq_plain, con_generated, con_plain] = times.map(median);
    let per_call = |d: Duration, n: usize| d.as_secs_f64() * 1e6 / n as f64;
    let per_second = |d: Duration, n: usize| n as f64 / d.as_secs_f64();
    let concurrent_calls = TASKS * CALLS_PER_TASK;
    println!("one call, local server answering at once; medians of {rounds} interleaved rounds");
    println!(
        "{:<40} {:>12} {:>12} {:>8}",
        "case", "µs per call", "calls / s", "ratio"
    );
    for (name, d, n, base) in [
        (
            "sequential, plain reqwest + serde_json",
            seq_plain,
            SEQUENTIAL_CALLS,
            seq_plain,
        ),
        (
            "sequential, generated client",
            seq_generated,
            SEQUENTIAL_CALLS,
            seq_plain,
        ),
        (
            "64 tasks, plain reqwest + serde_json",
            con_plain,
            concurrent_calls,
            con_plain,
        ),
        (
            "64 tasks, generated client",
            con_generated,
            concurrent_calls,
            con_plain,
        ),
    ] {
        println!(
            "{name:<40} {:>12.1} {:>12.0} {:>7.2}x",
            per_call(d, n),
            per_second(d, n),
            d.as_secs_f64() / base.as_secs_f64()
        );
    }
}
