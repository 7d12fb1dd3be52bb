<?php

/**
 * Moves domains from WHMCS's built-in HEXONET registrar module to this one: the same API
 * account, so only WHMCS's records change (registrar of each domain, automatic registration
 * per TLD, and the API login if ISPAPI has none yet). Run from the WHMCS root:
 *
 *     php modules/registrars/ispapi/migrate.php            # dry run: says what would change
 *     php modules/registrars/ispapi/migrate.php --apply    # does it
 */

declare(strict_types=1);

if (PHP_SAPI !== 'cli') {
    exit("Run this from the command line.\n");
}
require_once getcwd() . '/init.php';
require_once __DIR__ . '/lib/autoload.php';

try {
    foreach (IspapiCore\Migration::run(in_array('--apply', $argv, true)) as $line) {
        echo $line, "\n";
    }
} catch (\Throwable $e) {
    fwrite(STDERR, 'ispapi: migration failed, nothing was changed: ' . $e->getMessage() . "\n");
    exit(1);
}
