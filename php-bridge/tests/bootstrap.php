<?php

/**
 * Run from the repository root, with the extension built (cargo build -p ispapi-core-php --release):
 *     php -d extension=$PWD/target/release/libispapi_core_php.so /usr/bin/phpunit -c php-bridge/phpunit.xml
 *
 * Loads the library and makes sure the core's .wasm that the tests call is current: cargo
 * builds it (a no-op when nothing changed) unless ISPAPI_CORE_WASM points at a prebuilt one.
 */

declare(strict_types=1);

require_once __DIR__ . '/../lib/autoload.php';
require_once __DIR__ . '/Subprocess.php';

if ((string) getenv('ISPAPI_CORE_WASM') === '') {
    $command = 'cargo build --quiet -p ispapi-core --target wasm32-unknown-unknown --profile wasm';
    $root = escapeshellarg(dirname(__DIR__, 2));
    passthru("cd $root && $command", $status);
    if ($status !== 0) {
        fwrite(STDERR, "php-bridge tests: the core's .wasm did not build ($command)\n");
        exit(1);
    }
}
