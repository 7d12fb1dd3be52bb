<?php

/**
 * The demo's WHMCS side: a harness root with our modules installed as an admin would, the
 * registrar activated against the simulator's OT&E account, then the calls WHMCS makes in a
 * reseller's day, each printed as it happens. Started by scripts/demo; safe to run again on
 * the same root (it resumes, with new domain names).
 *
 *     php -d extension=… php-bridge/demo/run.php ROOT MODULES_DIR SIMULATOR_URL
 */

declare(strict_types=1);

require_once __DIR__ . '/../harness/src/autoload.php';

use Harness\Params;
use Harness\Root;
use Harness\Runtime;
use Harness\Seed;
use Harness\Whmcs;
use WHMCS\Database\Capsule;

[$root, $modules, $simulator] = array_slice($argv, 1) + [null, null, null];
if ($root === null || $modules === null || $simulator === null) {
    fwrite(STDERR, "usage: php run.php ROOT MODULES_DIR SIMULATOR_URL\n");
    exit(2);
}

$say = static function (string $line): void {
    echo $line, "\n";
};
$show = static function (string $what, mixed $result) use ($say): void {
    $text = is_string($result) ? $result : json_encode($result, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    $say(sprintf('  %-44s → %s', $what, $text));
};

$fresh = !is_file("$root/configuration.php");
if ($fresh) {
    Root::create($root);
    Seed::currencies();
    Seed::admin();
    Seed::client(['firstname' => 'Grace', 'lastname' => 'Hopper', 'companyname' => 'Compilers Inc',
        'email' => 'grace@example.org', 'address1' => '1 Navy Yard', 'city' => 'Arlington',
        'state' => 'VA', 'postcode' => '22202', 'country' => 'US', 'phonenumber' => '7035550100']);
    $say("WHMCS harness root created at $root (admin login: admin / harness-admin)");
} else {
    define('WHMCS', true);
    Runtime::boot($root);
    $say("WHMCS harness root resumed at $root");
}
Root::installModules($modules);
$say('Modules copied into modules/ as an admin uploads them: ' . implode(', ', array_map('basename', glob("$root/modules/*/*"))));

$demo = json_decode((string) file_get_contents(__DIR__ . '/../../fixtures/simulator/demo.json'), true, 512, JSON_THROW_ON_ERROR);
$account = $demo['accounts'][0];
Seed::registrar('ispapi', [
    'API' => 'ISPAPI', 'Username' => $account['login'], 'Password' => $account['password'], 'TestMode' => 'on',
    'ApiUrl' => "$simulator/ispapi/api/call.cgi", 'AllowPlainHttp' => 'on', // the simulator: loopback, no TLS
    'DefaultRegistrarLock' => 'on', 'TransferCheck' => 'on',
    'TransferNameservers' => 'on', 'SyncIDProtection' => 'on',
]);
$say("Registrar ispapi activated: OT&E account {$account['login']} on the simulator at $simulator");
$say('');

$clientId = (int) Capsule::table('tblclients')->min('id');
$run = date('His');
$call = static function (string $function, int $domainId, array $extra = []) use ($show): mixed {
    $params = $function === 'RenewDomain' ? Params::forRenewal($domainId, 'ispapi', $extra) : Params::forDomain($domainId, 'ispapi', $extra);
    $result = Whmcs::callRegistrar($function, $params);
    $show("$function({$params['domain']})", $result);
    return $result;
};

$say('1. A customer searches in the cart (CheckAvailability: one CheckDomains for all TLDs)');
\WHMCS\Config\Setting::setValue('PremiumDomains', 'on');
$lookup = Whmcs::callRegistrar('CheckAvailability', Params::forLookup("demo-$run", ['.com', '.de', '.ai']));
foreach ($lookup as $result) {
    $show('CheckAvailability(' . $result->getDomain() . ')', $result->getStatus());
}
foreach (Whmcs::callRegistrar('CheckAvailability', Params::forLookup('gold', ['.ai'])) as $result) {
    $show('CheckAvailability(' . $result->getDomain() . ')', $result->getStatus() . ' premium '
        . json_encode($result->getPremiumCostPricing()));
}

$say('');
$say('2. Register a domain and an IDN, then manage them');
$idn = Seed::domain($clientId, "bücher-$run.de");
$call('RegisterDomain', $idn);
$call('GetNameservers', $idn);
$domain = Seed::domain($clientId, "demo-$run.com");
$call('RegisterDomain', $domain);
$call('GetNameservers', $domain);
$call('SaveNameservers', $domain, ['ns1' => 'ns1.ispapi.net', 'ns2' => 'ns2.ispapi.net', 'ns3' => 'ns3.ispapi.net']);
$call('GetNameservers', $domain);
$call('GetRegistrarLock', $domain);
$call('SaveRegistrarLock', $domain, ['lockenabled' => 'unlocked']);
$call('GetRegistrarLock', $domain);
$call('RenewDomain', $domain, ['regperiod' => 2]);
$sync = $call('Sync', $domain);

$say('');
$say('3. A .de domain renews through PayDomainRenewal');
$de = Seed::domain($clientId, "demo-$run.de");
$call('RegisterDomain', $de);
$call('RenewDomain', $de);

$say('');
$say('4. Transfer in a domain from another registrar (auth code with special characters)');
$transfer = Seed::domain($clientId, "taken-demo-$run.com", ['type' => 'Transfer', 'status' => 'Pending Transfer']);
$call('TransferDomain', $transfer, ['eppcode' => $demo['catalog']['foreign_auth'] ?? 'taken-AUTH-1']);
$call('TransferSync', $transfer);
$say('  (the losing registrar approves: the simulator completes pending transfers)');
$curl = curl_init("$simulator/_control");
curl_setopt_array($curl, [CURLOPT_POSTFIELDS => '{"complete_transfers":true}', CURLOPT_RETURNTRANSFER => true]);
curl_exec($curl);
curl_close($curl);
$call('TransferSync', $transfer);

$say('');
$say('5. What goes wrong is said plainly');
$call('RegisterDomain', Seed::domain($clientId, "demo-$run-nocity.net"), ['city' => '']);
$call('TransferDomain', Seed::domain($clientId, "transfer-me-$run.de", ['type' => 'Transfer']), ['eppcode' => 'wrong']);

$say('');
$say('6. Registrar TLD Sync: the account\'s prices as WHMCS import items');
$items = Whmcs::callRegistrar('GetTldPricing', Params::forDomain($domain));
if (is_array($items)) {
    $show('GetTldPricing', $items);
} else {
    $first = iterator_to_array($items)[0] ?? null;
    $show('GetTldPricing', count($items) . ' TLDs, e.g. ' . ($first ? $first->getExtension() . ' register '
        . $first->getRegisterPrice() . ' ' . $first->getCurrency() : '-'));
}

$say('');
$logged = Capsule::table('tblmodulelog')->count();
$leak = Capsule::table('tblmodulelog')->where('request', 'like', '%' . $account['password'] . '%')->count();
$say("Module log: $logged API calls logged in WHMCS's tblmodulelog, $leak of them with the password in it.");
$say('Activity log: ' . Capsule::table('tblactivitylog')->orderBy('id', 'desc')->limit(1)->value('description'));
