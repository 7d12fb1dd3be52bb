<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * Moves domains from WHMCS's built-in HEXONET module to this one. The core decides what
 * changes (registrar_migration); this class reads and writes WHMCS's tables.
 */
final class Migration
{
    /**
     * @return list<string> the report, line by line
     */
    public static function run(bool $apply, string $from = 'hexonet', ?Core $core = null): array
    {
        $core ??= Core::shared();
        $plan = $core->call('registrar_migration', [
            'from' => $from,
            'from_settings' => (object) self::settings($from),
            'to_settings' => (object) self::settings('ispapi'),
            'domains' => Capsule::table('tbldomains')->where('registrar', $from)->count(),
            'tlds' => Capsule::table('tbldomainpricing')->where('autoreg', $from)->count(),
        ]);
        if (!$apply) {
            return array_merge(['Dry run: nothing was changed. Run again with --apply to migrate.'], $plan['report']);
        }
        Capsule::connection()->transaction(static function () use ($plan): void {
            if ($plan['settings'] !== null) {
                Capsule::table('tblregistrars')->where('registrar', 'ispapi')->delete();
                foreach ($plan['settings'] as $setting => $value) {
                    Capsule::table('tblregistrars')->insert([
                        'registrar' => 'ispapi', 'setting' => $setting, 'value' => \encrypt((string) $value),
                    ]);
                }
            }
            Registrar::applyChanges($plan['db'], []);
        });
        \logActivity('ispapi: migrated from the built-in module: ' . implode(' ', $plan['report']));
        return $plan['report'];
    }

    /** @return array<string, string> a registrar's saved settings, decrypted */
    private static function settings(string $registrar): array
    {
        return Capsule::table('tblregistrars')->where('registrar', $registrar)->get()
            ->mapWithKeys(static fn ($row) => [$row->setting => (string) \decrypt((string) $row->value)])->all();
    }
}
