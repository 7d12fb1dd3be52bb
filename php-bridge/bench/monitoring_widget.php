<?php

/**
 * Time and peak PHP memory to render the monitoring widget on a large account:
 *
 *     php -d extension=$PWD/target/release/libispapi_core_php.so php-bridge/bench/monitoring_widget.php [DOMAINS]
 *
 * Seeds the simulator's benchmark account with DOMAINS domains (default 100000; every 7th
 * without transfer lock, every 11th with ID protection), gives WHMCS the same domains, and
 * renders the widget once with a fresh check (all API lists paged, the rules over every domain)
 * and once from the kept check. Needs `scripts/build`. Not a test: nothing is asserted.
 */

declare(strict_types=1);

require_once __DIR__ . '/../harness/src/autoload.php';

use Harness\AdminSession;
use Harness\Root;
use Harness\Seed;
use WHMCS\Database\Capsule;

$n = (int) ($argv[1] ?? 100000);
$repo = dirname(__DIR__, 2);
$dir = sys_get_temp_dir() . '/ispapi-bench-monitoring-' . getmypid();
@mkdir($dir, 0700, true);
register_shutdown_function(static fn () => exec('rm -rf ' . escapeshellarg($dir)));

exec(escapeshellarg("$repo/scripts/assemble") . ' ' . escapeshellarg("$dir/release") . ' 2>&1', $out, $status);
$status === 0 || exit("assemble failed\n");
$sim = "$repo/target/release/ispapi-sim";
$started = microtime(true);
exec(escapeshellarg($sim) . " seed --scale $n --db " . escapeshellarg("$dir/sim.db") . ' 2>&1', $out, $status);
$status === 0 || exit('simulator seed failed: ' . implode("\n", $out) . "\n");
printf("simulator seeded with %d domains in %.1f s\n", $n, microtime(true) - $started);
$process = proc_open([$sim, 'serve', '--db', "$dir/sim.db", '--port', '0'], [1 => ['pipe', 'w'], 2 => ['file', "$dir/sim.log", 'a']], $pipes);
preg_match('~listening on (http://127\.0\.0\.1:\d+)~', (string) fgets($pipes[1]), $m) || exit("the simulator did not start\n");
register_shutdown_function(static function () use ($process): void {
    proc_terminate($process);
    proc_close($process);
});

$data = json_decode((string) file_get_contents("$repo/fixtures/simulator/demo.json"), true)['scale'];
Root::create("$dir/whmcs");
Root::installModules("$dir/release/modules");
Seed::currencies();
$admin = Seed::admin();
$client = Seed::client();
Seed::registrar('ispapi', [
    'API' => 'ISPAPI', 'Username' => $data['account'], 'Password' => $data['password'], 'TestMode' => 'on',
    'ApiUrl' => $m[1] . '/ispapi/api/call.cgi', 'AllowPlainHttp' => 'on',
]);
$pdo = Capsule::connection()->getPdo();
$pdo->beginTransaction();
$insert = $pdo->prepare("INSERT INTO tbldomains (userid, domain, registrar, status, idprotection, additionalnotes)"
    . " VALUES (?, ?, 'ispapi', 'Active', 0, '')");
for ($i = 0; $i < $n; $i++) {
    $insert->execute([$client, sprintf('bench%06d.%s', $i, $data['tlds'][$i % count($data['tlds'])])]);
}
$pdo->commit();
AdminSession::loginAs($admin);

$widget = null;
foreach (\Harness\Admin\Dashboard::widgets() as $w) {
    if ($w->getId() === 'IspapiMonitoringWidget') {
        $widget = $w;
    }
}
$render = static function (array $request) use ($widget): array {
    $_REQUEST = $request;
    gc_collect_cycles();
    $base = memory_get_usage();
    memory_reset_peak_usage();
    $t = microtime(true);
    $html = (string) $widget->render(true);
    return [$html, microtime(true) - $t, memory_get_peak_usage() - $base];
};
[$html, $fresh, $freshPeak] = $render(['refresh' => '1']);
preg_match_all('~<b class="ispapi-monitoring-count">(\d+)</b> ([^<]+)~', $html, $cases, PREG_SET_ORDER);
foreach ($cases as [, $count, $title]) {
    printf("  %6d %s\n", $count, trim($title));
}
[, $kept, $keptPeak] = $render([]);
$pages = Capsule::table('tblmodulelog')->where('action', 'QueryDomainList')->count();
printf(
    "fresh check (%d API list pages, rules over %d domains): %.2f s, peak PHP memory +%.1f MiB\n",
    $pages,
    $n,
    $fresh,
    $freshPeak / 1048576
);
printf("kept check: %.3f s, peak PHP memory +%.1f MiB\n", $kept, $keptPeak / 1048576);
printf("memory_limit %s\n", ini_get('memory_limit'));
