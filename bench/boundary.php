<?php

/**
 * The PHP boundary of a large parse (issue #22): the 50 000-row reply into PHP arrays through
 * Core::call() (the extension: MessagePack, no JSON), through the JSON path (callJson +
 * json_decode, what the FFI library does), the plain-PHP parser, and json_decode of the same
 * table (the floor for building PHP arrays). Run with the extension loaded:
 *
 *     php -d extension=target/release/libispapi_core_php.so -d memory_limit=-1 bench/boundary.php [out.md]
 *
 * Medians of 7 runs, contenders back to back in each run. Nothing is asserted.
 */

declare(strict_types=1);

require_once __DIR__ . '/../php-bridge/lib/autoload.php';
require_once __DIR__ . '/baseline_plain_php.php';

use IspapiCore\Core;
use PlainPhpBaseline\ResponseParser;

$core = new Core(getenv('ISPAPI_CORE_WASM') ?: null);
if ($core->path() !== 'extension') {
    fwrite(STDERR, "bench/boundary.php: load the extension (-d extension=…)\n");
    exit(1);
}
$raw = (string) file_get_contents(__DIR__ . '/data/list_50000.txt');
$parsed = $core->call('parse_response', ['text' => $raw]);
$json = json_encode($parsed, JSON_THROW_ON_ERROR);
$same = ResponseParser::parse($raw)['PROPERTY'] === $parsed['properties']
    && json_decode($core->callJson('parse_response', Core::argsToJson(['text' => $raw])), true) === $parsed;
unset($parsed);
$args = Core::argsToJson(['text' => $raw]);
$contenders = [
    'Core::call (extension, no JSON)' => static fn () => $core->call('parse_response', ['text' => $raw]),
    'JSON path (callJson + json_decode)' => static fn () => json_decode($core->callJson('parse_response', $args), true),
    'plain-PHP parser' => static fn () => ResponseParser::parse($raw),
    'json_decode of the same table' => static fn () => json_decode($json, true),
];
$times = [];
for ($run = 0; $run < 7; $run++) {
    foreach ($contenders as $name => $fn) {
        $t = hrtime(true);
        $result = $fn();
        $times[$name][] = (hrtime(true) - $t) / 1e6;
        unset($result);
    }
}
$median = static function (array $v): float {
    sort($v);
    return $v[intdiv(count($v), 2)];
};
$core_ms = $median($times['Core::call (extension, no JSON)']);
$out = sprintf("50 000 rows, %.1f MB body; same arrays from every path: %s; load average %s.\n\n", strlen($raw) / 1e6, $same ? 'yes' : 'NO', implode(' ', array_map(static fn ($l) => sprintf('%.1f', $l), array_slice(sys_getloadavg(), 0, 1))));
$out .= "| path | median | ÷ Core::call |\n| --- | ---: | ---: |\n";
foreach ($times as $name => $v) {
    $out .= sprintf("| %s | %.1f ms | %.2f× |\n", $name, $median($v), $median($v) / $core_ms);
}
$target = $argv[1] ?? null;
$target === null ? print($out) : file_put_contents($target, $out);
