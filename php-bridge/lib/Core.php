<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * Calls a function of the ispapi core (Rust compiled to WebAssembly) through the ispapi_core
 * PHP extension or, where it is not loaded, through PHP's FFI and libispapi_core_ffi.so (the
 * same host as a C library: one binary for every PHP version). The extension is the first
 * choice; info()['path'] says which one runs ('extension' or 'ffi').
 *
 *     $encoded = Core::shared()->call('encode_command', ['command' => ['COMMAND' => 'StatusAccount']]);
 *     // ['text' => "COMMAND=StatusAccount"]
 *
 * Errors: CoreException when the core answers with an error, BridgeException (from the
 * extension) when it cannot run, ExtensionMissing when the extension is not loaded. All three
 * implement IspapiCore\Exception.
 */
final class Core
{
    /**
     * Where the .wasm is looked for when neither the constructor, the ini setting
     * ispapi_core.wasm_path nor the environment variable ISPAPI_CORE_WASM names it.
     */
    private const WASM_DEFAULT = __DIR__ . '/../../target/wasm32-unknown-unknown/wasm/ispapi_core.wasm';

    private const ENCODE_ARGS = JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR;

    private const ENCODE_RESULT = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR;

    /** The release these PHP files belong to; the .wasm must be the same, the extension the same major.minor. */
    public const VERSION = '0.1.0';

    /** The settings the FFI library reads when it loads a core (the extension's ini names). */
    private const FFI_SETTINGS = ['ispapi_core.cache_dir', 'ispapi_core.cache_key_file', 'ispapi_core.memory_limit_mb', 'ispapi_core.deadline_ms'];

    private const FFI_LIBRARY = 'libispapi_core_ffi.so';

    /** The library's declarations (php-bridge/ffi/ispapi_core_ffi.h). */
    private const FFI_CDEF = <<<'C'
        int ispapi_core_call(const char *wasm_path, const char *function, const char *args, size_t args_len, const char *settings, char **out, size_t *out_len);
        int ispapi_core_info(const char *wasm_path, const char *settings, char **out, size_t *out_len);
        void ispapi_core_free(char *out, size_t out_len);
        C;

    private static ?self $shared = null;

    private readonly string $wasmPath;

    /** The FFI binding when the core runs through libispapi_core_ffi.so; null with the extension. */
    private readonly ?\FFI $ffi;

    /** JSON of the ispapi_core.* settings for the FFI library (read once, like PHP_INI_SYSTEM). */
    private readonly string $ffiSettings;

    /** @var array<string, \FFI> one binding per library file and process */
    private static array $ffiBindings = [];

    /**
     * @throws ExtensionMissing
     */
    public function __construct(?string $wasmPath = null)
    {
        $this->wasmPath = $wasmPath ?? self::configuredWasmPath();
        $this->ffi = \function_exists('ispapi_core_call') ? null : self::ffiBinding($this->wasmPath);
        $settings = [];
        foreach (self::FFI_SETTINGS as $name) {
            $value = self::setting($name);
            if ($value !== '') {
                $settings[$name] = $value;
            }
        }
        $this->ffiSettings = json_encode((object) $settings, self::ENCODE_RESULT);
    }

    /**
     * The FFI binding of libispapi_core_ffi.so, or ExtensionMissing saying why there is none.
     *
     * @throws ExtensionMissing
     */
    private static function ffiBinding(string $wasmPath): \FFI
    {
        if (!\extension_loaded('ffi')) {
            throw new ExtensionMissing();
        }
        $enable = strtolower((string) ini_get('ffi.enable'));
        $library = self::ffiLibraryPath($wasmPath);
        if (isset(self::$ffiBindings[$library])) {
            return self::$ffiBindings[$library];
        }
        try {
            // ffi.enable=preload (PHP's default) allows FFI in the CLI (WHMCS's cron) and in
            // preload scripts; elsewhere a preload script must declare the scope ISPAPI_CORE.
            if (\in_array($enable, ['1', 'on', 'true', 'yes'], true) || ($enable === 'preload' && \PHP_SAPI === 'cli')) {
                $binding = \FFI::cdef(self::FFI_CDEF, $library);
            } elseif ($enable === 'preload') {
                $binding = \FFI::scope('ISPAPI_CORE');
            } else {
                throw new ExtensionMissing('PHP\'s FFI is not enabled (ffi.enable = ' . ($enable === '' ? '0' : $enable) . ')');
            }
        } catch (\FFI\Exception $e) {
            throw new ExtensionMissing("PHP's FFI could not load $library (" . $e->getMessage() . ')');
        }
        return self::$ffiBindings[$library] = $binding;
    }

    /**
     * Where libispapi_core_ffi.so is: the ini setting or environment variable naming it, else
     * beside the .wasm (the installed layout modules/registrars/ispapi/, which holds one per
     * architecture, libispapi_core_ffi-x86_64.so and -aarch64.so), else the repository's build.
     */
    private static function ffiLibraryPath(string $wasmPath): string
    {
        $named = self::setting('ispapi_core.ffi_library');
        if ($named !== '') {
            return $named;
        }
        $beside = \dirname($wasmPath) . '/' . basename(self::FFI_LIBRARY, '.so') . '-' . php_uname('m') . '.so';
        // @: outside open_basedir is_file() warns; the answer is then "not here" all the same.
        if (@is_file($beside)) {
            return $beside;
        }
        return \dirname(__DIR__, 2) . '/target/release/' . self::FFI_LIBRARY;
    }

    /**
     * An ispapi_core.* setting: the ini value (the extension's entries), else php.ini's value
     * read with get_cfg_var() (the FFI path registers no ini entries), else the environment
     * variable of the same name in capitals with underscores (ISPAPI_CORE_CACHE_DIR).
     */
    private static function setting(string $name): string
    {
        $value = ini_get($name);
        if (\is_string($value) && $value !== '') {
            return $value;
        }
        $value = get_cfg_var($name);
        if (\is_string($value) && $value !== '') {
            return $value;
        }
        return (string) getenv(strtoupper(str_replace('.', '_', $name)));
    }

    /** 'extension' or 'ffi': how this instance runs the core. */
    public function path(): string
    {
        return $this->ffi === null ? 'extension' : 'ffi';
    }

    /**
     * One instance per process, with the configured .wasm, checked once to belong to the same
     * release as these PHP files.
     *
     * @throws ExtensionMissing|VersionMismatch
     */
    public static function shared(): self
    {
        if (self::$shared === null) {
            $core = new self();
            $core->checkVersions();
            $core->reportRefusedCache();
            self::$shared = $core;
        }
        return self::$shared;
    }

    /**
     * How the core runs here, in one sentence for the settings page: which compiled-module
     * cache is used, or why none is.
     */
    /** Which way PHP runs the core here, for the widgets' footers. */
    public function runtimePath(): string
    {
        return $this->ffi === null ? 'PHP extension' : "PHP's FFI";
    }

    public function runtimeSummary(): string
    {
        $info = $this->info();
        $runtime = $this->ffi === null
            ? sprintf('PHP extension ispapi_core %s (wasmtime %s)', $info['extension_version'] ?? '?', $info['wasmtime_version'] ?? '?')
            : sprintf('PHP FFI with %s %s (wasmtime %s; the extension is not loaded)', self::FFI_LIBRARY, $info['library_version'] ?? '?', $info['wasmtime_version'] ?? '?');
        return match ($info['cache'] ?? '') {
            'disabled' => "$runtime; compiled-module cache switched off (ispapi_core.cache_dir = \"off\"): each new PHP process compiles the core.",
            'unavailable' => "$runtime; compiled-module cache not used: " . ($info['cache_note'] ?? '') . '. Each new PHP process compiles the core.',
            default => "$runtime; compiled-module cache: " . ($info['cache_dir'] ?? '') . '.',
        };
    }

    /**
     * A refused cache costs every new PHP process a compile: say why, once per load, in the
     * activity log (always kept) and the module log (kept while module logging is on).
     */
    private function reportRefusedCache(): void
    {
        $info = $this->info();
        if (($info['cache'] ?? '') !== 'unavailable' || !($info['first_description'] ?? false)) {
            return;
        }
        $message = 'ispapi: the compiled-module cache is not used (' . ($info['cache_note'] ?? '')
            . '); each new PHP process compiles the core, which takes about two seconds.'
            . ' Set ispapi_core.cache_dir to a directory only this user can write (INSTALL.md).';
        if (\function_exists('logActivity')) {
            \logActivity($message);
        }
        if (\function_exists('logModuleCall')) {
            \logModuleCall('ispapi', 'compiled-module cache', '', $message);
        }
    }

    /**
     * An upgrade that replaced only some files (the PHP files but not the .wasm, or not the
     * extension) is said plainly, before anything runs.
     *
     * @throws VersionMismatch
     */
    public function checkVersions(): void
    {
        $extension = $this->ffi === null ? (string) phpversion('ispapi_core') : (string) ($this->info()['library_version'] ?? '');
        if (self::majorMinor($extension) !== self::majorMinor(self::VERSION)) {
            throw new VersionMismatch(sprintf(
                'ispapi core: the %s is version %s but the module files are version %s;'
                . ' build and install the extension of this release (README section "Installing the PHP extension").',
                $this->ffi === null ? 'PHP extension ispapi_core' : 'FFI library ' . self::FFI_LIBRARY,
                $extension,
                self::VERSION
            ));
        }
        try {
            $wasm = (string) ($this->call('version')['core'] ?? '');
        } catch (CoreException $e) {
            $wasm = 'unknown (it does not report a version)';
        }
        if ($wasm !== self::VERSION) {
            throw new VersionMismatch(sprintf(
                'ispapi core: %s is version %s but the module files are version %s;'
                . ' copy the complete modules/ folder of one release (README section "Upgrading").',
                $this->wasmPath,
                $wasm,
                self::VERSION
            ));
        }
    }

    private static function majorMinor(string $version): string
    {
        return implode('.', \array_slice(explode('.', $version), 0, 2));
    }

    public function wasmPath(): string
    {
        return $this->wasmPath;
    }

    /**
     * Calls a core function and returns its result, decoded into arrays.
     *
     * Core functions take named fields, so $args is always sent as an object: [] becomes {},
     * and a list is refused. Nested empty objects must be given as objects (new \stdClass()),
     * since a nested [] is sent as a list. With the extension no JSON is written or read (the
     * extension passes MessagePack to the core and builds the arrays itself); through FFI the
     * arguments and result are JSON.
     *
     * @param array<string, mixed>|object $args
     * @return array<mixed>
     * @throws CoreException|BridgeException|\InvalidArgumentException
     */
    public function call(string $function, array|object $args = []): array
    {
        if ($this->ffi === null) {
            // The extension: PHP values in, PHP arrays out (MessagePack inside, no JSON).
            if (\is_array($args) && $args !== [] && array_is_list($args)) {
                throw new \InvalidArgumentException('ispapi core: arguments must be named fields, not a list');
            }
            $result = $this->unwrap($function, ispapi_core_call_array($this->wasmPath, $function, $args));
        } else {
            $result = $this->decode($function, $this->invoke($function, self::argsToJson($args)), true);
        }
        if (!\is_array($result)) {
            throw self::badEnvelope($function, 'returned a ' . get_debug_type($result) . ' where an object was expected');
        }
        return $result;
    }

    /**
     * Calls a core function with JSON arguments as given and returns its result as JSON text
     * ({} and [] are kept apart, unlike with call()).
     *
     * @throws CoreException|BridgeException
     */
    public function callJson(string $function, string $jsonArgs): string
    {
        $result = $this->decode($function, $this->invoke($function, $jsonArgs), false);
        return json_encode($result, self::ENCODE_RESULT);
    }

    /**
     * The extension's description of the loaded core: versions, cache use, load time.
     *
     * @return array<string, mixed>
     */
    public function info(): array
    {
        if ($this->ffi === null) {
            return ['path' => 'extension'] + ispapi_core_info($this->wasmPath);
        }
        $this->refuseOutsideOpenBasedir();
        $out = $this->ffi->new('char *');
        $length = $this->ffi->new('size_t');
        $status = $this->ffi->ispapi_core_info($this->wasmPath, $this->ffiSettings, \FFI::addr($out), \FFI::addr($length));
        $text = $this->ffiTake($out, $length, $status);
        $info = json_decode($text, true);
        if (!\is_array($info)) {
            throw new BridgeException('ispapi core (internal): the FFI library described the core in something other than a JSON object', BridgeException::INTERNAL);
        }
        return ['path' => 'ffi'] + $info;
    }

    private function invoke(string $function, string $jsonArgs): string
    {
        if ($this->ffi === null) {
            return ispapi_core_call($this->wasmPath, $function, $jsonArgs);
        }
        $this->refuseOutsideOpenBasedir();
        $out = $this->ffi->new('char *');
        $length = $this->ffi->new('size_t');
        $status = $this->ffi->ispapi_core_call($this->wasmPath, $function, $jsonArgs, \strlen($jsonArgs), $this->ffiSettings, \FFI::addr($out), \FFI::addr($length));
        return $this->ffiTake($out, $length, $status);
    }

    /**
     * The library's answer as a string, its buffer released; a BridgeException (the error's
     * kind number as code, its sentence as message) when $status is not 0.
     *
     * @throws BridgeException
     */
    private function ffiTake(\FFI\CData $out, \FFI\CData $length, int $status): string
    {
        $size = (int) $length->cdata;
        $text = \FFI::isNull($out) ? '' : \FFI::string($out, $size);
        $this->ffi->ispapi_core_free($out, $size);
        if ($status !== 0) {
            throw new BridgeException($text, $status);
        }
        return $text;
    }

    /**
     * The extension refuses a .wasm outside open_basedir inside PHP; the FFI library cannot ask
     * PHP, so the same check (is_readable() honours open_basedir) and sentence come first here.
     *
     * @throws BridgeException
     */
    private function refuseOutsideOpenBasedir(): void
    {
        if ((string) ini_get('open_basedir') !== '' && !@is_readable($this->wasmPath)) {
            throw new BridgeException(
                "ispapi core (wasm_missing): the core's .wasm at {$this->wasmPath} could not be read: it is missing,"
                . ' not readable by this user, or outside open_basedir',
                BridgeException::WASM_MISSING
            );
        }
    }

    private static function configuredWasmPath(): string
    {
        $fromIni = self::setting('ispapi_core.wasm_path');
        if ($fromIni !== '') {
            return $fromIni;
        }
        $fromEnv = (string) getenv('ISPAPI_CORE_WASM');
        if ($fromEnv !== '') {
            return $fromEnv;
        }
        // Installed: modules/registrars/ispapi/{lib/, ispapi_core.wasm}. Otherwise the repository.
        $installed = \dirname(__DIR__) . '/ispapi_core.wasm';
        return is_file($installed) ? $installed : self::WASM_DEFAULT;
    }

    /**
     * The JSON that call() sends for $args: always an object at the top level, since core
     * functions take named fields ([] becomes {}; a non-empty list is refused). Invalid UTF-8
     * is replaced by U+FFFD, and 1.0 stays 1.0.
     *
     * @param array<mixed>|object $args
     * @throws \InvalidArgumentException
     */
    public static function argsToJson(array|object $args): string
    {
        if ($args === []) {
            return '{}';
        }
        if (\is_array($args) && array_is_list($args)) {
            throw new \InvalidArgumentException('ispapi core: arguments must be named fields, not a list');
        }
        try {
            return json_encode($args, self::ENCODE_ARGS);
        } catch (\JsonException $e) {
            // The extension refuses the same arguments (NaN, a resource, too deep) alike.
            throw new \InvalidArgumentException('ispapi core: the arguments cannot be passed to the core (' . $e->getMessage() . ')', 0, $e);
        }
    }

    /**
     * The envelope's `ok` value, or a CoreException for its `error`.
     *
     * @throws CoreException|BridgeException
     */
    private function decode(string $function, string $envelope, bool $assoc): mixed
    {
        try {
            $decoded = json_decode($envelope, $assoc, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw self::badEnvelope($function, 'returned an envelope that is not JSON (' . $e->getMessage() . ')');
        }
        return $this->unwrap($function, $decoded);
    }

    /**
     * The decoded envelope's `ok` value, or a CoreException for its `error`.
     *
     * @throws CoreException|BridgeException
     */
    private function unwrap(string $function, mixed $decoded): mixed
    {
        $fields = \is_object($decoded) ? get_object_vars($decoded) : $decoded;
        if (\is_array($fields) && \array_key_exists('ok', $fields)) {
            return $fields['ok'];
        }
        $error = \is_array($fields) ? ($fields['error'] ?? null) : null;
        $error = \is_object($error) ? get_object_vars($error) : $error;
        if (\is_array($error) && \is_string($error['code'] ?? null)) {
            throw new CoreException($error['code'], (string) ($error['message'] ?? ''), $function);
        }
        throw self::badEnvelope($function, 'returned an envelope that is neither {"ok":…} nor {"error":…}');
    }

    private static function badEnvelope(string $function, string $problem): BridgeException
    {
        return new BridgeException(
            "ispapi core (bad_envelope): $function $problem",
            BridgeException::BAD_ENVELOPE
        );
    }
}
