<?php

/**
 * Whole jobs a reseller runs, timed end to end: our modules installed into the WHMCS harness
 * (as the module tests install them) against the simulator on loopback. The tests check that
 * these jobs are right; how long they take is measured here, never asserted.
 *
 *   php -d extension=target/release/libispapi_core_php.so bench/workflows.php OUT.json
 *
 * - importing a 10 000-domain API account (`import.php`: dry run, --apply, the re-run);
 * - WHMCS's TLD sync (GetTldPricing) of 1 000 TLDs and the daily price sync writing tblpricing;
 * - a 5 000-record DNS zone: first save, load, one edit saved.
 */

declare(strict_types=1);

require __DIR__ . '/../php-bridge/module-tests/bootstrap.php';

use Harness\Hooks;
use Harness\Modules;
use Harness\Registrars;
use Harness\Runtime;
use Harness\Whmcs;
use IspapiCore\ModuleTests\Support\Simulator;
use IspapiCore\ModuleTests\Support\World;
use WHMCS\Database\Capsule;

const IMPORT_DOMAINS = 10000;
const PRICING_TLDS = 1000;
const ZONE_RECORDS = 5000;

if ($argc < 2) {
    fwrite(STDERR, "usage: php -d extension=… bench/workflows.php OUT.json\n");
    exit(2);
}

function seconds(float $since): float
{
    return round(microtime(true) - $since, 3);
}

function fail(string $why): never
{
    fwrite(STDERR, "workflows: $why\n");
    exit(1);
}

/** @return array<string, mixed> the import CLI's own summary, and its wall time from outside */
function runImport(World $world, string ...$args): array
{
    $ext = getenv('ISPAPI_CORE_EXT') ?: \dirname(__DIR__) . '/target/release/libispapi_core_php.so';
    $command = array_merge([PHP_BINARY, '-d', "extension=$ext",
        'modules/registrars/ispapi/import.php'], $args);
    $started = microtime(true);
    $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, "$world->dir/whmcs");
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    $exit = proc_close($process);
    $wall = seconds($started);
    if (!preg_match('/(?:Imported|Would import) (\d+) domain.*; (\d+) skipped.*; (\d+) failed/', $out, $counts)
        || !preg_match('/Took ([\d.]+) s, peak memory ([\d.]+) MB/', $out, $took)) {
        fail("import.php $exit: $out");
    }
    return ['args' => implode(' ', $args), 'exit' => $exit, 'wall_s' => $wall, 'reported_s' => (float) $took[1],
        'php_peak_mb' => (float) $took[2], 'imported' => (int) $counts[1], 'skipped' => (int) $counts[2],
        'failed' => (int) $counts[3]];
}

function import(World $world): array
{
    $dir = "$world->dir/scale";
    mkdir($dir, 0700, true);
    $started = microtime(true);
    $simulator = Simulator::start($dir, ['--scale', (string) IMPORT_DOMAINS]);
    $seeded = seconds($started);
    $data = json_decode((string) file_get_contents(__DIR__ . '/../fixtures/simulator/demo.json'), true, 512, JSON_THROW_ON_ERROR);
    $world->useApi('ISPAPI', ['ApiUrl' => $simulator->ispapiUrl(),
        'Username' => $data['scale']['account'], 'Password' => $data['scale']['password']]);
    try {
        $runs = [
            'dry_run' => runImport($world),
            'apply' => runImport($world, '--apply'),
            'rerun' => runImport($world, '--apply'),
        ];
    } finally {
        $simulator->stop();
        $world->useApi('ISPAPI');
    }
    if ($runs['apply']['imported'] !== IMPORT_DOMAINS || $runs['rerun']['imported'] !== 0) {
        fail('the import did not take every domain once: ' . json_encode($runs));
    }
    return ['domains' => IMPORT_DOMAINS, 'simulator_seed_s' => $seeded, 'runs' => $runs];
}

function pricing(World $world): array
{
    $world->simulator->control(['reset' => true, 'extra_tlds' => PRICING_TLDS]);
    $now = date('Y-m-d H:i:s');
    $rows = [];
    for ($i = 1; $i <= PRICING_TLDS; $i++) {
        $rows[] = ['extension' => ".gen$i", 'autoreg' => 'ispapi', 'created_at' => $now, 'updated_at' => $now];
    }
    foreach (array_chunk($rows, 200) as $chunk) {
        Capsule::table('tbldomainpricing')->insert($chunk);
    }
    $world->useApi('ISPAPI', ['PricingSync' => 'Update prices', 'PricingMargin' => '{"default": {"percent": 20}}']);
    try {
        $started = microtime(true);
        $list = Whmcs::callRegistrar('GetTldPricing', Registrars::settings('ispapi'), 'ispapi');
        $import = seconds($started);
        if (!$list instanceof \WHMCS\Results\ResultsList || \count($list) < PRICING_TLDS) {
            fail('GetTldPricing: ' . json_encode($list));
        }

        $started = microtime(true);
        Hooks::reset();
        Modules::includeOnce(Runtime::current()->root . '/modules/registrars/ispapi/hooks.php');
        Hooks::run('DailyCronJob', []);
        $sync = seconds($started);
        $written = Capsule::table('tblpricing')
            ->join('tbldomainpricing', 'tbldomainpricing.id', '=', 'tblpricing.relid')
            ->where('tbldomainpricing.extension', 'like', '.gen%')->count();
    } finally {
        $world->simulator->control(['extra_tlds' => 0]);
        $world->useApi('ISPAPI');
    }
    return ['tlds' => PRICING_TLDS, 'get_tld_pricing_s' => $import, 'items' => \count($list),
        'daily_sync_s' => $sync, 'pricing_rows_written' => $written];
}

function zone(World $world): array
{
    $world->simulator->control(['reset' => true]);
    $id = $world->domain(World::unique(), ['dnsmanagement' => 1]);
    if ($world->call('RegisterDomain', $id) !== ['success' => true]) {
        fail('RegisterDomain for the zone failed');
    }
    $record = static fn (string $host, string $type, string $address, string $priority = 'N/A'): array =>
        ['hostname' => $host, 'type' => $type, 'address' => $address, 'priority' => $priority, 'recid' => ''];
    $rows = [];
    for ($i = 0; $i < ZONE_RECORDS; $i++) {
        $rows[] = match ($i % 4) {
            0 => $record("h$i", 'A', sprintf('10.%d.%d.%d', $i >> 16, ($i >> 8) & 255, $i & 255)),
            1 => $record("h$i", 'AAAA', sprintf('2001:db8::%x', $i)),
            2 => $record("h$i", 'TXT', "record $i ☕"),
            default => $record("h$i", 'MX', "mail$i.example.net", (string) ($i % 100)),
        };
    }
    $started = microtime(true);
    $saved = $world->call('SaveDNS', $id, ['dnsrecords' => $rows]);
    $first = seconds($started);
    $started = microtime(true);
    $loaded = $world->call('GetDNS', $id);
    $load = seconds($started);
    if ($saved !== ['success' => true] || \count($loaded) !== ZONE_RECORDS) {
        fail('the zone did not round-trip: ' . json_encode($saved));
    }
    $loaded[0]['address'] = '192.0.2.1';
    $loaded[] = $record('new', 'CNAME', 'example.net');
    $started = microtime(true);
    $edited = $world->call('SaveDNS', $id, ['dnsrecords' => $loaded]);
    $edit = seconds($started);
    if ($edited !== ['success' => true]) {
        fail('the edit was refused: ' . json_encode($edited));
    }
    return ['records' => ZONE_RECORDS, 'first_save_s' => $first, 'load_s' => $load, 'edit_save_s' => $edit];
}

$world = World::get();
$results = [
    'pricing' => pricing($world),
    'zone' => zone($world),
    'import' => import($world),
    'php_peak_mb' => round(memory_get_peak_usage(true) / 1048576, 1),
];
file_put_contents($argv[1], json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
echo json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
