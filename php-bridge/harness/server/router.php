<?php

/**
 * Router for PHP's built-in server, serving a harness root's admin area:
 *
 *     HARNESS_ROOT=/path/to/root php -S 127.0.0.1:8080 php-bridge/harness/server/router.php
 *
 * then open http://127.0.0.1:8080/admin/ and log in as an admin of that root.
 */

declare(strict_types=1);

$root = getenv('HARNESS_ROOT');
if (!is_string($root) || !is_file($root . '/init.php')) {
    http_response_code(500);
    header('Content-Type: text/plain');
    echo "HARNESS_ROOT must name a harness root (a folder made by Harness\\Root::create)\n";
    return true;
}
require $root . '/init.php';
// As under WHMCS, scripts see their own page's path (admin/configregistrars.php …).
$_SERVER['SCRIPT_NAME'] = (string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

$sessions = $root . '/sessions';
if (!is_dir($sessions)) {
    mkdir($sessions, 0700, true);
}
session_save_path($sessions);
session_name('WHMCSHARNESS');
session_start();

\Harness\Admin\Router::handle($_SERVER['REQUEST_METHOD'], $_SERVER['REQUEST_URI'])->send();
return true;
