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
        $plan = self::plan($from, $core);
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

    /**
     * While the built-in module still has domains or TLDs (the original module's condition for
     * its button), what migrating would do, for the settings page's one-click button.
     *
     * @return list<string>|null
     */
    public static function pending(string $from = 'hexonet', ?Core $core = null): ?array
    {
        $left = Capsule::table('tbldomains')->where('registrar', $from)->exists()
            || Capsule::table('tbldomainpricing')->where('autoreg', $from)->exists();
        return $left ? self::plan($from, $core)['report'] : null;
    }

    /** @return array{settings: ?array<string, mixed>, db: list<mixed>, report: list<string>} */
    private static function plan(string $from, ?Core $core): array
    {
        $core ??= Core::shared();
        return $core->call('registrar_migration', [
            'from' => $from,
            'from_settings' => (object) self::settings($from),
            'to_settings' => (object) self::settings('ispapi'),
            'domains' => Capsule::table('tbldomains')->where('registrar', $from)->count(),
            'tlds' => Capsule::table('tbldomainpricing')->where('autoreg', $from)->count(),
        ]);
    }

    /** @return array<string, string> a registrar's saved settings, decrypted */
    private static function settings(string $registrar): array
    {
        return Capsule::table('tblregistrars')->where('registrar', $registrar)->get()
            ->mapWithKeys(static fn ($row) => [$row->setting => (string) \decrypt((string) $row->value)])->all();
    }
}
