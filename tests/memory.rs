//! 100,000 sequential calls through one client do not grow the memory it holds: the bytes
//! live on the heap after the warm-up and after the last call differ by less than a small
//! bound. `MEMORY_CALLS` sets the number of calls (default 100,000).
//!
//! The count comes from this test binary's allocator, which adds up what is allocated and
//! freed; the server is a local one that answers every request at once, on the same
//! connection.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use atlas_admin::Client;
use atlas_admin::types::*;
use tests::raw::{RawServer, keep_alive_answer};

static LIVE: AtomicIsize = AtomicIsize::new(0);

struct Counting;

// SAFETY: every call is passed on to the system allocator as it came.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most the live heap may grow between the warm-up and the end.
const BOUND: isize = 64 * 1024;

#[tokio::test(flavor = "current_thread")]
async fn sequential_calls_do_not_grow_the_heap() {
    let calls: usize = std::env::var("MEMORY_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let body =
        br#"{"_id": "32b6e34b3d91647abb20e7b8", "providerName": "AWS", "status": "AVAILABLE"}"#;
    let server = RawServer::keep_alive(keep_alive_answer(
        201,
        "application/vnd.atlas.2023-01-01+json",
        body,
    ))
    .await;
    let client = Client::new(&server.url()).unwrap();
    let group = GroupId::new("32b6e34b3d91647abb20e7b8").unwrap();
    let instance = InstanceName::new("Cluster0").unwrap();
    let request = ServerlessTenantCreateRequest { comment: None };
    let warm_up = 1_000;
    let mut after_warm_up = 0;
    let started = Instant::now();
    for i in 0..warm_up + calls {
        if i == warm_up {
            after_warm_up = LIVE.load(Ordering::Relaxed);
        }
        client
            .create_serverless_private_endpoint(&group, &instance, &request)
            .send()
            .await
            .expect("every call succeeds");
    }
    let growth = LIVE.load(Ordering::Relaxed) - after_warm_up;
    println!(
        "memory: {calls} calls in {:.1} s; live heap {} bytes after the warm-up, grew by {growth} bytes",
        started.elapsed().as_secs_f64(),
        after_warm_up
    );
    assert_eq!(server.connections(), 1, "one connection, kept alive");
    assert!(
        growth < BOUND,
        "the live heap grew by {growth} bytes over {calls} calls"
    );
}
