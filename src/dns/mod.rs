//! DNS zones hosted by the provider, as WHMCS's DNS editor and mail forwarding pages see them.
//!
//! The API lists a zone as record lines (`QueryDNSZoneRRList`) and changes it with lists of
//! lines to delete and add (`UpdateDNSZone DELRR…/ADDRR…`), applied as one change. This module
//! reads the lines ([`record`]), turns them into WHMCS's rows and back ([`editor`],
//! [`forwarding`]), and computes the one change a save makes ([`ZoneChange`]). No I/O: the
//! registrar flows send the commands.

pub mod editor;
pub mod forwarding;
pub mod name;
pub mod record;

pub use editor::{check_rows, editor_view, plan_save, EditorRecord, MAX_RECORDS};
pub use forwarding::{check_forwards, forwards, plan_forwards, Forward};
pub use name::Zone;

use serde::Serialize;

/// The lines one `UpdateDNSZone` deletes (exactly as listed) and adds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ZoneChange {
    pub delete: Vec<String>,
    pub add: Vec<String>,
}

impl ZoneChange {
    pub fn is_empty(&self) -> bool {
        self.delete.is_empty() && self.add.is_empty()
    }
}
