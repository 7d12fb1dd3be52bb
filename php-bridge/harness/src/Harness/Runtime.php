<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Database\Capsule;

/**
 * The booted harness for one WHMCS-like root directory: its configuration.php, its SQLite
 * database behind Capsule, and the hooks its modules registered. One root is current per PHP
 * process, as one WHMCS installation is per request.
 */
final class Runtime
{
    private static ?self $current = null;

    /** @param array<string, mixed> $config the variables configuration.php defines */
    private function __construct(public readonly string $root, public readonly array $config)
    {
    }

    public static function boot(string $root): self
    {
        $root = realpath($root) ?: rtrim($root, '/');
        $config = self::readConfiguration($root . '/configuration.php');
        $capsule = new Capsule();
        $capsule->addConnection([
            'driver' => 'sqlite',
            'database' => $root . '/' . $config['harness_db_file'],
            'prefix' => '',
            'foreign_key_constraints' => false,
        ]);
        $capsule->setAsGlobal();
        $capsule->bootEloquent();
        // A test database needs no crash safety; WAL lets the page server and a test read and
        // write the same file at once.
        Capsule::connection()->getPdo()->exec(
            'PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF'
        );

        // WHMCS's init.php defines ROOTDIR, its installation folder, on every page and in the
        // cron; modules build paths from it. One per process, as in WHMCS.
        if (!\defined('ROOTDIR')) {
            \define('ROOTDIR', $root);
        }
        self::$current = new self($root, $config);
        ModuleAutoloader::register();
        Hooks::reset();
        if (Capsule::schema()->hasTable('tblconfiguration')) {
            self::$current->publishConfig();
        }
        return self::$current;
    }

    /** Fills $GLOBALS['CONFIG'] with every tblconfiguration setting, as WHMCS does on each request. */
    public function publishConfig(): void
    {
        $GLOBALS['CONFIG'] = Capsule::table('tblconfiguration')->pluck('value', 'setting')
            ->map(static fn ($value): string => (string) $value)->all();
    }

    public static function current(): self
    {
        if (self::$current === null) {
            throw new \LogicException('No harness root is booted: call Harness\Root::create() or Runtime::boot()');
        }
        return self::$current;
    }

    public static function isBooted(): bool
    {
        return self::$current !== null;
    }

    /** Loads the hook files WHMCS loads on every page: includes/hooks and active modules' hooks.php. */
    public function loadHooks(): void
    {
        $files = glob($this->root . '/includes/hooks/*.php') ?: [];
        $files = array_filter($files, static fn (string $f): bool => basename($f)[0] !== '_');
        foreach (Modules::activeRegistrars() as $name) {
            $files[] = $this->root . "/modules/registrars/$name/hooks.php";
        }
        foreach (Modules::activeAddons() as $name) {
            $files[] = $this->root . "/modules/addons/$name/hooks.php";
        }
        foreach ($files as $file) {
            if (is_file($file)) {
                Modules::includeOnce($file);
            }
        }
    }

    /** The key that encrypt()/decrypt() use, derived from configuration.php's $cc_encryption_hash. */
    public function encryptionKey(): string
    {
        return hash('sha256', (string) $this->config['cc_encryption_hash'], true);
    }

    /** @return array<string, mixed> */
    private static function readConfiguration(string $file): array
    {
        if (!is_file($file)) {
            throw new \RuntimeException("Not a harness root: $file is missing");
        }
        $read = static function (string $file): array {
            include $file;
            unset($file);
            return get_defined_vars();
        };
        $config = $read($file);
        foreach (['cc_encryption_hash', 'harness_db_file'] as $required) {
            if (empty($config[$required])) {
                throw new \RuntimeException("$file does not set \$$required");
            }
        }
        return $config;
    }
}
