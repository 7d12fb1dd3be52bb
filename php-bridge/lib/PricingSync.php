<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * The scheduled TLD price sync (hooks.php, WHMCS's daily cron): hands the core the WHMCS
 * currencies and the price rows of the TLDs sold through this registrar, and lets
 * Registrar::run apply what the core decides. Whether it runs at all, what it writes and the
 * report are the core's (SyncTldPricing), the TLDs' ID Protection add-on checkbox
 * (tbldomainpricing.idprotection, setting "Sync ID protection") included; this class only
 * reads the tables.
 */
final class PricingSync
{
    public const PRICE_TYPES = ['domainregister', 'domainrenew', 'domaintransfer'];

    /**
     * @param array<string, mixed>|null $settings the registrar settings (default: the saved ones)
     * @return array<string, mixed> the core's result: mode, tlds, changes, report (or skipped/error)
     */
    public static function run(?array $settings = null): array
    {
        $settings ??= Registrar::savedSettings();
        $params = Registrar::withCurrencies($settings);
        $params['whmcsTlds'] = Capsule::table('tbldomainpricing')
            ->where('autoreg', Registrar::MODULE)
            ->get(['id', 'extension', 'eppcode', 'idprotection', 'redemption_grace_period', 'redemption_grace_period_fee'])
            ->map(static fn ($row): array => (array) $row)->all();
        $params['whmcsPrices'] = Capsule::table('tblpricing')
            ->join('tbldomainpricing', 'tbldomainpricing.id', '=', 'tblpricing.relid')
            ->where('tbldomainpricing.autoreg', Registrar::MODULE)
            ->whereIn('tblpricing.type', self::PRICE_TYPES)
            ->get(['tblpricing.*'])
            ->map(static fn ($row): array => (array) $row)->all();
        $result = ZoneInfoCache::run('SyncTldPricing', $params);
        return \is_array($result) ? $result : ['error' => 'ispapi: unexpected result of SyncTldPricing'];
    }
}
