<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Database\Capsule;

/**
 * Addon modules (developers.whmcs.com "Addon Modules"): NAME_config(), NAME_activate(),
 * NAME_deactivate() and NAME_output($vars). An activated addon has tbladdonmodules rows: its
 * "version", the admin role ids in "access", and one row per configuration field.
 */
final class Addons
{
    /** @return array<string, mixed> */
    public static function config(string $name): array
    {
        Modules::loadAddon($name);
        $config = ($name . '_config')();
        if (!is_array($config)) {
            throw new \UnexpectedValueException("{$name}_config() did not return an array");
        }
        return $config;
    }

    /**
     * @param array<string, string> $settings field values; absent fields take their Default
     * @param list<int> $roleIds admin roles given access
     * @return array{status: string, description: string}
     */
    public static function activate(string $name, array $settings = [], array $roleIds = [1]): array
    {
        $config = self::config($name);
        $result = ['status' => 'success', 'description' => ''];
        if (function_exists($name . '_activate')) {
            $result = ($name . '_activate')() + $result;
        }
        if ($result['status'] === 'error') {
            return $result;
        }
        $rows = [
            ['setting' => 'version', 'value' => (string) ($config['version'] ?? '')],
            ['setting' => 'access', 'value' => implode(',', $roleIds)],
        ];
        foreach ($config['fields'] ?? [] as $field => $definition) {
            $value = $settings[$field] ?? ($definition['Default'] ?? '');
            if (strtolower((string) ($definition['Type'] ?? '')) === 'yesno') {
                $value = !empty($value) ? 'on' : '';
            }
            $rows[] = ['setting' => $field, 'value' => (string) $value];
        }
        Capsule::connection()->transaction(static function () use ($name, $rows): void {
            Capsule::table('tbladdonmodules')->where('module', $name)->delete();
            foreach ($rows as $row) {
                Capsule::table('tbladdonmodules')->insert(['module' => $name] + $row);
            }
        });
        return $result;
    }

    /** @return array{status: string, description: string} */
    public static function deactivate(string $name): array
    {
        Modules::loadAddon($name);
        $result = ['status' => 'success', 'description' => ''];
        if (function_exists($name . '_deactivate')) {
            $result = ($name . '_deactivate')() + $result;
        }
        if ($result['status'] !== 'error') {
            Capsule::table('tbladdonmodules')->where('module', $name)->delete();
        }
        return $result;
    }

    public static function isActive(string $name): bool
    {
        return Capsule::table('tbladdonmodules')->where('module', $name)->where('setting', 'version')->exists();
    }

    public static function adminMayUse(string $name): bool
    {
        $admin = AdminSession::current();
        $access = Capsule::table('tbladdonmodules')->where('module', $name)->where('setting', 'access')->value('value');
        return $admin !== null && in_array((string) $admin->roleid, explode(',', (string) $access), true);
    }

    /**
     * The $vars NAME_output() receives: every configured field, "version", "modulelink" and
     * "_lang" (language files are not modelled, so it is empty).
     *
     * @return array<string, mixed>
     */
    public static function vars(string $name): array
    {
        $vars = [];
        foreach (Capsule::table('tbladdonmodules')->where('module', $name)->get() as $row) {
            if ($row->setting !== 'access') {
                $vars[(string) $row->setting] = (string) $row->value;
            }
        }
        $vars['modulelink'] = 'addonmodules.php?module=' . $name;
        $vars['_lang'] = [];
        return $vars;
    }

    /** Runs NAME_output($vars) and returns what it echoed. */
    public static function output(string $name): string
    {
        if (!self::isActive($name)) {
            throw new \RuntimeException("Addon module $name is not activated");
        }
        Modules::loadAddon($name);
        ob_start();
        try {
            ($name . '_output')(self::vars($name));
        } finally {
            $output = (string) ob_get_clean();
        }
        return $output;
    }
}
