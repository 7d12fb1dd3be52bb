<?php

declare(strict_types=1);

namespace IspapiCore\Tests;

/** Runs PHP in a child process: for the CLI, per-process settings and a missing extension. */
final class Subprocess
{
    public const BIN = __DIR__ . '/../bin/core.php';
    public const GUESTS = __DIR__ . '/../../host/tests/guests';

    /** The extension the tests load: ISPAPI_CORE_EXT, else the cargo release build. */
    public static function extension(): string
    {
        $fromEnv = (string) getenv('ISPAPI_CORE_EXT');
        return $fromEnv !== '' ? $fromEnv : dirname(__DIR__, 2) . '/target/release/libispapi_core_php.so';
    }

    /**
     * Whether the tests run the core through PHP's FFI and libispapi_core_ffi.so instead of the
     * extension (ISPAPI_CORE_BRIDGE=ffi, the `php-ffi` suite of scripts/test).
     */
    public static function ffiMode(): bool
    {
        return getenv('ISPAPI_CORE_BRIDGE') === 'ffi';
    }

    /**
     * Runs `php -n [-d extension=…] [-d name=value …] ARGS` with $stdin; -n keeps any php.ini
     * out, so that only what a test passes is loaded. "With the extension" means PHP's FFI
     * enabled instead in FFI mode.
     *
     * @param list<string> $args
     * @param array<string, string> $ini
     * @return array{exit: int, stdout: string, stderr: string}
     */
    public static function php(array $args, string $stdin = '', array $ini = [], bool $withExtension = true): array
    {
        $command = [PHP_BINARY, '-n'];
        if ($withExtension) {
            $ini = (self::ffiMode() ? ['extension' => 'ffi', 'ffi.enable' => '1'] : ['extension' => self::extension()]) + $ini;
        }
        foreach ($ini as $name => $value) {
            $command[] = '-d';
            $command[] = "$name=$value";
        }
        $pipes = [];
        $process = proc_open(
            array_merge($command, $args),
            [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes
        );
        if ($process === false) {
            throw new \RuntimeException('could not start ' . PHP_BINARY);
        }
        fwrite($pipes[0], $stdin);
        fclose($pipes[0]);
        $stdout = (string) stream_get_contents($pipes[1]);
        $stderr = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return ['exit' => proc_close($process), 'stdout' => $stdout, 'stderr' => $stderr];
    }

    /**
     * Runs bin/core.php FUNCTION.
     *
     * @param array<string, string> $ini
     * @return array{exit: int, stdout: string, stderr: string}
     */
    public static function cli(string $function, string $stdin = '', array $ini = [], bool $withExtension = true): array
    {
        return self::php([self::BIN, $function], $stdin, $ini, $withExtension);
    }

    /** A private, empty directory that is removed (with its contents) when the process ends. */
    public static function tempDir(): string
    {
        $dir = sys_get_temp_dir() . '/ispapi-core-php-test-' . bin2hex(random_bytes(6));
        mkdir($dir, 0700);
        register_shutdown_function([self::class, 'remove'], $dir);
        return $dir;
    }

    public static function remove(string $path): void
    {
        if (is_dir($path) && !is_link($path)) {
            foreach (scandir($path) ?: [] as $entry) {
                if ($entry !== '.' && $entry !== '..') {
                    self::remove("$path/$entry");
                }
            }
            rmdir($path);
        } elseif (file_exists($path) || is_link($path)) {
            unlink($path);
        }
    }
}
