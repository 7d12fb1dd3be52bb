<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Database\Capsule;

/**
 * Registrar module settings (Setup > Products/Services > Domain Registrars). They live in
 * tblregistrars as one (registrar, setting, value) row per field. Every value is stored
 * encrypted, so no credential sits in the table as plain text; getRegistrarConfigOptions() and
 * the module's $params get them decrypted.
 */
final class Registrars
{
    /** @return array<string, array<string, mixed>> the module's getConfigArray() */
    public static function configArray(string $registrar): array
    {
        Modules::loadRegistrar($registrar);
        $function = $registrar . '_getConfigArray';
        $active = Capsule::table('tblregistrars')->where('registrar', $registrar)->exists();
        $config = $function($active ? self::settings($registrar) : []);
        if (!is_array($config)) {
            throw new \UnexpectedValueException("$function() did not return an array");
        }
        return $config;
    }

    /** @return array<string, string> setting => decrypted value */
    public static function settings(string $registrar): array
    {
        $settings = [];
        $rows = Capsule::table('tblregistrars')->where('registrar', $registrar)->orderBy('id')->get();
        foreach ($rows as $row) {
            $settings[(string) $row->setting] = Crypto::decrypt((string) $row->value);
        }
        return $settings;
    }

    /**
     * Saves the fields getConfigArray() defines, as the Domain Registrars page does: a yes/no
     * field is "on" when ticked and "" when not; a field left out of $values keeps its default.
     *
     * With $validate, the module's `_config_validate($params)` sees the new settings first and
     * may refuse them with \WHMCS\Exception\Module\InvalidConfiguration (then nothing is saved).
     *
     * @param array<string, mixed> $values
     * @throws \WHMCS\Exception\Module\InvalidConfiguration
     */
    public static function save(string $registrar, array $values, bool $validate = false): void
    {
        $rows = [];
        $plain = [];
        foreach (self::configArray($registrar) as $setting => $field) {
            $type = strtolower((string) ($field['Type'] ?? 'text'));
            if ($type === 'system') {
                continue;
            }
            if ($type === 'yesno') {
                $value = !empty($values[$setting]) ? 'on' : '';
            } else {
                $value = (string) ($values[$setting] ?? ($field['Default'] ?? ''));
            }
            $rows[] = ['registrar' => $registrar, 'setting' => $setting, 'value' => Crypto::encrypt($value)];
            $plain[$setting] = $value;
        }
        $validator = $registrar . '_config_validate';
        if ($validate && \function_exists($validator)) {
            $validator($plain);
        }
        Capsule::connection()->transaction(static function () use ($registrar, $rows): void {
            Capsule::table('tblregistrars')->where('registrar', $registrar)->delete();
            Capsule::table('tblregistrars')->insert($rows);
        });
    }

    public static function deactivate(string $registrar): void
    {
        Capsule::table('tblregistrars')->where('registrar', $registrar)->delete();
    }
}
