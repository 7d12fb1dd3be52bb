<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * The domain sync's snapshot of the account's domain list (core: src/registrar/sync_list.rs):
 * fetched page by page as the core plans it, stored, and handed to each Sync call as the
 * domain's row. Only I/O here; the core decides whether to fetch, what a row holds and when a
 * row settles a domain.
 *
 * Stored in a table of its own, one row per domain, not in tbltransientdata: a row is about
 * 60 bytes, so 10 000 domains are about 600 KB, more than the 64 KB a TEXT column such as
 * tbltransientdata.data holds in MySQL, and each Sync reads one domain's row by its key instead
 * of decoding the whole list. tbltransientdata keeps only when the snapshot was taken.
 */
final class SyncSnapshot
{
    public const TABLE = 'mod_ispapi_sync_snapshot';

    /** tbltransientdata row: {"taken": unix time, "rows": count} of the stored snapshot. */
    public const META = 'ispapi.sync_snapshot';

    /** A smaller page than the core's own (tests of paging); null: the core's. */
    public static ?int $pageSize = null;

    /**
     * When this process last asked whether to refresh: at most every five minutes, so that a
     * failing API is not asked again for each of a cron run's 50 domains.
     */
    private static ?int $asked = null;

    /**
     * `$params` for Sync with `whmcs_records.sync_list` (the domain's row, or null when the
     * snapshot lacks it, with WHMCS's own expiry date and ID protection) when a snapshot is
     * stored; the snapshot is refreshed first when the core asks for it.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function forSync(array $params): array
    {
        try {
            if (self::$asked === null || time() - self::$asked >= 300) {
                self::$asked = time();
                self::refresh($params);
            }
            // The core ignores the row where the settings or the API use no snapshot.
            if (self::taken() === null) {
                return $params;
            }
            $domain = Capsule::table('tbldomains')->where('id', (int) ($params['domainid'] ?? 0))
                ->first(['domain', 'expirydate', 'idprotection']);
            $name = mb_strtolower((string) ($domain->domain ?? $params['domain'] ?? ''));
            $row = Capsule::table(self::TABLE)->where('domain', $name)->value('row');
            $params['whmcs_records'] = ['sync_list' => [
                'row' => \is_string($row) ? json_decode($row, true) : null,
                'expirydate' => (string) ($domain->expirydate ?? ''),
                'idprotection' => (int) ($domain->idprotection ?? 0),
            ]];
        } catch (\Throwable $e) {
            // Without the snapshot the sync still works, one StatusDomain per domain.
            self::log('reading the domain list snapshot failed: ' . $e->getMessage());
        }
        return $params;
    }

    /** For tests and the bench: the next Sync may refresh again. */
    public static function reset(): void
    {
        self::$asked = null;
    }

    /**
     * Fetches the pages the core asks for and stores them, all or nothing: a failed page
     * leaves the stored snapshot as it was. Returns what happened, for the activity log and
     * tests: 'skipped', 'stored', or the error.
     *
     * @param array<string, mixed> $params the registrar's settings (any Sync's params)
     */
    public static function refresh(array $params): string
    {
        $taken = self::taken();
        $first = 0;
        $rows = [];
        do {
            $page = ['sync_list_first' => $first];
            if ($taken !== null) {
                $page['sync_list_age'] = max(0, time() - $taken);
            }
            if (self::$pageSize !== null) {
                $page['sync_list_limit'] = self::$pageSize;
            }
            $result = Registrar::run('SyncListPage', $page + self::settingsOnly($params));
            if (isset($result['error'])) {
                self::log('the domain list could not be read, the sync keeps the snapshot it has: ' . $result['error']);
                return (string) $result['error'];
            }
            if (isset($result['skip'])) {
                return 'skipped';
            }
            $rows += (array) ($result['rows'] ?? []);
            $first = $result['next'] ?? null;
        } while ($first !== null);
        self::store($rows);
        return 'stored';
    }

    /** When the stored snapshot was taken; null when there is none. */
    public static function taken(): ?int
    {
        self::ensureTable();
        $data = Capsule::table('tbltransientdata')->where('name', self::META)->where('expires', '>', time())->value('data');
        $meta = \is_string($data) ? json_decode($data, true) : null;
        return \is_array($meta) && isset($meta['taken']) ? (int) $meta['taken'] : null;
    }

    public static function ensureTable(): void
    {
        $schema = Capsule::schema();
        if (!$schema->hasTable(self::TABLE)) {
            $schema->create(self::TABLE, static function ($t): void {
                $t->string('domain', 255)->primary();
                $t->text('row');
            });
        }
    }

    /**
     * Replaces the stored snapshot in one transaction.
     *
     * @param array<string, mixed> $rows
     */
    private static function store(array $rows): void
    {
        Capsule::connection()->transaction(static function () use ($rows): void {
            Capsule::table(self::TABLE)->delete();
            foreach (array_chunk($rows, 500, true) as $chunk) {
                $insert = [];
                foreach ($chunk as $domain => $row) {
                    $insert[] = ['domain' => (string) $domain, 'row' => json_encode($row, JSON_UNESCAPED_UNICODE)];
                }
                Capsule::table(self::TABLE)->insert($insert);
            }
            $now = time();
            Capsule::table('tbltransientdata')->where('name', self::META)->delete();
            Capsule::table('tbltransientdata')->insert([
                'name' => self::META,
                'data' => json_encode(['taken' => $now, 'rows' => \count($rows)]),
                // Kept a week at most: an abandoned snapshot is not read as current forever.
                'expires' => $now + 7 * 86400,
            ]);
        });
    }

    /**
     * The params without the domain's keys: the page is about the account.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    private static function settingsOnly(array $params): array
    {
        unset($params['domainid'], $params['domain'], $params['sld'], $params['tld'], $params['whmcs_records']);
        return $params;
    }

    private static function log(string $line): void
    {
        if (\function_exists('logActivity')) {
            \logActivity('ispapi: ' . $line);
        }
    }
}
