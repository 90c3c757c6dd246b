//! Every runtime file. A generated crate's `src/runtime.rs` lists only the files its spec
//! needs.
//!
//! What a spec does not use is left unused, not left out: dead code is allowed in the
//! runtime modules, and only there.
#![allow(dead_code, unreachable_code, unused_imports, unused_macros)]

pub(crate) mod auth;
pub(crate) mod basic;
pub(crate) mod buffer;
pub(crate) mod client;
pub(crate) mod digest;
pub(crate) mod enums;
pub(crate) mod error;
pub(crate) mod forms;
pub(crate) mod hook;
pub(crate) mod json;
pub(crate) mod links;
#[cfg(feature = "multipart")]
pub(crate) mod multipart;
pub(crate) mod oauth2;
pub(crate) mod one_of;
pub(crate) mod pages;
pub(crate) mod pattern;
pub(crate) mod reading;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod structs;
pub(crate) mod styles;
pub(crate) mod validation;
