// PHP's FFI may dlclose the library when its FFI object is freed (at the end of a request),
// while the deadline timer thread still runs code in it: `-z nodelete` keeps the library
// mapped for the life of the process, as an extension is.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
    }
}
