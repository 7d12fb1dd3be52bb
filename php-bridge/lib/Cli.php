<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * What the command-line scripts (import.php, migrate.php) share: their options and where
 * WHMCS's init.php is. WHMCS is found from the script's own place (WHMCS root /
 * modules/registrars/ispapi/), or from --whmcs-root=DIR, never from the current directory: an
 * init.php there could be anyone's.
 */
final class Cli
{
    /**
     * The value of --NAME=VALUE, or null when it is not given.
     *
     * @param list<string> $argv
     */
    public static function option(array $argv, string $name): ?string
    {
        $value = null;
        foreach (\array_slice($argv, 1) as $arg) {
            if (str_starts_with($arg, "--$name=")) {
                $value = substr($arg, \strlen($name) + 3);
            }
        }
        return $value;
    }

    /**
     * The init.php of the WHMCS root: --whmcs-root=DIR, else three folders above the script.
     *
     * @param list<string> $argv
     * @return string|null the file, or null after printing why there is none
     */
    public static function whmcsInit(array $argv, string $scriptDir): ?string
    {
        $given = self::option($argv, 'whmcs-root');
        $root = $given ?? \dirname($scriptDir, 3);
        $init = rtrim($root, '/') . '/init.php';
        if (is_file($init)) {
            return $init;
        }
        fwrite(STDERR, $given === null
            ? "ispapi: WHMCS's init.php is not at $root, three folders above this script; "
                . "run the script where WHMCS has it (modules/registrars/ispapi/) or name WHMCS's folder with --whmcs-root=DIR.\n"
            : "ispapi: --whmcs-root=$given holds no init.php; name the folder of WHMCS's init.php.\n");
        return null;
    }
}
