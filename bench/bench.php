<?php

/**
 * The PHP half of the benchmark suite: the core through the ispapi_core extension, called the
 * way the modules call it (IspapiCore\Core), against the plain-PHP baseline
 * (baseline_plain_php.php), PHP's own json_decode and PHP's intl, on bench/data:
 *
 *     php -n -d extension=…/libispapi_core_php.so -d extension=intl bench/bench.php OUT.json
 *
 * Contenders are timed back to back within each run (their order rotating) and every ratio is
 * the median of the per-run ratios, so that other work on the machine falls on both sides.
 * Writes raw figures as JSON; bench/report.py turns them into RESULTS.md. Nothing is asserted.
 */

declare(strict_types=1);

require_once __DIR__ . '/../php-bridge/lib/autoload.php';
require_once __DIR__ . '/../php-bridge/tests/Subprocess.php';
require_once __DIR__ . '/baseline_plain_php.php';

use IspapiCore\Core;
use IspapiCore\Tests\Subprocess;
use PlainPhpBaseline\MonitoringWidget;
use PlainPhpBaseline\ResponseParser;

const DATA = __DIR__ . '/data';
/** The registrar settings the monitoring flows are given (no request leaves this process). */
const SETTINGS = ['API' => 'ISPAPI', 'Username' => 'bench.reseller', 'Password' => 'bench-2024!', 'TestMode' => 'on'];

if (($argv[1] ?? '') === '--worker') {
    exit(worker((int) ($argv[2] ?? 10000)));
}
$out = $argv[1] ?? __DIR__ . '/results/php.raw';

$core = Core::shared();
// BENCH_ONLY=monitoring,idn runs only those sections (a partial results file, for a quick check;
// scripts/bench runs them all).
$only = getenv('BENCH_ONLY') ? explode(',', (string) getenv('BENCH_ONLY')) : null;
$sections = [
    'overhead' => static fn () => overhead($core),
    'parse' => static fn () => array_map(static fn (int $n) => parse($core, $n), [1000, 50000, 100000]),
    'monitoring' => static fn () => monitoring($core),
    'idn' => static fn () => idn($core),
    'memory' => static fn () => memory(),
];
$results = ['environment' => environment($core)];
foreach ($sections as $name => $run) {
    if ($only === null || \in_array($name, $only, true)) {
        step($name);
        $results[$name] = $run();
    }
}
$results['environment']['load_after'] = sys_getloadavg();
file_put_contents($out, json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR));
step("written to $out");

function step(string $what): void
{
    fwrite(STDERR, "bench.php: $what\n");
}

function data(string $file): string
{
    $text = file_get_contents(DATA . "/$file");
    if ($text === false) {
        throw new RuntimeException(DATA . "/$file is missing: run python3 bench/generate.py");
    }
    return $text;
}

/** @return array<string, mixed> */
function environment(Core $core): array
{
    $info = $core->info();
    return [
        'php' => PHP_VERSION,
        'intl_icu' => defined('INTL_ICU_VERSION') ? INTL_ICU_VERSION : null,
        'extension' => $info['extension_version'],
        'wasmtime' => $info['wasmtime_version'],
        'wasm_sha256' => $info['wasm_sha256'],
        'wasm_bytes' => filesize($core->wasmPath()),
        'memory_limit_mb' => $info['memory_limit_mb'],
        'cpus' => (int) shell_exec('nproc'),
        'load_before' => sys_getloadavg(),
    ];
}

function median(array $values): float
{
    sort($values);
    $n = count($values);
    return $n % 2 === 1 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2;
}

/**
 * Runs each contender once per run, back to back, rotating their order.
 *
 * @param array<string, callable(): mixed> $contenders
 * @return array{median_ms: array<string, float>, runs: int, samples_ms: array<string, list<float>>}
 */
function paired(int $runs, array $contenders): array
{
    $names = array_keys($contenders);
    $samples = array_fill_keys($names, []);
    foreach ($contenders as $run) {
        $run(); // warm: the first call grows the guest's memory, PHP's allocator warms up
    }
    for ($r = 0; $r < $runs; $r++) {
        $order = array_merge(array_slice($names, $r % count($names)), array_slice($names, 0, $r % count($names)));
        foreach ($order as $name) {
            gc_collect_cycles();
            $started = hrtime(true);
            $result = $contenders[$name]();
            $samples[$name][] = (hrtime(true) - $started) / 1e6;
            unset($result);
        }
    }
    return [
        'median_ms' => array_map('median', $samples),
        'runs' => $runs,
        'samples_ms' => $samples,
    ];
}

/** The median over runs of a ÷ b, from the paired samples. */
function ratio(array $timed, string $a, string $b): float
{
    $ratios = [];
    foreach ($timed['samples_ms'][$a] as $i => $ms) {
        $ratios[] = $ms / $timed['samples_ms'][$b][$i];
    }
    return median($ratios);
}

/**
 * Peak PHP memory (above what was in use before) of one call, and what it left behind.
 *
 * @return array{peak_mb: float, kept_mb: float}
 */
function footprint(callable $job): array
{
    gc_collect_cycles();
    $before = memory_get_usage();
    memory_reset_peak_usage();
    $result = $job();
    $peak = memory_get_peak_usage() - $before;
    $kept = memory_get_usage() - $before;
    unset($result);
    return ['peak_mb' => $peak / 1048576, 'kept_mb' => $kept / 1048576];
}

/** @return array<string, mixed> */
function overhead(Core $core): array
{
    $path = $core->wasmPath();
    $calls = 20000;
    $timed = paired(9, [
        'ispapi_core_call' => static function () use ($path, $calls): void {
            for ($i = 0; $i < $calls; $i++) {
                ispapi_core_call($path, 'version', '{}');
            }
        },
        'Core::call' => static function () use ($core, $calls): void {
            for ($i = 0; $i < $calls; $i++) {
                $core->call('version');
            }
        },
        'php_function' => static function () use ($calls): void {
            for ($i = 0; $i < $calls; $i++) {
                strlen('{}'); // what any PHP function call costs in this loop
            }
        },
    ]);
    $perCall = array_map(static fn (float $ms) => $ms * 1000 / $calls, $timed['median_ms']);

    // A fresh PHP process per sample: the first call with an empty and with a warm cache dir.
    $first = ['empty_cache' => [], 'warm_cache' => []];
    for ($run = 0; $run < 5; $run++) {
        $dir = Subprocess::tempDir();
        $first['empty_cache'][] = firstCall($path, $dir);
        $first['warm_cache'][] = firstCall($path, $dir);
        $first['warm_cache'][] = firstCall($path, $dir);
        $compiled = array_sum(array_map('filesize', glob("$dir/*.cwasm") ?: []));
    }
    return [
        'steady_us' => $perCall,
        'calls' => $calls,
        'runs' => $timed['runs'],
        'first_call_ms' => array_map(static fn (array $s) => median(array_column($s, 'ms')), $first),
        'first_call_load_ms' => array_map(static fn (array $s) => median(array_column($s, 'load_ms')), $first),
        'first_call_cache' => array_map(
            static fn (array $s) => array_values(array_unique(array_column($s, 'cache'))),
            $first
        ),
        'compiled_module_bytes' => $compiled,
    ];
}

/** @return array{ms: float, load_ms: float, cache: string} */
function firstCall(string $wasm, string $cacheDir): array
{
    $script = 'require ' . var_export(__DIR__ . '/../php-bridge/lib/autoload.php', true) . ';'
        . ' $t = hrtime(true); $core = new IspapiCore\Core(' . var_export($wasm, true) . '); $core->call("version");'
        . ' $ms = (hrtime(true) - $t) / 1e6; $info = $core->info();'
        . ' echo json_encode(["ms" => $ms, "load_ms" => $info["load_time_us"] / 1e3, "cache" => $info["cache"]]);';
    $run = Subprocess::php(['-r', $script], '', ['ispapi_core.cache_dir' => $cacheDir]);
    if ($run['exit'] !== 0) {
        throw new RuntimeException('first call failed: ' . $run['stdout'] . $run['stderr']);
    }
    return json_decode($run['stdout'], true, 512, JSON_THROW_ON_ERROR);
}

/** @return array<string, mixed> */
function parse(Core $core, int $rows): array
{
    step("parse $rows rows");
    $raw = data("list_$rows.txt");
    $path = $core->wasmPath();
    $parsed = $core->call('parse_response', ['text' => $raw]);
    $asJson = json_encode($parsed, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    $plain = ResponseParser::parse($raw);
    // Both must read the same table, or the race means nothing.
    $same = $plain['CODE'] === (string) $parsed['code'] && $plain['PROPERTY'] === $parsed['properties'];
    $args = Core::argsToJson(['text' => $raw]);
    $envelope = ispapi_core_call($path, 'parse_response', $args);
    unset($parsed, $plain);

    $timed = paired(match ($rows) { 1000 => 21, 50000 => 7, default => 3 }, [
        'core' => static fn () => $core->call('parse_response', ['text' => $raw]),
        'plain_php' => static fn () => ResponseParser::parse($raw),
        'json_decode' => static fn () => json_decode($asJson, true, 512, JSON_THROW_ON_ERROR),
        // Where the core's time goes: the three steps of Core::call.
        'step_args_json_encode' => static fn () => Core::argsToJson(['text' => $raw]),
        'step_extension_call' => static fn () => ispapi_core_call($path, 'parse_response', $args),
        'step_envelope_json_decode' => static fn () => json_decode($envelope, true, 512, JSON_THROW_ON_ERROR),
    ]);
    unset($args, $envelope);
    return [
        'rows' => $rows,
        'bytes' => strlen($raw),
        'result_json_bytes' => strlen($asJson),
        'same_result' => $same,
        'runs' => $timed['runs'],
        'median_ms' => $timed['median_ms'],
        'ratio' => [
            'core/plain_php' => ratio($timed, 'core', 'plain_php'),
            'core/json_decode' => ratio($timed, 'core', 'json_decode'),
        ],
        'memory' => [
            'core' => footprint(static fn () => $core->call('parse_response', ['text' => $raw])),
            'plain_php' => footprint(static fn () => ResponseParser::parse($raw)),
            'json_decode' => footprint(static fn () => json_decode($asJson, true)),
        ],
    ];
}

/**
 * What Monitoring::detect() does, without curl and the database: each list case's reply goes
 * through the core calls of ApiClient::request() (build_request, parse_response,
 * redact_response, retry_policy) and the ListPage flow of Monitor::run(), then monitor_detect.
 *
 * @param array<string, string> $raws case id => QueryDomainList reply
 * @param list<list<mixed>> $whmcsRows the rows Monitoring::whmcsDomainRows() reads from the database
 * @return array<string, mixed> monitor_detect's answer
 */
function coreCheck(Core $core, array $raws, array $whmcsRows): array
{
    $account = $core->call('registrar_account', ['params' => (object) SETTINGS]);
    unset($account['persistent']); // ApiClient's option, not a build_request field
    $lists = [];
    foreach ($core->call('monitor_cases', ['api' => 'ispapi']) as $case) {
        if (!$case['supported'] || $case['list'] === null) {
            continue;
        }
        $names = [];
        $first = 0;
        while ($first !== null) {
            $transcript = [];
            while (true) {
                $step = $core->call('monitor_step', [
                    'function' => 'ListPage',
                    'params' => (object) SETTINGS,
                    'args' => (object) ['case' => $case['id'], 'first' => $first],
                    'transcript' => $transcript,
                ]);
                if ($step['step'] !== 'send') {
                    break;
                }
                $core->call('build_request', $account + ['command' => (object) $step['command']]);
                $body = $raws[$case['id']];
                $response = $core->call('parse_response', ['text' => $body]);
                $core->call('redact_response', ['text' => $body]);
                $core->call('retry_policy', ['command' => 'QueryDomainList', 'attempt' => 1, 'outcome' => 'api',
                    'code' => $response['code'], 'elapsed_ms' => 0]);
                $transcript[] = ['command' => (object) $step['command'], 'response' => $response];
            }
            array_push($names, ...$step['result']['names']);
            $first = $step['result']['next_first'];
        }
        $lists[$case['id']] = $names;
    }
    return $core->call('monitor_detect', ['api' => 'ispapi', 'lists' => (object) $lists, 'whmcs' => $whmcsRows]);
}

/** @return array<string, mixed> */
function monitoring(Core $core): array
{
    // WHMCS's rows as each side reads them from the database: the original widget took
    // Eloquent's get()->toJson() (keyed objects) and decoded it; the core gets the compact rows
    // Monitoring::whmcsDomainRows() builds (not timed, like the database read; their memory is
    // reported as whmcs_rows_mb). Both files hold the same 100 000 rows.
    $whmcsJson = data('whmcs_100000.json');
    $before = memory_get_usage();
    $whmcsRows = json_decode(data('whmcs_100000_rows.json'), true, 512, JSON_THROW_ON_ERROR);
    $whmcsRowsMb = (memory_get_usage() - $before) / 1048576;
    $raws = [];
    foreach (['id_protection', 'transfer_lock', 'premium_at_registrar'] as $case) {
        $raws[$case] = data("monitor_$case.txt");
    }
    $ours = coreCheck($core, $raws, $whmcsRows);
    $theirs = MonitoringWidget::check($raws, json_decode($whmcsJson, true));
    $original = ['id_protection' => 'wpapicase', 'transfer_lock' => 'tlapicase', 'migration_notes' => 'migrationcase',
        'premium_renewal_cost' => 'registrarrenewalcostpricezerocase', 'premium_at_registrar' => 'domain2premiumcase'];
    $counts = [];
    foreach ($ours['cases'] as $case) {
        $counts[$case['id']] = ['core' => $case['count'], 'plain_php' => count($theirs[$original[$case['id']]] ?? [])];
    }
    // monitor_detect alone, with the lists already in PHP: the rules' share of the whole.
    $lists = json_decode(data('monitor_detect.json'), true)['lists'];
    $detectArgs = ['api' => 'ispapi', 'lists' => (object) $lists, 'whmcs' => $whmcsRows];
    unset($ours, $theirs, $lists);

    $contenders = [
        'core' => static fn () => coreCheck($core, $raws, $whmcsRows),
        'plain_php' => static fn () => MonitoringWidget::check($raws, json_decode($whmcsJson, true)),
        'step_monitor_detect' => static fn () => $core->call('monitor_detect', $detectArgs),
    ];
    $timed = paired(7, $contenders);
    return [
        'domains' => 100000,
        'whmcs_rows_mb' => $whmcsRowsMb,
        'list_rows' => array_map(static fn (string $raw) => substr_count($raw, '[OBJECTID]'), $raws),
        'counts' => $counts,
        'same_result' => array_reduce(
            $counts,
            static fn (bool $ok, array $c) => $ok && $c['core'] === $c['plain_php'],
            true
        ),
        'runs' => $timed['runs'],
        'median_ms' => $timed['median_ms'],
        'ratio' => ['plain_php/core' => 1 / ratio($timed, 'core', 'plain_php')],
        'memory' => array_map('footprint', $contenders),
    ];
}

/** @return array<string, mixed> */
function idn(Core $core): array
{
    $names = explode("\n", rtrim(data('idn_10000.txt'), "\n"));
    $std = IDNA_USE_STD3_RULES | IDNA_CHECK_BIDI | IDNA_CHECK_CONTEXTJ;
    $modes = [
        // [core arguments, intl function, intl options]
        'to_ascii_transitional' => [['to' => 'ascii', 'processing' => 'transitional'], 'idn_to_ascii', $std],
        'to_ascii_nontransitional' => [['to' => 'ascii', 'processing' => 'nontransitional'], 'idn_to_ascii',
            $std | IDNA_NONTRANSITIONAL_TO_ASCII],
        'to_unicode' => [['to' => 'unicode'], 'idn_to_utf8', $std | IDNA_NONTRANSITIONAL_TO_UNICODE],
    ];
    $out = [
        'names' => count($names),
        'intl_options' => 'IDNA_USE_STD3_RULES | IDNA_CHECK_BIDI | IDNA_CHECK_CONTEXTJ (+ NONTRANSITIONAL_*),'
            . ' INTL_IDNA_VARIANT_UTS46',
    ];
    foreach ($modes as $mode => [$args, $fn, $options]) {
        $ours = static fn () => $core->call('idn_convert', ['domains' => $names] + $args)['results'];
        $intl = static function () use ($names, $fn, $options): array {
            $converted = [];
            foreach ($names as $name) {
                $converted[] = $fn($name, $options, INTL_IDNA_VARIANT_UTS46);
            }
            return $converted;
        };
        $timed = paired(9, ['core' => $ours, 'intl' => $intl]);
        $field = $args['to'];
        $differences = [];
        $bothDefined = 0;
        foreach (array_map(null, $names, $ours(), $intl()) as [$name, $mine, $icu]) {
            $a = $mine[$field] ?? null;
            $b = $icu === false ? null : $icu;
            if ($a !== $b) {
                $differences[$name] = ['core' => $a ?? 'error: ' . ($mine['error'] ?? ''), 'intl' => $b ?? 'error'];
                $bothDefined += (int) ($a !== null && $b !== null);
            }
        }
        $out[$mode] = [
            'runs' => $timed['runs'],
            'median_ms' => $timed['median_ms'],
            'ratio' => ['core/intl' => ratio($timed, 'core', 'intl')],
            'differences' => count($differences),
            'both_defined_and_different' => $bothDefined,
            'differing_names' => (object) $differences,
        ];
    }
    return $out;
}

/**
 * The guest's memory: the smallest ispapi_core.memory_limit_mb that parses each large list
 * (each in a fresh process), and whether 10 000 calls in one worker fit in what the first
 * 100 need.
 *
 * @return array<string, mixed>
 */
function memory(): array
{
    $out = ['parse_needs_mb' => []];
    foreach ([50000, 100000] as $rows) {
        $bytes = filesize(DATA . "/list_$rows.txt");
        $needs = smallest(static fn (int $mb) => runWorker(['--parse', (string) $rows], $mb)['ok'] ?? false);
        $out['parse_needs_mb'][$rows] = ['needs_mb' => $needs, 'response_mb' => $bytes / 1048576];
    }
    // The guest keeps its high-water mark: what a worker holds after one big parse.
    $out['after_big_parse'] = runWorker(['--parse', '100000'], 1024);
    $hundred = smallest(static fn (int $mb) => runWorker(['100'], $mb)['ok'] ?? false);
    $run = runWorker(['10000'], $hundred);
    $out['worker'] = ['first_100_calls_need_mb' => $hundred, 'limit_mb' => $hundred] + $run;
    return $out;
}

/** The smallest limit in MiB (1 MiB steps) for which $fits holds, by bisection in [2, 4096]. */
function smallest(callable $fits): ?int
{
    [$low, $high] = [2, 4096];
    if (!$fits($high)) {
        return null;
    }
    while ($low < $high) {
        $mid = intdiv($low + $high, 2);
        if ($fits($mid)) {
            $high = $mid;
        } else {
            $low = $mid + 1;
        }
    }
    return $high;
}

/** @param list<string> $args @return array<string, mixed> */
function runWorker(array $args, int $memoryMb): array
{
    $run = Subprocess::php(array_merge([__FILE__, '--worker'], $args), '', [
        'ispapi_core.memory_limit_mb' => (string) $memoryMb,
        'memory_limit' => '-1',
    ]);
    return json_decode($run['stdout'], true) ?? ['ok' => false, 'error' => trim($run['stdout'] . $run['stderr'])];
}

/**
 * In a fresh process: `--worker --parse ROWS` parses one list (and reports the process's RSS
 * before and after); `--worker N` makes N calls of
 * a mixed workload (a 1 000-name monitoring page, an IDN batch, an encode, a detect) and
 * reports the process's RSS and PHP memory along the way.
 */
function worker(int $calls): int
{
    global $argv;
    $core = new Core();
    try {
        if (($argv[2] ?? '') === '--parse') {
            $core->call('version');
            $before = rss();
            $core->call('parse_response', ['text' => data('list_' . (int) $argv[3] . '.txt')]);
            $core->call('version');
            echo json_encode(['ok' => true, 'rss_before_mb' => $before / 1048576, 'rss_after_mb' => rss() / 1048576,
                'php_mb' => memory_get_usage() / 1048576]);
            return 0;
        }
        $page = data('monitor_premium_at_registrar.txt');
        $idns = array_slice(explode("\n", data('idn_10000.txt')), 0, 50);
        $whmcs = array_slice(json_decode(data('whmcs_100000.json'), true), 0, 200);
        $workload = [
            static fn () => $core->call('parse_response', ['text' => $page]),
            static fn () => $core->call('idn_convert', ['domains' => $idns, 'to' => 'ascii']),
            static fn () => $core->call('encode_command', ['command' => ['COMMAND' => 'CheckDomains',
                'DOMAIN' => $idns]]),
            static fn () => $core->call('monitor_detect', ['api' => 'ispapi', 'whmcs' => $whmcs,
                'lists' => (object) []]),
        ];
        $samples = [];
        for ($i = 1; $i <= $calls; $i++) {
            $workload[$i % count($workload)]();
            if (in_array($i, [100, 1000, 5000, 10000], true)) {
                $samples[$i] = ['rss_mb' => rss() / 1048576, 'php_mb' => memory_get_usage() / 1048576];
            }
        }
        echo json_encode(['ok' => true, 'calls' => $calls, 'samples' => $samples]);
    } catch (IspapiCore\Exception $e) {
        echo json_encode(['ok' => false, 'error' => $e->getMessage(), 'at_call' => $i ?? 0]);
    }
    return 0;
}

function rss(): int
{
    preg_match('/^VmRSS:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $m);
    return (int) ($m[1] ?? 0) * 1024;
}
