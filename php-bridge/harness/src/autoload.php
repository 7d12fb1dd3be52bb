<?php

/**
 * Loads the harness: Debian's Illuminate Database and Carbon (from /usr/share/php), the
 * WHMCS stand-in classes, the harness helpers and the global functions WHMCS gives modules.
 */

declare(strict_types=1);

require_once 'Illuminate/Database/autoload.php';
require_once 'Carbon/autoload.php';

spl_autoload_register(static function (string $class): void {
    static $prefixes = ['Harness\\' => '/Harness/', 'WHMCS\\' => '/WHMCS/'];
    if ($class === 'App' || $class === 'Menu') {
        require __DIR__ . "/$class.php";
        return;
    }
    foreach ($prefixes as $prefix => $dir) {
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = __DIR__ . $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});

require_once __DIR__ . '/functions.php';
