//! The worker pool: maps a function over items on every core.
//!
//! Not a stage of its own: the stages that have many independent pieces (building the
//! operation views, rendering and formatting each piece) use it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// Maps `f` over `items` on as many threads as the machine has (at most one per item); the
/// results come in the order of the items, whatever the threads did. The first error (in
/// item order) is returned.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<R>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items.len() {
                break;
            }
            let out = f(&items[i]);
            if let Ok(mut r) = results.lock() {
                r[i] = Some(out);
            }
        }
    };
    // The calling thread works too: its allocator holds the memory earlier stages freed,
    // which a new thread would take fresh from the system.
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let results = results.into_inner().unwrap_or_default();
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::Usage("a worker thread stopped early".to_owned()))))
        .collect()
}

/// Maps `f`, which cannot fail, over `items` on every core (see [`map`]).
pub(crate) fn map_infallible<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    match map(items, |item| Ok(f(item))) {
        Ok(out) => out,
        // A worker can only stop early by panicking, which the scope re-raises; should one
        // not deliver for another reason, do the work here.
        Err(_) => items.iter().map(f).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order() {
        let items: Vec<usize> = (0..100).collect();
        let out = map(&items, |i| Ok(i * 2)).unwrap();
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_in_item_order_is_returned() {
        let items: Vec<usize> = (0..50).collect();
        let err = map(&items, |i| {
            if *i % 10 == 7 {
                Err(Error::Usage(format!("item {i}")))
            } else {
                Ok(*i)
            }
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "item 7");
    }
}
