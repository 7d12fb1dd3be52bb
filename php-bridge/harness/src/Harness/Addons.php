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
     * "_lang", the module's $_ADDONLANG from lang/<the admin's language>.php, else from the
     * language its config names (addon-modules/multi-language.md), else empty.
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
        $vars['_lang'] = self::language($name);
        return $vars;
    }

    /** @return array<string, string> */
    private static function language(string $name): array
    {
        Modules::loadAddon($name);
        $admin = AdminSession::current();
        $dir = Runtime::current()->root . '/modules/addons/' . $name . '/lang/';
        $default = (string) ((($name . '_config')())['language'] ?? '');
        foreach ([$admin === null ? '' : (string) $admin->language, $default] as $language) {
            if (preg_match('/^[a-z]+$/', $language) === 1 && is_file($dir . $language . '.php')) {
                $_ADDONLANG = [];
                include $dir . $language . '.php';
                return $_ADDONLANG;
            }
        }
        return [];
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
