/* The C API of libispapi_core_ffi.so; IspapiCore\Core passes exactly these declarations to
 * FFI::cdef. Each function returns 0, or the error kind's number (core-host ErrorKind::number,
 * the same as BridgeException::getCode()) with the error sentence in *out. *out is always set
 * and must be released with ispapi_core_free(*out, *out_len). `settings` is a JSON object of
 * the ispapi_core.* settings by name (strings); it is read only when a core is loaded.
 *
 * With ffi.enable=preload, an opcache.preload script runs FFI::load() on a copy of this file
 * whose FFI_LIB names the library's absolute path; IspapiCore\Core then finds FFI::scope("ISPAPI_CORE"). */
#define FFI_SCOPE "ISPAPI_CORE"
#define FFI_LIB "/path/to/libispapi_core_ffi-x86_64.so"
int ispapi_core_call(const char *wasm_path, const char *function, const char *args, size_t args_len, const char *settings, char **out, size_t *out_len);
int ispapi_core_info(const char *wasm_path, const char *settings, char **out, size_t *out_len);
void ispapi_core_free(char *out, size_t out_len);
