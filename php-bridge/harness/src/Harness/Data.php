<?php

declare(strict_types=1);

namespace Harness;

/** Reads the generated data tables in harness/data (see data/generate.py). */
final class Data
{
    /** @var array<string, mixed> */
    private static array $cache = [];

    /** @return array{name: string, phonecc: int}|null */
    public static function country(string $code): ?array
    {
        $countries = self::$cache['countries'] ??= array_column(self::read('countries.json'), null, 'code');
        $row = $countries[strtoupper($code)] ?? null;
        return $row === null ? null : ['name' => $row['name'], 'phonecc' => (int) $row['phonecc']];
    }

    /** The state code for a state name (or code) in a country whose codes the harness knows. */
    public static function stateCode(string $country, string $state): ?string
    {
        $states = (self::$cache['states'] ??= self::read('states.json'))[strtoupper($country)] ?? [];
        foreach ($states as $code => $name) {
            if (strcasecmp($name, $state) === 0 || strcasecmp($code, $state) === 0) {
                return $code;
            }
        }
        return null;
    }

    public static function stateName(string $country, string $code): ?string
    {
        $states = (self::$cache['states'] ??= self::read('states.json'))[strtoupper($country)] ?? [];
        return $states[strtoupper($code)] ?? null;
    }

    /**
     * Admin permission names, from the GetAdminDetails API reference. WHMCS stores them by
     * number; the numbers here (position + 1) are the harness's own.
     *
     * @return array<int, string>
     */
    public static function permissions(): array
    {
        $names = self::$cache['permissions'] ??= self::read('permissions.json');
        return array_combine(range(1, count($names)), $names);
    }

    /** @return array<mixed> */
    private static function read(string $file): array
    {
        $json = file_get_contents(dirname(__DIR__, 2) . '/data/' . $file);
        return json_decode((string) $json, true, 512, JSON_THROW_ON_ERROR);
    }
}
