//! The runtime of generated clients: the code that is the same for every spec, as plain
//! Rust that is built, linted, documented and tested here.
//!
//! The files of `src/runtime/` are copied, byte for byte, into every generated crate's
//! `src/runtime/` (each crate gets the files its spec needs: no Digest scheme, no
//! `digest.rs` and no `md-5`). This crate plays the part of a generated crate around them:
//! `src/runtime.rs` declares every file where a generated crate renders the list of its
//! own, and `src/spec.rs` and `src/types.rs` stand in for what a generated crate renders
//! from its spec, so the files build here exactly as they do there.

mod runtime;
mod spec;
pub mod types;
#[cfg(test)]
mod wire;

pub use runtime::client::{
    Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRY_WAIT,
    DEFAULT_POOL_IDLE_TIMEOUT, DEFAULT_READ_TIMEOUT,
};
pub use runtime::error::{ApiFailure, AuthFailure, Error, ResponseProblem, UnexpectedResponse};
pub use runtime::hook::Hook;
pub use runtime::pages::{Items, Pages, DEFAULT_MAX_PAGES};
pub use runtime::response::Answer;
pub use runtime::validation::{Rule, ValidationError};
pub use spec::ErrorBody;
