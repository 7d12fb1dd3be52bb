//! The PHP types of the bridge: the interface `IspapiCore\Exception` shared with the PHP
//! library's exceptions, and `IspapiCore\BridgeException`, thrown when the core cannot be
//! loaded or run.
//!
//! BridgeException is registered without a Rust-backed object on purpose: it then keeps
//! RuntimeException's object constructor, which records the PHP file, line and trace. Its kind
//! travels as the integer exception code (`ErrorKind::number`), and `getErrorCode()` turns it
//! back into the stable string; a class constant per kind lets PHP code throw one too.

use core_host::{ErrorKind, HostError};
use ext_php_rs::builders::{ClassBuilder, FunctionBuilder};
use ext_php_rs::exception::PhpException;
use ext_php_rs::ffi::zend_class_entry;
use ext_php_rs::flags::{ClassFlags, ConstantFlags, DataType, MethodFlags};
use ext_php_rs::types::Zval;
use ext_php_rs::zend::{ce, run_handler, ClassEntry, ExecuteData};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicPtr, Ordering};

pub const INTERFACE_NAME: &str = "IspapiCore\\Exception";
pub const BRIDGE_EXCEPTION_NAME: &str = "IspapiCore\\BridgeException";

static INTERFACE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static BRIDGE_EXCEPTION: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

extern "C" {
    // Exported by PHP's SPL, which is always compiled in and started before extensions.
    static spl_ce_RuntimeException: *mut zend_class_entry;
    static spl_ce_InvalidArgumentException: *mut zend_class_entry;
}

/// An InvalidArgumentException: arguments that cannot be passed to the core (the JSON path
/// threw JsonException or InvalidArgumentException for the same).
pub fn invalid_argument(message: String) -> PhpException {
    // SAFETY: read once SPL is started (a call runs long after startup); never written by us.
    let class = unsafe { spl_ce_InvalidArgumentException.as_ref() };
    PhpException::new(message, 0, class.unwrap_or_else(ce::exception))
}

fn runtime_exception() -> &'static ClassEntry {
    // SAFETY: read once SPL is started (extension startup runs after it); never written by us.
    let parent = unsafe { spl_ce_RuntimeException.as_ref() };
    parent.unwrap_or_else(ce::exception)
}

/// Only called by the engine while registering BridgeException, after the interface exists.
fn exception_interface() -> &'static ClassEntry {
    // SAFETY: the pointer is null or a class entry that lives as long as the process.
    match unsafe { INTERFACE.load(Ordering::Acquire).as_ref() } {
        Some(interface) => interface,
        None => panic!("{INTERFACE_NAME} must be registered before {BRIDGE_EXCEPTION_NAME}"),
    }
}

/// Registers both types; called once from the extension's startup.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(INTERFACE_NAME)
        .flags(ClassFlags::Interface)
        .implements((ce::throwable, "Throwable"))
        .method(
            FunctionBuilder::new_abstract("getErrorCode").returns(DataType::String, false, false),
            MethodFlags::Public | MethodFlags::Abstract,
        )
        .registration(|class, arg_info| {
            INTERFACE.store(class, Ordering::Release);
            // The engine points into the argument info for the rest of the process.
            Box::leak(arg_info);
        })
        .register()?;

    let mut bridge = ClassBuilder::new(BRIDGE_EXCEPTION_NAME)
        .extends((runtime_exception, "RuntimeException"))
        .implements((exception_interface, INTERFACE_NAME))
        .method(
            FunctionBuilder::new("getErrorCode", get_error_code).returns(
                DataType::String,
                false,
                false,
            ),
            MethodFlags::Public,
        );
    for kind in ErrorKind::ALL {
        bridge = bridge.constant(
            kind.code().to_uppercase(),
            i64::from(kind.number()),
            &[],
            ConstantFlags::Public,
        )?;
    }
    bridge
        .registration(|class, arg_info| {
            BRIDGE_EXCEPTION.store(class, Ordering::Release);
            Box::leak(arg_info);
        })
        .register()
}

/// `BridgeException::getErrorCode(): string`: the kind's code, from the integer code.
extern "C" fn get_error_code(execute_data: &mut ExecuteData, retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        let number = execute_data
            .get_self()
            .and_then(|this| this.get_property::<i64>("code").ok());
        let code = number
            .and_then(ErrorKind::from_number)
            .map_or("unknown", ErrorKind::code);
        if retval.set_string(code, false).is_err() {
            PhpException::from_message("ispapi core: getErrorCode() could not return".into())
                .throw();
        }
    }));
}

/// The exception to throw for a host error: message `ispapi core (<kind>): <sentence>`.
pub fn bridge_exception(error: &HostError) -> PhpException {
    // SAFETY: the pointer is null or a class entry that lives as long as the process.
    let class = unsafe { BRIDGE_EXCEPTION.load(Ordering::Acquire).as_ref() };
    PhpException::new(
        error.to_string(),
        error.kind().number(),
        class.unwrap_or_else(runtime_exception),
    )
}
