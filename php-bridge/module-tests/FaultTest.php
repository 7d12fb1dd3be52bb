<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * The simulator's faults against every registrar function: each either succeeds once or says
 * clearly that it failed; a charging command is never sent twice; nothing waits for ever.
 */
final class FaultTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    /** @return array<string, array{0: string, 1: string}> fault × charging command */
    public static function faultsOnChargingCommands(): array
    {
        $cases = [];
        foreach (['temporary_421', 'close', 'truncated', 'html', 'http_500', 'insufficient_funds'] as $fault) {
            foreach (['RegisterDomain' => 'AddDomain', 'RenewDomain' => 'RenewDomain', 'TransferDomain' => 'TransferDomain'] as $function => $command) {
                $cases["$fault on $command"] = [$fault, $function, $command];
            }
        }
        return $cases;
    }

    private function sent(string $command): int
    {
        return \count(array_filter($this->world->simulator->received(), static fn ($t) => str_starts_with($t, "COMMAND=$command\n")));
    }

    /** @dataProvider faultsOnChargingCommands */
    public function testAChargingCommandIsSentOnceAndAFailureIsSaidPlainly(string $fault, string $function, string $command): void
    {
        $name = $function === 'TransferDomain' ? 'taken-' . World::unique('com') : World::unique('com');
        $id = $this->world->domain($name);
        if ($function === 'RenewDomain') {
            $this->world->call('RegisterDomain', $id);
        }
        $this->world->simulator->control(['reset' => true]);
        $this->world->simulator->control(['fault' => $fault, 'times' => 1, 'command' => $command]);
        $extra = $function === 'TransferDomain' ? ['eppcode' => 'taken-AUTH-1'] : [];
        $started = microtime(true);
        $result = $this->world->call($function, $id, $extra);
        $this->assertLessThan(30, microtime(true) - $started, 'bounded time');
        if ($fault === 'temporary_421') {
            // 421: the API did not carry it out, so sending it again is safe; it goes through once.
            $this->assertSame(2, $this->sent($command));
            $this->assertSame(['success' => true], $result);
        } else {
            $this->assertSame(1, $this->sent($command), "$command sent once");
            $this->assertArrayHasKey('error', $result, json_encode($result));
            $this->assertMatchesRegularExpression('/failed: \d{3} /', $result['error']);
        }
    }

    /** @return array<string, array{0: string}> */
    public static function readOnlyFunctions(): array
    {
        return ['GetNameservers' => ['GetNameservers'], 'GetRegistrarLock' => ['GetRegistrarLock'],
            'GetEPPCode' => ['GetEPPCode'], 'Sync' => ['Sync'], 'GetContactDetails' => ['GetContactDetails'],
            'GetDomainInformation' => ['GetDomainInformation']];
    }

    /** @dataProvider readOnlyFunctions */
    public function testReadOnlyFunctionsRideOutTransientFaults(string $function): void
    {
        // Sync from the domain list may settle the domain without a StatusDomain
        // (SyncSnapshotTest); the faults here are StatusDomain's.
        $this->world->useApi('ISPAPI', ['SyncSource' => 'Each domain']);
        $id = $this->world->domain(World::unique('com'));
        $this->world->call('RegisterDomain', $id);
        foreach (['temporary_421', 'close', 'html', 'http_500'] as $fault) {
            $this->world->simulator->control(['reset' => true]);
            $this->world->simulator->control(['fault' => $fault, 'times' => 1, 'command' => 'StatusDomain']);
            $result = $this->world->call($function, $id);
            $this->assertFalse(\is_array($result) && isset($result['error']), "$function after $fault: " . json_encode($result));
        }
        // A fault that does not pass is reported, not hidden.
        $this->world->simulator->control(['reset' => true]);
        $this->world->simulator->control(['fault' => 'temporary_421', 'times' => 5, 'command' => 'StatusDomain']);
        try {
            $result = $this->world->call($function, $id);
        } catch (\Exception $e) {
            // GetDomainInformation reports an error by throwing, as WHMCS documents.
            $result = ['error' => $e->getMessage()];
        }
        $this->assertStringContainsString('421', \is_array($result) ? ($result['error'] ?? '') : '', json_encode($result));
        $this->assertSame(3, $this->sent('StatusDomain'), 'three attempts in all');
    }
}
