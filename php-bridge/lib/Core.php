<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * Calls a function of the ispapi core (Rust compiled to WebAssembly) through the ispapi_core
 * PHP extension.
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

    private static ?self $shared = null;

    private readonly string $wasmPath;

    /**
     * @throws ExtensionMissing
     */
    public function __construct(?string $wasmPath = null)
    {
        if (!\function_exists('ispapi_core_call')) {
            throw new ExtensionMissing();
        }
        $this->wasmPath = $wasmPath ?? self::configuredWasmPath();
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
    public function runtimeSummary(): string
    {
        $info = $this->info();
        $runtime = sprintf('PHP extension ispapi_core %s (wasmtime %s)', $info['extension_version'] ?? '?', $info['wasmtime_version'] ?? '?');
        return match ($info['cache'] ?? '') {
            'disabled' => "$runtime; compiled-module cache switched off (ispapi_core.cache_dir = off): each new PHP process compiles the core.",
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
        $extension = (string) phpversion('ispapi_core');
        if (self::majorMinor($extension) !== self::majorMinor(self::VERSION)) {
            throw new VersionMismatch(sprintf(
                'ispapi core: the PHP extension ispapi_core is version %s but the module files are version %s;'
                . ' build and install the extension of this release (README section "Installing the PHP extension").',
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
     * Core functions take named fields, so $args is always sent as a JSON object: [] becomes
     * {}, and a list is refused. Nested empty objects must be given as objects
     * (new \stdClass()), since a nested [] is sent as a JSON list.
     *
     * @param array<string, mixed>|object $args
     * @return array<mixed>
     * @throws CoreException|BridgeException|\JsonException
     */
    public function call(string $function, array|object $args = []): array
    {
        $result = $this->decode($function, $this->invoke($function, self::argsToJson($args)), true);
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
        return ispapi_core_info($this->wasmPath);
    }

    private function invoke(string $function, string $jsonArgs): string
    {
        return ispapi_core_call($this->wasmPath, $function, $jsonArgs);
    }

    private static function configuredWasmPath(): string
    {
        $fromIni = (string) ini_get('ispapi_core.wasm_path');
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
     * @throws \InvalidArgumentException|\JsonException
     */
    public static function argsToJson(array|object $args): string
    {
        if ($args === []) {
            return '{}';
        }
        if (\is_array($args) && array_is_list($args)) {
            throw new \InvalidArgumentException('ispapi core: arguments must be named fields, not a list');
        }
        return json_encode($args, self::ENCODE_ARGS);
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
        $fields = \is_object($decoded) ? get_object_vars($decoded) : $decoded;
        if (\is_array($fields) && \array_key_exists('ok', $fields)) {
            return $fields['ok'];
        }
        $error = \is_array($fields) ? ($fields['error'] ?? null) : null;
        $error = \is_object($error) ? get_object_vars($error) : $error;
        if (\is_array($error) && \is_string($error['code'] ?? null)) {
            throw new CoreException($error['code'], (string) ($error['message'] ?? ''), $function);
        }
        throw self::badEnvelope($function, 'returned JSON that is neither {"ok":…} nor {"error":…}');
    }

    private static function badEnvelope(string $function, string $problem): BridgeException
    {
        return new BridgeException(
            "ispapi core (bad_envelope): $function $problem",
            BridgeException::BAD_ENVELOPE
        );
    }
}
