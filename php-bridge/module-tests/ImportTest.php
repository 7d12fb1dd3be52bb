<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\DomainImport;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * Importing the API account's domains with the CLI an admin runs from the WHMCS root, against
 * the simulator's demo account (a few hundred domains, a few of them ID-protected).
 */
final class ImportTest extends TestCase
{
    /** @return array{exit: int, out: string} */
    private function import(World $world, string ...$args): array
    {
        $command = array_merge([PHP_BINARY, '-d', 'extension=' . \dirname(__DIR__, 2) . '/target/release/libispapi_core_php.so',
            'modules/registrars/ispapi/import.php'], $args);
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, "$world->dir/whmcs");
        $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        return ['exit' => proc_close($process), 'out' => $out];
    }

    /** @return array{int, int, int} imported, skipped, failed from the summary line */
    private static function counts(string $out): array
    {
        self::assertMatchesRegularExpression('/(?:Imported|Would import) (\d+) domain.*; (\d+) skipped.*; (\d+) failed/', $out);
        preg_match('/(?:Imported|Would import) (\d+) domain.*; (\d+) skipped.*; (\d+) failed/', $out, $m);
        return [(int) $m[1], (int) $m[2], (int) $m[3]];
    }

    private static function snapshot(): array
    {
        return [Capsule::table('tbldomains')->count(), Capsule::table('tblclients')->count(),
            Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->count()];
    }

    public function testTheAccountsDomainsAreImportedOnceWithTheirOwnersAndIdProtection(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        // A domain of the test client at the registrar that WHMCS has lost: it must come back to
        // that client, matched by the registrant's e-mail address.
        $lost = World::unique('com');
        $id = $world->domain($lost);
        $this->assertSame(['success' => true], $world->call('RegisterDomain', $id));
        Capsule::table('tbldomains')->where('id', $id)->delete();
        \Harness\Seed::tld('.de', ['USD' => ['register' => [1 => 5.00], 'renew' => [1 => 6.50]]]);

        $before = self::snapshot();
        $dry = $this->import($world, '--batch=40');
        $this->assertContains($dry['exit'], [0, 2], $dry['out']);
        $this->assertStringContainsString('Dry run', $dry['out']);
        $this->assertSame($before, self::snapshot(), 'a dry run changes nothing');
        [$wouldImport] = self::counts($dry['out']);
        $this->assertGreaterThan(200, $wouldImport, $dry['out']);
        $this->assertGreaterThan(3, substr_count($dry['out'], ' domains read: '), 'a progress line per page');

        $run = $this->import($world, '--apply', '--batch=40');
        $this->assertContains($run['exit'], [0, 2], $run['out']);
        [$imported, $skipped, $failed] = self::counts($run['out']);
        $this->assertSame($wouldImport, $imported, $run['out']);
        $this->assertSame($before[0] + $imported, Capsule::table('tbldomains')->count());
        $this->assertSame(0, Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->count(), 'a finished run leaves no cursor');

        $row = Capsule::table('tbldomains')->where('domain', $lost)->first();
        $this->assertNotNull($row, $run['out']);
        $this->assertSame($world->clientId, (int) $row->userid);
        $this->assertSame('ispapi', $row->registrar);
        $this->assertSame('Active', $row->status);
        $this->assertNotSame('0000-00-00', (string) $row->expirydate);
        $this->assertSame((string) $row->expirydate, (string) $row->nextduedate);

        $rows = Capsule::table('tbldomains')->where('additionalnotes', 'Imported from the ISPAPI account.');
        $this->assertGreaterThan(10, (clone $rows)->where('idprotection', 1)->count(), 'ID protection is carried over');
        $this->assertGreaterThan(0, (clone $rows)->where('idprotection', 0)->count());
        $de = (clone $rows)->where('domain', 'like', '%.de')->first();
        $this->assertEqualsWithDelta(6.50, (float) $de->recurringamount, 0.001, 'the TLD renewal price is invoiced');
        $this->assertNotNull(Capsule::table('tbldomains')->where('domain', 'münchen.de')->first(), 'IDNs are stored in Unicode');
        $owner = Capsule::table('tblclients')->where('id', $de->userid)->first();
        $this->assertNotSame('', (string) $owner->email);
        $this->assertNotSame('', (string) $owner->country);
        // One client per registrant e-mail: none is created twice.
        $this->assertSame(
            Capsule::table('tblclients')->count(),
            Capsule::table('tblclients')->distinct()->count(Capsule::raw('LOWER(email)'))
        );

        $again = $this->import($world, '--apply', '--batch=40');
        [$reImported, $reSkipped] = self::counts($again['out']);
        $this->assertSame(0, $reImported, $again['out']);
        $this->assertSame($skipped + $imported, $reSkipped, $again['out']);
        $this->assertSame($before[0] + $imported, Capsule::table('tbldomains')->count(), 'a re-run imports nothing twice');
    }

    public function testAnInterruptedRunContinuesAtItsCursor(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        Capsule::table('tbltransientdata')->insert(['name' => DomainImport::CURSOR, 'data' => '200', 'expires' => time() + 60]);
        $run = $this->import($world, '--apply', '--batch=40');
        $this->assertContains($run['exit'], [0, 2], $run['out']);
        preg_match('/^(\d+) of (\d+) domains read/m', $run['out'], $m);
        $this->assertSame('240', $m[1] ?? null, 'the first page starts at the saved position: ' . $run['out']);
        $this->assertSame(0, Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->count());
    }

    public function testAFailingApiStopsTheRunAndKeepsTheCursor(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $world->simulator->control(['fault' => 'auth_530', 'command' => 'QueryDomainList', 'after' => 1, 'times' => 5]);
        try {
            $run = $this->import($world, '--apply', '--batch=40');
        } finally {
            $world->simulator->control(['reset' => true]);
        }
        $this->assertSame(1, $run['exit'], $run['out']);
        $this->assertStringContainsString('run the same command again to continue', $run['out']);
        $this->assertSame('40', (string) Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->value('data'));
        Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->delete();
    }
}
