<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use IspapiCore\SyncSnapshot;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * Domain sync from the account's domain list (issue #22 part 1): the same answer as one
 * StatusDomain per domain for every state the simulator can put a domain in, without a
 * StatusDomain for a domain the list settles; a failed page keeps the stored snapshot.
 */
final class SyncSnapshotTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->simulator->control(['reset' => true]);
        SyncSnapshot::$pageSize = null;
    }

    protected function tearDown(): void
    {
        SyncSnapshot::$pageSize = null;
        SyncSnapshot::reset();
        $this->world->useApi('ISPAPI');
    }

    /** @return array<string, int> a domain per state, by the state's name */
    private function domainsInEveryState(): array
    {
        $w = $this->world;
        $sim = $w->simulator;
        // The simulator's clock 400 days back (as SuspensionTest does): a one-year domain is
        // then past its expiry by today's date while the registry still has it active; the
        // others are registered for two years.
        $sim->control(['advance_days' => -400]);
        $registered = function (array $columns = [], string $tld = 'com') use ($w): int {
            $id = $w->domain(World::unique($tld), $columns + ['registrationperiod' => 2]);
            $this->assertSame(['success' => true], $w->call('RegisterDomain', $id));
            return $id;
        };
        $name = static fn (int $id): string => (string) Capsule::table('tbldomains')->where('id', $id)->value('domain');
        $states = [
            'active' => $registered(),
            'active, ID protection on' => $registered(['idprotection' => 1]),
            'active, an IDN' => $w->domain('mt-' . getmypid() . '-' . bin2hex(random_bytes(3)) . '-müller.com', ['registrationperiod' => 2]),
            'past its expiry, still active at the registry' => $registered(['registrationperiod' => 1]),
            'renewed since WHMCS synced it' => $registered(),
            'ID protection changed since WHMCS synced it' => $registered(['idprotection' => 1]),
            'deleted, in redemption' => $registered(),
            'never registered (purged or unknown)' => $w->domain(World::unique('com')),
            'transferred away' => $registered(),
            'pending transfer' => $w->domain('taken-' . World::unique('com'), ['type' => 'Transfer', 'status' => 'Pending Transfer']),
            'pending registration (application)' => $w->domain(World::unique('swiss'), ['status' => 'Pending Registration']),
        ];
        $this->assertSame(['success' => true], $w->call('RegisterDomain', $states['active, an IDN']));
        $this->assertSame(['success' => true], $w->call('RequestDelete', $states['deleted, in redemption']));
        $sim->control(['transfer_out' => $name($states['transferred away'])]);
        $this->assertSame(['success' => true], $w->call('TransferDomain', $states['pending transfer'], ['eppcode' => 'taken-AUTH-1']));
        $application = $w->call('RegisterDomain', $states['pending registration (application)'], [
            'additionalfields' => ['Enterprise ID' => 'CHE-123.456.789', 'Intended use' => 'Our shop'],
        ]);
        $this->assertTrue($application['pending'] ?? false, json_encode($application));
        return $states;
    }

    /** Sync under the given source; the answer, the domain's row afterwards and the commands. */
    private function sync(int $id, string $source): array
    {
        $this->world->useApi('ISPAPI', ['SyncSource' => $source, 'IDProtectionFromRegistrar' => 'on']);
        $before = (array) Capsule::table('tbldomains')->where('id', $id)->first();
        $this->world->simulator->control(['clear_log' => true]);
        // As a new cron process would: the module asks the core again whether to refresh.
        SyncSnapshot::reset();
        $answer = $this->world->call('Sync', $id);
        $after = (array) Capsule::table('tbldomains')->where('id', $id)->first();
        Capsule::table('tbldomains')->where('id', $id)->update(array_diff_key($before, ['id' => 0]));
        return [$answer, $after, $this->world->simulator->receivedCommands()];
    }

    public function testBothPathsGiveTheSameAnswerInEveryStateTheSimulatorHas(): void
    {
        $states = $this->domainsInEveryState();
        // WHMCS as after its last sync: the registry's expiry date and ID protection written.
        $this->world->useApi('ISPAPI', ['SyncSource' => 'Each domain', 'IDProtectionFromRegistrar' => 'on']);
        foreach ($states as $id) {
            $answer = $this->world->call('Sync', $id);
            if (isset($answer['expirydate'])) {
                Capsule::table('tbldomains')->where('id', $id)->update(['expirydate' => $answer['expirydate']]);
            }
        }
        // Then the registry changes what WHMCS has: a renewal, ID protection off.
        $this->assertSame(['success' => true], $this->world->call('RenewDomain', $states['renewed since WHMCS synced it']));
        $this->assertSame(['success' => true], $this->world->call('IDProtectToggle', $states['ID protection changed since WHMCS synced it'], ['protectenable' => false]));

        // A snapshot taken now, as the list path takes it when none is stored.
        Capsule::table('tbltransientdata')->where('name', SyncSnapshot::META)->delete();
        SyncSnapshot::reset();
        $listCommands = [];
        $asked = [];
        foreach ($states as $state => $id) {
            [$each, $eachRow, $eachCommands] = $this->sync($id, 'Each domain');
            [$list, $listRow, $commands] = $this->sync($id, 'Domain list');
            $this->assertSame($each, $list, "$state: the answers differ");
            unset($eachRow['updated_at'], $listRow['updated_at']);
            $this->assertSame($eachRow, $listRow, "$state: WHMCS's domain row differs");
            $this->assertContains('StatusDomain', $eachCommands, $state);
            $listCommands = [...$listCommands, ...$commands];
            if (\in_array('StatusDomain', $commands, true)) {
                $asked[] = $state;
            }
        }
        $this->assertSame(1, \count(array_keys($listCommands, 'QueryDomainList', true)), 'the list is read once: ' . json_encode($listCommands));
        // The list settles the plainly active domains whose dates WHMCS has; every other state
        // is asked about as before.
        $this->assertSame(array_values(array_diff(array_keys($states), ['active', 'active, ID protection on', 'active, an IDN'])), $asked);
    }

    public function testAFailedPageKeepsTheStoredSnapshotUntilACompleteOneIsWritten(): void
    {
        $w = $this->world;
        $w->useApi('ISPAPI', ['SyncListHours' => '0']);
        $params = \Harness\Params::forFunction('Sync', $w->domain(World::unique('com')), 'ispapi');
        $this->assertSame('stored', SyncSnapshot::refresh($params));
        $rows = Capsule::table(SyncSnapshot::TABLE)->orderBy('domain')->pluck('row', 'domain')->all();
        $meta = Capsule::table('tbltransientdata')->where('name', SyncSnapshot::META)->value('data');
        $this->assertNotEmpty($rows);

        $new = World::unique('com');
        $this->assertSame(['success' => true], $w->call('RegisterDomain', $w->domain($new)));
        // Two pages or more, the second one failing (also when resent).
        SyncSnapshot::$pageSize = max(1, intdiv(\count($rows) + 1, 2));
        foreach ([['after' => 1], []] as $which) {
            $w->simulator->control(['reset' => true]);
            $w->simulator->control(['fault' => 'http_500', 'times' => 20, 'command' => 'QueryDomainList'] + $which);
            $this->assertStringContainsString('QueryDomainList', SyncSnapshot::refresh($params));
            $this->assertSame($rows, Capsule::table(SyncSnapshot::TABLE)->orderBy('domain')->pluck('row', 'domain')->all());
            $this->assertSame($meta, Capsule::table('tbltransientdata')->where('name', SyncSnapshot::META)->value('data'));
        }
        $w->simulator->control(['reset' => true]);
        $this->assertSame('stored', SyncSnapshot::refresh($params));
        $this->assertNotNull(Capsule::table(SyncSnapshot::TABLE)->where('domain', $new)->value('row'), 'the complete new snapshot has the new domain');
    }
}
