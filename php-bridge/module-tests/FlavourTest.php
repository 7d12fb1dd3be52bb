<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Params;
use Harness\Registrars;
use Harness\Whmcs;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * Every function the registrar module gives WHMCS, run the same way against both APIs (issue
 * #18: CNR is a full backend, tested with the same steps as ISPAPI): a domain's life from
 * registration to deletion, a transfer, the client-area pages and the lookups, through the
 * simulator in strict mode. A step passes when WHMCS gets no error and the simulator refused
 * nothing the flavour's documentation would refuse.
 */
final class FlavourTest extends TestCase
{
    /** Module functions that are not domain actions (WHMCS's settings page and cart read them). */
    private const NOT_ACTIONS = ['MetaData', 'getConfigArray', 'config', 'config_validate', 'AdditionalDomainFields'];

    /** ClientAreaTest's DS and DNSKEY records. */
    private const DS = ['keytag' => '2371', 'alg' => '13', 'digesttype' => '2', 'digest' => '1F987CC6583E92DF0890718C4291C4A3FBC1F1AD2F2B2C4DCAD51C9A4AB0D0EE'];
    private const KEY = ['flags' => '257', 'protocol' => '3', 'alg' => '15', 'pubkey' => '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='];

    private World $world;

    /** @var list<string> the simulator's violations before this test */
    private array $before = [];

    /** @var list<string> the module functions called so far */
    private array $called = [];

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->simulator->control(['reset' => true]);
    }

    protected function tearDown(): void
    {
        $this->world->useApi('ISPAPI');
    }

    /** @return array<string, array{0: string}> */
    public static function apis(): array
    {
        return ['ISPAPI' => ['ISPAPI'], 'CNR' => ['CNR']];
    }

    /** Calls ispapi_<function>() and fails on an error answer, naming the API and the step. */
    private function ok(string $api, string $function, int $id, array $extra = []): mixed
    {
        $this->called[] = $function;
        try {
            $result = $this->world->call($function, $id, $extra);
        } catch (\Exception $e) {
            $this->fail("$api $function threw: " . $e->getMessage());
        }
        $error = match (true) {
            !\is_array($result) => '',
            isset($result['templatefile']) => (string) ($result['vars']['error'] ?? ''),
            default => (string) ($result['error'] ?? ''),
        };
        $this->assertSame('', $error, "$api $function");
        return $result;
    }

    /** Posts a client-area page's form and fails unless the page says it was saved. */
    private function posted(string $api, string $page, int $id, array $form): void
    {
        $result = $this->world->postPage($page, $id, $form);
        $this->assertSame('', (string) ($result['vars']['error'] ?? ''), "$api $page saved");
        $this->assertSame([], $result['vars']['errors'] ?? [], "$api $page saved");
        $this->assertNotSame('', (string) ($result['vars']['success'] ?? ''), "$api $page says it saved");
    }

    /** No strict-mode refusal since the test began. */
    private function assertNothingRefused(string $api, string $step): void
    {
        $new = \array_slice($this->world->simulator->violations(), \count($this->before));
        $this->assertSame([], $new, "$api $step: the documented API would refuse");
    }

    /** @dataProvider apis */
    public function testEveryRegistrarFunctionWorks(string $api): void
    {
        // Not cleared: Support\Simulator::finish fails the run on every violation of every test.
        $this->before = $this->world->simulator->violations();
        $this->world->useApi($api, ['SyncSource' => 'Each domain', 'DNSSEC' => 'on', 'WhoisOutput' => 'on', 'ERRP' => 'on', 'WebApps' => 'on']);

        $name = World::unique('com');
        $id = $this->world->domain($name);
        $this->assertSame(['success' => true], $this->ok($api, 'RegisterDomain', $id));
        $this->assertNothingRefused($api, 'registration');

        $ns = $this->ok($api, 'GetNameservers', $id);
        $this->assertNotSame('', $ns['ns1'] ?? '', "$api GetNameservers");
        $this->ok($api, 'SaveNameservers', $id, ['ns1' => 'ns1.example.net', 'ns2' => 'ns2.example.net']);
        $this->assertSame('ns1.example.net', $this->ok($api, 'GetNameservers', $id)['ns1'] ?? '', "$api nameservers saved");

        $this->ok($api, 'SaveRegistrarLock', $id, ['lockenabled' => 'unlocked']);
        $this->assertSame('unlocked', $this->ok($api, 'GetRegistrarLock', $id), "$api lock lifted");
        $this->ok($api, 'SaveRegistrarLock', $id, ['lockenabled' => 'locked']);
        $this->assertSame('locked', $this->ok($api, 'GetRegistrarLock', $id), "$api lock set");

        $this->assertNotSame('', $this->ok($api, 'GetEPPCode', $id)['eppcode'] ?? '', "$api auth code");
        $this->assertTrue($this->ok($api, 'Sync', $id)['active'] ?? false, "$api Sync");

        $details = $this->ok($api, 'GetContactDetails', $id);
        $moved = ['Address 1' => '7 Flavour Street'] + $details['Registrant'];
        $this->ok($api, 'SaveContactDetails', $id, ['contactdetails' => ['Registrant' => $moved]]);
        $this->assertSame('7 Flavour Street', $this->ok($api, 'GetContactDetails', $id)['Registrant']['Address 1'], "$api contact saved");

        $this->ok($api, 'RegisterNameserver', $id, ['nameserver' => "ns1.$name", 'ipaddress' => '192.0.2.10']);
        $this->ok($api, 'ModifyNameserver', $id, ['nameserver' => "ns1.$name", 'currentipaddress' => '192.0.2.10', 'newipaddress' => '192.0.2.11']);
        $this->ok($api, 'DeleteNameserver', $id, ['nameserver' => "ns1.$name"]);

        $this->ok($api, 'IDProtectToggle', $id, ['protectenable' => true]);
        $info = $this->ok($api, 'GetDomainInformation', $id);
        $this->assertInstanceOf(\WHMCS\Domain\Registrar\Domain::class, $info);
        $this->assertTrue($info->getIdProtectionStatus(), "$api ID protection on");
        $this->ok($api, 'IDProtectToggle', $id, ['protectenable' => false]);
        // Nothing pending after a registration: a plain refusal (IrtpTest covers a pending one).
        $this->called[] = 'ResendIRTPVerificationEmail';
        $this->assertSame(['error' => "No registrant verification is pending for $name."], $this->world->call('ResendIRTPVerificationEmail', $id));
        $this->ok($api, 'RenewDomain', $id);

        $this->ok($api, 'GetDNS', $id);
        $this->ok($api, 'SaveDNS', $id, ['dnsrecords' => [['hostname' => 'www', 'type' => 'A', 'address' => '192.0.2.80', 'priority' => '']]]);
        $this->assertContains('192.0.2.80', array_column($this->ok($api, 'GetDNS', $id), 'address'), "$api DNS saved");
        $this->ok($api, 'SaveEmailForwarding', $id, ['prefix' => ['info'], 'forwardto' => ['owner@example.org']]);
        $this->assertContains('owner@example.org', array_column($this->ok($api, 'GetEmailForwarding', $id), 'forwardto'), "$api forwarding saved");

        $this->assertNotSame([], $this->ok($api, 'ClientAreaCustomButtonArray', $id), "$api client-area buttons");
        foreach (['dnssec', 'whoisoutput', 'errp', 'webapps'] as $page) {
            $this->assertArrayHasKey('templatefile', $this->ok($api, $page, $id), "$api $page");
        }
        // ISPAPI takes DS records, CNR DNSKEY records (ClientAreaTest).
        [$kind, $record] = $api === 'CNR' ? ['keys', self::KEY] : ['ds', self::DS];
        $this->posted($api, 'dnssec', $id, [$kind === 'keys' ? 'key' : 'ds' => ['0' => $record]] + ['ds' => [], 'key' => [], 'maxsiglife' => '']);
        $this->assertSame([$record], $this->ok($api, 'dnssec', $id)['vars'][$kind], "$api DNSSEC record saved");
        // Web Apps write into the zone SaveDNS made above (CNR: ModifyDNSZone, ISPAPI: UpdateDNSZone).
        $this->posted($api, 'webapps', $id, ['app' => 'google-workspace', 'action' => 'connect']);
        $this->assertSame('connected', $this->ok($api, 'webapps', $id)['vars']['apps'][0]['state'], "$api web app connected");
        $this->assertContains('192.0.2.80', array_column($this->ok($api, 'GetDNS', $id), 'address'), "$api zone kept");
        $this->posted($api, 'webapps', $id, ['app' => 'google-workspace', 'action' => 'disconnect']);
        $this->assertSame('not connected', $this->ok($api, 'webapps', $id)['vars']['apps'][0]['state'], "$api web app disconnected");
        $this->posted($api, 'whoisoutput', $id, ['fields' => ['X-WHOIS-URL' => 'https://reseller.example']]);
        $this->posted($api, 'errp', $id, ['fields' => ['X-ERRP-EMAIL' => 'help@reseller.example']]);
        // A registry's own WHOIS privacy: CIRA's, for a Canadian citizen.
        $ca = $this->world->domain(World::unique('ca'));
        \Harness\Seed::additionalField($ca, 'Legal Type', 'CCT');
        \Harness\Seed::additionalField($ca, 'Contact Language', 'EN');
        $this->ok($api, 'RegisterDomain', $ca);
        if ($api === 'CNR') {
            // CNR's StatusDomain documents no .ca disclosure or legal type (its KB page; the
            // strict simulator drops them): no registry privacy page there, CNR's own service.
            $this->called[] = 'whoisprivacy';
            $page = $this->world->call('whoisprivacy', $ca)['vars'];
            $this->assertStringContainsString('has no WHOIS privacy service of its own', (string) ($page['error'] ?? ''), "$api .ca: no registry privacy page");
            $this->assertFalse($page['protectable'], "$api .ca: not protectable");
        } else {
            $this->assertTrue($this->ok($api, 'whoisprivacy', $ca)['vars']['protectable'], "$api .ca privacy offered");
            $this->posted($api, 'whoisprivacy', $ca, ['protect' => '0']);
            $this->assertFalse($this->ok($api, 'whoisprivacy', $ca)['vars']['protected'], "$api .ca disclosed");
        }
        $this->assertSame(['Suspend' => 'SuspendDomain', 'Unsuspend' => 'UnsuspendDomain'], $this->ok($api, 'AdminCustomButtonArray', $id));
        $this->ok($api, 'AdminDomainsTabFields', $id);
        $this->ok($api, 'SuspendDomain', $id);
        $this->ok($api, 'UnsuspendDomain', $id);
        $this->ok($api, 'ReleaseDomain', $id, ['transfertag' => 'OTHER-TAG']);
        $this->assertNothingRefused($api, 'managing a domain');

        $gone = $this->world->domain(World::unique('net'));
        $this->ok($api, 'RegisterDomain', $gone);
        $this->ok($api, 'RequestDelete', $gone);

        // A transfer from another registrar (the simulator's `taken-` names), pending until the
        // losing registrar lets it go; then one more, cancelled.
        $transfer = $this->world->domain('taken-' . World::unique('com'), ['type' => 'Transfer', 'status' => 'Pending Transfer']);
        $this->assertSame(['success' => true], $this->ok($api, 'TransferDomain', $transfer, ['eppcode' => 'taken-AUTH-1']));
        $this->assertSame([], $this->ok($api, 'TransferSync', $transfer), "$api transfer still pending");
        $this->ok($api, 'ResendTransferApproval', $transfer);
        $cancelled = $this->world->domain('taken-' . World::unique('com'), ['type' => 'Transfer', 'status' => 'Pending Transfer']);
        $this->ok($api, 'TransferDomain', $cancelled, ['eppcode' => 'taken-AUTH-1']);
        $this->ok($api, 'CancelTransfer', $cancelled);
        $this->assertNothingRefused($api, 'transfers');

        // The lookups and the TLD sync (per account, not per domain).
        $this->called[] = 'CheckAvailability';
        $found = Whmcs::callRegistrar('CheckAvailability', Params::forLookup('flavour' . getmypid(), ['.com', '.net'], 'ispapi'));
        $this->assertInstanceOf(\WHMCS\Domains\DomainLookup\ResultsList::class, $found, "$api CheckAvailability: " . json_encode($found));
        $this->assertCount(2, iterator_to_array($found), "$api CheckAvailability");
        $this->called[] = 'GetDomainSuggestions';
        $suggested = Whmcs::callRegistrar('GetDomainSuggestions', Params::forLookup('coffee', ['.com', '.net'], 'ispapi', ['suggestionSettings' => ['suggestions' => 'on']]));
        $this->assertInstanceOf(\WHMCS\Domains\DomainLookup\ResultsList::class, $suggested, "$api GetDomainSuggestions: " . json_encode($suggested));
        $this->called[] = 'DomainSuggestionOptions';
        $this->assertIsArray(Whmcs::callRegistrar('DomainSuggestionOptions', Registrars::settings('ispapi'), 'ispapi'));
        $premium = $this->world->domain('gold.ai');
        $this->assertArrayHasKey('register', $this->ok($api, 'GetPremiumPrice', $premium), "$api premium price");
        $this->called[] = 'GetTldPricing';
        $items = Whmcs::callRegistrar('GetTldPricing', Registrars::settings('ispapi'), 'ispapi');
        $this->assertIsObject($items, "$api GetTldPricing: " . json_encode($items));
        $this->assertNothingRefused($api, 'lookups and the TLD sync');

        $this->assertFunctionsCovered();
    }

    /** The steps above call every action the module defines: a new one cannot go untested here. */
    private function assertFunctionsCovered(): void
    {
        $source = (string) file_get_contents(\dirname(__DIR__) . '/modules/registrars/ispapi/ispapi.php');
        preg_match_all('/^function ispapi_(\w+)\(/m', $source, $m);
        $actions = array_values(array_diff($m[1], self::NOT_ACTIONS));
        $this->assertSame([], array_values(array_diff($actions, $this->called)), 'module functions this test does not call');
    }
}
