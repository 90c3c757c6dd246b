//! `cargo bench -p decode-bench`: what decoding and encoding a realistic Atlas list answer
//! costs with the generated types, beside serde derive structs of the same shape without
//! checks (`plain`), with the same checks (`checked`), and with the same checks and open enums
//! that keep a value they do not list in `Unknown(String)` as the generated ones do, where
//! `plain` and `checked` drop it into a unit `Unknown` (`kept`).
//!
//! Two payloads, made once: a page of 500 clusters (`listClusters`, about 1.9 MB) and 2,000
//! serverless private endpoints (`listServerlessPrivateEndpoints`, about 0.9 MB). Before any
//! timing, each decoder must accept each payload and encode it back to the same JSON value.
//! Then, per payload, the four cases run interleaved in one process, 3 warm-up rounds and
//! then `DECODE_BENCH_ROUNDS` (21 unless set) rounds, each running every case once in an
//! order that rotates from round to round, so that a busy moment of a noisy machine does
//! not fall on one case only. A case is `serde_json::from_slice` of the bytes, then
//! `serde_json::to_vec` of the value it gave (dropping both is not timed).
//!
//! For each case it prints medians: decode time and its ratio to the checked and the plain
//! derive, bytes allocated by a decode, the peak of live heap during a decode (above what was
//! live before it: the input is not counted, the decoded value is), the heap the decoded
//! value keeps (the rest of the peak is what decoding needed for a while), encode time and its
//! ratios, and bytes allocated by an encode (the output included). A counting global
//! allocator over the system one gives the byte figures; a reallocation counts as an
//! allocation of its new size. Its bookkeeping (a few relaxed atomics per call) is in every
//! case's time alike.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting: bytes ever allocated, bytes live, and the highest live.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    ALLOCATED.fetch_add(bytes, Relaxed);
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is passed to `System` as it came; the counters do not touch memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[cfg(not(atlas_spec))]
fn main() {
    println!(
        "skipped: {}",
        decode_bench::SKIPPED.unwrap_or("the generated types were not built")
    );
}

#[cfg(atlas_spec)]
fn main() {
    bench::main();
}

#[cfg(atlas_spec)]
mod bench {
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    use decode_bench::{check_round_trips, derived, generated, payload};
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use super::{ALLOCATED, LIVE, PEAK, Relaxed};

    const WARM_UP_ROUNDS: usize = 3;
    const DEFAULT_ROUNDS: usize = 21;

    /// What one run of one case measured.
    #[derive(Clone, Copy)]
    struct Sample {
        decode: Duration,
        decode_allocated: usize,
        decode_peak: usize,
        decode_kept: usize,
        encode: Duration,
        encode_allocated: usize,
    }

    /// Decodes `input` as `T` and encodes the value again, measuring both.
    fn run<T: DeserializeOwned + Serialize>(input: &[u8]) -> Sample {
        let allocated = ALLOCATED.load(Relaxed);
        let live = LIVE.load(Relaxed);
        PEAK.store(live, Relaxed);
        let start = Instant::now();
        let value: T = serde_json::from_slice(black_box(input)).expect("checked before timing");
        let decode = start.elapsed();
        let decode_allocated = ALLOCATED.load(Relaxed) - allocated;
        let decode_peak = PEAK.load(Relaxed).saturating_sub(live);
        let decode_kept = LIVE.load(Relaxed).saturating_sub(live);
        let value = black_box(value);

        let allocated = ALLOCATED.load(Relaxed);
        let start = Instant::now();
        let bytes = serde_json::to_vec(&value).expect("checked before timing");
        let encode = start.elapsed();
        let encode_allocated = ALLOCATED.load(Relaxed) - allocated;
        drop(black_box(bytes));
        drop(value);
        Sample {
            decode,
            decode_allocated,
            decode_peak,
            decode_kept,
            encode,
            encode_allocated,
        }
    }

    const CASES: [&str; 4] = ["generated", "plain", "checked", "kept"];

    /// The medians of one case's samples.
    struct Medians {
        decode: f64,
        decode_allocated: f64,
        decode_peak: f64,
        decode_kept: f64,
        encode: f64,
        encode_allocated: f64,
    }

    fn median(mut values: Vec<f64>) -> f64 {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    }

    fn medians(samples: &[Sample]) -> Medians {
        let of = |f: fn(&Sample) -> f64| median(samples.iter().map(f).collect());
        Medians {
            decode: of(|s| s.decode.as_secs_f64() * 1e3),
            decode_allocated: of(|s| s.decode_allocated as f64 / 1e6),
            decode_peak: of(|s| s.decode_peak as f64 / 1e6),
            decode_kept: of(|s| s.decode_kept as f64 / 1e6),
            encode: of(|s| s.encode.as_secs_f64() * 1e3),
            encode_allocated: of(|s| s.encode_allocated as f64 / 1e6),
        }
    }

    /// Runs the four cases of one payload, interleaved, and prints their rows.
    fn bench<G, P, C, K>(label: &str, input: &[u8], rounds: usize)
    where
        G: DeserializeOwned + Serialize,
        P: DeserializeOwned + Serialize,
        C: DeserializeOwned + Serialize,
        K: DeserializeOwned + Serialize,
    {
        if let Err(e) = check_round_trips::<G, P, C, K>(input) {
            panic!("{label}: {e}");
        }
        let cases: [fn(&[u8]) -> Sample; 4] = [run::<G>, run::<P>, run::<C>, run::<K>];
        let mut samples: [Vec<Sample>; 4] = Default::default();
        for round in 0..WARM_UP_ROUNDS + rounds {
            for k in 0..cases.len() {
                let case = (round + k) % cases.len();
                let sample = cases[case](input);
                if round >= WARM_UP_ROUNDS {
                    samples[case].push(sample);
                }
            }
        }
        let m: Vec<Medians> = samples.iter().map(|s| medians(s)).collect();
        let (plain, checked) = (&m[1], &m[2]);
        let payload = format!("{label} ({:.2} MB)", input.len() as f64 / 1e6);
        for (case, m) in CASES.iter().zip(&m) {
            println!(
                "{payload:<30} {case:<10} {:>9.2} {:>9.2}x {:>7.2}x {:>8.2} {:>7.2} {:>7.2} {:>9.2} {:>9.2}x {:>7.2}x {:>8.2}",
                m.decode,
                m.decode / checked.decode,
                m.decode / plain.decode,
                m.decode_allocated,
                m.decode_peak,
                m.decode_kept,
                m.encode,
                m.encode / checked.encode,
                m.encode / plain.encode,
                m.encode_allocated,
            );
        }
    }

    pub fn main() {
        let rounds = match std::env::var("DECODE_BENCH_ROUNDS") {
            Ok(n) => match n.parse::<usize>() {
                Ok(n) if n > 0 => n,
                _ => {
                    eprintln!("DECODE_BENCH_ROUNDS must be a positive number, not {n:?}");
                    std::process::exit(2);
                }
            },
            Err(_) => DEFAULT_ROUNDS,
        };
        let clusters = payload::clusters_page(500);
        let endpoints = payload::serverless_endpoints(2_000);
        println!(
            "decode and encode, medians of {rounds} interleaved rounds (after {WARM_UP_ROUNDS} \
             warm-up rounds); x = time / time of that case; MB = 10^6 bytes\n\
             kept = checked, with open enums that keep a value they do not list in \
             `Unknown(String)` as generated does (plain and checked drop it)"
        );
        println!(
            "{:<30} {:<10} {:>9} {:>10} {:>8} {:>8} {:>7} {:>7} {:>9} {:>10} {:>8} {:>8}",
            "payload",
            "case",
            "decode ms",
            "x checked",
            "x plain",
            "alloc MB",
            "peak MB",
            "kept MB",
            "encode ms",
            "x checked",
            "x plain",
            "alloc MB",
        );
        bench::<
            generated::types::PaginatedClusterDescription20240805,
            derived::plain::PaginatedClusterDescription20240805,
            derived::checked::PaginatedClusterDescription20240805,
            derived::kept::PaginatedClusterDescription20240805,
        >("clusters", &clusters, rounds);
        bench::<
            Vec<generated::types::ServerlessTenantEndpoint>,
            Vec<derived::plain::ServerlessTenantEndpoint>,
            Vec<derived::checked::ServerlessTenantEndpoint>,
            Vec<derived::kept::ServerlessTenantEndpoint>,
        >("serverless endpoints", &endpoints, rounds);
    }
}
