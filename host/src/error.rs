//! What can go wrong between a host and the core's `.wasm`, as a stable kind plus one sentence.

use std::fmt;

/// Why a load or a call failed. The `code` strings and the `number`s are stable: the PHP
/// extension exposes them as `BridgeException::getErrorCode()` and `getCode()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The `.wasm` file does not exist or cannot be read.
    WasmMissing,
    /// The file is not a valid WebAssembly module, or it imports something.
    WasmInvalid,
    /// The module lacks an ABI export, or reports another ABI version.
    AbiMismatch,
    /// The guest broke the buffer protocol, e.g. returned a buffer outside its memory.
    AbiViolation,
    /// The guest trapped (a panic in the core becomes an `unreachable` trap).
    Trap,
    /// The call ran past its wall-clock deadline and was interrupted.
    Deadline,
    /// The guest needed more memory than the limit allows, or could not allocate a buffer.
    OutOfMemory,
    /// The envelope the guest returned is not UTF-8 (or not an envelope at all).
    BadEnvelope,
    /// wasmtime itself could not start (engine creation, the deadline timer thread).
    Engine,
    /// A bug in the host or a bridge: e.g. a Rust panic caught at the PHP boundary.
    Internal,
}

impl ErrorKind {
    /// Every kind, in `number` order.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::WasmMissing,
        ErrorKind::WasmInvalid,
        ErrorKind::AbiMismatch,
        ErrorKind::AbiViolation,
        ErrorKind::Trap,
        ErrorKind::Deadline,
        ErrorKind::OutOfMemory,
        ErrorKind::BadEnvelope,
        ErrorKind::Engine,
        ErrorKind::Internal,
    ];

    /// The stable machine-readable code, e.g. `"deadline"`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::WasmMissing => "wasm_missing",
            ErrorKind::WasmInvalid => "wasm_invalid",
            ErrorKind::AbiMismatch => "abi_mismatch",
            ErrorKind::AbiViolation => "abi_violation",
            ErrorKind::Trap => "trap",
            ErrorKind::Deadline => "deadline",
            ErrorKind::OutOfMemory => "out_of_memory",
            ErrorKind::BadEnvelope => "bad_envelope",
            ErrorKind::Engine => "engine",
            ErrorKind::Internal => "internal",
        }
    }

    /// A stable small integer for hosts whose exceptions carry integer codes (PHP).
    pub fn number(self) -> i32 {
        match Self::ALL.iter().position(|k| *k == self) {
            Some(index) => index as i32 + 1,
            None => 0,
        }
    }

    /// The kind with this [`number`](Self::number), if any.
    pub fn from_number(number: i64) -> Option<ErrorKind> {
        let index = usize::try_from(number.checked_sub(1)?).ok()?;
        Self::ALL.get(index).copied()
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A failed load or call: a kind to match on and one human sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostError {
    kind: ErrorKind,
    message: String,
}

impl HostError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        HostError {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The sentence, without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ispapi core ({}): {}", self.kind, self.message)
    }
}

impl std::error::Error for HostError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_codes_round_trip() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_number(kind.number().into()), Some(kind));
        }
        assert_eq!(ErrorKind::from_number(0), None);
        assert_eq!(ErrorKind::from_number(-3), None);
        assert_eq!(
            ErrorKind::from_number(ErrorKind::ALL.len() as i64 + 1),
            None
        );
        let mut codes: Vec<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
    }

    #[test]
    fn display_names_the_kind() {
        let e = HostError::new(ErrorKind::Deadline, "too slow");
        assert_eq!(e.to_string(), "ispapi core (deadline): too slow");
    }
}
