<?php

/**
 * The FFI path beside the extension: per-call overhead (Core::call('version')), a 50 000-row
 * parse_response, and the first call of a fresh process with a warm compiled-module cache.
 * Each path runs in its own PHP process (the extension, when loaded, is always preferred):
 *
 *     php bench/ffi.php bench/results/ffi.md      # run by scripts/bench
 *
 * Writes a Markdown table with the FFI/extension ratio per row. Nothing is asserted.
 */

declare(strict_types=1);

require_once __DIR__ . '/../php-bridge/lib/autoload.php';

use IspapiCore\Core;

$repo = dirname(__DIR__);
$wasm = getenv('ISPAPI_CORE_WASM') ?: "$repo/target/wasm32-unknown-unknown/wasm/ispapi_core.wasm";
$ext = getenv('ISPAPI_CORE_EXT') ?: "$repo/target/release/libispapi_core_php.so";

if (($argv[1] ?? '') === '--measure') {
    // In the child: the path this process runs, measured.
    $core = new Core($wasm);
    $calls = 20000;
    $core->call('version');
    $samples = [];
    for ($run = 0; $run < 7; $run++) {
        $t = hrtime(true);
        for ($i = 0; $i < $calls; $i++) {
            $core->call('version');
        }
        $samples[] = (hrtime(true) - $t) / 1e3 / $calls;
    }
    sort($samples);
    $raw = (string) file_get_contents(__DIR__ . '/data/list_50000.txt');
    $core->call('parse_response', ['text' => $raw]);
    $parse = [];
    for ($run = 0; $run < 5; $run++) {
        $t = hrtime(true);
        $core->call('parse_response', ['text' => $raw]);
        $parse[] = (hrtime(true) - $t) / 1e6;
    }
    sort($parse);
    echo json_encode(['path' => $core->path(), 'call_us' => $samples[3], 'parse_50000_ms' => $parse[2]]);
    exit(0);
}
if (($argv[1] ?? '') === '--first') {
    $t = hrtime(true);
    $core = new Core($wasm);
    $core->call('version');
    echo json_encode(['ms' => (hrtime(true) - $t) / 1e6, 'cache' => $core->info()['cache']]);
    exit(0);
}

$out = $argv[1] ?? __DIR__ . '/results/ffi.md';
$paths = [
    'extension' => ['-d', "extension=$ext"],
    'ffi' => ['-d', 'ffi.enable=1', '-d', 'ispapi_core.ffi_library=' . (getenv('ISPAPI_CORE_FFI_LIB') ?: "$repo/target/release/libispapi_core_ffi.so")],
];
$cache = sys_get_temp_dir() . '/ispapi-bench-ffi-' . getmypid();
mkdir($cache, 0700);
$results = [];
foreach ($paths as $name => $ini) {
    $ini = array_merge($ini, ['-d', "ispapi_core.cache_dir=$cache", '-d', 'memory_limit=-1']);
    $php = static fn (string $mode): array => json_decode(
        (string) shell_exec(implode(' ', array_map('escapeshellarg', array_merge([PHP_BINARY], $ini, [__FILE__, $mode])))),
        true
    ) ?? throw new RuntimeException("bench/ffi.php: the $name child failed ($mode)");
    fwrite(STDERR, "bench/ffi.php: $name\n");
    $measured = $php('--measure');
    if ($measured['path'] !== $name) {
        throw new RuntimeException("bench/ffi.php: asked for $name, ran {$measured['path']}");
    }
    $php('--first'); // fills the cache
    $first = [];
    for ($run = 0; $run < 5; $run++) {
        $first[] = $php('--first')['ms'];
    }
    sort($first);
    $results[$name] = $measured + ['first_warm_ms' => $first[2]];
}
exec('rm -rf ' . escapeshellarg($cache));

$rows = [
    ['per call, Core::call(\'version\') (µs)', 'call_us'],
    ['parse_response, 50 000 rows (ms)', 'parse_50000_ms'],
    ['first call of a new process, warm cache (ms)', 'first_warm_ms'],
];
$table = "| measure | extension | FFI | FFI / extension |\n| --- | ---: | ---: | ---: |\n";
foreach ($rows as [$label, $key]) {
    $e = $results['extension'][$key];
    $f = $results['ffi'][$key];
    $table .= sprintf("| %s | %.2f | %.2f | %.2f |\n", $label, $e, $f, $f / $e);
}
file_put_contents($out, $table);
echo $table;
