/* One core call through libispapi_core_ffi.so from plain C, the way a PHP without the
 * extension would make it: built with Zig against glibc 2.28 and run in an old distribution's
 * root by scripts/test-roots.  Usage: smoke LIBRARY WASM */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef int (*call_fn)(const char *, const char *, const char *, size_t, const char *, char **, size_t *);
typedef void (*free_fn)(char *, size_t);

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s LIBRARY WASM\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    call_fn call = (call_fn)dlsym(lib, "ispapi_core_call");
    free_fn release = (free_fn)dlsym(lib, "ispapi_core_free");
    if (!call || !release) {
        fprintf(stderr, "dlsym: %s\n", dlerror());
        return 1;
    }
    const char *args = "{\"command\":{\"COMMAND\":\"CheckDomains\",\"DOMAIN\":[\"a.com\"]}}";
    char *out = NULL;
    size_t len = 0;
    int status = call(argv[2], "encode_command", args, strlen(args), "{\"ispapi_core.cache_dir\":\"off\"}", &out, &len);
    printf("%d %.*s\n", status, (int)len, out ? out : "");
    release(out, len);
    return status == 0 ? 0 : 1;
}
