//! The pure-logic core of the ISPAPI / CentralNic Reseller WHMCS registrar module.
//!
//! Nothing here does I/O: hosts (the PHP extension, the npm package, the simulator) hand the core
//! their inputs and perform what it returns. Every host reaches it through [`abi::call`], a named
//! function with JSON arguments and a JSON result, so the PHP and JavaScript shapes are the same.

pub mod abi;
pub mod dns;
pub mod dnssec;
pub mod error;
pub mod fields;
pub mod idn;
pub mod lookup;
pub mod monitor;
pub mod pricing;
pub mod registrar;
pub mod translit;
pub mod version_check;
pub mod wire;

pub use error::{CoreError, Result};
