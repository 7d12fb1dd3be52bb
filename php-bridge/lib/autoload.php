<?php

/**
 * Autoloader for the IspapiCore\ classes in this directory (no Composer needed):
 * require_once this file, then use IspapiCore\Core.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'IspapiCore\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});
