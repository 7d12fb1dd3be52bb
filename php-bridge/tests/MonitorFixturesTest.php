<?php

declare(strict_types=1);

namespace IspapiCore\Tests;

use IspapiCore\Core;
use PHPUnit\Framework\TestCase;

/**
 * The monitoring rule fixtures (fixtures/monitor/rules/) through the built .wasm, as the
 * widget calls it: the same cases found in PHP as in the Rust tests.
 */
final class MonitorFixturesTest extends TestCase
{
    /** @return iterable<string, array{string}> */
    public static function fixtures(): iterable
    {
        foreach (glob(\dirname(__DIR__, 2) . '/fixtures/monitor/rules/*/*.json') ?: [] as $file) {
            yield basename(\dirname($file)) . '/' . basename($file, '.json') => [$file];
        }
    }

    /** @dataProvider fixtures */
    public function testTheRuleFixtureFindsWhatItRecords(string $file): void
    {
        $case = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
        $out = Core::shared()->call('monitor_detect', [
            'api' => $case['api'],
            'whmcs' => $case['whmcs'],
            'lists' => (object) $case['lists'],
        ]);
        $found = [];
        foreach ($out['cases'] as $c) {
            $found[$c['id']] = array_column($c['items'], 'domain');
            self::assertSame(\count($c['items']), $c['count']);
        }
        self::assertEquals($case['found'], $found);
        self::assertSame($case['skipped'] ?? [], array_column($out['skipped'], 'id'));
    }

    public function testTheCaseTableNamesTheListsTheWidgetMustAskFor(): void
    {
        $cases = array_column(Core::shared()->call('monitor_cases', ['api' => 'ispapi']), null, 'id');
        self::assertSame('QueryDomainList', $cases['transfer_lock']['list']['command']['COMMAND']);
        self::assertSame(0, $cases['transfer_lock']['list']['command']['TRANSFERLOCK']);
        self::assertNull($cases['migration_notes']['list']);
        $cnr = array_column(Core::shared()->call('monitor_cases', ['api' => 'cnr']), null, 'id');
        self::assertFalse($cnr['id_protection']['supported']);
        self::assertFalse($cnr['transfer_lock']['supported']);
        self::assertSame('QueryRegisteredPremiumDomainList', $cnr['premium_at_registrar']['list']['command']['COMMAND']);
        self::assertSame('DOMAIN', $cnr['premium_at_registrar']['list']['names']);
    }
}
