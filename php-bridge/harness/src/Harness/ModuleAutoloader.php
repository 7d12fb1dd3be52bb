<?php

declare(strict_types=1);

namespace Harness;

/**
 * WHMCS's module class autoloading (developers.whmcs.com "Module Class Autoloading"):
 * WHMCS\Module\{Type}\{ModuleName}\{Class} is loaded from modules/{type dir}/{module}/lib/{Class}.php,
 * where {ModuleName} is the module's folder name in StudlyCaps (sample_addon_module -> SampleAddonModule).
 */
final class ModuleAutoloader
{
    private const TYPE_DIRS = [
        'Addon' => 'addons',
        'Fraud' => 'fraud',
        'Gateway' => 'gateways',
        'Registrar' => 'registrars',
        'Report' => 'reports',
        'Server' => 'servers',
        'Widget' => 'widgets',
    ];

    private static bool $registered = false;

    public static function register(): void
    {
        if (!self::$registered) {
            spl_autoload_register([self::class, 'load']);
            self::$registered = true;
        }
    }

    public static function load(string $class): void
    {
        $parts = explode('\\', $class);
        if (count($parts) < 5 || $parts[0] !== 'WHMCS' || $parts[1] !== 'Module' || !Runtime::isBooted()) {
            return;
        }
        $typeDir = self::TYPE_DIRS[$parts[2]] ?? null;
        if ($typeDir === null) {
            return;
        }
        $base = Runtime::current()->root . '/modules/' . $typeDir;
        foreach (glob($base . '/*', GLOB_ONLYDIR) ?: [] as $dir) {
            if (strcasecmp(self::studly(basename($dir)), $parts[3]) === 0) {
                $file = $dir . '/lib/' . implode('/', array_slice($parts, 4)) . '.php';
                if (is_file($file)) {
                    require_once $file;
                }
                return;
            }
        }
    }

    public static function studly(string $name): string
    {
        return str_replace(' ', '', ucwords(str_replace(['_', '-'], ' ', $name)));
    }
}
