<?php

/**
 * Calls one ispapi core function from the command line:
 *
 *     echo '{"command":{"COMMAND":"StatusAccount"}}' \
 *         | php -d extension=libispapi_core_php.so php-bridge/bin/core.php encode_command
 *
 * Reads the JSON arguments from stdin (empty stdin means {}). On success prints the result
 * (the envelope's "ok" value) as JSON and exits 0. On any failure prints
 * {"error":{"code":…,"message":…}} and exits 1; codes are the core's own (e.g.
 * "unknown_function"), "bridge_<kind>" for a BridgeException (e.g. "bridge_trap"),
 * "extension_missing", "usage", or "internal".
 */

declare(strict_types=1);

require_once __DIR__ . '/../lib/autoload.php';

use IspapiCore\BridgeException;
use IspapiCore\Core;

$fail = static function (string $code, string $message): never {
    $error = ['error' => ['code' => $code, 'message' => $message]];
    echo json_encode($error, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
    exit(1);
};

if (count($argv) !== 2 || $argv[1] === '') {
    $fail('usage', 'usage: php core.php FUNCTION < arguments.json');
}

$input = stream_get_contents(STDIN);
if ($input === false || trim($input) === '') {
    $input = '{}';
}

try {
    echo (new Core())->callJson($argv[1], $input), "\n";
    exit(0);
} catch (BridgeException $e) {
    $fail('bridge_' . $e->getErrorCode(), $e->getMessage());
} catch (IspapiCore\Exception $e) {
    $fail($e->getErrorCode(), $e->getMessage());
} catch (\Throwable $e) {
    $fail('internal', get_class($e) . ': ' . $e->getMessage());
}
