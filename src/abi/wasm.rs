//! Raw exports of the core's `.wasm` for hosts without JavaScript glue (the PHP extension,
//! the wasmtime host tests). No imports: the module needs nothing from its host.
//!
//! Protocol, per call:
//! 1. `core_alloc(len)` twice, for the function name and the JSON arguments; the host writes
//!    both into linear memory. `core_alloc` returns 0 when it cannot allocate.
//! 2. `core_call(name_ptr, name_len, args_ptr, args_len)` returns `(ptr << 32) | len` of a
//!    UTF-8 JSON envelope (`{"ok":…}` or `{"error":{…}}`) that the core allocated.
//! 3. The host copies the envelope out, then `core_free`s all three buffers.
//!
//! `core_call_packed` is the same call with MessagePack arguments and envelope (the PHP
//! extension builds PHP arrays from it).
//!
//! A panic aborts, which wasm turns into a trap: the host reports it and starts a fresh instance.

use std::alloc::{alloc, dealloc, Layout};

fn layout(len: u32) -> Option<Layout> {
    Layout::from_size_align(len.max(1) as usize, 1).ok()
}

/// The raw ABI's version; see [`super::ABI_VERSION`].
#[no_mangle]
pub extern "C" fn core_abi_version() -> u32 {
    super::ABI_VERSION
}

/// Allocates `len` bytes in linear memory; 0 on failure.
#[no_mangle]
pub extern "C" fn core_alloc(len: u32) -> u32 {
    match layout(len) {
        // SAFETY: the layout has a non-zero size.
        Some(l) => unsafe { alloc(l) as u32 },
        None => 0,
    }
}

/// Frees a buffer from [`core_alloc`] or [`core_call`].
///
/// # Safety
/// `ptr` and `len` must come from one `core_alloc(len)` or one `core_call` result, freed once.
#[no_mangle]
pub unsafe extern "C" fn core_free(ptr: u32, len: u32) {
    if ptr != 0 {
        if let Some(l) = layout(len) {
            dealloc(ptr as *mut u8, l);
        }
    }
}

/// Calls a core function by name; see the module docs for the buffer protocol.
///
/// # Safety
/// The two ranges must lie in linear memory (out-of-range reads trap, they cannot escape wasm).
#[no_mangle]
pub unsafe extern "C" fn core_call(
    name_ptr: u32,
    name_len: u32,
    args_ptr: u32,
    args_len: u32,
) -> u64 {
    let (name, args) = buffers(name_ptr, name_len, args_ptr, args_len);
    let envelope = match std::str::from_utf8(name) {
        Ok(name) => super::call(name, args),
        Err(_) => {
            br#"{"error":{"code":"unknown_function","message":"function name is not UTF-8"}}"#
                .to_vec()
        }
    };
    hand_over(envelope)
}

/// [`core_call`] with MessagePack arguments and envelope (the PHP extension's calls).
///
/// # Safety
/// As [`core_call`].
#[no_mangle]
pub unsafe extern "C" fn core_call_packed(
    name_ptr: u32,
    name_len: u32,
    args_ptr: u32,
    args_len: u32,
) -> u64 {
    let (name, args) = buffers(name_ptr, name_len, args_ptr, args_len);
    // A name that is not UTF-8 matches no function: the unknown_function envelope.
    let name = std::str::from_utf8(name).unwrap_or("\u{fffd}");
    hand_over(super::call_with(super::Codec::MessagePack, name, args))
}

/// The name and argument buffers a host wrote into linear memory.
///
/// # Safety
/// As [`core_call`]: both ranges lie in linear memory and stay untouched during the call.
unsafe fn buffers<'a>(
    name_ptr: u32,
    name_len: u32,
    args_ptr: u32,
    args_len: u32,
) -> (&'a [u8], &'a [u8]) {
    (
        std::slice::from_raw_parts(name_ptr as *const u8, name_len as usize),
        std::slice::from_raw_parts(args_ptr as *const u8, args_len as usize),
    )
}

/// The envelope's buffer as `(ptr << 32) | len` for the host to read and `core_free`. The
/// buffer itself is handed over when it holds exactly its bytes (a large result is not copied
/// again); otherwise it is copied into a `core_alloc` buffer of its length.
fn hand_over(mut envelope: Vec<u8>) -> u64 {
    let len = envelope.len() as u32;
    envelope.shrink_to_fit();
    if envelope.capacity() == envelope.len() && !envelope.is_empty() {
        // `core_free(ptr, len)` frees it with the layout it was allocated with: size len, align 1.
        let ptr = envelope.as_mut_ptr() as u32;
        std::mem::forget(envelope);
        return ((ptr as u64) << 32) | len as u64;
    }
    let ptr = core_alloc(len);
    if ptr == 0 {
        return 0;
    }
    // SAFETY: `ptr` was just allocated with room for `len` bytes.
    unsafe { std::ptr::copy_nonoverlapping(envelope.as_ptr(), ptr as *mut u8, envelope.len()) };
    ((ptr as u64) << 32) | len as u64
}
