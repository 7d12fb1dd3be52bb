<?php

/**
 * Calls one function of the installed registrar for a domain in a process of its own (ini
 * settings such as ispapi_core.wasm_path are fixed per process) and prints its result as JSON:
 *
 *     php page.php ROOT FUNCTION DOMAIN_ID [--client-area] [--no-settings-table]
 *
 * --client-area defines CLIENTAREA, as WHMCS's client-area pages do; --no-settings-table drops
 * tblconfiguration inside a transaction that is rolled back, so that the module's own database
 * reads fail with a query exception (which carries the SQL).
 */

declare(strict_types=1);

require_once __DIR__ . '/../../harness/src/autoload.php';

use Harness\Params;
use Harness\Runtime;
use Harness\Whmcs;
use WHMCS\Database\Capsule;

[$root, $function, $domainId] = [$argv[1] ?? '', $argv[2] ?? '', (int) ($argv[3] ?? 0)];
$flags = \array_slice($argv, 4);
define('WHMCS', true);
if (\in_array('--client-area', $flags, true)) {
    define('CLIENTAREA', true);
}
Runtime::boot($root);
$params = Params::forDomain($domainId);
$broken = \in_array('--no-settings-table', $flags, true);
if ($broken) {
    Capsule::connection()->beginTransaction();
    Capsule::connection()->getPdo()->exec('DROP TABLE tblconfiguration');
}
try {
    $result = Whmcs::callRegistrar($function, $params);
} finally {
    if ($broken) {
        Capsule::connection()->rollBack();
    }
}
echo json_encode($result, JSON_UNESCAPED_SLASHES), "\n";
