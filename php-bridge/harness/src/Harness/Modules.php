<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Database\Capsule;

/**
 * Finds and loads module files in the current root the way WHMCS does: registrars at
 * modules/registrars/NAME/NAME.php, addons at modules/addons/NAME/NAME.php, widgets as every
 * PHP file in modules/widgets, hooks from includes/hooks and each active module's hooks.php.
 *
 * PHP cannot unload functions or classes, so each file (by its path inside the root) is included
 * once per process: a second root booted in the same process runs the code loaded from the first
 * root's copy, and gets the hooks that file added (see Hooks::loadFile).
 */
final class Modules
{
    public static function includeOnce(string $file): void
    {
        $real = realpath($file);
        if ($real === false) {
            throw new \RuntimeException("Module file not found: $file");
        }
        $root = Runtime::current()->root . '/';
        $key = str_starts_with($real, $root) ? substr($real, strlen($root)) : $real;
        Hooks::loadFile($key, static function () use ($real): void {
            require_once $real;
        });
    }

    public static function loadRegistrar(string $name): void
    {
        // WHMCS calls registrar modules with its registrar functions loaded.
        require_once Runtime::current()->root . '/includes/registrarfunctions.php';
        self::loadNamed('registrars', $name, $name . '_getConfigArray');
    }

    public static function loadAddon(string $name): void
    {
        self::loadNamed('addons', $name, $name . '_config');
    }

    /** @return list<string> registrar modules that have saved settings (WHMCS: activated) */
    public static function activeRegistrars(): array
    {
        return Capsule::table('tblregistrars')->distinct()->orderBy('registrar')->pluck('registrar')->all();
    }

    /** @return list<string> addon modules that are activated */
    public static function activeAddons(): array
    {
        return Capsule::table('tbladdonmodules')->where('setting', 'version')->orderBy('module')
            ->pluck('module')->all();
    }

    /** @return list<string> folder names under modules/$type that contain $type's main file */
    public static function installed(string $type): array
    {
        $root = Runtime::current()->root;
        $names = [];
        foreach (glob("$root/modules/$type/*", GLOB_ONLYDIR) ?: [] as $dir) {
            $name = basename($dir);
            if (is_file("$dir/$name.php")) {
                $names[] = $name;
            }
        }
        sort($names);
        return $names;
    }

    public static function assertName(string $name): void
    {
        if (!preg_match('/^[a-z0-9_]+$/i', $name)) {
            throw new \InvalidArgumentException("Not a module name: $name");
        }
    }

    private static function loadNamed(string $type, string $name, string $probe): void
    {
        self::assertName($name);
        $file = Runtime::current()->root . "/modules/$type/$name/$name.php";
        if (!is_file($file)) {
            throw new \RuntimeException("Module $name is not installed: $file is missing");
        }
        if (!function_exists($probe)) {
            self::includeOnce($file);
        }
    }
}
