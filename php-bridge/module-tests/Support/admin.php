<?php

/**
 * What an admin does to a WHMCS root, one action per process (PHP loads a module file once
 * per process, so installing, upgrading and removing are separate runs, as in real life):
 *
 *     php admin.php ROOT create
 *     php admin.php ROOT install MODULES_DIR      copy modules/ in (install or upgrade)
 *     php admin.php ROOT activate SIMULATOR_URL   registrar settings, as the settings page saves them
 *     php admin.php ROOT flows NAME               register NAME, then Sync it; prints JSON results
 *     php admin.php ROOT remove                   deactivate and delete our module folders
 *     php admin.php ROOT boot                     WHMCS still starts; prints the registrars and tables
 *     php admin.php ROOT pages                    the settings page's text and both widgets' output
 *     php admin.php ROOT batch JOB_ID             one "Fix this!" batch request of the monitoring
 *                                                 widget, as the admin's browser sends it
 */

declare(strict_types=1);

require_once __DIR__ . '/../../harness/src/autoload.php';

use Harness\Params;
use Harness\Root;
use Harness\Runtime;
use Harness\Seed;
use Harness\Whmcs;
use WHMCS\Database\Capsule;

[$root, $action] = [$argv[1] ?? '', $argv[2] ?? ''];
$arg = $argv[3] ?? '';
if ($action === 'create') {
    Root::create($root);
    Seed::currencies();
    Seed::admin();
    Seed::client();
    echo "created\n";
    exit(0);
}
define('WHMCS', true);
Runtime::boot($root);
switch ($action) {
    case 'install':
        Root::installModules($arg);
        echo "installed\n";
        break;
    case 'activate':
        $demo = json_decode((string) file_get_contents(__DIR__ . '/../../../fixtures/simulator/demo.json'), true);
        $account = $demo['accounts'][0];
        Seed::registrar('ispapi', ['API' => 'ISPAPI', 'Username' => $account['login'], 'Password' => $account['password'],
            'TestMode' => 'on', 'ApiUrl' => "$arg/ispapi/api/call.cgi", 'AllowPlainHttp' => 'on']);
        echo "activated\n";
        break;
    case 'flows':
        $clientId = (int) Capsule::table('tblclients')->min('id');
        $id = Seed::domain($clientId, $arg);
        $register = Whmcs::callRegistrar('RegisterDomain', Params::forDomain($id));
        $sync = Whmcs::callRegistrar('Sync', Params::forDomain($id));
        echo json_encode(['register' => $register, 'sync' => $sync]), "\n";
        break;
    case 'remove':
        \Harness\Registrars::deactivate('ispapi');
        foreach (['registrars/ispapi', 'widgets/ispapi_account.php', 'widgets/ispapi_monitoring.php', 'addons/cnicdomainmonitoring'] as $path) {
            exec('rm -rf ' . escapeshellarg("$root/modules/$path"));
        }
        echo "removed\n";
        break;
    case 'boot':
        echo json_encode([
            'registrars' => Capsule::table('tblregistrars')->distinct()->pluck('registrar')->all(),
            'domains' => Capsule::table('tbldomains')->count(),
            'modules' => array_map('basename', glob("$root/modules/*/*") ?: []),
        ]), "\n";
        break;
    case 'pages':
        require_once "$root/modules/registrars/ispapi/ispapi.php";
        $_SERVER['SCRIPT_NAME'] = '/admin/configregistrars.php';
        $config = ispapi_getConfigArray(\Harness\Registrars::settings('ispapi'));
        $widgets = [];
        foreach (['ispapi_account' => 'IspapiAccountWidget', 'ispapi_monitoring' => 'IspapiMonitoringWidget'] as $file => $class) {
            require_once "$root/modules/widgets/$file.php";
            $class = "WHMCS\\Module\\Widget\\$class";
            $widget = new $class();
            $widgets[$file] = $widget->generateOutput($widget->getData());
        }
        echo json_encode(['settings' => $config['Description']['Value'] ?? '', 'connection' => $config['Connection']['Value'] ?? '',
            'widgets' => $widgets]), "\n";
        break;
    case 'batch':
        require_once "$root/modules/widgets/ispapi_monitoring.php";
        \Harness\AdminSession::loginAs((int) Capsule::table('tbladmins')->where('username', 'admin')->value('id'));
        $_POST = $_REQUEST = ['monitoring' => 'batch', 'job' => $arg, 'token' => \Harness\AdminSession::token()];
        $_SERVER['REQUEST_METHOD'] = 'POST';
        echo (new \WHMCS\Module\Widget\IspapiMonitoringWidget())->render(true), "\n";
        break;
    default:
        fwrite(STDERR, "unknown action $action\n");
        exit(2);
}
