//! A local stand-in for the HEXONET (ISPAPI) and CentralNic Reseller (CNR) registrar APIs.
//!
//! End-to-end tests and the demo run against it instead of the live or OT&E systems. The wire
//! format comes from `ispapi_core::wire`; this crate adds the response writer (`reply`), the
//! state (`store`), the commands, simulated time, fault injection and the HTTP server.

pub mod api;
pub mod catalog;
pub mod clock;
pub mod commands;
pub mod faults;
pub mod http;
pub mod lifecycle;
pub mod model;
pub mod protocol;
pub mod reply;
pub mod seed;
pub mod spec;
pub mod store;

pub use http::{start, Config, Running};
