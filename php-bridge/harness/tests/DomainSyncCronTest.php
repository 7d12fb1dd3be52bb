<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\DomainSyncCron;
use Harness\Hooks;
use Harness\Seed;
use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

/** The domain sync cron as developer-docs domain-syncing.md describes it (DomainSyncCron's sources). */
final class DomainSyncCronTest extends HarnessTestCase
{
    private int $client;

    protected function setUp(): void
    {
        parent::setUp();
        Seed::registrar('syncregistrar', ['Username' => 'x']);
        $this->client = Seed::client();
        $GLOBALS['syncregistrar'] = ['calls' => [], 'answers' => []];
        Setting::setValue('DomainSyncEnabled', 'on');
        Hooks::reset();
    }

    private function domain(string $name, string $status = 'Active', array $columns = []): int
    {
        return Seed::domain($this->client, $name, ['registrar' => 'syncregistrar', 'status' => $status] + $columns);
    }

    /** @return list<string> the domains synced since the last call */
    private function synced(string $function = 'Sync'): array
    {
        $calls = $GLOBALS['syncregistrar']['calls'];
        $GLOBALS['syncregistrar']['calls'] = [];
        return array_values(array_map(static fn ($c) => $c[1], array_filter($calls, static fn ($c) => $c[0] === $function)));
    }

    public function testFiftyDomainsPerRunOnARollingBasisThenFromTheBeginning(): void
    {
        $names = [];
        for ($i = 0; $i < 120; $i++) {
            $names[] = $this->domain(sprintf('d%03d.com', $i)) ? sprintf('d%03d.com', $i) : '';
        }
        $names[] = 'pending.com';
        $this->domain('pending.com', 'Pending Registration');
        $this->domain('gone.com', 'Cancelled');
        $this->domain('moving.com', 'Pending Transfer');

        DomainSyncCron::run();
        $first = $this->synced();
        self::assertSame(\array_slice($names, 0, 50), $first);
        DomainSyncCron::run();
        self::assertSame(\array_slice($names, 50, 50), $this->synced());
        DomainSyncCron::run();
        self::assertSame(\array_slice($names, 100), $this->synced(), 'the rest, Pending Registration included');
        DomainSyncCron::run();
        self::assertSame($first, $this->synced(), 'then from the beginning again');
    }

    public function testEveryPendingTransferGoesToTransferSyncEachRun(): void
    {
        $this->domain('a.com');
        for ($i = 0; $i < 60; $i++) {
            $this->domain("t$i.com", 'Pending Transfer');
        }
        DomainSyncCron::run();
        self::assertCount(60, $this->synced('TransferSync'));
        self::assertNotContains('t0.com', $this->synced('Sync'));
        DomainSyncCron::run();
        self::assertCount(60, $this->synced('TransferSync'), 'not in batches');
    }

    public function testTheAnswersAreWrittenAsTheDocumentationSays(): void
    {
        $renewed = $this->domain('renewed.com', 'Active', ['expirydate' => '2027-01-01', 'nextduedate' => '2027-01-01']);
        $away = $this->domain('away.com');
        $cancelled = $this->domain('cancelled.com');
        $expired = $this->domain('expired.com');
        $failing = $this->domain('failing.com', 'Active', ['expirydate' => '2027-01-01']);
        $registered = $this->domain('registered.com', 'Pending Registration');
        $done = $this->domain('done.com', 'Pending Transfer');
        $GLOBALS['syncregistrar']['answers'] = [
            'renewed.com' => ['active' => true, 'expirydate' => '2028-01-01'],
            'away.com' => ['transferredAway' => true],
            'cancelled.com' => ['cancelled' => true],
            'expired.com' => ['expired' => true, 'expirydate' => '2026-01-01'],
            'failing.com' => ['error' => 'API down', 'expirydate' => '2030-01-01', 'cancelled' => true],
            'registered.com' => ['active' => true, 'expirydate' => '2027-06-01'],
            'done.com' => ['completed' => true, 'expirydate' => '2027-09-09'],
        ];
        $hooked = [];
        Hooks::add('DomainTransferCompleted', 1, static function (array $vars) use (&$hooked): void {
            $hooked[] = $vars;
        });
        $report = DomainSyncCron::run();

        $row = static fn (int $id) => Capsule::table('tbldomains')->where('id', $id)->first();
        self::assertSame(['2028-01-01', '2027-01-01', 'Active'], [$row($renewed)->expirydate, $row($renewed)->nextduedate, $row($renewed)->status], 'next due date only with its setting');
        self::assertSame('Transferred Away', $row($away)->status);
        self::assertSame('Cancelled', $row($cancelled)->status);
        self::assertSame(['Expired', '2026-01-01'], [$row($expired)->status, $row($expired)->expirydate]);
        self::assertSame(['2027-01-01', 'Active'], [$row($failing)->expirydate, $row($failing)->status], 'an error: all else ignored');
        self::assertSame(['Active', '2027-06-01'], [$row($registered)->status, $row($registered)->expirydate]);
        self::assertSame(['Active', '2027-09-09'], [$row($done)->status, $row($done)->expirydate]);
        self::assertSame([['domainId' => $done, 'domain' => 'done.com', 'registrationPeriod' => '1', 'expiryDate' => '2027-09-09', 'registrar' => 'syncregistrar']], $hooked);
        self::assertCount(7, $report);

        Setting::setValue('DomainSyncNextDueDate', 'on');
        $GLOBALS['syncregistrar']['answers']['renewed.com']['expirydate'] = '2029-01-01';
        Capsule::table('tbldomains')->update(['synced' => 0]);
        DomainSyncCron::run();
        self::assertSame(['2029-01-01', '2029-01-01'], [$row($renewed)->expirydate, $row($renewed)->nextduedate]);
    }

    public function testNotifyOnlyReportsAndChangesNothingAndDisabledRunsNothing(): void
    {
        $id = $this->domain('renewed.com', 'Active', ['expirydate' => '2027-01-01']);
        $GLOBALS['syncregistrar']['answers']['renewed.com'] = ['transferredAway' => true, 'expirydate' => '2028-01-01'];
        Setting::setValue('DomainSyncNotifyOnly', 'on');
        $report = DomainSyncCron::run();
        self::assertSame(['status' => 'Transferred Away', 'expirydate' => '2028-01-01'], $report[0]['set']);
        $row = Capsule::table('tbldomains')->where('id', $id)->first();
        self::assertSame(['Active', '2027-01-01'], [$row->status, $row->expirydate]);

        Setting::setValue('DomainSyncEnabled', '');
        $this->synced();
        self::assertSame([], DomainSyncCron::run());
        self::assertSame([], $this->synced());
    }
}
