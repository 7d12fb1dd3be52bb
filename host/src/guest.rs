//! One live instance of the core and the raw call protocol of `src/abi/wasm.rs`: allocate and
//! fill the name and argument buffers, call, copy the envelope out, free all three.

use crate::engine;
use crate::error::{ErrorKind, HostError};
use std::time::Duration;
use wasmtime::{Engine, Instance, Memory, Module, ResourceLimiter, Store, Trap, TypedFunc};

/// The raw ABI version this host speaks (`core_abi_version()` must return it).
pub const ABI_VERSION: u32 = 1;

/// Tables only hold the core's function pointers; the cap merely keeps a broken module from
/// making the host allocate without bound.
const MAX_TABLE_ELEMENTS: usize = 100_000;

/// Bounds a store's linear memory and remembers whether it had to refuse a growth, so that
/// the trap which usually follows (Rust aborts when an allocation fails) is reported as
/// running out of memory rather than as an unexplained trap.
pub(crate) struct MemoryLimit {
    max_bytes: usize,
    refused: bool,
}

impl ResourceLimiter for MemoryLimit {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = desired <= self.max_bytes;
        self.refused |= !allowed;
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}

/// What a call needs to know to bound the guest and to explain a failure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub memory_limit_bytes: usize,
    pub deadline: Duration,
}

pub(crate) struct Guest {
    store: Store<MemoryLimit>,
    memory: Memory,
    alloc: TypedFunc<u32, u32>,
    free: TypedFunc<(u32, u32), ()>,
    call: TypedFunc<(u32, u32, u32, u32), u64>,
    /// `core_call_packed`, the MessagePack form of `core_call`; a module without it can still
    /// be called with JSON.
    call_packed: Option<TypedFunc<(u32, u32, u32, u32), u64>>,
    bounds: Bounds,
}

/// How a call's arguments and envelope are encoded (the core's `abi::Codec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `core_call`: JSON, the envelope UTF-8 text.
    Json,
    /// `core_call_packed`: MessagePack.
    MessagePack,
}

impl Guest {
    /// Instantiates the module and checks that it speaks [`ABI_VERSION`].
    pub(crate) fn start(
        engine: &Engine,
        module: &Module,
        bounds: Bounds,
    ) -> Result<Guest, HostError> {
        let mut store = Store::new(
            engine,
            MemoryLimit {
                max_bytes: bounds.memory_limit_bytes,
                refused: false,
            },
        );
        store.limiter(|limit| limit);
        // Instantiation runs the module's start function and data initialisers: bound it too.
        store.set_epoch_deadline(engine::ticks_for(bounds.deadline));
        let instance = Instance::new(&mut store, module, &[])
            .map_err(|e| failure(&e, &store, bounds, "the module's initialisation"))?;

        let memory = instance.get_memory(&mut store, "memory").ok_or_else(|| {
            HostError::new(
                ErrorKind::AbiMismatch,
                "the module does not export its linear memory as \"memory\"",
            )
        })?;
        let version: TypedFunc<(), u32> = export(&instance, &mut store, "core_abi_version")?;
        let alloc = export(&instance, &mut store, "core_alloc")?;
        let free = export(&instance, &mut store, "core_free")?;
        let call = export(&instance, &mut store, "core_call")?;
        let call_packed = instance.get_typed_func(&mut store, "core_call_packed").ok();

        let found = version
            .call(&mut store, ())
            .map_err(|e| failure(&e, &store, bounds, "core_abi_version"))?;
        if found != ABI_VERSION {
            return Err(HostError::new(
                ErrorKind::AbiMismatch,
                format!(
                    "the module speaks raw ABI version {found} but this host speaks version \
                     {ABI_VERSION}; rebuild the .wasm and the extension from the same release"
                ),
            ));
        }
        Ok(Guest {
            store,
            memory,
            alloc,
            free,
            call,
            call_packed,
            bounds,
        })
    }

    /// Runs one core function. After an error the caller must drop this guest: a trap can
    /// leave the instance's memory in any state.
    pub(crate) fn call(
        &mut self,
        encoding: Encoding,
        function: &str,
        args: &[u8],
    ) -> Result<Vec<u8>, HostError> {
        let envelope = self.call_with(encoding, function, args, <[u8]>::to_vec)?;
        if encoding == Encoding::Json && std::str::from_utf8(&envelope).is_err() {
            return Err(HostError::new(
                ErrorKind::BadEnvelope,
                format!("{function} returned an envelope that is not UTF-8"),
            ));
        }
        Ok(envelope)
    }

    /// Runs one core function and hands `read` the envelope where it lies in the guest's
    /// memory (a large result is read in place, not copied out first); the buffer is freed
    /// afterwards.
    pub(crate) fn call_with<R>(
        &mut self,
        encoding: Encoding,
        function: &str,
        args: &[u8],
        read: impl FnOnce(&[u8]) -> R,
    ) -> Result<R, HostError> {
        let call = match encoding {
            Encoding::Json => self.call.clone(),
            Encoding::MessagePack => self.call_packed.clone().ok_or_else(|| {
                HostError::new(
                    ErrorKind::AbiMismatch,
                    "the module has no export \"core_call_packed\"; rebuild the .wasm and the \
                     extension from the same release",
                )
            })?,
        };
        self.store
            .set_epoch_deadline(engine::ticks_for(self.bounds.deadline));
        let (name_ptr, name_len) =
            self.write(function.as_bytes(), function, "the function name")?;
        let (args_ptr, args_len) = self.write(args, function, "the arguments")?;
        let packed = call
            .call(&mut self.store, (name_ptr, name_len, args_ptr, args_len))
            .map_err(|e| failure(&e, &self.store, self.bounds, function))?;
        self.release(name_ptr, name_len, function)?;
        self.release(args_ptr, args_len, function)?;
        if packed == 0 {
            return Err(HostError::new(
                ErrorKind::OutOfMemory,
                format!("the core could not allocate the result of {function}"),
            ));
        }
        let (ptr, len) = ((packed >> 32) as u32, packed as u32);
        let result = self
            .memory
            .data(&self.store)
            .get(ptr as usize..ptr as usize + len as usize)
            .map(read)
            .ok_or_else(|| {
                HostError::new(
                    ErrorKind::AbiViolation,
                    format!(
                        "{function} returned a result buffer ({len} bytes at {ptr}) outside the \
                         guest's memory"
                    ),
                )
            })?;
        self.release(ptr, len, function)?;
        Ok(result)
    }

    /// Copies `bytes` into a fresh guest buffer; returns its pointer and length.
    fn write(&mut self, bytes: &[u8], function: &str, what: &str) -> Result<(u32, u32), HostError> {
        let too_big = || {
            HostError::new(
                ErrorKind::OutOfMemory,
                format!(
                    "{} bytes of {what} cannot be passed to {function}: more than the guest's {} MiB memory limit",
                    bytes.len(),
                    self.bounds.memory_limit_bytes / (1024 * 1024)
                ),
            )
        };
        if bytes.len() > self.bounds.memory_limit_bytes {
            return Err(too_big());
        }
        let len = u32::try_from(bytes.len()).map_err(|_| too_big())?;
        let ptr = self
            .alloc
            .call(&mut self.store, len)
            .map_err(|e| failure(&e, &self.store, self.bounds, function))?;
        if ptr == 0 {
            return Err(HostError::new(
                ErrorKind::OutOfMemory,
                format!("the core could not allocate {len} bytes for {what} of {function}"),
            ));
        }
        self.memory
            .write(&mut self.store, ptr as usize, bytes)
            .map_err(|_| {
                HostError::new(
                    ErrorKind::AbiViolation,
                    format!("core_alloc returned a buffer ({len} bytes at {ptr}) outside the guest's memory"),
                )
            })?;
        Ok((ptr, len))
    }

    fn release(&mut self, ptr: u32, len: u32, function: &str) -> Result<(), HostError> {
        self.free
            .call(&mut self.store, (ptr, len))
            .map_err(|e| failure(&e, &self.store, self.bounds, function))
    }
}

fn export<P, R>(
    instance: &Instance,
    store: &mut Store<MemoryLimit>,
    name: &str,
) -> Result<TypedFunc<P, R>, HostError>
where
    P: wasmtime::WasmParams,
    R: wasmtime::WasmResults,
{
    instance.get_typed_func::<P, R>(store, name).map_err(|e| {
        HostError::new(
            ErrorKind::AbiMismatch,
            format!(
                "the module has no usable export {name:?} of raw ABI version {ABI_VERSION} ({e})"
            ),
        )
    })
}

/// Explains why running guest code failed.
fn failure(
    error: &wasmtime::Error,
    store: &Store<MemoryLimit>,
    bounds: Bounds,
    during: &str,
) -> HostError {
    const FRESH: &str = "the next call starts a fresh instance";
    if store.data().refused {
        return HostError::new(
            ErrorKind::OutOfMemory,
            format!(
                "the wasm guest needed more than its {} MiB memory limit while running {during}; {FRESH}",
                bounds.memory_limit_bytes / (1024 * 1024)
            ),
        );
    }
    match error.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => HostError::new(
            ErrorKind::Deadline,
            format!(
                "{during} ran past its deadline of {} ms and was stopped; {FRESH}",
                bounds.deadline.as_millis()
            ),
        ),
        Some(trap) => {
            let reason = match trap {
                // A Rust panic in the core aborts, and an abort is this instruction.
                Trap::UnreachableCodeReached => "unreachable".to_owned(),
                other => other.to_string(),
            };
            HostError::new(
                ErrorKind::Trap,
                format!("the wasm guest trapped ({reason}) while running {during}; {FRESH}"),
            )
        }
        None => HostError::new(
            ErrorKind::Trap,
            format!("the wasm guest failed while running {during} ({error}); {FRESH}"),
        ),
    }
}
