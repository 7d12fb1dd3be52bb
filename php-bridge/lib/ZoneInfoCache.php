<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * CNR's TLD rules (GetZoneInfo, one command per zone) kept for the TLD price sync (core:
 * src/pricing/flows.rs `cnr_zones`). A flow sends at most 40 commands, an account has hundreds
 * of zones: the core reads a few dozen zones per run, writes them to this table and answers
 * `zone_info_pending` while zones are missing; this class hands it the table and runs it again.
 * The provider's CNR module keeps the same data in its own table (mod_rrpproxy_zones). Only
 * I/O here; which zones to ask, when a row is too old and what a row holds are the core's.
 */
final class ZoneInfoCache
{
    public const TABLE = 'mod_ispapi_cnr_zones';

    /** Runs at most: 60 runs of 36 zones are more zones than CNR lists. */
    public const MAX_RUNS = 60;

    /** Fewer zones per run than the core's own (tests of the loop); null: the core's. */
    public static ?int $perRun = null;

    /**
     * Runs `$function` (GetTldPricing, SyncTldPricing) with the kept zone rules until the core
     * no longer asks for more; on ISPAPI the core ignores them and the first run is the last.
     *
     * @param array<string, mixed> $params
     */
    public static function run(string $function, array $params): mixed
    {
        self::ensureTable();
        if (self::$perRun !== null) {
            $params['zoneInfoPerRun'] = self::$perRun;
        }
        $result = null;
        for ($i = 0; $i < self::MAX_RUNS; $i++) {
            $params['cnrZoneInfo'] = Capsule::table(self::TABLE)->get(['zone', 'info', 'fetched'])
                ->map(static fn ($row): array => (array) $row)->all();
            $result = Registrar::run($function, $params);
            if (!\is_array($result) || !isset($result['zone_info_pending'])) {
                return $result;
            }
        }
        return $result;
    }

    public static function ensureTable(): void
    {
        $schema = Capsule::schema();
        if (!$schema->hasTable(self::TABLE)) {
            $schema->create(self::TABLE, static function ($t): void {
                $t->string('zone', 100)->primary();
                $t->text('info');
                $t->string('fetched', 10)->nullable();
            });
        }
    }
}
