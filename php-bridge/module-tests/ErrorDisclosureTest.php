<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * What a failure shows: a client sees one generic sentence, never a server path or SQL; the
 * details go to the activity log (and the module log while it is on) for the admin. Results for
 * the admin keep the technical text, without absolute server paths or SQL.
 */
final class ErrorDisclosureTest extends TestCase
{
    private const GENERIC = 'The request could not be completed; the details are in the module log.';
    private const MISSING_WASM = '/nonexistent-ispapi-dir/ispapi_core.wasm';

    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI', ['DNSSEC' => 'on']);
    }

    protected function tearDown(): void
    {
        $this->world->useApi('ISPAPI');
    }

    /**
     * Runs Support/page.php: one registrar function in a PHP process of its own.
     *
     * @param list<string> $flags
     * @param array<string, string> $ini
     * @return mixed the function's result
     */
    private function runInOwnProcess(string $function, int $domainId, array $flags = [], array $ini = []): mixed
    {
        $command = [PHP_BINARY, '-d', 'extension=' . \dirname(__DIR__, 2) . '/target/release/libispapi_core_php.so'];
        foreach ($ini as $name => $value) {
            array_push($command, '-d', "$name=$value");
        }
        $command = array_merge($command, [__DIR__ . '/Support/page.php', "{$this->world->dir}/whmcs", $function, (string) $domainId], $flags);
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        $this->assertSame(0, proc_close($process), "page.php $function failed: $out $err");
        return json_decode($out, true, 512, JSON_THROW_ON_ERROR);
    }

    private function assertNothingTechnical(string $shown): void
    {
        $this->assertStringNotContainsString('/', $shown, 'no server path');
        $this->assertStringNotContainsString('SQL:', $shown, 'no SQL');
        $this->assertStringNotContainsStringIgnoringCase('select ', $shown, 'no SQL');
    }

    public function testAClientAreaPageWithoutAUsableCoreShowsTheClientNoPath(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $before = (int) Capsule::table('tblactivitylog')->max('id');
        $page = $this->runInOwnProcess('dnssec', $id, [], ['ispapi_core.wasm_path' => self::MISSING_WASM]);
        $this->assertSame('templates/error', $page['templatefile'] ?? null, json_encode($page));
        $this->assertSame(self::GENERIC, $page['vars']['error']);
        $this->assertNothingTechnical(json_encode($page['vars'], JSON_UNESCAPED_SLASHES));

        $logged = Capsule::table('tblactivitylog')->where('id', '>', $before)->pluck('description')->implode("\n");
        $this->assertStringContainsString(self::MISSING_WASM, $logged, 'the admin finds the details in the activity log');
    }

    public function testAClientAreaPageWhoseDatabaseQueryFailsShowsTheClientNoSql(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $page = $this->runInOwnProcess('dnssec', $id, ['--no-settings-table']);
        $this->assertSame('templates/error', $page['templatefile'] ?? null, json_encode($page));
        $this->assertSame(self::GENERIC, $page['vars']['error']);
        $this->assertNothingTechnical(json_encode($page['vars'], JSON_UNESCAPED_SLASHES));
    }

    public function testARegistrarFunctionInTheClientAreaShowsTheGenericSentence(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $result = $this->runInOwnProcess('GetNameservers', $id, ['--client-area'], ['ispapi_core.wasm_path' => self::MISSING_WASM]);
        $this->assertSame(['error' => self::GENERIC], $result);
    }

    public function testTheAdminSeesWhatFailedButNoServerPathOrSql(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $error = $this->runInOwnProcess('GetNameservers', $id, [], ['ispapi_core.wasm_path' => self::MISSING_WASM])['error'] ?? '';
        $this->assertStringContainsString('ispapi_core.wasm', $error, 'which file is missing');
        $this->assertStringContainsString('activity log', $error);
        $this->assertNothingTechnical($error);

        $error = $this->runInOwnProcess('GetNameservers', $id, ['--no-settings-table'])['error'] ?? '';
        $this->assertStringContainsString('no such table', $error, 'what failed');
        $this->assertNothingTechnical($error);
    }
}
