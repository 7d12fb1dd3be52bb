<?php

/**
 * Moves domains from WHMCS's built-in HEXONET registrar module to this one: the same API
 * account, so only WHMCS's records change (registrar of each domain, automatic registration
 * per TLD, and the API login if ISPAPI has none yet):
 *
 *     php modules/registrars/ispapi/migrate.php            # dry run: says what would change
 *     php modules/registrars/ispapi/migrate.php --apply    # does it
 *
 * WHMCS is the one this script is installed in (three folders up), or --whmcs-root=DIR (e.g.
 * for a symlinked module); never an init.php in the current directory.
 */

declare(strict_types=1);

if (PHP_SAPI !== 'cli') {
    exit("Run this from the command line.\n");
}
require_once __DIR__ . '/lib/autoload.php';

$init = IspapiCore\Cli::whmcsInit($argv, __DIR__);
if ($init === null) {
    exit(1);
}
// At the top level: WHMCS's init.php sets globals that must not end up in a function's scope.
require_once $init;

try {
    foreach (IspapiCore\Migration::run(in_array('--apply', $argv, true)) as $line) {
        echo $line, "\n";
    }
} catch (\Throwable $e) {
    fwrite(STDERR, 'ispapi: migration failed, nothing was changed: ' . $e->getMessage() . "\n");
    exit(1);
}
