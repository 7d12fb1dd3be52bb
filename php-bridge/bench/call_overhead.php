<?php

/**
 * Measures what calling the core from PHP costs:
 *
 *     php -d extension=$PWD/target/release/libispapi_core_php.so php-bridge/bench/call_overhead.php [CALLS]
 *
 * 1. the first call in a fresh PHP process whose cache dir is empty (compiles the .wasm),
 * 2. the first call in a fresh PHP process whose cache dir is warm (loads machine code),
 * 3. the steady time per call of `version` and `encode_command`, through the extension alone
 *    and through IspapiCore\Core, over CALLS calls (default 100000).
 * Each figure is the median of RUNS runs. Not a test: nothing is asserted.
 */

declare(strict_types=1);

require_once __DIR__ . '/../lib/autoload.php';
require_once __DIR__ . '/../tests/Subprocess.php';

use IspapiCore\Core;
use IspapiCore\Tests\Subprocess;

const RUNS = 5;

$calls = (int) ($argv[1] ?? 100000);
// A private copy: the build may replace the .wasm while the bench runs.
$wasm = Subprocess::tempDir() . '/ispapi_core.wasm';
copy((new Core())->wasmPath(), $wasm);
$core = new Core($wasm);

/** @param list<float> $values */
function median(array $values): float
{
    sort($values);
    $middle = intdiv(count($values), 2);
    return count($values) % 2 === 1 ? $values[$middle] : ($values[$middle - 1] + $values[$middle]) / 2;
}

/**
 * Runs one fresh PHP process that times its first call; returns [first call µs, load µs, cache].
 *
 * @return array{float, float, string}
 */
function firstCall(string $wasm, string $cacheDir): array
{
    $script = 'require "' . __DIR__ . '/../lib/autoload.php";'
        . ' $t = hrtime(true); $core = new IspapiCore\Core(' . var_export($wasm, true) . '); $core->call("version");'
        . ' $us = (hrtime(true) - $t) / 1e3; $info = $core->info();'
        . ' echo json_encode([$us, $info["load_time_us"], $info["cache"]]);';
    $run = Subprocess::php(['-r', $script], '', ['ispapi_core.cache_dir' => $cacheDir]);
    if ($run['exit'] !== 0) {
        fwrite(STDERR, $run['stdout'] . $run['stderr']);
        exit(1);
    }
    return json_decode($run['stdout'], true, 512, JSON_THROW_ON_ERROR);
}

/** Median nanoseconds per call of $call over $calls calls. */
function perCall(int $calls, callable $call): float
{
    $call(); // warm
    $runs = [];
    for ($run = 0; $run < RUNS; $run++) {
        $started = hrtime(true);
        for ($i = 0; $i < $calls; $i++) {
            $call();
        }
        $runs[] = (hrtime(true) - $started) / $calls;
    }
    return median($runs);
}

$info = $core->info();
printf("wasm %s (%d KiB), wasmtime %s, extension %s\n", $info['wasm_sha256'], filesize($wasm) / 1024,
    $info['wasmtime_version'], $info['extension_version']);

$cold = [];
$warm = [];
for ($run = 0; $run < RUNS; $run++) {
    $cacheDir = Subprocess::tempDir();
    $cold[] = firstCall($wasm, $cacheDir);
    $warm[] = firstCall($wasm, $cacheDir);
}
foreach (['empty cache dir' => $cold, 'warm disk cache' => $warm] as $label => $results) {
    $outcomes = implode(',', array_unique(array_column($results, 2)));
    printf("first call, fresh process, %-16s %8.1f ms  (of which load %.1f ms; cache: %s)\n", $label . ':',
        median(array_column($results, 0)) / 1e3, median(array_column($results, 1)) / 1e3, $outcomes);
}

$path = $core->wasmPath();
$command = ['command' => ['COMMAND' => 'CheckDomains', 'DOMAIN' => ['a.com', 'b.net']]];
$commandJson = Core::argsToJson($command);
$steady = [
    'version, ispapi_core_call()' => static fn () => ispapi_core_call($path, 'version', '{}'),
    'version, Core::call()' => static fn () => $core->call('version'),
    'encode_command, ispapi_core_call()' => static fn () => ispapi_core_call($path, 'encode_command', $commandJson),
    'encode_command, Core::call()' => static fn () => $core->call('encode_command', $command),
];
foreach ($steady as $label => $call) {
    printf("steady, %-36s %8.2f µs/call  (median of %d x %d calls)\n", $label . ':', perCall($calls, $call) / 1e3,
        RUNS, $calls);
}
