<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ApiClient;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * The "High performance" setting: one API session (and one kept-alive connection) for all the
 * commands of a PHP process, instead of sending the password with each; a session the API
 * ended is replaced without losing the command; sessions are closed at the end.
 */
final class SessionTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        ApiClient::closeSessions();
        $this->world->simulator->control(['reset' => true]);
    }

    protected function tearDown(): void
    {
        ApiClient::closeSessions();
        $this->world->useApi('ISPAPI');
    }

    private function passwordLogins(): int
    {
        return (int) $this->world->simulator->control(['clear_log' => false])['password_logins'];
    }

    /** @return list<string> */
    private function received(): array
    {
        return $this->world->simulator->received();
    }

    /** @return list<string> */
    public static function apis(): array
    {
        return [['ISPAPI'], ['CNR']];
    }

    /** @dataProvider apis */
    public function testOneLoginServesEveryCommandOfTheProcess(string $api): void
    {
        $this->world->useApi($api, ['PersistentSession' => 'on']);
        $before = $this->passwordLogins();
        $id = $this->world->domain(World::unique('com'));
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $this->assertSame('locked', $this->world->call('GetRegistrarLock', $id));
        $this->assertArrayHasKey('ns1', $this->world->call('GetNameservers', $id));
        $this->assertSame(['success' => true], $this->world->call('SaveRegistrarLock', $id, ['lockenabled' => 'unlocked']));
        $this->assertSame(1, $this->passwordLogins() - $before, 'only the session login carries the password');
        // The session id is a credential: masked in the module log like the password.
        $login = Capsule::table('tblmodulelog')->where('action', 'StartSession')->orderBy('id', 'desc')->value('response');
        $this->assertMatchesRegularExpression('/property\[SESSION(ID)?\]\[0\] = \*\*\*/i', (string) $login);
        $log = Capsule::table('tblmodulelog')->orderBy('id', 'desc')->limit(20)->get(['request', 'response'])
            ->map(static fn ($r): string => $r->request . "\n" . $r->response)->implode("\n");
        $this->assertDoesNotMatchRegularExpression('/SESSION(ID)?\]\[0\] = (?!\*\*\*)/i', $log);
    }

    /** @dataProvider apis */
    public function testASessionTheApiEndedIsReplacedAndTheCommandStillRunsOnce(string $api): void
    {
        $this->world->useApi($api, ['PersistentSession' => 'on']);
        $id = $this->world->domain(World::unique('net'));
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $this->world->simulator->control(['expire_sessions' => true, 'clear_log' => true]);
        $before = $this->passwordLogins();
        // The first command under the dead session is refused with 530 and sent again after a
        // new login: on ISPAPI the charging RenewDomain itself; on CNR the StatusDomain that
        // reads the paid-until year RenewDomain names, and then RenewDomain runs once.
        $this->assertSame(['success' => true], $this->world->call('RenewDomain', $id));
        $received = $this->received();
        // The commands themselves, without the new login between them.
        $names = array_values(array_filter(
            array_map(static fn (string $c): string => explode("\n", $c)[0], $received),
            static fn (string $n): bool => str_starts_with($n, 'COMMAND=') && $n !== 'COMMAND=StartSession'
        ));
        $this->assertSame($names[0] ?? null, $names[1] ?? null, implode("\n---\n", $received));
        $renewals = array_filter($received, static fn (string $c): bool => str_starts_with($c, 'COMMAND=RenewDomain'));
        $this->assertCount($api === 'CNR' ? 1 : 2, $renewals, implode("\n---\n", $received));
        $this->assertSame(1, $this->passwordLogins() - $before);
        $this->assertSame('locked', $this->world->call('GetRegistrarLock', $id));
        $this->assertSame(1, $this->passwordLogins() - $before);
    }

    public function testClosingEndsTheSessionAtTheApi(): void
    {
        $this->world->useApi('ISPAPI', ['PersistentSession' => 'on']);
        $id = $this->world->domain(World::unique('org'));
        $this->world->call('RegisterDomain', $id);
        $this->world->simulator->control(['clear_log' => true]);
        ApiClient::closeSessions();
        $this->assertSame(["COMMAND=EndSession"], $this->received());
        $before = $this->passwordLogins();
        $this->world->call('GetRegistrarLock', $id);
        $this->assertSame(1, $this->passwordLogins() - $before, 'a new session after the old one ended');
    }

    public function testWithoutTheSettingEveryCommandLogsIn(): void
    {
        $this->world->useApi('ISPAPI');
        $before = $this->passwordLogins();
        $id = $this->world->domain(World::unique('com'));
        $this->world->call('RegisterDomain', $id);
        $this->world->call('GetRegistrarLock', $id);
        $this->assertSame(\count($this->received()), $this->passwordLogins() - $before);
        $this->assertNotContains('COMMAND=StartSession', $this->received());
    }

    public function testAWrongPasswordIsStillAClearErrorWithTheSetting(): void
    {
        $this->world->useApi('ISPAPI', ['PersistentSession' => 'on', 'Password' => 'not-the-password']);
        $id = $this->world->domain(World::unique('com'));
        $result = $this->world->call('GetRegistrarLock', $id);
        $this->assertStringContainsString('530', $result['error'] ?? '', json_encode($result));
    }
}
