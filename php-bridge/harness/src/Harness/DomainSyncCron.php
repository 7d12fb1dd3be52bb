<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

/**
 * WHMCS's domain sync cron: one run syncs a batch of each registrar module's domains and every
 * pending transfer, and writes what the modules answered into tbldomains.
 *
 * Sources: developer-docs at commit 2e75f45 — dd `domain-registrars/domain-syncing.md`
 * ("Domain Syncing", "Transfer Syncing", the settings notice) and dd
 * `hooks-reference/domain.md` (DomainTransferCompleted, DomainTransferFailed). Each rule below
 * names its source; "unverified" marks what the documentation does not say.
 */
final class DomainSyncCron
{
    /**
     * dd domain-syncing.md: "the Sync function will be called for 50 domains on a rolling basis
     * each time the domain sync cron is invoked". Per module: unverified (the page speaks of
     * "your module").
     */
    public const BATCH = 50;

    /** dd domain-syncing.md: "Domains are only checked when they are in Active, Pending Registration or Pending Transfer status". */
    private const SYNCED_STATUSES = ['Active', 'Pending Registration'];

    /**
     * One cron run. Returns the run's report (what WHMCS's "Domain Synchronization Report"
     * e-mail carries, dd domain-syncing.md): per domain id the function called, its answer and
     * the columns written.
     *
     * Settings (dd domain-syncing.md notice; their tblconfiguration names are unverified, the
     * page gives only the labels): DomainSyncEnabled ("Domain Sync Enabled": nothing runs
     * without it), DomainSyncNextDueDate ("Sync Next Due Date": the next due date follows the
     * expiry date), DomainSyncNotifyOnly ("Domain Sync Notify Only": report, change nothing).
     *
     * @return list<array{domainid: int, domain: string, function: string, result: mixed, set: array<string, mixed>}>
     */
    public static function run(int $batch = self::BATCH): array
    {
        if (!self::on('DomainSyncEnabled')) {
            return [];
        }
        $report = [];
        foreach (self::registrars() as $registrar) {
            // dd domain-syncing.md, Transfer Syncing: "called for every domain in the Pending
            // Transfer status when the domain sync cron runs" (no batch).
            if (Whmcs::registrarSupports($registrar, 'TransferSync')) {
                $pending = Capsule::table('tbldomains')->where('registrar', $registrar)
                    ->where('status', 'Pending Transfer')->orderBy('id')->pluck('id')->all();
                foreach ($pending as $id) {
                    $report[] = self::transferSync((int) $id, $registrar);
                }
            }
            if (Whmcs::registrarSupports($registrar, 'Sync')) {
                foreach (self::batch($registrar, $batch) as $id) {
                    $report[] = self::sync($id, $registrar);
                }
            }
        }
        return $report;
    }

    /**
     * The next domains of the rolling batch. dd domain-syncing.md: "After all of the domains
     * that are assigned to your module have been synced, it will start from the beginning
     * again." The marker is tbldomains.synced (a column of WHMCS's schema; that the cron keeps
     * its place with it is unverified): unsynced domains in id order, and once none is left,
     * all the module's domains become unsynced and the round starts again. A Pending Transfer
     * domain goes to Sync only where the module has no TransferSync (unverified: the Sync
     * paragraph lists the status, the Transfer Syncing paragraph takes those domains).
     *
     * @return list<int>
     */
    private static function batch(string $registrar, int $batch): array
    {
        $statuses = self::SYNCED_STATUSES;
        if (!Whmcs::registrarSupports($registrar, 'TransferSync')) {
            $statuses[] = 'Pending Transfer';
        }
        $query = static fn () => Capsule::table('tbldomains')->where('registrar', $registrar)
            ->whereIn('status', $statuses);
        $ids = $query()->where('synced', 0)->orderBy('id')->limit($batch)->pluck('id')->all();
        if ($ids === [] && $query()->exists()) {
            $query()->update(['synced' => 0]);
            $ids = $query()->where('synced', 0)->orderBy('id')->limit($batch)->pluck('id')->all();
        }
        return array_map('intval', $ids);
    }

    /**
     * One Sync and what WHMCS does with its answer (dd domain-syncing.md's return values):
     * `error` → nothing else is read ("all other values will be ignored"), the message goes to
     * the report; `active` → status Active; `cancelled` → status Cancelled; `transferredAway` →
     * status "Transferred Away" (the status name: the CNR module's list of WHMCS statuses,
     * lib/Helpers/Sync.php; the mapping itself is unverified); `expirydate` → expirydate, and
     * nextduedate with "Sync Next Due Date"; `expired` (not documented) → status Expired, as
     * CONTRACTS.md difference 1 reads WHMCS (unverified). That a Pending Registration domain
     * answered `active` becomes Active is unverified. With "Notify Only" the changes are
     * reported, not written. The domain counts as synced either way (unverified for `error`).
     *
     * @return array{domainid: int, domain: string, function: string, result: mixed, set: array<string, mixed>}
     */
    private static function sync(int $id, string $registrar): array
    {
        $params = Params::forFunction('Sync', $id, $registrar);
        $result = Whmcs::callRegistrar('Sync', $params, $registrar);
        $set = [];
        if (\is_array($result) && !isset($result['error'])) {
            if (!empty($result['active'])) {
                $set['status'] = 'Active';
            }
            if (!empty($result['cancelled'])) {
                $set['status'] = 'Cancelled';
            }
            if (!empty($result['expired'])) {
                $set['status'] = 'Expired';
            }
            if (!empty($result['transferredAway'])) {
                $set['status'] = 'Transferred Away';
            }
            $set += self::expiry($result);
        }
        return self::finish($id, (string) $params['domain'], 'Sync', $result, $set);
    }

    /**
     * One TransferSync (dd domain-syncing.md, Transfer Syncing): `completed` → status Active
     * with `expirydate`, hook DomainTransferCompleted; `failed` → hook DomainTransferFailed and
     * status Cancelled (the status is unverified; the page names none); `error` or `[]` → no
     * change. Hook variables: dd hooks-reference/domain.md.
     *
     * @return array{domainid: int, domain: string, function: string, result: mixed, set: array<string, mixed>}
     */
    private static function transferSync(int $id, string $registrar): array
    {
        $params = Params::forFunction('TransferSync', $id, $registrar);
        $result = Whmcs::callRegistrar('TransferSync', $params, $registrar);
        $set = [];
        $hook = null;
        if (\is_array($result) && !isset($result['error'])) {
            if (!empty($result['completed'])) {
                $set = ['status' => 'Active'] + self::expiry($result);
                $hook = 'DomainTransferCompleted';
            } elseif (!empty($result['failed'])) {
                $set = ['status' => 'Cancelled'];
                $hook = 'DomainTransferFailed';
            }
        }
        $report = self::finish($id, (string) $params['domain'], 'TransferSync', $result, $set);
        if ($hook !== null && !self::on('DomainSyncNotifyOnly')) {
            Hooks::run($hook, [
                'domainId' => $id,
                'domain' => (string) $params['domain'],
                'registrationPeriod' => (string) $params['regperiod'],
                'expiryDate' => (string) ($result['expirydate'] ?? ''),
                'registrar' => $registrar,
            ]);
        }
        return $report;
    }

    /**
     * @param array<string, mixed> $result
     * @return array<string, string>
     */
    private static function expiry(array $result): array
    {
        $date = (string) ($result['expirydate'] ?? '');
        if (preg_match('/^\d{4}-\d{2}-\d{2}$/', $date) !== 1) {
            return [];
        }
        $set = ['expirydate' => $date];
        if (self::on('DomainSyncNextDueDate')) {
            $set['nextduedate'] = $date;
        }
        return $set;
    }

    /**
     * @param array<string, mixed> $set
     * @return array{domainid: int, domain: string, function: string, result: mixed, set: array<string, mixed>}
     */
    private static function finish(int $id, string $domain, string $function, mixed $result, array $set): array
    {
        $write = self::on('DomainSyncNotifyOnly') ? [] : $set;
        Capsule::table('tbldomains')->where('id', $id)->update($write + ['synced' => 1]);
        return ['domainid' => $id, 'domain' => $domain, 'function' => $function, 'result' => $result, 'set' => $set];
    }

    /** @return list<string> the registrar modules with domains in a synced status */
    private static function registrars(): array
    {
        return Capsule::table('tbldomains')->whereIn('status', [...self::SYNCED_STATUSES, 'Pending Transfer'])
            ->where('registrar', '!=', '')->distinct()->orderBy('registrar')->pluck('registrar')->all();
    }

    private static function on(string $setting): bool
    {
        return \in_array(strtolower((string) Setting::getValue($setting)), ['on', '1', 'yes', 'true'], true);
    }
}
