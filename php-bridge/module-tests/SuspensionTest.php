<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * The seed's "Suspend after Expiration" (a domain whose renewal is late is suspended at the
 * registry) and the admin's Suspend / Unsuspend buttons (Client Profile > Domains), against the
 * strict simulator: the hold is the registry's clientHold status, read back with StatusDomain.
 */
final class SuspensionTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    protected function tearDown(): void
    {
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    /** @return list<string> the domain's STATUS at the simulator, asked directly */
    private function registryStatus(string $domain): array
    {
        $curl = curl_init($this->world->simulator->ispapiUrl());
        curl_setopt_array($curl, [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_POSTFIELDS => http_build_query([
                's_entity' => '1234',
                's_login' => $this->world->account['login'],
                's_pw' => $this->world->account['password'],
                's_command' => "COMMAND=StatusDomain\nDOMAIN=$domain",
            ]),
        ]);
        $reply = (string) curl_exec($curl);
        curl_close($curl);
        $this->assertStringContainsString('code = 200', strtolower($reply), $reply);
        preg_match_all('/^property\[STATUS\]\[\d+\]\s*=\s*(.*)$/mi', $reply, $m);
        return array_map('trim', $m[1]);
    }

    public function testTheAdminSuspendsAndUnsuspendsAtTheRegistry(): void
    {
        $name = World::unique('com');
        $id = $this->world->domain($name, ['status' => 'Active']);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $this->assertSame(
            ['Suspend' => 'SuspendDomain', 'Unsuspend' => 'UnsuspendDomain'],
            $this->world->call('AdminCustomButtonArray', $id)
        );

        $suspended = $this->world->call('SuspendDomain', $id);
        $this->assertTrue($suspended['success'] ?? false, json_encode($suspended));
        $this->assertContains('clientHold', $this->registryStatus($name));

        $lifted = $this->world->call('UnsuspendDomain', $id);
        $this->assertTrue($lifted['success'] ?? false, json_encode($lifted));
        $this->assertNotContains('clientHold', $this->registryStatus($name));
    }

    public function testSuspendAfterExpirySuspendsAnExpiredDomainAtTheRegistry(): void
    {
        // Registered 400 simulated days ago for one year: expired 35 days ago by today's date.
        $this->world->simulator->control(['advance_days' => -400]);
        $name = World::unique('com');
        $id = $this->world->domain($name, ['status' => 'Active']);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));

        $this->world->useApi('ISPAPI', ['SuspendAfterExpiry' => 'on']);
        $sync = $this->world->call('Sync', $id);
        $this->assertTrue($sync['expired'] ?? false, json_encode($sync));
        $this->assertContains('clientHold', $this->registryStatus($name));

        // The button lifts it, as the seed says.
        $this->world->call('UnsuspendDomain', $id);
        $this->assertNotContains('clientHold', $this->registryStatus($name));
    }

    public function testWithoutTheSettingAnExpiredDomainIsNotSuspended(): void
    {
        $this->world->simulator->control(['advance_days' => -400]);
        $name = World::unique('com');
        $id = $this->world->domain($name, ['status' => 'Active']);
        $this->world->call('RegisterDomain', $id);
        $sync = $this->world->call('Sync', $id);
        $this->assertArrayNotHasKey('error', $sync, json_encode($sync));
        $this->assertNotContains('clientHold', $this->registryStatus($name));
    }
}
