<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * The daily follow-up of registrations made as applications (.swiss, aftermarket purchases;
 * hooks.php, WHMCS's DailyCronJob): hands the core each pending domain of this registrar with
 * its admin notes, where RegisterDomain wrote the application id, and lets Registrar::run
 * send StatusDomainApplication and write what the core decides (FollowApplication: Active
 * with the expiry date, Cancelled with the reason below the admin's notes, or unchanged).
 */
final class Applications
{
    /** WHMCS's statuses of a registration not yet complete (the core checks them again). */
    private const PENDING = ['Pending', 'Pending Registration'];

    /**
     * @param array<string, mixed>|null $settings the registrar settings (default: the saved ones)
     * @return list<array<string, mixed>> the core's result per domain
     */
    public static function run(?array $settings = null): array
    {
        $settings ??= Registrar::savedSettings();
        $rows = Capsule::table('tbldomains')
            ->where('registrar', Registrar::MODULE)
            ->whereIn('status', self::PENDING)
            ->where('additionalnotes', '!=', '')
            ->orderBy('id')
            ->get(['id', 'domain', 'status', 'additionalnotes']);
        $results = [];
        foreach ($rows as $row) {
            // WHMCS's params name the domain as sld and tld (the TLD without its dot).
            [$sld, $tld] = array_pad(explode('.', (string) $row->domain, 2), 2, '');
            $results[] = Registrar::run('FollowApplication', $settings + [
                'domainid' => (int) $row->id,
                'sld' => $sld,
                'tld' => $tld,
                'status' => (string) $row->status,
                'whmcs_records' => ['additionalnotes' => (string) $row->additionalnotes],
            ]);
        }
        return $results;
    }
}
