<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

/**
 * A fresh WHMCS-like directory: modules/{registrars,widgets,addons}, includes/hooks,
 * configuration.php, init.php and the SQLite database with WHMCS's tables. Modules are installed
 * by copying their folders in, as an admin uploads them.
 */
final class Root
{
    /** Settings a fresh root starts with; $options['settings'] adds to or overrides them. */
    private const SETTINGS = [
        'SystemURL' => 'http://127.0.0.1/',
        'Version' => '8.13.0-release.1',
        'ModuleDebugMode' => 'on',
        'DefaultNameserver1' => 'ns1.example.net',
        'DefaultNameserver2' => 'ns2.example.net',
        'DefaultNameserver3' => '',
        'DefaultNameserver4' => '',
        'DefaultNameserver5' => '',
        'RegistrarAdminUseClientDetails' => 'on',
        'PremiumDomains' => '',
    ];

    /** @param array{settings?: array<string, string>} $options */
    public static function create(string $dir, array $options = []): Runtime
    {
        $dir = rtrim($dir, '/');
        if (is_file("$dir/configuration.php")) {
            throw new \RuntimeException("$dir already holds a WHMCS root");
        }
        foreach (['modules/registrars', 'modules/widgets', 'modules/addons', 'includes/hooks'] as $sub) {
            if (!is_dir("$dir/$sub") && !mkdir("$dir/$sub", 0777, true)) {
                throw new \RuntimeException("Cannot create $dir/$sub");
            }
        }
        $config = "<?php\n\n// Harness root configuration (WHMCS keeps its database credentials and key here).\n"
            . '$cc_encryption_hash = ' . var_export(bin2hex(random_bytes(32)), true) . ";\n"
            . '$harness_db_file = ' . var_export('whmcs.sqlite', true) . ";\n";
        file_put_contents("$dir/configuration.php", $config);
        file_put_contents("$dir/init.php", self::initPhp());
        file_put_contents("$dir/includes/registrarfunctions.php", self::registrarFunctionsPhp());
        touch("$dir/whmcs.sqlite");

        if (!defined('WHMCS')) {
            define('WHMCS', true);
        }
        $runtime = Runtime::boot($dir);
        Schema::create(Capsule::schema());
        foreach (($options['settings'] ?? []) + self::SETTINGS as $setting => $value) {
            Setting::setValue($setting, $value);
        }
        $runtime->publishConfig();
        return $runtime;
    }

    /**
     * Copies a "modules" tree (e.g. a product's modules/ folder, or one module's folder given
     * with its type) into the current root.
     */
    public static function installModules(string $sourceModulesDir): void
    {
        self::copyTree($sourceModulesDir, Runtime::current()->root . '/modules');
    }

    public static function installModule(string $type, string $sourceDir): void
    {
        if (!in_array($type, ['registrars', 'widgets', 'addons', 'servers'], true)) {
            throw new \InvalidArgumentException("Unknown module type $type");
        }
        $target = Runtime::current()->root . "/modules/$type/" . basename($sourceDir);
        is_dir($sourceDir) ? self::copyTree($sourceDir, $target) : self::copyFile($sourceDir, $target);
    }

    private static function copyTree(string $from, string $to): void
    {
        if (!is_dir($from)) {
            throw new \RuntimeException("Not a directory: $from");
        }
        $items = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator($from, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::SELF_FIRST
        );
        if (!is_dir($to)) {
            mkdir($to, 0777, true);
        }
        foreach ($items as $item) {
            $target = $to . '/' . substr($item->getPathname(), strlen($from) + 1);
            if ($item->isDir()) {
                if (!is_dir($target)) {
                    mkdir($target, 0777, true);
                }
            } else {
                self::copyFile($item->getPathname(), $target);
            }
        }
    }

    private static function copyFile(string $from, string $to): void
    {
        if (!is_dir(dirname($to))) {
            mkdir(dirname($to), 0777, true);
        }
        if (!copy($from, $to)) {
            throw new \RuntimeException("Cannot copy $from to $to");
        }
    }

    /**
     * WHMCS keeps getRegistrarConfigOptions() in includes/registrarfunctions.php, which it loads
     * where it calls registrar modules, not on every page (not in the developer docs: WHMCS's
     * own modules and public ones require it when the function is missing). The harness does
     * the same, so a module that calls it elsewhere without loading it fails here too.
     */
    private static function registrarFunctionsPhp(): string
    {
        return <<<'PHP'
        <?php

        // The part of WHMCS's registrar functions the harness models.
        if (!function_exists('getRegistrarConfigOptions')) {
            /** @return array<string, string> the registrar's saved settings, decrypted */
            function getRegistrarConfigOptions($registrar)
            {
                return \Harness\Registrars::settings((string) $registrar);
            }
        }

        PHP;
    }

    private static function initPhp(): string
    {
        $autoload = var_export(dirname(__DIR__) . '/autoload.php', true);
        return <<<PHP
        <?php

        // The WHMCS entry point of a harness root: WHMCS code requires it to get the runtime
        // (database, settings, hooks) and the WHMCS constant that modules check.
        if (!defined('WHMCS')) {
            define('WHMCS', true);
        }
        require_once $autoload;
        if (!\Harness\Runtime::isBooted() || \Harness\Runtime::current()->root !== __DIR__) {
            \Harness\Runtime::boot(__DIR__)->loadHooks();
        }

        PHP;
    }
}
