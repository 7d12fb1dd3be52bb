<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Hooks;
use Harness\Modules;
use Harness\Pricing;
use Harness\Registrars;
use Harness\Runtime;
use Harness\Seed;
use Harness\Whmcs;
use IspapiCore\ModuleTests\Support\World;
use IspapiCore\ZoneInfoCache;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;
use WHMCS\Domain\TopLevel\ImportItem;
use WHMCS\Results\ResultsList;

/**
 * TLD & pricing: WHMCS's Registrar TLD Sync (GetTldPricing) and the scheduled price sync of
 * hooks.php writing tblpricing, against the simulator's price classes.
 */
final class PricingTest extends TestCase
{
    private const MARGIN = '{"default": {"percent": 20, "round_to": 0.99}}';

    private World $world;

    /** @var list<int> tbldomainpricing ids this test created */
    private array $tlds = [];

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    protected function tearDown(): void
    {
        // The next test starts without this one's TLDs.
        Capsule::table('tblpricing')->whereIn('relid', $this->tlds)->delete();
        Capsule::table('tbldomainpricing')->whereIn('id', $this->tlds)->delete();
        ZoneInfoCache::$perRun = null;
    }

    /** CNR: no zone rules kept yet, as on a fresh install. */
    private function forgetZoneRules(): void
    {
        ZoneInfoCache::ensureTable();
        Capsule::table(ZoneInfoCache::TABLE)->delete();
    }

    /** @param array<string, array<string, array<int, float>>> $prices */
    private function sellThroughIspapi(string $extension, array $prices): int
    {
        return $this->tlds[] = Seed::tld($extension, $prices, ['autoreg' => 'ispapi']);
    }

    private static function repo(): string
    {
        return \dirname(__DIR__, 2);
    }

    /** @return array<string, mixed> */
    private static function fixture(string $path): array
    {
        return json_decode((string) file_get_contents(self::repo() . '/fixtures/' . $path), true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return array<string, ImportItem> by extension */
    private function importItems(): array
    {
        $list = Whmcs::callRegistrar('GetTldPricing', Registrars::settings('ispapi'), 'ispapi');
        $this->assertInstanceOf(ResultsList::class, $list, json_encode($list));
        $items = [];
        foreach ($list as $item) {
            $this->assertInstanceOf(ImportItem::class, $item);
            $items[$item->getExtension()] = $item;
        }
        return $items;
    }

    /** Runs WHMCS's daily cron hook point with the registrar's hooks.php (only) loaded. */
    private function dailyCron(): void
    {
        Hooks::reset();
        Modules::includeOnce(Runtime::current()->root . '/modules/registrars/ispapi/hooks.php');
        Hooks::run('DailyCronJob', []);
    }

    private function currencyId(string $code): int
    {
        return (int) Capsule::table('tblcurrencies')->where('code', $code)->value('id');
    }

    /** @return array<int, string> years => price of the row, as Harness\Pricing reads it */
    private function terms(int $relid, string $type, string $currency): array
    {
        $row = Capsule::table('tblpricing')
            ->where(['relid' => $relid, 'type' => $type, 'currency' => $this->currencyId($currency)])->first();
        $this->assertNotNull($row, "no $type row in $currency for TLD $relid");
        return Pricing::offeredTerms($row);
    }

    /** @param list<string> $needles */
    private function activityContains(array $needles): string
    {
        $log = Capsule::table('tblactivitylog')->orderBy('id', 'desc')->limit(5)->pluck('description')->implode("\n");
        foreach ($needles as $needle) {
            $this->assertStringContainsString($needle, $log);
        }
        return $log;
    }

    public function testTheTldSyncImportsTermsFeesAndCurrenciesWhmcsHas(): void
    {
        $items = $this->importItems();
        $demo = self::fixture('simulator/demo.json');
        $this->assertCount(\count($demo['catalog']['tlds']), $items, implode(' ', array_keys($items)));

        $tm = $items['.tm'];
        $this->assertSame([10], $tm->getYears());
        $this->assertSame(400.0, $tm->getRegisterPrice());
        $this->assertSame(40.0, $tm->getTransferPrice());
        $this->assertSame('EUR', $tm->getCurrency());
        $this->assertSame(30, $tm->getRedemptionFeeDays());
        $this->assertSame(80.0, $tm->getRedemptionFeePrice());

        // AUD and JPY are not WHMCS currencies here: converted to the default (USD) at the
        // API's rates (EUR→AUD 1.642, EUR→JPY 162.3, EUR→USD 1.085).
        $this->assertSame('USD', $items['.com.au']->getCurrency());
        $this->assertSame([1, 2, 3, 4, 5], $items['.com.au']->getYears());
        $this->assertSame(11.89, $items['.com.au']->getRegisterPrice());
        $this->assertSame(21.39, $items['.jp']->getRegisterPrice());

        $this->assertSame(10.69, $items['.com']->getRenewPrice());
        $this->assertFalse($items['.co.uk']->getEppRequired(), '.co.uk transfers without an auth code');
        $this->assertTrue($items['.com']->getEppRequired());
        $this->assertArrayNotHasKey('.premium_ai_a', $items);
    }

    /**
     * CNR: the costs come from QueryZoneList (its knowledge base; CNR has no StatusUser price
     * relations), the same costs as ISPAPI's, so WHMCS's import and the scheduled sync write the
     * same rows. The terms, auth-code need and redemption days come from each zone's GetZoneInfo
     * (CNR has no QueryDomainOptions; the strict simulator refuses it with 500), a few zones per
     * run, kept in the module's table: the host runs the core again until all are read.
     */
    public function testOnCnrTheTldSyncAndThePriceSyncReadQueryZoneList(): void
    {
        $this->world->useApi('CNR');
        $this->forgetZoneRules();
        // 5 zones per run: the demo's 32 zones take 7 runs of the host's loop.
        ZoneInfoCache::$perRun = 5;
        $this->world->simulator->control(['clear_log' => true]);
        $items = $this->importItems();
        $demo = self::fixture('simulator/demo.json');
        $this->assertCount(\count($demo['catalog']['tlds']), $items, implode(' ', array_keys($items)));
        $tm = $items['.tm'];
        $this->assertSame([10], $tm->getYears());
        $this->assertSame(400.0, $tm->getRegisterPrice());
        $this->assertSame('EUR', $tm->getCurrency());
        $this->assertSame(80.0, $tm->getRedemptionFeePrice());
        $this->assertSame($demo['catalog']['tlds']['tm']['redemption_days'] ?? 30, $tm->getRedemptionFeeDays());
        $this->assertSame(10.69, $items['.com']->getRenewPrice());
        $this->assertFalse($items['.co.uk']->getEppRequired(), '.co.uk transfers without an auth code');
        $this->assertTrue($items['.com']->getEppRequired());
        $commands = $this->world->simulator->receivedCommands();
        $this->assertContains('QueryZoneList', $commands);
        $this->assertNotContains('StatusUser', $commands);
        $this->assertNotContains('QueryDomainOptions', $commands);
        $counts = array_count_values($commands);
        $this->assertSame(\count($demo['catalog']['tlds']), $counts['GetZoneInfo'] ?? 0, 'one GetZoneInfo per zone');
        $this->assertSame(7, $counts['QueryZoneList'], 'one QueryZoneList per run: 32 zones, 5 per run');
        $this->assertSame(\count($demo['catalog']['tlds']), Capsule::table(ZoneInfoCache::TABLE)->count());
        // Kept: the next import asks no zone again.
        $this->world->simulator->control(['clear_log' => true]);
        $this->assertCount(\count($items), $this->importItems());
        $again = $this->world->simulator->receivedCommands();
        $this->assertNotContains('GetZoneInfo', $again);
        $this->assertSame(1, array_count_values($again)['QueryZoneList'] ?? 0, 'one run');

        $id = $this->sellThroughIspapi('.tm', ['USD' => ['register' => [10 => 1.0], 'renew' => [1 => 1.0], 'transfer' => [1 => 1.0]]]);
        $this->world->useApi('CNR', ['PricingSync' => 'Update prices', 'PricingMargin' => self::MARGIN]);
        $this->dailyCron();
        // .tm: 40.00 EUR a year; USD at 1.085, plus 20 %, up to .99 (as on ISPAPI).
        $this->assertSame([1 => '52.99', 2 => '104.99', 5 => '260.99'], $this->terms($id, 'domainrenew', 'USD'));
        $this->assertSame([10 => '480.99'], $this->terms($id, 'domainregister', 'EUR'));
        $row = Capsule::table('tbldomainpricing')->where('id', $id)->first();
        $this->assertSame('104.99', number_format((float) $row->redemption_grace_period_fee, 2, '.', ''));
        $this->assertNotContains('StatusUser', $this->world->simulator->receivedCommands());
    }

    /**
     * CNR: the ID Protection add-on follows GetZoneInfo's RRPSUPPORTSWHOISPRIVACY /
     * SUPPORTSTRUSTEE (the provider's CNR module, Helpers/Pricing.php syncFeatures).
     */
    public function testOnCnrSyncIdProtectionReadsGetZoneInfo(): void
    {
        $this->forgetZoneRules();
        $com = $this->sellThroughIspapi('com', []);
        $de = $this->sellThroughIspapi('de', []);
        Capsule::table('tbldomainpricing')->where('id', $de)->update(['idprotection' => 1]);
        $this->world->useApi('CNR', ['SyncIDProtection' => 'on']);
        $this->world->simulator->control(['clear_log' => true]);
        try {
            $this->dailyCron();
        } finally {
            $this->world->useApi('ISPAPI');
        }
        $flags = Capsule::table('tbldomainpricing')->whereIn('id', [$com, $de])->pluck('idprotection', 'extension')->all();
        $this->assertEquals(['.com' => 1, '.de' => 0], $flags);
        $this->activityContains(['ID Protection add-on ticked for .com; unticked for .de']);
        $commands = $this->world->simulator->receivedCommands();
        $this->assertNotContains('QueryDomainOptions', $commands);
        $this->assertSame(2, array_count_values($commands)['GetZoneInfo'] ?? 0, 'only the zones sold here');
    }

    public function testSyncIdProtectionTicksTheAddOnOfTheTldsWithAPrivacyService(): void
    {
        // The simulator offers its privacy service (X-PROXY WHOISTRUSTEE) for .com, not .de.
        $com = $this->sellThroughIspapi('com', []);
        $de = $this->sellThroughIspapi('de', []);
        Capsule::table('tbldomainpricing')->where('id', $de)->update(['idprotection' => 1]);
        $this->world->useApi('ISPAPI', ['SyncIDProtection' => 'on']);
        try {
            // The price sync stays off: the checkbox is synced on its own.
            $this->dailyCron();
        } finally {
            $this->world->useApi('ISPAPI');
        }
        $flags = Capsule::table('tbldomainpricing')->whereIn('id', [$com, $de])->pluck('idprotection', 'extension')->all();
        $this->assertEquals(['.com' => 1, '.de' => 0], $flags);
        $this->activityContains(['ID Protection add-on ticked for .com; unticked for .de']);
        $this->assertSame(0, Capsule::table('tblpricing')->whereIn('relid', [$com, $de])->count(), 'no prices written');
    }

    public function testTheScheduledSyncWritesTheSeedTermTableIntoTblpricing(): void
    {
        $table = self::fixture('pricing/seed_terms.json')['tlds'];
        $ids = [];
        foreach ($table as $tld) {
            // As WHMCS's own sync leaves them: renewals offered for every registration term.
            $all = array_fill_keys(range(1, 10), 1.0);
            $ids[$tld['extension']] = $this->sellThroughIspapi(
                $tld['extension'],
                ['USD' => ['register' => $all, 'renew' => $all, 'transfer' => [1 => 1.0]]]
            );
        }
        $this->world->useApi('ISPAPI', ['PricingSync' => 'Update prices', 'PricingMargin' => self::MARGIN]);
        $this->dailyCron();

        $years = static fn (string $list): array => array_map('intval', explode(',', str_replace('Y', '', $list)));
        foreach ($table as $tld) {
            $id = $ids[$tld['extension']];
            foreach (['USD', 'EUR'] as $currency) {
                $where = "{$tld['extension']} $currency";
                $this->assertSame($years($tld['register']), array_keys($this->terms($id, 'domainregister', $currency)), $where);
                $this->assertSame($years($tld['renew']), array_keys($this->terms($id, 'domainrenew', $currency)), $where);
                $this->assertSame([1], array_keys($this->terms($id, 'domaintransfer', $currency)), $where);
            }
        }
        // .tm: 40.00 EUR a year; USD at 1.085, plus 20 %, up to .99.
        $this->assertSame([1 => '52.99', 2 => '104.99', 5 => '260.99'], $this->terms($ids['.tm'], 'domainrenew', 'USD'));
        $this->assertSame([10 => '480.99'], $this->terms($ids['.tm'], 'domainregister', 'EUR'));
        $tm = Capsule::table('tbldomainpricing')->where('id', $ids['.tm'])->first();
        $this->assertSame(30, (int) $tm->redemption_grace_period);
        $this->assertSame('104.99', number_format((float) $tm->redemption_grace_period_fee, 2, '.', ''));
        $this->assertSame(1, (int) $tm->eppcode);
        $this->activityContains(['TLD price sync: ', '.tm domainrenew USD']);

        // A second run finds nothing to change.
        $this->dailyCron();
        $this->activityContains(['TLD price sync: 0 of 54 price rows and the settings of 0 TLDs change.']);
    }

    public function testReportOnlyLeavesTblpricingAloneAndLogsWhatWouldChange(): void
    {
        $id = $this->sellThroughIspapi('.tm', ['USD' => ['renew' => [10 => 479.99]]]);
        $this->world->useApi('ISPAPI', ['PricingSync' => 'Report only', 'PricingMargin' => self::MARGIN]);
        $this->dailyCron();
        $this->assertSame([10 => '479.99'], $this->terms($id, 'domainrenew', 'USD'));
        $this->assertSame(1, Capsule::table('tblpricing')->where('relid', $id)->count());
        $this->activityContains(['report only, nothing written', '10y 479.99 -> not offered', '1y not offered -> 52.99']);
    }

    public function testTheSyncIsOffUntilTheAdminOptsIn(): void
    {
        $id = $this->sellThroughIspapi('.tm', ['USD' => ['renew' => [10 => 479.99]]]);
        $this->world->simulator->control(['clear_log' => true]);
        $this->dailyCron();
        // The same cron follows up other tests' pending applications (ApplicationsTest); the
        // price sync itself sends nothing.
        $sent = array_diff($this->world->simulator->receivedCommands(), ['StatusDomainApplication']);
        $this->assertSame([], array_values($sent));
        $this->assertSame([10 => '479.99'], $this->terms($id, 'domainrenew', 'USD'));
    }

    public function testAThousandTldSyncWritesEveryPrice(): void
    {
        $this->world->simulator->control(['extra_tlds' => 1000]);
        try {
            $now = date('Y-m-d H:i:s');
            $rows = [];
            for ($i = 1; $i <= 1000; $i++) {
                $rows[] = ['extension' => ".gen$i", 'autoreg' => 'ispapi', 'created_at' => $now, 'updated_at' => $now];
            }
            foreach (array_chunk($rows, 200) as $chunk) {
                Capsule::table('tbldomainpricing')->insert($chunk);
            }
            $this->world->useApi('ISPAPI', ['PricingSync' => 'Update prices', 'PricingMargin' => self::MARGIN]);

            $items = $this->importItems();
            $this->assertGreaterThanOrEqual(1000, \count($items));

            // How long this takes is measured by bench/workflows.php, not asserted here.
            $this->dailyCron();
            $written = Capsule::table('tblpricing')
                ->join('tbldomainpricing', 'tbldomainpricing.id', '=', 'tblpricing.relid')
                ->where('tbldomainpricing.extension', 'like', '.gen%')->count();
            $this->assertSame(1000 * 2 * 3, $written, 'register, renew and transfer rows in USD and EUR');
        } finally {
            $this->world->simulator->control(['extra_tlds' => 0]);
            $ids = Capsule::table('tbldomainpricing')->where('extension', 'like', '.gen%')->pluck('id')->all();
            foreach (array_chunk($ids, 500) as $chunk) {
                Capsule::table('tblpricing')->whereIn('relid', $chunk)->delete();
            }
            Capsule::table('tbldomainpricing')->where('extension', 'like', '.gen%')->delete();
        }
    }
}
