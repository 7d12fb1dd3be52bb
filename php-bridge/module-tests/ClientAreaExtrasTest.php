<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * What the module adds around WHMCS's own client area (issue #20 item 13): the admin's custom
 * hooks file, the registrar-lock menu entry hidden where the registry has no lock, the domain's
 * private nameservers listed, and the lookup provider's logo.
 */
final class ClientAreaExtrasTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['clear_log' => true]);
        // WHMCS loads the active modules' hooks.php on every request (here once per process).
        if (!\Harness\Hooks::has('ClientAreaPrimarySidebar')) {
            \Harness\Runtime::current()->loadHooks();
        }
    }

    /** @return list<string> the names in the domain's "Domain Details Management" panel */
    private function menu(int $domainId): array
    {
        $panel = \Harness\ClientArea::domainSidebar($domainId)->getChild('Domain Details Management');
        return array_map(static fn ($item): string => $item->getName(), $panel->getChildren());
    }

    /** Seed: "Automatic Registrar Lock"; the original hid WHMCS's lock page where the TLD has none. */
    public function testTheRegistrarLockMenuIsHiddenWhereTheRegistryHasNoLock(): void
    {
        $de = $this->world->domain(World::unique('de'));
        $this->assertNotContains('Registrar Lock Status', $this->menu($de));
        $this->assertContains('Manage Private Nameservers', $this->menu($de), 'only the lock entry goes');

        $com = $this->world->domain(World::unique('com'));
        $this->assertContains('Registrar Lock Status', $this->menu($com));

        $this->world->simulator->control(['clear_log' => true]);
        $other = $this->world->domain(World::unique('de'), ['registrar' => 'othermodule']);
        $this->assertContains('Registrar Lock Status', $this->menu($other), "another registrar's domain is left alone");
        $this->assertSame([], $this->world->simulator->received(), 'and costs no API call');
    }

    /**
     * Issue #18 item 7: CNR has no QueryDomainRepositoryInfo and its module never hides the lock
     * entry, so on CNR it stays, without an API call.
     */
    public function testOnCnrTheRegistrarLockMenuStaysWithoutAnApiCall(): void
    {
        $this->world->useApi('CNR');
        $de = $this->world->domain(World::unique('de'));
        $this->world->simulator->control(['clear_log' => true]);
        $this->assertContains('Registrar Lock Status', $this->menu($de));
        $this->assertSame([], $this->world->simulator->received());
    }

    /** Seed: "WHMCS is nowhere listing already existing private nameservers … our ISPAPI Registrar Module is injecting" the list. */
    public function testThePrivateNameserversPageListsTheDomainsNameservers(): void
    {
        $name = World::unique('com');
        $id = $this->world->domain($name);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $this->assertStringContainsString('No private nameservers are registered', \Harness\ClientArea::registerNameserversPage($id));

        foreach (['ns1' => '192.0.2.10', 'ns2' => '198.51.100.20'] as $label => $ip) {
            $this->assertSame(['success' => true], $this->world->call('RegisterNameserver', $id, ['nameserver' => "$label.$name", 'ipaddress' => $ip]));
        }
        $page = \Harness\ClientArea::registerNameserversPage($id);
        $this->assertStringContainsString("<tr><td>ns1.$name</td><td>192.0.2.10</td></tr>", $page);
        $this->assertStringContainsString("<tr><td>ns2.$name</td><td>198.51.100.20</td></tr>", $page);
        $this->assertStringContainsString('id="ispapi-private-nameservers"', $page);
    }

    /**
     * Issue #18: on CNR no source lists a domain's hosts (its StatusDomain has no HOST), so the
     * list holds the nameservers the domain uses under its own name, with StatusNameserver's
     * addresses (kb api-command/StatusNameserver); a host it does not use is not listed.
     */
    public function testOnCnrThePrivateNameserversPageListsTheHostsTheDomainUses(): void
    {
        $this->world->useApi('CNR');
        $name = World::unique('com');
        $id = $this->world->domain($name);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        foreach (['ns1' => '192.0.2.11', 'ns2' => '198.51.100.21'] as $label => $ip) {
            $this->assertSame(['success' => true], $this->world->call('RegisterNameserver', $id, ['nameserver' => "$label.$name", 'ipaddress' => $ip]));
        }
        $this->assertStringContainsString('No private nameservers are registered', \Harness\ClientArea::registerNameserversPage($id));

        $this->assertSame(['success' => true], $this->world->call('SaveNameservers', $id, ['ns1' => "ns1.$name", 'ns2' => 'ns2.example.net']));
        $page = \Harness\ClientArea::registerNameserversPage($id);
        $this->assertStringContainsString("<tr><td>ns1.$name</td><td>192.0.2.11</td></tr>", $page);
        $this->assertStringNotContainsString("ns2.$name", $page);
        $this->assertStringNotContainsString('ns2.example.net', $page);
        $this->assertContains('StatusNameserver', $this->world->simulator->receivedCommands());
    }

    /**
     * Runs a hook point in a new PHP process that boots the root as WHMCS boots each request
     * (init.php loads the active modules' hooks.php), and returns what the hooks answered.
     *
     * @return list<mixed>
     */
    private function hookInFreshRequest(string $hookPoint): array
    {
        $root = $this->world->dir . '/whmcs';
        $code = 'require ' . var_export("$root/init.php", true) . ';'
            . 'echo json_encode(\Harness\Hooks::run(' . var_export($hookPoint, true) . ', []));';
        exec(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($code) . ' 2>&1', $out, $status);
        $this->assertSame(0, $status, implode("\n", $out));
        return json_decode(implode("\n", $out), true, 512, JSON_THROW_ON_ERROR);
    }

    /** Seed: "Hooks: With v16.10.0 we've added a possibility for injecting custom hook logics … resources/hooks_ispapi_custom.php". */
    public function testTheAdminsCustomHooksFileIsLoadedWithTheModulesHooks(): void
    {
        $file = $this->world->dir . '/whmcs/resources/hooks_ispapi_custom.php';
        @mkdir(\dirname($file), 0777, true);
        $this->assertSame([], $this->hookInFreshRequest('ClientAreaPage'), 'no custom file, no custom hook');
        file_put_contents($file, "<?php\nadd_hook('ClientAreaPage', 1, function (\$vars) { return ['customGreeting' => 'from the admin'];});\n");
        try {
            $this->assertSame([['customGreeting' => 'from the admin']], $this->hookInFreshRequest('ClientAreaPage'));
        } finally {
            unlink($file);
        }
    }

    /** Seed: 'choose "HEXONET" (The one with the logo HEXONET ISPAPI) in the lookup provider suggestions'. */
    public function testTheLookupProviderListShowsTheModulesLogo(): void
    {
        $ours = array_values(array_filter(\Harness\LookupProviders::all(), static fn (array $p): bool => $p['module'] === 'ispapi'));
        $this->assertCount(1, $ours);
        $this->assertSame('ISPAPI / CentralNic Reseller', $ours[0]['name']);
        $this->assertSame('modules/registrars/ispapi/logo.png', $ours[0]['logo']);
        $size = getimagesize($this->world->dir . '/whmcs/' . $ours[0]['logo']);
        $this->assertSame(IMAGETYPE_PNG, $size[2]);
        $this->assertLessThanOrEqual(500, $size[0]);
    }
}
