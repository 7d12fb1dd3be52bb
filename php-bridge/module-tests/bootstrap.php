<?php

/**
 * The module tests: our WHMCS modules, installed into the harness, against the simulator.
 * Needs `scripts/build` first (the .wasm, the extension, the simulator binary); run with
 *     php -d extension=$PWD/target/release/libispapi_core_php.so /usr/bin/phpunit -c php-bridge/module-tests/phpunit.xml
 */

declare(strict_types=1);

require_once __DIR__ . '/../harness/src/autoload.php';

spl_autoload_register(static function (string $class): void {
    $prefix = 'IspapiCore\\ModuleTests\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, \strlen($prefix))) . '.php';
        if (is_file($file)) {
            require_once $file;
        }
    }
});
