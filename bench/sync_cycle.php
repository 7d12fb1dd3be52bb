<?php

/**
 * WHMCS's domain sync over one full cycle of a 10 000-domain account (issue #22 part 1): the
 * harness's sync cron (Harness\DomainSyncCron, 50 domains per run) against the simulator with
 * 150 ms latency per request, once with "Domain sync source" = Domain list and once with Each
 * domain. Measured once, never asserted (the tests check the answers: SyncSnapshotTest).
 *
 *   php -d extension=target/release/libispapi_core_php.so bench/sync_cycle.php [DOMAINS] [SAMPLE]
 *
 * - WHMCS's domains: one Active row per domain of the simulator's scale account; a warm-up
 *   cycle without latency writes the registry's expiry dates, as WHMCS has them after any
 *   earlier sync (the steady state a reseller runs in).
 * - Domain list: the whole cycle, DOMAINS/50 cron runs, the snapshot fetched at its start.
 * - Each domain: the first SAMPLE domains (SAMPLE/50 runs; 150 ms × DOMAINS would take
 *   DOMAINS × 0.15 s), scaled linearly to DOMAINS; the answers of those SAMPLE domains are
 *   compared with the list path's.
 */

declare(strict_types=1);

require __DIR__ . '/../php-bridge/module-tests/bootstrap.php';

use Harness\DomainSyncCron;
use IspapiCore\ModuleTests\Support\Simulator;
use IspapiCore\ModuleTests\Support\World;
use IspapiCore\SyncSnapshot;
use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

$domains = (int) ($argv[1] ?? 10000);
$sample = min($domains, (int) ($argv[2] ?? 1000));
const LATENCY_MS = 150;

$world = World::get();
$dir = "$world->dir/sync-cycle";
mkdir($dir, 0700, true);
$simulator = Simulator::start($dir, ['--scale', (string) $domains]);
$data = json_decode((string) file_get_contents(__DIR__ . '/../fixtures/simulator/demo.json'), true, 512, JSON_THROW_ON_ERROR);
$use = static fn (string $source) => $world->useApi('ISPAPI', [
    'ApiUrl' => $simulator->ispapiUrl(), 'SyncSource' => $source,
    'Username' => $data['scale']['account'], 'Password' => $data['scale']['password'],
]);
Setting::setValue('DomainSyncEnabled', 'on');

// WHMCS's rows: the account's domains (read once, without latency).
$use('Domain list');
Capsule::table('tbldomains')->delete();
SyncSnapshot::refresh(\Harness\Params::forFunction('Sync', $world->domain('placeholder.com'), 'ispapi'));
Capsule::table('tbldomains')->delete();
$names = Capsule::table(SyncSnapshot::TABLE)->orderBy('domain')->pluck('domain')->all();
if (\count($names) !== $domains) {
    fwrite(STDERR, 'sync_cycle: the snapshot has ' . \count($names) . " domains, not $domains\n");
    exit(1);
}
foreach (array_chunk($names, 500) as $chunk) {
    Capsule::table('tbldomains')->insert(array_map(static fn ($n) => [
        'userid' => $world->clientId, 'domain' => $n, 'registrar' => 'ispapi', 'status' => 'Active',
        'registrationperiod' => 1, 'synced' => 0,
    ], $chunk));
}

/** Cron runs until each domain was synced once; commands and wall time, answers by domain. */
function cycle(Simulator $simulator, int $runs): array
{
    Capsule::table('tbldomains')->update(['synced' => 0]);
    $simulator->control(['clear_log' => true]);
    $answers = [];
    $started = microtime(true);
    for ($i = 0; $i < $runs; $i++) {
        // A cron run is a new PHP process: the module asks again whether to refresh.
        SyncSnapshot::reset();
        foreach (DomainSyncCron::run() as $r) {
            $answers[$r['domain']] = $r['result'];
        }
    }
    $wall = microtime(true) - $started;
    $commands = array_count_values($simulator->receivedCommands());
    ksort($commands);
    return ['runs' => $runs, 'domains' => \count($answers), 'commands' => array_sum($commands),
        'by_command' => $commands, 'wall_s' => round($wall, 1), 'answers' => $answers];
}

$runs = intdiv($domains + DomainSyncCron::BATCH - 1, DomainSyncCron::BATCH);
fwrite(STDERR, "warm-up: one cycle without latency writes the registry's expiry dates\n");
$warm = cycle($simulator, $runs);

$simulator->control(['latency_ms' => LATENCY_MS]);
Capsule::table('tbltransientdata')->where('name', SyncSnapshot::META)->delete();
fwrite(STDERR, "domain list: $runs cron runs\n");
$list = cycle($simulator, $runs);

$use('Each domain');
$sampleRuns = intdiv($sample + DomainSyncCron::BATCH - 1, DomainSyncCron::BATCH);
fwrite(STDERR, "each domain: $sampleRuns cron runs ($sample domains)\n");
$each = cycle($simulator, $sampleRuns);
$simulator->control(['latency_ms' => 0]);
$simulator->stop();

$different = [];
foreach ($each['answers'] as $domain => $answer) {
    if (($list['answers'][$domain] ?? null) !== $answer) {
        $different[] = $domain;
    }
}
$scale = $domains / max(1, $each['domains']);
$report = [
    'date' => gmdate('Y-m-d H:i') . ' UTC',
    'machine' => php_uname('n') . ', ' . trim((string) shell_exec('nproc')) . ' cores, PHP ' . PHP_VERSION,
    'domains' => $domains, 'latency_ms' => LATENCY_MS, 'batch' => DomainSyncCron::BATCH,
    'warm_up' => array_diff_key($warm, ['answers' => 0]),
    'domain_list' => array_diff_key($list, ['answers' => 0]),
    'each_domain_measured' => array_diff_key($each, ['answers' => 0]),
    'each_domain_scaled' => ['commands' => (int) round($each['commands'] * $scale), 'wall_s' => round($each['wall_s'] * $scale, 1)],
    'compared' => \count($each['answers']), 'answers_differ' => $different,
];
$report['commands_ratio_percent'] = round(100 * $list['commands'] / max(1, $report['each_domain_scaled']['commands']), 3);
echo json_encode($report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
