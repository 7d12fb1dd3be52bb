<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Registrars;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * An http:// API URL sends the API password unencrypted: the settings refuse it, and say why,
 * unless the admin ticked "Allow plain HTTP" (a proxy on the same server, or the simulator).
 */
final class PlainHttpTest extends TestCase
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
    }

    public function testAnHttpApiUrlIsRefusedOnSaveUnlessPlainHttpIsAllowed(): void
    {
        $settings = Registrars::settings('ispapi');
        $this->assertStringStartsWith('http://', $settings['ApiUrl'], 'the simulator is a plain-HTTP URL');
        try {
            Registrars::save('ispapi', ['AllowPlainHttp' => ''] + $settings, true);
            $this->fail('an http:// API URL was saved without "Allow plain HTTP"');
        } catch (\WHMCS\Exception\Module\InvalidConfiguration $e) {
            $this->assertStringContainsString('unencrypted', $e->getMessage());
            $this->assertStringContainsString('Allow plain HTTP', $e->getMessage());
        }
        $this->assertSame([], $this->world->simulator->receivedCommands(), 'nothing was sent');
        $this->assertSame($settings, Registrars::settings('ispapi'), 'the old settings are kept');

        Registrars::save('ispapi', ['AllowPlainHttp' => 'on'] + $settings, true);
        $this->assertSame(['StatusAccount'], $this->world->simulator->receivedCommands(), 'the connection check ran');
    }

    public function testARegistrarCallWithAnHttpApiUrlSendsNothingUnlessPlainHttpIsAllowed(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $this->world->useApi('ISPAPI', ['AllowPlainHttp' => '']);
        $result = $this->world->call('GetNameservers', $id);
        $this->assertStringContainsString('unencrypted', $result['error'] ?? '', json_encode($result));
        $this->assertSame([], $this->world->simulator->receivedCommands());

        $this->world->useApi('ISPAPI', ['AllowPlainHttp' => 'on']);
        $this->world->call('GetNameservers', $id);
        $this->assertSame(['StatusDomain'], $this->world->simulator->receivedCommands());
    }

    public function testTheSettingIsOfferedAndAnHttpsUrlNeedsNoTick(): void
    {
        $config = Registrars::configArray('ispapi');
        $this->assertSame('yesno', $config['AllowPlainHttp']['Type'] ?? null);
        $this->assertStringContainsString('unencrypted', $config['AllowPlainHttp']['Description']);

        $id = $this->world->domain(World::unique('com'));
        $this->world->useApi('ISPAPI', ['AllowPlainHttp' => '', 'ApiUrl' => 'https://127.0.0.1:1/api/call.cgi']);
        $result = $this->world->call('GetNameservers', $id);
        $this->assertStringNotContainsString('unencrypted', $result['error'] ?? '', 'an https:// URL is accepted (and then not reachable)');
    }
}
